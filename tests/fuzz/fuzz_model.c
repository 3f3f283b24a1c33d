/*
 * fuzz_model.c — libFuzzer harness for the model reader and, on what it accepts, the planner
 * (docs/testing.md). Built with clang -fsanitize=fuzzer,address,undefined (cmake -DLS_FUZZ=ON).
 *
 * The first byte picks the mode:
 *   0–5  the rest is one file of the base model (Dalfsen, as bundled) — segments, wages,
 *        providers, contracts, indicators, budget — arbitrary bytes in that role;
 *   255  the rest is the value of one of risk's options (the CLI's range checks);
 *   254  a workbook as the model: the next byte picks a part of data/brunssum.xlsx (a sheet,
 *        the shared strings, the workbook or its relationships), the rest replaces it;
 *   253  the rest is a whole .xlsx file read as the model (zip and all);
 *   6+   structure-aware: the rest is a whole model, its six files separated by a line
 *        "%%%%" (the seed corpus holds every bundled model so), mutated by libFuzzer; what
 *        reads and is small is also planned, and the plan's invariants are checked.
 * In modes 0–5 the file is also read with and without the fast split of quote-less lines;
 * rows or errors that differ from libcsv's are a finding (abort). Every model is also read
 * on three threads (contracts.csv's parallel route): anything that differs from one thread
 * is a finding.
 * A crash, a sanitizer report, a hang or a broken invariant (abort) is a finding; a reader
 * error is the expected answer to bad bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "lumpsum.h"
#include "csvfile.h"
#include "model.h"
#include "util.h"

static const char *const files[6] = {"segments.csv", "wages.csv",      "providers.csv",
                                     "contracts.csv", "indicators.csv", "budget.csv"};
static char dir[256], book[300];
/* data/brunssum.xlsx's parts, for mode 254 */
#define BOOK_PARTS 32
static char *book_name[BOOK_PARTS], *book_part[BOOK_PARTS];
static size_t book_len[BOOK_PARTS], n_book_parts;
static const char *const fuzzed_parts[] = {
    "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
    "xl/worksheets/sheet4.xml", "xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml",
    "xl/sharedStrings.xml",     "xl/workbook.xml",          "xl/_rels/workbook.xml.rels"};
static char *base[6];
static size_t base_len[6];

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0', *len = (size_t)n;
    return buf;
}

static void put(int i, const uint8_t *data, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (n && fwrite(data, 1, n, f) != n)
        abort();
    fclose(f);
}

static void check_plan(const ls_result *r);

/* data/brunssum.xlsx's parts into memory. */
static void load_book(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/data/brunssum.xlsx", LS_SOURCE_DIR);
    zip_t *z = zip_open(path, ZIP_RDONLY, NULL);
    if (!z)
        abort();
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n && n_book_parts < BOOK_PARTS; i++) {
        zip_stat_t st;
        if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0)
            abort();
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        char *buf = malloc(st.size + 1);
        if (!f || !buf || zip_fread(f, buf, st.size) != (zip_int64_t)st.size)
            abort();
        zip_fclose(f);
        book_name[n_book_parts] = strdup(st.name);
        book_part[n_book_parts] = buf;
        book_len[n_book_parts++] = st.size;
    }
    zip_discard(z);
}

/* Mode 254: data/brunssum.xlsx with the part data[0] picks replaced by the rest, written
 * (stored, not compressed: the XML is what is fuzzed) to book. */
static void put_book(const uint8_t *data, size_t size)
{
    if (size < 1)
        return;
    const char *fuzzed = fuzzed_parts[data[0] % (sizeof fuzzed_parts / sizeof *fuzzed_parts)];
    zip_t *z = zip_open(book, ZIP_CREATE | ZIP_TRUNCATE, NULL);
    if (!z)
        abort();
    for (size_t i = 0; i < n_book_parts; i++) {
        int mine = strcmp(book_name[i], fuzzed) == 0;
        zip_source_t *src = mine ? zip_source_buffer(z, data + 1, size - 1, 0)
                                 : zip_source_buffer(z, book_part[i], book_len[i], 0);
        zip_int64_t k = src ? zip_file_add(z, book_name[i], src, 0) : -1;
        if (k < 0 || zip_set_file_compression(z, (zip_uint64_t)k, ZIP_CM_STORE, 0) != 0)
            abort();
    }
    if (zip_close(z) != 0)
        abort();
}

