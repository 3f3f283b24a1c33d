/*
 * network.c — the cold stage-1 solve from its transportation core.
 *
 * With hours as the unit of flow stage 1's demand and capacity rows are a
 * transportation network; only the local row and the max_budget rows are side constraints.
 * GLPK's simplex on the monolithic LP from its own starting basis spends thousands of
 * pivots finding what the structure gives away, so the cold solve starts elsewhere:
 *
 * 1. Capacity prices: the capacity rows are relaxed with a price per hour (a Lagrange
 *    multiplier); without them the segments are independent and each takes its cheapest
 *    contracts; a few subgradient steps raise the price of over-asked providers.
 * 2. A placement by the least-cost method at those prices: continuity first, then every
 *    contract, cheapest first, takes what its segment still needs and its provider still
 *    has. If the placement breaks local_share_min, the local row's multiplier is searched.
 * 3. The placement as a basis: the variables strictly between their bounds form a forest
 *    (segments and capacity rows are its nodes, the "ground" the rest); it is completed to
 *    a spanning tree with the cheapest contracts at a bound (Kruskal), so the basis prices a
 *    segment by a contract it could use, then capacity slacks, then unmet columns; the side
 *    rows' slacks are basic. The basis is valid by construction (triangular).
 * 4. Sifting (stage1.c calls sift.c with the marks made here): the LP is solved with each
 *    segment's cheapest few contracts and those the placement puts above their continuity
 *    bound (the rest, at that bound, wait outside GLPK's working problem), then every
 *    left-out contract whose reduced cost is negative is let in, until none is.
 *
 * The optimum, the duals and the tie-break are GLPK's, as before; only the path is shorter
 * (bench/README.md). Debian's GLPK disables RELAX-IV (glp_mincost_relax4 aborts with
 * "temporarily disabled due to licensing problems") and its out-of-kilter code took 30 s on
 * the Amsterdam preset, against about 0.1 s for steps 1–3 here.
 */
#include "network.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/* union-find over the network's nodes, with path halving */
static int uf_find(int *parent, int a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

static int uf_union(int *parent, int a, int b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a == b)
        return 0;
    parent[a] = b;
    return 1;
}

typedef struct keyed {
    double cost;
    int j;
} keyed;

/* A usable contract in the least-cost method's sort: its cost as an ordered key (cost_key),
 * the contract and its segment. */
typedef struct ranked {
    uint64_t key;
    int j, segment;
} ranked;

typedef struct {
    ls_stage1 *s1;
    double *cost;       /* per contract: euros a year per client, with λ·local */
    double *local_coef; /* per contract: the local row's coefficient */
    double *lp_cost;    /* per contract: its cost in the LP (with the tie-break's part) */
    int *order;         /* usable contracts, cheapest first */
    size_t n_order;
    double *x;          /* per contract: clients */
    double *unmet;      /* per segment */
    double *spare;      /* per provider: hours left; INFINITY without a capacity row */
    double *price;      /* per provider: euros per capacity hour, guessing the row's dual */
    keyed *sorted;      /* scratch: a segment's contracts by cost (the price rounds) */
    ranked *rank;       /* scratch: the usable contracts by cost (the least-cost method) */
    ranked *rank_tmp;   /* the radix sort's other buffer */
    size_t *seg_start;  /* usable contracts by segment: seg_list[seg_start[s] ..] */
    int *seg_list;
    const char *out;    /* per contract: left out of the LP for now (may be NULL) */
} network;

static void network_free(network *n)
{
    free(n->cost);
    free(n->local_coef);
    free(n->lp_cost);
    free(n->order);
    free(n->x);
    free(n->unmet);
    free(n->spare);
    free(n->price);
    free(n->sorted);
    free(n->rank);
    free(n->rank_tmp);
    free(n->seg_start);
    free(n->seg_list);
}

