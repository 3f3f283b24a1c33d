/*
 * guard.h — a GLPK failure returns to the caller instead of aborting the process.
 *
 * GLPK answers misuse and some numerical breakdowns (an assertion in its LU factorisation,
 * "k1 < k2" in bflib/sgf.c, seen on a risk draw of IJmond) by printing and calling abort().
 * Its documented way out is an error hook that longjmps back to the caller; GLPK's state is
 * then undefined, and glp_free_env() must free every GLPK object of the thread. So a guarded
 * call that fails leaves the thread without any glp_prob: its callers must drop theirs
 * without deleting them (ls_planner_free_lost, solver/plan/planner.h) and build anew if
 * they go on. A planner's solve under the guard is solver/study/guarded.c's.
 */
#ifndef LS_GUARD_H
#define LS_GUARD_H

#include "lumpsum.h"

/* Runs fn(ctx) with GLPK's error hook set on this thread. Returns fn's status, or
 * LS_EINTERNAL with *lost = 1 when GLPK failed inside it (every GLPK object of this thread
 * is then gone; memory fn had allocated on the way is not freed). Guards do not nest. */
int ls_guard_call(int (*fn)(void *ctx), void *ctx, int *lost);

#endif
