/*
 * test_pricing.c — settle's reduced costs priced only where the duals or a status moved
 * (solver/lp/pricing.c), held to every column priced: the pass by hand on the inputs that
 * can move (a status alone, the preference's duals alone, a capacity row's, a local row's,
 * the domains' rows'), and warm solves of generated models that keep the record against
 * solves that forget it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glpk.h>

#include "components.h"
#include "fixture.h"
#include "lumpsum.h"
#include "model.h"
#include "pricing.h"
#include "stage1.h"
#include "stage1_fixture.h"
#include "stage1_lp.h"

/* The dalfsen-like preset, its first provider given a max_budget row (far from binding),
 * solved twice (the second a warm re-solve: the local rows' entries cached, the costs kept,
 * a record of the pass). */
static ls_model *solved_twice(ls_stage1 *s1, char *dir, size_t size)
{
    ls_model *m = fx_generated("dalfsen", 4, dir, size);
    m->providers[0].max_budget = 1e12;
    fx_stage1_solved(m, NULL, s1);
    ls_errors errs = {0};
    m->segments[0].clients += 1;
    assert_int_equal(ls_components_solve(s1, &errs), LS_OK);
    ls_errors_clear(&errs);
    assert_true(s1->local_cached);
    assert_non_null(s1->pricing);
    assert_non_null(s1->settle_cost);
    assert_true(s1->budget_row[0] > 0);
    return m;
}

/* The LP's statuses (ties.c's layout: a basis the network left waiting written first), and
 * its true duals as settle left them (per row). */
static void lp_state(ls_stage1 *s1, int *stat, double *lambda)
{
    ls_stage1_lp_stat_flush(s1);
    const ls_model *m = s1->m;
    int nu = glp_get_num_cols(s1->lp), nr = glp_get_num_rows(s1->lp);
    for (int j = 1; j <= nu; j++)
        stat[j] = glp_get_col_stat(s1->lp, j);
    for (int i = 1; i <= nr; i++)
        stat[nu + i] = glp_get_row_stat(s1->lp, i), lambda[i] = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        lambda[s + 1] = s1->demand_dual[s];
    for (size_t p = 0; p < m->n_providers; p++) {
        if (s1->capacity_row[p])
            lambda[s1->capacity_row[p]] = s1->capacity_dual[p];
        if (s1->budget_row[p])
            lambda[s1->budget_row[p]] = s1->budget_dual[p];
    }
    for (int k = 0; k < LS_N_LOCAL; k++)
        lambda[s1->local_row[k]] = s1->local_dual[k];
}

/* One pass with the record and one over every column (no record: the pass as it always
 * was), on the same duals and statuses: the same reduced costs, face and checks, and the
 * same preference's reduced costs of the columns free on the face. The count of the
 * contracts free on the face, the first 20 of them into on_face (1-based); with checks, the
 * pass's room and pref_optimal into checks[0] and [1]. */
