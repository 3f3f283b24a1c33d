#include "stage2.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage1.h"
#include "util.h"

/* A group is blocked when it cannot rise by more than this (euros a year): a billionth of its
 * floor cost plus half a cent. A row counts as tight within the same distance. */
static double block_tol(double floor_cost)
{
    return 1e-9 * floor_cost + 0.005;
}

/* Σ_i max(lo_i, a_i + b_i·t) plus a linear part a + b·t, with every b ≥ 0: what a money row
 * holds when every group sits at its level and every provider at least at its min_budget
 * (lo = −∞ for an item without one). Non-decreasing and convex in t. */
typedef struct pwsum {
    double a, b;
    size_t k;
    double *lo, *ia, *ib;
} pwsum;

static void pw_reset(pwsum *s)
{
    s->a = s->b = 0;
    s->k = 0;
}

static void pw_add(pwsum *s, double lo, double a, double b)
{
    if (lo > 0) {
        s->lo[s->k] = lo, s->ia[s->k] = a, s->ib[s->k] = b;
        s->k++;
    } else {
        s->a += a, s->b += b;
    }
}

static double pw_value(const pwsum *s, double t)
{
    double v = s->a + s->b * t;
    for (size_t i = 0; i < s->k; i++)
        v += fmax(s->lo[i], s->ia[i] + s->ib[i] * t);
    return v;
}

/* The largest t ≥ t0 with value(t) ≤ limit (INFINITY: none). The row never pushes t below
 * t0: a limit a rounding error below value(t0) counts as value(t0). On the segment found,
 * t comes from that segment's linear form at once (no sum of steps), to keep every euro. */
static double pw_largest(const pwsum *s, double limit, double t0)
{
    limit = fmax(limit, pw_value(s, t0));
    for (double cur = t0;;) {
        double next = INFINITY;
        for (size_t i = 0; i < s->k; i++)
            if (s->ib[i] > 0) {
                double tau = (s->lo[i] - s->ia[i]) / s->ib[i];
                if (tau > cur && tau < next)
                    next = tau;
            }
        /* the linear form on (cur, next) */
        double mid = isinf(next) ? cur + 1 : cur + (next - cur) / 2;
        double a = s->a, b = s->b;
        for (size_t i = 0; i < s->k; i++) {
            if (s->ia[i] + s->ib[i] * mid > s->lo[i])
                a += s->ia[i], b += s->ib[i];
            else
                a += s->lo[i];
        }
        if (b > 0) {
            double t = (limit - a) / b;
            if (t <= next)
                return fmax(t, cur);
        }
        if (isinf(next))
            return INFINITY;
        cur = next;
    }
}

typedef struct filler {
    const ls_model *m;
    ls_stage2 *s2;
    size_t n, np;
    size_t *first;  /* provider p's groups are first[p] .. first[p + 1] − 1 */
    double *hold;   /* what a group may hold: C_g, min_budget_p where F_g = 0 */
    int *single;    /* per provider: its groups lie in one domain */
    int *flexible;  /* per provider: a min_budget that may go to several domains, one with a row */
    int has_room[LS_N_DOMAINS], domain_flex[LS_N_DOMAINS];
    double room[LS_N_DOMAINS]; /* max(D_d, 0) */
    double total;              /* max(available, 0) */
    int margin;                /* the phase: 0 cut (t ≤ 0), 1 margin (t ≥ 0) */
    int coupled;               /* rows couple groups beyond closed forms: the LP decides */
    double *A, *B;             /* per provider: L_p(t) = A + B·t this round */
    pwsum pw;
    /* the LP: column g + 1 is b_g / unit[g], the last column t; row g + 1 the level row */
    glp_prob *lp;
    int col_t;
    double *unit;
    int *provider_row;
    int domain_row[LS_N_DOMAINS];
    int total_row, local_row;
    double total_scale, domain_scale[LS_N_DOMAINS]; /* what those rows are divided by */
} filler;

static int active(const filler *f, size_t g)
{
    const ls_group *gr = &f->s2->groups[g];
    return !gr->frozen && gr->floor_cost > 0;
}

static int any_active(const filler *f)
{
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g))
            return 1;
    return 0;
}

/* the slope of g's level in t: 1 in the cut phase, w_p in the margin phase */
static double slope(const filler *f, size_t g)
{
    return f->margin ? f->s2->groups[g].weight : 1.0;
}

static double level(const filler *f, size_t g, double t)
{
    const ls_group *gr = &f->s2->groups[g];
    if (gr->frozen)
        return gr->frozen_amount;
    if (!(gr->floor_cost > 0))
        return 0;
    return gr->floor_cost * (1 + slope(f, g) * t);
}

/* Groups g = (p, d) for every domain in which p holds a contract; F_g and C_g from x; w_p. */
static int make_groups(const ls_model *m, const double *x, ls_stage2 *s2)
{
    size_t np = m->n_providers;
    int *group_of = malloc((np * LS_N_DOMAINS + 1) * sizeof(int));
    if (!group_of)
        return LS_EINTERNAL;
    for (size_t i = 0; i < np * LS_N_DOMAINS; i++)
        group_of[i] = -1;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        group_of[(size_t)c->provider * LS_N_DOMAINS + m->segments[c->segment].domain] = 0;
    }
    size_t n = 0;
    for (size_t k = 0; k < np * LS_N_DOMAINS; k++)
        if (group_of[k] >= 0)
            group_of[k] = (int)n++;
    s2->groups = calloc(n + 1, sizeof(ls_group));
    int *with_x = calloc(n + 1, sizeof(int)), *all_capped = calloc(n + 1, sizeof(int));
    if (!s2->groups || !with_x || !all_capped) {
        free(group_of);
        free(with_x);
        free(all_capped);
        return LS_EINTERNAL;
    }
    s2->n_groups = n;
    for (size_t k = 0; k < np * LS_N_DOMAINS; k++)
        if (group_of[k] >= 0) {
            ls_group *g = &s2->groups[group_of[k]];
            g->provider = (int)(k / LS_N_DOMAINS);
            g->domain = (int)(k % LS_N_DOMAINS);
            g->t = NAN;
            all_capped[group_of[k]] = 1;
        }
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        const ls_segment *s = &m->segments[c->segment];
        int gi = group_of[(size_t)c->provider * LS_N_DOMAINS + s->domain];
        ls_group *g = &s2->groups[gi];
        if (x[j] <= 0)
            continue;
        g->floor_cost += 12 * c->floor_tariff * x[j];
        with_x[gi] = 1;
        if (isnan(s->max_tariff))
            all_capped[gi] = 0;
        else
            g->ceiling += 12 * ls_max_tariff(m, s) * x[j];
    }
    /* C_g only when g has placed clients and every one of its segments a ceiling */
    for (size_t g = 0; g < n; g++)
        if (!with_x[g] || !all_capped[g])
            s2->groups[g].ceiling = INFINITY;
    free(group_of);
    free(with_x);
    free(all_capped);

    /* w_p: 1 under `equal`; quality_p / q̄ under `quality`, q̄ = Σ F_g·q_p / Σ F_g */
    double fq = 0, fs = 0;
    for (size_t g = 0; g < n; g++) {
        fs += s2->groups[g].floor_cost;
        fq += s2->groups[g].floor_cost * m->providers[s2->groups[g].provider].quality;
    }
    for (size_t g = 0; g < n; g++) {
        double q = m->providers[s2->groups[g].provider].quality;
        s2->groups[g].weight =
            (m->policy.margin_policy == LS_MARGIN_QUALITY && fq > 0) ? q / (fq / fs) : 1.0;
    }
    return LS_OK;
}

