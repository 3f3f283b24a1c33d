/*
 * write.c — a plan's result as CSV files (docs/outputs.md) and as JSON.
 *
 * Money is rounded here and nowhere else: every table's money column is rounded to cents by
 * largest remainder (ls_round_cents), so a column adds up exactly to its rounded total, and
 * the summary's unallocated is the rounded available minus the rounded allocated. The four
 * files are written all together or not at all (atomic.c).
 */
#include <csv.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic.h"
#include "csvstyle.h"
#include "format.h"
#include "lumpsum.h"
#include "rounded.h"
#include "util.h"

void ls_rounded_free(rounded *r)
{
    free(r->floor_cost);
    free(r->budget);
    free(r->group_floor);
    free(r->pgb_cost);
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
    r->pgb_cost = malloc((res->n_segment_rows + 1) * sizeof(double));
    if (!r->floor_cost || !r->budget || !r->group_floor || !r->pgb_cost) {
        ls_rounded_free(r);
        return -1;
    }
    for (size_t i = 0; i < res->n_allocation; i++)
        r->floor_cost[i] = res->allocation[i].floor_cost;
    for (size_t i = 0; i < res->n_budgets; i++) {
        r->budget[i] = res->budgets[i].budget;
        r->group_floor[i] = res->budgets[i].floor_cost;
    }
    for (size_t i = 0; i < res->n_segment_rows; i++)
        r->pgb_cost[i] = res->segment_rows[i].pgb_cost;
    /* an amount cents cannot hold is refused, not written wrapped */
    if (ls_round_cents(r->floor_cost, res->n_allocation, r->floor_cost) != LS_OK ||
        ls_round_cents(r->budget, res->n_budgets, r->budget) != LS_OK ||
        ls_round_cents(r->group_floor, res->n_budgets, r->group_floor) != LS_OK ||
        ls_round_cents(r->pgb_cost, res->n_segment_rows, r->pgb_cost) != LS_OK) {
        ls_rounded_free(r);
        return -1;
    }
    long long pgb_cents = 0; /* whole cents: the rows' sum to the cent, as they read */
    for (size_t i = 0; i < res->n_segment_rows; i++)
        pgb_cents += llround(100 * r->pgb_cost[i]);
    r->pgb_total =
        res->n_segment_rows ? (double)pgb_cents / 100 : ls_shown_cents(res->summary.pgb_cost);
    r->available = ls_shown_cents(res->summary.available);
    r->required = ls_shown_cents(res->summary.required);
    r->allocated = 0;
    for (size_t i = 0; i < res->n_budgets; i++)
        r->allocated += r->budget[i];
    r->allocated = ls_shown_cents(r->allocated);
    r->unallocated = ls_shown_cents(r->available - r->allocated);
    return 0;
}

/* Numbers that are not money: up to 6 decimals, trailing zeros dropped; a figure on a half of
 * the sixth prints the same whichever way it was reached (a sweep's warm step, a block's cold
 * start). */
