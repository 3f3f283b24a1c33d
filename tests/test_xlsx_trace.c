/*
 * test_xlsx_trace.c — a euro traced through the plan workbook: the floor of every placed
 * contract recomputed from the input cells its formulas refer to (the wage, the provider's
 * cost fractions, the hours, the index factor, the other costs) equals the planner's floor to
 * the cent, and so does the formula's cached value; each provider's floor cost and budget are
 * the CSV's; the domains' totals against their ceilings; the Settings sheet; Providers by
 * year; the sweep's parameter never rounded; and all of it in Dutch.
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
#include "xlsx_read.h"

static char *temp_dir(void)
{
    static char d[64];
    snprintf(d, sizeof d, "/tmp/lumpsum-trace-XXXXXX");
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

/* Field k (0-based) of a CSV line without quotes. */
static double field(const char *line, int k)
{
    for (int i = 0; i < k && line; i++)
        line = strchr(line, ',') ? strchr(line, ',') + 1 : NULL;
    assert_non_null(line);
    return strtod(line, NULL);
}

/* The sheet row (1-based) of the provider id on Cost fractions. */
static unsigned fraction_row(const char *xlsx, const char *sheet, const char *id)
{
    char ref[16], text[128];
    for (unsigned r = 2; r < 100000; r++) {
        snprintf(ref, sizeof ref, "A%u", r);
        if (!*xr_text(xlsx, sheet, ref, text, sizeof text))
            break;
        if (strcmp(text, id) == 0)
            return r;
    }
    fail_msg("no provider %s on Cost fractions", id);
    return 0;
}

static double at(const char *sheet, char col, unsigned row)
{
    char ref[16];
    snprintf(ref, sizeof ref, "%c%u", col, row);
    return xr_has_value(sheet, ref) ? xr_value(sheet, ref) : 0;
}

static void test_floor_to_the_cent(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024], path[256], line[1024];
    snprintf(xlsx, sizeof xlsx, "%s/plan.xlsx", dir);
    /* Zaltbommel: two domains, living groups with other costs, per etmaal */
    snprintf(args, sizeof args, "plan %s/zaltbommel --out %s/csv --xlsx %s", fx_data_dir(), dir,
             xlsx);
    run_ok(args);
    char *tariffs = xr_sheet(xlsx, "Tariffs"), *fractions = xr_sheet(xlsx, "Cost fractions");
    char *allocation = xr_sheet(xlsx, "Allocation"), f[256], text[128];
    snprintf(path, sizeof path, "%s/csv/allocation.csv", dir);
    FILE *csv = fopen(path, "r");
    assert_non_null(csv);
    assert_non_null(fgets(line, sizeof line, csv));
    unsigned row = 2, other = 0;
    while (fgets(line, sizeof line, csv)) {
        char id[64], ref[16];
        snprintf(ref, sizeof ref, "A%u", row);
        xr_text(xlsx, tariffs, ref, id, sizeof id);
        assert_int_equal(strncmp(line, id, strlen(id)), 0); /* the same contract */
        unsigned fr = fraction_row(xlsx, fractions, id);
        /* the step formulas refer to the provider's fractions */
        snprintf(ref, sizeof ref, "H%u", row);
        snprintf(text, sizeof text, "G%u*'Cost fractions'!$D$%u", row, fr);
        assert_string_equal(xr_formula(tariffs, ref, f, sizeof f), text);
        double c = at(fractions, 'D', fr), u = at(fractions, 'E', fr);
        double o = at(fractions, 'F', fr), m = at(fractions, 'G', fr);
        double hours = at(tariffs, 'F', row), wage = at(tariffs, 'G', row);
        double index = at(tariffs, 'M', row), rest = at(tariffs, 'O', row);
        double floor = hours * wage * (1 + c) / (1 - u) * (1 + o) * (1 + m) * index + rest;
        double planned = field(line, 3); /* floor_tariff, four decimals */
        assert_near(floor, planned, 0.00006);
        assert_near(at(tariffs, 'P', row), planned, 0.00006);
        assert_near(at(allocation, 'F', row), at(tariffs, 'P', row), 1e-9);
        /* the floor cost a year: 12 × clients × floor, within a cent of the rounded CSV */
        assert_near(at(allocation, 'G', row), field(line, 4), 0.01);
        other += rest > 0;
        row++;
    }
    fclose(csv);
    assert_true(row > 100);
    assert_true(other > 0); /* living groups: other costs in the floor */
    /* every group's floor cost and budget as budgets.csv has them (to the cent) */
    char *providers = xr_sheet(xlsx, "Providers");
    snprintf(path, sizeof path, "%s/csv/budgets.csv", dir);
    csv = fopen(path, "r");
    assert_non_null(csv);
    assert_non_null(fgets(line, sizeof line, csv));
    row = 2;
    while (fgets(line, sizeof line, csv)) {
        assert_near(at(providers, 'F', row), field(line, 2), 0.01);
        assert_near(at(providers, 'G', row), field(line, 3), 0.01);
        row++;
    }
    fclose(csv);
    xr_contains(xr_formula(providers, "F2", f, sizeof f), "SUMIFS(Allocation!$G$2:$G$", "F2");
    assert_string_equal(xr_formula(providers, "G2", f, sizeof f), "F2*(1+H2)");
    /* the chart's table: names, not ids, and the chart's categories are that column */
    char *per = xr_sheet(xlsx, "Per provider");
    xr_text(xlsx, per, "B2", text, sizeof text);
    assert_string_equal(text, "Regionale instelling 4 Rivierenland");
    char *chart = xr_part(xlsx, "xl/charts/chart1.xml");
    xr_contains(chart, "'Per provider'!$B$2:$B$26", "chart1.xml");
    free(chart);
    /* the summary's required and allocated are the Providers totals; the local share */
    char *summary = xr_sheet(xlsx, "Summary");
    xr_contains(xr_formula(summary, "B6", f, sizeof f), "Providers!$F$", "B6");
    xr_contains(xr_formula(summary, "B5", f, sizeof f), "Settings!$B$", "B5 (reserve)");
    assert_near(xr_value(summary, "B5"), 6428668.68, 0.005);
    assert_near(xr_value(summary, "B6"), 5682326.62, 0.0051);
    char *strings = xr_part(xlsx, "xl/sharedStrings.xml");
    xr_contains(strings, ">Local share against its target<", "sharedStrings");
    free(strings);
    /* Settings: numbers as numbers with their meaning */
    char *settings = xr_sheet(xlsx, "Settings");
    xr_text(xlsx, settings, "A3", text, sizeof text);
    assert_string_equal(text, "lumpsum_version");
    xr_text(xlsx, settings, "A5", text, sizeof text);
    assert_string_equal(text, "budget");
    assert_near(xr_value(settings, "B5"), 7650000, 0);
    free(tariffs);
    free(fractions);
    free(allocation);
    free(providers);
    free(per);
    free(summary);
    free(settings);
    fx_remove(dir);
}

