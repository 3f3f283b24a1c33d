/*
 * cli_sweep.c — `lumpsum sweep`: the table a controller reads, --out FILE, --json, and a
 * progress bar on stderr when it is a terminal.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lumpsum.h"
#include "util.h"

static const char *const sweep_usage =
    "usage: lumpsum sweep MODEL --param NAME --from A --to B --steps N [--years Y]\n"
    "                     [--out FILE] [--xlsx FILE] [--json] [--set KEY=VALUE]...\n"
    "\n"
    "Re-solves the plan for N values of one parameter from A to B, warm-started from the\n"
    "last, and finds the break-even: where the status flips between funded and underfunded\n"
    "(and, for demand, where unmet demand first appears), to 1e-6 relative.\n"
    "NAME: wage_index, budget, reserve, demand (multiplier on every segment's clients),\n"
    "local_share_min, quality_value, cao:<id> (multiplier on one CAO's wages),\n"
    "clients:<segment>.\n"
    "--years Y plans years 1..Y for each value (as plan --years) and reports the last year,\n"
    "so the break-even is the value at which the last year's status flips.\n"
    "--xlsx FILE writes an Excel workbook: the table and a chart of required and available\n"
    "against the parameter, the break-even marked.\n";

static json_t *row_json(const ls_sweep_row *r, const char *reason)
{
    if (r->status == LS_NO_SOLUTION)
        return json_pack("{s:f, s:s, s:s}", "value", r->value, "status", "no_solution", "reason",
                         reason ? reason : "no solution");
    return json_pack("{s:f, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "value",
                     r->value, "status", ls_status_name(r->status), "budget", r->budget,
                     "available", r->available, "required", r->required, "served_clients",
                     r->served_clients, "unmet_clients", r->unmet_clients, "cut", r->cut, "margin",
                     r->margin, "allocated", r->allocated, "unallocated", r->unallocated,
                     "pgb_cost", r->pgb_cost);
}

static void print_table(const char *param, const ls_sweep *sw)
{
    char a[64], b[64];
    printf("%14s  %-11s %18s %18s %10s %10s\n", param, "status", "required", "available",
           "cut/margin", "unmet");
    char v[64], from[64], to[64];
    double unmet_most = 0;
    size_t first_solved = sw->n_rows;
    for (size_t k = 0; k < sw->n_rows; k++) {
        const ls_sweep_row *r = &sw->rows[k];
        ls_fmt_value(v, sizeof v, r->value);
        if (r->status == LS_NO_SOLUTION) {
            printf("%14s  %-11s %s\n", v, "no solution",
                   sw->reasons && sw->reasons[k] ? sw->reasons[k] : "");
            continue;
        }
        if (first_solved == sw->n_rows)
            first_solved = k;
        unmet_most = fmax(unmet_most, r->unmet_clients);
        printf("%14s  %-11s %18s %18s %+9.2f%% %10.2f\n", v, ls_status_name(r->status),
               ls_cli_euro(r->required, a, sizeof a), ls_cli_euro(r->available, b, sizeof b),
               100 * (r->status == LS_FUNDED ? r->margin : r->deepest_cut), r->unmet_clients);
    }
    ls_fmt_value(from, sizeof from, sw->rows[0].value);
    ls_fmt_value(to, sizeof to, sw->rows[sw->n_rows - 1].value);
    /* the headline never hides unmet demand */
    printf("\n");
    if (isnan(sw->break_even) && first_solved < sw->n_rows)
        printf("No break-even in [%s, %s]: the status is %s throughout", from, to,
               ls_status_name(sw->rows[first_solved].status));
    else if (isnan(sw->break_even))
        printf("No value in [%s, %s] has a solution", from, to);
    else {
        ls_fmt_value(v, sizeof v, sw->break_even);
        printf("Break-even: %s = %s (%s below, %s above; the status flips %zu time%s between "
               "the steps)",
               param, v, ls_status_name(sw->break_even_from),
               sw->break_even_from == LS_FUNDED ? "underfunded" : "funded", sw->flips,
               sw->flips == 1 ? "" : "s");
    }
    if (unmet_most > 0)
        printf(", BUT CLIENTS GO WITHOUT A PLACE (up to %.2f)", unmet_most);
    printf(".\n");
    if (!isnan(sw->unmet_break_even)) {
        ls_fmt_value(v, sizeof v, sw->unmet_break_even);
        printf("Unmet demand first appears at %s = %s.\n", param, v);
    }
    if (sw->no_solution)
        printf("%zu of %zu values have no solution (listed above); the others are planned.\n",
               sw->no_solution, sw->n_rows);
}

