/*
 * fill.c — stage 2's progressive filling, round by round: each round finds the largest t the
 * rows allow (closed forms, or the kept LP where rows couple groups), decides which groups
 * are blocked there (closed forms, the local row, slack LPs) and freezes them; at t = 0 the
 * cut phase gives way to the margin phase.
 */
#include "filler.h"

#include <math.h>
#include <stdlib.h>

/* One round's rows: each one's limit on t (lim_) and its room at the round's t (res_). */
typedef struct round_rows {
    double t;
    double *lim_max, *res_max; /* per provider */
    double lim_total, res_total;
    double lim_dom[LS_N_DOMAINS], res_dom[LS_N_DOMAINS];
    double lim_local; /* the local row in closed form (INFINITY: not in closed form) */
    double res_local_dom[LS_N_DOMAINS]; /* a domain's local row at the levels (INFINITY: none) */
} round_rows;

/* A row's limit counts as reached within a relative 1e-12 of t. */
static int reached(double lim, double t)
{
    return lim <= t + 1e-12 * (1 + fabs(t));
}

/* The largest t this round's closed-form rows allow (from t0 up; the cut phase stops at 0),
 * with each row's limit kept for the blocked test. */
static double closed_form_limit(filler *f, round_rows *rr, double t0)
{
    const ls_model *m = f->m;
    double t = f->margin ? INFINITY : 0;
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &f->s2->groups[g];
        if (active(f, g) && isfinite(gr->ceiling))
            t = fmin(t, (gr->ceiling - gr->floor_cost) / (gr->floor_cost * slope(f, g)));
    }
    for (size_t p = 0; p < f->np; p++) {
        double mx = m->providers[p].max_budget;
        rr->lim_max[p] = isfinite(mx) && f->B[p] > 0 ? (mx - f->A[p]) / f->B[p] : INFINITY;
        t = fmin(t, rr->lim_max[p]);
    }
    ls_filler_total_sum(f);
    rr->lim_total = ls_filler_pw_largest(&f->pw, f->total, t0);
    t = fmin(t, rr->lim_total);
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        rr->lim_dom[d] = INFINITY;
        if (!f->has_room[d])
            continue;
        ls_filler_domain_sum(f, d);
        rr->lim_dom[d] = ls_filler_pw_largest(&f->pw, f->room[d], t0);
        if (!f->domain_flex[d])
            t = fmin(t, rr->lim_dom[d]);
    }
    return fmax(t, t0);
}

/* Each row's room at t, with every group at its level and every provider at least at its
 * min_budget. */
static void residuals(filler *f, round_rows *rr, double t)
{
    rr->t = t;
    for (size_t p = 0; p < f->np; p++)
        rr->res_max[p] = f->m->providers[p].max_budget - (f->A[p] + f->B[p] * t);
    ls_filler_total_sum(f);
    rr->res_total = f->total - ls_filler_pw_value(&f->pw, t);
    double loc[LS_N_DOMAINS] = {0}, non[LS_N_DOMAINS] = {0};
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        rr->res_dom[d] = INFINITY;
        if (f->has_room[d]) {
            ls_filler_domain_sum(f, d);
            rr->res_dom[d] = f->room[d] - ls_filler_pw_value(&f->pw, t);
        }
    }
    if (!(f->margin && domain_local(f))) {
        for (int d = 0; d < LS_N_DOMAINS; d++)
            rr->res_local_dom[d] = INFINITY;
        return;
    }
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &f->s2->groups[g];
        *(f->m->providers[gr->provider].local ? &loc[gr->domain] : &non[gr->domain]) +=
            level(f, g, t);
    }
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        double lambda = f->s2->local_lambda_domain[d];
        rr->res_local_dom[d] = !(lambda > 0) ? INFINITY
                               : lambda < 1  ? loc[d] - lambda / (1 - lambda) * non[d]
                                             : -INFINITY;
    }
}

/* The local row at t: how far the local providers' share (each provider at least at its
 * min_budget) lies above λ, in euros of local budget; and the extra local euros the row
 * needs on top of the levels (0 when none). */
