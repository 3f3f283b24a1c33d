/*
 * test_cli_rows.c — what a command prints a row at a time, as a user reads it: a sweep's
 * row for each status (funded, unmet; no solution with its reason), --json against the CSV,
 * and a name or a path with a line break kept on its one line of a table or a file's comment.
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
#include <jansson.h>

#include "fixture.h"

/* A sweep's row never reads funded alone while clients have no place: IJmond at a wage index
 * of 0.15 and 0.2 leaves 606.34 and all 2,702 of its clients without a place (ij6's floors
 * pass the household help's max_tariff first, then every provider's), so the table says
 * "funded, unmet" as plan's verdict says FUNDED, BUT …, and --out and --json carry demand =
 * unmet beside the status, as plan's summary.csv does; at 0 every client is placed (met). */
static void test_sweep_row_status_tells_unmet(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-sweep-unmet-XXXXXX", args[1024], path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(args, sizeof args,
             "sweep %s/ijmond --param wage_index --from 0 --to 0.2 --steps 5 --out %s/sweep.csv",
             fx_data_dir(), dir);
    fx_expect(args, 0, "\n             0  funded       ", NULL);
    fx_expect(args, 0, "\n          0.15  funded, unmet ", NULL);
    fx_expect(args, 0, "\n           0.2  funded, unmet ", NULL);
    fx_expect(args, 0, "\n           0.1  underfunded, unmet ", NULL);
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    char *csv = fx_slurp(path);
    assert_non_null(strstr(csv, "\nvalue,status,demand,budget,available,"));
    assert_non_null(strstr(csv, "\n0,funded,met,10163000.00,"));
    assert_non_null(strstr(csv, "\n0.15,funded,unmet,10163000.00,"));
    assert_non_null(strstr(csv, "\n0.2,funded,unmet,10163000.00,10163000.00,0.00,0,2702,"));
    free(csv);
    snprintf(args, sizeof args,
             "sweep %s/ijmond --param wage_index --from 0.15 --to 0.2 "
             "--steps 2 --json",
             fx_data_dir());
    char *out, *err;
    assert_int_equal(fx_run(args, &out, &err), 0);
    json_error_t jerr;
    json_t *doc = json_loads(out, 0, &jerr);
    assert_non_null(doc);
    json_t *rows = json_object_get(doc, "rows");
    assert_int_equal(json_array_size(rows), 2);
    for (size_t k = 0; k < 2; k++) {
        json_t *row = json_array_get(rows, k);
        assert_string_equal(json_string_value(json_object_get(row, "status")), "funded");
        assert_string_equal(json_string_value(json_object_get(row, "demand")), "unmet");
    }
    json_decref(doc);
    free(out);
    free(err);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    assert_int_equal(system(args), 0);
}

/* --json is the CSV as one document: a sweep's rows with the same columns and the same
 * cents (available and allocated rounded, unallocated their difference), the row at the
 * break-even last with break_even 1; a risk study's money in cents as its summary.csv has it.
 * Brunssum over a wage index of 0 to 0.1 in 3 steps turns underfunded at 5.65 %. */
