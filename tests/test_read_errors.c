/*
 * test_read_errors.c — one test per input rule of docs/model-format.md (and the floor tariff's
 * input errors): a file of the base model is replaced by a broken one, and the test asserts the
 * library's status (LS_EINPUT = exit code 1), the exact FILE:LINE:COLUMN of the first error and
 * the words that tell the controller what is wrong. COLUMN counts fields from 1.
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

typedef struct bad_case {
    const char *name;
    const char *file;    /* the file replaced */
    const char *content; /* its new text ("" removes it) */
    const char *at;      /* expected "file:line:column" (file relative to the model dir) */
    const char *words;   /* expected in the message */
    int rc;              /* expected status; 0 means LS_EINPUT */
} bad_case;

#define PROVIDERS_HEAD                                                                      \
    "provider,name,cao,local,capacity_hours,min_budget,max_budget,quality,employer_charges," \
    "unproductive,overhead,margin\n"
#define SEGMENTS_HEAD                                                                      \
    "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff\n"
#define S2 "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500\n"
#define SEGMENTS_PGB_HEAD                                                                   \
    "segment,product,intensity,complexity,domain,area,clients,hours,scale,max_tariff,"      \
    "pgb_clients,pgb_tariff\n"
#define CONTRACTS_HEAD "provider,segment,current_clients,max_clients\n"
#define B_PROVIDER "B,Beta,ghz,0,,,,6,0.25,0.15,0.12,0.04\n"

