/*
 * risk.c — Monte Carlo over uncertain demand (SPEC §5 `risk`): each run samples every
 * segment's clients (Poisson, or with dispersion D a gamma–Poisson mixture, i.e. a negative
 * binomial with mean μ and variance μ + D·μ²) and optionally a normal wage-index shock, and
 * plans. The chance and the size of an overrun follow from the runs.
 *
 * Reproducibility: run r draws from its own gsl_rng seeded with mix(seed, r) (splitmix64), and
 * every run is solved from the base model's basis (ls_planner_keep_basis), so a run's figures
 * depend on (seed, r) alone: the same seed gives the same output for any number of threads.
 * Threads: GLPK is built with thread-local environments on Debian (glp_config("TLS")), so each
 * worker owns a model read from the directory, a planner, and calls glp_free_env() at the end.
 */
#include <glpk.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "guard.h"
#include "model.h"
#include "stage1.h"
#include "util.h"

/* splitmix64: a documented bijective mixer; seeds of neighbouring runs are unrelated. */
static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

unsigned long ls_risk_run_seed(unsigned long seed, size_t run)
{
    return (unsigned long)splitmix64(splitmix64((uint64_t)seed) ^ (uint64_t)run);
}

typedef struct worker {
    const char *dir;
    const ls_read_options *ropts;
    const ls_risk_options *o;
    ls_risk *risk;
    size_t *next, last, chunk; /* runs [*next, last) are left: a thread takes chunk at a time */
    int rc;
    ls_errors errs;
    pthread_mutex_t *lock; /* guards next and the progress count */
    size_t *done;
} worker;

/* The next runs for a worker, [*a, *b); none left when *a == *b. Threads take runs as they
 * free up rather than a fixed block each, so that one with dearer runs does not hold the
 * rest up; a run's result depends on (seed, run) alone, not on the thread. */
static void claim(worker *w, size_t *a, size_t *b)
{
    pthread_mutex_lock(w->lock);
    *a = *w->next;
    *b = w->last - *a > w->chunk ? *a + w->chunk : w->last;
    *w->next = *b;
    pthread_mutex_unlock(w->lock);
}

/* Draws every segment's clients around mean[s] into m and drawn[]. */
static double draw(gsl_rng *rng, double dispersion, const double *mean, ls_model *m, double *drawn)
{
    double demand = 0;
    for (size_t s = 0; s < m->n_segments; s++) {
        double lambda = mean[s];
        if (dispersion > 0 && lambda > 0) /* gamma–Poisson: var μ + D·μ² */
            lambda = gsl_ran_gamma(rng, 1 / dispersion, dispersion * mean[s]);
        drawn[s] = lambda > 0 ? (double)gsl_ran_poisson(rng, lambda) : 0;
        m->segments[s].clients = drawn[s];
        demand += drawn[s];
    }
    return demand;
}

typedef struct year_draw {
    gsl_rng *rng;
    double dispersion, *drawn, *mean, demand;
} year_draw;

/* SPEC §7 with risk: each year's clients drawn around that year's expectation. */
static void draw_year(void *ctx, ls_model *m, size_t year)
{
    year_draw *y = ctx;
    (void)year;
    for (size_t s = 0; s < m->n_segments; s++)
        y->mean[s] = m->segments[s].clients; /* the year's expectation, growth applied */
    y->demand = draw(y->rng, y->dispersion, y->mean, m, y->drawn);
}

/* A wage index drawn from the normal around wage0, redrawn until it lies in (−1, 100] (a
 * truncated normal): at −1 or below every floor tariff would be zero or negative, above 100
 * past what an input may say (docs/risk.md). With |wage0| within those bounds and sd ≤ 10 a
 * draw lands there at least a third of the time; after 1000 misses wage0 itself is taken. */
static double draw_wage_index(gsl_rng *rng, double wage0, double sd)
{
    for (int tries = 0; tries < 1000; tries++) {
        double w = wage0 + gsl_ran_gaussian(rng, sd);
        if (w > -1 && w <= LS_FACTOR_MAX)
            return w;
    }
    return wage0;
}

