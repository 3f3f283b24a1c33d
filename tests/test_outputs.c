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
#include <sys/sysmacros.h>
#include <sys/wait.h>
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
        fail_msg("lumpsum %s: exit %d (want %d)\nstderr: %s\nwanted the line: %s", args, rc, code,
                 err, line ? line : "");
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
    /* a failed run leaves what the solver had allocated before GLPK gave up (the longjmp
     * skips its frees: guard.h); under LeakSanitizer that would be the exit code */
    setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
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
    unsetenv("ASAN_OPTIONS");
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
    /* what only the model can tell is the library's to say; the command line names the flag */
    {"sweep %s --param cao:xyz --from 1 --to 2 --steps 3", 2,
     "lumpsum sweep: --param: no CAO 'xyz' in wages.csv"},
    {"sweep %s --param budget --from 2 --to 1 --steps 3", 2,
     "lumpsum sweep: need --from < --to with --steps ≥ 2, or --from = --to with --steps 1"},
    {"sweep %s --param budget --from 2 --to 2 --steps 3", 2,
     "lumpsum sweep: need --from < --to with --steps ≥ 2, or --from = --to with --steps 1"},
    /* an empty path is no path: init's usage, and a message of its own, not ": no such …" */
    {"init ''", 2, "lumpsum init: give one TARGET"},
    {"check ''", 1, "lumpsum: error: the model's path is empty: give its folder or workbook"},
    {"export %s --format lp --stage 3", 2, "lumpsum export: --stage must be 1 or 2, not '3'"},
    {"check %s --set year=", 2, "lumpsum: --set: year: an identifier is required here"},
    {"plan %s --out ''", 2, "lumpsum: error: the output path is empty: give a file or a folder"},
    {"generate --preset village --seed 1 ''", 2,
     "lumpsum: error: the output path is empty: give a file or a folder"},
    {"sweep %s --param demand --from -1 --to 1 --steps 2", 2,
     "lumpsum sweep: --from: a factor on the clients must be ≥ 0, not -1"},
    {"plan %s --set wage_index=1e15", 2,
     "lumpsum: --set: wage_index must be at most 100 (+10,000 %), not 1e15"},
    {"plan %s --set weight.bereik=2", 2,
     "lumpsum: --set: weight.bereik weighs the indicator 'bereik', but the model has no "
     "indicators.csv"},
    /* s1's 10 clients × 2^99 in year 100; 10 × 2^23 ≤ 10^8 < 10 × 2^24: 24 years fit */
    {"plan %s --years 100 --set growth.demand=1", 2,
     "lumpsum plan: --years: 100 years with growth.demand 1 would grow segment 's1' to "
     "6,340,000,000,000,000,000,000,000,000,000 "
     "clients in year 100, more than lumpsum holds (10^8 a segment): at this growth plan at "
     "most 24 years"},
    /* s2's 4 clients × 2^29 = 2,147,483,648; 4 × 2^24 ≤ 10^8 < 4 × 2^25: 25 years fit */
    {"plan %s --years 30 --set growth.jeugd=1", 2,
     "lumpsum plan: --years: 30 years with growth.jeugd 1 would grow segment 's2' to 2,150,000,000 "
     "clients in year 30, more than lumpsum holds (10^8 a segment): at this growth plan at "
     "most 25 years"},
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

/* ---- outputs go only to regular files or new paths, whole ------------------------------- */

enum target { NEW, FIFO_NODE, DEVICE_NODE, SYMLINK, READ_ONLY, REGULAR };

typedef struct path_case {
    const char *name;
    enum target target; /* what OUT/x is before the run */
    const char *args;   /* %1$s: the model, %2$s: OUT/x */
    int code;
    const char *line; /* %s: OUT/x */
} path_case;

