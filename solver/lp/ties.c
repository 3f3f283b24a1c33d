/*
 * ties.c — stage 1's tie-break (docs/method.md, "Ties, and why the division is unique").
 *
 * Equal floors are common, so stage 1's LP often has many optima; the one taken is the
 * lexicographic optimum: the cheapest placement, then among those the one the preference
 * likes best (today's providers first, then an order drawn from the ids). The LP's
 * objective carries the preference as a small perturbation (ls_stage1_lp_preference,
 * stage1_lp.c), so GLPK's optimum is most often that placement already; ls_ties_settle checks
 * it with the true and the preference's duals at GLPK's basis and otherwise lets GLPK finish:
 * with the true cost, then over the optimal face.
 */
#include "ties.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "basis_tree.h"
#include "pricing.h"
#include "stage1_lu.h"
#include "stage1_work.h"
#include "util.h"

/* A basic value computed afresh is within its bounds to this, relative to 1 + |bound| (GLPK's
 * primal feasibility tolerance); held to them then. */
#define FRESH_TOL 1e-7

/* A variable's bounds and status, to be put back. */
typedef struct held {
    int type, stat;
    double lb, ub;
} held;

/* Among the optimal placements, takes the one the secondary preference likes best. The
 * optimal face (face: the variables whose reduced cost is not zero and the rows whose dual
 * is not, 1..nc then nc + 1 ..) is the feasible set with those held at their values: by
 * complementary slackness every point of it costs the optimum, so it needs no cost row, and
 * the face LP has the primary's rows: GLPK minimises the preference over it from the
 * primary's optimal basis, keeping the matrix (and its network shape) as it is. It runs on
 * the working problem of a sifted solve when there is one (the contracts left out that the
 * face does not hold come in first), else on the LP. Then the objective, the bounds and the
 * basis are put back: the LP keeps the primary's, the next warm start. */
static int break_ties(ls_stage1 *s1, const char *face, int *basis, int *took)
{
    ls_stage1_lp_flush(s1); /* the face LP holds bounds and solves */
    glp_prob *lp = s1->lp, *P = s1->work_basis ? s1->work : lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    if (P != lp) {
        int *enter = malloc((size_t)(nc + 1) * sizeof(int)), n = 0;
        if (!enter)
            return LS_EINTERNAL;
        for (int j = 1; j <= nc; j++)
            if (!s1->work_of[j] && !face[j])
                enter[n++] = j;
        ls_stage1_work_admit(s1, enter, n);
        free(enter);
    }
    int n = glp_get_num_cols(P);
    held *col = malloc((size_t)(n + 1) * sizeof(held)),
         *row = malloc((size_t)(nr + 1) * sizeof(held));
    if (!col || !row) {
        free(col);
        free(row);
        return LS_EINTERNAL;
    }
    for (int k = 1; k <= n; k++) {
        int j = P != lp ? s1->work_col[k] : k;
        held *h = &col[k];
        *h = (held){glp_get_col_type(P, k), glp_get_col_stat(P, k), glp_get_col_lb(P, k),
                    glp_get_col_ub(P, k)};
        if (face[j] && h->stat != GLP_NS) {
            double v = j < s1->u_col0 ? s1->x[j - 1] : s1->u[j - s1->u_col0];
            glp_set_col_bnds(P, k, GLP_FX, v, v);
        }
        glp_set_obj_coef(P, k, ls_stage1_lp_preference(s1, j));
    }
    for (int i = 1; i <= nr; i++) {
        held *h = &row[i];
        *h = (held){glp_get_row_type(P, i), glp_get_row_stat(P, i), glp_get_row_lb(P, i),
                    glp_get_row_ub(P, i)};
        if (face[nc + i] && h->stat != GLP_NS) {
            /* non-basic: at the bound its status names (a free one at 0) */
            double v = h->stat == GLP_NU ? h->ub : h->stat == GLP_NF ? 0 : h->lb;
            glp_set_row_bnds(P, i, GLP_FX, v, v);
        }
    }
    int rc = ls_simplex1(P, GLP_PRIMAL);
    *took = rc == 0 && glp_get_status(P) == GLP_OPT;
    /* the face optimum's basis in the LP's numbering (a contract left out of the working
     * problem non-basic at its lower bound), its figures GLPK's until fresh_solution */
    for (int j = 1; *took && j <= nc; j++)
        basis[j] = GLP_NL;
    for (int k = 1; *took && k <= n; k++) {
        int j = P != lp ? s1->work_col[k] : k;
        double v = glp_get_col_prim(P, k);
        basis[j] = glp_get_col_stat(P, k);
        if (j < s1->u_col0)
            s1->x[j - 1] = v;
        else
            s1->u[j - s1->u_col0] = v;
    }
    for (int i = 1; *took && i <= nr; i++)
        basis[nc + i] = glp_get_row_stat(P, i);
    /* failing to break a tie is not an error: the primary optimum stands */
    for (int k = 1; k <= n; k++) {
        int j = P != lp ? s1->work_col[k] : k;
        glp_set_obj_coef(P, k, ls_stage1_lp_objective_coef(s1, j));
        glp_set_col_bnds(P, k, col[k].type, col[k].lb, col[k].ub);
    }
    for (int i = 1; i <= nr; i++)
        glp_set_row_bnds(P, i, row[i].type, row[i].lb, row[i].ub);
    for (int i = 1; i <= nr; i++)
        glp_set_row_stat(P, i, row[i].stat);
    for (int k = 1; k <= n; k++)
        glp_set_col_stat(P, k, col[k].stat);
    free(col);
    free(row);
    return LS_OK;
}

