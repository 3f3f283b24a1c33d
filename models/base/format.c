/*
 * format.c — numbers and text as a person reads them (format.h).
 */
#include "format.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

ls_num_style ls_text_style(void)
{
    /* TRANSLATORS: how this language writes one thousand two hundred and thirty-four and a
     * half; lumpsum writes every number a person reads the same way ("1.234,5" in Dutch) */
    const char *t = _("1,234.5");
    return strcmp(t, "1.234,5") == 0 ? LS_STYLE_NL : LS_STYLE_EN;
}

/* A plain decimal ("-1234567.5", as printf or ls_fmt_plain write it) in the style: the
 * integer part grouped by three when group is set, the decimal point the style's. */
static const char *spell(char *buf, size_t size, const char *plain, int group, ls_num_style s)
{
    char out[160];
    size_t o = 0;
    const char *p = plain;
    if (*p == '-')
        out[o++] = *p++;
    size_t int_len = strspn(p, "0123456789");
    for (size_t i = 0; i < int_len && o < sizeof out - 2; i++) {
        out[o++] = p[i];
        if (group && (int_len - i - 1) % 3 == 0 && i + 1 < int_len)
            out[o++] = s == LS_STYLE_NL ? '.' : ',';
    }
    p += int_len;
    if (*p == '.' && o < sizeof out - 1) {
        out[o++] = s == LS_STYLE_NL ? ',' : '.';
        p++;
    }
    for (; *p && o < sizeof out - 1; p++)
        out[o++] = *p;
    out[o] = '\0';
    ls_fmt(buf, size, "%s", out);
    return buf;
}

const char *ls_format_number(char *buf, size_t size, double v, int decimals, ls_num_style s)
{
    if (isnan(v)) {
        ls_fmt(buf, size, "%s", "");
        return buf;
    }
    if (isinf(v)) {
        ls_fmt(buf, size, "%s", v > 0 ? "∞" : "-∞");
        return buf;
    }
    char digits[400];
    snprintf(digits, sizeof digits, "%.*f", decimals, v);
    /* no "-0.00": a value that rounds to zero has no sign */
    int zero = digits[strspn(digits, "-0.")] == '\0';
    return spell(buf, size, zero && digits[0] == '-' ? digits + 1 : digits, 1, s);
}

const char *ls_format_money(char *buf, size_t size, double v, ls_num_style s)
{
    return ls_format_number(buf, size, v, 2, s);
}

double ls_shown_cents(double v)
{
    char digits[400];
    snprintf(digits, sizeof digits, "%.2f", v);
    return strtod(digits, NULL);
}

double ls_settle_half(double v, int decimals)
{
    double a = fabs(v), scale = pow(10, decimals), y = a * scale, whole = floor(y);
    /* the distance to the half without the product's rounding (fma rounds once), against
     * some 64 ulps of the figure, never more than a thousandth of its last decimal: a figure
     * typed with more digits (58.61631449999) is no half */
    if (!isfinite(y) || fabs(fma(a, scale, -(whole + 0.5))) > fmin(64 * DBL_EPSILON * y, 1e-3))
        return v;
    char digits[400]; /* the half rounded away from zero, as a decimal */
    snprintf(digits, sizeof digits, "%s%.0fe-%d", v < 0 ? "-" : "", whole + 1, decimals);
    return strtod(digits, NULL);
}

const char *ls_format_euro(char *buf, size_t size, double v, ls_num_style s)
{
    char m[128];
    ls_fmt(buf, size, "€ %s", ls_format_money(m, sizeof m, v, s));
    return buf;
}

const char *ls_format_percent(char *buf, size_t size, double fraction, int decimals, int sign,
                              ls_num_style s)
{
    char n[128];
    ls_format_number(n, sizeof n, 100 * fraction, decimals, s);
    ls_fmt(buf, size, "%s%s %%", sign && n[0] != '-' ? "+" : "", n);
    return buf;
}

const char *ls_format_value(char *buf, size_t size, double v, ls_num_style s)
{
    char plain[128];
    ls_fmt_value(plain, sizeof plain, v);
    return s == LS_STYLE_EN ? (ls_fmt(buf, size, "%s", plain), buf) : spell(buf, size, plain, 1, s);
}

