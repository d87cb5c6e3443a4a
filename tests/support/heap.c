/*
 * A failing, counting allocator and the out-of-memory ratchet (support.h).
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "support.h"

static void *heap_malloc(size_t size, void *data)
{
    test_heap *h = data;
    if (++h->calls == h->fail_at) return NULL;
    void *p = malloc(size);
    if (p) h->live++;
    return p;
}

static void heap_free(void *ptr, void *data)
{
    test_heap *h = data;
    if (!ptr) return;
    h->live--;
    free(ptr);
}

hesse_allocator test_heap_allocator(test_heap *h)
{
    return (hesse_allocator){heap_malloc, heap_free, h};
}

long test_oom_ratchet(const char *what, test_oom_run run, void *data, hesse_status ok)
{
    for (long k = 1;; k++) {
        test_heap h = {0, k, 0};
        hesse_allocator a = test_heap_allocator(&h);
        hesse_status st = run(&a, k, data);
        cr_assert_eq(h.live, 0, "%s, allocation %ld failing: %ld blocks leaked", what, k, h.live);
        if (h.calls < k) {
            /* Allocation k was never asked for: this run had all it needed. */
            cr_assert_eq(st, ok, "%s with every allocation granted: %s", what,
                         hesse_status_name(st));
            return h.calls;
        }
        cr_assert_eq(st, HESSE_ENOMEM, "%s, allocation %ld failing: %s", what, k,
                     hesse_status_name(st));
        cr_assert_lt(k, 100000, "%s: no success after 100000 allocations", what);
    }
}
