/*
 * source.c — where the tables come from: a folder's CSV files or a workbook's sheets
 * (xlsxread.h). Names and places in messages, the near misses of ids, and the entry that
 * opens a workbook around the reading of read.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "model.h"
#include "table.h"
#include "util.h"
#include "xlsxread.h"

const char *tbl_table_name(const reading *r, const char *file, char *buf, size_t size)
{
    if (!r->book)
        return file;
    ls_fmt(buf, size, _("the sheet '%s'"), ls_xlsx_sheet_name(r->book, file));
    return buf;
}

const char *tbl_near_provider(const ls_model *m, const char *id)
{
    return ls_near_field(id, m->providers, m->n_providers, sizeof *m->providers,
                         offsetof(ls_provider, id));
}

const char *tbl_near_segment(const ls_model *m, const char *id)
{
    return ls_near_field(id, m->segments, m->n_segments, sizeof *m->segments,
                         offsetof(ls_segment, id));
}

/* Where table name ("segments.csv") is, for messages: dir/name, or BOOK.xlsx:SHEET.
 * malloc'd; NULL out of memory. */
char *tbl_path(const reading *r, const char *dir, const char *name)
{
    return r->book ? ls_xlsx_display(r->book, name) : ls_path_join(dir, name);
}

/* A required table that is not there; a workbook beside its CSV name is said to be read
 * whole, as the model. */
void tbl_missing(reading *r, const char *dir, const char *name, const char *path)
{
    if (r->book) {
        ls_xlsx_missing(r->book, name, r->errs);
        return;
    }
    char book[64];
    ls_fmt(book, sizeof book, "%.*s.xlsx", (int)(strlen(name) - 4), name);
    char *beside = ls_path_join(dir, book);
    if (beside && ls_xlsx_is_book(beside))
        ls_error_add(r->errs, path, 1, 1,
                     _("the file is missing (it is required); %s beside it "
                       "is a workbook, which is read as the model itself, not inside a folder: "
                       "give MODEL.xlsx, one workbook whose sheets are the tables "
                       "(docs/workbooks.md)"),
                     book);
    else
        ls_error_add(r->errs, path, 1, 1, _("the file is missing (it is required)"));
    free(beside);
}

/* A --set value as the policy parser takes it: a decimal comma (key=0,03) as a point. */
const char *tbl_set_value(const char *text, char *buf, size_t size)
{
    return ls_number_plain(text, LS_NUM_COMMA, buf, size) ? buf : text;
}

int ls_model_read(const char *dir, const ls_read_options *opts, ls_model **out, ls_errors *errs)
{
    *out = NULL;
    struct stat st;
    if (stat(dir, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
        /* a mistyped path: one line, not a missing file for every table ("" would print as
         * a message of no file) */
        if (*dir)
            ls_error_add(errs, dir, 0, 0, _("no such model folder or workbook"));
        else
            ls_error_add(errs, NULL, 0, 0,
                         _("the model's path is empty: give its folder or workbook"));
        return LS_EINPUT;
    }
    if (!ls_xlsx_is_book(dir))
        return tbl_read_model(dir, NULL, opts, out, errs);
    /* a workbook: its sheets are the tables, its cells the messages' places */
    size_t errors = errs->n_errors, warnings = errs->n_warnings;
    ls_xlsx *book = NULL;
    int rc = ls_xlsx_open(dir, &book, errs);
    if (rc == LS_OK)
        rc = tbl_read_model(dir, book, opts, out, errs);
    ls_xlsx_close(book);
    ls_xlsx_mark_cells(dir, errs, errors, warnings);
    return rc;
}

