/*
 * rules.c — the rules that span the model, run once its files are read (rules.h): those
 * across files (read.c calls them after the six files and the --set overrides) and those on
 * what ls_model_compute found.
 */
#include "rules.h"
#include "format.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* "1 client", "39 clients", "2.5 clients": a number of clients in words, into buf. */
static const char *clients_text(char *buf, size_t size, double n)
{
    char v[64];
    ls_format_plain(v, sizeof v, n, ls_text_style());
    ls_fmt(buf, size, P_("%s client", "%s clients", n == 1 ? 1 : 2), v);
    return buf;
}

void ls_rules_whole(reading *r, const char *dir, unsigned budget_line)
{
    ls_model *m = r->m;
    char *path = tbl_path(r, dir, "providers.csv");
    if (!path) {
        r->nomem = 1;
        return;
    }
    for (size_t i = 0; i < m->n_providers && !tbl_full(r); i++) {
        const ls_provider *p = &m->providers[i];
        char a[64];
        if (p->min_budget > 0 && p->n_contracts == 0 && !r->contracts_failed)
            ls_error_add(r->errs, path, p->line, 1,
                         _("provider '%s' has min_budget € %s but no contract in %s"), p->id,
                         ls_format_money(a, sizeof a, p->min_budget, ls_text_style()),
                         TABLE(r, "contracts.csv"));
    }
    free(path);
    /* today's caseload far above the demand (a typo: 5000 for 50): continuity scales it down
     * to the demand, so it plans, but a controller would want to know */
    double *today = r->contracts_failed ? NULL : calloc(m->n_segments + 1, sizeof(double));
    path = today ? tbl_path(r, dir, "segments.csv") : NULL;
    for (size_t j = 0; path && j < m->n_contracts; j++)
        today[m->contracts[j].segment] += m->contracts[j].current_clients;
    for (size_t s = 0; path && s < m->n_segments; s++) {
        const ls_segment *sg = &m->segments[s];
        char a[96], b[96];
        if (!isnan(sg->clients) && today[s] > 2 * sg->clients && today[s] >= 1)
            ls_warning_add(r->errs, path, sg->line, m->clients_column,
                           _("segment '%s': today's caseload in %s (%s) is more than twice its "
                             "demand (%s); continuity holds at most the demand"),
                           sg->id, TABLE(r, "contracts.csv"), clients_text(a, sizeof a, today[s]),
                           clients_text(b, sizeof b, sg->clients));
    }
    free(today);
    free(path);
    path = tbl_path(r, dir, "budget.csv");
    if (!path) {
        r->nomem = 1;
        return;
    }
    /* (a budget row whose value could not be read has its own message) */
    if (isnan(m->policy.budget) && ls_strmap_get(&r->budget_keys, "budget") < 0 && !tbl_full(r) &&
        !tbl_unchecked(r, "budget.csv", "key", "budget"))
        ls_error_add(r->errs, path, budget_line ? budget_line : 1, 1,
                     _("the key 'budget' is required"));
    /* a weight of budget.csv (one of --set was checked there) for an indicator that
     * indicators.csv does not have: a typo would weigh nothing */
    for (size_t i = 0; i < m->policy.n_weights && !tbl_full(r); i++) {
        char key[80], msg[256];
        ls_fmt(key, sizeof key, "weight.%s", m->policy.weights[i].key);
        int line = ls_strmap_get(&r->budget_keys, key);
        const char *indicator = m->policy.weights[i].key;
        if (line > 0 && !tbl_unchecked(r, "indicators.csv", "indicator", indicator) &&
            ls_policy_check_weight(m, m->policy.weights[i].key, msg, sizeof msg))
            ls_error_add(r->errs, path, (unsigned)line, r->budget_key_column, "%s", msg);
    }
    free(path);
}

/* Whether one of the --set overrides sets key. */
/* Does the override KEY=VALUE set key? Its spaces dropped, as --set reads it. */
static int override_sets(const char *kv, const char *key)
{
    size_t n = strlen(key);
    while (isspace((unsigned char)*kv))
        kv++;
    if (strncmp(kv, key, n) != 0)
        return 0;
    for (kv += n; isspace((unsigned char)*kv); kv++)
        ;
    return *kv == '=';
}

static int set_by_override(const ls_read_options *opts, const char *key)
{
    for (size_t i = 0; opts && i < opts->n_overrides; i++)
        if (override_sets(opts->overrides[i], key))
            return 1;
    return 0;
}