static void *work(void *arg)
{
    worker *w = arg;
    ls_model *m = NULL;
    ls_planner *pl = NULL;
    ls_result *r = NULL;
    int lost = 0; /* GLPK failed: the planner's LPs went with this thread's GLPK objects */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    w->rc = rng ? ls_model_read(w->dir, w->ropts, &m, &w->errs) : LS_EINTERNAL;
    if (w->rc == LS_OK)
        w->rc = ls_planner_create(m, &pl);
    if (w->rc == LS_OK) {
        ls_planner_set_threads(pl, 1);
        ls_planner_set_totals_only(pl, 1); /* a sample keeps the totals */
        /* the base model: its basis is the start */
        w->rc = ls_guard_planner_solve(pl, &r, &w->errs, -1, &lost);
    }
    ls_result_free(r);
    if (w->rc == LS_OK)
        w->rc = ls_planner_keep_basis(pl);
    size_t ns = m ? m->n_segments : 0;
    double *mu = malloc((ns + 1) * sizeof(double)), *mu2 = malloc((ns + 1) * sizeof(double));
    if ((!mu || !mu2) && w->rc == LS_OK)
        w->rc = LS_EINTERNAL;
    for (size_t s = 0; s < ns && mu; s++)
        mu[s] = m->segments[s].clients;
    double wage0 = m ? m->policy.wage_index : 0;
    for (size_t run = 0, end = 0; w->rc == LS_OK; run++) {
        if (run == end && (claim(w, &run, &end), run == end))
            break; /* no runs left */
        gsl_rng_set(rng, ls_risk_run_seed(w->o->seed, run));
        double *drawn = &w->risk->clients[run * ns], demand = 0;
        double wage = wage0;
        if (w->o->wage_sd > 0)
            wage = draw_wage_index(rng, wage0, w->o->wage_sd);
        m->policy.wage_index = wage;
        ls_result **path = NULL;
        if (w->o->years > 1) {
            /* the whole path, cold for each run (so independent of the run order); the
             * figures are the last year's */
            year_draw y = {rng, w->o->dispersion, drawn, mu2, 0};
            for (size_t s = 0; s < ns; s++)
                m->segments[s].clients = mu[s];
            w->rc = ls_plan_years_hooked(m, w->o->years, draw_year, &y, &path, &w->errs);
            demand = y.demand;
            if (w->rc == LS_OK) {
                r = path[w->o->years - 1];
                path[w->o->years - 1] = NULL;
            }
            ls_results_free(path, w->o->years);
        } else {
            demand = draw(rng, w->o->dispersion, mu, m, drawn);
            ls_model_compute(m, NULL);
            w->rc = ls_guard_planner_solve(pl, &r, &w->errs, (long)run, &lost);
        }
        if (w->rc != LS_OK)
            break;
        w->risk->samples[run] = (ls_risk_sample){r->required, r->unmet_clients, r->served_clients,
                                                 demand,      r->cut,           r->margin,
                                                 r->allocated, r->available,    wage};
        ls_result_free(r);
        r = NULL;
        if (w->o->progress) {
            pthread_mutex_lock(w->lock);
            size_t d = ++*w->done;
            w->o->progress(w->o->progress_ctx, d, w->o->runs);
            pthread_mutex_unlock(w->lock);
        }
    }
    free(mu);
    free(mu2);
    if (lost)
        ls_planner_free_lost(pl);
    else
        ls_planner_free(pl);
    ls_model_free(m);
    if (rng)
        gsl_rng_free(rng);
    glp_free_env(); /* this thread's GLPK environment */
    return NULL;
}

void ls_risk_options_init(ls_risk_options *o)
{
    memset(o, 0, sizeof(*o));
    o->threads = 1;
}

void ls_risk_free(ls_risk *r)
{
    if (!r)
        return;
    free(r->samples);
    free(r->clients);
    free(r->drivers);
    free(r->histogram);
    free(r);
}

