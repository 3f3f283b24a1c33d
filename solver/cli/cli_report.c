/*
 * cli_report.c — the report `lumpsum plan` prints: the verdict first (never without the
 * clients who have no place), the figures, what binds, the providers; with --years the path
 * year by year before it. Formatting only; the figures come from the library.
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

/* Why a segment's clients go unmet, in words: the cause's parts (capacity+max_budget) each
 * translated; a key's name (max_budget, max_clients) stays as the file spells it. */
static const char *cause_text(const char *cause, char *buf, size_t size)
{
    static const char *const causes[][2] = {
        {"capacity", N_("capacity")}, {"continuity", N_("continuity")},
        {"ceiling", N_("ceiling")},   {"no_contract", N_("no contract")},
        {"limits", N_("limits")},     {"max_clients", "max_clients"},
        {"max_budget", "max_budget"}};
    size_t o = 0;
    buf[0] = '\0';
    for (const char *p = cause ? cause : ""; *p;) {
        size_t len = strcspn(p, "+");
        const char *word = NULL;
        for (size_t i = 0; i < sizeof causes / sizeof *causes && !word; i++)
            if (strlen(causes[i][0]) == len && strncmp(p, causes[i][0], len) == 0)
                word = causes[i][1][0] == 'm' ? causes[i][1] : _(causes[i][1]);
        int w = word ? snprintf(buf + o, size - o, "%s%s", o ? "+" : "", word)
                     : snprintf(buf + o, size - o, "%s%.*s", o ? "+" : "", (int)len, p);
        if (w < 0 || (size_t)w >= size - o)
            break;
        o += (size_t)w;
        p += len + (p[len] == '+');
    }
    return buf;
}

/* ", BUT 12 CLIENTS HAVE NO PLACE" after a verdict, n as clients_text wrote it. */
static void print_unmet_verdict(const char *n, const char *year)
{
    unsigned long one = strcmp(n, "1") == 0 ? 1 : 2;
    if (year)
        printf(P_(", BUT UP TO %s CLIENT HAS NO PLACE (year %s)",
                  ", BUT UP TO %s CLIENTS HAVE NO PLACE (year %s)", one),
               n, year);
    else
        printf(P_(", BUT %s CLIENT HAS NO PLACE", ", BUT %s CLIENTS HAVE NO PLACE", one), n);
}

/* The verdict, the report's first line: funded or not (and which ceiling cuts), and never
 * without the clients who have no place. */
static void print_verdict(const ls_result *r)
{
    char n[64];
    if (r->summary.status == LS_FUNDED)
        fputs(_("FUNDED"), stdout);
    else {
        /* "the jeugd ceiling and the total budget" */
        char why[256] = "";
        char tmp[256];
        for (int d = 0, first = 1; d < LS_DOMAIN_COUNT; d++)
            if (r->underfunded_domain[d]) {
                snprintf(tmp, sizeof tmp, _("the %s ceiling"), ls_domain_name(d));
                if (first)
                    snprintf(why, sizeof why, "%s", tmp);
                else {
                    char joined[256];
                    snprintf(joined, sizeof joined, _("%s and %s"), why, tmp);
                    snprintf(why, sizeof why, "%s", joined);
                }
                first = 0;
            }
        if (r->underfunded_total || !*why) {
            if (*why) {
                char joined[256];
                snprintf(joined, sizeof joined, _("%s and %s"), why, _("the total budget"));
                snprintf(why, sizeof why, "%s", joined);
            } else
                snprintf(why, sizeof why, "%s", _("the total budget"));
        }
        printf(_("UNDERFUNDED (%s)"), why);
    }
    if (r->summary.unmet_clients > 0)
        print_unmet_verdict(ls_cli_clients(r->summary.unmet_clients, n, sizeof n), NULL);
    printf("\n");
    for (size_t i = 0; r->summary.unmet_clients > 0 && i < r->n_segment_rows; i++) {
        const ls_segment_row *sg = &r->segment_rows[i];
        char a[64], b[64], c[256], why[512];
        if (!(sg->unmet > 0))
            continue;
        cause_text(sg->cause, c, sizeof c);
        /* the limits on the usable contracts, and how many went over the ceiling (a wage
         * what-if) where some but not all did */
        if (sg->above_ceiling > 0 && sg->above_ceiling < sg->contracts)
            snprintf(why, sizeof why,
                     P_("%s; %zu of its %zu contract above max_tariff",
                        "%s; %zu of its %zu contracts above max_tariff", sg->contracts),
                     c, sg->above_ceiling, sg->contracts);
        else
            snprintf(why, sizeof why, "%s", c);
        printf(P_("  %s (%s, area %s): %s of %s client without a place (%s)\n",
                  "  %s (%s, area %s): %s of %s clients without a place (%s)\n",
                  ls_cli_count(ls_cli_clients(sg->demand, b, sizeof b))),
               sg->segment, sg->domain, sg->area, ls_cli_clients(sg->unmet, a, sizeof a), b, why);
    }
}

