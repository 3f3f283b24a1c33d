/*
 * read.c — the model directory (docs/model-format.md) into an ls_model.
 *
 * Each file has a column table (name, required) and a row handler. The header maps column
 * names to field positions; a handler reads its cells through tbl_number/tbl_id (table.c),
 * which know the defaults and append `FILE:LINE:COLUMN: message` errors. A row with a bad
 * cell is still stored (with the default) when its identifier is good, so that one mistake
 * does not cascade into "unknown provider" errors in the files that refer to it; a row
 * refused whole leaves its id with the reading (tbl_reject), and a table read in part the
 * whole table (tbl_incomplete), so that the references to them are not checked
 * (tbl_unchecked).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contracts.h"
#include "csvfile.h"
#include "i18n.h"
#include "indicators.h"
#include "load.h"
#include "model.h"
#include "rules.h"
#include "table.h"
#include "util.h"
#include "xlsxread.h"

/* ---- the six files ---------------------------------------------------------------------- */

enum { B_KEY, B_VALUE };
#define N_COLS(cols) (sizeof(cols) / sizeof *(cols))

static const col_spec budget_cols[] = {{"key", 1}, {"value", 1}};

/* The placement no longer trades clients for money: the old key is read and ignored. */
#define RETIRED_PENALTY                                                                            \
    _("unmet_penalty is ignored: a client now goes without a place only where no provider has "    \
      "room, never for a price")

/* The ids of a rejected row, for the rules that look them up: a budget key, a wage's CAO,
 * scale and (CAO, scale), a provider, a segment, an indicator. */
static void budget_reject(file_ctx *f, const ls_csv_row *row)
{
    tbl_reject(f->r, f->name, "key", tbl_cell(f, row, B_KEY));
}

/* The policy's message msg (size bytes) about the value it was given (the plain decimal of
 * a Dutch spelling: 1.30 for 130%, 1.3 for --set's 1,3) with the value as the controller
 * wrote it, as every other message quotes a cell. */
static void as_written(char *msg, size_t size, const char *given, const char *written)
{
    size_t n = strlen(given);
    char *at = NULL;
    for (char *p = strstr(msg, given); n && p; p = strstr(p + 1, given))
        at = p; /* (the last: the message names the key first) */
    if (!at || strcmp(given, written) == 0 || strlen(msg) - n + strlen(written) >= size)
        return; /* (a message cut short would lose its end, which says what is wrong) */
    char rest[256];
    ls_fmt(rest, sizeof rest, "%s", at + n);
    *at = '\0';
    ls_fmt(at, size - (size_t)(at - msg), "%s%s", written, rest);
}

