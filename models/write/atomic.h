/*
 * atomic.h — outputs written whole or not at all, and only where an output belongs.
 *
 * A set of files (plan --out DIR) is written into a new folder beside DIR, each file flushed
 * and fsync'ed; then the new folder and DIR are exchanged in one step
 * (renameat2(RENAME_EXCHANGE)), so a reader, a failure or a kill -9 sees either every old
 * file or every new one. Files of DIR that the set does not replace are carried into the new
 * folder by hard links before the exchange. A single file (--xlsx, sweep --out, export -o) is
 * written to a temporary file beside its target and renamed over it.
 *
 * Only regular files and new paths are written: a target that is a device, a FIFO, a socket,
 * a symbolic link, a directory or a read-only file is a usage error, refused before anything
 * is written (docs/testing.md); so is a path that would replace the model being read
 * (ls_output_spares_model). Temporary names carry the writer's process id; one left by a
 * process that died (kill -9) is removed by the next write beside it.
 */
#ifndef LS_ATOMIC_H
#define LS_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

#include "lumpsum.h"

/* Writes file i of n through fn(f, i, ctx) into dir, all n or none. dir is created when
 * missing (only at the end, with the files in it). Files of dir named in drop (a list ended
 * by NULL; NULL: none), the other files of a set like it that this one does not write, go
 * when the new files come, but for one made read-only; dir's other files stay. before, when
 * non-NULL, runs after the files are written and before they replace the old ones; a status
 * other than LS_OK from it leaves dir as it was. LS_EUSAGE when the path cannot take the
 * files (errs says why: empty, not a folder, a model's own folder, a name too long),
 * LS_EINTERNAL when a write fails. */
int ls_write_set(const char *dir, const char *const *names, int n, const char *const *drop,
                 void (*fn)(FILE *f, int i, void *ctx), void *ctx, int (*before)(void *before_ctx),
                 void *before_ctx, ls_errors *errs);

/* ls_write_set without a step before the exchange, dropping nothing. */
int ls_write_files(const char *dir, const char *const *names, int n,
                   void (*fn)(FILE *f, int i, void *ctx), void *ctx, ls_errors *errs);

/* Can path take an output file: a new name in an existing folder, or a regular file that is
 * not read-only? LS_OK with *mode the permissions the new file gets (the old file's, or
 * those of a new file); LS_EUSAGE with the reason in errs. */
int ls_output_check(const char *path, mode_t *mode, ls_errors *errs);

/* Can the folder dir take the set of n files names: ls_write_set's checks of the path, done
 * before anything is written. LS_OK, or LS_EUSAGE with the reason in errs. */
int ls_output_set_check(const char *dir, const char *const *names, int n, ls_errors *errs);

/* Would an output at path replace a file of the model read from model (a folder's tables, or
 * the workbook)? path is a file, or with names the folder the set of n files names goes
 * into. Files are compared by identity (device and inode), so "./x", "x" and a link to x are
 * one. LS_OK when the model is spared (or cannot be found: reading it says why); LS_EUSAGE
 * with the reason in errs. */
int ls_output_spares_model(const char *model, const char *path, const char *const *names, int n,
                           ls_errors *errs);

/* The first of a model's tables (budget.csv, wages.csv, providers.csv, contracts.csv,
 * segments.csv, indicators.csv, in that order) that the folder dir holds; NULL when none. */
const char *ls_model_table_in(const char *dir);

/* A temporary name beside path: "DIR/.BASE.lumpsum-PID-" and mkstemp's template of six
 * random characters (malloc'd, for mkstemp or mkdtemp). Removes such names left beside path by
 * processes that no longer run. NULL when out of memory. */
char *ls_output_temp_name(const char *path);

/* Writes one file at path through fn, whole or not at all, after ls_output_check. */
int ls_write_file(const char *path, void (*fn)(FILE *f, int i, void *ctx), void *ctx,
                  ls_errors *errs);

#endif
