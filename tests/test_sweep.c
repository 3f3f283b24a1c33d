/*
 * test_sweep.c — `sweep` (docs/sweep.md): break-evens by hand, every warm step equal to a
 * cold solve of the same value on every bundled example and parameter, and bad usage.
 *
 * The fixture (test_plan.c): required 85,297.58823529413 at wage_index 0, budget 100,000.
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

/* rows_be: each row with its own break-even wage index (else NAN) */
static ls_sweep *sweep_with(const char *dir, const char *param, double from, double to,
                            size_t steps, int threads, int rows_be)
{
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = param;
    o.from = from;
    o.to = to;
    o.steps = steps;
    o.threads = threads;
    o.rows_break_even = rows_be;
    ls_sweep *sw = NULL;
    int rc = ls_sweep_run(m, &o, &sw, &errs);
    if (rc != LS_OK)
        fail_msg("sweep %s on %s: %d %s", param, dir, rc,
                 errs.n_errors ? errs.errors[0].message : "");
    ls_model_free(m);
    ls_errors_clear(&errs);
    return sw;
}

static ls_sweep *sweep_on(const char *dir, const char *param, double from, double to, size_t steps,
                          int threads)
{
    return sweep_with(dir, param, from, to, steps, threads, 1);
}

static ls_sweep *sweep(const char *dir, const char *param, double from, double to, size_t steps)
{
    return sweep_on(dir, param, from, to, steps, 0);
}

/* Floors are linear in the wage index, so the status flips where 85,297.588 × (1 + w) =
 * 100,000: w = 0.17236608993151292. The budget's break-even is required itself, and the
 * demand multiplier's 100,000 / 85,297.588 = 1.1723660899315129. */
static void test_break_evens_by_hand(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    ls_sweep *sw = sweep(dir, "wage_index", 0, 0.3, 4);
    assert_int_equal(sw->n_rows, 4);
    assert_int_equal(sw->rows[0].summary.status, LS_FUNDED);
    assert_int_equal(sw->rows[3].summary.status, LS_UNDERFUNDED);
    assert_near(sw->break_even, 0.17236608993151292, 1e-6 * 0.17236608993151292);
    assert_int_equal(sw->break_even_from, LS_FUNDED);
    ls_sweep_free(sw);
    sw = sweep(dir, "budget", 50000, 150000, 3);
    assert_near(sw->break_even, 85297.58823529413, 1e-6 * 85297.58823529413);
    assert_int_equal(sw->break_even_from, LS_UNDERFUNDED);
    ls_sweep_free(sw);
    sw = sweep(dir, "demand", 0.5, 1.5, 3);
    assert_near(sw->break_even, 1.1723660899315129, 1e-6 * 1.1723660899315129);
    assert_true(isnan(sw->unmet_break_even));
    ls_sweep_free(sw);
    /* no flip in the range: no break-even */
    sw = sweep(dir, "wage_index", 0, 0.1, 3);
    assert_true(isnan(sw->break_even));
    ls_sweep_free(sw);
    fx_remove(dir);
}

/* Brunssum with a budget of its required € 2,696,693.28 to the cent: at wage index 0 it is
 * funded (required and allocated print the same) though the division leaves its providers a
 * hair below their floors (the exact break-even lies 1.3e-9 below 0). A sweep from −0.01 to
 * 0.01 flips between 0 and 0.01 and must put the break-even there at about 0, not at the
 * step's 0.00999999970: classed by that hair, the step at 0 looked underfunded like 0.01,
 * and the search ran to the top. */
static void test_break_even_beside_a_hair_at_the_step(void **state)
{
    (void)state;
    char dir[600], msg[200];
    snprintf(dir, sizeof dir, "%s/brunssum", fx_data_dir());
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    assert_int_equal(ls_model_set(m, "budget", "2696693.28", msg, sizeof msg), LS_OK);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = "wage_index", o.from = -0.01, o.to = 0.01, o.steps = 3;
    o.rows_break_even = 1;
    ls_sweep *sw = NULL, *lean = NULL;
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_OK);
    assert_int_equal(sw->rows[1].summary.status, LS_FUNDED);
    assert_int_equal(sw->rows[2].summary.status, LS_UNDERFUNDED);
    assert_true(fabs(sw->break_even) < 1e-6);
    /* the root a hair below the funded step is that step's value, as plan reports it, with
     * the rows' own break-evens or without (found for the row below the flip alone) */
    assert_true(sw->rows[1].summary.break_even_wage_index == 0);
    o.rows_break_even = 0;
    assert_int_equal(ls_sweep_run(m, &o, &lean, &errs), LS_OK);
    assert_memory_equal(&lean->break_even, &sw->break_even, sizeof(double));
    ls_sweep_free(lean);
    ls_sweep_free(sw);
    ls_model_free(m);
    ls_errors_clear(&errs);
}

