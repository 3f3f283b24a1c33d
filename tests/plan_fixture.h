/*
 * plan_fixture.h — planning the fixture model by hand (test_plan.c, test_money.c,
 * test_pgb_years.c).
 *
 * The fixture (fixture.c): A (vvt, local, quality 8) and B (ghz, regional, quality 6);
 * s1 (wmo, 10 clients, 10 h) and s2 (jeugd, 4 clients, 20 h, max_tariff 1500).
 * Floors (test_read.c): (A, s1) 368.225, (B, s1) 376.8470588235295, (B, s2) 856.4705882352944.
 * So with nothing binding, s1 goes to A and s2 to B:
 *   F(A, wmo)   = 12 × 368.225 × 10            = 44,187.00
 *   F(B, jeugd) = 12 × 856.4705882352944 × 4   = 41,110.588235294126
 *   required    = 85,297.58823529413
 */
#ifndef LS_TEST_PLAN_FIXTURE_H
#define LS_TEST_PLAN_FIXTURE_H

#include "fixture.h"
#include "lumpsum.h"

#define FA 44187.0
#define FB 41110.588235294126
#define REQUIRED 85297.58823529413
#define EUR 1e-6 /* money to a millionth of a euro */

#define PROVIDERS_HEAD                                                                      \
    "provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,employer_charges," \
    "unproductive,overhead,margin\n"
#define B_ROW "B,Beta,ghz,0,,,,6,0.25,0.15,0.12,0.04\n"

typedef struct fx_plan_run {
    char *dir;
    ls_model *model;
    ls_result *result;
    ls_errors errs;
    int rc;
} fx_plan_run;

/* Writes the fixture with files replaced, reads it (a model that does not read fails the
 * test) and plans it; fx_plan_done frees it all and removes the directory. */
fx_plan_run fx_plan(const fx_file *files, size_t n);
void fx_plan_done(fx_plan_run *p);

/* The budget row of (provider, domain) (a test fails without one); the clients placed with
 * (provider, segment), 0 when none; the first binding of a kind (for provider, unless NULL). */
const ls_budget_row *fx_budget(const ls_result *r, const char *provider, const char *domain);
double fx_clients(const ls_result *r, const char *provider, const char *segment);
const ls_binding *fx_binding(const ls_result *r, ls_binding_kind kind, const char *provider);

#endif
