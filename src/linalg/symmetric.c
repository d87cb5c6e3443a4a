/*
 * Symmetric matrices: eigenvalues, LDLᵀ inertia, leading minors, and the rules that
 * read them (linalg_internal.h).
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "linalg/linalg_internal.h"

/* ---- the zero rule and inertia ------------------------------------------------------ */

int hesse__zero_sign(double mu, double zero)
{
    if (mu > zero) return 1;
    if (mu < -zero) return -1;
    return 0;
}

void hesse__inertia(int n, const double *mu, double zero, int *npos, int *nneg, int *nzero)
{
    int p = 0, q = 0, z = 0;
    for (int i = 0; i < n; i++) {
        int sign = hesse__zero_sign(mu[i], zero);
        if (sign > 0) p++;
        else if (sign < 0) q++;
        else z++;
    }
    *npos = p;
    *nneg = q;
    *nzero = z;
}

double hesse__zero_threshold(int n, const double *mu, double rtol)
{
    double m = 1.0;
    for (int i = 0; i < n; i++)
        if (fabs(mu[i]) > m) m = fabs(mu[i]);
    return rtol * m;
}

double hesse__rounding_bound(int n, double norm)
{
    /* The backward error of the symmetric eigensolvers and factorizations is a small
       multiple of eps·‖B‖ (Golub & Van Loan, §8.4–8.5; Higham, Accuracy and Stability,
       ch. 10–11); 16·sqrt(n) is that multiple with room for the rounding of the
       entries themselves. */
    return 16.0 * sqrt((double)n) * DBL_EPSILON * norm;
}

void hesse__eig2(double a, double b, double c, double *mu1, double *mu2)
{
    double t = a + c;
    double r = hypot(0.5 * (a - c), b);
    double big = 0.5 * t + (t >= 0 ? r : -r);
    double det = a * c - b * b;
    *mu1 = big;
    *mu2 = big != 0.0 ? det / big : 0.0;
}

void hesse__ldlt_block_eigenvalues(int n, const double *F, int ldf, const int *ipiv,
                                   double *mu)
{
    /* A = P L D Lᵀ Pᵀ: D has 1×1 blocks (ipiv[k] > 0) and 2×2 blocks (ipiv[k] =
       ipiv[k+1] < 0, lower storage). */
    for (int k = 0; k < n;) {
        if (ipiv[k] > 0 || k == n - 1) {
            mu[k] = F[k + (size_t)k * ldf];
            k += 1;
        } else {
            hesse__eig2(F[k + (size_t)k * ldf], F[k + 1 + (size_t)k * ldf],
                        F[k + 1 + (size_t)(k + 1) * ldf], &mu[k], &mu[k + 1]);
            k += 2;
        }
    }
}

/* ---- workspace ------------------------------------------------------------------------ */

hesse_status hesse__symws_init(hesse__symws *ws, int nmax, unsigned kernels,
                               const hesse_allocator *a, char *msg)
{
    memset(ws, 0, sizeof *ws);
    ws->nmax = nmax;
    /* LAPACK's own workspace queries at the largest order; their optimum serves every
       smaller block too (they grow with n). The minimums stand in when a query
       fails: dsyevr without vectors needs 26n and 10n, dsytrf n. */
    int lwork = 1, liwork = 1;
    if (kernels & HESSE__KERNEL_EIGENVALUES) {
        double q = 0.0, dummy = 0.0;
        int iq = 0, m = 0, isuppz[2];
        lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'N', 'A', 'L', nmax, &dummy,
                                              nmax, 0.0, 0.0, 0, 0, 0.0, &m, &dummy, &dummy, 1,
                                              isuppz, &q, -1, &iq, -1);
        lwork = (info == 0 && q >= 1.0) ? (int)q : 26 * nmax;
        liwork = (info == 0 && iq >= 1) ? iq : 10 * nmax;
    }
    if (kernels & HESSE__KERNEL_LDLT) {
        double q = 0.0;
        int ipiv_q = 0;
        lapack_int info = LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', nmax, NULL, nmax,
                                              &ipiv_q, &q, -1);
        int lw = (info == 0 && q >= 1.0) ? (int)q : nmax;
        if (lw > lwork) lwork = lw;
    }
    if (kernels & HESSE__KERNEL_SMALLEST) {
        int lw, liw;
        hesse__smallest_eigenpair_workspace(nmax, &lw, &liw);
        if (lw > lwork) lwork = lw;
        if (liw > liwork) liwork = liw;
    }
    ws->lwork = lwork;
    ws->liwork = liwork;
    size_t nn = (size_t)nmax * nmax;
    ws->a = hesse__calloc(a, nn + 2 * (size_t)nmax + (size_t)lwork, sizeof(double));
    ws->iwork = hesse__calloc(a, (size_t)liwork + 3 * (size_t)nmax, sizeof(int));
    if (!ws->a || !ws->iwork) {
        hesse__symws_free(ws, a);
        return hesse__message(msg, HESSE_ENOMEM,
                              "out of memory for the workspace of a %d x %d matrix", nmax, nmax);
    }
    ws->w = ws->a + nn;
    ws->s = ws->w + nmax;
    ws->work = ws->s + nmax;
    ws->ipiv = ws->iwork + liwork;
    ws->isuppz = ws->ipiv + nmax;
    return HESSE_SUCCESS;
}

