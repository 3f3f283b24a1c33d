/*
 * xlsxbook.c — opening a workbook: the workbook part, its sheets and their parts, the shared
 * strings, and which sheet is which table of the model (see xlsxread.h).
 */
#include "xlsxbook.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "load.h"
#include "util.h"

/* The tables as the folder names them, and their sheets' names in English and Dutch. */
static const struct {
    const char *file, *en, *nl;
} tables[LS_XLSX_TABLES] = {
    {"segments.csv", "segments", "segmenten"},  {"wages.csv", "wages", "lonen"},
    {"providers.csv", "providers", "aanbieders"}, {"contracts.csv", "contracts", "contracten"},
    {"budget.csv", "budget", "begroting"},      {"indicators.csv", "indicators", "indicatoren"}};

static const char *const sheet_names[2 * LS_XLSX_TABLES] = {
    "segments",  "wages",     "providers", "contracts",  "budget",    "indicators",
    "segmenten", "lonen",     "aanbieders", "contracten", "begroting", "indicatoren"};

int ls_buf_add(ls_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int table_index(const char *file)
{
    for (int t = 0; t < LS_XLSX_TABLES; t++)
        if (strcmp(file, tables[t].file) == 0)
            return t;
    return -1;
}

int ls_xlsx_sheet_of(const ls_xlsx *b, const char *file)
{
    int t = table_index(file);
    return t < 0 ? -1 : b->table_sheet[t];
}

char *ls_xlsx_display(const ls_xlsx *b, const char *file)
{
    int t = table_index(file), s = t < 0 ? -1 : b->table_sheet[t];
    const char *sheet = s >= 0 ? b->sheets[s].name : t >= 0 ? tables[t].en : file;
    size_t n = strlen(b->path) + strlen(sheet) + 2;
    char *d = malloc(n);
    if (d)
        snprintf(d, n, "%s:%s", b->path, sheet);
    return d;
}

const char *ls_xlsx_sheet_name(const ls_xlsx *b, const char *file)
{
    int t = table_index(file), s = t < 0 ? -1 : b->table_sheet[t];
    return s >= 0 ? b->sheets[s].name : t >= 0 ? tables[t].en : file;
}

void ls_xlsx_missing(const ls_xlsx *b, const char *file, ls_errors *errs)
{
    int t = table_index(file);
    if (t >= 0)
        ls_error_add(errs, b->path, 0, 0,
                     _("the workbook has no sheet '%s' (or '%s'), which is "
                       "required"),
                     tables[t].en, tables[t].nl);
}

/* ---- relationships: _rels/.rels and the workbook's -------------------------------------- */

typedef struct rel {
    char *id, *target, *type;
} rel;

typedef struct rels_job {
    rel *items;
    size_t n, cap;
    ls_xlsx *b;
} rels_job;

static void rels_start(void *ud, const char *name, const char **atts)
{
    rels_job *j = ud;
    if (strcmp(ls_xml_local(name), "Relationship") != 0)
        return;
    const char *id = ls_xml_attr(atts, "Id"), *target = ls_xml_attr(atts, "Target"),
               *type = ls_xml_attr(atts, "Type");
    if (!id || !target)
        return;
    if (j->n >= 100000) {
        ls_xlsx_stop(j->b, LS_OK); /* no workbook has so many parts */
        return;
    }
    if (ls_grow((void **)&j->items, &j->cap, j->n, sizeof *j->items) != 0) {
        ls_xlsx_stop(j->b, LS_EINTERNAL);
        return;
    }
    rel *r = &j->items[j->n];
    r->id = strdup(id);
    r->target = strdup(target);
    r->type = strdup(type ? type : "");
    j->n++;
    if (!r->id || !r->target || !r->type)
        ls_xlsx_stop(j->b, LS_EINTERNAL);
}

static void rels_free(rels_job *j)
{
    for (size_t i = 0; i < j->n; i++) {
        free(j->items[i].id);
        free(j->items[i].target);
        free(j->items[i].type);
    }
    free(j->items);
}

static int ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

/* target relative to the folder of part (or from the root when it starts with '/'), with
 * "x/../" taken out: malloc'd. */
static char *resolve(const char *part, const char *target)
{
    size_t dir = 0;
    if (target[0] == '/')
        target++;
    else if (strrchr(part, '/'))
        dir = (size_t)(strrchr(part, '/') - part) + 1;
    char *out = malloc(dir + strlen(target) + 1);
    if (!out)
        return NULL;
    memcpy(out, part, dir);
    strcpy(out + dir, target);
    for (char *up; (up = strstr(out, "/../")) != NULL;) {
        char *from = up;
        while (from > out && from[-1] != '/')
            from--;
        memmove(from, up + 4, strlen(up + 4) + 1);
    }
    return out;
}

/* The workbook's part of the relationship type that ends in type (its path, to be freed), or
 * NULL where it has none; *rc LS_EINTERNAL when out of memory. */
static char *part_of_type(const rels_job *wr, const char *book, const char *type, int *rc)
{
    for (size_t k = 0; k < wr->n; k++)
        if (ends_with(wr->items[k].type, type)) {
            char *part = resolve(book, wr->items[k].target);
            if (!part)
                *rc = LS_EINTERNAL;
            return part;
        }
    return NULL;
}

/* ---- the workbook part: its sheets ------------------------------------------------------ */

typedef struct book_job {
    ls_xlsx *b;
    char **rids; /* each sheet's relationship id */
    size_t rids_cap;
} book_job;

static void book_start(void *ud, const char *name, const char **atts)
{
    book_job *j = ud;
    ls_xlsx *b = j->b;
    if (strcmp(ls_xml_local(name), "sheet") != 0)
        return;
    const char *sheet = ls_xml_attr(atts, "name"), *rid = ls_xml_attr(atts, "id");
    if (!sheet)
        return;
    if (b->n_sheets >= 10000) {
        ls_xlsx_stop(b, LS_OK);
        return;
    }
    if (ls_grow((void **)&b->sheets, &b->sheets_cap, b->n_sheets, sizeof *b->sheets) != 0 ||
        ls_grow((void **)&j->rids, &j->rids_cap, b->n_sheets, sizeof *j->rids) != 0) {
        ls_xlsx_stop(b, LS_EINTERNAL);
        return;
    }
    xlsx_sheet *s = &b->sheets[b->n_sheets];
    *s = (xlsx_sheet){strdup(sheet), NULL, -1, 0};
    j->rids[b->n_sheets] = rid ? strdup(rid) : NULL;
    b->n_sheets++;
    if (!s->name || (rid && !j->rids[b->n_sheets - 1]))
        ls_xlsx_stop(b, LS_EINTERNAL);
}

/* ---- the shared strings ----------------------------------------------------------------- */

typedef struct strings_job {
    ls_xlsx *b;
    int in_si, in_t, rph;
} strings_job;

static void strings_start(void *ud, const char *name, const char **atts)
{
    strings_job *j = ud;
    (void)atts;
    const char *el = ls_xml_local(name);
    if (strcmp(el, "si") == 0) {
        ls_xlsx *b = j->b;
        if (ls_grow((void **)&b->str_at, &b->strings_cap, b->n_strings, sizeof *b->str_at)) {
            ls_xlsx_stop(b, LS_EINTERNAL);
            return;
        }
        b->str_at[b->n_strings] = b->pool.len;
        j->in_si = 1;
    } else if (strcmp(el, "rPh") == 0) {
        j->rph++;
    } else if (j->in_si && !j->rph && strcmp(el, "t") == 0) {
        j->in_t = 1;
    }
}

static void strings_text(void *ud, const char *s, int len)
{
    strings_job *j = ud;
    if (j->in_t && len > 0 && ls_buf_add(&j->b->pool, s, (size_t)len) != 0)
        ls_xlsx_stop(j->b, LS_EINTERNAL);
}

static void strings_end(void *ud, const char *name)
{
    strings_job *j = ud;
    const char *el = ls_xml_local(name);
    if (strcmp(el, "t") == 0)
        j->in_t = 0;
    else if (strcmp(el, "rPh") == 0 && j->rph)
        j->rph--;
    else if (strcmp(el, "si") == 0 && j->in_si) {
        j->in_si = 0;
        if (ls_buf_add(&j->b->pool, "", 1) != 0)
            ls_xlsx_stop(j->b, LS_EINTERNAL);
        else
            j->b->n_strings++;
    }
}

/* ---- the cell formats that show a date (styles.xml) ------------------------------------- */

typedef struct styles_job {
    ls_xlsx *b;
    int in_xfs;
    /* the custom number formats that are dates, all of them (a workbook copied together
     * from many sources has hundreds), sorted once the cell formats begin */
    unsigned long *dates;
    size_t n_dates, dates_cap;
    int sorted;
} styles_job;

static int id_order(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return (x > y) - (x < y);
}

/* A number format's code shows a date or a time when it has d, m, y, h or s outside quoted
 * text, brackets ([Red], [$€-413]) and escaped characters. */
static int date_code(const char *code)
{
    for (const char *c = code; *c; c++) {
        if (*c == '"') {
            while (c[1] && c[1] != '"')
                c++;
            c += c[1] != 0;
        } else if (*c == '[') {
            while (c[1] && c[1] != ']')
                c++;
        } else if ((*c == '\\' || *c == '_' || *c == '*') && c[1]) {
            c++;
        } else if (strchr("dmyhsDMYHS", *c)) {
            return 1;
        }
    }
    return 0;
}

static void styles_start(void *ud, const char *name, const char **atts)
{
    styles_job *j = ud;
    const char *el = ls_xml_local(name), *id = ls_xml_attr(atts, "numFmtId");
    if (strcmp(el, "numFmt") == 0) {
        const char *code = ls_xml_attr(atts, "formatCode");
        if (id && code && date_code(code)) {
            if (ls_grow((void **)&j->dates, &j->dates_cap, j->n_dates, sizeof *j->dates) != 0) {
                ls_xlsx_stop(j->b, LS_EINTERNAL);
                return;
            }
            j->dates[j->n_dates++] = strtoul(id, NULL, 10);
            j->sorted = 0;
        }
    } else if (strcmp(el, "cellXfs") == 0) {
        j->in_xfs = 1;
    } else if (j->in_xfs && strcmp(el, "xf") == 0) {
        ls_xlsx *b = j->b;
        if (ls_grow((void **)&b->xf_date, &b->xf_cap, b->n_xf, 1) != 0) {
            ls_xlsx_stop(b, LS_EINTERNAL);
            return;
        }
        /* Excel's built-in date and time formats: 14–22 and 45–47 */
        unsigned long k = id ? strtoul(id, NULL, 10) : 0;
        int date = (k >= 14 && k <= 22) || (k >= 45 && k <= 47);
        if (!j->sorted && j->n_dates)
            qsort(j->dates, j->n_dates, sizeof *j->dates, id_order);
        j->sorted = 1;
        date |= j->n_dates && bsearch(&k, j->dates, j->n_dates, sizeof *j->dates, id_order);
        b->xf_date[b->n_xf++] = (unsigned char)date;
    }
}

static void styles_end(void *ud, const char *name)
{
    styles_job *j = ud;
    if (strcmp(ls_xml_local(name), "cellXfs") == 0)
        j->in_xfs = 0;
}

int ls_xlsx_date_style(const ls_xlsx *b, const char *s)
{
    unsigned long k = s ? strtoul(s, NULL, 10) : 0;
    return k < b->n_xf && b->xf_date[k];
}

/* ---- which sheet is which table --------------------------------------------------------- */

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a >= 'A' && *a <= 'Z' ? *a + 32 : *a) != (*b >= 'A' && *b <= 'Z' ? *b + 32 : *b))
            return 0;
    return *a == *b;
}

