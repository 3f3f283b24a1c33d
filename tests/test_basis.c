/*
 * test_basis.c — the basis the network's re-solve leaves waiting for GLPK (solver/lp/dualnet.c,
 * ls_stage1_lp_stat_flush in solver/lp/stage1_sync.c): while it waits, GLPK holds the
 * statuses the solve started from; after the flush, the solve's. And a tariff step after a
 * scenario's reset (the continuity bounds kept only where usability stands). And the
 * factorization a wage step without a pivot keeps (solver/lp/stage1_lu.c), and the matrix
 * GLPK gets only when it reads it (solver/lp/stage1_rows.c).
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
#include "planner.h"
#include "scenario.h"
#include "stage1.h"
#include "stage1_fixture.h"
#include "stage1_lp.h"
#include "stage1_lu.h"

/* The LP's statuses, checked against want[1 .. columns + rows]. */
static void statuses_are(const ls_stage1 *s1, const int *want, const char *what, int draw)
{
    int nc = glp_get_num_cols(s1->lp), nr = glp_get_num_rows(s1->lp);
    for (int k = 1; k <= nc + nr; k++) {
        int st = k <= nc ? glp_get_col_stat(s1->lp, k) : glp_get_row_stat(s1->lp, k - nc);
        if (st != want[k])
            fail_msg("draw %d: variable %d has status %d in GLPK, %d as %s", draw, k, st, want[k],
                     what);
    }
}

/* Warm draw k of these tests: every segment's clients of src times 0.8, or on odd k 1.25,
 * rounded, into dst. */
static void draw_by_turns(ls_model *dst, const ls_model *src, int k)
{
    for (size_t s = 0; s < src->n_segments; s++)
        dst->segments[s].clients = floor(src->segments[s].clients * (k % 2 ? 1.25 : 0.8) + 0.5);
}

/* The network's basis waits for GLPK: after a warm draw solved by the network (and no face
 * LP, which takes it first), GLPK still holds the start's statuses, and the flush writes those
 * that differ; then GLPK holds the solve's. Warm demand draws on the dalfsen preset, each
 * from the last one's basis. */
static void test_basis_waits(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = fx_generated("dalfsen", 3, dir, sizeof dir);
    ls_stage1 s1;
    fx_stage1_solved(m, NULL, &s1);
    ls_errors errs = {0};
    int waited = 0, moved = 0;
    for (int k = 0; k < 6; k++) {
        draw_by_turns(m, m, k);
        assert_int_equal(ls_components_solve(&s1, &errs), LS_OK);
        if (!s1.stat_pending) {
            if (s1.known_stat)
                statuses_are(&s1, s1.known_stat, "the solve left them", k);
            continue;
        }
        waited++;
        statuses_are(&s1, s1.stat_start, "the start had them", k);
        int nv = glp_get_num_cols(s1.lp) + glp_get_num_rows(s1.lp);
        for (int v = 1; v <= nv; v++)
            moved += s1.known_stat[v] != s1.stat_start[v];
        ls_stage1_lp_stat_flush(&s1);
        assert_false(s1.stat_pending);
        statuses_are(&s1, s1.known_stat, "the solve left them", k);
    }
    assert_true(waited > 0);
    assert_true(moved > 0);
    ls_errors_clear(&errs);
    ls_stage1_free(&s1);
    ls_model_free(m);
    fx_remove(dir);
}

/* Every draw of a planner that keeps its basis starts from that basis, whatever the draw
 * before it ended in: the network's start (which GLPK holds while the solve's basis waits) is
 * the base's, status for status. Draws of 0.8 and 1.25 times the clients by turns on the
 * dalfsen preset, so that each ends away from the base and from the one before; after every
 * other one of the first four GLPK is given the draw's basis (as a face LP or an export
 * would), which the next draw's restore must undo, where otherwise GLPK still holds the
 * base's. The network's own statuses after a draw differ from its start's only where it
 * listed a move (its next load puts back those alone, once the restore left the start as it
 * was: four draws at least, the last ones in a row without a flush between them), and a
 * second planner given the same draws, GLPK given each draw's basis after it (so that every
 * restore compares and copies every status), places every client the same, to the bit. */
