/*
 * cli_sweep.c — `lumpsum sweep`: the table a controller reads, --out FILE, --json, and a
 * progress bar on stderr when it is a terminal.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

static const char *const sweep_usage =
    N_("usage: lumpsum sweep MODEL --param NAME --from A --to B --steps N [--years Y]\n"
       "                     [--threads T] [--out FILE] [--csv nl|plain] [--xlsx FILE]\n"
       "                     [--json] [--set KEY=VALUE]...\n"
       "\n"
       "Re-solves the plan for N values of one parameter from A to B, warm-started from the\n"
       "last, and finds the break-even: where the status flips between funded and underfunded\n"
       "(and, for demand, where unmet demand first appears), to a millionth relative.\n"
       "NAME: wage_index, budget, reserve, demand (multiplier on every segment's clients and\n"
       "pgb clients), local_share_min, local_share_min.<domain>, quality_value, cao:<id>\n"
       "(multiplier on one CAO's wages), clients:<segment>, clients:<area>.\n"
       "--years Y plans years 1..Y for each value (as plan --years) and reports the last year,\n"
       "so the break-even is the value at which the last year's status flips.\n"
       "--threads T solves T blocks of neighbouring values at once (default 1), each from a\n"
       "cold solve of its first value; the table and --out are the same for any T.\n"
       "--xlsx FILE writes an Excel workbook: the table and a chart of required and available\n"
       "against the parameter, the break-even marked.\n"
       "--csv nl writes --out FILE with ';' and a decimal comma, as a Dutch Excel reads it;\n"
       "--csv plain (the default) with ',' and a decimal point.\n");

/* A value as --set takes it back: the shortest decimal that reads back as it, in Dutch with a
 * decimal comma but no thousands grouped (--set takes no separator), and with a point where a
 * comma would read as one ("1,125": one and an eighth, or a thousand one hundred and
 * twenty-five?). */
static void as_set_takes_it(double value, ls_num_style style, char *buf, size_t size)
{
    ls_fmt_value(buf, size, value);
    char *dot = strchr(buf, '.');
    if (style == LS_STYLE_NL && dot) {
        *dot = ',';
        if (ls_number_ambiguous(buf))
            *dot = '.';
    }
}

/* A value of param as --set takes it, and where that is a fraction or euros, as a controller
 * reads it: "0.0564790654393 = 5.65 %", "2696693.28357 = € 2,696,693.28" (in Dutch
 * "2696693,28357 = € 2.696.693,28"); a multiplier (demand, a CAO, clients) as it is. */
static void with_reading(const char *param, double value, ls_num_style style, char *buf,
                         size_t size)
{
    char raw[64], read[64];
    as_set_takes_it(value, style, raw, sizeof raw);
    int fraction = strcmp(param, "wage_index") == 0 || strcmp(param, "reserve") == 0 ||
                   strncmp(param, "local_share_min", 15) == 0;
    if (strcmp(param, "budget") == 0)
        snprintf(buf, size, "%s = € %s", raw, ls_cli_euro(value, read, sizeof read));
    else if (fraction)
        snprintf(buf, size, "%s = %s %%", raw, ls_cli_pct(100 * value, read, sizeof read));
    else
        snprintf(buf, size, "%s", raw);
}

/* A status as the break-even line says it (the files keep funded, underfunded, no_solution;
 * a row's clients without a place are their demand column's unmet). */
static const char *status_text(ls_status status)
{
    return status == LS_FUNDED        ? _("funded")
           : status == LS_UNDERFUNDED ? _("underfunded")
                                      : _("no solution");
}

