/*
 * stage1_lu.h — the basis matrix of stage 1's LP factorized in a GLPK problem of its own
 * (stage1_lu.c): the LP's rows and only its basic columns, so that a factorization need not
 * walk every column of the LP.
 */
#ifndef LS_STAGE1_LU_H
#define LS_STAGE1_LU_H

#include "stage1_lp.h"

/* Factorizes the basis stat of the LP (ties.c's get_stats layout: columns 1..nc, then rows)
 * afresh, to the bit as glp_factorize(s1->lp) would with those statuses. Returns the problem
 * that holds the factorization, for glp_btran, glp_ftran and ls_stage1_lu_var: the one of
 * the basic columns alone, or, for the planner's first factorization where in_lp says that
 * the LP's statuses are stat, the LP itself. NULL when stat is not a basis
 * that factorizes (or without memory). The rows a sync left pending are read where they
 * wait (stage1_rows.c), and written into the LP for GLPK's own factorization.
 * With keep, the caller reads no figure of a side row's slack (max_budget, local) and
 * BTRANs only vectors that are 0 there: the last factorization then stands where it gives
 * every other figure to the bit (the same basis, only side rows' entries moved since, every
 * side slack basic: s1->lu_reused counts these). */
glp_prob *ls_stage1_lu_factorize(ls_stage1 *s1, const int *stat, int in_lp, int keep);

/* The LP's variable (row i as i, column j as nr + j, as glp_get_bhead numbers them) that is
 * basic variable k of the factorization in lu. */
int ls_stage1_lu_var(const ls_stage1 *s1, glp_prob *lu, int k);

/* Frees it (the next factorization makes it afresh). */
void ls_stage1_lu_drop(ls_stage1 *s1);

#endif
