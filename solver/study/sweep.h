/*
 * sweep.h — the state of a sweep (sweep.c) and what its parameter changes (sweep_param.c).
 */
#ifndef LS_STUDY_SWEEP_H
#define LS_STUDY_SWEEP_H

#include <pthread.h>

#include "lumpsum.h"
#include "planner.h"

typedef enum { P_KEY, P_DEMAND, P_CAO, P_CLIENTS, P_AREA } param_kind;

/* The steps done, over every thread of this rank, for the progress callback. */
typedef struct step_count {
    pthread_mutex_t lock;
    size_t done, total;
} step_count;

/* What a sweep keeps while it runs: the parameter, the planner it writes each value into,
 * the bases its break-evens start from. A thread's block has one of its own. */
struct sweep_state {
    const ls_model *base; /* the model as read */
    ls_scenario *sc;      /* the planner's scenario, which each value is written into */
    ls_model *m;          /* = &sc->m */
    ls_planner *pl;
    param_kind kind;
    const char *key; /* the budget.csv key for P_KEY */
    int index;       /* the CAO or the segment */
    const char *area; /* P_AREA: the district whose segments' clients are scaled */
    const char *param; /* the parameter as given, for the messages */
    ls_errors *errs;
    int rc;           /* the first failure while evaluating */
    double failed_at; /* the value it failed at */
    size_t years;     /* > 1: evaluate the multi-year path, report its last year */
    double from, to;  /* the range: a value out of the parameter's range is said of its end */
    /* bases: after the last step, and after the step before the first flip of the status
     * (of unmet demand) in this rank's block; every search for a break-even starts from the
     * basis of the step below it, so its result does not depend on how the steps were
     * shared among ranks */
    ls_basis prev, flip, unmet_flip;
    int have_flip, have_unmet_flip;
    /* rows without their own break-even (ls_sweep_options' rows_break_even 0); for a sweep
     * of the wage index, whose break-even search starts at the row below the flip's own,
     * that row's (the step before flip's, and the block's last step) found after the step */
    int lean;
    double flip_guess, last_guess;
    step_count *count;
    int threads; /* the sweep's: more than 1, each block one */
};

/* Which parameter name is (st->kind, key, index, area); LS_EUSAGE with a message for an
 * unknown one. */
int ls_sweep_parse_param(struct sweep_state *st, const char *name, ls_errors *errs);

/* Puts value into the planner's scenario; LS_EUSAGE (message in st->errs) when it is out of
 * range. */
int ls_sweep_apply(struct sweep_state *st, double value);

#endif
