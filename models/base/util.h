/*
 * util.h — small shared pieces: an arena for strings with the model's lifetime, a string →
 * index map for interning identifiers, the diagnostics list, and the cell parsers that
 * every reader uses (numbers with a decimal comma, identifiers, yes/no).
 */
#ifndef LS_UTIL_H
#define LS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "lumpsum.h"

/* mkstemp's template suffix: six capital X, written apart so that a search for unfinished-work
 * markers does not mistake it for one. */
#define LS_MKSTEMP_SUFFIX "XX" "XX" "XX"

/* mkstemp for an output file that replaces a user's file: the file gets the permissions a
 * new file would (0666 less the umask), not mkstemp's owner-only 0600. */
int ls_mkstemp_output(char *tmpl);

/* What lumpsum holds. Money is rounded to cents at output, and a double holds whole cents
 * exactly up to 2^53 (some € 90 trillion): every input is bounded so that no amount comes near
 * that, a plan's yearly euros staying within LS_MONEY_MAX with room for its sums. A value
 * above its limit is an input error at its cell (docs/testing.md lists them). */
#define LS_MONEY_MAX 1e13   /* euros a year: budgets, min_budget, max_budget, a demand's cost */
#define LS_PRICE_MAX 1e6    /* euros an hour or a client a month: wages, tariffs */
#define LS_CLIENTS_MAX 1e8  /* clients of a segment or a contract */
#define LS_HOURS_MAX 744    /* hours of support a client a month: every hour of a month */
#define LS_FACTOR_MAX 100   /* rates and fractions that multiply money: 100 is +10,000 % */

/* Why a value above hi is refused, when hi is one of the limits above; NULL otherwise. */
const char *ls_limit_why(double hi);

/* Relative tolerance for comparing computed money and tariffs (one place, see docs/design.md). */
#define LS_REL_TOL 1e-9

/* Fewer clients than this in a contract are the solver's rounding, not a placement: the
 * results show none, the division gives them no floor cost, and the next plan year does not
 * count them as that provider's clients today. */
#define LS_CLIENT_TOL 1e-9

/* Runs job on t elements of jobs (each size bytes): t - 1 on threads of their own, the first
 * on the calling thread (and any whose thread could not start). At most LS_MAX_JOBS. */
#define LS_MAX_JOBS 64
void ls_run_jobs(void *(*job)(void *), void *jobs, size_t size, int t);

/* A bump allocator: many small strings, freed at once with the model. */
typedef struct ls_arena_block ls_arena_block;
typedef struct ls_arena {
    ls_arena_block *head;
} ls_arena;

void *ls_arena_alloc(ls_arena *a, size_t size);
char *ls_arena_strdup(ls_arena *a, const char *s);
void ls_arena_free(ls_arena *a);

/* Open-addressing map from a string to a non-negative int. Keys are not copied: they must
 * live as long as the map (they are arena strings). */
typedef struct ls_strmap {
    const char **keys;
    int *values;
    size_t *hashes; /* each key's: a probe or a rehash reads a key's string only when its
                     * hash is the one looked for (a cache miss per string otherwise) */
    size_t cap, count;
} ls_strmap;

int ls_strmap_get(const ls_strmap *m, const char *key); /* -1 when absent */
int ls_strmap_put(ls_strmap *m, const char *key, int value); /* 0, or -1 out of memory */
/* dst (its memory its own; the keys shared) as src is: 0, or -1 out of memory. */
int ls_strmap_copy(ls_strmap *dst, const ls_strmap *src);
void ls_strmap_free(ls_strmap *m);

/* Open-addressing map from a pair of indices to a non-negative int (a line number): the
 * uniqueness checks of (provider, segment) and (provider, indicator), millions of them in a
 * country-size model, without building string keys. */
/* MurmurHash3's finaliser: every input bit reaches every output bit (the tables index by the
 * low bits; the tie-break's preference reads the high ones). */
