/*
 * stage1_lp.c — stage 1's LP and its primitives (stage1_lp.h): building the GLPK problem,
 * its columns, costs and bounds as the model gives them, the tie-break's preference in its
 * objective, syncing it with the model, scaling it and taking GLPK's solution. What solves
 * it sits above and calls down into this file: the strategies (stage1_work.c, sift.c,
 * ties.c, network.c, lex.c), the solve of one LP (stage1.c) and the component split
 * (components.c). It calls nothing else in solver/lp.
 */
#include "stage1_lp.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int ls_stage1_lp_build(ls_model *m, const ls_stage1_options *opts, ls_stage1 *s1)
{
    memset(s1, 0, sizeof(*s1));
    s1->m = m;
    s1->opts = *opts;
    size_t nc = m->n_contracts, ns = m->n_segments, np = m->n_providers;
    s1->capacity_row = calloc(np + 1, sizeof(int));
    s1->budget_row = calloc(np + 1, sizeof(int));
    s1->x = calloc(nc + 1, sizeof(double));
    s1->lower = calloc(nc + 1, sizeof(double));
    s1->reduced_cost = calloc(nc + 1, sizeof(double));
    s1->u = calloc(ns + 1, sizeof(double));
    s1->demand_dual = calloc(ns + 1, sizeof(double));
    s1->capacity_dual = calloc(np + 1, sizeof(double));
    s1->budget_dual = calloc(np + 1, sizeof(double));
    s1->u_pin = calloc(ns + 1, sizeof(double));
    s1->synced_ref = calloc(ns + 1, sizeof(double));
    s1->cont_hours = calloc(3 * (np + 1), sizeof(double));
    if (s1->cont_hours)
        s1->cont_cost = s1->cont_hours + np + 1, s1->cont_room = s1->cont_cost + np + 1;
    if (!s1->u_pin || !s1->synced_ref || !s1->cont_hours || !s1->capacity_row || !s1->budget_row || !s1->x || !s1->lower || !s1->reduced_cost ||
        !s1->u || !s1->demand_dual || !s1->capacity_dual || !s1->budget_dual) {
        ls_stage1_lp_free(s1);
        return LS_EINTERNAL;
    }
    glp_term_out(GLP_OFF);
    glp_prob *lp = s1->lp = glp_create_prob();
    glp_set_prob_name(lp, "lumpsum_stage1");
    glp_set_obj_name(lp, "cost");
    glp_set_obj_dir(lp, GLP_MIN);

    /* GLPK aborts the process on glp_add_rows(lp, 0): a model may have no segments */
    if (ns)
        glp_add_rows(lp, (int)ns);
    int row = (int)ns;
    for (size_t p = 0; p < np; p++) {
        const ls_provider *pr = &m->providers[p];
        if (isfinite(pr->capacity_hours))
            s1->capacity_row[p] = ++row;
        if (isfinite(pr->max_budget))
            s1->budget_row[p] = ++row;
    }
    for (int k = 0; k < LS_N_LOCAL; k++)
        s1->local_row[k] = ++row;
    glp_add_rows(lp, row - (int)ns);
    if (nc + ns)
        glp_add_cols(lp, (int)(nc + ns));
    s1->u_col0 = (int)nc + 1;
    glp_std_basis(lp);
    return LS_OK;
}

/* Frees all but the working problem of the sifted solves (stage1_work.c), and clears s1. */
void ls_stage1_lp_free(ls_stage1 *s1)
{
    if (s1->lp)
        glp_delete_prob(s1->lp);
    s1->lp = NULL;
    free(s1->capacity_row);
    free(s1->budget_row);
    free(s1->x);
    free(s1->lower);
    free(s1->reduced_cost);
    free(s1->priced_in);
    free(s1->u);
    free(s1->demand_dual);
    free(s1->capacity_dual);
    free(s1->budget_dual);
    free(s1->u_pin);
    free(s1->synced_ref);
    free(s1->cont_hours);
    free(s1->synced_floor);
    free(s1->synced_held);
    free(s1->synced_quality);
    free(s1->local_cache);
    free(s1->settle_cost);
    free(s1->tie_hash);
    free(s1->by_provider);
    free(s1->provider_contracts);
    free(s1->stat_now);
    ls_stage1_lp_mirror_drop(s1);
    memset(s1, 0, sizeof(*s1));
}

