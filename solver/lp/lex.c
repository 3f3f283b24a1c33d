/*
 * lex.c — the placement's priorities above cost, for the models where the first attempt
 * (stage1.c: the local target held, an unplaced client weighed above any cost) does not
 * place every client or cannot meet the target.
 *
 * Care is an entitlement, so the order is strict, not a trade-off by weights: first the fewest
 * unmet clients U; then which clients go unmet, where several placements reach U: the cheapest
 * placement's with no local target (the target must not decide who goes without care); then
 * the least local shortfall v with those unmet clients held; then cost, found here too with
 * u and v held, so that stage1.c's own LP (which holds them as well) starts from its optimum
 * and settles the tie-break. A priority below LS_LEX_TOL of its own scale counts as met (0);
 * otherwise it is held at the optimum found, with no allowance: the next priority's objective
 * would spend one (cost prefers fewer clients and fewer local ones), to GLPK's feasibility
 * tolerance. The LPs run on a copy of stage 1's LP, from its basis: a few hundred pivots on
 * the Amsterdam preset, against a cold solve's tens of thousands.
 */
#include "lex.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "i18n.h"
#include "util.h"

/* Sifting, as stage 1's re-solves do (sift.c): GLPK's primal simplex prices every column at
 * every pivot, and P has the LP's 144,000 contracts on the Amsterdam preset, so that a pivot
 * cost a millisecond and each of these LPs took up to 5,000 of them. A contract non-basic at a
 * bound is fixed there (GLPK leaves fixed non-basic columns out of its working problem) unless it
 * is its segment's cheapest under P's objective; after each solve the fixed ones are priced with
 * P's duals and those that would improve it (d_j < 0 at a lower bound, > 0 at an upper one) get
 * their bounds back, until none would. Then every bound is put back and GLPK solves the whole P
 * once more from the basis: no pivot where the pricing was right, and where a rounding let one
 * through, GLPK's own optimum. */
typedef struct sifted {
    int n;             /* contracts fixed */
    int *col;          /* their columns */
    char *type, *stat; /* their bound types and the bound they sit at (GLP_NL, GLP_NU) */
    double *lb, *ub;   /* their bounds */
} sifted;

static void sifted_free(sifted *sf)
{
    free(sf->col);
    free(sf->type);
    free(sf->stat);
    free(sf->lb);
    free(sf->ub);
}

static void sift_out(glp_prob *P, const ls_stage1 *s1, sifted *sf)
{
    const ls_model *m = s1->m;
    int nc = (int)m->n_contracts;
    size_t ns = m->n_segments;
    sf->n = 0;
    sf->col = malloc((size_t)nc * sizeof(int));
    sf->type = malloc((size_t)nc);
    sf->stat = malloc((size_t)nc);
    sf->lb = malloc((size_t)nc * sizeof(double));
    sf->ub = malloc((size_t)nc * sizeof(double));
    int *best = calloc(ns, sizeof(int));
    if (!sf->col || !sf->type || !sf->stat || !sf->lb || !sf->ub || !best) {
        free(best);
        return; /* no sifting: sf->n is 0 */
    }
    for (int j = 1; j <= nc; j++) {
        int s = m->contracts[j - 1].segment;
        if (!best[s] || glp_get_obj_coef(P, j) < glp_get_obj_coef(P, best[s]))
            best[s] = j;
    }
    for (int j = 1; j <= nc; j++) {
        int type = glp_get_col_type(P, j), stat = glp_get_col_stat(P, j);
        if ((stat != GLP_NL && stat != GLP_NU) || type == GLP_FX ||
            best[m->contracts[j - 1].segment] == j)
            continue;
        double lb = glp_get_col_lb(P, j), ub = glp_get_col_ub(P, j);
        int k = sf->n++;
        sf->col[k] = j, sf->type[k] = (char)type, sf->stat[k] = (char)stat;
        sf->lb[k] = lb, sf->ub[k] = ub;
        double at = stat == GLP_NL ? lb : ub;
        glp_set_col_bnds(P, j, GLP_FX, at, at);
    }
    free(best);
}

