/*
 * guard.h — a GLPK failure returns to the caller instead of aborting the process.
 *
 * GLPK answers misuse and some numerical breakdowns (an assertion in its LU factorisation,
 * "k1 < k2" in bflib/sgf.c, seen on a risk draw of IJmond) by printing and calling abort().
 * Its documented way out is an error hook that longjmps back to the caller; GLPK's state is
 * then undefined, and glp_free_env() must free every GLPK object of the thread. So a guarded
 * call that fails leaves the thread without any glp_prob: its callers must drop theirs
 * without deleting them (ls_planner_free_lost) and build anew if they go on.
 */
#ifndef LS_GUARD_H
#define LS_GUARD_H

#include "lumpsum.h"

/* Runs fn(ctx) with GLPK's error hook set on this thread. Returns fn's status, or
 * LS_EINTERNAL with *lost = 1 when GLPK failed inside it (every GLPK object of this thread
 * is then gone; memory fn had allocated on the way is not freed). Guards do not nest. */
int ls_guard_call(int (*fn)(void *ctx), void *ctx, int *lost);

/* Frees a planner whose GLPK objects went with its thread's GLPK environment: its own
 * memory only (plan.c). */
void ls_planner_free_lost(ls_planner *planner);

/* ls_planner_solve under ls_guard_call; on a GLPK failure errs says so (in run `run` when
 * run ≥ 0). */
int ls_guard_planner_solve(ls_planner *planner, ls_result **out, ls_errors *errs, long run,
                           int *lost);

#endif
