/*
 * test_basis_tree.c — a basis of stage 1's LP that is a spanning tree of the network
 * (solver/lp/basis_tree.c): which bases are trees, their duals and values by hand, and
 * against GLPK's factorization of the same basis on generated models and warm draws.
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

#include "basis_tree.h"
#include "components.h"
#include "fixture.h"
#include "lumpsum.h"
#include "model.h"
#include "stage1.h"
#include "stage1_fixture.h"
#include "stage1_lp.h"

/* The LP's statuses into stat (columns 1..nc, then rows), as settle lays them out. */
static int *statuses(ls_stage1 *s1)
{
    int nc = glp_get_num_cols(s1->lp), nr = glp_get_num_rows(s1->lp);
    int *stat = malloc((size_t)(nc + nr + 1) * sizeof(int));
    assert_non_null(stat);
    ls_stage1_lp_stat_flush(s1);
    for (int j = 1; j <= nc; j++)
        stat[j] = glp_get_col_stat(s1->lp, j);
    for (int i = 1; i <= nr; i++)
        stat[nc + i] = glp_get_row_stat(s1->lp, i);
    return stat;
}

/* Variable k's value where it is not basic (column k ≤ nc, row k − nc): at the bound its
 * status names, from GLPK's bounds (a warm solve leaves GLPK's values behind). */
static double at_bound(glp_prob *lp, int k, int nc, int st)
{
    double lb = k <= nc ? glp_get_col_lb(lp, k) : glp_get_row_lb(lp, k - nc);
    double ub = k <= nc ? glp_get_col_ub(lp, k) : glp_get_row_ub(lp, k - nc);
    return st == GLP_NU ? ub : st == GLP_NF ? 0 : lb;
}

/* −N·x_N into rhs[1..nr] for the basis stat (the LP flushed). */
static void minus_nx(glp_prob *lp, const int *stat, double *rhs)
{
    int nc = glp_get_num_cols(lp), nr = glp_get_num_rows(lp);
    int *ind = malloc((size_t)(nr + 1) * sizeof(int));
    double *val = malloc((size_t)(nr + 1) * sizeof(double));
    assert_true(ind && val);
    for (int i = 1; i <= nr; i++)
        rhs[i] = stat[nc + i] == GLP_BS ? 0 : -at_bound(lp, nc + i, nc, stat[nc + i]);
    for (int j = 1; j <= nc; j++) {
        if (stat[j] == GLP_BS)
            continue;
        double x = at_bound(lp, j, nc, stat[j]);
        for (int k = 1, n = glp_get_mat_col(lp, j, ind, val); k <= n; k++)
            rhs[ind[k]] += val[k] * x;
    }
    free(ind), free(val);
}

/* GLPK's own figures of the LP's basis (the LP holding it): λ by BTRAN of the costs (negated,
 * as settle signs them) and B·x_B = −N·x_N by FTRAN, x_B per variable (1..nc, nc + i). */
static void glpk_figures(ls_stage1 *s1, const int *stat, const double *cost, double *lambda,
                         double *xb)
{
    glp_prob *lp = s1->lp;
    int nc = glp_get_num_cols(lp), nr = glp_get_num_rows(lp);
    ls_stage1_lp_flush(s1);
    assert_int_equal(glp_factorize(lp), 0);
    for (int k = 1; k <= nr; k++) {
        int h = glp_get_bhead(lp, k);
        lambda[k] = h > nr ? cost[h - nr] : 0;
    }
    glp_btran(lp, lambda);
    for (int k = 1; k <= nr; k++)
        lambda[k] = -lambda[k];
    double *rhs = calloc((size_t)nr + 1, sizeof(double));
    assert_non_null(rhs);
    minus_nx(lp, stat, rhs);
    glp_ftran(lp, rhs);
    for (int k = 1; k <= nr; k++) {
        int h = glp_get_bhead(lp, k);
        xb[h <= nr ? nc + h : h - nr] = rhs[k];
    }
    free(rhs);
}

/* The tree's figures of the same basis, held against GLPK's to 1e-9 relative: every dual,
 * and every basic value of a network row's arc. The rhs is GLPK's FTRAN's. */
