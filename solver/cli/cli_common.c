/*
 * cli_common.c — what every command shares: --set and --json, reading the model with them,
 * number options, the progress bar, and printing errors, failures and JSON.
 */
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

/* The flag a user typed for the option an error is about: the error's file where flags maps
 * it (line 0), else file itself. */
static const char *flag_of(const ls_error *e, const ls_cli_flag *flags)
{
    for (size_t i = 0; e->file && e->line == 0 && flags && flags[i].field; i++)
        if (strcmp(e->file, flags[i].field) == 0)
            return flags[i].flag;
    return e->file;
}

/* Warnings at a line of one file beyond the first LS_CLI_SHOWN: counted, not printed (a wage
 * what-if can make thousands of contracts unusable, each a warning); check prints them all. */
#define LS_CLI_SHOWN 10
#define LS_CLI_FILES 16 /* the files counted apart; the warnings of any more are all printed */

/* How many of file's warnings are shown so far, and how many left out. */
typedef struct file_count {
    const char *file;
    size_t shown, left_out;
} file_count;

/* Whether warning e is printed under a cap of cap warnings at a line a file; counts it. */
static int shown(const ls_error *e, size_t cap, file_count *files, size_t *n_files)
{
    if (e->line == 0 || !e->file || cap == SIZE_MAX)
        return 1;
    size_t f = 0;
    while (f < *n_files && strcmp(files[f].file, e->file) != 0)
        f++;
    if (f == *n_files) {
        if (f == LS_CLI_FILES)
            return 1;
        files[(*n_files)++] = (file_count){e->file, 0, 0};
    }
    if (files[f].shown < cap)
        return ++files[f].shown, 1;
    files[f].left_out++;
    return 0;
}

static void print_errors_as(const ls_errors *errs, const ls_cli_flag *flags, size_t cap, FILE *out)
{
    char where[1024]; /* FILE:LINE:COLUMN, or BOOK.xlsx:SHEET!D7 in a workbook */
    file_count files[LS_CLI_FILES];
    size_t n_files = 0;
    for (size_t i = 0; i < errs->n_warnings; i++) {
        const ls_error *e = &errs->warnings[i];
        if (!shown(e, cap, files, &n_files))
            continue;
        if (!e->file) /* the library's own, of no file or option */
            fprintf(out, _("lumpsum: warning: %s\n"), e->message);
        else if (e->line == 0) /* an option's or a whole file's: no place in it */
            fprintf(out, _("%s: warning: %s\n"), flag_of(e, flags), e->message);
        else {
            ls_error_where(e, where, sizeof where);
            fprintf(out, _("%s: warning: %s\n"), where, e->message);
        }
    }
    for (size_t f = 0; f < n_files; f++) {
        if (!files[f].left_out)
            continue;
        char n[64];
        ls_cli_num((double)files[f].left_out, 0, n, sizeof n);
        fprintf(out,
                P_("%s: warning: %s more warning in this file is not shown here (lumpsum "
                   "check, given the same --set, lists them all)\n",
                   "%s: warning: %s more warnings in this file are not shown here (lumpsum "
                   "check, given the same --set, lists them all)\n",
                   files[f].left_out),
                files[f].file, n);
    }
    for (size_t i = 0; i < errs->n_errors; i++) {
        const ls_error *e = &errs->errors[i];
        ls_error_where(e, where, sizeof where);
        if (e->line == 0)
            fprintf(out, "lumpsum: %s: %s\n", e->file ? flag_of(e, flags) : _("error"), e->message);
        else
            fprintf(out, "%s: %s\n", where, e->message);
    }
    if (errs->n_errors >= LS_MAX_ERRORS)
        fprintf(out, _("lumpsum: stopped after %d errors\n"), LS_MAX_ERRORS);
    if (errs->out_of_memory)
        fputs(_("lumpsum: out of memory\n"), out);
}

void ls_cli_print_errors(const ls_errors *errs, FILE *out)
{
    print_errors_as(errs, NULL, LS_CLI_SHOWN, out);
}

int ls_cli_print_text(char *json)
{
    if (!json)
        return LS_EINTERNAL;
    puts(json);
    free(json);
    return LS_OK;
}

