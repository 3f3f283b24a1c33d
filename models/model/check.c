/*
 * check.c — what `lumpsum check` reports: counts, clients per domain and the floor
 * tariffs per product × intensity × complexity class (min, median, max over contracts).
 */
#include <gsl/gsl_statistics_double.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

/* Orders segments by class: product, then intensity, then complexity (in the order of
 * model.h's enums). */
static int cmp_class(const ls_segment *x, const ls_segment *y)
{
    int c = strcmp(x->product, y->product);
    if (c)
        return c;
    if (x->intensity != y->intensity)
        return x->intensity - y->intensity;
    return x->complexity - y->complexity;
}

/* qsort has no context argument: it sorts pointers to the segments, which carry their own */
static int cmp_segment_class(const void *a, const void *b)
{
    return cmp_class(*(const ls_segment *const *)a, *(const ls_segment *const *)b);
}

/* The counts: budget, segments, providers (local ones), contracts, CAOs, clients, and the
 * domains that have segments with their clients. */
static void summary_counts(const ls_model *m, ls_check *c)
{
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
    /* keep the domains that have segments, in the order of the domain enum */
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (c->domains[d].segments)
            c->domains[c->n_domains++] = c->domains[d];
}

/* Orders by product name, through pointers into the products' names. */
static int cmp_name(const void *a, const void *b)
{
    return strcmp(**(const char *const *const *)a, **(const char *const *const *)b);
}

/* A product per segment: cls[s] its index among the distinct products, their names in
 * (*names)[0..*n), each once; 0, or -1 out of memory. */
static int segment_products(const ls_model *m, size_t *cls, const char ***names, size_t *n)
{
    ls_strmap seen = {0};
    size_t cap = 0;
    int rc = 0;
    *names = NULL;
    *n = 0;
    for (size_t i = 0; rc == 0 && i < m->n_segments; i++) {
        const char *product = m->segments[i].product;
        int k = ls_strmap_get(&seen, product);
        if (k < 0) {
            k = (int)*n;
            rc = ls_grow((void **)names, &cap, *n, sizeof **names) != 0 ||
                         ls_strmap_put(&seen, product, k) != 0
                     ? -1
                     : 0;
            if (rc == 0)
                (*names)[(*n)++] = product;
        }
        cls[i] = (size_t)k;
    }
    ls_strmap_free(&seen);
    return rc;
}

/* The segments in class order (cmp_class's, and within a class in their own, as glibc's
 * merge sort left them) into order[0..ns), each one's class cls[s] (0, 1, … in that order),
 * and *n_cls. A class is a number here, its product's rank among the few products by name,
 * its intensity, its complexity, and the segments are counted into place: qsort compared
 * product names some 250,000 times on the country (4 ms). 0; 1 where a segment has no
 * intensity or complexity (the caller sorts then); -1 out of memory. */
static int order_by_class(const ls_model *m, const ls_segment **order, size_t *cls,
                          size_t *n_cls)
{
    size_t ns = m->n_segments, np, per = LS_N_INTENSITIES * LS_N_COMPLEXITIES;
    const char **names;
    for (size_t i = 0; i < ns; i++)
        if (m->segments[i].intensity < 0 || m->segments[i].intensity >= LS_N_INTENSITIES ||
            m->segments[i].complexity < 0 || m->segments[i].complexity >= LS_N_COMPLEXITIES)
            return 1;
    if (segment_products(m, cls, &names, &np) != 0) {
        free(names);
        return -1;
    }
    const char ***by = malloc((np + 1) * sizeof(*by));
    size_t *rank = malloc((np + 1) * sizeof(size_t)), *at = calloc(np * per + 1, sizeof(size_t));
    size_t *number = malloc((np * per + 1) * sizeof(size_t));
    int rc = by && rank && at && number ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < np; k++)
        by[k] = &names[k];
    if (rc == 0)
        qsort(by, np, sizeof(*by), cmp_name);
    for (size_t k = 0; rc == 0 && k < np; k++)
        rank[by[k] - names] = k;
    for (size_t i = 0; rc == 0 && i < ns; i++) {
        const ls_segment *s = &m->segments[i];
        cls[i] = rank[cls[i]] * per + (size_t)s->intensity * LS_N_COMPLEXITIES +
                 (size_t)s->complexity;
        at[cls[i]]++;
    }
    /* at[key]: where the key's segments begin in order; number[key]: its class */
    *n_cls = 0;
    for (size_t key = 0, begin = 0; rc == 0 && key < np * per; key++) {
        size_t count = at[key];
        number[key] = *n_cls;
        *n_cls += count > 0;
        at[key] = begin;
        begin += count;
    }
    for (size_t i = 0; rc == 0 && i < ns; i++) {
        order[at[cls[i]]++] = &m->segments[i];
        cls[i] = number[cls[i]];
    }
    free(names);
    free(by);
    free(rank);
    free(at);
    free(number);
    return rc;
}

