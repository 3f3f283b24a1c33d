/*
 * stage1.h — solving one stage-1 LP (stage1.c): the LP's life (build, free, names and the
 * true objective for an export) and the solve, from the strategies below it (sift.c,
 * ties.c, network.c, lex.c) on the LP of stage1_lp.h. The cold solve's split into
 * independent components sits above this, in components.c (ls_components_solve), which the
 * planner calls; it solves each component with ls_stage1_solve.
 */
#ifndef LS_STAGE1_H
#define LS_STAGE1_H

#include "stage1_lp.h"

/* The defaults: a cold solve on one thread, the fast starts, sifting from 20,000 columns. */
void ls_stage1_options_init(ls_stage1_options *opts);

/* Builds the LP of m into s1, to be solved with opts (NULL: ls_stage1_options_init's), its
 * rows and columns named when names is set. */
int ls_stage1_build(ls_model *m, int names, const ls_stage1_options *opts, ls_stage1 *s1);
/* Gives the rows and columns readable names (for an export; a solve does not need them). */
void ls_stage1_set_names(ls_stage1 *s1);
void ls_stage1_free(ls_stage1 *s1);

/* Syncs the LP with the model and solves it: the first solve cold from the network start
 * (network.c, unless s1->opts.plain_start), later ones warm by sifting (sift.c); then the
 * tie-break (ties.c) and, where the first attempt leaves clients unmet or the local target
 * out of reach, the priorities above cost (lex.c). It never splits the LP into components:
 * ls_components_solve does that around it. LS_OK, LS_ENOSOLUTION (reason in errs),
 * LS_EINTERNAL (solver failure, message in errs). */
int ls_stage1_solve(ls_stage1 *s1, ls_errors *errs);

/* ls_stage1_solve in two halves around a first attempt solved elsewhere (components.c):
 * ls_stage1_start readies the LP for its first, cold solve as ls_stage1_solve does (the
 * priorities freed, synced, scaled) without solving it (LS_OK or LS_EINTERNAL); the caller
 * then puts the first attempt's solution, duals, objective and an optimal basis into s1, and
 * ls_stage1_finish goes on from there as ls_stage1_solve does after its first attempt. */
int ls_stage1_start(ls_stage1 *s1);
int ls_stage1_finish(ls_stage1 *s1, ls_errors *errs);

/* Gives the LP the true objective, the placement's cost (solves use it plus a small multiple
 * of the tie-break's preference), for an export; the next solve puts the perturbation back. */
void ls_stage1_unperturb(ls_stage1 *s1);

#endif
