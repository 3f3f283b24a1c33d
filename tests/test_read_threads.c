/*
 * test_read_threads.c — reading on several threads gives what one thread gives: a part's line
 * ends counted as a byte at a time would, the floors' pass and check's summary on 1 thread
 * against 2 to 4 (to the bit), and a reading that stops before contracts.csv while that file
 * is being loaded ahead.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "lines.h"
#include "lumpsum.h"
#include "model.h"

/* ls_lines_scan against a byte at a time, on random runs of 'a', '\n' and '\r' of every
 * length from 0 to 99 at every offset modulo 16, and of 4,000 to 9,000 bytes (past the 255
 * steps of 16 bytes after which the counts are summed; the last ten all '\n' or all '\r'):
 * the count, a lone '\r' (a step's last byte before the next step's first is the case the
 * steps make) and a '\r' last. */
static void test_line_scan_as_bytes(void **state)
{
    (void)state;
    static char buf[9100];
    uint64_t x = 88172645463325252u;
    const char abc[] = "a\n\r";
    for (int round = 0; round < 4100; round++) {
        size_t off = (size_t)round % 16, n = (size_t)(round / 16) % 100;
        if (round >= 4000)
            n = 4000 + (size_t)(round - 4000) * 50;
        for (size_t i = 0; i < off + n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* mostly one kind in some rounds, so that long runs without either occur */
            buf[i] = abc[round % 5 == 0 ? (x % 16 == 0 ? 2 : 0) : x % 3];
            if (round >= 4090) /* nothing but '\n' (every byte's count at its most), or '\r' */
                buf[i] = round < 4095 ? '\n' : '\r';
        }
        size_t count = 0;
        int lone = 0;
        for (size_t i = 0; i < n; i++) {
            count += buf[off + i] == '\n';
            lone |= i + 1 < n && buf[off + i] == '\r' && buf[off + i + 1] != '\n';
        }
        size_t got = 99;
        int got_lone = 9, got_last = 9;
        ls_lines_scan(buf + off, n, &got, &got_lone, &got_last);
        assert_int_equal(got, count);
        assert_int_equal(got_lone, lone);
        assert_int_equal(got_last, n > 0 && buf[off + n - 1] == '\r');
    }
}

