/*
 * dist.h — processes that share a run (OpenMPI; dist.c). The public calls (ls_dist_init,
 * ls_dist_rank, ...) are in lumpsum.h; these are the library's own.
 */
#ifndef LS_DIST_H
#define LS_DIST_H

#include <stddef.h>

#include "lumpsum.h"

/* The largest rc over the ranks (LS_OK is 0; the codes grow with severity except usage). */
int ls_dist_max_int(int v);

/* Rank 0 receives every rank's slice buf[offset[r] .. offset[r+1]) into the same place of its
 * own buf; offset has size + 1 entries. With one rank it does nothing. */
int ls_dist_gather(double *buf, const size_t *offset);

/* The same in bytes (offset in bytes). */
int ls_dist_gather_bytes(void *buf, const size_t *offset);

/* Rank root's n doubles to every rank. */
int ls_dist_bcast(double *buf, size_t n, int root);

/* Every rank's errors and warnings appended to rank 0's errs (prefixed with the rank). */
void ls_dist_gather_errors(ls_errors *errs);

#endif
