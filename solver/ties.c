/*
 * ties.c — stage 1's tie-break (docs/method.md, "Ties, and why the division is unique").
 *
 * Equal floors are common, so SPEC §3's LP often has many optima; the one taken is the
 * lexicographic optimum: the cheapest placement, then among those the one the preference
 * likes best (today's providers first, then an order drawn from the ids). The LP's
 * objective carries the preference as a small perturbation, so GLPK's optimum is most often
 * that placement already; ls_ties_settle checks it with the true and the preference's duals
 * at GLPK's basis and otherwise lets GLPK finish: with the true cost, then over the optimal
 * face.
 */
#include "ties.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

/* A fixed preference among equally cheap placements: providers that serve the segment today
 * first, then an order drawn from the ids (not from file order, so that sorting a file does
 * not move clients). This is the drawn part, 0.5·h(p, s) in [0, 0.5) (docs/method.md). */
static double tie_hash(const ls_model *m, const ls_contract *c)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = m->providers[c->provider].id; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ 0x1f) * 1099511628211ULL;
    for (const char *p = m->segments[c->segment].id; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    /* FNV-1a alone leaves the last characters out of the high bits: ids that differ only at
     * the end (a segment's _b and _s) gave preferences equal to 6 digits, near-ties that the
     * solver's tolerances then decided */
    h = ls_mix64(h);
    double r = (double)(h >> 11) / 9007199254740992.0; /* [0, 1) */
    return 0.5 * r;
}

/* The LP's objective is the true cost plus PERTURB times the mean contract cost per unit of
 * preference (0 to 1.5): GLPK then breaks most ties itself. */
#define PERTURB 1e-6

/* Column j's coefficient (1-based: contracts, then unmet) in the tie-break's preference, and
 * in the LP's objective: the true one plus PERTURB times the preference, so that GLPK's
 * optimum is most often the tie-break's choice already (ls_ties_settle checks it and
 * otherwise finds it). */
double ls_ties_preference(const ls_stage1 *s1, int j)
{
    if (j >= s1->u_col0)
        return 2.0;
    const ls_contract *c = &s1->m->contracts[j - 1];
    return (c->current_clients > 0 ? 0.0 : 1.0) + s1->tie_hash[j - 1];
}

double ls_ties_lp_cost(const ls_stage1 *s1, int j)
{
    return ls_stage1_cost(s1, j) + s1->perturb * ls_ties_preference(s1, j);
}

void ls_ties_init(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    size_t nc = m->n_contracts;
    double sum = 0;
    for (size_t j = 0; j < nc; j++) {
        s1->tie_hash[j] = tie_hash(m, &m->contracts[j]);
        sum += fabs(ls_stage1_cost(s1, (int)j + 1));
    }
    if (!(s1->perturb > 0)) /* a component's LP takes the whole's (components.c) */
        s1->perturb = nc ? PERTURB * sum / (double)nc : 0;
}

/* A reduced cost (relative to 1 + |cost|) or a dual at most this is zero for the tie-break:
 * the optimal face it allows costs at most 1e-9 of the optimum more. A preference's reduced
 * cost is zero to PREF_TOL, GLPK's default tolerance (preferences are of order 1). */
#define FACE_TOL 1e-9
#define PREF_TOL 1e-7

/* Among the optimal placements, takes the one the secondary preference likes best. The
 * optimal face is the feasible set with every column whose reduced cost is not zero held at
 * its value and every row with a non-zero dual held at its activity: by complementary
 * slackness every point of it costs the optimum, so it needs no cost row, and the face LP
 * has the primary's rows: GLPK minimises the preference over it from the primary's optimal
 * basis, keeping the matrix (and its network shape) as it is. Then the objective, the bounds
 * and the primary's basis, the next warm start, are put back. */
