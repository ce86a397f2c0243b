/*
 * tag_rules.c -- the rules layer of `gaztag tag`: which rules directory,
 * loaded once before the workers start and shared read-only by all their
 * taggers (a gaztag_rules object is immutable once loaded).
 *
 * A directory the user names (--rules DIR, $GAZTAG_RULES) must load: a
 * missing one or a bad line is an error.  Without one, gaztag-rules/
 * beside the program (a build tree), then the installed directory, are
 * used if they exist; when neither does, text is tagged with the
 * gazetteers alone, without a word, as a library user without rules data
 * would.  A directory found that way but holding a bad line is still an
 * error: broken data should not silently change the output.
 */
#define _POSIX_C_SOURCE 200809L
#include "tag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef GAZTAG_DATADIR
#define GAZTAG_DATADIR "/usr/local/share/gaztag"
#endif

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Load `dir` into *out; -1 after printing why it cannot be. */
static int load_rules(const char *dir, gaztag_rules **out)
{
    struct stat st;
    gaztag_rules *r = NULL;
    if (stat(dir, &st) < 0) {
        cli_error("%s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        cli_error("%s: %s", dir, strerror(ENOTDIR));
        return -1;
    }
    if (gaztag_rules_new(&r) != GAZTAG_OK) {
        cli_error("out of memory");
        return -1;
    }
    gaztag_status st_load = gaztag_rules_load_dir(r, dir);
    if (st_load != GAZTAG_OK) {
        const char *msg = gaztag_rules_error(r);
        if (*msg)
            cli_error("%s", msg);
        else
            cli_error("%s: %s", dir, gaztag_strerror(st_load));
        gaztag_rules_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

int tag_rules_open(const tag_opts *o, gaztag_rules **out)
{
    *out = NULL;
    if (o->no_rules)
        return 0;
    if (o->rules_dir)
        return load_rules(o->rules_dir, out);
    const char *env = getenv("GAZTAG_RULES");
    if (env && *env)
        return load_rules(env, out);
    char *found = cli_data_path("gaztag-rules", "rules");
    int rc = 0;
    if (found && is_dir(found))
        rc = load_rules(found, out);
    else if (is_dir(GAZTAG_DATADIR "/rules"))
        rc = load_rules(GAZTAG_DATADIR "/rules", out);
    free(found);
    return rc;
}
