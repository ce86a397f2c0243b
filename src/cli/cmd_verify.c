/*
 * cmd_verify.c -- gaztag verify: full validation of a gazetteer file.
 */
#include "cli.h"

#include <string.h>

int cmd_verify(int argc, char **argv)
{
    if (argc != 2) {
        cli_error("usage: gaztag verify FILE.gaz");
        return 2;
    }
    gaztag_gazetteer *g;
    gaztag_status st = gaztag_open(argv[1], GAZTAG_OPEN_VERIFY, &g);
    if (st != GAZTAG_OK) {
        cli_error("%s", gaztag_errmsg(g));
        gaztag_close(g);
        return 1;
    }
    gaztag_info in;
    gaztag_get_info(g, &in);
    printf("%s: ok: format %u, %u entries, %u token keys, %u phrases, "
           "%u labels, longest entry %u tokens, %llu bytes, Unicode %s, "
           "%s, %s\n", argv[1], in.format_version, in.n_entries, in.n_vocab,
           in.n_phrases, in.n_labels, in.max_phrase_tokens,
           (unsigned long long)in.file_size, in.unicode_version,
           (in.norm_flags & GAZTAG_CASE_SENSITIVE) ? "case-sensitive"
                                                  : "case-folded",
           (in.norm_flags & GAZTAG_KEEP_ACCENTS) ? "accents kept"
                                                : "accents removed");
    if (strcmp(in.unicode_version, gaztag_unicode_version()) != 0)
        cli_error("warning: %s was compiled with Unicode %s, this library "
                  "uses %s: recompile it", argv[1], in.unicode_version,
                  gaztag_unicode_version());
    gaztag_close(g);
    return 0;
}
