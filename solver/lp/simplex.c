/*
 * simplex.c — the only place that calls glp_simplex (simplex.h).
 */
#include "simplex.h"

#include <stdio.h>
#include <stdlib.h>

void ls_lp_name(char *buf, size_t size, const char *prefix, const char *a, const char *b)
{
    /* GLPK names are at most 255 bytes; LP and MPS files take letters, digits and a few
     * symbols, so anything else (spaces, UTF-8) becomes '_' */
    char raw[600];
    if (b)
        snprintf(raw, sizeof raw, "%s[%s,%s]", prefix, a, b);
    else if (a)
        snprintf(raw, sizeof raw, "%s[%s]", prefix, a);
    else
        snprintf(raw, sizeof raw, "%s", prefix);
    size_t n = 0, cap = size < 256 ? size - 1 : 255;
    for (const char *p = raw; *p && n < cap; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '[' || c == ']' || c == ',' || c == '.';
        buf[n++] = ok ? c : '_';
    }
    buf[n] = '\0';
}

static int simplex(glp_prob *lp, int method, int stage1, int cap, int pricing);

int ls_simplex(glp_prob *lp, int method)
{
    return simplex(lp, method, 0, 0, GLP_PT_PSE);
}

int ls_simplex1(glp_prob *lp, int method)
{
    return simplex(lp, method, 1, 0, GLP_PT_STD);
}

int ls_simplex1_capped(glp_prob *lp, int method, int it_lim)
{
    return simplex(lp, method, -it_lim, 0, GLP_PT_STD);
}

int ls_simplex_capped(glp_prob *lp, int method, int it_lim, int pricing)
{
    return simplex(lp, method, 0, it_lim, pricing);
}

/* stage1: 0, 1 (stage 1's settings), or −(an iteration limit) with them and no fallback;
 * cap: 0, or the pivots of the first attempt, which returns GLP_EITLIM when it needs more
 * (the fallbacks for GLPK's other failures as without it); pricing: the first attempt's */
static int simplex(glp_prob *lp, int method, int stage1, int cap, int pricing)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = method;
    parm.pricing = pricing;
    if (stage1) {
        /* a tolerance that sees the tie-break's perturbation (settle); Dantzig's pricing:
         * on this network-like LP its cheap pivots beat steepest edge's fewer ones (plan
         * amsterdam 2.3 -> 1.6 s, a risk run 0.25 -> 0.16 s of CPU; bench/README.md) */
        parm.tol_dj = LS_STAGE1_TOL_DJ;
    }
    parm.presolve = GLP_OFF; /* keep the basis for the next warm start */
    /* a degenerate LP can make the simplex cycle: an iteration limit turns a hang into a
     * retry from a fresh basis, and then into an error the caller reports */
    int size = glp_get_num_rows(lp) + glp_get_num_cols(lp);
    parm.it_lim = 100 * size + 10000;
    if (stage1 < 0) {
        parm.it_lim = -stage1;
        return glp_simplex(lp, &parm);
    }
    if (cap > 0)
        parm.it_lim = cap;
    int rc = glp_simplex(lp, &parm);
    if (cap > 0 && rc == GLP_EITLIM)
        return rc;
    parm.it_lim = 100 * size + 10000;
    if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND || rc == GLP_EFAIL ||
        rc == GLP_EITLIM) {
        /* GLPK's own scaling for this solve alone: the LP's scale factors are put back
         * after it. Kept, they would set the last bits of every later solve of this LP (a
         * risk worker's next runs), so that a run's figures would hang on which runs its
         * thread had solved before */
        int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
        double *scale = malloc((size_t)(nr + nc + 1) * sizeof(double));
        for (int i = 1; scale && i <= nr; i++)
            scale[i] = glp_get_rii(lp, i);
        for (int j = 1; scale && j <= nc; j++)
            scale[nr + j] = glp_get_sjj(lp, j);
        glp_scale_prob(lp, GLP_SF_AUTO);
        glp_adv_basis(lp, 0);
        parm.r_test = GLP_RT_HAR;
        parm.pricing = GLP_PT_PSE;
        rc = glp_simplex(lp, &parm);
        for (int i = 1; scale && i <= nr; i++)
            glp_set_rii(lp, i, scale[i]);
        for (int j = 1; scale && j <= nc; j++)
            glp_set_sjj(lp, j, scale[nr + j]);
        free(scale);
    }
    if (rc == GLP_ESING || rc == GLP_ECOND || rc == GLP_EFAIL || rc == GLP_EITLIM) {
        /* last resort: GLPK's presolver solves from scratch (the basis is rebuilt after) */
        glp_std_basis(lp);
        parm.meth = GLP_PRIMAL;
        parm.presolve = GLP_ON;
        rc = glp_simplex(lp, &parm);
    }
    return rc;
}

int ls_simplex_confirm_infeasible(glp_prob *lp)
{
    /* a warm-started simplex on a badly scaled LP can call a feasible problem infeasible:
     * solve once more from scratch with GLPK's presolver before believing it, within the
     * iteration limit of every other solve (without one, the division of a model of 10^-7
     * clients a segment cycled for good) */
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = GLP_PRIMAL;
    parm.presolve = GLP_ON;
    parm.it_lim = 100 * (glp_get_num_rows(lp) + glp_get_num_cols(lp)) + 10000;
    glp_std_basis(lp);
    int rc = glp_simplex(lp, &parm);
    if (rc == 0 && glp_get_status(lp) == GLP_OPT)
        return 0;
    if (rc == GLP_EITLIM) {
        glp_adv_basis(lp, 0);
        parm.presolve = GLP_OFF, parm.pricing = GLP_PT_PSE, parm.r_test = GLP_RT_HAR;
        rc = glp_simplex(lp, &parm);
        if (rc == 0 && glp_get_status(lp) == GLP_OPT)
            return 0;
        if (rc == 0 && glp_get_status(lp) == GLP_NOFEAS)
            return 1;
    }
    return rc == GLP_EITLIM ? -1 : 1; /* the limit: no answer either way */
}

