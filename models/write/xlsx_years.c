/*
 * xlsx_years.c — a multi-year plan's sheets (plan --years N): Years (required against
 * available, a row a year, with its chart) and Providers by year (each provider's budget and
 * floor cost in each plan year).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "lumpsum.h"
#include "i18n.h"
#include "util.h"

#include "xlsx_plan.h"

static void years_sheet(book *b, ls_result *const *res, const rounded *r, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, _("Years"));
    const char *names[] = {_("Year"), _("Status"), _("Required (€/year)"),
                           _("Available (€/year)"), _("Cut"), _("Margin"), _("Not placed"),
                           _("Allocated (€/year)")};
    const double widths[] = {8, 16, 20, 20, 9, 9, 12, 20};
    ls_book_header(b, ws, names, widths, 8);
    for (size_t k = 0; k < n; k++) {
        lxw_row_t row = (lxw_row_t)(k + 1);
        worksheet_write_string(ws, row, 0, res[k]->year ? res[k]->year : "", NULL);
        worksheet_write_string(ws, row, 1, ls_book_row_status(&res[k]->summary),
                               ls_book_row_good(&res[k]->summary) ? b->good : b->bad);
        worksheet_write_number(ws, row, 2, r[k].required, b->euro);
        worksheet_write_number(ws, row, 3, r[k].available, b->euro);
        worksheet_write_number(ws, row, 4, res[k]->summary.cut, b->pct);
        worksheet_write_number(ws, row, 5, res[k]->summary.margin, b->pct);
        worksheet_write_number(ws, row, 6, res[k]->summary.unmet_clients, b->num2);
        worksheet_write_number(ws, row, 7, r[k].allocated, b->euro);
    }
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_LINE);
    ls_book_required_available(ch, _("Years"), n, LXW_CHART_MARKER_CIRCLE);
    chart_title_set_name(ch, _("Required against available, per year"));
    chart_axis_set_name(ch->y_axis, _("euros a year"));
    chart_axis_set_num_format(ch->y_axis, "#,##0");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chartsheet *cs = workbook_add_chartsheet(b->wb, _("Years chart"));
    chartsheet_set_chart(cs, ch);
    chartsheet_set_landscape(cs);
}

/* A group (provider, domain) of some year, and its budget row in each year. */
typedef struct year_group {
    const char *provider, *name, *domain;
    size_t order;
} year_group;

static int by_group(const void *a, const void *b)
{
    const year_group *x = a, *y = b;
    int c = strcmp(x->provider, y->provider);
    return c ? c : strcmp(x->domain, y->domain);
}

static int by_order(const void *a, const void *b)
{
    const year_group *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

/* The groups of every year once: the last year's in its order, then earlier years' others. */
static year_group *all_groups(ls_result *const *res, size_t n, size_t *count)
{
    size_t total = 0;
    for (size_t k = 0; k < n; k++)
        total += res[k]->n_budgets;
    year_group *g = malloc((total + 1) * sizeof *g);
    if (!g)
        return NULL;
    size_t m = 0;
    for (size_t k = n; k-- > 0;)
        for (size_t i = 0; i < res[k]->n_budgets; i++) {
            const ls_budget_row *row = &res[k]->budgets[i];
            g[m] = (year_group){row->provider, row->name && *row->name ? row->name : row->provider,
                                row->domain, m};
            m++;
        }
    qsort(g, m, sizeof *g, by_group);
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u > 0 && by_group(&g[u - 1], &g[i]) == 0) {
            if (g[i].order < g[u - 1].order)
                g[u - 1].order = g[i].order;
            continue;
        }
        g[u++] = g[i];
    }
    qsort(g, u, sizeof *g, by_order);
    *count = u;
    return g;
}

/* Providers by year: a row a group, a budget column and a floor cost column a year, totals
 * of SUM formulas (each year's allocated and required, to the cent). */
