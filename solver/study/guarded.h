/*
 * guarded.h — a plan solved under GLPK's error guard (guarded.c), for the studies that run
 * many (risk.c): a GLPK failure in one run is that run's error, not the process's abort.
 */
#ifndef LS_GUARDED_H
#define LS_GUARDED_H

#include "guard.h"
#include "lumpsum.h"
#include "planner.h"

/* ls_planner_solve under ls_guard_call (guard.c); on a GLPK failure errs says so (in run
 * `run` when run ≥ 0), *lost is set and the planner must go with ls_planner_free_lost. */
int ls_guard_planner_solve(ls_planner *planner, ls_result **out, ls_errors *errs, long run,
                           int *lost);

#endif