/* The segments whose demand drives the variance of required most: the squared correlation
 * of a segment's sampled clients with required, the share of var(required) it explains
 * (segments are sampled independently, so the shares add up to about 1). */
static int drivers(ls_risk *k, const ls_model *m, const double *req)
{
    size_t ns = m->n_segments, n = k->n_samples;
    k->drivers = calloc(ns + 1, sizeof(ls_risk_driver));
    double *col = malloc((n + 1) * sizeof(double));
    if (!k->drivers || !col) {
        free(col);
        return LS_EINTERNAL;
    }
    double var = n > 1 ? gsl_stats_variance(req, 1, n) : 0;
    for (size_t s = 0; s < ns; s++) {
        for (size_t i = 0; i < n; i++)
            col[i] = k->clients[i * ns + s];
        double cov = n > 1 ? gsl_stats_covariance(col, 1, req, 1, n) : 0;
        double var_s = n > 1 ? gsl_stats_variance(col, 1, n) : 0;
        k->drivers[s] =
            (ls_risk_driver){m->segments[s].id, var > 0 && var_s > 0 ? cov * cov / (var * var_s) : 0};
    }
    k->n_drivers = ns;
    free(col);
    return LS_OK;
}

static int by_share(const void *a, const void *b)
{
    double x = ((const ls_risk_driver *)a)->share, y = ((const ls_risk_driver *)b)->share;
    return (x < y) - (x > y);
}

