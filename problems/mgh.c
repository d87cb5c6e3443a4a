/*
 * The Moré–Garbow–Hillstrom family of the test-problem registry: the 35 problems of
 * J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing unconstrained optimization
 * software", ACM TOMS 7(1):17–41, 1981 (cited below as MGH81, problem numbers as in the
 * paper), as the registry table hesse__mgh_problems[], and the generic sum-of-squares
 * layer shared by all of them.
 *
 * Each problem (problems/mgh_*.c) supplies residuals r (m values), the entries of their
 * Jacobian J (m×n) through a sink, and the weighted second derivatives Σ_i w_i ∇²r_i
 * (see mgh.h). From them:
 *     f(x)     = Σ_i r_i(x)²                        (MGH81's plain sum, not ½Σ)
 *     ∇f(x)    = 2 Jᵀ r
 *     ∇²f(x)   = 2 (JᵀJ + Σ_i r_i ∇²r_i)             (dense J, one BLAS dsyrk)
 *     ∇²f(x) v = 2 (Jᵀ(J v) + Σ_i r_i (∇²r_i v))    (the n×n matrix is never formed)
 * Two ways to the products Jᵀr and Jᵀ(Jv):
 *   - small J (m·n <= DENSE_MAX = 65536 doubles, 512 KiB: every default size of the
 *     family and n <= 100 for every problem, as in `hesse bench`): J is formed densely
 *     and multiplied by BLAS dgemv. The results, and so the iterations and evaluation
 *     counts that tests/test_mgh.c and the README record, depend on that summation
 *     order to the last bit.
 *   - larger: no J. The sink forms Jᵀr in the one residual pass (each entry J_ij r_i as
 *     it is reported), J v and then Jᵀ(Jv) in two passes. Time O(m + nnz(J)), memory
 *     O(m): O(n) for the problems whose Jacobian is sparse (extended Rosenbrock and
 *     Powell, Broyden tridiagonal and banded, discrete boundary, penalty I and II,
 *     variably dimensioned), O(mn) time for those whose Jacobian is dense
 *     (trigonometric, Brown almost-linear, discrete integral, the linear functions,
 *     Chebyquad, Watson). Both ways agree to rounding (tests/test_problem_reference.c).
 * The second-derivative terms add their own cost (O(n²) for Brown almost-linear and
 * variably dimensioned, whose ∇²r_i are dense). Only the dense Hessian always forms J,
 * next to the n×n matrix it fills anyway.
 *
 * Callback contract (problems/testproblem.h): data is a hesse__tp_params* holding n and
 * the number of residuals m fixed by the problem's setup. A callback returns >0 when a
 * residual refuses x (outside its domain, e.g. a zero denominator) and -1 when its
 * workspace (2m doubles, or m + mn with a dense J) or a residual's scratch cannot be
 * allocated. The callbacks have no other place to keep a workspace: up to 2048 doubles
 * it lives on the stack, beyond that it is allocated per call.
 */
#include <cblas.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgh.h"

/* Workspace of the callbacks: r (m values), `extra` more values and, when
   with_jacobian, J (m*n values). Small problems (every default size of the family) use
   the caller's stack buffer `local` of LOCAL_DOUBLES values, so that their evaluations
   allocate nothing; larger ones are allocated here and released by release(). NULL when
   the size overflows or malloc fails. */
#define LOCAL_DOUBLES 2048

static double *workspace(int n, int m, int with_jacobian, int extra, double *local)
{
    size_t count = (size_t)m + (size_t)extra;
    if (with_jacobian) {
        if ((size_t)m > SIZE_MAX / sizeof(double) / (size_t)n) return NULL;
        count += (size_t)m * (size_t)n;
    }
    if (count <= LOCAL_DOUBLES) return local;
    if (count > SIZE_MAX / sizeof(double)) return NULL;
    return malloc(count * sizeof(double));
}

static void release(double *work, double *local)
{
    if (work != local) free(work);
}

#define DENSE_MAX 65536

static int dense_pays(int n, int m)
{
    return (double)m * (double)n <= DENSE_MAX;
}