static void budget_row(file_ctx *f, const ls_csv_row *row)
{
    const char *key = tbl_cell(f, row, B_KEY);
    char msg[256];
    if (!*key) {
        ROW_ERR(f, row, B_KEY, _("key is required"));
        return;
    }
    const char *stored = ls_arena_strdup(&f->r->m->arena, key);
    if (!stored) {
        f->r->nomem = 1;
        return;
    }
    int first = ls_strmap_get(&f->r->budget_keys, key);
    if (first >= 0) {
        char at[64];
        ROW_ERR(f, row, B_KEY, _("key '%s' appears twice (%s)"), key,
                tbl_first(f, (unsigned)first, tbl_col(f, B_KEY), at, sizeof at));
        return;
    }
    f->r->budget_key_column = tbl_col(f, B_KEY);
    if (ls_strmap_put(&f->r->budget_keys, stored, (int)row->line) != 0) {
        f->r->nomem = 1;
        return;
    }
    /* a ';' file or a workbook: the Dutch spellings (€ 1.234,5; 2% for a fraction) as the
     * plain decimal the policy parser takes */
    char value[128], why[192] = "";
    const char *text = tbl_cell(f, row, B_VALUE);
    int spelling = tbl_spelling(row) | (ls_policy_fraction(key) ? LS_NUM_PERCENT : 0);
    int converted = tbl_spelling(row) && ls_number_plain(text, spelling, value, sizeof value);
    if (!converted) {
        double v;
        /* not a number in the Dutch spelling: why not, should the key want one */
        if (tbl_spelling(row) && ls_parse_number(text, spelling, &v, why, sizeof why) == 0)
            why[0] = '\0';
        ls_fmt(value, sizeof value, "%s", text);
    }
    if (strcmp(key, "unmet_penalty") == 0) {
        ls_warning_add(f->r->errs, f->display, row->line, tbl_col(f, B_KEY), "%s", RETIRED_PENALTY);
        return;
    }
    /* a message about the key (it is unknown) points at the key's cell: the policy's messages
     * about unknown keys all begin as this one does */
    const char *unknown = _("unknown key '%s'%s");
    /* an optional key left empty (a template's blank) takes its default, as an empty optional
     * cell does in every table; budget alone is required. Every key refuses "", so the policy
     * is left as it was and says only whether it knows the key */
    if (strcmp(key, "budget") != 0 && value[strspn(value, " \t")] == '\0') {
        if (ls_policy_set(f->r->m, key, "", msg, sizeof msg) != 0 &&
            strncmp(msg, unknown, strcspn(unknown, "%")) == 0)
            ls_error_add(f->r->errs, f->display, row->line, tbl_col(f, B_KEY), "%s", msg);
        return;
    }
    if (ls_policy_set(f->r->m, key, value, msg, sizeof msg) != 0) {
        /* the policy read the value as a plain decimal ("key: 'text' is not a number ..."):
         * in a ';' file or a workbook the reason is the Dutch spelling's */
        char plain[160];
        ls_fmt(plain, sizeof plain, "%s: '", key); /* (the text may be cut in msg) */
        if (why[0] && strncmp(msg, plain, strlen(plain)) == 0)
            ls_fmt(msg, sizeof msg, "%s: %s", key, why);
        else if (converted)
            as_written(msg, sizeof msg, value, text);
        ls_error_add(
            f->r->errs, f->display, row->line,
            tbl_col(f, strncmp(msg, unknown, strcspn(unknown, "%")) == 0 ? B_KEY : B_VALUE), "%s",
            msg);
    }
}

enum { W_CAO, W_SCALE, W_WAGE };
static const col_spec wage_cols[] = {{"cao", 1}, {"scale", 1}, {"hourly_wage", 1}};

static void wage_reject(file_ctx *f, const ls_csv_row *row)
{
    const char *cao = tbl_cell(f, row, W_CAO), *scale = tbl_cell(f, row, W_SCALE);
    char pair[160];
    ls_fmt(pair, sizeof pair, "%.64s\t%.64s", cao, scale);
    tbl_reject(f->r, f->name, "cao", cao);
    tbl_reject(f->r, f->name, "scale", scale);
    tbl_reject(f->r, f->name, "wage", pair);
}

static void wage_row(file_ctx *f, const ls_csv_row *row)
{
    reading *r = f->r;
    ls_model *m = r->m;
    const char *cao, *scale;
    double wage;
    int bad = tbl_id(f, row, W_CAO, NULL, &cao) | tbl_id(f, row, W_SCALE, NULL, &scale);
    bad |= tbl_ranged(f, row, W_WAGE, NAN, 0, 1, LS_PRICE_MAX, 0, &wage);
    if (bad)
        wage_reject(f, row); /* (not in the wage table: the contracts on it are not told so) */
    if (!cao || !scale)
        return;
    int c = tbl_intern(r, &r->caos, &m->caos, &m->n_caos, &r->caos_cap, cao);
    int s = tbl_intern(r, &r->scales, &m->scales, &m->n_scales, &r->scales_cap, scale);
    if (c < 0 || s < 0)
        return;
    int first = ls_pairmap_get(&r->wage_keys, (unsigned)c, (unsigned)s);
    if (first >= 0) {
        char at[64];
        ROW_ERR(f, row, W_SCALE, _("(cao, scale) = (%s, %s) appears twice (%s)"), cao, scale,
                tbl_first(f, (unsigned)first, tbl_col(f, W_SCALE), at, sizeof at));
        return;
    }
    if (ls_pairmap_put(&r->wage_keys, (unsigned)c, (unsigned)s, (int)row->line) != 0 ||
        ls_grow((void **)&r->wages, &r->wages_cap, r->n_wages, sizeof(*r->wages)) != 0) {
        r->nomem = 1;
        return;
    }
    if (!bad)
        r->wages[r->n_wages++] = (struct wage_row){c, s, wage};
}

enum { P_ID, P_NAME, P_CAO, P_LOCAL, P_CAPACITY, P_MIN, P_MAX, P_QUALITY, P_CHARGES, P_UNPROD,
       P_OVERHEAD, P_MARGIN };
