/*
 * model.h — the model as the library holds it after reading (internal, not installed).
 *
 * Layout: every identifier is interned once into the model's arena; rows refer to each other
 * by integer index (a contract holds provider and segment indices), so the solver never
 * compares strings. Every row remembers the line it came from, so that a rule that spans
 * files (a provider with min_budget and no contract) can still point at a line.
 */
#ifndef LS_MODEL_H
#define LS_MODEL_H

#include <stddef.h>

#include "lumpsum.h"
#include "util.h"

enum { LS_WMO, LS_JEUGD, LS_PARTICIPATIE, LS_N_DOMAINS };
enum { LS_LICHT, LS_MATIG, LS_ZWAAR, LS_N_INTENSITIES };
enum { LS_BASIS, LS_BASIS_PLUS, LS_SPECIALISTISCH, LS_N_COMPLEXITIES };
/* what a contract quotes its tariff per (segments.csv's unit) */
enum { LS_UUR, LS_DAGDEEL, LS_DAG, LS_ETMAAL, LS_WEEK, LS_MAAND, LS_TRAJECT, LS_N_UNITS };

extern const char *const ls_domain_names[LS_N_DOMAINS];
extern const char *const ls_intensity_names[LS_N_INTENSITIES];
extern const char *const ls_complexity_names[LS_N_COMPLEXITIES];
extern const char *const ls_unit_names[LS_N_UNITS];

/* One line of segments.csv: expected demand of one kind of support. */
typedef struct ls_segment {
    const char *id;
    const char *product;
    const char *area;
    int intensity, complexity, domain;
    int scale;              /* index into model->scales */
    double clients;         /* expected average caseload in the budget year */
    double hours;           /* norm hours of support a client gets a month (the hours column) */
    double group_size;      /* clients one staff member supports at once (1: one to one) */
    double hours_per_month; /* staff hours per client per month: hours / group_size; what the
                             * wage part of a floor and a provider's capacity count */
    double other_costs;     /* non-wage costs, euros per client per month (as read; they follow
                             * the price index, not wages) */
    int unit;               /* LS_UUR, …: what a tariff is quoted per */
    double units;           /* units per client per month (hours when the unit is uur) */
    double max_tariff;      /* euros per client per month; NAN: no ceiling */
    double pgb_clients;     /* clients on a personal budget, not in clients */
    double pgb_tariff;      /* euros per client per month as given; NAN: derived */
    double pgb_tariff_used; /* the tariff in force (given, else pgb_factor × lowest floor) */
    double max_shift;       /* most fraction of today's clients that may move; NAN: budget.csv's */
    double ref_floor;       /* reference price: the lowest usable floor; NAN: no usable contract */
    double lowest_floor;    /* the lowest floor of any contract, usable or not; NAN: none */
    double highest_floor;   /* the highest floor of any contract, usable or not; 0: none */
    unsigned line;
} ls_segment;

/* One line of providers.csv. The four cost fractions are NAN where the file left them
 * empty: the budget.csv default then applies (resolved in tariff.c, so --set reaches it). */
typedef struct ls_provider {
    const char *id;
    const char *name;
    int cao;               /* index into model->caos */
    int local;             /* 1 local, 0 regional */
    double capacity_hours; /* staff hours per year; INFINITY: unlimited */
    double min_budget;     /* euros per year */
    double max_budget;     /* euros per year; INFINITY: unlimited */
    double quality_given;  /* providers.csv quality (0–10) */
    double quality;        /* effective: from indicators.csv where it has rows */
    double quality_weight; /* Σ indicator weights behind quality (0: none) */
    double employer_charges, unproductive, overhead, margin;
    size_t n_contracts;
    unsigned line;
} ls_provider;

/* One line of contracts.csv, with its floor tariff once computed. */
typedef struct ls_contract {
    int provider, segment;
    double current_clients;
    double max_clients;   /* INFINITY: unlimited */
    double floor_tariff;  /* euros per client per month (docs/tariff.md) */
    int usable;           /* 0 when the floor exceeds the segment's max_tariff */
    unsigned line;
} ls_contract;

