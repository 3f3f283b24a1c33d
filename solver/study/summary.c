/*
 * summary.c — a study's summaries (summary.h).
 */
#include "summary.h"

#include <math.h>

ls_summary ls_summary_none(void)
{
    return (ls_summary){LS_NO_SOLUTION, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
}

void ls_summary_pack(const ls_summary *s, double *d)
{
    const double v[LS_SUMMARY_DOUBLES] = {(double)s->status,
                                          s->budget,
                                          s->available,
                                          s->required,
                                          s->served_clients,
                                          s->unmet_clients,
                                          s->cut,
                                          s->margin,
                                          s->allocated,
                                          s->unallocated,
                                          s->pgb_clients,
                                          s->pgb_cost,
                                          s->break_even_wage_index};
    for (int k = 0; k < LS_SUMMARY_DOUBLES; k++)
        d[k] = v[k];
}

void ls_summary_unpack(const double *d, ls_summary *s)
{
    *s = (ls_summary){(ls_status)(int)d[0],
                      d[1],
                      d[2],
                      d[3],
                      d[4],
                      d[5],
                      d[6],
                      d[7],
                      d[8],
                      d[9],
                      d[10],
                      d[11],
                      d[12]};
}
