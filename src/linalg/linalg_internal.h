/*
 * src/linalg: the dense kernels over LAPACKE (column-major) that more than one
 * subsystem uses, and the rules that turn their numbers into answers:
 *
 *   symmetric.c  eigenvalues (dsyevr), all eigenpairs (dsyevd) and the smallest one
 *                (dsyevr), Bunch–Kaufman LDLᵀ pivots (dsytrf) and the
 *                eigenvalues of its 1×1 and 2×2 blocks, THE zero rule and inertia
 *                count, leading principal minors and Sylvester's criterion, the
 *                definiteness of an inertia, THE inertia → point-kind mapping, and
 *                the public hesse_inertia();
 *   lu.c         LU with a condition estimate and the log-determinant (dgetrf,
 *                dgecon), for the roots solver.
 *
 * A LAPACK call that only one algorithm makes (the Cholesky solves of newton, of the
 * trust region and of the roots fallback step, the SVD and QR of the constrained
 * solver) stays next to that algorithm.
 *
 * Workspace sizes come from LAPACK's own queries (lwork = -1), with the documented
 * minimum where a query fails. Why dsyevd and not dsyevr for all eigenpairs: with
 * every eigenvector requested dsyevr uses MRRR (dstemr), which looped for ever in
 * dlarrb on CRAGGLVY's Hessian at n = 100 with the LAPACK in Debian's OpenBLAS 0.3.21
 * (solvers/newton.c).
 *
 * References: Golub & Van Loan, Matrix Computations, 4th ed., §4.4 (Bunch–Kaufman
 * LDLᵀ) and Thm 8.1.17 (Sylvester's law of inertia); Horn & Johnson, Matrix
 * Analysis, 2nd ed., Thm 7.2.5 (Sylvester's criterion) and §4.3 (Cauchy
 * interlacing); Jacobi's sign-change rule: Gantmacher, The Theory of Matrices,
 * vol. 1, X.3.
 */
#ifndef HESSE_LINALG_INTERNAL_H
#define HESSE_LINALG_INTERNAL_H

#include "base/base_internal.h"

/* ---- the zero rule and inertia ------------------------------------------------------ */
/* THE zero rule of the library: a value μ (an eigenvalue, or the eigenvalue of a D
   block of an LDLᵀ factor) counts as zero when |μ| <= zero; returns -1, 0 or +1
   (0 for NaN). Every decision "positive, negative or zero" goes through it, each
   caller with its own threshold `zero` (see the callers). */
int hesse__zero_sign(double mu, double zero);
/* The inertia of mu[0..n-1] by hesse__zero_sign. */
void hesse__inertia(int n, const double *mu, double zero, int *npos, int *nneg, int *nzero);
/* The threshold of the rtol rule (hesse.h): rtol · max(1, max_i |mu_i|). */
double hesse__zero_threshold(int n, const double *mu, double rtol);

/* Eigenvalues of the symmetric 2×2 block [[a, b], [b, c]]: the one of larger
   magnitude is t/2 ± r with the sign of t = a + c (no cancellation), the other
   det / that one. */
void hesse__eig2(double a, double b, double c, double *mu1, double *mu2);
/* The eigenvalues of the D blocks of a Bunch–Kaufman factor (dsytrf, lower, ipiv) of
   order n with leading dimension ldf, into mu (in factor order). By Sylvester's law
   of inertia their inertia is that of the factored matrix. */
void hesse__ldlt_block_eigenvalues(int n, const double *F, int ldf, const int *ipiv,
                                   double *mu);

/* ---- symmetric kernels with workspace allocated once ---------------------------------- */
enum {
    HESSE__KERNEL_EIGENVALUES = 1u << 0, /* hesse__sym_eigenvalues */
    HESSE__KERNEL_LDLT = 1u << 1,        /* hesse__ldlt_pivots, the minors */
    HESSE__KERNEL_SMALLEST = 1u << 2     /* hesse__smallest_eigenpair */
};

