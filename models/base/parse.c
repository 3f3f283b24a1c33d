/*
 * parse.c — the cell parsers every reader shares: numbers (plain, and the Dutch spellings of
 * a ';' file or a workbook's text), yes/no, and the "did you mean" of a near miss.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* A number with separators the Dutch spelling does not read ("2,849,000" in a ';' file): the
 * spelling it does read, decimal comma and all */
#define DUTCH_SEPARATORS                                                                   \
    _("'%s' is not a number (with ';' as the delimiter and in a workbook's text, ',' is the " \
      "decimal mark and '.' groups thousands by three: 1.234.567,89)")

/* ---- numbers ----------------------------------------------------------------------------- */

/* What scan_plain finds in a cell. */
typedef struct plain_scan {
    size_t end;        /* where the number stopped: the cell's length when all of it is one */
    size_t digits;     /* in the mantissa */
    size_t seps;       /* decimal separators: one at most in a number */
    size_t frac;       /* digits after the separator */
    uint64_t mantissa; /* the digits as an integer, while there are at most 15 */
    int comma;         /* the separator was a ',' */
    int exponent;      /* an 'e' or 'E' follows the digits */
} plain_scan;

/* Reads the spelling of s (n bytes) into sc, and copies it into buf (room for n + 1 bytes)
 * with '.' for the decimal separator, for strtod. */
static void scan_plain(const char *s, size_t n, char *buf, plain_scan *sc)
{
    size_t i = 0, digits = 0, seps = 0, frac = 0;
    uint64_t mantissa = 0;
    int comma = 0;
    if (s[i] == '+' || s[i] == '-')
        buf[i] = s[i], i++;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++digits <= 15)
                mantissa = mantissa * 10 + (uint64_t)(c - '0');
            frac += seps;
            buf[i] = c;
        } else if (c == '.' || c == ',') {
            if (c == ',')
                comma = 1;
            if (++seps > 1)
                break;
            buf[i] = '.';
        } else
            break;
    }
    int exponent = i < n && (s[i] == 'e' || s[i] == 'E');
    if (exponent && digits > 0) {
        buf[i] = s[i];
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            buf[i] = s[i], i++;
        size_t exp_digits = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, exp_digits++)
            buf[i] = s[i];
        if (exp_digits == 0)
            i = n + 1; /* an exponent without digits: not a number */
    }
    *sc = (plain_scan){.end = i,
                       .digits = digits,
                       .seps = seps,
                       .frac = frac,
                       .mantissa = mantissa,
                       .comma = comma,
                       .exponent = exponent};
}

/* Do the integer digits s[0, n) with sep in them group thousands: 1–3 digits, the first not a
 * 0, then groups of exactly three? */
static int grouped_by(const char *s, size_t n, char sep)
{
    size_t group = 0, groups = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == sep) {
            if (groups == 0 ? group < 1 || group > 3 || s[0] == '0' : group != 3)
                return 0;
            groups++;
            group = 0;
        } else
            group++;
    }
    return groups > 1;
}

/* s without its thousands separators, as a plain decimal in out (size bytes): "2,849,000.50"
 * gives "2849000.50", "1.234.567" "1234567", "1.234,5" and "1.234.5" "1234.5". 1 when s is a
 * sign, digits grouped by three with one separator, and decimals after the other one (or
 * after the last of the same one); else 0. */
static int ungrouped(const char *s, char *out, size_t size)
{
    size_t i = 0, o = 0;
    if (s[0] == '+' || s[0] == '-')
        out[o++] = s[i++];
    const char *digits = s + i;
    char sep = 0;
    for (;; i++) {
        if (s[i] == ',' || s[i] == '.') {
            if (sep && s[i] != sep)
                break; /* the other one: the decimal mark */
            sep = s[i];
        } else if (s[i] < '0' || s[i] > '9')
            break;
    }
    size_t int_len = (size_t)(s + i - digits);
    if (!sep || strlen(s) + 2 > size)
        return 0;
    if (!grouped_by(digits, int_len, sep)) {
        /* "1.234.5": the last separator is the decimal mark when the rest groups by three */
        const char *last = memchr(digits, sep, int_len), *p;
        while (last && (p = memchr(last + 1, sep, int_len - (size_t)(last + 1 - digits))))
            last = p;
        if (s[i] || !last || !grouped_by(digits, (size_t)(last - digits), sep) ||
            !last[1])
            return 0;
        i = (size_t)(last - s); /* the decimals follow, as after the other separator */
        int_len = (size_t)(last - digits);
    }
    for (size_t k = 0; k < int_len; k++)
        if (digits[k] != sep)
            out[o++] = digits[k];
    if (s[i]) { /* the decimal mark and at least one digit after it */
        if ((s[i] != ',' && s[i] != '.') || s[i + 1] < '0' || s[i + 1] > '9')
            return 0;
        out[o++] = '.';
        for (i++; s[i] >= '0' && s[i] <= '9'; i++)
            out[o++] = s[i];
        if (s[i])
            return 0;
    }
    out[o] = '\0';
    return 1;
}