/* A part of the passes over the contracts, [from, to), on a thread of its own: its usable
 * contracts counted per class (count[k]), then, count[k] made where its first of class k goes,
 * their floors put there in order; and the classes [c0, c1) summed up (their floors bucketed
 * at start[k − 1] … start[k]). */
typedef struct class_part {
    const ls_model *m;
    const size_t *cls, *start;
    size_t from, to, c0, c1, *count;
    double *floors, *lo, *median, *hi;
    int step;
} class_part;

static void *class_pass(void *arg)
{
    class_part *p = arg;
    const ls_contract *c = p->m->contracts;
    if (p->step == 0) {
        for (size_t i = p->from; i < p->to; i++)
            if (c[i].usable)
                p->count[p->cls[c[i].segment]]++;
    } else if (p->step == 1) {
        for (size_t i = p->from; i < p->to; i++)
            if (c[i].usable)
                p->floors[p->count[p->cls[c[i].segment]]++] = c[i].floor_tariff;
    } else {
        for (size_t k = p->c0; k < p->c1; k++) {
            size_t begin = k ? p->start[k - 1] : 0, count = p->start[k] - begin;
            if (count) {
                gsl_stats_minmax(&p->lo[k], &p->hi[k], p->floors + begin, 1, count);
                p->median[k] = gsl_stats_median(p->floors + begin, 1, count);
            }
        }
    }
    return NULL;
}

/* The usable contracts' floors bucketed by class, in the contracts' order within each (so
 * the same array on any number of threads), into floors; start[k] the end of class k's; each
 * class's min, median and max. On up to t threads: the contracts shared out in ranges, the
 * classes in runs of about as many floors. LS_OK or LS_EINTERNAL. */
static int class_floors(const ls_model *m, const size_t *cls, size_t n_cls, int t, size_t *start,
                        double *floors, double *lo, double *median, double *hi)
{
    class_part part[LS_MAX_JOBS];
    size_t n = m->n_contracts;
    size_t most = n >> 16; /* a thread for 2^16 contracts at least */
    t = t < 1 ? 1 : t > LS_MAX_JOBS ? LS_MAX_JOBS : t;
    t = (size_t)t > most ? (int)(most ? most : 1) : t;
    size_t *count = calloc((size_t)t * (n_cls + 1), sizeof(size_t));
    if (!count)
        return LS_EINTERNAL;
    for (int k = 0; k < t; k++)
        part[k] = (class_part){m,
                               cls,
                               start,
                               n * (size_t)k / (size_t)t,
                               n * (size_t)(k + 1) / (size_t)t,
                               0,
                               0,
                               count + (size_t)k * (n_cls + 1),
                               floors,
                               lo,
                               median,
                               hi,
                               0};
    ls_run_jobs(class_pass, part, sizeof *part, t);
    /* class k's floors: part 0's, then part 1's, …; start[k] ends them */
    for (size_t k = 0, at = 0; k < n_cls; k++) {
        for (int j = 0; j < t; j++) {
            size_t here = part[j].count[k];
            part[j].count[k] = at;
            at += here;
        }
        start[k] = at;
    }
    for (int j = 0; j < t; j++)
        part[j].step = 1;
    ls_run_jobs(class_pass, part, sizeof *part, t);
    size_t total = n_cls ? start[n_cls - 1] : 0;
    for (int j = 0, k = 0; j < t; j++) {
        part[j].step = 2;
        part[j].c0 = (size_t)k;
        /* the classes until this part's share of the floors is reached (the last: all) */
        while ((size_t)k < n_cls && start[k] <= total * (size_t)(j + 1) / (size_t)t)
            k++;
        part[j].c1 = (size_t)k;
    }
    ls_run_jobs(class_pass, part, sizeof *part, t);
    free(count);
    return LS_OK;
}

/* The classes: the segments ordered by class (order_by_class, else qsort), then the usable
 * contracts' floors bucketed by their segment's class (class_floors), each class's min,
 * median and max. LS_OK or LS_EINTERNAL. */
