/*
 * The one allocator funnel: every allocation of the library goes through
 * hesse__malloc, hesse__calloc or hesse__realloc, and every release through
 * hesse__free, with the caller's hesse_allocator or the C library's (the rule is in
 * base_internal.h and hesse.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"

static int custom(const hesse_allocator *a) { return a && a->malloc && a->free; }

const char *hesse__allocator_check(const hesse_allocator *a)
{
    if (!a || (a->malloc == NULL) == (a->free == NULL)) return NULL;
    return a->malloc ? "option allocator has malloc but no free: set both or neither"
                     : "option allocator has free but no malloc: set both or neither";
}

void *hesse__malloc(const hesse_allocator *a, size_t size)
{
    if (size == 0) size = 1;
    return custom(a) ? a->malloc(size, a->data) : malloc(size);
}

void *hesse__calloc(const hesse_allocator *a, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    void *p = hesse__malloc(a, count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

void *hesse__realloc(const hesse_allocator *a, void *p, size_t old_size, size_t new_size)
{
    if (new_size == 0) new_size = 1;
    if (!custom(a)) return realloc(p, new_size);
    void *q = a->malloc(new_size, a->data);
    if (!q) return NULL;
    if (p) memcpy(q, p, old_size < new_size ? old_size : new_size);
    hesse__free(a, p);
    return q;
}

void hesse__free(const hesse_allocator *a, void *p)
{
    if (!p) return;
    if (custom(a))
        a->free(p, a->data);
    else
        free(p);
}
