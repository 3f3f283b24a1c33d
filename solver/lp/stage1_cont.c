/*
 * stage1_cont.c — the continuity bounds, and what else a sync of stage 1's LP writes that is
 * computed from the model alone, without GLPK (stage1_lp.h, ls_stage1_lp_presync): each
 * segment's dense copies and, the first time, the tie-break's preference. Another thread
 * may read them before stage1_sync.c writes them (the network start, stage1.c). It calls
 * stage1_lp.c alone.
 */
#include "stage1_lp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Contract c's continuity bound at its segment's scale (before any provider's factor). */
static inline double cont_bound(const ls_contract *c, double shift, double scale)
{
    return c->usable && c->current_clients != 0 ? (1 - shift) * c->current_clients * scale : 0.0;
}

/* s1->cont_fits for the listed contracts: at every segment's scale 1, is each bound ≥ 0,
 * every provider's hours and floor cost within its capacity and max_budget, each bound
 * below its max_clients by more than the pass below's margin (and each floor ≥ 0)? A scale
 * ≤ 1 then gives bounds no larger, and sums of them no larger (a rounded product and sum
 * never fall as a term rises), so that no provider's factor and no max_clients ever
 * applies: the pass below would return before it scales. */
static void cont_fits(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    size_t np = m->n_providers, ns = m->n_segments, n = s1->n_cont_list;
    const int *list = s1->cont_list;
    s1->cont_fits = 0;
    if (!s1->cont_moved) {
        s1->cont_moved = malloc((m->n_contracts + 1) * sizeof(int));
        s1->cont_base = malloc((m->n_contracts + 1) * sizeof(double));
        s1->cont_max = malloc((m->n_contracts + 1) * sizeof(double));
        s1->cont_seg_moved = malloc(ns + 1);
        if (!s1->cont_moved || !s1->cont_base || !s1->cont_max || !s1->cont_seg_moved)
            return;
    }
    double *hours = s1->cont_hours, *cost = s1->cont_cost;
    for (size_t p = 0; p < np; p++)
        hours[p] = cost[p] = 0;
    int fits = 1;
    for (size_t k = 0; k < n; k++) {
        const ls_contract *c = &m->contracts[list[k]];
        double lo = cont_bound(c, s1->seg_shift[c->segment], 1.0);
        /* a listed contract is usable with clients today: its bound is this times its
         * segment's scale, the same product */
        s1->cont_base[k] = (1 - s1->seg_shift[c->segment]) * c->current_clients;
        s1->cont_max[k] = c->max_clients;
        fits &= lo >= 0 && c->floor_tariff >= 0 && !(lo > c->max_clients * (1 - 1e-12));
        hours[c->provider] += 12 * s1->seg_hours[c->segment] * lo;
        cost[c->provider] += 12 * c->floor_tariff * lo;
    }
    for (size_t p = 0; p < np; p++)
        fits &= !(hours[p] > m->providers[p].capacity_hours) &&
                !(cost[p] > m->providers[p].max_budget);
    s1->cont_fits = fits;
}

/* The listed bounds where s1->cont_fits (nothing but its segment's scale moves one), and
 * those of the segments whose scale moved since listed, in their order, for the sync. A
 * bound whose scale stands comes out as it was, to the bit. From the copies side by side
 * (cont_base, col_seg), not the contracts' records: a pass over these, every other record
 * in no order, missed the cache. */
static void cont_rescale(ls_stage1 *s1, const double *scale)
{
    const ls_model *m = s1->m;
    char *seg_moved = s1->cont_seg_moved;
    for (size_t s = 0; s < m->n_segments; s++) {
        seg_moved[s] = scale[s] != s1->cont_scale[s];
        s1->cont_scale[s] = scale[s];
    }
    /* a second pass before the sync wrote the first one's: the sync writes them all */
    s1->cont_all_dirty |= s1->n_cont_moved > 0;
    const int *list = s1->cont_list, *col_seg = s1->col_seg;
    const double *base = s1->cont_base;
    size_t n = 0;
    for (size_t k = 0; k < s1->n_cont_list; k++) {
        int j = list[k], sg = col_seg[j];
        s1->lower[j] = base[k] * scale[sg];
        /* without a branch: about every other segment's scale moves, in no order */
        s1->cont_moved[n] = (int)k, n += (size_t)seg_moved[sg];
    }
    s1->n_cont_moved = n;
}

