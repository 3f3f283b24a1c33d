/*
 * stage1_lp.h — stage 1's LP: placing every client at the lowest CAO-conform cost, and the
 * primitives every way of solving it uses (stage1_lp.c; the syncs with the model,
 * stage1_sync.c, and the rows they leave waiting, stage1_rows.c). The bottom of stage 1: the
 * working problem (stage1_work.c), the strategies (sift.c, ties.c, network.c, lex.c), the
 * solve of one LP (stage1.c) and the component split (components.c) build on it in that
 * order, each calling only the files below it.
 *
 * The GLPK problem is built once and kept: columns 1..n_contracts are x[p,s] (an unusable
 * contract's column is fixed at 0, so that a what-if that changes usability only moves
 * bounds), then one u[s] per segment. Rows: demand[s] (1..n_segments), capacity[p] and
 * max_budget[p] where the provider has them, then the local rows: one over every contract
 * (local_share_min; free while it is 0, its entries kept) and one a domain over that
 * domain's contracts (local_share_min.<domain>; free and empty while it has no target).
 * ls_stage1_lp_sync re-syncs the coefficients from the model (writing only what changed), so
 * a caller changes the planner's scenario (models/model/scenario.h) and re-solves from the
 * last basis. The LP's objective is the placement's cost plus a small multiple of the
 * tie-break's preference; the reported objective, duals and reduced costs are the true
 * cost's (docs/method.md, "Ties" and "Warm re-solves").
 */
#ifndef LS_STAGE1_LP_H
#define LS_STAGE1_LP_H

#include <float.h>
#include <glpk.h>
#include <math.h>

#include "model.h"
#include "simplex.h"

/* How stage 1 solves, set from the planner's options (ls_stage1_options_init, stage1.c: the
 * defaults, a cold solve on one thread). No field changes the optimum the tie-break picks;
 * plain_start and sift_min_cols let tests reach and compare the ways to it. */
typedef struct ls_stage1_options {
    int threads;          /* 1: a cold solve may split into components over this many */
    int plain_start;      /* 0; 1: the first solve starts from GLPK's advanced basis, not
                           * components.c or network.c (tests compare them) */
    size_t sift_min_cols; /* 20000: sifted solves of an LP with fewer columns solve the
                           * whole LP (sift.c); 0: always the working problem */
    int glpk_resolve;     /* 0; 1: every warm re-solve goes to GLPK's simplex, none first
                           * to the network's dual simplex (dualnet.c; tests compare) */
    int placement_start;  /* 0: a cold solve first tries the network's dual simplex from
                           * each segment's cheapest contract (stage1.c); 1: it starts from
                           * the network placement and sifts, as a component's does */
    int lu_fresh;         /* 0; 1: settle factorizes every basis afresh, none kept from the
                           * last solve (stage1_lu.c; tests compare) */
    int cols_fresh;       /* 0; 1: the network's load passes over the columns every time,
                           * none kept from the last load (dualnet_load.c; tests compare) */
    int no_tree;          /* 0; 1: settle factorizes a basis that is a tree too, rather than
                           * taking the tree's passes (basis_tree.c; tests compare) */
} ls_stage1_options;

/* The local rows: LS_LOCAL_ALL over every contract, then LS_LOCAL_ALL + 1 + d over domain
 * d's. A contract column has at most LS_STAGE1_ENTRIES entries: demand, capacity, max_budget
 * and two local rows. */
enum { LS_LOCAL_ALL, LS_N_LOCAL = 1 + LS_N_DOMAINS };
#define LS_STAGE1_ENTRIES 5

/* Local row k's target: local_share_min, or the domain's (0 where none is given). */
static inline double ls_stage1_target(const ls_model *m, int k)
{
    double t = k == LS_LOCAL_ALL ? m->policy.local_share_min : m->policy.local_share_domain[k - 1];
    return t > 0 ? t : 0.0;
}

/* Some local row has a target. */
static inline int ls_stage1_any_target(const ls_model *m)
{
    for (int k = 0; k < LS_N_LOCAL; k++)
        if (ls_stage1_target(m, k) > 0)
            return 1;
    return 0;
}

