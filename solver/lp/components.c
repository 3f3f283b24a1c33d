/*
 * components.c — stage 1 split into the parts that share no constraint.
 *
 * Two segments are coupled only through a provider with a capacity row or a max_budget row
 * (and through a local row, when a local target is set), and only by its usable contracts:
 * an unusable one is fixed at 0; and through a provider without rows whose continuity bounds
 * pass a max_clients, which one factor then scales (split_find). Segments joined by such
 * providers form a component;
 * components are independent LPs. A provider without those rows may serve several
 * components: it is copied into each. So is a provider with rows whose unusable contracts lie
 * in other components than its usable ones, but its rows go only with its usable contracts:
 * elsewhere they would hold nothing, and the whole LP's row would get a status (and a dual)
 * from two components, one basic variable too many. The country preset is one component per
 * youth-care region (42) at today's wages, more where rising wages make contracts unusable.
 *
 * Each component is solved as a model of its own — a view on the model's arrays: its
 * segments, its providers and its contracts, renumbered — by the solve of one stage-1 LP
 * (ls_stage1_solve: the network start, sifting, the tie-break), on as many threads as the
 * planner allows (GLPK keeps an environment per thread). Its basis is then copied into the
 * whole LP, where it is optimal by construction: the whole LP is block-diagonal with the free
 * local row's slack basic, but for a provider's unusable contracts in other components than
 * its rows', whose entries stay in its rows: fixed at 0 and never basic, they move no basic
 * value and no dual (their reduced costs leave the row out; no report reads an unusable
 * contract's). The whole LP keeps it as its basis for the next what-if, and the
 * components' placements, tie-broken within each component — the same placement as the
 * tie-break on the whole, since the preference is a sum over components (and every component
 * is solved with the whole's perturbation of the objective). ls_stage1_finish then settles
 * the priorities above cost on the whole LP, as ls_stage1_solve would.
 *
 * This file is the top of stage 1: the planner calls ls_components_solve for every solve;
 * a warm one, or one that does not split, is ls_stage1_solve's alone. With a local target
 * (local_share_min or a domain's) a local row couples the segments; the split is not used
 * then.
 */
#include "components.h"

#include <pthread.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int uf_find(int *parent, int a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

typedef struct split {
    ls_stage1 *s1;
    size_t n_comp;
    size_t *seg_start; /* segments of component c: seg_list[seg_start[c] .. seg_start[c+1]) */
    int *seg_list;
    size_t *con_start; /* contracts likewise */
    int *con_list;
    /* per provider with a capacity or max_budget row, the component its usable contracts are
     * in (−1: none is; for a provider without rows, −1 too); its other contracts, all
     * unusable, may lie in other components */
    int *prov_comp;
    /* the statuses found, written by the workers for their own columns and rows */
    int *col_stat, *row_stat;
    /* work distribution */
    pthread_mutex_t lock;
    size_t next;
    int rc;
    ls_errors *errs;
} split;

static void split_free(split *sp)
{
    free(sp->seg_start);
    free(sp->seg_list);
    free(sp->con_start);
    free(sp->con_list);
    free(sp->prov_comp);
    free(sp->col_stat);
    free(sp->row_stat);
}

/* The most clients continuity can hold at contract c: (1 − max_shift) of today's, at a usable
 * contract (0 elsewhere), as stage1_cont.c's bound at its segment's scale of 1. */
static double held_today(const ls_model *m, const ls_contract *c)
{
    const ls_segment *sg = &m->segments[c->segment];
    double shift = isnan(sg->max_shift) ? m->policy.max_shift : sg->max_shift;
    return c->usable && c->current_clients != 0 ? (1 - shift) * c->current_clients : 0.0;
}