typedef struct {
    int nmax;
    double *a;    /* nmax*nmax: the copy LAPACK overwrites */
    double *w;    /* nmax: eigenvalues, or D-block eigenvalues */
    double *s;    /* nmax: the equilibrating scale of hesse__sym_inertia */
    double *work; /* lwork: the LAPACK queries' optimum for the kernels asked for */
    int *iwork;   /* liwork */
    int *ipiv;    /* nmax */
    int *isuppz;  /* 2*nmax */
    int lwork, liwork;
} hesse__symws;

/* Workspace for the kernels (HESSE__KERNEL_* flags) on matrices of order up to nmax:
   two allocations through a. ENOMEM with the message set, nothing kept. */
hesse_status hesse__symws_init(hesse__symws *ws, int nmax, unsigned kernels,
                               const hesse_allocator *a, char *msg);
void hesse__symws_free(hesse__symws *ws, const hesse_allocator *a); /* zeroed ws: no-op */

/* All eigenvalues (ascending) of the symmetric n×n matrix A (leading dimension lda,
   lower triangle read; A == ws->a works in place) into w, by dsyevr with abstol = 0
   (LAPACK then uses eps·‖T‖₁, the accuracy the tests in hesse.h assume). */
hesse_status hesse__sym_eigenvalues(hesse__symws *ws, int n, const double *A, int lda,
                                    double *w, char *msg);
/* Bunch–Kaufman LDLᵀ (dsytrf, lower) of the leading n×n block of A (leading dimension
   lda) into ws->a, ws->ipiv; the D blocks' eigenvalues into mu. */
hesse_status hesse__ldlt_pivots(hesse__symws *ws, int n, const double *A, int lda,
                                double *mu, char *msg);
/* Δ_k, the k-th leading principal minor of A (leading dimension lda), into *det and
   its sign (-1, 0, +1; 0 when a D block of the k×k block's factorization has an
   eigenvalue that is zero by hesse__zero_sign with threshold zero) into *sign. */
hesse_status hesse__leading_minor(hesse__symws *ws, int k, const double *A, int lda,
                                  double zero, double *det, int *sign, char *msg);
/* All n leading minors of the symmetric n×n A: minors[k-1] = Δ_k (may be NULL),
   minor_sign[k-1] its sign (may be NULL). */
hesse_status hesse__leading_minors(hesse__symws *ws, int n, const double *A, double zero,
                                   double *minors, int *minor_sign, char *msg);
/* Sylvester's criterion from the signs s_k of Δ_k, k = 1..n (hesse.h,
   hesse_definiteness_sylvester); inertia by Jacobi's rule when no sign is 0, else -1s. */
hesse_definiteness hesse__sylvester_verdict(int n, const int *sign, int *npos, int *nneg,
                                            int *nzero);

/* ---- the error rule ------------------------------------------------------------------------
   THE zero rule of the library's second-order answers (hesse.h, "What the classification
   means"). A symmetric A is first equilibrated, B = S A S with S = diag(s) the powers of
   2 of LAPACK's dsyequb (no rounding; B has the inertia of A by Sylvester's law, and
   eigenvalues that a graded A hides below eps·‖A‖ come out at their own size). An
   eigenvalue μ of B counts as zero when
       |μ| <= η = max(16·sqrt(n)·eps·‖B‖₂,  ‖S E S‖_F,  rtol·‖B‖₂),
   where E bounds the errors of A's entries (a Hessian by differences; NULL for a matrix
   taken as exact) and rtol is a tolerance the caller asks for (0: none). The first term
   is the backward error of the eigensolver and of the entries' own rounding; the second
   (Weyl's theorem) the error of the data. Invariant to A -> cDAD for c > 0 and D
   positive diagonal, up to the power-of-2 rounding of S. */
