/*
 * xlsx.c — Excel workbooks with charts for the council (docs/workbooks.md), written with
 * libxlsxwriter.
 *
 * The figures are the CSV writers' figures: money rounded to cents by largest remainder
 * (rounded.h), so a totals row's SUM formula gives the printed total. Money cells carry the
 * number format `€ #,##0.00`, which Excel shows with the reader's own separators (a Dutch
 * Excel: € 1.234.567,89). Every sheet has a frozen header row and columns wide enough for
 * their contents. A workbook is written to a temporary file beside the target and renamed
 * over it only when libxlsxwriter has closed it without error, so a failure leaves the old
 * file and no partial one.
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

#include "lumpsum.h"
#include "atomic.h"
#include "rounded.h"
#include "util.h"

#include "xlsx_book.h"

/* ---- plan --------------------------------------------------------------------------------- */

static void plan_summary(book *b, const ls_result *res, const rounded *r)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Summary");
    const char *names[] = {"What", "Value"};
    const double widths[] = {44, 22};
    ls_book_header(b, ws, names, widths, 2);
    /* the verdict never hides clients without a place: not green while some have none */
    int funded = res->status == LS_FUNDED, unmet = res->unmet_clients > 0;
    char verdict[96];
    ls_fmt(verdict, sizeof verdict, "%s%s", funded ? "funded" : "underfunded",
           unmet ? ", but clients have no place" : "");
    lxw_row_t row = 1;
    worksheet_write_string(ws, row, 0, "Status", b->bold);
    worksheet_write_string(ws, row++, 1, verdict, funded && !unmet ? b->good : b->bad);
    worksheet_write_string(ws, row, 0, "Year", NULL); /* always a row: fixed positions */
    worksheet_write_string(ws, row++, 1, res->year ? res->year : "", NULL);
    struct {
        const char *label;
        double value;
        lxw_format *fmt;
    } lines[] = {
        {"Budget (the lumpsum)", res->budget, b->euro},
        {"Available after the reserve and personal budgets", r->available, b->euro},
        {"Required: floor cost of the placed clients", r->required, b->euro},
        {"Clients placed", res->served_clients, b->num2},
        {"Clients not placed (unmet)", res->unmet_clients, b->num2},
        {"Cut on every floor (underfunded)", res->cut, b->pct},
        {"Margin above the floor (funded)", res->margin, b->pct},
        {"Allocated to providers", r->allocated, b->euro},
        {"Not allocated", r->unallocated, b->euro},
        {"Clients on a personal budget (pgb)", res->pgb_clients, b->num2},
        {"Personal budgets paid first", res->pgb_cost, b->euro},
        {"Providers", (double)res->providers, b->num},
        {"Segments", (double)res->segments, b->num},
        {"Contracts", (double)res->contracts, b->num},
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        worksheet_write_string(ws, row, 0, lines[i].label, NULL);
        worksheet_write_number(ws, row++, 1, lines[i].value, lines[i].fmt);
    }
    worksheet_write_string(ws, row, 0, "Wage index at which the budget stops covering", NULL);
    if (isnan(res->break_even_wage_index))
        worksheet_write_string(ws, row++, 1, "none", NULL);
    else
        worksheet_write_number(ws, row++, 1, res->break_even_wage_index, b->pct);
    /* the verdict never hides unmet demand: what the figures above do not say */
    worksheet_write_string(ws, row, 0, "Demand", b->bold);
    worksheet_write_string(ws, row++, 1,
                           res->unmet_clients > 0 ? "unmet: clients have no place" : "met",
                           res->unmet_clients > 0 ? b->bad : b->good);
    for (int d = 0; d < LS_DOMAIN_COUNT; d++)
        if (!isnan(res->cut_domain[d])) {
            char label[80];
            ls_fmt(label, sizeof label, "Deepest cut in %s%s", ls_domain_name(d),
                   res->underfunded_domain[d] ? " (its ceiling binds)" : "");
            worksheet_write_string(ws, row, 0, label, NULL);
            worksheet_write_number(ws, row++, 1, res->cut_domain[d], b->pct);
        }
    const struct {
        const char *label;
        double value;
    } shares[] = {{"Local share of the placement (reference prices)", res->local_share},
                  {"Local share target", res->local_share_target},
                  {"Local share of the allocated budget", res->local_share_budget},
                  {"Wage index at which a placed floor passes its ceiling",
                   res->ceiling_wage_index}};
    for (size_t i = 0; i < sizeof shares / sizeof *shares; i++) {
        worksheet_write_string(ws, row, 0, shares[i].label, NULL);
        if (isnan(shares[i].value))
            worksheet_write_string(ws, row++, 1, "none", NULL);
        else
            worksheet_write_number(ws, row++, 1, shares[i].value, b->pct);
    }
    row++;
    worksheet_merge_range(ws, row, 0, row, 1,
                          "In one sentence: every provider gets its CAO-conform floor plus the "
                          "same (quality-weighted) percentage, up to its cap; what a capped "
                          "provider cannot take goes to the rest.",
                          b->note);
    worksheet_set_row(ws, row, 45, NULL);
}

