/*
 * The table of least-squares methods: lookup by name, enumeration. Each method file
 * exports one `hesse_lsq_method_<name>` pointer; adding a method adds one line here.
 */
#include <string.h>

#include "lsq/lsq_internal.h"

static const hesse_lsq_method *const *const methods[] = {
    &hesse_lsq_method_lm,
    &hesse_lsq_method_gn,
    &hesse_lsq_method_hybrid,
};
#define NMETHODS ((int)(sizeof methods / sizeof methods[0]))

int hesse_lsq_method_count(void) { return NMETHODS; }

const hesse_lsq_method *hesse_lsq_method_at(int i) { return i < 0 || i >= NMETHODS ? NULL : *methods[i]; }

const hesse_lsq_method *hesse_lsq_method_find(const char *name)
{
    if (!name) return NULL;
    for (int i = 0; i < NMETHODS; i++)
        if (strcmp((*methods[i])->name, name) == 0) return *methods[i];
    return NULL;
}

const char *hesse_lsq_method_name(const hesse_lsq_method *m) { return m ? m->name : "(null)"; }
