/*
 * basis_tree.c — a basis of stage 1's LP that is a spanning tree of its network
 * (basis_tree.h).
 *
 * The network's rows are the demand rows (one per segment) and the capacity rows (one per
 * provider with a capacity); every other row (max_budget, local) is a side row. Where every
 * side row's slack is basic, B's side rows are solved by their slacks alone: their duals are
 * 0 and the other basic variables' values do not read them. What is left is one equation per
 * network row, and each basic variable has entries in at most two of them: a contract in
 * its segment's row (−1, B's columns being those of (I | −A)) and its provider's capacity
 * row (−12·hours a month), an unmet column in its segment's row, a network row's slack in
 * its own row (+1). A variable with one end there is an arc to the root. Where these arcs
 * span the rows from the root as a tree, B is triangular in the tree's order: the duals
 * follow from the root down, one division an arc, and the basic values from the leaves up.
 *
 * A risk draw's re-solve ends at such a basis, and its figures used to come from GLPK's
 * factorization of it, made afresh so that they did not depend on the pivots that led
 * there. Here they depend on the basis alone as well: the arcs are listed by variable,
 * the tree is searched breadth first from the root in that order, and each figure is the
 * same sum in the same order whatever the path.
 */
#include "basis_tree.h"

#include <stdlib.h>
#include <string.h>

struct ls_basis_tree {
    int nr, nc, cap;  /* the LP's rows and columns as last made; cap: rows the arrays hold */
    signed char *net; /* per row: 1 a network row (demand or capacity) */
    /* per node (a network row; 0 the root): its arc to its parent (a variable in stat's
     * numbering), the parent, and the arc's coefficient in B at the node's row (own) and at
     * the parent's (up; 0 at the root) */
    int *arc, *parent;
    double *own, *up;
    int *order, n_order; /* the nodes breadth first from the root (order[0] = 0) */
    /* scratch: the basic arcs (variable, ends, coefficients), and per node the arcs that
     * end there (start[v] .. start[v + 1] − 1 in adj) */
    int *var, *end_a, *end_b, *start, *adj;
    double *coef_a, *coef_b;
};

void ls_basis_tree_free(ls_stage1 *s1)
{
    struct ls_basis_tree *t = s1->btree;
    if (!t)
        return;
    free(t->net), free(t->arc), free(t->parent), free(t->own), free(t->up), free(t->order);
    free(t->var), free(t->end_a), free(t->end_b), free(t->start), free(t->adj);
    free(t->coef_a), free(t->coef_b);
    free(t);
    s1->btree = NULL;
}

/* The tree's arrays for nr rows (what they held is not kept). 0, or −1 without memory. */
static int room(ls_stage1 *s1, int nr)
{
    struct ls_basis_tree *t = s1->btree;
    if (t && t->cap > nr)
        return 0;
    ls_basis_tree_free(s1);
    if (!(t = s1->btree = calloc(1, sizeof(*t))))
        return -1;
    size_t n = (size_t)nr + 2;
    t->net = malloc(n);
    t->arc = malloc(n * sizeof(int)), t->parent = malloc(n * sizeof(int));
    t->own = malloc(n * sizeof(double)), t->up = malloc(n * sizeof(double));
    t->order = malloc(n * sizeof(int)), t->var = malloc(n * sizeof(int));
    t->end_a = malloc(n * sizeof(int)), t->end_b = malloc(n * sizeof(int));
    t->start = malloc((n + 1) * sizeof(int)), t->adj = malloc(2 * n * sizeof(int));
    t->coef_a = malloc(n * sizeof(double)), t->coef_b = malloc(n * sizeof(double));
    if (!t->net || !t->arc || !t->parent || !t->own || !t->up || !t->order || !t->var ||
        !t->end_a || !t->end_b || !t->start || !t->adj || !t->coef_a || !t->coef_b) {
        ls_basis_tree_free(s1);
        return -1;
    }
    t->cap = nr + 1;
    return 0;
}

/* Variable k's ends in the network and its coefficients in B there (b = 0: the root). */
static void ends(const ls_stage1 *s1, int k, int nc, int *a, double *ca, int *b, double *cb)
{
    *b = 0, *cb = 0;
    if (k > nc) { /* a network row's slack */
        *a = k - nc, *ca = 1;
        return;
    }
    if (k >= s1->u_col0) { /* unmet: its segment's demand row alone */
        *a = k - s1->u_col0 + 1, *ca = -1;
        return;
    }
    int sg = s1->col_seg[k - 1], row = s1->capacity_row[s1->col_prov[k - 1]];
    *a = sg + 1, *ca = -1;
    if (row)
        *b = row, *cb = -(12 * s1->seg_hours[sg]);
}

