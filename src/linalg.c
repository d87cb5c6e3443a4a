/*
 * Dense symmetric linear algebra over LAPACKE (column-major): eigenvalues (dsyevr),
 * inertia from eigenvalues and from a Bunch–Kaufman LDLᵀ factor (dsytrf), and the
 * public hesse_inertia().
 */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void hesse__eig_workspace(int n, int *lwork, int *liwork)
{
    double wq = 0.0, dummy = 0.0;
    int iwq = 0, m = 0, isuppz[2];
    lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'N', 'A', 'L', n, &dummy, n > 0 ? n : 1,
                                          0.0, 0.0, 0, 0, 0.0, &m, &dummy, &dummy, 1, isuppz,
                                          &wq, -1, &iwq, -1);
    *lwork = (info == 0 && wq >= 1.0) ? (int)wq : 26 * (n > 0 ? n : 1);
    *liwork = (info == 0 && iwq >= 1) ? iwq : 10 * (n > 0 ? n : 1);
}

int hesse__eigenvalues(int n, double *A, double *w, double *work, int lwork, int *iwork,
                       int liwork)
{
    int m = 0, isuppz[2];
    double unused = 0.0;
    /* abstol = 0: LAPACK uses eps·‖T‖₁, the accuracy the tests in hesse.h assume. */
    return (int)LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'N', 'A', 'L', n, A, n, 0.0, 0.0, 0, 0,
                                    0.0, &m, w, &unused, 1, isuppz, work, lwork, iwork,
                                    liwork);
}

void hesse__inertia_of(int n, const double *w, double rtol, int *npos, int *nneg, int *nzero)
{
    double big = 0.0;
    for (int i = 0; i < n; i++) big = fmax(big, fabs(w[i]));
    double zero = rtol * fmax(1.0, big);
    int p = 0, q = 0, z = 0;
    for (int i = 0; i < n; i++) {
        if (w[i] > zero) p++;
        else if (w[i] < -zero) q++;
        else z++;
    }
    *npos = p;
    *nneg = q;
    *nzero = z;
}

void hesse__ldlt_inertia(int n, const double *F, const int *ipiv, double rtol, double scale,
                         int *npos, int *nneg, int *nzero)
{
    /* Sylvester's law of inertia: A = P L D Lᵀ Pᵀ has the inertia of D, whose 1×1
       blocks give their sign and whose 2×2 blocks (ipiv[k] < 0, lower storage) have
       one positive and one negative eigenvalue when det < 0. */
    double zero = rtol * fmax(1.0, scale);
    int p = 0, q = 0, z = 0;
    for (int k = 0; k < n;) {
        if (ipiv[k] > 0) {
            double d = F[k + (size_t)k * n];
            if (d > zero) p++;
            else if (d < -zero) q++;
            else z++;
            k += 1;
        } else {
            double a = F[k + (size_t)k * n], b = F[k + 1 + (size_t)k * n];
            double c = F[k + 1 + (size_t)(k + 1) * n];
            double mean = 0.5 * (a + c), rad = hypot(0.5 * (a - c), b);
            double l1 = mean - rad, l2 = mean + rad;
            double ls[2] = {l1, l2};
            for (int t = 0; t < 2; t++) {
                if (ls[t] > zero) p++;
                else if (ls[t] < -zero) q++;
                else z++;
            }
            k += 2;
        }
    }
    *npos = p;
    *nneg = q;
    *nzero = z;
}

hesse_status hesse_inertia(int n, const double *A, double rtol, int *npos, int *nneg,
                           int *nzero, double *lambda_min, double *lambda_max)
{
    if (n < 1 || !A || !isfinite(rtol) || rtol < 0.0) return HESSE_EINVAL;
    int lwork, liwork;
    hesse__eig_workspace(n, &lwork, &liwork);
    size_t nn = (size_t)n * n;
    double *buf = malloc((nn + (size_t)n + (size_t)lwork) * sizeof *buf);
    int *iwork = malloc((size_t)liwork * sizeof *iwork);
    if (!buf || !iwork) {
        free(buf);
        free(iwork);
        return HESSE_ENOMEM;
    }
    double *copy = buf, *w = buf + nn, *work = w + n;
    memcpy(copy, A, nn * sizeof *copy);
    int info = hesse__eigenvalues(n, copy, w, work, lwork, iwork, liwork);
    hesse_status st = HESSE_SUCCESS;
    if (info != 0) {
        st = HESSE_ELAPACK;
    } else {
        int p, q, z;
        hesse__inertia_of(n, w, rtol, &p, &q, &z);
        if (npos) *npos = p;
        if (nneg) *nneg = q;
        if (nzero) *nzero = z;
        if (lambda_min) *lambda_min = w[0];
        if (lambda_max) *lambda_max = w[n - 1];
    }
    free(buf);
    free(iwork);
    return st;
}
