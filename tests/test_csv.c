/*
 * test_csv.c — the CSV layer's two short cuts give what the long way gives:
 *   - a line without a quote is cut at its delimiters in place instead of going through
 *     libcsv: the rows, their lines and the errors must be the same either way;
 *   - a plain decimal of at most 15 digits is converted with one division instead of
 *     strtod: the double must be the same to the bit.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvfile.h"
#include "lumpsum.h"
#include "util.h"

/* A growing string. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void putf(text *t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(t, buf, (size_t)n);
}

/* Every row as "line delimiter header n_fields: [field] [field] ..." */
static int record(void *ctx, const ls_csv_row *row)
{
    text *t = ctx;
    putf(t, "%u %c %d %zu:", row->line, row->delimiter, row->header, row->n_fields);
    for (size_t i = 0; i < row->n_fields; i++) {
        put(t, " [", 2);
        put(t, row->fields[i], strlen(row->fields[i]));
        put(t, "]", 1);
    }
    put(t, "\n", 1);
    return 0;
}

static char path[64];

/* Reads bytes as a file with the fast split on or off; the rows, the return code and the
 * errors as one text. */
static char *read_as(const char *bytes, size_t n, int fast, size_t *rows)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
    text t = {0};
    put(&t, "", 0);
    ls_errors errs = {0};
    ls_csv_set_fast_split(fast);
    int rc = ls_csv_read(path, "f.csv", record, &t, NULL, &errs);
    ls_csv_set_fast_split(1);
    *rows = 0;
    for (size_t i = 0; i < t.len; i++)
        *rows += t.s[i] == '\n';
    putf(&t, "rc %d\n", rc);
    for (size_t i = 0; i < errs.n_errors; i++)
        putf(&t, "%u:%u: %s\n", errs.errors[i].line, errs.errors[i].column,
             errs.errors[i].message);
    ls_errors_clear(&errs);
    return t.s;
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/lumpsum-csv-%d.csv", (int)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void expect_same(const char *bytes, size_t n, size_t *rows)
{
    size_t rows_libcsv, rows_fast;
    char *slow = read_as(bytes, n, 0, &rows_libcsv);
    char *fast = read_as(bytes, n, 1, &rows_fast);
    if (strcmp(slow, fast) != 0)
        fail_msg("the fast split differs from libcsv on %zu bytes:\n--- libcsv\n%s--- fast\n%s",
                 n, slow, fast);
    if (rows)
        *rows += rows_fast;
    free(slow);
    free(fast);
}

/* Lines a model file may have, one by one: spaces and tabs around fields (trimmed), empty
 * fields, a trailing delimiter, CRLF, a BOM, ';' with decimal commas, comments, blank rows,
 * a last line without its newline, and lines with quotes next to lines without. */
static void test_split_by_hand(void **state)
{
    (void)state;
    size_t rows = 0;
    static const char *const cases[] = {
        "a,b,c\n1 , 2\t,\t 3 \n",
        "a,b\n,\n,x,\n  ,  \n",
        "a;b\r\n1,5; 2 \r\n\r\n# note \"quoted\"\r\nx;y",
        "\xEF\xBB\xBF" "a,b\nx,\"y, z\"\nu,v\n\"p\nq\",r\ns,t\n",
        "a,b\nx\ry,z\n",
        "a,b\n# a comment, with a \" quote\nc,d\n",
        "a,b\nc,d\"e\nf,g\n",
        "a,b\n\"c\nd,e\n",
        " \t\n# only a comment\n",
        "a,b\n\"x\",y\nz,w",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_same(cases[i], strlen(cases[i]), &rows);
    /* the first case by hand: header and "1","2","3" trimmed of spaces and tabs */
    size_t r;
    char *got = read_as(cases[0], strlen(cases[0]), 1, &r);
    assert_string_equal(got, "1 , 1 3: [a] [b] [c]\n2 , 0 3: [1] [2] [3]\nrc 0\n");
    free(got);
    /* a NUL byte: the same error either way */
    static const char nul[] = "a,b\nx,y\0z\n";
    expect_same(nul, sizeof nul - 1, &rows);
    got = read_as(nul, sizeof nul - 1, 1, &r);
    assert_non_null(strstr(got, "2:2: the field contains a NUL byte"));
    free(got);
    assert_true(rows >= 20);
}

/* Random files over the characters that matter to CSV (delimiters, quotes, spaces, tabs, line
 * ends, '#', NUL) and a few that do not: libcsv and the fast split agree on all of them. */
static void test_split_random_files(void **state)
{
    (void)state;
    static const char alphabet[] = "ab1.,,,;  \t\"\n\n\r#";
    uint64_t seed = 88172645463325252ULL;
    size_t rows = 0;
    char buf[160];
    for (int k = 0; k < 3000; k++) {
        size_t n = 0, len = 1 + (size_t)(k % 150);
        for (; n < len; n++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17; /* xorshift64 */
            unsigned pick = (unsigned)(seed >> 33);
            /* quotes are kept rare, so that most files hold quote-less lines */
            char c = alphabet[pick % (sizeof alphabet - 1)];
            if (c == '"' && pick % 7 != 0)
                c = 'x';
            if (pick % 997 == 0)
                c = '\0';
            buf[n] = c;
        }
        expect_same(buf, n, &rows);
    }
    assert_true(rows > 3000); /* rows were compared, not only errors */
}

static double number(const char *s, int decimal_comma)
{
    double v;
    char msg[256];
    if (ls_parse_number(s, decimal_comma, &v, msg, sizeof msg) != 0)
        fail_msg("'%s': %s", s, msg);
    return v;
}

static void expect_strtod(const char *s, int decimal_comma)
{
    char dot[64];
    snprintf(dot, sizeof dot, "%s", s);
    for (char *p = dot; *p; p++)
        if (*p == ',')
            *p = '.';
    double want = strtod(dot, NULL), got = number(s, decimal_comma);
    if (memcmp(&want, &got, sizeof want) != 0)
        fail_msg("'%s': %.17g, strtod %.17g", s, got, want);
}

/* Decimals as the files hold them (up to 15 digits, a point anywhere, a sign) read to the
 * same double as strtod, bit for bit; longer ones and exponents take strtod itself. E.g.
 * 0.1 + 0.2 style values: "0.3" is 3 / 10 = 0.299999999999999988898 either way. */
static void test_numbers_as_strtod(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "0",       "-0",    "0.3",          "1.1",  "123.456", "999999999999999",
        "0.000000000000001", "-12.5", "+7.25", "1e3", "2.5E-3", "1234567890.12345",
        "0.1234567890123456789", "1234567890123.4567", ".5", "5.",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        expect_strtod(fixed[i], 0);
    expect_strtod("1,25", 1);
    assert_true(signbit(number("-0", 0)));
    assert_true(number("0.3", 0) == 0.3);
    uint64_t seed = 2463534242ULL;
    for (int k = 0; k < 200000; k++) {
        char s[40];
        size_t n = 0;
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        unsigned digits = 1 + (unsigned)(seed % 15), point = (unsigned)((seed >> 8) % (digits + 2));
        if ((seed >> 20) % 4 == 0)
            s[n++] = '-';
        for (unsigned d = 0; d < digits; d++) {
            if (d == point)
                s[n++] = '.';
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            s[n++] = (char)('0' + seed % 10);
        }
        s[n] = '\0';
        expect_strtod(s, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_split_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_random_files, setup, teardown),
        cmocka_unit_test(test_numbers_as_strtod),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