static int same_pass(ls_stage1 *s1, const double *lambda, const double *pl, const int *stat,
                     const char *what, int *on_face, int *checks)
{
    int n_free = 0, nc = (int)s1->m->n_contracts;
    int nu = glp_get_num_cols(s1->lp), nr = glp_get_num_rows(s1->lp);
    const double *cost = s1->settle_cost, *pref = cost + nu + 1;
    double *d, *pd, *d0 = malloc(2 * (size_t)(nu + 1) * sizeof(double)), *pd0 = d0 + nu + 1;
    char *face, *face0 = malloc((size_t)(nu + nr + 1));
    int *list = malloc((size_t)(nu + 1) * sizeof(int));
    assert_true(d0 && face0 && list);
    ls_pricing *pc = ls_pricing_get(s1, &d, &pd, &face);
    assert_non_null(pc);
    ls_face_pass kept = {stat, face, 1, 0, 1, list, pc}, all = {stat, face0, 1, 0, 1, list, NULL};
    ls_pricing_columns(s1, pc, cost, pref, lambda, d, pl, pd, &kept);
    ls_pricing_columns(s1, NULL, cost, pref, lambda, d0, pl, pd0, &all);
    if (kept.optimal != all.optimal || kept.room != all.room ||
        kept.pref_optimal != all.pref_optimal)
        fail_msg("%s: optimal %d, room %d, preference %d; every column: %d, %d, %d", what,
                 kept.optimal, kept.room, kept.pref_optimal, all.optimal, all.room,
                 all.pref_optimal);
    if (checks)
        checks[0] = all.room, checks[1] = all.pref_optimal;
    for (int j = 1; j <= nu; j++) {
        if (memcmp(&d[j], &d0[j], sizeof(double)) != 0 || face[j] != face0[j])
            fail_msg("%s: column %d, reduced cost %.17g, face %d; every column: %.17g, %d", what, j,
                     d[j], face[j], d0[j], face0[j]);
        int free_on_face = stat[j] != GLP_BS && stat[j] != GLP_NS && !face0[j];
        if (free_on_face && memcmp(&pd[j], &pd0[j], sizeof(double)) != 0)
            fail_msg("%s: column %d, preference's reduced cost %.17g; every column: %.17g", what, j,
                     pd[j], pd0[j]);
        if (free_on_face && j <= nc && n_free++ < 20)
            on_face[n_free - 1] = j;
    }
    free(d0);
    free(face0);
    free(list);
    return n_free;
}

/* The pass by hand, at the LP's statuses and its true duals (settle's, of its last solve:
 * many contracts free on the face, as equal floors make them, the others held), and
 * preference's duals of 0 to 0.75 (some of a forbidden sign). Then one input moves at a time
 * and the record must see it: a status alone (two contracts held at their lower bound, one
 * made basic and one put at its upper bound: their segments' duals as they were), and back
 * again; the preference's duals alone (of segments with contracts free on the face); a
 * capacity row's dual and a max_budget row's (every contract of its provider); the local
 * row's (nearly every contract has an entry: the preset has a local target); then a
 * contract's cost and a local entry. Each pass is held to one over every column; the record
 * priced only what moved, but after the local row, a cost or a local entry moved every
 * column (and after a cost moved, made no record the first time). */
