/*
 * network.h — the cold stage-1 solve's start from its transportation core: a least-cost
 * placement with capacity prices as the starting basis, and the contracts a sifted solve
 * may leave out (network.c).
 */
#ifndef LS_NETWORK_H
#define LS_NETWORK_H

#include "stage1_lp.h"

/* The cold start in two steps. ls_network_place makes the placement by the least-cost method
 * with capacity prices (price_rounds subgradient steps), its basis and the marks for a
 * sifted solve from it, from the model's numbers and s1's continuity bounds and preference
 * (ls_stage1_lp_presync) alone: it calls no GLPK, so it may run on a thread of its own while
 * the LP is written. The marks (a char per contract) leave out all but each segment's
 * per_segment cheapest contracts and those the placement puts above their continuity bound.
 * 0 with *net set, or −1 when out of memory.
 *
 * ls_network_basis then gives the synced LP the placement's basis, and hands over the marks
 * for a sifted solve from it (ls_sift_solve, sift.c). The LP keeps every bound. 0 with
 * *marks set (the caller frees them, or the sifted solve does); LS_NETWORK_SHORT when no
 * multiplier on the local row makes the placement meet the local target (the LP holds the
 * placement's basis): the target is most likely out of reach, which the caller settles
 * exactly (lex.c) instead of proving the LP infeasible. *marks is set only with 0.
 * ls_network_free frees the placement (NULL: nothing). */
#define LS_NETWORK_SHORT (-100)
typedef struct ls_network ls_network;
int ls_network_place(ls_stage1 *s1, int price_rounds, int per_segment, ls_network **net);
int ls_network_basis(ls_network *net, char **marks);
void ls_network_free(ls_network *net);

#endif
