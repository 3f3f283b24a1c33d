/*
 * xlsxread.c — a workbook's sheets as rows for read.c's tables (see xlsxread.h).
 *
 * An .xlsx file is a zip archive of XML parts (ECMA-376): _rels/.rels names the workbook
 * part, the workbook lists its sheets (name and relationship id), the workbook's
 * relationships give each sheet's part, and the shared strings part holds the text that
 * cells refer to by index. A sheet is <sheetData> of <row r="7"> of <c r="D7" t="…"><v>…</v>
 * (or <is><t>…</t></is> for inline text; <f> a formula whose saved value is <v>). Elements
 * are matched by their local name, whatever prefix a writer gives them.
 */
#include "xlsxread.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "i18n.h"
#include "load.h"
#include "util.h"
#include "xlsxbook.h"

/* ---- the workbook's parts through expat ----------------------------------------------- */

int ls_xlsx_parse(ls_xlsx *b, const char *part, void *ud, XML_StartElementHandler start,
                  XML_EndElementHandler end, XML_CharacterDataHandler text, int *found,
                  ls_errors *errs)
{
    *found = 1;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(b->zip, part, 0, &st) != 0) {
        *found = 0;
        return LS_OK;
    }
    zip_file_t *zf = zip_fopen(b->zip, part, 0);
    if (!zf) {
        ls_error_add(errs, b->path, 0, 0, _("cannot read the part %s of the workbook: %s"), part,
                     zip_strerror(b->zip));
        return LS_EINPUT;
    }
    XML_Parser p = XML_ParserCreate(NULL);
    char *buf = malloc(1 << 16);
    if (!p || !buf) {
        if (p)
            XML_ParserFree(p);
        free(buf);
        zip_fclose(zf);
        return LS_EINTERNAL;
    }
    b->parser = p;
    b->stop = LS_OK;
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    int rc = LS_OK;
    size_t total = 0;
    for (int last = 0; !last && rc == LS_OK;) {
        zip_int64_t got = zip_fread(zf, buf, 1 << 16);
        if (got < 0) {
            ls_error_add(errs, b->path, 0, 0,
                         _("cannot read the part %s of the workbook: %s "
                           "(is the file damaged?)"),
                         part, zip_file_strerror(zf));
            rc = LS_EINPUT;
            break;
        }
        total += (size_t)got;
        if (total > LS_MAX_FILE_BYTES) {
            ls_error_add(errs, b->path, 0, 0,
                         _("the part %s of the workbook has more than 1 GiB "
                           "of XML, more than a model's table may have"),
                         part);
            rc = LS_EINPUT;
            break;
        }
        last = got == 0;
        if (XML_Parse(p, buf, (int)got, last) == XML_STATUS_ERROR) {
            if (XML_GetErrorCode(p) == XML_ERROR_ABORTED) {
                rc = b->stop;
                break;
            }
            ls_error_add(errs, b->path, 0, 0,
                         _("the part %s of the workbook is not well-formed "
                           "XML (its line %lu, column %lu: %s): is the file damaged?"),
                         part, (unsigned long)XML_GetCurrentLineNumber(p),
                         (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                         XML_ErrorString(XML_GetErrorCode(p)));
            rc = LS_EINPUT;
        }
    }
    if (rc == LS_OK)
        rc = b->stop;
    b->parser = NULL;
    XML_ParserFree(p);
    free(buf);
    zip_fclose(zf);
    return rc;
}

void ls_xlsx_stop(ls_xlsx *b, int rc)
{
    if (b->stop == LS_OK)
        b->stop = rc;
    XML_StopParser(b->parser, XML_FALSE);
}

const char *ls_xml_local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

