/*
 * test_priorities.c — the placement's order of priorities: the fewest unmet clients, which
 * ones (as cost alone would choose), the least local shortfall at reference prices, then
 * cost; and the causes named for unmet clients. Every model here has no surcharges (every
 * cost fraction 0) and one staff hour a client a month, so a floor is the hourly wage of its
 * provider's CAO for the segment's scale: the arithmetic stays in whole euros.
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

#include "model.h"
#include "plan_fixture.h"

#define SEG_HEAD "segment,product,intensity,complexity,domain,clients,hours,scale,max_tariff\n"
#define PROV_HEAD "provider,cao,local,capacity_hours\n"
#define ZERO_COSTS                                                                          \
    "employer_charges,0\nunproductive,0\noverhead,0\nmargin,0\n"

/* The worked example of the method: s1 has 10 clients and only N (not local, floor 100); s2
 * has 10 clients and L1 (local, 120), L2 (local, 150), N2 (not local, 90); target 60 % local.
 * Reference prices r_s1 = 100, r_s2 = 90. All of s2 local gives 900 / (1,000 + 900) = 0.474,
 * the least shortfall; L1 and L2 earn the same credit, so cost picks L1:
 * required = 12 × (10 × 100 + 10 × 120) = 26,400. Nobody goes without a place (a hard target
 * would have dropped clients of s1 to raise the share). */
static void test_unreachable_target_keeps_every_client(void **state)
{
    (void)state;
    fx_file files[] = {
        {"segments.csv", SEG_HEAD "s1,begeleiding,licht,basis,wmo,10,1,a,\n"
                                  "s2,begeleiding,licht,basis,jeugd,10,1,b,\n"},
        {"wages.csv", "cao,scale,hourly_wage\nn,a,100\nc1,b,120\nc2,b,150\nn2,b,90\n"},
        {"providers.csv", PROV_HEAD "N,n,0,\nL1,c1,1,\nL2,c2,1,\nN2,n2,0,\n"},
        {"contracts.csv", "provider,segment\nN,s1\nL1,s2\nL2,s2\nN2,s2\n"},
        {"budget.csv", "key,value\nbudget,30000\nlocal_share_min,0.6\n" ZERO_COSTS}};
    fx_plan_run p = fx_plan(files, 5);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->summary.unmet_clients, 0, 0);
    assert_near(fx_clients(r, "N", "s1"), 10, 1e-9);
    assert_near(fx_clients(r, "L1", "s2"), 10, 1e-9);
    assert_near(fx_clients(r, "L2", "s2"), 0, 0);
    assert_near(r->summary.required, 26400, EUR);
    assert_near(r->local_share, 900.0 / 1900, 1e-9);
    assert_near(r->local_share_target, 0.6, 0);
    /* shortfall: 0.6 × 12 × 1,900 − 12 × 900 = 2,880 euros a year at reference prices */
    assert_near(r->local_shortfall, 2880, 1e-3);
    const ls_binding *b = fx_binding(r, LS_BIND_LOCAL_MISSED, NULL);
    assert_non_null(b);
    assert_near(b->amount, 900.0 / 1900, 1e-9);
    fx_plan_done(&p);
}

/* One provider short of room: P holds 120 staff hours a year, 10 clients, for s1 (6 clients,
 * floor 100) and s2 (6 clients, floor 200). */
static const fx_file short_of_room[] = {
    {"segments.csv", SEG_HEAD "s1,begeleiding,licht,basis,wmo,6,1,a,\n"
                              "s2,begeleiding,zwaar,basis,wmo,6,1,b,\n"},
    {"wages.csv", "cao,scale,hourly_wage\np,a,100\np,b,200\n"},
    {"providers.csv", PROV_HEAD "P,p,1,120\n"},
    {"contracts.csv", "provider,segment\nP,s1\nP,s2\n"},
    {"budget.csv", "key,value\nbudget,30000\n" ZERO_COSTS}};

/* P holds 120 staff hours a year: 10 clients. s1 (6 clients, floor 100) and s2 (6 clients,
 * floor 200) both need P: 2 clients go unmet whichever way (priority 1); cost alone places
 * the cheaper s1 in full and 4 of s2 (priority 2), so s2's 2 are unmet, for capacity.
 * required = 12 × (6 × 100 + 4 × 200) = 16,800. */