/* demand multiplies the pgb clients too: s1's 2 pgb clients at its floor 368.225 cost
 * 8,837.40 a year at demand 1, so the status flips where 100,000 − 8,837.40·d =
 * 85,297.588·d: d = 1.0623042704381718 (with the pgb clients held it would be
 * (100,000 − 8,837.40) / 85,297.588 = 1.0687594, and available at 0.5 would stay 91,162.60). */
static void test_demand_moves_pgb_clients(void **state)
{
    (void)state;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff,"
                 "pgb_clients\n"
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,2\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,\n"};
    char *dir = fx_model(&f, 1);
    ls_sweep *sw = sweep(dir, "demand", 0.5, 1.5, 3);
    assert_near(sw->rows[0].summary.pgb_clients, 1, 1e-12);
    assert_near(sw->rows[0].summary.pgb_cost, 4418.7, 0.005);
    assert_near(sw->rows[0].summary.available, 95581.3, 0.005);
    assert_near(sw->rows[2].summary.pgb_cost, 13256.1, 0.005);
    assert_near(sw->break_even, 1.0623042704381718, 1e-6 * 1.0623042704381718);
    ls_sweep_free(sw);
    fx_remove(dir);
}

/* s2's only contract (B, floor 856.47 at wage index 0) passes its max_tariff 1,500 above a
 * wage index of 0.7514: at 1 its pgb client has no tariff to be paid at, a value without a
 * solution that says why, not a personal budget of € 0 (a plan of it is refused as input). */
static void test_pgb_without_a_tariff_has_no_solution(void **state)
{
    (void)state;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff,"
                 "pgb_clients\n"
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,1\n"};
    char *dir = fx_model(&f, 1);
    ls_sweep *sw = sweep(dir, "wage_index", 0, 1, 3);
    assert_int_equal(sw->rows[1].summary.status, LS_UNDERFUNDED);
    assert_true(sw->rows[1].summary.pgb_cost > 15000); /* 12 × 1.5 × 856.47 */
    assert_int_equal(sw->rows[2].summary.status, LS_NO_SOLUTION);
    assert_non_null(sw->reasons[2]);
    assert_non_null(strstr(sw->reasons[2], "segment 's2' has pgb clients but no pgb_tariff"));
    ls_sweep_free(sw);
    fx_remove(dir);
}

/* --years 3 with index.wage 0.1 (tariffs × 1.168 in year 3, no budget growth): the budget
 * that just covers year 3 is 85,297.588 × 1.168 = 99,627.58305882354. */
static void test_break_even_of_the_last_year(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nindex.wage,0.1\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = "budget";
    o.from = 50000;
    o.to = 150000;
    o.steps = 3;
    o.years = 3;
    ls_sweep *sw = NULL;
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_OK);
    assert_near(sw->rows[1].summary.required, 99627.58305882354, 1e-6);
    assert_near(sw->break_even, 99627.58305882354, 1e-6 * 99627.58305882354);
    ls_sweep_free(sw);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* s1 can only go to A (B's floor is above s1's max_tariff 370) and A's 720 hours hold 6
 * clients: unmet demand appears at clients:s1 = 6. */
static void test_unmet_break_even(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv", "provider,cao,local,capacity_hours,quality,employer_charges,unproductive,"
                          "overhead,margin\nA,vvt,1,720,8,,,,\nB,ghz,0,,6,0.25,0.15,0.12,0.04\n"},
        {"segments.csv",
         "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
         "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,370\n"
         "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"}};
    char *dir = fx_model(files, 2);
    ls_sweep *sw = sweep(dir, "clients:s1", 0, 10, 3);
    assert_near(sw->unmet_break_even, 6, 1e-6 * 6);
    ls_sweep_free(sw);
    fx_remove(dir);
}

/* Every warm step equals a cold solve of the same value (a fresh model and planner), to
 * 1e-9 relative, on every bundled example and every kind of parameter. */
