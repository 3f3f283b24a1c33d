/*
 * sift.h — stage 1's sifted solves in a working problem of their own (sift.c).
 */
#ifndef LS_SIFT_H
#define LS_SIFT_H

#include "stage1.h"

/* Marks for a re-solve: every contract non-basic at its lower bound in the LP's basis that is
 * not among its segment's few with the smallest key (the reduced costs at that basis) waits
 * outside. A char per contract, or NULL (none left out, or no memory). */
char *ls_stage1_sift_out(ls_stage1 *s1, const double *key);

/* Solves from the LP's basis with the contracts marked in out (a char per contract, each
 * non-basic at its lower bound) left out, then lets in every one whose reduced cost is
 * negative until none is; frees out (NULL: none left out). The LP gets the optimal basis;
 * s1->status, x and u the solution. An LP of fewer columns than s1->opts.sift_min_cols is
 * solved whole instead. 0 or GLPK's code. */
int ls_stage1_solve_sifted(ls_stage1 *s1, int method, char *out);

/* Lets the LP's columns cols[0..n−1], left out, into the working problem of the last sifted
 * solve, at their bounds (non-basic), their clients out of its row bounds. */
void ls_stage1_work_admit(ls_stage1 *s1, const int *cols, int n);

/* Frees the working problem of the sifted solves. */
void ls_stage1_drop_work(ls_stage1 *s1);

#endif
