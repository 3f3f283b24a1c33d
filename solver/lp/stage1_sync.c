/*
 * stage1_sync.c — puts the model's current numbers into stage 1's LP (stage1_lp.h), after
 * stage1_cont.c computed the continuity bounds: the first sync (the matrix, which GLPK gets
 * when it first reads it) and the warm ones, which write only what changed, compare with a
 * mirror of the LP's columns rather than ask GLPK, keep the contracts' objective while its
 * inputs stay, keep the local rows' entries, and leave same-type bound moves and a moved
 * objective in the mirror up to a flush (docs/method.md, "Warm re-solves" and "What a warm
 * re-solve no longer redoes"). It calls stage1_lp.c and stage1_rows.c alone.
 */
#include "stage1_lp.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A mirror that holds what GLPK holds, or will after a flush. */
static int mirror_live(const ls_stage1 *s1)
{
    return s1->mirror_obj && !s1->mirror_stale && s1->lazy_col;
}

/* Writes column col's objective coefficient or bounds where they differ from what the LP
 * holds: as the mirror has it (when there is one), else as GLPK says. */
static inline int set_obj(ls_stage1 *s1, int col, double v)
{
    glp_prob *lp = s1->lp;
    if (s1->mirror_obj ? s1->mirror_obj[col] == v : glp_get_obj_coef(lp, col) == v)
        return 0;
    if (s1->lazy_on) { /* a contract's, as its bounds: up to a flush */
        s1->mirror_obj[col] = v;
        s1->obj_pending = 1;
        return LS_STAGE1_LP_COSTS;
    }
    glp_set_obj_coef(lp, col, v);
    if (s1->mirror_obj)
        s1->mirror_obj[col] = v;
    return LS_STAGE1_LP_COSTS;
}

/* The bounds into GLPK now, where they differ. */
static int set_col_bnds_now(ls_stage1 *s1, int col, int type, double lo, double hi)
{
    glp_prob *lp = s1->lp;
    if (s1->mirror_obj ? s1->mirror_type[col] == type && s1->mirror_lo[col] == lo &&
                             s1->mirror_hi[col] == hi
                       : glp_get_col_type(lp, col) == type && glp_get_col_lb(lp, col) == lo &&
                             glp_get_col_ub(lp, col) == hi)
        return 0;
    glp_set_col_bnds(lp, col, type, lo, hi);
    if (s1->stat_now_ok) { /* GLPK may move a non-basic status to the new bounds */
        s1->stat_now[col] = glp_get_col_stat(lp, col);
        s1->now_is_start = 0;
    }
    if (s1->mirror_obj)
        s1->mirror_type[col] = (signed char)type, s1->mirror_lo[col] = lo, s1->mirror_hi[col] = hi;
    return LS_STAGE1_LP_BOUNDS;
}

/* Inline where it waits for a flush (a wage step's sync passes every contract here). */
static inline int set_col_bnds(ls_stage1 *s1, int col, int type, double lo, double hi)
{
    if (s1->lazy_on && s1->mirror_type[col] == type) {
        /* the same type: GLPK would keep the status; the bounds wait for a flush. Without
         * a branch on whether they moved: a draw moves about every other one, in no order
         * (lazy_col has room for one more than the columns listed) */
        double *at_lo = &s1->mirror_lo[col], *at_hi = &s1->mirror_hi[col];
        int moved = (*at_lo != lo) | (*at_hi != hi);
        s1->lazy_col[s1->n_lazy] = col;
        s1->n_lazy += moved & !s1->lazy_mark[col];
        s1->lazy_mark[col] |= (char)moved;
        double los[2] = {*at_lo, lo}, his[2] = {*at_hi, hi}; /* as they were, when equal */
        *at_lo = los[moved], *at_hi = his[moved];
        return moved * LS_STAGE1_LP_BOUNDS;
    }
    return set_col_bnds_now(s1, col, type, lo, hi);
}

