/*
 * years.c — the multi-year path (docs/multi-year.md): plan years 1..n, each year's scenario
 * set from the model given (its clients grown, its budget, its tariffs' wage and price
 * factors, its current clients last year's placement) and solved warm from the year before.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "i18n.h"
#include "model.h"
#include "planner.h"
#include "scenario.h"
#include "util.h"

int ls_plan_years(const ls_model *m, size_t years, ls_result ***out, ls_errors *errs)
{
    return ls_plan_years_hooked(m, years, NULL, NULL, NULL, out, errs);
}

/* Year k's (0 for the first) scenario of the path: m's clients and budget grown, its tariffs
 * indexed, its current clients last year's placement (x; NULL in the first year). */
static void set_year(ls_model *y, const ls_model *m, size_t k, const double *x, char *label,
                     size_t label_size)
{
    const ls_policy *pol = &m->policy;
    double kk = (double)k;
    y->year_factor = pol->wage_share * pow(1 + pol->index_wage, kk) +
                     (1 - pol->wage_share) * pow(1 + pol->index_price, kk);
    y->price_factor = pow(1 + pol->index_price, kk); /* other costs follow prices alone */
    for (size_t s = 0; s < m->n_segments; s++) {
        double g = pol->growth_domain[m->segments[s].domain];
        double f = pow(1 + (isnan(g) ? pol->growth_demand : g), kk);
        y->segments[s].clients = m->segments[s].clients * f;
        y->segments[s].pgb_clients = m->segments[s].pgb_clients * f;
    }
    int numeric_year = ls_policy_year_label(pol, k, label, label_size);
    y->policy.budget = pol->budget * pow(1 + pol->budget_growth, kk);
    /* year 1 is the model as given, its budget the key budget (a what-if's on the budget
     * too), as in every command; the reader refuses a budget.<year> of it that differs */
    for (size_t i = 0; numeric_year && k > 0 && i < pol->n_budget_years; i++)
        if (strcmp(pol->budget_years[i].key, label) == 0)
            y->policy.budget = pol->budget_years[i].value;
    /* continuity: this year's current clients are last year's placement, as its results
     * show it (a rounding's 10^-16 clients made a provider today's for the tie-break) */
    if (x)
        for (size_t j = 0; j < m->n_contracts; j++)
            y->contracts[j].current_clients = x[j] > LS_CLIENT_TOL ? x[j] : 0;
}

int ls_plan_year_available(const ls_model *m, size_t k, double *available, double *after_reserve)
{
    ls_scenario sc;
    if (ls_scenario_init(&sc, m) != LS_OK)
        return LS_EINTERNAL;
    char label[96];
    set_year(&sc.m, m, k, NULL, label, sizeof label);
    ls_scenario_compute(&sc);
    *after_reserve = sc.m.policy.budget * (1 - sc.m.policy.reserve);
    *available = *after_reserve - sc.m.pgb_cost;
    ls_scenario_free(&sc);
    return LS_OK;
}

/* Whether the path's money stays within what cents hold (LS_MONEY_MAX a year, the bound the
 * reader holds every amount to): each year's budget and its demand at its dearest floors,
 * worked out in sc (the planner's scenario, which each solve sets again). 0, or −1 with why. */
