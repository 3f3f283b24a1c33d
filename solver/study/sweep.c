/*
 * sweep.c — what-if runs over one parameter: each value changes only what the parameter
 * touches in the model and re-solves the kept stage-1 LP from the last basis; stage 2 is
 * re-run each step. A value without a solution is a row with its reason, and the sweep goes
 * on. Then the break-evens: where the status first flips between funded and underfunded, and
 * (for the parameters that move the placement) where unmet demand first appears, to 1e-6
 * relative.
 */
#include <glpk.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "format.h"
#include "i18n.h"
#include "model.h"
#include "planner.h"
#include "summary.h"
#include "sweep.h"
#include "util.h"

#define BREAK_EVEN_TOL 1e-7 /* relative width of the final bracket (1e-6 asked) */

void ls_sweep_free(ls_sweep *s)
{
    if (!s)
        return;
    free(s->rows);
    for (size_t k = 0; s->reasons && k < s->n_rows; k++)
        free(s->reasons[k]);
    free(s->reasons);
    free(s->settings);
    free(s);
}

static void fill_row(ls_sweep_row *row, double value, const ls_result *r)
{
    double deepest = fmin(0, r->summary.cut);
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (r->cut_domain[d] < deepest)
            deepest = r->cut_domain[d];
    *row = (ls_sweep_row){value, r->summary, 0, deepest};
}

/* The value as `plan` solves it: cold, in a planner of its own (on this thread alone where
 * the threads are the blocks). */
static int solve_cold(struct sweep_state *st, ls_result **r)
{
    ls_planner_options po;
    ls_planner_options_init(&po);
    if (st->threads > 1)
        po.threads = 1;
    ls_planner *pl = NULL;
    int rc = ls_planner_create_with(st->m, &po, &pl);
    if (rc == LS_OK)
        rc = ls_planner_solve(pl, r, st->errs);
    ls_planner_free(pl);
    return rc;
}

/* Solves at value; 0 and *row filled, or -1 with st->rc set. A value without a solution is
 * a row (status LS_NO_SOLUTION, figures NAN) whose reason goes to *reason when reason is
 * given (malloc'd), and not into the errors. */
static int evaluate_why(struct sweep_state *st, double value, ls_sweep_row *row, char **reason)
{
    ls_result *r = NULL, **path = NULL;
    size_t n_errors = st->errs->n_errors;
    int rc = ls_sweep_apply(st, value);
    if (rc == LS_OK && st->years > 1) {
        /* --years: the whole path for this value; the sweep reports its last year (on this
         * thread alone where the threads are the blocks) */
        ls_planner_options po;
        ls_planner_options_init(&po);
        if (st->threads > 1)
            po.threads = 1;
        rc = ls_plan_years_hooked(st->m, st->years, &po, NULL, NULL, &path, st->errs);
        if (rc == LS_OK)
            r = path[st->years - 1];
    } else if (rc == LS_OK) {
        rc = ls_planner_solve(st->pl, &r, st->errs);
        if (rc == LS_EINTERNAL && !st->errs->out_of_memory) {
            /* the warm start failed where GLPK's simplex did (a numerical failure from the
             * basis of the value before, which a cold start need not meet: a random test's
             * bisection for unmet demand, on a model whose every value plans): the value
             * cold, as plan would, and the next step warm from what this one leaves */
            ls_errors_truncate(st->errs, n_errors);
            rc = solve_cold(st, &r);
        }
    }
    if (rc == LS_ENOSOLUTION) {
        if (reason && st->errs->n_errors > n_errors)
            *reason = strdup(st->errs->errors[n_errors].message);
        ls_errors_truncate(st->errs, n_errors);
        *row = (ls_sweep_row){value, ls_summary_none(), 0, NAN};
        return 0;
    }
    if (rc != LS_OK) {
        if (!st->rc)
            st->rc = rc, st->failed_at = value;
        return -1;
    }
    fill_row(row, value, r);
    if (path)
        ls_results_free(path, st->years);
    else
        ls_result_free(r);
    return 0;
}

static int evaluate(struct sweep_state *st, double value, ls_sweep_row *row)
{
    return evaluate_why(st, value, row, NULL);
}

/* A break-even's search that failed at value, where GLPK failed on it cold as well as warm
 * (a numerical failure at a value next to the flip; the steps themselves planned): the
 * search ends with no break-even and a warning that says so, rather than the sweep with no
 * table. 1 when that is so (st->rc cleared), 0 for any other failure (out of memory). */