static void print_table(const char *param, const ls_sweep *sw)
{
    char a[64], b[64], c[64], d[64], st[64];
    ls_num_style style = ls_text_style();
    /* a row's status tells its clients without a place (", unmet"), as plan's verdict does */
    size_t ws = 11;
    for (ls_status s = LS_FUNDED; s <= LS_NO_SOLUTION; s++)
        ws = ls_text_width(status_text(s)) > ws ? ls_text_width(status_text(s)) : ws;
    for (size_t k = 0; k < sw->n_rows; k++) {
        const ls_summary *s = &sw->rows[k].summary;
        size_t w = ls_text_width(ls_cli_status_text(s->status, s->unmet_clients));
        ws = w > ws ? w : ws;
    }
    int wr = ls_cli_width(_("required"), 18), wa = ls_cli_width(_("available"), 18),
        wc = ls_cli_width(_("cut/margin"), 10), wu = ls_cli_width(_("unmet"), 10);
    printf("%14s  %s %*s %*s %*s %*s\n", param, ls_text_pad(st, sizeof st, _("status"), ws, 0, 0),
           wr, _("required"), wa, _("available"), wc, _("cut/margin"), wu, _("unmet"));
    char v[160], from[64], to[64]; /* (v: a value and its reading, with_reading) */
    double unmet_most = 0;
    size_t first_solved = sw->n_rows;
    int seen[LS_NO_SOLUTION + 1] = {0}; /* the statuses of the values with a solution */
    for (size_t k = 0; k < sw->n_rows; k++) {
        const ls_sweep_row *r = &sw->rows[k];
        ls_format_value(v, sizeof v, r->value, style);
        if (r->summary.status == LS_NO_SOLUTION) {
            /* its reason in place of the figures, after a colon: padded to the status
             * column, the two words ran into the reason's first ones */
            const char *why = sw->reasons && sw->reasons[k] ? sw->reasons[k] : NULL;
            printf("%14s  %s%s%s\n", v, ls_cli_status_text(r->summary.status, 0), why ? ": " : "",
                   why ? why : "");
            continue;
        }
        if (first_solved == sw->n_rows)
            first_solved = k;
        seen[r->summary.status] = 1;
        unmet_most = fmax(unmet_most, r->summary.unmet_clients);
        printf(
            "%14s  %s %*s %*s %*s %*s\n", v,
            ls_text_pad(st, sizeof st,
                        ls_cli_status_text(r->summary.status, r->summary.unmet_clients), ws, 0, 0),
            wr, ls_cli_euro(r->summary.required, a, sizeof a), wa,
            ls_cli_euro(r->summary.available, b, sizeof b), wc,
            ls_cli_percent_cell(r->summary.status == LS_FUNDED ? r->summary.margin : r->deepest_cut,
                                c, sizeof c),
            wu, ls_cli_num(r->summary.unmet_clients, 2, d, sizeof d));
    }
    ls_format_value(from, sizeof from, sw->rows[0].value, style);
    ls_format_value(to, sizeof to, sw->rows[sw->n_rows - 1].value, style);
    /* the headline never hides unmet demand */
    printf("\n");
    if (isnan(sw->break_even) && seen[LS_FUNDED] && seen[LS_UNDERFUNDED])
        /* funded on one side of values without a solution, underfunded on the other: the
         * status flips, but no value with a solution is next to the flip */
        printf(_("No break-even in [%s, %s]: the status differs only across values without a "
                 "solution"),
               from, to);
    else if (isnan(sw->break_even) && first_solved < sw->n_rows && sw->no_solution)
        printf(_("No break-even in [%s, %s]: the status is %s wherever a value has a solution"),
               from, to, status_text(sw->rows[first_solved].summary.status));
    else if (isnan(sw->break_even) && first_solved < sw->n_rows)
        printf(_("No break-even in [%s, %s]: the status is %s throughout"), from, to,
               status_text(sw->rows[first_solved].summary.status));
    else if (isnan(sw->break_even))
        printf(_("No value in [%s, %s] has a solution"), from, to);
    else {
        with_reading(param, sw->break_even, style, v, sizeof v);
        printf(P_("Break-even: %s = %s (%s below, %s above; the status flips %zu time between "
                  "the steps)",
                  "Break-even: %s = %s (%s below, %s above; the status flips %zu times between "
                  "the steps)",
                  sw->flips),
               param, v, status_text(sw->break_even_from),
               status_text(sw->break_even_from == LS_FUNDED ? LS_UNDERFUNDED : LS_FUNDED),
               sw->flips);
    }
    if (unmet_most > 0)
        printf(_(", BUT CLIENTS GO WITHOUT A PLACE (up to %s)"),
               ls_cli_num(unmet_most, 2, a, sizeof a));
    printf(".\n");
    if (!isnan(sw->unmet_break_even)) {
        /* found by bisection to 1e-7 relative: its digits beyond the seventh are the
         * bisection's, not the model's (3.00000011921 clients where 3 is meant) */
        char seven[64];
        snprintf(seven, sizeof seven, "%.7g", sw->unmet_break_even);
        with_reading(param, strtod(seven, NULL), style, v, sizeof v);
        printf(_("Unmet demand first appears at %s = %s.\n"), param, v);
    }
    if (sw->no_solution && sw->no_solution < sw->n_rows) /* all: the line above says so */
        printf(_("%zu of %zu values have no solution (listed above); the others are planned.\n"),
               sw->no_solution, sw->n_rows);
}

