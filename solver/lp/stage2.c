/*
 * stage2.c — dividing the lumpsum over groups: the filler is set up (filler.c), filled round
 * by round (fill.c), and its levels become the budgets here: the total row settled to the
 * cent, the min_budget lifts placed, nothing above a ceiling; the final LP is kept for
 * `export --stage 2` (filler_lp.c).
 */
#include "filler.h"
#include "format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* A provider in the order lifts are placed: its flexibility and id beside its index, so that
 * the comparison needs no state outside the items (threads divide at once). */
typedef struct lift_order {
    int flexible;
    const char *id;
    size_t provider;
} lift_order;

/* lifts with one possible domain first, then the others; each in the order of the ids */
static int by_provider_id(const void *a, const void *b)
{
    const lift_order *x = a, *y = b;
    if (x->flexible != y->flexible)
        return x->flexible - y->flexible;
    return strcmp(x->id, y->id);
}

/* When the total row binds, the budgets add up to the available amount to the cent: the
 * groups it blocked take the rounding difference (a millionth of a euro) as a common step
 * of t. Above the available amount (a rounding error the other way) the same. */
static void settle_total(filler *f)
{
    ls_stage2 *s2 = f->s2;
    const ls_model *m = f->m;
    double held = 0, slope_sum = 0;
    for (size_t p = 0; p < f->np; p++) {
        double sum = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            sum += s2->groups[g].frozen_amount;
        held += fmax(m->providers[p].min_budget, sum);
    }
    double diff = f->total - held;
    int *lifted = calloc(f->np + 1, sizeof(int));
    if (!lifted)
        return;
    for (size_t p = 0; p < f->np; p++) {
        double sum = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            sum += s2->groups[g].frozen_amount;
        lifted[p] = m->providers[p].min_budget > sum;
    }
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &s2->groups[g];
        if ((gr->blocked_by & LS_BLOCK_TOTAL) && !lifted[gr->provider])
            slope_sum += gr->floor_cost * (gr->t >= 0 ? gr->weight : 1);
    }
    if (slope_sum > 0 && (diff < 0 || diff <= 0.01 + 1e-9 * f->total)) {
        double dt = diff / slope_sum;
        for (size_t g = 0; g < f->n; g++) {
            ls_group *gr = &s2->groups[g];
            if ((gr->blocked_by & LS_BLOCK_TOTAL) && !lifted[gr->provider]) {
                double c = gr->t >= 0 ? gr->weight : 1;
                gr->frozen_amount = fmax(0, gr->frozen_amount + gr->floor_cost * c * dt);
                gr->t = gr->frozen_amount / gr->floor_cost - 1;
                if (c > 0)
                    gr->t /= c;
            }
        }
    }
    free(lifted);
}

/* Spreads provider p's lift over its groups in proportion to F_g (equally where every open
 * group's F_g is 0), each within what it may hold and its domain's room (dom: what each domain
 * holds so far); what a group cannot hold goes to the others the same way, also to a group
 * without placed clients once those with some are full (a contract in another domain whose
 * clients all went elsewhere: its share of F is 0, and the lift would otherwise stop short of
 * a min_budget that may be held). Returns what is left. */
static double spread_lift(filler *f, size_t p, double lift, double *dom, unsigned char *open)
{
    ls_stage2 *s2 = f->s2;
    double minb = f->m->providers[p].min_budget;
    for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
        open[g] = 1;
    while (lift > 1e-12 * minb) {
        double wsum = 0, fsum = 0;
        size_t n_open = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            if (open[g])
                n_open++, fsum += s2->groups[g].floor_cost;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            if (open[g])
                wsum += fsum > 0 ? s2->groups[g].floor_cost : 1;
        if (!n_open || !(wsum > 0))
            break;
        /* the groups that cannot hold their share take what they can; the rest again */
        int saturated = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
            ls_group *gr = &s2->groups[g];
            if (!open[g])
                continue;
            double share = lift * (fsum > 0 ? gr->floor_cost : 1) / wsum;
            double room = fmin(f->hold[g] - gr->budget, f->room[gr->domain] - dom[gr->domain]);
            room = fmax(0, room);
            if (share >= room) {
                gr->budget += room, gr->lift += room, dom[gr->domain] += room;
                lift -= room;
                open[g] = 0;
                saturated = 1;
            }
        }
        if (saturated)
            continue;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++) {
            ls_group *gr = &s2->groups[g];
            if (!open[g])
                continue;
            double share = lift * (fsum > 0 ? gr->floor_cost : 1) / wsum;
            gr->budget += share, gr->lift += share, dom[gr->domain] += share;
        }
        lift = 0;
    }
    return lift;
}

