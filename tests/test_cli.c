/*
 * test_cli.c — the `lumpsum` command as a user runs it: exit codes, the
 * FILE:LINE:COLUMN messages on stderr, --help, --version, --json, and every bundled example.
 */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "fixture.h"

static void test_version_and_help(void **state)
{
    (void)state;
    fx_expect("--version", 0, "lumpsum 0.", NULL);
    fx_expect("--help", 0, "usage: lumpsum", NULL);
    fx_expect("check --help", 0, "usage: lumpsum check", NULL);
}

static void test_bad_usage_exits_2(void **state)
{
    (void)state;
    fx_expect("", 2, NULL, "usage");
    fx_expect("frobnicate", 2, NULL, "unknown command 'frobnicate'\n");
    /* a near miss (two letters swapped, or the case) is named */
    fx_expect("plna", 2, NULL, "unknown command 'plna' (did you mean 'plan'?)\n");
    fx_expect("Risk", 2, NULL, "unknown command 'Risk' (did you mean 'risk'?)\n");
    fx_expect("check", 2, NULL, "expected one MODEL");
    fx_expect("check --bogus x", 2, NULL, "usage");
    /* an unknown option is told once, by getopt, then the usage (export added "bad option") */
    char *out, *err;
    assert_int_equal(fx_run("export x --years 2", &out, &err), 2);
    if (!strstr(err, "unrecognized option '--years'\nusage: lumpsum export"))
        fail_msg("stderr: %s", err);
    free(out);
    free(err);
}

static void test_every_bundled_example_passes_check(void **state)
{
    (void)state;
    const char *models[] = {"dalfsen", "zaltbommel", "brunssum", "drechtsteden", "ijmond"};
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        char args[512];
        snprintf(args, sizeof args, "check %s/%s", fx_data_dir(), models[i]);
        fx_expect(args, 0, "is valid", NULL);
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
    fx_expect(args, 1, NULL, want);
    /* the path is reported exactly as given, trailing slash and all */
    snprintf(args, sizeof args, "check %s/", dir);
    fx_expect(args, 1, NULL, want);
    fx_remove(dir);
}

/* A model path that is not there (mistyped, or a workbook not yet saved) is one line, the
 * path as given, exit 1, for every command that reads a model: not a missing file for each
 * table, nor a key missing from the budget that was never read. */
static void test_missing_model_is_one_line(void **state)
{
    (void)state;
    const char *const commands[] = {
        "check %s",
        "plan %s",
        "plan %s --years 2 --json",
        "sweep %s --param budget --from 1 --to 2 --steps 2",
        "risk %s --runs 3",
        "export %s --format mps",
    };
    const char *const paths[] = {"/nonexistent/model", "/tmp/lumpsum-no-such-model.xlsx",
                                 LS_SOURCE_DIR "/README.md/model"};
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        for (size_t k = 0; k < sizeof paths / sizeof *paths; k++) {
            char args[300], want[300], *out, *err;
            snprintf(args, sizeof args, commands[i], paths[k]);
            snprintf(want, sizeof want, "lumpsum: %s: no such model folder or workbook\n",
                     paths[k]);
            int rc = fx_run(args, &out, &err);
            if (rc != 1 || strcmp(err, want) != 0 || *out)
                fail_msg("lumpsum %s: exit %d (want 1)\nstderr: %s\nwant: %s", args, rc, err, want);
            free(out);
            free(err);
        }
    /* a folder that is there but lacks a table still names the file */
    fx_file no_budget = {"budget.csv", ""};
    char *dir = fx_model(&no_budget, 1), args[300], want[300];
    snprintf(args, sizeof args, "check %s", dir);
    snprintf(want, sizeof want, "%s/budget.csv:1:1: the file is missing", dir);
    fx_expect(args, 1, NULL, want);
    fx_remove(dir);
}

/* Runs `lumpsum ARGS >/dev/full` (a full disk under standard output): the exit code, and
 * stderr in *err. */
