/*
 * generate.c — synthetic but realistic municipalities, from a village to the whole country
 * (`lumpsum generate`). Calibration and sources: docs/generator.md.
 *
 * Every area gets the same 54 segments (8 products × their intensity × complexity classes),
 * with clients = inhabitants × a published rate × class shares. Providers are drawn by CAO,
 * each offering the products its CAO covers; local ones serve their home area and a few
 * neighbours, regional ones a block of areas. Today's caseload is spread over the contracts,
 * capacities leave room above it, and the budget is a rough cost of the cheapest placement
 * times a preset factor (below 1 for the presets meant to show a cut). One gsl_rng, drawn in a
 * fixed order, so the same seed writes byte-identical files.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

/* The CAO tables of data/cao/wages-2025.csv (approximate 2025 figures, see its README). */
enum { VVT, GHZ, SOCIAAL_WERK, JEUGDZORG, HHT, N_CAO };
static const char *const cao_names[N_CAO] = {"vvt", "ghz", "sociaal_werk", "jeugdzorg", "hht"};
static const double wages[N_CAO][7] = {
    /* niveau0 (unused), niveau1 … niveau6; 0: the CAO has no such scale */
    {0, 15.10, 16.40, 19.60, 22.10, 26.30, 31.40},
    {0, 0, 16.60, 19.90, 22.60, 26.80, 32.10},
    {0, 0, 17.30, 19.90, 22.40, 26.90, 30.80},
    {0, 0, 0, 20.20, 22.80, 27.60, 32.00},
    {0, 14.40, 15.20, 0, 0, 0, 0}};
/* the budget.csv defaults: 1.30 / 0.80 × 1.10 × 1.03 */
#define DEFAULT_MARKUP 1.841125

typedef struct product {
    const char *name, *tag, *domain;
    double rate;            /* clients per inhabitant */
    double hours[3];        /* per intensity: a client's hours a month */
    int scale[3];           /* per complexity (niveau); 0: that complexity is not offered */
    double capped;          /* max_tariff = capped × hours × the VVT wage of the scale; 0: none */
    unsigned caos;          /* bit mask of the CAOs that offer it */
    /* as bought (docs/tariff.md): clients per staff member (0: one to one), the unit a
     * tariff is quoted per with its hours (0: uur), and the other costs per unit */
    double group[3];
    const char *unit;
    double unit_hours, other_per_unit;
} product;

#define BIT(c) (1u << (c))
#define ONE_TO_ONE {0, 0, 0}, NULL, 0, 0
static const product products[] = {
    {"hbh", "hbh", "wmo", 0.018, {8, 13, 20}, {1, 2, 0}, 2.05, BIT(VVT) | BIT(HHT), ONE_TO_ONE},
    {"begeleiding", "beg", "wmo", 0.007, {5, 10, 18}, {3, 4, 5}, 0,
     BIT(VVT) | BIT(GHZ) | BIT(SOCIAAL_WERK), ONE_TO_ONE},
    /* 10 / 18 / 14 dagdelen of four hours in groups of 8 / 8 / 4: 5 / 9 / 14 staff hours;
     * € 12 a dagdeel of location, materials and transport */
    {"dagbesteding", "dag", "wmo", 0.0035, {40, 72, 56}, {2, 3, 4}, 0,
     BIT(GHZ) | BIT(SOCIAAL_WERK), {8, 8, 4}, "dagdeel", 4, 12},
    /* respite: 4 / 7 / 11 etmalen, 2.4 guests a staff member on duty; € 40 an etmaal */
    {"kortdurend_verblijf", "kv", "wmo", 0.0005, {96, 168, 264}, {0, 4, 0}, 0,
     BIT(VVT) | BIT(GHZ), {2.4, 2.4, 2.4}, "etmaal", 24, 40},
    {"jeugdhulp", "jh", "jeugd", 0.020, {7, 14, 26}, {4, 5, 6}, 0, BIT(JEUGDZORG) | BIT(GHZ),
     ONE_TO_ONE},
    {"dagbehandeling", "db", "jeugd", 0.0041, {20, 35, 55}, {4, 5, 6}, 0, BIT(JEUGDZORG),
     ONE_TO_ONE},
    /* a stay around the clock (30.4 etmalen, 729.6 hours a month) in living groups of 8 / 5 /
     * 3.5 youths a staff member; € 1,200 a month of accommodation and food */
    {"verblijf", "vb", "jeugd", 0.0024, {729.6, 729.6, 729.6}, {0, 4, 5}, 0, BIT(JEUGDZORG),
     {8, 5, 3.5}, "etmaal", 24, 1200 / 30.4},
    /* 15 / 20 / 24 dagdelen in groups of 10 / 8 / 6; € 8 a dagdeel */
    {"arbeidsmatige_dagbesteding", "ad", "participatie", 0.0015, {60, 80, 96}, {2, 0, 0}, 0,
     BIT(GHZ) | BIT(SOCIAAL_WERK), {10, 8, 6}, "dagdeel", 4, 8},
};

