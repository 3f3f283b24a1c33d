/*
 * dist.h — processes that share a run (OpenMPI; dist.c). The public calls (ls_dist_init,
 * ls_dist_rank, ...) are in lumpsum.h; these are the library's own. Each takes the context
 * of ls_dist_init; NULL (or a context of one process) makes each a no-op.
 */
#ifndef LS_DIST_H
#define LS_DIST_H

#include <stddef.h>

#include "lumpsum.h"

/* The largest rc over the ranks (LS_OK is 0; the codes grow with severity except usage). */
int ls_dist_max_int(const ls_dist *d, int v);

/* Rank 0 receives every rank's slice buf[offset[r] .. offset[r+1]) into the same place of its
 * own buf; offset has size + 1 entries. With one rank it does nothing. */
int ls_dist_gather(const ls_dist *d, double *buf, const size_t *offset);

/* The same in bytes (offset in bytes). */
int ls_dist_gather_bytes(const ls_dist *d, void *buf, const size_t *offset);

/* Rank root's n doubles to every rank. */
int ls_dist_bcast(const ls_dist *d, double *buf, size_t n, int root);

/* Every rank's errors and warnings appended to rank 0's errs (prefixed with the rank). */
void ls_dist_gather_errors(const ls_dist *d, ls_errors *errs);

#endif