/* The per-provider and per-domain facts the rounds read, and the scratch they use. */
static int prepare(filler *f)
{
    const ls_model *m = f->m;
    ls_stage2 *s2 = f->s2;
    size_t n = f->n, np = f->np;
    f->first = calloc(np + 2, sizeof(size_t));
    f->hold = malloc((n + 1) * sizeof(double));
    f->single = calloc(np + 1, sizeof(int));
    f->flexible = calloc(np + 1, sizeof(int));
    f->A = calloc(np + 1, sizeof(double));
    f->B = calloc(np + 1, sizeof(double));
    f->pw.lo = malloc((n + np + 1) * sizeof(double));
    f->pw.ia = malloc((n + np + 1) * sizeof(double));
    f->pw.ib = malloc((n + np + 1) * sizeof(double));
    f->unit = malloc((n + 1) * sizeof(double));
    f->provider_row = calloc(np + 1, sizeof(int));
    if (!f->first || !f->hold || !f->single || !f->flexible || !f->A || !f->B || !f->pw.lo ||
        !f->pw.ia || !f->pw.ib || !f->unit || !f->provider_row)
        return LS_EINTERNAL;
    /* groups come in provider order */
    for (size_t g = 0; g < n; g++)
        f->first[s2->groups[g].provider + 1]++;
    for (size_t p = 1; p <= np; p++)
        f->first[p] += f->first[p - 1];
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        f->has_room[d] = !isnan(m->policy.budget_domain[d]);
        f->room[d] = f->has_room[d] ? fmax(0, m->policy.budget_domain[d] - m->pgb_cost_domain[d])
                                    : INFINITY;
        f->domain_flex[d] = 0;
    }
    for (size_t p = 0; p < np; p++) {
        const ls_provider *pr = &m->providers[p];
        int domains = 0, with_room = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
            domains++;
            with_room |= f->has_room[s2->groups[g].domain];
        }
        f->single[p] = domains <= 1;
        f->flexible[p] = pr->min_budget > 0 && domains > 1 && with_room;
        f->coupled |= f->flexible[p];
    }
    for (size_t g = 0; g < n; g++) {
        const ls_group *gr = &s2->groups[g];
        double minb = m->providers[gr->provider].min_budget;
        f->hold[g] = gr->floor_cost > 0 ? gr->ceiling : minb;
        f->unit[g] = gr->floor_cost > 0 ? gr->floor_cost : (minb > 0 ? minb : 1);
    }
    f->total = fmax(0, s2->available);
    return LS_OK;
}

/* A domain's row is a closed form unless a provider whose min_budget may go to several
 * domains sits inside its lift at t and has a group there: marks those domains. */
static void mark_flexible_domains(filler *f, double t)
{
    for (int d = 0; d < LS_N_DOMAINS; d++)
        f->domain_flex[d] = 0;
    for (size_t p = 0; p < f->np; p++)
        if (f->flexible[p] && f->m->providers[p].min_budget > f->A[p] + f->B[p] * t)
            for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
                f->domain_flex[f->s2->groups[g].domain] = 1;
}

/* L_p(t) = A_p + B_p·t for every provider, this round */
static void provider_lines(filler *f)
{
    for (size_t p = 0; p < f->np; p++) {
        double a = 0, b = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
            const ls_group *gr = &f->s2->groups[g];
            if (active(f, g))
                a += gr->floor_cost, b += gr->floor_cost * slope(f, g);
            else if (gr->frozen)
                a += gr->frozen_amount;
        }
        f->A[p] = a, f->B[p] = b;
    }
}

/* The total row as a pwsum: each provider at max(min_budget, L_p(t)). */
static void total_sum(filler *f)
{
    pw_reset(&f->pw);
    for (size_t p = 0; p < f->np; p++)
        pw_add(&f->pw, f->m->providers[p].min_budget, f->A[p], f->B[p]);
}

/* Domain d's row: a provider whose groups lie in d alone holds max(min_budget, level) there;
 * a flexible provider's lift may go elsewhere and is left out (a lower bound; the LP knows). */
static void domain_sum(filler *f, int d)
{
    pw_reset(&f->pw);
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &f->s2->groups[g];
        if (gr->domain != d)
            continue;
        double a = gr->frozen ? gr->frozen_amount : (active(f, g) ? gr->floor_cost : 0);
        double b = active(f, g) ? gr->floor_cost * slope(f, g) : 0;
        double minb = f->m->providers[gr->provider].min_budget;
        pw_add(&f->pw, f->single[gr->provider] ? minb : 0, a, b);
    }
}

/* ---- the LP, for coupled models ------------------------------------------------------ */

static void set_col(glp_prob *lp, int j, double lb, double ub)
{
    if (isinf(ub))
        glp_set_col_bnds(lp, j, GLP_LO, lb, 0);
    else if (ub <= lb)
        glp_set_col_bnds(lp, j, GLP_FX, lb, lb);
    else
        glp_set_col_bnds(lp, j, GLP_DB, lb, ub);
}

/* column g's bounds as they stand: frozen at or above its frozen amount, else ≥ 0 */
static void sync_col(filler *f, size_t g)
{
    const ls_group *gr = &f->s2->groups[g];
    double u = f->unit[g];
    if (gr->floor_cost > 0)
        set_col(f->lp, (int)g + 1, gr->frozen ? gr->frozen_amount / u : 0, gr->ceiling / u);
    else
        set_col(f->lp, (int)g + 1, 0, f->m->providers[gr->provider].min_budget > 0 ? 1 : 0);
}

/* level row: b_g/F_g − slope·t ≥ 1 while active; free once frozen */
static void sync_level_row(filler *f, size_t g)
{
    int row = (int)g + 1;
    if (!active(f, g)) {
        glp_set_row_bnds(f->lp, row, GLP_FR, 0, 0);
        return;
    }
    int ind[3] = {0, (int)g + 1, f->col_t};
    double val[3] = {0, 1, -slope(f, g)};
    glp_set_mat_row(f->lp, row, 2, ind, val);
    glp_set_row_bnds(f->lp, row, GLP_LO, 1, 0);
}

/* A money row Σ unit_g·col_g over the listed groups, divided by its own scale so that its
 * bound is about 1 (raw euros, up to 10^10, stall on GLPK's 1e-7 tolerances). */
static int money_row(filler *f, const int *groups, int k, int *ind, double *val, double lo,
                     double hi, const char *name, double *scale_out)
{
    double scale = 1;
    for (int i = 1; i <= k; i++)
        scale = fmax(scale, f->unit[groups[i]]);
    scale = fmax(scale, isinf(hi) ? lo : hi);
    for (int i = 1; i <= k; i++)
        ind[i] = groups[i] + 1, val[i] = f->unit[groups[i]] / scale;
    int row = glp_add_rows(f->lp, 1);
    glp_set_mat_row(f->lp, row, k, ind, val);
    if (isinf(hi))
        glp_set_row_bnds(f->lp, row, GLP_LO, lo / scale, 0);
    else if (lo <= 0)
        glp_set_row_bnds(f->lp, row, GLP_UP, 0, hi / scale);
    else if (hi > lo)
        glp_set_row_bnds(f->lp, row, GLP_DB, lo / scale, hi / scale);
    else
        glp_set_row_bnds(f->lp, row, GLP_FX, lo / scale, lo / scale);
    glp_set_row_name(f->lp, row, name);
    if (scale_out)
        *scale_out = scale;
    return row;
}