size_t ls_mix64(uint64_t k);

typedef struct ls_pairmap {
    unsigned long long *keys; /* (a + 1) << 32 | b; 0 marks an empty slot */
    int *values;
    size_t cap, count;
} ls_pairmap;

int ls_pairmap_get(const ls_pairmap *m, unsigned a, unsigned b); /* -1 when absent */
int ls_pairmap_put(ls_pairmap *m, unsigned a, unsigned b, int value); /* 0, -1 no memory */
/* Adds (a, b) → value unless the pair is there: returns its value then (nothing changes),
 * else -1 when added, -2 when out of memory. One probe where get + put take two. */
int ls_pairmap_add(ls_pairmap *m, unsigned a, unsigned b, int value);
/* Makes room for n pairs without rehashing (a reader that knows its row count). 0, -1 no
 * memory. */
int ls_pairmap_reserve(ls_pairmap *m, size_t n);
void ls_pairmap_free(ls_pairmap *m);

typedef struct ls_kv {
    const char *key;
    double value;
} ls_kv;

/* Grows *items (of elem_size bytes) so that index count fits; 0 or -1 out of memory. */
int ls_grow(void **items, size_t *cap, size_t count, size_t elem_size);

/* The indices j < n with x[j] above tol (not at or below it: a NaN is listed), in order,
 * into list (room for n); how many. A pass over a placement then goes over these alone:
 * about every other contract of a large model holds clients, in no order, and a branch on
 * each contract, mispredicted every other time, cost more than the pass itself. */
size_t ls_list_above(const double *x, size_t n, double tol, int *list);

/* Asks for huge pages under the n bytes at p, a large buffer not yet written: filled page by
 * page, 4 KiB pages cost a fault each. Only a hint: nothing changes where the system has no
 * such pages or gives them only when asked (Linux's transparent huge pages). A 2 MiB page
 * cost more than 512 small ones on a virtual machine where the memory was freed more than a
 * second before (most likely taken back by the host): worth it only for memory used again
 * and again, as a worker's heap is (ls_huge_heap). */
void ls_huge_pages(void *p, size_t n);

/* The same for the memory the calling thread allocates next, up to size bytes: a block of it
 * is allocated, marked and freed at once, so that it stays the thread's heap (glibc keeps it
 * where the mmap and trim thresholds are raised above size, as the command line does) and
 * later allocations fault it in 2 MiB at a time. A thread that builds a planner for a study
 * takes 60 MiB (a risk worker took 22,000 faults of 4 KiB on the Amsterdam preset without it:
 * its arena is its own). Nothing under AddressSanitizer, whose allocator keeps freed blocks
 * aside. */
void ls_huge_heap(size_t size);
#define LS_THREAD_HEAP ((size_t)60 << 20) /* a worker thread's, for ls_huge_heap */
/* The runs (sweep steps) a study's worker thread is to take, on average, from which it asks
 * for its heap in huge pages: its first solve faults the heap in, which on a virtual machine
 * cost some 0.1 s more in 2 MiB pages than in 4 KiB ones when the memory had been freed more
 * than a second before, and every run after gains about 1.5 % in them (risk on the Amsterdam
 * preset, docs/method.md) */
#define LS_HUGE_RUNS 500

/* Appends an error (or a warning) to errs. Returns the number of errors now held; once it
 * reaches LS_MAX_ERRORS the reader stops. file may be NULL for messages about no file. */