static const path_case path_cases[] = {
    {"xlsx_fifo", FIFO_NODE, "plan %1$s --xlsx %2$s", 2,
     "lumpsum: %s: is a FIFO (a named pipe): lumpsum writes only to regular files or new paths"},
    {"xlsx_device", DEVICE_NODE, "plan %1$s --xlsx %2$s", 2,
     "lumpsum: %s: is a device: lumpsum writes only to regular files or new paths"},
    {"out_fifo", FIFO_NODE, "plan %1$s --out %2$s", 2,
     "lumpsum: %s: cannot write the outputs here: it is not a folder"},
    {"sweep_out_device", DEVICE_NODE,
     "sweep %1$s --param budget --from 90000 --to 110000 --steps 2 --out %2$s", 2,
     "lumpsum: %s: is a device: lumpsum writes only to regular files or new paths"},
    {"export_fifo", FIFO_NODE, "export %1$s --format lp -o %2$s", 2,
     "lumpsum: %s: is a FIFO (a named pipe): lumpsum writes only to regular files or new paths"},
    {"xlsx_symlink", SYMLINK, "plan %1$s --xlsx %2$s", 2,
     "lumpsum: %s: is a symbolic link: lumpsum does not replace links (give the path it "
     "points to)"},
    {"xlsx_read_only", READ_ONLY, "plan %1$s --xlsx %2$s", 2,
     "lumpsum: %s: is read-only: lumpsum does not replace a file its owner protected"},
    {"sweep_read_only", READ_ONLY,
     "sweep %1$s --param budget --from 90000 --to 110000 --steps 2 --out %2$s", 2,
     "lumpsum: %s: is read-only: lumpsum does not replace a file its owner protected"},
    {"export_missing_folder", NEW, "export %1$s --format mps -o %2$s/missing/x.mps", 2,
     "lumpsum: %s/missing/x.mps: cannot write here: the folder %s/missing does not exist"},
};

/* Makes OUT/x as the case says; returns OUT (malloc'd). */
static char *make_target(const path_case *c, char *x, size_t x_size)
{
    char *out = strdup("/tmp/lumpsum-out-XXXXXX");
    assert_non_null(mkdtemp(out));
    snprintf(x, x_size, "%s/x", out);
    char real[600];
    snprintf(real, sizeof real, "%s/real", out);
    switch (c->target) {
    case FIFO_NODE:
        assert_int_equal(mkfifo(x, 0666), 0);
        break;
    case DEVICE_NODE: /* the node of /dev/null (root only: else skipped) */
        if (mknod(x, S_IFCHR | 0666, makedev(1, 3)) != 0) {
            free(out);
            return NULL;
        }
        break;
    case SYMLINK:
        fx_write(out, "real", "old\n");
        assert_int_equal(symlink(real, x), 0);
        break;
    case READ_ONLY:
        fx_write(out, "x", "old\n");
        assert_int_equal(chmod(x, 0444), 0);
        break;
    case REGULAR:
        fx_write(out, "x", "old\n");
        break;
    case NEW:
        snprintf(x, x_size, "%s", out);
        break;
    }
    return out;
}

static void test_output_path(void **state)
{
    const path_case *c = *state;
    char x[600];
    char *out = make_target(c, x, sizeof x);
    if (!out)
        skip();
    char *dir = fx_model(NULL, 0), args[2048], line[2048];
    snprintf(args, sizeof args, c->args, dir, x);
    snprintf(line, sizeof line, c->line, x, x);
    size_t before = fx_entries(out);
    struct stat st0, st1;
    int had = lstat(x, &st0) == 0;
    expect_run(args, c->code, line);
    /* nothing replaced, nothing left beside it */
    assert_int_equal(fx_entries(out), before);
    if (had) {
        assert_int_equal(lstat(x, &st1), 0);
        assert_int_equal(st1.st_mode, st0.st_mode);
        assert_int_equal(st1.st_ino, st0.st_ino);
    }
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", out);
    assert_int_equal(system(cmd), 0);
    free(out);
    fx_remove(dir);
}

