/*
 * stage1.c — solving one stage-1 LP (stage1.h): its build and free, and the solve that
 * picks a strategy for it. Below it: the LP (stage1_lp.c), its working problem
 * (stage1_work.c) and the strategies (network.c, sift.c, ties.c, lex.c); above it, the
 * component split (components.c), which solves each component with ls_stage1_solve.
 */
#include "stage1.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dualnet.h"
#include "i18n.h"
#include "lex.h"
#include "network.h"
#include "pricing.h"
#include "sift.h"
#include "stage1_lu.h"
#include "stage1_work.h"
#include "ties.h"
#include "util.h"

/* Below 20,000 columns a warm re-solve solves the whole LP: keeping the working problem in
 * step costs more than GLPK's handling of the columns it saves (a risk run on the bundled
 * Zaltbommel, 2,086 columns: 0.26 ms sifted, 0.22 ms whole). Tests set 0 to reach the
 * working problem on small models. */
void ls_stage1_options_init(ls_stage1_options *o)
{
    memset(o, 0, sizeof(*o));
    o->threads = 1;
    o->sift_min_cols = 20000;
}

int ls_stage1_build(ls_model *m, int names, const ls_stage1_options *opts, ls_stage1 *s1)
{
    ls_stage1_options defaults;
    if (!opts) {
        ls_stage1_options_init(&defaults);
        opts = &defaults;
    }
    int rc = ls_stage1_lp_build(m, opts, s1);
    if (rc == LS_OK && names)
        ls_stage1_set_names(s1);
    return rc;
}

void ls_stage1_set_names(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    size_t nc = m->n_contracts, ns = m->n_segments, np = m->n_providers;
    char name[256];
    for (size_t s = 0; s < ns; s++) {
        ls_lp_name(name, sizeof name, "demand", m->segments[s].id, NULL);
        glp_set_row_name(lp, (int)s + 1, name);
        ls_lp_name(name, sizeof name, "u", m->segments[s].id, NULL);
        glp_set_col_name(lp, s1->u_col0 + (int)s, name);
    }
    for (size_t p = 0; p < np; p++) {
        if (s1->capacity_row[p]) {
            ls_lp_name(name, sizeof name, "capacity", m->providers[p].id, NULL);
            glp_set_row_name(lp, s1->capacity_row[p], name);
        }
        if (s1->budget_row[p]) {
            ls_lp_name(name, sizeof name, "max_budget", m->providers[p].id, NULL);
            glp_set_row_name(lp, s1->budget_row[p], name);
        }
    }
    glp_set_row_name(lp, s1->local_row[LS_LOCAL_ALL], "local");
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        ls_lp_name(name, sizeof name, "local", ls_domain_names[d], NULL);
        glp_set_row_name(lp, s1->local_row[1 + d], name);
    }
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        ls_lp_name(name, sizeof name, "x", m->providers[c->provider].id,
                   m->segments[c->segment].id);
        glp_set_col_name(lp, (int)j + 1, name);
    }
}

void ls_stage1_free(ls_stage1 *s1)
{
    ls_dualnet_free(s1);
    ls_pricing_free(s1);
    ls_stage1_work_drop(s1);
    ls_stage1_lu_drop(s1);
    ls_stage1_lp_free(s1);
}

void ls_stage1_unperturb(ls_stage1 *s1)
{
    ls_stage1_lp_flush(s1); /* an export or GLPK's simplex follows */
    s1->mirror_stale = 1; /* the objective below is not the one a sync wrote */
    for (int j = 1; j <= glp_get_num_cols(s1->lp); j++) {
        /* unmet clients held by the priorities above cost are a constant: no cost (their
         * bounds hold them there; written here too where the first attempt's solve was the
         * priorities' optimum, which left them free) */
        double pin = j >= s1->u_col0 ? s1->u_pin[j - s1->u_col0] : NAN;
        glp_set_obj_coef(s1->lp, j, !isnan(pin) ? 0.0 : ls_stage1_lp_cost(s1, j));
        if (!isnan(pin))
            glp_set_col_bnds(s1->lp, j, GLP_FX, pin, pin);
    }
}

/* Frees the priorities above cost: every segment's unmet clients and the local shortfall. */
static void free_priorities(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    s1->lex = 0, s1->lex_pivots = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        s1->u_pin[s] = NAN;
    for (int k = 0; k < LS_N_LOCAL; k++)
        s1->local_lb[k] = s1->local_shortfall[k] = 0;
    s1->relax_domains = ls_stage1_domain_targets(m);
}

