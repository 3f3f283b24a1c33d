/*
 * price.h — the reduced costs of stage 1's columns at a basis's duals, and the optimal face
 * they make, for the tie-break (price.c; ties.c calls it; docs/method.md, "Pricing only what
 * the duals moved").
 */
#ifndef LS_PRICE_H
#define LS_PRICE_H

#include "stage1_lp.h"

/* The optimal face under the true objective and the checks on it, made variable by variable
 * in the pass that prices them: stat the basis (ties.c's get_stats layout); face[k] set
 * where k is held (a non-basic variable with a reduced cost beyond LS_FACE_TOL relative to
 * 1 + |its cost|, or fixed); optimal: no reduced cost of a sign its bound forbids beyond that
 * tolerance (the basis is optimal for the true objective); room: some non-basic variable is
 * free on the face (another optimum may exist); pref_optimal: no variable free on the face
 * has a preference's reduced cost of a forbidden sign beyond LS_PREF_TOL relative to 1 +
 * |its preference| (the basis is the tie-break's answer). Rows count with a scale of 0. */
typedef struct ls_face_pass {
    const int *stat;
    char *face;
    int optimal, room, pref_optimal;
    int *free_list; /* scratch: the columns free on the face */
} ls_face_pass;

/* A reduced cost (relative to 1 + |cost|) or a dual at most this is zero for the tie-break:
 * the optimal face it allows costs at most 1e-9 of the optimum more. A preference's reduced
 * cost is zero to LS_PREF_TOL, GLPK's default tolerance (preferences are of order 1). */
#define LS_FACE_TOL 1e-9
#define LS_PREF_TOL 1e-7

/* Variable k's part of the face and its checks, from its reduced costs under both
 * objectives (v, pv) and their scales. */
void ls_price_entry(ls_face_pass *fp, int k, double v, double scale, double pv, double pscale);

/* The rows' part, from both objectives' duals (GLPK's signs, 1..nr). */
void ls_price_rows(ls_face_pass *fp, int nc, int nr, const double *lambda, const double *pl);

/* Every column's reduced costs on a warm LP (the local entries cached) at the duals lambda
 * and pl: d = cost − Aᵀλ for every column, pd = pref − Aᵀpl for those free on the face (the
 * only ones the check reads), and their part of the face. Where s1 keeps the last call's
 * pricing (a warm LP, ls_price_arrays gave d and face) and nothing but the duals and the
 * basis moved since, only the contracts that a moved dual or status touches are priced
 * again: the same sums, to the bit, as a pass over all of them. */
void ls_price_columns(ls_stage1 *s1, const double *cost, const double *pref,
                      const double *lambda, double *d, const double *pl, double *pd,
                      ls_face_pass *fp);

/* The arrays a warm settle prices into, kept between its calls: d (2·(nc + 1), the
 * reduced costs then the preference's) and face (nc + nr + 1). NULL without memory. */
double *ls_price_arrays(ls_stage1 *s1, char **face);

/* For the tests: how many settles priced only the contracts that moved; and the kept
 * pricing against a pass over every contract at the same duals and statuses: 0 when the
 * same to the bit (or none kept), else the first contract (1-based) that differs, or −1
 * for the counts (or without memory). */
long ls_price_partial(const ls_stage1 *s1);
long ls_price_verify(ls_stage1 *s1);

/* Frees what s1 keeps of the pricing. */
void ls_price_free(ls_stage1 *s1);

#endif
