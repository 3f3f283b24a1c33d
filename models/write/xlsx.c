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
#include "model.h"
#include "atomic.h"
#include "rounded.h"
#include "util.h"

#define MAX_ROWS 1048575 /* Excel's rows below the header */
#define CHART_PROVIDERS 25

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *euro, *euro_bold, *pct, *num, *num2, *num4, *bold, *good, *bad, *note;
    lxw_chartsheet *chart; /* the workbook's chart, on a sheet of its own */
    char *tmp;             /* the temporary file beside the target (atomic.h) */
    mode_t mode;           /* the permissions the target keeps or gets */
} book;

static void book_formats(book *b)
{
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xDDEBF7);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->euro = workbook_add_format(b->wb);
    format_set_num_format(b->euro, "\"€ \"#,##0.00");
    b->euro_bold = workbook_add_format(b->wb);
    format_set_num_format(b->euro_bold, "\"€ \"#,##0.00");
    format_set_bold(b->euro_bold);
    format_set_top(b->euro_bold, LXW_BORDER_THIN);
    b->pct = workbook_add_format(b->wb);
    format_set_num_format(b->pct, "0.00%");
    b->num = workbook_add_format(b->wb);
    format_set_num_format(b->num, "#,##0.##");
    b->num2 = workbook_add_format(b->wb);
    format_set_num_format(b->num2, "#,##0.00");
    b->num4 = workbook_add_format(b->wb);
    format_set_num_format(b->num4, "0.0000");
    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    b->good = workbook_add_format(b->wb);
    format_set_bold(b->good);
    format_set_bg_color(b->good, 0xC6EFCE);
    format_set_font_color(b->good, 0x006100);
    b->bad = workbook_add_format(b->wb);
    format_set_bold(b->bad);
    format_set_bg_color(b->bad, 0xFFC7CE);
    format_set_font_color(b->bad, 0x9C0006);
    b->note = workbook_add_format(b->wb);
    format_set_italic(b->note);
    format_set_text_wrap(b->note);
    format_set_align(b->note, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_color(b->note, 0x595959);
}

/* A sheet prints landscape on A4, one page wide, the header on every page. */
static void print_whole(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
}