/* Some domain has a target of its own. */
static inline int ls_stage1_domain_targets(const ls_model *m)
{
    for (int k = 1; k < LS_N_LOCAL; k++)
        if (ls_stage1_target(m, k) > 0)
            return 1;
    return 0;
}

typedef struct ls_dualnet ls_dualnet; /* the dual network re-solve's memory (dualnet.c) */

typedef struct ls_stage1 {
    glp_prob *lp;
    ls_model *m;
    int *capacity_row; /* per provider; 0: no row */
    int *budget_row;   /* per provider; 0: no row */
    int local_row[LS_N_LOCAL];
    int u_col0;        /* column of u[0] */
    /* per contract, its segment and provider (the model's, which never change for a planner),
     * side by side: the passes over the contracts that need no more of them read 8 bytes a
     * contract, not the 48 of its record */
    int *col_seg, *col_prov;
    int scaled;        /* scaled and given a starting basis on the first solve */
    ls_stage1_options opts;
    size_t components; /* the components the last cold solve found (0: not split) */
    /* the last solution */
    double *x;             /* clients per contract */
    double *lower;         /* continuity bound per contract */
    double *reduced_cost;  /* per contract, euros a year per client */
    double *u;             /* unmet clients per segment */
    double *demand_dual;   /* per segment, euros per client per year */
    double *capacity_dual; /* per provider, euros per hour (≤ 0) */
    double *budget_dual;   /* per provider, per euro (≤ 0) */
    double local_dual[LS_N_LOCAL]; /* per local row, per euro at reference prices */
    double objective;      /* euros a year */
    /* the priorities above cost (lex.c): unmet clients held per segment (NAN: free) and the
     * local rows' lower bounds (0: the target met; −(the shortfall held) where it cannot be) */
    double *u_pin;
    double local_lb[LS_N_LOCAL];
    double local_shortfall[LS_N_LOCAL]; /* the shortfall held, euros a year at reference prices */
    int lex;                /* the last solve needed lex.c */
    int relax_domains;      /* the domains' local rows are free (the first attempt's) */
    int lex_start;          /* the LP holds lex.c's basis: the next solve is primal */
    int lex_pivots;         /* GLPK's pivots on the LP after lex.c's basis (tests read it) */
    int it_cap;             /* 0, or the pivots a retry's whole solve may take */
    int it_capped;          /* a retry took them all: no more retries */
    double *cont_hours, *cont_cost, *cont_room; /* continuity's per-provider scratch */
    /* per segment, as the last presync copied them, side by side for the passes over the
     * contracts, which reach a segment a contract in no order (the segments' records, some
     * 900 KB on the Amsterdam preset, missed the cache there): hours_per_month, the max_shift
     * in force and the domain */
    double *seg_hours, *seg_shift;
    unsigned char *seg_domain;
    /* the contracts with today's clients at a usable contract, ascending (cont_list,
     * n_cont_list), and each segment's sum of today's clients (cont_total), as the last
     * pass over every contract found them; cont_listed: they are (memory permitting) */
    int *cont_list;
    size_t n_cont_list;
    double *cont_total;
    int cont_listed;
    /* where the listed contracts' bounds at today's clients (every segment's scale 1) break
     * no provider's limit and reach no max_clients (cont_fits: 1; 0 where they do or memory
     * ran out; −1 not known for this list), no bound at a scale ≤ 1 does either: a bound
     * then moves only with its segment's scale, and a clients-only pass computes the listed
     * bounds alone, without the providers' sums (stage1_cont.c). cont_scale: each
     * segment's scale the listed bounds were last computed at, none scaled further, while
     * cont_scale_ok. Per listed contract (the list's k), side by side: (1 − shift) · today's
     * clients (cont_base) and max_clients (cont_max). cont_moved: the list's k of the
     * contracts whose segment's scale moved in that pass (cont_seg_moved per segment), in
     * their order, which alone the sync that follows need write, unless cont_all_dirty */
    int cont_fits, cont_scale_ok, cont_all_dirty;
    double *cont_scale, *cont_base, *cont_max;
    int *cont_moved;
    size_t n_cont_moved;
    char *cont_seg_moved;
    /* the caller's word that since the last sync only segments' clients (and pgb clients)
     * moved: every contract's floor, usability, today's clients and max_clients as they
     * were (a risk draw, ls_planner_clients_moved). The syncs of the next solve then skip
     * the passes over the contracts that would find nothing changed; the planner clears it
     * when the solve ends */
    int clients_only;
    /* the caller's word that since the last sync only tariffs or the policy moved (a wage
     * index, a CAO factor, the quality value, the budget, the reserve, a local target:
     * ls_planner_policy_moved): every segment's clients and max_shift, every contract's
     * today's clients and max_clients, every provider's capacity and max_budget as they
     * were. Where no provider has a max_budget and no contract's usability moved since the
     * last continuity pass (cont_epoch: the model's usable_epoch then), that pass would find
     * every bound as it was: it sets bounds_kept instead, and the sync writes no contract's
     * bounds (their costs where they moved). The planner clears it when the solve ends */
    int policy_only, bounds_kept;
    unsigned cont_epoch;
    double *synced_ref;     /* the reference prices the local row holds */
    unsigned ref_epoch;     /* counts changes of them (stage1_work.c rewrites) */
    unsigned work_ref_epoch; /* the ref_epoch the working problem was written at */
    /* warm state beside GLPK's basis (an ls_basis carries it too) */
    int priced;             /* reduced_cost belongs to the LP's current basis */
    /* where a start's reduced costs are kept elsewhere (a planner's saved basis, or the
     * snapshot they moved into; read-only and unmoved until the solve): priced says they are
     * the basis's, and the solve reads them here rather than from a copy in reduced_cost,
     * which it writes anew when it prices (a risk draw's solve never read that copy: the
     * network's re-solve needs none) */
    const double *priced_at;
    /* the reduced costs settle left in its pricing's record (pricing.c), not yet copied
     * into reduced_cost (a risk draw's are never read: totals alone): ls_stage1_rc reads
     * them where they are, ls_stage1_rc_take copies them in (before reduced_cost is written
     * or handed on, and before the record goes) */
    const double *rc_pending;
    double *synced_floor;   /* the floors the LP's matrix holds (sync writes what differs) */
    /* what the contracts' objective coefficients were last computed from, beside the floors:
     * today's clients or none per contract, the providers' quality, the quality value and
     * the perturbation; costs_moved: a sync found one of them (or a floor) changed */
    char *synced_held;
    double *synced_quality, synced_qv, synced_perturb;
    int costs_moved;
    /* counts the syncs that computed the contracts' objective afresh; settle's true costs and
     * preferences of the contracts (settle_cost: 2·(columns + 1), costs then preferences),
     * kept on a warm LP, were computed at settle_epoch */
    unsigned costs_epoch, settle_epoch;
    double *settle_cost;
    /* the contracts' entries in the local row over every contract and in its domain's, as
     * the LP holds them, in two parts: per segment the four entries its contracts can take
     * (local_seg[4s ..]: + 1 a local provider's, + 2 in its domain's row) and per contract
     * which of them it takes (local_kind: 0 none, not usable; 1 another provider's; 2 a local
     * provider's): ls_stage1_lp_local_pair. Made by a warm sync (beside the mirror), valid
     * while local_cached, which a sync clears when a floor, a reference price, a target or a
     * contract's usability moved. (Two doubles a contract before: 2.3 MB that every pass of
     * a risk draw over the contracts read, against 0.1 MB of kinds and 0.2 MB of entries.) */
    double *local_seg;
    unsigned char *local_kind;
    unsigned char *local_nonzero; /* per segment, which of its four entries are not 0 */
    int local_cached;
    unsigned local_epoch;          /* counts the fills of the local cache */
    double synced_lsm[LS_N_LOCAL]; /* the targets the local rows hold */
    double *tie_hash;       /* per contract: the id-drawn part of the tie-break preference */
    double perturb;         /* euros a year per unit of preference in the LP's objective */
    int *by_provider, *provider_contracts; /* contracts by provider (for the max_budget rows) */
    /* the last solve: GLPK's status; the working problem of sifted solves (stage1_work.c): its
     * rows are the LP's, its column k the LP's work_col[k] (work_of: the inverse, 0 for
     * none), written with work_floor[k] and the targets work_lsm; work_fixed per row:
     * what the contracts left out put in it; work_basis: the last solve ended there, so
     * its basis and factorization are the LP's (settle uses them) */
    int status;
    glp_prob *work;
    int *work_col, *work_of;
    double *work_floor, *work_fixed, work_lsm[LS_N_LOCAL];
    int work_basis;
    /* the basis matrix factorized on its own (stage1_lu.c): the LP's rows and its basic
     * columns, the LP's lu_col[k] as column k (scratch of a row each: lu_ind); the entries
     * of the columns it read from the LP since the matrix last moved (lu_epoch, against
     * matrix_epoch, which every write of the LP's matrix or scale factors counts, every
     * flush, after which GLPK's simplex may scale it anew, and every row that starts to
     * wait), without their entries of the rows that wait (taken where they wait): lu_slot
     * per LP column, 0 for none, indexes lu_len, lu_sjj and LS_STAGE1_ENTRIES of lu_eind and
     * lu_eval each */
    glp_prob *lu, *lu_at; /* lu_at: the problem of the last factorization (lu or the LP) */
    int *lu_col, *lu_ind, *lu_slot, *lu_eind, lu_n_slots, lu_cap;
    /* its layout, kept from one factorization to the next while the matrix stands
     * (lu_layout, against matrix_epoch; 0: none): lu_ncols columns, a free one (lu_col[k]
     * 0) before each held one and one at the end, lu_where per LP column (0: none), lu_bs
     * per column whether it is basic there; lu_colcap: the room of lu_col and lu_bs (the
     * basic columns' list, lu_ind, has a row's room) */
    int *lu_where, lu_ncols, lu_colcap;
    unsigned char *lu_bs;
    unsigned lu_layout;
    double *lu_eval, *lu_sjj;
    unsigned char *lu_len;
    int *lu_scol; /* per slot: its LP column */
    unsigned lu_epoch, matrix_epoch;
    /* net_epoch counts what may move the factors of a basis whose side rows (max_budget,
     * local) have their slacks basic, as far as the figures of the other variables read
     * them: the first sync and the scaling (every entry), every flush (GLPK's simplex may
     * scale anew), and a side row whose entries change which contracts they are held for
     * (the factorization's order may follow it). The values of a side row's entries do not
     * count: a side row is always eliminated with its own slack, so no other row's figure
     * reads them (docs/method.md, "A factorization kept"). lu_kept: lu holds the
     * factorization of the basic columns lu_kept_cols[0..lu_kept_n) and the basic rows
     * lu_kept_rows (1 each) made at net_epoch lu_kept_epoch; 0: none */
    unsigned net_epoch, lu_kept_epoch;
    int lu_kept, lu_kept_n, *lu_kept_cols;
    unsigned char *lu_kept_rows;
    unsigned long lu_reused; /* the factorizations kept so, counted */
    unsigned lu_serial;      /* counts the factorizations made (of lu or of the LP) */
    /* the last fresh placement (ties.c's fresh_solution; NULL until a warm solve makes
     * one): every column's value (fresh_x, 1..nc), made at the statuses fresh_stat (1..nc +
     * nr) with factorization fresh_serial of lu and the bounds of bounds_epoch, which counts
     * the syncs that moved a bound (and every mirror made afresh); fresh_valid: it stands
     * for those (fresh_reused counts the placements taken from it) */
    double *fresh_x;
    int *fresh_stat, fresh_valid;
    unsigned fresh_serial, fresh_bounds, bounds_epoch;
    /* fresh_tree: fresh_x was made by the tree's passes (basis_tree.c), at net_epoch
     * fresh_net, rather than with factorization fresh_serial */
    int fresh_tree;
    unsigned fresh_net;
    struct ls_basis_tree *btree; /* the last basis found a tree (NULL until one is looked for) */
    unsigned long tree_bases;    /* the bases settle took as trees, counted */
    unsigned long fresh_reused;
    /* per contract: pricing let it into a sifted solve once (sift.c); it stays in the
     * working problems of the warm re-solves that follow. NULL until a solve admits one */
    char *priced_in;
    ls_dualnet *dualnet; /* NULL until a warm re-solve tries the network's dual simplex */
    struct ls_pricing *pricing; /* the last pass of settle's reduced costs (pricing.c) */
    unsigned cost_epoch;  /* counts the syncs that changed the objective (dualnet.c keeps the
                           * costs it loaded until it moves) */
    const int *known_stat; /* the LP's statuses as ties.c's get_stats lays them out, when the
                            * last solve set them itself (dualnet.c) and nothing moved them
                            * since (the planner's next restore reads them); NULL: ask GLPK */
    /* the network's solve leaves its basis (known_stat) for GLPK to take later
     * (stat_pending): GLPK holds its start's statuses (stat_start, the same layout) until
     * ls_stage1_lp_stat_flush writes what differs. A risk draw's next restore puts the base's
     * back, which GLPK mostly still holds: some 1,100 scattered writes a draw fewer */
    const int *stat_start;
    int stat_pending;
    /* what the LP's columns hold (objective, GLPK type, bounds), for a warm sync to compare
     * with rather than ask GLPK column by column: made on the second sync (a plan's one
     * solve needs none); mirror_stale: the LP was changed past it (ls_stage1_unperturb) */
    double *mirror_obj, *mirror_lo, *mirror_hi;
    signed char *mirror_type;
    int mirror_stale;
    /* the LP's statuses (get_stats' layout) from the planner's restore of a saved basis up to
     * the solve's first strategy, which reads them here rather than from GLPK: the restore
     * and the sync's writes, which may move a non-basic status, keep them (stat_now_ok) */
    int *stat_now;
    int stat_now_ok;
    /* stat_now's columns are the network's start statuses (stat_start's) as the restore
     * copied them, and nothing wrote them since (a sync's write clears it): the network's
     * load then restores its own copy from its start where its last solve moved one, rather
     * than copy every column's (dualnet_load.c). start_epoch moves where the columns of that
     * start (the network's stat0) move, or a network is built. */
    int now_is_start;
    unsigned start_epoch;
    /* bounds a warm sync put in the mirror but not yet in GLPK (lazy_col, n_lazy; lazy_mark
     * per column): only those that keep the column's type, which leaves GLPK's statuses as
     * they are, and only while the network's dual simplex reads the mirror alone; written
     * by ls_stage1_lp_flush before GLPK reads a bound. lazy_on: the sync may defer */
    int *lazy_col;
    char *lazy_mark;
    int n_lazy, lazy_on;
    /* the contracts' objective likewise: a warm sync that moved it (a wage step) writes the
     * mirror alone, and ls_stage1_lp_flush writes every contract's from there (GLPK's
     * objective is read only by its simplex, the priorities' copy, the working problem's
     * columns, an export and a remade mirror, each after a flush) */
    int obj_pending;
    /* rows a warm sync computed but GLPK holds in part or not yet (a wage step's local and
     * max_budget rows: 277,000 entries on the Amsterdam preset): pend[slot] (slot k: local
     * row k; LS_N_LOCAL + p: provider p's max_budget row) with all their entries, listed in
     * the order the syncs wrote them (pend_list, whose entries with an older seq than their
     * slot's are stale); pend_row marks the LP's rows that wait. A factorization of the basis
     * on its own takes the basic columns' entries of them from here; before GLPK reads the
     * matrix, ls_stage1_lp_flush writes them whole (stage1_rows.c) */
    struct ls_pending_row *pend;
    int n_slots, n_pend_list;
    int *pend_list;
    unsigned long *pend_list_seq, pend_seq;
    int *pend_ind; /* scratch of the partial writes */
    double *pend_val;
    unsigned char *pend_row;
    int *pend_order, n_pend_order; /* ls_stage1_lp_pending_begin's slots, each's place */
    /* the matrix is not in GLPK yet: the first sync leaves it out, as no solve by the
     * network reads it there; ls_stage1_lp_matrix writes it, column by column as that sync
     * would have, before GLPK first reads or rewrites it */
    int matrix_lazy;
} ls_stage1;

