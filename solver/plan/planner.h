/*
 * planner.h — the planner's own calls for the studies above it (solver/study): warm
 * states, the scenario a what-if writes into, the unmet clients, and the multi-year path
 * with a hook. The public calls are in lumpsum.h.
 */
#ifndef LS_PLANNER_H
#define LS_PLANNER_H

#include "lumpsum.h"
#include "scenario.h"

/* A copy of a planner's stage-1 basis; start_from makes every later solve start from it (as
 * ls_planner_keep_basis does with the current one). */
typedef struct ls_basis {
    int *row, *col;
    double *reduced_cost; /* the reduced costs at row/col (a warm solve sifts by them), or NULL */
} ls_basis;
/* The current basis into basis. Its reduced costs may move there rather than be copied: the
 * planner then reads them in basis until its next solve, so basis is neither written nor
 * freed before that solve (or ls_planner_free). */
int ls_planner_snapshot(ls_planner *planner, ls_basis *basis);
int ls_planner_start_from(ls_planner *planner, const ls_basis *basis);
int ls_basis_copy(ls_planner *planner, ls_basis *dst, const ls_basis *src);
void ls_basis_free(ls_basis *basis);

/* The scenario the planner solves: a what-if writes into it and calls ls_scenario_compute
 * (or ls_scenario_reset to start again from the model); the next solve plans it. */
ls_scenario *ls_planner_scenario(ls_planner *planner);

/* The caller's word that since the planner's last solve only the scenario's segments'
 * clients and pgb clients moved (ls_scenario_compute_clients): the next solve skips the
 * passes over the contracts that would find nothing changed (the same figures, to the bit).
 * Holds for the next solve alone; without a solve before it, it does nothing. */
void ls_planner_clients_moved(ls_planner *planner);

/* The caller's word that since the planner's last solve only tariffs or the policy moved:
 * the wage index, a CAO factor, the quality value, the budget, the reserve or a local target
 * (ls_scenario_compute after them), nothing of clients, max_shift, capacities, max_budgets
 * or max_clients. Where no provider has a max_budget and no contract's usability moved, the
 * next solve keeps every contract's continuity bound without a pass over them (the same
 * figures, to the bit). As ls_planner_clients_moved: for the next solve alone. */
void ls_planner_policy_moved(ls_planner *planner);

/* Frees a planner whose GLPK objects went with its thread's GLPK environment (a GLPK failure
 * under guard.c): its own memory only. */
void ls_planner_free_lost(ls_planner *planner);

/* Stage 1 as the planner's last solve left it, for the tests that look inside. */
struct ls_stage1;
struct ls_stage1 *ls_planner_stage1(ls_planner *planner);

/* The clients per contract of the planner's last solve. */
const double *ls_planner_placement(const ls_planner *planner);

/* last: no solve follows the next one, so it may free stage 1's LP before the result is
 * built (the multi-year path says so for its last year). */
void ls_planner_set_last(ls_planner *planner, int last);

/* What the next solves' results hold (ls_planner_options' totals_only: 1 with the
 * break-even, 2 without); the figures they hold are the same. */
void ls_planner_set_totals_only(ls_planner *planner, int totals_only);

/* From now on the planner keeps what its last two solves need for their break-even wage
 * index (their placements and divisions: two copies of the clients per contract). */
void ls_planner_keep_solves(ls_planner *planner);

/* The break-even wage index of the last solve (back 1) or the one before it (2), kept since
 * ls_planner_keep_solves, as its result would hold it: the same figure to the bit, provided
 * the scenario is as it was at that solve (a sweep of the wage index sets that solve's value
 * again; LS_EINTERNAL when the wage index differs). NAN for a solve without a solution or
 * with nothing placed. LS_OK or LS_EINTERNAL. */
int ls_planner_break_even_back(ls_planner *planner, size_t back, double *out);

/* The unmet clients per segment of the planner's last solve. */
const double *ls_planner_unmet(const ls_planner *planner);

/* The multi-year path of the model (or a scenario's view) m, its planner made with popts
 * (NULL: the defaults), with a hook called for every year after the year's clients, budget
 * and tariff factor are set in the path's own scenario and before it is solved (risk samples
 * demand there). m is not changed. */
typedef void (*ls_year_hook)(void *ctx, ls_model *year_scenario, size_t year);
int ls_plan_years_hooked(const ls_model *m, size_t years, const ls_planner_options *popts,
                         ls_year_hook hook, void *ctx, ls_result ***out, ls_errors *errs);

/* What the path's year k (0 for the first) makes available at its expected demand, without
 * solving: its budget × (1 − reserve) (into after_reserve) − its pgb cost (clients grown,
 * tariffs indexed). LS_OK or LS_EINTERNAL. */
int ls_plan_year_available(const ls_model *m, size_t k, double *available, double *after_reserve);

#endif
