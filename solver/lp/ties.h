/*
 * ties.h — stage 1's tie-break: the preference, the perturbed objective, and turning GLPK's
 * optimum into the cheapest placement the tie-break picks (ties.c; docs/method.md).
 */
#ifndef LS_TIES_H
#define LS_TIES_H

#include "stage1.h"

/* Fills s1->tie_hash and, unless set already (a component takes the whole's), s1->perturb. */
void ls_ties_init(ls_stage1 *s1);

/* Column j's (1-based) preference, and its coefficient in the LP's objective: the true cost
 * plus s1->perturb times the preference. */
double ls_ties_preference(const ls_stage1 *s1, int j);
double ls_ties_lp_cost(const ls_stage1 *s1, int j);

/* After GLPK's optimum of the perturbed LP: the lexicographic optimum's placement, the true
 * duals and reduced costs into s1 (the LP keeps its primary basis). LS_OK or LS_EINTERNAL. */
int ls_ties_settle(ls_stage1 *s1);

/* Σ cost · x, the placement's true cost, at the solution in s1. */
double ls_ties_objective(const ls_stage1 *s1);

#endif