static void fmt_num(char *buf, size_t size, double v)
{
    v = ls_settle_half(v, 6);
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

/* One summary key with its value as written (text) and, for JSON, as a number. */
typedef struct summary_item {
    char key[80];
    char text[96];
    double num;
    enum { ITEM_TEXT, ITEM_NUMBER, ITEM_COUNT, ITEM_EMPTY } kind;
} summary_item;

#define SUMMARY_FIXED 40

static summary_item *item(summary_item *it, size_t *n, const char *key, int kind, double v)
{
    summary_item *x = &it[(*n)++];
    snprintf(x->key, sizeof x->key, "%s", key);
    x->kind = kind;
    x->num = v;
    x->text[0] = '\0';
    if (kind == ITEM_NUMBER && isnan(v))
        x->kind = ITEM_EMPTY;
    else if (kind == ITEM_NUMBER)
        fmt_num(x->text, sizeof x->text, v);
    else if (kind == ITEM_COUNT)
        snprintf(x->text, sizeof x->text, "%.0f", v);
    return x;
}

static void money_item(summary_item *it, size_t *n, const char *key, double v)
{
    snprintf(item(it, n, key, ITEM_NUMBER, v)->text, sizeof it->text, "%.2f", v);
}

static void text_item(summary_item *it, size_t *n, const char *key, const char *v)
{
    snprintf(item(it, n, key, ITEM_TEXT, 0)->text, sizeof it->text, "%s", v ? v : "");
}

/* The domains with placed clients in any of the results (their cut_<domain> keys). */
static unsigned domains_of(ls_result *const *res, size_t n)
{
    unsigned mask = 0;
    for (size_t k = 0; k < n; k++)
        for (int d = 0; d < LS_DOMAIN_COUNT; d++)
            if (!isnan(res[k]->cut_domain[d]))
                mask |= 1u << d;
    return mask;
}

/* The summary keys with their values, in order; with scenario also the scenario (model,
 * version, every setting). it has room for SUMMARY_FIXED + res->n_settings items. */
static size_t summary_items(const ls_result *res, const rounded *r, unsigned domains,
                            int scenario, summary_item *it)
{
    size_t n = 0;
    char key[80];
    text_item(it, &n, "year", res->year);
    text_item(it, &n, "status", res->summary.status == LS_FUNDED ? "funded" : "underfunded");
    text_item(it, &n, "demand", ls_demand_name(res->summary.unmet_clients));
    money_item(it, &n, "budget", res->summary.budget);
    money_item(it, &n, "available", r->available);
    money_item(it, &n, "required", r->required);
    item(it, &n, "served_clients", ITEM_NUMBER, res->summary.served_clients);
    item(it, &n, "unmet_clients", ITEM_NUMBER, res->summary.unmet_clients);
    item(it, &n, "cut", ITEM_NUMBER, res->summary.cut);
    for (int d = 0; d < LS_DOMAIN_COUNT; d++)
        if (domains >> d & 1) {
            snprintf(key, sizeof key, "cut_%s", ls_domain_name(d));
            item(it, &n, key, ITEM_NUMBER, res->cut_domain[d]);
        }
    item(it, &n, "margin", ITEM_NUMBER, res->summary.margin);
    money_item(it, &n, "allocated", r->allocated);
    money_item(it, &n, "unallocated", r->unallocated);
    item(it, &n, "local_share", ITEM_NUMBER, res->local_share);
    item(it, &n, "local_share_target", ITEM_NUMBER, res->local_share_target);
    item(it, &n, "local_share_budget", ITEM_NUMBER, res->local_share_budget);
    for (int d = 0; d < LS_DOMAIN_COUNT; d++)
        if (!isnan(res->local_target_domain[d])) {
            snprintf(key, sizeof key, "local_share_%s", ls_domain_name(d));
            item(it, &n, key, ITEM_NUMBER, res->local_share_domain[d]);
            snprintf(key, sizeof key, "local_share_target_%s", ls_domain_name(d));
            item(it, &n, key, ITEM_NUMBER, res->local_target_domain[d]);
        }
    item(it, &n, "pgb_clients", ITEM_NUMBER, res->summary.pgb_clients);
    money_item(it, &n, "pgb_cost", r->pgb_total);
    item(it, &n, "providers", ITEM_COUNT, (double)res->providers);
    item(it, &n, "segments", ITEM_COUNT, (double)res->segments);
    item(it, &n, "contracts", ITEM_COUNT, (double)res->contracts);
    item(it, &n, "break_even_wage_index", ITEM_NUMBER, res->summary.break_even_wage_index);
    item(it, &n, "ceiling_wage_index", ITEM_NUMBER, res->ceiling_wage_index);
    if (!scenario)
        return n;
    text_item(it, &n, "model", res->model);
    text_item(it, &n, "lumpsum_version", LS_VERSION);
    for (size_t i = 0; i < res->n_settings; i++) {
        snprintf(key, sizeof key, "setting.%s", res->settings[i].key);
        text_item(it, &n, key, res->settings[i].value);
    }
    return n;
}

static void write_summary(FILE *f, const ls_result *res, const rounded *r)
{
    summary_item *it = malloc((SUMMARY_FIXED + res->n_settings) * sizeof(*it));
    if (!it) {
        fputs("key,value\n", f);
        return;
    }
    size_t n = summary_items(res, r, domains_of((ls_result *const *)&res, 1), 1, it);
    fputs("key,value\n", f);
    for (size_t i = 0; i < n; i++) {
        put_text(f, it[i].key);
        fputc(',', f);
        put_text(f, it[i].text);
        fputc('\n', f);
    }
    free(it);
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
    fprintf(f, "%sprovider,segment,clients,floor_tariff,floor_cost,unit,floor_per_unit\n",
            job->year_column ? "year," : "");
    for (size_t k = job->year_column ? 0 : job->n - 1; k < job->n; k++)
        for (size_t i = 0; i < job->res[k]->n_allocation; i++) {
            const ls_allocation_row *a = &job->res[k]->allocation[i];
            year_prefix(f, job, k);
            put_text(f, a->provider);
            fputc(',', f);
            put_text(f, a->segment);
            fmt_num(n, sizeof n, a->clients);
            fprintf(f, ",%s,%.4f,%.2f,%s,%.4f\n", n, a->floor_tariff, job->r[k].floor_cost[i],
                    a->floor.unit, a->floor_per_unit);
        }
}

static void write_budgets(FILE *f, const csv_job *job)
{
    char n[64];
    fprintf(f, "%sprovider,domain,floor_cost,budget,margin,capped,cut_by\n",
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
            fprintf(f, ",%d,%s\n", b->capped, b->cut_by_domain ? "domain" : "");
        }
}

static void write_segments(FILE *f, const ls_result *res, const rounded *r)
{
    char d[64], s[64], u[64], p[64], mc[64] = "";
    fputs("segment,domain,area,demand,served,unmet,cause,marginal_cost,pgb_clients,pgb_cost\n",
          f);
    for (size_t i = 0; i < res->n_segment_rows; i++) {
        const ls_segment_row *sg = &res->segment_rows[i];
        put_text(f, sg->segment);
        fprintf(f, ",%s,", sg->domain);
        put_text(f, sg->area ? sg->area : "");
        fmt_num(d, sizeof d, sg->demand);
        fmt_num(s, sizeof s, sg->served);
        fmt_num(u, sizeof u, sg->unmet);
        fmt_num(p, sizeof p, sg->pgb_clients);
        mc[0] = '\0';
        if (!isnan(sg->marginal_cost))
            snprintf(mc, sizeof mc, "%.2f", sg->marginal_cost);
        fprintf(f, ",%s,%s,%s,%s,%s,%s,%.2f\n", d, s, u, sg->cause ? sg->cause : "", mc, p,
                r->pgb_cost[i]);
    }
}

/* years.csv: the year and the summary keys, a row a year. */
static void write_years(FILE *f, const csv_job *job)
{
    summary_item it[SUMMARY_FIXED];
    unsigned domains = domains_of(job->res, job->n);
    size_t n = summary_items(job->res[0], &job->r[0], domains, 0, it);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? "," : "", it[i].key);
    fputc('\n', f);
    for (size_t k = 0; k < job->n; k++) {
        n = summary_items(job->res[k], &job->r[k], domains, 0, it);
        for (size_t i = 0; i < n; i++) {
            if (i)
                fputc(',', f);
            put_text(f, it[i].text);
        }
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
        write_segments(f, last, &job->r[job->n - 1]);
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
    return ls_results_write_csv_as(res, n, dir, LS_CSV_PLAIN, before, ctx, errs);
}

const char *const ls_plan_csv_names[LS_PLAN_CSV_FILES] = {
    "summary.csv", "allocation.csv", "budgets.csv", "segments.csv", "years.csv"};
const char *const ls_risk_csv_names[LS_RISK_CSV_FILES] = {"summary.csv", "samples.csv",
                                                          "histogram.csv"};

/* The files of plan's and risk's sets that a set of the other (or a plan of one year) does
 * not write: they go when it replaces the folder, so that its files are of one run (a
 * years.csv of a path beside a one-year plan, or a plan's allocation.csv beside a risk
 * study's summary.csv, would be of another) */
static const char *const plan_drops[] = {"years.csv", "samples.csv", "histogram.csv", NULL};
static const char *const risk_drops[] = {"allocation.csv", "budgets.csv", "segments.csv",
                                         "years.csv", NULL};

/* drops where dir holds an earlier set (its summary.csv, which plan's and risk's both write),
 * else none: a folder that never held one keeps a years.csv of the user's own */
static const char *const *drops_of_a_set(const char *dir, const char *const *drops)
{
    char *p = ls_path_join(dir, "summary.csv");
    struct stat st;
    int set = p && lstat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return set ? drops : NULL;
}

int ls_results_write_csv_as(ls_result *const *res, size_t n, const char *dir, ls_csv_style style,
                            int (*before)(void *ctx), void *ctx, ls_errors *errs)
{
    const char *const *names = ls_plan_csv_names;
    rounded *r = ls_round_results(res, n);
    if (!r)
        return LS_EINTERNAL;
    csv_job job = {res, r, n, n > 1};
    int rc = ls_csv_write_set(dir, names, n > 1 ? 5 : 4,
                              drops_of_a_set(dir, n > 1 ? plan_drops + 1 : plan_drops), write_one,
                              &job, style, before, ctx, errs);
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
    "ceiling", "budget_cap", "domain_cap", "local_share_division", "min_budget",
    "local_share_missed", "unmet_ceiling"};

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
        json_array_append_new(
            alloc, json_pack("{s:s, s:s, s:f, s:f, s:f, s:s, s:f}", "provider", a->provider,
                             "segment", a->segment, "clients", a->clients, "floor_tariff",
                             a->floor_tariff, "floor_cost", r.floor_cost[i], "unit",
                             a->floor.unit, "floor_per_unit", a->floor_per_unit));
    }
    for (size_t i = 0; i < res->n_budgets; i++) {
        const ls_budget_row *b = &res->budgets[i];
        json_array_append_new(
            budgets, json_pack("{s:s, s:s, s:s, s:b, s:f, s:f, s:f, s:o, s:b, s:s?}",
                               "provider", b->provider, "name", b->name, "domain", b->domain,
                               "local", b->local, "quality", b->quality, "floor_cost",
                               r.group_floor[i], "budget", r.budget[i], "margin",
                               num_or_null(b->margin), "capped", b->capped, "cut_by",
                               b->cut_by_domain ? "domain" : NULL));
    }
    for (size_t i = 0; i < res->n_segment_rows; i++) {
        const ls_segment_row *s = &res->segment_rows[i];
        json_array_append_new(
            segs, json_pack("{s:s, s:s, s:s?, s:f, s:f, s:f, s:s?, s:o, s:f, s:f}", "segment",
                            s->segment, "domain", s->domain, "area", s->area, "demand", s->demand,
                            "served", s->served, "unmet", s->unmet, "cause", s->cause,
                            "marginal_cost", num_or_null(ls_shown_cents(s->marginal_cost)),
                            "pgb_clients", s->pgb_clients, "pgb_cost", r.pgb_cost[i]));
    }
    for (size_t i = 0; i < res->n_bindings; i++) {
        const ls_binding *b = &res->bindings[i];
        json_array_append_new(binds, json_pack("{s:s, s:s?, s:s?, s:s?, s:f, s:o}", "kind",
                                               binding_names[b->kind], "provider", b->provider,
                                               "segment", b->segment, "domain", b->domain,
                                               "amount", b->amount, "value",
                                               num_or_null(b->value)));
    }
    json_t *summary = json_object();
    summary_item *it = malloc((SUMMARY_FIXED + res->n_settings) * sizeof(*it));
    size_t n = it ? summary_items(res, &r, domains_of((ls_result *const *)&res, 1), 1, it) : 0;
    for (size_t i = 0; i < n; i++)
        json_object_set_new(summary, it[i].key,
                            it[i].kind == ITEM_TEXT    ? json_string(it[i].text)
                            : it[i].kind == ITEM_EMPTY ? json_null()
                            : it[i].kind == ITEM_COUNT ? json_integer((json_int_t)it[i].num)
                                                       : json_real(it[i].num));
    free(it);
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

