/*
 * lex.c — the placement's priorities above cost, for the models where the first attempt
 * (stage1.c: the local target held, an unplaced client weighed above any cost) does not
 * place every client or cannot meet the target.
 *
 * Care is an entitlement, so the order is strict, not a trade-off by weights: first the fewest
 * unmet clients U; then which clients go unmet, where several placements reach U: the cheapest
 * placement's with no local target (the target must not decide who goes without care); then
 * the least local shortfall v with those unmet clients held; then cost (stage1.c solves that,
 * with the tie-break, on its own LP with u and v held here). A priority below LS_LEX_TOL of
 * its own scale counts as met (0); otherwise it is held at the optimum found, with no
 * allowance: the next priority's objective would spend one (cost prefers fewer clients and
 * fewer local ones), to GLPK's feasibility tolerance. The LPs run on a copy of stage 1's LP, from its basis: a few
 * hundred pivots on the Amsterdam preset, against a cold solve's tens of thousands.
 */
#include "lex.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "i18n.h"
#include "util.h"

/* Solves P (minimise) from its basis; LS_OK with its optimum, else LS_EINTERNAL and why. */
static int optimum(glp_prob *P, const char *what, ls_errors *errs)
{
    int rc = ls_simplex(P, GLP_PRIMAL);
    if (rc != 0 || glp_get_status(P) != GLP_OPT) {
        ls_error_add(errs, NULL, 0, 0, _("stage 1: the LP for %s failed (GLPK code %d, status %d)"),
                     what, rc, glp_get_status(P));
        return LS_EINTERNAL;
    }
    return LS_OK;
}

static void set_objective(glp_prob *P, int col_or_zero)
{
    for (int j = 1, n = glp_get_num_cols(P); j <= n; j++)
        glp_set_obj_coef(P, j, j == col_or_zero ? 1.0 : 0.0);
}

/* P's basis into stage 1's LP, whose rows and columns are P's first ones: P's extra row
 * (the unmet total) and column (the shortfall v) have no place there. v basic stands for the
 * local row's slack (the row is met with the shortfall, strictly inside its bound); then the
 * count of basic variables is put right with the fixed unmet columns, so that the LP gets a
 * basis that is primal feasible with the priorities held. */
static void take_basis(glp_prob *P, ls_stage1 *s1, int v)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp), basic = 0;
    for (int i = 1; i <= nr; i++) {
        int st = glp_get_row_stat(P, i);
        glp_set_row_stat(lp, i, st);
        basic += st == GLP_BS;
    }
    for (int j = 1; j <= nc; j++) {
        int st = glp_get_col_stat(P, j);
        glp_set_col_stat(lp, j, st);
        basic += st == GLP_BS;
    }
    if (v && glp_get_col_stat(P, v) == GLP_BS && glp_get_row_stat(lp, s1->local_row) != GLP_BS) {
        glp_set_row_stat(lp, s1->local_row, GLP_BS);
        basic++;
    }
    for (int j = s1->u_col0; j <= nc && basic > nr; j++)
        if (glp_get_col_stat(lp, j) == GLP_BS) {
            glp_set_col_stat(lp, j, GLP_NS);
            basic--;
        }
    for (int i = 1; i <= nr && basic < nr; i++)
        if (glp_get_row_stat(lp, i) != GLP_BS) {
            glp_set_row_stat(lp, i, GLP_BS);
            basic++;
        }
}

int ls_lex_priorities(ls_stage1 *s1, ls_errors *errs)
{
    const ls_model *m = s1->m;
    size_t ns = m->n_segments;
    int nc = (int)m->n_contracts;
    glp_prob *P = glp_create_prob();
    glp_copy_prob(P, s1->lp, GLP_OFF);
    glp_set_obj_dir(P, GLP_MIN);

    /* 1. the fewest unmet clients, with no local target */
    set_objective(P, 0);
    double clients = 0;
    for (size_t s = 0; s < ns; s++) {
        int col = s1->u_col0 + (int)s;
        glp_set_obj_coef(P, col, 1.0);
        glp_set_col_bnds(P, col, GLP_LO, 0, 0);
        clients += m->segments[s].clients;
    }
    glp_set_row_bnds(P, s1->local_row, GLP_FR, 0, 0);
    int rc = optimum(P, _("the fewest unmet clients"), errs);
    double unmet = rc == LS_OK ? glp_get_obj_val(P) : 0;
    double tol = LS_LEX_TOL * fmax(1, clients);

    /* 2. which clients: the cheapest placement with that many unmet (no local target) */
    if (rc == LS_OK && unmet > tol) {
        int row = glp_add_rows(P, 1);
        int *ind = malloc((ns + 1) * sizeof(int));
        double *val = malloc((ns + 1) * sizeof(double));
        if (!ind || !val) {
            free(ind);
            free(val);
            glp_delete_prob(P);
            return LS_EINTERNAL;
        }
        for (size_t s = 0; s < ns; s++)
            ind[s + 1] = s1->u_col0 + (int)s, val[s + 1] = 1;
        glp_set_mat_row(P, row, (int)ns, ind, val);
        /* exactly U: cost alone would spend any allowance on leaving more clients out */
        glp_set_row_bnds(P, row, GLP_UP, 0, unmet);
        free(ind);
        free(val);
        for (int j = 1; j <= glp_get_num_cols(P); j++)
            glp_set_obj_coef(P, j, j <= nc ? ls_stage1_lp_cost(s1, j) : 0.0);
        rc = optimum(P, _("the unmet clients per segment"), errs);
    }
    for (size_t s = 0; rc == LS_OK && s < ns; s++) {
        double u = unmet > tol ? glp_get_col_prim(P, s1->u_col0 + (int)s) : 0.0;
        s1->u_pin[s] = u > LS_LEX_TOL ? u : 0.0;
        glp_set_col_bnds(P, s1->u_col0 + (int)s, GLP_FX, s1->u_pin[s], s1->u_pin[s]);
    }

    /* 3. the least local shortfall v, those unmet clients held: Σ (local − target)·12·r·x
     * + v ≥ 0 */
    s1->local_lb = 0;
    s1->local_shortfall = 0;
    int v = 0;
    if (rc == LS_OK && m->policy.local_share_min > 0) {
        v = glp_add_cols(P, 1);
        int ind[2] = {0, s1->local_row};
        double val[2] = {0, 1};
        glp_set_mat_col(P, v, 1, ind, val);
        glp_set_col_bnds(P, v, GLP_LO, 0, 0);
        /* the local row is scaled down by its euros; v in the same scaled unit */
        glp_set_sjj(P, v, 1.0 / glp_get_rii(P, s1->local_row));
        glp_set_col_stat(P, v, GLP_BS);
        glp_set_row_stat(P, s1->local_row, GLP_NL);
        glp_set_row_bnds(P, s1->local_row, GLP_LO, 0, 0);
        set_objective(P, v);
        rc = optimum(P, _("the least local shortfall"), errs);
        if (rc == LS_OK) {
            double scale = 0;
            for (size_t s = 0; s < ns; s++)
                if (isfinite(m->segments[s].ref_floor))
                    scale += 12 * m->segments[s].ref_floor * m->segments[s].clients;
            double short_tol = LS_LEX_TOL * fmax(1, scale);
            /* exactly v*: cost alone would spend any allowance on a smaller local share */
            double shortfall = glp_get_col_prim(P, v);
            shortfall = shortfall > short_tol ? shortfall : 0;
            s1->local_lb = -shortfall;
            s1->local_shortfall = shortfall;
        }
    }
    if (rc == LS_OK)
        take_basis(P, s1, v);
    glp_delete_prob(P);
    return rc;
}