/* Gives fixed column k its bounds back, non-basic at the bound it sat at (basic, where a
 * fallback of GLPK's made a fresh basis with it, it stays). */
static void sift_free(glp_prob *P, const sifted *sf, int k)
{
    glp_set_col_bnds(P, sf->col[k], sf->type[k], sf->lb[k], sf->ub[k]);
    if (glp_get_col_stat(P, sf->col[k]) != GLP_BS)
        glp_set_col_stat(P, sf->col[k], sf->stat[k]);
}

/* Frees fixed column k and takes it off the list: the last one takes its place. */
static void sift_drop(glp_prob *P, sifted *sf, int k)
{
    sift_free(P, sf, k);
    int last = --sf->n;
    sf->col[k] = sf->col[last], sf->type[k] = sf->type[last];
    sf->stat[k] = sf->stat[last], sf->lb[k] = sf->lb[last], sf->ub[k] = sf->ub[last];
}

/* Frees the fixed columns that would improve P under its duals; how many. */
static int sift_price(glp_prob *P, sifted *sf, double *lambda, int *ind, double *val)
{
    int nr = glp_get_num_rows(P), freed = 0;
    for (int i = 1; i <= nr; i++)
        lambda[i] = glp_get_row_dual(P, i);
    for (int k = 0; k < sf->n;) {
        int j = sf->col[k];
        double c = glp_get_obj_coef(P, j), d = c, eps = 1e-11 * (1 + fabs(c));
        for (int t = 1, n = glp_get_mat_col(P, j, ind, val); t <= n; t++)
            d -= val[t] * lambda[ind[t]];
        if (sf->stat[k] == GLP_NL ? d < -eps : d > eps) {
            sift_drop(P, sf, k);
            freed++;
        } else
            k++;
    }
    return freed;
}

/* Frees the fixed columns at their upper bound (a contract at its max_clients); how many.
 * Where a sifted round has no solution, these are what can give way: a segment whose
 * demand fell below what its contracts fixed at max_clients hold (a risk draw from the
 * base model's basis) is met only with one of them lowered; a contract at its lower bound
 * cannot go lower, and an unplaced client takes up any rise. */
static int sift_free_upper(glp_prob *P, sifted *sf)
{
    int freed = 0;
    for (int k = 0; k < sf->n;) {
        if (sf->stat[k] == GLP_NU) {
            sift_drop(P, sf, k);
            freed++;
        } else
            k++;
    }
    return freed;
}

/* How solve_sifted solves P: helper, an LP whose basis is only a start for the next one;
 * it_cap 0, or the pivots the first attempt of each of GLPK's solves may take
 * (ls_simplex_capped), for an LP whose failure the caller can take; pricing, that attempt's
 * (GLP_PT_PSE, as ls_simplex's, or GLP_PT_STD). capped: set when a solve needed more. */
typedef struct sift_how {
    int helper, it_cap, pricing, capped;
} sift_how;

/* Solves P (minimise) from its basis; LS_OK with its optimum, else LS_EINTERNAL and why.
 * A sifted round without a solution frees the contracts fixed at their upper bound and goes
 * on, once (sift_free_upper); where it still has none, the whole P is solved. A helper's LP
 * ends with the sifted rounds instead: at their optimum, which none of the fixed contracts
 * would improve, without the whole P solved once more to confirm it; or where a round finds
 * no solution, there. Under a cap, a solve that needs more pivots (GLPK's primal simplex
 * cycling) fails P at once, with no retry. */