static void test_warm_equals_cold_everywhere(void **state)
{
    (void)state;
    const char *models[] = {"dalfsen", "zaltbommel", "brunssum", "drechtsteden", "ijmond"};
    struct { const char *param; double from, to; } params[] = {
        {"wage_index", 0, 0.08}, {"budget", 0, 0}, {"reserve", 0, 0.1}, {"demand", 0.9, 1.2},
        {"local_share_min", 0, 0.3}, {"quality_value", 0, 10}, {"cao:vvt", 0.95, 1.1},
        {"clients:", 0, 0}};
    for (size_t i = 0; i < 5; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", fx_data_dir(), models[i]);
        ls_errors errs = {0};
        ls_model *m = NULL;
        assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
        ls_check *c = NULL;
        assert_int_equal(ls_check_summarize(m, &c), LS_OK);
        double budget = c->budget;
        ls_check_free(c);
        ls_result *base = NULL;
        assert_int_equal(ls_plan(m, &base, &errs), LS_OK);
        char seg_param[128];
        snprintf(seg_param, sizeof seg_param, "clients:%s", base->segment_rows[0].segment);
        double seg_clients = base->segment_rows[0].demand;
        ls_result_free(base);
        for (size_t k = 0; k < sizeof params / sizeof *params; k++) {
            const char *param = params[k].param;
            double from = params[k].from, to = params[k].to;
            if (strcmp(param, "budget") == 0)
                from = 0.9 * budget, to = 1.1 * budget;
            if (strcmp(param, "clients:") == 0)
                param = seg_param, from = 0.5 * seg_clients, to = 2 * seg_clients + 1;
            ls_sweep *warm = sweep(dir, param, from, to, 3);
            for (size_t r = 0; r < warm->n_rows; r++) {
                ls_sweep *cold = sweep(dir, param, warm->rows[r].value, warm->rows[r].value, 1);
                const ls_sweep_row *a = &warm->rows[r], *b = &cold->rows[0];
                if (a->summary.status != b->summary.status ||
                    fabs(a->summary.required - b->summary.required) >
                        1e-9 * fmax(1, b->summary.required) ||
                    fabs(a->summary.allocated - b->summary.allocated) >
                        1e-9 * fmax(1, b->summary.allocated) + 1e-6 ||
                    fabs(a->summary.unmet_clients - b->summary.unmet_clients) >
                        1e-9 * fmax(1, b->summary.unmet_clients))
                    fail_msg("%s, %s = %g: warm %.6f / %.6f, cold %.6f / %.6f", models[i], param,
                             a->value, a->summary.required, a->summary.allocated,
                             b->summary.required, b->summary.allocated);
                ls_sweep_free(cold);
            }
            ls_sweep_free(warm);
        }
        ls_model_free(m);
        ls_errors_clear(&errs);
    }
}

/* Every row of a sweep of param as a cold solve gives it (status, required, unmet clients). */
static void rows_as_cold(const char *dir, const char *param, const ls_sweep *warm)
{
    for (size_t r = 0; r < warm->n_rows; r++) {
        ls_sweep *cold = sweep(dir, param, warm->rows[r].value, warm->rows[r].value, 1);
        const ls_summary *a = &warm->rows[r].summary, *b = &cold->rows[0].summary;
        if (a->status != b->status || fabs(a->required - b->required) > 1e-9 * b->required ||
            fabs(a->unmet_clients - b->unmet_clients) > 1e-9)
            fail_msg("%s %g: warm %.6f required, %.6f unmet; cold %.6f, %.6f", param,
                     warm->rows[r].value, a->required, a->unmet_clients, b->required,
                     b->unmet_clients);
        ls_sweep_free(cold);
    }
}

