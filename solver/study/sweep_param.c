/*
 * sweep_param.c — what a sweep's parameter is and what a value of it changes: a budget.csv key
 * through the planner, the clients of every segment, of one or of an area, or a CAO's factor,
 * each checked against what the reader holds a model to.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "i18n.h"
#include "model.h"
#include "sweep.h"
#include "util.h"

static int find(const char *const *names, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], id) == 0)
            return (int)i;
    return -1;
}

int ls_sweep_parse_param(struct sweep_state *st, const char *name, ls_errors *errs)
{
    static const char *const keys[] = {"wage_index",
                                       "budget",
                                       "reserve",
                                       "local_share_min",
                                       "quality_value",
                                       "local_share_min.wmo",
                                       "local_share_min.jeugd",
                                       "local_share_min.participatie"};
    const ls_model *m = st->base;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (strcmp(name, keys[i]) == 0) {
            st->kind = P_KEY;
            st->key = keys[i];
            /* a domain's target where no segment is of the domain: every row the same (where
             * the files or --set gave it a value, the reader said so already) */
            const char *prefix = "local_share_min.";
            size_t n = strlen(prefix);
            for (int d = 0; strncmp(name, prefix, n) == 0 && d < LS_N_DOMAINS; d++) {
                int has = 0;
                for (size_t s = 0; s < m->n_segments && !has; s++)
                    has = m->segments[s].domain == d;
                if (!has && strcmp(name + n, ls_domain_names[d]) == 0 &&
                    isnan(m->policy.local_share_domain[d]))
                    ls_warning_add(errs, NULL, 0, 0,
                                   _("%s changes nothing: no segment of the model is of the "
                                     "domain %s"),
                                   name, ls_domain_names[d]);
            }
            return LS_OK;
        }
    if (strcmp(name, "demand") == 0) {
        st->kind = P_DEMAND;
        return LS_OK;
    }
    if (strncmp(name, "cao:", 4) == 0) {
        st->kind = P_CAO;
        st->index = find(m->caos, m->n_caos, name + 4);
        if (st->index >= 0)
            return LS_OK;
        ls_error_add(errs, "param", 0, 0, _("no CAO '%s' in wages.csv"), name + 4);
        return LS_EUSAGE;
    }
    if (strncmp(name, "clients:", 8) == 0) {
        /* a segment's clients, or a factor on an area's (a name that is both is a segment) */
        const char *id = name + 8;
        st->kind = P_CLIENTS;
        for (size_t s = 0; s < m->n_segments; s++)
            if (strcmp(m->segments[s].id, id) == 0) {
                st->index = (int)s;
                return LS_OK;
            }
        st->kind = P_AREA;
        for (size_t s = 0; s < m->n_segments; s++)
            if (strcmp(m->segments[s].area, id) == 0) {
                st->area = m->segments[s].area;
                return LS_OK;
            }
        ls_error_add(errs, "param", 0, 0, _("no segment or area '%s' in segments.csv"), id);
        return LS_EUSAGE;
    }
    ls_error_add(errs, "param", 0, 0,
                 _("unknown parameter '%s' (wage_index, budget, reserve, demand, local_share_min, "
                   "local_share_min.<domain>, quality_value, cao:<id>, clients:<segment>, "
                   "clients:<area>)"),
                 name);
    return LS_EUSAGE;
}

/* Whether the scenario at value stays within what the reader holds a model to: at most
 * LS_CLIENTS_MAX clients a segment, the demand at its dearest floors at most LS_MONEY_MAX a
 * year. LS_OK, or LS_EUSAGE with the message said of flag. */
