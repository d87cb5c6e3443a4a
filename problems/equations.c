/*
 * The equation-problem registry (family "equations"): the square systems of
 * Moré, Garbow & Hillstrom, "Testing unconstrained optimization software", ACM TOMS
 * 7(1):17–41, 1981, read as F(x) = r(x) = 0, where r are the residuals of the MGH
 * sum of squares f = Σ r_i² (problems 1, 3, 7, 13, 26–31).
 *
 * Nothing is defined twice: the residuals and their Jacobians come from the MGH
 * family (problems/mgh.h, hesse__mgh_residual_find), and so do the accepted sizes,
 * default n and standard starting point (the MGH registry entry's accepts/setup).
 * A root is reported when the MGH setup knows a minimizer with f* = 0, which is then
 * a zero of r.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgh.h"

struct hesse_equation_problem {
    const char *name;   /* the MGH registry and residual name */
    const char *source;
};

#define SRC(k) "Moré, Garbow & Hillstrom, ACM TOMS 7(1):17-41, 1981, problem " k \
               ", residuals r(x) = 0"

static const struct hesse_equation_problem problems[] = {
    {"ROSENBROCK", SRC("1") "; root (1, 1)"},
    {"POWELL_BADLY_SCALED", SRC("3") "; root near (1.098e-5, 9.106), not recorded"},
    {"HELICAL_VALLEY", SRC("7") "; root (1, 0, 0)"},
    {"POWELL_SINGULAR", SRC("13") "; root 0, where the Jacobian is singular"},
    {"TRIGONOMETRIC", SRC("26") "; no root recorded"},
    {"BROWN_ALMOST_LINEAR", SRC("27") "; root (1, ..., 1) (others: (a, ..., a, a^(1-n)) "
                                      "with n a^n - (n+1) a^(n-1) + 1 = 0)"},
    {"DISCRETE_BOUNDARY", SRC("28") "; no root recorded"},
    {"DISCRETE_INTEGRAL", SRC("29") "; no root recorded"},
    {"BROYDEN_TRIDIAGONAL", SRC("30") "; no root recorded"},
    {"BROYDEN_BANDED", SRC("31") "; no root recorded"},
};
#define NPROBLEMS ((int)(sizeof problems / sizeof problems[0]))

/* The MGH registry entry of p (NULL only if the two registries disagree). */
static const struct hesse_testproblem *mgh_entry(const hesse_equation_problem *p)
{
    for (int i = 0; i < hesse__mgh_count; i++)
        if (strcmp(hesse__mgh_problems[i].name, p->name) == 0) return &hesse__mgh_problems[i];
    return NULL;
}

int hesse_equation_problem_count(void)
{
    return NPROBLEMS;
}

const hesse_equation_problem *hesse_equation_problem_at(int i)
{
    return i >= 0 && i < NPROBLEMS ? &problems[i] : NULL;
}

const hesse_equation_problem *hesse_equation_problem_find(const char *name)
{
    if (!name) return NULL;
    for (int i = 0; i < NPROBLEMS; i++)
        if (strcasecmp(problems[i].name, name) == 0) return &problems[i];
    return NULL;
}

void hesse_equation_problem_get_info(const hesse_equation_problem *p,
                                     hesse_equation_problem_info *info)
{
    if (!p || !info) return;
    const struct hesse_testproblem *tp = mgh_entry(p);
    info->name = p->name;
    info->family = "equations";
    info->sizes = tp ? tp->sizes : "";
    info->source = p->source;
    info->default_n = tp ? tp->default_n : 0;
}

int hesse_equation_problem_accepts(const hesse_equation_problem *p, int n)
{
    const struct hesse_testproblem *tp = p ? mgh_entry(p) : NULL;
    return tp && n >= 1 && tp->accepts(n) && hesse__mgh_residual_find(p->name) != NULL;
}

/* What the system callback receives as data. */
typedef struct {
    hesse__residual_fn residual;
} system_data;

/* F = r (m = n); J, when asked, is the residuals' n×n Jacobian in the same layout. The
   residual's return value already follows the callback contract (<0: its scratch
   could not be allocated). */
static int system_fn(int n, const double *x, double *F, double *J, void *data)
{
    const system_data *d = data;
    return d->residual(n, n, x, F, J);
}

/* One allocation holds the instance, its callback data, x0 and the root. */
typedef struct {
    hesse_equation_instance inst;
    system_data data;
} instance_block;

/* The instance is built from the MGH instance of the same problem, which checks n and
   writes the messages for a size the problem does not accept. */
hesse_status hesse_equation_instance_create(const hesse_equation_problem *p, int n,
                                            hesse_equation_instance **out, char *msg,
                                            size_t msg_size)
{
    if (out) *out = NULL;
    if (!p || !out) {
        if (msg && msg_size > 0) snprintf(msg, msg_size, "%s is NULL", !p ? "p" : "out");
        return HESSE_EINVAL;
    }
    /* both exist for every listed problem (tests/test_mgh.c, tests/test_roots.c) */
    const struct hesse_testproblem *tp = mgh_entry(p);
    const hesse__mgh_residual *res = hesse__mgh_residual_find(p->name);
    hesse_testinstance *mgh = NULL;
    hesse_status st = hesse_testinstance_create(tp, n, &mgh, msg, msg_size);
    if (st != HESSE_SUCCESS || !res) {
        hesse_testinstance_free(mgh);
        return st != HESSE_SUCCESS ? st : HESSE_EINVAL;
    }
    n = mgh->n;
    int m = ((const hesse__tp_params *)mgh->problem.data)->m;
    instance_block *block = NULL;
    if (m != n) {
        st = HESSE_EINVAL;
        if (msg && msg_size > 0)
            snprintf(msg, msg_size, "%s at n = %d has m = %d residuals: not a square system",
                     p->name, n, m);
    } else if (!(block = calloc(1, sizeof(instance_block) + 2 * (size_t)n * sizeof(double)))) {
        st = HESSE_ENOMEM;
        if (msg && msg_size > 0)
            snprintf(msg, msg_size, "out of memory instantiating %s at n = %d", p->name, n);
    } else {
        hesse_equation_instance *inst = &block->inst;
        double *x0 = (double *)(block + 1), *root = x0 + n;
        memcpy(x0, mgh->x0, (size_t)n * sizeof *x0);
        /* A minimizer of Σ r_i² with value 0 is a root of r. */
        if (mgh->xstar && mgh->fstar == 0.0) {
            memcpy(root, mgh->xstar, (size_t)n * sizeof *root);
            inst->root = root;
        }
        block->data.residual = res->residual;
        inst->def = p;
        inst->n = n;
        inst->x0 = x0;
        inst->system.n = n;
        inst->system.function = system_fn;
        inst->system.has_jacobian = 1;
        inst->system.data = &block->data;
        *out = inst;
    }
    hesse_testinstance_free(mgh);
    return st;
}

void hesse_equation_instance_free(hesse_equation_instance *inst)
{
    /* inst is the first member of its instance_block. */
    free(inst);
}
