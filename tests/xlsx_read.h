/*
 * xlsx_read.h — reading back a workbook lumpsum wrote, for the tests (xlsx_read.c): an .xlsx
 * is a zip of XML parts, unpacked with unzip; a sheet is found by its name through the
 * workbook's relationships, a cell by its reference.
 */
#ifndef LS_TEST_XLSX_READ_H
#define LS_TEST_XLSX_READ_H

#include <stddef.h>

/* A part of the zip as a malloc'd string ("" when missing). */
char *xr_part(const char *xlsx, const char *name);
/* The XML of the worksheet named name (malloc'd); fails the test when there is none. */
char *xr_sheet(const char *xlsx, const char *name);
/* Whether the workbook has a sheet (worksheet or chart sheet) of that name. */
int xr_has_sheet(const char *xlsx, const char *name);
/* The cached value of cell ref ("G21"); fails the test when the cell has none. */
double xr_value(const char *sheet, const char *ref);
/* Whether cell ref holds a value. */
int xr_has_value(const char *sheet, const char *ref);
/* The formula of cell ref, unescaped (into buf; "" when it has none). */
const char *xr_formula(const char *sheet, const char *ref, char *buf, size_t size);
/* The text of cell ref (a shared string of xlsx), unescaped, into buf ("" when none). */
const char *xr_text(const char *xlsx, const char *sheet, const char *ref, char *buf,
                    size_t size);
/* Fails the test when text does not contain what. */
void xr_contains(const char *text, const char *what, const char *where);

#endif