static void tree_as_glpk(ls_stage1 *s1, const int *stat)
{
    glp_prob *lp = s1->lp;
    int nc = glp_get_num_cols(lp), nr = glp_get_num_rows(lp);
    double *cost = malloc((size_t)(nc + 1) * sizeof(double));
    double *lg = malloc((size_t)(nr + 1) * sizeof(double));
    double *lt = malloc((size_t)(nr + 1) * sizeof(double));
    double *xb = calloc((size_t)(nc + nr + 1), sizeof(double));
    double *rhs = calloc((size_t)nr + 1, sizeof(double));
    assert_true(cost && lg && lt && xb && rhs);
    for (int j = 1; j <= nc; j++)
        cost[j] = ls_stage1_lp_cost(s1, j);
    glpk_figures(s1, stat, cost, lg, xb);
    assert_int_equal(ls_basis_tree_make(s1, stat), 1);
    ls_basis_tree_duals(s1, cost, lt);
    for (int i = 1; i <= nr; i++)
        if (fabs(lt[i] - lg[i]) > 1e-9 * (1 + fabs(lg[i])))
            fail_msg("row %d: dual %.17g by the tree, %.17g by GLPK", i, lt[i], lg[i]);
    minus_nx(lp, stat, rhs);
    ls_basis_tree_solve(s1, rhs);
    int arcs = 0;
    for (int i = 1; i <= nr; i++) {
        int h = ls_basis_tree_arc(s1, i);
        if (!h)
            continue;
        arcs++;
        assert_int_equal(stat[h], GLP_BS);
        if (fabs(rhs[i] - xb[h]) > 1e-9 * (1 + fabs(xb[h])))
            fail_msg("row %d's arc %d: %.17g by the tree, %.17g by GLPK", i, h, rhs[i], xb[h]);
    }
    int side = 0;
    for (int i = 1; i <= nr; i++)
        side += stat[nc + i] == GLP_BS && !ls_basis_tree_arc(s1, i);
    assert_int_equal(arcs + side, nr); /* every basic variable: an arc or a side slack */
    free(cost), free(lg), free(lt), free(xb), free(rhs);
}

/* The model by hand: s1 (10 clients of 10 hours a month, 120 hours a year each) and s2 (4
 * clients of 20 hours) of the base fixture; A with 720 hours, B without a capacity row;
 * contracts A s1, B s1, B s2 (columns 1, 2, 3; unmet 4, 5); rows s1, s2, A's capacity (1, 2,
 * 3), then the local rows; max_shift 0.2. Its optimum: A full at 6 (720 / 120), B 4 of s1's
 * and s2's 4. Its basis: B s1 (an arc s1 – root: B has no capacity row), B s2 (s2 – root)
 * and A s1 (s1 – A's capacity row), A's slack at its bound, every local slack basic: a tree.
 * From the root down: λ_s1 = c(B s1); λ_s2 = c(B s2); A s1 gives λ_s1 + 120·λ_A = c(A s1),
 * so λ_A = (c(A s1) − c(B s1)) / 120, below 0 (A is the cheaper). From the leaves up: A's
 * row holds 720 hours, so A s1 = 720 / 120 = 6; s1's 10 clients less A's 6 leave B s1 4;
 * s2's 4 to B s2. */
