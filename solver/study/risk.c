/*
 * risk.c — Monte Carlo over uncertain demand: each run samples every segment's clients
 * (Poisson, or with dispersion D a gamma–Poisson mixture, i.e. a negative binomial with mean μ
 * and variance μ + D·μ²) and optionally a normal wage-index shock, and plans. The chance and
 * the size of an overrun follow from the runs, measured on need = required + the cost of the
 * clients left without a place (at their segment's lowest floor): a run that leaves clients
 * out does not look cheaper for it. A run without a solution is counted and left out of the
 * statistics; the others go on.
 *
 * Reproducibility: run r draws from its own gsl_rng seeded with mix(seed, r) (splitmix64), and
 * every run is solved from the base model's basis (ls_planner_keep_basis), so a run's figures
 * depend on (seed, r) alone: the same seed gives the same output for any number of threads.
 * Threads: GLPK is built with thread-local environments on Debian (glp_config("TLS")), so each
 * worker owns a planner (with its own scenario of the one model the workers share) and calls
 * glp_free_env() at the end.
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
#include "guarded.h"
#include "i18n.h"
#include "model.h"
#include "planner.h"
#include "summary.h"
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
    const ls_model *model; /* shared by the workers, never written */
    const ls_risk_options *o;
    ls_risk *risk;
    size_t *next, last, spread; /* runs [*next, last) are left: a thread takes 1/spread of them */
    int huge;                   /* enough runs a thread for its heap in huge pages */
    int rc;
    ls_errors errs;
    pthread_mutex_t *lock; /* guards next and the progress count */
    size_t *done;
    double *unmet_runs; /* per segment: this worker's runs with clients of it unmet */
    size_t first_fail;  /* this worker's first run without a solution (SIZE_MAX: none) */
    char *fail_reason;
} worker;

/* A run without a solution: its sample says so, the worker keeps the first reason. */
static void no_solution(worker *w, size_t run, double demand, double wage)
{
    w->risk->samples[run] = (ls_risk_sample){ls_summary_none(), demand, wage, NAN, NAN};
    if (run < w->first_fail) {
        w->first_fail = run;
        free(w->fail_reason);
        w->fail_reason = w->errs.n_errors ? strdup(w->errs.errors[0].message) : NULL;
    }
    ls_errors_clear(&w->errs);
}

/* The next runs for a worker, [*a, *b); none left when *a == *b. Threads take runs as they
 * free up rather than a fixed block each, so that one with dearer runs does not hold the
 * rest up; a share of what is left, so that the blocks shrink to single runs at the end and
 * no thread waits long for the last; a run's result depends on (seed, run) alone, not on
 * the thread. */
static void claim(worker *w, size_t *a, size_t *b)
{
    pthread_mutex_lock(w->lock);
    *a = *w->next;
    *b = *a + (w->last - *a + w->spread - 1) / w->spread;
    *w->next = *b;
    pthread_mutex_unlock(w->lock);
}

/* One count around mean: Poisson, or with dispersion D a gamma–Poisson mixture. */
static double draw_count(gsl_rng *rng, double dispersion, double mean)
{
    double lambda = mean;
    if (dispersion > 0 && lambda > 0) /* gamma–Poisson: var μ + D·μ² */
        lambda = gsl_ran_gamma(rng, 1 / dispersion, dispersion * mean);
    return lambda > 0 ? (double)gsl_ran_poisson(rng, lambda) : 0;
}

/* Draws every segment's clients around mean[s] into m and drawn[], and its pgb clients
 * around pgb_mean[s] from their own stream (so a model with personal budgets draws the same
 * clients as one without). */
static double draw(gsl_rng *rng, gsl_rng *pgb_rng, double dispersion, const double *mean,
                   const double *pgb_mean, ls_model *m, double *drawn)
{
    double demand = 0;
    for (size_t s = 0; s < m->n_segments; s++) {
        drawn[s] = draw_count(rng, dispersion, mean[s]);
        m->segments[s].clients = drawn[s];
        demand += drawn[s];
        if (pgb_mean[s] > 0)
            m->segments[s].pgb_clients = draw_count(pgb_rng, dispersion, pgb_mean[s]);
    }
    return demand;
}

