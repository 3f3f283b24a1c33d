/*
 * xlsx_study.c — the sweep's and the risk run's workbooks (docs/workbooks.md), with the
 * plan's formats and conventions (xlsx_book.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "atomic.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"
#include "rounded.h"
#include "util.h"

#include "xlsx_book.h"

/* ---- sweep -------------------------------------------------------------------------------- */

/* The Sweep sheet: a row a value, the break-even's marked last. The rows written (the
 * break-even's not counted). */
static size_t sweep_table(book *b, const ls_sweep *sw, const char *param)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, _("Sweep"));
    const char *names[] = {param, _("Status"), _("Required (€/year)"), _("Available (€/year)"),
                           _("Cut"), _("Margin"), _("Not placed"), _("Allocated (€/year)"),
                           _("Break-even")};
    const double widths[] = {18, 16, 20, 20, 9, 9, 12, 20, 16};
    ls_book_header(b, ws, names, widths, 9);
    ls_book_comment(ws, 0, _("The value of the parameter in this run; the last row, marked, "
                             "is where the status flips (the break-even)."));
    size_t n = sw->n_rows < MAX_ROWS - 2 ? sw->n_rows : MAX_ROWS - 2;
    /* the parameter with the decimals its steps need (0.035 stays 0.035), the break-even with
     * two more */
    double *values = malloc((n + 1) * sizeof *values);
    for (size_t i = 0; values && i < n; i++)
        values[i] = sw->rows[i].value;
    int decimals = values ? ls_book_decimals_needed(values, n) : 6;
    free(values);
    lxw_format *param_fmt = ls_book_decimals(b, decimals);
    int be_decimals = fabs(sw->break_even) >= 1000 ? 2 : decimals + 2 > 6 ? decimals + 2 : 6;
    lxw_format *be_fmt = ls_book_decimals(b, be_decimals);
    for (size_t i = 0; i <= n; i++) {
        const ls_sweep_row *row_data = i < n ? &sw->rows[i] : &sw->break_even_row;
        if (i == n && isnan(sw->break_even))
            break;
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_number(ws, row, 0, row_data->value, i == n ? be_fmt : param_fmt);
        /* not green while clients have no place */
        worksheet_write_string(ws, row, 1, ls_book_row_status(&row_data->summary),
                               ls_book_row_good(&row_data->summary) ? b->good : b->bad);
        if (row_data->summary.status == LS_NO_SOLUTION) {
            const char *why = i < n && sw->reasons && sw->reasons[i] ? sw->reasons[i] : "";
            worksheet_write_string(ws, row, 2, why, NULL);
            continue;
        }
        worksheet_write_number(ws, row, 2, ls_shown_cents(row_data->summary.required), b->euro);
        worksheet_write_number(ws, row, 3, ls_shown_cents(row_data->summary.available), b->euro);
        worksheet_write_number(ws, row, 4, row_data->summary.cut, b->pct);
        worksheet_write_number(ws, row, 5, row_data->summary.margin, b->pct);
        worksheet_write_number(ws, row, 6, row_data->summary.unmet_clients, b->num2);
        worksheet_write_number(ws, row, 7, ls_shown_cents(row_data->summary.allocated), b->euro);
        if (i == n)
            worksheet_write_string(ws, row, 8, _("break-even"), b->bold);
    }
    return n;
}

/* The chart of the n rows: required and available against the parameter (a scatter chart:
 * the x axis is the value), the break-even as a marker of its own. */
static void sweep_chart(book *b, const ls_sweep *sw, const char *param, size_t n)
{
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    ls_book_required_available(ch, _("Sweep"), n, LXW_CHART_MARKER_NONE);
    char title[200];
    if (!isnan(sw->break_even)) {
        lxw_chart_series *cs = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(cs, _("Sweep"), (lxw_row_t)(n + 1), 0, (lxw_row_t)(n + 1),
                                    0);
        chart_series_set_values(cs, _("Sweep"), (lxw_row_t)(n + 1), 2, (lxw_row_t)(n + 1), 2);
        chart_series_set_name(cs, _("Break-even"));
        chart_series_set_marker_type(cs, LXW_CHART_MARKER_DIAMOND);
        chart_series_set_marker_size(cs, 11);
        lxw_chart_fill fill = {.color = 0xFFC000};
        chart_series_set_marker_fill(cs, &fill);
        lxw_chart_line none = {.none = LXW_TRUE};
        chart_series_set_line(cs, &none);
        char at[40];
        ls_book_title_number(at, sizeof at, sw->break_even);
        ls_fmt(title, sizeof title, _("Required and available against %s; break-even at %s"),
               param, at);
    } else
        ls_fmt(title, sizeof title, _("Required and available against %s; no break-even"),
               param);
    chart_title_set_name(ch, title);
    chart_title_set_name_font(ch, &(lxw_chart_font){.size = 11, .bold = LXW_TRUE});
    chart_axis_set_name(ch->x_axis, param);
    if (n > 0) {
        chart_axis_set_min(ch->x_axis, sw->rows[0].value);
        chart_axis_set_max(ch->x_axis, sw->rows[n - 1].value);
        if (fabs(sw->rows[n - 1].value) >= 1000)
            chart_axis_set_num_format(ch->x_axis, "#,##0");
    }
    chart_axis_set_name(ch->y_axis, _("euros a year"));
    chart_axis_set_num_format(ch->y_axis, "#,##0");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    chartsheet_set_chart(b->chart, ch);
    chartsheet_set_landscape(b->chart);
}

