/*
 * test_xlsx.c — the Excel workbooks of plan, sweep and risk (--xlsx), read back: an .xlsx is
 * a zip of XML parts, unpacked here with unzip. Checked: the sheet names, cells against the
 * CSV output of the same run (the totals row's formula and its value, the first allocation
 * row, the summary's status), that each chart exists and refers to the right ranges, and
 * that a bad path exits 2 and leaves no file behind.
 */
#include <dirent.h>
#include <math.h>
#include <sys/stat.h>
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
#include "xlsx_read.h"

#define part xr_part
#define contains xr_contains
#define cell_value xr_value

/* The value of key in a summary.csv ("key,value" lines). */
static double summary_value(const char *dir, const char *key)
{
    char path[512], line[256];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    double v = 0;
    int found = 0;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ',')
            v = strtod(line + kl + 1, NULL), found = 1;
    fclose(f);
    assert_true(found);
    return v;
}

static char *temp_dir(void)
{
    static char dirs[4][64];
    static int k;
    char *d = dirs[k++ % 4];
    snprintf(d, 64, "/tmp/lumpsum-xlsx-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static void run_ok(const char *args)
{
    char *out, *err;
    int rc = fx_run(args, &out, &err);
    if (rc != 0)
        fail_msg("lumpsum %s: exit %d\n%s%s", args, rc, out, err);
    free(out);
    free(err);
}

static void test_plan_workbook(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024];
    snprintf(xlsx, sizeof xlsx, "%s/plan.xlsx", dir);
    /* Drechtsteden is underfunded: the cut shows, the status is highlighted as bad */
    snprintf(args, sizeof args, "plan %s/drechtsteden --out %s/csv --xlsx %s", fx_data_dir(),
             dir, xlsx);
    run_ok(args);
    char *wb = part(xlsx, "xl/workbook.xml");
    const char *sheets[] = {"Summary", "Chart",      "Domains",        "Providers", "Per provider",
                            "Allocation", "Tariffs", "Cost fractions", "Segments",  "Settings"};
    for (size_t i = 0; i < sizeof sheets / sizeof *sheets; i++) {
        char tag[64];
        snprintf(tag, sizeof tag, "<sheet name=\"%s\"", sheets[i]);
        contains(wb, tag, "workbook.xml");
    }
    /* Summary: the status in words */
    char *strings = part(xlsx, "xl/sharedStrings.xml");
    contains(strings, ">underfunded<", "sharedStrings.xml");
    char *summary = xr_sheet(xlsx, "Summary");
    char csv[160];
    snprintf(csv, sizeof csv, "%s/csv", dir);
    /* row 5 is available (after the header, Status, Year, Budget): the CSV's figure */
    assert_true(fabs(cell_value(summary, "B5") - summary_value(csv, "available")) < 0.005);
    /* Providers: 20 groups in rows 2..21, totals in row 22 as formulas whose values are the
     * CSV's allocated and the sum of the floors */
    char *providers = xr_sheet(xlsx, "Providers");
    contains(providers, "<f>SUM(G2:G21)</f>", "Providers");
    contains(providers, "<f>SUM(F2:F21)</f>", "Providers");
    /* Excel adds the unrounded amounts: the total is the planner's to the cent */
    assert_near(cell_value(providers, "G22"), summary_value(csv, "allocated"), 0.0051);
    assert_near(cell_value(providers, "F22"), summary_value(csv, "required"), 0.0051);
    /* Allocation: the first row's floor cost as in allocation.csv */
    char *allocation = xr_sheet(xlsx, "Allocation");
    char path[256], line[512];
    snprintf(path, sizeof path, "%s/allocation.csv", csv);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    /* provider,segment,clients,floor_tariff,floor_cost,…: the fifth field */
    const char *cost = line;
    for (int k = 0; k < 4 && cost; k++)
        cost = strchr(cost, ',') ? strchr(cost, ',') + 1 : NULL;
    assert_non_null(cost);
    /* the formula's unrounded value, within a cent of the rounded figure */
    assert_near(cell_value(allocation, "G2"), strtod(cost, NULL), 0.01);
    contains(allocation, "<f>12*E2*F2</f>", "Allocation");
    contains(allocation, "<f>Tariffs!P2</f>", "Allocation");
    /* Tariffs: the hourly is the sum of its steps, the wage part staff hours × hourly ×
     * factor, the floor the wage part plus other costs, and per unit the floor / units */
    char *tariffs = xr_sheet(xlsx, "Tariffs");
    contains(tariffs, "<f>SUM(G2:K2)</f>", "Tariffs");
    contains(tariffs, "<f>F2*L2*M2</f>", "Tariffs");
    contains(tariffs, "<f>N2+O2</f>", "Tariffs");
    contains(tariffs, "<f>P2/R2</f>", "Tariffs");
    assert_near(cell_value(tariffs, "P2"), cell_value(allocation, "F2"), 1e-9);
    assert_near(cell_value(tariffs, "S2"), cell_value(tariffs, "P2") / cell_value(tariffs, "R2"),
                1e-9);
    /* the chart: a stacked bar over the per-provider table's 20 rows */
    char *chart = part(xlsx, "xl/charts/chart1.xml");
    contains(chart, "<c:barDir val=\"bar\"/>", "chart1.xml");
    contains(chart, "<c:grouping val=\"stacked\"/>", "chart1.xml");
    /* the providers' names (column B) on the axis, not their ids */
    contains(chart, "'Per provider'!$B$2:$B$21", "chart1.xml");
    contains(chart, "'Per provider'!$G$2:$G$21", "chart1.xml");
    contains(chart, "underfunded", "chart1.xml title");
    free(wb);
    free(strings);
    free(summary);
    free(providers);
    free(allocation);
    free(tariffs);
    free(chart);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    assert_int_equal(system(args), 0);
}

static void test_years_workbook(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024];
    snprintf(xlsx, sizeof xlsx, "%s/years.xlsx", dir);
    snprintf(args, sizeof args, "plan %s/zaltbommel --years 5 --xlsx %s", fx_data_dir(), xlsx);
    run_ok(args);
    char *wb = part(xlsx, "xl/workbook.xml");
    contains(wb, "<sheet name=\"Years\"", "workbook.xml");
    contains(wb, "<sheet name=\"Years chart\"", "workbook.xml");
    contains(wb, "<sheet name=\"Providers by year\"", "workbook.xml");
    char *chart = part(xlsx, "xl/charts/chart2.xml");
    contains(chart, "<c:lineChart>", "chart2.xml");
    contains(chart, "Years!$C$2:$C$6", "chart2.xml"); /* required, five years */
    contains(chart, "Years!$D$2:$D$6", "chart2.xml"); /* available */
    free(wb);
    free(chart);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    assert_int_equal(system(args), 0);
}