/* r and the dense m×n Jacobian J (zeroed, then filled through the sink). */
static int dense_jacobian(hesse__mgh_residual_fn residual, int n, int m, const double *x,
                          double *r, double *J)
{
    memset(J, 0, (size_t)m * (size_t)n * sizeof *J);
    hesse__mgh_jac jac = {.m = m, .J = J};
    return residual(n, m, x, r, &jac);
}

static int ls_objective(hesse__mgh_residual_fn residual, int n, const double *x, double *f,
                        double *grad, const hesse__tp_params *params)
{
    int m = params->m;
    int dense = grad && dense_pays(n, m);
    double local[LOCAL_DOUBLES];
    double *r = workspace(n, m, dense, 0, local);
    if (!r) return -1;
    int rc;
    if (dense) {
        /* ∇f = 2 Jᵀ r */
        double *J = r + m;
        rc = dense_jacobian(residual, n, m, x, r, J);
        if (rc == 0) cblas_dgemv(CblasColMajor, CblasTrans, m, n, 2.0, J, m, r, 1, 0.0, grad, 1);
    } else {
        /* ∇f = 2 Jᵀ r, the sink adding J_ij r_i to grad_j as each entry is reported */
        hesse__mgh_jac jac = {.m = m, .u = r, .Jtu = grad};
        if (grad) memset(grad, 0, (size_t)n * sizeof *grad);
        rc = residual(n, m, x, r, grad ? &jac : NULL);
        if (rc == 0 && grad)
            for (int j = 0; j < n; j++) grad[j] *= 2.0;
    }
    if (rc == 0) {
        double sum = 0.0;
        for (int i = 0; i < m; i++) sum += r[i] * r[i];
        *f = sum;
    }
    release(r, local);
    return rc;
}

static int ls_hessian(hesse__mgh_residual_fn residual, hesse__residual_hess_fn residual_hess,
                      int n, const double *x, double *H, const hesse__tp_params *params)
{
    int m = params->m;
    double local[LOCAL_DOUBLES];
    double *r = workspace(n, m, 1, 0, local);
    if (!r) return -1;
    double *J = r + m;
    int rc = dense_jacobian(residual, n, m, x, r, J);
    if (rc == 0) {
        /* H = JᵀJ (lower triangle by dsyrk, then mirrored) */
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, n, m, 1.0, J, m, 0.0, H, n);
        for (int k = 0; k < n; k++)
            for (int j = k + 1; j < n; j++) H[k + (long)j * n] = H[j + (long)k * n];
        /* H += Σ_i r_i ∇²r_i, then H *= 2 */
        hesse__mgh_acc acc = {.n = n, .S = H, .v = NULL, .Sv = NULL};
        rc = residual_hess(n, m, x, r, &acc);
        if (rc == 0)
            for (long k = 0; k < (long)n * n; k++) H[k] *= 2.0;
    }
    release(r, local);
    return rc;
}

/* Hv = Jᵀ(J v) into Hv, and r, by BLAS on a dense J or in two sink passes. */
static int gauss_newton_product(hesse__mgh_residual_fn residual, int n, int m,
                                const double *x, const double *v, double *r, double *Jv,
                                double *J, double *Hv)
{
    int rc;
    if (J) {
        rc = dense_jacobian(residual, n, m, x, r, J);
        if (rc) return rc;
        cblas_dgemv(CblasColMajor, CblasNoTrans, m, n, 1.0, J, m, v, 1, 0.0, Jv, 1);
        cblas_dgemv(CblasColMajor, CblasTrans, m, n, 1.0, J, m, Jv, 1, 0.0, Hv, 1);
        return 0;
    }
    memset(Jv, 0, (size_t)m * sizeof *Jv);
    hesse__mgh_jac jac = {.m = m, .v = v, .Jv = Jv};
    rc = residual(n, m, x, r, &jac);
    if (rc) return rc;
    memset(Hv, 0, (size_t)n * sizeof *Hv);
    jac = (hesse__mgh_jac){.m = m, .u = Jv, .Jtu = Hv};
    return residual(n, m, x, r, &jac);
}