static const col_spec provider_cols[] = {
    {"provider", 1},     {"name", 0},    {"cao", 1},          {"local", 0},
    {"capacity_hours", 0}, {"min_budget", 0}, {"max_budget", 0}, {"quality", 0},
    {"employer_charges", 0}, {"unproductive", 0}, {"overhead", 0}, {"margin", 0}};

static void provider_reject(file_ctx *f, const ls_csv_row *row)
{
    tbl_reject(f->r, f->name, "provider", tbl_cell(f, row, P_ID));
}

static void provider_row(file_ctx *f, const ls_csv_row *row)
{
    reading *r = f->r;
    ls_model *m = r->m;
    ls_provider p = {0};
    p.line = row->line;
    p.cao = -1;
    if (tbl_id(f, row, P_ID, NULL, &p.id) != 0) {
        provider_reject(f, row);
        return;
    }
    if (ls_strmap_get(&r->providers, p.id) >= 0) {
        char at[64];
        ROW_ERR(f, row, P_ID, _("provider '%s' appears twice (%s)"), p.id,
                tbl_first(f, m->providers[ls_strmap_get(&r->providers, p.id)].line,
                          tbl_col(f, P_ID), at, sizeof at));
        return;
    }
    const char *name = tbl_cell(f, row, P_NAME);
    if (!ls_utf8_valid(name))
        ROW_ERR(f, row, P_NAME, _("name is not valid UTF-8 (save the file as CSV UTF-8)"));
    p.name = ls_arena_strdup(&m->arena, *name ? name : p.id);
    const char *cao;
    if (tbl_id(f, row, P_CAO, NULL, &cao) == 0) {
        p.cao = ls_strmap_get(&r->caos, cao);
        if (p.cao < 0 && !tbl_unchecked(r, "wages.csv", "cao", cao))
            ROW_ERR(f, row, P_CAO, _("cao '%s' is not in %s%s"), cao, TABLE(r, "wages.csv"),
                    NEAR(ls_near(cao, m->caos, m->n_caos)));
    }
    const char *local = tbl_cell(f, row, P_LOCAL);
    char msg[256];
    if (*local && ls_parse_bool(local, &p.local, msg, sizeof msg) != 0)
        ROW_ERR(f, row, P_LOCAL, "local: %s", msg);
    tbl_ranged(f, row, P_CAPACITY, INFINITY, 0, 0, INFINITY, 0, &p.capacity_hours);
    tbl_ranged(f, row, P_MIN, 0, 0, 0, LS_MONEY_MAX, 0, &p.min_budget);
    if (tbl_ranged(f, row, P_MAX, INFINITY, 0, 0, LS_MONEY_MAX, 0, &p.max_budget) == 0 &&
        p.max_budget < p.min_budget)
        ROW_ERR(f, row, P_MAX, _("max_budget (%s) is below min_budget (%s)"),
                tbl_cell(f, row, P_MAX), tbl_cell(f, row, P_MIN));
    tbl_ranged(f, row, P_QUALITY, 7, 0, 0, 10, 0, &p.quality_given);
    p.quality = p.quality_given;
    /* the four cost fractions: NAN when empty, so that the budget.csv default applies */
    tbl_optional(f, row, P_CHARGES, 0, 0, LS_FACTOR_MAX, 0, &p.employer_charges);
    tbl_optional(f, row, P_UNPROD, 0, 0, 1, 1, &p.unproductive);
    tbl_optional(f, row, P_OVERHEAD, 0, 0, LS_FACTOR_MAX, 0, &p.overhead);
    tbl_optional(f, row, P_MARGIN, 0, 0, LS_FACTOR_MAX, 0, &p.margin);
    if (!p.name || ls_grow((void **)&m->providers, &r->providers_cap, m->n_providers,
                           sizeof(ls_provider)) != 0 ||
        ls_strmap_put(&r->providers, p.id, (int)m->n_providers) != 0) {
        r->nomem = 1;
        return;
    }
    m->providers[m->n_providers++] = p;
}

enum { S_ID, S_PRODUCT, S_INTENSITY, S_COMPLEXITY, S_DOMAIN, S_AREA, S_CLIENTS, S_HOURS,
       S_SCALE, S_MAX_TARIFF, S_PGB_CLIENTS, S_PGB_TARIFF, S_MAX_SHIFT, S_GROUP_SIZE,
       S_OTHER_COSTS, S_UNIT, S_UNITS };
