/*
 * cmd_lookup.c -- gaztag lookup: the key of each name and every entry it
 * reaches in each gazetteer, whatever the entries' flags (whether an entry
 * accepts a given text is gaztag explain's business).
 *
 *   Côte d’Ivoire -> key "cote d ivoire"
 *     places.gaz: PLACE place:civ "Côte d'Ivoire"
 *   Lagos -> key "lagos": no entry
 *
 * The key shown is the first gazetteer's; an overlay compiled with other
 * folding says its own key on its lines.
 */
#include "inspect.h"

#include <stdlib.h>
#include <string.h>

#define LOOKUP_USAGE "usage: gaztag lookup [-g GAZ]... NAME..."

/* The entries of `name` in layer i, one line each; the number printed, or
 * -1 on error. */
static long print_layer(const insp_gaz *c, size_t i, const char *name,
                        const char *key0, size_t klen0)
{
    const gaztag_gazetteer *g = c->gz.g[i];
    gaztag_info info;
    uint32_t first, count;
    size_t klen;
    gaztag_get_info(g, &info);
    gaztag_status st = gaztag_lookup(g, name, strlen(name), &first, &count);
    char *key = insp_key(info.norm_flags, name, strlen(name), &klen);
    for (uint32_t k = 0; st == GAZTAG_OK && key && k < count; k++) {
        gaztag_entry e;
        st = gaztag_entry_at(g, first + k, &e);
        if (st != GAZTAG_OK)
            break;
        printf("  %s", c->name[i]);
        if (klen != klen0 || memcmp(key, key0, klen) != 0) {
            fputs(" (key ", stdout);
            insp_quote(stdout, key, klen);
            fputc(')', stdout);
        }
        fputs(": ", stdout);
        insp_entry(stdout, &e);
        fputc('\n', stdout);
    }
    free(key);
    if (!key || st != GAZTAG_OK) {
        cli_error("%s: %s", c->name[i], gaztag_strerror(key ? st : GAZTAG_NOMEM));
        return -1;
    }
    return count;
}

/* Whether some gazetteer has an entry for `name` (-1 on error). */
static int has_entries(const insp_gaz *c, const char *name)
{
    for (size_t i = 0; i < c->gz.n; i++) {
        uint32_t first, count;
        gaztag_status st = gaztag_lookup(c->gz.g[i], name, strlen(name),
                                         &first, &count);
        if (st != GAZTAG_OK) {
            cli_error("%s: %s", c->name[i], gaztag_strerror(st));
            return -1;
        }
        if (count)
            return 1;
    }
    return 0;
}

/* One name: 1 found, 0 not found, -1 error. */
static int lookup_name(const insp_gaz *c, const char *name)
{
    gaztag_info info;
    size_t klen;
    gaztag_get_info(c->gz.g[0], &info);
    char *key = insp_key(info.norm_flags, name, strlen(name), &klen);
    int found = key ? has_entries(c, name) : -1;
    if (!key)
        cli_error("out of memory");
    if (found >= 0) {
        insp_escape(stdout, name, strlen(name));
        fputs(" -> key ", stdout);
        insp_quote(stdout, key, klen);
        fputs(found ? "\n" : ": no entry\n", stdout);
    }
    for (size_t i = 0; found > 0 && i < c->gz.n; i++)
        if (print_layer(c, i, name, key, klen) < 0)
            found = -1;
    free(key);
    return found;
}

int cmd_lookup(int argc, char **argv)
{
    const char *paths[GAZTAG_MAX_LAYERS];
    size_t n;
    int first, rc = 0;
    insp_gaz c;
    if (insp_parse_gaz(argc, argv, paths, &n, &first) < 0 || first >= argc) {
        cli_error(LOOKUP_USAGE);
        return 2;
    }
    if (insp_open(paths, n, &c) < 0)
        return 2;
    for (int i = first; i < argc && rc < 2; i++) {
        int found = lookup_name(&c, argv[i]);
        rc = found < 0 ? 2 : found == 0 ? 1 : rc;
    }
    insp_close(&c);
    if (insp_flush_stdout() < 0)
        rc = 2;
    return rc;
}
