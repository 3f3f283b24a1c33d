/*
 * xlsx.c — a plan's Excel workbook for the council (docs/workbooks.md), written with
 * libxlsxwriter: the summary, the chart, the domains against their ceilings, the providers'
 * floors and budgets; the sheets a euro is traced through are in xlsx_tariffs.c, the years
 * in xlsx_years.c (xlsx_plan.h says how they hang together).
 *
 * Money cells carry the number format `€ #,##0.00`, which Excel shows with the reader's own
 * separators (a Dutch Excel: € 1.234.567,89). A figure that follows from others on the
 * workbook is a formula, written with the value it computes, which equals the planner's
 * figure (a total to the cent). Every sheet has a frozen header row and columns wide enough
 * for their contents. A workbook is written to a temporary file beside the target and renamed
 * over it only when libxlsxwriter has closed it without error.
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

/* ---- Providers: a row a group (provider, domain) -------------------------------------------- */

typedef struct group_key {
    const char *provider, *domain;
    size_t index;
} group_key;

static int by_group(const void *a, const void *b)
{
    const group_key *x = a, *y = b;
    int c = strcmp(x->provider, y->provider);
    return c ? c : strcmp(x->domain, y->domain);
}

/* The floor cost of each group as the Providers sheet's SUMIFS finds it: its allocation
 * rows' floor costs added (the domain of a row is its segment's). */
static int group_floors(plan_book *p)
{
    const ls_result *res = p->res;
    group_key *g = malloc((res->n_budgets + 1) * sizeof *g);
    group_key *seg = malloc((res->n_segment_rows + 1) * sizeof *seg);
    if (!g || !seg) {
        free(g);
        free(seg);
        return LS_EINTERNAL;
    }
    for (size_t i = 0; i < res->n_budgets; i++) {
        g[i] = (group_key){res->budgets[i].provider, res->budgets[i].domain, i};
        p->group_floor[i] = 0;
    }
    qsort(g, res->n_budgets, sizeof *g, by_group);
    for (size_t i = 0; i < res->n_segment_rows; i++)
        seg[i] = (group_key){res->segment_rows[i].segment, "", i};
    qsort(seg, res->n_segment_rows, sizeof *seg, by_group);
    for (size_t i = 0; i < p->n_rows; i++) {
        const ls_allocation_row *a = &res->allocation[i];
        group_key probe = {a->segment, "", 0};
        const group_key *s = bsearch(&probe, seg, res->n_segment_rows, sizeof *seg, by_group);
        if (!s)
            continue;
        probe = (group_key){a->provider, res->segment_rows[s->index].domain, 0};
        const group_key *k = bsearch(&probe, g, res->n_budgets, sizeof *g, by_group);
        if (k)
            p->group_floor[k->index] += p->row_cost[i];
    }
    free(g);
    free(seg);
    return LS_OK;
}