static int build_lp(filler *f, int names)
{
    const ls_model *m = f->m;
    ls_stage2 *s2 = f->s2;
    size_t n = f->n;
    glp_prob *lp = f->lp = glp_create_prob();
    glp_set_prob_name(lp, "lumpsum_stage2");
    glp_set_obj_name(lp, "allocated");
    int *groups = malloc((n + 2) * sizeof(int)), *ind = malloc((n + 2) * sizeof(int));
    double *val = malloc((n + 2) * sizeof(double));
    if (!groups || !ind || !val) {
        free(groups), free(ind), free(val);
        return LS_EINTERNAL;
    }
    glp_add_cols(lp, (int)n + 1);
    f->col_t = (int)n + 1;
    glp_set_col_name(lp, f->col_t, "t");
    glp_set_col_bnds(lp, f->col_t, GLP_DB, -1, 0);
    char name[256];
    if (n)
        glp_add_rows(lp, (int)n);
    for (size_t g = 0; g < n; g++) {
        sync_col(f, g);
        sync_level_row(f, g);
        if (names) {
            const ls_group *gr = &s2->groups[g];
            ls_lp_name(name, sizeof name, "r", m->providers[gr->provider].id,
                       ls_domain_names[gr->domain]);
            glp_set_col_name(lp, (int)g + 1, name);
            ls_lp_name(name, sizeof name, "level", m->providers[gr->provider].id,
                       ls_domain_names[gr->domain]);
            glp_set_row_name(lp, (int)g + 1, name);
        }
    }
    for (size_t p = 0; p < f->np; p++) {
        const ls_provider *pr = &m->providers[p];
        int k = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            groups[++k] = (int)g;
        if (!k || (pr->min_budget <= 0 && isinf(pr->max_budget)))
            continue;
        ls_lp_name(name, sizeof name, "provider", pr->id, NULL);
        f->provider_row[p] = money_row(f, groups, k, ind, val, pr->min_budget, pr->max_budget, name,
                                           NULL);
    }
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        f->domain_row[d] = 0;
        int k = 0;
        for (size_t g = 0; g < n; g++)
            if (s2->groups[g].domain == d)
                groups[++k] = (int)g;
        if (!f->has_room[d] || !k)
            continue;
        ls_lp_name(name, sizeof name, "domain", ls_domain_names[d], NULL);
        f->domain_row[d] = money_row(f, groups, k, ind, val, 0, f->room[d], name,
                                         &f->domain_scale[d]);
    }
    for (size_t g = 0; g < n; g++)
        groups[g + 1] = (int)g;
    f->total_row = n ? money_row(f, groups, (int)n, ind, val, 0, f->total, "total", &f->total_scale)
                 : 0;
    f->local_row = 0;
    if (n) { /* Σ_g (local_g − λ)·b_g ≥ 0, free until the margin phase sets λ */
        f->local_row = glp_add_rows(lp, 1);
        glp_set_row_name(lp, f->local_row, "local");
        glp_set_row_bnds(lp, f->local_row, GLP_FR, 0, 0);
    }
    free(groups), free(ind), free(val);
    glp_scale_prob(lp, GLP_SF_AUTO);
    return LS_OK;
}

static void set_local_row(filler *f, double lambda)
{
    if (!f->local_row)
        return;
    int *ind = malloc((f->n + 1) * sizeof(int));
    double *val = malloc((f->n + 1) * sizeof(double));
    if (!ind || !val) {
        free(ind), free(val);
        return;
    }
    double scale = fmax(1, f->total);
    int k = 0;
    for (size_t g = 0; g < f->n; g++) {
        double v = (f->m->providers[f->s2->groups[g].provider].local ? 1 - lambda : -lambda) *
                   f->unit[g] / scale;
        if (v != 0)
            ind[++k] = (int)g + 1, val[k] = v;
    }
    glp_set_mat_row(f->lp, f->local_row, k, ind, val);
    glp_set_row_bnds(f->lp, f->local_row, lambda > 0 ? GLP_LO : GLP_FR, 0, 0);
    free(ind), free(val);
}

/* 0 solved to optimality, 1 infeasible, −1 solver failure (message in errs) */
static int lp_solve(filler *f, ls_errors *errs)
{
    int rc = ls_simplex(f->lp, GLP_PRIMAL);
    if (rc != 0) {
        ls_error_add(errs, NULL, 0, 0, "stage 2: the LP solver failed (GLPK code %d)", rc);
        return -1;
    }
    if (glp_get_status(f->lp) == GLP_NOFEAS && ls_simplex_confirm_infeasible(f->lp))
        return 1;
    if (glp_get_status(f->lp) != GLP_OPT) {
        ls_error_add(errs, NULL, 0, 0, "stage 2: the LP solver ended with status %d",
                     glp_get_status(f->lp));
        return -1;
    }
    return 0;
}

static void objective_clear(filler *f)
{
    for (int j = 1; j <= glp_get_num_cols(f->lp); j++)
        glp_set_obj_coef(f->lp, j, 0);
}

/* A starting basis, "every active group at its level, the same t for all, the total spent":
 * the active columns and t basic, their level rows and the total row at their bounds, every
 * other row basic. Its matrix [I −c; uᵀ 0] is regular while something is active; it is the
 * optimum where no other row is in the way, and a few pivots from it otherwise (GLPK's own
 * advanced basis took 15,000 iterations, 7 s, on the country preset). */
static void crash(filler *f)
{
    glp_prob *lp = f->lp;
    size_t n_active = 0;
    for (size_t g = 0; g < f->n; g++)
        n_active += active(f, g);
    if (!n_active || !f->total_row) {
        glp_adv_basis(lp, 0);
        return;
    }
    for (int i = 1; i <= glp_get_num_rows(lp); i++)
        glp_set_row_stat(lp, i, GLP_BS);
    for (size_t g = 0; g < f->n; g++) {
        int j = (int)g + 1, type = glp_get_col_type(lp, j);
        if (active(f, g)) {
            glp_set_col_stat(lp, j, GLP_BS);
            glp_set_row_stat(lp, j, GLP_NL);
        } else {
            glp_set_col_stat(lp, j, type == GLP_FX ? GLP_NS : GLP_NL);
        }
    }
    glp_set_col_stat(lp, f->col_t, GLP_BS);
    glp_set_row_stat(lp, f->total_row, GLP_NU);
}

/* Brings the whole LP up to the filling's state (when the LP takes over mid-way). */
static void sync_all(filler *f)
{
    for (size_t g = 0; g < f->n; g++) {
        sync_level_row(f, g);
        sync_col(f, g);
    }
    set_local_row(f, f->s2->local_lambda);
    crash(f);
}

/* ---- infeasible min_budgets ---------------------------------------------------------- */

/* Why the min_budgets cannot be held, in words a controller can act on; 1 when a reason was
 * found (a check the closed forms decide: then the model has no solution). */
static int explain(const filler *f, ls_errors *errs, int always)
{
    const ls_model *m = f->m;
    const ls_stage2 *s2 = f->s2;
    double sum_min = 0;
    int said = 0;
    for (size_t p = 0; p < f->np; p++)
        sum_min += m->providers[p].min_budget;
    if (sum_min > f->total * (1 + LS_REL_TOL) + 0.005) {
        ls_error_add(errs, NULL, 0, 0,
                     "the providers' min_budgets add up to € %.2f, more than the available "
                     "€ %.2f (%s)",
                     sum_min, s2->available,
                     m->pgb_cost > 0 ? "budget × (1 − reserve) − pgb cost"
                                     : "budget × (1 − reserve)");
        said = 1;
    }
    for (size_t p = 0; p < f->np; p++) {
        double hold = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            hold += f->hold[g];
        if (m->providers[p].min_budget > hold * (1 + LS_REL_TOL) + 0.005) {
            ls_error_add(errs, NULL, 0, 0,
                         "provider '%s': its min_budget € %.2f is more than its tariff ceilings "
                         "allow for the clients placed with it (€ %.2f)",
                         m->providers[p].id, m->providers[p].min_budget, hold);
            said = 1;
        }
    }
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        if (!f->has_room[d])
            continue;
        double held = 0;
        for (size_t p = 0; p < f->np; p++)
            if (f->single[p] && f->first[p + 1] > f->first[p] &&
                s2->groups[f->first[p]].domain == d)
                held += m->providers[p].min_budget;
        if (held > f->room[d] * (1 + LS_REL_TOL) + 0.005) {
            ls_error_add(errs, NULL, 0, 0,
                         "the min_budgets of the providers that work in %s only add up to "
                         "€ %.2f, more than budget.%s%s allows (€ %.2f)",
                         ls_domain_names[d], held, ls_domain_names[d],
                         m->pgb_cost_domain[d] > 0 ? " − its pgb cost" : "", f->room[d]);
            said = 1;
        }
    }
    if (!said && always)
        ls_error_add(errs, NULL, 0, 0,
                     "the lumpsum cannot be divided: the min_budgets, the tariff ceilings and "
                     "the domain ceilings (budget.<domain>) contradict each other");
    return said;
}

