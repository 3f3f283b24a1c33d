#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "lines.h"
#include "load.h"
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
    size_t prepared; /* rows the parallel route prepared */
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->stop)
        return;
    if (s && r->has_nul && memchr(s, '\0', len)) {
        ls_error_add(r->errs, r->display, r->row_line ? r->row_line : r->cur_line,
                     (unsigned)r->n_fields + 1,
                     _("the field contains a NUL byte (is this a text CSV file?)"));
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

/* Are all n fields empty? A spreadsheet's trailing ";;;" counts as a blank line. */
static int all_empty(char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i][0])
            return 0;
    return 1;
}

/* A line of n bytes at line is longer than a model's line may be: the reading stops there. */
static void line_too_long(ls_errors *errs, const char *display, unsigned line, size_t n)
{
    /* no line of a model comes near this: the file is not what it should be, and a runaway
     * field would only cost memory and time */
    ls_error_add(errs, display, line, 1,
                 _("this line is %zu bytes long, more than a model's line may be (1 MiB): is "
                   "this the right file?"),
                 n);
}

/* Hands the row in r->ptrs[0..n) to the caller, unless all its cells are empty. */
static void emit_row(reader *r, size_t n, unsigned line)
{
    if (all_empty(r->ptrs, n))
        return;
    ls_csv_row row = {r->ptrs, n, line, r->delimiter, !r->rows_seen, r->lines, 0};
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

void ls_csv_options_init(ls_csv_options *o)
{
    memset(o, 0, sizeof(*o));
    o->fast_split = 1;
    o->parallel_min_bytes = (size_t)1 << 20;
}

/* The serial reader's short cut: 0 when the line was cut and its row handed on, 1 when it
 * must go to libcsv (a lone '\r', or a NUL byte, which libcsv's path reports). */
static int split_line(reader *r, char *s, size_t n, unsigned line)
{
    if (r->has_nul && memchr(s, '\0', n))
        return 1;
    size_t k;
    int rc = ls_lines_cut(s, n, r->delimiter, &r->ptrs, &r->ptrs_cap, &k);
    if (rc == 1)
        return 1;
    if (rc < 0) {
        r->nomem = r->stop = 1;
        return 0;
    }
    emit_row(r, k, line);
    return 0;
}

/* ---- the parallel route ----------------------------------------------------------------- */

enum { LINE_SKIP, LINE_PREPARED, LINE_SLOW, LINE_TOO_LONG };

/* One worker's share of the file: lines [line, …) from byte from to byte to. */
typedef struct worker {
    const ls_csv_parallel *par;
    void *ctx;
    int index;
    char delimiter;
    size_t lines;
    char *from, *to;
    unsigned line, end;    /* its first line; the line after its last (set by work) */
    size_t too_long;       /* the length of line end - 1 when work stopped at it */
    unsigned char *status; /* shared: status[line - 1], each worker its own lines */
    char **ptrs;
    size_t ptrs_cap;
    /* the rows that go to fn: their field pointers (into the buffer) back to back */
    char **slow_fields;
    size_t n_slow_fields, slow_fields_cap;
    struct slow_row {
        unsigned line;
        size_t n_fields, first;
    } *slow;
    size_t n_slow, slow_cap;
    size_t prepared; /* the rows prepare took, when the share was read to its end */
    int nomem;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    unsigned line = w->line;
    size_t prepared = 0;
    for (char *s = w->from; s < w->to; line++) {
        size_t n, k;
        if (ls_lines_cut_plain(s, w->to, w->delimiter, &w->ptrs, &w->ptrs_cap, &k, &n) != 0) {
            w->nomem = 1;
            return NULL;
        }
        char *next = s + n;
        unsigned char *st = &w->status[line - 1];
        *st = LINE_SKIP;
        if (n > LS_MAX_LINE) {
            /* the reading stops here (as ls_csv_read would): nothing after it is needed */
            *st = LINE_TOO_LONG;
            w->too_long = n;
            w->end = line + 1;
            return NULL;
        }
        if (k && !all_empty(w->ptrs, k)) {
            ls_csv_row row = {w->ptrs, k, line, w->delimiter, 0, w->lines, 0};
            *st = w->par->prepare(w->ctx, w->index, &row) == 0 ? LINE_PREPARED : LINE_SLOW;
            prepared += *st == LINE_PREPARED;
        }
        if (*st == LINE_SLOW) {
            if (ls_grow((void **)&w->slow, &w->slow_cap, w->n_slow, sizeof *w->slow) != 0 ||
                ls_grow((void **)&w->slow_fields, &w->slow_fields_cap, w->n_slow_fields + k,
                        sizeof(char *)) != 0) {
                w->nomem = 1;
                return NULL;
            }
            w->slow[w->n_slow++] = (struct slow_row){line, k, w->n_slow_fields};
            memcpy(w->slow_fields + w->n_slow_fields, w->ptrs, k * sizeof(char *));
            w->n_slow_fields += k;
        }
        s = next;
    }
    w->end = line;
    w->prepared = prepared;
    return NULL;
}

/* Worker k's share of buf[pos, len), from line `line` at pos: it begins after the first
 * '\n' of load part k (the part's first whole line), or at pos when that comes before; a
 * part without a '\n' gives an empty share. */
static void share_out(worker *ws, int t, const reader *r, const ls_csv_parallel *par,
                      unsigned char *status, char *buf, size_t pos, size_t len, unsigned line,
                      const ls_load_part *parts)
{
    size_t newlines_before = 0; /* in parts 0 … k-1 */
    for (int k = 0; k < t; k++) {
        worker *w = &ws[k];
        w->par = par;
        w->ctx = r->ctx;
        w->index = k;
        w->delimiter = r->delimiter;
        w->lines = r->lines;
        w->status = status;
        /* the line after the part's first '\n' is line newlines_before + 2 (a part without
         * one starts at the end here and is emptied below) */
        size_t start = parts[k].first_nl == SIZE_MAX ? len : parts[k].first_nl + 1;
        if (k == 0 || start <= pos) {
            w->from = buf + pos;
            w->line = line;
        } else {
            w->from = buf + start;
            w->line = (unsigned)(newlines_before + 2);
        }
        newlines_before += parts[k].newlines;
    }
    /* a share ends where the next non-empty one begins */
    char *to = buf + len;
    for (int k = t - 1; k >= 0; k--) {
        worker *w = &ws[k];
        if (w->from > to)
            w->from = to; /* no '\n' in its part: nothing of its own */
        w->to = to;
        to = w->from;
    }
}

/* The workers' lines in file order, on this thread: prepared rows to commit, the others to
 * fn, a line too long as the error it is. */
static void deliver(reader *r, const ls_csv_parallel *par, worker *ws, int t,
                    const unsigned char *status)
{
    for (int k = 0; k < t && !r->stop; k++) {
        worker *w = &ws[k];
        size_t next_slow = 0;
        for (unsigned at = w->line; at < w->end && !r->stop; at++) {
            switch (status[at - 1]) {
            case LINE_PREPARED:
                if (par->commit(r->ctx, at) != 0)
                    r->stop = 1;
                break;
            case LINE_SLOW: {
                struct slow_row *sr = &w->slow[next_slow++];
                ls_csv_row row = {w->slow_fields + sr->first, sr->n_fields, at, r->delimiter, 0,
                                  r->lines, 0};
                if (r->fn(r->ctx, &row) != 0)
                    r->stop = 1;
                break;
            }
            case LINE_TOO_LONG:
                line_too_long(r->errs, r->display, at, w->too_long);
                r->stop = 1;
                break;
            }
        }
    }
}

/* Lines line… of buf[pos, len) on t workers (share_out), then in order on this thread
 * (deliver). */
static void read_parallel(reader *r, const ls_csv_parallel *par, int t, char *buf, size_t pos,
                          size_t len, unsigned line, const ls_load_part *parts)
{
    unsigned char *status = malloc(r->lines ? r->lines : 1);
    worker *ws = calloc((size_t)t, sizeof *ws);
    if (!status || !ws || par->begin(r->ctx, r->lines) != 0) {
        r->nomem = 1;
        goto out;
    }
    share_out(ws, t, r, par, status, buf, pos, len, line, parts);
    ls_run_jobs(work, ws, sizeof *ws, t);
    size_t lines = 0; /* (a worker stopped by a line too long counts none prepared) */
    for (int k = 0; k < t; k++) {
        if (ws[k].nomem)
            r->nomem = 1;
        r->prepared += ws[k].prepared;
        lines += ws[k].end - ws[k].line;
    }
    if (!r->nomem && par->commit_all && r->prepared == lines && par->commit_all(r->ctx, lines) == 0)
        goto out;
    if (!r->nomem)
        deliver(r, par, ws, t, status);
out:
    for (int k = 0; ws && k < t; k++) {
        free(ws[k].ptrs);
        free(ws[k].slow);
        free(ws[k].slow_fields);
    }
    free(ws);
    free(status);
}

/* The first '"' after q, up to end; NULL if none. */
static const char *next_quote(const char *q, const char *end)
{
    return memchr(q + 1, '"', (size_t)(end - q - 1));
}

int ls_csv_read(const char *path, const char *display, ls_csv_row_fn fn, void *ctx, int *found,
                ls_errors *errs, const ls_csv_options *opts)
{
    return ls_csv_read_parallel(path, display, fn, ctx, found, errs, NULL, opts);
}

/* The file's bytes and what the scan found in them. */
typedef struct scanned {
    char *buf;
    size_t len;
    int parallel; /* a plain file loaded in parts: the rows after the header take that route */
    int lone_cr;  /* a '\r' not before a '\n' somewhere: it ends a line too */
} scanned;

/* The lines (a last one without its '\n' counts) and NUL bytes into r, and whether the file
 * may take the parallel route: loaded in t parts and plain (no quote, no NUL, no '\r' but
 * before a '\n'). */
static void scan_file(reader *r, scanned *f, const ls_load_part *parts, int t, int in_parts)
{
    const char *buf = f->buf;
    size_t len = f->len;
    f->parallel = f->lone_cr = 0;
    if (in_parts) {
        int plain = 1;
        for (int k = 0; k < t; k++) {
            r->lines += parts[k].newlines;
            r->has_nul |= parts[k].nul;
            if (parts[k].lone_cr ||
                (parts[k].cr_last && (k + 1 == t || buf[parts[k].to] != '\n')))
                f->lone_cr = 1;
            if (parts[k].quote || parts[k].nul || f->lone_cr)
                plain = 0;
        }
        r->lines += buf[len - 1] != '\n';
        f->parallel = plain;
    } else {
        r->has_nul = memchr(buf, '\0', len) != NULL;
        f->lone_cr = ls_lines_lone_cr(buf, len);
    }
    /* a lone '\r' ends a line everywhere, on a comment line too (libcsv ends a row there,
     * and a spreadsheet that writes one means a line break) */
    if (f->lone_cr || !in_parts)
        r->lines = ls_lines_count(buf, len, f->lone_cr);
}

/* Where the first line starts: after a UTF-8 byte-order mark, as Excel writes one. Two marks
 * are an error, and the reading stops. */
static size_t skip_bom(reader *r, const scanned *f)
{
    const char *buf = f->buf;
    size_t len = f->len;
    if (len < 3 || memcmp(buf, "\xEF\xBB\xBF", 3) != 0)
        return 0;
    if (len >= 6 && memcmp(buf + 3, "\xEF\xBB\xBF", 3) == 0) {
        /* a tool that added a mark before Excel's: the first column's name would start with
         * it, and its column be "missing" */
        ls_error_add(r->errs, r->display, 1, 1,
                     _("the file begins with an extra byte-order mark (two where one is "
                       "allowed): save it again as CSV UTF-8"));
        r->stop = 1;
    }
    return 3;
}

/* The serial reading from byte *pos: line by line, blank and comment lines skipped, the
 * delimiter detected on the first other one, a line without a quote cut directly (with
 * fast_split), any other through libcsv (p). On the parallel route it stops after the
 * header. Returns the next line's number; *pos is where it begins. */
static unsigned read_lines(reader *r, struct csv_parser *p, const scanned *f, size_t *pos,
                           int fast_split)
{
    const char *buf = f->buf;
    size_t len = f->len;
    ls_line_ends ends = {buf, buf + len, NULL, NULL, f->lone_cr};
    /* the next '"' in the file: the lines before it have none, so quote_open stands */
    const char *quote = f->parallel ? NULL : memchr(buf, '"', len);
    int quote_open = 0, delimiter_known = 0;
    unsigned line = 1;
    for (; *pos < len && !r->stop && !(f->parallel && r->rows_seen); line++) {
        const char *s = buf + *pos;
        size_t n = ls_lines_length(&ends, s);
        *pos += n;
        r->cur_line = line;
        if (n > LS_MAX_LINE) {
            line_too_long(r->errs, r->display, line, n);
            r->stop = 1;
            break;
        }
        if (!quote_open && ls_lines_blank(s, n))
            continue;
        if (!delimiter_known) {
            r->delimiter = ls_lines_delimiter(s, n);
            if (r->delimiter == '\t') {
                ls_error_add(r->errs, r->display, line, 1,
                             _("the fields are separated by tabs: lumpsum reads ',' (or ';' with a "
                               "decimal comma); save the sheet as CSV"));
                r->stop = 1;
                break;
            }
            csv_set_delim(p, (unsigned char)r->delimiter);
            delimiter_known = 1;
        }
        while (quote && quote < s)
            quote = next_quote(quote, buf + len); /* quotes on skipped comment lines */
        /* no quote open and none in this line: libcsv holds no row, the line is one */
        if (fast_split && !quote_open && (!quote || quote >= s + n) &&
            split_line(r, f->buf + *pos - n, n, line) == 0)
            continue;
        if (!r->row_line)
            r->row_line = line;
        size_t done = csv_parse(p, s, n, on_field, on_row, r);
        if (done != n && !r->stop) {
            if (csv_error(p) == CSV_ENOMEM || csv_error(p) == CSV_ETOOBIG) {
                r->nomem = 1;
            } else {
                ls_error_add(r->errs, r->display, line, (unsigned)r->n_fields + 1,
                             _("malformed quotes (a '\"' inside an unquoted field, or text "
                               "after a closing quote)"));
            }
            r->stop = 1;
        }
        /* (a quote on a comment line skipped above does not count) */
        for (; quote && quote < s + n; quote = next_quote(quote, buf + len))
            if (quote >= s)
                quote_open = !quote_open;
    }
    return line;
}

/* The end of the file: a quoted field still open is an error; frees the reader's buffers.
 * The reading's status: LS_OK, LS_EINPUT (errors since errors_before, or no header) or
 * LS_EINTERNAL. */
static int finish(reader *r, struct csv_parser *p, size_t errors_before)
{
    ls_errors *errs = r->errs;
    if (!r->stop && csv_fini(p, on_field, on_row, r) != 0 && !r->stop)
        ls_error_add(errs, r->display, r->row_line ? r->row_line : r->cur_line,
                     (unsigned)r->n_fields + 1,
                     _("a quoted field is not closed before the end of "
                       "the file"));
    csv_free(p);
    free(r->text);
    free(r->offsets);
    free(r->ptrs);
    if (r->nomem)
        return LS_EINTERNAL;
    if (!r->rows_seen && errs->n_errors == errors_before) {
        ls_error_add(errs, r->display, 1, 1, _("the file is empty: a header row is required"));
        return LS_EINPUT;
    }
    return errs->n_errors > errors_before ? LS_EINPUT : LS_OK;
}

int ls_csv_read_parallel(const char *path, const char *display, ls_csv_row_fn fn, void *ctx,
                         int *found, ls_errors *errs, const ls_csv_parallel *par,
                         const ls_csv_options *opts)
{
    ls_csv_options defaults;
    if (!opts) {
        ls_csv_options_init(&defaults);
        opts = &defaults;
    }
    if (par && par->prepared)
        *par->prepared = 0;
    if (found)
        *found = 1;
    /* a large regular file is read and scanned in parts on the parallel route's threads */
    int t = par && opts->fast_split ? par->threads : 1;
    t = t > LS_CSV_MAX_THREADS ? LS_CSV_MAX_THREADS : t;
    ls_load_part parts[LS_CSV_MAX_THREADS];
    int in_parts = 0, found_it = 1;
    scanned f = {0};
    int rc;
    ls_loaded *ahead = par ? par->loaded : NULL;
    /* (a missing file is no error to the load ahead: only a caller that allows one uses it) */
    if (ahead && ahead->threads == t && found && ahead->path && strcmp(ahead->path, path) == 0) {
        ls_load_wait(ahead);
        /* its messages now, where the load's would have come, under this file's name */
        for (size_t i = 0; i < ahead->errs.n_errors; i++) {
            const ls_error *e = &ahead->errs.errors[i];
            ls_error_add(errs, display, e->line, e->column, "%s", e->message);
        }
        errs->out_of_memory |= ahead->errs.out_of_memory;
        rc = ahead->rc, found_it = ahead->found, in_parts = ahead->in_parts;
        if (rc == LS_OK && found_it) { /* (else its buffer is ls_load_free's) */
            f.buf = ahead->buf, f.len = ahead->len;
            ahead->buf = NULL;
        }
        memcpy(parts, ahead->parts, (size_t)t * sizeof *parts);
    } else {
        rc = ls_load_file(path, display, t, opts->parallel_min_bytes, &f.buf, &f.len, parts,
                          &in_parts, found ? &found_it : NULL, errs);
    }
    if (rc != LS_OK || !found_it) {
        if (found)
            *found = found_it;
        return rc;
    }
    reader r = {0};
    r.display = display;
    r.errs = errs;
    r.fn = fn;
    r.ctx = ctx;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(f.buf);
        return LS_EINTERNAL;
    }
    /* libcsv grows a field 128 bytes at a time by default: quadratic on a long field */
    csv_set_blk_size(&p, 64 * 1024);
    scan_file(&r, &f, parts, t, in_parts);
    size_t errors_before = errs->n_errors;
    size_t pos = skip_bom(&r, &f);
    unsigned line = read_lines(&r, &p, &f, &pos, opts->fast_split);
    /* the header is read: the rest on the parallel route */
    if (f.parallel && r.rows_seen && !r.stop && pos < f.len) {
        read_parallel(&r, par, t, f.buf, pos, f.len, line, parts);
        if (par->prepared)
            *par->prepared = r.prepared;
    }
    rc = finish(&r, &p, errors_before);
    free(f.buf);
    return rc;
}
