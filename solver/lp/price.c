/*
 * price.c — the reduced costs of stage 1's columns at a basis's duals and the optimal face
 * they make (price.h; docs/method.md, "Pricing only what the duals moved").
 *
 * A contract's reduced cost d_j = cost_j − Σ_i a_ij·λ_i reads the duals of its rows alone:
 * its segment's demand row, its provider's capacity and max_budget rows and the local rows.
 * Between two re-solves of a risk run (the same costs and matrix, other demand) the basis
 * moves by a few hundred pivots and the duals of a few hundred of the 5,600 rows move; a
 * contract none of whose rows' duals moved, and whose status stayed, has the reduced costs
 * and the part of the face it had: the same sum of the same numbers. So a warm settle keeps
 * the last pricing and prices again the contracts that a moved dual or status touches, by
 * the same expressions; the checks over all of them are kept as counts.
 */
#include "price.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What a warm settle keeps of its last pricing: the arrays it prices into (d, face), the
 * statuses and duals it priced at, per contract the checks' bits (WRONG: a reduced cost of
 * a sign its bound forbids; FREE: free on the face; PREF_WRONG: free on the face with a
 * preference's reduced cost of a forbidden sign) and their counts; the costs' and the
 * matrix's epochs it priced at (valid: it did). The contracts by segment, and scratch. */
struct ls_price {
    double *d, *lambda, *pl;
    char *face, *moved;
    int *stat, *seg_start, *seg_col, *row_provider, *touch;
    unsigned char *bits;
    unsigned *seen, stamp;
    long n_wrong, n_free, n_pref_wrong, partial;
    unsigned costs_epoch, columns_epoch;
    int valid;
};
enum { WRONG = 1, FREE = 2, PREF_WRONG = 4 };

/* Has a non-basic variable of status st the reduced cost v of a sign its bound forbids,
 * beyond t? */
static inline int wrong_sign(int st, double v, double t)
{
    return ((st == GLP_NL) & (v < -t)) | ((st == GLP_NU) & (v > t)) |
           ((st == GLP_NF) & (fabs(v) > t));
}

/* Variable k's part of the face from its reduced cost v: face[k], and its WRONG and FREE
 * bits. Without a branch on the variable: whether its reduced cost holds it goes either way
 * in no order, and mispredicted it cost more than the rest of the pass. */
static inline int face_bits(ls_face_pass *fp, int k, double v, double scale)
{
    int st = fp->stat[k];
    int nonbasic = (st != GLP_BS) & (st != GLP_NS); /* a fixed one is held, a basic one not */
    double t = LS_FACE_TOL * (1 + fabs(scale));
    int is_held = fabs(v) > t;
    fp->face[k] = (char)(nonbasic ? is_held : st == GLP_NS);
    return (nonbasic & wrong_sign(st, v, t)) | (nonbasic & !is_held) << 1;
}

static inline int face_held(ls_face_pass *fp, int k, double v, double scale)
{
    int b = face_bits(fp, k, v, scale);
    fp->optimal &= !(b & WRONG);
    fp->room |= b >> 1;
    return b >> 1; /* free on the face: another optimum may exist */
}

/* The preference's check of a variable free on the face: 1 when it fails. */
static inline int pref_wrong(const ls_face_pass *fp, int k, double pv, double pscale)
{
    return wrong_sign(fp->stat[k], pv, LS_PREF_TOL * (1 + fabs(pscale)));
}

void ls_price_entry(ls_face_pass *fp, int k, double v, double scale, double pv, double pscale)
{
    int on_face = face_held(fp, k, v, scale);
    fp->pref_optimal &= !(on_face & pref_wrong(fp, k, pv, pscale));
}

void ls_price_rows(ls_face_pass *fp, int nc, int nr, const double *lambda, const double *pl)
{
    for (int i = 1; i <= nr; i++)
        ls_price_entry(fp, nc + i, lambda[i], 0, pl[i], 0);
}

/* Σ_i a_ij·y_i over contract column j's entries as ls_stage1_lp_column gives them, in its
 * order, on a warm LP (the local entries cached), without making the list: the same sum,
 * term by term, to the bit. */
