/*
 * stage2.h — SPEC §4: dividing the lumpsum over groups g = (provider, domain).
 *
 * A small LP (one column per group plus the cut c and the margin m) solved a few times:
 * maximise c; then water-filling (maximise m, freeze the groups their own bound stops, again);
 * then, with every level fixed, minimise Σ b_g. The last LP is kept for `export --stage 2`.
 */
#ifndef LS_STAGE2_H
#define LS_STAGE2_H

#include <glpk.h>

#include "model.h"

typedef enum {
    LS_STOP_NONE,
    LS_STOP_CEILING,
    LS_STOP_PROVIDER_MAX,
    LS_STOP_DOMAIN,
    LS_STOP_LOCAL
} ls_stop;

enum { LS_BLOCK_TOTAL = 1, LS_BLOCK_DOMAIN = 2, LS_BLOCK_CEILING = 4, LS_BLOCK_MAX_BUDGET = 8,
       LS_BLOCK_LOCAL = 16 };

typedef struct ls_group {
    int provider, domain;
    double floor_cost; /* F_g, euros a year */
    double ceiling;    /* C_g, euros a year; INFINITY: none */
    double weight;     /* w_p */
    int frozen;
    double frozen_amount;
    ls_stop stopped_by; /* why it was frozen in step 2 */
    double t;
    unsigned blocked_by;
    double lift;
    double budget;      /* b_g, the answer */
} ls_group;

typedef struct ls_stage2 {
    glp_prob *lp; /* the final LP (step 3) */
    ls_group *groups;
    size_t n_groups;
    double available;
    double cut, margin;
    double cut_lp; /* the cut as the LP holds it: cut, or within 1e-9 of 0 where cut is 0 */
    int underfunded;
    double cut_domain[LS_N_DOMAINS];
    double local_lambda;
    size_t rounds;
} ls_stage2;

int ls_stage2_floor_scale(const ls_model *m, const double *x, double *kappa, ls_errors *errs);

/* x: clients per contract from stage 1. LS_OK, LS_ENOSOLUTION (reason in errs),
 * LS_EINTERNAL. */
int ls_stage2_solve(const ls_model *m, const double *x, int names, ls_stage2 *s2, ls_errors *errs);
void ls_stage2_free(ls_stage2 *s2);

/* Loosens the final LP's upper limits by 1e-9 relative before it is written to a file. */
void ls_stage2_loosen_for_export(ls_stage2 *s2);

#endif