/* A pending row: GLPK row `row`, its len entries (1-based, columns ascending) */
struct ls_pending_row {
    int row, len, cap;
    unsigned long seq; /* 0: not pending; else its entry's seq in pend_list */
    int *ind;          /* 1-based, as glp_set_mat_row takes them */
    double *val;
};

/* Builds the LP of m into s1, to be solved with opts; LS_OK or LS_EINTERNAL. Rows and
 * columns have no names (ls_stage1_set_names, stage1.c, gives them). */
int ls_stage1_lp_build(ls_model *m, const ls_stage1_options *opts, ls_stage1 *s1);
/* Frees what ls_stage1_lp_build and the syncs allocated (not the working problem:
 * ls_stage1_work_drop) and clears s1. */
void ls_stage1_lp_free(ls_stage1 *s1);

/* What ls_stage1_lp_sync changed: the choice of simplex for a warm re-solve follows from it. */
enum { LS_STAGE1_LP_COSTS = 1, LS_STAGE1_LP_BOUNDS = 2 };

/* Puts the model's current numbers into the LP: the continuity bounds, objective, bounds,
 * right-hand sides and the coefficients that depend on floors or on the local targets (the
 * first call the whole matrix and the tie-break's preference). Only what differs is
 * written: a changed matrix makes GLPK factorize the basis again. Returns LS_STAGE1_LP_*
 * flags, or −1 when out of memory. */
