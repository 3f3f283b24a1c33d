/*
 * dualnet.c — the dual simplex on stage 1's transportation core (dualnet.h; docs/method.md,
 * "The dual network re-solve").
 *
 * GLPK's LP has the variables v = (r, x) with r_i = Σ_j a_ij·x_j, i.e. [I | −A]·v = 0. Its
 * demand and capacity rows are a network once scaled: row s (demand) times 12·hours_s, row p
 * (capacity) times −1, and every variable of segment s (its contracts, its unplaced clients
 * and the demand row's own r_s) measured in hours, 12·hours_s of them a client. Then every
 * variable has the entries −1 at its tail and +1 at its head, the root (node 0) standing for
 * the missing end:
 *
 *     x[p,s]   s → p (p with a capacity row), s → root (without)
 *     u[s]     s → root
 *     r_s      root → s        (fixed at the demand)
 *     r_p      p → root        (at most the capacity)
 *
 * and a basis of the rows' equations whose other rows (max_budget, local) keep their slack
 * basic is a spanning tree of the nodes. Flows follow from the tree leaf by leaf, potentials
 * root down, and a dual pivot on a tree arc that is out of its bounds lets in, of the
 * non-basic arcs across the cut it leaves, the one with the smallest reduced cost of the
 * right sign (every tableau entry is ±1): additions over the arcs of one side of the cut,
 * not a factorization of 5,600 rows. A pivot moves the potentials of the cut-off subtree,
 * the flow around the cycle the entering arc closes and the subtree's place in the tree;
 * when no arc is out of its bounds, the values are made afresh from the tree and checked
 * once more, so that the rounding of the updates decides nothing. The other rows are
 * checked at the end; where one is out of its bounds, GLPK takes over from the same start.
 * The tree and its changes are nettree.c's; the simplex around them is here.
 */
#include "dualnet.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nettree.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static void dn_free(ls_dualnet *d)
{
    if (!d)
        return;
    void *p[] = {d->adj_end,   d->adj_cost,  d->adj_mid,   d->adj_in, d->clean_stat, d->sorted,
                 d->tail,      d->head,      d->adj_start, d->adj,    d->lb,         d->ub,
                 d->cost,      d->val,       d->sigma,     d->stat,   d->stat0,      d->basic,
                 d->parc,      d->parent,    d->depth,     d->next,   d->prev,       d->child,
                 d->list,      d->stack,     d->kid,       d->sib,    d->stamp,      d->tdeg,
                 d->tstart,    d->tadj,      d->bal,       d->acc,    d->pi,         d->out,
                 d->listed,    d->placed,    d->lb0,       d->ub0,    d->n_fall,     d->cols_bal,
                 d->cols_fall, d->cols_basic};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
    free(d);
}

void ls_dualnet_free(ls_stage1 *s1)
{
    /* a basis left waiting in this memory goes with it (nothing writes it to GLPK after) */
    if (s1->dualnet && s1->stat_pending)
        s1->stat_pending = 0, s1->known_stat = s1->stat_start = NULL;
    dn_free(s1->dualnet);
    s1->dualnet = NULL;
}

ls_dualnet_stats ls_dualnet_get_stats(const ls_stage1 *s1)
{
    ls_dualnet_stats none = {0, 0, 0, 0, 0};
    return s1->dualnet ? s1->dualnet->stats : none;
}

/* The network of s1's LP (its rows and columns never change for a planner). NULL when out of
 * memory. */