/* The first attempt left the domains' local rows free: does its placement meet every
 * domain's target anyway (to LS_LEX_TOL of the row's scale)? Then it is the answer; if not,
 * the priorities find the least shortfall. Holding the rows in the first attempt cost 5× the
 * time on the Amsterdam preset when a target was out of reach: GLPK's first phase on an LP
 * with no solution, before the priorities did the same work again. */
static int domains_met(const ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    double scale = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        if (isfinite(m->segments[s].ref_floor))
            scale += 12 * m->segments[s].ref_floor * m->segments[s].clients;
    for (int k = 1; k < LS_N_LOCAL; k++) {
        if (!(ls_stage1_target(m, k) > 0))
            continue;
        double row = 0;
        for (size_t j = 0; j < m->n_contracts; j++)
            if (s1->x[j] != 0)
                row += ls_stage1_lp_local_coef(s1, j, k) * s1->x[j];
        if (row < -LS_LEX_TOL * fmax(1, scale))
            return 0;
    }
    return 1;
}

/* The network placement of a cold start (network.c), made from the model's numbers alone:
 * on a thread of its own while the calling one writes the LP, when the solve may use two
 * (plan amsterdam: the placement and the first write take about the same time). */
typedef struct placement {
    ls_stage1 *s1;
    ls_network *net;
    int rc; /* ls_network_place's */
} placement;

/* each segment's cheapest contract (and those the placement uses) in the sifted solve's working
 * problem, the others priced in: plan amsterdam 0.42 -> 0.24 s of CPU against four a
 * segment, the same optimal basis on every preset (bench/README.md) */
static void *place(void *arg)
{
    placement *pc = arg;
    pc->rc = ls_network_place(pc->s1, 20, 1, &pc->net);
    return NULL;
}

/* Readies the LP for a solve: synced with the model (pins included) and, on the first solve,
 * scaled. *cold is set when this is the first solve; then, with pc, the network placement
 * is made into it (meanwhile, on a second thread). Returns the sync's LS_STAGE1_LP_* flags,
 * or −1 when out of memory. */
static int prepare(ls_stage1 *s1, int *cold, placement *pc)
{
    s1->work_basis = 0; /* settle uses the working problem only when this solve ends there */
    ls_stage1_forget_known(s1);
    if (ls_stage1_lp_presync(s1) != 0)
        return -1;
    *cold = !s1->scaled;
    int placing = *cold && pc;
    pthread_t thread;
    int threaded = placing && s1->opts.threads > 1 && pthread_create(&thread, NULL, place, pc) == 0;
    int changed = ls_stage1_lp_write(s1);
    /* coefficients span hours (12·hours) to euros (12·floor): scale once, on the first
     * solve, when the matrix is filled; later syncs keep the factors. One equilibration
     * pass: GLPK's automatic scaling (geometric-mean passes first) took 0.5 s on the
     * Amsterdam preset and 3.6 s on the country, and the solves were no faster for it */
    if (changed >= 0 && !s1->scaled) {
        if (ls_stage1_lp_equilibrate(s1) != 0)
            changed = -1;
        else
            s1->scaled = 1;
    }
    if (threaded)
        pthread_join(thread, NULL);
    else if (placing && changed >= 0)
        place(pc);
    return changed;
}

/* The cold start from the network placement (made by prepare) by sifting (network.c,
 * sift.c). Returns 1 when it reached the optimum (the LP holds it), 0 when GLPK's own start
 * is to take over, and LS_NETWORK_SHORT when the placement cannot meet the local target. */
static int network_start(ls_stage1 *s1, placement *pc)
{
    char *out = NULL;
    int net = pc->rc == 0 ? ls_network_basis(pc->net, &out) : pc->rc;
    ls_network_free(pc->net);
    pc->net = NULL;
    if (net == LS_NETWORK_SHORT)
        return LS_NETWORK_SHORT;
    if (net == 0) /* the sifted solve frees out */
        net = ls_sift_solve(s1, GLP_PRIMAL, out, 0);
    return net == 0 && s1->status == GLP_OPT;
}

