/*
 * filler_lp.c — the GLPK problem stage 2 keeps for the rows that couple groups beyond closed
 * forms (the local row, a min_budget that may go to several domains with ceilings): built
 * once, brought up to the filling's state as groups freeze, re-solved from its basis in the
 * rounds that need it and in the blocked test by slack LPs, and turned into the final LP that
 * `export --stage 2` writes.
 */
#include "filler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "simplex.h"
#include "util.h"

static void set_col(glp_prob *lp, int j, double lb, double ub)
{
    if (isinf(ub))
        glp_set_col_bnds(lp, j, GLP_LO, lb, 0);
    else if (ub - lb <= 1e-12 * fabs(ub))
        /* a group frozen a rounding error below its ceiling is at it: bounds a few ulps
         * apart become equal once GLPK scales them, and its simplex asserts they differ */
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

/* The money rows, in this order: a row per provider with a min or max budget, per domain with
 * a ceiling, and the total (groups, ind and val: scratch of n + 2 each). */
static void money_rows(filler *f, int *groups, int *ind, double *val)
{
    const ls_model *m = f->m;
    const ls_stage2 *s2 = f->s2;
    size_t n = f->n;
    char name[256];
    for (size_t p = 0; p < f->np; p++) {
        const ls_provider *pr = &m->providers[p];
        int k = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            groups[++k] = (int)g;
        if (!k || (pr->min_budget <= 0 && isinf(pr->max_budget)))
            continue;
        ls_lp_name(name, sizeof name, "provider", pr->id, NULL);
        f->provider_row[p] =
            money_row(f, groups, k, ind, val, pr->min_budget, pr->max_budget, name, NULL);
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
        f->domain_row[d] =
            money_row(f, groups, k, ind, val, 0, f->room[d], name, &f->domain_scale[d]);
    }
    for (size_t g = 0; g < n; g++)
        groups[g + 1] = (int)g;
    f->total_row =
        n ? money_row(f, groups, (int)n, ind, val, 0, f->total, "total", &f->total_scale) : 0;
}

/* The LP of the groups: a column per group and t, a level row per group, a money row per
 * provider with a min or max budget, per domain with a ceiling, the total and the local row. */
int ls_filler_lp_build(filler *f, int names)
{
    const ls_model *m = f->m;
    ls_stage2 *s2 = f->s2;
    size_t n = f->n;
    /* the library never prints: GLPK's terminal output is per thread, and a thread of its
     * own (a plan's break-even) starts with it on */
    glp_term_out(GLP_OFF);
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
    money_rows(f, groups, ind, val);
    f->local_row = 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        f->local_domain_row[d] = 0;
    if (n) { /* Σ_g (local_g − λ)·b_g ≥ 0, free until the margin phase sets λ; the same over
              * each domain's groups with λ_d */
        f->local_row = glp_add_rows(lp, 1);
        glp_set_row_name(lp, f->local_row, "local");
        glp_set_row_bnds(lp, f->local_row, GLP_FR, 0, 0);
        for (int d = 0; d < LS_N_DOMAINS; d++) {
            if (!(m->policy.local_share_domain[d] > 0))
                continue;
            f->local_domain_row[d] = glp_add_rows(lp, 1);
            ls_lp_name(name, sizeof name, "local", ls_domain_names[d], NULL);
            glp_set_row_name(lp, f->local_domain_row[d], name);
            glp_set_row_bnds(lp, f->local_domain_row[d], GLP_FR, 0, 0);
        }
    }
    free(groups), free(ind), free(val);
    glp_scale_prob(lp, GLP_SF_AUTO);
    return LS_OK;
}

int ls_filler_lp_defer(filler *f, int names)
{
    f->names = names;
    if (f->coupled)
        return ls_filler_lp_build(f, names);
    if (!(f->groups0 = malloc((f->n + 1) * sizeof(ls_group))))
        return LS_EINTERNAL;
    memcpy(f->groups0, f->s2->groups, f->n * sizeof(ls_group));
    return LS_OK;
}

int ls_filler_lp_need(filler *f)
{
    if (f->lp)
        return LS_OK;
    if (!f->groups0)
        return LS_EINTERNAL;
    /* the build reads the groups and the phase: as they were at the start */
    ls_group *now = f->s2->groups;
    int margin = f->margin;
    f->s2->groups = f->groups0, f->margin = 0;
    int rc = ls_filler_lp_build(f, f->names);
    f->s2->groups = now, f->margin = margin;
    return rc;
}

/* Local row `row` with λ over the groups of one domain (domain ≥ 0) or of all (−1). */
static void set_local_row(filler *f, int row, double lambda, int domain)
{
    if (!row)
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
        const ls_group *gr = &f->s2->groups[g];
        if (domain >= 0 && gr->domain != domain)
            continue;
        double v = (f->m->providers[gr->provider].local ? 1 - lambda : -lambda) * f->unit[g] /
                   scale;
        if (v != 0)
            ind[++k] = (int)g + 1, val[k] = v;
    }
    glp_set_mat_row(f->lp, row, k, ind, val);
    glp_set_row_bnds(f->lp, row, lambda > 0 ? GLP_LO : GLP_FR, 0, 0);
    free(ind), free(val);
}

