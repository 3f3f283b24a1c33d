/*
 * contracts.c — contracts.csv, the one large file of a model (read.c reads the others): its
 * rows on the worker threads where they are plain (ids found by hint, counts parsed, the
 * wage checked), committed in file order with the duplicate check, and through one handler
 * where they are not (a workbook's, or a row with an error to report).
 */
#include "contracts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "util.h"

enum { C_PROVIDER, C_SEGMENT, C_CURRENT, C_MAX };

const col_spec ls_contracts_cols[] = {
    {"provider", 1}, {"segment", 1}, {"current_clients", 0}, {"max_clients", 0}};
const size_t ls_contracts_n_cols = sizeof ls_contracts_cols / sizeof *ls_contracts_cols;

/* The contract that (p, s) repeats (its index), -1 if none, -2 out of memory; records (p, s)
 * as the model's next contract. A provider's rows together: a segment listed twice in its
 * block; else the pair map. */
static int contract_seen(reading *r, int p, int s)
{
    ls_model *m = r->m;
    if (!r->hashed && p != r->block_provider) {
        if (r->block_provider >= 0)
            r->provider_done[r->block_provider] = 1;
        if (r->provider_done[p]) {
            /* the provider's rows come in two blocks: from here the pair map, with every
             * contract so far (none repeats another) */
            r->hashed = 1;
            if (ls_pairmap_reserve(&r->contracts, r->contracts_cap) != 0)
                return -2;
            for (size_t j = 0; j < m->n_contracts; j++)
                if (ls_pairmap_add(&r->contracts, (unsigned)m->contracts[j].provider,
                                   (unsigned)m->contracts[j].segment, (int)j) == -2)
                    return -2;
        }
        r->block_provider = p;
    }
    if (r->hashed)
        return ls_pairmap_add(&r->contracts, (unsigned)p, (unsigned)s, (int)m->n_contracts);
    if (r->seg_stamp[s] == p)
        return r->seg_first[s];
    r->seg_stamp[s] = p;
    r->seg_first[s] = (int)m->n_contracts;
    return -1;
}

/* Row-to-row state of ls_contracts_row: room for every row at once (no rehashing, no copying as
 * the model grows) and the duplicate check's tables. 0, -1 no memory. */
static int contracts_begin(reading *r, size_t lines)
{
    ls_model *m = r->m;
    r->hint[0] = r->hint[1] = r->block_provider = -1;
    for (size_t w = 0; w < LS_READ_WORKERS; w++)
        r->worker_hint[w].ids[0] = r->worker_hint[w].ids[1] = -1;
    r->seg_stamp = malloc((m->n_segments + 1) * sizeof(int));
    r->seg_first = malloc((m->n_segments + 1) * sizeof(int));
    r->provider_done = calloc(m->n_providers + 1, 1);
    r->segment_slots = calloc(m->n_segments + 1, LS_ID_SLOT);
    r->segment_scale = malloc((m->n_segments + 1) * sizeof(int));
    if (!r->seg_stamp || !r->seg_first || !r->provider_done || !r->segment_slots ||
        !r->segment_scale ||
        ls_grow((void **)&m->contracts, &r->contracts_cap, lines, sizeof(ls_contract)) != 0)
        return -1;
    for (size_t s = 0; s < m->n_segments; s++) {
        r->seg_stamp[s] = -1;
        r->segment_scale[s] = m->segments[s].scale;
        size_t n = strlen(m->segments[s].id);
        if (n < LS_ID_SLOT)
            memcpy(r->segment_slots[s], m->segments[s].id, n);
    }
    return 0;
}

/* The provider and segment of a contract row (-1 where unknown). hint holds the previous
 * row's: that provider, and the LS_HINT_SPAN segments after that segment, are tried first (a
 * provider's contracts usually follow segments.csv, skipping the segments it does not offer;
 * these ids lie next to each other, while a hash probe is a cache miss or two). */
