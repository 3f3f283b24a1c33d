/*
 * table.c — the header and cell layer under read.c (see table.h).
 */
#include "table.h"
#include "format.h"
#include "i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tbl_full(const reading *r)
{
    return r->nomem || r->errs->n_errors >= LS_MAX_ERRORS;
}

const char *tbl_cell(const file_ctx *f, const ls_csv_row *row, int k)
{
    int i = f->idx[k];
    return (i >= 0 && (size_t)i < row->n_fields) ? row->fields[i] : "";
}

unsigned tbl_col(const file_ctx *f, int k)
{
    return f->idx[k] >= 0 ? (unsigned)f->idx[k] + 1 : 1;
}


int tbl_spelling(const ls_csv_row *row)
{
    return row->delimiter == ',' ? 0 : LS_NUM_DUTCH;
}

/* A number cell; empty gives dflt (NAN dflt means required); a percentage where percent is
 * set. Returns 0, or -1 after an error. */
static int number_cell(file_ctx *f, const ls_csv_row *row, int k, double dflt, int percent,
                       double *out)
{
    const char *s = tbl_cell(f, row, k);
    char msg[256];
    *out = dflt;
    if (!*s) {
        if (!isnan(dflt))
            return 0;
        ROW_ERR(f, row, k, _("%s is required"), f->cols[k].name);
        return -1;
    }
    int flags = tbl_spelling(row) | (percent && tbl_spelling(row) ? LS_NUM_PERCENT : 0);
    if (ls_parse_number(s, flags, out, msg, sizeof msg) != 0) {
        ROW_ERR(f, row, k, "%s: %s", f->cols[k].name, msg);
        *out = isnan(dflt) ? 0.0 : dflt;
        return -1;
    }
    return 0;
}

int tbl_number(file_ctx *f, const ls_csv_row *row, int k, double dflt, double *out)
{
    return number_cell(f, row, k, dflt, 0, out);
}

/* A number that must lie in a range: lo/hi inclusive unless the flag says strict. */
int tbl_ranged(file_ctx *f, const ls_csv_row *row, int k, double dflt, double lo,
                      int lo_strict, double hi, int hi_strict, double *out)
{
    /* a column of fractions or rates (at most 1, or at most LS_FACTOR_MAX: "rates and
     * fractions that multiply money") takes a percentage in the Dutch spelling */
    if (number_cell(f, row, k, dflt, hi == 1 || hi == LS_FACTOR_MAX, out) != 0)
        return -1;
    if (!*tbl_cell(f, row, k))
        return 0;
    double v = *out;
    if (v > hi && ls_limit_why(hi)) {
        ROW_ERR(f, row, k, _("%s must be %s, not %s"), f->cols[k].name, ls_limit_why(hi),
                tbl_cell(f, row, k));
        *out = isnan(dflt) ? lo : dflt;
        return -1;
    }
    if (v < lo || (lo_strict && v == lo) || v > hi || (hi_strict && v == hi)) {
        char range[192], a[64], b[64];
        ls_format_plain(a, sizeof a, lo, ls_text_style());
        ls_format_plain(b, sizeof b, hi, ls_text_style());
        if (isinf(hi) || ls_limit_why(hi))
            ls_fmt(range, sizeof range, "%s %s", lo_strict ? ">" : "≥", a);
        else
            ls_fmt(range, sizeof range, _("%s %s and %s %s"), lo_strict ? ">" : "≥", a,
                   hi_strict ? "<" : "≤", b);
        ROW_ERR(f, row, k, _("%s must be %s, not %s"), f->cols[k].name, range, tbl_cell(f, row, k));
        *out = isnan(dflt) ? lo : dflt;
        return -1;
    }
    return 0;
}

/* An optional number with no default: NAN when empty. */
void tbl_optional(file_ctx *f, const ls_csv_row *row, int k, double lo, int lo_strict,
                         double hi, int hi_strict, double *out)
{
    *out = NAN;
    if (*tbl_cell(f, row, k) && tbl_ranged(f, row, k, NAN, lo, lo_strict, hi, hi_strict, out) != 0)
        *out = NAN;
}

