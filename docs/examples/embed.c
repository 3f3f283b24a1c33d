/*
 * embed.c — lumpsum in a program of your own: read a model, plan it, print the verdict.
 *
 *   cc embed.c $(pkg-config --cflags --libs lumpsum) -o embed && ./embed data/brunssum
 *
 * Exit codes as the command line's: 1 bad input (the messages on standard error), 3 no
 * solution, 4 an internal failure.
 */
#include <stdio.h>

#include <lumpsum.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: embed MODEL_DIR\n");
        return 2;
    }
    ls_read_options opts;
    ls_read_options_init(&opts);
    ls_errors errs = {0};
    ls_model *model = NULL;
    ls_result *result = NULL;
    int rc = ls_model_read(argv[1], &opts, &model, &errs);
    if (rc == LS_OK)
        rc = ls_plan(model, &result, &errs);
    for (size_t i = 0; i < errs.n_errors; i++)
        fprintf(stderr, "%s:%u:%u: %s\n", errs.errors[i].file ? errs.errors[i].file : "",
                errs.errors[i].line, errs.errors[i].column, errs.errors[i].message);
    if (rc == LS_OK) {
        printf("%s", ls_status_name(result->summary.status));
        if (result->summary.unmet_clients > 0)
            printf(", but %.2f clients have no place", result->summary.unmet_clients);
        printf(": required %.2f, available %.2f, allocated %.2f euros a year\n",
               result->summary.required, result->summary.available, result->summary.allocated);
    }
    ls_result_free(result);
    ls_model_free(model);
    ls_errors_clear(&errs);
    return rc;
}