void hesse__symws_free(hesse__symws *ws, const hesse_allocator *a)
{
    hesse__free(a, ws->a);
    hesse__free(a, ws->iwork);
    memset(ws, 0, sizeof *ws);
}

static void copy_block(int n, const double *A, int lda, double *dst)
{
    if (A == dst && lda == n) return;
    for (int j = 0; j < n; j++) memcpy(dst + (size_t)j * n, A + (size_t)j * lda, n * sizeof *A);
}

/* ---- kernels ------------------------------------------------------------------------- */

hesse_status hesse__sym_eigenvalues(hesse__symws *ws, int n, const double *A, int lda,
                                    double *w, char *msg)
{
    copy_block(n, A, lda, ws->a);
    lapack_int m = 0;
    lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'N', 'A', 'L', n, ws->a, n, 0.0,
                                          0.0, 0, 0, 0.0, &m, w, NULL, 1, ws->isuppz,
                                          ws->work, ws->lwork, ws->iwork, ws->liwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dsyevr returned info = %d (n = %d)",
                              (int)info, n);
    return HESSE_SUCCESS;
}

hesse_status hesse__ldlt_pivots(hesse__symws *ws, int n, const double *A, int lda,
                                double *mu, char *msg)
{
    copy_block(n, A, lda, ws->a);
    lapack_int info = LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', n, ws->a, n, ws->ipiv,
                                          ws->work, ws->lwork);
    /* info > 0: D(info, info) is exactly zero; the factorization is complete and that
       zero pivot is counted by the inertia. */
    if (info < 0)
        return hesse__message(msg, HESSE_ELAPACK, "dsytrf returned info = %d (n = %d)",
                              (int)info, n);
    hesse__ldlt_block_eigenvalues(n, ws->a, n, ws->ipiv, mu);
    return HESSE_SUCCESS;
}

hesse_status hesse__leading_minor(hesse__symws *ws, int k, const double *A, int lda,
                                  double zero, double *det, int *sign, char *msg)
{
    /* Δ_k = det of the leading k×k block = Π of the eigenvalues of its D blocks
       (A_k = P L D Lᵀ Pᵀ, det P² = det L = 1); the block's inertia gives the sign
       without forming the product, which may overflow. */
    hesse_status st = hesse__ldlt_pivots(ws, k, A, lda, ws->w, msg);
    if (st != HESSE_SUCCESS) return st;
    int p, q, z;
    hesse__inertia(k, ws->w, zero, &p, &q, &z);
    double d = 1.0;
    for (int i = 0; i < k; i++) d *= ws->w[i];
    *det = d;
    *sign = z > 0 ? 0 : (q % 2 ? -1 : 1);
    return HESSE_SUCCESS;
}

hesse_status hesse__leading_minors(hesse__symws *ws, int n, const double *A, double zero,
                                   double *minors, int *minor_sign, char *msg)
{
    /* One factorization per block: Σ k³/3 flops. */
    for (int k = 1; k <= n; k++) {
        double det;
        int s;
        hesse_status st = hesse__leading_minor(ws, k, A, n, zero, &det, &s, msg);
        if (st != HESSE_SUCCESS) return st;
        if (minors) minors[k - 1] = det;
        if (minor_sign) minor_sign[k - 1] = s;
    }
    return HESSE_SUCCESS;
}

