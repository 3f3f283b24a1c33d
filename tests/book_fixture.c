/*
 * book_fixture.c — a model folder written as a workbook (libxlsxwriter), for the tests and for
 * data/brunssum.xlsx (tests/make_book.c): each CSV file a sheet, its header the first row,
 * numbers as numeric cells and the rest as text.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "csvfile.h"
#include "fixture.h"
#include "util.h"

typedef struct book_sheet {
    lxw_worksheet *ws;
    lxw_row_t row;
    int failed;
} book_sheet;

/* A cell that reads as a plain number (no leading zero before a digit: "007" is an id) is
 * written as a number. */
static int as_number(const char *s, double *v)
{
    char msg[8];
    const char *d = s + (s[0] == '-' || s[0] == '+');
    if (d[0] == '0' && d[1] >= '0' && d[1] <= '9')
        return 0;
    return ls_parse_number(s, 0, v, msg, sizeof msg) == 0;
}

static int put_row(void *ctx, const ls_csv_row *row)
{
    book_sheet *b = ctx;
    for (size_t i = 0; i < row->n_fields; i++) {
        const char *s = row->fields[i];
        double v;
        lxw_error e = LXW_NO_ERROR;
        if (!*s)
            continue;
        if (!row->header && as_number(s, &v))
            e = worksheet_write_number(b->ws, b->row, (lxw_col_t)i, v, NULL);
        else
            e = worksheet_write_string(b->ws, b->row, (lxw_col_t)i, s, NULL);
        if (e != LXW_NO_ERROR)
            b->failed = 1;
    }
    b->row++;
    return 0;
}

int fx_book(const char *dir, const char *path, int dutch)
{
    static const char *const files[] = {"segments.csv", "wages.csv",  "providers.csv",
                                        "contracts.csv", "budget.csv", "indicators.csv"};
    static const char *const en[] = {"segments", "wages", "providers", "contracts", "budget",
                                     "indicators"};
    static const char *const nl[] = {"segmenten", "lonen", "aanbieders", "contracten",
                                     "begroting", "indicatoren"};
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    if (!wb)
        return -1;
    /* a fixed date, so that the same folder gives the same bytes */
    lxw_doc_properties props = {.created = 1735689600}; /* 2025-01-01 */
    workbook_set_properties(wb, &props);
    int rc = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char *p = ls_path_join(dir, files[f]);
        if (!p || access(p, R_OK) != 0) {
            free(p);
            continue;
        }
        book_sheet b = {workbook_add_worksheet(wb, dutch ? nl[f] : en[f]), 0, 0};
        ls_errors errs = {0};
        if (!b.ws || ls_csv_read(p, p, put_row, &b, NULL, &errs, NULL) != LS_OK || b.failed)
            rc = -1;
        ls_errors_clear(&errs);
        free(p);
    }
    if (workbook_close(wb) != LXW_NO_ERROR)
        rc = -1;
    return rc;
}
