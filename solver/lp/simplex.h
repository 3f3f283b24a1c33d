/*
 * simplex.h — calling GLPK's simplex the one way lumpsum does (simplex.c): the settings, the
 * fallbacks that turn a cycling or singular LP into a retry and then an error, never a hang,
 * and names that LP and MPS files accept.
 */
#ifndef LS_SIMPLEX_H
#define LS_SIMPLEX_H

#include <glpk.h>
#include <stddef.h>

/* Writes a GLPK-valid name: identifiers may hold characters CPLEX LP and MPS forbid. */
void ls_lp_name(char *buf, size_t size, const char *prefix, const char *a, const char *b);

/* Solves lp from its current basis (warm), falling back to a fresh basis; 0 or GLPK's code.
 * ls_simplex1 with stage 1's settings: LS_STAGE1_TOL_DJ and Dantzig's pricing. */
int ls_simplex(glp_prob *lp, int method);
int ls_simplex1(glp_prob *lp, int method);
/* ls_simplex1 held to it_lim pivots, with no fallback: GLP_EITLIM when it needs more. */
int ls_simplex1_capped(glp_prob *lp, int method, int it_lim);
/* ls_simplex with its first attempt held to it_lim pivots and the pricing given (GLP_PT_PSE,
 * as ls_simplex's, or GLP_PT_STD): GLP_EITLIM, with no fallback, when it needs more (an LP
 * whose failure its caller can take, where GLPK's simplex cycling must not hang the plan);
 * GLPK's other failures fall back as in ls_simplex. */
int ls_simplex_capped(glp_prob *lp, int method, int it_lim, int pricing);

/* Stage 1's tolerance on (scaled) reduced costs: tight enough that GLPK sees the tie-break's
 * perturbation of the objective (stage1.c). */
#define LS_STAGE1_TOL_DJ 1e-9

/* After GLP_NOFEAS: solves from scratch with the presolver; 1 if still infeasible, 0 if it
 * found the optimum after all (the LP then holds it), −1 if it reached the iteration limit
 * (GLPK cycled: neither is known). */
int ls_simplex_confirm_infeasible(glp_prob *lp);

#endif