/* An identifier cell copied into the arena; empty gives dflt (NULL dflt means required). */
int tbl_id(file_ctx *f, const ls_csv_row *row, int k, const char *dflt, const char **out)
{
    const char *s = tbl_cell(f, row, k);
    char msg[256];
    *out = NULL;
    if (!*s) {
        if (dflt) {
            *out = dflt;
            return 0;
        }
        ROW_ERR(f, row, k, _("%s is required"), f->cols[k].name);
        return -1;
    }
    if (ls_check_identifier(s, msg, sizeof msg) != 0) {
        ROW_ERR(f, row, k, "%s: %s", f->cols[k].name, msg);
        return -1;
    }
    *out = ls_arena_strdup(&f->r->m->arena, s);
    if (!*out)
        f->r->nomem = 1;
    return *out ? 0 : -1;
}

int tbl_bad_ref(file_ctx *f, const ls_csv_row *row, int k, const char *id)
{
    char msg[256];
    if (ls_check_identifier(id, msg, sizeof msg) == 0)
        return 0;
    ROW_ERR(f, row, k, "%s: %s", f->cols[k].name, msg);
    return 1;
}

/* One of a fixed set of words; returns its index, dflt when empty, -1 after an error. */
int tbl_enum(file_ctx *f, const ls_csv_row *row, int k, const char *const *names,
                    int n, int dflt)
{
    const char *s = tbl_cell(f, row, k);
    if (!*s) {
        if (dflt >= 0)
            return dflt;
        ROW_ERR(f, row, k, _("%s is required"), f->cols[k].name);
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    char list[128] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, names[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n)
            strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    char near[96];
    ROW_ERR(f, row, k, _("%s '%s' is not one of %s%s"), f->cols[k].name, s, list,
            ls_did_you_mean(ls_near(s, names, (size_t)n), near, sizeof near));
    return -1;
}

/* Interns id into map, appending to a names array when new; returns its index or -1. */
int tbl_intern(reading *r, ls_strmap *map, const char ***names, size_t *n, size_t *cap,
                  const char *id)
{
    int i = ls_strmap_get(map, id);
    if (i >= 0)
        return i;
    if (ls_grow((void **)names, cap, *n, sizeof(char *)) != 0 ||
        ls_strmap_put(map, id, (int)*n) != 0) {
        r->nomem = 1;
        return -1;
    }
    (*names)[*n] = id;
    return (int)(*n)++;
}

/* ---- header ----------------------------------------------------------------------------- */

static int ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char cb = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

static void map_header(file_ctx *f, const ls_csv_row *row)
{
    char unknown[256] = "";
    size_t n_unknown = 0;
    for (size_t k = 0; k < f->n_cols; k++)
        f->idx[k] = -1;
    f->n_header = row->n_fields;
    f->header_line = row->line;
    f->header_ok = 1;
    for (size_t i = 0; i < row->n_fields; i++) {
        const char *name = row->fields[i];
        if (!*name && !row->delimiter)
            continue; /* an empty cell in a sheet's header row (a table from column B on) */
        size_t k = 0;
        while (k < f->n_cols && !ascii_ieq(name, f->cols[k].name))
            k++;
        if (k == f->n_cols) {
            if (n_unknown++ < 8) {
                if (*unknown)
                    strncat(unknown, ", ", sizeof unknown - strlen(unknown) - 1);
                strncat(unknown, *name ? name : _("(empty)"),
                        sizeof unknown - strlen(unknown) - 1);
            }
            continue;
        }
        if (f->idx[k] >= 0) {
            char first[64];
            ls_error_add(f->r->errs, f->display, row->line, (unsigned)i + 1,
                         _("column '%s' appears twice (%s)"), f->cols[k].name,
                         tbl_first(f, 0, (unsigned)f->idx[k] + 1, first, sizeof first));
            f->header_ok = 0;
            continue;
        }
        f->idx[k] = (int)i;
    }
    if (n_unknown)
        ls_warning_add(
            f->r->errs, f->display, row->line, 1,
            P_("unknown column ignored: %s%s", "unknown columns ignored: %s%s", n_unknown), unknown,
            n_unknown > 8 ? ", …" : "");
    for (size_t k = 0; k < f->n_cols; k++)
        if (f->cols[k].required && f->idx[k] < 0) {
            ls_error_add(f->r->errs, f->display, row->line, 1,
                         _("the required column '%s' is "
                           "missing from the header"),
                         f->cols[k].name);
            f->header_ok = 0;
        }
}

size_t tbl_extra_field(const file_ctx *f, const ls_csv_row *row)
{
    if (row->n_fields <= f->n_header)
        return 0;
    /* in a file even an empty one: "6,5" for 6.5 before an empty last column would shift
     * every value after it one column on and still read */
    if (row->delimiter)
        return f->n_header;
    /* a sheet's row: the cell that holds something (a note in H2, not the empty D2 after
     * the header's last column C) */
    for (size_t i = f->n_header; i < row->n_fields; i++)
        if (*row->fields[i])
            return i;
    return 0;
}

int tbl_other_delimiter(const file_ctx *f, const ls_csv_row *row)
{
    char other = row->delimiter == ',' ? ';' : ',';
    return row->delimiter && f->n_header > 1 && row->n_fields == 1 &&
                   strchr(row->fields[0], other)
               ? other
               : 0;
}

/* "1,5" in a comma-separated file splits a number in two: a field ending in a digit before
 * one starting with one is the sign. A decimal comma is a likely cause of the row's fields
 * beyond the header only when it has a split number for each of them (each adds one field),
 * its integer part within the header's columns: "6,5," under four columns may be 6.5 and an
 * empty last column, but "6,5,,," (or "x,y,,") has more empty fields than any comma made. */
static int split_number(const ls_csv_row *row, size_t n_header)
{
    size_t extra = row->n_fields - n_header, splits = 0;
    for (size_t i = 1; row->delimiter == ',' && i < row->n_fields; i++) {
        size_t len = strlen(row->fields[i - 1]);
        char last = len ? row->fields[i - 1][len - 1] : 0, first = row->fields[i][0];
        if (last >= '0' && last <= '9' && first >= '0' && first <= '9' &&
            i - 1 - splits < n_header)
            splits++, i++; /* (a field is part of one number at most) */
    }
    return splits >= extra;
}

/* Has the table a column of free text, a provider's name, that a comma of its own ("Cicero,
 * Welzijn" unquoted) cuts in two? (Its fields come trimmed: the space after such a comma,
 * which would tell it from a decimal comma, is gone.) */
static int has_name_column(const file_ctx *f)
{
    for (size_t k = 0; k < f->n_cols; k++)
        if (f->idx[k] >= 0 && strcmp(f->cols[k].name, "name") == 0)
            return 1;
    return 0;
}

/* ---- what the rules do not check ---------------------------------------------------------- */

/* The key of unchecked for file (column and id NULL) or an id in its column; ids are cut at
 * 128 bytes alike on both sides (a longer one is an error of its own). */
static void unchecked_key(char *key, size_t size, const char *file, const char *column,
                          const char *id)
{
    if (column)
        ls_fmt(key, size, "%s\t%s\t%.128s", file, column, id);
    else
        ls_fmt(key, size, "%s", file);
}

static void unchecked_put(reading *r, const char *key)
{
    if (ls_strmap_get(&r->unchecked, key) >= 0)
        return;
    const char *stored = ls_arena_strdup(&r->m->arena, key);
    if (!stored || ls_strmap_put(&r->unchecked, stored, 1) != 0)
        r->nomem = 1;
}

void tbl_incomplete(reading *r, const char *file)
{
    unchecked_put(r, file);
}

void tbl_reject(reading *r, const char *file, const char *column, const char *id)
{
    char key[256];
    if (!id || !*id)
        return;
    unchecked_key(key, sizeof key, file, column, id);
    unchecked_put(r, key);
}

int tbl_unchecked(const reading *r, const char *file, const char *column, const char *id)
{
    char key[256];
    if (r->unchecked.count == 0)
        return 0;
    unchecked_key(key, sizeof key, file, NULL, NULL);
    if (ls_strmap_get(&r->unchecked, key) >= 0)
        return 1;
    unchecked_key(key, sizeof key, file, column, id);
    return ls_strmap_get(&r->unchecked, key) >= 0;
}

/* A row as tbl_row takes it: the header, a row cut wrong (an error), a rejected one, or one
 * for the table's handler. Non-zero to stop. */
static int table_row(file_ctx *f, const ls_csv_row *row)
{
    if (row->header) {
        map_header(f, row);
        return !f->header_ok || tbl_full(f->r);
    }
    char other = (char)tbl_other_delimiter(f, row);
    if (other) {
        /* the file's delimiter comes from its header: a row cut by the other one is one long
         * field, every other column "required". Said once; the rows like it are skipped */
        if (!f->other_delimiter_seen)
            ls_error_add(f->r->errs, f->display, row->line, 1,
                         _("this row is separated by '%c' but the header by '%c': use one "
                           "delimiter in the whole file"),
                         other, row->delimiter);
        f->other_delimiter_seen = 1;
        tbl_incomplete(f->r, f->name); /* (these rows' ids are not known) */
        return tbl_full(f->r);
    }
    size_t i = tbl_extra_field(f, row);
    if (i || row->rejected) {
        if (f->on_reject)
            f->on_reject(f, row);
        if (!i)
            return tbl_full(f->r); /* (the reader said why) */
        if (!row->delimiter)
            ls_error_add(f->r->errs, f->display, row->line, (unsigned)i + 1,
                         _("this cell is right of the header's last column: clear it, or give "
                           "its column a name in the header (a column lumpsum does not know is "
                           "ignored)"));
        else
            ls_error_add(f->r->errs, f->display, row->line, (unsigned)i + 1,
                         _("this row has %zu fields but the header names %zu columns%s"),
                         row->n_fields, f->n_header,
                         row->delimiter != ',' ? ""
                         : has_name_column(f)
                             ? _(" (a comma in a name? then put the name in double quotes: "
                                 "\"Cicero, Welzijn\"; or a decimal comma? then separate the "
                                 "fields with ';')")
                         : split_number(row, f->n_header)
                             ? _(" (a decimal comma? then separate the fields with ';')")
                             : "");
        return tbl_full(f->r);
    }
    f->on_row(f, row);
    return tbl_full(f->r);
}

const char *tbl_first(const file_ctx *f, unsigned line, unsigned column, char *buf, size_t size)
{
    char col[8];
    if (!f->r->book && line)
        ls_fmt(buf, size, _("first on line %u"), line);
    else if (!f->r->book)
        ls_fmt(buf, size, _("first as column %u"), column);
    else if (line)
        ls_fmt(buf, size, _("first in %s%u"), ls_column_letters(column, col, sizeof col), line);
    else
        ls_fmt(buf, size, _("first in column %s"), ls_column_letters(column, col, sizeof col));
    return buf;
}

/* The bytes of a space at p that may stand around a field: ' ', a tab, a no-break space
 * (U+00A0), a narrow one (U+202F) or a zero-width one (U+200B); 0 if none. *wide is set for
 * all but the first two. */
static size_t space_at(const char *p, int *wide)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] == ' ' || u[0] == '\t')
        return 1;
    size_t k = u[0] == 0xC2 && u[1] == 0xA0                                    ? 2
               : u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x8B) ? 3
                                                                                : 0;
    *wide |= k != 0;
    return k;
}

