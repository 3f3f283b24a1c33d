/*
 * test_warm_cold.c — random small models planned two ways: every risk run and every sweep
 * step, solved warm from the base plan's basis, against a cold `ls_plan` of the same numbers.
 * The two must agree to half a cent on every amount (the margin to a cent over the floors),
 * in status and in unmet clients: a figure that the next command contradicts is a defect.
 *
 * The models (random_model) come in five kinds, one after another: plain; tight (capacities,
 * max_budget, max_clients, continuity and today's clients everywhere); ties (one CAO, equal
 * quality, so that many placements cost the same); local targets held hard, overall and by
 * domain; and ceilings (max_budget, min_budget, budget.<domain> and personal budgets on most
 * providers and domains). Each kind reaches a part of the solver that the others rarely do.
 *
 * LS_WARM_COLD_MODELS=N (default 300) and LS_WARM_COLD_SEED=S (default 1) make a longer
 * campaign (docs/testing.md): each disagreement is printed with its model's seed and the
 * model's folder is kept for a look.
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
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fixture.h"
#include "model.h"

enum { KIND_PLAIN, KIND_TIGHT, KIND_TIES, KIND_LOCAL, KIND_CEILINGS, N_KINDS };
static const char *const kind_names[N_KINDS] = {"plain", "tight", "ties", "local", "ceilings"};

/* ---- the models ------------------------------------------------------------------------ */

typedef struct gen {
    gsl_rng *r;
} gen;

static double unif(gen *g, double lo, double hi)
{
    return lo + (hi - lo) * gsl_rng_uniform(g->r);
}

static int chance(gen *g, double p)
{
    return gsl_rng_uniform(g->r) < p;
}

static int pick(gen *g, int n)
{
    return (int)gsl_rng_uniform_int(g->r, (unsigned long)n);
}

/* v to two decimals, as a controller types it (no trailing zeros); NAN: an empty field */
static const char *num(char *buf, double v)
{
    if (isnan(v))
        return "";
    snprintf(buf, 32, "%.2f", v);
    char *end = buf + strlen(buf) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    return strcmp(buf, "-0") == 0 ? "0" : buf;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot write %s", path);
    return f;
}

enum { MAX_P = 12, MAX_S = 10, MAX_C = MAX_P * MAX_S, MAX_SCALES = 3, MAX_CAOS = 3 };

typedef struct seg {
    int domain, scale, group;
    double clients, hours, other, max_tariff, pgb, pgb_tariff, shift;
} seg;

typedef struct prov {
    int cao, local, own_fractions;
    double quality, frac[4], capacity, min_budget, max_budget;
} prov;

static const double default_frac[4] = {0.30, 0.20, 0.10, 0.03};
static const char *const domain_names[3] = {"wmo", "jeugd", "participatie"};

/* A provider's floor in a segment, roughly as the model computes it (for sizing the limits) */
static double rough_floor(const prov *p, const seg *s, double wage[MAX_CAOS][MAX_SCALES])
{
    const double *f = p->own_fractions ? p->frac : default_frac;
    double hourly = wage[p->cao][s->scale] * (1 + f[0]) / (1 - f[1]) * (1 + f[2]) * (1 + f[3]);
    return s->hours / (s->group ? s->group : 1) * hourly + (isnan(s->other) ? 0 : s->other);
}

/* Writes a random model of the given kind into dir: 2–12 providers, 2–10 segments, 5–60
 * contracts, with the limits sized around each provider's share of the demand so that they
 * bind now and then, and a budget from 60 % to 160 % of the demand's cost. */
