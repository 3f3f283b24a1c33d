/*
 * csvstyle.c — a CSV file in the Dutch spelling (csvstyle.h).
 */
#include "csvstyle.h"

#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "i18n.h"
#include "util.h"

/* A plain decimal as the writers write numbers: an optional '-', digits, optionally a point
 * and digits. */
static int is_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && s[i] == '-')
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < n && s[i] == '.') {
        i++;
        size_t frac = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            frac++;
        if (!frac)
            return 0;
    }
    return digits > 0 && i == n;
}

/* One field's text (unquoted, n bytes) in the Dutch spelling. */
static void put_field(const char *s, size_t n, FILE *out)
{
    if (is_number(s, n)) {
        for (size_t i = 0; i < n; i++)
            fputc(s[i] == '.' ? ',' : s[i], out);
        return;
    }
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ';' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, n, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', out);
        fputc(s[i], out);
    }
    fputc('"', out);
}

void ls_csv_restyle(const char *text, size_t len, ls_csv_style style, FILE *out)
{
    if (style == LS_CSV_PLAIN) {
        fwrite(text, 1, len, out);
        return;
    }
    char *field = malloc(len + 1);
    size_t i = 0;
    while (field && i < len) {
        if (text[i] == '#') { /* the scenario's "# key: value" lines, a number spelled again */
            size_t end = i;
            while (end < len && text[end] != '\n')
                end++;
            const char *colon = memchr(text + i, ':', end - i);
            size_t head = colon && colon + 1 < text + end ? (size_t)(colon + 2 - (text + i)) : 0;
            if (head && is_number(text + i + head, end - i - head)) {
                fwrite(text + i, 1, head, out);
                put_field(text + i + head, end - i - head, out);
            } else
                fwrite(text + i, 1, end - i, out);
            if (end < len)
                fputc('\n', out);
            i = end + 1;
            continue;
        }
        /* the fields of one record, as RFC 4180 quotes them */
        for (int first = 1;; first = 0) {
            size_t n = 0;
            if (!first)
                fputc(';', out);
            if (i < len && text[i] == '"') {
                for (i++; i < len; i++) {
                    if (text[i] == '"' && i + 1 < len && text[i + 1] == '"')
                        field[n++] = text[i++];
                    else if (text[i] == '"') {
                        i++;
                        break;
                    } else
                        field[n++] = text[i];
                }
            }
            while (i < len && text[i] != ',' && text[i] != '\n')
                field[n++] = text[i++];
            put_field(field, n, out);
            if (i >= len || text[i] == '\n')
                break;
            i++; /* the ',' */
        }
        if (i < len) {
            fputc('\n', out);
            i++;
        }
    }
    free(field);
}

typedef struct styled {
    char **text;
    size_t *len;
    ls_csv_style style;
} styled;

static void write_styled(FILE *f, int i, void *ctx)
{
    const styled *s = ctx;
    ls_csv_restyle(s->text[i], s->len[i], s->style, f);
}

/* Each of n files rendered through fn into memory: 0, or -1 out of memory. */
static int render(int n, void (*fn)(FILE *f, int i, void *ctx), void *ctx, styled *s)
{
    s->text = calloc((size_t)n, sizeof *s->text);
    s->len = calloc((size_t)n, sizeof *s->len);
    if (!s->text || !s->len)
        return -1;
    for (int i = 0; i < n; i++) {
        FILE *m = open_memstream(&s->text[i], &s->len[i]);
        if (!m)
            return -1;
        fn(m, i, ctx);
        int bad = ferror(m);
        if (fclose(m) != 0 || bad)
            return -1;
    }
    return 0;
}

static void styled_free(styled *s, int n)
{
    for (int i = 0; s->text && i < n; i++)
        free(s->text[i]);
    free(s->text);
    free(s->len);
}

int ls_csv_write_set(const char *dir, const char *const *names, int n, const char *const *drop,
                     void (*fn)(FILE *f, int i, void *ctx), void *ctx, ls_csv_style style,
                     int (*before)(void *before_ctx), void *before_ctx, ls_errors *errs)
{
    if (style == LS_CSV_PLAIN)
        return ls_write_set(dir, names, n, drop, fn, ctx, before, before_ctx, errs);
    styled s = {NULL, NULL, style};
    int rc = LS_EINTERNAL;
    if (render(n, fn, ctx, &s) == 0)
        rc = ls_write_set(dir, names, n, drop, write_styled, &s, before, before_ctx, errs);
    else
        ls_error_add(errs, dir, 0, 0, "%s", _("out of memory"));
    styled_free(&s, n);
    return rc;
}

int ls_csv_write_file(const char *path, void (*fn)(FILE *f, int i, void *ctx), void *ctx,
                      ls_csv_style style, ls_errors *errs)
{
    if (style == LS_CSV_PLAIN)
        return ls_write_file(path, fn, ctx, errs);
    styled s = {NULL, NULL, style};
    int rc = LS_EINTERNAL;
    if (render(1, fn, ctx, &s) == 0)
        rc = ls_write_file(path, write_styled, &s, errs);
    else
        ls_error_add(errs, path, 0, 0, "%s", _("out of memory"));
    styled_free(&s, 1);
    return rc;
}