static double local_room(const filler *f, double t, double *extra)
{
    double loc = 0, non = 0;
    for (size_t p = 0; p < f->np; p++) {
        double v = fmax(f->m->providers[p].min_budget, f->A[p] + f->B[p] * t);
        if (f->m->providers[p].local)
            loc += v;
        else
            non += v;
    }
    double lambda = f->s2->local_lambda;
    double need = lambda < 1 ? lambda / (1 - lambda) * non : INFINITY;
    *extra = fmax(0, need - loc);
    return loc - need;
}

/* The rows that block g at t by the closed forms (0: none of them). A group whose provider
 * still sits on a min_budget lift can rise inside it: only its ceiling stops it. */
static unsigned pure_block(const filler *f, const round_rows *rr, size_t g, int strict)
{
    const ls_group *gr = &f->s2->groups[g];
    const ls_provider *pr = &f->m->providers[gr->provider];
    double t = rr->t, thr = block_tol(gr->floor_cost), lev = level(f, g, t);
    unsigned why = 0;
    if (isfinite(gr->ceiling) &&
        (gr->ceiling - lev <= thr ||
         reached((gr->ceiling - gr->floor_cost) / (gr->floor_cost * slope(f, g)), t)))
        why |= LS_BLOCK_CEILING;
    double lift = pr->min_budget - (f->A[gr->provider] + f->B[gr->provider] * t);
    if (strict && lift > thr)
        return why;
    if (isfinite(pr->max_budget) &&
        (rr->res_max[gr->provider] <= thr || reached(rr->lim_max[gr->provider], t)))
        why |= LS_BLOCK_MAX_BUDGET;
    int d = gr->domain;
    if (f->has_room[d] && (!strict || !f->domain_flex[d]) &&
        (rr->res_dom[d] <= thr || (!f->domain_flex[d] && reached(rr->lim_dom[d], t))))
        why |= LS_BLOCK_DOMAIN;
    if (rr->res_total <= thr || reached(rr->lim_total, t))
        why |= LS_BLOCK_TOTAL;
    return why;
}

/* Why the LP found g blocked: the rows tight at its level (documented in docs/method.md). */
static unsigned lp_block(const filler *f, const round_rows *rr, size_t g)
{
    const ls_group *gr = &f->s2->groups[g];
    unsigned why = pure_block(f, rr, g, 0);
    if (f->margin && f->s2->local_lambda > 0 && !f->m->providers[gr->provider].local) {
        double extra, room = local_room(f, rr->t, &extra);
        double thr = block_tol(f->total);
        if (room <= thr)
            why |= LS_BLOCK_LOCAL;
        if (rr->res_total - extra <= thr)
            why |= LS_BLOCK_TOTAL;
    }
    /* the domain's own local row holds the other providers there back */
    int dom_local = f->margin && f->s2->local_lambda_domain[gr->domain] > 0 &&
                    !f->m->providers[gr->provider].local;
    if (dom_local && rr->res_local_dom[gr->domain] <= block_tol(f->total))
        why |= LS_BLOCK_LOCAL;
    if (!why)
        why = f->has_room[gr->domain] && f->domain_flex[gr->domain] ? LS_BLOCK_DOMAIN
              : f->margin && (f->s2->local_lambda > 0 || dom_local) ? LS_BLOCK_LOCAL
                                                                    : LS_BLOCK_TOTAL;
    return why;
}

static void freeze(filler *f, size_t g, double t, unsigned why)
{
    ls_group *gr = &f->s2->groups[g];
    gr->frozen_amount = fmax(0, fmin(level(f, g, t), gr->ceiling));
    gr->frozen = 1;
    gr->t = t;
    gr->blocked_by = why;
    if (f->coupled)
        ls_filler_lp_sync_group(f, g);
}

/* λ_d for each domain with a target: the smaller of its target and the domain's local share
 * at t = 0, where a provider's min_budget lift may go to any of its domains: an other
 * provider's whole lift counts in each domain it serves, a local one's in none, so that no
 * way of placing the lifts asks more than t = 0 already gives. */
static void domain_lambdas(filler *f)
{
    ls_stage2 *s2 = f->s2;
    double loc[LS_N_DOMAINS] = {0}, non[LS_N_DOMAINS] = {0};
    for (size_t p = 0; p < f->np; p++) {
        const ls_provider *pr = &f->m->providers[p];
        double lift = fmax(0, pr->min_budget - f->A[p]);
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
            const ls_group *gr = &s2->groups[g];
            double v = level(f, g, 0) + (pr->local ? 0 : lift);
            *(pr->local ? &loc[gr->domain] : &non[gr->domain]) += v;
        }
    }
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        double target = f->m->policy.local_share_domain[d], all = loc[d] + non[d];
        s2->local_lambda_domain[d] = target > 0 && all > 0 ? fmin(target, loc[d] / all) : 0;
    }
}