static void providers_sheet(plan_book *p)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ws = p->providers;
    const char *names[] = {_("Provider"), _("Name"), _("Domain"), _("Local"), _("Quality"),
                           _("Floor cost (€/year)"), _("Budget (€/year)"), _("Margin"),
                           _("Capped"), _("Cut by")};
    const double widths[] = {14, 34, 12, 8, 9, 20, 20, 10, 10, 10};
    ls_book_header(b, ws, names, widths, 10);
    ls_book_comment(ws, 5, _("The floor cost of the provider's placed clients in the domain: "
                             "the sum of their rows on the sheet Allocation."));
    ls_book_comment(ws, 6, _("Floor cost × (1 + margin): what the provider is paid, euros a "
                             "year."));
    ls_book_comment(ws, 7, _("Above the floor: the same for every provider (with "
                             "margin_policy quality: by quality) unless capped; below 0 a "
                             "cut."));
    size_t n = res->n_budgets < MAX_ROWS - 1 ? res->n_budgets : MAX_ROWS - 1;
    size_t last = p->n_rows + 1; /* the Allocation sheet's last row */
    char f[512], col[3][64];
    ls_book_ref(col[0], sizeof col[0], _("Allocation"), 1, 6, 1);
    ls_book_ref(col[1], sizeof col[1], _("Allocation"), 1, 0, 1);
    ls_book_ref(col[2], sizeof col[2], _("Allocation"), 1, 3, 1);
    p->floor_total = p->budget_total = 0;
    for (size_t i = 0; i < n; i++) {
        const ls_budget_row *g = &res->budgets[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        unsigned R = row + 1;
        worksheet_write_string(ws, row, 0, g->provider, NULL);
        worksheet_write_string(ws, row, 1, g->name && *g->name ? g->name : g->provider, NULL);
        worksheet_write_string(ws, row, 2, g->domain, NULL);
        worksheet_write_string(ws, row, 3, ls_book_yes(g->local), NULL);
        worksheet_write_number(ws, row, 4, g->quality, b->num2);
        if (p->whole) {
            ls_fmt(f, sizeof f, "=SUMIFS(%s:$G$%zu,%s:$A$%zu,A%u,%s:$D$%zu,C%u)", col[0], last,
                   col[1], last, R, col[2], last, R);
            worksheet_write_formula_num(ws, row, 5, f, b->euro, p->group_floor[i]);
        } else {
            p->group_floor[i] = p->r->group_floor[i];
            worksheet_write_number(ws, row, 5, p->group_floor[i], b->euro);
        }
        if (p->whole && !isnan(g->margin)) {
            p->group_budget[i] = p->group_floor[i] * (1 + g->margin);
            ls_fmt(f, sizeof f, "=F%u*(1+H%u)", R, R);
            worksheet_write_formula_num(ws, row, 6, f, b->euro, p->group_budget[i]);
        } else {
            p->group_budget[i] = p->r->budget[i];
            worksheet_write_number(ws, row, 6, p->group_budget[i], b->euro);
        }
        if (!isnan(g->margin))
            worksheet_write_number(ws, row, 7, g->margin, b->pct);
        worksheet_write_string(ws, row, 8, g->capped ? _("yes") : "", NULL);
        worksheet_write_string(ws, row, 9, g->cut_by_domain ? _("domain") : "", NULL);
        p->floor_total += p->group_floor[i];
        p->budget_total += p->group_budget[i];
    }
    p->providers_total = (lxw_row_t)(n + 1);
    worksheet_write_string(ws, p->providers_total, 0, _("Total"), b->bold);
    ls_fmt(f, sizeof f, "=SUM(F2:F%zu)", n + 1);
    worksheet_write_formula_num(ws, p->providers_total, 5, f, b->euro_bold, p->floor_total);
    ls_fmt(f, sizeof f, "=SUM(G2:G%zu)", n + 1);
    worksheet_write_formula_num(ws, p->providers_total, 6, f, b->euro_bold, p->budget_total);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 9);
}

/* ---- Per provider and the chart ------------------------------------------------------------ */

typedef struct provider_total {
    const char *id, *name;
    double floor, budget;
} provider_total;

static int by_floor_desc(const void *a, const void *b)
{
    const provider_total *x = a, *y = b;
    if (x->floor != y->floor)
        return x->floor > y->floor ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* The chart sheet: each of the n providers' floor cost and budget (the largest
 * CHART_PROVIDERS of them), paid up to the floor, margin and cut stacked. */
