/*
 * test_plan.c — stage 1 and stage 2 (docs/method.md) on the fixture model, by hand (the
 * fixture's floors and the figures they give are in plan_fixture.h); euros to the cent are
 * in test_money.c, personal budgets and the multi-year path in test_pgb_years.c.
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
#include "plan_fixture.h"

/* Nothing binds: s1 all to A (cheaper), s2 all to B (its only contract). Equal margin:
 * m = 100,000 / 85,297.588 − 1 = 0.17236608993151292; b_A = 44,187 × (1 + m) =
 * 51,803.340415803774; b_B = 48,196.65958419623; B's wmo group has no clients: 0. */
static void test_unique_placement_equal_margin(void **state)
{
    (void)state;
    fx_plan_run p = fx_plan(NULL, 0);
    assert_int_equal(p.rc, LS_OK);
    const ls_result *r = p.result;
    assert_near(fx_clients(r, "A", "s1"), 10, 1e-9);
    assert_near(fx_clients(r, "B", "s1"), 0, 1e-9);
    assert_near(fx_clients(r, "B", "s2"), 4, 1e-9);
    assert_near(r->summary.required, REQUIRED, EUR);
    assert_int_equal(r->summary.status, LS_FUNDED);
    assert_near(r->summary.margin, 0.17236608993151292, 1e-9);
    assert_near(fx_budget(r, "A", "wmo")->budget, 51803.340415803774, EUR);
    assert_near(fx_budget(r, "B", "jeugd")->budget, 48196.65958419623, EUR);
    assert_near(fx_budget(r, "B", "wmo")->budget, 0, EUR);
    assert_true(isnan(fx_budget(r, "B", "wmo")->margin));
    assert_near(r->summary.allocated, 100000, EUR);
    assert_near(r->summary.unallocated, 0, EUR);
    /* break-even wage index = (1 + 0) × 100,000 / 85,297.588 − 1, the same as m here */
    assert_near(r->summary.break_even_wage_index, 0.17236608993151292, 1e-9);
    /* one more client of s1 costs A's floor a year: 12 × 368.225 = 4,418.70 */
    assert_near(r->segment_rows[0].marginal_cost, 4418.7, EUR);
    assert_near(r->summary.unmet_clients, 0, 0);
    fx_plan_done(&p);
}

/* A's capacity 720 h a year = 6 clients of s1 (12 × 10 h each): 4 go to B.
 * required = 12 × (368.225 × 6 + 376.847… × 4) + 41,110.588 = 85,711.44705882354.
 * One more hour moves 1/120 client from B to A: saves 12 × (376.847… − 368.225) / 120 =
 * 0.8622058823529472 a year. The marginal client of s1 now goes to B: 12 × 376.847… =
 * 4,522.164705882354. */
