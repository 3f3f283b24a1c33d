/*
 * cli_bindings.c — the part of plan's report that says what binds and what it costs: the
 * bindings in the order a controller reads them, the five highest of a kind, and how many
 * more --json lists. Formatting only; the bindings come from the library.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

/* The order a controller reads them in: the ceilings that leave clients without a place,
 * what limits placement and costs money, then the
 * caps that explain the providers table, then continuity (many lines, least surprising). */
static int rank(ls_binding_kind k)
{
    static const int order[] = {
        [LS_BIND_CAPACITY] = 0,    [LS_BIND_LOCAL] = 1,        [LS_BIND_PROVIDER_MAX] = 2,
        [LS_BIND_MAX_CLIENTS] = 3, [LS_BIND_CEILING] = 4,      [LS_BIND_BUDGET_CAP] = 5,
        [LS_BIND_DOMAIN_CAP] = 6,  [LS_BIND_LOCAL_SHARE] = 7,  [LS_BIND_MIN_BUDGET] = 8,
        [LS_BIND_CONTINUITY] = 9,  [LS_BIND_LOCAL_MISSED] = 1, [LS_BIND_UNMET_CEILING] = -1};
    return order[k];
}

/* the last kind of binding */
#define LAST_KIND LS_BIND_UNMET_CEILING

/* By kind, then by value as the report prints it (to the cent): values that print the same
 * keep the result's order (cmp_ranked), whatever their last bits. */
static int cmp_binding(const void *a, const void *b)
{
    const ls_binding *x = a, *y = b;
    if (x->kind != y->kind)
        return rank(x->kind) - rank(y->kind);
    double u = round(100 * x->value), v = round(100 * y->value);
    return (u < v) - (u > v);
}

/* Clients as a controller counts them: whole where they are, else to two decimals. */
const char *ls_cli_clients(double v, char *buf, size_t size)
{
    if (v >= 0.5 && fabs(v - round(v)) < 0.005)
        ls_cli_num(round(v), 0, buf, size);
    else if (v >= 0.01)
        ls_cli_num(v, 2, buf, size);
    else { /* a hair of a client is still not none: two digits of it, in plain decimals */
        char two[32];
        snprintf(two, sizeof two, "%.2g", v);
        ls_format_plain(buf, size, strtod(two, NULL), ls_text_style());
    }
    return buf;
}

unsigned long ls_cli_count(const char *shown)
{
    return strcmp(shown, "1") == 0 ? 1 : 2;
}

/* Is the local target that holds a group of domain back out of reach (the target over every
 * provider, or the domain's own)? The division then holds the share the placement reaches. */
static int target_missed(const ls_result *r, const char *domain)
{
    for (size_t i = 0; i < r->n_bindings; i++) {
        const ls_binding *b = &r->bindings[i];
        if (b->kind == LS_BIND_LOCAL_MISSED &&
            (!b->domain || (domain && strcmp(b->domain, domain) == 0)))
            return 1;
    }
    return 0;
}