/* ---- progressive filling ------------------------------------------------------------- */

enum { UNDECIDED, BLOCKED, RISES };

typedef struct round_rows {
    double t;
    double *lim_max, *res_max; /* per provider */
    double lim_total, res_total;
    double lim_dom[LS_N_DOMAINS], res_dom[LS_N_DOMAINS];
} round_rows;

static int reached(double lim, double t)
{
    return lim <= t + 1e-12 * (1 + fabs(t));
}

/* The largest t this round's closed-form rows allow (from t0 up; the cut phase stops at 0),
 * with each row's limit kept for the blocked test. */
static double closed_form_limit(filler *f, round_rows *rr, double t0)
{
    const ls_model *m = f->m;
    double t = f->margin ? INFINITY : 0;
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &f->s2->groups[g];
        if (active(f, g) && isfinite(gr->ceiling))
            t = fmin(t, (gr->ceiling - gr->floor_cost) / (gr->floor_cost * slope(f, g)));
    }
    for (size_t p = 0; p < f->np; p++) {
        double mx = m->providers[p].max_budget;
        rr->lim_max[p] = isfinite(mx) && f->B[p] > 0 ? (mx - f->A[p]) / f->B[p] : INFINITY;
        t = fmin(t, rr->lim_max[p]);
    }
    total_sum(f);
    rr->lim_total = pw_largest(&f->pw, f->total, t0);
    t = fmin(t, rr->lim_total);
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        rr->lim_dom[d] = INFINITY;
        if (!f->has_room[d])
            continue;
        domain_sum(f, d);
        rr->lim_dom[d] = pw_largest(&f->pw, f->room[d], t0);
        if (!f->domain_flex[d])
            t = fmin(t, rr->lim_dom[d]);
    }
    return fmax(t, t0);
}

/* Each row's room at t, with every group at its level and every provider at least at its
 * min_budget. */
static void residuals(filler *f, round_rows *rr, double t)
{
    rr->t = t;
    for (size_t p = 0; p < f->np; p++)
        rr->res_max[p] = f->m->providers[p].max_budget - (f->A[p] + f->B[p] * t);
    total_sum(f);
    rr->res_total = f->total - pw_value(&f->pw, t);
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        rr->res_dom[d] = INFINITY;
        if (f->has_room[d]) {
            domain_sum(f, d);
            rr->res_dom[d] = f->room[d] - pw_value(&f->pw, t);
        }
    }
}

/* The local row at t: how far the local providers' share (each provider at least at its
 * min_budget) lies above λ, in euros of local budget; and the extra local euros the row
 * needs on top of the levels (0 when none). */
static double local_room(const filler *f, double t, double *extra)
{
    double loc = 0, non = 0;
    for (size_t p = 0; p < f->np; p++) {
        double v = fmax(f->m->providers[p].min_budget, f->A[p] + f->B[p] * t);
        if (f->m->providers[p].local)
            loc += v;
        else
            non += v;
    }
    double lambda = f->s2->local_lambda;
    double need = lambda < 1 ? lambda / (1 - lambda) * non : INFINITY;
    *extra = fmax(0, need - loc);
    return loc - need;
}

/* The rows that block g at t by the closed forms (0: none of them). A group whose provider
 * still sits on a min_budget lift can rise inside it: only its ceiling stops it. */
static unsigned pure_block(const filler *f, const round_rows *rr, size_t g, int strict)
{
    const ls_group *gr = &f->s2->groups[g];
    const ls_provider *pr = &f->m->providers[gr->provider];
    double t = rr->t, thr = block_tol(gr->floor_cost), lev = level(f, g, t);
    unsigned why = 0;
    if (isfinite(gr->ceiling) &&
        (gr->ceiling - lev <= thr ||
         reached((gr->ceiling - gr->floor_cost) / (gr->floor_cost * slope(f, g)), t)))
        why |= LS_BLOCK_CEILING;
    double lift = pr->min_budget - (f->A[gr->provider] + f->B[gr->provider] * t);
    if (strict && lift > thr)
        return why;
    if (isfinite(pr->max_budget) &&
        (rr->res_max[gr->provider] <= thr || reached(rr->lim_max[gr->provider], t)))
        why |= LS_BLOCK_MAX_BUDGET;
    int d = gr->domain;
    if (f->has_room[d] && (!strict || !f->domain_flex[d]) &&
        (rr->res_dom[d] <= thr || (!f->domain_flex[d] && reached(rr->lim_dom[d], t))))
        why |= LS_BLOCK_DOMAIN;
    if (rr->res_total <= thr || reached(rr->lim_total, t))
        why |= LS_BLOCK_TOTAL;
    return why;
}

/* Why the LP found g blocked: the rows tight at its level (documented in docs/method.md). */
static unsigned lp_block(const filler *f, const round_rows *rr, size_t g)
{
    const ls_group *gr = &f->s2->groups[g];
    unsigned why = pure_block(f, rr, g, 0);
    if (f->margin && f->s2->local_lambda > 0 && !f->m->providers[gr->provider].local) {
        double extra, room = local_room(f, rr->t, &extra);
        double thr = block_tol(f->total);
        if (room <= thr)
            why |= LS_BLOCK_LOCAL;
        if (rr->res_total - extra <= thr)
            why |= LS_BLOCK_TOTAL;
    }
    if (!why)
        why = f->has_room[gr->domain] && f->domain_flex[gr->domain] ? LS_BLOCK_DOMAIN
              : f->margin && f->s2->local_lambda > 0                 ? LS_BLOCK_LOCAL
                                                                     : LS_BLOCK_TOTAL;
    return why;
}

/* The blocked test by LP, for the groups the closed forms leave undecided: with t fixed, each
 * undecided group may rise by a slack 0 ≤ s_g ≤ 1 (relative to F_g); maximise Σ s_g; a group
 * that rises by more than its tolerance is not blocked; again over the rest, until none
 * rises: those are blocked. Returns −1 on a solver failure. */
/* The slack LP's bounds at index tt: t fixed, blocked groups fixed at their levels, the
 * undecided free to rise by up to 1 (relative; or to where the last solution has them, a
 * min_budget lift can put a group higher) and counted in the objective; the number of
 * undecided. */
static size_t slack_bounds(filler *f, const unsigned char *state, double tt, const double *at)
{
    glp_prob *lp = f->lp;
    glp_set_col_bnds(lp, f->col_t, GLP_FX, tt, tt);
    objective_clear(f);
    glp_set_obj_dir(lp, GLP_MAX);
    size_t undecided = 0;
    for (size_t g = 0; g < f->n; g++) {
        if (!active(f, g) || state[g] == RISES)
            continue;
        const ls_group *gr = &f->s2->groups[g];
        double lev = level(f, g, tt) / gr->floor_cost, cap = gr->ceiling / gr->floor_cost;
        if (state[g] == BLOCKED) {
            set_col(lp, (int)g + 1, fmin(lev, cap), fmin(lev, cap));
        } else {
            set_col(lp, (int)g + 1, 0, fmin(cap, fmax(lev + 1, at[g])));
            glp_set_obj_coef(lp, (int)g + 1, 1);
            undecided++;
        }
    }
    return undecided;
}