static void providers_by_year(book *b, ls_result *const *res, const rounded *r, size_t n)
{
    size_t ng = 0;
    year_group *g = all_groups(res, n, &ng);
    year_group **sorted = calloc(n, sizeof *sorted);
    if (!g || !sorted) {
        free(g);
        free(sorted);
        return;
    }
    for (size_t k = 0; k < n; k++) { /* each year's groups by key, order = its budget row */
        sorted[k] = malloc((res[k]->n_budgets + 1) * sizeof **sorted);
        if (!sorted[k])
            goto done;
        for (size_t i = 0; i < res[k]->n_budgets; i++)
            sorted[k][i] = (year_group){res[k]->budgets[i].provider, NULL,
                                        res[k]->budgets[i].domain, i};
        qsort(sorted[k], res[k]->n_budgets, sizeof **sorted, by_group);
    }
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, _("Providers by year"));
    size_t cols = 3 + 2 * n;
    for (lxw_col_t c = 0; c < 3; c++) {
        const char *head[] = {_("Provider"), _("Name"), _("Domain")};
        worksheet_write_string(ws, 0, c, head[c], b->head);
    }
    worksheet_set_column(ws, 0, 0, 14, NULL);
    worksheet_set_column(ws, 1, 1, 34, NULL);
    worksheet_set_column(ws, 2, 2, 12, NULL);
    worksheet_set_column(ws, 3, (lxw_col_t)(cols - 1), 20, NULL);
    for (size_t k = 0; k < n; k++) {
        char head[96];
        ls_fmt(head, sizeof head, _("Budget %s (€)"), res[k]->year ? res[k]->year : "");
        worksheet_write_string(ws, 0, (lxw_col_t)(3 + k), head, b->head);
        ls_fmt(head, sizeof head, _("Floor cost %s (€)"), res[k]->year ? res[k]->year : "");
        worksheet_write_string(ws, 0, (lxw_col_t)(3 + n + k), head, b->head);
    }
    worksheet_set_row(ws, 0, 30, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_repeat_rows(ws, 0, 0);
    ls_book_print_whole(ws);
    size_t rows = ng < MAX_ROWS - 1 ? ng : MAX_ROWS - 1;
    for (size_t i = 0; i < rows; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, g[i].provider, NULL);
        worksheet_write_string(ws, row, 1, g[i].name, NULL);
        worksheet_write_string(ws, row, 2, g[i].domain, NULL);
        for (size_t k = 0; k < n; k++) {
            const year_group *hit = bsearch(&g[i], sorted[k], res[k]->n_budgets,
                                            sizeof **sorted, by_group);
            if (!hit)
                continue;
            worksheet_write_number(ws, row, (lxw_col_t)(3 + k), r[k].budget[hit->order], b->euro);
            worksheet_write_number(ws, row, (lxw_col_t)(3 + n + k), r[k].group_floor[hit->order],
                                   b->euro);
        }
    }
    lxw_row_t total = (lxw_row_t)(rows + 1);
    worksheet_write_string(ws, total, 0, _("Total"), b->bold);
    for (size_t c = 3; c < cols; c++) {
        size_t k = c < 3 + n ? c - 3 : c - 3 - n;
        double v = c < 3 + n ? r[k].allocated : r[k].required;
        char range[32], f[64];
        lxw_rowcol_to_range(range, 1, (lxw_col_t)c, (lxw_row_t)rows, (lxw_col_t)c);
        ls_fmt(f, sizeof f, "=SUM(%s)", range);
        worksheet_write_formula_num(ws, total, (lxw_col_t)c, f, b->euro_bold, v);
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(cols - 1));
done:
    for (size_t k = 0; k < n; k++)
        free(sorted[k]);
    free(sorted);
    free(g);
}

void ls_plan_years_sheets(book *b, ls_result *const *res, const rounded *r, size_t n)
{
    years_sheet(b, res, r, n);
    providers_by_year(b, res, r, n);
}
