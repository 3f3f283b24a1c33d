/*
 * guarded.c — ls_planner_solve under GLPK's error guard (guarded.h). The guard itself is
 * solver/lp/guard.c, which knows nothing of the planner; this wrapper sits above the
 * planner, with the studies that use it.
 */
#include "guarded.h"

#include <stddef.h>

#include "i18n.h"
#include "util.h"

typedef struct solve_call {
    ls_planner *planner;
    ls_result **out;
    ls_errors *errs;
} solve_call;

static int solve(void *ctx)
{
    solve_call *c = ctx;
    return ls_planner_solve(c->planner, c->out, c->errs);
}

int ls_guard_planner_solve(ls_planner *planner, ls_result **out, ls_errors *errs, long run,
                           int *lost)
{
    solve_call c = {planner, out, errs};
    int rc = ls_guard_call(solve, &c, lost);
    if (*lost) {
        if (run >= 0)
            ls_error_add(errs, NULL, 0, 0,
                         _("the solver (GLPK) failed on an internal error in "
                           "run %ld; no figures are given"),
                         run + 1);
        else
            ls_error_add(errs, NULL, 0, 0,
                         _("the solver (GLPK) failed on an internal error; no "
                           "figures are given"));
    }
    return rc;
}
