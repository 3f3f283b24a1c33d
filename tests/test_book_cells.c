/*
 * test_book_cells.c — a workbook model's cells where a sheet differs from a CSV file: a note
 * right of the table with empty cells before it, a date among many custom formats. Each case
 * writes the base model as a workbook (book_fixture.c) with one table replaced and asserts
 * the first message's BOOK.xlsx:SHEET!CELL and its words (test_workbook.c has the rest of
 * the reader).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "lumpsum.h"
#include "model.h"

typedef struct book_case {
    const char *name;
    const char *file;    /* the CSV file of the base model replaced */
    const char *content; /* its text; an empty field is no cell in the sheet */
    const char *at;      /* the first error's place after "BOOK.xlsx" (":SHEET!D7") */
    const char *words;   /* in its message */
} book_case;

#define WAGES_HEAD "cao,scale,hourly_wage\n"
#define WAGES_REST "ghz,niveau3,22.00\nghz,niveau4,25.00\n"

static const book_case cases[] = {
    /* a note beside the table: said at its own cell, not at the empty one after the header */
    {"note_right_of_the_table", "wages.csv", WAGES_HEAD "vvt,niveau3,20.00,note\n" WAGES_REST,
     ":wages!D2", "right of the header's last column"},
    {"note_after_empty_cells", "wages.csv",
     WAGES_HEAD "vvt,niveau3,20.00,,,,,controleren\n" WAGES_REST, ":wages!H2",
     "right of the header's last column"},
    {"note_after_empty_cells_lower_down", "segments.csv",
     "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
     "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
     "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,,,,,,,,,,,,,,,,,?\n",
     ":segments!AA3", "right of the header's last column"},
    /* a second occurrence names the first by its cell, as the sheet has them, not by a
     * file's line and column number */
    {"duplicate_row_names_its_cell", "wages.csv",
     WAGES_HEAD "vvt,niveau3,20.00\n" WAGES_REST "vvt,niveau3,21.00\n", ":wages!B5",
     "appears twice (first in B2)"},
    {"duplicate_column_names_its_letter", "wages.csv",
     "cao,scale,hourly_wage,scale\nvvt,niveau3,20.00,niveau3\n" WAGES_REST, ":wages!D1",
     "appears twice (first in column B)"},
    /* a weight in a workbook without indicators names the sheet it looked for, not a file */
    {"weight_without_an_indicators_sheet", "budget.csv",
     "key,value\nyear,2025\nbudget,100000\nweight.bereik,2\n", ":budget!A4",
     "weight.bereik weighs the indicator 'bereik', but the workbook has no sheet 'indicators'"},
};

static void run_case(void **state)
{
    const book_case *c = *state;
    fx_book_refused(c->name, c->file, c->content, 0, c->at, c->words, 1);
}

/* The segments sheet of the base model with s1's clients (G2) the number 45658 in cell
 * format 1: 1-1-2025 typed into clients. */
#define SEG_CELL(col, r, text) "<c r=\"" col #r "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define SEGMENTS_WITH_DATE                                                                  \
    "<row r=\"1\">" SEG_CELL("A", 1, "segment") SEG_CELL("B", 1, "product")                  \
    SEG_CELL("C", 1, "intensity") SEG_CELL("D", 1, "complexity") SEG_CELL("E", 1, "domain")   \
    SEG_CELL("F", 1, "area") SEG_CELL("G", 1, "clients") SEG_CELL("H", 1, "hours")            \
    SEG_CELL("I", 1, "scale") SEG_CELL("J", 1, "max_tariff") "</row><row r=\"2\">"            \
    SEG_CELL("A", 2, "s1") SEG_CELL("B", 2, "begeleiding") SEG_CELL("C", 2, "licht")           \
    SEG_CELL("D", 2, "basis") SEG_CELL("E", 2, "wmo") SEG_CELL("F", 2, "all")                  \
    "<c r=\"G2\" s=\"1\"><v>45658</v></c><c r=\"H2\"><v>10</v></c>"                          \
    SEG_CELL("I", 2, "niveau3") "</row><row r=\"3\">" SEG_CELL("A", 3, "s2")                  \
    SEG_CELL("B", 3, "begeleiding") SEG_CELL("C", 3, "zwaar") SEG_CELL("D", 3, "basis_plus")  \
    SEG_CELL("E", 3, "jeugd") SEG_CELL("F", 3, "all") "<c r=\"G3\"><v>4</v></c>"              \
    "<c r=\"H3\"><v>20</v></c>" SEG_CELL("I", 3, "niveau4") "<c r=\"J3\"><v>1500</v></c></row>"

