/*
 * network.h — the cold stage-1 solve's start from its transportation core: a least-cost
 * placement with capacity prices as the starting basis, and the contracts a sifted solve
 * may leave out (network.c).
 */
#ifndef LS_NETWORK_H
#define LS_NETWORK_H

#include "stage1_lp.h"

/* Gives the synced stage-1 LP the basis of a placement by the least-cost method with capacity
 * prices (price_rounds subgradient steps), and marks for a sifted solve from it
 * (ls_sift_solve, sift.c): *marks (a char per contract) leaves out all but each segment's
 * per_segment cheapest contracts and those the placement puts above their continuity bound.
 * The LP keeps every bound. 0 with *marks set (the caller frees them, or the sifted solve
 * does), −1 when no placement could be made, or GLPK's code (then the LP's basis is whatever
 * GLPK left); LS_NETWORK_SHORT when no multiplier on the local row makes the placement meet
 * the local target (the LP holds the placement's basis): the target is most likely out of
 * reach, which the caller settles exactly (lex.c) instead of proving the LP infeasible. *marks
 * is set only with 0. */
#define LS_NETWORK_SHORT (-100)
int ls_network_start(ls_stage1 *s1, int per_segment, int price_rounds, char **marks);

#endif
