/*
 * cli_risk.c — `lumpsum risk`: the overrun risk a controller reads, --out DIR, --json.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lumpsum.h"
#include "util.h"

static const char *const risk_usage =
    "usage: lumpsum risk MODEL --runs N [--seed S] [--dispersion D] [--wage-sd V]\n"
    "                    [--threads T] [--years Y] [--out DIR] [--xlsx FILE] [--json]\n"
    "                    [--set KEY=VALUE]...\n"
    "\n"
    "Samples every segment's clients (Poisson around the expected number; with D > 0 a\n"
    "negative binomial with variance mu + D mu^2), optionally a normal wage-index shock with\n"
    "standard deviation V, plans each sample, and reports the distribution of the required\n"
    "cost, the chance and expected size of an overrun, and the chance of unmet demand. The\n"
    "same seed gives the same numbers for any number of threads T. With --years Y each run\n"
    "plans the contract years (as plan --years), drawing demand every year, and the figures\n"
    "are those of the last year.\n"
    "--xlsx FILE writes an Excel workbook: the summary, the quantiles and a histogram of the\n"
    "required cost with the runs over the available budget in red.\n";

static void print_risk(const char *dir, const ls_risk *k)
{
    char a[64], b[64];
    /* the headline: the chance of an overrun, and never without the runs that leave clients
     * without a place or have no solution */
    printf("P(OVERRUN) %.1f %%", 100 * k->p_overrun);
    if (k->p_unmet > 0)
        printf(", AND IN %.1f %% OF THE RUNS CLIENTS HAVE NO PLACE", 100 * k->p_unmet);
    if (k->p_no_solution > 0)
        printf(" (%.1f %% of the runs have no solution)", 100 * k->p_no_solution);
    printf("\n\nlumpsum risk %s: %zu runs", dir, k->n_samples);
    if (k->solved < k->n_samples)
        printf(", %zu with a solution", k->solved);
    printf("\n\nNeed (the floor cost of the sampled demand, unplaced clients at their segment's\n"
           "lowest floor), euros a year:\n");
    printf("  mean %s, standard deviation %s\n", ls_cli_euro(k->mean, a, sizeof a),
           ls_cli_euro(k->sd, b, sizeof b));
    printf("  50 %% %s   90 %% %s\n", ls_cli_euro(k->q50, a, sizeof a),
           ls_cli_euro(k->q90, b, sizeof b));
    printf("  95 %% %s   99 %% %s\n", ls_cli_euro(k->q95, a, sizeof a),
           ls_cli_euro(k->q99, b, sizeof b));
    printf("\nAvailable € %s.\n", ls_cli_euro(k->available, a, sizeof a));
    printf("  P(need > available)     = %.1f %% (95 %% interval %.1f–%.1f %%)\n",
           100 * k->p_overrun, 100 * k->p_overrun_low, 100 * k->p_overrun_high);
    printf("  expected overrun          € %s a year\n",
           ls_cli_euro(k->expected_overrun, a, sizeof a));
    printf("  P(underfunded)          = %.1f %%\n", 100 * k->p_underfunded);
    printf("  P(some demand unmet)    = %.1f %%\n", 100 * k->p_unmet);
    if (k->first_no_solution != SIZE_MAX)
        printf("  P(no solution)          = %.1f %% (first: run %zu, %s)\n", 100 * k->p_no_solution,
               k->first_no_solution + 1,
               k->no_solution_reason ? k->no_solution_reason : "no solution");
    if (k->n_unmet) {
        printf("\nThe segments that go unmet most often (share of the runs):\n");
        for (size_t i = 0; i < k->n_unmet && i < 5; i++)
            printf("  %-28s %5.1f %%\n", k->unmet[i].segment, 100 * k->unmet[i].share);
    }
    printf("\nThe segments that drive the variance most (share of var(need)):\n");
    for (size_t i = 0; i < k->n_drivers && i < 5; i++)
        printf("  %-28s %5.1f %%\n", k->drivers[i].segment, 100 * k->drivers[i].share);
}