/* The seed of run `run`'s stream of pgb clients: the run's seed of another base. */
static unsigned long pgb_seed(unsigned long seed, size_t run)
{
    return ls_risk_run_seed(seed ^ 0x5DEECE66DUL, run);
}

typedef struct year_draw {
    gsl_rng *rng, *pgb_rng;
    double dispersion, *drawn, *mean, *pgb_mean, demand;
} year_draw;

/* The multi-year path with risk: each year's clients drawn around that year's expectation. */
static void draw_year(void *ctx, ls_model *m, size_t year)
{
    year_draw *y = ctx;
    (void)year;
    for (size_t s = 0; s < m->n_segments; s++) {
        y->mean[s] = m->segments[s].clients; /* the year's expectation, growth applied */
        y->pgb_mean[s] = m->segments[s].pgb_clients;
    }
    y->demand = draw(y->rng, y->pgb_rng, y->dispersion, y->mean, y->pgb_mean, m, y->drawn);
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

/* What a worker keeps from run to run. */
typedef struct worker_state {
    gsl_rng *rng, *pgb_rng;
    ls_planner *pl;
    ls_scenario *sc;
    double *mu, *pgb_mu, *mu2, *pgb_mu2; /* the expectations; (multi-year) each year's */
    int lost; /* GLPK failed: the planner's LPs went with this thread's GLPK objects */
    double floors_at; /* the wage index the scenario's floors were computed at; NAN: none */
} worker_state;

/* The worker's generators, its planner solved once on the base model (whose basis every run
 * starts from) and the expectations. LS_OK, or the failure. */
static int worker_setup(worker *w, worker_state *ws)
{
    const ls_model *m = w->model;
    ws->rng = gsl_rng_alloc(gsl_rng_mt19937);
    ws->pgb_rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = ws->rng && ws->pgb_rng ? LS_OK : LS_EINTERNAL;
    /* the workers are the threads; a sample keeps the totals */
    ls_planner_options po = w->o->planner;
    po.threads = 1;
    po.totals_only = 2; /* no break-even: no output of risk shows one a run */
    if (rc == LS_OK)
        rc = ls_planner_create_with(m, &po, &ws->pl);
    ls_result *r = NULL;
    if (rc == LS_OK) {
        ws->sc = ls_planner_scenario(ws->pl);
        rc = ls_guard_planner_solve(ws->pl, &r, &w->errs, -1, &ws->lost);
    }
    ls_result_free(r);
    if (rc == LS_OK)
        rc = ls_planner_keep_basis(ws->pl);
    size_t ns = m->n_segments;
    double *mu = ws->mu = malloc(4 * (ns + 1) * sizeof(double));
    ws->pgb_mu = mu ? mu + ns + 1 : NULL;
    ws->mu2 = mu ? ws->pgb_mu + ns + 1 : NULL;
    ws->pgb_mu2 = mu ? ws->mu2 + ns + 1 : NULL;
    w->unmet_runs = calloc(ns + 1, sizeof(double));
    if ((!mu || !w->unmet_runs) && rc == LS_OK)
        rc = LS_EINTERNAL;
    for (size_t s = 0; s < ns && mu; s++)
        mu[s] = m->segments[s].clients, ws->pgb_mu[s] = m->segments[s].pgb_clients;
    return rc;
}

/* Run `run` of the draws, its wage index drawn already into the scenario: its result in *r
 * and the clients it drew in *demand. */
static int solve_run(worker *w, worker_state *ws, size_t run, double *drawn, double *demand,
                     ls_result **r)
{
    if (w->o->years > 1) {
        /* the whole path, cold for each run (so independent of the run order); the figures
         * are the last year's */
        year_draw y = {ws->rng, ws->pgb_rng, w->o->dispersion, drawn, ws->mu2, ws->pgb_mu2, 0};
        ls_planner_options path_opts = w->o->planner;
        path_opts.totals_only = 0; /* the unmet clients are read from the result's rows */
        ls_result **path = NULL;
        /* the path starts from the scenario: the model's clients, this run's wage index */
        int rc = ls_plan_years_hooked(&ws->sc->m, w->o->years, &path_opts, draw_year, &y,
                                      &path, &w->errs);
        *demand = y.demand;
        if (rc == LS_OK) {
            *r = path[w->o->years - 1];
            path[w->o->years - 1] = NULL;
        }
        ls_results_free(path, w->o->years);
        return rc;
    }
    *demand = draw(ws->rng, ws->pgb_rng, w->o->dispersion, ws->mu, ws->pgb_mu, &ws->sc->m, drawn);
    /* a draw moves clients alone: the floors of the wage index they were computed at stand
     * (a pass over every contract less a run) */
    double wage = ws->sc->m.policy.wage_index;
    if (ws->floors_at == wage) {
        ls_scenario_compute_clients(ws->sc);
        ls_planner_clients_moved(ws->pl);
    } else {
        ls_scenario_compute(ws->sc);
        ws->floors_at = wage;
    }
    return ls_guard_planner_solve(ws->pl, r, &w->errs, (long)run, &ws->lost);
}

/* A solved run's sample, and which segments it left clients of unmet. */
static void record(worker *w, worker_state *ws, size_t run, double demand, double wage,
                   const ls_result *r)
{
    w->risk->samples[run] = (ls_risk_sample){r->summary, demand, wage, r->unmet_cost,
                                             r->summary.required + r->unmet_cost};
    const double *u = r->segment_rows ? NULL : ls_planner_unmet(ws->pl);
    for (size_t s = 0; r->summary.unmet_clients > 0 && s < w->model->n_segments; s++)
        w->unmet_runs[s] += (u ? u[s] : r->segment_rows[s].unmet) > 1e-9 ? 1.0 : 0.0;
}

static void *work(void *arg)
{
    worker *w = arg;
    worker_state ws = {.floors_at = NAN};
    if (w->huge)
        ls_huge_heap(LS_THREAD_HEAP); /* the planner's memory, 2 MiB a fault */
    w->rc = worker_setup(w, &ws);
    size_t ns = w->model->n_segments;
    double wage0 = w->model->policy.wage_index;
    for (size_t run = 0, end = 0; w->rc == LS_OK; run++) {
        if (run == end && (claim(w, &run, &end), run == end))
            break; /* no runs left */
        gsl_rng_set(ws.rng, ls_risk_run_seed(w->o->seed, run));
        gsl_rng_set(ws.pgb_rng, pgb_seed(w->o->seed, run));
        double demand = 0, wage = wage0;
        if (w->o->wage_sd > 0)
            wage = draw_wage_index(ws.rng, wage0, w->o->wage_sd);
        ws.sc->m.policy.wage_index = wage;
        ls_result *r = NULL;
        w->rc = solve_run(w, &ws, run, &w->risk->clients[run * ns], &demand, &r);
        if (w->rc == LS_ENOSOLUTION) {
            w->rc = LS_OK;
            no_solution(w, run, demand, wage);
        } else if (w->rc != LS_OK) {
            if (!w->errs.n_errors)
                ls_error_add(&w->errs, NULL, 0, 0, _("run %zu (seed %lu) could not be solved"), run,
                             w->o->seed);
            ls_result_free(r);
            break;
        } else
            record(w, &ws, run, demand, wage, r);
        ls_result_free(r);
        if (w->o->progress) {
            pthread_mutex_lock(w->lock);
            size_t d = ++*w->done;
            w->o->progress(w->o->progress_ctx, d, w->o->runs);
            pthread_mutex_unlock(w->lock);
        }
    }
    free(ws.mu);
    if (ws.lost)
        ls_planner_free_lost(ws.pl);
    else
        ls_planner_free(ws.pl);
    if (ws.rng)
        gsl_rng_free(ws.rng);
    if (ws.pgb_rng)
        gsl_rng_free(ws.pgb_rng);
    glp_free_env(); /* this thread's GLPK environment */
    return NULL;
}

void ls_risk_options_init(ls_risk_options *o)
{
    memset(o, 0, sizeof(*o));
    o->threads = 1;
    ls_planner_options_init(&o->planner);
}

void ls_risk_free(ls_risk *r)
{
    if (!r)
        return;
    free(r->samples);
    free(r->clients);
    free(r->drivers);
    free(r->histogram);
    free(r->unmet);
    free(r->no_solution_reason);
    free(r->settings);
    free(r);
}

/* A part of the drivers' work: segments [from, to), over the n needs of the runs with a
 * solution, their mean and variance given. */
typedef struct driver_part {
    ls_risk *k;
    const ls_model *m;
    const double *need;
    size_t n, from, to;
    double mean, var;
    int rc, thread; /* thread: on a thread of its own */
} driver_part;

static void *driver_shares(void *arg)
{
    driver_part *p = arg;
    ls_risk *k = p->k;
    size_t ns = p->m->n_segments, n = p->n;
    double *col = malloc((k->n_samples + 1) * sizeof(double));
    if (!col) {
        p->rc = LS_EINTERNAL;
        return NULL;
    }
    for (size_t s = p->from; s < p->to; s++) {
        size_t c = 0;
        for (size_t i = 0; i < k->n_samples; i++)
            if (k->samples[i].summary.status != LS_NO_SOLUTION)
                col[c++] = k->clients[i * ns + s];
        double mean_s = n > 1 ? gsl_stats_mean(col, 1, n) : 0;
        double cov = n > 1 ? gsl_stats_covariance_m(col, 1, p->need, 1, n, mean_s, p->mean) : 0;
        double var_s = n > 1 ? gsl_stats_variance_m(col, 1, n, mean_s) : 0;
        double var = p->var;
        k->drivers[s] = (ls_risk_driver){p->m->segments[s].id,
                                         var > 0 && var_s > 0 ? cov * cov / (var * var_s) : 0};
    }
    free(col);
    p->rc = LS_OK;
    return NULL;
}

/* The segments whose demand drives the variance of need most: the squared correlation of a
 * segment's sampled clients with need over the runs with a solution, the share of var(need)
 * it explains (segments are sampled independently, so the shares add up to about 1). GSL's
 * running means divide once a run, each step waiting for the last (146 ms of 1,000 runs on
 * the Amsterdam preset, after the runs): the segments are split over the T threads the runs
 * had, each segment's figures the same whichever computes them. */
static int drivers(ls_risk *k, const ls_model *m, size_t T)
{
    size_t ns = m->n_segments, n = 0;
    if (T > ns)
        T = ns ? ns : 1;
    k->drivers = calloc(ns + 1, sizeof(ls_risk_driver));
    double *need = malloc((k->n_samples + 1) * sizeof(double));
    driver_part *part = calloc(T, sizeof(driver_part));
    pthread_t *tid = calloc(T, sizeof(pthread_t));
    int rc = k->drivers && need && part && tid ? LS_OK : LS_EINTERNAL;
    for (size_t i = 0; rc == LS_OK && i < k->n_samples; i++)
        if (k->samples[i].summary.status != LS_NO_SOLUTION)
            need[n++] = k->samples[i].need;
    /* each mean once: GSL's covariance and variance work out the means they need on each
     * call, three passes a segment where one does, and give the same figures from them */
    double mean = n > 1 ? gsl_stats_mean(need, 1, n) : 0;
    double var = n > 1 ? gsl_stats_variance_m(need, 1, n, mean) : 0;
    for (size_t t = 0; rc == LS_OK && t < T; t++) {
        part[t] = (driver_part){k, m, need, n, ns * t / T, ns * (t + 1) / T, mean, var, 0, 0};
        /* the first part on this thread, after the others started; one that cannot start
         * runs here too */
        if (t > 0)
            part[t].thread = pthread_create(&tid[t], NULL, driver_shares, &part[t]) == 0;
        if (t > 0 && !part[t].thread)
            driver_shares(&part[t]);
    }
    if (rc == LS_OK)
        driver_shares(&part[0]);
    for (size_t t = 1; rc == LS_OK && t < T; t++)
        if (part[t].thread)
            pthread_join(tid[t], NULL);
    for (size_t t = 0; rc == LS_OK && t < T; t++)
        if (part[t].rc != LS_OK)
            rc = part[t].rc;
    k->n_drivers = ns;
    free(need);
    free(part);
    free(tid);
    return rc;
}

static int by_share(const void *a, const void *b)
{
    double x = ((const ls_risk_driver *)a)->share, y = ((const ls_risk_driver *)b)->share;
    return (x < y) - (x > y);
}

static int by_unmet_share(const void *a, const void *b)
{
    double x = ((const ls_risk_unmet *)a)->share, y = ((const ls_risk_unmet *)b)->share;
    if (x != y)
        return (x < y) - (x > y);
    return strcmp(((const ls_risk_unmet *)a)->segment, ((const ls_risk_unmet *)b)->segment);
}

/* The segments whose clients went unmet in some run, most often first. */
static int unmet_segments(ls_risk *k, const ls_model *m, const double *runs)
{
    size_t ns = m->n_segments;
    k->unmet = calloc(ns + 1, sizeof(ls_risk_unmet));
    if (!k->unmet)
        return LS_EINTERNAL;
    for (size_t s = 0; s < ns; s++)
        if (runs[s] > 0)
            k->unmet[k->n_unmet++] =
                (ls_risk_unmet){m->segments[s].id, runs[s] / (double)k->solved};
    qsort(k->unmet, k->n_unmet, sizeof(ls_risk_unmet), by_unmet_share);
    return LS_OK;
}

/* The statistics over the runs with a solution (rank 0, every sample gathered). */
static int statistics(ls_risk *k, const ls_model *model, const double *unmet_runs, size_t T)
{
    size_t n = k->n_samples, m = 0, over = 0, unmet = 0, under = 0;
    double *need = malloc((n + 1) * sizeof(double)), overrun = 0;
    if (!need)
        return LS_EINTERNAL;
    for (size_t i = 0; i < n; i++) {
        const ls_risk_sample *s = &k->samples[i];
        if (s->summary.status == LS_NO_SOLUTION)
            continue;
        need[m++] = s->need;
        over += s->need > s->summary.available;
        unmet += s->summary.unmet_clients > 1e-9;
        under += s->summary.status == LS_UNDERFUNDED;
        overrun += fmax(0, s->need - s->summary.available);
    }
    k->solved = m;
    k->p_no_solution = (double)(n - m) / (double)n;
    if (m == 0) {
        free(need);
        return LS_ENOSOLUTION;
    }
    k->mean = gsl_stats_mean(need, 1, m);
    k->sd = m > 1 ? gsl_stats_sd(need, 1, m) : 0;
    int rc = drivers(k, model, T);
    gsl_sort(need, 1, m);
    k->q50 = gsl_stats_quantile_from_sorted_data(need, 1, m, 0.50);
    k->q90 = gsl_stats_quantile_from_sorted_data(need, 1, m, 0.90);
    k->q95 = gsl_stats_quantile_from_sorted_data(need, 1, m, 0.95);
    k->q99 = gsl_stats_quantile_from_sorted_data(need, 1, m, 0.99);
    /* P(need > available) with its 95 % Wilson score interval */
    double p = (double)over / (double)m, z = 1.959963984540054, z2n = z * z / (double)m;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * sqrt(p * (1 - p) / (double)m + z2n / (4 * (double)m));
    k->p_overrun = p;
    k->p_overrun_low = fmax(0, centre - half);
    k->p_overrun_high = fmin(1, centre + half);
    k->expected_overrun = overrun / (double)m;
    k->p_unmet = (double)unmet / (double)m;
    k->p_underfunded = (double)under / (double)m;
    /* a histogram of need: 20 equal bins from the least to the most */
    k->n_bins = 20;
    k->histogram = calloc(k->n_bins, sizeof(ls_risk_bin));
    if (rc == LS_OK && !k->histogram)
        rc = LS_EINTERNAL;
    double lo = need[0], hi = need[m - 1], width = (hi - lo) / (double)k->n_bins;
    for (size_t b = 0; rc == LS_OK && b < k->n_bins; b++)
        k->histogram[b] = (ls_risk_bin){lo + width * (double)b, lo + width * (double)(b + 1), 0};
    for (size_t i = 0; rc == LS_OK && i < m; i++) {
        size_t b = width > 0 ? (size_t)((need[i] - lo) / width) : 0;
        k->histogram[b < k->n_bins ? b : k->n_bins - 1].count++;
    }
    if (rc == LS_OK) {
        qsort(k->drivers, k->n_drivers, sizeof(ls_risk_driver), by_share);
        rc = unmet_segments(k, model, unmet_runs);
    }
    free(need);
    return rc;
}

/* Runs this rank's block of runs on T threads; the workers' unmet counts are summed into
 * unmet_runs and the first run without a solution kept. */
static int run_threads(const ls_model *model, const ls_risk_options *o, ls_risk *k,
                       size_t first, size_t last, size_t T, double *unmet_runs, size_t ns,
                       ls_errors *errs)
{
    worker *w = calloc(T, sizeof(worker));
    pthread_t *tid = calloc(T, sizeof(pthread_t));
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    size_t done = 0, next = first, spread = 4 * T;
    int rc = w && tid ? LS_OK : LS_EINTERNAL, huge = (last - first) / T >= LS_HUGE_RUNS;
    for (size_t t = 0; t < T && rc == LS_OK; t++) {
        w[t] = (worker){model, o,    k,     &next, last, spread,   huge,
                        LS_OK, {0},  &lock, &done, NULL, SIZE_MAX, NULL};
        if (pthread_create(&tid[t], NULL, work, &w[t]) != 0) {
            rc = LS_EINTERNAL;
            T = t;
        }
    }
    for (size_t t = 0; w && t < T; t++) {
        pthread_join(tid[t], NULL);
        if (rc == LS_OK && w[t].rc != LS_OK) {
            rc = w[t].rc;
            for (size_t i = 0; i < w[t].errs.n_errors; i++)
                ls_error_add(errs, w[t].errs.errors[i].file, w[t].errs.errors[i].line,
                             w[t].errs.errors[i].column, "%s", w[t].errs.errors[i].message);
        }
        for (size_t s = 0; w[t].unmet_runs && s < ns; s++)
            unmet_runs[s] += w[t].unmet_runs[s];
        if (w[t].first_fail < k->first_no_solution) {
            k->first_no_solution = w[t].first_fail;
            free(k->no_solution_reason);
            k->no_solution_reason = w[t].fail_reason;
            w[t].fail_reason = NULL;
        }
        free(w[t].fail_reason);
        free(w[t].unmet_runs);
        ls_errors_clear(&w[t].errs);
    }
    free(w);
    free(tid);
    return rc;
}

/* Under mpirun: every rank learns whether any failed; rank 0 gets the messages, the samples,
 * the drawn clients and the unmet counts (summed into unmet_runs[0 .. ns)), and finds the
 * first run without a solution. Returns the worst rc. */
static int gather_ranks(const ls_dist *dist, ls_risk *k, size_t ns, double *unmet_runs, int rc,
                        ls_errors *errs)
{
    size_t n = k->n_samples, R = (size_t)ls_dist_size(dist);
    int worst = ls_dist_max_int(dist, rc);
    ls_dist_gather_errors(dist, errs);
    if (rc == LS_OK)
        rc = worst;
    size_t per = sizeof(ls_risk_sample); /* the samples travel as bytes */
    size_t *off = malloc((R + 1) * sizeof(size_t)), *coff = malloc((R + 1) * sizeof(size_t));
    size_t *uoff = malloc((R + 1) * sizeof(size_t));
    if (!off || !coff || !uoff)
        rc = LS_EINTERNAL;
    for (size_t r = 0; off && coff && uoff && r <= R; r++)
        off[r] = n * r / R * per, coff[r] = n * r / R * ns, uoff[r] = r * ns;
    if (ls_dist_max_int(dist, rc) == LS_OK &&
        (ls_dist_gather_bytes(dist, k->samples, off) != LS_OK ||
         ls_dist_gather(dist, k->clients, coff) != LS_OK ||
         ls_dist_gather(dist, unmet_runs, uoff) != LS_OK))
        rc = LS_EINTERNAL;
    free(off);
    free(coff);
    free(uoff);
    for (size_t r = 1; r < R; r++)
        for (size_t s = 0; s < ns; s++)
            unmet_runs[s] += unmet_runs[r * ns + s];
    for (size_t i = 0; i < n && k->first_no_solution == SIZE_MAX; i++)
        if (k->samples[i].summary.status == LS_NO_SOLUTION)
            k->first_no_solution = i;
    return rc;
}

int ls_risk_run(const ls_model *model, const ls_risk_options *o, ls_risk **out,
                ls_errors *errs)
{
    *out = NULL;
    if (o->runs < 1 || o->threads < 1 || o->threads > 256 || !(o->dispersion >= 0) ||
        !(o->wage_sd >= 0 && o->wage_sd <= 10)) {
        ls_error_add(errs, NULL, 0, 0,
                     _("need runs ≥ 1, threads 1–256, dispersion ≥ 0 and wage_sd 0–10"));
        return LS_EUSAGE;
    }
    size_t n = o->runs, ns = model->n_segments, T = (size_t)o->threads;
    ls_risk *k = calloc(1, sizeof(*k));
    double *unmet_runs = NULL;
    if (!k || !(k->samples = calloc(n, sizeof(ls_risk_sample))) ||
        !(k->clients = calloc(n * ns + 1, sizeof(double))) ||
        ls_policy_settings(model, &k->settings, &k->n_settings) != LS_OK) {
        ls_risk_free(k);
        return LS_EINTERNAL;
    }
    k->n_samples = n;
    k->first_no_solution = SIZE_MAX;
    k->model = model->dir;
    /* what the model as read makes available (a run's own figure moves with its pgb draw);
     * over the contract years, in the last year, whose figures the runs give */
    k->after_reserve = model->policy.budget * (1 - model->policy.reserve);
    k->available = k->after_reserve - model->pgb_cost;
    if (o->years > 1 &&
        ls_plan_year_available(model, o->years - 1, &k->available, &k->after_reserve) != LS_OK) {
        ls_risk_free(k);
        return LS_EINTERNAL;
    }
    k->options = *o;
    k->options.progress = NULL;
    k->options.progress_ctx = NULL;
    k->options.dist = NULL;
    /* under mpirun each rank takes a contiguous block of runs (dist.c); a run's numbers
     * depend on (seed, run) alone, so the blocks gathered on rank 0 are the same numbers a
     * single process finds */
    size_t R = (size_t)ls_dist_size(o->dist), me = (size_t)ls_dist_rank(o->dist);
    size_t first = n * me / R, last = n * (me + 1) / R;
    if (T > last - first)
        T = last - first > 0 ? last - first : 1;
    /* the unmet counts, one block of ns per rank (rank 0 sums them) */
    unmet_runs = calloc(R * ns + 1, sizeof(double));
    int rc = unmet_runs ? run_threads(model, o, k, first, last, T, unmet_runs + me * ns,
                                      ns, errs)
                        : LS_EINTERNAL;
    if (R > 1) {
        rc = gather_ranks(o->dist, k, ns, unmet_runs, rc, errs);
        if (me != 0) {
            /* the figures are rank 0's to compute and write */
            free(unmet_runs);
            ls_risk_free(k);
            return rc;
        }
    }
    if (rc == LS_OK)
        rc = statistics(k, model, unmet_runs, T);
    /* (a model without a solution of its own fails before any run: its reason stands) */
    if (rc == LS_ENOSOLUTION && k->first_no_solution != SIZE_MAX)
        ls_error_add(errs, NULL, 0, 0, _("no run has a solution (the first, run %zu: %s)"),
                     k->first_no_solution,
                     k->no_solution_reason ? k->no_solution_reason : _("no solution"));
    free(unmet_runs);
    if (rc != LS_OK) {
        ls_risk_free(k);
        return rc;
    }
    *out = k;
    return LS_OK;
}
