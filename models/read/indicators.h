/*
 * indicators.h — indicators.csv's columns and handlers (indicators.c), for read.c.
 */
#ifndef LS_INDICATORS_H
#define LS_INDICATORS_H

#include "table.h"

extern const col_spec ls_indicators_cols[];
extern const size_t ls_indicators_n_cols;

/* A row: the provider, the indicator and its score (0 to 10) checked with their
 * FILE:LINE:COLUMN errors, a repeat of a provider's indicator refused, the indicator's name
 * interned; a row refused whole leaves its indicator with the reading (tbl_reject). */
void ls_indicators_row(file_ctx *f, const ls_csv_row *row);
void ls_indicators_reject(file_ctx *f, const ls_csv_row *row);

/* Drops what indicators.csv's reading gave (its rows, its names) and puts the reading's
 * unchecked ids back as they were before it (*before, then taken; *header_line 0). */
void ls_indicators_undo(reading *r, ls_strmap *before, unsigned *header_line);

#endif