/* A 4,090-character --out path: the name is too long, said so, nothing cut short. */
static void test_long_output_name(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char *path = malloc(4100), *args = malloc(4300);
    strcpy(path, "/tmp");
    while (strlen(path) < 4090)
        strcat(path, "/aaaaaaaaa");
    path[4090] = '\0';
    snprintf(args, 4300, "plan %s --out %s", dir, path);
    expect_run(args, 2,
               "lumpsum: error: the output name is too long (4090 characters; a path "
               "may have 4095 and a name 255, less 40 for lumpsum's temporary files)");
    free(path);
    free(args);
    fx_remove(dir);
}

/* plan MODEL --out MODEL would replace the model's own segments.csv. */
static void test_out_is_the_model(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0), args[600], line[700];
    char *before = fx_slurp(strcat(strcpy(line, dir), "/segments.csv"));
    snprintf(args, sizeof args, "plan %s --out %s", dir, dir);
    snprintf(line, sizeof line,
             "lumpsum: %s: holds a model's input files (budget.csv): the "
             "outputs would replace the model's own; give another folder for them",
             dir);
    expect_run(args, 2, line);
    char *after = fx_slurp(strcat(strcpy(line, dir), "/segments.csv"));
    assert_string_equal(after, before);
    free(before);
    free(after);
    fx_remove(dir);
}

/* ---- no output replaces the model being read, or a file its owner protected ------------ */

/* %1$s: the model folder, %2$s: a scratch folder ROOT that holds in.xlsx (a copy of a bundled
 * workbook model), link (a symbolic link to the model folder), batch/m (another) and o (an
 * earlier output folder whose summary.csv and samples.csv are read-only). kept: the file
 * that must come through unchanged, with its content and its inode. */
typedef struct model_case {
    const char *name, *args, *line, *kept;
} model_case;

static const model_case model_cases[] = {
    {"plan_xlsx_over_the_workbook", "plan %2$s/in.xlsx --xlsx %2$s/./in.xlsx",
     "lumpsum: %2$s/./in.xlsx: is the workbook the model is read from (%2$s/in.xlsx): the "
     "output would replace it; give another name",
     "%2$s/in.xlsx"},
    {"risk_xlsx_over_the_workbook", "risk %2$s/in.xlsx --runs 3 --xlsx %2$s/in.xlsx",
     "lumpsum: %2$s/in.xlsx: is the workbook the model is read from (%2$s/in.xlsx): the "
     "output would replace it; give another name",
     "%2$s/in.xlsx"},
    {"sweep_out_over_segments",
     "sweep %1$s --param budget --from 90000 --to 110000 --steps 2 "
     "--out %2$s/link/segments.csv",
     "lumpsum: %2$s/link/segments.csv: is one of the model's input files (%1$s/segments.csv): "
     "the output would replace it; give another name",
     "%1$s/segments.csv"},
    {"sweep_xlsx_over_the_workbook",
     "sweep %2$s/in.xlsx --param budget --from 9e6 --to 1e7 "
     "--steps 2 --xlsx %2$s/../%3$s/in.xlsx",
     "lumpsum: %2$s/../%3$s/in.xlsx: is the workbook the model is read from (%2$s/in.xlsx): "
     "the output would replace it; give another name",
     "%2$s/in.xlsx"},
    {"export_over_contracts", "export %1$s --format lp -o %1$s/./contracts.csv",
     "lumpsum: %1$s/./contracts.csv: is one of the model's input files (%1$s/contracts.csv): "
     "the output would replace it; give another name",
     "%1$s/contracts.csv"},
    {"plan_out_through_a_link", "plan %1$s --out %2$s/link",
     "lumpsum: %2$s/link: holds a model's input files (budget.csv): the outputs would replace "
     "the model's own; give another folder for them",
     "%1$s/segments.csv"},
    {"risk_out_in_the_model", "risk %1$s --runs 3 --out %1$s/",
     "lumpsum: %1$s/: holds a model's input files (budget.csv): the outputs would replace "
     "the model's own; give another folder for them",
     "%1$s/budget.csv"},
    {"batch_out_over_wages", "plan --batch %2$s/batch --out %2$s/batch/m/wages.csv",
     "lumpsum: %2$s/batch/m/wages.csv: is one of the model's input files "
     "(%2$s/batch/m/wages.csv): the output would replace it; give another name",
     "%1$s/wages.csv"},
    {"plan_out_read_only_summary", "plan %1$s --out %2$s/o",
     "lumpsum: %2$s/o/summary.csv: is read-only: lumpsum does not replace a file its owner "
     "protected",
     "%2$s/o/allocation.csv"},
    {"risk_out_read_only_samples", "risk %1$s --runs 3 --out %2$s/o",
     "lumpsum: %2$s/o/samples.csv: is read-only: lumpsum does not replace a file its owner "
     "protected",
     "%2$s/o/summary.csv"},
};

