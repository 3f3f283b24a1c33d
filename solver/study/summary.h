/*
 * summary.h — a study's summaries (summary.c): the summary of a value or a run without a
 * solution, and a summary as doubles for its trip between MPI ranks (sweep.c, batch.c).
 */
#ifndef LS_STUDY_SUMMARY_H
#define LS_STUDY_SUMMARY_H

#include "lumpsum.h"

/* The doubles ls_summary_pack writes. */
enum { LS_SUMMARY_DOUBLES = 13 };

/* Status LS_NO_SOLUTION, every figure NAN. */
ls_summary ls_summary_none(void);

/* s as d[0 .. LS_SUMMARY_DOUBLES − 1] (the status as a number), and back. */
void ls_summary_pack(const ls_summary *s, double *d);
void ls_summary_unpack(const double *d, ls_summary *s);

#endif