/* Providers: one row a group (provider, domain), with a totals row of formulas. */
static void plan_providers(book *b, const ls_result *res, const rounded *r)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Providers");
    const char *names[] = {"Provider", "Name", "Domain", "Local", "Quality",
                           "Floor cost (€/year)", "Budget (€/year)", "Margin", "Capped",
                           "Cut by"};
    const double widths[] = {12, 34, 12, 7, 9, 20, 20, 10, 8, 10};
    ls_book_header(b, ws, names, widths, 10);
    size_t n = res->n_budgets < MAX_ROWS - 1 ? res->n_budgets : MAX_ROWS - 1;
    double floor_total = 0, budget_total = 0;
    for (size_t i = 0; i < n; i++) {
        const ls_budget_row *g = &res->budgets[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, g->provider, NULL);
        worksheet_write_string(ws, row, 1, g->name ? g->name : "", NULL);
        worksheet_write_string(ws, row, 2, g->domain, NULL);
        worksheet_write_string(ws, row, 3, g->local ? "yes" : "no", NULL);
        worksheet_write_number(ws, row, 4, g->quality, b->num2);
        worksheet_write_number(ws, row, 5, r->group_floor[i], b->euro);
        worksheet_write_number(ws, row, 6, r->budget[i], b->euro);
        if (!isnan(g->margin))
            worksheet_write_number(ws, row, 7, g->margin, b->pct);
        worksheet_write_string(ws, row, 8, g->capped ? "yes" : "", NULL);
        worksheet_write_string(ws, row, 9, g->cut_by_domain ? "domain" : "", NULL);
        floor_total += r->group_floor[i];
        budget_total += r->budget[i];
    }
    lxw_row_t total = (lxw_row_t)(n + 1);
    char formula[64];
    worksheet_write_string(ws, total, 0, "Total", b->bold);
    ls_fmt(formula, sizeof formula, "=SUM(F2:F%zu)", n + 1);
    worksheet_write_formula_num(ws, total, 5, formula, b->euro_bold, round(floor_total * 100) / 100);
    ls_fmt(formula, sizeof formula, "=SUM(G2:G%zu)", n + 1);
    worksheet_write_formula_num(ws, total, 6, formula, b->euro_bold,
                                round(budget_total * 100) / 100);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 9);
}

/* One row a provider (its groups added), largest floor cost first, for the chart. */
typedef struct provider_total {
    const char *id;
    double floor, budget;
} provider_total;

static int by_floor_desc(const void *a, const void *b)
{
    const provider_total *x = a, *y = b;
    if (x->floor != y->floor)
        return x->floor > y->floor ? -1 : 1;
    return strcmp(x->id, y->id);
}