static int search_failed(struct sweep_state *st, size_t n_errors, double value, const char *what)
{
    if (st->rc != LS_EINTERNAL || st->errs->out_of_memory)
        return 0;
    char v[64];
    ls_errors_truncate(st->errs, n_errors);
    st->rc = LS_OK;
    ls_warning_add(st->errs, NULL, 0, 0,
                   _("no %s is given: the solver (GLPK) failed numerically on the model at %s = "
                     "%s, a value the search for it tried"),
                   what, st->param, ls_format_plain(v, sizeof v, value, ls_text_style()));
    return 1;
}

/* One value a bisection for a break-even tries: 0 with *row to go on; 1 where the search ends
 * with none (a value without a solution, or a numerical failure that search_failed turned
 * into a warning); −1 on any other failure (st->rc). */
static int probe(struct sweep_state *st, double value, ls_sweep_row *row, const char *what)
{
    size_t n_errors = st->errs->n_errors;
    if (evaluate(st, value, row) != 0)
        return search_failed(st, n_errors, value, what) ? 1 : -1;
    return row->summary.status == LS_NO_SOLUTION;
}

/* Below 0 exactly when some group is paid below its floor (the deepest cut), else the margin
 * (kept a hair above 0); NAN where the value has no solution. Its zero is where the first
 * group drops below its floor: the break-even itself, rather than the status's flip up to a
 * cent later (a division is underfunded once the shortfall shows in the printed totals:
 * stage2.h), which on a small model lies more than 1e-6 further on. */
static double funding(double v, void *ctx)
{
    struct sweep_state *st = ctx;
    ls_sweep_row row;
    if (evaluate(st, v, &row) != 0 || row.summary.status == LS_NO_SOLUTION)
        return GSL_NAN;
    return row.deepest_cut < 0 ? row.deepest_cut : fmax(row.summary.margin, 1e-12);
}

/* The side of the break-even a row is on: 1 when some group is below its floor. */
static int below_floor(const ls_sweep_row *r)
{
    return r->deepest_cut < 0;
}

/* The parameter whose break-even search starts at the row below the flip's own break-even
 * wage index. */
static int guessed_by_row(const struct sweep_state *st)
{
    return st->kind == P_KEY && strcmp(st->key, "wage_index") == 0;
}

/* The break-even (docs/sweep.md): the value where the status flips, between lo and hi
 * (which differ in status). For wage_index and budget the break-even is a division while
 * today's placement holds (floors are linear in the wage index; available in the budget): try
 * it, and keep it if a re-solve just either side confirms the flip; otherwise Brent on cut +
 * margin. */
