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
#include <string.h>

#include <cmocka.h>
#include <glpk.h>

#include "components.h"
#include "dualnet.h"
#include "fixture.h"
#include "lumpsum.h"
#include "model.h"
#include "nettree.h"
#include "stage1.h"
#include "stage1_fixture.h"
#include "stage1_lp.h"

/* The network's count of the variables that may fall, per node and part of its list (the
 * ratio test skips a part without one), is what its statuses give: recounted here. */
static void falls_counted(const ls_stage1 *s1)
{
    const ls_dualnet *d = s1->dualnet;
    if (!d)
        return;
    for (int i = 1; i <= d->nr; i++) {
        int want[3] = {0, 0, 0};
        for (int a = d->adj_start[i]; a < d->adj_start[i + 1]; a++) {
            int st = d->stat[d->adj[a]];
            int part = a < d->adj_mid[i] ? 0 : a < d->adj_in[i] ? 1 : 2;
            want[part] += st == GLP_NU || st == GLP_NF;
        }
        for (int part = 0; part < 3; part++)
            if (d->n_fall[3 * i + part] != want[part])
                fail_msg("node %d, part %d: %d counted to fall, %d by their statuses", i, part,
                         d->n_fall[3 * i + part], want[part]);
    }
}

/* Both re-solved; they must agree to the bit. */
static void resolve_pair(ls_stage1 *net, ls_stage1 *glpk)
{
    ls_errors errs = {0};
    assert_int_equal(ls_components_solve(net, &errs), LS_OK);
    assert_int_equal(ls_components_solve(glpk, &errs), LS_OK);
    ls_errors_clear(&errs);
    falls_counted(net);
    for (size_t j = 0; j < net->m->n_contracts; j++)
        if (net->x[j] != glpk->x[j])
            fail_msg("contract %zu has %.17g clients, %.17g by GLPK's path", j, net->x[j],
                     glpk->x[j]);
    assert_true(net->objective == glpk->objective);
}

/* The two LPs, their model and its folder, freed. */
static void free_pair(ls_stage1 *net, ls_stage1 *glpk, ls_model *m, const char *dir)
{
    ls_stage1_free(net);
    ls_stage1_free(glpk);
    ls_model_free(m);
    fx_remove(dir);
}

/* The model by hand below: s1 and s2 of the base fixture, A with 720 hours and B without a
 * capacity row, max_shift 0.2. */
