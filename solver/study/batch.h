/*
 * batch.h — which entries of a batch's folder are models (batch.c): the command line checks
 * its --out against the same ones the batch plans.
 */
#ifndef LS_BATCH_H
#define LS_BATCH_H

/* Is dir/name a model of a batch: a folder, or a workbook (a file named *.xlsx); not a hidden
 * entry, nor the lock file a spreadsheet keeps beside an open workbook (~$name.xlsx)? */
int ls_batch_entry(const char *dir, const char *name);

#endif
