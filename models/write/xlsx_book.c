/*
 * xlsx_book.c — a workbook being written (xlsx_book.h): formats, headers, the settings sheet,
 * the required-and-available chart, and the write whole or not at all.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "lumpsum.h"
#include "atomic.h"
#include "rounded.h"
#include "i18n.h"
#include "util.h"

#include "xlsx_book.h"

static void ls_book_formats(book *b)
{
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xDDEBF7);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    format_set_text_wrap(b->head); /* a long header on two lines, not over its neighbour */
    format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
    b->right = workbook_add_format(b->wb);
    format_set_align(b->right, LXW_ALIGN_RIGHT);
    b->euro = workbook_add_format(b->wb);
    format_set_num_format(b->euro, "\"€ \"#,##0.00");
    b->euro_bold = workbook_add_format(b->wb);
    format_set_num_format(b->euro_bold, "\"€ \"#,##0.00");
    format_set_bold(b->euro_bold);
    format_set_top(b->euro_bold, LXW_BORDER_THIN);
    b->pct = workbook_add_format(b->wb);
    format_set_num_format(b->pct, "0.00%");
    b->num = workbook_add_format(b->wb);
    format_set_num_format(b->num, "#,##0.##");
    b->num2 = workbook_add_format(b->wb);
    format_set_num_format(b->num2, "#,##0.00");
    b->num4 = workbook_add_format(b->wb);
    format_set_num_format(b->num4, "0.0000");
    b->frac = workbook_add_format(b->wb);
    format_set_num_format(b->frac, "0.0#####%");
    b->input = workbook_add_format(b->wb);
    format_set_num_format(b->input, "0.0#####%");
    format_set_bg_color(b->input, 0xFFF2CC); /* an input: Excel's pale yellow */
    b->factor = workbook_add_format(b->wb);
    format_set_num_format(b->factor, "0.0000######");
    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    b->good = workbook_add_format(b->wb);
    format_set_bold(b->good);
    format_set_bg_color(b->good, 0xC6EFCE);
    format_set_font_color(b->good, 0x006100);
    b->bad = workbook_add_format(b->wb);
    format_set_bold(b->bad);
    format_set_bg_color(b->bad, 0xFFC7CE);
    format_set_font_color(b->bad, 0x9C0006);
    b->note = workbook_add_format(b->wb);
    format_set_italic(b->note);
    format_set_text_wrap(b->note);
    format_set_align(b->note, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_color(b->note, 0x595959);
}

/* A sheet prints landscape on A4, one page wide, the header on every page. */
void ls_book_print_whole(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
}

