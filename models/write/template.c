/*
 * template.c — a new model to fill in (`lumpsum init`, docs/workbooks.md): a workbook with the
 * six tables as sheets (their Dutch names in Dutch), a comment on every column's header with
 * its meaning and unit, drop-down lists for the columns that take one of a few words or an id
 * of another sheet, and one valid example row a table; or the same as a folder of CSV files,
 * each column's meaning in `#` lines above the header. What it writes passes `lumpsum check`
 * and plans.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "lumpsum.h"
#include "atomic.h"
#include "i18n.h"
#include "util.h"

#include "xlsx_book.h"

/* The words a column takes (NULL-ended), or the sheet and column its ids come from. */
static const char *const intensities[] = {"licht", "matig", "zwaar", NULL};
static const char *const complexities[] = {"basis", "basis_plus", "specialistisch", NULL};
static const char *const domains[] = {"wmo", "jeugd", "participatie", NULL};
static const char *const units[] = {"uur", "dagdeel", "dag", "etmaal", "week", "maand",
                                    "traject", NULL};
static const char *const yes_no_nl[] = {"ja", "nee", NULL};
static const char *const yes_no_en[] = {"yes", "no", NULL};
static const char *const margin_policies[] = {"equal", "quality", NULL};

enum { T_SEGMENTS, T_WAGES, T_PROVIDERS, T_CONTRACTS, T_BUDGET, T_INDICATORS, T_COUNT };

typedef struct column {
    const char *name;
    const char *meaning; /* N_(): translated when written */
    const char *const *words; /* a drop-down of these */
    int ids_of;               /* a drop-down of another table's ids (T_…), -1: none */
    int ids_col;              /* their column there */
    int yes_no;               /* a yes/no column: ja/nee in Dutch */
    const char *csv_meaning;  /* N_(): the meaning in a ','-file where it differs, or NULL */
} column;

#define COL(name, meaning) {name, meaning, NULL, -1, 0, 0, NULL}
#define WORDS(name, meaning, w) {name, meaning, w, -1, 0, 0, NULL}
#define IDS(name, meaning, t, c) {name, meaning, NULL, t, c, 0, NULL}

static const column segment_cols[] = {
    COL("segment", N_("Your id for the row: a kind of support you expect to buy (unique).")),
    COL("product", N_("The product, e.g. hbh (household help), begeleiding, dagbesteding, "
                      "jeugdhulp, verblijf.")),
    WORDS("intensity", N_("licht, matig or zwaar."), intensities),
    WORDS("complexity", N_("basis, basis_plus or specialistisch."), complexities),
    WORDS("domain", N_("wmo, jeugd or participatie (empty: wmo)."), domains),
    COL("area", N_("District or municipality (empty: all).")),
    COL("clients", N_("Expected average number of clients in the budget year (clients; may be "
                      "fractional).")),
    COL("hours", N_("Norm hours of support a client gets a month (hours a client a month).")),
    IDS("scale", N_("The job level the work requires: a scale on the sheet of wages."), T_WAGES,
        1),
    COL("max_tariff", N_("Optional: the most you pay, euros a client a month.")),
    COL("pgb_clients", N_("Optional: expected clients with a personal budget (pgb), not in "
                          "clients.")),
    COL("pgb_tariff", N_("Optional: what a personal budget pays, euros a client a month.")),
    COL("max_shift", N_("Optional: most share of today's clients that may move to another "
                        "provider (0–1).")),
    COL("group_size", N_("Optional: clients one staff member supports at once (empty: 1).")),
    COL("other_costs", N_("Optional: non-wage costs, euros a client a month (accommodation, "
                          "transport).")),
    WORDS("unit", N_("What a contract quotes its tariff per (empty: uur)."), units),
    COL("units", N_("Units a client uses a month; required for any unit but uur.")),
};
static const column wage_cols[] = {
    COL("cao", N_("The CAO's id, e.g. vvt, ghz, sociaal_werk, jeugdzorg.")),
    COL("scale", N_("Job level, e.g. niveau3; (cao, scale) unique.")),
    COL("hourly_wage", N_("Gross hourly wage, euros an hour.")),
};
static const column provider_cols[] = {
    COL("provider", N_("Your id for the provider (unique).")),
    COL("name", N_("The name shown in the workbooks (empty: the id).")),
    IDS("cao", N_("The CAO that binds the provider: a cao on the sheet of wages."), T_WAGES, 0),
    {"local", N_("A local provider? ja or nee (empty: nee)."), NULL, -1, 0, 1, NULL},
    COL("capacity_hours", N_("Optional: staff hours a year for this municipality (empty: "
                             "unlimited).")),
    COL("min_budget", N_("Optional: guaranteed euros a year.")),
    COL("max_budget", N_("Optional: most euros a year (empty: unlimited).")),
    COL("quality", N_("Score 0–10 (empty: 7); the indicators replace it where they have "
                      "rows.")),
    COL("employer_charges", N_("Optional: the provider's own employer charges, a fraction of "
                               "the wage (empty: the budget's).")),
    COL("unproductive", N_("Optional: the provider's own share of paid hours that are not "
                           "client hours (empty: the budget's).")),
    COL("overhead", N_("Optional: the provider's own overhead, a fraction (empty: the "
                       "budget's).")),
    COL("margin", N_("Optional: the provider's own margin, a fraction (empty: the "
                     "budget's).")),
};
static const column contract_cols[] = {
    IDS("provider", N_("A provider of the sheet of providers."), T_PROVIDERS, 0),
    IDS("segment", N_("A segment of the sheet of segments; (provider, segment) unique."),
        T_SEGMENTS, 0),
    COL("current_clients", N_("Optional: clients of this segment in care with this provider "
                              "today.")),
    COL("max_clients", N_("Optional: most clients of this segment this provider takes (empty: "
                          "unlimited).")),
};
static const column budget_cols[] = {
    COL("key", N_("A key: year, budget (required), budget.wmo, reserve, local_share_min, "
                  "margin_policy, wage_index, … (docs/model-format.md).")),
    /* a workbook takes 50% and 0,5 in a cell; a ','-file a decimal point only */
    {.name = "value",
     .meaning = N_("Its value: euros a year for budget keys, fractions for shares and rates "
                   "(0.5 or 50%)."),
     .ids_of = -1,
     .csv_meaning = N_("Its value: euros a year for budget keys, fractions for shares and "
                       "rates (0.5, with a decimal point: this file is separated by ',').")},
};
static const column indicator_cols[] = {
    IDS("provider", N_("A provider of the sheet of providers."), T_PROVIDERS, 0),
    COL("indicator", N_("The indicator's name, e.g. klanttevredenheid.")),
    COL("score", N_("Score 0–10.")),
};

