/*
 * bench_util.c -- shared helpers of the benchmark programs.
 */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int bench_compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int bench_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = (size_t)1 << 20, n = 0, got;
    char *buf = malloc(cap + 1);
    if (!f || !buf)
        goto fail;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *p = realloc(buf, cap * 2 + 1);
            if (!p)
                goto fail;
            buf = p;
            cap *= 2;
        }
    }
    if (ferror(f))
        goto fail;
    fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
fail:
    if (f)
        fclose(f);
    free(buf);
    return -1;
}
