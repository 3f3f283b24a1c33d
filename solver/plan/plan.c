/*
 * plan.c — `plan` end to end: the planner keeps stage 1's LP and its warm state, runs both
 * stages and has their solutions turned into an ls_result (result.c). Also the LP export for
 * auditors.
 */
#include <math.h>
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
#include "pricing.h"
#include "result.h"
#include "stage1.h"
#include "stage1_lu.h"
#include "stage1_work.h"
#include "stage2.h"
#include "util.h"

struct ls_planner {
    ls_scenario sc; /* what this planner plans: the model with what a what-if changed */
    ls_scenario scratch; /* the break-even's trials of other wage indices (verdict.c) */
    ls_stage2_groups groups; /* stage 2's groups of the model, made once (stage2.h) */
    ls_model *m;    /* = &sc.m */
    ls_stage1 s1;
    ls_basis base; /* when set, the basis every solve starts from */
    /* the network's start statuses' columns (stage 1's stat_start) were found to be base's
     * at the network's start_epoch start_at: while that stands, a restore need not compare
     * them again */
    int start_checked;
    unsigned start_at;
    int totals_only;
    int last; /* no solve follows this one: stage 1's LP goes before the result is built */
    /* with keep (ls_planner_keep_solves), the last two solves, for a break-even found after
     * them: solve n in kept[n % 2], n_solves counted */
    int keep;
    struct kept_solve {
        double *x;    /* the placement */
        ls_stage2 s2; /* the division */
        ls_summary summary;
        double wage_index;
        int have; /* solved; 0: no solution, or a failure */
    } kept[2];
    size_t n_solves;
    /* where the last placement stage 1 wrote is: its x, or the kept solve's that took that
     * memory (NULL: stage 1's x) */
    const double *placed_x;
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
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp), ok = 1;
    /* into b's own memory (a sweep takes one a step): its sizes never change for a planner */
    if (!b->row && !(b->row = malloc((size_t)(nr + 1) * sizeof(int))))
        return LS_EINTERNAL;
    if (!b->col && !(b->col = malloc((size_t)(nc + 1) * sizeof(int))))
        return LS_EINTERNAL;
    const int *known = pl->s1.known_stat; /* the last solve set them itself: columns, rows */
    if (known) {
        memcpy(b->col + 1, known + 1, (size_t)nc * sizeof(int));
        memcpy(b->row + 1, known + nc + 1, (size_t)nr * sizeof(int));
    } else {
        for (int i = 1; i <= nr; i++)
            b->row[i] = glp_get_row_stat(lp, i);
        for (int j = 1; j <= nc; j++)
            b->col[j] = glp_get_col_stat(lp, j);
    }
    b->row[0] = b->col[0] = 0;
    const double *rc = pl->s1.priced_at ? pl->s1.priced_at : ls_stage1_rc(&pl->s1);
    if (b->reduced_cost && b->reduced_cost == pl->s1.priced_at && pl->s1.priced)
        return LS_OK; /* they are b's already (a snapshot into the saved basis) */
    if (b->reduced_cost && pl->s1.priced && !pl->s1.priced_at && !pl->s1.rc_pending) {
        /* the LP's reduced costs move into b, not a copy (a sweep takes a snapshot each
         * step: 1.15 MB on the Amsterdam preset), and the LP reads them there until its
         * next solve (stage1_lp.h, priced_at), which writes its own into b's old memory */
        double *mine = b->reduced_cost;
        b->reduced_cost = pl->s1.reduced_cost, pl->s1.reduced_cost = mine;
        pl->s1.priced_at = b->reduced_cost;
        return LS_OK;
    }
    b->reduced_cost = copy_part(b->reduced_cost, pl->s1.priced ? rc : NULL,
                                (pl->m->n_contracts + 1) * sizeof(double), &ok);
    return ok ? LS_OK : LS_EINTERNAL;
}

int ls_basis_copy(ls_planner *pl, ls_basis *dst, const ls_basis *src)
{
    return basis_assign(pl, dst, src->row, src->col, src->reduced_cost);
}

/* Remembers the current stage-1 basis (after a solve) as the start of every later solve:
 * Monte-Carlo runs then do not depend on which run a thread solved before. */
int ls_planner_keep_basis(ls_planner *pl)
{
    pl->start_checked = 0;
    return ls_planner_snapshot(pl, &pl->base);
}

int ls_planner_start_from(ls_planner *pl, const ls_basis *b)
{
    pl->start_checked = 0;
    return ls_basis_copy(pl, &pl->base, b);
}

void ls_basis_free(ls_basis *b)
{
    free(b->row);
    free(b->col);
    free(b->reduced_cost);
    memset(b, 0, sizeof(*b));
}

