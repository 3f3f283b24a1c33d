/*
 * test_outputs.c — the command as a user runs it at the edges: a solver that fails inside
 * GLPK, option values out of range, and output paths that are not plain files or folders.
 * Each case asserts the exit code and a whole line of stderr.
 */
#include <glpk.h>
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
#include "guard.h"
#include "lumpsum.h"

/* Does text hold line as one whole line? */
static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *s = text; (s = strstr(s, line)) != NULL; s++)
        if ((s == text || s[-1] == '\n') && (s[n] == '\n' || s[n] == '\0'))
            return 1;
    return 0;
}

/* Runs `lumpsum ARGS` (MODEL in args is the model dir, OUT a scratch dir) and asserts the
 * exit code and one whole line of stderr (NULL: nothing asked). */
static void expect_run(const char *args, int code, const char *line)
{
    char *out, *err;
    int rc = fx_run(args, &out, &err);
    if (rc != code || (line && !has_line(err, line)))
        fail_msg("lumpsum %s: exit %d (want %d)\nstderr: %s\nwanted the line: %s", args, rc,
                 code, err, line ? line : "");
    free(out);
    free(err);
}

/* ---- a GLPK failure returns ---------------------------------------------------------- */

static int misuse(void *ctx)
{
    glp_prob *lp = glp_create_prob();
    glp_add_rows(lp, 0); /* GLPK: "invalid number of rows", then abort() without a guard */
    *(int *)ctx = 1;     /* not reached */
    return LS_OK;
}

static void test_guard_returns_from_glpk_error(void **state)
{
    (void)state;
    int reached = 0, lost = 0;
    assert_int_equal(ls_guard_call(misuse, &reached, &lost), LS_EINTERNAL);
    assert_int_equal(lost, 1);
    assert_int_equal(reached, 0);
    /* GLPK works again on this thread afterwards */
    glp_prob *lp = glp_create_prob();
    assert_int_equal(glp_add_rows(lp, 2), 1);
    glp_delete_prob(lp);
    glp_free_env();
}

/* The IJmond draws that aborted the process inside GLPK (bflib/sgf.c, "k1 < k2"): the run
 * now ends (exit 0, or 4 with the failed run named), never on a signal. */
static void test_risk_never_aborts(void **state)
{
    (void)state;
    static const char *const runs[] = {
        "--runs 35 --seed 1 --wage-sd 1", "--runs 35 --seed 1 --wage-sd 2",
        "--runs 35 --seed 1 --wage-sd 10", "--runs 500 --seed 11 --dispersion 0.5 --wage-sd 1.5"};
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        char args[512], *out, *err;
        snprintf(args, sizeof args, "risk %s/ijmond %s --threads 1", fx_data_dir(), runs[i]);
        int rc = fx_run(args, &out, &err);
        if (!(rc == 0 || (rc == 4 && strstr(err, "lumpsum risk: error: the solver (GLPK) failed "
                                                 "on an internal error in run "))))
            fail_msg("lumpsum %s: exit %d\nstderr: %s", args, rc, err);
        assert_null(strstr(out, "Assertion failed"));
        free(out);
        free(err);
    }
}

/* ---- option values are checked, and named, before they are used ------------------------ */

typedef struct cli_case {
    const char *args; /* "%s" is the model directory */
    int code;
    const char *line; /* a whole line of stderr */
} cli_case;

static const cli_case option_cases[] = {
    {"risk %s --runs 10 --threads 10000", 2,
     "lumpsum risk: --threads must be a whole number from 1 to 256, not '10000'"},
    {"risk %s --runs 10 --seed abc", 2,
     "lumpsum risk: --seed must be a whole number from 0 to 4294967295, not 'abc'"},
    {"risk %s --runs 1e300", 2,
     "lumpsum risk: --runs must be a whole number from 1 to 100000000, not '1e300'"},
    {"risk %s --runs 10 --wage-sd nan", 2,
     "lumpsum risk: --wage-sd must be a number from 0 to 10, not 'nan'"},
    {"risk %s --runs 10 --dispersion -1", 2,
     "lumpsum risk: --dispersion must be a number from 0 to 1000000, not '-1'"},
    {"risk %s --runs 10 --seed 1e20", 2,
     "lumpsum risk: --seed must be a whole number from 0 to 4294967295, not '1e20'"},
    {"sweep %s --param budget --from nan --to 1 --steps 2", 2,
     "lumpsum sweep: --from must be a number, not 'nan'"},
    {"sweep %s --param budget --from 1 --to 2 --steps 0.5", 2,
     "lumpsum sweep: --steps must be a whole number from 1 to 10000000, not '0.5'"},
    {"export %s --format lp --stage 3", 2, "lumpsum export: --stage must be 1 or 2, not '3'"},
    {"plan %s --set wage_index=1e15", 2,
     "lumpsum: --set: wage_index must be at most 100 (+10,000 %), not 1e15"},
};

static void test_cli_case(void **state)
{
    const cli_case *c = *state;
    char *dir = fx_model(NULL, 0);
    char args[1024];
    snprintf(args, sizeof args, c->args, dir);
    expect_run(args, c->code, c->line);
    fx_remove(dir);
}

int main(void)
{
    size_t n = sizeof option_cases / sizeof *option_cases;
    struct CMUnitTest *cases = calloc(n, sizeof *cases);
    for (size_t i = 0; i < n; i++) {
        cases[i].name = option_cases[i].args;
        cases[i].test_func = test_cli_case;
        cases[i].initial_state = (void *)&option_cases[i];
    }
    int failed = _cmocka_run_group_tests("outputs: options", cases, n, NULL, NULL);
    free(cases);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guard_returns_from_glpk_error),
        cmocka_unit_test(test_risk_never_aborts),
    };
    return failed | cmocka_run_group_tests(tests, NULL, NULL);
}
