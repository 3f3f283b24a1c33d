/*
 * dualnet_load.c — the network of the dual re-solve (dualnet.c) built from stage 1's LP once a
 * planner, and loaded for each solve: the bounds, costs and statuses the sync wrote, the
 * non-basic values in the nodes' balances, and the basic variables the tree is built from
 * (docs/method.md, "The dual network re-solve" and "A factorization kept").
 */
#include "nettree.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void ls_dualnet_destroy(ls_dualnet *d)
{
    if (!d)
        return;
    void *p[] = {d->adj_end,   d->adj_cost,   d->adj_mid,   d->adj_in, d->clean_stat, d->sorted,
                 d->tail,      d->head,       d->adj_start, d->adj,    d->lb,         d->ub,
                 d->cost,      d->val,        d->sigma,     d->stat,   d->stat0,      d->basic,
                 d->parc,      d->parent,     d->depth,     d->next,   d->prev,       d->child,
                 d->list,      d->stack,      d->kid,       d->sib,    d->stamp,      d->tdeg,
                 d->tstart,    d->tadj,       d->bal,       d->acc,    d->pi,         d->out,
                 d->listed,    d->placed,     d->lb0,       d->ub0,    d->n_fall,     d->cols_bal,
                 d->cols_fall, d->cols_basic, d->inv_sigma, d->chg};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
    free(d);
}

/* The network of s1's LP (its rows and columns never change for a planner). NULL when out of
 * memory. */
