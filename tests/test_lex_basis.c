/*
 * test_lex_basis.c — the placement's priorities above cost (solver/lp/lex.c and their way in,
 * solver/lp/stage1.c): the basis they hand stage 1's LP is regular and its optimum, their LPs
 * sifted give what the whole LPs give, and clients that no contract may take settle none of
 * them (the first attempt is the answer, with the duals of the LP that holds them).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <glpk.h>

#include "fixture.h"
#include "lex.h"
#include "lumpsum.h"
#include "model.h"
#include "stage1.h"
#include "stage1_fixture.h"
#include "stage1_lp.h"

/* fx_village_with_target with wages up by wage: from 0.12 on, 106 clients of six segments whose
 * every floor is above the max_tariff go without a place. */
static ls_model *village_at_wages(char *dir, size_t size, const char *wage)
{
    char msg[256];
    ls_model *m = fx_village_with_target(dir, size);
    assert_int_equal(ls_model_set(m, "wage_index", wage, msg, sizeof msg), LS_OK);
    ls_model_compute(m, NULL);
    return m;
}

/* Clients that a placement can leave out or not: of the segments with a usable contract, the
 * one with the most clients (the first on a tie) gets a max_clients of 1 on each of its
 * contracts, so that some of its clients go without a place that contracts of theirs could
 * still take (a forced one, in a segment with no contract that may take a client, settles no
 * priority: stage1.c). */
static void max_clients_one(ls_model *m)
{
    ls_model_compute(m, NULL);
    char *usable = calloc(m->n_segments + 1, 1);
    assert_non_null(usable);
    for (size_t j = 0; j < m->n_contracts; j++)
        usable[m->contracts[j].segment] |= (char)(m->contracts[j].usable != 0);
    size_t top = SIZE_MAX;
    for (size_t s = 0; s < m->n_segments; s++)
        if (usable[s] && (top == SIZE_MAX || m->segments[s].clients > m->segments[top].clients))
            top = s;
    free(usable);
    assert_true(top != SIZE_MAX);
    for (size_t j = 0; j < m->n_contracts; j++)
        if ((size_t)m->contracts[j].segment == top)
            m->contracts[j].max_clients = 1;
    ls_model_compute(m, NULL);
}

/* The basis the priorities above cost hand the LP (lex.c) is regular. On the village preset
 * (seed 2) with a local target of 30 % and wages up 12 %, 106 clients go without a place; the
 * LP that settles which ones holds their total in a row the stage-1 LP has not, so that one
 * basic variable too many comes back. Dropping the first basic unmet column left a singular
 * basis: GLPK's simplex then solved afresh with its own scaling (15 s of a 17 s plan on the
 * Amsterdam preset at a 70 % target with wages up 12.5 %). */
static void test_priorities_basis_regular(void **state)
{
    (void)state;
    char dir[512];
    ls_model *m = village_at_wages(dir, sizeof dir, "0.12");
    ls_stage1 s1;
    fx_stage1_solved(m, NULL, &s1);
    double unmet = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        unmet += s1.u[s];
    assert_near(unmet, 106, 1e-6);
    ls_errors errs = {0};
    int tiny = 1;
    assert_int_equal(ls_lex_priorities(&s1, 0, &tiny, &errs), LS_OK);
    assert_false(tiny); /* 106 unmet clients: well above the tolerance */
    assert_int_equal(glp_factorize(s1.lp), 0);
    ls_stage1_free(&s1);
    ls_model_free(m);
    fx_remove(dir);
}

static void same_near(const double *a, const double *b, size_t n, const char *what, int k)
{
    for (size_t i = 0; i < n; i++)
        if (!(fabs(a[i] - b[i]) <= 1e-9 * fmax(1, fabs(b[i]))))
            fail_msg("setting %d: %s %zu is %.17g sifted, %.17g whole", k, what, i, a[i], b[i]);
}

