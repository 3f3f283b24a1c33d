/*
 * cli_check.c — `lumpsum check`: reads and validates a model and prints its counts and floor
 * tariffs (or the same as JSON).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"

static const char *const check_usage =
    N_("usage: lumpsum check MODEL [--set KEY=VALUE]... [--json] [--threads T]\n"
       "\n"
       "Reads and validates the model directory MODEL (segments.csv, wages.csv, providers.csv,\n"
       "contracts.csv, budget.csv and optionally indicators.csv) and prints its counts and the\n"
       "CAO-conform floor tariffs per product, intensity and complexity.\n"
       "Errors are printed as FILE:LINE:COLUMN: message (COLUMN counts fields, from 1).\n"
       "--threads T reads a large contracts.csv (1 MiB or more) on T threads (default: the\n"
       "machine's cores, at most 8); the result is the same for any T.\n");

/* A count grouped as the report's figures: 9,454 (9.454 in Dutch). */
static const char *count(size_t v, char *buf, size_t size)
{
    return ls_cli_num((double)v, 0, buf, size);
}

static void print_check(const char *dir, const ls_check *c)
{
    char b[64], k[2][32];
    char n[64], w[4][128];
    if (c->year)
        printf(_("Model %s, year %s\n"), dir, c->year);
    else
        printf(_("Model %s\n"), dir);
    /* the labels in a column as wide as the widest */
    const char *labels[] = {_("budget"),    _("segments"), _("providers"),
                            _("contracts"), _("CAOs"),     _("clients")};
    size_t lw = 14;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (ls_text_width(labels[i]) + 2 > lw)
            lw = ls_text_width(labels[i]) + 2;
#define LABEL(i) ls_text_pad(w[0], sizeof w[0], labels[i], lw, 0, 0)
    printf(_("  %s€ %s a year\n"), LABEL(0), ls_cli_euro(c->budget, b, sizeof b));
    printf("  %s%s\n", LABEL(1), count(c->segments, k[0], sizeof k[0]));
    for (size_t i = 0; i < c->n_domains; i++)
        printf(P_("    %s %s segment, %s clients\n", "    %s %s segments, %s clients\n",
                  c->domains[i].segments),
               ls_text_pad(w[1], sizeof w[1], c->domains[i].domain, 12, 0, 0),
               count(c->domains[i].segments, k[0], sizeof k[0]),
               ls_cli_num(c->domains[i].clients, 1, n, sizeof n));
    printf(_("  %s%s (%s local)\n"), LABEL(2), count(c->providers, k[0], sizeof k[0]),
           count(c->local_providers, k[1], sizeof k[1]));
    printf(_("  %s%s (%s usable)\n"), LABEL(3), count(c->contracts, k[0], sizeof k[0]),
           count(c->usable_contracts, k[1], sizeof k[1]));
    printf("  %s%s\n", LABEL(4), count(c->caos, k[0], sizeof k[0]));
    printf("  %s%s\n\n", LABEL(5), ls_cli_num(c->clients, 1, n, sizeof n));
#undef LABEL
    printf("%s\n", _("Floor tariffs, euros per client per month, over the usable contracts:"));
    size_t wp = (size_t)ls_cli_width(_("product"), 16),
           wi = (size_t)ls_cli_width(_("intensity"), 9),
           wc = (size_t)ls_cli_width(_("complexity"), 15);
    int wn = ls_cli_width(_("contracts"), 9);
    for (size_t i = 0; i < c->n_classes; i++) {
        const ls_tariff_class *t = &c->classes[i];
        wp = ls_text_width(t->product) > wp ? ls_text_width(t->product) : wp;
        wi = ls_text_width(t->intensity) > wi ? ls_text_width(t->intensity) : wi;
        wc = ls_text_width(t->complexity) > wc ? ls_text_width(t->complexity) : wc;
    }
    printf("  %s %s %s %*s %10s %10s %10s  %s\n",
           ls_text_pad(w[0], sizeof w[0], _("product"), wp, 0, 0),
           ls_text_pad(w[1], sizeof w[1], _("intensity"), wi, 0, 0),
           ls_text_pad(w[2], sizeof w[2], _("complexity"), wc, 0, 0), wn, _("contracts"), _("min"),
           _("median"), _("max"), _("median as quoted"));
    for (size_t i = 0; i < c->n_classes; i++) {
        const ls_tariff_class *t = &c->classes[i];
        char m[4][64], quoted[96] = "";
        /* the median per unit, as a contract quotes it (where the class has one unit) */
        if (t->unit)
            snprintf(quoted, sizeof quoted, _("%s per %s"),
                     ls_cli_num(t->median / t->units, 2, m[3], sizeof m[3]), t->unit);
        printf("  %s %s %s %*s %10s %10s %10s  %s\n",
               ls_text_pad(w[0], sizeof w[0], t->product, wp, 0, 0),
               ls_text_pad(w[1], sizeof w[1], t->intensity, wi, 0, 0),
               ls_text_pad(w[2], sizeof w[2], t->complexity, wc, 0, 0), wn,
               count(t->contracts, k[0], sizeof k[0]), ls_cli_num(t->min, 2, m[0], sizeof m[0]),
               ls_cli_num(t->median, 2, m[1], sizeof m[1]),
               ls_cli_num(t->max, 2, m[2], sizeof m[2]), quoted);
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
        if (opt == '?') /* getopt named it; the option meant, where one is near */
            ls_cli_option_hint("check", argv[optind - 1], longopts);
        if (opt == 'h') {
            fputs(_(check_usage), stdout);
            return 0;
        }
        if (opt == 't') {
            if (ls_cli_whole("check", "threads", optarg, 1, 256, &t) != 0)
                return LS_EUSAGE;
            common->read_threads = (int)t;
        } else if (ls_cli_common_option(opt, optarg, common) <= 0) {
            fputs(_(check_usage), stderr);
            return LS_EUSAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, _("lumpsum %s: expected one MODEL directory\n%s"), "check", _(check_usage));
        return LS_EUSAGE;
    }
    return -1;
}

int ls_cli_check(int argc, char **argv, const ls_dist *dist)
{
    ls_cli_common common = {.dist = dist, .all_warnings = 1};
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
            printf(errs.n_warnings ? _("\n%s is valid (see the warnings above).\n")
                                   : _("\n%s is valid.\n"),
                   dir);
        }
    }
    ls_check_free(check);
    ls_model_free(model);
    ls_errors_clear(&errs);
    ls_cli_common_free(&common);
    return rc;
}