/* A wage step keeps every continuity bound without a pass over the contracts only where no
 * floor reaches them: through a contract's usability, or a provider's max_budget. The
 * fixture with max_shift 0.25 holds 3 of B's 4 clients in s1 and in s2 (floors € 376.85
 * and € 856.47 at wage_index 0, both × (1 + w)).
 * - At 0.8 B's s2 floor passes its max_tariff of € 1,500 (856.47 × 1.8 = 1,541.6): the
 *   contract is fixed at 0 and s2's 4 clients (B is its only provider) go unmet.
 * - With B's max_budget € 60,000, its bounds cost 12 × 3 × (376.85 + 856.47) = 44,399.4 a
 *   year at 0, within it, but 66,599.1 at 0.5: each is scaled by 60,000 / 66,599.1 = 0.90091
 *   to 2.7027 clients; B's s2 contract then takes what is left of its max_budget, the same
 *   2.7027 clients, and 4 − 2.7027 = 1.2973 go unmet.
 * Kept bounds would place B's 3 clients at both. The same flip by B's CAO (ghz) at a factor
 * of 1.8 on its wages (1.6: € 1,370.35, still usable); quality_value moves costs alone. */
static void test_wage_steps_keep_bounds_that_stand(void **state)
{
    (void)state;
    fx_file files[] = {{"budget.csv", "key,value\nyear,2025\nbudget,100000\nmax_shift,0.25\n"},
                       {"providers.csv", NULL}};
    char *dir = fx_model(files, 1);
    ls_sweep *sw = sweep(dir, "wage_index", 0, 0.8, 5);
    assert_near(sw->rows[3].summary.unmet_clients, 0, 1e-9);
    assert_near(sw->rows[4].summary.unmet_clients, 4, 1e-9);
    rows_as_cold(dir, "wage_index", sw);
    ls_sweep_free(sw);
    sw = sweep(dir, "cao:ghz", 1.2, 1.8, 4);
    assert_near(sw->rows[2].summary.unmet_clients, 0, 1e-9);
    assert_near(sw->rows[3].summary.unmet_clients, 4, 1e-9);
    rows_as_cold(dir, "cao:ghz", sw);
    ls_sweep_free(sw);
    sw = sweep(dir, "quality_value", 0, 30, 4);
    rows_as_cold(dir, "quality_value", sw);
    ls_sweep_free(sw);
    fx_remove(dir);
    files[1].content = "provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,"
                       "employer_charges,unproductive,overhead,margin\n"
                       "A,Alpha,vvt,1,,,,8,,,,\nB,Beta,ghz,0,,,60000,6,0.25,0.15,0.12,0.04\n";
    dir = fx_model(files, 2);
    sw = sweep(dir, "wage_index", 0, 0.5, 3);
    assert_near(sw->rows[0].summary.unmet_clients, 0, 1e-9);
    assert_near(sw->rows[2].summary.unmet_clients, 4 - 3 * 60000 / 66599.1, 1e-4);
    rows_as_cold(dir, "wage_index", sw);
    ls_sweep_free(sw);
    fx_remove(dir);
}

/* a and b agree to 1e-12 of the larger of them and of scale (a share: 1; euros: the budget),
 * or are both NAN */
static int close12(double a, double b, double scale)
{
    return (isnan(a) && isnan(b)) || fabs(a - b) <= 1e-12 * fmax(fmax(fabs(a), fabs(b)), scale);
}

/* The steps shared among threads give the rows and break-evens of one thread: each block
 * starts from a cold solve of its first value, which gives the figures a warm step gives, and
 * each break-even starts from the basis after the step below it, whichever thread kept it. To
 * 1e-12 relative, not to the bit: where the placement is degenerate, two paths can end at two
 * bases of the same placement, whose clients then differ in their last bits (brunssum's
 * wage_index 0.08: the cut in its 14th digit). The sweeps have a status break-even by its
 * closed form (wage index, budget), one by Brent (demand), an unmet break-even (demand on
 * brunssum), and none (cao); 5 threads on 4 steps leave a block empty. */