static void test_draws_start_from_base(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = fx_generated("dalfsen", 3, dir, sizeof dir);
    ls_planner_options po;
    ls_planner_options_init(&po);
    po.threads = 1;
    po.totals_only = 2;
    ls_errors errs = {0};
    ls_result *r = NULL;
    ls_planner *pl, *slow;
    assert_int_equal(ls_planner_create_with(m, &po, &pl), LS_OK);
    assert_int_equal(ls_planner_solve(pl, &r, &errs), LS_OK);
    ls_result_free(r);
    assert_int_equal(ls_planner_keep_basis(pl), LS_OK);
    assert_int_equal(ls_planner_create_with(m, &po, &slow), LS_OK);
    assert_int_equal(ls_planner_solve(slow, &r, &errs), LS_OK);
    ls_result_free(r);
    assert_int_equal(ls_planner_keep_basis(slow), LS_OK);
    ls_basis base = {0};
    assert_int_equal(ls_planner_snapshot(pl, &base), LS_OK);
    ls_scenario *sc = ls_planner_scenario(pl);
    ls_stage1 *s1 = ls_planner_stage1(pl);
    int nc = glp_get_num_cols(s1->lp), nr = glp_get_num_rows(s1->lp), checked = 0, moved = 0;
    for (int k = 0; k < 8; k++) {
        draw_by_turns(&sc->m, m, k);
        ls_scenario_compute_clients(sc);
        ls_planner_clients_moved(pl);
        assert_int_equal(ls_planner_solve(pl, &r, &errs), LS_OK);
        ls_result_free(r);
        ls_scenario *sc2 = ls_planner_scenario(slow);
        draw_by_turns(&sc2->m, m, k);
        ls_scenario_compute_clients(sc2);
        ls_planner_clients_moved(slow);
        assert_int_equal(ls_planner_solve(slow, &r, &errs), LS_OK);
        ls_result_free(r);
        ls_stage1_lp_stat_flush(ls_planner_stage1(slow));
        const double *x = ls_planner_placement(pl), *x2 = ls_planner_placement(slow);
        for (size_t j = 0; j < m->n_contracts; j++)
            if (memcmp(&x[j], &x2[j], sizeof(double)) != 0)
                fail_msg("draw %d: contract %zu placed %.17g, %.17g from every status", k, j, x[j],
                         x2[j]);
        if (!s1->stat_pending)
            continue; /* (GLPK solved it: its statuses are its own) */
        checked++;
        for (int j = 1; j <= nc; j++) {
            if (s1->stat_start[j] != base.col[j])
                fail_msg("draw %d: column %d started at %d, the base has %d", k, j,
                         s1->stat_start[j], base.col[j]);
            moved += s1->known_stat[j] != base.col[j];
        }
        const ls_dualnet *d = s1->dualnet;
        assert_true(d->tracked && d->n_chg <= d->chg_cap);
        for (int v = 1; v <= d->nv; v++) {
            int listed = 0;
            for (int t = 0; t < d->n_chg && !listed; t++)
                listed = d->chg[t] == v;
            if (d->stat[v] != d->stat0[v] && !listed)
                fail_msg("draw %d: variable %d moved from %d to %d unlisted", k, v, d->stat0[v],
                         d->stat[v]);
        }
        for (int i = 1; i <= nr; i++)
            if (s1->stat_start[nc + i] != base.row[i])
                fail_msg("draw %d: row %d started at %d, the base has %d", k, i,
                         s1->stat_start[nc + i], base.row[i]);
        if (k % 2 == 0 && k < 4)
            ls_stage1_lp_stat_flush(s1);
    }
    assert_true(checked >= 6);
    assert_true(moved > 0);
    assert_true(ls_dualnet_get_stats(s1).starts_kept >= 4);
    ls_basis_free(&base);
    ls_errors_clear(&errs);
    ls_planner_free(pl);
    ls_planner_free(slow);
    ls_model_free(m);
    fx_remove(dir);
}