static int network_init(network *n, ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    size_t ns = m->n_segments, np = m->n_providers, nc = m->n_contracts;
    memset(n, 0, sizeof(*n));
    n->s1 = s1;
    n->cost = calloc(nc + 1, sizeof(double));
    n->local_coef = calloc(nc + 1, sizeof(double));
    n->lp_cost = calloc(nc + 1, sizeof(double));
    n->order = calloc(nc + 1, sizeof(int));
    n->x = calloc(nc + 1, sizeof(double));
    n->unmet = calloc(ns + 1, sizeof(double));
    n->spare = calloc(np + 1, sizeof(double));
    n->price = calloc(np + 1, sizeof(double));
    n->sorted = calloc(nc + 1, sizeof(*n->sorted));
    n->rank = calloc(nc + 1, sizeof(*n->rank));
    n->rank_tmp = calloc(nc + 1, sizeof(*n->rank_tmp));
    n->seg_start = calloc(ns + 2, sizeof(size_t));
    n->seg_list = calloc(nc + 1, sizeof(int));
    if (!n->seg_start || !n->seg_list || !n->sorted || !n->rank || !n->rank_tmp || !n->cost ||
        !n->local_coef || !n->lp_cost || !n->order || !n->x || !n->unmet || !n->spare || !n->price)
        return -1;
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        n->local_coef[j] = ls_stage1_lp_local_coef(s1, j, LS_LOCAL_ALL);
        /* as sync writes it into the LP, which may be written meanwhile (stage1.c) */
        n->lp_cost[j] = ls_stage1_lp_objective_coef(s1, (int)j + 1);
        if (c->usable) {
            n->order[n->n_order++] = (int)j;
            n->seg_start[c->segment + 2]++;
        }
    }
    for (size_t i = 2; i <= ns + 1; i++)
        n->seg_start[i] += n->seg_start[i - 1];
    for (size_t k = 0; k < n->n_order; k++) {
        int j = n->order[k];
        n->seg_list[n->seg_start[m->contracts[j].segment + 1]++] = j;
    }
    return 0;
}

static int by_cost(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

/* A cost's bits as an unsigned integer in the order of the values (−0 as +0, which by_cost
 * does not tell apart either). */
static uint64_t cost_key(double c)
{
    c += 0.0;
    uint64_t u;
    memcpy(&u, &c, sizeof u);
    return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

/* Sorts a[0..n−1], given in ascending j, by key and on a tie by j (by_cost's order: the
 * keys order as the costs do) with a stable radix sort of the keys, 11 bits at a time: six
 * passes, each skipped where every key has the same digit, their counts made in one pass
 * and small enough for the processor's nearest cache (with 16 bits a time, four passes
 * scattered into 65,536 places took 9 ms of the Amsterdam preset's placement, now 2 ms).
 * tmp holds n. */
#define RADIX_BITS 11
#define RADIX_DIGITS 6
static void sort_ranked(ranked *a, ranked *tmp, size_t n)
{
    static_assert(RADIX_BITS * RADIX_DIGITS >= 64, "the digits cover the key");
    enum { B = 1 << RADIX_BITS };
    uint32_t count[RADIX_DIGITS][B];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < RADIX_DIGITS; d++)
            count[d][(a[i].key >> (RADIX_BITS * d)) & (B - 1)]++;
    ranked *src = a, *dst = tmp;
    for (int d = 0; d < RADIX_DIGITS && n > 0; d++) {
        uint32_t *c = count[d], sum = 0;
        if (c[(src[0].key >> (RADIX_BITS * d)) & (B - 1)] == n)
            continue; /* one digit for all: nothing moves */
        for (size_t b = 0; b < B; b++) {
            uint32_t t = c[b];
            c[b] = sum, sum += t;
        }
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i].key >> (RADIX_BITS * d)) & (B - 1)]++] = src[i];
        ranked *t = src;
        src = dst, dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof(ranked));
}

/* The least-cost method with costs c + λ·(local row): continuity first, then every
 * contract, cheapest first, takes what its segment still needs and its provider still has.
 * Returns the local row's value of the placement. */