int ls_stage1_lp_sync(ls_stage1 *s1);
/* (The syncs, the bounds they defer and the mirror: stage1_sync.c; what they write that
 * comes from the model alone: stage1_cont.c.)
 * ls_stage1_lp_sync in two steps: the numbers computed from the model without GLPK (the
 * continuity bounds and, the first time, the tie-break's preference), 0 or −1 when out of
 * memory; then their writing into GLPK's problem, as ls_stage1_lp_sync returns. Between the
 * two, another thread may read what the first computed (the network start, stage1.c). */
int ls_stage1_lp_presync(ls_stage1 *s1);
int ls_stage1_lp_write(ls_stage1 *s1);

/* Writes the local rows' bounds as the model's targets and s1->local_lb ask (the relaxed
 * first attempt's rows held again, its placement meeting them). */
void ls_stage1_lp_hold_local(ls_stage1 *s1);

/* Scales the synced LP by equilibration (GLPK's GLP_SF_EQ, computed from the model's
 * arrays). 0, or −1 when out of memory. */
int ls_stage1_lp_equilibrate(ls_stage1 *s1);

/* Column j's coefficient (1-based: contracts, then unmet) in the objective of stage 1
 * (docs/method.md): euros a year per client. A warm sync rewrites the contracts' only when
 * one of their inputs moved: a new input goes into that check too (costs_policy_moved,
 * stage1_sync.c). Inline, as the next three: a wage step's sync computes them for every
 * contract. */