static void random_model(unsigned long seed, int kind, const char *dir)
{
    gen G = {gsl_rng_alloc(gsl_rng_mt19937)}, *g = &G;
    gsl_rng_set(g->r, seed);
    int tight = kind == KIND_TIGHT || kind == KIND_LOCAL, ties = kind == KIND_TIES;
    int ceil_ = kind == KIND_CEILINGS, pgb = ceil_ || chance(g, 0.4);
    char a[32], b[32], c[32], d[32];
    /* wages: a CAO's scales rise by € 3 an hour */
    int ncao = ties ? 1 : 1 + pick(g, 3), nscale = 1 + pick(g, 3);
    double wage[MAX_CAOS][MAX_SCALES];
    FILE *f = open_in(dir, "wages.csv");
    fprintf(f, "cao,scale,hourly_wage\n");
    for (int k = 0; k < ncao; k++)
        for (int s = 0; s < nscale; s++) {
            wage[k][s] = round(100 * (unif(g, 14, 22) + 3 * s)) / 100;
            fprintf(f, "cao%d,s%d,%s\n", k, s, num(a, wage[k][s]));
        }
    fclose(f);
    int np = 2 + pick(g, 11), ns = 2 + pick(g, 9);
    int ndom = ceil_ ? 1 + pick(g, 3) : (chance(g, 0.5) ? 1 : 2 + pick(g, 2));
    int dom_of[3] = {0, 1, 2};
    gsl_ran_shuffle(g->r, dom_of, 3, sizeof(int));
    seg S[MAX_S];
    for (int i = 0; i < ns; i++) {
        seg *s = &S[i];
        s->domain = dom_of[pick(g, ndom)];
        double pickc[4] = {round(100 * unif(g, 0.5, 5)) / 100, round(10 * unif(g, 1, 60)) / 10,
                           (double)(1 + pick(g, 40)), (double)(5 + pick(g, 26))};
        s->clients = chance(g, 0.93) ? pickc[pick(g, 4)] : 0;
        s->hours = round(10 * unif(g, 2, 30)) / 10;
        s->scale = pick(g, nscale);
        s->max_tariff = NAN;
        s->shift = chance(g, tight ? 0.5 : 0.2) ? round(100 * unif(g, 0, 1)) / 100 : NAN;
        s->group = chance(g, 0.15) ? 2 * (1 + pick(g, 3)) : 0;
        s->other = chance(g, 0.15) ? round(100 * unif(g, 0, 200)) / 100 : NAN;
        s->pgb = s->pgb_tariff = NAN;
        if (pgb && chance(g, ceil_ ? 0.6 : 0.3)) {
            s->pgb = 1 + pick(g, 8);
            if (chance(g, ceil_ ? 0.6 : 0.5))
                s->pgb_tariff = round(100 * unif(g, 100, 2000)) / 100;
        }
    }
    prov P[MAX_P];
    for (int i = 0; i < np; i++) {
        prov *p = &P[i];
        p->cao = pick(g, ncao), p->local = pick(g, 2);
        p->quality = NAN;
        if (chance(g, 0.7))
            p->quality = ties ? (chance(g, 0.5) ? 6 : 8) : round(10 * unif(g, 4, 10)) / 10;
        p->own_fractions = !ties && chance(g, 0.2);
        double lo[4] = {0.2, 0.1, 0.05, 0}, hi[4] = {0.4, 0.3, 0.15, 0.05};
        for (int k = 0; k < 4; k++)
            p->frac[k] = round(1000 * unif(g, lo[k], hi[k])) / 1000;
        p->capacity = p->min_budget = p->max_budget = NAN;
    }
    /* contracts: distinct (provider, segment) pairs, most segments with one at least */
    int cp[MAX_C], cs[MAX_C], nc = 0, taken[MAX_P][MAX_S] = {{0}};
    int want = 5 + pick(g, 56);
    while (nc < want && nc < np * ns) {
        int p = pick(g, np), s = pick(g, ns);
        if (!taken[p][s])
            taken[p][s] = 1, cp[nc] = p, cs[nc] = s, nc++;
    }
    for (int s = 0; s < ns; s++) {
        int has = 0;
        for (int p = 0; p < np; p++)
            has |= taken[p][s];
        if (!has && chance(g, kind == KIND_LOCAL ? 0.7 : 0.9)) {
            int p = pick(g, np);
            taken[p][s] = 1, cp[nc] = p, cs[nc] = s, nc++;
        }
    }
    double current[MAX_C], most[MAX_C];
    for (int k = 0; k < nc; k++) {
        double n = S[cs[k]].clients;
        current[k] = most[k] = NAN;
        if (chance(g, tight ? 0.8 : 0.35))
            current[k] = pick(g, 1 + (int)fmax(1, floor(n * unif(g, 0.2, 1.0))));
        if (chance(g, tight ? 0.4 : 0.2))
            most[k] = pick(g, 1 + (int)fmax(1, floor(n)));
    }
    /* max_tariff around the floors of the segment's contracts; the demand's cost */
    double cost = 0;
    for (int s = 0; s < ns; s++) {
        double lo = INFINITY, hi = 0;
        for (int k = 0; k < nc; k++)
            if (cs[k] == s) {
                double fl = rough_floor(&P[cp[k]], &S[s], wage);
                lo = fmin(lo, fl), hi = fmax(hi, fl);
            }
        if (isfinite(lo) && chance(g, 0.3))
            S[s].max_tariff = round(100 * unif(g, 0.9 * lo, 1.2 * hi)) / 100;
        if (isfinite(lo))
            cost += 12 * S[s].clients * lo;
        /* personal budgets need a tariff of their own where no contract may give one */
        if (!isnan(S[s].pgb) && isnan(S[s].pgb_tariff) &&
            (!isfinite(lo) || !isnan(S[s].max_tariff)))
            S[s].pgb_tariff = 500;
    }
    for (int i = 0; i < np; i++) {
        double hours = 0, mine = 0;
        int any = 0;
        for (int k = 0; k < nc; k++)
            if (cp[k] == i) {
                const seg *s = &S[cs[k]];
                hours += 12 * s->hours / (s->group ? s->group : 1) * s->clients;
                mine += 12 * rough_floor(&P[i], s, wage) * s->clients;
                any = 1;
            }
        if (chance(g, tight ? 0.6 : 0.3))
            P[i].capacity = round(hours * unif(g, 0.1, 0.8));
        if (chance(g, ceil_ ? 0.7 : tight ? 0.4 : 0.2))
            P[i].max_budget = round(fmax(mine, 1000) * unif(g, 0.1, 0.9));
        if (any && chance(g, ceil_ ? 0.35 : 0.15)) {
            double mb = round(cost / np * unif(g, 0.05, 0.6));
            if (isnan(P[i].max_budget) || mb <= P[i].max_budget)
                P[i].min_budget = mb;
        }
    }
    f = open_in(dir, "segments.csv");
    fprintf(f, "segment,product,intensity,complexity,domain,clients,hours,scale,max_tariff,"
               "max_shift,group_size,other_costs,pgb_clients,pgb_tariff\n");
    static const char *const product[3] = {"hbh", "begeleiding", "dagbesteding"};
    static const char *const intensity[3] = {"licht", "matig", "zwaar"};
    static const char *const complexity[3] = {"basis", "basis_plus", "specialistisch"};
    for (int i = 0; i < ns; i++) {
        const seg *s = &S[i];
        char e[32], h[32], o[32];
        fprintf(f, "seg%d,%s,%s,%s,%s,%s,%s,s%d,%s,%s,%s,%s,%s,%s\n", i, product[pick(g, 3)],
                intensity[pick(g, 3)], complexity[pick(g, 3)], domain_names[s->domain],
                num(a, s->clients), num(b, s->hours), s->scale, num(c, s->max_tariff),
                num(d, s->shift), s->group ? num(e, s->group) : "", num(h, s->other),
                num(o, s->pgb), num(e, s->pgb_tariff));
    }
    fclose(f);
    f = open_in(dir, "providers.csv");
    fprintf(f, "provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,"
               "employer_charges,unproductive,overhead,margin\n");
    for (int i = 0; i < np; i++) {
        const prov *p = &P[i];
        char e[32], h[32], o[32], q[32];
        fprintf(f, "p%d,Provider p%d,cao%d,%d,%s,%s,%s,%s", i, i, p->cao, p->local,
                num(a, p->capacity), num(b, p->min_budget), num(c, p->max_budget),
                num(d, p->quality));
        if (p->own_fractions)
            fprintf(f, ",%s,%s,%s,%s\n", num(e, p->frac[0]), num(h, p->frac[1]), num(o, p->frac[2]),
                    num(q, p->frac[3]));
        else
            fprintf(f, ",,,,\n");
    }
    fclose(f);
    f = open_in(dir, "contracts.csv");
    fprintf(f, "provider,segment,current_clients,max_clients\n");
    for (int k = 0; k < nc; k++)
        fprintf(f, "p%d,seg%d,%s,%s\n", cp[k], cs[k], num(a, current[k]), num(b, most[k]));
    fclose(f);
    /* indicators now and then; a provider's scores on some of four */
    static const char *const indic[4] = {"synergie", "vakmanschap", "bereik", "prijs"};
    int scored[4] = {0}, any_scores = 0;
    f = open_in(dir, "indicators.csv");
    fprintf(f, "provider,indicator,score\n");
    for (int i = 0; chance(g, 0.3) && i < np; i++)
        for (int k = 0; k < 4; k++)
            if (chance(g, 0.5)) {
                fprintf(f, "p%d,%s,%s\n", i, indic[k], num(a, round(10 * unif(g, 3, 10)) / 10));
                scored[k] = 1, any_scores = 1;
            }
    fclose(f);
    if (!any_scores) {
        char path[600];
        snprintf(path, sizeof path, "%s/indicators.csv", dir);
        remove(path);
    }
    double factor = pick(g, 3) == 0  ? unif(g, 0.6, 1.0)
                    : chance(g, 0.5) ? unif(g, 0.95, 1.1)
                                     : unif(g, 1.0, 1.6);
    double budget = fmax(1000, round(cost * factor)), pgb_cost = 0;
    for (int s = 0; s < ns; s++) {
        if (isnan(S[s].pgb))
            continue;
        double lo = INFINITY;
        for (int k = 0; k < nc; k++)
            if (cs[k] == s)
                lo = fmin(lo, rough_floor(&P[cp[k]], &S[s], wage));
        pgb_cost +=
            12 * S[s].pgb * (isnan(S[s].pgb_tariff) ? (isfinite(lo) ? lo : 500) : S[s].pgb_tariff);
    }
    budget += round(pgb_cost * unif(g, 0.8, 1.1));
    f = open_in(dir, "budget.csv");
    fprintf(f, "key,value\nyear,2026\nbudget,%s\n", num(a, budget));
    if (chance(g, 0.3))
        fprintf(f, "reserve,%.3f\n", unif(g, 0, 0.1));
    if (chance(g, kind == KIND_LOCAL ? 0.9 : 0.5))
        fprintf(f, "local_share_min,%s\n", num(a, unif(g, 0.1, 0.9)));
    for (int k = 0; k < ndom; k++) {
        const char *dn = domain_names[dom_of[k]];
        if (chance(g, kind == KIND_LOCAL ? 0.6 : 0.2))
            fprintf(f, "local_share_min.%s,%s\n", dn,
                    num(a, kind == KIND_LOCAL && chance(g, 0.5) ? 1 : unif(g, 0.5, 1)));
        if (chance(g, ceil_ ? 0.8 : 0.2))
            fprintf(f, "budget.%s,%s\n", dn,
                    num(a, round(budget * unif(g, ceil_ ? 0.1 : 0.2, ceil_ ? 0.9 : 0.8))));
    }
    if (chance(g, tight ? 0.8 : 0.4))
        fprintf(f, "max_shift,%s\n", num(a, unif(g, 0, 1)));
    if (chance(g, 0.4))
        fprintf(f, "quality_value,%s\n", num(a, round(10 * unif(g, 0, 50)) / 10));
    if (chance(g, 0.4))
        fprintf(f, "margin_policy,quality\n");
    if (chance(g, 0.3))
        fprintf(f, "wage_index,%.3f\n", unif(g, -0.05, 0.1));
    if (chance(g, 0.15))
        fprintf(f, "index_max_tariff,1\n");
    for (int k = 0; k < 4; k++)
        if (scored[k] && chance(g, 0.25))
            fprintf(f, "weight.%s,%s\n", indic[k], num(a, round(10 * unif(g, 0.5, 3)) / 10));
    if (pgb && chance(g, ceil_ ? 0.5 : 0.3))
        fprintf(f, "pgb_factor,%s\n", num(a, unif(g, 0.6, 1.0)));
    fclose(f);
    gsl_rng_free(g->r);
}

