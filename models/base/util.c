#include "util.h"
#include "format.h"
#include "i18n.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- arena ------------------------------------------------------------------------------ */

struct ls_arena_block {
    ls_arena_block *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage */
};

#define ARENA_BLOCK 65536

void *ls_arena_alloc(ls_arena *a, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    ls_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t want = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = malloc(sizeof(*b) + want);
        if (!b)
            return NULL;
        b->size = want;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

char *ls_arena_strdup(ls_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ls_arena_alloc(a, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void ls_arena_free(ls_arena *a)
{
    while (a->head) {
        ls_arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

/* ---- string map ------------------------------------------------------------------------- */

size_t ls_mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return (size_t)k;
}

/* FNV-1a, mixed: short identifiers, no adversary that matters (inputs are the user's own
 * files). FNV-1a's low bits depend only on the characters' low bits: unmixed, identifiers
 * like gemeente007 and gemeente017 shared slots, and probing cost a fifth of reading. */
static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return ls_mix64(h);
}

int ls_strmap_get(const ls_strmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    size_t h = hash_str(key);
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return -1;
        if (m->hashes[i] == h && strcmp(m->keys[i], key) == 0)
            return m->values[i];
    }
}

static int strmap_rehash(ls_strmap *m, size_t cap)
{
    const char **keys = calloc(cap, sizeof(*keys));
    int *values = calloc(cap, sizeof(*values));
    size_t *hashes = calloc(cap, sizeof(*hashes));
    if (!keys || !values || !hashes) {
        free(keys);
        free(values);
        free(hashes);
        return -1;
    }
    for (size_t j = 0; j < m->cap; j++) {
        if (!m->keys[j])
            continue;
        size_t i = m->hashes[j] & (cap - 1);
        while (keys[i])
            i = (i + 1) & (cap - 1);
        keys[i] = m->keys[j];
        values[i] = m->values[j];
        hashes[i] = m->hashes[j];
    }
    free(m->keys);
    free(m->values);
    free(m->hashes);
    m->keys = keys;
    m->values = values;
    m->hashes = hashes;
    m->cap = cap;
    return 0;
}

int ls_strmap_put(ls_strmap *m, const char *key, int value)
{
    if ((m->count + 1) * 2 > m->cap && strmap_rehash(m, m->cap ? m->cap * 2 : 16) != 0)
        return -1;
    size_t h = hash_str(key), i = h & (m->cap - 1);
    while (m->keys[i] && !(m->hashes[i] == h && strcmp(m->keys[i], key) == 0))
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->count++;
    m->keys[i] = key;
    m->values[i] = value;
    m->hashes[i] = h;
    return 0;
}

int ls_strmap_copy(ls_strmap *dst, const ls_strmap *src)
{
    *dst = (ls_strmap){0};
    if (!src->cap)
        return 0;
    dst->keys = malloc(src->cap * sizeof *dst->keys);
    dst->values = malloc(src->cap * sizeof *dst->values);
    dst->hashes = malloc(src->cap * sizeof *dst->hashes);
    if (!dst->keys || !dst->values || !dst->hashes) {
        ls_strmap_free(dst);
        return -1;
    }
    memcpy(dst->keys, src->keys, src->cap * sizeof *dst->keys);
    memcpy(dst->values, src->values, src->cap * sizeof *dst->values);
    memcpy(dst->hashes, src->hashes, src->cap * sizeof *dst->hashes);
    dst->cap = src->cap, dst->count = src->count;
    return 0;
}

void ls_strmap_free(ls_strmap *m)
{
    free(m->keys);
    free(m->values);
    free(m->hashes);
    memset(m, 0, sizeof(*m));
}

static size_t hash_pair(unsigned long long k)
{
    return ls_mix64(k);
}

int ls_pairmap_get(const ls_pairmap *m, unsigned a, unsigned b)
{
    unsigned long long k = ((unsigned long long)a + 1) << 32 | b;
    if (!m->cap)
        return -1;
    for (size_t i = hash_pair(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return -1;
        if (m->keys[i] == k)
            return m->values[i];
    }
}

static int pairmap_rehash(ls_pairmap *m, size_t cap)
{
    unsigned long long *keys = calloc(cap, sizeof(*keys));
    int *values = calloc(cap, sizeof(*values));
    if (!keys || !values) {
        free(keys);
        free(values);
        return -1;
    }
    for (size_t j = 0; j < m->cap; j++)
        if (m->keys[j]) {
            size_t i = hash_pair(m->keys[j]) & (cap - 1);
            while (keys[i])
                i = (i + 1) & (cap - 1);
            keys[i] = m->keys[j];
            values[i] = m->values[j];
        }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
    return 0;
}

static int pairmap_grow(ls_pairmap *m)
{
    return pairmap_rehash(m, m->cap ? m->cap * 2 : 64);
}

int ls_pairmap_reserve(ls_pairmap *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 64;
    while (cap < 2 * n && cap <= SIZE_MAX / 4)
        cap *= 2;
    return cap > m->cap ? pairmap_rehash(m, cap) : 0;
}

/* The slot of (a, b): where it is, or the empty one where it would go. */
static size_t pairmap_slot(const ls_pairmap *m, unsigned long long k)
{
    size_t i = hash_pair(k) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != k)
        i = (i + 1) & (m->cap - 1);
    return i;
}

int ls_pairmap_put(ls_pairmap *m, unsigned a, unsigned b, int value)
{
    if ((m->count + 1) * 2 > m->cap && pairmap_grow(m) != 0)
        return -1;
    unsigned long long k = ((unsigned long long)a + 1) << 32 | b;
    size_t i = pairmap_slot(m, k);
    if (!m->keys[i])
        m->count++;
    m->keys[i] = k;
    m->values[i] = value;
    return 0;
}

int ls_pairmap_add(ls_pairmap *m, unsigned a, unsigned b, int value)
{
    if ((m->count + 1) * 2 > m->cap && pairmap_grow(m) != 0)
        return -2;
    unsigned long long k = ((unsigned long long)a + 1) << 32 | b;
    size_t i = pairmap_slot(m, k);
    if (m->keys[i])
        return m->values[i];
    m->count++;
    m->keys[i] = k;
    m->values[i] = value;
    return -1;
}

void ls_pairmap_free(ls_pairmap *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof(*m));
}

int ls_grow(void **items, size_t *cap, size_t count, size_t elem_size)
{
    if (count < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap <= count)
        ncap *= 2;
    if (ncap > SIZE_MAX / elem_size)
        return -1;
    void *p = realloc(*items, ncap * elem_size);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

size_t ls_list_above(const double *x, size_t n, double tol, int *list)
{
    size_t k = 0;
    for (size_t j = 0; j < n; j++)
        list[k] = (int)j, k += !(x[j] <= tol); /* no branch: see the header */
    return k;
}

void ls_huge_pages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    /* the whole 2 MiB pages inside the buffer: a hint may not reach memory beside it */
    const uintptr_t huge = (uintptr_t)1 << 21;
    uintptr_t from = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t to = ((uintptr_t)p + n) & ~(huge - 1);
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void ls_run_jobs(void *(*job)(void *), void *jobs, size_t size, int t)
{
    pthread_t ids[LS_MAX_JOBS];
    char *at = jobs;
    int started = 0;
    t = t > LS_MAX_JOBS ? LS_MAX_JOBS : t;
    for (int k = 1; k < t; k++, started++)
        if (pthread_create(&ids[k], NULL, job, at + (size_t)k * size) != 0)
            break;
    job(at);
    for (int k = started + 1; k < t; k++)
        job(at + (size_t)k * size);
    for (int k = 1; k <= started; k++)
        pthread_join(ids[k], NULL);
}

void ls_huge_heap(size_t size)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)size;
    return;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    (void)size;
    return;
#endif
#endif
    char *p = malloc(size);
    if (p) {
        ls_huge_pages(p, size);
        free(p);
    }
}