/* rhs += x · (contract column j), its entries as ls_stage1_lp_column gives them and in its
 * order, on a warm LP (the local entries cached): the same sums, to the bit. */
static void add_column(const ls_stage1 *s1, int j, double x, double *rhs)
{
    int sg = s1->col_seg[j - 1], p = s1->col_prov[j - 1], i;
    double v;
    rhs[sg + 1] += 1.0 * x;
    if ((i = s1->capacity_row[p]) != 0)
        v = 12 * s1->seg_hours[sg], rhs[i] += v * x;
    if ((i = s1->budget_row[p]) != 0)
        v = 12 * s1->m->contracts[j - 1].floor_tariff, rhs[i] += v * x;
    if ((v = ls_stage1_local_all(s1->local_seg, s1->local_kind, s1->col_seg, j - 1)) != 0)
        rhs[s1->local_row[LS_LOCAL_ALL]] += v * x;
    if ((v = ls_stage1_local_own(s1->local_seg, s1->local_kind, s1->col_seg, j - 1)) != 0)
        rhs[s1->local_row[1 + s1->seg_domain[sg]]] += v * x;
}

/* λ (row duals, in GLPK's signs) and d (reduced costs) of the LP's current basis under the
 * true objective (ls_stage1_lp_cost) and, with pl and pd, under the preference, rather than the
 * LP's own: B'π = cost_B by one BTRAN each with a fresh factorization (B's columns are those
 * of (I | −A), so λ = −π), or where the basis is a tree of the network by one pass down it
 * each (basis_tree.c), then d_j = cost_j − Σ_i a_ij·λ_i from the matrix as sync wrote it,
 * both in one pass over the columns. lambda may be NULL (the preference only). 0, or −1 if
 * the basis cannot be factorized. */
