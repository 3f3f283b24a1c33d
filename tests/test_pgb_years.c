/*
 * test_pgb_years.c — personal budgets beside care in kind and the multi-year path
 * (docs/multi-year.md) on the fixture model, by hand (its figures: plan_fixture.h).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "plan_fixture.h"

#define SEGMENTS_PGB_HEAD                                                                   \
    "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff,"      \
    "pgb_clients,pgb_tariff\n"

/* Personal budgets: s1 has 2 pgb clients and no pgb_tariff, so 1 × its lowest usable floor 368.225:
 * pgb cost 12 × 2 × 368.225 = 8,837.40. available = 100,000 − 8,837.40 = 91,162.60, and the
 * margin 91,162.60 / 85,297.588 − 1 = 0.06875940909990552. With pgb_factor 0.9 the pgb
 * tariff is 331.4025: cost 7,953.66. */
static void test_pgb_cost_comes_off_available(void **state)
{
    (void)state;
    fx_file f = {"segments.csv", SEGMENTS_PGB_HEAD
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,2,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,,\n"};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->summary.pgb_cost, 8837.4, EUR);
    assert_near(r->summary.pgb_clients, 2, 0);
    assert_near(r->summary.available, 91162.6, EUR);
    assert_near(r->summary.margin, 0.06875940909990552, 1e-9);
    assert_near(r->segment_rows[0].pgb_cost, 8837.4, EUR);
    char msg[256];
    assert_int_equal(ls_model_set(p.model, "pgb_factor", "0.9", msg, sizeof msg), LS_OK);
    ls_result *r2 = NULL;
    assert_int_equal(ls_plan(p.model, &r2, &p.errs), LS_OK);
    assert_near(r2->summary.pgb_cost, 7953.66, EUR);
    ls_result_free(r2);
    fx_plan_done(&p);
}

/* A pgb with its own tariff pushes a funded plan into an underfunded one: s2 has 2 pgb clients
 * at 1,000 a month: 24,000 a year; available 76,000 < required 85,297.588:
 * cut = 76,000 / 85,297.588 − 1 = −0.10900141732163968. The jeugd ceiling budget.jeugd
 * 60,000 is reduced by the jeugd pgb cost to 36,000 — below B's cut level 36,629.5, so B is
 * held at 36,000 and A takes the rest of the available amount. */
static void test_pgb_pushes_funded_into_underfunded(void **state)
{
    (void)state;
    fx_file f = {"segments.csv", SEGMENTS_PGB_HEAD
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,2,1000\n"};
    fx_plan_run p = fx_plan(&f, 1);
    const ls_result *r = p.result;
    assert_int_equal(r->summary.status, LS_UNDERFUNDED);
    assert_near(r->summary.pgb_cost, 24000, EUR);
    assert_near(r->summary.cut, -0.10900177165205016, 1e-9);
    fx_plan_done(&p);
    fx_file g[] = {f, {"budget.csv", "key,value\nbudget,100000\nbudget.jeugd,60000\n"}};
    p = fx_plan(g, 2);
    /* B's jeugd group: room 60,000 − 24,000 = 36,000, reached at t = 36,000 / 41,110.588 − 1
     * = −0.1243142: B is blocked there by its domain. A alone rises on until the total row
     * binds: A = 76,000 − 36,000 = 40,000, t = 40,000 / 44,187 − 1 = −0.0947563763; the cut
     * is that last round's t (a domain's room cuts its own groups only) */
    assert_near(fx_budget(p.result, "B", "jeugd")->budget, 36000, EUR);
    assert_near(fx_budget(p.result, "A", "wmo")->budget, 40000, EUR);
    assert_near(p.result->summary.cut, 40000 / FA - 1, 1e-9);
    assert_true(fx_budget(p.result, "B", "jeugd")->capped);
    assert_false(fx_budget(p.result, "A", "wmo")->capped);
    fx_plan_done(&p);
}

/* pgb costing more than the whole budget is an answer: cut −1, nothing to divide, and the
 * break-even −1: the given pgb tariff does not follow the wages, so no wage index makes the
 * placement fit. */
static void test_pgb_above_budget_is_an_answer(void **state)
{
    (void)state;
    fx_file f = {"segments.csv", SEGMENTS_PGB_HEAD
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,10,1000\n"};
    fx_plan_run p = fx_plan(&f, 1);
    assert_int_equal(p.rc, LS_OK);
    assert_int_equal(p.result->summary.status, LS_UNDERFUNDED);
    assert_near(p.result->summary.available, -20000, EUR); /* 100,000 − 120,000 */
    assert_near(p.result->summary.cut, -1, 1e-9);
    assert_near(p.result->summary.allocated, 0, EUR);
    assert_near(p.result->summary.break_even_wage_index, -1, 1e-12);
    fx_plan_done(&p);
}

/* A domain whose pgb alone pass its budget.<domain> but where no provider holds a contract:
 * its row holds no provider's money, so it bounds neither the division nor the break-even.
 * p0 (min_budget 10,000) serves wmo's a (5 clients); participatie's b has no clients and one
 * pgb client at 2,000 a month: 24,000 a year against budget.participatie 10,000. available
 * = 300,000 − 24,000 = 276,000; only the total binds, so margin = break-even = 276,000 /
 * required − 1, with required 44,187 (the floor of 5 clients of 20 hours). */
static void test_pgb_domain_over_its_ceiling_without_providers(void **state)
{
    (void)state;
    fx_file f[] = {
        {"segments.csv", "segment,product,intensity,complexity,domain,clients,hours,scale,"
                         "pgb_clients,pgb_tariff\n"
                         "a,begeleiding,matig,basis,wmo,5,20,s1,,\n"
                         "b,begeleiding,matig,basis,participatie,0,10,s1,1,2000\n"},
        {"wages.csv", "cao,scale,hourly_wage\ncao1,s1,20\n"},
        {"providers.csv", "provider,cao,min_budget\np0,cao1,10000\n"},
        {"contracts.csv", "provider,segment\np0,a\n"},
        {"budget.csv", "key,value\nbudget,300000\nbudget.participatie,10000\n"}};
    fx_plan_run p = fx_plan(f, 5);
    assert_int_equal(p.rc, LS_OK);
    const ls_summary *s = &p.result->summary;
    assert_int_equal(s->status, LS_FUNDED);
    assert_near(s->available, 276000, EUR);
    assert_near(s->required, 44187, EUR);
    assert_near(s->margin, 276000 / s->required - 1, 1e-9);
    assert_near(s->break_even_wage_index, 276000 / s->required - 1, 1e-9);
    fx_plan_done(&p);
}

/* A domain whose pgb alone pass its budget.<domain> where a provider does hold contracts:
 * s2's (jeugd) 2 pgb clients at 1,000 a month take 24,000 a year of budget.jeugd 20,000, so
 * B's jeugd group gets nothing at any wage index: underfunded, and the break-even −1. A
 * min_budget of € 1 for A, in wmo, changes neither (it made the break-even empty). */
static void test_pgb_domain_over_its_ceiling_with_a_provider(void **state)
{
    (void)state;
    for (int min = 0; min < 2; min++) {
        fx_file f[] = {
            {"segments.csv", SEGMENTS_PGB_HEAD
             "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,,\n"
             "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,2,1000\n"},
            {"budget.csv", "key,value\nyear,2025\nbudget,300000\nbudget.jeugd,20000\n"},
            {"providers.csv", min ? PROVIDERS_HEAD "A,Alpha,vvt,1,,1,,8,,,,\n" B_ROW
                                  : PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\n" B_ROW}};
        fx_plan_run p = fx_plan(f, 3);
        assert_int_equal(p.rc, LS_OK);
        assert_int_equal(p.result->summary.status, LS_UNDERFUNDED);
        assert_near(p.result->summary.break_even_wage_index, -1, 1e-12);
        fx_plan_done(&p);
    }
}

/* The multi-year path, three years from 2025: index.wage 0.1, index.price 0, wage_share 0.8, so the
 * tariffs of year k are × 0.8·1.1^(k−1) + 0.2: 1, 1.08, 1.168; demand constant.
 *   required: 85,297.588, 92,121.39529411767, 99,627.58305882354
 *   2026: budget 100,000 (no growth): margin 100,000 / 92,121.395 − 1 = 0.08552415734399332
 *   2027: budget.2027 = 95,000: cut 95,000 / 99,627.583 − 1 = −0.04644881383995092
 * and continuity carried: max_shift 0.5 keeps half of B's 4 clients of s1 in 2025 (2), half
 * of those 2 in 2026 (1), half of that in 2027 (0.5). */
static void test_three_year_path(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nindex.wage,0.1\n"
                               "index.price,0\nwage_share,0.8\nbudget.2027,95000\nmax_shift,0.5\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_result **r = NULL;
    assert_int_equal(ls_plan_years(m, 3, &r, &errs), LS_OK);
    assert_string_equal(r[0]->year, "2025");
    assert_string_equal(r[2]->year, "2027");
    /* with continuity, year 1 is test_continuity_binds: 85,504.51764705883 */
    assert_near(r[0]->summary.required, 85504.51764705883, EUR);
    assert_near(fx_clients(r[0], "B", "s1"), 2, 1e-9);
    assert_near(fx_clients(r[1], "B", "s1"), 1, 1e-9);
    assert_near(fx_clients(r[2], "B", "s1"), 0.5, 1e-9);
    /* required = (the unique placement's cost + continuity's extra) × the year's factor:
     * 2026: (85,297.588 + 1 × 103.4647) × 1.08; 2027: (85,297.588 + 0.5 × 103.4647) × 1.168 */
    assert_near(r[1]->summary.required, (REQUIRED + 103.46470588235366) * 1.08, 1e-6);
    assert_near(r[2]->summary.required, (REQUIRED + 0.5 * 103.46470588235366) * 1.168, 1e-6);
    assert_near(r[1]->summary.budget, 100000, 0);
    assert_near(r[2]->summary.budget, 95000, 0);
    assert_int_equal(r[2]->summary.status, LS_UNDERFUNDED);
    assert_near(r[2]->summary.cut, 95000 / r[2]->summary.required - 1, 1e-9);
    /* every year records the scenario as given: budget 100,000 beside year 2025 (re-running
     * it gives this path again), not 2027's 95,000 */
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < r[k]->n_settings; i++) {
            if (strcmp(r[k]->settings[i].key, "budget") == 0)
                assert_string_equal(r[k]->settings[i].value, "100000");
            if (strcmp(r[k]->settings[i].key, "year") == 0)
                assert_string_equal(r[k]->settings[i].value, "2025");
        }
    ls_results_free(r, 3);
    /* the model is left as read: a one-year plan is year 1 again */
    ls_result *one = NULL;
    assert_int_equal(ls_plan(m, &one, &errs), LS_OK);
    assert_near(one->summary.required, 85504.51764705883, EUR);
    ls_result_free(one);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Without continuity the hand figures are the pure indexation: 92,121.39529411767 in 2026,
 * margin 0.08552415734399332; demand growth per domain: growth.wmo 0.1 makes s1 11 clients. */
static void test_indexation_and_growth(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nindex.wage,0.1\n"
                               "index.price,0\nbudget.2027,95000\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_result **r = NULL;
    assert_int_equal(ls_plan_years(m, 3, &r, &errs), LS_OK);
    assert_near(r[1]->summary.required, 92121.39529411767, EUR);
    assert_near(r[1]->summary.margin, 0.08552415734399332, 1e-9);
    assert_near(r[2]->summary.required, 99627.58305882354, EUR);
    assert_near(r[2]->summary.cut, -0.04644881383995092, 1e-9);
    ls_results_free(r, 3);
    char msg[256];
    assert_int_equal(ls_model_set(m, "growth.wmo", "0.1", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_plan_years(m, 2, &r, &errs), LS_OK);
    assert_near(r[1]->segment_rows[0].demand, 11, 1e-9);
    assert_near(r[1]->segment_rows[1].demand, 4, 1e-9); /* jeugd: no growth */
    ls_results_free(r, 2);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A year that is not a number stays text: year k of "FY2025-Q1" is "FY2025-Q1+<k-1>" (the
 * first the label itself), and budget.<year> keys do not apply. */
static void test_text_year_labels(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,FY2025-Q1\nbudget,100000\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_result **r = NULL;
    assert_int_equal(ls_plan_years(m, 3, &r, &errs), LS_OK);
    assert_string_equal(r[0]->year, "FY2025-Q1");
    assert_string_equal(r[1]->year, "FY2025-Q1+1");
    assert_string_equal(r[2]->year, "FY2025-Q1+2");
    ls_results_free(r, 3);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A path whose growth would take a segment past 10^8 clients is a usage error before anything
 * is solved, naming how many years fit: s1's 10 clients doubled 23 times are 83,886,080 (year
 * 24), 24 times 167,772,160 (year 25). */
static void test_growth_beyond_clients_limit(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\ngrowth.demand,1\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_result **r = NULL;
    assert_int_equal(ls_plan_years(m, 25, &r, &errs), LS_EUSAGE);
    assert_null(r);
    /* the library names the option by its own name, not the command line's flag */
    assert_string_equal(errs.errors[0].file, "years");
    assert_string_equal(errs.errors[0].message,
                        "25 years with growth.demand 1 would grow segment 's1' to 168,000,000 "
                        "clients in year 25, more than lumpsum holds (10^8 a segment): at this "
                        "growth plan at most 24 years");
    ls_errors_clear(&errs);
    assert_int_equal(ls_plan_years(m, 24, &r, &errs), LS_OK);
    assert_near(r[23]->segment_rows[0].demand, 83886080, 1e-6);
    ls_results_free(r, 24);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* budget.<year> is the budget of a later plan year. The model's own year has the key budget,
 * in plan as in check, sweep, risk and batch: a budget.2025 beside year 2025 that differs from
 * budget is refused (it read as the budget in plan alone, € 80,000 there and € 100,000 in
 * every other command), in budget.csv at its line and with --set as a usage error; an equal
 * one is no conflict. A what-if on the budget (sweep --param budget) moves year 1 of the path
 * too: budget 90,000 gives year 1 € 90,000, not budget.2025's € 100,000. */
static void test_year_budget_of_the_first_year(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nbudget.2025,80000\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_EINPUT);
    assert_null(m);
    assert_int_equal(errs.n_errors, 1);
    assert_int_equal(errs.errors[0].line, 4);
    assert_int_equal(errs.errors[0].column, 1);
    assert_string_equal(errs.errors[0].message,
                        "budget.2025 (€ 80,000.00) is the budget of the model's own year 2025, "
                        "which the key budget gives (€ 100,000.00): give it once; budget.<year> "
                        "is for the later years of plan --years");
    ls_errors_clear(&errs);
    /* the same by --set: a usage error, named by the option */
    fx_write(dir, "budget.csv", "key,value\nyear,2025\nbudget,100000\n");
    const char *set[] = {"budget.2025=80000"};
    ls_read_options o = {.overrides = set, .n_overrides = 1};
    assert_int_equal(ls_model_read(dir, &o, &m, &errs), LS_EUSAGE);
    assert_string_equal(errs.errors[0].file, "overrides");
    ls_errors_clear(&errs);
    /* equal to budget: read, and year 1 follows a what-if on the budget */
    fx_write(dir, "budget.csv", "key,value\nyear,2025\nbudget,100000\nbudget.2025,100000\n");
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    char msg[256];
    assert_int_equal(ls_model_set(m, "budget", "90000", msg, sizeof msg), LS_OK);
    ls_result **r = NULL;
    assert_int_equal(ls_plan_years(m, 2, &r, &errs), LS_OK);
    assert_near(r[0]->summary.budget, 90000, 0);
    assert_near(r[1]->summary.budget, 90000, 0);
    ls_results_free(r, 2);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* The one warning (or none) of a budget.<year> key in budget.csv, or of --set when set is
 * non-NULL; "" for none: the message, its line and column as "LINE:COLUMN: message". */
static void year_key_warning(const char *budget, const char *set, const char *want)
{
    fx_file f = {"budget.csv", budget};
    char *dir = fx_model(&f, 1);
    const char *sets[] = {set};
    ls_read_options o = {.overrides = sets, .n_overrides = set ? 1 : 0};
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, &o, &m, &errs), LS_OK);
    char got[600] = "";
    if (errs.n_warnings) {
        const ls_error *w = &errs.warnings[0];
        snprintf(got, sizeof got, "%s%u:%u: %s", strcmp(w->file, "overrides") ? "" : "--set ",
                 w->line, w->column, w->message);
    }
    if (strcmp(got, want) != 0 || errs.n_warnings > 1)
        fail_msg("%s (--set %s): %zu warnings, got\n  %s\nwant\n  %s", budget, set,
                 errs.n_warnings, got, want);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A budget.<year> key that no plan year can reach is read and warned of at its line, as a
 * likely typo (budget.2014 for budget.2024), not silently ignored: a year before the model's,
 * a year written with a leading zero, and any year where the model's year is no number (the
 * key applies to no year then). A later year is no reason: a plan of fewer years leaves it. */
static void test_year_budget_no_year_reaches(void **state)
{
    (void)state;
    year_key_warning("key,value\nyear,2025\nbudget,1000\nbudget.2030,900\n", NULL, "");
    year_key_warning("key,value\nyear,2025\nbudget,1000\nbudget.2014,900\n", NULL,
                     "4:1: budget.2014 is the budget of 2014, before the model's year 2025: no "
                     "plan year reaches it, so it is ignored");
    year_key_warning("key,value\nyear,2025\nbudget,1000\nbudget.02026,900\n", NULL,
                     "4:1: budget.02026 is ignored: a plan year is written without leading "
                     "zeros (budget.2026)");
    year_key_warning("key,value\nyear,FY2025\nbudget,1000\nbudget.2026,900\n", NULL,
                     "4:1: budget.2026 is ignored: the model's year 'FY2025' is not a number, "
                     "so no plan year is 2026");
    year_key_warning("key,value\nbudget,1000\nbudget.2026,900\n", NULL,
                     "3:1: budget.2026 is ignored: the model has no year (the key year), and a "
                     "budget.<year> applies only beside a year written in digits");
    /* the years are labelled 1, 2, 3, … then, but budget.2 is no more the second's */
    year_key_warning("key,value\nbudget,1000\nbudget.2,900\n", NULL,
                     "3:1: budget.2 is ignored: the model has no year (the key year), and a "
                     "budget.<year> applies only beside a year written in digits");
    /* from --set: said of the option; a --set year that leaves a key of the file behind */
    year_key_warning("key,value\nyear,2025\nbudget,1000\n", "budget.2024=900",
                     "--set 0:0: budget.2024 is the budget of 2024, before the model's year "
                     "2025: no plan year reaches it, so it is ignored");
    /* said of --set though the key is in the file too and --set spells it with spaces */
    year_key_warning("key,value\nyear,2025\nbudget,1000\nbudget.2024,800\n",
                     " budget.2024 = 900",
                     "--set 0:0: budget.2024 is the budget of 2024, before the model's year "
                     "2025: no plan year reaches it, so it is ignored");
    year_key_warning("key,value\nyear,2025\nbudget,1000\nbudget.2026,900\n", "year=2027",
                     "4:1: budget.2026 is the budget of 2026, before the model's year 2027: no "
                     "plan year reaches it, so it is ignored");
}

/* A domain's key where no segment is of the domain changes nothing and is warned of, at its
 * line or of --set: the fixture has a wmo segment and a jeugd one, no participatie. */
static void test_domain_key_without_segments(void **state)
{
    (void)state;
    year_key_warning("key,value\nbudget,1000\nlocal_share_min.jeugd,0.5\ngrowth.wmo,0.1\n", NULL,
                     "");
    year_key_warning("key,value\nbudget,1000\nlocal_share_min.participatie,0.5\n", NULL,
                     "3:1: local_share_min.participatie changes nothing: no segment of the model "
                     "is of the domain participatie");
    year_key_warning("key,value\nbudget,1000\n", "budget.participatie=100",
                     "--set 0:0: budget.participatie changes nothing: no segment of the model is "
                     "of the domain participatie");
    year_key_warning("key,value\nbudget,1000\n", "growth.participatie=0.1",
                     "--set 0:0: growth.participatie changes nothing: no segment of the model is "
                     "of the domain participatie");
}

/* The path's verdict says which years are underfunded: with budget.2026 80,000 only 2026 is
 * (required 85,297.59 every year: no growth, no indexation), so "UNDERFUNDED FROM 2026 ON"
 * and "from 2026 on, the budget no longer covers" were false of 2027 (budget 100,000, funded);
 * with budget 80,000, budget.2026 100,000 and budget.2027 80,000, 2025 and 2027 are; with
 * 80,000 in every year, every year is, and none was ever covered. */
static void test_path_verdict_when_funded_again(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nbudget.2026,80000\n"};
    char *dir = fx_model(&f, 1);
    char cmd[1024], *out, *err;
    snprintf(cmd, sizeof cmd, "plan %s --years 3 --lang en", dir);
    assert_int_equal(fx_run(cmd, &out, &err), 0);
    if (strncmp(out, "UNDERFUNDED IN 2026\n", 20) != 0)
        fail_msg("first line: %.80s", out);
    assert_non_null(strstr(out, "\nIn 2026 the budget does not cover the CAO-conform floors; "
                                "in the other years it does.\n"));
    assert_null(strstr(out, "no longer covers"));
    free(out);
    free(err);
    fx_write(dir, "budget.csv",
             "key,value\nyear,2025\nbudget,80000\nbudget.2026,100000\nbudget.2027,80000\n");
    assert_int_equal(fx_run(cmd, &out, &err), 0);
    if (strncmp(out, "UNDERFUNDED IN 2 OF 3 YEARS, FIRST IN 2025\n", 42) != 0)
        fail_msg("first line: %.80s", out);
    assert_non_null(strstr(out, "\nIn 2 of the 3 years, the first 2025 and the last 2027, the "
                                "budget does not cover the CAO-conform floors; in the others "
                                "it does.\n"));
    free(out);
    free(err);
    /* underfunded to the end: as before */
    fx_write(dir, "budget.csv", "key,value\nyear,2025\nbudget,100000\nbudget.growth,-0.2\n");
    assert_int_equal(fx_run(cmd, &out, &err), 0);
    if (strncmp(out, "UNDERFUNDED FROM 2026 ON\n", 25) != 0)
        fail_msg("first line: %.80s", out);
    assert_non_null(strstr(out, "\nFrom 2026 on, the budget no longer covers"));
    free(out);
    free(err);
    /* underfunded from the first year: never covered, so not "no longer" */
    fx_write(dir, "budget.csv", "key,value\nyear,2025\nbudget,80000\n");
    assert_int_equal(fx_run(cmd, &out, &err), 0);
    if (strncmp(out, "UNDERFUNDED IN EVERY YEAR\n", 26) != 0)
        fail_msg("first line: %.80s", out);
    assert_non_null(strstr(out, "\nIn no year does the budget cover the CAO-conform floors.\n"));
    assert_null(strstr(out, "no longer"));
    free(out);
    free(err);
    fx_remove(dir);
}

/* Money on the path stays within what cents hold (€ 10^13 a year), as the clients stay within
 * 10^8: a path whose indexation or budget growth would pass it is a usage error before
 * anything is solved, naming the year and how many years fit (it printed budgets of
 * € 3,115,909,341,877,744,223,387,648.00 to the cent). The fixture's demand at its dearest
 * floors: 12 × (10 × 376.8470588235295 + 4 × 856.4705882352944) = 86,330.82352941178 a year.
 * index.wage 99, wage_share 1: year k costs 86,330.8235 × 100^(k−1); year 6 8.63e14 > 10^13,
 * year 5 8.63e12 fits. budget.growth 99: 100,000 × 100^(k−1): year 6 10^15, year 5 10^13
 * (not more than the bound) fits. */
static void test_money_beyond_cents_on_the_path(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nindex.wage,99\n"
                               "wage_share,1\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    ls_result **r = NULL;
    assert_int_equal(ls_plan_years(m, 6, &r, &errs), LS_EUSAGE);
    assert_null(r);
    assert_string_equal(errs.errors[0].file, "years");
    assert_string_equal(errs.errors[0].message,
                        "6 years would take the demand to € 863,000,000,000,000 a year at its "
                        "floor tariffs in year 2030 (index.wage, index.price and growth), more "
                        "than lumpsum counts to the cent (€ 10^13 a year): plan at most 5 years");
    ls_errors_clear(&errs);
    assert_int_equal(ls_plan_years(m, 5, &r, &errs), LS_OK);
    ls_results_free(r, 5);
    ls_model_free(m);
    fx_write(dir, "budget.csv", "key,value\nyear,2025\nbudget,100000\nbudget.growth,99\n");
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    assert_int_equal(ls_plan_years(m, 6, &r, &errs), LS_EUSAGE);
    assert_string_equal(errs.errors[0].message,
                        "6 years with budget.growth 99 would grow the budget to "
                        "€ 1,000,000,000,000,000 in year 2030, more than lumpsum counts to the "
                        "cent (€ 10^13 a year): plan at most 5 years");
    ls_errors_clear(&errs);
    assert_int_equal(ls_plan_years(m, 5, &r, &errs), LS_OK);
    assert_near(r[4]->summary.budget, 1e13, 0);
    ls_results_free(r, 5);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* The segments' personal budgets are a money column like any other: rounded to cents so that
 * they add up to the summary's pgb_cost, in segments.csv and in --json alike. s1 and s2 each
 * have one pgb client at 50.0005 a month: 12 × 50.0005 = 600.006 each, 1,200.012 together,
 * which is € 1,200.01. Each rounded alone gives 600.01 + 600.01 = 1,200.02; by largest
 * remainder the one cent the total lacks goes to the first: 600.01 and 600.00. (It read
 * 600.01 twice in segments.csv, and 600.006 in the JSON.) */
static void test_pgb_cost_column_adds_up(void **state)
{
    (void)state;
    fx_file f = {"segments.csv", SEGMENTS_PGB_HEAD
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,1,50.0005\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,1,50.0005\n"};
    fx_plan_run p = fx_plan(&f, 1);
    assert_int_equal(p.rc, LS_OK);
    assert_near(p.result->summary.pgb_cost, 1200.012, EUR);
    char dir[] = "/tmp/lumpsum-pgb-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    assert_int_equal(ls_result_write_csv(p.result, dir, &p.errs), LS_OK);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    char *text = fx_slurp(path);
    assert_non_null(strstr(text, "\npgb_cost,1200.01\n"));
    free(text);
    snprintf(path, sizeof path, "%s/segments.csv", dir);
    text = fx_slurp(path);
    char *s1 = strstr(text, "\ns1,"), *s2 = strstr(text, "\ns2,");
    if (!s1 || !s2 || !strstr(s1, ",1,600.01\n") || strstr(s1, ",1,600.01\n") > s2 ||
        !strstr(s2, ",1,600.00\n"))
        fail_msg("%s", text);
    free(text);
    char *json = NULL;
    assert_int_equal(ls_result_to_json(p.result, &json), LS_OK);
    /* the summary's too: the rows' cents, not 1200.012 */
    if (!strstr(json, "\"pgb_cost\": 600.01\n") || !strstr(json, "\"pgb_cost\": 600.0\n") ||
        !strstr(json, "\"pgb_cost\": 1200.01,\n"))
        fail_msg("%s", json);
    free(json);
    static const char *const names[] = {"summary.csv", "allocation.csv", "budgets.csv",
                                        "segments.csv"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
    fx_plan_done(&p);
}

/* A rounding is no client today. p0 (local) and p7 share cao1 and the default fractions, so
 * seg5's floor is the same with either: a tie, which the tie-break gives to whoever serves
 * the segment today. Year 1 places seg5's 3.74 clients with p0, and its LP left p7 some
 * 2.4e-16 clients there, shown as none. Year 2 took those for p7's clients today and gave
 * p7 0.126 of seg5's 3.74 × (1 − 0.015) = 3.6839 clients, down to the local target of
 * 89.23 % (margin 2.0965); one ulp more target gave the clients to p0 (2.0877). Now p0, who
 * served seg5 in year 1, keeps all of them at both values. */
static void test_a_rounding_is_no_client_today(void **state)
{
    (void)state;
    fx_file f[] = {
        {"segments.csv", "segment,product,intensity,complexity,clients,hours,scale,max_shift,"
                         "other_costs\nseg3,hbh,matig,basis_plus,7,6,s0,,\n"
                         "seg4,dagbesteding,zwaar,basis,21,2.7,s0,0.3,95.7\n"
                         "seg5,dagbesteding,licht,basis_plus,3.74,3.8,s0,,\n"
                         "seg6,begeleiding,licht,basis_plus,1.49,12.5,s0,,\n"},
        {"wages.csv", "cao,scale,hourly_wage\ncao0,s0,21\ncao1,s0,18.8\n"},
        {"providers.csv", "provider,cao,local,min_budget,max_budget\np0,cao1,1,,\n"
                          "p7,cao1,,10476,\np8,cao0,,,12453\n"},
        {"contracts.csv", "provider,segment,current_clients\np0,seg5,\np7,seg5,\n"
                          "p8,seg4,8\np0,seg3,\np0,seg4,\np0,seg6,\n"},
        {"budget.csv", NULL},
    };
    const char *targets[] = {"0.892315789473684", "0.8923157894736842"};
    for (size_t k = 0; k < 2; k++) {
        char budget[200];
        snprintf(budget, sizeof budget,
                 "key,value\nbudget,233130\nlocal_share_min,%s\nindex.price,0.03\n"
                 "growth.demand,-0.015\nbudget.growth,0.03\n",
                 targets[k]);
        f[4].content = budget;
        char *dir;
        ls_model *m = fx_read(f, 5, &dir);
        ls_errors errs = {0};
        ls_result **r = NULL;
        assert_int_equal(ls_plan_years(m, 2, &r, &errs), LS_OK);
        assert_near(fx_clients(r[0], "p0", "seg5"), 3.74, 1e-9);
        assert_near(fx_clients(r[0], "p7", "seg5"), 0, 0);
        assert_near(fx_clients(r[1], "p0", "seg5"), 3.6839, 1e-9);
        assert_near(fx_clients(r[1], "p7", "seg5"), 0, 0);
        assert_near(r[1]->summary.margin, 2.0877305824175, 1e-9);
        ls_results_free(r, 2);
        ls_model_free(m);
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pgb_cost_comes_off_available),
        cmocka_unit_test(test_pgb_pushes_funded_into_underfunded),
        cmocka_unit_test(test_pgb_above_budget_is_an_answer),
        cmocka_unit_test(test_pgb_domain_over_its_ceiling_without_providers),
        cmocka_unit_test(test_pgb_domain_over_its_ceiling_with_a_provider),
        cmocka_unit_test(test_three_year_path),
        cmocka_unit_test(test_indexation_and_growth),
        cmocka_unit_test(test_text_year_labels),
        cmocka_unit_test(test_growth_beyond_clients_limit),
        cmocka_unit_test(test_year_budget_of_the_first_year),
        cmocka_unit_test(test_year_budget_no_year_reaches),
        cmocka_unit_test(test_domain_key_without_segments),
        cmocka_unit_test(test_path_verdict_when_funded_again),
        cmocka_unit_test(test_money_beyond_cents_on_the_path),
        cmocka_unit_test(test_pgb_cost_column_adds_up),
        cmocka_unit_test(test_a_rounding_is_no_client_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
