/*
 * tests/support: what the Criterion suites share, so that no suite keeps its own copy.
 *
 *   heap.c         a failing, counting allocator and the out-of-memory ratchet
 *   problems.c     registry instances, objective evaluation with its assertion, a
 *                  reproducible random stream, and fourth-order difference checks of
 *                  gradients, Hessians and Hessian-vector products
 *   objectives.c   small objectives written out independently of problems/
 *
 * The helpers assert with Criterion (cr_assert): a failure fails the calling test.
 */
#ifndef HESSE_TEST_SUPPORT_H
#define HESSE_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "hesse.h"

/* ---- heap.c: out of memory ---------------------------------------------------------- */

/* An allocator that counts its calls and fails call number fail_at (1, 2, ...; 0:
   none), and counts the blocks still allocated. */
typedef struct {
    long calls, fail_at, live;
} test_heap;

/* The hesse_allocator over h. */
hesse_allocator test_heap_allocator(test_heap *h);

/* One run of a function under test with allocator a: create (or compute), use and free
   what it made, and return the status of the allocating call. k is the number of the
   allocation that fails in this run (for messages). */
typedef hesse_status (*test_oom_run)(const hesse_allocator *a, long k, void *data);

/* The out-of-memory ratchet (libuv's test-loop-oom): run with allocation k failing,
   k = 1, 2, ..., until a run makes fewer than k allocations. Asserts that every run
   leaves no block allocated, that each run with a failed allocation returns
   HESSE_ENOMEM, and that the last one (which had every allocation it asked for)
   returns `ok`. Returns the number of allocations that run made. */
long test_oom_ratchet(const char *what, test_oom_run run, void *data, hesse_status ok);

/* ---- problems.c: the problem registry ------------------------------------------------ */

/* The registry's problem name at n variables (0: its default); asserts it exists. Free
   with hesse_testinstance_free. */
hesse_testinstance *test_instance(const char *name, int n);
/* f(x) and, when g is not NULL, ∇f(x) from inst's objective; asserts it returns 0. */
double test_eval_f(const hesse_testinstance *inst, const double *x, double *g);
/* ‖v‖∞. */
double test_max_abs(int n, const double *v);
/* xorshift64*: a reproducible, platform-independent stream, uniform in [-1, 1). */
double test_uniform(uint64_t *state);

/* Derivative checks with fourth-order central differences and an absolute step h:
   several problems oscillate (GENHUMPS has period pi/20 at |x| ~ 500), so a step
   scaled by |x| would be too coarse. The stencil
       f'(x) ~ (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / (12 h)
   has truncation error h^4 |f^(5)| / 30 and rounding error about (18/12) eps |f| / h
   for exactly rounded f. */
#define TEST_FD_STEP 1e-4

/* Largest |g_i - fd_i| over i, fd the difference of f; *fscale receives max |f| over
   the stencil points, for the rounding part of a tolerance. NAN when a callback
   fails. */
double test_gradient_error(const hesse_problem *p, const double *x, const double *g,
                           double *fscale);
/* Largest |H_ij - fd_ij|, fd the difference of the gradient along e_j; *gscale receives
   max |g| over the stencil points. NAN when a callback fails. */
double test_hessian_error(const hesse_problem *p, const double *x, const double *hess,
                          double *gscale);
/* Largest |Hv_i - (H v)_i| / (1 + (|H| |v|)_i): relative to the size of the terms, as
   the two differ only in summation order. */
double test_hessvec_error(int n, const double *hess, const double *v, const double *hv);
/* 1 if hess (n*n) is exactly symmetric. */
int test_symmetric(int n, const double *hess);

/* ---- objectives.c ---------------------------------------------------------------------- */

/* Rosenbrock, n = 2 (Moré, Garbow & Hillstrom 1981, problem 1), and its Hessian. */
int test_rosenbrock(int n, const double *x, double *f, double *g, void *data);
int test_rosenbrock_hessian(int n, const double *x, double *H, void *data);
/* f = (x² - 1)² + y², n = 2: minima (±1, 0); (0, 0) is a saddle with H = diag(-4, 2). */
int test_double_well(int n, const double *x, double *f, double *g, void *data);
int test_double_well_hessian(int n, const double *x, double *H, void *data);
/* The seed documents' worked example (seed 001), n = 2: f = x³ + 3x² − 4xy + y⁴ + 4y²,
   H = [6x + 6, -4; -4, 12y² + 8]; a minimum at 0 and a saddle. */
int test_seed_cubic(int n, const double *x, double *f, double *g, void *data);
int test_seed_cubic_hessian(int n, const double *x, double *H, void *data);

#endif
