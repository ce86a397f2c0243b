/*
 * replay.c -- a fuzz target's inputs without libFuzzer.
 *
 * `TARGET_replay FILE|DIR...` calls the target's LLVMFuzzerTestOneInput()
 * once on each file named, and on each regular file of each directory (not
 * recursively, names in bytewise order, hidden files skipped), each in a
 * buffer of its exact size.  A failed check aborts, as under libFuzzer.  So
 * the normal test build (ASan and UBSan in CI, any compiler) replays the
 * seed corpus and every crash ever fixed (tests/fuzz/regressions) as an
 * ordinary ctest test.  A missing directory counts as empty.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *p = realloc(buf, cap * 2);
            if (!p)
                free(buf);
            buf = p;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        free(buf);
        return -1;
    }
    uint8_t *exact = malloc(n ? n : 1); /* so ASan sees reads past the end */
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of a directory, in order; -1 on error. */
static int replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **p = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *p);
            if (!p)
                rc = -1;
            else
                names = p;
        }
        if (rc == 0 && !(names[n++] = strdup(e->d_name)))
            rc = -1;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i] ? names[i] : "");
        if (rc == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = replay_file(path);
            ++*count;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        int rc;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = replay_dir(argv[i], &count);
        } else if (stat(argv[i], &st) == 0) {
            rc = replay_file(argv[i]);
            count++;
        } else {
            rc = errno == ENOENT ? 0 : -1;
        }
        if (rc < 0) {
            fprintf(stderr, "replay: %s: cannot read\n", argv[i]);
            return 1;
        }
    }
    printf("replayed %zu inputs\n", count);
    return 0;
}