static int status_break_even(struct sweep_state *st, const ls_sweep_row *lo,
                             const ls_sweep_row *hi, double *out)
{
    double guess = NAN;
    size_t n_errors = st->errs->n_errors;
    if (guessed_by_row(st))
        guess = lo->summary.break_even_wage_index;
    else if (st->kind == P_KEY && strcmp(st->key, "budget") == 0 && lo->summary.required > 0)
        guess = (lo->summary.required + lo->summary.pgb_cost) / (1 - st->m->policy.reserve);
    if (isfinite(guess) && guess > lo->value && guess < hi->value) {
        double d = 1e-9 * fmax(fabs(guess), 1e-9);
        ls_sweep_row a, b;
        /* (a value without a solution confirms no side: its deepest cut is NAN) */
        if (evaluate(st, guess - d, &a) == 0 && evaluate(st, guess + d, &b) == 0 &&
            a.summary.status != LS_NO_SOLUTION && b.summary.status != LS_NO_SOLUTION &&
            below_floor(&a) == below_floor(lo) && below_floor(&b) == below_floor(hi)) {
            *out = guess;
            return LS_OK;
        }
    }
    /* Brent's method (GSL) on a measure whose sign is the status: the deepest cut below 0
     * when underfunded, the margin above 0 when funded (each kept a hair from 0: a domain can
     * be cut while the rest rise, and a division can be funded with no margin). It jumps at
     * the flip, which Brent's bracket handles as bisection would, in fewer evaluations where
     * the measure is smooth (demand: 12 instead of 24 on the Amsterdam preset). A value
     * without a solution, or ends of the measure's one sign (a step funded to the cent with
     * its groups a hair below their floors), end the search in plain bisection on the
     * status, which ends with no break-even at a value without a solution. */
    gsl_function f = {funding, st};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return LS_EINTERNAL;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_root_fsolver_set(s, &f, lo->value, hi->value);
    double a = lo->value, b = hi->value;
    for (int iter = 0; rc == GSL_SUCCESS && iter < 200; iter++) {
        rc = gsl_root_fsolver_iterate(s);
        a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(a, b, 0, BREAK_EVEN_TOL) == GSL_SUCCESS)
            break;
    }
    gsl_set_error_handler(old);
    gsl_root_fsolver_free(s);
    if (st->rc) { /* at the guess, or inside Brent's search */
        if (!search_failed(st, n_errors, st->failed_at, _("break-even")))
            return st->rc;
        *out = NAN;
        return LS_OK;
    }
    if (rc == GSL_SUCCESS) {
        *out = 0.5 * (a + b);
        return LS_OK;
    }
    a = lo->value, b = hi->value;
    ls_sweep_row row;
    for (int iter = 0; iter < 200 && b - a > BREAK_EVEN_TOL * fmax(fabs(b), 1e-12); iter++) {
        double mid = 0.5 * (a + b);
        /* values without a plan inside: the status may differ only across them, and their
         * edge is no flip between two divisions (none, as the unmet search) */
        int p = probe(st, mid, &row, _("break-even"));
        if (p != 0) {
            *out = NAN;
            return p < 0 ? st->rc : LS_OK;
        }
        if (row.summary.status == lo->summary.status)
            a = mid;
        else
            b = mid;
    }
    *out = 0.5 * (a + b);
    return LS_OK;
}

/* Where unmet demand first becomes positive, between lo (none) and hi (some): bisection. A
 * value on the way without a solution (its unmet clients NAN) ends it with none (NAN): next to
 * the values where clients go without a place lie values without a plan, and the edge of
 * those is not where unmet demand appears. */
static int unmet_break_even(struct sweep_state *st, double lo, double hi, double *out)
{
    ls_sweep_row row;
    for (int iter = 0; iter < 100 && hi - lo > BREAK_EVEN_TOL * fmax(fabs(hi), 1e-12); iter++) {
        double mid = 0.5 * (lo + hi);
        int p = probe(st, mid, &row, _("unmet break-even"));
        if (p != 0) {
            *out = NAN;
            return p < 0 ? st->rc : LS_OK;
        }
        if (row.summary.unmet_clients > 1e-9)
            hi = mid;
        else
            lo = mid;
    }
    *out = 0.5 * (lo + hi);
    return LS_OK;
}

/* The value of step k of steps from `from` to `to`: the last is exactly `to`. */
static double step_value(const ls_sweep_options *o, size_t k)
{
    if (o->steps == 1)
        return o->from;
    if (k + 1 == o->steps)
        return o->to;
    return o->from + (o->to - o->from) * (double)k / (double)(o->steps - 1);
}

/* A row as doubles: the value, the summary, the deepest cut. */
enum { ROW_DOUBLES = 2 + LS_SUMMARY_DOUBLES };

static void pack_row(double *d, const ls_sweep_row *r)
{
    d[0] = r->value;
    ls_summary_pack(&r->summary, d + 1);
    d[1 + LS_SUMMARY_DOUBLES] = r->deepest_cut;
}

static void unpack_row(const double *d, ls_sweep_row *r)
{
    r->value = d[0];
    ls_summary_unpack(d + 1, &r->summary);
    r->break_even = 0;
    r->deepest_cut = d[1 + LS_SUMMARY_DOUBLES];
}

/* The parameters that move the placement, and so where unmet demand can first appear:
 * demand, a segment's clients, and wages (a floor passes its max_tariff). */
static int unmet_kind(const struct sweep_state *st)
{
    return st->kind == P_DEMAND || st->kind == P_CLIENTS || st->kind == P_AREA ||
           st->kind == P_CAO ||
           (st->kind == P_KEY && strcmp(st->key, "wage_index") == 0);
}

/* Two neighbouring rows flip the status (rows without a solution take no part). */
static int flips(const ls_sweep_row *a, const ls_sweep_row *b)
{
    return a->summary.status != LS_NO_SOLUTION && b->summary.status != LS_NO_SOLUTION &&
           a->summary.status != b->summary.status;
}

