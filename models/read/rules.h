/*
 * rules.h — the rules that span the model (rules.c), for read.c.
 */
#ifndef LS_RULES_H
#define LS_RULES_H

#include "model.h"
#include "table.h"

/* Cross-file rules that need every file read: a provider's min_budget without a contract,
 * the required budget key, a budget.csv weight for an indicator indicators.csv does not
 * have. Errors go to r->errs (budget_line: budget.csv's header line, 0 for none). */
void ls_rules_whole(reading *r, const char *dir, unsigned budget_line);

/* A budget.<year> of the model's own year that differs from the key budget (plan took it
 * for year 1, every other command budget): an error at its line of budget.csv, or LS_EUSAGE
 * when --set gave it, the year or the budget (its message in r->errs as "overrides"). */
int ls_rules_year_budget(reading *r, const char *dir, const ls_read_options *opts);

/* A budget.<year> that no plan year can reach (a year before the model's, a leading zero, a
 * model whose year is no number or not given): a warning at its line of budget.csv, or of
 * "overrides" when --set gave it. A later year is none: a shorter plan leaves it unread. */
void ls_rules_year_keys(reading *r, const char *dir, const ls_read_options *opts);

/* A domain's key (local_share_min.<domain>, budget.<domain>, growth.<domain>) set where no
 * segment is of that domain, so that it changes nothing: a warning at its line of
 * budget.csv, or of "overrides" when --set gave it. For a model read without an error. */
void ls_rules_domain_keys(reading *r, const char *dir, const ls_read_options *opts);

/* The rules on what ls_model_compute found in r->m: a pgb tariff for every segment with pgb
 * clients, and a demand that cents can count. LS_OK, LS_EINPUT (errors in r->errs),
 * LS_EUSAGE (opts' overrides take the demand past the limit that the policy of the files,
 * file, keeps: its message as "overrides") or LS_EINTERNAL. Needs only r's model, errors
 * and workbook (its maps may be freed). */
int ls_rules_computed(reading *r, const char *dir, const ls_policy *file,
                      const ls_read_options *opts);

#endif
