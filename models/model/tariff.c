/*
 * tariff.c — the CAO-conform floor tariff (docs/tariff.md), effective quality from
 * indicators.csv and the default unmet penalty from budget.csv (docs/model-format.md).
 *
 * Everything here is derived from what was read plus the policy, so it is recomputed whole
 * whenever a key changes (--set, a what-if step): a few multiplications per contract.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "i18n.h"
#include "model.h"
#include "util.h"

double ls_max_tariff(const ls_model *m, const ls_segment *s)
{
    /* NAN stays NAN: no ceiling; with index_max_tariff the ceiling follows the wage index as
     * the floors do (not a CAO factor: a ceiling belongs to a segment, a CAO to a provider) */
    double index = m->policy.index_max_tariff ? 1 + m->policy.wage_index : 1;
    return s->max_tariff * m->year_factor * index;
}

double ls_provider_fraction(const ls_model *m, const ls_provider *p, int which)
{
    switch (which) {
    case LS_FRAC_CHARGES:
        return isnan(p->employer_charges) ? m->policy.employer_charges : p->employer_charges;
    case LS_FRAC_UNPRODUCTIVE:
        return isnan(p->unproductive) ? m->policy.unproductive : p->unproductive;
    case LS_FRAC_OVERHEAD:
        return isnan(p->overhead) ? m->policy.overhead : p->overhead;
    default:
        return isnan(p->margin) ? m->policy.margin : p->margin;
    }
}

/* An hourly rate: the wage with its charges, the unproductive hours, overhead and margin. */
static double hourly_of(double wage, double charges, double unproductive, double overhead,
                        double margin)
{
    return wage * (1 + charges) / (1 - unproductive) * (1 + overhead) * (1 + margin);
}

static double wage_part_at(const ls_model *m, const ls_provider *p, const ls_segment *s,
                           double hourly)
{
    return s->hours_per_month * hourly * (1 + m->policy.wage_index) * m->cao_factor[p->cao] *
           m->year_factor;
}

/* The floor: hourly = wage · (1 + charges) / (1 − unproductive) · (1 + overhead) · (1 + margin);
 * wage part = staff hours · hourly · (1 + wage_index) · cao_factor · year_factor, in this order
 * (every output depends on these bits); floor = wage part + other costs · price factor. The
 * parts are the same steps as sums, for the reader: each fraction applied to what the steps
 * before it add up to. */
double ls_tariff_floor(const ls_model *m, size_t contract, ls_floor_parts *f)
{
    const ls_contract *c = &m->contracts[contract];
    const ls_provider *p = &m->providers[c->provider];
    const ls_segment *s = &m->segments[c->segment];
    double wage = m->wage[(size_t)p->cao * m->n_scales + s->scale];
    double charges = ls_provider_fraction(m, p, LS_FRAC_CHARGES);
    double unproductive = ls_provider_fraction(m, p, LS_FRAC_UNPRODUCTIVE);
    double overhead = ls_provider_fraction(m, p, LS_FRAC_OVERHEAD);
    double margin = ls_provider_fraction(m, p, LS_FRAC_MARGIN);
    double hourly = hourly_of(wage, charges, unproductive, overhead, margin);
    double wage_part = wage_part_at(m, p, s, hourly);
    double other = s->other_costs * m->price_factor;
    if (f) {
        f->cao = m->caos[p->cao];
        f->scale = m->scales[s->scale];
        f->hours_per_month = s->hours_per_month;
        f->group_size = s->group_size;
        f->wage = wage;
        f->fraction.charges = charges;
        f->fraction.unproductive = unproductive;
        f->fraction.overhead = overhead;
        f->fraction.margin = margin;
        f->charges = wage * charges;
        f->unproductive = (wage + f->charges) / (1 - unproductive) - (wage + f->charges);
        f->overhead = (wage + f->charges + f->unproductive) * overhead;
        f->margin = (wage + f->charges + f->unproductive + f->overhead) * margin;
        f->hourly = wage + f->charges + f->unproductive + f->overhead + f->margin;
        f->index_factor = f->hourly > 0 ? wage_part / (s->hours_per_month * f->hourly) : 1;
        f->wage_part = wage_part;
        f->other_costs = other;
        f->unit = ls_unit_names[s->unit];
        f->units = s->units;
    }
    return wage_part + other;
}