/* One line of indicators.csv. */
typedef struct ls_indicator {
    int provider;
    int indicator; /* index into model->indicator_names */
    double score;
    unsigned line;
} ls_indicator;

typedef enum { LS_MARGIN_EQUAL, LS_MARGIN_QUALITY } ls_margin_policy;

/* budget.csv: the council's frame and the policy, after --set overrides. */
typedef struct ls_policy {
    const char *year; /* label, may be NULL */
    double budget;
    double budget_domain[LS_N_DOMAINS]; /* NAN: no domain ceiling */
    double reserve;
    double local_share_min;
    double local_share_domain[LS_N_DOMAINS]; /* local_share_min.<domain>; NAN: no target */
    double max_shift;
    double quality_value;
    ls_margin_policy margin_policy;
    double wage_index;
    double employer_charges, unproductive, overhead, margin; /* provider defaults */
    int unmet_penalty_given; /* the retired key was in budget.csv (a warning says it is ignored) */
    int index_max_tariff; /* 1: every max_tariff follows the wage index in a single-year run */
    double pgb_factor;    /* pgb tariff = factor × lowest floor where none is given */
    /* the multi-year path (docs/multi-year.md) */
    double index_wage, index_price, wage_share;
    double growth_demand;
    double growth_domain[LS_N_DOMAINS]; /* NAN: growth.demand applies */
    double budget_growth;
    ls_kv *budget_years; /* budget.<year>: key is the year as text */
    size_t n_budget_years;
    ls_kv *weights;       /* weight.<indicator> keys */
    size_t n_weights;
} ls_policy;

struct ls_model {
    ls_arena arena;
    char *dir;
    char *contracts_file; /* where contracts are, for messages: NULL dir/contracts.csv, or a
                           * workbook's BOOK.xlsx:SHEET */
    int threads;          /* the threads it was read on: check's passes over the contracts too */

    ls_segment *segments;
    size_t n_segments;
    ls_provider *providers;
    size_t n_providers;
    ls_contract *contracts;
    size_t n_contracts;
    ls_indicator *indicators;
    size_t n_indicators;

    const char **caos;   /* CAO ids */
    size_t n_caos;
    double *cao_factor;  /* per CAO, 1 unless a what-if scales it */
    const char **scales; /* job scale names */
    size_t n_scales;
    double *wage;        /* hourly wage [cao * n_scales + scale]; NAN where none */
    const char **indicator_names;
    size_t n_indicator_names;
    int indicators_file; /* indicators.csv was there (it is optional) */
    const char *indicators_sheet; /* a workbook's sheet for indicators.csv, for messages */

    ls_policy policy;
    /* the weight of an unplaced client in the placement LP's first attempt, euros per client
     * per month: above any cost of placing one, so that attempt places everyone it can; the
     * exact priorities are then checked (solver/lex.c) */
    double unmet_weight;
    double pgb_cost;      /* Σ 12 · pgb_clients · pgb tariff, euros per year */
    double year_factor;   /* wage parts and ceilings of plan year k relative to year 1 (1 in
                           * year 1): the blend of the wage and price indices */
    double price_factor;  /* other costs of plan year k relative to year 1: the price index */
    double pgb_cost_domain[LS_N_DOMAINS];
    unsigned pgb_column;  /* the pgb_clients column of segments.csv, for messages */
    unsigned clients_column; /* the clients column of segments.csv, for messages */
    /* counts the passes of ls_model_compute and ls_model_compute_listed that changed some
     * contract's usability, and the copies of another model's contracts over these
     * (ls_scenario_reset): a reader that kept what it derived from the usable contracts
     * knows by it whether that still holds */
    unsigned usable_epoch;
};

/* tariff.c: floors for every contract, quality from indicators, reference prices.
 * Appends a warning per contract whose floor exceeds its segment's max_tariff when warn is
 * non-NULL. */