static int ls_hessvec(hesse__mgh_residual_fn residual, hesse__residual_hess_fn residual_hess,
                      int n, const double *x, const double *v, double *Hv,
                      const hesse__tp_params *params)
{
    int m = params->m;
    int dense = dense_pays(n, m);
    double local[LOCAL_DOUBLES];
    double *r = workspace(n, m, dense, m, local);
    if (!r) return -1;
    double *Jv = r + m;
    int rc = gauss_newton_product(residual, n, m, x, v, r, Jv, dense ? Jv + m : NULL, Hv);
    if (rc == 0) {
        /* Hv += Σ_i r_i (∇²r_i v), then Hv *= 2 */
        hesse__mgh_acc acc = {.n = n, .S = NULL, .v = v, .Sv = Hv};
        rc = residual_hess(n, m, x, r, &acc);
        if (rc == 0)
            for (int j = 0; j < n; j++) Hv[j] *= 2.0;
    }
    release(r, local);
    return rc;
}

/* The dense form of a residual function (mgh.h): J, when not NULL, is filled. */
static int dense_residual(hesse__mgh_residual_fn residual, int n, int m, const double *x,
                          double *r, double *J)
{
    return J ? dense_jacobian(residual, n, m, x, r, J) : residual(n, m, x, r, NULL);
}

/* The least-squares callbacks are called with the sizes of the instance. */
static int lsq_check(int n, int m, const void *data)
{
    const hesse__tp_params *params = data;
    return params && params->n == n && params->m == m;
}

/* The registry callbacks of each problem: thin wrappers naming its residual functions. */
#define MGH_CALLBACKS_(id, name)                                                           \
    static int id##_objective(int n, const double *x, double *f, double *grad, void *data) \
    {                                                                                      \
        return ls_objective(hesse__mgh_##id##_residual, n, x, f, grad, data);              \
    }                                                                                      \
    static int id##_hessian(int n, const double *x, double *H, void *data)                 \
    {                                                                                      \
        return ls_hessian(hesse__mgh_##id##_residual, hesse__mgh_##id##_rhess, n, x, H,    \
                          data);                                                           \
    }                                                                                      \
    static int id##_hessvec(int n, const double *x, const double *v, double *Hv,           \
                            void *data)                                                    \
    {                                                                                      \
        return ls_hessvec(hesse__mgh_##id##_residual, hesse__mgh_##id##_rhess, n, x, v,    \
                          Hv, data);                                                       \
    }                                                                                      \
    static int id##_dense_residual(int n, int m, const double *x, double *r, double *J)    \
    {                                                                                      \
        return dense_residual(hesse__mgh_##id##_residual, n, m, x, r, J);                  \
    }                                                                                      \
    static int id##_lsq_residuals(int n, int m, const double *x, double *r, double *J,     \
                                  void *data)                                              \
    {                                                                                      \
        return lsq_check(n, m, data) ? dense_residual(hesse__mgh_##id##_residual, n, m, x, \
                                                      r, J) : -1;                          \
    }                                                                                      \
    static int id##_lsq_rhess(int n, int m, const double *x, const double *u, double *S,  \
                              void *data)                                                  \
    {                                                                                      \
        if (!lsq_check(n, m, data)) return -1;                                             \
        memset(S, 0, (size_t)n * (size_t)n * sizeof *S);                                   \
        hesse__mgh_acc acc = {.n = n, .S = S};                                             \
        return hesse__mgh_##id##_rhess(n, m, x, u, &acc);                                  \
    }
HESSE__MGH_LIST(MGH_CALLBACKS_)
#undef MGH_CALLBACKS_

/* Accepted sizes. */
static int n_is_2(int n) { return n == 2; }
static int n_is_3(int n) { return n == 3; }
static int n_is_4(int n) { return n == 4; }
static int n_is_5(int n) { return n == 5; }
static int n_is_6(int n) { return n == 6; }
static int n_is_11(int n) { return n == 11; }
static int n_positive(int n) { return n >= 1; }
static int n_at_least_3(int n) { return n >= 3; }
static int n_even(int n) { return n >= 2 && n % 2 == 0; }
static int n_multiple_of_4(int n) { return n >= 4 && n % 4 == 0; }
static int n_watson(int n) { return n >= 2 && n <= 31; }