/* ---- the comparison -------------------------------------------------------------------- */

/* The cold side of one comparison: the model read afresh, changed by the caller, planned. */
typedef struct cold {
    int rc;
    ls_summary summary;
    double unmet_cost;
} cold;

static ls_model *read_model(const char *dir)
{
    ls_errors errs = {0};
    ls_model *m = NULL;
    int rc = ls_model_read(dir, NULL, &m, &errs);
    if (rc != LS_OK && getenv("LS_WARM_COLD_VERBOSE"))
        printf("# %s: %s\n", dir, errs.n_errors ? errs.errors[0].message : "?");
    ls_errors_clear(&errs);
    return rc == LS_OK ? m : NULL;
}

static cold plan_cold(ls_model *m)
{
    cold c = {0};
    ls_model_compute(m, NULL);
    ls_result *r = NULL;
    ls_errors errs = {0};
    c.rc = ls_plan(m, &r, &errs);
    if (c.rc == LS_OK)
        c.summary = r->summary, c.unmet_cost = r->unmet_cost;
    ls_result_free(r);
    ls_errors_clear(&errs);
    return c;
}

typedef struct campaign {
    unsigned long seed;
    const char *what; /* "risk run", "sweep wage_index", ... */
    double at;        /* the run or the value */
    size_t compared, differ;
} campaign;