typedef struct table {
    const char *file, *sheet, *sheet_nl; /* the sheet names the reader takes */
    const column *cols;
    int n_cols;
} table;

static const table tables[T_COUNT] = {
    {"segments.csv", "segments", "segmenten", segment_cols, 17},
    {"wages.csv", "wages", "lonen", wage_cols, 3},
    {"providers.csv", "providers", "aanbieders", provider_cols, 12},
    {"contracts.csv", "contracts", "contracten", contract_cols, 4},
    {"budget.csv", "budget", "begroting", budget_cols, 2},
    {"indicators.csv", "indicators", "indicatoren", indicator_cols, 3},
};

/* A table's sheet: its Dutch name when the messages are Dutch. */
static const char *sheet_name(int t)
{
    return strcmp(_("yes"), "yes") != 0 ? tables[t].sheet_nl : tables[t].sheet;
}

/* The example: a row a table ("" an empty cell), the budget's keys a row each. A local
 * provider of household help at the floor of the GHZ's level 3, a budget that covers it. */
static const char *const example_segment[] = {
    "beg_m_b", "begeleiding", "matig", "basis", "wmo", "all", "20", "8", "niveau3", "",
    "", "", "", "", "", "uur", ""};
static const char *const example_wage[] = {"ghz", "niveau3", "19.90"};
static const char *const example_provider[] = {"zorg_a", "Zorg A", "ghz", "@yes", "", "", "",
                                               "7", "", "", "", ""};
static const char *const example_contract[] = {"zorg_a", "beg_m_b", "20", ""};
static const char *const example_budget[][2] = {{"year", "2026"}, {"budget", "80000"},
                                                {"reserve", "0"}, {"local_share_min", "0.5"},
                                                {"margin_policy", "equal"}};
static const char *const example_indicator[] = {"zorg_a", "klanttevredenheid", "8"};

static const char *const *example_row(int t)
{
    switch (t) {
    case T_SEGMENTS:
        return example_segment;
    case T_WAGES:
        return example_wage;
    case T_PROVIDERS:
        return example_provider;
    case T_CONTRACTS:
        return example_contract;
    case T_INDICATORS:
        return example_indicator;
    default:
        return NULL;
    }
}

/* A cell's text: "@yes" is the language's yes. */
static const char *cell_text(const char *v)
{
    return strcmp(v, "@yes") == 0 ? _("yes") : v;
}

/* ---- the workbook --------------------------------------------------------------------------- */

static void write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *v)
{
    char *end;
    double x = strtod(v, &end);
    if (!*v)
        return;
    if (*end == '\0' && isfinite(x))
        worksheet_write_number(ws, row, col, x, NULL);
    else
        worksheet_write_string(ws, row, col, cell_text(v), NULL);
}