/* A client's staff hours a month and other costs a month of product pr at intensity i. */
static double staff_hours(const product *pr, int i)
{
    return pr->group[i] > 0 ? pr->hours[i] / pr->group[i] : pr->hours[i];
}

static double other_costs(const product *pr, int i)
{
    return pr->unit_hours > 0 ? pr->hours[i] / pr->unit_hours * pr->other_per_unit : 0;
}
#define N_PRODUCTS (sizeof products / sizeof *products)
static const double intensity_share[3] = {0.45, 0.38, 0.17};
static const double complexity_share[3] = {0.55, 0.33, 0.12};
static const char *const intensities[3] = {"licht", "matig", "zwaar"};
static const char *const complexities[3] = {"basis", "basis_plus", "specialistisch"};
static const char *const indicators[7] = {"synergie", "vakmanschap", "bereik", "prijs",
                                          "klanttevredenheid", "verantwoordelijkheidsladder",
                                          "ondersteuning_netwerk"};

typedef struct preset {
    const char *name;
    double inhabitants;
    size_t providers, areas, regions;
    double budget_factor, local_share_min;
} preset;

static const preset presets[] = {
    {"village", 6000, 12, 1, 1, 1.04, 0.5},
    {"dalfsen", 28000, 57, 4, 1, 1.03, 0.5},
    {"zaltbommel", 28500, 58, 3, 1, 0.98, 0.8},
    {"midsize", 150000, 150, 10, 1, 1.06, 0.5},
    {"amsterdam", 930000, 600, 99, 1, 0.99, 0.4},
    /* the 342 municipalities in the 42 youth-care regions that contract together */
    {"country", 17900000, 8000, 342, 42, 1.01, 0.0},
    /* ten countries side by side: the scaling study's largest model (bench/scaling.sh) */
    {"country10", 179000000, 80000, 3420, 420, 1.01, 0.0},
};

void ls_generate_options_init(ls_generate_options *o)
{
    memset(o, 0, sizeof(*o));
    o->budget_factor = NAN;
    o->local_share_min = NAN;
}

int ls_generate_preset(const char *name, ls_generate_options *o)
{
    for (size_t i = 0; i < sizeof presets / sizeof *presets; i++)
        if (strcmp(presets[i].name, name) == 0) {
            o->inhabitants = presets[i].inhabitants;
            o->providers = presets[i].providers;
            o->areas = presets[i].areas;
            o->regions = presets[i].regions;
            o->budget_factor = presets[i].budget_factor;
            o->local_share_min = presets[i].local_share_min;
            return LS_OK;
        }
    return LS_EUSAGE;
}

typedef struct gen_segment {
    size_t area, product;
    int intensity, complexity;
    double clients, today, cheapest;
} gen_segment;

typedef struct gen_provider {
    int cao, local;
    size_t home;
    double capacity, min_budget, quality, overhead, margin, hours_today, cost_today;
    int own_fractions, has_capacity, has_indicators;
} gen_provider;