static void test_threads_give_the_same_rows(void **state)
{
    (void)state;
    struct { const char *model, *param; double from, to; size_t steps; int be, unmet; } cases[] = {
        {"brunssum", "wage_index", 0, 0.1, 11, 1, 0},
        {"drechtsteden", "budget", 15e6, 20e6, 9, 1, 0},
        {"dalfsen", "demand", 0.8, 1.6, 9, 1, 0},
        {"brunssum", "demand", 1, 2, 9, 1, 1},
        {"zaltbommel", "cao:ghz", 0.9, 1.3, 7, 0, 0},
        {"brunssum", "wage_index", 0.02, 0.08, 4, 1, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", fx_data_dir(), cases[i].model);
        ls_sweep *one = sweep_on(dir, cases[i].param, cases[i].from, cases[i].to,
                                 cases[i].steps, 1);
        /* the cases are what they say */
        assert_int_equal(isfinite(one->break_even), cases[i].be);
        assert_int_equal(isfinite(one->unmet_break_even), cases[i].unmet);
        for (int threads = 2; threads <= 5; threads += 1 + (threads == 3)) { /* 2, 3, 5 */
            ls_sweep *many = sweep_on(dir, cases[i].param, cases[i].from, cases[i].to,
                                      cases[i].steps, threads);
            assert_int_equal(many->n_rows, one->n_rows);
            for (size_t r = 0; r < one->n_rows; r++) {
                const ls_sweep_row *a = &one->rows[r], *b = &many->rows[r];
                const ls_summary *x = &a->summary, *y = &b->summary;
                double e = x->available;
                if (a->value != b->value || x->status != y->status ||
                    !close12(x->required, y->required, e) ||
                    !close12(x->allocated, y->allocated, e) ||
                    !close12(x->available, y->available, e) ||
                    !close12(x->unallocated, y->unallocated, e) ||
                    !close12(x->unmet_clients, y->unmet_clients, x->served_clients) ||
                    !close12(x->served_clients, y->served_clients, 1) ||
                    !close12(x->cut, y->cut, 1) || !close12(x->margin, y->margin, 1) ||
                    !close12(a->deepest_cut, b->deepest_cut, 1) ||
                    !close12(x->break_even_wage_index, y->break_even_wage_index, 1))
                    fail_msg("%s %s, %d threads, row %zu: required %.17g against %.17g, cut "
                             "%.17g against %.17g",
                             cases[i].model, cases[i].param, threads, r, y->required,
                             x->required, y->cut, x->cut);
                /* the side of the floor the break-even search reads: an ulp below it is at it */
                if ((a->deepest_cut < 0) != (b->deepest_cut < 0))
                    fail_msg("%s %s, %d threads, row %zu: deepest cut %a against %a",
                             cases[i].model, cases[i].param, threads, r, b->deepest_cut,
                             a->deepest_cut);
            }
            assert_true(close12(many->break_even, one->break_even, 0));
            assert_true(close12(many->unmet_break_even, one->unmet_break_even, 0));
            assert_true(close12(many->break_even_row.summary.required,
                                one->break_even_row.summary.required, 0));
            assert_int_equal(many->break_even_from, one->break_even_from);
            assert_int_equal(many->flips, one->flips);
            ls_sweep_free(many);
        }
        ls_sweep_free(one);
    }
}

/* The bits of a row but its own break-even wage index, of its value and its deepest cut. */
static int same_row(const ls_sweep_row *a, const ls_sweep_row *b)
{
    ls_summary x = a->summary, y = b->summary;
    x.break_even_wage_index = y.break_even_wage_index = 0;
    return memcmp(&a->value, &b->value, sizeof(double)) == 0 &&
           memcmp(&a->deepest_cut, &b->deepest_cut, sizeof(double)) == 0 &&
           a->break_even == b->break_even && x.status == y.status &&
           memcmp(&x.budget, &y.budget, sizeof(ls_summary) - offsetof(ls_summary, budget)) == 0;
}

/* Rows without their own break-even (what `sweep` runs unless --out writes them) give the
 * same sweep to the bit: every figure of every row, and the break-evens. A wage sweep's
 * search starts at the break-even of the row below the flip, found after the step from the
 * placement and division kept for it; it must be the bits the row's own would have had, or
 * the break-even moves (the search confirms the guess and reports it as it is). The cases
 * put that row inside a block, at a block's first step, and at a block's last step with the
 * flip between two blocks (dalfsen −0.2–0.25 on two threads, −0.5–0.04 on three: the search
 * keeps the guess there), and include sweeps whose search starts elsewhere. */
static void test_lean_rows_give_the_same_sweep(void **state)
{
    (void)state;
    struct {
        const char *model, *param;
        double from, to;
        size_t steps;
    } cases[] = {
        {"brunssum", "wage_index", 0, 0.1, 11},      {"brunssum", "wage_index", 0.02, 0.08, 4},
        {"dalfsen", "wage_index", -0.2, 0.4, 13},    {"drechtsteden", "wage_index", -0.2, 0.4, 13},
        {"zaltbommel", "wage_index", -0.2, 0.4, 13}, {"ijmond", "wage_index", -0.2, 0.4, 13},
        {"dalfsen", "wage_index", -0.2, 0.25, 10},   {"dalfsen", "wage_index", -0.5, 0.04, 3},
        {"drechtsteden", "budget", 15e6, 20e6, 9},   {"dalfsen", "demand", 0.8, 1.6, 9}};
    int guessed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", fx_data_dir(), cases[i].model);
        for (int threads = 1; threads <= 3; threads++) {
            ls_sweep *full = sweep_with(dir, cases[i].param, cases[i].from, cases[i].to,
                                        cases[i].steps, threads, 1);
            ls_sweep *lean = sweep_with(dir, cases[i].param, cases[i].from, cases[i].to,
                                        cases[i].steps, threads, 0);
            assert_int_equal(lean->n_rows, full->n_rows);
            for (size_t r = 0; r < full->n_rows; r++) {
                if (!same_row(&lean->rows[r], &full->rows[r]))
                    fail_msg("%s %s, %d threads, row %zu differs", cases[i].model, cases[i].param,
                             threads, r);
                assert_true(isnan(lean->rows[r].summary.break_even_wage_index));
            }
            assert_true(isfinite(full->break_even));
            /* the break-even to the bit, and the row at it */
            assert_memory_equal(&lean->break_even, &full->break_even, sizeof(double));
            assert_true(same_row(&lean->break_even_row, &full->break_even_row));
            assert_int_equal(lean->break_even_from, full->break_even_from);
            assert_int_equal(lean->flips, full->flips);
            assert_memory_equal(&lean->unmet_break_even, &full->unmet_break_even, sizeof(double));
            /* the search kept the row's break-even where the status flips (it did here) */
            for (size_t r = 1; r < full->n_rows; r++)
                if (full->rows[r].summary.status != full->rows[r - 1].summary.status) {
                    guessed += full->break_even == full->rows[r - 1].summary.break_even_wage_index;
                    break;
                }
            ls_sweep_free(lean);
            ls_sweep_free(full);
        }
    }
    assert_true(guessed >= 9); /* three wage sweeps on three thread counts at least */
}

