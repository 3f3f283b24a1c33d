/*
 * atomic.h — writing a set of files into a directory all together or not at all.
 *
 * Each file goes to a temporary file in the target directory (so rename cannot cross file
 * systems), is flushed and fsync'ed, and only when every one was written are they renamed
 * over their targets. On any failure the temporaries are removed and old files stay.
 */
#ifndef LS_ATOMIC_H
#define LS_ATOMIC_H

#include <stdio.h>

#include "lumpsum.h"

/* Writes file i of n through fn(f, i, ctx). Creates dir when missing. LS_EUSAGE when the
 * path cannot take the files, LS_EINTERNAL when a write fails; errs says which. */
int ls_write_files(const char *dir, const char *const *names, int n,
                   void (*fn)(FILE *f, int i, void *ctx), void *ctx, ls_errors *errs);

#endif