int ls_basis_tree_make(ls_stage1 *s1, const int *stat)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    int ns = (int)s1->m->n_segments;
    if (s1->opts.no_tree || nc != s1->u_col0 - 1 + ns || room(s1, nr) != 0)
        return 0;
    struct ls_basis_tree *t = s1->btree;
    t->nr = nr, t->nc = nc;
    memset(t->net, 0, (size_t)nr + 1);
    int nodes = ns;
    memset(t->net + 1, 1, (size_t)ns);
    for (size_t p = 0; p < s1->m->n_providers; p++)
        if (s1->capacity_row[p])
            t->net[s1->capacity_row[p]] = 1, nodes++;
    /* the arcs: the basic variables but the side rows' slacks, which must all be basic;
     * listed by variable (columns, then rows), so that the search below is the basis's own */
    for (int i = 1; i <= nr; i++)
        if (!t->net[i] && stat[nc + i] != GLP_BS)
            return 0;
    int n = 0;
    for (int k = 1; k <= nc + nr; k++)
        if (stat[k] == GLP_BS && (k <= nc || t->net[k - nc])) {
            if (n == nodes)
                return 0; /* more arcs than a tree has */
            t->var[n++] = k;
        }
    if (n != nodes)
        return 0;
    memset(t->start, 0, ((size_t)nr + 2) * sizeof(int));
    for (int e = 0; e < n; e++) {
        ends(s1, t->var[e], nc, &t->end_a[e], &t->coef_a[e], &t->end_b[e], &t->coef_b[e]);
        t->start[t->end_a[e] + 1]++, t->start[t->end_b[e] + 1]++;
    }
    for (int v = 0; v <= nr; v++)
        t->start[v + 1] += t->start[v];
    int *fill = t->order; /* scratch again: where node v's next arc goes */
    memcpy(fill, t->start, ((size_t)nr + 1) * sizeof(int));
    for (int e = 0; e < n; e++)
        t->adj[fill[t->end_a[e]]++] = e, t->adj[fill[t->end_b[e]]++] = e;
    /* breadth first from the root: every node reached once, by one arc */
    for (int v = 0; v <= nr; v++)
        t->parent[v] = -1;
    int *arc_of = t->arc; /* per node: the index of its arc in var[] while searching */
    t->order[0] = 0, t->parent[0] = 0, arc_of[0] = -1;
    int head = 0, reached = 1;
    while (head < reached) {
        int v = t->order[head++];
        for (int q = t->start[v]; q < t->start[v + 1]; q++) {
            int e = t->adj[q];
            if (e == arc_of[v])
                continue;
            int at_a = t->end_a[e] != v, w = at_a ? t->end_a[e] : t->end_b[e];
            if (t->parent[w] >= 0)
                return 0; /* a cycle */
            t->parent[w] = v, arc_of[w] = e;
            t->own[w] = at_a ? t->coef_a[e] : t->coef_b[e];
            t->up[w] = v == 0 ? 0 : at_a ? t->coef_b[e] : t->coef_a[e];
            t->order[reached++] = w;
        }
    }
    if (reached != nodes + 1)
        return 0;
    for (int q = 1; q < reached; q++) {
        int w = t->order[q];
        t->arc[w] = t->var[arc_of[w]];
    }
    t->n_order = reached;
    return 1;
}

void ls_basis_tree_duals(const ls_stage1 *s1, const double *cost, double *lambda)
{
    const struct ls_basis_tree *t = s1->btree;
    for (int i = 1; i <= t->nr; i++)
        lambda[i] = 0;
    /* B'π = c_B at each arc: own·π_w + up·π_v = c, with λ = −π */
    for (int q = 1; q < t->n_order; q++) {
        int w = t->order[q], k = t->arc[w];
        if (k > t->nc)
            continue; /* a slack: its row's dual is 0 */
        int v = t->parent[w];
        lambda[w] = -(cost[k] + (v ? t->up[w] * lambda[v] : 0.0)) / t->own[w];
    }
}

void ls_basis_tree_solve(const ls_stage1 *s1, double *rhs)
{
    const struct ls_basis_tree *t = s1->btree;
    /* from the leaves up: a node's row less its children's arcs gives its own arc */
    for (int q = t->n_order - 1; q >= 1; q--) {
        int w = t->order[q], v = t->parent[w];
        double x = rhs[w] / t->own[w];
        rhs[w] = x;
        if (v)
            rhs[v] -= t->up[w] * x;
    }
}

int ls_basis_tree_arc(const ls_stage1 *s1, int i)
{
    const struct ls_basis_tree *t = s1->btree;
    return t->net[i] ? t->arc[i] : 0;
}
