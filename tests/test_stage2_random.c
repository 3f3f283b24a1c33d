/*
 * test_stage2_random.c — dividing the lumpsum over random models: every invariant of the
 * division holds, the order of the provider lines changes nothing, and money at a
 * country's scale allocates to the cent.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "fixture.h"
#include "model.h"
#include "plan_fixture.h"
#include "stage2_fixture.h"

/* ---- invariants over random models ---------------------------------------------------- */

/* A small random model: 2–5 providers, 1–5 segments over wmo and jeugd, random ceilings,
 * min and max budgets, domain ceilings, local flags and policy. The provider lines are
 * written in the given order (0: as drawn, 1: backwards). */
static void random_model(unsigned long seed, int backwards, char *dir_out, size_t size)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    static char seg[4096], prov[4096], con[4096], bud[1024];
    size_t np = 2 + gsl_rng_uniform_int(rng, 4), ns = 1 + gsl_rng_uniform_int(rng, 5);
    size_t o = (size_t)snprintf(seg, sizeof seg, "%s", SEG_HEAD);
    double rough = 0;
    for (size_t s = 0; s < ns; s++) {
        double clients = gsl_rng_uniform(rng) < 0.1 ? 0 : 1 + 30 * gsl_rng_uniform(rng);
        double hours = 2 + 20 * gsl_rng_uniform(rng);
        rough += 12 * 10 * hours * clients;
        o += (size_t)snprintf(seg + o, sizeof seg - o,
                              "s%zu,b,licht,basis,%s,all,%.2f,%.2f,n,%s,,\n", s,
                              gsl_rng_uniform(rng) < 0.6 ? "wmo" : "jeugd", clients, hours,
                              gsl_rng_uniform(rng) < 0.3 ? "400" : "");
    }
    char lines[8][160];
    int has_contract[8] = {0};
    o = (size_t)snprintf(con, sizeof con, "%s", CON_HEAD);
    for (size_t s = 0; s < ns; s++) {
        size_t first = gsl_rng_uniform_int(rng, np);
        for (size_t p = 0; p < np; p++)
            if (p == first || gsl_rng_uniform(rng) < 0.4) {
                o += (size_t)snprintf(con + o, sizeof con - o, "p%zu,s%zu,%.1f\n", p, s,
                                      10 * gsl_rng_uniform(rng));
                has_contract[p] = 1;
            }
    }
    for (size_t p = 0; p < np; p++) {
        double minb =
            has_contract[p] && gsl_rng_uniform(rng) < 0.25 ? 0.1 * rough * gsl_rng_uniform(rng) : 0;
        double maxb = gsl_rng_uniform(rng) < 0.2 ? minb + 0.3 * rough * gsl_rng_uniform(rng) : -1;
        char maxs[32] = "";
        if (maxb >= 0)
            snprintf(maxs, sizeof maxs, "%.2f", maxb);
        snprintf(lines[p], sizeof lines[p], "p%zu,vvt,%d,%.2f,%s,%.1f,%.2f\n", p,
                 gsl_rng_uniform(rng) < 0.5, minb, maxs, 10 * gsl_rng_uniform(rng),
                 0.3 * gsl_rng_uniform(rng));
    }
    o = (size_t)snprintf(prov, sizeof prov, "%s", PROV_HEAD);
    for (size_t k = 0; k < np; k++)
        o += (size_t)snprintf(prov + o, sizeof prov - o, "%s", lines[backwards ? np - 1 - k : k]);
    char rooms[128] = "";
    if (gsl_rng_uniform(rng) < 0.3)
        snprintf(rooms, sizeof rooms, "budget.jeugd,%.2f\n", 0.4 * rough * gsl_rng_uniform(rng));
    if (gsl_rng_uniform(rng) < 0.2)
        snprintf(rooms + strlen(rooms), sizeof rooms - strlen(rooms), "budget.wmo,%.2f\n",
                 rough * gsl_rng_uniform(rng));
    snprintf(bud, sizeof bud,
             "key,value\nemployer_charges,0\nunproductive,0\noverhead,0\nmargin,0\n"
             "budget,%.2f\nreserve,%.2f\nlocal_share_min,%.2f\nmargin_policy,%s\n%s",
             fmax(1, rough * (0.3 + 1.5 * gsl_rng_uniform(rng))), 0.1 * gsl_rng_uniform(rng),
             gsl_rng_uniform(rng) < 0.3 ? 0.8 * gsl_rng_uniform(rng) : 0.0,
             gsl_rng_uniform(rng) < 0.5 ? "equal" : "quality", rooms);
    gsl_rng_free(rng);
    fx_file f[] = {{"segments.csv", seg},
                   {"wages.csv", "cao,scale,hourly_wage\nvvt,n,10\n"},
                   {"providers.csv", prov},
                   {"contracts.csv", con},
                   {"budget.csv", bud}};
    snprintf(dir_out, size, "%s", fx_model(f, 5));
}

