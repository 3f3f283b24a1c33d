/*
 * plan.c — `plan` end to end: the planner keeps stage 1's LP, runs both stages and turns
 * their solutions into an ls_result (docs/outputs.md): the tables, the summary, the verdict's
 * parts and the limits that bind (verdict.c). Also the LP export for auditors.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h>
#endif

#include "components.h"
#include "i18n.h"
#include "model.h"
#include "planner.h"
#include "stage1.h"
#include "stage1_work.h"
#include "stage2.h"
#include "util.h"
#include "verdict.h"

/* Fewer clients than this in a contract are shown as none. */
#define CLIENT_TOL 1e-9

struct ls_planner {
    ls_scenario sc; /* what this planner plans: the model with what a what-if changed */
    ls_scenario scratch; /* the break-even's trials of other wage indices (verdict.c) */
    ls_stage2_groups groups; /* stage 2's groups of the model, made once (stage2.h) */
    ls_model *m;    /* = &sc.m */
    ls_stage1 s1;
    ls_basis base; /* when set, the basis every solve starts from */
    int totals_only;
    int last; /* no solve follows this one: stage 1's LP goes before the result is built */
};

/* A saved warm state: GLPK's statuses, and where present the reduced costs that go with
 * them (a warm solve sifts by them, sift.c). copy_part returns a copy of src's bytes, in
 * dst's memory when it has some (the sizes never change for a planner); NULL when src is
 * NULL (dst freed), or out of memory (*ok cleared). */
static void *copy_part(void *dst, const void *src, size_t bytes, int *ok)
{
    if (!src) {
        free(dst);
        return NULL;
    }
    if (!dst && !(dst = malloc(bytes))) {
        *ok = 0;
        return NULL;
    }
    return memcpy(dst, src, bytes);
}

/* dst = src for every part of a warm state (rows and columns of the planner's LP) */
static int basis_assign(ls_planner *pl, ls_basis *dst, const int *row, const int *col,
                        const double *reduced_cost)
{
    size_t nr = (size_t)glp_get_num_rows(pl->s1.lp), nc = (size_t)glp_get_num_cols(pl->s1.lp);
    int ok = 1;
    dst->row = copy_part(dst->row, row, (nr + 1) * sizeof(int), &ok);
    dst->col = copy_part(dst->col, col, (nc + 1) * sizeof(int), &ok);
    dst->reduced_cost = copy_part(dst->reduced_cost, reduced_cost,
                                  (pl->m->n_contracts + 1) * sizeof(double), &ok);
    return ok ? LS_OK : LS_EINTERNAL;
}

int ls_planner_snapshot(ls_planner *pl, ls_basis *b)
{
    glp_prob *lp = pl->s1.lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    int *row = malloc((size_t)(nr + 1) * sizeof(int)), *col = malloc((size_t)(nc + 1) * sizeof(int));
    int rc = LS_EINTERNAL;
    const int *known = pl->s1.known_stat; /* the last solve set them itself */
    if (row && col) {
        for (int i = 1; i <= nr; i++)
            row[i] = known ? known[nc + i] : glp_get_row_stat(lp, i);
        for (int j = 1; j <= nc; j++)
            col[j] = known ? known[j] : glp_get_col_stat(lp, j);
        row[0] = col[0] = 0;
        rc = basis_assign(pl, b, row, col, pl->s1.priced ? pl->s1.reduced_cost : NULL);
    }
    free(row);
    free(col);
    return rc;
}

int ls_basis_copy(ls_planner *pl, ls_basis *dst, const ls_basis *src)
{
    return basis_assign(pl, dst, src->row, src->col, src->reduced_cost);
}

/* Remembers the current stage-1 basis (after a solve) as the start of every later solve:
 * Monte-Carlo runs then do not depend on which run a thread solved before. */
int ls_planner_keep_basis(ls_planner *pl)
{
    return ls_planner_snapshot(pl, &pl->base);
}

int ls_planner_start_from(ls_planner *pl, const ls_basis *b)
{
    return ls_basis_copy(pl, &pl->base, b);
}

void ls_basis_free(ls_basis *b)
{
    free(b->row);
    free(b->col);
    free(b->reduced_cost);
    memset(b, 0, sizeof(*b));
}

