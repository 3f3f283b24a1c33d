/*
 * xlsxbook.h — what xlsxread.c and xlsxbook.c share of an open workbook (internal): its sheets
 * and their parts, its shared strings, and the XML parse of one part.
 */
#ifndef LS_XLSXBOOK_H
#define LS_XLSXBOOK_H

#include <expat.h>
#include <stddef.h>
#include <zip.h>

#include "xlsxread.h"

/* A growing byte buffer. */
typedef struct ls_buf {
    char *data;
    size_t len, cap;
} ls_buf;

/* Appends n bytes (and keeps a NUL after them): 0, or -1 out of memory. */
int ls_buf_add(ls_buf *b, const char *s, size_t n);

typedef struct xlsx_sheet {
    char *name;
    char *part;  /* its part in the archive, "xl/worksheets/sheet1.xml"; NULL: not a worksheet */
    int table;   /* the model's table it is (an index of the table list), -1 none */
    int read;
} xlsx_sheet;

#define LS_XLSX_TABLES 6

struct ls_xlsx {
    zip_t *zip;
    char *path;
    xlsx_sheet *sheets;
    size_t n_sheets, sheets_cap;
    int table_sheet[LS_XLSX_TABLES]; /* each table's sheet, -1 none */
    ls_buf pool;                     /* the shared strings, each NUL-terminated */
    size_t *str_at;                  /* string k at pool.data + str_at[k] */
    size_t n_strings, strings_cap;
    unsigned char *xf_date; /* per cell format (a cell's s): 1 when it shows a date or time */
    size_t n_xf, xf_cap;
    XML_Parser parser; /* the part being parsed */
    int stop;          /* why a handler stopped it (LS_OK: enough read) */
};

/* Parses the part of the archive named part with the handlers (ud their user data). *found
 * = 0 when there is no such part. LS_OK, LS_EINPUT (damaged XML or zip data, with the
 * reason), LS_EINTERNAL, or what a handler stopped with (ls_xlsx_stop). */
int ls_xlsx_parse(ls_xlsx *b, const char *part, void *ud, XML_StartElementHandler start,
                  XML_EndElementHandler end, XML_CharacterDataHandler text, int *found,
                  ls_errors *errs);
/* Stops the parse from a handler; rc is what ls_xlsx_parse returns (the first one given). */
void ls_xlsx_stop(ls_xlsx *b, int rc);
/* An element's or attribute's name without its namespace prefix. */
const char *ls_xml_local(const char *name);
/* The value of the attribute whose local name is name; NULL if none. */
const char *ls_xml_attr(const char **atts, const char *name);
/* Does the cell format s (a cell's s attribute; NULL: none) show a date or a time? */
int ls_xlsx_date_style(const ls_xlsx *b, const char *s);
/* The sheet of table file ("segments.csv"); -1 if none. */
int ls_xlsx_sheet_of(const ls_xlsx *b, const char *file);

#endif