/* The value of buf, a number as scan_plain copied it, by strtod; s is the cell as written,
 * for the messages. 0 and *out written, or -1 with the reason in msg. */
static int plain_value(const char *s, const char *buf, double *out, char *msg, size_t msg_size)
{
    errno = 0;
    double v = strtod(buf, NULL);
    if (!isfinite(v) || errno == ERANGE) {
        if (errno == ERANGE && isfinite(v)) {
            v = 0.0; /* underflow to zero is harmless */
        } else {
            ls_fmt(msg, msg_size, _("'%s' is out of range (numbers must be finite)"), s);
            return -1;
        }
    }
    /* no figure in a care budget comes near 10^15 (euros, hours or clients); a larger one is
     * a slip, and would overflow the sums made of it */
    if (fabs(v) > 1e15) {
        ls_fmt(msg, msg_size, _("'%s' is out of range (lumpsum takes numbers up to 10^15)"), s);
        return -1;
    }
    *out = v;
    return 0;
}

int ls_number_ambiguous(const char *s)
{
    s += *s == '-' || *s == '+';
    size_t lead = 0;
    while (isdigit((unsigned char)s[lead]))
        lead++;
    if (lead < 1 || lead > 3 || s[0] == '0' || s[lead] != ',')
        return 0;
    const char *t = s + lead + 1;
    return isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
           isdigit((unsigned char)t[2]) && t[3] == '\0';
}

/* Numbers as a spreadsheet exports them: optional sign, digits, one decimal separator
 * ('.' always, ',' with LS_NUM_COMMA or LS_NUM_DUTCH), an optional exponent. No thousands
 * separators, no hex, no inf/nan: strtod alone would accept all three. With LS_NUM_DUTCH (a
 * ';' file, a workbook's text) the message on separators shows the Dutch spelling, which
 * groups thousands with '.' where a ',' file may not group them at all. */
static int parse_plain(const char *s, int flags, double *out, char *msg, size_t msg_size)
{
    int decimal_comma = (flags & (LS_NUM_COMMA | LS_NUM_DUTCH)) != 0;
    char buf[128];
    size_t n = strlen(s);
    if (n == 0) {
        ls_fmt(msg, msg_size, _("a number is required here"));
        return -1;
    }
    if (n >= sizeof buf) {
        ls_fmt(msg, msg_size, _("'%.20s…' is not a number (too long)"), s);
        return -1;
    }
    plain_scan sc;
    scan_plain(s, n, buf, &sc);
    if (sc.end != n || sc.digits == 0) {
        double v;
        char part[128], m[8];
        snprintf(part, sizeof part, "%.*s", (int)n - 1, s);
        if (n > 1 && s[n - 1] == '%' && parse_plain(part, flags, &v, m, sizeof m) == 0) {
            /* "2%" on the command line or in a ',' file: the fraction it means */
            char fraction[64];
            ls_fmt_value(fraction, sizeof fraction, v / 100);
            ls_fmt(msg, msg_size,
                   _("'%s': write the fraction %s here (a percentage is read in a file with ';' "
                     "as the delimiter, or in a workbook)"),
                   s, fraction);
        } else if (sc.seps > 1 && (flags & LS_NUM_DUTCH))
            ls_fmt(msg, msg_size, DUTCH_SEPARATORS, s);
        else if (sc.seps > 1 && ungrouped(s, buf, sizeof buf))
            ls_fmt(msg, msg_size,
                   _("'%s' is not a number (thousands separators are not allowed: write %s)"), s,
                   buf);
        else
            ls_fmt(msg, msg_size, _("'%s' is not a number"), s);
        return -1;
    }
    if (sc.comma && !(flags & LS_NUM_DUTCH) && ls_number_ambiguous(s)) {
        /* on the command line 900,000 is nine hundred to a Dutch reader and nine hundred
         * thousand to an English one: neither is guessed; nor in a ',' file, where a quoted
         * "430,000" is how an English spreadsheet exports a number shown with separators
         * (told "a decimal comma", the controller would write a cap of 430.000) */
        char whole[128], point[128];
        size_t k = 0;
        for (const char *p = s; *p && k + 1 < sizeof whole; p++)
            if (*p != ',')
                whole[k++] = *p;
        whole[k] = '\0';
        /* and the decimal, its zeros at the end left off: 900,000 is 900, 1,500 is 1.5 */
        snprintf(point, sizeof point, "%s", s);
        *strchr(point, ',') = '.';
        for (size_t e = strlen(point); point[e - 1] == '0' || point[e - 1] == '.'; e--) {
            int dot = point[e - 1] == '.';
            point[e - 1] = '\0';
            if (dot)
                break;
        }
        ls_fmt(msg, msg_size,
               _("'%s' may be a decimal comma or a thousands separator: write %s or %s"), s,
               whole, point);
        return -1;
    }
    if (sc.comma && !decimal_comma) {
        ls_fmt(msg, msg_size,
               _("'%s': a decimal comma needs ';' as the delimiter (or write a decimal point)"), s);
        return -1;
    }
    if (!sc.exponent && sc.digits <= 15) {
        /* Clinger's fast path: the digits and 10^frac (frac ≤ 15) are exact doubles, so one
         * division gives the correctly rounded value, the same double strtod returns */
        static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        double v = (double)sc.mantissa / pow10[sc.frac];
        *out = s[0] == '-' ? -v : v;
        return 0;
    }
    buf[n] = '\0';
    return plain_value(s, buf, out, msg, msg_size);
}

