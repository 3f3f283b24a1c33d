/*
 * test_whatif.c — what-if runs that go on through values without a solution, and risk's need
 * (the floor cost of the sampled demand, unplaced clients included).
 *
 * The model: one segment s1 (Poisson demand around 3 clients in risk), one provider P with
 * a floor of 100 a client a month (no surcharges, one staff hour a client), capacity for 3
 * clients (36 staff hours a year), max_tariff 100 (so P's ceiling is 1,200 a placed client a
 * year) and min_budget 3,000. With c clients: P places min(c, 3); its ceiling 1,200·min(c, 3)
 * holds the min_budget only from c = 2.5 on, so a value or draw of 1 or 2 clients has no
 * solution (with none placed P has no ceiling and simply gets its min_budget); above 3
 * clients, c − 3 go unmet (capacity). need = 12 × 100 × c = 1,200·c.
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

#include "fixture.h"
#include "lumpsum.h"
#include "model.h"
#include "planner.h"
#include "scenario.h"

static const fx_file model_files[] = {
    {"segments.csv", "segment,product,intensity,complexity,clients,hours,scale,max_tariff\n"
                     "s1,begeleiding,licht,basis,3,1,a,100\n"},
    {"wages.csv", "cao,scale,hourly_wage\np,a,100\n"},
    {"providers.csv", "provider,cao,local,capacity_hours,min_budget\nP,p,1,36,3000\n"},
    {"contracts.csv", "provider,segment\nP,s1\n"},
    {"budget.csv", "key,value\nbudget,100000\nemployer_charges,0\nunproductive,0\n"
                   "overhead,0\nmargin,0\n"}};

static ls_model *read_model(char **dir)
{
    return fx_read(model_files, sizeof model_files / sizeof *model_files, dir);
}

/* clients:s1 from 1 to 4: 1 and 2 have no solution (rows with the min_budget reason), 3 and
 * 4 are funded, 4 leaves one client unmet; unmet demand first appears at 3 clients. */
static void test_sweep_goes_on_without_solution(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = read_model(&dir);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = "clients:s1";
    o.from = 1;
    o.to = 4;
    o.steps = 4;
    ls_sweep *sw = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_OK);
    assert_int_equal(errs.n_errors, 0);
    assert_int_equal(sw->n_rows, 4);
    assert_int_equal(sw->rows[0].summary.status, LS_NO_SOLUTION);
    assert_int_equal(sw->rows[1].summary.status, LS_NO_SOLUTION);
    assert_non_null(sw->reasons[0]);
    assert_non_null(strstr(sw->reasons[0], "min_budget"));
    assert_null(sw->reasons[2]);
    assert_int_equal(sw->rows[2].summary.status, LS_FUNDED);
    assert_int_equal(sw->rows[3].summary.status, LS_FUNDED);
    assert_near(sw->rows[3].summary.unmet_clients, 1, 1e-9);
    assert_int_equal(sw->no_solution, 2);
    assert_int_equal(sw->flips, 0);
    assert_true(isnan(sw->break_even));
    assert_near(sw->unmet_break_even, 3, 1e-6);
    ls_sweep_free(sw);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* What the sweep's closing line says when values without a solution lie among the others.
 * At a budget of 3,300: 0 clients need nothing (funded: P has no ceiling and simply gets its
 * min_budget, which the budget holds); 1 and 2 have no solution; 3 need 12 × 100 × 3 = 3,600
 * > 3,300 (underfunded), 4 too with one client unmet. Funded and underfunded are then never
 * neighbours, so there is no break-even, and "funded throughout" would be false; from 1 on the
 * values with a solution are all underfunded, but not every value has one. The unmet
 * break-even, found by bisection to 1e-7 relative, reads 3, not 3.00000011921. */