/* Every local row with the filling's λ. */
static void set_local_rows(filler *f)
{
    set_local_row(f, f->local_row, f->s2->local_lambda, -1);
    for (int d = 0; d < LS_N_DOMAINS; d++)
        set_local_row(f, f->local_domain_row[d], f->s2->local_lambda_domain[d], d);
}

/* 0 solved to optimality, 1 infeasible, −1 solver failure (message in errs) */
int ls_filler_lp_solve(filler *f, ls_errors *errs)
{
    int rc = ls_simplex(f->lp, GLP_PRIMAL);
    if (rc != 0) {
        ls_error_add(errs, NULL, 0, 0, _("stage 2: the LP solver failed (GLPK code %d)"), rc);
        return -1;
    }
    int confirmed = glp_get_status(f->lp) == GLP_NOFEAS ? ls_simplex_confirm_infeasible(f->lp) : 0;
    if (confirmed < 0) {
        ls_error_add(errs, NULL, 0, 0, _("stage 2: the LP solver failed (GLPK code %d)"),
                     GLP_EITLIM);
        return -1;
    }
    if (confirmed)
        return 1;
    if (glp_get_status(f->lp) != GLP_OPT) {
        ls_error_add(errs, NULL, 0, 0, _("stage 2: the LP solver ended with status %d"),
                     glp_get_status(f->lp));
        return -1;
    }
    return 0;
}

void ls_filler_lp_clear_objective(filler *f)
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
int ls_filler_lp_sync_all(filler *f)
{
    if (ls_filler_lp_need(f) != LS_OK)
        return LS_EINTERNAL;
    for (size_t g = 0; g < f->n; g++) {
        sync_level_row(f, g);
        sync_col(f, g);
    }
    set_local_rows(f);
    crash(f);
    return LS_OK;
}

/* A frozen group's column and level row, as freeze left them. */
void ls_filler_lp_sync_group(filler *f, size_t g)
{
    sync_level_row(f, g);
    sync_col(f, g);
}

/* ---- the rounds that need the LP -------------------------------------------------------- */

/* With something active, round 1's LP says whether t = −1 holds; when nothing is, only the
 * lifts are to be placed: one solve at t = −1 says whether they can be. */
int ls_filler_lp_start(filler *f, ls_errors *errs)
{
    crash(f);
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g))
            return LS_OK;
    glp_set_col_bnds(f->lp, f->col_t, GLP_FX, -1, -1);
    ls_filler_lp_clear_objective(f);
    int st = ls_filler_lp_solve(f, errs);
    if (st == 0)
        return LS_OK;
    if (st > 0)
        ls_filler_explain(f, errs, 1);
    return st > 0 ? LS_ENOSOLUTION : LS_EINTERNAL;
}

/* The round's t by LP: maximise t from t0 (the cut phase stops at 0). */
int ls_filler_lp_max_t(filler *f, double t0, double *t_lp, ls_errors *errs)
{
    glp_set_col_bnds(f->lp, f->col_t, f->margin ? GLP_LO : GLP_DB, t0, 0);
    ls_filler_lp_clear_objective(f);
    glp_set_obj_coef(f->lp, f->col_t, 1);
    glp_set_obj_dir(f->lp, GLP_MAX);
    int st = ls_filler_lp_solve(f, errs);
    *t_lp = st == 0 && glp_get_status(f->lp) == GLP_OPT ? glp_get_col_prim(f->lp, f->col_t) : t0;
    return st;
}

/* The slack LP's bounds at index tt: t fixed, blocked groups fixed at their levels, the
 * undecided free to rise by up to 1 (relative; or to where the last solution has them, a
 * min_budget lift can put a group higher) and counted in the objective; the number of
 * undecided. */
