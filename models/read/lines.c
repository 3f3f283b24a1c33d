/*
 * lines.c — a CSV file's lines: where they end (a '\n', or a lone '\r' in an old Mac file),
 * whether one is blank or a comment, the delimiter a header uses, and how a line with no
 * quote in it is cut at its delimiters where it lies, the fields libcsv would give (csvfile.c
 * reads files with these, and libcsv for what they cannot cut).
 */
#include "lines.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "csvfile.h"
#include "util.h"

/* Cuts a line without a quote or a carriage return inside it (a trailing "\r\n" is fine) at
 * its delimiters where it lies: its fields are what libcsv would give (no quoting to undo,
 * spaces and tabs around a field trimmed as libcsv trims them), without libcsv's byte-by-byte
 * state machine and copy. s[n] may be written: the line is followed by its '\n' or by the
 * buffer's spare byte. The fields go to (*ptrs)[0..*k). Returns 0, 1 when the line holds a
 * lone '\r' (libcsv ends a row there: the line must go to libcsv), -1 out of memory. */
int ls_lines_cut(char *s, size_t n, char delimiter, char ***ptrs, size_t *cap, size_t *k)
{
    size_t e = n;
    if (e && s[e - 1] == '\n')
        e--;
    if (e && s[e - 1] == '\r')
        e--;
    if (memchr(s, '\r', e))
        return 1;
    char *p = s, *end = s + e;
    *k = 0;
    for (;;) {
        char *d = memchr(p, delimiter, (size_t)(end - p));
        char *fe = d ? d : end;
        while (p < fe && (*p == ' ' || *p == '\t'))
            p++;
        while (fe > p && (fe[-1] == ' ' || fe[-1] == '\t'))
            fe--;
        if (ls_grow((void **)ptrs, cap, *k, sizeof(char *)) != 0)
            return -1;
        (*ptrs)[(*k)++] = p;
        *fe = '\0';
        if (!d)
            return 0;
        p = d + 1;
    }
}

/* The bytes of w that equal pat's (each of its bytes the same): the lowest 0x80 bit set
 * marks the first exactly; one above it may be a false alarm. */
static uint64_t bytes_equal(uint64_t w, uint64_t pat)
{
    uint64_t x = w ^ pat;
    return (x - 0x0101010101010101u) & ~x & 0x8080808080808080u;
}

void ls_lines_scan(const char *s, size_t n, size_t *newlines, int *lone_cr, int *cr_last)
{
    size_t count = 0, i = 0;
    int lone = 0, cr_before = 0; /* the byte before s + i is a '\r' */
#if defined(__SSE2__)
    /* sixteen bytes a step: each '\n' subtracts −1 from its byte of acc, 255 steps at most
     * before the bytes are summed (psadbw); the '\r's looked at where a step has one */
    const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
    while (n - i >= 16) {
        __m128i acc = zero;
        for (int k = 0; k < 255 && n - i >= 16; k++, i += 16) {
            __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i at_nl = _mm_cmpeq_epi8(w, nl);
            acc = _mm_sub_epi8(acc, at_nl);
            unsigned at_cr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, cr));
            if (at_cr || cr_before) {
                unsigned mask_nl = (unsigned)_mm_movemask_epi8(at_nl);
                /* a '\r' whose next byte is no '\n'; the last byte's next is the next step's */
                lone |= (at_cr & ~(mask_nl >> 1) & 0x7FFFu) != 0;
                lone |= cr_before && !(mask_nl & 1u);
                cr_before = (at_cr >> 15) != 0;
            }
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        count += (size_t)_mm_cvtsi128_si32(sum) +
                 (size_t)_mm_cvtsi128_si32(_mm_unpackhi_epi64(sum, sum));
    }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* eight bytes a step: a '\n' a byte in each of 31 words at most, so that the bytes' sum
     * fits one */
    const uint64_t ones = 0x0101010101010101u, low7 = 0x7F7F7F7F7F7F7F7Fu;
    while (n - i >= 8) {
        uint64_t acc = 0;
        for (int k = 0; k < 31 && n - i >= 8; k++, i += 8) {
            uint64_t w, x, y;
            memcpy(&w, s + i, 8);
            x = w ^ (ones * '\n'), y = w ^ (ones * '\r');
            /* the high bit of each byte equal to '\n' (at_nl) or '\r' (at_cr), exactly */
            uint64_t at_nl = ~(((x & low7) + low7) | x) & ~low7;
            uint64_t at_cr = ~(((y & low7) + low7) | y) & ~low7;
            lone |= (at_cr & ~(at_nl >> 8) & ~((uint64_t)0x80 << 56)) != 0;
            lone |= cr_before && !(at_nl & 0x80);
            cr_before = (at_cr >> 63) != 0;
            acc += at_nl >> 7;
        }
        count += (acc * ones) >> 56;
    }
#endif
    for (; i < n; i++) {
        lone |= cr_before && s[i] != '\n';
        cr_before = s[i] == '\r';
        count += s[i] == '\n';
    }
    *newlines = count;
    *lone_cr = lone;
    *cr_last = cr_before;
}

