/*
 * policy.c — budget.csv keys (docs/model-format.md): defaults, ranges, and setting one key
 * from text.
 *
 * One table lists every numeric key with its range, so that budget.csv, --set and a what-if
 * run all pass through the same check and say the same thing about a bad value.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "i18n.h"
#include "model.h"
#include "util.h"

const char *const ls_domain_names[LS_N_DOMAINS] = {"wmo", "jeugd", "participatie"};
const char *const ls_intensity_names[LS_N_INTENSITIES] = {"licht", "matig", "zwaar"};
const char *const ls_complexity_names[LS_N_COMPLEXITIES] = {"basis", "basis_plus",
                                                             "specialistisch"};
const char *const ls_unit_names[LS_N_UNITS] = {"uur",   "dagdeel", "dag",    "etmaal",
                                               "week",  "maand",   "traject"};

void ls_policy_defaults(ls_policy *p)
{
    memset(p, 0, sizeof(*p));
    p->budget = NAN;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        p->budget_domain[d] = p->local_share_domain[d] = NAN;
    p->max_shift = 1.0;
    p->margin_policy = LS_MARGIN_EQUAL;
    p->employer_charges = 0.30;
    p->unproductive = 0.20;
    p->overhead = 0.10;
    p->margin = 0.03;
    p->pgb_factor = 1.0;
    p->wage_share = 0.8;
    for (int d = 0; d < LS_N_DOMAINS; d++)
        p->growth_domain[d] = NAN;
}

typedef struct numeric_key {
    const char *name;
    size_t offset;
    double lo;
    int lo_strict;
    double hi;
    int hi_strict;
} numeric_key;

#define KEY(name, lo, los, hi, his) {#name, offsetof(ls_policy, name), lo, los, hi, his}
static const numeric_key numeric_keys[] = {
    KEY(budget, 0, 1, LS_MONEY_MAX, 0),
    KEY(reserve, 0, 0, 1, 1),
    KEY(local_share_min, 0, 0, 1, 0),
    KEY(max_shift, 0, 0, 1, 0),
    KEY(quality_value, 0, 0, LS_PRICE_MAX, 0),
    KEY(wage_index, -1, 1, LS_FACTOR_MAX, 0),
    KEY(employer_charges, 0, 0, LS_FACTOR_MAX, 0),
    KEY(unproductive, 0, 0, 1, 1),
    KEY(overhead, 0, 0, LS_FACTOR_MAX, 0),
    KEY(margin, 0, 0, LS_FACTOR_MAX, 0),
    KEY(pgb_factor, 0, 1, LS_FACTOR_MAX, 0),
};

static int check_range(const char *key, const char *text, double v, double lo, int lo_strict,
                       double hi, int hi_strict, char *msg, size_t msg_size)
{
    if (v > hi && ls_limit_why(hi)) {
        ls_fmt(msg, msg_size, _("%s must be %s, not %s"), key, ls_limit_why(hi), text);
        return -1;
    }
    if (v < lo || (lo_strict && v == lo) || v > hi || (hi_strict && v == hi)) {
        char a[64], b[64];
        ls_format_plain(a, sizeof a, lo, ls_text_style());
        ls_format_plain(b, sizeof b, hi, ls_text_style());
        if (isinf(hi) || ls_limit_why(hi))
            ls_fmt(msg, msg_size, _("%s must be %s %s, not %s"), key, lo_strict ? ">" : "≥", a,
                   text);
        else
            ls_fmt(msg, msg_size, _("%s must be %s %s and %s %s, not %s"), key,
                   lo_strict ? ">" : "≥", a, hi_strict ? "<" : "≤", b, text);
        return -1;
    }
    return 0;
}

static int parse_value(const char *key, const char *text, double *v, char *msg, size_t msg_size)
{
    char why[192];
    if (ls_parse_number(text, 0, v, why, sizeof why) != 0) {
        ls_fmt(msg, msg_size, "%s: %s", key, why);
        return -1;
    }
    return 0;
}

/* Stores a weight.<indicator>; the name lives in the model's arena. */
static int set_weight(ls_model *m, const char *name, double v)
{
    ls_policy *p = &m->policy;
    for (size_t i = 0; i < p->n_weights; i++)
        if (strcmp(p->weights[i].key, name) == 0) {
            p->weights[i].value = v;
            return 0;
        }
    const char *k = ls_arena_strdup(&m->arena, name);
    ls_kv *w = realloc(p->weights, (p->n_weights + 1) * sizeof(*w));
    if (!k || !w)
        return -1;
    p->weights = w;
    p->weights[p->n_weights++] = (ls_kv){k, v};
    return 0;
}