static void write_sweep_row(FILE *f, const ls_sweep_row *r, const char *reason)
{
    /* the value to 12 significant digits: a grid value as it was asked (0.1, not
     * 0.10000000000000001), a break-even to well within its 1e-6 search tolerance and
     * without the last bits that differ with the simplex path (one process or several) */
    char v[64];
    ls_fmt_value(v, sizeof v, r->value);
    if (r->summary.status == LS_NO_SOLUTION) {
        fprintf(f, "%s,no_solution,,,,,,,,,,,,,,%d,", v, r->break_even);
        put_text(f, reason ? reason : "no solution");
        fputc('\n', f);
        return;
    }
    char s[64], u[64], c[64], mg[64], p[64], be[64] = "";
    fmt_num(s, sizeof s, r->summary.served_clients);
    fmt_num(u, sizeof u, r->summary.unmet_clients);
    fmt_num(c, sizeof c, r->summary.cut);
    fmt_num(mg, sizeof mg, r->summary.margin);
    fmt_num(p, sizeof p, r->summary.pgb_clients);
    if (!isnan(r->summary.break_even_wage_index))
        fmt_num(be, sizeof be, r->summary.break_even_wage_index);
    double available = ls_shown_cents(r->summary.available),
           allocated = ls_shown_cents(r->summary.allocated);
    fprintf(f, "%s,%s,%s,%.2f,%.2f,%.2f,%s,%s,%s,%s,%.2f,%.2f,%s,%.2f,%s,%d,\n", v,
            ls_status_name(r->summary.status), ls_demand_name(r->summary.unmet_clients),
            r->summary.budget, available, r->summary.required, s, u, c, mg, allocated,
            available - allocated, p, r->summary.pgb_cost, be, r->break_even);
}