static void contract_ids(const reading *r, const char *pid, const char *sid, int hint[2],
                         int *provider, int *segment)
{
    const ls_model *m = r->m;
    int prev = hint[0];
    *provider = prev >= 0 && strcmp(pid, m->providers[prev].id) == 0
                    ? prev
                    : ls_strmap_get(&r->providers, pid);
    *segment = -1;
    if (hint[1] >= 0) {
        /* the row's segment as a slot holds it (a longer one matches no slot) */
        char key[LS_ID_SLOT] = {0};
        size_t n = strlen(sid);
        if (n < LS_ID_SLOT)
            memcpy(key, sid, n);
        size_t stop = (size_t)hint[1] + 1 + LS_HINT_SPAN;
        for (size_t next = (size_t)hint[1] + 1; next < stop && next < m->n_segments; next++)
            if (r->segment_slots[next][0] ? memcmp(key, r->segment_slots[next], LS_ID_SLOT) == 0
                                          : strcmp(sid, m->segments[next].id) == 0) {
                *segment = (int)next;
                break;
            }
    }
    if (*segment < 0)
        *segment = ls_strmap_get(&r->segments, sid);
    hint[0] = *provider;
    hint[1] = *segment;
}

/* Does provider p's CAO have a wage for segment s's scale (or is either unset)? The scale
 * from r->segment_scale, where the scales lie side by side. */
static int wage_known(const reading *r, int p, int s)
{
    const ls_model *m = r->m;
    int cao = m->providers[p].cao, scale = r->segment_scale[s];
    return cao < 0 || scale < 0 || !isnan(m->wage[(size_t)cao * m->n_scales + scale]);
}

/* Was the wage of p's CAO for s's scale on a row wages.csv rejected (its error said)? */
static int wage_rejected(const reading *r, const ls_provider *p, const ls_segment *s)
{
    char pair[160];
    ls_fmt(pair, sizeof pair, "%.64s\t%.64s", r->m->caos[p->cao], r->m->scales[s->scale]);
    return tbl_unchecked(r, "wages.csv", "wage", pair);
}

/* Adds contract c (its provider and segment known) unless it repeats one or (unless the
 * caller saw to it: wage_seen) its CAO has no wage for its scale, which are errors at its
 * line. */
static void contract_add(file_ctx *f, const ls_contract *c, int wage_seen)
{
    reading *r = f->r;
    ls_model *m = r->m;
    int first = contract_seen(r, c->provider, c->segment);
    if (first == -2) {
        r->nomem = 1;
        return;
    }
    unsigned col = tbl_col(f, C_SEGMENT);
    const ls_provider *p = &m->providers[c->provider];
    if (first >= 0) {
        char at[64];
        ls_error_add(r->errs, f->display, c->line, col,
                     _("the contract (%s, %s) appears twice (%s)"), p->id,
                     m->segments[c->segment].id,
                     tbl_first(f, m->contracts[first].line, col, at, sizeof at));
        return;
    }
    const ls_segment *s = &m->segments[c->segment];
    if (!wage_seen && !wage_known(r, c->provider, c->segment) && !wage_rejected(r, p, s))
        ls_error_add(r->errs, f->display, c->line, col,
                     _("provider '%s' is bound by CAO '%s', which has no wage for scale '%s' "
                       "(segment '%s')"),
                     p->id, m->caos[p->cao], m->scales[s->scale], s->id);
    if (ls_grow((void **)&m->contracts, &r->contracts_cap, m->n_contracts,
                sizeof(ls_contract)) != 0) {
        r->nomem = 1;
        return;
    }
    m->providers[c->provider].n_contracts++;
    m->contracts[m->n_contracts++] = *c;
}

