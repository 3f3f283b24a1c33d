/*
 * cli_generate.c — `lumpsum generate`: parses the preset or the sizes, calls ls_generate.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lumpsum.h"

static const char *const generate_usage =
    "usage: lumpsum generate [--preset NAME | --inhabitants N --providers P --areas A]\n"
    "                        [--regions R] [--budget-factor F] --seed S DIR\n"
    "\n"
    "Writes a synthetic but realistic model directory DIR (docs/generator.md).\n"
    "presets: village (6,000 inhabitants), dalfsen (28,000), zaltbommel (28,500, budget just\n"
    "short), midsize (150,000), amsterdam (930,000, 99 districts, budget just short),\n"
    "country (17.9 million, 342 municipalities as areas in 42 youth-care regions, one\n"
    "national frame). --regions R splits the areas into R blocks; a provider serves areas\n"
    "of its own block only (regions that contract apart).\n"
    "The same options and seed write byte-identical files.\n";

/* A whole number option: digits only, within [lo, hi]. */
static int parse_count(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !isfinite(v) || v < lo || v > hi || v != floor(v))
        return -1;
    *out = v;
    return 0;
}

int ls_cli_generate(int argc, char **argv)
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
    ls_generate_options o;
    ls_generate_options_init(&o);
    int opt, have_seed = 0, sizes = 0, preset = 0;
    double v;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (opt) {
        case 'h':
            fputs(generate_usage, stdout);
            return 0;
        case 'p':
            preset = 1;
            if (ls_generate_preset(optarg, &o) != LS_OK) {
                fprintf(stderr, "lumpsum generate: unknown preset '%s'\n%s", optarg,
                        generate_usage);
                return LS_EUSAGE;
            }
            break;
        case 'i':
            bad = parse_count(optarg, 100, 1e9, &o.inhabitants);
            sizes |= 1;
            break;
        case 'P':
            bad = parse_count(optarg, 1, 1e6, &v);
            o.providers = (size_t)v;
            sizes |= 2;
            break;
        case 'a':
            bad = parse_count(optarg, 1, 1e4, &v);
            o.areas = (size_t)v;
            sizes |= 4;
            break;
        case 'r':
            bad = parse_count(optarg, 1, 1e4, &v);
            o.regions = (size_t)v;
            break;
        case 'b': {
            char *end;
            o.budget_factor = strtod(optarg, &end);
            bad = !*optarg || *end || !(o.budget_factor > 0 && o.budget_factor < 100);
            break;
        }
        case 's':
            bad = parse_count(optarg, 0, 4294967295.0, &v);
            o.seed = (unsigned long)v;
            have_seed = 1;
            break;
        default:
            bad = 1;
        }
        if (bad) {
            fprintf(stderr, "lumpsum generate: bad value%s%s\n%s", optarg ? " " : "",
                    optarg ? optarg : "", generate_usage);
            return LS_EUSAGE;
        }
    }
    if (optind != argc - 1 || !have_seed || (preset && sizes) || (!preset && sizes != 7)) {
        fprintf(stderr, "lumpsum generate: give --seed, a DIR, and either --preset or all of "
                        "--inhabitants, --providers and --areas\n%s", generate_usage);
        return LS_EUSAGE;
    }
    ls_errors errs = {0};
    int rc = ls_generate(&o, argv[optind], &errs);
    ls_cli_print_errors(&errs, stderr);
    ls_errors_clear(&errs);
    if (rc == LS_OK)
        printf("Wrote a model of %.0f inhabitants, %zu providers and %zu areas to %s\n",
               o.inhabitants, o.providers, o.areas, argv[optind]);
    return rc;
}
