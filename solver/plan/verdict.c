/*
 * verdict.c — the parts of a plan's verdict read off the placement: why clients of a segment
 * go without a place, and the wage index at which a placed floor reaches its ceiling.
 */
#include "verdict.h"

#include <math.h>
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
 * the least (1 + wage_index)·max_tariff/floor − 1; NAN when no placed contract has one. */
double ls_plan_ceiling_wage_index(const ls_model *m, const ls_stage1 *s1)
{
    if (m->policy.index_max_tariff)
        return NAN; /* the ceilings follow the wage index: no floor ever reaches one */
    double least = NAN;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        double ceiling = ls_max_tariff(m, &m->segments[c->segment]);
        if (s1->x[j] <= CLIENT_TOL || isnan(ceiling) || !(c->floor_tariff > 0))
            continue;
        double w = (1 + m->policy.wage_index) * ceiling / c->floor_tariff - 1;
        if (!(w >= least))
            least = w;
    }
    return least;
}