typedef struct gen_contract {
    size_t provider, segment;
    double current, max_clients;
} gen_contract;

typedef struct gen {
    const ls_generate_options *o;
    gsl_rng *rng;
    double *area_inhabitants;
    gen_segment *segments;
    size_t n_segments;
    gen_provider *providers;
    gen_contract *contracts;
    size_t n_contracts, contracts_cap;
    double budget;
    double local_share_min;
} gen;

static double floor_of(const gen_provider *p, const gen_segment *s)
{
    const product *pr = &products[s->product];
    double markup = p->own_fractions ? 1.30 / 0.80 * (1 + p->overhead) * (1 + p->margin)
                                     : DEFAULT_MARKUP;
    return staff_hours(pr, s->intensity) * wages[p->cao][pr->scale[s->complexity]] * markup +
           other_costs(pr, s->intensity);
}

static void make_segments(gen *g)
{
    const ls_generate_options *o = g->o;
    /* area sizes: log-normal weights (municipalities and districts vary a lot in size) */
    double sum = 0;
    for (size_t a = 0; a < o->areas; a++)
        sum += g->area_inhabitants[a] = o->areas > 1 ? gsl_ran_lognormal(g->rng, 0, 0.8) : 1;
    for (size_t a = 0; a < o->areas; a++)
        g->area_inhabitants[a] *= o->inhabitants / sum;
    size_t n = 0;
    for (size_t a = 0; a < o->areas; a++)
        for (size_t p = 0; p < N_PRODUCTS; p++) {
            const product *pr = &products[p];
            double offered = 0;
            for (int c = 0; c < 3; c++)
                offered += pr->scale[c] ? complexity_share[c] : 0;
            for (int i = 0; i < 3; i++)
                for (int c = 0; c < 3; c++) {
                    if (!pr->scale[c])
                        continue;
                    gen_segment *s = &g->segments[n++];
                    s->area = a;
                    s->product = p;
                    s->intensity = i;
                    s->complexity = c;
                    double mean = g->area_inhabitants[a] * pr->rate * intensity_share[i] *
                                  complexity_share[c] / offered;
                    /* a little noise around the rate, and whole clients in small areas */
                    double v = mean * gsl_ran_flat(g->rng, 0.85, 1.15);
                    s->clients = v < 50 ? round(v) : round(v * 10) / 10;
                    s->cheapest = INFINITY;
                }
        }
    g->n_segments = n;
}

static int offers(const gen_provider *p, const gen_segment *s)
{
    const product *pr = &products[s->product];
    return (pr->caos & BIT(p->cao)) && wages[p->cao][pr->scale[s->complexity]] > 0;
}