static int summary_classes(const ls_model *m, ls_check *c)
{
    size_t ns = m->n_segments, n_cls = 0;
    const ls_segment **order = malloc((ns + 1) * sizeof(*order));
    size_t *cls = malloc((ns + 1) * sizeof(size_t)), *start = calloc(ns + 2, sizeof(size_t));
    double *floors = malloc((m->n_contracts + 1) * sizeof(double));
    double *stats = malloc((3 * ns + 1) * sizeof(double));
    int rc = order && cls && start && floors && stats ? LS_OK : LS_EINTERNAL;
    int ordered = rc == LS_OK ? order_by_class(m, order, cls, &n_cls) : -1;
    if (ordered < 0)
        rc = LS_EINTERNAL;
    for (size_t i = 0; ordered == 1 && i < ns; i++)
        order[i] = &m->segments[i];
    if (ordered == 1)
        qsort(order, ns, sizeof(*order), cmp_segment_class);
    for (size_t i = 0; ordered == 1 && i < ns; i++) {
        if (i > 0 && cmp_class(order[i - 1], order[i]) != 0)
            n_cls++;
        cls[order[i] - m->segments] = n_cls;
    }
    if (ordered == 1 && ns)
        n_cls++;
    double *lo = stats, *median = stats ? stats + ns : NULL, *hi = stats ? stats + 2 * ns : NULL;
    if (rc == LS_OK)
        rc = class_floors(m, cls, n_cls, m->threads, start, floors, lo, median, hi);
    if (rc == LS_OK)
        c->usable_contracts = n_cls ? start[n_cls - 1] : 0;
    for (size_t i = 0, k = 0; rc == LS_OK && k < n_cls; k++) {
        size_t begin = k ? start[k - 1] : 0, count = start[k] - begin;
        while (i < ns && cls[order[i] - m->segments] != k)
            i++;
        const ls_segment *s = order[i];
        /* the class's unit, where its segments (order[i] on, while of class k) agree */
        int one_unit = 1;
        for (size_t e = i; e < ns && cls[order[e] - m->segments] == k; e++)
            one_unit &= order[e]->unit == s->unit && order[e]->units == s->units;
        if (count)
            c->classes[c->n_classes++] = (ls_tariff_class){s->product,
                                                           ls_intensity_names[s->intensity],
                                                           ls_complexity_names[s->complexity],
                                                           count,
                                                           lo[k],
                                                           median[k],
                                                           hi[k],
                                                           one_unit ? ls_unit_names[s->unit] : NULL,
                                                           one_unit ? s->units : NAN};
    }
    free(order);
    free(cls);
    free(start);
    free(floors);
    free(stats);
    return rc;
}

int ls_check_summarize(const ls_model *m, ls_check **out)
{
    *out = NULL;
    ls_check *c = calloc(1, sizeof(*c));
    if (c) {
        c->domains = calloc(LS_N_DOMAINS, sizeof(ls_domain_count));
        /* a class is a set of segments: no more classes than segments (the contracts would
         * be 60 MB to clear on the country) */
        c->classes = calloc(m->n_segments + 1, sizeof(ls_tariff_class));
    }
    if (!c || !c->domains || !c->classes) {
        ls_check_free(c);
        return LS_EINTERNAL;
    }
    summary_counts(m, c);
    if (summary_classes(m, c) != LS_OK) {
        ls_check_free(c);
        return LS_EINTERNAL;
    }
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

/* Messages as JSON objects {file, line, column, message}; a workbook's cell also has "cell"
 * ("segmenten!D7", its place as printed). */
static json_t *messages_json(const ls_error *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = json_pack("{s:s?, s:i, s:i, s:s}", "file", items[i].file, "line",
                              (json_int_t)items[i].line, "column", (json_int_t)items[i].column,
                              "message", items[i].message);
        const char *sheet = items[i].cell ? strrchr(items[i].file, ':') : NULL;
        if (o && sheet) {
            char where[1024];
            ls_error_where(&items[i], where, sizeof where);
            json_object_set_new(o, "cell", json_string(where + (sheet - items[i].file) + 1));
        }
        json_array_append_new(a, o);
    }
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
        json_t *per_unit = t->unit ? json_real(t->median / t->units) : json_null();
        json_array_append_new(
            classes, json_pack("{s:s, s:s, s:s, s:I, s:f, s:f, s:f, s:s?, s:o}", "product",
                               t->product, "intensity", t->intensity, "complexity",
                               t->complexity, "contracts", (json_int_t)t->contracts, "min",
                               t->min, "median", t->median, "max", t->max, "unit", t->unit,
                               "median_per_unit", per_unit));
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
