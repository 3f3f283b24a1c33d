/*
 * verdict.c — the parts of a plan's verdict read off the placement: why clients of a segment
 * go without a place, the wage index at which a placed floor reaches its ceiling, and the
 * break-even wage index (only wage parts follow wages).
 */
#include "verdict.h"
#include "scenario.h"
#include "stage2.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Fewer clients than this in a contract are shown as none (as plan.c). */
#define CLIENT_TOL 1e-9

/* Why clients of a segment go unmet, from its contracts: none, none usable (every floor
 * above the ceiling), else the limits that bind on the usable ones. A provider whose row is
 * full while its other segments' clients there are all held by continuity counts as
 * continuity too. */
static const char *const cause_names[16] = {
    "limits", "capacity", "max_clients", "capacity+max_clients", "max_budget",
    "capacity+max_budget", "max_clients+max_budget", "capacity+max_clients+max_budget",
    "continuity", "capacity+continuity", "max_clients+continuity",
    "capacity+max_clients+continuity", "max_budget+continuity", "capacity+max_budget+continuity",
    "max_clients+max_budget+continuity", "capacity+max_clients+max_budget+continuity"};
enum { C_CAPACITY = 1, C_MAX_CLIENTS = 2, C_MAX_BUDGET = 4, C_CONTINUITY = 8,
       C_HAS_CONTRACT = 16, C_HAS_USABLE = 32 };

int ls_plan_unmet_causes(const ls_model *m, const ls_stage1 *s1, ls_result *r)
{
    size_t np = m->n_providers, ns = m->n_segments;
    double *hours = calloc(2 * (np + 1), sizeof(double)), *cost = hours + np + 1;
    unsigned *flags = calloc(ns + 1, sizeof(unsigned));
    char *free_load = calloc(np + 1, 1); /* p holds clients of a segment beyond continuity */
    if (!hours || !flags || !free_load) {
        free(hours);
        free(flags);
        free(free_load);
        return LS_EINTERNAL;
    }
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        hours[c->provider] += 12 * m->segments[c->segment].hours_per_month * s1->x[j];
        cost[c->provider] += 12 * c->floor_tariff * s1->x[j];
        if (s1->x[j] > s1->lower[j] + 1e-7)
            free_load[c->provider] = 1;
    }
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        const ls_provider *p = &m->providers[c->provider];
        unsigned *f = &flags[c->segment];
        *f |= C_HAS_CONTRACT;
        if (!c->usable || r->segment_rows[c->segment].unmet <= 0)
            continue;
        *f |= C_HAS_USABLE;
        int full = 0;
        if (s1->capacity_row[c->provider] && hours[c->provider] >= p->capacity_hours * (1 - 1e-7))
            *f |= C_CAPACITY, full = 1;
        if (s1->x[j] >= c->max_clients - 1e-7)
            *f |= C_MAX_CLIENTS;
        if (s1->budget_row[c->provider] && cost[c->provider] >= p->max_budget * (1 - 1e-7))
            *f |= C_MAX_BUDGET, full = 1;
        if (full && !free_load[c->provider] && hours[c->provider] > 0)
            *f |= C_CONTINUITY;
    }
    for (size_t s = 0; s < ns; s++) {
        ls_segment_row *row = &r->segment_rows[s];
        if (row->unmet <= 0)
            continue;
        row->cause = !(flags[s] & C_HAS_CONTRACT) ? "no_contract"
                     : !(flags[s] & C_HAS_USABLE) ? "ceiling"
                                                   : cause_names[flags[s] & 15];
    }
    free(hours);
    free(flags);
    free(free_load);
    return LS_OK;
}

/* The wage index at which the first placed contract's floor reaches its segment's ceiling:
 * the least (1 + wage_index)·(max_tariff − other)/(floor − other) − 1, other being the
 * segment's other costs; NAN when no placed contract has one. */
double ls_plan_ceiling_wage_index(const ls_model *m, const ls_stage1 *s1)
{
    if (m->policy.index_max_tariff)
        return NAN; /* the ceilings follow the wage index: no floor ever reaches one */
    double least = NAN;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        double ceiling = ls_max_tariff(m, &m->segments[c->segment]);
        /* only the wage part follows wages: floor(w) = wage·(1 + w)/(1 + w0) + other */
        double other = m->segments[c->segment].other_costs * m->price_factor;
        double wage = c->floor_tariff - other;
        if (s1->x[j] <= CLIENT_TOL || isnan(ceiling) || !(wage > 0))
            continue;
        double w = (1 + m->policy.wage_index) * (ceiling - other) / wage - 1;
        if (!(w >= least))
            least = w;
    }
    return least;
}