/* A space as a spreadsheet writes one around a euro sign or a percent sign: ' ', a no-break
 * space (U+00A0) or a narrow one (U+202F). Its length in bytes, 0 if none. */
static size_t space_at(const char *p)
{
    if (*p == ' ' || *p == '\t')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
        return 3;
    return 0;
}

static const char *skip_spaces(const char *p)
{
    for (size_t k; (k = space_at(p)) != 0;)
        p += k;
    return p;
}

#define EURO "\xE2\x82\xAC"

/* The parts of a number in its Dutch spelling, as dutch_scan finds them in a cell. */
typedef struct dutch_parts {
    char sign;             /* '+', '-' or 0 */
    int euro;              /* a euro sign */
    const char *int_start; /* the integer digits, with any dots between them */
    size_t int_len, dots;
    const char *frac; /* the digits after the ',' (NULL without one) */
    size_t frac_len;
    int whole_euros; /* ",-" */
    const char *exp; /* the exponent from its 'e' (NULL without one) */
    size_t exp_len;
    int percent;      /* a '%' after the number */
    const char *rest; /* what follows all that: "" in a number */
} dutch_parts;

/* Finds the parts of s in dp, in their order: a sign, a euro sign (a sign may follow it),
 * the integer digits and dots, a ',' with the decimals or "-", an exponent, a '%'. */
static void dutch_scan(const char *s, dutch_parts *dp)
{
    const char *p = s;
    char sign = 0;
    if (*p == '+' || *p == '-')
        sign = *p++;
    int euro = strncmp(p, EURO, 3) == 0;
    if (euro) {
        p = skip_spaces(p + 3);
        if (!sign && (*p == '+' || *p == '-'))
            sign = *p++;
    }
    const char *int_start = p;
    size_t dots = 0;
    while ((*p >= '0' && *p <= '9') || *p == '.')
        dots += *p++ == '.';
    size_t int_len = (size_t)(p - int_start);
    const char *frac = NULL, *exp = NULL;
    size_t frac_len = 0, exp_len = 0;
    int whole_euros = 0;
    if (*p == ',') {
        frac = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        frac_len = (size_t)(p - frac);
        if (frac_len == 0 && *p == '-') {
            whole_euros = 1; /* "€ 1.234,-" */
            while (*p == '-')
                p++;
        }
    }
    if ((*p == 'e' || *p == 'E') && !whole_euros) {
        exp = p++;
        if (*p == '+' || *p == '-')
            p++;
        while (*p >= '0' && *p <= '9')
            p++;
        exp_len = (size_t)(p - exp);
    }
    const char *after = skip_spaces(p);
    int percent = *after == '%';
    if (percent)
        p = skip_spaces(after + 1);
    *dp = (dutch_parts){.sign = sign,
                        .euro = euro,
                        .int_start = int_start,
                        .int_len = int_len,
                        .dots = dots,
                        .frac = frac,
                        .frac_len = frac_len,
                        .whole_euros = whole_euros,
                        .exp = exp,
                        .exp_len = exp_len,
                        .percent = percent,
                        .rest = p};
}

/* Do the parts dp of s make a number (a percentage only with LS_NUM_PERCENT)? 1, with
 * *point set when its one dot is a decimal point; 0 with the reason in msg. */