int ls_rules_year_budget(reading *r, const char *dir, const ls_read_options *opts)
{
    const ls_policy *p = &r->m->policy;
    char label[96], key[112], a[64], b[64], msg[512];
    if (isnan(p->budget) || !ls_policy_year_label(p, 0, label, sizeof label))
        return LS_OK;
    for (size_t i = 0; i < p->n_budget_years; i++) {
        if (strcmp(p->budget_years[i].key, label) != 0 || p->budget_years[i].value == p->budget)
            continue;
        ls_fmt(key, sizeof key, "budget.%s", label);
        ls_fmt(msg, sizeof msg,
               _("%s (€ %s) is the budget of the model's own year %s, which the key budget "
                 "gives (€ %s): give it once; budget.<year> is for the later years of plan "
                 "--years"),
               key, ls_format_money(a, sizeof a, p->budget_years[i].value, ls_text_style()),
               label, ls_format_money(b, sizeof b, p->budget, ls_text_style()));
        int line = ls_strmap_get(&r->budget_keys, key);
        if (line <= 0 || set_by_override(opts, key) || set_by_override(opts, "year") ||
            set_by_override(opts, "budget")) {
            ls_error_add(r->errs, "overrides", 0, 0, "%s", msg);
            return LS_EUSAGE;
        }
        char *path = tbl_path(r, dir, "budget.csv");
        if (!path) {
            r->nomem = 1;
            return LS_OK;
        }
        ls_error_add(r->errs, path, (unsigned)line, r->budget_key_column, "%s", msg);
        free(path);
    }
    return LS_OK;
}

/* A warning about budget.csv's key: at its line there, or of "overrides" when --set gave it. */
static void key_warning(reading *r, const char *dir, const ls_read_options *opts, const char *key,
                        const char *msg)
{
    int line = ls_strmap_get(&r->budget_keys, key);
    char *path = line > 0 && !set_by_override(opts, key) ? tbl_path(r, dir, "budget.csv") : NULL;
    if (path)
        ls_warning_add(r->errs, path, (unsigned)line, r->budget_key_column, "%s", msg);
    else
        ls_warning_add(r->errs, "overrides", 0, 0, "%s", msg);
    free(path);
}

void ls_rules_domain_keys(reading *r, const char *dir, const ls_read_options *opts)
{
    const ls_model *m = r->m;
    const ls_policy *p = &m->policy;
    int has[LS_N_DOMAINS] = {0};
    for (size_t s = 0; s < m->n_segments; s++) /* (a refused domain is −1) */
        if (m->segments[s].domain >= 0 && m->segments[s].domain < LS_N_DOMAINS)
            has[m->segments[s].domain] = 1;
    for (int d = 0; d < LS_N_DOMAINS; d++) {
        if (has[d])
            continue;
        const char *family[] = {"local_share_min.", "budget.", "growth."};
        const double set[] = {p->local_share_domain[d], p->budget_domain[d], p->growth_domain[d]};
        for (int k = 0; k < 3; k++) {
            if (isnan(set[k]))
                continue;
            char key[64], msg[256];
            ls_fmt(key, sizeof key, "%s%s", family[k], ls_domain_names[d]);
            ls_fmt(msg, sizeof msg,
                   _("%s changes nothing: no segment of the model is of the domain %s"), key,
                   ls_domain_names[d]);
            key_warning(r, dir, opts, key, msg);
        }
    }
}

void ls_rules_year_keys(reading *r, const char *dir, const ls_read_options *opts)
{
    const ls_policy *p = &r->m->policy;
    char label[96], key[112], msg[512];
    int numeric = ls_policy_year_label(p, 0, label, sizeof label);
    long first = numeric ? strtol(label, NULL, 10) : 0;
    for (size_t i = 0; i < p->n_budget_years; i++) {
        const char *y = p->budget_years[i].key; /* digits: the setter refused the rest */
        long year = strtol(y, NULL, 10);
        ls_fmt(key, sizeof key, "budget.%s", y);
        if (!p->year || !*p->year)
            ls_fmt(msg, sizeof msg,
                   _("%s is ignored: the model has no year (the key year), and a budget.<year> "
                     "applies only beside a year written in digits"),
                   key);
        else if (!numeric)
            ls_fmt(msg, sizeof msg,
                   _("%s is ignored: the model's year '%s' is not a number, so no plan year "
                     "is %s"),
                   key, p->year, y);
        else if (y[0] == '0' && y[1])
            ls_fmt(msg, sizeof msg,
                   _("%s is ignored: a plan year is written without leading zeros "
                     "(budget.%ld)"),
                   key, year);
        else if (year < first)
            ls_fmt(msg, sizeof msg,
                   _("%s is the budget of %s, before the model's year %s: no plan year reaches "
                     "it, so it is ignored"),
                   key, y, label);
        else
            continue;
        key_warning(r, dir, opts, key, msg);
    }
}

