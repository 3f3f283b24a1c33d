/*
 * lumpsum.h — the one public header of liblumpsum.
 *
 * lumpsum plans a municipality's care budget (Wmo, youth care) and divides a lumpsum over
 * care providers with linear programming. A model directory of CSV files is read into an
 * opaque ls_model, solved into an ls_result, and written (docs/ states every rule).
 *
 * Conventions (see docs/design.md): every function returns an int status (LS_OK or an LS_E…
 * code equal to the command line's exit code) and hands results back through out-pointers.
 * The library never prints and never exits. Every _free accepts NULL. Money is euros in
 * doubles; it is rounded to cents only by the writers.
 *
 * Languages. Every message the library writes (errors, warnings, the names in its workbooks)
 * is English in the source and looked up through GNU gettext in the library's own domain,
 * "lumpsum": bindtextdomain("lumpsum", DIR) to the installed share/locale and set
 * LC_MESSAGES (the command line does this for --lang). Numbers are never read or written
 * through the C locale: leave LC_NUMERIC as it is.
 *
 * Threads. The library has no global mutable state of its own; these are the rules:
 * - A model is not changed once read (ls_model_set is part of preparing it: call it before
 *   sharing the model). Any number of threads may plan, sweep and run risk on one model at
 *   once: every planner keeps its own copy of what a what-if changes, as ls_risk_run's
 *   workers do with the one model they share. Free the model after its planners.
 * - One planner per thread; a result belongs to whoever asked for it.
 * - GLPK keeps an environment per thread: a thread of yours that called into lumpsum calls
 *   ls_thread_cleanup() before it ends (the main thread need not). The threads lumpsum starts
 *   itself (plan's components, risk's workers, batch) clean up after themselves.
 * - ls_risk_run and ls_plan_batch start threads of their own (options.threads); a planner
 *   may split a cold solve over the machine's cores (ls_planner_options.threads, at most 64).
 * - Under mpirun, call ls_dist_init first and ls_dist_finalize last, from the main thread,
 *   and pass the context to the studies (their options' dist); NULL is one process.
 */
#ifndef LUMPSUM_H
#define LUMPSUM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LS_VERSION "0.1.0"

/* The processes that share a study's work under mpirun (ls_dist_init, at the end). */
typedef struct ls_dist ls_dist;

/* Status codes; each equals the exit code the command line returns for it. */
enum {
    LS_OK = 0,
    LS_EINPUT = 1,      /* bad input: the ls_errors list says where */
    LS_EUSAGE = 2,      /* bad usage: an unknown --set key, a bad option value */
    LS_ENOSOLUTION = 3, /* the model has no solution; the reason is in ls_errors */
    LS_EINTERNAL = 4    /* solver failure, out of memory, an I/O error on output */
};

/* ---- diagnostics ------------------------------------------------------------------------ */

/* One message about the input. file is the path as the user gave it; line and column are
 * 1-based (column = the field's position in its row, as a spreadsheet counts columns); both
 * are 0 where a message concerns no place in a file (a solver reason). A message about an
 * option the model has to judge has line 0 and the option's field as file: "overrides"
 * (ls_read_options), "param" (ls_sweep_options), "years" (a multi-year plan). */
typedef struct ls_error {
    char *file;
    unsigned line;
    unsigned column;
    char *message;
    int cell; /* 1: a workbook's cell: file is BOOK.xlsx:SHEET, line the sheet's row and
               * column its column (A = 1); ls_error_where prints it as BOOK.xlsx:SHEET!D7 */
} ls_error;

/* The reader collects up to LS_MAX_ERRORS errors (then stops reading) and any number of
 * warnings. Initialise with {0}; release with ls_errors_clear. */
#define LS_MAX_ERRORS 20
typedef struct ls_errors {
    ls_error *errors;
    size_t n_errors;
    ls_error *warnings;
    size_t n_warnings;
    int out_of_memory; /* a message could not be stored */
} ls_errors;

void ls_errors_clear(ls_errors *errs);

/* Where a message points, as people read it: FILE:LINE:COLUMN, BOOK.xlsx:SHEET!D7 for a
 * workbook's cell, or FILE alone when it has no line (0). Into buf of size bytes. */
void ls_error_where(const ls_error *e, char *buf, size_t size);

/* Frees this thread's GLPK environment; call it at the end of every thread of yours that
 * called into lumpsum (see "Threads" above). */
void ls_thread_cleanup(void);

/* ---- reading a model -------------------------------------------------------------------- */

typedef struct ls_model ls_model;

/* Options for ls_model_read, initialised by ls_read_options_init so that new fields never
 * break callers; each field's default follows it. A NULL options pointer means the defaults. */