/* A scenario reset to its model puts the contracts' usability back as the model has it: the
 * planner's next tariff step must not keep the bounds of the usability it saw last. The
 * fixture with max_shift 0.25 (B holds 3 of s2's 4 clients today, its floor € 856.47 a month
 * at wage_index 0): at 0.8 the floor passes s2's max_tariff of € 1,500 and s2's 4 clients go
 * unmet; reset, and at 0.1 (no floor moved usability from the model's) B holds them again. */
static void test_reset_then_tariffs(void **state)
{
    (void)state;
    char *dir;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nmax_shift,0.25\n"};
    ls_model *m = fx_read(&f, 1, &dir);
    ls_planner *pl = NULL;
    ls_result *r = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_planner_create(m, &pl), LS_OK);
    assert_int_equal(ls_planner_solve(pl, &r, &errs), LS_OK);
    ls_result_free(r);
    double wages[] = {0.8, 0.1}, unmet[] = {4, 0};
    for (int k = 0; k < 2; k++) {
        ls_scenario *sc = ls_planner_scenario(pl);
        if (k == 1)
            ls_scenario_reset(sc);
        sc->m.policy.wage_index = wages[k];
        ls_scenario_compute(sc);
        ls_planner_policy_moved(pl);
        assert_int_equal(ls_planner_solve(pl, &r, &errs), LS_OK);
        assert_near(r->summary.unmet_clients, unmet[k], 1e-9);
        ls_result_free(r);
    }
    ls_errors_clear(&errs);
    ls_planner_free(pl);
    ls_model_free(m);
    fx_remove(dir);
}

/* A planner that keeps its last two solves (a sweep's, for the break-evens) hands each
 * placement's memory to the kept solve: its placement (ls_planner_placement, what the next
 * contract year starts from) after a solve that ends before stage 1 is still the last one's.
 * The fixture's s2 has a pgb client and no pgb_tariff; its one contract passes its
 * max_tariff 1,500 above a wage index of 0.7514, where that client has no tariff to be paid
 * at and the solve ends at once. */
static void test_placement_kept_past_a_failed_solve(void **state)
{
    (void)state;
    char *dir;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff,"
                 "pgb_clients\n"
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,1\n"};
    ls_model *m = fx_read(&f, 1, &dir);
    size_t nc = m->n_contracts;
    ls_planner *pl = NULL;
    ls_result *r = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_planner_create(m, &pl), LS_OK);
    ls_planner_keep_solves(pl);
    double wages[] = {0, 0.5, 1}, *last = malloc(nc * sizeof(double));
    assert_non_null(last);
    for (int k = 0; k < 3; k++) {
        ls_scenario *sc = ls_planner_scenario(pl);
        sc->m.policy.wage_index = wages[k];
        ls_scenario_compute(sc);
        ls_planner_policy_moved(pl);
        int rc = ls_planner_solve(pl, &r, &errs);
        assert_int_equal(rc, k < 2 ? LS_OK : LS_ENOSOLUTION);
        ls_result_free(r);
        if (k < 2)
            memcpy(last, ls_planner_placement(pl), nc * sizeof(double));
    }
    double served = 0;
    for (size_t j = 0; j < nc; j++)
        served += last[j];
    assert_true(served > 13.5); /* the 14 clients less the pgb one, placed */
    assert_memory_equal(ls_planner_placement(pl), last, nc * sizeof(double));
    free(last);
    ls_errors_clear(&errs);
    ls_planner_free(pl);
    ls_model_free(m);
    fx_remove(dir);
}

/* n doubles the same to the bit in a and b. */
static void same_bits(const double *a, const double *b, size_t n, const char *what, double w)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(&a[i], &b[i], sizeof(double)) != 0)
            fail_msg("wage index %g: %s %zu is %.17g, %.17g factorized afresh", w, what, i, a[i],
                     b[i]);
}

/* m (computed) re-solved by kept and by fresh: the placement, the unmet clients, every
 * reduced cost and dual and the cost the same to the bit (w: the step, for a message). */
