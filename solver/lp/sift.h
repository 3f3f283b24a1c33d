/*
 * sift.h — stage 1's sifted solves in the working problem of stage1_work.h (sift.c).
 */
#ifndef LS_SIFT_H
#define LS_SIFT_H

#include "stage1_lp.h"

/* Marks for a re-solve: every contract non-basic at its lower bound in the LP's basis that is
 * not among its segment's few with the smallest key (the reduced costs at that basis) waits
 * outside. A char per contract, or NULL (none left out, or no memory). */
char *ls_sift_out(ls_stage1 *s1, const double *key);

/* Solves from the LP's basis with the contracts marked in out (a char per contract, each
 * non-basic at its lower bound) left out, then lets in every one whose reduced cost is
 * negative until none is; frees out (NULL: none left out). The LP gets the optimal basis;
 * s1->status, x and u the solution. An LP of fewer columns than s1->opts.sift_min_cols is
 * solved whole instead. A working problem without a solution is the LP's answer where
 * settle_infeasible (s1->status GLP_NOFEAS, the LP at the working problem's basis); else the
 * whole LP goes on from there. 0 or GLPK's code. */
int ls_sift_solve(ls_stage1 *s1, int method, char *out, int settle_infeasible);

#endif
