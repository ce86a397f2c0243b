/*
 * measure.c -- wall time and peak RSS of a command, run N times.
 *
 *   measure [-n RUNS] [-o FILE] [-a] -- COMMAND [ARG...]
 *
 * Runs COMMAND RUNS times (default 3) one after the other, with standard
 * input from /dev/null and standard output to FILE (default /dev/null;
 * truncated once, then appended to with -a, else truncated before each
 * run).  Standard error passes through.  Prints one line:
 *
 *   wall_s=MEDIAN wall_min=MIN wall_max=MAX maxrss_kib=KIB runs=RUNS
 *
 * Wall time is CLOCK_MONOTONIC from fork to the end of wait.  Peak RSS is
 * getrusage(RUSAGE_CHILDREN) ru_maxrss after the last run: the largest
 * resident set of any one run (Linux reports it in KiB).  Exits 1 when a
 * run fails (its status is printed), 2 for a bad command line.
 */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 1001

typedef struct measure_opts {
    int runs;
    const char *out_path;
    bool append;
    char **argv; /* the command, NULL-terminated */
} measure_opts;

static int usage(void)
{
    fputs("usage: measure [-n RUNS] [-o FILE] [-a] -- COMMAND [ARG...]\n",
          stderr);
    return 2;
}

/* 0 on success, -1 for a bad command line. */
static int parse_args(int argc, char **argv, measure_opts *o)
{
    o->runs = 3;
    o->out_path = "/dev/null";
    o->append = false;
    o->argv = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            o->argv = argv + i + 1;
            break;
        }
        if (strcmp(argv[i], "-a") == 0)
            o->append = true;
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            o->runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            o->out_path = argv[++i];
        else
            return -1;
    }
    if (!o->argv || !o->argv[0] || o->runs < 1 || o->runs > MAX_RUNS)
        return -1;
    return 0;
}

/* In the child: redirect stdin and stdout, then exec; never returns. */
static void exec_child(const measure_opts *o, bool truncate)
{
    int in = open("/dev/null", O_RDONLY);
    int flags = O_WRONLY | O_CREAT | (truncate ? O_TRUNC : O_APPEND);
    int out = open(o->out_path, flags, 0644);
    if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0) {
        fprintf(stderr, "measure: %s: %s\n", o->out_path, strerror(errno));
        _exit(127);
    }
    close(in);
    close(out);
    execvp(o->argv[0], o->argv);
    fprintf(stderr, "measure: %s: %s\n", o->argv[0], strerror(errno));
    _exit(127);
}

/* Run the command once; its wall time goes to *seconds. */
static int run_once(const measure_opts *o, bool truncate, double *seconds)
{
    int status;
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "measure: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0)
        exec_child(o, truncate);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    *seconds = bench_now() - t0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        fprintf(stderr, "measure: %s exited with status %d\n", o->argv[0],
                WEXITSTATUS(status));
    else
        fprintf(stderr, "measure: %s killed by signal %d\n", o->argv[0],
                WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return -1;
}

int main(int argc, char **argv)
{
    measure_opts o;
    double samples[MAX_RUNS];
    struct rusage ru;
    if (parse_args(argc, argv, &o) < 0)
        return usage();
    for (int i = 0; i < o.runs; i++)
        if (run_once(&o, i == 0 || !o.append, &samples[i]) < 0)
            return 1;
    qsort(samples, (size_t)o.runs, sizeof *samples, bench_compare_doubles);
    double median = o.runs % 2 ? samples[o.runs / 2]
                               : (samples[o.runs / 2 - 1] +
                                  samples[o.runs / 2]) / 2;
    long rss = getrusage(RUSAGE_CHILDREN, &ru) == 0 ? ru.ru_maxrss : -1;
    printf("wall_s=%.6f wall_min=%.6f wall_max=%.6f maxrss_kib=%ld runs=%d\n",
           median, samples[0], samples[o.runs - 1], rss, o.runs);
    return 0;
}
