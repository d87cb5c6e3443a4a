/*
 * Shared helpers of the Hessian analysis toolkit: allocation, options, callback
 * evaluation, symmetry check, and the symmetric-matrix kernels (dsyevr eigenvalues,
 * dsytrf Bunch–Kaufman pivots, leading principal minors) used by analysis_matrix.c,
 * analysis_point.c, analysis_search.c and constrained.c.
 *
 * References: Golub & Van Loan, Matrix Computations, 4th ed., §4.4 (Bunch–Kaufman
 * LDLᵀ and Sylvester's law of inertia, Thm 8.1.17); Horn & Johnson, Matrix
 * Analysis, 2nd ed., Thm 7.2.5 (Sylvester's criterion) and §4.3 (Cauchy interlacing);
 * Jacobi's sign-change rule: Gantmacher, The Theory of Matrices, vol. 1, X.3.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lapacke.h>

#include "analysis_internal.h"

void hesse_analysis_options_init(hesse_analysis_options *opt)
{
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->rtol = 1e-8;
    opt->sym_tol = 1e-10;
    opt->fd_step = 0.0;
    opt->gtol = 1e-6;
    opt->solve_gtol = 1e-10;
    opt->max_iter = 100;
    opt->nstarts = 64;
    opt->merge_tol = 1e-6;
    opt->nsamples = 256;
    opt->check_tol = 1e-6;
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

hesse_status hesse__an_check_problem(const hesse_problem *p, int nx, const void *x,
                                     char *msg)
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

hesse_status hesse__an_symws_init(hesse__an_symws *ws, int nmax,
                                  const hesse_allocator *a, char *msg)
{
    memset(ws, 0, sizeof *ws);
    ws->nmax = nmax;
    /* dsyevr without vectors needs lwork >= 26n, liwork >= 10n; dsytrf's optimal
       lwork comes from a workspace query at the largest order (it is n·nb, so it
       serves every smaller block too). */
    double q = 0.0;
    int ipiv_q = 0;
    lapack_int info = LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', nmax, NULL, nmax,
                                          &ipiv_q, &q, -1);
    int lw_sytrf = (info == 0 && q >= 1) ? (int)q : nmax;
    ws->lwork = 26 * nmax > lw_sytrf ? 26 * nmax : lw_sytrf;
    ws->liwork = 10 * nmax;
    ws->a = hesse__calloc(a, (size_t)nmax * nmax, sizeof(double));
    ws->w = hesse__calloc(a, (size_t)nmax, sizeof(double));
    ws->work = hesse__calloc(a, (size_t)ws->lwork, sizeof(double));
    ws->iwork = hesse__calloc(a, (size_t)ws->liwork, sizeof(int));
    ws->ipiv = hesse__calloc(a, (size_t)nmax, sizeof(int));
    ws->isuppz = hesse__calloc(a, 2 * (size_t)nmax, sizeof(int));
    if (!ws->a || !ws->w || !ws->work || !ws->iwork || !ws->ipiv || !ws->isuppz) {
        hesse__an_symws_free(ws, a);
        return hesse__message(msg, HESSE_ENOMEM,
                              "out of memory for the workspace of a %d x %d matrix", nmax,
                              nmax);
    }
    return HESSE_SUCCESS;
}

void hesse__an_symws_free(hesse__an_symws *ws, const hesse_allocator *a)
{
    hesse__free(a, ws->a);
    hesse__free(a, ws->w);
    hesse__free(a, ws->work);
    hesse__free(a, ws->iwork);
    hesse__free(a, ws->ipiv);
    hesse__free(a, ws->isuppz);
    memset(ws, 0, sizeof *ws);
}

static void copy_block(int n, const double *A, int lda, double *dst)
{
    for (int j = 0; j < n; j++) memcpy(dst + (size_t)j * n, A + (size_t)j * lda, n * sizeof *A);
}

hesse_status hesse__an_eigenvalues(hesse__an_symws *ws, int n, const double *A, int lda,
                                   double *w, char *msg)
{
    copy_block(n, A, lda, ws->a);
    lapack_int m = 0;
    double vl = 0.0, vu = 0.0;
    lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'N', 'A', 'L', n, ws->a, n, vl,
                                          vu, 0, 0, 0.0, &m, w, NULL, 1, ws->isuppz,
                                          ws->work, ws->lwork, ws->iwork, ws->liwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dsyevr returned info = %d (n = %d)",
                              (int)info, n);
    return HESSE_SUCCESS;
}

/* Eigenvalues of the symmetric 2×2 block [[a, b], [b, c]]: the one of larger
   magnitude is t/2 ± r with the sign of t (no cancellation), the other det / that. */
static void eig2(double a, double b, double c, double *mu1, double *mu2)
{
    double t = a + c;
    double r = hypot(0.5 * (a - c), b);
    double big = 0.5 * t + (t >= 0 ? r : -r);
    double det = a * c - b * b;
    *mu1 = big;
    *mu2 = big != 0.0 ? det / big : 0.0;
}

