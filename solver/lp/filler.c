/*
 * filler.c — the state of stage 2's progressive filling and its rows in closed form: the
 * groups g = (provider, domain) with their floor costs, ceilings and weights; the facts per
 * provider and domain the rounds read; each money row as a piecewise linear sum in t; and why
 * the min_budgets cannot be held when they cannot.
 */
#include "filler.h"
#include "format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* ---- piecewise linear sums ------------------------------------------------------------ */

void ls_filler_pw_reset(pwsum *s)
{
    s->a = s->b = 0;
    s->k = 0;
}

void ls_filler_pw_add(pwsum *s, double lo, double a, double b)
{
    if (lo > 0) {
        s->lo[s->k] = lo, s->ia[s->k] = a, s->ib[s->k] = b;
        s->k++;
    } else {
        s->a += a, s->b += b;
    }
}

double ls_filler_pw_value(const pwsum *s, double t)
{
    double v = s->a + s->b * t;
    for (size_t i = 0; i < s->k; i++)
        v += fmax(s->lo[i], s->ia[i] + s->ib[i] * t);
    return v;
}

/* The largest t ≥ t0 with value(t) ≤ limit (INFINITY: none). The row never pushes t below
 * t0: a limit a rounding error below value(t0) counts as value(t0). On the segment found,
 * t comes from that segment's linear form at once (no sum of steps), to keep every euro. */
double ls_filler_pw_largest(const pwsum *s, double limit, double t0)
{
    limit = fmax(limit, ls_filler_pw_value(s, t0));
    for (double cur = t0;;) {
        double next = INFINITY;
        for (size_t i = 0; i < s->k; i++)
            if (s->ib[i] > 0) {
                double tau = (s->lo[i] - s->ia[i]) / s->ib[i];
                if (tau > cur && tau < next)
                    next = tau;
            }
        /* the linear form on (cur, next) */
        double mid = isinf(next) ? cur + 1 : cur + (next - cur) / 2;
        double a = s->a, b = s->b;
        for (size_t i = 0; i < s->k; i++) {
            if (s->ia[i] + s->ib[i] * mid > s->lo[i])
                a += s->ia[i], b += s->ib[i];
            else
                a += s->lo[i];
        }
        if (b > 0) {
            double t = (limit - a) / b;
            if (t <= next)
                return fmax(t, cur);
        }
        if (isinf(next))
            return INFINITY;
        cur = next;
    }
}

/* ---- the groups and the facts the rounds read ------------------------------------------ */

/* w_p: 1 under `equal`; quality_p / q̄ under `quality`, q̄ = Σ F_g·q_p / Σ F_g */
static void set_weights(const ls_model *m, ls_stage2 *s2)
{
    size_t n = s2->n_groups;
    double fq = 0, fs = 0;
    for (size_t g = 0; g < n; g++) {
        fs += s2->groups[g].floor_cost;
        fq += s2->groups[g].floor_cost * m->providers[s2->groups[g].provider].quality;
    }
    for (size_t g = 0; g < n; g++) {
        double q = m->providers[s2->groups[g].provider].quality;
        s2->groups[g].weight =
            (m->policy.margin_policy == LS_MARGIN_QUALITY && fq > 0) ? q / (fq / fs) : 1.0;
    }
}

int ls_stage2_groups_make(const ls_model *m, const int *seg, ls_stage2_groups *groups)
{
    size_t np = m->n_providers;
    int *group_of = malloc((np * LS_N_DOMAINS + 1) * sizeof(int));
    int *group = malloc((m->n_contracts + 1) * sizeof(int));
    int *seg_own = seg ? NULL : malloc((m->n_contracts + 1) * sizeof(int));
    *groups = (ls_stage2_groups){group_of, 0, group, seg_own, seg ? seg : seg_own, NULL};
    if (!group_of || !group || !groups->seg)
        return LS_EINTERNAL;
    for (size_t i = 0; i < np * LS_N_DOMAINS; i++)
        group_of[i] = -1;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        group_of[(size_t)c->provider * LS_N_DOMAINS + m->segments[c->segment].domain] = 0;
    }
    size_t n = 0;
    for (size_t k = 0; k < np * LS_N_DOMAINS; k++)
        if (group_of[k] >= 0)
            group_of[k] = (int)n++;
    groups->n = n;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        int d = m->segments[c->segment].domain;
        if (seg_own)
            seg_own[j] = c->segment;
        group[j] = group_of[(size_t)c->provider * LS_N_DOMAINS + (size_t)d];
    }
    return LS_OK;
}