static const col_spec segment_cols[] = {
    {"segment", 1},     {"product", 1},     {"intensity", 1}, {"complexity", 1},
    {"domain", 0},      {"area", 0},        {"clients", 1},   {"hours", 1},
    {"scale", 1},       {"max_tariff", 0},  {"pgb_clients", 0}, {"pgb_tariff", 0},
    {"max_shift", 0},   {"group_size", 0},  {"other_costs", 0}, {"unit", 0},
    {"units", 0}};

/* A product as it is bought: staff hours from the hours and the group, the non-wage costs,
 * and the unit a tariff is quoted per with the units a client uses a month (required unless
 * the unit is uur, whose units are the hours). */
static void segment_product(file_ctx *f, const ls_csv_row *row, ls_segment *s)
{
    tbl_ranged(f, row, S_GROUP_SIZE, 1, 0, 1, LS_CLIENTS_MAX, 0, &s->group_size);
    s->hours_per_month = s->hours / s->group_size;
    tbl_ranged(f, row, S_OTHER_COSTS, 0, 0, 0, LS_PRICE_MAX, 0, &s->other_costs);
    s->unit = tbl_enum(f, row, S_UNIT, ls_unit_names, LS_N_UNITS, LS_UUR);
    if ((s->unit == LS_UUR || s->unit < 0) && isnan(s->hours) && !*tbl_cell(f, row, S_UNITS))
        s->units = NAN; /* the hours they default to are missing, which is said at the hours */
    else if (s->unit == LS_UUR || s->unit < 0)
        tbl_ranged(f, row, S_UNITS, s->hours, 0, 1, LS_HOURS_MAX, 0, &s->units);
    else if (*tbl_cell(f, row, S_UNITS))
        tbl_ranged(f, row, S_UNITS, NAN, 0, 1, LS_HOURS_MAX, 0, &s->units);
    else {
        s->units = NAN;
        /* at the empty units cell, or at the unit when there is no units column */
        ROW_ERR(f, row, f->idx[S_UNITS] >= 0 ? S_UNITS : S_UNIT,
                _("units is required when the unit is '%s' (how many a client uses a month)"),
                ls_unit_names[s->unit]);
    }
}

static void segment_reject(file_ctx *f, const ls_csv_row *row)
{
    tbl_reject(f->r, f->name, "segment", tbl_cell(f, row, S_ID));
}

static void segment_row(file_ctx *f, const ls_csv_row *row)
{
    reading *r = f->r;
    ls_model *m = r->m;
    ls_segment s = {0};
    s.line = row->line;
    if (tbl_id(f, row, S_ID, NULL, &s.id) != 0) {
        segment_reject(f, row);
        return;
    }
    int first = ls_strmap_get(&r->segments, s.id);
    if (first >= 0) {
        char at[64];
        ROW_ERR(f, row, S_ID, _("segment '%s' appears twice (%s)"), s.id,
                tbl_first(f, m->segments[first].line, tbl_col(f, S_ID), at, sizeof at));
        return;
    }
    tbl_id(f, row, S_PRODUCT, NULL, &s.product);
    s.intensity = tbl_enum(f, row, S_INTENSITY, ls_intensity_names, LS_N_INTENSITIES, -1);
    s.complexity = tbl_enum(f, row, S_COMPLEXITY, ls_complexity_names, LS_N_COMPLEXITIES, -1);
    s.domain = tbl_enum(f, row, S_DOMAIN, ls_domain_names, LS_N_DOMAINS, LS_WMO);
    tbl_id(f, row, S_AREA, "all", &s.area);
    /* a clients cell that was refused is unknown, not 0: no rule reads a demand from it */
    if (tbl_ranged(f, row, S_CLIENTS, NAN, 0, 0, LS_CLIENTS_MAX, 0, &s.clients) != 0)
        s.clients = NAN;
    tbl_ranged(f, row, S_HOURS, NAN, 0, 1, LS_HOURS_MAX, 0, &s.hours);
    segment_product(f, row, &s);
    const char *scale;
    s.scale = -1;
    if (tbl_id(f, row, S_SCALE, NULL, &scale) == 0) {
        s.scale = ls_strmap_get(&r->scales, scale);
        if (s.scale < 0 && !tbl_unchecked(r, "wages.csv", "scale", scale))
            ROW_ERR(f, row, S_SCALE, _("scale '%s' is in no CAO of %s%s"), scale,
                    TABLE(r, "wages.csv"), NEAR(ls_near(scale, m->scales, m->n_scales)));
    }
    tbl_optional(f, row, S_MAX_TARIFF, 0, 1, LS_PRICE_MAX, 0, &s.max_tariff);
    tbl_ranged(f, row, S_PGB_CLIENTS, 0, 0, 0, LS_CLIENTS_MAX, 0, &s.pgb_clients);
    tbl_optional(f, row, S_PGB_TARIFF, 0, 1, LS_PRICE_MAX, 0, &s.pgb_tariff);
    tbl_optional(f, row, S_MAX_SHIFT, 0, 0, 1, 0, &s.max_shift);
    r->m->pgb_column = tbl_col(f, S_PGB_CLIENTS);
    r->m->clients_column = tbl_col(f, S_CLIENTS);
    /* room for every line at once: growing by realloc copied a country's 3.7 MB of
     * segments into fresh pages time and again */
    if (!m->segments)
        (void)ls_grow((void **)&m->segments, &r->segments_cap, row->lines, sizeof(ls_segment));
    if (ls_grow((void **)&m->segments, &r->segments_cap, m->n_segments, sizeof(ls_segment)) !=
            0 ||
        ls_strmap_put(&r->segments, s.id, (int)m->n_segments) != 0) {
        r->nomem = 1;
        return;
    }
    m->segments[m->n_segments++] = s;
}