/* Finds the components; 0 on success (sp->n_comp may be 1). */
static int split_find(split *sp, ls_stage1 *s1)
{
    const ls_model *m = s1->m;
    size_t ns = m->n_segments, np = m->n_providers, nc = m->n_contracts;
    memset(sp, 0, sizeof(*sp));
    sp->s1 = s1;
    int *parent = malloc((ns + np + 1) * sizeof(int));
    int *comp_of = malloc((ns + np + 1) * sizeof(int));
    if (!parent || !comp_of) {
        free(parent);
        free(comp_of);
        return -1;
    }
    for (size_t i = 0; i < ns + np; i++)
        parent[i] = (int)i;
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        if (!c->usable || (!s1->capacity_row[c->provider] && !s1->budget_row[c->provider]))
            continue;
        int a = uf_find(parent, c->segment), b = uf_find(parent, (int)ns + c->provider);
        if (a != b)
            parent[a] = b;
    }
    /* a provider without rows couples its segments through the continuity bounds alone:
     * where one of its contracts' bounds would pass its max_clients, one factor scales all
     * of its bounds (stage1_cont.c). Its segments that hold clients today then form one
     * component, so that the factor is the whole model's. Tested at a segment's scale of 1,
     * which no draw of demand exceeds: (1 − max_shift) · today's clients */
    char *tight = calloc(np + 1, 1);
    int *first = malloc((np + 1) * sizeof(int));
    if (!tight || !first) {
        free(parent), free(comp_of), free(tight), free(first);
        return -1;
    }
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        double lo = held_today(m, c);
        tight[c->provider] |= lo > 0 && lo > c->max_clients * (1 - 1e-12);
    }
    for (size_t p = 0; p < np; p++)
        first[p] = -1;
    for (size_t j = 0; j < nc; j++) {
        const ls_contract *c = &m->contracts[j];
        int p = c->provider;
        if (!tight[p] || !(held_today(m, c) > 0))
            continue;
        if (first[p] < 0) {
            first[p] = c->segment;
            continue;
        }
        int a = uf_find(parent, c->segment), b = uf_find(parent, first[p]);
        if (a != b)
            parent[a] = b;
    }
    free(tight);
    free(first);
    /* number the components in order of their first segment */
    for (size_t i = 0; i < ns + np; i++)
        comp_of[i] = -1;
    size_t n = 0;
    for (size_t s = 0; s < ns; s++) {
        int r = uf_find(parent, (int)s);
        if (comp_of[r] < 0)
            comp_of[r] = (int)n++;
    }
    sp->n_comp = n;
    sp->seg_start = calloc(n + 2, sizeof(size_t));
    sp->seg_list = malloc((ns + 1) * sizeof(int));
    sp->con_start = calloc(n + 2, sizeof(size_t));
    sp->con_list = malloc((nc + 1) * sizeof(int));
    sp->prov_comp = malloc((np + 1) * sizeof(int));
    if (!sp->seg_start || !sp->seg_list || !sp->con_start || !sp->con_list || !sp->prov_comp) {
        free(parent);
        free(comp_of);
        return -1;
    }
    for (size_t p = 0; p < np; p++)
        sp->prov_comp[p] = comp_of[uf_find(parent, (int)(ns + p))];
    /* counting sort of segments and contracts by component; a contract goes with its
     * segment. The components of the segments in an array of their own: a segment may be
     * a root that later segments' finds pass through (a provider without rows joins its
     * segments to each other), so parent must stay as it is until every find is done. */
    int *seg_comp = malloc((ns + 1) * sizeof(int));
    if (!seg_comp) {
        free(parent);
        free(comp_of);
        return -1;
    }
    for (size_t s = 0; s < ns; s++)
        seg_comp[s] = comp_of[uf_find(parent, (int)s)];
    for (size_t s = 0; s < ns; s++)
        sp->seg_start[seg_comp[s] + 2]++;
    for (size_t j = 0; j < nc; j++)
        sp->con_start[seg_comp[m->contracts[j].segment] + 2]++;
    for (size_t c = 2; c <= n + 1; c++) {
        sp->seg_start[c] += sp->seg_start[c - 1];
        sp->con_start[c] += sp->con_start[c - 1];
    }
    for (size_t s = 0; s < ns; s++)
        sp->seg_list[sp->seg_start[seg_comp[s] + 1]++] = (int)s;
    for (size_t j = 0; j < nc; j++)
        sp->con_list[sp->con_start[seg_comp[m->contracts[j].segment] + 1]++] = (int)j;
    free(seg_comp);
    free(parent);
    free(comp_of);
    return 0;
}

