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
 *
 * GLPK factorizes the basic columns of a problem alone, in its order: the problem may hold
 * other columns too, not basic, and they are not read. So the layout stands from one
 * factorization to the next while the matrix does: each column written once, with a free
 * column before every one. A risk draw's pivots move a few hundred columns in and out of
 * the basis: those that leave stay where they are, not basic; one that comes in goes to a
 * free column between the held ones below it and those above, and only where none is free
 * is the layout made again (with the columns it held: after a hundred draws on the
 * Amsterdam preset, some 6,400 for 5,400 basic). Before, every basic column was written
 * into a problem of the basic columns alone each time, and an entering column shifted
 * every one after it.
 */
#include "stage1_lu.h"

#include <stdlib.h>
#include <string.h>

#include "basis_tree.h"

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
    free(s1->lu_where);
    free(s1->lu_bs);
    free(s1->lu_kept_cols);
    free(s1->lu_kept_rows);
    s1->lu_kept_cols = NULL, s1->lu_kept_rows = NULL, s1->lu_kept = 0;
    /* the placement made with the factorization goes with it (ties.c) */
    free(s1->fresh_x);
    free(s1->fresh_stat);
    s1->fresh_x = NULL, s1->fresh_stat = NULL, s1->fresh_valid = 0;
    ls_basis_tree_free(s1);
    s1->lu = s1->lu_at = NULL;
    s1->lu_col = s1->lu_ind = s1->lu_slot = s1->lu_eind = NULL;
    s1->lu_eval = s1->lu_sjj = NULL;
    s1->lu_len = NULL;
    s1->lu_scol = NULL;
    s1->lu_n_slots = s1->lu_cap = 0;
    s1->lu_where = NULL;
    s1->lu_bs = NULL;
    s1->lu_ncols = s1->lu_colcap = 0;
    s1->lu_layout = 0;
}