static int slack_test(filler *f, unsigned char *state, double t, ls_errors *errs)
{
    glp_prob *lp = f->lp;
    /* without the local row in the LP, a group can only be held back by the LP's rows
     * through a domain where a lift may go elsewhere: the rest rise (the closed forms would
     * have blocked them) */
    const int *flex_dom = f->domain_flex; /* marked at t */
    int local_lp = f->margin && f->s2->local_lambda > 0;
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g) && state[g] == UNDECIDED && !local_lp &&
            !flex_dom[f->s2->groups[g].domain])
            state[g] = RISES;
    /* At the LP's own t* the rows hold to its tolerance only, and a re-solve can call them
     * infeasible: then t a hair lower (levels only fall), the least of 1e-12 … 1e-9 that
     * solves; each leaves about δ·F_g, far below a group's tolerance. */
    double tt = t, delta = 0;
    double *at = malloc((f->n + 1) * sizeof(double));
    if (!at)
        return -1;
    for (size_t g = 0; g < f->n; g++)
        at[g] = glp_get_col_prim(lp, (int)g + 1);
    size_t undecided = slack_bounds(f, state, tt, at);
    int rc = 0;
    while (undecided) {
        int st = lp_solve(f, errs);
        if (st > 0 && delta < 1e-9) {
            delta = delta > 0 ? delta * 10 : 1e-12;
            tt = t - delta * (1 + fabs(t));
            undecided = slack_bounds(f, state, tt, at);
            continue;
        }
        if (st != 0) {
            rc = st < 0 ? -1 : 0; /* infeasible by a rounding error: the rest is blocked */
            break;
        }
        size_t risers = 0;
        for (size_t g = 0; g < f->n; g++) {
            if (!active(f, g) || state[g] != UNDECIDED)
                continue;
            const ls_group *gr = &f->s2->groups[g];
            double s = glp_get_col_prim(lp, (int)g + 1) - level(f, g, tt) / gr->floor_cost;
            if (s > block_tol(gr->floor_cost) / gr->floor_cost) {
                state[g] = RISES;
                glp_set_obj_coef(lp, (int)g + 1, 0);
                set_col(lp, (int)g + 1, 0, gr->ceiling / gr->floor_cost);
                risers++;
            }
        }
        if (!risers)
            break;
        undecided -= risers;
    }
    objective_clear(f);
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g))
            sync_col(f, g);
    free(at);
    return rc;
}

static void freeze(filler *f, size_t g, double t, unsigned why)
{
    ls_group *gr = &f->s2->groups[g];
    gr->frozen_amount = fmax(0, fmin(level(f, g, t), gr->ceiling));
    gr->frozen = 1;
    gr->t = t;
    gr->blocked_by = why;
    if (f->coupled) {
        sync_level_row(f, g);
        sync_col(f, g);
    }
}

/* t has reached 0: groups with w_p = 0 stop at their floor, the local row takes λ = the
 * smaller of local_share_min and the local share at t = 0 (every provider at least at its
 * min_budget, so that the row never asks more than t = 0 already gives), and the levels
 * rise with w_p. */
static void enter_margin_phase(filler *f)
{
    ls_stage2 *s2 = f->s2;
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g) && !(s2->groups[g].weight > 0))
            freeze(f, g, 0, 0);
    f->margin = 1;
    provider_lines(f);
    double loc = 0, all = 0, placed = 0;
    for (size_t p = 0; p < f->np; p++) {
        double v = fmax(f->m->providers[p].min_budget, f->A[p]);
        all += v;
        loc += f->m->providers[p].local ? v : 0;
    }
    for (size_t g = 0; g < f->n; g++)
        placed += s2->groups[g].floor_cost;
    double lsm = f->m->policy.local_share_min;
    s2->local_lambda = placed > 0 && all > 0 && lsm > 0 ? fmin(lsm, loc / all) : 0;
    /* the local row in closed form needs the extra local euros free to go to any local
     * group; a domain row could stand in their way: then the LP decides */
    int rooms = 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        rooms |= f->has_room[d];
    if (s2->local_lambda > 0 && rooms)
        f->coupled = 1;
    if (f->coupled)
        sync_all(f);
}

/* The local row in closed form (margin phase, no LP): Σ_local b ≥ λ·Σ b holds with each
 * provider at P_p = max(min_budget, L_p(t)) plus extra local euros where the local providers'
 * own P fall short of k·(the others'), k = λ / (1 − λ). */
static int local_closed(const filler *f)
{
    return f->margin && f->s2->local_lambda > 0 && !f->coupled;
}

typedef struct local_state {
    double loc, non;  /* Σ P_p of local and of other providers */
    double extra;     /* the local euros needed above the local P */
    double headroom;  /* what local providers can take above their P */
} local_state;

static local_state local_at(const filler *f, double t)
{
    local_state ls = {0, 0, 0, 0};
    double lambda = f->s2->local_lambda;
    for (size_t p = 0; p < f->np; p++) {
        const ls_provider *pr = &f->m->providers[p];
        double v = fmax(pr->min_budget, f->A[p] + f->B[p] * t);
        if (!pr->local) {
            ls.non += v;
            continue;
        }
        ls.loc += v;
        double hold = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            hold += f->hold[g];
        ls.headroom += fmax(0, fmin(pr->max_budget, hold) - v);
    }
    ls.extra = fmax(0, lambda / (1 - lambda) * ls.non - ls.loc);
    return ls;
}

/* The largest t the total row allows with the local row's extra euros: (1 + k)·Σ_others P ≤
 * available, i.e. Σ_others P ≤ (1 − λ)·available. */
static double local_limit(filler *f, double t0)
{
    pw_reset(&f->pw);
    for (size_t p = 0; p < f->np; p++)
        if (!f->m->providers[p].local)
            pw_add(&f->pw, f->m->providers[p].min_budget, f->A[p], f->B[p]);
    return pw_largest(&f->pw, (1 - f->s2->local_lambda) * f->total, t0);
}

/* Does some provider whose min_budget may go to several domains sit inside its lift at t?
 * Only then do the domain rows need the LP. */
static int flexible_lift(const filler *f, double t)
{
    for (size_t p = 0; p < f->np; p++)
        if (f->flexible[p] && f->m->providers[p].min_budget > f->A[p] + f->B[p] * t)
            return 1;
    return 0;
}