const char *ls_xml_attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(ls_xml_local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* ---- a sheet into rows ----------------------------------------------------------------- */

#define MAX_COL 16384u     /* XFD */
#define MAX_ROW 1048576u   /* Excel's last row */

typedef struct cell_at {
    unsigned col;
    size_t at; /* its text in rowbuf */
} cell_at;

typedef struct sheet_job {
    ls_xlsx *b;
    const char *display;
    ls_csv_row_fn fn;
    void *ctx;
    ls_errors *errs;
    size_t lines;
    unsigned row, col;  /* the row being read, the cell's column */
    int in_cell, in_v, in_is, in_t, rph, has_v, has_f, header_done, date;
    unsigned row_bad; /* errors said at the row's cells */
    char type[16];
    ls_buf text;        /* the cell's <v> or its inline string */
    ls_buf rowbuf;      /* the row's cell texts, each NUL-terminated */
    cell_at *cells;
    size_t n_cells, cells_cap;
    char **fields;
    size_t fields_cap;
} sheet_job;

/* "D7" → column 4, row 7 (either 0 where absent); -1 when out of Excel's range. */
static int parse_ref(const char *ref, unsigned *col, unsigned *row)
{
    unsigned long c = 0, r = 0;
    const char *p = ref;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++)
        if ((c = c * 26 + (unsigned long)((*p | 0x20) - 'a' + 1)) > MAX_COL)
            return -1;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((r = r * 10 + (unsigned long)(*p - '0')) > MAX_ROW)
            return -1;
    if (*p)
        return -1;
    *col = (unsigned)c;
    *row = (unsigned)r;
    return 0;
}

static void sheet_error(sheet_job *j, const char *what)
{
    ls_error_add(j->errs, j->display, j->row ? j->row : 1, j->col ? j->col : 1, "%s", what);
    j->row_bad++;
    if (j->errs->n_errors >= LS_MAX_ERRORS)
        ls_xlsx_stop(j->b, LS_EINPUT);
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
    sheet_job *j = ud;
    const char *el = ls_xml_local(name);
    if (strcmp(el, "row") == 0) {
        const char *r = ls_xml_attr(atts, "r");
        unsigned col, row = j->row + 1;
        if (r && (parse_ref(r, &col, &row) != 0 || col != 0 || row == 0)) {
            sheet_error(j, _("the row's number is not one of a worksheet (1 to 1048576)"));
            ls_xlsx_stop(j->b, LS_EINPUT);
            return;
        }
        j->row = row;
        j->col = 0;
        j->n_cells = 0;
        j->rowbuf.len = 0;
        j->row_bad = 0;
    } else if (strcmp(el, "c") == 0) {
        const char *r = ls_xml_attr(atts, "r"), *t = ls_xml_attr(atts, "t");
        unsigned col = j->col + 1, row = 0;
        if (r && (parse_ref(r, &col, &row) != 0 || col == 0)) {
            /* said where the reading was (the reference names no cell), and named */
            char what[160];
            ls_fmt(what, sizeof what,
                   _("the cell's reference '%.40s' is not one of a worksheet (A1 to XFD1048576)"),
                   r);
            sheet_error(j, what);
            ls_xlsx_stop(j->b, LS_EINPUT);
            return;
        }
        if (col > MAX_COL) {
            sheet_error(j, _("a cell beyond column XFD"));
            ls_xlsx_stop(j->b, LS_EINPUT);
            return;
        }
        if (row && !j->row)
            j->row = row;
        j->col = col;
        j->in_cell = 1;
        j->has_v = j->has_f = 0;
        j->text.len = 0;
        ls_fmt(j->type, sizeof j->type, "%s", t ? t : "n");
        j->date = ls_xlsx_date_style(j->b, ls_xml_attr(atts, "s"));
    } else if (j->in_cell && strcmp(el, "v") == 0) {
        j->in_v = 1;
        j->has_v = 1;
        j->text.len = 0;
    } else if (j->in_cell && strcmp(el, "f") == 0) {
        j->has_f = 1;
    } else if (j->in_cell && strcmp(el, "is") == 0) {
        j->in_is = 1;
    } else if (j->in_is && strcmp(el, "rPh") == 0) {
        j->rph++;
    } else if (j->in_is && !j->rph && strcmp(el, "t") == 0) {
        j->in_t = 1;
        j->has_v = 1;
    }
}