/* t has reached 0: groups with w_p = 0 stop at their floor, the local row takes λ = the
 * smaller of local_share_min and the local share at t = 0 (every provider at least at its
 * min_budget, so that the row never asks more than t = 0 already gives), and the levels
 * rise with w_p. */
static int enter_margin_phase(filler *f)
{
    ls_stage2 *s2 = f->s2;
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g) && !(s2->groups[g].weight > 0))
            freeze(f, g, 0, 0);
    f->margin = 1;
    ls_filler_provider_lines(f);
    double loc = 0, all = 0, placed = 0;
    for (size_t p = 0; p < f->np; p++) {
        double v = fmax(f->m->providers[p].min_budget, f->A[p]);
        all += v;
        loc += f->m->providers[p].local ? v : 0;
    }
    for (size_t g = 0; g < f->n; g++)
        placed += s2->groups[g].floor_cost;
    double lsm = f->m->policy.local_share_min;
    s2->local_lambda = placed > 0 && all > 0 && lsm > 0 ? fmin(lsm, loc / all) : 0;
    domain_lambdas(f);
    /* the local row in closed form needs the extra local euros free to go to any local
     * group; a domain row could stand in their way: then the LP decides */
    int rooms = 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        rooms |= f->has_room[d];
    if ((s2->local_lambda > 0 && rooms) || domain_local(f))
        f->coupled = 1;
    return f->coupled ? ls_filler_lp_sync_all(f) : LS_OK;
}

/* The local row in closed form (margin phase, no LP): Σ_local b ≥ λ·Σ b holds with each
 * provider at P_p = max(min_budget, L_p(t)) plus extra local euros where the local providers'
 * own P fall short of k·(the others'), k = λ / (1 − λ). */
static int local_closed(const filler *f)
{
    return f->margin && f->s2->local_lambda > 0 && !f->coupled;
}

typedef struct local_state {
    double loc, non; /* Σ P_p of local and of other providers */
    double extra;    /* the local euros needed above the local P */
    double headroom; /* what local providers can take above their P */
} local_state;

static local_state local_at(const filler *f, double t)
{
    local_state ls = {0, 0, 0, 0};
    double lambda = f->s2->local_lambda;
    for (size_t p = 0; p < f->np; p++) {
        const ls_provider *pr = &f->m->providers[p];
        double v = fmax(pr->min_budget, f->A[p] + f->B[p] * t);
        if (!pr->local) {
            ls.non += v;
            continue;
        }
        ls.loc += v;
        double hold = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            hold += f->hold[g];
        ls.headroom += fmax(0, fmin(pr->max_budget, hold) - v);
    }
    ls.extra = fmax(0, lambda / (1 - lambda) * ls.non - ls.loc);
    return ls;
}

/* The largest t the total row allows with the local row's extra euros: (1 + k)·Σ_others P ≤
 * available, i.e. Σ_others P ≤ (1 − λ)·available. */
static double local_limit(filler *f, double t0)
{
    ls_filler_pw_reset(&f->pw);
    for (size_t p = 0; p < f->np; p++)
        if (!f->m->providers[p].local)
            ls_filler_pw_add(&f->pw, f->m->providers[p].min_budget, f->A[p], f->B[p]);
    return ls_filler_pw_largest(&f->pw, (1 - f->s2->local_lambda) * f->total, t0);
}

/* Does some provider whose min_budget may go to several domains sit inside its lift at t?
 * Only then do the domain rows need the LP. */
static int flexible_lift(const filler *f, double t)
{
    for (size_t p = 0; p < f->np; p++)
        if (f->flexible[p] && f->m->providers[p].min_budget > f->A[p] + f->B[p] * t)
            return 1;
    return 0;
}

/* can the min_budgets be held at all (every level 0)? */
static int check_min_budgets(filler *f, ls_errors *errs)
{
    if (ls_filler_explain(f, errs, 0))
        return LS_ENOSOLUTION;
    if (f->coupled)
        return ls_filler_lp_start(f, errs);
    return LS_OK;
}