_Static_assert(N_COLS(segment_cols) <= MAX_COLS && N_COLS(provider_cols) <= MAX_COLS,
               "a file's columns must fit file_ctx.idx (MAX_COLS, table.h)");

/* ---- the directory ---------------------------------------------------------------------- */

/* Reads dir/name through its column table and row handler; *header_line (unless NULL) is
 * the header's line, 0 when the file has none (an optional file that is not there). */
static int read_file(reading *r, const char *dir, const char *name, const col_spec *cols,
                     size_t n_cols, void (*on_row)(file_ctx *, const ls_csv_row *),
                     void (*on_reject)(file_ctx *, const ls_csv_row *), int optional,
                     unsigned *header_line, const ls_csv_parallel *par)
{
    char *path = tbl_path(r, dir, name);
    if (!path)
        return r->nomem = 1, LS_EINTERNAL;
    file_ctx f = {r, path, cols, n_cols, {0}, 0, 0, 0, 0, on_row, name, on_reject, 0};
    int found;
    size_t before = r->errs->n_errors;
    int rc = r->book ? ls_xlsx_read_table(r->book, name, tbl_row, &f, &found, r->errs)
                     : ls_csv_read_parallel(path, path, tbl_row, &f, &found, r->errs, par, &r->csv);
    if (rc == LS_OK && !found && !optional)
        tbl_missing(r, dir, name, path);
    /* missing, no header read, or an error about the file rather than a row (empty, tabs,
     * quotes, a line too long, two byte-order marks): its rows are not all there, and the
     * rules that look ids up in it would only flood the other files with false errors */
    if ((found || !optional) &&
        (!f.header_ok || r->errs->n_errors - before > f.row_errors || rc == LS_EINTERNAL))
        tbl_incomplete(r, name);
    if (header_line)
        *header_line = f.header_line;
    free(path);
    if (rc == LS_EINTERNAL)
        r->nomem = 1;
    return rc;
}

void ls_read_options_init(ls_read_options *opts)
{
    memset(opts, 0, sizeof(*opts));
}

/* The dense CAO × scale wage table from wages.csv's rows, NAN where a CAO has no wage for a
 * scale, and every CAO's factor at 1. */
static void lay_out_wages(reading *r)
{
    ls_model *m = r->m;
    m->wage = malloc((m->n_caos * m->n_scales + 1) * sizeof(double));
    m->cao_factor = malloc((m->n_caos + 1) * sizeof(double));
    if (!m->wage || !m->cao_factor) {
        r->nomem = 1;
        return;
    }
    for (size_t i = 0; i < m->n_caos * m->n_scales; i++)
        m->wage[i] = NAN;
    for (size_t i = 0; i < m->n_caos; i++)
        m->cao_factor[i] = 1.0;
    for (size_t i = 0; i < r->n_wages; i++)
        m->wage[(size_t)r->wages[i].cao * m->n_scales + r->wages[i].scale] = r->wages[i].wage;
}