static void per_provider_chart(plan_book *p, size_t n)
{
    book *b = p->b;
    const ls_result *res = p->res;
    size_t shown = n < CHART_PROVIDERS ? n : CHART_PROVIDERS;
    if (shown > 0 && b->chart) {
        lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_BAR_STACKED);
        const char *series[] = {_("Paid up to the floor"), _("Margin above the floor"),
                                _("Cut below the floor")};
        const lxw_color_t colors[] = {0x4472C4, 0x70AD47, 0xE06666};
        for (int k = 0; k < 3; k++) {
            lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
            /* the providers' names on the axis, not their ids */
            chart_series_set_categories(s, _("Per provider"), 1, 1, (lxw_row_t)shown, 1);
            chart_series_set_values(s, _("Per provider"), 1, (lxw_col_t)(4 + k),
                                    (lxw_row_t)shown, (lxw_col_t)(4 + k));
            chart_series_set_name(s, series[k]);
            lxw_chart_fill fill = {.color = colors[k]};
            chart_series_set_fill(s, &fill);
        }
        char title[300], avail[64], which[96];
        ls_book_title_number(avail, sizeof avail, p->r->available);
        if (n > shown)
            ls_fmt(which, sizeof which, _("the %zu largest of %zu"), shown, n);
        else
            ls_fmt(which, sizeof which, _("all %zu"), n);
        ls_fmt(title, sizeof title,
               _("Floor cost and budget per provider (%s); available € %s, %s"), which, avail,
               res->summary.unmet_clients > 0 ? (res->summary.status == LS_FUNDED
                                                     ? _("funded, but clients have no place")
                                                     : _("underfunded, and clients have no place"))
                                              : ls_book_status(res->summary.status));
        chart_title_set_name(ch, title);
        chart_title_set_name_font(ch, &(lxw_chart_font){.size = 11, .bold = LXW_TRUE});
        /* in a bar chart libxlsxwriter names the horizontal value axis x */
        chart_axis_set_name(ch->x_axis, _("euros a year"));
        chart_axis_set_num_format(ch->x_axis, "#,##0");
        chart_axis_set_reverse(ch->y_axis);      /* the largest on top */
        chart_axis_set_crossing_max(ch->y_axis); /* and the euros below */
        chart_set_series_gap(ch, 40);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        chartsheet_set_chart(b->chart, ch);
        chartsheet_set_landscape(b->chart);
    }
}

static void per_provider_sheet(plan_book *p)
{
    book *b = p->b;
    const ls_result *res = p->res;
    provider_total *t = calloc(res->n_budgets + 1, sizeof(*t));
    if (!t)
        return;
    size_t n = 0;
    for (size_t i = 0; i < res->n_budgets && i < MAX_ROWS - 1; i++) {
        /* budgets.csv lists a provider's groups together */
        const ls_budget_row *g = &res->budgets[i];
        if (n == 0 || strcmp(t[n - 1].id, g->provider) != 0) {
            t[n].id = g->provider;
            t[n++].name = g->name && *g->name ? g->name : g->provider;
        }
        t[n - 1].floor += p->group_floor[i];
        t[n - 1].budget += p->group_budget[i];
    }
    qsort(t, n, sizeof(*t), by_floor_desc);
    lxw_worksheet *ws = p->per_provider;
    const char *names[] = {_("Provider"), _("Name"), _("Floor cost (€/year)"),
                           _("Budget (€/year)"), _("Paid up to the floor"),
                           _("Margin above the floor"), _("Cut below the floor")};
    const double widths[] = {14, 34, 20, 20, 20, 22, 20};
    ls_book_header(b, ws, names, widths, 7);
    char f[512], ids[64], floors[64], budgets[64];
    size_t last = p->providers_total; /* the Providers sheet's last group row */
    ls_book_ref(ids, sizeof ids, _("Providers"), 1, 0, 1);
    ls_book_ref(floors, sizeof floors, _("Providers"), 1, 5, 1);
    ls_book_ref(budgets, sizeof budgets, _("Providers"), 1, 6, 1);
    for (size_t i = 0; i < n; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        unsigned R = row + 1;
        worksheet_write_string(ws, row, 0, t[i].id, NULL);
        worksheet_write_string(ws, row, 1, t[i].name, NULL);
        ls_fmt(f, sizeof f, "=SUMIF(%s:$A$%zu,A%u,%s:$F$%zu)", ids, last, R, floors, last);
        worksheet_write_formula_num(ws, row, 2, f, b->euro, t[i].floor);
        ls_fmt(f, sizeof f, "=SUMIF(%s:$A$%zu,A%u,%s:$G$%zu)", ids, last, R, budgets, last);
        worksheet_write_formula_num(ws, row, 3, f, b->euro, t[i].budget);
        ls_fmt(f, sizeof f, "=MIN(C%u,D%u)", R, R);
        worksheet_write_formula_num(ws, row, 4, f, b->euro, fmin(t[i].floor, t[i].budget));
        ls_fmt(f, sizeof f, "=MAX(0,D%u-C%u)", R, R);
        worksheet_write_formula_num(ws, row, 5, f, b->euro, fmax(0, t[i].budget - t[i].floor));
        ls_fmt(f, sizeof f, "=MAX(0,C%u-D%u)", R, R);
        worksheet_write_formula_num(ws, row, 6, f, b->euro, fmax(0, t[i].floor - t[i].budget));
    }
    per_provider_chart(p, n);
    free(t);
}