static double network_greedy(network *n, double lambda)
{
    ls_stage1 *s1 = n->s1;
    const ls_model *m = s1->m;
    for (size_t s = 0; s < m->n_segments; s++)
        n->unmet[s] = m->segments[s].clients;
    for (size_t p = 0; p < m->n_providers; p++)
        n->spare[p] =
            s1->capacity_row[p] ? m->providers[p].capacity_hours : INFINITY;
    /* the usable contracts listed in ascending j, for the stable sort */
    ranked *rank = n->rank;
    for (size_t j = 0, k = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        n->x[j] = c->usable ? s1->lower[j] : 0;
        n->unmet[c->segment] -= n->x[j];
        n->spare[c->provider] -= 12 * m->segments[c->segment].hours_per_month * n->x[j];
        /* the LP's own cost: the true one plus the tie-break's perturbation (stage1_lp.c) */
        n->cost[j] = n->lp_cost[j] - lambda * n->local_coef[j] +
                     12 * m->segments[c->segment].hours_per_month * n->price[c->provider];
        if (c->usable)
            rank[k++] = (ranked){cost_key(n->cost[j]), (int)j, c->segment};
    }
    sort_ranked(rank, n->rank_tmp, n->n_order);
    for (size_t k = 0; k < n->n_order; k++)
        n->order[k] = rank[k].j;
    for (size_t k = 0; k < n->n_order; k++) {
        /* a segment with no unmet client left takes nothing more (amt below is at most its
         * unmet, which never rises): its contracts are passed by without being read */
        if (!(n->unmet[rank[k].segment] > 0))
            continue;
        int j = rank[k].j;
        const ls_contract *c = &m->contracts[j];
        double h = 12 * m->segments[c->segment].hours_per_month;
        double amt = fmin(n->unmet[c->segment], c->max_clients - n->x[j]);
        amt = fmin(amt, n->spare[c->provider] / h);
        if (amt > 0) {
            n->x[j] += amt;
            n->unmet[c->segment] -= amt;
            n->spare[c->provider] -= h * amt;
        }
    }
    double v = 0;
    for (size_t j = 0; j < m->n_contracts; j++)
        v += n->local_coef[j] * n->x[j];
    return v;
}

/* A value strictly between two bounds, with a tolerance relative to the bounds. */
static int between(double v, double lo, double hi)
{
    return v > lo + 1e-9 * (1 + fabs(lo)) && v < hi - 1e-9 * (1 + fabs(hi));
}

/* The placement as a basis of the stage-1 LP (see the top of the file), made from the
 * model's numbers alone (a column's type is the one the sync writes): the status of each
 * contract and unmet column into col_stat (1-based, as the LP's columns) and whether each
 * provider's capacity slack is basic into cap_basic. The side rows' slacks are basic. 0, or
 * −1 when out of memory. */