/* ---- diagnostics ------------------------------------------------------------------------ */

void ls_fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

char *ls_path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
    char *path = malloc(dl + strlen(sep) + strlen(name) + 1);
    if (path)
        sprintf(path, "%s%s%s", dir, sep, name);
    return path;
}

/* A message is one line: a control character that came in with the data (a carriage return
 * in a quoted cell, which on a terminal sends the cursor back over the message's start) is
 * written as its escape, \r, \n, \t or \xHH. */
static void one_line(const char *in, char *out, size_t size)
{
    size_t n = 0;
    for (const unsigned char *c = (const unsigned char *)in; *c && n + 5 < size; c++) {
        const char *esc = *c == '\r' ? "\\r" : *c == '\n' ? "\\n" : *c == '\t' ? "\\t" : NULL;
        if (*c >= 0x20 && *c != 0x7F)
            out[n++] = (char)*c;
        else if (esc)
            out[n++] = esc[0], out[n++] = esc[1];
        else
            n += (size_t)snprintf(out + n, size - n, "\\x%02X", *c);
    }
    out[n] = '\0';
}

static void push(ls_errors *errs, ls_error **items, size_t *count, const char *file,
                 unsigned line, unsigned column, const char *fmt, va_list ap)
{
    char raw[512], msg[600];
    vsnprintf(raw, sizeof raw, fmt, ap);
    one_line(raw, msg, sizeof msg);
    /* counts grow by one: the array holds 16, then doubles at every power of two */
    size_t n = *count;
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0)) {
        ls_error *p = realloc(*items, (n ? n * 2 : 16) * sizeof(**items));
        if (!p) {
            errs->out_of_memory = 1;
            return;
        }
        *items = p;
    }
    ls_error *e = &(*items)[*count];
    e->file = file ? strdup(file) : NULL;
    e->message = strdup(msg);
    if ((file && !e->file) || !e->message) {
        free(e->file);
        free(e->message);
        errs->out_of_memory = 1;
        return;
    }
    e->line = line;
    e->column = column;
    e->cell = 0;
    (*count)++;
}

