/*
 * sift.c — stage 1's sifted solves (docs/method.md, "Warm re-solves"): a re-solve keeps each
 * segment's few most promising contracts in a working problem of its own (stage1_work.c), a
 * second GLPK problem with the LP's rows and only those columns, and lets the others in by
 * pricing them with its duals.
 */
#include "sift.h"

#include <math.h>
#include <stdlib.h>

#include "stage1_work.h"

/* Sifting: each segment's contract with the smallest key (the reduced cost at the starting
 * basis, or the tie-break's preference) stays in a re-solve, besides every basic one and
 * every one above its lower bound; the rest wait outside GLPK's problem until pricing lets
 * them in. One rather than two: 5 % off an Amsterdam risk run and 4 % off a sweep step
 * (fewer columns in every pivot's ratio test, a few more let in by pricing), the same
 * results to the bit (2026-11-30, bench/README.md). */
#define SIFT_KEEP 1

/* Marks for leaving out of a re-solve every contract non-basic at its lower bound (in the
 * starting basis) that is not among its segment's SIFT_KEEP with the smallest key. Returns
 * the marks (NULL: none left out, or no memory). */
char *ls_sift_out(ls_stage1 *s1, const double *key)
{
    const ls_model *m = s1->m;
    size_t nc = m->n_contracts, ns = m->n_segments, slots = ns * SIFT_KEEP;
    char *out = malloc(nc + 1);
    double *best = malloc((slots + 1) * sizeof(double));
    int *who = malloc((slots + 1) * sizeof(int));
    if (!out || !best || !who) {
        free(out);
        free(best);
        free(who);
        return NULL;
    }
    for (size_t k = 0; k < slots; k++)
        best[k] = INFINITY, who[k] = -1;
    /* best/who[s·K .. s·K + K − 1]: the segment's K smallest keys, ascending (on a tie the
     * first contract): exactly K, however many are tied, since pricing lets in whatever
     * else the optimum needs */
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        int st = glp_get_col_stat(s1->lp, (int)j + 1);
        out[j] = st == GLP_NL || st == GLP_NS;
        if (!out[j])
            continue;
        size_t base = (size_t)c->segment * SIFT_KEEP;
        double d = key[j], *b = best + base;
        int *w = who + base;
        if (d >= b[SIFT_KEEP - 1])
            continue;
        int i = SIFT_KEEP - 1;
        for (; i > 0 && b[i - 1] > d; i--)
            b[i] = b[i - 1], w[i] = w[i - 1];
        b[i] = d, w[i] = (int)j;
    }
    for (size_t k = 0; k < slots; k++)
        if (who[k] >= 0)
            out[who[k]] = 0;
    for (size_t j = 0; s1->priced_in && j < nc; j++)
        out[j] &= !s1->priced_in[j];
    size_t n = 0;
    for (size_t j = 0; j < nc; j++)
        n += out[j] != 0;
    free(best);
    free(who);
    if (n == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* How a sifted solve ended, beside 0 (the working problem's optimum is the LP's) and GLPK's
 * error codes (all positive): */
enum {
    SIFT_FAILED = -1,     /* no memory: the working problem is dropped */
    SIFT_NO_OPTIMUM = -2, /* the working problem has none: the whole LP goes on from it */
    SIFT_WHOLE = -3       /* not sifted at all: the whole LP from its own basis */
};

/* The sifted solve proper: GLPK solves the working problem; every left-out contract is
 * priced with its row duals (d_j = c_j − Σ_i a_ij·λ_i, the LP's own costs) and let in when
 * d_j < 0, until none is. "< 0" is to 1e-11 of the cost, finer than the tie-break's
 * perturbation (1e-6 of the mean cost times a preference difference): at 1e-9 a preferred
 * contract of a dear segment (110,000 euros a year) stayed out, and every sweep step on the
 * Amsterdam preset ended in the face LP. GLPK copies and stores some 20,000 columns a call
 * rather than all (144,000 on the Amsterdam preset, some 15 ms a call). 0, GLPK's code,
 * SIFT_NO_OPTIMUM or SIFT_FAILED. */
static int work_solve(ls_stage1 *s1, int method, char *out)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), nc = (int)s1->m->n_contracts;
    double *lambda = malloc((size_t)(nr + 1) * sizeof(double));
    int *enter = malloc((size_t)(glp_get_num_cols(lp) + 1) * sizeof(int));
    int rc = SIFT_FAILED;
    if (!lambda || !enter || ls_stage1_work_prepare(s1, out, enter) != 0)
        goto done;
    if (!s1->priced_in) /* without memory for it, each re-solve prices them in again */
        s1->priced_in = calloc((size_t)nc + 1, 1);
    for (;;) {
        rc = ls_simplex1(s1->work, method);
        if (rc != 0)
            break;
        if (glp_get_status(s1->work) != GLP_OPT) {
            rc = SIFT_NO_OPTIMUM;
            break;
        }
        for (int i = 1; i <= nr; i++)
            lambda[i] = glp_get_row_dual(s1->work, i);
        int added = 0;
        for (int j = 1; j <= nc; j++) {
            if (!out[j - 1])
                continue;
            int ind[LS_STAGE1_ENTRIES];
            double val[LS_STAGE1_ENTRIES], c = ls_stage1_lp_objective_coef(s1, j), d = c;
            for (int k = 0, n = ls_stage1_lp_column(s1, j, ind, val); k < n; k++)
                d -= val[k] * lambda[ind[k]];
            if (d < -1e-11 * (1 + fabs(c))) {
                out[j - 1] = 0;
                enter[added++] = j;
                if (s1->priced_in)
                    s1->priced_in[j - 1] = 1;
            }
        }
        if (added == 0)
            break;
        /* the contracts let in sit at a bound: the basis stays primal feasible */
        ls_stage1_work_admit(s1, enter, added);
        method = GLP_PRIMAL;
    }
done:
    free(lambda);
    free(enter);
    return rc;
}

int ls_sift_solve(ls_stage1 *s1, int method, char *out, int settle_infeasible)
{
    ls_stage1_lp_flush(s1); /* GLPK's simplex reads every bound */
    s1->work_basis = 0;
    int rc = out && (size_t)glp_get_num_cols(s1->lp) >= s1->opts.sift_min_cols
                 ? work_solve(s1, method, out)
                 : SIFT_WHOLE;
    free(out);
    if (rc == 0) {
        ls_stage1_work_take(s1);
        s1->work_basis = 1;
        return 0;
    }
    if (rc == SIFT_NO_OPTIMUM) {
        /* no optimum without the rest: the whole LP, from where the working problem got */
        ls_stage1_work_take(s1);
        if (settle_infeasible && s1->status == GLP_NOFEAS)
            return 0;
        method = GLP_PRIMAL;
    } else if (rc != SIFT_WHOLE) {
        ls_stage1_work_drop(s1); /* a failure: the next sifted solve starts afresh */
    }
    rc = s1->it_cap ? ls_simplex1_capped(s1->lp, method, s1->it_cap) : ls_simplex1(s1->lp, method);
    ls_stage1_lp_take_solution(s1);
    return rc;
}