static void margin_message(const char *value, char *msg, size_t msg_size)
{
    static const char *const policies[] = {"equal", "quality"};
    char near[96];
    ls_fmt(msg, msg_size, _("margin_policy must be 'equal' or 'quality', not '%s'%s"), value,
           ls_did_you_mean(ls_near(value, policies, 2), near, sizeof near));
}

/* An unknown key, with the key it was likely meant to be. */
static int unknown_key(const char *key, char *msg, size_t msg_size)
{
    static const char *const others[] = {
        "year", "index_max_tariff", "margin_policy", "index.wage", "index.price",
        "wage_share", "growth.demand", "growth.wmo", "growth.jeugd", "growth.participatie",
        "budget.growth", "budget.wmo", "budget.jeugd", "budget.participatie",
        "local_share_min.wmo", "local_share_min.jeugd", "local_share_min.participatie"};
    const char *near = ls_near_field(key, numeric_keys, sizeof numeric_keys / sizeof *numeric_keys,
                                     sizeof *numeric_keys, offsetof(numeric_key, name));
    if (!near)
        near = ls_near(key, others, sizeof others / sizeof *others);
    char hint[96];
    ls_fmt(msg, msg_size, _("unknown key '%s'%s"), key,
           near ? ls_did_you_mean(near, hint, sizeof hint)
                : _(" (see docs/model-format.md for the keys)"));
    return -1;
}

/* Each family of keys has a setter: 0 when it set key, -1 with msg when key or value is
 * bad, NOT_MINE when key is not of its family. */
enum { NOT_MINE = 1 };

/* The plain numbers of numeric_keys. */
static int set_numeric(ls_model *m, const char *key, const char *value, char *msg,
                       size_t msg_size)
{
    ls_policy *p = &m->policy;
    double v;
    for (size_t i = 0; i < sizeof numeric_keys / sizeof *numeric_keys; i++) {
        const numeric_key *k = &numeric_keys[i];
        if (strcmp(key, k->name) != 0)
            continue;
        if (parse_value(key, value, &v, msg, msg_size) != 0 ||
            check_range(key, value, v, k->lo, k->lo_strict, k->hi, k->hi_strict, msg,
                        msg_size) != 0)
            return -1;
        *(double *)((char *)p + k->offset) = v;
        return 0;
    }
    return NOT_MINE;
}

/* The multi-year path's keys. */
static int set_path(ls_model *m, const char *key, const char *value, char *msg,
                    size_t msg_size)
{
    ls_policy *p = &m->policy;
    double v;
    static const struct {
        const char *name;
        size_t offset;
        double lo;
        int lo_strict;
        double hi;
    } path_keys[] = {{"index.wage", offsetof(ls_policy, index_wage), -1, 1, LS_FACTOR_MAX},
                     {"index.price", offsetof(ls_policy, index_price), -1, 1, LS_FACTOR_MAX},
                     {"wage_share", offsetof(ls_policy, wage_share), 0, 0, 1},
                     {"growth.demand", offsetof(ls_policy, growth_demand), -1, 1, LS_FACTOR_MAX},
                     {"budget.growth", offsetof(ls_policy, budget_growth), -1, 1, LS_FACTOR_MAX}};
    for (size_t i = 0; i < sizeof path_keys / sizeof *path_keys; i++)
        if (strcmp(key, path_keys[i].name) == 0) {
            if (parse_value(key, value, &v, msg, msg_size) != 0 ||
                check_range(key, value, v, path_keys[i].lo, path_keys[i].lo_strict,
                            path_keys[i].hi, 0, msg, msg_size) != 0)
                return -1;
            *(double *)((char *)p + path_keys[i].offset) = v;
            return 0;
        }
    return NOT_MINE;
}

