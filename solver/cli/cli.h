/*
 * cli.h — helpers the command's files share (internal to the `lumpsum` executable).
 */
#ifndef LS_CLI_H
#define LS_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "lumpsum.h"

typedef struct ls_cli_common {
    char **sets; /* --set KEY=VALUE, in order */
    size_t n_sets;
    int json;
    int read_threads; /* check --threads: threads for a large contracts.csv; 0: the default */
} ls_cli_common;

void ls_cli_print_errors(const ls_errors *errs, FILE *out);
void ls_cli_print_failure(const char *command, int rc, const ls_errors *errs);
int ls_cli_print_json(json_t *doc);
const char *ls_cli_euro(double v, char *buf, size_t size);
int ls_cli_read_model(const char *dir, ls_cli_common *common, ls_model **model, ls_errors *errs);
int ls_cli_common_option(int opt, const char *arg, ls_cli_common *common);

/* An option's number in [lo, hi] (whole when asked): 0; else -1 after a message that names
 * the option and its range, and the command's usage, on standard error. */
int ls_cli_number(const char *command, const char *usage, const char *name, const char *text,
                  double lo, double hi, int whole, double *out);
/* A progress bar on standard error (a what-if's progress callback; a hundred updates at
 * most). */
void ls_cli_progress(void *ctx, size_t done, size_t total);

int ls_cli_plan(int argc, char **argv);
int ls_cli_export(int argc, char **argv);
int ls_cli_generate(int argc, char **argv);
int ls_cli_sweep(int argc, char **argv);
int ls_cli_risk(int argc, char **argv);

#endif