/* The block that holds step k (blocks as in run_steps). */
static size_t owner(size_t k, size_t steps, size_t blocks)
{
    size_t r = 0;
    while (r + 1 < blocks && (uint64_t)steps * (r + 1) / blocks <= k)
        r++;
    return r;
}

/* This rank's block of steps [first, last), warm-started along; the bases before the first
 * flip of the status and of unmet demand are kept for the break-evens. */
static int run_block(struct sweep_state *st, const ls_sweep_options *o, ls_sweep *sw,
                     size_t first, size_t last)
{
    int rc = LS_OK;
    int guess = st->lean && guessed_by_row(st);
    if (st->lean)
        ls_planner_set_totals_only(st->pl, 2);
    if (guess) /* the row below a flip gets its break-even afterwards */
        ls_planner_keep_solves(st->pl);
    for (size_t k = first; rc == LS_OK && k < last; k++) {
        if (evaluate_why(st, step_value(o, k), &sw->rows[k], &sw->reasons[k]) != 0)
            return st->rc;
        if (k > first) {
            const ls_sweep_row *a = &sw->rows[k - 1], *b = &sw->rows[k];
            if (!st->have_flip && flips(a, b)) {
                rc = ls_basis_copy(st->pl, &st->flip, &st->prev);
                st->have_flip = 1;
                if (rc == LS_OK && guess) {
                    /* step k − 1's: the solve before the last, at its value again (the same
                     * floors), then back to step k's */
                    rc = ls_sweep_apply(st, step_value(o, k - 1));
                    if (rc == LS_OK)
                        rc = ls_planner_break_even_back(st->pl, 2, &st->flip_guess);
                    if (rc == LS_OK)
                        rc = ls_sweep_apply(st, step_value(o, k));
                }
            }
            if (rc == LS_OK && !st->have_unmet_flip && unmet_kind(st) &&
                a->summary.unmet_clients <= 1e-9 && b->summary.unmet_clients > 1e-9) {
                rc = ls_basis_copy(st->pl, &st->unmet_flip, &st->prev);
                st->have_unmet_flip = 1;
            }
        }
        if (rc == LS_OK)
            rc = ls_planner_snapshot(st->pl, &st->prev);
        if (rc == LS_OK && o->progress) {
            pthread_mutex_lock(&st->count->lock);
            o->progress(o->progress_ctx, ++st->count->done, st->count->total);
            pthread_mutex_unlock(&st->count->lock);
        }
    }
    /* a flip after the block's last step starts from its break-even */
    if (rc == LS_OK && guess && last > first)
        rc = ls_planner_break_even_back(st->pl, 1, &st->last_guess);
    return rc;
}

/* A block of steps on a thread of its own (--threads): its own planner, whose GLPK objects
 * belong to the thread that made them, its own messages, and the bases that a break-even
 * found in it starts from (plain copies, read after the thread has ended). */
typedef struct block {
    struct sweep_state st;
    ls_errors errs;
    const ls_sweep_options *o;
    ls_sweep *sw;
    size_t first, last;
    int rc;
} block;

static void *block_run(void *arg)
{
    block *b = arg;
    if (b->last - b->first >= LS_HUGE_RUNS)
        ls_huge_heap(LS_THREAD_HEAP); /* the planner's memory, 2 MiB a fault */
    ls_planner_options po;
    ls_planner_options_init(&po);
    po.totals_only = 1;
    po.threads = 1; /* the threads are the blocks */
    b->rc = ls_planner_create_with(b->st.base, &po, &b->st.pl);
    if (b->rc == LS_OK) {
        b->st.sc = ls_planner_scenario(b->st.pl);
        b->st.m = &b->st.sc->m;
        b->rc = run_block(&b->st, b->o, b->sw, b->first, b->last);
    }
    ls_planner_free(b->st.pl);
    b->st.pl = NULL, b->st.sc = NULL, b->st.m = NULL;
    glp_free_env(); /* this thread's GLPK environment */
    return NULL;
}

/* This rank's steps [first, last) in T contiguous blocks: the first on this thread with st's
 * planner, each other on a thread of its own (blk[t]), all at once. The first failure in
 * step order is the result, its messages in st's. */