static void plan_chart(book *b, const ls_result *res, const rounded *r)
{
    provider_total *t = calloc(res->n_budgets + 1, sizeof(*t));
    if (!t)
        return;
    size_t n = 0;
    for (size_t i = 0; i < res->n_budgets; i++) {
        /* budgets.csv lists a provider's groups together */
        if (n == 0 || strcmp(t[n - 1].id, res->budgets[i].provider) != 0)
            t[n++].id = res->budgets[i].provider;
        t[n - 1].floor += r->group_floor[i];
        t[n - 1].budget += r->budget[i];
    }
    qsort(t, n, sizeof(*t), by_floor_desc);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Per provider");
    const char *names[] = {"Provider", "Floor cost (€/year)", "Budget (€/year)",
                           "Paid up to the floor", "Margin above the floor", "Cut below the floor"};
    const double widths[] = {12, 20, 20, 20, 22, 20};
    ls_book_header(b, ws, names, widths, 6);
    for (size_t i = 0; i < n && i < MAX_ROWS; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, t[i].id, NULL);
        worksheet_write_number(ws, row, 1, t[i].floor, b->euro);
        worksheet_write_number(ws, row, 2, t[i].budget, b->euro);
        worksheet_write_number(ws, row, 3, fmin(t[i].floor, t[i].budget), b->euro);
        worksheet_write_number(ws, row, 4, fmax(0, t[i].budget - t[i].floor), b->euro);
        worksheet_write_number(ws, row, 5, fmax(0, t[i].floor - t[i].budget), b->euro);
    }
    size_t shown = n < CHART_PROVIDERS ? n : CHART_PROVIDERS;
    if (shown > 0 && b->chart) {
        lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_BAR_STACKED);
        const char *series[] = {"Paid up to the floor", "Margin above the floor",
                                "Cut below the floor"};
        const lxw_color_t colors[] = {0x4472C4, 0x70AD47, 0xE06666};
        for (int k = 0; k < 3; k++) {
            lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(s, "Per provider", 1, 0, (lxw_row_t)shown, 0);
            chart_series_set_values(s, "Per provider", 1, (lxw_col_t)(3 + k), (lxw_row_t)shown,
                                    (lxw_col_t)(3 + k));
            chart_series_set_name(s, series[k]);
            lxw_chart_fill fill = {.color = colors[k]};
            chart_series_set_fill(s, &fill);
        }
        char title[200], avail[64];
        ls_book_title_number(avail, sizeof avail, r->available);
        char which[64];
        if (n > shown)
            ls_fmt(which, sizeof which, "the %zu largest of %zu", shown, n);
        else
            ls_fmt(which, sizeof which, "all %zu", n);
        ls_fmt(title, sizeof title, "Floor cost and budget per provider (%s); available € %s, %s%s",
               which, avail, res->status == LS_FUNDED ? "funded" : "underfunded",
               res->unmet_clients > 0 ? ", but clients have no place" : "");
        chart_title_set_name(ch, title);
        chart_title_set_name_font(ch, &(lxw_chart_font){.size = 11, .bold = LXW_TRUE});
        /* in a bar chart the x axis is the vertical category axis' partner: libxlsxwriter
         * names the horizontal value axis x */
        chart_axis_set_name(ch->x_axis, "euros a year");
        chart_axis_set_num_format(ch->x_axis, "#,##0");
        chart_axis_set_reverse(ch->y_axis); /* the largest on top */
        chart_axis_set_crossing_max(ch->y_axis); /* and the euros below */
        chart_set_series_gap(ch, 40);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        chartsheet_set_chart(b->chart, ch);
        chartsheet_set_landscape(b->chart);
    }
    free(t);
}