static int money_apart(double a, double b)
{
    return !(isnan(a) && isnan(b)) && !(fabs(a - b) <= 0.0051); /* half a cent */
}

static void report(campaign *k, const char *field, double warm, double cold_)
{
    printf("# seed %lu (%s), %s %.10g: %s warm %.10g, cold %.10g\n", k->seed,
           kind_names[k->seed % N_KINDS], k->what, k->at, field, warm, cold_);
}

/* How many figures of a warm summary the cold plan contradicts (each reported). */
static int compare(campaign *k, ls_status warm_status, const ls_summary *w, double warm_unmet_cost,
                   const cold *c)
{
    k->compared++;
    ls_status cs = c->rc == LS_OK            ? c->summary.status
                   : c->rc == LS_ENOSOLUTION ? LS_NO_SOLUTION
                                             : (ls_status)-1;
    if (warm_status != cs) {
        report(k, "status", warm_status, cs);
        return 1;
    }
    if (c->rc != LS_OK)
        return 0;
    const ls_summary *o = &c->summary;
    int n = 0;
    struct {
        const char *name;
        double a, b;
    } money[] = {
        {"required", w->required, o->required},    {"allocated", w->allocated, o->allocated},
        {"available", w->available, o->available}, {"unallocated", w->unallocated, o->unallocated},
        {"pgb_cost", w->pgb_cost, o->pgb_cost},    {"unmet_cost", warm_unmet_cost, c->unmet_cost}};
    for (size_t i = 0; i < sizeof money / sizeof *money; i++)
        if (money_apart(money[i].a, money[i].b))
            report(k, money[i].name, money[i].a, money[i].b), n++;
    if (!(fabs(w->unmet_clients - o->unmet_clients) <= 1e-6))
        report(k, "unmet_clients", w->unmet_clients, o->unmet_clients), n++;
    if (!(fabs(w->served_clients - o->served_clients) <= 1e-6))
        report(k, "served_clients", w->served_clients, o->served_clients), n++;
    /* the margin or cut: a difference worth more than a cent over the floors */
    double req = fmax(o->required, 1);
    if (!(fabs(w->cut - o->cut) * req <= 0.0101) && !(isnan(w->cut) && isnan(o->cut)))
        report(k, "cut", w->cut, o->cut), n++;
    if (!(fabs(w->margin - o->margin) * req <= 0.0101) && !(isnan(w->margin) && isnan(o->margin)))
        report(k, "margin", w->margin, o->margin), n++;
    return n;
}