int ls_cli_sweep(int argc, char **argv)
{
    static const struct option longopts[] = {{"set", required_argument, 0, 's'},
                                             {"json", no_argument, 0, 'j'},
                                             {"param", required_argument, 0, 'p'},
                                             {"from", required_argument, 0, 'f'},
                                             {"to", required_argument, 0, 't'},
                                             {"steps", required_argument, 0, 'n'},
                                             {"out", required_argument, 0, 'o'},
                                             {"xlsx", required_argument, 0, 'x'},
                                             {"help", no_argument, 0, 'h'},
                                             {"years", required_argument, 0, 'y'},
                                             {0, 0, 0, 0}};
    ls_cli_common common = {0};
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    const char *out = NULL, *xlsx = NULL;
    int opt, have = 0, bad = 0;
    double steps = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hjo:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(sweep_usage, stdout);
            free(common.sets);
            return 0;
        case 'p':
            o.param = optarg, have |= 1;
            break;
        case 'f':
            if (ls_cli_number("sweep", sweep_usage, "from", optarg, -INFINITY, INFINITY, 0,
                              &o.from) != 0)
                return free(common.sets), LS_EUSAGE;
            have |= 2;
            break;
        case 't':
            if (ls_cli_number("sweep", sweep_usage, "to", optarg, -INFINITY, INFINITY, 0, &o.to) !=
                0)
                return free(common.sets), LS_EUSAGE;
            have |= 4;
            break;
        case 'n':
            if (ls_cli_number("sweep", sweep_usage, "steps", optarg, 1, 1e7, 1, &steps) != 0)
                return free(common.sets), LS_EUSAGE;
            have |= 8;
            break;
        case 'x':
            xlsx = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'y': {
            double y;
            if (ls_cli_number("sweep", sweep_usage, "years", optarg, 1, 100, 1, &y) != 0)
                return free(common.sets), LS_EUSAGE;
            o.years = (size_t)y;
            break;
        }
        default:
            bad |= ls_cli_common_option(opt, optarg, &common) <= 0;
        }
    }
    if (bad || have != 15 || optind != argc - 1) {
        fprintf(stderr, "lumpsum sweep: give MODEL, --param, --from, --to and --steps\n%s",
                sweep_usage);
        free(common.sets);
        return LS_EUSAGE;
    }
    o.steps = (size_t)steps;
    if (isatty(2) && !common.json && ls_dist_rank() == 0)
        o.progress = ls_cli_progress;
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_sweep *sw = NULL;
    int rc = ls_cli_read_model(argv[optind], &common, &model, &errs);
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        rc = ls_sweep_run(model, &o, &sw, &errs);
        if (rc != LS_OK)
            ls_cli_print_failure("sweep", rc, &errs);
    }
    if (ls_dist_rank() != 0) {
        /* under mpirun every rank has the rows; rank 0 writes them */
        out = xlsx = NULL;
    }
    if (rc == LS_OK && out) {
        rc = ls_sweep_write_csv(sw, out, &errs);
        if (rc != LS_OK)
            ls_cli_print_errors(&errs, stderr);
    }
    if (rc == LS_OK && xlsx) {
        rc = ls_sweep_write_xlsx(sw, o.param, xlsx, &errs);
        if (rc != LS_OK)
            ls_cli_print_errors(&errs, stderr);
    }
    if (rc == LS_OK) {
        if (common.json) {
            json_t *rows = json_array();
            for (size_t k = 0; k < sw->n_rows; k++)
                json_array_append_new(rows, row_json(&sw->rows[k], sw->reasons[k]));
            json_t *scenario =
                json_pack("{s:s?, s:s}", "model", sw->model, "lumpsum_version", LS_VERSION);
            for (size_t i = 0; i < sw->n_settings; i++)
                json_object_set_new(scenario, sw->settings[i].key,
                                    json_string(sw->settings[i].value));
            json_t *doc = json_pack(
                "{s:s, s:o, s:I, s:I, s:o, s:o, s:o}", "param", o.param, "scenario", scenario,
                "flips", (json_int_t)sw->flips, "no_solution", (json_int_t)sw->no_solution, "rows",
                rows, "break_even", isnan(sw->break_even) ? json_null() : json_real(sw->break_even),
                "unmet_break_even",
                isnan(sw->unmet_break_even) ? json_null() : json_real(sw->unmet_break_even));
            rc = ls_cli_print_json(doc);
        } else {
            print_table(o.param, sw);
            if (out)
                printf("Wrote %s\n", out);
            if (xlsx)
                printf("Wrote the workbook %s\n", xlsx);
        }
    }
    ls_sweep_free(sw);
    ls_model_free(model);
    ls_errors_clear(&errs);
    free(common.sets);
    return rc;
}