static int make_providers_and_contracts(gen *g)
{
    const ls_generate_options *o = g->o;
    size_t A = o->areas;
    /* CAO mix: home care 15 %, household-help firms 10 %, disability care 35 %, social work
     * 15 %, youth care 25 % */
    static const double cao_mix[N_CAO] = {0.15, 0.35, 0.15, 0.25, 0.10};
    for (size_t i = 0; i < o->providers; i++) {
        gen_provider *p = &g->providers[i];
        double u = gsl_rng_uniform(g->rng), acc = 0;
        p->cao = N_CAO - 1;
        for (int c = 0; c < N_CAO; c++)
            if (u < (acc += cao_mix[c])) {
                p->cao = c;
                break;
            }
        p->local = A == 1 ? gsl_rng_uniform(g->rng) < 0.7 : gsl_rng_uniform(g->rng) < 0.6;
        p->home = gsl_rng_uniform_int(g->rng, A);
        p->quality = round(gsl_ran_flat(g->rng, 6.0, 9.0) * 10) / 10;
        p->own_fractions = gsl_rng_uniform(g->rng) < 0.3;
        p->overhead = round(gsl_ran_flat(g->rng, 0.08, 0.14) * 100) / 100;
        p->margin = round(gsl_ran_flat(g->rng, 0.02, 0.05) * 100) / 100;
        p->has_capacity = gsl_rng_uniform(g->rng) < 0.4;
        p->has_indicators = gsl_rng_uniform(g->rng) < 0.5;
        /* areas served: local ones their home and a few neighbours, regional ones a block
         * (a youth-care region is some 15 to 30 municipalities) */
        size_t span = p->local ? 1 + gsl_ran_poisson(g->rng, 1.5)
                               : (size_t)ceil(A * gsl_ran_flat(g->rng, 0.1, 0.5));
        if (span > 30 && A > 30)
            span = 30;
        if (span > A)
            span = A;
        /* the areas a provider serves lie in its home's region (a block of areas; one
         * region: all of them) */
        size_t R = o->regions > 1 && o->regions <= A ? o->regions : 1;
        size_t region = p->home * R / A, lo = (region * A + R - 1) / R,
               hi = ((region + 1) * A + R - 1) / R;
        if (span > hi - lo)
            span = hi - lo;
        size_t first = p->home >= lo + span / 2 ? p->home - span / 2 : lo;
        if (first + span > hi)
            first = hi - span;
        double offer_product[N_PRODUCTS];
        for (size_t k = 0; k < N_PRODUCTS; k++)
            offer_product[k] = gsl_rng_uniform(g->rng);
        /* make_segments writes the same segments for every area, area after area */
        size_t per_area = g->n_segments / A;
        for (size_t a = first; a < first + span; a++)
            for (size_t s = a * per_area; s < (a + 1) * per_area; s++) {
                const gen_segment *sg = &g->segments[s];
                if (sg->area != a || !offers(p, sg) || offer_product[sg->product] > 0.95 ||
                    gsl_rng_uniform(g->rng) > 0.95)
                    continue;
                if (ls_grow((void **)&g->contracts, &g->contracts_cap, g->n_contracts,
                            sizeof(gen_contract)) != 0)
                    return LS_EINTERNAL;
                g->contracts[g->n_contracts++] = (gen_contract){i, s, 0, INFINITY};
            }
    }
    return LS_OK;
}

/* A segment with clients that no provider's draws gave a contract (a village, where a product
 * has one or two providers that may all skip it): the municipality must still contract care
 * for it, so it goes to the first provider that offers the product in the segment's area (it
 * has a contract there already), else to the first of the area's region that offers it.
 * Without a draw: the rest of the model is what the seed gives. Only a product that no
 * provider of the region offers stays without a contract. */
static int cover_segments(gen *g)
{
    char *has = calloc(g->n_segments + 1, 1);
    if (!has)
        return LS_EINTERNAL;
    size_t n = g->n_contracts;
    for (size_t j = 0; j < n; j++)
        has[g->contracts[j].segment] = 1;
    for (size_t s = 0; s < g->n_segments; s++) {
        const gen_segment *sg = &g->segments[s];
        if (has[s] || !(sg->clients > 0))
            continue;
        size_t pick = SIZE_MAX;
        for (size_t j = 0; j < n && pick == SIZE_MAX; j++) {
            const gen_contract *c = &g->contracts[j];
            if (g->segments[c->segment].area == sg->area && offers(&g->providers[c->provider], sg))
                pick = c->provider;
        }
        /* else one of the region's (a provider serves the areas of its home's region only) */
        size_t A = g->o->areas, R = g->o->regions > 1 && g->o->regions <= A ? g->o->regions : 1;
        for (size_t i = 0; i < g->o->providers && pick == SIZE_MAX; i++)
            if (g->providers[i].home * R / A == sg->area * R / A && offers(&g->providers[i], sg))
                pick = i;
        if (pick == SIZE_MAX)
            continue;
        if (ls_grow((void **)&g->contracts, &g->contracts_cap, g->n_contracts,
                    sizeof(gen_contract)) != 0) {
            free(has);
            return LS_EINTERNAL;
        }
        g->contracts[g->n_contracts++] = (gen_contract){pick, s, 0, INFINITY};
    }
    free(has);
    return LS_OK;
}