/* A component as a model of its own: copies of its segments, providers and contracts,
 * renumbered, in place of the model's arrays. */
typedef struct component {
    ls_model v; /* the model, with the arrays below for its own */
    ls_segment *segs;
    ls_contract *cons;
    ls_provider *provs;
    int *prov_global; /* the model's number of each of the component's providers */
} component;

static void component_free(component *c)
{
    free(c->segs);
    free(c->cons);
    free(c->provs);
    free(c->prov_global);
}

/* Builds component k of sp as a model of its own in c: its segments and its contracts in the
 * order of sp's lists, each provider once in the order its first contract comes, without the
 * local row. LS_OK or LS_EINTERNAL; c is for component_free either way. */
static int component_view(const split *sp, size_t k, component *c)
{
    const ls_model *m = sp->s1->m;
    size_t s0 = sp->seg_start[k], s_n = sp->seg_start[k + 1] - s0;
    size_t c0 = sp->con_start[k], c_n = sp->con_start[k + 1] - c0;
    c->v = *m;
    c->segs = malloc((s_n + 1) * sizeof(*c->segs));
    c->cons = malloc((c_n + 1) * sizeof(*c->cons));
    c->provs = malloc((c_n + 1) * sizeof(*c->provs));
    c->prov_global = malloc((c_n + 1) * sizeof(int));
    /* the component's number of a model segment or provider */
    int *seg_local = malloc((m->n_segments + 1) * sizeof(int));
    int *prov_local = malloc((m->n_providers + 1) * sizeof(int));
    if (!c->segs || !c->cons || !c->provs || !c->prov_global || !seg_local || !prov_local) {
        free(seg_local);
        free(prov_local);
        return LS_EINTERNAL;
    }
    for (size_t i = 0; i < s_n; i++) {
        int s = sp->seg_list[s0 + i];
        c->segs[i] = m->segments[s];
        seg_local[s] = (int)i;
    }
    size_t p_n = 0;
    for (size_t i = 0; i < c_n; i++)
        prov_local[m->contracts[sp->con_list[c0 + i]].provider] = -1;
    for (size_t i = 0; i < c_n; i++) {
        const ls_contract *con = &m->contracts[sp->con_list[c0 + i]];
        if (prov_local[con->provider] < 0) {
            prov_local[con->provider] = (int)p_n;
            c->prov_global[p_n] = con->provider;
            c->provs[p_n] = m->providers[con->provider];
            /* a provider's rows go with its usable contracts: here it has unusable ones
             * alone (fixed at 0), so its rows here would hold nothing, and its row in the
             * whole LP would get a status from two components (a basic too many) */
            const ls_stage1 *s1 = sp->s1;
            if ((s1->capacity_row[con->provider] || s1->budget_row[con->provider]) &&
                sp->prov_comp[con->provider] != (int)k)
                c->provs[p_n].capacity_hours = c->provs[p_n].max_budget = INFINITY;
            p_n++;
        }
        c->cons[i] = *con;
        c->cons[i].provider = prov_local[con->provider];
        c->cons[i].segment = seg_local[con->segment];
    }
    free(seg_local);
    free(prov_local);
    c->v.segments = c->segs, c->v.n_segments = s_n;
    c->v.providers = c->provs, c->v.n_providers = p_n;
    c->v.contracts = c->cons, c->v.n_contracts = c_n;
    c->v.policy.local_share_min = 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        c->v.policy.local_share_domain[d] = NAN;
    return LS_OK;
}