static void both_solved(ls_model *m, ls_stage1 *kept, ls_stage1 *fresh, double w)
{
    ls_errors errs = {0};
    size_t nc = m->n_contracts, ns = m->n_segments, np = m->n_providers;
    assert_int_equal(ls_components_solve(kept, &errs), LS_OK);
    assert_int_equal(ls_components_solve(fresh, &errs), LS_OK);
    same_bits(kept->x, fresh->x, nc, "contract", w);
    same_bits(kept->u, fresh->u, ns, "unmet of segment", w);
    same_bits(ls_stage1_rc(kept), ls_stage1_rc(fresh), nc, "reduced cost", w);
    same_bits(kept->demand_dual, fresh->demand_dual, ns, "demand dual", w);
    same_bits(kept->capacity_dual, fresh->capacity_dual, np, "capacity dual", w);
    same_bits(kept->budget_dual, fresh->budget_dual, np, "max_budget dual", w);
    same_bits(kept->local_dual, fresh->local_dual, LS_N_LOCAL, "local dual", w);
    same_bits(&kept->objective, &fresh->objective, 1, "cost", w);
    /* and the network's values of the columns, where both solved there (its flows, from the
     * balances its load makes or keeps; the others at their bounds) */
    if (kept->dualnet && fresh->dualnet && ls_dualnet_get_stats(kept).solved) {
        same_bits(kept->dualnet->val + 1, fresh->dualnet->val + 1, (size_t)kept->dualnet->nc,
                  "network value", w);
        /* and its counts of the variables that may fall, per node (the ratio test's) */
        size_t n_fall = 3 * ((size_t)kept->dualnet->nr + 1) * sizeof(int);
        assert_memory_equal(kept->dualnet->n_fall, fresh->dualnet->n_fall, n_fall);
    }
    ls_errors_clear(&errs);
}

/* m solved by an LP that keeps what it may from solve to solve (kept) and by one that makes
 * each factorization and each pass of the network's load afresh (fresh); with no_tree both
 * factorize a basis that is a tree too (basis_tree.c), else both take its passes. */
static void kept_and_fresh(ls_model *m, ls_stage1 *kept, ls_stage1 *fresh, int no_tree)
{
    ls_stage1_options kept_opts, fresh_opts;
    ls_stage1_options_init(&kept_opts);
    ls_stage1_options_init(&fresh_opts);
    fresh_opts.lu_fresh = 1, fresh_opts.cols_fresh = 1;
    kept_opts.no_tree = fresh_opts.no_tree = no_tree;
    fx_stage1_solved(m, &kept_opts, kept);
    fx_stage1_solved(m, &fresh_opts, fresh);
}

/* m re-solved by an LP that keeps factorizations (stage1_lu.c) and the network's pass over
 * the columns (dualnet_load.c) and one that makes each afresh (lu_fresh, cols_fresh), at the
 * wage indices wage[0..n) (at step more, one client more in the first segment too: the
 * bounds move, the basis may stand): the placement, the unmet clients, every reduced cost
 * and dual and the cost the same to the bit. Into st: the steps with a pivot, the
 * factorizations kept, the placements taken as they stood (ties.c's fresh_solution), the
 * column passes kept and the bases taken as trees. */
static void kept_against_fresh(ls_model *m, const double *wage, int n, int more, int no_tree,
                               long st[5])
{
    char msg[256];
    ls_stage1 kept, fresh;
    kept_and_fresh(m, &kept, &fresh, no_tree);
    st[0] = 0;
    for (int k = 0; k < n; k++) {
        char value[32];
        long before = ls_dualnet_get_stats(&kept).pivots;
        double w = wage[k];
        snprintf(value, sizeof value, "%.3f", w);
        assert_int_equal(ls_model_set(m, "wage_index", value, msg, sizeof msg), LS_OK);
        if (k == more)
            m->segments[0].clients += 1;
        ls_model_compute(m, NULL);
        both_solved(m, &kept, &fresh, w);
        st[0] += ls_dualnet_get_stats(&kept).pivots > before;
    }
    st[1] = (long)kept.lu_reused, st[2] = (long)kept.fresh_reused;
    st[3] = ls_dualnet_get_stats(&kept).cols_kept;
    st[4] = (long)kept.tree_bases;
    assert_int_equal(kept.tree_bases, fresh.tree_bases); /* the same bases, the same way */
    assert_int_equal(fresh.lu_reused, 0);
    assert_int_equal(fresh.fresh_reused, 0);
    assert_int_equal(ls_dualnet_get_stats(&fresh).cols_kept, 0);
    ls_stage1_free(&kept);
    ls_stage1_free(&fresh);
}