static inline double ls_stage1_lp_cost(const ls_stage1 *s1, int j)
{
    const ls_model *m = s1->m;
    if (j >= s1->u_col0) /* an unplaced client held by the priorities is a given: no cost,
                          * so that no dual carries the weight of the first attempt */
        return isnan(s1->u_pin[j - s1->u_col0]) ? 12 * m->unmet_weight : 0.0;
    const ls_contract *c = &m->contracts[j - 1];
    return 12 * (c->floor_tariff - m->policy.quality_value * m->providers[c->provider].quality);
}

/* Column j's entries (1-based: contracts, then unmet) as sync writes them: row indices and
 * coefficients in ind[0..n−1], val[0..n−1]; returns n (at most LS_STAGE1_ENTRIES). */
int ls_stage1_lp_column(const ls_stage1 *s1, int j, int *ind, double *val);

/* A contract's bounds in stage 1 from its continuity bound l and its upper limit h (its
 * max_clients; 0 and 0 where unusable): its GLPK type, lower and upper bound (DBL_MAX:
 * none). One whose continuity reaches its max_clients is fixed. */
static inline int ls_stage1_lp_bounds_of(double l, double h, double *lo, double *hi)
{
    /* without a branch: some contracts have a max_clients, in no order (the choice by
     * index, not ?:, which the compiler makes a branch of) */
    int fixed = l >= h, which = 2 * fixed + ((fabs(h) == INFINITY) & !fixed);
    double his[3] = {h, DBL_MAX, l};
    static const int types[3] = {GLP_DB, GLP_LO, GLP_FX};
    *lo = l;
    *hi = his[which];
    return types[which];
}