/* quality_p = Σ weight_i · score_i / Σ weight_i over p's indicators; a provider without
 * indicator rows (or whose weights are all 0) keeps its providers.csv quality. */
static void compute_quality(ls_model *m)
{
    for (size_t i = 0; i < m->n_providers; i++) {
        m->providers[i].quality_weight = 0;
        m->providers[i].quality = 0;
    }
    for (size_t j = 0; j < m->n_indicators; j++) {
        const ls_indicator *ind = &m->indicators[j];
        double w = 1.0; /* budget.csv's weight.<indicator>, default 1 */
        for (size_t k = 0; k < m->policy.n_weights; k++)
            if (strcmp(m->policy.weights[k].key, m->indicator_names[ind->indicator]) == 0)
                w = m->policy.weights[k].value;
        m->providers[ind->provider].quality += w * ind->score;
        m->providers[ind->provider].quality_weight += w;
    }
    for (size_t i = 0; i < m->n_providers; i++) {
        ls_provider *p = &m->providers[i];
        p->quality = p->quality_weight > 0 ? p->quality / p->quality_weight : p->quality_given;
    }
}

void ls_model_compute_pgb(ls_model *m)
{
    m->pgb_cost = 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        m->pgb_cost_domain[d] = 0;
    for (size_t i = 0; i < m->n_segments; i++) {
        ls_segment *s = &m->segments[i];
        /* no pgb tariff and no usable contract to derive one from: none where there are pgb
         * clients, as ls_model_compute has it */
        if (isnan(s->pgb_tariff) && isnan(s->ref_floor))
            s->pgb_tariff_used = s->pgb_clients > 0 ? NAN : 0.0;
        if (s->pgb_clients > 0 && !isnan(s->pgb_tariff_used)) {
            double cost = 12 * s->pgb_clients * s->pgb_tariff_used;
            m->pgb_cost += cost;
            m->pgb_cost_domain[s->domain] += cost;
        }
    }
}

/* What a pass over the contracts reads of their segments and providers, in arrays of their
 * own (the segments' records are 168 bytes, in no order by contract: a pass read two or three
 * lines of one a contract): per provider its hourly rate at each wage scale (ls_tariff_floor's
 * steps, so the same bits) and its CAO's factor; per segment its hours, wage scale, other
 * costs at the price factor and ceiling (ls_max_tariff). One malloc; NULL without memory or
 * without scales (then each floor is ls_tariff_floor's). */
typedef struct floor_tab {
    double *rate, *cao, *hours, *other, *ceiling;
    size_t *scale;
    double grow; /* 1 + the wage index */
} floor_tab;

static floor_tab *floor_tab_make(const ls_model *m)
{
    size_t nsc = m->n_scales, np = m->n_providers, ns = m->n_segments;
    if (!nsc)
        return NULL;
    size_t nd = np * nsc + np + 4 * ns + 1;
    floor_tab *f = malloc(sizeof *f + nd * sizeof(double));
    if (!f)
        return NULL;
    double *at = (double *)(f + 1);
    f->rate = at, f->cao = at + np * nsc, f->hours = f->cao + np, f->other = f->hours + ns;
    f->ceiling = f->other + ns, f->scale = (size_t *)(f->ceiling + ns);
    f->grow = 1 + m->policy.wage_index;
    for (size_t i = 0; i < np; i++) {
        const ls_provider *p = &m->providers[i];
        double charges = ls_provider_fraction(m, p, LS_FRAC_CHARGES);
        double unproductive = ls_provider_fraction(m, p, LS_FRAC_UNPRODUCTIVE);
        double overhead = ls_provider_fraction(m, p, LS_FRAC_OVERHEAD);
        double margin = ls_provider_fraction(m, p, LS_FRAC_MARGIN);
        for (size_t k = 0; k < nsc; k++)
            f->rate[i * nsc + k] = hourly_of(m->wage[(size_t)p->cao * nsc + k], charges,
                                             unproductive, overhead, margin);
        f->cao[i] = m->cao_factor[p->cao];
    }
    for (size_t i = 0; i < ns; i++) {
        const ls_segment *s = &m->segments[i];
        f->hours[i] = s->hours_per_month, f->scale[i] = (size_t)s->scale;
        f->other[i] = s->other_costs * m->price_factor, f->ceiling[i] = ls_max_tariff(m, s);
    }
    return f;
}

