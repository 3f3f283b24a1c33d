/*
 * cli_export.c — `lumpsum export`: the LP of a stage for an auditor, to a file or standard
 * output.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "i18n.h"
#include "lumpsum.h"
#include "util.h"

static const char *const export_usage =
    N_("usage: lumpsum export MODEL --format lp|mps [--stage 1|2] [-o FILE] [--set KEY=VALUE]...\n"
       "\n"
       "Writes the LP of stage 1 (placement; default) or stage 2 (the final LP of the division,\n"
       "levels fixed) in CPLEX LP or free MPS form, so that an auditor can re-solve it with\n"
       "glpsol or any other solver and find the same objective. Without -o: standard output.\n");

/* The options; -1 to go on, else the exit code. */
static int parse(int argc, char **argv, ls_cli_common *common, const char **path,
                 const char **format, int *stage)
{
    static const struct option longopts[] = {{"set", required_argument, 0, 's'},
                                              {"format", required_argument, 0, 'f'},
                                              {"stage", required_argument, 0, 'S'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if (opt == '?') /* getopt named it; the option meant, where one is near */
            ls_cli_option_hint("export", argv[optind - 1], longopts);
        if (opt == 'h') {
            fputs(_(export_usage), stdout);
            return 0;
        }
        if (opt == 'o')
            *path = optarg;
        else if (opt == 'f')
            *format = optarg;
        else if (opt == 'S' && (strcmp(optarg, "1") == 0 || strcmp(optarg, "2") == 0))
            *stage = optarg[0] - '0';
        else if (opt == 'S') {
            fprintf(stderr, _("lumpsum export: --stage must be 1 or 2, not '%s'\n"), optarg);
            return LS_EUSAGE;
        } else if (ls_cli_common_option(opt, optarg, common) <= 0) {
            if (opt == '?') /* getopt said which, as for every command: the usage alone */
                fputs(_(export_usage), stderr);
            else
                fprintf(stderr, _("lumpsum export: bad option\n%s"), _(export_usage));
            return LS_EUSAGE;
        }
    }
    if (*format && strcmp(*format, "lp") != 0 && strcmp(*format, "mps") != 0) {
        fprintf(stderr, _("lumpsum export: --format must be lp or mps, not '%s'\n"), *format);
        return LS_EUSAGE;
    }
    if (optind != argc - 1 || !*format) {
        fprintf(stderr, _("lumpsum export: expected one MODEL and --format lp or mps\n%s"),
                _(export_usage));
        return LS_EUSAGE;
    }
    return -1;
}

/* The LP written to a temporary file, then copied to standard output. */
static int export_to_stdout(ls_model *model, int stage, ls_lp_format format, ls_errors *errs)
{
    char tmp[] = "/tmp/lumpsum-export-" LS_MKSTEMP_SUFFIX;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return LS_EINTERNAL;
    close(fd);
    int rc = ls_export(model, stage, format, tmp, errs);
    if (rc != LS_OK)
        ls_cli_print_failure("export", NULL, rc, errs);
    FILE *f = rc == LS_OK ? fopen(tmp, "r") : NULL;
    char buf[65536];
    size_t n;
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, stdout);
    if (f)
        fclose(f);
    unlink(tmp);
    return rc;
}

int ls_cli_export(int argc, char **argv, const ls_dist *dist)
{
    ls_cli_common common = {.dist = dist};
    const char *path = NULL, *format = NULL;
    int stage = 1;
    int rc = parse(argc, argv, &common, &path, &format, &stage);
    if (rc >= 0) {
        ls_cli_common_free(&common);
        return rc;
    }
    ls_errors errs = {0};
    ls_model *model = NULL;
    int to_stdout = !path || strcmp(path, "-") == 0;
    ls_lp_format form = format[0] == 'm' ? LS_LP_MPS : LS_LP_CPLEX;
    const ls_cli_output out = {to_stdout ? NULL : path, NULL, 0};
    rc = ls_cli_check_outputs(argv[optind], &out, 1); /* before the model is read and solved */
    if (rc == LS_OK)
        rc = ls_cli_read_model(argv[optind], &common, &model, &errs);
    if (rc == LS_OK) {
        ls_errors_clear(&errs);
        if (to_stdout)
            rc = export_to_stdout(model, stage, form, &errs);
        else if ((rc = ls_export(model, stage, form, path, &errs)) != LS_OK)
            ls_cli_print_failure("export", NULL, rc, &errs);
    }
    ls_model_free(model);
    ls_errors_clear(&errs);
    ls_cli_common_free(&common);
    return rc;
}
