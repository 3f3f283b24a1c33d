/*
 * result.c — a solve's two stages turned into an ls_result (result.h; docs/outputs.md): the
 * tables, the summary, the verdict's parts and the break-even (verdict.c), and freeing one.
 */
#include "result.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "verdict.h"

void ls_result_free(ls_result *r)
{
    if (!r)
        return;
    free(r->allocation);
    free(r->budgets);
    free(r->segment_rows);
    free(r->bindings);
    free(r->settings);
    free((char *)r->year);
    free(r);
}

/* The highest floor in the model: what an unmet client of a segment without any contract
 * counts at. */
static double highest_floor(const ls_model *m)
{
    double high = 0;
    for (size_t j = 0; j < m->n_contracts; j++)
        high = fmax(high, m->contracts[j].floor_tariff);
    return high;
}

/* A segment's marginal cost: the dual of its demand row (euros a year one more client
 * costs), 0 for a zero dual of either sign; none (NAN) where clients go unmet, or where the
 * row is priced by its unplaced-clients column (basic, at 0) or the segment has no usable
 * contract: one more client would find no place either. */
static double marginal_cost(const ls_stage1 *s1, size_t s, double unmet)
{
    double y = s1->demand_dual[s];
    if (unmet > 0 || isnan(s1->m->segments[s].ref_floor) || isnan(y) ||
        (s1->lp && (s1->known_stat ? s1->known_stat[s1->u_col0 + (int)s]
                                   : glp_get_col_stat(s1->lp, s1->u_col0 + (int)s)) == GLP_BS))
        return NAN;
    return y == 0 ? 0.0 : y;
}

/* The placement at reference prices, Σ 12·r·x, over every placed contract and by domain,
 * and over the local providers' (the local shares). */
typedef struct ref_sums {
    double local, all;
    double dom_local[LS_N_DOMAINS], dom_all[LS_N_DOMAINS];
} ref_sums;

/* The verdict's parts, the local shares (from ref) and the scenario. */
static int assemble_policy(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                           const ref_sums *ref, ls_result *r, int totals_only)
{
    double ref_local = ref->local, ref_all = ref->all, local_budget = 0;
    const double *dom_local = ref->dom_local, *dom_all = ref->dom_all;
    r->local_share = ref_all > 0 ? ref_local / ref_all : NAN;
    r->local_share_target = m->policy.local_share_min;
    r->local_shortfall = s1->local_shortfall[LS_LOCAL_ALL];
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        r->local_share_domain[d] = dom_all[d] > 0 ? dom_local[d] / dom_all[d] : NAN;
        /* 0 asks nothing: no target, as for local_share_min */
        r->local_target_domain[d] =
            m->policy.local_share_domain[d] > 0 ? m->policy.local_share_domain[d] : NAN;
        r->local_shortfall_domain[d] = s1->local_shortfall[1 + d];
    }
    for (int d = 0; d < LS_N_DOMAINS; d++)
        r->cut_domain[d] = s2->cut_domain[d];
    int flagged = 0;
    for (size_t g = 0; g < s2->n_groups; g++) {
        const ls_group *gr = &s2->groups[g];
        local_budget += m->providers[gr->provider].local ? gr->budget : 0;
        if (ls_group_below_floor(s2, gr)) {
            flagged = 1;
            if (gr->blocked_by & LS_BLOCK_DOMAIN)
                r->underfunded_domain[gr->domain] = 1;
            if (gr->blocked_by & LS_BLOCK_TOTAL || !(gr->blocked_by & LS_BLOCK_DOMAIN))
                r->underfunded_total = 1;
        }
    }
    /* a shortfall that shows in the total alone, spread over groups each short by less than
     * a cent: the total budget's, with the deepest of those hairs as its cut */
    if (s2->underfunded && !flagged)
        r->underfunded_total = 1;
    r->local_share_budget = r->summary.allocated > 0 ? local_budget / r->summary.allocated : NAN;
    /* the common cut is the last round's index; where that round only finished a min_budget
     * lift at the floor (index 0) while the total holds other groups below their floors,
     * report their cut, the deepest the total imposes */
    if (r->underfunded_total && !(r->summary.cut < 0))
        for (size_t g = 0; g < s2->n_groups; g++) {
            const ls_group *gr = &s2->groups[g];
            if (flagged ? (gr->blocked_by & LS_BLOCK_TOTAL) && ls_group_below_floor(s2, gr)
                        : gr->floor_cost > 0 && gr->budget < gr->floor_cost)
                r->summary.cut = fmin(r->summary.cut, gr->budget / gr->floor_cost - 1);
        }
    /* totals alone (a sweep step, a risk run) show no ceiling: no pass over the placement */
    r->ceiling_wage_index = totals_only ? NAN : ls_plan_ceiling_wage_index(m, s1);
    r->summary.break_even_wage_index = NAN; /* assemble sets the break-even */
    r->break_even_provider = NULL;
    r->model = m->dir;
    if (totals_only)
        return LS_OK;
    return ls_policy_settings(m, &r->settings, &r->n_settings);
}