static void test_capacity_binds_cheapest_first(void **state)
{
    (void)state;
    fx_file f = {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,720,,,8,,,,\n" B_ROW};
    fx_plan_run p = fx_plan(&f, 1);
    assert_int_equal(p.rc, LS_OK);
    const ls_result *r = p.result;
    assert_near(fx_clients(r, "A", "s1"), 6, 1e-9);
    assert_near(fx_clients(r, "B", "s1"), 4, 1e-9);
    assert_near(r->summary.required, 85711.44705882354, EUR);
    const ls_binding *b = fx_binding(r, LS_BIND_CAPACITY, "A");
    assert_non_null(b);
    assert_near(b->value, 0.8622058823529472, 1e-9);
    assert_near(r->segment_rows[0].marginal_cost, 4522.164705882354, EUR);
    fx_plan_done(&p);
}

/* Budget 80,000 < required 85,297.588: c* = 80,000 / 85,297.588 − 1 = −0.06210712805478957,
 * every group cut by it: b_A = 41,442.67233264302, b_B = 38,557.327667356985. */
static void test_underfunded_equal_cut(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nbudget,80000\n"};
    fx_plan_run p = fx_plan(&f, 1);
    assert_int_equal(p.rc, LS_OK);
    const ls_result *r = p.result;
    assert_int_equal(r->summary.status, LS_UNDERFUNDED);
    assert_near(r->summary.cut, -0.06210712805478957, 1e-9);
    assert_near(r->summary.margin, 0, 0);
    assert_near(fx_budget(r, "A", "wmo")->budget, 41442.67233264302, EUR);
    assert_near(fx_budget(r, "B", "jeugd")->budget, 38557.327667356985, EUR);
    assert_near(r->summary.allocated, 80000, EUR);
    fx_plan_done(&p);
}

/* A reserve holds euros back: budget 125,000 with reserve 0.2 is available 100,000, and the
 * division is the unique-placement one. */
static void test_reserve_reduces_available(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nbudget,125000\nreserve,0.2\n"};
    fx_plan_run p = fx_plan(&f, 1);
    assert_near(p.result->summary.available, 100000, EUR);
    assert_near(p.result->summary.margin, 0.17236608993151292, 1e-9);
    fx_plan_done(&p);
}

/* quality policy: q̄ = (44,187 × 8 + 41,110.588 × 6) / 85,297.588 = 7.036066808316076;
 * w_A = 8 / q̄, w_B = 6 / q̄; Σ F·w = Σ F, so m is the equal margin 0.172366…, and
 * A's margin = w_A·m = 0.19598004922612708, B's = 0.1469850369195953:
 * b_A = 52,846.77043515488, b_B = 47,153.22956484511.
 * A's quality 8 comes from indicators: vakmanschap 9 (weight 2), bereik 6 → 24 / 3. */
static void test_quality_policy_with_indicators(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,,,5,,,,\n" B_ROW},
        {"indicators.csv", "provider,indicator,score\nA,vakmanschap,9\nA,bereik,6\n"},
        {"budget.csv", "key,value\nbudget,100000\nmargin_policy,quality\nweight.vakmanschap,2\n"}};
    fx_plan_run p = fx_plan(files, 3);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_budget(r, "A", "wmo")->margin, 0.19598004922612708, 1e-9);
    assert_near(fx_budget(r, "B", "jeugd")->margin, 0.1469850369195953, 1e-9);
    assert_near(fx_budget(r, "A", "wmo")->budget, 52846.77043515488, EUR);
    assert_near(fx_budget(r, "B", "jeugd")->budget, 47153.22956484511, EUR);
    fx_plan_done(&p);
}

/* A's max_budget 46,000 stops A at m = 46,000 / 44,187 − 1 = 0.04103016724375941; A is
 * frozen there and B takes the rest: 100,000 − 46,000 = 54,000, its margin 54,000 /
 * 41,110.588 − 1 = 0.31353021978021944, which is the last m*. */