/* Refused before the model is read (exit 2, the whole line), and the model (or the earlier
 * outputs) exactly as they were: the same inode, the same bytes, nothing added beside. */
static void test_output_spares_model(void **state)
{
    const model_case *c = *state;
    char *dir = fx_model(NULL, 0);
    char root[] = "/tmp/lumpsum-out-XXXXXX", cmd[2048], args[2048], line[2048], kept[1024];
    assert_non_null(mkdtemp(root));
    snprintf(cmd, sizeof cmd,
             "cp %s/brunssum.xlsx %s/in.xlsx && ln -s %s %s/link && mkdir %s/batch %s/o && "
             "ln -s %s %s/batch/m && for f in summary samples allocation; do echo old "
             ">%s/o/$f.csv; done && chmod 444 %s/o/summary.csv %s/o/samples.csv",
             fx_data_dir(), root, dir, root, root, root, dir, root, root, root, root);
    assert_int_equal(system(cmd), 0);
    const char *root_name = strrchr(root, '/') + 1;
    snprintf(args, sizeof args, c->args, dir, root, root_name);
    snprintf(line, sizeof line, c->line, dir, root, root_name);
    snprintf(kept, sizeof kept, c->kept, dir, root);
    struct stat st0, st1;
    assert_int_equal(stat(kept, &st0), 0);
    char *before = fx_slurp(kept);
    snprintf(cmd, sizeof cmd, "%s/o", root);
    size_t n_model = fx_entries(dir), n_root = fx_entries(root), n_o = fx_entries(cmd);
    expect_run(args, 2, line);
    assert_int_equal(stat(kept, &st1), 0);
    assert_int_equal(st1.st_ino, st0.st_ino);
    char *after = fx_slurp(kept);
    assert_string_equal(after, before);
    assert_int_equal(fx_entries(dir), n_model);
    assert_int_equal(fx_entries(root), n_root);
    assert_int_equal(fx_entries(cmd), n_o);
    free(before);
    free(after);
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
    fx_remove(dir);
}