static int run_to_full(const char *args, char **err)
{
    char e[] = "/tmp/lumpsum-err-XXXXXX", cmd[1200];
    close(mkstemp(e));
    snprintf(cmd, sizeof cmd, "%s %s >/dev/full 2>%s </dev/null", LS_BINARY, args, e);
    int status = system(cmd);
    *err = fx_slurp(e);
    unlink(e);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* As run_to_full, into a pipe whose reader has gone (`lumpsum plan … | head -c 10`): the
 * read end is closed before the run, so every write fails. */
static int run_to_closed_pipe(const char *args, char **err)
{
    char e[] = "/tmp/lumpsum-err-XXXXXX", cmd[1200];
    close(mkstemp(e));
    snprintf(cmd, sizeof cmd, "%s %s 2>%s </dev/null", LS_BINARY, args, e);
    int p[2], saved = dup(1);
    assert_int_equal(pipe(p), 0);
    close(p[0]);
    fflush(stdout);
    dup2(p[1], 1);
    close(p[1]);
    /* the program meets a pipe's end as a shell gives it one: SIGPIPE at its default (a
     * runner that ignores it would pass that on, and hide a program that does not) */
    void (*was)(int) = signal(SIGPIPE, SIG_DFL);
    int status = system(cmd);
    signal(SIGPIPE, was);
    dup2(saved, 1);
    close(saved);
    *err = fx_slurp(e);
    unlink(e);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* What cannot be written to standard output is said, and the run fails (exit 4), for every
 * command and --json: a report lost on a full disk, or to a reader that has gone, is no
 * success. */
static void test_stdout_write_error_exits_4(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    const char *const commands[] = {
        "check %s/brunssum",
        "check %s/brunssum --json",
        "plan %s/brunssum",
        "plan %s/brunssum --json",
        "sweep %s/brunssum --param budget --from 2e6 --to 3e6 --steps 2",
        "risk %s/brunssum --runs 3",
        "export %s/drechtsteden --format mps",
        "plan --batch %s",
        "--help",
    };
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        char args[600], *err;
        snprintf(args, sizeof args, commands[i], fx_data_dir());
        int rc = run_to_full(args, &err);
        if (rc != 4 || !strstr(err, "lumpsum: cannot write the standard output"))
            fail_msg("lumpsum %s >/dev/full: exit %d (want 4)\nstderr: %s", args, rc, err);
        free(err);
        rc = run_to_closed_pipe(args, &err);
        if (rc != 4 || !strstr(err, "lumpsum: cannot write the standard output"))
            fail_msg("lumpsum %s | (closed): exit %d (want 4)\nstderr: %s", args, rc, err);
        free(err);
    }
}

static void test_set_bad_key_exits_2(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char args[300];
    snprintf(args, sizeof args, "check %s --set budjet=5", dir);
    fx_expect(args, 2, NULL, "unknown key 'budjet'");
    snprintf(args, sizeof args, "check %s --set budget", dir);
    fx_expect(args, 2, NULL, "--set 'budget' is not KEY=VALUE");
    /* the space read the number as a second MODEL: the --set is named first */
    snprintf(args, sizeof args, "plan %s --set budget 5", dir);
    fx_expect(args, 2, NULL, "--set 'budget' is not KEY=VALUE");
    snprintf(args, sizeof args, "check %s --set budget=123456", dir);
    fx_expect(args, 0, "123,456.00", NULL);
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
    assert_near(json_real_value(json_object_get(json_array_get(classes, 1), "min")),
                       856.4705882352941, 1e-9);
    json_decref(doc);
    free(out);
    fx_remove(dir);
}

/* Nothing but the report on the standard output: a plan whose break-even is found beside its
 * rows (on a thread of its own, with a GLPK environment of its own) and whose stage 2 scales
 * its LP (a min_budget, a domain ceiling) printed GLPK's "Scaling..." lines there, before the
 * JSON. Zaltbommel with lok01 (in both domains) given a min_budget and youth care a ceiling. */
static void test_plan_stdout_is_the_report_alone(void **state)
{
    (void)state;
    char a[] = "/tmp/lumpsum-quiet-XXXXXX", cmd[700], args[600], *out = NULL;
    assert_non_null(mkdtemp(a));
    snprintf(cmd, sizeof cmd,
             "cp -r %s/zaltbommel %s/m && sed -i 's/^\\(lok01,[^,]*,[^,]*,[^,]*,[^,]*\\),,/"
             "\\1,20000,/' %s/m/providers.csv && grep -q '^lok01,[^,]*,[^,]*,[^,]*,[^,]*,20000,' "
             "%s/m/providers.csv",
             fx_data_dir(), a, a, a);
    assert_int_equal(system(cmd), 0);
    snprintf(args, sizeof args, "plan %s/m --set budget.jeugd=800000 --json", a);
    assert_int_equal(fx_run(args, &out, NULL), 0);
    json_error_t jerr;
    json_t *doc = json_loads(out, 0, &jerr);
    if (!doc)
        fail_msg("not JSON: %s\n%.300s", jerr.text, out);
    json_decref(doc);
    free(out);
    snprintf(args, sizeof args, "plan %s/m --set budget.jeugd=800000", a);
    assert_int_equal(fx_run(args, &out, NULL), 0);
    if (strstr(out, "Scaling") || strstr(out, "min|aij|"))
        fail_msg("GLPK's log in the report:\n%.300s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf %s", a);
    assert_int_equal(system(cmd), 0);
}

static char *read_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s was not written", path);
    char *s = calloc(1, 65536);
    size_t n = fread(s, 1, 65535, f);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* plan --out writes its four files (docs/outputs.md). The fixture's figures (test_plan.c):
 * required 85,297.59, b_A 51,803.34, b_B 48,196.66 (rounded, they add up to 100,000.00). */
static void test_plan_writes_outputs(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char args[600], out[400];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(args, sizeof args, "plan %s --out %s", dir, out);
    fx_expect(args, 0, "FUNDED\n\nlumpsum plan", NULL);
    char *summary = read_file(out, "summary.csv");
    assert_non_null(strstr(summary, "key,value\n"));
    assert_non_null(strstr(summary, "status,funded\n"));
    assert_non_null(strstr(summary, "required,85297.59\n"));
    assert_non_null(strstr(summary, "allocated,100000.00\nunallocated,0.00\n"));
    assert_non_null(strstr(summary, "pgb_clients,0\npgb_cost,0.00\n"));
    assert_non_null(strstr(summary, "break_even_wage_index,0.172366\n"));
    char *budgets = read_file(out, "budgets.csv");
    assert_non_null(strstr(budgets, "provider,domain,floor_cost,budget,margin,capped,cut_by\n"));
    assert_non_null(strstr(budgets, "A,wmo,44187.00,51803.34,0.172366,0,\n"));
    assert_non_null(strstr(budgets, "B,jeugd,41110.59,48196.66,0.172366,0,\n"));
    assert_non_null(strstr(budgets, "B,wmo,0.00,0.00,,0,\n"));
    char *alloc = read_file(out, "allocation.csv");
    /* uur: the floor per hour is 368.2250 / 10 hours = 36.8225 */
    assert_non_null(strstr(alloc, "A,s1,10,368.2250,44187.00,uur,36.8225\n"));
    char *segs = read_file(out, "segments.csv");
    assert_non_null(strstr(segs, "segment,domain,area,demand,served,unmet,cause,marginal_cost,"
                                 "pgb_clients,pgb_cost\n"));
    assert_non_null(strstr(segs, "s1,wmo,all,10,10,0,,4418.70,0,0.00\n"));
    /* the scenario */
    assert_non_null(strstr(summary, "\ndemand,met\n"));
    assert_non_null(strstr(summary, "\nlumpsum_version," LS_VERSION "\n"));
    assert_non_null(strstr(summary, "\nsetting.budget,100000\n"));
    free(summary);
    free(budgets);
    free(alloc);
    free(segs);
    /* --json carries the same figures */
    char *json;
    snprintf(args, sizeof args, "plan --json %s", dir);
    assert_int_equal(fx_run(args, &json, NULL), 0);
    json_t *doc = json_loads(json, 0, NULL);
    assert_non_null(doc);
    assert_near(json_real_value(json_object_get(json_object_get(doc, "summary"), "required")),
                       85297.59, 1e-9);
    json_decref(doc);
    free(json);
    fx_remove(dir);
}

/* No solution is exit 3 with a reason; nothing is written. */
static void test_plan_no_solution_exits_3(void **state)
{
    (void)state;
    fx_file f = {"providers.csv",
                 "provider,cao,min_budget\nA,vvt,60000\nB,ghz,50000\n"};
    char *dir = fx_model(&f, 1);
    char args[600], out[400];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(args, sizeof args, "plan %s --out %s", dir, out);
    fx_expect(args, 3, NULL, "no solution: the providers' min_budgets add up to");
    assert_int_equal(access(out, F_OK), -1);
    fx_remove(dir);
}

/* An output path that cannot be a directory: exit 2, no partial file, no temporary left. */
static void test_plan_bad_output_path(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char args[600], cmd[700];
    snprintf(args, sizeof args, "plan %s --out %s/budget.csv", dir, dir);
    fx_expect(args, 2, NULL, "cannot");
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 5", dir);
    assert_int_equal(system(cmd), 0);
    fx_remove(dir);
}

/* plan --years 3 --out: years.csv a row a year, allocation.csv and budgets.csv with a year
 * column; a bad --years is exit 2. */
static void test_plan_years_outputs(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value\nyear,2025\nbudget,100000\nindex.wage,0.1\n"
                               "budget.2027,95000\n"};
    char *dir = fx_model(&f, 1);
    char args[600], out[400];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(args, sizeof args, "plan %s --years 3 --out %s", dir, out);
    fx_expect(args, 0, "From 2027 on, the budget no longer covers", NULL);
    char *years = read_file(out, "years.csv");
    assert_non_null(strstr(years, "year,status,demand,budget,available,required,"));
    assert_non_null(strstr(years, "\n2025,funded,met,100000.00,"));
    assert_non_null(strstr(years, "\n2027,underfunded,met,95000.00,"));
    char *alloc = read_file(out, "allocation.csv");
    assert_non_null(strstr(
        alloc, "year,provider,segment,clients,floor_tariff,floor_cost,unit,floor_per_unit\n"));
    assert_non_null(strstr(alloc, "2026,A,s1,10,"));
    char *budgets = read_file(out, "budgets.csv");
    assert_non_null(strstr(budgets, "\n2027,B,jeugd,"));
    free(years);
    free(alloc);
    free(budgets);
    snprintf(args, sizeof args, "plan %s --years 0", dir);
    fx_expect(args, 2, NULL, "--years takes a whole number");
    fx_remove(dir);
}