/* Contract c's floor from the tables: wage_part_at's products in its order, then the other
 * costs (the same bits as ls_tariff_floor). */
static inline double floor_of(const ls_model *m, const floor_tab *f, const ls_contract *c)
{
    size_t s = (size_t)c->segment, p = (size_t)c->provider;
    double hourly = f->rate[p * m->n_scales + f->scale[s]];
    return f->hours[s] * hourly * f->grow * f->cao[p] * m->year_factor + f->other[s];
}

/* A part of the pass over the contracts, [from, to): their floors and usability, and what
 * they say of their segments, each a running lowest or highest as the contracts come in
 * order: acc[4·s …] holds segment s's lowest usable floor (its reference price), lowest and
 * highest floor of any, and lowest usable again (the personal budgets'); NULL: the segments'
 * own fields (and tab NULL: each floor as ls_tariff_floor computes it). Its highest usable
 * floor, whether a usability flipped, how many contracts are unusable and whether a floor is
 * NaN. */
typedef struct floors_part {
    ls_model *m;
    const floor_tab *tab;
    size_t from, to;
    double *acc;
    double highest;
    int flipped, nan;
    size_t unusable;
} floors_part;

enum { ACC_REF, ACC_LOWEST, ACC_HIGHEST, ACC_PGB, ACC_N };

/* The running values of one segment from a floor (NaN compares as ls_model_compute always
 * had it: a NaN floor is taken as lowest, and the next floor replaces it). */
static inline void seg_take(double *ref, double *lowest, double *highest, double *pgb, double floor,
                            int usable)
{
    if (!(floor >= *lowest))
        *lowest = floor;
    if (floor > *highest)
        *highest = floor;
    if (usable && !(floor >= *ref))
        *ref = floor;
    if (usable && floor < *pgb)
        *pgb = floor;
}

/* A part's running values: its highest usable floor, whether a usability flipped, whether a
 * floor is NaN, how many contracts are unusable. */
typedef struct floors_run {
    double highest;
    int flipped, nan;
    size_t unusable;
} floors_run;

/* Contract c's floor and usability under its ceiling into its record and the part's running
 * values; its usability. */
static inline int take_floor(ls_contract *c, double floor, double ceiling, floors_run *r)
{
    c->floor_tariff = floor;
    int usable = !(ceiling < floor * (1 - LS_REL_TOL));
    r->flipped |= usable != c->usable;
    c->usable = usable;
    r->unusable += !usable;
    r->nan |= isnan(floor);
    if (usable && floor > r->highest)
        r->highest = floor;
    return usable;
}

/* floors_pass with the tables and the arrays of its own (every pass but one without memory
 * for them): the tables' pointers, the wage index and the year factor in locals, which the
 * stores into the contracts' records would otherwise make it read again for each (a wage
 * step's pass over the Amsterdam preset: 67 instructions a contract). The same floors, the
 * same products in the same order (floor_of's), the same running values. */
