/*
 * components.h — stage 1 split into independent components, solved apart (components.c):
 * the top of stage 1, the solve the planner calls.
 */
#ifndef LS_COMPONENTS_H
#define LS_COMPONENTS_H

#include "stage1.h"

/* Solves stage 1 as ls_stage1_solve does, except that a cold solve (the LP's first, not
 * s1->opts.plain_start) of a model that splits into components (and local_share_min is 0)
 * solves each component as an LP of its own with ls_stage1_solve, on up to
 * s1->opts.threads threads: s1's first attempt (x, u, duals, reduced costs) is theirs, the
 * whole LP's basis their optimal bases, and ls_stage1_finish settles the priorities above
 * cost on the whole. LS_OK, or LS_ENOSOLUTION / LS_EINTERNAL with the messages in errs. */
int ls_components_solve(ls_stage1 *s1, ls_errors *errs);

#endif