static void test_fewest_unmet_then_cheapest(void **state)
{
    (void)state;
    fx_plan_run p = fx_plan(short_of_room, 5);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->summary.unmet_clients, 2, 1e-9);
    assert_near(r->segment_rows[0].unmet, 0, 0);
    assert_near(r->segment_rows[1].unmet, 2, 1e-9);
    assert_string_equal(r->segment_rows[1].cause, "capacity");
    assert_null(r->segment_rows[0].cause);
    assert_true(isnan(r->segment_rows[1].marginal_cost));
    assert_near(r->summary.required, 16800, EUR);
    /* funded: 30,000 covers 16,800 */
    assert_int_equal(r->summary.status, LS_FUNDED);
    fx_plan_done(&p);
}

/* A local target pulls clients to the local provider L only as far as its capacity goes;
 * it never leaves a client unmet. s1: 10 clients; N (not local, 100) and L (local, 100, 60
 * staff hours: 5 clients); target 0.8. Best: 5 at L (share 0.5, short 0.3 × 12,000 = 3,600
 * a year), 5 at N, nobody unmet. */
static void test_target_never_drops_clients(void **state)
{
    (void)state;
    fx_file files[] = {
        {"segments.csv", SEG_HEAD "s1,begeleiding,licht,basis,wmo,10,1,a,\n"},
        {"wages.csv", "cao,scale,hourly_wage\nn,a,100\nl,a,100\n"},
        {"providers.csv", PROV_HEAD "N,n,0,\nL,l,1,60\n"},
        {"contracts.csv", "provider,segment\nN,s1\nL,s1\n"},
        {"budget.csv", "key,value\nbudget,30000\nlocal_share_min,0.8\n" ZERO_COSTS}};
    fx_plan_run p = fx_plan(files, 5);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->summary.unmet_clients, 0, 0);
    assert_near(fx_clients(r, "L", "s1"), 5, 1e-9);
    assert_near(fx_clients(r, "N", "s1"), 5, 1e-9);
    assert_near(r->local_share, 0.5, 1e-9);
    assert_near(r->local_shortfall, 3600, 1e-3);
    fx_plan_done(&p);
}

/* The causes: s1 has no contract at all; s2's only contract has a floor (100) above its
 * max_tariff (50); s3's provider holds 2 of its 4 clients (max_clients 2). */
static void test_unmet_causes(void **state)
{
    (void)state;
    fx_file files[] = {
        {"segments.csv", SEG_HEAD "s1,begeleiding,licht,basis,wmo,3,1,a,\n"
                                  "s2,begeleiding,licht,basis,jeugd,5,1,a,50\n"
                                  "s3,begeleiding,matig,basis,wmo,4,1,a,\n"
                                  "s4,begeleiding,zwaar,basis,wmo,0,1,a,\n"},
        {"wages.csv", "cao,scale,hourly_wage\np,a,100\n"},
        {"providers.csv", PROV_HEAD "P,p,1,\n"},
        {"contracts.csv", "provider,segment,current_clients,max_clients\nP,s2,,\nP,s3,,2\n"},
        {"budget.csv", "key,value\nbudget,30000\n" ZERO_COSTS}};
    fx_plan_run p = fx_plan(files, 5);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(r->summary.unmet_clients, 3 + 5 + 2, 1e-9);
    assert_string_equal(r->segment_rows[0].cause, "no_contract");
    assert_string_equal(r->segment_rows[1].cause, "ceiling");
    assert_string_equal(r->segment_rows[2].cause, "max_clients");
    /* no clients and no contract: one more client would have no place, no marginal cost */
    assert_true(isnan(r->segment_rows[3].marginal_cost));
    fx_plan_done(&p);
}

/* max_shift per segment: s1 keeps every client with today's dearer provider D (segment
 * max_shift 0) though C is cheaper; the budget.csv max_shift (1) leaves s2 free to move.
 * s1: D 6 today; s2: D 4 today. required = 12 × (6 × 110 + 4 × 100) = 12,720. */
static void test_max_shift_per_segment(void **state)
{
    (void)state;
    fx_file files[] = {
        {"segments.csv", NULL},
        {"wages.csv", "cao,scale,hourly_wage\nc,a,100\nd,a,110\n"},
        {"providers.csv", PROV_HEAD "C,c,1,\nD,d,1,\n"},
        {"contracts.csv",
         "provider,segment,current_clients\nC,s1,0\nD,s1,6\nC,s2,0\nD,s2,4\n"},
        {"budget.csv", "key,value\nbudget,30000\n" ZERO_COSTS}};
    files[0].content =
        "segment,product,intensity,complexity,domain,clients,hours,scale,max_shift\n"
        "s1,begeleiding,licht,basis,wmo,6,1,a,0\n"
        "s2,begeleiding,matig,basis,wmo,4,1,a,\n";
    fx_plan_run p = fx_plan(files, 5);
    const ls_result *r = p.result;
    assert_int_equal(p.rc, LS_OK);
    assert_near(fx_clients(r, "D", "s1"), 6, 1e-9);
    assert_near(fx_clients(r, "C", "s2"), 4, 1e-9);
    assert_near(r->summary.required, 12720, EUR);
    fx_plan_done(&p);
}

