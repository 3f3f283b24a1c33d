/*
 * nettree.c — the spanning tree under the network's dual simplex (nettree.h): built from the
 * basic variables, its values leaf by leaf and potentials root down, and a pivot's changes to
 * it (the cut-off subtree, the push around the entering arc's cycle, the subtree hung anew).
 */
#include "nettree.h"

#include <limits.h>
#include <string.h>

/* The tree of the basic network variables, built afresh (at the start of a solve): each
 * node's parent, parent arc and depth, and the thread in a preorder from the root. 0, or −1
 * when they are not a spanning tree. */
int ls_nettree_build(ls_dualnet *d)
{
    int nr = d->nr, n = d->nodes;
    memset(d->tdeg, 0, ((size_t)nr + 1) * sizeof(int));
    for (int b = 0; b < n; b++)
        d->tdeg[d->tail[d->basic[b]]]++, d->tdeg[d->head[d->basic[b]]]++;
    d->tstart[0] = 0;
    for (int i = 0; i <= nr; i++)
        d->tstart[i + 1] = d->tstart[i] + d->tdeg[i];
    for (int b = 0; b < n; b++) {
        int k = d->basic[b];
        d->tadj[d->tstart[d->tail[k]]++] = k;
        d->tadj[d->tstart[d->head[k]]++] = k;
    }
    /* tstart[i] went up to node i's end, which is node i + 1's start */
    for (int i = nr; i > 0; i--)
        d->tstart[i] = d->tstart[i - 1];
    d->tstart[0] = 0;
    for (int i = 0; i <= nr; i++)
        d->depth[i] = -1;
    int *stack = d->stack, top = 0, count = 0, last = 0;
    stack[top++] = 0;
    d->parc[0] = 0, d->parent[0] = -1, d->depth[0] = 0;
    while (top > 0) {
        int i = stack[--top];
        if (count++ > 0)
            d->next[last] = i, d->prev[i] = last;
        last = i;
        for (int t = d->tstart[i]; t < d->tstart[i + 1]; t++) {
            int k = d->tadj[t], o = d->tail[k] == i ? d->head[k] : d->tail[k];
            if (k == d->parc[i])
                continue;
            if (d->depth[o] != -1)
                return -1; /* a cycle */
            d->depth[o] = d->depth[i] + 1;
            d->parent[o] = i, d->parc[o] = k, d->child[k] = o;
            stack[top++] = o;
        }
    }
    d->next[last] = 0, d->prev[0] = last;
    return count == n + 1 ? 0 : -1;
}

/* The basic variables' values from the tree, leaf by leaf (the thread backwards: children
 * before parents): at every node what flows in equals what flows out (acc: the net inflow
 * so far). */
void ls_nettree_flows(ls_dualnet *d)
{
    for (int i = 0, t = 0; t <= d->nodes; t++, i = d->next[i])
        d->acc[i] = d->bal[i];
    for (int i = d->prev[0]; i != 0; i = d->prev[i]) {
        int k = d->parc[i];
        if (d->head[k] == i) {
            d->val[k] = -d->acc[i];
            d->acc[d->tail[k]] -= d->val[k];
        } else {
            d->val[k] = d->acc[i];
            d->acc[d->head[k]] += d->val[k];
        }
    }
}

/* The potentials, root down: every basic variable's reduced cost cost − π_head + π_tail is 0. */
void ls_nettree_potentials(ls_dualnet *d)
{
    d->pi[0] = 0;
    for (int i = d->next[0]; i != 0; i = d->next[i]) {
        int k = d->parc[i];
        d->pi[i] =
            d->head[k] == i ? d->cost[k] + d->pi[d->tail[k]] : d->pi[d->head[k]] - d->cost[k];
    }
}

/* The subtree under node b (b first), in thread order, into d->list, stamped with this
 * pivot; returns how many. */
int ls_nettree_subtree(ls_dualnet *d, int b)
{
    int n = 0, db = d->depth[b];
    if (++d->pivot == INT_MAX) { /* a planner's billionth pivot: the stamps start again */
        memset(d->stamp, 0, ((size_t)d->nr + 1) * sizeof(int));
        d->pivot = 1;
    }
    for (int i = b; n == 0 || d->depth[i] > db; i = d->next[i]) {
        d->list[n++] = i;
        d->stamp[i] = d->pivot;
    }
    return n;
}

/* Pushes t along the cycle that e closes (e's own value moves by t, head to tail back through
 * the tree), before e is in the tree. */
void ls_nettree_push(ls_dualnet *d, int e, double t)
{
    d->val[e] += t;
    /* from e's head up, along; from e's tail up, against; until the paths meet */
    int w = d->head[e], u = d->tail[e];
    while (w != u) {
        if (d->depth[w] >= d->depth[u]) {
            int k = d->parc[w];
            d->val[k] += d->tail[k] == w ? t : -t;
            ls_nettree_suspect(d, k);
            w = d->parent[w];
        } else {
            int k = d->parc[u];
            d->val[k] += d->head[k] == u ? t : -t;
            ls_nettree_suspect(d, k);
            u = d->parent[u];
        }
    }
}

/* The tree after e came in for p, whose subtree's m nodes are in d->list (thread order, b
 * first): the path from e's end q in it up to b turns round, q hangs from e's other end,
 * and the subtree's depths and thread are made anew from its children, then put back after
 * that end. */
void ls_nettree_rehang(ls_dualnet *d, int p, int e, int m)
{
    int b = d->child[p], into = d->stamp[d->head[e]] == d->pivot;
    int q = into ? d->head[e] : d->tail[e], r = into ? d->tail[e] : d->head[e];
    /* out of the thread */
    int before = d->prev[b], after = d->next[d->list[m - 1]];
    d->next[before] = after, d->prev[after] = before;
    /* turn the path round: each node on it takes its child on the path as parent */
    int x = q, px = r, kx = e;
    for (;;) {
        int up = d->parent[x], kup = d->parc[x];
        d->parent[x] = px, d->parc[x] = kx, d->child[kx] = x;
        if (x == b)
            break;
        px = x, kx = kup, x = up;
    }
    /* children lists of the subtree, then its preorder from q */
    for (int t = 0; t < m; t++)
        d->kid[d->list[t]] = -1;
    for (int t = m - 1; t >= 0; t--) {
        int i = d->list[t];
        if (i != q)
            d->sib[i] = d->kid[d->parent[i]], d->kid[d->parent[i]] = i;
    }
    int top = 0, last = r, rn = d->next[r];
    d->stack[top++] = q;
    d->depth[q] = d->depth[r] + 1;
    while (top > 0) {
        int i = d->stack[--top];
        d->next[last] = i, d->prev[i] = last, last = i;
        for (int c = d->kid[i]; c != -1; c = d->sib[c]) {
            d->depth[c] = d->depth[i] + 1;
            d->stack[top++] = c;
        }
    }
    d->next[last] = rn, d->prev[rn] = last;
}