const char *ls_format_plain(char *buf, size_t size, double v, ls_num_style s)
{
    char plain[400];
    ls_fmt_plain(plain, sizeof plain, v);
    return s == LS_STYLE_EN ? (ls_fmt(buf, size, "%s", plain), buf) : spell(buf, size, plain, 1, s);
}

const char *ls_format_sig(char *buf, size_t size, double v, int digits, ls_num_style s)
{
    if (!isfinite(v))
        return ls_format_number(buf, size, v, 0, s);
    digits = digits < 1 ? 1 : digits > 17 ? 17 : digits;
    char e[64];
    snprintf(e, sizeof e, "%.*e", digits - 1, v); /* "-1.23e+13" */
    int exp10 = atoi(strchr(e, 'e') + 1);
    if (exp10 < digits - 1) /* the digits reach the decimals: printf rounds them as written */
        return ls_format_number(buf, size, strtod(e, NULL), digits - 1 - exp10, s);
    /* a whole number: the significant digits, then zeros (printf would write the binary
     * value's digits: 2.66e31 is 26600000000000000922995988103168) */
    char plain[400];
    size_t o = 0;
    for (const char *p = e; *p && *p != 'e' && o < sizeof plain - 1; p++)
        if (*p != '.')
            plain[o++] = *p;
    for (int z = exp10 - (digits - 1); z > 0 && o < sizeof plain - 1; z--)
        plain[o++] = '0';
    plain[o] = '\0';
    return spell(buf, size, plain, 1, s);
}

/* The code point at s (its length in *len), or -1 for a byte that starts none. */
static long decode(const unsigned char *s, size_t *len)
{
    int n = s[0] < 0x80             ? 1
            : (s[0] & 0xE0) == 0xC0 ? 2
            : (s[0] & 0xF0) == 0xE0 ? 3
            : (s[0] & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (n == 0) {
        *len = 1;
        return -1;
    }
    long c = n == 1 ? s[0] : s[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return -1;
        }
        c = c << 6 | (s[i] & 0x3F);
    }
    *len = (size_t)n;
    return c;
}

/* Columns of one code point: combining marks none, East Asian wide and fullwidth two. */
static int columns(long c)
{
    if (c < 0)
        return 1;
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
        (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
        (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200D)
        return 0;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
        (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

size_t ls_text_width(const char *s)
{
    size_t w = 0, len;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += len)
        w += (size_t)columns(decode(p, &len));
    return w;
}

/* A cell of a table is one line: a control character (a line break that a cell of Excel took
 * with Alt+Enter, a tab) is a space there, one column as ls_text_width counts it. (UTF-8's
 * other code points have no byte below 0x80.) */
static const char *one_line(char *buf)
{
    for (unsigned char *p = (unsigned char *)buf; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            *p = ' ';
    return buf;
}

const char *ls_text_pad(char *buf, size_t size, const char *s, size_t width, int right, int cut)
{
    size_t w = ls_text_width(s), bytes = strlen(s);
    if (cut && w > width && width > 0) {
        /* the code points that fit in width - 1 columns, then '…' */
        size_t used = 0, len, end = 0;
        for (const unsigned char *p = (const unsigned char *)s; *p; p += len) {
            int c = columns(decode(p, &len));
            if (used + (size_t)c > width - 1)
                break;
            used += (size_t)c;
            end = (size_t)(p - (const unsigned char *)s) + len;
        }
        /* combining marks that follow the last code point stay with it */
        while (end < bytes) {
            long c = decode((const unsigned char *)s + end, &len);
            if (columns(c) != 0)
                break;
            end += len;
        }
        ls_fmt(buf, size, "%.*s…%*s", (int)end, s, (int)(width - 1 - used), "");
        return one_line(buf);
    }
    int fill = w < width ? (int)(width - w) : 0;
    if (right)
        ls_fmt(buf, size, "%*s%s", fill, "", s);
    else
        ls_fmt(buf, size, "%s%*s", s, fill, "");
    return one_line(buf);
}