hesse_status hesse__an_ldlt_pivots(hesse__an_symws *ws, int n, const double *A, int lda,
                                   double *mu, char *msg)
{
    copy_block(n, A, lda, ws->a);
    lapack_int info = LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', n, ws->a, n, ws->ipiv,
                                          ws->work, ws->lwork);
    /* info > 0: D(info, info) is exactly zero; the factorization is complete and that
       zero pivot is counted below. */
    if (info < 0)
        return hesse__message(msg, HESSE_ELAPACK, "dsytrf returned info = %d (n = %d)",
                              (int)info, n);
    const double *D = ws->a;
    for (int k = 0; k < n;) {
        if (ws->ipiv[k] > 0 || k == n - 1) {
            mu[k] = D[k + (size_t)k * n];
            k += 1;
        } else {
            eig2(D[k + (size_t)k * n], D[k + 1 + (size_t)k * n],
                 D[k + 1 + (size_t)(k + 1) * n], &mu[k], &mu[k + 1]);
            k += 2;
        }
    }
    return HESSE_SUCCESS;
}

double hesse__an_zero_tol(int n, const double *mu, double rtol)
{
    double m = 1.0;
    for (int i = 0; i < n; i++)
        if (fabs(mu[i]) > m) m = fabs(mu[i]);
    return rtol * m;
}

void hesse__an_count(int n, const double *mu, double zero_tol, int *npos, int *nneg,
                     int *nzero)
{
    int p = 0, q = 0, z = 0;
    for (int i = 0; i < n; i++) {
        if (fabs(mu[i]) <= zero_tol) z++;
        else if (mu[i] > 0) p++;
        else q++;
    }
    *npos = p;
    *nneg = q;
    *nzero = z;
}

hesse_status hesse__an_leading_minor(hesse__an_symws *ws, int k, const double *A, int lda,
                                     double zero_tol, double *det, int *sign, char *msg)
{
    /* Δ_k = det of the leading k×k block = Π of the eigenvalues of its D blocks
       (A_k = P L D Lᵀ Pᵀ, det P² = det L = 1); the block's inertia gives the sign
       without forming the product, which may overflow. */
    hesse_status st = hesse__an_ldlt_pivots(ws, k, A, lda, ws->w, msg);
    if (st != HESSE_SUCCESS) return st;
    int p, q, z;
    hesse__an_count(k, ws->w, zero_tol, &p, &q, &z);
    double d = 1.0;
    for (int i = 0; i < k; i++) d *= ws->w[i];
    *det = d;
    *sign = z > 0 ? 0 : (q % 2 ? -1 : 1);
    return HESSE_SUCCESS;
}

hesse_status hesse__an_leading_minors(hesse__an_symws *ws, int n, const double *A,
                                      double zero_tol, double *minors, int *minor_sign,
                                      char *msg)
{
    /* One factorization per block: Σ k³/3 flops. */
    for (int k = 1; k <= n; k++) {
        double det;
        int s;
        hesse_status st = hesse__an_leading_minor(ws, k, A, n, zero_tol, &det, &s, msg);
        if (st != HESSE_SUCCESS) return st;
        if (minors) minors[k - 1] = det;
        if (minor_sign) minor_sign[k - 1] = s;
    }
    return HESSE_SUCCESS;
}

hesse_definiteness hesse__an_sylvester_verdict(int n, const int *sign, int *npos,
                                               int *nneg, int *nzero)
{
    int all_pos = 1, alternating = 1, any_zero = 0, has_pos = 0, has_neg = 0;
    for (int k = 1; k <= n; k++) {
        int s = sign[k - 1];
        if (s != 1) all_pos = 0;
        if (s != (k % 2 ? -1 : 1)) alternating = 0;
        if (s == 0) any_zero = 1;
        /* What a nonzero minor proves about the block, hence (interlacing) about A. */
        if (k % 2 == 0 && s < 0) has_pos = has_neg = 1;
        if (k % 2 == 1 && s > 0) has_pos = 1;
        if (k % 2 == 1 && s < 0) has_neg = 1;
    }
    *npos = *nneg = *nzero = -1;
    if (!any_zero) {
        /* Jacobi: negative eigenvalues = sign changes in 1, Δ_1, ..., Δ_n. */
        int changes = 0, prev = 1;
        for (int k = 0; k < n; k++) {
            if (sign[k] != prev) changes++;
            prev = sign[k];
        }
        *nneg = changes;
        *npos = n - changes;
        *nzero = 0;
    }
    if (all_pos) return HESSE_DEFINITENESS_POSITIVE_DEFINITE;
    if (alternating) return HESSE_DEFINITENESS_NEGATIVE_DEFINITE;
    if (!any_zero || (has_pos && has_neg)) return HESSE_DEFINITENESS_INDEFINITE;
    return HESSE_DEFINITENESS_UNDECIDED;
}

int hesse__an_prime(int i)
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

double hesse__an_halton(long index, int base)
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
