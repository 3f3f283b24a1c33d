/*
 * network.h — the cold stage-1 solve from its transportation core: a least-cost placement
 * with capacity prices as the starting basis, then sifting (network.c).
 */
#ifndef LS_NETWORK_H
#define LS_NETWORK_H

#include "stage1.h"

/* Solves the synced stage-1 LP from a placement by the least-cost method with capacity
 * prices (price_rounds subgradient steps), by sifting (ls_stage1_solve_sifted): each
 * segment's per_segment cheapest contracts and those in use first, the others let in while
 * their reduced cost is negative. The LP is left with every bound restored and, when GLPK's
 * status says optimal, an optimal basis. 0, −1 when no placement could be made, or GLPK's
 * code (then the LP's basis is whatever GLPK left); LS_NETWORK_SHORT, without solving, when
 * no multiplier on the local row makes the placement meet the local target (the LP holds the
 * placement's basis): the target is most likely out of reach, which the caller settles
 * exactly (lex.c) instead of proving the LP infeasible. */
#define LS_NETWORK_SHORT (-100)
int ls_network_sift(ls_stage1 *s1, int per_segment, int price_rounds);

#endif
