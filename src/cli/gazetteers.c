/*
 * gazetteers.c -- the gazetteers a command uses: the -g files in order (a
 * later one overlays the earlier ones), or the default one.
 */
#include "cli.h"

#include <stdlib.h>

int cli_open_gazetteers(const char *const *paths, size_t n, cli_gaz *out)
{
    bool owned = false;
    const char *fallback = NULL;
    out->n = 0;
    if (n == 0) {
        fallback = cli_default_gazetteer(&owned);
        paths = &fallback;
        n = 1;
    }
    for (size_t i = 0; i < n; i++) {
        gaztag_gazetteer *g;
        /* cppcheck-suppress objectIndex ; n is 1 when paths is &fallback */
        if (gaztag_open(paths[i], 0, &g) != GAZTAG_OK) {
            cli_error("%s", gaztag_errmsg(g));
            gaztag_close(g);
            cli_close_gazetteers(out);
            if (owned)
                free((void *)fallback);
            return -1;
        }
        out->g[out->n++] = g;
    }
    if (owned)
        free((void *)fallback);
    return 0;
}

void cli_close_gazetteers(cli_gaz *c)
{
    for (size_t i = 0; i < c->n; i++)
        gaztag_close(c->g[i]);
    c->n = 0;
}