/* One count around mean, as a risk run draws it (docs/risk.md: Poisson, or with a dispersion
 * the gamma–Poisson mixture); the personal budgets' clients come from a stream of their own,
 * whose seed is the run's seed of another base. */
static double draw_count(gsl_rng *rng, double dispersion, double mean)
{
    double lambda = mean;
    if (dispersion > 0 && lambda > 0)
        lambda = gsl_ran_gamma(rng, 1 / dispersion, dispersion * mean);
    return lambda > 0 ? (double)gsl_ran_poisson(rng, lambda) : 0;
}

/* Every run of a risk study against a cold plan of its draw: the clients as the study
 * reports them, the personal budgets' clients and the wage index drawn again as it draws
 * them (the clients drawn again must be the study's, or the test is out of step with it). */
static int risk_vs_cold(campaign *k, const char *dir, const ls_model *base, gen *g)
{
    ls_risk_options o;
    ls_risk_options_init(&o);
    o.runs = 6, o.seed = k->seed, o.threads = 1;
    o.dispersion = (double[]){0, 0, 0.1, 0.5}[pick(g, 4)];
    o.wage_sd = chance(g, 0.3) ? 0.05 : 0;
    ls_risk *risk = NULL;
    ls_errors errs = {0};
    int rc = ls_risk_run(base, &o, &risk, &errs);
    ls_errors_clear(&errs);
    char what[160];
    snprintf(what, sizeof what, "risk --runs 6 --seed %lu --dispersion %g --wage-sd %g, run",
             k->seed, o.dispersion, o.wage_sd);
    k->what = what;
    /* the base plan has a solution: so has the study, unless no run has one (each run's
     * cold plan must then have none either) */
    if (rc != LS_OK && rc != LS_ENOSOLUTION) {
        k->at = -1;
        report(k, "risk exit", rc, LS_OK);
        ls_risk_free(risk);
        return 1;
    }
    size_t ns = base->n_segments;
    int n = 0;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937), *pgb_rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t r = 0; r < o.runs; r++) {
        k->at = (double)r;
        gsl_rng_set(rng, ls_risk_run_seed(o.seed, r));
        gsl_rng_set(pgb_rng, ls_risk_run_seed(o.seed ^ 0x5DEECE66DUL, r));
        double wage = base->policy.wage_index;
        for (int t = 0; o.wage_sd > 0 && t < 1000; t++) { /* the truncated normal */
            double w = base->policy.wage_index + gsl_ran_gaussian(rng, o.wage_sd);
            if (w > -1 && w <= 100) {
                wage = w;
                break;
            }
        }
        ls_model *m = read_model(dir);
        assert_non_null(m);
        for (size_t s = 0; s < ns; s++) {
            double c = draw_count(rng, o.dispersion, base->segments[s].clients);
            assert_true(!risk || c == risk->clients[r * ns + s]); /* in step with the study */
            m->segments[s].clients = c;
            if (base->segments[s].pgb_clients > 0)
                m->segments[s].pgb_clients =
                    draw_count(pgb_rng, o.dispersion, base->segments[s].pgb_clients);
        }
        assert_true(!risk || wage == risk->samples[r].wage_index);
        char v[64], msg[256];
        snprintf(v, sizeof v, "%.17g", wage);
        assert_int_equal(ls_model_set(m, "wage_index", v, msg, sizeof msg), LS_OK);
        cold c = plan_cold(m);
        if (risk) {
            const ls_risk_sample *w = &risk->samples[r];
            n += compare(k, w->summary.status, &w->summary, w->unmet_cost, &c);
        } else if (c.rc != LS_ENOSOLUTION) /* the study: no run has a solution */
            report(k, "status", LS_NO_SOLUTION, c.rc == LS_OK ? (double)c.summary.status : -1), n++;
        ls_model_free(m);
    }
    gsl_rng_free(rng);
    gsl_rng_free(pgb_rng);
    ls_risk_free(risk);
    return n;
}