static ls_model *by_hand(char **dir)
{
    fx_file files[] = {{"providers.csv", fx_providers_a720},
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
    free_pair(&net, &glpk, m, dir);
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
    /* the cold solve (the local row keeps the LP whole): the dual start has each segment's
     * cheapest contract basic, s1's A (through A's capacity slack) and s2's B, and B's s1
     * contract at its continuity bound 0.8 · 4 = 3.2, so A would take 10 − 3.2 = 6.8
     * clients, 816 hours of its 720: one pivot, A's slack leaves at the capacity and B's
     * s1 contract enters, A 6, B 4, the share 6·r1 / (10·r1 + 4·r2) above the target */
    ls_dualnet_stats st0 = ls_dualnet_get_stats(&net);
    assert_int_equal(st0.tried, 1);
    assert_int_equal(st0.solved, 1);
    assert_int_equal(st0.pivots, 1);
    assert_near(net.x[1], 4, 1e-12);
    m->segments[0].clients = 5;
    resolve_pair(&net, &glpk);
    ls_dualnet_stats st = ls_dualnet_get_stats(&net);
    assert_int_equal(st.tried - st0.tried, 1);
    assert_int_equal(st.solved - st0.solved, 0);
    assert_true(net.lex && net.local_shortfall[LS_LOCAL_ALL] > 0);
    assert_near(net.x[0], 3.4, 1e-9);
    free_pair(&net, &glpk, m, dir);
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
    ls_dualnet_stats st0 = ls_dualnet_get_stats(&net); /* the cold solve's */
    for (int k = 1; k <= 8; k++) {
        char value[32], msg[256];
        snprintf(value, sizeof value, "%.4f", 0.005 * k);
        assert_int_equal(ls_model_set(m, "wage_index", value, msg, sizeof msg), LS_OK);
        ls_model_compute(m, NULL);
        resolve_pair(&net, &glpk);
    }
    ls_dualnet_stats st = ls_dualnet_get_stats(&net);
    assert_int_equal(st.tried - st0.tried, 8);
    assert_true(st.solved - st0.solved >= 1);
    free_pair(&net, &glpk, m, dir);
}

/* Column j holds the same entries, in the same order and to the bit, in both LPs. */
static void same_entries(glp_prob *pa, int ka, const ls_stage1 *b, int j)
{
    size_t n = (size_t)glp_get_num_rows(b->lp) + 1;
    int *ia = malloc(2 * n * sizeof(int)), *ib = ia + n;
    double *va = malloc(2 * n * sizeof(double)), *vb = va + n;
    assert_non_null(ia);
    assert_non_null(va);
    int la = glp_get_mat_col(pa, ka, ia, va), lb = glp_get_mat_col(b->lp, j, ib, vb);
    if (la != lb)
        fail_msg("column %d: %d entries, %d in the other LP", j, la, lb);
    for (int k = 1; k <= la; k++)
        if (ia[k] != ib[k] || va[k] != vb[k])
            fail_msg("column %d, entry %d: row %d %.17g, the other LP row %d %.17g", j, k, ia[k],
                     va[k], ib[k], vb[k]);
    free(ia);
    free(va);
}

static void same_column(const ls_stage1 *a, const ls_stage1 *b, int j)
{
    same_entries(a->lp, j, b, j);
}

/* Every basic column of a's last factorization (the problem of its basic columns,
 * stage1_lu.c, whose other columns are free places) as b's LP holds it: the same entries in
 * the same order. Returns how many. */
static int factorized_as(const ls_stage1 *a, const ls_stage1 *b)
{
    if (a->lu_at == a->lp) {
        for (int j = 1; j <= glp_get_num_cols(a->lp); j++)
            if (glp_get_col_stat(a->lp, j) == GLP_BS)
                same_column(a, b, j);
        return 1;
    }
    int n = a->lu_at ? glp_get_num_cols(a->lu_at) : 0, basic = 0;
    for (int k = 1; k <= n; k++)
        if (glp_get_col_stat(a->lu_at, k) == GLP_BS)
            same_entries(a->lu_at, k, b, a->lu_col[k]), basic++;
    return basic;
}

/* A wage step rewrites the local row and every max_budget row (each has a floor that moved):
 * while the network re-solves they wait in stage 1, the settle's factorization takes their
 * basic columns' entries from there, and GLPK gets the whole rows before anything else
 * reads the LP. On Brunssum (one provider with a max_budget; a local target of 30 %) over
 * four wage steps: the local row and that max_budget row wait after the network's
 * re-solves, the placements are GLPK's path's to the bit (it writes the rows whole before
 * its simplex), every column of the network's last factorization holds what the other LP
 * holds in it, in the same order (the factorization reads them so), and after a flush every
 * column of the LP does. */
static void test_dualnet_pending_rows(void **state)
{
    (void)state;
    char msg[256];
    ls_model *m = fx_bundled("brunssum", "local_share_min", "0.3");
    ls_stage1 net, glpk;
    /* every step's basis factorized (one kept from the step before holds the side rows'
     * entries it was made with: stage1_lu.c) */
    ls_stage1_options opts;
    ls_stage1_options_init(&opts);
    opts.lu_fresh = 1;
    opts.no_tree = 1; /* (the factorization itself is what is compared) */
    assert_int_equal(ls_stage1_build(m, 0, &opts, &net), LS_OK);
    opts.lu_fresh = 0, opts.glpk_resolve = 1;
    assert_int_equal(ls_stage1_build(m, 0, &opts, &glpk), LS_OK);
    resolve_pair(&net, &glpk);
    int waited = 0, nc = glp_get_num_cols(net.lp), budget_rows = 0;
    for (size_t p = 0; p < m->n_providers; p++)
        budget_rows += net.budget_row[p] != 0;
    assert_true(budget_rows >= 1);
    for (int k = 1; k <= 4; k++) {
        char value[32];
        snprintf(value, sizeof value, "%.4f", 0.005 * k);
        assert_int_equal(ls_model_set(m, "wage_index", value, msg, sizeof msg), LS_OK);
        ls_model_compute(m, NULL);
        resolve_pair(&net, &glpk);
        assert_int_equal(glpk.n_pend_list, 0);
        if (net.n_pend_list == 0)
            continue;
        waited++;
        assert_true(factorized_as(&net, &glpk) > 0);
    }
    assert_true(waited >= 1);
    ls_stage1_lp_flush(&net);
    assert_int_equal(net.n_pend_list, 0);
    for (int j = 1; j <= nc; j++)
        same_column(&net, &glpk, j);
    ls_stage1_free(&net);
    ls_stage1_free(&glpk);
    ls_model_free(m);
}

/* s1 solved afresh (cold) must place as the warm re-solve did: the same optimum. */
static void same_as_cold(ls_model *m, const ls_stage1 *warm)
{
    ls_stage1 cold;
    fx_stage1_solved(m, NULL, &cold);
    assert_true(fabs(cold.objective - warm->objective) <= 1e-9 * fabs(cold.objective));
    for (size_t j = 0; j < m->n_contracts; j++)
        if (fabs(cold.x[j] - warm->x[j]) > 1e-6 * (1 + fabs(cold.x[j])))
            fail_msg("contract %zu: %.17g clients warm, %.17g cold", j, warm->x[j], cold.x[j]);
    ls_stage1_free(&cold);
}

/* The objective GLPK holds is the model's as it stands, column by column (the network and
 * the tie-break compute costs from the model: a stale objective in GLPK would show only where
 * GLPK's simplex takes over). */
static void objective_in_lp(const ls_stage1 *s1)
{
    for (int j = 1; j <= glp_get_num_cols(s1->lp); j++)
        if (glp_get_obj_coef(s1->lp, j) != ls_stage1_lp_objective_coef(s1, j))
            fail_msg("column %d: %.17g in the LP, %.17g by the model", j,
                     glp_get_obj_coef(s1->lp, j), ls_stage1_lp_objective_coef(s1, j));
}

/* The same once what a warm sync left in the mirror is written. */
static void objective_synced(ls_stage1 *s1)
{
    ls_stage1_lp_flush(s1);
    assert_int_equal(s1->obj_pending, 0);
    objective_in_lp(s1);
}

/* The local rows' entries a warm sync caches are the model's as it stands. */
static void local_cache_synced(const ls_stage1 *s1)
{
    assert_true(s1->local_cached);
    const ls_model *m = s1->m;
    for (size_t j = 0; j < m->n_contracts; j++) {
        int own = 1 + m->segments[m->contracts[j].segment].domain;
        assert_true(ls_stage1_local_all(s1->local_seg, s1->local_kind, s1->col_seg, j) ==
                    ls_stage1_lp_local_coef(s1, j, LS_LOCAL_ALL));
        assert_true(ls_stage1_local_own(s1->local_seg, s1->local_kind, s1->col_seg, j) ==
                    ls_stage1_lp_local_coef(s1, j, own));
    }
}

/* The local rows as GLPK holds them once the pending ones are written: each contract's entry
 * the model's as it stands (0: none), in every row. */
static void local_rows_synced(ls_stage1 *s1)
{
    ls_stage1_lp_flush(s1);
    const ls_model *m = s1->m;
    size_t nc = m->n_contracts;
    int *ind = calloc(nc + 2, sizeof(int));
    double *val = calloc(nc + 2, sizeof(double)), *dense = calloc(nc + 1, sizeof(double));
    assert_non_null(ind), assert_non_null(val), assert_non_null(dense);
    for (int k = 0; k < LS_N_LOCAL; k++) {
        memset(dense, 0, (nc + 1) * sizeof(double));
        int len = glp_get_mat_row(s1->lp, s1->local_row[k], ind, val);
        for (int i = 1; i <= len; i++) {
            assert_true(ind[i] >= 1 && (size_t)ind[i] <= nc); /* contracts alone */
            dense[ind[i] - 1] = val[i];
        }
        for (size_t j = 0; j < nc; j++)
            if (dense[j] != ls_stage1_lp_local_coef(s1, j, k))
                fail_msg("local row %d, contract %zu: %.17g in the LP, %.17g by the model", k, j,
                         dense[j], ls_stage1_lp_local_coef(s1, j, k));
    }
    free(ind), free(val), free(dense);
}

/* Sets key to value in m, computes it and re-solves both LPs. */
static void set_and_resolve(ls_model *m, const char *key, const char *value, ls_stage1 *net,
                            ls_stage1 *glpk)
{
    char msg[256];
    assert_int_equal(ls_model_set(m, key, value, msg, sizeof msg), LS_OK);
    ls_model_compute(m, NULL);
    resolve_pair(net, glpk);
}

/* A warm sync keeps the contracts' objective when nothing it is made of moved (a demand
 * draw); each of those inputs moved alone must reach the LP. On the by-hand model: two
 * demand steps (s1 9, then 8 clients; the second sync makes the mirror, the third keeps the
 * objective), then the quality value at a millionth of a euro a year per quality point:
 * the basis stays optimal, the network re-solves without GLPK's simplex, and only the sync
 * puts the new objective in the LP: in its mirror, GLPK keeping the old one up to a flush.
 * Then 5,000 euros a point (A's quality 8 earns 10,000 a year a client more than B's 6, more
 * than the floors differ) and today's clients swapped (A none, B's s2 contract none, B's s1
 * one), which move the preference and the continuity bounds. After each step the LP holds
 * the model's objective once flushed, and the warm re-solves
 * (network and GLPK's path, to the bit) place as a cold solve of the same model does. Then
 * the local rows: a target, a contract made unusable, a wage step and a domain's target,
 * after each of which the cached entries, and at the end the rows GLPK holds, are the
 * model's. */
static void test_dualnet_cost_inputs(void **state)
{
    (void)state;
    char *dir, msg[256];
    ls_model *m = by_hand(&dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    for (int k = 0; k < 2; k++) {
        m->segments[0].clients = 9 - k;
        resolve_pair(&net, &glpk);
        objective_synced(&net);
        same_as_cold(m, &net);
    }
    long solved = ls_dualnet_get_stats(&net).solved;
    assert_int_equal(ls_model_set(m, "quality_value", "0.000001", msg, sizeof msg), LS_OK);
    ls_model_compute(m, NULL);
    double before = glp_get_obj_coef(net.lp, 1);
    resolve_pair(&net, &glpk);
    assert_int_equal(ls_dualnet_get_stats(&net).solved, solved + 1);
    /* re-solved by the network alone: the new objective waits in the mirror */
    assert_int_equal(net.obj_pending, 1);
    assert_true(glp_get_obj_coef(net.lp, 1) == before);
    assert_true(before != ls_stage1_lp_objective_coef(&net, 1));
    objective_synced(&net);
    same_as_cold(m, &net);
    set_and_resolve(m, "quality_value", "5000", &net, &glpk);
    objective_synced(&net);
    same_as_cold(m, &net);
    for (size_t j = 0; j < m->n_contracts; j++)
        m->contracts[j].current_clients = m->contracts[j].current_clients > 0 ? 0 : 1;
    ls_model_compute(m, NULL);
    resolve_pair(&net, &glpk);
    objective_synced(&net);
    same_as_cold(m, &net);
    /* the local entries: a target of 30 % (A is local), then B's s1 contract unusable (s1's
     * max_tariff between A's floor and B's: no floor and no reference price moves, B's
     * entry goes to 0) */
    local_cache_synced(&net);
    set_and_resolve(m, "local_share_min", "0.3", &net, &glpk);
    local_cache_synced(&net);
    same_as_cold(m, &net);
    double fa = m->contracts[0].floor_tariff, fb = m->contracts[1].floor_tariff;
    assert_true(fa < fb);
    assert_true(ls_stage1_lp_local_coef(&net, 1, LS_LOCAL_ALL) != 0);
    m->segments[0].max_tariff = (fa + fb) / 2;
    ls_model_compute(m, NULL);
    assert_false(m->contracts[1].usable);
    resolve_pair(&net, &glpk);
    local_cache_synced(&net);
    assert_true(net.local_kind[1] == 0); /* B not usable: no entry */
    assert_true(ls_stage1_local_all(net.local_seg, net.local_kind, net.col_seg, 1) == 0);
    local_rows_synced(&net); /* B's entry gone from the LP's rows too */
    same_as_cold(m, &net);
    /* s1's ceiling gone again, and a wage step: every reference price moves (the rows written
     * again from the cache made first); then a domain's target of its own gives its row
     * entries (s1 is a wmo segment: A's contract has one) */
    m->segments[0].max_tariff = NAN;
    solved = ls_dualnet_get_stats(&net).solved;
    set_and_resolve(m, "wage_index", "0.05", &net, &glpk);
    local_cache_synced(&net);
    same_as_cold(m, &net);
    /* the network gave this step up (B free again moves a bound's kind) and GLPK's simplex
     * solved it: the flush before it wrote the moved objective, and GLPK holds it */
    assert_int_equal(ls_dualnet_get_stats(&net).solved, solved);
    assert_int_equal(net.obj_pending, 0);
    objective_in_lp(&net);
    set_and_resolve(m, "local_share_min.wmo", "0.2", &net, &glpk);
    local_cache_synced(&net);
    assert_true(ls_stage1_local_own(net.local_seg, net.local_kind, net.col_seg, 0) != 0);
    local_rows_synced(&net);
    same_as_cold(m, &net);
    /* a second domain's target: each domain row holds its own domain's contracts alone */
    set_and_resolve(m, "local_share_min.jeugd", "0.1", &net, &glpk);
    local_cache_synced(&net);
    local_rows_synced(&net);
    same_as_cold(m, &net);
    free_pair(&net, &glpk, m, dir);
}

/* A warm re-solve by the network leaves the contracts' moved bounds in stage 1's mirror
 * (GLPK keeps the statuses they would leave): whatever reads the LP next gets them first.
 * The by-hand model's draw of 5 clients moves the continuity bounds of s1's two contracts
 * from today's 6 and 4 less the shift of 0.2 (A 4.8, B 3.2) to half of that (5 of 10
 * clients: A 2.4, B 1.6); GLPK keeps the base's until an export (which takes the
 * perturbation off first) needs them. */
static void test_dualnet_deferred_bounds(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = by_hand(&dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    m->segments[0].clients = 5;
    resolve_pair(&net, &glpk);
    assert_int_equal(ls_dualnet_get_stats(&net).solved, 1);
    assert_int_equal(net.n_lazy, 2);
    assert_near(glp_get_col_lb(net.lp, 1), 4.8, 1e-12);
    ls_stage1_unperturb(&net);
    assert_int_equal(net.n_lazy, 0);
    assert_near(glp_get_col_lb(net.lp, 1), 2.4, 1e-12);
    assert_near(glp_get_col_lb(net.lp, 2), 1.6, 1e-12);
    for (int j = 1; j < net.u_col0; j++) {
        double lo, hi;
        int type = ls_stage1_lp_contract_bounds(&net, (size_t)j - 1, &lo, &hi);
        assert_int_equal(glp_get_col_type(net.lp, j), type);
        assert_true(glp_get_col_lb(net.lp, j) == lo);
    }
    free_pair(&net, &glpk, m, dir);
}

/* The word that clients alone moved since the last solve (a risk draw,
 * ls_planner_clients_moved): continuity computes again only the contracts with today's
 * clients at a usable contract, listed by the pass before, and the sync writes only theirs.
 * The by-hand model with B s2 idle today (no clients: not listed), s1 drawn as in
 * test_dualnet_by_hand, then 6: at 5 clients continuity scales by 5/10, A 0.8 · 6 · 0.5 = 2.4
 * and B 0.8 · 4 · 0.5 = 1.6; at 12 it does not, A 4.8 and B 3.2; at 6 by 6/10, A 2.88 and B
 * 1.92; B s2 stays at 0. The first two placements are those of test_dualnet_by_hand; at 6,
 * from the basis of 12 (A 6, B 6), B would take 0: it leaves at its new bound 1.92, which
 * only the listed write gave the LP, A's slack enters, A 6 − 1.92 = 4.08. Each draw gives the
 * bits of the other LP's full passes. */
static void test_dualnet_clients_only(void **state)
{
    (void)state;
    char *dir;
    fx_file files[] = {{"providers.csv", fx_providers_a720},
                       {"contracts.csv", "provider,segment,current_clients,max_clients\n"
                                         "A,s1,6,\nB,s1,4,\nB,s2,0,\n"},
                       {"budget.csv", "key,value\nyear,2025\nbudget,100000\nmax_shift,0.2\n"}};
    ls_model *m = fx_read(files, 3, &dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    assert_true(net.cont_listed);
    assert_int_equal(net.n_cont_list, 2);
    for (int k = 0; k < 2; k++)
        assert_int_equal(net.cont_list[k], k);
    double draws[] = {5, 12, 6}, want_a[] = {2.4, 4.8, 2.88}, want_b[] = {1.6, 3.2, 1.92};
    double x_a[] = {3.4, 6, 4.08}, x_b[] = {1.6, 6, 1.92};
    for (int k = 0; k < 3; k++) {
        m->segments[0].clients = draws[k];
        net.clients_only = 1;
        resolve_pair(&net, &glpk);
        net.clients_only = 0;
        assert_int_equal(ls_dualnet_get_stats(&net).solved, k + 1);
        assert_near(net.lower[0], want_a[k], 1e-12);
        assert_near(net.lower[1], want_b[k], 1e-12);
        assert_true(net.lower[2] == 0);
        assert_near(net.x[0], x_a[k], 1e-12);
        assert_near(net.x[1], x_b[k], 1e-12);
        for (size_t j = 0; j < 3; j++)
            assert_true(net.lower[j] == glpk.lower[j]);
    }
    free_pair(&net, &glpk, m, dir);
}

/* Where the bounds at today's clients break no provider's limit (cont_fits), a clients-only
 * pass recomputes the bounds of the segments whose scale moved alone, and the sync writes
 * theirs alone. The by-hand model: A's 0.8 · 6 = 4.8 clients take 576 of its 720 hours, so
 * it fits. s1 draws 5 (scale 5/10: A 2.4, B 1.6) while s2 keeps its 4 clients (scale 1: B
 * s2 0.8 · 4 = 3.2); then s2 draws 2 (scale 2/4: B s2 1.6) while s1 keeps 5. The placements
 * (s1 as test_dualnet_by_hand: A 3.4, B 1.6; s2 all with B, 4 then 2) are GLPK's path's,
 * whose syncs pass every contract, to the bit. */
static void test_dualnet_clients_fits(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = by_hand(&dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    double s1[] = {5, 5}, s2[] = {4, 2}, want[][3] = {{2.4, 1.6, 3.2}, {2.4, 1.6, 1.6}};
    double x[][3] = {{3.4, 1.6, 4}, {3.4, 1.6, 2}};
    for (int k = 0; k < 2; k++) {
        m->segments[0].clients = s1[k];
        m->segments[1].clients = s2[k];
        net.clients_only = 1;
        resolve_pair(&net, &glpk);
        net.clients_only = 0;
        assert_int_equal(net.cont_fits, 1);
        assert_int_equal(net.n_cont_moved, 0); /* written */
        for (size_t j = 0; j < 3; j++) {
            assert_near(net.lower[j], want[k][j], 1e-12);
            assert_true(net.lower[j] == glpk.lower[j]);
            assert_near(net.x[j], x[k][j], 1e-12);
        }
    }
    free_pair(&net, &glpk, m, dir);
}

/* Where they do not fit, every clients-only pass computes every listed bound and the
 * providers' factors. A with 500 hours: its 4.8 clients today would take 576, so its bound
 * is scaled to 500 / 120 = 4.1667 clients. s1 draws 5 (A 2.4: 288 hours, within 500; the
 * fit is looked at on the next draw, a pass without a factor before it), then 12 (scale 1:
 * A 4.8 once more, scaled to 4.1667 again), as GLPK's path computes them. */
static void test_dualnet_clients_no_fit(void **state)
{
    (void)state;
    char *dir;
    fx_file files[] = {{"providers.csv", "provider,name,cao,local,capacity_hours,min_budget,"
                                         "max_budget,quality,employer_charges,unproductive,"
                                         "overhead,margin\n"
                                         "A,Alpha,vvt,1,500,,,8,,,,\n"
                                         "B,Beta,ghz,0,,,,6,0.25,0.15,0.12,0.04\n"},
                       {"budget.csv", "key,value\nyear,2025\nbudget,100000\nmax_shift,0.2\n"}};
    ls_model *m = fx_read(files, 2, &dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    assert_near(net.lower[0], 500.0 / 120, 1e-12);
    double draws[] = {5, 12}, want_a[] = {2.4, 500.0 / 120};
    for (int k = 0; k < 2; k++) {
        m->segments[0].clients = draws[k];
        net.clients_only = 1;
        resolve_pair(&net, &glpk);
        net.clients_only = 0;
        assert_true(net.cont_fits != 1); /* unknown after a pass that scaled, then 0 */
        assert_near(net.lower[0], want_a[k], 1e-12);
        for (size_t j = 0; j < 3; j++)
            assert_true(net.lower[j] == glpk.lower[j]);
    }
    free_pair(&net, &glpk, m, dir);
}

/* The network's balances where a provider's contracts do not come together in the file: A's
 * s2 contract after B's s1 one, so that the load adds into A's node in two runs (the sum
 * taken up again where it was left; A's s1 contract, at most 5 clients, sits at that bound).
 * The by-hand providers, A also in s2 (today 2 of its 4 clients, B 2, 5 hours a month),
 * three draws of both segments: each placement GLPK's path's to the bit. */
static void test_dualnet_split_provider(void **state)
{
    (void)state;
    char *dir;
    fx_file files[] = {{"providers.csv", fx_providers_a720},
                       {"contracts.csv", "provider,segment,current_clients,max_clients\n"
                                         "A,s1,6,5\nB,s1,4,\nA,s2,2,\nB,s2,2,\n"},
                       {"segments.csv", "segment,product,intensity,complexity,domain,area,"
                                        "clients,hours,scale,max_tariff\n"
                                        "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
                                        "s2,begeleiding,licht,basis,jeugd,all,4,5,niveau3,\n"},
                       {"budget.csv", "key,value\nyear,2025\nbudget,100000\nmax_shift,0.2\n"}};
    ls_model *m = fx_read(files, 4, &dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    double s1[] = {5, 12, 7}, s2[] = {3, 6, 2};
    for (int k = 0; k < 3; k++) {
        m->segments[0].clients = s1[k];
        m->segments[1].clients = s2[k];
        resolve_pair(&net, &glpk);
    }
    assert_true(ls_dualnet_get_stats(&net).solved > 0);
    free_pair(&net, &glpk, m, dir);
}

/* A start that is the last one's (the same statuses, the same costs) was found dual
 * feasible then, so it is now: the check is not made again (risk draws all start from the
 * base's basis). The by-hand model: s1 draws 5 (one pivot, as in test_dualnet_by_hand: A
 * 3.4, B at its bound 1.6), then 5 again (no pivot: the start is optimal, and checked), then
 * 4 from that same start, unchecked: continuity A 0.8 · 6 · 0.4 = 1.92, B 0.8 · 4 · 0.4 =
 * 1.28, B stays at its bound, A 4 − 1.28 = 2.72 (within its 720 hours), no pivot. Each
 * draw gives the bits of GLPK's path. */
static void test_dualnet_kept_start(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = by_hand(&dir);
    ls_stage1 net, glpk;
    solve_pair(m, &net, &glpk);
    double draws[] = {5, 5, 4}, want_a[] = {3.4, 3.4, 2.72}, want_b[] = {1.6, 1.6, 1.28};
    long pivots[] = {1, 1, 1}, kept[] = {0, 0, 1}; /* so far */
    for (int k = 0; k < 3; k++) {
        m->segments[0].clients = draws[k];
        resolve_pair(&net, &glpk);
        ls_dualnet_stats st = ls_dualnet_get_stats(&net);
        assert_int_equal(st.solved, k + 1);
        assert_int_equal(st.pivots, pivots[k]);
        assert_int_equal(st.kept, kept[k]);
        assert_near(net.x[0], want_a[k], 1e-12);
        assert_near(net.x[1], want_b[k], 1e-12);
    }
    free_pair(&net, &glpk, m, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dualnet_by_hand),
        cmocka_unit_test(test_dualnet_side_row),
        cmocka_unit_test(test_dualnet_costs),
        cmocka_unit_test(test_dualnet_cost_inputs),
        cmocka_unit_test(test_dualnet_deferred_bounds),
        cmocka_unit_test(test_dualnet_clients_only),
        cmocka_unit_test(test_dualnet_clients_fits),
        cmocka_unit_test(test_dualnet_clients_no_fit),
        cmocka_unit_test(test_dualnet_split_provider),
        cmocka_unit_test(test_dualnet_pending_rows),
        cmocka_unit_test(test_dualnet_kept_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
