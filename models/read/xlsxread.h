/*
 * xlsxread.h — a workbook (.xlsx) as the model: its sheets are the tables (docs/workbooks.md).
 *
 * Why a module of its own: the rules of the six tables live once, in read.c's row handlers,
 * which take rows as the CSV reader gives them (ls_csv_row). This layer turns a sheet into
 * such rows: line is the sheet's row number, field i the cell in column i + 1 (A = 1), so
 * that a message's FILE:LINE:COLUMN is the cell (printed BOOK.xlsx:SHEET!D7, ls_error_where).
 * libzip opens the container, expat parses the XML; numbers are read as numbers (a numeric
 * cell's text carries a decimal comma, which the Dutch spelling of a sheet reads back
 * exactly), formulas by their saved value, shared and inline strings as text, booleans as
 * 1/0.
 */
#ifndef LS_XLSXREAD_H
#define LS_XLSXREAD_H

#include "csvfile.h"
#include "lumpsum.h"

typedef struct ls_xlsx ls_xlsx;

/* Is path a workbook to read as the model (a file, not a folder)? */
int ls_xlsx_is_book(const char *path);

/* Opens the workbook at path: its sheets and shared strings. LS_OK; LS_EINPUT with the reason
 * at path (not a zip archive, no workbook in it, damaged XML, a table's sheet twice);
 * LS_EINTERNAL out of memory. Sheets that are no table of the model are warned about. */
int ls_xlsx_open(const char *path, ls_xlsx **out, ls_errors *errs);
void ls_xlsx_close(ls_xlsx *book);

/* The name a table's messages carry: "BOOK.xlsx:SHEET" for the table that file (a CSV name
 * such as "segments.csv") is in the folder form, the sheet's own name when it is there, else
 * the English one. malloc'd; NULL out of memory. */
char *ls_xlsx_display(const ls_xlsx *book, const char *file);

/* The name of table file's sheet: its own, or the English one when there is none. */
const char *ls_xlsx_sheet_name(const ls_xlsx *book, const char *file);

/* Reads the sheet of table file into fn, as ls_csv_read does a CSV file (rows delivered as
 * they complete, the first non-empty row with header set). *found = 0 when the workbook has
 * no such sheet (nothing is added to errs then). */
int ls_xlsx_read_table(ls_xlsx *book, const char *file, ls_csv_row_fn fn, void *ctx,
                       int *found, ls_errors *errs);

/* The error for a required table without a sheet. */
void ls_xlsx_missing(const ls_xlsx *book, const char *file, ls_errors *errs);

/* Marks the errors and warnings from index errors_from / warnings_from on that lie in a cell
 * of the workbook at path (their file is "path:SHEET"), so that they print as cells. */
void ls_xlsx_mark_cells(const char *path, ls_errors *errs, size_t errors_from,
                        size_t warnings_from);

#endif