static int dutch_valid(const char *s, int flags, const dutch_parts *dp, int *point, char *msg,
                       size_t msg_size)
{
    size_t digits = dp->int_len - dp->dots + dp->frac_len;
    const char *exp = dp->exp;
    if (*dp->rest || digits == 0 || (dp->frac && dp->frac_len == 0 && !dp->whole_euros) ||
        (exp && (dp->exp_len < 2 || (dp->exp_len == 2 && (exp[1] == '+' || exp[1] == '-')))) ||
        (dp->percent && (exp || dp->euro))) {
        ls_fmt(msg, msg_size, _("'%s' is not a number"), s);
        return 0;
    }
    if (dp->percent && !(flags & LS_NUM_PERCENT)) {
        ls_fmt(msg, msg_size,
               _("'%s': a percentage is read only in a column of fractions (write the number "
                 "itself)"),
               s);
        return 0;
    }
    /* the dots: thousands where they group by three; else one dot is a decimal point (12.5,
     * 0.250), as a ';' file always allowed, when nothing else marks the decimals */
    *point = 0;
    if (dp->dots && (exp || !grouped_by(dp->int_start, dp->int_len, '.'))) {
        if (dp->dots > 1 || dp->frac) {
            ls_fmt(msg, msg_size, DUTCH_SEPARATORS, s);
            return 0;
        }
        *point = 1;
    }
    return 1;
}

/* Writes the number dp (valid; point as dutch_valid set it) in out (size bytes) as a plain
 * decimal: its digits with a decimal point, two places to the left for a percentage, and its
 * exponent. 1, or 0 when it is too long, with the reason (s as written) in msg. */
static int dutch_write(const char *s, const dutch_parts *dp, int point, char *out, size_t size,
                       char *msg, size_t msg_size)
{
    /* the digits and where the decimal point goes in them; the length checked before any is
     * copied (a cell of hundreds of digits is not a number a person wrote) */
    char d[160];
    size_t n = 0, at = 0;
    if (dp->int_len + dp->frac_len + 8 > sizeof d) {
        ls_fmt(msg, msg_size, _("'%.20s…' is not a number (too long)"), s);
        return 0;
    }
    for (const char *c = dp->int_start; c < dp->int_start + dp->int_len; c++)
        if (*c != '.')
            d[n++] = *c;
        else if (point)
            at = n;
    if (!point)
        at = n;
    if (dp->frac) {
        memcpy(d + n, dp->frac, dp->frac_len);
        n += dp->frac_len;
    }
    if (n + (dp->exp ? dp->exp_len : 0) + 8 > size) {
        ls_fmt(msg, msg_size, _("'%.20s…' is not a number (too long)"), s);
        return 0;
    }
    if (dp->percent) { /* two places to the left, zeros in front where needed */
        size_t pad = at < 2 ? 2 - at : 0;
        memmove(d + pad, d, n);
        memset(d, '0', pad);
        n += pad;
        at = at + pad - 2;
    }
    size_t o = 0;
    if (dp->sign == '-')
        out[o++] = '-';
    if (at == 0)
        out[o++] = '0';
    for (size_t i = 0; i < n; i++) {
        if (i == at)
            out[o++] = '.';
        out[o++] = d[i];
    }
    if (dp->exp) {
        memcpy(out + o, dp->exp, dp->exp_len);
        o += dp->exp_len;
    }
    out[o] = '\0';
    return 1;
}

/* The Dutch spelling of s (flags: LS_NUM_DUTCH, LS_NUM_PERCENT) as a plain decimal in out:
 * an optional sign and euro sign, '.' grouping thousands, ',' the decimal mark (",-" for
 * whole euros), an optional exponent, a trailing '%' where allowed. 1 and out written when
 * s is such a number; 0 when it is not (out untouched), with the reason in msg. */
static int dutch_plain(const char *s, int flags, char *out, size_t size, char *msg,
                       size_t msg_size)
{
    dutch_parts dp;
    dutch_scan(s, &dp);
    int point = 0;
    if (!dutch_valid(s, flags, &dp, &point, msg, msg_size))
        return 0;
    return dutch_write(s, &dp, point, out, size, msg, msg_size);
}

int ls_number_plain(const char *s, int flags, char *out, size_t size)
{
    char msg[8];
    if (flags & LS_NUM_DUTCH)
        return dutch_plain(s, flags, out, size, msg, sizeof msg);
    double v;
    if (!(flags & LS_NUM_COMMA) || strlen(s) + 1 > size ||
        parse_plain(s, LS_NUM_COMMA, &v, msg, sizeof msg) != 0)
        return 0;
    /* a decimal comma (--set key=0,03): the same digits with a point */
    for (size_t i = 0;; i++) {
        out[i] = s[i] == ',' ? '.' : s[i];
        if (!s[i])
            return 1;
    }
}