static void plan_segments(book *b, const ls_result *res)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Segments");
    const char *names[] = {"Segment", "Domain", "Demand (clients)", "Served", "Unmet",
                           "Marginal cost (€/client/year)", "pgb clients", "pgb cost (€/year)",
                           "Area", "Why unmet"};
    const double widths[] = {30, 12, 16, 12, 10, 28, 12, 18, 12, 24};
    ls_book_header(b, ws, names, widths, 10);
    size_t n = res->n_segment_rows < MAX_ROWS ? res->n_segment_rows : MAX_ROWS;
    for (size_t i = 0; i < n; i++) {
        const ls_segment_row *s = &res->segment_rows[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, s->segment, NULL);
        worksheet_write_string(ws, row, 1, s->domain, NULL);
        worksheet_write_number(ws, row, 2, s->demand, b->num2);
        worksheet_write_number(ws, row, 3, s->served, b->num2);
        worksheet_write_number(ws, row, 4, s->unmet, b->num2);
        if (!isnan(s->marginal_cost))
            worksheet_write_number(ws, row, 5, s->marginal_cost, b->euro);
        worksheet_write_number(ws, row, 6, s->pgb_clients, b->num2);
        worksheet_write_number(ws, row, 7, s->pgb_cost, b->euro);
        worksheet_write_string(ws, row, 8, s->area ? s->area : "", NULL);
        worksheet_write_string(ws, row, 9, s->cause ? s->cause : "", NULL);
    }
}

/* Allocation and Tariffs: one row a placed contract; the Tariffs sheet shows the floor's
 * parts as the planner put them in the row, with formulas that add them up again. */
static void plan_allocation(book *b, const ls_result *res, const rounded *r)
{
    lxw_worksheet *al = workbook_add_worksheet(b->wb, "Allocation");
    const char *an[] = {"Provider", "Segment", "Clients", "Floor tariff (€/month)",
                        "Floor cost (€/year)"};
    const double aw[] = {12, 30, 10, 22, 20};
    ls_book_header(b, al, an, aw, 5);
    lxw_worksheet *ta = workbook_add_worksheet(b->wb, "Tariffs");
    const char *tn[] = {"Provider", "Segment", "CAO", "Scale", "Staff hours a month",
                        "Wage (€/hour)", "+ Employer charges", "+ Unproductive hours",
                        "+ Overhead", "+ Margin", "Hourly (€/hour)", "Index factor",
                        "Wage part (€/month)", "+ Other costs (€/month)", "Floor (€/month)",
                        "Unit", "Units a month", "Floor per unit (€)",
                        "Clients per staff member"};
    const double tw[] = {12, 30, 14, 10, 13, 13, 18, 20, 12, 11, 15, 12, 18, 20, 16, 10, 13,
                         17, 22};
    ls_book_header(b, ta, tn, tw, 19);
    size_t n = res->n_allocation < MAX_ROWS ? res->n_allocation : MAX_ROWS;
    for (size_t i = 0; i < n; i++) {
        const ls_allocation_row *a = &res->allocation[i];
        const ls_floor_parts *f = &a->floor;
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(al, row, 0, a->provider, NULL);
        worksheet_write_string(al, row, 1, a->segment, NULL);
        worksheet_write_number(al, row, 2, a->clients, b->num2);
        worksheet_write_number(al, row, 3, a->floor_tariff, b->euro);
        worksheet_write_number(al, row, 4, r->floor_cost[i], b->euro);
        worksheet_write_string(ta, row, 0, a->provider, NULL);
        worksheet_write_string(ta, row, 1, a->segment, NULL);
        worksheet_write_string(ta, row, 2, f->cao, NULL);
        worksheet_write_string(ta, row, 3, f->scale, NULL);
        worksheet_write_number(ta, row, 4, f->hours_per_month, b->num2);
        worksheet_write_number(ta, row, 5, f->wage, b->euro);
        worksheet_write_number(ta, row, 6, f->charges, b->euro);
        worksheet_write_number(ta, row, 7, f->unproductive, b->euro);
        worksheet_write_number(ta, row, 8, f->overhead, b->euro);
        worksheet_write_number(ta, row, 9, f->margin, b->euro);
        char formula[64];
        ls_fmt(formula, sizeof formula, "=SUM(F%u:J%u)", row + 1, row + 1);
        worksheet_write_formula_num(ta, row, 10, formula, b->euro, f->hourly);
        worksheet_write_number(ta, row, 11, f->index_factor, b->num4);
        ls_fmt(formula, sizeof formula, "=E%u*K%u*L%u", row + 1, row + 1, row + 1);
        worksheet_write_formula_num(ta, row, 12, formula, b->euro, f->wage_part);
        worksheet_write_number(ta, row, 13, f->other_costs, b->euro);
        ls_fmt(formula, sizeof formula, "=M%u+N%u", row + 1, row + 1);
        worksheet_write_formula_num(ta, row, 14, formula, b->euro, a->floor_tariff);
        worksheet_write_string(ta, row, 15, f->unit, NULL);
        worksheet_write_number(ta, row, 16, f->units, b->num2);
        ls_fmt(formula, sizeof formula, "=O%u/Q%u", row + 1, row + 1);
        worksheet_write_formula_num(ta, row, 17, formula, b->euro, a->floor_per_unit);
        worksheet_write_number(ta, row, 18, f->group_size, b->num2);
    }
}

