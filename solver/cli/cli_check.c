/*
 * cli_check.c — `lumpsum check`: reads and validates a model and prints its counts and floor
 * tariffs (or the same as JSON).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "lumpsum.h"

static const char *const check_usage =
    "usage: lumpsum check MODEL [--set KEY=VALUE]... [--json] [--threads T]\n"
    "\n"
    "Reads and validates the model directory MODEL (segments.csv, wages.csv, providers.csv,\n"
    "contracts.csv, budget.csv and optionally indicators.csv) and prints its counts and the\n"
    "CAO-conform floor tariffs per product, intensity and complexity.\n"
    "Errors are printed as FILE:LINE:COLUMN: message (COLUMN counts fields, from 1).\n"
    "--threads T reads a large contracts.csv (1 MiB or more) on T threads (default: the\n"
    "machine's cores, at most 8); the result is the same for any T.\n";

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

/* The options; -1 to go on, else the exit code. */
static int parse(int argc, char **argv, ls_cli_common *common)
{
    static const struct option longopts[] = {{"set", required_argument, 0, 's'},
                                             {"json", no_argument, 0, 'j'},
                                             {"threads", required_argument, 0, 't'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int opt;
    long t;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hj", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(check_usage, stdout);
            return 0;
        }
        if (opt == 't') {
            if (ls_cli_whole("check", "threads", optarg, 1, 256, &t) != 0)
                return LS_EUSAGE;
            common->read_threads = (int)t;
        } else if (ls_cli_common_option(opt, optarg, common) <= 0) {
            fputs(check_usage, stderr);
            return LS_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "lumpsum check: expected one MODEL directory\n%s", check_usage);
        return LS_EUSAGE;
    }
    return -1;
}

int ls_cli_check(int argc, char **argv, const ls_dist *dist)
{
    ls_cli_common common = {.dist = dist};
    int rc = parse(argc, argv, &common);
    if (rc >= 0) {
        ls_cli_common_free(&common);
        return rc;
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
            if (rc == LS_OK)
                ls_cli_print_text(json);
        } else {
            print_check(dir, check);
            printf("\n%s is valid%s.\n", dir, errs.n_warnings ? " (see the warnings above)" : "");
        }
    }
    ls_check_free(check);
    ls_model_free(model);
    ls_errors_clear(&errs);
    ls_cli_common_free(&common);
    return rc;
}