static void test_json_is_the_csv(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-json-XXXXXX", args[1024], path[600];
    assert_non_null(mkdtemp(dir));
    const char *sweep = "sweep %s/brunssum --param wage_index --from 0 --to 0.1 --steps 3";
    snprintf(path, sizeof path, sweep, fx_data_dir());
    snprintf(args, sizeof args, "%s --out %s/sweep.csv", path, dir);
    fx_expect(args, 0, NULL, NULL);
    snprintf(args, sizeof args, "%s --json", path);
    char *out, *err;
    assert_int_equal(fx_run(args, &out, &err), 0);
    json_error_t jerr;
    json_t *doc = json_loads(out, 0, &jerr), *rows = json_object_get(doc, "rows");
    assert_int_equal(json_array_size(rows), 4);
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    char *csv = fx_slurp(path), *line = strstr(csv, "\nvalue,status,");
    static const char *const money[] = {"budget",    "available",   "required",
                                        "allocated", "unallocated", "pgb_cost"};
    static const int column[] = {3, 4, 5, 10, 11, 13}; /* in the CSV's header */
    for (size_t k = 0; k < 4; k++) {
        line = strchr(line + 1, '\n');
        json_t *row = json_array_get(rows, k);
        double cell[20] = {0};
        size_t c = 0;
        for (const char *f = line + 1; c < 20 && *f && *f != '\n'; c++) {
            cell[c] = atof(f);
            f += strcspn(f, ",\n");
            f += *f == ',';
        }
        for (size_t i = 0; i < 6; i++) {
            double v = json_real_value(json_object_get(row, money[i]));
            if (v != cell[column[i]])
                fail_msg("row %zu: %s %.17g in the JSON, %.17g in the CSV", k, money[i], v,
                         cell[column[i]]);
        }
        assert_non_null(json_object_get(row, "pgb_clients"));
        /* each row's own break-even, as the CSV has it to 6 decimals */
        double be = json_real_value(json_object_get(row, "break_even_wage_index"));
        if (!(fabs(be - cell[14]) <= 5e-7))
            fail_msg("row %zu: break_even_wage_index %.17g, the CSV's %.17g", k, be, cell[14]);
        assert_int_equal(json_integer_value(json_object_get(row, "break_even")), k == 3);
    }
    assert_true(fabs(json_real_value(json_object_get(json_array_get(rows, 3), "value")) -
                     json_real_value(json_object_get(doc, "break_even"))) < 1e-12);
    free(csv);
    json_decref(doc);
    free(out);
    free(err);
    snprintf(args, sizeof args, "risk %s/brunssum --runs 40 --seed 3 --json", fx_data_dir());
    assert_int_equal(fx_run(args, &out, &err), 0);
    doc = json_loads(out, 0, &jerr);
    static const char *const risk_money[] = {"available", "mean_need", "sd_need",
                                             "q50_need",  "q90_need",  "expected_overrun"};
    for (size_t i = 0; i < 6; i++) {
        double v = json_real_value(json_object_get(doc, risk_money[i]));
        if (fabs(v * 100 - round(v * 100)) > 1e-6 * fabs(v * 100))
            fail_msg("risk %s %.17g is not in cents", risk_money[i], v);
    }
    json_decref(doc);
    free(out);
    free(err);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    assert_int_equal(system(args), 0);
}

/* A sweep's row without a solution gives its reason after the status and a colon (padded to
 * the status column, "no solution the providers' …" ran together); a sweep of a domain's
 * target the model has no segment of gives the same row at every value, and says why. */
static void test_sweep_row_without_a_solution(void **state)
{
    (void)state;
    fx_file f = {"providers.csv", "provider,cao,min_budget\nA,vvt,60000\nB,ghz,50000\n"};
    char *dir = fx_model(&f, 1);
    char args[600];
    snprintf(args, sizeof args, "sweep %s --param budget --from 100000 --to 120000 --steps 2", dir);
    fx_expect(args, 0, "  no solution: the providers' min_budgets add up to", NULL);
    fx_remove(dir);
    /* a sweep of a domain's target where no segment is of the domain: every row the same,
     * and a warning says why */
    dir = fx_model(NULL, 0);
    snprintf(args, sizeof args,
             "sweep %s --param local_share_min.participatie --from 0 --to 0.5 --steps 2", dir);
    fx_expect(args, 0, NULL,
              "lumpsum: warning: local_share_min.participatie changes nothing: no segment of the "
              "model is of the domain participatie\n");
    fx_remove(dir);
}

/* A provider's name with a line break in it (a cell of Excel that took Alt+Enter) stays on
 * its row of the report's table, the break a space. */
static void test_name_with_a_line_break(void **state)
{
    (void)state;
    fx_file f = {"providers.csv", "provider,name,cao\nA,\"Alpha\nZorg\",vvt\nB,Beta,ghz\n"};
    char *dir = fx_model(&f, 1);
    char args[600];
    snprintf(args, sizeof args, "plan %s", dir);
    fx_expect(args, 0, "Alpha Zorg ", NULL);
    fx_remove(dir);
}

/* A model folder whose name has a line break: sweep.csv's "# model:" line stays one line
 * (its second line was the rest of the path, which a reader takes for the header). */
static void test_model_path_with_a_line_break(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char odd[600], args[1400], out[600];
    snprintf(odd, sizeof odd, "%s/m\nodel", dir);
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "mkdir '%s' && cp %s/*.csv '%s'", odd, dir, odd);
    assert_int_equal(system(cmd), 0);
    snprintf(out, sizeof out, "%s/sweep.csv", dir);
    snprintf(args, sizeof args,
             "sweep '%s' --param budget --from 90000 --to 110000 --steps 2 --out %s", odd, out);
    fx_expect(args, 0, NULL, NULL);
    char *text = fx_slurp(out);
    assert_non_null(text);
    char *second = strchr(text, '\n') + 1;
    assert_true(strncmp(second, "# lumpsum_version: ", 19) == 0);
    free(text);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", odd);
    assert_int_equal(system(cmd), 0);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_row_status_tells_unmet),
        cmocka_unit_test(test_sweep_row_without_a_solution),
        cmocka_unit_test(test_json_is_the_csv),
        cmocka_unit_test(test_name_with_a_line_break),
        cmocka_unit_test(test_model_path_with_a_line_break),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