/* export writes an LP glpsol reads; bad usage is exit 2. */
static void test_export(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char args[600], *out;
    snprintf(args, sizeof args, "export %s --format lp", dir);
    assert_int_equal(fx_run(args, &out, NULL), 0);
    assert_non_null(strstr(out, "Minimize"));
    assert_non_null(strstr(out, "x(A,s1)"));
    assert_non_null(strstr(out, "demand(s1)"));
    free(out);
    snprintf(args, sizeof args, "export %s --format xls", dir);
    fx_expect(args, 2, NULL, "lumpsum export: --format must be lp or mps, not 'xls'\n");
    snprintf(args, sizeof args, "export %s", dir);
    fx_expect(args, 2, NULL, "expected one MODEL and --format lp or mps");
    snprintf(args, sizeof args, "export %s --format lp --stage 3", dir);
    fx_expect(args, 2, NULL, "lumpsum export: --stage must be 1 or 2, not '3'");
    fx_remove(dir);
}

/* check --threads: a generated Amsterdam (4 MB of contracts, so read in parallel) checks the
 * same on 1, 2 and 5 threads; with bad rows added the same messages come in the same order,
 * and the exit code is 1 each time; --threads 0 is bad usage. */
static void test_check_threads(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-threads-XXXXXX", args[600];
    assert_non_null(mkdtemp(dir));
    snprintf(args, sizeof args, "generate --preset amsterdam --seed 3 %s/m", dir);
    fx_expect(args, 0, "Wrote a model", NULL);
    char *want_out = NULL, *want_err = NULL;
    for (int round = 0; round < 2; round++) {
        if (round == 1) {
            /* an unknown provider, a negative count, a repeat of the first contract */
            char file[600], cmd[2400];
            snprintf(file, sizeof file, "%s/m/contracts.csv", dir);
            snprintf(cmd, sizeof cmd,
                     "sed -i '5000s/^[^,]*,/nobody,/; 90000s/,[^,]*,\\([^,]*\\)$/,-3,\\1/' %s && "
                     "sed -n 2p %s >> %s",
                     file, file, file);
            assert_int_equal(system(cmd), 0);
        }
        const int threads[] = {1, 2, 5};
        for (size_t k = 0; k < 3; k++) {
            char *out, *err;
            snprintf(args, sizeof args, "check %s/m --threads %d", dir, threads[k]);
            assert_int_equal(fx_run(args, &out, &err), round == 0 ? 0 : 1);
            if (k == 0) {
                want_out = out, want_err = err;
                if (round == 1) {
                    assert_non_null(strstr(err, "contracts.csv:5000:1: provider 'nobody'"));
                    assert_non_null(strstr(err, "contracts.csv:90000:3: current_clients must"));
                    assert_non_null(strstr(err, "appears twice (first on line 2)"));
                }
                continue;
            }
            assert_string_equal(out, want_out);
            assert_string_equal(err, want_err);
            free(out);
            free(err);
        }
        free(want_out);
        free(want_err);
    }
    snprintf(args, sizeof args, "check %s/m --threads 0", dir);
    fx_expect(args, 2, NULL, "--threads takes a whole number");
    fx_remove(dir);
}

