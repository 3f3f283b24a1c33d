/*
 * test_dutch.c — lumpsum in Dutch: --lang nl (and a Dutch locale) gives the Dutch verdict,
 * report, messages and help with Dutch numbers; the default stays English; --csv nl writes
 * ';' and decimal commas holding the plain files' figures; the report's columns keep their
 * place by display width (a name with 'ë', a long name cut with '…', an id never cut).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "xlsx_read.h"

/* The environment asking for no language (English), unless the arguments ask for one */
static void no_language(void)
{
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "C", 1);
}

static int run(const char *args, char **out, char **err)
{
    no_language();
    return fx_run(args, out, err);
}

static void expect_in(const char *args, int code, const char *in_out, const char *in_err)
{
    no_language();
    fx_expect(args, code, in_out, in_err);
}

/* Brunssum at a budget of 2,000,000: the four local providers are held at their min_budgets
 * (1,500,000 + 130,000 + 160,000 + 170,000 = 1,960,000), Levanto alone takes the common cut
 * on the 40,000 left: 1 − 40,000 / 413,725.97 = 90.33 %; Radar's cut is 1 − 160,000 /
 * 183,032.27 = 12.58 %, Impuls's 1 − 170,000 / 210,379.39 = 19.19 % (the least and deepest of
 * the four). The Dutch headline counts them and gives that range. */
static void test_cut_headline_in_dutch(void **state)
{
    (void)state;
    char args[512];
    snprintf(args, sizeof args, "plan %s/brunssum --lang nl --set budget=2000000", fx_data_dir());
    expect_in(args, 0,
              "  op de bodemkosten van 1 van de 5 aanbieders komt 90,33 % korting (het totale "
              "budget);\n  4 aanbieders worden op hun min_budget gehouden: korting 12,58 % tot "
              "19,19 %\n",
              NULL);
}

static void test_verdict_and_report_in_dutch(void **state)
{
    (void)state;
    char args[512], *out;
    snprintf(args, sizeof args, "plan %s/brunssum --lang nl", fx_data_dir());
    assert_int_equal(run(args, &out, NULL), 0);
    assert_true(strncmp(out, "BUDGET TOEREIKEND\n", 18) == 0);
    assert_non_null(strstr(out, "€     2.849.000,00 per jaar"));
    assert_non_null(strstr(out, "marge                       6,01 %"));
    assert_non_null(strstr(out, "Niet geplaatst: niemand; elke cliënt heeft een plek."));
    assert_non_null(strstr(out, "Aanbieders (euro per jaar):"));
    assert_null(strstr(out, "e+"));
    free(out);
    snprintf(args, sizeof args, "plan %s/brunssum --lang nl --set budget=2500000", fx_data_dir());
    expect_in(args, 0, "BUDGET ONTOEREIKEND (het totale budget)\n", NULL);
    /* --lang=nl, anywhere on the line */
    snprintf(args, sizeof args, "--lang=nl plan %s/brunssum", fx_data_dir());
    expect_in(args, 0, "BUDGET TOEREIKEND\n", NULL);
}

static void test_default_stays_english(void **state)
{
    (void)state;
    char args[512];
    snprintf(args, sizeof args, "plan %s/brunssum", fx_data_dir());
    expect_in(args, 0, "FUNDED\n", NULL);
    expect_in(args, 0, "€     2,849,000.00 a year", NULL);
    snprintf(args, sizeof args, "plan %s/brunssum --lang en", fx_data_dir());
    expect_in(args, 0, "FUNDED\n", NULL);
    /* a Dutch locale asks for Dutch */
    setenv("LANG", "nl_NL.UTF-8", 1);
    char *out;
    snprintf(args, sizeof args, "plan %s/brunssum", fx_data_dir());
    assert_int_equal(fx_run(args, &out, NULL), 0);
    assert_true(strncmp(out, "BUDGET TOEREIKEND\n", 18) == 0);
    free(out);
    expect_in("plan x --lang fr", 2, NULL, "--lang must be nl or en, not 'fr'");
}

