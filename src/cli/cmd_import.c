/*
 * cmd_import.c -- gaztag import FORMAT [OPTIONS] FILE...: other gazetteer
 * formats to TSV sources on standard output.
 *
 * Every option takes one value, so the options of all formats are parsed
 * and checked here in one loop; a format lists the ones it accepts.  The
 * readers are in import_*.c.
 */
#include "import.h"

#include <string.h>

static const char import_usage[] =
    "usage: gaztag import geonames [--min-population N] "
    "[--feature-class P[,A...]]\n"
    "                [--lang fr,en] [--alternate alternateNamesV2.txt] "
    "[--label PLACE]\n"
    "                [--flags FLAGS] FILE...\n"
    "       gaztag import spacy [--flags FLAGS] FILE.jsonl...\n"
    "       gaztag import gate [--separator C] [--flags FLAGS] lists.def...";

typedef void (*import_fn)(import_ctx *x, const import_opts *o, char **files,
                          int n);

typedef struct import_format {
    const char *name;
    const char *options; /* those it takes, each between spaces */
    import_fn run;
} import_format;

static const import_format formats[] = {
    {"geonames", " --min-population --feature-class --lang --alternate "
                 "--label --flags ", import_geonames},
    {"spacy", " --flags ", import_spacy},
    {"gate", " --separator --flags ", import_gate},
};

static int usage(void)
{
    cli_error("%s", import_usage);
    return 2;
}

static int bad_value(const char *option, const char *value, const char *why)
{
    cli_error("%s '%s': %s", option, value, why);
    return 2;
}

/* Each comma-separated item of `list` passes `ok`; an empty list fails. */
static bool each_item(const char *list, bool (*ok)(const char *s, size_t n))
{
    if (!*list)
        return false;
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        if (!ok(p, n))
            return false;
        p += n;
        if (!*p)
            return true;
    }
}

static bool is_flag(const char *s, size_t n)
{
    static const char *const flags[] = {"cap", "case", "accents", "-",
                                        "yield", "none"};
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (strlen(flags[i]) == n && memcmp(flags[i], s, n) == 0)
            return true;
    return false;
}

static bool is_feature_class(const char *s, size_t n)
{
    return n == 1 && strchr("AHLPRSTUV", s[0]);
}

/* ISO 639 (2 or 3 letters), optionally -REGION.  GeoNames' pseudo codes
 * (link, wkdt, post, iata, icao, faac, abbr, unlc, fr_1793...) are not
 * names of a place in a language. */
static bool is_language(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] >= 'a' && s[k] <= 'z')
        k++;
    if (k < 2 || k > 3)
        return false;
    if (k == n)
        return true;
    if (s[k] != '-' || k + 1 == n)
        return false;
    for (k++; k < n; k++)
        if (!((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') ||
              (s[k] >= '0' && s[k] <= '9')))
            return false;
    return true;
}

static bool parse_uint(const char *s, uint64_t *v)
{
    uint64_t n = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        unsigned d = (unsigned)(unsigned char)*s - '0';
        if (d > 9 || n > (UINT64_MAX - d) / 10)
            return false;
        n = n * 10 + d;
    }
    *v = n;
    return true;
}

/* The feature classes without their commas. */
static void set_classes(import_opts *o, const char *list)
{
    size_t n = 0;
    for (; *list && n < sizeof o->feature_classes - 1; list++)
        if (*list != ',' && !memchr(o->feature_classes, *list, n))
            o->feature_classes[n++] = *list;
    o->feature_classes[n] = '\0';
}

/* Check and keep one option's value: 0, or 2 (reported). */
static int set_option(import_opts *o, const char **flags, const char *opt,
                      const char *v)
{
    if (strcmp(opt, "--min-population") == 0)
        return parse_uint(v, &o->min_population)
                   ? 0 : bad_value(opt, v, "not a number");
    if (strcmp(opt, "--feature-class") == 0) {
        if (!each_item(v, is_feature_class))
            return bad_value(opt, v, "feature classes are letters among "
                             "A, H, L, P, R, S, T, U and V");
        set_classes(o, v);
    } else if (strcmp(opt, "--lang") == 0) {
        if (!each_item(v, is_language))
            return bad_value(opt, v, "languages are ISO 639 codes (fr, en, "
                             "zh-CN...), not GeoNames' link, post, iata...");
        o->langs = v;
    } else if (strcmp(opt, "--label") == 0) {
        if (!import_label_ok(v, strlen(v)))
            return bad_value(opt, v, "not an upper-case word (A-Z, 0-9, _ "
                             "and -)");
        o->label = v;
    } else if (strcmp(opt, "--separator") == 0) {
        if (strlen(v) != 1)
            return bad_value(opt, v, "the separator is one character");
        o->separator = v[0];
    } else if (strcmp(opt, "--flags") == 0) {
        if (*v && !each_item(v, is_flag))
            return bad_value(opt, v, "flags are cap, case, accents, -, "
                             "yield and none");
        *flags = *v ? v : NULL;
    } else {
        o->alternate = v; /* --alternate */
    }
    return 0;
}

/* Is `opt` one of the space-separated `options`? */
static bool takes(const char *options, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = strstr(options, opt); p; p = strstr(p + 1, opt))
        if (p[-1] == ' ' && p[n] == ' ')
            return true;
    return false;
}

int cmd_import(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const import_format *f = NULL;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcmp(argv[1], formats[i].name) == 0)
            f = &formats[i];
    if (!f) {
        cli_error("unknown import format '%s' (geonames, spacy, gate)",
                  argv[1]);
        return usage();
    }
    import_opts o = {.langs = "fr,en", .label = "PLACE", .separator = '&'};
    const char *flags = NULL;
    int i = 2, rc;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (!takes(f->options, argv[i])) {
            cli_error("import %s has no option %s", f->name, argv[i]);
            return usage();
        }
        if (i + 1 >= argc) {
            cli_error("%s needs a value", argv[i]);
            return usage();
        }
        if ((rc = set_option(&o, &flags, argv[i], argv[i + 1])) != 0)
            return rc;
    }
    if (i >= argc)
        return usage();
    import_ctx *x = import_ctx_new(flags);
    if (!x) {
        cli_error("out of memory");
        return 1;
    }
    f->run(x, &o, argv + i, argc - i);
    rc = import_finish(x, stdout);
    import_ctx_free(x);
    return rc;
}