/* ---- Domains: the providers' budgets and the personal budgets against each ceiling ------- */

/* The Domains sheet's total row under the domains (rows 2 .. row), each column a SUM. */
static void domains_total(plan_book *p, lxw_row_t row)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ws = p->domains;
    char f[64];
    unsigned last = row; /* the domains are rows 2..last */
    worksheet_write_string(ws, row, 0, _("Total"), b->bold);
    for (lxw_col_t c = 1; c <= 4; c++) {
        char letter = (char)('A' + c);
        ls_fmt(f, sizeof f, "=SUM(%c2:%c%u)", letter, letter, last);
        double v = 0;
        for (size_t i = 0; i < res->n_budgets && i < MAX_ROWS - 1; i++)
            v += c == 1 ? p->group_floor[i] : c == 2 || c == 4 ? p->group_budget[i] : 0;
        for (size_t i = 0; i < res->n_segment_rows && c >= 3; i++)
            v += res->segment_rows[i].pgb_cost;
        worksheet_write_formula_num(ws, row, c, f, b->euro_bold, v);
    }
}

static void domains_sheet(plan_book *p)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ws = p->domains;
    const char *names[] = {_("Domain"), _("Floor cost (€/year)"), _("Budget to providers"),
                           _("Personal budgets (pgb)"), _("Total (€/year)"),
                           _("Ceiling (budget.<domain>)"), _("Room under the ceiling"),
                           _("Against the ceiling"), _("Deepest cut")};
    const double widths[] = {14, 20, 20, 22, 20, 22, 20, 34, 12};
    ls_book_header(b, ws, names, widths, 9);
    ls_book_comment(ws, 4, _("What the domain costs the budget: the providers' budgets plus "
                             "the personal budgets, euros a year. A domain's ceiling holds "
                             "both."));
    ls_book_comment(ws, 5, _("The council's ceiling for the domain (budget.wmo, budget.jeugd, "
                             "budget.participatie on the sheet Settings); empty: none."));
    char f[512], prov_dom[64], prov_floor[64], prov_budget[64], seg_dom[64], seg_pgb[64];
    size_t plast = p->providers_total, slast = res->n_segment_rows + 1;
    ls_book_ref(prov_dom, sizeof prov_dom, _("Providers"), 1, 2, 1);
    ls_book_ref(prov_floor, sizeof prov_floor, _("Providers"), 1, 5, 1);
    ls_book_ref(prov_budget, sizeof prov_budget, _("Providers"), 1, 6, 1);
    ls_book_ref(seg_dom, sizeof seg_dom, _("Segments"), 1, 1, 1);
    ls_book_ref(seg_pgb, sizeof seg_pgb, _("Segments"), 1, 7, 1);
    lxw_row_t row = 1;
    for (int d = 0; d < LS_DOMAIN_COUNT; d++) {
        const char *dom = ls_domain_name(d);
        double floor = 0, budget = 0, pgb = 0, ceiling = NAN;
        int groups = 0;
        for (size_t i = 0; i < res->n_budgets && i < MAX_ROWS - 1; i++)
            if (strcmp(res->budgets[i].domain, dom) == 0) {
                floor += p->group_floor[i];
                budget += p->group_budget[i];
                groups++;
            }
        for (size_t i = 0; i < res->n_segment_rows; i++)
            if (strcmp(res->segment_rows[i].domain, dom) == 0)
                pgb += res->segment_rows[i].pgb_cost;
        char key[48], ref[96];
        ls_fmt(key, sizeof key, "budget.%s", dom);
        int has_ceiling = ls_book_setting_ref(b, key, ref, sizeof ref, &ceiling);
        if (!groups && pgb == 0 && !has_ceiling)
            continue;
        unsigned R = row + 1;
        worksheet_write_string(ws, row, 0, dom, b->bold);
        ls_fmt(f, sizeof f, "=SUMIF(%s:$C$%zu,A%u,%s:$F$%zu)", prov_dom, plast, R, prov_floor,
               plast);
        worksheet_write_formula_num(ws, row, 1, f, b->euro, floor);
        ls_fmt(f, sizeof f, "=SUMIF(%s:$C$%zu,A%u,%s:$G$%zu)", prov_dom, plast, R, prov_budget,
               plast);
        worksheet_write_formula_num(ws, row, 2, f, b->euro, budget);
        ls_fmt(f, sizeof f, "=SUMIF(%s:$B$%zu,A%u,%s:$H$%zu)", seg_dom, slast, R, seg_pgb, slast);
        worksheet_write_formula_num(ws, row, 3, f, b->euro, pgb);
        ls_fmt(f, sizeof f, "=C%u+D%u", R, R);
        worksheet_write_formula_num(ws, row, 4, f, b->euro, budget + pgb);
        if (has_ceiling) {
            ls_fmt(f, sizeof f, "=%s", ref);
            worksheet_write_formula_num(ws, row, 5, f, b->euro, ceiling);
            ls_fmt(f, sizeof f, "=F%u-E%u", R, R);
            double room = ceiling - (budget + pgb);
            worksheet_write_formula_num(ws, row, 6, f, b->euro, room);
            int binds = res->underfunded_domain[d] || room < 0.005;
            worksheet_write_string(ws, row, 7,
                                   res->underfunded_domain[d]
                                       ? _("the ceiling binds: floors are cut")
                                       : binds ? _("the ceiling binds") : _("within the ceiling"),
                                   res->underfunded_domain[d] ? b->bad : binds ? NULL : b->good);
        } else
            worksheet_write_string(ws, row, 7, _("no ceiling"), NULL);
        if (!isnan(res->cut_domain[d]))
            worksheet_write_number(ws, row, 8, res->cut_domain[d], b->pct);
        row++;
    }
    domains_total(p, row);
}

