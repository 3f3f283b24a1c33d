/*
 * cli_plan.c — `lumpsum plan` (the report a controller reads, --out, --json) and
 * `lumpsum export` (the LP for an auditor). Formatting only; the figures come from the
 * library.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "lumpsum.h"
#include "util.h"

static const char *const plan_usage =
    "usage: lumpsum plan MODEL [--years N] [--out DIR] [--xlsx FILE] [--json]\n"
    "                    [--set KEY=VALUE]...\n"
    "       lumpsum plan --batch DIR [--threads T] [--out FILE] [--json] [--set KEY=VALUE]...\n"
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
    "--batch DIR plans every model directory in DIR (a municipality each), T at a time (and\n"
    "over the ranks under mpirun), and prints a row per model; --out FILE writes them as CSV.\n"
    "A model that cannot be planned is reported with its name; the others are planned. The\n"
    "exit code is the most serious of the models' (4, then 3, then 1).\n";

static const char *const export_usage =
    "usage: lumpsum export MODEL --format lp|mps [--stage 1|2] [-o FILE] [--set KEY=VALUE]...\n"
    "\n"
    "Writes the LP of stage 1 (placement; default) or stage 2 (the final LP of the division,\n"
    "levels fixed) in CPLEX LP or free MPS form, so that an auditor can re-solve it with\n"
    "glpsol or any other solver and find the same objective. Without -o: standard output.\n";

/* The order a controller reads them in: what limits placement and costs money, then the
 * caps that explain the providers table, then continuity (many lines, least surprising). */
static int rank(ls_binding_kind k)
{
    static const int order[] = {
        [LS_BIND_CAPACITY] = 0,    [LS_BIND_LOCAL] = 1,      [LS_BIND_PROVIDER_MAX] = 2,
        [LS_BIND_MAX_CLIENTS] = 3, [LS_BIND_CEILING] = 4,    [LS_BIND_BUDGET_CAP] = 5,
        [LS_BIND_DOMAIN_CAP] = 6,  [LS_BIND_LOCAL_SHARE] = 7, [LS_BIND_MIN_BUDGET] = 8,
        [LS_BIND_CONTINUITY] = 9,  [LS_BIND_LOCAL_MISSED] = 1};
    return order[k];
}

static int cmp_binding(const void *a, const void *b)
{
    const ls_binding *x = a, *y = b;
    if (x->kind != y->kind)
        return rank(x->kind) - rank(y->kind);
    return (x->value < y->value) - (x->value > y->value);
}