/* A domain ceiling that binds: the domain's providers and personal budgets add up to it. */
static void test_domain_ceiling(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024], f[256], text[128];
    snprintf(xlsx, sizeof xlsx, "%s/plan.xlsx", dir);
    snprintf(args, sizeof args, "plan %s/zaltbommel --set budget.jeugd=5000000 --xlsx %s",
             fx_data_dir(), xlsx);
    run_ok(args);
    char *domains = xr_sheet(xlsx, "Domains");
    xr_text(xlsx, domains, "A3", text, sizeof text);
    assert_string_equal(text, "jeugd");
    xr_contains(xr_formula(domains, "C3", f, sizeof f), "SUMIF(Providers!$C$2:$C$", "C3");
    xr_contains(xr_formula(domains, "D3", f, sizeof f), "SUMIF(Segments!$B$2:$B$", "D3");
    xr_contains(xr_formula(domains, "F3", f, sizeof f), "Settings!$B$", "F3");
    assert_near(xr_value(domains, "F3"), 5000000, 0);
    /* the ceiling holds the providers' budgets and the personal budgets, to the cent */
    assert_near(xr_value(domains, "E3"), xr_value(domains, "C3") + xr_value(domains, "D3"),
                1e-6);
    assert_near(xr_value(domains, "E3"), 5000000, 0.01);
    xr_text(xlsx, domains, "H3", text, sizeof text);
    assert_string_equal(text, "the ceiling binds: floors are cut");
    xr_text(xlsx, domains, "H2", text, sizeof text);
    assert_string_equal(text, "no ceiling");
    free(domains);
    fx_remove(dir);
}