int ls_parse_number(const char *s, int flags, double *out, char *msg, size_t msg_size)
{
    if (!(flags & LS_NUM_DUTCH))
        return parse_plain(s, flags, out, msg, msg_size);
    /* the common cases of a ';' file as they were: digits, a sign, a decimal comma */
    if (!strpbrk(s, ".% \t\xC2\xE2") && !strstr(s, ",-"))
        return parse_plain(s, LS_NUM_DUTCH, out, msg, msg_size);
    if (strlen(s) >= 128)
        return parse_plain(s, LS_NUM_DUTCH, out, msg, msg_size); /* (its "too long") */
    char plain[160];
    if (!*s || !dutch_plain(s, flags, plain, sizeof plain, msg, msg_size))
        return *s ? -1 : parse_plain(s, LS_NUM_DUTCH, out, msg, msg_size);
    if (parse_plain(plain, 0, out, msg, msg_size) != 0) {
        /* (out of range: said of the cell as it was written) */
        ls_fmt(msg, msg_size, _("'%s' is out of range (lumpsum takes finite numbers up to 10^15)"),
               s);
        return -1;
    }
    return 0;
}

/* ---- yes/no ------------------------------------------------------------------------------ */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int strcasecmp_ascii(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = lower(*a), cb = lower(*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}

int ls_parse_bool(const char *s, int *out, char *msg, size_t msg_size)
{
    static const char *const yes[] = {"1", "yes", "ja", "true", "waar", "y", "j"};
    static const char *const no[] = {"0", "no", "nee", "false", "onwaar", "n"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp_ascii(s, yes[i]) == 0)
            return *out = 1, 0;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp_ascii(s, no[i]) == 0)
            return *out = 0, 0;
    /* a near miss of a word of two letters or more ("jaa", "flase") */
    static const char *const words[] = {"yes", "ja", "true", "waar", "no", "nee", "false",
                                        "onwaar"};
    char near[96];
    ls_fmt(msg, msg_size, _("'%s' is not one of 1/0, yes/no, ja/nee, true/false, waar/onwaar%s"), s,
           ls_did_you_mean(ls_near(s, words, sizeof words / sizeof *words), near, sizeof near));
    return -1;
}

/* ---- near misses ------------------------------------------------------------------------- */

int ls_one_edit_apart(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < lb) {
        const char *t = a;
        a = b, b = t;
        size_t tl = la;
        la = lb, lb = tl;
    }
    if (la - lb > 1)
        return 0;
    size_t i = 0;
    while (i < lb && lower(a[i]) == lower(b[i]))
        i++;
    if (la == lb + 1) /* a letter more in a: a[i] */
        return strcasecmp_ascii(a + i + 1, b + i) == 0;
    if (i == la || strcasecmp_ascii(a + i + 1, b + i + 1) == 0) /* the same, or one changed */
        return 1;
    return i + 1 < la && lower(a[i]) == lower(b[i + 1]) && lower(a[i + 1]) == lower(b[i]) &&
           strcasecmp_ascii(a + i + 2, b + i + 2) == 0;
}

/* The name of item i (an array of n items of size bytes, the name a const char * at offset). */
static const char *name_of(const void *items, size_t i, size_t size, size_t offset)
{
    const char *at = (const char *)items + i * size + offset;
    const char *name;
    memcpy(&name, at, sizeof name);
    return name ? name : "";
}

const char *ls_near_field(const char *word, const void *items, size_t n, size_t size,
                          size_t offset)
{
    for (size_t i = 0; i < n; i++) /* the same but for case first */
        if (strcasecmp_ascii(word, name_of(items, i, size, offset)) == 0)
            return name_of(items, i, size, offset);
    if (strlen(word) < 2)
        return NULL; /* one letter is one edit from every short word */
    /* one name alone: niveau7 is one edit from niveau1 to niveau6, and naming the first of
     * them would be a guess */
    const char *near = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *name = name_of(items, i, size, offset);
        if (strlen(name) > 1 && ls_one_edit_apart(word, name)) {
            if (near && strcmp(near, name) != 0)
                return NULL;
            near = name;
        }
    }
    return near;
}

const char *ls_near(const char *word, const char *const *names, size_t n)
{
    return ls_near_field(word, names, n, sizeof *names, 0);
}

const char *ls_did_you_mean(const char *near, char *buf, size_t size)
{
    if (!near)
        return "";
    ls_fmt(buf, size, _(" (did you mean '%s'?)"), near);
    return buf;
}
