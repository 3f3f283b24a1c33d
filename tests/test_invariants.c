/*
 * test_invariants.c — what must hold for every plan, on every bundled example and on 300
 * small random models (random seeds, policies, tight and loose budgets):
 *   every client placed or unmet; Σ budgets ≤ available; every budget ≥ its floor cost ×
 *   (1 + cut); no provider above its max_budget; allocated + unallocated = available; the
 *   rounded budgets add up to the rounded total; and the exported LPs of both stages,
 *   re-solved by glpsol, give lumpsum's own objectives. And a model's rows in another order
 *   plan the same.
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "lumpsum.h"
#include "model.h"
#include "plan_fixture.h"

/* glpsol's objective for an LP file: the "s bas ROWS COLS PST DST OBJ" line of its solution. */
static double glpsol_objective(const char *lp_path, int format, const char *what)
{
    char sol[] = "/tmp/lumpsum-sol-XXXXXX", cmd[512], line[512];
    int fd = mkstemp(sol);
    close(fd);
    snprintf(cmd, sizeof cmd, "glpsol %s %s -w %s >/dev/null 2>&1",
             format == 'm' ? "--freemps" : "--lp", lp_path, sol);
    if (system(cmd) != 0)
        fail_msg("%s: glpsol failed on %s (kept)", what, lp_path);
    FILE *f = fopen(sol, "r");
    double obj = NAN;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "s bas", 5) == 0) {
            char pst, dst;
            int rows, cols;
            if (sscanf(line, "s bas %d %d %c %c %lf", &rows, &cols, &pst, &dst, &obj) != 5 ||
                pst != 'f' || dst != 'f')
                fail_msg("%s: glpsol found no optimum for %s (kept): %s", what, lp_path, line);
        }
    if (f)
        fclose(f);
    unlink(sol);
    return obj;
}

static void check_export(ls_model *m, const ls_result *r, const char *what)
{
    char path[] = "/tmp/lumpsum-lp-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    ls_errors errs = {0};
    for (int k = 0; k < 3; k++) {
        /* stage 1 as CPLEX LP and as free MPS (whose reader takes the first free row for the
         * objective: the free local rows must not be written), stage 2 as free MPS */
        int stage = k < 2 ? 1 : 2, format = k == 0 ? 'l' : 'm';
        assert_int_equal(ls_export(m, stage, format == 'm' ? LS_LP_MPS : LS_LP_CPLEX, path, &errs),
                         LS_OK);
        double obj = glpsol_objective(path, format, what);
        double want = stage == 1 ? r->stage1_objective : r->summary.allocated;
        if (fabs(obj - want) > 1e-7 * fmax(1, fabs(want)))
            fail_msg("stage %d: glpsol %.9f, lumpsum %.9f", stage, obj, want);
    }
    ls_errors_clear(&errs);
    unlink(path);
}