#define MGH81 HESSE__MGH81

/* An entry of the table; further designated initializers (.local, ...) may follow. */
#define ENTRY(id, NAME, sizes_, source_, default_n_, accepts_, ...)                        \
    {                                                                                      \
        .name = NAME, .family = "mgh", .classification = "", .sizes = sizes_,              \
        .source = source_, .default_n = default_n_, .accepts = accepts_,                   \
        .setup = hesse__mgh_##id##_setup, .objective = id##_objective,                     \
        .hessian = id##_hessian, .hessvec = id##_hessvec, .residuals = id##_lsq_residuals, \
        .residual_hessian = id##_lsq_rhess, __VA_ARGS__                                    \
    }

/* Local minima reached from x0, to 13 digits: f where newton from x0 ends with
   ||g||_inf <= 1e-13. Freudenstein-Roth's is the one MGH81 reports (48.9842...);
   Trigonometric's, at n = 10, is where newton, newton-tr, newton-cg and sr1 all end
   (its global minimum f* = 0 is at x = 0). */
static const hesse__tp_value freudenstein_roth_local[] = {{2, 48.98425367924}, {0, 0.0}};
static const hesse__tp_value trigonometric_local[] = {{10, 2.795056121880e-5}, {0, 0.0}};

const struct hesse_testproblem hesse__mgh_problems[] = {
    ENTRY(rosenbrock, "ROSENBROCK", "n = 2 (m = 2)", MGH81 "problem 1", 2, n_is_2),
    ENTRY(freudenstein_roth, "FREUDENSTEIN_ROTH", "n = 2 (m = 2)",
          MGH81 "problem 2; f* = 0 at (5, 4), a local minimum f = 48.9842... near "
                "(11.41, -0.8968)",
          2, n_is_2, .local = freudenstein_roth_local,
          .local_source = MGH81 "problem 2 (48.9842...); 13 digits measured: hesse solve "
                                "FREUDENSTEIN_ROTH --method newton --gtol 1e-15"),
    ENTRY(powell_badly_scaled, "POWELL_BADLY_SCALED", "n = 2 (m = 2)",
          MGH81 "problem 3; f* = 0 at (1.098...e-5, 9.106...)", 2, n_is_2),
    ENTRY(brown_badly_scaled, "BROWN_BADLY_SCALED", "n = 2 (m = 3)",
          MGH81 "problem 4; f* = 0 at (1e6, 2e-6)", 2, n_is_2),
    ENTRY(beale, "BEALE", "n = 2 (m = 3)", MGH81 "problem 5; f* = 0 at (3, 0.5)", 2, n_is_2),
    ENTRY(jennrich_sampson, "JENNRICH_SAMPSON", "n = 2 (m = 10)",
          MGH81 "problem 6 with m = 10; f* = 124.362 at x1 = x2 = 0.2578", 2, n_is_2),
    ENTRY(helical_valley, "HELICAL_VALLEY", "n = 3 (m = 3)",
          MGH81 "problem 7 (theta as in MINPACK: 0.25 sign(x2) at x1 = 0; x1 = x2 = 0 is "
                "outside the domain); f* = 0 at (1, 0, 0)",
          3, n_is_3),
    ENTRY(bard, "BARD", "n = 3 (m = 15)",
          MGH81 "problem 8; f* = 8.21487e-3; a second local f = 17.4286... at "
                "(0.8406, -inf, -inf)",
          3, n_is_3),
    ENTRY(gaussian, "GAUSSIAN", "n = 3 (m = 15)", MGH81 "problem 9; f* = 1.12793e-8", 3,
          n_is_3),
    ENTRY(meyer, "MEYER", "n = 3 (m = 16)",
          MGH81 "problem 10; f* and x* = NIST StRD MGH10 certified values (MGH81: f* = "
                "87.9458)",
          3, n_is_3),
    ENTRY(gulf, "GULF", "n = 3 (m = 99)",
          MGH81 "problem 11 with m = 99, the misprinted 'y_i m i x_2' read as |y_i - x_2| "
                "(MINPACK); f* = 0 at (50, 25, 1.5)",
          3, n_is_3),
    ENTRY(box3, "BOX3", "n = 3 (m = 10)",
          MGH81 "problem 12 with m = 10, x0 = (0, 10, 20); f* = 0 at (1, 10, 1), (10, 1, -1) "
                "and (a, a, 0)",
          3, n_is_3),
    ENTRY(powell_singular, "POWELL_SINGULAR", "n = 4 (m = 4)",
          MGH81 "problem 13; f* = 0 at the origin (singular Hessian there)", 4, n_is_4),
    ENTRY(wood, "WOOD", "n = 4 (m = 6)", MGH81 "problem 14; f* = 0 at (1, 1, 1, 1)", 4,
          n_is_4),
    ENTRY(kowalik_osborne, "KOWALIK_OSBORNE", "n = 4 (m = 11)",
          MGH81 "problem 15 (u_9 = 0.0833); f* and x* = NIST StRD MGH09 certified values "
                "(MGH81: f* = 3.07505e-4)",
          4, n_is_4),
    ENTRY(brown_dennis, "BROWN_DENNIS", "n = 4 (m = 20)",
          MGH81 "problem 16 with m = 20, x0 = (25, 5, -5, -1); f* = 85822.2", 4, n_is_4),
    ENTRY(osborne1, "OSBORNE1", "n = 5 (m = 33)",
          MGH81 "problem 17 (t_i = 10(i-1)); f* and x* = NIST StRD MGH17 certified values "
                "(MGH81: f* = 5.46489e-5)",
          5, n_is_5),
    ENTRY(biggs_exp6, "BIGGS_EXP6", "n = 6 (m = 13)",
          MGH81 "problem 18 with m = 13; f* = 0 at (1, 10, 1, 5, 4, 3); MGH81 also reports "
                "a local minimum f = 5.65565e-3, where hesse finds a negative Hessian "
                "eigenvalue (bfgs from x0 ends there: a saddle)",
          6, n_is_6),
    ENTRY(osborne2, "OSBORNE2", "n = 11 (m = 65)", MGH81 "problem 19; f* = 4.01377e-2", 11,
          n_is_11),
    ENTRY(watson, "WATSON", "2 <= n <= 31 (m = 31; default 6)",
          MGH81 "problem 20; f* = 2.28767e-3 (n = 6), 1.39976e-6 (n = 9), 4.72238e-10 "
                "(n = 12)",
          6, n_watson),
    ENTRY(ext_rosenbrock, "EXT_ROSENBROCK", "n >= 2 even (m = n; default 10)",
          MGH81 "problem 21; f* = 0 at (1, ..., 1)", 10, n_even),
    ENTRY(ext_powell, "EXT_POWELL", "n >= 4, a multiple of 4 (m = n; default 12)",
          MGH81 "problem 22; f* = 0 at the origin", 12, n_multiple_of_4),
    ENTRY(penalty_i, "PENALTY_I", "n >= 1 (m = n + 1; default 4)",
          MGH81 "problem 23, a = 1e-5; f* = 2.24997e-5 (n = 4), 7.08765e-5 (n = 10)", 4,
          n_positive),
    ENTRY(penalty_ii, "PENALTY_II", "n >= 1 (m = 2n; default 4)",
          MGH81 "problem 24, a = 1e-5; f* = 9.37629e-6 (n = 4), 2.93660e-4 (n = 10)", 4,
          n_positive),
    ENTRY(variably_dimensioned, "VARIABLY_DIMENSIONED", "n >= 1 (m = n + 2; default 10)",
          MGH81 "problem 25; f* = 0 at (1, ..., 1)", 10, n_positive),
    ENTRY(trigonometric, "TRIGONOMETRIC", "n >= 1 (m = n; default 10)",
          MGH81 "problem 26; f* = 0 at x = 0 (other local minima exist)", 10, n_positive,
          .local = trigonometric_local,
          .local_source = "measured: hesse solve TRIGONOMETRIC --n 10 --method newton "
                          "--gtol 1e-15 (newton-tr, newton-cg and sr1 end there too)"),
    ENTRY(brown_almost_linear, "BROWN_ALMOST_LINEAR", "n >= 1 (m = n; default 10)",
          MGH81 "problem 27; f* = 0 at (1, ..., 1), also f = 1 at (0, ..., 0, n + 1)", 10,
          n_positive),
    ENTRY(discrete_boundary, "DISCRETE_BOUNDARY", "n >= 1 (m = n; default 10)",
          MGH81 "problem 28; f* = 0", 10, n_positive),
    ENTRY(discrete_integral, "DISCRETE_INTEGRAL", "n >= 1 (m = n; default 10)",
          MGH81 "problem 29; f* = 0", 10, n_positive),
    ENTRY(broyden_tridiagonal, "BROYDEN_TRIDIAGONAL", "n >= 1 (m = n; default 10)",
          MGH81 "problem 30; f* = 0", 10, n_positive),
    ENTRY(broyden_banded, "BROYDEN_BANDED", "n >= 1 (m = n; default 10)",
          MGH81 "problem 31, ml = 5, mu = 1; f* = 0", 10, n_positive),
    ENTRY(linear_full_rank, "LINEAR_FULL_RANK", "n >= 1 (m = 2n; default 5)",
          MGH81 "problem 32 with m = 2n; f* = m - n at (-1, ..., -1)", 5, n_positive),
    ENTRY(linear_rank1, "LINEAR_RANK1", "n >= 1 (m = 2n; default 5)",
          MGH81 "problem 33 with m = 2n; f* = m(m-1)/(2(2m+1)) wherever "
                "sum_j j x_j = 3/(2m+1)",
          5, n_positive),
    ENTRY(linear_rank1_zero, "LINEAR_RANK1_ZERO", "n >= 3 (m = 2n; default 5)",
          MGH81 "problem 34 with m = 2n; f* = (m^2+3m-6)/(2(2m-3)) wherever "
                "sum_{j=2}^{n-1} j x_j = 3/(2m-3)",
          5, n_at_least_3),
    ENTRY(chebyquad, "CHEBYQUAD", "n >= 1 (m = n; default 8)",
          MGH81 "problem 35 with m = n; f* = 0 (n <= 7, n = 9), 3.51687e-3 (n = 8), "
                "6.50395e-3 (n = 10)",
          8, n_positive),
};
const int hesse__mgh_count = (int)(sizeof hesse__mgh_problems / sizeof hesse__mgh_problems[0]);

