#include "stage2.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage1.h"
#include "util.h"

/* A bound counts as reached within this relative distance (the LP's own feasibility
 * tolerance is 1e-7 relative). */
#define REACHED 1e-6

typedef struct builder {
    const ls_model *m;
    ls_stage2 *s2;
    glp_prob *lp;
    int col_c, col_m;
    /* c and m enter the LP in euros, as K·c and K·m with K the largest F_g: with the fractions
     * themselves the columns' coefficients are the F_g (up to 10^7 and more), GLPK's scaling
     * shrinks them by as much, and the objective "max c" falls below the reduced-cost
     * tolerance, so that any basis looks optimal (seen on the country preset: cut −1). */
    double K;
    int *provider_row; /* per provider; 0: none */
    int domain_row[LS_N_DOMAINS];
    int total_row, local_row;
} builder;

/* Groups g = (p, d) for every domain in which p holds a contract; F_g and C_g from x. */
static int make_groups(const ls_model *m, const double *x, ls_stage2 *s2, int *group_of)
{
    size_t np = m->n_providers;
    for (size_t i = 0; i < np * LS_N_DOMAINS; i++)
        group_of[i] = -1;
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        size_t k = (size_t)c->provider * LS_N_DOMAINS + m->segments[c->segment].domain;
        if (group_of[k] < 0)
            group_of[k] = 0; /* marked; numbered below in provider, domain order */
    }
    size_t n = 0;
    for (size_t k = 0; k < np * LS_N_DOMAINS; k++)
        if (group_of[k] == 0 || group_of[k] > 0)
            group_of[k] = (int)n++;
    s2->groups = calloc(n + 1, sizeof(ls_group));
    int *with_x = calloc(n + 1, sizeof(int)), *all_capped = calloc(n + 1, sizeof(int));
    if (!s2->groups || !with_x || !all_capped) {
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
    /* SPEC §4: C_g only when g has placed clients and every one of its segments a ceiling */
    for (size_t g = 0; g < n; g++)
        if (!with_x[g] || !all_capped[g])
            s2->groups[g].ceiling = INFINITY;
    free(with_x);
    free(all_capped);

    /* w_p: 1 under `equal`; quality_p / q̄ under `quality`, q̄ = Σ F_g·q_p / Σ F_g */
    double fq = 0, f = 0;
    for (size_t g = 0; g < n; g++) {
        f += s2->groups[g].floor_cost;
        fq += s2->groups[g].floor_cost * m->providers[s2->groups[g].provider].quality;
    }
    for (size_t g = 0; g < n; g++) {
        double q = m->providers[s2->groups[g].provider].quality;
        s2->groups[g].weight =
            (m->policy.margin_policy == LS_MARGIN_QUALITY && fq > 0) ? q / (fq / f) : 1.0;
    }
    return LS_OK;
}

static void set_level_row(builder *b, size_t g)
{
    const ls_group *gr = &b->s2->groups[g];
    int row = (int)g + 1;
    if (gr->frozen) {
        int ind[2] = {0, (int)g + 1};
        double val[2] = {0, 1};
        glp_set_mat_row(b->lp, row, 1, ind, val);
        glp_set_row_bnds(b->lp, row, GLP_LO, gr->frozen_amount, 0);
        return;
    }
    /* b_g − F_g·c − F_g·w_p·m ≥ F_g */
    int ind[4] = {0, (int)g + 1, b->col_c, b->col_m};
    double val[4] = {0, 1, -gr->floor_cost / b->K, -gr->floor_cost * gr->weight / b->K};
    int n = gr->floor_cost > 0 ? 3 : 1;
    glp_set_mat_row(b->lp, row, n, ind, val);
    glp_set_row_bnds(b->lp, row, GLP_LO, gr->floor_cost, 0);
}

