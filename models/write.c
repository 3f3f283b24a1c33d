/*
 * write.c — a plan's result as CSV files (SPEC §5) and as JSON.
 *
 * Money is rounded here and nowhere else: every table's money column is rounded to cents by
 * largest remainder (ls_round_cents), so a column adds up exactly to its rounded total, and
 * the summary's unallocated is the rounded available minus the rounded allocated. The four
 * files are written all together or not at all (atomic.c).
 */
#include <csv.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "rounded.h"
#include "lumpsum.h"
#include "util.h"

void ls_rounded_free(rounded *r)
{
    free(r->floor_cost);
    free(r->budget);
    free(r->group_floor);
}

rounded *ls_round_results(ls_result *const *res, size_t n)
{
    rounded *r = calloc(n + 1, sizeof(rounded));
    for (size_t k = 0; r && k < n; k++)
        if (ls_round_result(res[k], &r[k]) != 0) {
            ls_rounded_free_all(r, n);
            return NULL;
        }
    return r;
}

void ls_rounded_free_all(rounded *r, size_t n)
{
    for (size_t k = 0; r && k < n; k++)
        ls_rounded_free(&r[k]);
    free(r);
}

int ls_round_result(const ls_result *res, rounded *r)
{
    memset(r, 0, sizeof(*r));
    r->floor_cost = malloc((res->n_allocation + 1) * sizeof(double));
    r->budget = malloc((res->n_budgets + 1) * sizeof(double));
    r->group_floor = malloc((res->n_budgets + 1) * sizeof(double));
    if (!r->floor_cost || !r->budget || !r->group_floor) {
        ls_rounded_free(r);
        return -1;
    }
    for (size_t i = 0; i < res->n_allocation; i++)
        r->floor_cost[i] = res->allocation[i].floor_cost;
    for (size_t i = 0; i < res->n_budgets; i++) {
        r->budget[i] = res->budgets[i].budget;
        r->group_floor[i] = res->budgets[i].floor_cost;
    }
    /* an amount cents cannot hold is refused, not written wrapped */
    if (ls_round_cents(r->floor_cost, res->n_allocation, r->floor_cost) != LS_OK ||
        ls_round_cents(r->budget, res->n_budgets, r->budget) != LS_OK ||
        ls_round_cents(r->group_floor, res->n_budgets, r->group_floor) != LS_OK) {
        ls_rounded_free(r);
        return -1;
    }
    r->available = round(res->available * 100) / 100;
    r->required = round(res->required * 100) / 100;
    r->allocated = 0;
    for (size_t i = 0; i < res->n_budgets; i++)
        r->allocated += r->budget[i];
    r->allocated = round(r->allocated * 100) / 100;
    r->unallocated = round((r->available - r->allocated) * 100) / 100;
    return 0;
}

/* Numbers that are not money: up to 6 decimals, trailing zeros dropped. */
static void fmt_num(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.6f", fabs(v) < 5e-7 ? 0.0 : v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
    }
}

static void put_text(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n"))
        csv_fwrite(f, s, strlen(s)); /* libcsv quotes and doubles the quotes (RFC 4180) */
    else
        fputs(s, f);
}

/* The summary keys of SPEC §5 (and §6) with their formatted values, in order. */
#define N_SUMMARY 17
static void summary_values(const ls_result *res, const rounded *r, const char **names,
                           char values[][64])
{
    static const char *const keys[N_SUMMARY] = {
        "status", "budget", "available", "required", "served_clients", "unmet_clients", "cut",
        "margin", "allocated", "unallocated", "pgb_clients", "pgb_cost", "providers",
        "segments", "contracts", "break_even_wage_index", "year"};
    for (int i = 0; i < N_SUMMARY; i++)
        names[i] = keys[i];
    snprintf(values[0], 64, "%s", res->status == LS_FUNDED ? "funded" : "underfunded");
    snprintf(values[1], 64, "%.2f", res->budget);
    snprintf(values[2], 64, "%.2f", r->available);
    snprintf(values[3], 64, "%.2f", r->required);
    fmt_num(values[4], 64, res->served_clients);
    fmt_num(values[5], 64, res->unmet_clients);
    fmt_num(values[6], 64, res->cut);
    fmt_num(values[7], 64, res->margin);
    snprintf(values[8], 64, "%.2f", r->allocated);
    snprintf(values[9], 64, "%.2f", r->unallocated);
    fmt_num(values[10], 64, res->pgb_clients);
    snprintf(values[11], 64, "%.2f", res->pgb_cost);
    snprintf(values[12], 64, "%zu", res->providers);
    snprintf(values[13], 64, "%zu", res->segments);
    snprintf(values[14], 64, "%zu", res->contracts);
    values[15][0] = '\0';
    if (!isnan(res->break_even_wage_index))
        fmt_num(values[15], 64, res->break_even_wage_index);
    snprintf(values[16], 64, "%s", res->year ? res->year : "");
}

