/*
 * filler.h — the state stage 2's progressive filling shares between its parts: the filler
 * and its rows in closed form (filler.c), the kept GLPK problem (filler_lp.c), the rounds
 * (fill.c), the answer (stage2.c) and plan's break-even (stage2_scale.c).
 */
#ifndef LS_FILLER_H
#define LS_FILLER_H

#include "stage2.h"

/* Σ_i max(lo_i, a_i + b_i·t) plus a linear part a + b·t, with every b ≥ 0: what a money row
 * holds when every group sits at its level and every provider at least at its min_budget
 * (lo = −∞ for an item without one). Non-decreasing and convex in t. */
typedef struct pwsum {
    double a, b;
    size_t k;
    double *lo, *ia, *ib;
} pwsum;

/* One division in progress: the groups (in s2), the per-provider and per-domain facts every
 * round reads, this round's provider lines, and the LP for the rows that couple groups beyond
 * closed forms. Kept in one place because every part reads most of it. */
typedef struct filler {
    const ls_model *m;
    ls_stage2 *s2;
    size_t n, np;
    size_t *first; /* provider p's groups are first[p] .. first[p + 1] − 1 */
    double *hold;  /* what a group may hold: C_g, min_budget_p where F_g = 0 */
    int *single;   /* per provider: its groups lie in one domain */
    int *flexible; /* per provider: a min_budget that may go to several domains, one with a row */
    int has_room[LS_N_DOMAINS], domain_flex[LS_N_DOMAINS];
    double room[LS_N_DOMAINS]; /* max(D_d, 0) */
    double total;              /* max(available, 0) */
    int margin;                /* the phase: 0 cut (t ≤ 0), 1 margin (t ≥ 0) */
    int coupled;               /* rows couple groups beyond closed forms: the LP decides */
    double *A, *B;             /* per provider: L_p(t) = A + B·t this round */
    pwsum pw;
    /* the LP: column g + 1 is b_g / unit[g], the last column t; row g + 1 the level row */
    glp_prob *lp;
    /* until a round needs it (most divisions never do), the LP waits: built then as it would
     * have been at the start, from the groups as they were (groups0) and with names when
     * asked (ls_filler_lp_defer) */
    ls_group *groups0;
    int names;
    int col_t;
    double *unit;
    int *provider_row;
    int domain_row[LS_N_DOMAINS];
    int total_row, local_row, local_domain_row[LS_N_DOMAINS];
    double total_scale, domain_scale[LS_N_DOMAINS]; /* what those rows are divided by */
} filler;

/* A group's state in one round's blocked test. */
enum { LS_GROUP_UNDECIDED, LS_GROUP_BLOCKED, LS_GROUP_RISES };

/* A group is blocked when it cannot rise by more than this (euros a year): a billionth of its
 * floor cost plus half a cent. A row counts as tight within the same distance. */
static inline double block_tol(double floor_cost)
{
    return 1e-9 * floor_cost + 0.005;
}

/* Still rising: not frozen, and with placed clients. */
static inline int active(const filler *f, size_t g)
{
    const ls_group *gr = &f->s2->groups[g];
    return !gr->frozen && gr->floor_cost > 0;
}

/* Some domain's own local row holds (margin phase): the LP decides the rounds. */
static inline int domain_local(const filler *f)
{
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (f->s2->local_lambda_domain[d] > 0)
            return 1;
    return 0;
}

/* the slope of g's level in t: 1 in the cut phase, w_p in the margin phase */
static inline double slope(const filler *f, size_t g)
{
    return f->margin ? f->s2->groups[g].weight : 1.0;
}

/* g's level at t (euros a year): its frozen amount once frozen. */
static inline double level(const filler *f, size_t g, double t)
{
    const ls_group *gr = &f->s2->groups[g];
    if (gr->frozen)
        return gr->frozen_amount;
    if (!(gr->floor_cost > 0))
        return 0;
    return gr->floor_cost * (1 + slope(f, g) * t);
}

/* ---- filler.c: the state and the rows in closed form ---------------------------------- */

/* Groups of x (their numbers from groups, or made afresh where it is NULL; copied from
 * division's gathered ones where it has them: the same model and placement) and the facts per
 * provider and domain (s2->available set first): the division and the break-even fill the
 * same groups. LS_OK or LS_EINTERNAL; ls_filler_free either way. */
