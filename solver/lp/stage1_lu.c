/*
 * stage1_lu.c — the basis matrix of stage 1's LP factorized on its own (stage1_lu.h).
 *
 * GLPK's glp_factorize lists the basic variables by walking the status of every row and
 * column (on the Amsterdam preset 150,000 of them), then reads each basic column from its
 * list of entries: atoms spread over GLPK's memory pool, each read a cache miss, some 2 ms
 * of a Monte-Carlo draw. Here a problem with the LP's rows and only the basic columns, in
 * the LP's order, each with its scale factor and its entries in the order of the LP's list,
 * gives GLPK's factorization the same matrix column by column: the same LU, BTRAN and FTRAN,
 * to the bit. A column's entries are read from the LP once and kept, compact, until the
 * LP's matrix or scale factors move (a flush, or a wage step's row that starts to wait; a
 * risk draw never does), and then read anew, the basic columns' alone; the entries of the
 * rows that wait (stage1_rows.c) are taken there, after the column's others. GLPK's walk
 * reads the record of every column to find the basic ones, which a wage step's clock
 * showed to cost more (0.92 of a wage sweep's time), though it counts fewer instructions.
 * A planner's first factorization (a plan's only one) is GLPK's own, of the LP, where the
 * LP holds the basis: no problem of basic columns is made for it.
 */
#include "stage1_lu.h"

#include <stdlib.h>
#include <string.h>

void ls_stage1_lu_drop(ls_stage1 *s1)
{
    if (s1->lu)
        glp_delete_prob(s1->lu);
    free(s1->lu_col);
    free(s1->lu_ind);
    free(s1->lu_slot);
    free(s1->lu_eind);
    free(s1->lu_eval);
    free(s1->lu_sjj);
    free(s1->lu_len);
    free(s1->lu_scol);
    s1->lu = s1->lu_at = NULL;
    s1->lu_col = s1->lu_ind = s1->lu_slot = s1->lu_eind = NULL;
    s1->lu_eval = s1->lu_sjj = NULL;
    s1->lu_len = NULL;
    s1->lu_scol = NULL;
    s1->lu_n_slots = s1->lu_cap = 0;
}

/* The problem with the LP's rows, made on the first factorization. 0, or −1 without memory. */
static int lu_make(ls_stage1 *s1, int nr, int nc)
{
    s1->lu_col = malloc(((size_t)nr + 1) * sizeof(int));
    s1->lu_ind = malloc(((size_t)nr + 1) * sizeof(int));
    s1->lu_slot = calloc((size_t)nc + 1, sizeof(int));
    if (!s1->lu_col || !s1->lu_ind || !s1->lu_slot) {
        ls_stage1_lu_drop(s1);
        return -1;
    }
    s1->lu = glp_create_prob();
    glp_add_rows(s1->lu, nr);
    glp_bfcp parm;
    glp_get_bfcp(s1->lp, &parm);
    glp_set_bfcp(s1->lu, &parm);
    return 0;
}

/* LP column j's slot: its entries, reversed (glp_set_mat_col puts each at its list's head:
 * given reversed, the list holds them in the LP's order), and its scale factor; read from
 * the LP where the slot is not there. 0 without memory. */
static int lu_entries(ls_stage1 *s1, int j)
{
    if (s1->lu_slot[j])
        return s1->lu_slot[j];
    if (s1->lu_n_slots == s1->lu_cap) {
        int cap = s1->lu_cap ? 2 * s1->lu_cap : 4096;
        size_t e = (size_t)cap * LS_STAGE1_ENTRIES + 1;
        int *eind = realloc(s1->lu_eind, e * sizeof(int));
        if (eind)
            s1->lu_eind = eind;
        double *eval = realloc(s1->lu_eval, e * sizeof(double));
        if (eval)
            s1->lu_eval = eval;
        double *sjj = realloc(s1->lu_sjj, ((size_t)cap + 1) * sizeof(double));
        if (sjj)
            s1->lu_sjj = sjj;
        unsigned char *len = realloc(s1->lu_len, (size_t)cap + 1);
        if (len)
            s1->lu_len = len;
        int *scol = realloc(s1->lu_scol, ((size_t)cap + 1) * sizeof(int));
        if (scol)
            s1->lu_scol = scol;
        if (!eind || !eval || !sjj || !len || !scol)
            return 0;
        s1->lu_cap = cap;
    }
    int slot = ++s1->lu_n_slots, ind[LS_STAGE1_ENTRIES + 1];
    double val[LS_STAGE1_ENTRIES + 1];
    int len = glp_get_mat_col(s1->lp, j, ind, val), n = 0;
    int *ei = s1->lu_eind + (size_t)(slot - 1) * LS_STAGE1_ENTRIES; /* 1-based */
    double *ev = s1->lu_eval + (size_t)(slot - 1) * LS_STAGE1_ENTRIES;
    for (int k = len; k >= 1; k--) /* a row that waits: GLPK holds what it held before */
        if (!ls_stage1_lp_row_pending(s1, ind[k]))
            n++, ei[n] = ind[k], ev[n] = val[k];
    s1->lu_len[slot] = (unsigned char)n;
    s1->lu_sjj[slot] = glp_get_sjj(s1->lp, j);
    s1->lu_scol[slot] = j;
    return s1->lu_slot[j] = slot;
}