static void test_sweep_line_across_values_without_solution(void **state)
{
    (void)state;
    char *dir, args[600];
    ls_model *m = read_model(&dir);
    ls_model_free(m);
    snprintf(args, sizeof args,
             "sweep %s --param clients:s1 --from 0 --to 4 --steps 5 --set budget=3300", dir);
    fx_expect(args, 0,
              "No break-even in [0, 4]: the status differs only across values without a "
              "solution, BUT CLIENTS GO WITHOUT A PLACE (up to 1.00).\n"
              "Unmet demand first appears at clients:s1 = 3.\n"
              "2 of 5 values have no solution",
              NULL);
    snprintf(args, sizeof args,
             "sweep %s --param clients:s1 --from 1 --to 4 --steps 4 --set budget=3300", dir);
    fx_expect(args, 0,
              "No break-even in [1, 4]: the status is underfunded wherever a value has a "
              "solution, BUT",
              NULL);
    /* 0 and 4 plan; the search's first value, 2, has none: no unmet break-even, not a guess */
    snprintf(args, sizeof args,
             "sweep %s --param clients:s1 --from 0 --to 4 --steps 2 --set budget=3300", dir);
    char *out, *err;
    assert_int_equal(fx_run(args, &out, NULL), 0);
    assert_null(strstr(out, "Unmet demand first appears"));
    assert_non_null(strstr(out, "CLIENTS GO WITHOUT A PLACE (up to 1.00)"));
    free(out);
    /* every value has a solution: throughout */
    snprintf(args, sizeof args,
             "sweep %s --param clients:s1 --from 3 --to 4 --steps 2 --set budget=3300", dir);
    fx_expect(args, 0, "No break-even in [3, 4]: the status is underfunded throughout, BUT",
              NULL);
    /* no value has a solution: the line says so, and no "the others are planned" (there are
     * none) follows it; exit 3, as plan's and risk's without a solution */
    snprintf(args, sizeof args,
             "sweep %s --param clients:s1 --from 1 --to 2 --steps 2 --set budget=3300", dir);
    assert_int_equal(fx_run(args, &out, &err), 3);
    assert_non_null(strstr(out, "\nNo value in [1, 2] has a solution.\n"));
    assert_null(strstr(out, "the others"));
    free(out);
    free(err);
    fx_remove(dir);
}

/* A plan year without a solution names its year in its message, one line: demand 40 % down
 * makes 3 × 0.6 = 1.8 clients in 2027, whose ceiling 1,200 × 1.8 = 2,160 cannot hold P's
 * min_budget of 3,000. */
static void test_plan_year_names_its_year(void **state)
{
    (void)state;
    char *dir, args[600], *out, *err;
    ls_model *m = read_model(&dir);
    ls_model_free(m);
    snprintf(args, sizeof args, "plan %s --years 2 --set growth.demand=-0.4 --set year=2026",
             dir);
    assert_int_equal(fx_run(args, &out, &err), 3);
    assert_string_equal(err, "lumpsum plan: no solution: plan year 2027: provider 'P': its "
                             "min_budget € 3,000.00 is more than its tariff ceilings allow "
                             "for the clients placed with it (€ 2,160.00)\n");
    free(out);
    free(err);
    fx_remove(dir);
}

/* A model without a solution of its own (2 clients: P's ceiling 1,200 × 2 = 2,400 cannot
 * hold its min_budget of 3,000) fails before any run: risk says why, once, and names no run
 * (it named run 18446744073709551615, the mark of none). */
static void test_risk_model_without_solution(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = read_model(&dir);
    m->segments[0].clients = 2;
    ls_model_compute(m, NULL);
    ls_risk_options o;
    ls_risk_options_init(&o);
    o.runs = 5;
    ls_risk *k = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_risk_run(m, &o, &k, &errs), LS_ENOSOLUTION);
    assert_null(k);
    assert_int_equal(errs.n_errors, 1);
    assert_non_null(strstr(errs.errors[0].message, "min_budget"));
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Every run: need = 1,200 × its clients; unmet = max(0, c − 3); a run of 1 or 2 clients has
 * no solution and is counted, not averaged. */
