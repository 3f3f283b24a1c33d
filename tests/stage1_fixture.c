#include "stage1_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "components.h"
#include "fixture.h"
#include "stage1.h"

void fx_stage1_solved(ls_model *m, const ls_stage1_options *opts, ls_stage1 *s1)
{
    ls_stage1_options defaults;
    if (!opts) {
        ls_stage1_options_init(&defaults);
        opts = &defaults;
    }
    ls_errors errs = {0};
    assert_int_equal(ls_stage1_build(m, 0, opts, s1), LS_OK);
    assert_int_equal(ls_components_solve(s1, &errs), LS_OK);
    ls_errors_clear(&errs);
}

ls_model *fx_village_with_target(char *dir, size_t size)
{
    char msg[256];
    ls_model *m = fx_generated("village", 2, dir, size);
    assert_int_equal(ls_model_set(m, "local_share_min", "0.3", msg, sizeof msg), LS_OK);
    ls_model_compute(m, NULL);
    return m;
}

ls_model *fx_regions(unsigned long seed, char *dir, size_t size)
{
    ls_generate_options opts;
    ls_generate_options_init(&opts);
    opts.inhabitants = 300000;
    opts.providers = 240;
    opts.areas = 24;
    opts.regions = 6;
    opts.seed = seed;
    opts.local_share_min = 0;
    return fx_generated_with(&opts, dir, size);
}
