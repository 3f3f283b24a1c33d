/*
 * stage1_rows.c — the matrix and the rows of stage 1's LP that GLPK does not hold yet: the
 * first sync's columns, and the rows a warm sync computed (stage1_lp.h, "pending rows").
 *
 * No solve by the network reads the matrix through GLPK (the network, the basis's tree and the
 * factorization on its own take a column's entries from ls_stage1_lp_column), and on the
 * Amsterdam preset neither a plan nor a risk study nor a sweep calls GLPK's simplex or its
 * factorization of the LP. So the first sync leaves the matrix out (340,000 entries there),
 * and ls_stage1_lp_matrix writes it, column by column as that sync would have, just before
 * GLPK first reads or rewrites it. Each entry of a row that never waited is still the first
 * sync's (a row whose entries move waits, or is written after the matrix), and a row written
 * whole puts its entries at the heads of their columns' lists whatever stood there: so the
 * columns, then the waiting rows in the order of their writes, give GLPK the same lists as a
 * matrix written at the first sync.
 *
 * A wage step rewrites the local rows and every max_budget row (a floor moved in each).
 * GLPK's glp_set_mat_row takes each entry out of its column's list and puts a new one at
 * the list's head, some 60 ns an entry for 277,000 entries; but the re-solve after it reads
 * none of them through GLPK (the network keeps its own, settle reads the local cache) except
 * the basic columns', which the factorization reads. So a warm sync keeps the rows it
 * computes here. The factorization of a basis (stage1_lu.c) takes a basic column's entries
 * of the pending rows from here, each column's in the order the syncs wrote the rows, after
 * its entries of the other rows as GLPK holds them: the order in which GLPK would hold the
 * column had the rows been written whole (the row written last at the list's head), so that
 * the factorization, and every figure from it, is the same to the bit. The planner's first
 * factorization, GLPK's own of the LP, gets the basic columns' entries written into the LP
 * (ls_stage1_lp_rows_basic); GLPK's other readers (its simplex, a copy, an export) get the
 * whole rows first (ls_stage1_lp_flush). It calls GLPK alone.
 */
#include "stage1_lp.h"

#include <stdlib.h>

/* Is entry i of the list its slot's latest? */
static int pend_live(const ls_stage1 *s1, int i)
{
    const struct ls_pending_row *r = &s1->pend[s1->pend_list[i]];
    return r->seq != 0 && r->seq == s1->pend_list_seq[i];
}

struct ls_pending_row *ls_stage1_pend_room(ls_stage1 *s1, int slot, int n)
{
    if (!s1->pend) {
        int slots = LS_N_LOCAL + (int)s1->m->n_providers, nr = glp_get_num_rows(s1->lp);
        s1->pend = calloc((size_t)slots, sizeof(*s1->pend));
        s1->pend_list = malloc((2 * (size_t)slots + 2) * sizeof(int));
        s1->pend_list_seq = malloc((2 * (size_t)slots + 2) * sizeof(unsigned long));
        s1->pend_row = calloc((size_t)nr + 1, 1);
        s1->pend_order = malloc(2 * ((size_t)slots + 1) * sizeof(int));
        if (!s1->pend || !s1->pend_list || !s1->pend_list_seq || !s1->pend_row || !s1->pend_order) {
            free(s1->pend), free(s1->pend_list), free(s1->pend_list_seq);
            free(s1->pend_row), free(s1->pend_order);
            s1->pend = NULL, s1->pend_list = NULL, s1->pend_list_seq = NULL;
            s1->pend_row = NULL, s1->pend_order = NULL;
            return NULL;
        }
        s1->n_slots = slots;
    }
    struct ls_pending_row *r = &s1->pend[slot];
    if (r->cap < n) {
        int *ind = realloc(r->ind, ((size_t)n + 1) * sizeof(int));
        if (ind)
            r->ind = ind;
        double *val = ind ? realloc(r->val, ((size_t)n + 1) * sizeof(double)) : NULL;
        if (!val)
            return NULL;
        r->val = val, r->cap = n;
    }
    return r;
}

void ls_stage1_pend_done(ls_stage1 *s1, int slot, int row, int len)
{
    struct ls_pending_row *r = &s1->pend[slot];
    if (s1->n_pend_list == 2 * s1->n_slots + 2) { /* stale entries out, the order kept */
        int n = 0;
        for (int i = 0; i < s1->n_pend_list; i++)
            if (pend_live(s1, i))
                s1->pend_list[n] = s1->pend_list[i], s1->pend_list_seq[n++] = s1->pend_list_seq[i];
        s1->n_pend_list = n;
    }
    r->row = row, r->len = len, r->seq = ++s1->pend_seq;
    s1->pend_list[s1->n_pend_list] = slot, s1->pend_list_seq[s1->n_pend_list++] = r->seq;
    /* a row that starts to wait: the columns' entries read from GLPK before hold it */
    if (!s1->pend_row[row])
        s1->pend_row[row] = 1, s1->matrix_epoch++;
}