static int within_bounds(struct sweep_state *st, double value, const char *flag)
{
    const ls_model *m = st->m;
    char v[64], a[64];
    ls_format_plain(v, sizeof v, value, ls_text_style());
    for (size_t s = 0; s < m->n_segments; s++) {
        double most = fmax(m->segments[s].clients, m->segments[s].pgb_clients);
        if (most > LS_CLIENTS_MAX) {
            ls_error_add(st->errs, flag, 0, 0,
                         _("%s %s would give segment '%s' %s clients, more than lumpsum holds "
                           "(10^8 a segment)"),
                         st->param, v, m->segments[s].id,
                         ls_format_plain(a, sizeof a, most, ls_text_style()));
            return LS_EUSAGE;
        }
    }
    double cost;
    size_t big;
    if (ls_demand_cost(m, &cost, &big) == 0 && cost > LS_MONEY_MAX) {
        ls_error_add(st->errs, flag, 0, 0,
                     _("%s %s would make the demand cost € %s a year at its floor tariffs, more "
                       "than lumpsum counts to the cent (€ 10^13 a year)"),
                     st->param, v, ls_format_sig(a, sizeof a, cost, 3, ls_text_style()));
        return LS_EUSAGE;
    }
    return LS_OK;
}

static int apply(struct sweep_state *st, double value, const char *flag)
{
    char a[64];
    ls_model *m = st->m;
    char text[64], msg[256];
    switch (st->kind) {
    case P_KEY:
        snprintf(text, sizeof text, "%.17g", value);
        if (ls_planner_set(st->pl, st->key, text, msg, sizeof msg) != LS_OK) {
            ls_error_add(st->errs, flag, 0, 0, "%s", msg);
            return LS_EUSAGE;
        }
        ls_planner_policy_moved(st->pl); /* every key of the list: none moves a bound */
        return LS_OK;
    case P_DEMAND:
    case P_CLIENTS:
    case P_AREA:
        if (!(value >= 0)) {
            /* demand and an area's clients are factors on today's clients, not clients */
            ls_error_add(st->errs, flag, 0, 0,
                         st->kind == P_CLIENTS ? _("clients must be ≥ 0, not %s")
                                               : _("a factor on the clients must be ≥ 0, not %s"),
                         ls_format_plain(a, sizeof a, value, ls_text_style()));
            return LS_EUSAGE;
        }
        if (st->kind == P_CLIENTS)
            m->segments[st->index].clients = value;
        else /* a factor on every segment's clients, or on those of one area */
            for (size_t s = 0; s < m->n_segments; s++)
                if (st->kind == P_DEMAND || strcmp(m->segments[s].area, st->area) == 0)
                    m->segments[s].clients = st->base->segments[s].clients * value;
        if (st->kind == P_DEMAND) /* demand is every client's, a pgb client's too */
            for (size_t s = 0; s < m->n_segments; s++)
                m->segments[s].pgb_clients = st->base->segments[s].pgb_clients * value;
        /* clients alone moved: the floors stand, and the planner's syncs may skip the
         * contracts that cannot have changed */
        ls_scenario_compute_clients(st->sc);
        ls_planner_clients_moved(st->pl);
        return within_bounds(st, value, flag);
    case P_CAO:
        if (!(value > 0)) {
            ls_error_add(st->errs, flag, 0, 0, _("a CAO factor must be > 0, not %s"),
                         ls_format_plain(a, sizeof a, value, ls_text_style()));
            return LS_EUSAGE;
        }
        m->cao_factor[st->index] = value;
        ls_scenario_compute(st->sc);
        int rc = within_bounds(st, value, flag);
        if (rc == LS_OK)
            ls_planner_policy_moved(st->pl);
        return rc;
    }
    return LS_OK;
}

int ls_sweep_apply(struct sweep_state *st, double value)
{
    /* the option that gave the value, for the message: --from when it is the first; a later
     * one is out of range because the range reaches past it, which --to set */
    const char *flag = value == st->from ? "from" : "to";
    size_t n_errors = st->errs->n_errors;
    int rc = apply(st, value, flag);
    if (rc != LS_EUSAGE || value == st->from || value == st->to)
        return rc;
    /* a step between the ends: every range is an interval, so --to lies out of it too, and
     * the message quotes --to's own value rather than a step the user never wrote (the
     * sweep stops here, whatever the model now holds) */
    ls_errors_truncate(st->errs, n_errors);
    if (apply(st, st->to, "to") == LS_EUSAGE)
        return LS_EUSAGE;
    ls_errors_truncate(st->errs, n_errors);
    return apply(st, value, flag);
}