static int break_ties(ls_stage1 *s1, const double *d, const double *lambda)
{
    glp_prob *lp = s1->lp;
    const ls_model *m = s1->m;
    int nc = glp_get_num_cols(lp), nr = glp_get_num_rows(lp);
    int *row_stat = malloc((size_t)(nr + 1) * sizeof(int));
    int *col_stat = malloc((size_t)(nc + 1) * sizeof(int));
    char *fixed = malloc((size_t)(nc + nr + 2));
    double *rlb = malloc((size_t)(2 * nr + 2) * sizeof(double)), *rub = rlb + nr + 1;
    int *rtype = malloc((size_t)(nr + 1) * sizeof(int));
    if (!row_stat || !col_stat || !fixed || !rlb || !rtype) {
        free(row_stat);
        free(col_stat);
        free(fixed);
        free(rlb);
        free(rtype);
        return LS_EINTERNAL;
    }
    char *rfixed = fixed + nc + 1;
    for (int i = 1; i <= nr; i++)
        row_stat[i] = glp_get_row_stat(lp, i);
    for (int j = 1; j <= nc; j++) {
        col_stat[j] = glp_get_col_stat(lp, j);
        fixed[j] = col_stat[j] != GLP_BS && col_stat[j] != GLP_NS &&
                   fabs(d[j]) > FACE_TOL * (1 + fabs(ls_stage1_cost(s1, j)));
        if (fixed[j]) {
            double v = glp_get_col_prim(lp, j);
            glp_set_col_bnds(lp, j, GLP_FX, v, v);
        }
    }
    for (int i = 1; i <= nr; i++) {
        rfixed[i] = row_stat[i] != GLP_BS && row_stat[i] != GLP_NS &&
                    fabs(lambda[i]) > FACE_TOL;
        if (rfixed[i]) {
            double v = glp_get_row_prim(lp, i);
            rtype[i] = glp_get_row_type(lp, i);
            rlb[i] = glp_get_row_lb(lp, i);
            rub[i] = glp_get_row_ub(lp, i);
            glp_set_row_bnds(lp, i, GLP_FX, v, v);
        }
    }
    for (int j = 1; j <= nc; j++)
        glp_set_obj_coef(lp, j, ls_ties_preference(s1, j));
    int rc = ls_simplex1(lp, GLP_PRIMAL);
    if (rc == 0 && glp_get_status(lp) == GLP_OPT) {
        for (size_t j = 0; j < m->n_contracts; j++)
            s1->x[j] = glp_get_col_prim(lp, (int)j + 1);
        for (size_t s = 0; s < m->n_segments; s++)
            s1->u[s] = glp_get_col_prim(lp, s1->u_col0 + (int)s);
    }
    /* failing to break a tie is not an error: the primary optimum stands */
    for (int j = 1; j <= nc; j++)
        glp_set_obj_coef(lp, j, ls_ties_lp_cost(s1, j));
    for (size_t j = 0; j < m->n_contracts; j++)
        if (fixed[j + 1])
            ls_stage1_reset_bounds(s1, j);
    for (size_t s = 0; s < m->n_segments; s++) {
        if (fixed[s1->u_col0 + s])
            glp_set_col_bnds(lp, s1->u_col0 + (int)s, GLP_LO, 0, 0);
    }
    for (int i = 1; i <= nr; i++)
        if (rfixed[i])
            glp_set_row_bnds(lp, i, rtype[i], rlb[i], rub[i]);
    for (int i = 1; i <= nr; i++)
        glp_set_row_stat(lp, i, row_stat[i]);
    for (int j = 1; j <= nc; j++)
        glp_set_col_stat(lp, j, col_stat[j]);
    free(row_stat);
    free(col_stat);
    free(fixed);
    free(rlb);
    free(rtype);
    return LS_OK;
}

/* λ (row duals, in GLPK's signs) and d (reduced costs) of the LP's current basis under the
 * objective cost(s1, j) rather than the LP's own: B'π = cost_B by one BTRAN with GLPK's
 * factorization (B's columns are those of (I | −A), so λ = −π), then d_j = cost_j − Σ_i
 * a_ij·λ_i from the matrix as sync wrote it. 0, or −1 if the basis cannot be factorized. */
static int basis_duals(ls_stage1 *s1, double (*cost)(const ls_stage1 *, int), double *lambda,
                       double *d)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    if (!glp_bf_exists(lp) && glp_factorize(lp) != 0)
        return -1;
    for (int k = 1; k <= nr; k++) {
        int h = glp_get_bhead(lp, k);
        lambda[k] = h > nr ? cost(s1, h - nr) : 0.0;
    }
    glp_btran(lp, lambda);
    for (int i = 1; i <= nr; i++)
        lambda[i] = -lambda[i];
    for (int j = 1; j <= nc; j++) {
        int ind[4];
        double val[4], a = 0;
        for (int k = 0, n = ls_stage1_column(s1, j, ind, val); k < n; k++)
            a += val[k] * lambda[ind[k]];
        d[j] = cost(s1, j) - a;
    }
    return 0;
}

/* Is the current basis optimal for its LP with the duals (lambda, d): every non-basic
 * variable's reduced cost of the sign its bound allows, to tol relative to 1 + |scale_j|?
 * With face set, the variables it holds (and rows) count as fixed. */
static int dual_feasible(ls_stage1 *s1, const double *lambda, const double *d,
                         double (*scale)(const ls_stage1 *, int), const char *face, double tol)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    for (int j = 1; j <= nc; j++) {
        int st = glp_get_col_stat(lp, j);
        if (st == GLP_BS || st == GLP_NS || (face && face[j]))
            continue;
        double t = tol * (1 + fabs(scale(s1, j)));
        if ((st == GLP_NL && d[j] < -t) || (st == GLP_NU && d[j] > t) ||
            (st == GLP_NF && fabs(d[j]) > t))
            return 0;
    }
    for (int i = 1; i <= nr; i++) {
        int st = glp_get_row_stat(lp, i);
        if (st == GLP_BS || st == GLP_NS || (face && face[nc + i]))
            continue;
        if ((st == GLP_NL && lambda[i] < -tol) || (st == GLP_NU && lambda[i] > tol) ||
            (st == GLP_NF && fabs(lambda[i]) > tol))
            return 0;
    }
    return 1;
}