/* Puts the saved warm state back into stage 1: the next solve starts from it. */
static int restore_basis(ls_planner *pl)
{
    ls_stage1 *s1 = &pl->s1;
    glp_prob *lp = s1->lp;
    /* (most statuses are the base's already: reading one costs less than setting it; after
     * a solve that set them itself, stage 1 knows them without asking GLPK) */
    const int *known = s1->known_stat;
    int nc = glp_get_num_cols(lp), nr = glp_get_num_rows(lp);
    if (!pl->base.row || !pl->base.col) {
        /* no saved basis (a sweep goes on from its last step): the statuses the last solve
         * set itself are the start's, for its first strategy to read */
        if (known && (s1->stat_now || (s1->stat_now = malloc(((size_t)nc + nr + 1) * sizeof(int))))) {
            memcpy(s1->stat_now, known, ((size_t)nc + nr + 1) * sizeof(int));
            s1->stat_now_ok = 1;
        }
        s1->known_stat = NULL;
        return LS_OK;
    }
    /* and the statuses GLPK then holds (it moves one to its bounds' kind: read back), which
     * the solve's first strategy reads rather than asking GLPK (stat_now) */
    if (!s1->stat_now)
        s1->stat_now = malloc(((size_t)nc + nr + 1) * sizeof(int));
    int *now = s1->stat_now;
    for (int i = 1; i <= nr; i++) {
        int have = known ? known[nc + i] : glp_get_row_stat(lp, i);
        if (have != pl->base.row[i]) {
            glp_set_row_stat(lp, i, pl->base.row[i]);
            have = now ? glp_get_row_stat(lp, i) : have;
        }
        if (now)
            now[nc + i] = have;
    }
    for (int j = 1; j <= nc; j++) {
        int have = known ? known[j] : glp_get_col_stat(lp, j);
        if (have != pl->base.col[j]) {
            glp_set_col_stat(lp, j, pl->base.col[j]);
            have = now ? glp_get_col_stat(lp, j) : have;
        }
        if (now)
            now[j] = have;
    }
    s1->known_stat = NULL;
    s1->stat_now_ok = now != NULL;
    s1->priced = pl->base.reduced_cost != NULL;
    if (s1->priced)
        memcpy(s1->reduced_cost, pl->base.reduced_cost, (pl->m->n_contracts + 1) * sizeof(double));
    return LS_OK;
}

void ls_planner_options_init(ls_planner_options *o)
{
    memset(o, 0, sizeof(*o));
    ls_stage1_options s1;
    ls_stage1_options_init(&s1);
    o->sift_min_cols = s1.sift_min_cols;
}

int ls_planner_create_with(const ls_model *model, const ls_planner_options *opts,
                           ls_planner **out)
{
    *out = NULL;
    ls_planner_options defaults;
    if (!opts) {
        ls_planner_options_init(&defaults);
        opts = &defaults;
    }
    /* a cold solve splits into components over the machine's cores (components.c) */
    ls_stage1_options s1;
    ls_stage1_options_init(&s1);
    long cores = opts->threads > 0 ? opts->threads : sysconf(_SC_NPROCESSORS_ONLN);
    s1.threads = cores > 1 ? (int)(cores < 64 ? cores : 64) : 1;
    s1.sift_min_cols = opts->sift_min_cols;
    ls_planner *pl = calloc(1, sizeof(*pl));
    if (!pl)
        return LS_EINTERNAL;
    if (ls_scenario_init(&pl->sc, model) != LS_OK) {
        free(pl);
        return LS_EINTERNAL;
    }
    pl->m = &pl->sc.m;
    pl->totals_only = opts->totals_only;
    if (ls_stage2_groups_make(pl->m, &pl->groups) != LS_OK ||
        ls_stage1_build(pl->m, 0, &s1, &pl->s1) != LS_OK) {
        ls_stage2_groups_free(&pl->groups);
        ls_scenario_free(&pl->sc);
        free(pl);
        return LS_EINTERNAL;
    }
    *out = pl;
    return LS_OK;
}

int ls_planner_create(const ls_model *model, ls_planner **out)
{
    return ls_planner_create_with(model, NULL, out);
}

void ls_planner_free(ls_planner *pl)
{
    if (!pl)
        return;
    ls_stage1_free(&pl->s1);
    ls_basis_free(&pl->base);
    ls_scenario_free(&pl->sc);
    ls_scenario_free(&pl->scratch);
    ls_stage2_groups_free(&pl->groups);
    free(pl);
}

ls_scenario *ls_planner_scenario(ls_planner *pl)
{
    return &pl->sc;
}

