/*
 * Definiteness of a symmetric matrix, three ways:
 *   - eigenvalues (dsyevr) counted with the rtol rule — the reference;
 *   - Sylvester's criterion on the leading principal minors, each from a
 *     Bunch–Kaufman factorization of its block (Horn & Johnson, Matrix Analysis,
 *     2nd ed., Thm 7.2.5; Jacobi's sign-change rule when no minor vanishes);
 *   - the inertia of D in A = P L D Lᵀ Pᵀ (dsytrf), equal to A's by Sylvester's law
 *     of inertia (Golub & Van Loan, 4th ed., Thm 8.1.17 and §4.4).
 * The tests agree on any matrix whose eigenvalues are not within the tolerance of
 * zero; Sylvester's criterion may say "undecided" where the others do not (it cannot
 * see semidefiniteness), which hesse.h documents.
 */
#include <math.h>
#include <string.h>

#include "analysis/analysis_internal.h"

static void result_reset(hesse_definiteness_result *res)
{
    res->verdict = HESSE_DEFINITENESS_UNDECIDED;
    res->npos = res->nneg = res->nzero = -1;
    res->lambda_min = res->lambda_max = NAN;
    res->message[0] = '\0';
}

/* Common argument checks: res present, square, symmetric. */
static hesse_status check_matrix(int rows, int cols, const double *A,
                                 const hesse_analysis_options *opt_in,
                                 hesse_analysis_options *opt, hesse_definiteness_result *res)
{
    if (!res) return HESSE_EINVAL;
    result_reset(res);
    hesse_status st = hesse__an_options(opt_in, opt, res->message);
    if (st != HESSE_SUCCESS) return st;
    if (!A) return hesse__message(res->message, HESSE_EINVAL, "matrix A is NULL");
    if (rows < 1 || cols < 1)
        return hesse__message(res->message, HESSE_EINVAL,
                              "matrix is %d x %d: both dimensions must be >= 1", rows, cols);
    if (rows != cols)
        return hesse__message(res->message, HESSE_EINVAL,
                              "matrix is %d x %d: a Hessian must be square", rows, cols);
    return hesse__an_check_symmetric(rows, A, opt->sym_tol, "matrix", res->message);
}

/* Shared by the eigenvalue test here and by the point classification. */
static void eig_verdict(int n, const double *w, double rtol, hesse_definiteness_result *res)
{
    hesse__inertia(n, w, hesse__zero_threshold(n, w, rtol), &res->npos, &res->nneg,
                    &res->nzero);
    res->lambda_min = w[0];
    res->lambda_max = w[n - 1];
    res->verdict = hesse_definiteness_from_inertia(res->npos, res->nneg, res->nzero);
    hesse__message(res->message, HESSE_SUCCESS,
                   "eigenvalues in [%.6g, %.6g]: %d positive, %d negative, %d zero: %s",
                   w[0], w[n - 1], res->npos, res->nneg, res->nzero,
                   hesse_definiteness_name(res->verdict));
}

hesse_status hesse_definiteness_eig(int rows, int cols, const double *A,
                                    const hesse_analysis_options *opt_in,
                                    double *eigenvalues, hesse_definiteness_result *res)
{
    hesse_analysis_options opt;
    hesse_status st = check_matrix(rows, cols, A, opt_in, &opt, res);
    if (st != HESSE_SUCCESS) return st;
    int n = rows;
    hesse__symws ws;
    st = hesse__symws_init(&ws, n, HESSE__ANALYSIS_KERNELS, &opt.allocator, res->message);
    if (st != HESSE_SUCCESS) return st;
    st = hesse__sym_eigenvalues(&ws, n, A, n, ws.w, res->message);
    if (st == HESSE_SUCCESS) {
        eig_verdict(n, ws.w, opt.rtol, res);
        if (eigenvalues) memcpy(eigenvalues, ws.w, (size_t)n * sizeof *ws.w);
    }
    hesse__symws_free(&ws, &opt.allocator);
    return st;
}

/* Verdict, inertia and message of Sylvester's criterion from the minors' signs. */
static void sylvester_result(int n, const int *sign, hesse_definiteness_result *res)
{
    res->verdict = hesse__sylvester_verdict(n, sign, &res->npos, &res->nneg, &res->nzero);
    int nz = 0;
    for (int k = 0; k < n; k++) nz += sign[k] == 0;
    if (res->verdict == HESSE_DEFINITENESS_UNDECIDED)
        hesse__message(res->message, HESSE_SUCCESS,
                       "%d of %d leading minors are zero: Sylvester's criterion cannot "
                       "decide (semidefiniteness needs all principal minors)",
                       nz, n);
    else
        hesse__message(res->message, HESSE_SUCCESS, "leading minors (%d zero of %d): %s", nz,
                       n, hesse_definiteness_name(res->verdict));
}

