/*
 * Problem-suite helpers (support.h): registry instances, evaluation, a reproducible
 * random stream, and the fourth-order difference checks.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

hesse_testinstance *test_instance(const char *name, int n)
{
    const hesse_testproblem *tp = hesse_testproblem_find(name);
    cr_assert_not_null(tp, "%s is not in the registry", name);
    hesse_testinstance *inst = NULL;
    char msg[256];
    hesse_status st = hesse_testinstance_create(tp, n, &inst, msg, sizeof msg);
    cr_assert_eq(st, HESSE_SUCCESS, "%s at n = %d: %s", name, n, msg);
    return inst;
}

double test_eval_f(const hesse_testinstance *inst, const double *x, double *g)
{
    double f = NAN;
    int rc = inst->problem.objective(inst->n, x, &f, g, inst->problem.data);
    hesse_testproblem_info info;
    hesse_testproblem_get_info(inst->def, &info);
    cr_assert_eq(rc, 0, "%s: objective refused x at n = %d", info.name, inst->n);
    return f;
}

double test_max_abs(int n, const double *v)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        if (fabs(v[i]) > m) m = fabs(v[i]);
    return m;
}

double test_uniform(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    uint64_t r = *state * 2685821657736338717ULL;
    return (double)(r >> 11) / 9007199254740992.0 * 2.0 - 1.0; /* in [-1, 1) */
}

double test_gradient_error(const hesse_problem *p, const double *x, const double *g,
                           double *fscale)
{
    int n = p->n;
    double *xs = malloc((size_t)n * sizeof *xs);
    if (!xs) return NAN;
    memcpy(xs, x, (size_t)n * sizeof *xs);
    double worst = 0.0, fmax = 0.0;
    static const double offs[4] = {-2.0, -1.0, 1.0, 2.0};
    static const double coef[4] = {1.0, -8.0, 8.0, -1.0};
    for (int j = 0; j < n; j++) {
        double sum = 0.0;
        for (int k = 0; k < 4; k++) {
            double f;
            xs[j] = x[j] + offs[k] * TEST_FD_STEP;
            if (p->objective(n, xs, &f, NULL, p->data) != 0) {
                free(xs);
                return NAN;
            }
            sum += coef[k] * f;
            if (fabs(f) > fmax) fmax = fabs(f);
        }
        xs[j] = x[j];
        double fd = sum / (12.0 * TEST_FD_STEP);
        if (fabs(fd - g[j]) > worst) worst = fabs(fd - g[j]);
    }
    free(xs);
    *fscale = fmax;
    return worst;
}

double test_hessian_error(const hesse_problem *p, const double *x, const double *hess,
                          double *gscale)
{
    int n = p->n;
    double *xs = malloc((size_t)n * sizeof *xs);
    double *gs = malloc((size_t)n * sizeof *gs);
    double *fd = malloc((size_t)n * sizeof *fd);
    double worst = NAN, gmax = 0.0;
    static const double offs[4] = {-2.0, -1.0, 1.0, 2.0};
    static const double coef[4] = {1.0, -8.0, 8.0, -1.0};
    if (!xs || !gs || !fd) goto done;
    memcpy(xs, x, (size_t)n * sizeof *xs);
    worst = 0.0;
    for (int j = 0; j < n; j++) {
        memset(fd, 0, (size_t)n * sizeof *fd);
        for (int k = 0; k < 4; k++) {
            double f;
            xs[j] = x[j] + offs[k] * TEST_FD_STEP;
            if (p->objective(n, xs, &f, gs, p->data) != 0) {
                worst = NAN;
                goto done;
            }
            for (int i = 0; i < n; i++) fd[i] += coef[k] * gs[i];
            if (test_max_abs(n, gs) > gmax) gmax = test_max_abs(n, gs);
        }
        xs[j] = x[j];
        for (int i = 0; i < n; i++) {
            double d = fabs(fd[i] / (12.0 * TEST_FD_STEP) - hess[i + (size_t)j * n]);
            if (d > worst) worst = d;
        }
    }
    *gscale = gmax;
done:
    free(xs);
    free(gs);
    free(fd);
    return worst;
}

double test_hessvec_error(int n, const double *hess, const double *v, const double *hv)
{
    double worst = 0.0;
    for (int i = 0; i < n; i++) {
        double sum = 0.0, mag = 0.0;
        for (int j = 0; j < n; j++) {
            sum += hess[i + (size_t)j * n] * v[j];
            mag += fabs(hess[i + (size_t)j * n] * v[j]);
        }
        double d = fabs(sum - hv[i]) / (1.0 + mag);
        if (d > worst) worst = d;
    }
    return worst;
}

int test_symmetric(int n, const double *hess)
{
    for (int j = 0; j < n; j++)
        for (int i = 0; i < j; i++)
            if (hess[i + (size_t)j * n] != hess[j + (size_t)i * n]) return 0;
    return 1;
}