/* The cold start the dual way: each segment's cheapest contract basic (the first on a tie;
 * its unplaced-clients column where no contract is usable), every other column at its lower
 * bound, the demand rows fixed and the slacks of the capacity and side rows basic. That is a
 * spanning tree of the network (dualnet.c: a segment hangs from the root, or from its
 * provider's capacity row, which hangs from the root) whose potentials price each segment at
 * its cheapest contract and a capacity hour at 0, so that no column costs less than its
 * segment's price: the start is dual feasible, and the network's dual simplex moves clients
 * until the capacities, bounds and continuity hold. On the Amsterdam preset that takes some
 * 2,000 of its pivots, against the placement, the working problem and GLPK's primal simplex
 * of the network start (bench/README.md). 1 when it reached the optimum (the LP holds it);
 * 0 when it did not (a side row binds, or out of memory), and the LP's statuses are this
 * start's until the caller's replace them. */
static int dual_cold(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    glp_prob *lp = s1->lp;
    int ns = (int)m->n_segments, nc = glp_get_num_cols(lp), nr = glp_get_num_rows(lp);
    ls_stage1_lp_mirror_now(s1); /* the network reads the mirror */
    int *best = s1->mirror_obj ? malloc(((size_t)ns + 1) * sizeof(int)) : NULL;
    if (!best)
        return 0;
    for (int s = 0; s < ns; s++)
        best[s] = s1->u_col0 + s;
    /* a column fixed at 0 (unusable, or a max_clients of 0) carries no client */
    for (int j = 1; j < s1->u_col0; j++) {
        int s = m->contracts[j - 1].segment;
        if (s1->mirror_type[j] != GLP_FX && s1->mirror_obj[j] < s1->mirror_obj[best[s]])
            best[s] = j;
    }
    for (int j = 1; j <= nc; j++)
        glp_set_col_stat(lp, j, GLP_NL); /* GLPK puts each at the bound its type has */
    for (int s = 0; s < ns; s++)
        glp_set_col_stat(lp, best[s], GLP_BS);
    for (int i = 1; i <= nr; i++)
        glp_set_row_stat(lp, i, i <= ns ? GLP_NS : GLP_BS);
    free(best);
    s1->stat_now_ok = 0;
    s1->stat_pending = 0, s1->known_stat = NULL; /* every status written just now */
    return ls_dualnet_solve(s1);
}

/* One solve of the LP as it is synced (pins included): cold from the network start, warm by
 * sifting; then the tie-break. *feasible is cleared when the LP has no solution (only with a
 * local row held at a shortfall it cannot reach). */
static int solve_lp(ls_stage1 *s1, int *feasible, ls_errors *errs)
{
    *feasible = 1;
    glp_prob *lp = s1->lp;
    /* a cold start from the network placement by sifting (network.c), unless the caller
     * asked for GLPK's own start (tests compare them) */
    placement pc = {s1, NULL, -1};
    /* a cold solve tries the dual start first, and makes the placement only if it fails */
    int dual_first = !s1->scaled && !s1->opts.plain_start && !s1->opts.placement_start;
    int cold, changed = prepare(s1, &cold, s1->opts.plain_start || dual_first ? NULL : &pc);
    if (changed < 0) {
        ls_network_free(pc.net);
        return LS_EINTERNAL;
    }
    int solved = 0;
    if (cold && dual_first && dual_cold(s1))
        solved = 1;
    else if (cold) {
        if (!s1->opts.plain_start) {
            if (dual_first)
                place(&pc); /* the placement the dual start went without */
            solved = network_start(s1, &pc);
            if (solved == LS_NETWORK_SHORT) {
                *feasible = 0; /* lex.c finds the least shortfall, from this basis */
                return LS_OK;
            }
        }
        if (!solved) {
            ls_stage1_lp_matrix(s1);
            glp_adv_basis(lp, 0);
        }
    }
    /* GLPK's primal simplex is some 20× faster than its dual on this transportation-like
     * structure from a cold start (bench/README.md). A warm start after a what-if that moved
     * only right-hand sides and bounds (demand, capacities) is still dual feasible: the dual
     * simplex repairs it in fewer pivots; after a change of costs the primal does. */
    int priced = s1->priced;
    const double *start_rc = s1->priced_at ? s1->priced_at : ls_stage1_rc(s1);
    s1->priced = 0, s1->priced_at = NULL;
    int rc = 0;
    /* the dual simplex on the network first (dualnet.c): after a move of right-hand sides
     * and bounds the basis is still dual feasible, after one of costs often too (a wage
     * step); GLPK's simplex where it does not reach the optimum */
    int dual = changed == LS_STAGE1_LP_BOUNDS && !s1->lex_start;
    int net = !cold && !s1->lex_start && !s1->opts.glpk_resolve && ls_dualnet_solve(s1);
    s1->stat_now_ok = 0; /* read by the network's start alone */
    if (net)
        ; /* the LP holds the optimal basis */
    else if (!cold)
        /* the first attempt takes the working problem's "no solution" as the LP's (it has
         * none where the target it holds is out of reach): the priorities then place from
         * there, and where the whole LP has one after all they reach the placement it would
         * have given, the first attempt being only their shortcut. The whole LP's primal
         * simplex took some 30 pivots and 0.15 s to say the same in a risk run on the
         * Amsterdam preset at a 60 % target, a fifth of the run. */
        rc = ls_sift_solve(s1, dual ? GLP_DUALP : GLP_PRIMAL,
                           priced ? ls_sift_out(s1, start_rc) : NULL, !s1->lex);
    else if (!solved) { /* the network start's sifted solve left the optimum: no call more */
        ls_stage1_lp_flush(s1);
        rc = ls_simplex1(lp, GLP_PRIMAL);
        ls_stage1_lp_take_solution(s1);
    }
    if (rc == GLP_EITLIM && s1->it_cap) {
        /* a retry of the priorities that did not settle within its pivots ends the retries:
         * the placement is then the error, in seconds, not minutes of degenerate pivots */
        s1->it_capped = 1;
        *feasible = 0;
        return LS_OK;
    }
    if (rc != 0) {
        ls_error_add(errs, NULL, 0, 0, _("stage 1: the LP solver failed (GLPK code %d)"), rc);
        return LS_EINTERNAL;
    }
    int status = s1->status;
    if (status == GLP_NOFEAS) {
        *feasible = 0;
        return LS_OK;
    }
    if (status != GLP_OPT) {
        ls_error_add(errs, NULL, 0, 0, _("stage 1: the LP solver ended with status %d"), status);
        return LS_EINTERNAL;
    }
    return ls_ties_settle(s1);
}