/* A fixed preference among equally cheap placements: providers that serve the segment today
 * first, then an order drawn from the ids (not from file order, so that sorting a file does
 * not move clients). This is the drawn part, 0.5·h(p, s) in [0, 0.5) (docs/method.md). */
static double tie_hash(const ls_model *m, const ls_contract *c)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = m->providers[c->provider].id; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ 0x1f) * 1099511628211ULL;
    for (const char *p = m->segments[c->segment].id; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    /* FNV-1a alone leaves the last characters out of the high bits: ids that differ only at
     * the end (a segment's _b and _s) gave preferences equal to 6 digits, near-ties that the
     * solver's tolerances then decided */
    h = ls_mix64(h);
    double r = (double)(h >> 11) / 9007199254740992.0; /* [0, 1) */
    return 0.5 * r;
}

/* The LP's objective is the true cost plus PERTURB times the mean contract cost per unit of
 * preference (0 to 1.5): GLPK then breaks most ties itself. */
#define PERTURB 1e-6

/* Column j's coefficient (1-based: contracts, then unmet) in the tie-break's preference, and
 * in the LP's objective: the true one plus PERTURB times the preference, so that GLPK's
 * optimum is most often the tie-break's choice already (ls_ties_settle, ties.c, checks it
 * and otherwise finds it). */
double ls_stage1_lp_preference(const ls_stage1 *s1, int j)
{
    if (j >= s1->u_col0)
        return 2.0;
    const ls_contract *c = &s1->m->contracts[j - 1];
    return (c->current_clients > 0 ? 0.0 : 1.0) + s1->tie_hash[j - 1];
}

double ls_stage1_lp_objective_coef(const ls_stage1 *s1, int j)
{
    return ls_stage1_lp_cost(s1, j) + s1->perturb * ls_stage1_lp_preference(s1, j);
}

void ls_stage1_lp_perturb_init(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    size_t nc = m->n_contracts;
    if (s1->perturb > 0) /* a component's LP takes the whole's (components.c) */
        return;
    double sum = 0;
    for (size_t j = 0; j < nc; j++)
        sum += fabs(ls_stage1_lp_cost(s1, (int)j + 1));
    s1->perturb = nc ? PERTURB * sum / (double)nc : 0;
}

/* Fills s1->tie_hash and, unless set already, s1->perturb. */
static void preference_init(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    for (size_t j = 0; j < m->n_contracts; j++)
        s1->tie_hash[j] = tie_hash(m, &m->contracts[j]);
    ls_stage1_lp_perturb_init(s1);
}

/* Continuity: x[p,s] ≥ (1 − max_shift_s) · current[p,s] · min(1, clients_s / Σ_q
 * current[q,s]): today's clients stay, scaled down when demand falls below today's caseload,
 * and then, provider by provider, by one factor for all its contracts as far as its own
 * limits (capacity, max_budget, each contract's max_clients) need to hold them. So the bounds
 * alone never break a limit: a placement always exists (clients it cannot hold go unmet). */
