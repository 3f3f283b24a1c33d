/*
 * verdict.c — the parts of a plan's verdict read off the placement: why clients of a segment
 * go without a place, the wage index at which a placed floor reaches its ceiling, the
 * break-even wage index (only wage parts follow wages), and the limits that bind with what
 * they cost.
 */
#include "verdict.h"
#include "scenario.h"
#include "stage2.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Fewer clients than this in a contract are shown as none (as plan.c). */
#define CLIENT_TOL 1e-9
/* A dual or reduced cost smaller than this (euros) is treated as zero. */
#define DUAL_TOL 1e-6

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
        ls_segment_row *row = &r->segment_rows[c->segment];
        *f |= C_HAS_CONTRACT;
        if (row->unmet <= 0)
            continue;
        row->contracts++;
        row->above_ceiling += !c->usable;
        if (!c->usable)
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
    /* the placed contracts listed first (ls_list_above); without memory, each asked. Each
     * segment's ceiling and other costs side by side (the pass reaches the segments' records
     * in no order: they missed the cache) */
    size_t ns = m->n_segments;
    int *placed = malloc((m->n_contracts + 1) * sizeof(int));
    double *seg = malloc((2 * ns + 1) * sizeof(double));
    for (size_t s = 0; seg && s < ns; s++) {
        seg[2 * s] = ls_max_tariff(m, &m->segments[s]);
        seg[2 * s + 1] = m->segments[s].other_costs * m->price_factor;
    }
    size_t n = placed ? ls_list_above(s1->x, m->n_contracts, CLIENT_TOL, placed) : m->n_contracts;
    for (size_t k = 0; k < n; k++) {
        size_t j = placed ? (size_t)placed[k] : k;
        if (!placed && s1->x[j] <= CLIENT_TOL)
            continue;
        const ls_contract *c = &m->contracts[j];
        size_t sg = (size_t)c->segment;
        double ceiling = seg ? seg[2 * sg] : ls_max_tariff(m, &m->segments[sg]);
        /* only the wage part follows wages: floor(w) = wage·(1 + w)/(1 + w0) + other */
        double other = seg ? seg[2 * sg + 1] : m->segments[sg].other_costs * m->price_factor;
        double wage = c->floor_tariff - other;
        if (isnan(ceiling) || !(wage > 0))
            continue;
        double w = (1 + m->policy.wage_index) * (ceiling - other) / wage - 1;
        if (!(w >= least))
            least = w;
    }
    free(placed);
    free(seg);
    return least;
}

/* The provider whose max_budget holds κ on placement x: the one whose placed floor cost times
 * κ reaches its max_budget (to 1e-7 relative), the fullest where several do; SIZE_MAX when
 * none does (the budget, a domain's ceiling or a tariff ceiling holds κ). division: the
 * stage 2 of x, whose list of the placed contracts is read where it has one. */
static size_t max_budget_limit(const ls_model *m, const double *x, const ls_stage2 *division,
                               double kappa)
{
    size_t np = m->n_providers, best = SIZE_MAX;
    /* none with a max_budget: none holds κ (and the pass below would find none) */
    int any = 0;
    for (size_t p = 0; p < np; p++)
        any |= isfinite(m->providers[p].max_budget) && m->providers[p].max_budget > 0;
    if (!any)
        return SIZE_MAX;
    double *cost = calloc(np + 1, sizeof(double)), fullest = 1 - 1e-7;
    int given = division && division->placed;
    int *own = given ? NULL : malloc((m->n_contracts + 1) * sizeof(int));
    const int *placed = given ? division->placed : own;
    if (!cost || !placed) {
        free(cost);
        free(own);
        return SIZE_MAX;
    }
    /* (stage 2 lists them at 1e-9, CLIENT_TOL) */
    size_t n_placed =
        given ? division->n_placed : ls_list_above(x, m->n_contracts, CLIENT_TOL, own);
    for (size_t k = 0; k < n_placed; k++) {
        const ls_contract *c = &m->contracts[placed[k]];
        cost[c->provider] += 12 * x[placed[k]] * c->floor_tariff;
    }
    free(own);
    for (size_t p = 0; p < np; p++) {
        double cap = m->providers[p].max_budget;
        if (isfinite(cap) && cap > 0 && cost[p] > 0 && kappa * cost[p] / cap >= fullest)
            fullest = kappa * cost[p] / cap, best = p;
    }
    free(cost);
    return best;
}