/* Today's caseload: 85–100 % of demand, spread over the segment's contracts with skewed
 * weights (a few providers hold most clients, as in practice). */
static void make_caseload(gen *g)
{
    double *weight_sum = calloc(g->n_segments + 1, sizeof(double));
    double *w = malloc((g->n_contracts + 1) * sizeof(double));
    if (!weight_sum || !w) {
        free(weight_sum);
        free(w);
        return;
    }
    for (size_t s = 0; s < g->n_segments; s++)
        g->segments[s].today = g->segments[s].clients * gsl_ran_flat(g->rng, 0.85, 1.0);
    for (size_t j = 0; j < g->n_contracts; j++) {
        double u = gsl_rng_uniform(g->rng);
        w[j] = u * u * u;
        weight_sum[g->contracts[j].segment] += w[j];
    }
    for (size_t j = 0; j < g->n_contracts; j++) {
        gen_contract *c = &g->contracts[j];
        gen_segment *s = &g->segments[c->segment];
        gen_provider *p = &g->providers[c->provider];
        c->current = weight_sum[c->segment] > 0
                         ? round(s->today * w[j] / weight_sum[c->segment] * 10) / 10
                         : 0;
        if (gsl_rng_uniform(g->rng) < 0.1)
            c->max_clients = ceil(c->current * 1.5 + 1);
        p->hours_today += 12 * staff_hours(&products[s->product], s->intensity) * c->current;
        double f = floor_of(p, s);
        p->cost_today += 12 * f * c->current;
        if (f < s->cheapest)
            s->cheapest = f;
    }
    free(weight_sum);
    free(w);
}

static void make_budget(gen *g)
{
    double rough = 0;
    for (size_t s = 0; s < g->n_segments; s++)
        if (isfinite(g->segments[s].cheapest))
            rough += 12 * g->segments[s].cheapest * g->segments[s].clients;
    for (size_t i = 0; i < g->o->providers; i++) {
        gen_provider *p = &g->providers[i];
        /* capacity: room above today's caseload (a provider at capacity today is common,
         * below it would make continuity impossible) */
        p->capacity = p->has_capacity
                          ? round(p->hours_today * gsl_ran_flat(g->rng, 1.15, 1.8) + 500)
                          : INFINITY;
        /* a guaranteed budget for some local partners: half of today's floor cost */
        p->min_budget = 0;
        if (p->local && gsl_rng_uniform(g->rng) < 0.1)
            p->min_budget = round(0.5 * p->cost_today);
    }
    /* the local share asked for, at most 90 % of today's: a policy the caseload cannot meet
     * (continuity keeps most clients where they are) would make a model without solution */
    double local_today = 0, all_today = 0;
    for (size_t i = 0; i < g->o->providers; i++) {
        all_today += g->providers[i].cost_today;
        local_today += g->providers[i].local ? g->providers[i].cost_today : 0;
    }
    double wanted = isnan(g->o->local_share_min) ? 0.5 : g->o->local_share_min;
    double reachable = all_today > 0 ? 0.9 * local_today / all_today : 0;
    g->local_share_min = floor(100 * fmin(wanted, reachable)) / 100;
    double factor = isnan(g->o->budget_factor) ? 1.02 : g->o->budget_factor;
    g->budget = round(rough * factor / 1000) * 1000;
    if (g->budget <= 0)
        g->budget = 1000;
}

/* ---- writing ---------------------------------------------------------------------------- */

static void area_name(char *buf, size_t size, const gen *g, size_t a)
{
    if (g->o->areas == 1)
        snprintf(buf, size, "all");
    else
        snprintf(buf, size, "%s%03zu", g->o->areas > 100 ? "gemeente" : "wijk", a + 1);
}

