/*
 * cli_plan.c — `lumpsum plan`: parses the options, plans one model (or a batch,
 * cli_batch.c), writes --out and --xlsx and prints the report (cli_report.c) or the JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvstyle.h"
#include "i18n.h"
#include "lumpsum.h"

static const char *const plan_usage =
    N_("usage: lumpsum plan MODEL [--years N] [--out DIR] [--csv nl|plain] [--xlsx FILE]\n"
       "                    [--json] [--set KEY=VALUE]...\n"
       "       lumpsum plan --batch DIR [--threads T] [--out FILE] [--csv nl|plain] [--json]\n"
       "                    [--set KEY=VALUE]...\n"
       "\n"
       "Places every client at the lowest CAO-conform cost (stage 1) and divides the lumpsum:\n"
       "every provider gets its floor cost plus the same (optionally quality-weighted)\n"
       "percentage, up to its cap (stage 2). Prints the report; with --out DIR also writes\n"
       "summary.csv, allocation.csv, budgets.csv and segments.csv; --json prints the same as\n"
       "JSON. Underfunded is an answer (exit 0); exit 3 when the model has no solution.\n"
       "--years N plans years 1..N with the budget.csv keys index.wage, index.price,\n"
       "wage_share, growth.demand, growth.<domain>, budget.growth and budget.<year>, each year\n"
       "starting from the last year's placement; --out then adds years.csv.\n"
       "--xlsx FILE writes an Excel workbook for the council: the summary, providers (with\n"
       "totals), a chart of floor cost and margin per provider, segments, the allocation, the\n"
       "tariffs with their components, and with --years a Years sheet and chart.\n"
       "--batch DIR plans every model in DIR (a folder or a workbook, a municipality each), T at\n"
       "a time (and over the ranks under mpirun), and prints a row per model; --out FILE writes\n"
       "them as CSV.\n"
       "A model that cannot be planned is reported with its name; the others are planned. The\n"
       "exit code is the most serious of the models' (4, then 3, then 2, then 1).\n"
       "--csv nl writes the CSV files with ';' and a decimal comma, as a Dutch Excel reads them;\n"
       "--csv plain (the default) with ',' and a decimal point.\n");

/* plan --years: the library's messages about the years name the flag */
static const ls_cli_flag plan_flags[] = {{"years", "--years"}, {NULL, NULL}};

typedef struct plan_args {
    ls_cli_common common;
    const char *out_dir, *xlsx, *batch;
    long years, threads;
} plan_args;