void ls_stage2_groups_free(ls_stage2_groups *groups)
{
    free(groups->group_of);
    free(groups->group);
    free(groups->seg_own);
    *groups = (ls_stage2_groups){NULL, 0, NULL, NULL, NULL, NULL};
}

enum { NO_CEILING = 0x80 }; /* above every domain's number */

/* Groups g = (p, d) for every domain in which p holds a contract (given, or made here); F_g
 * and C_g from x; w_p. */
static int make_groups(const ls_model *m, const double *x, const ls_stage2_groups *given,
                       ls_stage2 *s2)
{
    size_t np = m->n_providers;
    ls_stage2_groups own = {NULL, 0, NULL, NULL, NULL, NULL};
    if (!given && ls_stage2_groups_make(m, NULL, &own) != LS_OK) {
        ls_stage2_groups_free(&own);
        return LS_EINTERNAL;
    }
    const ls_stage2_groups *gs = given ? given : &own;
    const int *group_of = gs->group_of, *seg_of = gs->seg, *group = gs->group;
    const double *floor = gs->floor;
    size_t n = gs->n;
    s2->groups = calloc(n + 1, sizeof(ls_group));
    int *with_x = calloc(n + 1, sizeof(int)), *all_capped = calloc(n + 1, sizeof(int));
    int *placed = malloc((m->n_contracts + 1) * sizeof(int));
    /* per segment, side by side, what the pass below reads of it (a contract at a time, the
     * segments in no order: their records missed the cache): its domain (NO_CEILING added
     * where it has no tariff ceiling), other costs and tariff ceiling */
    size_t ns = m->n_segments;
    double *seg_other = malloc(2 * (ns + 1) * sizeof(double));
    unsigned char *seg_dom = malloc(ns + 1);
    if (!s2->groups || !with_x || !all_capped || !placed || !seg_other || !seg_dom) {
        ls_stage2_groups_free(&own);
        free(with_x);
        free(all_capped);
        free(placed);
        free(seg_other);
        free(seg_dom);
        return LS_EINTERNAL;
    }
    double *seg_max = seg_other + ns + 1;
    for (size_t k = 0; k < ns; k++) {
        const ls_segment *s = &m->segments[k];
        int none = isnan(s->max_tariff);
        seg_dom[k] = (unsigned char)(s->domain | (none ? NO_CEILING : 0));
        seg_other[k] = s->other_costs, seg_max[k] = none ? 0 : ls_max_tariff(m, s);
    }
    s2->n_groups = n;
    s2->placed_floor = s2->placed_other = 0;
    for (size_t k = 0; k < np * LS_N_DOMAINS; k++)
        if (group_of[k] >= 0) {
            ls_group *g = &s2->groups[group_of[k]];
            g->provider = (int)(k / LS_N_DOMAINS);
            g->domain = (int)(k % LS_N_DOMAINS);
            g->t = NAN;
            all_capped[group_of[k]] = 1;
        }
    /* an x below LS_CLIENT_TOL is the solver's slack, not a placement (the results count it
     * as 0): as a group's floor cost it took the whole budget at a margin of 10^16 */
    size_t n_placed = ls_list_above(x, m->n_contracts, LS_CLIENT_TOL, placed);
    /* the totals in locals, in the same order: through s2, which the groups' writes may
     * alias, each term waited for the last one's store */
    double placed_floor = 0, placed_other = 0, required = 0, served = 0;
    for (size_t k = 0; k < n_placed; k++) {
        size_t j = (size_t)placed[k];
        if (!floor && k + 64 < n_placed)
            __builtin_prefetch(&m->contracts[placed[k + 64]]);
        int sg = seg_of[j], gi = group[j];
        double ft = floor ? floor[j] : m->contracts[j].floor_tariff, cost = 12 * ft * x[j];
        ls_group *g = &s2->groups[gi];
        g->floor_cost += cost;
        required += cost, served += x[j];
        placed_floor += 12 * x[j] * ft;
        placed_other += 12 * x[j] * seg_other[sg] * m->price_factor;
        with_x[gi] = 1;
        if (seg_dom[sg] & NO_CEILING)
            all_capped[gi] = 0;
        else
            g->ceiling += 12 * seg_max[sg] * x[j];
    }
    s2->placed_floor = placed_floor, s2->placed_other = placed_other;
    s2->placed = placed, s2->n_placed = n_placed; /* the result's list too */
    s2->sum_required = required, s2->sum_served = served, s2->sum_x = x, s2->sum_floor = floor;
    free(seg_other);
    free(seg_dom);
    /* C_g only when g has placed clients and every one of its segments a ceiling */
    for (size_t g = 0; g < n; g++)
        if (!with_x[g] || !all_capped[g])
            s2->groups[g].ceiling = INFINITY;
    ls_stage2_groups_free(&own);
    free(with_x);
    free(all_capped);
    set_weights(m, s2);
    return LS_OK;
}

