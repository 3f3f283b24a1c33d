/*
 * stage1_work.c — the working problem of stage 1's sifted solves (stage1_work.h): a second
 * GLPK problem with the LP's rows and only some of its columns, the others waiting outside
 * at their lower bound. sift.c solves in it and prices the columns left out; ties.c breaks
 * ties in it when a sifted solve ended there. GLPK then copies, prices and stores a fraction
 * of the columns at every call; the working problem is kept from one solve to the next.
 */
#include "stage1_work.h"

#include <stdlib.h>
#include <string.h>

void ls_stage1_work_drop(ls_stage1 *s1)
{
    if (s1->work)
        glp_delete_prob(s1->work);
    free(s1->work_col);
    free(s1->work_of);
    free(s1->work_floor);
    free(s1->work_fixed);
    s1->work = NULL;
    s1->work_col = s1->work_of = NULL;
    s1->work_floor = s1->work_fixed = NULL;
    s1->work_basis = 0;
}

/* The floor a contract column's matrix entries depend on (the unmet columns': none). */
static double column_floor(const ls_stage1 *s1, int j)
{
    return j < s1->u_col0 ? s1->m->contracts[j - 1].floor_tariff : 0.0;
}

/* Working column k from the LP's column j: bounds, objective and status, and with matrix
 * set its entries (as sync writes them into the LP). */
static void work_write_col(ls_stage1 *s1, int k, int j, int matrix)
{
    glp_prob *lp = s1->lp, *w = s1->work;
    if (matrix) {
        int ind[LS_STAGE1_ENTRIES + 1];
        double val[LS_STAGE1_ENTRIES + 1];
        int n = ls_stage1_lp_column(s1, j, ind + 1, val + 1);
        glp_set_mat_col(w, k, n, ind, val);
        s1->work_floor[k] = column_floor(s1, j);
    }
    glp_set_col_bnds(w, k, glp_get_col_type(lp, j), glp_get_col_lb(lp, j),
                     glp_get_col_ub(lp, j));
    glp_set_obj_coef(w, k, glp_get_obj_coef(lp, j));
    glp_set_col_stat(w, k, glp_get_col_stat(lp, j));
}

/* Row i's bounds in the working problem: the LP's, less work_fixed[i], what the contracts
 * left out put in it. */
static void work_row_bnds(ls_stage1 *s1, int i)
{
    glp_prob *lp = s1->lp;
    double f = s1->work_fixed[i];
    glp_set_row_bnds(s1->work, i, glp_get_row_type(lp, i), glp_get_row_lb(lp, i) - f,
                     glp_get_row_ub(lp, i) - f);
}

/* Adds (sign 1) or takes away (−1) what contract j at its lower bound puts in the rows; with
 * rows set, the working problem's row bounds follow. */
static void work_fix(ls_stage1 *s1, int j, double sign, int rows)
{
    double lo, hi;
    ls_stage1_lp_contract_bounds(s1, (size_t)j - 1, &lo, &hi);
    if (lo == 0)
        return;
    int ind[LS_STAGE1_ENTRIES];
    double val[LS_STAGE1_ENTRIES];
    for (int k = 0, len = ls_stage1_lp_column(s1, j, ind, val); k < len; k++) {
        s1->work_fixed[ind[k]] += sign * val[k] * lo;
        if (rows)
            work_row_bnds(s1, ind[k]);
    }
}

/* Appends the LP's columns cols[0..n−1] to the working problem. */
static void work_append(ls_stage1 *s1, const int *cols, int n)
{
    if (n == 0)
        return;
    int k0 = glp_add_cols(s1->work, n);
    for (int k = 0; k < n; k++) {
        int j = cols[k];
        s1->work_col[k0 + k] = j;
        s1->work_of[j] = k0 + k;
        glp_set_sjj(s1->work, k0 + k, glp_get_sjj(s1->lp, j));
        work_write_col(s1, k0 + k, j, 1);
    }
}

void ls_stage1_work_admit(ls_stage1 *s1, const int *cols, int n)
{
    work_append(s1, cols, n);
    for (int k = 0; k < n; k++)
        work_fix(s1, cols[k], -1, 1);
}

/* The working problem for a sifted solve: the LP's rows (scale factors, statuses, and bounds
 * less what the contracts left out put in them) and its columns but those marked out, which
 * are non-basic at their lower bound, so that the LP's basis restricted to the rest is a
 * basis of it. It is kept from one solve to the next (creating it anew cost more than the
 * solve on the Amsterdam preset: some 20 ms of allocation and page faults): columns left
 * out this time are deleted, the others marked in appended, and everything is rewritten
 * from the LP (a column's entries only when its floor or a local target moved). Fills
 * s1->work, work_col, work_of, work_floor and work_fixed. 0, or −1 without memory. */
