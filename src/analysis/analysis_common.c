/*
 * What the analysis functions share: their options, the checks of a problem, a
 * point and a box, the evaluation of the user's callbacks at a point (through the
 * evaluator of src/eval), the symmetry check of a matrix, and the low-discrepancy
 * (Halton) sample of a box used by the critical-point search and the convexity check.
 * Halton sequence: Niederreiter, Random Number Generation and Quasi-Monte Carlo
 * Methods (SIAM 1992), §3.1; coordinate i uses the i-th prime as base.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lapacke.h>

#include "analysis/analysis_internal.h"

void hesse_analysis_options_init(hesse_analysis_options *opt)
{
    if (!opt) return;
    /* In the order of hesse.h; allocator unset. */
    *opt = (hesse_analysis_options){
        .rtol = 1e-8, .sym_tol = 1e-10, .fd_step = 0.0, .gtol = 1e-6, .solve_gtol = 1e-10,
        .max_iter = 100, .nstarts = 64, .merge_tol = 1e-6, .nsamples = 256, .check_tol = 1e-6,
    };
}

hesse_status hesse__an_options(const hesse_analysis_options *opt,
                               hesse_analysis_options *out, char *msg)
{
    if (!opt) {
        hesse_analysis_options_init(out);
        return HESSE_SUCCESS;
    }
    *out = *opt;
#define CHECK_(cond, field, fmt)                                                      \
    if (!(cond))                                                                      \
        return hesse__message(msg, HESSE_EINVAL, "option " #field " = " fmt           \
                              " is out of range",                                     \
                              out->field)
    CHECK_(out->rtol >= 0 && out->rtol < 1, rtol, "%g");
    CHECK_(out->sym_tol >= 0 && isfinite(out->sym_tol), sym_tol, "%g");
    CHECK_(out->fd_step >= 0 && isfinite(out->fd_step), fd_step, "%g");
    CHECK_(out->gtol > 0 && isfinite(out->gtol), gtol, "%g");
    CHECK_(out->solve_gtol > 0 && isfinite(out->solve_gtol), solve_gtol, "%g");
    CHECK_(out->max_iter >= 1, max_iter, "%d");
    CHECK_(out->nstarts >= 1, nstarts, "%d");
    CHECK_(out->merge_tol > 0 && isfinite(out->merge_tol), merge_tol, "%g");
    CHECK_(out->nsamples >= 1, nsamples, "%d");
    CHECK_(out->check_tol > 0 && isfinite(out->check_tol), check_tol, "%g");
#undef CHECK_
    const char *bad_allocator = hesse__allocator_check(&out->allocator);
    if (bad_allocator) return hesse__message(msg, HESSE_EINVAL, "%s", bad_allocator);
    return HESSE_SUCCESS;
}

static hesse_status check_problem(const hesse_problem *p, int nx, const void *x, char *msg)
{
    if (!p) return hesse__message(msg, HESSE_EINVAL, "problem is NULL");
    if (!p->objective)
        return hesse__message(msg, HESSE_EINVAL, "problem has no objective callback");
    if (p->n < 1) return hesse__message(msg, HESSE_EINVAL, "problem n = %d < 1", p->n);
    if (!x) return hesse__message(msg, HESSE_EINVAL, "point x is NULL");
    if (nx != p->n)
        return hesse__message(msg, HESSE_EINVAL,
                              "point has %d values but the problem has n = %d", nx, p->n);
    return HESSE_SUCCESS;
}

hesse_status hesse__an_begin(const hesse_analysis_options *in, hesse_analysis_options *opt,
                            const hesse_problem *p, int nx, const void *x, char *msg)
{
    hesse_status st = hesse__an_options(in, opt, msg);
    return st != HESSE_SUCCESS ? st : check_problem(p, nx, x, msg);
}

void hesse__an_clear(hesse_allocator a, void *const *arrays, int count, void *result,
                     size_t size)
{
    for (int i = 0; i < count; i++) hesse__free(&a, arrays[i]);
    memset(result, 0, size);
}

void hesse__an_evaluator(hesse__evaluator *ev, const hesse_problem *p,
                         const hesse_analysis_options *opt, double *work)
{
    hesse__eval_init(ev, p, opt->fd_step, 0, work);
}

hesse_status hesse__an_failed(const hesse__evaluator *ev, char *msg)
{
    return hesse__message(msg, ev->status, "%s", ev->message);
}