/* A program copied without its share/locale has no Dutch: --lang nl says so on stderr (and
 * the run goes on, in English); with the catalogue beside it, nothing is said. */
static void test_missing_catalogue_is_said(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-nocat-XXXXXX", cmd[1400], e[600];
    assert_non_null(mkdtemp(dir));
    snprintf(e, sizeof e, "%s/err", dir);
    no_language();
    snprintf(cmd, sizeof cmd, "cp %s %s/lumpsum && %s/lumpsum --lang nl check %s/brunssum "
             ">/dev/null 2>%s", LS_BINARY, dir, dir, fx_data_dir(), e);
    assert_int_equal(system(cmd), 0);
    char *err = fx_slurp(e);
    if (!strstr(err, "lumpsum: warning: --lang nl, but the Dutch messages"))
        fail_msg("no word of the missing catalogue: '%s'", err);
    free(err);
    snprintf(cmd, sizeof cmd, "%s --lang nl check %s/brunssum >/dev/null 2>%s", LS_BINARY,
             fx_data_dir(), e);
    assert_int_equal(system(cmd), 0);
    err = fx_slurp(e);
    assert_string_equal(err, "");
    free(err);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* FILE:LINE:COLUMN keeps its form; the message after it is Dutch */
static void test_error_in_dutch(void **state)
{
    (void)state;
    fx_file f = {"segments.csv",
                 "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
                 "s1,begeleiding,licht,basis,wmo,all,-3,10,niveau3,\n"
                 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"};
    char *dir = fx_model(&f, 1);
    char args[300], want[400];
    snprintf(args, sizeof args, "check %s --lang nl", dir);
    snprintf(want, sizeof want, "%s/segments.csv:2:7: clients moet ≥ 0 zijn, niet -3", dir);
    expect_in(args, 1, NULL, want);
    snprintf(args, sizeof args, "plan %s --lang nl --set budjet=5", dir);
    expect_in(args, 2, NULL, "lumpsum: --set: onbekende sleutel 'budjet' (bedoelt u 'budget'?)");
    fx_remove(dir);
    expect_in("check /nonexistent/model --lang nl", 1, NULL,
              "lumpsum: /nonexistent/model: er is geen modelmap of werkmap met deze naam");
    fx_file no_wages = {"wages.csv", ""};
    dir = fx_model(&no_wages, 1);
    snprintf(args, sizeof args, "check %s --lang nl", dir);
    snprintf(want, sizeof want, "%s/wages.csv:1:1: het bestand ontbreekt (het is verplicht)", dir);
    expect_in(args, 1, NULL, want);
    fx_remove(dir);
    expect_in("frobnicate --lang nl", 2, NULL, "onbekende opdracht 'frobnicate'");
}

/* Checks `check` on the base model with budget.csv as text in both languages: the one
 * message is budget.csv:LINE:2 and words[0] (English) or words[1] (Dutch). */
static void expect_budget_message(const char *text, int line, const char *const words[2])
{
    const char *langs[] = {"en", "nl"};
    fx_file f = {"budget.csv", text};
    char *dir = fx_model(&f, 1);
    for (int l = 0; l < 2; l++) {
        char args[300], want[600], *err = NULL;
        snprintf(args, sizeof args, "check %s --lang %s", dir, langs[l]);
        snprintf(want, sizeof want, "%s/budget.csv:%d:2: %s\n", dir, line, words[l]);
        assert_int_equal(run(args, NULL, &err), 1);
        if (strcmp(err, want) != 0)
            fail_msg("%s: got '%s', want '%s'", args, err, want);
        free(err);
    }
    fx_remove(dir);
}

/* A ';' file's numbers are Dutch: commas between thousands are told the Dutch spelling, '.'
 * between the thousands and ',' before the decimals (not the ',' file's "no thousands
 * separators: write 1234.5"), in either language. */
static void test_dutch_file_separators(void **state)
{
    (void)state;
    const char *const words[2] = {
        "budget: '2,849,000' is not a number (with ';' as the delimiter and in a workbook's "
        "text, ',' is the decimal mark and '.' groups thousands by three: 1.234.567,89)",
        "budget: '2,849,000' is geen getal (met ';' als scheidingsteken en in tekst in een "
        "werkmap is ',' het decimaalteken en groepeert '.' duizendtallen per drie: "
        "1.234.567,89)"};
    expect_budget_message("key;value\nbudget;2,849,000\n", 2, words);
}

/* Commas between the thousands where no thousands separators are read (--set, a ',' file):
 * the message shows the value without them, the user's own figure, in either language */
static void test_separators_shown_without(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof args, "plan %s/zaltbommel --set budget=2,849,000", fx_data_dir());
    expect_in(args, 2, NULL,
              "lumpsum: --set: budget: '2,849,000' is not a number (thousands separators are not "
              "allowed: write 2849000)\n");
    snprintf(args, sizeof args, "plan %s/zaltbommel --lang nl --set budget=2,849,000.50",
             fx_data_dir());
    expect_in(args, 2, NULL,
              "lumpsum: --set: budget: '2,849,000.50' is geen getal (scheidingstekens voor "
              "duizendtallen mogen hier niet: schrijf 2849000.50)\n");
    /* separators that group nothing are no thousands: no figure is made up from them */
    snprintf(args, sizeof args, "check %s/zaltbommel --set budget=1,2,3", fx_data_dir());
    expect_in(args, 2, NULL, "lumpsum: --set: budget: '1,2,3' is not a number\n");
    const char *const words[2] = {
        "budget: '-1.234.567' is not a number (thousands separators are not allowed: write "
        "-1234567)",
        "budget: '-1.234.567' is geen getal (scheidingstekens voor duizendtallen mogen hier "
        "niet: schrijf -1234567)"};
    expect_budget_message("key,value\nbudget,-1.234.567\n", 2, words);
}

/* A header with empty names (Excel's "a,b,c,,") is warned of in the words of the language */
static void test_empty_column_names_in_dutch(void **state)
{
    (void)state;
    fx_file f = {"budget.csv", "key,value,,\nyear,2025,,\nbudget,100000,,\n"};
    char *dir = fx_model(&f, 1);
    char args[300], want[400];
    snprintf(args, sizeof args, "check %s --lang nl", dir);
    snprintf(want, sizeof want,
             "%s/budget.csv:1:1: waarschuwing: onbekende kolommen genegeerd: (leeg), (leeg)\n",
             dir);
    expect_in(args, 0, NULL, want);
    snprintf(args, sizeof args, "check %s", dir);
    snprintf(want, sizeof want,
             "%s/budget.csv:1:1: warning: unknown columns ignored: (empty), (empty)\n", dir);
    expect_in(args, 0, NULL, want);
    fx_remove(dir);
}

/* An option that takes a fraction or an amount reads a decimal comma, as --set does; a count
 * does not (1,000 runs are not one run) */
static void test_options_take_a_decimal_comma(void **state)
{
    (void)state;
    char args[400];
    snprintf(args, sizeof args,
             "sweep %s/brunssum --lang nl --param wage_index --from 0 --to 0,1 --steps 2",
             fx_data_dir());
    expect_in(args, 0, "           0,1  ontoereikend", NULL);
    snprintf(args, sizeof args, "risk %s/brunssum --lang nl --runs 3 --dispersion 0,5 --wage-sd "
             "0,01", fx_data_dir());
    expect_in(args, 0, "3 trekkingen", NULL);
    snprintf(args, sizeof args, "risk %s/brunssum --runs 1,000", fx_data_dir());
    expect_in(args, 2, NULL,
              "lumpsum risk: --runs must be a whole number from 1 to 100000000, not '1,000'\n");
    snprintf(args, sizeof args, "sweep %s/brunssum --param budget --from 2,849,000 --to 3e6 "
             "--steps 2", fx_data_dir());
    expect_in(args, 2, NULL,
              "lumpsum sweep: --from: '2,849,000' is not a number (thousands separators are not "
              "allowed: write 2849000)\n");
    /* one comma before three digits: nine hundred or nine hundred thousand? Not guessed
     * (read as 900 it planned a budget of € 900); 0,125 and 12,5 are decimals */
    snprintf(args, sizeof args, "plan %s/brunssum --set budget=900,000", fx_data_dir());
    expect_in(args, 2, NULL,
              "lumpsum: --set: budget: '900,000' may be a decimal comma or a thousands "
              "separator: write 900000 or 900\n");
    snprintf(args, sizeof args, "sweep %s/brunssum --param budget --from 1,500 --to 3e6 --steps 2",
             fx_data_dir());
    expect_in(args, 2, NULL,
              "--from: '1,500' may be a decimal comma or a thousands separator: write 1500 or "
              "1.5\n");
    /* Dutch thousands points, as the Dutch break-even line once wrote them; a percentage
     * where a fraction is read: the fraction it means (2 % is 0.02) */
    snprintf(args, sizeof args,
             "sweep %s/brunssum --param budget --from 2.600.000 --to 3e6 "
             "--steps 2 --lang nl",
             fx_data_dir());
    expect_in(args, 2, NULL,
              "lumpsum sweep: --from: '2.600.000' is geen getal (scheidingstekens voor "
              "duizendtallen mogen hier niet: schrijf 2600000)\n");
    snprintf(args, sizeof args, "plan %s/brunssum --set reserve=2%%", fx_data_dir());
    expect_in(args, 2, NULL,
              "lumpsum: --set: reserve: '2%': write the fraction 0.02 here (a percentage is "
              "read in a file with ';' as the delimiter, or in a workbook)\n");
    /* read as decimals: available = 2,849,000 × (1 − 0.125) = 2,492,875 */
    snprintf(args, sizeof args, "plan %s/brunssum --set reserve=0,125 --set max_shift=12,5e-3",
             fx_data_dir());
    expect_in(args, 0, "  available     €     2,492,875.00 after the reserve\n", NULL);
}

/* A budget.csv value out of range is quoted as written (130%, not the 1.30 read from it, an
 * English decimal point in a Dutch file), as every cell is; so is --set's decimal comma. */
static void test_dutch_value_as_written(void **state)
{
    (void)state;
    const char *const words[2] = {"max_shift must be ≥ 0 and ≤ 1, not 130%",
                                  "max_shift moet ≥ 0 en ≤ 1 zijn, niet 130%"};
    expect_budget_message("key;value\nbudget;100000\nmax_shift;130%\n", 3, words);
    const char *const comma[2] = {"reserve must be ≥ 0 and < 1, not 1,5",
                                  "reserve moet ≥ 0 en < 1 zijn, niet 1,5"};
    expect_budget_message("key;value\nbudget;100000\nreserve;1,5\n", 3, comma);
    char args[300];
    snprintf(args, sizeof args, "check %s/brunssum --lang nl --set max_shift=1,3", fx_data_dir());
    expect_in(args, 2, NULL, "lumpsum: --set: max_shift moet ≥ 0 en ≤ 1 zijn, niet 1,3\n");
}

static void test_help_in_dutch(void **state)
{
    (void)state;
    expect_in("--help --lang nl", 0, "gebruik: lumpsum OPDRACHT [OPTIES] MODEL", NULL);
    expect_in("--lang nl plan --help", 0, "--csv nl schrijft de CSV-bestanden", NULL);
    expect_in("sweep --help --lang nl", 0, "vindt het omslagpunt", NULL);
    expect_in("risk --help --lang nl", 0, "gebruik: lumpsum risk", NULL);
    expect_in("check --help --lang nl", 0, "BESTAND:REGEL:KOLOM", NULL);
    expect_in("--help", 0, "usage: lumpsum COMMAND", NULL);
}

/* A sweep over the budget: plain numbers, never an exponent */
static void test_sweep_numbers(void **state)
{
    (void)state;
    char args[512], *out;
    snprintf(args, sizeof args,
             "sweep %s/brunssum --param budget --from 2000000 --to 23000000 --steps 4 --lang nl",
             fx_data_dir());
    assert_int_equal(run(args, &out, NULL), 0);
    assert_null(strstr(out, "e+"));
    assert_non_null(strstr(out, "23.000.000  toereikend"));
    /* the value as --set takes it back: a decimal comma, no thousands grouped */
    assert_non_null(strstr(out, "Omslagpunt: budget = 2696693,28357 = € 2.696.693,28 (eronder"));
    free(out);
    snprintf(args, sizeof args, "check %s/brunssum --set budget=2696693,28357 --lang nl",
             fx_data_dir());
    assert_int_equal(run(args, &out, NULL), 0);
    assert_non_null(strstr(out, "€ 2.696.693,28"));
    free(out);
    snprintf(args, sizeof args,
             "sweep %s/brunssum --param budget --from 2000000 --to 23000000 --steps 4",
             fx_data_dir());
    assert_int_equal(run(args, &out, NULL), 0);
    assert_null(strstr(out, "e+"));
    assert_non_null(strstr(out, "23000000  funded"));
    free(out);
}

/* The fields of a line split at sep (no quotes in these files) */
static size_t split(char *line, char sep, char **fields, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        fields[n++] = p;
        char *q = strchr(p, sep);
        if (!q)
            break;
        *q = '\0';
        p = q + 1;
    }
    return n;
}