int ls_filler_init(filler *f, const ls_model *m, const double *x, const ls_stage2_groups *groups,
                   const ls_stage2 *division, ls_stage2 *s2);
/* Frees f's own memory, not f->lp: the division hands the LP on in s2. */
void ls_filler_free(filler *f);

/* A piecewise sum, built up: the rounds and the break-even build rows of their own. */
void ls_filler_pw_reset(pwsum *s);
void ls_filler_pw_add(pwsum *s, double lo, double a, double b);
/* A row's money at t: the break-even tests t = −1, the rounds a row's room. */
double ls_filler_pw_value(const pwsum *s, double t);
/* The largest t ≥ t0 with value(t) ≤ limit (INFINITY: none): every closed-form limit on t. */
double ls_filler_pw_largest(const pwsum *s, double limit, double t0);

/* L_p(t) = A_p + B_p·t per provider: every row in closed form starts from these lines. */
void ls_filler_provider_lines(filler *f);
/* Marks the domains whose row needs the LP at t: it decides which rows are closed forms. */
void ls_filler_mark_flexible_domains(filler *f, double t);
/* The total row as f->pw: the rounds and the break-even both solve it for t. */
void ls_filler_total_sum(filler *f);
/* Domain d's row as f->pw (a flexible provider's lift left out): as the total row. */
void ls_filler_domain_sum(filler *f, int d);

/* Why the min_budgets cannot be held, into errs; 1 when a reason was found (always: a general
 * one when none was): the division and the break-even both meet impossible min_budgets. */
int ls_filler_explain(const filler *f, ls_errors *errs, int always);

/* ---- filler_lp.c: the kept GLPK problem ------------------------------------------------ */

/* Builds f->lp (names: for export); kept for the whole division so that rounds re-solve from
 * a basis. LS_OK or LS_EINTERNAL. */
int ls_filler_lp_build(filler *f, int names);
/* The LP of the division about to start, built when a round first needs it (ls_filler_lp_need)
 * or now where rows couple groups from the start; names as for ls_filler_lp_build. LS_OK or
 * LS_EINTERNAL. */
int ls_filler_lp_defer(filler *f, int names);
/* The deferred LP, built now if it is not yet, as it would have been at the start (the
 * rounds' syncs then bring it up to the filling's state). LS_OK or LS_EINTERNAL. */
int ls_filler_lp_need(filler *f);
/* 0 optimal, 1 infeasible, −1 solver failure (message in errs): one reading of GLPK's end. */
int ls_filler_lp_solve(filler *f, ls_errors *errs);
/* Zero objective: every solve sets the objective it needs from a clean one. */
void ls_filler_lp_clear_objective(filler *f);
/* The starting basis; with nothing active, whether the lifts alone fit at t = −1 (LS_OK,
 * LS_ENOSOLUTION with the reason, LS_EINTERNAL): a coupled model's check before round 1. */
int ls_filler_lp_start(filler *f, ls_errors *errs);
/* Maximises t from t0 (*t_lp; t0 when not optimal), returns as ls_filler_lp_solve: the
 * round's limit where rows couple groups beyond closed forms. */
int ls_filler_lp_max_t(filler *f, double t0, double *t_lp, ls_errors *errs);
/* g's column and level row after a freeze: later rounds' LPs must see g fixed. */
void ls_filler_lp_sync_group(filler *f, size_t g);
/* The whole LP brought up to the filling's state, built first if it waited: the LP can take
 * over mid-way. LS_OK or LS_EINTERNAL. */
int ls_filler_lp_sync_all(filler *f);
/* Marks LS_GROUP_RISES the undecided groups that can still rise at t (slack LPs): what the
 * closed forms cannot decide. −1 on a solver failure, else 0. */
int ls_filler_lp_slack_test(filler *f, unsigned char *state, double t, ls_errors *errs);
/* Every level a lower bound, minimise Σ b: the LP `export --stage 2` writes for an auditor. */
void ls_filler_lp_final(filler *f);

/* ---- fill.c: the rounds ----------------------------------------------------------------- */

/* Progressive filling from t = −1 until every group is frozen; sets s2's cut, margin and
 * rounds. LS_OK, LS_ENOSOLUTION (reason in errs) or LS_EINTERNAL. */
int ls_fill_run(filler *f, ls_errors *errs);

#endif