static void continuity_bounds(ls_stage1 *s1, double *scale)
{
    const ls_model *m = s1->m;
    size_t np = m->n_providers;
    for (size_t s = 0; s < m->n_segments; s++)
        scale[s] = 0;
    for (size_t j = 0; j < m->n_contracts; j++)
        scale[m->contracts[j].segment] += m->contracts[j].current_clients;
    /* the sum of today's clients becomes the segment's scale (a segment each, not a contract
     * each: a risk run redraws every segment's clients) */
    for (size_t s = 0; s < m->n_segments; s++) {
        double total = scale[s], clients = m->segments[s].clients;
        scale[s] = total > clients ? clients / total : 1.0;
    }
    /* each bound, and per provider the hours and floor cost the bounds take and the smallest
     * ratio of a contract's max_clients to its bound, in one pass */
    double *hours = s1->cont_hours, *cost = s1->cont_cost, *room = s1->cont_room;
    for (size_t p = 0; p < np; p++)
        hours[p] = cost[p] = 0, room[p] = 1;
    int any = 0, near_max = 0;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        const ls_segment *sg = &m->segments[c->segment];
        double shift = isnan(sg->max_shift) ? m->policy.max_shift : sg->max_shift;
        double lo = c->usable && c->current_clients != 0
                        ? (1 - shift) * c->current_clients * scale[c->segment]
                        : 0.0;
        s1->lower[j] = lo;
        if (lo == 0)
            continue;
        any |= lo > 0;
        hours[c->provider] += 12 * sg->hours_per_month * lo;
        cost[c->provider] += 12 * c->floor_tariff * lo;
        if (c->max_clients < lo)
            room[c->provider] = fmin(room[c->provider], c->max_clients / lo);
        near_max |= lo > c->max_clients * (1 - 1e-12);
    }
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
    for (size_t j = 0; j < m->n_contracts; j++) {
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

/* A mirror that holds what GLPK holds, or will after a flush. */
static int mirror_live(const ls_stage1 *s1)
{
    return s1->mirror_obj && !s1->mirror_stale && s1->lazy_col;
}

/* Writes column col's objective coefficient or bounds where they differ from what the LP
 * holds: as the mirror has it (when there is one), else as GLPK says. */
static int set_obj(ls_stage1 *s1, int col, double v)
{
    glp_prob *lp = s1->lp;
    if (s1->mirror_obj ? s1->mirror_obj[col] == v : glp_get_obj_coef(lp, col) == v)
        return 0;
    glp_set_obj_coef(lp, col, v);
    if (s1->mirror_obj)
        s1->mirror_obj[col] = v;
    return LS_STAGE1_LP_COSTS;
}

static int set_col_bnds(ls_stage1 *s1, int col, int type, double lo, double hi)
{
    glp_prob *lp = s1->lp;
    if (s1->mirror_obj ? s1->mirror_type[col] == type && s1->mirror_lo[col] == lo &&
                             s1->mirror_hi[col] == hi
                       : glp_get_col_type(lp, col) == type && glp_get_col_lb(lp, col) == lo &&
                             glp_get_col_ub(lp, col) == hi)
        return 0;
    if (s1->lazy_on && s1->mirror_type[col] == type) {
        /* the same type: GLPK would keep the status; the bounds wait for a flush */
        if (!s1->lazy_mark[col])
            s1->lazy_mark[col] = 1, s1->lazy_col[s1->n_lazy++] = col;
        s1->mirror_lo[col] = lo, s1->mirror_hi[col] = hi;
        return LS_STAGE1_LP_BOUNDS;
    }
    glp_set_col_bnds(lp, col, type, lo, hi);
    if (s1->stat_now_ok) /* GLPK may move a non-basic status to the new bounds */
        s1->stat_now[col] = glp_get_col_stat(lp, col);
    if (s1->mirror_obj)
        s1->mirror_type[col] = (signed char)type, s1->mirror_lo[col] = lo, s1->mirror_hi[col] = hi;
    return LS_STAGE1_LP_BOUNDS;
}

/* The mirror of the LP's columns, made (or made afresh) from GLPK. Without memory there is
 * none: the syncs ask GLPK. */
static void mirror_make(ls_stage1 *s1)
{
    glp_prob *lp = s1->lp;
    int nc = glp_get_num_cols(lp);
    ls_stage1_lp_flush(s1); /* what it read would be behind */
    if (!s1->mirror_obj) {
        s1->mirror_obj = malloc(((size_t)nc + 1) * sizeof(double));
        s1->mirror_lo = malloc(((size_t)nc + 1) * sizeof(double));
        s1->mirror_hi = malloc(((size_t)nc + 1) * sizeof(double));
        s1->mirror_type = malloc((size_t)nc + 1);
        s1->lazy_col = malloc(((size_t)nc + 1) * sizeof(int));
        s1->lazy_mark = calloc((size_t)nc + 1, 1);
        if (!s1->mirror_obj || !s1->mirror_lo || !s1->mirror_hi || !s1->mirror_type ||
            !s1->lazy_col || !s1->lazy_mark) {
            ls_stage1_lp_mirror_drop(s1);
            return;
        }
    }
    for (int j = 1; j <= nc; j++) {
        s1->mirror_obj[j] = glp_get_obj_coef(lp, j);
        s1->mirror_type[j] = (signed char)glp_get_col_type(lp, j);
        s1->mirror_lo[j] = glp_get_col_lb(lp, j);
        s1->mirror_hi[j] = glp_get_col_ub(lp, j);
    }
    s1->mirror_stale = 0;
}

void ls_stage1_lp_flush(ls_stage1 *s1)
{
    for (int k = 0; k < s1->n_lazy; k++) {
        int j = s1->lazy_col[k];
        glp_set_col_bnds(s1->lp, j, s1->mirror_type[j], s1->mirror_lo[j], s1->mirror_hi[j]);
        s1->lazy_mark[j] = 0;
    }
    s1->n_lazy = 0;
}

void ls_stage1_lp_mirror_drop(ls_stage1 *s1)
{
    if (s1->lp)
        ls_stage1_lp_flush(s1); /* the bounds only it held go to GLPK */
    free(s1->lazy_col);
    free(s1->lazy_mark);
    s1->lazy_col = NULL;
    s1->lazy_mark = NULL;
    free(s1->mirror_obj);
    free(s1->mirror_lo);
    free(s1->mirror_hi);
    free(s1->mirror_type);
    s1->mirror_obj = s1->mirror_lo = s1->mirror_hi = NULL;
    s1->mirror_type = NULL;
}

static int set_row_bnds(ls_stage1 *s1, int row, int type, double lo, double hi)
{
    glp_prob *lp = s1->lp;
    if (glp_get_row_type(lp, row) == type && glp_get_row_lb(lp, row) == lo &&
        glp_get_row_ub(lp, row) == hi)
        return 0;
    glp_set_row_bnds(lp, row, type, lo, hi);
    if (s1->stat_now_ok)
        s1->stat_now[glp_get_num_cols(lp) + row] = glp_get_row_stat(lp, row);
    return LS_STAGE1_LP_BOUNDS;
}

/* Contract j's bounds in stage 1: its GLPK type, lower and upper bound (DBL_MAX: none). An
 * unusable contract, or one whose continuity reaches its max_clients, is fixed. */
int ls_stage1_lp_contract_bounds(const ls_stage1 *s1, size_t j, double *lo, double *hi)
{
    const ls_contract *c = &s1->m->contracts[j];
    *lo = c->usable ? s1->lower[j] : 0.0;
    *hi = c->usable ? c->max_clients : 0.0;
    if (*lo >= *hi) {
        *hi = *lo;
        return GLP_FX;
    }
    if (isinf(*hi)) {
        *hi = DBL_MAX;
        return GLP_LO;
    }
    return GLP_DB;
}

/* Column j's coefficient (1-based: contracts, then unmet) in the objective of stage 1
 * (docs/method.md): euros a year per client. A warm sync rewrites the contracts' only when
 * one of their inputs moved: a new input goes into that check too (costs_policy_moved). */
double ls_stage1_lp_cost(const ls_stage1 *s1, int j)
{
    const ls_model *m = s1->m;
    if (j >= s1->u_col0) /* an unplaced client held by the priorities is a given: no cost,
                          * so that no dual carries the weight of the first attempt */
        return isnan(s1->u_pin[j - s1->u_col0]) ? 12 * m->unmet_weight : 0.0;
    const ls_contract *c = &m->contracts[j - 1];
    return 12 * (c->floor_tariff - m->policy.quality_value * m->providers[c->provider].quality);
}

/* Contract j's (0-based) coefficient in local row k, at the segment's reference price r_s
 * (its lowest usable floor): Σ_local 12·r·x − target · Σ_all 12·r·x + v ≥ 0, the sums over
 * every contract (k = LS_LOCAL_ALL) or over one domain's. At reference prices a dearer local
 * provider earns no more share than a cheaper local one for the same clients, so the target
 * never pays for the dearer one. */
double ls_stage1_lp_local_coef(const ls_stage1 *s1, size_t j, int k)
{
    const ls_model *m = s1->m;
    const ls_contract *c = &m->contracts[j];
    double target = ls_stage1_target(m, k);
    /* the row over every contract keeps its local entries while free: the LP and its scaling
     * stay as they were before domain rows existed */
    if (!c->usable ||
        (k != LS_LOCAL_ALL && (!(target > 0) || m->segments[c->segment].domain != k - 1)))
        return 0.0;
    return 12 * m->segments[c->segment].ref_floor *
           ((m->providers[c->provider].local ? 1.0 : 0.0) - target);
}

/* Column j's entries (1-based: contracts, then unmet) as sync writes them: row indices and
 * coefficients in ind[0..n−1], val[0..n−1]; returns n (at most LS_STAGE1_ENTRIES). */
int ls_stage1_lp_column(const ls_stage1 *s1, int j, int *ind, double *val)
{
    const ls_model *m = s1->m;
    if (j >= s1->u_col0) {
        ind[0] = j - s1->u_col0 + 1, val[0] = 1;
        return 1;
    }
    const ls_contract *c = &m->contracts[j - 1];
    int n = 0;
    ind[n] = c->segment + 1, val[n++] = 1;
    if (s1->capacity_row[c->provider])
        ind[n] = s1->capacity_row[c->provider], val[n++] = 12 * m->segments[c->segment].hours_per_month;
    if (s1->budget_row[c->provider])
        ind[n] = s1->budget_row[c->provider], val[n++] = 12 * c->floor_tariff;
    double all, own;
    ls_stage1_lp_local_pair(s1, (size_t)j - 1, &all, &own);
    if (all != 0)
        ind[n] = s1->local_row[LS_LOCAL_ALL], val[n++] = all;
    if (own != 0)
        ind[n] = s1->local_row[1 + m->segments[c->segment].domain], val[n++] = own;
    return n;
}

/* Equilibration scaling, as GLPK's glp_scale_prob(GLP_SF_EQ) does it (rows first, unless
 * the columns' coefficient ratios are the smaller, then columns first; each scaled by the
 * largest magnitude it has), computed from the model's arrays in one pass each: GLPK's own
 * walks its row and column lists (0.5 s on the country preset). */
int ls_stage1_lp_equilibrate(ls_stage1 *s1)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    double *r = malloc((size_t)(nr + 1) * sizeof(double)), *rmin = malloc((size_t)(nr + 1) * sizeof(double));
    double *sc = malloc((size_t)(nc + 1) * sizeof(double));
    if (!r || !rmin || !sc) {
        free(r);
        free(rmin);
        free(sc);
        return -1;
    }
    int ind[LS_STAGE1_ENTRIES];
    double val[LS_STAGE1_ENTRIES], col_ratio = 1, row_ratio = 1;
    for (int i = 0; i <= nr; i++)
        r[i] = 0, rmin[i] = INFINITY;
    for (int j = 1; j <= nc; j++) {
        int n = ls_stage1_lp_column(s1, j, ind, val);
        double lo = INFINITY, hi = 0;
        for (int k = 0; k < n; k++) {
            double a = fabs(val[k]);
            lo = fmin(lo, a), hi = fmax(hi, a);
            r[ind[k]] = fmax(r[ind[k]], a), rmin[ind[k]] = fmin(rmin[ind[k]], a);
        }
        if (n)
            col_ratio = fmax(col_ratio, hi / lo);
    }
    for (int i = 1; i <= nr; i++)
        if (r[i] > 0)
            row_ratio = fmax(row_ratio, r[i] / rmin[i]);
    if (row_ratio > col_ratio) {
        /* columns first, then rows of the column-scaled matrix */
        for (int i = 1; i <= nr; i++)
            r[i] = 0;
        for (int j = 1; j <= nc; j++) {
            int n = ls_stage1_lp_column(s1, j, ind, val);
            double hi = 0;
            for (int k = 0; k < n; k++)
                hi = fmax(hi, fabs(val[k]));
            sc[j] = hi > 0 ? 1 / hi : 1;
            for (int k = 0; k < n; k++)
                r[ind[k]] = fmax(r[ind[k]], fabs(val[k]) * sc[j]);
        }
        for (int i = 1; i <= nr; i++)
            r[i] = r[i] > 0 ? 1 / r[i] : 1;
    } else {
        /* rows first, then columns of the row-scaled matrix */
        for (int i = 1; i <= nr; i++)
            r[i] = r[i] > 0 ? 1 / r[i] : 1;
        for (int j = 1; j <= nc; j++) {
            int n = ls_stage1_lp_column(s1, j, ind, val);
            double hi = 0;
            for (int k = 0; k < n; k++)
                hi = fmax(hi, fabs(val[k]) * r[ind[k]]);
            sc[j] = hi > 0 ? 1 / hi : 1;
        }
    }
    for (int i = 1; i <= nr; i++)
        glp_set_rii(lp, i, r[i]);
    for (int j = 1; j <= nc; j++)
        glp_set_sjj(lp, j, sc[j]);
    free(r);
    free(rmin);
    free(sc);
    return 0;
}