/* The tables' arrays (not with totals_only). */
static int allocate_rows(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                         ls_result *r)
{
    size_t n_alloc = s2->placed ? s2->n_placed : 0; /* (stage 2's list: LS_CLIENT_TOL's) */
    for (size_t j = 0; !s2->placed && j < m->n_contracts; j++)
        n_alloc += s1->x[j] > LS_CLIENT_TOL;
    r->allocation = calloc(n_alloc + 1, sizeof(ls_allocation_row));
    r->segment_rows = calloc(m->n_segments + 1, sizeof(ls_segment_row));
    r->budgets = calloc(s2->n_groups + 1, sizeof(ls_budget_row));
    if (!r->allocation || !r->segment_rows || !r->budgets)
        return LS_EINTERNAL;
    r->n_segment_rows = m->n_segments;
    r->n_budgets = s2->n_groups;
    return LS_OK;
}

/* Per segment: its row, and the pgb clients, unmet clients and their cost in the totals. */
static void assemble_segments(const ls_model *m, const ls_stage1 *s1, ls_result *r,
                              int totals_only)
{
    for (size_t s = 0; s < m->n_segments; s++) {
        const ls_segment *sg = &m->segments[s];
        double unmet = s1->u[s] > LS_CLIENT_TOL ? s1->u[s] : 0.0;
        double pgb_cost = sg->pgb_clients > 0 ? 12 * sg->pgb_clients * sg->pgb_tariff_used : 0;
        if (!totals_only)
            r->segment_rows[s] = (ls_segment_row){
                .segment = sg->id,
                .domain = ls_domain_names[sg->domain],
                .area = sg->area,
                .cause = NULL,
                .demand = sg->clients,
                .served = sg->clients - unmet,
                .unmet = unmet,
                .marginal_cost = marginal_cost(s1, s, unmet),
                .pgb_clients = sg->pgb_clients,
                .pgb_cost = pgb_cost};
        r->summary.pgb_clients += sg->pgb_clients;
        r->summary.unmet_clients += unmet;
        if (unmet > 0)
            r->unmet_cost += 12 * unmet * (isnan(sg->lowest_floor) ? highest_floor(m)
                                                                  : sg->lowest_floor);
    }
}

/* Totals alone: the required cost and the served clients, the same sums in the same order
 * as below, without the local shares (no total shows them) and their reads of the
 * segments' and providers' records. */
static void assemble_totals(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                            const int *placed, size_t n_placed, ls_result *r)
{
    double required = r->summary.required, served = r->summary.served_clients;
    /* the floors the LP solved with side by side, not a record's cache line a contract
     * (stage2.h, ls_stage2_groups) */
    const double *floor = s1->m == m ? s1->synced_floor : NULL;
    /* stage 2 summed the same terms in the same order from 0 where it gathered its groups
     * over this list, this x and these floors (a risk draw, a sweep step): the same bits */
    if (placed == s2->placed && s2->sum_x == s1->x && s2->sum_floor == floor && required == 0 &&
        !signbit(required) && served == 0 && !signbit(served)) {
        r->summary.required = s2->sum_required, r->summary.served_clients = s2->sum_served;
        return;
    }
    for (size_t k = 0; k < n_placed; k++) {
        size_t j = (size_t)placed[k];
        if (!floor && k + 64 < n_placed)
            __builtin_prefetch(&m->contracts[placed[k + 64]]);
        required += 12 * (floor ? floor[j] : m->contracts[j].floor_tariff) * s1->x[j];
        served += s1->x[j];
    }
    r->summary.required = required, r->summary.served_clients = served;
}

/* Per placed contract: its allocation row (with the floor's parts), the required cost and
 * served clients in the totals, and the placement at reference prices in ref (not with
 * totals_only: the local shares are then NAN). */
