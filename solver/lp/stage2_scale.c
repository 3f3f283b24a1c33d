/*
 * stage2_scale.c — plan's break-even: the largest factor κ on every floor that the cut
 * phase's rows can still pay, where the pgb tariffs derived from floors move with it.
 */
#include "filler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Adds coef·t to a money row of the LP (coef in euros; the row is divided by scale). */
static void add_t_to_row(filler *f, int row, double coef, double scale)
{
    int k = glp_get_mat_row(f->lp, row, NULL, NULL);
    int *ind = malloc((size_t)(k + 2) * sizeof(int));
    double *val = malloc((size_t)(k + 2) * sizeof(double));
    if (!ind || !val) {
        free(ind), free(val);
        return;
    }
    glp_get_mat_row(f->lp, row, ind, val);
    ind[k + 1] = f->col_t, val[k + 1] = coef / scale;
    glp_set_mat_row(f->lp, row, k + 1, ind, val);
    free(ind), free(val);
}

/* The pgb cost a year, in total and per domain: fixed where the pgb tariff is given, moving
 * where it is derived from the floors (and so scales with κ). */
typedef struct pgb_costs {
    double fixed, moving;
    double fixed_d[LS_N_DOMAINS], moving_d[LS_N_DOMAINS];
} pgb_costs;

static void split_pgb(const ls_model *m, pgb_costs *pgb)
{
    memset(pgb, 0, sizeof(*pgb));
    for (size_t s = 0; s < m->n_segments; s++) {
        const ls_segment *sg = &m->segments[s];
        if (!(sg->pgb_clients > 0) || isnan(sg->pgb_tariff_used))
            continue;
        double cost = 12 * sg->pgb_clients * sg->pgb_tariff_used;
        if (isnan(sg->pgb_tariff))
            pgb->moving += cost, pgb->moving_d[sg->domain] += cost;
        else
            pgb->fixed += cost, pgb->fixed_d[sg->domain] += cost;
    }
}

/* At κ = 0 only the min_budgets (and the fixed pgb) are paid: 1 when even that does not fit
 * the total or a domain's row. Needs the providers' lines at t = −1. */
static int hopeless(filler *f, const pgb_costs *pgb, const double *room)
{
    double available = f->s2->available;
    ls_filler_total_sum(f);
    f->pw.a += pgb->moving, f->pw.b += pgb->moving;
    int over = ls_filler_pw_value(&f->pw, -1) > available + 0.005 + 1e-9 * fabs(available);
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (f->has_room[d]) {
            ls_filler_domain_sum(f, d);
            over |= ls_filler_pw_value(&f->pw, -1) > room[d] + 0.005 + 1e-9 * fabs(room[d]);
        }
    return over;
}

/* The largest t the ceilings, max_budgets, total and domain rows allow in closed form;
 * *flexible when a domain row needs the LP (a lift that may go to several domains). */
static double closed_form_t(filler *f, const pgb_costs *pgb, const double *room, int *flexible)
{
    const ls_model *m = f->m;
    double t = INFINITY;
    /* a ceiling that follows the wage index scales with the floors: it never binds here */
    for (size_t g = 0; g < f->n && !m->policy.index_max_tariff; g++) {
        const ls_group *gr = &f->s2->groups[g];
        if (gr->floor_cost > 0 && isfinite(gr->ceiling))
            t = fmin(t, gr->ceiling / gr->floor_cost - 1);
    }
    for (size_t p = 0; p < f->np; p++)
        if (isfinite(m->providers[p].max_budget) && f->B[p] > 0)
            t = fmin(t, (m->providers[p].max_budget - f->A[p]) / f->B[p]);
    ls_filler_total_sum(f);
    f->pw.a += pgb->moving, f->pw.b += pgb->moving;
    t = fmin(t, ls_filler_pw_largest(&f->pw, f->s2->available, -1));
    *flexible = 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (f->has_room[d]) {
            ls_filler_domain_sum(f, d);
            f->pw.a += pgb->moving_d[d], f->pw.b += pgb->moving_d[d];
            t = fmin(t, ls_filler_pw_largest(&f->pw, room[d], -1));
            *flexible |= f->domain_flex[d];
        }
    return t;
}

/* The lifts' split over domains is free: one LP, max t, with the moving pgb on the total and
 * domain rows; *t (the closed forms' bound on entry) becomes the LP's. */