typedef struct ls_read_options {
    const char *const *overrides; /* NULL: "key=value" strings applied over budget.csv (--set) */
    size_t n_overrides;           /* 0 */
    int threads; /* 0: a large contracts.csv is read on the machine's cores (at most 8); N: N */
    size_t parallel_min_bytes; /* 0: 1 MiB; a smaller contracts.csv is read on one thread */
    size_t *contracts_prepared; /* NULL; else the rows read on threads (0: on one thread) */
} ls_read_options;

void ls_read_options_init(ls_read_options *opts);

/* Reads and validates the model directory dir (docs/model-format.md) and computes every
 * contract's floor tariff (docs/tariff.md). On LS_OK *out owns the model (free with ls_model_free);
 * warnings may be in errs. On LS_EINPUT errs lists up to LS_MAX_ERRORS errors; on LS_EUSAGE an
 * override was bad (its message is in errs with file "overrides"). */
int ls_model_read(const char *dir, const ls_read_options *opts, ls_model **out, ls_errors *errs);
void ls_model_free(ls_model *model);

/* Sets one budget.csv key on a model already read (the same rules as --set) and recomputes
 * what depends on it. On LS_EUSAGE msg (of size msg_size) says why. */
int ls_model_set(ls_model *model, const char *key, const char *value, char *msg, size_t msg_size);

/* ---- the check summary ------------------------------------------------------------------ */

/* Floor tariffs of one product × intensity × complexity class over its usable contracts,
 * euros per client per month; and as a contract quotes them: unit (uur, dagdeel, etmaal, …)
 * and units a client a month, where every segment of the class has the same (else unit is
 * NULL and units NAN), so that median / units is the median floor per unit. */
typedef struct ls_tariff_class {
    const char *product;
    const char *intensity;
    const char *complexity;
    size_t contracts;
    double min, median, max;
    const char *unit;
    double units;
} ls_tariff_class;

typedef struct ls_domain_count {
    const char *domain;
    size_t segments;
    double clients;
} ls_domain_count;

/* What `lumpsum check` reports. Owned by the caller; free with ls_check_free. The strings
 * point into the model, so the model must outlive the summary. */
typedef struct ls_check {
    const char *year; /* may be NULL */
    double budget;
    size_t segments, providers, local_providers, contracts, usable_contracts, caos;
    double clients;
    ls_domain_count *domains;
    size_t n_domains;
    ls_tariff_class *classes;
    size_t n_classes;
} ls_check;

int ls_check_summarize(const ls_model *model, ls_check **out);
void ls_check_free(ls_check *check);

/* The summary and the warnings as one JSON document (jansson); *out is malloc'd. */
int ls_check_to_json(const ls_check *check, const ls_errors *errs, char **out);

/* ---- planning: stage 1 (placement) and stage 2 (dividing the lumpsum) --------------------- */

/* A plan's verdict on the money; a sweep value or risk draw may also have no solution. */
typedef enum { LS_FUNDED = 0, LS_UNDERFUNDED = 1, LS_NO_SOLUTION = 2 } ls_status;

/* "funded", "underfunded" or "no_solution"; beside it in the files the demand: "met", or
 * "unmet" when some client has no place (no row reads funded alone while clients go without). */
const char *ls_status_name(ls_status status);
const char *ls_demand_name(double unmet_clients);

/* The domains, in this order: wmo, jeugd, participatie. */
enum { LS_DOMAIN_COUNT = 3 };
const char *ls_domain_name(int domain);

/* A setting of a result's scenario: a budget.csv key in force (after --set), its value as text. */
typedef struct ls_setting {
    const char *key, *value;
} ls_setting;

/* A contract's floor tariff step by step (docs/tariff.md), as the Tariffs sheet shows it.
 * The five steps are euros an hour, each what its cost fraction adds to the steps before it
 * (charges on the wage, unproductive hours on wage and charges, and so on); hourly is their
 * sum. The wage part is hours_per_month · hourly · index_factor, where hours_per_month is
 * staff hours (the segment's hours / group_size) and index_factor the wage index, the CAO's
 * factor and the plan year's wage blend together, taken as wage_part / (hours_per_month ·
 * hourly) (1 where hourly is 0); the floor is wage_part + other_costs (the segment's non-wage
 * costs, indexed by prices in later plan years). A contract quotes the floor per unit:
 * floor / units. cao, scale and unit are names owned by the model or the library. */
