/*
 * ties.h — stage 1's tie-break: turning GLPK's optimum of the perturbed LP into the
 * cheapest placement the tie-break picks (ties.c; docs/method.md). The preference itself and
 * the perturbed objective are the LP's (stage1_lp.h).
 */
#ifndef LS_TIES_H
#define LS_TIES_H

#include "stage1_lp.h"

/* After GLPK's optimum of the perturbed LP: the lexicographic optimum's placement, the true
 * duals and reduced costs into s1 (the LP keeps its primary basis). LS_OK or LS_EINTERNAL. */
int ls_ties_settle(ls_stage1 *s1);

#endif
