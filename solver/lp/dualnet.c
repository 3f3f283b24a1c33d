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
 * The tree and its changes are nettree.c's, the network's build and its load for a solve
 * dualnet_load.c's; the simplex around them is here.
 */
#include "dualnet.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nettree.h"

void ls_dualnet_free(ls_stage1 *s1)
{
    /* a basis left waiting in this memory goes with it (nothing writes it to GLPK after) */
    if (s1->dualnet && s1->stat_pending)
        s1->stat_pending = 0, s1->known_stat = s1->stat_start = NULL;
    ls_dualnet_destroy(s1->dualnet);
    s1->dualnet = NULL;
}

ls_dualnet_stats ls_dualnet_get_stats(const ls_stage1 *s1)
{
    ls_dualnet_stats none = {0, 0, 0, 0, 0, 0};
    return s1->dualnet ? s1->dualnet->stats : none;
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

/* Makes the start dual feasible where a bound allows: a boxed variable whose reduced cost
 * has the wrong sign for its bound goes to the other (a bound moved since the basis was
 * optimal: a contract fixed then, free now). 0, or −1 when one cannot. */
static int dual_start(ls_dualnet *d)
{
    for (int k = 1; k <= d->nv; k++) {
        int st = d->stat[k];
        if (d->tail[k] < 0 || st == GLP_BS || st == GLP_NS)
            continue;
        double dj = ls_nettree_reduced(d, k), tol = DUAL_TOL * (d->inv_sigma[k] + fabs(d->cost[k]));
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
        ls_nettree_moved(d, k);
        ls_nettree_fall(d, k, d->stat[k], +1);
        d->val[k] = ls_nettree_at_status(d->stat[k], lb, ub);
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
                                : ls_nettree_at_status(d->stat[j], d->lo_lp[j], d->hi_lp[j]);
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
    ls_nettree_moved(d, e);
    ls_nettree_moved(d, p);
    ls_nettree_fall(d, p, d->stat[p], +1);
    ls_nettree_balance(d, p, +1);
    ls_nettree_rehang(d, p, e, m);
}

int ls_dualnet_solve(ls_stage1 *s1)
{
    if (!s1->dualnet) {
        if (!(s1->dualnet = ls_dualnet_build(s1)))
            return 0;
        s1->start_epoch++; /* (a new start, stat0) */
    }
    ls_dualnet *d = s1->dualnet;
    ls_stage1_lp_stat_flush(s1); /* (a basis this memory left waiting, before it is reloaded) */
    d->stats.tried++;
    int loaded = ls_dualnet_load(d, s1) == 0;
    s1->start_epoch += loaded && d->start_moved;
    if (!loaded || ls_nettree_build(d) != 0)
        return 0;
    ls_nettree_potentials(d);
    /* the start of the last solve, at the same costs, was dual feasible as it stood: the same
     * statuses give the same tree and potentials, so every reduced cost is as it was then (a
     * risk draw, a demand step) */
    size_t stat_size = (size_t)d->nv * sizeof(int); /* variables 1..nv */
    int same = d->kept_costs && d->clean_valid &&
               (d->stat0_clean || memcmp(d->stat0 + 1, d->clean_stat + 1, stat_size) == 0);
    d->stat0_clean = same;
    if (!same) {
        d->clean_valid = 0;
        if (dual_start(d) != 0)
            return 0;
        /* nothing moved to its other bound; kept for the next solve where the costs stay
         * (a risk draw, a demand step), not where each moves them (a wage step) */
        if (d->kept_costs && memcmp(d->stat0 + 1, d->stat + 1, stat_size) == 0) {
            memcpy(d->clean_stat + 1, d->stat0 + 1, stat_size);
            d->clean_valid = d->stat0_clean = 1;
        }
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
