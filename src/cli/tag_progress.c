/*
 * tag_progress.c -- the progress line of `gaztag tag` on standard error:
 * documents, megabytes read, throughput and, when the total input size is
 * known, the share done and the time left.  It is redrawn in place ("\r"
 * and erase-line) at most four times a second, so that a fast run does
 * not spend its time writing to the terminal, and erased at the end.
 */
#define _POSIX_C_SOURCE 200809L
#include "tag.h"

#include <time.h>

#define PROGRESS_PERIOD 0.25 /* seconds between redraws */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void render(const tag_progress *p, double t)
{
    double elapsed = t - p->start, mb = (double)p->bytes / 1e6;
    double rate = elapsed > 0 ? mb / elapsed : 0;
    fprintf(stderr, "\r\033[K%zu documents, %.1f MB, %.1f MB/s", p->docs, mb,
            rate);
    if (p->total_known && p->total > 0) {
        double left = (double)(p->total - (p->bytes < p->total ? p->bytes
                                                               : p->total));
        double eta = rate > 0 ? left / 1e6 / rate : 0;
        fprintf(stderr, ", %.0f%%, ETA %d:%02d",
                100.0 * (double)p->bytes / (double)p->total,
                (int)(eta / 60), (int)eta % 60);
    }
    fflush(stderr);
}

void tag_progress_start(tag_progress *p, bool on, unsigned long long total,
                        bool total_known)
{
    *p = (tag_progress){on, 0, 0, total, total_known, now(), -1, false};
}

void tag_progress_add(tag_progress *p, size_t docs, unsigned long long bytes)
{
    p->docs += docs;
    p->bytes += bytes;
    if (!p->on)
        return;
    double t = now();
    if (p->last >= 0 && t - p->last < PROGRESS_PERIOD)
        return;
    p->last = t;
    p->shown = true;
    render(p, t);
}

void tag_progress_end(tag_progress *p)
{
    if (!p->on)
        return;
    render(p, now());
    fputs("\r\033[K", stderr);
    fflush(stderr);
}
