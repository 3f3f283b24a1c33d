/*
 * stage1_fixture.h — stage 1's LP of a model built and solved cold, for the tests that look
 * inside it (test_basis.c, test_lex_basis.c, test_dualnet.c, test_network.c, test_pricing.c,
 * test_components.c).
 */
#ifndef LS_TEST_STAGE1_FIXTURE_H
#define LS_TEST_STAGE1_FIXTURE_H

#include "model.h"
#include "stage1_lp.h"

/* s1 built for m with opts (NULL: ls_stage1_options_init's) and solved cold; a build or a
 * solve that fails fails the test. Free with ls_stage1_free. */
void fx_stage1_solved(ls_model *m, const ls_stage1_options *opts, ls_stage1 *s1);

/* The village preset (seed 2, generated into dir) with a local target of 30 %, which does not
 * bind there: every side row's slack basic, so a factorization may be kept. Free with
 * ls_model_free, then fx_remove(dir). */
ls_model *fx_village_with_target(char *dir, size_t size);

/* A small country (generated into dir): 300,000 inhabitants, 240 providers, 24 areas in 6
 * regions that contract apart, no local target, so that stage 1 splits into components.
 * Free with ls_model_free, then fx_remove(dir). */
ls_model *fx_regions(unsigned long seed, char *dir, size_t size);

#endif
