/*
 * lines.h — a CSV file's lines (lines.c), for csvfile.c.
 */
#ifndef LS_LINES_H
#define LS_LINES_H

#include <stddef.h>

/* Where lines end: after a '\n', and in a file with lone '\r's also after a '\r' that no
 * '\n' follows. The next of each is kept, so that a file of a million lines ending in '\r'
 * is cut in one pass (a search for '\n' from every line would pass over the rest each time). */
typedef struct ls_line_ends {
    const char *buf, *end;
    const char *nl, *cr; /* the next '\n' and the next lone '\r' at or after the last line */
    int lone_cr;
} ls_line_ends;

/* Is the line at s (len bytes) blank or a comment ('#' first after spaces)? */
int ls_lines_blank(const char *s, size_t len);
/* ';' when the header line at s has more semicolons than commas outside quotes, else ','; a
 * tab when it has tabs and neither (a file saved as tab-separated text). */
char ls_lines_delimiter(const char *s, size_t len);
/* What part [s, s + n) of a file holds of line ends: its '\n's counted (*newlines), whether
 * a '\r' stands before a byte other than '\n' (*lone_cr), and whether its last byte is a
 * '\r' (*cr_last: the next part's first byte decides). Sixteen bytes a step with SSE2, eight
 * elsewhere: a country's contracts.csv has a line every 31 bytes, and a memchr for each cost
 * more than the bytes. */
void ls_lines_scan(const char *s, size_t n, size_t *newlines, int *lone_cr, int *cr_last);
/* Does buf hold a '\r' that no '\n' follows? */
int ls_lines_lone_cr(const char *buf, size_t len);
/* The length of the line at s, its end included (the rest of the file when it has none). */
size_t ls_lines_length(ls_line_ends *e, const char *s);
/* The physical lines of buf, a last one without its end included. */
size_t ls_lines_count(const char *buf, size_t len, int lone_cr);
/* A line with no quote cut at its delimiters in place: fields to (*ptrs)[0..*k). 0, 1 when it
 * holds a lone '\r' (libcsv must read it), -1 out of memory. */
int ls_lines_cut(char *s, size_t n, char delimiter, char ***ptrs, size_t *cap, size_t *k);
/* The parallel route's cut: the line at s (up to to) found and cut in one pass; its length to
 * *n, its fields to (*ptrs)[0..*k), none when blank, a comment or too long. 0, or -1. */
int ls_lines_cut_plain(char *s, char *to, char delimiter, char ***ptrs, size_t *cap, size_t *k,
                       size_t *n);

#endif