/* A provider whose min_budget lifts it above its levels takes the lift in its groups in
 * proportion to F_g (all F_g = 0: equally), each within what it may hold and its domain's
 * room; what a group cannot hold goes to the provider's other groups the same way. */
static int place_lifts(filler *f, ls_errors *errs)
{
    char a[64], b[64];
    ls_stage2 *s2 = f->s2;
    const ls_model *m = f->m;
    double dom[LS_N_DOMAINS] = {0};
    for (size_t g = 0; g < f->n; g++)
        dom[s2->groups[g].domain] += s2->groups[g].budget;
    size_t *order = malloc((f->np + 1) * sizeof(size_t));
    unsigned char *open = malloc(f->n + 1);
    if (!order || !open) {
        free(order), free(open);
        return LS_EINTERNAL;
    }
    for (size_t p = 0; p < f->np; p++)
        order[p] = p;
    /* lifts that compete for a domain's room: a lift that can go to one domain only comes
     * first, then the others in the order of the providers' ids (not of the file's rows) */
    if (f->coupled) {
        lift_order *lo = malloc((f->np + 1) * sizeof(*lo));
        if (!lo) {
            free(order), free(open);
            return LS_EINTERNAL;
        }
        for (size_t k = 0; k < f->np; k++)
            lo[k] = (lift_order){f->flexible[order[k]], m->providers[order[k]].id, order[k]};
        qsort(lo, f->np, sizeof(*lo), by_provider_id);
        for (size_t k = 0; k < f->np; k++)
            order[k] = lo[k].provider;
        free(lo);
    }
    int rc = LS_OK;
    for (size_t k = 0; k < f->np && rc == LS_OK; k++) {
        size_t p = order[k];
        double minb = m->providers[p].min_budget, sum = 0;
        for (size_t g = f->first[p]; g < f->first[p + 1]; g++)
            sum += s2->groups[g].budget;
        double lift = minb - sum;
        if (!(lift > 1e-12 * minb))
            continue;
        lift = spread_lift(f, p, lift, dom, open);
        if (lift > 0.005 + 1e-9 * minb) {
            ls_error_add(errs, NULL, 0, 0,
                         _("provider '%s': its min_budget € %s cannot be held: its tariff "
                           "ceilings and the domain ceilings (budget.<domain>) leave room for "
                           "€ %s of it"),
                         m->providers[p].id, ls_format_money(a, sizeof a, minb, ls_text_style()),
                         ls_format_money(b, sizeof b, minb - lift, ls_text_style()));
            rc = LS_ENOSOLUTION;
        }
    }
    free(order), free(open);
    return rc;
}

/* No euro above the available amount, nor above a domain's room: what rounding puts over is
 * taken off every group there in proportion. */
static void keep_within(filler *f)
{
    ls_stage2 *s2 = f->s2;
    for (int d = 0; d <= LS_N_DOMAINS; d++) {
        double limit = d < LS_N_DOMAINS ? f->room[d] : f->total, sum = 0;
        for (size_t g = 0; g < f->n; g++)
            if (d == LS_N_DOMAINS || s2->groups[g].domain == d)
                sum += s2->groups[g].budget;
        if (!(sum > limit))
            continue;
        double k = sum > 0 ? limit / sum : 0;
        for (size_t g = 0; g < f->n; g++)
            if (d == LS_N_DOMAINS || s2->groups[g].domain == d) {
                ls_group *gr = &s2->groups[g];
                gr->budget *= k, gr->lift *= k, gr->frozen_amount *= k;
            }
    }
}

