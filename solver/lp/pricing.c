/*
 * pricing.c — the reduced costs of stage 1's LP at a basis and the optimal face's checks, for
 * the tie-break (ties.c; docs/method.md, "Reduced costs where the duals moved").
 *
 * A contract's reduced cost is its true cost less its column times the row duals; its part of
 * the face follows from that, its cost and its status. Between two warm solves at the same
 * costs (risk draws, demand steps) the duals of most rows come out of the fresh BTRAN with
 * the same bits as before (on the Amsterdam preset some nine in ten), and a contract whose
 * rows all have is priced from the same numbers in the same order: the same figures. So a
 * pass keeps each contract's figures and, the next time, prices again only the contracts of
 * a segment or provider whose row's dual moved and those whose status did.
 */
#include "pricing.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* a contract's bits: free on the face, a reduced cost of a sign its bound forbids, and (free
 * on the face) a preference's reduced cost of such a sign */
enum { FACE_ON = 1, FACE_WRONG = 2, FACE_PREF = 4 };

struct ls_pricing {
    int nc, nr, ns; /* the LP's contracts, rows and segments */
    double *d, *pd; /* 1 .. nc + ns: the reduced costs of the true objective and preference */
    char *face;     /* 1 .. nc + ns + nr */
    /* the epochs (of the costs and of the local entries) of the last pass; a pass records
     * only at the epochs of the one before (every step of a wage sweep moves the costs, and
     * its record would go unread) */
    int seen;
    unsigned seen_costs, seen_local;
    /* the record of the last pass (valid: made at the epochs seen): its duals of either
     * objective (1..nr), each contract's status and bits, and how many contracts have each
     * bit */
    int valid;
    double *lambda, *pl;
    int *stat;
    unsigned char *bits;
    long count[3];
    long passes, kept; /* passes that kept a record, of which priced only what moved */
    /* the contracts (1-based) by segment and by provider, each side row's provider (−1: a
     * local row); the contracts to price again (mark[j] set), listed in their order */
    int *seg_start, *seg_cols, *prov_start, *prov_cols, *row_prov;
    int *dirty;
    unsigned char *mark;
};

/* Has a non-basic variable of status st the reduced cost v of a sign its bound forbids,
 * beyond t? */
static inline int wrong_sign(int st, double v, double t)
{
    return ((st == GLP_NL) & (v < -t)) | ((st == GLP_NU) & (v > t)) |
           ((st == GLP_NF) & (fabs(v) > t));
}

/* Variable k's part of the face for the reduced cost v: face[k] written, its bits returned.
 * Without a branch on the variable: whether its reduced cost holds it goes either way in no
 * order, and mispredicted it cost more than the rest of the pass. */
static inline int face_bits(ls_face_pass *fp, int k, double v, double scale)
{
    int st = fp->stat[k];
    int nonbasic = (st != GLP_BS) & (st != GLP_NS); /* a fixed one is held, a basic one not */
    double t = LS_FACE_TOL * (1 + fabs(scale));
    int is_held = fabs(v) > t;
    fp->face[k] = (char)(nonbasic ? is_held : st == GLP_NS);
    /* free on the face: another optimum may exist */
    return (nonbasic & !is_held) * FACE_ON + (nonbasic & wrong_sign(st, v, t)) * FACE_WRONG;
}

/* face_bits, with fp's checks updated; whether k is free on the face. */
static inline int face_held(ls_face_pass *fp, int k, double v, double scale)
{
    int b = face_bits(fp, k, v, scale);
    fp->optimal &= !(b & FACE_WRONG);
    fp->room |= b & FACE_ON;
    return b & FACE_ON;
}

/* The preference's check of a variable free on the face. */
static inline void face_pref(ls_face_pass *fp, int k, double pv, double pscale)
{
    fp->pref_optimal &= !wrong_sign(fp->stat[k], pv, LS_PREF_TOL * (1 + fabs(pscale)));
}

void ls_face_entry(ls_face_pass *fp, int k, double v, double scale, double pv, double pscale)
{
    int on_face = face_held(fp, k, v, scale);
    fp->pref_optimal &= !(on_face & wrong_sign(fp->stat[k], pv, LS_PREF_TOL * (1 + fabs(pscale))));
}