static void check_invariants(const ls_model *m, const ls_result *r, const char *what)
{
    const double tol = 1e-6 * fmax(1, r->summary.available);
    for (size_t s = 0; s < r->n_segment_rows; s++) {
        const ls_segment_row *sg = &r->segment_rows[s];
        double placed = 0;
        for (size_t i = 0; i < r->n_allocation; i++)
            if (strcmp(r->allocation[i].segment, sg->segment) == 0)
                placed += r->allocation[i].clients;
        if (fabs(placed - sg->served) > 1e-6 * fmax(1, sg->demand) ||
            fabs(sg->served + sg->unmet - sg->demand) > 1e-6 * fmax(1, sg->demand))
            fail_msg("%s: segment %s: placed %g + unmet %g ≠ demand %g", what, sg->segment,
                     placed, sg->unmet, sg->demand);
    }
    double sum = 0;
    for (size_t i = 0; i < r->n_budgets; i++) {
        const ls_budget_row *b = &r->budgets[i];
        sum += b->budget;
        /* a group a row of its own froze (a domain's room, a ceiling) may end lower */
        if (!b->capped && b->budget < b->floor_cost * (1 + r->summary.cut) - tol)
            fail_msg("%s: %s (%s) gets %.2f, below its floor cost %.2f × (1 + cut %g)", what,
                     b->provider, b->domain, b->budget, b->floor_cost, r->summary.cut);
    }
    if (sum > r->summary.available + tol)
        fail_msg("%s: budgets %.2f exceed the available %.2f", what, sum, r->summary.available);
    assert_near(r->summary.allocated, sum, tol);
    assert_near(r->summary.allocated + r->summary.unallocated, r->summary.available, tol);
    for (size_t p = 0; p < m->n_providers; p++) {
        double paid = 0;
        for (size_t i = 0; i < r->n_budgets; i++)
            if (strcmp(r->budgets[i].provider, m->providers[p].id) == 0)
                paid += r->budgets[i].budget;
        if (paid > m->providers[p].max_budget + tol || paid < m->providers[p].min_budget - tol)
            fail_msg("%s: provider %s paid %.2f outside [%g, %g]", what, m->providers[p].id,
                     paid, m->providers[p].min_budget, m->providers[p].max_budget);
    }
    /* a local target is met, or its shortfall reported (the domains' over their placement) */
    if (r->local_share_target > 0 && !isnan(r->local_share) && r->local_shortfall == 0 &&
        r->local_share < r->local_share_target - 1e-6)
        fail_msg("%s: local share %g below its target %g with no shortfall", what,
                 r->local_share, r->local_share_target);
    for (int d = 0; d < LS_DOMAIN_COUNT; d++)
        if (r->local_target_domain[d] > 0 && !isnan(r->local_share_domain[d]) &&
            r->local_shortfall_domain[d] == 0 &&
            r->local_share_domain[d] < r->local_target_domain[d] - 1e-6)
            fail_msg("%s: local share of %s %g below its target %g with no shortfall", what,
                     ls_domain_name(d), r->local_share_domain[d], r->local_target_domain[d]);
    /* every placed client at a usable contract, so at or above its floor and under its cap */
    for (size_t i = 0; i < r->n_allocation; i++)
        for (size_t j = 0; j < m->n_contracts; j++) {
            const ls_contract *c = &m->contracts[j];
            if (strcmp(m->providers[c->provider].id, r->allocation[i].provider) == 0 &&
                strcmp(m->segments[c->segment].id, r->allocation[i].segment) == 0 &&
                !c->usable)
                fail_msg("%s: clients placed at an unusable contract", what);
        }
    /* the rounded budgets add up to the rounded total */
    double *cents = malloc((r->n_budgets + 1) * sizeof(double)), rounded = 0;
    for (size_t i = 0; i < r->n_budgets; i++)
        cents[i] = r->budgets[i].budget;
    ls_round_cents(cents, r->n_budgets, cents);
    for (size_t i = 0; i < r->n_budgets; i++)
        rounded += cents[i];
    free(cents);
    char shown[64]; /* the total to the cent the report prints (round(sum · 100) may miss it) */
    snprintf(shown, sizeof shown, "%.2f", sum);
    assert_near(rounded, strtod(shown, NULL), 1e-6);
}

static void test_bundled_examples(void **state)
{
    (void)state;
    const char *models[] = {"dalfsen", "zaltbommel", "brunssum", "drechtsteden", "ijmond"};
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", fx_data_dir(), models[i]);
        ls_errors errs = {0};
        ls_model *m = NULL;
        ls_result *r = NULL;
        assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
        assert_int_equal(ls_plan(m, &r, &errs), LS_OK);
        check_invariants(m, r, models[i]);
        check_export(m, r, models[i]);
        ls_result_free(r);
        ls_model_free(m);
        ls_errors_clear(&errs);
    }
}

/* A random small model: 2–5 providers over two CAOs, 1–6 segments in two domains, random
 * contracts, limits and policies, and a budget from 0.5 to 1.5 times a rough cost. */
