/*
 * stage2.h — dividing the lumpsum over groups g = (provider, domain) by progressive filling.
 *
 * Every group's level follows one index t (a cut below 0, a margin above); t rises from −1,
 * and each group that cannot rise any further is frozen where it stands, until every group
 * is frozen. Most rounds are closed forms (each row's limit on t is a piecewise linear
 * equation); GLPK is used only where rows couple groups beyond that (the local row, a
 * min_budget that may go to several domains with ceilings). The final LP, every level a lower
 * bound, is kept for `export --stage 2`. docs/method.md states the method.
 */
#ifndef LS_STAGE2_H
#define LS_STAGE2_H

#include <glpk.h>

#include "model.h"

/* A group's level b_g/F_g − 1 within this of 0 is at its floor: rounding, not a cut. */
#define LS_LEVEL_NOISE 1e-12

/* The rows that blocked a group when it was frozen (a bit set). */
enum { LS_BLOCK_TOTAL = 1, LS_BLOCK_DOMAIN = 2, LS_BLOCK_CEILING = 4, LS_BLOCK_MAX_BUDGET = 8,
       LS_BLOCK_LOCAL = 16 };

typedef struct ls_group {
    int provider, domain;
    double floor_cost;    /* F_g, euros a year */
    double ceiling;       /* C_g; INFINITY: none */
    double weight;        /* w_p */
    int frozen;           /* frozen during filling (every group with F_g > 0 ends frozen) */
    double t;             /* the index at which it froze; NAN when never active (F_g = 0) */
    double frozen_amount; /* level_g(t) at the freeze, euros a year */
    unsigned blocked_by;  /* LS_BLOCK_* of the rows that blocked it */
    double lift;          /* min_budget lift it took, euros a year (0: none) */
    double budget;        /* b_g, the answer */
} ls_group;

typedef struct ls_stage2 {
    glp_prob *lp; /* the final LP (every level fixed as a lower bound, minimise Σ b), for
                     `export --stage 2`; its columns are b_g / F_g (b_g / min_budget_p where
                     F_g = 0) */
    ls_group *groups;
    size_t n_groups; /* in provider, then domain order */
    double available;
    double cut, margin;
    double cut_domain[LS_N_DOMAINS]; /* NAN: no placed client in the domain */
    double local_lambda;             /* λ of the local row (0 when none) */
    double local_lambda_domain[LS_N_DOMAINS]; /* λ_d of each domain's local row (0: none) */
    int underfunded;
    size_t rounds;
    /* over the placed contracts, in their order: Σ 12·x·floor and Σ 12·x·other costs (the
     * break-even's measure of what the wages carry) */
    double placed_floor, placed_other;
    /* the groups as gathered from the placement, before the division filled them (n_groups;
     * NULL without memory): the break-even's first round, at the same floors, starts from
     * them rather than gathering them again */
    ls_group *gathered;
    /* the contracts with x above 1e-9 clients (the placed ones), in their order, as the
     * groups were gathered over them (n_placed of them; NULL without memory): the result's
     * rows go over the same list rather than making it again */
    int *placed;
    size_t n_placed;
    /* over that list, in its order: Σ 12·floor·x and Σ x as the result sums them (its
     * required cost and served clients), and the x and the floors (NULL: the contracts'
     * records) they were summed from; the result takes them rather than reading both again
     * where it would sum the same */
    double sum_required, sum_served;
    const double *sum_x, *sum_floor;
} ls_stage2;