int ls_planner_set(ls_planner *pl, const char *key, const char *value, char *msg,
                   size_t msg_size)
{
    /* these keys add text or rows the model's arena holds: they belong to the model */
    if (strcmp(key, "year") == 0 || strncmp(key, "budget.", 7) == 0 ||
        strncmp(key, "weight.", 7) == 0) {
        ls_fmt(msg, msg_size, _("'%s' is set on the model before planning, not on a planner"), key);
        return LS_EUSAGE;
    }
    return ls_model_set(&pl->sc.m, key, value, msg, msg_size);
}

void ls_planner_free_lost(ls_planner *pl)
{
    if (!pl)
        return;
    pl->s1.lp = NULL; /* freed with GLPK's environment: not to be deleted */
    pl->s1.work = NULL;
    ls_planner_free(pl);
}

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

const double *ls_planner_unmet(const ls_planner *pl)
{
    return pl->s1.u;
}

/* A segment's marginal cost: the dual of its demand row (euros a year one more client
 * costs), 0 for a zero dual of either sign; none (NAN) where clients go unmet, or where the
 * row is priced by its unplaced-clients column (basic, at 0) or the segment has no usable
 * contract: one more client would find no place either. */
static double marginal_cost(const ls_stage1 *s1, size_t s, double unmet)
{
    double y = s1->demand_dual[s];
    if (unmet > 0 || isnan(s1->m->segments[s].ref_floor) || isnan(y) ||
        (s1->lp && glp_get_col_stat(s1->lp, s1->u_col0 + (int)s) == GLP_BS))
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
    for (size_t g = 0; g < s2->n_groups; g++) {
        const ls_group *gr = &s2->groups[g];
        local_budget += m->providers[gr->provider].local ? gr->budget : 0;
        if (gr->budget < gr->floor_cost - 0.01) {
            if (gr->blocked_by & LS_BLOCK_DOMAIN)
                r->underfunded_domain[gr->domain] = 1;
            if (gr->blocked_by & LS_BLOCK_TOTAL || !(gr->blocked_by & LS_BLOCK_DOMAIN))
                r->underfunded_total = 1;
        }
    }
    r->local_share_budget = r->summary.allocated > 0 ? local_budget / r->summary.allocated : NAN;
    /* the common cut is the last round's index; where that round only finished a min_budget
     * lift at the floor (index 0) while the total holds other groups below their floors,
     * report their cut, the deepest the total imposes */
    if (r->underfunded_total && !(r->summary.cut < 0))
        for (size_t g = 0; g < s2->n_groups; g++) {
            const ls_group *gr = &s2->groups[g];
            if (gr->floor_cost > 0 && (gr->blocked_by & LS_BLOCK_TOTAL) &&
                gr->budget < gr->floor_cost - 0.01)
                r->summary.cut = fmin(r->summary.cut, gr->budget / gr->floor_cost - 1);
        }
    /* a risk run (2) keeps its summary alone: no ceiling either (a pass over the placement) */
    r->ceiling_wage_index = totals_only == 2 ? NAN : ls_plan_ceiling_wage_index(m, s1);
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
    size_t n_alloc = 0;
    for (size_t j = 0; j < m->n_contracts; j++)
        n_alloc += s1->x[j] > CLIENT_TOL;
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
        double unmet = s1->u[s] > CLIENT_TOL ? s1->u[s] : 0.0;
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

/* Per placed contract: its allocation row (with the floor's parts), the required cost and
 * served clients in the totals, and the placement at reference prices in ref. */
static void assemble_allocation(const ls_model *m, const ls_stage1 *s1, ls_result *r,
                                ref_sums *ref, int totals_only)
{
    memset(ref, 0, sizeof *ref);
    for (size_t j = 0; j < m->n_contracts; j++) {
        const ls_contract *c = &m->contracts[j];
        if (s1->x[j] <= CLIENT_TOL)
            continue;
        const ls_segment *sg = &m->segments[c->segment];
        double v = 12 * sg->ref_floor * s1->x[j];
        double local = m->providers[c->provider].local ? v : 0;
        ref->all += v, ref->dom_all[sg->domain] += v;
        ref->local += local, ref->dom_local[sg->domain] += local;
        double cost = 12 * c->floor_tariff * s1->x[j];
        if (!totals_only) {
            ls_allocation_row *a = &r->allocation[r->n_allocation++];
            *a = (ls_allocation_row){.provider = m->providers[c->provider].id,
                                     .segment = m->segments[c->segment].id,
                                     .clients = s1->x[j],
                                     .floor_tariff = c->floor_tariff,
                                     .floor_cost = cost,
                                     .contract = j};
            ls_tariff_floor(m, j, &a->floor);
            a->floor_per_unit = c->floor_tariff / a->floor.units;
        }
        r->summary.required += cost;
        r->summary.served_clients += s1->x[j];
    }
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
                .cut_by_domain = (gr->blocked_by & LS_BLOCK_DOMAIN) &&
                                 gr->budget < gr->floor_cost - 0.01,
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
    double index;
    size_t limit; /* the provider whose max_budget sets it; SIZE_MAX: none */
    int rc;
} break_even_job;

static void break_even_run(break_even_job *j)
{
    j->rc = ls_plan_break_even_wage_index(j->m, j->x, j->scratch, j->groups, &j->index, &j->limit);
}

static void *break_even_thread(void *arg)
{
    break_even_run(arg);
    glp_free_env(); /* this thread's GLPK environment (stage 2's LP) */
    return NULL;
}

static int assemble_rest(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                         ls_result *r, int totals_only);

/* The result of a solve; with totals_only its totals alone (the same sums, in the same
 * order). A whole result with threads > 1 has its break-even found on a second thread
 * meanwhile (the Amsterdam preset: 11 ms beside the rows' 10; totals alone leave too little
 * beside it). Its figure is the one found on the spot; only where the placement costs
 * nothing (no break-even then) is it made and left unused. */
static int assemble(const ls_model *m, const ls_stage1 *s1, const ls_stage2 *s2,
                    ls_scenario *scratch, const ls_stage2_groups *groups, ls_result *r,
                    int totals_only, int threads)
{
    if (m->policy.year && !(r->year = strdup(m->policy.year))) /* the result owns its year */
        return LS_EINTERNAL;
    /* 2: a risk run, which reports no break-even (it took a tenth of an Amsterdam run) */
    int want = totals_only != 2, threaded = 0;
    break_even_job be = {m, s1->x, scratch, groups, NAN, SIZE_MAX, LS_OK};
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
        r->summary.break_even_wage_index = be.index;
        if (be.limit != SIZE_MAX)
            r->break_even_provider = m->providers[be.limit].id;
    }
    return rc;
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
    assemble_allocation(m, s1, r, &ref, totals_only);
    assemble_budgets(m, s2, r, totals_only);
    r->summary.unallocated = r->summary.available - r->summary.allocated;
    int rc = assemble_policy(m, s1, s2, &ref, r, totals_only);
    if (rc == LS_OK && !totals_only && r->summary.unmet_clients > 0)
        rc = ls_plan_unmet_causes(m, s1, r);
    if (rc != LS_OK || totals_only)
        return rc;
    return ls_plan_bindings(m, s1, s2, r);
}