hesse_definiteness hesse__sylvester_verdict(int n, const int *sign, int *npos, int *nneg,
                                            int *nzero)
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

/* ---- the error rule ------------------------------------------------------------------- */

int hesse__equilibrate(int n, const double *A, int lda, double *s)
{
    double scond = 0.0, amax = 0.0;
    lapack_int info = LAPACKE_dsyequb(LAPACK_COL_MAJOR, 'L', n, A, lda, s, &scond, &amax);
    /* info > 0: a zero row; its scale is left at 1 (any power of 2 would do). */
    for (int i = 0; i < n; i++)
        if (!(s[i] > 0.0) || !isfinite(s[i])) s[i] = 1.0;
    return info < 0 ? (int)info : 0;
}

hesse_status hesse__sym_inertia(hesse__symws *ws, int n, const double *A, int lda,
                                const double *E, double rtol, hesse__inertia_info *info,
                                char *msg)
{
    if (hesse__equilibrate(n, A, lda, ws->s) != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dsyequb rejected its arguments (n = %d)", n);
    const double *sc = ws->s;
    /* B = S A S in ws->a (lower triangle used); powers of 2, so no rounding. */
    for (int j = 0; j < n; j++)
        for (int i = j; i < n; i++)
            ws->a[i + (size_t)j * n] = sc[i] * A[i + (size_t)j * lda] * sc[j];
    double err = 0.0;
    if (E) {
        /* ‖S E S‖_F bounds ‖δB‖₂, hence (Weyl) the error of every eigenvalue of B. */
        double sum = 0.0, big = 0.0;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                double e = sc[i] * fabs(E[i + (size_t)j * n]) * sc[j];
                if (e > big) {
                    sum *= (big / e) * (big / e);
                    big = e;
                }
                if (big > 0.0) sum += (e / big) * (e / big);
            }
        err = big * sqrt(sum);
    }
    hesse_status st = hesse__sym_eigenvalues(ws, n, ws->a, n, ws->w, msg);
    if (st != HESSE_SUCCESS) return st;
    const double *mu = ws->w;
    double norm = fmax(fabs(mu[0]), fabs(mu[n - 1]));
    if (!isfinite(norm))
        return hesse__message(msg, HESSE_EINVAL, "the matrix has an eigenvalue that is not finite");
    info->mu_min = mu[0];
    info->mu_max = mu[n - 1];
    info->bnorm = norm;
    info->eta = fmax(fmax(hesse__rounding_bound(n, norm), err), rtol * norm);
    hesse__inertia(n, mu, info->eta, &info->npos, &info->nneg, &info->nzero);
    return HESSE_SUCCESS;
}

/* ---- eigenpairs ------------------------------------------------------------------------- */

int hesse__ldlt_lwork(int n)
{
    double q = 0.0;
    int ipiv = 0;
    lapack_int info = LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', n, NULL, n, &ipiv, &q, -1);
    return (info == 0 && q >= 1.0) ? (int)q : 64 * n;
}

void hesse__eigenpairs_workspace(int n, int *lwork, int *liwork)
{
    double q = 0.0, dummy = 0.0;
    int iq = 0;
    lapack_int info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'L', n, &dummy, n, &dummy, &q,
                                          -1, &iq, -1);
    *lwork = info == 0 ? (int)q : 1 + 6 * n + 2 * n * n;
    *liwork = info == 0 ? iq : 3 + 5 * n;
}

void hesse__smallest_eigenpair_workspace(int n, int *lwork, int *liwork)
{
    double q = 0.0, dummy = 0.0;
    int iq = 0, m = 0, isuppz[2];
    lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'V', 'I', 'L', n, &dummy, n, 0.0,
                                          0.0, 1, 1, 0.0, &m, &dummy, &dummy, n, isuppz, &q, -1,
                                          &iq, -1);
    *lwork = info != 0 ? 26 * n : (int)q > 1 ? (int)q : 1;
    *liwork = info != 0 ? 10 * n : iq > 1 ? iq : 1;
}

int hesse__eigenpairs(int n, double *A, double *w, double *work, int lwork, int *iwork,
                      int liwork)
{
    return (int)LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'L', n, A, n, w, work, lwork, iwork,
                                    liwork);
}