/* The bytes of such a space that ends at s[n - 1]; 0 if none. */
static size_t space_before(const char *s, size_t n, int *wide)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (space_at(s + n - k, wide) == k)
            return k;
    return 0;
}

/* Drops the spaces around a field when a no-break space is among them (a cell pasted from a
 * web page or a PDF: 'A' and 'A' with one are the same id to the eye, and ' ' and '\t' around
 * an unquoted field are gone already). 1 when the field holds something after that. */
static int drop_wide_spaces(char **field)
{
    char *s = *field;
    size_t k, lead = 0, n;
    int wide = 0;
    while ((k = space_at(s + lead, &wide)) != 0)
        lead += k;
    if (wide)
        s += lead;
    n = strlen(s);
    size_t end = n;
    wide = 0;
    while ((k = space_before(s, end, &wide)) != 0)
        end -= k;
    if (wide)
        s[end] = '\0';
    *field = s;
    return *s != '\0';
}

int tbl_row(void *ctx, const ls_csv_row *row)
{
    file_ctx *f = ctx;
    size_t before = f->r->errs->n_errors;
    int something = 0;
    for (size_t i = 0; i < row->n_fields; i++)
        if (row->fields[i][0])
            something |= drop_wide_spaces(&row->fields[i]);
    if (!something && !row->header && !row->rejected)
        return tbl_full(f->r); /* (a row of no-break spaces is blank) */
    int stop = table_row(f, row);
    /* the errors about the rows, to tell them from the reader's own about the file */
    f->row_errors += f->r->errs->n_errors - before + row->rejected;
    return stop;
}