ls_dualnet *ls_dualnet_build(const ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    ls_dualnet *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    int nr = d->nr = glp_get_num_rows(s1->lp), nc = d->nc = glp_get_num_cols(s1->lp);
    int nv = d->nv = nc + nr;
    size_t v1 = (size_t)nv + 1, n1 = (size_t)nr + 1;
    d->tail = malloc(v1 * sizeof(int));
    d->head = malloc(v1 * sizeof(int));
    d->adj_start = calloc(n1 + 1, sizeof(int));
    d->adj_mid = malloc(n1 * sizeof(int));
    d->adj_in = malloc(n1 * sizeof(int));
    d->sorted = calloc(n1, sizeof(unsigned));
    d->lb = malloc(v1 * sizeof(double));
    d->ub = malloc(v1 * sizeof(double));
    d->cost = malloc(v1 * sizeof(double));
    d->val = malloc(v1 * sizeof(double));
    d->sigma = malloc(v1 * sizeof(double));
    d->inv_sigma = malloc(v1 * sizeof(double));
    d->lb0 = malloc(v1 * sizeof(double));
    d->ub0 = malloc(v1 * sizeof(double));
    d->stat = malloc(v1 * sizeof(int));
    d->stat0 = calloc(v1, sizeof(int)); /* (no status is 0: the first load moves every one) */
    d->clean_stat = malloc(v1 * sizeof(int));
    d->chg_cap = 4 * nr + 1024; /* (a draw's pivots move a few hundred) */
    d->chg = malloc((size_t)d->chg_cap * sizeof(int));
    d->child = malloc(v1 * sizeof(int));
    d->placed = malloc(v1 * sizeof(int));
    d->listed = calloc(v1, 1);
    int **ints[] = {&d->basic, &d->parc,  &d->parent, &d->depth, &d->next,  &d->prev,
                    &d->list,  &d->stack, &d->kid,    &d->sib,   &d->stamp, &d->out};
    int ok = 1;
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        ok &= (*ints[i] = calloc(n1, sizeof(int))) != NULL;
    d->tdeg = malloc(n1 * sizeof(int));
    d->tstart = malloc((n1 + 1) * sizeof(int));
    d->tadj = malloc(2 * n1 * sizeof(int));
    d->bal = malloc(n1 * sizeof(double));
    d->acc = malloc(n1 * sizeof(double));
    d->pi = malloc(n1 * sizeof(double));
    d->n_fall = malloc(3 * n1 * sizeof(int));
    if (!ok || !d->n_fall || !d->adj_mid || !d->adj_in || !d->sorted || !d->lb0 || !d->ub0 ||
        !d->tail || !d->head || !d->adj_start || !d->lb || !d->ub || !d->cost || !d->val ||
        !d->sigma || !d->inv_sigma || !d->stat || !d->stat0 || !d->clean_stat || !d->child ||
        !d->placed || !d->tdeg || !d->tstart || !d->tadj || !d->bal || !d->acc || !d->pi ||
        !d->listed || !d->chg) {
        ls_dualnet_destroy(d);
        return NULL;
    }
    for (int k = 1; k <= nv; k++)
        d->tail[k] = d->head[k] = -1;
    int ns = (int)m->n_segments;
    for (int s = 1; s <= ns; s++)
        d->tail[nc + s] = 0, d->head[nc + s] = s; /* r_s: root → s */
    d->nodes = ns;
    for (size_t p = 0; p < m->n_providers; p++) {
        int row = s1->capacity_row[p];
        if (row)
            d->tail[nc + row] = row, d->head[nc + row] = 0, d->nodes++; /* r_p: p → root */
    }
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        d->tail[j + 1] = c->segment + 1;
        d->head[j + 1] = s1->capacity_row[c->provider];
    }
    for (int s = 0; s < ns; s++)
        d->tail[s1->u_col0 + s] = s + 1, d->head[s1->u_col0 + s] = 0;
    /* a variable's scale, fixed for the planner (hours never change): 12·hours of its
     * segment for the columns and the demand rows, 1 for the other rows */
    d->hours_ok = 1;
    for (int s = 0; s < ns; s++) {
        double h = m->segments[s].hours_per_month;
        d->hours_ok &= h > 0 && isfinite(h);
    }
    for (int k = 1; k <= nv; k++) {
        int s = k <= nc ? d->tail[k] - 1 : d->tail[k] == 0 ? k - nc - 1 : -1;
        d->sigma[k] = s >= 0 ? 12 * m->segments[s].hours_per_month : 1;
        d->inv_sigma[k] = 1 / d->sigma[k];
    }
    /* the variables at each node (the root's are not needed: it is never inside a cut; nor
     * a demand row's, fixed: it never enters) */
    for (int k = 1; k <= nv; k++) {
        if (d->tail[k] > 0)
            d->adj_start[d->tail[k] + 1]++;
        if (d->head[k] > 0 && d->tail[k] > 0)
            d->adj_start[d->head[k] + 1]++;
    }
    for (int i = 0; i <= nr; i++)
        d->adj_start[i + 1] += d->adj_start[i];
    size_t na = (size_t)d->adj_start[nr + 1] + 1;
    d->adj = malloc(na * sizeof(int));
    d->adj_end = malloc(na * sizeof(int));
    d->adj_cost = malloc(na * sizeof(double));
    if (!d->adj || !d->adj_end || !d->adj_cost) {
        ls_dualnet_destroy(d);
        return NULL;
    }
    /* a node's variables that go to the root first (sorted by cost as they are loaded), then
     * the others that point out of it, then those that point into it, each in the
     * variables' order */
    int *fill = d->tdeg; /* scratch here */
    memcpy(fill, d->adj_start, n1 * sizeof(int));
    for (int k = 1; k <= nv; k++)
        if (d->tail[k] > 0 && d->head[k] == 0)
            d->adj_end[fill[d->tail[k]]] = 0, d->adj[fill[d->tail[k]]++] = k;
    memcpy(d->adj_mid, fill, n1 * sizeof(int));
    for (int k = 1; k <= nv; k++)
        if (d->tail[k] > 0 && d->head[k] > 0)
            d->adj_end[fill[d->tail[k]]] = d->head[k], d->adj[fill[d->tail[k]]++] = k;
    memcpy(d->adj_in, fill, n1 * sizeof(int));
    for (int k = 1; k <= nv; k++)
        if (d->head[k] > 0 && d->tail[k] > 0)
            d->adj_end[fill[d->head[k]]] = d->tail[k], d->adj[fill[d->head[k]]++] = k;
    return d;
}

/* Variable k of the network, its status st and bounds loaded, into the start: a basic one
 * listed in d->basic, a non-basic one at the bound its status names and in its nodes'
 * balances. 0, or −1 when there are more basic variables than nodes or its bounds do not
 * allow its status. */
static inline int take(ls_dualnet *d, int k, int st, int *n)
{
    if (st == GLP_BS) {
        if (*n == d->nodes)
            return -1;
        d->basic[(*n)++] = k;
        return 0;
    }
    double lb = d->lb[k], ub = d->ub[k];
    if (!ls_nettree_status_allowed(st, lb, ub))
        return -1;
    d->val[k] = ls_nettree_at_status(st, lb, ub);
    /* a zero too, without a branch (every other contract is held off zero, in no order): a
     * balance starts at +0, and a sum is −0 only when both its terms are, so it never is;
     * adding ±0 to it then leaves it as it was, to the bit */
    ls_nettree_balance(d, k, +1);
    return 0;
}

/* q[j] = a[j] / b[j], j = 1..n: two divisions an instruction with SSE2 (each correctly
 * rounded, so the same bits as one at a time; a wage step divides every column's cost). */