static inline double column_dot(const ls_stage1 *s1, int j, const double *y)
{
    const ls_model *m = s1->m;
    const ls_contract *c = &m->contracts[j - 1];
    const ls_segment *sg = &m->segments[c->segment];
    double a = 0, v;
    int i = c->segment + 1;
    a += 1.0 * y[i];
    if ((i = s1->capacity_row[c->provider]) != 0)
        v = 12 * sg->hours_per_month, a += v * y[i];
    if ((i = s1->budget_row[c->provider]) != 0)
        v = 12 * c->floor_tariff, a += v * y[i];
    if ((v = s1->local_cache[2 * (j - 1)]) != 0)
        a += v * y[s1->local_row[LS_LOCAL_ALL]];
    if ((v = s1->local_cache[2 * (j - 1) + 1]) != 0)
        a += v * y[s1->local_row[1 + sg->domain]];
    return a;
}

/* The unmet columns' reduced costs and their part of the face, in full (one a segment). */
static void price_unmet(const ls_stage1 *s1, const double *cost, const double *pref,
                        const double *lambda, double *d, const double *pl, double *pd,
                        ls_face_pass *fp)
{
    int nc = (int)s1->m->n_contracts, nu = nc + (int)s1->m->n_segments;
    for (int j = nc + 1; j <= nu; j++) {
        double a = 0, b = 0;
        a += 1.0 * lambda[j - s1->u_col0 + 1];
        d[j] = cost[j] - a;
        if (!face_held(fp, j, d[j], cost[j]))
            continue;
        b += 1.0 * pl[j - s1->u_col0 + 1];
        pd[j] = pref[j] - b;
        fp->pref_optimal &= !pref_wrong(fp, j, pd[j], pref[j]);
    }
}

/* Every contract priced: the true objective's reduced costs d and each one's part of the
 * face as it is priced; then the preference's reduced costs pd of those free on the face
 * alone, which are all its check reads. With bits (a kept pricing), each contract's bits
 * and their counts, rather than fp's flags. */
static void price_all(const ls_stage1 *s1, const double *cost, const double *pref,
                      const double *lambda, double *d, const double *pl, double *pd,
                      ls_face_pass *fp, struct ls_price *P)
{
    int nc = (int)s1->m->n_contracts, *list = fp->free_list, n = 0;
    long wrong = 0;
    for (int j = 1; j <= nc; j++) {
        d[j] = cost[j] - column_dot(s1, j, lambda);
        int b = face_bits(fp, j, d[j], cost[j]);
        wrong += b & WRONG;
        if (P)
            P->bits[j - 1] = (unsigned char)b;
        list[n] = j, n += b >> 1;
    }
    long pwrong = 0;
    for (int t = 0; t < n; t++) {
        int j = list[t];
        pd[j] = pref[j] - column_dot(s1, j, pl);
        int w = pref_wrong(fp, j, pd[j], pref[j]);
        pwrong += w;
        if (P)
            P->bits[j - 1] |= (unsigned char)(w * PREF_WRONG);
    }
    if (P) {
        P->n_wrong = wrong, P->n_free = n, P->n_pref_wrong = pwrong;
        return;
    }
    fp->optimal &= wrong == 0;
    fp->room |= n > 0;
    fp->pref_optimal &= pwrong == 0;
}

/* Contract j priced again, its bits and the counts with it. */
static void price_one(const ls_stage1 *s1, const double *cost, const double *pref,
                      const double *lambda, double *d, const double *pl, double *pd,
                      ls_face_pass *fp, struct ls_price *P, int j)
{
    int old = P->bits[j - 1];
    d[j] = cost[j] - column_dot(s1, j, lambda);
    int b = face_bits(fp, j, d[j], cost[j]);
    if (b & FREE) {
        pd[j] = pref[j] - column_dot(s1, j, pl);
        b |= pref_wrong(fp, j, pd[j], pref[j]) * PREF_WRONG;
    }
    P->bits[j - 1] = (unsigned char)b;
    P->n_wrong += (b & WRONG) - (old & WRONG);
    P->n_free += (b >> 1 & 1) - (old >> 1 & 1);
    P->n_pref_wrong += (b >> 2) - (old >> 2);
}

/* Do two doubles differ to the bit (a −0 from a +0 too)? */
static inline int differ(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x), memcpy(&y, &b, sizeof y);
    return x != y;
}

/* Contract j (1-based) into the list of those to price again, once. */
static inline void touch(struct ls_price *P, int j, int *n)
{
    if (P->seen[j] == P->stamp)
        return;
    P->seen[j] = P->stamp;
    P->touch[(*n)++] = j;
}

/* The contracts a moved dual or status touches, priced again; 0, or −1 when a local row's
 * dual moved (every contract with an entry there: priced in full instead). */
