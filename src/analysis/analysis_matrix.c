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

/* Verdict and message from an inertia counted by the rtol rule over mu. */
static void inertia_result(int n, const double *mu, double rtol, hesse_definiteness_result *res)
{
    hesse__inertia(n, mu, hesse__zero_threshold(n, mu, rtol), &res->npos, &res->nneg,
                   &res->nzero);
    res->verdict = hesse_definiteness_from_inertia(res->npos, res->nneg, res->nzero);
}

typedef enum { TEST_EIGENVALUES, TEST_SYLVESTER, TEST_LDLT } test_kind;

/* One test on the validated symmetric n×n matrix A into res (its verdict and message);
   values: the eigenvalues or the minors (n, may be NULL); sign: n ints (Sylvester).
   A LAPACK error goes to msg. */
static hesse_status one_test(test_kind t, hesse__symws *ws, int n, const double *A,
                             double rtol, double *values, int *sign,
                             hesse_definiteness_result *res, char *msg)
{
    hesse_status st;
    if (t == TEST_EIGENVALUES) {
        double *w = values ? values : ws->w;
        if ((st = hesse__sym_eigenvalues(ws, n, A, n, w, msg)) != HESSE_SUCCESS) return st;
        inertia_result(n, w, rtol, res);
        res->lambda_min = w[0];
        res->lambda_max = w[n - 1];
        hesse__message(res->message, HESSE_SUCCESS,
                       "eigenvalues in [%.6g, %.6g]: %d positive, %d negative, %d zero: %s",
                       w[0], w[n - 1], res->npos, res->nneg, res->nzero,
                       hesse_definiteness_name(res->verdict));
    } else if (t == TEST_SYLVESTER) {
        st = hesse__leading_minors(ws, n, A, rtol * fmax(1.0, hesse__frobenius((size_t)n * n, A)), values, sign,
                                   msg);
        if (st != HESSE_SUCCESS) return st;
        sylvester_result(n, sign, res);
    } else {
        if ((st = hesse__ldlt_pivots(ws, n, A, n, ws->w, msg)) != HESSE_SUCCESS) return st;
        inertia_result(n, ws->w, rtol, res);
        hesse__message(res->message, HESSE_SUCCESS, "LDL^T inertia (%d, %d, %d): %s",
                       res->npos, res->nneg, res->nzero, hesse_definiteness_name(res->verdict));
    }
    return HESSE_SUCCESS;
}

/* A public definiteness test: check the matrix, allocate, test, free. */
static hesse_status definiteness(test_kind t, int rows, int cols, const double *A,
                                 const hesse_analysis_options *opt_in, double *values,
                                 hesse_definiteness_result *res)
{
    hesse_analysis_options opt;
    hesse_status st = check_matrix(rows, cols, A, opt_in, &opt, res);
    if (st != HESSE_SUCCESS) return st;
    int n = rows;
    hesse__symws ws;
    st = hesse__symws_init(&ws, n, HESSE__ANALYSIS_KERNELS, &opt.allocator, res->message);
    if (st != HESSE_SUCCESS) return st;
    int *sign = NULL;
    if (t == TEST_SYLVESTER && !(sign = hesse__calloc(&opt.allocator, (size_t)n, sizeof *sign)))
        st = hesse__message(res->message, HESSE_ENOMEM, "out of memory for %d minor signs", n);
    else
        st = one_test(t, &ws, n, A, opt.rtol, values, sign, res, res->message);
    hesse__free(&opt.allocator, sign);
    hesse__symws_free(&ws, &opt.allocator);
    return st;
}

hesse_status hesse_definiteness_eig(int rows, int cols, const double *A,
                                    const hesse_analysis_options *opt,
                                    double *eigenvalues, hesse_definiteness_result *res)
{
    return definiteness(TEST_EIGENVALUES, rows, cols, A, opt, eigenvalues, res);
}

hesse_status hesse_definiteness_sylvester(int rows, int cols, const double *A,
                                          const hesse_analysis_options *opt,
                                          double *minors, hesse_definiteness_result *res)
{
    return definiteness(TEST_SYLVESTER, rows, cols, A, opt, minors, res);
}

hesse_status hesse_definiteness_ldlt(int rows, int cols, const double *A,
                                     const hesse_analysis_options *opt,
                                     hesse_definiteness_result *res)
{
    return definiteness(TEST_LDLT, rows, cols, A, opt, NULL, res);
}

hesse_status hesse__an_three_tests(hesse__symws *ws, int n, const double *H,
                                   double rtol, double *eigenvalues, double *minors,
                                   int *sign, hesse_definiteness_result *eig,
                                   hesse_definiteness_result *syl,
                                   hesse_definiteness_result *ldlt, char *msg)
{
    result_reset(eig);
    result_reset(syl);
    result_reset(ldlt);
    hesse_status st = one_test(TEST_EIGENVALUES, ws, n, H, rtol, eigenvalues, NULL, eig, msg);
    if (st == HESSE_SUCCESS) st = one_test(TEST_SYLVESTER, ws, n, H, rtol, minors, sign, syl, msg);
    if (st == HESSE_SUCCESS) st = one_test(TEST_LDLT, ws, n, H, rtol, NULL, NULL, ldlt, msg);
    return st;
}
