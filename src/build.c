/*
 * build.c -- gazetteer sources into the builder's model, and the atomic
 * write of the compiled image.
 *
 * Each row's name is tokenised and keyed exactly as text is when tagging
 * (tok_next + norm_key), then threaded into the phrase trie: the first
 * token's vocabulary node, then one edge per further token.
 */
#define _XOPEN_SOURCE 700
#include "build.h"

#include "alloc.h"
#include "gazfile.h"
#include "source.h"
#include "tokenize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

gaztag_status gaztag_builder_new(unsigned norm_flags, gaztag_builder **out)
{
    *out = NULL;
    if (norm_flags & ~(GAZTAG_CASE_SENSITIVE | GAZTAG_KEEP_ACCENTS))
        return GAZTAG_INVALID;
    gaztag_builder *b = gz_calloc(1, sizeof *b);
    if (!b)
        return GAZTAG_NOMEM;
    b->norm_flags = norm_flags;
    norm_scratch_init(&b->scratch);
    *out = b;
    return GAZTAG_OK;
}

void gaztag_builder_free(gaztag_builder *b)
{
    if (!b)
        return;
    norm_scratch_free(&b->scratch);
    intern_free(&b->labels);
    intern_free(&b->strings);
    intern_free(&b->vocab);
    intern_free(&b->edges);
    intern_free(&b->seen);
    intern_free(&b->common);
    gz_free(b->keybuf);
    for (size_t i = 0; i < b->n_warnings; i++)
        gz_free(b->warnings[i]);
    gz_free(b->warnings);
    gz_free(b->vocab_children);
    gz_free(b->edge_children);
    gz_free(b->entries);
    gz_free(b);
}

const char *gaztag_builder_errmsg(const gaztag_builder *b)
{
    return b ? b->errmsg : "";
}

/* Record a message; a failure that leaves the model unusable (a bad source,
 * memory) also makes the builder refuse further work. */
static gaztag_status fail(gaztag_builder *b, gaztag_status st, const char *msg)
{
    if (msg != b->errmsg) {
        size_t n = strlen(msg);
        n = n < sizeof b->errmsg ? n : sizeof b->errmsg - 1;
        memmove(b->errmsg, msg, n);
        b->errmsg[n] = '\0';
    }
    if (st != GAZTAG_IO)
        b->failed = st;
    return st;
}