/* The problem with the LP's rows, made on the first factorization. 0, or −1 without memory. */
static int lu_make(ls_stage1 *s1, int nr, int nc)
{
    s1->lu_ind = malloc(((size_t)nr + 1) * sizeof(int));
    s1->lu_slot = calloc((size_t)nc + 1, sizeof(int));
    s1->lu_where = calloc((size_t)nc + 1, sizeof(int));
    if (!s1->lu_ind || !s1->lu_slot || !s1->lu_where) {
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

/* LP column j into the problem's column k: its entries, those of the rows that wait
 * (waiting) after the others (GLPK, given them last, puts them at the head of the column's
 * list, where a write of the whole rows would have), and its scale factor. 0, or −1 without
 * memory. */
static int lu_put(ls_stage1 *s1, int k, int j, int waiting)
{
    int slot = lu_entries(s1, j);
    if (!slot)
        return -1;
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
    glp_set_mat_col(s1->lu, k, len, ind, val);
    glp_set_sjj(s1->lu, k, s1->lu_sjj[slot]);
    s1->lu_col[k] = j, s1->lu_where[j] = k;
    return 0;
}

/* The problem's column k basic (1) or not, told GLPK where it changes. */
static void lu_stat(ls_stage1 *s1, int k, int basic)
{
    if (s1->lu_bs[k] != basic)
        glp_set_col_stat(s1->lu, k, basic ? GLP_BS : GLP_NL), s1->lu_bs[k] = (unsigned char)basic;
}

/* The layout afresh: the LP columns list[0..n) (ascending), each after a free column and one
 * more free at the end, their entries written and the basic ones (by stat) marked. With rows
 * that wait (waiting) the layout is not kept, and has no free columns. 0, or −1 without
 * memory. */
static int lu_lay(ls_stage1 *s1, const int *list, int n, const int *stat, int waiting)
{
    glp_prob *lu = s1->lu;
    int step = waiting ? 1 : 2, cols = waiting ? n : 2 * n + 1, have = glp_get_num_cols(lu);
    s1->lu_layout = 0; /* not kept until it is whole: a failure below leaves it to be made */
    if (cols + 1 > s1->lu_colcap) {
        int cap = 2 * cols + 1;
        int *col = realloc(s1->lu_col, (size_t)cap * sizeof(int));
        if (col)
            s1->lu_col = col;
        unsigned char *bs = realloc(s1->lu_bs, (size_t)cap);
        if (bs)
            s1->lu_bs = bs;
        if (!col || !bs)
            return -1;
        s1->lu_colcap = cap;
    }
    for (int k = 1; k <= s1->lu_ncols; k++)
        if (s1->lu_col[k])
            s1->lu_where[s1->lu_col[k]] = 0;
    s1->lu_ncols = 0;
    if (have < cols) {
        glp_add_cols(lu, cols - have);
        memset(s1->lu_bs + have + 1, 0, (size_t)(cols - have)); /* GLPK's new are not basic */
    } else if (have > cols) {
        int *gone = malloc((size_t)(have - cols + 1) * sizeof(int));
        if (!gone)
            return -1;
        for (int k = cols + 1; k <= have; k++)
            gone[k - cols] = k;
        glp_del_cols(lu, have - cols, gone);
        free(gone);
    }
    memset(s1->lu_col + 1, 0, (size_t)cols * sizeof(int)); /* each free until written */
    s1->lu_ncols = cols;
    for (int t = 0; t < n; t++) {
        if (lu_put(s1, step * (t + 1), list[t], waiting) != 0)
            return -1;
        lu_stat(s1, step * (t + 1), stat[list[t]] == GLP_BS);
    }
    for (int k = 1; step == 2 && k <= cols; k += 2)
        lu_stat(s1, k, 0);
    /* the entries of the rows that wait are not kept with a column's */
    s1->lu_layout = waiting ? 0 : s1->matrix_epoch;
    return 0;
}

/* The basic columns basic[1..n] (ascending) not in the layout yet, each into a free column
 * between the held ones below it and those above it. 0, or −1 where a free one is lacking. */
static int lu_place(ls_stage1 *s1, const int *basic, int n)
{
    int k = 1, cols = s1->lu_ncols;
    for (int t = 1; t <= n; t++) {
        int j = basic[t], free_at = 0;
        if (s1->lu_where[j]) {
            k = s1->lu_where[j] + 1;
            continue;
        }
        for (; k <= cols; k++) {
            int c = s1->lu_col[k];
            if (c > j)
                break;
            free_at = c ? 0 : free_at ? free_at : k; /* the first after the last held below */
        }
        if (!free_at || lu_put(s1, free_at, j, 0) != 0)
            return -1;
        k = free_at + 1;
    }
    return 0;
}

/* The layout's held columns and the basic ones basic[1..n], merged (ascending), into a new
 * array of *len; or the basic ones alone where the merge would hold more than twice the
 * rows. NULL without memory. */
static int *lu_union(const ls_stage1 *s1, const int *basic, int n, int nr, int *len)
{
    int held = 0;
    for (int k = 1; k <= s1->lu_ncols; k++)
        held += s1->lu_col[k] != 0;
    int *u = malloc(((size_t)held + n + 1) * sizeof(int)), m = 0;
    if (!u)
        return NULL;
    for (int k = 1, t = 1; k <= s1->lu_ncols || t <= n;) {
        while (k <= s1->lu_ncols && !s1->lu_col[k])
            k++;
        int a = k <= s1->lu_ncols ? s1->lu_col[k] : 0, b = t <= n ? basic[t] : 0;
        if (!a && !b)
            break;
        if (a && (!b || a < b))
            u[m++] = a, k++;
        else {
            u[m++] = b, t++;
            k += a == b; /* held already */
        }
    }
    if (m > 2 * nr) {
        memcpy(u, basic + 1, (size_t)n * sizeof(int));
        m = n;
    }
    *len = m;
    return u;
}

/* Every side row (max_budget, local) with its slack basic in stat? */
static int sides_basic(const ls_stage1 *s1, const int *stat, int nc)
{
    for (size_t p = 0; p < s1->m->n_providers; p++)
        if (s1->budget_row[p] && stat[nc + s1->budget_row[p]] != GLP_BS)
            return 0;
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (stat[nc + s1->local_row[k]] != GLP_BS)
            return 0;
    return 1;
}

/* Does lu hold a factorization that gives the figures of this basis (its basic columns
 * basic[1..n]) to the bit? It does when it was made of the same basic variables, nothing
 * but the values of side rows' entries moved since (net_epoch), and every side row's slack
 * is basic: each side row is then eliminated with its slack, whose column has no other
 * entry, so neither a factor of another row nor a solve's figure for another variable reads
 * a side row's entry (GLPK's solves skip the zero the side rows' duals are). The side
 * slacks' own values do read them; the callers never take those. */
static int lu_still(const ls_stage1 *s1, const int *stat, const int *basic, int n, int nr, int nc)
{
    if (!s1->lu_kept || s1->lu_kept_epoch != s1->net_epoch || s1->lu_kept_n != n)
        return 0;
    if (memcmp(s1->lu_kept_cols, basic + 1, (size_t)n * sizeof(int)) != 0)
        return 0;
    for (int i = 1; i <= nr; i++)
        if (s1->lu_kept_rows[i] != (stat[nc + i] == GLP_BS))
            return 0;
    return 1;
}

/* Notes lu's factorization of this basis as kept (lu_still), where every side slack is
 * basic in it. */
static void lu_keep(ls_stage1 *s1, const int *stat, const int *basic, int n, int nr, int nc)
{
    if (!sides_basic(s1, stat, nc))
        return;
    if (!s1->lu_kept_cols) {
        s1->lu_kept_cols = malloc(((size_t)nr + 1) * sizeof(int));
        s1->lu_kept_rows = malloc((size_t)nr + 1);
        if (!s1->lu_kept_cols || !s1->lu_kept_rows) {
            free(s1->lu_kept_cols), free(s1->lu_kept_rows);
            s1->lu_kept_cols = NULL, s1->lu_kept_rows = NULL;
            return;
        }
    }
    memcpy(s1->lu_kept_cols, basic + 1, (size_t)n * sizeof(int));
    for (int i = 1; i <= nr; i++)
        s1->lu_kept_rows[i] = stat[nc + i] == GLP_BS;
    s1->lu_kept_n = n, s1->lu_kept_epoch = s1->net_epoch, s1->lu_kept = 1;
}

glp_prob *ls_stage1_lu_factorize(ls_stage1 *s1, const int *stat, int in_lp, int keep)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp), rows = 0, n = 0;
    s1->lu_at = NULL;
    /* the columns it reads, where the first sync left them out of GLPK */
    ls_stage1_lp_matrix(s1);
    if (s1->lu_epoch != s1->matrix_epoch) { /* what was read is behind */
        int first = s1->lu_epoch == 0; /* (matrix_epoch counts from 1: the LP's build) */
        for (int k = 1; k <= s1->lu_n_slots; k++)
            s1->lu_slot[s1->lu_scol[k]] = 0;
        s1->lu_n_slots = 0;
        s1->lu_epoch = s1->matrix_epoch;
        if (in_lp && first) {
            s1->lu_kept = 0;
            ls_stage1_lp_stat_flush(s1); /* the basis GLPK walks */
            ls_stage1_lp_rows_basic(s1, stat); /* and the entries it reads */
            s1->lu_serial++;
            return s1->lu_at = glp_factorize(lp) == 0 ? lp : NULL;
        }
    }
    if (!s1->lu && lu_make(s1, nr, nc) != 0)
        return NULL;
    glp_prob *lu = s1->lu;
    int *basic = s1->lu_ind; /* 1..n */
    for (int i = 1; i <= nr; i++)
        rows += stat[nc + i] == GLP_BS;
    for (int j = 1; j <= nc; j++)
        if (stat[j] == GLP_BS) {
            if (rows + n == nr)
                return NULL; /* more basic variables than rows */
            basic[++n] = j;
        }
    if (rows + n != nr)
        return NULL;
    /* a wage step without a pivot: the same basis, only side rows' entries moved */
    if (keep && !s1->opts.lu_fresh && lu_still(s1, stat, basic, n, nr, nc)) {
        s1->lu_reused++;
        return s1->lu_at = lu;
    }
    s1->lu_kept = 0; /* lu is written below */
    for (int i = 1; i <= nr; i++) {
        glp_set_rii(lu, i, glp_get_rii(lp, i)); /* a local row's moves with its target */
        glp_set_row_stat(lu, i, stat[nc + i] == GLP_BS ? GLP_BS : GLP_NF);
    }
    int waiting = ls_stage1_lp_pending_begin(s1);
    if (waiting || !s1->lu_layout || s1->lu_layout != s1->matrix_epoch) {
        if (lu_lay(s1, basic + 1, n, stat, waiting) != 0)
            return NULL;
    } else if (lu_place(s1, basic, n) != 0) {
        int len, *u = lu_union(s1, basic, n, nr, &len);
        int rc = u ? lu_lay(s1, u, len, stat, 0) : -1;
        free(u);
        if (rc != 0)
            return NULL;
    } else
        for (int k = 1; k <= s1->lu_ncols; k++) {
            int j = s1->lu_col[k];
            lu_stat(s1, k, j && stat[j] == GLP_BS);
        }
    s1->lu_serial++;
    if (glp_factorize(lu) != 0)
        return NULL;
    lu_keep(s1, stat, basic, n, nr, nc);
    return s1->lu_at = lu;
}

int ls_stage1_lu_var(const ls_stage1 *s1, glp_prob *lu, int k)
{
    int nr = glp_get_num_rows(lu), h = glp_get_bhead(lu, k);
    return lu == s1->lp || h <= nr ? h : nr + s1->lu_col[h - nr];
}