/* Years: required against available, a row and a point a year. */
static void plan_years(book *b, ls_result *const *res, const rounded *r, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Years");
    const char *names[] = {"Year", "Status", "Required (€/year)", "Available (€/year)", "Cut",
                           "Margin", "Unmet clients"};
    const double widths[] = {8, 13, 20, 20, 9, 9, 14};
    ls_book_header(b, ws, names, widths, 7);
    for (size_t k = 0; k < n; k++) {
        lxw_row_t row = (lxw_row_t)(k + 1);
        worksheet_write_string(ws, row, 0, res[k]->year ? res[k]->year : "", NULL);
        int funded = res[k]->status == LS_FUNDED;
        worksheet_write_string(ws, row, 1, funded ? "funded" : "underfunded",
                               funded ? b->good : b->bad);
        worksheet_write_number(ws, row, 2, r[k].required, b->euro);
        worksheet_write_number(ws, row, 3, r[k].available, b->euro);
        worksheet_write_number(ws, row, 4, res[k]->cut, b->pct);
        worksheet_write_number(ws, row, 5, res[k]->margin, b->pct);
        worksheet_write_number(ws, row, 6, res[k]->unmet_clients, b->num2);
    }
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_LINE);
    ls_book_required_available(ch, "Years", n, LXW_CHART_MARKER_CIRCLE);
    chart_title_set_name(ch, "Required against available, per year");
    chart_axis_set_name(ch->y_axis, "euros a year");
    chart_axis_set_num_format(ch->y_axis, "#,##0");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chartsheet *cs = workbook_add_chartsheet(b->wb, "Years chart");
    chartsheet_set_chart(cs, ch);
    chartsheet_set_landscape(cs);
}

int ls_results_write_xlsx(ls_result *const *res, size_t n, const char *path, ls_errors *errs)
{
    rounded *r = ls_round_results(res, n);
    if (!r)
        return LS_EINTERNAL;
    book b;
    int rc = ls_book_open(&b, path, errs);
    if (rc == LS_OK) {
        const ls_result *last = res[n - 1];
        plan_summary(&b, last, &r[n - 1]);
        if (last->n_budgets > 0)
            b.chart = workbook_add_chartsheet(b.wb, "Chart");
        plan_providers(&b, last, &r[n - 1]);
        plan_chart(&b, last, &r[n - 1]);
        plan_segments(&b, last);
        plan_allocation(&b, last, &r[n - 1]);
        if (n > 1)
            plan_years(&b, res, r, n);
        ls_book_settings_sheet(&b, last->model, NULL, 0, last->settings, last->n_settings);
        rc = ls_book_close(&b, path, errs);
    }
    ls_rounded_free_all(r, n);
    return rc;
}