/* The starting basis of step 1, "every group at its level, the same cut for all, the total
 * spent": b_g and c basic, the level rows and the total row at their bounds, every other
 * row's slack basic. The level and total rows with the columns b and c form [I −F; 1ᵀ 0],
 * whose determinant is Σ F_g, so the basis is valid whenever something was placed; it is
 * the optimum when no ceiling, provider, domain or local row is in the way, and a few pivots
 * from it otherwise (GLPK's own advanced basis took thousands on the country preset). */
static void crash(builder *b)
{
    glp_prob *lp = b->lp;
    size_t n = b->s2->n_groups;
    double total = 0;
    for (size_t g = 0; g < n; g++)
        total += b->s2->groups[g].floor_cost;
    if (!(total > 0)) {
        glp_adv_basis(lp, 0); /* as glpsol does; the trivial basis can make it cycle */
        return;
    }
    for (int i = 1; i <= glp_get_num_rows(lp); i++)
        glp_set_row_stat(lp, i, GLP_BS);
    for (size_t g = 0; g < n; g++) {
        glp_set_col_stat(lp, (int)g + 1, GLP_BS);
        glp_set_row_stat(lp, (int)g + 1, GLP_NL);
    }
    glp_set_col_stat(lp, b->col_c, GLP_BS);
    glp_set_col_stat(lp, b->col_m, GLP_NS);
    glp_set_row_stat(lp, b->total_row, GLP_NU);
}

