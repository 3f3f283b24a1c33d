/*
 * i18n.h — the words a person reads, through GNU gettext.
 *
 * Every message, report line, help text, sheet name, header and chart title is written in
 * English in the source as _("…") (or N_("…") where it sits in a table and is translated
 * when used). The library looks its words up in its own gettext domain, "lumpsum", so a
 * program that embeds it keeps its own catalogue; the command line binds the domain to the
 * installed catalogues and picks the language (--lang, else the locale). po/nl.po holds
 * the Dutch; docs/glossary.md the terms it keeps to.
 */
#ifndef LS_I18N_H
#define LS_I18N_H

#include <libintl.h>

#define LS_TEXT_DOMAIN "lumpsum"
#define _(text) dgettext(LS_TEXT_DOMAIN, text)
#define N_(text) text
/* a singular or plural message for n */
#define P_(one, many, n) dngettext(LS_TEXT_DOMAIN, one, many, (unsigned long)(n))

#endif
