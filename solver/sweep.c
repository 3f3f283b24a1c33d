/*
 * sweep.c — what-if runs over one parameter (SPEC §5 `sweep`): each value changes only what
 * the parameter touches in the model and re-solves the kept stage-1 LP from the last basis;
 * stage 2 is re-run each step. Then the break-evens: where the status flips between funded
 * and underfunded, and (for demand) where unmet demand first appears, to 1e-6 relative.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

#define BREAK_EVEN_TOL 1e-7 /* relative width of the final bracket (1e-6 asked) */

typedef enum { P_KEY, P_DEMAND, P_CAO, P_CLIENTS } param_kind;

struct sweep_state {
    ls_model *m;
    ls_planner *pl;
    param_kind kind;
    const char *key; /* the budget.csv key for P_KEY */
    int index;       /* the CAO or the segment */
    double *base_clients;
    ls_errors *errs;
    int rc;           /* the first failure while evaluating */
    size_t years;     /* > 1: evaluate the multi-year path, report its last year */
};

void ls_sweep_free(ls_sweep *s)
{
    if (!s)
        return;
    free(s->rows);
    free(s);
}

static int find(const char *const *names, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], id) == 0)
            return (int)i;
    return -1;
}

/* Which parameter; LS_EUSAGE with a message for an unknown one. */
static int parse_param(struct sweep_state *st, const char *name, ls_errors *errs)
{
    static const char *const keys[] = {"wage_index", "budget", "reserve", "local_share_min",
                                       "quality_value"};
    ls_model *m = st->m;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (strcmp(name, keys[i]) == 0) {
            st->kind = P_KEY;
            st->key = keys[i];
            return LS_OK;
        }
    if (strcmp(name, "demand") == 0) {
        st->kind = P_DEMAND;
        return LS_OK;
    }
    if (strncmp(name, "cao:", 4) == 0) {
        st->kind = P_CAO;
        st->index = find(m->caos, m->n_caos, name + 4);
        if (st->index >= 0)
            return LS_OK;
        ls_error_add(errs, "--param", 0, 0, "no CAO '%s' in wages.csv", name + 4);
        return LS_EUSAGE;
    }
    if (strncmp(name, "clients:", 8) == 0) {
        st->kind = P_CLIENTS;
        for (size_t s = 0; s < m->n_segments; s++)
            if (strcmp(m->segments[s].id, name + 8) == 0) {
                st->index = (int)s;
                return LS_OK;
            }
        ls_error_add(errs, "--param", 0, 0, "no segment '%s' in segments.csv", name + 8);
        return LS_EUSAGE;
    }
    ls_error_add(errs, "--param", 0, 0,
                 "unknown parameter '%s' (wage_index, budget, reserve, demand, local_share_min, "
                 "quality_value, cao:<id>, clients:<segment>)",
                 name);
    return LS_EUSAGE;
}

/* Puts value into the model; LS_EUSAGE (message in errs) when it is out of range. */
static int apply(struct sweep_state *st, double value)
{
    ls_model *m = st->m;
    char text[64], msg[256];
    switch (st->kind) {
    case P_KEY:
        snprintf(text, sizeof text, "%.17g", value);
        if (ls_model_set(m, st->key, text, msg, sizeof msg) != LS_OK) {
            ls_error_add(st->errs, "--param", 0, 0, "%s", msg);
            return LS_EUSAGE;
        }
        return LS_OK;
    case P_DEMAND:
    case P_CLIENTS:
        if (!(value >= 0)) {
            ls_error_add(st->errs, "--param", 0, 0, "clients must be ≥ 0, not %g", value);
            return LS_EUSAGE;
        }
        if (st->kind == P_DEMAND)
            for (size_t s = 0; s < m->n_segments; s++)
                m->segments[s].clients = st->base_clients[s] * value;
        else
            m->segments[st->index].clients = value;
        ls_model_compute(m, NULL);
        return LS_OK;
    case P_CAO:
        if (!(value > 0)) {
            ls_error_add(st->errs, "--param", 0, 0, "a CAO factor must be > 0, not %g", value);
            return LS_EUSAGE;
        }
        m->cao_factor[st->index] = value;
        ls_model_compute(m, NULL);
        return LS_OK;
    }
    return LS_OK;
}