static void test_max_budget_caps_and_hands_share_to_rest(void **state)
{
    (void)state;
    fx_file f = {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,,46000,8,,,,\n" B_ROW};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_budget(r, "A", "wmo")->budget, 46000, EUR);
    assert_true(fx_budget(r, "A", "wmo")->capped);
    assert_false(fx_budget(r, "B", "jeugd")->capped);
    assert_near(fx_budget(r, "B", "jeugd")->budget, 54000, EUR);
    assert_near(r->summary.margin, 0.31353021978021944, 1e-9);
    assert_non_null(fx_binding(r, LS_BIND_BUDGET_CAP, "A"));
    fx_plan_done(&p);
}

/* s2's max_tariff 900 gives B's jeugd group the ceiling C = 12 × 900 × 4 = 43,200 (its floor
 * 856.47 is below it, so the contract stays usable). The equal level 48,196.66 is above it:
 * B is frozen at 43,200 and A gets 56,800, margin 56,800 / 44,187 − 1 = 0.28544594564012016. */
static void test_ceiling_caps_group(void **state)
{
    (void)state;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,900\n"};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_near(fx_budget(r, "B", "jeugd")->budget, 43200, EUR);
    assert_true(fx_budget(r, "B", "jeugd")->capped);
    assert_near(fx_budget(r, "A", "wmo")->budget, 56800, EUR);
    assert_near(r->summary.margin, 0.28544594564012016, 1e-9);
    assert_non_null(fx_binding(r, LS_BIND_CEILING, "B"));
    fx_plan_done(&p);
}

/* s1's max_tariff 370 makes (B, s1) unusable (376.85 > 370); A's capacity 720 h takes 6
 * clients; the other 4 are unmet, for A's capacity.
 * required = 12 × 368.225 × 6 + 41,110.588 = 26,512.20 + 41,110.588 = 67,622.78823529413. */
static fx_plan_run plan_short_of_capacity(void)
{
    fx_file files[] = {
        {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,720,,,8,,,,\n" B_ROW},
        {"segments.csv",
         "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
         "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,370\n"
         "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"}};
    return fx_plan(files, 2);
}

static void test_unmet_for_lack_of_capacity(void **state)
{
    (void)state;
    fx_plan_run p = plan_short_of_capacity();
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->summary.unmet_clients, 4, 1e-9);
    assert_near(r->segment_rows[0].unmet, 4, 1e-9);
    assert_near(r->segment_rows[0].served, 6, 1e-9);
    assert_near(fx_clients(r, "B", "s1"), 0, 0);
    assert_near(r->summary.required, 67622.78823529413, EUR);
    /* one more client of s1 would go unmet too: no marginal cost; A's capacity is the cause */
    assert_true(isnan(r->segment_rows[0].marginal_cost));
    assert_string_equal(r->segment_rows[0].cause, "capacity");
    fx_plan_done(&p);
}

/* local_share_min 0.6 with B local and A not, measured at reference prices (r_s1 = 368.225,
 * A's floor; r_s2 = 856.470…): B's s2 alone is 12 × 856.470… × 4 = 41,110.588 of the
 * 85,297.588 the whole placement is worth at those prices, so y clients of s1 move to B until
 * 41,110.588 + 4,418.7·y = 0.6 × 85,297.588: y = 10,067.9647 / 4,418.7 = 2.278490213384558;
 * each costs 12 × (376.847… − 368.225) = 103.4647 more: required = 85,297.588 + 103.4647·y
 * = 85,533.33155507778. The row's dual is 103.4647 / 4,418.7 per euro of local worth, so a
 * point more costs 103.4647 / 4,418.7 × 85,297.588 × 0.01 = 19.97259347599705 a year. */
static void test_local_share_binds_in_placement(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,0,,,,8,,,,\n"
                                         "B,Beta,ghz,1,,,,6,0.25,0.15,0.12,0.04\n"},
        {"budget.csv", "key,value\nbudget,100000\nlocal_share_min,0.6\n"}};
    fx_plan_run p = fx_plan(files, 2);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_clients(r, "B", "s1"), 2.278490213384558, 1e-7);
    assert_near(r->summary.required, 85533.33155507778, 1e-5);
    assert_near(r->local_share, 0.6, 1e-9);
    assert_near(r->local_share_target, 0.6, 0);
    const ls_binding *b = fx_binding(r, LS_BIND_LOCAL, NULL);
    assert_non_null(b);
    assert_near(b->value, 19.97259347599705, 1e-6);
    /* stage 2: the local share holds on the budgets too */
    double local = 0;
    for (size_t i = 0; i < r->n_budgets; i++)
        local += r->budgets[i].local ? r->budgets[i].budget : 0;
    assert_true(local >= 0.6 * r->summary.allocated - EUR);
    fx_plan_done(&p);
}

/* max_shift 0.5 keeps half of B's 4 clients of s1: x(B, s1) ≥ 0.5 × 4 × min(1, 10/10) = 2.
 * required = 12 × (368.225 × 8 + 376.847… × 2) + 41,110.588 = 85,504.51764705883; each
 * kept client costs 12 × (376.847… − 368.225) = 103.46470588235366 more a year. */