static int fill(filler *f, ls_errors *errs)
{
    ls_stage2 *s2 = f->s2;
    size_t n = f->n;
    round_rows rr = {0};
    rr.lim_max = malloc((f->np + 1) * sizeof(double));
    rr.res_max = malloc((f->np + 1) * sizeof(double));
    unsigned char *state = malloc(n + 1);
    if (!rr.lim_max || !rr.res_max || !state) {
        free(rr.lim_max), free(rr.res_max), free(state);
        return LS_EINTERNAL;
    }
    int rc = LS_OK;
    /* can the min_budgets be held at all (every level 0)? */
    if (explain(f, errs, 0))
        rc = LS_ENOSOLUTION;
    else if (f->coupled && (crash(f), !any_active(f))) {
        /* with something active, round 1's LP says whether t = −1 holds; here, when nothing
         * is, only the lifts are to be placed */
        glp_set_col_bnds(f->lp, f->col_t, GLP_FX, -1, -1);
        objective_clear(f);
        int st = lp_solve(f, errs);
        if (st != 0) {
            if (st > 0)
                explain(f, errs, 1);
            rc = st > 0 ? LS_ENOSOLUTION : LS_EINTERNAL;
        }
    }
    double t0 = -1, last = -INFINITY;
    int idle = 0, common = 0;
    while (rc == LS_OK) {
        size_t n_active = 0;
        double sum_active = 0;
        for (size_t g = 0; g < n; g++)
            if (active(f, g))
                n_active++, sum_active += s2->groups[g].floor_cost;
        if (!n_active)
            break;
        provider_lines(f);
        mark_flexible_domains(f, t0);
        double t = closed_form_limit(f, &rr, t0);
        double lim_local = local_closed(f) ? local_limit(f, t0) : INFINITY;
        t = fmin(t, lim_local);
        int lp_round = f->coupled && ((f->margin && s2->local_lambda > 0) || flexible_lift(f, t0));
        if (lp_round) {
            glp_set_col_bnds(f->lp, f->col_t, f->margin ? GLP_LO : GLP_DB, t0, f->margin ? 0 : 0);
            objective_clear(f);
            glp_set_obj_coef(f->lp, f->col_t, 1);
            glp_set_obj_dir(f->lp, GLP_MAX);
            int st = lp_solve(f, errs);
            if (st < 0) {
                rc = LS_EINTERNAL;
                break;
            }
            if (st > 0 && !s2->rounds && !f->margin) { /* not even t = −1 holds */
                explain(f, errs, 1);
                rc = LS_ENOSOLUTION;
                break;
            }
            /* the LP's t, unless a closed-form row gives the same t exactly */
            double t_lp = st == 0 && glp_get_status(f->lp) == GLP_OPT
                              ? glp_get_col_prim(f->lp, f->col_t)
                              : t0;
            if (t_lp < t - 1e-7 * (1 + fabs(t)))
                t = fmax(t_lp, t0);
        }
        if (!f->margin && sum_active * fabs(t) <= 0.01) {
            enter_margin_phase(f);
            t0 = 0;
            continue;
        }
        if (isinf(t)) {
            /* nothing bounds the rise (cannot happen while the total row holds): stop here */
            t = t0;
            idle = 1;
        }
        mark_flexible_domains(f, t);
        residuals(f, &rr, t);
        size_t blocked = 0;
        for (size_t g = 0; g < n; g++) {
            state[g] = UNDECIDED;
            if (!active(f, g))
                continue;
            s2->groups[g].blocked_by = pure_block(f, &rr, g, 1);
            if (s2->groups[g].blocked_by)
                state[g] = BLOCKED, blocked++;
        }
        if (local_closed(f)) {
            local_state ls = local_at(f, t);
            if (ls.extra > ls.headroom + block_tol(f->total)) {
                /* the local providers cannot take what the row asks: the LP takes over */
                f->coupled = 1;
                sync_all(f);
                continue;
            }
            double k = s2->local_lambda / (1 - s2->local_lambda);
            int binding = k * ls.non >= ls.loc - block_tol(ls.loc);
            double room = f->total - fmax(ls.non + ls.loc, (1 + k) * ls.non);
            for (size_t g = 0; g < n; g++) {
                const ls_group *gr = &s2->groups[g];
                if (!active(f, g) || state[g] != UNDECIDED || f->m->providers[gr->provider].local)
                    continue;
                double thr = block_tol(gr->floor_cost);
                unsigned why = 0;
                if (room <= thr || reached(lim_local, t))
                    why = LS_BLOCK_TOTAL | (binding ? LS_BLOCK_LOCAL : 0);
                else if (binding && ls.headroom - ls.extra <= thr)
                    why = LS_BLOCK_LOCAL;
                if (why) {
                    s2->groups[g].blocked_by = why;
                    state[g] = BLOCKED, blocked++;
                }
            }
        }
        if (lp_round) {
            if (slack_test(f, state, t, errs) < 0) {
                rc = LS_EINTERNAL;
                break;
            }
            for (size_t g = 0; g < n; g++)
                if (active(f, g) && state[g] == UNDECIDED) {
                    s2->groups[g].blocked_by = lp_block(f, &rr, g);
                    state[g] = BLOCKED, blocked++;
                }
        }
        /* t stands still and nothing is blocked: a rounding error keeps every group
         * "able to rise"; stop them where they are rather than loop */
        if (!blocked && (idle || t <= t0 + 1e-12 * (1 + fabs(t)))) {
            for (size_t g = 0; g < n; g++)
                if (active(f, g)) {
                    s2->groups[g].blocked_by = lp_block(f, &rr, g);
                    state[g] = BLOCKED, blocked++;
                }
        }
        for (size_t g = 0; g < n; g++)
            if (active(f, g) && state[g] == BLOCKED) {
                const ls_group *gr = &s2->groups[g];
                double lift = f->m->providers[gr->provider].min_budget -
                              (f->A[gr->provider] + f->B[gr->provider] * t0);
                common |= !(lift > block_tol(gr->floor_cost));
                freeze(f, g, t, gr->blocked_by);
            }
        idle = !blocked;
        s2->rounds++;
        t0 = t;
        if (common)
            last = t, common = 0;
    }
    /* the cut or margin is the last round's t, of the rounds that froze a group that did not
     * start the round inside a min_budget lift: such a group rises on its provider's
     * guaranteed money, not on the division's */
    if (rc == LS_OK) {
        if (isinf(last) && s2->rounds)
            last = t0;
        s2->cut = last < 0 ? last : 0;
        s2->margin = last > 0 ? last : 0;
    }
    free(rr.lim_max), free(rr.res_max), free(state);
    return rc;
}

/* ---- the answer ---------------------------------------------------------------------- */

static const filler *sort_filler;

/* lifts with one possible domain first, then the others; each in the order of the ids */
static int by_provider_id(const void *a, const void *b)
{
    size_t p = *(const size_t *)a, q = *(const size_t *)b;
    const filler *f = sort_filler;
    if (f->flexible[p] != f->flexible[q])
        return f->flexible[p] - f->flexible[q];
    return strcmp(f->m->providers[p].id, f->m->providers[q].id);
}

/* When the total row binds, the budgets add up to the available amount to the cent: the
 * groups it blocked take the rounding difference (a millionth of a euro) as a common step
 * of t. Above the available amount (a rounding error the other way) the same. */
static void settle_total(filler *f)
{
    ls_stage2 *s2 = f->s2;
    const ls_model *m = f->m;
    double held = 0, slope_sum = 0;
    for (size_t p = 0; p < f->np; p++) {
        double sum = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            sum += s2->groups[g].frozen_amount;
        held += fmax(m->providers[p].min_budget, sum);
    }
    double diff = f->total - held;
    int *lifted = calloc(f->np + 1, sizeof(int));
    if (!lifted)
        return;
    for (size_t p = 0; p < f->np; p++) {
        double sum = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            sum += s2->groups[g].frozen_amount;
        lifted[p] = m->providers[p].min_budget > sum;
    }
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &s2->groups[g];
        if ((gr->blocked_by & LS_BLOCK_TOTAL) && !lifted[gr->provider])
            slope_sum += gr->floor_cost * (gr->t >= 0 ? gr->weight : 1);
    }
    if (slope_sum > 0 && (diff < 0 || diff <= 0.01 + 1e-9 * f->total)) {
        double dt = diff / slope_sum;
        for (size_t g = 0; g < f->n; g++) {
            ls_group *gr = &s2->groups[g];
            if ((gr->blocked_by & LS_BLOCK_TOTAL) && !lifted[gr->provider]) {
                double c = gr->t >= 0 ? gr->weight : 1;
                gr->frozen_amount = fmax(0, gr->frozen_amount + gr->floor_cost * c * dt);
                gr->t = gr->frozen_amount / gr->floor_cost - 1;
                if (c > 0)
                    gr->t /= c;
            }
        }
    }
    free(lifted);
}

/* A provider whose min_budget lifts it above its levels takes the lift in its groups in
 * proportion to F_g (all F_g = 0: equally), each within what it may hold and its domain's
 * room; what a group cannot hold goes to the provider's other groups the same way. */
