/*
 * csvstyle.h — the spelling of a CSV file lumpsum writes (ls_csv_style, lumpsum.h): plain
 * (',' between fields, a decimal point) as the writers write it, or Dutch (';' and a decimal
 * comma, no thousands separators, so that a Dutch Excel reads the numbers as numbers).
 *
 * The writers write plain; a Dutch file is the plain one spelled again field by field
 * (ls_csv_restyle), so that the two always hold the same figures.
 */
#ifndef LS_CSVSTYLE_H
#define LS_CSVSTYLE_H

#include <stdio.h>

#include "lumpsum.h"

/* The files of plan --out DIR (years.csv only with --years) and of risk --out DIR. */
#define LS_PLAN_CSV_FILES 5
#define LS_RISK_CSV_FILES 3
extern const char *const ls_plan_csv_names[LS_PLAN_CSV_FILES];
extern const char *const ls_risk_csv_names[LS_RISK_CSV_FILES];

/* The plain CSV text (len bytes) in the style, to out: every field that is a plain decimal
 * number ("-1234.5") with a decimal comma, the fields joined by ';', a text quoted where it
 * holds ';', a quote or a line break; lines starting with '#' as they are. */
void ls_csv_restyle(const char *text, size_t len, ls_csv_style style, FILE *out);

/* ls_write_set (atomic.h) in the style: plain writes through fn as it is; Dutch renders each
 * file first and writes it spelled again. LS_EINTERNAL when out of memory. */
int ls_csv_write_set(const char *dir, const char *const *names, int n, const char *const *drop,
                     void (*fn)(FILE *f, int i, void *ctx), void *ctx, ls_csv_style style,
                     int (*before)(void *before_ctx), void *before_ctx, ls_errors *errs);
/* ls_write_file (atomic.h) in the style. */
int ls_csv_write_file(const char *path, void (*fn)(FILE *f, int i, void *ctx), void *ctx,
                      ls_csv_style style, ls_errors *errs);

#endif