/* What a controller reads is the same for any --threads: the table and the CSV, to the byte
 * (brunssum's wage sweep, whose rows differ in their last bits between one and two threads:
 * the test above). */
static void test_threads_print_the_same(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0), args[1400], csv[3][600], *text[3];
    for (int t = 0; t < 3; t++) {
        snprintf(csv[t], sizeof csv[t], "%s/sweep%d.csv", dir, t + 1);
        snprintf(args, sizeof args,
                 "sweep %s/brunssum --param wage_index --from 0 --to 0.1 --steps 11 --threads %d "
                 "--out %s",
                 fx_data_dir(), t + 1, csv[t]);
        assert_int_equal(fx_run(args, &text[t], NULL), 0);
        *strstr(text[t], "Wrote ") = 0; /* the file's name */
    }
    char *one = fx_slurp(csv[0]);
    /* the value --set takes, then as a controller reads it */
    assert_non_null(strstr(text[0], "Break-even: wage_index = 0.05647906546"));
    assert_non_null(strstr(text[0], " = 5.65 % (funded below"));
    for (int t = 1; t < 3; t++) {
        char *many = fx_slurp(csv[t]);
        assert_string_equal(text[t], text[0]);
        assert_string_equal(many, one);
        free(many);
    }
    free(one);
    for (int t = 0; t < 3; t++)
        free(text[t]);
    fx_remove(dir);
}

/* The library names a bad option by its own field, never by a command-line flag: a
 * parameter the model lacks has the file "param"; a bad range says "from < to". The model is
 * left as it was read. */
static void test_library_names_its_options(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = "cao:xyz";
    o.from = 1, o.to = 2, o.steps = 3;
    ls_sweep *sw = NULL;
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_EUSAGE);
    assert_null(sw);
    assert_string_equal(errs.errors[0].file, "param");
    assert_string_equal(errs.errors[0].message, "no CAO 'xyz' in wages.csv");
    ls_errors_clear(&errs);
    o.param = "budget";
    o.from = 2, o.to = 1;
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_EUSAGE);
    assert_null(errs.errors[0].file);
    assert_string_equal(errs.errors[0].message,
                        "need from < to with steps ≥ 2, or from = to with steps 1");
    ls_errors_clear(&errs);
    /* and a good sweep after both still plans the model as read: required at wage_index 0 */
    o.param = "wage_index";
    o.from = 0, o.to = 0.1, o.steps = 2;
    assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_OK);
    assert_true(fabs(sw->rows[0].summary.required - 85297.58823529413) < 1e-6);
    ls_sweep_free(sw);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