static int assemble_allocation(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                               ls_result *r, ref_sums *ref, int totals_only)
{
    memset(ref, 0, sizeof *ref);
    /* the placed contracts: stage 2 listed them over the same x at the same 1e-9 */
    int *own = s2->placed ? NULL : malloc((m->n_contracts + 1) * sizeof(int));
    const int *placed = s2->placed ? s2->placed : own;
    if (!placed)
        return LS_EINTERNAL;
    size_t n_placed = own ? ls_list_above(s1->x, m->n_contracts, LS_CLIENT_TOL, own) : s2->n_placed;
    if (totals_only) {
        assemble_totals(m, s1, s2, placed, n_placed, r);
        free(own);
        return LS_OK;
    }
    /* per segment, side by side, what the pass reads of it a contract at a time (the
     * segments' records, in no order, missed the cache): its reference price and domain */
    size_t ns = m->n_segments;
    double *seg_ref = malloc((ns + 1) * sizeof(double));
    int *seg_dom = malloc((ns + 1) * sizeof(int));
    if (!seg_ref || !seg_dom) {
        free(own), free(seg_ref), free(seg_dom);
        return LS_EINTERNAL;
    }
    for (size_t k = 0; k < ns; k++)
        seg_ref[k] = m->segments[k].ref_floor, seg_dom[k] = m->segments[k].domain;
    /* the sums in locals, in the same order: through r and ref, which the rows' writes may
     * alias, each term waited for the last one's store */
    ref_sums sum = *ref;
    double required = r->summary.required, served = r->summary.served_clients;
    for (size_t k = 0; k < n_placed; k++) {
        size_t j = (size_t)placed[k];
        if (k + 64 < n_placed) /* (as stage 2's groups: the records ahead, fetched) */
            __builtin_prefetch(&m->contracts[placed[k + 64]]);
        const ls_contract *c = &m->contracts[j];
        int dom = seg_dom[c->segment];
        double v = 12 * seg_ref[c->segment] * s1->x[j];
        double local = m->providers[c->provider].local ? v : 0;
        sum.all += v, sum.dom_all[dom] += v;
        sum.local += local, sum.dom_local[dom] += local;
        double cost = 12 * c->floor_tariff * s1->x[j];
        ls_allocation_row *a = &r->allocation[r->n_allocation++];
        *a = (ls_allocation_row){.provider = m->providers[c->provider].id,
                                 .segment = m->segments[c->segment].id,
                                 .clients = s1->x[j],
                                 .floor_tariff = c->floor_tariff,
                                 .floor_cost = cost,
                                 .contract = j};
        ls_tariff_floor(m, j, &a->floor);
        a->floor_per_unit = c->floor_tariff / a->floor.units;
        required += cost;
        served += s1->x[j];
    }
    *ref = sum;
    r->summary.required = required, r->summary.served_clients = served;
    free(own), free(seg_ref), free(seg_dom);
    return LS_OK;
}

/* Per group (provider, domain): its budget row, and the allocated total. */
static void assemble_budgets(const ls_model *m, const ls_stage2 *s2, ls_result *r,
                             int totals_only)
{
    for (size_t g = 0; g < s2->n_groups; g++) {
        const ls_group *gr = &s2->groups[g];
        if (!totals_only) {
            const ls_provider *p = &m->providers[gr->provider];
            r->budgets[g] = (ls_budget_row){
                .provider = p->id,
                .name = p->name,
                .domain = ls_domain_names[gr->domain],
                .local = p->local,
                .quality = p->quality,
                .floor_cost = gr->floor_cost,
                .budget = gr->budget,
                .margin = gr->floor_cost > 0 ? gr->budget / gr->floor_cost - 1 : NAN,
                .capped = gr->frozen && (gr->blocked_by & ~(unsigned)LS_BLOCK_TOTAL) != 0,
                .cut_by_domain =
                    (gr->blocked_by & LS_BLOCK_DOMAIN) && ls_group_below_floor(s2, gr),
                .lift = gr->lift};
        }
        r->summary.allocated += gr->budget;
    }
}

/* The break-even wage index of a solve (verdict.c). It reads the model, the placement and the
 * stage-2 groups, and writes only the planner's scratch scenario: none of what the result's
 * other parts read or write, so it may be found on a second thread beside them. */
typedef struct break_even_job {
    const ls_model *m;
    const double *x;
    ls_scenario *scratch;
    const ls_stage2_groups *groups;
    const ls_stage2 *division; /* read alone: its gathered groups */
    double index;
    size_t limit; /* the provider whose max_budget sets it; SIZE_MAX: none */
    int rc;
} break_even_job;

static void break_even_run(break_even_job *j)
{
    j->rc = ls_plan_break_even_wage_index(j->m, j->x, j->scratch, j->groups, j->division,
                                          &j->index, &j->limit);
}