static void assign_tables(ls_xlsx *b, ls_errors *errs)
{
    for (int t = 0; t < LS_XLSX_TABLES; t++)
        b->table_sheet[t] = -1;
    for (size_t i = 0; i < b->n_sheets; i++) {
        xlsx_sheet *s = &b->sheets[i];
        for (int t = 0; t < LS_XLSX_TABLES && s->table < 0; t++)
            if (same_name(s->name, tables[t].en) || same_name(s->name, tables[t].nl))
                s->table = t;
        char *display = malloc(strlen(b->path) + strlen(s->name) + 2);
        if (!display) {
            errs->out_of_memory = 1;
            return;
        }
        sprintf(display, "%s:%s", b->path, s->name);
        if (s->table < 0) {
            /* a near miss in English, else in Dutch: "Segmentn" is a letter from both
             * segments and segmenten, one table */
            const char *meant = ls_near(s->name, sheet_names, LS_XLSX_TABLES);
            if (!meant)
                meant = ls_near(s->name, sheet_names + LS_XLSX_TABLES, LS_XLSX_TABLES);
            char near[96];
            ls_warning_add(errs, display, 1, 1,
                           _("the sheet '%s' is no table of the model (segments, wages, "
                             "providers, contracts, budget, indicators, or in Dutch segmenten, "
                             "lonen, aanbieders, contracten, begroting, indicatoren): ignored%s"),
                           s->name, ls_did_you_mean(meant, near, sizeof near));
        } else if (b->table_sheet[s->table] >= 0) {
            ls_error_add(errs, display, 1, 1,
                         _("the table %s is in the workbook twice, as the sheets '%s' and '%s': "
                           "keep one"),
                         tables[s->table].en, b->sheets[b->table_sheet[s->table]].name, s->name);
            s->table = -1;
        } else if (!s->part) {
            ls_error_add(errs, display, 1, 1,
                         _("the sheet '%s' is not a worksheet (a chart "
                           "sheet?): a table is a worksheet of rows"),
                         s->name);
            s->table = -1;
        } else {
            b->table_sheet[s->table] = (int)i;
        }
        free(display);
    }
}

