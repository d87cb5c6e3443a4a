/*
 * src/analysis: what the Hessian tells about a matrix, a point, a function on a box,
 * and an equality-constrained problem (hesse.h, analysis section).
 *
 *   analysis_common.c      options, checks of problems, points and boxes, evaluation
 *                          at a point through the evaluator (src/eval), the symmetry
 *                          check, the Halton sample of a box
 *   analysis_matrix.c      definiteness of a symmetric matrix, three ways
 *   analysis_point.c       classification of a point
 *   analysis_taylor.c      the second-order Taylor model, the Laplacian
 *   analysis_check.c       the derivative check
 *   analysis_search.c      critical points in a box
 *   analysis_convexity.c   convexity on a box
 *   constrained.c          equality constraints: the SQP solver and the reduced and
 *                          bordered Hessian tests
 * The matrix kernels and the zero rule are src/linalg's.
 */
#ifndef HESSE_ANALYSIS_INTERNAL_H
#define HESSE_ANALYSIS_INTERNAL_H

#include <stddef.h>

#include "eval/eval_internal.h"
#include "linalg/linalg_internal.h"

/* Copy opt (NULL: defaults) into *out and check every field. */
hesse_status hesse__an_options(const hesse_analysis_options *opt,
                               hesse_analysis_options *out, char *msg);

/* The start of every analysis function of a point: the options (hesse__an_options),
   then the problem p, its callbacks and the point (non-NULL, nx == p->n). */
hesse_status hesse__an_begin(const hesse_analysis_options *in, hesse_analysis_options *opt,
                            const hesse_problem *p, int nx, const void *x, char *msg);
/* The same for a function on the box lo <= x <= hi: non-NULL, finite, lo[i] < hi[i]
   (the message names the first offending bound). */
hesse_status hesse__an_begin_box(const hesse_analysis_options *in, hesse_analysis_options *opt,
                                const hesse_problem *p, const double *lo, const double *hi,
                                char *msg);

/* The *_clear functions: free the result's arrays through a (the allocator they came
   from, copied before the result is zeroed) and zero the result (size bytes). */
void hesse__an_clear(hesse_allocator a, void *const *arrays, int count, void *result,
                     size_t size);

/* An evaluator over p for an analysis: no budget, the options' fd_step, work = 3n
   doubles for differences (or NULL when no Hessian is formed). */
void hesse__an_evaluator(hesse__evaluator *ev, const hesse_problem *p,
                         const hesse_analysis_options *opt, double *work);
/* ev's status, with its message copied into msg. */
hesse_status hesse__an_failed(const hesse__evaluator *ev, char *msg);

/* f (and ∇f when g != NULL) at x, which must be evaluated: a refusal is EDOMAIN, a
   non-finite value ENONFINITE, an abort ECALLBACK (message in msg). */
hesse_status hesse__an_eval(hesse__evaluator *ev, const double *x, double *f, double *g,
                            char *msg);

/* Hessian at x (the callback, or differences of the gradient with g = n doubles of
   scratch), checked for finiteness and, from a callback, for symmetry with sym_tol. */
hesse_status hesse__an_hessian(hesse__evaluator *ev, const double *x, double *g, double *H,
                               double sym_tol, char *msg);

/* HESSE_EINVAL unless |A_ij - A_ji| <= tol · max|A_kl| for all i, j. what names the
   matrix in the message. */
hesse_status hesse__an_check_symmetric(int n, const double *A, double tol,
                                       const char *what, char *msg);

/* The analysis's symmetric workspace serves the three definiteness tests: eigenvalues
   and LDLᵀ (also where only eigenvalues are taken, so that dsyevr gets the same
   workspace, hence the same blocking, in every analysis function). */
#define HESSE__ANALYSIS_KERNELS (HESSE__KERNEL_EIGENVALUES | HESSE__KERNEL_LDLT)

/* The first n primes (the Halton bases). */
void hesse__an_primes(int n, int *primes);
/* Point number index (>= 1) of the Halton sequence with the given bases, mapped to
   the box, into x. */
void hesse__an_box_point(int n, const int *primes, long index, const double *lo,
                         const double *hi, double *x);

/* The three definiteness tests on a validated symmetric n×n matrix H (analysis_matrix.c).
   eigenvalues, minors: n values; sign: n ints. */
hesse_status hesse__an_three_tests(hesse__symws *ws, int n, const double *H,
                                   double rtol, double *eigenvalues, double *minors,
                                   int *sign, hesse_definiteness_result *eig,
                                   hesse_definiteness_result *syl,
                                   hesse_definiteness_result *ldlt, char *msg);

#endif
