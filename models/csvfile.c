#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

typedef struct reader {
    const char *display;
    ls_errors *errs;
    ls_csv_row_fn fn;
    void *ctx;
    char delimiter;
    int rows_seen;
    int stop;   /* the callback asked to stop, or an error ended the file */
    int nomem;
    size_t lines;        /* physical lines in the file */
    int has_nul;         /* the file holds a NUL byte somewhere (fields are checked then) */
    unsigned row_line;   /* line the row being parsed started on; 0 between rows */
    unsigned cur_line;
    /* the row being assembled: field text back to back, with offsets */
    char *text;
    size_t text_len, text_cap;
    size_t *offsets;
    size_t n_fields, fields_cap;
    char **ptrs;
    size_t ptrs_cap;
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->stop)
        return;
    if (s && r->has_nul && memchr(s, '\0', len)) {
        ls_error_add(r->errs, r->display, r->row_line ? r->row_line : r->cur_line,
                     (unsigned)r->n_fields + 1,
                     "the field contains a NUL byte (is this a text CSV file?)");
        r->stop = 1;
        return;
    }
    if (ls_grow((void **)&r->offsets, &r->fields_cap, r->n_fields, sizeof(size_t)) != 0 ||
        ls_grow((void **)&r->text, &r->text_cap, r->text_len + len + 1, 1) != 0) {
        r->nomem = r->stop = 1;
        return;
    }
    r->offsets[r->n_fields++] = r->text_len;
    if (len)
        memcpy(r->text + r->text_len, s, len);
    r->text_len += len;
    r->text[r->text_len++] = '\0';
}

/* Hands the row in r->ptrs[0..n) to the caller, unless all its cells are empty (a
 * spreadsheet's trailing ";;;" counts as a blank line). */
static void emit_row(reader *r, size_t n, unsigned line)
{
    int blank = 1;
    for (size_t i = 0; i < n && blank; i++)
        if (r->ptrs[i][0])
            blank = 0;
    if (blank)
        return;
    ls_csv_row row = {r->ptrs, n, line, r->delimiter, !r->rows_seen, r->lines};
    r->rows_seen = 1;
    if (r->fn(r->ctx, &row) != 0)
        r->stop = 1;
}

