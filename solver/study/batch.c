/*
 * batch.c — `plan --batch DIR`: every model under DIR (a folder or a workbook) planned, one
 * summary row each: the province's or the ministry's view of many municipalities.
 *
 * The models are shared among the ranks (under mpirun) in contiguous blocks of the sorted
 * names, and within a rank among threads, each with its own model, planner and GLPK
 * environment. A model that cannot be planned (bad input, no solution, a solver failure)
 * becomes a row with its exit code and first message; the others are planned as usual. Rank 0
 * gathers the rows in name order: their figures as doubles, their strings packed in one
 * buffer (gather_rows). A row holds the plan's figures as they are: the writers round them.
 */
#include <dirent.h>
#include <errno.h>
#include <glpk.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "batch.h"
#include "dist.h"
#include "i18n.h"
#include "summary.h"
#include "util.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is the name a workbook's, NAME.xlsx (any letter case)? */
static int workbook_name(const char *name)
{
    size_t len = strlen(name);
    return len > 5 && strcasecmp(name + len - 5, ".xlsx") == 0;
}

int ls_batch_entry(const char *dir, const char *name)
{
    if (name[0] == '.' || strncmp(name, "~$", 2) == 0)
        return 0;
    char path[4096];
    struct stat st;
    ls_fmt(path, sizeof path, "%s/%s", dir, name);
    if (stat(path, &st) != 0)
        return 0;
    return S_ISDIR(st.st_mode) ||
           (S_ISREG(st.st_mode) && workbook_name(name));
}

/* Does the folder hold a table a model is made of (segments.csv, contracts.csv)? */
static int holds_a_table(const char *folder)
{
    static const char *const tables[] = {"segments.csv", "contracts.csv"};
    char path[4096];
    struct stat st;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        ls_fmt(path, sizeof path, "%s/%s", folder, tables[i]);
        if (stat(path, &st) == 0)
            return 1;
    }
    return 0;
}

/* Is dir/name a folder that holds no table a model is made of (segments.csv, contracts.csv)?
 * Such a folder beside the models (the CAO wage tables, notes) is not a model that failed. */
static int not_a_model(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    ls_fmt(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) && !holds_a_table(path);
}

/* Is names[k] a workbook NAME.xlsx beside a model folder NAME among names[0..n)? The two are
 * one municipality's model written twice (data/brunssum and data/brunssum.xlsx): counted
 * twice they would add its budget to the totals twice. */
static const char *folder_of_workbook(const char *dir, char **names, size_t n, size_t k)
{
    if (!workbook_name(names[k]))
        return NULL;
    size_t len = strlen(names[k]);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        if (i == k || strlen(names[i]) != len - 5 || strncmp(names[i], names[k], len - 5) != 0)
            continue;
        ls_fmt(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) /* X.xlsx.xlsx beside X.xlsx: two */
            return names[i];
    }
    return NULL;
}

/* Leaves out of names (and frees) what is no model to plan, each with a warning in errs: a
 * folder without a model's tables, and a workbook that repeats a model folder of its name.
 * LS_OK, or LS_EINTERNAL without memory. */
static int leave_out(const char *dir, char **names, size_t *n, ls_errors *errs)
{
    char path[4096];
    unsigned char *drop = calloc(*n + 1, 1);
    if (!drop)
        return LS_EINTERNAL;
    for (size_t k = 0; k < *n; k++)
        drop[k] = not_a_model(dir, names[k]);
    for (size_t k = 0; k < *n; k++) {
        ls_fmt(path, sizeof path, "%s/%s", dir, names[k]);
        const char *folder = folder_of_workbook(dir, names, *n, k);
        if (drop[k])
            ls_warning_add(errs, path, 0, 0,
                           _("not a model (no segments.csv or contracts.csv): left out of the "
                             "batch"));
        else if (folder && !not_a_model(dir, folder)) {
            drop[k] = 1;
            ls_warning_add(errs, path, 0, 0,
                           _("the model folder %s has the same name: taken as the same model and "
                             "left out of the batch, so that it counts once (plan it alone to "
                             "compare the two)"),
                           folder);
        }
    }
    size_t kept = 0;
    for (size_t k = 0; k < *n; k++) {
        if (drop[k])
            free(names[k]);
        else
            names[kept++] = names[k];
    }
    *n = kept;
    free(drop);
    return LS_OK;
}

/* A model given where a folder of models was asked for (a model folder or a workbook). */
static void model_itself(const char *dir, ls_errors *errs)
{
    ls_error_add(errs, dir, 0, 0,
                 _("is a model itself, not a folder of models: plan it with lumpsum plan %s"), dir);
}