static void test_pricing_moves(void **state)
{
    (void)state;
    char dir[64];
    ls_stage1 s1;
    ls_model *m = solved_twice(&s1, dir, sizeof dir);
    int nc = (int)m->n_contracts, nu = glp_get_num_cols(s1.lp), nr = glp_get_num_rows(s1.lp);
    double *lambda = malloc(2 * (size_t)(nr + 1) * sizeof(double)), *pl = lambda + nr + 1;
    int *stat = malloc((size_t)(nu + nr + 1) * sizeof(int));
    assert_true(lambda && stat);
    lp_state(&s1, stat, lambda);
    for (int i = 1; i <= nr; i++)
        pl[i] = 0.25 * (i % 4);
    long passes0, kept0, passes, kept;
    int on_face[20];
    ls_pricing_forget(s1.pricing);
    ls_pricing_counts(&s1, &passes0, &kept0);
    int n_free = same_pass(&s1, lambda, pl, stat, "the LP's statuses and duals", on_face, NULL);
    assert_true(n_free >= 20);
    /* statuses alone: two contracts held at their lower bound, one made basic and one put
     * at its upper bound; then both back */
    int moved[2], n_moved = 0;
    for (int j = 1; j <= nc && n_moved < 2; j++)
        if (stat[j] == GLP_NL && fabs(ls_stage1_rc(&s1)[j - 1]) > 1)
            stat[j] = n_moved ? GLP_NU : GLP_BS, moved[n_moved++] = j;
    assert_int_equal(n_moved, 2);
    same_pass(&s1, lambda, pl, stat, "two statuses moved", on_face, NULL);
    stat[moved[0]] = stat[moved[1]] = GLP_NL;
    same_pass(&s1, lambda, pl, stat, "two statuses moved back", on_face, NULL);
    /* the preference's duals alone, of the segments of contracts free on the face */
    for (int k = 0; k < 20; k++)
        pl[s1.col_seg[on_face[k] - 1] + 1] += 0.5;
    same_pass(&s1, lambda, pl, stat, "the preference's duals moved", on_face, NULL);
    /* a capacity row's dual, then the max_budget row's: every contract of its provider */
    int cap = 0;
    for (size_t p = 0; p < m->n_providers && !cap; p++)
        cap = s1.capacity_row[p];
    assert_true(cap > 0);
    lambda[cap] -= 3.5;
    same_pass(&s1, lambda, pl, stat, "a capacity row's dual moved", on_face, NULL);
    lambda[s1.budget_row[0]] -= 0.01;
    same_pass(&s1, lambda, pl, stat, "a max_budget row's dual moved", on_face, NULL);
    ls_pricing_counts(&s1, &passes, &kept);
    assert_int_equal(passes - passes0, 6);
    assert_int_equal(kept - kept0, 5);
    /* the local row's: every contract */
    lambda[s1.local_row[LS_LOCAL_ALL]] -= 1e-6;
    same_pass(&s1, lambda, pl, stat, "the local row's dual moved", on_face, NULL);
    ls_pricing_counts(&s1, &passes, &kept);
    assert_int_equal(kept - kept0, 5);
    /* a cost moved (the sync counts a new epoch of them): every column, without a record
     * the first time (a wage sweep's costs move every step), with one the second, and the
     * third keeps it; then a local entry (a new fill of the cache): every column */
    s1.settle_cost[1] += 100, s1.costs_epoch++;
    same_pass(&s1, lambda, pl, stat, "a cost moved", on_face, NULL);
    ls_pricing_counts(&s1, &passes, &kept);
    assert_int_equal(passes - passes0, 7);
    same_pass(&s1, lambda, pl, stat, "a cost moved, the second pass", on_face, NULL);
    same_pass(&s1, lambda, pl, stat, "a cost moved, the third pass", on_face, NULL);
    assert_true(s1.local_kind[0] != 0); /* (its segment's entry for contract 0's kind) */
    s1.local_seg[4 * (size_t)s1.col_seg[0] + s1.local_kind[0] - 1] *= 2, s1.local_epoch++;
    same_pass(&s1, lambda, pl, stat, "a local entry moved", on_face, NULL);
    ls_pricing_counts(&s1, &passes, &kept);
    assert_int_equal(passes - passes0, 9);
    assert_int_equal(kept - kept0, 6);
    free(lambda);
    free(stat);
    ls_stage1_free(&s1);
    ls_model_free(m);
    fx_remove(dir);
}

/* The checks follow from the record's counts, which must follow every contract priced
 * again, both ways. At the LP's statuses (those at an upper bound put at their lower) and
 * true duals, with preference's duals of 0 (every preference is at least 0: no column at its
 * lower bound has one of a forbidden sign), the basis is the tie-break's answer; the
 * preference's duals of segments with contracts free on the face set to 10 make it not, and
 * put back make it so again. Then the duals of every segment 0 and of every capacity and
 * max_budget row −1 (every contract's reduced cost its cost plus, with a capacity row, its
 * hours: held) leave no contract free on the face, and the true duals back make room again.
 * Each pass held to one over every column, and the checks as said. */
