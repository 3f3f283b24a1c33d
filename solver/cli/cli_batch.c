/*
 * cli_batch.c — `lumpsum plan --batch DIR`: a row per model, as a table, JSON or batch.csv.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "format.h"
#include "i18n.h"
#include "lumpsum.h"

static void progress_models(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    fputc('\r', stderr);
    fprintf(stderr, _("  %zu of %zu models planned"), done, total);
    if (done == total)
        fputc('\n', stderr);
}

/* The table: a row per model, the totals, and how many have a plan. */
static void print_batch(const char *dir, const ls_batch_row *rows, size_t n, size_t left_out,
                        const char *out)
{
    char a[64], b[64], c[64], d[64], m[256], st[64];
    size_t failed = 0, under = 0, unmet = 0;
    double budget = 0, required = 0, available = 0;
    printf(
        P_("lumpsum plan --batch %s: %zu model\n\n", "lumpsum plan --batch %s: %zu models\n\n", n),
        dir, n);
    size_t wm = 24;
    for (size_t i = 0; i < n; i++)
        wm = ls_text_width(rows[i].model) > wm ? ls_text_width(rows[i].model) : wm;
    int wb = ls_cli_width(_("budget"), 18), wa = ls_cli_width(_("available"), 18),
        wr = ls_cli_width(_("required"), 18), wc = ls_cli_width(_("cut/margin"), 11),
        wu = ls_cli_width(_("unmet"), 10);
    /* a model's status tells its clients without a place (", unmet"), as plan's verdict */
    size_t ws = 12;
    for (size_t i = 0; i < n; i++) {
        const char *t = rows[i].rc != LS_OK ? _("no plan")
                                            : ls_cli_status_text(rows[i].summary.status,
                                                                 rows[i].summary.unmet_clients);
        ws = ls_text_width(t) > ws ? ls_text_width(t) : ws;
    }
    printf("  %s %s %*s %*s %*s %*s %*s\n", ls_text_pad(m, sizeof m, _("model"), wm, 0, 0),
           ls_text_pad(st, sizeof st, _("status"), ws, 0, 0), wb, _("budget"), wa, _("available"),
           wr, _("required"), wc, _("cut/margin"), wu, _("unmet"));
    for (size_t i = 0; i < n; i++) {
        const ls_batch_row rounded = ls_batch_row_rounded(&rows[i]), *r = &rounded;
        if (r->rc != LS_OK) {
            failed++;
            printf("  %s %s %s\n", ls_text_pad(m, sizeof m, r->model, wm, 0, 0),
                   ls_text_pad(st, sizeof st, _("no plan"), ws, 0, 0), r->message);
            continue;
        }
        under += r->summary.status == LS_UNDERFUNDED;
        unmet += r->summary.unmet_clients > 0;
        budget += r->summary.budget, required += r->summary.required,
            available += r->summary.available;
        char u[64];
        printf(
            "  %s %s %*s %*s %*s %*s %*s\n", ls_text_pad(m, sizeof m, r->model, wm, 0, 0),
            ls_text_pad(st, sizeof st,
                        ls_cli_status_text(r->summary.status, r->summary.unmet_clients), ws, 0, 0),
            wb, ls_cli_euro(r->summary.budget, a, sizeof a), wa,
            ls_cli_euro(r->summary.available, b, sizeof b), wr,
            ls_cli_euro(r->summary.required, c, sizeof c), wc,
            ls_cli_percent_cell(r->summary.status == LS_FUNDED ? r->summary.margin : r->summary.cut,
                                d, sizeof d),
            wu, ls_cli_num(r->summary.unmet_clients, 2, u, sizeof u));
    }
    printf("  %s %*s %*s %*s %*s\n", ls_text_pad(m, sizeof m, _("total"), wm, 0, 0), (int)ws, "",
           wb, ls_cli_euro(budget, a, sizeof a), wa, ls_cli_euro(available, b, sizeof b), wr,
           ls_cli_euro(required, c, sizeof c));
    printf(_("\n%zu planned (%zu underfunded), %zu without a plan.\n"), n - failed, under, failed);
    if (unmet)
        printf(P_("%zu model leaves clients without a place (unmet); required does not count "
                  "their care.\n",
                  "%zu models leave clients without a place (unmet); required does not count "
                  "their care.\n",
                  unmet),
               unmet);
    if (left_out)
        printf(P_("%zu entry of %s left out: not a model, or a model counted already (its "
                  "warning says which).\n",
                  "%zu entries of %s left out: not models, or models counted already (their "
                  "warnings say which).\n",
                  left_out),
               left_out, dir);
    if (out)
        printf(_("Wrote %s\n"), out);
}