void ls_stage1_lp_stat_flush(ls_stage1 *s1)
{
    if (!s1->stat_pending)
        return;
    s1->stat_pending = 0;
    glp_prob *lp = s1->lp;
    int nc = glp_get_num_cols(lp), nv = nc + glp_get_num_rows(lp);
    const int *want = s1->known_stat, *have = s1->stat_start;
    for (int k = 1; k <= nv; k++) {
        if (want[k] == have[k])
            continue;
        if (k <= nc)
            glp_set_col_stat(lp, k, want[k]);
        else
            glp_set_row_stat(lp, k - nc, want[k]);
    }
}

/* ls_stage1_lp_flush but for the matrix where the first sync left it out: what the mirror
 * holds goes to GLPK, and a row that waits (with the matrix before it) */
static void flush_held(ls_stage1 *s1)
{
    ls_stage1_lp_stat_flush(s1);
    s1->matrix_epoch++, s1->net_epoch++; /* GLPK's simplex may scale the LP anew after it */
    for (int j = 1; s1->obj_pending && j < s1->u_col0; j++)
        glp_set_obj_coef(s1->lp, j, s1->mirror_obj[j]);
    s1->obj_pending = 0;
    for (int k = 0; k < s1->n_lazy; k++) {
        int j = s1->lazy_col[k];
        glp_set_col_bnds(s1->lp, j, s1->mirror_type[j], s1->mirror_lo[j], s1->mirror_hi[j]);
        s1->lazy_mark[j] = 0;
    }
    s1->n_lazy = 0;
    ls_stage1_rows_flush(s1);
}

void ls_stage1_lp_flush(ls_stage1 *s1)
{
    ls_stage1_lp_matrix(s1);
    flush_held(s1);
}

/* The mirror of the LP's columns, made (or made afresh) from GLPK. Without memory there is
 * none: the syncs ask GLPK. */
static void mirror_make(ls_stage1 *s1)
{
    glp_prob *lp = s1->lp;
    int nc = glp_get_num_cols(lp);
    flush_held(s1); /* what it read would be behind */
    if (!s1->mirror_obj) {
        s1->mirror_obj = malloc(((size_t)nc + 1) * sizeof(double));
        s1->mirror_lo = malloc(((size_t)nc + 1) * sizeof(double));
        s1->mirror_hi = malloc(((size_t)nc + 1) * sizeof(double));
        s1->mirror_type = malloc((size_t)nc + 1);
        s1->lazy_col = malloc(((size_t)nc + 1) * sizeof(int));
        s1->lazy_mark = calloc((size_t)nc + 1, 1);
        if (!s1->mirror_obj || !s1->mirror_lo || !s1->mirror_hi || !s1->mirror_type ||
            !s1->lazy_col || !s1->lazy_mark) {
            ls_stage1_lp_mirror_drop(s1);
            return;
        }
    }
    for (int j = 1; j <= nc; j++) {
        s1->mirror_obj[j] = glp_get_obj_coef(lp, j);
        s1->mirror_type[j] = (signed char)glp_get_col_type(lp, j);
        s1->mirror_lo[j] = glp_get_col_lb(lp, j);
        s1->mirror_hi[j] = glp_get_col_ub(lp, j);
    }
    s1->mirror_stale = 0;
    s1->bounds_epoch++;
}

void ls_stage1_lp_mirror_drop(ls_stage1 *s1)
{
    if (s1->lp)
        flush_held(s1); /* the bounds only it held go to GLPK */
    free(s1->lazy_col);
    free(s1->lazy_mark);
    s1->lazy_col = NULL;
    s1->lazy_mark = NULL;
    free(s1->mirror_obj);
    free(s1->mirror_lo);
    free(s1->mirror_hi);
    free(s1->mirror_type);
    s1->mirror_obj = s1->mirror_lo = s1->mirror_hi = NULL;
    s1->mirror_type = NULL;
}

static int set_row_bnds(ls_stage1 *s1, int row, int type, double lo, double hi)
{
    glp_prob *lp = s1->lp;
    if (glp_get_row_type(lp, row) == type && glp_get_row_lb(lp, row) == lo &&
        glp_get_row_ub(lp, row) == hi)
        return 0;
    glp_set_row_bnds(lp, row, type, lo, hi);
    if (s1->stat_now_ok)
        s1->stat_now[glp_get_num_cols(lp) + row] = glp_get_row_stat(lp, row);
    return LS_STAGE1_LP_BOUNDS;
}