void ls_contracts_row(file_ctx *f, const ls_csv_row *row)
{
    reading *r = f->r;
    ls_contract c = {0};
    c.line = row->line;
    c.usable = 1;
    const char *pid = tbl_cell(f, row, C_PROVIDER), *sid = tbl_cell(f, row, C_SEGMENT);
    if (!r->seg_stamp && contracts_begin(r, row->lines) != 0) {
        r->nomem = 1;
        return;
    }
    contract_ids(r, pid, sid, r->hint, &c.provider, &c.segment);
    /* an id whose row its table rejected, or any of a table that could not be read whole:
     * that table's error is the cause, and "not in" (did you mean another?) would mislead */
    int unchecked_provider = c.provider < 0 && tbl_unchecked(r, "providers.csv", "provider", pid);
    int unchecked_segment = c.segment < 0 && tbl_unchecked(r, "segments.csv", "segment", sid);
    if (unchecked_provider || unchecked_segment)
        r->contracts_failed = 1; /* (a contract passed by: the rules on them would echo) */
    if (!*pid)
        ROW_ERR(f, row, C_PROVIDER, _("provider is required"));
    else if (c.provider < 0 && !unchecked_provider && !tbl_bad_ref(f, row, C_PROVIDER, pid))
        ROW_ERR(f, row, C_PROVIDER, _("provider '%s' is not in %s%s"), pid,
                TABLE(r, "providers.csv"), NEAR(tbl_near_provider(r->m, pid)));
    if (!*sid)
        ROW_ERR(f, row, C_SEGMENT, _("segment is required"));
    else if (c.segment < 0 && !unchecked_segment && !tbl_bad_ref(f, row, C_SEGMENT, sid))
        ROW_ERR(f, row, C_SEGMENT, _("segment '%s' is not in %s%s"), sid, TABLE(r, "segments.csv"),
                NEAR(tbl_near_segment(r->m, sid)));
    tbl_ranged(f, row, C_CURRENT, 0, 0, 0, LS_CLIENTS_MAX, 0, &c.current_clients);
    tbl_ranged(f, row, C_MAX, INFINITY, 0, 0, LS_CLIENTS_MAX, 0, &c.max_clients);
    if (c.provider >= 0 && c.segment >= 0)
        contract_add(f, &c, 0);
}

/* contracts.csv on several threads (csvfile.h's parallel route): the rows a worker finds
 * plain are prepared in place, in their line's slot m->contracts[line - header - 1] (the
 * array has a slot for every line); ls_contracts_commit then takes them in file order and
 * moves each down to its index (never above its line's slot: every line before it since the
 * header gave at most one contract, so no prepared row is overwritten before it is taken).
 * When every line was prepared, each slot is its contract's index already, and
 * ls_contracts_commit_all takes them at once where no duplicate can hide. */
int ls_contracts_begin(void *ctx, size_t lines)
{
    file_ctx *f = ctx;
    return f->r->seg_stamp ? 0 : contracts_begin(f->r, lines);
}

/* A number cell without an error: 0 and *out (dflt when empty, ≥ 0), or 1. */
static int plain_count(const file_ctx *f, const ls_csv_row *row, int k, double dflt, double *out)
{
    const char *s = tbl_cell(f, row, k);
    char msg[8];
    *out = dflt;
    return *s && (ls_parse_number(s, tbl_spelling(row), out, msg, sizeof msg) != 0 ||
                  *out < 0 || *out > LS_CLIENTS_MAX);
}

/* The slot of a row's contract while the rows are prepared (see above). */
static size_t slot_of(const file_ctx *f, unsigned line)
{
    return line - f->header_line - 1;
}

/* Notes contract c (at slot) in worker h's blocks: a new block when its provider is not the
 * previous row's, a clash when its segment came before in the same block. 0; -1 no memory. */
static int note_block(reading *r, int worker, const ls_contract *c, size_t slot)
{
    struct contract_worker *h = &r->worker_hint[worker];
    if (!h->stamp && !(h->stamp = calloc(r->m->n_segments + 1, sizeof(int))))
        return -1;
    if (h->n_blocks == 0 || h->blocks[h->n_blocks - 1].provider != c->provider) {
        if (ls_grow((void **)&h->blocks, &h->blocks_cap, h->n_blocks, sizeof *h->blocks) != 0)
            return -1;
        h->blocks[h->n_blocks++] = (contract_block){c->provider, (unsigned)slot, 0};
    }
    h->blocks[h->n_blocks - 1].n++;
    int *stamp = &h->stamp[c->segment], block = (int)h->n_blocks;
    if (*stamp == block)
        h->clash = 1;
    *stamp = block;
    return 0;
}