int ls_plan_break_even_wage_index(const ls_model *m, const double *x, ls_scenario *scratch,
                                  const ls_stage2_groups *groups, const ls_stage2 *division,
                                  double *out, size_t *limit)
{
    *out = NAN;
    *limit = SIZE_MAX;
    double kappa = INFINITY, floor, other;
    int rc0 = ls_stage2_floor_scale_placed(m, x, groups, division, &kappa, NULL, &floor, &other);
    if (rc0 == LS_ENOSOLUTION)
        return LS_OK; /* the min_budgets fit at no wage index (a domain's pgb over its
                       * budget.<domain>): none flips the status */
    if (rc0 != LS_OK)
        return LS_EINTERNAL;
    if (!(floor > 0) || !isfinite(kappa))
        return LS_OK;
    double w = (1 + m->policy.wage_index) * kappa - 1;
    if (!(other > 0) || kappa == 0) {
        *out = w; /* every placed floor is wages alone: κ on the floors is κ on the wages */
        if (kappa > 0)
            *limit = max_budget_limit(m, x, division, kappa);
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
    /* each round moves the wage index alone, and κ reads the floors of the placed contracts
     * alone: theirs are computed (half the contracts on the Amsterdam preset), unless
     * personal budgets follow the floors (ls_model_compute_listed) */
    int *placed = malloc((m->n_contracts + 1) * sizeof(int));
    size_t n_placed = placed ? ls_list_above(x, m->n_contracts, 0, placed) : 0;
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
        if (!placed || ls_model_compute_listed(&sc->m, placed, n_placed) != 0)
            ls_scenario_compute(sc);
        at = &sc->m;
        rc = ls_stage2_floor_scale_placed(&sc->m, x, groups, NULL, &kappa, NULL, &floor, &other);
        if (rc != LS_OK || !isfinite(kappa))
            break;
    }
    if (rc == LS_ENOSOLUTION)
        rc = LS_OK, kappa = NAN; /* as above: no break-even */
    free(placed);
    if (rc == LS_OK && isfinite(kappa)) {
        *out = w;
        if (at)
            *limit = max_budget_limit(at, x, division, kappa);
    }
    return rc;
}

/* ---- what binds, and what it costs ---------------------------------------------------- */

/* Σ 12·r·x over the placement, or over one domain's (domain ≥ 0). */
static double ref_total(const ls_model *m, const ls_stage1 *s1, int domain)
{
    double total = 0;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_segment *sg = &m->segments[m->contracts[j].segment];
        if (s1->x[j] > CLIENT_TOL && (domain < 0 || sg->domain == domain))
            total += 12 * sg->ref_floor * s1->x[j];
    }
    return total;
}

static int add_binding(ls_result *r, size_t *cap, ls_binding b)
{
    if (ls_grow((void **)&r->bindings, cap, r->n_bindings, sizeof(ls_binding)) != 0)
        return -1;
    r->bindings[r->n_bindings++] = b;
    return 0;
}

/* A provider that the division cuts (its groups, g0..g1, rose inside its min_budget until they
 * stopped at it) gets its min_budget rather than what the common cut gives its floors: a
 * binding with the difference, as for a lift placed after the filling. Only where the plan is
 * cut. */
static int held_at_min_budget(const ls_model *m, const ls_stage2 *s2, ls_result *r, size_t *cap,
                              size_t g0, size_t g1)
{
    size_t p = (size_t)s2->groups[g0].provider;
    double minb = m->providers[p].min_budget, budget = 0, level = 0;
    if (!(minb > 0) || !(r->summary.cut < 0))
        return 0;
    for (size_t g = g0; g < g1; g++) {
        const ls_group *gr = &s2->groups[g];
        /* a group cut by its domain's ceiling has its domain's cut, the others the common one */
        double cut = (gr->blocked_by & LS_BLOCK_DOMAIN) && !isnan(r->cut_domain[gr->domain])
                         ? fmin(r->cut_domain[gr->domain], r->summary.cut)
                         : r->summary.cut;
        budget += gr->budget;
        level += gr->floor_cost * (1 + cut);
    }
    if (budget > minb + 0.005 + 1e-9 * minb || !(budget - level > 0.005))
        return 0;
    return add_binding(
        r, cap,
        (ls_binding){LS_BIND_MIN_BUDGET, m->providers[p].id, NULL, NULL, budget - level, 0});
}

/* A segment whose clients go unmet because every contract's floor is above its max_tariff:
 * a binding with those clients and what their care costs a year at the lowest such floor. */
static int unmet_ceilings(const ls_model *m, ls_result *r, size_t *cap)
{
    int fail = 0;
    double *lowest = NULL;
    for (size_t s = 0; s < r->n_segment_rows && !fail; s++) {
        const ls_segment_row *row = &r->segment_rows[s];
        if (!(row->unmet > 0) || !row->cause || strcmp(row->cause, "ceiling") != 0)
            continue;
        if (!lowest) { /* once, for every segment: the lowest floor of its contracts */
            lowest = malloc((m->n_segments + 1) * sizeof(double));
            if (!lowest)
                return -1;
            for (size_t k = 0; k < m->n_segments; k++)
                lowest[k] = INFINITY;
            for (size_t j = 0; j < m->n_contracts; j++) {
                const ls_contract *c = &m->contracts[j];
                lowest[c->segment] = fmin(lowest[c->segment], c->floor_tariff);
            }
        }
        double cost = isfinite(lowest[s]) ? 12 * row->unmet * lowest[s] : 0;
        fail |= add_binding(
            r, cap,
            (ls_binding){LS_BIND_UNMET_CEILING, NULL, row->segment, row->domain, row->unmet, cost});
    }
    free(lowest);
    return fail;
}

/* The limits that bind in placement (from the duals of stage 1) and in the division (from
 * the water-filling), each with what it costs. */
