/*
 * test_read.c — reading good models (docs/model-format.md) and the floor tariff
 * (docs/tariff.md).
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

static ls_model *read_ok(const char *dir, const ls_read_options *opts, ls_errors *errs)
{
    ls_model *m = NULL;
    int rc = ls_model_read(dir, opts, &m, errs);
    if (rc != LS_OK) {
        for (size_t i = 0; i < errs->n_errors; i++)
            print_error("%s:%u:%u: %s\n", errs->errors[i].file, errs->errors[i].line,
                        errs->errors[i].column, errs->errors[i].message);
        fail_msg("ls_model_read returned %d", rc);
    }
    return m;
}

static const ls_contract *contract(const ls_model *m, const char *p, const char *s)
{
    for (size_t i = 0; i < m->n_contracts; i++) {
        const ls_contract *c = &m->contracts[i];
        if (strcmp(m->providers[c->provider].id, p) == 0 &&
            strcmp(m->segments[c->segment].id, s) == 0)
            return c;
    }
    fail_msg("no contract (%s, %s)", p, s);
    return NULL;
}

/* The base model's floors, by hand (docs/tariff.md):
 *   (A, s1): vvt niveau3 € 20.00/h, defaults 0.30 / 0.20 / 0.10 / 0.03, 10 h a month:
 *            10 × 20 × 1.30 / 0.80 × 1.10 × 1.03 = 200 × 1.841125 = 368.225
 *   (B, s1): ghz niveau3 € 22.00/h, own 0.25 / 0.15 / 0.12 / 0.04, 10 h a month:
 *            1.25 / 0.85 × 1.12 × 1.04 = 1.712941176470588…; × 220 = 376.8470588235294
 *   (B, s2): ghz niveau4 € 25.00/h, 20 h a month: 500 × 1.712941176… = 856.4705882352941 */