static void test_sweep_workbook(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024];
    snprintf(xlsx, sizeof xlsx, "%s/sweep.xlsx", dir);
    snprintf(args, sizeof args,
             "sweep %s/zaltbommel --param budget --from 6000000 --to 9000000 --steps 31 "
             "--out %s/sweep.csv --xlsx %s",
             fx_data_dir(), dir, xlsx);
    run_ok(args);
    char *wb = part(xlsx, "xl/workbook.xml");
    contains(wb, "<sheet name=\"Chart\"", "workbook.xml");
    contains(wb, "<sheet name=\"Sweep\"", "workbook.xml");
    /* 31 steps in rows 2..32, the break-even in row 33, marked */
    char *sheet = xr_sheet(xlsx, "Sweep");
    char *strings = part(xlsx, "xl/sharedStrings.xml");
    contains(strings, ">break-even<", "sharedStrings.xml");
    double be = cell_value(sheet, "A33");
    assert_true(be > 6e6 && be < 9e6);
    assert_true(fabs(cell_value(sheet, "A2") - 6e6) < 1e-6);
    char *chart = part(xlsx, "xl/charts/chart1.xml");
    contains(chart, "<c:scatterChart>", "chart1.xml");
    contains(chart, "Sweep!$A$2:$A$32", "chart1.xml");
    contains(chart, "Sweep!$C$2:$C$32", "chart1.xml"); /* required */
    contains(chart, "Sweep!$D$2:$D$32", "chart1.xml"); /* available */
    contains(chart, "Sweep!$C$33", "chart1.xml");      /* the break-even point */
    /* (5,682,326.62 required + 456,331.32 pgb) / (1 − 0.10 reserve) = 6,820,731 */
    contains(chart, "break-even at 6,820,73", "chart1.xml title");
    free(wb);
    free(sheet);
    free(strings);
    free(chart);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    assert_int_equal(system(args), 0);
}

