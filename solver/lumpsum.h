/*
 * lumpsum.h — the one public header of liblumpsum.
 *
 * lumpsum plans a municipality's care budget (Wmo, youth care) and divides a lumpsum over
 * care providers with linear programming. The contract is docs/ and SPEC: a model directory
 * of CSV files is read into an opaque ls_model, solved into an ls_result, and written.
 *
 * Conventions (see docs/design.md): every function returns an int status (LS_OK or an LS_E…
 * code equal to the command line's exit code) and hands results back through out-pointers.
 * The library never prints and never exits. Every _free accepts NULL. Money is euros in
 * doubles; it is rounded to cents only by the writers.
 */
#ifndef LUMPSUM_H
#define LUMPSUM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LS_VERSION "0.1.0"

/* Status codes; each equals the exit code the command line returns for it (SPEC §5). */
enum {
    LS_OK = 0,
    LS_EINPUT = 1,      /* bad input: the ls_errors list says where */
    LS_EUSAGE = 2,      /* bad usage: an unknown --set key, a bad option value */
    LS_ENOSOLUTION = 3, /* the model has no solution; the reason is in ls_errors */
    LS_EINTERNAL = 4    /* solver failure, out of memory, an I/O error on output */
};

/* ---- diagnostics ------------------------------------------------------------------------ */

/* One message about the input. file is the path as the user gave it; line and column are
 * 1-based (column = the field's position in its row, as a spreadsheet counts columns); both
 * are 0 where a message concerns no place in a file (a --set override, a solver reason). */
typedef struct ls_error {
    char *file;
    unsigned line;
    unsigned column;
    char *message;
} ls_error;

/* The reader collects up to LS_MAX_ERRORS errors (then stops reading) and any number of
 * warnings. Initialise with {0}; release with ls_errors_clear. */
#define LS_MAX_ERRORS 20
typedef struct ls_errors {
    ls_error *errors;
    size_t n_errors;
    ls_error *warnings;
    size_t n_warnings;
    int out_of_memory; /* a message could not be stored */
} ls_errors;

void ls_errors_clear(ls_errors *errs);

/* ---- reading a model -------------------------------------------------------------------- */

typedef struct ls_model ls_model;

/* Options for ls_model_read, initialised by ls_read_options_init so that new fields never
 * break callers. overrides are "key=value" strings applied over budget.csv (--set). */
typedef struct ls_read_options {
    const char *const *overrides;
    size_t n_overrides;
} ls_read_options;

void ls_read_options_init(ls_read_options *opts);

/* Reads and validates the model directory dir (SPEC §1) and computes every contract's floor
 * tariff (SPEC §2). On LS_OK *out owns the model (free with ls_model_free); warnings may be
 * in errs. On LS_EINPUT errs lists up to LS_MAX_ERRORS errors; on LS_EUSAGE an override was
 * bad (its message is in errs with file "--set"). */
int ls_model_read(const char *dir, const ls_read_options *opts, ls_model **out, ls_errors *errs);
void ls_model_free(ls_model *model);

/* Sets one budget.csv key on a model already read (the same rules as --set) and recomputes
 * what depends on it. On LS_EUSAGE msg (of size msg_size) says why. */
int ls_model_set(ls_model *model, const char *key, const char *value, char *msg, size_t msg_size);

/* ---- the check summary ------------------------------------------------------------------ */

/* Floor tariffs of one product × intensity × complexity class over its usable contracts,
 * euros per client per month. */
typedef struct ls_tariff_class {
    const char *product;
    const char *intensity;
    const char *complexity;
    size_t contracts;
    double min, median, max;
} ls_tariff_class;

typedef struct ls_domain_count {
    const char *domain;
    size_t segments;
    double clients;
} ls_domain_count;

/* What `lumpsum check` reports. Owned by the caller; free with ls_check_free. The strings
 * point into the model, so the model must outlive the summary. */
typedef struct ls_check {
    const char *year; /* may be NULL */
    double budget;
    size_t segments, providers, local_providers, contracts, usable_contracts, caos;
    double clients;
    ls_domain_count *domains;
    size_t n_domains;
    ls_tariff_class *classes;
    size_t n_classes;
} ls_check;

int ls_check_summarize(const ls_model *model, ls_check **out);
void ls_check_free(ls_check *check);

/* The summary and the warnings as one JSON document (jansson); *out is malloc'd. */
int ls_check_to_json(const ls_check *check, const ls_errors *errs, char **out);

#ifdef __cplusplus
}
#endif
#endif /* LUMPSUM_H */
