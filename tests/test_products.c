/*
 * test_products.c — care products as they are bought: a group product with non-wage costs
 * quoted per dagdeel, by hand.
 *
 * The model: one segment g of day care (dagbesteding), 16 clients who each get 40 hours of
 * support a month in a group of 8 (so 40 / 8 = 5 staff hours a client a month), with € 100 a
 * client a month of other costs (transport, materials), quoted per dagdeel at 10 dagdelen a
 * month. One provider P at € 20 an hour, no surcharges, capacity 480 staff hours a year;
 * max_tariff 300; budget € 24,000, no reserve.
 *
 *   floor          = 5 × 20 + 100                  = 200 a client a month
 *   per dagdeel    = 200 / 10                      = 20
 *   placed         = 480 / (12 × 5)                = 8 clients (8 unmet: capacity)
 *   required       = 12 × 200 × 8                  = 19,200 a year; margin 24,000/19,200 − 1 = 25 %
 *   break-even w   : 12 × 8 × (100·(1 + w) + 100) = 24,000  →  w = 0.5
 *                    (scaling the whole floor would say 200·κ = 250, w = 0.25: wrong, the other
 *                    costs do not follow wages)
 *   ceiling w      : 100·(1 + w) + 100 = 300       →  w = 1
 *   year 2 (index.wage 0.1, index.price 0.02, wage_share 0.8):
 *                    wage part 100 × (0.8 × 1.1 + 0.2 × 1.02) = 108.4; other 100 × 1.02 = 102;
 *                    floor 210.4
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

static const fx_file model_files[] = {
    {"segments.csv", "segment,product,intensity,complexity,clients,hours,scale,max_tariff,"
                     "group_size,other_costs,unit,units\n"
                     "g,dagbesteding,licht,basis,16,40,a,300,8,100,dagdeel,10\n"},
    {"wages.csv", "cao,scale,hourly_wage\nc,a,20\n"},
    {"providers.csv", "provider,cao,local,capacity_hours\nP,c,1,480\n"},
    {"contracts.csv", "provider,segment\nP,g\n"},
    {"indicators.csv", ""},
    {"budget.csv", "key,value\nbudget,24000\nreserve,0\nemployer_charges,0\nunproductive,0\n"
                   "overhead,0\nmargin,0\nindex.wage,0.1\nindex.price,0.02\nwage_share,0.8\n"}};

static ls_model *read_model(char **dir)
{
    return fx_read(model_files, sizeof model_files / sizeof *model_files, dir);
}

static void test_group_product_by_hand(void **state)
{
    (void)state;
    char *dir;
    ls_model *m = read_model(&dir);
    ls_result *r = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_plan(m, &r, &errs), LS_OK);
    assert_int_equal(r->n_allocation, 1);
    const ls_allocation_row *a = &r->allocation[0];
    assert_near(a->floor_tariff, 200, 1e-9);
    assert_near(a->floor.hours_per_month, 5, 1e-12);
    assert_near(a->floor.group_size, 8, 0);
    assert_near(a->floor.wage_part, 100, 1e-9);
    assert_near(a->floor.other_costs, 100, 0);
    assert_string_equal(a->floor.unit, "dagdeel");
    assert_near(a->floor_per_unit, 20, 1e-9);
    assert_near(r->summary.served_clients, 8, 1e-7);
    assert_near(r->summary.unmet_clients, 8, 1e-7);
    assert_string_equal(r->segment_rows[0].cause, "capacity");
    assert_near(r->summary.required, 19200, 1e-4);
    assert_near(r->summary.margin, 0.25, 1e-9);
    assert_near(r->summary.break_even_wage_index, 0.5, 1e-9);
    assert_near(r->ceiling_wage_index, 1.0, 1e-9);
    ls_result_free(r);

    /* check quotes the class's floor per dagdeel: 200 / 10 = 20 */
    ls_check *c = NULL;
    assert_int_equal(ls_check_summarize(m, &c), LS_OK);
    assert_int_equal(c->n_classes, 1);
    assert_string_equal(c->classes[0].unit, "dagdeel");
    assert_near(c->classes[0].median / c->classes[0].units, 20, 1e-9);
    ls_check_free(c);

    /* the sweep finds the same break-even by re-solving: the two never disagree */
    ls_sweep_options so;
    ls_sweep_options_init(&so);
    so.param = "wage_index", so.from = 0, so.to = 1, so.steps = 3;
    ls_sweep *sw = NULL;
    assert_int_equal(ls_sweep_run(m, &so, &sw, &errs), LS_OK);
    assert_near(sw->break_even, 0.5, 1e-6);
    ls_sweep_free(sw);

    /* year 2: wages by the blend, other costs by prices alone */
    ls_result **path = NULL;
    assert_int_equal(ls_plan_years(m, 2, &path, &errs), LS_OK);
    const ls_allocation_row *y = &path[1]->allocation[0];
    assert_near(y->floor.wage_part, 108.4, 1e-9);
    assert_near(y->floor.other_costs, 102, 1e-9);
    assert_near(y->floor_tariff, 210.4, 1e-9);
    assert_near(y->floor_per_unit, 21.04, 1e-9);
    ls_results_free(path, 2);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* clients:<area> scales one district: segments n (area noord) and z (area zuid), 10 clients
 * each at 5 hours × € 20 = € 100 a month; budget € 30,000. Scaling noord by f:
 * 12 × 100 × (10·f + 10) = 30,000  →  f = 1.5, the break-even; zuid stays at 10 clients. */
static void test_area_sweep_by_hand(void **state)
{
    (void)state;
    static const fx_file files[] = {
        {"segments.csv", "segment,product,intensity,complexity,area,clients,hours,scale\n"
                         "n,begeleiding,licht,basis,noord,10,5,a\n"
                         "z,begeleiding,licht,basis,zuid,10,5,a\n"},
        {"wages.csv", "cao,scale,hourly_wage\nc,a,20\n"},
        {"providers.csv", "provider,cao,local\nP,c,1\n"},
        {"contracts.csv", "provider,segment\nP,n\nP,z\n"},
        {"indicators.csv", ""},
        {"budget.csv", "key,value\nbudget,30000\nreserve,0\nemployer_charges,0\n"
                       "unproductive,0\noverhead,0\nmargin,0\n"}};
    char *dir;
    ls_model *m = fx_read(files, sizeof files / sizeof *files, &dir);
    ls_errors errs = {0};
    ls_sweep_options so;
    ls_sweep_options_init(&so);
    so.param = "clients:noord", so.from = 1, so.to = 2, so.steps = 3;
    ls_sweep *sw = NULL;
    assert_int_equal(ls_sweep_run(m, &so, &sw, &errs), LS_OK);
    assert_near(sw->rows[0].summary.required, 24000, 1e-6); /* f = 1: 20 clients */
    assert_near(sw->rows[2].summary.required, 36000, 1e-6); /* f = 2: 30 clients */
    assert_near(sw->rows[2].summary.served_clients, 30, 1e-9);
    assert_near(sw->break_even, 1.5, 1e-6);
    ls_sweep_free(sw);
    so.param = "clients:west";
    assert_int_equal(ls_sweep_run(m, &so, &sw, &errs), LS_EUSAGE);
    assert_string_equal(errs.errors[errs.n_errors - 1].message,
                        "no segment or area 'west' in segments.csv");
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_product_by_hand),
        cmocka_unit_test(test_area_sweep_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