/* nl's file holds plain's figures: line by line, field by field, with ';' and ',' */
static void compare_styles(const char *plain_path, const char *nl_path)
{
    char *plain = fx_slurp(plain_path), *nl = fx_slurp(nl_path);
    assert_non_null(plain);
    assert_non_null(nl);
    assert_non_null(strchr(nl, ';'));
    char *sp, *sn;
    char *lp = strtok_r(plain, "\n", &sp), *ln = strtok_r(nl, "\n", &sn);
    int commas = 0;
    for (; lp && ln; lp = strtok_r(NULL, "\n", &sp), ln = strtok_r(NULL, "\n", &sn)) {
        if (lp[0] == '#')
            continue;
        char *fp[64], *fn[64];
        size_t np = split(lp, ',', fp, 64), nn = split(ln, ';', fn, 64);
        assert_int_equal(np, nn);
        for (size_t i = 0; i < np; i++) {
            commas += strchr(fn[i], ',') != NULL;
            for (char *c = fn[i]; *c; c++)
                if (*c == ',')
                    *c = '.';
            assert_string_equal(fp[i], fn[i]);
        }
    }
    assert_null(lp);
    assert_null(ln);
    assert_true(commas > 0); /* decimal commas */
    free(plain);
    free(nl);
}

static void test_csv_nl(void **state)
{
    (void)state;
    char plain[] = "/tmp/lumpsum-plain-XXXXXX", nl[] = "/tmp/lumpsum-nl-XXXXXX";
    assert_non_null(mkdtemp(plain));
    assert_non_null(mkdtemp(nl));
    char args[1024], a[600], b[600];
    snprintf(args, sizeof args, "plan %s/brunssum --years 2 --out %s/plan", fx_data_dir(), plain);
    expect_in(args, 0, NULL, NULL);
    snprintf(args, sizeof args, "plan %s/brunssum --years 2 --out %s/plan --csv nl", fx_data_dir(),
             nl);
    expect_in(args, 0, NULL, NULL);
    const char *files[] = {"summary.csv", "allocation.csv", "budgets.csv", "segments.csv",
                           "years.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(a, sizeof a, "%s/plan/%s", plain, files[i]);
        snprintf(b, sizeof b, "%s/plan/%s", nl, files[i]);
        compare_styles(a, b);
    }
    snprintf(args, sizeof args,
             "sweep %s/brunssum --param budget --from 2e6 --to 3e6 --steps 3 --out %s/sweep.csv",
             fx_data_dir(), plain);
    expect_in(args, 0, NULL, NULL);
    snprintf(args, sizeof args,
             "sweep %s/brunssum --param budget --from 2e6 --to 3e6 --steps 3 --out %s/sweep.csv "
             "--csv nl",
             fx_data_dir(), nl);
    expect_in(args, 0, NULL, NULL);
    snprintf(a, sizeof a, "%s/sweep.csv", plain);
    snprintf(b, sizeof b, "%s/sweep.csv", nl);
    compare_styles(a, b);
    snprintf(args, sizeof args, "risk %s/brunssum --runs 40 --seed 3 --out %s/risk", fx_data_dir(),
             plain);
    expect_in(args, 0, NULL, NULL);
    snprintf(args, sizeof args, "risk %s/brunssum --runs 40 --seed 3 --out %s/risk --csv nl",
             fx_data_dir(), nl);
    expect_in(args, 0, NULL, NULL);
    const char *risk[] = {"samples.csv", "histogram.csv"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(a, sizeof a, "%s/risk/%s", plain, risk[i]);
        snprintf(b, sizeof b, "%s/risk/%s", nl, risk[i]);
        compare_styles(a, b);
    }
    snprintf(args, sizeof args, "plan %s/brunssum --out %s/x --csv excel", fx_data_dir(), nl);
    expect_in(args, 2, NULL, "--csv must be nl or plain, not 'excel'");
    snprintf(args, sizeof args, "rm -rf %s %s", plain, nl);
    assert_int_equal(system(args), 0);
}