/* generate: every preset up to midsize passes check and plans; the same seed writes
 * byte-identical files, another seed different ones; bad usage exits 2. */
static void test_generate(void **state)
{
    (void)state;
    const char *presets[] = {"village", "dalfsen", "zaltbommel", "midsize"};
    char args[600], cmd[1200];
    for (size_t i = 0; i < 4; i++) {
        char a[] = "/tmp/lumpsum-gen-XXXXXX", b[] = "/tmp/lumpsum-gen-XXXXXX";
        assert_non_null(mkdtemp(a));
        assert_non_null(mkdtemp(b));
        snprintf(args, sizeof args, "generate --preset %s --seed 7 %s/m", presets[i], a);
        fx_expect(args, 0, "Wrote a model", NULL);
        snprintf(args, sizeof args, "generate --preset %s --seed 7 %s/m", presets[i], b);
        fx_expect(args, 0, "Wrote a model", NULL);
        snprintf(cmd, sizeof cmd, "diff -r %s/m %s/m >/dev/null", a, b);
        assert_int_equal(system(cmd), 0);
        snprintf(args, sizeof args, "check %s/m", a);
        fx_expect(args, 0, "is valid", NULL);
        snprintf(args, sizeof args, "plan %s/m", a);
        fx_expect(args, 0, "FUNDED", NULL);
        snprintf(args, sizeof args, "generate --preset %s --seed 8 %s/m8", presets[i], b);
        fx_expect(args, 0, "Wrote a model", NULL);
        snprintf(cmd, sizeof cmd, "diff -r %s/m %s/m8 >/dev/null", a, b);
        assert_int_not_equal(system(cmd), 0);
        fx_remove(a);
        fx_remove(b);
    }
    /* villages of seeds 5 and 8 drew every provider of a product past one segment (db_all_l_bp,
     * 4 clients; hbh_all_l_bp, 16): the municipality contracts someone for it all the same,
     * so every client has a place (the first line says FUNDED, without "BUT ... NO PLACE") */
    for (int seed = 5; seed <= 8; seed += 3) {
        char d[] = "/tmp/lumpsum-gen-XXXXXX";
        char *out;
        assert_non_null(mkdtemp(d));
        snprintf(args, sizeof args, "generate --preset village --seed %d %s/m", seed, d);
        fx_expect(args, 0, "Wrote a model", NULL);
        snprintf(args, sizeof args, "plan %s/m", d);
        assert_int_equal(fx_run(args, &out, NULL), 0);
        if (strncmp(out, "FUNDED\n", 7) != 0)
            fail_msg("village, seed %d: %.200s", seed, out);
        free(out);
        fx_remove(d);
    }
    fx_expect("generate --preset metropolis --seed 1 /tmp/x", 2, NULL, "unknown preset");
    fx_expect("generate --preset village /tmp/x", 2, NULL, "give --seed");
    fx_expect("generate --inhabitants 5000 --seed 1 /tmp/x", 2, NULL, "give --seed");
    /* a value out of range names its option and the range */
    fx_expect("generate --inhabitants 50 --providers 3 --areas 1 --seed 1 /tmp/x", 2, NULL,
              "lumpsum generate: --inhabitants must be a whole number from 100 to 1000000000, "
              "not '50'\n");
    /* --csv spells the files --out writes: without --out a warning, the plan as before */
    char csv_args[300];
    snprintf(csv_args, sizeof csv_args, "plan %s/brunssum --csv nl", fx_data_dir());
    fx_expect(csv_args, 0, "FUNDED",
              "lumpsum plan: warning: --csv spells the files --out writes; without --out it "
              "changes nothing\n");
    /* a long option a letter away, or a longer word that begins with one: named after
     * getopt's own line (which names the command as lumpsum's), before the usage */
    fx_expect("generate --sed 1 --preset village /tmp/x", 2, NULL,
              "lumpsum generate: unrecognized option '--sed'\n"
              "lumpsum generate: did you mean --seed?\n");
    fx_expect("generate --presets village --seed 1 /tmp/x", 2, NULL,
              "lumpsum generate: did you mean --preset?\n");
    /* 100 inhabitants in one area: every segment's expected clients (the inhabitants times its
     * product's rate, split over 54 segments) round to 0 (500 give 21 clients in 16
     * segments), so nothing is written */
    char tiny[] = "/tmp/ls_tinyXXXXXX", tiny_cmd[160];
    assert_non_null(mkdtemp(tiny));
    snprintf(tiny_cmd, sizeof tiny_cmd,
             "generate --inhabitants 100 --providers 2 --areas 1 --seed 1 %s", tiny);
    fx_expect(tiny_cmd, 2, NULL,
              "lumpsum: generate: 100 inhabitants in 1 area expect too few clients: every "
              "segment rounds to none. Give more inhabitants or fewer areas\n");
    assert_int_equal(rmdir(tiny), 0); /* still empty */
    fx_expect("generate --inhabitants 6000 --providers 0 --areas 1 --seed 1 /tmp/x", 2, NULL,
              "lumpsum generate: --providers must be a whole number from 1 to 1000000, not '0'\n");
    fx_expect("generate --preset village --budget-factor -1 --seed 1 /tmp/x", 2, NULL,
              "--budget-factor must be a number above 0 and below 100, not '-1'\n");
    fx_expect("generate --preset village --budget-factor 0x10 --seed 1 /tmp/x", 2, NULL,
              "--budget-factor must be a number above 0 and below 100, not '0x10'\n");
    /* one area, one segment: counted in the singular */
    char d[] = "/tmp/lumpsum-gen1-XXXXXX";
    assert_non_null(mkdtemp(d));
    snprintf(args, sizeof args,
             "generate --inhabitants 6000 --providers 12 --areas 1 --seed 1 %s/m", d);
    fx_expect(args, 0, "Wrote a model of 6,000 inhabitants, 12 providers and 1 area to ", NULL);
    fx_remove(d);
}