static int build(builder *b, int names)
{
    const ls_model *m = b->m;
    ls_stage2 *s2 = b->s2;
    size_t n = s2->n_groups;
    glp_prob *lp = b->lp = glp_create_prob();
    glp_set_prob_name(lp, "lumpsum_stage2");
    glp_set_obj_name(lp, "objective");
    b->provider_row = calloc(m->n_providers + 1, sizeof(int));
    int *ind = malloc((n + 2) * sizeof(int));
    double *val = malloc((n + 2) * sizeof(double));
    if (!b->provider_row || !ind || !val) {
        free(ind);
        free(val);
        return LS_EINTERNAL;
    }
    glp_add_cols(lp, (int)n + 2);
    b->col_c = (int)n + 1;
    b->col_m = (int)n + 2;
    char name[256];
    for (size_t g = 0; g < n; g++) {
        const ls_group *gr = &s2->groups[g];
        if (isinf(gr->ceiling))
            glp_set_col_bnds(lp, (int)g + 1, GLP_LO, 0, 0);
        else
            glp_set_col_bnds(lp, (int)g + 1, GLP_DB, 0, gr->ceiling);
        if (names) {
            ls_lp_name(name, sizeof name, "b", m->providers[gr->provider].id,
                       ls_domain_names[gr->domain]);
            glp_set_col_name(lp, (int)g + 1, name);
        }
    }
    glp_set_col_name(lp, b->col_c, "cut_eur");    /* K · cut */
    glp_set_col_name(lp, b->col_m, "margin_eur"); /* K · margin */
    b->K = 1;
    for (size_t g = 0; g < n; g++)
        b->K = fmax(b->K, s2->groups[g].floor_cost);
    glp_set_col_bnds(lp, b->col_c, GLP_DB, -b->K, 0);
    glp_set_col_bnds(lp, b->col_m, GLP_FX, 0, 0);

    if (n) /* GLPK aborts the process on glp_add_rows(lp, 0) */
        glp_add_rows(lp, (int)n);
    for (size_t g = 0; g < n; g++) {
        set_level_row(b, g);
        if (names) {
            const ls_group *gr = &s2->groups[g];
            ls_lp_name(name, sizeof name, "level", m->providers[gr->provider].id,
                       ls_domain_names[gr->domain]);
            glp_set_row_name(lp, (int)g + 1, name);
        }
    }
    /* provider: min_budget ≤ Σ_d b_(p,d) ≤ max_budget; a provider's groups listed by one
     * counting pass (a scan of every group per provider is quadratic on the country) */
    size_t *first = calloc(m->n_providers + 2, sizeof(size_t));
    int *by_provider = malloc((n + 1) * sizeof(int));
    if (!first || !by_provider) {
        free(first);
        free(by_provider);
        free(ind);
        free(val);
        return LS_EINTERNAL;
    }
    for (size_t g = 0; g < n; g++)
        first[s2->groups[g].provider + 2]++;
    for (size_t p = 2; p <= m->n_providers + 1; p++)
        first[p] += first[p - 1];
    for (size_t g = 0; g < n; g++)
        by_provider[first[s2->groups[g].provider + 1]++] = (int)g;
    for (size_t p = 0; p < m->n_providers; p++) {
        const ls_provider *pr = &m->providers[p];
        if (pr->min_budget <= 0 && isinf(pr->max_budget))
            continue;
        int k = 0;
        for (size_t i = first[p]; i < first[p + 1]; i++)
            ind[++k] = by_provider[i] + 1, val[k] = 1;
        if (!k)
            continue;
        int row = b->provider_row[p] = glp_add_rows(lp, 1);
        glp_set_mat_row(lp, row, k, ind, val);
        if (isinf(pr->max_budget))
            glp_set_row_bnds(lp, row, GLP_LO, pr->min_budget, 0);
        else if (pr->max_budget > pr->min_budget)
            glp_set_row_bnds(lp, row, GLP_DB, pr->min_budget, pr->max_budget);
        else
            glp_set_row_bnds(lp, row, GLP_FX, pr->min_budget, pr->min_budget);
        ls_lp_name(name, sizeof name, "provider", pr->id, NULL);
        glp_set_row_name(lp, row, name);
    }
    free(first);
    free(by_provider);
    /* domain: Σ_p b_(p,d) ≤ budget.<d> */
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        b->domain_row[d] = 0;
        if (isnan(m->policy.budget_domain[d]))
            continue;
        int k = 0;
        for (size_t g = 0; g < n; g++)
            if (s2->groups[g].domain == d)
                ind[++k] = (int)g + 1, val[k] = 1;
        if (!k)
            continue;
        int row = b->domain_row[d] = glp_add_rows(lp, 1);
        glp_set_mat_row(lp, row, k, ind, val);
        /* SPEC §6: the domain's pgb cost comes off its ceiling first */
        glp_set_row_bnds(lp, row, GLP_UP, 0,
                         fmax(0, m->policy.budget_domain[d] - m->pgb_cost_domain[d]));
        ls_lp_name(name, sizeof name, "domain", ls_domain_names[d], NULL);
        glp_set_row_name(lp, row, name);
    }
    /* total: Σ b_g ≤ available */
    for (size_t g = 0; g < n; g++)
        ind[g + 1] = (int)g + 1, val[g + 1] = 1;
    b->total_row = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, b->total_row, (int)n, ind, val);
    /* a negative available (pgb costs more than the budget) is an answer: nothing to divide,
     * every group cut by 100 % */
    glp_set_row_bnds(lp, b->total_row, GLP_UP, 0, fmax(0, s2->available));
    glp_set_row_name(lp, b->total_row, "total");
    /* local: Σ_local b_g − lsm · Σ b_g ≥ 0 */
    b->local_row = 0;
    double lsm = m->policy.local_share_min;
    if (lsm > 0 && n > 0) {
        int k = 0;
        for (size_t g = 0; g < n; g++) {
            double v = (m->providers[s2->groups[g].provider].local ? 1.0 : 0.0) - lsm;
            if (v != 0)
                ind[++k] = (int)g + 1, val[k] = v;
        }
        b->local_row = glp_add_rows(lp, 1);
        glp_set_mat_row(lp, b->local_row, k, ind, val);
        glp_set_row_bnds(lp, b->local_row, GLP_LO, 0, 0);
        glp_set_row_name(lp, b->local_row, "local");
    }
    free(ind);
    free(val);
    /* F_g runs from hundreds to millions of euros beside the unit column of b_g: scale */
    glp_scale_prob(lp, GLP_SF_AUTO);
    crash(b);
    return LS_OK;
}