/* A header row, frozen, with each column's width. */
void ls_book_header(book *b, lxw_worksheet *ws, const char *const *names, const double *widths,
                   int n)
{
    for (int c = 0; c < n; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, names[c], b->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_set_row(ws, 0, 30, NULL); /* room for a header of two lines */
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    ls_book_print_whole(ws);
}

/* The separators of a number in a title, in the reader's language: a chart title is text,
 * which Excel does not localise as it does a number format. */
static void separators(char *thousands, char *decimal)
{
    /* TRANSLATORS: a sample number: only its separators are used (in Dutch 1.234.567,89) */
    const char *sample = _("1,234,567.89");
    *thousands = strlen(sample) == 12 ? sample[1] : ',';
    *decimal = strlen(sample) == 12 ? sample[9] : '.';
}

/* A number for a title: large values with thousands separators, whole; smaller ones with
 * up to six significant digits. */
void ls_book_title_number(char *buf, size_t size, double v)
{
    if (fabs(v) >= 1000 && fabs(v) < 1e15)
        ls_book_title_decimal(buf, size, v, 0);
    else {
        char thousands, decimal;
        separators(&thousands, &decimal);
        ls_fmt(buf, size, "%.6g", v);
        for (char *c = buf; *c; c++)
            if (*c == '.')
                *c = decimal;
    }
}

void ls_book_title_decimal(char *buf, size_t size, double v, int decimals)
{
    char thousands, decimal;
    separators(&thousands, &decimal);
    char digits[64];
    ls_fmt(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const char *point = strchr(digits, '.');
    size_t whole = point ? (size_t)(point - digits) : strlen(digits), o = 0;
    if (v < 0 && round(fabs(v) * pow(10, decimals)) > 0 && o + 1 < size)
        buf[o++] = '-';
    for (size_t i = 0; i < whole && o + 2 < size; i++) {
        if (i > 0 && (whole - i) % 3 == 0)
            buf[o++] = thousands;
        buf[o++] = digits[i];
    }
    if (point && o + 1 < size) {
        buf[o++] = decimal;
        for (const char *c = point + 1; *c && o + 1 < size; c++)
            buf[o++] = *c;
    }
    buf[o] = '\0';
}

/* ---- atomic workbook ---------------------------------------------------------------------- */

/* Opens a workbook on a temporary file beside path (after atomic.h's checks of the target).
 * LS_EUSAGE when the target or its folder cannot take it. */
int ls_xlsx_name_check(const char *path, ls_errors *errs)
{
    size_t len = strlen(path);
    if (len >= 5 && strcasecmp(path + len - 5, ".xlsx") == 0)
        return LS_OK;
    /* Excel opens a workbook by its name: plan.xls or plan would not open as one */
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *dot = strrchr(base, '.');
    int keep = dot && dot > base ? (int)(dot - path) : (int)len;
    ls_error_add(errs, path, 0, 0,
                 _("a workbook's name must end in .xlsx, or Excel will not open it: "
                   "give for instance %.*s.xlsx"), keep, path);
    return LS_EUSAGE;
}

int ls_book_open(book *b, const char *path, ls_errors *errs)
{
    memset(b, 0, sizeof(*b));
    int rc = ls_output_check(path, &b->mode, errs);
    if (rc != LS_OK || (rc = ls_xlsx_name_check(path, errs)) != LS_OK)
        return rc;
    b->tmp = ls_output_temp_name(path);
    int fd = b->tmp ? ls_mkstemp_output(b->tmp) : -1;
    if (fd < 0) {
        if (b->tmp)
            ls_error_add(errs, path, 0, 0, _("cannot write the workbook: %s"), strerror(errno));
        free(b->tmp);
        b->tmp = NULL;
        return LS_EUSAGE;
    }
    close(fd);
    lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    b->wb = workbook_new_opt(b->tmp, &opts);
    if (!b->wb) {
        unlink(b->tmp);
        free(b->tmp);
        b->tmp = NULL;
        ls_error_add(errs, path, 0, 0, _("cannot write the workbook"));
        return LS_EINTERNAL;
    }
    workbook_set_properties(b->wb, &(lxw_doc_properties){.title = "lumpsum",
                                                         .comments = "Written by lumpsum"});
    ls_book_formats(b);
    return LS_OK;
}

void ls_book_abort(book *b)
{
    (void)workbook_close(b->wb);
    b->wb = NULL;
    unlink(b->tmp);
    free(b->tmp);
    b->tmp = NULL;
}

int ls_book_close(book *b, const char *path, ls_errors *errs)
{
    lxw_error e = workbook_close(b->wb);
    b->wb = NULL;
    int rc = LS_OK;
    if (e != LXW_NO_ERROR) {
        ls_error_add(errs, path, 0, 0, _("cannot write the workbook: %s"), lxw_strerror(e));
        rc = LS_EINTERNAL;
    } else {
        (void)chmod(b->tmp, b->mode);
        if (rename(b->tmp, path) != 0) {
            int err = errno;
            ls_error_add(errs, path, 0, 0, _("cannot write the workbook: %s"), strerror(err));
            rc = err == EISDIR || err == ENOTDIR || err == EACCES ? LS_EUSAGE : LS_EINTERNAL;
        }
    }
    if (rc != LS_OK)
        unlink(b->tmp);
    free(b->tmp);
    b->tmp = NULL;
    return rc;
}

/* What each setting means, for the council (docs/model-format.md has the rules); a key of
 * a family (budget.<domain>, weight.<indicator>) by its prefix. */
static const struct {
    const char *key, *meaning;
    int prefix;
} meanings[] = {
    {"model", N_("the model the figures come from (folder or workbook)"), 0},
    {"lumpsum_version", N_("the version of lumpsum that computed them"), 0},
    {"years", N_("plan years (plan --years); the figures are the last year's"), 0},
    {"parameter", N_("the parameter the sweep varies"), 0},
    {"runs", N_("Monte-Carlo runs"), 0},
    {"seed", N_("the random seed (the same seed gives the same runs)"), 0},
    {"dispersion", N_("extra spread of demand (0: Poisson)"), 0},
    {"wage_sd", N_("standard deviation of the wage index"), 0},
    {"year", N_("budget year"), 0},
    {"budget", N_("the lumpsum: the council's ceiling, euros a year"), 0},
    {"budget.wmo", N_("ceiling of the Wmo, euros a year (personal budgets included)"), 0},
    {"budget.jeugd", N_("ceiling of youth care, euros a year (personal budgets included)"), 0},
    {"budget.participatie", N_("ceiling of participation, euros a year (personal budgets "
                               "included)"), 0},
    {"reserve", N_("share of the budget held back"), 0},
    {"local_share_min", N_("target share of local providers"), 0},
    {"local_share_min.", N_("target share of local providers in this domain"), 1},
    {"max_shift", N_("most share of today's clients that may move to another provider"), 0},
    {"quality_value", N_("euros a client a month one quality point is worth in placement"), 0},
    {"margin_policy", N_("equal: the same margin for every provider; quality: weighted by "
                         "quality"), 0},
    {"wage_index", N_("wage indexation on every tariff"), 0},
    {"index_max_tariff", N_("1: the maximum tariffs follow the wage index"), 0},
    {"employer_charges", N_("employer charges on the wage (providers without their own)"), 0},
    {"unproductive", N_("share of paid hours that are not client hours (providers without "
                        "their own)"), 0},
    {"overhead", N_("overhead on the hourly cost (providers without their own)"), 0},
    {"margin", N_("margin for risk and continuity (providers without their own)"), 0},
    {"pgb_factor", N_("personal budget tariff as a share of the lowest floor"), 0},
    {"index.wage", N_("yearly wage indexation (plan --years)"), 0},
    {"index.price", N_("yearly price indexation (plan --years)"), 0},
    {"wage_share", N_("share of a tariff that follows wages"), 0},
    {"growth.demand", N_("yearly growth of clients"), 0},
    {"budget.growth", N_("yearly growth of the budget"), 0},
    {"growth.", N_("yearly growth of clients in this domain"), 1},
    {"budget.", N_("the budget of this plan year, euros"), 1},
    {"weight.", N_("weight of this quality indicator"), 1},
    {"cao:", N_("factor on this CAO's wages"), 1},
};

static const char *meaning_of(const char *key)
{
    for (size_t i = 0; i < sizeof meanings / sizeof *meanings; i++)
        if (meanings[i].prefix ? strncmp(key, meanings[i].key, strlen(meanings[i].key)) == 0
                               : strcmp(key, meanings[i].key) == 0)
            return _(meanings[i].meaning);
    return "";
}

/* A setting's text as a number: the whole text a plain decimal. */
static int setting_number(const char *text, double *v)
{
    if (!text || !*text)
        return 0;
    char *end;
    *v = strtod(text, &end);
    return *end == '\0' && isfinite(*v);
}

void ls_book_settings_plan(book *b, const ls_setting *extra, size_t n_extra,
                           const ls_setting *settings, size_t n)
{
    b->extra = extra;
    b->n_extra = n_extra;
    b->settings = settings;
    b->n_settings = n;
}

/* The rows: the header, model, version, the extras, the settings. */
#define SETTINGS_FIRST 3

int ls_book_setting_ref(const book *b, const char *key, char *buf, size_t size, double *value)
{
    for (size_t i = 0; i < b->n_settings; i++)
        if (strcmp(b->settings[i].key, key) == 0 && setting_number(b->settings[i].value, value)) {
            ls_book_ref(buf, size, _("Settings"), (lxw_row_t)(SETTINGS_FIRST + b->n_extra + i),
                        1, 1);
            return 1;
        }
    return 0;
}

static void settings_row(book *b, lxw_worksheet *ws, lxw_row_t row, const char *key,
                         const char *value)
{
    double v;
    worksheet_write_string(ws, row, 0, key, NULL);
    if (setting_number(value, &v) && strcmp(key, "year") != 0 && strcmp(key, "seed") != 0)
        worksheet_write_number(ws, row, 1, v, ls_book_decimals(b, ls_book_decimals_needed(&v, 1)));
    else
        worksheet_write_string(ws, row, 1, value ? value : "", b->right);
    worksheet_write_string(ws, row, 2, meaning_of(key), NULL);
}

/* Settings: the scenario the figures come from (model, version, the run's own options in
 * extra, every setting in force); numbers as numbers, so that formulas refer to them. */
void ls_book_settings_sheet(book *b, const char *model)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, _("Settings"));
    const char *names[] = {_("Setting"), _("Value"), _("Meaning")};
    const double widths[] = {24, 24, 80};
    ls_book_header(b, ws, names, widths, 3);
    ls_book_comment(ws, 0, _("The keys of budget.csv (the sheet begroting), as in force for "
                             "this run: after --set."));
    lxw_row_t row = 1;
    settings_row(b, ws, row++, "model", model ? model : "");
    settings_row(b, ws, row++, "lumpsum_version", LS_VERSION);
    for (size_t i = 0; i < b->n_extra; i++)
        settings_row(b, ws, row++, b->extra[i].key, b->extra[i].value);
    for (size_t i = 0; i < b->n_settings; i++)
        settings_row(b, ws, row++, b->settings[i].key, b->settings[i].value);
}