static void floors_pass_tab(floors_part *f)
{
    ls_model *m = f->m;
    const floor_tab *tab = f->tab;
    const double *rate = tab->rate, *cao = tab->cao, *hours = tab->hours, *other = tab->other;
    const double *ceil_of = tab->ceiling;
    const size_t *scale = tab->scale;
    size_t nsc = m->n_scales;
    double grow = tab->grow, year = m->year_factor, *acc = f->acc;
    floors_run r = {0, 0, 0, 0};
    for (size_t i = f->from; i < f->to; i++) { /* (a model without contracts has none) */
        ls_contract *c = &m->contracts[i];
        size_t s = (size_t)c->segment, p = (size_t)c->provider;
        double floor = hours[s] * rate[p * nsc + scale[s]] * grow * cao[p] * year + other[s];
        int usable = take_floor(c, floor, ceil_of[s], &r);
        double *a = acc + s * ACC_N;
        seg_take(&a[ACC_REF], &a[ACC_LOWEST], &a[ACC_HIGHEST], &a[ACC_PGB], floor, usable);
    }
    f->highest = r.highest, f->flipped = r.flipped, f->nan = r.nan, f->unusable = r.unusable;
}

static void *floors_pass(void *arg)
{
    floors_part *f = arg;
    ls_model *m = f->m;
    const floor_tab *tab = f->tab;
    if (tab && f->acc) {
        floors_pass_tab(f);
        return NULL;
    }
    floors_run r = {0, 0, 0, 0};
    for (size_t i = f->from; i < f->to; i++) {
        ls_contract *c = &m->contracts[i];
        double floor, ceiling;
        if (tab) {
            floor = floor_of(m, tab, c);
            ceiling = tab->ceiling[c->segment];
        } else {
            floor = ls_tariff_floor(m, i, NULL);
            ceiling = ls_max_tariff(m, &m->segments[c->segment]);
        }
        int usable = take_floor(c, floor, ceiling, &r);
        if (f->acc) {
            double *a = f->acc + (size_t)c->segment * ACC_N;
            seg_take(&a[ACC_REF], &a[ACC_LOWEST], &a[ACC_HIGHEST], &a[ACC_PGB], floor, usable);
        } else {
            ls_segment *s = &m->segments[c->segment];
            seg_take(&s->ref_floor, &s->lowest_floor, &s->highest_floor, &s->pgb_tariff_used, floor,
                     usable);
        }
    }
    f->highest = r.highest, f->flipped = r.flipped, f->nan = r.nan, f->unusable = r.unusable;
    return NULL;
}

/* Each part's running values as a segment starts them (the lowest, NaN: none yet). */
static void acc_start(double *acc, size_t ns)
{
    for (size_t s = 0; s < ns; s++) {
        double *a = acc + s * ACC_N;
        a[ACC_REF] = a[ACC_LOWEST] = NAN, a[ACC_HIGHEST] = 0, a[ACC_PGB] = INFINITY;
    }
}

/* The pass on up to `threads` threads, each part into an array of its own (in the segments'
 * order, not their records: a pass wrote into two lines of a record a contract), the first
 * then copied into the segments' fields and each later one taken in after it in order. The
 * lowest, the highest and the first of equals are what one pass in order finds, unless a
 * floor is NaN: then the pass is made again on this thread. Without memory for the arrays,
 * one part into the fields. Its highest usable floor; *unusable, *flipped. */