/* kept_against_fresh (no_tree as given) on the village preset with a local target of 30 %
 * over wage steps of 0.02 up to 0.24 (after 0.1 a step with a client more instead), into
 * village, and on Brunssum, whose one max_budget row is in its LP, with the same target over
 * five steps of 0.005, into bruns. */
static void village_and_brunssum(int no_tree, long village[5], long bruns[5])
{
    char dir[512];
    ls_model *m = fx_village_with_target(dir, sizeof dir);
    double wage[13];
    for (int k = 0; k < 13; k++)
        wage[k] = 0.02 * (k < 5 ? k + 1 : k);
    kept_against_fresh(m, wage, 13, 5, no_tree, village);
    ls_model_free(m);
    fx_remove(dir);

    m = fx_bundled("brunssum", "local_share_min", "0.3");
    int budget_rows = 0;
    for (size_t p = 0; p < m->n_providers; p++)
        budget_rows += isfinite(m->providers[p].max_budget);
    assert_true(budget_rows >= 1);
    double small[] = {0.005, 0.01, 0.015, 0.02, 0.025};
    kept_against_fresh(m, small, 5, -1, no_tree, bruns);
    ls_model_free(m);
}

/* The factorization settle keeps (stage1_lu.c): a wage step that takes no pivot moves only
 * the side rows' entries of the basis (the local row's, at the reference prices, and the
 * max_budget rows', at the floors), which no figure but the side slacks' reads, so the last
 * factorization stands. Both LPs of kept_against_fresh, with a local target of 30 %: the
 * village preset (seed 2) over wage steps of 0.02 up to 0.24 (after 0.1 a step with a
 * client more instead), one of them with pivots (moving a capacity row in or out of the
 * basis; from 0.12 on 106 clients go without a place, in segments whose every floor is above
 * the max_tariff, which leaves the priorities above cost nothing to settle: stage1.c): 11 of
 * the 13 factorizations kept, 10 placements taken as they stood, and 9 of the network's passes
 * over the columns (4 placements while those steps still ran the priorities, lex.c);
 * and Brunssum, whose one max_budget row is in its LP, over five steps of 0.005: 4
 * factorizations and 4 placements kept. */
static void test_factorization_kept(void **state)
{
    (void)state;
    long v[5], b[5];
    village_and_brunssum(1, v, b);
    assert_true(v[0] >= 1);
    assert_true(v[1] >= 10);
    assert_true(v[2] >= 10);
    assert_true(v[3] >= 9);
    assert_true(b[1] >= 3);
    assert_true(b[2] >= 3);
    assert_true(b[3] >= 4);
}

/* The same steps where settle takes a basis that is a tree by its passes (basis_tree.c), not
 * a factorization: the LP that keeps the last placement where its basis, its bounds and the
 * network's entries stand gives the bits of the one that makes every placement afresh, on
 * the village's 13 steps (the same 10 placements kept as with the factorization, every
 * basis a tree: its side slacks basic) and Brunssum's 5. */
static void test_tree_placement_kept(void **state)
{
    (void)state;
    long v[5], b[5];
    village_and_brunssum(0, v, b);
    assert_true(v[2] >= 10);
    assert_true(v[4] >= 13);
    assert_true(b[2] >= 3);
    assert_true(b[4] >= 5);
}