static void divide(double *q, const double *a, const double *b, int n)
{
    int j = 1;
#if defined(__SSE2__)
    for (; j + 1 <= n; j += 2)
        _mm_storeu_pd(&q[j], _mm_div_pd(_mm_loadu_pd(&a[j]), _mm_loadu_pd(&b[j])));
#endif
    for (; j <= n; j++)
        q[j] = a[j] / b[j];
}

/* The column pass's sums and counts (bal, n_fall, the first n basic variables) kept for the
 * next load; 0 without memory. */
static int keep_cols(ls_dualnet *d, size_t n1, int n)
{
    if (!d->cols_bal) {
        d->cols_bal = malloc(n1 * sizeof(double));
        d->cols_fall = malloc(3 * n1 * sizeof(int));
        d->cols_basic = malloc(n1 * sizeof(int));
        if (!d->cols_bal || !d->cols_fall || !d->cols_basic) {
            free(d->cols_bal), free(d->cols_fall), free(d->cols_basic);
            d->cols_bal = NULL, d->cols_fall = d->cols_basic = NULL;
            return 0;
        }
    }
    memcpy(d->cols_bal, d->bal, n1 * sizeof(double));
    memcpy(d->cols_fall, d->n_fall, 3 * n1 * sizeof(int));
    memcpy(d->cols_basic, d->basic, (size_t)n * sizeof(int));
    d->cols_n = n;
    return 1;
}

/* This solve's scaled bounds and costs and GLPK's statuses, from the model as the sync wrote
 * it into the LP; the non-basic values with the nodes' balances, and the basic variables in
 * d->basic, in the variables' order. 0, or −1 when the LP is not such a network (a segment
 * without hours, a status that its bounds do not allow, a row outside the network without
 * its slack basic, basic variables that are not one a node). */