/* ---- Summary ------------------------------------------------------------------------------- */


/* A domain's own local-share target: its share of the domain's placement, the target and
 * whether it was reached. The next row. */
static lxw_row_t domain_share_rows(lxw_worksheet *ws, const book *b, const ls_result *res,
                                   int d, lxw_row_t row)
{
    char label[160];
    ls_fmt(label, sizeof label, _("Local share of %s's placement"), ls_domain_name(d));
    worksheet_write_string(ws, row, 0, label, NULL);
    if (isnan(res->local_share_domain[d]))
        worksheet_write_string(ws, row++, 1, _("none"), NULL);
    else
        worksheet_write_number(ws, row++, 1, res->local_share_domain[d], b->pct);
    ls_fmt(label, sizeof label, _("Local share target in %s"), ls_domain_name(d));
    worksheet_write_string(ws, row, 0, label, NULL);
    worksheet_write_number(ws, row++, 1, res->local_target_domain[d], b->pct);
    ls_fmt(label, sizeof label, _("Local share in %s against its target"), ls_domain_name(d));
    worksheet_write_string(ws, row, 0, label, b->bold);
    if (isnan(res->local_share_domain[d]))
        worksheet_write_string(ws, row++, 1, _("none"), NULL);
    else if (res->local_shortfall_domain[d] > 0.005) {
        char text[160], euros[64];
        ls_book_title_decimal(euros, sizeof euros, res->local_shortfall_domain[d], 0);
        ls_fmt(text, sizeof text, _("missed by € %s a year"), euros);
        worksheet_write_string(ws, row++, 1, text, b->bad);
    } else
        worksheet_write_string(ws, row++, 1, _("reached"), b->good);
    return row;
}

/* The summary's figures from row 3 on (Excel's row 4): budget, available, required, … where
 * the workbook can show how a figure follows from others, a formula. The next row. */