static const bad_case cases[] = {
    /* ---- any file ---- */
    {"missing_required_file", "wages.csv", "", "wages.csv:1:1", "missing", 0},
    {"missing_budget_file", "budget.csv", "", "budget.csv:1:1", "missing", 0},
    {"header_only_comment_file", "budget.csv", "# nothing\n", "budget.csv:1:1", "empty", 0},
    {"segments_header_only", "segments.csv", "# none yet\n" SEGMENTS_HEAD, "segments.csv:2:1",
     "the table has its header but no rows: a model needs at least one segment", 0},
    {"providers_header_only", "providers.csv", PROVIDERS_HEAD, "providers.csv:1:1",
     "the table has its header but no rows: a model needs at least one provider", 0},
    {"wages_header_only", "wages.csv", "cao,scale,hourly_wage\n", "wages.csv:1:1",
     "the table has its header but no rows: a model needs at least one CAO's hourly wage", 0},
    {"missing_required_column", "segments.csv",
     "segment,product,intensity,complexity,domain,area,clients,scale\n"
     "s1,begeleiding,licht,basis,wmo,all,10,niveau3\n",
     "segments.csv:1:1", "required column 'hours'", 0},
    {"duplicate_column", "budget.csv", "key,value,Value\nbudget,1,2\n", "budget.csv:1:3",
     "appears twice", 0},
    {"too_many_fields", "budget.csv", "key,value\nbudget,100000,extra\n", "budget.csv:2:3",
     "3 fields", 0},
    {"malformed_quotes", "budget.csv", "key,value\nbudget,1\"00\n", "budget.csv:2:2",
     "malformed quotes", 0},
    {"unclosed_quote", "budget.csv", "key,value\nbudget,\"100000\n", "budget.csv:2:2", "not closed",
     0},
    {"number_not_finite", "budget.csv", "key,value\nbudget,1e999\n", "budget.csv:2:2", "finite", 0},
    {"number_nan", "budget.csv", "key,value\nbudget,nan\n", "budget.csv:2:2", "not a number", 0},
    /* numbers at the edges */
    {"number_huge", "budget.csv", "key,value\nbudget,1e308\n", "budget.csv:2:2", "up to 10^15", 0},
    {"number_decimal_comma_with_comma_delimiter", "budget.csv", "key,value\nbudget,1,5e3\n",
     "budget.csv:2:3", "separate the fields with ';'", 0},
    {"number_infinity", "budget.csv", "key,value\nbudget,-inf\n", "budget.csv:2:2", "not a number",
     0},
    {"number_thousands_separator", "budget.csv", "key,value\nbudget,1.234.5\n", "budget.csv:2:2",
     "thousands", 0},
    {"number_dutch_groups_of_three", "segments.csv",
     "segment;product;intensity;complexity;domain;area;clients;hours;scale\n"
     "s1;begeleiding;licht;basis;wmo;all;1.23,5;10;niveau3\n"
     "s2;begeleiding;zwaar;basis_plus;jeugd;all;4;20;niveau4\n",
     "segments.csv:2:7", "'.' groups thousands by three", 0},
    {"decimal_comma_needs_semicolon", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,\"10,5\",10,niveau3,\n" S2,
     "segments.csv:2:7", "decimal comma", 0},
    /* "430,000" quoted, as an English spreadsheet exports a number shown with separators:
     * a decimal comma or thousands, both readings offered, neither guessed */
    {"thousands_or_decimal_comma_in_a_comma_file", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,\"430,000\",8,,,,\n" B_PROVIDER, "providers.csv:2:7",
     "max_budget: '430,000' may be a decimal comma or a thousands separator: write 430000 or 430",
     0},
    {"thousands_or_decimal_comma_budget_key", "budget.csv", "key,value\nbudget,\"1,500\"\n",
     "budget.csv:2:2",
     "budget: '1,500' may be a decimal comma or a thousands separator: write 1500 or 1.5", 0},
    {"identifier_too_long", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,"
                   "area_with_a_name_that_is_much_longer_than_sixty_four_characters_in_all,"
                   "10,10,niveau3,\n" S2,
     "segments.csv:2:6", "longer than 64", 0},
    {"identifier_control_character", "segments.csv",
     SEGMENTS_HEAD "s1,\"bege\tleiding\",licht,basis,wmo,all,10,10,niveau3,\n" S2,
     "segments.csv:2:2", "control character", 0},
    {"identifier_not_utf8", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,Zo\xe9,10,10,niveau3,\n" S2, "segments.csv:2:6",
     "UTF-8", 0},
    /* ---- segments.csv ---- */
    {"segment_duplicate", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n" S2
                   "s1,begeleiding,licht,basis,wmo,all,1,10,niveau3,\n",
     "segments.csv:4:1", "appears twice (first on line 2)", 0},
    {"segment_intensity", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,zeer_zwaar,basis,wmo,all,10,10,niveau3,\n" S2,
     "segments.csv:2:3", "not one of licht, matig, zwaar", 0},
    {"segment_complexity", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis+,wmo,all,10,10,niveau3,\n" S2, "segments.csv:2:4",
     "not one of basis, basis_plus, specialistisch", 0},
    {"segment_domain", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,zorg,all,10,10,niveau3,\n" S2, "segments.csv:2:5",
     "not one of wmo, jeugd, participatie", 0},
    {"segment_clients_negative", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,-1,10,niveau3,\n" S2, "segments.csv:2:7",
     "clients must be ≥ 0", 0},
    {"segment_clients_required", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,,10,niveau3,\n" S2, "segments.csv:2:7",
     "clients is required", 0},
    {"segment_hours_zero", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,0,niveau3,\n" S2, "segments.csv:2:8",
     "hours must be > 0", 0},
    {"segment_scale_unknown", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau9,\n" S2, "segments.csv:2:9",
     "scale 'niveau9' is in no CAO", 0},
    {"segment_max_tariff_zero", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,0\n" S2, "segments.csv:2:10",
     "max_tariff must be > 0", 0},
    {"segment_product_required", "segments.csv",
     SEGMENTS_HEAD "s1,,licht,basis,wmo,all,10,10,niveau3,\n" S2, "segments.csv:2:2",
     "product is required", 0},
    {"segment_pgb_clients_negative", "segments.csv",
     SEGMENTS_PGB_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,-1,\n" S2,
     "segments.csv:2:11", "pgb_clients must be ≥ 0", 0},
    {"segment_pgb_tariff_zero", "segments.csv",
     SEGMENTS_PGB_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,2,0\n" S2,
     "segments.csv:2:12", "pgb_tariff must be > 0", 0},
    {"segment_pgb_without_tariff_or_contract", "segments.csv",
     SEGMENTS_PGB_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,,,\n" S2
                       "s3,begeleiding,licht,basis,wmo,all,1,10,niveau3,,3,\n",
     "segments.csv:4:11", "no pgb_tariff, and no usable contract", 0},
    {"budget_pgb_factor_positive", "budget.csv", "key,value\nbudget,1000\npgb_factor,0\n",
     "budget.csv:3:2", "pgb_factor must be > 0", 0},
    {"budget_index_wage_range", "budget.csv", "key,value\nbudget,1000\nindex.wage,-1\n",
     "budget.csv:3:2", "index.wage must be > -1", 0},
    {"budget_wage_share_range", "budget.csv", "key,value\nbudget,1000\nwage_share,1.5\n",
     "budget.csv:3:2", "wage_share must be ≥ 0 and ≤ 1", 0},
    {"budget_growth_domain_unknown", "budget.csv", "key,value\nbudget,1000\ngrowth.zorg,0.1\n",
     "budget.csv:3:1", "unknown key 'growth.zorg'", 0},
    {"budget_year_budget_positive", "budget.csv", "key,value\nbudget,1000\nbudget.2027,0\n",
     "budget.csv:3:2", "budget.2027 must be > 0", 0},
    {"budget_year_budget_bad_key", "budget.csv", "key,value\nbudget,1000\nbudget.20x7,5\n",
     "budget.csv:3:1", "unknown key 'budget.20x7'", 0},
    {"budget_growth_range", "budget.csv", "key,value\nbudget,1000\nbudget.growth,-2\n",
     "budget.csv:3:2", "budget.growth must be > -1", 0},
    /* ---- wages.csv ---- */
    {"wage_duplicate", "wages.csv",
     "cao,scale,hourly_wage\nvvt,niveau3,20\nghz,niveau3,22\nghz,niveau4,25\nvvt,niveau3,21\n",
     "wages.csv:5:2", "appears twice (first on line 2)", 0},
    {"wage_not_positive", "wages.csv",
     "cao,scale,hourly_wage\nvvt,niveau3,0\nghz,niveau3,22\nghz,niveau4,25\n", "wages.csv:2:3",
     "hourly_wage must be > 0", 0},
    /* ---- providers.csv ---- */
    {"provider_duplicate", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\n" B_PROVIDER "A,Again,vvt,1,,,,8,,,,\n",
     "providers.csv:4:1", "appears twice (first on line 2)", 0},
    {"provider_cao_unknown", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,cao_x,1,,,,8,,,,\n" B_PROVIDER, "providers.csv:2:3",
     "cao 'cao_x' is not in wages.csv", 0},
    {"provider_local_word", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,misschien,,,,8,,,,\n" B_PROVIDER, "providers.csv:2:4",
     "yes/no, ja/nee", 0},
    {"provider_capacity_negative", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,-5,,,8,,,,\n" B_PROVIDER, "providers.csv:2:5",
     "capacity_hours must be ≥ 0", 0},
    {"provider_min_budget_negative", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,-1,,8,,,,\n" B_PROVIDER, "providers.csv:2:6",
     "min_budget must be ≥ 0", 0},
    {"provider_max_below_min", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,5000,4000,8,,,,\n" B_PROVIDER, "providers.csv:2:7",
     "below min_budget", 0},
    {"provider_quality_range", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,11,,,,\n" B_PROVIDER, "providers.csv:2:8",
     "quality must be ≥ 0 and ≤ 10", 0},
    {"provider_charges_negative", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,-0.1,,,\n" B_PROVIDER, "providers.csv:2:9",
     "employer_charges must be ≥ 0", 0},
    {"provider_unproductive_one", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,1,,\n" B_PROVIDER, "providers.csv:2:10",
     "unproductive must be ≥ 0 and < 1", 0},
    {"provider_overhead_negative", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,-0.1,\n" B_PROVIDER, "providers.csv:2:11",
     "overhead must be ≥ 0", 0},
    {"provider_margin_negative", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,-0.01\n" B_PROVIDER, "providers.csv:2:12",
     "margin must be ≥ 0", 0},
    {"provider_min_budget_without_contract", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\n" B_PROVIDER "C,Gamma,vvt,1,,1000,,7,,,,\n",
     "providers.csv:4:1", "no contract", 0},
    /* ---- contracts.csv ---- */
    {"contract_provider_unknown", "contracts.csv", CONTRACTS_HEAD "A,s1,6,\nX,s1,4,\nB,s2,4,\n",
     "contracts.csv:3:1", "provider 'X' is not in providers.csv", 0},
    /* an identifier that no table can hold: why, not that the table lacks it (the carriage
     * return printed as it stands put the cursor back over the message's start) */
    {"contract_provider_control_character", "contracts.csv",
     CONTRACTS_HEAD "A,s1,6,\n\"X\rY\",s1,4,\nB,s2,4,\n", "contracts.csv:3:1",
     "provider: the identifier 'X\\rY' contains a control character", 0},
    {"contract_segment_too_long", "contracts.csv",
     CONTRACTS_HEAD
     "A,s1,6,\nB,s_with_a_name_that_is_much_longer_than_sixty_four_characters_in_all,"
     "4,\nB,s2,4,\n",
     "contracts.csv:3:2", "segment: the identifier 's_with_a_name_that_i…' is longer than 64", 0},
    {"indicator_provider_control_character", "indicators.csv",
     "provider,indicator,score\n\"A\x01\",bereik,7\n", "indicators.csv:2:1",
     "provider: the identifier 'A\\x01' contains a control character", 0},
    /* a message is one line: a control character of a cell comes as its escape */
    {"enum_control_character_escaped", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,\"wmo\rx\",all,10,10,niveau3,\n" S2,
     "segments.csv:2:5", "domain 'wmo\\rx' is not one of", 0},
    {"budget_key_control_character", "budget.csv",
     "key,value\nbudget,1500000\n\"max\n_shift\",0.1\n", "budget.csv:3:1",
     "unknown key 'max\\n_shift' (did you mean 'max_shift'?)", 0},
    {"contract_segment_unknown", "contracts.csv", CONTRACTS_HEAD "A,s1,6,\nB,s9,4,\nB,s2,4,\n",
     "contracts.csv:3:2", "segment 's9' is not in segments.csv", 0},
    {"contract_duplicate", "contracts.csv", CONTRACTS_HEAD "A,s1,6,\nB,s1,4,\nB,s2,4,\nA,s1,,\n",
     "contracts.csv:5:2", "appears twice (first on line 2)", 0},
    /* a provider's rows together (the reader's common case), and a provider whose rows come
     * in two blocks, after which every contract so far is checked against (none before the
     * repeated one may be flagged) */
    {"contract_duplicate_in_block", "contracts.csv",
     CONTRACTS_HEAD "A,s1,6,\nB,s1,4,\nB,s2,4,\nB,s1,,\n", "contracts.csv:5:2",
     "appears twice (first on line 3)", 0},
    {"contract_duplicate_after_split", "contracts.csv",
     CONTRACTS_HEAD "B,s1,4,\nA,s1,6,\nB,s2,4,\nA,s1,,\n", "contracts.csv:5:2",
     "the contract (A, s1) appears twice (first on line 3)", 0},
    {"contract_current_negative", "contracts.csv", CONTRACTS_HEAD "A,s1,-6,\nB,s1,4,\nB,s2,4,\n",
     "contracts.csv:2:3", "current_clients must be ≥ 0", 0},
    {"contract_max_negative", "contracts.csv", CONTRACTS_HEAD "A,s1,6,-1\nB,s1,4,\nB,s2,4,\n",
     "contracts.csv:2:4", "max_clients must be ≥ 0", 0},
    {"contract_cao_lacks_scale", "contracts.csv", CONTRACTS_HEAD "A,s1,6,\nB,s1,4,\nA,s2,4,\n",
     "contracts.csv:4:2", "CAO 'vvt', which has no wage for scale 'niveau4'", 0},
    /* ---- indicators.csv ---- */
    {"indicator_score_range", "indicators.csv",
     "provider,indicator,score\nA,vakmanschap,8\nA,bereik,10.5\n", "indicators.csv:3:3",
     "score must be ≥ 0 and ≤ 10", 0},
    {"indicator_provider_unknown", "indicators.csv", "provider,indicator,score\nZ,bereik,7\n",
     "indicators.csv:2:1", "provider 'Z' is not in providers.csv", 0},
    {"indicator_duplicate", "indicators.csv", "provider,indicator,score\nA,bereik,7\nA,bereik,8\n",
     "indicators.csv:3:2", "appears twice (first on line 2)", 0},
    /* ---- budget.csv ---- */
    {"budget_required", "budget.csv", "key,value\nyear,2025\n", "budget.csv:1:1",
     "'budget' is required", 0},
    {"budget_positive", "budget.csv", "key,value\nbudget,0\n", "budget.csv:2:2",
     "budget must be > 0", 0},
    {"budget_unknown_key", "budget.csv", "key,value\nbudget,1000\nbudjet,5\n", "budget.csv:3:1",
     "unknown key 'budjet'", 0},
    /* empty: an optional key takes its default (test_read.c), budget and an unknown key not */
    {"budget_empty_value", "budget.csv", "key,value\nyear,2025\nbudget,\n", "budget.csv:3:2",
     "budget: a number is required here", 0},
    {"budget_unknown_key_empty", "budget.csv", "key,value\nbudget,1000\nreserv,\n",
     "budget.csv:3:1", "unknown key 'reserv'", 0},
    {"budget_duplicate_key", "budget.csv", "key,value\nbudget,1000\nbudget,5\n", "budget.csv:3:1",
     "appears twice (first on line 2)", 0},
    {"budget_reserve_range", "budget.csv", "key,value\nbudget,1000\nreserve,1\n", "budget.csv:3:2",
     "reserve must be ≥ 0 and < 1", 0},
    {"budget_local_share_range", "budget.csv", "key,value\nbudget,1000\nlocal_share_min,1.2\n",
     "budget.csv:3:2", "local_share_min must be ≥ 0 and ≤ 1", 0},
    {"budget_max_shift_range", "budget.csv", "key,value\nbudget,1000\nmax_shift,-0.1\n",
     "budget.csv:3:2", "max_shift must be ≥ 0 and ≤ 1", 0},
    {"budget_quality_value_negative", "budget.csv", "key,value\nbudget,1000\nquality_value,-1\n",
     "budget.csv:3:2", "quality_value must be ≥ 0", 0},
    {"budget_index_max_tariff", "budget.csv", "key,value\nbudget,1000\nindex_max_tariff,maybe\n",
     "budget.csv:3:2", "index_max_tariff: ", 0},
    {"budget_margin_policy", "budget.csv", "key,value\nbudget,1000\nmargin_policy,fair\n",
     "budget.csv:3:2", "'equal' or 'quality'", 0},
    {"budget_wage_index_range", "budget.csv", "key,value\nbudget,1000\nwage_index,-1\n",
     "budget.csv:3:2", "wage_index must be > -1", 0},
    {"budget_default_unproductive", "budget.csv", "key,value\nbudget,1000\nunproductive,1\n",
     "budget.csv:3:2", "unproductive must be ≥ 0 and < 1", 0},
    {"segment_max_shift_range", "segments.csv",
     "segment,product,intensity,complexity,clients,hours,scale,max_shift\n"
     "s1,begeleiding,licht,basis,10,10,niveau3,1.5\n",
     "segments.csv:2:8", "max_shift must be ≥ 0 and ≤ 1", 0},
    /* ---- care products: group, other costs, unit and units ---- */
    {"segment_group_size_zero", "segments.csv",
     "segment,product,intensity,complexity,clients,hours,scale,group_size\n"
     "s1,begeleiding,licht,basis,10,10,niveau3,0\n",
     "segments.csv:2:8", "group_size must be > 0", 0},
    {"segment_other_costs_negative", "segments.csv",
     "segment,product,intensity,complexity,clients,hours,scale,other_costs\n"
     "s1,begeleiding,licht,basis,10,10,niveau3,-5\n",
     "segments.csv:2:8", "other_costs must be ≥ 0", 0},
    {"segment_unit_unknown", "segments.csv",
     "segment,product,intensity,complexity,clients,hours,scale,unit,units\n"
     "s1,begeleiding,licht,basis,10,10,niveau3,nacht,4\n",
     "segments.csv:2:8", "dagdeel", 0},
    {"segment_units_missing", "segments.csv",
     "segment,product,intensity,complexity,clients,hours,scale,unit\n"
     "s1,begeleiding,licht,basis,10,10,niveau3,dagdeel\n",
     "segments.csv:2:8", "units is required when the unit is 'dagdeel'", 0},
    {"segment_units_empty", "segments.csv",
     "segment,product,intensity,complexity,clients,hours,scale,unit,units\n"
     "s1,begeleiding,licht,basis,10,10,niveau3,etmaal,\n",
     "segments.csv:2:9", "units is required when the unit is 'etmaal'", 0},
    {"segment_units_zero", "segments.csv",
     "segment,product,intensity,complexity,clients,hours,scale,unit,units\n"
     "s1,begeleiding,licht,basis,10,10,niveau3,etmaal,0\n",
     "segments.csv:2:9", "units must be > 0", 0},
    {"budget_domain_negative", "budget.csv", "key,value\nbudget,1000\nbudget.jeugd,-1\n",
     "budget.csv:3:2", "budget.jeugd must be ≥ 0", 0},
    {"budget_domain_unknown", "budget.csv", "key,value\nbudget,1000\nbudget.zorg,5\n",
     "budget.csv:3:1", "unknown key 'budget.zorg'", 0},
    /* a Dutch spelling of 181 digits: refused before its digits are copied anywhere */
    {"budget_dutch_too_long", "budget.csv",
     "key;value\nbudget;"
     "1.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111."
     "111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.11"
     "1.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111."
     "111.111.111.111.111.111.111.111,5\n",
     "budget.csv:2:2", "is not a number", 0},
    {"local_domain_range", "budget.csv", "key,value\nbudget,1000\nlocal_share_min.wmo,1.5\n",
     "budget.csv:3:2", "local_share_min.wmo must be ≥ 0 and ≤ 1, not 1.5", 0},
    {"local_domain_unknown", "budget.csv", "key,value\nbudget,1000\nlocal_share_min.wm,0.5\n",
     "budget.csv:3:1", "unknown key 'local_share_min.wm' (did you mean 'local_share_min.wmo'", 0},
    {"local_domain_no_domain", "budget.csv", "key,value\nbudget,1000\nlocal_share_min.zorg,0.5\n",
     "budget.csv:3:1", "local_share_min.wmo, local_share_min.jeugd or local_share_min.participatie",
     0},
    {"budget_weight_negative", "budget.csv", "key,value\nbudget,1000\nweight.bereik,-2\n",
     "budget.csv:3:2", "weight.bereik must be ≥ 0", 0},
};