void ls_face_rows(ls_face_pass *fp, int nc, int nr, const double *lambda, const double *pl)
{
    for (int i = 1; i <= nr; i++)
        ls_face_entry(fp, nc + i, lambda[i], 0, pl[i], 0);
}

/* Σ_i a_ij·y_i over contract column j's entries as ls_stage1_lp_column gives them, in its
 * order, on a warm LP (the local entries cached), without making the list: the same sum,
 * term by term, to the bit. */
static inline double column_dot(const ls_stage1 *s1, int j, const double *y)
{
    int sg = s1->col_seg[j - 1], p = s1->col_prov[j - 1];
    double a = 0, v;
    int i = sg + 1;
    a += 1.0 * y[i];
    if ((i = s1->capacity_row[p]) != 0)
        v = 12 * s1->seg_hours[sg], a += v * y[i];
    if ((i = s1->budget_row[p]) != 0)
        v = 12 * s1->m->contracts[j - 1].floor_tariff, a += v * y[i];
    if ((v = ls_stage1_local_all(s1->local_seg, s1->local_kind, s1->col_seg, j - 1)) != 0)
        a += v * y[s1->local_row[LS_LOCAL_ALL]];
    if ((v = ls_stage1_local_own(s1->local_seg, s1->local_kind, s1->col_seg, j - 1)) != 0)
        a += v * y[s1->local_row[1 + s1->seg_domain[sg]]];
    return a;
}

void ls_pricing_counts(const ls_stage1 *s1, long *passes, long *kept)
{
    *passes = s1->pricing ? s1->pricing->passes : 0;
    *kept = s1->pricing ? s1->pricing->kept : 0;
}

void ls_pricing_forget(ls_pricing *pc)
{
    if (pc)
        pc->valid = 0;
}

void ls_pricing_free(ls_stage1 *s1)
{
    ls_pricing *pc = s1->pricing;
    if (!pc)
        return;
    ls_stage1_rc_take(s1); /* the reduced costs it holds for stage 1 go there first */
    free(pc->d);
    free(pc->face);
    free(pc->lambda);
    free(pc->stat);
    free(pc->bits);
    free(pc->seg_start);
    free(pc->dirty);
    free(pc->mark);
    free(pc);
    s1->pricing = NULL;
}

/* The contracts 1..nc grouped by key[j − 1] (0 .. nk − 1), in their order within a group:
 * group g is cols[start[g] .. start[g + 1] − 1]. */
static void group(const int *key, int nc, int nk, int *start, int *cols)
{
    memset(start, 0, (size_t)(nk + 1) * sizeof(int));
    for (int j = 0; j < nc; j++)
        start[key[j] + 1]++;
    for (int g = 0; g < nk; g++)
        start[g + 1] += start[g];
    for (int j = 0; j < nc; j++)
        cols[start[key[j]]++] = j + 1;
    for (int g = nk; g > 0; g--)
        start[g] = start[g - 1];
    start[0] = 0;
}