/* risk: with personal budgets drawn, a run's available moves with its draw, and the report
 * says so with the runs' range beside the model's figure (Zaltbommel has pgb clients);
 * without them (Brunssum) the one figure is every run's. */
static void test_risk_available(void **state)
{
    (void)state;
    char args[600];
    snprintf(args, sizeof args, "risk %s/zaltbommel --runs 40 --seed 1", fx_data_dir());
    fx_expect(args, 0,
              "Available € 6,428,668.68 with the expected personal budgets; each run is held",
              NULL);
    snprintf(args, sizeof args, "risk %s/brunssum --runs 20 --seed 1", fx_data_dir());
    fx_expect(args, 0, "\nAvailable € 2,849,000.00.\n", NULL);
}

/* generate writes a new model only, as init does: over a folder that holds a model file it
 * says so, exit 2, and the model stays byte for byte; into an empty folder it writes. */
static void test_generate_never_over_a_model(void **state)
{
    (void)state;
    char a[] = "/tmp/lumpsum-gen-XXXXXX", args[600], want[600], cmd[512];
    assert_non_null(mkdtemp(a));
    snprintf(cmd, sizeof cmd, "cp -r %s/brunssum %s/m && cp -r %s/brunssum %s/orig", fx_data_dir(),
             a, fx_data_dir(), a);
    assert_int_equal(system(cmd), 0);
    snprintf(args, sizeof args, "generate --preset village --seed 1 %s/m", a);
    snprintf(want, sizeof want,
             "lumpsum: %s/m: already holds a model (budget.csv); generate writes a new model "
             "only (give another folder)\n",
             a);
    fx_expect(args, 2, NULL, want);
    snprintf(cmd, sizeof cmd, "diff -r %s/m %s/orig >/dev/null", a, a);
    assert_int_equal(system(cmd), 0);
    /* one model file is enough: a folder with segments.csv alone (a plan's output) */
    snprintf(cmd, sizeof cmd, "mkdir %s/seg && cp %s/brunssum/segments.csv %s/seg/", a,
             fx_data_dir(), a);
    assert_int_equal(system(cmd), 0);
    snprintf(args, sizeof args, "generate --preset village --seed 1 %s/seg", a);
    snprintf(want, sizeof want,
             "lumpsum: %s/seg: already holds segments.csv (a model's table, or a plan's output)",
             a);
    fx_expect(args, 2, NULL, want);
    assert_int_equal(fx_entries(strcat(strcpy(cmd, a), "/seg")), 1);
    /* an empty folder takes the model */
    snprintf(cmd, sizeof cmd, "%s/empty", a);
    assert_int_equal(mkdir(cmd, 0755), 0);
    snprintf(args, sizeof args, "generate --preset village --seed 1 %s", cmd);
    fx_expect(args, 0, "Wrote a model", NULL);
    assert_int_equal(fx_entries(cmd), 6);
    snprintf(cmd, sizeof cmd, "rm -rf %s", a);
    assert_int_equal(system(cmd), 0);
}

