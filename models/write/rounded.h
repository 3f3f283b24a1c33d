/*
 * rounded.h — a result's money rounded to cents, shared by the CSV, JSON and Excel writers
 * (write.c): every money column by largest remainder, so that it adds up exactly to its
 * rounded total.
 */
#ifndef LS_ROUNDED_H
#define LS_ROUNDED_H

#include "lumpsum.h"

typedef struct rounded {
    double *floor_cost;  /* per allocation row */
    double *budget;      /* per budget row */
    double *group_floor; /* per budget row */
    double *pgb_cost;    /* per segment row */
    double available, required, allocated, unallocated;
    double pgb_total; /* the pgb_cost rows' cents added up */
} rounded;

int ls_round_result(const ls_result *res, rounded *r);
void ls_rounded_free(rounded *r);

/* Each of n results rounded; NULL when out of memory. */
rounded *ls_round_results(ls_result *const *res, size_t n);
void ls_rounded_free_all(rounded *r, size_t n);

#endif
