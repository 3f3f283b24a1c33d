/*
 * format.h — numbers and text as a person reads them: the one place where amounts,
 * percentages and plain numbers are spelled (€ 2,849,000.00 in English, € 2.849.000,00 in
 * Dutch; never an exponent), and where the width of a text on a terminal is measured (UTF-8:
 * 'ë' and '…' are one column each, a combining accent none).
 *
 * The report, the command's tables and the library's messages all use it. Files a program
 * reads (CSV, JSON) do not: they keep their own spelling (models/write).
 */
#ifndef LS_FORMAT_H
#define LS_FORMAT_H

#include <stddef.h>

/* How numbers are spelled: decimal point and ',' grouping thousands (English), or decimal
 * comma and '.' grouping (Dutch). */
typedef enum ls_num_style { LS_STYLE_EN = 0, LS_STYLE_NL = 1 } ls_num_style;

/* The style of the language the messages are read in: Dutch when the "lumpsum" catalogue
 * translates them to Dutch, else English. */
ls_num_style ls_text_style(void);

/* v with a fixed number of decimals and thousands grouped: 1234.5, 1 → "1,234.5" or
 * "1.234,5"; "" for NAN. Returns buf. */
const char *ls_format_number(char *buf, size_t size, double v, int decimals, ls_num_style s);
/* Euros to the cent, without the sign: 2849000 → "2,849,000.00" or "2.849.000,00" (never
 * "-0.00"). */
const char *ls_format_money(char *buf, size_t size, double v, ls_num_style s);
/* v euros as ls_format_money writes it, to the cent (the decimal nearest the double, as
 * printf rounds it), as a number: what the figures show, for comparing them. */
double ls_shown_cents(double v);
/* v for printing with `decimals` decimals, the same whichever way v was reached: two ways to
 * one figure (a warm start and a cold one, two orders of a sum) can end some ulps apart, and
 * a figure on a half of the last decimal then prints up on one and down on the other. Within
 * some 64 ulps of such a half (at most a thousandth of the last decimal), v is taken as
 * the half and rounded away from zero, as a spreadsheet's ROUND does: the double nearest the
 * rounded decimal comes back. Any other v, an infinity or NAN comes back as it is. */
double ls_settle_half(double v, int decimals);
/* The same with the euro sign: "€ 2,849,000.00" or "€ 2.849.000,00". */
const char *ls_format_euro(char *buf, size_t size, double v, ls_num_style s);
/* A fraction as a percentage with decimals: 0.0601, 2 → "6.01 %" or "6,01 %"; with sign set
 * "+6.01 %". */
const char *ls_format_percent(char *buf, size_t size, double fraction, int decimals, int sign,
                              ls_num_style s);
/* A value as it was asked for (12 significant digits, the shortest plain decimal; no
 * exponent): English as ls_fmt_value writes it ("2696693.28357"), Dutch with a decimal comma
 * and grouped thousands ("2.696.693,28357"). */
const char *ls_format_value(char *buf, size_t size, double v, ls_num_style s);
/* Any number in the shortest plain decimal that reads back as v, in the style (no exponent:
 * 1e+13 is "10000000000000" or "10.000.000.000.000"). */
const char *ls_format_plain(char *buf, size_t size, double v, ls_num_style s);

/* v rounded to digits significant digits, grouped, never an exponent: 1.234e13, 3 →
 * "12,300,000,000,000" or "12.300.000.000.000". */
const char *ls_format_sig(char *buf, size_t size, double v, int digits, ls_num_style s);

/* Columns a UTF-8 text takes on a terminal: a code point one column, a combining mark none,
 * an East Asian wide one two; a byte that is no UTF-8 one column. */
size_t ls_text_width(const char *s);
/* s in a field of width columns: padded with spaces after it (left) or before it (right);
 * cut to width with '…' as its last column when cut is set and s is wider; else s whole
 * (a field never cuts an identifier). A control character (a line break in a name) is a
 * space there. Returns buf. */
const char *ls_text_pad(char *buf, size_t size, const char *s, size_t width, int right, int cut);

#endif