/* The largest t this round from t0: the closed forms', the local row's in closed form (kept in
 * rr for its blocked test), and the LP's where rows couple groups (*lp_round). LS_OK, or the
 * status that ends the filling. */
static int round_limit(filler *f, round_rows *rr, double t0, double *t_out, int *lp_round,
                       ls_errors *errs)
{
    ls_stage2 *s2 = f->s2;
    ls_filler_provider_lines(f);
    ls_filler_mark_flexible_domains(f, t0);
    double t = closed_form_limit(f, rr, t0);
    rr->lim_local = local_closed(f) ? local_limit(f, t0) : INFINITY;
    t = fmin(t, rr->lim_local);
    *lp_round = f->coupled && ((f->margin && (s2->local_lambda > 0 || domain_local(f))) ||
                               flexible_lift(f, t0));
    if (*lp_round) {
        double t_lp;
        int st = ls_filler_lp_max_t(f, t0, &t_lp, errs);
        if (st < 0)
            return LS_EINTERNAL;
        if (st > 0 && !s2->rounds && !f->margin) { /* not even t = −1 holds */
            ls_filler_explain(f, errs, 1);
            return LS_ENOSOLUTION;
        }
        /* the LP's t, unless a closed-form row gives the same t exactly */
        if (t_lp < t - 1e-7 * (1 + fabs(t)))
            t = fmax(t_lp, t0);
    }
    *t_out = t;
    return LS_OK;
}

/* The closed forms' blocked test at rr->t for every active group (inside a min_budget lift
 * only its ceiling stops it); the others stay undecided. The number blocked. */
static size_t block_by_closed_forms(filler *f, const round_rows *rr, unsigned char *state)
{
    size_t blocked = 0;
    for (size_t g = 0; g < f->n; g++) {
        state[g] = LS_GROUP_UNDECIDED;
        if (!active(f, g))
            continue;
        f->s2->groups[g].blocked_by = pure_block(f, rr, g, 1);
        if (f->s2->groups[g].blocked_by)
            state[g] = LS_GROUP_BLOCKED, blocked++;
    }
    return blocked;
}

/* The local row in closed form at t blocks the other providers' undecided groups when the
 * total row leaves no room for its extra local euros, or the local providers none to take
 * them. 1 when the local providers cannot take what the row asks (the LP must take over);
 * else 0, with the groups it blocked added to *blocked. */
static int block_by_local_row(filler *f, const round_rows *rr, unsigned char *state, double t,
                              size_t *blocked)
{
    ls_stage2 *s2 = f->s2;
    local_state ls = local_at(f, t);
    if (ls.extra > ls.headroom + block_tol(f->total))
        return 1;
    double k = s2->local_lambda / (1 - s2->local_lambda);
    int binding = k * ls.non >= ls.loc - block_tol(ls.loc);
    double room = f->total - fmax(ls.non + ls.loc, (1 + k) * ls.non);
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &s2->groups[g];
        if (!active(f, g) || state[g] != LS_GROUP_UNDECIDED || f->m->providers[gr->provider].local)
            continue;
        double thr = block_tol(gr->floor_cost);
        unsigned why = 0;
        if (room <= thr || reached(rr->lim_local, t))
            why = LS_BLOCK_TOTAL | (binding ? LS_BLOCK_LOCAL : 0);
        else if (binding && ls.headroom - ls.extra <= thr)
            why = LS_BLOCK_LOCAL;
        if (why) {
            s2->groups[g].blocked_by = why;
            state[g] = LS_GROUP_BLOCKED, (*blocked)++;
        }
    }
    return 0;
}

/* The slack LPs decide the groups still undecided; those that cannot rise are blocked by the
 * rows tight at their level. −1 on a solver failure, else 0 (*blocked counted up). */
static int block_by_lp(filler *f, const round_rows *rr, unsigned char *state, double t,
                       size_t *blocked, ls_errors *errs)
{
    if (ls_filler_lp_slack_test(f, state, t, errs) < 0)
        return -1;
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g) && state[g] == LS_GROUP_UNDECIDED) {
            f->s2->groups[g].blocked_by = lp_block(f, rr, g);
            state[g] = LS_GROUP_BLOCKED, (*blocked)++;
        }
    return 0;
}

