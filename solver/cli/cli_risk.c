/*
 * cli_risk.c — `lumpsum risk`: the overrun risk a controller reads, --out DIR, --json.
 */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvstyle.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

static const char *const risk_usage =
    N_("usage: lumpsum risk MODEL --runs N [--seed S] [--dispersion D] [--wage-sd V]\n"
       "                    [--threads T] [--years Y] [--out DIR] [--csv nl|plain]\n"
       "                    [--xlsx FILE] [--json] [--set KEY=VALUE]...\n"
       "\n"
       "Samples every segment's clients (Poisson around the expected number; with D > 0 a\n"
       "negative binomial with variance mu + D mu^2), optionally a normal wage-index shock with\n"
       "standard deviation V, plans each sample, and reports the distribution of the need (the\n"
       "floor cost of the drawn demand, unplaced clients included at their lowest floor), the\n"
       "chance and expected size of an overrun (need above the available budget), and the\n"
       "chance of unmet demand. The same seed gives the same numbers for any number of\n"
       "threads T. With --years Y each run plans the contract years (as plan --years),\n"
       "drawing demand every year, and the figures are those of the last year.\n"
       "--xlsx FILE writes an Excel workbook: the summary, the quantiles and a histogram of the\n"
       "need with the runs over the available budget in red.\n"
       "--csv nl writes the CSV files of --out DIR with ';' and a decimal comma, as a Dutch\n"
       "Excel reads them; --csv plain (the default) with ',' and a decimal point.\n");

/* A share as a percentage with one decimal, in the language's spelling */
static const char *pct1(double share, char *buf, size_t size)
{
    return ls_cli_num(100 * share, 1, buf, size);
}

/* Available below nothing: the model's expected personal budgets alone take more than the
 * budget after the reserve. Said in words under the figure (a run that draws fewer may still
 * have some left: the chance of an overrun below counts the runs). */
static void print_pgb_overrun(const ls_risk *k)
{
    char a[64], b[64];
    if (!(k->available < -0.005))
        return;
    double after_reserve = k->after_reserve; /* the year's whose figures these are */
    if (!(after_reserve > k->available))
        return; /* not the personal budgets: nothing to explain */
    printf(_("  The expected personal budgets alone (€ %s) take more than the budget after\n"
             "  the reserve (€ %s): nothing is left for care in kind.\n"),
           ls_cli_euro(after_reserve - k->available, a, sizeof a),
           ls_cli_euro(after_reserve, b, sizeof b));
}