static void test_risk_need_and_no_solution(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = read_model(&dir);
    ls_risk_options o;
    ls_risk_options_init(&o);
    o.runs = 400;
    o.seed = 11;
    o.threads = 2;
    ls_risk *k = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_risk_run(m, &o, &k, &errs), LS_OK);
    size_t none = 0, unmet = 0, first = SIZE_MAX;
    double need = 0;
    for (size_t r = 0; r < k->n_samples; r++) {
        const ls_risk_sample *s = &k->samples[r];
        double c = k->clients[r];
        assert_near(s->demand, c, 0);
        if (c >= 1 && c <= 2) {
            assert_int_equal((int)s->summary.status, LS_NO_SOLUTION);
            none++;
            first = first == SIZE_MAX ? r : first;
            continue;
        }
        assert_int_equal((int)s->summary.status, LS_FUNDED);
        assert_near(s->summary.unmet_clients, c - 3 > 0 ? c - 3 : 0, 1e-9);
        assert_near(s->need, 1200 * c, 1e-6);
        assert_near(s->summary.required, 1200 * (c < 3 ? c : 3), 1e-6);
        unmet += c > 3;
        need += s->need;
    }
    assert_true(none > 0 && none < k->n_samples); /* Poisson(3): 37 % at 1 or 2 */
    assert_int_equal(k->solved, k->n_samples - none);
    assert_near(k->p_no_solution, (double)none / 400, 1e-12);
    assert_int_equal(k->first_no_solution, first);
    assert_non_null(k->no_solution_reason);
    assert_near(k->p_unmet, (double)unmet / (double)k->solved, 1e-12);
    assert_near(k->mean, need / (double)k->solved, 1e-6);
    assert_int_equal(k->n_unmet, 1);
    assert_string_equal(k->unmet[0].segment, "s1");
    ls_risk_free(k);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* The base fixture with personal budgets: 2 pgb clients in s1 at the lowest floor (368.225
 * a month), 1 in s2 at a fixed 500; budget 110,000. */
static const fx_file pgb_files[] = {
    {"segments.csv", "segment,product,intensity,complexity,domain,area,clients,hours,scale,"
                     "max_tariff,pgb_clients,pgb_tariff\n"
                     "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,2,\n"
                     "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,1,500\n"},
    {"budget.csv", "key,value\nyear,2025\nbudget,110000\n"}};

/* The break-even wage index with personal budgets: plan's closed form and the sweep's search
 * agree. The fixture (required 85,297.588 a year) with 2 pgb clients in s1 at the lowest floor
 * (368.225 a month: 12 × 2 × 368.225 = 8,837.40 a year, which moves with wages) and 1 in s2
 * at a fixed 500 (6,000 a year, which does not); budget 110,000:
 * (110,000 − 6,000) / (85,297.588 + 8,837.40) − 1 = 0.10479644125569854. */
static void test_break_even_with_pgb(void **state)
{
    (void)state;
    char *dir = fx_model(pgb_files, 2);
    ls_model *m = NULL;
    ls_result *r = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    assert_int_equal(ls_plan(m, &r, &errs), LS_OK);
    assert_near(r->summary.break_even_wage_index, 0.10479644125569854, 1e-12);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = "wage_index";
    o.from = 0;
    o.to = 0.2;
    o.steps = 3;
    ls_sweep *sw = NULL;
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_OK);
    assert_int_equal(sw->flips, 1);
    assert_near(sw->break_even, r->summary.break_even_wage_index, 1e-6 * 0.1048);
    ls_sweep_free(sw);
    ls_result_free(r);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Two scenarios' computed parts agree to the bit (NaN with NaN). */
static void same_computed(const ls_model *a, const ls_model *b)
{
    assert_memory_equal(&a->pgb_cost, &b->pgb_cost, sizeof a->pgb_cost);
    assert_memory_equal(a->pgb_cost_domain, b->pgb_cost_domain, sizeof a->pgb_cost_domain);
    for (size_t s = 0; s < a->n_segments; s++)
        assert_memory_equal(&a->segments[s].pgb_tariff_used, &b->segments[s].pgb_tariff_used,
                            sizeof(double));
    for (size_t j = 0; j < a->n_contracts; j++)
        assert_memory_equal(&a->contracts[j].floor_tariff, &b->contracts[j].floor_tariff,
                            sizeof(double));
}