/* A date is told however many custom formats the workbook has: a workbook copied together
 * from many sources collects formats by the hundred, and a date format past the 64th was not
 * known as one (1-1-2025 in clients read as 45,658 clients). */
static void test_date_among_many_formats(void **state)
{
    (void)state;
    for (int n_formats = 2; n_formats <= 2000; n_formats *= 10) {
        size_t cap = (size_t)n_formats * 96 + 512, len = 0;
        char *styles = malloc(cap);
        assert_non_null(styles);
        len += (size_t)snprintf(styles, cap, "<styleSheet xmlns=\"http://schemas.openxmlformats"
                                             ".org/spreadsheetml/2006/main\"><numFmts>");
        for (int i = 0; i < n_formats; i++) /* (the cell's the last one listed) */
            len += (size_t)snprintf(styles + len, cap - len,
                                    "<numFmt numFmtId=\"%d\" formatCode=\"%s\"/>", 164 + i,
                                    i % 2 ? "d\\-m\\-yyyy" : "0.00&quot; u&quot;");
        snprintf(styles + len, cap - len,
                 "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"%d\"/></cellXfs>"
                 "</styleSheet>",
                 164 + n_formats - 1);
        char dir[64] = "/tmp/lumpsum-styles-XXXXXX", path[128];
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/model.xlsx", dir);
        fx_file f = {"segments", SEGMENTS_WITH_DATE};
        assert_int_equal(fx_book_xml_styled(path, &f, 1, NULL, styles), 0);
        free(styles);
        ls_errors errs = {0};
        ls_model *m = NULL;
        int rc = ls_model_read(path, NULL, &m, &errs);
        char where[512], want[512];
        snprintf(want, sizeof want, "%s:segments!G2", path);
        if (rc != LS_EINPUT)
            fail_msg("%d formats: status %d, clients %g", n_formats, rc,
                     m ? m->segments[0].clients : 0.0);
        ls_error_where(&errs.errors[0], where, sizeof where);
        if (strcmp(where, want) != 0 || !strstr(errs.errors[0].message, "holds a date"))
            fail_msg("%d formats: %s: %s", n_formats, where, errs.errors[0].message);
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
}

/* A weight for an indicator the workbook's indicators sheet lacks: the sheet by its name in
 * the workbook (here the Dutch one), the near miss named. */
static void test_weight_names_the_sheet(void **state)
{
    (void)state;
    fx_file f[] = {{"budget.csv", "key,value\nyear,2025\nbudget,100000\nweight.bereikk,2\n"},
                   {"indicators.csv", "provider,indicator,score\nA,bereik,7\nB,bereik,8\n"}};
    char *dir = fx_model(f, 2), path[128];
    snprintf(path, sizeof path, "%s.xlsx", dir);
    assert_int_equal(fx_book(dir, path, 1), 0);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(path, NULL, &m, &errs), LS_EINPUT);
    char where[512], want[512];
    snprintf(want, sizeof want, "%s:begroting!A4", path);
    ls_error_where(&errs.errors[0], where, sizeof where);
    assert_string_equal(where, want);
    assert_string_equal(errs.errors[0].message,
                        "weight.bereikk weighs the indicator 'bereikk', which is not on the sheet "
                        "'indicatoren' (did you mean 'bereik'?)");
    ls_errors_clear(&errs);
    remove(path);
    fx_remove(dir);
}

int main(void)
{
    struct CMUnitTest tests[sizeof cases / sizeof *cases + 2];
    size_t n = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        tests[n++] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, (void *)&cases[i]};
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_date_among_many_formats);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_weight_names_the_sheet);
    return _cmocka_run_group_tests("book_cells", tests, n, NULL, NULL);
}
