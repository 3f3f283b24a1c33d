/*
 * stage1_work.h — the working problem of stage 1's sifted solves (stage1_work.c): the LP's
 * rows and some of its columns, kept in s1->work beside the LP (s1->work_col, work_of,
 * work_floor, work_fixed; stage1_lp.h).
 */
#ifndef LS_STAGE1_WORK_H
#define LS_STAGE1_WORK_H

#include "stage1_lp.h"

/* Makes the working problem for a sifted solve from the LP, with the contracts marked in out
 * (a char per contract, each non-basic at its lower bound) left out and their clients taken
 * out of its row bounds, its basis the LP's restricted to the rest; kept from the last solve
 * where it can be. enter is scratch of a column of the LP each. 0, or −1 without memory (the
 * working problem is dropped). */
int ls_stage1_work_prepare(ls_stage1 *s1, char *out, int *enter);

/* Lets the LP's columns cols[0..n−1], left out, into the working problem, at their bounds
 * (non-basic), their clients out of its row bounds. */
void ls_stage1_work_admit(ls_stage1 *s1, const int *cols, int n);

/* The working problem's basis and solution into the LP and s1 (status, x, u); the contracts
 * left out are non-basic at their lower bound. */
void ls_stage1_work_take(ls_stage1 *s1);

/* Frees the working problem (the next sifted solve makes it afresh). */
void ls_stage1_work_drop(ls_stage1 *s1);

#endif