static void check_invariants(const run2 *r, unsigned long seed)
{
    const ls_stage2 *s2 = &r->s2;
    const ls_model *m = r->m;
    double sum = 0, dom[LS_N_DOMAINS] = {0};
    double *paid = calloc(m->n_providers + 1, sizeof(double));
    for (size_t g = 0; g < s2->n_groups; g++) {
        const ls_group *gr = &s2->groups[g];
        double tol = 1e-9 * gr->floor_cost + 0.01;
        sum += gr->budget;
        dom[gr->domain] += gr->budget;
        paid[gr->provider] += gr->budget;
        if (gr->floor_cost > 0) {
            /* b_g = level_g(t_g) + its lift */
            double c = gr->t >= 0 ? gr->weight : 1;
            double lev = gr->floor_cost * (1 + c * gr->t);
            if (!gr->frozen || fabs(gr->budget - gr->lift - lev) > tol)
                fail_msg("seed %lu: group %zu: budget %.4f, lift %.4f, level(t %.9f) %.4f", seed,
                         g, gr->budget, gr->lift, gr->t, lev);
            if (gr->budget > gr->ceiling + tol)
                fail_msg("seed %lu: group %zu above its ceiling", seed, g);
        } else if (fabs(gr->budget - gr->lift) > 1e-9) {
            fail_msg("seed %lu: empty group %zu gets %.4f beyond its lift", seed, g, gr->budget);
        }
        if (gr->lift < -1e-9)
            fail_msg("seed %lu: negative lift", seed);
    }
    if (sum > fmax(0, s2->available) + CENT)
        fail_msg("seed %lu: Σ b %.4f above available %.4f", seed, sum, s2->available);
    /* nothing is left on the table while a group could take it: with money left, every
     * group with clients was frozen by a row of its own */
    if (sum < fmax(0, s2->available) - 0.01)
        for (size_t g = 0; g < s2->n_groups; g++)
            if (s2->groups[g].floor_cost > 0 &&
                !(s2->groups[g].blocked_by & ~(unsigned)LS_BLOCK_TOTAL) &&
                s2->groups[g].weight > 0)
                fail_msg("seed %lu: %.2f left, but group %zu froze by the total row", seed,
                         s2->available - sum, g);
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        double limit = m->policy.budget_domain[d] - m->pgb_cost_domain[d];
        if (!isnan(limit) && dom[d] > fmax(0, limit) + CENT)
            fail_msg("seed %lu: domain %d %.4f above its room %.4f", seed, d, dom[d], limit);
    }
    for (size_t p = 0; p < m->n_providers; p++) {
        const ls_provider *pr = &m->providers[p];
        if (paid[p] > pr->max_budget + CENT ||
            (pr->n_contracts && paid[p] < pr->min_budget - CENT))
            fail_msg("seed %lu: provider %s paid %.4f outside [%g, %g]", seed, pr->id, paid[p],
                     pr->min_budget, pr->max_budget);
    }
    /* t never falls: the cut or margin is the highest t of a group not inside a lift, and no
     * group froze below −1 */
    for (size_t g = 0; g < s2->n_groups; g++)
        if (s2->groups[g].floor_cost > 0 && s2->groups[g].t < -1 - 1e-12)
            fail_msg("seed %lu: t below −1", seed);
    free(paid);
}

/* About 200 random models: every invariant of the division holds, and listing the providers
 * backwards gives the same budgets. */