/* The LP's statuses into stat (columns, then rows). */
static void lp_statuses(ls_stage1 *s1, int *stat)
{
    int nc = glp_get_num_cols(s1->lp), nr = glp_get_num_rows(s1->lp);
    ls_stage1_lp_stat_flush(s1);
    for (int j = 1; j <= nc; j++)
        stat[j] = glp_get_col_stat(s1->lp, j);
    for (int i = 1; i <= nr; i++)
        stat[nc + i] = glp_get_row_stat(s1->lp, i);
}

/* What the network's load keeps of its pass over the columns (dualnet_load.c) stands only
 * while nothing that pass read has moved. On the village preset (seed 2) with a local target
 * of 30 %, an LP that keeps and one that makes everything afresh (as kept_against_fresh), the
 * network's values of the columns compared too: three wage steps of 0.001 take no pivot and
 * the last two keep the pass; then (a) a contract held off zero by continuity and not basic
 * gets 20 clients more today: its lower bound moves (and with it its value and its nodes'
 * balances), no status does and no pivot is taken: the pass is made again; the same solve
 * once more keeps it; (b) one basic contract exchanged for a non-basic one of its segment
 * (the statuses move, no bound, no pivot of the network's): made again. A pivot since the
 * last load also makes it again (moves): where the network pivots, gives up and GLPK ends in
 * the last load's statuses, a column that entered and left holds the network's flow, not
 * its bound; no step here reaches that alone. */
static void test_network_columns_kept(void **state)
{
    (void)state;
    char dir[64], msg[256];
    ls_model *m = fx_village_with_target(dir, sizeof dir);
    ls_stage1 kept, fresh;
    kept_and_fresh(m, &kept, &fresh, 0);
    const char *wage[] = {"0.001", "0.002", "0.003"};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(ls_model_set(m, "wage_index", wage[k], msg, sizeof msg), LS_OK);
        ls_model_compute(m, NULL);
        both_solved(m, &kept, &fresh, k);
    }
    ls_dualnet_stats st = ls_dualnet_get_stats(&kept);
    assert_int_equal(st.cols_kept, 2);
    /* (a) */
    int nc = glp_get_num_cols(kept.lp), nr = glp_get_num_rows(kept.lp);
    int *stat = malloc((size_t)(nc + nr + 1) * sizeof(int)), j = 0;
    assert_non_null(stat);
    lp_statuses(&kept, stat);
    for (int c = 1; c < kept.u_col0 && !j; c++)
        if (stat[c] == GLP_NL && kept.lower[c - 1] > 0.5)
            j = c;
    assert_true(j > 0);
    double lower = kept.lower[j - 1];
    m->contracts[j - 1].current_clients += 20;
    ls_model_compute(m, NULL);
    both_solved(m, &kept, &fresh, 10);
    assert_true(kept.lower[j - 1] > lower);
    assert_int_equal(ls_dualnet_get_stats(&kept).pivots, st.pivots);
    assert_int_equal(ls_dualnet_get_stats(&kept).cols_kept, 2);
    both_solved(m, &kept, &fresh, 11);
    assert_int_equal(ls_dualnet_get_stats(&kept).cols_kept, 3);
    /* (b) */
    lp_statuses(&kept, stat);
    int a = 0, b = 0;
    for (int c = 1; c < kept.u_col0 && !b; c++)
        for (int e = 1; stat[c] == GLP_BS && e < kept.u_col0 && !b; e++)
            if (stat[e] == GLP_NL && m->contracts[e - 1].segment == m->contracts[c - 1].segment &&
                glp_get_col_type(kept.lp, c) != GLP_FX)
                a = c, b = e;
    assert_true(b > 0);
    ls_stage1 *both[] = {&kept, &fresh};
    for (int t = 0; t < 2; t++) {
        ls_stage1_forget_known(both[t]);
        glp_set_col_stat(both[t]->lp, a, GLP_NL);
        glp_set_col_stat(both[t]->lp, b, GLP_BS);
    }
    both_solved(m, &kept, &fresh, 20);
    assert_int_equal(ls_dualnet_get_stats(&kept).cols_kept, 3);
    assert_int_equal(ls_dualnet_get_stats(&fresh).cols_kept, 0);
    free(stat);
    ls_stage1_free(&kept);
    ls_stage1_free(&fresh);
    ls_model_free(m);
    fx_remove(dir);
}