ls_pricing *ls_pricing_get(ls_stage1 *s1, double **d, double **pd, char **face)
{
    const ls_model *m = s1->m;
    int nc = (int)m->n_contracts, ns = (int)m->n_segments, np = (int)m->n_providers;
    int nr = glp_get_num_rows(s1->lp), nu = nc + ns;
    ls_pricing *pc = s1->pricing;
    if (pc && (pc->nc != nc || pc->nr != nr || pc->ns != ns))
        ls_pricing_free(s1), pc = NULL;
    if (!pc) {
        if (!s1->col_seg || !s1->col_prov || !(pc = calloc(1, sizeof(*pc))))
            return NULL;
        pc->nc = nc, pc->nr = nr, pc->ns = ns;
        pc->d = malloc(2 * (size_t)(nu + 1) * sizeof(double));
        pc->face = malloc((size_t)(nu + nr + 1));
        pc->lambda = malloc(2 * (size_t)(nr + 1) * sizeof(double));
        pc->stat = malloc((size_t)(nc + 1) * sizeof(int));
        pc->bits = malloc((size_t)(nc + 1));
        /* seg_start, prov_start, row_prov, seg_cols, prov_cols in one block */
        pc->seg_start = malloc(((size_t)ns + np + nr + 2 + 2 * (size_t)nc) * sizeof(int));
        pc->dirty = malloc((size_t)(nc + 1) * sizeof(int));
        pc->mark = malloc((size_t)nc + 1);
        if (!pc->d || !pc->face || !pc->lambda || !pc->stat || !pc->bits || !pc->seg_start ||
            !pc->dirty || !pc->mark) {
            s1->pricing = pc;
            ls_pricing_free(s1);
            return NULL;
        }
        pc->pd = pc->d + nu + 1;
        pc->pl = pc->lambda + nr + 1;
        pc->prov_start = pc->seg_start + ns + 1;
        pc->row_prov = pc->prov_start + np + 1;
        pc->seg_cols = pc->row_prov + nr;
        pc->prov_cols = pc->seg_cols + nc;
        group(s1->col_seg, nc, ns, pc->seg_start, pc->seg_cols);
        group(s1->col_prov, nc, np, pc->prov_start, pc->prov_cols);
        for (int i = 0; i < nr; i++)
            pc->row_prov[i] = -1;
        for (int p = 0; p < np; p++) {
            if (s1->capacity_row[p])
                pc->row_prov[s1->capacity_row[p] - 1] = p;
            if (s1->budget_row[p])
                pc->row_prov[s1->budget_row[p] - 1] = p;
        }
        s1->pricing = pc;
    }
    *d = pc->d, *pd = pc->pd, *face = pc->face;
    return pc;
}

/* Marks the contracts of every row whose dual in y moved from was (its bits); with only, the
 * ones with those bits alone. 0 where a local row's did (nearly every contract is in it). */
static int rows_moved(ls_pricing *pc, const double *y, const double *was, int only)
{
    for (int i = 1; i <= pc->nr; i++) {
        if (memcmp(&y[i], &was[i], sizeof(double)) == 0)
            continue;
        const int *cols = pc->seg_cols, *start = pc->seg_start;
        int g = i - 1;
        if (i > pc->ns && (g = pc->row_prov[i - 1]) < 0)
            return 0;
        if (i > pc->ns)
            cols = pc->prov_cols, start = pc->prov_start;
        for (int k = start[g]; k < start[g + 1]; k++)
            pc->mark[cols[k]] |= !only || (pc->bits[cols[k]] & only);
    }
    return 1;
}

/* Contract j priced: d, its face and, free on the face, pd and the preference's check, into
 * its bits. */
static inline int price(const ls_stage1 *s1, int j, const double *cost, const double *pref,
                        const double *lambda, double *d, const double *pl, double *pd,
                        ls_face_pass *fp)
{
    d[j] = cost[j] - column_dot(s1, j, lambda);
    int b = face_bits(fp, j, d[j], cost[j]);
    if (b & FACE_ON) { /* one in six or so */
        pd[j] = pref[j] - column_dot(s1, j, pl);
        b |= wrong_sign(fp->stat[j], pd[j], LS_PREF_TOL * (1 + fabs(pref[j]))) * FACE_PREF;
    }
    return b;
}

/* Prices again the contracts whose row duals (of either objective) or status moved since pc's
 * last pass, the others keeping theirs. 0 where a local row's dual moved: the caller prices
 * them all. */