size_t ls_error_add(ls_errors *errs, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...)
{
    if (errs->n_errors >= LS_MAX_ERRORS)
        return errs->n_errors;
    va_list ap;
    va_start(ap, fmt);
    push(errs, &errs->errors, &errs->n_errors, file, line, column, fmt, ap);
    va_end(ap);
    /* an error that could not be stored still stops the reader */
    return errs->out_of_memory ? LS_MAX_ERRORS : errs->n_errors;
}

void ls_warning_add(ls_errors *errs, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(errs, &errs->warnings, &errs->n_warnings, file, line, column, fmt, ap);
    va_end(ap);
}

static void clear_list(ls_error *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].file);
        free(items[i].message);
    }
    free(items);
}

void ls_errors_clear(ls_errors *errs)
{
    if (!errs)
        return;
    clear_list(errs->errors, errs->n_errors);
    clear_list(errs->warnings, errs->n_warnings);
    memset(errs, 0, sizeof(*errs));
}

void ls_error_where(const ls_error *e, char *buf, size_t size)
{
    const char *file = e->file ? e->file : "";
    if (e->line == 0) {
        ls_fmt(buf, size, "%s", file);
        return;
    }
    if (!e->cell) {
        ls_fmt(buf, size, "%s:%u:%u", file, e->line, e->column);
        return;
    }
    char col[8];
    ls_column_letters(e->column ? e->column : 1, col, sizeof col);
    ls_fmt(buf, size, "%s!%s%u", file, col, e->line);
}

const char *ls_column_letters(unsigned column, char *buf, size_t size)
{
    char letters[8];
    size_t n = 0;
    for (unsigned c = column; c > 0 && n < sizeof letters; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    size_t i = 0;
    for (; i < n && i + 1 < size; i++)
        buf[i] = letters[n - 1 - i];
    if (size)
        buf[i] = '\0';
    return buf;
}

void ls_errors_truncate(ls_errors *errs, size_t n_errors)
{
    for (size_t i = n_errors; i < errs->n_errors; i++) {
        free(errs->errors[i].file);
        free(errs->errors[i].message);
    }
    if (n_errors < errs->n_errors)
        errs->n_errors = n_errors;
}

/* ---- identifiers ------------------------------------------------------------------------ */

int ls_utf8_valid(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        unsigned c = *s;
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            s++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[k] & 0x3F);
        }
        /* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        s += len;
    }
    return 1;
}

/* Identifiers (docs/model-format.md) are 1–64 printable characters (UTF-8 code points, no control
 * characters). */
int ls_check_identifier(const char *s, char *msg, size_t msg_size)
{
    /* the common case in one pass: printable ASCII, 64 bytes at most (a country's segments.csv
     * has 74,000 identifiers; the checks below pass over each twice) */
    size_t n = 0;
    while (n <= 64 && (unsigned char)s[n] >= 0x20 && (unsigned char)s[n] < 0x7F)
        n++;
    if (n > 0 && n <= 64 && !s[n])
        return 0;
    if (!*s) {
        ls_fmt(msg, msg_size, _("an identifier is required here"));
        return -1;
    }
    if (!ls_utf8_valid(s)) {
        ls_fmt(msg, msg_size, _("the identifier is not valid UTF-8 (save the file as CSV UTF-8)"));
        return -1;
    }
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F) {
            ls_fmt(msg, msg_size, _("the identifier '%.40s' contains a control character"), s);
            return -1;
        }
        if ((*p & 0xC0) != 0x80)
            chars++;
    }
    if (chars > 64) {
        ls_fmt(msg, msg_size, _("the identifier '%.20s…' is longer than 64 characters"), s);
        return -1;
    }
    return 0;
}

