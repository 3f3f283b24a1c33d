/*
 * test_workbook.c — a workbook as the model (docs/workbooks.md): the same model as a folder and
 * as a workbook plans the same; every rule of the reader at its cell (BOOK.xlsx:SHEET!D7);
 * the Dutch spellings of numbers read to exact values; "did you mean" for near misses; and the
 * command's exit codes and messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "lumpsum.h"
#include "model.h"
#include "util.h"

/* ---- the same model, two forms ------------------------------------------------------- */

static void assert_same_plan(const ls_result *a, const ls_result *b);

/* The plan of a model; the model stays in *m (the result's names are its strings). */
static ls_result *plan_of(const char *model, ls_model **m)
{
    ls_errors errs = {0};
    *m = NULL;
    int rc = ls_model_read(model, NULL, m, &errs);
    if (rc != LS_OK) {
        char where[512];
        ls_error_where(&errs.errors[0], where, sizeof where);
        fail_msg("%s: %s: %s", model, where, errs.errors[0].message);
    }
    ls_result *r = NULL;
    assert_int_equal(ls_plan(*m, &r, &errs), LS_OK);
    ls_errors_clear(&errs);
    return r;
}

/* The plans of two forms of a model, every figure equal to the last bit. */
static void assert_same_plans(const char *one, const char *other)
{
    ls_model *ma, *mb;
    ls_result *a = plan_of(one, &ma), *b = plan_of(other, &mb);
    assert_same_plan(a, b);
    ls_result_free(a);
    ls_result_free(b);
    ls_model_free(ma);
    ls_model_free(mb);
}

/* Every figure of two plans equal, to the last bit. */
static void assert_same_plan(const ls_result *a, const ls_result *b)
{
    assert_int_equal(a->summary.status, b->summary.status);
    assert_true(a->summary.budget == b->summary.budget &&
                a->summary.available == b->summary.available);
    assert_true(a->summary.required == b->summary.required &&
                a->summary.allocated == b->summary.allocated);
    assert_true(a->summary.cut == b->summary.cut &&
                a->summary.served_clients == b->summary.served_clients);
    assert_int_equal(a->n_budgets, b->n_budgets);
    for (size_t g = 0; g < a->n_budgets; g++) {
        assert_string_equal(a->budgets[g].provider, b->budgets[g].provider);
        assert_true(a->budgets[g].budget == b->budgets[g].budget);
        assert_true(a->budgets[g].floor_cost == b->budgets[g].floor_cost);
    }
    assert_int_equal(a->n_allocation, b->n_allocation);
    for (size_t i = 0; i < a->n_allocation; i++) {
        assert_string_equal(a->allocation[i].provider, b->allocation[i].provider);
        assert_string_equal(a->allocation[i].segment, b->allocation[i].segment);
        assert_true(a->allocation[i].clients == b->allocation[i].clients);
        assert_true(a->allocation[i].floor_tariff == b->allocation[i].floor_tariff);
    }
    assert_int_equal(a->n_settings, b->n_settings);
}

static void book_plans_as_folder(const char *name, int dutch)
{
    char dir[512], book[64] = "/tmp/lumpsum-book-XXXXXX";
    snprintf(dir, sizeof dir, "%s/%s", fx_data_dir(), name);
    assert_non_null(mkdtemp(book));
    char path[128];
    snprintf(path, sizeof path, "%s/%s.xlsx", book, name);
    assert_int_equal(fx_book(dir, path, dutch), 0);
    assert_same_plans(dir, path);
    fx_remove(book);
}

static void test_brunssum_as_book(void **state)
{
    (void)state;
    book_plans_as_folder("brunssum", 0);
    book_plans_as_folder("brunssum", 1); /* segmenten, lonen, aanbieders, … */
}

static void test_every_bundled_model_as_book(void **state)
{
    (void)state;
    static const char *const models[] = {"dalfsen", "drechtsteden", "ijmond", "zaltbommel"};
    for (size_t i = 0; i < sizeof models / sizeof *models; i++)
        book_plans_as_folder(models[i], (int)(i % 2));
}

/* data/brunssum.xlsx, as committed, is data/brunssum. */
static void test_bundled_book(void **state)
{
    (void)state;
    char dir[512], book[512];
    snprintf(dir, sizeof dir, "%s/brunssum", fx_data_dir());
    snprintf(book, sizeof book, "%s/brunssum.xlsx", fx_data_dir());
    assert_same_plans(dir, book);
}