/* A required table read whole with no rows after its header: one error at the header (what
 * it lacks), and its ids are not looked up (each would be "not in" it). */
static void no_rows(reading *r, const char *dir, const char *name, unsigned header_line,
                    const char *need)
{
    char *path = tbl_path(r, dir, name);
    if (!path) {
        r->nomem = 1;
        return;
    }
    ls_error_add(r->errs, path, header_line ? header_line : 1, 1,
                 _("the table has its header but no rows: %s"), need);
    tbl_incomplete(r, name);
    free(path);
}

/* indicators.csv (which refers to providers.csv alone) read ahead of its turn, with its
 * messages kept apart, the reading's unchecked ids as they were before it into *before: 1
 * when it had none, so that reading it in its turn would give what it gave (unless its turn
 * never comes: ls_indicators_undo); else 0 with what it read undone, for its turn to read it
 * again (its messages then come after contracts.csv's, and none after the twentieth
 * error). */
static int indicators_ahead(reading *r, const char *dir, unsigned *header_line, ls_strmap *before)
{
    if (ls_strmap_copy(before, &r->unchecked) != 0)
        return r->nomem = 1, 0;
    ls_errors *errs = r->errs, own = {0};
    r->errs = &own;
    read_file(r, dir, "indicators.csv", ls_indicators_cols, ls_indicators_n_cols, ls_indicators_row,
              ls_indicators_reject, 1, header_line, NULL);
    r->errs = errs;
    int kept = own.n_errors == 0 && own.n_warnings == 0 && !own.out_of_memory;
    ls_errors_clear(&own);
    if (!kept)
        ls_indicators_undo(r, before, header_line);
    return kept;
}

/* The six files in dependency order (budget, wages, providers, segments, contracts,
 * indicators), until the errors are full; contracts.csv with par. While contracts.csv is
 * being loaded ahead, indicators.csv is read before it, in the time the calling thread would
 * wait for the load, where that changes nothing (indicators_ahead). */
static void read_files(reading *r, const char *dir, const ls_csv_parallel *par,
                       unsigned *budget_line)
{
    ls_model *m = r->m;
    unsigned indicators_line = 0;
    read_file(r, dir, "budget.csv", budget_cols, N_COLS(budget_cols), budget_row, budget_reject,
              0, budget_line, NULL);
    size_t at = r->errs->n_errors;
    unsigned head = 0;
    if (!tbl_full(r))
        read_file(r, dir, "wages.csv", wage_cols, N_COLS(wage_cols), wage_row, wage_reject, 0,
                  &head, NULL);
    if (!tbl_full(r) && r->errs->n_errors == at && r->n_wages == 0)
        no_rows(r, dir, "wages.csv", head, _("a model needs at least one CAO's hourly wage"));
    if (!r->nomem)
        lay_out_wages(r);
    at = r->errs->n_errors;
    if (!tbl_full(r))
        read_file(r, dir, "providers.csv", provider_cols, N_COLS(provider_cols), provider_row,
                  provider_reject, 0, &head, NULL);
    if (!tbl_full(r) && r->errs->n_errors == at && m->n_providers == 0)
        no_rows(r, dir, "providers.csv", head, _("a model needs at least one provider"));
    at = r->errs->n_errors;
    if (!tbl_full(r))
        read_file(r, dir, "segments.csv", segment_cols, N_COLS(segment_cols), segment_row,
                  segment_reject, 0, &head, NULL);
    if (!tbl_full(r) && r->errs->n_errors == at && m->n_segments == 0)
        no_rows(r, dir, "segments.csv", head, _("a model needs at least one segment"));
    ls_strmap unchecked = {0}; /* (before indicators.csv was read ahead) */
    int indicators_read =
        !tbl_full(r) && par->loaded && indicators_ahead(r, dir, &indicators_line, &unchecked);
    size_t before = r->errs->n_errors;
    if (!tbl_full(r))
        read_file(r, dir, "contracts.csv", ls_contracts_cols, ls_contracts_n_cols,
                  ls_contracts_row, NULL, 0, NULL, par);
    /* (or a contract was passed by: it refers to a row rejected in another table) */
    r->contracts_failed |= r->errs->n_errors > before;
    if (indicators_read && tbl_full(r)) /* its turn would not have come */
        ls_indicators_undo(r, &unchecked, &indicators_line), indicators_read = 0;
    ls_strmap_free(&unchecked);
    if (!tbl_full(r) && !indicators_read)
        read_file(r, dir, "indicators.csv", ls_indicators_cols, ls_indicators_n_cols,
                  ls_indicators_row, ls_indicators_reject, 1, &indicators_line, NULL);
    m->indicators_file = indicators_line > 0;
    if (r->book) /* a weight's message names the sheet */
        m->indicators_sheet =
            ls_arena_strdup(&m->arena, ls_xlsx_sheet_name(r->book, "indicators.csv"));
}