typedef struct ls_floor_parts {
    const char *cao, *scale;
    double hours_per_month; /* staff hours per client per month: hours / group_size */
    double group_size;      /* clients per staff member at once (1: one to one) */
    double wage, charges, unproductive, overhead, margin;
    double hourly;
    /* the provider's cost fractions the five steps come from (its own, else budget.csv's):
     * hourly = wage · (1 + charges) / (1 − unproductive) · (1 + overhead) · (1 + margin) */
    struct {
        double charges, unproductive, overhead, margin;
    } fraction;
    double index_factor;
    double wage_part;   /* euros per client per month */
    double other_costs; /* euros per client per month, this plan year's */
    const char *unit;   /* uur, dagdeel, dag, etmaal, week, maand, traject */
    double units;       /* units per client per month */
} ls_floor_parts;

/* One contract with clients placed (allocation.csv). Money is euros; floor_cost a year.
 * contract is its index in the model (the order of contracts.csv); floor its floor_tariff's
 * parts, so that no writer works the formula out again. */
typedef struct ls_allocation_row {
    const char *provider, *segment;
    double clients;
    double floor_tariff; /* euros per client per month */
    double floor_cost;   /* 12 · floor_tariff · clients, euros per year */
    double floor_per_unit; /* floor_tariff / floor.units: the tariff as a contract quotes it */
    size_t contract;
    ls_floor_parts floor;
} ls_allocation_row;

/* One group g = (provider, domain) (budgets.csv). */
typedef struct ls_budget_row {
    const char *provider, *name, *domain;
    int local;
    double quality;
    double floor_cost; /* F_g, euros per year */
    double budget;     /* b_g, euros per year */
    double margin;     /* budget / floor_cost − 1; NAN when floor_cost is 0 */
    int capped;        /* frozen by anything but the total budget (its ceiling, max_budget,
                        * its domain's ceiling, the local share) */
    int cut_by_domain; /* its domain's ceiling held it below its floor */
    double lift;       /* what its provider's min_budget added above its level, euros a year */
} ls_budget_row;

/* One segment (segments.csv). marginal_cost: euros per client per year (demand row dual); NAN where
 * clients go unmet. cause: why clients go unmet ("no_contract", "ceiling", or the limits that bind
 * among capacity, max_clients, max_budget, continuity joined with '+'); NULL when none does.
 * contracts, above_ceiling: where some go unmet, its contracts and those above its max_tariff. */
typedef struct ls_segment_row {
    const char *segment, *domain, *area;
    const char *cause;
    double demand, served, unmet, marginal_cost;
    double pgb_clients, pgb_cost; /* pgb_cost euros a year */
    size_t contracts, above_ceiling;
} ls_segment_row;

/* A limit that binds, with what it costs. value is in the unit the kind names. */
typedef enum {
    LS_BIND_CAPACITY,     /* provider's capacity_hours; value: euros a year one more hour saves */
    LS_BIND_PROVIDER_MAX, /* provider's max_budget in placement; value: euros saved per euro */
    LS_BIND_LOCAL,        /* a local target (domain's: domain set); value: € a year a point */
    LS_BIND_MAX_CLIENTS,  /* contract's max_clients; value: euros a year one more client saves */
    LS_BIND_CONTINUITY,   /* continuity keeps amount clients; value: extra euros a year each */
    LS_BIND_CEILING,      /* stage 2: group stopped by its tariff ceiling; amount: its budget */
    LS_BIND_BUDGET_CAP,   /* stage 2: group stopped by its provider's max_budget */
    LS_BIND_DOMAIN_CAP,   /* stage 2: group stopped by its domain's ceiling */
    LS_BIND_LOCAL_SHARE,  /* stage 2: non-local groups stopped by the local row */
    LS_BIND_MIN_BUDGET,   /* stage 2: provider lifted to its min_budget; amount: the lift */
    LS_BIND_LOCAL_MISSED, /* a local target out of reach; amount: share reached, value: € short */
    LS_BIND_UNMET_CEILING /* segment whose every floor is above its max_tariff; amount: its
                           * clients without a place, value: their care a year at the lowest */
} ls_binding_kind;

typedef struct ls_binding {
    ls_binding_kind kind;
    const char *provider; /* NULL where the limit is not a provider's */
    const char *segment;  /* for contract limits */
    const char *domain;   /* for stage-2 group limits */
    double amount;
    double value;
} ls_binding;

/* The verdict in figures: what a plan's result, a sweep's row, a risk run and a batch row
 * all carry (summary.csv's keys of the same names; docs/outputs.md). Euros a year. */
typedef struct ls_summary {
    ls_status status;
    double budget, available, required, served_clients, unmet_clients;
    double cut, margin, allocated, unallocated;
    double pgb_clients, pgb_cost; /* paid before the division; available is net */
    double break_even_wage_index; /* NAN when required is 0 */
} ls_summary;