static int solve_sifted(glp_prob *P, const ls_stage1 *s1, const char *what, sift_how *how,
                        ls_errors *errs)
{
    int helper = how->helper, it_cap = how->it_cap;
    sifted sf = {0};
    int nr = glp_get_num_rows(P), rc = 0;
    double *lambda = malloc((size_t)(nr + 1) * sizeof(double));
    int *ind = malloc((size_t)(nr + 1) * sizeof(int));
    double *val = malloc((size_t)(nr + 1) * sizeof(double));
    if (lambda && ind && val && (size_t)glp_get_num_cols(P) >= s1->opts.sift_min_cols)
        sift_out(P, s1, &sf);
    int ended = 0, upper_freed = 0; /* ended: a helper's LP, by its sifted rounds */
    while (sf.n > 0) {
        rc = it_cap ? ls_simplex_capped(P, GLP_PRIMAL, it_cap, how->pricing)
                    : ls_simplex(P, GLP_PRIMAL);
        int status = rc == 0 ? glp_get_status(P) : 0;
        if (status == GLP_NOFEAS && !helper && !upper_freed++ && sift_free_upper(P, &sf) > 0)
            continue;
        if (rc != 0 || status != GLP_OPT) {
            ended = helper && status == GLP_NOFEAS;
            break;
        }
        if (sift_price(P, &sf, lambda, ind, val) == 0) {
            ended = helper;
            break;
        }
    }
    for (int k = 0; k < sf.n; k++)
        sift_free(P, &sf, k);
    sifted_free(&sf);
    free(lambda);
    free(ind);
    free(val);
    if (ended)
        return glp_get_status(P) == GLP_OPT ? LS_OK : LS_EINTERNAL; /* no message: a helper's */
    if (rc != GLP_EITLIM || !it_cap)
        rc = it_cap ? ls_simplex_capped(P, GLP_PRIMAL, it_cap, how->pricing)
                    : ls_simplex(P, GLP_PRIMAL);
    if (rc == 0 && glp_get_status(P) == GLP_NOFEAS) {
        /* GLPK's primal simplex can end "no feasible solution" from the basis it was handed
         * where the LP has one (parts held exactly as another LP found them): once more from
         * GLPK's advanced basis */
        glp_adv_basis(P, 0);
        rc = it_cap ? ls_simplex_capped(P, GLP_PRIMAL, it_cap, how->pricing)
                    : ls_simplex(P, GLP_PRIMAL);
    }
    how->capped |= it_cap && rc == GLP_EITLIM;
    if (rc != 0 || glp_get_status(P) != GLP_OPT) {
        ls_error_add(errs, NULL, 0, 0, _("stage 1: the LP for %s failed (GLPK code %d, status %d)"),
                     what, rc, glp_get_status(P));
        return LS_EINTERNAL;
    }
    return LS_OK;
}

static int optimum(glp_prob *P, const ls_stage1 *s1, const char *what, ls_errors *errs)
{
    return solve_sifted(P, s1, what, &(sift_how){0, 0, 0, 0}, errs);
}

static void set_objective(glp_prob *P, int col_or_zero)
{
    for (int j = 1, n = glp_get_num_cols(P); j <= n; j++)
        glp_set_obj_coef(P, j, j == col_or_zero ? 1.0 : 0.0);
}

/* P's basis into stage 1's LP, whose rows and columns are P's first ones: P's extra rows
 * (the unmet total, the shortfalls' total) and columns (the shortfalls v[k]) have no place
 * there. v[k] basic stands for local row k's slack (the row is met with the shortfall,
 * strictly inside its bound); then the count of basic variables is put right with the fixed
 * unmet columns, so that the LP gets a basis that is primal feasible with the priorities
 * held. */
static void take_basis(glp_prob *P, ls_stage1 *s1, const int *v)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp), basic = 0;
    for (int i = 1; i <= nr; i++) {
        int st = glp_get_row_stat(P, i);
        glp_set_row_stat(lp, i, st);
        basic += st == GLP_BS;
    }
    for (int j = 1; j <= nc; j++) {
        int st = glp_get_col_stat(P, j);
        glp_set_col_stat(lp, j, st);
        basic += st == GLP_BS;
    }
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (v[k] && glp_get_col_stat(P, v[k]) == GLP_BS &&
            glp_get_row_stat(lp, s1->local_row[k]) != GLP_BS) {
            glp_set_row_stat(lp, s1->local_row[k], GLP_BS);
            basic++;
        }
    /* one basic too many when P's row of the unmet total is at its bound: a basic unmet
     * column leaves, one whose leaving keeps the basis regular (GLPK's factorization
     * tells); the first one left a singular basis on the Amsterdam preset at a 70 % target
     * with wages up 12.5 %, and GLPK's simplex then solved afresh: 6.3 s of a 17.7 s plan */
    for (int j = s1->u_col0; j <= nc && basic == nr + 1; j++)
        if (glp_get_col_stat(lp, j) == GLP_BS) {
            glp_set_col_stat(lp, j, GLP_NS);
            if (glp_factorize(lp) == 0)
                basic--;
            else
                glp_set_col_stat(lp, j, GLP_BS);
        }
    for (int j = s1->u_col0; j <= nc && basic > nr; j++)
        if (glp_get_col_stat(lp, j) == GLP_BS) {
            glp_set_col_stat(lp, j, GLP_NS);
            basic--;
        }
    for (int i = 1; i <= nr && basic < nr; i++)
        if (glp_get_row_stat(lp, i) != GLP_BS) {
            glp_set_row_stat(lp, i, GLP_BS);
            basic++;
        }
}