static int run_blocks(struct sweep_state *st, const ls_sweep_options *o, ls_sweep *sw,
                      block *blk, size_t T)
{
    pthread_t *tid = calloc(T, sizeof(pthread_t));
    char *started = calloc(T, 1);
    int rc = tid && started ? LS_OK : LS_EINTERNAL;
    for (size_t t = 1; rc == LS_OK && t < T; t++) {
        if (blk[t].first == blk[t].last)
            continue;
        blk[t].st = *st;
        blk[t].st.pl = NULL, blk[t].st.sc = NULL, blk[t].st.m = NULL;
        blk[t].st.errs = &blk[t].errs;
        blk[t].o = o, blk[t].sw = sw;
        if (pthread_create(&tid[t], NULL, block_run, &blk[t]) != 0) {
            ls_error_add(st->errs, NULL, 0, 0, _("cannot start thread %zu of %zu"), t + 1, T);
            rc = LS_EINTERNAL;
        }
        started[t] = rc == LS_OK;
    }
    if (rc == LS_OK)
        rc = run_block(st, o, sw, blk[0].first, blk[0].last);
    for (size_t t = 1; started && t < T; t++) {
        if (!started[t])
            continue;
        pthread_join(tid[t], NULL);
        if (rc == LS_OK && blk[t].rc != LS_OK) {
            rc = blk[t].rc;
            for (size_t i = 0; i < blk[t].errs.n_errors; i++) {
                const ls_error *e = &blk[t].errs.errors[i];
                size_t held = st->errs->n_errors;
                if (ls_error_add(st->errs, e->file, e->line, e->column, "%s", e->message) > held)
                    st->errs->errors[held].cell = e->cell;
            }
            st->errs->out_of_memory |= blk[t].errs.out_of_memory;
        }
    }
    free(tid);
    free(started);
    return rc;
}

/* Every rank's block of rows to every rank (one rank: nothing to do). */
static int share_rows(const ls_sweep_options *o, ls_sweep *sw, size_t first, size_t last)
{
    size_t S = o->steps, R = (size_t)ls_dist_size(o->dist);
    double *buf = calloc(S * ROW_DOUBLES + 1, sizeof(double));
    size_t *off = malloc((R + 1) * sizeof(size_t));
    int rc = buf && off ? LS_OK : LS_EINTERNAL;
    for (size_t k = first; rc == LS_OK && k < last; k++)
        pack_row(&buf[k * ROW_DOUBLES], &sw->rows[k]);
    for (size_t r = 0; rc == LS_OK && r <= R; r++)
        off[r] = S * r / R * ROW_DOUBLES;
    if (rc == LS_OK && (ls_dist_gather(o->dist, buf, off) != LS_OK ||
                        ls_dist_bcast(o->dist, buf, S * ROW_DOUBLES, 0) != LS_OK))
        rc = LS_EINTERNAL;
    for (size_t k = 0; rc == LS_OK && k < S; k++)
        unpack_row(&buf[k * ROW_DOUBLES], &sw->rows[k]);
    free(buf);
    free(off);
    return rc;
}

/* Where a break-even between steps k − 1 and k starts: the basis after step k − 1, kept by
 * the block that holds it (blk, T a rank; unmet: the flip of unmet demand). *who is that
 * block's rank; NULL when it is not this one. *guess is step k − 1's break-even wage index
 * as that block found it for lean rows (NAN otherwise). */
static const ls_basis *below(const struct sweep_state *st, const ls_sweep_options *o,
                             const block *blk, size_t T, size_t k, int unmet, int *who,
                             double *guess)
{
    size_t R = (size_t)ls_dist_size(o->dist), b = owner(k - 1, o->steps, R * T);
    *who = (int)(b / T);
    *guess = NAN;
    if (b / T != (size_t)ls_dist_rank(o->dist))
        return NULL;
    const struct sweep_state *bs = b % T ? &blk[b % T].st : st;
    /* the step below the flip: in this block, or this block's last step */
    if (k < blk[b % T].last) {
        *guess = bs->flip_guess;
        return unmet ? &bs->unmet_flip : &bs->flip;
    }
    *guess = bs->last_guess;
    return &bs->prev;
}

/* The status's break-even between steps kf − 1 and kf, found by the rank whose block holds
 * step kf − 1 from that step's basis (start) and sent to all: res = [rc, break-even, the
 * status below it, its row]. */
