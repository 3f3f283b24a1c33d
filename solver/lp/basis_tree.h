/*
 * basis_tree.h — a basis of stage 1's LP that is a spanning tree of its network (basis_tree.c;
 * docs/method.md, "A basis that is a tree"): its duals and its basic values by a pass down
 * and a pass up the tree, rather than a factorization, a BTRAN and an FTRAN.
 */
#ifndef LS_BASIS_TREE_H
#define LS_BASIS_TREE_H

#include "stage1_lp.h"

/* 1 when stat (columns 1..nc, then rows, as ties.c's get_stats lays them out) is a basis
 * whose every row but the demand and capacity rows has its slack basic, and whose other
 * basic variables, each an arc between the network rows it has entries in (or one of them
 * and the root), span those rows as a tree from the root. The tree is then kept in s1 for
 * the calls below, until the next call. 0 otherwise, or without memory (the caller then
 * factorizes). The tree, its order and so every figure below are those of the basis alone,
 * whatever path of pivots led to it. */
int ls_basis_tree_make(ls_stage1 *s1, const int *stat);

/* λ (the rows' duals in GLPK's signs, as glp_btran gives them negated) of the tree's basis
 * under cost (1..nc; a slack costs 0): lambda[1..nr], 0 on every row whose slack is basic. */
void ls_basis_tree_duals(const ls_stage1 *s1, const double *cost, double *lambda);

/* Solves B·x_B = rhs for the tree's basis (B's columns those of (I | −A), as GLPK's FTRAN
 * of rhs[1..nr]): the value of each network row's arc to its parent into rhs[row], which
 * ls_basis_tree_arc names. The side rows' entries of rhs are left as they were. */
void ls_basis_tree_solve(const ls_stage1 *s1, double *rhs);

/* The basic variable (column 1..nc, or nc + i for row i's slack) that is network row i's
 * arc to its parent in the tree; 0 for a side row. */
int ls_basis_tree_arc(const ls_stage1 *s1, int i);

void ls_basis_tree_free(ls_stage1 *s1);

#endif