static int price_moved(const ls_stage1 *s1, ls_pricing *pc, const double *cost, const double *pref,
                       const double *lambda, double *d, const double *pl, double *pd,
                       ls_face_pass *fp)
{
    int n = 0, nc = pc->nc;
    memset(pc->mark, 0, (size_t)nc + 1);
    /* a contract whose preference's duals moved matters only free on the face, which it was
     * the last time unless its true duals or status moved too (then it is priced anyway) */
    if (!rows_moved(pc, lambda, pc->lambda, 0) || !rows_moved(pc, pl, pc->pl, FACE_ON))
        return 0;
    /* the statuses that moved, 64 at a time (nearly none has) */
    const int *stat = fp->stat, *was = pc->stat;
    for (int j0 = 1; j0 <= nc; j0 += 64) {
        int to = j0 + 64 <= nc + 1 ? j0 + 64 : nc + 1;
        if (memcmp(&stat[j0], &was[j0], (size_t)(to - j0) * sizeof(int)) != 0)
            for (int j = j0; j < to; j++)
                pc->mark[j] |= stat[j] != was[j];
    }
    /* listed in their order: the passes below then read each array forward (in the order the
     * rows listed them, nearly every contract was a miss in the cache); eight marks at a
     * time where none is set (a provider's contracts lie together, and most keep theirs) */
    for (int j = 1; j <= nc;) {
        uint64_t eight;
        if (j + 8 <= nc + 1 && (memcpy(&eight, &pc->mark[j], 8), eight == 0)) {
            j += 8;
            continue;
        }
        pc->dirty[n] = j, n += pc->mark[j], j++;
    }
    long on = pc->count[0], wrong = pc->count[1], pref_wrong = pc->count[2];
    for (int t = 0; t < n; t++) {
        int j = pc->dirty[t], old = pc->bits[j];
        int b = price(s1, j, cost, pref, lambda, d, pl, pd, fp);
        pc->bits[j] = (unsigned char)b, pc->stat[j] = stat[j];
        on += (b & FACE_ON) - (old & FACE_ON);
        wrong += (b & FACE_WRONG) / FACE_WRONG - (old & FACE_WRONG) / FACE_WRONG;
        pref_wrong += (b & FACE_PREF) / FACE_PREF - (old & FACE_PREF) / FACE_PREF;
    }
    pc->count[0] = on, pc->count[1] = wrong, pc->count[2] = pref_wrong;
    return 1;
}

/* Prices every contract, into pc's record. */
static void price_all(const ls_stage1 *s1, ls_pricing *pc, const double *cost, const double *pref,
                      const double *lambda, double *d, const double *pl, double *pd,
                      ls_face_pass *fp)
{
    int nc = pc->nc, *list = fp->free_list, n = 0;
    long count[3] = {0, 0, 0};
    for (int j = 1; j <= nc; j++) {
        d[j] = cost[j] - column_dot(s1, j, lambda);
        int b = face_bits(fp, j, d[j], cost[j]);
        pc->bits[j] = (unsigned char)b;
        list[n] = j, n += b & FACE_ON;
        count[1] += (b & FACE_WRONG) / FACE_WRONG;
    }
    count[0] = n;
    for (int t = 0; t < n; t++) {
        int j = list[t];
        pd[j] = pref[j] - column_dot(s1, j, pl);
        int w = wrong_sign(fp->stat[j], pd[j], LS_PREF_TOL * (1 + fabs(pref[j])));
        pc->bits[j] |= (unsigned char)(w * FACE_PREF);
        count[2] += w;
    }
    memcpy(pc->count, count, sizeof(count));
    memcpy(pc->stat + 1, fp->stat + 1, (size_t)nc * sizeof(int));
}

/* Every contract priced where no record is kept (a solve at new costs: a wage step's), d and
 * its face, and those free on it listed: column_dot and face_held with what they read of s1
 * and fp in locals. The face is of chars, and a char's store may change, for all the compiler
 * knows, any number or pointer: it read each of them again through s1 and fp for every
 * contract. The same sums in the same order and the same checks, so the same bits. Returns
 * how many it listed. */