/* 1. the fewest unmet clients U, with no local target; *clients: the demand, for the
 * tolerance. */
static int fewest_unmet(glp_prob *P, ls_stage1 *s1, double *unmet, double *clients,
                        ls_errors *errs)
{
    const ls_model *m = s1->m;
    set_objective(P, 0);
    *clients = 0;
    for (size_t s = 0; s < m->n_segments; s++) {
        int col = s1->u_col0 + (int)s;
        glp_set_obj_coef(P, col, 1.0);
        glp_set_col_bnds(P, col, GLP_LO, 0, 0);
        *clients += m->segments[s].clients;
    }
    for (int k = 0; k < LS_N_LOCAL; k++)
        glp_set_row_bnds(P, s1->local_row[k], GLP_FR, 0, 0);
    int rc = optimum(P, s1, _("the fewest unmet clients"), errs);
    *unmet = rc == LS_OK ? glp_get_obj_val(P) : 0;
    return rc;
}

/* 2. which clients: the cheapest placement with exactly U unmet (no local target; cost alone
 * would spend any allowance on leaving more clients out). Among equally cheap ones the
 * tie-break's preference decides, as in the placement without a target: the basis this
 * starts from held the target and must not pick which clients go without a place. */
static int which_unmet(glp_prob *P, ls_stage1 *s1, double unmet, ls_errors *errs)
{
    size_t ns = s1->m->n_segments;
    int nc = (int)s1->m->n_contracts;
    int row = glp_add_rows(P, 1);
    int *ind = malloc((ns + 1) * sizeof(int));
    double *val = malloc((ns + 1) * sizeof(double));
    if (!ind || !val) {
        free(ind);
        free(val);
        return LS_EINTERNAL;
    }
    for (size_t s = 0; s < ns; s++)
        ind[s + 1] = s1->u_col0 + (int)s, val[s + 1] = 1;
    glp_set_mat_row(P, row, (int)ns, ind, val);
    glp_set_row_bnds(P, row, GLP_UP, 0, unmet);
    free(ind);
    free(val);
    for (int j = 1; j <= glp_get_num_cols(P); j++)
        glp_set_obj_coef(P, j, j <= nc ? ls_stage1_lp_objective_coef(s1, j) : 0.0);
    return optimum(P, s1, _("the unmet clients per segment"), errs);
}

/* Adds P's column v for local row k's shortfall, basic, the row at its bound of 0. */
static int shortfall_column(glp_prob *P, const ls_stage1 *s1, int k)
{
    int v = glp_add_cols(P, 1);
    int ind[2] = {0, s1->local_row[k]};
    double val[2] = {0, 1};
    glp_set_mat_col(P, v, 1, ind, val);
    glp_set_col_bnds(P, v, GLP_LO, 0, 0);
    /* the local row is scaled down by its euros; v in the same scaled unit */
    glp_set_sjj(P, v, 1.0 / glp_get_rii(P, s1->local_row[k]));
    /* v takes the row's place in the basis; a row already at its bound keeps it, v at 0 */
    if (glp_get_row_stat(P, s1->local_row[k]) == GLP_BS) {
        glp_set_col_stat(P, v, GLP_BS);
        glp_set_row_stat(P, s1->local_row[k], GLP_NL);
    } else
        glp_set_col_stat(P, v, GLP_NL);
    glp_set_row_bnds(P, s1->local_row[k], GLP_LO, 0, 0);
    return v;
}