static int basis_duals(ls_stage1 *s1, const int *stat, const double *cost, const double *pref,
                       double *lambda, double *d, double *pl, double *pd, ls_face_pass *fp,
                       int *ill)
{
    /* the LP's basis factorized afresh, not the factorization the pivots left (of the LP or
     * of a working problem): the duals then depend on the basis alone (fresh_solution) */
    glp_prob *lp = s1->lp, *lu = NULL;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    if (ls_basis_tree_make(s1, stat)) { /* a tree: its passes, no factorization */
        s1->lu_at = NULL, s1->tree_bases++;
        if (lambda)
            ls_basis_tree_duals(s1, cost, lambda);
        if (pl)
            ls_basis_tree_duals(s1, pref, pl);
    } else if (!(lu = ls_stage1_lu_factorize(s1, stat, 1, 1))) /* stat: the LP's */
        return -1;
    for (int k = 1; lu && k <= nr; k++) {
        int h = ls_stage1_lu_var(s1, lu, k), j = h <= nr ? 0 : h - nr;
        if (lambda)
            lambda[k] = j ? cost[j] : 0.0;
        if (pl)
            pl[k] = j ? pref[j] : 0.0;
    }
    double *ys[] = {lambda, pl};
    for (int t = 0; t < 2; t++) {
        if (!ys[t] || !lu)
            continue;
        glp_btran(lu, ys[t]);
        for (int i = 1; i <= nr; i++)
            ys[t][i] = -ys[t][i];
    }
    /* the duals give each basic column its cost back (d_B = 0) to 1e-7 of it, and so do the
     * preference's, or the basis is too ill-conditioned for them to judge optimality (a
     * degenerate vertex whose duals came out near 10¹⁷, each basic d some ±40 of
     * cancellation; two rows that meet on the demand rows' solutions, whose preference
     * duals came out near 10¹⁴): *ill (a tree's are exact) */
    for (int k = 1; ill && lambda && lu && k <= nr; k++) {
        int h = ls_stage1_lu_var(s1, lu, k), j = h - nr, ind[LS_STAGE1_ENTRIES];
        double val[LS_STAGE1_ENTRIES], a = 0, b = 0;
        if (h <= nr)
            continue;
        for (int q = 0, n = ls_stage1_lp_column(s1, j, ind, val); q < n; q++)
            a += val[q] * lambda[ind[q]], b += pl ? val[q] * pl[ind[q]] : 0;
        *ill |= !(fabs(cost[j] - a) <= 1e-7 * (1 + fabs(cost[j])));
        *ill |= pl && !(fabs(pref[j] - b) <= 1e-7 * (1 + fabs(pref[j])));
    }
    if (lambda && pl && s1->local_cached && fp && fp->free_list) {
        ls_pricing_columns(s1, fp->pricing, cost, pref, lambda, d, pl, pd, fp);
        ls_face_rows(fp, nc, nr, lambda, pl);
        return 0;
    }
    if (fp)
        ls_pricing_forget(fp->pricing); /* d written past its record */
    for (int j = 1; j <= nc; j++) {
        int ind[LS_STAGE1_ENTRIES];
        double val[LS_STAGE1_ENTRIES], a = 0, c = 0;
        int n = ls_stage1_lp_column(s1, j, ind, val);
        for (int k = 0; lambda && k < n; k++)
            a += val[k] * lambda[ind[k]];
        for (int k = 0; pl && k < n; k++)
            c += val[k] * pl[ind[k]];
        if (lambda)
            d[j] = cost[j] - a;
        if (pl)
            pd[j] = pref[j] - c;
        if (fp && lambda && pl)
            ls_face_entry(fp, j, d[j], cost[j], pd[j], pref[j]);
    }
    if (fp && lambda && pl)
        ls_face_rows(fp, nc, nr, lambda, pl);
    return 0;
}

/* The statuses of the LP's columns (1..nc) and rows (nc + 1 ..). */
static void get_stats(glp_prob *lp, int *stat)
{
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    for (int j = 1; j <= nc; j++)
        stat[j] = glp_get_col_stat(lp, j);
    for (int i = 1; i <= nr; i++)
        stat[nc + i] = glp_get_row_stat(lp, i);
}

/* A variable's bounds in the LP (column k ≤ nc, row k − nc), contracts as sync writes them
 * (no call into GLPK for each). */
static int var_bounds(const ls_stage1 *s1, int k, int nc, double *lb, double *ub)
{
    glp_prob *lp = s1->lp;
    if (k <= nc && s1->mirror_obj && !s1->mirror_stale) { /* as the sync wrote them */
        *lb = s1->mirror_lo[k], *ub = s1->mirror_hi[k];
        return s1->mirror_type[k];
    }
    if (k < s1->u_col0)
        return ls_stage1_lp_contract_bounds(s1, (size_t)k - 1, lb, ub);
    if (k <= nc) {
        *lb = glp_get_col_lb(lp, k), *ub = glp_get_col_ub(lp, k);
        return glp_get_col_type(lp, k);
    }
    *lb = glp_get_row_lb(lp, k - nc), *ub = glp_get_row_ub(lp, k - nc);
    return glp_get_row_type(lp, k - nc);
}

/* A non-basic variable's value at the basis want: at the bound its status names; one that a
 * face LP held (fixed there, not in the LP) at the bound of its status in the LP's own basis,
 * have, where the face LP held it. */
static inline double bound_value(int want, int have, int type, double lb, double ub)
{
    int st = want == GLP_NS && type != GLP_FX ? have : want;
    return st == GLP_NU ? ub : st == GLP_NF ? 0.0 : lb;
}

