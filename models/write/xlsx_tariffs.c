/*
 * xlsx_tariffs.c — the plan workbook's sheets a euro is traced through (xlsx_plan.h): the
 * providers' cost fractions as input cells, the floor tariff of every placed contract as
 * formulas over them (docs/tariff.md), the floor cost of the placement as formulas over the
 * floors, and the segments.
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

/* ---- ids to rows -------------------------------------------------------------------------- */

typedef struct keyed {
    const char *key;
    size_t index;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_index(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

static const keyed *find(const keyed *k, size_t n, const char *key)
{
    size_t lo = 0, hi = n; /* the first of equal keys */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(k[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(k[lo].key, key) == 0 ? &k[lo] : NULL;
}

/* A provider's name as its budget row has it (the id when it has none). */
static const char *budget_name(const ls_budget_row *g)
{
    return g->name && *g->name ? g->name : g->provider;
}

/* ---- Cost fractions ------------------------------------------------------------------------ */

/* A row a provider (in the order of the budget rows, then any other with placed clients),
 * its four fractions as input cells. fraction_row[i]: the sheet row of allocation row i's
 * provider. */
static int cost_fractions(plan_book *p, size_t *fraction_row)
{
    const ls_result *res = p->res;
    book *b = p->b;
    size_t n_alloc = p->n_rows;
    keyed *prov = malloc((res->n_budgets + n_alloc + 1) * sizeof *prov);
    const ls_allocation_row **first = calloc(res->n_budgets + n_alloc + 1, sizeof *first);
    p->fraction_ids = malloc((res->n_budgets + n_alloc + 1) * sizeof *p->fraction_ids);
    p->fraction_names = malloc((res->n_budgets + n_alloc + 1) * sizeof *p->fraction_names);
    if (!prov || !first || !p->fraction_ids || !p->fraction_names) {
        free(prov);
        free(first);
        return LS_EINTERNAL;
    }
    /* the providers of the budget rows, each once, in the order they first come */
    for (size_t i = 0; i < res->n_budgets; i++)
        prov[i] = (keyed){res->budgets[i].provider, i};
    qsort(prov, res->n_budgets, sizeof *prov, by_key);
    size_t n = 0;
    for (size_t i = 0; i < res->n_budgets; i++)
        if (i == 0 || strcmp(prov[i].key, prov[i - 1].key) != 0)
            prov[n++] = prov[i];
    qsort(prov, n, sizeof *prov, by_index);
    for (size_t i = 0; i < n; i++) {
        p->fraction_ids[i] = prov[i].key;
        p->fraction_names[i] = budget_name(&res->budgets[prov[i].index]);
        prov[i].index = i;
    }
    qsort(prov, n, sizeof *prov, by_key);
    size_t sorted = n;
    for (size_t i = 0; i < n_alloc; i++) {
        const ls_allocation_row *a = &res->allocation[i];
        const keyed *k = find(prov, sorted, a->provider);
        size_t at;
        if (k)
            at = k->index;
        else { /* placed but without a budget row: after the rest */
            at = n;
            p->fraction_ids[n] = p->fraction_names[n] = a->provider;
            prov[n++] = (keyed){a->provider, at};
            qsort(prov, n, sizeof *prov, by_key);
            sorted = n;
        }
        if (!first[at])
            first[at] = a;
        fraction_row[i] = at + 1;
    }
    p->n_fractions = n;
    lxw_worksheet *ws = p->fractions;
    const char *names[] = {_("Provider"), _("Name"), _("CAO"), _("Employer charges"),
                           _("Unproductive hours"), _("Overhead"), _("Margin")};
    const double widths[] = {14, 34, 14, 18, 20, 12, 12};
    ls_book_header(b, ws, names, widths, 7);
    ls_book_comment(ws, 3, _("Employer charges as a fraction of the wage (holiday pay, "
                             "pension, social security). An input: change it and every "
                             "floor, budget and total follows."));
    ls_book_comment(ws, 4, _("The share of paid hours that are not client hours (training, "
                             "travel, leave): the hourly cost is divided by 1 minus it."));
    ls_book_comment(ws, 5, _("Overhead on the hourly cost (management, housing, ICT), a "
                             "fraction."));
    ls_book_comment(ws, 6, _("Margin for risk and continuity on the hourly cost, a fraction."));
    for (size_t i = 0; i < n; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, p->fraction_ids[i], NULL);
        worksheet_write_string(ws, row, 1, p->fraction_names[i], NULL);
        if (!first[i])
            continue; /* no placed clients: the plan did not need its fractions */
        const ls_floor_parts *f = &first[i]->floor;
        worksheet_write_string(ws, row, 2, f->cao ? f->cao : "", NULL);
        worksheet_write_number(ws, row, 3, f->fraction.charges, b->input);
        worksheet_write_number(ws, row, 4, f->fraction.unproductive, b->input);
        worksheet_write_number(ws, row, 5, f->fraction.overhead, b->input);
        worksheet_write_number(ws, row, 6, f->fraction.margin, b->input);
    }
    free(prov);
    free(first);
    return LS_OK;
}

/* ---- Tariffs and Allocation ---------------------------------------------------------------- */

/* Tariffs: the floor step by step, each step a formula over the wage and the provider's
 * fraction on Cost fractions; Allocation: the clients, the floor from Tariffs and the floor
 * cost a year as 12 × clients × floor. Row i of both is allocation row i. */
/* The Allocation and Tariffs sheets' headers and the comments that say how each column
 * follows from the ones before it. */
static void tariffs_headers(book *b, lxw_worksheet *al, lxw_worksheet *ta)
{
    const char *an[] = {_("Provider"), _("Name"), _("Segment"), _("Domain"), _("Clients"),
                        _("Floor tariff (€/month)"), _("Floor cost (€/year)")};
    const double aw[] = {14, 30, 30, 12, 10, 22, 20};
    ls_book_header(b, al, an, aw, 7);
    ls_book_comment(al, 5, _("The floor tariff of the contract, euros a client a month: the "
                             "Floor column of the sheet Tariffs, same row."));
    ls_book_comment(al, 6, _("12 × clients × floor tariff: what the placed clients cost at "
                             "the floor, euros a year."));
    const char *tn[] = {_("Provider"), _("Name"), _("Segment"), _("CAO"), _("Scale"),
                        _("Staff hours a month"), _("Wage (€/hour)"), _("+ Employer charges"),
                        _("+ Unproductive hours"), _("+ Overhead"), _("+ Margin"),
                        _("Hourly (€/hour)"), _("Index factor"), _("Wage part (€/month)"),
                        _("+ Other costs (€/month)"), _("Floor (€/month)"), _("Unit"),
                        _("Units a month"), _("Floor per unit (€)"),
                        _("Clients per staff member")};
    const double tw[] = {14, 30, 30, 14, 10, 13, 13, 18, 20, 12, 11, 15, 12, 18, 20, 16, 10,
                         13, 17, 22};
    ls_book_header(b, ta, tn, tw, 20);
    ls_book_comment(ta, 5, _("Staff hours per client a month: the segment's hours divided by "
                             "the clients per staff member."));
    ls_book_comment(ta, 6, _("The CAO's gross hourly wage for the scale, euros an hour."));
    ls_book_comment(ta, 7, _("Wage × employer charges (the sheet Cost fractions)."));
    ls_book_comment(ta, 8, _("(Wage + charges) / (1 − unproductive) − (wage + charges)."));
    ls_book_comment(ta, 9, _("(The steps before) × overhead."));
    ls_book_comment(ta, 10, _("(The steps before) × margin."));
    ls_book_comment(ta, 12, _("(1 + wage_index) × the CAO's factor × the plan year's wage "
                              "indexation."));
    ls_book_comment(ta, 13, _("Staff hours × hourly × index factor, euros a client a month."));
    ls_book_comment(ta, 14, _("Non-wage costs (accommodation, transport), euros a client a "
                              "month."));
    ls_book_comment(ta, 15, _("The floor tariff: wage part + other costs, euros a client a "
                              "month."));
}

/* Row i of the Tariffs sheet: contract i's floor step by step, each step a formula over the
 * cells before it and the provider's row of the sheet Cost fractions (fraction_row). Returns
 * the floor as Excel computes it. */
static double tariff_row(plan_book *p, size_t i, size_t fraction_row)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ta = p->tariffs;
    char f[256], c[4][64];
    const ls_allocation_row *a = &res->allocation[i];
    const ls_floor_parts *fp = &a->floor;
    lxw_row_t row = (lxw_row_t)(i + 1);
    unsigned R = row + 1;
    const char *name = p->fraction_names[fraction_row - 1];
    worksheet_write_string(ta, row, 0, a->provider, NULL);
    worksheet_write_string(ta, row, 1, name, NULL);
    worksheet_write_string(ta, row, 2, a->segment, NULL);
    worksheet_write_string(ta, row, 3, fp->cao ? fp->cao : "", NULL);
    worksheet_write_string(ta, row, 4, fp->scale ? fp->scale : "", NULL);
    worksheet_write_number(ta, row, 5, fp->hours_per_month, b->num2);
    worksheet_write_number(ta, row, 6, fp->wage, b->euro);
    for (int k = 0; k < 4; k++)
        ls_book_ref(c[k], sizeof c[k], _("Cost fractions"), (lxw_row_t)fraction_row,
                    (lxw_col_t)(3 + k), 1);
    /* what Excel computes, in its order */
    double w = fp->wage, ch = w * fp->fraction.charges;
    double un = (w + ch) / (1 - fp->fraction.unproductive) - (w + ch);
    double ov = (w + ch + un) * fp->fraction.overhead;
    double mg = (w + ch + un + ov) * fp->fraction.margin;
    double hourly = w + ch + un + ov + mg;
    double wage_part = fp->hours_per_month * hourly * fp->index_factor;
    double floor = wage_part + fp->other_costs;
    ls_fmt(f, sizeof f, "=G%u*%s", R, c[0]);
    worksheet_write_formula_num(ta, row, 7, f, b->euro, ch);
    ls_fmt(f, sizeof f, "=(G%u+H%u)/(1-%s)-(G%u+H%u)", R, R, c[1], R, R);
    worksheet_write_formula_num(ta, row, 8, f, b->euro, un);
    ls_fmt(f, sizeof f, "=(G%u+H%u+I%u)*%s", R, R, R, c[2]);
    worksheet_write_formula_num(ta, row, 9, f, b->euro, ov);
    ls_fmt(f, sizeof f, "=(G%u+H%u+I%u+J%u)*%s", R, R, R, R, c[3]);
    worksheet_write_formula_num(ta, row, 10, f, b->euro, mg);
    ls_fmt(f, sizeof f, "=SUM(G%u:K%u)", R, R);
    worksheet_write_formula_num(ta, row, 11, f, b->euro, hourly);
    worksheet_write_number(ta, row, 12, fp->index_factor, b->factor);
    ls_fmt(f, sizeof f, "=F%u*L%u*M%u", R, R, R);
    worksheet_write_formula_num(ta, row, 13, f, b->euro, wage_part);
    worksheet_write_number(ta, row, 14, fp->other_costs, b->euro);
    ls_fmt(f, sizeof f, "=N%u+O%u", R, R);
    worksheet_write_formula_num(ta, row, 15, f, b->euro, floor);
    worksheet_write_string(ta, row, 16, fp->unit ? fp->unit : "", NULL);
    worksheet_write_number(ta, row, 17, fp->units, b->num2);
    if (fp->units > 0) {
        ls_fmt(f, sizeof f, "=P%u/R%u", R, R);
        worksheet_write_formula_num(ta, row, 18, f, b->euro, floor / fp->units);
    }
    worksheet_write_number(ta, row, 19, fp->group_size, b->num2);
    return floor;
}

/* Row i of the Allocation sheet: contract i's clients at the floor the Tariffs sheet computes
 * in the same row. */
static void allocation_row(plan_book *p, size_t i, const char *name, const char *domain,
                           double floor)
{
    book *b = p->b;
    lxw_worksheet *al = p->allocation;
    const ls_allocation_row *a = &p->res->allocation[i];
    lxw_row_t row = (lxw_row_t)(i + 1);
    unsigned R = row + 1;
    char f[256];
    worksheet_write_string(al, row, 0, a->provider, NULL);
    worksheet_write_string(al, row, 1, name, NULL);
    worksheet_write_string(al, row, 2, a->segment, NULL);
    worksheet_write_string(al, row, 3, domain ? domain : "", NULL);
    worksheet_write_number(al, row, 4, a->clients, b->num2);
    char ref[64];
    ls_book_ref(ref, sizeof ref, _("Tariffs"), row, 15, 0);
    ls_fmt(f, sizeof f, "=%s", ref);
    worksheet_write_formula_num(al, row, 5, f, b->euro, floor);
    p->row_cost[i] = 12 * a->clients * floor;
    ls_fmt(f, sizeof f, "=12*E%u*F%u", R, R);
    worksheet_write_formula_num(al, row, 6, f, b->euro, p->row_cost[i]);
}

static void tariffs_and_allocation(plan_book *p, const size_t *fraction_row,
                                   const char *const *domain_of)
{
    tariffs_headers(p->b, p->allocation, p->tariffs);
    for (size_t i = 0; i < p->n_rows; i++)
        allocation_row(p, i, p->fraction_names[fraction_row[i] - 1], domain_of[i],
                       tariff_row(p, i, fraction_row[i]));
}

/* Segments: demand, served, unmet and the personal budgets, a row a segment. */
static void segments_sheet(plan_book *p)
{
    book *b = p->b;
    const ls_result *res = p->res;
    lxw_worksheet *ws = p->segments;
    const char *names[] = {_("Segment"), _("Domain"), _("Demand (clients)"), _("Served"),
                           _("Not placed"), _("Marginal cost (€/client/year)"),
                           _("pgb clients"), _("pgb cost (€/year)"), _("Area"),
                           _("Why not placed")};
    const double widths[] = {30, 12, 16, 12, 12, 28, 12, 18, 12, 24};
    ls_book_header(b, ws, names, widths, 10);
    ls_book_comment(ws, 5, _("What one more client of the segment would cost a year at the "
                             "cheapest place with room."));
    ls_book_comment(ws, 7, _("Personal budgets (pgb): paid first, from the same budget and "
                             "from the domain's ceiling."));
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

int ls_plan_tariff_sheets(plan_book *p)
{
    const ls_result *res = p->res;
    size_t n = p->n_rows;
    size_t *fraction_row = calloc(n + 1, sizeof *fraction_row);
    const char **domain_of = calloc(n + 1, sizeof *domain_of);
    keyed *seg = malloc((res->n_segment_rows + 1) * sizeof *seg);
    int rc = fraction_row && domain_of && seg ? cost_fractions(p, fraction_row) : LS_EINTERNAL;
    if (rc == LS_OK) {
        for (size_t i = 0; i < res->n_segment_rows; i++)
            seg[i] = (keyed){res->segment_rows[i].segment, i};
        qsort(seg, res->n_segment_rows, sizeof *seg, by_key);
        for (size_t i = 0; i < n; i++) {
            const keyed *k = find(seg, res->n_segment_rows, res->allocation[i].segment);
            domain_of[i] = k ? res->segment_rows[k->index].domain : NULL;
        }
        tariffs_and_allocation(p, fraction_row, domain_of);
        segments_sheet(p);
    }
    free(fraction_row);
    free(domain_of);
    free(seg);
    return rc;
}
