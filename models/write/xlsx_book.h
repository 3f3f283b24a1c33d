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

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *euro, *euro_bold, *pct, *num, *num2, *num4, *bold, *good, *bad, *note;
    lxw_chartsheet *chart; /* the workbook's chart, on a sheet of its own */
    char *tmp;             /* the temporary file beside the target (atomic.h) */
    mode_t mode;           /* the permissions the target keeps or gets */
} book;

/* Opens a workbook for path (its temporary file beside it) with its formats; LS_OK, LS_EUSAGE
 * when path cannot take it, LS_EINTERNAL. */
int ls_book_open(book *b, const char *path, ls_errors *errs);
/* Closes it and renames it over path, or removes it: the target is whole or untouched. */
int ls_book_close(book *b, const char *path, ls_errors *errs);
/* A sheet's header row (frozen, bold) and its columns' widths; a sheet printed whole. */
void ls_book_header(book *b, lxw_worksheet *ws, const char *const *names, const double *widths,
                    int n);
void ls_book_print_whole(lxw_worksheet *ws);
/* A number for a chart title, as a person reads it. */
void ls_book_title_number(char *buf, size_t size, double v);
/* The Settings sheet: the scenario the figures come from. */
void ls_book_settings_sheet(book *b, const char *model, const ls_setting *extra, size_t n_extra,
                            const ls_setting *settings, size_t n);
/* Required (red) and available (blue) against column A of rows 2..n+1 of sheet. */
void ls_book_required_available(lxw_chart *ch, const char *sheet, size_t n, uint8_t marker);

#endif