/* Two prices are the same (NAN, no usable contract, equals NAN). */
static int same_price(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* A contract's flags as a sync keeps them: today's clients or none, usable or not. */
enum { HELD = 1, USABLE = 2 };
static char synced_flags(const ls_contract *c)
{
    return (char)((c->current_clients > 0 ? HELD : 0) | (c->usable ? USABLE : 0));
}

/* Have the quality value, a provider's quality or the perturbation moved since the last
 * sync? Takes them as synced. */
static int costs_policy_moved(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    int moved = s1->synced_qv != m->policy.quality_value || s1->synced_perturb != s1->perturb;
    s1->synced_qv = m->policy.quality_value, s1->synced_perturb = s1->perturb;
    for (size_t p = 0; p < m->n_providers; p++)
        if (s1->synced_quality[p] != m->providers[p].quality)
            s1->synced_quality[p] = m->providers[p].quality, moved = 1;
    return moved;
}

/* A row a warm sync computed: pending in slot (its entries in the slot's arrays), or, with
 * slot −1 (no memory for it), written whole now, after the rows pending before it (so that
 * every column's entries keep the order of the writes). */
static void write_row(ls_stage1 *s1, int slot, int row, int n, const int *ind, const double *val)
{
    if (slot >= 0) {
        ls_stage1_pend_done(s1, slot, row, n);
        return;
    }
    ls_stage1_rows_flush(s1);
    ls_stage1_lp_matrix(s1);
    glp_set_mat_row(s1->lp, row, n, ind, val);
    s1->matrix_epoch++;
}

/* A segment's contracts' four local entries into seg[4·s …]: a local provider's (+ 1), in its
 * domain's row (+ 2); ls_stage1_lp_local_coef's products, the same bits. */
static void local_seg_entries(const ls_stage1 *s1, double *seg)
{
    const ls_model *m = s1->m;
    double all_target = ls_stage1_target(m, LS_LOCAL_ALL);
    for (size_t s = 0; s < m->n_segments; s++) {
        double r12 = 12 * m->segments[s].ref_floor;
        double own = ls_stage1_target(m, 1 + m->segments[s].domain), *v = &seg[4 * s];
        v[0] = ls_stage1_local_entry(r12, 0, all_target);
        v[1] = ls_stage1_local_entry(r12, 1, all_target);
        v[2] = own > 0 ? ls_stage1_local_entry(r12, 0, own) : 0.0;
        v[3] = own > 0 ? ls_stage1_local_entry(r12, 1, own) : 0.0;
    }
}

/* Which of its segment's entries contract c takes (local_kind's code). */
static inline unsigned char local_kind_of(const ls_contract *c, const ls_provider *providers)
{
    return (unsigned char)(c->usable ? 1 + (providers[c->provider].local != 0) : 0);
}

/* Which of each segment's four entries are not 0, against the last fill's (made: none):
 * net_epoch moves where one did (a usability moving is sync_floor_rows' to count). */
static void local_nonzero_take(ls_stage1 *s1, const double *seg, int made)
{
    int moved = made;
    for (size_t s = 0; s < s1->m->n_segments; s++) {
        const double *v = &seg[4 * s];
        unsigned char nz =
            (unsigned char)((v[0] != 0) | (v[1] != 0) << 1 | (v[2] != 0) << 2 | (v[3] != 0) << 3);
        moved |= nz != s1->local_nonzero[s];
        s1->local_nonzero[s] = nz;
    }
    s1->net_epoch += moved;
}

/* The local rows were written without the per-segment record of which entries are 0: it is
 * not the rows' any more (none matches the next fill's), and net_epoch moves now. */
static void forget_nonzero(ls_stage1 *s1)
{
    if (s1->local_nonzero)
        memset(s1->local_nonzero, 0xff, s1->m->n_segments);
    s1->net_epoch++;
}

/* What the floors' compare found: max_budget rows' contracts (crossed), and what moved. */
typedef struct compared {
    unsigned crossed;
    int local, held, usable;
} compared;

/* The local rows' entries of every contract into s1's cache (local_seg, local_kind), for a
 * warm sync: the passes after it (the duals, the fresh solution, the network's side rows)
 * read them there, and the sync writes the rows from them. Per segment the four entries its
 * contracts can take (a local provider's or another's, in the row over every contract and
 * in its domain's: the products ls_stage1_lp_local_coef makes, so the same bits), and which
 * of them are not 0, against the last fill's (net_epoch); then per contract which it takes.
 * Without memory there is none: they are computed where read. */
static void local_cache_fill(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    size_t nc = m->n_contracts, ns = m->n_segments;
    int made = !s1->local_kind;
    if (made) {
        s1->local_seg = malloc((4 * ns + 1) * sizeof(double));
        s1->local_kind = malloc(nc + 1);
        s1->local_nonzero = malloc(ns + 1);
        if (!s1->local_seg || !s1->local_kind || !s1->local_nonzero) {
            free(s1->local_seg), free(s1->local_kind), free(s1->local_nonzero);
            s1->local_seg = NULL, s1->local_kind = NULL, s1->local_nonzero = NULL;
            return;
        }
    }
    s1->local_epoch++;
    local_seg_entries(s1, s1->local_seg);
    local_nonzero_take(s1, s1->local_seg, made);
    for (size_t j = 0; j < nc; j++)
        s1->local_kind[j] = local_kind_of(&m->contracts[j], m->providers);
    s1->local_cached = 1;
}

/* Contract j's floor and flags against the LP's, taken as synced; its provider dirty. */
static inline void compare_contract(const ls_contract *c, size_t j, double *synced_floor,
                                    char *synced_held, char *dirty, compared *f)
{
    if (synced_floor[j] != c->floor_tariff) {
        /* a max_budget row holds the contract from a floor above 0 */
        f->crossed += (synced_floor[j] == 0) != (c->floor_tariff == 0);
        synced_floor[j] = c->floor_tariff;
        dirty[c->provider] = 1;
        f->local = 1;
    }
    char flags = synced_flags(c);
    if (synced_held[j] != flags) {
        f->held |= (synced_held[j] ^ flags) & HELD;
        f->usable |= (synced_held[j] ^ flags) & USABLE;
        synced_held[j] = flags;
    }
}

/* What a pass of the contracts' costs reads, in locals: a store into the mirror may, for all
 * the compiler knows, change the quality value or the perturbation (costs_pass). */
typedef struct cost_inputs {
    const ls_provider *providers;
    const double *tie;
    double *mirror, *kept_cost, *kept_pref; /* kept_cost, kept_pref: NULL, none kept */
    double qv, perturb;
} cost_inputs;

/* Contract j's (0-based) cost and preference into kept_cost and kept_pref, its objective
 * into the mirror up to a flush (set_obj's), the same bits; whether it moved. */
static inline int cost_contract(const ls_contract *c, size_t j, const cost_inputs *in)
{
    int col = (int)j + 1;
    double cost = 12 * (c->floor_tariff - in->qv * in->providers[c->provider].quality);
    double r = (double)!(c->current_clients > 0) + in->tie[j];
    if (in->kept_cost)
        in->kept_cost[col] = cost, in->kept_pref[col] = r;
    double v = cost + in->perturb * r;
    /* as set_obj: the mirror keeps its bits where it equals v (a 0 of either sign) */
    int differs = !(in->mirror[col] == v);
    double pick[2] = {in->mirror[col], v};
    in->mirror[col] = pick[differs];
    return differs;
}

/* The matrix part that depends on floors and the local targets: the local rows, and the
 * max_budget row of every provider one of whose floors changed, written row by row (a
 * wage-index step changes every floor: a pass over the columns cost more). With fuse, the
 * costs (costs_pass) and the local entries' cache (local_cache_fill) are made in the same
 * pass over the records, which each pass of its own read from memory again: where nothing
 * moved, the same values again; where the rows are written again, the fill is taken as made. */
static int sync_floor_rows(ls_stage1 *s1, int fuse, int *costs_done)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    size_t nc = m->n_contracts, np = m->n_providers;
    int *ind = malloc((nc + 1) * sizeof(int));
    double *val = malloc((nc + 1) * sizeof(double));
    char *dirty = calloc(np + 1, 1);
    if (!ind || !val || !dirty) {
        free(ind);
        free(val);
        free(dirty);
        return -1;
    }
    int local = 0, n = 0, held = 0, usable = 0;
    /* only clients moved: no floor, no contract's flags (the pass would find none). What it
     * reads of s1 in locals: a store of a byte (dirty, synced_held) may, for all the compiler
     * knows, change any of them, which it then read again for every contract */
    double *synced_floor = s1->synced_floor;
    unsigned char *kinds = s1->local_kind;
    char *synced_held = s1->synced_held;
    const ls_contract *contracts = m->contracts;
    const ls_provider *providers = m->providers;
    cost_inputs in = {providers,  s1->tie_hash, s1->mirror_obj, NULL, NULL, m->policy.quality_value,
                      s1->perturb};
    if (fuse && s1->settle_cost)
        in.kept_cost = s1->settle_cost, in.kept_pref = in.kept_cost + glp_get_num_cols(lp) + 1;
    compared f = {0, 0, 0, 0};
    int obj_moved = 0;
    double *lseg = fuse && kinds ? s1->local_seg : NULL;
    if (lseg)
        local_seg_entries(s1, lseg);
    for (size_t j = 0; fuse && j < nc; j++) {
        const ls_contract *c = &contracts[j];
        compare_contract(c, j, synced_floor, synced_held, dirty, &f);
        if (lseg) /* local_cache_fill's own */
            kinds[j] = local_kind_of(c, providers);
        obj_moved |= cost_contract(c, j, &in); /* costs_pass' own */
    }
    s1->obj_pending |= obj_moved, *costs_done = fuse; /* (none moved without fuse) */
    for (size_t j = 0; !fuse && !s1->clients_only && j < nc; j++)
        compare_contract(&contracts[j], j, synced_floor, synced_held, dirty, &f);
    local = f.local, held = f.held, usable = f.usable;
    s1->net_epoch += f.crossed;
    s1->net_epoch += usable != 0;        /* the local rows hold a contract while it is usable */
    int policy = costs_policy_moved(s1); /* always: it takes them as synced */
    s1->costs_moved = local || held || policy;
    if (local || usable)
        s1->local_cached = 0;
    /* a reference price moves the local row's entries of its whole segment */
    for (size_t s = 0; s < m->n_segments; s++)
        if (!same_price(s1->synced_ref[s], m->segments[s].ref_floor)) {
            s1->synced_ref[s] = m->segments[s].ref_floor;
            s1->ref_epoch++;
            local = 1;
        }
    int written = 0, redo[LS_N_LOCAL], any_redo = 0;
    for (int k = 0; k < LS_N_LOCAL; k++) {
        double target = ls_stage1_target(m, k);
        /* a domain row without a target is empty: rewritten only when its target went; a
         * contract that became usable or stopped being so moves its entries too */
        redo[k] = target != s1->synced_lsm[k] ||
                  ((local || usable) && (k == LS_LOCAL_ALL || target > 0));
        any_redo |= redo[k];
    }
    if (any_redo) { /* the rows' entries made once, into the cache the passes after read */
        s1->local_cached = 0;
        if (lseg) { /* made in the pass above: the rest of local_cache_fill */
            s1->local_epoch++;
            local_nonzero_take(s1, lseg, 0);
            s1->local_cached = 1;
        } else if (s1->mirror_obj)
            local_cache_fill(s1);
    }
    for (int k = 0; k < LS_N_LOCAL; k++) {
        double target = ls_stage1_target(m, k);
        if (!redo[k])
            continue;
        n = 0;
        struct ls_pending_row *r = ls_stage1_pend_room(s1, k, (int)nc);
        int *ri = r ? r->ind : ind;
        double *rv = r ? r->val : val;
        int cached = s1->local_cached;
        if (!cached) /* which entries are 0 is not followed without the cache */
            forget_nonzero(s1);
        for (size_t j = 0; j < nc; j++) {
            double coef;
            if (!cached)
                coef = ls_stage1_lp_local_coef(s1, j, k);
            else if (k == LS_LOCAL_ALL)
                coef = ls_stage1_local_all(s1->local_seg, s1->local_kind, s1->col_seg, j);
            else /* a domain's entry in the cache is the contract's own domain's */
                coef = m->segments[m->contracts[j].segment].domain == k - 1
                           ? ls_stage1_local_own(s1->local_seg, s1->local_kind, s1->col_seg, j)
                           : 0.0;
            if (coef != 0)
                ri[++n] = (int)j + 1, rv[n] = coef;
        }
        write_row(s1, r ? k : -1, s1->local_row[k], n, ri, rv);
        if (k != LS_LOCAL_ALL && s1->scaled) {
            /* scaled while it was empty (a target set by a what-if): equilibrate it now, as
             * the scaling would have, by its largest scaled entry */
            double hi = 0;
            for (int i = 1; i <= n; i++)
                hi = fmax(hi, fabs(rv[i]) * glp_get_sjj(lp, ri[i]));
            glp_set_rii(lp, s1->local_row[k], hi > 0 ? 1 / hi : 1);
            s1->matrix_epoch++;
        }
        s1->synced_lsm[k] = target;
        written = 1;
    }
    for (size_t p = 0; p < np; p++) {
        if (!dirty[p] || !s1->budget_row[p])
            continue;
        n = 0;
        int slot = LS_N_LOCAL + (int)p;
        struct ls_pending_row *r =
            ls_stage1_pend_room(s1, slot, s1->by_provider[p + 1] - s1->by_provider[p]);
        int *ri = r ? r->ind : ind;
        double *rv = r ? r->val : val;
        for (int k = s1->by_provider[p]; k < s1->by_provider[p + 1]; k++) {
            int j = s1->provider_contracts[k];
            ri[++n] = j + 1, rv[n] = 12 * m->contracts[j].floor_tariff;
        }
        write_row(s1, r ? slot : -1, s1->budget_row[p], n, ri, rv);
    }
    free(ind);
    free(val);
    free(dirty);
    return (written || obj_moved) ? LS_STAGE1_LP_COSTS : 0;
}

