/*
 * stage1_lp.c — stage 1's LP and its primitives (stage1_lp.h): building the GLPK problem,
 * its columns, costs and bounds as the model gives them, the tie-break's preference in its
 * objective, scaling it and taking GLPK's solution. Putting the model's numbers into it is
 * stage1_cont.c's and stage1_sync.c's. What solves it sits above and calls down into these:
 * the strategies (stage1_work.c, sift.c, ties.c, network.c, lex.c), the solve of one LP
 * (stage1.c) and the component split (components.c). It calls nothing else in solver/lp.
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
    s1->col_seg = malloc((nc + 1) * sizeof(int));
    s1->col_prov = malloc((nc + 1) * sizeof(int));
    s1->seg_hours = malloc((ns + 1) * sizeof(double));
    s1->seg_shift = malloc((ns + 1) * sizeof(double));
    s1->seg_domain = malloc(ns + 1);
    if (s1->cont_hours)
        s1->cont_cost = s1->cont_hours + np + 1, s1->cont_room = s1->cont_cost + np + 1;
    if (!s1->u_pin || !s1->synced_ref || !s1->cont_hours || !s1->capacity_row ||
        !s1->budget_row || !s1->x || !s1->lower || !s1->reduced_cost || !s1->u ||
        !s1->demand_dual || !s1->capacity_dual || !s1->budget_dual || !s1->col_seg ||
        !s1->col_prov || !s1->seg_hours || !s1->seg_shift || !s1->seg_domain) {
        ls_stage1_lp_free(s1);
        return LS_EINTERNAL;
    }
    for (size_t j = 0; j < nc; j++)
        s1->col_seg[j] = m->contracts[j].segment, s1->col_prov[j] = m->contracts[j].provider;
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
    /* GLPK's standard basis as it stands: every new row basic (free), every new column
     * non-basic at its fixed 0 (GLP_NS), which glp_std_basis would set again one by one */
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
    free(s1->col_seg);
    free(s1->col_prov);
    free(s1->seg_hours);
    free(s1->seg_shift);
    free(s1->seg_domain);
    free(s1->cont_list);
    free(s1->cont_total);
    free(s1->cont_scale);
    free(s1->cont_moved);
    free(s1->cont_base);
    free(s1->cont_max);
    free(s1->cont_seg_moved);
    free(s1->synced_floor);
    free(s1->synced_held);
    free(s1->synced_quality);
    free(s1->local_seg);
    free(s1->local_kind);
    free(s1->local_nonzero);
    free(s1->settle_cost);
    free(s1->tie_hash);
    free(s1->by_provider);
    free(s1->provider_contracts);
    free(s1->stat_now);
    ls_stage1_lp_rows_drop(s1); /* the LP is gone: nothing to write */
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

void ls_stage1_lp_preference_init(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    for (size_t j = 0; j < m->n_contracts; j++)
        s1->tie_hash[j] = tie_hash(m, &m->contracts[j]);
    ls_stage1_lp_perturb_init(s1);
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
    return ls_stage1_local_entry(12 * m->segments[c->segment].ref_floor,
                                 m->providers[c->provider].local, target);
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
    if (s1->capacity_row[c->provider]) {
        ind[n] = s1->capacity_row[c->provider];
        val[n++] = 12 * m->segments[c->segment].hours_per_month;
    }
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
    double *r = malloc((size_t)(nr + 1) * sizeof(double));
    double *rmin = malloc((size_t)(nr + 1) * sizeof(double));
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
    s1->matrix_epoch++, s1->net_epoch++;
    free(r);
    free(rmin);
    free(sc);
    return 0;
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
double ls_stage1_lp_placement_cost(const ls_stage1 *s1, const double *cost)
{
    double z = 0;
    for (size_t j = 0; j < s1->m->n_contracts; j++)
        z += (cost ? cost[j + 1] : ls_stage1_lp_cost(s1, (int)j + 1)) * s1->x[j];
    return z; /* an unplaced client costs nothing here: need counts it apart */
}

void ls_stage1_rc_take(ls_stage1 *s1)
{
    if (!s1->rc_pending)
        return;
    memcpy(s1->reduced_cost, s1->rc_pending, s1->m->n_contracts * sizeof(double));
    s1->rc_pending = NULL;
}