static int price_moved(ls_stage1 *s1, const double *cost, const double *pref,
                       const double *lambda, double *d, const double *pl, double *pd,
                       ls_face_pass *fp, struct ls_price *P)
{
    const ls_model *m = s1->m;
    int nc = (int)m->n_contracts, nr = glp_get_num_rows(s1->lp), ns = (int)m->n_segments;
    for (int i = 1; i <= nr; i++)
        P->moved[i] = (char)(differ(lambda[i], P->lambda[i]) | differ(pl[i], P->pl[i]));
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (P->moved[s1->local_row[k]])
            return -1;
    if (++P->stamp == 0) /* every mark to be made again */
        memset(P->seen, 0, ((size_t)nc + 1) * sizeof(unsigned)), P->stamp = 1;
    int n = 0;
    for (int i = 1; i <= ns; i++)
        if (P->moved[i])
            for (int t = P->seg_start[i - 1]; t < P->seg_start[i]; t++)
                touch(P, P->seg_col[t], &n);
    for (int i = ns + 1; i <= nr; i++) {
        int p = P->row_provider[i];
        if (!P->moved[i] || p < 0)
            continue;
        for (int t = s1->by_provider[p]; t < s1->by_provider[p + 1]; t++)
            touch(P, s1->provider_contracts[t] + 1, &n);
    }
    /* the statuses that moved (a few hundred): blocks that did not, skipped whole */
    enum { BLOCK = 32 };
    for (int j0 = 1; j0 <= nc; j0 += BLOCK) {
        int j1 = j0 + BLOCK <= nc + 1 ? j0 + BLOCK : nc + 1;
        if (memcmp(fp->stat + j0, P->stat + j0, (size_t)(j1 - j0) * sizeof(int)) == 0)
            continue;
        for (int j = j0; j < j1; j++)
            if (fp->stat[j] != P->stat[j])
                touch(P, j, &n);
    }
    for (int t = 0; t < n; t++)
        price_one(s1, cost, pref, lambda, d, pl, pd, fp, P, P->touch[t]);
    P->partial++;
    return 0;
}

/* The kept pricing's memory beyond the arrays, made once: the contracts by segment, the
 * rows' providers, the statuses, duals, bits and scratch. 0, or −1 without memory. */
static int price_make(ls_stage1 *s1, struct ls_price *P)
{
    const ls_model *m = s1->m;
    size_t nc = m->n_contracts, ns = m->n_segments;
    int nr = glp_get_num_rows(s1->lp), nv = glp_get_num_cols(s1->lp) + nr;
    P->stat = malloc(((size_t)nv + 1) * sizeof(int));
    P->lambda = malloc(2 * ((size_t)nr + 1) * sizeof(double));
    P->moved = malloc((size_t)nr + 1);
    P->row_provider = malloc(((size_t)nr + 1) * sizeof(int));
    P->seg_start = calloc(ns + 1, sizeof(int));
    P->seg_col = malloc((nc + 1) * sizeof(int));
    P->touch = malloc((nc + 1) * sizeof(int));
    P->seen = calloc(nc + 1, sizeof(unsigned));
    P->bits = malloc(nc + 1);
    if (!P->stat || !P->lambda || !P->moved || !P->row_provider || !P->seg_start ||
        !P->seg_col || !P->touch || !P->seen || !P->bits || !s1->by_provider) {
        void *p[] = {P->stat, P->lambda, P->moved, P->row_provider, P->seg_start,
                     P->seg_col, P->touch, P->seen, P->bits};
        for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
            free(p[i]);
        P->stat = NULL, P->lambda = NULL, P->moved = NULL, P->row_provider = NULL;
        P->seg_start = P->seg_col = P->touch = NULL, P->seen = NULL, P->bits = NULL;
        return -1;
    }
    P->pl = P->lambda + nr + 1;
    for (int i = 0; i <= nr; i++)
        P->row_provider[i] = -1;
    for (size_t p = 0; p < m->n_providers; p++) {
        if (s1->capacity_row[p])
            P->row_provider[s1->capacity_row[p]] = (int)p;
        if (s1->budget_row[p])
            P->row_provider[s1->budget_row[p]] = (int)p;
    }
    for (size_t j = 0; j < nc; j++)
        P->seg_start[m->contracts[j].segment + 1]++;
    for (size_t s = 0; s < ns; s++)
        P->seg_start[s + 1] += P->seg_start[s];
    int *fill = P->touch; /* scratch here */
    memcpy(fill, P->seg_start, ns * sizeof(int));
    for (size_t j = 0; j < nc; j++)
        P->seg_col[fill[m->contracts[j].segment]++] = (int)j + 1;
    return 0;
}

