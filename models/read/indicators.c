/*
 * indicators.c — indicators.csv's columns and handlers, for read.c, and the undoing of a
 * reading of it ahead of its turn (read.c reads it while contracts.csv is being loaded).
 */
#include "indicators.h"

#include <math.h>
#include <stdlib.h>

#include "i18n.h"
#include "model.h"
#include "util.h"

enum { I_PROVIDER, I_INDICATOR, I_SCORE };
const col_spec ls_indicators_cols[] = {{"provider", 1}, {"indicator", 1}, {"score", 1}};
const size_t ls_indicators_n_cols = sizeof ls_indicators_cols / sizeof *ls_indicators_cols;

void ls_indicators_reject(file_ctx *f, const ls_csv_row *row)
{
    tbl_reject(f->r, f->name, "indicator", tbl_cell(f, row, I_INDICATOR));
}

void ls_indicators_row(file_ctx *f, const ls_csv_row *row)
{
    reading *r = f->r;
    ls_model *m = r->m;
    ls_indicator ind = {0};
    ind.line = row->line;
    const char *pid = tbl_cell(f, row, I_PROVIDER), *name;
    ind.provider = ls_strmap_get(&r->providers, pid);
    if (!*pid)
        ROW_ERR(f, row, I_PROVIDER, _("provider is required"));
    else if (ind.provider < 0 && !tbl_unchecked(r, "providers.csv", "provider", pid) &&
             !tbl_bad_ref(f, row, I_PROVIDER, pid))
        ROW_ERR(f, row, I_PROVIDER, _("provider '%s' is not in %s%s"), pid,
                TABLE(r, "providers.csv"), NEAR(tbl_near_provider(m, pid)));
    int bad = tbl_id(f, row, I_INDICATOR, NULL, &name);
    bad |= tbl_ranged(f, row, I_SCORE, NAN, 0, 0, 10, 0, &ind.score);
    if (bad || ind.provider < 0) {
        ls_indicators_reject(f, row); /* (a weight on it is not told it is missing) */
        return;
    }
    ind.indicator = tbl_intern(r, &r->indicator_names, &m->indicator_names, &m->n_indicator_names,
                               &r->inames_cap, name);
    if (ind.indicator < 0)
        return;
    int first = ls_pairmap_get(&r->indicator_keys, (unsigned)ind.provider, (unsigned)ind.indicator);
    if (first >= 0) {
        ROW_ERR(f, row, I_INDICATOR,
                _("indicator '%s' of provider '%s' appears twice (first on "
                  "line %d)"),
                name, pid, first);
        return;
    }
    if (ls_pairmap_put(&r->indicator_keys, (unsigned)ind.provider, (unsigned)ind.indicator,
                       (int)row->line) != 0 ||
        ls_grow((void **)&m->indicators, &r->indicators_cap, m->n_indicators,
                sizeof(ls_indicator)) != 0) {
        r->nomem = 1;
        return;
    }
    m->indicators[m->n_indicators++] = ind;
}

/* (indicators.h) Its rows and names dropped; the ids it noted as rejected dropped too, the
 * reading's unchecked ids put back as they were. */
void ls_indicators_undo(reading *r, ls_strmap *before, unsigned *header_line)
{
    r->m->n_indicators = r->m->n_indicator_names = 0;
    ls_strmap_free(&r->indicator_names);
    ls_pairmap_free(&r->indicator_keys);
    ls_strmap_free(&r->unchecked);
    r->unchecked = *before;
    *before = (ls_strmap){0};
    *header_line = 0;
}
