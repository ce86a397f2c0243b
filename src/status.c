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

const char *gaztag_unicode_version(void)
{
    return utf8proc_unicode_version();
}