/* t stands still and nothing is blocked: a rounding error keeps every group "able to rise";
 * stop them where they are rather than loop. The number blocked. */
static size_t block_all(filler *f, const round_rows *rr, unsigned char *state)
{
    size_t blocked = 0;
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g)) {
            f->s2->groups[g].blocked_by = lp_block(f, rr, g);
            state[g] = LS_GROUP_BLOCKED, blocked++;
        }
    return blocked;
}

/* Freezes the blocked groups at t. 1 when one of them did not start the round (at t0) inside
 * a min_budget lift, or rose out of it in the round (at t its level is above its min_budget):
 * only such a round sets the cut or margin. (The first round starts at −1, inside every
 * min_budget; a group that the round freezes where its level reaches its min_budget is held
 * by it, not by the common level.) */
static int freeze_blocked(filler *f, const unsigned char *state, double t, double t0)
{
    int common = 0;
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g) && state[g] == LS_GROUP_BLOCKED) {
            const ls_group *gr = &f->s2->groups[g];
            double min = f->m->providers[gr->provider].min_budget;
            double lift = min - (f->A[gr->provider] + f->B[gr->provider] * t0);
            double above = f->A[gr->provider] + f->B[gr->provider] * t - min;
            double tol = block_tol(gr->floor_cost);
            common |= !(lift > tol) || above > tol;
            freeze(f, g, t, gr->blocked_by);
        }
    return common;
}

int ls_fill_run(filler *f, ls_errors *errs)
{
    ls_stage2 *s2 = f->s2;
    size_t n = f->n;
    round_rows rr = {0};
    rr.lim_max = malloc((f->np + 1) * sizeof(double));
    rr.res_max = malloc((f->np + 1) * sizeof(double));
    unsigned char *state = malloc(n + 1);
    if (!rr.lim_max || !rr.res_max || !state) {
        free(rr.lim_max), free(rr.res_max), free(state);
        return LS_EINTERNAL;
    }
    int rc = check_min_budgets(f, errs);
    double t0 = -1, last = -INFINITY;
    int idle = 0;
    while (rc == LS_OK) {
        size_t n_active = 0;
        double sum_active = 0;
        for (size_t g = 0; g < n; g++)
            if (active(f, g))
                n_active++, sum_active += s2->groups[g].floor_cost;
        if (!n_active)
            break;
        double t;
        int lp_round;
        rc = round_limit(f, &rr, t0, &t, &lp_round, errs);
        if (rc != LS_OK)
            break;
        if (!f->margin && sum_active * fabs(t) <= 0.01) {
            rc = enter_margin_phase(f);
            t0 = 0;
            continue;
        }
        if (isinf(t)) {
            /* nothing bounds the rise (cannot happen while the total row holds): stop here */
            t = t0;
            idle = 1;
        }
        ls_filler_mark_flexible_domains(f, t);
        residuals(f, &rr, t);
        size_t blocked = block_by_closed_forms(f, &rr, state);
        if (local_closed(f) && block_by_local_row(f, &rr, state, t, &blocked)) {
            /* the local providers cannot take what the row asks: the LP takes over */
            f->coupled = 1;
            rc = ls_filler_lp_sync_all(f);
            continue;
        }
        if (lp_round && block_by_lp(f, &rr, state, t, &blocked, errs) < 0) {
            rc = LS_EINTERNAL;
            break;
        }
        if (!blocked && (idle || t <= t0 + 1e-12 * (1 + fabs(t))))
            blocked = block_all(f, &rr, state);
        int common = freeze_blocked(f, state, t, t0);
        idle = !blocked;
        s2->rounds++;
        t0 = t;
        if (common)
            last = t;
    }
    /* the cut or margin is the last round's t, of the rounds that froze a group that did not
     * start the round inside a min_budget lift: such a group rises on its provider's
     * guaranteed money, not on the division's */
    if (rc == LS_OK) {
        if (isinf(last) && s2->rounds)
            last = t0;
        s2->cut = last < -LS_LEVEL_NOISE ? last : 0; /* rounding is no cut (stage2.h) */
        s2->margin = last > 0 ? last : 0;
    }
    free(rr.lim_max), free(rr.res_max), free(state);
    return rc;
}
