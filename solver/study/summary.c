/*
 * summary.c — a study's summaries (summary.h).
 */
#include "summary.h"

#include <math.h>

ls_summary ls_summary_none(void)
{
    return (ls_summary){.status = LS_NO_SOLUTION,
                        .budget = NAN,
                        .available = NAN,
                        .required = NAN,
                        .served_clients = NAN,
                        .unmet_clients = NAN,
                        .cut = NAN,
                        .margin = NAN,
                        .allocated = NAN,
                        .unallocated = NAN,
                        .pgb_clients = NAN,
                        .pgb_cost = NAN,
                        .break_even_wage_index = NAN};
}

/* A field added to ls_summary must be packed too. */
_Static_assert(sizeof(ls_summary) == LS_SUMMARY_DOUBLES * sizeof(double),
               "ls_summary_pack packs every field of ls_summary");

void ls_summary_pack(const ls_summary *s, double *d)
{
    d[0] = (double)s->status;
    d[1] = s->budget;
    d[2] = s->available;
    d[3] = s->required;
    d[4] = s->served_clients;
    d[5] = s->unmet_clients;
    d[6] = s->cut;
    d[7] = s->margin;
    d[8] = s->allocated;
    d[9] = s->unallocated;
    d[10] = s->pgb_clients;
    d[11] = s->pgb_cost;
    d[12] = s->break_even_wage_index;
}

void ls_summary_unpack(const double *d, ls_summary *s)
{
    s->status = (ls_status)(int)d[0];
    s->budget = d[1];
    s->available = d[2];
    s->required = d[3];
    s->served_clients = d[4];
    s->unmet_clients = d[5];
    s->cut = d[6];
    s->margin = d[7];
    s->allocated = d[8];
    s->unallocated = d[9];
    s->pgb_clients = d[10];
    s->pgb_cost = d[11];
    s->break_even_wage_index = d[12];
}