static int status_break_even_shared(struct sweep_state *st, const ls_sweep_options *o, ls_sweep *sw,
                                    size_t kf, const ls_basis *start, double guess, int who,
                                    double *res)
{
    if (start) {
        ls_sweep_row lo = sw->rows[kf - 1];
        if (st->lean) /* lean rows: its break-even, found by its block after the step */
            lo.summary.break_even_wage_index = guess;
        /* every step keeps its basis: none is a failure (out of memory) */
        int r2 = start->row && start->col ? ls_planner_start_from(st->pl, start) : LS_EINTERNAL;
        double be = NAN;
        ls_sweep_row row = {0};
        if (r2 == LS_OK)
            r2 = status_break_even(st, &lo, &sw->rows[kf], &be);
        if (r2 == LS_OK && !isnan(be) && evaluate(st, be, &row) != 0)
            r2 = st->rc;
        res[0] = r2, res[1] = be, res[2] = sw->rows[kf - 1].summary.status;
        pack_row(&res[3], &row);
    }
    return ls_dist_bcast(o->dist, res, 3 + ROW_DOUBLES, who);
}

/* The same for unmet demand between steps ku − 1 and ku: ures = [rc, break-even]. */
static int unmet_break_even_shared(struct sweep_state *st, const ls_sweep_options *o,
                                   ls_sweep *sw, size_t ku, const ls_basis *start, int who,
                                   double *ures)
{
    if (start) {
        /* every step keeps its basis: none is a failure (out of memory) */
        int r2 = start->row && start->col ? ls_planner_start_from(st->pl, start) : LS_EINTERNAL;
        double be = NAN;
        if (r2 == LS_OK)
            r2 = unmet_break_even(st, sw->rows[ku - 1].value, sw->rows[ku].value, &be);
        ures[0] = r2, ures[1] = be;
    }
    return ls_dist_bcast(o->dist, ures, 2, who);
}

/* The steps, shared among the ranks in contiguous blocks (one rank: all of them), and a
 * rank's among its T threads, each block warm-started along; every rank then has every row.
 * Then the break-evens, each found from the basis after the step below it, by the rank whose
 * block holds that step, and sent to all. */
static int steps_shared(struct sweep_state *st, const ls_sweep_options *o, ls_sweep *sw,
                        block *blk, size_t T)
{
    size_t S = o->steps;
    size_t first = blk[0].first, last = blk[T - 1].last; /* this rank's */
    int rc = ls_dist_max_int(o->dist, run_blocks(st, o, sw, blk, T));
    if (rc != LS_OK) {
        ls_dist_gather_errors(o->dist, st->errs);
        return rc;
    }
    if ((rc = share_rows(o, sw, first, last)) != LS_OK)
        return rc;
    sw->n_rows = S;
    sw->no_solution = sw->rows[0].summary.status == LS_NO_SOLUTION;

    /* the first flip of the status, and of unmet demand */
    size_t kf = 0, ku = 0;
    for (size_t k = 1; k < S; k++) {
        const ls_sweep_row *a = &sw->rows[k - 1], *b = &sw->rows[k];
        sw->flips += flips(a, b);
        sw->no_solution += b->summary.status == LS_NO_SOLUTION;
        if (!kf && flips(a, b))
            kf = k;
        if (!ku && unmet_kind(st) && a->summary.unmet_clients <= 1e-9 &&
            b->summary.unmet_clients > 1e-9)
            ku = k;
    }
    double res[3 + ROW_DOUBLES] = {LS_OK, NAN, 0}, ures[2] = {LS_OK, NAN};
    int who_f = 0, who_u = 0;
    double guess_f = NAN, guess_u = NAN;
    const ls_basis *from_f = kf ? below(st, o, blk, T, kf, 0, &who_f, &guess_f) : NULL;
    const ls_basis *from_u = ku ? below(st, o, blk, T, ku, 1, &who_u, &guess_u) : NULL;
    if ((kf && status_break_even_shared(st, o, sw, kf, from_f, guess_f, who_f, res) != LS_OK) ||
        (ku && unmet_break_even_shared(st, o, sw, ku, from_u, who_u, ures) != LS_OK))
        return LS_EINTERNAL;
    rc = (int)res[0] != LS_OK ? (int)res[0] : (int)ures[0];
    if (ls_dist_max_int(o->dist, rc) != LS_OK) {
        ls_dist_gather_errors(o->dist, st->errs);
        return rc != LS_OK ? rc : LS_EINTERNAL;
    }
    if (kf) {
        sw->break_even = res[1];
        sw->break_even_from = (ls_status)(int)res[2];
        unpack_row(&res[3], &sw->break_even_row);
    }
    if (ku)
        sw->unmet_break_even = ures[1];
    return LS_OK;
}