/* Every row of a sweep (its break-even's too) against a cold plan at the row's value: the
 * wage index, the budget, the reserve, or demand (every client's, a personal budget's too);
 * or the local target, where the model has one (param given). */
static int sweep_vs_cold(campaign *k, const char *dir, const ls_model *base, gen *g,
                         const char *param)
{
    static const char *const params[4] = {"wage_index", "budget", "reserve", "demand"};
    param = param ? param : params[pick(g, 4)];
    ls_sweep_options o;
    ls_sweep_options_init(&o);
    o.param = param, o.steps = 4;
    if (strcmp(param, "wage_index") == 0)
        o.from = base->policy.wage_index, o.to = o.from + unif(g, 0.05, 0.3);
    else if (strcmp(param, "budget") == 0)
        o.from = base->policy.budget * 0.7, o.to = base->policy.budget * 1.3;
    else if (strcmp(param, "reserve") == 0)
        o.from = 0, o.to = unif(g, 0.05, 0.3);
    else if (strcmp(param, "local_share_min") == 0)
        o.from = unif(g, 0.2, 0.6), o.to = unif(g, 0.7, 1);
    else
        o.from = 0.8, o.to = 1.3;
    ls_sweep *sw = NULL;
    ls_errors errs = {0};
    int rc = ls_sweep_run(base, &o, &sw, &errs);
    ls_errors_clear(&errs);
    char what[160];
    snprintf(what, sizeof what, "sweep --param %s --from %.17g --to %.17g --steps 4, at", param,
             o.from, o.to);
    k->what = what;
    if (rc != LS_OK) {
        k->at = o.from;
        report(k, "sweep exit", rc, LS_OK);
        ls_sweep_free(sw);
        return 1;
    }
    int n = 0;
    for (size_t i = 0; i <= sw->n_rows; i++) {
        const ls_sweep_row *row = i < sw->n_rows ? &sw->rows[i] : &sw->break_even_row;
        if (i == sw->n_rows && isnan(sw->break_even))
            break;
        k->at = row->value;
        ls_model *m = read_model(dir);
        assert_non_null(m);
        if (strcmp(param, "demand") == 0) {
            for (size_t s = 0; s < m->n_segments; s++) {
                m->segments[s].clients *= row->value;
                m->segments[s].pgb_clients *= row->value;
            }
        } else {
            char v[64], msg[256];
            snprintf(v, sizeof v, "%.17g", row->value);
            assert_int_equal(ls_model_set(m, param, v, msg, sizeof msg), LS_OK);
        }
        cold c = plan_cold(m);
        /* the break-even's row sits on the flip: a division funded there with a margin of
         * 10^-16 may plan cold a cut of 10^-16 (and the other way), the same division */
        if (i == sw->n_rows && c.rc == LS_OK && c.summary.status != row->summary.status &&
            row->summary.status != LS_NO_SOLUTION && fabs(c.summary.cut) < 1e-9 &&
            fabs(c.summary.margin) < 1e-9)
            c.summary.status = row->summary.status;
        /* (a sweep row carries no unmet cost: compared as the cold plan's own) */
        n += compare(k, row->summary.status, &row->summary, c.unmet_cost, &c);
        ls_model_free(m);
    }
    ls_sweep_free(sw);
    return n;
}