/* bound_value of variable k (column k ≤ nc, row k − nc), at its bounds in the LP. */
static double at_bound(const ls_stage1 *s1, int k, int nc, int want, int have)
{
    double lb, ub;
    int type = var_bounds(s1, k, nc, &lb, &ub);
    return bound_value(want, have, type, lb, ub);
}

/* The placement at the basis want (the LP's numbering, as get_stats gives; have: the LP's
 * own) computed afresh, rather than taken from GLPK: its values carry the rounding of the
 * pivots that led there (the LU updated pivot by pivot, a working problem's shifted row
 * bounds), so two paths to the same basis gave figures that differed in their last bits.
 * Here B is factorized anew in GLPK's order (rows, then columns, by number), unless
 * factorized says the LP's factorization is such a one of want already (or basis_duals found
 * want a tree), and x_B = B⁻¹·(−N·x_N) is one FTRAN of a right-hand side summed over the
 * columns in their order, or a pass up the tree where want is one (basis_tree.c): the same
 * basis gives the same figures to the bit, whatever the path. A basic value outside its
 * bounds by rounding is held to them. The LP keeps its statuses. With the placement, its
 * cost at cost[] (ls_stage1_lp_placement_cost's sum, in the pass that writes it) into *z.
 * 0, or −1 when the basis cannot be factorized or a value is off (GLPK's values stand). */
static int fresh_solution(ls_stage1 *s1, const int *want, const int *have, int factorized,
                          const double *cost, double *z)
{
    glp_prob *lp = s1->lp, *lu = s1->lu_at; /* basis_duals' */
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp), rc = -1;
    /* a warm LP's placement goes into the last one's room (ls_stage1's fresh_x) */
    int warm = s1->mirror_obj != NULL;
    if (warm && !s1->fresh_x) {
        s1->fresh_x = malloc((size_t)(nc + 1) * sizeof(double));
        s1->fresh_stat = malloc((size_t)(nc + nr + 1) * sizeof(int));
        if (!s1->fresh_x || !s1->fresh_stat) {
            free(s1->fresh_x), free(s1->fresh_stat);
            s1->fresh_x = NULL, s1->fresh_stat = NULL;
            warm = 0;
        }
    }
    double *rhs = malloc((size_t)(nr + 1) * sizeof(double));
    double *x = warm ? s1->fresh_x : malloc((size_t)(nc + 1) * sizeof(double));
    int *moved = malloc((size_t)(nc + 1) * sizeof(int));
    if (!rhs || !x || !moved)
        goto out;
    /* a tree: its passes (where want is basis_duals' basis, as it found: no factorization) */
    int tree = want == have && factorized ? !lu : ls_basis_tree_make(s1, want);
    if (!tree && (want != have || !factorized || !lu)) {
        if (!(lu = ls_stage1_lu_factorize(s1, want, want == have, 1)))
            goto out;
    }
    int mirrored = s1->mirror_obj && !s1->mirror_stale;
    /* the last placement stands where nothing it was made of moved: the same factorization
     * (a kept one: the same basic variables and the same entries outside the side rows, which
     * are all the FTRAN's figures below read) or the same tree's passes made since the
     * network's entries last moved, the same statuses and the same bounds (a wage step
     * without a pivot) */
    int same_way = tree ? s1->fresh_tree && s1->fresh_net == s1->net_epoch && !s1->opts.lu_fresh
                        : !s1->fresh_tree && lu == s1->lu && s1->fresh_serial == s1->lu_serial;
    if (warm && s1->fresh_valid && want == have && mirrored && same_way &&
        s1->fresh_bounds == s1->bounds_epoch &&
        memcmp(want + 1, s1->fresh_stat + 1, (size_t)(nc + nr) * sizeof(int)) == 0) {
        s1->fresh_reused++;
        goto placed;
    }
    if (warm)
        s1->fresh_valid = 0; /* x is written below */
    for (int i = 1; i <= nr; i++)
        rhs[i] =
            want[nc + i] == GLP_BS ? 0.0 : -at_bound(s1, nc + i, nc, want[nc + i], have[nc + i]);
    /* the non-basic columns off zero listed first, in their order (as ls_list_above does,
     * and for its reason: about every other contract is held at today's clients) */
    int n_moved = 0, own_basis = mirrored && want == have;
    if (own_basis) {
        /* the LP's own basis (no face LP held a variable): each at the bound its status
         * names, bound_value's without the face's case */
        const double *lo = s1->mirror_lo, *hi = s1->mirror_hi;
        for (int j = 1; j <= nc; j++) {
            int st = want[j];
            if (st == GLP_BS)
                continue;
            x[j] = st == GLP_NU ? hi[j] : st == GLP_NF ? 0.0 : lo[j];
            moved[n_moved] = j, n_moved += x[j] != 0;
        }
    }
    for (int j = 1; !own_basis && j <= nc; j++) {
        if (want[j] == GLP_BS)
            continue;
        x[j] = mirrored ? bound_value(want[j], have[j], s1->mirror_type[j], s1->mirror_lo[j],
                                      s1->mirror_hi[j]) /* var_bounds' own, in line */
                        : at_bound(s1, j, nc, want[j], have[j]);
        moved[n_moved] = j, n_moved += x[j] != 0;
    }
    for (int t = 0; t < n_moved; t++) {
        int j = moved[t];
        if (j < s1->u_col0 && s1->local_cached) {
            add_column(s1, j, x[j], rhs);
            continue;
        }
        int ind[LS_STAGE1_ENTRIES];
        double a[LS_STAGE1_ENTRIES];
        for (int k = 0, n = ls_stage1_lp_column(s1, j, ind, a); k < n; k++)
            rhs[ind[k]] += a[k] * x[j];
    }
    if (tree)
        ls_basis_tree_solve(s1, rhs);
    else
        glp_ftran(lu, rhs);
    for (int k = 1; k <= nr; k++) {
        int h = tree ? ls_basis_tree_arc(s1, k) : ls_stage1_lu_var(s1, lu, k);
        double lb, ub;
        if (tree ? h == 0 || h > nc : h <= nr)
            continue;
        if (tree)
            h += nr; /* (as ls_stage1_lu_var numbers a column) */
        var_bounds(s1, h - nr, nc, &lb, &ub);
        double v = rhs[k];
        if (!(v > lb - FRESH_TOL * (1 + fabs(lb)) && v < ub + FRESH_TOL * (1 + fabs(ub))))
            goto out; /* not the basis GLPK called optimal: its values stand */
        x[h - nr] = fmin(fmax(v, lb), ub);
    }
    /* kept for the next solve where it may stand (not after a draw: its bounds move) */
    if (warm && want == have && mirrored && (tree || lu == s1->lu) && !s1->clients_only) {
        memcpy(s1->fresh_stat + 1, want + 1, (size_t)(nc + nr) * sizeof(int));
        s1->fresh_serial = s1->lu_serial, s1->fresh_bounds = s1->bounds_epoch;
        s1->fresh_tree = tree, s1->fresh_net = s1->net_epoch;
        s1->fresh_valid = 1;
    }