/* Faults said once: the message is the only one (no follow-up of the same fault). */
static const bad_case alone_cases[] = {
    /* a ';' file's number is read in the Dutch spelling, and its message says why in those
     * terms; the key was given, so it is not also "required" */
    {"budget_dutch_not_grouped", "budget.csv", "key;value\nbudget;1.23,4\n", "budget.csv:2:2",
     "'.' groups thousands by three", 0},
    {"budget_dutch_percentage", "budget.csv", "key;value\nbudget;5%\n", "budget.csv:2:2",
     "a percentage is read only in a column of fractions", 0},
    /* a value too long for the policy's buffer: still the Dutch spelling's reason, not the
     * ',' file's "write 1234.5" */
    {"budget_dutch_long_alone", "budget.csv",
     "key;value\nbudget;"
     "1.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111."
     "111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.11"
     "1.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111.111."
     "111.111.111.111.111.111.111.111,5\n",
     "budget.csv:2:2", "budget: '1.111.111.111.111.11…' is not a number (too long)", 0},
    {"budget_not_a_number_alone", "budget.csv", "key,value\nbudget,abc\n", "budget.csv:2:2",
     "'abc' is not a number", 0},
    /* a sheet saved as tab-separated text: said once, at its header */
    {"contracts_tab_separated", "contracts.csv",
     "provider\tsegment\tcurrent_clients\tmax_clients\nA\ts1\t1\t\n", "contracts.csv:1:1",
     "separated by tabs", 0},
    /* hours missing: said at the hours, not again as the units that default to them */
    {"hours_missing_alone", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,,niveau3,\n" S2, "segments.csv:2:8",
     "hours is required", 0},
    /* a table read in part: its fault said once, and the other tables' ids are not looked up
     * in it (every contract would be "not in segments.csv", up to the 20 errors) */
    {"segments_empty_alone", "segments.csv", "# nothing\n", "segments.csv:1:1", "empty", 0},
    {"segments_column_missing_alone", "segments.csv",
     "id,product,intensity,complexity,domain,area,clients,hours,scale\n"
     "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3\n",
     "segments.csv:1:1", "required column 'segment'", 0},
    {"segments_tab_separated_alone", "segments.csv",
     "segment\tproduct\tintensity\tcomplexity\tclients\thours\tscale\n"
     "s1\tbegeleiding\tlicht\tbasis\t10\t10\tniveau3\n",
     "segments.csv:1:1", "separated by tabs", 0},
    {"segments_unclosed_quote_alone", "segments.csv",
     SEGMENTS_HEAD "\"s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n" S2,
     "segments.csv:2:1", "not closed", 0},
    {"segments_malformed_quotes_alone", "segments.csv",
     SEGMENTS_HEAD "s1,bege\"leiding,licht,basis,wmo,all,10,10,niveau3,\n" S2,
     "segments.csv:2:2", "malformed quotes", 0},
    {"segments_two_marks_alone", "segments.csv",
     "\xEF\xBB\xBF\xEF\xBB\xBF" SEGMENTS_HEAD
     "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n" S2,
     "segments.csv:1:1", "extra byte-order mark", 0},
    {"providers_empty_alone", "providers.csv", "\n", "providers.csv:1:1", "empty", 0},
    {"providers_tab_separated_alone", "providers.csv",
     "provider\tcao\nA\tvvt\nB\tghz\n", "providers.csv:1:1", "separated by tabs", 0},
    {"providers_malformed_quotes_alone", "providers.csv",
     PROVIDERS_HEAD "A,\"Alpha\"x,vvt,1,,,,8,,,,\n" B_PROVIDER, "providers.csv:2:2",
     "malformed quotes", 0},
    {"providers_other_delimiter_alone", "providers.csv",
     PROVIDERS_HEAD "A;Alpha;vvt;1;;;;8;;;;\n" B_PROVIDER, "providers.csv:2:1",
     "separated by ';'", 0},
    {"wages_tab_separated_alone", "wages.csv", "cao\tscale\thourly_wage\nvvt\tniveau3\t20\n",
     "wages.csv:1:1", "separated by tabs", 0},
    {"budget_tab_separated_alone", "budget.csv", "key\tvalue\nbudget\t1000\n", "budget.csv:1:1",
     "separated by tabs", 0},
    /* one row rejected whole: the rows that refer to its id are not told it is missing (nor
     * pointed at another one, 'did you mean s1' for s2) */
    {"segment_row_rejected_alone", "segments.csv",
     SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
                   "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,1500,,,\n",
     "segments.csv:3:11", "13 fields", 0},
    {"provider_row_rejected_alone", "providers.csv",
     PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,,\n" B_PROVIDER, "providers.csv:2:13", "13 fields", 0},
    {"wage_row_rejected_alone", "wages.csv",
     "cao,scale,hourly_wage\nvvt,niveau3,20.00,\nghz,niveau3,22.00\nghz,niveau4,25.00\n",
     "wages.csv:2:4", "4 fields", 0},
    {"wage_not_a_number_alone", "wages.csv",
     "cao,scale,hourly_wage\nvvt,niveau3,20.00\nghz,niveau3,22.00\nghz,niveau4,25,00\n",
     "wages.csv:4:4", "4 fields", 0},
    {"wage_value_rejected_alone", "wages.csv",
     "cao,scale,hourly_wage\nvvt,niveau3,20.00\nghz,niveau3,22.00\nghz,niveau4,abc\n",
     "wages.csv:4:3", "'abc' is not a number", 0},
    {"budget_row_rejected_alone", "budget.csv", "key,value\nbudget,100000,\n", "budget.csv:2:3",
     "3 fields", 0},
};

static void check_case(const bad_case *c, int alone)
{
    fx_file f = {c->file, c->content};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *model = NULL;
    int rc = ls_model_read(dir, NULL, &model, &errs);
    assert_int_equal(rc, c->rc ? c->rc : LS_EINPUT);
    assert_null(model);
    assert_true(errs.n_errors >= 1);
    char at[600], want[600];
    const ls_error *e = &errs.errors[0];
    snprintf(at, sizeof at, "%s:%u:%u", e->file, e->line, e->column);
    snprintf(want, sizeof want, "%s/%s", dir, c->at);
    if (strcmp(at, want) != 0 || !strstr(e->message, c->words))
        fail_msg("%s: got '%s: %s', want '%s: …%s…'", c->name, at, e->message, want, c->words);
    if (alone && errs.n_errors != 1)
        fail_msg("%s: %zu messages, the second '%s'", c->name, errs.n_errors,
                 errs.errors[1].message);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

static void test_bad_input(void **state)
{
    check_case(*state, 0);
}

static void test_bad_input_alone(void **state)
{
    check_case(*state, 1);
}

/* contracts.csv unread (missing, or tab-separated): the rules on the contracts are not echoed
 * for every provider with a min_budget ("… has min_budget but no contract"). */
static void test_contracts_unread_alone(void **state)
{
    (void)state;
    const char *contracts[] = {"", "provider\tsegment\tcurrent_clients\tmax_clients\nA\ts1\t1\t\n"};
    for (int k = 0; k < 2; k++) {
        fx_file f[] = {{"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,1000,,8,,,,\n" B_PROVIDER},
                       {"contracts.csv", contracts[k]}};
        char *dir = fx_model(f, 2);
        ls_errors errs = {0};
        ls_model *model = NULL;
        assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_EINPUT);
        if (errs.n_errors != 1)
            fail_msg("%zu messages, the second '%s'", errs.n_errors, errs.errors[1].message);
        assert_non_null(strstr(errs.errors[0].file, "contracts.csv"));
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
}

/* Reads the base model with files replaced; the only error must be at file:line:column
 * (file relative to the model) and hold words. */
static void expect_alone(const fx_file *f, size_t n, const char *at, const char *words)
{
    char *dir = fx_model(f, n);
    ls_errors errs = {0};
    ls_model *model = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_EINPUT);
    char got[600], want[600];
    snprintf(got, sizeof got, "%s:%u:%u", errs.errors[0].file, errs.errors[0].line,
             errs.errors[0].column);
    snprintf(want, sizeof want, "%s/%s", dir, at);
    if (strcmp(got, want) != 0 || !strstr(errs.errors[0].message, words))
        fail_msg("got '%s: %s', want '%s: …%s…'", got, errs.errors[0].message, want, words);
    if (errs.n_errors != 1)
        fail_msg("%zu messages, the second '%s'", errs.n_errors, errs.errors[1].message);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A table that the others refer to, read in part or with a row rejected: the references to it
 * are not checked where it failed (the indicators' providers, budget.csv's weights, a
 * provider's min_budget whose only contract is on a rejected segment). */
static void test_references_to_a_failed_table_alone(void **state)
{
    (void)state;
    const char *weights = "key,value\nbudget,100000\nweight.bereik,2\n";
    fx_file indicators_tabs[] = {{"budget.csv", weights},
                                 {"indicators.csv", "provider\tindicator\tscore\nA\tbereik\t7\n"}};
    expect_alone(indicators_tabs, 2, "indicators.csv:1:1", "separated by tabs");
    fx_file indicator_rejected[] = {
        {"budget.csv", weights},
        {"indicators.csv", "provider,indicator,score\nA,bereik,7,\nB,synergie,6\n"}};
    expect_alone(indicator_rejected, 2, "indicators.csv:2:4", "4 fields");
    fx_file providers_rejected[] = {
        {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\nB,Beta,ghz,0,,,,6,,,,,\n"},
        {"indicators.csv", "provider,indicator,score\nA,bereik,7\nB,bereik,6\n"}};
    expect_alone(providers_rejected, 2, "providers.csv:3:13", "13 fields");
    fx_file min_budget[] = {
        {"providers.csv", PROVIDERS_HEAD "A,Alpha,vvt,1,,,,8,,,,\nB,Beta,ghz,0,,1000,,6,,,,\n"},
        {"segments.csv", SEGMENTS_HEAD
         "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n"
         "s2,begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,,,\n"},
        {"contracts.csv", CONTRACTS_HEAD "A,s1,6,\nB,s2,4,\n"}};
    expect_alone(min_budget, 3, "segments.csv:3:11", "12 fields");
#define LONG_ID "s2_with_a_name_that_is_much_longer_than_sixty_four_characters_in_all"
    fx_file long_id[] = {
        {"segments.csv", SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,10,10,niveau3,\n" LONG_ID
                                       ",begeleiding,zwaar,basis_plus,jeugd,all,4,20,niveau4,\n"},
        {"contracts.csv", CONTRACTS_HEAD "A,s1,6,\nB," LONG_ID ",4,\n"}};
    expect_alone(long_id, 2, "segments.csv:3:1", "longer than 64");
#undef LONG_ID
}

/* A clients cell refused (not a number, negative, above 10^8, nan) is that error alone: no
 * warning drawn from it, as if the demand were 0 ("today's caseload (10 clients) is more than
 * twice its demand (0 clients)"). */
static void test_refused_clients_no_warning(void **state)
{
    (void)state;
    const char *values[] = {"1x0", "-10", "1e9", "nan"};
    for (size_t k = 0; k < sizeof values / sizeof *values; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 SEGMENTS_HEAD "s1,begeleiding,licht,basis,wmo,all,%s,10,niveau3,\n" S2, values[k]);
        fx_file f = {"segments.csv", text};
        char *dir = fx_model(&f, 1);
        ls_errors errs = {0};
        ls_model *model = NULL;
        assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_EINPUT);
        assert_int_equal(errs.n_errors, 1);
        assert_int_equal(errs.errors[0].line, 2);
        assert_int_equal(errs.errors[0].column, 7);
        if (errs.n_warnings)
            fail_msg("clients %s: a warning '%s'", values[k], errs.warnings[0].message);
        ls_errors_clear(&errs);
        fx_remove(dir);
    }
}

/* A line too long in providers.csv stops its reading there: the providers after it are not
 * "missing" from it in contracts.csv. */
static void test_long_line_alone(void **state)
{
    (void)state;
    size_t n = ((size_t)1 << 20) + 100;
    char *text = malloc(n + 512);
    assert_non_null(text);
    strcpy(text, PROVIDERS_HEAD "A,");
    size_t at = strlen(text);
    memset(text + at, 'x', n);
    strcpy(text + at + n, ",vvt,1,,,,8,,,,\n" B_PROVIDER);
    fx_file f = {"providers.csv", text};
    expect_alone(&f, 1, "providers.csv:2:1", "more than a model's line may be (1 MiB)");
    free(text);
}

/* The reader stops at LS_MAX_ERRORS errors and says so through the count. */
static void test_stops_after_twenty_errors(void **state)
{
    (void)state;
    char text[4096] = SEGMENTS_HEAD;
    for (int i = 0; i < 30; i++) {
        char line[96];
        snprintf(line, sizeof line, "x%d,begeleiding,licht,basis,wmo,all,-1,10,niveau3,\n", i);
        strcat(text, line);
    }
    fx_file f = {"segments.csv", text};
    char *dir = fx_model(&f, 1);
    ls_errors errs = {0};
    ls_model *model = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_EINPUT);
    assert_int_equal(errs.n_errors, LS_MAX_ERRORS);
    /* the 20th error is on line 21 (the header is line 1) */
    assert_int_equal(errs.errors[19].line, 21);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A NUL byte means the file is not text: a clear error at its field, not a silent cut. */
static void test_nul_byte(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char path[256];
    snprintf(path, sizeof path, "%s/budget.csv", dir);
    FILE *f = fopen(path, "wb");
    fwrite("key,value\nbudget,10\0000\n", 1, 22, f);
    fclose(f);
    ls_errors errs = {0};
    ls_model *model = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_EINPUT);
    assert_int_equal(errs.errors[0].line, 2);
    assert_int_equal(errs.errors[0].column, 2);
    assert_non_null(strstr(errs.errors[0].message, "NUL"));
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* A line of 10 MB (an identifier run wild): a clear error at its line, quickly, not a crash
 * and not minutes of growing a field. */
static void test_ten_megabyte_line(void **state)
{
    (void)state;
    char *dir = fx_model(NULL, 0);
    char path[256];
    snprintf(path, sizeof path, "%s/segments.csv", dir);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    for (int i = 0; i < 10 * 1024; i++)
        fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
              f); /* 1,024 bytes */
    fputs(",begeleiding,licht,basis,wmo,all,10,5,niveau3,\n", f);
    fclose(f);
    ls_errors errs = {0};
    ls_model *model = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_EINPUT);
    assert_int_equal(errs.errors[0].line, 4); /* the base file has a header and two rows */
    assert_int_equal(errs.errors[0].column, 1);
    assert_non_null(strstr(errs.errors[0].message, "more than a model's line may be (1 MiB)"));
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* With ';' as the delimiter a decimal comma is a decimal comma, exponent and all. */
static void test_decimal_comma_with_semicolons(void **state)
{
    (void)state;
    fx_file f[] = {{"budget.csv", "key;value\nbudget;1,5e6\nreserve;0,02\n"}};
    char *dir = fx_model(f, 1);
    ls_errors errs = {0};
    ls_model *model = NULL;
    assert_int_equal(ls_model_read(dir, NULL, &model, &errs), LS_OK);
    ls_result *r = NULL;
    assert_int_equal(ls_plan(model, &r, &errs), LS_OK);
    assert_near(r->summary.budget, 1.5e6, 1e-9);
    assert_near(r->summary.available, 1.5e6 * 0.98, 1e-6);
    ls_result_free(r);
    ls_model_free(model);
    ls_errors_clear(&errs);
    fx_remove(dir);
}

/* `test_read_errors --corpus DIR` writes every bad input as a seed for the fuzzer
 * (tests/fuzz/fuzz_model.c): the mode byte of the file it replaces, then its text. */
static int write_corpus(const char *dir)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (*cases[i].content &&
            fx_write_seed(dir, "bad", cases[i].name, cases[i].file, cases[i].content) != 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--corpus") == 0)
        return write_corpus(argv[2]);
    size_t n_all = sizeof cases / sizeof *cases, n_alone = sizeof alone_cases / sizeof *alone_cases;
    size_t n = n_all + n_alone;
    struct CMUnitTest *tests = calloc(n + 8, sizeof(*tests));
    for (size_t i = 0; i < n; i++) {
        const bad_case *c = i < n_all ? &cases[i] : &alone_cases[i - n_all];
        tests[i].name = c->name;
        tests[i].test_func = i < n_all ? test_bad_input : test_bad_input_alone;
        tests[i].initial_state = (void *)c;
    }
    tests[n] = (struct CMUnitTest)cmocka_unit_test(test_stops_after_twenty_errors);
    tests[n + 1] = (struct CMUnitTest)cmocka_unit_test(test_nul_byte);
    tests[n + 2] = (struct CMUnitTest)cmocka_unit_test(test_ten_megabyte_line);
    tests[n + 3] = (struct CMUnitTest)cmocka_unit_test(test_decimal_comma_with_semicolons);
    tests[n + 4] = (struct CMUnitTest)cmocka_unit_test(test_contracts_unread_alone);
    tests[n + 5] = (struct CMUnitTest)cmocka_unit_test(test_references_to_a_failed_table_alone);
    tests[n + 6] = (struct CMUnitTest)cmocka_unit_test(test_long_line_alone);
    tests[n + 7] = (struct CMUnitTest)cmocka_unit_test(test_refused_clients_no_warning);
    int failed = _cmocka_run_group_tests("read_errors", tests, n + 8, NULL, NULL);
    free(tests);
    return failed;
}
