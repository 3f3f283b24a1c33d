/*
 * json_study.c — a sweep's, a risk run's and a batch's figures as one JSON document each
 * (docs/sweep.md, docs/risk.md, docs/distributed.md), formatted as the plan's
 * (ls_result_to_json): two-space indent, keys in order, 15 significant digits.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "format.h"
#include "lumpsum.h"

/* The document as text (NULL: out of memory); the document is freed. */
static int dump(json_t *doc, char **out)
{
    *out = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
               : NULL;
    json_decref(doc);
    return *out ? LS_OK : LS_EINTERNAL;
}

/* arr with item appended; NULL when either is NULL (a json_pack that failed): the document
 * then fails as a whole instead of losing a row without a word. */
static json_t *append(json_t *arr, json_t *item)
{
    if (arr && item)
        return json_array_append_new(arr, item) == 0 ? arr : (json_decref(arr), NULL);
    json_decref(arr);
    json_decref(item);
    return NULL;
}

static json_t *real_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

/* The scenario's settings after its fixed keys. */
static json_t *with_settings(json_t *scenario, const ls_setting *settings, size_t n)
{
    for (size_t i = 0; scenario && i < n; i++)
        json_object_set_new(scenario, settings[i].key, json_string(settings[i].value));
    return scenario;
}

/* ---- sweep ------------------------------------------------------------------------------ */

/* A row with the columns of the sweep's CSV, its money in cents as the CSV has it (available
 * and allocated rounded first, unallocated their difference). */
static json_t *sweep_row(const ls_sweep_row *r, const char *reason)
{
    if (r->summary.status == LS_NO_SOLUTION)
        return json_pack("{s:f, s:s, s:i, s:s}", "value", r->value, "status", "no_solution",
                         "break_even", r->break_even, "reason", reason ? reason : "no solution");
    double available = ls_shown_cents(r->summary.available),
           allocated = ls_shown_cents(r->summary.allocated);
    return json_pack("{s:f, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
                     "s:o, s:i}",
                     "value", r->value, "status", ls_status_name(r->summary.status), "demand",
                     ls_demand_name(r->summary.unmet_clients), "budget",
                     ls_shown_cents(r->summary.budget), "available", available, "required",
                     ls_shown_cents(r->summary.required), "served_clients",
                     r->summary.served_clients, "unmet_clients", r->summary.unmet_clients, "cut",
                     r->summary.cut, "margin", r->summary.margin, "allocated", allocated,
                     "unallocated", available - allocated, "pgb_clients", r->summary.pgb_clients,
                     "pgb_cost", ls_shown_cents(r->summary.pgb_cost), "break_even_wage_index",
                     real_or_null(r->summary.break_even_wage_index), "break_even", r->break_even);
}

int ls_sweep_to_json(const ls_sweep *sw, const char *param, char **out)
{
    json_t *rows = json_array();
    for (size_t k = 0; k < sw->n_rows; k++)
        rows = append(rows, sweep_row(&sw->rows[k], sw->reasons[k]));
    if (!isnan(sw->break_even)) { /* the CSV's last row: the figures at the break-even */
        ls_sweep_row row = sw->break_even_row;
        row.break_even = 1;
        rows = append(rows, sweep_row(&row, NULL));
    }
    json_t *scenario = with_settings(
        json_pack("{s:s?, s:s}", "model", sw->model, "lumpsum_version", LS_VERSION),
        sw->settings, sw->n_settings);
    json_t *doc = json_pack("{s:s, s:o, s:I, s:I, s:o, s:o, s:o}", "param", param, "scenario",
                            scenario, "flips", (json_int_t)sw->flips, "no_solution",
                            (json_int_t)sw->no_solution, "rows", rows, "break_even",
                            real_or_null(sw->break_even), "unmet_break_even",
                            real_or_null(sw->unmet_break_even));
    return dump(doc, out);
}

/* ---- risk ------------------------------------------------------------------------------- */

int ls_risk_to_json(const ls_risk *k, char **out)
{
    json_t *drv = json_array();
    for (size_t i = 0; i < k->n_drivers; i++)
        drv = append(drv, json_pack("{s:s, s:f}", "segment", k->drivers[i].segment, "share",
                                    k->drivers[i].share));
    json_t *unmet = json_array();
    for (size_t i = 0; i < k->n_unmet; i++)
        unmet = append(unmet, json_pack("{s:s, s:f}", "segment", k->unmet[i].segment, "share",
                                        k->unmet[i].share));
    json_t *scenario = with_settings(
        json_pack("{s:s?, s:s, s:I, s:f, s:f}", "model", k->model, "lumpsum_version", LS_VERSION,
                  "seed", (json_int_t)k->options.seed, "dispersion", k->options.dispersion,
                  "wage_sd", k->options.wage_sd),
        k->settings, k->n_settings);
    json_t *doc = json_pack(
        "{s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
        "s:o, s:o, s:o}",
        "runs", (json_int_t)k->n_samples, "solved_runs", (json_int_t)k->solved, "available",
        ls_shown_cents(k->available), "mean_need", ls_shown_cents(k->mean), "sd_need",
        ls_shown_cents(k->sd), "q50_need", ls_shown_cents(k->q50), "q90_need",
        ls_shown_cents(k->q90), "q95_need", ls_shown_cents(k->q95), "q99_need",
        ls_shown_cents(k->q99), "p_overrun", k->p_overrun, "p_overrun_low", k->p_overrun_low,
        "p_overrun_high", k->p_overrun_high, "expected_overrun",
        ls_shown_cents(k->expected_overrun), "p_underfunded", k->p_underfunded, "p_unmet",
        k->p_unmet, "p_no_solution", k->p_no_solution, "unmet_most_often", unmet, "drivers", drv,
        "scenario", scenario);
    return dump(doc, out);
}

/* ---- plan --batch ----------------------------------------------------------------------- */

int ls_batch_to_json(const ls_batch_row *rows, size_t n, char **out)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const ls_batch_row rounded = ls_batch_row_rounded(&rows[i]), *r = &rounded;
        json_t *o =
            r->rc != LS_OK
                ? json_pack("{s:s, s:i, s:s?}", "model", r->model, "exit_code", r->rc, "error",
                            r->message)
                /* the columns of batch.csv */
                : json_pack("{s:s, s:i, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
                            "s:f, s:f, s:I}",
                            "model", r->model, "exit_code", 0, "status",
                            r->summary.status == LS_FUNDED ? "funded" : "underfunded", "demand",
                            ls_demand_name(r->summary.unmet_clients), "budget", r->summary.budget,
                            "available", r->summary.available, "required", r->summary.required,
                            "served_clients", r->summary.served_clients, "unmet_clients",
                            r->summary.unmet_clients, "cut", r->summary.cut, "margin",
                            r->summary.margin, "allocated", r->summary.allocated, "unallocated",
                            r->summary.unallocated, "pgb_cost", r->summary.pgb_cost, "providers",
                            (json_int_t)r->providers);
        arr = append(arr, o);
    }
    return dump(arr, out);
}