static void test_bad_usage(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char args[1200], *err;
    struct { const char *args, *words;
    } cases[] = {
        {"--param wage_idx --from 0 --to 1 --steps 3", "--param: unknown parameter 'wage_idx'"},
        {"--param wage_index --from 1 --to 0 --steps 3", "need --from < --to with --steps ≥ 2"},
        {"--param wage_index --from 1 --to 1 --steps 3", "or --from = --to with --steps 1"},
        {"--param cao:xyz --from 1 --to 2 --steps 3", "--param: no CAO 'xyz'"},
        {"--param clients:s9 --from 1 --to 2 --steps 3", "--param: no segment or area 's9'"},
        /* a value out of the parameter's range is said of the end that gave it */
        {"--param budget --from -5 --to 2 --steps 3", "--from: budget must be > 0"},
        {"--param wage_index --from 0 --to 200 --steps 3", "--to: wage_index must be at most 100"},
        /* a step inside the range (1.0) fails first: the range reaches past what may be, and
         * the message quotes --to's own 1.5, not the step's 1 (one block or two) */
        {"--param reserve --from 0 --to 1.5 --steps 4",
         "--to: reserve must be ≥ 0 and < 1, not 1.5"},
        {"--param reserve --from 0 --to 1.5 --steps 8 --threads 2",
         "--to: reserve must be ≥ 0 and < 1, not 1.5"},
        {"--param wage_index --from 0 --to 400 --steps 5",
         "--to: wage_index must be at most 100 (+10,000 %), not 400"},
        {"--param demand --from -1 --to 2 --steps 3",
         "--from: a factor on the clients must be ≥ 0"},
        /* a number past 10^15 is out of range, not "not a number" */
        {"--param budget --from 1 --to 1e20 --steps 3", "--to: '1e20' is out of range"},
        {"--param budget --from 1 --to 2", "give MODEL, --param"},
        {"--param budget --from x --to 2 --steps 3", "--from must be a number, not 'x'"},
        {"--param budget --from 1 --to 2 --steps 3 --threads 0",
         "--threads must be a whole number from 1 to 256, not '0'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(args, sizeof args, "sweep %s %s", dir, cases[i].args);
        int rc = fx_run(args, NULL, &err);
        if (rc != 2 || !strstr(err, cases[i].words))
            fail_msg("lumpsum %s: exit %d, stderr %s", args, rc, err);
        free(err);
    }
    /* --out writes the table and the break-even row, marked */
    char out[560], *text;
    snprintf(out, sizeof out, "%s/sweep.csv", dir);
    snprintf(args, sizeof args, "sweep %s --param wage_index --from 0 --to 0.3 --steps 4 --out %s",
             dir, out);
    assert_int_equal(fx_run(args, &text, NULL), 0);
    assert_non_null(strstr(text, "Break-even: wage_index = 0.17236"));
    free(text);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char line[512];
    int rows = 0, marked = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') /* the scenario */
            continue;
        rows++;
        marked += strstr(line, ",1,\n") != NULL && strncmp(line, "0.1723660", 9) == 0;
    }
    fclose(f);
    assert_int_equal(rows, 6); /* header, 4 steps, the break-even */
    assert_int_equal(marked, 1);
    fx_remove(dir);
}

/* A what-if stays within what lumpsum holds, as the reader does: demand × 2·10^7 gives s1
 * 2·10^8 clients (> 10^8 a segment), a usage error said of --to (it was exit 4, "a numerical
 * failure"); cao:ghz × 10^9 makes the demand at its dearest floors (all B's, ghz) cost
 * 12 × (10 × 376.8470588235295 + 4 × 856.4705882352944) × 10^9 = 8.63·10^13 > € 10^13. */
