/*
 * csv_floor.c — the floor under reading a model's CSV files with libcsv, for bench/run.sh:
 * each file read whole (as lumpsum reads it) and parsed by libcsv with callbacks that only
 * count fields and rows. Prints the counts.   csv_floor FILE...
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((size_t *)data)[0]++;
}

static void on_row(int c, void *data)
{
    (void)c;
    ((size_t *)data)[1]++;
}

int main(int argc, char **argv)
{
    size_t counts[2] = {0, 0};
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f || fseek(f, 0, SEEK_END) != 0)
            return 1;
        long size = ftell(f);
        rewind(f);
        char *buf = malloc((size_t)size + 1);
        if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
            return 1;
        fclose(f);
        struct csv_parser p;
        if (csv_init(&p, CSV_STRICT) != 0)
            return 1;
        csv_parse(&p, buf, (size_t)size, on_field, on_row, counts);
        csv_fini(&p, on_field, on_row, counts);
        csv_free(&p);
        free(buf);
    }
    printf("%zu fields, %zu rows\n", counts[0], counts[1]);
    return 0;
}