static int network_statuses(network *n, int *col_stat, char *cap_basic)
{
    ls_stage1 *s1 = n->s1;
    const ls_model *m = s1->m;
    int ns = (int)m->n_segments, np = (int)m->n_providers, nc = (int)m->n_contracts;
    int ground = ns + np;
    int *parent = malloc((size_t)(ground + 1) * sizeof(int));
    char *basic = calloc((size_t)(nc + ns + np) + 1, 1); /* x, then u, then capacity slack */
    signed char *type = malloc((size_t)nc + 1);
    if (!parent || !basic || !type) {
        free(parent);
        free(basic);
        free(type);
        return -1;
    }
    for (int j = 0; j < nc; j++) {
        double lo, hi;
        type[j] = (signed char)ls_stage1_lp_contract_bounds(s1, (size_t)j, &lo, &hi);
    }
    for (int i = 0; i <= ground; i++)
        parent[i] = i;
    /* the node of a contract's provider end: its capacity row, or the ground without one */
#define PNODE(p) (s1->capacity_row[p] ? ns + (p) : ground)
    /* 1. the variables strictly between their bounds, as far as they form a forest */
    for (int j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        if (c->usable && between(n->x[j], s1->lower[j], c->max_clients) &&
            uf_union(parent, c->segment, PNODE(c->provider)))
            basic[j] = 1;
    }
    for (int s = 0; s < ns; s++)
        if (between(n->unmet[s], 0, INFINITY) && uf_union(parent, s, ground))
            basic[nc + s] = 1;
    for (int p = 0; p < np; p++)
        if (s1->capacity_row[p] && between(n->spare[p], 0, INFINITY) &&
            uf_union(parent, ns + p, ground))
            basic[nc + ns + p] = 1;
    /* 2. completed to a spanning tree with degenerate ones, cheapest first (Kruskal), so that
     * the basis prices a segment by a contract it could use rather than by the unmet
     * penalty: contracts at a bound, then the slack of a capacity row that binds, then an
     * unmet column at zero */
    for (size_t k = 0; k < n->n_order; k++) {
        int j = n->order[k];
        const ls_contract *c = &m->contracts[j];
        if (!basic[j] && type[j] != GLP_FX && !(n->out && n->out[j]) &&
            uf_union(parent, c->segment, PNODE(c->provider)))
            basic[j] = 1;
    }
    for (int p = 0; p < np; p++)
        if (s1->capacity_row[p] && uf_union(parent, ns + p, ground))
            basic[nc + ns + p] = 1;
    for (int s = 0; s < ns; s++)
        if (uf_union(parent, s, ground))
            basic[nc + s] = 1;
#undef PNODE
    /* 3. the statuses */
    for (int j = 0; j < nc; j++) {
        int st;
        if (basic[j])
            st = GLP_BS;
        else if (type[j] == GLP_FX)
            st = GLP_NS;
        else if (type[j] == GLP_DB &&
                 n->x[j] >= 0.5 * (s1->lower[j] + m->contracts[j].max_clients))
            st = GLP_NU;
        else
            st = GLP_NL;
        col_stat[j + 1] = st;
    }
    for (int s = 0; s < ns; s++)
        col_stat[s1->u_col0 + s] = basic[nc + s] ? GLP_BS : GLP_NL;
    for (int p = 0; p < np; p++)
        cap_basic[p] = basic[nc + ns + p];
    free(parent);
    free(basic);
    free(type);
    return 0;
}

/* The statuses network_statuses made, into the LP. */
static void network_to_basis(network *n, const int *col_stat, const char *cap_basic)
{
    ls_stage1 *s1 = n->s1;
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    int ns = (int)m->n_segments, np = (int)m->n_providers, nc = (int)m->n_contracts;
    for (int col = 1; col <= nc; col++)
        glp_set_col_stat(lp, col, col_stat[col]);
    for (int s = 0; s < ns; s++) {
        glp_set_col_stat(lp, s1->u_col0 + s, col_stat[s1->u_col0 + s]);
        glp_set_row_stat(lp, s + 1, GLP_NS);
    }
    for (int p = 0; p < np; p++) {
        if (s1->capacity_row[p])
            glp_set_row_stat(lp, s1->capacity_row[p], cap_basic[p] ? GLP_BS : GLP_NU);
        if (s1->budget_row[p])
            glp_set_row_stat(lp, s1->budget_row[p], GLP_BS);
    }
    for (int k = 0; k < LS_N_LOCAL; k++)
        glp_set_row_stat(lp, s1->local_row[k], GLP_BS);
}

/* Guesses the capacity rows' duals by subgradient steps on the Lagrangian relaxation of the
 * capacity rows: without capacities each segment takes its cheapest contracts at the
 * prices; a provider asked for more hours than it has gets dearer, one with hours to spare
 * cheaper (not below zero). */