static void test_floor_tariff_by_hand(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_int_equal(m->n_contracts, 3);
    assert_near(contract(m, "A", "s1")->floor_tariff, 368.225, 1e-9);
    assert_near(contract(m, "B", "s1")->floor_tariff, 376.8470588235294, 1e-9);
    assert_near(contract(m, "B", "s2")->floor_tariff, 856.4705882352941, 1e-9);
    assert_int_equal(errs.n_warnings, 0);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* wage_index scales every floor: 368.225 × 1.05 = 386.63625; a CAO factor scales only its
 * CAO's contracts: (B, s1) × 1.10 = 414.5317647058823. */
static void test_wage_index_and_cao_factor(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    ls_errors errs = {0};
    const char *sets[] = {"wage_index=0.05"};
    ls_read_options opts;
    ls_read_options_init(&opts);
    opts.overrides = sets;
    opts.n_overrides = 1;
    ls_model *m = read_ok(dir, &opts, &errs);
    assert_near(contract(m, "A", "s1")->floor_tariff, 386.63625, 1e-9);
    char msg[256];
    assert_int_equal(ls_model_set(m, "wage_index", "0", msg, sizeof msg), LS_OK);
    m->cao_factor[1] = 1.10; /* ghz is the second CAO in wages.csv */
    ls_model_compute(m, NULL);
    assert_near(contract(m, "A", "s1")->floor_tariff, 368.225, 1e-9);
    assert_near(contract(m, "B", "s1")->floor_tariff, 414.5317647058823, 1e-9);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* The same model as a Dutch spreadsheet writes it: UTF-8 byte-order mark, ';', decimal
 * commas, CRLF line ends, a quoted name holding a ';', comments, blank lines, columns in
 * another order, ja/nee. Every floor must equal the ','-file's. */
static void test_semicolon_decimal_comma_bom_crlf(void **state)
{
    (void)state;
    fx_file files[] = {
        {"wages.csv", "\xEF\xBB\xBF"
                      "cao;scale;hourly_wage\r\n# CAO VVT 2025\r\nvvt;niveau3;20,00\r\n"
                      "ghz;niveau3;22\r\n\r\nghz;niveau4;25,0\r\n"},
        {"providers.csv",
         "provider;cao;name;local;quality;employer_charges;unproductive;overhead;margin\r\n"
         "A;vvt;\"Alpha; thuiszorg\";ja;8;;;;\r\n"
         "B;ghz;\"Beta \"\"de\"\" zorg\";nee;6;0,25;0,15;0,12;0,04\r\n"},
        {"segments.csv", "segment;product;intensity;complexity;domain;clients;hours;scale\r\n"
                         "s1;begeleiding;licht;basis;wmo;10;10;niveau3\r\n"
                         "s2;begeleiding;zwaar;basis_plus;jeugd;4,0;20;niveau4\r\n"},
        {"contracts.csv", "provider;segment;current_clients\r\nA;s1;6\r\nB;s1;4\r\nB;s2;4\r\n"},
        {"budget.csv", "key;value\r\nbudget;100000,50\r\nreserve;0,02\r\n"},
    };
    char *dir = fx_model(files, sizeof files / sizeof *files);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_near(contract(m, "A", "s1")->floor_tariff, 368.225, 1e-9);
    assert_near(contract(m, "B", "s1")->floor_tariff, 376.8470588235294, 1e-9);
    assert_near(contract(m, "B", "s2")->floor_tariff, 856.4705882352941, 1e-9);
    assert_string_equal(m->providers[0].name, "Alpha; thuiszorg");
    assert_string_equal(m->providers[1].name, "Beta \"de\" zorg");
    assert_int_equal(m->providers[0].local, 1);
    assert_int_equal(m->providers[1].local, 0);
    assert_near(m->policy.budget, 100000.50, 1e-9);
    assert_near(m->policy.reserve, 0.02, 1e-12);
    assert_near(m->segments[1].clients, 4.0, 0);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Quotes: a comment line's quote opens nothing (the comment after it is still a comment), and
 * a quoted name may hold a line break (the '#' line inside it is text, not a comment). */
static void test_quotes_in_comments_and_fields(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv", "# the \"odd quote of a comment\n"
                          "provider,cao,name,local,quality\n"
                          "A,vvt,\"Alpha\n# thuiszorg\",1,8\n"
                          "# a comment between rows\n"
                          "B,ghz,Beta,0,6\n"},
    };
    char *dir = fx_model(files, sizeof files / sizeof *files);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_int_equal(m->n_providers, 2);
    assert_string_equal(m->providers[0].name, "Alpha\n# thuiszorg");
    assert_string_equal(m->providers[1].name, "Beta");
    assert_near(m->providers[1].quality, 6, 0);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* No-break spaces around a field (U+00A0, and U+202F, the narrow one: what a cell pasted
 * from a web page or a PDF carries; and the zero-width U+200B) are dropped as spaces are: 'A'
 * followed by one was an id of its own, and every contract of A was told "provider 'A' is not in
 * providers.csv", where the controller sees A. In ids, a header, a number, quoted or not, and a row
 * of nothing else is blank. */
#define NBSP "\xC2\xA0"
#define ZWSP "\xe2\x80\x8b" /* a zero-width space, U+200B */
#define NNBSP "\xE2\x80\xAF"
static void test_no_break_spaces_around_fields(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv", "provider,cao,name,local,quality" NBSP "\n"
                          "A" NBSP ",vvt,Alpha,1," NNBSP "8\n" NBSP "," NBSP " ,,,\n"
                          "\"" NBSP "B\",ghz," NBSP "Beta" NNBSP " ,0,6\n"},
        {"contracts.csv", "provider,segment,current_clients\nA" ZWSP ",s1,6" NBSP "\n"
                          NNBSP " B,s1,4\nB" NBSP NBSP ",s2" NNBSP ",4\n"},
    };
    char *dir = fx_model(files, sizeof files / sizeof *files);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_int_equal(errs.n_warnings, 0);
    assert_int_equal(m->n_providers, 2);
    assert_string_equal(m->providers[0].id, "A");
    assert_string_equal(m->providers[1].id, "B");
    assert_string_equal(m->providers[1].name, "Beta");
    assert_near(m->providers[0].quality_given, 8, 0);
    assert_near(contract(m, "A", "s1")->current_clients, 6, 0);
    assert_near(contract(m, "B", "s2")->floor_tariff, 500 * 1.841125, 1e-9); /* (defaults) */
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Empty optional cells take their defaults: domain wmo, area all, local 0, unlimited
 * capacity, max_budget and max_clients, min_budget 0, quality 7, no max_tariff. */
static void test_optional_columns_default(void **state)
{
    (void)state;
    fx_file files[] = {
        {"providers.csv", "provider,cao\nA,vvt\nB,ghz\n"},
        {"segments.csv", "segment,product,intensity,complexity,clients,hours,scale,domain,area\n"
                         "s1,begeleiding,licht,basis,10,10,niveau3,,\n"
                         "s2,begeleiding,zwaar,basis_plus,4,20,niveau4,jeugd,\n"},
        {"contracts.csv", "provider,segment\nA,s1\nB,s1\nB,s2\n"},
    };
    char *dir = fx_model(files, 3);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    const ls_provider *a = &m->providers[0];
    assert_int_equal(a->local, 0);
    assert_true(isinf(a->capacity_hours) && isinf(a->max_budget));
    assert_near(a->min_budget, 0, 0);
    assert_near(a->quality, 7, 0);
    assert_string_equal(m->segments[0].area, "all");
    assert_int_equal(m->segments[0].domain, LS_WMO);
    assert_int_equal(m->segments[1].domain, LS_JEUGD);
    assert_true(isnan(m->segments[0].max_tariff));
    assert_true(isinf(m->contracts[0].max_clients));
    assert_near(m->contracts[0].current_clients, 0, 0);
    /* B now takes the budget.csv defaults too: 22 × 10 × 1.841125 = 405.0475 */
    assert_near(contract(m, "B", "s1")->floor_tariff, 405.0475, 1e-9);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* An unknown column is ignored with one warning per file, at the header line. */
static void test_unknown_columns_warn_once(void **state)
{
    (void)state;
    fx_file f = {"contracts.csv", "provider,segment,note,contact\nA,s1,x,y\nB,s1,,\nB,s2,,\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_int_equal(errs.n_warnings, 1);
    assert_int_equal(errs.warnings[0].line, 1);
    assert_non_null(strstr(errs.warnings[0].message, "note, contact"));
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Today's caseload of s1 (A 6 + B 4 = 10 in the fixture) raised to 6 + 15 = 21, more than
 * twice its 10 clients: a warning at s1's row of segments.csv (line 2, clients column 7),
 * and the model reads; at 6 + 14 = 20, twice exactly, none. */
static void test_caseload_above_demand_warns(void **state)
{
    (void)state;
    const char *b_s1[] = {"15", "14"};
    for (int k = 0; k < 2; k++) {
        char text[256];
        snprintf(text, sizeof text,
                 "provider,segment,current_clients,max_clients\nA,s1,6,\nB,s1,%s,\nB,s2,4,\n",
                 b_s1[k]);
        fx_file f = {"contracts.csv", text};
        char *dir = fx_model(&f, 1);
        ls_errors errs = {0};
        ls_model *m = read_ok(dir, NULL, &errs);
        assert_int_equal(errs.n_warnings, k == 0 ? 1 : 0);
        if (k == 0) {
            assert_int_equal(errs.warnings[0].line, 2);
            assert_int_equal(errs.warnings[0].column, 7);
            assert_non_null(strstr(errs.warnings[0].message,
                                   "segment 's1': today's caseload in contracts.csv (21 clients) "
                                   "is more than twice its demand (10 clients)"));
        }
        ls_model_free(m);
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
    /* one client today beside a demand of none: "1 client", not "1 clients" */
    fx_file f[] = {{"segments.csv",
                    "segment,product,intensity,complexity,domain,area,clients,hours,scale,"
                    "max_tariff\ns1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
                    "s2,begeleiding,zwaar,basis_plus,jeugd,all,0,20,niveau4,1500\n"},
                   {"contracts.csv",
                    "provider,segment,current_clients,max_clients\nA,s1,6,\nB,s1,4,\nB,s2,1,\n"}};
    char *dir = fx_model(f, 2);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_int_equal(errs.n_warnings, 1);
    assert_non_null(strstr(errs.warnings[0].message,
                           "segment 's2': today's caseload in contracts.csv (1 client) is more "
                           "than twice its demand (0 clients)"));
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A floor above the segment's max_tariff makes the contract unusable, with a
 * warning at its contracts.csv line. max_tariff 370: (A, s1) 368.225 stays usable,
 * (B, s1) 376.85 does not. */
static void test_floor_above_max_tariff_unusable(void **state)
{
    (void)state;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
                 "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,370\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_true(contract(m, "A", "s1")->usable);
    assert_false(contract(m, "B", "s1")->usable);
    assert_true(contract(m, "B", "s2")->usable);
    assert_int_equal(errs.n_warnings, 1);
    assert_int_equal(errs.warnings[0].line, 3);
    assert_int_equal(errs.warnings[0].column, 1);
    assert_non_null(strstr(errs.warnings[0].message,
                           "contract (B, s1) cannot be used: its floor tariff € 376.85 exceeds "
                           "the segment's max_tariff € 370.00 a client a month"));
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Quality = Σ weight·score / Σ weight. A: vakmanschap 9 (weight 2), bereik 6
 * (weight 1, the default) → (18 + 6) / 3 = 8.0; B has no rows and keeps its 6. With
 * weight.vakmanschap = 0, A's quality is bereik alone: 6. */
static void test_quality_from_weighted_indicators(void **state)
{
    (void)state;
    fx_file files[] = {
        {"indicators.csv", "provider,indicator,score\nA,vakmanschap,9\nA,bereik,6\n"},
        {"budget.csv", "key,value\nbudget,100000\nweight.vakmanschap,2\n"},
    };
    char *dir = fx_model(files, 2);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_near(m->providers[0].quality, 8.0, 1e-12);
    assert_near(m->providers[1].quality, 6.0, 0);
    char msg[256];
    assert_int_equal(ls_model_set(m, "weight.vakmanschap", "0", msg, sizeof msg), LS_OK);
    assert_near(m->providers[0].quality, 6.0, 1e-12);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* An indicator's name may take the 64 characters of an identifier, and its weight's key in
 * budget.csv is then 71 long: read, not refused as an identifier over 64 (a key is none). */
static void test_weight_of_a_long_indicator(void **state)
{
    (void)state;
    char name[65], ind[200], bud[200];
    memset(name, 'k', 64), name[64] = '\0';
    snprintf(ind, sizeof ind, "provider,indicator,score\nA,%s,9\nA,bereik,6\n", name);
    snprintf(bud, sizeof bud, "key,value\nbudget,100000\nweight.%s,3\n", name);
    fx_file files[] = {{"indicators.csv", ind}, {"budget.csv", bud}};
    char *dir = fx_model(files, 2);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_near(m->providers[0].quality, (3 * 9 + 6) / 4.0, 1e-12); /* 8.25 */
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* --set overrides budget.csv, and may supply a key the file lacks; a bad key or value is a
 * usage error (exit 2) that names it. */
static void test_set_overrides(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    const char *good[] = {"budget=250000", "margin_policy=quality", "budget.jeugd=50000"};
    ls_read_options opts;
    ls_read_options_init(&opts);
    opts.overrides = good;
    opts.n_overrides = 3;
    ls_model *m = read_ok(dir, &opts, &errs);
    assert_near(m->policy.budget, 250000, 0);
    assert_int_equal(m->policy.margin_policy, LS_MARGIN_QUALITY);
    assert_near(m->policy.budget_domain[LS_JEUGD], 50000, 0);
    ls_model_free(m);

    const char *bad[] = {"budget=250000", "budjet=1"};
    opts.overrides = bad;
    opts.n_overrides = 2;
    m = NULL;
    assert_int_equal(ls_model_read(dir, &opts, &m, &errs), LS_EUSAGE);
    assert_null(m);
    assert_string_equal(errs.errors[0].file, "overrides"); /* the option's field */
    assert_non_null(strstr(errs.errors[0].message, "unknown key 'budjet'"));
    ls_errors_clear(&errs);

    const char *bad_value[] = {"budget=-5"};
    opts.overrides = bad_value;
    opts.n_overrides = 1;
    assert_int_equal(ls_model_read(dir, &opts, &m, &errs), LS_EUSAGE);
    assert_non_null(strstr(errs.errors[0].message, "budget must be > 0"));
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Reference prices: a segment's lowest usable floor. s1 has (A, s1) 368.225 and (B, s1)
 * 376.847…, so r_s1 = 368.225; s2 has only (B, s2) 856.470…. The retired unmet_penalty key
 * is read with one warning at its line and changes nothing. */
static void test_reference_prices_and_retired_penalty(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nbudget,100000\nunmet_penalty,5\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_near(m->segments[0].ref_floor, 368.225, 1e-9);
    assert_near(m->segments[1].ref_floor, 856.4705882352944, 1e-9);
    assert_near(m->segments[0].lowest_floor, 368.225, 1e-9);
    assert_int_equal(errs.n_warnings, 1);
    assert_int_equal(errs.warnings[0].line, 3);
    assert_non_null(strstr(errs.warnings[0].message, "unmet_penalty is ignored"));
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* The check summary: begeleiding licht basis has two floors, 368.225 and 376.847…: the
 * median of two is their mean, 372.5360294117647. */
static void test_check_summary(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    ls_check *c = NULL;
    assert_int_equal(ls_check_summarize(m, &c), LS_OK);
    assert_int_equal(c->segments, 2);
    assert_int_equal(c->providers, 2);
    assert_int_equal(c->local_providers, 1);
    assert_int_equal(c->n_domains, 2);
    assert_near(c->domains[1].clients, 4, 0);
    assert_int_equal(c->n_classes, 2);
    assert_string_equal(c->classes[0].intensity, "licht");
    assert_int_equal(c->classes[0].contracts, 2);
    assert_near(c->classes[0].min, 368.225, 1e-9);
    assert_near(c->classes[0].median, 372.5360294117647, 1e-9);
    assert_near(c->classes[0].max, 376.8470588235294, 1e-9);
    char *json = NULL;
    assert_int_equal(ls_check_to_json(c, &errs, &json), LS_OK);
    assert_non_null(strstr(json, "\"usable_contracts\": 3"));
    free(json);
    ls_check_free(c);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* An optional budget key with an empty value takes its default, as an empty optional cell
 * does anywhere (a template's keys left blank); an empty budget and an unknown key are
 * test_read_errors.c's cases. */
static void test_empty_budget_value_takes_default(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nreserve,\nmax_shift,\n"
                               "margin_policy,\nwage_index, \n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *m = read_ok(dir, NULL, &errs);
    assert_int_equal(errs.n_errors, 0);
    assert_true(m->policy.reserve == 0 && m->policy.max_shift == 1 &&
                m->policy.margin_policy == LS_MARGIN_EQUAL && m->policy.wage_index == 0);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_budget_value_takes_default),
        cmocka_unit_test(test_floor_tariff_by_hand),
        cmocka_unit_test(test_wage_index_and_cao_factor),
        cmocka_unit_test(test_semicolon_decimal_comma_bom_crlf),
        cmocka_unit_test(test_quotes_in_comments_and_fields),
        cmocka_unit_test(test_no_break_spaces_around_fields),
        cmocka_unit_test(test_optional_columns_default),
        cmocka_unit_test(test_unknown_columns_warn_once),
        cmocka_unit_test(test_floor_above_max_tariff_unusable),
        cmocka_unit_test(test_quality_from_weighted_indicators),
        cmocka_unit_test(test_weight_of_a_long_indicator),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_reference_prices_and_retired_penalty),
        cmocka_unit_test(test_check_summary),
        cmocka_unit_test(test_caseload_above_demand_warns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