/* ---- bad cells: the base model as a workbook, one table replaced ------------------------ */

typedef struct bad_book {
    const char *name;
    const char *file;    /* the CSV file of the base model replaced ("" none) */
    const char *content; /* its text ("" removes it) */
    int dutch;           /* the sheets' Dutch names */
    const char *at;      /* the first error's place after "BOOK.xlsx" (":SHEET!D7", or "" for
                          * the workbook itself) */
    const char *words;
} bad_book;

#define SEG_HEAD "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
#define S2 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"

static const bad_book bad_books[] = {
    {"text_not_a_number", "segments.csv",
     SEG_HEAD "s1,begeleiding,licht,basis,wmo,all,x,10,niveau3,\n" S2, 1, ":segmenten!G2",
     "'x' is not a number"},
    {"english_sheet", "segments.csv",
     SEG_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
              "s2,begeleiding,zwaar,basis_plus,jeugd,all,-4,20,niveau4,1500\n",
     0, ":segments!G3", "clients must be ≥ 0"},
    {"dutch_number_badly_grouped", "segments.csv",
     SEG_HEAD "s1,begeleiding,licht,basis,wmo,all,\"1.23,5\",10,niveau3,\n" S2, 1, ":segmenten!G2",
     "'.' groups thousands by three"},
    {"percent_not_a_fraction", "segments.csv",
     SEG_HEAD "s1,begeleiding,licht,basis,wmo,all,10%,10,niveau3,\n" S2, 1, ":segmenten!G2",
     "a percentage is read only in a column of fractions"},
    {"intensity_case", "segments.csv",
     SEG_HEAD "s1,begeleiding,Matig,basis,wmo,all,10,10,niveau3,\n" S2, 1, ":segmenten!C2",
     "(did you mean 'matig'?)"},
    {"domain_near", "segments.csv",
     SEG_HEAD "s1,begeleiding,licht,basis,wm,all,10,10,niveau3,\n" S2, 0, ":segments!E2",
     "(did you mean 'wmo'?)"},
    {"unknown_provider", "contracts.csv",
     "provider,segment,current_clients,max_clients\nA,s1,6,\nb,s1,4,\nB,s2,4,\n", 1,
     ":contracten!A3", "provider 'b' is not in the sheet 'aanbieders' (did you mean 'B'?)"},
    {"unknown_segment", "contracts.csv",
     "provider,segment,current_clients,max_clients\nA,s1,6,\nB,s1,4,\nB,s3,4,\n", 0,
     ":contracts!B4", "segment 's3' is not in the sheet 'segments'"},
    {"unknown_cao", "providers.csv", "provider,name,cao,local\nA,Alpha,VVT,1\nB,Beta,ghz,0\n", 1,
     ":aanbieders!C2", "cao 'VVT' is not in the sheet 'lonen' (did you mean 'vvt'?)"},
    {"local_near_miss", "providers.csv", "provider,name,cao,local\nA,Alpha,vvt,jaa\nB,Beta,ghz,0\n",
     1, ":aanbieders!D2", "(did you mean 'ja'?)"},
    {"budget_key_near_miss", "budget.csv", "key,value\nbuget,100000\n", 1, ":begroting!A2",
     "unknown key 'buget' (did you mean 'budget'?)"},
    {"budget_required", "budget.csv", "key,value\nyear,2025\n", 1, ":begroting!A1",
     "the key 'budget' is required"},
    {"margin_policy_near_miss", "budget.csv", "key,value\nbudget,100000\nmargin_policy,Quality\n",
     1, ":begroting!B3", "(did you mean 'quality'?)"},
    {"budget_percent_for_money", "budget.csv", "key,value\nbudget,5%\n", 1, ":begroting!B2",
     "a percentage is read only in a column of fractions"},
    {"missing_sheet", "wages.csv", "", 1, "", "no sheet 'wages' (or 'lonen'), which is required"},
    {"min_budget_without_contract", "providers.csv",
     "provider,name,cao,min_budget\nA,Alpha,vvt,\nB,Beta,ghz,\nC,Gamma,ghz,1000\n", 1,
     ":aanbieders!A4", "no contract in the sheet 'contracten'"},
};

static void run_bad_book(void **state)
{
    const bad_book *c = *state;
    fx_book_refused(c->name, c->file, c->content, c->dutch, c->at, c->words, 0);
}

