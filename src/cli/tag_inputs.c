/*
 * tag_inputs.c -- the list of input paths of `gaztag tag`.
 *
 * Directories are walked recursively; each directory's entries are sorted
 * bytewise (strcmp) before they are visited, so the order, and with it the
 * output, does not depend on the file system's order.  Only regular files
 * are taken from directories (symbolic links are followed), filtered by
 * --glob on their name; files named on the command line are always taken.
 * A directory met again below itself (a symbolic link to an ancestor) is a
 * loop: it is not walked again, with a warning, or the walk would never
 * end.
 */
#define _POSIX_C_SOURCE 200809L
#include "tag.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int push(tag_inputs *in, const char *path)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        char **p = realloc(in->paths, cap * sizeof *p);
        if (!p)
            return -1;
        in->paths = p;
        in->cap = cap;
    }
    if (!(in->paths[in->n] = strdup(path)))
        return -1;
    in->n++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in `dir` other than . and .., sorted; NULL on error. */
static char **list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    *n = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (*n + 1 >= cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                goto fail;
            names = p;
        }
        if (!(names[*n] = strdup(e->d_name)))
            goto fail;
        ++*n;
    }
    closedir(d);
    if (!names)
        names = calloc(1, sizeof *names);
    if (names)
        qsort(names, *n, sizeof *names, by_name);
    return names;
fail:
    while (*n)
        free(names[--*n]);
    free(names);
    closedir(d);
    errno = ENOMEM;
    return NULL;
}

/* The directories being walked, innermost first. */
typedef struct dir_chain {
    dev_t dev;
    ino_t ino;
    const struct dir_chain *up;
} dir_chain;

static int add_path(tag_inputs *in, const char *path, const char *glob,
                    bool named, const dir_chain *up);

static int walk_dir(tag_inputs *in, const char *dir, const struct stat *st,
                    const char *glob, const dir_chain *up)
{
    for (const dir_chain *c = up; c; c = c->up) {
        if (c->dev == st->st_dev && c->ino == st->st_ino) {
            cli_error("warning: %s: a loop of symbolic links, not followed",
                      dir);
            return 0;
        }
    }
    dir_chain here = {st->st_dev, st->st_ino, up};
    size_t n, i;
    char **names = list_dir(dir, &n);
    int rc = 0;
    if (!names) {
        cli_error("%s: %s", dir, strerror(errno));
        return -1;
    }
    for (i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            cli_error("out of memory");
            rc = -1;
            break;
        }
        bool slash = dir[0] && dir[strlen(dir) - 1] == '/';
        snprintf(path, len, slash ? "%s%s" : "%s/%s", dir, names[i]);
        rc = add_path(in, path, glob, false, &here);
        free(path);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* A path named on the command line (`named`) or found in a directory. */
static int add_path(tag_inputs *in, const char *path, const char *glob,
                    bool named, const dir_chain *up)
{
    struct stat st;
    if (strcmp(path, "-") == 0 && named) {
        if (fstat(0, &st) == 0 && S_ISREG(st.st_mode))
            in->total_bytes += (unsigned long long)st.st_size;
        else
            in->total_known = false;
    } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        in->has_dir = in->has_dir || named;
        return walk_dir(in, path, &st, glob, up);
    } else if (!named) {
        const char *base = strrchr(path, '/');
        bool ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        if (!ok || (glob && fnmatch(glob, base ? base + 1 : path, 0) != 0))
            return 0;
        in->total_bytes += (unsigned long long)st.st_size;
    } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        in->total_bytes += (unsigned long long)st.st_size;
    } else {
        in->total_known = false; /* missing: reported when it is read */
    }
    if (push(in, path) < 0) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

int tag_inputs_collect(tag_inputs *in, char **args, int n, const char *glob)
{
    memset(in, 0, sizeof *in);
    in->total_known = true;
    if (n == 0)
        return add_path(in, "-", glob, true, NULL);
    for (int i = 0; i < n; i++)
        if (add_path(in, args[i], glob, true, NULL) < 0)
            return -1;
    return 0;
}

void tag_inputs_free(tag_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    memset(in, 0, sizeof *in);
}