placed:;
    double sum = 0;
    for (int j = 1; j < s1->u_col0; j++)
        s1->x[j - 1] = x[j], sum += cost[j] * x[j];
    for (int j = s1->u_col0; j <= nc; j++)
        s1->u[j - s1->u_col0] = x[j];
    *z = sum;
    rc = 0;
out:
    free(rhs);
    if (!warm)
        free(x);
    free(moved);
    return rc;
}

/* From GLPK's optimum of the perturbed LP to the cheapest placement and the tie-break: the
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
    double *lambda = malloc((size_t)(2 * nr + 2) * sizeof(double)), *pl = lambda + nr + 1;
    /* each column's true cost and preference, once for the passes below; a warm LP keeps
     * the contracts' while the sync did not compute their objective afresh, and the reduced
     * costs and the face of the last pass (pricing.c) */
    int keep = s1->mirror_obj != NULL;
    double *d = NULL, *pd = NULL;
    char *face = NULL;
    ls_pricing *pc = keep ? ls_pricing_get(s1, &d, &pd, &face) : NULL;
    if (!pc) {
        d = malloc((size_t)(2 * nc + 2) * sizeof(double)), pd = d ? d + nc + 1 : NULL;
        face = malloc((size_t)(nc + nr + 1));
    }
    /* the statuses, the face LP's basis, the columns free on the face */
    int *stat = malloc((size_t)(3 * (nc + nr + 1)) * sizeof(int)), *face_basis = stat + nc + nr + 1;
    int *free_list = face_basis + nc + nr + 1;
    if (keep && !s1->settle_cost) {
        s1->settle_cost = malloc((size_t)(2 * nc + 2) * sizeof(double));
        s1->settle_epoch = s1->costs_epoch - 1;
    }
    double *cost = keep ? s1->settle_cost : malloc((size_t)(2 * nc + 2) * sizeof(double));
    double *pref = cost ? cost + nc + 1 : NULL;
    int rc = LS_EINTERNAL, took = 0;
    if (!lambda || !d || !stat || !face || !cost)
        goto out;
    int from = keep && s1->settle_epoch == s1->costs_epoch ? s1->u_col0 : 1;
    for (int j = from; j <= nc; j++)
        cost[j] = ls_stage1_lp_cost(s1, j), pref[j] = ls_stage1_lp_preference(s1, j);
    if (keep)
        s1->settle_epoch = s1->costs_epoch;
    /* the basis: as the network's re-solve left it, or GLPK's */
    const int *cur = s1->known_stat;
    if (!cur) {
        get_stats(lp, stat);
        cur = stat;
    }
    /* the true and the preference's duals, and the optimal face with its checks, in one
     * pass */
    ls_face_pass fp = {cur, face, 1, 0, 1, free_list, pc};
    int ill = 0;
    if (basis_duals(s1, cur, cost, pref, lambda, d, pl, pd, &fp, &ill) != 0)
        goto out;
    if (!fp.optimal || ill) {
        /* GLPK finishes with the true objective, from the perturbed optimum (which the LP
         * holds) */
        s1->work_basis = 0;
        ls_stage1_forget_known(s1); /* GLPK moves the basis */
        ls_stage1_lp_flush(s1);
        for (int j = 1; j <= nc; j++)
            glp_set_obj_coef(lp, j, cost[j]);
        if (ill) /* GLPK judged that basis by the same duals: from its advanced basis */
            glp_adv_basis(lp, 0);
        int r = ls_simplex1(lp, GLP_PRIMAL);
        for (int j = 1; j <= nc; j++)
            glp_set_obj_coef(lp, j, ls_stage1_lp_objective_coef(s1, j));
        get_stats(lp, stat);
        cur = stat;
        fp = (ls_face_pass){cur, face, 1, 0, 1, free_list, pc};
        if (r != 0 || glp_get_status(lp) != GLP_OPT ||
            basis_duals(s1, cur, cost, pref, lambda, d, pl, pd, &fp, NULL) != 0)
            goto out;
        for (size_t j = 0; j < m->n_contracts; j++)
            s1->x[j] = glp_get_col_prim(lp, (int)j + 1);
        for (size_t s = 0; s < m->n_segments; s++)
            s1->u[s] = glp_get_col_prim(lp, s1->u_col0 + (int)s);
    }
    /* the pricing's record keeps them until the next settle: read there (ls_stage1_rc) */
    if (pc)
        s1->rc_pending = d + 1;
    else
        memcpy(s1->reduced_cost, d + 1, m->n_contracts * sizeof(double)), s1->rc_pending = NULL;
    for (size_t s = 0; s < m->n_segments; s++)
        s1->demand_dual[s] = lambda[s + 1];
    for (size_t p = 0; p < m->n_providers; p++) {
        s1->capacity_dual[p] = s1->capacity_row[p] ? lambda[s1->capacity_row[p]] : 0;
        s1->budget_dual[p] = s1->budget_row[p] ? lambda[s1->budget_row[p]] : 0;
    }
    for (int k = 0; k < LS_N_LOCAL; k++)
        s1->local_dual[k] = lambda[s1->local_row[k]];
    s1->priced = 1, s1->priced_at = NULL;
    rc = LS_OK;
    int ran = fp.room && !fp.pref_optimal;
    if (ran)
        rc = break_ties(s1, face, face_basis, &took);
    /* without a face LP the LP's factorization is basis_duals' fresh one of its basis */
    /* the placement's cost from the costs above, in the fresh solution's pass where it
     * makes one */
    double z;
    if (rc != LS_OK || fresh_solution(s1, took ? face_basis : cur, cur, !ran, cost, &z) != 0)
        z = ls_stage1_lp_placement_cost(s1, cost);
    s1->objective = z;
out:
    free(lambda);
    if (!pc) {
        free(d);
        free(face);
    }
    free(stat);
    if (!keep)
        free(cost);
    return rc;
}
