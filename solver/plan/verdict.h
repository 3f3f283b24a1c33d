/*
 * verdict.h — what the verdict reads off the placement (verdict.c).
 */
#ifndef LS_VERDICT_H
#define LS_VERDICT_H

#include "model.h"
#include "scenario.h"
#include "stage1.h"
#include "stage2.h"

/* Fills the cause of every segment row with unmet clients. LS_OK or LS_EINTERNAL. */
int ls_plan_unmet_causes(const ls_model *m, const ls_stage1 *s1, ls_result *r);

/* The least (1 + wage_index)·max_tariff/floor − 1 over placed contracts with a ceiling; NAN
 * when none has one. */
double ls_plan_ceiling_wage_index(const ls_model *m, const ls_stage1 *s1);

/* The break-even wage index of placement x: the largest wage index whose floors (their wage
 * parts moving, other costs not) the division can still pay in full (ls_stage2_floor_scale);
 * NAN when nothing is placed or no limit binds. Where other costs are placed, the trials of
 * other wage indices are computed in scratch, a scenario of m kept by the caller from one
 * call to the next (zeroed at first; ls_scenario_free at the end). *limit: the provider whose
 * max_budget its placed floor cost reaches at the break-even, SIZE_MAX when none does (the
 * budget, a domain's ceiling or a tariff ceiling sets it). groups: m's, as stage 2 takes them
 * (NULL: made afresh); division: stage 2's division of m and x, whose gathered groups the
 * first round takes (NULL: gathered again). LS_OK or LS_EINTERNAL. */
int ls_plan_break_even_wage_index(const ls_model *m, const double *x, ls_scenario *scratch,
                                  const ls_stage2_groups *groups, const ls_stage2 *division,
                                  double *out, size_t *limit);

/* The limits that bind in placement (from the duals of stage 1) and in the division (from the
 * progressive filling), each with what it costs, into r->bindings; the ceilings that leave
 * clients without a place, from r's segment rows (their causes set). LS_OK or LS_EINTERNAL. */
int ls_plan_bindings(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2, ls_result *r);

#endif
