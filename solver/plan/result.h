/*
 * result.h — a solve's two stages turned into an ls_result (result.c).
 */
#ifndef LS_RESULT_H
#define LS_RESULT_H

#include "lumpsum.h"
#include "scenario.h"
#include "stage1.h"
#include "stage2.h"

/* The result of a solve (stage 1 in s1, stage 2 in s2) into r; with totals_only its totals
 * alone (the same sums, in the same order; 2: a risk run's, without the ceiling and the
 * break-even). scratch is the planner's scenario for the break-even's trials of other wage
 * indices, groups its stage-2 groups; threads > 1 lets the break-even be found on a second
 * thread. LS_OK or LS_EINTERNAL. */
int ls_plan_result(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                   ls_scenario *scratch, const ls_stage2_groups *groups, ls_result *r,
                   int totals_only, int threads);

/* The break-even wage index a result's summary (with its status and required) holds, found
 * alone for the placement x and division s2 of model m: the same figure ls_plan_result
 * finds. LS_OK or LS_EINTERNAL. */
int ls_plan_summary_break_even(const ls_model *m, const double *x, const ls_stage2 *s2,
                               ls_scenario *scratch, const ls_stage2_groups *groups,
                               const ls_summary *summary, double *out);

#endif