static void network_prices(network *n, int rounds)
{
    ls_stage1 *s1 = n->s1;
    const ls_model *m = s1->m;
    size_t no = n->n_order;
    double *load = calloc(m->n_providers + 1, sizeof(double));
    /* what every round reads of the usable contracts, gathered once in the segments' order
     * (a round then reads it in sequence, not contract by contract across the model): the
     * provider, the LP's cost, the continuity bound and the room above it */
    int *prov = malloc((no + 1) * sizeof(int));
    double *cost = malloc((no + 1) * sizeof(double)), *lower = malloc((no + 1) * sizeof(double));
    double *room = malloc((no + 1) * sizeof(double));
    if (!load || !prov || !cost || !lower || !room) {
        free(load);
        free(prov);
        free(cost);
        free(lower);
        free(room);
        return;
    }
    for (size_t k = 0; k < no; k++) {
        int j = n->seg_list[k];
        prov[k] = m->contracts[j].provider, cost[k] = n->lp_cost[j], lower[k] = s1->lower[j];
        room[k] = m->contracts[j].max_clients - s1->lower[j];
    }
    /* the step's scale: the mean cost of an hour of care */
    double sum = 0, hours = 0;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        sum += c->floor_tariff;
        hours += m->segments[c->segment].hours_per_month;
    }
    double unit = hours > 0 ? sum / hours : 1;
    for (int r = 0; r < rounds; r++) {
        /* without capacities the segments are apart: each fills its demand from its own
         * contracts, cheapest first at the prices */
        for (size_t p = 0; p < m->n_providers; p++)
            load[p] = 0;
        for (size_t s = 0; s < m->n_segments; s++) {
            double h = 12 * m->segments[s].hours_per_month, need = m->segments[s].clients;
            size_t a = n->seg_start[s], b = n->seg_start[s + 1], first = a;
            /* the continuity bounds, and the cheapest contract at the prices (on a tie the
             * first: by_cost's order, the list being in ascending j) */
            double least = INFINITY;
            for (size_t k = a; k < b; k++) {
                double ck = cost[k] + h * n->price[prov[k]];
                if (k == a || ck < least)
                    least = ck, first = k;
                need -= lower[k];
                load[prov[k]] += h * lower[k];
            }
            /* cheapest first: the cheapest usually takes the whole need, and then no other
             * is looked at again */
            if (a < b && need > 0) {
                double amt = fmin(need, room[first]);
                if (amt > 0) {
                    need -= amt;
                    load[prov[first]] += h * amt;
                }
            }
            if (!(need > 0) || b - a < 2)
                continue;
            /* a segment that needs more: its contracts by cost, the cheapest (taken) first;
             * pick minima (a few scans) and sort only a segment that needs many. j is the
             * place in the gathered lists, in the order of the contracts within a segment */
            for (size_t k = a; k < b; k++) {
                n->sorted[k].j = (int)k;
                n->sorted[k].cost = cost[k] + h * n->price[prov[k]];
            }
            keyed cheapest = n->sorted[first];
            n->sorted[first] = n->sorted[a];
            n->sorted[a] = cheapest;
            for (size_t k = a + 1, picks = 1; k < b && need > 0; k++, picks++) {
                if (picks == 4) {
                    qsort(n->sorted + k, b - k, sizeof(keyed), by_cost);
                } else if (picks < 4) {
                    size_t best = k;
                    for (size_t i = k + 1; i < b; i++)
                        if (by_cost(&n->sorted[i], &n->sorted[best]) < 0)
                            best = i;
                    keyed t = n->sorted[k];
                    n->sorted[k] = n->sorted[best];
                    n->sorted[best] = t;
                }
                size_t g = (size_t)n->sorted[k].j;
                double amt = fmin(need, room[g]);
                if (amt > 0) {
                    need -= amt;
                    load[prov[g]] += h * amt;
                }
            }
        }
        double step = unit * 0.5 / (1 + r);
        for (size_t p = 0; p < m->n_providers; p++) {
            if (!s1->capacity_row[p])
                continue;
            double cap = m->providers[p].capacity_hours;
            double g = (load[p] - cap) / fmax(cap, 1);
            n->price[p] = fmax(0, n->price[p] + step * g);
        }
    }
    free(load);
    free(prov);
    free(cost);
    free(lower);
    free(room);
}

