/*
 * two_cores.c — what this machine's two cores give two streams of work that share nothing but
 * the machine, for bench/two_cores.sh. Prints the milliseconds one run took.
 *
 *   two_cores alu N        N steps of a dependent chain of shifts, xors and multiplies: no
 *                          memory beyond the registers
 *   two_cores read MB R    R passes over an array of MB megabytes, four independent sums a
 *                          step (bounded by how fast the memory gives the array, not by the
 *                          additions' latency)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "alu") == 0) {
        long n = atol(argv[2]);
        uint64_t x = 88172645463325252u, y = 1;
        double t0 = now_ms();
        for (long i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            y = y * 6364136223846793005u + x;
        }
        double ms = now_ms() - t0;
        if (y == 42) /* y is used, so that the loop stays */
            fputs("42\n", stderr);
        printf("%.1f\n", ms);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "read") == 0) {
        size_t n = (size_t)atol(argv[2]) << 17, passes = (size_t)atol(argv[3]);
        double *a = malloc(n * sizeof *a), s[4] = {0, 0, 0, 0};
        if (!a || n < 4)
            return 1;
        for (size_t i = 0; i < n; i++)
            a[i] = (double)i;
        double t0 = now_ms();
        for (size_t k = 0; k < passes; k++)
            for (size_t i = 0; i + 3 < n; i += 4)
                s[0] += a[i], s[1] += a[i + 1], s[2] += a[i + 2], s[3] += a[i + 3];
        printf("%.1f\n", now_ms() - t0);
        free(a);
        return s[0] + s[1] + s[2] + s[3] < 0; /* the sums are used */
    }
    fputs("usage: two_cores alu N | two_cores read MB PASSES\n", stderr);
    return 2;
}