/* After the last solve of a planner: stage 1's GLPK problems are freed before stage 2 and
 * the result (on the country preset GLPK's LP is some 200 MB, the result's rows 100 MB: they
 * need not be held at once). What the result reads of the LP's basis, whether a segment's
 * unplaced-clients column is basic (marginal_cost), is kept in its dual: NAN. */
static void drop_lp(ls_planner *pl)
{
    ls_stage1 *s1 = &pl->s1;
    for (size_t s = 0; s < pl->m->n_segments; s++)
        if (glp_get_col_stat(s1->lp, s1->u_col0 + (int)s) == GLP_BS)
            s1->demand_dual[s] = NAN;
    ls_stage1_work_drop(s1);
    ls_stage1_lp_rows_drop(s1); /* nothing reads the LP's rows again */
    ls_stage1_lp_mirror_drop(s1);
    glp_delete_prob(s1->lp);
    s1->lp = NULL;
#ifdef __GLIBC__
    /* GLPK's problem was most of the memory (the country: 213 of 339 MB), in many small
     * blocks that glibc keeps for the process after they are freed; the result built next
     * would come on top of them (peak 444 instead of 339 MB) */
    malloc_trim(0);
#endif
}

void ls_planner_clients_moved(ls_planner *pl)
{
    /* a sync before (the contracts' state it compares with) */
    pl->s1.clients_only = pl->s1.synced_floor != NULL;
}