/* An output under the name of a table the model folder lacks (the fixture has no
 * indicators.csv) would be read as that table next time: refused, exit 2, nothing written;
 * the same name elsewhere is fine. */
static void test_output_never_adds_a_table(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0), args[1200], want[1200], path[600];
    snprintf(path, sizeof path, "%s/indicators.csv", dir);
    snprintf(args, sizeof args,
             "sweep %s --param budget --from 90000 --to 110000 --steps 2 --out %s", dir, path);
    snprintf(want, sizeof want,
             "lumpsum: %s: would be read as one of the model's input files (indicators.csv in "
             "%s): give another name",
             path, dir);
    fx_expect(args, 2, NULL, want);
    assert_int_not_equal(access(path, F_OK), 0);
    snprintf(args, sizeof args, "export %s --format lp -o %s", dir, path);
    fx_expect(args, 2, NULL, "would be read as one of the model's input files");
    assert_int_not_equal(access(path, F_OK), 0);
    char other[] = "/tmp/lumpsum-other-XXXXXX";
    assert_non_null(mkdtemp(other));
    snprintf(args, sizeof args, "export %s --format lp -o %s/indicators.csv", dir, other);
    fx_expect(args, 0, NULL, NULL);
    fx_remove(other);
    fx_remove(dir);
}

