/*
 * cli.c — the `lumpsum` command: main() and the command table. Each command parses its
 * arguments, calls the library, prints, and chooses the exit code in a file of its own
 * (cli_<name>.c); what they share is in cli_common.c. Nothing here computes a figure.
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

static const char *const usage_text =
    N_("usage: lumpsum COMMAND [OPTIONS] MODEL\n"
       "\n"
       "Plans a municipality's care budget (Wmo, youth care) and divides a lumpsum\n"
       "across care providers with linear programming.\n"
       "\n"
       "commands:\n"
       "  check MODEL     validate a model directory and summarise its floor tariffs\n"
       "  plan MODEL      place every client at CAO-conform cost and divide the lumpsum\n"
       "  sweep MODEL     what-if runs over one parameter, with the break-even\n"
       "  risk MODEL      Monte-Carlo chance and size of an overrun under uncertain demand\n"
       "  export MODEL    write the LP of a stage for an auditor (CPLEX LP or MPS)\n"
       "  generate DIR    write a synthetic municipality, from a village to the country\n"
       "  init TARGET     write a model to fill in: a workbook (TARGET.xlsx) or a folder\n"
       "\n"
       "options for every command:\n"
       "  --set KEY=VALUE override a budget.csv key (repeatable)\n"
       "  --json          print JSON instead of the report\n"
       "  --lang nl|en    the language of the report and the messages (default: the locale's)\n"
       "  -h, --help      this help (lumpsum COMMAND --help for a command's own)\n"
       "  -V, --version   the version\n"
       "\n"
       "exit codes: 0 done, 1 bad input, 2 bad usage, 3 no solution, 4 internal error.\n"
       "docs: README.md and docs/ in the source tree.\n");

typedef struct command {
    const char *name;
    int (*run)(int, char **, const ls_dist *);
} command;
static const command commands[] = {{"check", ls_cli_check},   {"plan", ls_cli_plan},
                {"export", ls_cli_export}, {"generate", ls_cli_generate},
                {"sweep", ls_cli_sweep},   {"risk", ls_cli_risk},
                {"init", ls_cli_init}};

/* Runs a command in the processes mpirun started (one without it): risk, sweep and plan
 * --batch share their work over the ranks, and rank 0 alone prints. */
static int run_command(int (*run)(int, char **, const ls_dist *), int argc, char **argv)
{
    ls_dist *dist = NULL;
    if (ls_dist_init(&argc, &argv, &dist) != LS_OK) {
        fputs(_("lumpsum: MPI did not start\n"), stderr);
        return LS_EINTERNAL;
    }
    /* one voice: the other ranks' messages reach rank 0 through the library */
    if (ls_dist_rank(dist) != 0 &&
        (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))) {
        ls_dist_finalize(dist);
        return LS_EINTERNAL;
    }
    /* getopt names the program by argv[0]: "lumpsum plan: unrecognized option", not "plan:" */
    char name[64];
    snprintf(name, sizeof name, "lumpsum %s", argv[1]);
    argv[1] = name;
    int rc = run(argc - 1, argv + 1, dist);
    ls_dist_finalize(dist);
    return rc;
}

/* Whether standard output took everything written to it: a full disk or a closed pipe is
 * found out at the last flush or at the close, when the command has long returned. rc, or
 * LS_EINTERNAL after a message when the output was lost (a failed write is exit 4, as any
 * output that could not be written). */
static int finish(int rc)
{
    errno = 0;
    int bad = fflush(stdout) != 0, e = errno;
    bad |= ferror(stdout) != 0;
    /* (a closed descriptor with nothing left to write lost nothing) */
    if (fclose(stdout) != 0 && !bad && errno != EBADF) {
        bad = 1;
        e = errno;
    }
    if (!bad)
        return rc;
    if (e)
        fprintf(stderr, _("lumpsum: cannot write the standard output: %s\n"), strerror(e));
    else
        fputs(_("lumpsum: cannot write the standard output\n"), stderr);
    return LS_EINTERNAL;
}

static int run_main(int argc, char **argv)
{
    /* glibc: keep freed memory for the next allocation rather than hand it back. Every
     * what-if allocates and frees the same large arrays (GLPK's working arrays, the
     * reduced costs): given back and faulted in anew they cost a sweep step on the Amsterdam
     * preset more than its pivots (100 steps: 168,000 page faults without this, 18,000 with) */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    /* The heap stays in 4 kB pages (docs/method.md, "Reading the contracts fast"): on a
     * virtual machine a 2 MB page freed more than a second before (most likely taken back by
     * the host) cost a first plan of the Amsterdam preset 1.6 times its time. The workers of
     * a study ask for huge pages for their own heaps (ls_huge_heap). */
    if (ls_cli_language(&argc, argv) != 0)
        return LS_EUSAGE;
    if (argc < 2) {
        fputs(_(usage_text), stderr);
        return LS_EUSAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(_(usage_text), stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("lumpsum %s\n", LS_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return run_command(commands[i].run, argc, argv);
    /* a near miss is named: "plna" was meant as "plan" */
    char near[160];
    const char *meant = ls_near_field(cmd, commands, sizeof commands / sizeof *commands,
                                      sizeof *commands, offsetof(command, name));
    fprintf(stderr, _("lumpsum: unknown command '%s'%s\n\n%s"), cmd,
            ls_did_you_mean(meant, near, sizeof near), _(usage_text));
    return LS_EUSAGE;
}

int main(int argc, char **argv)
{
    /* a reader that has gone (`lumpsum plan … | head`) is a failed write, said and exit 4,
     * as a full disk is, not a silent death by SIGPIPE */
    signal(SIGPIPE, SIG_IGN);
    return finish(run_main(argc, argv));
}