static void test_pricing_counts(void **state)
{
    (void)state;
    char dir[64];
    ls_stage1 s1;
    ls_model *m = solved_twice(&s1, dir, sizeof dir);
    int nu = glp_get_num_cols(s1.lp), nr = glp_get_num_rows(s1.lp);
    double *lambda = malloc(3 * (size_t)(nr + 1) * sizeof(double)), *pl = lambda + nr + 1;
    double *held = pl + nr + 1;
    int *stat = malloc((size_t)(nu + nr + 1) * sizeof(int)), on_face[20], checks[2];
    assert_true(lambda && stat);
    lp_state(&s1, stat, lambda);
    for (int j = 1; j <= nu; j++) /* (a column at its upper bound would want one ≤ 0) */
        stat[j] = stat[j] == GLP_NU || stat[j] == GLP_NF ? GLP_NL : stat[j];
    for (int i = 1; i <= nr; i++)
        pl[i] = 0;
    assert_true(same_pass(&s1, lambda, pl, stat, "preference's duals 0", on_face, checks) >= 20);
    assert_true(checks[0] && checks[1]);
    for (int k = 0; k < 20; k++)
        pl[s1.col_seg[on_face[k] - 1] + 1] = 10;
    same_pass(&s1, lambda, pl, stat, "preference's duals 10", on_face, checks);
    assert_true(checks[0] && !checks[1]);
    for (int i = 1; i <= nr; i++)
        pl[i] = 0;
    same_pass(&s1, lambda, pl, stat, "preference's duals 0 again", on_face, checks);
    assert_true(checks[0] && checks[1]);
    memcpy(held, lambda, (size_t)(nr + 1) * sizeof(double));
    for (size_t s = 0; s < m->n_segments; s++)
        held[s + 1] = 0;
    for (size_t p = 0; p < m->n_providers; p++) {
        if (s1.capacity_row[p])
            held[s1.capacity_row[p]] = -1;
        if (s1.budget_row[p])
            held[s1.budget_row[p]] = -1;
    }
    assert_int_equal(same_pass(&s1, held, pl, stat, "every contract held", on_face, checks), 0);
    assert_false(checks[0]);
    same_pass(&s1, lambda, pl, stat, "the true duals again", on_face, checks);
    assert_true(checks[0]);
    long passes, kept;
    ls_pricing_counts(&s1, &passes, &kept);
    assert_true(kept >= 4);
    free(lambda);
    free(stat);
    ls_stage1_free(&s1);
    ls_model_free(m);
    fx_remove(dir);
}

/* Settle over warm solves: one LP keeps the record, another forgets it before each solve
 * and prices every column. Over demand draws (factors 0.7 to 1.3 per segment, as
 * test_network.c's warm draws) on generated models with capacity, max_budget and local rows;
 * with a perturbation too small for GLPK to see, so that the face LP breaks the ties; and
 * with one of 500 euros a unit of preference, so that GLPK's optimum is not the true costs'
 * and settle prices twice (the second time after GLPK's primal simplex with the true costs):
 * both give the same placement, duals and reduced costs to the bit, and the first did price
 * only what moved. */
static void test_pricing_warm_draws(void **state)
{
    (void)state;
    const char *presets[] = {"dalfsen", "zaltbommel", "midsize"};
    for (int run = 0; run < 9; run++) {
        char dir[64];
        const char *preset = presets[run % 3];
        ls_model *m = fx_generated(preset, 4, dir, sizeof dir);
        size_t ns = m->n_segments, nc = m->n_contracts, np = m->n_providers;
        double *base = malloc(ns * sizeof(double));
        assert_non_null(base);
        for (size_t s = 0; s < ns; s++)
            base[s] = m->segments[s].clients;
        ls_stage1_options opts;
        ls_stage1_options_init(&opts);
        opts.sift_min_cols = 0; /* the working problem too */
        ls_stage1 kept, fresh;
        ls_errors errs = {0};
        assert_int_equal(ls_stage1_build(m, 0, &opts, &kept), LS_OK);
        assert_int_equal(ls_stage1_build(m, 0, &opts, &fresh), LS_OK);
        if (run >= 3)
            kept.perturb = fresh.perturb = run < 6 ? 1e-300 : 500;
        for (int k = 0; k <= 8; k++) {
            for (size_t s = 0; k > 0 && s < ns; s++) {
                double f = fmod(0.618033988749895 * (double)(k * 7919 + (int)s * 104729), 1.0);
                m->segments[s].clients = floor(base[s] * (0.7 + 0.6 * f) + 0.5);
            }
            ls_pricing_forget(fresh.pricing);
            assert_int_equal(ls_components_solve(&kept, &errs), LS_OK);
            assert_int_equal(ls_components_solve(&fresh, &errs), LS_OK);
            assert_true(kept.objective == fresh.objective);
            for (size_t j = 0; j < nc; j++)
                if (kept.x[j] != fresh.x[j] || ls_stage1_rc(&kept)[j] != ls_stage1_rc(&fresh)[j])
                    fail_msg("%s, draw %d, contract %zu: %.17g clients, reduced cost %.17g; "
                             "priced afresh %.17g, %.17g",
                             preset, k, j, kept.x[j], ls_stage1_rc(&kept)[j], fresh.x[j],
                             ls_stage1_rc(&fresh)[j]);
            for (size_t s = 0; s < ns; s++) {
                assert_true(kept.u[s] == fresh.u[s]);
                assert_memory_equal(&kept.demand_dual[s], &fresh.demand_dual[s], sizeof(double));
            }
            for (size_t p = 0; p < np; p++) {
                assert_true(kept.capacity_dual[p] == fresh.capacity_dual[p]);
                assert_true(kept.budget_dual[p] == fresh.budget_dual[p]);
            }
        }
        long passes, moved, fresh_passes, fresh_moved;
        ls_pricing_counts(&kept, &passes, &moved);
        ls_pricing_counts(&fresh, &fresh_passes, &fresh_moved);
        /* forgetting: every settle's first pass over every column (with a perturbation
         * GLPK's optimum is not the true one's, and the second pass, at GLPK's optimum of the
         * true costs, has the first's record) */
        if (moved < 4 || (run < 6 && fresh_moved != 0))
            fail_msg("%s: %ld of %ld passes priced only what moved (forgetting: %ld)", preset,
                     moved, passes, fresh_moved);
        if (run >= 6 && passes <= 9)
            fail_msg("%s: a perturbation of 500 left GLPK's optimum the true one's", preset);
        ls_errors_clear(&errs);
        ls_stage1_free(&kept);
        ls_stage1_free(&fresh);
        free(base);
        ls_model_free(m);
        fx_remove(dir);
    }
}