/* ---- opening -------------------------------------------------------------------------- */

/* Why path is no workbook to open, or NULL. */
static const char *not_a_book(const char *path, char *why, size_t size)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        ls_fmt(why, size, _("cannot read the file: %s"), strerror(errno));
        return why;
    }
    if (!S_ISREG(st.st_mode))
        return _("this is neither a model folder nor an .xlsx workbook on disk");
    if ((unsigned long long)st.st_size > LS_MAX_FILE_BYTES)
        return _("the workbook is larger than a model may be (1 GiB): is this the right file?");
    FILE *f = fopen(path, "rb");
    unsigned char magic[4] = {0};
    if (f) {
        size_t got = fread(magic, 1, 4, f);
        fclose(f);
        if (got == 4 && magic[0] == 0xD0 && magic[1] == 0xCF && magic[2] == 0x11 &&
            magic[3] == 0xE0)
            return _("this is an Excel 97-2003 workbook (.xls): save it as an .xlsx workbook");
        if (got < 4 || magic[0] != 'P' || magic[1] != 'K')
            return _("this is neither a model folder nor an .xlsx workbook: a model is a folder "
                     "of CSV files (docs/model-format.md) or one .xlsx workbook whose sheets are "
                     "the tables (docs/workbooks.md)");
    }
    return NULL;
}