/* Sets the objective: maximise col (c or m), or (col 0) minimise Σ b_g. */
static void objective(builder *b, int col)
{
    int nc = glp_get_num_cols(b->lp);
    for (int j = 1; j <= nc; j++)
        glp_set_obj_coef(b->lp, j, col ? (j == col ? 1.0 : 0.0) : (j < b->col_c ? 1.0 : 0.0));
    glp_set_obj_dir(b->lp, col ? GLP_MAX : GLP_MIN);
}

static int solve(builder *b, ls_errors *errs, int *infeasible)
{
    *infeasible = 0;
    int rc = ls_simplex(b->lp, GLP_PRIMAL);
    if (rc != 0) {
        ls_error_add(errs, NULL, 0, 0, "stage 2: the LP solver failed (GLPK code %d)", rc);
        return LS_EINTERNAL;
    }
    int st = glp_get_status(b->lp);
    if (st == GLP_NOFEAS && ls_simplex_confirm_infeasible(b->lp)) {
        *infeasible = 1;
        return LS_ENOSOLUTION;
    }
    st = glp_get_status(b->lp);
    if (st != GLP_OPT) {
        ls_error_add(errs, NULL, 0, 0, "stage 2: the LP solver ended with status %d", st);
        return LS_EINTERNAL;
    }
    return LS_OK;
}

/* Fixes m at m and solves. At m* exactly the LP can be infeasible by a rounding error (a
 * large model, the total row binding); then m is fixed a relative δ lower, which only
 * lowers the levels: the smallest δ of 1e-12, 1e-11, … 1e-9 that solves, as each leaves
 * δ·m·Σ w_g F_g of the budget unallocated. */
static int fix_margin_and_solve(builder *b, double m, ls_errors *errs)
{
    int infeasible;
    glp_set_col_bnds(b->lp, b->col_m, GLP_FX, m * b->K, m * b->K);
    int rc = solve(b, errs, &infeasible);
    for (double delta = 1e-12; rc == LS_ENOSOLUTION && m > 0 && delta <= 1e-9; delta *= 10) {
        double lower = m * (1 - delta) * b->K;
        glp_set_col_bnds(b->lp, b->col_m, GLP_FX, lower, lower);
        rc = solve(b, errs, &infeasible);
    }
    return rc;
}

/* Why the division has no solution, in words a controller can act on. */
static void explain(const builder *b, ls_errors *errs)
{
    const ls_model *m = b->m;
    const ls_stage2 *s2 = b->s2;
    double sum_min = 0;
    int said = 0;
    for (size_t p = 0; p < m->n_providers; p++)
        sum_min += m->providers[p].min_budget;
    if (sum_min > s2->available * (1 + LS_REL_TOL)) {
        ls_error_add(errs, NULL, 0, 0,
                     "the providers' min_budgets add up to € %.2f, more than the available "
                     "€ %.2f (budget × (1 − reserve))",
                     sum_min, s2->available);
        said = 1;
    }
    for (size_t p = 0; p < m->n_providers; p++) {
        double cap = 0;
        for (size_t g = 0; g < s2->n_groups; g++)
            if ((size_t)s2->groups[g].provider == p)
                cap += s2->groups[g].ceiling;
        if (m->providers[p].min_budget > cap * (1 + LS_REL_TOL)) {
            ls_error_add(errs, NULL, 0, 0,
                         "provider '%s': its min_budget € %.2f is more than its tariff ceilings "
                         "allow for the clients placed with it (€ %.2f)",
                         m->providers[p].id, m->providers[p].min_budget, cap);
            said = 1;
        }
    }
    if (!said)
        ls_error_add(errs, NULL, 0, 0,
                     "the lumpsum cannot be divided: the min_budgets, the domain ceilings "
                     "(budget.<domain>) and local_share_min %g contradict each other",
                     m->policy.local_share_min);
}