/* Σ 12·x·floor and Σ 12·x·other costs over the placement x. */
static void placed_costs(const ls_model *m, const double *x, double *floor, double *other)
{
    *floor = *other = 0;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        if (x[j] > CLIENT_TOL) {
            *floor += 12 * x[j] * c->floor_tariff;
            *other += 12 * x[j] * m->segments[c->segment].other_costs * m->price_factor;
        }
    }
}

/* The provider whose max_budget holds κ on placement x: the one whose placed floor cost times
 * κ reaches its max_budget (to 1e-7 relative), the fullest where several do; SIZE_MAX when
 * none does (the budget, a domain's ceiling or a tariff ceiling holds κ). */
static size_t max_budget_limit(const ls_model *m, const double *x, double kappa)
{
    size_t np = m->n_providers, best = SIZE_MAX;
    double *cost = calloc(np + 1, sizeof(double)), fullest = 1 - 1e-7;
    if (!cost)
        return SIZE_MAX;
    for (size_t j = 0; j < m->n_contracts; j++)
        if (x[j] > CLIENT_TOL)
            cost[m->contracts[j].provider] += 12 * x[j] * m->contracts[j].floor_tariff;
    for (size_t p = 0; p < np; p++) {
        double cap = m->providers[p].max_budget;
        if (isfinite(cap) && cap > 0 && cost[p] > 0 && kappa * cost[p] / cap >= fullest)
            fullest = kappa * cost[p] / cap, best = p;
    }
    free(cost);
    return best;
}

int ls_plan_break_even_wage_index(const ls_model *m, const double *x, ls_scenario *scratch,
                                  double *out, size_t *limit)
{
    *out = NAN;
    *limit = SIZE_MAX;
    double kappa = INFINITY, floor, other;
    if (ls_stage2_floor_scale(m, x, &kappa, NULL) != LS_OK)
        return LS_EINTERNAL;
    placed_costs(m, x, &floor, &other);
    if (!(floor > 0) || !isfinite(kappa))
        return LS_OK;
    double w = (1 + m->policy.wage_index) * kappa - 1;
    if (!(other > 0) || kappa == 0) {
        *out = w; /* every placed floor is wages alone: κ on the floors is κ on the wages */
        if (kappa > 0)
            *limit = max_budget_limit(m, x, kappa);
        return LS_OK;
    }
    /* With other costs only the wage part W moves: the division pays the floors scaled by κ,
     * so the wage part must carry κ·F − O, i.e. (1 + w') = (1 + w)·(κ·F − O)/W; then κ is
     * measured again at w', until it is 1 (a few rounds: κ − 1 shrinks by about O/F each). */
    if (scratch->base != m) {
        ls_scenario_free(scratch);
        if (ls_scenario_init(scratch, m) != LS_OK)
            return LS_EINTERNAL;
    } else
        ls_scenario_reset_values(scratch);
    ls_scenario *sc = scratch;
    const ls_model *at = m; /* the floors κ was last measured on */
    w = m->policy.wage_index;
    int rc = LS_OK;
    for (int round = 0; round < 100 && fabs(kappa - 1) > 1e-12; round++) {
        double grow = (1 + w) * (kappa * floor - other) / (floor - other);
        if (!(grow > 0)) {
            w = -1; /* even at no wages the other costs do not fit */
            at = NULL;
            break;
        }
        w = grow - 1;
        sc->m.policy.wage_index = w;
        ls_scenario_compute(sc);
        at = &sc->m;
        if ((rc = ls_stage2_floor_scale(&sc->m, x, &kappa, NULL)) != LS_OK || !isfinite(kappa))
            break;
        placed_costs(&sc->m, x, &floor, &other);
    }
    if (rc == LS_OK && isfinite(kappa)) {
        *out = w;
        if (at)
            *limit = max_budget_limit(at, x, kappa);
    }
    return rc;
}
