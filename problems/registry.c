/*
 * The test-problem registry: the family tables concatenated in a fixed order (mgh,
 * cutest, seed), lookup by name, and instantiation at a size.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testproblem.h"

typedef struct {
    const struct hesse_testproblem *table;
    const int *count;
} family_table;

static const family_table families[] = {
    {hesse__mgh_problems, &hesse__mgh_count},
    {hesse__cutest_a_problems, &hesse__cutest_a_count},
    {hesse__cutest_b_problems, &hesse__cutest_b_count},
    {hesse__seed_problems, &hesse__seed_count},
};
#define NFAMILIES ((int)(sizeof families / sizeof families[0]))

int hesse_testproblem_count(void)
{
    int total = 0;
    for (int k = 0; k < NFAMILIES; k++) total += *families[k].count;
    return total;
}

const hesse_testproblem *hesse_testproblem_at(int i)
{
    if (i < 0) return NULL;
    for (int k = 0; k < NFAMILIES; k++) {
        if (i < *families[k].count) return &families[k].table[i];
        i -= *families[k].count;
    }
    return NULL;
}

const hesse_testproblem *hesse_testproblem_find(const char *name)
{
    if (!name) return NULL;
    for (int i = 0, count = hesse_testproblem_count(); i < count; i++) {
        const hesse_testproblem *tp = hesse_testproblem_at(i);
        if (strcasecmp(tp->name, name) == 0) return tp;
    }
    return NULL;
}

void hesse_testproblem_get_info(const hesse_testproblem *tp, hesse_testproblem_info *info)
{
    if (!tp || !info) return;
    info->name = tp->name;
    info->family = tp->family;
    info->classification = tp->classification ? tp->classification : "";
    info->sizes = tp->sizes;
    info->source = tp->source;
    info->default_n = tp->default_n;
}

int hesse_testproblem_accepts(const hesse_testproblem *tp, int n)
{
    return tp && n >= 1 && tp->accepts(n);
}

int hesse_testproblem_size_near(const hesse_testproblem *tp, int target)
{
    if (!tp) return 0;
    if (hesse_testproblem_accepts(tp, target)) return target;
    if (tp->default_n <= target) return tp->default_n;
    for (int d = 1; d <= target; d++) {
        if (hesse_testproblem_accepts(tp, target + d)) return target + d;
        if (hesse_testproblem_accepts(tp, target - d)) return target - d;
    }
    return tp->default_n;
}

int hesse__tp_fixed_setup(const hesse__tp_fixed *d, int n, hesse__tp_params *params,
                          double *x0, double *xstar, double *fstar, const char **fstar_source)
{
    params->m = d->m;
    memcpy(x0, d->x0, (size_t)n * sizeof *x0);
    if (d->known) memcpy(xstar, d->xstar, (size_t)n * sizeof *xstar);
    *fstar = d->fstar;
    *fstar_source = d->fstar_source;
    return d->known;
}

double hesse__tp_value_at(const hesse__tp_value *table, int n)
{
    for (; table && table->n > 0; table++)
        if (table->n == n) return table->value;
    return NAN;
}

/* One allocation holds the instance, its parameters, x0 and x*. */
typedef struct {
    hesse_testinstance inst;
    hesse__tp_params params;
} instance_block;

hesse_status hesse_testinstance_create(const hesse_testproblem *tp, int n,
                                       hesse_testinstance **out, char *msg, size_t msg_size)
{
    char scratch[1];
    if (!msg || msg_size == 0) {
        msg = scratch;
        msg_size = sizeof scratch;
    }
    msg[0] = '\0';
    if (out) *out = NULL;
    if (!tp || !out) {
        snprintf(msg, msg_size, "%s is NULL", !tp ? "tp" : "out");
        return HESSE_EINVAL;
    }
    if (n == 0) n = tp->default_n;
    if (!hesse_testproblem_accepts(tp, n)) {
        snprintf(msg, msg_size, "%s does not accept n = %d (sizes: %s)", tp->name, n,
                 tp->sizes);
        return HESSE_EINVAL;
    }
    size_t bytes = sizeof(instance_block) + 2 * (size_t)n * sizeof(double);
    instance_block *block = calloc(1, bytes);
    if (!block) {
        snprintf(msg, msg_size, "out of memory instantiating %s at n = %d", tp->name, n);
        return HESSE_ENOMEM;
    }
    double *x0 = (double *)(block + 1);
    double *xstar = x0 + n;
    hesse_testinstance *inst = &block->inst;
    block->params.n = n;
    inst->def = tp;
    inst->n = n;
    inst->x0 = x0;
    inst->fstar = NAN;
    inst->fstar_source = "";
    int known = tp->setup(n, &block->params, x0, xstar, &inst->fstar, &inst->fstar_source);
    inst->xstar = known ? xstar : NULL;
    inst->problem.n = n;
    inst->problem.objective = tp->objective;
    inst->problem.hessian = tp->hessian;
    inst->problem.hessvec = tp->hessvec;
    inst->problem.data = &block->params;
    inst->flocal_source = "";
    for (const hesse__tp_value *l = tp->local; l && l->n > 0; l++)
        if (l->n == n && inst->nlocal < HESSE_TESTINSTANCE_MAX_LOCAL) {
            inst->flocal[inst->nlocal++] = l->value;
            inst->flocal_source = tp->local_source;
        }
    *out = inst;
    return HESSE_SUCCESS;
}

void hesse_testinstance_free(hesse_testinstance *inst)
{
    /* inst is the first member of its instance_block. */
    free(inst);
}

/* |f - v| <= 1e-6 max(1, |v|): the benchmark's rule (hesse.h). */
static int close_to(double f, double v)
{
    return fabs(f - v) <= 1e-6 * fmax(1.0, fabs(v));
}

hesse_solved hesse_testinstance_judge(const hesse_testinstance *inst, const hesse_result *r)
{
    if (!inst || !r || r->status != HESSE_SUCCESS) return HESSE_UNSOLVED;
    if (!isnan(inst->fstar) && close_to(r->f, inst->fstar)) return HESSE_SOLVED_GLOBAL;
    for (int k = 0; k < inst->nlocal; k++)
        if (close_to(r->f, inst->flocal[k])) return HESSE_SOLVED_LOCAL;
    if (isnan(inst->fstar)) return HESSE_SOLVED_GLOBAL;
    int no_negative_curvature = r->point == HESSE_POINT_MINIMUM ||
                                (r->point == HESSE_POINT_DEGENERATE && r->nneg == 0);
    return r->f > inst->fstar && no_negative_curvature ? HESSE_SOLVED_LOCAL : HESSE_UNSOLVED;
}

hesse_status hesse_testinstance_lsq(const hesse_testinstance *inst, hesse_lsq_problem *p)
{
    if (!inst || !p || !inst->def || !inst->def->residuals) return HESSE_EINVAL;
    const hesse__tp_params *params = inst->problem.data;
    *p = (hesse_lsq_problem){.n = inst->n, .m = params->m, .residuals = inst->def->residuals,
                             .has_jacobian = 1, .second_order = inst->def->residual_hessian,
                             .data = inst->problem.data};
    return HESSE_SUCCESS;
}
