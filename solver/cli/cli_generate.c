/*
 * cli_generate.c — `lumpsum generate`: parses the preset or the sizes, calls ls_generate.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

static const char *const generate_usage =
    N_("usage: lumpsum generate [--preset NAME | --inhabitants N --providers P --areas A]\n"
       "                        [--regions R] [--budget-factor F] --seed S DIR\n"
       "\n"
       "Writes a synthetic but realistic model directory DIR (docs/generator.md).\n"
       "presets: village (6,000 inhabitants), dalfsen (28,000), zaltbommel (28,500, budget just\n"
       "short), midsize (150,000), amsterdam (930,000, 99 districts, budget just short),\n"
       "country (17.9 million, 342 municipalities as areas in 42 youth-care regions, one\n"
       "national frame). --regions R splits the areas into R blocks; a provider serves areas\n"
       "of its own block only (regions that contract apart).\n"
       "The same options and seed write byte-identical files. DIR must be new or hold no\n"
       "model file: generate never writes over a model.\n");

/* A whole number option in [lo, hi] into *out: 0; else LS_EUSAGE after a message that names
 * the option and its range ("--inhabitants must be a whole number from 100 to …"). */
static int count_option(const char *name, const char *arg, double lo, double hi, double *out)
{
    return ls_cli_number("generate", _(generate_usage), name, arg, lo, hi, 1, out) == 0 ? 0
                                                                                        : LS_EUSAGE;
}

/* One option; 0, or LS_EUSAGE after the message that names it (a value out of its range, an
 * unknown preset), or -1 for an option generate does not take. have: 1 the seed, 2 a preset,
 * 4/8/16 inhabitants/providers/areas. */
static int generate_option(int opt, const char *arg, ls_generate_options *o, int *have)
{
    double v = 0;
    int bad = 0;
    switch (opt) {
    case 'p':
        *have |= 2;
        if (ls_generate_preset(arg, o) != LS_OK) {
            fprintf(stderr, _("lumpsum generate: unknown preset '%s'\n%s"), arg, _(generate_usage));
            return LS_EUSAGE;
        }
        return 0;
    case 'i':
        *have |= 4;
        return count_option("inhabitants", arg, 100, 1e9, &o->inhabitants);
    case 'P':
        bad = count_option("providers", arg, 1, 1e6, &v);
        o->providers = (size_t)v;
        *have |= 8;
        return bad;
    case 'a':
        bad = count_option("areas", arg, 1, 1e4, &v);
        o->areas = (size_t)v;
        *have |= 16;
        return bad;
    case 'r':
        bad = count_option("regions", arg, 1, 1e4, &v);
        o->regions = (size_t)v;
        return bad;
    case 'b': {
        /* the other options' spelling of a number (a decimal comma, no hex, no nan) */
        char why[160];
        if (ls_parse_number(arg, LS_NUM_COMMA, &v, why, sizeof why) != 0 || !(v > 0 && v < 100)) {
            fprintf(stderr,
                    _("lumpsum generate: --budget-factor must be a number above 0 and below "
                      "100, not '%s'\n%s"),
                    arg, _(generate_usage));
            return LS_EUSAGE;
        }
        o->budget_factor = v;
        return 0;
    }
    case 's':
        bad = count_option("seed", arg, 0, 4294967295.0, &v);
        o->seed = (unsigned long)v;
        *have |= 1;
        return bad;
    default:
        return -1;
    }
}

int ls_cli_generate(int argc, char **argv, const ls_dist *dist)
{
    static const struct option longopts[] = {{"preset", required_argument, 0, 'p'},
                                              {"inhabitants", required_argument, 0, 'i'},
                                              {"providers", required_argument, 0, 'P'},
                                              {"areas", required_argument, 0, 'a'},
                                              {"regions", required_argument, 0, 'r'},
                                              {"budget-factor", required_argument, 0, 'b'},
                                              {"seed", required_argument, 0, 's'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    (void)dist;
    ls_generate_options o;
    ls_generate_options_init(&o);
    int opt, have = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (opt == '?') /* getopt named it; the option meant, where one is near */
            ls_cli_option_hint("generate", argv[optind - 1], longopts);
        if (opt == 'h') {
            fputs(_(generate_usage), stdout);
            return 0;
        }
        int bad = generate_option(opt, optarg, &o, &have);
        if (bad == LS_EUSAGE)
            return LS_EUSAGE;
        if (bad) { /* an option generate does not take: getopt has said which */
            fputs(_(generate_usage), stderr);
            return LS_EUSAGE;
        }
    }
    int sizes = have & 28, preset = have & 2;
    if (optind != argc - 1 || !(have & 1) || (preset && sizes) || (!preset && sizes != 28)) {
        fprintf(stderr,
                _("lumpsum generate: give --seed, a DIR, and either --preset or all of "
                  "--inhabitants, --providers and --areas\n%s"),
                _(generate_usage));
        return LS_EUSAGE;
    }
    /* as init: a model is written new, never over one (an empty folder is fine) */
    const char *table = ls_model_table_in(argv[optind]);
    if (table) {
        /* segments.csv alone may be a plan's output rather than a model's table */
        if (strcmp(table, "segments.csv") == 0 || strcmp(table, "indicators.csv") == 0)
            fprintf(stderr,
                    _("lumpsum: %s: already holds %s (a model's table, or a plan's output); "
                      "generate writes a new model only (give another folder)\n"),
                    argv[optind], table);
        else
            fprintf(stderr,
                    _("lumpsum: %s: already holds a model (%s); generate writes a new model only "
                      "(give another folder)\n"),
                    argv[optind], table);
        return LS_EUSAGE;
    }
    ls_errors errs = {0};
    int rc = ls_generate(&o, argv[optind], &errs);
    ls_cli_print_errors(&errs, stderr);
    ls_errors_clear(&errs);
    if (rc == LS_OK) {
        char n[64];
        char providers[64], areas[64];
        snprintf(providers, sizeof providers, P_("%zu provider", "%zu providers", o.providers),
                 o.providers);
        snprintf(areas, sizeof areas, P_("%zu area", "%zu areas", o.areas), o.areas);
        /* TRANSLATORS: "Wrote a model of 6,000 inhabitants, 12 providers and 1 area to DIR" */
        printf(_("Wrote a model of %s inhabitants, %s and %s to %s\n"),
               ls_cli_num(o.inhabitants, 0, n, sizeof n), providers, areas, argv[optind]);
    }
    return rc;
}