/* --set takes the spaces around a key and its value away, as a field of budget.csv: the year
 * " 2026" was a text label, whose next year was " 2026+1" rather than 2027. */
static void test_set_trims_spaces(void **state)
{
    (void)state;
    char args[600];
    snprintf(args, sizeof args, "plan %s/brunssum --set \"year= 2026\" --years 2", fx_data_dir());
    fx_expect(args, 0, "lumpsum plan ", NULL);
    fx_expect(args, 0, "/brunssum, year 2027\n", NULL);
    snprintf(args, sizeof args, "plan %s/brunssum --set \" budget = 3000000 \"", fx_data_dir());
    fx_expect(args, 0, "  budget        €     3,000,000.00 a year\n", NULL);
}

/* check counts a domain's segments in the singular where it has one: the fixture has one wmo
 * segment (s1, 10 clients) and one jeugd segment (s2, 4). */
static void test_check_counts_one_segment(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0), args[600];
    snprintf(args, sizeof args, "check %s", dir);
    fx_expect(args, 0, "    wmo          1 segment, 10.0 clients\n", NULL);
    fx_expect(args, 0, "    jeugd        1 segment, 4.0 clients\n", NULL);
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
        cmocka_unit_test(test_plan_stdout_is_the_report_alone),
        cmocka_unit_test(test_check_counts_one_segment),
        cmocka_unit_test(test_check_threads),
        cmocka_unit_test(test_plan_writes_outputs),
        cmocka_unit_test(test_plan_no_solution_exits_3),
        cmocka_unit_test(test_plan_bad_output_path),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_plan_years_outputs),
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_risk_available),
        cmocka_unit_test(test_generate_never_over_a_model),
        cmocka_unit_test(test_output_never_adds_a_table),
        cmocka_unit_test(test_missing_model_is_one_line),
        cmocka_unit_test(test_stdout_write_error_exits_4),
        cmocka_unit_test(test_set_trims_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