int ls_cli_risk(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"set", required_argument, 0, 's'},        {"json", no_argument, 0, 'j'},
        {"runs", required_argument, 0, 'r'},       {"seed", required_argument, 0, 'S'},
        {"dispersion", required_argument, 0, 'd'}, {"wage-sd", required_argument, 0, 'w'},
        {"threads", required_argument, 0, 't'},    {"out", required_argument, 0, 'o'},
        {"xlsx", required_argument, 0, 'x'},       {"help", no_argument, 0, 'h'},
        {"years", required_argument, 0, 'y'},      {0, 0, 0, 0}};
    ls_cli_common common = {0};
    ls_risk_options o;
    ls_risk_options_init(&o);
    const char *out = NULL, *xlsx = NULL;
    int opt, bad = 0, have_runs = 0;
    double v;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hjo:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(risk_usage, stdout);
            free(common.sets);
            return 0;
        case 'r':
            if (ls_cli_number("risk", risk_usage, "runs", optarg, 1, 1e8, 1, &v) == 0)
                o.runs = (size_t)v, have_runs = 1;
            else
                return free(common.sets), LS_EUSAGE;
            break;
        case 'S':
            if (ls_cli_number("risk", risk_usage, "seed", optarg, 0, 4294967295.0, 1, &v) != 0)
                return free(common.sets), LS_EUSAGE;
            o.seed = (unsigned long)v;
            break;
        case 'd':
            if (ls_cli_number("risk", risk_usage, "dispersion", optarg, 0, 1e6, 0, &o.dispersion) !=
                0)
                return free(common.sets), LS_EUSAGE;
            break;
        case 'w':
            if (ls_cli_number("risk", risk_usage, "wage-sd", optarg, 0, 10, 0, &o.wage_sd) != 0)
                return free(common.sets), LS_EUSAGE;
            break;
        case 't':
            if (ls_cli_number("risk", risk_usage, "threads", optarg, 1, 256, 1, &v) != 0)
                return free(common.sets), LS_EUSAGE;
            o.threads = (int)v;
            break;
        case 'x':
            xlsx = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'y':
            if (ls_cli_number("risk", risk_usage, "years", optarg, 1, 100, 1, &v) != 0)
                return free(common.sets), LS_EUSAGE;
            o.years = (size_t)v;
            break;
        default:
            bad |= ls_cli_common_option(opt, optarg, &common) <= 0;
        }
    }
    if (bad || !have_runs || optind != argc - 1) {
        fprintf(stderr, "lumpsum risk: give one MODEL and --runs N\n%s", risk_usage);
        free(common.sets);
        return LS_EUSAGE;
    }
    if (isatty(2) && !common.json && ls_dist_rank() == 0)
        o.progress = ls_cli_progress;
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_risk *k = NULL;
    const char *dir = argv[optind];
    int rc = ls_cli_read_model(dir, &common, &model, &errs);
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        rc = ls_risk_run(model, &o, &k, &errs);
        if (rc != LS_OK)
            ls_cli_print_failure("risk", rc, &errs);
    }
    if (rc == LS_OK && !k) {
        /* under mpirun: another rank than 0, whose runs went to rank 0 */
        ls_model_free(model);
        ls_errors_clear(&errs);
        free(common.sets);
        return LS_OK;
    }
    if (rc == LS_OK && out) {
        rc = ls_risk_write_csv(k, out, &errs);
        if (rc != LS_OK)
            ls_cli_print_errors(&errs, stderr);
    }
    if (rc == LS_OK && xlsx) {
        rc = ls_risk_write_xlsx(k, xlsx, &errs);
        if (rc != LS_OK)
            ls_cli_print_errors(&errs, stderr);
    }
    if (rc == LS_OK) {
        if (common.json) {
            json_t *drv = json_array();
            for (size_t i = 0; i < k->n_drivers; i++)
                json_array_append_new(drv, json_pack("{s:s, s:f}", "segment", k->drivers[i].segment,
                                                     "share", k->drivers[i].share));
            json_t *unmet = json_array();
            for (size_t i = 0; i < k->n_unmet; i++)
                json_array_append_new(unmet, json_pack("{s:s, s:f}", "segment", k->unmet[i].segment,
                                                       "share", k->unmet[i].share));
            json_t *scenario =
                json_pack("{s:s?, s:s, s:I, s:f, s:f}", "model", k->model, "lumpsum_version",
                          LS_VERSION, "seed", (json_int_t)k->options.seed, "dispersion",
                          k->options.dispersion, "wage_sd", k->options.wage_sd);
            for (size_t i = 0; i < k->n_settings; i++)
                json_object_set_new(scenario, k->settings[i].key,
                                    json_string(k->settings[i].value));
            json_t *doc = json_pack(
                "{s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
                "s:o, s:o, s:o}",
                "runs", (json_int_t)k->n_samples, "solved_runs", (json_int_t)k->solved, "available",
                k->available, "mean_need", k->mean, "sd_need", k->sd, "q50_need", k->q50,
                "q90_need", k->q90, "q95_need", k->q95, "q99_need", k->q99, "p_overrun",
                k->p_overrun, "p_overrun_low", k->p_overrun_low, "p_overrun_high",
                k->p_overrun_high, "expected_overrun", k->expected_overrun, "p_underfunded",
                k->p_underfunded, "p_unmet", k->p_unmet, "p_no_solution", k->p_no_solution,
                "unmet_most_often", unmet, "drivers", drv, "scenario", scenario);
            rc = ls_cli_print_json(doc);
        } else {
            print_risk(dir, k);
            if (out)
                printf("\nWrote summary.csv, samples.csv and histogram.csv to %s\n", out);
            if (xlsx)
                printf("Wrote the workbook %s\n", xlsx);
        }
    }
    ls_risk_free(k);
    ls_model_free(model);
    ls_errors_clear(&errs);
    free(common.sets);
    return rc;
}