static void random_model(gsl_rng *rng, const char *dir)
{
    char buf[8192];
    size_t np = 2 + gsl_rng_uniform_int(rng, 4), ns = 1 + gsl_rng_uniform_int(rng, 6);
    int has[6][6] = {{0}};
    fx_write(dir, "wages.csv", "cao,scale,hourly_wage\nvvt,n3,19.6\nvvt,n4,22.1\nghz,n3,19.9\n"
                               "ghz,n4,22.6\n");
    size_t o = (size_t)snprintf(buf, sizeof buf,
                                "segment,product,intensity,complexity,domain,clients,hours,"
                                "scale,max_tariff\n");
    for (size_t s = 0; s < ns; s++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "s%zu,p,licht,basis,%s,%.2f,%.1f,%s,%s\n", s,
                              gsl_rng_uniform(rng) < 0.7 ? "wmo" : "jeugd",
                              gsl_rng_uniform(rng) < 0.1 ? 0.0 : 50 * gsl_rng_uniform(rng),
                              2 + 28 * gsl_rng_uniform(rng),
                              gsl_rng_uniform(rng) < 0.5 ? "n3" : "n4",
                              gsl_rng_uniform(rng) < 0.3 ? "2000" : "");
    fx_write(dir, "segments.csv", buf);
    o = 0;
    o +=
        (size_t)snprintf(buf + o, sizeof buf - o, "provider,segment,current_clients,max_clients\n");
    size_t n_contracts[6] = {0};
    for (size_t p = 0; p < np; p++)
        for (size_t s = 0; s < ns; s++)
            if (gsl_rng_uniform(rng) < 0.6) {
                has[p][s] = 1;
                n_contracts[p]++;
                o += (size_t)snprintf(buf + o, sizeof buf - o, "q%zu,s%zu,%.1f,%s\n", p, s,
                                      10 * gsl_rng_uniform(rng),
                                      gsl_rng_uniform(rng) < 0.2 ? "20" : "");
            }
    fx_write(dir, "contracts.csv", buf);
    o = (size_t)snprintf(buf, sizeof buf, "provider,cao,local,capacity_hours,min_budget,max_budget,"
                                          "quality,overhead\n");
    for (size_t p = 0; p < np; p++) {
        double minb =
            n_contracts[p] && gsl_rng_uniform(rng) < 0.2 ? 2000 * gsl_rng_uniform(rng) : 0;
        o += (size_t)snprintf(buf + o, sizeof buf - o, "q%zu,%s,%d,%s,%.0f,%s,%.1f,%.2f\n", p,
                              gsl_rng_uniform(rng) < 0.5 ? "vvt" : "ghz",
                              gsl_rng_uniform(rng) < 0.6,
                              gsl_rng_uniform(rng) < 0.3 ? "3000" : "", minb,
                              gsl_rng_uniform(rng) < 0.2 ? "150000" : "",
                              10 * gsl_rng_uniform(rng), 0.05 + 0.15 * gsl_rng_uniform(rng));
    }
    fx_write(dir, "providers.csv", buf);
    (void)has;
    double rough = 12 * 40 * 25 * 10 * (double)ns; /* hours × hourly × clients, very rough */
    snprintf(buf, sizeof buf,
             "key,value\nbudget,%.2f\nreserve,%.2f\nlocal_share_min,%.2f\nmax_shift,%.2f\n"
             "quality_value,%.1f\nmargin_policy,%s\n%s",
             rough * (0.5 + gsl_rng_uniform(rng)), 0.1 * gsl_rng_uniform(rng),
             gsl_rng_uniform(rng) < 0.3 ? 0.5 * gsl_rng_uniform(rng) : 0.0,
             gsl_rng_uniform(rng) < 0.5 ? 1.0 : gsl_rng_uniform(rng),
             gsl_rng_uniform(rng) < 0.3 ? 5 * gsl_rng_uniform(rng) : 0.0,
             gsl_rng_uniform(rng) < 0.5 ? "equal" : "quality",
             gsl_rng_uniform(rng) < 0.2 ? "budget.jeugd,40000\n" : "");
    /* a domain's own local target in one model of four */
    if (gsl_rng_uniform(rng) < 0.25) {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "local_share_min.%s,%.2f\n",
                 gsl_rng_uniform(rng) < 0.5 ? "wmo" : "jeugd", 0.8 * gsl_rng_uniform(rng));
    }
    fx_write(dir, "budget.csv", buf);
}