/* ---- what libxlsxwriter does not write: the XML by hand ------------------------------- */

typedef struct raw_book {
    const char *name;
    const char *sheet, *xml; /* one sheet's name and its <sheetData> ("" leaves it out) */
    const char *strings;     /* the shared strings part, or NULL */
    const char *at, *words;  /* as in bad_book */
    int warning;             /* the message is the first warning and the model reads */
} raw_book;

#define WAGES_HEAD                                                                          \
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>cao</t></is></c>"                     \
    "<c r=\"B1\" t=\"inlineStr\"><is><t>scale</t></is></c>"                                \
    "<c r=\"C1\" t=\"inlineStr\"><is><t>hourly_wage</t></is></c></row>"
#define WAGE_ROW(r, cao, scale, wage)                                                       \
    "<row r=\"" #r "\"><c r=\"A" #r "\" t=\"inlineStr\"><is><t>" cao "</t></is></c>"        \
    "<c r=\"B" #r "\" t=\"inlineStr\"><is><t>" scale "</t></is></c>" wage "</row>"
#define WAGES_REST WAGE_ROW(3, "ghz", "niveau3", "<c r=\"C3\"><v>22</v></c>")              \
    WAGE_ROW(4, "ghz", "niveau4", "<c r=\"C4\"><v>25</v></c>")

static const raw_book raw_books[] = {
    {"error_value", "wages",
     WAGES_HEAD WAGE_ROW(2, "vvt", "niveau3", "<c r=\"C2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>")
         WAGES_REST,
     NULL, ":wages!C2", "holds the error #DIV/0!", 0},
    {"formula_without_value", "wages",
     WAGES_HEAD WAGE_ROW(2, "vvt", "niveau3", "<c r=\"C2\"><f>10*2</f></c>") WAGES_REST, NULL,
     ":wages!C2", "has no saved value", 0},
    {"shared_string_out_of_range", "wages",
     WAGES_HEAD "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>" WAGES_REST,
     "<sst><si><t>vvt</t></si></sst>", ":wages!A2", "shared string the workbook does not have", 0},
    {"text_formula_value_as_text", "wages",
     WAGES_HEAD WAGE_ROW(2, "vvt", "niveau3", "<c r=\"C2\" t=\"str\"><f>A1</f><v>twintig</v></c>")
         WAGES_REST,
     NULL, ":wages!C2", "'twintig' is not a number", 0},
    {"not_well_formed", "wages", WAGES_HEAD "<row r=\"2\"><c r=\"A2\"><v>1</c></row>", NULL, "",
     "not well-formed XML", 0},
    {"bad_cell_reference", "wages", WAGES_HEAD "<row r=\"2\"><c r=\"2A\"><v>1</v></c></row>", NULL,
     ":wages!A2", "reference '2A' is not one of a worksheet", 0},
    {"cell_past_column_xfd", "wages", WAGES_HEAD "<row r=\"2\"><c r=\"XFE2\"><v>1</v></c></row>",
     NULL, ":wages!A2", "reference 'XFE2' is not one of a worksheet (A1 to XFD1048576)", 0},
    {"sheet_twice", "lonen",
     WAGES_HEAD WAGE_ROW(2, "vvt", "niveau3", "<c r=\"C2\"><v>20</v></c>") WAGES_REST, NULL,
     ":lonen!A1", "the table wages is in the workbook twice", 0},
    {"unknown_sheet_warned", "Segmentn", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", NULL,
     ":Segmentn!A1", "ignored (did you mean 'segments'?)", 1},
    {"table_from_column_b", "wages",
     "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>cao</t></is></c>"
     "<c r=\"C2\" t=\"inlineStr\"><is><t>scale</t></is></c>"
     "<c r=\"D2\" t=\"inlineStr\"><is><t>hourly_wage</t></is></c></row>"
     "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>vvt</t></is></c>"
     "<c r=\"C3\" t=\"inlineStr\"><is><t>niveau3</t></is></c>"
     "<c r=\"D3\" t=\"inlineStr\"><is><t>twintig</t></is></c></row>",
     NULL, ":wages!D3", "hourly_wage: 'twintig' is not a number", 0},
    /* the forms a sheet may take: no cell references, a namespace prefix, rich text in a
     * shared string, a boolean, a formula's saved number; all read as the base model */
    {"no_references_prefix_rich_text", "providers",
     "<x:row xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
     "<x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"inlineStr\"><x:is><x:t>name</x:t></x:is></x:c>"
     "<x:c t=\"inlineStr\"><x:is><x:t>cao</x:t></x:is></x:c>"
     "<x:c t=\"inlineStr\"><x:is><x:t>local</x:t></x:is></x:c>"
     "<x:c t=\"inlineStr\"><x:is><x:t>quality</x:t></x:is></x:c></x:row>"
     "<row><c t=\"inlineStr\"><is><t> A </t></is></c><c t=\"s\"><v>1</v></c>"
     "<c t=\"inlineStr\"><is><t>vvt</t></is></c><c t=\"b\"><v>1</v></c>"
     "<c><f>4*2</f><v>8</v></c></row>"
     "<row><c t=\"inlineStr\"><is><t>B</t></is></c><c t=\"inlineStr\"><is><t>Beta</t></is></c>"
     "<c t=\"inlineStr\"><is><t>ghz</t></is></c><c t=\"inlineStr\"><is><t>ONWAAR</t></is></c>"
     "<c t=\"inlineStr\"><is><t>6,0</t></is></c></row>",
     "<sst><si><r><t>pro</t></r><r><rPr/><t>vider</t></r><rPh><t>x</t></rPh></si>"
     "<si><t>Alpha</t></si></sst>",
     NULL, NULL, 0},
};