/* Columns a UTF-8 text takes (every code point here is one column wide) */
static size_t columns(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void test_providers_table_by_display_width(void **state)
{
    (void)state;
    fx_file f[] = {
        {"providers.csv",
         "provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,employer_charges,"
         "unproductive,overhead,margin\n"
         "eelde,Zorggroep Eëlde,vvt,1,,,,8,,,,\n"
         "stichting_jeugd_midden,Stichting Jeugdhulp Gelderland-Zuid Oost,ghz,0,,,,6,0.25,"
         "0.15,0.12,0.04\n"},
        {"contracts.csv", "provider,segment,current_clients,max_clients\n"
                          "eelde,s1,6,\n"
                          "stichting_jeugd_midden,s1,4,\n"
                          "stichting_jeugd_midden,s2,4,\n"}};
    assert_int_equal(strlen("Stichting Jeugdhulp Gelderland-Zuid Oost"), 40);
    char *dir = fx_model(f, 2);
    const char *langs[] = {"en", "nl"};
    for (size_t l = 0; l < 2; l++) {
        char args[512], *out;
        snprintf(args, sizeof args, "plan %s --lang %s", dir, langs[l]);
        assert_int_equal(run(args, &out, NULL), 0);
        /* the rows of the providers table: the domain column starts at one display column */
        size_t at = 0, rows = 0;
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
            char *d = strstr(line, " wmo ");
            if (!d)
                d = strstr(line, " jeugd ");
            if (!d || (strncmp(line, "  eelde", 7) != 0 && strncmp(line, "  stichting", 11) != 0))
                continue;
            size_t col = columns(line, (size_t)(d - line));
            if (rows++ == 0)
                at = col;
            assert_int_equal(col, at);
            /* the id whole, the long name cut with '…' */
            if (strncmp(line, "  stichting", 11) == 0) {
                assert_non_null(strstr(line, "stichting_jeugd_midden "));
                assert_non_null(strstr(line, "Stichting Jeugdhulp Gelderl… "));
                assert_null(strstr(line, "Zuid Oost"));
            } else
                assert_non_null(strstr(line, "Zorggroep Eëlde "));
        }
        assert_int_equal(rows, 3);
        free(out);
    }
    fx_remove(dir);
}