/* Two prices are the same (NAN, no usable contract, equals NAN). */
static int same_price(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* A contract's flags as a sync keeps them: today's clients or none, usable or not. */
enum { HELD = 1, USABLE = 2 };
static char synced_flags(const ls_contract *c)
{
    return (char)((c->current_clients > 0 ? HELD : 0) | (c->usable ? USABLE : 0));
}

/* Have the quality value, a provider's quality or the perturbation moved since the last
 * sync? Takes them as synced. */
static int costs_policy_moved(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    int moved = s1->synced_qv != m->policy.quality_value || s1->synced_perturb != s1->perturb;
    s1->synced_qv = m->policy.quality_value, s1->synced_perturb = s1->perturb;
    for (size_t p = 0; p < m->n_providers; p++)
        if (s1->synced_quality[p] != m->providers[p].quality)
            s1->synced_quality[p] = m->providers[p].quality, moved = 1;
    return moved;
}

/* The matrix part that depends on floors and the local targets: the local rows, and the
 * max_budget row of every provider one of whose floors changed, written row by row (a
 * wage-index step changes every floor: a pass over the columns cost more). */
static int sync_floor_rows(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    size_t nc = m->n_contracts, np = m->n_providers;
    int *ind = malloc((nc + 1) * sizeof(int));
    double *val = malloc((nc + 1) * sizeof(double));
    char *dirty = calloc(np + 1, 1);
    if (!ind || !val || !dirty) {
        free(ind);
        free(val);
        free(dirty);
        return -1;
    }
    int local = 0, n = 0, held = 0, usable = 0;
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        if (s1->synced_floor[j] != c->floor_tariff) {
            dirty[c->provider] = 1;
            local = 1;
        }
        char flags = synced_flags(c);
        if (s1->synced_held[j] != flags) {
            held |= (s1->synced_held[j] ^ flags) & HELD;
            usable |= (s1->synced_held[j] ^ flags) & USABLE;
            s1->synced_held[j] = flags;
        }
    }
    int policy = costs_policy_moved(s1); /* always: it takes them as synced */
    s1->costs_moved = local || held || policy;
    if (local || usable)
        s1->local_cached = 0;
    /* a reference price moves the local row's entries of its whole segment */
    for (size_t s = 0; s < m->n_segments; s++)
        if (!same_price(s1->synced_ref[s], m->segments[s].ref_floor)) {
            s1->synced_ref[s] = m->segments[s].ref_floor;
            s1->ref_epoch++;
            local = 1;
        }
    int written = 0;
    for (int k = 0; k < LS_N_LOCAL; k++) {
        double target = ls_stage1_target(m, k);
        /* a domain row without a target is empty: rewritten only when its target went */
        int redo = target != s1->synced_lsm[k] ||
                   (local && (k == LS_LOCAL_ALL || target > 0));
        if (!redo)
            continue;
        s1->local_cached = 0;
        n = 0;
        for (size_t j = 0; j < nc; j++) {
            double coef = ls_stage1_lp_local_coef(s1, j, k);
            if (coef != 0)
                ind[++n] = (int)j + 1, val[n] = coef;
        }
        glp_set_mat_row(lp, s1->local_row[k], n, ind, val);
        if (k != LS_LOCAL_ALL && s1->scaled) {
            /* scaled while it was empty (a target set by a what-if): equilibrate it now, as
             * the scaling would have, by its largest scaled entry */
            double hi = 0;
            for (int i = 1; i <= n; i++)
                hi = fmax(hi, fabs(val[i]) * glp_get_sjj(lp, ind[i]));
            glp_set_rii(lp, s1->local_row[k], hi > 0 ? 1 / hi : 1);
        }
        s1->synced_lsm[k] = target;
        written = 1;
    }
    for (size_t p = 0; p < np; p++) {
        if (!dirty[p] || !s1->budget_row[p])
            continue;
        n = 0;
        for (int k = s1->by_provider[p]; k < s1->by_provider[p + 1]; k++) {
            int j = s1->provider_contracts[k];
            ind[++n] = j + 1, val[n] = 12 * m->contracts[j].floor_tariff;
        }
        glp_set_mat_row(lp, s1->budget_row[p], n, ind, val);
    }
    for (size_t j = 0; j < nc; j++)
        s1->synced_floor[j] = m->contracts[j].floor_tariff;
    free(ind);
    free(val);
    free(dirty);
    return written ? LS_STAGE1_LP_COSTS : 0;
}