hesse_status hesse__an_eval(hesse__evaluator *ev, const double *x, double *f, double *g,
                            char *msg)
{
    if (hesse__eval_fg_at(ev, x, f, g, HESSE__AT_X) != HESSE__EVAL_OK)
        return hesse__an_failed(ev, msg);
    return HESSE_SUCCESS;
}

hesse_status hesse__an_hessian(hesse__evaluator *ev, const double *x, double *g, double *H,
                               double sym_tol, char *msg)
{
    int n = ev->n;
    if (hesse__eval_hessian_at(ev, x, g, H) != HESSE__EVAL_OK) return hesse__an_failed(ev, msg);
    for (long k = 0; k < (long)n * n; k++)
        if (!isfinite(H[k]))
            return hesse__message(msg, HESSE_ENONFINITE, "Hessian entry (%ld, %ld) = %g",
                                  k % n, k / n, H[k]);
    if (ev->problem.hessian)
        return hesse__an_check_symmetric(n, H, sym_tol, "Hessian callback's matrix", msg);
    return HESSE_SUCCESS;
}

hesse_status hesse__an_check_symmetric(int n, const double *A, double tol,
                                       const char *what, char *msg)
{
    double amax = 0.0;
    for (long k = 0; k < (long)n * n; k++) {
        if (!isfinite(A[k]))
            return hesse__message(msg, HESSE_EINVAL, "%s has a non-finite entry (%ld, %ld)",
                                  what, k % n, k / n);
        if (fabs(A[k]) > amax) amax = fabs(A[k]);
    }
    for (int j = 0; j < n; j++)
        for (int i = j + 1; i < n; i++) {
            double d = fabs(A[i + (size_t)j * n] - A[j + (size_t)i * n]);
            if (d > tol * amax)
                return hesse__message(msg, HESSE_EINVAL,
                                      "%s is not symmetric: |A(%d,%d) - A(%d,%d)| = %g > "
                                      "sym_tol * max|A| = %g",
                                      what, i, j, j, i, d, tol * amax);
        }
    return HESSE_SUCCESS;
}

/* ---- sampling a box ---- */

static hesse_status check_box(int n, const double *lo, const double *hi, char *msg)
{
    for (int i = 0; i < n; i++) {
        if (!isfinite(lo[i]) || !isfinite(hi[i]))
            return hesse__message(msg, HESSE_EINVAL, "box bound %d is not finite: [%g, %g]",
                                  i, lo[i], hi[i]);
        if (lo[i] >= hi[i])
            return hesse__message(msg, HESSE_EINVAL,
                                  "empty box: lo[%d] = %g >= hi[%d] = %g", i, lo[i], i, hi[i]);
    }
    return HESSE_SUCCESS;
}

static hesse_status check_problem_box(const hesse_problem *p, const double *lo,
                                     const double *hi, char *msg)
{
    if (!p) return hesse__message(msg, HESSE_EINVAL, "problem is NULL");
    if (!lo || !hi) return hesse__message(msg, HESSE_EINVAL, "box bound lo or hi is NULL");
    hesse_status st = check_problem(p, p->n, lo, msg);
    if (st != HESSE_SUCCESS) return st;
    return check_box(p->n, lo, hi, msg);
}

/* The i-th prime (i = 0 -> 2). */
static int prime(int i)
{
    int count = -1;
    for (int c = 2;; c++) {
        int is_prime = 1;
        for (int d = 2; d * d <= c; d++)
            if (c % d == 0) {
                is_prime = 0;
                break;
            }
        if (is_prime && ++count == i) return c;
    }
}

/* Radical inverse of index in base (Halton coordinate), in (0, 1) for index >= 1. */
static double halton(long index, int base)
{
    /* Radical inverse: the base-b digits of index mirrored after the point. */
    double r = 0.0, f = 1.0 / base;
    while (index > 0) {
        r += f * (double)(index % base);
        index /= base;
        f /= base;
    }
    return r;
}

void hesse__an_box_point(int n, const int *primes, long index, const double *lo,
                         const double *hi, double *x)
{
    for (int i = 0; i < n; i++)
        x[i] = lo[i] + (hi[i] - lo[i]) * halton(index, primes[i]);
}

void hesse__an_primes(int n, int *primes)
{
    for (int i = 0; i < n; i++) primes[i] = prime(i);
}

hesse_status hesse__an_begin_box(const hesse_analysis_options *in, hesse_analysis_options *opt,
                                const hesse_problem *p, const double *lo, const double *hi,
                                char *msg)
{
    hesse_status st = hesse__an_options(in, opt, msg);
    return st != HESSE_SUCCESS ? st : check_problem_box(p, lo, hi, msg);
}
