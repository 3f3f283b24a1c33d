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

/* On a copy of stage 1's LP (its basis the start): the least number of unmet clients; among
 * the placements with that many, the unmet clients per segment of the cheapest one with no
 * local target (the tie-break's among equally cheap ones); then, with those held, the least
 * total local shortfall, split between the local rows by cost. Sets s1->u_pin (every
 * segment) and s1->local_lb, s1->local_shortfall. LS_OK or LS_EINTERNAL (errs says why). */
int ls_lex_priorities(ls_stage1 *s1, ls_errors *errs);

#endif
