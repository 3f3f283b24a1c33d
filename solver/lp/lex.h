/*
 * lex.h — the placement's priorities above cost (lex.c): the fewest unmet clients, which
 * clients those are, and the least local shortfall.
 */
#ifndef LS_LEX_H
#define LS_LEX_H

#include "stage1_lp.h"

/* An unmet count, a shortfall or a cost counts as reached within this, relative to its scale
 * (clients; Σ 12·r·clients; the cost). */
#define LS_LEX_TOL 1e-9

/* A segment's unmet clients below this are none, with all the model's clients given: below
 * LS_LEX_TOL of a client, or below the rounding of numbers of the model's size (1e-12 of its
 * clients: 1.4e-8 of a client beside a segment of 10^8). */
static inline double ls_lex_none(double clients)
{
    return clients * 1e-12 > LS_LEX_TOL ? clients * 1e-12 : LS_LEX_TOL;
}

/* On a copy of stage 1's LP (its basis the start): the least number of unmet clients; among
 * the placements with that many, the unmet clients per segment of the cheapest one with no
 * local target (the tie-break's among equally cheap ones); then, with those held, the least
 * total local shortfall, split between the local rows by cost. Sets s1->u_pin (every
 * segment) and s1->local_lb, s1->local_shortfall. LS_OK or LS_EINTERNAL (errs says why).
 * A fewest unmet within LS_LEX_TOL of the clients counts as none (*tiny says it was above
 * ls_lex_none) and is held at 0; with allow, each segment's unmet clients may rise up to that
 * tolerance above what was found, and are then held where the least shortfall's LP leaves
 * them: for the rows that meet a placement of every client only to GLPK's tolerance (a
 * max_budget short by € 0.0003, 6e-8 of a client), where a hold at 0 has no solution. */
int ls_lex_priorities(ls_stage1 *s1, int allow, int *tiny, ls_errors *errs);

/* Held exactly, a least shortfall can lie a hair below what the LP reaches: the LP that found
 * it meets its rows to GLPK's feasibility tolerance (between 1e-6 and 1e-5 of a euro of € 204
 * million was missing on the Amsterdam preset with a target of 0.7 and wages up 10 %). Attempt a
 * (0, 1, …) holds each local row with a target at its shortfall plus 10^(a − LS_LEX_LOOSEN_LAST) of
 * the shortfall that counts as none (LS_LEX_TOL of Σ 12·r·clients), the least slack first:
 * where the local row's dual is large, each euro of slack is some 24 euros of cost, and the
 * figures stay those of a solve that needed none (a sweep's warm step) to the cent. The
 * shortfall reported stays the least one. 0 when the attempts are used up. */
#define LS_LEX_LOOSEN_LAST 5
int ls_lex_loosen(ls_stage1 *s1, int attempt);

#endif
