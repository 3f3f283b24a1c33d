/*
 * scenario.h — what a what-if changes, apart from the model as read.
 *
 * A model is not changed after reading: threads may share it. A planner plans a scenario: a
 * view of the model whose constant parts (identifiers, wages, indicators, the arena, the
 * maps) are the model's own, and whose changeable parts (every segment's clients, the
 * contracts' current clients and floors, the providers' quality, the CAO factors, the
 * policy, the plan year's tariff factor and what ls_model_compute derives from them) are the
 * scenario's copies. A what-if writes into the scenario, computes it, and solves; the model
 * stays as it was, so nothing is ever restored.
 */
#ifndef LS_SCENARIO_H
#define LS_SCENARIO_H

#include "model.h"

typedef struct ls_scenario {
    ls_model m;           /* the view; solvers read it as a model */
    const ls_model *base; /* the model it starts from (outlives the scenario) */
} ls_scenario;

/* A scenario equal to base (its values and what was computed from them). LS_OK or
 * LS_EINTERNAL (out of memory; nothing to free then). base may itself be a scenario's view. */
int ls_scenario_init(ls_scenario *sc, const ls_model *base);

/* Back to the model it started from: every changeable part copied from base again. */
void ls_scenario_reset(ls_scenario *sc);

/* ls_scenario_reset but the contracts: for a scenario whose every contract's floor and
 * usability ls_scenario_compute writes anew next, and which reads none of their other
 * changeable parts (current clients); it copies a few kilobytes, not the contracts. */
void ls_scenario_reset_values(ls_scenario *sc);

/* Recomputes what follows from the changeable parts (floors, usability, reference prices,
 * pgb tariffs and costs): after a what-if has written into sc->m. */
void ls_scenario_compute(ls_scenario *sc);

/* ls_scenario_compute after a what-if that changed clients (and pgb clients) alone, since
 * the last ls_scenario_compute: the floors, usability and reference prices stand, the pgb
 * costs are computed anew. */
void ls_scenario_compute_clients(ls_scenario *sc);

void ls_scenario_free(ls_scenario *sc);

#endif