/* The verdict never hides unmet demand: the report's first line, and summary.csv's demand. */
static void test_verdict_names_unmet_clients(void **state)
{
    (void)state;
    char *dir = fx_model(short_of_room, 5);
    char cmd[1024], *out, *err;
    snprintf(cmd, sizeof cmd, "plan %s --out %s/out", dir, dir);
    assert_int_equal(fx_run(cmd, &out, &err), 0);
    assert_true(strncmp(out, "FUNDED, BUT 2 CLIENTS HAVE NO PLACE\n", 36) == 0);
    assert_non_null(strstr(out, "  s2 (wmo, area all): 2 of 6 clients without a place (capacity)"));
    char path[600];
    snprintf(path, sizeof path, "%s/out/summary.csv", dir);
    char *summary = fx_slurp(path);
    assert_non_null(strstr(summary, "\ndemand,unmet\n"));
    assert_non_null(strstr(summary, "\nsetting.budget,30000\n"));
    snprintf(path, sizeof path, "%s/out/segments.csv", dir);
    char *segs = fx_slurp(path);
    assert_non_null(strstr(segs, "\ns2,wmo,all,6,4,2,capacity,,0,0.00\n"));
    free(summary);
    free(segs);
    free(out);
    free(err);
    fx_remove(dir);
}

/* A min_budget equal to its provider's floor cost does not hide the common cut: P's two
 * groups cost 12 × 10 h × 10 € × 10 = 12,000 each, 24,000 in all, its min_budget; Q's 12,000.
 * Available 30,000: P is held at its floor by its min_budget, Q gets the 6,000 left: a cut of
 * 6,000 / 12,000 − 1 = −0.5, reported as the cut (it was 0 where the last round only
 * finished P's lift). */
static void test_cut_beside_a_min_budget_at_the_floor(void **state)
{
    (void)state;
    fx_file files[] = {
        {"segments.csv", SEG_HEAD "sa,beg,licht,basis,wmo,10,10,n,150\n"
                                  "sb,beg,licht,basis,jeugd,10,10,n,\n"
                                  "sc,beg,matig,basis,wmo,10,10,n,\n"},
        {"wages.csv", "cao,scale,hourly_wage\nc,n,10\n"},
        {"providers.csv", "provider,cao,local,min_budget\nP,c,1,24000\nQ,c,0,\n"},
        {"contracts.csv", "provider,segment\nP,sa\nP,sb\nQ,sc\n"},
        {"budget.csv", "key,value\nbudget,30000\n" ZERO_COSTS}};
    fx_plan_run p = fx_plan(files, 5);
    assert_int_equal(p.rc, LS_OK);
    assert_int_equal(p.result->summary.status, LS_UNDERFUNDED);
    assert_near(fx_budget(p.result, "Q", "wmo")->budget, 6000, EUR);
    assert_near(p.result->summary.cut, -0.5, 1e-9);
    fx_plan_done(&p);
}

/* The verdict names even a hair of a client without a place (10.0000001 clients, room for
 * 10), in plain decimals; and with --years the path's verdict comes first, the year with the
 * most unplaced clients named (11 clients, room for 10, then 8.8 in year 2). */
static void test_verdict_for_a_hair_and_for_a_path(void **state)
{
    (void)state;
    fx_file files[] = {
        {"segments.csv", SEG_HEAD "s_cap,beg,licht,basis,wmo,10.0000001,10,n3,\n"},
        {"wages.csv", "cao,scale,hourly_wage\nghz,n3,20\n"},
        {"providers.csv", PROV_HEAD "P1,ghz,0,1200\n"},
        {"contracts.csv", "provider,segment\nP1,s_cap\n"},
        {"budget.csv", "key,value\nbudget,1000000\n" ZERO_COSTS}};
    char *dir = fx_model(files, 5);
    char cmd[1024], *out, *err;
    snprintf(cmd, sizeof cmd, "plan %s", dir);
    assert_int_equal(fx_run(cmd, &out, &err), 0);
    if (strncmp(out, "FUNDED, BUT 0.0000001 CLIENTS HAVE NO PLACE\n", 44) != 0)
        fail_msg("first line: %.80s", out);
    free(out);
    free(err);
    fx_write(dir, "segments.csv", SEG_HEAD "s_cap,beg,licht,basis,wmo,11,10,n3,\n");
    snprintf(cmd, sizeof cmd, "plan %s --years 2 --set growth.demand=-0.2", dir);
    assert_int_equal(fx_run(cmd, &out, &err), 0);
    if (strncmp(out, "FUNDED IN EVERY YEAR, BUT UP TO 1 CLIENT HAS NO PLACE (year 1)\n", 62) != 0)
        fail_msg("first line: %.80s", out);
    free(out);
    free(err);
    fx_remove(dir);
}