/* Modes 253 and 254: a workbook read as the model; what reads is planned like a folder's. */
static void fuzz_book(int mode, const uint8_t *data, size_t size)
{
    if (mode == 254) {
        put_book(data, size);
    } else {
        FILE *f = fopen(book, "wb");
        if (!f || (size && fwrite(data, 1, size, f) != size))
            abort();
        fclose(f);
    }
    ls_read_options ro;
    ls_read_options_init(&ro);
    ro.threads = 1;
    ls_model *m = NULL;
    ls_errors errs = {0};
    int rc = ls_model_read(book, &ro, &m, &errs);
    if ((rc == LS_OK) != (m != NULL) || (rc != LS_OK && errs.n_errors == 0 && !errs.out_of_memory))
        abort(); /* an error without a message, or a model with one */
    for (size_t i = 0; i < errs.n_errors; i++) {
        char where[1024];
        ls_error_where(&errs.errors[i], where, sizeof where);
    }
    if (rc == LS_OK && m->n_contracts <= 3000 && m->n_segments <= 1000) {
        ls_result *r = NULL;
        ls_errors perrs = {0};
        ls_planner *pl = NULL;
        ls_planner_options po;
        ls_planner_options_init(&po);
        po.threads = 1;
        if (ls_planner_create_with(m, &po, &pl) == LS_OK &&
            ls_planner_solve(pl, &r, &perrs) == LS_OK && r)
            check_plan(r);
        ls_planner_free(pl);
        ls_result_free(r);
        ls_errors_clear(&perrs);
    }
    ls_model_free(m);
    ls_errors_clear(&errs);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* a directory in memory where the files are written for each input */
    snprintf(dir, sizeof dir, "/dev/shm/lumpsum-fuzz-%d", (int)getpid());
    if (mkdir(dir, 0700) != 0) {
        snprintf(dir, sizeof dir, "/tmp/lumpsum-fuzz-%d", (int)getpid());
        mkdir(dir, 0700);
    }
    snprintf(book, sizeof book, "%s/model.xlsx", dir);
    load_book();
    for (int i = 0; i < 6; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/data/dalfsen/%s", LS_SOURCE_DIR, files[i]);
        base[i] = slurp(path, &base_len[i]);
        if (!base[i])
            base[i] = strdup(""), base_len[i] = 0;
    }
    return 0;
}

/* What every plan must satisfy (both stages, docs/method.md); abort() makes a broken one a
 * finding. */
static void check_plan(const ls_result *r)
{
    double tol = 0.01 + 1e-9 * fabs(r->summary.available);
    if (r->summary.allocated > r->summary.available + tol && r->summary.available > 0)
        abort(); /* a euro over the budget */
    double floors = 0, budgets = 0;
    for (size_t g = 0; g < r->n_budgets; g++) {
        const ls_budget_row *b = &r->budgets[g];
        floors += b->floor_cost;
        budgets += b->budget;
        if (b->budget < b->floor_cost * (1 + r->summary.cut) - 0.01 - 1e-7 * b->floor_cost)
            abort(); /* below its floor after the common cut */
    }
    if (fabs(budgets - r->summary.allocated) > 0.01 + 1e-9 * fabs(budgets))
        abort();
    if (fabs(floors - r->summary.required) > 0.01 + 1e-7 * fabs(floors))
        abort();
}

/* An FNV-1a hash of every row (line, delimiter, fields) read from a file. */
static int hash_row(void *ctx, const ls_csv_row *row)
{
    uint64_t *h = ctx;
    unsigned char head[3] = {(unsigned char)row->line, (unsigned char)row->delimiter,
                             (unsigned char)row->n_fields};
    for (size_t i = 0; i < sizeof head; i++)
        *h = (*h ^ head[i]) * 1099511628211ULL;
    for (size_t f = 0; f < row->n_fields; f++)
        for (const char *c = row->fields[f];; c++) {
            *h = (*h ^ (unsigned char)*c) * 1099511628211ULL;
            if (!*c)
                break;
        }
    return 0;
}