/* The models in dir (ls_batch_entry), sorted by name, less what leave_out leaves out. */
static int list_models(const char *dir, char ***names, size_t *n, ls_errors *errs)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            ls_error_add(errs, dir, 0, 0, _("no such folder"));
        else if (errno == ENOTDIR && workbook_name(dir))
            model_itself(dir, errs);
        else
            ls_error_add(errs, dir, 0, 0, _("cannot read the folder of models: %s"),
                         strerror(errno));
        return LS_EUSAGE;
    }
    size_t cap = 0;
    struct dirent *e;
    int rc = LS_OK;
    while (rc == LS_OK && (e = readdir(d))) {
        if (!ls_batch_entry(dir, e->d_name))
            continue;
        if (ls_grow((void **)names, &cap, *n, sizeof(char *)) != 0 ||
            !((*names)[*n] = strdup(e->d_name)))
            rc = LS_EINTERNAL;
        else
            (*n)++;
    }
    closedir(d);
    if (rc == LS_OK) {
        if (*n > 1) /* an empty folder has no list at all */
            qsort(*names, *n, sizeof(char *), by_name);
        rc = leave_out(dir, *names, n, errs); /* its warnings in the names' order */
    }
    if (rc == LS_OK && *n == 0) {
        /* a model folder given for the folder of models: its tables are no entries */
        if (holds_a_table(dir))
            model_itself(dir, errs);
        else
            ls_error_add(errs, dir, 0, 0, _("holds no models (model folders or workbooks)"));
        rc = LS_EUSAGE;
    }
    return rc;
}

/* A formatted string of its own (NULL: out of memory). */
static char *text(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *t = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (t) {
        va_start(ap, fmt);
        vsnprintf(t, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return t;
}

/* Why a model has no plan: its first error, FILE:LINE:COLUMN where it has one; for bad
 * usage, the first of --set's (the reader names them "overrides"), said of --set. */
static char *first_error(const ls_errors *errs, int rc)
{
    if (errs->n_errors == 0)
        return text(_("no plan (code %d)"), rc);
    for (size_t i = 0; rc == LS_EUSAGE && i < errs->n_errors; i++) {
        const ls_error *e = &errs->errors[i];
        if (e->file && strcmp(e->file, "overrides") == 0)
            return text("--set: %s", e->message);
    }
    const ls_error *e = &errs->errors[0];
    if (e->file && e->line)
        return text("%s:%u:%u: %s", e->file, e->line, e->column, e->message);
    return text("%s", e->message);
}

enum { WARNINGS_SHOWN = 10 }; /* a model's warnings in a batch; check lists them all */

/* A model's warnings as `plan` prints them, a line each (NULL: none), the first
 * WARNINGS_SHOWN and a line that counts the rest; *failed where memory ran out. */
static char *warnings_text(const ls_errors *errs, const char *model, int *failed)
{
    char *all = NULL;
    size_t len = 0;
    for (size_t i = 0; i <= errs->n_warnings && i <= WARNINGS_SHOWN; i++) {
        char where[1024], *line;
        if (i == errs->n_warnings)
            break;
        const ls_error *e = &errs->warnings[i];
        if (i == WARNINGS_SHOWN)
            line = text(P_("%s: warning: %zu more warning is not shown here (lumpsum check, "
                           "given the same --set, lists them all)\n",
                           "%s: warning: %zu more warnings are not shown here (lumpsum check, "
                           "given the same --set, lists them all)\n",
                           errs->n_warnings - i),
                        model, errs->n_warnings - i);
        else if (!e->file || e->line == 0) /* an override's, or a whole file's */
            line =
                text(_("%s: warning: %s\n"),
                     !e->file || strcmp(e->file, "overrides") == 0 ? "--set" : e->file, e->message);
        else {
            ls_error_where(e, where, sizeof where);
            line = text(_("%s: warning: %s\n"), where, e->message);
        }
        char *grown = line ? realloc(all, len + strlen(line) + 1) : NULL;
        if (!grown) {
            free(line);
            *failed = 1;
            return all;
        }
        all = grown;
        memcpy(all + len, line, strlen(line) + 1);
        len += strlen(line);
        free(line);
    }
    return all;
}

/* Plans one model into its row. */
static void plan_one(const char *dir, const char *name, const ls_read_options *ro,
                     ls_batch_row *row)
{
    char *path = text("%s/%s", dir, name);
    memset(row, 0, sizeof(*row));
    row->model = strdup(name);
    ls_errors errs = {0};
    ls_model *m = NULL;
    ls_planner *pl = NULL;
    ls_result *r = NULL;
    int rc = path && row->model ? ls_model_read(path, ro, &m, &errs) : LS_EINTERNAL;
    ls_planner_options po;
    ls_planner_options_init(&po);
    po.threads = 1; /* the batch's threads are the models */
    if (rc == LS_OK)
        rc = ls_planner_create_with(m, &po, &pl);
    if (rc == LS_OK)
        rc = ls_planner_solve(pl, &r, &errs);
    row->rc = rc;
    int failed = 0;
    row->warnings = warnings_text(&errs, name, &failed);
    if (failed) /* (a row without its warnings fails the batch, as one without its strings) */
        free(row->model), row->model = NULL;
    if (rc == LS_OK) {
        row->summary = r->summary;
        row->providers = (double)r->providers;
    } else {
        row->summary = ls_summary_none(); /* not a funded row of zeros */
        row->message = first_error(&errs, rc);
    }
    free(path);
    ls_result_free(r);
    ls_planner_free(pl);
    ls_model_free(m);
    ls_errors_clear(&errs);
}

void ls_batch_rows_free(ls_batch_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].model);
        free(rows[i].message);
        free(rows[i].warnings);
    }
    free(rows);
}