/* First sync: the whole matrix, column by column, and the contracts listed by provider (for
 * rewriting the max_budget rows). */
static int sync_first(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    size_t nc = m->n_contracts, ns = m->n_segments, np = m->n_providers;
    s1->synced_floor = malloc((nc + 1) * sizeof(double));
    s1->synced_held = malloc(nc + 1);
    s1->synced_quality = calloc(np + 1, sizeof(double)); /* the first sync compares, then takes */
    s1->by_provider = calloc(np + 2, sizeof(int));
    s1->provider_contracts = malloc((nc + 1) * sizeof(int));
    int *fill = malloc((np + 1) * sizeof(int));
    if (!s1->synced_floor || !s1->synced_held || !s1->synced_quality || !s1->by_provider ||
        !s1->provider_contracts || !fill) {
        free(fill);
        free(s1->synced_floor);
        free(s1->synced_held);
        free(s1->synced_quality);
        free(s1->by_provider);
        free(s1->provider_contracts);
        s1->synced_floor = s1->synced_quality = NULL;
        s1->synced_held = NULL;
        s1->by_provider = s1->provider_contracts = NULL;
        return -1;
    }
    for (size_t j = 0; j < nc; j++)
        s1->by_provider[m->contracts[j].provider + 1]++;
    for (size_t p = 0; p < np; p++)
        s1->by_provider[p + 1] += s1->by_provider[p];
    memcpy(fill, s1->by_provider, (np + 1) * sizeof(int));
    for (size_t j = 0; j < nc; j++)
        s1->provider_contracts[fill[m->contracts[j].provider]++] = (int)j;
    free(fill);
    for (int j = 1; j <= (int)(nc + ns); j++) {
        int ind[LS_STAGE1_ENTRIES + 1];
        double val[LS_STAGE1_ENTRIES + 1];
        glp_set_mat_col(lp, j, ls_stage1_lp_column(s1, j, ind + 1, val + 1), ind, val);
    }
    for (size_t j = 0; j < nc; j++) {
        s1->synced_floor[j] = m->contracts[j].floor_tariff;
        s1->synced_held[j] = synced_flags(&m->contracts[j]);
    }
    costs_policy_moved(s1);
    s1->costs_moved = 1;
    for (size_t s = 0; s < ns; s++)
        s1->synced_ref[s] = m->segments[s].ref_floor;
    for (int k = 0; k < LS_N_LOCAL; k++)
        s1->synced_lsm[k] = ls_stage1_target(m, k);
    return 0;
}

