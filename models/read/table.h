/*
 * table.h — reading one CSV file of the model as a table of named columns (internal).
 *
 * read.c gives each file a column table and a row handler; this layer maps the header to
 * field positions (warning once about unknown columns, erring on a missing required one) and
 * reads cells through parsers that know the defaults and append FILE:LINE:COLUMN errors.
 */
#ifndef LS_TABLE_H
#define LS_TABLE_H

#include "csvfile.h"
#include "model.h"
#include "util.h"

#define MAX_COLS 32 /* the most columns a file of the model has (read.c checks its tables) */
/* the bytes of reading.segment_slots' slots */
#define LS_ID_SLOT 32
/* the segments after the previous row's that contract_ids compares a row's with before it
 * hashes: in the country preset a provider's next contract is at most 64 segments on (8
 * were too few for 41,000 of its 817,000 rows) */
#define LS_HINT_SPAN 64
/* threads that read contracts.csv at most */
#define LS_READ_WORKERS 8

typedef struct col_spec {
    const char *name;
    int required;
} col_spec;

typedef struct ls_xlsx ls_xlsx;

/* A run of contract rows of one provider, as a worker of the parallel route prepared them:
 * the slot of its first row's contract and its rows (contracts.c). */
typedef struct contract_block {
    int provider;
    unsigned first, n;
} contract_block;

typedef struct reading {
    ls_model *m;
    ls_errors *errs;
    ls_xlsx *book; /* the workbook whose sheets are the tables; NULL: a folder of CSV files */
    ls_csv_options csv; /* how every file is read (the parallel route's threshold) */
    ls_strmap segments, providers, caos, scales, indicator_names, budget_keys;
    ls_pairmap contracts, wage_keys, indicator_keys; /* value: the index or the line */
    size_t segments_cap, providers_cap, contracts_cap, indicators_cap, caos_cap, scales_cap,
        inames_cap;
    /* wages.csv rows until the CAO × scale table can be laid out */
    struct wage_row {
        int cao, scale;
        double wage;
    } *wages;
    size_t n_wages, wages_cap;
    /* contracts.csv, which lists by provider as a rule: the previous row's provider and
     * segment (hint: the next lookups to try), and duplicates found per provider's block of rows
     * (seg_stamp[s]: the provider whose block listed segment s last, seg_first[s] that
     * contract), or in the pair map once a provider's rows come in two blocks (hashed) */
    int hint[2], block_provider, hashed;
    /* for each worker of the parallel route, a cache line of its own (another worker's
     * writes to a line it reads made the whole reading of the country twice as slow): the
     * same hints, and its rows' runs by provider (blocks: a provider, its first row's slot
     * and its rows), with clash set when a segment came twice in one (stamp[s]: the number of
     * its block that listed segment s last); ls_contracts_commit_all takes the rows at once
     * from these */
    struct contract_worker {
        _Alignas(64) int ids[2];
        int clash, *stamp;
        contract_block *blocks;
        size_t n_blocks, blocks_cap;
    } worker_hint[LS_READ_WORKERS];
    unsigned budget_key_column; /* budget.csv's key column, for messages */
    int contracts_failed;       /* contracts.csv had errors: the rules on it would only echo */
    /* what a reference is not checked against (tbl_unchecked), keyed "FILE" for a table that
     * could not be read whole and "FILE\tCOLUMN\tID" for the id of a row a table rejected;
     * the keys are the model's arena strings */
    ls_strmap unchecked;
    int *seg_stamp, *seg_first;
    char *provider_done;
    /* every segment's id, NUL-padded, when shorter than LS_ID_SLOT bytes (else empty):
     * contract_ids compares a row's segment with the hint's next ones here, side by side,
     * where the segments lie hundreds of bytes apart and their ids elsewhere again, a cache
     * miss each */
    char (*segment_slots)[LS_ID_SLOT];
    /* every segment's scale, for the wage check of each contract row (a segment is some
     * 200 bytes: its scale alone would be a cache line a row) */
    int *segment_scale;
    int nomem;
} reading;

typedef struct file_ctx file_ctx;
struct file_ctx {
    reading *r;
    const char *display;
    const col_spec *cols;
    size_t n_cols;
    int idx[MAX_COLS];
    size_t n_header;
    unsigned header_line;
    int header_ok;
    int other_delimiter_seen; /* a row cut by the other delimiter was reported */
    void (*on_row)(file_ctx *f, const ls_csv_row *row);
    const char *name; /* the table: "segments.csv" */
    /* notes the ids of a row rejected before on_row could read it (NULL: no one refers to
     * this table's rows) */
    void (*on_reject)(file_ctx *f, const ls_csv_row *row);
    size_t row_errors; /* errors said at the header and the rows, not about the file */
};

#define ROW_ERR(f, row, k, ...) \
    ls_error_add((f)->r->errs, (f)->display, (row)->line, tbl_col((f), (k)), __VA_ARGS__)