static void test_risk_workbook(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024];
    snprintf(xlsx, sizeof xlsx, "%s/risk.xlsx", dir);
    snprintf(args, sizeof args, "risk %s/zaltbommel --runs 300 --seed 7 --out %s/csv --xlsx %s",
             fx_data_dir(), dir, xlsx);
    run_ok(args);
    char *wb = part(xlsx, "xl/workbook.xml");
    const char *sheets[] = {"Summary", "Chart", "Quantiles", "Histogram"};
    for (size_t i = 0; i < 4; i++) {
        char tag[64];
        snprintf(tag, sizeof tag, "<sheet name=\"%s\"", sheets[i]);
        contains(wb, tag, "workbook.xml");
    }
    char csv[160];
    snprintf(csv, sizeof csv, "%s/csv", dir);
    char *summary = xr_sheet(xlsx, "Summary");
    assert_true(fabs(cell_value(summary, "B4") - summary_value(csv, "mean_need")) < 0.01);
    char *chart = part(xlsx, "xl/charts/chart1.xml");
    contains(chart, "<c:barDir val=\"col\"/>", "chart1.xml");
    contains(chart, "Histogram!$C$2", "chart1.xml");
    contains(chart, "Histogram!$E$2", "chart1.xml"); /* the runs over the available budget */
    /* each bin's label tells it from the next: Brunssum's bins are some € 30,000 wide, and
     * labelled to a tenth of a million they read 2.5–2.5 M again and again */
    snprintf(xlsx, sizeof xlsx, "%s/narrow.xlsx", dir);
    snprintf(args, sizeof args, "risk %s/brunssum --runs 200 --seed 1 --xlsx %s", fx_data_dir(),
             xlsx);
    run_ok(args);
    char *hist = xr_sheet(xlsx, "Histogram"), label[20][64];
    for (int r = 0; r < 20; r++) {
        char ref[8];
        snprintf(ref, sizeof ref, "C%d", r + 2);
        xr_text(xlsx, hist, ref, label[r], sizeof label[r]);
        for (int q = 0; q < r; q++)
            if (strcmp(label[q], label[r]) == 0)
                fail_msg("bins %d and %d are both labelled %s", q + 1, r + 1, label[r]);
    }
    free(hist);
    free(wb);
    free(summary);
    free(chart);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    assert_int_equal(system(args), 0);
}

/* A path that cannot take the workbook: exit 2, a message, no file, no temporary left. */
static void test_bad_path(void **state)
{
    (void)state;
    char *dir = temp_dir(), args[1024], *out, *err;
    snprintf(args, sizeof args, "plan %s/dalfsen --xlsx /nonexistent-lumpsum-dir/plan.xlsx",
             fx_data_dir());
    assert_int_equal(fx_run(args, &out, &err), 2);
    contains(err, "/nonexistent-lumpsum-dir/plan.xlsx: cannot write here: the folder "
                  "/nonexistent-lumpsum-dir does not exist", "stderr");
    free(out);
    free(err);
    /* the path is a directory: the temporary beside it is removed again */
    char target[128];
    snprintf(target, sizeof target, "%s/taken.xlsx", dir);
    assert_int_equal(mkdir(target, 0755), 0);
    size_t before = fx_entries(dir);
    snprintf(args, sizeof args, "sweep %s/dalfsen --param wage_index --from 0 --to 0.1 --steps 3 "
             "--xlsx %s", fx_data_dir(), target);
    assert_int_equal(fx_run(args, &out, &err), 2);
    contains(err, "/taken.xlsx: is a directory: give a file name", "stderr");
    free(out);
    free(err);
    assert_int_equal(fx_entries(dir), before);
    assert_int_equal(fx_entries(target), 0);
    /* a name without .xlsx: Excel would not open it, so it is a usage error, and no file */
    snprintf(args, sizeof args, "plan %s/dalfsen --xlsx %s/plan.xls", fx_data_dir(), dir);
    assert_int_equal(fx_run(args, &out, &err), 2);
    contains(err, "/plan.xls: a workbook's name must end in .xlsx, or Excel will not open it: "
                  "give for instance ", "stderr");
    contains(err, "/plan.xlsx\n", "stderr");
    free(out);
    free(err);
    snprintf(args, sizeof args, "risk %s/dalfsen --runs 2 --xlsx %s/risk", fx_data_dir(), dir);
    assert_int_equal(fx_run(args, &out, &err), 2);
    contains(err, "/risk.xlsx\n", "stderr");
    free(out);
    free(err);
    assert_int_equal(fx_entries(dir), before);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    assert_int_equal(system(args), 0);
}