/* Contract j's (0-based) bounds in stage 1 (ls_stage1_lp_bounds_of): an unusable contract is
 * fixed at 0. */
static inline int ls_stage1_lp_contract_bounds(const ls_stage1 *s1, size_t j, double *lo,
                                               double *hi)
{
    const ls_contract *c = &s1->m->contracts[j];
    return ls_stage1_lp_bounds_of(c->usable ? s1->lower[j] : 0.0, c->usable ? c->max_clients : 0.0,
                                  lo, hi);
}

/* Contract j's (0-based) coefficient in local row k (at its segment's reference price). */
double ls_stage1_lp_local_coef(const ls_stage1 *s1, size_t j, int k);

/* Its product, from the segment's 12·r, whether the provider is local and the row's target
 * (ls_stage1_lp_local_coef's, and the sync's pass that makes every contract's at once). */
static inline double ls_stage1_local_entry(double r12, int local, double target)
{
    return r12 * ((local ? 1.0 : 0.0) - target);
}

/* Sets s1->perturb from the model's costs (the mean contract cost times a small factor)
 * unless it is set already: on the first sync, or before it (components.c). */
void ls_stage1_lp_perturb_init(ls_stage1 *s1);

/* Fills s1->tie_hash (allocated) and, unless set already, s1->perturb. */
void ls_stage1_lp_preference_init(ls_stage1 *s1);

