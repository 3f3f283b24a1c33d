/*
 * test_limits.c — what the reader refuses at the edges of what it can hold: paths that are
 * not regular files (a FIFO, a device, a directory), files over the size limit, line ends
 * that hide rows, money that cents cannot hold, and messages that must name the real fault.
 * Each case replaces one file of the base model and asserts the status and the first error,
 * whole: "FILE:LINE:COLUMN: message".
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "lumpsum.h"

enum kind { TEXT, FIFO, DEVICE, DIRECTORY, HUGE };

typedef struct limit_case {
    const char *name;
    enum kind kind;
    const char *file;    /* the file replaced */
    const char *content; /* its text (TEXT) */
    const char *error;   /* the first error, "file:line:column: message" (file in the model) */
    int rc;              /* 0: LS_EINPUT */
} limit_case;

#define SEGMENTS_HEAD                                                                              \
    "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
#define S2 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"

static const limit_case cases[] = {
    /* ---- what is not a file is refused before a byte is read ---- */
    {"fifo", FIFO, "segments.csv", NULL,
     "segments.csv:1:1: this is a FIFO (a named pipe), not a regular file: a model file must "
     "be a file on disk",
     0},
    {"device", DEVICE, "segments.csv", NULL,
     "segments.csv:1:1: this is a device, not a regular file: a model file must be a file on "
     "disk",
     0},
    {"directory", DIRECTORY, "wages.csv", NULL, "wages.csv:1:1: this is a directory, not a file",
     0},
    {"over_one_gib", HUGE, "contracts.csv", NULL,
     "contracts.csv:1:1: the file has 1,073,741,825 bytes, more than a model file may have "
     "(1 GiB): is this the right file?",
     0},
    /* ---- a lone carriage return ends a line, on a comment line too ---- */
    {"cr_ends_comment", TEXT, "budget.csv", "key,value\nbudget,1000\n# note\rreserve,2\n",
     "budget.csv:4:2: reserve must be ≥ 0 and < 1, not 2", 0},
    {"cr_only_line_numbers", TEXT, "budget.csv", "key,value\rbudget,1000\r\r\rabc,1\r",
     "budget.csv:5:1: unknown key 'abc' (see docs/model-format.md for the keys)", 0},
    {"cr_in_quoted_field_counts", TEXT, "providers.csv",
     "provider,name,cao\nA,\"Al\rpha\",vvt\nB,Beta,ghz\nC,Gamma,abc\n",
     "providers.csv:5:3: cao 'abc' is not in wages.csv", 0},
    /* ---- no euro amount may pass what cents hold ---- */
    {"wage_beyond_price_limit", TEXT, "wages.csv",
     "cao,scale,hourly_wage\nvvt,niveau3,1e13\nghz,niveau3,22\nghz,niveau4,25\n",
     "wages.csv:2:3: hourly_wage must be at most 10^6 euros, not 1e13", 0},
    {"clients_beyond_limit", TEXT, "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,1e15,10,niveau3,\n" S2,
     "segments.csv:2:7: clients must be at most 10^8, not 1e15", 0},
    {"hours_beyond_a_month", TEXT, "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,745,niveau3,\n" S2,
     "segments.csv:2:8: hours must be at most 744 (every hour of a month), not 745", 0},
    {"budget_beyond_money_limit", TEXT, "budget.csv", "key,value\nbudget,2e13\n",
     "budget.csv:2:2: budget must be at most 10^13 euros (lumpsum counts money to the cent up "
     "to € 10 trillion a year), not 2e13",
     0},
    {"min_budget_beyond_money_limit", TEXT, "providers.csv",
     "provider,name,cao,min_budget\nA,Alpha,vvt,1e14\nB,Beta,ghz,\n",
     "providers.csv:2:4: min_budget must be at most 10^13 euros (lumpsum counts money to the "
     "cent up to € 10 trillion a year), not 1e14",
     0},
    {"wage_index_beyond_factor_limit", TEXT, "budget.csv",
     "key,value\nbudget,1000\nwage_index,1e15\n",
     "budget.csv:3:2: wage_index must be at most 100 (+10,000 %), not 1e15", 0},
    {"current_clients_beyond_limit", TEXT, "contracts.csv",
     "provider,segment,current_clients\nA,s1,6\nB,s1,1e9\nB,s2,4\n",
     "contracts.csv:3:3: current_clients must be at most 10^8, not 1e9", 0},
    /* each cell within its limit, their product not: s1's dearest floor is B's, 37.6847 €
     * an hour (fixture.c) × 700 h = 26,379.29 a month; × 12 × 10^8 clients = € 3.17e13 */
    {"demand_beyond_money_limit", TEXT, "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,1e8,700,niveau3,\n" S2,
     "segments.csv:2:7: the demand would cost € 31,700,000,000,000 a year at its floor tariffs, "
     "more "
     "than lumpsum counts to the cent (€ 10^13 a year); the largest part is segment 's1': "
     "check its clients, its hours and the wages of its scale",
     0},
    /* ---- a file saved the wrong way: the message names the fault, not a missing cell ---- */
    {"rows_split_by_the_other_delimiter", TEXT, "segments.csv",
     SEGMENTS_HEAD "s1;begeleiding;licht;basis;wmo;all;10;10;niveau3;\n"
                   "s2;begeleiding;zwaar;basis_plus;jeugd;all;4;20;niveau4;1500\n",
     "segments.csv:2:1: this row is separated by ';' but the header by ',': use one delimiter "
     "in the whole file",
     0},
    {"row_split_by_comma_under_semicolon_header", TEXT, "budget.csv",
     "key;value\nyear;2025\nbudget,100000\n",
     "budget.csv:3:1: this row is separated by ',' but the header by ';': use one delimiter in "
     "the whole file",
     0},
    {"two_byte_order_marks", TEXT, "providers.csv",
     "\xEF\xBB\xBF\xEF\xBB\xBFprovider,name,cao\nA,Alpha,vvt\nB,Beta,ghz\n",
     "providers.csv:1:1: the file begins with an extra byte-order mark (two where one is "
     "allowed): save it again as CSV UTF-8",
     0},
    /* "6,5" meant 6.5 current clients and an empty max_clients: read as 6 and 5 it would
     * pass, the last field being empty */
    {"decimal_comma_before_empty_last_column", TEXT, "contracts.csv",
     "provider,segment,current_clients,max_clients\nA,s1,6,5,\nB,s1,4,\nB,s2,4,\n",
     "contracts.csv:2:5: this row has 5 fields but the header names 4 columns (a decimal "
     "comma? then separate the fields with ';')",
     0},
    {"empty_fields_beyond_the_header", TEXT, "budget.csv", "key,value\nbudget,1000,,\n",
     "budget.csv:2:3: this row has 4 fields but the header names 2 columns", 0},
    /* empty fields at a row's end, as Excel writes them: a decimal comma makes one field
     * more, not two or more, so where the numbers split are fewer than the fields too many,
     * no comma is suggested */
    {"empty_fields_after_adjacent_numbers", TEXT, "contracts.csv",
     "provider,segment,current_clients,max_clients\nA,s1,6,5,,\nB,s1,4,\nB,s2,4,\n",
     "contracts.csv:2:5: this row has 6 fields but the header names 4 columns", 0},
    {"empty_fields_after_a_full_segment_row", TEXT, "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,900,,,\n" S2,
     "segments.csv:2:11: this row has 13 fields but the header names 10 columns", 0},
    {"two_decimal_commas_two_fields_more", TEXT, "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,5,7,5,niveau3,\n" S2,
     "segments.csv:2:11: this row has 12 fields but the header names 10 columns (a decimal "
     "comma? then separate the fields with ';')",
     0},
    /* a provider's name with a comma, unquoted: the name is the likelier cause (its fields
     * come trimmed, so "Cicero, Welzijn" and "6,5" look alike), and both are named */
    {"comma_in_a_provider_name", TEXT, "providers.csv",
     "provider,name,cao\nA,Alpha, Zorg,vvt\nB,Beta,ghz\n",
     "providers.csv:2:4: this row has 4 fields but the header names 3 columns (a comma in a "
     "name? then put the name in double quotes: \"Cicero, Welzijn\"; or a decimal comma? then "
     "separate the fields with ';')",
     0},
    /* s3 is a letter from s1 and from s2: naming the first would be a guess, so neither is */
    {"near_miss_of_two_ids", TEXT, "contracts.csv",
     "provider,segment,current_clients,max_clients\nA,s1,6,\nB,s3,4,\n",
     "contracts.csv:3:2: segment 's3' is not in segments.csv", 0},
    {"empty_fields_in_a_semicolon_file", TEXT, "contracts.csv",
     "provider;segment;current_clients;max_clients\nA;s1;6;5;;\nB;s1;4;\nB;s2;4;\n",
     "contracts.csv:2:5: this row has 6 fields but the header names 4 columns", 0},
    {"weight_without_indicators_file", TEXT, "budget.csv",
     "key,value\nbudget,1000\nweight.bereik,2\n",
     "budget.csv:3:1: weight.bereik weighs the indicator 'bereik', but the model has no "
     "indicators.csv",
     0},
};

