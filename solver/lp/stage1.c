#include "stage1.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "components.h"
#include "lex.h"
#include "network.h"
#include "sift.h"
#include "ties.h"
#include "util.h"

/* Below 20,000 columns a warm re-solve solves the whole LP: keeping the working problem in
 * step costs more than GLPK's handling of the columns it saves (a risk run on the bundled
 * Zaltbommel, 2,086 columns: 0.26 ms sifted, 0.22 ms whole). Tests set 0 to reach the
 * working problem on small models. */
void ls_stage1_options_init(ls_stage1_options *o)
{
    memset(o, 0, sizeof(*o));
    o->threads = 1;
    o->sift_min_cols = 20000;
}

int ls_stage1_build(ls_model *m, int names, const ls_stage1_options *opts, ls_stage1 *s1)
{
    memset(s1, 0, sizeof(*s1));
    s1->m = m;
    if (opts)
        s1->opts = *opts;
    else
        ls_stage1_options_init(&s1->opts);
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
        ls_stage1_free(s1);
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
    s1->local_row = ++row;
    glp_add_rows(lp, row - (int)ns);
    if (nc + ns)
        glp_add_cols(lp, (int)(nc + ns));
    s1->u_col0 = (int)nc + 1;
    if (names)
        ls_stage1_set_names(s1);
    glp_std_basis(lp);
    return LS_OK;
}

void ls_stage1_set_names(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    size_t nc = m->n_contracts, ns = m->n_segments, np = m->n_providers;
    char name[256];
    for (size_t s = 0; s < ns; s++) {
        ls_lp_name(name, sizeof name, "demand", m->segments[s].id, NULL);
        glp_set_row_name(lp, (int)s + 1, name);
        ls_lp_name(name, sizeof name, "u", m->segments[s].id, NULL);
        glp_set_col_name(lp, s1->u_col0 + (int)s, name);
    }
    for (size_t p = 0; p < np; p++) {
        if (s1->capacity_row[p]) {
            ls_lp_name(name, sizeof name, "capacity", m->providers[p].id, NULL);
            glp_set_row_name(lp, s1->capacity_row[p], name);
        }
        if (s1->budget_row[p]) {
            ls_lp_name(name, sizeof name, "max_budget", m->providers[p].id, NULL);
            glp_set_row_name(lp, s1->budget_row[p], name);
        }
    }
    glp_set_row_name(lp, s1->local_row, "local");
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        ls_lp_name(name, sizeof name, "x", m->providers[c->provider].id,
                   m->segments[c->segment].id);
        glp_set_col_name(lp, (int)j + 1, name);
    }
}

void ls_stage1_free(ls_stage1 *s1)
{
    if (s1->lp)
        glp_delete_prob(s1->lp);
    free(s1->capacity_row);
    free(s1->budget_row);
    free(s1->x);
    free(s1->lower);
    free(s1->reduced_cost);
    free(s1->u);
    free(s1->demand_dual);
    free(s1->capacity_dual);
    free(s1->budget_dual);
    free(s1->u_pin);
    free(s1->synced_ref);
    free(s1->cont_hours);
    free(s1->synced_floor);
    free(s1->tie_hash);
    free(s1->by_provider);
    free(s1->provider_contracts);
    ls_stage1_drop_work(s1);
    memset(s1, 0, sizeof(*s1));
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
    int any = 0;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        const ls_segment *sg = &m->segments[c->segment];
        double shift = isnan(sg->max_shift) ? m->policy.max_shift : sg->max_shift;
        s1->lower[j] = c->usable && c->current_clients != 0
                           ? (1 - shift) * c->current_clients * scale[c->segment]
                           : 0.0;
        any |= s1->lower[j] > 0;
    }
    if (!any)
        return; /* most risk runs and sweeps: nothing held, nothing to scale */
    /* per provider: the hours and floor cost the bounds take, and the smallest ratio of a
     * contract's max_clients to its bound */
    double *hours = s1->cont_hours, *cost = s1->cont_cost, *room = s1->cont_room;
    for (size_t p = 0; p < np; p++)
        hours[p] = cost[p] = 0, room[p] = 1;
    for (size_t j = 0; j < m->n_contracts; j++) {
        double lo = s1->lower[j];
        if (lo == 0)
            continue;
        const ls_contract *c = &m->contracts[j];
        hours[c->provider] += 12 * m->segments[c->segment].hours_per_month * lo;
        cost[c->provider] += 12 * c->floor_tariff * lo;
        if (c->max_clients < lo)
            room[c->provider] = fmin(room[c->provider], c->max_clients / lo);
    }
    for (size_t p = 0; p < np; p++) {
        const ls_provider *pr = &m->providers[p];
        double f = room[p];
        if (hours[p] > pr->capacity_hours)
            f = fmin(f, pr->capacity_hours / hours[p]);
        if (cost[p] > pr->max_budget)
            f = fmin(f, pr->max_budget / cost[p]);
        room[p] = f;
    }
    for (size_t j = 0; j < m->n_contracts; j++)
        if (s1->lower[j] != 0 && room[m->contracts[j].provider] < 1) {
            s1->lower[j] *= room[m->contracts[j].provider];
            /* the product can land a hair above the limit it was scaled to */
            s1->lower[j] = fmin(s1->lower[j], m->contracts[j].max_clients);
        }
}