/* budget.<year>: one year's budget on the multi-year path. */
static int set_year_budget(ls_model *m, const char *key, const char *value, char *msg,
                           size_t msg_size)
{
    ls_policy *p = &m->policy;
    double v;
    if (!(strncmp(key, "budget.", 7) == 0 && key[7] >= '0' && key[7] <= '9'))
        return NOT_MINE;
    const char *y = key + 7;
    while (*y >= '0' && *y <= '9')
        y++;
    if (*y || strlen(key + 7) > 6) {
        ls_fmt(msg, msg_size,
               _("unknown key '%s' (a year budget is budget.<year>, e.g. "
                 "budget.2027)"),
               key);
        return -1;
    }
    if (parse_value(key, value, &v, msg, msg_size) != 0 ||
        check_range(key, value, v, 0, 1, LS_MONEY_MAX, 0, msg, msg_size) != 0)
        return -1;
    for (size_t i = 0; i < p->n_budget_years; i++)
        if (strcmp(p->budget_years[i].key, key + 7) == 0) {
            p->budget_years[i].value = v;
            return 0;
        }
    const char *k = ls_arena_strdup(&m->arena, key + 7);
    ls_kv *b = realloc(p->budget_years, (p->n_budget_years + 1) * sizeof(*b));
    if (!k || !b) {
        ls_fmt(msg, msg_size, _("out of memory"));
        return -1;
    }
    p->budget_years = b;
    p->budget_years[p->n_budget_years++] = (ls_kv){k, v};
    return 0;
}

/* The keys whose value is not a number: year, index_max_tariff, margin_policy. */
static int set_word(ls_model *m, const char *key, const char *value, char *msg,
                    size_t msg_size)
{
    ls_policy *p = &m->policy;
    if (strcmp(key, "year") == 0) {
        char why[160];
        if (ls_check_identifier(value, why, sizeof why) != 0) {
            ls_fmt(msg, msg_size, "year: %s", why); /* (--set year= named no key) */
            return -1;
        }
        p->year = ls_arena_strdup(&m->arena, value);
        return p->year ? 0 : (ls_fmt(msg, msg_size, _("out of memory")), -1);
    }
    if (strcmp(key, "index_max_tariff") == 0) {
        int on;
        char why[160];
        if (ls_parse_bool(value, &on, why, sizeof why) != 0) {
            ls_fmt(msg, msg_size, "index_max_tariff: %s", why);
            return -1;
        }
        p->index_max_tariff = on;
        return 0;
    }
    if (strcmp(key, "margin_policy") == 0) {
        if (strcmp(value, "equal") == 0)
            p->margin_policy = LS_MARGIN_EQUAL;
        else if (strcmp(value, "quality") == 0)
            p->margin_policy = LS_MARGIN_QUALITY;
        else {
            margin_message(value, msg, msg_size);
            return -1;
        }
        return 0;
    }
    return NOT_MINE;
}

/* The keys of a domain each: <prefix><domain>, with their range, the ls_policy array the
 * value goes in, and what an unknown domain is told (%s: the key). */
static const struct domain_family {
    const char *prefix;
    size_t offset; /* of a double[LS_N_DOMAINS] in ls_policy */
    double lo;
    int lo_strict;
    double hi;
    const char *unknown;
} domain_families[] = {
    {"growth.", offsetof(ls_policy, growth_domain), -1, 1, LS_FACTOR_MAX,
     N_("unknown key '%s' (growth.demand, growth.wmo, growth.jeugd, growth.participatie)")},
    {"budget.", offsetof(ls_policy, budget_domain), 0, 0, LS_MONEY_MAX,
     N_("unknown key '%s' (domain ceilings are budget.wmo, budget.jeugd, "
        "budget.participatie)")},
    {"local_share_min.", offsetof(ls_policy, local_share_domain), 0, 0, 1,
     N_("unknown key '%s' (a domain's local-share target is local_share_min.wmo, "
        "local_share_min.jeugd or local_share_min.participatie)")},
};

/* growth.<domain> (a domain's demand growth a year), budget.<domain> (its ceiling) and
 * local_share_min.<domain> (its local-share target). */
