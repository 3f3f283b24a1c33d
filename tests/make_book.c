/*
 * make_book.c — writes a model folder as one workbook whose sheets are its tables:
 *
 *   make_book DIR BOOK.xlsx [--dutch]
 *
 * data/brunssum.xlsx is data/brunssum written so (--dutch: the sheets' Dutch names).
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

int main(int argc, char **argv)
{
    if (argc < 3 || (argc == 4 && strcmp(argv[3], "--dutch") != 0) || argc > 4) {
        fprintf(stderr, "usage: make_book DIR BOOK.xlsx [--dutch]\n");
        return 2;
    }
    if (fx_book(argv[1], argv[2], argc == 4) != 0) {
        fprintf(stderr, "make_book: cannot write %s from %s\n", argv[2], argv[1]);
        return 1;
    }
    return 0;
}