/* Continuity: x[p,s] ≥ (1 − max_shift_s) · current[p,s] · min(1, clients_s / Σ_q
 * current[q,s]): today's clients stay, scaled down when demand falls below today's caseload,
 * and then, provider by provider, by one factor for all its contracts as far as its own
 * limits (capacity, max_budget, each contract's max_clients) need to hold them. So the bounds
 * alone never break a limit: a placement always exists (clients it cannot hold go unmet). */
static void continuity_bounds(ls_stage1 *s1, double *scale)
{
    const ls_model *m = s1->m;
    size_t np = m->n_providers, ns = m->n_segments, nc = m->n_contracts;
    /* the contracts that can hold clients (today's clients at a usable contract) and each
     * segment's sum of today's clients, listed by a pass over every contract: when only
     * clients moved since (s1->clients_only), they stand, and the passes below go over the
     * listed contracts alone (every other bound stays 0), in the same order, to the bit */
    int listed = s1->clients_only && s1->cont_listed;
    s1->bounds_kept = 0;
    if (s1->policy_only && s1->cont_listed && s1->cont_epoch == m->usable_epoch &&
        !s1->cont_all_dirty && !s1->n_cont_moved) {
        /* a floor reaches the bounds through a max_budget alone, and through usability */
        int budgets = 0;
        for (size_t p = 0; p < np; p++)
            budgets |= !isinf(m->providers[p].max_budget);
        if (!budgets) {
            s1->bounds_kept = 1;
            s1->cont_fits = -1; /* it read the floors: a later draw checks them again */
            return;
        }
    }
    s1->cont_epoch = m->usable_epoch;
    if (!listed) {
        if (!s1->cont_list) {
            s1->cont_list = malloc((nc + 1) * sizeof(int));
            s1->cont_total = malloc((ns + 1) * sizeof(double));
        }
        int *list = s1->cont_list && s1->cont_total ? s1->cont_list : NULL;
        size_t n = 0;
        for (size_t s = 0; s < ns; s++)
            scale[s] = 0;
        int dummy, *to = list ? list : &dummy;
        size_t step = list != NULL; /* no list: each contract written on one int */
        for (size_t j = 0; j < nc; j++) {
            const ls_contract *c = &m->contracts[j];
            scale[c->segment] += c->current_clients;
            s1->lower[j] = 0;
            /* without a branch: every other contract holds clients today, in no order */
            to[n * step] = (int)j;
            n += (size_t)((c->usable != 0) & (c->current_clients != 0));
        }
        n *= step;
        if (list)
            memcpy(s1->cont_total, scale, ns * sizeof(double));
        s1->n_cont_list = n;
        s1->cont_listed = list != NULL;
        s1->cont_fits = -1;
    } else
        memcpy(scale, s1->cont_total, ns * sizeof(double));
    /* the sum of today's clients becomes the segment's scale (a segment each, not a contract
     * each: a risk run redraws every segment's clients) */
    for (size_t s = 0; s < ns; s++) {
        double total = scale[s], clients = m->segments[s].clients;
        scale[s] = total > clients ? clients / total : 1.0;
    }
    /* a risk draw: the bounds of the segments whose scale moved (about half of them) */
    if (listed && s1->cont_scale_ok && s1->cont_fits < 0)
        cont_fits(s1);
    if (listed && s1->cont_scale_ok && s1->cont_fits == 1) {
        cont_rescale(s1, scale);
        return;
    }
    /* every listed bound from here: the sync writes them all */
    s1->cont_all_dirty = 1;
    s1->cont_scale_ok = 0;
    if (!s1->cont_scale && !(s1->cont_scale = malloc((ns + 1) * sizeof(double))))
        s1->cont_fits = 0;
    /* each bound, and per provider the hours and floor cost the bounds take and the smallest
     * ratio of a contract's max_clients to its bound, in one pass */
    double *hours = s1->cont_hours, *cost = s1->cont_cost, *room = s1->cont_room;
    for (size_t p = 0; p < np; p++)
        hours[p] = cost[p] = 0, room[p] = 1;
    const int *list = s1->cont_listed ? s1->cont_list : NULL;
    size_t n = list ? s1->n_cont_list : nc;
    int any = 0, near_max = 0;
    for (size_t k = 0; k < n; k++) {
        size_t j = list ? (size_t)list[k] : k;
        const ls_contract *c = &m->contracts[j];
        double lo = cont_bound(c, s1->seg_shift[c->segment], scale[c->segment]);
        s1->lower[j] = lo;
        if (lo == 0)
            continue;
        any |= lo > 0;
        hours[c->provider] += 12 * s1->seg_hours[c->segment] * lo;
        cost[c->provider] += 12 * c->floor_tariff * lo;
        if (c->max_clients < lo)
            room[c->provider] = fmin(room[c->provider], c->max_clients / lo);
        near_max |= lo > c->max_clients * (1 - 1e-12);
    }
    /* where no bound is scaled further, each is its segment's scale's alone */
    int plain = s1->cont_listed && s1->cont_scale;
    if (plain)
        memcpy(s1->cont_scale, scale, ns * sizeof(double));
    s1->cont_scale_ok = plain;
    if (!any)
        return; /* most risk runs and sweeps: nothing held, nothing to scale */
    int scaled = 0;
    for (size_t p = 0; p < np; p++) {
        const ls_provider *pr = &m->providers[p];
        double f = room[p];
        if (hours[p] > pr->capacity_hours)
            f = fmin(f, pr->capacity_hours / hours[p]);
        if (cost[p] > pr->max_budget)
            f = fmin(f, pr->max_budget / cost[p]);
        room[p] = f;
        scaled |= f < 1;
    }
    if (!scaled && !near_max)
        return; /* every bound within its provider's limits and below its max_clients */
    s1->cont_scale_ok = 0;
    for (size_t k = 0; k < n; k++) {
        size_t j = list ? (size_t)list[k] : k;
        double lo = s1->lower[j], max = m->contracts[j].max_clients;
        if (lo == 0)
            continue;
        if (room[m->contracts[j].provider] < 1)
            lo *= room[m->contracts[j].provider];
        /* the product can land a hair either side of the limit it was scaled to, and today's
         * clients less the shift a hair below a max_clients meant to equal them (7 · 0.7 is
         * 4.8999999999999995, max_clients 4.9): on the limit, so that the contract is fixed
         * there. A hair below left it double-bounded with bounds one rounding apart, which
         * GLPK's column scale can make equal: GLPK then aborts the process (spx_build_lp's
         * assertion l[k] != u[k]) */
        s1->lower[j] = lo > max * (1 - 1e-12) ? max : lo;
    }
}

/* s1's per-segment copies (seg_hours, seg_shift, seg_domain) from the model. */
static void segments_dense(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    for (size_t s = 0; s < m->n_segments; s++) {
        const ls_segment *sg = &m->segments[s];
        s1->seg_hours[s] = sg->hours_per_month;
        s1->seg_shift[s] = isnan(sg->max_shift) ? m->policy.max_shift : sg->max_shift;
        s1->seg_domain[s] = (unsigned char)sg->domain;
    }
}

int ls_stage1_lp_presync(ls_stage1 *s1)
{
    segments_dense(s1);
    if (!s1->tie_hash) {
        if (!(s1->tie_hash = malloc((s1->m->n_contracts + 1) * sizeof(double))))
            return -1;
        ls_stage1_lp_preference_init(s1);
    }
    double *scale = malloc((s1->m->n_segments + 1) * sizeof(double));
    if (!scale)
        return -1;
    continuity_bounds(s1, scale);
    free(scale);
    return 0;
}