static int set_domain_key(ls_model *m, const char *key, const char *value, char *msg,
                          size_t msg_size)
{
    for (size_t i = 0; i < sizeof domain_families / sizeof *domain_families; i++) {
        const struct domain_family *f = &domain_families[i];
        size_t n = strlen(f->prefix);
        if (strncmp(key, f->prefix, n) != 0)
            continue;
        double v;
        for (int d = 0; d < LS_N_DOMAINS; d++)
            if (strcmp(key + n, ls_domain_names[d]) == 0) {
                if (parse_value(key, value, &v, msg, msg_size) != 0 ||
                    check_range(key, value, v, f->lo, f->lo_strict, f->hi, 0, msg,
                                msg_size) != 0)
                    return -1;
                ((double *)((char *)&m->policy + f->offset))[d] = v;
                return 0;
            }
        const char *near = ls_near(key + n, ls_domain_names, LS_N_DOMAINS);
        if (near) {
            char full[64], hint[96];
            ls_fmt(full, sizeof full, "%s%s", f->prefix, near);
            ls_fmt(msg, msg_size, _("unknown key '%s'%s"), key,
                   ls_did_you_mean(full, hint, sizeof hint));
        } else
            ls_fmt(msg, msg_size, _(f->unknown), key);
        return -1;
    }
    return NOT_MINE;
}

/* weight.<indicator>: an indicator's weight in the quality score. */
static int set_weight_key(ls_model *m, const char *key, const char *value, char *msg,
                          size_t msg_size)
{
    double v;
    if (strncmp(key, "weight.", 7) != 0)
        return NOT_MINE;
    if (ls_check_identifier(key + 7, msg, msg_size) != 0)
        return -1;
    if (parse_value(key, value, &v, msg, msg_size) != 0 ||
        check_range(key, value, v, 0, 0, INFINITY, 0, msg, msg_size) != 0)
        return -1;
    if (set_weight(m, key + 7, v) != 0) {
        ls_fmt(msg, msg_size, _("out of memory"));
        return -1;
    }
    return 0;
}

int ls_policy_set(ls_model *m, const char *key, const char *value, char *msg, size_t msg_size)
{
    /* in this order: budget.growth before budget.<year> and budget.<domain>, growth.demand
     * before growth.<domain> */
    static int (*const setters[])(ls_model *, const char *, const char *, char *, size_t) = {
        set_numeric, set_path, set_year_budget, set_word, set_domain_key, set_weight_key};
    for (size_t i = 0; i < sizeof setters / sizeof *setters; i++) {
        int rc = setters[i](m, key, value, msg, msg_size);
        if (rc != NOT_MINE)
            return rc;
    }
    return unknown_key(key, msg, msg_size);
}

int ls_policy_check_weight(const ls_model *m, const char *indicator, char *msg, size_t msg_size)
{
    for (size_t i = 0; i < m->n_indicator_names; i++)
        if (strcmp(m->indicator_names[i], indicator) == 0)
            return 0;
    const char *near = ls_near(indicator, m->indicator_names, m->n_indicator_names);
    const char *sheet = m->indicators_sheet;
    char buf[96];
    const char *hint = ls_did_you_mean(near, buf, sizeof buf);
    if (!m->indicators_file && sheet)
        ls_fmt(msg, msg_size,
               _("weight.%s weighs the indicator '%s', but the workbook has no sheet '%s'"),
               indicator, indicator, sheet);
    else if (!m->indicators_file)
        ls_fmt(msg, msg_size,
               _("weight.%s weighs the indicator '%s', but the model has no indicators.csv"),
               indicator, indicator);
    else if (sheet)
        ls_fmt(msg, msg_size,
               _("weight.%s weighs the indicator '%s', which is not on the sheet '%s'%s"),
               indicator, indicator, sheet, hint);
    else
        ls_fmt(msg, msg_size,
               _("weight.%s weighs the indicator '%s', which is not in indicators.csv%s"),
               indicator, indicator, hint);
    return -1;
}

int ls_policy_year_label(const ls_policy *p, size_t k, char *label, size_t size)
{
    const char *y = p->year;
    size_t digits = y ? strspn(y, "0123456789") : 0;
    if (digits && !y[digits] && digits <= 9) {
        ls_fmt(label, size, "%ld", strtol(y, NULL, 10) + (long)k);
        return 1;
    }
    /* "FY2025-Q1" does not say what follows it (FY2026-Q1? FY2025-Q2?): count from it */
    if (y && *y && k)
        ls_fmt(label, size, "%s+%zu", y, k);
    else if (y && *y)
        ls_fmt(label, size, "%s", y);
    else
        ls_fmt(label, size, "%zu", k + 1);
    return 0;
}

