/*
 * nettree.h — the state of the network's dual simplex (dualnet.c) and the spanning tree under
 * it (nettree.c): the network's variables, this solve's bounds, costs and values, and the
 * tree as parent arcs, depths and a threaded preorder.
 */
#ifndef LS_NETTREE_H
#define LS_NETTREE_H

#include <float.h>
#include <math.h>

#include "dualnet.h"

/* A tree arc's flow is within its bounds to this, relative to 1 + |bound| in clients (GLPK's
 * own tolerance is 1e-7; the tie-break's fresh solution holds values within it). A reduced
 * cost of the wrong sign up to this relative to 1 + |cost| counts as zero. */
#define PRIMAL_TOL 1e-9
#define DUAL_TOL 1e-9

struct ls_dualnet {
    int nr, nc, nv, nodes; /* GLPK's rows and columns; variables nc + nr; network rows */
    int *tail, *head;      /* per variable (1..nc columns, nc + i row i): its ends, 0 the
                            * root; −1 for a row outside the network */
    int *adj_start, *adj;  /* per node: the variables with an end there (but the
                            * demand rows: fixed, they never enter) */
    /* per entry of adj: the variable's other end, and its cost as last loaded: the ratio
     * test reads them in a run, not by variable */
    int *adj_end;
    double *adj_cost;
    /* per node: where its variables to the root end (they come first) and where those that
     * point into it begin (after the others that point out) */
    int *adj_mid, *adj_in;
    /* per node: the cost load at which its variables to the root were last sorted;
     * adj_stale: adj_cost is older than the costs loaded (the first ratio test copies them) */
    unsigned *sorted, cost_loads;
    int adj_stale;
    /* one solve: the rows' scaled bounds (the columns': ls_nettree_lb, ls_nettree_ub), the
     * scaled costs and values, the scales, the statuses (GLPK's) and the start's */
    double *lb, *ub, *cost, *val, *sigma;
    double *inv_sigma; /* 1 / sigma, made once (the start's check read it for every variable) */
    /* the columns' bounds in the LP's own units (a non-basic value is one of them): lo_lp
     * and hi_lp, the sync's mirror where it keeps one, else lb0 and ub0 */
    double *lb0, *ub0;
    const double *lo_lp, *hi_lp;
    int *stat, *stat0;
    /* the tree: its arcs; per node its parent arc and node, depth, and the preorder as a
     * doubly linked thread from the root (a subtree is a run of it: the nodes after its root
     * that are deeper); per arc its child end. Scratch: a node list, a stack, the children
     * of a subtree being re-hung, and the pivot that last put a node in the cut */
    int *basic, *parc, *parent, *depth, *next, *prev, *child;
    int *list, *stack, *kid, *sib, *stamp, *tdeg, *tstart, *tadj;
    int pivot;
    unsigned cost_epoch; /* s1's when cost[] was loaded; costs_loaded: it was */
    int costs_loaded, kept_costs; /* kept_costs: this solve's are the last one's */
    /* the statuses of the last start found dual feasible as it stood, at the costs loaded;
     * stat0_clean: stat0 is clean_stat still (no load moved a status of it since) */
    int *clean_stat, clean_valid, stat0_clean;
    /* tracked: since the last load that went through, stat differs from stat0 only in the
     * variables listed in chg (n_chg of them; past chg_cap, not all listed): those a solve
     * moved (dual_start's and the pivots'). A risk draw's load puts those back alone. */
    int *chg, n_chg, chg_cap, tracked;
    int start_moved; /* the last load moved a column's status in stat0 (s1's start_epoch) */
    int hours_ok; /* every segment has hours (a variable's scale, sigma, is fixed then) */
    /* the basic variables that may be out of their bounds (every one that is, maybe others),
     * and per variable whether it is in that list */
    int *out, n_out;
    char *listed;
    /* per node and part of its adj (3i: to the root, 3i + 1: the others out of it, 3i + 2:
     * into it), how many variables may fall, non-basic at an upper bound or free: few ever
     * are, so the ratio test looks for one that falls only in a part where one is */
    int *n_fall;
    int *placed; /* scratch: the contracts placed, in their order */
    double *bal, *acc, *pi; /* per node: the non-basic variables' net inflow; scratch; potential */
    /* the load's pass over the columns, as it left bal, n_fall and basic (cols_n of them),
     * kept for a load that finds nothing it reads moved (dualnet_load.c): made at the
     * bounds of cols_bounds (ls_stage1's bounds_epoch) with the statuses of stat0, and
     * valid while moves (the pivots and dual_start's moves to the other bound, counted)
     * is cols_moves: the non-basic values are then the pass's too */
    double *cols_bal;
    int *cols_fall, *cols_basic, cols_n, cols_valid;
    unsigned cols_bounds;
    unsigned long moves, cols_moves;
    ls_dualnet_stats stats;
};