/* ---- the rows between the ranks ----------------------------------------------------------- */

/* A row's figures: rc, the summary, the providers, and the sizes of its strings with their
 * NULs (at MODEL_LEN, MESSAGE_LEN and WARNINGS_LEN; 0: none). */
enum { PROVIDERS = 1 + LS_SUMMARY_DOUBLES, MODEL_LEN, MESSAGE_LEN, WARNINGS_LEN, ROW_DOUBLES };

static void pack_row(double *d, const ls_batch_row *r)
{
    d[0] = r->rc;
    ls_summary_pack(&r->summary, d + 1);
    d[PROVIDERS] = r->providers;
    d[MODEL_LEN] = r->model ? (double)strlen(r->model) + 1 : 0;
    d[MESSAGE_LEN] = r->message ? (double)strlen(r->message) + 1 : 0;
    d[WARNINGS_LEN] = r->warnings ? (double)strlen(r->warnings) + 1 : 0;
}

static void unpack_row(const double *d, ls_batch_row *r)
{
    r->rc = (int)d[0];
    ls_summary_unpack(d + 1, &r->summary);
    r->providers = d[PROVIDERS];
}

/* Rows [first, last) of this rank to rank 0: the figures of every row to every rank (so that
 * each knows where every row's strings lie), then the strings, each rank's block packed
 * after the blocks before it. Rank 0 then holds every row. */
static int gather_rows(const ls_dist *d, ls_batch_row *rows, size_t n, size_t first,
                       size_t last)
{
    size_t R = (size_t)ls_dist_size(d);
    double *fig = calloc(n * ROW_DOUBLES + 1, sizeof(double));
    size_t *off = malloc((R + 1) * sizeof(size_t)), *at = malloc((n + 1) * sizeof(size_t));
    char *bytes = NULL;
    int rc = fig && off && at ? LS_OK : LS_EINTERNAL;
    for (size_t k = first; rc == LS_OK && k < last; k++)
        pack_row(&fig[k * ROW_DOUBLES], &rows[k]);
    for (size_t r = 0; off && r <= R; r++)
        off[r] = n * r / R * ROW_DOUBLES;
    if (ls_dist_max_int(d, rc) != LS_OK || ls_dist_gather(d, fig, off) != LS_OK ||
        ls_dist_bcast(d, fig, n * ROW_DOUBLES, 0) != LS_OK)
        rc = LS_EINTERNAL;
    /* where each row's strings start: at[k]; a rank's block starts at at[its first row] */
    for (size_t k = 0, pos = 0; rc == LS_OK && k <= n; k++) {
        at[k] = pos;
        if (k < n)
            pos += (size_t)fig[k * ROW_DOUBLES + MODEL_LEN] +
                   (size_t)fig[k * ROW_DOUBLES + MESSAGE_LEN] +
                   (size_t)fig[k * ROW_DOUBLES + WARNINGS_LEN];
    }
    if (rc == LS_OK && !(bytes = malloc(at[n] + 1)))
        rc = LS_EINTERNAL;
    for (size_t k = first; rc == LS_OK && k < last; k++) {
        size_t lm = (size_t)fig[k * ROW_DOUBLES + MODEL_LEN],
               le = (size_t)fig[k * ROW_DOUBLES + MESSAGE_LEN],
               lw = (size_t)fig[k * ROW_DOUBLES + WARNINGS_LEN];
        memcpy(bytes + at[k], rows[k].model, lm);
        if (le)
            memcpy(bytes + at[k] + lm, rows[k].message, le);
        if (lw)
            memcpy(bytes + at[k] + lm + le, rows[k].warnings, lw);
    }
    for (size_t r = 0; rc == LS_OK && r <= R; r++)
        off[r] = at[n * r / R];
    if (ls_dist_max_int(d, rc) != LS_OK || ls_dist_gather_bytes(d, bytes, off) != LS_OK)
        rc = LS_EINTERNAL;
    for (size_t k = 0; rc == LS_OK && ls_dist_rank(d) == 0 && k < n; k++) {
        if (k >= first && k < last)
            continue;
        size_t lm = (size_t)fig[k * ROW_DOUBLES + MODEL_LEN],
               le = (size_t)fig[k * ROW_DOUBLES + MESSAGE_LEN],
               lw = (size_t)fig[k * ROW_DOUBLES + WARNINGS_LEN];
        unpack_row(&fig[k * ROW_DOUBLES], &rows[k]);
        rows[k].model = strdup(bytes + at[k]);
        rows[k].message = le ? strdup(bytes + at[k] + lm) : NULL;
        rows[k].warnings = lw ? strdup(bytes + at[k] + lm + le) : NULL;
        if (!rows[k].model || (le && !rows[k].message) || (lw && !rows[k].warnings))
            rc = LS_EINTERNAL;
    }
    free(fig);
    free(off);
    free(at);
    free(bytes);
    return rc;
}