static void write_summary(FILE *f, const ls_result *res, const rounded *r)
{
    const char *names[N_SUMMARY];
    char values[N_SUMMARY][64];
    summary_values(res, r, names, values);
    fputs("key,value\nyear,", f);
    put_text(f, values[N_SUMMARY - 1]);
    fputc('\n', f);
    for (int i = 0; i < N_SUMMARY - 1; i++)
        fprintf(f, "%s,%s\n", names[i], values[i]);
}

/* A job: the results of one plan (n = 1) or of every year of a multi-year plan. */
typedef struct csv_job {
    ls_result *const *res;
    rounded *r;
    size_t n;
    int year_column; /* allocation.csv and budgets.csv hold every year */
} csv_job;

static void year_prefix(FILE *f, const csv_job *job, size_t k)
{
    if (job->year_column) {
        put_text(f, job->res[k]->year ? job->res[k]->year : "");
        fputc(',', f);
    }
}

static void write_allocation(FILE *f, const csv_job *job)
{
    char n[64];
    fprintf(f, "%sprovider,segment,clients,floor_tariff,floor_cost\n",
            job->year_column ? "year," : "");
    for (size_t k = job->year_column ? 0 : job->n - 1; k < job->n; k++)
        for (size_t i = 0; i < job->res[k]->n_allocation; i++) {
            const ls_allocation_row *a = &job->res[k]->allocation[i];
            year_prefix(f, job, k);
            put_text(f, a->provider);
            fputc(',', f);
            put_text(f, a->segment);
            fmt_num(n, sizeof n, a->clients);
            fprintf(f, ",%s,%.4f,%.2f\n", n, a->floor_tariff, job->r[k].floor_cost[i]);
        }
}

static void write_budgets(FILE *f, const csv_job *job)
{
    char n[64];
    fprintf(f, "%sprovider,domain,floor_cost,budget,margin,capped\n",
            job->year_column ? "year," : "");
    for (size_t k = job->year_column ? 0 : job->n - 1; k < job->n; k++)
        for (size_t i = 0; i < job->res[k]->n_budgets; i++) {
            const ls_budget_row *b = &job->res[k]->budgets[i];
            year_prefix(f, job, k);
            put_text(f, b->provider);
            fprintf(f, ",%s,%.2f,%.2f,", b->domain, job->r[k].group_floor[i],
                    job->r[k].budget[i]);
            if (!isnan(b->margin)) {
                fmt_num(n, sizeof n, b->margin);
                fputs(n, f);
            }
            fprintf(f, ",%d\n", b->capped);
        }
}

static void write_segments(FILE *f, const ls_result *res)
{
    char d[64], s[64], u[64], p[64];
    fputs("segment,demand,served,unmet,marginal_cost,pgb_clients,pgb_cost\n", f);
    for (size_t i = 0; i < res->n_segment_rows; i++) {
        const ls_segment_row *sg = &res->segment_rows[i];
        put_text(f, sg->segment);
        fmt_num(d, sizeof d, sg->demand);
        fmt_num(s, sizeof s, sg->served);
        fmt_num(u, sizeof u, sg->unmet);
        fmt_num(p, sizeof p, sg->pgb_clients);
        fprintf(f, ",%s,%s,%s,%.2f,%s,%.2f\n", d, s, u, sg->marginal_cost, p, sg->pgb_cost);
    }
}