/* local: Σ_local 12·r·x − target · Σ_all 12·r·x ≥ −(the shortfall allowed: 0, or the one
 * the priorities hold, lex.c); a domain's free in a relaxed first attempt. Returns
 * LS_STAGE1_LP_BOUNDS when one changed. */
static int local_bounds(ls_stage1 *s1)
{
    int changed = 0;
    for (int k = 0; k < LS_N_LOCAL; k++) {
        int on = ls_stage1_target(s1->m, k) > 0 && !(k != LS_LOCAL_ALL && s1->relax_domains);
        changed |= set_row_bnds(s1, s1->local_row[k], on ? GLP_LO : GLP_FR,
                                on ? s1->local_lb[k] : -DBL_MAX, DBL_MAX);
    }
    return changed;
}

void ls_stage1_lp_hold_local(ls_stage1 *s1)
{
    local_bounds(s1);
}

/* The local rows' entries of every contract into s1->local_cache, for a warm sync: the
 * passes after it (the duals, the fresh solution, the network's side rows) read them there.
 * Without memory there is none: they are computed where read. */
static void local_cache_fill(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    if (!s1->local_cache && !(s1->local_cache = malloc((2 * m->n_contracts + 1) * sizeof(double))))
        return;
    s1->local_cached = 0; /* ls_stage1_lp_local_pair computes below */
    for (size_t j = 0; j < m->n_contracts; j++)
        ls_stage1_lp_local_pair(s1, j, &s1->local_cache[2 * j], &s1->local_cache[2 * j + 1]);
    s1->local_cached = 1;
}