/* A sweep of 4 steps over a random parameter: every step keeps the budget, and its
 * unallocated amount is available − allocated; every risk run likewise, with every sampled
 * client placed or unmet. */
static void check_sweep_and_risk(gsl_rng *rng, ls_model *m, const char *what, int risk)
{
    static const char *const params[] = {"budget", "wage_index", "demand", "reserve",
                                         "quality_value"};
    static const double from[] = {0, 0, 0.5, 0, 0}, to[] = {0, 0.2, 1.5, 0.2, 8};
    size_t k = gsl_rng_uniform_int(rng, 5);
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = params[k];
    o.from = k == 0 ? 0.5 * m->policy.budget : from[k];
    o.to = k == 0 ? 1.5 * m->policy.budget : to[k];
    o.steps = 4;
    ls_sweep *sw = NULL;
    ls_errors errs = {0};
    int rc = ls_sweep_run(m, &o, &sw, &errs);
    if (rc == LS_ENOSOLUTION) { /* some value has no placement: a reason is given */
        assert_true(errs.n_errors > 0);
    } else {
        if (rc != LS_OK)
            fail_msg("%s: sweep %s returned %d", what, o.param, rc);
        for (size_t i = 0; i < sw->n_rows; i++) {
            const ls_sweep_row *row = &sw->rows[i];
            double tol = 1e-6 * fmax(1, row->summary.available);
            if (row->summary.allocated > row->summary.available + tol ||
                fabs(row->summary.allocated + row->summary.unallocated - row->summary.available) >
                    tol ||
                (row->summary.cut < 0 && row->summary.status != LS_UNDERFUNDED) ||
                row->summary.margin < 0)
                fail_msg("%s: sweep %s step %zu: allocated %.2f of %.2f (unallocated %.2f, "
                         "cut %g, margin %g)",
                         what, o.param, i, row->summary.allocated, row->summary.available,
                         row->summary.unallocated, row->summary.cut, row->summary.margin);
        }
    }
    ls_sweep_free(sw);
    ls_errors_clear(&errs);
    if (!risk)
        return;
    ls_risk_options ro;
    ls_risk_options_init(&ro);
    ro.runs = 12;
    ro.seed = gsl_rng_get(rng);
    ro.threads = 1;
    ro.dispersion = 0.1 * gsl_rng_uniform(rng);
    ls_risk *k2 = NULL;
    rc = ls_risk_run(m, &ro, &k2, &errs);
    if (rc == LS_ENOSOLUTION) {
        assert_true(errs.n_errors > 0);
    } else {
        if (rc != LS_OK)
            fail_msg("%s: risk returned %d: %s", what, rc,
                     errs.n_errors ? errs.errors[0].message : "?");
        for (size_t i = 0; i < k2->n_samples; i++) {
            const ls_risk_sample *smp = &k2->samples[i];
            double tol = 1e-6 * fmax(1, smp->summary.available);
            if (smp->summary.allocated > smp->summary.available + tol ||
                fabs(smp->summary.served_clients + smp->summary.unmet_clients - smp->demand) >
                    1e-6 * fmax(1, smp->demand))
                fail_msg("%s: risk run %zu: allocated %.2f of %.2f; served %g + unmet %g vs "
                         "demand %g",
                         what, i, smp->summary.allocated, smp->summary.available,
                         smp->summary.served_clients, smp->summary.unmet_clients, smp->demand);
        }
    }
    ls_risk_free(k2);
    ls_errors_clear(&errs);
}