/* Where several local rows fall short, the least total V can be split between them in more
 * than one way: the cheapest placement with Σ v = V decides (priority 4 among the
 * placements priority 3 leaves, the tie-break's preference among equally cheap ones), and
 * each row holds its part of it. */
static int split_shortfall(glp_prob *P, const ls_stage1 *s1, const int *v, double total,
                           double tol, ls_errors *errs)
{
    int row = glp_add_rows(P, 1), ind[LS_N_LOCAL + 1], n = 0;
    double val[LS_N_LOCAL + 1], rii = 1;
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (v[k]) {
            ind[++n] = v[k], val[n] = 1;
            rii = fmin(rii, glp_get_rii(P, s1->local_row[k]));
        }
    glp_set_mat_row(P, row, n, ind, val);
    glp_set_row_bnds(P, row, GLP_UP, 0, total);
    glp_set_rii(P, row, rii);
    glp_set_row_stat(P, row, GLP_BS);
    int nc = (int)s1->m->n_contracts;
    for (int j = 1; j <= glp_get_num_cols(P); j++)
        glp_set_obj_coef(P, j, j <= nc ? ls_stage1_lp_objective_coef(s1, j) : 0.0);
    /* each solve's first attempt held to twice the rows + 2,000 pivots (13,194 on the
     * Amsterdam preset, where a split takes 1,100 to 1,500 and at most 9,453 was seen):
     * GLPK's primal simplex with its steepest edge cycled here on that preset's seed 1 at
     * targets of 95 % or 99 % and wages up 5 %, for hours (some 1,700 pivots a second in
     * phase 1, one variable 7·10⁻⁵ out of its bounds); from the same start, Dantzig's pricing
     * reaches the optimum (a sweep's warm step to those wages, the same figures), so a solve
     * held up is tried once more that way */
    const char *what = _("the local shortfall per domain");
    sift_how how = {0, 2 * glp_get_num_rows(P) + 2000, GLP_PT_PSE, 0};
    int nr = glp_get_num_rows(P), ncols = glp_get_num_cols(P);
    int *start = malloc((size_t)(nr + ncols + 1) * sizeof(int)); /* the basis it starts from */
    for (int i = 1; start && i <= nr; i++)
        start[i] = glp_get_row_stat(P, i);
    for (int j = 1; start && j <= ncols; j++)
        start[nr + j] = glp_get_col_stat(P, j);
    int rc = solve_sifted(P, s1, what, &how, errs);
    if (rc != LS_OK && how.capped && start) {
        for (int i = 1; i <= nr; i++)
            glp_set_row_stat(P, i, start[i]);
        for (int j = 1; j <= ncols; j++)
            glp_set_col_stat(P, j, start[nr + j]);
        how.pricing = GLP_PT_STD;
        rc = solve_sifted(P, s1, what, &how, errs);
    }
    free(start);
    if (rc != LS_OK) {
        /* held exactly, the least total can be a hair below what this LP reaches (targets
         * of 0.999999): then to its tolerance */
        glp_set_row_bnds(P, row, GLP_UP, 0, total + tol);
        rc = solve_sifted(P, s1, what, &how, errs);
    }
    if (rc != LS_OK)
        return rc;
    /* each row's part held and the total row gone, so that P's basis maps onto the LP's
     * again (take_basis): a total row at its bound leaves one shortfall too many basic,
     * and one whose basis minor is regular leaves the basis */
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (v[k]) {
            double part = glp_get_col_prim(P, v[k]);
            glp_set_col_bnds(P, v[k], GLP_FX, part, part);
        }
    int one_basic_too_many = glp_get_row_stat(P, row) != GLP_BS, del[2] = {0, row};
    glp_del_rows(P, 1, del);
    for (int k = 0; one_basic_too_many && k < LS_N_LOCAL; k++)
        if (v[k] && glp_get_col_stat(P, v[k]) == GLP_BS) {
            glp_set_col_stat(P, v[k], GLP_NS);
            if (glp_factorize(P) == 0)
                one_basic_too_many = 0;
            else
                glp_set_col_stat(P, v[k], GLP_BS);
        }
    /* the same optimum; from a basis still one too many, ls_simplex starts afresh */
    return optimum(P, s1, _("the local shortfall per domain"), errs);
}