int ls_policy_check_years(const ls_model *m, size_t years, char *msg, size_t msg_size)
{
    const ls_policy *p = &m->policy;
    size_t worst = SIZE_MAX, fit = years;
    for (size_t s = 0; years > 1 && s < m->n_segments; s++) {
        const ls_segment *seg = &m->segments[s];
        double g =
            isnan(p->growth_domain[seg->domain]) ? p->growth_demand : p->growth_domain[seg->domain];
        double most = fmax(seg->clients, seg->pgb_clients);
        if (!(g > 0) || !(most > 0) || most * pow(1 + g, (double)(years - 1)) <= LS_CLIENTS_MAX)
            continue;
        /* the years that fit: most · (1 + g)^(n − 1) ≤ LS_CLIENTS_MAX (most is within it) */
        double n = fmax(1, 1 + floor(log(LS_CLIENTS_MAX / most) / log1p(g)));
        while (n > 1 && most * pow(1 + g, n - 1) > LS_CLIENTS_MAX)
            n--;
        while (n + 1 < (double)years && most * pow(1 + g, n) <= LS_CLIENTS_MAX)
            n++;
        if (worst == SIZE_MAX || (size_t)n < fit)
            worst = s, fit = (size_t)n;
    }
    if (worst == SIZE_MAX)
        return 0;
    const ls_segment *seg = &m->segments[worst];
    int own = !isnan(p->growth_domain[seg->domain]);
    double g = own ? p->growth_domain[seg->domain] : p->growth_demand;
    char key[32];
    ls_fmt(key, sizeof key, "growth.%s", own ? ls_domain_names[seg->domain] : "demand");
    char gt[64], ct[64];
    ls_format_plain(gt, sizeof gt, g, ls_text_style());
    ls_format_sig(ct, sizeof ct,
                  fmax(seg->clients, seg->pgb_clients) * pow(1 + g, (double)(years - 1)), 3,
                  ls_text_style());
    ls_fmt(msg, msg_size,
           P_("%zu years with %s %s would grow segment '%s' to %s clients in year %zu, more "
              "than lumpsum holds (10^8 a segment): at this growth plan at most %zu year",
              "%zu years with %s %s would grow segment '%s' to %s clients in year %zu, more "
              "than lumpsum holds (10^8 a segment): at this growth plan at most %zu years",
              fit),
           years, key, gt, seg->id, ct, years, fit);
    return -1;
}

int ls_model_set(ls_model *m, const char *key, const char *value, char *msg, size_t msg_size)
{
    if (strncmp(key, "weight.", 7) == 0 && ls_policy_check_weight(m, key + 7, msg, msg_size))
        return LS_EUSAGE;
    if (ls_policy_set(m, key, value, msg, msg_size) != 0)
        return LS_EUSAGE;
    ls_model_compute(m, NULL);
    return LS_OK;
}

const char *ls_status_name(ls_status status)
{
    return status == LS_FUNDED        ? "funded"
           : status == LS_UNDERFUNDED ? "underfunded"
                                      : "no_solution";
}

const char *ls_demand_name(double unmet_clients)
{
    return unmet_clients > 0 ? "unmet" : "met";
}

const char *ls_domain_name(int domain)
{
    return domain >= 0 && domain < LS_N_DOMAINS ? ls_domain_names[domain] : NULL;
}

/* One line of the scenario, kept while the whole is counted. */
typedef struct setting_text {
    char key[80], value[80];
} setting_text;

static void put_setting(setting_text *t, size_t *n, const char *key, const char *value)
{
    ls_fmt(t[*n].key, sizeof t[*n].key, "%s", key);
    ls_fmt(t[*n].value, sizeof t[*n].value, "%s", value);
    (*n)++;
}

static void put_number(setting_text *t, size_t *n, const char *key, double v)
{
    char text[80];
    ls_fmt_plain(text, sizeof text, v);
    put_setting(t, n, key, text);
}