/* Everything `plan` reports (docs/outputs.md). Strings point into the model: it must outlive the
 * result. Free with ls_result_free. */
typedef struct ls_result {
    const char *year;
    ls_summary summary;
    int quality_weighted; /* margin_policy = quality */
    double unmet_cost; /* Σ 12·unmet·(the segment's lowest floor, usable or not; none: the
                        * model's highest floor): the care still to be bought, euros a year */
    double ceiling_wage_index; /* where the first placed floor reaches its max_tariff; NAN */
    double stage1_objective;   /* the placement's cost less quality value, euros a year */
    int underfunded_total;     /* some group is held below its floor by the total budget */
    int underfunded_domain[LS_DOMAIN_COUNT]; /* … by that domain's ceiling */
    double cut_domain[LS_DOMAIN_COUNT];      /* per domain (≤ 0); NAN: no client placed in it */
    double local_share;        /* of the placement at reference prices; NAN: nobody placed */
    double local_share_target; /* local_share_min */
    double local_share_budget; /* local providers' share of the allocated budget; NAN: none */
    double local_shortfall;    /* euros a year (reference prices) the target is missed by */
    /* per domain, of its placement (NAN: none placed), its own target (NAN: none), short by */
    double local_share_domain[LS_DOMAIN_COUNT], local_target_domain[LS_DOMAIN_COUNT],
        local_shortfall_domain[LS_DOMAIN_COUNT];
    const char *model;         /* the model's path as given */
    ls_setting *settings;      /* the scenario: every budget.csv key in force */
    size_t n_settings;
    size_t providers, segments, contracts;
    ls_allocation_row *allocation;
    size_t n_allocation;
    ls_budget_row *budgets;
    size_t n_budgets;
    ls_segment_row *segment_rows;
    size_t n_segment_rows;
    ls_binding *bindings;
    size_t n_bindings;
    /* the provider whose max_budget sets summary.break_even_wage_index (its placed floor cost
     * reaches the max_budget there); NULL when the budget, a domain's ceiling or a tariff
     * ceiling sets it, or there is none */
    const char *break_even_provider;
} ls_result;

void ls_result_free(ls_result *result);

/* A planner keeps the built stage-1 LP of one model, so that what-if runs change
 * coefficients and bounds and re-solve from the last basis. The model must outlive it. */
typedef struct ls_planner ls_planner;

/* How a planner solves, initialised by ls_planner_options_init (GLPK's glp_init_smcp style:
 * new fields never break callers); each field's default follows it. None changes a figure
 * of the result, only how long it takes and what it holds. */
typedef struct ls_planner_options {
    /* 0: a cold solve splits into independent components over the machine's cores (at most
     * 64); N: over N threads; 1: not split */
    int threads;
    /* 0: full results; 1: totals (required, served, unmet, pgb, allocated, cut, margin, the
     * break-even; no rows, bindings, ceiling wage index, local shares); 2: 1 less break-even */
    int totals_only;
    /* 20000: a warm re-solve of an LP with fewer columns (contracts plus segments) solves the
     * whole LP rather than a working problem of the promising columns; 0: always the working
     * problem */
    size_t sift_min_cols;
} ls_planner_options;

void ls_planner_options_init(ls_planner_options *opts);

/* Builds a planner for model with opts (NULL: the defaults). The planner keeps its own copy
 * of what a what-if may change; it reads the model and never writes it, so one model may
 * feed planners on several threads. The model must outlive the planner. */
int ls_planner_create_with(const ls_model *model, const ls_planner_options *opts,
                           ls_planner **out);
/* ls_planner_create_with with the defaults. */
int ls_planner_create(const ls_model *model, ls_planner **out);
void ls_planner_free(ls_planner *planner);

/* A what-if: sets a budget.csv key (as ls_model_set does) in the planner's own copy, which
 * the next solve plans, warm from the last basis; the model is not changed. The keys that
 * add rows or text (year, budget.<year>, weight.<indicator>) are the model's: LS_EUSAGE. */
int ls_planner_set(ls_planner *planner, const char *key, const char *value, char *msg,
                   size_t msg_size);

/* Solves stage 1 and stage 2 for the planner's model.
 * LS_ENOSOLUTION: the reason, for a controller, is in errs; LS_EINTERNAL: solver failure. */
int ls_planner_solve(ls_planner *planner, ls_result **out, ls_errors *errs);

/* From now on every solve of this planner starts from the basis of its last solve (instead
 * of the previous solve's), so that a solve's answer does not depend on what was solved
 * before it: Monte-Carlo runs in any order and on any thread give the same figures. */