/* A factorization is kept for its own basis alone. The village preset with a local target of
 * 30 % (which does not bind) solved; its basis
 * factorized twice (the second time kept); then each basis that one exchange of a basic
 * contract for a non-basic one of the same segment makes (as many basic columns and the same
 * basic rows), where it factorizes: not kept, and its basic variables are those GLPK's own
 * factorization of the LP in that basis lists. */
static void test_factorization_kept_for_its_basis(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = fx_village_with_target(dir, sizeof dir);
    ls_stage1 s1;
    fx_stage1_solved(m, NULL, &s1);
    int nc = glp_get_num_cols(s1.lp), nr = glp_get_num_rows(s1.lp), tried = 0;
    int *stat = malloc(2 * (size_t)(nc + nr + 1) * sizeof(int)), *other = stat + nc + nr + 1;
    assert_non_null(stat);
    lp_statuses(&s1, stat);
    for (int a = 1; a < s1.u_col0 && tried < 3; a++) {
        int sa = m->contracts[a - 1].segment;
        for (int b = 1; stat[a] == GLP_BS && b < s1.u_col0 && tried < 3; b++) {
            if (stat[b] == GLP_BS || m->contracts[b - 1].segment != sa)
                continue;
            assert_non_null(ls_stage1_lu_factorize(&s1, stat, 0, 1));
            unsigned long reused = s1.lu_reused;
            assert_non_null(ls_stage1_lu_factorize(&s1, stat, 0, 1));
            assert_int_equal(s1.lu_reused, reused + 1);
            memcpy(other, stat, (size_t)(nc + nr + 1) * sizeof(int));
            other[a] = GLP_NL, other[b] = GLP_BS;
            glp_prob *lu = ls_stage1_lu_factorize(&s1, other, 0, 1);
            assert_int_equal(s1.lu_reused, reused + 1);
            if (!lu)
                continue; /* (not a basis) */
            tried++;
            for (int j = 1; j <= nc; j++)
                glp_set_col_stat(s1.lp, j, other[j]);
            ls_stage1_lp_rows_basic(&s1, other);
            assert_int_equal(glp_factorize(s1.lp), 0);
            for (int k = 1; k <= nr; k++)
                assert_int_equal(ls_stage1_lu_var(&s1, lu, k), glp_get_bhead(s1.lp, k));
            for (int j = 1; j <= nc; j++)
                glp_set_col_stat(s1.lp, j, stat[j]);
        }
    }
    assert_true(tried >= 1);
    free(stat);
    ls_stage1_free(&s1);
    ls_model_free(m);
    fx_remove(dir);
}

/* Row or column k of both LPs (by_row: a row) holds the same entries, in the same order. */
static void same_list(glp_prob *a, glp_prob *b, int k, int by_row)
{
    int n = by_row ? glp_get_num_cols(a) : glp_get_num_rows(a);
    int *ia = malloc(2 * ((size_t)n + 1) * sizeof(int)), *ib = ia + n + 1;
    double *va = malloc(2 * ((size_t)n + 1) * sizeof(double)), *vb = va + n + 1;
    assert_non_null(ia), assert_non_null(va);
    int la = by_row ? glp_get_mat_row(a, k, ia, va) : glp_get_mat_col(a, k, ia, va);
    int lb = by_row ? glp_get_mat_row(b, k, ib, vb) : glp_get_mat_col(b, k, ib, vb);
    if (la != lb)
        fail_msg("%s %d: %d entries, %d where GLPK solved", by_row ? "row" : "column", k, la, lb);
    for (int t = 1; t <= la; t++)
        if (ia[t] != ib[t] || va[t] != vb[t])
            fail_msg("%s %d, entry %d: %d %.17g, where GLPK solved %d %.17g",
                     by_row ? "row" : "column", k, t, ia[t], va[t], ib[t], vb[t]);
    free(ia), free(va);
}