static void test_tree_by_hand(void **state)
{
    (void)state;
    char *dir;
    fx_file files[] = {{"providers.csv", fx_providers_a720},
                       {"budget.csv", "key,value\nyear,2025\nbudget,100000\nmax_shift,0.2\n"}};
    ls_model *m = fx_read(files, 2, &dir);
    ls_stage1 s1;
    fx_stage1_solved(m, NULL, &s1);
    int *stat = statuses(&s1), nc = glp_get_num_cols(s1.lp), nr = glp_get_num_rows(s1.lp);
    assert_int_equal(nc, 5);
    assert_int_equal(ls_basis_tree_make(&s1, stat), 1);
    double cost[6], lambda[16];
    assert_true(nr < 16);
    for (int j = 1; j <= nc; j++)
        cost[j] = ls_stage1_lp_cost(&s1, j);
    ls_basis_tree_duals(&s1, cost, lambda);
    assert_true(lambda[1] == cost[2]);
    assert_true(lambda[2] == cost[3]);
    assert_true(lambda[3] == (cost[1] - cost[2]) / 120);
    assert_true(lambda[3] < 0);
    for (int i = 4; i <= nr; i++)
        assert_true(lambda[i] == 0);
    assert_int_equal(ls_basis_tree_arc(&s1, 1), 2);
    assert_int_equal(ls_basis_tree_arc(&s1, 2), 3);
    assert_int_equal(ls_basis_tree_arc(&s1, 3), 1);
    assert_int_equal(ls_basis_tree_arc(&s1, 4), 0); /* a side row */
    /* −N·x_N: s1 and s2 fixed at 10 and 4 (−10, −4), A's slack at 720 (−720) */
    double rhs[16] = {0, -10, -4, -720};
    ls_basis_tree_solve(&s1, rhs);
    assert_true(rhs[3] == 6);
    assert_true(rhs[1] == 4);
    assert_true(rhs[2] == 4);
    tree_as_glpk(&s1, stat);

    /* not trees: A's slack basic as well (four arcs for three rows); B s1 out and A's slack
     * in (s1 – A – root and s1 again: a cycle, s1 reached twice); a local row's slack not
     * basic (a side row the tree cannot solve) */
    int *alt = malloc((size_t)(nc + nr + 1) * sizeof(int));
    assert_non_null(alt);
    memcpy(alt, stat, (size_t)(nc + nr + 1) * sizeof(int));
    alt[nc + 3] = GLP_BS;
    assert_int_equal(ls_basis_tree_make(&s1, alt), 0);
    alt[2] = GLP_NL, alt[4] = GLP_BS; /* B s1 out, s1's unmet in: a tree again */
    alt[nc + 3] = GLP_NU;
    assert_int_equal(ls_basis_tree_make(&s1, alt), 1);
    alt[4] = GLP_NL, alt[nc + 3] = GLP_BS, alt[3] = GLP_NL, alt[2] = GLP_BS;
    assert_int_equal(ls_basis_tree_make(&s1, alt), 0); /* s2 unreached, s1 – A – root – s1 */
    memcpy(alt, stat, (size_t)(nc + nr + 1) * sizeof(int));
    alt[nc + 4] = GLP_NL;
    assert_int_equal(ls_basis_tree_make(&s1, alt), 0);
    free(alt);
    free(stat);
    ls_stage1_free(&s1);
    ls_model_free(m);
    fx_remove(dir);
}

/* Generated models (the village with a local target of 30 %; a small country of regions),
 * solved cold, then drawn warm as risk draws them (every segment's clients moved): at every
 * basis that is a tree, the tree's duals and values are GLPK's to 1e-9; and the LP that
 * takes trees gives the placement, the duals and the cost of the one that factorizes them to
 * 1e-9 as well. Most bases are trees. */
static void test_tree_against_factorization(void **state)
{
    (void)state;
    char dir[512];
    for (int k = 0; k < 2; k++) {
        ls_model *m =
            k == 0 ? fx_village_with_target(dir, sizeof dir) : fx_regions(3, dir, sizeof dir);
        ls_stage1_options opts;
        ls_stage1_options_init(&opts);
        ls_stage1 tree, lu;
        fx_stage1_solved(m, &opts, &tree);
        opts.no_tree = 1;
        fx_stage1_solved(m, &opts, &lu);
        size_t ns = m->n_segments, nc = m->n_contracts;
        double *base = malloc(ns * sizeof(double));
        assert_non_null(base);
        for (size_t s = 0; s < ns; s++)
            base[s] = m->segments[s].clients;
        int trees = 0;
        for (int d = 0; d < 6; d++) {
            for (size_t s = 0; s < ns; s++)
                m->segments[s].clients = floor(base[s] * (0.85 + 0.07 * ((d + (int)s) % 5)));
            ls_errors errs = {0};
            assert_int_equal(ls_components_solve(&tree, &errs), LS_OK);
            assert_int_equal(ls_components_solve(&lu, &errs), LS_OK);
            for (size_t j = 0; j < nc; j++)
                assert_true(fabs(tree.x[j] - lu.x[j]) <= 1e-9 * (1 + fabs(lu.x[j])));
            for (size_t s = 0; s < ns; s++) {
                assert_true(fabs(tree.u[s] - lu.u[s]) <= 1e-9 * (1 + fabs(lu.u[s])));
                double a = tree.demand_dual[s], b = lu.demand_dual[s];
                assert_true(fabs(a - b) <= 1e-9 * (1 + fabs(b)));
            }
            assert_true(fabs(tree.objective - lu.objective) <= 1e-9 * (1 + fabs(lu.objective)));
            int *stat = statuses(&tree);
            if (ls_basis_tree_make(&tree, stat))
                trees++, tree_as_glpk(&tree, stat);
            free(stat);
        }
        assert_true(trees >= 4);
        assert_true(tree.tree_bases >= 4);
        assert_int_equal(lu.tree_bases, 0);
        free(base);
        ls_stage1_free(&tree);
        ls_stage1_free(&lu);
        ls_model_free(m);
        fx_remove(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_by_hand),
        cmocka_unit_test(test_tree_against_factorization),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