/* First sync: the whole matrix, column by column, and the contracts listed by provider (for
 * rewriting the max_budget rows). */
static int sync_first(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    size_t nc = m->n_contracts, ns = m->n_segments, np = m->n_providers;
    s1->synced_floor = malloc((nc + 1) * sizeof(double));
    s1->synced_held = malloc(nc + 1);
    s1->synced_quality = calloc(np + 1, sizeof(double)); /* the first sync compares, then takes */
    s1->by_provider = calloc(np + 2, sizeof(int));
    s1->provider_contracts = malloc((nc + 1) * sizeof(int));
    int *fill = malloc((np + 1) * sizeof(int));
    if (!s1->synced_floor || !s1->synced_held || !s1->synced_quality || !s1->by_provider ||
        !s1->provider_contracts || !fill) {
        free(fill);
        free(s1->synced_floor);
        free(s1->synced_held);
        free(s1->synced_quality);
        free(s1->by_provider);
        free(s1->provider_contracts);
        s1->synced_floor = s1->synced_quality = NULL;
        s1->synced_held = NULL;
        s1->by_provider = s1->provider_contracts = NULL;
        return -1;
    }
    for (size_t j = 0; j < nc; j++)
        s1->by_provider[m->contracts[j].provider + 1]++;
    for (size_t p = 0; p < np; p++)
        s1->by_provider[p + 1] += s1->by_provider[p];
    memcpy(fill, s1->by_provider, (np + 1) * sizeof(int));
    for (size_t j = 0; j < nc; j++)
        s1->provider_contracts[fill[m->contracts[j].provider]++] = (int)j;
    free(fill);
    s1->matrix_lazy = 1; /* (ls_stage1_lp_matrix writes it where GLPK reads it) */
    s1->matrix_epoch++, s1->net_epoch++;
    for (size_t j = 0; j < nc; j++) {
        s1->synced_floor[j] = m->contracts[j].floor_tariff;
        s1->synced_held[j] = synced_flags(&m->contracts[j]);
    }
    costs_policy_moved(s1);
    s1->costs_moved = 1;
    for (size_t s = 0; s < ns; s++)
        s1->synced_ref[s] = m->segments[s].ref_floor;
    for (int k = 0; k < LS_N_LOCAL; k++)
        s1->synced_lsm[k] = ls_stage1_target(m, k);
    return 0;
}