/* The network's solves never read the LP's matrix through GLPK, so the first sync leaves it
 * out, and it is written when GLPK first needs it. On Brunssum with a local target of 30 %
 * over four wage steps (the local row and the max_budget rows rewritten each step, and kept
 * waiting): no entry in GLPK while the network solves; after a flush, every column and every
 * row holds the entries of an LP that GLPK's simplex solved throughout (written at its first
 * sync, the rows whole before each simplex), in the same order (the order in which GLPK's
 * factorization and simplex read them). */
static void test_matrix_written_when_read(void **state)
{
    (void)state;
    char msg[256];
    ls_model *m = fx_bundled("brunssum", "local_share_min", "0.3");
    ls_errors errs = {0};
    ls_stage1_options opts;
    ls_stage1_options_init(&opts);
    ls_stage1 net, glpk;
    assert_int_equal(ls_stage1_build(m, 0, &opts, &net), LS_OK);
    opts.glpk_resolve = 1;
    assert_int_equal(ls_stage1_build(m, 0, &opts, &glpk), LS_OK);
    int waited = 0;
    for (int k = 0; k <= 4; k++) {
        char value[32];
        snprintf(value, sizeof value, "%.4f", 0.005 * k);
        assert_int_equal(ls_model_set(m, "wage_index", value, msg, sizeof msg), LS_OK);
        ls_model_compute(m, NULL);
        assert_int_equal(ls_components_solve(&net, &errs), LS_OK);
        assert_int_equal(ls_components_solve(&glpk, &errs), LS_OK);
        assert_true(net.objective == glpk.objective);
        assert_true(net.matrix_lazy);
        assert_int_equal(glp_get_num_nz(net.lp), 0);
        waited += net.n_pend_list > 0;
    }
    assert_true(waited >= 1);
    assert_true(net.n_pend_list > 0); /* the last step's rows wait */
    assert_true(glp_get_num_nz(glpk.lp) > 0);
    ls_stage1_rows_flush(&net); /* the rows alone (a flush for the mirror's sake) */
    assert_false(net.matrix_lazy);
    ls_stage1_lp_flush(&net);
    ls_stage1_lp_flush(&glpk);
    for (int j = 1; j <= glp_get_num_cols(net.lp); j++)
        same_list(net.lp, glpk.lp, j, 0);
    for (int i = 1; i <= glp_get_num_rows(net.lp); i++)
        same_list(net.lp, glpk.lp, i, 1);
    /* and with no row waiting, a flush before GLPK reads writes the columns */
    ls_stage1 solo;
    opts.glpk_resolve = 0;
    assert_int_equal(ls_stage1_build(m, 0, &opts, &solo), LS_OK);
    assert_int_equal(ls_components_solve(&solo, &errs), LS_OK);
    assert_true(solo.matrix_lazy && solo.n_pend_list == 0);
    ls_stage1_lp_flush(&solo);
    int nz = 0, ind[LS_STAGE1_ENTRIES];
    double val[LS_STAGE1_ENTRIES];
    for (int j = 1; j <= glp_get_num_cols(solo.lp); j++)
        nz += ls_stage1_lp_column(&solo, j, ind, val);
    assert_int_equal(glp_get_num_nz(solo.lp), nz);
    ls_stage1_free(&solo);
    ls_errors_clear(&errs);
    ls_stage1_free(&net);
    ls_stage1_free(&glpk);
    ls_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basis_waits),
        cmocka_unit_test(test_draws_start_from_base),
        cmocka_unit_test(test_reset_then_tariffs),
        cmocka_unit_test(test_placement_kept_past_a_failed_solve),
        cmocka_unit_test(test_factorization_kept),
        cmocka_unit_test(test_tree_placement_kept),
        cmocka_unit_test(test_network_columns_kept),
        cmocka_unit_test(test_factorization_kept_for_its_basis),
        cmocka_unit_test(test_matrix_written_when_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