static ls_dualnet *dn_build(const ls_stage1 *s1)
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
    d->lb0 = malloc(v1 * sizeof(double));
    d->ub0 = malloc(v1 * sizeof(double));
    d->stat = malloc(v1 * sizeof(int));
    d->stat0 = malloc(v1 * sizeof(int));
    d->clean_stat = malloc(v1 * sizeof(int));
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
        !d->sigma || !d->stat || !d->stat0 || !d->clean_stat || !d->child || !d->placed ||
        !d->tdeg || !d->tstart || !d->tadj || !d->bal || !d->acc || !d->pi || !d->listed) {
        dn_free(d);
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
        dn_free(d);
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

/* The value a non-basic variable takes at its status. */
static inline double at_status(int stat, double lb, double ub)
{
    return stat == GLP_NU ? ub : stat == GLP_NF ? 0.0 : lb;
}

/* Whether bounds lb, ub allow a non-basic status st. */
static inline int status_allowed(int st, double lb, double ub)
{
    return st == GLP_NL   ? isfinite(lb)
           : st == GLP_NU ? isfinite(ub)
           : st == GLP_NS ? lb == ub
                          : st == GLP_NF;
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
    if (!status_allowed(st, lb, ub))
        return -1;
    d->val[k] = at_status(st, lb, ub);
    /* a zero too, without a branch (every other contract is held off zero, in no order): a
     * balance starts at +0, and a sum is −0 only when both its terms are, so it never is;
     * adding ±0 to it then leaves it as it was, to the bit */
    ls_nettree_balance(d, k, +1);
    return 0;
}

/* Node i's variables to the root in the order of their costs, on a tie of their numbers (an
 * insertion sort: a few dozen a node, and after a move of costs mostly in order still); made
 * when the ratio test first walks them after the costs were loaded. */
static void sort_to_root(ls_dualnet *d, int i)
{
    for (int a = d->adj_start[i] + 1; a < d->adj_mid[i]; a++) {
        int k = d->adj[a], b = a;
        double c = d->adj_cost[a];
        for (; b > d->adj_start[i]; b--) {
            double cb = d->adj_cost[b - 1];
            if (cb < c || (cb == c && d->adj[b - 1] < k))
                break;
            d->adj[b] = d->adj[b - 1], d->adj_cost[b] = cb;
        }
        d->adj[b] = k, d->adj_cost[b] = c;
    }
    d->sorted[i] = d->cost_loads;
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
static int load(ls_dualnet *d, const ls_stage1 *s1)
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
    if (s1->stat_now_ok)
        memcpy(d->stat + 1, s1->stat_now + 1, (size_t)nc * sizeof(int));
    else
        for (int j = 1; j <= nc; j++)
            d->stat[j] = glp_get_col_stat(lp, j);
    /* the last load's pass over the columns stands where nothing it read has moved: the same
     * statuses, no bound moved, no pivot since (a wage step without one), so its sums and
     * counts are copied, not made again: the same bits */
    size_t n1 = (size_t)nr + 1;
    int kept_cols = mirrored && !s1->opts.cols_fresh && d->cols_valid &&
                    d->cols_bounds == s1->bounds_epoch && d->cols_moves == d->moves &&
                    memcmp(d->stat + 1, d->stat0 + 1, (size_t)nc * sizeof(int)) == 0;
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
        if (!status_allowed(st, lb, ub))
            return -1;
        double v = d->val[j] = at_status(st, lb, ub);
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
    memcpy(d->stat0, d->stat, ((size_t)d->nv + 1) * sizeof(int));
    d->cols_valid = cols_ok, d->cols_moves = d->moves;
    return 0;
}

/* Makes the start dual feasible where a bound allows: a boxed variable whose reduced cost
 * has the wrong sign for its bound goes to the other (a bound moved since the basis was
 * optimal: a contract fixed then, free now). 0, or −1 when one cannot. */
static int dual_start(ls_dualnet *d)
{
    for (int k = 1; k <= d->nv; k++) {
        int st = d->stat[k];
        if (d->tail[k] < 0 || st == GLP_BS || st == GLP_NS)
            continue;
        double dj = ls_nettree_reduced(d, k), tol = DUAL_TOL * (1 / d->sigma[k] + fabs(d->cost[k]));
        int wrong = (st == GLP_NL && dj < -tol) || (st == GLP_NU && dj > tol) ||
                    (st == GLP_NF && fabs(dj) > tol);
        if (!wrong)
            continue;
        double lb = ls_nettree_lb(d, k), ub = ls_nettree_ub(d, k);
        if (st == GLP_NF || !isfinite(lb) || !isfinite(ub))
            return -1;
        ls_nettree_balance(d, k, -1);
        ls_nettree_fall(d, k, st, -1);
        d->moves++;
        d->stat[k] = st == GLP_NL ? GLP_NU : GLP_NL;
        ls_nettree_fall(d, k, d->stat[k], +1);
        d->val[k] = at_status(d->stat[k], lb, ub);
        ls_nettree_balance(d, k, +1);
    }
    return 0;
}

/* How far basic variable k is out of its bounds (in hours), and which way it must move
 * (+1 up, −1 down; 0 when it is within them). */
static inline double violation(const ls_dualnet *d, int k, int *dir)
{
    double v = d->val[k], lb = ls_nettree_lb(d, k), ub = ls_nettree_ub(d, k), s = d->sigma[k];
    *dir = v < lb - PRIMAL_TOL * (s + fabs(lb)) ? 1 : v > ub + PRIMAL_TOL * (s + fabs(ub)) ? -1 : 0;
    return *dir > 0 ? lb - v : *dir < 0 ? v - ub : 0;
}

/* Every basic variable out of its bounds into the list (after the values were made afresh). */
static void suspect_all(ls_dualnet *d)
{
    for (int t = 0; t < d->n_out; t++)
        d->listed[d->out[t]] = 0;
    d->n_out = 0;
    for (int b = 0; b < d->nodes; b++) {
        int dir;
        violation(d, d->basic[b], &dir);
        if (dir)
            ls_nettree_suspect(d, d->basic[b]);
    }
}

/* The basic variable furthest out of its bounds (in hours; on a tie the first), and whether
 * it must rise (+1) or fall (−1); 0 when every one is within them. Those of the list found
 * within their bounds leave it. */
static int leaving(ls_dualnet *d, int *need)
{
    int p = 0;
    double worst = 0;
    for (int t = 0; t < d->n_out;) {
        int k = d->out[t], dir;
        double viol = violation(d, k, &dir);
        if (!dir || d->stat[k] != GLP_BS) {
            d->listed[k] = 0;
            d->out[t] = d->out[--d->n_out];
            continue;
        }
        if (viol > worst || (viol == worst && k < p))
            worst = viol, p = k, *need = dir;
        t++;
    }
    return p;
}

/* The least ratio so far (θ, and e, the first variable with it) after the entries a0..a1 of
 * node i, which all point out of it (into 0) or all into it (1) and must rise (from a lower
 * bound) or fall. Without a branch on an entry: whether its other end lies inside the
 * subtree, and so whether it is left out, goes either way in no order, and mispredicted it
 * cost more than the rest of the test; one left out has a ratio of infinity. (The root,
 * never in a subtree, is never stamped.) */
static inline void scan(const ls_dualnet *d, int a0, int a1, int into, int rise, double pi_i,
                        double *theta_io, int *e_io)
{
    int want = rise ? GLP_NL : GLP_NU, e = *e_io;
    double sign = rise ? 1.0 : -1.0, theta = *theta_io; /* ±dj exactly */
    for (int a = a0; a < a1; a++) {
        int k = d->adj[a], st = d->stat[k], o = d->adj_end[a];
        int out = ((st != want) & (st != GLP_NF)) | (d->stamp[o] == d->pivot);
        /* ls_nettree_reduced(d, k), from this entry: cost − π(head) + π(tail) */
        double pi_o = d->pi[o], c = d->adj_cost[a];
        double dj = into ? c - pi_i + pi_o : c - pi_o + pi_i;
        /* the choices by index, not ?: (which the compiler makes a branch of) */
        double r = sign * dj, r3[2] = {r, 0};
        r = r3[r < 0];
        double r4[2] = {r, INFINITY};
        r = r4[out];
        int better = (r < theta) | ((r == theta) & (k < e));
        theta = better ? r : theta;
        e = better ? k : e;
    }
    *theta_io = theta, *e_io = e;
}

/* The entering variable for the leaving p, which must move by need: of the non-basic
 * variables across the cut p leaves (the m nodes of the subtree under it, in d->list,
 * against the rest), one that moves p the right way, with the smallest reduced cost of the
 * sign its bound allows (the dual ratio test: every tableau entry is ±1); on a tie the
 * first. 0 when there is none. */
static int entering(ls_dualnet *d, int p, int need, int m)
{
    if (d->adj_stale) { /* the ratio test's copy of the costs, in the order it reads them (a
                         * row's is 0); not made where no pivot follows a load (a wage step
                         * without one) */
        for (int a = 0; a < d->adj_start[d->nr + 1]; a++)
            d->adj_cost[a] = d->adj[a] <= d->nc ? d->cost[d->adj[a]] : 0.0;
        d->adj_stale = 0;
    }
    int b = d->child[p], dir_p = d->head[p] == b ? 1 : -1; /* p points into the subtree */
    int e = 0;
    double theta = INFINITY;
    /* k rises (from its lower bound) or falls: p moves against k's direction relative to
     * p's, so one that points out of its node rises when p must rise and points out of the
     * subtree, or must fall and points into it; one that points in, the other way */
    int rise_out = (need > 0) != (dir_p < 0);
    for (int t = 0; t < m; t++) {
        int i = d->list[t];
        double pi_i = d->pi[i];
        if (rise_out) {
            /* i's variables to the root that rise, in the order of their costs: their ratios
             * (cost − π(root) + π(i), 0 when below it) come in order, so after the first
             * above θ none is below it */
            if (d->sorted[i] != d->cost_loads)
                sort_to_root(d, i);
            for (int a = d->adj_start[i]; a < d->adj_mid[i]; a++) {
                int k = d->adj[a], st = d->stat[k];
                if (st != GLP_NL && st != GLP_NF)
                    continue;
                double r = d->adj_cost[a] - d->pi[0] + pi_i;
                r = r < 0 ? 0 : r;
                if (r > theta)
                    break;
                if (r < theta || k < e)
                    theta = r, e = k;
            }
        } else if (d->n_fall[3 * i])
            scan(d, d->adj_start[i], d->adj_mid[i], 0, 0, pi_i, &theta, &e);
        /* a scan for a variable that falls finds none in a part where none may (only one
         * that may gives a ratio below infinity) */
        if (rise_out || d->n_fall[3 * i + 1])
            scan(d, d->adj_mid[i], d->adj_in[i], 0, rise_out, pi_i, &theta, &e);
        if (!rise_out || d->n_fall[3 * i + 2])
            scan(d, d->adj_in[i], d->adj_start[i + 1], 1, !rise_out, pi_i, &theta, &e);
    }
    return e;
}

/* Column j's value in the LP's own units: a non-basic one is its bound as the LP has it,
 * not scaled there and back. */
static inline double lp_value(const ls_dualnet *d, int j)
{
    return d->stat[j] == GLP_BS ? d->val[j] / d->sigma[j]
                                : at_status(d->stat[j], d->lo_lp[j], d->hi_lp[j]);
}

/* The placement into s1 (its contracts' x and unplaced u), and the rows outside the network
 * (max_budget, local) at it: within their bounds? Their slacks are basic, so they take what
 * the network's values put in them. Near a bound counts as out: GLPK then decides, and its
 * solve writes s1's placement afresh. One pass over the columns for both. */
static int place_and_check(const ls_dualnet *d, ls_stage1 *s1)
{
    glp_prob *lp = s1->lp;
    int nc = d->nc, any = 0;
    for (int i = 1; i <= d->nr; i++)
        if (d->tail[nc + i] < 0 && glp_get_row_type(lp, i) != GLP_FR)
            any = 1;
    for (int j = s1->u_col0; j <= nc; j++)
        s1->u[j - s1->u_col0] = lp_value(d, j);
    if (!any) {
        for (int j = 1; j < s1->u_col0; j++)
            s1->x[j - 1] = lp_value(d, j);
        return 1;
    }
    double *act = d->acc; /* scratch: the rows' activities */
    for (int i = 0; i <= d->nr; i++)
        act[i] = 0;
    const ls_model *m = s1->m;
    int local[LS_N_LOCAL];
    for (int k = 0; k < LS_N_LOCAL; k++)
        local[k] = glp_get_row_type(lp, s1->local_row[k]) != GLP_FR;
    /* the contracts placed listed first, in their order (ls_list_above's reason) */
    int n = 0;
    for (int j = 1; j < s1->u_col0; j++) {
        double x = s1->x[j - 1] = lp_value(d, j);
        d->placed[n] = j, n += x != 0;
    }
    /* the local rows' sums in locals (every placed contract adds into the first: through
     * act, which the max_budget rows' writes may alias, each term waited for the last
     * one's store), the same terms in the same order from the same 0 */
    double sum_all = 0, sum_own[LS_N_LOCAL] = {0};
    for (int t = 0; t < n; t++) {
        int j = d->placed[t];
        double x = s1->x[j - 1];
        /* the side entries of column j, as ls_stage1_lp_column gives them */
        int p = s1->col_prov[j - 1];
        if (s1->budget_row[p])
            act[s1->budget_row[p]] += 12 * m->contracts[j - 1].floor_tariff * x;
        int k = 1 + s1->seg_domain[s1->col_seg[j - 1]];
        double all, own;
        ls_stage1_lp_local_pair(s1, (size_t)j - 1, &all, &own);
        if (local[LS_LOCAL_ALL])
            sum_all += all * x;
        if (local[k])
            sum_own[k] += own * x;
    }
    act[s1->local_row[LS_LOCAL_ALL]] = sum_all;
    for (int k = 1; k < LS_N_LOCAL; k++)
        act[s1->local_row[k]] = sum_own[k];
    for (int i = 1; i <= d->nr; i++) {
        if (d->tail[nc + i] >= 0)
            continue;
        int type = glp_get_row_type(lp, i);
        double lb = glp_get_row_lb(lp, i), ub = glp_get_row_ub(lp, i);
        if ((type == GLP_LO || type == GLP_DB || type == GLP_FX) &&
            act[i] < lb + PRIMAL_TOL * (1 + fabs(lb)))
            return 0;
        if ((type == GLP_UP || type == GLP_DB || type == GLP_FX) &&
            act[i] > ub - PRIMAL_TOL * (1 + fabs(ub)))
            return 0;
    }
    return 1;
}

/* The basis is the LP's (GLPK gets the statuses that changed when it next reads them:
 * ls_stage1_lp_stat_flush); s1 has the placement already. */
static void commit(ls_dualnet *d, ls_stage1 *s1)
{
    s1->status = GLP_OPT;
    s1->work_basis = 0;
    s1->known_stat = d->stat;
    s1->stat_start = d->stat0;
    s1->stat_pending = 1;
}

/* One dual pivot: p leaves to the bound it broke (need: it must rise or fall), e enters. */
static void pivot(ls_dualnet *d, int p, int e, int need, int m)
{
    int b = d->child[p];
    int dir_p = d->head[p] == b ? 1 : -1, dir_e = d->stamp[d->head[e]] == d->pivot ? 1 : -1;
    /* the potentials of the subtree move so that e's reduced cost is 0 */
    double dj = ls_nettree_reduced(d, e), delta = dir_e > 0 ? dj : -dj;
    for (int t = 0; t < m; t++)
        d->pi[d->list[t]] += delta;
    /* the flow: p to its bound; across the cut, p's value moves by −dir_p·dir_e times e's */
    double lb = ls_nettree_lb(d, p), ub = ls_nettree_ub(d, p), bound = need > 0 ? lb : ub;
    double t = -(bound - d->val[p]) * dir_p * dir_e;
    d->moves++;
    ls_nettree_balance(d, e, -1);
    ls_nettree_push(d, e, t);
    ls_nettree_suspect(d, e);
    d->val[p] = bound;
    ls_nettree_fall(d, e, d->stat[e], -1);
    d->stat[e] = GLP_BS;
    d->stat[p] = lb == ub ? GLP_NS : need > 0 ? GLP_NL : GLP_NU;
    ls_nettree_fall(d, p, d->stat[p], +1);
    ls_nettree_balance(d, p, +1);
    ls_nettree_rehang(d, p, e, m);
}

int ls_dualnet_solve(ls_stage1 *s1)
{
    if (!s1->dualnet && !(s1->dualnet = dn_build(s1)))
        return 0;
    ls_dualnet *d = s1->dualnet;
    ls_stage1_lp_stat_flush(s1); /* (a basis this memory left waiting, before it is reloaded) */
    d->stats.tried++;
    if (load(d, s1) != 0 || ls_nettree_build(d) != 0)
        return 0;
    ls_nettree_potentials(d);
    /* the start of the last solve, at the same costs, was dual feasible as it stood: the same
     * statuses give the same tree and potentials, so every reduced cost is as it was then (a
     * risk draw, a demand step) */
    size_t stat_size = (size_t)d->nv * sizeof(int); /* variables 1..nv */
    int same = d->kept_costs && d->clean_valid &&
               memcmp(d->stat0 + 1, d->clean_stat + 1, stat_size) == 0;
    if (!same) {
        d->clean_valid = 0;
        if (dual_start(d) != 0)
            return 0;
        /* nothing moved to its other bound; kept for the next solve where the costs stay
         * (a risk draw, a demand step), not where each moves them (a wage step) */
        if (d->kept_costs && memcmp(d->stat0 + 1, d->stat + 1, stat_size) == 0)
            memcpy(d->clean_stat + 1, d->stat0 + 1, stat_size), d->clean_valid = 1;
    } else
        d->stats.kept++;
    ls_nettree_flows(d);
    suspect_all(d);
    /* a cycling degenerate pivot sequence gives up rather than hangs */
    long limit = 20L * d->nodes + 1000;
    for (long it = 0;; it++) {
        int need = 0, p = leaving(d, &need);
        if (!p) {
            /* the values afresh from the tree: still within their bounds without the
             * rounding of the pivots' updates? */
            ls_nettree_flows(d);
            for (int i = d->next[0], b = 0; i != 0; i = d->next[i])
                d->basic[b++] = d->parc[i];
            suspect_all(d);
            if (!(p = leaving(d, &need)))
                break;
        }
        if (it == limit)
            return 0;
        int m = ls_nettree_subtree(d, d->child[p]);
        int e = entering(d, p, need, m);
        if (!e)
            return 0; /* no placement within the bounds: GLPK says why */
        d->stats.pivots++;
        pivot(d, p, e, need, m);
    }
    if (!place_and_check(d, s1))
        return 0;
    commit(d, s1);
    d->stats.solved++;
    return 1;
}