static void test_random_models(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t solved = 0, no_solution = 0, underfunded = 0;
    for (unsigned long seed = 1; seed <= 300; seed++) {
        gsl_rng_set(rng, seed);
        char *dir = fx_model(NULL, 0);
        random_model(rng, dir);
        ls_errors errs = {0};
        ls_model *m = NULL;
        ls_result *r = NULL;
        int rc = ls_model_read(dir, NULL, &m, &errs);
        if (rc != LS_OK)
            fail_msg("seed %lu: the random model does not read: %s", seed,
                     errs.n_errors ? errs.errors[0].message : "?");
        rc = ls_plan(m, &r, &errs);
        char what[64];
        snprintf(what, sizeof what, "random model %lu (%s)", seed, dir);
        if (rc == LS_ENOSOLUTION) {
            assert_true(errs.n_errors > 0); /* a reason is always given */
            no_solution++;
        } else {
            if (rc != LS_OK)
                fail_msg("%s: plan returned %d: %s", what, rc,
                         errs.n_errors ? errs.errors[0].message : "?");
            check_invariants(m, r, what);
            if (seed % 10 == 0)
                check_export(m, r, what);
            check_sweep_and_risk(rng, m, what, seed % 5 == 0);
            solved++;
            underfunded += r->summary.status == LS_UNDERFUNDED;
        }
        ls_result_free(r);
        ls_model_free(m);
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
    gsl_rng_free(rng);
    print_message("random models: %zu solved (%zu underfunded), %zu without solution\n", solved,
                  underfunded, no_solution);
    /* the generator must exercise both answers, or the test proves little */
    assert_true(solved >= 200 && underfunded >= 20 && solved - underfunded >= 20);
}

/* A file's lines, for reordering: the text read whole, its lines pointed into it. */
typedef struct lines {
    char *text;
    char **line;
    size_t n;
} lines;

static lines read_lines(const char *path)
{
    lines l = {fx_slurp(path), NULL, 0};
    size_t len = strlen(l.text);
    assert_true(len > 0);
    assert_non_null(l.line = malloc((len + 1) * sizeof(char *)));
    for (char *p = l.text, *end = l.text + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        l.line[l.n++] = p;
        *(nl ? nl : end) = '\0';
        p = nl ? nl + 1 : end;
    }
    return l;
}

/* Writes the lines to dir/name in the order order[0 .. n − 1]. */
static void write_lines(const char *dir, const char *name, const lines *l, const size_t *order)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < l->n; i++)
        fprintf(f, "%s\n", l->line[order[i]]);
    fclose(f);
}

static const lines *sort_lines;

/* By the second field, then the whole line (contracts: by segment, so that every provider's
 * rows come in many blocks). */
static int by_second_field(const void *a, const void *b)
{
    const char *x = sort_lines->line[*(const size_t *)a], *y = sort_lines->line[*(const size_t *)b];
    const char *fx = strchr(x, ','), *fy = strchr(y, ',');
    int c = strcmp(fx ? fx : x, fy ? fy : y);
    return c ? c : strcmp(x, y);
}

/* Stage 1's tie-break is drawn from the identifiers, not from the files' order: the bundled
 * Zaltbommel (ties between equal floors everywhere) with its contracts sorted by segment
 * (every provider's rows in many blocks: the reader's duplicate check has to switch to its
 * pair map) and its providers and segments listed backwards plans the same, to the cent. */
