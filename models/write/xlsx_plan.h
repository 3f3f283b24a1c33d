/*
 * xlsx_plan.h — a plan's workbook being written (xlsx.c, xlsx_tariffs.c, xlsx_years.c): its
 * sheets, and the values the formulas of one sheet compute, which the next sheet's formulas
 * add up (so that each formula cell is written with the value Excel will find for it).
 *
 * The chain a controller follows: the cost fractions (input cells) → the hourly rate and the
 * floor on Tariffs → 12 × clients × floor on Allocation → a provider's floor cost per domain
 * (SUMIFS) and its budget (floor × (1 + margin)) on Providers → the per-provider totals, the
 * domains against their ceilings and the summary's totals.
 */
#ifndef LS_XLSX_PLAN_H
#define LS_XLSX_PLAN_H

#include "rounded.h"
#include "xlsx_book.h"

typedef struct plan_book {
    book *b;
    const ls_result *res;
    const rounded *r;
    lxw_worksheet *summary, *domains, *providers, *per_provider, *fractions, *tariffs;
    lxw_worksheet *allocation, *segments;
    size_t n_rows; /* allocation rows on the Allocation and Tariffs sheets */
    int whole;     /* every allocation row is there: sums over them are the plan's */
    double *row_cost;     /* per allocation row: 12 · clients · floor, as the sheet has it */
    double *group_floor;  /* per budget row: its SUMIFS over the allocation rows */
    double *group_budget; /* per budget row: floor × (1 + margin) */
    double floor_total, budget_total;
    lxw_row_t providers_total; /* the Providers sheet's totals row */
    /* the providers on the Cost fractions sheet, in the order of the budget rows */
    const char **fraction_ids, **fraction_names;
    size_t n_fractions;
} plan_book;

/* xlsx_tariffs.c: Cost fractions, Tariffs, Allocation (filling row_cost) and Segments. */
int ls_plan_tariff_sheets(plan_book *p);

/* xlsx_years.c: Years, its chart and Providers by year. */
void ls_plan_years_sheets(book *b, ls_result *const *res, const rounded *r, size_t n);

#endif