/* 4. cost (and the tie-break's preference) with each row's shortfall held at what stage 1's
 * LP will hold (s1->local_shortfall), so that the basis handed to it (take_basis) is its
 * optimum already, or a few pivots from it. Without this, stage 1's LP settled cost from the
 * basis of the least shortfall with GLPK's primal simplex over every contract: on the
 * Amsterdam preset with a 30 % target and wages up 15 % (1,034 clients unplaced), some 4 s of
 * a 6 s plan, where P's sifted LPs take a fraction of it. Where this LP fails, stage 1's
 * solve settles cost from whatever basis P is left with, as it did before. Its sifted rounds
 * end it (solve_sifted): held exactly, the shortfall can leave GLPK's primal simplex over the
 * whole P without a solution to its tolerances, where stage 1's LP then loosens it
 * (ls_lex_loosen); on the Amsterdam preset with wages up 10 % and a 60 % or 70 % target, the
 * whole P took some 9,000 pivots over every contract to find so (9 of a plan's 11 s), where
 * stage 1's LP, loosened once, takes a pivot or two from the sifted rounds' basis. */
static void cheapest_held(glp_prob *P, const ls_stage1 *s1, const int *v)
{
    int nc = (int)s1->m->n_contracts;
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (v[k])
            glp_set_col_bnds(P, v[k], GLP_FX, s1->local_shortfall[k], s1->local_shortfall[k]);
    for (int j = 1; j <= glp_get_num_cols(P); j++)
        glp_set_obj_coef(P, j, j <= nc ? ls_stage1_lp_objective_coef(s1, j) : 0.0);
    ls_errors errs = {0};
    solve_sifted(P, s1, _("the cheapest placement with the shortfall held"),
                 &(sift_how){1, 0, 0, 0}, &errs);
    ls_errors_clear(&errs);
}

/* Every segment's clients. */
static double total_clients(const ls_model *m)
{
    double clients = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        clients += m->segments[s].clients;
    return clients;
}

/* A shortfall within this counts as none: LS_LEX_TOL of the placement's yearly cost at
 * reference prices, Σ 12·r·clients. */
static double shortfall_tol(const ls_model *m)
{
    double scale = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        if (isfinite(m->segments[s].ref_floor))
            scale += 12 * m->segments[s].ref_floor * m->segments[s].clients;
    return LS_LEX_TOL * fmax(1, scale);
}

/* 3. the least local shortfall Σ_k v[k] over the local rows with a target, the unmet clients
 * held: Σ (local − target)·12·r·x + v[k] ≥ 0 for each. Sets s1->local_lb and local_shortfall
 * (left at 0 without a target); v[k]: P's shortfall column of row k (0: no target). */
