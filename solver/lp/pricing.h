/*
 * pricing.h — the reduced costs of stage 1's LP at a basis and the optimal face's checks
 * (pricing.c), made column by column for the tie-break (ties.c): on a warm LP only for the
 * columns whose duals or status moved since the last pass; every other column keeps its
 * figures, which the same inputs would give again to the bit (docs/method.md, "Reduced costs
 * where the duals moved").
 */
#ifndef LS_PRICING_H
#define LS_PRICING_H

#include "stage1_lp.h"

typedef struct ls_pricing ls_pricing;

/* A reduced cost (relative to 1 + |cost|) or a dual at most this is zero for the tie-break:
 * the optimal face it allows costs at most 1e-9 of the optimum more. A preference's reduced
 * cost is zero to LS_PREF_TOL, GLPK's default tolerance (preferences are of order 1). */
#define LS_FACE_TOL 1e-9
#define LS_PREF_TOL 1e-7

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
    int *free_list;             /* scratch for ls_pricing_columns: the columns free on the face */
    struct ls_pricing *pricing; /* the last pass's record, or NULL */
} ls_face_pass;

/* The variable k's part of the face (fp->face[k] written, fp's checks updated) for a reduced
 * cost v of the true objective and pv of the preference, relative to scale and pscale. */
void ls_face_entry(ls_face_pass *fp, int k, double v, double scale, double pv, double pscale);

/* ls_face_entry for the rows nc + 1 .. nc + nr, from both objectives' duals. */
void ls_face_rows(ls_face_pass *fp, int nc, int nr, const double *lambda, const double *pl);

/* The kept figures of the last pass: d and face are the arrays settle prices into (d and pd
 * of the columns, face of every variable); NULL without memory. Made on the first call. */
ls_pricing *ls_pricing_get(ls_stage1 *s1, double **d, double **pd, char **face);

/* The pass over the columns on a warm LP (the local entries cached, cost[] of the contracts
 * as computed at s1->costs_epoch): the true objective's reduced costs d and each column's
 * part of the face as it is priced; then the preference's reduced costs pd of the columns
 * free on the face alone, which are all its check reads. With pc (whose arrays d, pd and
 * fp->face must be), a column whose duals, status and inputs are those of pc's last pass
 * keeps its figures and is not priced again. */
void ls_pricing_columns(ls_stage1 *s1, ls_pricing *pc, const double *cost, const double *pref,
                        const double *lambda, double *d, const double *pl, double *pd,
                        ls_face_pass *fp);

/* The passes made with a record, and of those the ones that priced only what moved. */
void ls_pricing_counts(const ls_stage1 *s1, long *passes, long *kept);

/* Forgets the last pass (d or the face were written past it). */
void ls_pricing_forget(ls_pricing *pc);

void ls_pricing_free(ls_stage1 *s1);

#endif