static double floors_all(ls_model *m, const floor_tab *tab, int threads, size_t *unusable,
                         int *flipped)
{
    floors_part part[LS_MAX_JOBS] = {{0}};
    size_t n = m->n_contracts, ns = m->n_segments;
    /* a thread for 2^16 contracts at least: fewer take longer to start than to compute */
    size_t most = n >> 16;
    int t = threads < 1 ? 1 : threads > LS_MAX_JOBS ? LS_MAX_JOBS : threads;
    t = (size_t)t > most ? (int)(most ? most : 1) : t;
    double *acc = malloc(((size_t)t * ns * ACC_N + 1) * sizeof(double));
    if (!acc)
        t = 1;
    for (int k = 0; k < t; k++) {
        part[k] = (floors_part){m,
                                tab,
                                n * (size_t)k / (size_t)t,
                                n * (size_t)(k + 1) / (size_t)t,
                                acc ? acc + (size_t)k * ns * ACC_N : NULL,
                                0,
                                0,
                                0,
                                0};
        if (acc)
            acc_start(part[k].acc, ns);
    }
    ls_run_jobs(floors_pass, part, sizeof *part, t);
    int nan = 0, any_flip = 0;
    for (int k = 0; k < t; k++)
        nan |= part[k].nan, any_flip |= part[k].flipped;
    if (nan && t > 1) {
        acc_start(part[0].acc, ns);
        part[0].to = n;
        floors_pass(&part[0]); /* (the floors again, the same bits) */
        t = 1;
    }
    double highest = part[0].highest;
    *unusable = part[0].unusable, *flipped = any_flip;
    for (size_t s = 0; acc && s < ns; s++) { /* the first part's values as they are */
        const double *a = part[0].acc + s * ACC_N;
        ls_segment *seg = &m->segments[s];
        seg->ref_floor = a[ACC_REF], seg->lowest_floor = a[ACC_LOWEST];
        seg->highest_floor = a[ACC_HIGHEST], seg->pgb_tariff_used = a[ACC_PGB];
    }
    for (int k = 1; k < t; k++) {
        /* a later part's values after the earlier ones', as one pass in order takes them (a
         * NaN means the segment had no contract in that part) */
        for (size_t s = 0; s < ns; s++) {
            const double *a = part[k].acc + s * ACC_N;
            ls_segment *seg = &m->segments[s];
            if (!isnan(a[ACC_LOWEST]) && !(a[ACC_LOWEST] >= seg->lowest_floor))
                seg->lowest_floor = a[ACC_LOWEST];
            if (a[ACC_HIGHEST] > seg->highest_floor)
                seg->highest_floor = a[ACC_HIGHEST];
            if (!isnan(a[ACC_REF]) && !(a[ACC_REF] >= seg->ref_floor))
                seg->ref_floor = a[ACC_REF];
            if (a[ACC_PGB] < seg->pgb_tariff_used)
                seg->pgb_tariff_used = a[ACC_PGB];
        }
        if (part[k].highest > highest)
            highest = part[k].highest;
        *unusable += part[k].unusable;
    }
    free(acc);
    return highest;
}