/* Whether every client the first attempt left without a place (more than none in a segment,
 * ls_lex_none) is in a segment none of whose contracts may take one: each
 * unusable (its floor above the max_tariff) or with a max_clients of 0. Those clients go
 * without a place in every placement, so that a first attempt that met the targets is the
 * priorities' optimum as it stands: the fewest unmet clients (those), the only ones, no
 * shortfall, and the least cost, with the tie-break, of the placements that leave just them
 * out. */
static int unmet_forced(const ls_stage1 *s1, double none)
{
    const ls_model *m = s1->m;
    unsigned char *room = calloc(m->n_segments + 1, 1);
    if (!room)
        return 0;
    for (size_t j = 0; j < m->n_contracts; j++) {
        double lo, hi;
        ls_stage1_lp_contract_bounds(s1, j, &lo, &hi);
        room[m->contracts[j].segment] |= hi > 0;
    }
    int forced = 1;
    for (size_t s = 0; forced && s < m->n_segments; s++)
        forced = !(s1->u[s] > none) || !room[s];
    free(room);
    return forced;
}

/* The duals where the first attempt is the priorities' answer (unmet_forced), as the LP with
 * its unmet clients held has them: there an unmet column costs nothing, here 12·W. A forced
 * segment's unmet column is basic (all its clients, above 0), so its demand row's dual is
 * that cost here and 0 there, and each of its contracts' reduced costs (c_j less the duals
 * of its rows) is as much lower here. Left so, a usable contract with a max_clients of 0 was
 * reported binding, one more client there saving some € 1.4 million a year. No other dual
 * moves: the unmet column is in its own demand row alone. */
static void forced_duals(ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    ls_stage1_rc_take(s1);
    for (size_t j = 0; j < m->n_contracts; j++) {
        int s = m->contracts[j].segment;
        if (s1->u_pin[s] > 0)
            s1->reduced_cost[j] += s1->demand_dual[s];
    }
    for (size_t s = 0; s < m->n_segments; s++)
        if (s1->u_pin[s] > 0)
            s1->demand_dual[s] = 0;
}

/* After the first attempt (feasible: it had a solution): done when it places everyone, or
 * everyone that can be placed at all (unmet_forced); otherwise lex.c finds the least unmet
 * clients per segment and the least shortfall, and the LP is solved again with them held. */