int ls_planner_keep_basis(ls_planner *planner);

/* Creates a planner, solves once, frees the planner. */
int ls_plan(const ls_model *model, ls_result **out, ls_errors *errs);

/* Plans years 1..years (docs/multi-year.md; the budget.csv keys index.wage, index.price,
 * wage_share, growth.demand, growth.<domain>, budget.growth, budget.<year>); each year
 * warm-started, its current clients the previous year's placement. *out is an array of years
 * results (each result's year is its label: the year key + k − 1 when that is a number, else k).
 * Free with ls_results_free. The model is not changed. */
int ls_plan_years(const ls_model *model, size_t years, ls_result ***out, ls_errors *errs);
void ls_results_free(ls_result **results, size_t n);

/* How the CSV files are spelled: LS_CSV_PLAIN ',' between fields and a decimal point (the
 * default, for programs), LS_CSV_NL ';' and a decimal comma without thousands separators, as
 * a Dutch Excel reads numbers. The same figures either way; keys, column names and values such
 * as funded stay as they are. The _as writers below take it. */
typedef enum { LS_CSV_PLAIN = 0, LS_CSV_NL = 1 } ls_csv_style;

/* Writes summary.csv, allocation.csv, budgets.csv and segments.csv into dir (created when
 * missing), all four or none: temporary files renamed over the targets only when all were
 * written and synced. LS_EUSAGE: the path cannot take the files (exit 2); LS_EINTERNAL: a
 * write failed (a full disk); errs says which. */
int ls_result_write_csv(const ls_result *result, const char *dir, ls_errors *errs);

/* The same for a multi-year plan: summary.csv and segments.csv for the last year, years.csv
 * (year and the summary keys, a row a year), and, when n > 1, allocation.csv and budgets.csv
 * with a year column holding every year. */
int ls_results_write_csv(ls_result *const *results, size_t n, const char *dir, ls_errors *errs);

/* ls_results_write_csv with a step between writing and replacing: before(ctx) runs when the
 * new files are written beside dir; unless it returns LS_OK, dir stays as it was. plan --out
 * --xlsx writes its workbook there, so that a failed workbook leaves the old files whole. */
int ls_results_write_csv_then(ls_result *const *results, size_t n, const char *dir,
                              int (*before)(void *ctx), void *ctx, ls_errors *errs);
/* ls_results_write_csv_then in a style (before may be NULL). */
int ls_results_write_csv_as(ls_result *const *results, size_t n, const char *dir,
                            ls_csv_style style, int (*before)(void *ctx), void *ctx,
                            ls_errors *errs);

/* The same as one JSON document; *out is malloc'd. */
int ls_result_to_json(const ls_result *result, char **out);

/* Rounds v[0..n) to cents so that the rounded values add up to the rounded total (largest
 * remainder, docs/method.md); out may equal v. LS_EINTERNAL when a value or the total is NaN or
 * beyond the whole cents a double holds (2^53): out then holds each value rounded on its own. */
int ls_round_cents(const double *v, size_t n, double *out);

/* The file forms an LP is written in. */
typedef enum { LS_LP_CPLEX, LS_LP_MPS } ls_lp_format;

/* Writes the LP of a stage (1: placement; 2: the final LP of the division, with the levels
 * fixed) in CPLEX LP or free MPS form to path, atomically. */
int ls_export(const ls_model *model, int stage, ls_lp_format format, const char *path,
              ls_errors *errs);

/* ---- what-if sweeps ---------------------------------------------------------------------- */

/* One value of a sweep. Without a solution: LS_NO_SOLUTION, NAN, the reason in reasons. */
typedef struct ls_sweep_row {
    double value;
    ls_summary summary;
    int break_even;     /* 1 for the row evaluated at a break-even */
    double deepest_cut; /* the lowest b_g/F_g − 1 below 0 over the groups; 0 when none is */
} ls_sweep_row;

/* param: wage_index, budget, reserve, demand (a multiplier on every segment's clients),
 * local_share_min[.<domain>], quality_value, cao:<id> (a multiplier on one CAO's wages),
 * clients:<segment> (its clients), clients:<area> (a factor on its segments' clients); steps
 * values from `from` to `to`, both included. ls_sweep_options_init sets each default below. */