int hesse__smallest_eigenpair(int n, double *A, double *w, double *v, double *work,
                              int lwork, int *iwork, int liwork)
{
    return hesse__eigenpair_at(n, A, 0, w, v, work, lwork, iwork, liwork);
}

int hesse__eigenpair_at(int n, double *A, int k, double *w, double *v, double *work, int lwork,
                        int *iwork, int liwork)
{
    int m = 0, isuppz[2];
    lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'V', 'I', 'L', n, A, n, 0.0, 0.0,
                                          k + 1, k + 1, 0.0, &m, w, v, n, isuppz, work, lwork,
                                          iwork, liwork);
    return info != 0 ? (int)info : m == 1 ? 0 : -1;
}

/* ---- answers ------------------------------------------------------------------------- */

const char *hesse_definiteness_name(hesse_definiteness d)
{
    switch (d) {
    case HESSE_DEFINITENESS_UNDECIDED: return "undecided";
    case HESSE_DEFINITENESS_POSITIVE_DEFINITE: return "positive definite";
    case HESSE_DEFINITENESS_POSITIVE_SEMIDEFINITE: return "positive semidefinite";
    case HESSE_DEFINITENESS_NEGATIVE_DEFINITE: return "negative definite";
    case HESSE_DEFINITENESS_NEGATIVE_SEMIDEFINITE: return "negative semidefinite";
    case HESSE_DEFINITENESS_INDEFINITE: return "indefinite";
    case HESSE_DEFINITENESS_ZERO: return "zero";
    }
    return "unknown";
}

hesse_definiteness hesse_definiteness_from_inertia(int npos, int nneg, int nzero)
{
    if (npos < 0 || nneg < 0 || nzero < 0 || npos + nneg + nzero == 0)
        return HESSE_DEFINITENESS_UNDECIDED;
    if (npos > 0 && nneg > 0) return HESSE_DEFINITENESS_INDEFINITE;
    if (npos > 0) return nzero ? HESSE_DEFINITENESS_POSITIVE_SEMIDEFINITE
                               : HESSE_DEFINITENESS_POSITIVE_DEFINITE;
    if (nneg > 0) return nzero ? HESSE_DEFINITENESS_NEGATIVE_SEMIDEFINITE
                               : HESSE_DEFINITENESS_NEGATIVE_DEFINITE;
    return HESSE_DEFINITENESS_ZERO;
}

hesse_point_kind hesse__point_kind(int stationary, hesse_definiteness d)
{
    if (!stationary) return HESSE_POINT_NOT_STATIONARY;
    switch (d) {
    case HESSE_DEFINITENESS_POSITIVE_DEFINITE: return HESSE_POINT_MINIMUM;
    case HESSE_DEFINITENESS_NEGATIVE_DEFINITE: return HESSE_POINT_MAXIMUM;
    case HESSE_DEFINITENESS_INDEFINITE: return HESSE_POINT_SADDLE;
    case HESSE_DEFINITENESS_UNDECIDED: return HESSE_POINT_UNKNOWN;
    default: return HESSE_POINT_DEGENERATE;
    }
}

hesse_status hesse_inertia(int n, const double *A, double rtol, int *npos, int *nneg,
                           int *nzero, double *lambda_min, double *lambda_max)
{
    if (n < 1 || !A || !isfinite(rtol) || rtol < 0.0) return HESSE_EINVAL;
    hesse__symws ws;
    if (hesse__symws_init(&ws, n, HESSE__KERNEL_EIGENVALUES, NULL, NULL) != HESSE_SUCCESS)
        return HESSE_ENOMEM;
    hesse_status st = hesse__sym_eigenvalues(&ws, n, A, n, ws.w, NULL);
    if (st == HESSE_SUCCESS) {
        int p, q, z;
        hesse__inertia(n, ws.w, hesse__zero_threshold(n, ws.w, rtol), &p, &q, &z);
        if (npos) *npos = p;
        if (nneg) *nneg = q;
        if (nzero) *nzero = z;
        if (lambda_min) *lambda_min = ws.w[0];
        if (lambda_max) *lambda_max = ws.w[n - 1];
    }
    hesse__symws_free(&ws, NULL);
    return st;
}
