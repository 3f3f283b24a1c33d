/*
 * dualnet.h — a warm re-solve of stage 1's LP by the dual simplex on its transportation
 * core, without GLPK's simplex (dualnet.c; docs/method.md, "The dual network re-solve").
 */
#ifndef LS_DUALNET_H
#define LS_DUALNET_H

#include "stage1_lp.h"

/* After a sync that moved right-hand sides and bounds (a risk draw, a demand step) the LP's
 * basis is still dual feasible, after one that moved costs (a wage step) often too, or it
 * is made so by moving variables with two bounds to the other. When the basis is a spanning
 * tree of the demand and capacity rows (every other row's slack basic), the dual simplex on
 * that network repairs it with a few additions a pivot instead of GLPK's factorized ones
 * (a start that is not dual feasible returns 0 at once). Returns 1 when it
 * reached a basis that is optimal for the LP (the side rows within their bounds): the LP
 * then holds it, s1->x and s1->u its placement and s1->status GLP_OPT, for the tie-break
 * (ties.c) to settle as after any solve. Returns 0 when it does not apply or gave up (a side
 * row's slack not basic or leaving its bounds, no entering variable, too many pivots, no
 * memory): the LP is untouched and the caller solves as before. The planner's memory for it
 * is kept in s1 between solves (ls_dualnet_free). */
int ls_dualnet_solve(ls_stage1 *s1);
void ls_dualnet_free(ls_stage1 *s1);

/* How the re-solves went, for bench/ and the tests: solves tried, reached, pivots, starts
 * taken as dual feasible unchecked (the last one's statuses and costs, found so), loads
 * that took the last one's pass over the columns (nothing it read had moved), and loads that
 * put back only the statuses the last solve moved (its start restored, a risk draw's). */
typedef struct ls_dualnet_stats {
    long tried, solved, pivots, kept, cols_kept, starts_kept;
} ls_dualnet_stats;
ls_dualnet_stats ls_dualnet_get_stats(const ls_stage1 *s1);

#endif