/* Way k (0–2) into the priorities on the village preset of village_with_target: a target of
 * 90 % out of reach; a target of 30 % met with clients unplaced (max_clients_one, which stays
 * for the way after); both. */
static void way_into_priorities(ls_model *m, int k)
{
    char msg[256];
    assert_int_equal(ls_model_set(m, "local_share_min", k == 1 ? "0.3" : "0.9", msg, sizeof msg),
                     LS_OK);
    assert_int_equal(ls_model_set(m, "wage_index", "0", msg, sizeof msg), LS_OK);
    ls_model_compute(m, NULL);
    if (k == 1)
        max_clients_one(m);
}

/* The priorities' LPs sifted (lex.c: the contracts at a bound fixed there but their segment's
 * cheapest, let back in by pricing) against the whole LPs (sift_min_cols above the LP's columns):
 * the same placement, unmet clients, shortfall and cost, to 1e-9. The village preset (seed 2),
 * where a target of 90 % is out of reach, and with a max_clients of 1 on each contract of its
 * largest segment 28 clients go without a place (max_clients_one): each of the three ways into
 * the priorities. */
static void test_priorities_sifted(void **state)
{
    (void)state;
    char dir[512];
    ls_model *m = fx_village_with_target(dir, sizeof dir);
    ls_stage1_options whole;
    ls_stage1_options_init(&whole);
    whole.sift_min_cols = SIZE_MAX;
    ls_stage1_options sifted;
    ls_stage1_options_init(&sifted);
    sifted.sift_min_cols = 0;
    for (int k = 0; k < 3; k++) {
        way_into_priorities(m, k);
        ls_stage1 a, b;
        fx_stage1_solved(m, &sifted, &a);
        fx_stage1_solved(m, &whole, &b);
        assert_true(a.lex && b.lex);
        double unmet = 0;
        for (size_t s = 0; s < m->n_segments; s++)
            unmet += a.u[s];
        assert_near(unmet, k == 0 ? 0 : 28, 1e-6);
        assert_true(k == 1 ? a.local_shortfall[LS_LOCAL_ALL] == 0
                           : a.local_shortfall[LS_LOCAL_ALL] > 1000);
        /* to GLPK's rounding: their pivots differ (x = 0.16000000000063647 and
         * 0.16000000000053285) */
        same_near(a.x, b.x, m->n_contracts, "contract", k);
        same_near(a.u, b.u, m->n_segments, "unmet of segment", k);
        same_near(a.local_shortfall, b.local_shortfall, LS_N_LOCAL, "shortfall", k);
        same_near(&a.objective, &b.objective, 1, "cost", k);
        ls_stage1_free(&a);
        ls_stage1_free(&b);
    }
    ls_model_free(m);
    fx_remove(dir);
}

/* The priorities hand stage 1's LP the cheapest placement with their unmet clients and
 * shortfall held (lex.c's last LP), so that its solve from that basis has little left to do:
 * before, it settled cost from the basis of the least shortfall, over every contract. The
 * village preset (seed 2) in the three ways into the priorities (test_priorities_sifted):
 * with the target out of reach no pivot now, 22 before; with clients unplaced too none, 41
 * before; with the target met and clients unplaced one, as before (the LP of which clients
 * go unmet had settled cost already). */
static void test_priorities_hand_their_optimum(void **state)
{
    (void)state;
    char dir[512];
    ls_model *m = fx_village_with_target(dir, sizeof dir);
    ls_stage1_options o;
    ls_stage1_options_init(&o);
    for (int k = 0; k < 3; k++) {
        way_into_priorities(m, k);
        ls_stage1 a;
        fx_stage1_solved(m, &o, &a);
        assert_true(a.lex);
        assert_true(a.lex_pivots <= (k == 1 ? 1 : 0));
        ls_stage1_free(&a);
    }
    ls_model_free(m);
    fx_remove(dir);
}