int ls_contracts_prepare(void *ctx, int worker, const ls_csv_row *row)
{
    file_ctx *f = ctx;
    reading *r = f->r;
    if (tbl_extra_field(f, row) || tbl_other_delimiter(f, row))
        return 1; /* more fields than the header, or the other delimiter: tbl_row's error */
    ls_contract c = {0};
    c.line = row->line;
    c.usable = 1;
    contract_ids(r, tbl_cell(f, row, C_PROVIDER), tbl_cell(f, row, C_SEGMENT),
                 r->worker_hint[worker].ids, &c.provider, &c.segment);
    if (c.provider < 0 || c.segment < 0 ||
        plain_count(f, row, C_CURRENT, 0, &c.current_clients) != 0 ||
        plain_count(f, row, C_MAX, INFINITY, &c.max_clients) != 0)
        return 1;
    if (!wage_known(r, c.provider, c.segment))
        return 1; /* (checked here, where it costs a worker's time, not the commit's) */
    size_t slot = slot_of(f, row->line);
    if (note_block(r, worker, &c, slot) != 0)
        return 1;              /* (out of memory: the row the one-thread way) */
    r->m->contracts[slot] = c; /* (a repeat: contract_add's error) */
    return 0;
}

int ls_contracts_commit(void *ctx, unsigned line)
{
    file_ctx *f = ctx;
    reading *r = f->r;
    ls_contract c = r->m->contracts[slot_of(f, line)];
    r->hint[0] = c.provider;
    r->hint[1] = c.segment;
    size_t before = r->errs->n_errors;
    contract_add(f, &c, 1);
    f->row_errors += r->errs->n_errors - before; /* (a row's error, as tbl_row counts them) */
    return tbl_full(r);
}

/* Do the contracts of block b (slots b->first …) list a segment that those of slots
 * [from, to) list, all of provider p? Marks them all as p's in r->seg_stamp. */
static int block_meets(reading *r, const contract_block *b, unsigned from, unsigned to)
{
    const ls_contract *c = r->m->contracts;
    int p = b->provider, met = 0;
    for (unsigned j = from; j < to; j++)
        r->seg_stamp[c[j].segment] = p;
    for (unsigned j = b->first; j < b->first + b->n; j++) {
        met |= r->seg_stamp[c[j].segment] == p;
        r->seg_stamp[c[j].segment] = p;
    }
    return met;
}

/* Every row prepared, in the workers' blocks: the model's contracts are its slots 0 … rows-1
 * as they are, unless a contract repeats another. It cannot where no block clashed and no
 * provider has two blocks (a block cut by a worker's edge joined again, and the two parts
 * checked against each other): then the rows are taken at once (0); otherwise one by one
 * (1), ls_contracts_commit's tables as they were. */
int ls_contracts_commit_all(void *ctx, size_t rows)
{
    file_ctx *f = ctx;
    reading *r = f->r;
    ls_model *m = r->m;
    unsigned n = 0, from = 0; /* the slots taken, and where the last provider's began */
    int ok = m->n_contracts == 0, last = -1;
    for (size_t w = 0; w < LS_READ_WORKERS && ok; w++) {
        const struct contract_worker *h = &r->worker_hint[w];
        ok = !h->clash;
        for (size_t i = 0; i < h->n_blocks && ok; i++) {
            const contract_block *b = &h->blocks[i];
            if (b->first != n)
                ok = 0;
            else if (b->provider == last) /* (a block cut by the edge of a worker's share) */
                ok = !block_meets(r, b, from, n);
            else if (r->provider_done[b->provider])
                ok = 0;
            else
                from = n, last = b->provider, r->provider_done[last] = 1;
            n += b->n;
        }
    }
    ok = ok && n == rows;
    for (size_t w = 0; w < LS_READ_WORKERS && ok; w++) {
        const struct contract_worker *h = &r->worker_hint[w];
        for (size_t i = 0; i < h->n_blocks; i++)
            m->providers[h->blocks[i].provider].n_contracts += h->blocks[i].n;
    }
    if (ok && n > 0) {
        m->n_contracts = n;
        r->hint[0] = m->contracts[n - 1].provider;
        r->hint[1] = m->contracts[n - 1].segment;
        return 0;
    }
    memset(r->provider_done, 0, m->n_providers + 1);
    for (size_t s = 0; s < m->n_segments; s++)
        r->seg_stamp[s] = -1;
    return 1;
}