/* A risk draw moves clients alone and recomputes only the pgb costs
 * (ls_scenario_compute_clients); it must agree with the whole computation. The fixture with
 * s1's pgb tariff from its lowest floor (368.225 a month) and s2's fixed at 500: 3 pgb
 * clients in s1 and 2 in s2 cost 12 × 3 × 368.225 + 12 × 2 × 500 = 13,256.10 + 12,000 =
 * 25,256.10 a year. Then s1 has no usable contract (max_tariff 1): no tariff to derive, 0
 * while it has no pgb client, none (NaN, no cost) once a draw gives it 2. */
static void test_compute_clients(void **state)
{
    (void)state;
    char *dir = fx_model(pgb_files, 2);
    ls_model *m = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_scenario part, whole;
    assert_int_equal(ls_scenario_init(&part, m), LS_OK);
    assert_int_equal(ls_scenario_init(&whole, m), LS_OK);
    ls_scenario *both[] = {&part, &whole};
    for (int k = 0; k < 2; k++) {
        both[k]->m.segments[0].clients = 12, both[k]->m.segments[0].pgb_clients = 3;
        both[k]->m.segments[1].pgb_clients = 2;
    }
    ls_scenario_compute_clients(&part);
    ls_scenario_compute(&whole);
    same_computed(&part.m, &whole.m);
    assert_near(part.m.pgb_cost, 25256.10, 1e-9);
    for (int k = 0; k < 2; k++) {
        both[k]->m.segments[0].max_tariff = 1, both[k]->m.segments[0].pgb_clients = 0;
        ls_scenario_compute(both[k]);
    }
    same_computed(&part.m, &whole.m);
    assert_true(part.m.segments[0].pgb_tariff_used == 0);
    for (int k = 0; k < 2; k++)
        both[k]->m.segments[0].pgb_clients = 2;
    ls_scenario_compute_clients(&part);
    ls_scenario_compute(&whole);
    same_computed(&part.m, &whole.m);
    assert_true(isnan(part.m.segments[0].pgb_tariff_used));
    assert_near(part.m.pgb_cost, 12000, 1e-9);
    ls_scenario_free(&part);
    ls_scenario_free(&whole);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}


/* A bundled model, read. */
static ls_model *bundled(const char *name)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", fx_data_dir(), name);
    ls_model *m = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_errors_clear(&errs);
    return m;
}

/* The floors of listed contracts after a move of the wage index alone are ls_model_compute's
 * to the bit, usability included (ijmond: a wage index of 0.0731 and a CAO at 1.07 make more
 * of its contracts pass their max_tariff than today), and every other contract keeps what it
 * held. Where personal budgets follow the floors (the fixture's s1: pgb clients, no pgb
 * tariff), nothing is computed and −1 says so. */