static int place_lifts(filler *f, ls_errors *errs)
{
    ls_stage2 *s2 = f->s2;
    const ls_model *m = f->m;
    double dom[LS_N_DOMAINS] = {0};
    for (size_t g = 0; g < f->n; g++)
        dom[s2->groups[g].domain] += s2->groups[g].budget;
    size_t *order = malloc((f->np + 1) * sizeof(size_t));
    unsigned char *open = malloc(f->n + 1);
    if (!order || !open) {
        free(order), free(open);
        return LS_EINTERNAL;
    }
    for (size_t p = 0; p < f->np; p++)
        order[p] = p;
    /* lifts that compete for a domain's room: a lift that can go to one domain only comes
     * first, then the others in the order of the providers' ids (not of the file's rows) */
    if (f->coupled) {
        sort_filler = f;
        qsort(order, f->np, sizeof(size_t), by_provider_id);
    }
    int rc = LS_OK;
    for (size_t k = 0; k < f->np && rc == LS_OK; k++) {
        size_t p = order[k];
        double minb = m->providers[p].min_budget, sum = 0, fsum = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            sum += s2->groups[g].budget, fsum += s2->groups[g].floor_cost;
        double lift = minb - sum;
        if (!(lift > 1e-12 * minb))
            continue;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            open[g] = 1;
        while (lift > 1e-12 * minb) {
            double wsum = 0;
            size_t n_open = 0;
            for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
                if (open[g])
                    n_open++, wsum += fsum > 0 ? s2->groups[g].floor_cost : 1;
            if (!n_open || !(wsum > 0))
                break;
            /* the groups that cannot hold their share take what they can; the rest again */
            int saturated = 0;
            for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
                ls_group *gr = &s2->groups[g];
                if (!open[g])
                    continue;
                double share = lift * (fsum > 0 ? gr->floor_cost : 1) / wsum;
                double room = fmin(f->hold[g] - gr->budget, f->room[gr->domain] - dom[gr->domain]);
                room = fmax(0, room);
                if (share >= room) {
                    gr->budget += room, gr->lift += room, dom[gr->domain] += room;
                    lift -= room;
                    open[g] = 0;
                    saturated = 1;
                }
            }
            if (saturated)
                continue;
            for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
                ls_group *gr = &s2->groups[g];
                if (!open[g])
                    continue;
                double share = lift * (fsum > 0 ? gr->floor_cost : 1) / wsum;
                gr->budget += share, gr->lift += share, dom[gr->domain] += share;
            }
            lift = 0;
        }
        if (lift > 0.005 + 1e-9 * minb) {
            ls_error_add(errs, NULL, 0, 0,
                         "provider '%s': its min_budget € %.2f cannot be held: its tariff "
                         "ceilings and the domain ceilings (budget.<domain>) leave room for "
                         "€ %.2f of it",
                         m->providers[p].id, minb, minb - lift);
            rc = LS_ENOSOLUTION;
        }
    }
    free(order), free(open);
    return rc;
}

/* No euro above the available amount, nor above a domain's room: what rounding puts over is
 * taken off every group there in proportion. */
static void keep_within(filler *f)
{
    ls_stage2 *s2 = f->s2;
    for (int d = 0; d <= LS_N_DOMAINS; d++) {
        double limit = d < LS_N_DOMAINS ? f->room[d] : f->total, sum = 0;
        for (size_t g = 0; g < f->n; g++)
            if (d == LS_N_DOMAINS || s2->groups[g].domain == d)
                sum += s2->groups[g].budget;
        if (!(sum > limit))
            continue;
        double k = sum > 0 ? limit / sum : 0;
        for (size_t g = 0; g < f->n; g++)
            if (d == LS_N_DOMAINS || s2->groups[g].domain == d) {
                ls_group *gr = &s2->groups[g];
                gr->budget *= k, gr->lift *= k, gr->frozen_amount *= k;
            }
    }
}

static void results(filler *f)
{
    ls_stage2 *s2 = f->s2;
    double low[LS_N_DOMAINS];
    int placed[LS_N_DOMAINS] = {0};
    for (int d = 0; d < LS_N_DOMAINS; d++)
        low[d] = INFINITY;
    s2->underfunded = 0;
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &s2->groups[g];
        if (!(gr->floor_cost > 0))
            continue;
        if (gr->budget < gr->floor_cost - 0.01)
            s2->underfunded = 1;
        placed[gr->domain] = 1;
        low[gr->domain] = fmin(low[gr->domain], gr->budget / gr->floor_cost - 1);
    }
    for (int d = 0; d < LS_N_DOMAINS; d++)
        s2->cut_domain[d] = !placed[d] ? NAN : (low[d] < 0 ? low[d] : 0);
    if (!s2->rounds)
        s2->cut = s2->margin = 0;
}

/* The final LP: every level a lower bound, minimise Σ b_g (for an auditor's re-solve). The
 * level rows, a free local row and t go: free rows would read as objectives in MPS. */
static void final_lp(filler *f)
{
    glp_prob *lp = f->lp;
    objective_clear(f);
    glp_set_obj_dir(lp, GLP_MIN);
    if (!f->coupled)
        set_local_row(f, f->s2->local_lambda);
    for (size_t g = 0; g < f->n; g++) {
        ls_group *gr = &f->s2->groups[g];
        if (gr->floor_cost > 0)
            set_col(lp, (int)g + 1, gr->frozen_amount / f->unit[g], gr->ceiling / f->unit[g]);
        else
            sync_col(f, g);
        glp_set_obj_coef(lp, (int)g + 1, f->unit[g]);
    }
    int *del = malloc((f->n + 2) * sizeof(int)), k = 0;
    if (!del)
        return;
    for (size_t g = 0; g < f->n; g++)
        del[++k] = (int)g + 1;
    if (f->local_row && glp_get_row_type(lp, f->local_row) == GLP_FR)
        del[++k] = f->local_row;
    if (k)
        glp_del_rows(lp, k, del);
    del[1] = f->col_t;
    glp_del_cols(lp, 1, del);
    free(del);
}

static void filler_free(filler *f)
{
    free(f->first), free(f->hold), free(f->single), free(f->flexible);
    free(f->A), free(f->B);
    free(f->pw.lo), free(f->pw.ia), free(f->pw.ib);
    free(f->unit), free(f->provider_row);
}

int ls_stage2_solve(const ls_model *m, const double *x, int names, ls_stage2 *s2, ls_errors *errs)
{
    memset(s2, 0, sizeof(*s2));
    filler f = {0};
    f.m = m;
    f.s2 = s2;
    f.np = m->n_providers;
    /* personal budgets are paid from the same frame before the lumpsum is divided */
    s2->available = m->policy.budget * (1 - m->policy.reserve) - m->pgb_cost;
    int rc = make_groups(m, x, s2);
    f.n = s2->n_groups;
    if (rc == LS_OK)
        rc = prepare(&f);
    if (rc == LS_OK)
        rc = build_lp(&f, names);
    if (rc == LS_OK)
        rc = fill(&f, errs);
    if (rc == LS_OK) {
        settle_total(&f);
        for (size_t g = 0; g < f.n; g++)
            s2->groups[g].budget = s2->groups[g].floor_cost > 0 ? s2->groups[g].frozen_amount : 0;
        rc = place_lifts(&f, errs);
    }
    if (rc == LS_OK) {
        keep_within(&f);
        results(&f);
        final_lp(&f);
    }
    s2->lp = f.lp;
    filler_free(&f);
    if (rc != LS_OK)
        ls_stage2_free(s2);
    return rc;
}

void ls_stage2_free(ls_stage2 *s2)
{
    if (s2->lp)
        glp_delete_prob(s2->lp);
    free(s2->groups);
    memset(s2, 0, sizeof(*s2));
}

/* LP and MPS files carry 12 to 15 significant digits, and the final LP is tight by
 * construction (the total row binds exactly where the levels use the budget), so a written
 * copy can be infeasible by a rounding error. Every upper limit (total, domain, max_budget,
 * ceilings) is loosened by 1e-9 relative: an upper limit cannot push "minimise Σ b_g" up, so
 * the objective an auditor finds is the same to about 1e-9. */
