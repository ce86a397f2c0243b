/*
 * inspect.h -- what gaztag lookup, explain, stats and diff share: the -g
 * list with the names the gazetteers are shown by, and one way of writing
 * entries, keys and texts for people, so the four commands read alike.
 */
#ifndef GAZTAG_CLI_INSPECT_H
#define GAZTAG_CLI_INSPECT_H

#include "cli.h"

/* The gazetteers of the -g options (or the default one), opened, each
 * with the path it is shown by: as given on the command line. */
typedef struct insp_gaz {
    cli_gaz gz;
    const char *name[GAZTAG_MAX_LAYERS];
    char *owned; /* the default gazetteer's path, when malloc'd */
} insp_gaz;

/* The leading `-g GAZ` options (and `--`) into paths[0..*n); *first is the
 * first other argument ("-" alone is not an option).  -1 for an unknown
 * option or more than GAZTAG_MAX_LAYERS gazetteers. */
int insp_parse_gaz(int argc, char **argv, const char **paths, size_t *n,
                   int *first);

/* Open paths[0..n) as cli_open_gazetteers() does (n == 0: the default);
 * -1 with the error printed. */
int insp_open(const char *const *paths, size_t n, insp_gaz *out);
void insp_close(insp_gaz *c);

/* The name a span's or layer's gazetteer is shown by. */
const char *insp_name(const insp_gaz *c, const gaztag_gazetteer *g);

/* s[0..len) between double quotes: `"` and `\` escaped with `\`, control
 * characters and bytes of invalid UTF-8 as \xHH, so every output line is
 * one line of valid UTF-8. */
void insp_quote(FILE *f, const char *s, size_t len);
/* The same without the quotes (and `"`, `\` left as they are). */
void insp_escape(FILE *f, const char *s, size_t len);

/* An entry: `LABEL[ ID][ "CANONICAL"][ [FLAGS]]`; the id is quoted when it
 * holds a space, a quote, a backslash or a bracket, or is empty. */
void insp_entry(FILE *f, const gaztag_entry *e);
/* Flags as the TSV words, comma-separated ("cap,accents", "-"). */
void insp_flags(FILE *f, unsigned flags);

/* "NFKC, case folded, accents removed" and the like. */
const char *insp_norm_desc(unsigned norm_flags);

/* gaztag_normalize() into a malloc'd NUL-terminated string (*len its
 * length); NULL when memory ran out. */
char *insp_key(unsigned norm_flags, const char *s, size_t len, size_t *klen);

/* Flush standard output; -1 with a message if some output was lost. */
int insp_flush_stdout(void);

#endif