void ls_model_compute_on(ls_model *m, ls_errors *warn, int threads)
{
    char a[64], b[64];
    compute_quality(m);
    const ls_policy *pol = &m->policy;
    /* one pass over the contracts (on the country 39 MB, read once rather than three
     * times): each floor, and with it its segment's reference price (the local share in
     * placement is measured at them), the lowest floor of any contract (what an unplaced
     * client would cost at the least), the lowest usable one (personal budgets, below) and
     * the highest of any (ls_demand_cost's, which needs no pass of its own then) */
    for (size_t s = 0; s < m->n_segments; s++) {
        m->segments[s].ref_floor = m->segments[s].lowest_floor = NAN;
        m->segments[s].highest_floor = 0;
        m->segments[s].pgb_tariff_used = INFINITY;
    }
    floor_tab *tab = floor_tab_make(m);
    size_t unusable;
    int flipped;
    double highest = floors_all(m, tab, threads, &unusable, &flipped);
    free(tab);
    char *path = NULL; /* contracts.csv, made for the first warning */
    for (size_t i = 0; warn && unusable && i < m->n_contracts; i++) {
        const ls_contract *c = &m->contracts[i];
        if (c->usable)
            continue;
        unusable--;
        const ls_provider *p = &m->providers[c->provider];
        const ls_segment *s = &m->segments[c->segment];
        if (!path)
            path = m->contracts_file ? strdup(m->contracts_file)
                                     : ls_path_join(m->dir ? m->dir : ".", "contracts.csv");
        if (!path)
            warn->out_of_memory = 1;
        else
            ls_warning_add(warn, path, c->line, 1,
                           _("contract (%s, %s) cannot be used: its floor tariff € %s "
                             "exceeds the segment's max_tariff € %s a client a month"),
                           p->id, s->id,
                           ls_format_money(a, sizeof a, c->floor_tariff, ls_text_style()),
                           ls_format_money(b, sizeof b, ls_max_tariff(m, s), ls_text_style()));
    }
    free(path);
    m->usable_epoch += (unsigned)flipped;
    /* an unplaced client weighs more than serving them anywhere: the first attempt of the
     * placement then leaves a client out only where no room is left (stage 1 checks it) */
    m->unmet_weight = 10.0 * (highest + 10.0 * pol->quality_value);
    if (m->unmet_weight <= 0)
        m->unmet_weight = 1.0; /* no usable contract at all: any positive weight will do */

    /* Personal budgets: pgb tariff = pgb_tariff, else pgb_factor × the lowest usable floor
     * (pgb_tariff_used holds it from the pass above); NAN when neither exists (an input error
     * where the segment has pgb clients) */
    for (size_t i = 0; i < m->n_segments; i++) {
        ls_segment *s = &m->segments[i];
        if (!isnan(s->pgb_tariff))
            s->pgb_tariff_used = s->pgb_tariff * m->year_factor; /* indexed like the floors */
        else if (isinf(s->pgb_tariff_used))
            s->pgb_tariff_used = s->pgb_clients > 0 ? NAN : 0.0;
        else
            s->pgb_tariff_used *= pol->pgb_factor;
    }
    ls_model_compute_pgb(m);
}

void ls_model_compute(ls_model *m, ls_errors *warn)
{
    ls_model_compute_on(m, warn, 1);
}

int ls_model_compute_listed(ls_model *m, const int *list, size_t n)
{
    for (size_t i = 0; i < m->n_segments; i++)
        if (m->segments[i].pgb_clients > 0 && isnan(m->segments[i].pgb_tariff))
            return -1;
    floor_tab *tab = floor_tab_make(m); /* the same steps as ls_model_compute's */
    int flipped = 0;
    for (size_t k = 0; k < n; k++) {
        ls_contract *c = &m->contracts[list[k]];
        double ceiling =
            tab ? tab->ceiling[c->segment] : ls_max_tariff(m, &m->segments[c->segment]);
        c->floor_tariff = tab ? floor_of(m, tab, c) : ls_tariff_floor(m, (size_t)list[k], NULL);
        int usable = !(ceiling < c->floor_tariff * (1 - LS_REL_TOL));
        flipped |= usable != c->usable;
        c->usable = usable;
    }
    free(tab);
    m->usable_epoch += (unsigned)flipped;
    return 0;
}

int ls_demand_cost(const ls_model *m, double *cost, size_t *largest)
{
    /* the segments' dearest floors from ls_model_compute's pass, not one more over the
     * contracts (32 MB on the country); the highest of them is the model's */
    double highest = 0;
    for (size_t s = 0; s < m->n_segments; s++)
        if (m->segments[s].highest_floor > highest)
            highest = m->segments[s].highest_floor;
    double total = 0, most = -1;
    *largest = 0;
    for (size_t s = 0; s < m->n_segments; s++) {
        const ls_segment *seg = &m->segments[s];
        double floor = seg->highest_floor > 0 ? seg->highest_floor : highest;
        double part = 12 * seg->clients * floor;
        if (seg->pgb_clients > 0 && isfinite(seg->pgb_tariff_used))
            part += 12 * seg->pgb_clients * seg->pgb_tariff_used;
        total += part;
        if (part > most) {
            most = part;
            *largest = s;
        }
    }
    *cost = total;
    return 0;
}
