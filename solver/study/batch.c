/*
 * batch.c — `plan --batch DIR`: every model directory under DIR planned, one summary row
 * each: the province's or the ministry's view of many municipalities.
 *
 * The models are shared among the ranks (under mpirun) in contiguous blocks of the sorted
 * names, and within a rank among threads, each with its own model, planner and GLPK
 * environment. A model that cannot be planned (bad input, no solution, a solver failure)
 * becomes a row with its exit code and first message; the others are planned as usual. Rank 0
 * gathers the rows (fixed-size records) in name order.
 */
#include <dirent.h>
#include <glpk.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dist.h"
#include "rounded.h"
#include "util.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The subdirectories of dir, sorted; hidden ones skipped. */
static int list_models(const char *dir, char ***names, size_t *n, ls_errors *errs)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        ls_error_add(errs, dir, 0, 0, "cannot read the directory of models");
        return LS_EUSAGE;
    }
    size_t cap = 0;
    struct dirent *e;
    int rc = LS_OK;
    while (rc == LS_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        struct stat st;
        ls_fmt(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (ls_grow((void **)names, &cap, *n, sizeof(char *)) != 0 ||
            !((*names)[*n] = strdup(e->d_name)))
            rc = LS_EINTERNAL;
        else
            (*n)++;
    }
    closedir(d);
    if (rc == LS_OK && *n == 0) {
        ls_error_add(errs, dir, 0, 0, "holds no model directories");
        rc = LS_EUSAGE;
    }
    if (rc == LS_OK)
        qsort(*names, *n, sizeof(char *), by_name);
    return rc;
}

/* Plans one model into its row. */
static void plan_one(const char *dir, const char *name, const ls_read_options *ro,
                     ls_batch_row *row)
{
    char path[4096];
    ls_fmt(path, sizeof path, "%s/%s", dir, name);
    memset(row, 0, sizeof(*row));
    ls_fmt(row->model, sizeof row->model, "%s", name);
    ls_errors errs = {0};
    ls_model *m = NULL;
    ls_planner *pl = NULL;
    ls_result *r = NULL;
    int rc = ls_model_read(path, ro, &m, &errs);
    ls_planner_options po;
    ls_planner_options_init(&po);
    po.threads = 1; /* the batch's threads are the models */
    if (rc == LS_OK)
        rc = ls_planner_create_with(m, &po, &pl);
    if (rc == LS_OK)
        rc = ls_planner_solve(pl, &r, &errs);
    rounded rd = {0};
    if (rc == LS_OK && ls_round_result(r, &rd) != 0)
        rc = LS_EINTERNAL;
    row->rc = rc;
    if (rc == LS_OK) {
        row->status = r->status;
        row->budget = r->budget;
        row->available = rd.available;
        row->required = rd.required;
        row->served_clients = r->served_clients;
        row->unmet_clients = r->unmet_clients;
        row->cut = r->cut;
        row->margin = r->margin;
        row->allocated = rd.allocated;
        row->unallocated = rd.unallocated;
        row->pgb_cost = r->pgb_cost;
        row->providers = (double)r->providers;
    } else if (errs.n_errors > 0) {
        const ls_error *e = &errs.errors[0];
        if (e->file && e->line)
            ls_fmt(row->message, sizeof row->message, "%s:%u:%u: %s", e->file, e->line,
                   e->column, e->message);
        else
            ls_fmt(row->message, sizeof row->message, "%s", e->message);
    } else
        ls_fmt(row->message, sizeof row->message, "no plan (code %d)", rc);
    ls_rounded_free(&rd);
    ls_result_free(r);
    ls_planner_free(pl);
    ls_model_free(m);
    ls_errors_clear(&errs);
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
        size_t *off = malloc((R + 1) * sizeof(size_t));
        if (!off)
            rc = LS_EINTERNAL;
        for (size_t r = 0; off && r <= R; r++)
            off[r] = n * r / R * sizeof(ls_batch_row);
        rc = ls_dist_max_int(o->dist, rc);
        if (rc == LS_OK && ls_dist_gather_bytes(o->dist, rows, off) != LS_OK)
            rc = LS_EINTERNAL;
        free(off);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc != LS_OK || ls_dist_rank(o->dist) != 0) {
        free(rows);
        return rc;
    }
    *out = rows;
    *n_out = n;
    return LS_OK;
}

int ls_batch_exit_code(const ls_batch_row *rows, size_t n)
{
    /* the most serious: a solver failure, then no solution, then bad input */
    int worst = LS_OK;
    for (size_t i = 0; i < n; i++) {
        int rc = rows[i].rc;
        int rank_rc = rc == LS_EINTERNAL ? 3 : rc == LS_ENOSOLUTION ? 2 : rc != LS_OK ? 1 : 0;
        int rank_worst = worst == LS_EINTERNAL     ? 3
                         : worst == LS_ENOSOLUTION ? 2
                         : worst != LS_OK          ? 1
                                                   : 0;
        if (rank_rc > rank_worst)
            worst = rc;
    }
    return worst;
}