/* Puts the model's current numbers into the LP: objective, bounds, right-hand sides and the
 * coefficients that depend on floors or on the local targets. Only what differs is written: a
 * changed matrix makes GLPK factorize the basis again. Returns LS_STAGE1_LP_* flags, or -1 when out
 * of memory. */
static int sync(ls_stage1 *s1)
{
    ls_model *m = s1->m;
    int first = !s1->synced_floor, changed = 0;
    if (first && sync_first(s1) != 0)
        return -1;
    /* the contracts' objective as the last sync wrote it, its inputs unmoved: not computed
     * again (a risk run's draw, a demand step) */
    int costs_kept = !first && s1->mirror_obj && !s1->mirror_stale;
    if (!first && (!s1->mirror_obj || s1->mirror_stale))
        mirror_make(s1);
    int rows = first ? LS_STAGE1_LP_COSTS : sync_floor_rows(s1);
    if (rows < 0)
        return -1;
    changed |= rows;
    costs_kept = costs_kept && !s1->costs_moved;
    if (!costs_kept)
        s1->costs_epoch++;
    for (size_t s = 0; s < m->n_segments; s++) {
        double clients = m->segments[s].clients;
        changed |= set_row_bnds(s1, (int)s + 1, GLP_FX, clients, clients);
        int col = s1->u_col0 + (int)s;
        double pin = s1->u_pin[s];
        changed |= isnan(pin) ? set_col_bnds(s1, col, GLP_LO, 0, DBL_MAX)
                              : set_col_bnds(s1, col, GLP_FX, pin, pin);
        changed |= set_obj(s1, col, ls_stage1_lp_objective_coef(s1, col));
    }
    for (size_t p = 0; p < m->n_providers; p++) {
        if (s1->capacity_row[p])
            changed |= set_row_bnds(s1, s1->capacity_row[p], GLP_UP, -DBL_MAX,
                                    m->providers[p].capacity_hours);
        if (s1->budget_row[p])
            changed |= set_row_bnds(s1, s1->budget_row[p], GLP_UP, -DBL_MAX,
                                    m->providers[p].max_budget);
    }
    changed |= local_bounds(s1);
    /* a warm solve that the network's dual simplex tries first (stage1.c) may leave the
     * contracts' moved bounds in the mirror alone, up to a flush */
    s1->lazy_on = mirror_live(s1) && !s1->lex_start && !s1->opts.glpk_resolve;
    for (size_t j = 0; j < m->n_contracts; j++) {
        double lo, hi;
        int type = ls_stage1_lp_contract_bounds(s1, j, &lo, &hi);
        if (!costs_kept)
            changed |= set_obj(s1, (int)j + 1, ls_stage1_lp_objective_coef(s1, (int)j + 1));
        changed |= set_col_bnds(s1, (int)j + 1, type, lo, hi);
    }
    s1->lazy_on = 0;
    if (changed & LS_STAGE1_LP_COSTS)
        s1->cost_epoch++;
    if (s1->mirror_obj && !s1->local_cached)
        local_cache_fill(s1);
    return changed;
}

