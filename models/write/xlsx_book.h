/*
 * xlsx_book.h — what the workbook writers share (xlsx_book.c): a workbook being written, its
 * cell formats, its header rows and charts, and writing it whole or not at all.
 */
#ifndef LS_XLSX_BOOK_H
#define LS_XLSX_BOOK_H

#include <stdint.h>
#include <sys/types.h>
#include <xlsxwriter.h>

#include "lumpsum.h"

#define MAX_ROWS 1048575 /* Excel's rows below the header */
#define CHART_PROVIDERS 25

#define BOOK_DECIMALS 10 /* the most decimals a number format shows (ls_book_decimals) */

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *euro, *euro_bold, *pct, *num, *num2, *num4, *bold, *good, *bad, *note;
    lxw_format *frac;   /* a cost fraction as a percentage, never rounded away: 3.125% */
    lxw_format *factor; /* a factor with up to ten decimals: 1.0300, 1.03125 */
    lxw_format *input;  /* a cost fraction a controller may change: a percentage, shaded */
    lxw_format *right;  /* text aligned as numbers are */
    lxw_format *dec[BOOK_DECIMALS + 1]; /* #,##0 with 0..10 decimals, made when first used */
    lxw_chartsheet *chart; /* the workbook's chart, on a sheet of its own */
    char *tmp;             /* the temporary file beside the target (atomic.h) */
    mode_t mode;           /* the permissions the target keeps or gets */
    /* the Settings sheet's rows, known before it is written (ls_book_settings_plan) so that
     * formulas on earlier sheets refer to its values */
    const ls_setting *extra, *settings;
    size_t n_extra, n_settings;
} book;

/* Opens a workbook for path (its temporary file beside it) with its formats; LS_OK, LS_EUSAGE
 * when path cannot take it, LS_EINTERNAL. */
int ls_book_open(book *b, const char *path, ls_errors *errs);

/* Closes it and renames it over path, or removes it: the target is whole or untouched. */
int ls_book_close(book *b, const char *path, ls_errors *errs);
/* Closes it and removes it: the target is untouched. */
void ls_book_abort(book *b);
/* A sheet's header row (frozen, bold) and its columns' widths; a sheet printed whole. */
void ls_book_header(book *b, lxw_worksheet *ws, const char *const *names, const double *widths,
                    int n);
void ls_book_print_whole(lxw_worksheet *ws);
/* A number for a title, as a person reads it, with the separators of the language
 * (1,234,567 or 1.234.567); ls_book_title_decimal with a fixed number of decimals. */
void ls_book_title_number(char *buf, size_t size, double v);
void ls_book_title_decimal(char *buf, size_t size, double v, int decimals);
/* The Settings sheet: the scenario the figures come from: the model, the version, the run's
 * own options (extra) and every setting in force. Planned first (the rows are then known to
 * ls_book_setting_ref), written last; the strings must outlive the book. */
void ls_book_settings_plan(book *b, const ls_setting *extra, size_t n_extra,
                           const ls_setting *settings, size_t n);
void ls_book_settings_sheet(book *b, const char *model);
/* The absolute reference ('Settings'!$B$7) of setting key's value when it is a number, with
 * the number in *value; 0 when the scenario has no such number. */
int ls_book_setting_ref(const book *b, const char *key, char *buf, size_t size, double *value);
/* A reference to a cell of another sheet, its name quoted: 'Cost fractions'!D5 (absolute:
 * $D$5). */
void ls_book_ref(char *buf, size_t size, const char *sheet, lxw_row_t row, lxw_col_t col,
                 int absolute);
/* The fewest decimals (0..10) that show each of v[0..n) whole, and the #,##0 format with
 * them: 0.035 is 0.035, never 0.04. */
int ls_book_decimals_needed(const double *v, size_t n);
lxw_format *ls_book_decimals(book *b, int decimals);
/* A header cell's comment: what the column holds and its unit. */
void ls_book_comment(lxw_worksheet *ws, lxw_col_t col, const char *text);
/* The words of a status, a yes and a no as a person reads them (translated). */
const char *ls_book_status(int status);
/* A row's status with its clients without a place (", unmet"), as the tables print it; and
 * whether it may be green (funded, every client placed). */
const char *ls_book_row_status(const ls_summary *s);
int ls_book_row_good(const ls_summary *s);
const char *ls_book_yes(int yes);
/* Required (red) and available (blue) against column A of rows 2..n+1 of sheet. */
void ls_book_required_available(lxw_chart *ch, const char *sheet, size_t n, uint8_t marker);

#endif
