/*
 * cli.c — the `lumpsum` command: parses arguments, calls the library, prints, and chooses
 * the exit code (docs/method.md, "Exit codes"). Nothing here computes a figure; it only
 * formats them.
 */
#include <getopt.h>
#include <jansson.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lumpsum.h"
#include "util.h"

static const char *const usage_text =
    "usage: lumpsum COMMAND [OPTIONS] MODEL\n"
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
    "\n"
    "options for every command:\n"
    "  --set KEY=VALUE override a budget.csv key (repeatable)\n"
    "  --json          print JSON instead of the report\n"
    "  -h, --help      this help (lumpsum COMMAND --help for a command's own)\n"
    "  -V, --version   the version\n"
    "\n"
    "exit codes: 0 done, 1 bad input, 2 bad usage, 3 no solution, 4 internal error.\n"
    "docs: README.md and docs/ in the source tree.\n";

static const char *const check_usage =
    "usage: lumpsum check MODEL [--set KEY=VALUE]... [--json] [--threads T]\n"
    "\n"
    "Reads and validates the model directory MODEL (segments.csv, wages.csv, providers.csv,\n"
    "contracts.csv, budget.csv and optionally indicators.csv) and prints its counts and the\n"
    "CAO-conform floor tariffs per product, intensity and complexity.\n"
    "Errors are printed as FILE:LINE:COLUMN: message (COLUMN counts fields, from 1).\n"
    "--threads T reads a large contracts.csv (1 MiB or more) on T threads (default: the\n"
    "machine's cores, at most 8); the result is the same for any T.\n";

void ls_cli_print_errors(const ls_errors *errs, FILE *out)
{
    char where[1024]; /* FILE:LINE:COLUMN, or BOOK.xlsx:SHEET!D7 in a workbook */
    for (size_t i = 0; i < errs->n_warnings; i++) {
        const ls_error *e = &errs->warnings[i];
        ls_error_where(e, where, sizeof where);
        fprintf(out, "%s: warning: %s\n", where, e->message);
    }
    for (size_t i = 0; i < errs->n_errors; i++) {
        const ls_error *e = &errs->errors[i];
        ls_error_where(e, where, sizeof where);
        if (e->line == 0)
            fprintf(out, "lumpsum: %s: %s\n", e->file ? e->file : "error", e->message);
        else
            fprintf(out, "%s: %s\n", where, e->message);
    }
    if (errs->n_errors >= LS_MAX_ERRORS)
        fprintf(out, "lumpsum: stopped after %d errors\n", LS_MAX_ERRORS);
    if (errs->out_of_memory)
        fprintf(out, "lumpsum: out of memory\n");
}

/* Prints a JSON document with the project's formatting and frees it. */
int ls_cli_print_json(json_t *doc)
{
    char *text =
        doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
            : NULL;
    json_decref(doc);
    if (!text)
        return LS_EINTERNAL;
    puts(text);
    free(text);
    return LS_OK;
}

/* Why a run failed: a usage error (exit 2), no solution (3) or a solver failure (4). */
void ls_cli_print_failure(const char *command, int rc, const ls_errors *errs)
{
    if (rc == LS_EUSAGE) {
        for (size_t i = 0; i < errs->n_errors; i++)
            fprintf(stderr, "lumpsum %s: %s\n", command, errs->errors[i].message);
        return;
    }
    const char *what = rc == LS_ENOSOLUTION ? "no solution" : "error";
    for (size_t i = 0; i < errs->n_errors; i++)
        fprintf(stderr, "lumpsum %s: %s: %s\n", command, what, errs->errors[i].message);
    if (!errs->n_errors)
        fprintf(stderr, "lumpsum %s: %s (out of memory?)\n", command, what);
}

/* Euros with thousands separators and cents: 7800000 → "7,800,000.00". */
const char *ls_cli_euro(double v, char *buf, size_t size)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.2f", fabs(v) < 0.005 ? 0.0 : fabs(v));
    char *dot = strchr(digits, '.');
    size_t int_len = (size_t)(dot - digits), o = 0;
    char tmp[96];
    if (v <= -0.005)
        tmp[o++] = '-';
    for (size_t i = 0; i < int_len; i++) {
        tmp[o++] = digits[i];
        if ((int_len - i - 1) % 3 == 0 && i + 1 < int_len)
            tmp[o++] = ',';
    }
    snprintf(tmp + o, sizeof tmp - o, "%s", dot);
    snprintf(buf, size, "%s", tmp);
    return buf;
}

int ls_cli_read_model(const char *dir, ls_cli_common *common, ls_model **model, ls_errors *errs)
{
    ls_read_options opts;
    ls_read_options_init(&opts);
    opts.overrides = (const char *const *)common->sets;
    opts.n_overrides = common->n_sets;
    opts.threads = common->read_threads;
    int rc = ls_model_read(dir, &opts, model, errs);
    ls_cli_print_errors(errs, stderr);
    if (rc == LS_EINTERNAL)
        fprintf(stderr, "lumpsum: out of memory while reading %s\n", dir);
    return rc;
}