/* Keep a warning (a formatted line); -1 out of memory. */
static int add_warning(gaztag_builder *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int add_warning(gaztag_builder *b, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = strlen(msg) + 1;
    char *copy = gz_malloc(n);
    if (!copy || gz_grow((void **)&b->warnings, &b->warnings_cap,
                         b->n_warnings + 1, sizeof *b->warnings) < 0) {
        gz_free(copy);
        return -1;
    }
    memcpy(copy, msg, n);
    b->warnings[b->n_warnings++] = copy;
    return 0;
}

size_t gaztag_builder_warning_count(const gaztag_builder *b)
{
    return b ? b->n_warnings : 0;
}

const char *gaztag_builder_warning(const gaztag_builder *b, size_t i)
{
    return b && i < b->n_warnings ? b->warnings[i] : NULL;
}

/* Record that longer phrases follow node `ref`. */
static void mark_children(gaztag_builder *b, uint32_t ref)
{
    if (ref & EDGE_REF)
        b->edge_children[ref & ~EDGE_REF] = 1;
    else
        b->vocab_children[ref] |= VOCAB_HAS_CHILDREN;
}

/* Intern `key` into `in`, growing the children flags for a new id. */
static int intern_node(interner *in, uint8_t **flags, size_t *cap,
                       const void *key, size_t len, uint32_t *id)
{
    int added;
    if (intern_put(in, key, len, id, &added) < 0)
        return -1;
    if (added) {
        if (gz_grow((void **)flags, cap, *id + 1, 1) < 0)
            return -1;
        (*flags)[*id] = 0;
    }
    return 0;
}

/* The child of node `parent` by token `vid`, created if new. */
static int child_node(gaztag_builder *b, uint32_t parent, uint32_t vid,
                      uint32_t *ref)
{
    uint8_t key[8];
    uint32_t eid;
    gzf_wr32(key, parent);
    gzf_wr32(key + 4, vid);
    if (intern_node(&b->edges, &b->edge_children, &b->edge_children_cap, key,
                    8, &eid) < 0)
        return -1;
    if (eid >= EDGE_REF)
        return -1;
    mark_children(b, parent);
    *ref = EDGE_REF | eid;
    return 0;
}

typedef struct row_ctx {
    gaztag_builder *b;
    const char *name;
} row_ctx;

/* Thread a name's tokens into the trie; *node is the final node's ref.
 * Returns 0, -1 out of memory, or -2 with a reason in why. */
static int add_phrase(gaztag_builder *b, const src_field *name, uint32_t *node,
                      const char **why)
{
    tok_stream ts;
    tok_token t;
    uint32_t ntok = 0;
    tok_init(&ts, name->s, name->len);
    while (tok_next(&ts, &t)) {
        const char *key;
        size_t klen;
        uint32_t vid;
        if (++ntok > GAZTAG_MAX_PHRASE_TOKENS)
            return *why = "name has more than 32 tokens", -2;
        if (norm_key(&b->scratch, b->norm_flags, name->s + t.start,
                     t.end - t.start, t.ascii, &key, &klen) < 0)
            return -1;
        if (klen == 0)
            return *why = "a token of the name normalises to nothing", -2;
        if (b->edges.n >= EDGE_REF - 1 || b->vocab.n >= EDGE_REF - 1)
            return *why = "too many distinct phrases (limit 2^31)", -2;
        if (intern_node(&b->vocab, &b->vocab_children, &b->vocab_children_cap,
                        key, klen, &vid) < 0 ||
            (ntok > 1 && child_node(b, *node, vid, &vid) < 0))
            return -1;
        if (ntok == 1)
            b->vocab_children[vid] |= VOCAB_STARTS;
        *node = vid;
    }
    if (ntok > b->max_tokens)
        b->max_tokens = ntok;
    return 0;
}

static int intern_string(interner *in, const src_field *f, uint32_t *index)
{
    int added;
    if (!f->s) {
        *index = GZF_NONE;
        return 0;
    }
    return intern_put(in, f->s, f->len, index, &added);
}

/* Add an entry unless it is a duplicate; a dead duplicate (removed, now
 * added again) comes back to life in its first place. */
static int add_entry(gaztag_builder *b, const build_entry *e)
{
    uint32_t index;
    int added;
    if (intern_put(&b->seen, e, BUILD_ENTRY_KEY, &index, &added) < 0)
        return -1;
    if (!added) {
        b->entries[index].dead = 0;
        return 0;
    }
    if (gz_grow((void **)&b->entries, &b->entries_cap, b->n_entries + 1,
                sizeof *e) < 0)
        return -1;
    b->entries[b->n_entries++] = *e;
    return 0;
}

/* A removal row: the live entries of its node added before it, with its
 * label (and id, when it has one), are dead. */
static void remove_earlier(gaztag_builder *b, const build_entry *r)
{
    for (size_t i = 0; i < b->n_entries; i++) {
        build_entry *e = &b->entries[i];
        if (e->node == r->node && !(e->flags & GAZTAG_ENTRY_REMOVE) &&
            e->label == r->label && (r->id == GZF_NONE || e->id == r->id))
            e->dead = 1;
    }
}

/* The key of a name: its tokens' keys under `flags`, joined by
 * GZF_FORM_SEP, into b's key buffer; *ntok counts the tokens. */
static int name_key(gaztag_builder *b, const src_field *name, unsigned flags,
                    size_t *len, uint32_t *ntok)
{
    tok_stream ts;
    tok_token t;
    *len = 0;
    *ntok = 0;
    tok_init(&ts, name->s, name->len);
    while (tok_next(&ts, &t)) {
        const char *key;
        size_t klen;
        if (norm_key(&b->scratch, flags, name->s + t.start, t.end - t.start,
                     t.ascii, &key, &klen) < 0 ||
            gz_grow((void **)&b->keybuf, &b->keybuf_cap, *len + klen + 1, 1) < 0)
            return -1;
        if ((*ntok)++)
            b->keybuf[(*len)++] = GZF_FORM_SEP;
        memcpy(b->keybuf + *len, key, klen);
        *len += klen;
    }
    return 0;
}

/* Whether a row is a common word to leave out (warned); -1 out of memory. */
static int common_word(gaztag_builder *b, const row_ctx *rc, const src_row *row)
{
    size_t len;
    uint32_t ntok;
    if (b->common.n == 0 ||
        (row->flags & (GAZTAG_ENTRY_CAP | GAZTAG_ENTRY_CASE | GAZTAG_ENTRY_REMOVE)))
        return 0;
    if (name_key(b, &row->name, b->norm_flags, &len, &ntok) < 0)
        return -1;
    if (ntok != 1 || intern_find(&b->common, b->keybuf, len) < 0)
        return 0;
    return add_warning(b, "%s:%zu: warning: '%.*s' is the common word "
                       "'%.*s': left out (add cap or case)", rc->name,
                       row->line, (int)row->name.len, row->name.s, (int)len,
                       b->keybuf) < 0 ? -1 : 1;
}

/* The strict key of a case or accents entry, as a string index. */
static int entry_form(gaztag_builder *b, const src_row *row, uint32_t *form)
{
    unsigned strict = b->norm_flags;
    size_t len;
    uint32_t ntok;
    int added;
    *form = GZF_NONE;
    if (!(row->flags & (GAZTAG_ENTRY_CASE | GAZTAG_ENTRY_ACCENTS)))
        return 0;
    if (row->flags & GAZTAG_ENTRY_CASE)
        strict |= GAZTAG_CASE_SENSITIVE;
    if (row->flags & GAZTAG_ENTRY_ACCENTS)
        strict |= GAZTAG_KEEP_ACCENTS;
    if (name_key(b, &row->name, strict, &len, &ntok) < 0)
        return -1;
    return intern_put(&b->strings, b->keybuf, len, form, &added);
}

static int on_row(void *ctx, const src_row *row, char *err, size_t errlen)
{
    row_ctx *rc = ctx;
    gaztag_builder *b = rc->b;
    build_entry e = {0, 0, 0, 0, row->flags, GZF_NONE, 0};
    const char *why = NULL;
    int r = common_word(b, rc, row);
    if (r > 0)
        return 0;
    if (r == 0)
        r = add_phrase(b, &row->name, &e.node, &why);
    if (r == -2) {
        snprintf(err, errlen, "%s:%zu: %s", rc->name, row->line, why);
        return -1;
    }
    if (r < 0 || intern_string(&b->labels, &row->label, &e.label) < 0 ||
        intern_string(&b->strings, &row->id, &e.id) < 0 ||
        intern_string(&b->strings, &row->canonical, &e.canonical) < 0 ||
        entry_form(b, row, &e.form) < 0)
        goto nomem;
    if (e.flags & GAZTAG_ENTRY_REMOVE)
        remove_earlier(b, &e);
    if (add_entry(b, &e) < 0)
        goto nomem;
    return 0;
nomem:
    snprintf(err, errlen, "%s:%zu: out of memory", rc->name, row->line);
    return -2;
}

gaztag_status gaztag_builder_add_tsv(gaztag_builder *b, const char *name,
                                     const char *data, size_t len)
{
    if (b->failed)
        return b->failed;
    row_ctx ctx = {b, name ? name : "<source>"};
    int rc = src_parse(ctx.name, data, len, on_row, &ctx, b->errmsg,
                       sizeof b->errmsg);
    if (rc == 0)
        return GAZTAG_OK;
    return fail(b, rc == -2 ? GAZTAG_NOMEM : GAZTAG_SOURCE, b->errmsg);
}

/* Read a whole file into a new buffer. */
static gaztag_status slurp(gaztag_builder *b, const char *path, char **data,
                           size_t *len)
{
    char msg[512];
    FILE *f = fopen(path, "rb");
    size_t cap = 0, n = 0, got;
    *data = NULL;
    if (!f)
        goto io_fail;
    do {
        if (gz_grow((void **)data, &cap, n + 65536, 1) < 0) {
            fclose(f);
            gz_free(*data);
            return fail(b, GAZTAG_NOMEM, "out of memory");
        }
        got = fread(*data + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        fclose(f);
        gz_free(*data);
        goto io_fail;
    }
    fclose(f);
    *len = n;
    return GAZTAG_OK;
io_fail:
    snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
    return fail(b, GAZTAG_IO, msg);
}

/* Read a file and hand it to `add` (named by its path). */
static gaztag_status add_from_file(gaztag_builder *b, const char *path,
                                   gaztag_status (*add)(gaztag_builder *,
                                                        const char *,
                                                        const char *, size_t))
{
    if (b->failed)
        return b->failed;
    char *data;
    size_t len;
    gaztag_status st = slurp(b, path, &data, &len);
    if (st == GAZTAG_OK) {
        st = add(b, path, data, len);
        gz_free(data);
    }
    return st;
}

gaztag_status gaztag_builder_add_file(gaztag_builder *b, const char *path)
{
    return add_from_file(b, path, gaztag_builder_add_tsv);
}

gaztag_status gaztag_builder_add_common(gaztag_builder *b, const char *name,
                                        const char *data, size_t len)
{
    (void)name;
    if (b->failed)
        return b->failed;
    size_t pos = 0;
    while (pos < len) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos, klen;
        uint32_t ntok, index;
        int added;
        pos += n + (nl != NULL);
        if (n == 0 || line[0] == '#')
            continue;
        src_field word = {line, n};
        if (name_key(b, &word, b->norm_flags, &klen, &ntok) < 0 ||
            (ntok == 1 && intern_put(&b->common, b->keybuf, klen, &index,
                                     &added) < 0))
            return fail(b, GAZTAG_NOMEM, "out of memory");
    }
    return GAZTAG_OK;
}

gaztag_status gaztag_builder_add_common_file(gaztag_builder *b,
                                             const char *path)
{
    return add_from_file(b, path, gaztag_builder_add_common);
}

gaztag_status gaztag_builder_compile(gaztag_builder *b, void **data,
                                     size_t *len)
{
    *data = NULL;
    *len = 0;
    if (b->failed)
        return b->failed;
    uint8_t *image;
    gaztag_status st = ser_image(b, &image, len);
    if (st != GAZTAG_OK)
        return fail(b, st, b->errmsg);
    *data = image;
    return GAZTAG_OK;
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Create a new temporary file beside `path`: "<path>.tmp.<pid>.<n>",
 * mode 0666 less the umask, like any new file. */
static int create_temp(const char *path, char *tmp, size_t cap)
{
    for (unsigned n = 0; n < 1000; n++) {
        snprintf(tmp, cap, "%s.tmp.%ld.%u", path, (long)getpid(), n);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* Make the rename durable: fsync the directory that holds `path`. */
static void sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path);
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse */
        close(fd);
    }
}

/* Write into a temporary file beside `path`, then rename it over `path`:
 * readers see the old file or the new one, never a partial one. */
static gaztag_status write_atomic(gaztag_builder *b, const char *path,
                                  const uint8_t *data, size_t len)
{
    char msg[600];
    size_t cap = strlen(path) + 48;
    char *tmp = gz_malloc(cap);
    if (!tmp)
        return fail(b, GAZTAG_NOMEM, "out of memory");
    int fd = create_temp(path, tmp, cap);
    if (fd < 0)
        goto io_error;
    if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        int saved = errno;
        close(fd);
        unlink(tmp);
        errno = saved;
        goto io_error;
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
        goto io_error;
    }
    sync_parent(path);
    gz_free(tmp);
    return GAZTAG_OK;
io_error:
    snprintf(msg, sizeof msg, "cannot write '%s': %s", path,
             strerror(errno ? errno : EIO));
    gz_free(tmp);
    return fail(b, GAZTAG_IO, msg);
}

gaztag_status gaztag_builder_write(gaztag_builder *b, const char *path)
{
    void *data;
    size_t len;
    gaztag_status st = gaztag_builder_compile(b, &data, &len);
    if (st != GAZTAG_OK)
        return st;
    st = write_atomic(b, path, data, len);
    gz_free(data);
    return st;
}