static lxw_row_t summary_figures(plan_book *p, lxw_row_t row)
{
    book *b = p->b;
    const ls_result *res = p->res;
    const rounded *r = p->r;
    lxw_worksheet *ws = p->summary;
    enum { BUDGET = 3, AVAILABLE, REQUIRED, PLACED, UNMET, CUT, MARGIN, ALLOCATED, UNALLOCATED,
           PGB_CLIENTS, PGB_COST };
    char f[256], total_floor[64], total_budget[64], reserve[96];
    ls_book_ref(total_floor, sizeof total_floor, _("Providers"), p->providers_total, 5, 1);
    ls_book_ref(total_budget, sizeof total_budget, _("Providers"), p->providers_total, 6, 1);
    struct {
        const char *label;
        double value;
        lxw_format *fmt;
    } lines[] = {
        {_("Budget (the lumpsum)"), res->summary.budget, b->euro},
        {_("Available after the reserve and personal budgets"), r->available, b->euro},
        {_("Required: floor cost of the placed clients"), r->required, b->euro},
        {_("Clients placed"), res->summary.served_clients, b->num2},
        {_("Clients not placed"), res->summary.unmet_clients, b->num2},
        {_("Cut on every floor (underfunded)"), res->summary.cut, b->pct},
        {_("Margin above the floor (funded)"), res->summary.margin, b->pct},
        {_("Allocated to providers"), r->allocated, b->euro},
        {_("Not allocated"), r->unallocated, b->euro},
        {_("Clients on a personal budget (pgb)"), res->summary.pgb_clients, b->num2},
        {_("Personal budgets paid first"), res->summary.pgb_cost, b->euro},
        {_("Providers"), (double)res->providers, b->num},
        {_("Segments"), (double)res->segments, b->num},
        {_("Contracts"), (double)res->contracts, b->num},
    };
    double reserve_v;
    int has_reserve = ls_book_setting_ref(b, "reserve", reserve, sizeof reserve, &reserve_v);
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++, row++) {
        worksheet_write_string(ws, row, 0, lines[i].label, NULL);
        f[0] = '\0';
        double v = lines[i].value;
        if (row == AVAILABLE && has_reserve &&
            fabs(res->summary.budget * (1 - reserve_v) - res->summary.pgb_cost - r->available) <
                0.005) {
            ls_fmt(f, sizeof f, "=B%d*(1-%s)-B%d", BUDGET + 1, reserve, PGB_COST + 1);
            v = res->summary.budget * (1 - reserve_v) - res->summary.pgb_cost;
        } else if (row == REQUIRED && p->whole) {
            ls_fmt(f, sizeof f, "=%s", total_floor);
            v = p->floor_total;
        } else if (row == ALLOCATED && p->whole) {
            ls_fmt(f, sizeof f, "=%s", total_budget);
            v = p->budget_total;
        }
        if (f[0])
            worksheet_write_formula_num(ws, row, 1, f, lines[i].fmt, v);
        else
            worksheet_write_number(ws, row, 1, v, lines[i].fmt);
    }
    (void)PLACED, (void)UNMET, (void)CUT, (void)MARGIN, (void)UNALLOCATED, (void)PGB_CLIENTS;
    return row;
}

/* The break-even, whether every client has a place, and each domain's deepest cut. The next
 * row. */
static lxw_row_t summary_demand(plan_book *p, lxw_row_t row)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ws = p->summary;
    int unmet = res->summary.unmet_clients > 0;
    /* the break-even holds today's placement (from it on, that placement is underfunded): a
     * placement made anew may fit further */
    worksheet_write_string(ws, row, 0, _("Break-even wage index of today's placement"), NULL);
    if (isnan(res->summary.break_even_wage_index))
        worksheet_write_string(ws, row++, 1, _("none"), NULL);
    else
        worksheet_write_number(ws, row++, 1, res->summary.break_even_wage_index, b->pct);
    worksheet_write_string(ws, row, 0, _("Demand"), b->bold);
    worksheet_write_string(ws, row++, 1, unmet ? _("clients have no place") : _("every client "
                                                                               "has a place"),
                           unmet ? b->bad : b->good);
    for (int d = 0; d < LS_DOMAIN_COUNT; d++)
        if (!isnan(res->cut_domain[d])) {
            char label[160];
            ls_fmt(label, sizeof label,
                   res->underfunded_domain[d] ? _("Deepest cut in %s (its ceiling binds)")
                                              : _("Deepest cut in %s"),
                   ls_domain_name(d));
            worksheet_write_string(ws, row, 0, label, NULL);
            worksheet_write_number(ws, row++, 1, res->cut_domain[d], b->pct);
        }
    return row;
}

/* The local share against its target, each domain's against its own, and the local
 * providers' share of the allocated budget (a formula over the Providers sheet where it holds
 * every group). The next row. */
