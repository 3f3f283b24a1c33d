/*
 * fixture.h — small models written to a temporary directory for the tests.
 *
 * The base model (fixture.c) is small enough to compute by hand; a test replaces any file
 * with its own text (or removes it with "") and reads the directory back.
 */
#ifndef LS_TEST_FIXTURE_H
#define LS_TEST_FIXTURE_H

#include <math.h>
#include <stddef.h>

#include "lumpsum.h"

typedef struct fx_file {
    const char *name;    /* "segments.csv", ... */
    const char *content; /* NULL: the base file; "": no such file */
} fx_file;

extern const char *const fx_base_segments, *const fx_base_wages, *const fx_base_providers,
    *const fx_base_contracts, *const fx_base_budget;
/* The base providers with A's capacity row of 720 hours. */
extern const char *const fx_providers_a720;

/* Writes the base model with the given files replaced into a fresh temporary directory;
 * returns its path (static buffer per call slot: pass slot 0 or 1). */
char *fx_model(const fx_file *replace, size_t n_replace);
void fx_remove(const char *dir);

/* fx_model's folder (its path in *dir) read into a model, which must read without an error. */
ls_model *fx_read(const fx_file *replace, size_t n_replace, char **dir);

/* A generated model (ls_generate with the preset's options and seed, or with opts) written
 * to a fresh temporary folder (its path into dir) and read back. */
ls_model *fx_generated(const char *preset, unsigned long seed, char *dir, size_t size);
ls_model *fx_generated_with(ls_generate_options *opts, char *dir, size_t size);

/* A model folder read with `threads` (1: the one-thread reader; more: contracts.csv on the
 * parallel route, taken here at any size): its status, its errors and warnings as text
 * ("E LINE:COLUMN: message" lines, then "W …" lines), the model, and the rows the parallel
 * route prepared. */
typedef struct fx_threads_read {
    int rc;
    char *messages;
    ls_model *m;
    size_t prepared;
} fx_threads_read;

fx_threads_read fx_read_on(const char *dir, int threads);
/* The same with the --set overrides set[0 … n_set) (ls_read_options.overrides). */
fx_threads_read fx_read_on_set(const char *dir, int threads, const char *const *set, size_t n_set);
void fx_threads_read_free(fx_threads_read *res);
/* Reads dir on 1 thread and on 2, 3 and 8: the same status, messages and, when it reads,
 * the same contracts in the same order (byte for byte, floors included), the same contract
 * counts per provider and the same indicators; when it reads, the parallel route prepared
 * every contract (none went the one-thread way). Returns the one-thread messages
 * (malloc'd). */
char *fx_same_on_threads(const char *dir);
/* The same with the --set overrides set[0 … n_set). */
char *fx_same_on_threads_set(const char *dir, const char *const *set, size_t n_set);

/* Writes one file under dir. */
void fx_write(const char *dir, const char *name, const char *content);

/* Runs `lumpsum ARGS` (the binary built beside the tests), capturing stdout and stderr;
 * returns the exit code. out and err are malloc'd strings, freed by the caller. */
int fx_run(const char *args, char **out, char **err);
/* Runs `lumpsum ARGS` and fails the test unless it exits with code, its stdout holds in_out
 * and its stderr in_err (NULL: anything). */
void fx_expect(const char *args, int code, const char *in_out, const char *in_err);

/* The whole of a file as a string (malloc'd; "" when it cannot be opened). */
char *fx_slurp(const char *path);

/* How many entries dir holds, besides . and .. */
size_t fx_entries(const char *dir);

/* a equals b within tol, in doubles (cmocka's assert_float_equal casts to float: it checks
 * some seven digits whatever tolerance it is given, too few for money to the cent). */
#define assert_near(a, b, tol)                                                              \
    do {                                                                                    \
        double near_a_ = (a), near_b_ = (b), near_t_ = (tol);                               \
        if (!(fabs(near_a_ - near_b_) <= near_t_))                                          \
            fail_msg("%s = %.17g, expected %.17g within %g", #a, near_a_, near_b_, near_t_); \
    } while (0)

/* Writes one fuzz seed DIR/PREFIX-NAME for a bad-input case on one model file: the file's
 * index in the fuzz harness's single-file modes (segments, wages, providers, contracts,
 * indicators, budget) as the first byte, then the content. 0, or -1 when it cannot be
 * written; a file the harness has no mode for is skipped. */
int fx_write_seed(const char *dir, const char *prefix, const char *name, const char *file,
                  const char *content);

/* Writes the model folder dir as the workbook path (book_fixture.c): each CSV file a sheet
 * named as its table (in Dutch when dutch is set), numbers as numeric cells. 0, or -1. */
int fx_book(const char *dir, const char *path, int dutch);

/* The base model with one file replaced (file: content; an empty file name replaces none)
 * written as a workbook (sheet names in Dutch when dutch is set) and read: it must be
 * refused (LS_EINPUT) with its first error at the workbook's path followed by at (":sheet!
 * cell", or "" for the workbook itself) and words in its message, and, where alone is set,
 * no second error; else the test named name fails. */
void fx_book_refused(const char *name, const char *file, const char *content, int dutch,
                     const char *at, const char *words, int alone);

/* Writes a workbook from its sheets' XML (book_fixture.c): each of sheets a sheet named
 * name whose content is the inside of <sheetData> (or a whole part starting "<worksheet" or
 * "<?xml"; "" leaves the sheet out); the base model's tables that sheets do not name come
 * from the base CSV texts. strings: the shared strings part, or NULL. 0, or -1. */
int fx_book_xml(const char *path, const fx_file *sheets, size_t n, const char *strings);
/* The same with styles as the styles part (NULL: fx_book_xml's, whose cell formats 1 to 4
 * are a built-in date, a custom date, a number with a unit and euros). */
int fx_book_xml_styled(const char *path, const fx_file *sheets, size_t n, const char *strings,
                       const char *styles);

/* The source tree's data/ directory. */
const char *fx_data_dir(void);
/* The bundled model data/NAME, read, with key set to value (key NULL: as it is), computed. */
ls_model *fx_bundled(const char *name, const char *key, const char *value);

#endif
