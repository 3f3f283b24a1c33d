#include "fixture.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "model.h"

/* Two providers, two segments, three contracts. Floors (docs/tariff.md), worked in test_tariff.c:
 *   (A, s1) = 368.225, (B, s1) = 376.8470588..., (B, s2) = 856.4705882... */
const char *const fx_base_wages = "cao,scale,hourly_wage\n"
                                  "vvt,niveau3,20.00\n"
                                  "ghz,niveau3,22.00\n"
                                  "ghz,niveau4,25.00\n";
const char *const fx_base_providers =
    "provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,employer_charges,"
    "unproductive,overhead,margin\n"
    "A,Alpha,vvt,1,,,,8,,,,\n"
    "B,Beta,ghz,0,,,,6,0.25,0.15,0.12,0.04\n";
/* The base providers with A's capacity row: 720 hours a year (6 of s1's clients). */
const char *const fx_providers_a720 =
    "provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,employer_charges,"
    "unproductive,overhead,margin\n"
    "A,Alpha,vvt,1,720,,,8,,,,\n"
    "B,Beta,ghz,0,,,,6,0.25,0.15,0.12,0.04\n";
const char *const fx_base_segments =
    "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
    "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
    "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n";
const char *const fx_base_contracts = "provider,segment,current_clients,max_clients\n"
                                      "A,s1,6,\n"
                                      "B,s1,4,\n"
                                      "B,s2,4,\n";
const char *const fx_base_budget = "key,value\n"
                                   "year,2025\n"
                                   "budget,100000\n";

void fx_write(const char *dir, const char *name, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        abort();
    }
    fputs(content, f);
    fclose(f);
}

char *fx_model(const fx_file *replace, size_t n_replace)
{
    static char dirs[4][64];
    static int next;
    char *dir = dirs[next++ % 4];
    snprintf(dir, sizeof dirs[0], "/tmp/lumpsum-test-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        abort();
    }
    const fx_file base[] = {{"segments.csv", fx_base_segments},
                            {"wages.csv", fx_base_wages},
                            {"providers.csv", fx_base_providers},
                            {"contracts.csv", fx_base_contracts},
                            {"budget.csv", fx_base_budget},
                            {"indicators.csv", ""}};
    for (size_t i = 0; i < sizeof base / sizeof *base; i++) {
        const char *content = base[i].content;
        for (size_t j = 0; j < n_replace; j++)
            if (strcmp(replace[j].name, base[i].name) == 0 && replace[j].content)
                content = replace[j].content;
        if (*content)
            fx_write(dir, base[i].name, content);
    }
    return dir;
}

ls_model *fx_read(const fx_file *replace, size_t n_replace, char **dir)
{
    *dir = fx_model(replace, n_replace);
    ls_model *m = NULL;
    ls_errors errs = {0};
    if (ls_model_read(*dir, NULL, &m, &errs) != LS_OK) {
        fprintf(stderr, "fx_read: the test's model in %s does not read: %s\n", *dir,
                errs.n_errors ? errs.errors[0].message : "out of memory");
        abort();
    }
    ls_errors_clear(&errs);
    return m;
}