int ls_dualnet_load(ls_dualnet *d, const ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    int nc = d->nc, nr = d->nr, n = 0;
    if (!d->hours_ok)
        return -1;
    /* the objective moves only with a sync that says so (hours never do) */
    int kept_costs = d->kept_costs = d->costs_loaded && d->cost_epoch == s1->cost_epoch;
    memset(d->bal, 0, ((size_t)d->nr + 1) * sizeof(double));
    memset(d->n_fall, 0, 3 * ((size_t)d->nr + 1) * sizeof(int));
    /* the columns' bounds as the sync wrote them: where it keeps a mirror (a warm solve),
     * read there, not copied; else copied from the LP. They are scaled where they are read
     * (ls_nettree_lb, ls_nettree_ub): the load's own pass below, and a few hundred basic
     * variables' afterwards. The statuses and the costs in passes of their own. */
    int mirrored = s1->mirror_obj && !s1->mirror_stale;
    if (mirrored) {
        d->lo_lp = s1->mirror_lo, d->hi_lp = s1->mirror_hi;
    } else {
        for (int j = 1; j <= nc; j++) {
            double lo, hi;
            if (j < s1->u_col0) {
                ls_stage1_lp_contract_bounds(s1, (size_t)j - 1, &lo, &hi);
                hi = hi == DBL_MAX ? INFINITY : hi;
            } else {
                double pin = s1->u_pin[j - s1->u_col0];
                lo = isnan(pin) ? 0.0 : pin, hi = isnan(pin) ? INFINITY : pin;
            }
            d->lb0[j] = lo, d->ub0[j] = hi;
        }
        d->lo_lp = d->lb0, d->hi_lp = d->ub0;
    }
    if (!kept_costs && mirrored) /* as the sync wrote them, in its mirror */
        divide(d->cost, s1->mirror_obj, d->sigma, nc);
    else if (!kept_costs)
        for (int j = 1; j <= nc; j++)
            d->cost[j] = ls_stage1_lp_objective_coef(s1, j) / d->sigma[j];
    /* the columns' statuses: stat_now's. Where those are this memory's start (stat0, a risk
     * draw's restore of the base basis), stat is that start but where the last solve moved a
     * status: those put back, not every column copied (0.6 MB read and written on the
     * Amsterdam preset, each draw) */
    int from_start = s1->stat_now_ok && s1->now_is_start && d->tracked && d->n_chg <= d->chg_cap;
    d->tracked = 0;
    d->stats.starts_kept += from_start;
    if (from_start)
        for (int t = 0; t < d->n_chg; t++) {
            int k = d->chg[t];
            if (k <= nc)
                d->stat[k] = d->stat0[k];
        }
    else if (s1->stat_now_ok)
        memcpy(d->stat + 1, s1->stat_now + 1, (size_t)nc * sizeof(int));
    else
        for (int j = 1; j <= nc; j++)
            d->stat[j] = glp_get_col_stat(lp, j);
    /* the last load's pass over the columns stands where nothing it read has moved: the same
     * statuses, no bound moved, no pivot since (a wage step without one), so its sums and
     * counts are copied, not made again: the same bits */
    size_t n1 = (size_t)nr + 1;
    int kept_cols =
        mirrored && !s1->opts.cols_fresh && d->cols_valid && d->cols_bounds == s1->bounds_epoch &&
        d->cols_moves == d->moves &&
        (from_start || memcmp(d->stat + 1, d->stat0 + 1, (size_t)nc * sizeof(int)) == 0);
    d->cols_valid = 0; /* (until this load is through) */
    if (kept_cols) {
        memcpy(d->bal, d->cols_bal, n1 * sizeof(double));
        memcpy(d->n_fall, d->cols_fall, 3 * n1 * sizeof(int));
        memcpy(d->basic, d->cols_basic, (size_t)d->cols_n * sizeof(int));
        n = d->cols_n;
        d->stats.cols_kept++;
    }
    /* take's work for the columns, where a run of columns into one node (a provider's
     * contracts come together) adds into a local, not through memory, in the same order: the
     * same sums, without a store and a load between two of them. (A column's tail is a
     * segment, its head a provider's row or the root: never the same node.) */
    int run = -1;
    double sum = 0;
    for (int j = 1; !kept_cols && j <= nc; j++) {
        int st = d->stat[j];
        ls_nettree_fall(d, j, st, +1);
        if (st == GLP_BS) {
            if (n == d->nodes)
                return -1;
            d->basic[n++] = j;
            continue;
        }
        double lb = ls_nettree_lb(d, j), ub = ls_nettree_ub(d, j);
        if (!ls_nettree_status_allowed(st, lb, ub))
            return -1;
        double v = d->val[j] = ls_nettree_at_status(st, lb, ub);
        int h = d->head[j];
        if (h != run) {
            if (run >= 0)
                d->bal[run] = sum;
            run = h, sum = d->bal[h];
        }
        sum += v; /* (ls_nettree_balance's, with a zero too: see take) */
        d->bal[d->tail[j]] -= v;
    }
    if (run >= 0)
        d->bal[run] = sum;
    /* kept for the next load (valid once this one is through) */
    int cols_ok = kept_cols || (mirrored && !s1->opts.cols_fresh && keep_cols(d, n1, n));
    if (!kept_cols)
        d->cols_bounds = s1->bounds_epoch;
    if (!kept_costs) { /* the ratio test's copy: made when a pivot first needs it */
        d->adj_stale = 1;
        if (++d->cost_loads == 0) /* every node's order to be made again */
            memset(d->sorted, 0, ((size_t)d->nr + 1) * sizeof(unsigned)), d->cost_loads = 1;
    }
    d->costs_loaded = 1, d->cost_epoch = s1->cost_epoch;
    for (int i = 1; i <= nr; i++) {
        int k = nc + i, st = s1->stat_now_ok ? s1->stat_now[k] : glp_get_row_stat(lp, i);
        d->stat[k] = st;
        ls_nettree_fall(d, k, st, +1);
        d->cost[k] = 0;
        if (d->tail[k] < 0) { /* a side row: its slack stays basic */
            if (st != GLP_BS)
                return -1;
            continue;
        }
        if (d->tail[k] == 0) { /* a demand row: fixed at the segment's clients */
            double D = m->segments[i - 1].clients;
            d->lb[k] = d->ub[k] = d->sigma[k] * D;
        } else {
            d->lb[k] = -INFINITY, d->ub[k] = glp_get_row_ub(lp, i);
        }
        if (take(d, k, st, &n) != 0)
            return -1;
    }
    if (n != d->nodes)
        return -1;
    /* the start, stat0: only what moved written (from_start: the columns did not) */
    int moved_cols = 0, moved_rows = 0;
    for (int k = from_start ? nc + 1 : 1; k <= d->nv; k++) {
        int st = d->stat[k];
        if (d->stat0[k] != st) {
            d->stat0[k] = st;
            if (k <= nc)
                moved_cols = 1;
            else
                moved_rows = 1;
        }
    }
    d->start_moved = moved_cols;
    d->stat0_clean &= !(moved_cols | moved_rows);
    d->n_chg = 0, d->tracked = 1;
    d->cols_valid = cols_ok, d->cols_moves = d->moves;
    return 0;
}