static void segment_id(char *buf, size_t size, const gen *g, const gen_segment *s)
{
    static const char *const ic[3] = {"l", "m", "z"}, *const cc[3] = {"b", "bp", "s"};
    char area[32];
    area_name(area, sizeof area, g, s->area);
    snprintf(buf, size, "%s_%s_%s_%s", products[s->product].tag, area, ic[s->intensity],
             cc[s->complexity]);
}

static void write_wages(FILE *f)
{
    fputs("# Approximate CAO hourly wages 2025 (estimates, see data/cao/README.md)\n"
          "cao,scale,hourly_wage\n", f);
    for (int c = 0; c < N_CAO; c++)
        for (int n = 1; n <= 6; n++)
            if (wages[c][n] > 0)
                fprintf(f, "%s,niveau%d,%.2f\n", cao_names[c], n, wages[c][n]);
}

static void write_segments(FILE *f, const gen *g)
{
    char id[96], area[32];
    fprintf(f,
            "# generated by lumpsum generate, seed %lu: %.0f inhabitants, %zu area%s\n"
            "segment,product,intensity,complexity,domain,area,clients,hours,scale,"
            "max_tariff,group_size,other_costs,unit,units\n",
            g->o->seed, g->o->inhabitants, g->o->areas, g->o->areas == 1 ? "" : "s");
    for (size_t s = 0; s < g->n_segments; s++) {
        const gen_segment *sg = &g->segments[s];
        const product *pr = &products[sg->product];
        int scale = pr->scale[sg->complexity];
        segment_id(id, sizeof id, g, sg);
        area_name(area, sizeof area, g, sg->area);
        fprintf(f, "%s,%s,%s,%s,%s,%s,%g,%g,niveau%d,", id, pr->name,
                intensities[sg->intensity], complexities[sg->complexity], pr->domain, area,
                sg->clients, pr->hours[sg->intensity], scale);
        if (pr->capped > 0)
            fprintf(f, "%.2f", pr->capped * pr->hours[sg->intensity] * wages[VVT][scale]);
        if (pr->unit) /* a product bought per dagdeel or etmaal, in a group */
            fprintf(f, ",%g,%.2f,%s,%g", pr->group[sg->intensity],
                    other_costs(pr, sg->intensity), pr->unit,
                    pr->hours[sg->intensity] / pr->unit_hours);
        fputc('\n', f);
    }
}

static void write_providers(FILE *f, const gen *g)
{
    char area[32];
    fputs("provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,"
          "employer_charges,unproductive,overhead,margin\n", f);
    for (size_t i = 0; i < g->o->providers; i++) {
        const gen_provider *p = &g->providers[i];
        area_name(area, sizeof area, g, p->home);
        fprintf(f, "p%05zu,Aanbieder %zu (%s %s),%s,%d,", i + 1, i + 1, cao_names[p->cao],
                area, cao_names[p->cao], p->local);
        if (isfinite(p->capacity))
            fprintf(f, "%.0f", p->capacity);
        fputc(',', f);
        if (p->min_budget > 0)
            fprintf(f, "%.0f", p->min_budget);
        fprintf(f, ",,%.1f,,,", p->quality);
        if (p->own_fractions)
            fprintf(f, "%.2f,%.2f", p->overhead, p->margin);
        else
            fputc(',', f);
        fputc('\n', f);
    }
}

static void write_contracts(FILE *f, const gen *g)
{
    char id[96];
    fputs("provider,segment,current_clients,max_clients\n", f);
    for (size_t j = 0; j < g->n_contracts; j++) {
        const gen_contract *c = &g->contracts[j];
        segment_id(id, sizeof id, g, &g->segments[c->segment]);
        fprintf(f, "p%05zu,%s,%g,", c->provider + 1, id, c->current);
        if (isfinite(c->max_clients))
            fprintf(f, "%g", c->max_clients);
        fputc('\n', f);
    }
}