/* A target of each domain's own (their rows' entries: each contract's second local entry,
 * in its own domain's row) priced alike with the record and without it, the domain rows'
 * duals moved off 0 (by 0.5 and 1.5 a unit, so that a row taken for the other, or for the
 * row over every contract, prices differently). */
static void test_pricing_domain_rows(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = fx_generated("dalfsen", 4, dir, sizeof dir);
    for (int k = 0; k < LS_N_DOMAINS; k++)
        m->policy.local_share_domain[k] = 0.2;
    ls_stage1 s1;
    fx_stage1_solved(m, NULL, &s1);
    ls_errors errs = {0};
    m->segments[0].clients += 1;
    assert_int_equal(ls_components_solve(&s1, &errs), LS_OK);
    ls_errors_clear(&errs);
    assert_true(s1.local_cached);
    int nu = glp_get_num_cols(s1.lp), nr = glp_get_num_rows(s1.lp), in_domain[LS_N_DOMAINS] = {0};
    for (size_t j = 0; j < m->n_contracts; j++)
        in_domain[s1.seg_domain[s1.col_seg[j]]] +=
            ls_stage1_local_own(s1.local_seg, s1.local_kind, s1.col_seg, j) != 0;
    for (int k = 0; k < LS_N_DOMAINS; k++)
        assert_true(in_domain[k] > 0); /* every domain row has entries */
    double *lambda = malloc(2 * (size_t)(nr + 1) * sizeof(double)), *pl = lambda + nr + 1;
    int *stat = malloc((size_t)(nu + nr + 1) * sizeof(int)), on_face[20];
    assert_true(lambda && stat);
    lp_state(&s1, stat, lambda);
    for (int i = 1; i <= nr; i++)
        pl[i] = 0;
    for (int k = 1; k < LS_N_LOCAL; k++)
        lambda[s1.local_row[k]] += k - 0.5;
    ls_pricing_forget(s1.pricing);
    long passes0, kept0, passes, kept;
    ls_pricing_counts(&s1, &passes0, &kept0);
    same_pass(&s1, lambda, pl, stat, "domain rows", on_face, NULL);
    ls_pricing_counts(&s1, &passes, &kept);
    assert_int_equal(passes, passes0 + 1); /* the record's pass, over every column */
    assert_int_equal(kept, kept0);
    free(lambda);
    free(stat);
    ls_stage1_free(&s1);
    ls_model_free(m);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pricing_moves),
        cmocka_unit_test(test_pricing_counts),
        cmocka_unit_test(test_pricing_warm_draws),
        cmocka_unit_test(test_pricing_domain_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