static unsigned long env_count(const char *name, unsigned long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtoul(v, NULL, 10) : dflt;
}

/* The campaign: each model that reads and has a plan of its own, its risk runs and a sweep
 * against cold plans. */
static void test_warm_equals_cold(void **state)
{
    (void)state;
    unsigned long n_models = env_count("LS_WARM_COLD_MODELS", 300);
    unsigned long first = env_count("LS_WARM_COLD_SEED", 1);
    size_t planned = 0, refused = 0, compared = 0, differ = 0, by_kind[N_KINDS] = {0};
    /* and, in the suite, the models a longer campaign found apart, each since mended (as this
     * generator draws them): 5774 and 17559 a min_budget lift left short, "no solution" in
     * every risk run; 5294 a wage sweep's break-even at the edge of values without a plan,
     * "funded above" where the values above had none; 8124 a study with no run that has a
     * solution; 22893 the break-even's row on the flip itself; 35497 a wage sweep whose
     * search for unmet demand failed warm at a value that plans cold; 50891 and 54488 demand
     * sweeps whose search tried a value that GLPK fails on cold too (exit 4 for the sweep;
     * now no unmet break-even, and a warning) */
    static const unsigned long found[] = {5294, 5774, 8124, 17559, 22893, 35497, 50891, 54488};
    size_t n_found = getenv("LS_WARM_COLD_SEED") ? 0 : sizeof found / sizeof *found;
    for (unsigned long i = 0; i < n_models + n_found; i++) {
        unsigned long seed = i < n_models ? first + i : found[i - n_models];
        char dir[] = "/tmp/ls-warmcold-XXXXXX";
        assert_non_null(mkdtemp(dir));
        random_model(seed, (int)(seed % N_KINDS), dir);
        ls_model *base = read_model(dir);
        if (!base) { /* a draw the reader refuses (a min_budget above what may be paid) */
            refused++;
            fx_remove(dir);
            continue;
        }
        cold b = plan_cold(base); /* (the model as read is computed: this changes nothing) */
        if (b.rc != LS_OK) {      /* without a plan of its own, a study stops before its runs */
            ls_model_free(base);
            fx_remove(dir);
            continue;
        }
        planned++, by_kind[seed % N_KINDS]++;
        gen G = {gsl_rng_alloc(gsl_rng_mt19937)};
        gsl_rng_set(G.r, seed ^ 0xC0FFEE);
        campaign k = {seed, "", 0, 0, 0};
        int n = risk_vs_cold(&k, dir, base, &G) + sweep_vs_cold(&k, dir, base, &G, NULL);
        if (seed % N_KINDS == 3) /* local targets: a sweep of the overall one too */
            n += sweep_vs_cold(&k, dir, base, &G, "local_share_min");
        gsl_rng_free(G.r);
        ls_model_free(base);
        compared += k.compared, differ += n > 0;
        if (n > 0)
            printf("# seed %lu: the model is kept in %s\n", seed, dir);
        else
            fx_remove(dir);
    }
    printf("# %zu models planned (%zu plain, %zu tight, %zu ties, %zu local, %zu ceilings), %zu "
           "refused by the reader, %zu warm figures compared with cold plans, %zu models apart\n",
           planned, by_kind[0], by_kind[1], by_kind[2], by_kind[3], by_kind[4], refused, compared,
           differ);
    /* most draws make a model with a plan: a generator gone wrong would test nothing */
    assert_true(planned * 3 >= n_models * 2);
    for (int t = 0; t < N_KINDS && n_models >= 10 * N_KINDS; t++)
        assert_true(by_kind[t] > 0);
    assert_int_equal(differ, 0);
}