static int priorities(ls_stage1 *s1, int feasible, ls_errors *errs)
{
    const ls_model *m = s1->m;
    if (s1->relax_domains) {
        feasible = feasible && domains_met(s1);
        s1->relax_domains = 0; /* the priorities, what follows and an export hold the rows */
        if (feasible)
            ls_stage1_lp_hold_local(s1);
    }
    if (feasible) {
        double unmet = 0, clients = 0;
        for (size_t s = 0; s < m->n_segments; s++)
            unmet += s1->u[s], clients += m->segments[s].clients;
        if (unmet <= LS_LEX_TOL * fmax(1, clients))
            return LS_OK;
        double none = ls_lex_none(clients);
        if (unmet_forced(s1, none)) {
            /* held as the priorities hold theirs, for an export (ls_stage1_unperturb) */
            for (size_t s = 0; s < m->n_segments; s++)
                s1->u_pin[s] = s1->u[s] > none ? s1->u[s] : 0.0;
            forced_duals(s1);
            return LS_OK;
        }
    }
    s1->lex = 1;
    /* a fewest unmet within the tolerance is held at 0 first; where that has no solution
     * (the rows meet it only to GLPK's tolerance), once more with the tolerance allowed
     * (lex.h), and the first attempt's messages dropped */
    int rc = LS_OK, it0 = glp_get_it_cnt(s1->lp);
    for (int allow = 0, tiny = 0; allow < 2; allow++) {
        ls_errors tried = {0};
        ls_errors *e = allow ? errs : &tried;
        ls_stage1_forget_known(s1); /* lex.c gives the LP its basis */
        rc = ls_lex_priorities(s1, allow, &tiny, e);
        if (rc == LS_OK) {
            /* from the basis lex.c ended with: primal feasible with the priorities held, so
             * the primal simplex has cost alone to settle, over the whole LP */
            s1->lex_start = 1;
            s1->priced = 0;
            rc = solve_lp(s1, &feasible, e);
            /* held exactly, the least shortfall can be a hair too little: a little more
             * each time */
            s1->it_cap = glp_get_num_rows(s1->lp) + 5000, s1->it_capped = 0;
            for (int a = 0; rc == LS_OK && !feasible && !s1->it_capped && ls_lex_loosen(s1, a); a++)
                rc = solve_lp(s1, &feasible, e);
            /* GLPK's primal simplex can end "no feasible solution" from lex.c's basis where
             * the held LP has one (glpsol solves it), or cycle there until the pivots run
             * out: once more from GLPK's advanced basis of it, the least shortfall held to
             * its tolerance, within as many pivots */
            if (rc == LS_OK && !feasible) {
                ls_lex_loosen(s1, LS_LEX_LOOSEN_LAST); /* (no target: none to loosen) */
                s1->it_capped = 0;
                ls_stage1_forget_known(s1);
                ls_stage1_lp_flush(s1);
                glp_adv_basis(s1->lp, 0);
                rc = solve_lp(s1, &feasible, e);
            }
            s1->it_cap = 0;
            s1->lex_start = 0;
        }
        int again = !allow && tiny && (rc != LS_OK || !feasible);
        for (size_t i = 0; !again && i < tried.n_errors; i++)
            ls_error_add(errs, tried.errors[i].file, tried.errors[i].line, tried.errors[i].column,
                         "%s", tried.errors[i].message);
        ls_errors_clear(&tried);
        if (!again)
            break;
    }
    s1->lex_pivots = glp_get_it_cnt(s1->lp) - it0;
    if (rc != LS_OK)
        return rc;
    if (!feasible) {
        ls_error_add(errs, NULL, 0, 0,
                     _("stage 1: the placement with its unmet clients and local shortfall held "
                       "has no solution (a numerical failure)"));
        rc = LS_EINTERNAL;
    }
    return rc;
}

/* The placement's priorities: fewest unmet clients, which ones as cost alone would choose,
 * the least local shortfall, then cost and the tie-break. The first attempt holds the local
 * target over every contract (a domain's is checked after it, domains_met) and weighs an
 * unplaced client above any cost: when it places everyone and meets the targets (nearly
 * every model, every run), the first three priorities are at their best (no unmet client, no
 * shortfall) and it is the answer. Otherwise the priorities above cost are
 * settled (priorities, above). */
int ls_stage1_solve(ls_stage1 *s1, ls_errors *errs)
{
    free_priorities(s1);
    int feasible, rc = solve_lp(s1, &feasible, errs);
    if (rc != LS_OK)
        return rc;
    return priorities(s1, feasible, errs);
}

int ls_stage1_start(ls_stage1 *s1)
{
    free_priorities(s1);
    int cold;
    return prepare(s1, &cold, NULL) < 0 ? LS_EINTERNAL : LS_OK;
}

int ls_stage1_finish(ls_stage1 *s1, ls_errors *errs)
{
    return priorities(s1, 1, errs);
}
