/*
 * Internal helpers shared by the analysis files (analysis_*.c, constrained.c):
 * option validation, evaluation of the
 * user's callbacks with the library's return-value contract, symmetry checks, and
 * dense symmetric-matrix kernels over LAPACKE with workspace allocated once per call.
 */
#ifndef HESSE_ANALYSIS_INTERNAL_H
#define HESSE_ANALYSIS_INTERNAL_H

#include <stddef.h>

#include "eval/eval_internal.h"

/* Copy opt (NULL: defaults) into *out and check every field. */
hesse_status hesse__an_options(const hesse_analysis_options *opt,
                               hesse_analysis_options *out, char *msg);

/* Check a problem pointer, its callbacks and that nx == p->n. */
hesse_status hesse__an_check_problem(const hesse_problem *p, int nx, const void *x,
                                     char *msg);

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

/* Workspace for the symmetric kernels below, for matrices up to order nmax. */
typedef struct {
    int nmax;
    double *a;      /* nmax*nmax copy of the matrix (LAPACK overwrites it) */
    double *w;      /* nmax eigenvalues */
    double *work;   /* lwork */
    int *iwork;     /* liwork */
    int *ipiv;      /* nmax */
    int *isuppz;    /* 2*nmax */
    int lwork, liwork;
} hesse__an_symws;

hesse_status hesse__an_symws_init(hesse__an_symws *ws, int nmax,
                                  const hesse_allocator *a, char *msg);
void hesse__an_symws_free(hesse__an_symws *ws, const hesse_allocator *a);

/* All eigenvalues (ascending) of the symmetric n×n matrix A (leading dimension lda,
   lower triangle read) into w by dsyevr. */
hesse_status hesse__an_eigenvalues(hesse__an_symws *ws, int n, const double *A, int lda,
                                   double *w, char *msg);

/* Bunch–Kaufman LDLᵀ (dsytrf, lower) of the leading n×n block of A (leading
   dimension lda); the eigenvalues of the D blocks go to mu[0..n-1] (in factor
   order). */
hesse_status hesse__an_ldlt_pivots(hesse__an_symws *ws, int n, const double *A, int lda,
                                   double *mu, char *msg);

/* Inertia of values mu[0..n-1] with |μ| <= rtol · scale counting as zero. */
void hesse__an_count(int n, const double *mu, double zero_tol, int *npos, int *nneg,
                     int *nzero);

/* The rtol rule's threshold rtol · max(1, max|mu_i|). */
double hesse__an_zero_tol(int n, const double *mu, double rtol);

/* Δ_k of the symmetric matrix A (leading dimension lda) into *det, its sign (-1, 0,
   +1; 0 when a D-block eigenvalue of the k×k block's factorization has |μ| <=
   zero_tol) into *sign. */
hesse_status hesse__an_leading_minor(hesse__an_symws *ws, int k, const double *A, int lda,
                                     double zero_tol, double *det, int *sign, char *msg);

/* Leading-minor analysis (Sylvester) of the symmetric n×n matrix A: minors[k-1] =
   Δ_k (may be NULL), verdict and inertia by Jacobi's rule when all are nonzero.
   Minor k counts as zero when an eigenvalue of a D block of its factorization has
   |μ| <= zero_tol. minor_sign[k-1] (may be NULL) gets -1, 0 or +1. */
hesse_status hesse__an_leading_minors(hesse__an_symws *ws, int n, const double *A,
                                      double zero_tol, double *minors, int *minor_sign,
                                      char *msg);

/* Verdict of Sylvester's criterion from the signs s_k of Δ_k, k = 1..n (see hesse.h);
   inertia by Jacobi's rule when no sign is 0, else -1s. */
hesse_definiteness hesse__an_sylvester_verdict(int n, const int *sign, int *npos,
                                               int *nneg, int *nzero);

/* The i-th prime (i = 0 -> 2). */
int hesse__an_prime(int i);
/* Radical inverse of index in base (Halton coordinate), in (0, 1) for index >= 1. */
double hesse__an_halton(long index, int base);

/* The three definiteness tests on a validated symmetric n×n matrix H (analysis_matrix.c).
   eigenvalues, minors: n values; sign: n ints. */
hesse_status hesse__an_three_tests(hesse__an_symws *ws, int n, const double *H,
                                   double rtol, double *eigenvalues, double *minors,
                                   int *sign, hesse_definiteness_result *eig,
                                   hesse_definiteness_result *syl,
                                   hesse_definiteness_result *ldlt, char *msg);

/* Point kind from stationarity and the eigenvalue verdict. */
hesse_point_kind hesse__an_point_kind(int stationary, hesse_definiteness d);

#endif
