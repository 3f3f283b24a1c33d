/*
 * plan_fixture.c — planning the fixture model for the hand-computed tests (plan_fixture.h).
 */
#include "plan_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

fx_plan_run fx_plan(const fx_file *files, size_t n)
{
    fx_plan_run p = {0};
    p.dir = fx_model(files, n);
    if (ls_model_read(p.dir, NULL, &p.model, &p.errs) != LS_OK) {
        for (size_t i = 0; i < p.errs.n_errors; i++)
            print_error("%s:%u:%u: %s\n", p.errs.errors[i].file, p.errs.errors[i].line,
                        p.errs.errors[i].column, p.errs.errors[i].message);
        fail_msg("the model does not read");
    }
    p.rc = ls_plan(p.model, &p.result, &p.errs);
    return p;
}

void fx_plan_done(fx_plan_run *p)
{
    ls_result_free(p->result);
    ls_model_free(p->model);
    ls_errors_clear(&p->errs);
    fx_remove(p->dir);
}

const ls_budget_row *fx_budget(const ls_result *r, const char *provider, const char *domain)
{
    for (size_t i = 0; i < r->n_budgets; i++)
        if (strcmp(r->budgets[i].provider, provider) == 0 &&
            strcmp(r->budgets[i].domain, domain) == 0)
            return &r->budgets[i];
    fail_msg("no budget row (%s, %s)", provider, domain);
    return NULL;
}

double fx_clients(const ls_result *r, const char *provider, const char *segment)
{
    for (size_t i = 0; i < r->n_allocation; i++)
        if (strcmp(r->allocation[i].provider, provider) == 0 &&
            strcmp(r->allocation[i].segment, segment) == 0)
            return r->allocation[i].clients;
    return 0;
}

const ls_binding *fx_binding(const ls_result *r, ls_binding_kind kind, const char *provider)
{
    for (size_t i = 0; i < r->n_bindings; i++)
        if (r->bindings[i].kind == kind &&
            (!provider ||
             (r->bindings[i].provider && strcmp(r->bindings[i].provider, provider) == 0)))
            return &r->bindings[i];
    return NULL;
}