static void test_providers_by_year(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024], path[256], line[1024], text[128];
    snprintf(xlsx, sizeof xlsx, "%s/years.xlsx", dir);
    snprintf(args, sizeof args, "plan %s/zaltbommel --years 3 --out %s/csv --xlsx %s",
             fx_data_dir(), dir, xlsx);
    run_ok(args);
    char *sheet = xr_sheet(xlsx, "Providers by year");
    xr_text(xlsx, sheet, "D1", text, sizeof text);
    assert_string_equal(text, "Budget 2016 (€)");
    xr_text(xlsx, sheet, "F1", text, sizeof text);
    assert_string_equal(text, "Budget 2018 (€)");
    /* the totals row's budget per year is years.csv's allocated */
    snprintf(path, sizeof path, "%s/csv/years.csv", dir);
    FILE *csv = fopen(path, "r");
    assert_non_null(csv);
    assert_non_null(fgets(line, sizeof line, csv));
    int alloc = -1, k = 0;
    for (char *t = strtok(line, ",\n"); t; t = strtok(NULL, ",\n"), k++)
        if (strcmp(t, "allocated") == 0)
            alloc = k;
    assert_true(alloc > 0);
    /* the totals row: after the groups; found by its label */
    unsigned total = 0;
    for (unsigned r = 2; r < 1000 && !total; r++) {
        char ref[16];
        snprintf(ref, sizeof ref, "A%u", r);
        if (strcmp(xr_text(xlsx, sheet, ref, text, sizeof text), "Total") == 0)
            total = r;
    }
    assert_true(total > 2);
    for (char col = 'D'; col <= 'F'; col++) {
        assert_non_null(fgets(line, sizeof line, csv));
        char ref[16];
        snprintf(ref, sizeof ref, "%c%u", col, total);
        assert_near(xr_value(sheet, ref), field(line, alloc), 0.005);
    }
    fclose(csv);
    free(sheet);
    fx_remove(dir);
}

/* The sweep's parameter keeps its decimals: 0.035 is 0.035, never 0.04. */
static void test_sweep_decimals(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024];
    snprintf(xlsx, sizeof xlsx, "%s/sweep.xlsx", dir);
    snprintf(args, sizeof args,
             "sweep %s/dalfsen --param wage_index --from 0 --to 0.1 --steps 21 --xlsx %s",
             fx_data_dir(), xlsx);
    run_ok(args);
    char *styles = xr_part(xlsx, "xl/styles.xml");
    xr_contains(styles, "formatCode=\"#,##0.000\"", "styles.xml");
    free(styles);
    char *sheet = xr_sheet(xlsx, "Sweep");
    assert_near(xr_value(sheet, "A9"), 0.035, 1e-12);
    free(sheet);
    assert_true(xr_has_sheet(xlsx, "Settings"));
    fx_remove(dir);
}

/* In Dutch: the sheets, the headers, the words and the chart's title. */
static void test_dutch(void **state)
{
    (void)state;
    char *dir = temp_dir(), xlsx[128], args[1024], text[128];
    snprintf(xlsx, sizeof xlsx, "%s/plan.xlsx", dir);
    snprintf(args, sizeof args, "plan --lang nl %s/drechtsteden --xlsx %s", fx_data_dir(), xlsx);
    run_ok(args);
    const char *sheets[] = {"Samenvatting", "Grafiek",  "Domeinen", "Aanbieders",
                            "Per aanbieder", "Toewijzing", "Tarieven", "Opslagen",
                            "Segmenten",    "Uitgangspunten"};
    for (size_t i = 0; i < sizeof sheets / sizeof *sheets; i++)
        if (!xr_has_sheet(xlsx, sheets[i]))
            fail_msg("no sheet %s", sheets[i]);
    char *summary = xr_sheet(xlsx, "Samenvatting");
    xr_text(xlsx, summary, "B2", text, sizeof text);
    assert_string_equal(text, "ontoereikend");
    free(summary);
    char *tariffs = xr_sheet(xlsx, "Tarieven"), f[256];
    xr_text(xlsx, tariffs, "P1", text, sizeof text);
    assert_string_equal(text, "Bodem (€/maand)");
    xr_contains(xr_formula(tariffs, "H2", f, sizeof f), "Opslagen!$D$", "H2");
    free(tariffs);
    char *chart = xr_part(xlsx, "xl/charts/chart1.xml");
    xr_contains(chart, "Bodemkosten en budget per aanbieder", "chart1.xml");
    xr_contains(chart, "ontoereikend", "chart1.xml");
    free(chart);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_floor_to_the_cent), cmocka_unit_test(test_domain_ceiling),
        cmocka_unit_test(test_providers_by_year), cmocka_unit_test(test_sweep_decimals),
        cmocka_unit_test(test_dutch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