/* years.csv: the year and the summary keys, a row a year (SPEC §7). */
static void write_years(FILE *f, const csv_job *job)
{
    const char *names[N_SUMMARY];
    char values[N_SUMMARY][64];
    summary_values(job->res[0], &job->r[0], names, values);
    fputs("year", f);
    for (int i = 0; i < N_SUMMARY - 1; i++)
        fprintf(f, ",%s", names[i]);
    fputc('\n', f);
    for (size_t k = 0; k < job->n; k++) {
        summary_values(job->res[k], &job->r[k], names, values);
        put_text(f, values[N_SUMMARY - 1]);
        for (int i = 0; i < N_SUMMARY - 1; i++)
            fprintf(f, ",%s", values[i]);
        fputc('\n', f);
    }
}

static void write_one(FILE *f, int i, void *ctx)
{
    const csv_job *job = ctx;
    const ls_result *last = job->res[job->n - 1];
    switch (i) {
    case 0:
        write_summary(f, last, &job->r[job->n - 1]);
        break;
    case 1:
        write_allocation(f, job);
        break;
    case 2:
        write_budgets(f, job);
        break;
    case 3:
        write_segments(f, last);
        break;
    default:
        write_years(f, job);
    }
}

int ls_results_write_csv(ls_result *const *res, size_t n, const char *dir, ls_errors *errs)
{
    return ls_results_write_csv_then(res, n, dir, NULL, NULL, errs);
}

int ls_results_write_csv_then(ls_result *const *res, size_t n, const char *dir,
                              int (*before)(void *ctx), void *ctx, ls_errors *errs)
{
    static const char *const names[] = {"summary.csv", "allocation.csv", "budgets.csv",
                                        "segments.csv", "years.csv"};
    rounded *r = ls_round_results(res, n);
    if (!r)
        return LS_EINTERNAL;
    csv_job job = {res, r, n, n > 1};
    int rc = ls_write_set(dir, names, n > 1 ? 5 : 4, write_one, &job, before, ctx, errs);
    ls_rounded_free_all(r, n);
    return rc;
}

int ls_result_write_csv(const ls_result *res, const char *dir, ls_errors *errs)
{
    ls_result *one[1] = {(ls_result *)res};
    return ls_results_write_csv(one, 1, dir, errs);
}

static json_t *num_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static const char *const binding_names[] = {
    "capacity", "provider_max_budget", "local_share", "max_clients", "continuity",
    "ceiling", "budget_cap", "domain_cap", "local_share_division", "min_budget"};