static void fill_row(ls_sweep_row *row, double value, const ls_result *r)
{
    *row = (ls_sweep_row){value, r->status, r->budget, r->available, r->required,
                          r->served_clients, r->unmet_clients, r->cut, r->margin,
                          r->allocated, r->unallocated, r->pgb_clients, r->pgb_cost,
                          r->break_even_wage_index, 0};
}

/* Solves at value; 0 and *row filled, or -1 with st->rc set. */
static int evaluate(struct sweep_state *st, double value, ls_sweep_row *row)
{
    ls_result *r = NULL, **path = NULL;
    int rc = apply(st, value);
    if (rc == LS_OK && st->years > 1) {
        /* SPEC §7: the whole path for this value; the sweep reports its last year */
        rc = ls_plan_years(st->m, st->years, &path, st->errs);
        if (rc == LS_OK)
            r = path[st->years - 1];
    } else if (rc == LS_OK)
        rc = ls_planner_solve(st->pl, &r, st->errs);
    if (rc != LS_OK) {
        if (!st->rc)
            st->rc = rc;
        return -1;
    }
    fill_row(row, value, r);
    if (path)
        ls_results_free(path, st->years);
    else
        ls_result_free(r);
    return 0;
}

/* cut + margin: below 0 exactly when underfunded, so it changes sign at the break-even. */
static double funding(double v, void *ctx)
{
    struct sweep_state *st = ctx;
    ls_sweep_row row;
    if (evaluate(st, v, &row) != 0)
        return GSL_NAN;
    return row.cut + row.margin;
}

/* SPEC §5: the value where the status flips, between lo and hi (which differ in status).
 * For wage_index and budget the break-even is a division while today's placement holds
 * (floors are linear in the wage index; available in the budget): try it, and keep it if a
 * re-solve just either side confirms the flip; otherwise Brent on cut + margin. */
static int status_break_even(struct sweep_state *st, const ls_sweep_row *lo,
                             const ls_sweep_row *hi, double *out)
{
    double guess = NAN;
    if (st->kind == P_KEY && strcmp(st->key, "wage_index") == 0)
        guess = lo->break_even_wage_index;
    else if (st->kind == P_KEY && strcmp(st->key, "budget") == 0 && lo->required > 0)
        guess = (lo->required + lo->pgb_cost) / (1 - st->m->policy.reserve);
    if (isfinite(guess) && guess > lo->value && guess < hi->value) {
        double d = 1e-9 * fmax(fabs(guess), 1e-9);
        ls_sweep_row a, b;
        if (evaluate(st, guess - d, &a) == 0 && evaluate(st, guess + d, &b) == 0 &&
            a.status == lo->status && b.status == hi->status) {
            *out = guess;
            return LS_OK;
        }
    }
    gsl_function f = {funding, st};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return LS_EINTERNAL;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_root_fsolver_set(s, &f, lo->value, hi->value);
    double x = NAN;
    for (int iter = 0; rc == GSL_SUCCESS && iter < 200; iter++) {
        rc = gsl_root_fsolver_iterate(s);
        double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
        x = gsl_root_fsolver_root(s);
        if (gsl_root_test_interval(a, b, 0, BREAK_EVEN_TOL) == GSL_SUCCESS)
            break;
    }
    gsl_set_error_handler(old);
    gsl_root_fsolver_free(s);
    if (st->rc)
        return st->rc;
    if (rc != GSL_SUCCESS || !isfinite(x)) {
        ls_error_add(st->errs, NULL, 0, 0, "the break-even search did not converge");
        return LS_EINTERNAL;
    }
    *out = x;
    return LS_OK;
}