/* --out FILE, before the models are planned: a path an output may take, and no file of one
 * of the models (the folders and workbooks in dir, as ls_plan_batch finds them). LS_OK, or
 * the exit code after the message. */
static int check_out(const char *dir, const char *out)
{
    const ls_cli_output o = {out, NULL, 0};
    int rc = ls_cli_check_outputs(NULL, &o, 1);
    DIR *d = out && rc == LS_OK ? opendir(dir) : NULL;
    if (!d)
        return rc; /* (a dir that cannot be listed: the batch says why) */
    for (struct dirent *e; rc == LS_OK && (e = readdir(d)) != NULL;) {
        if (!ls_batch_entry(dir, e->d_name))
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *model = malloc(n);
        if (!model) {
            rc = LS_EINTERNAL;
            break;
        }
        snprintf(model, n, "%s/%s", dir, e->d_name);
        rc = ls_cli_check_outputs(model, &o, 1);
        free(model);
    }
    closedir(d);
    return rc;
}

int ls_cli_batch(const char *dir, const char *out, int threads, ls_cli_common *common)
{
    int rc = check_out(dir, out);
    if (rc != LS_OK)
        return rc;
    ls_read_options ro;
    ls_cli_read_options(common, &ro);
    ls_batch_options bo;
    ls_batch_options_init(&bo);
    bo.threads = threads;
    bo.dist = common->dist;
    if (ls_cli_show_progress(common))
        bo.progress = progress_models;
    ls_batch_row *rows = NULL;
    size_t n = 0;
    ls_errors errs = {0};
    rc = ls_plan_batch(dir, &ro, &bo, &rows, &n, &errs);
    if (rc != LS_OK) {
        /* what was left out, then why nothing is left: the folder's messages name it */
        ls_cli_print_errors(&errs, stderr);
        if (!errs.n_errors)
            ls_cli_print_failure("plan", NULL, rc, &errs);
        ls_errors_clear(&errs);
        return rc;
    }
    if (!rows) /* under mpirun, a rank other than 0 */
        return LS_OK;
    /* what the batch left out (a folder that is no model, a workbook that repeats a folder),
     * then each model's warnings, as plan prints them, in the rows' order */
    ls_cli_print_errors(&errs, stderr);
    for (size_t i = 0; i < n; i++)
        if (rows[i].warnings)
            fputs(rows[i].warnings, stderr);
    size_t left_out = errs.n_warnings;
    ls_errors_clear(&errs); /* said once: a failed write below says only itself */
    if (out && (rc = ls_batch_write_csv_as(rows, n, out, common->csv, &errs)) != LS_OK) {
        ls_cli_print_errors(&errs, stderr);
        ls_errors_clear(&errs);
        ls_batch_rows_free(rows, n);
        return rc;
    }
    if (common->json) {
        char *json = NULL;
        if (ls_batch_to_json(rows, n, &json) == LS_OK)
            ls_cli_print_text(json);
    } else
        print_batch(dir, rows, n, left_out, out);
    rc = ls_batch_exit_code(rows, n);
    ls_batch_rows_free(rows, n);
    ls_errors_clear(&errs);
    return rc;
}
