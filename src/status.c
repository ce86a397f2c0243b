/*
 * status.c -- status messages, from the one table in gaztag.h.
 */
#include "gaztag.h"
#include "alloc.h"

#include <stdint.h>
#include <utf8proc.h>

const char *gaztag_strerror(gaztag_status status)
{
    static const char *const messages[] = {
#define GAZTAG_STATUS_TEXT(name, msg) msg,
        GAZTAG_STATUS_MAP(GAZTAG_STATUS_TEXT)
#undef GAZTAG_STATUS_TEXT
    };
    if ((unsigned)status >= GAZTAG_STATUS_COUNT)
        return "unknown status";
    return messages[status];
}

const char *gaztag_version(void)
{
    return GAZTAG_VERSION_STRING;
}

void gaztag_buffer_free(void *data)
{
    gz_free(data);
}

int gz_grow(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return -1;
        n *= 2;
    }
    void *p = gz_realloc(*buf, n * size);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}

const char *gaztag_unicode_version(void)
{
    return utf8proc_unicode_version();
}