/* The comparison itself sees a cent: a cold plan of the same model with a budget one cent
 * larger is reported apart (the allocation and what is left differ by it), the same model is
 * not. Model 2 of the campaign (ties), whatever it holds. */
static void test_comparison_sees_a_cent(void **state)
{
    (void)state;
    char dir[] = "/tmp/ls-warmcold-XXXXXX";
    assert_non_null(mkdtemp(dir));
    random_model(2, KIND_TIES, dir);
    ls_model *m = read_model(dir);
    assert_non_null(m);
    cold a = plan_cold(m);
    assert_int_equal(a.rc, LS_OK);
    ls_model_free(m);
    campaign k = {2, "self-test", 0, 0, 0};
    m = read_model(dir);
    cold same = plan_cold(m);
    assert_int_equal(compare(&k, a.summary.status, &a.summary, a.unmet_cost, &same), 0);
    m->policy.budget += 0.01;
    cold richer = plan_cold(m);
    assert_true(compare(&k, a.summary.status, &a.summary, a.unmet_cost, &richer) > 0);
    ls_model_free(m);
    fx_remove(dir);
}

/* A sweep whose search for the unmet break-even tries a value that GLPK cannot solve, cold
 * or warm (model 50891: demand 1.1383734226226807), plans its steps and gives no such
 * break-even, and says why on stderr; it ended with exit 4 and no table. */
static void test_failed_search_is_a_warning(void **state)
{
    (void)state;
    char dir[] = "/tmp/ls-warmcold-XXXXXX", args[200], *out, *err;
    assert_non_null(mkdtemp(dir));
    random_model(50891, 50891 % N_KINDS, dir);
    snprintf(args, sizeof args, "sweep %s --param demand --from 0.8 --to 1.3 --steps 4", dir);
    assert_int_equal(fx_run(args, &out, &err), 0);
    assert_non_null(strstr(out, "Break-even: demand = 0.95459272962 (funded below"));
    assert_null(strstr(out, "Unmet demand first appears"));
    assert_non_null(strstr(err, "lumpsum: warning: no unmet break-even is given: the solver "
                                "(GLPK) failed numerically on the model at demand = "
                                "1.1383734226226807"));
    free(out);
    free(err);
    fx_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comparison_sees_a_cent),
        cmocka_unit_test(test_warm_equals_cold),
        cmocka_unit_test(test_failed_search_is_a_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