/* A header row, frozen, with each column's width. */
static void header(book *b, lxw_worksheet *ws, const char *const *names, const double *widths,
                   int n)
{
    for (int c = 0; c < n; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, names[c], b->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    print_whole(ws);
}

/* A number for a title: euros and other large values with thousands separators. */
static void title_number(char *buf, size_t size, double v)
{
    if (fabs(v) >= 1000 && fabs(v) < 1e15) {
        char digits[32];
        ls_fmt(digits, sizeof digits, "%.0f", fabs(v));
        size_t len = strlen(digits), o = 0;
        if (v < 0 && o + 1 < size)
            buf[o++] = '-';
        for (size_t i = 0; i < len && o + 2 < size; i++) {
            if (i > 0 && (len - i) % 3 == 0)
                buf[o++] = ',';
            buf[o++] = digits[i];
        }
        buf[o] = '\0';
    } else
        ls_fmt(buf, size, "%.6g", v);
}

/* ---- atomic workbook ---------------------------------------------------------------------- */

/* Opens a workbook on a temporary file beside path (after atomic.h's checks of the target).
 * LS_EUSAGE when the target or its folder cannot take it. */
static int book_open(book *b, const char *path, ls_errors *errs)
{
    memset(b, 0, sizeof(*b));
    int rc = ls_output_check(path, &b->mode, errs);
    if (rc != LS_OK)
        return rc;
    b->tmp = ls_output_temp_name(path);
    int fd = b->tmp ? ls_mkstemp_output(b->tmp) : -1;
    if (fd < 0) {
        if (b->tmp)
            ls_error_add(errs, path, 0, 0, "cannot write the workbook: %s", strerror(errno));
        free(b->tmp);
        b->tmp = NULL;
        return LS_EUSAGE;
    }
    close(fd);
    lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    b->wb = workbook_new_opt(b->tmp, &opts);
    if (!b->wb) {
        unlink(b->tmp);
        free(b->tmp);
        b->tmp = NULL;
        ls_error_add(errs, path, 0, 0, "cannot write the workbook");
        return LS_EINTERNAL;
    }
    workbook_set_properties(b->wb, &(lxw_doc_properties){.title = "lumpsum",
                                                         .comments = "Written by lumpsum"});
    book_formats(b);
    return LS_OK;
}

static int book_close(book *b, const char *path, ls_errors *errs)
{
    lxw_error e = workbook_close(b->wb);
    b->wb = NULL;
    int rc = LS_OK;
    if (e != LXW_NO_ERROR) {
        ls_error_add(errs, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
        rc = LS_EINTERNAL;
    } else {
        (void)chmod(b->tmp, b->mode);
        if (rename(b->tmp, path) != 0) {
            int err = errno;
            ls_error_add(errs, path, 0, 0, "cannot write the workbook: %s", strerror(err));
            rc = err == EISDIR || err == ENOTDIR || err == EACCES ? LS_EUSAGE : LS_EINTERNAL;
        }
    }
    if (rc != LS_OK)
        unlink(b->tmp);
    free(b->tmp);
    b->tmp = NULL;
    return rc;
}

/* ---- plan --------------------------------------------------------------------------------- */

static void plan_summary(book *b, const ls_result *res, const rounded *r)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Summary");
    const char *names[] = {"What", "Value"};
    const double widths[] = {44, 22};
    header(b, ws, names, widths, 2);
    int funded = res->status == LS_FUNDED;
    lxw_row_t row = 1;
    worksheet_write_string(ws, row, 0, "Status", b->bold);
    worksheet_write_string(ws, row++, 1, funded ? "funded" : "underfunded",
                           funded ? b->good : b->bad);
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
    header(b, ws, names, widths, 10);
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
    header(b, ws, names, widths, 6);
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
        title_number(avail, sizeof avail, r->available);
        char which[64];
        if (n > shown)
            ls_fmt(which, sizeof which, "the %zu largest of %zu", shown, n);
        else
            ls_fmt(which, sizeof which, "all %zu", n);
        ls_fmt(title, sizeof title, "Floor cost and budget per provider (%s); available € %s, %s",
               which, avail, res->status == LS_FUNDED ? "funded" : "underfunded");
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
    header(b, ws, names, widths, 10);
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

/* Settings: the scenario the figures come from (model, version, the run's own options in
 * extra, every setting in force). */
static void settings_sheet(book *b, const char *model, const ls_setting *extra, size_t n_extra,
                           const ls_setting *settings, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Settings");
    const char *names[] = {"Setting", "Value"};
    const double widths[] = {30, 40};
    header(b, ws, names, widths, 2);
    lxw_row_t row = 1;
    worksheet_write_string(ws, row, 0, "model", NULL);
    worksheet_write_string(ws, row++, 1, model ? model : "", NULL);
    worksheet_write_string(ws, row, 0, "lumpsum_version", NULL);
    worksheet_write_string(ws, row++, 1, LS_VERSION, NULL);
    for (size_t i = 0; i < n_extra; i++, row++) {
        worksheet_write_string(ws, row, 0, extra[i].key, NULL);
        worksheet_write_string(ws, row, 1, extra[i].value, NULL);
    }
    for (size_t i = 0; i < n; i++, row++) {
        worksheet_write_string(ws, row, 0, settings[i].key, NULL);
        worksheet_write_string(ws, row, 1, settings[i].value, NULL);
    }
}

/* Allocation and Tariffs: one row a placed contract. The allocation rows are in the model's
 * contract order (plan.c), so the contract behind each is found by walking both. */
static void plan_allocation(book *b, const ls_model *m, const ls_result *res, const rounded *r)
{
    lxw_worksheet *al = workbook_add_worksheet(b->wb, "Allocation");
    const char *an[] = {"Provider", "Segment", "Clients", "Floor tariff (€/month)",
                        "Floor cost (€/year)"};
    const double aw[] = {12, 30, 10, 22, 20};
    header(b, al, an, aw, 5);
    lxw_worksheet *ta = workbook_add_worksheet(b->wb, "Tariffs");
    const char *tn[] = {"Provider", "Segment", "CAO", "Scale", "Hours a month",
                        "Wage (€/hour)", "+ Employer charges", "+ Unproductive hours",
                        "+ Overhead", "+ Margin", "Hourly (€/hour)", "Index factor",
                        "Floor (€/month)"};
    const double tw[] = {12, 30, 14, 10, 13, 13, 18, 20, 12, 11, 15, 12, 16};
    header(b, ta, tn, tw, 13);
    size_t n = res->n_allocation < MAX_ROWS ? res->n_allocation : MAX_ROWS, k = 0;
    for (size_t i = 0; i < n; i++) {
        const ls_allocation_row *a = &res->allocation[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(al, row, 0, a->provider, NULL);
        worksheet_write_string(al, row, 1, a->segment, NULL);
        worksheet_write_number(al, row, 2, a->clients, b->num2);
        worksheet_write_number(al, row, 3, a->floor_tariff, b->euro);
        worksheet_write_number(al, row, 4, r->floor_cost[i], b->euro);
        while (k < m->n_contracts &&
               !(m->providers[m->contracts[k].provider].id == a->provider &&
                 m->segments[m->contracts[k].segment].id == a->segment))
            k++;
        if (k == m->n_contracts) {
            k = 0; /* not in contract order after all: leave the components out */
            continue;
        }
        const ls_contract *c = &m->contracts[k];
        const ls_provider *p = &m->providers[c->provider];
        const ls_segment *s = &m->segments[c->segment];
        double wage = m->wage[(size_t)p->cao * m->n_scales + s->scale];
        double charges = wage * ls_provider_fraction(m, p, LS_FRAC_CHARGES);
        double unprod = (wage + charges) / (1 - ls_provider_fraction(m, p, LS_FRAC_UNPRODUCTIVE)) -
                        (wage + charges);
        double overhead = (wage + charges + unprod) * ls_provider_fraction(m, p, LS_FRAC_OVERHEAD);
        double margin = (wage + charges + unprod + overhead) *
                        ls_provider_fraction(m, p, LS_FRAC_MARGIN);
        double hourly = wage + charges + unprod + overhead + margin;
        double factor = hourly > 0 ? a->floor_tariff / (s->hours_per_month * hourly) : 1;
        worksheet_write_string(ta, row, 0, a->provider, NULL);
        worksheet_write_string(ta, row, 1, a->segment, NULL);
        worksheet_write_string(ta, row, 2, m->caos[p->cao], NULL);
        worksheet_write_string(ta, row, 3, m->scales[s->scale], NULL);
        worksheet_write_number(ta, row, 4, s->hours_per_month, b->num2);
        worksheet_write_number(ta, row, 5, wage, b->euro);
        worksheet_write_number(ta, row, 6, charges, b->euro);
        worksheet_write_number(ta, row, 7, unprod, b->euro);
        worksheet_write_number(ta, row, 8, overhead, b->euro);
        worksheet_write_number(ta, row, 9, margin, b->euro);
        char formula[64];
        ls_fmt(formula, sizeof formula, "=SUM(F%u:J%u)", row + 1, row + 1);
        worksheet_write_formula_num(ta, row, 10, formula, b->euro, hourly);
        worksheet_write_number(ta, row, 11, factor, b->num4);
        ls_fmt(formula, sizeof formula, "=E%u*K%u*L%u", row + 1, row + 1, row + 1);
        worksheet_write_formula_num(ta, row, 12, formula, b->euro, a->floor_tariff);
    }
}

/* Two series, required (red) and available (blue), from columns C and D of rows 2..n+1 of
 * sheet against column A. */
static void required_available(lxw_chart *ch, const char *sheet, size_t n, uint8_t marker)
{
    const char *series[] = {"Required", "Available"};
    const lxw_color_t colors[] = {0xC00000, 0x2F5597};
    for (int s = 0; s < 2 && n > 0; s++) {
        lxw_chart_series *cs = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(cs, sheet, 1, 0, (lxw_row_t)n, 0);
        chart_series_set_values(cs, sheet, 1, (lxw_col_t)(2 + s), (lxw_row_t)n,
                                (lxw_col_t)(2 + s));
        chart_series_set_name(cs, series[s]);
        lxw_chart_line line = {.color = colors[s], .width = 2.25};
        chart_series_set_line(cs, &line);
        chart_series_set_marker_type(cs, marker);
    }
}

/* Years: required against available, a row and a point a year. */
static void plan_years(book *b, ls_result *const *res, const rounded *r, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Years");
    const char *names[] = {"Year", "Status", "Required (€/year)", "Available (€/year)", "Cut",
                           "Margin", "Unmet clients"};
    const double widths[] = {8, 13, 20, 20, 9, 9, 14};
    header(b, ws, names, widths, 7);
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
    required_available(ch, "Years", n, LXW_CHART_MARKER_CIRCLE);
    chart_title_set_name(ch, "Required against available, per year");
    chart_axis_set_name(ch->y_axis, "euros a year");
    chart_axis_set_num_format(ch->y_axis, "#,##0");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chartsheet *cs = workbook_add_chartsheet(b->wb, "Years chart");
    chartsheet_set_chart(cs, ch);
    chartsheet_set_landscape(cs);
}

int ls_results_write_xlsx(const ls_model *m, ls_result *const *res, size_t n, const char *path,
                          ls_errors *errs)
{
    rounded *r = ls_round_results(res, n);
    if (!r)
        return LS_EINTERNAL;
    book b;
    int rc = book_open(&b, path, errs);
    if (rc == LS_OK) {
        const ls_result *last = res[n - 1];
        plan_summary(&b, last, &r[n - 1]);
        if (last->n_budgets > 0)
            b.chart = workbook_add_chartsheet(b.wb, "Chart");
        plan_providers(&b, last, &r[n - 1]);
        plan_chart(&b, last, &r[n - 1]);
        plan_segments(&b, last);
        plan_allocation(&b, m, last, &r[n - 1]);
        if (n > 1)
            plan_years(&b, res, r, n);
        settings_sheet(&b, last->model, NULL, 0, last->settings, last->n_settings);
        rc = book_close(&b, path, errs);
    }
    ls_rounded_free_all(r, n);
    return rc;
}

/* ---- sweep -------------------------------------------------------------------------------- */

int ls_sweep_write_xlsx(const ls_sweep *sw, const char *param, const char *path,
                        ls_errors *errs)
{
    ls_setting param_setting[1];
    book b;
    int rc = book_open(&b, path, errs);
    if (rc != LS_OK)
        return rc;
    b.chart = workbook_add_chartsheet(b.wb, "Chart");
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, "Sweep");
    const char *names[] = {param, "Status", "Required (€/year)", "Available (€/year)", "Cut",
                           "Margin", "Unmet clients", "Allocated (€/year)", "Break-even"};
    const double widths[] = {16, 13, 20, 20, 9, 9, 14, 20, 11};
    header(&b, ws, names, widths, 9);
    size_t n = sw->n_rows < MAX_ROWS - 2 ? sw->n_rows : MAX_ROWS - 2;
    for (size_t i = 0; i <= n; i++) {
        const ls_sweep_row *row_data = i < n ? &sw->rows[i] : &sw->break_even_row;
        if (i == n && isnan(sw->break_even))
            break;
        lxw_row_t row = (lxw_row_t)(i + 1);
        int funded = row_data->status == LS_FUNDED;
        worksheet_write_number(ws, row, 0, row_data->value, b.num);
        worksheet_write_string(ws, row, 1, ls_status_name(row_data->status),
                               funded ? b.good : b.bad);
        if (row_data->status == LS_NO_SOLUTION) {
            const char *why = i < n && sw->reasons && sw->reasons[i] ? sw->reasons[i] : "";
            worksheet_write_string(ws, row, 2, why, NULL);
            continue;
        }
        worksheet_write_number(ws, row, 2, round(row_data->required * 100) / 100, b.euro);
        worksheet_write_number(ws, row, 3, round(row_data->available * 100) / 100, b.euro);
        worksheet_write_number(ws, row, 4, row_data->cut, b.pct);
        worksheet_write_number(ws, row, 5, row_data->margin, b.pct);
        worksheet_write_number(ws, row, 6, row_data->unmet_clients, b.num2);
        worksheet_write_number(ws, row, 7, round(row_data->allocated * 100) / 100, b.euro);
        if (i == n)
            worksheet_write_string(ws, row, 8, "break-even", b.bold);
    }
    /* required and available against the parameter (a scatter chart: the x axis is the
     * value), the break-even as a marker of its own */
    lxw_chart *ch = workbook_add_chart(b.wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    required_available(ch, "Sweep", n, LXW_CHART_MARKER_NONE);
    char title[200];
    if (!isnan(sw->break_even)) {
        lxw_chart_series *cs = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(cs, "Sweep", (lxw_row_t)(n + 1), 0, (lxw_row_t)(n + 1), 0);
        chart_series_set_values(cs, "Sweep", (lxw_row_t)(n + 1), 2, (lxw_row_t)(n + 1), 2);
        chart_series_set_name(cs, "Break-even");
        chart_series_set_marker_type(cs, LXW_CHART_MARKER_DIAMOND);
        chart_series_set_marker_size(cs, 11);
        lxw_chart_fill fill = {.color = 0xFFC000};
        chart_series_set_marker_fill(cs, &fill);
        lxw_chart_line none = {.none = LXW_TRUE};
        chart_series_set_line(cs, &none);
        char at[40];
        title_number(at, sizeof at, sw->break_even);
        ls_fmt(title, sizeof title, "Required and available against %s; break-even at %s",
               param, at);
    } else
        ls_fmt(title, sizeof title, "Required and available against %s; no break-even", param);
    chart_title_set_name(ch, title);
    chart_title_set_name_font(ch, &(lxw_chart_font){.size = 11, .bold = LXW_TRUE});
    chart_axis_set_name(ch->x_axis, param);
    if (n > 0) {
        chart_axis_set_min(ch->x_axis, sw->rows[0].value);
        chart_axis_set_max(ch->x_axis, sw->rows[n - 1].value);
        if (fabs(sw->rows[n - 1].value) >= 1000)
            chart_axis_set_num_format(ch->x_axis, "#,##0");
    }
    chart_axis_set_name(ch->y_axis, "euros a year");
    chart_axis_set_num_format(ch->y_axis, "#,##0");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    chartsheet_set_chart(b.chart, ch);
    chartsheet_set_landscape(b.chart);
    param_setting[0] = (ls_setting){"parameter", param};
    settings_sheet(&b, sw->model, param_setting, 1, sw->settings, sw->n_settings);
    return book_close(&b, path, errs);
}

/* ---- risk --------------------------------------------------------------------------------- */

int ls_risk_write_xlsx(const ls_risk *k, const char *path, ls_errors *errs)
{
    book b;
    int rc = book_open(&b, path, errs);
    if (rc != LS_OK)
        return rc;
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, "Summary");
    const char *names[] = {"What", "Value"};
    const double widths[] = {46, 22};
    header(&b, ws, names, widths, 2);
    struct {
        const char *label;
        double value;
        lxw_format *fmt;
    } lines[] = {
        {"Runs", (double)k->n_samples, b.num},
        {"Available after the reserve (and expected pgb)", k->available, b.euro},
        {"Need: mean", k->mean, b.euro},
        {"Need: standard deviation", k->sd, b.euro},
        {"Chance of an overrun: P(need > available)", k->p_overrun, b.pct},
        {"  95 % interval: from", k->p_overrun_low, b.pct},
        {"  95 % interval: to", k->p_overrun_high, b.pct},
        {"Expected overrun E[max(0, need − available)]", k->expected_overrun, b.euro},
        {"Chance of underfunding: P(underfunded)", k->p_underfunded, b.pct},
        {"Chance of unmet demand: P(unmet > 0)", k->p_unmet, b.pct},
        {"Runs without a solution: P(no solution)", k->p_no_solution, b.pct},
        {"Seed", (double)k->options.seed, b.num},
        {"Dispersion", k->options.dispersion, b.num2},
        {"Wage index standard deviation", k->options.wage_sd, b.num2},
    };
    lxw_row_t row = 1;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        worksheet_write_string(ws, row, 0, lines[i].label, NULL);
        worksheet_write_number(ws, row++, 1, lines[i].value, lines[i].fmt);
    }
    if (k->n_bins > 0)
        b.chart = workbook_add_chartsheet(b.wb, "Chart");
    lxw_worksheet *qs = workbook_add_worksheet(b.wb, "Quantiles");
    const char *qn[] = {"Quantile of need", "Euros a year", "Above available?"};
    const double qw[] = {22, 20, 17};
    header(&b, qs, qn, qw, 3);
    const double qp[] = {0.50, 0.90, 0.95, 0.99}, qv[] = {k->q50, k->q90, k->q95, k->q99};
    for (int i = 0; i < 4; i++) {
        worksheet_write_number(qs, (lxw_row_t)(i + 1), 0, qp[i], b.pct);
        worksheet_write_number(qs, (lxw_row_t)(i + 1), 1, qv[i], b.euro);
        worksheet_write_string(qs, (lxw_row_t)(i + 1), 2, qv[i] > k->available ? "yes" : "no",
                               qv[i] > k->available ? b.bad : b.good);
    }
    /* the histogram: bins at or below the available budget in one colour, above in another */
    lxw_worksheet *hs = workbook_add_worksheet(b.wb, "Histogram");
    const char *hn[] = {"Need from (€/year)", "Need to (€/year)", "Bin",
                        "Runs within available", "Runs over available"};
    const double hw[] = {22, 22, 24, 22, 20};
    header(&b, hs, hn, hw, 5);
    for (size_t i = 0; i < k->n_bins; i++) {
        const ls_risk_bin *bin = &k->histogram[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        char label[64];
        ls_fmt(label, sizeof label, "%.1f–%.1f M", bin->lower / 1e6, bin->upper / 1e6);
        worksheet_write_number(hs, r, 0, bin->lower, b.euro);
        worksheet_write_number(hs, r, 1, bin->upper, b.euro);
        worksheet_write_string(hs, r, 2, label, NULL);
        int over = bin->lower >= k->available;
        worksheet_write_number(hs, r, 3, over ? 0 : (double)bin->count, b.num);
        worksheet_write_number(hs, r, 4, over ? (double)bin->count : 0, b.num);
    }
    if (k->n_bins > 0) {
        lxw_chart *ch = workbook_add_chart(b.wb, LXW_CHART_COLUMN_STACKED);
        const char *series[] = {"Within the available budget", "Over the available budget"};
        const lxw_color_t colors[] = {0x4472C4, 0xE06666};
        for (int s = 0; s < 2; s++) {
            lxw_chart_series *cs = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(cs, "Histogram", 1, 2, (lxw_row_t)k->n_bins, 2);
            chart_series_set_values(cs, "Histogram", 1, (lxw_col_t)(3 + s),
                                    (lxw_row_t)k->n_bins, (lxw_col_t)(3 + s));
            chart_series_set_name(cs, series[s]);
            lxw_chart_fill fill = {.color = colors[s]};
            chart_series_set_fill(cs, &fill);

        }
        char title[200];
        ls_fmt(title, sizeof title,
               "Need over %zu runs; available € %.1f M; P(overrun) %.1f %%", k->n_samples,
               k->available / 1e6, 100 * k->p_overrun);
        chart_title_set_name(ch, title);
        chart_title_set_name_font(ch, &(lxw_chart_font){.size = 11, .bold = LXW_TRUE});
        chart_set_series_gap(ch, 10);
        chart_axis_set_name(ch->x_axis, "need, millions of euros a year");
        chart_axis_set_name(ch->y_axis, "runs");
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        chartsheet_set_chart(b.chart, ch);
    chartsheet_set_landscape(b.chart);
    }
    char seed[32], disp[32], wsd[32], runs[32];
    ls_fmt(seed, sizeof seed, "%lu", k->options.seed);
    ls_fmt_plain(disp, sizeof disp, k->options.dispersion);
    ls_fmt_plain(wsd, sizeof wsd, k->options.wage_sd);
    ls_fmt(runs, sizeof runs, "%zu", k->n_samples);
    const ls_setting extra[] = {{"runs", runs}, {"seed", seed}, {"dispersion", disp},
                                {"wage_sd", wsd}};
    settings_sheet(&b, k->model, extra, 4, k->settings, k->n_settings);
    return book_close(&b, path, errs);
}