/* The errors of ls_sweep_run about its options that only the model can tell (a parameter
 * the model lacks or a value out of its range, a growth too fast for the years), by the
 * flags that set them; the range of the steps is checked here first. */
static const ls_cli_flag sweep_flags[] = {
    {"param", "--param"}, {"from", "--from"}, {"to", "--to"}, {"years", "--years"}, {NULL, NULL}};

typedef struct sweep_args {
    ls_cli_common common;
    ls_sweep_options o;
    const char *out, *xlsx;
} sweep_args;

/* One option of sweep's own (not --set or --json): 0, or -1 after its message. */
static int sweep_option(int opt, const char *arg, sweep_args *a, int *have)
{
    double v;
    switch (opt) {
    case 'p':
        a->o.param = arg, *have |= 1;
        return 0;
    case 'f':
        *have |= 2;
        return ls_cli_number("sweep", _(sweep_usage), "from", arg, -INFINITY, INFINITY, 0,
                             &a->o.from);
    case 't':
        *have |= 4;
        return ls_cli_number("sweep", _(sweep_usage), "to", arg, -INFINITY, INFINITY, 0, &a->o.to);
    case 'n':
        *have |= 8;
        if (ls_cli_number("sweep", _(sweep_usage), "steps", arg, 1, 1e7, 1, &v) != 0)
            return -1;
        a->o.steps = (size_t)v;
        return 0;
    case 'x':
        return ls_cli_xlsx_option("sweep", arg, &a->xlsx) == 0 ? 0 : -1;
    case 'o':
        a->out = arg;
        return 0;
    case 'T':
        if (ls_cli_number("sweep", _(sweep_usage), "threads", arg, 1, 256, 1, &v) != 0)
            return -1;
        a->o.threads = (int)v;
        return 0;
    default: /* 'y' */
        if (ls_cli_number("sweep", _(sweep_usage), "years", arg, 1, 100, 1, &v) != 0)
            return -1;
        a->o.years = (size_t)v;
        return 0;
    }
}

/* The options; -1 to go on, else the exit code. */
static int parse(int argc, char **argv, sweep_args *a)
{
    static const struct option longopts[] = {
        {"set", required_argument, 0, 's'},   {"json", no_argument, 0, 'j'},
        {"param", required_argument, 0, 'p'}, {"from", required_argument, 0, 'f'},
        {"to", required_argument, 0, 't'},    {"steps", required_argument, 0, 'n'},
        {"out", required_argument, 0, 'o'},   {"xlsx", required_argument, 0, 'x'},
        {"help", no_argument, 0, 'h'},        {"years", required_argument, 0, 'y'},
        {"csv", required_argument, 0, 'C'},   {"threads", required_argument, 0, 'T'},
        {0, 0, 0, 0}};
    int opt, have = 0, bad = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hjo:", longopts, NULL)) != -1) {
        if (opt == '?') /* getopt named it; the option meant, where one is near */
            ls_cli_option_hint("sweep", argv[optind - 1], longopts);
        if (opt == 'h') {
            fputs(_(sweep_usage), stdout);
            return 0;
        }
        if (opt == 'C') {
            if (ls_cli_csv_option("sweep", optarg, &a->common) != 0)
                return LS_EUSAGE;
        } else if (strchr("pftnxoyT", opt) && opt) {
            if (sweep_option(opt, optarg, a, &have) != 0)
                return LS_EUSAGE;
        } else
            bad |= ls_cli_common_option(opt, optarg, &a->common) <= 0;
    }
    if (bad || have != 15 || optind != argc - 1) {
        fprintf(stderr, _("lumpsum sweep: give MODEL, --param, --from, --to and --steps\n%s"),
                _(sweep_usage));
        return LS_EUSAGE;
    }
    const ls_sweep_options *o = &a->o;
    if (o->from > o->to || (o->steps == 1 && o->from != o->to) ||
        (o->steps > 1 && o->from == o->to)) {
        fputs(_("lumpsum sweep: need --from < --to with --steps ≥ 2, or --from = --to with "
                "--steps 1\n"),
              stderr);
        return LS_EUSAGE;
    }
    ls_cli_csv_unused("sweep", &a->common, a->out);
    return -1;
}