/* Where unmet demand first becomes positive, between lo (none) and hi (some): bisection. */
static int unmet_break_even(struct sweep_state *st, double lo, double hi, double *out)
{
    ls_sweep_row row;
    for (int iter = 0; iter < 100 && hi - lo > BREAK_EVEN_TOL * fmax(fabs(hi), 1e-12); iter++) {
        double mid = 0.5 * (lo + hi);
        if (evaluate(st, mid, &row) != 0)
            return st->rc;
        if (row.unmet_clients > 1e-9)
            hi = mid;
        else
            lo = mid;
    }
    *out = 0.5 * (lo + hi);
    return LS_OK;
}

void ls_sweep_options_init(ls_sweep_options *o)
{
    memset(o, 0, sizeof(*o));
}

int ls_sweep_run(ls_model *m, const ls_sweep_options *o, ls_sweep **out, ls_errors *errs)
{
    *out = NULL;
    struct sweep_state st = {0};
    st.m = m;
    st.errs = errs;
    st.years = o->years;
    int rc = parse_param(&st, o->param, errs);
    if (rc != LS_OK)
        return rc;
    if (o->steps < 1 || !isfinite(o->from) || !isfinite(o->to) || o->from > o->to ||
        (o->steps == 1 && o->from != o->to) || (o->steps > 1 && o->from == o->to)) {
        ls_error_add(errs, "--steps", 0, 0,
                     "need --from ≤ --to and --steps ≥ 2 (or --steps 1 with --from = --to)");
        return LS_EUSAGE;
    }
    ls_sweep *sw = calloc(1, sizeof(*sw));
    st.base_clients = malloc((m->n_segments + 1) * sizeof(double));
    if (sw)
        sw->rows = calloc(o->steps + 1, sizeof(ls_sweep_row));
    if (!sw || !sw->rows || !st.base_clients) {
        ls_sweep_free(sw);
        free(st.base_clients);
        return LS_EINTERNAL;
    }
    for (size_t s = 0; s < m->n_segments; s++)
        st.base_clients[s] = m->segments[s].clients;
    ls_policy saved_policy = m->policy; /* the weights array is shared and not changed */
    double saved_factor = st.kind == P_CAO ? m->cao_factor[st.index] : 1.0;
    sw->break_even = sw->unmet_break_even = NAN;
    rc = ls_planner_create(m, &st.pl);
    for (size_t k = 0; rc == LS_OK && k < o->steps; k++) {
        /* the last step is exactly --to, not from + (steps − 1)·h */
        double v = o->steps == 1 ? o->from
                   : k + 1 == o->steps
                       ? o->to
                       : o->from + (o->to - o->from) * (double)k / (double)(o->steps - 1);
        if (evaluate(&st, v, &sw->rows[k]) != 0)
            rc = st.rc;
        else {
            sw->n_rows = k + 1;
            if (o->progress)
                o->progress(o->progress_ctx, k + 1, o->steps);
        }
    }
    for (size_t k = 1; rc == LS_OK && k < sw->n_rows; k++) {
        const ls_sweep_row *a = &sw->rows[k - 1], *b = &sw->rows[k];
        if (isnan(sw->break_even) && a->status != b->status) {
            rc = status_break_even(&st, a, b, &sw->break_even);
            sw->break_even_from = a->status;
        }
        if (rc == LS_OK && isnan(sw->unmet_break_even) && (st.kind == P_DEMAND ||
            st.kind == P_CLIENTS) && a->unmet_clients <= 1e-9 && b->unmet_clients > 1e-9)
            rc = unmet_break_even(&st, a->value, b->value, &sw->unmet_break_even);
    }
    /* the break-even rows themselves, evaluated at the break-even value */
    if (rc == LS_OK && !isnan(sw->break_even))
        rc = evaluate(&st, sw->break_even, &sw->break_even_row) == 0 ? LS_OK : st.rc;
    ls_planner_free(st.pl);
    /* leave the model as it was read */
    for (size_t s = 0; s < m->n_segments; s++)
        m->segments[s].clients = st.base_clients[s];
    m->policy = saved_policy;
    if (st.kind == P_CAO)
        m->cao_factor[st.index] = saved_factor;
    ls_model_compute(m, NULL);
    free(st.base_clients);
    if (rc != LS_OK) {
        ls_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return LS_OK;
}