/* The --set overrides, after budget.csv and before the rules that need the budget. LS_OK, or
 * LS_EUSAGE with the reasons in errs. */
static int apply_overrides(reading *r, const ls_read_options *opts)
{
    ls_model *m = r->m;
    ls_errors *errs = r->errs;
    int rc = LS_OK;
    for (size_t i = 0; opts && i < opts->n_overrides && !r->nomem; i++) {
        char key[256], msg[256], value[128], text[256];
        const char *kv = opts->overrides[i], *eq = strchr(kv, '=');
        /* the spaces around a key and its value go, as a field's of budget.csv do
         * (--set "year= 2026" made the year the text " 2026", its next " 2026+1") */
        const char *k0 = kv, *k1 = eq, *v0 = eq ? eq + 1 : NULL;
        while (eq && k0 < k1 && isspace((unsigned char)*k0))
            k0++;
        while (eq && k1 > k0 && isspace((unsigned char)k1[-1]))
            k1--;
        if (!eq || k1 == k0 || (size_t)(k1 - k0) >= sizeof key) {
            ls_error_add(errs, "overrides", 0, 0, _("'%s' is not key=value"), kv);
            rc = LS_EUSAGE;
            continue;
        }
        memcpy(key, k0, (size_t)(k1 - k0));
        key[k1 - k0] = '\0';
        while (isspace((unsigned char)*v0))
            v0++;
        size_t vn = strlen(v0);
        while (vn > 0 && isspace((unsigned char)v0[vn - 1]))
            vn--;
        if (vn < sizeof text) { /* else as given: the key's check says what is wrong */
            memcpy(text, v0, vn);
            text[vn] = '\0';
            v0 = text;
        }
        if (strcmp(key, "unmet_penalty") == 0) {
            ls_warning_add(errs, "overrides", 0, 0, "%s", RETIRED_PENALTY);
            continue;
        }
        double v;
        if (ls_number_ambiguous(v0) &&
            ls_parse_number(v0, LS_NUM_COMMA, &v, msg, sizeof msg) != 0) {
            ls_error_add(errs, "overrides", 0, 0, "%s: %s", key, msg); /* 900,000 */
            rc = LS_EUSAGE;
            continue;
        }
        const char *given = tbl_set_value(v0, value, sizeof value);
        if ((strncmp(key, "weight.", 7) == 0 &&
             !tbl_unchecked(r, "indicators.csv", "indicator", key + 7) &&
             ls_policy_check_weight(m, key + 7, msg, sizeof msg) != 0) ||
            ls_policy_set(m, key, given, msg, sizeof msg) != 0) {
            as_written(msg, sizeof msg, given, v0);
            ls_error_add(errs, "overrides", 0, 0, "%s", msg);
            rc = LS_EUSAGE;
        }
    }
    return rc;
}

/* Frees what the reading kept beside the model. */
static void reading_free(reading *r)
{
    ls_strmap *maps[] = {&r->segments, &r->providers, &r->caos, &r->scales, &r->indicator_names,
                         &r->budget_keys, &r->unchecked};
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
        ls_strmap_free(maps[i]);
    ls_pairmap_free(&r->contracts);
    free(r->seg_stamp);
    free(r->seg_first);
    free(r->provider_done);
    free(r->segment_slots);
    free(r->segment_scale);
    for (size_t w = 0; w < LS_READ_WORKERS; w++) {
        free(r->worker_hint[w].stamp);
        free(r->worker_hint[w].blocks);
    }
    ls_pairmap_free(&r->wage_keys);
    ls_pairmap_free(&r->indicator_keys);
    free(r->wages);
}