static void run_raw_book(void **state)
{
    const raw_book *c = *state;
    char dir[64] = "/tmp/lumpsum-raw-XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/model.xlsx", dir);
    fx_file f = {c->sheet, c->xml};
    assert_int_equal(fx_book_xml(path, &f, 1, c->strings), 0);
    ls_errors errs = {0};
    ls_model *m = NULL;
    int rc = ls_model_read(path, NULL, &m, &errs);
    if (!c->at || c->warning) {
        if (rc != LS_OK)
            fail_msg("%s: status %d: %s", c->name, rc, errs.errors[0].message);
        if (!c->at) { /* the base model, read from these forms */
            assert_int_equal(m->n_providers, 2);
            assert_string_equal(m->providers[0].id, "A");
            assert_string_equal(m->providers[0].name, "Alpha");
            assert_int_equal(m->providers[0].local, 1);
            assert_int_equal(m->providers[1].local, 0);
            assert_true(m->providers[0].quality_given == 8 && m->providers[1].quality_given == 6);
        }
    } else if (rc != LS_EINPUT) {
        fail_msg("%s: status %d", c->name, rc);
    }
    if (c->at) {
        const ls_error *e = c->warning ? &errs.warnings[0] : &errs.errors[0];
        char where[512], want[512];
        ls_error_where(e, where, sizeof where);
        snprintf(want, sizeof want, "%s%s", path, c->at);
        if (strcmp(where, want) != 0 || !strstr(e->message, c->words))
            fail_msg("%s: got %s: %s\nwant %s: …%s…", c->name, where, e->message, want,
                     c->words);
    }
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* The base model's segments sheet with the clients cell of row r (2: s1, 3: s2) given as
 * xml, every other cell as text. */
static void segments_with_clients(char *out, size_t size, int r, const char *xml)
{
    static const char *const rows[3][10] = {
        {"segment", "product", "intensity", "complexity", "domain", "area", "clients", "hours",
         "scale", "max_tariff"},
        {"s1", "begeleiding", "licht", "basis", "wmo", "all", "10", "10", "niveau3", ""},
        {"s2", "begeleiding", "zwaar", "basis_plus", "jeugd", "all", "4", "20", "niveau4", "1500"}};
    size_t n = 0;
    for (int i = 0; i < 3; i++) {
        n += (size_t)snprintf(out + n, size - n, "<row r=\"%d\">", i + 1);
        for (int k = 0; k < 10; k++)
            if (i + 1 == r && k == 6)
                n += (size_t)snprintf(out + n, size - n, "%s", xml);
            else if (*rows[i][k])
                n += (size_t)snprintf(out + n, size - n,
                                      "<c r=\"%c%d\" t=\"inlineStr\"><is><t>%s</t></is></c>",
                                      'A' + k, i + 1, rows[i][k]);
        n += (size_t)snprintf(out + n, size - n, "</row>");
    }
}

