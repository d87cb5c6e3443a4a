/*
 * The table of built-in methods: lookup by name, enumeration. Each method file in
 * solvers/ exports one `hesse_method_<name>` pointer; adding a method adds one line here.
 */
#include <string.h>

#include "minimize/minimize_internal.h"

static const hesse_method *const *const methods[] = {
    &hesse_method_gd,
    &hesse_method_newton,
    &hesse_method_newton_tr,
    &hesse_method_newton_cg,
    &hesse_method_bfgs,
    &hesse_method_lbfgs,
    &hesse_method_sr1,
};
#define NMETHODS ((int)(sizeof methods / sizeof methods[0]))

int hesse_method_count(void) { return NMETHODS; }

const hesse_method *hesse_method_at(int i)
{
    return (i < 0 || i >= NMETHODS) ? NULL : *methods[i];
}

const hesse_method *hesse_method_find(const char *name)
{
    if (!name) return NULL;
    for (int i = 0; i < NMETHODS; i++)
        if (strcmp((*methods[i])->name, name) == 0) return *methods[i];
    return NULL;
}

const char *hesse_method_name(const hesse_method *m) { return m ? m->name : "(null)"; }
