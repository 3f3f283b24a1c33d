/*
 * test_atomic.c — outputs are written whole or not at all: a write that fails
 * midway (a file-size limit, as a full disk would) leaves the old files as they were and no
 * temporary file; a path that is a directory is refused; a sweep killed while it runs
 * leaves either the old output or the complete new one.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "lumpsum.h"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

enum { AS_CSV, AS_XLSX, AS_LP, AS_MPS, AS_RISK };

/* Writes the plan of Dalfsen into dir (its CSV set, its workbook, or its placement LP as
 * placement.lp or placement.mps; or the CSV set of a risk study of two runs) in a child whose
 * files may grow to limit bytes; returns the child's return code of the writer (or -1 when
 * it died). */
static int write_limited(const char *dir, rlim_t limit, int as)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char model[512];
        snprintf(model, sizeof model, "%s/dalfsen", fx_data_dir());
        ls_model *m = NULL;
        ls_result *r = NULL;
        ls_errors errs = {0};
        if (ls_model_read(model, NULL, &m, &errs) != LS_OK || ls_plan(m, &r, &errs) != LS_OK)
            _exit(100);
        signal(SIGXFSZ, SIG_IGN); /* a write past the limit fails with EFBIG instead */
        struct rlimit rl = {limit, limit};
        setrlimit(RLIMIT_FSIZE, &rl);
        int rc;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir,
                 as == AS_XLSX ? "plan.xlsx"
                 : as == AS_LP ? "placement.lp"
                               : "placement.mps");
        if (as == AS_XLSX)
            rc = ls_results_write_xlsx(&r, 1, path, &errs);
        else if (as == AS_CSV)
            rc = ls_result_write_csv(r, dir, &errs);
        else if (as == AS_RISK) {
            ls_risk_options o;
            ls_risk_options_init(&o);
            o.runs = 2;
            ls_risk *k = NULL;
            rc = ls_risk_run(m, &o, &k, &errs);
            if (rc == LS_OK)
                rc = ls_risk_write_csv(k, dir, &errs);
        } else
            rc = ls_export(m, 1, as == AS_LP ? LS_LP_CPLEX : LS_LP_MPS, path, &errs);
        _exit(rc);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_failed_write_keeps_old_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *names[] = {"summary.csv", "allocation.csv", "budgets.csv", "segments.csv",
                           "plan.xlsx"};
    for (size_t i = 0; i < 5; i++)
        fx_write(dir, names[i], "old\n");
    /* 1 kB: summary.csv fits, allocation.csv does not */
    assert_int_equal(write_limited(dir, 1024, AS_CSV), LS_EINTERNAL);
    /* 4 kB: the workbook's parts do not fit */
    assert_int_equal(write_limited(dir, 4096, AS_XLSX), LS_EINTERNAL);
    for (size_t i = 0; i < 5; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = read_all(path);
        assert_non_null(text);
        assert_string_equal(text, "old\n");
        free(text);
    }
    assert_int_equal(fx_entries(dir), 5); /* no temporary file left */
    /* without a limit the same calls write everything */
    assert_int_equal(write_limited(dir, RLIM_INFINITY, AS_CSV), LS_OK);
    assert_int_equal(write_limited(dir, RLIM_INFINITY, AS_XLSX), LS_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    char *text = read_all(path);
    assert_non_null(strstr(text, "status,funded"));
    free(text);
    assert_int_equal(fx_entries(dir), 5);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* An LP file cut short by a full disk is not written: GLPK checks its writes but not the last
 * one, made when it closes the file, and said it had written an LP file cut after its first
 * 4,096 bytes. With the files limited to 16 bytes short of the whole (so that the last write
 * fails), the export fails and the old file stays, with nothing beside it. */
static void test_export_cut_short(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *names[] = {"placement.lp", "placement.mps"}, *ends[] = {"\nEnd\n", "\nENDATA\n"};
    for (int k = 0; k < 2; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        /* its whole size first */
        assert_int_equal(write_limited(dir, RLIM_INFINITY, AS_LP + k), LS_OK);
        char *text = read_all(path);
        assert_non_null(text);
        size_t n = strlen(text), e = strlen(ends[k]);
        assert_true(n > 4096 + 16);
        assert_string_equal(text + n - e, ends[k]);
        free(text);
        fx_write(dir, names[k], "old\n");
        assert_int_equal(write_limited(dir, (rlim_t)n - 16, AS_LP + k), LS_EINTERNAL);
        text = read_all(path);
        assert_string_equal(text, "old\n");
        free(text);
        assert_int_equal(fx_entries(dir), (size_t)k + 1);
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A folder's files are of one run: over an earlier set (its summary.csv), a one-year plan's
 * set takes away the years.csv of a path and a risk study's samples.csv and histogram.csv; a
 * risk study's set, the plan's allocation.csv, budgets.csv and segments.csv. A file of the
 * folder's own (a note) stays, and so does one made read-only, and a years.csv in a folder
 * that held no set is the user's own. */
static void test_set_drops_other_runs_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512];
    /* no earlier set: the years.csv stays */
    fx_write(dir, "years.csv", "mine\n");
    assert_int_equal(write_limited(dir, RLIM_INFINITY, AS_CSV), LS_OK);
    snprintf(path, sizeof path, "%s/years.csv", dir);
    char *text = read_all(path);
    assert_string_equal(text, "mine\n");
    free(text);
    /* over the set just written: it goes, with samples.csv; a read-only histogram.csv stays */
    const char *old[] = {"samples.csv", "histogram.csv", "note.txt"};
    for (size_t i = 0; i < 3; i++)
        fx_write(dir, old[i], "old\n");
    snprintf(path, sizeof path, "%s/histogram.csv", dir);
    assert_int_equal(chmod(path, 0444), 0);
    assert_int_equal(write_limited(dir, RLIM_INFINITY, AS_CSV), LS_OK);
    const char *gone[] = {"years.csv", "samples.csv"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, gone[i]);
        assert_int_not_equal(access(path, F_OK), 0);
    }
    assert_int_equal(fx_entries(dir), 6); /* the plan's four, the note, the read-only one */
    snprintf(path, sizeof path, "%s/histogram.csv", dir);
    assert_int_equal(chmod(path, 0644), 0);
    /* a risk study's set over the plan's: the plan's other three go */
    assert_int_equal(write_limited(dir, RLIM_INFINITY, AS_RISK), LS_OK);
    const char *plan[] = {"allocation.csv", "budgets.csv", "segments.csv"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, plan[i]);
        assert_int_not_equal(access(path, F_OK), 0);
    }
    assert_int_equal(fx_entries(dir), 4); /* summary, samples, histogram and the note */
    snprintf(path, sizeof path, "%s/note.txt", dir);
    text = read_all(path);
    assert_string_equal(text, "old\n");
    free(text);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A target that is a directory: exit 2, the directory untouched, nothing beside it. */
