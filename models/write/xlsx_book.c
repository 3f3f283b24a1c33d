/*
 * xlsx_book.c — a workbook being written (xlsx_book.h): formats, headers, the settings sheet,
 * the required-and-available chart, and the write whole or not at all.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "lumpsum.h"
#include "atomic.h"
#include "rounded.h"
#include "util.h"

#include "xlsx_book.h"

static void ls_book_formats(book *b)
{
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xDDEBF7);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->euro = workbook_add_format(b->wb);
    format_set_num_format(b->euro, "\"€ \"#,##0.00");
    b->euro_bold = workbook_add_format(b->wb);
    format_set_num_format(b->euro_bold, "\"€ \"#,##0.00");
    format_set_bold(b->euro_bold);
    format_set_top(b->euro_bold, LXW_BORDER_THIN);
    b->pct = workbook_add_format(b->wb);
    format_set_num_format(b->pct, "0.00%");
    b->num = workbook_add_format(b->wb);
    format_set_num_format(b->num, "#,##0.##");
    b->num2 = workbook_add_format(b->wb);
    format_set_num_format(b->num2, "#,##0.00");
    b->num4 = workbook_add_format(b->wb);
    format_set_num_format(b->num4, "0.0000");
    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    b->good = workbook_add_format(b->wb);
    format_set_bold(b->good);
    format_set_bg_color(b->good, 0xC6EFCE);
    format_set_font_color(b->good, 0x006100);
    b->bad = workbook_add_format(b->wb);
    format_set_bold(b->bad);
    format_set_bg_color(b->bad, 0xFFC7CE);
    format_set_font_color(b->bad, 0x9C0006);
    b->note = workbook_add_format(b->wb);
    format_set_italic(b->note);
    format_set_text_wrap(b->note);
    format_set_align(b->note, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_color(b->note, 0x595959);
}

/* A sheet prints landscape on A4, one page wide, the header on every page. */
void ls_book_print_whole(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
}

/* A header row, frozen, with each column's width. */
void ls_book_header(book *b, lxw_worksheet *ws, const char *const *names, const double *widths,
                   int n)
{
    for (int c = 0; c < n; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, names[c], b->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    ls_book_print_whole(ws);
}

/* A number for a title: euros and other large values with thousands separators. */
void ls_book_title_number(char *buf, size_t size, double v)
{
    if (fabs(v) >= 1000 && fabs(v) < 1e15) {
        char digits[32];
        ls_fmt(digits, sizeof digits, "%.0f", fabs(v));
        size_t len = strlen(digits), o = 0;
        if (v < 0 && o + 1 < size)
            buf[o++] = '-';
        for (size_t i = 0; i < len && o + 2 < size; i++) {
            if (i > 0 && (len - i) % 3 == 0)
                buf[o++] = ',';
            buf[o++] = digits[i];
        }
        buf[o] = '\0';
    } else
        ls_fmt(buf, size, "%.6g", v);
}

/* ---- atomic workbook ---------------------------------------------------------------------- */

/* Opens a workbook on a temporary file beside path (after atomic.h's checks of the target).
 * LS_EUSAGE when the target or its folder cannot take it. */
int ls_book_open(book *b, const char *path, ls_errors *errs)
{
    memset(b, 0, sizeof(*b));
    int rc = ls_output_check(path, &b->mode, errs);
    if (rc != LS_OK)
        return rc;
    b->tmp = ls_output_temp_name(path);
    int fd = b->tmp ? ls_mkstemp_output(b->tmp) : -1;
    if (fd < 0) {
        if (b->tmp)
            ls_error_add(errs, path, 0, 0, "cannot write the workbook: %s", strerror(errno));
        free(b->tmp);
        b->tmp = NULL;
        return LS_EUSAGE;
    }
    close(fd);
    lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    b->wb = workbook_new_opt(b->tmp, &opts);
    if (!b->wb) {
        unlink(b->tmp);
        free(b->tmp);
        b->tmp = NULL;
        ls_error_add(errs, path, 0, 0, "cannot write the workbook");
        return LS_EINTERNAL;
    }
    workbook_set_properties(b->wb, &(lxw_doc_properties){.title = "lumpsum",
                                                         .comments = "Written by lumpsum"});
    ls_book_formats(b);
    return LS_OK;
}

int ls_book_close(book *b, const char *path, ls_errors *errs)
{
    lxw_error e = workbook_close(b->wb);
    b->wb = NULL;
    int rc = LS_OK;
    if (e != LXW_NO_ERROR) {
        ls_error_add(errs, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
        rc = LS_EINTERNAL;
    } else {
        (void)chmod(b->tmp, b->mode);
        if (rename(b->tmp, path) != 0) {
            int err = errno;
            ls_error_add(errs, path, 0, 0, "cannot write the workbook: %s", strerror(err));
            rc = err == EISDIR || err == ENOTDIR || err == EACCES ? LS_EUSAGE : LS_EINTERNAL;
        }
    }
    if (rc != LS_OK)
        unlink(b->tmp);
    free(b->tmp);
    b->tmp = NULL;
    return rc;
}

/* Settings: the scenario the figures come from (model, version, the run's own options in
 * extra, every setting in force). */
void ls_book_settings_sheet(book *b, const char *model, const ls_setting *extra, size_t n_extra,
                           const ls_setting *settings, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Settings");
    const char *names[] = {"Setting", "Value"};
    const double widths[] = {30, 40};
    ls_book_header(b, ws, names, widths, 2);
    lxw_row_t row = 1;
    worksheet_write_string(ws, row, 0, "model", NULL);
    worksheet_write_string(ws, row++, 1, model ? model : "", NULL);
    worksheet_write_string(ws, row, 0, "lumpsum_version", NULL);
    worksheet_write_string(ws, row++, 1, LS_VERSION, NULL);
    for (size_t i = 0; i < n_extra; i++, row++) {
        worksheet_write_string(ws, row, 0, extra[i].key, NULL);
        worksheet_write_string(ws, row, 1, extra[i].value, NULL);
    }
    for (size_t i = 0; i < n; i++, row++) {
        worksheet_write_string(ws, row, 0, settings[i].key, NULL);
        worksheet_write_string(ws, row, 1, settings[i].value, NULL);
    }
}

/* Two series, required (red) and available (blue), from columns C and D of rows 2..n+1 of
 * sheet against column A. */
void ls_book_required_available(lxw_chart *ch, const char *sheet, size_t n, uint8_t marker)
{
    const char *series[] = {"Required", "Available"};
    const lxw_color_t colors[] = {0xC00000, 0x2F5597};
    for (int s = 0; s < 2 && n > 0; s++) {
        lxw_chart_series *cs = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(cs, sheet, 1, 0, (lxw_row_t)n, 0);
        chart_series_set_values(cs, sheet, 1, (lxw_col_t)(2 + s), (lxw_row_t)n,
                                (lxw_col_t)(2 + s));
        chart_series_set_name(cs, series[s]);
        lxw_chart_line line = {.color = colors[s], .width = 2.25};
        chart_series_set_line(cs, &line);
        chart_series_set_marker_type(cs, marker);
    }
}