/* A sweep's row in Dutch never reads toereikend alone while clients have no place: IJmond at
 * a wage index of 0.2 places none of its 2,702 clients. */
static void test_sweep_row_unmet_in_dutch(void **state)
{
    (void)state;
    char args[512];
    snprintf(args, sizeof args,
             "sweep %s/ijmond --param wage_index --from 0 --to 0.2 --steps 2 --lang nl",
             fx_data_dir());
    expect_in(args, 0, "\n             0  toereikend     ", NULL);
    expect_in(args, 0, "\n           0,2  toereikend, geen plek ", NULL);
}

/* Counted in Dutch, singular and plural: a domain with one segment, a model of one area. */
static void test_counts_in_dutch(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0), args[600];
    snprintf(args, sizeof args, "check %s --lang nl", dir);
    expect_in(args, 0, "    wmo          1 segment, 10,0 cliënten\n", NULL);
    fx_remove(dir);
    char d[] = "/tmp/lumpsum-gen-nl-XXXXXX";
    assert_non_null(mkdtemp(d));
    snprintf(args, sizeof args,
             "generate --inhabitants 6000 --providers 12 --areas 1 --seed 1 %s/m --lang nl", d);
    expect_in(args, 0, "Model met 6.000 inwoners, 12 aanbieders en 1 gebied geschreven naar ",
              NULL);
    fx_remove(d);
}