void ls_stage2_loosen_for_export(ls_stage2 *s2)
{
    glp_prob *lp = s2->lp;
    for (int i = 1; i <= glp_get_num_rows(lp); i++) {
        int type = glp_get_row_type(lp, i);
        double lb = glp_get_row_lb(lp, i), ub = glp_get_row_ub(lp, i);
        if (type == GLP_UP)
            glp_set_row_bnds(lp, i, GLP_UP, 0, ub + 1e-9 * fabs(ub) + 1e-12);
        else if (type == GLP_DB || type == GLP_FX)
            glp_set_row_bnds(lp, i, GLP_DB, lb, ub + 1e-9 * fabs(ub) + 1e-12);
    }
    for (int j = 1; j <= glp_get_num_cols(lp); j++)
        if (glp_get_col_type(lp, j) == GLP_DB || glp_get_col_type(lp, j) == GLP_FX) {
            double ub = glp_get_col_ub(lp, j);
            glp_set_col_bnds(lp, j, GLP_DB, glp_get_col_lb(lp, j), ub + 1e-9 * fabs(ub) + 1e-9);
        }
}

/* ---- the floor scale (plan's break-even wage index) ----------------------------------- */

/* Adds coef·t to a money row of the LP (coef in euros; the row is divided by scale). */
static void add_t_to_row(filler *f, int row, double coef, double scale)
{
    int k = glp_get_mat_row(f->lp, row, NULL, NULL);
    int *ind = malloc((size_t)(k + 2) * sizeof(int));
    double *val = malloc((size_t)(k + 2) * sizeof(double));
    if (!ind || !val) {
        free(ind), free(val);
        return;
    }
    glp_get_mat_row(f->lp, row, ind, val);
    ind[k + 1] = f->col_t, val[k + 1] = coef / scale;
    glp_set_mat_row(f->lp, row, k + 1, ind, val);
    free(ind), free(val);
}

/* κ = 1 + t with every group at the cut-phase level F_g·(1 + t); the pgb that follows the
 * floors costs moving·(1 + t). Closed forms where no min_budget may go to several domains
 * with rows; else one LP. */
int ls_stage2_floor_scale(const ls_model *m, const double *x, double *kappa, ls_errors *errs)
{
    *kappa = INFINITY;
    ls_stage2 s2;
    memset(&s2, 0, sizeof s2);
    filler f = {0};
    f.m = m;
    f.s2 = &s2;
    f.np = m->n_providers;
    double fixed = 0, moving = 0, fixed_d[LS_N_DOMAINS] = {0}, moving_d[LS_N_DOMAINS] = {0};
    for (size_t s = 0; s < m->n_segments; s++) {
        const ls_segment *sg = &m->segments[s];
        if (!(sg->pgb_clients > 0) || isnan(sg->pgb_tariff_used))
            continue;
        double cost = 12 * sg->pgb_clients * sg->pgb_tariff_used;
        if (isnan(sg->pgb_tariff))
            moving += cost, moving_d[sg->domain] += cost;
        else
            fixed += cost, fixed_d[sg->domain] += cost;
    }
    s2.available = m->policy.budget * (1 - m->policy.reserve) - fixed;
    int rc = make_groups(m, x, &s2);
    f.n = s2.n_groups;
    if (rc == LS_OK)
        rc = prepare(&f);
    double placed = 0;
    for (size_t g = 0; g < f.n; g++)
        placed += s2.groups[g].floor_cost;
    if (rc != LS_OK || !(placed > 0)) {
        filler_free(&f);
        ls_stage2_free(&s2);
        return rc;
    }
    double room[LS_N_DOMAINS];
    for (int d = 0; d < LS_N_DOMAINS; d++)
        room[d] = m->policy.budget_domain[d] - fixed_d[d];
    /* at κ = 0 only the min_budgets are paid: can they be held? */
    provider_lines(&f);
    mark_flexible_domains(&f, -1);
    total_sum(&f);
    f.pw.a += moving, f.pw.b += moving;
    int hopeless = pw_value(&f.pw, -1) > s2.available + 0.005 + 1e-9 * fabs(s2.available);
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (f.has_room[d]) {
            domain_sum(&f, d);
            hopeless |= pw_value(&f.pw, -1) > room[d] + 0.005 + 1e-9 * fabs(room[d]);
        }
    if (hopeless) {
        double sum_min = 0;
        for (size_t p = 0; p < f.np; p++)
            sum_min += m->providers[p].min_budget;
        if (sum_min > 0) {
            f.total = fmax(0, s2.available);
            for (int d = 0; d < LS_N_DOMAINS; d++)
                f.room[d] = f.has_room[d] ? fmax(0, room[d]) : INFINITY;
            explain(&f, errs, 1);
            rc = LS_ENOSOLUTION;
        } else {
            *kappa = 0; /* pgb alone uses the budget up */
        }
        filler_free(&f);
        ls_stage2_free(&s2);
        return rc;
    }
    double t = INFINITY;
    for (size_t g = 0; g < f.n; g++) {
        const ls_group *gr = &s2.groups[g];
        if (gr->floor_cost > 0 && isfinite(gr->ceiling))
            t = fmin(t, gr->ceiling / gr->floor_cost - 1);
    }
    for (size_t p = 0; p < f.np; p++)
        if (isfinite(m->providers[p].max_budget) && f.B[p] > 0)
            t = fmin(t, (m->providers[p].max_budget - f.A[p]) / f.B[p]);
    total_sum(&f);
    f.pw.a += moving, f.pw.b += moving;
    t = fmin(t, pw_largest(&f.pw, s2.available, -1));
    int flexible = 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (f.has_room[d]) {
            domain_sum(&f, d);
            f.pw.a += moving_d[d], f.pw.b += moving_d[d];
            t = fmin(t, pw_largest(&f.pw, room[d], -1));
            flexible |= f.domain_flex[d];
        }
    if (flexible) {
        /* the lifts' split over domains is free: one LP, max t */
        /* (the rows' scales from these; their bounds are set below) */
        f.total = fabs(s2.available) + 1;
        for (int d = 0; d < LS_N_DOMAINS; d++)
            f.room[d] = f.has_room[d] ? fabs(room[d]) + 1 : INFINITY;
        rc = build_lp(&f, 0);
        if (rc == LS_OK) {
            glp_set_col_bnds(f.lp, f.col_t, GLP_LO, -1, 0);
            add_t_to_row(&f, f.total_row, moving, f.total_scale);
            glp_set_row_bnds(f.lp, f.total_row, GLP_UP, 0, (s2.available - moving) / f.total_scale);
            for (int d = 0; d < LS_N_DOMAINS; d++)
                if (f.domain_row[d]) {
                    add_t_to_row(&f, f.domain_row[d], moving_d[d], f.domain_scale[d]);
                    glp_set_row_bnds(f.lp, f.domain_row[d], GLP_UP, 0,
                                     (room[d] - moving_d[d]) / f.domain_scale[d]);
                }
            if (isfinite(t)) /* the closed forms bound it from above */
                glp_set_col_bnds(f.lp, f.col_t, GLP_DB, -1, t);
            objective_clear(&f);
            glp_set_obj_coef(f.lp, f.col_t, 1);
            glp_set_obj_dir(f.lp, GLP_MAX);
            int st = lp_solve(&f, errs);
            if (st == 0)
                t = glp_get_col_prim(f.lp, f.col_t);
            else if (st > 0) {
                explain(&f, errs, 1);
                rc = LS_ENOSOLUTION;
            } else
                rc = LS_EINTERNAL;
        }
        if (f.lp)
            glp_delete_prob(f.lp);
    }
    if (rc == LS_OK)
        *kappa = isinf(t) ? INFINITY : fmax(0, 1 + t);
    filler_free(&f);
    ls_stage2_free(&s2);
    return rc;
}