/* Has the reader stopped: out of memory or LS_MAX_ERRORS errors? */
int tbl_full(const reading *r);
/* The cell of column k in row ("" where the column or the field is absent), and its 1-based
 * column number for messages. */
const char *tbl_cell(const file_ctx *f, const ls_csv_row *row, int k);
unsigned tbl_col(const file_ctx *f, int k);
/* Where an id or a column came first, in the words of its table, into buf: "first on line 2"
 * and "first as column 7" in a file, "first in B2" and "first in column G" in a sheet (a
 * column 0: the column alone). Returns buf. */
const char *tbl_first(const file_ctx *f, unsigned line, unsigned column, char *buf, size_t size);
/* The spelling of the row's numbers (ls_parse_number's flags): strict in a ','-file, Dutch in
 * a ';'-file and a workbook's sheet (whose text cells may hold 1.234,5). */
int tbl_spelling(const ls_csv_row *row);
/* A number; empty gives dflt (NAN: required). 0, or -1 after an error. */
int tbl_number(file_ctx *f, const ls_csv_row *row, int k, double dflt, double *out);
/* A number in [lo, hi] (strict where the flags say). */
int tbl_ranged(file_ctx *f, const ls_csv_row *row, int k, double dflt, double lo, int lo_strict,
               double hi, int hi_strict, double *out);
/* An optional number with no default: NAN when empty. */
void tbl_optional(file_ctx *f, const ls_csv_row *row, int k, double lo, int lo_strict,
                  double hi, int hi_strict, double *out);
/* An identifier copied into the model's arena; empty gives dflt (NULL: required). */
int tbl_id(file_ctx *f, const ls_csv_row *row, int k, const char *dflt, const char **out);
/* Whether an identifier that refers to another table (a contract's provider, an indicator's)
 * cannot be one at all: then the error says why (a control character, more than 64
 * characters), as its own table's would, rather than that the table lacks it. */
int tbl_bad_ref(file_ctx *f, const ls_csv_row *row, int k, const char *id);
/* One of n words; its index, dflt when empty, -1 after an error. */
int tbl_enum(file_ctx *f, const ls_csv_row *row, int k, const char *const *names, int n,
             int dflt);
/* Interns id into map and names; its index, or -1 out of memory. */
int tbl_intern(reading *r, ls_strmap *map, const char ***names, size_t *n, size_t *cap,
               const char *id);
/* The index of the first field beyond the header's columns (an error), or 0 when the row has
 * no more fields than the header: in a file empty or not, in a sheet the first cell that
 * holds something. */
size_t tbl_extra_field(const file_ctx *f, const ls_csv_row *row);
/* The other delimiter (',' or ';') when the row is one field holding it and the header has
 * more columns: a row written with the other delimiter (an error). Else 0. */
int tbl_other_delimiter(const file_ctx *f, const ls_csv_row *row);
/* A table read in part (missing, empty, its header or the file itself at fault): the rules
 * that look ids up in it are not checked, since every id would seem missing. */
void tbl_incomplete(reading *r, const char *file);
/* The table file rejected a row whose column holds id (an error said at the row): a
 * reference to it is not reported as missing from the table. */
void tbl_reject(reading *r, const char *file, const char *column, const char *id);
/* Is a reference to id in file's column not to be checked: the table is incomplete, or it
 * rejected the row of id? */
int tbl_unchecked(const reading *r, const char *file, const char *column, const char *id);
/* The ls_csv_row_fn for a file_ctx: maps the header, then calls its on_row per row. */
int tbl_row(void *ctx, const ls_csv_row *row);

/* ---- source.c: where the tables come from ---- */

/* How a message names a table: "providers.csv", or "the sheet 'aanbieders'" of a workbook. */
#define TABLE(r, file) tbl_table_name((r), (file), (char[96]){0}, 96)
/* " (did you mean 'X'?)" for a near miss, else "". */
#define NEAR(near) ls_did_you_mean((near), (char[96]){0}, 96)
const char *tbl_table_name(const reading *r, const char *file, char *buf, size_t size);
/* The provider or segment id that id was likely meant to be (ls_near), or NULL. */
const char *tbl_near_provider(const ls_model *m, const char *id);
const char *tbl_near_segment(const ls_model *m, const char *id);
/* Where table name ("segments.csv") is, for messages: dir/name, or BOOK.xlsx:SHEET.
 * malloc'd; NULL out of memory. */
char *tbl_path(const reading *r, const char *dir, const char *name);
/* The error for a required table that is not there (path: tbl_path's). */
void tbl_missing(reading *r, const char *dir, const char *name, const char *path);
/* A --set value as the policy parser takes it: a decimal comma (key=0,03) as a point; text
 * itself or buf. */
const char *tbl_set_value(const char *text, char *buf, size_t size);
/* read.c: the model from a folder (book NULL) or from an open workbook. */
int tbl_read_model(const char *dir, ls_xlsx *book, const ls_read_options *opts,
                   ls_model **out, ls_errors *errs);

#endif
