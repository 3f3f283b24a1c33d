/*
 * cli_init.c — `lumpsum init TARGET`: writes a new model to fill in (ls_template_write):
 * TARGET.xlsx a workbook, any other TARGET a folder of CSV files; never over an existing one.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"
#include "lumpsum.h"

static const char *init_usage(void)
{
    return _("usage: lumpsum init TARGET\n"
             "\n"
             "Writes a new model to fill in, with one example row a table:\n"
             "  TARGET.xlsx  a workbook whose sheets are the tables (segments, wages,\n"
             "               providers, contracts, budget, indicators; in Dutch with\n"
             "               --lang nl), every column explained in its header's comment,\n"
             "               drop-down lists where a column takes a few words or an id\n"
             "  TARGET       a folder of the six CSV files, the columns explained in # lines\n"
             "Then: lumpsum check TARGET, and lumpsum plan TARGET --xlsx plan.xlsx.\n"
             "init never overwrites: TARGET must not exist.\n");
}

int ls_cli_init(int argc, char **argv, const ls_dist *dist)
{
    static const struct option longopts[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    (void)dist;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (opt == '?') /* getopt named it; the option meant, where one is near */
            ls_cli_option_hint("init", argv[optind - 1], longopts);
        if (opt == 'h') {
            fputs(init_usage(), stdout);
            return 0;
        }
        fputs(init_usage(), stderr);
        return LS_EUSAGE;
    }
    if (optind != argc - 1 || !*argv[optind]) { /* ("" is no path) */
        fprintf(stderr, _("lumpsum init: give one TARGET\n%s"), init_usage());
        return LS_EUSAGE;
    }
    const char *target = argv[optind];
    struct stat st;
    if (lstat(target, &st) == 0) {
        fprintf(stderr, _("lumpsum: %s: already exists; init writes a new model only (give "
                          "another name)\n"), target);
        return LS_EUSAGE;
    }
    ls_errors errs = {0};
    int rc = ls_template_write(target, &errs);
    ls_cli_print_errors(&errs, stderr);
    ls_errors_clear(&errs);
    if (rc != LS_OK)
        return rc;
    printf(_("Wrote a model to fill in: %s\n"
             "Fill in the tables (each column's meaning is in its header), then:\n"
             "  lumpsum check %s\n"
             "  lumpsum plan %s --xlsx plan.xlsx\n"),
           target, target, target);
    return LS_OK;
}