static void test_continuity_binds(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nbudget,100000\nmax_shift,0.5\n"};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_near(fx_clients(r, "B", "s1"), 2, 1e-9);
    assert_near(fx_clients(r, "A", "s1"), 8, 1e-9);
    assert_near(r->summary.required, 85504.51764705883, EUR);
    const ls_binding *b = fx_binding(r, LS_BIND_CONTINUITY, "B");
    assert_non_null(b);
    assert_near(b->amount, 2, 1e-9);
    assert_near(b->value, 103.46470588235366, 1e-6);
    fx_plan_done(&p);
}

/* max_shift 0 keeps every client where it is: x(B, s2) ≥ 4 × min(1, 6/4) = 4, which is also
 * its max_clients, and s2 has no other contract: 6 − 4 = 2 of its clients go without a
 * place. Lowering x(B, s2) would save 12 × B's tariff a year only by leaving a third client
 * without care, so no continuity binding is listed for s2; s1's (B keeps 4 clients at
 * 12 × (376.847… − 368.225) = 103.4647… a year more each than A's) still is. */
static void test_no_continuity_where_clients_wait(void **state)
{
    (void)state;
    fx_file files[] = {
        {"budget.csv", "key,value\nbudget,100000\nmax_shift,0\n"},
        {"segments.csv",
         "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
         "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
         "s2,begeleiding,zwaar,basis_plus,jeugd,all,6,20,niveau4,1500\n"},
        {"contracts.csv", "provider,segment,current_clients,max_clients\nA,s1,6,\nB,s1,4,\n"
                          "B,s2,4,4\n"}};
    fx_plan_run p = fx_plan(files, 3);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->segment_rows[1].unmet, 2, 1e-9);
    assert_near(fx_clients(r, "B", "s2"), 4, 1e-9);
    int s1_kept = 0;
    for (size_t i = 0; i < r->n_bindings; i++) {
        const ls_binding *b = &r->bindings[i];
        if (b->kind != LS_BIND_CONTINUITY)
            continue;
        assert_string_not_equal(b->segment, "s2");
        s1_kept += strcmp(b->segment, "s1") == 0;
        assert_near(b->value, 103.46470588235366, 1e-6);
    }
    assert_int_equal(s1_kept, 1);
    fx_plan_done(&p);
}

/* Provider C is dearer (overhead 0.5) and places nobody, but has min_budget 5,000: it gets
 * exactly that, and A and B share 95,000: m = 95,000 / 85,297.588 − 1 = 0.11374778543493735. */
static void test_min_budget_without_clients(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\n" B_ROW
                                         "C,Gamma,vvt,1,,5000,,7,,,0.5,\n"},
        {"contracts.csv", "provider,segment,current_clients\nA,s1,6\nB,s1,4\nB,s2,4\nC,s1,0\n"}};
    fx_plan_run p = fx_plan(files, 2);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_clients(r, "C", "s1"), 0, 0);
    assert_near(fx_budget(r, "C", "wmo")->budget, 5000, EUR);
    assert_near(r->summary.margin, 0.11374778543493735, 1e-9);
    const ls_binding *b = fx_binding(r, LS_BIND_MIN_BUDGET, "C");
    assert_non_null(b);
    assert_near(b->amount, 5000, EUR);
    fx_plan_done(&p);
}

/* Budget 50,000 with B's min_budget 30,000: B keeps 30,000 and A's floor takes the common cut
 * on the other 20,000: cut = 20,000 / 44,187 − 1 = −0.5473781881548871. At that cut B's floor
 * would get 41,110.588 × (1 − 0.547378…) = 18,607.549; its min_budget holds it 11,392.451066922793
 * above that (cut only 30,000 / 41,110.588 − 1 = −0.27026098901098916), which the bindings say. */