static void results(filler *f)
{
    ls_stage2 *s2 = f->s2;
    double low[LS_N_DOMAINS];
    int placed[LS_N_DOMAINS] = {0};
    for (int d = 0; d < LS_N_DOMAINS; d++)
        low[d] = INFINITY;
    double floors = 0, shortfall = 0;
    int row_short = 0;
    for (size_t g = 0; g < f->n; g++) {
        const ls_group *gr = &s2->groups[g];
        if (!(gr->floor_cost > 0))
            continue;
        floors += gr->floor_cost;
        shortfall += fmax(0, gr->floor_cost - gr->budget);
        row_short |= gr->budget < gr->floor_cost - 0.01;
        placed[gr->domain] = 1;
        low[gr->domain] = fmin(low[gr->domain], gr->budget / gr->floor_cost - 1);
    }
    s2->underfunded = row_short || ls_shown_cents(floors - shortfall) < ls_shown_cents(floors);
    /* a level within rounding of its floor (b_g/F_g − 1 above −1e-12: some 4,500 ulps) is at
     * it: the division's sums may leave a group funded to its floor an ulp below it, and which
     * ulp depends on the last bits of the placement, which two paths to the same placement
     * can differ in (docs/method.md) */
    for (int d = 0; d < LS_N_DOMAINS; d++)
        s2->cut_domain[d] = !placed[d] ? NAN : (low[d] < -LS_LEVEL_NOISE ? low[d] : 0);
    if (!s2->rounds)
        s2->cut = s2->margin = 0;
}

int ls_stage2_solve(const ls_model *m, const double *x, const ls_stage2_groups *groups, int names,
                    ls_stage2 *s2, ls_errors *errs)
{
    memset(s2, 0, sizeof(*s2));
    /* personal budgets are paid from the same frame before the lumpsum is divided */
    s2->available = m->policy.budget * (1 - m->policy.reserve) - m->pgb_cost;
    filler f;
    int rc = ls_filler_init(&f, m, x, groups, NULL, s2);
    if (rc == LS_OK && (s2->gathered = malloc((s2->n_groups + 1) * sizeof(ls_group))))
        memcpy(s2->gathered, s2->groups, s2->n_groups * sizeof(ls_group));
    if (rc == LS_OK)
        rc = ls_filler_lp_defer(&f, names);
    if (rc == LS_OK)
        rc = ls_fill_run(&f, errs);
    if (rc == LS_OK) {
        settle_total(&f);
        for (size_t g = 0; g < f.n; g++)
            s2->groups[g].budget = s2->groups[g].floor_cost > 0 ? s2->groups[g].frozen_amount : 0;
        rc = place_lifts(&f, errs);
    }
    if (rc == LS_OK) {
        keep_within(&f);
        results(&f);
        /* the final LP for an export; a plan that never needed one has none */
        if (names)
            rc = ls_filler_lp_need(&f);
        if (rc == LS_OK && f.lp) /* (a build that failed leaves one without its columns) */
            ls_filler_lp_final(&f);
    }
    s2->lp = f.lp;
    ls_filler_free(&f);
    if (rc != LS_OK)
        ls_stage2_free(s2);
    return rc;
}

void ls_stage2_free(ls_stage2 *s2)
{
    if (s2->lp)
        glp_delete_prob(s2->lp);
    free(s2->groups);
    free(s2->gathered);
    free(s2->placed);
    memset(s2, 0, sizeof(*s2));
}

/* LP and MPS files carry 12 to 15 significant digits, and the final LP is tight by
 * construction (the total row binds exactly where the levels use the budget), so a written
 * copy can be infeasible by a rounding error. Every upper limit (total, domain, max_budget,
 * ceilings) is loosened by 1e-9 relative: an upper limit cannot push "minimise Σ b_g" up, so
 * the objective an auditor finds is the same to about 1e-9. */
void ls_stage2_loosen_for_export(ls_stage2 *s2)
{
    glp_prob *lp = s2->lp;
    for (int i = 1; i <= glp_get_num_rows(lp); i++) {
        int type = glp_get_row_type(lp, i);
        double lb = glp_get_row_lb(lp, i), ub = glp_get_row_ub(lp, i);
        if (type == GLP_UP)
            glp_set_row_bnds(lp, i, GLP_UP, 0, ub + 1e-9 * fabs(ub) + 1e-12);
        else if (type == GLP_DB || type == GLP_FX)
            glp_set_row_bnds(lp, i, GLP_DB, lb, ub + 1e-9 * fabs(ub) + 1e-12);
    }
    for (int j = 1; j <= glp_get_num_cols(lp); j++)
        if (glp_get_col_type(lp, j) == GLP_DB || glp_get_col_type(lp, j) == GLP_FX) {
            double ub = glp_get_col_ub(lp, j);
            glp_set_col_bnds(lp, j, GLP_DB, glp_get_col_lb(lp, j), ub + 1e-9 * fabs(ub) + 1e-9);
        }
}