static void print_risk(const char *dir, const ls_risk *k)
{
    char a[64], b[64], c[64], s[256];
    /* the headline: the chance of an overrun, and never without the runs that leave clients
     * without a place or have no solution */
    printf(_("P(OVERRUN) %s %%"), pct1(k->p_overrun, a, sizeof a));
    if (k->p_unmet > 0)
        printf(_(", AND IN %s %% OF THE RUNS CLIENTS HAVE NO PLACE"),
               pct1(k->p_unmet, a, sizeof a));
    if (k->p_no_solution > 0)
        printf(_(" (%s %% of the runs have no solution)"), pct1(k->p_no_solution, a, sizeof a));
    printf(P_("\n\nlumpsum risk %s: %zu run", "\n\nlumpsum risk %s: %zu runs", k->n_samples), dir,
           k->n_samples);
    if (k->solved < k->n_samples)
        printf(_(", %zu with a solution"), k->solved);
    printf("\n\n%s\n", _("Need (the floor cost of the sampled demand, unplaced clients at their "
                         "segment's\nlowest floor), euros a year:"));
    printf(_("  mean %s, standard deviation %s\n"), ls_cli_euro(k->mean, a, sizeof a),
           ls_cli_euro(k->sd, b, sizeof b));
    printf("  50 %% %s   90 %% %s\n", ls_cli_euro(k->q50, a, sizeof a),
           ls_cli_euro(k->q90, b, sizeof b));
    printf("  95 %% %s   99 %% %s\n", ls_cli_euro(k->q95, a, sizeof a),
           ls_cli_euro(k->q99, b, sizeof b));
    /* with personal budgets drawn, a run's available moves with its draw: each run is held
     * against its own, so the range is said beside the model's figure */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < k->n_samples; i++)
        if (k->samples[i].summary.status != LS_NO_SOLUTION) {
            lo = fmin(lo, k->samples[i].summary.available);
            hi = fmax(hi, k->samples[i].summary.available);
        }
    if (hi - lo >= 0.005)
        printf(_("\nAvailable € %s with the expected personal budgets; each run is held\n"
                 "against its own (€ %s to € %s), as its personal budgets were drawn.\n"),
               ls_cli_euro(k->available, a, sizeof a), ls_cli_euro(lo, b, sizeof b),
               ls_cli_euro(hi, c, sizeof c));
    else
        printf(_("\nAvailable € %s.\n"), ls_cli_euro(k->available, a, sizeof a));
    print_pgb_overrun(k);
    printf(_("  P(need > available)     = %s %% (95 %% interval %s–%s %%)\n"),
           pct1(k->p_overrun, a, sizeof a), pct1(k->p_overrun_low, b, sizeof b),
           pct1(k->p_overrun_high, c, sizeof c));
    printf(_("  expected overrun          € %s a year\n"),
           ls_cli_euro(k->expected_overrun, a, sizeof a));
    printf(_("  P(underfunded)          = %s %%\n"), pct1(k->p_underfunded, a, sizeof a));
    printf(_("  P(some demand unmet)    = %s %%\n"), pct1(k->p_unmet, a, sizeof a));
    if (k->first_no_solution != SIZE_MAX)
        printf(_("  P(no solution)          = %s %% (first: run %zu, %s)\n"),
               pct1(k->p_no_solution, a, sizeof a), k->first_no_solution + 1,
               k->no_solution_reason ? k->no_solution_reason : _("no solution"));
    if (k->n_unmet) {
        printf("\n%s\n", _("The segments that go unmet most often (share of the runs):"));
        for (size_t i = 0; i < k->n_unmet && i < 5; i++)
            printf("  %s %5s %%\n", ls_text_pad(s, sizeof s, k->unmet[i].segment, 28, 0, 0),
                   pct1(k->unmet[i].share, a, sizeof a));
    }
    printf("\n%s\n", _("The segments that drive the variance most (share of var(need)):"));
    /* largest share first: a segment that explains none of it is no driver (when the need
     * does not vary at all, none is) */
    for (size_t i = 0; i < k->n_drivers && i < 5 && k->drivers[i].share > 0; i++)
        printf("  %s %5s %%\n", ls_text_pad(s, sizeof s, k->drivers[i].segment, 28, 0, 0),
               pct1(k->drivers[i].share, a, sizeof a));
    if (!k->n_drivers || !(k->drivers[0].share > 0))
        printf("%s\n", _("  none: the need is the same in every run"));
}

/* The errors of ls_risk_run about its options that only the model can tell (a growth too
 * fast for the years), by the flags that set them; every range is checked here first. */
static const ls_cli_flag risk_flags[] = {{"years", "--years"}, {NULL, NULL}};

typedef struct risk_args {
    ls_cli_common common;
    ls_risk_options o;
    const char *out, *xlsx;
} risk_args;

/* One option of risk's own (not --set or --json): 0, or -1 after its message. */
static int risk_option(int opt, const char *arg, risk_args *a)
{
    double v;
    switch (opt) {
    case 'r':
        if (ls_cli_number("risk", _(risk_usage), "runs", arg, 1, 1e8, 1, &v) != 0)
            return -1;
        a->o.runs = (size_t)v;
        return 0;
    case 'S':
        if (ls_cli_number("risk", _(risk_usage), "seed", arg, 0, 4294967295.0, 1, &v) != 0)
            return -1;
        a->o.seed = (unsigned long)v;
        return 0;
    case 'd':
        return ls_cli_number("risk", _(risk_usage), "dispersion", arg, 0, 1e6, 0, &a->o.dispersion);
    case 'w':
        return ls_cli_number("risk", _(risk_usage), "wage-sd", arg, 0, 10, 0, &a->o.wage_sd);
    case 't':
        if (ls_cli_number("risk", _(risk_usage), "threads", arg, 1, 256, 1, &v) != 0)
            return -1;
        a->o.threads = (int)v;
        return 0;
    case 'x':
        return ls_cli_xlsx_option("risk", arg, &a->xlsx) == 0 ? 0 : -1;
    case 'o':
        a->out = arg;
        return 0;
    default: /* 'y' */
        if (ls_cli_number("risk", _(risk_usage), "years", arg, 1, 100, 1, &v) != 0)
            return -1;
        a->o.years = (size_t)v;
        return 0;
    }
}