size_t ls_error_add(ls_errors *errs, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void ls_warning_add(ls_errors *errs, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Cell parsers (parse.c). Each returns 0 on success, else -1 with a message (for
 * "FILE:LINE:COL: msg") in msg. */

/* How a number may be spelled, ls_parse_number's flags (0: a plain decimal with a point). */
enum {
    /* a decimal comma as well as a point, no thousands separators (--set key=0,03) */
    LS_NUM_COMMA = 1,
    /* files delimited by ';' and a workbook's text cells: a decimal comma (or point), '.' grouping
     * thousands by three (1.234.567,89: with ';' 1.234 is one thousand two hundred and
     * thirty-four), a leading euro sign (€ 1.234,-); a dot that groups nothing is a decimal
     * point (12.5, 0.250) */
    LS_NUM_DUTCH = 2,
    /* a trailing '%' divides by 100 (2% = 0.02): only in a column or key of fractions */
    LS_NUM_PERCENT = 4
};

int ls_parse_number(const char *s, int flags, double *out, char *msg, size_t msg_size);
/* Is s (a sign, one to three digits, the first not 0, a comma and three digits) what one
 * reader takes for a decimal comma and another for a thousands separator: 900,000? With
 * LS_NUM_COMMA (the command line) ls_parse_number refuses it and says so. */
int ls_number_ambiguous(const char *s);
/* The plain decimal of s ("€ 1.234,5" → "1234.5", "2%" → "0.02", "0,03" → "0.03") as
 * ls_parse_number would read it with flags: 1 and out (of size bytes) written, else 0 (s is
 * no number in that spelling; out untouched). For a value handed on as text (budget keys). */
int ls_number_plain(const char *s, int flags, char *out, size_t size);
/* yes/no: 1/0, yes/no, ja/nee, true/false, waar/onwaar, y/n, j/n in any case. */
int ls_parse_bool(const char *s, int *out, char *msg, size_t msg_size);
/* Are a and b alike but for case and at most one edit (a letter changed, added or dropped,
 * or two neighbours swapped)? */
int ls_one_edit_apart(const char *a, const char *b);
/* The name a near miss meant: the one equal to word but for case, else the one name one edit
 * away (ls_one_edit_apart; not for a word or a name of one character); NULL when none, or
 * when several are one edit away (niveau7: niveau1 to niveau6). */
const char *ls_near(const char *word, const char *const *names, size_t n);
/* The same over an array of n structs of size bytes whose name is the const char * at
 * offset (ids of providers, segments). */
const char *ls_near_field(const char *word, const void *items, size_t n, size_t size,
                          size_t offset);
/* " (did you mean 'NEAR'?)" in buf, or "" when near is NULL: the end of a message. */
const char *ls_did_you_mean(const char *near, char *buf, size_t size);
int ls_check_identifier(const char *s, char *msg, size_t msg_size);
int ls_utf8_valid(const char *s);

/* The shortest decimal that reads back as v, never in exponent form (1e-07 is 0.0000001,
 * 2.3e+07 is 23000000); "" for NAN. */
void ls_fmt_plain(char *buf, size_t size, double v);

/* A parameter's value as people read it: 12 significant digits (a grid value as it was asked,
 * 0.15 and not 0.15000000000000002), in plain decimals. */
void ls_fmt_value(char *buf, size_t size, double v);

/* Drops the errors after the first n_errors (a what-if that answered them itself). */
void ls_errors_truncate(ls_errors *errs, size_t n_errors);
/* A sheet's column by its letters, as a spreadsheet names it: 1 → "A", 27 → "AA". Returns
 * buf. */
const char *ls_column_letters(unsigned column, char *buf, size_t size);

/* An option's number: a plain decimal (ls_parse_number's rules: no nan, inf or hex; a
 * decimal comma unless whole) in [lo, hi], and whole when whole is set. 0; or -1 with "NAME
 * must be …, not 'TEXT'" in msg (NAME as the caller names the option: the command line
 * "--runs"). The value is range-checked here, before any caller casts it to an integer. */
int ls_parse_option(const char *name, const char *text, double lo, double hi, int whole,
                    double *out, char *msg, size_t msg_size);

/* dir/name as a new string (one '/' between them), for messages and opening: free() it.
 * NULL when out of memory. No path is cut to a fixed buffer. */
char *ls_path_join(const char *dir, const char *name);

/* snprintf into a fixed buffer that never fails. */
void ls_fmt(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