int ls_stage1_work_prepare(ls_stage1 *s1, char *out, int *enter)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), ncol = glp_get_num_cols(lp), nc = (int)s1->m->n_contracts;
    if (!s1->work) {
        s1->work_col = malloc((size_t)(ncol + 1) * sizeof(int));
        s1->work_of = calloc((size_t)ncol + 1, sizeof(int));
        s1->work_floor = malloc((size_t)(ncol + 1) * sizeof(double));
        s1->work_fixed = malloc((size_t)(nr + 1) * sizeof(double));
        if (!s1->work_col || !s1->work_of || !s1->work_floor || !s1->work_fixed) {
            ls_stage1_work_drop(s1);
            return -1;
        }
        s1->work = glp_create_prob();
        glp_set_obj_dir(s1->work, GLP_MIN);
        glp_add_rows(s1->work, nr);
        for (int i = 1; i <= nr; i++)
            glp_set_rii(s1->work, i, glp_get_rii(lp, i));
        for (int k = 0; k < LS_N_LOCAL; k++)
            s1->work_lsm[k] = ls_stage1_target(s1->m, k);
        s1->work_ref_epoch = s1->ref_epoch;
    }
    /* the columns left out this time leave (GLPK keeps the others' order), the others come
     * in after them: the same marks give the same problem, whatever was solved before */
    int n_work = glp_get_num_cols(s1->work), n_gone = 0, kept = 0;
    for (int k = 1; k <= n_work; k++) {
        int j = s1->work_col[k];
        if (j <= nc && out[j - 1]) {
            enter[++n_gone] = k;
            s1->work_of[j] = 0;
        } else {
            s1->work_col[++kept] = j;
            s1->work_floor[kept] = s1->work_floor[k];
            s1->work_of[j] = kept;
        }
    }
    if (n_gone)
        glp_del_cols(s1->work, n_gone, enter);
    int n_enter = 0;
    for (int j = 1; j <= ncol; j++)
        if ((j > nc || !out[j - 1]) && !s1->work_of[j])
            enter[n_enter++] = j;
    memset(s1->work_fixed, 0, (size_t)(nr + 1) * sizeof(double));
    for (int j = 1; j <= nc; j++)
        if (out[j - 1])
            work_fix(s1, j, 1, 0);
    for (int i = 1; i <= nr; i++) {
        work_row_bnds(s1, i);
        glp_set_row_stat(s1->work, i, glp_get_row_stat(lp, i));
    }
    for (int k = 1; k < LS_N_LOCAL; k++) /* a domain row is scaled when its target comes */
        glp_set_rii(s1->work, s1->local_row[k], glp_get_rii(lp, s1->local_row[k]));
    int rewrite = s1->ref_epoch != s1->work_ref_epoch;
    for (int k = 0; k < LS_N_LOCAL; k++) {
        rewrite |= ls_stage1_target(s1->m, k) != s1->work_lsm[k];
        s1->work_lsm[k] = ls_stage1_target(s1->m, k);
    }
    s1->work_ref_epoch = s1->ref_epoch;
    for (int k = 1, n = glp_get_num_cols(s1->work); k <= n; k++) {
        int j = s1->work_col[k];
        work_write_col(s1, k, j, rewrite || column_floor(s1, j) != s1->work_floor[k]);
    }
    work_append(s1, enter, n_enter);
    /* a factorization of its own, not one updated along the last solve's pivots */
    glp_factorize(s1->work);
    return 0;
}

/* The working problem's basis and solution into the LP and s1; the contracts left out are
 * non-basic at their lower bound. */
void ls_stage1_work_take(ls_stage1 *s1)
{
    glp_prob *lp = s1->lp, *w = s1->work;
    int nr = glp_get_num_rows(lp), n = glp_get_num_cols(w);
    size_t nc = s1->m->n_contracts;
    for (int i = 1; i <= nr; i++)
        glp_set_row_stat(lp, i, glp_get_row_stat(w, i));
    for (size_t j = 0; j < nc; j++) {
        double hi;
        ls_stage1_lp_contract_bounds(s1, j, &s1->x[j], &hi);
    }
    for (int k = 1; k <= n; k++) {
        int j = s1->work_col[k];
        double v = glp_get_col_prim(w, k);
        glp_set_col_stat(lp, j, glp_get_col_stat(w, k));
        if (j < s1->u_col0)
            s1->x[j - 1] = v;
        else
            s1->u[j - s1->u_col0] = v;
    }
    s1->status = glp_get_status(w);
}