enum { RESTORE_BLOCK = 64 }; /* statuses a compare in restore_basis */

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
        if (known &&
            (s1->stat_now || (s1->stat_now = malloc(((size_t)nc + nr + 1) * sizeof(int))))) {
            memcpy(s1->stat_now, known, ((size_t)nc + nr + 1) * sizeof(int));
            s1->stat_now_ok = 1;
        }
        s1->now_is_start = 0;
        ls_stage1_forget_known(s1); /* GLPK goes on from them too */
        return LS_OK;
    }
    /* where the network's basis waits (stat_pending), GLPK still holds its start's, the base's
     * of the last restore: those are compared, and the waiting ones dropped */
    int from_start = s1->stat_pending;
    if (from_start)
        known = s1->stat_start, s1->stat_pending = 0;
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
    /* the columns: where GLPK holds the network's start, found to be the base's at a restore
     * before, and now holds that start still (a risk draw after the first), nothing to do */
    int same = from_start && now && s1->now_is_start && pl->start_checked &&
               pl->start_at == s1->start_epoch;
    /* else a block at a time where GLPK's are known: a block that is the base's already
     * (most are: a draw's pivots move a few hundred of 144,000 on the Amsterdam preset) is
     * one compare and one copy, not a status at a time */
    int all_base = 1;
    for (int j0 = 1; !same && j0 <= nc; j0 += RESTORE_BLOCK) {
        int j1 = j0 + RESTORE_BLOCK <= nc + 1 ? j0 + RESTORE_BLOCK : nc + 1;
        size_t size = (size_t)(j1 - j0) * sizeof(int);
        if (known && now && memcmp(known + j0, pl->base.col + j0, size) == 0) {
            memcpy(now + j0, known + j0, size);
            continue;
        }
        all_base = 0;
        for (int j = j0; j < j1; j++) {
            int have = known ? known[j] : glp_get_col_stat(lp, j);
            if (have != pl->base.col[j]) {
                glp_set_col_stat(lp, j, pl->base.col[j]);
                have = now ? glp_get_col_stat(lp, j) : have;
            }
            if (now)
                now[j] = have;
        }
    }
    if (!same) { /* now holds the start where every column was the base's */
        s1->now_is_start = pl->start_checked = from_start && now && all_base;
        pl->start_at = s1->start_epoch;
    }
    s1->known_stat = NULL;
    s1->stat_now_ok = now != NULL;
    s1->priced = pl->base.reduced_cost != NULL;
    s1->priced_at = pl->base.reduced_cost; /* read where it is (stage1_lp.h) */
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
    /* stage 2's groups read each contract's segment in stage 1's copy, side by side */
    int built = ls_stage1_build(pl->m, 0, &s1, &pl->s1) == LS_OK;
    if (!built || ls_stage2_groups_make(pl->m, pl->s1.col_seg, &pl->groups) != LS_OK) {
        ls_stage2_groups_free(&pl->groups);
        if (built)
            ls_stage1_free(&pl->s1);
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
    for (int k = 0; k < 2; k++) {
        free(pl->kept[k].x);
        ls_stage2_free(&pl->kept[k].s2);
    }
    ls_stage1_free(&pl->s1);
    ls_basis_free(&pl->base);
    ls_scenario_free(&pl->sc);
    ls_scenario_free(&pl->scratch);
    ls_stage2_groups_free(&pl->groups);
    free(pl);
}

ls_stage1 *ls_planner_stage1(ls_planner *pl)
{
    return &pl->s1;
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
    pl->s1.lu = pl->s1.lu_at = NULL; /* (its arrays are the planner's: freed below) */
    ls_planner_free(pl);
}

const double *ls_planner_unmet(const ls_planner *pl)
{
    return pl->s1.u;
}

/* After the last solve of a planner: stage 1's GLPK problems are freed before stage 2 and
 * the result (on the country preset GLPK's LP is some 200 MB, the result's rows 100 MB: they
 * need not be held at once). What the result reads of the LP's basis, whether a segment's
 * unplaced-clients column is basic (marginal_cost), is kept in its dual: NAN. */