static void test_what_if_within_bounds(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    const char *params[] = {"demand", "cao:ghz"};
    const double to[] = {2e7, 1e9};
    const char *want[] = {"demand 20000000 would give segment 's1' 200000000 clients, more "
                          "than lumpsum holds (10^8 a segment)",
                          "cao:ghz 1000000000 would make the demand cost € 86,300,000,000,000 "
                          "a year at its floor tariffs, more than lumpsum counts to the cent "
                          "(€ 10^13 a year)"};
    for (int i = 0; i < 2; i++) {
        ls_errors errs = {0};
        ls_model *m = NULL;
        assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
        ls_sweep_options o;
        ls_sweep_options_init(&o);
        o.param = params[i];
        o.from = 1;
        o.to = to[i];
        o.steps = 2;
        ls_sweep *sw = NULL;
        assert_int_equal(ls_sweep_run(m, &o, &sw, &errs), LS_EUSAGE);
        assert_null(sw);
        assert_string_equal(errs.errors[0].file, "to");
        assert_string_equal(errs.errors[0].message, want[i]);
        ls_model_free(m);
        ls_errors_clear(&errs);
    }
    fx_remove(dir);
}

/* Two rows that meet on the placement's demand alone. p2 is local and 1.01/1.03 of p1's
 * floor in both segments (the same CAO, margins 0.01 and 0.03), so its max_budget row and
 * the overall local row held at its shortfall (p2's placement at reference prices, p2's
 * floors) say the same of p2's clients: a basis holding both is singular on paper, and a
 * warm step from 0.7 ended in one, which rounding made a vertex with p2's 418,008 split
 * 18.35 clients in seg5 against 10 in seg0. Its preference's duals came out near 10^14 and
 * did not give the basic columns their preference back. The tie-break's answer holds 14.7 in
 * seg5 (the jeugd target, 0.7 × 21), as a cold plan does, and the participatie ceiling then
 * cuts seg0 alone, by 67.58 %, with the whole budget allocated; the ill step left
 * € 29,629.57 unallocated. */
static void test_rows_that_meet_on_demand(void **state)
{
    (void)state;
    fx_file f[] = {
        {"segments.csv", "segment,product,intensity,complexity,domain,clients,hours,scale\n"
                         "seg0,begeleiding,matig,specialistisch,participatie,26,25.9,s2\n"
                         "seg5,dagbesteding,zwaar,basis_plus,jeugd,21,24.5,s2\n"},
        {"wages.csv", "cao,scale,hourly_wage\ncao2,s2,27.23\n"},
        {"providers.csv", "provider,cao,local,max_budget,margin\np1,cao2,,,\n"
                          "p2,cao2,1,418008,0.01\n"},
        {"contracts.csv", "provider,segment\np1,seg0\np2,seg5\np2,seg0\np1,seg5\n"},
        {"budget.csv", "key,value\nbudget,606637\nlocal_share_min.jeugd,0.7\n"
                       "budget.participatie,130027\n"},
    };
    char *dir = fx_model(f, 5);
    ls_sweep *warm = sweep(dir, "local_share_min", 0.7, 0.9112, 5);
    for (size_t r = 0; r < warm->n_rows; r++) {
        ls_sweep *cold = sweep(dir, "local_share_min", warm->rows[r].value, warm->rows[r].value, 1);
        const ls_summary *a = &warm->rows[r].summary, *b = &cold->rows[0].summary;
        assert_int_equal(a->status, LS_UNDERFUNDED);
        assert_near(a->allocated, 606637, 0.005);
        assert_near(a->unallocated, 0, 0.005);
        assert_near(a->cut, b->cut, 1e-12);
        assert_near(a->margin, b->margin, 1e-12);
        ls_sweep_free(cold);
    }
    ls_sweep_free(warm);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_break_evens_by_hand),
        cmocka_unit_test(test_break_even_beside_a_hair_at_the_step),
        cmocka_unit_test(test_demand_moves_pgb_clients),
        cmocka_unit_test(test_pgb_without_a_tariff_has_no_solution),
        cmocka_unit_test(test_unmet_break_even),
        cmocka_unit_test(test_break_even_of_the_last_year),
        cmocka_unit_test(test_warm_equals_cold_everywhere),
        cmocka_unit_test(test_wage_steps_keep_bounds_that_stand),
        cmocka_unit_test(test_threads_give_the_same_rows),
        cmocka_unit_test(test_threads_print_the_same),
        cmocka_unit_test(test_lean_rows_give_the_same_sweep),
        cmocka_unit_test(test_library_names_its_options),
        cmocka_unit_test(test_bad_usage),
        cmocka_unit_test(test_what_if_within_bounds),
        cmocka_unit_test(test_rows_that_meet_on_demand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
