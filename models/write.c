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
#include "lumpsum.h"
#include "util.h"

/* The rounded money of a result, shared by the CSV and JSON writers. */
typedef struct rounded {
    double *floor_cost;   /* per allocation row */
    double *budget;       /* per budget row */
    double *group_floor;  /* per budget row */
    double available, required, allocated, unallocated;
} rounded;

static void rounded_free(rounded *r)
{
    free(r->floor_cost);
    free(r->budget);
    free(r->group_floor);
}

static int round_result(const ls_result *res, rounded *r)
{
    memset(r, 0, sizeof(*r));
    r->floor_cost = malloc((res->n_allocation + 1) * sizeof(double));
    r->budget = malloc((res->n_budgets + 1) * sizeof(double));
    r->group_floor = malloc((res->n_budgets + 1) * sizeof(double));
    if (!r->floor_cost || !r->budget || !r->group_floor) {
        rounded_free(r);
        return -1;
    }
    for (size_t i = 0; i < res->n_allocation; i++)
        r->floor_cost[i] = res->allocation[i].floor_cost;
    for (size_t i = 0; i < res->n_budgets; i++) {
        r->budget[i] = res->budgets[i].budget;
        r->group_floor[i] = res->budgets[i].floor_cost;
    }
    ls_round_cents(r->floor_cost, res->n_allocation, r->floor_cost);
    ls_round_cents(r->budget, res->n_budgets, r->budget);
    ls_round_cents(r->group_floor, res->n_budgets, r->group_floor);
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

static void write_summary(FILE *f, const ls_result *res, const rounded *r)
{
    char n[64];
    fputs("key,value\n", f);
    fputs("year,", f);
    put_text(f, res->year ? res->year : "");
    fprintf(f, "\nstatus,%s\n", res->status == LS_FUNDED ? "funded" : "underfunded");
    fprintf(f, "budget,%.2f\navailable,%.2f\nrequired,%.2f\n", res->budget, r->available,
            r->required);
    fmt_num(n, sizeof n, res->served_clients);
    fprintf(f, "served_clients,%s\n", n);
    fmt_num(n, sizeof n, res->unmet_clients);
    fprintf(f, "unmet_clients,%s\n", n);
    fmt_num(n, sizeof n, res->cut);
    fprintf(f, "cut,%s\n", n);
    fmt_num(n, sizeof n, res->margin);
    fprintf(f, "margin,%s\n", n);
    fprintf(f, "allocated,%.2f\nunallocated,%.2f\n", r->allocated, r->unallocated);
    fmt_num(n, sizeof n, res->pgb_clients);
    fprintf(f, "pgb_clients,%s\npgb_cost,%.2f\n", n, res->pgb_cost);
    fprintf(f, "providers,%zu\nsegments,%zu\ncontracts,%zu\n", res->providers, res->segments,
            res->contracts);
    if (isnan(res->break_even_wage_index))
        fputs("break_even_wage_index,\n", f);
    else {
        fmt_num(n, sizeof n, res->break_even_wage_index);
        fprintf(f, "break_even_wage_index,%s\n", n);
    }
}

static void write_allocation(FILE *f, const ls_result *res, const rounded *r)
{
    char n[64];
    fputs("provider,segment,clients,floor_tariff,floor_cost\n", f);
    for (size_t i = 0; i < res->n_allocation; i++) {
        const ls_allocation_row *a = &res->allocation[i];
        put_text(f, a->provider);
        fputc(',', f);
        put_text(f, a->segment);
        fmt_num(n, sizeof n, a->clients);
        fprintf(f, ",%s,%.4f,%.2f\n", n, a->floor_tariff, r->floor_cost[i]);
    }
}

static void write_budgets(FILE *f, const ls_result *res, const rounded *r)
{
    char n[64];
    fputs("provider,domain,floor_cost,budget,margin,capped\n", f);
    for (size_t i = 0; i < res->n_budgets; i++) {
        const ls_budget_row *b = &res->budgets[i];
        put_text(f, b->provider);
        fprintf(f, ",%s,%.2f,%.2f,", b->domain, r->group_floor[i], r->budget[i]);
        if (!isnan(b->margin)) {
            fmt_num(n, sizeof n, b->margin);
            fputs(n, f);
        }
        fprintf(f, ",%d\n", b->capped);
    }
}

static void write_segments(FILE *f, const ls_result *res, const rounded *r)
{
    char d[64], s[64], u[64], p[64];
    (void)r;
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

typedef struct csv_job {
    const ls_result *res;
    const rounded *r;
} csv_job;

static void write_one(FILE *f, int i, void *ctx)
{
    static void (*const writers[])(FILE *, const ls_result *, const rounded *) = {
        write_summary, write_allocation, write_budgets, write_segments};
    const csv_job *job = ctx;
    writers[i](f, job->res, job->r);
}

int ls_result_write_csv(const ls_result *res, const char *dir, ls_errors *errs)
{
    static const char *const names[] = {"summary.csv", "allocation.csv", "budgets.csv",
                                        "segments.csv"};
    rounded r;
    if (round_result(res, &r) != 0)
        return LS_EINTERNAL;
    csv_job job = {res, &r};
    int rc = ls_write_files(dir, names, 4, write_one, &job, errs);
    rounded_free(&r);
    return rc;
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
    if (round_result(res, &r) != 0)
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
    rounded_free(&r);
    if (!doc)
        return LS_EINTERNAL;
    *out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(doc);
    return *out ? LS_OK : LS_EINTERNAL;
}

/* ---- sweeps ----------------------------------------------------------------------------- */

static void write_sweep_row(FILE *f, const ls_sweep_row *r)
{
    char v[64], s[64], u[64], c[64], mg[64], p[64], be[64] = "";
    fmt_num(v, sizeof v, r->value);
    fmt_num(s, sizeof s, r->served_clients);
    fmt_num(u, sizeof u, r->unmet_clients);
    fmt_num(c, sizeof c, r->cut);
    fmt_num(mg, sizeof mg, r->margin);
    fmt_num(p, sizeof p, r->pgb_clients);
    if (!isnan(r->break_even_wage_index))
        fmt_num(be, sizeof be, r->break_even_wage_index);
    double available = round(r->available * 100) / 100, allocated = round(r->allocated * 100) / 100;
    fprintf(f, "%.17g,%s,%.2f,%.2f,%.2f,%s,%s,%s,%s,%.2f,%.2f,%s,%.2f,%s,%d\n", r->value,
            r->status == LS_FUNDED ? "funded" : "underfunded", r->budget, available, r->required,
            s, u, c, mg, allocated, available - allocated, p, r->pgb_cost, be, r->break_even);
    (void)v;
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

int ls_sweep_write_csv(const ls_sweep *sw, const char *path, ls_errors *errs)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        ls_error_add(errs, path, 0, 0, "is a directory: give a file name");
        return LS_EUSAGE;
    }
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    return ls_write_files(dir, &base, 1, write_sweep, (void *)sw, errs);
}