/* The first '\n' or delimiter in [c, stop), or stop: eight bytes a step where the bytes'
 * order allows (the lowest match of either kind is a true one). */
static char *next_special(char *c, const char *stop, char delimiter)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t nl = 0x0101010101010101u * '\n',
                   dl = 0x0101010101010101u * (unsigned char)delimiter;
    for (; stop - c >= 8; c += 8) {
        uint64_t w;
        memcpy(&w, c, 8);
        uint64_t hit = bytes_equal(w, nl) | bytes_equal(w, dl);
        if (hit)
            return c + (__builtin_ctzll(hit) >> 3);
    }
#endif
    while (c < stop && *c != '\n' && *c != delimiter)
        c++;
    return c;
}

/* ls_lines_cut for the parallel route, which finds the line's end as well: one pass over the
 * line at s (up to to), eight bytes a step, not a memchr for its end, one for a '\r' and
 * one a field (a row of a country's contracts.csv is 30 bytes: the calls cost more than
 * the bytes). The file is plain: a '\r' comes only before a '\n'. The line's length with its
 * '\n' goes to *n; its fields, as ls_lines_cut cuts them, to (*ptrs)[0..*k), but none (*k = 0)
 * when it is blank, a comment or longer than LS_MAX_LINE. 0, or -1 out of memory. */
int ls_lines_cut_plain(char *s, char *to, char delimiter, char ***ptrs, size_t *cap,
                     size_t *k, size_t *n)
{
    char *c = s;
    const char *stop = (size_t)(to - s) > LS_MAX_LINE ? s + LS_MAX_LINE + 1 : to;
    size_t d = 0; /* the delimiters, at (*ptrs)[0..d) until the fields replace them */
    *k = 0;
    for (; (c = next_special(c, stop, delimiter)) < stop && *c != '\n'; c++) {
        if (ls_grow((void **)ptrs, cap, d, sizeof(char *)) != 0)
            return -1;
        (*ptrs)[d++] = c;
    }
    if (c == stop && c < to) { /* too long: only its length is wanted */
        char *nl = memchr(c, '\n', (size_t)(to - c));
        c = nl ? nl : to;
    }
    *n = (size_t)(c - s) + (c < to);
    if (*n > LS_MAX_LINE || ls_lines_blank(s, *n))
        return 0;
    char *end = c > s && c[-1] == '\r' ? c - 1 : c;
    if (ls_grow((void **)ptrs, cap, d, sizeof(char *)) != 0)
        return -1;
    for (char *p = s;; p++) {
        char *fe = *k < d ? (*ptrs)[*k] : end;
        while (p < fe && (*p == ' ' || *p == '\t'))
            p++;
        char *e = fe;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        (*ptrs)[(*k)++] = p;
        *e = '\0';
        if (fe == end)
            return 0;
        p = fe;
    }
}

int ls_lines_blank(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i == len || s[i] == '#';
}

/* The header decides the delimiter: ';' when it has more semicolons than commas outside
 * quotes (a Dutch spreadsheet's CSV export), else ','. */
char ls_lines_delimiter(const char *s, size_t len)
{
    size_t commas = 0, semis = 0, tabs = 0;
    int quoted = 0;
    for (size_t i = 0; i < len && s[i] != '\n'; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
        else if (!quoted && s[i] == '\t')
            tabs++;
    }
    if (tabs && !commas && !semis)
        return '\t';
    return semis > commas ? ';' : ',';
}

/* Does buf hold a '\r' that no '\n' follows? */
int ls_lines_lone_cr(const char *buf, size_t len)
{
    const char *end = buf + len;
    for (const char *c = buf; (c = memchr(c, '\r', (size_t)(end - c))) != NULL; c++)
        if (c + 1 == end || c[1] != '\n')
            return 1;
    return 0;
}


static const char *next_lone_cr(const char *c, const char *end)
{
    for (; (c = memchr(c, '\r', (size_t)(end - c))) != NULL; c++)
        if (c + 1 == end || c[1] != '\n')
            return c;
    return end;
}

/* The length of the line at s (its end included; the rest of the file when it has none). */
size_t ls_lines_length(ls_line_ends *e, const char *s)
{
    if (!e->nl || e->nl < s) {
        e->nl = memchr(s, '\n', (size_t)(e->end - s));
        e->nl = e->nl ? e->nl : e->end;
    }
    const char *stop = e->nl;
    if (e->lone_cr) {
        if (!e->cr || e->cr < s)
            e->cr = next_lone_cr(s, e->end);
        stop = e->cr < stop ? e->cr : stop;
    }
    return stop == e->end ? (size_t)(e->end - s) : (size_t)(stop - s) + 1;
}

/* The physical lines of buf, a last one without its end included. */
size_t ls_lines_count(const char *buf, size_t len, int lone_cr)
{
    ls_line_ends e = {buf, buf + len, NULL, NULL, lone_cr};
    size_t lines = 0;
    for (const char *s = buf; s < e.end; lines++)
        s += ls_lines_length(&e, s);
    return lines;
}
