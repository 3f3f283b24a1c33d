/*
 * test_book_cells.c — a workbook model's cells where a sheet differs from a CSV file: a note
 * right of the table with empty cells before it. Each case writes the base model as a
 * workbook (libxlsxwriter, book_fixture.c) with one table replaced and asserts the first
 * message's BOOK.xlsx:SHEET!CELL and its words (test_workbook.c has the rest of the reader).
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
};

static void run_case(void **state)
{
    const book_case *c = *state;
    fx_file f = {c->file, c->content};
    char *dir = fx_model(&f, 1);
    char path[128];
    snprintf(path, sizeof path, "%s.xlsx", dir);
    assert_int_equal(fx_book(dir, path, 0), 0);
    ls_errors errs = {0};
    ls_model *m = NULL;
    int rc = ls_model_read(path, NULL, &m, &errs);
    if (rc != LS_EINPUT || errs.n_errors == 0)
        fail_msg("%s: status %d, %zu errors", c->name, rc, errs.n_errors);
    char where[512], want[512];
    ls_error_where(&errs.errors[0], where, sizeof where);
    snprintf(want, sizeof want, "%s%s", path, c->at);
    if (strcmp(where, want) != 0 || !strstr(errs.errors[0].message, c->words))
        fail_msg("%s: got %s: %s\nwant %s: …%s…", c->name, where, errs.errors[0].message, want,
                 c->words);
    if (errs.n_errors != 1)
        fail_msg("%s: %zu errors, the second '%s'", c->name, errs.n_errors,
                 errs.errors[1].message);
    ls_errors_clear(&errs);
    remove(path);
    fx_remove(dir);
}

int main(void)
{
    struct CMUnitTest tests[sizeof cases / sizeof *cases];
    size_t n = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        tests[n++] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, (void *)&cases[i]};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
