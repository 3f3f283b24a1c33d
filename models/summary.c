/*
 * summary.c — what `lumpsum check` reports: counts, clients per domain and the floor
 * tariffs per product × intensity × complexity class (min, median, max over contracts).
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Orders contracts by class: product, then intensity, then complexity (in SPEC order). */
typedef struct keyed {
    const ls_segment *s;
    double floor;
} keyed;

static int cmp_class(const void *a, const void *b)
{
    const ls_segment *x = ((const keyed *)a)->s, *y = ((const keyed *)b)->s;
    int c = strcmp(x->product, y->product);
    if (c)
        return c;
    if (x->intensity != y->intensity)
        return x->intensity - y->intensity;
    return x->complexity - y->complexity;
}

static double median_sorted(const double *v, size_t n)
{
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int ls_check_summarize(const ls_model *m, ls_check **out)
{
    *out = NULL;
    ls_check *c = calloc(1, sizeof(*c));
    keyed *k = malloc((m->n_contracts + 1) * sizeof(*k));
    double *floors = malloc((m->n_contracts + 1) * sizeof(double));
    if (c) {
        c->domains = calloc(LS_N_DOMAINS, sizeof(ls_domain_count));
        c->classes = calloc(m->n_contracts + 1, sizeof(ls_tariff_class));
    }
    if (!c || !k || !floors || !c->domains || !c->classes) {
        free(k);
        free(floors);
        ls_check_free(c);
        return LS_EINTERNAL;
    }
    c->year = m->policy.year;
    c->budget = m->policy.budget;
    c->segments = m->n_segments;
    c->providers = m->n_providers;
    c->contracts = m->n_contracts;
    c->caos = m->n_caos;
    for (size_t i = 0; i < m->n_providers; i++)
        c->local_providers += m->providers[i].local != 0;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        c->domains[d].domain = ls_domain_names[d];
    for (size_t i = 0; i < m->n_segments; i++) {
        const ls_segment *s = &m->segments[i];
        c->clients += s->clients;
        c->domains[s->domain].segments++;
        c->domains[s->domain].clients += s->clients;
    }
    /* keep the domains that have segments, in SPEC order */
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (c->domains[d].segments)
            c->domains[c->n_domains++] = c->domains[d];

    size_t n = 0;
    for (size_t i = 0; i < m->n_contracts; i++)
        if (m->contracts[i].usable) {
            k[n].s = &m->segments[m->contracts[i].segment];
            k[n++].floor = m->contracts[i].floor_tariff;
        }
    c->usable_contracts = n;
    qsort(k, n, sizeof(*k), cmp_class);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cmp_class(&k[i], &k[j]) == 0) {
            floors[j - i] = k[j].floor;
            j++;
        }
        qsort(floors, j - i, sizeof(double), cmp_double);
        c->classes[c->n_classes++] = (ls_tariff_class){
            k[i].s->product, ls_intensity_names[k[i].s->intensity],
            ls_complexity_names[k[i].s->complexity], j - i, floors[0],
            median_sorted(floors, j - i), floors[j - i - 1]};
        i = j;
    }
    free(k);
    free(floors);
    *out = c;
    return LS_OK;
}

void ls_check_free(ls_check *c)
{
    if (!c)
        return;
    free(c->domains);
    free(c->classes);
    free(c);
}

/* Messages as JSON objects {file, line, column, message}. */
static json_t *messages_json(const ls_error *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_pack("{s:s?, s:i, s:i, s:s}", "file", items[i].file,
                                           "line", (json_int_t)items[i].line, "column",
                                           (json_int_t)items[i].column, "message",
                                           items[i].message));
    return a;
}

int ls_check_to_json(const ls_check *c, const ls_errors *errs, char **out)
{
    *out = NULL;
    json_t *domains = json_array(), *classes = json_array();
    for (size_t i = 0; domains && i < c->n_domains; i++)
        json_array_append_new(domains, json_pack("{s:s, s:I, s:f}", "domain",
                                                 c->domains[i].domain, "segments",
                                                 (json_int_t)c->domains[i].segments, "clients",
                                                 c->domains[i].clients));
    for (size_t i = 0; classes && i < c->n_classes; i++) {
        const ls_tariff_class *t = &c->classes[i];
        json_array_append_new(
            classes, json_pack("{s:s, s:s, s:s, s:I, s:f, s:f, s:f}", "product", t->product,
                               "intensity", t->intensity, "complexity", t->complexity,
                               "contracts", (json_int_t)t->contracts, "min", t->min, "median",
                               t->median, "max", t->max));
    }
    json_t *doc = json_pack(
        "{s:s?, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:o, s:o, s:o}", "year", c->year,
        "budget", c->budget, "segments", (json_int_t)c->segments, "providers",
        (json_int_t)c->providers, "local_providers", (json_int_t)c->local_providers,
        "contracts", (json_int_t)c->contracts, "usable_contracts",
        (json_int_t)c->usable_contracts, "caos", (json_int_t)c->caos, "clients", c->clients,
        "domains", domains, "floor_tariffs", classes, "warnings",
        messages_json(errs ? errs->warnings : NULL, errs ? errs->n_warnings : 0));
    if (!doc)
        return LS_EINTERNAL;
    *out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(doc);
    return *out ? LS_OK : LS_EINTERNAL;
}