/* Copies the solution of component k, solved in sub, into the whole's s1 under the model's
 * numbers, and its basis into sp's status arrays. */
static void component_take(split *sp, size_t k, const component *c, const ls_stage1 *sub)
{
    ls_stage1 *s1 = sp->s1;
    glp_prob *lp = sub->lp;
    size_t s0 = sp->seg_start[k], c0 = sp->con_start[k];
    const double *sub_rc = ls_stage1_rc(sub);
    ls_stage1_rc_take(s1); /* (another's would be copied over these) */
    for (size_t i = 0; i < c->v.n_contracts; i++) {
        int j = sp->con_list[c0 + i];
        s1->x[j] = sub->x[i];
        s1->reduced_cost[j] = sub_rc[i];
        sp->col_stat[j + 1] = glp_get_col_stat(lp, (int)i + 1);
    }
    for (size_t i = 0; i < c->v.n_segments; i++) {
        int s = sp->seg_list[s0 + i];
        s1->u[s] = sub->u[i];
        s1->demand_dual[s] = sub->demand_dual[i];
        sp->col_stat[s1->u_col0 + s] = glp_get_col_stat(lp, sub->u_col0 + (int)i);
        sp->row_stat[s + 1] = GLP_NS;
    }
    for (size_t i = 0; i < c->v.n_providers; i++) {
        int p = c->prov_global[i];
        /* a provider's rows are in its usable contracts' component alone */
        if (sp->prov_comp[p] != (int)k)
            continue;
        if (s1->capacity_row[p]) {
            s1->capacity_dual[p] = sub->capacity_dual[i];
            sp->row_stat[s1->capacity_row[p]] = glp_get_row_stat(lp, sub->capacity_row[i]);
        }
        if (s1->budget_row[p]) {
            s1->budget_dual[p] = sub->budget_dual[i];
            sp->row_stat[s1->budget_row[p]] = glp_get_row_stat(lp, sub->budget_row[i]);
        }
    }
}

/* Solves component k as a model of its own and copies its solution into s1 and its basis
 * into sp's status arrays. */
static int solve_component(split *sp, size_t k, ls_errors *errs)
{
    component c = {0};
    int rc = component_view(sp, k, &c);
    ls_stage1 sub;
    ls_stage1_options sub_opts = sp->s1->opts;
    sub_opts.threads = 1;
    /* a component starts from the network placement: from each segment's cheapest contract
     * the country preset's components ended in other bases of the same placement, whose
     * duals (four segments' marginal costs) differ where it is degenerate */
    sub_opts.placement_start = 1;
    if (rc == LS_OK)
        rc = ls_stage1_build(&c.v, 0, &sub_opts, &sub);
    if (rc == LS_OK) {
        sub.perturb = sp->s1->perturb; /* the whole's objective, so that the bases stitch */
        rc = ls_stage1_solve(&sub, errs);
        if (rc == LS_OK)
            component_take(sp, k, &c, &sub);
        ls_stage1_free(&sub);
    }
    component_free(&c);
    return rc;
}

/* Takes components until none is left or one failed; the first failure's messages go to
 * sp->errs. */
static void work(split *sp)
{
    ls_errors errs = {0};
    for (;;) {
        pthread_mutex_lock(&sp->lock);
        size_t k = sp->next++;
        int stop = sp->rc != LS_OK || k >= sp->n_comp;
        pthread_mutex_unlock(&sp->lock);
        if (stop)
            break;
        int rc = solve_component(sp, k, &errs);
        if (rc != LS_OK) {
            pthread_mutex_lock(&sp->lock);
            if (sp->rc == LS_OK) {
                sp->rc = rc;
                for (size_t i = 0; i < errs.n_errors; i++)
                    ls_error_add(sp->errs, errs.errors[i].file, errs.errors[i].line,
                                 errs.errors[i].column, "%s", errs.errors[i].message);
            }
            pthread_mutex_unlock(&sp->lock);
        }
        ls_errors_clear(&errs);
    }
}

