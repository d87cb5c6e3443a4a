/*
 * The table of roots methods: lookup by id and by name. Each method file
 * (roots_newton.c, roots_broyden.c) exports one `hesse__roots_<name>` pointer; adding
 * a method adds one line here.
 */
#include <string.h>

#include "roots/roots_internal.h"

static const hesse__roots_method_table *const *const methods[] = {
    &hesse__roots_newton,
    &hesse__roots_broyden,
};
#define NMETHODS ((int)(sizeof methods / sizeof methods[0]))

const hesse__roots_method_table *hesse__roots_method_of(hesse_roots_method m)
{
    for (int i = 0; i < NMETHODS; i++)
        if ((*methods[i])->id == m) return *methods[i];
    return NULL;
}

const char *hesse_roots_method_name(hesse_roots_method m)
{
    const hesse__roots_method_table *t = hesse__roots_method_of(m);
    return t ? t->name : "unknown";
}

int hesse_roots_method_find(const char *name, hesse_roots_method *m)
{
    if (!name || !m) return 0;
    for (int i = 0; i < NMETHODS; i++) {
        if (strcmp((*methods[i])->name, name) == 0) {
            *m = (*methods[i])->id;
            return 1;
        }
    }
    return 0;
}