/* The reduced costs of the LP's basis per contract (0-based), where they are (rc_pending). */
static inline const double *ls_stage1_rc(const ls_stage1 *s1)
{
    return s1->rc_pending ? s1->rc_pending : s1->reduced_cost;
}

/* The reduced costs copied into reduced_cost where they wait elsewhere (rc_pending). */
void ls_stage1_rc_take(ls_stage1 *s1);

/* Column j's (1-based) preference in the tie-break (ties.c), and its coefficient in the LP's
 * objective: the true cost plus s1->perturb times the preference (PERTURB times the mean
 * contract cost, stage1_lp.c), so that GLPK's optimum is most often the tie-break's choice
 * already (ls_ties_settle, ties.c, checks it and otherwise finds it). */
static inline double ls_stage1_lp_preference(const ls_stage1 *s1, int j)
{
    if (j >= s1->u_col0)
        return 2.0;
    const ls_contract *c = &s1->m->contracts[j - 1];
    /* 0 or 1 without a branch: every other contract holds clients, in no order */
    return (double)!(c->current_clients > 0) + s1->tie_hash[j - 1];
}

static inline double ls_stage1_lp_objective_coef(const ls_stage1 *s1, int j)
{
    return ls_stage1_lp_cost(s1, j) + s1->perturb * ls_stage1_lp_preference(s1, j);
}

/* Σ cost · x, the placement's true cost, at the solution in s1; cost[1..] the columns' true
 * costs where the caller holds them (ls_stage1_lp_cost's), NULL to work them out. */
double ls_stage1_lp_placement_cost(const ls_stage1 *s1, const double *cost);

/* Contract j's (0-based) entry in the local row over every contract, and in its domain's,
 * from the cache (local_seg, local_kind; col_seg the contracts' segments): the same double. */
static inline double ls_stage1_local_all(const double *seg, const unsigned char *kind,
                                         const int *col_seg, size_t j)
{
    int k = kind[j];
    return k ? seg[4 * (size_t)col_seg[j] + (size_t)k - 1] : 0.0;
}
static inline double ls_stage1_local_own(const double *seg, const unsigned char *kind,
                                         const int *col_seg, size_t j)
{
    int k = kind[j];
    return k ? seg[4 * (size_t)col_seg[j] + (size_t)k + 1] : 0.0;
}