void ls_cli_print_failure(const char *command, const ls_cli_flag *flags, int rc,
                          const ls_errors *errs)
{
    if (rc == LS_EUSAGE) {
        for (size_t i = 0; i < errs->n_errors; i++) {
            const ls_error *e = &errs->errors[i];
            const char *flag = flag_of(e, flags);
            if (flag && flag != e->file)
                fprintf(stderr, "lumpsum %s: %s: %s\n", command, flag, e->message);
            else
                fprintf(stderr, "lumpsum %s: %s\n", command, e->message);
        }
        return;
    }
    const char *what = rc == LS_ENOSOLUTION ? _("no solution") : _("error");
    for (size_t i = 0; i < errs->n_errors; i++)
        fprintf(stderr, "lumpsum %s: %s: %s\n", command, what, errs->errors[i].message);
    if (!errs->n_errors)
        fprintf(stderr, _("lumpsum %s: %s (out of memory?)\n"), command, what);
}

double ls_cli_setting(const ls_setting *settings, size_t n, const char *key, double fallback)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(settings[i].key, key) == 0 && settings[i].value)
            return strtod(settings[i].value, NULL);
    return fallback;
}

/* Euros with thousands separators and cents, in the language's spelling: 7800000 →
 * "7,800,000.00" (English) or "7.800.000,00" (Dutch). */
const char *ls_cli_euro(double v, char *buf, size_t size)
{
    return ls_format_money(buf, size, v, ls_text_style());
}

const char *ls_cli_num(double v, int decimals, char *buf, size_t size)
{
    return ls_format_number(buf, size, v, decimals, ls_text_style());
}

const char *ls_cli_pct(double v, char *buf, size_t size)
{
    if (v != 0 && fabs(v) < 0.005)
        return ls_format_sig(buf, size, v, 2, ls_text_style());
    return ls_cli_num(v, 2, buf, size);
}

int ls_cli_width(const char *header, int min)
{
    int w = (int)ls_text_width(header);
    return w > min ? w : min;
}

const char *ls_cli_status_text(ls_status status, double unmet_clients)
{
    if (status == LS_NO_SOLUTION)
        return _("no solution");
    if (unmet_clients > 0)
        return status == LS_FUNDED ? _("funded, unmet") : _("underfunded, unmet");
    return status == LS_FUNDED ? _("funded") : _("underfunded");
}

const char *ls_cli_percent_cell(double fraction, char *buf, size_t size)
{
    char n[64];
    ls_cli_num(100 * fraction, 2, n, sizeof n);
    /* TRANSLATORS: a percentage in a table's cell, "+5.91%"; %s is the signed number */
    snprintf(buf, size, _("%s%%"), n);
    /* a cut that two decimals show as 0.00 keeps its sign (-0.00%); a margin of a
     * rounding's size below 0 (−1e-16) reads as none */
    char sign = fraction < -1e-9 ? '-' : '+';
    if (n[0] != '-' && strlen(buf) + 1 < size) {
        memmove(buf + 1, buf, strlen(buf) + 1);
        buf[0] = sign;
    }
    return buf;
}

void ls_cli_read_options(const ls_cli_common *common, ls_read_options *opts)
{
    ls_read_options_init(opts);
    opts->overrides = (const char *const *)common->sets;
    opts->n_overrides = common->n_sets;
    opts->threads = common->read_threads;
}

int ls_cli_read_model(const char *dir, ls_cli_common *common, ls_model **model, ls_errors *errs)
{
    /* the reader names a bad override by its option, `overrides`: the user typed --set */
    static const ls_cli_flag set_flag[] = {{"overrides", "--set"}, {NULL, NULL}};
    ls_read_options opts;
    ls_cli_read_options(common, &opts);
    int rc = ls_model_read(dir, &opts, model, errs);
    print_errors_as(errs, set_flag, common->all_warnings ? SIZE_MAX : LS_CLI_SHOWN, stderr);
    if (rc == LS_EINTERNAL)
        fprintf(stderr, _("lumpsum: out of memory while reading %s\n"), dir);
    return rc;
}

int ls_cli_common_option(int opt, const char *arg, ls_cli_common *common)
{
    switch (opt) {
    case 's': {
        if (!strchr(arg, '=')) {
            /* said before the MODEL count: "--set budget 2000000" reads the number as a MODEL */
            fprintf(stderr,
                    _("lumpsum: --set '%s' is not KEY=VALUE: write it as one word, with no "
                      "space around '=' (--set %s=…)\n"),
                    arg, arg);
            return -1;
        }
        char **sets = realloc(common->sets, (common->n_sets + 1) * sizeof(char *));
        if (!sets)
            return -1;
        common->sets = sets;
        common->sets[common->n_sets++] = (char *)arg;
        return 1;
    }
    case 'j':
        common->json = 1;
        return 1;
    default:
        return 0;
    }
}