static void print_binding(const ls_result *r, const ls_binding *b)
{
    char e[64], n[64];
    switch (b->kind) {
    case LS_BIND_CAPACITY:
        printf(_("  - capacity of %s (%s hours a year) binds: one more staff hour saves € %s a "
                 "year\n"),
               b->provider, ls_cli_num(b->amount, 0, n, sizeof n),
               ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_PROVIDER_MAX:
        printf(_("  - max_budget of %s binds in placement: one more euro there saves € %s\n"),
               b->provider, ls_cli_num(b->value, 2, n, sizeof n));
        break;
    case LS_BIND_LOCAL:
        if (b->domain)
            printf(_("  - the local share in %s (at least %s %% local) binds in placement: one "
                     "percentage point more costs € %s a year\n"),
                   b->domain, ls_cli_num(100 * b->amount, 2, n, sizeof n),
                   ls_cli_euro(b->value, e, sizeof e));
        else
            printf(_("  - the local share (at least %s %% local) binds in placement: one "
                     "percentage point more costs € %s a year\n"),
                   ls_cli_num(100 * b->amount, 2, n, sizeof n), ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_LOCAL_MISSED:
        if (b->domain)
            printf(_("  - the local share target in %s is out of reach: its placement reaches "
                     "%s %% at reference prices, € %s a year short of the target (no client is "
                     "left without a place for it)\n"),
                   b->domain, ls_cli_num(100 * b->amount, 2, n, sizeof n),
                   ls_cli_euro(b->value, e, sizeof e));
        else
            printf(_("  - the local share target is out of reach: the placement reaches %s %% at "
                     "reference prices, € %s a year short of the target (no client is left "
                     "without a place for it)\n"),
                   ls_cli_num(100 * b->amount, 2, n, sizeof n), ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_MAX_CLIENTS:
        printf(_("  - max_clients of %s for %s (%s) binds: one more client there saves € %s a "
                 "year\n"),
               b->provider, b->segment, ls_format_value(n, sizeof n, b->amount, ls_text_style()),
               ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_CONTINUITY:
        printf(_("  - continuity keeps %s clients of %s with %s: placing one elsewhere "
                 "saves € %s a year\n"),
               ls_cli_num(b->amount, 2, n, sizeof n), b->segment, b->provider,
               ls_cli_euro(b->value, e, sizeof e));
        break;
    case LS_BIND_CEILING:
        printf(_("  - %s (%s) is capped by its tariff ceilings at € %s\n"), b->provider, b->domain,
               ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_BUDGET_CAP:
        printf(_("  - %s (%s) is capped by its max_budget at € %s\n"), b->provider, b->domain,
               ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_DOMAIN_CAP:
        printf(_("  - %s (%s) is capped by the domain ceiling budget.%s at € %s\n"), b->provider,
               b->domain, b->domain, ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_LOCAL_SHARE:
        if (target_missed(r, b->domain))
            printf(_("  - %s (%s, not local) is held at € %s so that the local share of the "
                     "budget stays at %s %%, what the placement's floor costs give (the target "
                     "is out of reach)\n"),
                   b->provider, b->domain, ls_cli_euro(b->amount, e, sizeof e),
                   ls_cli_num(100 * b->value, 2, n, sizeof n));
        else
            printf(_("  - %s (%s, not local) is held at € %s so that the local share holds\n"),
                   b->provider, b->domain, ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_MIN_BUDGET:
        printf(_("  - %s is lifted to its min_budget: € %s above what the common percentage "
                 "gives it\n"),
               b->provider, ls_cli_euro(b->amount, e, sizeof e));
        break;
    case LS_BIND_UNMET_CEILING:
        ls_cli_clients(b->amount, n, sizeof n);
        printf(P_("  - the max_tariff of %s (%s) is below every contract's floor: %s client "
                  "without a place, € %s a year of care at the lowest floor\n",
                  "  - the max_tariff of %s (%s) is below every contract's floor: %s clients "
                  "without a place, € %s a year of care at the lowest floor\n",
                  ls_cli_count(n)),
               b->segment, b->domain, n, ls_cli_euro(b->value, e, sizeof e));
        break;
    }
}

/* A binding with its place in the result: ties in value keep the result's order. */
typedef struct {
    ls_binding b;
    size_t at;
} ranked_binding;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked_binding *x = a, *y = b;
    int c = cmp_binding(&x->b, &y->b);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

static int shares_rank(ls_binding_kind k)
{
    for (int o = 0; o <= LAST_KIND; o++)
        if (o != (int)k && rank((ls_binding_kind)o) == rank(k))
            return 1;
    return 0;
}

/* A continuity binding that keeps less than the report's 0.01 of a client: listed it would
 * read "keeps 0.00 clients" (a capacity of an hour leaves such hairs); --json has it. */
static int too_small_to_show(const ls_binding *b)
{
    return b->kind == LS_BIND_CONTINUITY && !(b->amount >= 0.005);
}

/* The bindings the report can show, in its order: of a kind with a rank of its own the 5
 * with the highest value (the report shows no more of a kind in a row), of kinds that share
 * a rank every one (few: the local rows). A whole sort took 7 % of a country's plan, which
 * has hundreds of thousands of bindings. NULL without memory. */
#define SHOWN_PER_KIND 5
static ranked_binding *bindings_shown(const ls_result *r, size_t *n)
{
    ranked_binding *c = malloc((r->n_bindings + 1) * sizeof(*c));
    size_t top[LAST_KIND + 1][SHOWN_PER_KIND], n_top[LAST_KIND + 1] = {0};
    *n = 0;
    for (size_t i = 0; c && i < r->n_bindings; i++) {
        ls_binding_kind k = r->bindings[i].kind;
        if (too_small_to_show(&r->bindings[i]))
            continue;
        if (shares_rank(k)) {
            c[(*n)++] = (ranked_binding){r->bindings[i], i};
            continue;
        }
        /* top[k]: ascending in the report's order, at most SHOWN_PER_KIND */
        size_t j = n_top[k] < SHOWN_PER_KIND ? n_top[k]++ : SHOWN_PER_KIND;
        for (; j > 0 && cmp_binding(&r->bindings[top[k][j - 1]], &r->bindings[i]) > 0; j--)
            if (j < SHOWN_PER_KIND)
                top[k][j] = top[k][j - 1];
        if (j < SHOWN_PER_KIND)
            top[k][j] = i;
    }
    for (int k = 0; c && k <= LAST_KIND; k++)
        for (size_t j = 0; j < n_top[k]; j++)
            c[(*n)++] = (ranked_binding){r->bindings[top[k][j]], top[k][j]};
    if (c)
        qsort(c, *n, sizeof(*c), cmp_ranked);
    return c;
}

void ls_cli_print_bindings(const ls_result *r)
{
    printf("\n%s\n", _("What binds and what it costs:"));
    char u[64];
    size_t tiny = 0;
    for (size_t i = 0; i < r->n_bindings; i++)
        tiny += (size_t)too_small_to_show(&r->bindings[i]);
    size_t listed = r->n_bindings - tiny; /* what the report may list */
    if (!listed && r->summary.unmet_clients > 0)
        printf(P_("  no limit on the providers binds, but %s client has no place (listed at "
                  "the top, with the reason)\n",
                  "  no limit on the providers binds, but %s clients have no place (listed at "
                  "the top, with the reason)\n",
                  ls_cli_count(ls_cli_clients(r->summary.unmet_clients, u, sizeof u))),
               u);
    else if (!listed)
        printf("%s\n", _("  nothing: no capacity, ceiling, cap or share limits the plan."));
    /* the placement's figures are the cost LP's, with the priorities above it held */
    int priced = 0;
    for (size_t i = 0; i < r->n_bindings; i++) {
        ls_binding_kind k = r->bindings[i].kind;
        priced |= !too_small_to_show(&r->bindings[i]) &&
                  (k == LS_BIND_CAPACITY || k == LS_BIND_PROVIDER_MAX || k == LS_BIND_LOCAL ||
                   k == LS_BIND_MAX_CLIENTS || k == LS_BIND_CONTINUITY);
    }
    if (priced && r->summary.unmet_clients > 0)
        printf(P_("  (the savings and costs below leave the %s client without a place as "
                  "they are)\n",
                  "  (the savings and costs below leave the %s clients without a place as "
                  "they are)\n",
                  ls_cli_count(ls_cli_clients(r->summary.unmet_clients, u, sizeof u))),
               u);
    int short_local = r->local_shortfall > 0;
    for (int k = 0; k < LS_DOMAIN_COUNT; k++)
        short_local |= r->local_shortfall_domain[k] > 0;
    if (priced && short_local)
        printf("%s\n", _("  (the savings and costs below leave the local share as it is: a "
                         "target out of reach stays missed by as much)"));
    size_t n;
    ranked_binding *sorted = bindings_shown(r, &n);
    if (!sorted)
        return;
    size_t shown = 0, same = 0;
    for (size_t i = 0; i < n; i++) {
        /* a kind's run is contiguous in the report's order */
        same = i > 0 && sorted[i - 1].b.kind == sorted[i].b.kind ? same + 1 : 0;
        if (same < SHOWN_PER_KIND) {
            print_binding(r, &sorted[i].b);
            shown++;
        }
    }
    if (shown < listed) {
        char more[64]; /* 52,216: grouped as the report's other figures */
        printf(P_("  … and %s more (lumpsum plan --json lists them all)\n",
                  "  … and %s more (lumpsum plan --json lists them all)\n", listed - shown),
               ls_cli_num((double)(listed - shown), 0, more, sizeof more));
    }
    if (tiny)
        printf(P_("  (%zu continuity binding keeps less than 0.01 of a client: not listed; "
                  "lumpsum plan --json has it)\n",
                  "  (%zu continuity bindings keep less than 0.01 of a client each: not listed; "
                  "lumpsum plan --json has them)\n",
                  tiny),
               tiny);
    free(sorted);
}