/* The risk workbook in Dutch names the need (the floor cost of the drawn demand, unplaced
 * clients included) as the report does, "behoefte", never "benodigd", which is the required
 * cost of the placed clients alone: its summary, quantiles and histogram said "benodigd". */
static void test_risk_workbook_need_in_dutch(void **state)
{
    (void)state;
    char dir[] = "/tmp/lumpsum-nlrisk-XXXXXX", args[700], book[600];
    assert_non_null(mkdtemp(dir));
    snprintf(book, sizeof book, "%s/risk.xlsx", dir);
    snprintf(args, sizeof args, "risk %s/dalfsen --runs 20 --seed 1 --lang nl --xlsx %s",
             fx_data_dir(), book);
    char *out;
    assert_int_equal(fx_run(args, &out, NULL), 0);
    xr_contains(out, "behoefte", "the report");
    free(out);
    char *strings = xr_part(book, "xl/sharedStrings.xml");
    xr_contains(strings, "P(behoefte &gt; beschikbaar)", "the workbook");
    xr_contains(strings, "Kwantiel van de behoefte", "the workbook");
    xr_contains(strings, "Behoefte: gemiddelde", "the workbook");
    char *chart = xr_part(book, "xl/charts/chart1.xml");
    xr_contains(chart, "Behoefte over 20 trekkingen", "the histogram's title");
    if (strstr(strings, "enodigd") || strstr(chart, "enodigd")) /* Benodigd, benodigd */
        fail_msg("the risk workbook says 'benodigd' for the need: %s %s", strings, chart);
    free(chart);
    free(strings);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    assert_int_equal(system(args), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_row_unmet_in_dutch),
        cmocka_unit_test(test_counts_in_dutch),
        cmocka_unit_test(test_risk_workbook_need_in_dutch),
        cmocka_unit_test(test_verdict_and_report_in_dutch),
        cmocka_unit_test(test_cut_headline_in_dutch),
        cmocka_unit_test(test_default_stays_english),
        cmocka_unit_test(test_missing_catalogue_is_said),
        cmocka_unit_test(test_error_in_dutch),
        cmocka_unit_test(test_dutch_file_separators),
        cmocka_unit_test(test_dutch_value_as_written),
        cmocka_unit_test(test_separators_shown_without),
        cmocka_unit_test(test_empty_column_names_in_dutch),
        cmocka_unit_test(test_options_take_a_decimal_comma),
        cmocka_unit_test(test_help_in_dutch),
        cmocka_unit_test(test_sweep_numbers),
        cmocka_unit_test(test_csv_nl),
        cmocka_unit_test(test_providers_table_by_display_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