int ls_sweep_write_xlsx(const ls_sweep *sw, const char *param, const char *path,
                        ls_errors *errs)
{
    ls_setting param_setting[1];
    book b;
    int rc = ls_book_open(&b, path, errs);
    if (rc != LS_OK)
        return rc;
    char paramstr[64];
    ls_fmt(paramstr, sizeof paramstr, "%s", param);
    param_setting[0] = (ls_setting){"parameter", paramstr};
    ls_book_settings_plan(&b, param_setting, 1, sw->settings, sw->n_settings);
    b.chart = workbook_add_chartsheet(b.wb, _("Chart"));
    sweep_chart(&b, sw, param, sweep_table(&b, sw, param));
    ls_book_settings_sheet(&b, sw->model);
    return ls_book_close(&b, path, errs);
}

/* ---- risk --------------------------------------------------------------------------------- */

/* Risk's Summary sheet: the runs, the need and the chances. */
static void risk_summary(book *b, const ls_risk *k)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, _("Summary"));
    const char *names[] = {_("What"), _("Value")};
    const double widths[] = {52, 22};
    ls_book_header(b, ws, names, widths, 2);
    struct {
        const char *label;
        double value;
        lxw_format *fmt;
    } lines[] = {
        {_("Runs"), (double)k->n_samples, b->num},
        {_("Available after the reserve (and expected pgb)"), k->available, b->euro},
        {_("Need: mean"), k->mean, b->euro},
        {_("Need: standard deviation"), k->sd, b->euro},
        {_("Chance of an overrun: P(need > available)"), k->p_overrun, b->pct},
        {_("  95 % interval: from"), k->p_overrun_low, b->pct},
        {_("  95 % interval: to"), k->p_overrun_high, b->pct},
        {_("Expected overrun E[max(0, need − available)]"), k->expected_overrun, b->euro},
        {_("Chance of underfunding: P(underfunded)"), k->p_underfunded, b->pct},
        {_("Chance that clients have no place: P(not placed > 0)"), k->p_unmet, b->pct},
        {_("Runs without a solution: P(no solution)"), k->p_no_solution, b->pct},
        {_("Seed"), (double)k->options.seed, b->num},
        {_("Dispersion"), k->options.dispersion, b->num2},
        {_("Wage index standard deviation"), k->options.wage_sd, b->num2},
    };
    lxw_row_t row = 1;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        worksheet_write_string(ws, row, 0, lines[i].label, NULL);
        worksheet_write_number(ws, row++, 1, lines[i].value, lines[i].fmt);
    }
}

/* The quantiles of need, each against the available budget. */
static void risk_quantiles(book *b, const ls_risk *k)
{
    lxw_worksheet *qs = workbook_add_worksheet(b->wb, _("Quantiles"));
    const char *qn[] = {_("Quantile of need"), _("Euros a year"), _("Above available?")};
    const double qw[] = {22, 20, 17};
    ls_book_header(b, qs, qn, qw, 3);
    const double qp[] = {0.50, 0.90, 0.95, 0.99}, qv[] = {k->q50, k->q90, k->q95, k->q99};
    for (int i = 0; i < 4; i++) {
        worksheet_write_number(qs, (lxw_row_t)(i + 1), 0, qp[i], b->pct);
        worksheet_write_number(qs, (lxw_row_t)(i + 1), 1, qv[i], b->euro);
        worksheet_write_string(qs, (lxw_row_t)(i + 1), 2, ls_book_yes(qv[i] > k->available),
                               qv[i] > k->available ? b->bad : b->good);
    }
}