static void drop_lp(ls_planner *pl)
{
    ls_stage1 *s1 = &pl->s1;
    ls_stage1_lp_stat_flush(s1);
    for (size_t s = 0; s < pl->m->n_segments; s++)
        if (glp_get_col_stat(s1->lp, s1->u_col0 + (int)s) == GLP_BS)
            s1->demand_dual[s] = NAN;
    ls_stage1_work_drop(s1);
    ls_stage1_lu_drop(s1);
    ls_pricing_free(s1);
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

void ls_planner_policy_moved(ls_planner *pl)
{
    pl->s1.policy_only = pl->s1.synced_floor != NULL;
}

int ls_planner_solve(ls_planner *pl, ls_result **out, ls_errors *errs)
{
    *out = NULL;
    if (!pl->s1.lp) /* a planner's last solve was done */
        return LS_EINTERNAL;
    struct kept_solve *kept = pl->keep ? &pl->kept[pl->n_solves++ % 2] : NULL;
    if (kept)
        kept->have = 0;
    /* a what-if (a wage index, a CAO factor) can price a segment's last usable contract
     * above its max_tariff: its pgb clients then have no tariff, and are not free */
    for (size_t s = 0; s < pl->m->n_segments; s++)
        if (isnan(pl->m->segments[s].pgb_tariff_used)) {
            ls_error_add(errs, NULL, 0, 0,
                         _("segment '%s' has pgb clients but no pgb_tariff, and no usable "
                           "contract whose floor pgb_factor could scale"),
                         pl->m->segments[s].id);
            pl->s1.stat_now_ok = 0;
            pl->s1.clients_only = pl->s1.policy_only = 0;
            return LS_ENOSOLUTION;
        }
    int rc = restore_basis(pl);
    if (rc == LS_OK) {
        rc = ls_components_solve(&pl->s1, errs);
        pl->placed_x = pl->s1.x;
    }
    /* the restore's statuses serve this solve's start alone (a cold split or a failure may
     * not reach the point that clears them), and so does the word that clients alone moved */
    pl->s1.stat_now_ok = 0;
    pl->s1.clients_only = pl->s1.policy_only = 0;
    if (rc != LS_OK)
        return rc;
    if (pl->last)
        drop_lp(pl);
    ls_stage2 s2;
    /* the floors the LP solved with, side by side: this solve's own model's (stage2.h) */
    ls_stage2_groups groups = pl->groups;
    groups.floor = pl->s1.synced_floor;
    rc = ls_stage2_solve(pl->m, pl->s1.x, &groups, 0, &s2, errs);
    if (rc != LS_OK)
        return rc;
    ls_result *r = calloc(1, sizeof(*r));
    if (!r) {
        ls_stage2_free(&s2);
        return LS_EINTERNAL;
    }
    rc = ls_plan_result(pl->m, &pl->s1, &s2, &pl->scratch, &pl->groups, r, pl->totals_only,
                        pl->s1.opts.threads);
    size_t nx = (pl->m->n_contracts + 1) * sizeof(double);
    if (rc == LS_OK && kept && (kept->x || (kept->x = malloc(nx)))) {
        /* the placement's memory into the kept solve, not a copy: every solve writes each
         * contract's x afresh before it reads one (1.15 MB a sweep step on the Amsterdam
         * preset); the LP's x is now the memory of the solve before the last */
        double *x = kept->x;
        kept->x = pl->s1.x, pl->s1.x = x;
        pl->placed_x = kept->x;
        ls_stage2_free(&kept->s2);
        kept->s2 = s2; /* the division moves into the kept solve */
        kept->summary = r->summary;
        kept->wage_index = pl->m->policy.wage_index;
        kept->have = 1;
    } else if (rc == LS_OK && kept)
        rc = LS_EINTERNAL;
    if (!kept || !kept->have)
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
    /* a kept solve may have taken the placement's memory (ls_planner_solve), and a solve
     * that ends before stage 1 leaves the last one's */
    return pl->placed_x ? pl->placed_x : pl->s1.x;
}

void ls_planner_set_last(ls_planner *pl, int last)
{
    pl->last = last != 0;
}

void ls_planner_set_totals_only(ls_planner *pl, int totals_only)
{
    pl->totals_only = totals_only;
}

void ls_planner_keep_solves(ls_planner *pl)
{
    pl->keep = 1;
}

int ls_planner_break_even_back(ls_planner *pl, size_t back, double *out)
{
    *out = NAN;
    if (!pl->keep || back < 1 || back > 2 || pl->n_solves < back)
        return LS_EINTERNAL;
    const struct kept_solve *k = &pl->kept[(pl->n_solves - back) % 2];
    if (!k->have)
        return LS_OK; /* no solution: no figures, no break-even */
    /* the scenario at that solve's wage index again (the caller's part): its floors as the
     * solve's own pass made them, the same values through the same pass */
    if (memcmp(&pl->m->policy.wage_index, &k->wage_index, sizeof(double)) != 0)
        return LS_EINTERNAL;
    return ls_plan_summary_break_even(pl->m, k->x, &k->s2, &pl->scratch, &pl->groups, &k->summary,
                                      out);
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

/* Whether the file GLPK wrote at path is whole: it ends as every file of the format does
 * ("End" for LP, "ENDATA" for MPS), and fsync takes it. GLPK checks the writes it
 * made, not the last one its close makes: on a full disk it returned success for an LP file
 * cut off after its first 4,096 bytes. */
static int lp_file_whole(const char *path, ls_lp_format format)
{
    const char *end = format == LS_LP_MPS ? "\nENDATA\n" : "\nEnd\n";
    size_t n = strlen(end);
    char tail[16];
    FILE *f = fopen(path, "rb");
    int whole = f && fseek(f, -(long)n, SEEK_END) == 0 && fread(tail, 1, n, f) == n &&
                memcmp(tail, end, n) == 0 && fsync(fileno(f)) == 0;
    if (f)
        fclose(f);
    return whole;
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
            if (wr != 0 || !lp_file_whole(tmp, format) || rename(tmp, path) != 0) {
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
