/*
 * csvfile.h — one CSV file as a stream of rows that know their line (libcsv underneath).
 *
 * Why a wrapper: libcsv parses RFC 4180 but reports no positions and knows no comment lines.
 * We feed it one physical line at a time, so every row knows the line it starts on, and we
 * skip blank and '#' lines ourselves while no quoted field is open (libcsv runs in strict
 * mode, so outside malformed input the quotes in a line tell whether one is open). A line
 * with no quote in it has nothing for libcsv to undo: it is cut at its delimiters in place.
 */
#ifndef LS_CSVFILE_H
#define LS_CSVFILE_H

#include <stddef.h>

#include "lumpsum.h"

/* The longest line a model file may have (bytes). */
#define LS_MAX_LINE ((size_t)1 << 20)

typedef struct ls_csv_row {
    char **fields;     /* NUL-terminated, trimmed of surrounding spaces unless quoted */
    size_t n_fields;
    unsigned line;     /* 1-based physical line the row starts on */
    char delimiter;    /* ',' or ';' as detected from the header line; '\0': a workbook's row */
    int header;        /* 1 for the first row of the file */
    size_t lines;      /* physical lines in the file: no more rows than this follow */
    /* errors the reader itself reported in this row (a workbook's cell holding #DIV/0!);
     * a data row with any is given only so that its table knows its ids were there, and
     * none of its cells is to be read */
    unsigned rejected;
} ls_csv_row;

/* Called once per non-blank row; return 0 to go on, non-zero to stop reading. */
typedef int (*ls_csv_row_fn)(void *ctx, const ls_csv_row *row);

/* How a file is read, initialised by ls_csv_options_init; each field's default follows it.
 * Neither changes the rows, lines or errors: the tests compare the ways. */
typedef struct ls_csv_options {
    int fast_split; /* 1: a line without a quote is cut at its delimiters directly (the same
                     * fields libcsv gives, faster); 0: every line goes through libcsv (and
                     * no file takes the parallel route) */
    size_t parallel_min_bytes; /* 1 MiB: a smaller file is read on one thread; 0: any */
} ls_csv_options;

void ls_csv_options_init(ls_csv_options *opts);

/* Reads path (reported in messages as display) with opts (NULL: the defaults). Returns LS_OK,
 * LS_EINPUT with the reason in errs (cannot open, malformed quoting, a NUL byte), or
 * LS_EINTERNAL when out of memory. *found is set to 0 (and LS_OK returned, nothing added to
 * errs) if the file does not exist and found is non-NULL, so that optional files can be
 * absent. */
int ls_csv_read(const char *path, const char *display, ls_csv_row_fn fn, void *ctx, int *found,
                ls_errors *errs, const ls_csv_options *opts);

/* A large file's rows prepared on several threads (contracts.csv of a country: 817,000
 * rows). After the header has gone to fn, begin(ctx, lines) is called once; then prepare
 * runs for every data row on one of `threads` workers (0 … threads-1), rows in no particular
 * order and at the same time (each worker's, a run of lines, in file order): it may read what
 * the whole reading shares and write only what belongs to the row's line (row->line) or to
 * its worker. It returns 0 when the row is prepared, 1 when the row must go to fn after all
 * (anything that would report an error: fn reports it, in order). Then, in file order and
 * on the calling thread, commit(ctx, line) takes each prepared row and fn each other one;
 * either returns non-zero to stop. When every line after the header was prepared (none
 * blank, none a comment, none left to fn) and commit_all is set, commit_all(ctx, rows) may
 * take the rows at once instead (0) or leave them to commit (1). Rows, errors and their
 * order are those of ls_csv_read. A regular file of at least
 * opts->parallel_min_bytes is read and scanned in `threads` parts at once; only a plain one
 * takes this route (no quote, no NUL byte, no '\r' but before a '\n'); any other is read as
 * ls_csv_read reads it. When prepared is set, the rows prepare took are counted into it (0
 * when the file did not take the route; the tests check that it did). */
typedef struct ls_csv_parallel {
    int (*begin)(void *ctx, size_t lines);
    int (*prepare)(void *ctx, int worker, const ls_csv_row *row);
    int (*commit)(void *ctx, unsigned line);
    int threads;
    size_t *prepared;         /* NULL */
    struct ls_loaded *loaded; /* NULL; else the file loaded ahead in `threads` parts (load.h) */
    int (*commit_all)(void *ctx, size_t rows); /* NULL */
} ls_csv_parallel;

int ls_csv_read_parallel(const char *path, const char *display, ls_csv_row_fn fn, void *ctx,
                         int *found, ls_errors *errs, const ls_csv_parallel *par,
                         const ls_csv_options *opts);

/* The parallel route's threads at most. */
#define LS_CSV_MAX_THREADS 64 /* ls_run_jobs runs as many (LS_MAX_JOBS) */

#endif
