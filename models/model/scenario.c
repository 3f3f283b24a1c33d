/*
 * scenario.c — a model's changeable parts copied, so a what-if never writes into the model
 * (scenario.h).
 */
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

/* The parts a scenario owns: what a what-if, the multi-year path or ls_model_compute
 * writes. Everything else in the view points at the base model. */
static void copy(void *dst, const void *src, size_t bytes)
{
    if (bytes) /* an empty model's arrays may be NULL, which memcpy may not be given */
        memcpy(dst, src, bytes);
}

static void copy_values(ls_model *dst, const ls_model *src, int contracts)
{
    copy(dst->segments, src->segments, src->n_segments * sizeof(ls_segment));
    copy(dst->providers, src->providers, src->n_providers * sizeof(ls_provider));
    if (contracts) { /* usability as the source has it: a reader's continuity may be behind */
        copy(dst->contracts, src->contracts, src->n_contracts * sizeof(ls_contract));
        dst->usable_epoch++;
    }
    copy(dst->cao_factor, src->cao_factor, src->n_caos * sizeof(double));
    dst->policy = src->policy;
    dst->unmet_weight = src->unmet_weight;
    dst->pgb_cost = src->pgb_cost;
    dst->year_factor = src->year_factor;
    dst->price_factor = src->price_factor;
    memcpy(dst->pgb_cost_domain, src->pgb_cost_domain, sizeof dst->pgb_cost_domain);
}

int ls_scenario_init(ls_scenario *sc, const ls_model *base)
{
    memset(sc, 0, sizeof(*sc));
    sc->base = base;
    sc->m = *base; /* the constant parts: shared */
    sc->m.segments = malloc((base->n_segments + 1) * sizeof(ls_segment));
    sc->m.providers = malloc((base->n_providers + 1) * sizeof(ls_provider));
    sc->m.contracts = malloc((base->n_contracts + 1) * sizeof(ls_contract));
    sc->m.cao_factor = malloc((base->n_caos + 1) * sizeof(double));
    if (!sc->m.segments || !sc->m.providers || !sc->m.contracts || !sc->m.cao_factor) {
        ls_scenario_free(sc);
        return LS_EINTERNAL;
    }
    copy_values(&sc->m, base, 1);
    return LS_OK;
}

void ls_scenario_reset(ls_scenario *sc)
{
    copy_values(&sc->m, sc->base, 1);
}

void ls_scenario_reset_values(ls_scenario *sc)
{
    copy_values(&sc->m, sc->base, 0);
}

void ls_scenario_compute(ls_scenario *sc)
{
    ls_model_compute(&sc->m, NULL);
}

void ls_scenario_compute_clients(ls_scenario *sc)
{
    ls_model_compute_pgb(&sc->m);
}

void ls_scenario_free(ls_scenario *sc)
{
    free(sc->m.segments);
    free(sc->m.providers);
    free(sc->m.contracts);
    free(sc->m.cao_factor);
    memset(sc, 0, sizeof(*sc));
}