void ls_book_ref(char *buf, size_t size, const char *sheet, lxw_row_t row, lxw_col_t col,
                 int absolute)
{
    /* quoted where Excel needs it: a name with anything but letters, digits and _ */
    int plain = (*sheet < '0' || *sheet > '9');
    for (const char *c = sheet; *c; c++)
        plain &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                 (*c >= '0' && *c <= '9') || *c == '_';
    char quoted[128];
    size_t o = 0;
    if (!plain)
        quoted[o++] = '\'';
    for (const char *c = sheet; *c && o + 3 < sizeof quoted; c++) {
        if (*c == '\'')
            quoted[o++] = '\'';
        quoted[o++] = *c;
    }
    if (!plain)
        quoted[o++] = '\'';
    quoted[o] = '\0';
    char cell[32];
    if (absolute)
        lxw_rowcol_to_cell_abs(cell, row, col, 1, 1);
    else
        lxw_rowcol_to_cell(cell, row, col);
    ls_fmt(buf, size, "%s!%s", quoted, cell);
}

int ls_book_decimals_needed(const double *v, size_t n)
{
    int most = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        int d = 0;
        double scale = 1;
        while (d < BOOK_DECIMALS &&
               fabs(round(v[i] * scale) / scale - v[i]) > 1e-9 * fmax(1e-9, fabs(v[i]))) {
            d++;
            scale *= 10;
        }
        if (d > most)
            most = d;
    }
    return most;
}