/* Clients in a segment none of whose contracts may take one go without a place in every
 * placement: a first attempt that leaves only such clients out and meets the target is the
 * priorities' optimum, and lex.c is not run (stage1.c, unmet_forced). The village preset
 * (seed 2) at a 30 % target with wages up 12 %: 106 clients of six segments whose every
 * floor is above the max_tariff. The placement is the one of the same model with those
 * segments' clients at 0, where everyone has a place (x, to 1e-9: the two LPs differ in
 * those six demand rows alone, whose contracts are all fixed at 0). With a max_clients of 1
 * on the contracts of the largest segment that has a usable one too (max_clients_one: 22
 * clients more without a place, whom a placement could still take) the priorities are run.
 * And the duals reported are those of the LP with the forced clients held (below). */
static void test_forced_unmet_is_the_answer(void **state)
{
    (void)state;
    char dir[512];
    ls_model *m = village_at_wages(dir, sizeof dir, "0.12");
    ls_stage1 a, b;
    fx_stage1_solved(m, NULL, &a);
    assert_false(a.lex);
    double unmet = 0;
    size_t forced = 0;
    for (size_t s = 0; s < m->n_segments; s++) {
        unmet += a.u[s];
        if (a.u[s] > 0) {
            assert_near(a.u[s], m->segments[s].clients, 1e-9);
            m->segments[s].clients = 0;
            forced++;
        }
    }
    assert_near(unmet, 106, 1e-9);
    assert_int_equal(forced, 6);
    ls_model_compute(m, NULL);
    fx_stage1_solved(m, NULL, &b);
    assert_false(b.lex);
    same_near(a.x, b.x, m->n_contracts, "contract", 0);
    same_near(&a.objective, &b.objective, 1, "cost", 0);
    ls_stage1_free(&a);
    ls_stage1_free(&b);
    ls_model_free(m);
    fx_remove(dir);

    m = village_at_wages(dir, sizeof dir, "0.12");
    max_clients_one(m);
    fx_stage1_solved(m, NULL, &a);
    assert_true(a.lex);
    unmet = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        unmet += a.u[s];
    assert_near(unmet, 106 + 22, 1e-6);
    ls_stage1_free(&a);
    ls_model_free(m);
    fx_remove(dir);

    /* the duals are those of the LP with the unmet clients held, where an unmet column costs
     * nothing: a segment whose usable contracts all have a max_clients of 0 (today's wages,
     * its clients forced out) has a demand dual of 0, and each of its contracts its cost less
     * its other rows' duals as a reduced cost, above 0 (its capacity and max_budget rows'
     * duals are ≤ 0, the target of 30 % does not bind); with the first attempt's duals it was
     * its cost less 12·W, and the report named each such contract's max_clients as binding,
     * one more client saving some € 1.4 million a year */
    m = fx_village_with_target(dir, sizeof dir);
    size_t top = 0;
    for (size_t s = 1; s < m->n_segments; s++)
        if (m->segments[s].clients > m->segments[top].clients)
            top = s;
    for (size_t j = 0; j < m->n_contracts; j++)
        if ((size_t)m->contracts[j].segment == top)
            m->contracts[j].max_clients = 0;
    ls_model_compute(m, NULL);
    fx_stage1_solved(m, NULL, &a);
    assert_false(a.lex);
    assert_near(a.u[top], m->segments[top].clients, 1e-9);
    assert_true(a.demand_dual[top] == 0);
    size_t seen = 0;
    for (size_t j = 0; j < m->n_contracts; j++)
        if ((size_t)m->contracts[j].segment == top) {
            assert_true(m->contracts[j].usable);
            assert_true(ls_stage1_rc(&a)[j] > 0);
            seen++;
        }
    assert_true(seen > 0);
    ls_stage1_free(&a);
    ls_model_free(m);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_priorities_basis_regular),
        cmocka_unit_test(test_priorities_sifted),
        cmocka_unit_test(test_priorities_hand_their_optimum),
        cmocka_unit_test(test_forced_unmet_is_the_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