static void test_row_order_does_not_matter(void **state)
{
    (void)state;
    char src[512], dir[] = "/tmp/lumpsum-order-XXXXXX";
    snprintf(src, sizeof src, "%s/zaltbommel", fx_data_dir());
    assert_non_null(mkdtemp(dir));
    const char *names[] = {"budget.csv", "wages.csv", "providers.csv", "segments.csv",
                           "contracts.csv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", src, names[i]);
        lines l = read_lines(path);
        size_t *order = malloc((l.n + 1) * sizeof(size_t)), head = 0;
        assert_non_null(order);
        while (head < l.n && l.line[head][0] == '#')
            head++;
        head++; /* the header */
        for (size_t k = 0; k < l.n; k++)
            order[k] = k;
        if (strcmp(names[i], "contracts.csv") == 0) {
            sort_lines = &l;
            qsort(order + head, l.n - head, sizeof(size_t), by_second_field);
        } else if (strcmp(names[i], "providers.csv") == 0 ||
                   strcmp(names[i], "segments.csv") == 0) {
            for (size_t k = head; k < l.n; k++)
                order[k] = l.n - 1 - (k - head);
        }
        write_lines(dir, names[i], &l, order);
        free(order);
        free(l.line);
        free(l.text);
    }
    ls_errors errs = {0};
    ls_model *ma = NULL, *mb = NULL;
    ls_result *a = NULL, *b = NULL;
    assert_int_equal(ls_model_read(src, NULL, &ma, &errs), LS_OK);
    assert_int_equal(ls_model_read(dir, NULL, &mb, &errs), LS_OK);
    assert_int_equal(ls_plan(ma, &a, &errs), LS_OK);
    assert_int_equal(ls_plan(mb, &b, &errs), LS_OK);
    assert_near(a->summary.required, b->summary.required, 0.005);
    assert_near(a->summary.allocated, b->summary.allocated, 0.005);
    assert_int_equal(a->n_allocation, b->n_allocation);
    for (size_t i = 0; i < a->n_allocation; i++) {
        const ls_allocation_row *x = &a->allocation[i];
        assert_near(fx_clients(b, x->provider, x->segment), x->clients, 1e-9);
    }
    assert_int_equal(a->n_budgets, b->n_budgets);
    for (size_t g = 0; g < a->n_budgets; g++)
        assert_near(fx_budget(b, a->budgets[g].provider, a->budgets[g].domain)->budget,
                    a->budgets[g].budget, 0.005);
    ls_result_free(a);
    ls_result_free(b);
    ls_model_free(ma);
    ls_model_free(mb);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* generate --regions R: a provider serves the areas of its home's region only, also where a
 * segment that every provider's draws passed by gets a contract of its own (a region's
 * provider, never one of elsewhere). 8 areas in 4 regions of 2, 12 providers: seeds 1-8
 * each drew such segments; every provider's contracts lie in one region. Areas are written
 * in their order, so an area's region is its place among them × R / A. */
static void test_generated_regions_hold(void **state)
{
    (void)state;
    for (unsigned long seed = 1; seed <= 8; seed++) {
        char *dir = fx_model(NULL, 0);
        ls_generate_options go;
        ls_generate_options_init(&go);
        go.inhabitants = 40000, go.providers = 12, go.areas = 8, go.regions = 4, go.seed = seed;
        ls_errors errs = {0};
        assert_int_equal(ls_generate(&go, dir, &errs), LS_OK);
        ls_model *m = NULL;
        assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
        const char *areas[8];
        size_t n_areas = 0, *area_of = calloc(m->n_segments + 1, sizeof(size_t));
        int *region = malloc((m->n_providers + 1) * sizeof(int));
        assert_non_null(area_of);
        assert_non_null(region);
        for (size_t s = 0; s < m->n_segments; s++) {
            size_t a = 0;
            while (a < n_areas && strcmp(areas[a], m->segments[s].area) != 0)
                a++;
            if (a == n_areas) {
                assert_true(n_areas < 8);
                areas[n_areas++] = m->segments[s].area;
            }
            area_of[s] = a;
        }
        for (size_t p = 0; p < m->n_providers; p++)
            region[p] = -1;
        for (size_t j = 0; j < m->n_contracts; j++) {
            const ls_contract *c = &m->contracts[j];
            int r = (int)(area_of[c->segment] * 4 / 8);
            if (region[c->provider] >= 0 && region[c->provider] != r)
                fail_msg("seed %lu: provider %s serves regions %d and %d", seed,
                         m->providers[c->provider].id, region[c->provider], r);
            region[c->provider] = r;
        }
        free(area_of);
        free(region);
        ls_model_free(m);
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_examples),
        cmocka_unit_test(test_random_models),
        cmocka_unit_test(test_row_order_does_not_matter),
        cmocka_unit_test(test_generated_regions_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