/* Σ cost · x of SPEC §3 at the solution in s1 (the LP's own objective carries the
 * perturbation). */
double ls_ties_objective(const ls_stage1 *s1)
{
    double z = 0;
    for (size_t j = 0; j < s1->m->n_contracts; j++)
        z += ls_stage1_cost(s1, (int)j + 1) * s1->x[j];
    for (size_t s = 0; s < s1->m->n_segments; s++)
        z += ls_stage1_cost(s1, s1->u_col0 + (int)s) * s1->u[s];
    return z;
}

/* From GLPK's optimum of the perturbed LP to the answer of SPEC §3 and the tie-break: the
 * duals of the true objective at GLPK's basis (one BTRAN); if the basis is not optimal for
 * it (a true cost difference smaller than the perturbation), GLPK re-solves with the true
 * objective from there. Then the optimal face (the variables with a reduced cost and the rows
 * with a dual held): if the basis is also optimal for the preference on it, that is the
 * tie-break's answer without another LP; else break_ties solves the face LP. The LP keeps
 * the basis GLPK found, the next warm start. */
int ls_ties_settle(ls_stage1 *s1)
{
    ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    double *lambda = malloc((size_t)(nr + 1) * sizeof(double));
    double *d = malloc((size_t)(nc + 1) * sizeof(double));
    char *face = malloc((size_t)(nc + nr + 1));
    int rc = LS_EINTERNAL;
    if (!lambda || !d || !face)
        goto out;
    if (basis_duals(s1, ls_stage1_cost, lambda, d) != 0)
        goto out;
    if (!dual_feasible(s1, lambda, d, ls_stage1_cost, NULL, FACE_TOL)) {
        /* GLPK finishes with the true objective, from the perturbed optimum */
        for (int j = 1; j <= nc; j++)
            glp_set_obj_coef(lp, j, ls_stage1_cost(s1, j));
        int r = ls_simplex1(lp, GLP_PRIMAL);
        for (int j = 1; j <= nc; j++)
            glp_set_obj_coef(lp, j, ls_ties_lp_cost(s1, j));
        if (r != 0 || glp_get_status(lp) != GLP_OPT)
            goto out;
        for (int i = 1; i <= nr; i++)
            lambda[i] = glp_get_row_dual(lp, i);
        for (int j = 1; j <= nc; j++)
            d[j] = glp_get_col_dual(lp, j);
    }
    for (size_t j = 0; j < m->n_contracts; j++) {
        s1->x[j] = glp_get_col_prim(lp, (int)j + 1);
        s1->reduced_cost[j] = d[j + 1];
    }
    for (size_t s = 0; s < m->n_segments; s++) {
        s1->u[s] = glp_get_col_prim(lp, s1->u_col0 + (int)s);
        s1->demand_dual[s] = lambda[s + 1];
    }
    for (size_t p = 0; p < m->n_providers; p++) {
        s1->capacity_dual[p] = s1->capacity_row[p] ? lambda[s1->capacity_row[p]] : 0;
        s1->budget_dual[p] = s1->budget_row[p] ? lambda[s1->budget_row[p]] : 0;
    }
    s1->local_dual = lambda[s1->local_row];
    s1->priced = 1;
    /* the optimal face, and whether it has room for another optimum */
    int room = 0;
    for (int j = 1; j <= nc; j++) {
        int st = glp_get_col_stat(lp, j);
        face[j] = st != GLP_BS && (st == GLP_NS || fabs(d[j]) > FACE_TOL * (1 + fabs(ls_stage1_cost(s1, j))));
        room |= st != GLP_BS && !face[j];
    }
    for (int i = 1; i <= nr; i++) {
        int st = glp_get_row_stat(lp, i);
        face[nc + i] = st != GLP_BS && (st == GLP_NS || fabs(lambda[i]) > FACE_TOL);
        room |= st != GLP_BS && !face[nc + i];
    }
    rc = LS_OK;
    if (room) {
        double *dl = malloc((size_t)(nr + 1) * sizeof(double));
        double *dd = malloc((size_t)(nc + 1) * sizeof(double));
        int optimal = dl && dd && basis_duals(s1, ls_ties_preference, dl, dd) == 0 &&
                      dual_feasible(s1, dl, dd, ls_ties_preference, face, PREF_TOL);
        free(dl);
        free(dd);
        if (!optimal)
            rc = break_ties(s1, d, lambda);
    }
    s1->objective = ls_ties_objective(s1);
out:
    free(lambda);
    free(d);
    free(face);
    return rc;
}

void ls_stage1_unperturb(ls_stage1 *s1)
{
    for (int j = 1; j <= glp_get_num_cols(s1->lp); j++)
        glp_set_obj_coef(s1->lp, j, ls_stage1_cost(s1, j));
}

