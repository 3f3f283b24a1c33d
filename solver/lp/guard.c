#include "guard.h"

#include <glpk.h>
#include <setjmp.h>
#include <stddef.h>

#include "lumpsum.h"
#include "util.h"

/* GLPK's environment (and so its hook) is per thread; the hook's info is the guard's jmp_buf */
static void on_glpk_error(void *info)
{
    longjmp(*(jmp_buf *)info, 1);
}

/* GLPK turns its terminal output on to report an error; the guard's caller reports it */
static int silent(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

int ls_guard_call(int (*fn)(void *ctx), void *ctx, int *lost)
{
    jmp_buf here;
    *lost = 0;
    glp_error_hook(on_glpk_error, &here);
    glp_term_hook(silent, NULL);
    if (setjmp(here) != 0) {
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        glp_free_env(); /* GLPK's state is undefined after its error: free all of it */
        *lost = 1;
        return LS_EINTERNAL;
    }
    int rc = fn(ctx);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    return rc;
}

void ls_thread_cleanup(void)
{
    glp_free_env();
}
