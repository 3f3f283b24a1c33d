/*
 * round.c — money to cents, the one way every output does it: a rounded table adds up to its
 * rounded total (largest remainder; docs/method.md, "Rounding to cents"), and a batch row's
 * summary figures as summary.csv has them.
 */
#include <math.h>
#include <stdlib.h>

#include "format.h"
#include "lumpsum.h"

typedef struct cent_rest {
    double rest;
    size_t index;
} cent_rest;

static int by_rest(const void *a, const void *b)
{
    const cent_rest *x = a, *y = b;
    if (x->rest != y->rest)
        return x->rest < y->rest ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Largest cent_rest: every value is cut down to whole cents, and the cents the rounded total
 * still lacks go one each to the values with the largest cut-off parts (the earlier value
 * first on a tie). So the rounded values add up to the rounded total exactly. */
int ls_round_cents(const double *v, size_t n, double *out)
{
    /* a double holds whole cents exactly up to 2^53; past that (or NaN) the cents below
     * could not be counted, and a cast to long long would wrap: refuse */
    double total = 0;
    int holds = 1;
    for (size_t i = 0; i < n; i++) {
        total += v[i];
        holds &= fabs(v[i]) * 100 < 0x1p53;
    }
    holds &= fabs(total) * 100 < 0x1p53;
    cent_rest *rest = holds && n ? malloc(n * sizeof(cent_rest)) : NULL;
    long long *cents = holds && n ? malloc(n * sizeof(long long)) : NULL;
    if (!rest || !cents) { /* no memory, or too large: plain rounding, which cannot wrap */
        for (size_t i = 0; i < n; i++)
            out[i] = ls_shown_cents(v[i]);
        free(rest);
        free(cents);
        return holds ? LS_OK : LS_EINTERNAL;
    }
    total = 0;
    long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        total += v[i];
        double c = floor(v[i] * 100), part = v[i] * 100 - c, e;
        if (part == 0 && (e = fma(v[i], 100, -v[i] * 100)) < 0)
            c -= 1, part = 1 + e; /* a whole number only by the product's rounding */
        cents[i] = (long long)c;
        rest[i] = (cent_rest){part, i};
        sum += cents[i];
    }
    long long missing = llround(100 * ls_shown_cents(total)) - sum; /* the cents shown */
    qsort(rest, n, sizeof(cent_rest), by_rest);
    for (size_t k = 0; k < n && missing > 0; k++, missing--)
        cents[rest[k].index]++;
    for (size_t i = 0; i < n; i++)
        out[i] = (double)cents[i] / 100;
    free(rest);
    free(cents);
    return LS_OK;
}


/* As ls_round_result (write.c) rounds a result's summary. allocated is the sum of the budget
 * rows, and their largest-remainder cents add up to the rounded sum: rounding the sum gives
 * the figure summary.csv has. */
ls_batch_row ls_batch_row_rounded(const ls_batch_row *row)
{
    ls_batch_row r = *row;
    r.summary.available = ls_shown_cents(row->summary.available);
    r.summary.required = ls_shown_cents(row->summary.required);
    r.summary.allocated = ls_shown_cents(row->summary.allocated);
    r.summary.unallocated = ls_shown_cents(r.summary.available - r.summary.allocated);
    return r;
}