/* Reads the workbook of the base model with the segments sheet xml; the one message is the
 * error at segments!CELL holding words, with no warning beside it. */
static void expect_segments_error_alone(const char *xml, const char *cell, const char *words)
{
    char dir[64] = "/tmp/lumpsum-raw-XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/model.xlsx", dir);
    fx_file f = {"segments", xml};
    assert_int_equal(fx_book_xml(path, &f, 1, NULL), 0);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(path, NULL, &m, &errs), LS_EINPUT);
    char where[512], want[512];
    ls_error_where(&errs.errors[0], where, sizeof where);
    snprintf(want, sizeof want, "%s:segments!%s", path, cell);
    if (strcmp(where, want) != 0 || !strstr(errs.errors[0].message, words))
        fail_msg("got %s: %s\nwant %s: …%s…", where, errs.errors[0].message, want, words);
    if (errs.n_errors != 1)
        fail_msg("%zu errors, the second '%s'", errs.n_errors, errs.errors[1].message);
    if (errs.n_warnings != 0)
        fail_msg("a warning: '%s'", errs.warnings[0].message);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A cell that holds an error rejects its row, the one error (its segment's contracts are not
 * told "did you mean 's1'?", nor of a demand of 0); a boolean is yes or no, not 1 client. */
static void test_rejected_cell_alone(void **state)
{
    (void)state;
    char xml[4096];
    segments_with_clients(xml, sizeof xml, 3, "<c r=\"G3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>");
    expect_segments_error_alone(xml, "G3", "holds the error #DIV/0!");
    segments_with_clients(xml, sizeof xml, 2, "<c r=\"G2\" t=\"e\"><v>#N/A</v></c>");
    expect_segments_error_alone(xml, "G2", "holds the error #N/A");
    segments_with_clients(xml, sizeof xml, 2,
                          "<c r=\"G2\" t=\"inlineStr\"><is><t>abc</t></is></c>");
    expect_segments_error_alone(xml, "G2", "clients: 'abc' is not a number");
    segments_with_clients(xml, sizeof xml, 2, "<c r=\"G2\" t=\"b\"><v>1</v></c>");
    expect_segments_error_alone(xml, "G2", "clients: 'yes' is not a number");
}

/* A date is an error at its cell: a date cell (t="d"), or a number a built-in or custom format
 * shows as a date (1-1-2025 typed into clients is 45658); a unit or a currency is a number. */
static void test_date_cells(void **state)
{
    (void)state;
    char xml[4096], dir[64] = "/tmp/lumpsum-raw-XXXXXX", path[128];
    const char *const dates[] = {"<c r=\"G2\" t=\"d\"><v>2025-01-01T00:00:00</v></c>",
                                 "<c r=\"G2\" s=\"1\"><v>45658</v></c>",
                                 "<c r=\"G2\" s=\"2\"><v>45658</v></c>"};
    for (size_t i = 0; i < 3; i++) {
        segments_with_clients(xml, sizeof xml, 2, dates[i]);
        expect_segments_error_alone(xml, "G2", "the cell holds a date");
    }
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/model.xlsx", dir);
    for (int st = 3; st <= 4; st++) {
        char cell[64];
        snprintf(cell, sizeof cell, "<c r=\"G2\" s=\"%d\"><v>12</v></c>", st);
        segments_with_clients(xml, sizeof xml, 2, cell);
        fx_file f = {"segments", xml};
        assert_int_equal(fx_book_xml(path, &f, 1, NULL), 0);
        ls_errors errs = {0};
        ls_model *m = NULL;
        assert_int_equal(ls_model_read(path, NULL, &m, &errs), LS_OK);
        assert_near(m->segments[0].clients, 12, 0);
        ls_model_free(m);
        ls_errors_clear(&errs);
    }
    fx_remove(dir);
}