void ls_cli_option_hint(const char *command, const char *arg, const struct option *longopts)
{
    if (!arg || strncmp(arg, "--", 2) != 0)
        return;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)strcspn(arg + 2, "="), arg + 2);
    size_t n = 0;
    while (longopts[n].name)
        n++;
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, longopts[i].name) == 0)
            return; /* a known option whose argument was missing: getopt said so */
    const char *near =
        ls_near_field(word, longopts, n, sizeof *longopts, offsetof(struct option, name));
    /* or a longer word that begins with it: --output for --out, --thread for --threads is
     * one edit already */
    for (size_t i = 0; !near && i < n; i++) {
        size_t len = strlen(longopts[i].name);
        if (len >= 3 && strncmp(word, longopts[i].name, len) == 0)
            near = longopts[i].name;
    }
    if (near)
        fprintf(stderr, _("lumpsum %s: did you mean --%s?\n"), command, near);
}

int ls_cli_csv_option(const char *command, const char *arg, ls_cli_common *common)
{
    if (strcmp(arg, "nl") == 0 || strcmp(arg, "plain") == 0) {
        common->csv = arg[0] == 'n' ? LS_CSV_NL : LS_CSV_PLAIN;
        common->csv_given = 1;
        return 0;
    }
    fprintf(stderr, _("lumpsum %s: --csv must be nl or plain, not '%s'\n"), command, arg);
    return -1;
}

void ls_cli_csv_unused(const char *command, const ls_cli_common *common, const char *out)
{
    if (common->csv_given && !out && ls_dist_rank(common->dist) == 0)
        fprintf(stderr,
                _("lumpsum %s: warning: --csv spells the files --out writes; without --out it "
                  "changes nothing\n"),
                command);
}

void ls_cli_common_free(ls_cli_common *common)
{
    free(common->sets);
    common->sets = NULL;
    common->n_sets = 0;
}

int ls_cli_number(const char *command, const char *usage, const char *name, const char *text,
                  double lo, double hi, int whole, double *out)
{
    char msg[256], flag[64];
    snprintf(flag, sizeof flag, "--%s", name);
    if (ls_parse_option(flag, text, lo, hi, whole, out, msg, sizeof msg) == 0)
        return 0;
    fprintf(stderr, "lumpsum %s: %s\n%s", command, msg, usage);
    return -1;
}

int ls_cli_whole(const char *command, const char *name, const char *text, long lo, long hi,
                 long *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || *end || v < lo || v > hi) {
        char a[64], b[64];
        fprintf(stderr, _("lumpsum %s: --%s takes a whole number from %s to %s\n"), command, name,
                ls_cli_num((double)lo, 0, a, sizeof a), ls_cli_num((double)hi, 0, b, sizeof b));
        return -1;
    }
    *out = v;
    return 0;
}

void ls_cli_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    if (done % (total / 100 + 1) && done != total)
        return;
    int width = 40, filled = (int)(width * done / total);
    fprintf(stderr, "\r  [%.*s%*s] %zu/%zu", filled, "########################################",
            width - filled, "", done, total);
    if (done == total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

int ls_cli_show_progress(const ls_cli_common *common)
{
    return isatty(2) && !common->json && ls_dist_rank(common->dist) == 0;
}

int ls_cli_xlsx_option(const char *command, const char *arg, const char **out)
{
    (void)command;
    ls_errors errs = {0};
    mode_t mode;
    /* what the writer will say, in its order: the path can take a file, then its name */
    int rc = ls_output_check(arg, &mode, &errs);
    if (rc == LS_OK)
        rc = ls_xlsx_name_check(arg, &errs);
    if (rc != LS_OK)
        ls_cli_print_errors(&errs, stderr);
    ls_errors_clear(&errs);
    *out = arg;
    return rc == LS_OK ? 0 : -1;
}

int ls_cli_check_outputs(const char *model, const ls_cli_output *outs, size_t n_outs)
{
    ls_errors errs = {0};
    int rc = LS_OK;
    for (size_t i = 0; i < n_outs && rc == LS_OK; i++)
        if (outs[i].path) {
            mode_t mode;
            const ls_cli_output *o = &outs[i];
            /* the model first: through a link, say so rather than that it is a link */
            rc = ls_output_spares_model(model, o->path, o->names, o->n, &errs);
            if (rc == LS_OK)
                rc = o->names ? ls_output_set_check(o->path, o->names, o->n, &errs)
                              : ls_output_check(o->path, &mode, &errs);
        }
    if (rc == LS_EINTERNAL)
        fputs(_("lumpsum: out of memory\n"), stderr);
    else if (rc != LS_OK)
        ls_cli_print_errors(&errs, stderr);
    ls_errors_clear(&errs);
    return rc;
}
