/*
 * Derivative checks shared by the test-problem suites (test_cutest_b.c, test_seed.c):
 * fourth-order central differences of f (for the gradient) and of the gradient (for
 * the Hessian), the Hessian-vector product against H v, and a seeded generator for
 * random points. Header-only (static inline), so each suite stays one file.
 *
 * Differences use an absolute step h: several problems oscillate (GENHUMPS has period
 * pi/20 at |x| ~ 500), so a step scaled by |x| would be too coarse. The stencil
 *   f'(x) ~ (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / (12 h)
 * has truncation error h^4 |f^(5)| / 30 and rounding error about
 * (18/12) eps |f| / h for exactly rounded f.
 */
#ifndef PROBLEM_CHECKS_H
#define PROBLEM_CHECKS_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"

#define CHECK_FD_STEP 1e-4

/* xorshift64* : a reproducible stream for random test points. */
static inline double check_uniform(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    uint64_t r = *state * 2685821657736338717ULL;
    return (double)(r >> 11) / 9007199254740992.0 * 2.0 - 1.0; /* in [-1, 1) */
}

static inline double check_max_abs(int n, const double *v)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        if (fabs(v[i]) > m) m = fabs(v[i]);
    return m;
}

/* Largest |g_i - fd_i| over i, where fd is the 4th-order difference of f; *fscale
   receives max |f| over the stencil points, for the rounding part of the tolerance.
   Returns NAN when a callback fails. */
static inline double check_gradient_error(const hesse_problem *p, const double *x,
                                          const double *g, double *fscale)
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
            xs[j] = x[j] + offs[k] * CHECK_FD_STEP;
            if (p->objective(n, xs, &f, NULL, p->data) != 0) {
                free(xs);
                return NAN;
            }
            sum += coef[k] * f;
            if (fabs(f) > fmax) fmax = fabs(f);
        }
        xs[j] = x[j];
        double fd = sum / (12.0 * CHECK_FD_STEP);
        if (fabs(fd - g[j]) > worst) worst = fabs(fd - g[j]);
    }
    free(xs);
    *fscale = fmax;
    return worst;
}

/* Largest |H_ij - fd_ij|, fd from the 4th-order difference of the gradient along e_j;
   *gscale receives max |g| over the stencil points. NAN when a callback fails. */
static inline double check_hessian_error(const hesse_problem *p, const double *x,
                                         const double *hess, double *gscale)
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
            xs[j] = x[j] + offs[k] * CHECK_FD_STEP;
            if (p->objective(n, xs, &f, gs, p->data) != 0) {
                worst = NAN;
                goto done;
            }
            for (int i = 0; i < n; i++) fd[i] += coef[k] * gs[i];
            if (check_max_abs(n, gs) > gmax) gmax = check_max_abs(n, gs);
        }
        xs[j] = x[j];
        for (int i = 0; i < n; i++) {
            double d = fabs(fd[i] / (12.0 * CHECK_FD_STEP) - hess[i + (size_t)j * n]);
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

/* Largest |Hv_i - (H v)_i| / (1 + (|H| |v|)_i): relative to the size of the terms, as
   the two differ only in summation order. */
static inline double check_hessvec_error(int n, const double *hess, const double *v,
                                         const double *hv)
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

/* 1 if hess is exactly symmetric. */
static inline int check_symmetric(int n, const double *hess)
{
    for (int j = 0; j < n; j++)
        for (int i = 0; i < j; i++)
            if (hess[i + (size_t)j * n] != hess[j + (size_t)i * n]) return 0;
    return 1;
}

#endif
