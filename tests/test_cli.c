/*
 * test_cli.c — the `lumpsum` command as a user runs it: exit codes (SPEC §5), the
 * FILE:LINE:COLUMN messages on stderr, --help, --version, --json, and every bundled example.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "fixture.h"

static void expect(const char *args, int code, const char *in_out, const char *in_err)
{
    char *out, *err;
    int rc = fx_run(args, &out, &err);
    if (rc != code || (in_out && !strstr(out, in_out)) || (in_err && !strstr(err, in_err)))
        fail_msg("lumpsum %s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwanted stdout ∋ '%s', "
                 "stderr ∋ '%s'", args, rc, code, out, err, in_out ? in_out : "",
                 in_err ? in_err : "");
    free(out);
    free(err);
}

static void test_version_and_help(void **state)
{
    (void)state;
    expect("--version", 0, "lumpsum 0.", NULL);
    expect("--help", 0, "usage: lumpsum", NULL);
    expect("check --help", 0, "usage: lumpsum check", NULL);
}

static void test_bad_usage_exits_2(void **state)
{
    (void)state;
    expect("", 2, NULL, "usage");
    expect("frobnicate", 2, NULL, "unknown command 'frobnicate'");
    expect("check", 2, NULL, "expected one MODEL");
    expect("check --bogus x", 2, NULL, "usage");
}

static void test_every_bundled_example_passes_check(void **state)
{
    (void)state;
    const char *models[] = {"dalfsen", "zaltbommel", "brunssum", "drechtsteden", "ijmond"};
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        char args[512];
        snprintf(args, sizeof args, "check %s/%s", fx_data_dir(), models[i]);
        expect(args, 0, "is valid", NULL);
    }
}

/* Bad input: exit 1, and the message names the file as given, the line and the column. */
static void test_bad_input_exits_1_with_position(void **state)
{
    (void)state;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
                 "s1,begeleiding,licht,basis,wmo,all,-3,10,niveau3,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"};
    char *dir = fx_model(&f, 1);
    char args[300], want[400];
    snprintf(args, sizeof args, "check %s", dir);
    snprintf(want, sizeof want, "%s/segments.csv:2:7: clients must be ≥ 0, not -3", dir);
    expect(args, 1, NULL, want);
    /* the path is reported exactly as given, trailing slash and all */
    snprintf(args, sizeof args, "check %s/", dir);
    expect(args, 1, NULL, want);
    fx_remove(dir);
    expect("check /nonexistent/model", 1, NULL, "/nonexistent/model/budget.csv:1:1: the file is missing");
}

static void test_set_bad_key_exits_2(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char args[300];
    snprintf(args, sizeof args, "check %s --set budjet=5", dir);
    expect(args, 2, NULL, "unknown key 'budjet'");
    snprintf(args, sizeof args, "check %s --set budget", dir);
    expect(args, 2, NULL, "not key=value");
    snprintf(args, sizeof args, "check %s --set budget=123456", dir);
    expect(args, 0, "123,456.00", NULL);
    fx_remove(dir);
}

static void test_check_json(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char args[300], *out;
    snprintf(args, sizeof args, "check --json %s", dir);
    assert_int_equal(fx_run(args, &out, NULL), 0);
    json_error_t jerr;
    json_t *doc = json_loads(out, 0, &jerr);
    if (!doc)
        fail_msg("not JSON: %s\n%s", jerr.text, out);
    assert_int_equal(json_integer_value(json_object_get(doc, "contracts")), 3);
    json_t *classes = json_object_get(doc, "floor_tariffs");
    assert_int_equal(json_array_size(classes), 2);
    /* (B, s2) alone in its class: 856.4705882352941 */
    assert_float_equal(json_real_value(json_object_get(json_array_get(classes, 1), "min")),
                       856.4705882352941, 1e-9);
    json_decref(doc);
    free(out);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_help),
        cmocka_unit_test(test_bad_usage_exits_2),
        cmocka_unit_test(test_every_bundled_example_passes_check),
        cmocka_unit_test(test_bad_input_exits_1_with_position),
        cmocka_unit_test(test_set_bad_key_exits_2),
        cmocka_unit_test(test_check_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