static void test_path_that_is_a_directory(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char args[1024], *out, *err;
    snprintf(args, sizeof args,
             "sweep %s/dalfsen --param budget --from 1000000 --to 1200000 --steps 3 --out %s",
             fx_data_dir(), dir);
    assert_int_equal(fx_run(args, &out, &err), 2);
    free(out);
    free(err);
    snprintf(args, sizeof args, "plan %s/dalfsen --out %s/summary.csv/x", fx_data_dir(), dir);
    fx_write(dir, "summary.csv", "old\n");
    assert_int_equal(fx_run(args, &out, &err), 2);
    free(out);
    free(err);
    assert_int_equal(fx_entries(dir), 1);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A place that cannot take files, even for root: /proc. Exit 2, nothing written. */
static void test_proc_is_not_writable(void **state)
{
    (void)state;
    char args0[1024], *out0, *err0;
    snprintf(args0, sizeof args0, "plan %s/dalfsen --out /proc/lumpsum-out", fx_data_dir());
    assert_int_equal(fx_run(args0, &out0, &err0), 2);
    assert_non_null(strstr(err0, "/proc/lumpsum-out"));
    free(out0);
    free(err0);
    snprintf(args0, sizeof args0, "plan %s/dalfsen --xlsx /proc/lumpsum.xlsx", fx_data_dir());
    assert_int_equal(fx_run(args0, &out0, &err0), 2);
    free(out0);
    free(err0);
}

/* A directory made read-only (not as root, who may write there anyway). */
static void test_read_only_directory(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip();
    char dir[] = "/tmp/lumpsum-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    fx_write(dir, "summary.csv", "old\n");
    chmod(dir, 0555);
    char args[1024], *out, *err;
    snprintf(args, sizeof args, "plan %s/dalfsen --out %s", fx_data_dir(), dir);
    assert_int_equal(fx_run(args, &out, &err), 2);
    free(out);
    free(err);
    chmod(dir, 0755);
    assert_int_equal(fx_entries(dir), 1);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A long sweep killed at random moments: the output is the old file or the complete new
 * one (a header, one row per step and the break-even row), never a part. */
static void test_killed_sweep(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char model[512], out[600];
    snprintf(model, sizeof model, "%s/zaltbommel", fx_data_dir());
    snprintf(out, sizeof out, "%s/sweep.csv", dir);
    /* the last "kill" waits for the sweep to end by itself (-1): the new file must then be
     * there whole, however slow the machine (a sanitizer build) */
    const long delays_ms[] = {50, 200, 400, 800, -1};
    int saw_old = 0, saw_new = 0;
    for (size_t k = 0; k < sizeof delays_ms / sizeof *delays_ms; k++) {
        fx_write(dir, "sweep.csv", "old\n");
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            int fd = open("/dev/null", 1);
            dup2(fd, 1);
            dup2(fd, 2);
            execl(LS_BINARY, LS_BINARY, "sweep", model, "--param", "wage_index", "--from",
                  "-0.1", "--to", "0.2", "--steps", "3000", "--out", out, (char *)NULL);
            _exit(127);
        }
        if (delays_ms[k] >= 0) {
            struct timespec ts = {delays_ms[k] / 1000, (delays_ms[k] % 1000) * 1000000L};
            nanosleep(&ts, NULL);
            kill(pid, SIGKILL);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        char *text = read_all(out);
        assert_non_null(text);
        if (delays_ms[k] < 0) {
            /* not killed: the sweep ends by itself, exit 0, and leaves the new file */
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strcmp(text, "old\n") == 0)
                fail_msg("the sweep left alone: status %d, sweep.csv %.40s", status, text);
        }
        if (strcmp(text, "old\n") == 0)
            saw_old++;
        else {
            size_t lines = 0;
            for (const char *p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "")
                lines += *p != '#'; /* the scenario's comment lines aside */
            /* header + 3000 steps + the break-even row */
            if (lines != 3002 || !strstr(text, ",1,\n"))
                fail_msg("killed after %ld ms: a partial sweep.csv of %zu lines", delays_ms[k],
                         lines);
            saw_new++;
        }
        free(text);
    }
    /* the early kills hit the sweep itself (the file is written at the end): 3,000 steps take
     * ~0.4 s on a 2026 core (300 took 50 ms, and the first kill came too late) */
    assert_true(saw_old >= 1);
    assert_true(saw_new >= 1); /* a complete new file, not only the old one */
    print_message("killed sweeps: %d left the old file, %d the complete new one\n", saw_old,
                  saw_new);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failed_write_keeps_old_files),
        cmocka_unit_test(test_export_cut_short),
        cmocka_unit_test(test_set_drops_other_runs_files),
        cmocka_unit_test(test_path_that_is_a_directory),
        cmocka_unit_test(test_proc_is_not_writable),
        cmocka_unit_test(test_read_only_directory),
        cmocka_unit_test(test_killed_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
