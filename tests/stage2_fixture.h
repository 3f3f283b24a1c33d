/*
 * stage2_fixture.h — the hand-made models of the stage-2 tests (test_stage2.c,
 * test_stage2_random.c): four files and one wage, placed by stage 1 and divided by stage 2.
 *
 * Every hand-made model has no surcharges (employer charges, unproductive time, overhead and
 * margin 0 in budget.csv) and one wage, 10 € an hour, so a floor is hours × 10 € a month; with
 * max_shift 0 every client stays where current_clients puts it, and F_g = 12 × floor × clients.
 */
#ifndef LS_STAGE2_FIXTURE_H
#define LS_STAGE2_FIXTURE_H

#include <string.h>

#include "components.h"
#include "fixture.h"
#include "model.h"
#include "stage2.h"

#define SEG_HEAD                                                                             \
    "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff,"        \
    "pgb_clients,pgb_tariff\n"
#define PROV_HEAD "provider,cao,local,min_budget,max_budget,quality,overhead\n"
#define CON_HEAD "provider,segment,current_clients\n"
#define BUDGET_HEAD                                                                          \
    "key,value\nemployer_charges,0\nunproductive,0\noverhead,0\nmargin,0\nmax_shift,0\n"
#define CENT 0.005


typedef struct run2 {
    char *dir;
    ls_model *m;
    ls_stage1 s1;
    ls_stage2 s2;
    ls_errors errs;
    int rc;
} run2;

/* Reads a model made of the four files (wages: vvt n 10 €/h), places it and divides it. */
static inline int solve_dir(run2 *r)
{
    assert_int_equal(ls_model_read(r->dir, NULL, &r->m, &r->errs), LS_OK);
    assert_int_equal(ls_stage1_build(r->m, 0, NULL, &r->s1), LS_OK);
    int rc = ls_components_solve(&r->s1, &r->errs);
    if (rc != LS_OK)
        return rc;
    return ls_stage2_solve(r->m, r->s1.x, NULL, 0, &r->s2, &r->errs);
}

static inline run2 run(const char *segments, const char *providers, const char *contracts,
                const char *budget)
{
    run2 r;
    memset(&r, 0, sizeof r);
    fx_file f[] = {{"segments.csv", segments},
                   {"wages.csv", "cao,scale,hourly_wage\nvvt,n,10\n"},
                   {"providers.csv", providers},
                   {"contracts.csv", contracts},
                   {"budget.csv", budget}};
    r.dir = fx_model(f, 5);
    r.rc = solve_dir(&r);
    return r;
}

static inline void done(run2 *r)
{
    ls_stage2_free(&r->s2);
    ls_stage1_free(&r->s1);
    ls_model_free(r->m);
    ls_errors_clear(&r->errs);
    fx_remove(r->dir);
}

static inline const ls_group *group(const run2 *r, const char *provider, const char *domain)
{
    for (size_t g = 0; g < r->s2.n_groups; g++) {
        const ls_group *gr = &r->s2.groups[g];
        if (strcmp(r->m->providers[gr->provider].id, provider) == 0 &&
            strcmp(ls_domain_names[gr->domain], domain) == 0)
            return gr;
    }
    fail_msg("no group (%s, %s)", provider, domain);
    return NULL;
}

static inline double allocated(const run2 *r)
{
    double sum = 0;
    for (size_t g = 0; g < r->s2.n_groups; g++)
        sum += r->s2.groups[g].budget;
    return sum;
}

#endif
