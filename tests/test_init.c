/*
 * test_init.c — `lumpsum init`: the template it writes (a workbook, in English and in Dutch,
 * or a CSV folder) passes `lumpsum check` and plans; its sheets carry a comment on every
 * column and drop-down lists; init never writes over an existing path.
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

#include "fixture.h"
#include "xlsx_read.h"

static char *temp_dir(void)
{
    static char d[64];
    snprintf(d, sizeof d, "/tmp/lumpsum-init-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

/* Runs lumpsum ARGS and expects exit code rc; returns stdout + stderr (malloc'd). */
static char *run(const char *args, int rc)
{
    char *out, *err;
    int got = fx_run(args, &out, &err);
    if (got != rc)
        fail_msg("lumpsum %s: exit %d, expected %d\n%s%s", args, got, rc, out, err);
    size_t n = strlen(out) + strlen(err) + 1;
    char *both = malloc(n);
    assert_non_null(both);
    snprintf(both, n, "%s%s", out, err);
    free(out);
    free(err);
    return both;
}

/* init TARGET (in lang), check it (no warning), plan it with a workbook. */
static void round_trip(const char *dir, const char *target, const char *lang)
{
    char args[1024];
    snprintf(args, sizeof args, "init --lang %s %s/%s", lang, dir, target);
    free(run(args, 0));
    snprintf(args, sizeof args, "check --lang %s %s/%s", lang, dir, target);
    char *text = run(args, 0);
    if (strstr(text, "warning") || strstr(text, "waarschuwing"))
        fail_msg("check warns:\n%s", text);
    free(text);
    snprintf(args, sizeof args, "plan --lang %s %s/%s --xlsx %s/plan-%s.xlsx", lang, dir,
             target, dir, lang);
    text = run(args, 0);
    /* the example's budget covers it */
    xr_contains(text, strcmp(lang, "nl") == 0 ? "BUDGET TOEREIKEND" : "FUNDED", "plan's report");
    free(text);
}

static void test_workbook_english(void **state)
{
    (void)state;
    char *dir = temp_dir(), path[256];
    round_trip(dir, "model.xlsx", "en");
    snprintf(path, sizeof path, "%s/model.xlsx", dir);
    const char *sheets[] = {"segments", "wages", "providers", "contracts", "budget",
                            "indicators"};
    for (size_t i = 0; i < 6; i++)
        assert_true(xr_has_sheet(path, sheets[i]));
    /* a comment on each header cell, with its meaning and unit */
    char *comments = xr_part(path, "xl/comments1.xml");
    xr_contains(comments, "Expected average number of clients in the budget year", "comments");
    free(comments);
    /* drop-down lists: the words of intensity, and the scales of the wages sheet */
    char *segments = xr_sheet(path, "segments"), text[128];
    xr_contains(segments, "<formula1>\"licht,matig,zwaar\"</formula1>", "segments");
    xr_contains(segments, "<formula1>wages!$B$2:$B$2000</formula1>", "segments");
    assert_string_equal(xr_text(path, segments, "C1", text, sizeof text), "intensity");
    assert_string_equal(xr_text(path, segments, "C2", text, sizeof text), "matig");
    free(segments);
    char *providers = xr_sheet(path, "providers");
    assert_string_equal(xr_text(path, providers, "D2", text, sizeof text), "yes");
    xr_contains(providers, "<formula1>\"yes,no\"</formula1>", "providers");
    free(providers);
    char *budget = xr_sheet(path, "budget");
    xr_contains(budget, "<formula1>\"equal,quality\"</formula1>", "budget");
    free(budget);
    fx_remove(dir);
}

static void test_workbook_dutch(void **state)
{
    (void)state;
    char *dir = temp_dir(), path[256];
    round_trip(dir, "begroting.xlsx", "nl");
    snprintf(path, sizeof path, "%s/begroting.xlsx", dir);
    const char *sheets[] = {"segmenten", "lonen", "aanbieders", "contracten", "begroting",
                            "indicatoren"};
    for (size_t i = 0; i < 6; i++)
        assert_true(xr_has_sheet(path, sheets[i]));
    char *comments = xr_part(path, "xl/comments1.xml");
    xr_contains(comments, "cliënten", "comments");
    free(comments);
    char *providers = xr_sheet(path, "aanbieders"), text[128];
    assert_string_equal(xr_text(path, providers, "D2", text, sizeof text), "ja");
    xr_contains(providers, "<formula1>\"ja,nee\"</formula1>", "aanbieders");
    xr_contains(providers, "<formula1>lonen!$A$2:$A$2000</formula1>", "aanbieders");
    free(providers);
    /* the plan's workbook in Dutch too */
    snprintf(path, sizeof path, "%s/plan-nl.xlsx", dir);
    assert_true(xr_has_sheet(path, "Samenvatting"));
    assert_true(xr_has_sheet(path, "Uitgangspunten"));
    fx_remove(dir);
}

static void test_folder(void **state)
{
    (void)state;
    char *dir = temp_dir(), path[256];
    round_trip(dir, "model", "en");
    round_trip(dir, "model-nl", "nl");
    snprintf(path, sizeof path, "%s/model/segments.csv", dir);
    char *text = fx_slurp(path);
    xr_contains(text, "# clients: Expected average number of clients", "segments.csv");
    xr_contains(text, "\nsegment,product,intensity,complexity,", "segments.csv");
    free(text);
    snprintf(path, sizeof path, "%s/model-nl/providers.csv", dir);
    text = fx_slurp(path);
    xr_contains(text, "zorg_a,Zorg A,ghz,ja,", "providers.csv");
    free(text);
    fx_remove(dir);
}

/* A folder's budget.csv is separated by ',': its comment on the value offers no spelling that
 * file refuses (50% and 0,5 are a workbook's and a ';' file's), in either language */
static void test_folder_value_spellings(void **state)
{
    (void)state;
    const char *langs[] = {"en", "nl"};
    char *dir = temp_dir(), args[512], path[256];
    for (int l = 0; l < 2; l++) {
        snprintf(args, sizeof args, "init --lang %s %s/%s", langs[l], dir, langs[l]);
        free(run(args, 0));
        snprintf(path, sizeof path, "%s/%s/budget.csv", dir, langs[l]);
        char *text = fx_slurp(path), *line = strstr(text, "# value: ");
        assert_non_null(line);
        *strchr(line, '\n') = '\0';
        if (!strstr(line, "0.5") || strchr(line, '%') || strstr(line, "0,5"))
            fail_msg("%s: %s", path, line);
        free(text);
    }
    fx_remove(dir);
}

/* An existing path is never written over; a bad use is exit 2. */
static void test_refuses(void **state)
{
    (void)state;
    char *dir = temp_dir(), args[512];
    snprintf(args, sizeof args, "%s/old.xlsx", dir);
    fx_write(dir, "old.xlsx", "mine\n");
    snprintf(args, sizeof args, "init %s/old.xlsx", dir);
    char *text = run(args, 2);
    xr_contains(text, "old.xlsx: already exists", "stderr");
    free(text);
    char path[256];
    snprintf(path, sizeof path, "%s/old.xlsx", dir);
    text = fx_slurp(path);
    assert_string_equal(text, "mine\n");
    free(text);
    free(run("init", 2));
    snprintf(args, sizeof args, "init %s/a.xlsx %s/b.xlsx", dir, dir);
    free(run(args, 2));
    assert_int_equal(fx_entries(dir), 1);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_english),
        cmocka_unit_test(test_workbook_dutch),
        cmocka_unit_test(test_folder),
        cmocka_unit_test(test_folder_value_spellings),
        cmocka_unit_test(test_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