static void print_binding(const ls_binding *b)
{
    char e[64];
    switch (b->kind) {
    case LS_BIND_CAPACITY:
        printf("  - capacity of %s (%.0f hours a year) binds: one more staff hour saves € %s a "
               "year\n", b->provider, b->amount, ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_PROVIDER_MAX:
        printf("  - max_budget of %s binds in placement: one more euro there saves € %.2f\n",
               b->provider, b->value);
        break;
    case LS_BIND_LOCAL:
        printf("  - the local share (at least %.0f %% local) binds in placement: one percentage "
               "point more costs € %s a year\n", 100 * b->amount,
               ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_LOCAL_MISSED:
        printf("  - the local share target is out of reach: the placement reaches %.2f %% at "
               "reference prices, € %s a year short of the target (no client is left without a "
               "place for it)\n", 100 * b->amount, ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_MAX_CLIENTS:
        printf("  - max_clients of %s for %s (%g) binds: one more client there saves € %s a "
               "year\n", b->provider, b->segment, b->amount, ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_CONTINUITY:
        printf("  - continuity keeps %.2f clients of %s with %s: € %s a year more each than "
               "the cheapest place\n", b->amount, b->segment, b->provider,
               ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_CEILING:
        printf("  - %s (%s) is capped by its tariff ceilings at € %s\n", b->provider, b->domain,
               ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_BUDGET_CAP:
        printf("  - %s (%s) is capped by its max_budget at € %s\n", b->provider, b->domain,
               ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_DOMAIN_CAP:
        printf("  - %s (%s) is capped by the domain ceiling budget.%s at € %s\n", b->provider,
               b->domain, b->domain, ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_LOCAL_SHARE:
        printf("  - %s (%s, not local) is held at € %s so that the local share holds\n",
               b->provider, b->domain, ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_MIN_BUDGET:
        printf("  - %s is lifted to its min_budget: € %s above its level\n", b->provider,
               ls_cli_euro(b->amount, e, sizeof e));
        break;
    }
}

/* Clients as a controller counts them: whole where they are, else to two decimals. */
static const char *clients_text(double v, char *buf, size_t size)
{
    if (v >= 0.5 && fabs(v - round(v)) < 0.005)
        snprintf(buf, size, "%.0f", round(v));
    else if (v >= 0.01)
        snprintf(buf, size, "%.2f", v);
    else { /* a hair of a client is still not none: two digits of it, in plain decimals */
        char two[32];
        snprintf(two, sizeof two, "%.2g", v);
        ls_fmt_plain(buf, size, strtod(two, NULL));
    }
    return buf;
}

/* The verdict, the report's first line: funded or not (and which ceiling cuts), and never
 * without the clients who have no place. */
static void print_verdict(const ls_result *r)
{
    char n[64];
    if (r->status == LS_FUNDED)
        printf("FUNDED");
    else {
        printf("UNDERFUNDED (");
        const char *sep = "";
        for (int d = 0; d < LS_DOMAIN_COUNT; d++)
            if (r->underfunded_domain[d]) {
                printf("%sthe %s ceiling", sep, ls_domain_name(d));
                sep = " and ";
            }
        if (r->underfunded_total || !*sep)
            printf("%sthe total budget", sep);
        printf(")");
    }
    if (r->unmet_clients > 0) {
        clients_text(r->unmet_clients, n, sizeof n);
        printf(", BUT %s %s NO PLACE", n, strcmp(n, "1") == 0 ? "CLIENT HAS" : "CLIENTS HAVE");
    }
    printf("\n");
    for (size_t i = 0; r->unmet_clients > 0 && i < r->n_segment_rows; i++) {
        const ls_segment_row *sg = &r->segment_rows[i];
        char a[64], b[64];
        if (sg->unmet > 0)
            printf("  %s (%s, area %s): %s of %s clients without a place (%s)\n", sg->segment,
                   sg->domain, sg->area, clients_text(sg->unmet, a, sizeof a),
                   clients_text(sg->demand, b, sizeof b), sg->cause ? sg->cause : "");
    }
}

static void print_report(const char *dir, const ls_result *r)
{
    char a[64], b[64];
    print_verdict(r);
    printf("\nlumpsum plan %s%s%s\n\n", dir, r->year ? ", year " : "", r->year ? r->year : "");
    if (r->status == LS_FUNDED)
        printf("The budget covers CAO-conform tariffs for every placed client; every provider\n"
               "gets its floor cost plus %s%.2f %%%s, up to its cap.\n\n",
               r->quality_weighted ? "a quality-weighted " : "", 100 * r->margin,
               r->quality_weighted ? " (at average quality)" : "");
    else {
        printf("The budget does not cover the CAO-conform floors:\n");
        int by_domain = 0;
        for (int d = 0; d < LS_DOMAIN_COUNT; d++)
            if (r->underfunded_domain[d] && !isnan(r->cut_domain[d])) {
                printf("  %s providers are cut by %.2f %% (the ceiling budget.%s)\n",
                       ls_domain_name(d), -100 * r->cut_domain[d], ls_domain_name(d));
                by_domain = 1;
            }
        if (r->underfunded_total)
            printf("  every %sprovider's floor cost is cut by %.2f %% (the total budget)\n",
                   by_domain ? "other " : "", -100 * r->cut);
        else if (r->margin > 0)
            printf("  the other providers get their floor cost plus %.2f %%\n", 100 * r->margin);
        printf("\n");
    }
    printf("  budget        € %16s a year\n", ls_cli_euro(r->budget, a, sizeof a));
    if (r->pgb_cost > 0)
        printf("  personal bud. € %16s for %.1f clients with a pgb, paid first\n",
               ls_cli_euro(r->pgb_cost, a, sizeof a), r->pgb_clients);
    printf("  available     € %16s after the reserve%s\n", ls_cli_euro(r->available, a, sizeof a),
           r->pgb_cost > 0 ? " and the personal budgets" : "");
    printf("  required      € %16s floor cost of %.1f placed clients\n",
           ls_cli_euro(r->required, a, sizeof a), r->served_clients);
    printf("  allocated     € %16s\n", ls_cli_euro(r->allocated, a, sizeof a));
    printf("  unallocated   € %16s\n", ls_cli_euro(round(r->available * 100) / 100 -
                                                      round(r->allocated * 100) / 100, a,
                                                  sizeof a));
    if (r->status == LS_FUNDED || r->margin > 0)
        printf("  margin          %15.2f %%\n", 100 * r->margin);
    if (r->cut < 0)
        printf("  cut             %15.2f %%\n", 100 * r->cut);
    if (!isnan(r->break_even_wage_index))
        printf("  break-even      %15.2f %% wage index (from there on today's placement is "
               "underfunded)\n", 100 * r->break_even_wage_index);
    if (!isnan(r->ceiling_wage_index))
        printf("  ceiling         %15.2f %% wage index (from there on a placed floor passes its "
               "max_tariff)\n", 100 * r->ceiling_wage_index);
    if (!isnan(r->local_share) && r->local_share_target > 0)
        printf("  local share     %15.2f %% of the placement at reference prices (target "
               "%.2f %%)\n", 100 * r->local_share, 100 * r->local_share_target);
    else if (!isnan(r->local_share))
        printf("  local share     %15.2f %% of the placement at reference prices (no target)\n",
               100 * r->local_share);
    if (!isnan(r->local_share_budget))
        printf("                  %15.2f %% of the allocated budget\n",
               100 * r->local_share_budget);

    if (r->unmet_clients > 0)
        printf("\nUnmet demand: %s clients get no place (listed at the top).\n",
               clients_text(r->unmet_clients, b, sizeof b));
    else
        printf("\nUnmet demand: none; every client has a place.\n");

    printf("\nWhat binds and what it costs:\n");
    if (!r->n_bindings)
        printf("  nothing: no capacity, ceiling, cap or share limits the plan.\n");
    ls_binding *sorted = malloc((r->n_bindings + 1) * sizeof(ls_binding));
    if (sorted) {
        if (r->n_bindings)
            memcpy(sorted, r->bindings, r->n_bindings * sizeof(ls_binding));
        qsort(sorted, r->n_bindings, sizeof(ls_binding), cmp_binding);
        size_t shown = 0, same = 0;
        for (size_t i = 0; i < r->n_bindings; i++) {
            /* at most five of a kind, the costliest first (sorted: a kind's run is contiguous;
             * counted in one pass, a country has hundreds of thousands of bindings) */
            same = i > 0 && sorted[i - 1].kind == sorted[i].kind ? same + 1 : 0;
            if (same < 5) {
                print_binding(&sorted[i]);
                shown++;
            }
        }
        if (shown < r->n_bindings)
            printf("  … and %zu more (lumpsum plan --json lists them all)\n",
                   r->n_bindings - shown);
        free(sorted);
    }

    double *rb = malloc((r->n_budgets + 1) * sizeof(double));
    double *rf = malloc((r->n_budgets + 1) * sizeof(double));
    if (!rb || !rf) {
        free(rb);
        free(rf);
        return;
    }
    for (size_t i = 0; i < r->n_budgets; i++)
        rb[i] = r->budgets[i].budget, rf[i] = r->budgets[i].floor_cost;
    ls_round_cents(rb, r->n_budgets, rb); /* the rounded rows add up to the printed total */
    ls_round_cents(rf, r->n_budgets, rf);
    printf("\nProviders (euros a year):\n");
    printf("  %-14s %-28s %-6s %5s %16s %16s %8s %s\n", "provider", "name", "domain", "local",
           "floor cost", "budget", "margin", "");
    double tf = 0, tb = 0;
    for (size_t i = 0; i < r->n_budgets; i++) {
        const ls_budget_row *g = &r->budgets[i];
        char m[32] = "";
        if (!isnan(g->margin))
            snprintf(m, sizeof m, "%+.2f%%", 100 * g->margin);
        printf("  %-14.14s %-28.28s %-6s %5s %16s %16s %8s %s\n", g->provider, g->name,
               g->domain, g->local ? "yes" : "no", ls_cli_euro(rf[i], a, sizeof a),
               ls_cli_euro(rb[i], b, sizeof b), m,
               g->cut_by_domain ? "cut by its domain" : g->capped ? "capped" : "");
        tf += rf[i];
        tb += rb[i];
    }
    printf("  %-14s %-28s %-6s %5s %16s %16s\n", "total", "", "", "",
           ls_cli_euro(tf, a, sizeof a), ls_cli_euro(tb, b, sizeof b));
    free(rb);
    free(rf);
}

/* plan --years: the table a row a year, and the first year whose floors the budget misses. */
static void print_years(ls_result *const *res, size_t n)
{
    /* the verdict of the path comes first: the first year underfunded, if any, and the most
     * clients without a place in any year */
    const char *under = NULL, *unmet_year = NULL;
    double unmet = 0;
    char cn[64];
    for (size_t k = 0; k < n; k++) {
        if (!under && res[k]->status == LS_UNDERFUNDED)
            under = res[k]->year ? res[k]->year : "";
        if (res[k]->unmet_clients > unmet)
            unmet = res[k]->unmet_clients, unmet_year = res[k]->year ? res[k]->year : "";
    }
    if (under)
        printf("UNDERFUNDED FROM %s ON", under);
    else
        printf("FUNDED IN EVERY YEAR");
    if (unmet > 0) {
        clients_text(unmet, cn, sizeof cn);
        printf(", BUT UP TO %s %s NO PLACE (year %s)", cn,
               strcmp(cn, "1") == 0 ? "CLIENT HAS" : "CLIENTS HAVE", unmet_year);
    }
    printf("\n");
    char a[64], b[64], c[64];
    printf("\nThe path, year by year (euros a year):\n");
    int w = 8; /* a year label may be text (FY2025-Q1+1): the column is as wide as the longest */
    for (size_t k = 0; k < n; k++)
        if (res[k]->year && (int)strlen(res[k]->year) > w)
            w = (int)strlen(res[k]->year);
    printf("  %-*s %18s %18s %18s %11s %10s\n", w, "year", "budget", "available", "required",
           "cut/margin", "unmet");
    const char *first = NULL;
    for (size_t k = 0; k < n; k++) {
        const ls_result *r = res[k];
        printf("  %-*s %18s %18s %18s %+10.2f%% %10.2f\n", w, r->year ? r->year : "",
               ls_cli_euro(r->budget, a, sizeof a), ls_cli_euro(r->available, b, sizeof b),
               ls_cli_euro(r->required, c, sizeof c),
               100 * (r->status == LS_FUNDED ? r->margin : r->cut), r->unmet_clients);
        if (!first && r->status == LS_UNDERFUNDED)
            first = r->year;
    }
    if (first)
        printf("\nFrom %s on, the budget no longer covers the CAO-conform floors.\n", first);
    else
        printf("\nThe budget covers the CAO-conform floors in every year.\n");
    printf("\nThe last year in full:\n\n");
}

static void progress_models(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    fprintf(stderr, "\r  %zu of %zu models planned", done, total);
    if (done == total)
        fputc('\n', stderr);
}

/* plan --batch DIR: a row per model. */
static int run_batch(const char *dir, const char *out, int threads, ls_cli_common *common)
{
    ls_read_options ro;
    ls_read_options_init(&ro);
    ro.overrides = (const char *const *)common->sets;
    ro.n_overrides = common->n_sets;
    ls_batch_options bo;
    ls_batch_options_init(&bo);
    bo.threads = threads;
    if (isatty(2) && !common->json && ls_dist_rank() == 0)
        bo.progress = progress_models;
    ls_batch_row *rows = NULL;
    size_t n = 0;
    ls_errors errs = {0};
    int rc = ls_plan_batch(dir, &ro, &bo, &rows, &n, &errs);
    if (rc != LS_OK) {
        ls_cli_print_failure("plan", rc, &errs);
        ls_errors_clear(&errs);
        return rc;
    }
    if (!rows) /* under mpirun, a rank other than 0 */
        return LS_OK;
    if (out && (rc = ls_batch_write_csv(rows, n, out, &errs)) != LS_OK) {
        ls_cli_print_errors(&errs, stderr);
        ls_errors_clear(&errs);
        free(rows);
        return rc;
    }
    if (common->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            const ls_batch_row *r = &rows[i];
            json_t *o = r->rc != LS_OK
                            ? json_pack("{s:s, s:i, s:s}", "model", r->model, "exit_code", r->rc,
                                        "error", r->message)
                            : json_pack("{s:s, s:i, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
                                        "s:f, s:f}",
                                        "model", r->model, "exit_code", 0, "status",
                                        r->status == LS_FUNDED ? "funded" : "underfunded",
                                        "budget", r->budget, "available", r->available,
                                        "required", r->required, "unmet_clients",
                                        r->unmet_clients, "cut", r->cut, "margin", r->margin,
                                        "allocated", r->allocated, "unallocated",
                                        r->unallocated);
            json_array_append_new(arr, o);
        }
        ls_cli_print_json(arr);
    } else {
        char a[64], b[64], c[64];
        size_t failed = 0, under = 0;
        double budget = 0, required = 0, available = 0;
        printf("lumpsum plan --batch %s: %zu models\n\n", dir, n);
        printf("  %-24s %-12s %18s %18s %18s %11s %10s\n", "model", "status", "budget",
               "available", "required", "cut/margin", "unmet");
        for (size_t i = 0; i < n; i++) {
            const ls_batch_row *r = &rows[i];
            if (r->rc != LS_OK) {
                failed++;
                printf("  %-24s %-12s %s\n", r->model, "no plan", r->message);
                continue;
            }
            under += r->status == LS_UNDERFUNDED;
            budget += r->budget, required += r->required, available += r->available;
            printf("  %-24s %-12s %18s %18s %18s %+10.2f%% %10.2f\n", r->model,
                   r->status == LS_FUNDED ? "funded" : "underfunded",
                   ls_cli_euro(r->budget, a, sizeof a), ls_cli_euro(r->available, b, sizeof b),
                   ls_cli_euro(r->required, c, sizeof c),
                   100 * (r->status == LS_FUNDED ? r->margin : r->cut), r->unmet_clients);
        }
        printf("  %-24s %-12s %18s %18s %18s\n", "total", "", ls_cli_euro(budget, a, sizeof a),
               ls_cli_euro(available, b, sizeof b), ls_cli_euro(required, c, sizeof c));
        printf("\n%zu planned (%zu underfunded), %zu without a plan.\n", n - failed, under,
               failed);
        if (out)
            printf("Wrote %s\n", out);
    }
    rc = ls_batch_exit_code(rows, n);
    free(rows);
    ls_errors_clear(&errs);
    return rc;
}

/* Options of plan and export; returns 0 to go on, or an exit code. */
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

int ls_cli_plan(int argc, char **argv)
{
    static const struct option longopts[] = {{"set", required_argument, 0, 's'},
                                              {"json", no_argument, 0, 'j'},
                                              {"out", required_argument, 0, 'o'},
                                              {"xlsx", required_argument, 0, 'x'},
                                              {"batch", required_argument, 0, 'b'},
                                              {"threads", required_argument, 0, 't'},
                                              {"years", required_argument, 0, 'y'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    ls_cli_common common = {0};
    const char *out_dir = NULL, *xlsx = NULL, *batch = NULL;
    long years = 1, threads = sysconf(_SC_NPROCESSORS_ONLN);
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hjo:", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(plan_usage, stdout);
            free(common.sets);
            return 0;
        }
        char *end;
        if (opt == 'o')
            out_dir = optarg;
        else if (opt == 'x')
            xlsx = optarg;
        else if (opt == 'b')
            batch = optarg;
        else if (opt == 't') {
            threads = strtol(optarg, &end, 10);
            if (!*optarg || *end || threads < 1 || threads > 256) {
                fprintf(stderr, "lumpsum plan: --threads takes a whole number from 1 to 256\n");
                free(common.sets);
                return LS_EUSAGE;
            }
        }
        else if (opt == 'y') {
            years = strtol(optarg, &end, 10);
            if (!*optarg || *end || years < 1 || years > 100) {
                fprintf(stderr, "lumpsum plan: --years takes a whole number from 1 to 100\n");
                free(common.sets);
                return LS_EUSAGE;
            }
        } else if (ls_cli_common_option(opt, optarg, &common) <= 0) {
            fputs(plan_usage, stderr);
            free(common.sets);
            return LS_EUSAGE;
        }
    }
    if (batch) {
        if (optind != argc || years != 1 || xlsx) {
            fprintf(stderr, "lumpsum plan: --batch DIR takes no MODEL, --years or --xlsx\n%s",
                    plan_usage);
            free(common.sets);
            return LS_EUSAGE;
        }
        int rc = run_batch(batch, out_dir, (int)threads, &common);
        free(common.sets);
        return rc;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "lumpsum plan: expected one MODEL directory\n%s", plan_usage);
        free(common.sets);
        return LS_EUSAGE;
    }
    const char *dir = argv[optind];
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_result **res = NULL;
    size_t n = (size_t)years;
    int rc = ls_cli_read_model(dir, &common, &model, &errs);
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        rc = ls_plan_years(model, n, &res, &errs);
        if (rc != LS_OK)
            ls_cli_print_failure("plan", rc, &errs);
    }
    if (rc == LS_OK && out_dir) {
        /* the workbook is written between the CSVs and their replacing the old ones: a
         * failed workbook leaves the old set and the old workbook together */
        book_job job = {res, n, xlsx, &errs};
        rc = ls_results_write_csv_then(res, n, out_dir, xlsx ? write_book : NULL, &job, &errs);
        if (rc != LS_OK)
            ls_cli_print_errors(&errs, stderr);
    }
    if (rc == LS_OK && xlsx && !out_dir) {
        rc = ls_results_write_xlsx(res, n, xlsx, &errs);
        if (rc != LS_OK)
            ls_cli_print_errors(&errs, stderr);
    }
    if (rc == LS_OK) {
        if (common.json) {
            /* one document; with --years, an array of them, a year each */
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
        } else {
            if (n > 1)
                print_years(res, n);
            print_report(dir, res[n - 1]);
            if (out_dir)
                printf("\nWrote summary.csv, allocation.csv, budgets.csv, segments.csv%s to %s\n",
                       n > 1 ? " and years.csv" : "", out_dir);
            if (xlsx)
                printf("%sWrote the workbook %s\n", out_dir ? "" : "\n", xlsx);
        }
    }
    ls_results_free(res, n);
    ls_model_free(model);
    ls_errors_clear(&errs);
    free(common.sets);
    return rc;
}

int ls_cli_export(int argc, char **argv)
{
    static const struct option longopts[] = {{"set", required_argument, 0, 's'},
                                              {"format", required_argument, 0, 'f'},
                                              {"stage", required_argument, 0, 'S'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    ls_cli_common common = {0};
    const char *path = NULL, *format = NULL;
    int stage = 1, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(export_usage, stdout);
            free(common.sets);
            return 0;
        }
        if (opt == 'o')
            path = optarg;
        else if (opt == 'f')
            format = optarg;
        else if (opt == 'S' && (strcmp(optarg, "1") == 0 || strcmp(optarg, "2") == 0))
            stage = optarg[0] - '0';
        else if (opt == 'S') {
            fprintf(stderr, "lumpsum export: --stage must be 1 or 2, not '%s'\n", optarg);
            free(common.sets);
            return LS_EUSAGE;
        } else if (ls_cli_common_option(opt, optarg, &common) <= 0) {
            fprintf(stderr, "lumpsum export: bad option\n%s", export_usage);
            free(common.sets);
            return LS_EUSAGE;
        }
    }
    if (optind != argc - 1 || !format ||
        (strcmp(format, "lp") != 0 && strcmp(format, "mps") != 0)) {
        fprintf(stderr, "lumpsum export: expected one MODEL and --format lp or mps\n%s",
                export_usage);
        free(common.sets);
        return LS_EUSAGE;
    }
    ls_errors errs = {0};
    ls_model *model = NULL;
    int to_stdout = !path || strcmp(path, "-") == 0;
    mode_t mode;
    if (!to_stdout && ls_output_check(path, &mode, &errs) != LS_OK) {
        ls_cli_print_errors(&errs, stderr); /* before the model is read and solved */
        ls_errors_clear(&errs);
        free(common.sets);
        return LS_EUSAGE;
    }
    int rc = ls_cli_read_model(argv[optind], &common, &model, &errs);
    char tmp[] = "/tmp/lumpsum-export-" LS_MKSTEMP_SUFFIX;
    if (rc == LS_OK && to_stdout) {
        int fd = mkstemp(tmp);
        if (fd < 0)
            rc = LS_EINTERNAL;
        else
            close(fd);
        path = tmp;
    }
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        rc = ls_export(model, stage, format[0] == 'm' ? LS_LP_MPS : LS_LP_CPLEX, path, &errs);
        if (rc != LS_OK)
            ls_cli_print_failure("export", rc, &errs);
    }
    if (rc == LS_OK && to_stdout) {
        FILE *f = fopen(tmp, "r");
        char buf[65536];
        size_t n;
        while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, n, stdout);
        if (f)
            fclose(f);
    }
    if (to_stdout)
        unlink(tmp);
    ls_model_free(model);
    ls_errors_clear(&errs);
    free(common.sets);
    return rc;
}