static void test_min_budget_held_in_a_cut(void **state)
{
    (void)state;
    fx_file files[] = {{"providers.csv",
                        PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\n"
                                       "B,Beta,ghz,0,,30000,,6,0.25,0.15,0.12,0.04\n"},
                       {"budget.csv", "key,value\nyear,2025\nbudget,50000\n"}};
    fx_plan_run p = fx_plan(files, 2);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_int_equal(r->summary.status, LS_UNDERFUNDED);
    assert_near(r->summary.cut, -0.5473781881548871, 1e-9);
    assert_near(fx_budget(r, "B", "jeugd")->budget, 30000, EUR);
    assert_near(fx_budget(r, "B", "jeugd")->margin, -0.27026098901098916, 1e-9);
    const ls_binding *b = fx_binding(r, LS_BIND_MIN_BUDGET, "B");
    assert_non_null(b);
    assert_near(b->amount, 11392.451066922793, 1e-5);
    assert_null(fx_binding(r, LS_BIND_MIN_BUDGET, "A"));
    fx_plan_done(&p);
}

/* s2's max_tariff 800 is below its one contract's floor 856.47: its 4 clients have no place
 * (cause ceiling), and a binding says so: 4 clients, 12 × 4 × 856.4705882352944 =
 * 41,110.588235294126 a year of care at that floor. */
static void test_unmet_ceiling_binding(void **state)
{
    (void)state;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,800\n"};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->summary.unmet_clients, 4, 1e-9);
    const ls_binding *b = fx_binding(r, LS_BIND_UNMET_CEILING, NULL);
    assert_non_null(b);
    assert_string_equal(b->segment, "s2");
    assert_string_equal(b->domain, "jeugd");
    assert_near(b->amount, 4, 1e-9);
    assert_near(b->value, 41110.588235294126, 1e-6);
    fx_plan_done(&p);
}

/* A's max_budget 40,000 is below its floor cost for all of s1 (44,187): placement fills A to
 * 40,000 exactly (9.0524 clients at 12 × 368.225) and puts the rest with B. Any wage rise puts
 * A's floor cost above its max_budget, so the break-even of that placement is today's wage
 * index, whatever it is (0, then 0.02), and the result names A as what sets it. Without a
 * max_budget the budget sets it (0.17236608993151292, test_plan_fixture) and none is named. */