static void test_compute_listed(void **state)
{
    (void)state;
    ls_model *m = bundled("ijmond");
    ls_scenario listed, whole;
    assert_int_equal(ls_scenario_init(&listed, m), LS_OK);
    assert_int_equal(ls_scenario_init(&whole, m), LS_OK);
    ls_scenario *both[] = {&listed, &whole};
    for (int k = 0; k < 2; k++)
        both[k]->m.policy.wage_index = 0.0731, both[k]->m.cao_factor[0] = 1.07;
    ls_scenario_compute(&whole);
    size_t n = m->n_contracts, n_list = 0, moved = 0;
    int *list = malloc(n * sizeof(int));
    assert_non_null(list);
    for (size_t j = 0; j < n; j += 3)
        list[n_list++] = (int)j;
    assert_int_equal(ls_model_compute_listed(&listed.m, list, n_list), 0);
    for (size_t j = 0; j < n; j++) {
        const ls_contract *a = &listed.m.contracts[j], *b = &whole.m.contracts[j],
                          *o = &m->contracts[j];
        const ls_contract *want = j % 3 == 0 ? b : o; /* listed: computed; else as it was */
        assert_memory_equal(&a->floor_tariff, &want->floor_tariff, sizeof(double));
        assert_int_equal(a->usable, want->usable);
        moved += j % 3 == 0 && a->usable != o->usable;
    }
    assert_true(moved > 0); /* the case has a contract that stops being usable */
    free(list);
    ls_scenario_free(&listed);
    ls_scenario_free(&whole);
    ls_model_free(m);

    char *dir = fx_model(pgb_files, 2);
    ls_errors errs = {0};
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    double before = m->contracts[0].floor_tariff;
    int first = 0;
    m->policy.wage_index = 0.5;
    assert_int_equal(ls_model_compute_listed(m, &first, 1), -1);
    assert_memory_equal(&m->contracts[0].floor_tariff, &before, sizeof(double));
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A warm planner's result r (freed here) against a cold planner's of m with key set to
 * value: the same stage-1 objective to 1e-9 relative, the same allocation rows to 1e-6 of a
 * client. */
static void same_as_cold(ls_model *m, ls_result *r, const char *key, const char *value)
{
    char msg[256];
    ls_errors errs = {0};
    ls_planner *cold = NULL;
    ls_result *rc = NULL;
    assert_int_equal(ls_planner_create(m, &cold), LS_OK);
    assert_int_equal(ls_planner_set(cold, key, value, msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_solve(cold, &rc, &errs), LS_OK);
    assert_true(fabs(r->stage1_objective - rc->stage1_objective) <=
                1e-9 * fabs(rc->stage1_objective));
    assert_int_equal(r->n_allocation, rc->n_allocation);
    for (size_t i = 0; i < r->n_allocation; i++)
        assert_true(fabs(r->allocation[i].clients - rc->allocation[i].clients) <=
                    1e-6 * (1 + rc->allocation[i].clients));
    ls_result_free(r);
    ls_result_free(rc);
    ls_planner_free(cold);
    ls_errors_clear(&errs);
}

/* A planner's re-solve after a what-if that set two inputs of the placement's costs at once
 * (the wage index moves every floor, and the quality value), then one of them back: the
 * same placement as a cold solve of the last settings. On Dalfsen (bundled), whose binding
 * max_budget rows send the re-solves to GLPK's simplex, a stale objective there placed as at
 * the quality value before (176 allocation rows cold, 186 warm, before the fix). */
static void test_warm_after_two_inputs(void **state)
{
    (void)state;
    char msg[256];
    ls_model *m = bundled("dalfsen");
    ls_errors errs = {0};
    ls_planner *warm = NULL;
    ls_result *r = NULL;
    assert_int_equal(ls_planner_create(m, &warm), LS_OK);
    assert_int_equal(ls_planner_solve(warm, &r, &errs), LS_OK);
    ls_result_free(r);
    assert_int_equal(ls_planner_set(warm, "wage_index", "0.05", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_set(warm, "quality_value", "300", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_solve(warm, &r, &errs), LS_OK);
    ls_result_free(r);
    assert_int_equal(ls_planner_set(warm, "quality_value", "0", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_solve(warm, &r, &errs), LS_OK);
    same_as_cold(m, r, "wage_index", "0.05");
    ls_planner_free(warm);
    ls_model_free(m);
    ls_errors_clear(&errs);
}

/* A planner's re-solve after a what-if of max_shift (which each solve's continuity bounds
 * read per segment, from a copy the solve makes) places as a cold solve of it: on Brunssum
 * (max_shift 0.3) at 0.05 the required cost rises from 2,694,101.27 (at 0.5) to 2,699,571.63
 * as more of today's clients stay; warm after 0.5, the same as cold. */
static void test_warm_after_max_shift(void **state)
{
    (void)state;
    char msg[256];
    ls_model *m = bundled("brunssum");
    ls_errors errs = {0};
    ls_planner *warm = NULL;
    ls_result *r = NULL;
    assert_int_equal(ls_planner_create(m, &warm), LS_OK);
    assert_int_equal(ls_planner_set(warm, "max_shift", "0.5", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_solve(warm, &r, &errs), LS_OK);
    assert_near(r->summary.required, 2694101.27, 0.005);
    ls_result_free(r);
    assert_int_equal(ls_planner_set(warm, "max_shift", "0.05", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_solve(warm, &r, &errs), LS_OK);
    assert_near(r->summary.required, 2699571.63, 0.005);
    same_as_cold(m, r, "max_shift", "0.05");
    ls_planner_free(warm);
    ls_model_free(m);
    ls_errors_clear(&errs);
}

/* A study's warm draws, each from the kept basis, give a cold solve's marginal costs, across
 * draws the network solves (its basis left waiting for GLPK) and draws the priorities settle
 * (GLPK's simplex, from the kept basis the restore put back): s1 (10 clients) has A (720
 * hours: 6 clients) and B, whose s1 contract takes at most 2, so 2 clients go unmet. A draw
 * of 7 places them all (A 6, B 1), and s1's marginal cost is B's, as a cold solve of 7
 * finds; its basis is kept. Then the base again (2 unmet, no marginal cost), 7 once more
 * and 9 (1 unmet). */
static void test_warm_marginal_cost(void **state)
{
    (void)state;
    char *dir;
    fx_file files[] = {{"providers.csv", fx_providers_a720},
                       {"contracts.csv", "provider,segment,current_clients,max_clients\n"
                                         "A,s1,6,\nB,s1,2,2\nB,s2,4,\n"}};
    ls_model *m = fx_read(files, 2, &dir);
    ls_errors errs = {0};
    ls_planner *warm = NULL;
    ls_result *r = NULL;
    assert_int_equal(ls_planner_create(m, &warm), LS_OK);
    assert_int_equal(ls_planner_solve(warm, &r, &errs), LS_OK);
    assert_near(r->segment_rows[0].unmet, 2, 1e-9);
    ls_result_free(r);
    double draws[] = {7, 10, 7, 9};
    for (int k = 0; k < 4; k++) {
        if (k == 1) /* the draw of 7's basis, which the network left waiting, kept */
            assert_int_equal(ls_planner_keep_basis(warm), LS_OK);
        ls_scenario *sc = ls_planner_scenario(warm);
        sc->m.segments[0].clients = draws[k];
        ls_scenario_compute_clients(sc);
        ls_planner_clients_moved(warm);
        assert_int_equal(ls_planner_solve(warm, &r, &errs), LS_OK);
        m->segments[0].clients = draws[k];
        ls_planner *cold = NULL;
        ls_result *rc = NULL;
        assert_int_equal(ls_planner_create(m, &cold), LS_OK);
        assert_int_equal(ls_planner_solve(cold, &rc, &errs), LS_OK);
        for (size_t s = 0; s < 2; s++) {
            double a = r->segment_rows[s].marginal_cost, b = rc->segment_rows[s].marginal_cost;
            if (isnan(a) != isnan(b) || (!isnan(b) && fabs(a - b) > 1e-9 * (1 + fabs(b))))
                fail_msg("draw %d, segment %zu: marginal cost %.12g warm, %.12g cold", k, s, a,
                         b);
        }
        assert_int_equal(isnan(r->segment_rows[0].marginal_cost), k == 1 || k == 3);
        ls_result_free(r);
        ls_result_free(rc);
        ls_planner_free(cold);
    }
    ls_planner_free(warm);
    ls_model_free(m);
    fx_remove(dir);
    ls_errors_clear(&errs);
}

/* With a domain ceiling the break-even is the domain's: the fixture's jeugd group (B, floor
 * cost 41,110.588 a year) under budget.jeugd 45,000 is underfunded from 45,000 / 41,110.588
 * − 1 = 0.0946085164835162 on, long before the total (100,000 / 85,297.588 − 1 = 0.172). The
 * sweep finds the same. */
static void test_break_even_with_domain_ceiling(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nbudget.jeugd,45000\n"};
    char *dir = fx_model(&f, 1);
    ls_model *m = NULL;
    ls_result *r = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    assert_int_equal(ls_plan(m, &r, &errs), LS_OK);
    assert_int_equal(r->summary.status, LS_FUNDED);
    assert_near(r->summary.break_even_wage_index, 0.0946085164835162, 1e-12);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = "wage_index";
    o.from = 0;
    o.to = 0.15;
    o.steps = 4;
    ls_sweep *sw = NULL;
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_OK);
    assert_int_equal(sw->flips, 1);
    assert_near(sw->break_even, 0.0946085164835162, 1e-6 * 0.0946);
    /* above it only jeugd is cut: B's own ceiling, A goes on with a margin */
    assert_int_equal(sw->rows[3].summary.status, LS_UNDERFUNDED);
    ls_sweep_free(sw);
    ls_result_free(r);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* index_max_tariff: the fixture's s2 has max_tariff 1,500 and one contract, B's, at a floor of
 * 856.4705882352944. Its ceiling wage index is 1,500 / 856.47… − 1 = 0.751373626373626; at
 * wage_index 0.8 the floor (1,541.65) passes the ceiling and s2's 4 clients lose their place
 * (cause: ceiling). With index_max_tariff 1 the ceiling follows the wage index (1,500 × 1.8 =
 * 2,700): everyone keeps a place, and there is no ceiling wage index. */
static void test_index_max_tariff(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    const char *sets[][2] = {{"wage_index=0", NULL},
                             {"wage_index=0.8", NULL},
                             {"wage_index=0.8", "index_max_tariff=ja"}};
    for (int k = 0; k < 3; k++) {
        ls_read_options ro;
        ls_read_options_init(&ro);
        ro.overrides = sets[k];
        ro.n_overrides = sets[k][1] ? 2 : 1;
        ls_model *m = NULL;
        ls_result *r = NULL;
        ls_errors errs = {0};
        assert_int_equal(ls_model_read(dir, &ro, &m, &errs), LS_OK);
        assert_int_equal(ls_plan(m, &r, &errs), LS_OK);
        if (k == 0)
            assert_near(r->ceiling_wage_index, 0.751373626373626, 1e-12);
        else if (k == 1) {
            assert_near(r->summary.unmet_clients, 4, 1e-9);
            assert_string_equal(r->segment_rows[1].cause, "ceiling");
        } else {
            assert_near(r->summary.unmet_clients, 0, 0);
            assert_true(isnan(r->ceiling_wage_index));
        }
        ls_result_free(r);
        ls_model_free(m);
        ls_errors_clear(&errs);
    }
    fx_remove(dir);
}

/* A copy of what a what-if could change in a model, to compare after. */
typedef struct model_bytes {
    void *segments, *providers, *contracts, *cao_factor;
    ls_policy policy;
    double pgb_cost, year_factor, unmet_weight;
} model_bytes;

static model_bytes snapshot(const ls_model *m)
{
    model_bytes b = {malloc(m->n_segments * sizeof(ls_segment)),
                     malloc(m->n_providers * sizeof(ls_provider)),
                     malloc(m->n_contracts * sizeof(ls_contract)),
                     malloc(m->n_caos * sizeof(double)),
                     m->policy, m->pgb_cost, m->year_factor, m->unmet_weight};
    memcpy(b.segments, m->segments, m->n_segments * sizeof(ls_segment));
    memcpy(b.providers, m->providers, m->n_providers * sizeof(ls_provider));
    memcpy(b.contracts, m->contracts, m->n_contracts * sizeof(ls_contract));
    memcpy(b.cao_factor, m->cao_factor, m->n_caos * sizeof(double));
    return b;
}

static void assert_unchanged(const ls_model *m, model_bytes *b)
{
    assert_memory_equal(b->segments, m->segments, m->n_segments * sizeof(ls_segment));
    assert_memory_equal(b->providers, m->providers, m->n_providers * sizeof(ls_provider));
    assert_memory_equal(b->contracts, m->contracts, m->n_contracts * sizeof(ls_contract));
    assert_memory_equal(b->cao_factor, m->cao_factor, m->n_caos * sizeof(double));
    assert_memory_equal(&b->policy, &m->policy, sizeof(ls_policy));
    assert_true(b->pgb_cost == m->pgb_cost && b->year_factor == m->year_factor &&
                b->unmet_weight == m->unmet_weight);
    free(b->segments);
    free(b->providers);
    free(b->contracts);
    free(b->cao_factor);
}

/* Zaltbommel (capacities, continuity, a local share): a demand sweep over two years, a CAO
 * sweep, a three-year path, risk on two threads over two years and a planner's own what-if
 * leave the model as read, and a plan after them equals the plan before. */
static void test_model_is_never_written(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/zaltbommel", fx_data_dir());
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_result *before = NULL, *after = NULL, *changed = NULL;
    assert_int_equal(ls_plan(m, &before, &errs), LS_OK);
    model_bytes b = snapshot(m);

    ls_sweep_options so;
    ls_sweep_options_init(&so);
    so.param = "demand", so.from = 0.8, so.to = 1.4, so.steps = 3, so.years = 2;
    ls_sweep *sw = NULL;
    assert_int_equal(ls_sweep_run(m, &so, &sw, &errs), LS_OK);
    ls_sweep_free(sw);
    so.param = "cao:jeugdzorg", so.years = 0;
    assert_int_equal(ls_sweep_run(m, &so, &sw, &errs), LS_OK);
    ls_sweep_free(sw);
    ls_result **path = NULL;
    assert_int_equal(ls_plan_years(m, 3, &path, &errs), LS_OK);
    ls_results_free(path, 3);
    ls_risk_options ro;
    ls_risk_options_init(&ro);
    ro.runs = 8, ro.seed = 5, ro.threads = 2, ro.years = 2;
    ls_risk *k = NULL;
    assert_int_equal(ls_risk_run(m, &ro, &k, &errs), LS_OK);
    ls_risk_free(k);
    ls_planner *pl = NULL;
    char msg[256];
    assert_int_equal(ls_planner_create(m, &pl), LS_OK);
    assert_int_equal(ls_planner_set(pl, "wage_index", "0.2", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_set(pl, "year", "2030", msg, sizeof msg), LS_EUSAGE);
    assert_int_equal(ls_planner_solve(pl, &changed, &errs), LS_OK);
    /* the what-if reached the planner: floors 20 % up cost more */
    assert_true(changed->summary.required > 1.15 * before->summary.required);
    ls_planner_free(pl);

    assert_unchanged(m, &b);
    assert_int_equal(ls_plan(m, &after, &errs), LS_OK);
    assert_true(after->summary.required == before->summary.required &&
                after->summary.allocated == before->summary.allocated &&
                after->summary.status == before->summary.status);
    ls_result_free(before);
    ls_result_free(after);
    ls_result_free(changed);
    ls_model_free(m);
    ls_errors_clear(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_goes_on_without_solution),
        cmocka_unit_test(test_sweep_line_across_values_without_solution),
        cmocka_unit_test(test_plan_year_names_its_year),
        cmocka_unit_test(test_risk_need_and_no_solution),
        cmocka_unit_test(test_risk_model_without_solution),
        cmocka_unit_test(test_break_even_with_pgb),
        cmocka_unit_test(test_compute_clients),
        cmocka_unit_test(test_compute_listed),
        cmocka_unit_test(test_warm_after_two_inputs),
        cmocka_unit_test(test_warm_after_max_shift),
        cmocka_unit_test(test_warm_marginal_cost),
        cmocka_unit_test(test_break_even_with_domain_ceiling),
        cmocka_unit_test(test_index_max_tariff),
        cmocka_unit_test(test_model_is_never_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