static int least_shortfall(glp_prob *P, ls_stage1 *s1, int *v, int allow, ls_errors *errs)
{
    const ls_model *m = s1->m;
    int rows = 0;
    for (int k = 0; k < LS_N_LOCAL; k++) {
        v[k] = ls_stage1_target(m, k) > 0 ? shortfall_column(P, s1, k) : 0;
        rows += v[k] != 0;
    }
    if (!rows)
        return LS_OK;
    set_objective(P, 0);
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (v[k])
            glp_set_obj_coef(P, v[k], 1.0);
    /* an allowance of unmet clients (allow) is not spent on the shortfall: an unplaced client
     * weighs more than its placement could lower the shortfall by (the first attempt's
     * weight); they are held where this leaves them */
    for (size_t s = 0; allow && s < m->n_segments; s++)
        glp_set_obj_coef(P, s1->u_col0 + (int)s, 12 * m->unmet_weight);
    int rc = optimum(P, s1, _("the least local shortfall"), errs);
    if (rc != LS_OK)
        return rc;
    double none = ls_lex_none(total_clients(m));
    for (size_t s = 0; allow && s < m->n_segments; s++) {
        int u = s1->u_col0 + (int)s;
        double x = glp_get_col_prim(P, u);
        s1->u_pin[s] = x > none ? x : 0.0;
        glp_set_col_bnds(P, u, GLP_FX, s1->u_pin[s], s1->u_pin[s]);
        glp_set_obj_coef(P, u, 0.0);
    }
    double short_tol = shortfall_tol(m), total = glp_get_obj_val(P);
    if (allow) { /* Σ v alone, without the weights */
        total = 0;
        for (int k = 0; k < LS_N_LOCAL; k++)
            total += v[k] ? glp_get_col_prim(P, v[k]) : 0.0;
    }
    double part[LS_N_LOCAL] = {0};
    /* split_shortfall leaves P at the cheapest placement with each part held; where it fails,
     * P keeps the row of its total, which take_basis has no place for, and stage 1 settles
     * cost from the least total's basis, as it did before step 4 */
    int split = rows > 1 && total > short_tol;
    for (int k = 0; k < LS_N_LOCAL; k++)
        part[k] = v[k] && total > short_tol ? glp_get_col_prim(P, v[k]) : 0.0;
    if (split) {
        /* a split the solver cannot settle (targets of 0.999999 leave rows with entries a
         * millionth of the others') keeps the least total's own split: still the least
         * shortfall, only not the cheapest of its splits */
        ls_errors split_errs = {0};
        if (split_shortfall(P, s1, v, total, short_tol, &split_errs) == LS_OK)
            for (int k = 0; k < LS_N_LOCAL; k++)
                part[k] = v[k] ? glp_get_col_prim(P, v[k]) : 0.0;
        ls_errors_clear(&split_errs);
    }
    /* exactly v*: cost alone would spend any allowance on a smaller local share */
    for (int k = 0; k < LS_N_LOCAL; k++) {
        double shortfall = part[k];
        shortfall = shortfall > short_tol ? shortfall : 0;
        s1->local_lb[k] = -shortfall;
        s1->local_shortfall[k] = shortfall;
    }
    if (!split)
        cheapest_held(P, s1, v);
    return LS_OK;
}

int ls_lex_priorities(ls_stage1 *s1, int allow, int *tiny, ls_errors *errs)
{
    size_t ns = s1->m->n_segments;
    glp_prob *P = glp_create_prob();
    ls_stage1_lp_flush(s1);
    glp_copy_prob(P, s1->lp, GLP_OFF);
    glp_set_obj_dir(P, GLP_MIN);
    double unmet, clients;
    int rc = fewest_unmet(P, s1, &unmet, &clients, errs);
    double tol = LS_LEX_TOL * fmax(1, clients), none = ls_lex_none(clients);
    *tiny = rc == LS_OK && unmet > none && unmet <= tol;
    if (rc == LS_OK && unmet > tol)
        rc = which_unmet(P, s1, unmet, errs);
    for (size_t s = 0; rc == LS_OK && s < ns; s++) {
        double u = unmet > tol ? glp_get_col_prim(P, s1->u_col0 + (int)s) : 0.0;
        s1->u_pin[s] = u > none ? u : 0.0;
        if (allow)
            glp_set_col_bnds(P, s1->u_col0 + (int)s, GLP_DB, s1->u_pin[s], s1->u_pin[s] + tol);
        else
            glp_set_col_bnds(P, s1->u_col0 + (int)s, GLP_FX, s1->u_pin[s], s1->u_pin[s]);
    }
    int v[LS_N_LOCAL] = {0};
    for (int k = 0; k < LS_N_LOCAL; k++)
        s1->local_lb[k] = s1->local_shortfall[k] = 0;
    if (rc == LS_OK)
        rc = least_shortfall(P, s1, v, allow, errs);
    if (rc == LS_OK)
        take_basis(P, s1, v);
    glp_delete_prob(P);
    return rc;
}

int ls_lex_loosen(ls_stage1 *s1, int attempt)
{
    if (attempt > LS_LEX_LOOSEN_LAST)
        return 0;
    double slack = shortfall_tol(s1->m) * pow(10, attempt - LS_LEX_LOOSEN_LAST);
    int loosened = 0;
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (ls_stage1_target(s1->m, k) > 0) {
            s1->local_lb[k] = -(s1->local_shortfall[k] + slack);
            loosened = 1;
        }
    return loosened;
}