/* Replaces c->file in a fresh model as the case says; returns the model's directory. */
static char *make_model(const limit_case *c)
{
    if (c->kind == TEXT) {
        fx_file f = {c->file, c->content};
        return fx_model(&f, 1);
    }
    fx_file f = {c->file, ""};
    char *dir = fx_model(&f, 1);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, c->file);
    int ok = 0;
    switch (c->kind) {
    case FIFO:
        ok = mkfifo(path, 0600) == 0;
        break;
    case DEVICE:
        ok = symlink("/dev/zero", path) == 0;
        break;
    case DIRECTORY:
        ok = mkdir(path, 0700) == 0;
        break;
    case HUGE: {
        /* sparse: a gigabyte on no disk */
        FILE *big = fopen(path, "wb");
        ok = big && ftruncate(fileno(big), ((off_t)1 << 30) + 1) == 0;
        if (big)
            fclose(big);
        break;
    }
    case TEXT:
        break;
    }
    if (!ok)
        fail_msg("%s: cannot make %s: %s", c->name, path, strerror(errno));
    return dir;
}

static void test_limit(void **state)
{
    const limit_case *c = *state;
    char *dir = make_model(c);
    ls_errors errs = {0};
    ls_model *model = NULL;
    int rc = ls_model_read(dir, NULL, &model, &errs);
    char got[1200] = "(no error)", want[1200];
    if (errs.n_errors) {
        const ls_error *e = &errs.errors[0];
        snprintf(got, sizeof got, "%s:%u:%u: %s", e->file, e->line, e->column, e->message);
    }
    snprintf(want, sizeof want, "%s/%s", dir, c->error);
    if (rc != (c->rc ? c->rc : LS_EINPUT) || strcmp(got, want) != 0)
        fail_msg("%s: status %d, got\n  %s\nwant\n  %s", c->name, rc, got, want);
    assert_null(model);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A comment line ended by a lone '\r' no longer swallows the next row: the reserve is read. */
static void test_cr_comment_keeps_next_row(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\n# note\rreserve,0.5\n"};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *model = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_OK);
    ls_result *r = NULL;
    assert_int_equal(ls_plan(model, &r, &errs), LS_OK);
    /* available = 100,000 × (1 − 0.5) */
    assert_near(r->summary.available, 50000.0, 1e-9);
    ls_result_free(r);
    ls_model_free(model);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A weight must weigh an indicator of indicators.csv: a typo is named at its key, with the
 * indicator it was likely meant for when one is a letter away. */
static void test_weight_of_unknown_indicator(void **state)
{
    (void)state;
    static const struct {
        const char *weight, *error;
    } weights[] = {
        {"weight.vakmanschp,2", "budget.csv:3:1: weight.vakmanschp weighs the indicator "
                                "'vakmanschp', which is not in indicators.csv (did you mean "
                                "'vakmanschap'?)"},
        {"weight.Bereik,2", "budget.csv:3:1: weight.Bereik weighs the indicator 'Bereik', which "
                            "is not in indicators.csv (did you mean 'bereik'?)"},
        {"weight.prijs,2", "budget.csv:3:1: weight.prijs weighs the indicator 'prijs', which is "
                           "not in indicators.csv"},
        {"weight.bereik,2", NULL},
    };
    for (size_t i = 0; i < sizeof weights / sizeof *weights; i++) {
        char budget[128];
        snprintf(budget, sizeof budget, "key,value\nbudget,1000\n%s\n", weights[i].weight);
        fx_file f[] = {
            {"budget.csv", budget},
            {"indicators.csv", "provider,indicator,score\nA,vakmanschap,8\nA,bereik,6\n"}};
        char *dir = fx_model(f, 2);
        ls_errors errs = {0};
        ls_model *model = NULL;
        int rc = ls_model_read(dir, NULL, &model, &errs);
        if (!weights[i].error) {
            assert_int_equal(rc, LS_OK);
            ls_model_free(model);
        } else {
            char got[600], want[600];
            assert_int_equal(rc, LS_EINPUT);
            const ls_error *e = &errs.errors[0];
            snprintf(got, sizeof got, "%s:%u:%u: %s", e->file, e->line, e->column, e->message);
            snprintf(want, sizeof want, "%s/%s", dir, weights[i].error);
            assert_string_equal(got, want);
        }
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
}

/* A demand past € 10^13 that a --set override causes is a usage error said of --set (exit
 * 2), not an error at a line of segments.csv that holds nothing wrong; where the files alone
 * already pass the limit, the error stays at segments.csv. A's unproductive is budget.csv's:
 * at 0.999999999 its floor on s1 is 8 × 10^8 times today's 368.225 a month, 12 × 10 clients
 * € 3.53 × 10^13 a year; the files' € 86,332 is s1's 10 and s2's 4 at B's floors. */
static void test_demand_limit_by_override(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    const char *sets[] = {"budget=200000", "unproductive=0.999999999"};
    ls_read_options opts;
    ls_read_options_init(&opts);
    opts.overrides = sets;
    opts.n_overrides = 2;
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, &opts, &m, &errs), LS_EUSAGE);
    assert_null(m);
    assert_int_equal(errs.n_errors, 1);
    assert_string_equal(errs.errors[0].file, "overrides");
    assert_int_equal(errs.errors[0].line, 0);
    assert_string_equal(errs.errors[0].message,
                        "unproductive=0.999999999 would make the demand cost € 35,300,000,000,000 "
                        "a year at its floor tariffs (€ 86,300 as the model's files have it), "
                        "more than lumpsum counts to the cent (€ 10^13 a year); the largest part "
                        "is segment 's1'");
    ls_errors_clear(&errs);
    fx_remove(dir);

    /* the files alone past the limit: their fault, whatever --set adds */
    fx_file f = {"segments.csv", SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,1e8,700,"
                                               "niveau3,\n" S2};
    dir = fx_model(&f, 1);
    const char *more[] = {"wage_index=0.1"};
    opts.overrides = more;
    opts.n_overrides = 1;
    assert_int_equal(ls_model_read(dir, &opts, &m, &errs), LS_EINPUT);
    char want[512];
    snprintf(want, sizeof want, "%s/segments.csv", dir);
    assert_string_equal(errs.errors[0].file, want);
    assert_int_equal(errs.errors[0].line, 2);
    assert_int_equal(errs.errors[0].column, 7);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* The rounding refuses what cents cannot hold: no wrap to −92,233,720,368,547,760.00. */
static void test_round_cents_refuses_beyond_cents(void **state)
{
    (void)state;
    double v[] = {1e15, 0.125}, out[2];
    assert_int_equal(ls_round_cents(v, 2, out), LS_EINTERNAL);
    assert_near(out[0], 1e15, 0);
    assert_near(out[1], 0.12, 1e-12); /* a true half cent: the even one, as "%.2f" shows it */
    double nan_v[] = {NAN};
    assert_int_equal(ls_round_cents(nan_v, 1, out), LS_EINTERNAL);
    /* 10^13 euros, the limit, is 10^15 cents: held exactly, and the parts add up */
    double top[] = {5e12 + 0.005, 5e12 - 0.005};
    assert_int_equal(ls_round_cents(top, 2, out), LS_OK);
    assert_near(out[0] + out[1], 1e13, 0);
}

/* `test_limits --corpus DIR` writes the text cases as seeds for the fuzzer
 * (tests/fuzz/fuzz_model.c): the mode byte of the file it replaces, then its text. */
static int write_corpus(const char *dir)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (cases[i].kind == TEXT &&
            fx_write_seed(dir, "limit", cases[i].name, cases[i].file, cases[i].content) != 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--corpus") == 0)
        return write_corpus(argv[2]);
    size_t n = sizeof cases / sizeof *cases;
    struct CMUnitTest *tests = calloc(n + 4, sizeof(*tests));
    for (size_t i = 0; i < n; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = test_limit;
        tests[i].initial_state = (void *)&cases[i];
    }
    tests[n] = (struct CMUnitTest)cmocka_unit_test(test_cr_comment_keeps_next_row);
    tests[n + 1] = (struct CMUnitTest)cmocka_unit_test(test_round_cents_refuses_beyond_cents);
    tests[n + 2] = (struct CMUnitTest)cmocka_unit_test(test_weight_of_unknown_indicator);
    tests[n + 3] = (struct CMUnitTest)cmocka_unit_test(test_demand_limit_by_override);
    int failed = _cmocka_run_group_tests("limits", tests, n + 4, NULL, NULL);
    free(tests);
    return failed;
}