static void test_break_even_at_a_full_max_budget(void **state)
{
    (void)state;
    fx_file f = {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,,40000,8,,,,\n" B_ROW};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_budget(r, "A", "wmo")->floor_cost, 40000, 1e-4);
    assert_near(r->summary.break_even_wage_index, 0, 1e-9);
    assert_non_null(r->break_even_provider);
    assert_string_equal(r->break_even_provider, "A");
    char msg[256];
    assert_int_equal(ls_model_set(p.model, "wage_index", "0.02", msg, sizeof msg), LS_OK);
    ls_result *r2 = NULL;
    assert_int_equal(ls_plan(p.model, &r2, &p.errs), LS_OK);
    assert_near(r2->summary.break_even_wage_index, 0.02, 1e-9);
    assert_string_equal(r2->break_even_provider, "A");
    ls_result_free(r2);
    fx_plan_done(&p);

    fx_plan_run q = fx_plan(NULL, 0);
    assert_near(q.result->summary.break_even_wage_index, 0.17236608993151292, 1e-9);
    assert_null(q.result->break_even_provider);
    fx_plan_done(&q);
}

/* A whole result's break-even is found on a second thread beside its rows when the planner
 * may use two, on the calling thread with one: the same figure to the bit and the same
 * provider named, with a max_budget that sets it (A, today's 0) and without (the budget,
 * 0.17236608993151292 as in test_plan_fixture). */
static void test_break_even_beside_the_rows(void **state)
{
    (void)state;
    fx_file f = {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,,40000,8,,,,\n" B_ROW};
    fx_plan_run runs[2] = {fx_plan(&f, 1), fx_plan(NULL, 0)};
    const double want[2] = {0, 0.17236608993151292};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(runs[k].rc, LS_OK);
        ls_result *r[2] = {NULL, NULL};
        for (int t = 0; t < 2; t++) {
            ls_planner_options o;
            ls_planner_options_init(&o);
            o.threads = t + 1;
            ls_planner *pl = NULL;
            assert_int_equal(ls_planner_create_with(runs[k].model, &o, &pl), LS_OK);
            assert_int_equal(ls_planner_solve(pl, &r[t], &runs[k].errs), LS_OK);
            ls_planner_free(pl);
        }
        assert_near(r[0]->summary.break_even_wage_index, want[k], 1e-9);
        assert_memory_equal(&r[0]->summary.break_even_wage_index,
                            &r[1]->summary.break_even_wage_index, sizeof(double));
        if (k == 0) {
            assert_string_equal(r[0]->break_even_provider, "A");
            assert_string_equal(r[1]->break_even_provider, "A");
        } else {
            assert_null(r[0]->break_even_provider);
            assert_null(r[1]->break_even_provider);
        }
        ls_result_free(r[0]);
        ls_result_free(r[1]);
        fx_plan_done(&runs[k]);
    }
}

/* budget.jeugd 45,000 stops B's jeugd group below its equal level 48,196.66; A takes the
 * other 55,000: margin 55,000 / 44,187 − 1 = 0.24470998257405996. */
static void test_domain_ceiling(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nbudget,100000\nbudget.jeugd,45000\n"};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_near(fx_budget(r, "B", "jeugd")->budget, 45000, EUR);
    assert_true(fx_budget(r, "B", "jeugd")->capped);
    assert_near(fx_budget(r, "A", "wmo")->margin, 0.24470998257405996, 1e-9);
    assert_non_null(fx_binding(r, LS_BIND_DOMAIN_CAP, "B"));
    fx_plan_done(&p);
}

/* No solution: the min_budgets (60,000 + 50,000) exceed the available 100,000. */
static void test_min_budgets_above_budget_has_no_solution(void **state)
{
    (void)state;
    fx_file f = {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,60000,,8,,,,\n"
                                                 "B,Beta,ghz,0,,50000,,6,0.25,0.15,0.12,0.04\n"};
    fx_plan_run p = fx_plan(&f, 1);
    assert_int_equal(p.rc, LS_ENOSOLUTION);
    assert_null(p.result);
    assert_non_null(strstr(p.errs.errors[0].message, "add up to € 110,000.00"));
    fx_plan_done(&p);
}

/* Continuity asks more than a provider holds: it keeps 0.9 × 6 = 5.4 clients of s1 with A
 * (648 staff hours a year), but A has 500; the bound is scaled to what A holds, 500 / 120 =
 * 4.1667 clients, and nobody goes without a place: B (bound 0.9 × 4 = 3.6) takes the other
 * 5.8333. required = 12 × 368.225 × 4.1667 + 12 × 376.847… × 5.8333 + 41,110.588
 * = 85,901.13235294119. */
static void test_continuity_scaled_to_capacity(void **state)
{
    (void)state;
    fx_file files[] = {{"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,500,,,8,,,,\n" B_ROW},
                       {"budget.csv", "key,value\nbudget,100000\nmax_shift,0.1\n"}};
    fx_plan_run p = fx_plan(files, 2);
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_clients(p.result, "A", "s1"), 500.0 / 120, 1e-9);
    assert_near(fx_clients(p.result, "B", "s1"), 10 - 500.0 / 120, 1e-9);
    assert_near(p.result->summary.unmet_clients, 0, 0);
    assert_near(p.result->summary.required, 85901.13235294119, EUR);
    fx_plan_done(&p);
}

/* Two providers with the same floor for s1: the tie goes, every time and on every machine,
 * to the one that serves the segment today, beyond its continuity share. */
static void test_ties_prefer_todays_provider(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv",
         PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\nA2,Alpha twee,vvt,1,,,,8,,,,\n" B_ROW},
        {"contracts.csv", "provider,segment,current_clients\nA,s1,0\nA2,s1,3\nB,s1,0\nB,s2,4\n"}};
    for (int i = 0; i < 3; i++) {
        fx_plan_run p = fx_plan(files, 2);
        assert_near(fx_clients(p.result, "A2", "s1"), 10, 1e-9);
        assert_near(fx_clients(p.result, "A", "s1"), 0, 1e-9);
        fx_plan_done(&p);
    }
}