/* The overrides that can move a floor or a pgb tariff, as typed, joined by ", " into buf;
 * all of them where none of those keys is among them. */
static const char *floor_overrides(const ls_read_options *opts, char *buf, size_t size)
{
    static const char *const keys[] = {"wage_index", "employer_charges", "unproductive",
                                       "overhead",   "margin",           "pgb_factor",
                                       "index_max_tariff"};
    size_t len = 0;
    buf[0] = '\0';
    for (int all = 0; all < 2 && len == 0; all++)
        for (size_t i = 0; i < opts->n_overrides; i++) {
            const char *kv = opts->overrides[i];
            int floor = all;
            for (size_t k = 0; !floor && k < sizeof keys / sizeof *keys; k++)
                floor = override_sets(kv, keys[k]);
            while (isspace((unsigned char)*kv)) /* as typed, less its leading spaces */
                kv++;
            if (floor && len + 2 < size) {
                ls_fmt(buf + len, size - len, "%s%s", len ? ", " : "", kv);
                len += strlen(buf + len);
            }
        }
    return buf;
}

/* Whether the demand of r's model would stay within LS_MONEY_MAX under the policy its files
 * give (file), the overrides undone: then these caused it. *cost is that demand's cost. */
static int within_without_overrides(reading *r, const ls_policy *file, double *cost)
{
    ls_model *m = r->m;
    ls_policy now = m->policy, undone = *file;
    /* the lists as they are now: an override may have grown (and moved) them */
    undone.year = now.year;
    undone.budget_years = now.budget_years;
    undone.n_budget_years = now.n_budget_years;
    undone.weights = now.weights;
    undone.n_weights = now.n_weights;
    m->policy = undone;
    ls_model_compute(m, NULL);
    size_t big;
    ls_demand_cost(m, cost, &big);
    m->policy = now;
    ls_model_compute(m, NULL);
    return *cost <= LS_MONEY_MAX;
}

int ls_rules_computed(reading *r, const char *dir, const ls_policy *file,
                      const ls_read_options *opts)
{
    ls_model *m = r->m;
    ls_errors *errs = r->errs;
    /* A segment with pgb clients needs a pgb tariff: its own, or a usable contract
     * whose floor the pgb_factor can scale */
    size_t before = errs->n_errors;
    char *path = tbl_path(r, dir, "segments.csv");
    if (!path)
        return LS_EINTERNAL;
    for (size_t s = 0; s < m->n_segments && errs->n_errors < LS_MAX_ERRORS; s++)
        if (isnan(m->segments[s].pgb_tariff_used))
            ls_error_add(errs, path, m->segments[s].line, m->pgb_column,
                         _("segment '%s' has pgb clients but no pgb_tariff, and no usable contract "
                           "whose floor pgb_factor could scale"),
                         m->segments[s].id);
    /* no amount may pass what cents hold: the cells are bounded one by one, and their
     * product, the demand at its dearest floors, here */
    double cost, cost_files;
    size_t big;
    char a[64], b[64], sets[512];
    if (ls_demand_cost(m, &cost, &big) != 0) {
        free(path);
        return LS_EINTERNAL;
    }
    /* an override that takes it there is bad usage: segments.csv holds nothing wrong */
    if (cost > LS_MONEY_MAX && errs->n_errors == before && opts && opts->n_overrides > 0 &&
        within_without_overrides(r, file, &cost_files)) {
        ls_error_add(errs, "overrides", 0, 0,
                     _("%s would make the demand cost € %s a year at its floor tariffs (€ %s as "
                       "the model's files have it), more than lumpsum counts to the cent "
                       "(€ 10^13 a year); the largest part is segment '%s'"),
                     floor_overrides(opts, sets, sizeof sets),
                     ls_format_sig(a, sizeof a, cost, 3, ls_text_style()),
                     ls_format_sig(b, sizeof b, cost_files, 3, ls_text_style()),
                     m->segments[big].id);
        free(path);
        return LS_EUSAGE;
    }
    if (cost > LS_MONEY_MAX && errs->n_errors == before)
        ls_error_add(errs, path, m->segments[big].line, m->clients_column,
                     _("the demand would cost € %s a year at its floor tariffs, more than "
                       "lumpsum counts to the cent (€ 10^13 a year); the largest part is segment "
                       "'%s': check its clients, its hours and the wages of its scale"),
                     ls_format_sig(a, sizeof a, cost, 3, ls_text_style()), m->segments[big].id);
    free(path);
    return errs->n_errors > before ? LS_EINPUT : LS_OK;
}