/* local: Σ_local 12·r·x − target · Σ_all 12·r·x ≥ −(the shortfall allowed: 0, or the one
 * the priorities hold, lex.c); a domain's free in a relaxed first attempt. Returns
 * LS_STAGE1_LP_BOUNDS when one changed. */
static int local_bounds(ls_stage1 *s1)
{
    int changed = 0;
    for (int k = 0; k < LS_N_LOCAL; k++) {
        int on = ls_stage1_target(s1->m, k) > 0 && !(k != LS_LOCAL_ALL && s1->relax_domains);
        changed |= set_row_bnds(s1, s1->local_row[k], on ? GLP_LO : GLP_FR,
                                on ? s1->local_lb[k] : -DBL_MAX, DBL_MAX);
    }
    return changed;
}

void ls_stage1_lp_hold_local(ls_stage1 *s1)
{
    s1->bounds_epoch += local_bounds(s1) != 0;
}

void ls_stage1_lp_mirror_now(ls_stage1 *s1)
{
    if (!s1->mirror_obj || s1->mirror_stale)
        mirror_make(s1);
    if (s1->mirror_obj && !s1->local_cached)
        local_cache_fill(s1);
}

/* cost_contract for every contract, where the mirror waits for a flush and the bounds are
 * kept (a wage step's sync that did not make the costs in its compare pass: fuse).
 * LS_STAGE1_LP_COSTS where one moved. */