/* A budget row by its provider's id, then its place: a provider's rows side by side. */
typedef struct row_ref {
    const char *provider;
    size_t i;
} row_ref;

static int by_provider(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    int c = strcmp(x->provider, y->provider);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The cut of the provider whose rows are refs[0..n−1] into range[0] (the least) and range[1]
 * (the deepest), over its groups with placed clients and not cut by their domain's ceiling;
 * 0 when it has none. */
static int provider_cut(const ls_result *r, const row_ref *refs, size_t n, double range[2])
{
    int any = 0;
    for (size_t k = 0; k < n; k++) {
        const ls_budget_row *g = &r->budgets[refs[k].i];
        if (!(g->floor_cost > 0) || g->cut_by_domain)
            continue;
        double c = g->budget / g->floor_cost - 1;
        range[0] = any ? fmax(range[0], c) : c;
        range[1] = any ? fmin(range[1], c) : c;
        any = 1;
    }
    return any;
}

/* "12.58 % to 19.19 %", or "12.58 %" where both print the same: cuts as positive percentages */
static const char *cut_range(double least, double deepest, char *buf, size_t size)
{
    char a[64], b[64];
    /* a provider that a min_budget lifts above its floor cost has a cut below 0: said as
     * what it gets above its floor cost, not as a cut of −500 % */
    ls_cli_num(fabs(100 * least), 2, a, sizeof a);
    ls_cli_num(fabs(100 * deepest), 2, b, sizeof b);
    int above = -100 * least < -0.005, cut = -100 * deepest >= -0.005;
    if (strcmp(a, b) == 0 && above == (-100 * deepest < -0.005))
        snprintf(buf, size, above ? _("%s %% above the floor cost") : _("cut by %s %%"), a);
    else if (above && cut)
        snprintf(buf, size, _("from %s %% above the floor cost to a cut of %s %%"), a, b);
    else if (above)
        snprintf(buf, size, _("%s %% to %s %% above the floor cost"), b, a);
    else
        snprintf(buf, size, _("cut by %s %% to %s %%"), a, b);
    return buf;
}

/* The total budget's cut, as it fell: the common cut on the providers that take it, and apart
 * from them those that their min_budget holds above it and those held by a limit of their
 * own (a provider counted once, by its groups the total cuts; a domain's cut is told before). */
static void print_total_cut(const ls_result *r, int by_domain)
{
    size_t n_all = 0, n_common = 0, n_held = 0, n_own = 0, n_min = 0;
    double held[2] = {0, 0}, own[2] = {0, 0};
    char p[64], q[128];
    /* the rows by provider and the providers held at their min_budget, sorted (the country
     * has 8,000 providers and half a million bindings) */
    row_ref *refs = malloc((r->n_budgets + 1) * sizeof(*refs));
    const char **min = malloc((r->n_bindings + 1) * sizeof(*min));
    if (!refs || !min) {
        free(refs);
        free(min);
        return;
    }
    for (size_t i = 0; i < r->n_budgets; i++)
        refs[i] = (row_ref){r->budgets[i].provider, i};
    qsort(refs, r->n_budgets, sizeof(*refs), by_provider);
    for (size_t i = 0; i < r->n_bindings; i++)
        if (r->bindings[i].kind == LS_BIND_MIN_BUDGET)
            min[n_min++] = r->bindings[i].provider;
    qsort(min, n_min, sizeof(*min), by_id);
    for (size_t a = 0, b; a < r->n_budgets; a = b) {
        for (b = a + 1; b < r->n_budgets && strcmp(refs[b].provider, refs[a].provider) == 0; b++)
            ;
        double range[2];
        if (!provider_cut(r, refs + a, b - a, range))
            continue; /* nothing placed outside a domain cut */
        n_all++;
        /* at the common cut to a millionth of its floors */
        int common =
            fabs(range[0] - r->summary.cut) <= 1e-6 && fabs(range[1] - r->summary.cut) <= 1e-6;
        int at_min = bsearch(&refs[a].provider, min, n_min, sizeof(*min), by_id) != NULL;
        size_t *n = common ? &n_common : at_min ? &n_held : &n_own;
        double *to = n == &n_held ? held : own;
        if (n != &n_common) {
            to[0] = *n ? fmax(to[0], range[0]) : range[0];
            to[1] = *n ? fmin(to[1], range[1]) : range[1];
        }
        (*n)++;
    }
    free(refs);
    free(min);
    if (n_all == 0)
        return; /* every provider's cut is its domain's, said before */
    ls_cli_pct(-100 * r->summary.cut, p, sizeof p);
    if (n_common == n_all && by_domain)
        printf(_("  every other provider's floor cost is cut by %s %% (the total budget)\n"), p);
    else if (n_common == n_all)
        printf(_("  every provider's floor cost is cut by %s %% (the total budget)\n"), p);
    else if (by_domain)
        printf(_("  the floor cost of %zu of the %zu other providers is cut by %s %% (the total "
                 "budget);\n"),
               n_common, n_all, p);
    else
        printf(_("  the floor cost of %zu of the %zu providers is cut by %s %% (the total "
                 "budget);\n"),
               n_common, n_all, p);
    if (n_common == n_all)
        return;
    if (n_held)
        printf(P_("  %zu provider is held at its min_budget: %s\n",
                  "  %zu providers are held at their min_budget: %s\n", n_held),
               n_held, cut_range(held[0], held[1], q, sizeof q));
    if (n_own)
        printf(P_("  %zu provider is held by a limit of its own (see what binds): %s\n",
                  "  %zu providers are held by limits of their own (see what binds): %s\n", n_own),
               n_own, cut_range(own[0], own[1], q, sizeof q));
}

/* Personal budgets are paid first: where they alone take the budget after the reserve,
 * nothing is left to divide, and the report says so before the cut. */
static void print_pgb_overrun(const ls_result *r)
{
    char a[64], b[64];
    double after_reserve = r->summary.available + r->summary.pgb_cost;
    if (!(r->summary.pgb_cost > 0) || r->summary.available > 0.005)
        return;
    ls_cli_euro(r->summary.pgb_cost, a, sizeof a);
    ls_cli_euro(after_reserve, b, sizeof b);
    if (r->summary.available < -0.005)
        printf(_("  the personal budgets alone (€ %s) take more than the budget after the "
                 "reserve\n  (€ %s): nothing is left for care in kind\n"),
               a, b);
    else
        printf(_("  the personal budgets alone (€ %s) take all of the budget after the "
                 "reserve\n  (€ %s): nothing is left for care in kind\n"),
               a, b);
}

/* The opening: what the budget covers, or which ceilings cut whom. */
static void print_intro(const char *dir, const ls_result *r)
{
    char p[64];
    print_verdict(r);
    if (r->year)
        printf(_("\nlumpsum plan %s, year %s\n\n"), dir, r->year);
    else
        printf("\nlumpsum plan %s\n\n", dir);
    if (r->summary.status == LS_FUNDED) {
        ls_cli_num(100 * r->summary.margin, 2, p, sizeof p);
        if (r->quality_weighted)
            printf(_("The budget covers CAO-conform tariffs for every placed client; every "
                     "provider\ngets its floor cost plus a quality-weighted %s %% (at average "
                     "quality), up to its cap.\n\n"),
                   p);
        else
            printf(_("The budget covers CAO-conform tariffs for every placed client; every "
                     "provider\ngets its floor cost plus %s %%, up to its cap.\n\n"),
                   p);
        return;
    }
    printf("%s\n", _("The budget does not cover the CAO-conform floors:"));
    int by_domain = 0;
    for (int d = 0; d < LS_DOMAIN_COUNT; d++)
        if (r->underfunded_domain[d] && !isnan(r->cut_domain[d])) {
            printf(_("  %s providers are cut by %s %% (the ceiling budget.%s)\n"),
                   ls_domain_name(d), ls_cli_num(-100 * r->cut_domain[d], 2, p, sizeof p),
                   ls_domain_name(d));
            by_domain = 1;
        }
    print_pgb_overrun(r);
    if (r->underfunded_total)
        print_total_cut(r, by_domain);
    else if (r->summary.margin > 0)
        printf(_("  the other providers get their floor cost plus %s %%\n"),
               ls_cli_num(100 * r->summary.margin, 2, p, sizeof p));
    printf("\n");
}

/* The figures' labels, a column as wide as the widest (14 at least) */
static size_t label_width;

/* "  LABEL" padded to the labels' column */
static void label(const char *text)
{
    char b[128];
    printf("  %s", ls_text_pad(b, sizeof b, text, label_width, 0, 0));
}

/* A line of money: "  budget        €     2,849,000.00 a year" */
static void money_line(const char *text, double v, const char *tail)
{
    char a[64];
    label(text);
    printf("€ %16s%s%s\n", ls_cli_euro(v, a, sizeof a), *tail ? " " : "", tail);
}

/* A line of a percentage: "  margin                     6.01 %" */
static void percent_line(const char *text, double fraction, const char *tail)
{
    char a[64];
    label(text);
    printf("  %15s %%%s%s\n", ls_cli_pct(100 * fraction, a, sizeof a), *tail ? " " : "", tail);
}

/* The money, the margin or cut, the break-evens and the local share, then unmet demand. */
static void print_figures(const ls_result *r)
{
    const char *labels[] = {_("budget"),     _("personal bud."), _("available"),  _("required"),
                            _("allocated"),  _("unallocated"),   _("margin"),     _("cut"),
                            _("break-even"), _("ceiling"),       _("local share")};
    label_width = 14;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (ls_text_width(labels[i]) + 1 > label_width)
            label_width = ls_text_width(labels[i]) + 1;
    char a[64], b[160];
    money_line(_("budget"), r->summary.budget, _("a year"));
    if (r->summary.pgb_cost > 0) {
        snprintf(b, sizeof b, _("for %s clients with a pgb, paid first"),
                 ls_cli_num(r->summary.pgb_clients, 1, a, sizeof a));
        money_line(_("personal bud."), r->summary.pgb_cost, b);
    }
    money_line(_("available"), r->summary.available,
               r->summary.pgb_cost > 0 ? _("after the reserve and the personal budgets")
                                       : _("after the reserve"));
    snprintf(b, sizeof b, _("floor cost of %s placed clients"),
             ls_cli_num(r->summary.served_clients, 1, a, sizeof a));
    money_line(_("required"), r->summary.required, b);
    money_line(_("allocated"), r->summary.allocated, "");
    double unallocated =
        ls_shown_cents(r->summary.available) - ls_shown_cents(r->summary.allocated);
    money_line(_("unallocated"), unallocated,
               unallocated < 0 ? _("short: the personal budgets take more than there is") : "");
    if (r->summary.status == LS_FUNDED || r->summary.margin > 0)
        percent_line(_("margin"), r->summary.margin, "");
    if (r->summary.cut < 0)
        percent_line(_("cut"), r->summary.cut, "");
    double be = r->summary.break_even_wage_index;
    double now = ls_cli_setting(r->settings, r->n_settings, "wage_index", 0);
    /* today's wage index itself: a max_budget that today's placement fills to the euro */
    int at_now = r->break_even_provider && fabs(be - now) <= 1e-6 * (1 + fabs(now));
    if (be <= -1 + 1e-12) { /* not even wages of nothing make today's placement fit */
        label(_("break-even"));
        printf("  %15s   %s\n", "-", _("no wage index lets the budget pay today's placement"));
    } else if (at_now) {
        snprintf(b, sizeof b, _("wage index, today's: the placement fills the max_budget of %s"),
                 r->break_even_provider);
        percent_line(_("break-even"), be, b);
    } else if (!isnan(be))
        percent_line(_("break-even"), be,
                     _("wage index (from there on today's placement is underfunded)"));
    if (!isnan(r->ceiling_wage_index))
        percent_line(_("ceiling"), r->ceiling_wage_index,
                     _("wage index (from there on a placed floor passes its max_tariff)"));
    /* the local share's lines: the first carries the label, whichever it is (with nobody
     * placed there is no share of the placement, but the allocated budget may have one) */
    const char *share = _("local share");
    if (!isnan(r->local_share) && r->local_share_target > 0) {
        snprintf(b, sizeof b, _("of the placement at reference prices (target %s %%)"),
                 ls_cli_num(100 * r->local_share_target, 2, a, sizeof a));
        percent_line(share, r->local_share, b);
        share = "";
    } else if (!isnan(r->local_share)) {
        percent_line(share, r->local_share, _("of the placement at reference prices (no target)"));
        share = "";
    }
    if (!isnan(r->local_share_budget)) {
        percent_line(share, r->local_share_budget, _("of the allocated budget"));
        share = "";
    }
    for (int d = 0; d < LS_DOMAIN_COUNT; d++) {
        if (isnan(r->local_target_domain[d]))
            continue;
        snprintf(b, sizeof b, _("of %s's placement (target %s %%)"), ls_domain_name(d),
                 ls_cli_num(100 * r->local_target_domain[d], 2, a, sizeof a));
        if (isnan(r->local_share_domain[d])) { /* nobody placed in the domain */
            label(share);
            printf("  %15s   %s\n", "-", b);
        } else
            percent_line(share, r->local_share_domain[d], b);
        share = "";
    }

    if (at_now) {
        char from[64], to[64], model[1100];
        ls_format_value(from, sizeof from, now, LS_STYLE_EN);
        ls_format_value(to, sizeof to, now + 0.1, LS_STYLE_EN);
        /* the model's path as a shell takes it: quoted where it holds more than plain names */
        const char *path = r->model ? r->model : "MODEL";
        if (strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+,") ==
                strlen(path) ||
            strchr(path, '\'') || strlen(path) > 1000)
            snprintf(model, sizeof model, "%s", path);
        else
            snprintf(model, sizeof model, "'%s'", path);
        printf(_("\nThe break-even of today's placement is today's wage index: the placement "
                 "fills the\nmax_budget of %s, so any wage rise puts its floor cost above it. "
                 "Moving clients\nelsewhere lifts that limit; where the verdict itself turns, "
                 "a sweep finds:\n  lumpsum sweep %s --param wage_index --from %s --to %s "
                 "--steps 11\n"),
               r->break_even_provider, model, from, to);
    }
    if (r->summary.unmet_clients > 0)
        printf(P_("\nUnmet demand: %s client gets no place (listed at the top).\n",
                  "\nUnmet demand: %s clients get no place (listed at the top).\n",
                  ls_cli_count(ls_cli_clients(r->summary.unmet_clients, b, sizeof b))),
               b);
    else
        printf("\n%s\n", _("Unmet demand: none; every client has a place."));
}

/* What binds: at most five of a kind, the costliest first. */
/* The providers table, its money rounded so that the rows add up to the printed total;
 * its columns by display width, the ids whole, a long name cut with '…'. */
#define NAME_WIDTH 28
static void print_providers(const ls_result *r)
{
    char a[64], b[64], c[4][256];
    double *rb = malloc((r->n_budgets + 1) * sizeof(double));
    double *rf = malloc((r->n_budgets + 1) * sizeof(double));
    if (!rb || !rf) {
        free(rb);
        free(rf);
        return;
    }
    for (size_t i = 0; i < r->n_budgets; i++)
        rb[i] = r->budgets[i].budget, rf[i] = r->budgets[i].floor_cost;
    ls_round_cents(rb, r->n_budgets, rb);
    ls_round_cents(rf, r->n_budgets, rf);
    const char *h_provider = _("provider"), *h_name = _("name"), *h_domain = _("domain"),
               *h_local = _("local"), *yes = _("yes"), *no = _("no"), *total = _("total");
    size_t wp = 14, wd = 6, wl = 5;
    wp = ls_text_width(h_provider) > wp ? ls_text_width(h_provider) : wp;
    wp = ls_text_width(total) > wp ? ls_text_width(total) : wp;
    wd = ls_text_width(h_domain) > wd ? ls_text_width(h_domain) : wd;
    wl = ls_text_width(h_local) > wl ? ls_text_width(h_local) : wl;
    for (size_t i = 0; i < r->n_budgets; i++) {
        if (ls_text_width(r->budgets[i].provider) > wp)
            wp = ls_text_width(r->budgets[i].provider);
        if (ls_text_width(r->budgets[i].domain) > wd)
            wd = ls_text_width(r->budgets[i].domain);
    }
    printf("\n%s\n", _("Providers (euros a year):"));
    printf("  %s %s %s %s %16s %16s %8s\n", ls_text_pad(c[0], sizeof c[0], h_provider, wp, 0, 0),
           ls_text_pad(c[1], sizeof c[1], h_name, NAME_WIDTH, 0, 1),
           ls_text_pad(c[2], sizeof c[2], h_domain, wd, 0, 0),
           ls_text_pad(c[3], sizeof c[3], h_local, wl, 1, 0), _("floor cost"), _("budget"),
           _("margin"));
    double tf = 0, tb = 0;
    for (size_t i = 0; i < r->n_budgets; i++) {
        const ls_budget_row *g = &r->budgets[i];
        char m[32] = "";
        if (!isnan(g->margin))
            ls_cli_percent_cell(g->margin, m, sizeof m);
        const char *note = g->cut_by_domain ? _("cut by its domain")
                           : g->capped        ? _("capped")
                                              : NULL;
        char line[1024];
        snprintf(line, sizeof line, "  %s %s %s %s %16s %16s %8s%s%s",
               ls_text_pad(c[0], sizeof c[0], g->provider, wp, 0, 0),
               ls_text_pad(c[1], sizeof c[1], g->name, NAME_WIDTH, 0, 1),
               ls_text_pad(c[2], sizeof c[2], g->domain, wd, 0, 0),
               ls_text_pad(c[3], sizeof c[3], g->local ? yes : no, wl, 1, 0),
               ls_cli_euro(rf[i], a, sizeof a), ls_cli_euro(rb[i], b, sizeof b), m,
               note ? " " : "", note ? note : "");
        /* no spaces at a line's end (a provider without clients has no margin) */
        size_t len = strlen(line);
        while (len > 0 && line[len - 1] == ' ')
            line[--len] = '\0';
        puts(line);
        tf += rf[i];
        tb += rb[i];
    }
    printf("  %s %*s %*s %*s %16s %16s\n", ls_text_pad(c[0], sizeof c[0], total, wp, 0, 0),
           NAME_WIDTH, "", (int)wd, "", (int)wl, "", ls_cli_euro(tf, a, sizeof a),
           ls_cli_euro(tb, b, sizeof b));
    free(rb);
    free(rf);
}

void ls_cli_report_plan(const char *dir, const ls_result *r)
{
    print_intro(dir, r);
    print_figures(r);
    ls_cli_print_bindings(r);
    print_providers(r);
}

/* plan --years: the table a row a year, and the first year whose floors the budget misses. */
void ls_cli_report_years(ls_result *const *res, size_t n)
{
    /* the verdict of the path comes first: the first year underfunded, if any, and the most
     * clients without a place in any year */
    const char *under = NULL, *last = NULL, *unmet_year = NULL;
    double unmet = 0;
    char cn[64];
    size_t n_under = 0, first_k = n; /* underfunded to the end: n_under == n − first_k */
    for (size_t k = 0; k < n; k++) {
        if (res[k]->summary.status == LS_UNDERFUNDED) {
            if (!under)
                under = res[k]->year ? res[k]->year : "", first_k = k;
            last = res[k]->year ? res[k]->year : "";
            n_under++;
        }
        if (res[k]->summary.unmet_clients > unmet)
            unmet = res[k]->summary.unmet_clients, unmet_year = res[k]->year ? res[k]->year : "";
    }
    int to_the_end = under && n_under == n - first_k;
    if (to_the_end && first_k == 0) /* not "from the first year on": it was never covered */
        fputs(_("UNDERFUNDED IN EVERY YEAR"), stdout);
    else if (to_the_end)
        printf(_("UNDERFUNDED FROM %s ON"), under);
    else if (n_under == 1) /* a later year is funded again: not "from … on" */
        printf(_("UNDERFUNDED IN %s"), under);
    else if (under)
        printf(_("UNDERFUNDED IN %zu OF %zu YEARS, FIRST IN %s"), n_under, n, under);
    else
        fputs(_("FUNDED IN EVERY YEAR"), stdout);
    if (unmet > 0)
        print_unmet_verdict(ls_cli_clients(unmet, cn, sizeof cn), unmet_year);
    printf("\n");
    char a[64], b[64], c[64], d[64], e[64];
    printf("\n%s\n", _("The path, year by year (euros a year):"));
    int w = 8; /* a year label may be text (FY2025-Q1+1): the column is as wide as the longest */
    for (size_t k = 0; k < n; k++)
        if (res[k]->year && (int)ls_text_width(res[k]->year) > w)
            w = (int)ls_text_width(res[k]->year);
    int wb = ls_cli_width(_("budget"), 18), wa = ls_cli_width(_("available"), 18),
        wr = ls_cli_width(_("required"), 18), wc = ls_cli_width(_("cut/margin"), 11),
        wu = ls_cli_width(_("unmet"), 10);
    printf("  %s %*s %*s %*s %*s %*s\n", ls_text_pad(e, sizeof e, _("year"), (size_t)w, 0, 0), wb,
           _("budget"), wa, _("available"), wr, _("required"), wc, _("cut/margin"), wu, _("unmet"));
    for (size_t k = 0; k < n; k++) {
        const ls_result *r = res[k];
        char un[64], y[256];
        printf(
            "  %s %*s %*s %*s %*s %*s\n",
            ls_text_pad(y, sizeof y, r->year ? r->year : "", (size_t)w, 0, 0), wb,
            ls_cli_euro(r->summary.budget, a, sizeof a), wa,
            ls_cli_euro(r->summary.available, b, sizeof b), wr,
            ls_cli_euro(r->summary.required, c, sizeof c), wc,
            ls_cli_percent_cell(r->summary.status == LS_FUNDED ? r->summary.margin : r->summary.cut,
                                d, sizeof d),
            wu, ls_cli_num(r->summary.unmet_clients, 2, un, sizeof un));
    }
    if (to_the_end && first_k == 0)
        printf("\n%s\n", _("In no year does the budget cover the CAO-conform floors."));
    else if (to_the_end)
        printf(_("\nFrom %s on, the budget no longer covers the CAO-conform floors.\n"), under);
    else if (n_under == 1)
        printf(_("\nIn %s the budget does not cover the CAO-conform floors; in the other years "
                 "it does.\n"),
               under);
    else if (under)
        printf(_("\nIn %zu of the %zu years, the first %s and the last %s, the budget does not "
                 "cover the CAO-conform floors; in the others it does.\n"),
               n_under, n, under, last);
    else
        printf("\n%s\n", _("The budget covers the CAO-conform floors in every year."));
    printf("\n%s\n\n", _("The last year in full:"));
}