typedef struct ls_sweep_options {
    const char *param; /* NULL: must be set */
    double from, to;   /* 0, 0: must be set */
    size_t steps;      /* 0: must be set (at least 2; 1 when from = to) */
    size_t years;      /* 0 or 1: one year; N: each value plans years 1..N, reports the last */
    /* NULL, or called with progress_ctx after each step, one call at a time (any thread) */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    const ls_dist *dist; /* NULL: one process; ls_dist_init's: the steps shared over ranks */
    int threads; /* 0 or 1: one; T (up to 256): T blocks of steps at once, the same rows */
    /* 1: each row's summary.break_even_wage_index (only the CSV shows it); 0: NAN unless
     * years > 1, and a tenth of a wage step less. The other figures are the same. */
    int rows_break_even;
} ls_sweep_options;

void ls_sweep_options_init(ls_sweep_options *opts);

typedef struct ls_sweep {
    ls_sweep_row *rows;
    size_t n_rows;
    double break_even;         /* where the status flips (to 1e-6 relative); NAN: none */
    ls_status break_even_from; /* the status just below it */
    ls_sweep_row break_even_row;
    double unmet_break_even; /* where unmet demand first appears (wage_index, demand, cao:<id>,
                              * clients:<s>); NAN: not in the range */
    size_t flips;            /* how often the status flips between the steps */
    size_t no_solution;      /* steps without a solution */
    char **reasons;          /* per step: why it has no solution (NULL: it has one; under
                              * mpirun a step of another rank says only that it has none) */
    const char *model;       /* the scenario: the model's path and its settings as read */
    ls_setting *settings;
    size_t n_settings;
} ls_sweep;

/* Runs the sweep on model (unchanged). LS_EUSAGE: a bad parameter or range (errs says which); a
 * value without a solution is a row (the sweep goes on); LS_EINTERNAL: a solver failure. */
int ls_sweep_run(const ls_model *model, const ls_sweep_options *opts, ls_sweep **out,
                 ls_errors *errs);
void ls_sweep_free(ls_sweep *sweep);

/* One CSV row per value (the summary keys as columns; break_even_wage_index empty without
 * rows_break_even), then the break-even row marked with break_even = 1; whole or not at all. */
int ls_sweep_write_csv(const ls_sweep *sweep, const char *path, ls_errors *errs);
int ls_sweep_write_csv_as(const ls_sweep *sweep, const char *path, ls_csv_style style,
                          ls_errors *errs);

/* The sweep as one JSON document (the parameter's name, the scenario, the flips, a row a
 * value, the break-evens; docs/sweep.md); *out is malloc'd. */
int ls_sweep_to_json(const ls_sweep *sweep, const char *param, char **out);

/* ---- Excel workbooks (models/write/xlsx.c) ------------------------------------------------ */

/* A plan's workbook (docs/workbooks.md): Summary, Chart, Domains, Providers, Per provider,
 * Allocation, Tariffs, Cost fractions, Segments, Settings; the cost fractions input cells and the
 * floors, floor costs, budgets and totals formulas over them; with n > 1 years also Years, its
 * chart and Providers by year. The figures are the last year's; names and words in the language of
 * the library's messages. A path not ending in .xlsx is LS_EUSAGE. Written to a temporary file
 * and renamed over path, or not at all: LS_EUSAGE when path cannot take it, else LS_EINTERNAL. */
int ls_results_write_xlsx(ls_result *const *results, size_t n, const char *path,
                          ls_errors *errs);

/* A sweep's workbook: the table (the break-even row marked) and a chart of required and
 * available against the parameter, the break-even marked. */
int ls_sweep_write_xlsx(const ls_sweep *sweep, const char *param, const char *path,
                        ls_errors *errs);

/* A new model to fill in (lumpsum init): TARGET.xlsx a workbook with the six tables as sheets
 * (named in the language of the messages), a comment on every column with its meaning and
 * unit, drop-down lists for the columns of a few words or of another sheet's ids, and one
 * example row a table; any other TARGET a folder of the six CSV files with the same example,
 * the meanings in # lines. The example passes ls_model_read and plans. Written whole or not
 * at all: LS_EUSAGE when the path cannot take it. */
int ls_template_write(const char *target, ls_errors *errs);

/* ---- risk: Monte Carlo over uncertain demand -------------------------------------------- */

/* runs samples; each segment's clients Poisson(μ = clients), or with dispersion D > 0 negative
 * binomial with variance μ + D·μ² (a gamma–Poisson mixture); with wage_sd > 0 the wage index gets a
 * normal shock. Initialised by ls_risk_options_init; each field's default follows it. */