int ls_planner_solve(ls_planner *pl, ls_result **out, ls_errors *errs)
{
    *out = NULL;
    if (!pl->s1.lp) /* a planner's last solve was done */
        return LS_EINTERNAL;
    int rc = restore_basis(pl);
    if (rc == LS_OK)
        rc = ls_components_solve(&pl->s1, errs);
    /* the restore's statuses serve this solve's start alone (a cold split or a failure may
     * not reach the point that clears them), and so does the word that clients alone moved */
    pl->s1.stat_now_ok = 0;
    pl->s1.clients_only = 0;
    if (rc != LS_OK)
        return rc;
    if (pl->last)
        drop_lp(pl);
    ls_stage2 s2;
    rc = ls_stage2_solve(pl->m, pl->s1.x, &pl->groups, 0, &s2, errs);
    if (rc != LS_OK)
        return rc;
    ls_result *r = calloc(1, sizeof(*r));
    if (!r) {
        ls_stage2_free(&s2);
        return LS_EINTERNAL;
    }
    rc = assemble(pl->m, &pl->s1, &s2, &pl->scratch, &pl->groups, r, pl->totals_only,
                  pl->s1.opts.threads);
    ls_stage2_free(&s2);
    if (rc != LS_OK) {
        ls_result_free(r);
        return rc;
    }
    *out = r;
    return LS_OK;
}

int ls_plan(const ls_model *model, ls_result **out, ls_errors *errs)
{
    ls_planner *pl;
    *out = NULL;
    int rc = ls_planner_create(model, &pl);
    if (rc == LS_OK) {
        pl->last = 1;
        rc = ls_planner_solve(pl, out, errs);
    }
    ls_planner_free(pl);
    return rc;
}

/* The multi-year path (docs/multi-year.md): plan years 1..n. Year k (k = 0 here for the
 * first) multiplies every tariff by wage_share·(1 + index.wage)^k + (1 − wage_share)·(1 +
 * index.price)^k, clients and pgb clients by (1 + growth)^k, takes budget.<year> or
 * budget·(1 + budget.growth)^k, and starts from the previous year's placement (continuity);
 * each year is warm-started. */
const double *ls_planner_placement(const ls_planner *pl)
{
    return pl->s1.x;
}

void ls_planner_set_last(ls_planner *pl, int last)
{
    pl->last = last != 0;
}

void ls_results_free(ls_result **results, size_t n)
{
    if (!results)
        return;
    for (size_t k = 0; k < n; k++)
        ls_result_free(results[k]);
    free(results);
}

/* Deletes lp's free rows. 0, or −1 out of memory. */
static int drop_free_rows(glp_prob *lp)
{
    int nr = glp_get_num_rows(lp), n = 0;
    int *del = malloc((size_t)(nr + 1) * sizeof(int));
    if (!del)
        return -1;
    for (int i = 1; i <= nr; i++)
        if (glp_get_row_type(lp, i) == GLP_FR)
            del[++n] = i;
    if (n)
        glp_del_rows(lp, n, del);
    free(del);
    return 0;
}

int ls_export(const ls_model *model, int stage, ls_lp_format format, const char *path,
              ls_errors *errs)
{
    ls_planner *pl;
    int rc = ls_planner_create(model, &pl);
    if (rc != LS_OK)
        return rc;
    rc = ls_components_solve(&pl->s1, errs);
    ls_stage2 s2 = {0};
    if (rc == LS_OK && stage == 2) {
        rc = ls_stage2_solve(pl->m, pl->s1.x, &pl->groups, 1, &s2, errs);
        if (rc == LS_OK)
            ls_stage2_loosen_for_export(&s2);
    }
    if (rc == LS_OK) {
        if (stage == 1) {
            ls_stage1_unperturb(&pl->s1);
            ls_stage1_set_names(&pl->s1);
            /* MPS has no free rows but the objective: a reader takes the first free row for
             * it, so the local rows without a target go */
            if (format == LS_LP_MPS && drop_free_rows(pl->s1.lp) != 0)
                rc = LS_EINTERNAL;
        }
        glp_prob *lp = stage == 2 ? s2.lp : pl->s1.lp;
        size_t n = strlen(path);
        char *tmp = rc == LS_OK ? malloc(n + 16) : NULL;
        if (!tmp)
            rc = LS_EINTERNAL;
        else {
            snprintf(tmp, n + 16, "%s.tmp%ld", path, (long)getpid());
            int wr = format == LS_LP_MPS ? glp_write_mps(lp, GLP_MPS_FILE, NULL, tmp)
                                   : glp_write_lp(lp, NULL, tmp);
            if (wr != 0 || rename(tmp, path) != 0) {
                remove(tmp);
                ls_error_add(errs, path, 0, 0, _("cannot write the LP file"));
                rc = LS_EINTERNAL;
            }
            free(tmp);
        }
    }
    ls_stage2_free(&s2);
    ls_planner_free(pl);
    return rc;
}