/* The per-provider and per-domain facts the rounds read, and the scratch they use. */
static int prepare(filler *f)
{
    const ls_model *m = f->m;
    ls_stage2 *s2 = f->s2;
    size_t n = f->n, np = f->np;
    f->first = calloc(np + 2, sizeof(size_t));
    f->hold = malloc((n + 1) * sizeof(double));
    f->single = calloc(np + 1, sizeof(int));
    f->flexible = calloc(np + 1, sizeof(int));
    f->A = calloc(np + 1, sizeof(double));
    f->B = calloc(np + 1, sizeof(double));
    f->pw.lo = malloc((n + np + 1) * sizeof(double));
    f->pw.ia = malloc((n + np + 1) * sizeof(double));
    f->pw.ib = malloc((n + np + 1) * sizeof(double));
    f->unit = malloc((n + 1) * sizeof(double));
    f->provider_row = calloc(np + 1, sizeof(int));
    if (!f->first || !f->hold || !f->single || !f->flexible || !f->A || !f->B || !f->pw.lo ||
        !f->pw.ia || !f->pw.ib || !f->unit || !f->provider_row)
        return LS_EINTERNAL;
    /* groups come in provider order */
    for (size_t g = 0; g < n; g++)
        f->first[s2->groups[g].provider + 1]++;
    for (size_t p = 1; p <= np; p++)
        f->first[p] += f->first[p - 1];
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        f->has_room[d] = !isnan(m->policy.budget_domain[d]);
        f->room[d] =
            f->has_room[d] ? fmax(0, m->policy.budget_domain[d] - m->pgb_cost_domain[d]) : INFINITY;
        f->domain_flex[d] = 0;
    }
    for (size_t p = 0; p < np; p++) {
        const ls_provider *pr = &m->providers[p];
        int domains = 0, with_room = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
            domains++;
            with_room |= f->has_room[s2->groups[g].domain];
        }
        f->single[p] = domains <= 1;
        f->flexible[p] = pr->min_budget > 0 && domains > 1 && with_room;
        f->coupled |= f->flexible[p];
    }
    for (size_t g = 0; g < n; g++) {
        const ls_group *gr = &s2->groups[g];
        double minb = m->providers[gr->provider].min_budget;
        f->hold[g] = gr->floor_cost > 0 ? gr->ceiling : minb;
        f->unit[g] = gr->floor_cost > 0 ? gr->floor_cost : (minb > 0 ? minb : 1);
    }
    f->total = fmax(0, s2->available);
    return LS_OK;
}

/* s2's groups as division gathered them (its n_groups and placed sums with them). */
static int copy_groups(const ls_stage2 *division, ls_stage2 *s2)
{
    size_t n = division->n_groups;
    if (!(s2->groups = malloc((n + 1) * sizeof(ls_group))))
        return LS_EINTERNAL;
    memcpy(s2->groups, division->gathered, n * sizeof(ls_group));
    s2->n_groups = n;
    s2->placed_floor = division->placed_floor, s2->placed_other = division->placed_other;
    return LS_OK;
}

int ls_filler_init(filler *f, const ls_model *m, const double *x, const ls_stage2_groups *groups,
                   const ls_stage2 *division, ls_stage2 *s2)
{
    memset(f, 0, sizeof(*f));
    f->m = m;
    f->s2 = s2;
    f->np = m->n_providers;
    int rc = division && division->gathered ? copy_groups(division, s2)
                                            : make_groups(m, x, groups, s2);
    f->n = s2->n_groups;
    if (rc == LS_OK)
        rc = prepare(f);
    return rc;
}

void ls_filler_free(filler *f)
{
    free(f->first), free(f->hold), free(f->single), free(f->flexible);
    free(f->A), free(f->B);
    free(f->pw.lo), free(f->pw.ia), free(f->pw.ib);
    free(f->unit), free(f->provider_row), free(f->groups0);
}

/* ---- the rows in closed form ----------------------------------------------------------- */

/* A domain's row is a closed form unless a provider whose min_budget may go to several
 * domains sits inside its lift at t and has a group there: marks those domains. */
void ls_filler_mark_flexible_domains(filler *f, double t)
{
    for (int d = 0; d < LS_N_DOMAINS; d++)
        f->domain_flex[d] = 0;
    for (size_t p = 0; p < f->np; p++)
        if (f->flexible[p] && f->m->providers[p].min_budget > f->A[p] + f->B[p] * t)
            for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
                f->domain_flex[f->s2->groups[g].domain] = 1;
}