static int lp_t(filler *f, const pgb_costs *pgb, const double *room, double *t, ls_errors *errs)
{
    double available = f->s2->available;
    /* (the rows' scales from these; their bounds are set below) */
    f->total = fabs(available) + 1;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        f->room[d] = f->has_room[d] ? fabs(room[d]) + 1 : INFINITY;
    int rc = ls_filler_lp_build(f, 0);
    if (rc == LS_OK) {
        glp_set_col_bnds(f->lp, f->col_t, GLP_LO, -1, 0);
        add_t_to_row(f, f->total_row, pgb->moving, f->total_scale);
        glp_set_row_bnds(f->lp, f->total_row, GLP_UP, 0,
                         (available - pgb->moving) / f->total_scale);
        for (int d = 0; d < LS_N_DOMAINS; d++)
            if (f->domain_row[d]) {
                add_t_to_row(f, f->domain_row[d], pgb->moving_d[d], f->domain_scale[d]);
                glp_set_row_bnds(f->lp, f->domain_row[d], GLP_UP, 0,
                                 (room[d] - pgb->moving_d[d]) / f->domain_scale[d]);
            }
        if (isfinite(*t)) /* the closed forms bound it from above */
            glp_set_col_bnds(f->lp, f->col_t, GLP_DB, -1, *t);
        ls_filler_lp_clear_objective(f);
        glp_set_obj_coef(f->lp, f->col_t, 1);
        glp_set_obj_dir(f->lp, GLP_MAX);
        int st = ls_filler_lp_solve(f, errs);
        if (st == 0)
            *t = glp_get_col_prim(f->lp, f->col_t);
        else if (st > 0) {
            ls_filler_explain(f, errs, 1);
            rc = LS_ENOSOLUTION;
        } else
            rc = LS_EINTERNAL;
    }
    if (f->lp)
        glp_delete_prob(f->lp);
    return rc;
}

/* κ = 1 + t with every group at the cut-phase level F_g·(1 + t); the pgb that follows the
 * floors costs moving·(1 + t). Closed forms where no min_budget may go to several domains
 * with rows; else one LP. */
int ls_stage2_floor_scale(const ls_model *m, const double *x, const ls_stage2_groups *groups,
                          double *kappa, ls_errors *errs)
{
    double floor, other;
    return ls_stage2_floor_scale_placed(m, x, groups, NULL, kappa, errs, &floor, &other);
}

static int floor_scale_placed(const ls_model *m, const double *x, const ls_stage2_groups *groups,
                              const ls_stage2 *division, double *kappa, ls_errors *errs,
                              double *floor, double *other)
{
    *kappa = INFINITY;
    ls_stage2 s2;
    memset(&s2, 0, sizeof s2); /* the placed sums stay 0 where the groups are not made */
    pgb_costs pgb;
    split_pgb(m, &pgb);
    s2.available = m->policy.budget * (1 - m->policy.reserve) - pgb.fixed;
    filler f;
    int rc = ls_filler_init(&f, m, x, groups, division, &s2);
    *floor = s2.placed_floor, *other = s2.placed_other;
    double placed = 0;
    for (size_t g = 0; g < f.n; g++)
        placed += s2.groups[g].floor_cost;
    if (rc != LS_OK || !(placed > 0)) {
        ls_filler_free(&f);
        ls_stage2_free(&s2);
        return rc;
    }
    double room[LS_N_DOMAINS];
    for (int d = 0; d < LS_N_DOMAINS; d++)
        room[d] = m->policy.budget_domain[d] - pgb.fixed_d[d];
    /* a domain in which no provider holds a contract has no group: its row holds no money
     * of a provider at any κ (its pgb are paid first, on the total), so it bounds nothing,
     * even where its pgb alone pass budget.<domain> */
    int grouped[LS_N_DOMAINS] = {0};
    for (size_t g = 0; g < f.n; g++)
        grouped[s2.groups[g].domain] = 1;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        f.has_room[d] &= grouped[d];
    ls_filler_provider_lines(&f);
    ls_filler_mark_flexible_domains(&f, -1);
    if (hopeless(&f, &pgb, room)) {
        /* the fixed pgb alone past the total or a domain's row: that domain's groups (or
         * all) get nothing at any κ, so κ = 0 whatever the min_budgets; else they are
         * what cannot be held */
        int pgb_alone = s2.available < 0;
        for (int d = 0; d < LS_N_DOMAINS; d++)
            pgb_alone |= f.has_room[d] && room[d] < 0;
        double sum_min = 0;
        for (size_t p = 0; p < f.np; p++)
            sum_min += m->providers[p].min_budget;
        if (sum_min > 0 && !pgb_alone) {
            f.total = fmax(0, s2.available);
            for (int d = 0; d < LS_N_DOMAINS; d++)
                f.room[d] = f.has_room[d] ? fmax(0, room[d]) : INFINITY;
            ls_filler_explain(&f, errs, 1);
            rc = LS_ENOSOLUTION;
        } else {
            *kappa = 0; /* pgb alone uses the budget up */
        }
        ls_filler_free(&f);
        ls_stage2_free(&s2);
        return rc;
    }
    int flexible;
    double t = closed_form_t(&f, &pgb, room, &flexible);
    if (flexible)
        rc = lp_t(&f, &pgb, room, &t, errs);
    if (rc == LS_OK)
        *kappa = isinf(t) ? INFINITY : fmax(0, 1 + t);
    ls_filler_free(&f);
    ls_stage2_free(&s2);
    return rc;
}

int ls_stage2_floor_scale_placed(const ls_model *m, const double *x,
                                 const ls_stage2_groups *groups, const ls_stage2 *division,
                                 double *kappa, ls_errors *errs, double *floor, double *other)
{
    ls_errors unread = {0}; /* the reasons a caller without errs does not read */
    int rc = floor_scale_placed(m, x, groups, division, kappa, errs ? errs : &unread, floor,
                                other);
    ls_errors_clear(&unread);
    return rc;
}