/* Options every command takes; returns 1 if handled, -1 on an error. */
int ls_cli_common_option(int opt, const char *arg, ls_cli_common *common)
{
    switch (opt) {
    case 's': {
        char **sets = realloc(common->sets, (common->n_sets + 1) * sizeof(char *));
        if (!sets)
            return -1;
        common->sets = sets;
        common->sets[common->n_sets++] = (char *)arg;
        return 1;
    }
    case 'j':
        common->json = 1;
        return 1;
    default:
        return 0;
    }
}

static void print_check(const char *dir, const ls_check *c)
{
    char b[64];
    printf("Model %s%s%s\n", dir, c->year ? ", year " : "", c->year ? c->year : "");
    printf("  budget        € %s a year\n", ls_cli_euro(c->budget, b, sizeof b));
    printf("  segments      %zu\n", c->segments);
    for (size_t i = 0; i < c->n_domains; i++)
        printf("    %-12s %zu segments, %.1f clients\n", c->domains[i].domain,
               c->domains[i].segments, c->domains[i].clients);
    printf("  providers     %zu (%zu local)\n", c->providers, c->local_providers);
    printf("  contracts     %zu (%zu usable)\n", c->contracts, c->usable_contracts);
    printf("  CAOs          %zu\n", c->caos);
    printf("  clients       %.1f\n\n", c->clients);
    printf("Floor tariffs, euros per client per month, over the usable contracts:\n");
    printf("  %-16s %-9s %-15s %9s %10s %10s %10s\n", "product", "intensity", "complexity",
           "contracts", "min", "median", "max");
    for (size_t i = 0; i < c->n_classes; i++) {
        const ls_tariff_class *t = &c->classes[i];
        printf("  %-16s %-9s %-15s %9zu %10.2f %10.2f %10.2f\n", t->product, t->intensity,
               t->complexity, t->contracts, t->min, t->median, t->max);
    }
}

static int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"set", required_argument, 0, 's'},
                                             {"json", no_argument, 0, 'j'},
                                             {"threads", required_argument, 0, 't'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    ls_cli_common common = {0};
    int opt, rc;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hj", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(check_usage, stdout);
            free(common.sets);
            return 0;
        }
        if (opt == 't') {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (!*optarg || *end || t < 1 || t > 256) {
                fprintf(stderr, "lumpsum check: --threads takes a whole number from 1 to 256\n");
                free(common.sets);
                return LS_EUSAGE;
            }
            common.read_threads = (int)t;
            continue;
        }
        if (ls_cli_common_option(opt, optarg, &common) <= 0) {
            fputs(check_usage, stderr);
            free(common.sets);
            return LS_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "lumpsum check: expected one MODEL directory\n%s", check_usage);
        free(common.sets);
        return LS_EUSAGE;
    }
    const char *dir = argv[optind];
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_check *check = NULL;
    rc = ls_cli_read_model(dir, &common, &model, &errs);
    if (rc == LS_OK)
        rc = ls_check_summarize(model, &check);
    if (rc == LS_OK) {
        if (common.json) {
            char *json;
            rc = ls_check_to_json(check, &errs, &json);
            if (rc == LS_OK) {
                puts(json);
                free(json);
            }
        } else {
            print_check(dir, check);
            printf("\n%s is valid%s.\n", dir, errs.n_warnings ? " (see the warnings above)" : "");
        }
    }
    ls_check_free(check);
    ls_model_free(model);
    ls_errors_clear(&errs);
    free(common.sets);
    return rc;
}

int main(int argc, char **argv)
{
    /* glibc: keep freed memory for the next allocation rather than hand it back. Every
     * what-if allocates and frees the same large arrays (GLPK's working arrays, the
     * reduced costs): given back and faulted in anew they cost a sweep step on the Amsterdam
     * preset more than its pivots (100 steps: 168,000 page faults without this, 18,000 with) */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    if (argc < 2) {
        fputs(usage_text, stderr);
        return LS_EUSAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("lumpsum %s\n", LS_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {{"check", cmd_check},      {"plan", ls_cli_plan},
                    {"export", ls_cli_export}, {"generate", ls_cli_generate},
                    {"sweep", ls_cli_sweep},   {"risk", ls_cli_risk}};
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            /* under mpirun the ranks share risk, sweep and plan --batch; rank 0 prints */
            if (ls_dist_init(&argc, &argv) != LS_OK) {
                fputs("lumpsum: MPI did not start\n", stderr);
                return LS_EINTERNAL;
            }
            /* one voice: the other ranks' messages reach rank 0 through the library */
            if (ls_dist_rank() != 0 &&
                (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)))
                return LS_EINTERNAL;
            int rc = commands[i].run(argc - 1, argv + 1);
            ls_dist_finalize();
            return rc;
        }
    fprintf(stderr, "lumpsum: unknown command '%s'\n\n%s", cmd, usage_text);
    return LS_EUSAGE;
}

int ls_cli_number(const char *command, const char *usage, const char *name, const char *text,
                  double lo, double hi, int whole, double *out)
{
    char msg[256];
    if (ls_parse_option(name, text, lo, hi, whole, out, msg, sizeof msg) == 0)
        return 0;
    fprintf(stderr, "lumpsum %s: %s\n%s", command, msg, usage);
    return -1;
}

void ls_cli_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    if (done % (total / 100 + 1) && done != total)
        return;
    int width = 40, filled = (int)(width * done / total);
    fprintf(stderr, "\r  [%.*s%*s] %zu/%zu", filled, "########################################",
            width - filled, "", done, total);
    if (done == total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}