/* What sync changed: the choice of simplex for a warm re-solve follows from it. */
enum { SYNC_COSTS = 1, SYNC_BOUNDS = 2 };

static int set_obj(glp_prob *lp, int col, double v)
{
    if (glp_get_obj_coef(lp, col) == v)
        return 0;
    glp_set_obj_coef(lp, col, v);
    return SYNC_COSTS;
}

static int set_col_bnds(glp_prob *lp, int col, int type, double lo, double hi)
{
    if (glp_get_col_type(lp, col) == type && glp_get_col_lb(lp, col) == lo &&
        glp_get_col_ub(lp, col) == hi)
        return 0;
    glp_set_col_bnds(lp, col, type, lo, hi);
    return SYNC_BOUNDS;
}

static int set_row_bnds(glp_prob *lp, int row, int type, double lo, double hi)
{
    if (glp_get_row_type(lp, row) == type && glp_get_row_lb(lp, row) == lo &&
        glp_get_row_ub(lp, row) == hi)
        return 0;
    glp_set_row_bnds(lp, row, type, lo, hi);
    return SYNC_BOUNDS;
}

/* Contract j's bounds in stage 1: its GLPK type, lower and upper bound (DBL_MAX: none). An
 * unusable contract, or one whose continuity reaches its max_clients, is fixed. */
int ls_stage1_contract_bounds(const ls_stage1 *s1, size_t j, double *lo, double *hi)
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
 * (docs/method.md): euros a year per client. */
double ls_stage1_cost(const ls_stage1 *s1, int j)
{
    const ls_model *m = s1->m;
    if (j >= s1->u_col0) /* an unplaced client held by the priorities is a given: no cost,
                          * so that no dual carries the weight of the first attempt */
        return isnan(s1->u_pin[j - s1->u_col0]) ? 12 * m->unmet_weight : 0.0;
    const ls_contract *c = &m->contracts[j - 1];
    return 12 * (c->floor_tariff - m->policy.quality_value * m->providers[c->provider].quality);
}

/* Contract j's (0-based) coefficient in the local row, at the segment's reference price
 * r_s (its lowest usable floor): Σ_local 12·r·x − local_share_min · Σ_all 12·r·x + v ≥ 0.
 * At reference prices a dearer local provider earns no more share than a cheaper local one
 * for the same clients, so the target never pays for the dearer one. */
double ls_stage1_local_coef(const ls_stage1 *s1, size_t j)
{
    const ls_model *m = s1->m;
    const ls_contract *c = &m->contracts[j];
    if (!c->usable)
        return 0.0;
    return 12 * m->segments[c->segment].ref_floor *
           ((m->providers[c->provider].local ? 1.0 : 0.0) - m->policy.local_share_min);
}

/* Column j's entries (1-based: contracts, then unmet) as sync writes them: row indices and
 * coefficients in ind[0..n−1], val[0..n−1]; returns n (at most 4). */
int ls_stage1_column(const ls_stage1 *s1, int j, int *ind, double *val)
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
    double local = ls_stage1_local_coef(s1, (size_t)j - 1);
    if (local != 0)
        ind[n] = s1->local_row, val[n++] = local;
    return n;
}

