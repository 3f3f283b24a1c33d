/*
 * cli_report.c — the report `lumpsum plan` prints: the verdict first (never without the
 * clients who have no place), the figures, what binds, the providers; with --years the path
 * year by year before it. Formatting only; the figures come from the library.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lumpsum.h"
#include "util.h"

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

/* The opening: what the budget covers, or which ceilings cut whom. */
static void print_intro(const char *dir, const ls_result *r)
{
    print_verdict(r);
    printf("\nlumpsum plan %s%s%s\n\n", dir, r->year ? ", year " : "", r->year ? r->year : "");
    if (r->status == LS_FUNDED) {
        printf("The budget covers CAO-conform tariffs for every placed client; every provider\n"
               "gets its floor cost plus %s%.2f %%%s, up to its cap.\n\n",
               r->quality_weighted ? "a quality-weighted " : "", 100 * r->margin,
               r->quality_weighted ? " (at average quality)" : "");
        return;
    }
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

/* The money, the margin or cut, the break-evens and the local share, then unmet demand. */
static void print_figures(const ls_result *r)
{
    char a[64], b[64];
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
}

/* What binds: at most five of a kind, the costliest first. */
static void print_bindings(const ls_result *r)
{
    printf("\nWhat binds and what it costs:\n");
    if (!r->n_bindings)
        printf("  nothing: no capacity, ceiling, cap or share limits the plan.\n");
    ls_binding *sorted = malloc((r->n_bindings + 1) * sizeof(ls_binding));
    if (!sorted)
        return;
    if (r->n_bindings)
        memcpy(sorted, r->bindings, r->n_bindings * sizeof(ls_binding));
    qsort(sorted, r->n_bindings, sizeof(ls_binding), cmp_binding);
    size_t shown = 0, same = 0;
    for (size_t i = 0; i < r->n_bindings; i++) {
        /* sorted: a kind's run is contiguous; counted in one pass, a country has hundreds of
         * thousands of bindings */
        same = i > 0 && sorted[i - 1].kind == sorted[i].kind ? same + 1 : 0;
        if (same < 5) {
            print_binding(&sorted[i]);
            shown++;
        }
    }
    if (shown < r->n_bindings)
        printf("  … and %zu more (lumpsum plan --json lists them all)\n", r->n_bindings - shown);
    free(sorted);
}

/* The providers table, its money rounded so that the rows add up to the printed total. */
static void print_providers(const ls_result *r)
{
    char a[64], b[64];
    double *rb = malloc((r->n_budgets + 1) * sizeof(double));
    double *rf = malloc((r->n_budgets + 1) * sizeof(double));
    if (!rb || !rf) {
        free(rb);
        free(rf);
        return;
    }
    for (size_t i = 0; i < r->n_budgets; i++)
        rb[i] = r->budgets[i].budget, rf[i] = r->budgets[i].floor_cost;
    ls_round_cents(rb, r->n_budgets, rb);
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

void ls_cli_report_plan(const char *dir, const ls_result *r)
{
    print_intro(dir, r);
    print_figures(r);
    print_bindings(r);
    print_providers(r);
}

/* plan --years: the table a row a year, and the first year whose floors the budget misses. */
void ls_cli_report_years(ls_result *const *res, size_t n)
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