static void drop_down(book *b, lxw_worksheet *ws, const column *c, lxw_col_t col)
{
    lxw_data_validation v = {0};
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.ignore_blank = LXW_VALIDATION_ON;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    char formula[96];
    if (c->words)
        v.value_list = (char **)c->words;
    else if (c->yes_no)
        v.value_list = (char **)(strcmp(_("yes"), "yes") == 0 ? yes_no_en : yes_no_nl);
    else if (c->ids_of >= 0) {
        char ref[64];
        ls_book_ref(ref, sizeof ref, sheet_name(c->ids_of), 1, (lxw_col_t)c->ids_col, 1);
        ls_fmt(formula, sizeof formula, "=%s:$%c$2000", ref, 'A' + c->ids_col);
        v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        v.value_formula = formula;
    } else
        return;
    (void)b;
    worksheet_data_validation_range(ws, 1, col, 2000, col, &v);
}

static void template_sheet(book *b, int t)
{
    const table *tb = &tables[t];
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet_name(t));
    for (int c = 0; c < tb->n_cols; c++) {
        const column *col = &tb->cols[c];
        worksheet_write_string(ws, 0, (lxw_col_t)c, col->name, b->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                             strlen(col->name) + 4 > 12 ? (double)strlen(col->name) + 4 : 12,
                             NULL);
        ls_book_comment(ws, (lxw_col_t)c, _(col->meaning));
        drop_down(b, ws, col, (lxw_col_t)c);
    }
    worksheet_freeze_panes(ws, 1, 0);
    ls_book_print_whole(ws);
    const char *const *row = example_row(t);
    if (row)
        for (int c = 0; c < tb->n_cols; c++)
            write_cell(ws, 1, (lxw_col_t)c, row[c]);
    else { /* the budget: a key a row, margin_policy's value from its list */
        worksheet_set_column(ws, 0, 0, 20, NULL);
        worksheet_set_column(ws, 1, 1, 16, NULL);
        size_t n = sizeof example_budget / sizeof *example_budget;
        for (size_t i = 0; i < n; i++) {
            write_cell(ws, (lxw_row_t)(i + 1), 0, example_budget[i][0]);
            write_cell(ws, (lxw_row_t)(i + 1), 1, example_budget[i][1]);
            if (strcmp(example_budget[i][0], "margin_policy") == 0) {
                lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_LIST,
                                         .error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
                                         .value_list = (char **)margin_policies};
                worksheet_data_validation_cell(ws, (lxw_row_t)(i + 1), 1, &v);
            }
        }
    }
}

static int template_book(const char *path, ls_errors *errs)
{
    book b;
    int rc = ls_book_open(&b, path, errs);
    if (rc != LS_OK)
        return rc;
    for (int t = 0; t < T_COUNT; t++)
        template_sheet(&b, t);
    return ls_book_close(&b, path, errs);
}

/* ---- the CSV folder ------------------------------------------------------------------------- */

static void put_field(FILE *f, const char *v)
{
    if (strpbrk(v, ",\"\n")) {
        fputc('"', f);
        for (; *v; v++) {
            if (*v == '"')
                fputc('"', f);
            fputc(*v, f);
        }
        fputc('"', f);
    } else
        fputs(v, f);
}

static void template_file(FILE *f, int t, void *ctx)
{
    (void)ctx;
    const table *tb = &tables[t];
    for (int c = 0; c < tb->n_cols; c++)
        fprintf(f, "# %s: %s\n", tb->cols[c].name,
                _(tb->cols[c].csv_meaning ? tb->cols[c].csv_meaning : tb->cols[c].meaning));
    for (int c = 0; c < tb->n_cols; c++) {
        if (c)
            fputc(',', f);
        fputs(tb->cols[c].name, f);
    }
    fputc('\n', f);
    const char *const *row = example_row(t);
    if (row) {
        for (int c = 0; c < tb->n_cols; c++) {
            if (c)
                fputc(',', f);
            put_field(f, cell_text(row[c]));
        }
        fputc('\n', f);
    } else
        for (size_t i = 0; i < sizeof example_budget / sizeof *example_budget; i++)
            fprintf(f, "%s,%s\n", example_budget[i][0], example_budget[i][1]);
}

int ls_template_write(const char *target, ls_errors *errs)
{
    size_t len = strlen(target);
    if (len >= 5 && strcasecmp(target + len - 5, ".xlsx") == 0)
        return template_book(target, errs);
    const char *names[T_COUNT];
    for (int t = 0; t < T_COUNT; t++)
        names[t] = tables[t].file;
    return ls_write_files(target, names, T_COUNT, template_file, NULL, errs);
}