glp_prob *ls_stage1_lu_factorize(ls_stage1 *s1, const int *stat, int in_lp)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp), rows = 0, n = 0;
    s1->lu_at = NULL;
    if (s1->lu_epoch != s1->matrix_epoch) { /* what was read is behind */
        int first = s1->lu_epoch == 0; /* (matrix_epoch counts from 1: the LP's build) */
        for (int k = 1; k <= s1->lu_n_slots; k++)
            s1->lu_slot[s1->lu_scol[k]] = 0;
        s1->lu_n_slots = 0;
        s1->lu_epoch = s1->matrix_epoch;
        if (in_lp && first) {
            ls_stage1_lp_stat_flush(s1); /* the basis GLPK walks */
            ls_stage1_lp_rows_basic(s1, stat); /* and the entries it reads */
            return s1->lu_at = glp_factorize(lp) == 0 ? lp : NULL;
        }
    }
    if (!s1->lu && lu_make(s1, nr, nc) != 0)
        return NULL;
    glp_prob *lu = s1->lu;
    for (int i = 1; i <= nr; i++)
        rows += stat[nc + i] == GLP_BS;
    for (int j = 1; j <= nc; j++)
        if (stat[j] == GLP_BS) {
            if (rows + n == nr)
                return NULL; /* more basic variables than rows */
            s1->lu_col[++n] = j;
        }
    if (rows + n != nr)
        return NULL;
    int have = glp_get_num_cols(lu);
    if (have < n) {
        glp_add_cols(lu, n - have);
        for (int k = have + 1; k <= n; k++) /* the others are basic already */
            glp_set_col_stat(lu, k, GLP_BS);
    } else if (have > n) {
        int *gone = s1->lu_ind; /* scratch: the columns past n */
        for (int k = n + 1; k <= have; k++)
            gone[k - n] = k;
        glp_del_cols(lu, have - n, gone);
    }
    for (int i = 1; i <= nr; i++) {
        glp_set_rii(lu, i, glp_get_rii(lp, i)); /* a local row's moves with its target */
        glp_set_row_stat(lu, i, stat[nc + i] == GLP_BS ? GLP_BS : GLP_NF);
    }
    /* a basic column's entries of the rows that wait come last: GLPK, given them last, puts
     * them at the head of the column's list, where a write of the whole rows would have */
    int waiting = ls_stage1_lp_pending_begin(s1);
    for (int k = 1; k <= n; k++) {
        int j = s1->lu_col[k], slot = lu_entries(s1, j);
        if (!slot)
            return NULL;
        size_t at = (size_t)(slot - 1) * LS_STAGE1_ENTRIES;
        int len = s1->lu_len[slot], *ind = s1->lu_eind + at;
        double *val = s1->lu_eval + at;
        int cind[LS_STAGE1_ENTRIES + 1];
        double cval[LS_STAGE1_ENTRIES + 1];
        int more = waiting ? ls_stage1_lp_pending_col(s1, j, cind + len + 1, cval + len + 1) : 0;
        if (more) {
            for (int e = 1; e <= len; e++)
                cind[e] = ind[e], cval[e] = val[e];
            ind = cind, val = cval, len += more;
        }
        glp_set_mat_col(lu, k, len, ind, val);
        glp_set_sjj(lu, k, s1->lu_sjj[slot]);
    }
    return s1->lu_at = glp_factorize(lu) == 0 ? lu : NULL;
}

int ls_stage1_lu_var(const ls_stage1 *s1, glp_prob *lu, int k)
{
    int nr = glp_get_num_rows(lu), h = glp_get_bhead(lu, k);
    return lu == s1->lp || h <= nr ? h : nr + s1->lu_col[h - nr];
}