/* SPEC §4 step 2: raise the margin of the active groups until the total row binds; a group
 * its own bound stops is frozen at its level and the rest go on. */
static int water_fill(builder *b, ls_errors *errs)
{
    const ls_model *m = b->m;
    ls_stage2 *s2 = b->s2;
    size_t n = s2->n_groups;
    double *sum_p = calloc(m->n_providers + 1, sizeof(double));
    if (!sum_p)
        return LS_EINTERNAL;
    int rc = LS_OK, infeasible;
    for (size_t round = 0; round <= n; round++) {
        size_t active = 0;
        for (size_t g = 0; g < n; g++)
            active += !s2->groups[g].frozen && s2->groups[g].weight * s2->groups[g].floor_cost > 0;
        if (!active)
            break;
        /* maximise m, then (m fixed) minimise Σ b so that no group sits above its level
         * without a rule that lifts it: the tests below read the lowest budgets */
        glp_set_col_bnds(b->lp, b->col_m, GLP_LO, 0, 0);
        objective(b, b->col_m);
        if ((rc = solve(b, errs, &infeasible)) != LS_OK) {
            /* a later round that the solver's tolerances make infeasible: the previous
             * round stands (its solution is feasible with every group frozen as it is) */
            if (infeasible && round > 0)
                rc = LS_OK;
            break;
        }
        double mstar = glp_get_col_prim(b->lp, b->col_m) / b->K;
        objective(b, 0);
        if ((rc = fix_margin_and_solve(b, mstar, errs)) != LS_OK)
            break;
        s2->margin = mstar;

        for (size_t p = 0; p < m->n_providers; p++)
            sum_p[p] = 0;
        double sum_d[LS_N_DOMAINS] = {0}, total = 0;
        for (size_t g = 0; g < n; g++) {
            double bg = glp_get_col_prim(b->lp, (int)g + 1);
            sum_p[s2->groups[g].provider] += bg;
            sum_d[s2->groups[g].domain] += bg;
            total += bg;
        }
        size_t frozen_now = 0;
        for (size_t g = 0; g < n; g++) {
            ls_group *gr = &s2->groups[g];
            if (gr->frozen || gr->weight * gr->floor_cost <= 0)
                continue;
            double level = gr->floor_cost * (1 + s2->cut_lp + gr->weight * mstar);
            const ls_provider *pr = &m->providers[gr->provider];
            double dmax = m->policy.budget_domain[gr->domain];
            ls_stop why = LS_STOP_NONE;
            if (level >= gr->ceiling * (1 - REACHED))
                why = LS_STOP_CEILING;
            else if (sum_p[gr->provider] >= pr->max_budget * (1 - REACHED))
                why = LS_STOP_PROVIDER_MAX;
            else if (!isnan(dmax) && sum_d[gr->domain] >= dmax * (1 - REACHED))
                why = LS_STOP_DOMAIN;
            if (why != LS_STOP_NONE) {
                /* at its level, but never above the b the LP found (they differ by the
                 * solver's tolerance), so that this round's solution stays feasible */
                gr->frozen = 1;
                gr->frozen_amount =
                    fmin(fmin(level, gr->ceiling), glp_get_col_prim(b->lp, (int)g + 1));
                gr->stopped_by = why;
                frozen_now++;
            }
        }
        int total_binds = total >= fmax(0, s2->available) * (1 - REACHED);
        if (!frozen_now && !total_binds) {
            /* nothing of its own stops the active groups: the local row does */
            for (size_t g = 0; g < n; g++) {
                ls_group *gr = &s2->groups[g];
                if (!gr->frozen && gr->weight * gr->floor_cost > 0 &&
                    !m->providers[gr->provider].local) {
                    gr->frozen = 1;
                    gr->frozen_amount =
                        fmin(gr->floor_cost * (1 + s2->cut_lp + gr->weight * mstar),
                             glp_get_col_prim(b->lp, (int)g + 1));
                    gr->stopped_by = LS_STOP_LOCAL;
                    frozen_now++;
                }
            }
        }
        for (size_t g = 0; g < n; g++)
            if (s2->groups[g].frozen)
                set_level_row(b, g);
        if (total_binds || !frozen_now)
            break;
    }
    if (rc == LS_ENOSOLUTION) {
        /* a feasible step 1 makes every later step feasible, up to the solver's tolerances */
        ls_error_add(errs, NULL, 0, 0, "stage 2: the water-filling LP became infeasible");
        rc = LS_EINTERNAL;
    }
    free(sum_p);
    return rc;
}