static int costs_pass(ls_stage1 *s1, double *kept_cost, double *kept_pref)
{
    const ls_model *m = s1->m;
    const ls_contract *contracts = m->contracts;
    cost_inputs in = {m->providers, s1->tie_hash, s1->mirror_obj,
                      kept_cost,    kept_pref,    m->policy.quality_value,
                      s1->perturb};
    int moved = 0;
    for (size_t j = 0; j < m->n_contracts; j++)
        moved |= cost_contract(&contracts[j], j, &in);
    if (moved)
        s1->obj_pending = 1;
    return moved ? LS_STAGE1_LP_COSTS : 0;
}

/* Puts the model's current numbers into the LP: objective, bounds, right-hand sides and the
 * coefficients that depend on floors or on the local targets. Only what differs is written: a
 * changed matrix makes GLPK factorize the basis again. Returns LS_STAGE1_LP_* flags, or -1 when out
 * of memory. */
static int sync(ls_stage1 *s1)
{
    ls_model *m = s1->m;
    int first = !s1->synced_floor, changed = 0;
    if (first && sync_first(s1) != 0)
        return -1;
    /* the contracts' objective as the last sync wrote it, its inputs unmoved: not computed
     * again (a risk run's draw, a demand step) */
    int costs_kept = !first && s1->mirror_obj && !s1->mirror_stale;
    if (!first && (!s1->mirror_obj || s1->mirror_stale))
        mirror_make(s1);
    /* the costs in the floors' compare pass where the pass below would make them as
     * costs_pass does (the mirror waits for a flush, the bounds kept) */
    int costs_done = 0, fuse = !first && mirror_live(s1) && !s1->clients_only && !s1->lex_start &&
                               !s1->opts.glpk_resolve && s1->bounds_kept;
    int rows = first ? LS_STAGE1_LP_COSTS : sync_floor_rows(s1, fuse, &costs_done);
    if (rows < 0)
        return -1;
    changed |= rows;
    costs_kept = costs_kept && !s1->costs_moved;
    if (!costs_kept)
        s1->costs_epoch++;
    for (size_t s = 0; s < m->n_segments; s++) {
        double clients = m->segments[s].clients;
        changed |= set_row_bnds(s1, (int)s + 1, GLP_FX, clients, clients);
        int col = s1->u_col0 + (int)s;
        double pin = s1->u_pin[s];
        changed |= isnan(pin) ? set_col_bnds(s1, col, GLP_LO, 0, DBL_MAX)
                              : set_col_bnds(s1, col, GLP_FX, pin, pin);
        changed |= set_obj(s1, col, ls_stage1_lp_objective_coef(s1, col));
    }
    for (size_t p = 0; p < m->n_providers; p++) {
        if (s1->capacity_row[p])
            changed |= set_row_bnds(s1, s1->capacity_row[p], GLP_UP, -DBL_MAX,
                                    m->providers[p].capacity_hours);
        if (s1->budget_row[p])
            changed |= set_row_bnds(s1, s1->budget_row[p], GLP_UP, -DBL_MAX,
                                    m->providers[p].max_budget);
    }
    changed |= local_bounds(s1);
    /* a warm solve that the network's dual simplex tries first (stage1.c) may leave the
     * contracts' moved bounds in the mirror alone, up to a flush */
    s1->lazy_on = mirror_live(s1) && !s1->lex_start && !s1->opts.glpk_resolve;
    /* only clients moved and the objective kept: the contracts continuity listed are the
     * only ones whose bounds can have moved (the pass over the others would write none) */
    const int *only = costs_kept && s1->clients_only && s1->cont_listed ? s1->cont_list : NULL;
    size_t n_only = only ? s1->n_cont_list : m->n_contracts;
    if (only && !s1->cont_all_dirty) {
        /* and of those, the ones the continuity pass moved (usable, with their max_clients
         * beside the list: the records, in no order, missed the cache) */
        for (size_t t = 0; t < s1->n_cont_moved; t++) {
            int k = s1->cont_moved[t], j = only[k];
            double lo, hi;
            int type = ls_stage1_lp_bounds_of(s1->lower[j], s1->cont_max[k], &lo, &hi);
            changed |= set_col_bnds(s1, j + 1, type, lo, hi);
        }
        n_only = 0;
    }
    /* where the costs moved, every contract's cost and preference go to settle's copy on
     * the way (ties.c, which would otherwise compute them both again in a pass of its own):
     * the objective is ls_stage1_lp_objective_coef's sum of the two, the same bits */
    double *kept_cost = !costs_kept && !only ? s1->settle_cost : NULL;
    double *kept_pref = kept_cost ? kept_cost + glp_get_num_cols(s1->lp) + 1 : NULL;
    /* tariffs alone moved, and the continuity pass found the bounds as they were (its
     * bounds_kept): the contracts' costs alone, no bound to compare */
    int bounds = !(s1->bounds_kept && mirror_live(s1));
    if (costs_done && !bounds && s1->lazy_on) /* (it is: fuse asked for both) */
        n_only = 0;
    else if (!costs_kept && !only && !bounds && s1->lazy_on) {
        changed |= costs_pass(s1, kept_cost, kept_pref);
        n_only = 0;
    }
    for (size_t k = 0; k < n_only; k++) {
        size_t j = only ? (size_t)only[k] : k;
        int col = (int)j + 1;
        if (!costs_kept) {
            double c = ls_stage1_lp_cost(s1, col), r = ls_stage1_lp_preference(s1, col);
            if (kept_cost)
                kept_cost[col] = c, kept_pref[col] = r;
            changed |= set_obj(s1, col, c + s1->perturb * r);
        }
        if (bounds) {
            double lo, hi;
            int type = ls_stage1_lp_contract_bounds(s1, j, &lo, &hi);
            changed |= set_col_bnds(s1, col, type, lo, hi);
        }
    }
    s1->bounds_kept = 0;
    if (kept_cost) /* the contracts' (settle does the unplaced clients' columns) */
        s1->settle_epoch = s1->costs_epoch;
    /* every bound the continuity pass computed is written */
    s1->n_cont_moved = 0;
    s1->cont_all_dirty = 0;
    s1->lazy_on = 0;
    if (changed & LS_STAGE1_LP_COSTS)
        s1->cost_epoch++;
    if (changed & LS_STAGE1_LP_BOUNDS)
        s1->bounds_epoch++;
    if (s1->mirror_obj && !s1->local_cached)
        local_cache_fill(s1);
    return changed;
}

int ls_stage1_lp_write(ls_stage1 *s1)
{
    return sync(s1);
}

int ls_stage1_lp_sync(ls_stage1 *s1)
{
    return ls_stage1_lp_presync(s1) != 0 ? -1 : sync(s1);
}
