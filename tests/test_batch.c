/*
 * test_batch.c — `lumpsum plan --batch` as a user runs it: every model of a folder planned,
 * a broken one reported by name, what is no model (and a workbook beside its own folder)
 * left out with a warning, and a row whose clients have no place reading so.
 */
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
#include <jansson.h>

#include "fixture.h"

/* plan --batch: every model directory planned, a broken one reported by name with its
 * position, exit code 1 (the most serious of the models'); the CSV has a row per model. */
static void test_plan_batch(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-batch-XXXXXX", cmd[1024];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cp -r %s/dalfsen %s/a_dalfsen && cp -r %s/brunssum %s/b_brunssum && "
             "cp -r %s/dalfsen %s/c_broken && sed -i '3s/,[0-9.]*$/,abc/' "
             "%s/c_broken/segments.csv && mkdir %s/.hidden && touch %s/notes.txt && "
             "cp %s/brunssum.xlsx %s/d_brunssum.xlsx && touch '%s/~$d_brunssum.xlsx'",
             fx_data_dir(), dir, fx_data_dir(), dir, fx_data_dir(), dir, dir, dir, dir,
             fx_data_dir(), dir, dir);
    assert_int_equal(system(cmd), 0);
    char args[512];
    /* the folders and the workbook are models; the hidden folder, the text file and the
     * spreadsheet's lock file beside the workbook are not */
    snprintf(args, sizeof args, "plan --batch %s --threads 2 --out %s/batch.csv", dir, dir);
    fx_expect(args, 1, "3 planned (0 underfunded), 1 without a plan", NULL);
    fx_expect(args, 1, "c_broken/segments.csv:3:10: max_tariff: 'abc' is not a number", NULL);
    char path[512], line[1024];
    snprintf(path, sizeof path, "%s/batch.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int rows = 0, ok = 0;
    while (fgets(line, sizeof line, f)) {
        rows++;
        ok += strstr(line, ",0,funded,") != NULL;
    }
    fclose(f);
    assert_int_equal(rows, 5); /* header, a_dalfsen, b_brunssum, c_broken, d_brunssum.xlsx */
    assert_int_equal(ok, 3);
    /* --json: every model, the planned ones with their figures */
    snprintf(args, sizeof args, "plan --batch %s --json", dir);
    fx_expect(args, 1, "\"model\": \"a_dalfsen\"", NULL);
    fx_expect(args, 1, "\"served_clients\": 289", NULL);
    fx_expect(args, 1, "\"model\": \"c_broken\"", NULL);
    /* usage: --batch takes no MODEL; an empty directory has no models */
    snprintf(args, sizeof args, "plan --batch %s %s/dalfsen", dir, fx_data_dir());
    fx_expect(args, 2, NULL, "--batch DIR takes no MODEL");
    snprintf(cmd, sizeof cmd, "rm -rf %s/* && mkdir -p %s/empty", dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(args, sizeof args, "plan --batch %s/empty", dir);
    fx_expect(args, 2, NULL, "holds no models (model folders or workbooks)");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A --set that a model does not take is bad usage of the command line, not of the model's
 * files: its row says it came from --set (in the text and in --json), and bad usage ranks
 * above bad input: a broken model a (exit 1) beside Zaltbommel b, whose own year 2016 the
 * key budget gives, so that --set budget.2016 is refused there (exit 2), exits 2 (4, 3, 2,
 * 1 from most to least serious). With every model refusing it, each row says so. */
static void test_batch_set_error_is_said_of_set(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-bset-XXXXXX", cmd[1024], args[600];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cp -r %s/dalfsen %s/a && cp -r %s/zaltbommel %s/b && "
             "sed -i '3s/,[0-9.]*$/,abc/' %s/a/segments.csv",
             fx_data_dir(), dir, fx_data_dir(), dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(args, sizeof args, "plan --batch %s --set budget.2016=1", dir);
    fx_expect(args, 2, "a/segments.csv:3:10: max_tariff: 'abc' is not a number", NULL);
    fx_expect(args, 2, "--set: budget.2016 (€ 1.00) is the budget of the model's own year", NULL);
    snprintf(args, sizeof args, "plan --batch %s --json --set budget=-1", dir);
    fx_expect(args, 2, "\"error\": \"--set: budget must be > 0, not -1\"", NULL);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A folder with no models to plan is named in its message, with what it is: an empty one,
 * one whose every entry is left out (the warnings said first), a model folder given in
 * place of a folder of models, and a folder that is not there ("lumpsum plan: holds no
 * models" named none of them). */
static void test_batch_without_models_names_the_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-batch-none-XXXXXX", cmd[1024], args[600], want[700];
    assert_non_null(mkdtemp(dir));
    snprintf(args, sizeof args, "plan --batch %s", dir);
    snprintf(want, sizeof want, "lumpsum: %s: holds no models (model folders or workbooks)\n",
             dir);
    fx_expect(args, 2, NULL, want);
    snprintf(cmd, sizeof cmd, "mkdir %s/notes", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(want, sizeof want,
             "%s/notes: warning: not a model (no segments.csv or contracts.csv): left out of "
             "the batch\nlumpsum: %s: holds no models (model folders or workbooks)\n",
             dir, dir);
    fx_expect(args, 2, NULL, want);
    snprintf(args, sizeof args, "plan --batch %s/dalfsen", fx_data_dir());
    snprintf(want, sizeof want,
             "lumpsum: %s/dalfsen: is a model itself, not a folder of models: plan it with "
             "lumpsum plan %s/dalfsen\n",
             fx_data_dir(), fx_data_dir());
    fx_expect(args, 2, NULL, want);
    snprintf(args, sizeof args, "plan --batch %s/none", dir);
    snprintf(want, sizeof want, "lumpsum: %s/none: no such folder\n", dir);
    fx_expect(args, 2, NULL, want);
    /* a workbook is a model too */
    snprintf(args, sizeof args, "plan --batch %s/brunssum.xlsx", fx_data_dir());
    snprintf(want, sizeof want,
             "lumpsum: %s/brunssum.xlsx: is a model itself, not a folder of models: plan it "
             "with lumpsum plan %s/brunssum.xlsx\n",
             fx_data_dir(), fx_data_dir());
    fx_expect(args, 2, NULL, want);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A batch's row, too: IJmond at a wage index of 0.2 places none of its 2,702 clients; its
 * status reads "funded, unmet" (demand unmet in batch.csv and --json), and the closing lines
 * count the model, since required leaves their care out. */
static void test_batch_row_status_tells_unmet(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-batch-unmet-XXXXXX", cmd[1024];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "cp -r %s/ijmond %s/ijmond", fx_data_dir(), dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "plan --batch %s --set wage_index=0.2 --out %s/batch.csv", dir, dir);
    fx_expect(cmd, 0, "  ijmond                   funded, unmet ", NULL);
    fx_expect(cmd, 0,
              "1 planned (0 underfunded), 0 without a plan.\n1 model leaves clients without a "
              "place (unmet); required does not count their care.\n",
              NULL);
    /* and its warnings, as plan prints them: the first ten contracts the wage index took
     * above their max_tariff, then a count of the other 93 (it printed none) */
    fx_expect(cmd, 0, NULL,
              "/ijmond/contracts.csv:2:1: warning: contract (ij1, hbh_vel_l_b) cannot be used: "
              "its floor tariff € 266.89 exceeds the segment's max_tariff € 247.64 a client a "
              "month\n");
    fx_expect(cmd, 0, NULL,
              "\nijmond: warning: 93 more warnings are not shown here (lumpsum check, given "
              "the same --set, lists them all)\n");
    char path[600];
    snprintf(path, sizeof path, "%s/batch.csv", dir);
    char *csv = fx_slurp(path);
    assert_non_null(strstr(csv, "model,exit_code,status,demand,budget,"));
    assert_non_null(strstr(csv, "\nijmond,0,funded,unmet,10163000.00,"));
    free(csv);
    snprintf(cmd, sizeof cmd, "plan --batch %s --set wage_index=0.2 --json", dir);
    fx_expect(cmd, 0, "\"demand\": \"unmet\"", NULL);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* plan --batch on a folder like data/: a folder of wage tables (no segments.csv, no
 * contracts.csv) is not a model that failed but no model, and a workbook b.xlsx beside the
 * model folder b is the same municipality written twice: both are left out with a warning,
 * so that the batch exits 0 and counts b's budget once (1,153,000 for a + 2,849,000 for b =
 * 4,002,000 in total). */
static void test_plan_batch_leaves_out_what_is_no_model(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-batch-out-XXXXXX", cmd[1400];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cp -r %s/dalfsen %s/a && cp -r %s/brunssum %s/b && cp %s/brunssum.xlsx %s/b.xlsx "
             "&& cp -r %s/cao %s/cao",
             fx_data_dir(), dir, fx_data_dir(), dir, fx_data_dir(), dir, fx_data_dir(), dir);
    assert_int_equal(system(cmd), 0);
    char args[600], want[600];
    snprintf(args, sizeof args, "plan --batch %s --out %s/batch.csv", dir, dir);
    fx_expect(args, 0, "lumpsum plan --batch", NULL);
    fx_expect(args, 0, "  total                                       4,002,000.00 ", NULL);
    fx_expect(args, 0, "2 planned (0 underfunded), 0 without a plan.\n2 entries of ", NULL);
    snprintf(want, sizeof want,
             "%s/b.xlsx: warning: the model folder b has the same name: taken as the same model "
             "and left out of the batch, so that it counts once",
             dir);
    fx_expect(args, 0, NULL, want);
    snprintf(want, sizeof want,
             "%s/cao: warning: not a model (no segments.csv or contracts.csv): left out of the "
             "batch\n",
             dir);
    fx_expect(args, 0, NULL, want);
    char path[600];
    snprintf(path, sizeof path, "%s/batch.csv", dir);
    char *csv = fx_slurp(path);
    assert_non_null(strstr(csv, "\na,0,funded,"));
    assert_non_null(strstr(csv, "\nb,0,funded,"));
    assert_null(strstr(csv, "b.xlsx"));
    assert_null(strstr(csv, "cao"));
    free(csv);
    /* a folder that has a model's table but is broken is still a model without a plan */
    snprintf(cmd, sizeof cmd,
             "rm -rf %s/b %s/b.xlsx && mkdir %s/c && cp %s/dalfsen/segments.csv "
             "%s/c/",
             dir, dir, dir, fx_data_dir(), dir);
    assert_int_equal(system(cmd), 0);
    snprintf(args, sizeof args, "plan --batch %s", dir);
    fx_expect(args, 1, "1 planned (0 underfunded), 1 without a plan.\n1 entry of ", NULL);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_batch),
        cmocka_unit_test(test_batch_set_error_is_said_of_set),
        cmocka_unit_test(test_plan_batch_leaves_out_what_is_no_model),
        cmocka_unit_test(test_batch_without_models_names_the_folder),
        cmocka_unit_test(test_batch_row_status_tells_unmet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
