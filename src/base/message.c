/*
 * The one message setter: every status sentence of the library is written here.
 */
#include <stdio.h>

#include "base/base_internal.h"

hesse_status hesse__vmessage(char *buf, size_t size, hesse_status st, const char *fmt,
                             va_list ap)
{
    if (buf && size > 0) vsnprintf(buf, size, fmt, ap);
    return st;
}

hesse_status hesse__message(char *msg, hesse_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hesse__vmessage(msg, HESSE__MESSAGE_SIZE, st, fmt, ap);
    va_end(ap);
    return st;
}
