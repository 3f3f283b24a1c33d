/*
 * dist.c — runs shared by processes on several machines, with OpenMPI (docs/distributed.md).
 *
 * The same binary runs alone or under mpirun. ls_dist_init gives the context (rank, size, and
 * whether MPI runs) that the studies take in their options; nothing here is a process global.
 * MPI is started only when an MPI launcher started the process (OpenMPI and PMIx set
 * OMPI_COMM_WORLD_SIZE / PMIX_RANK): a plain `lumpsum plan` never touches it. Built without MPI
 * (LS_MPI=OFF), everything here is rank 0 of 1. The ranks exchange plain arrays of doubles: rank 0
 * gathers, computes the summaries and writes every file; no rank writes anything else.
 */
#include "dist.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "i18n.h"

#ifdef LS_HAVE_MPI
#include <mpi.h>
#endif

struct ls_dist {
    int rank, size;
    int on; /* MPI was initialised (the program runs under mpirun) */
};

int ls_dist_init(int *argc, char ***argv, ls_dist **out)
{
    ls_dist *d = calloc(1, sizeof(*d));
    *out = NULL;
    if (!d)
        return LS_EINTERNAL;
    d->size = 1;
#ifdef LS_HAVE_MPI
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE")) {
        int provided;
        /* only the main thread calls MPI; workers are GLPK threads */
        if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
            free(d);
            return LS_EINTERNAL;
        }
        MPI_Comm_rank(MPI_COMM_WORLD, &d->rank);
        MPI_Comm_size(MPI_COMM_WORLD, &d->size);
        d->on = 1;
    }
#else
    (void)argc;
    (void)argv;
#endif
    *out = d;
    return LS_OK;
}

void ls_dist_finalize(ls_dist *d)
{
#ifdef LS_HAVE_MPI
    if (d && d->on)
        MPI_Finalize();
#endif
    free(d);
}

int ls_dist_rank(const ls_dist *d)
{
    return d ? d->rank : 0;
}

int ls_dist_size(const ls_dist *d)
{
    return d ? d->size : 1;
}

#ifdef LS_HAVE_MPI
/* MPI runs with more than one rank: only then is there anything to exchange */
static int shared(const ls_dist *d)
{
    return d && d->on && d->size > 1;
}
#endif

int ls_dist_max_int(const ls_dist *d, int v)
{
#ifdef LS_HAVE_MPI
    if (shared(d)) {
        int out = v;
        MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return out;
    }
#else
    (void)d;
#endif
    return v;
}

#ifdef LS_HAVE_MPI
/* MPI counts are ints: large slices travel in pieces */
#define PIECE ((size_t)1 << 26)
#endif

int ls_dist_gather_bytes(const ls_dist *d, void *buf, const size_t *offset)
{
#ifdef LS_HAVE_MPI
    char *b = buf;
    if (!shared(d))
        return LS_OK;
    int rank = d->rank;
    if (rank == 0) {
        for (int r = 1; r < d->size; r++)
            for (size_t i = offset[r]; i < offset[r + 1]; i += PIECE) {
                size_t n = offset[r + 1] - i < PIECE ? offset[r + 1] - i : PIECE;
                if (MPI_Recv(b + i, (int)n, MPI_BYTE, r, 1, MPI_COMM_WORLD,
                             MPI_STATUS_IGNORE) != MPI_SUCCESS)
                    return LS_EINTERNAL;
            }
    } else
        for (size_t i = offset[rank]; i < offset[rank + 1]; i += PIECE) {
            size_t n = offset[rank + 1] - i < PIECE ? offset[rank + 1] - i : PIECE;
            if (MPI_Send(b + i, (int)n, MPI_BYTE, 0, 1, MPI_COMM_WORLD) != MPI_SUCCESS)
                return LS_EINTERNAL;
        }
#else
    (void)d;
    (void)buf;
    (void)offset;
#endif
    return LS_OK;
}

int ls_dist_gather(const ls_dist *d, double *buf, const size_t *offset)
{
    int size = ls_dist_size(d);
    if (size < 2)
        return LS_OK;
    size_t *bytes = malloc(((size_t)size + 1) * sizeof(size_t));
    if (!bytes)
        return LS_EINTERNAL;
    for (int r = 0; r <= size; r++)
        bytes[r] = offset[r] * sizeof(double);
    int rc = ls_dist_gather_bytes(d, buf, bytes);
    free(bytes);
    return rc;
}

int ls_dist_bcast(const ls_dist *d, double *buf, size_t n, int root)
{
#ifdef LS_HAVE_MPI
    if (shared(d))
        for (size_t i = 0; i < n; i += PIECE) {
            size_t k = n - i < PIECE ? n - i : PIECE;
            if (MPI_Bcast(buf + i, (int)k, MPI_DOUBLE, root, MPI_COMM_WORLD) != MPI_SUCCESS)
                return LS_EINTERNAL;
        }
#else
    (void)d;
    (void)buf;
    (void)n;
    (void)root;
#endif
    return LS_OK;
}

void ls_dist_gather_errors(const ls_dist *d, ls_errors *errs)
{
#ifdef LS_HAVE_MPI
    if (!shared(d))
        return;
    /* each message as "file\x1fline\x1fcolumn\x1fmessage\x1e" */
    if (d->rank == 0) {
        for (int r = 1; r < d->size; r++) {
            int len = 0;
            MPI_Recv(&len, 1, MPI_INT, r, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            char *text = malloc((size_t)len + 1);
            if (!text) {
                errs->out_of_memory = 1;
                continue;
            }
            MPI_Recv(text, len, MPI_CHAR, r, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            text[len] = '\0';
            for (char *rec = text, *end; *rec; rec = end + 1) {
                end = strchr(rec, '\x1e');
                if (!end)
                    break;
                *end = '\0';
                char *f[4] = {rec, NULL, NULL, NULL};
                for (int k = 1; k < 4 && f[k - 1]; k++) {
                    char *sep = strchr(f[k - 1], '\x1f');
                    if (sep)
                        *sep = '\0', f[k] = sep + 1;
                }
                if (f[3])
                    ls_error_add(errs, *f[0] ? f[0] : NULL, (unsigned)atoi(f[1]),
                                 (unsigned)atoi(f[2]), _("rank %d: %s"), r, f[3]);
            }
            free(text);
        }
        return;
    }
    size_t cap = 1, n = 0;
    for (size_t i = 0; i < errs->n_errors; i++)
        cap += strlen(errs->errors[i].message) +
               (errs->errors[i].file ? strlen(errs->errors[i].file) : 0) + 32;
    char *text = malloc(cap);
    if (!text)
        cap = 1, text = NULL;
    for (size_t i = 0; text && i < errs->n_errors; i++) {
        const ls_error *e = &errs->errors[i];
        n += (size_t)snprintf(text + n, cap - n, "%s\x1f%u\x1f%u\x1f%s\x1e", e->file ? e->file : "",
                              e->line, e->column, e->message);
    }
    int len = (int)n;
    MPI_Send(&len, 1, MPI_INT, 0, 2, MPI_COMM_WORLD);
    MPI_Send(text ? text : "", len, MPI_CHAR, 0, 3, MPI_COMM_WORLD);
    free(text);
#else
    (void)d;
    (void)errs;
#endif
}