int tbl_read_model(const char *dir, ls_xlsx *book, const ls_read_options *opts,
                   ls_model **out, ls_errors *errs)
{
    *out = NULL;
    ls_model *m = calloc(1, sizeof(*m));
    if (!m)
        return LS_EINTERNAL;
    ls_policy_defaults(&m->policy);
    m->year_factor = 1.0;
    m->price_factor = 1.0;
    reading r = {0};
    r.m = m;
    r.errs = errs;
    r.book = book;
    ls_csv_options_init(&r.csv);
    if (opts && opts->parallel_min_bytes > 0)
        r.csv.parallel_min_bytes = opts->parallel_min_bytes;
    size_t errors_before = errs->n_errors;
    unsigned budget_line = 0;
    /* contracts.csv, the one large file, on as many threads as asked (0: the machine's
     * cores), at most LS_READ_WORKERS */
    long threads = opts && opts->threads > 0 ? opts->threads : sysconf(_SC_NPROCESSORS_ONLN);
    ls_csv_parallel par = {ls_contracts_begin,
                           ls_contracts_prepare,
                           ls_contracts_commit,
                           (int)(threads < 1                 ? 1
                                 : threads > LS_READ_WORKERS ? LS_READ_WORKERS
                                                             : threads),
                           opts ? opts->contracts_prepared : NULL,
                           NULL,
                           ls_contracts_commit_all};
    if (par.prepared)
        *par.prepared = 0;
    /* contracts.csv loaded (read from disk and scanned for its lines) on a thread of its own
     * while the smaller files before it are read: on the country 25 MB, most of the time
     * those take */
    ls_loaded ahead;
    char *contracts_path = book || !r.csv.fast_split ? NULL : tbl_path(&r, dir, "contracts.csv");
    if (contracts_path &&
        ls_load_ahead(&ahead, contracts_path, par.threads, r.csv.parallel_min_bytes) == 0)
        par.loaded = &ahead;
    free(contracts_path);

    read_files(&r, dir, &par, &budget_line);
    if (par.loaded)
        ls_load_free(&ahead);
    ls_policy file_policy = m->policy; /* its scalars: what the files say, before --set */
    /* after twenty errors the reading stopped, and what --set names is judged no more: a
     * weight's indicator may be in a file it never reached, and a message past the twentieth
     * would not be shown (the exit code said bad usage, and nothing said why) */
    int rc = tbl_full(&r) ? LS_OK : apply_overrides(&r, opts);
    if (!tbl_full(&r) && rc == LS_OK)
        ls_rules_whole(&r, dir, budget_line);
    if (!tbl_full(&r) && rc == LS_OK)
        rc = ls_rules_year_budget(&r, dir, opts);
    if (!tbl_full(&r) && rc == LS_OK)
        ls_rules_year_keys(&r, dir, opts);
    /* (beside an error, a segment row refused may be the domain's one) */
    if (rc == LS_OK && errs->n_errors == errors_before)
        ls_rules_domain_keys(&r, dir, opts);
    reading_free(&r);

    if (r.nomem || errs->out_of_memory)
        rc = LS_EINTERNAL;
    else if (rc == LS_OK && errs->n_errors > errors_before)
        rc = LS_EINPUT;
    if (rc != LS_OK) {
        ls_model_free(m);
        return rc;
    }
    m->dir = strdup(dir);
    m->threads = par.threads;
    m->contracts_file = book ? ls_xlsx_display(book, "contracts.csv") : NULL;
    if (!m->dir || (book && !m->contracts_file)) {
        ls_model_free(m);
        return LS_EINTERNAL;
    }
    ls_model_compute_on(m, errs, par.threads);
    rc = ls_rules_computed(&r, dir, &file_policy, opts);
    if (rc != LS_OK) {
        ls_model_free(m);
        return rc;
    }
    *out = m;
    return LS_OK;
}

void ls_model_free(ls_model *m)
{
    if (!m)
        return;
    free(m->segments);
    free(m->providers);
    free(m->contracts);
    free(m->indicators);
    free(m->caos);
    free(m->cao_factor);
    free(m->scales);
    free(m->wage);
    free(m->indicator_names);
    free(m->policy.weights);
    free(m->policy.budget_years);
    free(m->dir);
    free(m->contracts_file);
    ls_arena_free(&m->arena);
    free(m);
}