/* Brunssum with one segment of 10^8 clients, far past the providers' capacity: the clients it
 * leaves without a place are real (capacity), but beside numbers of that size another
 * segment showed 1.4e-8 of a client unplaced, the rounding of the solve. Unmet clients of a
 * segment are none below 10^-12 of all the model's clients (10^-4 here). */
static void test_no_rounding_as_unmet(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-huge-XXXXXX", cmd[1200];
    assert_non_null(mkdtemp(dir));
    snprintf(
        cmd, sizeof cmd,
        "cp -r %s/brunssum %s/m && sed -i '3s/^\\(w_hbh_l_b,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\\)210,/"
        "\\199999999,/' %s/m/segments.csv",
        fx_data_dir(), dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/m", dir);
    ls_model *m = NULL;
    ls_result *r = NULL;
    ls_errors errs = {0};
    assert_int_equal(ls_model_read(cmd, NULL, &m, &errs), LS_OK);
    assert_int_equal(ls_plan(m, &r, &errs), LS_OK);
    size_t unmet = 0;
    for (size_t s = 0; s < r->n_segment_rows; s++) {
        double u = r->segment_rows[s].unmet;
        if (u > 0 && u < 1e-3)
            fail_msg("%s: %.3g clients without a place", r->segment_rows[s].segment, u);
        unmet += u > 0;
    }
    assert_true(r->summary.unmet_clients > 99999000); /* the huge segment's, and two more */
    assert_true(unmet >= 1);
    ls_result_free(r);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Amsterdam (seed 1) with a local target of 70 % and wages 10 % up. The least local
 * shortfall (some € 204 million a year: the placement reaches 33.9 % at reference prices)
 * comes from an LP that meets its rows to GLPK's tolerance; cold, it lay between 1e-6 and
 * 1e-5 of a euro below what the placement can reach, so that the last solve, with it held
 * exactly, had no solution and the plan failed (exit 4). Now the plan keeps every client and
 * gives the figures of the plan at wage 0 followed by the wage step on the same planner (a
 * sweep's way, which needed no slack): the shortfall and the required floor cost to the
 * cent. A slack of half a euro at once (the shortfall that counts as none) made the cold
 * plan € 11.94 cheaper: each euro of shortfall is worth some 24 euros of cost here. */
static void test_least_shortfall_held_to_its_tolerance(void **state)
{
    (void)state;
    char dir[512];
    ls_model *m = fx_generated("amsterdam", 1, dir, sizeof dir);
    ls_errors errs = {0};
    double shortfall[2], required[2];
    for (int warm = 0; warm < 2; warm++) {
        ls_planner *pl = NULL;
        ls_result *r = NULL;
        char msg[256];
        assert_int_equal(ls_planner_create(m, &pl), LS_OK);
        assert_int_equal(ls_planner_set(pl, "local_share_min", "0.7", msg, sizeof msg), LS_OK);
        if (warm) {
            assert_int_equal(ls_planner_solve(pl, &r, &errs), LS_OK);
            ls_result_free(r);
        }
        assert_int_equal(ls_planner_set(pl, "wage_index", "0.1", msg, sizeof msg), LS_OK);
        int rc = ls_planner_solve(pl, &r, &errs);
        if (rc != LS_OK)
            fail_msg("%s plan: %s", warm ? "warm" : "cold",
                     errs.n_errors ? errs.errors[0].message : "?");
        assert_true(r->summary.unmet_clients == 0);
        assert_true(r->local_share < 0.35);
        shortfall[warm] = r->local_shortfall;
        required[warm] = r->summary.required;
        ls_result_free(r);
        ls_planner_free(pl);
    }
    assert_near(shortfall[0], 203639800.35, 0.01);
    assert_near(shortfall[1], shortfall[0], 0.005);
    assert_near(required[0], 574419165.88, 0.005);
    assert_near(required[1], required[0], 0.005);
    /* at a 60 % target with wages up 10 % the solve after the priorities, sifted as a
     * re-solve is, ran for minutes: it is not sifted (and a retry is held to its pivots) */
    ls_planner *pl = NULL;
    ls_result *r = NULL;
    char msg[256];
    assert_int_equal(ls_planner_create(m, &pl), LS_OK);
    assert_int_equal(ls_planner_set(pl, "local_share_min", "0.6", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_set(pl, "wage_index", "0.1", msg, sizeof msg), LS_OK);
    assert_int_equal(ls_planner_solve(pl, &r, &errs), LS_OK);
    assert_true(r->summary.unmet_clients == 0);
    assert_near(r->summary.required, 574419165.88, 0.005);
    ls_result_free(r);
    ls_planner_free(pl);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* Risk runs at a local target out of reach on the Amsterdam preset (60 %; its runs place
 * 38 % locally): each run goes through the priorities warm from the base model's basis, where a
 * sifted LP of theirs can start without a solution (a segment's drawn demand below what its
 * contracts at max_clients hold, fixed there) and frees those contracts. Each run is the plan
 * a cold solve of its drawn clients gives: every client placed, the same floor cost to the
 * cent. */
static void test_least_shortfall_in_risk_runs_as_cold_plans(void **state)
{
    (void)state;
    char dir[512];
    ls_model *m = fx_generated("amsterdam", 1, dir, sizeof dir);
    m->policy.local_share_min = 0.6;
    enum { RUNS = 3 };
    ls_errors errs = {0};
    ls_risk_options o;
    ls_risk_options_init(&o);
    o.runs = RUNS, o.seed = 1;
    ls_risk *k = NULL;
    assert_int_equal(ls_risk_run(m, &o, &k, &errs), LS_OK);
    size_t ns = m->n_segments;
    for (size_t r = 0; r < RUNS; r++) {
        for (size_t s = 0; s < ns; s++)
            m->segments[s].clients = k->clients[r * ns + s];
        ls_result *cold = NULL;
        assert_int_equal(ls_plan(m, &cold, &errs), LS_OK);
        const ls_summary *w = &k->samples[r].summary, *c = &cold->summary;
        assert_true(cold->local_share < 0.45 && c->unmet_clients == 0 && w->unmet_clients == 0);
        if (fabs(w->required - c->required) > 0.005)
            fail_msg("run %zu: required %.4f; a cold plan of its clients %.4f", r, w->required,
                     c->required);
        ls_result_free(cold);
    }
    ls_risk_free(k);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A model (found by a random test) where every client has a place only to GLPK's tolerance:
 * at a wage index of 0.07336039543151858, s2's 18.6 clients need p2 for 5.6 of them (p1 has
 * room for 13, p0 none), and p2 holds 5.4714 of s1 by continuity; its max_budget of
 * € 107,000.24 then takes 5,715.14 × 5.6 + 13,706.86 × 5.4714 = € 107,000.2403, € 0.0003 too
 * much: the fewest unmet is 0.0003 / 5,715.14 = 6e-8 of a client, within the tolerance that
 * counts as none. Held at 0, the least shortfall's LP (a 30 % target) had no solution and the
 * plan stopped with exit 4, and so did a sweep through that wage; now the sliver is held as
 * found: 0.00000006 of s2's clients without a place. */
static void test_unmet_within_tolerance_held_as_found(void **state)
{
    (void)state;
    fx_file f[] = {
        {"segments.csv",
         "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff,"
         "max_shift\n"
         "s0,hbh,zwaar,basis,jeugd,a2,57,4,niveau4,,0.5\n"
         "s1,begeleiding,matig,basis,jeugd,a1,25,20,niveau5,1328.4,\n"
         "s2,jeugdhulp,zwaar,basis,wmo,a3,18.6,10,niveau4,520.41,\n"},
        {"wages.csv", "cao,scale,hourly_wage\nghz,niveau4,22.4\nghz,niveau5,26.8\n"
                      "jeugdzorg,niveau4,24.1\njeugdzorg,niveau5,28.9\n"},
        {"providers.csv", "provider,cao,local,capacity_hours,min_budget,max_budget\n"
                          "p0,ghz,nee,,,439901.97\n"
                          "p1,jeugdzorg,nee,12721.8,,\n"
                          "p2,jeugdzorg,ja,8801.3,,107000.24\n"},
        {"contracts.csv", "provider,segment,current_clients,max_clients\n"
                          "p2,s0,0,8\np1,s0,11.9,\np0,s1,7.4,\np1,s1,26,\np2,s1,26,\n"
                          "p0,s2,17,0\np2,s2,0,\np1,s2,0,13\n"},
        {"budget.csv", "key,value\nyear,2026\nbudget,10000000\nmax_shift,0.5\n"
                       "local_share_min,0.3\n"}};
    char *dir = fx_model(f, 5), args[600];
    snprintf(args, sizeof args, "plan %s --set wage_index=0.07336039543151858", dir);
    fx_expect(args, 0, "  s2 (wmo, area a3): 0.00000006 of 18.60 clients without a place", NULL);
    snprintf(args, sizeof args, "sweep %s --param wage_index --from 0.05 --to 0.1 --steps 2", dir);
    fx_expect(args, 0, "Unmet demand first appears at wage_index = 0.0733603", NULL);
    fx_remove(dir);
}

/* Two models (found by a random test) where the LP with the fewest unmet clients and the
 * least shortfall held has a solution (glpsol finds it) but GLPK's primal simplex, started
 * from the priorities' basis, ended "no feasible solution" or cycled until its pivots ran
 * out, and the plan stopped with exit 4: once more from GLPK's advanced basis of the held LP
 * finds it. (a) Cold: a local target of 45 % and 100 % in jeugd out of reach (p2 keeps 4 of
 * its 5 clients by continuity), at a wage index of 0.02; at 0.0199999 and 0.0200001 the plan
 * solved, with required € 236,323.49 and € 236,323.54: at 0.02 now € 236,323.51. (b) Warm: a
 * sweep's step from 0 to 0.107 (targets of 70 % and 100 % in wmo), which a cold plan at
 * 0.107 solved: the step now gives the plan's figures. */
static void test_held_lp_solved_from_a_fresh_basis(void **state)
{
    (void)state;
    fx_file a[] = {{"segments.csv",
                    "segment,product,intensity,complexity,domain,clients,hours,scale,"
                    "max_shift\n"
                    "seg0,dagbesteding,matig,basis,jeugd,30,12.9,s0,0.2\n"
                    "seg1,hbh,matig,specialistisch,,12,10.4,s0,\n"},
                   {"wages.csv", "cao,scale,hourly_wage\ncao0,s0,20.49\n"},
                   {"providers.csv", "provider,cao,local,max_budget\n"
                                     "p1,cao0,,64322\np2,cao0,,100811\np3,cao0,1,99930\n"},
                   {"contracts.csv", "provider,segment,current_clients,max_clients\n"
                                     "p2,seg1,,\np3,seg1,,\np1,seg0,,\np3,seg0,2,11\np2,seg0,5,\n"},
                   {"budget.csv", "key,value\nbudget,213288\nlocal_share_min,0.45\n"
                                  "local_share_min.jeugd,1\nwage_index,0.02\n"}};
    char *dir = fx_model(a, 5), args[600];
    snprintf(args, sizeof args, "plan %s", dir);
    fx_expect(args, 0, "  required      €       236,323.51 floor cost of 42.0 placed clients",
              NULL);
    fx_remove(dir);
    fx_file b[] = {
        {"segments.csv", "segment,product,intensity,complexity,domain,clients,hours,scale\n"
                         "seg0,begeleiding,matig,specialistisch,,1,5,s1\n"
                         "seg1,hbh,licht,basis,,53,16,s1\n"
                         "seg2,begeleiding,licht,basis_plus,jeugd,39,15,s1\n"},
        {"wages.csv", "cao,scale,hourly_wage\ncao0,s1,23\ncao1,s1,23\n"},
        {"providers.csv", "provider,cao,local,capacity_hours,max_budget,unproductive,margin\n"
                          "p0,cao1,,,,,\np1,cao1,,,617650,,0\np3,cao0,1,11297,,0,\n"},
        {"contracts.csv", "provider,segment\np0,seg2\np1,seg1\np3,seg1\np3,seg2\n"},
        {"budget.csv", "key,value\nbudget,1203875\nlocal_share_min,0.7\n"
                       "local_share_min.wmo,1\n"}};
    dir = fx_model(b, 5);
    snprintf(args, sizeof args, "plan %s --set wage_index=0.107", dir);
    fx_expect(args, 0, "  required      €       700,181.26 floor cost of 92.0 placed clients",
              NULL);
    snprintf(args, sizeof args, "sweep %s --param wage_index --from 0 --to 0.107 --steps 2", dir);
    fx_expect(args, 0, "         0.107  funded, unmet         700,181.26       1,203,875.00", NULL);
    fx_remove(dir);
}

/* Three local targets out of reach (73 % overall, 100 % in wmo and in jeugd; p1, the local
 * provider, held by its max_budget of € 307,966): the least total shortfall is split between
 * wmo and jeugd the cheapest way (lex.c). At a wage index of 0.066934761160626591 the split's
 * last LP, its parts held as the LP before found them, ended "no feasible solution" from the
 * basis it was handed, and the plan kept a dearer split: required € 690,312.66 (wmo 87.41 %
 * local, jeugd 0 %) where a sweep's warm step and the plan at 0.0669 took the cheap one (wmo
 * 66.4 %, jeugd 25 %). From GLPK's advanced basis it solves: € 689,935.27, the sweep's. */
static void test_split_shortfall_solved_from_a_fresh_basis(void **state)
{
    (void)state;
    fx_file f[] = {
        {"segments.csv", "segment,product,intensity,complexity,domain,clients,hours,scale,"
                         "group_size,other_costs\n"
                         "seg1,dagbesteding,licht,basis_plus,participatie,16,20,s0,4,\n"
                         "seg2,begeleiding,zwaar,specialistisch,,45,13,s0,,182.6\n"
                         "seg4,hbh,zwaar,basis,jeugd,36,19,s0,,\n"},
        {"wages.csv", "cao,scale,hourly_wage\ncao1,s0,18.4\n"},
        {"providers.csv", "provider,cao,local,max_budget,overhead\n"
                          "p0,cao1,,,0.12\np1,cao1,1,307966,\n"},
        {"contracts.csv", "provider,segment,max_clients\n"
                          "p0,seg1,\np1,seg4,9\np0,seg2,\np1,seg1,\np0,seg4,\np1,seg2,\n"},
        {"budget.csv", "key,value\nbudget,663102\nlocal_share_min,0.73\n"
                       "local_share_min.wmo,1\nlocal_share_min.jeugd,1\n"}};
    char *dir = fx_model(f, 5), args[600];
    snprintf(args, sizeof args, "plan %s --set wage_index=0.066934761160626591", dir);
    fx_expect(args, 0, "  required      €       689,935.27 floor cost of 97.0 placed clients",
              NULL);
    snprintf(args, sizeof args,
             "sweep %s --param wage_index --from 0.06 --to 0.066934761160626591 --steps 2", dir);
    fx_expect(args, 0, "0.0669347611606  underfunded         689,935.27", NULL);
    fx_remove(dir);
}

/* The Amsterdam preset (seed 1) with targets of 95 % overall and 99 % for youth care, at
 * wages up 5 %: every client placed, 33.2 % local overall and 32.6 % in youth care. Two rows
 * fall short, so the least total shortfall is split between them the cheapest way (lex.c),
 * and that LP made GLPK's primal simplex with its steepest-edge pricing cycle in its first
 * sifted round: some 1,700 pivots a second for hours, the plan never done (found by a random
 * test of 11,649 plans, the only one). Its solves are now held to twice the rows + 2,000
 * pivots, and one held up is tried once more from the same start with Dantzig's pricing, which
 * reaches the optimum: the required floor cost of the cold plan is the one of a warm step
 * from wages up 4 % (a sweep's way, where the first pricing did not cycle), to the cent. */
static void test_least_shortfall_split_that_cycled(void **state)
{
    (void)state;
    char dir[512];
    ls_model *m = fx_generated("amsterdam", 1, dir, sizeof dir);
    ls_errors errs = {0};
    double required[2], shortfall[2], jeugd[2];
    for (int warm = 0; warm < 2; warm++) {
        ls_planner *pl = NULL;
        ls_result *r = NULL;
        char msg[256];
        assert_int_equal(ls_planner_create(m, &pl), LS_OK);
        assert_int_equal(ls_planner_set(pl, "local_share_min", "0.95", msg, sizeof msg), LS_OK);
        assert_int_equal(ls_planner_set(pl, "local_share_min.jeugd", "0.99", msg, sizeof msg),
                         LS_OK);
        if (warm) {
            assert_int_equal(ls_planner_set(pl, "wage_index", "0.04", msg, sizeof msg), LS_OK);
            assert_int_equal(ls_planner_solve(pl, &r, &errs), LS_OK);
            ls_result_free(r);
        }
        assert_int_equal(ls_planner_set(pl, "wage_index", "0.05", msg, sizeof msg), LS_OK);
        int rc = ls_planner_solve(pl, &r, &errs);
        if (rc != LS_OK)
            fail_msg("%s plan: %s", warm ? "warm" : "cold",
                     errs.n_errors ? errs.errors[0].message : "?");
        assert_true(r->summary.unmet_clients == 0);
        assert_near(r->local_share, 0.3319, 0.0001);
        assert_near(r->local_share_domain[1], 0.3257, 0.0001); /* jeugd */
        required[warm] = r->summary.required;
        shortfall[warm] = r->local_shortfall;
        jeugd[warm] = r->local_shortfall_domain[1];
        ls_result_free(r);
        ls_planner_free(pl);
    }
    assert_near(required[0], 550941471.68, 0.005);
    assert_near(required[1], required[0], 0.005);
    assert_near(shortfall[1], shortfall[0], 0.005);
    assert_near(jeugd[1], jeugd[0], 0.005);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A model (found by a random test) whose placement with the priorities held ended at a
 * degenerate vertex where the duals of the true cost came out near 10^17: each basic
 * column's reduced cost, 0 by definition, was some ±40 of cancellation, so the check that
 * the basis is optimal passed while glpsol found a placement € 811.61 a year cheaper (in
 * cost less quality value; the same floor cost, 12.84 clients of seg1 without a place, the
 * same shortfall). The cold plan kept the dearer placement, a sweep's warm step the cheaper
 * one: margins 243.89 % and 255.23 %, p2's wmo budget € 65,473.74 and € 151,587.78. Such a
 * basis is now solved again from GLPK's advanced basis: both give the cheaper one. */
static void test_ill_conditioned_basis_solved_again(void **state)
{
    (void)state;
    fx_file f[] = {
        {"segments.csv", "segment,product,intensity,complexity,domain,clients,hours,scale,"
                         "max_tariff,group_size\n"
                         "seg0,begeleiding,zwaar,basis,,36,28.8,s1,,4\n"
                         "seg1,dagbesteding,licht,basis,,39,21.6,s1,,\n"
                         "seg2,dagbesteding,zwaar,basis,jeugd,17,9.6,s1,467,\n"},
        {"wages.csv", "cao,scale,hourly_wage\ncao0,s1,23.3\ncao1,s1,19.97\n"},
        {"providers.csv", "provider,cao,local,capacity_hours,max_budget,quality\n"
                          "p0,cao0,,,98990,\np1,cao0,,2215,370886,\np2,cao1,1,2426,,\n"
                          "p3,cao0,,,241166,8\n"},
        {"contracts.csv", "provider,segment\np2,seg2\np3,seg0\np3,seg1\np0,seg1\n"
                          "p2,seg0\np2,seg1\np1,seg2\np1,seg0\n"},
        {"budget.csv", "key,value\nbudget,859819\nlocal_share_min,0.35\n"
                       "local_share_min.jeugd,0.7\nquality_value,15\nwage_index,0.1\n"}};
    char *dir = fx_model(f, 5), args[600];
    snprintf(args, sizeof args, "plan %s", dir);
    fx_expect(args, 0, "  margin                   255.23 %", NULL);
    fx_expect(args, 0,
              "  p2             p2                           wmo      yes        42,673.27"
              "       151,587.78 +255.23%",
              NULL);
    snprintf(args, sizeof args, "sweep %s --param budget --from 859818 --to 859819 --steps 2",
             dir);
    fx_expect(args, 0, "        859819  funded, unmet         542,794.62         859,819.00   "
                       "+255.23%      12.84",
              NULL);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unreachable_target_keeps_every_client),
        cmocka_unit_test(test_fewest_unmet_then_cheapest),
        cmocka_unit_test(test_target_never_drops_clients),
        cmocka_unit_test(test_unmet_causes),
        cmocka_unit_test(test_max_shift_per_segment),
        cmocka_unit_test(test_verdict_names_unmet_clients),
        cmocka_unit_test(test_cut_beside_a_min_budget_at_the_floor),
        cmocka_unit_test(test_verdict_for_a_hair_and_for_a_path),
        cmocka_unit_test(test_no_rounding_as_unmet),
        cmocka_unit_test(test_least_shortfall_held_to_its_tolerance),
        cmocka_unit_test(test_least_shortfall_in_risk_runs_as_cold_plans),
        cmocka_unit_test(test_unmet_within_tolerance_held_as_found),
        cmocka_unit_test(test_held_lp_solved_from_a_fresh_basis),
        cmocka_unit_test(test_split_shortfall_solved_from_a_fresh_basis),
        cmocka_unit_test(test_least_shortfall_split_that_cycled),
        cmocka_unit_test(test_ill_conditioned_basis_solved_again),
    };
    /* LS_TEST_SKIP: a pattern of tests to leave out (tests/valgrind.sh leaves out the
     * Amsterdam plans and risk runs, test_least_shortfall_*, nearly all of this suite's
     * time, which ctest and the sanitizers' run still make) */
    if (getenv("LS_TEST_SKIP"))
        cmocka_set_skip_filter(getenv("LS_TEST_SKIP"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