/* Equilibration scaling, as GLPK's glp_scale_prob(GLP_SF_EQ) does it (rows first, unless
 * the columns' coefficient ratios are the smaller, then columns first; each scaled by the
 * largest magnitude it has), computed from the model's arrays in one pass each: GLPK's own
 * walks its row and column lists (0.5 s on the country preset). */
static int equilibrate(ls_stage1 *s1)
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
    int ind[4];
    double val[4], col_ratio = 1, row_ratio = 1;
    for (int i = 0; i <= nr; i++)
        r[i] = 0, rmin[i] = INFINITY;
    for (int j = 1; j <= nc; j++) {
        int n = ls_stage1_column(s1, j, ind, val);
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
            int n = ls_stage1_column(s1, j, ind, val);
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
            int n = ls_stage1_column(s1, j, ind, val);
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

/* The matrix part that depends on floors and local_share_min: the local row, and the
 * max_budget row of every provider one of whose floors changed, written row by row (a
 * wage-index step changes every floor: a pass over the columns cost more). */
static int sync_floor_rows(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    size_t nc = m->n_contracts, np = m->n_providers;
    const double lsm = m->policy.local_share_min;
    int *ind = malloc((nc + 1) * sizeof(int));
    double *val = malloc((nc + 1) * sizeof(double));
    char *dirty = calloc(np + 1, 1);
    if (!ind || !val || !dirty) {
        free(ind);
        free(val);
        free(dirty);
        return -1;
    }
    int local = lsm != s1->synced_lsm, n = 0;
    for (size_t j = 0; j < nc; j++)
        if (s1->synced_floor[j] != m->contracts[j].floor_tariff) {
            dirty[m->contracts[j].provider] = 1;
            local = 1;
        }
    /* a reference price moves the local row's entries of its whole segment */
    for (size_t s = 0; s < m->n_segments; s++)
        if (!same_price(s1->synced_ref[s], m->segments[s].ref_floor)) {
            s1->synced_ref[s] = m->segments[s].ref_floor;
            s1->ref_epoch++;
            local = 1;
        }
    if (local) {
        for (size_t j = 0; j < nc; j++) {
            double coef = ls_stage1_local_coef(s1, j);
            if (coef != 0)
                ind[++n] = (int)j + 1, val[n] = coef;
        }
        glp_set_mat_row(lp, s1->local_row, n, ind, val);
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
    s1->synced_lsm = lsm;
    free(ind);
    free(val);
    free(dirty);
    return local ? SYNC_COSTS : 0;
}

/* First sync: the whole matrix, column by column, the contracts listed by provider (for
 * rewriting the max_budget rows) and the tie-break's preference. */
static int sync_first(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    size_t nc = m->n_contracts, ns = m->n_segments, np = m->n_providers;
    s1->synced_floor = malloc((nc + 1) * sizeof(double));
    s1->by_provider = calloc(np + 2, sizeof(int));
    s1->provider_contracts = malloc((nc + 1) * sizeof(int));
    s1->tie_hash = malloc((nc + 1) * sizeof(double));
    int *fill = malloc((np + 1) * sizeof(int));
    if (!s1->synced_floor || !s1->by_provider || !s1->provider_contracts || !s1->tie_hash ||
        !fill) {
        free(fill);
        free(s1->synced_floor);
        free(s1->by_provider);
        free(s1->provider_contracts);
        free(s1->tie_hash);
        s1->synced_floor = s1->tie_hash = NULL;
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
    ls_ties_init(s1);
    for (int j = 1; j <= (int)(nc + ns); j++) {
        int ind[5];
        double val[5];
        glp_set_mat_col(lp, j, ls_stage1_column(s1, j, ind + 1, val + 1), ind, val);
    }
    for (size_t j = 0; j < nc; j++)
        s1->synced_floor[j] = m->contracts[j].floor_tariff;
    for (size_t s = 0; s < ns; s++)
        s1->synced_ref[s] = m->segments[s].ref_floor;
    s1->synced_lsm = m->policy.local_share_min;
    return 0;
}

/* Puts the model's current numbers into the LP: objective, bounds, right-hand sides and the
 * coefficients that depend on floors or on local_share_min. Only what differs is written: a
 * changed matrix makes GLPK factorize the basis again. Returns SYNC_* flags, or -1 when out
 * of memory. */
static int sync(ls_stage1 *s1)
{
    ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    const double lsm = m->policy.local_share_min;
    int first = !s1->synced_floor, changed = 0;
    if (first && sync_first(s1) != 0)
        return -1;
    int rows = first ? SYNC_COSTS : sync_floor_rows(s1);
    if (rows < 0)
        return -1;
    changed |= rows;
    for (size_t s = 0; s < m->n_segments; s++) {
        double clients = m->segments[s].clients;
        changed |= set_row_bnds(lp, (int)s + 1, GLP_FX, clients, clients);
        int col = s1->u_col0 + (int)s;
        double pin = s1->u_pin[s];
        changed |= isnan(pin) ? set_col_bnds(lp, col, GLP_LO, 0, DBL_MAX)
                              : set_col_bnds(lp, col, GLP_FX, pin, pin);
        changed |= set_obj(lp, col, ls_ties_lp_cost(s1, col));
    }
    for (size_t p = 0; p < m->n_providers; p++) {
        if (s1->capacity_row[p])
            changed |= set_row_bnds(lp, s1->capacity_row[p], GLP_UP, -DBL_MAX,
                                    m->providers[p].capacity_hours);
        if (s1->budget_row[p])
            changed |= set_row_bnds(lp, s1->budget_row[p], GLP_UP, -DBL_MAX,
                                    m->providers[p].max_budget);
    }
    /* local: Σ_local 12·r·x − lsm · Σ_all 12·r·x ≥ −(the shortfall allowed: 0, or the least
     * one placement can reach, lex.c) */
    changed |= set_row_bnds(lp, s1->local_row, lsm > 0 ? GLP_LO : GLP_FR,
                            lsm > 0 ? s1->local_lb : -DBL_MAX, DBL_MAX);
    for (size_t j = 0; j < m->n_contracts; j++) {
        double lo, hi;
        int type = ls_stage1_contract_bounds(s1, j, &lo, &hi);
        changed |= set_obj(lp, (int)j + 1, ls_ties_lp_cost(s1, (int)j + 1));
        changed |= set_col_bnds(lp, (int)j + 1, type, lo, hi);
    }
    return changed;
}

/* The solution of the LP (GLPK's, after a solve of the whole) into s1. */
void ls_stage1_take_solution(ls_stage1 *s1)
{
    glp_prob *lp = s1->lp;
    s1->status = glp_get_status(lp);
    for (size_t j = 0; j < s1->m->n_contracts; j++)
        s1->x[j] = glp_get_col_prim(lp, (int)j + 1);
    for (size_t s = 0; s < s1->m->n_segments; s++)
        s1->u[s] = glp_get_col_prim(lp, s1->u_col0 + (int)s);
}

/* One solve of the LP as it is synced (pins included): cold through the components or the
 * network start, warm by sifting; then the tie-break. *feasible is cleared when the LP has no
 * solution (only with a local row held at a shortfall it cannot reach). */
static int solve_lp(ls_stage1 *s1, int *feasible, ls_errors *errs)
{
    *feasible = 1;
    s1->work_basis = 0; /* settle uses the working problem only when this solve ends there */
    ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    double *scale = malloc((m->n_segments + 1) * sizeof(double));
    if (!scale)
        return LS_EINTERNAL;
    continuity_bounds(s1, scale);
    free(scale);
    int changed = sync(s1);
    if (changed < 0)
        return LS_EINTERNAL;
    int split = 0, solved = 0, warm = s1->scaled;
    if (!s1->scaled) {
        /* coefficients span hours (12·hours) to euros (12·floor): scale once, on the first
         * solve, when the matrix is filled; later syncs keep the factors. One equilibration
         * pass: GLPK's automatic scaling (geometric-mean passes first) took 0.5 s on the
         * Amsterdam preset and 3.6 s on the country, and the solves were no faster for it */
        if (equilibrate(s1) != 0)
            return LS_EINTERNAL;
        /* a cold start: components apart (components.c), or from the network placement
         * by sifting (network.c), unless the caller asked for GLPK's own start (tests
         * compare them) */
        s1->scaled = 1;
        if (!s1->opts.plain_start) {
            int rc = ls_stage1_decompose(s1, &split, errs);
            if (rc != LS_OK)
                return rc;
        }
        if (!split && !s1->opts.plain_start) {
            int net = ls_network_sift(s1, 4, 20);
            if (net == LS_NETWORK_SHORT) {
                *feasible = 0; /* lex.c finds the least shortfall, from this basis */
                return LS_OK;
            }
            solved = net == 0 && s1->status == GLP_OPT;
        }
        if (!split && !solved)
            glp_adv_basis(lp, 0);
    }
    if (split) {
        /* the LP is block-diagonal in the components, so their optimal (tie-broken) bases
         * together are an optimal basis of the whole: the LP keeps it for a warm start, the
         * placements and duals are the components' (tests/test_network.c compares them with
         * the monolithic solve) */
        s1->objective = ls_ties_objective(s1);
        s1->priced = 1;
        return LS_OK;
    }
    /* GLPK's primal simplex is some 20× faster than its dual on this transportation-like
     * structure from a cold start (bench/README.md). A warm start after a what-if that moved
     * only right-hand sides and bounds (demand, capacities) is still dual feasible: the dual
     * simplex repairs it in fewer pivots; after a change of costs the primal does. */
    int priced = s1->priced;
    s1->priced = 0;
    int rc = 0;
    if (warm)
        rc = ls_stage1_solve_sifted(s1,
                                    changed == SYNC_BOUNDS && !s1->lex_start ? GLP_DUALP
                                                                             : GLP_PRIMAL,
                                    priced ? ls_stage1_sift_out(s1, s1->reduced_cost) : NULL);
    else if (!solved) { /* the network start's sifted solve left the optimum: no call more */
        rc = ls_simplex1(lp, GLP_PRIMAL);
        ls_stage1_take_solution(s1);
    }
    if (rc != 0) {
        ls_error_add(errs, NULL, 0, 0, "stage 1: the LP solver failed (GLPK code %d)", rc);
        return LS_EINTERNAL;
    }
    int status = s1->status;
    if (status == GLP_NOFEAS) {
        *feasible = 0;
        return LS_OK;
    }
    if (status != GLP_OPT) {
        ls_error_add(errs, NULL, 0, 0, "stage 1: the LP solver ended with status %d", status);
        return LS_EINTERNAL;
    }
    return ls_ties_settle(s1);
}

/* The placement's priorities: fewest unmet clients, which ones as cost alone would choose,
 * the least local shortfall, then cost and the tie-break. The first attempt holds the local
 * target and weighs an unplaced client above any cost: when it places everyone and meets the
 * target (nearly every model, every run), the first three priorities are at their best (no
 * unmet client, no shortfall) and it is the answer. Otherwise lex.c finds the least unmet
 * clients per segment and the least shortfall, and the LP is solved again with them held. */
int ls_stage1_solve(ls_stage1 *s1, ls_errors *errs)
{
    const ls_model *m = s1->m;
    s1->local_shortfall = 0;
    s1->lex = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        s1->u_pin[s] = NAN;
    s1->local_lb = 0;
    int feasible, rc = solve_lp(s1, &feasible, errs);
    if (rc != LS_OK)
        return rc;
    if (feasible) {
        double unmet = 0, clients = 0;
        for (size_t s = 0; s < m->n_segments; s++)
            unmet += s1->u[s], clients += m->segments[s].clients;
        if (unmet <= LS_LEX_TOL * fmax(1, clients))
            return LS_OK;
    }
    s1->lex = 1;
    rc = ls_lex_priorities(s1, errs);
    if (rc != LS_OK)
        return rc;
    /* from the basis lex.c ended with: primal feasible with the priorities held, so the
     * primal simplex has cost alone to settle, over the whole LP */
    s1->lex_start = 1;
    s1->priced = 0;
    rc = solve_lp(s1, &feasible, errs);
    s1->lex_start = 0;
    if (rc == LS_OK && !feasible) {
        ls_error_add(errs, NULL, 0, 0,
                     "stage 1: the placement with its unmet clients and local shortfall held "
                     "has no solution (a numerical failure)");
        rc = LS_EINTERNAL;
    }
    return rc;
}