int ls_stage2_solve(const ls_model *m, const double *x, int names, ls_stage2 *s2, ls_errors *errs)
{
    memset(s2, 0, sizeof(*s2));
    builder b = {0};
    b.m = m;
    b.s2 = s2;
    int *group_of = malloc((m->n_providers * LS_N_DOMAINS + 1) * sizeof(int));
    if (!group_of)
        return LS_EINTERNAL;
    int rc = make_groups(m, x, s2, group_of);
    free(group_of);
    /* SPEC §6: personal budgets are paid from the same frame before the lumpsum is divided */
    s2->available = m->policy.budget * (1 - m->policy.reserve) - m->pgb_cost;
    if (rc == LS_OK)
        rc = build(&b, names);
    int infeasible = 0;
    /* step 1: maximise the cut c with m = 0 */
    if (rc == LS_OK) {
        objective(&b, b.col_c);
        rc = solve(&b, errs, &infeasible);
        if (infeasible)
            explain(&b, errs);
    }
    if (rc == LS_OK) {
        double c = glp_get_col_prim(b.lp, b.col_c) / b.K;
        s2->underfunded = c < -REACHED * 1e-3;
        s2->cut = s2->underfunded ? c : 0.0;
        /* a cut within 1e-9 of 0 is reported as none, but the LP keeps the value it found:
         * at a break-even, fixing c at exactly 0 can be infeasible by a rounding error */
        s2->cut_lp = fmin(c, 0.0);
        glp_set_col_bnds(b.lp, b.col_c, GLP_FX, s2->cut_lp * b.K, s2->cut_lp * b.K);
        if (!s2->underfunded)
            rc = water_fill(&b, errs);
    }
    /* step 3: every level fixed, minimise Σ b_g */
    if (rc == LS_OK) {
        objective(&b, 0);
        rc = fix_margin_and_solve(&b, s2->margin, errs);
        /* the cut the LP found can be a hair too shallow for the fixed LP (the simplex
         * accepts bounds to 1e-7 relative): cut a little deeper, which only lowers levels.
         * Each step leaves δ·ΣF_g of the budget unallocated, so the smallest that works is
         * taken: 1e-12 leaves a thousandth of a cent of 10 million in floors, 1e-9 (where
         * this used to go at once) 46 cents of Amsterdam's 463 million */
        for (double delta = 1e-12; rc == LS_ENOSOLUTION && s2->underfunded && delta <= 1e-9;
             delta *= 10) {
            double deeper = (s2->cut_lp - delta) * b.K;
            glp_set_col_bnds(b.lp, b.col_c, GLP_FX, deeper, deeper);
            rc = fix_margin_and_solve(&b, s2->margin, errs);
        }
        if (rc == LS_ENOSOLUTION) {
            ls_error_add(errs, NULL, 0, 0, "stage 2: the final LP became infeasible");
            rc = LS_EINTERNAL;
        }
    }
    if (rc == LS_OK) {
        double total = 0;
        for (size_t g = 0; g < s2->n_groups; g++)
            total += s2->groups[g].budget = fmax(0, glp_get_col_prim(b.lp, (int)g + 1));
        /* The LP keeps the total within its tolerance, relative to the largest numbers in
         * it: with floors a hundred million times the budget (a wage of 26 billion an hour,
         * found by the fuzzer) that is cents over. No euro may go over the budget: an excess
         * is taken off every group in proportion, as the common cut would. */
        double available = fmax(0, s2->available);
        if (total > available) {
            double f = total > 0 ? available / total : 0;
            for (size_t g = 0; g < s2->n_groups; g++)
                s2->groups[g].budget *= f;
        }
    }
    for (int d = 0; d < LS_N_DOMAINS; d++)
        s2->cut_domain[d] = NAN;
    for (size_t g = 0; rc == LS_OK && g < s2->n_groups; g++) {
        ls_group *gr = &s2->groups[g];
        static const unsigned map[] = {LS_BLOCK_TOTAL, LS_BLOCK_CEILING, LS_BLOCK_MAX_BUDGET,
                                       LS_BLOCK_DOMAIN, LS_BLOCK_LOCAL};
        gr->blocked_by = gr->frozen ? map[gr->stopped_by] : LS_BLOCK_TOTAL;
        if (gr->floor_cost > 0) {
            double c = fmin(0, gr->budget / gr->floor_cost - 1);
            double *cd = &s2->cut_domain[gr->domain];
            *cd = isnan(*cd) ? c : fmin(*cd, c);
        }
    }
    free(b.provider_row);
    s2->lp = b.lp;
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
 * construction (the total row binds exactly at the fixed margin), so a written copy can be
 * infeasible by a rounding error. Every upper limit (total, domain, max_budget, ceilings) is
 * loosened by 1e-9 relative: an upper limit cannot push "minimise Σ b_g" up, so the
 * objective an auditor finds is the same to about 1e-9. */
void ls_stage2_loosen_for_export(ls_stage2 *s2)
{
    glp_prob *lp = s2->lp;
    for (int i = 1; i <= glp_get_num_rows(lp); i++) {
        int type = glp_get_row_type(lp, i);
        double lb = glp_get_row_lb(lp, i), ub = glp_get_row_ub(lp, i);
        if (type == GLP_UP)
            glp_set_row_bnds(lp, i, GLP_UP, 0, ub + 1e-9 * fabs(ub) + 1e-6);
        else if (type == GLP_DB || type == GLP_FX)
            glp_set_row_bnds(lp, i, GLP_DB, lb, ub + 1e-9 * fabs(ub) + 1e-6);
    }
    for (int j = 1; j <= glp_get_num_cols(lp); j++)
        if (glp_get_col_type(lp, j) == GLP_DB) {
            double ub = glp_get_col_ub(lp, j);
            glp_set_col_bnds(lp, j, GLP_DB, glp_get_col_lb(lp, j), ub + 1e-9 * fabs(ub) + 1e-6);
        }
}

int ls_stage2_floor_scale(const ls_model *m, const double *x, double *kappa, ls_errors *errs)
{
    (void)errs;
    double f = 0, moving = 0, fixed = 0;
    for (size_t j = 0; j < m->n_contracts; j++)
        f += 12 * m->contracts[j].floor_tariff * x[j];
    for (size_t s = 0; s < m->n_segments; s++) {
        const ls_segment *sg = &m->segments[s];
        if (!(sg->pgb_clients > 0))
            continue;
        if (isnan(sg->pgb_tariff))
            moving += 12 * sg->pgb_clients * sg->pgb_tariff_used;
        else
            fixed += 12 * sg->pgb_clients * sg->pgb_tariff_used;
    }
    *kappa = f + moving > 0 ? (m->policy.budget * (1 - m->policy.reserve) - fixed) / (f + moving)
                            : INFINITY;
    return LS_OK;
}