int ls_parse_option(const char *name, const char *text, double lo, double hi, int whole,
                    double *out, char *msg, size_t msg_size)
{
    char why[160];
    double v;
    /* a fraction or an amount takes a decimal comma, as --set does (--dispersion 0,5); a
     * whole number does not: "--runs 1,000" is not one run */
    int parsed = ls_parse_number(text, whole ? 0 : LS_NUM_COMMA, &v, why, sizeof why) == 0;
    if (parsed && v >= lo && v <= hi && (!whole || v == floor(v))) {
        *out = v;
        return 0;
    }
    char *end;
    double raw = strtod(text, &end);
    if (isinf(lo) && isinf(hi) && !parsed && *text &&
        ((!*end && !isnan(raw)) || (!whole && (strchr(text, ',') || strchr(text, '%') ||
                                               strchr(text, '.') != strrchr(text, '.')))))
        /* a number past what lumpsum takes, one with separators ("write 2849000") or a
         * percentage ("write the fraction 0.02") */
        ls_fmt(msg, msg_size, "%s: %s", name, why);
    else if (isinf(lo) && isinf(hi))
        ls_fmt(msg, msg_size, _("%s must be a number, not '%s'"), name, text);
    else {
        char a[64], b[64];
        ls_format_plain(a, sizeof a, lo, ls_text_style());
        ls_format_plain(b, sizeof b, hi, ls_text_style());
        if (whole)
            ls_fmt(msg, msg_size, _("%s must be a whole number from %s to %s, not '%s'"), name, a,
                   b, text);
        else
            ls_fmt(msg, msg_size, _("%s must be a number from %s to %s, not '%s'"), name, a, b,
                   text);
    }
    return -1;
}

const char *ls_limit_why(double hi)
{
    if (hi == LS_MONEY_MAX)
        return _("at most 10^13 euros (lumpsum counts money to the cent up to € 10 trillion a "
                 "year)");
    if (hi == LS_PRICE_MAX)
        return _("at most 10^6 euros");
    if (hi == LS_CLIENTS_MAX)
        return _("at most 10^8");
    if (hi == LS_HOURS_MAX)
        return _("at most 744 (every hour of a month)");
    if (hi == LS_FACTOR_MAX)
        return _("at most 100 (+10,000 %)");
    return NULL;
}

int ls_mkstemp_output(char *tmpl)
{
    int fd = mkstemp(tmpl);
    if (fd >= 0) {
        mode_t mask = umask(022); /* umask can only be read by setting it */
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) != 0) {
            /* the file stays owner-only: still correct, only less shared */
        }
    }
    return fd;
}

void ls_fmt_plain(char *buf, size_t size, double v)
{
    if (isnan(v)) {
        ls_fmt(buf, size, "%s", "");
        return;
    }
    if (isinf(v)) {
        ls_fmt(buf, size, "%s", v > 0 ? "inf" : "-inf");
        return;
    }
    char tmp[64];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*g", p, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    /* p significant digits, written as a fixed decimal */
    int exp10 = v == 0 ? 0 : (int)floor(log10(fabs(v)));
    int decimals = p - 1 - exp10;
    snprintf(tmp, sizeof tmp, "%.*f", decimals > 0 ? (decimals < 40 ? decimals : 40) : 0, v);
    if (strtod(tmp, NULL) != v && decimals >= 0) /* log10 rounding: one digit more */
        snprintf(tmp, sizeof tmp, "%.*f", decimals + 1 < 40 ? decimals + 1 : 40, v);
    if (strchr(tmp, '.')) {
        char *e = tmp + strlen(tmp) - 1;
        while (*e == '0')
            *e-- = '\0';
        if (*e == '.')
            *e = '\0';
    }
    if (strcmp(tmp, "-0") == 0)
        strcpy(tmp, "0");
    ls_fmt(buf, size, "%s", tmp);
}

void ls_fmt_value(char *buf, size_t size, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.12g", v);
    ls_fmt_plain(buf, size, strtod(tmp, NULL));
}