static int open_zip(ls_xlsx *b, ls_errors *errs)
{
    char why[256];
    const char *no = not_a_book(b->path, why, sizeof why);
    if (no) {
        ls_error_add(errs, b->path, 0, 0, "%s", no);
        return LS_EINPUT;
    }
    int ze = 0;
    b->zip = zip_open(b->path, ZIP_RDONLY, &ze);
    if (!b->zip) {
        zip_error_t err;
        zip_error_init_with_code(&err, ze);
        ls_error_add(errs, b->path, 0, 0, _("cannot open the workbook: %s (is it an .xlsx file?)"),
                     zip_error_strerror(&err));
        zip_error_fini(&err);
        return ze == ZIP_ER_MEMORY ? LS_EINTERNAL : LS_EINPUT;
    }
    return LS_OK;
}

/* The workbook part (from _rels/.rels) and its sheets with their parts. */
static int read_sheets(ls_xlsx *b, ls_errors *errs)
{
    rels_job root = {.b = b};
    int found;
    int rc = ls_xlsx_parse(b, "_rels/.rels", &root, rels_start, NULL, NULL, &found, errs);
    char *book = NULL;
    for (size_t i = 0; rc == LS_OK && i < root.n && !book; i++)
        if (ends_with(root.items[i].type, "/officeDocument"))
            book = resolve("", root.items[i].target);
    if (rc == LS_OK && !book)
        book = strdup("xl/workbook.xml");
    rels_free(&root);
    if (rc != LS_OK || !book) {
        free(book);
        return rc != LS_OK ? rc : LS_EINTERNAL;
    }
    book_job bj = {.b = b};
    rc = ls_xlsx_parse(b, book, &bj, book_start, NULL, NULL, &found, errs);
    if (rc == LS_OK && !found) {
        ls_error_add(errs, b->path, 0, 0,
                     _("the zip archive holds no workbook (%s): is this an "
                       ".xlsx file? (an .ods or .numbers file must be saved as .xlsx first)"),
                     book);
        rc = LS_EINPUT;
    }
    /* the workbook's relationships: xl/_rels/workbook.xml.rels beside xl/workbook.xml */
    rels_job wr = {.b = b};
    const char *slash = strrchr(book, '/');
    size_t dir = slash ? (size_t)(slash - book) + 1 : 0;
    char *rels = malloc(strlen(book) + 12);
    if (rels)
        sprintf(rels, "%.*s_rels/%s.rels", (int)dir, book, book + dir);
    if (rc == LS_OK)
        rc = rels ? ls_xlsx_parse(b, rels, &wr, rels_start, NULL, NULL, &found, errs)
                  : LS_EINTERNAL;
    for (size_t i = 0; rc == LS_OK && i < b->n_sheets; i++)
        for (size_t k = 0; bj.rids[i] && k < wr.n && !b->sheets[i].part; k++)
            if (strcmp(wr.items[k].id, bj.rids[i]) == 0 &&
                ends_with(wr.items[k].type, "/worksheet") &&
                !(b->sheets[i].part = resolve(book, wr.items[k].target)))
                rc = LS_EINTERNAL;
    /* the shared strings, where there are any */
    char *strings = rc == LS_OK ? part_of_type(&wr, book, "/sharedStrings", &rc) : NULL;
    if (rc == LS_OK && strings) {
        strings_job sj = {.b = b};
        rc = ls_xlsx_parse(b, strings, &sj, strings_start, strings_end, strings_text, &found,
                           errs);
    }
    free(strings);
    /* the cell formats, to tell a date from a number */
    char *styles = rc == LS_OK ? part_of_type(&wr, book, "/styles", &rc) : NULL;
    if (rc == LS_OK && styles) {
        styles_job yj = {.b = b};
        rc = ls_xlsx_parse(b, styles, &yj, styles_start, styles_end, NULL, &found, errs);
        free(yj.dates);
    }
    free(styles);
    for (size_t i = 0; i < b->n_sheets; i++)
        free(bj.rids[i]);
    free(bj.rids);
    rels_free(&wr);
    free(rels);
    free(book);
    return rc;
}

int ls_xlsx_open(const char *path, ls_xlsx **out, ls_errors *errs)
{
    *out = NULL;
    ls_xlsx *b = calloc(1, sizeof *b);
    if (!b || !(b->path = strdup(path))) {
        free(b);
        return LS_EINTERNAL;
    }
    size_t errors = errs->n_errors;
    int rc = open_zip(b, errs);
    if (rc == LS_OK)
        rc = read_sheets(b, errs);
    if (rc == LS_OK) {
        assign_tables(b, errs);
        if (errs->out_of_memory)
            rc = LS_EINTERNAL;
        else if (errs->n_errors > errors)
            rc = LS_EINPUT;
    }
    if (rc != LS_OK) {
        ls_xlsx_close(b);
        return rc;
    }
    *out = b;
    return LS_OK;
}

void ls_xlsx_close(ls_xlsx *b)
{
    if (!b)
        return;
    if (b->zip)
        zip_discard(b->zip);
    for (size_t i = 0; i < b->n_sheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    free(b->pool.data);
    free(b->str_at);
    free(b->xf_date);
    free(b->path);
    free(b);
}