/* The rows and errors of one file, read with the fast split on or off. */
static uint64_t csv_digest(const char *path, int fast)
{
    uint64_t h = 14695981039346656037ULL;
    ls_errors errs = {0};
    ls_csv_options co;
    ls_csv_options_init(&co);
    co.fast_split = fast;
    int rc = ls_csv_read(path, "f", hash_row, &h, NULL, &errs, &co);
    h = (h ^ (unsigned)rc) * 1099511628211ULL;
    for (size_t i = 0; i < errs.n_errors; i++) {
        h = (h ^ errs.errors[i].line ^ ((uint64_t)errs.errors[i].column << 32)) *
            1099511628211ULL;
        for (const char *c = errs.errors[i].message; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    }
    ls_errors_clear(&errs);
    return h;
}

/* The parallel route for contracts.csv (taken here at any size, on 3 threads) reads what
 * one thread read: the same return code, errors and contracts. */
static void same_on_threads(const ls_read_options *ro, int rc, const ls_model *m,
                            const ls_errors *errs)
{
    ls_read_options many = *ro;
    many.threads = 3;
    many.parallel_min_bytes = 1; /* the parallel route at any size */
    ls_model *m3 = NULL;
    ls_errors e3 = {0};
    int rc3 = ls_model_read(dir, &many, &m3, &e3);
    if (rc3 != rc || e3.n_errors != errs->n_errors || e3.n_warnings != errs->n_warnings)
        abort();
    for (size_t i = 0; i < errs->n_errors; i++)
        if (e3.errors[i].line != errs->errors[i].line ||
            e3.errors[i].column != errs->errors[i].column ||
            strcmp(e3.errors[i].message, errs->errors[i].message) != 0)
            abort();
    if (m && (m3->n_contracts != m->n_contracts ||
              memcmp(m3->contracts, m->contracts, m->n_contracts * sizeof *m->contracts) != 0))
        abort();
    ls_model_free(m3);
    ls_errors_clear(&e3);
}

/* Mode 255: the rest is the value of one of risk's options (--runs, --seed, --dispersion,
 * --wage-sd, --threads), picked by its first byte. What ls_parse_option accepts must lie in
 * the option's range (and be whole where asked) before the CLI casts it: else abort. */
static void fuzz_option(const uint8_t *data, size_t size)
{
    static const struct {
        const char *name;
        double lo, hi;
        int whole;
    } opts[] = {{"runs", 1, 1e8, 1}, {"seed", 0, 4294967295.0, 1}, {"dispersion", 0, 1e6, 0},
                {"wage-sd", 0, 10, 0}, {"threads", 1, 256, 1}};
    if (size < 1)
        return;
    size_t k = data[0] % (sizeof opts / sizeof *opts);
    char text[64], msg[256];
    size_t n = size - 1 < sizeof text - 1 ? size - 1 : sizeof text - 1;
    memcpy(text, data + 1, n);
    text[n] = '\0';
    double v;
    if (ls_parse_option(opts[k].name, text, opts[k].lo, opts[k].hi, opts[k].whole, &v, msg,
                        sizeof msg) == 0 &&
        !(v >= opts[k].lo && v <= opts[k].hi && (!opts[k].whole || v == floor(v))))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int mode = data[0];
    data++, size--;
    if (mode == 255) {
        fuzz_option(data, size);
        return 0;
    }
    if (mode == 253 || mode == 254) {
        fuzz_book(mode, data, size);
        return 0;
    }
    if (mode < 6) {
        for (int i = 0; i < 6; i++)
            if (i == mode)
                put(i, data, size);
            else
                put(i, (const uint8_t *)base[i], base_len[i]);
    } else {
        /* six files separated by lines "%%%%" */
        const uint8_t *p = data, *end = data + size;
        for (int i = 0; i < 6; i++) {
            const uint8_t *q = p;
            while (q + 5 <= end && memcmp(q, "\n%%%%", 5) != 0)
                q++;
            if (q + 5 > end)
                q = end;
            put(i, p, (size_t)(q - p));
            p = q + 5 <= end ? q + 5 : end;
            if (p < end && *p == '\n')
                p++;
        }
    }
    if (mode < 6) {
        /* libcsv and the fast split of quote-less lines read the same rows and errors */
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[mode]);
        if (csv_digest(path, 0) != csv_digest(path, 1))
            abort();
    }
    ls_read_options ro;
    ls_read_options_init(&ro);
    ro.threads = 1;
    ls_model *m = NULL;
    ls_errors errs = {0};
    int rc = ls_model_read(dir, &ro, &m, &errs);
    if (mode == 3 || mode >= 6) /* contracts.csv, or a whole model */
        same_on_threads(&ro, rc, m, &errs);
    /* small models only: a mutated count can make an LP of a million rows, which is a
     * benchmark, not a finding */
    if (rc == LS_OK && mode >= 6 && m && m->n_contracts <= 3000 && m->n_segments <= 1000) {
        ls_result *r = NULL;
        ls_errors perrs = {0};
        ls_planner *pl = NULL;
        ls_planner_options po;
        ls_planner_options_init(&po);
        po.threads = 1; /* the fuzzer's own threads are its jobs */
        if (ls_planner_create_with(m, &po, &pl) == LS_OK &&
            ls_planner_solve(pl, &r, &perrs) == LS_OK && r)
            check_plan(r);
        ls_planner_free(pl);
        ls_result_free(r);
        ls_errors_clear(&perrs);
    }
    ls_model_free(m);
    ls_errors_clear(&errs);
    return 0;
}
