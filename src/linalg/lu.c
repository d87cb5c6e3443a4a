/*
 * LU with a condition estimate and the determinant, for the roots solver's Newton and
 * Broyden matrices.
 */
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "linalg/linalg_internal.h"

hesse_status hesse__lu_factor(int n, const double *A, double *LU, int *ipiv, double *work,
                              int *iwork, int *info, double *rcond, char *msg)
{
    memcpy(LU, A, (size_t)n * n * sizeof *LU);
    double anorm = LAPACKE_dlange_work(LAPACK_COL_MAJOR, '1', n, n, A, n, work);
    lapack_int rc = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, n, n, LU, n, ipiv);
    *info = rc > 0 ? (int)rc : 0;
    *rcond = 0.0;
    if (rc < 0) return hesse__message(msg, HESSE_ELAPACK, "dgetrf returned info = %d", (int)rc);
    if (rc > 0) return HESSE_SUCCESS;
    double r = 0.0;
    rc = LAPACKE_dgecon_work(LAPACK_COL_MAJOR, '1', n, LU, n, anorm, &r, work, iwork);
    if (rc != 0) return hesse__message(msg, HESSE_ELAPACK, "dgecon returned info = %d", (int)rc);
    *rcond = r;
    return HESSE_SUCCESS;
}

int hesse__lu_solve(int n, const double *LU, const int *ipiv, double *b)
{
    return (int)LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, 'N', n, 1, LU, n, ipiv, b, n);
}

void hesse__lu_log_det(int n, const double *LU, const int *ipiv, int *sign, double *log_abs)
{
    int s = 1;
    double logdet = 0.0;
    for (int i = 0; i < n; i++) {
        double u = LU[i + (size_t)i * n];
        if (u < 0) s = -s;
        if (ipiv[i] != i + 1) s = -s;
        logdet += log(fabs(u));
    }
    *sign = s;
    *log_abs = logdet;
}
