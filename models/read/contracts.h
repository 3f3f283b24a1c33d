/*
 * contracts.h — contracts.csv's columns and handlers (contracts.c), for read.c.
 */
#ifndef LS_CONTRACTS_H
#define LS_CONTRACTS_H

#include "table.h"

extern const col_spec ls_contracts_cols[];
extern const size_t ls_contracts_n_cols;

/* A row through the one-thread route (a workbook's, or a row a worker left): the checks with
 * their FILE:LINE:COLUMN errors, then the contract added. */
void ls_contracts_row(file_ctx *f, const ls_csv_row *row);

/* The parallel route's calls (csvfile.h, ls_csv_parallel): room for every line before the
 * first row; a plain row prepared on a worker (0) or left to ls_contracts_row (1); a
 * prepared row committed in file order (non-zero: the errors are full, stop). */
int ls_contracts_begin(void *ctx, size_t lines);
int ls_contracts_prepare(void *ctx, int worker, const ls_csv_row *row);
int ls_contracts_commit(void *ctx, unsigned line);
/* Every row prepared: all of them committed at once (0) when none can repeat another, else
 * left to ls_contracts_commit (1). */
int ls_contracts_commit_all(void *ctx, size_t rows);

#endif