int ls_plan_bindings(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2, ls_result *r)
{
    size_t cap = 0;
    int fail = 0;
    for (size_t p = 0; p < m->n_providers; p++) {
        const ls_provider *pr = &m->providers[p];
        if (s1->capacity_dual[p] < -DUAL_TOL)
            fail |= add_binding(r, &cap,
                                (ls_binding){LS_BIND_CAPACITY, pr->id, NULL, NULL,
                                             pr->capacity_hours, -s1->capacity_dual[p]});
        if (s1->budget_dual[p] < -DUAL_TOL)
            fail |= add_binding(r, &cap,
                                (ls_binding){LS_BIND_PROVIDER_MAX, pr->id, NULL, NULL,
                                             pr->max_budget, -s1->budget_dual[p]});
    }
    /* d cost / d target = dual · Σ 12·r·x (the row's slope in the target, at reference
     * prices), per point; a target out of reach has no price: what it misses is reported.
     * Row k is over every contract (k = 0) or over domain k − 1's */
    for (int k = 0; k < LS_N_LOCAL; k++) {
        double target = ls_stage1_target(m, k);
        const char *domain = k ? ls_domain_names[k - 1] : NULL;
        double share = k ? r->local_share_domain[k - 1] : r->local_share;
        if (target > 0 && s1->local_shortfall[k] > 0)
            fail |= add_binding(r, &cap,
                                (ls_binding){LS_BIND_LOCAL_MISSED, NULL, NULL, domain, share,
                                             s1->local_shortfall[k]});
        else if (target > 0 && s1->local_dual[k] > DUAL_TOL * 1e-3)
            fail |= add_binding(r, &cap,
                                (ls_binding){LS_BIND_LOCAL, NULL, NULL, domain, target,
                                             s1->local_dual[k] * ref_total(m, s1, k - 1) * 0.01});
    }
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        double d = ls_stage1_rc(s1)[j];
        if (!c->usable)
            continue;
        /* (the ids only for a binding: looking them up for every contract is two cache
         * misses each) */
        if (isfinite(c->max_clients) && s1->x[j] >= c->max_clients - 1e-7 && d < -DUAL_TOL)
            fail |= add_binding(r, &cap,
                                (ls_binding){LS_BIND_MAX_CLIENTS, m->providers[c->provider].id,
                                             m->segments[c->segment].id, NULL, c->max_clients, -d});
        /* (not in a segment with clients left without a place: no other contract of it has
         * room, or they would have a place, so the saving would be a client left without
         * care, which the placement's priorities rule out) */
        else if (s1->lower[j] > CLIENT_TOL && s1->x[j] <= s1->lower[j] + 1e-7 && d > DUAL_TOL &&
                 !(s1->u[c->segment] > CLIENT_TOL))
            fail |= add_binding(r, &cap,
                                (ls_binding){LS_BIND_CONTINUITY, m->providers[c->provider].id,
                                             m->segments[c->segment].id, NULL, s1->lower[j], d});
    }
    /* a frozen group: one binding per row that blocked it (the total row is not a limit of
     * its own); a provider lifted to its min_budget: one binding with the lift */
    for (size_t g = 0; g < s2->n_groups; g++) {
        const ls_group *gr = &s2->groups[g];
        static const struct {
            unsigned bit;
            ls_binding_kind kind;
        } kinds[] = {{LS_BLOCK_CEILING, LS_BIND_CEILING},
                     {LS_BLOCK_MAX_BUDGET, LS_BIND_BUDGET_CAP},
                     {LS_BLOCK_DOMAIN, LS_BIND_DOMAIN_CAP},
                     {LS_BLOCK_LOCAL, LS_BIND_LOCAL_SHARE}};
        /* a local row's: the share of the budget it holds (the domain's own row where the
         * domain has one) */
        double lambda = s2->local_lambda_domain[gr->domain] > 0
                            ? s2->local_lambda_domain[gr->domain]
                            : s2->local_lambda;
        for (size_t k = 0; gr->frozen && k < sizeof kinds / sizeof *kinds; k++)
            if (gr->blocked_by & kinds[k].bit)
                fail |= add_binding(
                    r, &cap,
                    (ls_binding){kinds[k].kind, m->providers[gr->provider].id, NULL,
                                 ls_domain_names[gr->domain], gr->frozen_amount,
                                 kinds[k].kind == LS_BIND_LOCAL_SHARE ? lambda : 0});
    }
    /* the groups come provider by provider: [g0, g) are p's */
    for (size_t g = 0, g0; g < s2->n_groups;) {
        size_t p = (size_t)s2->groups[g].provider;
        double lift = 0;
        for (g0 = g; g < s2->n_groups && (size_t)s2->groups[g].provider == p; g++)
            lift += s2->groups[g].lift;
        if (lift > 0.005)
            fail |= add_binding(
                r, &cap, (ls_binding){LS_BIND_MIN_BUDGET, m->providers[p].id, NULL, NULL, lift, 0});
        else
            fail |= held_at_min_budget(m, s2, r, &cap, g0, g);
    }
    return fail || unmet_ceilings(m, r, &cap) ? LS_EINTERNAL : LS_OK;
}