/* Runs `lumpsum ARGS` with a file-size limit of kb kilobytes (a full disk); the exit code. */
static int run_limited(const char *args, int kb)
{
    char cmd[2048];
    /* (SIGXFSZ ignored: a write past the limit fails with EFBIG, as on a full disk) */
    snprintf(cmd, sizeof cmd, "trap '' XFSZ; ulimit -f %d; exec %s %s >/dev/null 2>&1", kb * 2,
             LS_BINARY, args);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* --out with --xlsx: a workbook that fails leaves the old CSVs and the old workbook
 * together, and nothing beside them; a new --out folder on a full disk is not made. */
static void test_out_and_xlsx_change_together(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char root[] = "/tmp/lumpsum-out-XXXXXX";
    assert_non_null(mkdtemp(root));
    char out[128], args[1024];
    snprintf(out, sizeof out, "%s/out", root);
    assert_int_equal(mkdir(out, 0755), 0);
    const char *names[] = {"summary.csv", "allocation.csv", "budgets.csv", "segments.csv"};
    for (size_t i = 0; i < 4; i++)
        fx_write(out, names[i], "old\n");
    fx_write(root, "plan.xlsx", "old\n");
    /* 4 kB: the CSVs fit, the workbook does not */
    snprintf(args, sizeof args, "plan %s --out %s --xlsx %s/plan.xlsx", dir, out, root);
    assert_int_equal(run_limited(args, 4), 4);
    for (size_t i = 0; i < 4; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", out, names[i]);
        char *text = fx_slurp(path);
        assert_string_equal(text, "old\n");
        free(text);
    }
    assert_int_equal(fx_entries(out), 4);
    assert_int_equal(fx_entries(root), 2); /* out and plan.xlsx: no temporary left */
    /* a new folder on a full disk (0 kB) is not made */
    snprintf(args, sizeof args, "plan %s --out %s/new", dir, root);
    assert_int_equal(run_limited(args, 0), 4);
    assert_int_equal(fx_entries(root), 2);
    /* and without a limit all of it is written, the set exchanged at once */
    snprintf(args, sizeof args, "plan %s --out %s --xlsx %s/plan.xlsx", dir, out, root);
    assert_int_equal(run_limited(args, 100000), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/summary.csv", out);
    char *text = fx_slurp(path);
    assert_non_null(strstr(text, "status,funded"));
    free(text);
    assert_int_equal(fx_entries(root), 2);
    snprintf(args, sizeof args, "rm -rf %s", root);
    assert_int_equal(system(args), 0);
    fx_remove(dir);
}

/* A temporary workbook a killed writer left (its process gone) is removed by the next write
 * beside it. */
static void test_killed_writer_temporary_removed(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0); /* pid no longer runs */
    char *dir = fx_model(NULL, 0);
    char root[] = "/tmp/lumpsum-out-XXXXXX", name[128], args[600];
    assert_non_null(mkdtemp(root));
    snprintf(name, sizeof name, ".plan.xlsx.lumpsum-%ld-AbCdEf", (long)pid);
    fx_write(root, name, "2 MB of a workbook\n");
    snprintf(args, sizeof args, "plan %s --xlsx %s/plan.xlsx", dir, root);
    expect_run(args, 0, NULL);
    assert_int_equal(fx_entries(root), 1); /* plan.xlsx alone */
    snprintf(args, sizeof args, "rm -rf %s", root);
    assert_int_equal(system(args), 0);
    fx_remove(dir);
}

/* A figure on a half of the CSV's sixth decimal prints the same from a sweep's warm step
 * (--threads 1) and a block's cold start (--threads 2), though the two reach it a few ulps
 * apart. (a) One provider, max_budget 195,708, and 17 clients of seg4 at a floor of
 * 26.2 h · 19.60 € · 1.3 / 0.8 · 1.1 · 1.03 · 12 = 11,345.45 € a client a year at wage index
 * 0 (all 17 placed, 192,872.72 €). At 0.0339465 a client costs 11,730.59 €, the max_budget
 * holds 16.68 of them and binds, so the break-even is today's index: 0.0339465, a double a
 * hair under the half (printf gives 0.033946); the warm step's root landed 15 ulps above it
 * (printf gives 0.033947). Both are the half, and print rounded away from zero. (b)
 * demand 1.1493395 on 51 clients serves 58.6163145, on the half: printf gave 58.616315
 * warm, 58.616314 cold. */
static void test_sweep_half_prints_one_way(void **state)
{
    (void)state;
    static const struct {
        const char *files[5][2], *args;
    } cases[] = {
        {{{"budget.csv", "key,value\nbudget,376501\n"},
          {"contracts.csv", "provider,segment\np5,seg4\n"},
          {"providers.csv", "provider,cao,max_budget\np5,cao0,195708\n"},
          {"segments.csv", "segment,product,intensity,complexity,clients,hours,scale\n"
                           "seg4,dagbesteding,licht,basis,17,26.2,s0\n"},
          {"wages.csv", "cao,scale,hourly_wage\ncao0,s0,19.6\n"}},
         "--param wage_index --from 0 --to 0.0339465 --steps 2"},
        {{{"budget.csv", "key,value\nbudget,160740\nlocal_share_min,0.57\n"
                         "local_share_min.jeugd,1\nmax_shift,0.93\n"},
          {"contracts.csv", "provider,segment,current_clients\np8,seg1,14\np0,seg1,6\n"
                            "p6,seg1,9\np1,seg0,5\np3,seg1,\np3,seg0,1\np8,seg0,9\n"
                            "p2,seg1,14\np5,seg1,6\np7,seg1,4\np6,seg0,\np5,seg0,3\n"},
          {"providers.csv", "provider,cao,local,capacity_hours,employer_charges,unproductive,"
                            "overhead\np0,cao0,,,,,\np1,cao0,,4087,,,\np2,cao0,,,,,\n"
                            "p3,cao0,1,3568,,,\np5,cao0,,,,,\np6,cao0,,,0.32,0.12,0.12\n"
                            "p7,cao0,,,,,\np8,cao0,,,,,\n"},
          {"segments.csv", "segment,product,intensity,complexity,domain,clients,hours,scale,"
                           "group_size\nseg0,begeleiding,licht,basis_plus,,25,13,s1,\n"
                           "seg1,hbh,matig,basis_plus,jeugd,26,10.3,s1,2\n"},
          {"wages.csv", "cao,scale,hourly_wage\ncao0,s1,18.85\n"}},
         "--param demand --from 0.656679 --to 1.642 --steps 21"},
    };
    const char *expect[] = {",0.033947,", ",58.616315,"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char dir[] = "/tmp/lumpsum-half-XXXXXX", args[600], path[600];
        assert_non_null(mkdtemp(dir));
        for (int f = 0; f < 5; f++)
            fx_write(dir, cases[c].files[f][0], cases[c].files[f][1]);
        char *csv[2];
        for (int t = 0; t < 2; t++) {
            snprintf(args, sizeof args, "sweep %s %s --threads %d --out %s/t%d.csv", dir,
                     cases[c].args, t + 1, dir, t + 1);
            char *out, *err;
            assert_int_equal(fx_run(args, &out, &err), 0);
            free(out);
            free(err);
            snprintf(path, sizeof path, "%s/t%d.csv", dir, t + 1);
            csv[t] = fx_slurp(path);
        }
        assert_non_null(strstr(csv[0], expect[c]));
        assert_string_equal(csv[0], csv[1]);
        free(csv[0]);
        free(csv[1]);
        fx_remove(dir);
    }
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
    n = sizeof path_cases / sizeof *path_cases;
    cases = calloc(n, sizeof *cases);
    for (size_t i = 0; i < n; i++) {
        cases[i].name = path_cases[i].name;
        cases[i].test_func = test_output_path;
        cases[i].initial_state = (void *)&path_cases[i];
    }
    failed |= _cmocka_run_group_tests("outputs: paths", cases, n, NULL, NULL);
    free(cases);
    n = sizeof model_cases / sizeof *model_cases;
    cases = calloc(n, sizeof *cases);
    for (size_t i = 0; i < n; i++) {
        cases[i].name = model_cases[i].name;
        cases[i].test_func = test_output_spares_model;
        cases[i].initial_state = (void *)&model_cases[i];
    }
    failed |= _cmocka_run_group_tests("outputs: the model spared", cases, n, NULL, NULL);
    free(cases);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guard_returns_from_glpk_error),
        cmocka_unit_test(test_risk_never_aborts),
        cmocka_unit_test(test_long_output_name),
        cmocka_unit_test(test_out_is_the_model),
        cmocka_unit_test(test_out_and_xlsx_change_together),
        cmocka_unit_test(test_killed_writer_temporary_removed),
        cmocka_unit_test(test_sweep_half_prints_one_way),
    };
    return failed | cmocka_run_group_tests(tests, NULL, NULL);
}