static void test_random_models_keep_invariants(void **state)
{
    (void)state;
    size_t solved = 0, no_solution = 0;
    for (unsigned long seed = 1; seed <= 200; seed++) {
        char dir[2][128];
        run2 r[2];
        for (int k = 0; k < 2; k++) {
            random_model(seed, k, dir[k], sizeof dir[k]);
            memset(&r[k], 0, sizeof r[k]);
            r[k].dir = dir[k];
            r[k].rc = solve_dir(&r[k]);
        }
        assert_int_equal(r[0].rc, r[1].rc);
        if (r[0].rc == LS_OK) {
            solved++;
            /* the floor scale: below 1 exactly when the plan is underfunded */
            double kappa = NAN;
            assert_int_equal(ls_stage2_floor_scale(r[0].m, r[0].s1.x, NULL, &kappa, &r[0].errs),
                             LS_OK);
            if (fabs(kappa - 1) > 1e-6 && (kappa < 1) != r[0].s2.underfunded)
                fail_msg("seed %lu: floor scale %.9f, underfunded %d", seed, kappa,
                         r[0].s2.underfunded);
            check_invariants(&r[0], seed);
            check_invariants(&r[1], seed);
            assert_int_equal(r[0].s2.underfunded, r[1].s2.underfunded);
            assert_near(r[0].s2.cut, r[1].s2.cut, 1e-9);
            assert_near(r[0].s2.margin, r[1].s2.margin, 1e-9);
            for (size_t g = 0; g < r[0].s2.n_groups; g++) {
                const ls_group *a = &r[0].s2.groups[g];
                const ls_group *b = group(&r[1], r[0].m->providers[a->provider].id,
                                          ls_domain_names[a->domain]);
                if (fabs(a->budget - b->budget) > CENT + 1e-9 * a->budget)
                    fail_msg("seed %lu: order changes a budget: %.4f vs %.4f", seed, a->budget,
                             b->budget);
            }
        } else {
            assert_int_equal(r[0].rc, LS_ENOSOLUTION);
            if (no_solution < 5)
                print_message("seed %lu: %s\n", seed, r[0].errs.errors[0].message);
            no_solution++;
        }
        done(&r[0]);
        done(&r[1]);
    }
    print_message("%zu solved, %zu without a solution\n", solved, no_solution);
    assert_true(solved > 150);
}

/* Money at a country's scale: 10,000 groups of about 10^8 € (1 to 5 million clients-hours a
 * year each), the budget below the floors. The total row binds: the budgets add up to the
 * available amount to the cent, every group cut alike; funded with a ceiling and a domain
 * row in play, likewise. */
static void test_huge_money_allocates_to_the_cent(void **state)
{
    (void)state;
    size_t n = 10000;
    size_t cap = 128 * n + 256;
    char *seg = malloc(cap), *prov = malloc(cap), *con = malloc(cap);
    size_t os = (size_t)snprintf(seg, cap, "%s", SEG_HEAD);
    size_t op = (size_t)snprintf(prov, cap, "%s", PROV_HEAD);
    size_t oc = (size_t)snprintf(con, cap, "%s", CON_HEAD);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    double floors = 0;
    for (size_t i = 0; i < n; i++) {
        double clients = 5000 + 20000 * gsl_rng_uniform(rng),
               hours = 40 + 60 * gsl_rng_uniform(rng);
        floors += 12 * 10 * hours * clients;
        os += (size_t)snprintf(seg + os, cap - os, "s%zu,b,licht,basis,%s,all,%.3f,%.3f,n,%s,,\n",
                               i, i % 3 ? "wmo" : "jeugd", clients, hours,
                               i % 7 == 0 ? "1100" : "");
        op += (size_t)snprintf(prov + op, cap - op, "p%zu,vvt,%d,,,%.1f,\n", i, (int)(i % 2),
                               5 + 5 * gsl_rng_uniform(rng));
        oc += (size_t)snprintf(con + oc, cap - oc, "p%zu,s%zu,%.3f\n", i, i, clients);
    }
    gsl_rng_free(rng);
    char budget[256];
    for (int funded = 0; funded < 2; funded++) {
        /* jeugd holds about a third of the floors: its room binds near a margin of 0.2 */
        snprintf(budget, sizeof budget, BUDGET_HEAD "budget,%.2f\nmargin_policy,%s\n%s%.2f\n",
                 floors * (funded ? 1.3 : 0.9), funded ? "quality" : "equal",
                 funded ? "budget.jeugd," : "reserve,", funded ? 0.4 * floors : 0.0);
        run2 r = run(seg, prov, con, budget);
        assert_int_equal(r.rc, LS_OK);
        double sum = 0, tmin = INFINITY, tmax = -INFINITY;
        floors = 0;
        for (size_t g = 0; g < r.s2.n_groups; g++) {
            floors += r.s2.groups[g].floor_cost;
            sum += r.s2.groups[g].budget;
            tmin = fmin(tmin, r.s2.groups[g].t);
            tmax = fmax(tmax, r.s2.groups[g].t);
        }
        print_message("%s: %zu groups, Σ F %.2f, Σ b %.4f of %.4f, %zu rounds\n",
                      funded ? "funded" : "underfunded", r.s2.n_groups, floors, sum,
                      r.s2.available, r.s2.rounds);
        assert_true(sum <= r.s2.available + CENT);
        assert_near(sum, r.s2.available, CENT);
        if (!funded) {
            assert_near(r.s2.cut, r.s2.available / floors - 1, 1e-9);
            assert_near(tmin, tmax, 1e-12);
        } else {
            assert_false(r.s2.underfunded);
        }
        check_invariants(&r, 0);
        done(&r);
    }
    free(seg), free(prov), free(con);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_models_keep_invariants),
        cmocka_unit_test(test_huge_money_allocates_to_the_cent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