/* The placement to start from: capacity prices, then the least-cost method, with the local
 * row's multiplier searched when the placement falls short of local_share_min. Returns 0, or
 * −1 when no multiplier makes the placement meet the local row. */
static int network_place(network *n, int price_rounds)
{
    network_prices(n, price_rounds);
    double local = network_greedy(n, 0);
    if (n->s1->m->policy.local_share_min > 0 && local < 0) {
        /* the smallest λ (to a few digits) whose placement meets the local row: doubling,
         * then bisection */
        double lo = 0, hi = 1e-3;
        for (int k = 0; k < 40 && network_greedy(n, hi) < 0; k++)
            lo = hi, hi *= 2;
        if (network_greedy(n, hi) < 0)
            return -1; /* every local place taken and still short */
        for (int k = 0; k < 16; k++) {
            double mid = 0.5 * (lo + hi);
            if (network_greedy(n, mid) >= 0)
                hi = mid;
            else
                lo = mid;
        }
        network_greedy(n, hi);
    }
    return 0;
}

struct ls_network {
    network n;
    int short_of_target; /* no multiplier on the local row meets the target */
    char *marks;         /* per contract: left out of the sifted solve's start */
    int *col_stat;       /* the basis: per LP column (1-based, contracts then unmet) */
    char *cap_basic;     /* per provider: its capacity slack basic */
};

/* The marks for the sifted solve: all but each segment's per_segment cheapest contracts and
 * those the placement puts above their continuity bound. */
static int network_marks(network *n, int per_segment, char *out)
{
    ls_stage1 *s1 = n->s1;
    const ls_model *m = s1->m;
    size_t *rank = calloc(m->n_segments + 1, sizeof(size_t));
    if (!rank)
        return -1;
    /* n->order is sorted by cost: a contract is among its segment's cheapest `per_segment`
     * when fewer than that of its segment came before it */
    for (size_t k = 0; k < n->n_order; k++) {
        int j = n->order[k];
        const ls_contract *c = &m->contracts[j];
        int keep = rank[c->segment]++ < (size_t)per_segment || n->x[j] > s1->lower[j];
        if (!keep)
            out[j] = 1;
    }
    free(rank);
    return 0;
}

int ls_network_place(ls_stage1 *s1, int price_rounds, int per_segment, ls_network **out)
{
    const ls_model *m = s1->m;
    ls_network *net = *out = calloc(1, sizeof(*net));
    if (!net)
        return -1;
    net->marks = calloc(m->n_contracts + 1, 1);
    net->col_stat = malloc((m->n_contracts + m->n_segments + 1) * sizeof(int));
    net->cap_basic = malloc(m->n_providers + 1);
    int rc = !net->marks || !net->col_stat || !net->cap_basic ? -1 : network_init(&net->n, s1);
    if (rc == 0) {
        net->short_of_target = network_place(&net->n, price_rounds) != 0;
        rc = network_marks(&net->n, per_segment, net->marks);
    }
    if (rc == 0) {
        net->n.out = net->marks;
        rc = network_statuses(&net->n, net->col_stat, net->cap_basic);
        net->n.out = NULL;
    }
    if (rc != 0) {
        ls_network_free(net);
        *out = NULL;
    }
    return rc;
}

void ls_network_free(ls_network *net)
{
    if (!net)
        return;
    network_free(&net->n);
    free(net->marks);
    free(net->col_stat);
    free(net->cap_basic);
    free(net);
}

int ls_network_basis(ls_network *net, char **marks)
{
    *marks = NULL;
    network_to_basis(&net->n, net->col_stat, net->cap_basic);
    if (net->short_of_target)
        return LS_NETWORK_SHORT;
    *marks = net->marks;
    net->marks = NULL;
    return 0;
}