typedef struct ls_risk_options {
    size_t runs;        /* 0: must be set (at least 1) */
    unsigned long seed; /* 0 */
    double dispersion;  /* 0: Poisson */
    double wage_sd;     /* 0: the wage index as the model says */
    int threads;        /* 1: worker threads, 1 to 256 (the output does not depend on it) */
    /* 0: one year; > 1: each run plans the multi-year path, demand drawn every year; the
     * figures are the last year's */
    size_t years;
    /* NULL, or called with progress_ctx after each run, one call at a time (any worker) */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* ls_planner_options_init's: the runs' planners. A one-year run's planner takes threads 1
     * and totals_only 1 whatever is set here (the workers are the threads), a multi-year
     * path's totals_only 0 */
    ls_planner_options planner;
    /* NULL: one process; ls_dist_init's context: the runs shared over its ranks, rank 0
     * gathers (its *out is the only one; the other ranks' *out is NULL) */
    const ls_dist *dist;
} ls_risk_options;

void ls_risk_options_init(ls_risk_options *opts);

/* One run: its summary (LS_NO_SOLUTION: figures NAN, left out of the statistics; the break-even
 * NAN), the drawn clients, the wage index; need = required + unmet_cost (at lowest floors). */
typedef struct ls_risk_sample {
    ls_summary summary;
    double demand, wage_index, unmet_cost, need;
} ls_risk_sample;

/* A segment and how often its clients go unmet (a share of the runs with a solution). */
typedef struct ls_risk_unmet {
    const char *segment;
    double share;
} ls_risk_unmet;

typedef struct ls_risk_driver {
    const char *segment; /* points into the model passed to ls_risk_run */
    double share;        /* corr(clients, required)²: the share of var(required) it explains */
} ls_risk_driver;

typedef struct ls_risk_bin {
    double lower, upper;
    size_t count;
} ls_risk_bin;

typedef struct ls_risk {
    ls_risk_sample *samples; /* a run each, in run order */
    size_t n_samples;
    double *clients; /* the sampled clients, [run · n_segments + segment] */
    double available, after_reserve; /* the runs' year: budget after reserve − pgb; as is */
    size_t solved;                       /* runs with a solution: the statistics are over these */
    double mean, sd, q50, q90, q95, q99; /* of need, euros a year */
    double p_overrun, p_overrun_low, p_overrun_high; /* P(need > available), 95 % Wilson */
    double expected_overrun;                         /* E[max(0, need − available)] */
    double p_underfunded;                            /* P(the division's status is underfunded) */
    double p_unmet;                                  /* P(unmet > 0) */
    double p_no_solution;                            /* of all runs */
    size_t first_no_solution; /* the first run without a solution; SIZE_MAX: none */
    char *no_solution_reason; /* its reason (NULL under mpirun when another rank had it) */
    ls_risk_unmet *unmet;     /* segments with unmet clients in some run, most often first */
    size_t n_unmet;
    ls_risk_driver *drivers; /* largest share first */
    size_t n_drivers;
    ls_risk_bin *histogram; /* of need */
    size_t n_bins;
    const char *model; /* the scenario: the model's path and settings; the options */
    ls_setting *settings;
    size_t n_settings;
    ls_risk_options options;
} ls_risk;

/* The seed of run `run`: splitmix64(splitmix64(seed) ^ run). */
unsigned long ls_risk_run_seed(unsigned long seed, size_t run);

/* Runs the Monte Carlo on model; its workers share it (each plans its own draws). */
int ls_risk_run(const ls_model *model, const ls_risk_options *opts, ls_risk **out,
                ls_errors *errs);
void ls_risk_free(ls_risk *risk);

/* summary.csv (key,value), samples.csv (a row a run) and histogram.csv into dir, all or none. */
int ls_risk_write_csv(const ls_risk *risk, const char *dir, ls_errors *errs);
int ls_risk_write_csv_as(const ls_risk *risk, const char *dir, ls_csv_style style, ls_errors *errs);

/* The figures, the segments unmet most often, the drivers and the scenario as one JSON
 * document (docs/risk.md); *out is malloc'd. */
int ls_risk_to_json(const ls_risk *risk, char **out);

/* A workbook's name must end in .xlsx (Excel opens one by its name): LS_OK, or LS_EUSAGE with
 * a message that proposes one. Every workbook writer checks it; check it before a long run. */
int ls_xlsx_name_check(const char *path, ls_errors *errs);

/* A risk workbook: Summary, Quantiles, and Histogram with a chart whose bins over the
 * available budget stand out; written whole or not at all like the plan workbook. */
int ls_risk_write_xlsx(const ls_risk *risk, const char *path, ls_errors *errs);

/* ---- many models at once: plan --batch --------------------------------------------------- */

/* One model directory's plan in a batch. rc: LS_OK, or why it has none (message: the first
 * error, FILE:LINE:COLUMN where it has one; NULL when planned); warnings: NULL, or the
 * model's as `plan` prints them, a line each. Money in euros a year as the plan found it:
 * the writers round it as summary.csv does (ls_batch_row_rounded). The strings are the
 * row's own; free the rows with ls_batch_rows_free. */