/* The solver's objective carries the tie-break's preference as a perturbation of some 1e-6
 * of the mean cost (stage1_lp.c); a true difference smaller than that must still win. With
 * quality_value 1, A (new) and A2 (today's provider) differ only in quality, 8.0001 against
 * 8: A is cheaper by 12 × 1 × 0.0001 = 0.0012 euro a client a year, far above the 1e-9 that
 * counts as a tie (12 × 368 × 1e-9 ≈ 4e-6) but below the perturbation (about 1e-6 × 4,400
 * ≈ 0.0044 per unit of preference, today's provider being a unit ahead). Exact: all 10 of
 * s1's clients go to A. */
static void test_hair_cheaper_beats_preference(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv",
         PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8.0001,,,,\nA2,Alpha twee,vvt,1,,,,8,,,,\n" B_ROW},
        {"contracts.csv", "provider,segment,current_clients\nA,s1,0\nA2,s1,3\nB,s1,0\nB,s2,4\n"},
        {"budget.csv", "key,value\nbudget,100000\nmax_shift,1\nquality_value,1\n"}};
    fx_plan_run p = fx_plan(files, 3);
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_clients(p.result, "A", "s1"), 10, 1e-9);
    assert_near(fx_clients(p.result, "A2", "s1"), 0, 1e-9);
    fx_plan_done(&p);
}

/* The planner keeps stage 1's LP: after a key changes, a warm re-solve from the last basis
 * gives what a cold solve of the changed model gives (to 1e-9 relative), on a bundled
 * example with capacities, continuity and a local share. */
static void test_warm_resolve_equals_cold(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/zaltbommel", fx_data_dir());
    const char *steps[][2] = {{"wage_index", "0.03"}, {"budget", "6500000"},
                              {"local_share_min", "0.7"}, {"max_shift", "0.5"},
                              {"wage_index", "0.08"}};
    ls_errors errs = {0};
    ls_model *warm_model = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &warm_model, &errs), LS_OK);
    ls_planner *pl = NULL;
    assert_int_equal(ls_planner_create(warm_model, &pl), LS_OK);
    const char *sets[5];
    char buf[5][64];
    for (size_t k = 0; k < 5; k++) {
        char msg[256];
        assert_int_equal(ls_planner_set(pl, steps[k][0], steps[k][1], msg, sizeof msg), LS_OK);
        ls_result *warm = NULL, *cold = NULL;
        assert_int_equal(ls_planner_solve(pl, &warm, &errs), LS_OK);
        snprintf(buf[k], sizeof buf[k], "%s=%s", steps[k][0], steps[k][1]);
        sets[k] = buf[k];
        ls_read_options opts;
        ls_read_options_init(&opts);
        opts.overrides = sets;
        opts.n_overrides = k + 1;
        ls_model *cold_model = NULL;
        assert_int_equal(ls_model_read(dir, &opts, &cold_model, &errs), LS_OK);
        assert_int_equal(ls_plan(cold_model, &cold, &errs), LS_OK);
        assert_near(warm->stage1_objective, cold->stage1_objective,
                           1e-9 * cold->stage1_objective);
        assert_near(warm->summary.required, cold->summary.required, 1e-9 * cold->summary.required);
        assert_near(warm->summary.allocated, cold->summary.allocated,
                    1e-9 * cold->summary.allocated);
        assert_int_equal(warm->summary.status, cold->summary.status);
        assert_int_equal(warm->n_budgets, cold->n_budgets);
        for (size_t g = 0; g < cold->n_budgets; g++)
            assert_near(warm->budgets[g].budget, cold->budgets[g].budget,
                               1e-6 + 1e-9 * cold->budgets[g].budget);
        ls_result_free(warm);
        ls_result_free(cold);
        ls_model_free(cold_model);
    }
    ls_planner_free(pl);
    ls_model_free(warm_model);
    ls_errors_clear(&errs);
}

