/*
 * bench_util.h -- what every benchmark program needs: a monotonic clock,
 * sorting samples, and reading a whole file.
 */
#ifndef GAZTAG_BENCH_UTIL_H
#define GAZTAG_BENCH_UTIL_H

#include <stddef.h>

/* Seconds on the monotonic clock. */
double bench_now(void);

/* qsort comparison of doubles. */
int bench_compare_doubles(const void *a, const void *b);

/* Read a whole file into a malloc'd buffer, NUL-terminated (not counted).
 * Returns 0, or -1 with errno set. */
int bench_read_file(const char *path, char **data, size_t *len);

#endif
