/*
 * xlsx_read.c — a workbook read back for the tests (xlsx_read.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xlsx_read.h"

char *xr_part(const char *xlsx, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", xlsx, name);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    pclose(p);
    return buf;
}

void xr_contains(const char *text, const char *what, const char *where)
{
    if (!strstr(text, what))
        fail_msg("%s does not contain '%s'", where, what);
}

/* XML text unescaped (&amp; &lt; &gt; &quot; &apos;) into buf. */
static void unescape(const char *from, size_t len, char *buf, size_t size)
{
    static const struct {
        const char *entity;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < size;) {
        int done = 0;
        for (size_t k = 0; k < 5 && !done; k++) {
            size_t el = strlen(ents[k].entity);
            if (i + el <= len && strncmp(from + i, ents[k].entity, el) == 0) {
                buf[o++] = ents[k].c;
                i += el;
                done = 1;
            }
        }
        if (!done)
            buf[o++] = from[i++];
    }
    buf[o] = '\0';
}

int xr_has_sheet(const char *xlsx, const char *name)
{
    char *wb = xr_part(xlsx, "xl/workbook.xml"), tag[256];
    snprintf(tag, sizeof tag, "<sheet name=\"%s\"", name);
    int has = strstr(wb, tag) != NULL;
    free(wb);
    return has;
}

char *xr_sheet(const char *xlsx, const char *name)
{
    char *wb = xr_part(xlsx, "xl/workbook.xml"), tag[256];
    snprintf(tag, sizeof tag, "<sheet name=\"%s\"", name);
    const char *s = strstr(wb, tag);
    if (!s)
        fail_msg("the workbook has no sheet '%s'", name);
    const char *id = strstr(s, "r:id=\"");
    assert_non_null(id);
    char rid[32];
    size_t n = strcspn(id + 6, "\"");
    snprintf(rid, sizeof rid, "%.*s", (int)n, id + 6);
    free(wb);
    char *rels = xr_part(xlsx, "xl/_rels/workbook.xml.rels");
    snprintf(tag, sizeof tag, "Id=\"%s\"", rid);
    const char *r = strstr(rels, tag);
    assert_non_null(r);
    /* the relationship's element: back to its '<', then its Target */
    while (r > rels && *r != '<')
        r--;
    const char *t = strstr(r, "Target=\"");
    assert_non_null(t);
    char path[256];
    n = strcspn(t + 8, "\"");
    snprintf(path, sizeof path, "xl/%.*s", (int)n, t + 8);
    free(rels);
    return xr_part(xlsx, path);
}

/* The cell element of ref, or NULL. */
static const char *cell(const char *sheet, const char *ref)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    return strstr(sheet, key);
}

/* The end of the cell element starting at c. */
static const char *cell_end(const char *c)
{
    const char *close = strchr(c, '>');
    if (close && close[-1] == '/')
        return close + 1;
    const char *end = strstr(c, "</c>");
    return end ? end : c + strlen(c);
}

int xr_has_value(const char *sheet, const char *ref)
{
    const char *c = cell(sheet, ref);
    if (!c)
        return 0;
    const char *v = strstr(c, "<v>");
    return v && v < cell_end(c);
}

double xr_value(const char *sheet, const char *ref)
{
    const char *c = cell(sheet, ref);
    if (!c)
        fail_msg("no cell %s", ref);
    const char *v = strstr(c, "<v>");
    if (!v || v > cell_end(c))
        fail_msg("cell %s has no value", ref);
    return strtod(v + 3, NULL);
}

const char *xr_formula(const char *sheet, const char *ref, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *c = cell(sheet, ref);
    if (!c)
        return buf;
    const char *f = strstr(c, "<f>");
    if (!f || f > cell_end(c))
        return buf;
    const char *e = strstr(f, "</f>");
    unescape(f + 3, (size_t)(e - f - 3), buf, size);
    return buf;
}

const char *xr_text(const char *xlsx, const char *sheet, const char *ref, char *buf,
                    size_t size)
{
    buf[0] = '\0';
    const char *c = cell(sheet, ref);
    if (!c)
        return buf;
    const char *end = cell_end(c), *t = strstr(c, "t=\"s\"");
    if (!t || t > end)
        return buf;
    long index = (long)xr_value(sheet, ref);
    char *strings = xr_part(xlsx, "xl/sharedStrings.xml");
    const char *si = strings;
    for (long i = 0; si && i <= index; i++)
        si = strstr(si + 1, "<si>");
    if (si) {
        const char *open = strstr(si, "<t");
        open = open ? strchr(open, '>') : NULL;
        const char *close = open ? strstr(open, "</t>") : NULL;
        if (open && close)
            unescape(open + 1, (size_t)(close - open - 1), buf, size);
    }
    free(strings);
    return buf;
}