/* L_p(t) = A_p + B_p·t for every provider, this round */
void ls_filler_provider_lines(filler *f)
{
    for (size_t p = 0; p < f->np; p++) {
        double a = 0, b = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
            const ls_group *gr = &f->s2->groups[g];
            if (active(f, g))
                a += gr->floor_cost, b += gr->floor_cost * slope(f, g);
            else if (gr->frozen)
                a += gr->frozen_amount;
        }
        f->A[p] = a, f->B[p] = b;
    }
}

/* The total row as a pwsum: each provider at max(min_budget, L_p(t)). */
void ls_filler_total_sum(filler *f)
{
    ls_filler_pw_reset(&f->pw);
    for (size_t p = 0; p < f->np; p++)
        ls_filler_pw_add(&f->pw, f->m->providers[p].min_budget, f->A[p], f->B[p]);
}

/* Domain d's row: a provider whose groups lie in d alone holds max(min_budget, level) there;
 * a flexible provider's lift may go elsewhere and is left out (a lower bound; the LP knows). */
void ls_filler_domain_sum(filler *f, int d)
{
    ls_filler_pw_reset(&f->pw);
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &f->s2->groups[g];
        if (gr->domain != d)
            continue;
        double a = gr->frozen ? gr->frozen_amount : (active(f, g) ? gr->floor_cost : 0);
        double b = active(f, g) ? gr->floor_cost * slope(f, g) : 0;
        double minb = f->m->providers[gr->provider].min_budget;
        ls_filler_pw_add(&f->pw, f->single[gr->provider] ? minb : 0, a, b);
    }
}

/* ---- infeasible min_budgets ---------------------------------------------------------- */

/* Why the min_budgets cannot be held, in words a controller can act on; 1 when a reason was
 * found (a check the closed forms decide: then the model has no solution). */
int ls_filler_explain(const filler *f, ls_errors *errs, int always)
{
    char a[64], b[64];
    const ls_model *m = f->m;
    const ls_stage2 *s2 = f->s2;
    double sum_min = 0;
    int said = 0;
    for (size_t p = 0; p < f->np; p++)
        sum_min += m->providers[p].min_budget;
    if (sum_min > f->total * (1 + LS_REL_TOL) + 0.005) {
        ls_error_add(errs, NULL, 0, 0,
                     _("the providers' min_budgets add up to € %s, more than the available "
                       "€ %s (%s)"),
                     ls_format_money(a, sizeof a, sum_min, ls_text_style()),
                     ls_format_money(b, sizeof b, s2->available, ls_text_style()),
                     m->pgb_cost > 0 ? _("budget × (1 − reserve) − pgb cost")
                                     : _("budget × (1 − reserve)"));
        said = 1;
    }
    for (size_t p = 0; p < f->np; p++) {
        double hold = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            hold += f->hold[g];
        if (m->providers[p].min_budget > hold * (1 + LS_REL_TOL) + 0.005) {
            ls_error_add(errs, NULL, 0, 0,
                         _("provider '%s': its min_budget € %s is more than its tariff ceilings "
                           "allow for the clients placed with it (€ %s)"),
                         m->providers[p].id,
                         ls_format_money(a, sizeof a, m->providers[p].min_budget, ls_text_style()),
                         ls_format_money(b, sizeof b, hold, ls_text_style()));
            said = 1;
        }
    }
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        if (!f->has_room[d])
            continue;
        double held = 0;
        for (size_t p = 0; p < f->np; p++)
            if (f->single[p] && f->first[p + 1] > f->first[p] &&
                s2->groups[f->first[p]].domain == d)
                held += m->providers[p].min_budget;
        if (held > f->room[d] * (1 + LS_REL_TOL) + 0.005) {
            ls_error_add(errs, NULL, 0, 0,
                         m->pgb_cost_domain[d] > 0
                             ? _("the min_budgets of the providers that work in %s only add up "
                                 "to € %s, more than budget.%s − its pgb cost allows (€ %s)")
                             : _("the min_budgets of the providers that work in %s only add up "
                                 "to € %s, more than budget.%s allows (€ %s)"),
                         ls_domain_names[d], ls_format_money(a, sizeof a, held, ls_text_style()),
                         ls_domain_names[d],
                         ls_format_money(b, sizeof b, f->room[d], ls_text_style()));
            said = 1;
        }
    }
    if (!said && always)
        ls_error_add(errs, NULL, 0, 0,
                     _("the lumpsum cannot be divided: the min_budgets, the tariff ceilings and "
                       "the domain ceilings (budget.<domain>) contradict each other"));
    return said;
}