static void sheet_text(void *ud, const char *s, int len)
{
    sheet_job *j = ud;
    if (!(j->in_v || j->in_t) || len <= 0)
        return;
    if (j->text.len + (size_t)len > LS_MAX_LINE) {
        j->in_v = j->in_t = 0;
        sheet_error(j, _("the cell holds more than 1 MiB of text, more than a model's cell may"));
        return;
    }
    if (ls_buf_add(&j->text, s, (size_t)len) != 0)
        ls_xlsx_stop(j->b, LS_EINTERNAL);
}

/* The cell's value as the row handlers read it; NULL after an error at the cell. */
static const char *cell_value(sheet_job *j)
{
    if (!j->has_v) {
        if (j->has_f)
            sheet_error(j, _("the formula in this cell has no saved value: open the workbook in "
                             "a spreadsheet and save it, so that the value is stored"));
        return j->has_f ? NULL : "";
    }
    char *v = j->text.len ? j->text.data : NULL;
    if (!v)
        return "";
    const char *t = j->type;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long k = strtoul(v, &end, 10);
        if (end == v || *end || k >= j->b->n_strings) {
            sheet_error(j, _("the cell refers to a shared string the workbook does not have: is "
                             "the file damaged?"));
            return NULL;
        }
        return j->b->pool.data + j->b->str_at[k];
    }
    if (strcmp(t, "e") == 0) {
        char msg[96];
        ls_fmt(msg, sizeof msg,
               _("the cell holds the error %.20s, a formula that could not be "
                 "computed"),
               v);
        sheet_error(j, msg);
        return NULL;
    }
    if (strcmp(t, "d") == 0 || (strcmp(t, "n") == 0 && j->date)) {
        sheet_error(j, _("the cell holds a date, which no column of a model takes: format it as "
                         "a number or as text"));
        return NULL;
    }
    if (strcmp(t, "n") == 0) /* a number's decimal point, read back exactly as a sheet's
                              * decimal comma (1.250 would be one thousand two hundred and
                              * fifty in a sheet's text) */
        for (char *c = v; *c; c++)
            if (*c == '.')
                *c = ',';
    if (strcmp(t, "b") == 0) /* a boolean is yes or no (a yes/no field takes it; a number
                              * field says it is not a number, rather than take 1 client) */
        return strcmp(v, "0") == 0 ? "no" : "yes";
    return v; /* str (a formula's text), inlineStr */
}

/* The cell's text without the spaces, tabs and line ends around it. */
static void trim(const char **s, size_t *n)
{
    while (*n && strchr(" \t\r\n", (*s)[0]))
        (*s)++, (*n)--;
    while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
        (*n)--;
}

static void end_cell(sheet_job *j)
{
    j->in_cell = 0;
    const char *v = cell_value(j);
    if (!v)
        return;
    size_t n = strlen(v);
    trim(&v, &n);
    if (n == 0)
        return;
    if (ls_grow((void **)&j->cells, &j->cells_cap, j->n_cells, sizeof *j->cells) != 0 ||
        ls_buf_add(&j->rowbuf, v, n) != 0 || ls_buf_add(&j->rowbuf, "", 1) != 0) {
        ls_xlsx_stop(j->b, LS_EINTERNAL);
        return;
    }
    if (j->rowbuf.len > LS_MAX_LINE) {
        sheet_error(j, _("the row holds more than 1 MiB of text, more than a model's line may"));
        return;
    }
    j->cells[j->n_cells++] = (cell_at){j->col, j->rowbuf.len - n - 1};
}