typedef struct ls_batch_row {
    char *model; /* the directory's name in the batch */
    char *message, *warnings;
    int rc;
    ls_summary summary;
    double providers;
} ls_batch_row;

void ls_batch_rows_free(ls_batch_row *rows, size_t n);
/* The row with its money as summary.csv has it: available, required and allocated rounded to cents,
 * unallocated the rounded available less the rounded allocated. The strings are row's. */
ls_batch_row ls_batch_row_rounded(const ls_batch_row *row);

/* Initialised by ls_batch_options_init; each field's default follows it. */
typedef struct ls_batch_options {
    /* 1: models planned at once in this process (each model's planner solves on one thread) */
    int threads;
    /* NULL; when set, called with progress_ctx (NULL) after each model */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* NULL: one process; ls_dist_init's context: the models shared over its ranks */
    const ls_dist *dist;
} ls_batch_options;

void ls_batch_options_init(ls_batch_options *opts);

/* Plans every model of dir, a folder or a workbook (by name), with read options ro, on threads
 * and, with opts->dist, ranks; *out: a row per model on rank 0 (NULL elsewhere). Left out with
 * a warning in errs: a folder without segments.csv and contracts.csv, and a workbook NAME.xlsx
 * beside a folder NAME. LS_EUSAGE when dir holds no models; a model's failure is its row's. */
int ls_plan_batch(const char *dir, const ls_read_options *ro, const ls_batch_options *opts,
                  ls_batch_row **out, size_t *n, ls_errors *errs);

/* A batch's exit code: its rows' most serious (solver 4, no solution 3, bad input 1), or 0. */
int ls_batch_exit_code(const ls_batch_row *rows, size_t n);

/* batch.csv: a row per model (model, exit_code, the summary keys, error), whole or not at all. */
int ls_batch_write_csv(const ls_batch_row *rows, size_t n, const char *path, ls_errors *errs);
int ls_batch_write_csv_as(const ls_batch_row *rows, size_t n, const char *path, ls_csv_style style,
                          ls_errors *errs);

/* The rows as one JSON array, a model each (its error where it has no plan); *out is malloc'd. */
int ls_batch_to_json(const ls_batch_row *rows, size_t n, char **out);

/* ---- several processes (OpenMPI) ------------------------------------------------------ */

/* Starts MPI when an MPI launcher (mpirun) started this process and gives the context a
 * study takes in its options (dist); otherwise, and in a build without MPI, the context is
 * one process (rank 0 of 1). risk, sweep and plan_batch with a context share their work over
 * its ranks; rank 0 gathers, and only rank 0's results are complete (docs/distributed.md).
 * MPI starts once in a process: one context, from the main thread, before any other. */
int ls_dist_init(int *argc, char ***argv, ls_dist **out);
void ls_dist_finalize(ls_dist *dist); /* ends MPI (if ls_dist_init started it), frees; NULL ok */
int ls_dist_rank(const ls_dist *dist); /* this process's rank; NULL: 0 */
int ls_dist_size(const ls_dist *dist); /* the number of ranks; NULL: 1 */

/* ---- synthetic models ------------------------------------------------------------------- */

/* What `lumpsum generate` makes (docs/generator.md). Initialised by ls_generate_options_init (or
 * filled by ls_generate_preset); each field's default follows it. */
typedef struct ls_generate_options {
    double inhabitants;      /* 0: set it, or take a preset */
    size_t providers, areas; /* 0, 0: set them, or take a preset */
    size_t regions;          /* 0: 1; providers serve areas within one of this many blocks */
    unsigned long seed;      /* 0 */
    double budget_factor;    /* NAN: 1.02; budget = rough cost of the cheapest placement × this */
    double local_share_min;  /* NAN: 0.5 */
} ls_generate_options;

void ls_generate_options_init(ls_generate_options *opts);

/* Fills inhabitants, providers, areas, budget_factor and local_share_min from a preset:
 * village, dalfsen, zaltbommel, midsize, amsterdam, country. LS_EUSAGE for an unknown name. */
int ls_generate_preset(const char *name, ls_generate_options *opts);

/* Writes a model directory (created when missing; all six files or none), the same bytes for
 * the same options and seed. LS_EUSAGE: options out of range, or no client in any segment. */
int ls_generate(const ls_generate_options *opts, const char *dir, ls_errors *errs);

#ifdef __cplusplus
}
#endif
#endif /* LUMPSUM_H */