int ls_stage1_lp_presync(ls_stage1 *s1)
{
    if (!s1->tie_hash) {
        if (!(s1->tie_hash = malloc((s1->m->n_contracts + 1) * sizeof(double))))
            return -1;
        preference_init(s1);
    }
    double *scale = malloc((s1->m->n_segments + 1) * sizeof(double));
    if (!scale)
        return -1;
    continuity_bounds(s1, scale);
    free(scale);
    return 0;
}

int ls_stage1_lp_write(ls_stage1 *s1)
{
    return sync(s1);
}

int ls_stage1_lp_sync(ls_stage1 *s1)
{
    return ls_stage1_lp_presync(s1) != 0 ? -1 : sync(s1);
}

/* The solution of the LP (GLPK's, after a solve of the whole) into s1. */
void ls_stage1_lp_take_solution(ls_stage1 *s1)
{
    glp_prob *lp = s1->lp;
    s1->status = glp_get_status(lp);
    for (size_t j = 0; j < s1->m->n_contracts; j++)
        s1->x[j] = glp_get_col_prim(lp, (int)j + 1);
    for (size_t s = 0; s < s1->m->n_segments; s++)
        s1->u[s] = glp_get_col_prim(lp, s1->u_col0 + (int)s);
}

/* Σ 12·(floor − quality_value·quality)·x at the solution in s1 (the LP's own objective
 * carries the perturbation and the unmet weight). */
double ls_stage1_lp_placement_cost(const ls_stage1 *s1)
{
    double z = 0;
    for (size_t j = 0; j < s1->m->n_contracts; j++)
        z += ls_stage1_lp_cost(s1, (int)j + 1) * s1->x[j];
    return z; /* an unplaced client costs nothing here: need counts it apart */
}