static int price_fresh(const ls_stage1 *s1, int nc, const double *cost, const double *lambda,
                       double *d, ls_face_pass *fp, int *list)
{
    const int *col_seg = s1->col_seg, *col_prov = s1->col_prov;
    const int *cap_row = s1->capacity_row, *bud_row = s1->budget_row;
    const double *seg_hours = s1->seg_hours, *lseg = s1->local_seg;
    const unsigned char *kind = s1->local_kind;
    const unsigned char *seg_domain = s1->seg_domain;
    const ls_contract *con = s1->m->contracts;
    const int *stat = fp->stat;
    char *face = fp->face;
    /* the local rows' duals (lambda is not written in the pass) */
    double y_all = lambda[s1->local_row[LS_LOCAL_ALL]], y_dom[LS_N_DOMAINS];
    for (int k = 0; k < LS_N_DOMAINS; k++)
        y_dom[k] = lambda[s1->local_row[1 + k]];
    int optimal = fp->optimal, room = fp->room, n = 0;
    for (int j = 1; j <= nc; j++) {
        /* column_dot */
        int sg = col_seg[j - 1], p = col_prov[j - 1], i;
        double a = 0, v;
        a += 1.0 * lambda[sg + 1];
        if ((i = cap_row[p]) != 0)
            v = 12 * seg_hours[sg], a += v * lambda[i];
        if ((i = bud_row[p]) != 0)
            v = 12 * con[j - 1].floor_tariff, a += v * lambda[i];
        if ((v = ls_stage1_local_all(lseg, kind, col_seg, j - 1)) != 0)
            a += v * y_all;
        if ((v = ls_stage1_local_own(lseg, kind, col_seg, j - 1)) != 0)
            a += v * y_dom[seg_domain[sg]];
        double dj = d[j] = cost[j] - a;
        /* face_bits and face_held */
        int st = stat[j];
        int nonbasic = (st != GLP_BS) & (st != GLP_NS);
        double t = LS_FACE_TOL * (1 + fabs(cost[j]));
        int is_held = fabs(dj) > t, on = nonbasic & !is_held;
        face[j] = (char)(nonbasic ? is_held : st == GLP_NS);
        /* wrong_sign for a non-basic one, as one comparison: below −t at a lower bound is
         * −dj above t (a negation is exact), above t at an upper one, |dj| above t free */
        double toward = st == GLP_NU ? dj : st == GLP_NF ? fabs(dj) : -dj;
        optimal &= !(nonbasic & (toward > t));
        room |= on;
        list[n] = j, n += on;
    }
    fp->optimal = optimal, fp->room = room;
    return n;
}

void ls_pricing_columns(ls_stage1 *s1, ls_pricing *pc, const double *cost, const double *pref,
                        const double *lambda, double *d, const double *pl, double *pd,
                        ls_face_pass *fp)
{
    const ls_model *m = s1->m;
    int nc = (int)m->n_contracts, nu = nc + (int)m->n_segments, *list = fp->free_list, n = 0;
    if (pc && (d != pc->d || pd != pc->pd || fp->face != pc->face))
        pc = NULL; /* not its arrays: nothing kept */
    if (pc) {
        int again =
            pc->seen && pc->seen_costs == s1->costs_epoch && pc->seen_local == s1->local_epoch;
        pc->seen = 1, pc->seen_costs = s1->costs_epoch, pc->seen_local = s1->local_epoch;
        if (!again)
            pc->valid = 0, pc = NULL; /* the first pass at these costs: no record */
    }
    if (pc) {
        if (!pc->valid || !price_moved(s1, pc, cost, pref, lambda, d, pl, pd, fp))
            price_all(s1, pc, cost, pref, lambda, d, pl, pd, fp);
        else
            pc->kept++;
        pc->passes++;
        fp->room |= pc->count[0] > 0;
        fp->optimal &= pc->count[1] == 0;
        fp->pref_optimal &= pc->count[2] == 0;
        memcpy(pc->lambda, lambda, (size_t)(pc->nr + 1) * sizeof(double));
        memcpy(pc->pl, pl, (size_t)(pc->nr + 1) * sizeof(double));
        pc->valid = 1;
    } else
        n = price_fresh(s1, nc, cost, lambda, d, fp, list);
    /* the unplaced clients' columns, each in its segment's demand row alone: every time (its
     * cost is taken every time too) */
    int from = n;
    for (int j = nc + 1; j <= nu; j++) {
        double a = 0;
        a += 1.0 * lambda[j - s1->u_col0 + 1];
        d[j] = cost[j] - a;
        list[n] = j, n += face_held(fp, j, d[j], cost[j]);
    }
    /* the preference's reduced costs of the columns free on the face (a kept pass has
     * checked its contracts) */
    for (int t = pc ? from : 0; t < n; t++) {
        int j = list[t];
        double b = 0;
        if (j <= nc)
            b = column_dot(s1, j, pl);
        else
            b += 1.0 * pl[j - s1->u_col0 + 1];
        pd[j] = pref[j] - b;
        face_pref(fp, j, pd[j], pref[j]);
    }
}