static void end_row(sheet_job *j)
{
    unsigned width = 0;
    for (size_t i = 0; i < j->n_cells; i++)
        if (j->cells[i].col > width)
            width = j->cells[i].col;
    if (width == 0)
        return; /* an empty row */
    if (ls_grow((void **)&j->fields, &j->fields_cap, width, sizeof *j->fields) != 0) {
        ls_xlsx_stop(j->b, LS_EINTERNAL);
        return;
    }
    for (unsigned c = 0; c < width; c++)
        j->fields[c] = "";
    for (size_t i = 0; i < j->n_cells; i++)
        j->fields[j->cells[i].col - 1] = j->rowbuf.data + j->cells[i].at;
    /* a row whose bad cell was said goes on as rejected: its rules would only echo, but
     * the table notes its ids, so that the rows that refer to them are not told they are
     * missing */
    ls_csv_row row = {j->fields, width, j->row, '\0', !j->header_done,
                      j->lines > j->row ? j->lines : j->row, j->row_bad};
    j->header_done = 1;
    if (j->fn(j->ctx, &row) != 0)
        ls_xlsx_stop(j->b, LS_OK);
}

static void sheet_end(void *ud, const char *name)
{
    sheet_job *j = ud;
    const char *el = ls_xml_local(name);
    if (strcmp(el, "v") == 0)
        j->in_v = 0;
    else if (strcmp(el, "t") == 0)
        j->in_t = 0;
    else if (strcmp(el, "rPh") == 0 && j->rph)
        j->rph--;
    else if (strcmp(el, "is") == 0)
        j->in_is = 0;
    else if (strcmp(el, "c") == 0 && j->in_cell)
        end_cell(j);
    else if (strcmp(el, "row") == 0)
        end_row(j);
}

int ls_xlsx_read_table(ls_xlsx *b, const char *file, ls_csv_row_fn fn, void *ctx, int *found,
                       ls_errors *errs)
{
    int s = ls_xlsx_sheet_of(b, file);
    *found = s >= 0;
    if (s < 0)
        return LS_OK;
    char *display = ls_xlsx_display(b, file);
    if (!display)
        return LS_EINTERNAL;
    b->sheets[s].read = 1;
    sheet_job j = {.b = b, .display = display, .fn = fn, .ctx = ctx, .errs = errs};
    /* how many rows may follow, for the tables that keep room for every row: a row takes
     * some 16 bytes of XML at the least */
    zip_stat_t st;
    zip_stat_init(&st);
    j.lines = 1;
    if (zip_stat(b->zip, b->sheets[s].part, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
        j.lines = st.size / 16 + 1 < MAX_ROW ? (size_t)(st.size / 16 + 1) : MAX_ROW;
    int part_found;
    size_t errors = errs->n_errors;
    int rc = ls_xlsx_parse(b, b->sheets[s].part, &j, sheet_start, sheet_end, sheet_text,
                           &part_found, errs);
    if (rc == LS_OK && !part_found) {
        ls_error_add(errs, b->path, 0, 0,
                     _("the sheet '%s' has no part %s in the workbook: is "
                       "the file damaged?"),
                     b->sheets[s].name, b->sheets[s].part);
        rc = LS_EINPUT;
    }
    if (rc == LS_OK && !j.header_done && errs->n_errors == errors)
        ls_error_add(errs, display, 1, 1, _("the sheet is empty: a header row is required"));
    if (rc == LS_OK && errs->n_errors > errors)
        rc = LS_EINPUT;
    free(j.text.data);
    free(j.rowbuf.data);
    free(j.cells);
    free(j.fields);
    free(display);
    return rc;
}

/* ---- positions as cells ---------------------------------------------------------------- */

int ls_xlsx_is_book(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

void ls_xlsx_mark_cells(const char *path, ls_errors *errs, size_t errors_from,
                        size_t warnings_from)
{
    size_t n = strlen(path);
    ls_error *lists[2] = {errs->errors, errs->warnings};
    size_t from[2] = {errors_from, warnings_from}, to[2] = {errs->n_errors, errs->n_warnings};
    for (int l = 0; l < 2; l++)
        for (size_t i = from[l]; i < to[l]; i++) {
            ls_error *e = &lists[l][i];
            if (e->file && e->line > 0 && strncmp(e->file, path, n) == 0 && e->file[n] == ':')
                e->cell = 1;
        }
}