/* The options; -1 to go on, else the exit code. */
static int parse(int argc, char **argv, risk_args *a)
{
    static const struct option longopts[] = {{"set", required_argument, 0, 's'},
                                             {"json", no_argument, 0, 'j'},
                                             {"runs", required_argument, 0, 'r'},
                                             {"seed", required_argument, 0, 'S'},
                                             {"dispersion", required_argument, 0, 'd'},
                                             {"wage-sd", required_argument, 0, 'w'},
                                             {"threads", required_argument, 0, 't'},
                                             {"out", required_argument, 0, 'o'},
                                             {"xlsx", required_argument, 0, 'x'},
                                             {"help", no_argument, 0, 'h'},
                                             {"years", required_argument, 0, 'y'},
                                             {"csv", required_argument, 0, 'C'},
                                             {0, 0, 0, 0}};
    int opt, bad = 0, have_runs = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hjo:", longopts, NULL)) != -1) {
        if (opt == '?') /* getopt named it; the option meant, where one is near */
            ls_cli_option_hint("risk", argv[optind - 1], longopts);
        if (opt == 'h') {
            fputs(_(risk_usage), stdout);
            return 0;
        }
        if (opt == 'C') {
            if (ls_cli_csv_option("risk", optarg, &a->common) != 0)
                return LS_EUSAGE;
        } else if (opt && strchr("rSdwtxoy", opt)) {
            if (risk_option(opt, optarg, a) != 0)
                return LS_EUSAGE;
            have_runs |= opt == 'r';
        } else
            bad |= ls_cli_common_option(opt, optarg, &a->common) <= 0;
    }
    if (bad || !have_runs || optind != argc - 1) {
        fprintf(stderr, _("lumpsum risk: give one MODEL and --runs N\n%s"), _(risk_usage));
        return LS_EUSAGE;
    }
    ls_cli_csv_unused("risk", &a->common, a->out);
    return -1;
}

/* What is asked for once the runs are in: --out, --xlsx, and the report or the JSON. */
static int report(const risk_args *a, const char *dir, const ls_risk *k, ls_errors *errs)
{
    int rc;
    if (a->out && (rc = ls_risk_write_csv_as(k, a->out, a->common.csv, errs)) != LS_OK) {
        ls_cli_print_errors(errs, stderr);
        return rc;
    }
    if (a->xlsx && (rc = ls_risk_write_xlsx(k, a->xlsx, errs)) != LS_OK) {
        ls_cli_print_errors(errs, stderr);
        return rc;
    }
    if (a->common.json) {
        char *json;
        rc = ls_risk_to_json(k, &json);
        return rc == LS_OK ? ls_cli_print_text(json) : rc;
    }
    print_risk(dir, k);
    if (a->out)
        printf(_("\nWrote summary.csv, samples.csv and histogram.csv to %s\n"), a->out);
    if (a->xlsx)
        printf(_("Wrote the workbook %s\n"), a->xlsx);
    return LS_OK;
}

int ls_cli_risk(int argc, char **argv, const ls_dist *dist)
{
    risk_args a = {.common = {.dist = dist}};
    ls_risk_options_init(&a.o);
    int rc = parse(argc, argv, &a);
    if (rc >= 0) {
        ls_cli_common_free(&a.common);
        return rc;
    }
    a.o.dist = dist;
    if (ls_cli_show_progress(&a.common))
        a.o.progress = ls_cli_progress;
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_risk *k = NULL;
    const char *dir = argv[optind];
    const ls_cli_output outs[] = {{a.out, ls_risk_csv_names, LS_RISK_CSV_FILES}, {a.xlsx, NULL, 0}};
    rc = ls_cli_check_outputs(dir, outs, 2);
    if (rc == LS_OK)
        rc = ls_cli_read_model(dir, &a.common, &model, &errs);
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        rc = ls_risk_run(model, &a.o, &k, &errs);
        if (rc != LS_OK)
            ls_cli_print_failure("risk", risk_flags, rc, &errs);
    }
    /* under mpirun a rank other than 0 has no k: its runs went to rank 0 */
    if (rc == LS_OK && k)
        rc = report(&a, dir, k, &errs);
    ls_risk_free(k);
    ls_model_free(model);
    ls_errors_clear(&errs);
    ls_cli_common_free(&a.common);
    return rc;
}