void fx_remove(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

void fx_expect(const char *args, int code, const char *in_out, const char *in_err)
{
    char *out, *err;
    int rc = fx_run(args, &out, &err);
    if (rc != code || (in_out && !strstr(out, in_out)) || (in_err && !strstr(err, in_err)))
        fail_msg("lumpsum %s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwanted stdout ∋ '%s', "
                 "stderr ∋ '%s'",
                 args, rc, code, out, err, in_out ? in_out : "", in_err ? in_err : "");
    free(out);
    free(err);
}

char *fx_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

int fx_run(const char *args, char **out, char **err)
{
    char o[] = "/tmp/lumpsum-out-XXXXXX", e[] = "/tmp/lumpsum-err-XXXXXX";
    int fo = mkstemp(o), fe = mkstemp(e);
    close(fo);
    close(fe);
    size_t n = strlen(args) + strlen(LS_BINARY) + 128;
    char *cmd = malloc(n);
    snprintf(cmd, n, "%s %s >%s 2>%s </dev/null", LS_BINARY, args, o, e);
    int status = system(cmd);
    free(cmd);
    char *so = fx_slurp(o), *se = fx_slurp(e);
    unlink(o);
    unlink(e);
    if (out)
        *out = so;
    else
        free(so);
    if (err)
        *err = se;
    else
        free(se);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

const char *fx_data_dir(void)
{
    return LS_SOURCE_DIR "/data";
}

ls_model *fx_bundled(const char *name, const char *key, const char *value)
{
    char dir[512], msg[256];
    snprintf(dir, sizeof dir, "%s/%s", fx_data_dir(), name);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    if (key)
        assert_int_equal(ls_model_set(m, key, value, msg, sizeof msg), LS_OK);
    ls_model_compute(m, NULL);
    return m;
}

size_t fx_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

fx_threads_read fx_read_on_set(const char *dir, int threads, const char *const *set, size_t n_set)
{
    ls_read_options ro;
    ls_read_options_init(&ro);
    ro.overrides = set, ro.n_overrides = n_set;
    ro.threads = threads;
    ro.parallel_min_bytes = 1; /* the parallel route at any size */
    ls_errors errs = {0};
    fx_threads_read res = {0};
    ro.contracts_prepared = &res.prepared;
    res.rc = ls_model_read(dir, &ro, &res.m, &errs);
    size_t size = 0;
    FILE *t = open_memstream(&res.messages, &size);
    assert_non_null(t);
    for (size_t i = 0; i < errs.n_errors; i++)
        fprintf(t, "E %u:%u: %s\n", errs.errors[i].line, errs.errors[i].column,
                errs.errors[i].message);
    for (size_t i = 0; i < errs.n_warnings; i++)
        fprintf(t, "W %u:%u: %s\n", errs.warnings[i].line, errs.warnings[i].column,
                errs.warnings[i].message);
    fclose(t);
    ls_errors_clear(&errs);
    return res;
}

fx_threads_read fx_read_on(const char *dir, int threads)
{
    return fx_read_on_set(dir, threads, NULL, 0);
}

void fx_threads_read_free(fx_threads_read *res)
{
    free(res->messages);
    ls_model_free(res->m);
}

char *fx_same_on_threads(const char *dir)
{
    return fx_same_on_threads_set(dir, NULL, 0);
}

char *fx_same_on_threads_set(const char *dir, const char *const *set, size_t n_set)
{
    fx_threads_read one = fx_read_on_set(dir, 1, set, n_set);
    assert_int_equal(one.prepared, 0);
    const int threads[] = {2, 3, 8};
    for (size_t k = 0; k < sizeof threads / sizeof *threads; k++) {
        fx_threads_read many = fx_read_on_set(dir, threads[k], set, n_set);
        assert_int_equal(many.rc, one.rc);
        if (one.rc == LS_OK)
            assert_int_equal(many.prepared, one.m->n_contracts);
        else
            assert_true(many.prepared > 0);
        if (strcmp(many.messages, one.messages) != 0)
            fail_msg("%d threads:\n%s\none thread:\n%s", threads[k], many.messages, one.messages);
        if (one.rc == LS_OK) {
            assert_int_equal(many.m->n_contracts, one.m->n_contracts);
            assert_memory_equal(many.m->contracts, one.m->contracts,
                                one.m->n_contracts * sizeof(ls_contract));
            for (size_t p = 0; p < one.m->n_providers; p++)
                assert_int_equal(many.m->providers[p].n_contracts, one.m->providers[p].n_contracts);
            assert_int_equal(many.m->n_indicators, one.m->n_indicators);
            assert_memory_equal(many.m->indicators, one.m->indicators,
                                one.m->n_indicators * sizeof(ls_indicator));
            assert_int_equal(many.m->n_indicator_names, one.m->n_indicator_names);
            for (size_t i = 0; i < one.m->n_indicator_names; i++)
                assert_string_equal(many.m->indicator_names[i], one.m->indicator_names[i]);
        }
        fx_threads_read_free(&many);
    }
    char *messages = one.messages;
    one.messages = NULL;
    fx_threads_read_free(&one);
    return messages;
}

int fx_write_seed(const char *dir, const char *prefix, const char *name, const char *file,
                  const char *content)
{
    static const char *const files[] = {"segments.csv",  "wages.csv",      "providers.csv",
                                        "contracts.csv", "indicators.csv", "budget.csv"};
    for (int k = 0; k < 6; k++)
        if (strcmp(file, files[k]) == 0) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s-%s", dir, prefix, name);
            FILE *f = fopen(path, "wb");
            if (!f)
                return -1;
            fputc(k, f);
            fputs(content, f);
            fclose(f);
        }
    return 0;
}

ls_model *fx_generated(const char *preset, unsigned long seed, char *dir, size_t size)
{
    ls_generate_options opts;
    ls_generate_options_init(&opts);
    assert_int_equal(ls_generate_preset(preset, &opts), LS_OK);
    opts.seed = seed;
    return fx_generated_with(&opts, dir, size);
}

ls_model *fx_generated_with(ls_generate_options *opts, char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/lumpsum-net-XXXXXX");
    assert_non_null(mkdtemp(dir));
    ls_errors errs = {0};
    assert_int_equal(ls_generate(opts, dir, &errs), LS_OK);
    ls_read_options ro;
    ls_read_options_init(&ro);
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, &ro, &m, &errs), LS_OK);
    ls_errors_clear(&errs);
    return m;
}

void fx_book_refused(const char *name, const char *file, const char *content, int dutch,
                     const char *at, const char *words, int alone)
{
    fx_file f = {file, content};
    char *dir = fx_model(&f, *file ? 1 : 0);
    char path[128];
    snprintf(path, sizeof path, "%s.xlsx", dir);
    assert_int_equal(fx_book(dir, path, dutch), 0);
    ls_errors errs = {0};
    ls_model *m = NULL;
    int rc = ls_model_read(path, NULL, &m, &errs);
    if (rc != LS_EINPUT || errs.n_errors == 0)
        fail_msg("%s: status %d, %zu errors", name, rc, errs.n_errors);
    char where[512], want[512];
    ls_error_where(&errs.errors[0], where, sizeof where);
    snprintf(want, sizeof want, "%s%s", path, at);
    if (strcmp(where, want) != 0 || !strstr(errs.errors[0].message, words))
        fail_msg("%s: got %s: %s\nwant %s: …%s…", name, where, errs.errors[0].message, want,
                 words);
    if (alone && errs.n_errors != 1)
        fail_msg("%s: %zu errors, the second '%s'", name, errs.n_errors, errs.errors[1].message);
    ls_errors_clear(&errs);
    remove(path);
    fx_remove(dir);
}