static int run_steps(struct sweep_state *st, const ls_sweep_options *o, ls_sweep *sw)
{
    size_t S = o->steps, R = (size_t)ls_dist_size(o->dist), me = (size_t)ls_dist_rank(o->dist);
    size_t T = o->threads > 1 ? (size_t)o->threads : 1;
    block *blk = calloc(T, sizeof(block));
    if (!blk)
        return LS_EINTERNAL;
    for (size_t t = 0; t < T; t++) {
        uint64_t B = (uint64_t)R * T;
        blk[t].first = (size_t)((uint64_t)S * (me * T + t) / B);
        blk[t].last = (size_t)((uint64_t)S * (me * T + t + 1) / B);
    }
    step_count count = {.done = 0, .total = blk[T - 1].last - blk[0].first};
    if (pthread_mutex_init(&count.lock, NULL) != 0) {
        free(blk);
        return LS_EINTERNAL;
    }
    st->count = &count;
    st->threads = (int)T;
    int rc = steps_shared(st, o, sw, blk, T);
    pthread_mutex_destroy(&count.lock);
    for (size_t t = 1; t < T; t++) {
        ls_basis_free(&blk[t].st.prev);
        ls_basis_free(&blk[t].st.flip);
        ls_basis_free(&blk[t].st.unmet_flip);
        ls_errors_clear(&blk[t].errs);
    }
    free(blk);
    return rc;
}

void ls_sweep_options_init(ls_sweep_options *o)
{
    memset(o, 0, sizeof(*o));
}

int ls_sweep_run(const ls_model *m, const ls_sweep_options *o, ls_sweep **out, ls_errors *errs)
{
    *out = NULL;
    struct sweep_state st = {0};
    st.base = m;
    st.errs = errs;
    st.years = o->years;
    st.from = o->from, st.to = o->to;
    st.lean = !o->rows_break_even && o->years <= 1;
    st.flip_guess = st.last_guess = NAN;
    st.param = o->param;
    int rc = ls_sweep_parse_param(&st, o->param, errs);
    if (rc != LS_OK)
        return rc;
    if (o->threads < 0 || o->threads > 256) {
        ls_error_add(errs, "threads", 0, 0, _("need threads 1–256 (0: one)"));
        return LS_EUSAGE;
    }
    if (o->steps < 1 || !isfinite(o->from) || !isfinite(o->to) || o->from > o->to ||
        (o->steps == 1 && o->from != o->to) || (o->steps > 1 && o->from == o->to)) {
        ls_error_add(errs, NULL, 0, 0,
                     _("need from < to with steps ≥ 2, or from = to with steps 1"));
        return LS_EUSAGE;
    }
    ls_sweep *sw = calloc(1, sizeof(*sw));
    if (sw) {
        sw->rows = calloc(o->steps + 1, sizeof(ls_sweep_row));
        sw->reasons = calloc(o->steps + 1, sizeof(char *));
        sw->n_rows = o->steps; /* the reasons are freed by the row count */
        sw->model = m->dir;
    }
    if (!sw || !sw->rows || !sw->reasons ||
        ls_policy_settings(m, &sw->settings, &sw->n_settings) != LS_OK) {
        ls_sweep_free(sw);
        return LS_EINTERNAL;
    }
    sw->break_even = sw->unmet_break_even = NAN;
    ls_planner_options po;
    ls_planner_options_init(&po);
    po.totals_only = 1; /* a step's row holds totals */
    if (o->threads > 1)
        po.threads = 1; /* the threads are the blocks */
    rc = ls_planner_create_with(m, &po, &st.pl);
    if (rc == LS_OK) {
        st.sc = ls_planner_scenario(st.pl);
        st.m = &st.sc->m;
        rc = run_steps(&st, o, sw);
    }
    ls_basis_free(&st.prev);
    ls_basis_free(&st.flip);
    ls_basis_free(&st.unmet_flip);
    ls_planner_free(st.pl);
    if (rc != LS_OK) {
        ls_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return LS_OK;
}