int ls_result_to_json(const ls_result *res, char **out)
{
    *out = NULL;
    rounded r;
    if (ls_round_result(res, &r) != 0)
        return LS_EINTERNAL;
    json_t *alloc = json_array(), *budgets = json_array(), *segs = json_array(),
           *binds = json_array();
    for (size_t i = 0; i < res->n_allocation; i++) {
        const ls_allocation_row *a = &res->allocation[i];
        json_array_append_new(alloc, json_pack("{s:s, s:s, s:f, s:f, s:f}", "provider",
                                               a->provider, "segment", a->segment, "clients",
                                               a->clients, "floor_tariff", a->floor_tariff,
                                               "floor_cost", r.floor_cost[i]));
    }
    for (size_t i = 0; i < res->n_budgets; i++) {
        const ls_budget_row *b = &res->budgets[i];
        json_array_append_new(
            budgets, json_pack("{s:s, s:s, s:s, s:b, s:f, s:f, s:f, s:o, s:b}", "provider",
                               b->provider, "name", b->name, "domain", b->domain, "local",
                               b->local, "quality", b->quality, "floor_cost", r.group_floor[i],
                               "budget", r.budget[i], "margin", num_or_null(b->margin),
                               "capped", b->capped));
    }
    for (size_t i = 0; i < res->n_segment_rows; i++) {
        const ls_segment_row *s = &res->segment_rows[i];
        json_array_append_new(
            segs, json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f}", "segment", s->segment,
                            "domain", s->domain, "demand", s->demand, "served", s->served,
                            "unmet", s->unmet, "marginal_cost", s->marginal_cost, "pgb_clients",
                            s->pgb_clients, "pgb_cost", s->pgb_cost));
    }
    for (size_t i = 0; i < res->n_bindings; i++) {
        const ls_binding *b = &res->bindings[i];
        json_array_append_new(binds, json_pack("{s:s, s:s?, s:s?, s:s?, s:f, s:f}", "kind",
                                               binding_names[b->kind], "provider", b->provider,
                                               "segment", b->segment, "domain", b->domain,
                                               "amount", b->amount, "value", b->value));
    }
    json_t *summary = json_pack(
        "{s:s?, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:I, s:I, s:o}",
        "year",
        res->year, "status", res->status == LS_FUNDED ? "funded" : "underfunded", "budget",
        res->budget, "available", r.available, "required", r.required, "served_clients",
        res->served_clients, "unmet_clients", res->unmet_clients, "cut", res->cut, "margin",
        res->margin, "allocated", r.allocated, "unallocated", r.unallocated, "pgb_clients",
        res->pgb_clients, "pgb_cost", res->pgb_cost, "providers",
        (json_int_t)res->providers, "segments", (json_int_t)res->segments, "contracts",
        (json_int_t)res->contracts, "break_even_wage_index",
        num_or_null(res->break_even_wage_index));
    json_t *doc = json_pack("{s:o, s:o, s:o, s:o, s:o}", "summary", summary, "allocation", alloc,
                            "budgets", budgets, "segments", segs, "bindings", binds);
    ls_rounded_free(&r);
    if (!doc)
        return LS_EINTERNAL;
    *out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(doc);
    return *out ? LS_OK : LS_EINTERNAL;
}

/* ---- sweeps ----------------------------------------------------------------------------- */

static void write_sweep_row(FILE *f, const ls_sweep_row *r)
{
    /* the value to 12 significant digits: a grid value as it was asked (0.1, not
     * 0.10000000000000001), a break-even to well within its 1e-6 search tolerance and
     * without the last bits that differ with the simplex path (one process or several) */
    char s[64], u[64], c[64], mg[64], p[64], be[64] = "";
    fmt_num(s, sizeof s, r->served_clients);
    fmt_num(u, sizeof u, r->unmet_clients);
    fmt_num(c, sizeof c, r->cut);
    fmt_num(mg, sizeof mg, r->margin);
    fmt_num(p, sizeof p, r->pgb_clients);
    if (!isnan(r->break_even_wage_index))
        fmt_num(be, sizeof be, r->break_even_wage_index);
    double available = round(r->available * 100) / 100, allocated = round(r->allocated * 100) / 100;
    fprintf(f, "%.12g,%s,%.2f,%.2f,%.2f,%s,%s,%s,%s,%.2f,%.2f,%s,%.2f,%s,%d\n", r->value,
            r->status == LS_FUNDED ? "funded" : "underfunded", r->budget, available, r->required,
            s, u, c, mg, allocated, available - allocated, p, r->pgb_cost, be, r->break_even);
}

static void write_sweep(FILE *f, int i, void *ctx)
{
    const ls_sweep *sw = ctx;
    (void)i;
    fputs("value,status,budget,available,required,served_clients,unmet_clients,cut,margin,"
          "allocated,unallocated,pgb_clients,pgb_cost,break_even_wage_index,break_even\n", f);
    for (size_t k = 0; k < sw->n_rows; k++)
        write_sweep_row(f, &sw->rows[k]);
    if (!isnan(sw->break_even)) {
        ls_sweep_row row = sw->break_even_row;
        row.break_even = 1;
        write_sweep_row(f, &row);
    }
}

/* One file at path, written whole or not at all. */
static int write_one_file(const char *path, void (*fn)(FILE *f, int i, void *ctx), void *ctx,
                          ls_errors *errs)
{
    return ls_write_file(path, fn, ctx, errs);
}