void ls_price_columns(ls_stage1 *s1, const double *cost, const double *pref,
                      const double *lambda, double *d, const double *pl, double *pd,
                      ls_face_pass *fp)
{
    struct ls_price *P = s1->price;
    int nr = glp_get_num_rows(s1->lp), nv = glp_get_num_cols(s1->lp) + nr;
    /* a pass of its own: not into the kept arrays, or without memory to keep more */
    if (!P || P->d != d || (!P->stat && price_make(s1, P) != 0)) {
        price_all(s1, cost, pref, lambda, d, pl, pd, fp, NULL);
        price_unmet(s1, cost, pref, lambda, d, pl, pd, fp);
        return;
    }
    int kept = P->valid && P->costs_epoch == s1->costs_epoch &&
               P->columns_epoch == s1->columns_epoch;
    if (!kept || price_moved(s1, cost, pref, lambda, d, pl, pd, fp, P) != 0)
        price_all(s1, cost, pref, lambda, d, pl, pd, fp, P);
    fp->optimal &= P->n_wrong == 0;
    fp->room |= P->n_free > 0;
    fp->pref_optimal &= P->n_pref_wrong == 0;
    price_unmet(s1, cost, pref, lambda, d, pl, pd, fp);
    memcpy(P->stat, fp->stat, ((size_t)nv + 1) * sizeof(int));
    memcpy(P->lambda, lambda, ((size_t)nr + 1) * sizeof(double));
    memcpy(P->pl, pl, ((size_t)nr + 1) * sizeof(double));
    P->costs_epoch = s1->costs_epoch, P->columns_epoch = s1->columns_epoch, P->valid = 1;
}

double *ls_price_arrays(ls_stage1 *s1, char **face)
{
    int nc = glp_get_num_cols(s1->lp), nr = glp_get_num_rows(s1->lp);
    struct ls_price *P = s1->price;
    if (!P) {
        if (!(P = s1->price = calloc(1, sizeof(*P))))
            return NULL;
        P->d = malloc((2 * (size_t)nc + 2) * sizeof(double));
        P->face = malloc((size_t)nc + (size_t)nr + 1);
        if (!P->d || !P->face) {
            ls_price_free(s1);
            return NULL;
        }
    }
    *face = P->face;
    return P->d;
}

long ls_price_verify(ls_stage1 *s1)
{
    struct ls_price *P = s1->price, T = {0};
    if (!P || !P->valid || !s1->settle_cost)
        return 0;
    int nc = (int)s1->m->n_contracts, nr = glp_get_num_rows(s1->lp);
    int nv = glp_get_num_cols(s1->lp) + nr;
    const double *cost = s1->settle_cost, *pref = cost + glp_get_num_cols(s1->lp) + 1;
    double *d = malloc(2 * ((size_t)nv + 1) * sizeof(double)), *pd = d ? d + nv + 1 : NULL;
    char *face = malloc((size_t)nv + 1);
    int *list = malloc(((size_t)nv + 1) * sizeof(int));
    T.bits = malloc((size_t)nc + 1);
    long bad = -1;
    if (!d || !face || !list || !T.bits)
        goto out;
    ls_face_pass fp = {P->stat, face, 1, 0, 1, list};
    price_all(s1, cost, pref, P->lambda, d, P->pl, pd, &fp, &T);
    bad = 0;
    for (int j = 1; j <= nc && !bad; j++) {
        int b = T.bits[j - 1];
        if (differ(d[j], P->d[j]) || face[j] != P->face[j] || b != P->bits[j - 1] ||
            ((b & FREE) && differ(pd[j], P->d[glp_get_num_cols(s1->lp) + 1 + j])))
            bad = j;
    }
    if (!bad && (T.n_wrong != P->n_wrong || T.n_free != P->n_free ||
                 T.n_pref_wrong != P->n_pref_wrong))
        bad = -1;
out:
    free(d), free(face), free(list), free(T.bits);
    return bad;
}

long ls_price_partial(const ls_stage1 *s1)
{
    return s1->price ? s1->price->partial : 0;
}

void ls_price_free(ls_stage1 *s1)
{
    struct ls_price *P = s1->price;
    if (!P)
        return;
    void *p[] = {P->d,         P->face,    P->stat,  P->lambda, P->moved, P->row_provider,
                 P->seg_start, P->seg_col, P->touch, P->seen,   P->bits};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
    free(P);
    s1->price = NULL;
}