void ls_model_compute(ls_model *model, ls_errors *warn);

/* ls_model_compute with its pass over the contracts on up to `threads` threads (one for each
 * 2^16 contracts at most): the same bits. */
void ls_model_compute_on(ls_model *model, ls_errors *warn, int threads);

/* The part of ls_model_compute that follows from the personal-budget clients alone: the pgb
 * costs, at the pgb tariffs it last found. For a change of clients and nothing else (a risk
 * run's draw at an unchanged wage index), whose floors stay as they are. */
void ls_model_compute_pgb(ls_model *model);

/* The part of ls_model_compute that a change of the wage index alone moves, for the n listed
 * contracts alone: their floors (the same bits as ls_model_compute's) and whether they are
 * usable; every other contract, and what the segments and the model hold, keep what they
 * held. 0; or −1, having changed nothing, where a segment's personal budgets follow its
 * floors (pgb clients at pgb_factor × its lowest usable floor): that takes every contract
 * of the segment, and ls_model_compute. */
int ls_model_compute_listed(ls_model *model, const int *list, size_t n);

/* The floor tariff of contract j, euros per client per month, from the model as it stands
 * (policy, CAO factors, plan year); with parts non-NULL also its steps. The one place the
 * formula is written: ls_model_compute stores its value in floor_tariff, the planner gives
 * the parts to the results. */
double ls_tariff_floor(const ls_model *model, size_t j, ls_floor_parts *parts);

/* The most the demand can cost a year, in euros: every segment's clients at the dearest floor
 * among its contracts (the model's dearest floor where it has none) and its pgb clients at
 * their tariff, times 12, from the floors ls_model_compute last found. *largest is the
 * segment of the largest part. 0, or -1 out of memory. Outputs hold money to the cent only
 * while this stays within LS_MONEY_MAX. */
int ls_demand_cost(const ls_model *model, double *cost, size_t *largest);

/* policy.c: one budget.csv key; returns 0, or -1 with msg filled. */
int ls_policy_set(ls_model *model, const char *key, const char *value, char *msg, size_t msg_size);
void ls_policy_defaults(ls_policy *policy);
/* Is key's value a fraction or a rate (0.03 = 3 %), which a ';' file or a workbook may write
 * as a percentage? */
int ls_policy_fraction(const char *key);

/* The label of plan year k (0 for the first): a year of digits counts on (2025, 2026, …);
 * any other text L stays text: L, L+1, L+2, …; no year: 1, 2, 3, …. Returns 1 when the
 * label is a number year (budget.<year> keys apply), else 0. */
int ls_policy_year_label(const ls_policy *policy, size_t k, char *label, size_t size);

/* The multi-year path may not grow a segment past LS_CLIENTS_MAX clients (or pgb clients)
 * by its last year: 0, or -1 with msg naming the growth key, the years and how many fit
 * (a usage error, said before anything is solved). */
int ls_policy_check_years(const ls_model *model, size_t years, char *msg, size_t msg_size);

/* A weight.<indicator> must weigh an indicator of indicators.csv (read by now): 0, or -1
 * with msg saying so ("did you mean" an indicator one letter away). */
int ls_policy_check_weight(const ls_model *model, const char *indicator, char *msg,
                           size_t msg_size);

/* The scenario: every budget.csv key in force with its value as text (plain decimals), then
 * cao:<id> for every CAO whose wages a what-if scales. One allocation: free(*out). */
int ls_policy_settings(const ls_model *model, ls_setting **out, size_t *n);

/* The segment's ceiling in the plan year being solved (max_tariff × the year's tariff factor);
 * NAN: none. */
double ls_max_tariff(const ls_model *model, const ls_segment *s);

/* The provider's effective cost fraction (its own, else the budget.csv default). */
double ls_provider_fraction(const ls_model *model, const ls_provider *p, int which);
enum { LS_FRAC_CHARGES, LS_FRAC_UNPRODUCTIVE, LS_FRAC_OVERHEAD, LS_FRAC_MARGIN };

#endif