static lxw_row_t summary_local(plan_book *p, lxw_row_t row)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ws = p->summary;
    const struct {
        const char *label;
        double value;
    } shares[] = {{_("Local share of the placement (reference prices)"), res->local_share},
                  {_("Local share target (local_share_min)"), res->local_share_target}};
    for (size_t i = 0; i < 2; i++) {
        worksheet_write_string(ws, row, 0, shares[i].label, NULL);
        if (isnan(shares[i].value))
            worksheet_write_string(ws, row++, 1, _("none"), NULL);
        else
            worksheet_write_number(ws, row++, 1, shares[i].value, b->pct);
    }
    worksheet_write_string(ws, row, 0, _("Local share against its target"), b->bold);
    if (!(res->local_share_target > 0))
        worksheet_write_string(ws, row++, 1, _("no target"), NULL);
    else if (res->local_shortfall > 0.005) {
        char text[160], euros[64];
        ls_book_title_decimal(euros, sizeof euros, res->local_shortfall, 0);
        ls_fmt(text, sizeof text, _("missed by € %s a year"), euros);
        worksheet_write_string(ws, row++, 1, text, b->bad);
    } else
        worksheet_write_string(ws, row++, 1, _("reached"), b->good);
    for (int d = 0; d < LS_DOMAIN_COUNT; d++)
        if (!isnan(res->local_target_domain[d]))
            row = domain_share_rows(ws, b, res, d, row);
    worksheet_write_string(ws, row, 0, _("Local share of the allocated budget"), NULL);
    if (isnan(res->local_share_budget))
        worksheet_write_string(ws, row++, 1, _("none"), NULL);
    else if (p->whole && p->budget_total > 0) {
        char f[256], locals[64], budgets[64], total_budget[64];
        ls_book_ref(total_budget, sizeof total_budget, _("Providers"), p->providers_total, 6, 1);
        ls_book_ref(locals, sizeof locals, _("Providers"), 1, 3, 1);
        ls_book_ref(budgets, sizeof budgets, _("Providers"), 1, 6, 1);
        double local = 0;
        for (size_t i = 0; i < res->n_budgets && i < MAX_ROWS - 1; i++)
            local += res->budgets[i].local ? p->group_budget[i] : 0;
        ls_fmt(f, sizeof f, "=SUMIF(%s:$D$%u,\"%s\",%s:$G$%u)/%s", locals,
               (unsigned)p->providers_total, ls_book_yes(1), budgets,
               (unsigned)p->providers_total, total_budget);
        worksheet_write_formula_num(ws, row++, 1, f, b->pct, local / p->budget_total);
    } else
        worksheet_write_number(ws, row++, 1, res->local_share_budget, b->pct);
    return row;
}

/* The Summary sheet: the verdict, the figures, demand and cuts, the local share, the ceiling
 * wage index and the division in one sentence. */
static void summary_sheet(plan_book *p)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ws = p->summary;
    const char *names[] = {_("What"), _("Value")};
    const double widths[] = {68, 24};
    ls_book_header(b, ws, names, widths, 2);
    /* the verdict never hides clients without a place: not green while some have none */
    int funded = res->summary.status == LS_FUNDED, unmet = res->summary.unmet_clients > 0;
    const char *verdict = !unmet   ? ls_book_status(res->summary.status)
                          : funded ? _("funded, but clients have no place")
                                   : _("underfunded, and clients have no place");
    lxw_row_t row = 1;
    worksheet_write_string(ws, row, 0, _("Status"), b->bold);
    worksheet_write_string(ws, row++, 1, verdict, funded && !unmet ? b->good : b->bad);
    worksheet_write_string(ws, row, 0, _("Year"), NULL); /* always a row: fixed positions */
    worksheet_write_string(ws, row++, 1, res->year ? res->year : "", NULL);
    row = summary_figures(p, row);
    row = summary_demand(p, row);
    row = summary_local(p, row);
    worksheet_write_string(ws, row, 0, _("Wage index at which a placed floor passes its ceiling"),
                           NULL);
    if (isnan(res->ceiling_wage_index))
        worksheet_write_string(ws, row++, 1, _("none"), NULL);
    else
        worksheet_write_number(ws, row++, 1, res->ceiling_wage_index, b->pct);
    row++;
    /* the division as this plan made it: the margin policy's percentage, or a cut */
    const char *sentence =
        !funded ? _("In one sentence: the budget does not cover the CAO-conform floors, so "
                    "every provider's floor cost is cut by the same percentage (a domain's "
                    "ceiling cuts its own providers further; a min_budget holds a provider "
                    "higher). Each figure can be traced: Providers → Allocation → Tariffs → "
                    "Cost fractions.")
        : res->quality_weighted
            ? _("In one sentence: every provider gets its CAO-conform floor plus the same "
                "quality-weighted percentage, up to its cap; what a capped provider cannot "
                "take goes to the rest. Each figure can be traced: Providers → Allocation → "
                "Tariffs → Cost fractions.")
            : _("In one sentence: every provider gets its CAO-conform floor plus the same "
                "percentage, up to its cap; what a capped provider cannot take goes to the "
                "rest. Each figure can be traced: Providers → Allocation → Tariffs → Cost "
                "fractions.");
    worksheet_merge_range(ws, row, 0, row, 1, sentence, b->note);
    worksheet_set_row(ws, row, 60, NULL);
}