/* The numbers of the groups a model's contracts make: per provider p and domain d, group_of[p ·
 * LS_N_DOMAINS + d] (−1: p holds no contract in d), n of them, in provider then domain order.
 * They follow from which provider holds a contract in which domain alone, which no what-if
 * moves: a planner makes them once for all its solves, rather than a pass over the contracts
 * each time. LS_OK or LS_EINTERNAL; free with ls_stage2_groups_free either way.
 *
 * The pass over the placed contracts reads, of each, its segment, its group and its floor.
 * From the contracts' records that is a cache line a contract (about every other contract of
 * a large model is placed, so nearly every line of the records); side by side it is 12 bytes.
 * So group holds each contract's group, and seg each one's segment: the caller's copy where
 * it has one side by side (stage 1's col_seg, which the passes of a solve just before read
 * too), else one made here (seg_own); floor, where not NULL, each contract's floor as the
 * model solved holds it: the planner passes its LP's copy (stage1_lp.h, synced_floor) for a
 * solve of its own model, never for another scenario's. */
typedef struct ls_stage2_groups {
    int *group_of;
    size_t n;
    int *group, *seg_own;
    const int *seg;
    const double *floor;
} ls_stage2_groups;

/* seg: each contract's segment side by side, kept by the caller while groups are (NULL: made
 * here). */
int ls_stage2_groups_make(const ls_model *m, const int *seg, ls_stage2_groups *groups);
void ls_stage2_groups_free(ls_stage2_groups *groups);

/* x: clients per contract from stage 1; groups: m's (ls_stage2_groups_make), or NULL to make
 * them here. LS_OK; LS_ENOSOLUTION when the min_budgets cannot be
 * held (the reason, in a controller's words, in errs); LS_EINTERNAL (solver failure, out of
 * memory). On success s2 owns memory: free it with ls_stage2_free. */
int ls_stage2_solve(const ls_model *m, const double *x, const ls_stage2_groups *groups, int names,
                    ls_stage2 *s2, ls_errors *errs);
void ls_stage2_free(ls_stage2 *s2);

/* Underfunded when a shortfall shows in the cents the totals are written in: the placed
 * groups' budgets (each counted up to its floor cost) add up, to the cent, to less than their
 * floor costs, or a group is more than a cent below its floor (a domain cut that other
 * domains' margins hide in the total). Below that a shortfall is the rounding of the
 * division. In such a division a group is below its floor when its budget is under it by
 * more than that rounding (LS_REL_TOL relative). */
static inline int ls_group_below_floor(const ls_stage2 *s2, const ls_group *g)
{
    return s2->underfunded && g->floor_cost > 0 && g->budget < g->floor_cost * (1 - LS_REL_TOL);
}

/* Loosens the final LP's upper limits by 1e-9 relative before it is written to a file. */
void ls_stage2_loosen_for_export(ls_stage2 *s2);

/* The largest κ such that every group with placed clients can be paid κ·F_g at once within the
 * cut phase's rows (ceilings, provider min/max budgets, domain rows, total), where pgb tariffs
 * derived from floors (segments whose pgb_tariff is NAN: pgb_tariff_used = pgb_factor × lowest
 * usable floor, see models/tariff.c) also scale by κ and given pgb tariffs do not. INFINITY when
 * nothing bounds it. plan's break-even wage index is (1 + wage_index)·κ − 1. One LP (or a
 * closed form when only the total row can bind: κ = (budget(1−reserve) − fixed pgb)/(Σ F +
 * moving pgb)). LS_ENOSOLUTION (reason in errs) when the min_budgets cannot be held even at
 * κ = 0. groups as for ls_stage2_solve. */
int ls_stage2_floor_scale(const ls_model *m, const double *x, const ls_stage2_groups *groups,
                          double *kappa, ls_errors *errs);
/* The same, with the placed contracts' Σ 12·x·floor and Σ 12·x·other costs (in the order of
 * the contracts) into *floor and *other, made in the pass that gathers the groups' floor
 * costs rather than in one more (set whenever the groups were made: with LS_OK and also
 * with LS_ENOSOLUTION). division: a division of the same model and placement whose
 * gathered groups are taken as they are (the same sums), or NULL to gather them. */
int ls_stage2_floor_scale_placed(const ls_model *m, const double *x,
                                 const ls_stage2_groups *groups, const ls_stage2 *division,
                                 double *kappa, ls_errors *errs, double *floor, double *other);

#endif