static void on_row(int c, void *data)
{
    reader *r = data;
    (void)c;
    size_t n = r->n_fields;
    unsigned line = r->row_line ? r->row_line : r->cur_line;
    r->n_fields = 0;
    r->text_len = 0;
    r->row_line = 0;
    if (r->stop)
        return;
    if (ls_grow((void **)&r->ptrs, &r->ptrs_cap, n, sizeof(char *)) != 0) {
        r->nomem = r->stop = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        r->ptrs[i] = r->text + r->offsets[i];
    emit_row(r, n, line);
}

static int fast_split = 1;

void ls_csv_set_fast_split(int on)
{
    fast_split = on;
}

/* A line without a quote or a carriage return inside it (a trailing "\r\n" is fine), cut at
 * its delimiters where it lies: its fields are what libcsv would give (no quoting to undo,
 * spaces and tabs around a field trimmed as libcsv trims them), without libcsv's byte-by-byte
 * state machine and copy. s[n] may be written: the line is followed by its '\n' or by the
 * buffer's spare byte. Returns 0 when done, 1 when the line must go to libcsv. */
static int split_line(reader *r, char *s, size_t n, unsigned line)
{
    size_t e = n;
    if (e && s[e - 1] == '\n')
        e--;
    if (e && s[e - 1] == '\r')
        e--;
    if (memchr(s, '\r', e))
        return 1; /* a lone '\r' ends a row in libcsv: let it decide */
    char *p = s, *end = s + e;
    size_t k = 0;
    for (;;) {
        char *d = memchr(p, r->delimiter, (size_t)(end - p));
        char *fe = d ? d : end;
        while (p < fe && (*p == ' ' || *p == '\t'))
            p++;
        while (fe > p && (fe[-1] == ' ' || fe[-1] == '\t'))
            fe--;
        if (r->has_nul && memchr(p, '\0', (size_t)(fe - p))) {
            ls_error_add(r->errs, r->display, line, (unsigned)k + 1,
                         "the field contains a NUL byte (is this a text CSV file?)");
            r->stop = 1;
            return 0;
        }
        if (ls_grow((void **)&r->ptrs, &r->ptrs_cap, k, sizeof(char *)) != 0) {
            r->nomem = r->stop = 1;
            return 0;
        }
        r->ptrs[k++] = p;
        *fe = '\0';
        if (!d)
            break;
        p = d + 1;
    }
    emit_row(r, k, line);
    return 0;
}

static int is_blank_or_comment(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i == len || s[i] == '#';
}

/* The header decides the delimiter: ';' when it has more semicolons than commas outside
 * quotes (a Dutch spreadsheet's CSV export), else ','. */
static char detect_delimiter(const char *s, size_t len)
{
    size_t commas = 0, semis = 0;
    int quoted = 0;
    for (size_t i = 0; i < len && s[i] != '\n'; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

static int read_all(const char *path, char **out, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    /* a regular file is read in one piece of its size (and one byte more, to see the end);
     * anything else grows as it comes */
    struct stat st;
    size_t cap = 1 << 16, len = 0;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size < SIZE_MAX / 2)
        cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap) {
            if (ferror(f)) {
                free(buf);
                buf = NULL;
                errno = EIO;
            }
            break;
        }
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            errno = ENOMEM;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (!buf)
        return -1;
    *out = buf;
    *out_len = len;
    return 0;
}

/* The first '"' after q, up to end; NULL if none. */
static const char *next_quote(const char *q, const char *end)
{
    return memchr(q + 1, '"', (size_t)(end - q - 1));
}

int ls_csv_read(const char *path, const char *display, ls_csv_row_fn fn, void *ctx, int *found,
                ls_errors *errs)
{
    char *buf;
    size_t len;
    if (found)
        *found = 1;
    if (read_all(path, &buf, &len) != 0) {
        if (errno == ENOMEM)
            return LS_EINTERNAL;
        if (errno == ENOENT && found) {
            *found = 0;
            return LS_OK;
        }
        ls_error_add(errs, display, 1, 1, "cannot read the file: %s", strerror(errno));
        return LS_EINPUT;
    }

    reader r = {0};
    r.display = display;
    r.errs = errs;
    r.fn = fn;
    r.ctx = ctx;

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(buf);
        return LS_EINTERNAL;
    }
    /* libcsv grows a field 128 bytes at a time by default: quadratic on a long field */
    csv_set_blk_size(&p, 64 * 1024);

    for (const char *s = buf, *end = buf + len; s < end; r.lines++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        s = nl ? nl + 1 : end;
    }
    r.has_nul = memchr(buf, '\0', len) != NULL;
    /* the next '"' in the file: the lines before it have none, so quote_open stands */
    const char *quote = memchr(buf, '"', len);
    size_t pos = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* UTF-8 byte-order mark, as Excel writes it */
    int quote_open = 0, delimiter_known = 0;
    size_t errors_before = errs->n_errors;
    for (unsigned line = 1; pos < len && !r.stop; line++) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) + 1 : len - pos;
        pos += n;
        r.cur_line = line;
        if (n > LS_MAX_LINE) {
            /* no line of a model comes near this: the file is not what it should be, and a
             * runaway field would only cost memory and time */
            ls_error_add(errs, display, line, 1,
                         "this line is %zu bytes long, more than a model's line may be (1 MiB): "
                         "is this the right file?",
                         n);
            r.stop = 1;
            break;
        }
        if (!quote_open && is_blank_or_comment(s, n))
            continue;
        if (!delimiter_known) {
            r.delimiter = detect_delimiter(s, n);
            csv_set_delim(&p, (unsigned char)r.delimiter);
            delimiter_known = 1;
        }
        while (quote && quote < s)
            quote = next_quote(quote, buf + len); /* quotes on skipped comment lines */
        /* no quote open and none in this line: libcsv holds no row, the line is one */
        if (fast_split && !quote_open && (!quote || quote >= s + n) &&
            split_line(&r, buf + pos - n, n, line) == 0)
            continue;
        if (!r.row_line)
            r.row_line = line;
        size_t done = csv_parse(&p, s, n, on_field, on_row, &r);
        if (done != n && !r.stop) {
            if (csv_error(&p) == CSV_ENOMEM || csv_error(&p) == CSV_ETOOBIG) {
                r.nomem = 1;
            } else {
                ls_error_add(errs, display, line, (unsigned)r.n_fields + 1,
                             "malformed quotes (a '\"' inside an unquoted field, or text "
                             "after a closing quote)");
            }
            r.stop = 1;
        }
        /* (a quote on a comment line skipped above does not count) */
        for (; quote && quote < s + n; quote = next_quote(quote, buf + len))
            if (quote >= s)
                quote_open = !quote_open;
    }
    if (!r.stop && csv_fini(&p, on_field, on_row, &r) != 0 && !r.stop)
        ls_error_add(errs, display, r.row_line ? r.row_line : r.cur_line,
                     (unsigned)r.n_fields + 1, "a quoted field is not closed before the end of "
                                               "the file");
    csv_free(&p);
    free(buf);
    free(r.text);
    free(r.offsets);
    free(r.ptrs);
    if (r.nomem)
        return LS_EINTERNAL;
    if (!r.rows_seen && errs->n_errors == errors_before) {
        ls_error_add(errs, display, 1, 1, "the file is empty: a header row is required");
        return LS_EINPUT;
    }
    return errs->n_errors > errors_before ? LS_EINPUT : LS_OK;
}