/* The workbooks' status cells never read funded alone while clients have no place: IJmond at
 * a wage index of 0.2 places none of its clients, in a sweep's row and in a year's. */
static void test_status_cells_tell_unmet(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024];
    snprintf(xlsx, sizeof xlsx, "%s/sweep.xlsx", dir);
    snprintf(args, sizeof args,
             "sweep %s/ijmond --param wage_index --from 0 --to 0.2 --steps 2 --xlsx %s",
             fx_data_dir(), xlsx);
    run_ok(args);
    char *strings = part(xlsx, "xl/sharedStrings.xml");
    contains(strings, ">funded<", "sharedStrings.xml (the row at 0)");
    contains(strings, ">funded, unmet<", "sharedStrings.xml (the row at 0.2)");
    free(strings);
    snprintf(xlsx, sizeof xlsx, "%s/years.xlsx", dir);
    snprintf(args, sizeof args, "plan %s/ijmond --years 2 --set wage_index=0.2 --xlsx %s",
             fx_data_dir(), xlsx);
    run_ok(args);
    strings = part(xlsx, "xl/sharedStrings.xml");
    contains(strings, ">funded, unmet<", "sharedStrings.xml (the Years sheet)");
    free(strings);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    assert_int_equal(system(args), 0);
}

/* The Summary's one sentence on the division is the plan's: Brunssum divides by quality and is
 * funded, Zaltbommel divides equally and is funded, Drechtsteden is underfunded (a cut). */
static void test_summary_sentence_follows_the_plan(void **state)
{
    (void)state;
    static const struct {
        const char *model, *has, *hasnt;
    } cases[] = {
        {"brunssum", "floor plus the same quality-weighted percentage, up to its cap", "cut by"},
        {"zaltbommel", "floor plus the same percentage, up to its cap", "quality-weighted"},
        {"drechtsteden", "floor cost is cut by the same percentage", "up to its cap"},
    };
    char *dir = temp_dir(), xlsx[128], args[1024];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(xlsx, sizeof xlsx, "%s/%s.xlsx", dir, cases[i].model);
        snprintf(args, sizeof args, "plan %s/%s --xlsx %s", fx_data_dir(), cases[i].model, xlsx);
        run_ok(args);
        char *strings = part(xlsx, "xl/sharedStrings.xml");
        contains(strings, cases[i].has, cases[i].model);
        const char *at = strstr(strings, "In one sentence");
        assert_non_null(at);
        const char *end = strstr(at, "</t>");
        assert_non_null(end);
        const char *bad = strstr(at, cases[i].hasnt);
        if (bad && bad < end)
            fail_msg("%s: the sentence says '%s'", cases[i].model, cases[i].hasnt);
        free(strings);
    }
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    assert_int_equal(system(args), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_workbook),
        cmocka_unit_test(test_years_workbook),
        cmocka_unit_test(test_sweep_workbook),
        cmocka_unit_test(test_status_cells_tell_unmet),
        cmocka_unit_test(test_risk_workbook),
        cmocka_unit_test(test_bad_path),
        cmocka_unit_test(test_summary_sentence_follows_the_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