static void *worker(void *arg)
{
    work(arg);
    glp_free_env(); /* this thread's GLPK environment */
    return NULL;
}

/* Solves the components of sp on up to s1->opts.threads threads and sets the whole LP's
 * basis to their optimal bases. LS_OK, or the first failure's code with its messages in
 * errs. */
static int solve_split(split *sp, ls_stage1 *s1, ls_errors *errs)
{
    glp_prob *lp = s1->lp;
    int nr = glp_get_num_rows(lp), ncol = glp_get_num_cols(lp);
    sp->col_stat = malloc(((size_t)ncol + 1) * sizeof(int));
    sp->row_stat = malloc(((size_t)nr + 1) * sizeof(int));
    if (!sp->col_stat || !sp->row_stat)
        return LS_EINTERNAL;
    /* what no component sets: unusable contracts (fixed at 0), the local row */
    for (int j = 1; j <= ncol; j++)
        sp->col_stat[j] = GLP_NS;
    for (int i = 1; i <= nr; i++)
        sp->row_stat[i] = GLP_BS;
    sp->errs = errs;
    sp->rc = LS_OK;
    pthread_mutex_init(&sp->lock, NULL);
    int threads = s1->opts.threads > 1 ? s1->opts.threads : 1;
    if ((size_t)threads > sp->n_comp)
        threads = (int)sp->n_comp;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < threads && t < 64; t++)
        if (pthread_create(&tid[started], NULL, worker, sp) == 0)
            started++;
    /* meanwhile the calling thread syncs the whole LP, which keeps the components' bases
     * for the next what-if (the country: 0.3 s on one thread while the other waited); the
     * workers read only the model, s1->perturb and s1's row numbers (set at its build), and
     * write only their own components' entries of s1's solution arrays, which the sync does
     * not touch */
    if (ls_stage1_start(s1) != LS_OK) {
        pthread_mutex_lock(&sp->lock);
        if (sp->rc == LS_OK)
            sp->rc = LS_EINTERNAL;
        pthread_mutex_unlock(&sp->lock);
    }
    work(sp); /* then it takes components too, keeping its GLPK environment */
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sp->lock);
    if (sp->rc == LS_OK) {
        for (int j = 1; j <= ncol; j++)
            glp_set_col_stat(lp, j, sp->col_stat[j]);
        for (int i = 1; i <= nr; i++)
            glp_set_row_stat(lp, i, sp->row_stat[i]);
    }
    return sp->rc;
}

int ls_components_solve(ls_stage1 *s1, ls_errors *errs)
{
    const ls_model *m = s1->m;
    /* only a cold solve splits, and not with a local row coupling the segments */
    if (s1->scaled || s1->opts.plain_start || ls_stage1_any_target(m) ||
        m->n_segments < 2)
        return ls_stage1_solve(s1, errs);
    split sp;
    if (split_find(&sp, s1) != 0) {
        split_free(&sp);
        return LS_EINTERNAL;
    }
    if (sp.n_comp < 2) {
        split_free(&sp);
        return ls_stage1_solve(s1, errs);
    }
    /* the whole LP's perturbation of the objective is every component's */
    ls_stage1_lp_perturb_init(s1);
    int rc = solve_split(&sp, s1, errs);
    split_free(&sp);
    if (rc != LS_OK)
        return rc;
    /* the LP is block-diagonal in the components, so their optimal (tie-broken) bases
     * together are an optimal basis of the whole: the LP keeps it for a warm start, the
     * placements and duals are the components' (tests/test_network.c compares them with
     * the monolithic solve) */
    for (int k = 0; k < LS_N_LOCAL; k++)
        s1->local_dual[k] = 0;
    s1->components = sp.n_comp;
    s1->objective = ls_stage1_lp_placement_cost(s1, NULL);
    s1->priced = 1, s1->priced_at = NULL;
    return ls_stage1_finish(s1, errs);
}