typedef struct job {
    const char *dir;
    char **names;
    const ls_read_options *ro;
    ls_batch_row *rows;
    size_t next, last;
    pthread_mutex_t lock;
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    size_t done, total;
} job;

static void *work(void *arg)
{
    job *j = arg;
    ls_huge_heap(LS_THREAD_HEAP); /* each model's planner, 2 MiB a fault */
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t k = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (k >= j->last)
            break;
        plan_one(j->dir, j->names[k], j->ro, &j->rows[k]);
        if (j->progress) {
            pthread_mutex_lock(&j->lock);
            j->progress(j->progress_ctx, ++j->done, j->total);
            pthread_mutex_unlock(&j->lock);
        }
    }
    glp_free_env();
    return NULL;
}

void ls_batch_options_init(ls_batch_options *o)
{
    memset(o, 0, sizeof(*o));
    o->threads = 1;
}

int ls_plan_batch(const char *dir, const ls_read_options *ro, const ls_batch_options *o,
                  ls_batch_row **out, size_t *n_out, ls_errors *errs)
{
    *out = NULL;
    *n_out = 0;
    char **names = NULL;
    size_t n = 0;
    int rc = list_models(dir, &names, &n, errs);
    ls_batch_row *rows = rc == LS_OK ? calloc(n, sizeof(ls_batch_row)) : NULL;
    if (rc == LS_OK && !rows)
        rc = LS_EINTERNAL;
    /* every rank lists the same directory; a rank that cannot stops them all */
    rc = ls_dist_max_int(o->dist, rc);
    if (rc == LS_OK) {
        size_t R = (size_t)ls_dist_size(o->dist), me = (size_t)ls_dist_rank(o->dist);
        job j = {dir, names, ro, rows, n * me / R, n * (me + 1) / R,
                 PTHREAD_MUTEX_INITIALIZER, o->progress, o->progress_ctx, 0, 0};
        j.total = j.last - j.next;
        size_t T = o->threads > 1 ? (size_t)o->threads : 1;
        if (T > j.total)
            T = j.total > 0 ? j.total : 1;
        pthread_t *tid = calloc(T, sizeof(pthread_t));
        size_t started = 0;
        for (size_t t = 0; tid && t < T; t++)
            if (pthread_create(&tid[started], NULL, work, &j) == 0)
                started++;
        if (!started) {
            /* no thread could start: this one does the work */
            work(&j);
        }
        for (size_t t = 0; t < started; t++)
            pthread_join(tid[t], NULL);
        free(tid);
        /* a row whose strings could not be made (no memory) fails the batch */
        for (size_t k = n * me / R; k < n * (me + 1) / R; k++)
            if (!rows[k].model || (rows[k].rc != LS_OK && !rows[k].message))
                rc = LS_EINTERNAL;
        rc = ls_dist_max_int(o->dist, rc);
        if (rc == LS_OK && R > 1)
            rc = gather_rows(o->dist, rows, n, n * me / R, n * (me + 1) / R);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc != LS_OK || ls_dist_rank(o->dist) != 0) {
        ls_batch_rows_free(rows, n);
        return rc;
    }
    *out = rows;
    *n_out = n;
    return LS_OK;
}

static int severity(int rc)
{
    return rc == LS_EINTERNAL     ? 4
           : rc == LS_ENOSOLUTION ? 3
           : rc == LS_EUSAGE      ? 2
           : rc != LS_OK          ? 1
                                  : 0;
}

int ls_batch_exit_code(const ls_batch_row *rows, size_t n)
{
    /* the most serious: a solver failure, then no solution, then bad usage (a --set that a
     * model does not take: the command line's, not one model's), then bad input */
    int worst = LS_OK;
    for (size_t i = 0; i < n; i++)
        if (severity(rows[i].rc) > severity(worst))
            worst = rows[i].rc;
    return worst;
}