#define MGH_RESIDUAL_ENTRY_(id, NAME) {NAME, id##_dense_residual},
static const hesse__mgh_residual residuals[] = {HESSE__MGH_LIST(MGH_RESIDUAL_ENTRY_)};
#undef MGH_RESIDUAL_ENTRY_
#define NRESIDUALS ((int)(sizeof residuals / sizeof residuals[0]))

const hesse__mgh_residual *hesse__mgh_residual_find(const char *name)
{
    if (!name) return NULL;
    for (int i = 0; i < NRESIDUALS; i++)
        if (strcasecmp(residuals[i].name, name) == 0) return &residuals[i];
    return NULL;
}

int hesse__mgh_residual_count(const char *name, int n)
{
    if (!name || n < 1) return 0;
    for (int i = 0; i < hesse__mgh_count; i++) {
        const struct hesse_testproblem *tp = &hesse__mgh_problems[i];
        if (strcasecmp(tp->name, name) != 0) continue;
        if (!tp->accepts(n)) return 0;
        double *scratch = malloc(2 * (size_t)n * sizeof(double));
        if (!scratch) return 0;
        hesse__tp_params params = {.n = n, .m = 0};
        double fstar;
        const char *fstar_source;
        tp->setup(n, &params, scratch, scratch + n, &fstar, &fstar_source);
        free(scratch);
        return params.m;
    }
    return 0;
}
