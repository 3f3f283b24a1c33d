/*
 * cli.h — what the command's files share (internal to the `lumpsum` executable). cli.c holds
 * main() and the command table; cli_common.c the helpers below; each command its own file.
 */
#ifndef LS_CLI_H
#define LS_CLI_H

#include <stdio.h>

#include "lumpsum.h"

/* The options every command takes, and the MPI context the command runs in. */
typedef struct ls_cli_common {
    char **sets; /* --set KEY=VALUE, in order */
    size_t n_sets;
    int json;
    int read_threads;     /* check --threads: threads for a large contracts.csv; 0: the default */
    ls_csv_style csv;     /* --csv nl|plain: the spelling of the CSV files --out writes */
    int csv_given;        /* --csv was on the command line */
    const ls_dist *dist;  /* the processes sharing the run (main's); rank 0 prints */
    int all_warnings;     /* check: every warning of the model read; the others show ten a
                           * file (cli_common.c) */
} ls_cli_common;

/* A library option's field (the `file` of an error about it, line 0) and the flag a user
 * typed for it, so that a message names the flag. A table ends with {NULL, NULL}. */
typedef struct ls_cli_flag {
    const char *field, *flag;
} ls_cli_flag;

/* cli_lang.c: takes --lang out of argv (anywhere in it) and sets the language a person
 * reads: nl or en, else the locale's; 0, or -1 after a message on a bad value. */
int ls_cli_language(int *argc, char **argv);

/* cli_common.c */
void ls_cli_print_errors(const ls_errors *errs, FILE *out);
/* Why a run failed: a usage error (exit 2), no solution (3) or a solver failure (4); an
 * error about an option in flags names its flag. */
void ls_cli_print_failure(const char *command, const ls_cli_flag *flags, int rc,
                          const ls_errors *errs);
/* Prints a malloc'd JSON text (NULL: out of memory) and a newline, and frees it. */
int ls_cli_print_text(char *json);
/* Euros to the cent, and a number with decimals, as the language writes them (format.h). */
const char *ls_cli_euro(double v, char *buf, size_t size);
/* A setting of a scenario (a result's, a study's) as a number; fallback where it is not. */
double ls_cli_setting(const ls_setting *settings, size_t n, const char *key, double fallback);
const char *ls_cli_num(double v, int decimals, char *buf, size_t size);
/* A percentage (v in percent) to two decimals; one that they would show as 0.00 but is not
 * (a cut of € 0.29 on € 7 million) to its first two digits, so that a cut never reads as
 * none. */
const char *ls_cli_pct(double v, char *buf, size_t size);
/* A column as wide as its header (a translation may be longer) and min at least. */
int ls_cli_width(const char *header, int min);
/* A row's status in a table (a sweep's step, a batch's model): funded or underfunded, and
 * ", unmet" where clients have no place, as plan's verdict never hides them. */
const char *ls_cli_status_text(ls_status status, double unmet_clients);
/* A signed percentage for a table's cell: 0.0591 → "+5.91%" ("+5,91 %" in Dutch). */
const char *ls_cli_percent_cell(double fraction, char *buf, size_t size);
/* The read options of the common options: --set and check's --threads. */
void ls_cli_read_options(const ls_cli_common *common, ls_read_options *opts);
int ls_cli_read_model(const char *dir, ls_cli_common *common, ls_model **model, ls_errors *errs);
/* --csv nl|plain into common: 0; else -1 after "lumpsum COMMAND: --csv must be nl or plain". */
int ls_cli_csv_option(const char *command, const char *arg, ls_cli_common *common);
/* A warning (rank 0) where --csv was given without the --out whose files it spells (out NULL):
 * it changes nothing then, which a user who asked for Dutch files should hear. */
void ls_cli_csv_unused(const char *command, const ls_cli_common *common, const char *out);
/* After getopt_long returned '?' for arg (argv[optind - 1]): "lumpsum COMMAND: did you mean
 * --out?" on stderr where an option of longopts is one edit from arg's name or begins it
 * (--output); nothing for a known option (its argument was missing) or a short one. */
struct option;
void ls_cli_option_hint(const char *command, const char *arg, const struct option *longopts);
/* --xlsx FILE: FILE into *out; 0, or -1 after the message when FILE does not end in .xlsx
 * (said before a long run, not after it). */
int ls_cli_xlsx_option(const char *command, const char *arg, const char **out);
/* An output a command writes: the file path, or (names, n) a set of files in the folder
 * path; a NULL path is none. */
typedef struct ls_cli_output {
    const char *path;
    const char *const *names;
    int n;
} ls_cli_output;
/* Checks the outputs before the model is read (and a long run made): each must be a path an
 * output may take (atomic.h), and none may replace a file of the model read from model (its
 * folder's tables or its workbook). LS_OK, or the exit code (LS_EUSAGE) after the message. */
int ls_cli_check_outputs(const char *model, const ls_cli_output *outs, size_t n_outs);
/* Options every command takes (--set, --json); returns 1 if handled, 0 if not one of them,
 * -1 on an error. */
int ls_cli_common_option(int opt, const char *arg, ls_cli_common *common);
void ls_cli_common_free(ls_cli_common *common);
/* An option's number in [lo, hi] (whole when asked): 0; else -1 after a message that names
 * the option and its range, and the command's usage, on standard error. */
int ls_cli_number(const char *command, const char *usage, const char *name, const char *text,
                  double lo, double hi, int whole, double *out);
/* A whole number in [lo, hi] as strtol reads it: 0; else -1 after "lumpsum COMMAND: --NAME
 * takes a whole number from LO to HI". */
int ls_cli_whole(const char *command, const char *name, const char *text, long lo, long hi,
                 long *out);
/* A progress bar on standard error (a what-if's progress callback; a hundred updates at
 * most). */
void ls_cli_progress(void *ctx, size_t done, size_t total);
/* Whether to draw progress: standard error is a terminal, no --json, and this is rank 0. */
int ls_cli_show_progress(const ls_cli_common *common);

/* cli_bindings.c: plan's "what binds and what it costs"; clients as a controller counts them
 * (whole where they are, else two decimals) */
void ls_cli_print_bindings(const ls_result *r);
const char *ls_cli_clients(double v, char *buf, size_t size);
/* The count P_ takes for clients as ls_cli_clients showed them: 1 for "1", else many. */
unsigned long ls_cli_count(const char *shown);

/* cli_report.c: plan's report, and plan --years's table before it */
void ls_cli_report_plan(const char *dir, const ls_result *r);
void ls_cli_report_years(ls_result *const *res, size_t n);

/* the commands, each in cli_<name>.c; argv[0] is the command's name */
int ls_cli_check(int argc, char **argv, const ls_dist *dist);
int ls_cli_plan(int argc, char **argv, const ls_dist *dist);
int ls_cli_export(int argc, char **argv, const ls_dist *dist);
int ls_cli_generate(int argc, char **argv, const ls_dist *dist);
int ls_cli_sweep(int argc, char **argv, const ls_dist *dist);
int ls_cli_risk(int argc, char **argv, const ls_dist *dist);
int ls_cli_init(int argc, char **argv, const ls_dist *dist);
/* plan --batch DIR (cli_batch.c), after plan has parsed its options */
int ls_cli_batch(const char *dir, const char *out, int threads, ls_cli_common *common);

#endif
