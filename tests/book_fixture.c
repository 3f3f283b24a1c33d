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
#include <zip.h>

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

/* ---- workbooks from their XML: for what libxlsxwriter does not write ------------------- */

/* A CSV text of the base model (no quotes in it) as <sheetData>'s rows: numbers as numeric
 * cells, text as inline strings. malloc'd. */
static char *rows_xml(const char *csv)
{
    size_t cap = strlen(csv) * 16 + 64, n = 0;
    char *out = malloc(cap);
    unsigned row = 1;
    for (const char *p = csv; *p; row++) {
        n += (size_t)snprintf(out + n, cap - n, "<row r=\"%u\">", row);
        unsigned col = 0;
        for (;;) {
            const char *end = p + strcspn(p, ",\n");
            char cell[256];
            snprintf(cell, sizeof cell, "%.*s", (int)(end - p), p);
            double v;
            if (*cell && row > 1 && as_number(cell, &v))
                n += (size_t)snprintf(out + n, cap - n, "<c r=\"%c%u\"><v>%s</v></c>",
                                      'A' + col, row, cell);
            else if (*cell)
                n += (size_t)snprintf(out + n, cap - n,
                                      "<c r=\"%c%u\" t=\"inlineStr\"><is><t>%s</t></is></c>",
                                      'A' + col, row, cell);
            col++;
            p = end;
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == '\n')
                p++;
            break;
        }
        n += (size_t)snprintf(out + n, cap - n, "</row>");
    }
    return out;
}

static int add_part(zip_t *z, const char *name, const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    memcpy(copy, text, n + 1);
    zip_source_t *src = zip_source_buffer(z, copy, n, 1);
    if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(src);
        return -1;
    }
    return 0;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

int fx_book_xml(const char *path, const fx_file *sheets, size_t n, const char *strings)
{
    return fx_book_xml_styled(path, sheets, n, strings, NULL);
}

int fx_book_xml_styled(const char *path, const fx_file *sheets, size_t n, const char *strings,
                       const char *styles)
{
    static const char *const base_names[] = {"segments", "wages", "providers", "contracts",
                                             "budget"};
    const char *const base_csv[] = {fx_base_segments, fx_base_wages, fx_base_providers,
                                    fx_base_contracts, fx_base_budget};
    fx_file all[32];
    size_t k = 0;
    for (size_t i = 0; i < 5; i++) {
        int given = 0;
        for (size_t j = 0; j < n; j++)
            given |= strcmp(sheets[j].name, base_names[i]) == 0;
        if (!given)
            all[k++] = (fx_file){base_names[i], NULL};
    }
    for (size_t j = 0; j < n && k < 32; j++)
        if (!sheets[j].content || *sheets[j].content)
            all[k++] = sheets[j];
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        return -1;
    char book[8192], rels[8192];
    size_t nb = (size_t)snprintf(book, sizeof book, "<workbook " NS " " RNS "><sheets>");
    size_t nr = (size_t)snprintf(rels, sizeof rels,
                                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/"
                                 "package/2006/relationships\">");
    int rc = 0;
    for (size_t i = 0; i < k; i++) {
        nb += (size_t)snprintf(book + nb, sizeof book - nb,
                               "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
                               all[i].name, i + 1, i + 1);
        nr += (size_t)snprintf(rels + nr, sizeof rels - nr,
                               "<Relationship Id=\"rId%zu\" Type=\"" REL "worksheet\" "
                               "Target=\"worksheets/sheet%zu.xml\"/>",
                               i + 1, i + 1);
        char *inner = NULL;
        const char *content = all[i].content;
        if (!content)
            for (size_t b = 0; b < 5; b++)
                if (strcmp(all[i].name, base_names[b]) == 0)
                    content = inner = rows_xml(base_csv[b]);
        char part[64];
        snprintf(part, sizeof part, "xl/worksheets/sheet%zu.xml", i + 1);
        if (strncmp(content, "<?xml", 5) == 0 || strncmp(content, "<worksheet", 10) == 0) {
            rc |= add_part(z, part, content);
        } else {
            size_t len = strlen(content) + 256;
            char *xml = malloc(len);
            snprintf(xml, len, "<worksheet " NS "><sheetData>%s</sheetData></worksheet>",
                     content);
            rc |= add_part(z, part, xml);
            free(xml);
        }
        free(inner);
    }
    snprintf(book + nb, sizeof book - nb, "</sheets></workbook>");
    if (strings)
        nr += (size_t)snprintf(rels + nr, sizeof rels - nr,
                               "<Relationship Id=\"rIdS\" Type=\"" REL "sharedStrings\" "
                               "Target=\"sharedStrings.xml\"/>");
    /* the cell formats a sheet's s may name: 1 a built-in date, 2 a custom date, 3 a number
     * with a unit in quotes, 4 euros */
    nr += (size_t)snprintf(rels + nr, sizeof rels - nr,
                           "<Relationship Id=\"rIdY\" Type=\"" REL "styles\" "
                           "Target=\"styles.xml\"/>");
    snprintf(rels + nr, sizeof rels - nr, "</Relationships>");
    rc |= add_part(z, "_rels/.rels",
                   "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                   "relationships\"><Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" "
                   "Target=\"xl/workbook.xml\"/></Relationships>");
    rc |= add_part(z, "xl/workbook.xml", book);
    rc |= add_part(z, "xl/_rels/workbook.xml.rels", rels);
    if (strings)
        rc |= add_part(z, "xl/sharedStrings.xml", strings);
    rc |= add_part(z, "xl/styles.xml",
                   styles ? styles :
                   "<styleSheet " NS "><numFmts count=\"3\">"
                   "<numFmt numFmtId=\"164\" formatCode=\"d\\-m\\-yyyy\"/>"
                   "<numFmt numFmtId=\"165\" formatCode=\"0&quot; mnd&quot;\"/>"
                   "<numFmt numFmtId=\"166\" formatCode=\"[$€-413]\\ #,##0.00\"/></numFmts>"
                   "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                   "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
                   "</cellXfs></styleSheet>");
    if (zip_close(z) != 0) {
        zip_discard(z);
        return -1;
    }
    return rc;
}