int ls_sweep_write_csv(const ls_sweep *sw, const char *path, ls_errors *errs)
{
    return write_one_file(path, write_sweep, (void *)sw, errs);
}

/* ---- risk ------------------------------------------------------------------------------- */

static void write_risk(FILE *f, int i, void *ctx)
{
    const ls_risk *k = ctx;
    char a[64], b[64], c[64];
    if (i == 0) {
        fprintf(f, "key,value\nruns,%zu\navailable,%.2f\nmean_required,%.2f\nsd_required,%.2f\n"
                   "q50_required,%.2f\nq90_required,%.2f\nq95_required,%.2f\nq99_required,%.2f\n",
                k->n_samples, k->available, k->mean, k->sd, k->q50, k->q90, k->q95, k->q99);
        fmt_num(a, sizeof a, k->p_overrun);
        fmt_num(b, sizeof b, k->p_overrun_low);
        fmt_num(c, sizeof c, k->p_overrun_high);
        fprintf(f, "p_overrun,%s\np_overrun_low,%s\np_overrun_high,%s\nexpected_overrun,%.2f\n",
                a, b, c, k->expected_overrun);
        fmt_num(a, sizeof a, k->p_unmet);
        fprintf(f, "p_unmet,%s\n", a);
    } else if (i == 1) {
        fputs("run,demand,required,unmet,cut,margin,allocated\n", f);
        for (size_t r = 0; r < k->n_samples; r++) {
            const ls_risk_sample *s = &k->samples[r];
            fmt_num(a, sizeof a, s->cut);
            fmt_num(b, sizeof b, s->margin);
            fmt_num(c, sizeof c, s->unmet);
            fprintf(f, "%zu,%g,%.2f,%s,%s,%s,%.2f\n", r + 1, s->demand, s->required, c, a, b,
                    s->allocated);
        }
    } else {
        fputs("lower,upper,count\n", f);
        for (size_t b2 = 0; b2 < k->n_bins; b2++)
            fprintf(f, "%.2f,%.2f,%zu\n", k->histogram[b2].lower, k->histogram[b2].upper,
                    k->histogram[b2].count);
    }
}

int ls_risk_write_csv(const ls_risk *k, const char *dir, ls_errors *errs)
{
    static const char *const names[] = {"summary.csv", "samples.csv", "histogram.csv"};
    return ls_write_files(dir, names, 3, write_risk, (void *)k, errs);
}

typedef struct batch_job {
    const ls_batch_row *rows;
    size_t n;
} batch_job;

static void write_batch(FILE *f, int i, void *ctx)
{
    const batch_job *job = ctx;
    (void)i;
    fputs("model,exit_code,status,budget,available,required,served_clients,unmet_clients,cut,"
          "margin,allocated,unallocated,pgb_cost,providers,error\n", f);
    for (size_t k = 0; k < job->n; k++) {
        const ls_batch_row *r = &job->rows[k];
        put_text(f, r->model);
        fprintf(f, ",%d,", r->rc);
        if (r->rc != LS_OK) {
            fputs(",,,,,,,,,,,,", f);
            put_text(f, r->message);
            fputc('\n', f);
            continue;
        }
        char a[64], b[64], c[64], d[64];
        fmt_num(a, sizeof a, r->served_clients);
        fmt_num(b, sizeof b, r->unmet_clients);
        fmt_num(c, sizeof c, r->cut);
        fmt_num(d, sizeof d, r->margin);
        fprintf(f, "%s,%.2f,%.2f,%.2f,%s,%s,%s,%s,%.2f,%.2f,%.2f,%.0f,\n",
                r->status == LS_FUNDED ? "funded" : "underfunded", r->budget, r->available,
                r->required, a, b, c, d, r->allocated, r->unallocated, r->pgb_cost,
                r->providers);
    }
}

int ls_batch_write_csv(const ls_batch_row *rows, size_t n, const char *path, ls_errors *errs)
{
    batch_job job = {rows, n};
    return write_one_file(path, write_batch, &job, errs);
}