/* Not a workbook at all: a text file, an old .xls, a zip without a workbook. */
static void test_not_a_book(void **state)
{
    (void)state;
    char dir[64] = "/tmp/lumpsum-notbook-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const struct {
        const char *name, *bytes, *words;
    } cases[] = {{"model.csv", "key,value\n", "neither a model folder nor an .xlsx workbook"},
                 {"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "Excel 97-2003 workbook"},
                 {"empty.xlsx", "PK\x05\x06", "cannot open the workbook"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fx_write(dir, cases[i].name, cases[i].bytes);
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
        ls_errors errs = {0};
        ls_model *m = NULL;
        assert_int_equal(ls_model_read(path, NULL, &m, &errs), LS_EINPUT);
        assert_string_equal(errs.errors[0].file, path);
        assert_int_equal(errs.errors[0].line, 0);
        if (!strstr(errs.errors[0].message, cases[i].words))
            fail_msg("%s: %s", cases[i].name, errs.errors[0].message);
        ls_errors_clear(&errs);
    }
    fx_remove(dir);
}

/* A folder that holds segments.xlsx where segments.csv belongs. */
static void test_book_inside_folder(void **state)
{
    (void)state;
    fx_file f = {"segments.csv", ""};
    char *dir = fx_model(&f, 1);
    char book[256];
    snprintf(book, sizeof book, "%s/segments.xlsx", dir);
    fx_file s = {"segments", NULL};
    assert_int_equal(fx_book_xml(book, &s, 1, NULL), 0);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_EINPUT);
    char where[512], want[512];
    ls_error_where(&errs.errors[0], where, sizeof where);
    snprintf(want, sizeof want, "%s/segments.csv:1:1", dir);
    assert_string_equal(where, want);
    assert_non_null(strstr(errs.errors[0].message, "a workbook, which is read as the model "
                                                   "itself, not inside a folder"));
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* ---- the Dutch spellings, to the bit ---------------------------------------------------- */

static void test_dutch_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int flags;
        const char *plain; /* what strtod reads the same double from */
    } good[] = {
        {"1.234.567,89", LS_NUM_DUTCH, "1234567.89"},
        {"€ 1.234", LS_NUM_DUTCH, "1234"},
        {"€ 24.200.000,00", LS_NUM_DUTCH, "24200000"},
        {"€\xC2\xA0" "1.234,-", LS_NUM_DUTCH, "1234"},
        {"-€ 1.234,5", LS_NUM_DUTCH, "-1234.5"},
        {"€ -12,5", LS_NUM_DUTCH, "-12.5"},
        {"1.234", LS_NUM_DUTCH, "1234"}, /* with ';' one thousand two hundred thirty-four */
        {"1.250", LS_NUM_DUTCH, "1250"},
        {"12.5", LS_NUM_DUTCH, "12.5"},   /* a dot that groups nothing is a decimal point */
        {"0.250", LS_NUM_DUTCH, "0.25"},
        {"1.2345", LS_NUM_DUTCH, "1.2345"},
        {"12,5", LS_NUM_DUTCH, "12.5"},
        {"1,5e3", LS_NUM_DUTCH, "1500"},
        {"2%", LS_NUM_DUTCH | LS_NUM_PERCENT, "0.02"},
        {"2 %", LS_NUM_DUTCH | LS_NUM_PERCENT, "0.02"},
        {"12,5%", LS_NUM_DUTCH | LS_NUM_PERCENT, "0.125"},
        {"3,3%", LS_NUM_DUTCH | LS_NUM_PERCENT, "0.033"},
        {"-0,5%", LS_NUM_DUTCH | LS_NUM_PERCENT, "-0.005"},
        {"150%", LS_NUM_DUTCH | LS_NUM_PERCENT, "1.5"},
        {"0,03", LS_NUM_COMMA, "0.03"},
        {"1234.5", 0, "1234.5"},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        double v = -1, want = strtod(good[i].plain, NULL);
        char msg[256];
        if (ls_parse_number(good[i].text, good[i].flags, &v, msg, sizeof msg) != 0 || v != want)
            fail_msg("'%s' → %.17g (%s), want %.17g", good[i].text, v, msg, want);
        char plain[64];
        if (good[i].flags & LS_NUM_COMMA) {
            assert_int_equal(ls_number_plain(good[i].text, good[i].flags, plain, sizeof plain), 1);
            assert_true(strtod(plain, NULL) == want);
        }
    }
    static const struct {
        const char *text;
        int flags;
        const char *words;
    } bad[] = {
        {"1.23,4", LS_NUM_DUTCH, "groups thousands by three"},
        {"1,234.5", LS_NUM_DUTCH, "is not a number"},
        {"1.2.3", LS_NUM_DUTCH, "groups thousands by three"},
        {"2%", LS_NUM_DUTCH, "a percentage is read only in a column of fractions"},
        {"€ 2%", LS_NUM_DUTCH | LS_NUM_PERCENT, "is not a number"},
        {"€", LS_NUM_DUTCH, "is not a number"},
        {"1.234", 0, "thousands separators are not allowed"}, /* (one dot: 1.234 in a ','-file) */
        {"1.234.567", 0, "thousands separators are not allowed"},
        {"1,5", 0, "a decimal comma needs ';'"},
        {"2%", 0, "write the fraction 0.02 here"},
        {"10.000.000.000.000.000", LS_NUM_DUTCH, "out of range"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v;
        char msg[256] = "";
        int rc = ls_parse_number(bad[i].text, bad[i].flags, &v, msg, sizeof msg);
        if (strcmp(bad[i].text, "1.234") == 0) { /* a decimal point in a ','-file */
            assert_int_equal(rc, 0);
            assert_true(v == 1.234);
            continue;
        }
        if (rc == 0 || !strstr(msg, bad[i].words))
            fail_msg("'%s': rc %d, '%s', want …%s…", bad[i].text, rc, msg, bad[i].words);
    }
    int on = -1;
    char msg[256];
    assert_int_equal(ls_parse_bool("WAAR", &on, msg, sizeof msg), 0);
    assert_int_equal(on, 1);
    assert_int_equal(ls_parse_bool("onwaar", &on, msg, sizeof msg), 0);
    assert_int_equal(on, 0);
    assert_int_equal(ls_parse_bool("J", &on, msg, sizeof msg), 0);
    assert_int_equal(on, 1);
    assert_int_equal(ls_parse_bool("N", &on, msg, sizeof msg), 0);
    assert_int_equal(on, 0);
    assert_int_equal(ls_parse_bool("Nee", &on, msg, sizeof msg), 0);
    assert_int_equal(on, 0);
}