int ls_policy_settings(const ls_model *m, ls_setting **out, size_t *n_out)
{
    const ls_policy *p = &m->policy;
    size_t cap = 32 + 3 * LS_N_DOMAINS + p->n_budget_years + p->n_weights + m->n_caos, n = 0;
    setting_text *t = malloc(cap * sizeof(*t));
    *out = NULL;
    *n_out = 0;
    if (!t)
        return LS_EINTERNAL;
    char key[80];
    put_setting(t, &n, "year", p->year ? p->year : "");
    put_number(t, &n, "budget", p->budget);
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (!isnan(p->budget_domain[d])) {
            ls_fmt(key, sizeof key, "budget.%s", ls_domain_names[d]);
            put_number(t, &n, key, p->budget_domain[d]);
        }
    put_number(t, &n, "reserve", p->reserve);
    put_number(t, &n, "local_share_min", p->local_share_min);
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (!isnan(p->local_share_domain[d])) {
            ls_fmt(key, sizeof key, "local_share_min.%s", ls_domain_names[d]);
            put_number(t, &n, key, p->local_share_domain[d]);
        }
    put_number(t, &n, "max_shift", p->max_shift);
    put_number(t, &n, "quality_value", p->quality_value);
    put_setting(t, &n, "margin_policy",
                p->margin_policy == LS_MARGIN_QUALITY ? "quality" : "equal");
    put_number(t, &n, "wage_index", p->wage_index);
    put_setting(t, &n, "index_max_tariff", p->index_max_tariff ? "1" : "0");
    put_number(t, &n, "employer_charges", p->employer_charges);
    put_number(t, &n, "unproductive", p->unproductive);
    put_number(t, &n, "overhead", p->overhead);
    put_number(t, &n, "margin", p->margin);
    put_number(t, &n, "pgb_factor", p->pgb_factor);
    put_number(t, &n, "index.wage", p->index_wage);
    put_number(t, &n, "index.price", p->index_price);
    put_number(t, &n, "wage_share", p->wage_share);
    put_number(t, &n, "growth.demand", p->growth_demand);
    for (int d = 0; d < LS_N_DOMAINS; d++)
        if (!isnan(p->growth_domain[d])) {
            ls_fmt(key, sizeof key, "growth.%s", ls_domain_names[d]);
            put_number(t, &n, key, p->growth_domain[d]);
        }
    put_number(t, &n, "budget.growth", p->budget_growth);
    for (size_t i = 0; i < p->n_budget_years; i++) {
        ls_fmt(key, sizeof key, "budget.%s", p->budget_years[i].key);
        put_number(t, &n, key, p->budget_years[i].value);
    }
    for (size_t i = 0; i < p->n_weights; i++) {
        ls_fmt(key, sizeof key, "weight.%s", p->weights[i].key);
        put_number(t, &n, key, p->weights[i].value);
    }
    for (size_t c = 0; c < m->n_caos; c++)
        if (m->cao_factor[c] != 1) {
            ls_fmt(key, sizeof key, "cao:%s", m->caos[c]);
            put_number(t, &n, key, m->cao_factor[c]);
        }
    size_t bytes = n * sizeof(ls_setting);
    for (size_t i = 0; i < n; i++)
        bytes += strlen(t[i].key) + strlen(t[i].value) + 2;
    ls_setting *s = malloc(bytes + 1);
    if (!s) {
        free(t);
        return LS_EINTERNAL;
    }
    char *text = (char *)(s + n);
    for (size_t i = 0; i < n; i++) {
        size_t kl = strlen(t[i].key) + 1, vl = strlen(t[i].value) + 1;
        s[i].key = memcpy(text, t[i].key, kl);
        s[i].value = memcpy(text + kl, t[i].value, vl);
        text += kl + vl;
    }
    free(t);
    *out = s;
    *n_out = n;
    return LS_OK;
}

int ls_policy_fraction(const char *key)
{
    for (size_t i = 0; i < sizeof numeric_keys / sizeof *numeric_keys; i++)
        if (strcmp(key, numeric_keys[i].name) == 0)
            return numeric_keys[i].hi == 1 || numeric_keys[i].hi == LS_FACTOR_MAX;
    static const char *const rates[] = {"index.wage", "index.price", "wage_share",
                                        "budget.growth"};
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++)
        if (strcmp(key, rates[i]) == 0)
            return 1;
    return strncmp(key, "growth.", 7) == 0 || strncmp(key, "local_share_min.", 16) == 0;
}