/* Contract j's (0-based) entries in the local row over every contract (*all) and in its
 * domain's (*own), as ls_stage1_lp_local_coef gives them: from the cache a warm sync keeps. */
static inline void ls_stage1_lp_local_pair(const ls_stage1 *s1, size_t j, double *all, double *own)
{
    if (s1->local_cached) {
        *all = ls_stage1_local_all(s1->local_seg, s1->local_kind, s1->col_seg, j);
        *own = ls_stage1_local_own(s1->local_seg, s1->local_kind, s1->col_seg, j);
        return;
    }
    *all = ls_stage1_lp_local_coef(s1, j, LS_LOCAL_ALL);
    *own = ls_stage1_lp_local_coef(s1, j, 1 + s1->m->segments[s1->m->contracts[j].segment].domain);
}

/* Writes into GLPK the statuses of the basis the network's solve left pending (nothing when
 * none is), before anything reads GLPK's basis or forgets known_stat. */
void ls_stage1_lp_stat_flush(ls_stage1 *s1);
/* Forgets known_stat, the pending statuses written first. */
static inline void ls_stage1_forget_known(ls_stage1 *s1)
{
    ls_stage1_lp_stat_flush(s1);
    s1->known_stat = NULL;
}

/* Writes into GLPK the matrix where the first sync left it out, the bounds, the contracts'
 * objective and the rows a warm sync deferred, and the pending statuses: before anything but
 * the network's dual simplex and the settle's factorization reads the LP (GLPK's simplex, a
 * copy, the working problem, the face LP's held bounds, an export). */
void ls_stage1_lp_flush(ls_stage1 *s1);
/* Writes into GLPK the entries of the rows a sync left pending that lie in the columns basic
 * in stat (ties.c's get_stats layout; NULL: GLPK's statuses), in the syncs' order, so that
 * GLPK's factorization of the LP in that basis reads what the whole rows give it (the basic
 * columns' entries in the same order within each column). The rows stay pending. */
void ls_stage1_lp_rows_basic(ls_stage1 *s1, const int *stat);
/* GLPK's matrix of the LP, where the first sync left it out: every column's entries as
 * ls_stage1_lp_column gives them, in the columns' order (the rows that wait keep waiting). */
void ls_stage1_lp_matrix(ls_stage1 *s1);
/* Forgets the pending rows (the LP is about to go). */
void ls_stage1_lp_rows_drop(ls_stage1 *s1);
/* Room for n entries of slot's pending row (its ind and val); NULL without memory. */
struct ls_pending_row *ls_stage1_pend_room(ls_stage1 *s1, int slot, int n);
/* Slot's row (GLPK row `row`, its len entries in ls_stage1_pend_room's arrays) is pending,
 * the latest written. */
void ls_stage1_pend_done(ls_stage1 *s1, int slot, int row, int len);
/* The pending rows whole into GLPK, in order (the matrix first where the first sync left it
 * out; with none pending, it stays out); none pending after. */
void ls_stage1_rows_flush(ls_stage1 *s1);
/* Does row `row` of the LP wait (GLPK holds what it held before the row was written)? */
int ls_stage1_lp_row_pending(const ls_stage1 *s1, int row);
/* Readies ls_stage1_lp_pending_col for a pass over columns in ascending order; returns how
 * many rows wait. */
int ls_stage1_lp_pending_begin(ls_stage1 *s1);
/* Column j's entries in the rows that wait, in the order the syncs wrote them (the first
 * first): their rows into ind, their values into val (as many as there are rows waiting);
 * returns how many. j must ascend from one call to the next after a begin. */
int ls_stage1_lp_pending_col(ls_stage1 *s1, int j, int *ind, double *val);

/* Frees the mirror of the LP's columns (a later warm sync makes it again). */
void ls_stage1_lp_mirror_drop(ls_stage1 *s1);
/* The mirror and the local rows' cache on a first solve, as its second sync would make them
 * (the network's dual simplex reads them). */
void ls_stage1_lp_mirror_now(ls_stage1 *s1);

/* The LP's solution (GLPK's, after a solve of the whole) into s1->status, x and u. */
void ls_stage1_lp_take_solution(ls_stage1 *s1);

#endif