/* A ';' file in the Dutch spellings reads the values they spell; a ',' file keeps its rules. */
static void test_semicolon_file_spellings(void **state)
{
    (void)state;
    fx_file f[] = {
        {"budget.csv", "key;value\nbudget;€ 1.234.567,89\nreserve;2%\nmax_shift;12,5%\n"},
        {"providers.csv", "provider;name;cao;local;margin;overhead;min_budget\n"
                          "A;Alpha;vvt;WAAR;3%;10 %;€ 1.000\nB;Beta;ghz;N;;;\n"},
        {"segments.csv",
         "segment;product;intensity;complexity;domain;area;clients;hours;scale;max_tariff\n"
         "s1;begeleiding;licht;basis;wmo;all;10;10;niveau3;\n"
         "s2;begeleiding;zwaar;basis_plus;jeugd;all;4;20;niveau4;1.500\n"}};
    char *dir = fx_model(f, 3);
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_OK);
    assert_true(m->policy.budget == 1234567.89);
    assert_true(m->policy.reserve == 0.02);
    assert_true(m->policy.max_shift == 0.125);
    assert_true(m->providers[0].margin == 0.03 && m->providers[0].overhead == 0.1);
    assert_true(m->providers[0].min_budget == 1000);
    assert_int_equal(m->providers[0].local, 1);
    assert_int_equal(m->providers[1].local, 0);
    assert_true(m->segments[1].max_tariff == 1500);
    ls_model_free(m);
    ls_errors_clear(&errs);
    fx_remove(dir);

    fx_file comma[] = {
        {"providers.csv", "provider,name,cao,margin\nA,Alpha,vvt,3%\nB,Beta,ghz,\n"}};
    dir = fx_model(comma, 1);
    assert_int_equal(ls_model_read(dir, NULL, &m, &errs), LS_EINPUT);
    assert_int_equal(errs.errors[0].line, 2);
    assert_int_equal(errs.errors[0].column, 4);
    assert_non_null(strstr(errs.errors[0].message, "'3%': write the fraction 0.03 here"));
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* --set key=0,03 takes a decimal comma; a near miss of a key is named. */
static void test_set_decimal_comma(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    const char *sets[] = {"margin=0,03", "budget=120000,5"};
    ls_read_options ro;
    ls_read_options_init(&ro);
    ro.overrides = sets;
    ro.n_overrides = 2;
    ls_errors errs = {0};
    ls_model *m = NULL;
    assert_int_equal(ls_model_read(dir, &ro, &m, &errs), LS_OK);
    assert_true(m->policy.margin == 0.03);
    assert_true(m->policy.budget == 120000.5);
    ls_model_free(m);
    const char *typo[] = {"reserv=0,1"};
    ro.overrides = typo;
    ro.n_overrides = 1;
    assert_int_equal(ls_model_read(dir, &ro, &m, &errs), LS_EUSAGE);
    assert_string_equal(errs.errors[0].file, "overrides");
    assert_non_null(
        strstr(errs.errors[0].message, "unknown key 'reserv' (did you mean 'reserve'?)"));
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* ---- the command ---------------------------------------------------------------------- */

static void test_cli_book(void **state)
{
    (void)state;
    fx_file f = {"segments.csv", SEG_HEAD "s1,begeleiding,licht,basis,wmo,all,x,10,niveau3,\n" S2};
    char *dir = fx_model(&f, 1);
    char path[128], args[600], want[256];
    snprintf(path, sizeof path, "%s.xlsx", dir);
    assert_int_equal(fx_book(dir, path, 1), 0);
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "check %s", path);
    assert_int_equal(fx_run(args, &out, &err), 1);
    snprintf(want, sizeof want, "%s:segmenten!G2: clients: 'x' is not a number\n", path);
    if (!strstr(err, want))
        fail_msg("stderr: %s\nwant: %s", err, want);
    free(out);
    free(err);
    snprintf(args, sizeof args, "plan %s", path);
    assert_int_equal(fx_run(args, &out, &err), 1);
    assert_non_null(strstr(err, want));
    free(out);
    free(err);
    remove(path);
    fx_remove(dir);

    /* a sheet that is no table: a warning at its A1, in the JSON with its cell */
    char book[64] = "/tmp/lumpsum-notes-XXXXXX";
    assert_non_null(mkdtemp(book));
    snprintf(path, sizeof path, "%s/m.xlsx", book);
    fx_file notes = {"Notities", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"};
    assert_int_equal(fx_book_xml(path, &notes, 1, NULL), 0);
    snprintf(args, sizeof args, "check %s --json", path);
    assert_int_equal(fx_run(args, &out, &err), 0);
    if (!strstr(out, "\"cell\": \"Notities!A1\""))
        fail_msg("stdout: %s", out);
    free(out);
    free(err);
    snprintf(args, sizeof args, "check %s", path);
    assert_int_equal(fx_run(args, &out, &err), 0);
    snprintf(want, sizeof want, "%s:Notities!A1: warning: the sheet 'Notities' is no table", path);
    if (!strstr(err, want))
        fail_msg("stderr: %s\nwant: %s", err, want);
    free(out);
    free(err);
    fx_remove(book);

    /* the bundled workbook plans as its folder: the report the same but for the model's name */
    char *a = NULL, *b = NULL;
    snprintf(args, sizeof args, "plan %s/brunssum", fx_data_dir());
    assert_int_equal(fx_run(args, &a, NULL), 0);
    snprintf(args, sizeof args, "plan %s/brunssum.xlsx", fx_data_dir());
    assert_int_equal(fx_run(args, &b, NULL), 0);
    const char *ra = strchr(a, '\n'), *rb = strchr(b, '\n'); /* after the title line */
    assert_non_null(ra);
    assert_non_null(rb);
    const char *ya = strstr(a, ", year"), *yb = strstr(b, ", year");
    assert_non_null(ya);
    assert_non_null(yb);
    assert_string_equal(ya, yb);
    free(a);
    free(b);
}

int main(void)
{
    struct CMUnitTest tests[64 + sizeof bad_books / sizeof *bad_books +
                            sizeof raw_books / sizeof *raw_books];
    size_t n = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_brunssum_as_book);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_every_bundled_model_as_book);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_bundled_book);
    for (size_t i = 0; i < sizeof bad_books / sizeof *bad_books; i++)
        tests[n++] = (struct CMUnitTest){bad_books[i].name, run_bad_book, NULL, NULL,
                                         (void *)&bad_books[i]};
    for (size_t i = 0; i < sizeof raw_books / sizeof *raw_books; i++)
        tests[n++] = (struct CMUnitTest){raw_books[i].name, run_raw_book, NULL, NULL,
                                         (void *)&raw_books[i]};
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_rejected_cell_alone);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_date_cells);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_not_a_book);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_book_inside_folder);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_dutch_numbers);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_semicolon_file_spellings);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_set_decimal_comma);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_cli_book);
    return _cmocka_run_group_tests("workbook", tests, n, NULL, NULL);
}
