/*
 * test_csv.c — the reader's short cuts give what the long way gives:
 *   - a line without a quote is cut at its delimiters in place instead of going through
 *     libcsv: the rows, their lines and the errors must be the same either way;
 *   - a plain decimal of at most 15 digits is converted with one division instead of
 *     strtod: the double must be the same to the bit;
 *   - a large contracts.csv is prepared on several threads and committed in order: the
 *     model, the errors and their order must be those of one thread.
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
#include "fixture.h"
#include "load.h"
#include "lumpsum.h"
#include "model.h"
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

/* The test's file holds bytes[0..n). */
static void write_file(const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

/* Reads bytes as a file with the fast split on or off; the rows, the return code and the
 * errors as one text. */
static char *read_as(const char *bytes, size_t n, int fast, size_t *rows)
{
    write_file(bytes, n);
    text t = {0};
    put(&t, "", 0);
    ls_errors errs = {0};
    ls_csv_options co;
    ls_csv_options_init(&co);
    co.fast_split = fast;
    int rc = ls_csv_read(path, "f.csv", record, &t, NULL, &errs, &co);
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
        ("\xEF\xBB\xBF" "a,b\nx,\"y, z\"\nu,v\n\"p\nq\",r\ns,t\n"),
        "a,b\nx\ry,z\n",
        "a,b\n# a comment, with a \" quote\nc,d\n",
        "a,b\nc,d\"e\nf,g\n",
        "a,b\n\"c\nd,e\n",
        " \t\n# only a comment\n",
        "a,b\n\"x\",y\nz,w",
        ("\xEF\xBB\xBF\xEF\xBB\xBF"
         "a,b\nc,d\n"),
        "a,b\nc;d\n\"e;f\"\ng,h,,\n",
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

/* ---- the parallel route, through csvfile.h ----------------------------------------------- */

/* Rows as the route hands them: prepare notes each row's line and fields in its line's slot
 * (and counts the rows it saw), commit and fn append them to one text in order. */
typedef struct route {
    char **slot; /* by line - 1 */
    size_t lines;
    size_t prepared;
    text out;
} route;

static int route_begin(void *ctx, size_t lines)
{
    route *rt = ctx;
    rt->slot = calloc(lines, sizeof *rt->slot);
    rt->lines = lines;
    return rt->slot ? 0 : -1;
}

static char *row_text(const ls_csv_row *row)
{
    text t = {0};
    putf(&t, "%u:", row->line);
    for (size_t i = 0; i < row->n_fields; i++) {
        put(&t, " [", 2);
        put(&t, row->fields[i], strlen(row->fields[i]));
        put(&t, "]", 1);
    }
    put(&t, "\n", 1);
    return t.s;
}

static int route_prepare(void *ctx, int worker, const ls_csv_row *row)
{
    route *rt = ctx;
    (void)worker;
    __atomic_fetch_add(&rt->prepared, 1, __ATOMIC_RELAXED);
    if (strcmp(row->fields[0], "slow") == 0)
        return 1;
    rt->slot[row->line - 1] = row_text(row);
    return 0;
}

static int route_commit(void *ctx, unsigned line)
{
    route *rt = ctx;
    put(&rt->out, rt->slot[line - 1], strlen(rt->slot[line - 1]));
    return 0;
}

static int route_row(void *ctx, const ls_csv_row *row)
{
    route *rt = ctx;
    char *t = row_text(row);
    put(&rt->out, t, strlen(t));
    free(t);
    return 0;
}

/* Reads bytes on `threads` threads; the rows in order, and how many were prepared: the same
 * when the file was loaded ahead, its parts one after another on a thread of their own. */
static char *read_route(const char *bytes, size_t n, int threads, size_t *prepared)
{
    write_file(bytes, n);
    char *rows[2];
    size_t got[2];
    ls_csv_options co;
    ls_csv_options_init(&co);
    co.parallel_min_bytes = 0; /* the route at any size */
    for (int ahead = 0, found; ahead < 2; ahead++) {
        route rt = {0};
        put(&rt.out, "", 0);
        ls_errors errs = {0};
        ls_csv_parallel par = {route_begin, route_prepare, route_commit, threads, NULL, NULL, NULL};
        ls_loaded loaded;
        if (ahead && ls_load_ahead(&loaded, path, threads, 0) == 0)
            par.loaded = &loaded;
        assert_true(!ahead || threads < 2 || n == 0 || par.loaded);
        int rc = ls_csv_read_parallel(path, "f.csv", route_row, &rt, &found, &errs, &par, &co);
        if (par.loaded) {
            assert_null(loaded.buf); /* the reading took it */
            ls_load_free(&loaded);
        }
        putf(&rt.out, "rc %d, %zu errors\n", rc, errs.n_errors);
        ls_errors_clear(&errs);
        for (size_t i = 0; i < rt.lines; i++)
            free(rt.slot[i]);
        free(rt.slot);
        rows[ahead] = rt.out.s, got[ahead] = rt.prepared;
    }
    assert_string_equal(rows[0], rows[1]);
    assert_int_equal(*prepared = got[0], got[1]);
    free(rows[1]);
    return rows[0];
}

/* 2,000 rows with CRLF ends, a comment line padded so that the two parts of a 2-thread read
 * meet between a '\r' and its '\n': the route is taken (every data row prepared but the
 * "slow" ones, which reach fn in their place) and gives one thread's rows. A lone '\r', a
 * quote or a NUL anywhere sends the file the serial way (nothing prepared), with the same
 * rows as libcsv gives. */
static void test_parallel_route(void **state)
{
    (void)state;
    text body = {0};
    put(&body, "", 0);
    for (int i = 0; i < 2000; i++)
        putf(&body, i % 97 == 5 ? "slow,%d\r\n" : "r%d , %d\r\n", i, i * 7);
    char *file = NULL;
    size_t n = 0;
    for (size_t pad = 0; pad < 200 && !file; pad++) {
        text t = {0};
        put(&t, "# ", 2);
        for (size_t i = 0; i < pad; i++)
            put(&t, "x", 1);
        put(&t, "\r\nname,value\r\n", 14);
        put(&t, body.s, body.len);
        if (t.s[t.len / 2 - 1] == '\r' && t.s[t.len / 2] == '\n')
            file = t.s, n = t.len;
        else
            free(t.s);
    }
    assert_non_null(file);
    size_t prepared, none;
    char *one = read_route(file, n, 1, &none);
    assert_int_equal(none, 0);
    assert_non_null(strstr(one, "3: [r0] [0]\n"));
    assert_non_null(strstr(one, "2002: [r1999] [13993]\nrc 0, 0 errors\n"));
    const int threads[] = {2, 3, 8};
    for (size_t k = 0; k < 3; k++) {
        char *many = read_route(file, n, threads[k], &prepared);
        assert_string_equal(many, one);
        assert_int_equal(prepared, 2000);
        free(many);
    }
    free(one);
    /* a lone '\r', a quote, a NUL: the serial way */
    const char *spoil[] = {"\r", "\"", "\0"};
    for (size_t k = 0; k < 3; k++) {
        char *bad = malloc(n);
        memcpy(bad, file, n);
        char *at = strstr(bad, "r1000 ");
        assert_non_null(at);
        at[1] = spoil[k][0];
        size_t ignored;
        char *slow = read_route(bad, n, 1, &ignored);
        char *many = read_route(bad, n, 2, &prepared);
        assert_string_equal(many, slow);
        assert_int_equal(prepared, 0);
        free(slow);
        free(many);
        free(bad);
    }
    free(file);
    free(body.s);
}

/* ---- contracts.csv on several threads ---------------------------------------------------- */

static char *generated(const char *preset)
{
    char *dir = fx_model(NULL, 0);
    ls_generate_options go;
    ls_generate_options_init(&go);
    assert_int_equal(ls_generate_preset(preset, &go), LS_OK);
    go.seed = 7;
    ls_errors errs = {0};
    assert_int_equal(ls_generate(&go, dir, &errs), LS_OK);
    ls_errors_clear(&errs);
    return dir;
}

/* The lines of a file, to edit. */
typedef struct lines {
    char **line;
    size_t n;
} lines;

static lines split_file(const char *dir, const char *name)
{
    char file[512];
    snprintf(file, sizeof file, "%s/%s", dir, name);
    char *all = fx_slurp(file);
    assert_non_null(all);
    lines ls = {0};
    for (char *s = all, *nl; *s; s = nl + 1) {
        nl = strchr(s, '\n');
        assert_non_null(nl);
        *nl = '\0';
        ls.line = realloc(ls.line, (ls.n + 1) * sizeof *ls.line);
        ls.line[ls.n++] = strdup(s);
    }
    free(all);
    return ls;
}

static void write_lines(const char *dir, const char *name, const lines *ls, const char *eol)
{
    text t = {0};
    put(&t, "", 0);
    for (size_t i = 0; i < ls->n; i++) {
        put(&t, ls->line[i], strlen(ls->line[i]));
        put(&t, eol, strlen(eol));
    }
    fx_write(dir, name, t.s);
    free(t.s);
}

static void set_line(lines *ls, size_t i, const char *content)
{
    free(ls->line[i]);
    ls->line[i] = strdup(content);
}

static void free_lines(lines *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        free(ls->line[i]);
    free(ls->line);
}

/* Drops dir and ls; a new generated Zaltbommel, with the lines of its file name in ls. */
static char *start_again(char *dir, lines *ls, const char *name)
{
    free_lines(ls);
    fx_remove(dir);
    dir = generated("zaltbommel");
    *ls = split_file(dir, name);
    return dir;
}

/* A generated Zaltbommel (some 3,000 contracts): the same model on any number of threads,
 * with LF and with CRLF line ends, and with its columns reordered (plus an unknown one) in a
 * ';' file. */
static void test_parallel_generated(void **state)
{
    (void)state;
    char *dir = generated("zaltbommel");
    fx_threads_read one = fx_read_on(dir, 1);
    assert_int_equal(one.rc, LS_OK);
    assert_true(one.m->n_contracts > 2000); /* shares of several 1024-line blocks */
    fx_threads_read_free(&one);
    free(fx_same_on_threads(dir));
    lines ls = split_file(dir, "contracts.csv");
    write_lines(dir, "contracts.csv", &ls, "\r\n");
    free(fx_same_on_threads(dir));
    /* the columns in another order, with one lumpsum does not know (its warning once) and
     * ';' as the delimiter: max_clients;note;segment;current_clients;provider */
    for (size_t i = 0; i < ls.n; i++) {
        char *f[4], row[512];
        f[0] = strtok(ls.line[i], ",");
        for (int k = 1; k < 4; k++)
            f[k] = strtok(NULL, ",");
        snprintf(row, sizeof row, "%s;%s;%s;%s;%s", f[3] ? f[3] : "", i ? "x" : "note", f[1],
                 f[2], f[0]);
        set_line(&ls, i, row);
    }
    assert_string_equal(ls.line[0], "max_clients;note;segment;current_clients;provider");
    write_lines(dir, "contracts.csv", &ls, "\n");
    fx_threads_read reordered = fx_read_on(dir, 2);
    assert_int_equal(reordered.rc, LS_OK);
    assert_string_equal(reordered.messages, "W 1:1: unknown column ignored: note\n");
    fx_threads_read_free(&reordered);
    free(fx_same_on_threads(dir));
    free_lines(&ls);
    fx_remove(dir);
}

/* Every kind of bad contract row, spread over the file and next to the shares' edges (lines
 * 1 + 1024 k): the same errors, in the same order, on any number of threads; and after the
 * twentieth error the reading stops at the same row. */
static void test_parallel_errors(void **state)
{
    (void)state;
    char *dir = generated("zaltbommel");
    lines ls = split_file(dir, "contracts.csv");
    assert_true(ls.n > 2100);
    /* contract rows to copy: the second data row and one far from it */
    char first[256], other[256];
    snprintf(first, sizeof first, "%s", ls.line[1]);
    snprintf(other, sizeof other, "%s", ls.line[1500]);
    char *comma = strchr(first, ',');
    assert_non_null(comma);
    char pid[64];
    snprintf(pid, sizeof pid, "%.*s", (int)(comma - first), first);
    char row[512];
    set_line(&ls, 2, "nobody,x,1,"); /* unknown provider and segment */
    snprintf(row, sizeof row, "%s,nowhere,1,", pid);
    set_line(&ls, 1023, row); /* unknown segment, just before a share's edge */
    set_line(&ls, 1024, ""); /* a blank line at the edge */
    set_line(&ls, 1025, "# a comment at the edge");
    set_line(&ls, 1026, first); /* a duplicate, far from its first line */
    set_line(&ls, 1200, ",,,"); /* a row of empty cells: blank */
    snprintf(row, sizeof row, "%s,-1,", first);
    set_line(&ls, 1300, row); /* too many fields */
    snprintf(row, sizeof row, "%s", other);
    char *cells = strchr(strchr(row, ',') + 1, ',');
    snprintf(cells, sizeof row - (size_t)(cells - row), ",abc,-2");
    set_line(&ls, 1400, row); /* two bad numbers in one row */
    set_line(&ls, 1500, ",,1,"); /* provider and segment missing */
    for (size_t i = 600; i <= 1700; i += 1100) {
        for (char *c = ls.line[i]; *c; c++)
            *c = *c == ',' ? ';' : *c;
    } /* ';' rows: the first one named, the other the same fault */
    snprintf(row, sizeof row, "%s,", ls.line[1750]);
    set_line(&ls, 1750, row);   /* an empty field beyond the header's columns */
    set_line(&ls, 2047, other); /* a duplicate of line 1401's contract... */
    set_line(&ls, 2048, other); /* ...and another */
    write_lines(dir, "contracts.csv", &ls, "\n");
    char *messages = fx_same_on_threads(dir);
    /* the errors above, by line: 3 (2), 601, 1024, 1027, 1301, 1401 (2), 1501 (2), 1751, 2048,
     * 2049 (the row of line 1401 is kept with its bad numbers' defaults: 2048 and 2049 repeat
     * it) */
    size_t errors = 0;
    for (const char *c = messages; (c = strstr(c, "E ")) != NULL; c++)
        errors++;
    assert_int_equal(errors, 13);
    assert_non_null(strstr(messages, "E 601:1: this row is separated by ';' but the header by "
                                     "','"));
    assert_non_null(strstr(messages, "E 1751:5: this row has 5 fields"));
    assert_non_null(strstr(messages, "E 1027:2: the contract"));
    assert_non_null(strstr(messages, "E 1301:5: this row has 6 fields"));
    assert_non_null(strstr(messages, "E 2049:2: the contract (p00035, jh_wijk002_m_bp) appears "
                                     "twice (first on line 1401)"));
    assert_true(strstr(messages, "E 1024:") < strstr(messages, "E 1027:"));
    free(messages);

    /* 30 bad rows: reading stops after the twentieth error, at the same row */
    for (size_t i = 0; i < 30; i++)
        set_line(&ls, 100 + 70 * i, "nobody,x,1,");
    write_lines(dir, "contracts.csv", &ls, "\n");
    messages = fx_same_on_threads(dir);
    free(messages);

    /* a CAO without a wage for a scale: every contract it binds is an error, found when
     * the rows are committed */
    dir = start_again(dir, &ls, "wages.csv");
    size_t dropped = 0;
    for (size_t i = 0; i < ls.n && !dropped; i++)
        if (strncmp(ls.line[i], "ghz,", 4) == 0)
            set_line(&ls, i, "# dropped"), dropped = 1;
    assert_true(dropped);
    write_lines(dir, "wages.csv", &ls, "\n");
    messages = fx_same_on_threads(dir);
    assert_non_null(strstr(messages, "which has no wage for scale"));
    free(messages);

    /* a line over 1 MiB in the second share stops the reading there */
    dir = start_again(dir, &ls, "contracts.csv");
    char *huge = malloc(((size_t)1 << 20) + 10);
    memset(huge, 'x', ((size_t)1 << 20) + 8);
    huge[((size_t)1 << 20) + 8] = '\0';
    set_line(&ls, 1800, huge);
    free(huge);
    write_lines(dir, "contracts.csv", &ls, "\n");
    messages = fx_same_on_threads(dir);
    assert_non_null(strstr(messages, "1801:1: this line is"));
    free(messages);
    free_lines(&ls);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_split_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_random_files, setup, teardown),
        cmocka_unit_test(test_numbers_as_strtod),
        cmocka_unit_test_setup_teardown(test_parallel_route, setup, teardown),
        cmocka_unit_test(test_parallel_generated),
        cmocka_unit_test(test_parallel_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