/* The scenario as comment lines above a table (lumpsum's reader skips them). */
static void write_scenario(FILE *f, const char *model, const ls_setting *settings, size_t n)
{
    fputs("# model: ", f);
    /* one comment line: a line break in the path (a folder may have one) would begin a line
     * that a reader takes for the table's header; a control character is a space here */
    for (const char *c = model ? model : ""; *c; c++)
        fputc((unsigned char)*c < 0x20 || *c == 0x7F ? ' ' : *c, f);
    fputs("\n# lumpsum_version: " LS_VERSION "\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "# setting.%s: %s\n", settings[i].key, settings[i].value);
}

static void write_sweep(FILE *f, int i, void *ctx)
{
    const ls_sweep *sw = ctx;
    (void)i;
    write_scenario(f, sw->model, sw->settings, sw->n_settings);
    fputs("value,status,demand,budget,available,required,served_clients,unmet_clients,cut,margin,"
          "allocated,unallocated,pgb_clients,pgb_cost,break_even_wage_index,break_even,"
          "reason\n",
          f);
    for (size_t k = 0; k < sw->n_rows; k++)
        write_sweep_row(f, &sw->rows[k], sw->reasons ? sw->reasons[k] : NULL);
    if (!isnan(sw->break_even)) {
        ls_sweep_row row = sw->break_even_row;
        row.break_even = 1;
        write_sweep_row(f, &row, NULL);
    }
}

int ls_sweep_write_csv(const ls_sweep *sw, const char *path, ls_errors *errs)
{
    return ls_sweep_write_csv_as(sw, path, LS_CSV_PLAIN, errs);
}

int ls_sweep_write_csv_as(const ls_sweep *sw, const char *path, ls_csv_style style, ls_errors *errs)
{
    return ls_csv_write_file(path, write_sweep, (void *)sw, style, errs);
}

/* ---- risk ------------------------------------------------------------------------------- */

static void put_kv_num(FILE *f, const char *key, double v)
{
    char a[64];
    fmt_num(a, sizeof a, v);
    fprintf(f, "%s,%s\n", key, a);
}

static void write_risk(FILE *f, int i, void *ctx)
{
    const ls_risk *k = ctx;
    char a[64], b[64], c[64], d[64];
    if (i == 0) {
        fprintf(f, "key,value\nruns,%zu\nsolved_runs,%zu\navailable,%.2f\nmean_need,%.2f\n"
                   "sd_need,%.2f\nq50_need,%.2f\nq90_need,%.2f\nq95_need,%.2f\nq99_need,%.2f\n",
                k->n_samples, k->solved, k->available, k->mean, k->sd, k->q50, k->q90, k->q95,
                k->q99);
        put_kv_num(f, "p_overrun", k->p_overrun);
        put_kv_num(f, "p_overrun_low", k->p_overrun_low);
        put_kv_num(f, "p_overrun_high", k->p_overrun_high);
        fprintf(f, "expected_overrun,%.2f\n", k->expected_overrun);
        put_kv_num(f, "p_underfunded", k->p_underfunded);
        put_kv_num(f, "p_unmet", k->p_unmet);
        put_kv_num(f, "p_no_solution", k->p_no_solution);
        if (k->first_no_solution != SIZE_MAX) {
            fprintf(f, "first_no_solution_run,%zu\nno_solution_reason,", k->first_no_solution + 1);
            put_text(f, k->no_solution_reason ? k->no_solution_reason : "");
            fputc('\n', f);
        }
        for (size_t u = 0; u < k->n_unmet && u < 10; u++) {
            fprintf(f, "unmet_most_often.%zu,", u + 1);
            put_text(f, k->unmet[u].segment);
            fmt_num(a, sizeof a, k->unmet[u].share);
            fprintf(f, " (%s)\n", a);
        }
        fprintf(f, "model,");
        put_text(f, k->model ? k->model : "");
        fprintf(f, "\nlumpsum_version," LS_VERSION "\nseed,%lu\n", k->options.seed);
        put_kv_num(f, "dispersion", k->options.dispersion);
        put_kv_num(f, "wage_sd", k->options.wage_sd);
        fprintf(f, "years,%zu\n", k->options.years ? k->options.years : 1);
        for (size_t s = 0; s < k->n_settings; s++) {
            fprintf(f, "setting.%s,", k->settings[s].key);
            put_text(f, k->settings[s].value);
            fputc('\n', f);
        }
    } else if (i == 1) {
        /* available: the run's own (its drawn personal budgets paid first), which its need is
         * held against for P(need > available) */
        fputs("run,status,drawn_clients,required,unmet,unmet_cost,need,cut,margin,allocated,"
              "available\n",
              f);
        for (size_t r = 0; r < k->n_samples; r++) {
            const ls_risk_sample *s = &k->samples[r];
            if (s->summary.status == LS_NO_SOLUTION) {
                fprintf(f, "%zu,no_solution,%g,,,,,,,,\n", r + 1, s->demand);
                continue;
            }
            fmt_num(a, sizeof a, s->summary.cut);
            fmt_num(b, sizeof b, s->summary.margin);
            fmt_num(c, sizeof c, s->summary.unmet_clients);
            fmt_num(d, sizeof d, s->demand);
            fprintf(f, "%zu,%s,%s,%.2f,%s,%.2f,%.2f,%s,%s,%.2f,%.2f\n", r + 1,
                    ls_status_name(s->summary.status), d, s->summary.required, c, s->unmet_cost,
                    s->need, a, b, s->summary.allocated, s->summary.available);
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
    return ls_risk_write_csv_as(k, dir, LS_CSV_PLAIN, errs);
}

int ls_risk_write_csv_as(const ls_risk *k, const char *dir, ls_csv_style style, ls_errors *errs)
{
    return ls_csv_write_set(dir, ls_risk_csv_names, LS_RISK_CSV_FILES,
                            drops_of_a_set(dir, risk_drops), write_risk, (void *)k, style, NULL,
                            NULL, errs);
}

typedef struct batch_job {
    const ls_batch_row *rows;
    size_t n;
} batch_job;

static void write_batch(FILE *f, int i, void *ctx)
{
    const batch_job *job = ctx;
    (void)i;
    fputs(
        "model,exit_code,status,demand,budget,available,required,served_clients,unmet_clients,cut,"
        "margin,allocated,unallocated,pgb_cost,providers,error\n",
        f);
    for (size_t k = 0; k < job->n; k++) {
        const ls_batch_row rounded_row = ls_batch_row_rounded(&job->rows[k]), *r = &rounded_row;
        put_text(f, r->model);
        fprintf(f, ",%d,", r->rc);
        if (r->rc != LS_OK) {
            fputs(",,,,,,,,,,,,,", f);
            put_text(f, r->message);
            fputc('\n', f);
            continue;
        }
        char a[64], b[64], c[64], d[64];
        fmt_num(a, sizeof a, r->summary.served_clients);
        fmt_num(b, sizeof b, r->summary.unmet_clients);
        fmt_num(c, sizeof c, r->summary.cut);
        fmt_num(d, sizeof d, r->summary.margin);
        fprintf(f, "%s,%s,%.2f,%.2f,%.2f,%s,%s,%s,%s,%.2f,%.2f,%.2f,%.0f,\n",
                r->summary.status == LS_FUNDED ? "funded" : "underfunded",
                ls_demand_name(r->summary.unmet_clients), r->summary.budget, r->summary.available,
                r->summary.required, a, b, c, d, r->summary.allocated, r->summary.unallocated,
                r->summary.pgb_cost, r->providers);
    }
}

int ls_batch_write_csv(const ls_batch_row *rows, size_t n, const char *path, ls_errors *errs)
{
    return ls_batch_write_csv_as(rows, n, path, LS_CSV_PLAIN, errs);
}

int ls_batch_write_csv_as(const ls_batch_row *rows, size_t n, const char *path, ls_csv_style style,
                          ls_errors *errs)
{
    batch_job job = {rows, n};
    return ls_csv_write_file(path, write_batch, &job, style, errs);
}