/* ---- the workbook -------------------------------------------------------------------------- */

static int plan_workbook(book *b, ls_result *const *res, const rounded *r, size_t n)
{
    const ls_result *last = res[n - 1];
    plan_book p = {.b = b, .res = last, .r = &r[n - 1]};
    p.n_rows = last->n_allocation < MAX_ROWS ? last->n_allocation : MAX_ROWS;
    p.whole = p.n_rows == last->n_allocation && last->n_budgets < MAX_ROWS - 1;
    p.row_cost = calloc(p.n_rows + 1, sizeof *p.row_cost);
    p.group_floor = calloc(last->n_budgets + 1, sizeof *p.group_floor);
    p.group_budget = calloc(last->n_budgets + 1, sizeof *p.group_budget);
    int rc = p.row_cost && p.group_floor && p.group_budget ? LS_OK : LS_EINTERNAL;
    if (rc == LS_OK) {
        /* the sheets in the order a reader meets them; filled in the order the formulas
         * need their values */
        p.summary = workbook_add_worksheet(b->wb, _("Summary"));
        if (last->n_budgets > 0)
            b->chart = workbook_add_chartsheet(b->wb, _("Chart"));
        p.domains = workbook_add_worksheet(b->wb, _("Domains"));
        p.providers = workbook_add_worksheet(b->wb, _("Providers"));
        p.per_provider = workbook_add_worksheet(b->wb, _("Per provider"));
        p.allocation = workbook_add_worksheet(b->wb, _("Allocation"));
        p.tariffs = workbook_add_worksheet(b->wb, _("Tariffs"));
        p.fractions = workbook_add_worksheet(b->wb, _("Cost fractions"));
        p.segments = workbook_add_worksheet(b->wb, _("Segments"));
        rc = ls_plan_tariff_sheets(&p);
    }
    if (rc == LS_OK)
        rc = group_floors(&p);
    if (rc == LS_OK) {
        providers_sheet(&p);
        per_provider_sheet(&p);
        domains_sheet(&p);
        summary_sheet(&p);
        if (n > 1)
            ls_plan_years_sheets(b, res, r, n);
        ls_book_settings_sheet(b, last->model);
    }
    free(p.row_cost);
    free(p.group_floor);
    free(p.group_budget);
    free(p.fraction_ids);
    free(p.fraction_names);
    return rc;
}

int ls_results_write_xlsx(ls_result *const *res, size_t n, const char *path, ls_errors *errs)
{
    rounded *r = ls_round_results(res, n);
    if (!r)
        return LS_EINTERNAL;
    book b;
    int rc = ls_book_open(&b, path, errs);
    if (rc == LS_OK) {
        char years[32];
        ls_fmt(years, sizeof years, "%zu", n);
        const ls_setting extra[] = {{"years", years}};
        ls_book_settings_plan(&b, extra, n > 1 ? 1 : 0, res[n - 1]->settings,
                              res[n - 1]->n_settings);
        rc = plan_workbook(&b, res, r, n);
        if (rc == LS_OK)
            rc = ls_book_close(&b, path, errs);
        else
            ls_book_abort(&b);
    }
    ls_rounded_free_all(r, n);
    return rc;
}
