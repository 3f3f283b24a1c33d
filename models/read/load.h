/*
 * load.h — a model file's bytes in memory, checked before a byte is read.
 *
 * Why a module of its own: what may be read is decided here, once, for every input file.
 * A file is opened without blocking (a FIFO or a device would otherwise hang the open or the
 * read for ever) and must be a regular file of at most LS_MAX_FILE_BYTES; anything else is an
 * input error at FILE:1:1 before any byte is read. A large file can be read in parts on
 * several threads (csvfile.c's parallel route).
 */
#ifndef LS_LOAD_H
#define LS_LOAD_H

#include <pthread.h>
#include <stddef.h>

#include "csvfile.h"
#include "lumpsum.h"

/* The largest model file lumpsum reads (1 GiB, some 33 million contracts, already 5 GB of
 * memory to read): a larger file is not a model, and reading it would only cost memory. */
#define LS_MAX_FILE_BYTES ((size_t)1 << 30)

/* One thread's part of a file read in parts: bytes [from, to), scanned for what decides the
 * route of csvfile.c's parallel reader. */
typedef struct ls_load_part {
    int fd;
    char *buf;
    size_t from, to;
    size_t newlines;
    size_t first_nl; /* offset of the part's first '\n'; SIZE_MAX: none */
    int quote, nul, lone_cr, cr_last;
    int err; /* errno of a failed read; EIO when the file shrank */
} ls_load_part;

/* Reads the regular file at path (named display in messages) into *buf (malloc'd, one spare
 * byte after *len bytes). When threads > 1 and the file has at least min_parallel bytes, it
 * is read in `threads` parts on as many threads, parts[0 … threads) describing them, and
 * *in_parts is set to 1 (else 0). Returns LS_OK; LS_EINPUT with a FILE:1:1 error when the
 * path cannot be read, is a directory, a FIFO, a device or a socket, or is larger than
 * LS_MAX_FILE_BYTES; LS_EINTERNAL out of memory. A missing file with found non-NULL sets
 * *found = 0 and returns LS_OK with nothing added. */
int ls_load_file(const char *path, const char *display, int threads, size_t min_parallel,
                 char **buf, size_t *len, ls_load_part *parts, int *in_parts, int *found,
                 ls_errors *errs);

/* A file loaded ahead on a thread of its own while the caller reads others (a model's
 * contracts.csv while its smaller files are read): what ls_load_file gives with its parts
 * read one after another, its messages kept apart until the reader takes them. */
typedef struct ls_loaded {
    pthread_t thread;
    char *path;
    int threads;
    size_t min_parallel;
    int rc, found, in_parts;
    char *buf;
    size_t len;
    ls_load_part parts[LS_CSV_MAX_THREADS];
    ls_errors errs;
} ls_loaded;

/* Starts loading path in `threads` parts (2 … LS_CSV_MAX_THREADS) when it is a regular file of
 * min_parallel to LS_MAX_FILE_BYTES bytes: 0; otherwise, or when no thread starts, -1 and
 * nothing to free. */
int ls_load_ahead(ls_loaded *l, const char *path, int threads, size_t min_parallel);
/* Waits for the load (once; later calls return at once). */
void ls_load_wait(ls_loaded *l);
/* Waits for the load and frees what no reader took. */
void ls_load_free(ls_loaded *l);

#endif