/* A result of totals (a sweep's step, 1; a risk run, 2) holds the full result's figures to
 * the bit, summed over the same placed contracts in the same order, and leaves out what no
 * total shows: the rows and the local shares (NAN). On the generated dalfsen and zaltbommel
 * (each with its local target) and on plan_short_of_capacity's model, 4 clients unmet. */
static void test_totals_are_the_full_figures(void **state)
{
    (void)state;
    fx_plan_run unmet = plan_short_of_capacity();
    assert_int_equal(unmet.rc, LS_OK);
    const char *presets[] = {"dalfsen", "zaltbommel"};
    for (int p = 0; p < 3; p++) {
        char dir[64] = "";
        ls_model *m = p < 2 ? fx_generated(presets[p], 5, dir, sizeof dir) : unmet.model;
        ls_result *r[3] = {NULL, NULL, NULL};
        ls_errors errs = {0};
        for (int t = 0; t < 3; t++) {
            ls_planner_options o;
            ls_planner_options_init(&o);
            o.threads = 1;
            o.totals_only = t;
            ls_planner *pl = NULL;
            assert_int_equal(ls_planner_create_with(m, &o, &pl), LS_OK);
            assert_int_equal(ls_planner_solve(pl, &r[t], &errs), LS_OK);
            ls_planner_free(pl);
        }
        assert_true(r[0]->summary.required > 0 && isfinite(r[0]->local_share));
        assert_true(p < 2 || r[0]->summary.unmet_clients > 3.5);
        for (int t = 1; t < 3; t++) {
            const ls_summary *a = &r[0]->summary, *b = &r[t]->summary;
            assert_memory_equal(&a->required, &b->required, sizeof(double));
            assert_memory_equal(&a->served_clients, &b->served_clients, sizeof(double));
            assert_memory_equal(&a->unmet_clients, &b->unmet_clients, sizeof(double));
            assert_memory_equal(&a->allocated, &b->allocated, sizeof(double));
            assert_memory_equal(&a->cut, &b->cut, sizeof(double));
            assert_memory_equal(&a->margin, &b->margin, sizeof(double));
            assert_int_equal(a->status, b->status);
            assert_true(isnan(r[t]->local_share) && isnan(r[t]->local_share_domain[0]));
            assert_int_equal(r[t]->n_allocation, 0);
        }
        for (int t = 0; t < 3; t++)
            ls_result_free(r[t]);
        ls_errors_clear(&errs);
        if (p < 2) {
            ls_model_free(m);
            fx_remove(dir);
        }
    }
    fx_plan_done(&unmet);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unique_placement_equal_margin),
        cmocka_unit_test(test_totals_are_the_full_figures),
        cmocka_unit_test(test_capacity_binds_cheapest_first),
        cmocka_unit_test(test_underfunded_equal_cut),
        cmocka_unit_test(test_reserve_reduces_available),
        cmocka_unit_test(test_quality_policy_with_indicators),
        cmocka_unit_test(test_max_budget_caps_and_hands_share_to_rest),
        cmocka_unit_test(test_ceiling_caps_group),
        cmocka_unit_test(test_unmet_for_lack_of_capacity),
        cmocka_unit_test(test_local_share_binds_in_placement),
        cmocka_unit_test(test_continuity_binds),
        cmocka_unit_test(test_no_continuity_where_clients_wait),
        cmocka_unit_test(test_min_budget_without_clients),
        cmocka_unit_test(test_min_budget_held_in_a_cut),
        cmocka_unit_test(test_unmet_ceiling_binding),
        cmocka_unit_test(test_break_even_at_a_full_max_budget),
        cmocka_unit_test(test_break_even_beside_the_rows),
        cmocka_unit_test(test_domain_ceiling),
        cmocka_unit_test(test_min_budgets_above_budget_has_no_solution),
        cmocka_unit_test(test_continuity_scaled_to_capacity),
        cmocka_unit_test(test_ties_prefer_todays_provider),
        cmocka_unit_test(test_hair_cheaper_beats_preference),
        cmocka_unit_test(test_warm_resolve_equals_cold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