/* The break-even as a summary holds it: funded today, to the cent the verdict counts in, the
 * budget stops covering the placement at today's wage index at the earliest; a root a hair
 * below it is that part of a cent, and would read "underfunded from there" beside FUNDED.
 * A root within the search's own precision above it (a budget that covers the placement
 * exactly, but for the last bits of the sums: 2·10⁻¹⁶) is today's too. */
static double as_reported(const ls_model *m, ls_status status, double index)
{
    double now = m->policy.wage_index, scale = 1 + fabs(now);
    if (status == LS_FUNDED &&
        (index < now ? now - index <= 1e-6 * scale : index - now <= 1e-9 * scale))
        return now;
    return index;
}

static void *break_even_thread(void *arg)
{
    break_even_run(arg);
    glp_free_env(); /* this thread's GLPK environment (stage 2's LP) */
    return NULL;
}

static int assemble_rest(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                         ls_result *r, int totals_only);

/* A whole result with threads > 1 has its break-even found on a second thread meanwhile (the
 * Amsterdam preset: 11 ms beside the rows' 10; totals alone leave too little beside it). Its
 * figure is the one found on the spot; only where the placement costs nothing (no
 * break-even then) is it made and left unused. */
int ls_plan_result(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                   ls_scenario *scratch, const ls_stage2_groups *groups, ls_result *r,
                   int totals_only, int threads)
{
    if (m->policy.year && !(r->year = strdup(m->policy.year))) /* the result owns its year */
        return LS_EINTERNAL;
    /* 2: a risk run, which reports no break-even (it took a tenth of an Amsterdam run) */
    int want = totals_only != 2, threaded = 0;
    break_even_job be = {m, s1->x, scratch, groups, s2, NAN, SIZE_MAX, LS_OK};
    pthread_t tid;
    if (want && threads > 1 && !totals_only)
        threaded = pthread_create(&tid, NULL, break_even_thread, &be) == 0;
    int rc = assemble_rest(m, s1, s2, r, totals_only);
    if (threaded)
        pthread_join(tid, NULL);
    want = want && rc == LS_OK && r->summary.required > 0;
    if (want && !threaded)
        break_even_run(&be);
    if (want && be.rc != LS_OK)
        return LS_EINTERNAL;
    if (want) {
        r->summary.break_even_wage_index = as_reported(m, r->summary.status, be.index);
        if (be.limit != SIZE_MAX)
            r->break_even_provider = m->providers[be.limit].id;
    }
    return rc;
}

int ls_plan_summary_break_even(const ls_model *m, const double *x, const ls_stage2 *s2,
                               ls_scenario *scratch, const ls_stage2_groups *groups,
                               const ls_summary *summary, double *out)
{
    *out = NAN;
    if (!(summary->required > 0))
        return LS_OK;
    break_even_job be = {m, x, scratch, groups, s2, NAN, SIZE_MAX, LS_OK};
    break_even_run(&be);
    if (be.rc != LS_OK)
        return LS_EINTERNAL;
    *out = as_reported(m, summary->status, be.index);
    return LS_OK;
}

/* The result but the break-even. */
static int assemble_rest(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                         ls_result *r, int totals_only)
{
    r->summary.status = s2->underfunded ? LS_UNDERFUNDED : LS_FUNDED;
    r->quality_weighted = m->policy.margin_policy == LS_MARGIN_QUALITY;
    r->summary.budget = m->policy.budget;
    r->summary.available = s2->available;
    r->summary.cut = s2->cut;
    r->summary.margin = s2->margin;
    r->stage1_objective = s1->objective;
    r->summary.pgb_cost = m->pgb_cost;
    r->providers = m->n_providers;
    r->segments = m->n_segments;
    r->contracts = m->n_contracts;
    if (!totals_only && allocate_rows(m, s1, s2, r) != LS_OK)
        return LS_EINTERNAL;
    assemble_segments(m, s1, r, totals_only);
    ref_sums ref;
    if (assemble_allocation(m, s1, s2, r, &ref, totals_only) != LS_OK)
        return LS_EINTERNAL;
    assemble_budgets(m, s2, r, totals_only);
    r->summary.unallocated = r->summary.available - r->summary.allocated;
    int rc = assemble_policy(m, s1, s2, &ref, r, totals_only);
    if (rc == LS_OK && !totals_only && r->summary.unmet_clients > 0)
        rc = ls_plan_unmet_causes(m, s1, r);
    if (rc != LS_OK || totals_only)
        return rc;
    return ls_plan_bindings(m, s1, s2, r);
}

void ls_results_free(ls_result **results, size_t n)
{
    if (!results)
        return;
    for (size_t k = 0; k < n; k++)
        ls_result_free(results[k]);
    free(results);
}