void ls_stage1_lp_matrix(ls_stage1 *s1)
{
    if (!s1->matrix_lazy)
        return;
    s1->matrix_lazy = 0;
    int n = glp_get_num_cols(s1->lp);
    for (int j = 1; j <= n; j++) {
        int ind[LS_STAGE1_ENTRIES + 1];
        double val[LS_STAGE1_ENTRIES + 1];
        glp_set_mat_col(s1->lp, j, ls_stage1_lp_column(s1, j, ind + 1, val + 1), ind, val);
    }
}

void ls_stage1_rows_flush(ls_stage1 *s1)
{
    s1->matrix_epoch++;
    /* the matrix not in GLPK yet, nor a row that waits: each row's entries are still those
     * the first sync would have written, which ls_stage1_lp_matrix writes when GLPK needs
     * them; with a row waiting, the columns first, then the rows in order, as if written
     * whole at the first sync */
    if (s1->matrix_lazy) {
        int live = 0;
        for (int i = 0; !live && i < s1->n_pend_list; i++)
            live = pend_live(s1, i);
        if (!live) {
            s1->n_pend_list = 0;
            return;
        }
        ls_stage1_lp_matrix(s1);
    }
    for (int i = 0; i < s1->n_pend_list; i++)
        if (pend_live(s1, i)) {
            struct ls_pending_row *r = &s1->pend[s1->pend_list[i]];
            glp_set_mat_row(s1->lp, r->row, r->len, r->ind, r->val);
            r->seq = 0;
            s1->pend_row[r->row] = 0;
        }
    s1->n_pend_list = 0;
}

void ls_stage1_lp_rows_basic(ls_stage1 *s1, const int *stat)
{
    ls_stage1_lp_matrix(s1);
    if (!s1->n_pend_list)
        return;
    size_t nc = s1->m->n_contracts;
    if (!s1->pend_ind) {
        s1->pend_ind = malloc((nc + 1) * sizeof(int));
        s1->pend_val = malloc((nc + 1) * sizeof(double));
        if (!s1->pend_ind || !s1->pend_val) {
            free(s1->pend_ind), free(s1->pend_val);
            s1->pend_ind = NULL, s1->pend_val = NULL;
            ls_stage1_rows_flush(s1); /* whole, then */
            return;
        }
    }
    for (int i = 0; i < s1->n_pend_list; i++) {
        if (!pend_live(s1, i))
            continue;
        const struct ls_pending_row *r = &s1->pend[s1->pend_list[i]];
        int n = 0;
        for (int k = 1; k <= r->len; k++) {
            int j = r->ind[k];
            if ((stat ? stat[j] : glp_get_col_stat(s1->lp, j)) == GLP_BS)
                s1->pend_ind[++n] = j, s1->pend_val[n] = r->val[k];
        }
        glp_set_mat_row(s1->lp, r->row, n, s1->pend_ind, s1->pend_val);
        s1->matrix_epoch++;
    }
}

int ls_stage1_lp_row_pending(const ls_stage1 *s1, int row)
{
    return s1->pend_row && s1->pend_row[row];
}

int ls_stage1_lp_pending_begin(ls_stage1 *s1)
{
    int n = 0;
    for (int i = 0; i < s1->n_pend_list; i++)
        if (pend_live(s1, i))
            s1->pend_order[2 * n] = s1->pend_list[i], s1->pend_order[2 * n++ + 1] = 1;
    return s1->n_pend_order = n;
}

int ls_stage1_lp_pending_col(ls_stage1 *s1, int j, int *ind, double *val)
{
    int n = 0;
    for (int t = 0; t < s1->n_pend_order; t++) {
        const struct ls_pending_row *r = &s1->pend[s1->pend_order[2 * t]];
        const int *ri = r->ind;
        int *at = &s1->pend_order[2 * t + 1], lo = *at, len = r->len;
        /* the row's columns ascend, and so do the j asked for (every entry before *at is
         * below j): a gallop from there past j, then halving, to the first entry at j or
         * beyond it */
        if (lo <= len && ri[lo] < j) {
            int step = 1;
            while (lo + step <= len && ri[lo + step] < j)
                lo += step, step *= 2;
            int hi = lo + step <= len ? lo + step : len + 1; /* ri[hi] ≥ j, or past the end */
            lo++;
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
                if (ri[mid] < j)
                    lo = mid + 1;
                else
                    hi = mid;
            }
        }
        *at = lo;
        if (lo <= len && ri[lo] == j)
            ind[n] = r->row, val[n++] = r->val[lo];
    }
    return n;
}

void ls_stage1_lp_rows_drop(ls_stage1 *s1)
{
    for (int k = 0; s1->pend && k < s1->n_slots; k++)
        free(s1->pend[k].ind), free(s1->pend[k].val);
    free(s1->pend), free(s1->pend_list), free(s1->pend_list_seq);
    free(s1->pend_ind), free(s1->pend_val);
    free(s1->pend_row), free(s1->pend_order);
    s1->pend = NULL, s1->pend_list = NULL, s1->pend_list_seq = NULL;
    s1->pend_ind = NULL, s1->pend_val = NULL;
    s1->pend_row = NULL, s1->pend_order = NULL;
    s1->n_slots = s1->n_pend_list = s1->n_pend_order = 0;
}