int ls_risk_run(const char *dir, const ls_read_options *ropts, const ls_model *model,
                const ls_risk_options *o, ls_risk **out, ls_errors *errs)
{
    *out = NULL;
    if (o->runs < 1 || o->threads < 1 || o->threads > 256 || !(o->dispersion >= 0) ||
        !(o->wage_sd >= 0 && o->wage_sd <= 10)) {
        ls_error_add(errs, "--runs", 0, 0,
                     "need --runs ≥ 1, --threads 1–256, --dispersion ≥ 0 and --wage-sd 0–10");
        return LS_EUSAGE;
    }
    size_t n = o->runs, ns = model->n_segments, T = (size_t)o->threads;
    if (T > n)
        T = n;
    ls_risk *k = calloc(1, sizeof(*k));
    if (!k || !(k->samples = calloc(n, sizeof(ls_risk_sample))) ||
        !(k->clients = calloc(n * ns + 1, sizeof(double)))) {
        ls_risk_free(k);
        return LS_EINTERNAL;
    }
    k->n_samples = n;
    /* under mpirun each rank takes a contiguous block of runs (dist.c); a run's numbers
     * depend on (seed, run) alone, so the blocks gathered on rank 0 are the same numbers a
     * single process finds */
    size_t R = (size_t)ls_dist_size(), me = (size_t)ls_dist_rank();
    size_t first = n * me / R, last = n * (me + 1) / R;
    if (T > last - first)
        T = last - first > 0 ? last - first : 1;
    worker *w = calloc(T, sizeof(worker));
    pthread_t *tid = calloc(T, sizeof(pthread_t));
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    size_t done = 0, next = first, chunk = (last - first) / (T * 32) + 1;
    int rc = w && tid ? LS_OK : LS_EINTERNAL;
    for (size_t t = 0; t < T && rc == LS_OK; t++) {
        w[t] = (worker){dir, ropts, o, k, &next, last, chunk, LS_OK, {0}, &lock, &done};
        if (pthread_create(&tid[t], NULL, work, &w[t]) != 0) {
            rc = LS_EINTERNAL;
            T = t;
        }
    }
    for (size_t t = 0; t < T; t++) {
        pthread_join(tid[t], NULL);
        if (rc == LS_OK && w[t].rc != LS_OK) {
            rc = w[t].rc;
            for (size_t i = 0; i < w[t].errs.n_errors; i++)
                ls_error_add(errs, w[t].errs.errors[i].file, w[t].errs.errors[i].line,
                             w[t].errs.errors[i].column, "%s", w[t].errs.errors[i].message);
        }
        ls_errors_clear(&w[t].errs);
    }
    free(w);
    free(tid);
    if (R > 1) {
        /* every rank learns whether any failed; rank 0 gets the messages and the samples */
        int worst = ls_dist_max_int(rc);
        ls_dist_gather_errors(errs);
        if (rc == LS_OK)
            rc = worst;
        size_t per = sizeof(ls_risk_sample) / sizeof(double);
        size_t *off = malloc((R + 1) * sizeof(size_t)), *coff = malloc((R + 1) * sizeof(size_t));
        if (!off || !coff)
            rc = LS_EINTERNAL;
        for (size_t r = 0; off && coff && r <= R; r++)
            off[r] = n * r / R * per, coff[r] = n * r / R * ns;
        if (ls_dist_max_int(rc) == LS_OK &&
            (ls_dist_gather((double *)k->samples, off) != LS_OK ||
             ls_dist_gather(k->clients, coff) != LS_OK))
            rc = LS_EINTERNAL;
        free(off);
        free(coff);
        if (me != 0) {
            /* the figures are rank 0's to compute and write */
            ls_risk_free(k);
            return rc;
        }
    }
    double *req = malloc((n + 1) * sizeof(double));
    if (rc == LS_OK && !req)
        rc = LS_EINTERNAL;
    if (rc == LS_OK) {
        size_t over = 0, unmet = 0;
        double overrun = 0;
        for (size_t i = 0; i < n; i++) {
            const ls_risk_sample *s = &k->samples[i];
            req[i] = s->required;
            over += s->required > s->available;
            unmet += s->unmet > 1e-9;
            overrun += fmax(0, s->required - s->available);
        }
        k->available = k->samples[0].available;
        k->mean = gsl_stats_mean(req, 1, n);
        k->sd = n > 1 ? gsl_stats_sd(req, 1, n) : 0;
        rc = drivers(k, model, req);
        gsl_sort(req, 1, n);
        k->q50 = gsl_stats_quantile_from_sorted_data(req, 1, n, 0.50);
        k->q90 = gsl_stats_quantile_from_sorted_data(req, 1, n, 0.90);
        k->q95 = gsl_stats_quantile_from_sorted_data(req, 1, n, 0.95);
        k->q99 = gsl_stats_quantile_from_sorted_data(req, 1, n, 0.99);
        /* P(required > available) with its 95 % Wilson score interval */
        double p = (double)over / (double)n, z = 1.959963984540054, z2n = z * z / (double)n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * sqrt(p * (1 - p) / (double)n + z2n / (4 * (double)n));
        k->p_overrun = p;
        k->p_overrun_low = fmax(0, centre - half);
        k->p_overrun_high = fmin(1, centre + half);
        k->expected_overrun = overrun / (double)n;
        k->p_unmet = (double)unmet / (double)n;
        /* a histogram of required: 20 equal bins from the least to the most */
        k->n_bins = 20;
        k->histogram = calloc(k->n_bins, sizeof(ls_risk_bin));
        if (rc == LS_OK && !k->histogram)
            rc = LS_EINTERNAL;
        double lo = req[0], hi = req[n - 1], width = (hi - lo) / (double)k->n_bins;
        for (size_t b = 0; rc == LS_OK && b < k->n_bins; b++)
            k->histogram[b] = (ls_risk_bin){lo + width * (double)b, lo + width * (double)(b + 1), 0};
        for (size_t i = 0; rc == LS_OK && i < n; i++) {
            size_t b = width > 0 ? (size_t)((req[i] - lo) / width) : 0;
            k->histogram[b < k->n_bins ? b : k->n_bins - 1].count++;
        }
        if (rc == LS_OK)
            qsort(k->drivers, k->n_drivers, sizeof(ls_risk_driver), by_share);
    }
    free(req);
    if (rc != LS_OK) {
        ls_risk_free(k);
        return rc;
    }
    *out = k;
    return LS_OK;
}