static double frobenius(int n, const double *A)
{
    double s = 0.0;
    for (long k = 0; k < (long)n * n; k++) s += A[k] * A[k];
    return sqrt(s);
}

hesse_status hesse_definiteness_sylvester(int rows, int cols, const double *A,
                                          const hesse_analysis_options *opt_in,
                                          double *minors, hesse_definiteness_result *res)
{
    hesse_analysis_options opt;
    hesse_status st = check_matrix(rows, cols, A, opt_in, &opt, res);
    if (st != HESSE_SUCCESS) return st;
    int n = rows;
    hesse__symws ws;
    st = hesse__symws_init(&ws, n, HESSE__ANALYSIS_KERNELS, &opt.allocator, res->message);
    if (st != HESSE_SUCCESS) return st;
    int *sign = hesse__calloc(&opt.allocator, (size_t)n, sizeof *sign);
    if (!sign) {
        hesse__symws_free(&ws, &opt.allocator);
        return hesse__message(res->message, HESSE_ENOMEM,
                              "out of memory for %d minor signs", n);
    }
    double zero_tol = opt.rtol * fmax(1.0, frobenius(n, A));
    st = hesse__leading_minors(&ws, n, A, zero_tol, minors, sign, res->message);
    if (st == HESSE_SUCCESS) {
        sylvester_result(n, sign, res);
    }
    hesse__free(&opt.allocator, sign);
    hesse__symws_free(&ws, &opt.allocator);
    return st;
}

hesse_status hesse_definiteness_ldlt(int rows, int cols, const double *A,
                                     const hesse_analysis_options *opt_in,
                                     hesse_definiteness_result *res)
{
    hesse_analysis_options opt;
    hesse_status st = check_matrix(rows, cols, A, opt_in, &opt, res);
    if (st != HESSE_SUCCESS) return st;
    int n = rows;
    hesse__symws ws;
    st = hesse__symws_init(&ws, n, HESSE__ANALYSIS_KERNELS, &opt.allocator, res->message);
    if (st != HESSE_SUCCESS) return st;
    st = hesse__ldlt_pivots(&ws, n, A, n, ws.w, res->message);
    if (st == HESSE_SUCCESS) {
        hesse__inertia(n, ws.w, hesse__zero_threshold(n, ws.w, opt.rtol), &res->npos,
                        &res->nneg, &res->nzero);
        res->verdict = hesse_definiteness_from_inertia(res->npos, res->nneg, res->nzero);
        hesse__message(res->message, HESSE_SUCCESS,
                       "LDL^T inertia (%d, %d, %d): %s", res->npos, res->nneg, res->nzero,
                       hesse_definiteness_name(res->verdict));
    }
    hesse__symws_free(&ws, &opt.allocator);
    return st;
}

/* Internal entry for the point classification: the three tests on an already
   validated symmetric matrix, with a caller's workspace. */
hesse_status hesse__an_three_tests(hesse__symws *ws, int n, const double *H,
                                   double rtol, double *eigenvalues, double *minors,
                                   int *sign, hesse_definiteness_result *eig,
                                   hesse_definiteness_result *syl,
                                   hesse_definiteness_result *ldlt, char *msg)
{
    result_reset(eig);
    result_reset(syl);
    result_reset(ldlt);
    hesse_status st = hesse__sym_eigenvalues(ws, n, H, n, eigenvalues, msg);
    if (st != HESSE_SUCCESS) return st;
    eig_verdict(n, eigenvalues, rtol, eig);

    st = hesse__leading_minors(ws, n, H, rtol * fmax(1.0, frobenius(n, H)), minors,
                                  sign, msg);
    if (st != HESSE_SUCCESS) return st;
    sylvester_result(n, sign, syl);

    st = hesse__ldlt_pivots(ws, n, H, n, ws->w, msg);
    if (st != HESSE_SUCCESS) return st;
    hesse__inertia(n, ws->w, hesse__zero_threshold(n, ws->w, rtol), &ldlt->npos,
                    &ldlt->nneg, &ldlt->nzero);
    ldlt->verdict = hesse_definiteness_from_inertia(ldlt->npos, ldlt->nneg, ldlt->nzero);
    hesse__message(ldlt->message, HESSE_SUCCESS, "LDL^T inertia (%d, %d, %d): %s",
                   ldlt->npos, ldlt->nneg, ldlt->nzero,
                   hesse_definiteness_name(ldlt->verdict));
    return HESSE_SUCCESS;
}