/* The tree of the basic network variables (d->basic), built afresh: each node's parent,
 * parent arc and depth, and the thread. 0, or −1 when they are not a spanning tree. */
int ls_nettree_build(ls_dualnet *d);
/* The basic variables' values from the tree and the non-basic ones' balances. */
void ls_nettree_flows(ls_dualnet *d);
/* The nodes' potentials: every basic variable's reduced cost is 0. */
void ls_nettree_potentials(ls_dualnet *d);
/* The subtree under node b into d->list, stamped with a new pivot's number; how many. */
int ls_nettree_subtree(ls_dualnet *d, int b);
/* Pushes t around the cycle that non-basic e closes (e's value moves by t). */
void ls_nettree_push(ls_dualnet *d, int e, double t);
/* The tree after e came in for p, whose subtree's m nodes d->list holds. */
void ls_nettree_rehang(ls_dualnet *d, int p, int e, int m);

/* Variable k's status moved (stat[k] written): listed for the next load (chg). */
static inline void ls_nettree_moved(ls_dualnet *d, int k)
{
    if (d->n_chg < d->chg_cap)
        d->chg[d->n_chg] = k;
    d->n_chg += d->n_chg <= d->chg_cap; /* (chg_cap + 1: some not listed) */
}

/* Variable k's scaled bounds: a column's are its bounds in the LP's own units (lo_lp, hi_lp,
 * where an upper bound of DBL_MAX is none) times its scale, the products computed where they
 * are read rather than stored for every column each solve; a row's as the load set them. */
static inline double ls_nettree_lb(const ls_dualnet *d, int k)
{
    return k <= d->nc ? d->sigma[k] * d->lo_lp[k] : d->lb[k];
}

static inline double ls_nettree_ub(const ls_dualnet *d, int k)
{
    if (k > d->nc)
        return d->ub[k];
    double h = d->hi_lp[k];
    return d->sigma[k] * (h == DBL_MAX ? INFINITY : h);
}

/* The value a non-basic variable takes at its status. */
static inline double ls_nettree_at_status(int stat, double lb, double ub)
{
    return stat == GLP_NU ? ub : stat == GLP_NF ? 0.0 : lb;
}

/* Whether bounds lb, ub allow a non-basic status st. */
static inline int ls_nettree_status_allowed(int st, double lb, double ub)
{
    return st == GLP_NL   ? isfinite(lb)
           : st == GLP_NU ? isfinite(ub)
           : st == GLP_NS ? lb == ub
                          : st == GLP_NF;
}

/* dualnet_load.c: the network of s1's LP (NULL when out of memory), freed; and loaded for a
 * solve (0, or −1 when the LP is not such a network). */
ls_dualnet *ls_dualnet_build(const ls_stage1 *s1);
void ls_dualnet_destroy(ls_dualnet *d);
int ls_dualnet_load(ls_dualnet *d, const ls_stage1 *s1);

/* Variable k's reduced cost at the nodes' potentials. */
static inline double ls_nettree_reduced(const ls_dualnet *d, int k)
{
    return d->cost[k] - d->pi[d->head[k]] + d->pi[d->tail[k]];
}

/* A non-basic variable's value enters its nodes' balances (sign +1) or leaves them (−1). */
static inline void ls_nettree_balance(ls_dualnet *d, int k, double sign)
{
    d->bal[d->head[k]] += sign * d->val[k];
    d->bal[d->tail[k]] -= sign * d->val[k];
}

/* Variable k, of status st, counts (sign +1) or no longer counts (−1) in its nodes' n_fall. */
static inline void ls_nettree_fall(ls_dualnet *d, int k, int st, int sign)
{
    if (((st != GLP_NU) & (st != GLP_NF)) | (d->tail[k] <= 0))
        return;
    int h = d->head[k];
    d->n_fall[3 * d->tail[k] + (h > 0)] += sign;
    if (h > 0)
        d->n_fall[3 * h + 2] += sign;
}

/* Lists k as a basic variable that may be out of its bounds. */
static inline void ls_nettree_suspect(ls_dualnet *d, int k)
{
    if (!d->listed[k])
        d->listed[k] = 1, d->out[d->n_out++] = k;
}

#endif