/* (draws from the generator: the files are written in a fixed order) */
static void write_indicators(FILE *f, gen *g)
{
    fputs("provider,indicator,score\n", f);
    for (size_t i = 0; i < g->o->providers; i++) {
        const gen_provider *p = &g->providers[i];
        if (!p->has_indicators)
            continue;
        for (int k = 0; k < 7; k++) {
            double v = p->quality + gsl_ran_flat(g->rng, -1.5, 1.5);
            fprintf(f, "p%05zu,%s,%.1f\n", i + 1, indicators[k], fmin(10, fmax(0, v)));
        }
    }
}

static void write_budget(FILE *f, const gen *g)
{
    fprintf(f,
            "key,value\nyear,2026\nbudget,%.0f\nreserve,0.02\nmax_shift,0.2\n"
            "local_share_min,%g\n",
            g->budget, g->local_share_min);
    /* weights only for indicators indicators.csv has (a weight of none is an error) */
    size_t scored = 0;
    while (scored < g->o->providers && !g->providers[scored].has_indicators)
        scored++;
    if (scored < g->o->providers)
        fputs("weight.klanttevredenheid,2\nweight.vakmanschap,2\n", f);
}

static void write_file(FILE *f, int which, void *ctx)
{
    gen *g = ctx;
    switch (which) {
    case 0:
        write_wages(f);
        break;
    case 1:
        write_segments(f, g);
        break;
    case 2:
        write_providers(f, g);
        break;
    case 3:
        write_contracts(f, g);
        break;
    case 4:
        write_indicators(f, g);
        break;
    default:
        write_budget(f, g);
        break;
    }
}

/* A model in which every segment's expected clients round to none plans nothing: said, and
 * nothing written (100 inhabitants in one area expect some 4 clients over 54 segments). */
static int any_clients(const gen *g, ls_errors *errs)
{
    for (size_t s = 0; s < g->n_segments; s++)
        if (g->segments[s].clients > 0)
            return LS_OK;
    char n[32];
    ls_format_number(n, sizeof n, g->o->inhabitants, 0, ls_text_style());
    ls_error_add(errs, "generate", 0, 0,
                 P_("%s inhabitants in %zu area expect too few clients: every segment rounds "
                    "to none. Give more inhabitants or fewer areas",
                    "%s inhabitants in %zu areas expect too few clients: every segment rounds "
                    "to none. Give more inhabitants or fewer areas",
                    g->o->areas),
                 n, g->o->areas);
    return LS_EUSAGE;
}

int ls_generate(const ls_generate_options *o, const char *dir, ls_errors *errs)
{
    if (o->inhabitants < 100 || o->providers < 1 || o->areas < 1 || o->areas > 10000 ||
        o->providers > 1000000 || o->inhabitants > 1e9) {
        ls_error_add(errs, "generate", 0, 0,
                     _("need at least 100 inhabitants, 1 provider and 1 area (at most 10,000 "
                       "areas and 1,000,000 providers)"));
        return LS_EUSAGE;
    }
    gen g = {0};
    g.o = o;
    g.rng = gsl_rng_alloc(gsl_rng_mt19937);
    g.area_inhabitants = calloc(o->areas, sizeof(double));
    g.segments = calloc(o->areas * 60, sizeof(gen_segment));
    g.providers = calloc(o->providers, sizeof(gen_provider));
    int rc = LS_EINTERNAL;
    if (g.rng && g.area_inhabitants && g.segments && g.providers) {
        gsl_rng_set(g.rng, o->seed);
        make_segments(&g);
        rc = any_clients(&g, errs);
        if (rc == LS_OK)
            rc = make_providers_and_contracts(&g);
        if (rc == LS_OK)
            rc = cover_segments(&g);
        if (rc == LS_OK) {
            make_caseload(&g);
            make_budget(&g);
            static const char *const names[] = {"wages.csv", "segments.csv", "providers.csv",
                                                "contracts.csv", "indicators.csv",
                                                "budget.csv"};
            rc = ls_write_files(dir, names, 6, write_file, &g, errs);
        }
    }
    if (g.rng)
        gsl_rng_free(g.rng);
    free(g.area_inhabitants);
    free(g.segments);
    free(g.providers);
    free(g.contracts);
    return rc;
}