/* What is asked for once the sweep has run: --out, --xlsx, and the table or the JSON. */
static int report(const sweep_args *a, const ls_sweep *sw, ls_errors *errs)
{
    int rc = LS_OK;
    if (a->out && (rc = ls_sweep_write_csv_as(sw, a->out, a->common.csv, errs)) != LS_OK) {
        ls_cli_print_errors(errs, stderr);
        return rc;
    }
    if (a->xlsx && (rc = ls_sweep_write_xlsx(sw, a->o.param, a->xlsx, errs)) != LS_OK) {
        ls_cli_print_errors(errs, stderr);
        return rc;
    }
    if (a->common.json) {
        char *json;
        rc = ls_sweep_to_json(sw, a->o.param, &json);
        return rc == LS_OK ? ls_cli_print_text(json) : rc;
    }
    print_table(a->o.param, sw);
    if (a->out)
        printf(_("Wrote %s\n"), a->out);
    if (a->xlsx)
        printf(_("Wrote the workbook %s\n"), a->xlsx);
    return LS_OK;
}

int ls_cli_sweep(int argc, char **argv, const ls_dist *dist)
{
    sweep_args a = {.common = {.dist = dist}};
    ls_sweep_options_init(&a.o);
    int rc = parse(argc, argv, &a);
    if (rc >= 0) {
        ls_cli_common_free(&a.common);
        return rc;
    }
    a.o.dist = dist;
    /* only the CSV and --json show each row's break-even */
    a.o.rows_break_even = a.out != NULL || a.common.json;
    if (ls_cli_show_progress(&a.common))
        a.o.progress = ls_cli_progress;
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_sweep *sw = NULL;
    const ls_cli_output outs[] = {{a.out, NULL, 0}, {a.xlsx, NULL, 0}};
    rc = ls_cli_check_outputs(argv[optind], outs, 2);
    if (rc == LS_OK)
        rc = ls_cli_read_model(argv[optind], &a.common, &model, &errs);
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        rc = ls_sweep_run(model, &a.o, &sw, &errs);
        if (rc != LS_OK)
            ls_cli_print_failure("sweep", sweep_flags, rc, &errs);
        else if (errs.n_warnings) { /* a break-even not given, and why */
            ls_cli_print_errors(&errs, stderr);
            ls_errors_clear(&errs);
        }
    }
    if (ls_dist_rank(dist) != 0) /* under mpirun every rank has the rows; rank 0 writes them */
        a.out = a.xlsx = NULL;
    if (rc == LS_OK)
        rc = report(&a, sw, &errs);
    /* no value has a solution: the rows say why, and the exit code says so, as plan's and
     * risk's do */
    if (rc == LS_OK && sw->n_rows > 0 && sw->no_solution == sw->n_rows)
        rc = LS_ENOSOLUTION;
    ls_sweep_free(sw);
    ls_model_free(model);
    ls_errors_clear(&errs);
    ls_cli_common_free(&a.common);
    return rc;
}