static int path_within_money(ls_scenario *sc, const ls_model *m, size_t years, char *why,
                             size_t why_size)
{
    for (size_t k = 1; k < years; k++) {
        char label[96], a[64], g[64];
        double cost;
        size_t big;
        set_year(&sc->m, m, k, NULL, label, sizeof label);
        ls_scenario_compute(sc);
        if (ls_demand_cost(&sc->m, &cost, &big) != 0)
            return 0;
        double budget = sc->m.policy.budget;
        if (!(budget > LS_MONEY_MAX) && !(cost > LS_MONEY_MAX))
            continue;
        if (budget > LS_MONEY_MAX) /* only budget.growth can: budget.<year> is bounded */
            ls_fmt(why, why_size,
                   P_("%zu year with budget.growth %s would grow the budget to € %s in year %s, "
                      "more than lumpsum counts to the cent (€ 10^13 a year): plan at most %zu "
                      "years",
                      "%zu years with budget.growth %s would grow the budget to € %s in year %s, "
                      "more than lumpsum counts to the cent (€ 10^13 a year): plan at most %zu "
                      "years",
                      years),
                   years, ls_format_plain(g, sizeof g, m->policy.budget_growth, ls_text_style()),
                   ls_format_sig(a, sizeof a, budget, 3, ls_text_style()), label, k);
        else
            ls_fmt(why, why_size,
                   P_("%zu year would take the demand to € %s a year at its floor tariffs in "
                      "year %s (index.wage, index.price and growth), more than lumpsum counts to "
                      "the cent (€ 10^13 a year): plan at most %zu years",
                      "%zu years would take the demand to € %s a year at its floor tariffs in "
                      "year %s (index.wage, index.price and growth), more than lumpsum counts to "
                      "the cent (€ 10^13 a year): plan at most %zu years",
                      years),
                   years, ls_format_sig(a, sizeof a, cost, 3, ls_text_style()), label, k);
        return -1;
    }
    return 0;
}

/* The messages from n_before on name the plan year they are about: "plan year 2027: …". */
static void in_year(ls_errors *errs, size_t n_before, const char *label)
{
    const char *fmt = _("plan year %s: %s");
    for (size_t i = n_before; i < errs->n_errors; i++) {
        char *was = errs->errors[i].message;
        size_t size = strlen(fmt) + strlen(label) + strlen(was) + 1;
        char *now = malloc(size);
        if (now) {
            snprintf(now, size, fmt, label, was);
            errs->errors[i].message = now;
            free(was);
        }
    }
}

int ls_plan_years_hooked(const ls_model *m, size_t years, const ls_planner_options *popts,
                         ls_year_hook hook, void *ctx, ls_result ***out, ls_errors *errs)
{
    *out = NULL;
    char why[512];
    if (ls_policy_check_years(m, years, why, sizeof why) != 0) {
        ls_error_add(errs, "years", 0, 0, "%s", why);
        return LS_EUSAGE;
    }
    ls_result **res = calloc(years + 1, sizeof(*res));
    ls_planner *pl = NULL;
    int rc = res ? ls_planner_create_with(m, popts, &pl) : LS_EINTERNAL;
    if (rc != LS_OK) {
        free(res);
        return LS_EINTERNAL;
    }
    if (path_within_money(ls_planner_scenario(pl), m, years, why, sizeof why) != 0) {
        ls_error_add(errs, "years", 0, 0, "%s", why);
        ls_planner_free(pl);
        free(res);
        return LS_EUSAGE;
    }
    for (size_t k = 0; k < years && rc == LS_OK; k++) {
        char label[96]; /* a year of up to 64 characters and "+k" */
        ls_scenario *sc = ls_planner_scenario(pl);
        set_year(&sc->m, m, k, k > 0 ? ls_planner_placement(pl) : NULL, label, sizeof label);
        if (hook) /* e.g. risk: draw this year's clients around their expectation */
            hook(ctx, &sc->m, k);
        ls_scenario_compute(sc);
        ls_planner_set_last(pl, k + 1 == years);
        size_t n_before = errs->n_errors;
        rc = ls_planner_solve(pl, &res[k], errs);
        if (rc == LS_OK) {
            free((char *)res[k]->year);
            res[k]->year = strdup(label);
            if (!res[k]->year)
                rc = LS_EINTERNAL;
            /* the scenario is the keys as given (budget and budget.growth), not this year's
             * budget beside the first year's label */
            if (rc == LS_OK && res[k]->settings) {
                free(res[k]->settings);
                res[k]->settings = NULL;
                res[k]->n_settings = 0;
                rc = ls_policy_settings(m, &res[k]->settings, &res[k]->n_settings);
            }
        } else if (years > 1)
            in_year(errs, n_before, label);
    }
    ls_planner_free(pl);
    if (rc != LS_OK) {
        ls_results_free(res, years);
        return rc;
    }
    *out = res;
    return LS_OK;
}