lxw_format *ls_book_decimals(book *b, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > BOOK_DECIMALS)
        decimals = BOOK_DECIMALS;
    if (!b->dec[decimals]) {
        char code[32] = "#,##0";
        if (decimals > 0) {
            strcat(code, ".");
            for (int i = 0; i < decimals; i++)
                strcat(code, "0");
        }
        b->dec[decimals] = workbook_add_format(b->wb);
        format_set_num_format(b->dec[decimals], code);
    }
    return b->dec[decimals];
}

void ls_book_comment(lxw_worksheet *ws, lxw_col_t col, const char *text)
{
    lxw_comment_options o = {.width = 300, .height = 110, .author = "lumpsum"};
    worksheet_write_comment_opt(ws, 0, col, text, &o);
}

const char *ls_book_status(int status)
{
    switch (status) {
    case 0:
        return _("funded");
    case 1:
        return _("underfunded");
    default:
        return _("no solution");
    }
}

const char *ls_book_row_status(const ls_summary *s)
{
    if (s->status == LS_NO_SOLUTION || !(s->unmet_clients > 0))
        return ls_book_status(s->status);
    return s->status == LS_FUNDED ? _("funded, unmet") : _("underfunded, unmet");
}

int ls_book_row_good(const ls_summary *s)
{
    return s->status == LS_FUNDED && !(s->unmet_clients > 0);
}

const char *ls_book_yes(int yes)
{
    return yes ? _("yes") : _("no");
}

/* Two series, required (red) and available (blue), from columns C and D of rows 2..n+1 of
 * sheet against column A. */
void ls_book_required_available(lxw_chart *ch, const char *sheet, size_t n, uint8_t marker)
{
    const char *series[] = {_("Required"), _("Available")};
    const lxw_color_t colors[] = {0xC00000, 0x2F5597};
    for (int s = 0; s < 2 && n > 0; s++) {
        lxw_chart_series *cs = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(cs, sheet, 1, 0, (lxw_row_t)n, 0);
        chart_series_set_values(cs, sheet, 1, (lxw_col_t)(2 + s), (lxw_row_t)n,
                                (lxw_col_t)(2 + s));
        chart_series_set_name(cs, series[s]);
        lxw_chart_line line = {.color = colors[s], .width = 2.25};
        chart_series_set_line(cs, &line);
        chart_series_set_marker_type(cs, marker);
    }
}