/* The options; -1 to go on, else the exit code. */
static int parse(int argc, char **argv, plan_args *a)
{
    static const struct option longopts[] = {
        {"set", required_argument, 0, 's'},   {"json", no_argument, 0, 'j'},
        {"out", required_argument, 0, 'o'},   {"xlsx", required_argument, 0, 'x'},
        {"batch", required_argument, 0, 'b'}, {"threads", required_argument, 0, 't'},
        {"years", required_argument, 0, 'y'}, {"csv", required_argument, 0, 'C'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hjo:", longopts, NULL)) != -1) {
        if (opt == '?') /* getopt named it; the option meant, where one is near */
            ls_cli_option_hint("plan", argv[optind - 1], longopts);
        if (opt == 'h') {
            fputs(_(plan_usage), stdout);
            return 0;
        }
        if (opt == 'o')
            a->out_dir = optarg;
        else if (opt == 'x') {
            if (ls_cli_xlsx_option("plan", optarg, &a->xlsx) != 0)
                return LS_EUSAGE;
        }
        else if (opt == 'b')
            a->batch = optarg;
        else if (opt == 'C') {
            if (ls_cli_csv_option("plan", optarg, &a->common) != 0)
                return LS_EUSAGE;
        } else if (opt == 't') {
            if (ls_cli_whole("plan", "threads", optarg, 1, 256, &a->threads) != 0)
                return LS_EUSAGE;
        } else if (opt == 'y') {
            if (ls_cli_whole("plan", "years", optarg, 1, 100, &a->years) != 0)
                return LS_EUSAGE;
        } else if (ls_cli_common_option(opt, optarg, &a->common) <= 0) {
            fputs(_(plan_usage), stderr);
            return LS_EUSAGE;
        }
    }
    if (a->batch && (optind != argc || a->years != 1 || a->xlsx)) {
        fprintf(stderr, _("lumpsum plan: --batch DIR takes no MODEL, --years or --xlsx\n%s"),
                _(plan_usage));
        return LS_EUSAGE;
    }
    if (!a->batch && optind != argc - 1) {
        fprintf(stderr, _("lumpsum %s: expected one MODEL directory\n%s"), "plan", _(plan_usage));
        return LS_EUSAGE;
    }
    ls_cli_csv_unused("plan", &a->common, a->out_dir);
    return -1;
}

typedef struct book_job {
    ls_result *const *res;
    size_t n;
    const char *path;
    ls_errors *errs;
} book_job;

static int write_book(void *ctx)
{
    book_job *j = ctx;
    return ls_results_write_xlsx(j->res, j->n, j->path, j->errs);
}

/* --out DIR and --xlsx FILE. With both, the workbook is written between the CSVs and their
 * replacing the old ones: a failed workbook leaves the old set and the old workbook together. */
static int write_outputs(const plan_args *a, ls_result *const *res, size_t n, ls_errors *errs)
{
    int rc = LS_OK;
    if (a->out_dir) {
        book_job job = {res, n, a->xlsx, errs};
        rc = ls_results_write_csv_as(res, n, a->out_dir, a->common.csv, a->xlsx ? write_book : NULL,
                                     &job, errs);
    } else if (a->xlsx)
        rc = ls_results_write_xlsx(res, n, a->xlsx, errs);
    if (rc != LS_OK)
        ls_cli_print_errors(errs, stderr);
    return rc;
}

/* One document; with --years, an array of them, a year each. */
static int print_json(ls_result *const *res, size_t n)
{
    int rc = LS_OK;
    if (n > 1)
        fputs("[\n", stdout);
    for (size_t k = 0; k < n && rc == LS_OK; k++) {
        char *json;
        rc = ls_result_to_json(res[k], &json);
        if (rc == LS_OK) {
            fputs(json, stdout);
            fputs(k + 1 < n ? ",\n" : "\n", stdout);
            free(json);
        }
    }
    if (n > 1)
        fputs("]\n", stdout);
    return rc;
}

static void print_plan(const plan_args *a, const char *dir, ls_result *const *res, size_t n)
{
    if (n > 1)
        ls_cli_report_years(res, n);
    ls_cli_report_plan(dir, res[n - 1]);
    if (a->out_dir)
        printf(n > 1 ? _("\nWrote summary.csv, allocation.csv, budgets.csv, segments.csv and "
                         "years.csv to %s\n")
                     : _("\nWrote summary.csv, allocation.csv, budgets.csv, segments.csv to %s\n"),
               a->out_dir);
    if (a->xlsx)
        printf(_("%sWrote the workbook %s\n"), a->out_dir ? "" : "\n", a->xlsx);
}

/* plan MODEL: years 1..N planned, written and printed. */
static int plan_model(plan_args *a, const char *dir)
{
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_result **res = NULL;
    size_t n = (size_t)a->years;
    const ls_cli_output outs[] = {{a->out_dir, ls_plan_csv_names, n > 1 ? 5 : 4},
                                  {a->xlsx, NULL, 0}};
    int rc = ls_cli_check_outputs(dir, outs, 2);
    if (rc == LS_OK)
        rc = ls_cli_read_model(dir, &a->common, &model, &errs);
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        rc = ls_plan_years(model, n, &res, &errs);
        if (rc != LS_OK)
            ls_cli_print_failure("plan", plan_flags, rc, &errs);
    }
    if (rc == LS_OK)
        rc = write_outputs(a, res, n, &errs);
    if (rc == LS_OK && a->common.json)
        rc = print_json(res, n);
    else if (rc == LS_OK)
        print_plan(a, dir, res, n);
    ls_results_free(res, n);
    ls_model_free(model);
    ls_errors_clear(&errs);
    return rc;
}

int ls_cli_plan(int argc, char **argv, const ls_dist *dist)
{
    plan_args a = {.common = {.dist = dist}, .years = 1};
    a.threads = sysconf(_SC_NPROCESSORS_ONLN);
    int rc = parse(argc, argv, &a);
    if (rc < 0)
        rc = a.batch ? ls_cli_batch(a.batch, a.out_dir, (int)a.threads, &a.common)
                     : plan_model(&a, argv[optind]);
    ls_cli_common_free(&a.common);
    return rc;
}