static size_t slack_bounds(filler *f, const unsigned char *state, double tt, const double *at)
{
    glp_prob *lp = f->lp;
    glp_set_col_bnds(lp, f->col_t, GLP_FX, tt, tt);
    ls_filler_lp_clear_objective(f);
    glp_set_obj_dir(lp, GLP_MAX);
    size_t undecided = 0;
    for (size_t g = 0; g < f->n; g++) {
        if (!active(f, g) || state[g] == LS_GROUP_RISES)
            continue;
        const ls_group *gr = &f->s2->groups[g];
        double lev = level(f, g, tt) / gr->floor_cost, cap = gr->ceiling / gr->floor_cost;
        if (state[g] == LS_GROUP_BLOCKED) {
            set_col(lp, (int)g + 1, fmin(lev, cap), fmin(lev, cap));
        } else {
            set_col(lp, (int)g + 1, 0, fmin(cap, fmax(lev + 1, at[g])));
            glp_set_obj_coef(lp, (int)g + 1, 1);
            undecided++;
        }
    }
    return undecided;
}

/* The blocked test by LP, for the groups the closed forms leave undecided: with t fixed, each
 * undecided group may rise by a slack 0 ≤ s_g ≤ 1 (relative to F_g); maximise Σ s_g; a group
 * that rises by more than its tolerance is not blocked; again over the rest, until none
 * rises: those are blocked. Returns −1 on a solver failure. */
int ls_filler_lp_slack_test(filler *f, unsigned char *state, double t, ls_errors *errs)
{
    glp_prob *lp = f->lp;
    /* without a local row in the LP, a group can only be held back by the LP's rows
     * through a domain where a lift may go elsewhere: the rest rise (the closed forms would
     * have blocked them) */
    const int *flex_dom = f->domain_flex; /* marked at t */
    int local_lp = f->margin && (f->s2->local_lambda > 0 || domain_local(f));
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g) && state[g] == LS_GROUP_UNDECIDED && !local_lp &&
            !flex_dom[f->s2->groups[g].domain])
            state[g] = LS_GROUP_RISES;
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
        int st = ls_filler_lp_solve(f, errs);
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
            if (!active(f, g) || state[g] != LS_GROUP_UNDECIDED)
                continue;
            const ls_group *gr = &f->s2->groups[g];
            double s = glp_get_col_prim(lp, (int)g + 1) - level(f, g, tt) / gr->floor_cost;
            if (s > block_tol(gr->floor_cost) / gr->floor_cost) {
                state[g] = LS_GROUP_RISES;
                glp_set_obj_coef(lp, (int)g + 1, 0);
                set_col(lp, (int)g + 1, 0, gr->ceiling / gr->floor_cost);
                risers++;
            }
        }
        if (!risers)
            break;
        undecided -= risers;
    }
    ls_filler_lp_clear_objective(f);
    for (size_t g = 0; g < f->n; g++)
        if (active(f, g))
            sync_col(f, g);
    free(at);
    return rc;
}
/* The final LP: every level a lower bound, minimise Σ b_g (for an auditor's re-solve). The
 * level rows, a free local row and t go: free rows would read as objectives in MPS. */
void ls_filler_lp_final(filler *f)
{
    glp_prob *lp = f->lp;
    ls_filler_lp_clear_objective(f);
    glp_set_obj_dir(lp, GLP_MIN);
    if (!f->coupled)
        set_local_rows(f);
    for (size_t g = 0; g < f->n; g++) {
        ls_group *gr = &f->s2->groups[g];
        if (gr->floor_cost > 0)
            set_col(lp, (int)g + 1, gr->frozen_amount / f->unit[g], gr->ceiling / f->unit[g]);
        else
            sync_col(f, g);
        glp_set_obj_coef(lp, (int)g + 1, f->unit[g]);
    }
    int *del = malloc((f->n + 2 + LS_N_DOMAINS) * sizeof(int)), k = 0;
    if (!del)
        return;
    for (size_t g = 0; g < f->n; g++)
        del[++k] = (int)g + 1;
    if (f->local_row && glp_get_row_type(lp, f->local_row) == GLP_FR)
        del[++k] = f->local_row;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (f->local_domain_row[d] && glp_get_row_type(lp, f->local_domain_row[d]) == GLP_FR)
            del[++k] = f->local_domain_row[d];
    if (k)
        glp_del_rows(lp, k, del);
    del[1] = f->col_t;
    glp_del_cols(lp, 1, del);
    free(del);
}