/* Messages as text, a line each: "LINE MESSAGE" (malloc'd). */
static char *as_text(const ls_error *items, size_t n)
{
    size_t len = 1, at = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(items[i].message) + 16;
    char *text = calloc(len, 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        at += (size_t)sprintf(text + at, "%u %s\n", items[i].line, items[i].message);
    return text;
}

/* What the pass over the contracts leaves: every floor and usability, every segment's four
 * running floors, the unmet weight, how far the epoch moved and the warnings. */
typedef struct floors_seen {
    double *floor, *seg, unmet_weight;
    int *usable;
    unsigned epoch;
    char *warnings;
} floors_seen;

static floors_seen floors_after(ls_model *m, int threads)
{
    ls_errors warn = {0};
    unsigned epoch = m->usable_epoch;
    for (size_t i = 0; i < m->n_contracts; i++)
        m->contracts[i].usable = (int)(i % 2); /* every other one flips */
    ls_model_compute_on(m, &warn, threads);
    floors_seen f = {malloc(m->n_contracts * sizeof(double)),
                     malloc(4 * m->n_segments * sizeof(double)),
                     m->unmet_weight,
                     malloc(m->n_contracts * sizeof(int)),
                     m->usable_epoch - epoch,
                     NULL};
    assert_non_null(f.floor);
    assert_non_null(f.seg);
    assert_non_null(f.usable);
    for (size_t i = 0; i < m->n_contracts; i++)
        f.floor[i] = m->contracts[i].floor_tariff, f.usable[i] = m->contracts[i].usable;
    for (size_t s = 0; s < m->n_segments; s++) {
        const ls_segment *g = &m->segments[s];
        double v[4] = {g->ref_floor, g->lowest_floor, g->highest_floor, g->pgb_tariff_used};
        memcpy(f.seg + 4 * s, v, sizeof v);
    }
    f.warnings = as_text(warn.warnings, warn.n_warnings);
    ls_errors_clear(&warn);
    return f;
}

static void floors_same(const floors_seen *a, const floors_seen *b, const ls_model *m)
{
    assert_memory_equal(a->floor, b->floor, m->n_contracts * sizeof(double));
    assert_memory_equal(a->usable, b->usable, m->n_contracts * sizeof(int));
    assert_memory_equal(a->seg, b->seg, 4 * m->n_segments * sizeof(double));
    assert_memory_equal(&a->unmet_weight, &b->unmet_weight, sizeof(double));
    assert_int_equal(a->epoch, b->epoch);
    assert_string_equal(a->warnings, b->warnings);
}

static void floors_free(floors_seen *f)
{
    free(f->floor);
    free(f->seg);
    free(f->usable);
    free(f->warnings);
}

/* A generated town's contracts copied to 300,000 in 8 blocks, each block's providers copies of
 * the town's with a margin of their own (+0, +1, −1, +2, −2, +3, −3, +4 points; a ninth set
 * with infinite charges and a margin of −100 %, for a NaN floor, used by none), so that every
 * segment's lowest floor comes from block 6 and its highest from block 7. Its folder into
 * dir. */
static ls_model *big_town(char *dir, size_t size)
{
    ls_model *m = fx_generated("zaltbommel", 7, dir, size);
    size_t n0 = m->n_contracts, n = 300000, np = m->n_providers;
    const double offset[8] = {0, .01, -.01, .02, -.02, .03, -.03, .04};
    ls_provider *p = realloc(m->providers, 9 * np * sizeof *p);
    ls_contract *c = realloc(m->contracts, n * sizeof *c);
    assert_non_null(p);
    assert_non_null(c);
    m->providers = p, m->contracts = c;
    for (size_t b = 0; b < 9; b++)
        for (size_t k = 0; k < np; k++) {
            p[b * np + k] = p[k];
            p[b * np + k].margin =
                b < 8 ? ls_provider_fraction(m, &p[k], LS_FRAC_MARGIN) + offset[b] : -1;
            if (b == 8)
                p[b * np + k].employer_charges = INFINITY;
        }
    m->n_providers = 9 * np, m->n_contracts = n;
    for (size_t i = n0; i < n; i++)
        c[i] = c[i % n0];
    for (size_t i = 0; i < n; i++)
        c[i].provider += (int)(i * 8 / n * np);
    return m;
}

/* The pass over the contracts on 1 thread against 2, 3 and 4 (a thread for each 2^16
 * contracts): the same bits. A generated town's contracts copied to 300,000 in 8 blocks,
 * each block's providers copies of the town's with a margin of their own (+0, +1, −1, +2,
 * −2, +3, −3, +4 points), so that every segment's lowest floor comes from block 6 and its
 * highest from block 7, the later parts; every third segment's max_tariff between its
 * lowest and highest floor (some contracts unusable, warned of in the file's order; the
 * first pass makes every other contract flip). Then one contract in block 7 with a NaN
 * floor (charges infinite, margin −100 %): one pass in order takes a NaN as its segment's
 * lowest until the next floor replaces it, so the threads hand that pass back to one. */
static void test_floors_on_threads(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = big_town(dir, sizeof dir);
    size_t n = m->n_contracts, np = m->n_providers / 9, odd = n - 1000; /* in block 7 */
    ls_contract *c = m->contracts;
    ls_model_compute_on(m, NULL, 1);
    for (size_t s = 0; s < m->n_segments; s += 3)
        m->segments[s].max_tariff =
            (m->segments[s].lowest_floor + m->segments[s].highest_floor) / 2;
    floors_seen one = floors_after(m, 1);
    assert_true(strlen(one.warnings) > 0);
    assert_true(one.epoch > 0);
    for (int t = 2; t <= 4; t++) {
        floors_seen more = floors_after(m, t);
        floors_same(&one, &more, m);
        floors_free(&more);
    }
    floors_free(&one);
    c[odd].provider += (int)np; /* block 7's providers are 7 np on: now the ninth set's */
    one = floors_after(m, 1);
    assert_true(isnan(one.floor[odd]));
    floors_seen more = floors_after(m, 4);
    floors_same(&one, &more, m);
    floors_free(&more);
    floors_free(&one);
    ls_model_free(m);
    fx_remove(dir);
}

/* check's summary of big_town on 1 thread against 2, 3 and 4 (a thread for each 2^16
 * contracts): every class's count, min, median and max the same bits, and every class
 * there. The floors of a class come from every block, so each part of the contracts adds to
 * every class; every third segment's max_tariff leaves some of its contracts out. */
static void test_check_summary_on_threads(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = big_town(dir, sizeof dir);
    ls_model_compute_on(m, NULL, 1);
    for (size_t s = 0; s < m->n_segments; s += 3) /* some contracts unusable, left out */
        m->segments[s].max_tariff =
            (m->segments[s].lowest_floor + m->segments[s].highest_floor) / 2;
    ls_model_compute_on(m, NULL, 1);
    ls_check *one = NULL;
    m->threads = 1;
    assert_int_equal(ls_check_summarize(m, &one), LS_OK);
    assert_true(one->n_classes > 10);
    assert_true(one->usable_contracts < m->n_contracts);
    assert_true(one->usable_contracts > m->n_contracts / 2);
    for (int t = 2; t <= 4; t++) {
        ls_check *more = NULL;
        m->threads = t;
        assert_int_equal(ls_check_summarize(m, &more), LS_OK);
        assert_int_equal(more->n_classes, one->n_classes);
        assert_int_equal(more->usable_contracts, one->usable_contracts);
        for (size_t k = 0; k < one->n_classes; k++) {
            const ls_tariff_class *a = &one->classes[k], *b = &more->classes[k];
            assert_string_equal(a->product, b->product);
            assert_int_equal(a->contracts, b->contracts);
            double x[3] = {a->min, a->median, a->max}, y[3] = {b->min, b->median, b->max};
            assert_memory_equal(x, y, sizeof x);
        }
        ls_check_free(more);
    }
    ls_check_free(one);
    ls_model_free(m);
    fx_remove(dir);
}

/* Reading that stops before contracts.csv, which is being loaded ahead (a generated town's,
 * read on two threads from 1 byte up): segments.csv's first 25 rows broken, so the reading
 * stops at the twentieth error. The same status and messages as on one thread, and the file's
 * buffer freed by the reading (valgrind and the sanitizers check that). */
static void test_stop_before_contracts_loaded_ahead(void **state)
{
    (void)state;
    char dir[64];
    ls_model *m = fx_generated("zaltbommel", 7, dir, sizeof dir);
    ls_model_free(m);
    char path[1100], line[4096];
    snprintf(path, sizeof path, "%s/segments.csv", dir);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char *text = calloc(1 << 22, 1);
    assert_non_null(text);
    for (int k = 0; fgets(line, sizeof line, in); k++)
        strcat(text, k >= 2 && k <= 26 ? "bad,row\n" : line); /* (a comment, the header) */
    fclose(in);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
    free(text);
    char *said[2];
    int rc[2];
    for (int t = 1; t <= 2; t++) {
        ls_read_options ro;
        ls_read_options_init(&ro);
        ro.threads = t;
        ro.parallel_min_bytes = 1;
        ls_errors errs = {0};
        rc[t - 1] = ls_model_read(dir, &ro, &m, &errs);
        assert_null(m);
        assert_int_equal(errs.n_errors, LS_MAX_ERRORS);
        said[t - 1] = as_text(errs.errors, errs.n_errors);
        ls_errors_clear(&errs);
    }
    assert_int_equal(rc[0], LS_EINPUT);
    assert_int_equal(rc[1], rc[0]);
    assert_string_equal(said[1], said[0]);
    free(said[0]);
    free(said[1]);
    fx_remove(dir);
}

/* A model of providers A and B and the 900 segments s000 … s899 (all of one scale, for which
 * both CAOs have a wage), whose contracts.csv is "provider,segment,current_clients,
 * max_clients" and then a row "P,sNNN,1," for each of the runs given: provider, first and
 * last segment number. A's run of 900 rows is some 90 % of the file, so every edge of the
 * shares of 2, 3 and 8 threads falls inside it. */
typedef struct run {
    char provider;
    int first, last;
} run;

static char *runs_model_with(const run *runs, size_t n, const char *indicators)
{
    static char segments[65536], contracts[40000];
    size_t at = (size_t)sprintf(segments, "segment,product,intensity,complexity,domain,area,"
                                          "clients,hours,scale,max_tariff\n");
    for (int s = 0; s < 900; s++)
        at += (size_t)sprintf(segments + at,
                              "s%03d,begeleiding,licht,basis,wmo,all,10,10,"
                              "niveau3,\n",
                              s);
    assert_true(at < sizeof segments);
    at = (size_t)sprintf(contracts, "provider,segment,current_clients,max_clients\n");
    for (size_t k = 0; k < n; k++)
        for (int s = runs[k].first; s <= runs[k].last; s++)
            at += (size_t)sprintf(contracts + at, "%c,s%03d,1,\n", runs[k].provider, s);
    assert_true(at < sizeof contracts);
    const fx_file files[] = {
        {"segments.csv", segments}, {"contracts.csv", contracts}, {"indicators.csv", indicators}};
    return fx_model(files, 3);
}

/* The same without indicators.csv. */
static char *runs_model(const run *runs, size_t n)
{
    return runs_model_with(runs, n, "");
}

/* The model of runs on 1 thread and on 2, 3 and 8 (fx_same_on_threads), with the messages
 * of the one thread: "" when expected is NULL, else they hold it (and only one error). */
static void runs_read(const run *runs, size_t n, const char *expected)
{
    char *dir = runs_model(runs, n);
    char *messages = fx_same_on_threads(dir);
    if (!expected)
        assert_string_equal(messages, "");
    else if (!strstr(messages, expected) || strchr(messages, '\n') != strrchr(messages, '\n'))
        fail_msg("expected only \"%s\", got:\n%s", expected, messages);
    free(messages);
    fx_remove(dir);
}

/* Every contract row prepared on the threads is taken at once unless a contract could repeat
 * another: a segment twice in one provider's run of rows (within a thread's share, or in the
 * two parts of a run that the edge between two shares cuts), or a provider in two runs. Each
 * case read as one thread reads it: the same contracts in the same order and counts, or the
 * same error at the same line (1 + the row's number: the header is line 1). */
static void test_contracts_at_once(void **state)
{
    (void)state;
    /* A's 900 rows (lines 2 … 901), B's 100 (902 … 1001): no repeat, the rows at once */
    const run clean[] = {{'A', 0, 899}, {'B', 0, 99}};
    runs_read(clean, 2, NULL);
    /* A's s100 twice in a row (lines 102 and 103), inside the first share */
    const run twice[] = {{'A', 0, 100}, {'A', 100, 899}, {'B', 0, 99}};
    runs_read(twice, 3, "E 103:2: the contract (A, s100) appears twice (first on line 102)");
    /* A's run ends with s000 again (line 902): its first row and its last in different
     * shares, whatever the threads */
    const run around[] = {{'A', 0, 899}, {'A', 0, 0}, {'B', 0, 99}};
    runs_read(around, 3, "E 902:2: the contract (A, s000) appears twice (first on line 2)");
    /* A again after B's run (line 1002), with its first segment */
    const run again[] = {{'A', 0, 899}, {'B', 0, 99}, {'A', 0, 0}};
    runs_read(again, 3, "E 1002:2: the contract (A, s000) appears twice (first on line 2)");
    /* A in two runs around B's, without a repeat: read in file order */
    const run split[] = {{'A', 0, 449}, {'B', 0, 99}, {'A', 450, 899}};
    runs_read(split, 3, NULL);
}

/* indicators.csv, read while contracts.csv is loaded ahead, gives what it gives read after
 * contracts.csv: its rows, and its messages after contracts.csv's, none after the twentieth
 * error. On 1 thread against 2, 3 and 8 (the runs' model; Z is no provider). */
static void test_indicators_ahead(void **state)
{
    (void)state;
    const run clean[] = {{'A', 0, 899}, {'B', 0, 99}};
    const char *good = "provider,indicator,score\nA,wachttijd,7\nB,wachttijd,8\nB,klachten,6\n";
    char *dir = runs_model_with(clean, 2, good);
    fx_threads_read two = fx_read_on(dir, 2);
    assert_int_equal(two.rc, LS_OK);
    assert_int_equal(two.m->n_indicators, 3);
    assert_int_equal(two.m->n_indicator_names, 2);
    assert_string_equal(two.m->indicator_names[1], "klachten");
    fx_threads_read_free(&two);
    char *messages = fx_same_on_threads(dir);
    assert_string_equal(messages, "");
    free(messages);
    fx_remove(dir);
    /* a warning of its own (an unknown column) */
    dir = runs_model_with(clean, 2, "provider,indicator,score,note\nA,wachttijd,7,x\n");
    messages = fx_same_on_threads(dir);
    assert_string_equal(messages, "W 1:1: unknown column ignored: note\n");
    free(messages);
    fx_remove(dir);
    /* errors of its own after contracts.csv's: a contract of no provider (line 2), then an
     * indicator of none (line 3) and a score above 10 (line 4) */
    const run z[] = {{'Z', 0, 0}, {'A', 0, 899}};
    const char *bad = "provider,indicator,score\nA,wachttijd,7\nQ,wachttijd,5\nA,klachten,11\n";
    dir = runs_model_with(z, 2, bad);
    messages = fx_same_on_threads(dir);
    const char *c = strstr(messages, "E 2:1: provider 'Z' is not in"),
               *q = strstr(messages, "E 3:1: provider 'Q' is not in"),
               *a = strstr(messages, "E 4:3:");
    if (!c || !q || !a || !(c < q && q < a))
        fail_msg("got:\n%s", messages);
    free(messages);
    fx_remove(dir);
    /* 15 contracts of no provider and 10 bad indicators: the first 5 of those said */
    const run z15[] = {{'Z', 0, 14}, {'A', 0, 899}};
    char many[1024] = "provider,indicator,score\n";
    for (int k = 0; k < 10; k++)
        sprintf(many + strlen(many), "Q%d,wachttijd,5\n", k);
    dir = runs_model_with(z15, 2, many);
    messages = fx_same_on_threads(dir);
    assert_non_null(strstr(messages, "'Q4' is not in"));
    assert_null(strstr(messages, "'Q5'"));
    free(messages);
    fx_remove(dir);
    /* 20 contracts of no provider: indicators.csv is not read (its warning not given) */
    const run z20[] = {{'Z', 0, 19}, {'A', 0, 899}};
    dir = runs_model_with(z20, 2, "provider,indicator,score,note\nQ,wachttijd,5,x\n");
    messages = fx_same_on_threads(dir);
    assert_null(strstr(messages, "note"));
    assert_null(strstr(messages, "'Q'"));
    free(messages);
    fx_remove(dir);
    /* nor is --set weight.wachttijd=1 judged after the reading stopped: bad input (1), the
     * twenty errors said and nothing after them, whether indicators.csv reads clean or
     * rejects wachttijd's row (its score); 19 errors leave room for the bad usage (2) and
     * its message */
    const char *const weight[] = {"weight.wachttijd=1"};
    const run z19[] = {{'Z', 0, 18}, {'A', 0, 899}};
    const struct {
        const run *runs;
        const char *indicators;
        int rc;
        const char *said; /* in the messages, or NULL: nothing of wachttijd */
    } cases[] = {
        {z20, good, LS_EINPUT, NULL},
        {z20, "provider,indicator,score\nA,wachttijd,abc\n", LS_EINPUT, NULL},
        {z19, "provider,indicator,score\nA,klachten,6\n", LS_EUSAGE,
         "E 0:0: weight.wachttijd weighs the indicator"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        dir = runs_model_with(cases[k].runs, 2, cases[k].indicators);
        fx_threads_read one = fx_read_on_set(dir, 1, weight, 1);
        assert_int_equal(one.rc, cases[k].rc);
        if (cases[k].said)
            assert_non_null(strstr(one.messages, cases[k].said));
        else
            assert_null(strstr(one.messages, "wachttijd"));
        fx_threads_read_free(&one);
        free(fx_same_on_threads_set(dir, weight, 1));
        fx_remove(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_scan_as_bytes),
        cmocka_unit_test(test_floors_on_threads),
        cmocka_unit_test(test_check_summary_on_threads),
        cmocka_unit_test(test_stop_before_contracts_loaded_ahead),
        cmocka_unit_test(test_contracts_at_once),
        cmocka_unit_test(test_indicators_ahead),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