/* The histogram of need, bins at or below the available budget in one colour, above in
 * another, and its chart on the chart sheet. */
static void risk_histogram(book *b, const ls_risk *k)
{
    lxw_worksheet *hs = workbook_add_worksheet(b->wb, _("Histogram"));
    const char *hn[] = {_("Need from (€/year)"), _("Need to (€/year)"), _("Bin"),
                        _("Runs within available"), _("Runs over available")};
    const double hw[] = {22, 22, 24, 22, 20};
    ls_book_header(b, hs, hn, hw, 5);
    /* the bins' labels in millions, with the decimals that tell one bin from the next (bins
     * of € 29,000 labelled to a tenth of a million read 2.5–2.5 M, and again) */
    double width = k->n_bins ? (k->histogram[0].upper - k->histogram[0].lower) / 1e6 : 0;
    int decimals = 1;
    while (decimals < 6 && width > 0 && width < pow(10, -decimals))
        decimals++;
    for (size_t i = 0; i < k->n_bins; i++) {
        const ls_risk_bin *bin = &k->histogram[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        char label[96], lo[32], hi[32];
        ls_book_title_decimal(lo, sizeof lo, bin->lower / 1e6, decimals);
        ls_book_title_decimal(hi, sizeof hi, bin->upper / 1e6, decimals);
        ls_fmt(label, sizeof label, _("%s–%s M"), lo, hi);
        worksheet_write_number(hs, r, 0, bin->lower, b->euro);
        worksheet_write_number(hs, r, 1, bin->upper, b->euro);
        worksheet_write_string(hs, r, 2, label, NULL);
        int over = bin->lower >= k->available;
        worksheet_write_number(hs, r, 3, over ? 0 : (double)bin->count, b->num);
        worksheet_write_number(hs, r, 4, over ? (double)bin->count : 0, b->num);
    }
    if (k->n_bins > 0) {
        lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN_STACKED);
        const char *series[] = {_("Within the available budget"),
                                _("Over the available budget")};
        const lxw_color_t colors[] = {0x4472C4, 0xE06666};
        for (int s = 0; s < 2; s++) {
            lxw_chart_series *cs = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(cs, _("Histogram"), 1, 2, (lxw_row_t)k->n_bins, 2);
            chart_series_set_values(cs, _("Histogram"), 1, (lxw_col_t)(3 + s),
                                    (lxw_row_t)k->n_bins, (lxw_col_t)(3 + s));
            chart_series_set_name(cs, series[s]);
            lxw_chart_fill fill = {.color = colors[s]};
            chart_series_set_fill(cs, &fill);
        }
        char title[200], avail[32], p[32];
        ls_book_title_decimal(avail, sizeof avail, k->available / 1e6, 1);
        ls_book_title_decimal(p, sizeof p, 100 * k->p_overrun, 1);
        ls_fmt(title, sizeof title, _("Need over %zu runs; available € %s M; P(overrun) %s %%"),
               k->n_samples, avail, p);
        chart_title_set_name(ch, title);
        chart_title_set_name_font(ch, &(lxw_chart_font){.size = 11, .bold = LXW_TRUE});
        chart_set_series_gap(ch, 10);
        chart_axis_set_name(ch->x_axis, _("need, millions of euros a year"));
        chart_axis_set_name(ch->y_axis, _("runs"));
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        chartsheet_set_chart(b->chart, ch);
        chartsheet_set_landscape(b->chart);
    }
}

int ls_risk_write_xlsx(const ls_risk *k, const char *path, ls_errors *errs)
{
    book b;
    int rc = ls_book_open(&b, path, errs);
    if (rc != LS_OK)
        return rc;
    char seed[32], disp[32], wsd[32], runs[32];
    ls_fmt(seed, sizeof seed, "%lu", k->options.seed);
    ls_fmt_plain(disp, sizeof disp, k->options.dispersion);
    ls_fmt_plain(wsd, sizeof wsd, k->options.wage_sd);
    ls_fmt(runs, sizeof runs, "%zu", k->n_samples);
    const ls_setting extra[] = {{"runs", runs}, {"seed", seed}, {"dispersion", disp},
                                {"wage_sd", wsd}};
    ls_book_settings_plan(&b, extra, 4, k->settings, k->n_settings);
    risk_summary(&b, k);
    if (k->n_bins > 0)
        b.chart = workbook_add_chartsheet(b.wb, _("Chart"));
    risk_quantiles(&b, k);
    risk_histogram(&b, k);
    ls_book_settings_sheet(&b, k->model);
    return ls_book_close(&b, path, errs);
}
