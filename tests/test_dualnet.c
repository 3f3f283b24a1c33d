/*
 * test_dualnet.c — the dual simplex on the network of demand and capacity rows
 * (solver/lp/dualnet.c), which re-solves risk draws and sweep steps before GLPK's simplex:
 * pivots by hand, the fallback to GLPK's where a side row would break, and the same bits as
 * GLPK's path after moves of demand and of costs. (test_network.c's warm draws check it
 * against cold solves and the lexicographic optimum on generated models.)
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "components.h"
#include "dualnet.h"
#include "fixture.h"
#include "lumpsum.h"
#include "model.h"
#include "stage1.h"

/* Both re-solved; they must agree to the bit. */
static void resolve_pair(ls_stage1 *net, ls_stage1 *glpk)
{
    ls_errors errs = {0};
    assert_int_equal(ls_components_solve(net, &errs), LS_OK);
    assert_int_equal(ls_components_solve(glpk, &errs), LS_OK);
    ls_errors_clear(&errs);
    for (size_t j = 0; j < net->m->n_contracts; j++)
        if (net->x[j] != glpk->x[j])
            fail_msg("contract %zu has %.17g clients, %.17g by GLPK's path", j, net->x[j],
                     glpk->x[j]);
    assert_true(net->objective == glpk->objective);
}

/* The model by hand below: s1 and s2 of the base fixture, A with 720 hours and B without a
 * capacity row, max_shift 0.2. */
static ls_model *by_hand(char **dir)
{
    fx_file files[] = {{"providers.csv", "provider,name,cao,local,capacity_hours,min_budget,"
                                         "max_budget,quality,employer_charges,unproductive,"
                                         "overhead,margin\n"
                                         "A,Alpha,vvt,1,720,,,8,,,,\n"
                                         "B,Beta,ghz,0,,,,6,0.25,0.15,0.12,0.04\n"},
                       {"budget.csv", "key,value\nyear,2025\nbudget,100000\nmax_shift,0.2\n"}};
    return fx_read(files, 2, dir);
}

/* Two stage-1 LPs of m, one re-solving by the network's dual simplex and one by GLPK's
 * alone, both solved once. */
static void solve_pair(ls_model *m, ls_stage1 *net, ls_stage1 *glpk)
{
    ls_stage1_options opts;
    ls_stage1_options_init(&opts);
    assert_int_equal(ls_stage1_build(m, 0, &opts, net), LS_OK);
    opts.glpk_resolve = 1;
    assert_int_equal(ls_stage1_build(m, 0, &opts, glpk), LS_OK);
    resolve_pair(net, glpk);
}

/* The dual simplex on the network (dualnet.c) by hand. s1 (10 clients of 10 hours a month:
 * 120 hours a year each) has A (cheaper, 720 hours: 6 clients) and B (no capacity row);
 * today A has 6 and B 4, max_shift 0.2. The base: A full at 6 (its capacity row at its
 * bound), B 4 (above its continuity 0.8 · 4 = 3.2); s2's 4 clients with B. Then s1 draws 5:
 * continuity scales by 5/10, to A 2.4 and B 1.6. From the base basis A still takes its 720
 * hours (6 clients), so B would take 5 − 6 = −1, below its 1.6: B's contract leaves at 1.6,
 * A's capacity slack enters, one pivot, A 5 − 1.6 = 3.4 (408 hours). Then s1 draws 12
 * (continuity unscaled: A 4.8, B 3.2), from that basis: B at its bound 3.2 leaves A 8.8
 * clients, 1,056 hours, over its 720: A's slack leaves at the capacity, B's contract
 * enters, one pivot: A 6, B 12 − 6 = 6. GLPK's dual simplex agrees to the bit (the same
 * basis, the figures from it alone). */
static void test_dualnet_by_hand(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = by_hand(&dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    /* contracts: A s1, B s1, B s2 */
    assert_near(net.x[0], 6, 1e-12);
    assert_near(net.x[1], 4, 1e-12);
    double draws[] = {5, 12}, want_a[] = {3.4, 6}, want_b[] = {1.6, 6};
    long pivots[] = {1, 2}; /* so far */
    for (int k = 0; k < 2; k++) {
        m->segments[0].clients = draws[k];
        resolve_pair(&net, &glpk);
        ls_dualnet_stats st = ls_dualnet_get_stats(&net);
        assert_int_equal(st.solved, k + 1);
        assert_int_equal(st.pivots, pivots[k]);
        assert_near(net.x[0], want_a[k], 1e-12);
        assert_near(net.x[1], want_b[k], 1e-12);
        assert_near(net.x[2], 4, 1e-12);
        assert_int_equal(ls_dualnet_get_stats(&glpk).tried, 0);
    }
    ls_stage1_free(&net);
    ls_stage1_free(&glpk);
    ls_model_free(m);
    fx_remove(dir);
}

/* Where the network's answer breaks a side row, GLPK's simplex re-solves from the same
 * start: the by-hand model with A local and a local target between the base's share and the
 * draw's. Base: A 6 of s1's 10 clients, B 4 of s1 and s2's 4, at reference prices r1 (s1's
 * lowest floor, A's) and r2 (s2's): share 6·r1 / (10·r1 + 4·r2). The draw of 5 clients: A
 * 3.4 (B keeps its 1.6), share 3.4·r1 / (5·r1 + 4·r2), below the target, and no placement
 * reaches it (A cannot take more of s1, s2 has B alone): the network's placement is refused,
 * the lexicographic priorities find the least shortfall, and both ways give the same bits. */
static void test_dualnet_side_row(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = by_hand(&dir);
    double r1 = m->segments[0].ref_floor, r2 = m->segments[1].ref_floor;
    double base = 6 * r1 / (10 * r1 + 4 * r2), drawn = 3.4 * r1 / (5 * r1 + 4 * r2);
    m->policy.local_share_min = (base + drawn) / 2;
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    assert_near(net.x[0], 6, 1e-12);
    m->segments[0].clients = 5;
    resolve_pair(&net, &glpk);
    ls_dualnet_stats st = ls_dualnet_get_stats(&net);
    assert_int_equal(st.tried, 1);
    assert_int_equal(st.solved, 0);
    assert_true(net.lex && net.local_shortfall[LS_LOCAL_ALL] > 0);
    assert_near(net.x[0], 3.4, 1e-9);
    ls_stage1_free(&net);
    ls_stage1_free(&glpk);
    ls_model_free(m);
    fx_remove(dir);
}

/* After a change of costs (wage index steps, as a sweep makes them; the floors, the
 * max_budget rows and the local row move) the network's dual simplex finishes where the
 * start is still dual feasible, GLPK's primal where it is not: both give the bits GLPK's
 * path alone gives, and the network's did finish some. */
static void test_dualnet_costs(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = fx_generated("midsize", 2, dir, sizeof dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    for (int k = 1; k <= 8; k++) {
        char value[32], msg[256];
        snprintf(value, sizeof value, "%.4f", 0.005 * k);
        assert_int_equal(ls_model_set(m, "wage_index", value, msg, sizeof msg), LS_OK);
        ls_model_compute(m, NULL);
        resolve_pair(&net, &glpk);
    }
    ls_dualnet_stats st = ls_dualnet_get_stats(&net);
    assert_int_equal(st.tried, 8);
    assert_true(st.solved >= 1);
    ls_stage1_free(&net);
    ls_stage1_free(&glpk);
    ls_model_free(m);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dualnet_by_hand),
        cmocka_unit_test(test_dualnet_side_row),
        cmocka_unit_test(test_dualnet_costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
