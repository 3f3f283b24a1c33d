/*
 * components.h — stage 1 split into independent components, solved apart (components.c).
 */
#ifndef LS_COMPONENTS_H
#define LS_COMPONENTS_H

#include "stage1.h"

/* For a synced stage-1 LP whose model splits into components (and local_share_min is 0):
 * solves each component on up to s1->opts.threads threads, fills s1's solution (x, u, duals,
 * reduced costs) and sets the whole LP's basis to the components' optimal bases;
 * *solved = 1. Otherwise *solved = 0 and nothing is touched. LS_OK, or a component's
 * LS_ENOSOLUTION / LS_EINTERNAL with its messages in errs. */
int ls_stage1_decompose(ls_stage1 *s1, int *solved, ls_errors *errs);

#endif