typedef struct {
    int npos, nneg, nzero;
    double mu_min, mu_max; /* extreme eigenvalues of B */
    double bnorm;          /* ‖B‖₂ */
    double eta;            /* the zero threshold η */
} hesse__inertia_info;

/* 16·sqrt(n)·eps·norm: the rounding part of η. */
double hesse__rounding_bound(int n, double norm);
/* The equilibrating scale s (n) of the symmetric A (lower triangle): dsyequb, powers of
   2; a zero row gets 1. 0, or the LAPACK info when it rejected its arguments. */
int hesse__equilibrate(int n, const double *A, int lda, double *s);
/* Inertia of the symmetric n×n A (leading dimension lda, lower triangle read) by the
   error rule above: S into ws->s, B's eigenvalues (ascending) into ws->w, the rest into
   *info. ws needs HESSE__KERNEL_EIGENVALUES. E: n×n entrywise error bounds or NULL.
   HESSE_SUCCESS, HESSE_EINVAL (an eigenvalue that is not finite), HESSE_ELAPACK. */
hesse_status hesse__sym_inertia(hesse__symws *ws, int n, const double *A, int lda,
                                const double *E, double rtol, hesse__inertia_info *info,
                                char *msg);

/* ---- eigenpairs, for the methods ------------------------------------------------------- */
/* dsytrf's workspace for an n×n matrix. */
int hesse__ldlt_lwork(int n);
/* The workspace of hesse__eigenpairs and of hesse__smallest_eigenpair at order n. */
void hesse__eigenpairs_workspace(int n, int *lwork, int *liwork);
void hesse__smallest_eigenpair_workspace(int n, int *lwork, int *liwork);
/* All eigenpairs of the symmetric n×n A (lower triangle; overwritten by the unit
   eigenvectors, column j for w[j]) with w ascending, by dsyevd. The LAPACK info. */
int hesse__eigenpairs(int n, double *A, double *w, double *work, int lwork, int *iwork,
                      int liwork);
/* The smallest eigenvalue of the symmetric n×n A (lower triangle; A is destroyed) into
   w[0] (w: n values of scratch) and its unit eigenvector into v, by dsyevr. The LAPACK
   info, or -1 when dsyevr found no eigenvalue. */
int hesse__smallest_eigenpair(int n, double *A, double *w, double *v, double *work,
                              int lwork, int *iwork, int liwork);
/* The same for the eigenvalue of index k in ascending order (0 <= k < n), into w[0]
   and v. */
int hesse__eigenpair_at(int n, double *A, int k, double *w, double *v, double *work, int lwork,
                        int *iwork, int liwork);

/* ---- answers ---------------------------------------------------------------------------- */
/* THE mapping from second-order information to a point kind: not stationary; else
   positive definite -> minimum, negative definite -> maximum, indefinite -> saddle,
   undecided -> unknown, semidefinite or zero -> degenerate. */
hesse_point_kind hesse__point_kind(int stationary, hesse_definiteness d);

/* ---- LU (lu.c) ------------------------------------------------------------------------ */
/* A = P L U (dgetrf) of the n×n A into LU, ipiv, and the reciprocal condition number
   in the 1-norm (dgecon; work: 4n doubles, iwork: n ints) into *rcond; *info = dgetrf's
   info (> 0: U(info, info) is exactly zero, *rcond = 0 then). HESSE_SUCCESS, or
   HESSE_ELAPACK with msg naming the routine and its info. */
hesse_status hesse__lu_factor(int n, const double *A, double *LU, int *ipiv, double *work,
                              int *iwork, int *info, double *rcond, char *msg);
/* b <- A⁻¹ b from the factors; the LAPACK info. */
int hesse__lu_solve(int n, const double *LU, const int *ipiv, double *b);
/* det A = sign · exp(log_abs) from nonsingular factors: Π U_ii · (-1)^(row interchanges). */
void hesse__lu_log_det(int n, const double *LU, const int *ipiv, int *sign, double *log_abs);

#endif
