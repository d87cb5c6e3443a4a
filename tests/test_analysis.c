/*
 * Tests of the Hessian analysis toolkit (analysis section of hesse.h): the three
 * definiteness tests against each other and against matrices built with known
 * eigenvalues, the seed document's matrices and functions (seed 001), critical
 * points, convexity, the Taylor model, the Laplacian, the derivative check, bad
 * input and out-of-memory paths.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <lapacke.h>

#include "hesse.h"
#include "support.h"

/* ---------- deterministic random numbers (splitmix64) ---------- */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static double rng_uniform(uint64_t *s) { return (rng_next(s) >> 11) * 0x1.0p-53; }
static double rng_normal(uint64_t *s)
{
    double u = rng_uniform(s), v = rng_uniform(s);
    return sqrt(-2.0 * log(u + 1e-300)) * cos(2.0 * M_PI * v);
}

/* A = Q diag(lambda) Qᵀ with Q orthogonal from the QR of a Gaussian matrix. */
static void random_symmetric(int n, const double *lambda, uint64_t *seed, double *A)
{
    double *Q = malloc(sizeof(double) * n * n), *tau = malloc(sizeof(double) * n);
    cr_assert(Q && tau);
    for (int k = 0; k < n * n; k++) Q[k] = rng_normal(seed);
    cr_assert_eq(LAPACKE_dgeqrf(LAPACK_COL_MAJOR, n, n, Q, n, tau), 0);
    cr_assert_eq(LAPACKE_dorgqr(LAPACK_COL_MAJOR, n, n, n, Q, n, tau), 0);
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            double s = 0.0;
            for (int k = 0; k < n; k++) s += Q[i + k * n] * lambda[k] * Q[j + k * n];
            A[i + j * n] = A[j + i * n] = s;
        }
    free(Q);
    free(tau);
}

/* Independent leading minors: LU with partial pivoting (dgetrf) of each block. */
static double det_lu(int k, const double *A, int lda)
{
    double *B = malloc(sizeof(double) * k * k);
    int *ipiv = malloc(sizeof(int) * k);
    cr_assert(B && ipiv);
    for (int j = 0; j < k; j++)
        for (int i = 0; i < k; i++) B[i + j * k] = A[i + j * lda];
    int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, k, k, B, k, ipiv);
    double d = 1.0;
    if (info == 0)
        for (int i = 0; i < k; i++) d *= (ipiv[i] != i + 1 ? -1.0 : 1.0) * B[i + i * k];
    else
        d = 0.0;
    free(B);
    free(ipiv);
    return d;
}

enum cls { PD, PSD, ND, NSD, INDEF, INDEF_SINGULAR, ZERO, NCLS };
static const hesse_definiteness expected_verdict[NCLS] = {
    HESSE_DEFINITENESS_POSITIVE_DEFINITE, HESSE_DEFINITENESS_POSITIVE_SEMIDEFINITE,
    HESSE_DEFINITENESS_NEGATIVE_DEFINITE, HESSE_DEFINITENESS_NEGATIVE_SEMIDEFINITE,
    HESSE_DEFINITENESS_INDEFINITE,        HESSE_DEFINITENESS_INDEFINITE,
    HESSE_DEFINITENESS_ZERO};

/* Eigenvalues for a class: magnitudes in [0.5, 10] (far from the 1e-8 zero tolerance),
   zeros where the class needs them. Returns the expected inertia. */
static void class_spectrum(enum cls c, int n, uint64_t *seed, double *lam, int *np, int *nn,
                           int *nz)
{
    *np = *nn = *nz = 0;
    for (int k = 0; k < n; k++) {
        double mag = 0.5 + 9.5 * rng_uniform(seed);
        double v;
        switch (c) {
        case PD: v = mag; break;
        case ND: v = -mag; break;
        case PSD: v = (k % 3 == 1) ? 0.0 : mag; break;
        case NSD: v = (k % 3 == 1) ? 0.0 : -mag; break;
        case INDEF: v = (n == 1) ? mag : (k % 2 ? -mag : mag); break;
        case INDEF_SINGULAR: v = (k == 2) ? 0.0 : (k % 2 ? -mag : mag); break;
        default: v = 0.0; break;
        }
        lam[k] = v;
        if (v > 0) (*np)++;
        else if (v < 0) (*nn)++;
        else (*nz)++;
    }
}

Test(definiteness, three_tests_agree_on_random_matrices)
{
    static const int sizes[] = {1, 2, 3, 4, 7, 12, 25, 50};
    uint64_t seed = 20261125;
    int count = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int n = sizes[si];
        double *A = malloc(sizeof(double) * n * n), *lam = malloc(sizeof(double) * n);
        double *ev = malloc(sizeof(double) * n), *minors = malloc(sizeof(double) * n);
        cr_assert(A && lam && ev && minors);
        for (int c = 0; c < NCLS; c++) {
            if ((c == INDEF || c == INDEF_SINGULAR) && n < 3) continue;
            if ((c == PSD || c == NSD) && n < 2) continue;
            for (int rep = 0; rep < 3; rep++) {
                int np, nn, nz;
                class_spectrum((enum cls)c, n, &seed, lam, &np, &nn, &nz);
                random_symmetric(n, lam, &seed, A);
                hesse_definiteness_result re, rs, rl;
                cr_assert_eq(hesse_definiteness_eig(n, n, A, NULL, ev, &re), HESSE_SUCCESS,
                             "%s", re.message);
                cr_assert_eq(hesse_definiteness_sylvester(n, n, A, NULL, minors, &rs),
                             HESSE_SUCCESS, "%s", rs.message);
                cr_assert_eq(hesse_definiteness_ldlt(n, n, A, NULL, &rl), HESSE_SUCCESS,
                             "%s", rl.message);
                cr_assert_eq(re.verdict, expected_verdict[c], "n=%d class %d: %s", n, c,
                             re.message);
                cr_assert(re.npos == np && re.nneg == nn && re.nzero == nz,
                          "n=%d class %d: eig inertia (%d,%d,%d) want (%d,%d,%d)", n, c,
                          re.npos, re.nneg, re.nzero, np, nn, nz);
                cr_assert(rl.npos == np && rl.nneg == nn && rl.nzero == nz,
                          "n=%d class %d: LDLT inertia (%d,%d,%d) want (%d,%d,%d)", n, c,
                          rl.npos, rl.nneg, rl.nzero, np, nn, nz);
                cr_assert_eq(rl.verdict, re.verdict);
                switch (c) {
                case PD: case ND: case INDEF:
                    /* Nonsingular leading blocks: the criterion decides, and Jacobi's
                       rule reproduces the inertia. */
                    cr_assert_eq(rs.verdict, re.verdict, "n=%d class %d: %s", n, c,
                                 rs.message);
                    cr_assert(rs.npos == np && rs.nneg == nn && rs.nzero == 0);
                    break;
                case PSD: case NSD: case ZERO:
                    /* Semidefinite: leading minors cannot decide. */
                    cr_assert_eq(rs.verdict, HESSE_DEFINITENESS_UNDECIDED, "n=%d class %d: %s",
                                 n, c, rs.message);
                    break;
                default:
                    cr_assert(rs.verdict == HESSE_DEFINITENESS_INDEFINITE ||
                              rs.verdict == HESSE_DEFINITENESS_UNDECIDED);
                }
                /* Eigenvalues ascending and equal to the chosen ones: error bound
                   ~ n·eps·max|λ| ≈ 50 · 2.2e-16 · 10, widened to 1e-11. */
                double sorted[50];
                memcpy(sorted, lam, sizeof(double) * n);
                for (int i = 1; i < n; i++)
                    for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
                        double t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t;
                    }
                for (int i = 0; i < n; i++) cr_assert(fabs(ev[i] - sorted[i]) < 1e-11);
                /* Minors against an independent LU determinant (n <= 12 keeps them
                   within range); relative 1e-8: both are backward stable, the blocks'
                   condition numbers stay below ~1e4 for these spectra. */
                if (n <= 12 && c != ZERO)
                    for (int k = 1; k <= n; k++) {
                        double d = det_lu(k, A, n);
                        double scale = 1.0;
                        for (int i = 0; i < k; i++) scale *= 10.0; /* max|λ|^k */
                        cr_assert(fabs(minors[k - 1] - d) <= 1e-8 * fmax(fabs(d), 1e-6 * scale),
                                  "n=%d k=%d minor %g vs LU %g", n, k, minors[k - 1], d);
                    }
                count++;
            }
        }
        free(A); free(lam); free(ev); free(minors);
    }
    cr_assert_gt(count, 100);
}

/* The seed's matrices, with the verdicts and minors it states. */
Test(definiteness, seed_matrices)
{
    struct {
        double A[4];
        hesse_definiteness verdict;
        double m1, m2;
    } cases[] = {
        {{2, 2, 2, -2}, HESSE_DEFINITENESS_INDEFINITE, 2, -8},   /* Hessian at (0,-2) */
        {{12, -4, -4, 8}, HESSE_DEFINITENESS_POSITIVE_DEFINITE, 12, 80}, /* H_f(1,0) */
        {{2, 4, 4, 2}, HESSE_DEFINITENESS_INDEFINITE, 2, -12},   /* exercise 1 */
        {{0, 1, 1, 0}, HESSE_DEFINITENESS_INDEFINITE, 0, -1},    /* exercise 2 */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        hesse_definiteness_result re, rs, rl;
        double minors[2], ev[2];
        cr_assert_eq(hesse_definiteness_eig(2, 2, cases[c].A, NULL, ev, &re), HESSE_SUCCESS);
        cr_assert_eq(hesse_definiteness_sylvester(2, 2, cases[c].A, NULL, minors, &rs),
                     HESSE_SUCCESS);
        cr_assert_eq(hesse_definiteness_ldlt(2, 2, cases[c].A, NULL, &rl), HESSE_SUCCESS);
        cr_assert_eq(re.verdict, cases[c].verdict, "case %zu: %s", c, re.message);
        cr_assert_eq(rs.verdict, cases[c].verdict, "case %zu: %s", c, rs.message);
        cr_assert_eq(rl.verdict, cases[c].verdict, "case %zu: %s", c, rl.message);
        /* Small integer minors: exact up to a few ulps. */
        cr_assert(fabs(minors[0] - cases[c].m1) < 1e-13 && fabs(minors[1] - cases[c].m2) < 1e-12,
                  "case %zu: minors %g %g", c, minors[0], minors[1]);
    }
}

Test(definiteness, sylvester_cannot_see_semidefinite)
{
    double nsd[4] = {0, 0, 0, -1}, psd[4] = {0, 0, 0, 1};
    hesse_definiteness_result r;
    cr_assert_eq(hesse_definiteness_sylvester(2, 2, nsd, NULL, NULL, &r), HESSE_SUCCESS);
    cr_assert_eq(r.verdict, HESSE_DEFINITENESS_UNDECIDED);
    cr_assert_eq(hesse_definiteness_sylvester(2, 2, psd, NULL, NULL, &r), HESSE_SUCCESS);
    cr_assert_eq(r.verdict, HESSE_DEFINITENESS_UNDECIDED);
    cr_assert_eq(hesse_definiteness_eig(2, 2, nsd, NULL, NULL, &r), HESSE_SUCCESS);
    cr_assert_eq(r.verdict, HESSE_DEFINITENESS_NEGATIVE_SEMIDEFINITE);
    cr_assert_eq(hesse_definiteness_ldlt(2, 2, psd, NULL, &r), HESSE_SUCCESS);
    cr_assert_eq(r.verdict, HESSE_DEFINITENESS_POSITIVE_SEMIDEFINITE);
    cr_assert_str_eq(hesse_definiteness_name(HESSE_DEFINITENESS_INDEFINITE), "indefinite");
    cr_assert_str_eq(hesse_definiteness_name((hesse_definiteness)99), "unknown");
}

Test(definiteness, rejects_non_square_and_non_symmetric)
{
    double A[6] = {1, 2, 2, 1, 0, 0};
    hesse_definiteness_result r;
    cr_assert_eq(hesse_definiteness_eig(2, 3, A, NULL, NULL, &r), HESSE_EINVAL);
    cr_assert(strstr(r.message, "2 x 3"), "%s", r.message);
    cr_assert_eq(hesse_definiteness_sylvester(3, 2, A, NULL, NULL, &r), HESSE_EINVAL);
    double B[4] = {1, 2, 2.5, 1};
    cr_assert_eq(hesse_definiteness_ldlt(2, 2, B, NULL, &r), HESSE_EINVAL);
    cr_assert(strstr(r.message, "not symmetric"), "%s", r.message);
    cr_assert_eq(hesse_definiteness_eig(2, 2, B, NULL, NULL, &r), HESSE_EINVAL);
    /* Within sym_tol (1e-10 relative by default): accepted. */
    double C[4] = {1, 2, 2 + 1e-14, 1};
    cr_assert_eq(hesse_definiteness_eig(2, 2, C, NULL, NULL, &r), HESSE_SUCCESS);
    hesse_analysis_options opt;
    hesse_analysis_options_init(&opt);
    opt.rtol = -1;
    cr_assert_eq(hesse_definiteness_eig(2, 2, C, &opt, NULL, &r), HESSE_EINVAL);
    cr_assert(strstr(r.message, "rtol"), "%s", r.message);
}

static void *never_malloc(size_t size, void *data)
{
    (void)size;
    (void)data;
    return NULL;
}

static void never_free(void *p, void *data)
{
    (void)p;
    (void)data;
}

Test(definiteness, rejects_a_half_set_allocator)
{
    /* The allocator rule of hesse.h: both functions or neither; either half alone is
       HESSE_EINVAL before anything is allocated. */
    double A[4] = {2, 0, 0, 1};
    hesse_analysis_options opt;
    hesse_definiteness_result r;
    for (int which = 0; which < 2; which++) {
        hesse_analysis_options_init(&opt);
        if (which == 0) opt.allocator.malloc = never_malloc;
        else opt.allocator.free = never_free;
        cr_assert_eq(hesse_definiteness_eig(2, 2, A, &opt, NULL, &r), HESSE_EINVAL);
        cr_assert(strstr(r.message, "allocator"), "%s", r.message);
    }
}

/* ---------- the seed's functions (the worked example, f = x³ + 3x² − 4xy + y⁴ + 4y²,
   is test_seed_cubic of tests/support) ---------- */

/* f = x² + 2xy − y² + 4x − 4y (seed 001, the Sylvester example). */
static int quad_f(int n, const double *x, double *f, double *g, void *data)
{
    (void)n; (void)data;
    double a = x[0], b = x[1];
    *f = a * a + 2 * a * b - b * b + 4 * a - 4 * b;
    if (g) {
        g[0] = 2 * a + 2 * b + 4;
        g[1] = 2 * a - 2 * b - 4;
    }
    return 0;
}

Test(points, classify_seed_hessian_at_1_0)
{
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double x[2] = {1, 0};
    hesse_point_report r;
    cr_assert_eq(hesse_point_classify(&p, 2, x, NULL, &r), HESSE_SUCCESS, "%s", r.message);
    /* The seed's H_f(1,0) = [[12,-4],[-4,8]], exact from the callback. */
    cr_assert(r.hessian[0] == 12 && r.hessian[1] == -4 && r.hessian[2] == -4 &&
              r.hessian[3] == 8);
    cr_assert_eq(r.kind, HESSE_POINT_NOT_STATIONARY); /* ∇f(1,0) = (9, -4) */
    cr_assert_eq(r.eig.verdict, HESSE_DEFINITENESS_POSITIVE_DEFINITE);
    cr_assert(r.consistent);
    cr_assert(fabs(r.laplacian - 20) < 1e-14); /* 12 + 8, exact */
    cr_assert(fabs(r.minors[1] - 80) < 1e-12);
    hesse_point_report_clear(&r);
    hesse_point_report_clear(&r); /* cleared struct: no-op */

    /* Without the callback: finite differences; entries within 1e-6 (central
       differences of a quartic with h ≈ 6e-6: error ≈ h²·|f''''|/6 ≈ 1e-9). */
    p.hessian = NULL;
    cr_assert_eq(hesse_point_classify(&p, 2, x, NULL, &r), HESSE_SUCCESS);
    cr_assert_eq(r.hessian_exact, 0);
    cr_assert(fabs(r.hessian[0] - 12) < 1e-6 && fabs(r.hessian[3] - 8) < 1e-6);
    cr_assert_eq(r.eig.verdict, HESSE_DEFINITENESS_POSITIVE_DEFINITE);
    hesse_point_report_clear(&r);
}

static void expect_point(const hesse_critical_points *cp, double x0, double x1,
                         hesse_point_kind kind, double tol)
{
    for (int c = 0; c < cp->count; c++)
        if (fabs(cp->points[c].x[0] - x0) <= tol && fabs(cp->points[c].x[1] - x1) <= tol) {
            cr_assert_eq(cp->points[c].kind, kind, "point (%g, %g) is %s", x0, x1,
                         hesse_point_kind_name(cp->points[c].kind));
            return;
        }
    cr_assert_fail("no critical point near (%g, %g)", x0, x1);
}

Test(critical, seed_function_has_a_minimum_and_a_saddle)
{
    double lo[2] = {-3, -3}, hi[2] = {3, 3};
    for (int exact = 1; exact >= 0; exact--) {
        hesse_problem p = {2, test_seed_cubic, exact ? test_seed_cubic_hessian : NULL, NULL, NULL};
        hesse_critical_points cp;
        cr_assert_eq(hesse_critical_points_find(&p, lo, hi, NULL, &cp), HESSE_SUCCESS, "%s",
                     cp.message);
        cr_assert_eq(cp.count, 2, "%s", cp.message);
        /* The seed prints 5 decimals: 5e-6 plus rounding of the found point. */
        expect_point(&cp, 0.0, 0.0, HESSE_POINT_MINIMUM, 1e-8);
        expect_point(&cp, -1.43698, -0.60679, HESSE_POINT_SADDLE, 6e-6);
        for (int c = 0; c < cp.count; c++) {
            double f, g[2];
            test_seed_cubic(2, cp.points[c].x, &f, g, NULL);
            /* Converged to solve_gtol = 1e-10 (|f| < 1 here). */
            cr_assert(fabs(g[0]) <= 1e-10 && fabs(g[1]) <= 1e-10);
            cr_assert(cp.points[c].hits >= 1);
        }
        cr_assert(cp.points[0].f <= cp.points[1].f); /* sorted by f */
        hesse_critical_points_clear(&cp);
    }
}

Test(critical, seed_quadratic_has_one_saddle)
{
    hesse_problem p = {2, quad_f, NULL, NULL, NULL};
    double lo[2] = {-5, -5}, hi[2] = {5, 5};
    hesse_critical_points cp;
    cr_assert_eq(hesse_critical_points_find(&p, lo, hi, NULL, &cp), HESSE_SUCCESS);
    cr_assert_eq(cp.count, 1);
    /* Linear gradient: Newton lands on it in one step, up to rounding. */
    expect_point(&cp, 0.0, -2.0, HESSE_POINT_SADDLE, 1e-9);
    cr_assert_eq(cp.points[0].npos, 1);
    cr_assert_eq(cp.points[0].nneg, 1);
    hesse_critical_points_clear(&cp);

    /* The classification of the point agrees, with the seed's minors 2 and -8. */
    double x[2] = {0, -2};
    hesse_point_report r;
    cr_assert_eq(hesse_point_classify(&p, 2, x, NULL, &r), HESSE_SUCCESS);
    cr_assert_eq(r.kind, HESSE_POINT_SADDLE);
    cr_assert_eq(r.sylvester.verdict, HESSE_DEFINITENESS_INDEFINITE);
    /* FD of a linear gradient: exact up to rounding / h ≈ 1e-10. */
    cr_assert(fabs(r.minors[0] - 2) < 1e-6 && fabs(r.minors[1] + 8) < 1e-6);
    hesse_point_report_clear(&r);
}

Test(critical, empty_box_is_rejected)
{
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double lo[2] = {-3, 1}, hi[2] = {3, 1};
    hesse_critical_points cp;
    cr_assert_eq(hesse_critical_points_find(&p, lo, hi, NULL, &cp), HESSE_EINVAL);
    cr_assert(strstr(cp.message, "empty box") && strstr(cp.message, "lo[1]"), "%s",
              cp.message);
    hesse_critical_points_clear(&cp);
    hesse_convexity cv;
    cr_assert_eq(hesse_convexity_check(&p, lo, hi, NULL, &cv), HESSE_EINVAL);
    cr_assert(strstr(cv.message, "empty box"), "%s", cv.message);
    hesse_convexity_clear(&cv);
}

/* ---------- convexity ---------- */
static int bowl(int n, const double *x, double *f, double *g, void *data)
{
    double sgn = data ? -1.0 : 1.0; /* data != NULL: the upside-down bowl */
    *f = 0;
    for (int i = 0; i < n; i++) *f += sgn * (i + 1) * x[i] * x[i];
    *f += sgn * x[0] * x[n - 1];
    if (g) {
        for (int i = 0; i < n; i++) g[i] = sgn * 2 * (i + 1) * x[i];
        g[0] += sgn * x[n - 1];
        g[n - 1] += sgn * x[0];
    }
    return 0;
}
static int quartic(int n, const double *x, double *f, double *g, void *data)
{
    (void)data;
    *f = 0;
    for (int i = 0; i < n; i++) {
        *f += x[i] * x[i] * x[i] * x[i];
        if (g) g[i] = 4 * x[i] * x[i] * x[i];
    }
    return 0;
}
static int quartic_h(int n, const double *x, double *H, void *data)
{
    (void)data;
    memset(H, 0, sizeof(double) * n * n);
    for (int i = 0; i < n; i++) H[i + i * n] = 12 * x[i] * x[i];
    return 0;
}
static int affine(int n, const double *x, double *f, double *g, void *data)
{
    (void)data;
    *f = 1;
    for (int i = 0; i < n; i++) {
        *f += (i + 2) * x[i];
        if (g) g[i] = i + 2;
    }
    return 0;
}

Test(convexity, verdicts)
{
    int mark = 1;
    double lo[3] = {-2, -1, -3}, hi[3] = {1, 2, 3};
    hesse_convexity cv;
    hesse_problem p = {3, bowl, NULL, NULL, NULL};
    cr_assert_eq(hesse_convexity_check(&p, lo, hi, NULL, &cv), HESSE_SUCCESS);
    cr_assert_eq(cv.verdict, HESSE_CONVEXITY_STRICTLY_CONVEX, "%s", cv.message);
    cr_assert_null(cv.not_convex_at);
    cr_assert_not_null(cv.not_concave_at);
    cr_assert_eq(cv.nsamples, 256);
    hesse_convexity_clear(&cv);

    p.data = &mark;
    cr_assert_eq(hesse_convexity_check(&p, lo, hi, NULL, &cv), HESSE_SUCCESS);
    cr_assert_eq(cv.verdict, HESSE_CONVEXITY_STRICTLY_CONCAVE, "%s", cv.message);
    hesse_convexity_clear(&cv);

    /* x⁴ + y⁴ + z⁴: the Halton points with an odd index have first coordinate 1/2 in
       base 2, the plane x = 0 of this box, where H = diag(0, ·, ·) is singular: the
       function is strictly convex but the samples show only "convex" (hesse.h: positive
       definite everywhere is sufficient, not necessary). */
    double slo[3] = {-1, -1, -1}, shi[3] = {1, 1, 1};
    hesse_problem q = {3, quartic, quartic_h, NULL, NULL};
    cr_assert_eq(hesse_convexity_check(&q, slo, shi, NULL, &cv), HESSE_SUCCESS);
    cr_assert_eq(cv.verdict, HESSE_CONVEXITY_CONVEX, "%s", cv.message);
    cr_assert_gt(cv.count[HESSE_DEFINITENESS_POSITIVE_SEMIDEFINITE], 0);
    hesse_convexity_clear(&cv);

    hesse_problem a = {3, affine, NULL, NULL, NULL};
    cr_assert_eq(hesse_convexity_check(&a, lo, hi, NULL, &cv), HESSE_SUCCESS);
    cr_assert_eq(cv.verdict, HESSE_CONVEXITY_AFFINE, "%s", cv.message);
    hesse_convexity_clear(&cv);
}

Test(convexity, seed_function_is_neither_with_witnesses)
{
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double lo[2] = {-3, -3}, hi[2] = {3, 3};
    hesse_convexity cv;
    cr_assert_eq(hesse_convexity_check(&p, lo, hi, NULL, &cv), HESSE_SUCCESS);
    cr_assert_eq(cv.verdict, HESSE_CONVEXITY_NEITHER, "%s", cv.message);
    cr_assert_not_null(cv.not_convex_at);
    /* Check the witness independently: the 2×2 Hessian's smaller eigenvalue there. */
    double H[4];
    test_seed_cubic_hessian(2, cv.not_convex_at, H, NULL);
    double t = H[0] + H[3], d = H[0] * H[3] - H[1] * H[1];
    double lmin = 0.5 * t - sqrt(0.25 * t * t - d);
    cr_assert_lt(lmin, 0.0);
    cr_assert(fabs(lmin - cv.not_convex_lambda) < 1e-10 * fmax(1, fabs(lmin)));
    cr_assert(cv.not_convex_at[0] >= -3 && cv.not_convex_at[0] <= 3);
    hesse_convexity_clear(&cv);
}

/* ---------- Taylor model, Laplacian ---------- */
Test(taylor, error_is_the_exact_higher_order_terms)
{
    /* For the seed f, f(x+h) − [f + gᵀh + ½hᵀHh] = h1³ + 4 y h2³ + h2⁴ exactly. */
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double x[2] = {1, 0.5}, h[2] = {0.1, -0.2};
    hesse_taylor_result r;
    cr_assert_eq(hesse_taylor2(&p, 2, x, h, NULL, &r), HESSE_SUCCESS, "%s", r.message);
    double want = h[0] * h[0] * h[0] + 4 * x[1] * h[1] * h[1] * h[1] + pow(h[1], 4);
    /* Rounding of O(10) terms: 1e-13. */
    cr_assert(fabs(r.error - want) < 1e-13, "error %.17g want %.17g", r.error, want);
    double f;
    test_seed_cubic(2, (double[]){1.1, 0.3}, &f, NULL, NULL);
    cr_assert(fabs(r.actual - f) < 1e-15);
    cr_assert(fabs(r.laplacian - (6 * 1 + 6 + 12 * 0.25 + 8)) < 1e-13);
    /* Error is O(‖h‖³): halving h divides it by about 8 (7.2..8.8). */
    double h2[2] = {0.05, -0.1};
    hesse_taylor_result r2;
    cr_assert_eq(hesse_taylor2(&p, 2, x, h2, NULL, &r2), HESSE_SUCCESS);
    cr_assert(fabs(r.error / r2.error) > 7.2 && fabs(r.error / r2.error) < 8.8);
}

Test(taylor, laplacian_exact_and_by_differences)
{
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double x[2] = {1, 0}, lap = 0;
    char msg[128];
    cr_assert_eq(hesse_laplacian(&p, 2, x, NULL, &lap, msg, sizeof msg), HESSE_SUCCESS);
    cr_assert(lap == 20.0); /* 12 + 8 from the seed's H_f(1,0), exact */
    p.hessian = NULL;
    cr_assert_eq(hesse_laplacian(&p, 2, x, NULL, &lap, NULL, 0), HESSE_SUCCESS);
    cr_assert(fabs(lap - 20.0) < 1e-6); /* central differences, h ≈ 6e-6 */
}

Test(points, wrong_length_point)
{
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double x[3] = {1, 0, 0}, lap;
    hesse_point_report r;
    cr_assert_eq(hesse_point_classify(&p, 3, x, NULL, &r), HESSE_EINVAL);
    cr_assert(strstr(r.message, "3 values") && strstr(r.message, "n = 2"), "%s", r.message);
    hesse_point_report_clear(&r);
    char msg[256];
    cr_assert_eq(hesse_laplacian(&p, 1, x, NULL, &lap, msg, sizeof msg), HESSE_EINVAL);
    cr_assert(strstr(msg, "1 values"), "%s", msg);
    hesse_taylor_result t;
    cr_assert_eq(hesse_taylor2(&p, 3, x, x, NULL, &t), HESSE_EINVAL);
    hesse_derivative_check dc;
    cr_assert_eq(hesse_check_derivatives(&p, 0, x, NULL, &dc), HESSE_EINVAL);
}

/* ---------- derivative check ---------- */
typedef struct {
    int bad_grad;  /* index of a wrong gradient entry, or -1 */
    int bad_hess;  /* 1: H(1,0) wrong in both triangles; 2: only H(1,0) (asymmetric) */
} bugs;

static int buggy_f(int n, const double *x, double *f, double *g, void *data)
{
    const bugs *b = data;
    int rc = test_seed_cubic(n, x, f, g, NULL);
    if (g && b->bad_grad >= 0) g[b->bad_grad] *= 1.01;
    return rc;
}
static int buggy_h(int n, const double *x, double *H, void *data)
{
    const bugs *b = data;
    test_seed_cubic_hessian(n, x, H, NULL);
    if (b->bad_hess == 1) H[1] = H[2] = -4.5;
    if (b->bad_hess == 2) H[1] = -4.5;
    return 0;
}

Test(check, correct_derivatives_pass)
{
    bugs b = {-1, 0};
    hesse_problem p = {2, buggy_f, buggy_h, NULL, &b};
    double x[2] = {0.7, -1.3};
    hesse_derivative_check r;
    cr_assert_eq(hesse_check_derivatives(&p, 2, x, NULL, &r), HESSE_SUCCESS);
    cr_assert(r.pass, "%s", r.message);
    /* Central differences with h ≈ 6e-6: errors ≈ 1e-10, far below 1e-6. */
    cr_assert_lt(r.grad_max_error, 1e-8);
    cr_assert_lt(r.hess_max_error, 1e-8);
    cr_assert_eq(r.sym_max_error, 0.0);
    cr_assert_eq(r.grad_nworst, 2);
    cr_assert_eq(r.hess_nworst, 4);
}

Test(check, wrong_gradient_entry_is_named)
{
    bugs b = {1, 0};
    hesse_problem p = {2, buggy_f, NULL, NULL, &b};
    double x[2] = {0.7, -1.3};
    hesse_derivative_check r;
    cr_assert_eq(hesse_check_derivatives(&p, 2, x, NULL, &r), HESSE_SUCCESS);
    cr_assert_not(r.pass);
    cr_assert_eq(r.grad_worst[0].i, 1);
    cr_assert_eq(r.grad_nbad, 1);
    /* 1% off in an entry of size ~ 14: relative error ≈ 0.01/1.01. */
    cr_assert(fabs(r.grad_worst[0].rel_error - 0.01 / 1.01) < 1e-6);
    cr_assert(strstr(r.message, "g[1]"), "%s", r.message);
}

Test(check, wrong_and_asymmetric_hessian)
{
    bugs b = {-1, 1};
    hesse_problem p = {2, buggy_f, buggy_h, NULL, &b};
    double x[2] = {0.7, -1.3};
    hesse_derivative_check r;
    cr_assert_eq(hesse_check_derivatives(&p, 2, x, NULL, &r), HESSE_SUCCESS);
    cr_assert_not(r.pass);
    cr_assert_eq(r.hess_nbad, 2);
    cr_assert(r.hess_worst[0].i + r.hess_worst[0].j == 1); /* (1,0) or (0,1) */
    cr_assert(fabs(r.hess_worst[0].rel_error - 0.5 / 4.5) < 1e-6);

    b.bad_hess = 2;
    cr_assert_eq(hesse_check_derivatives(&p, 2, x, NULL, &r), HESSE_SUCCESS);
    cr_assert_not(r.pass);
    cr_assert_eq(r.hess_nbad, 1);
    cr_assert(r.hess_worst[0].i == 1 && r.hess_worst[0].j == 0);
    cr_assert(fabs(r.sym_max_error - 0.5 / 4.5) < 1e-12);
    cr_assert(r.sym_worst.i == 1 && r.sym_worst.j == 0);

    /* The same asymmetric callback is refused by the classification. */
    hesse_point_report rep;
    cr_assert_eq(hesse_point_classify(&p, 2, x, NULL, &rep), HESSE_EINVAL);
    cr_assert(strstr(rep.message, "not symmetric"), "%s", rep.message);
    hesse_point_report_clear(&rep);
}

/* ---------- callback errors ---------- */
static int aborting(int n, const double *x, double *f, double *g, void *data)
{
    (void)n; (void)x; (void)g; (void)data;
    *f = 0;
    return -1;
}
static int nan_f(int n, const double *x, double *f, double *g, void *data)
{
    (void)data;
    test_seed_cubic(n, x, f, g, NULL);
    *f = NAN;
    return 0;
}

Test(points, callback_errors)
{
    double x[2] = {1, 1}, lo[2] = {-1, -1}, hi[2] = {1, 1};
    hesse_problem p = {2, aborting, NULL, NULL, NULL};
    hesse_point_report r;
    cr_assert_eq(hesse_point_classify(&p, 2, x, NULL, &r), HESSE_ECALLBACK);
    hesse_point_report_clear(&r);
    hesse_critical_points cp;
    cr_assert_eq(hesse_critical_points_find(&p, lo, hi, NULL, &cp), HESSE_ECALLBACK);
    hesse_critical_points_clear(&cp);
    p.objective = nan_f;
    cr_assert_eq(hesse_point_classify(&p, 2, x, NULL, &r), HESSE_ENONFINITE);
    hesse_point_report_clear(&r);
}

/* ---------- out of memory: fail allocation k, k+1, ... until success ---------- */

/* Case `which` of the analysis functions with allocator a. */
static hesse_status analysis_case(const hesse_allocator *a, long k, void *data)
{
    int which = *(const int *)data;
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double x[2] = {0.5, 0.5}, lo[2] = {-3, -3}, hi[2] = {3, 3};
    double A[4] = {2, 1, 1, 2};
    hesse_analysis_options opt;
    hesse_analysis_options_init(&opt);
    opt.allocator = *a;
    opt.nstarts = 8;
    opt.nsamples = 8;
    hesse_status st;
    if (which == 0) {
        hesse_point_report r;
        st = hesse_point_classify(&p, 2, x, &opt, &r);
        hesse_point_report_clear(&r);
    } else if (which == 1) {
        hesse_critical_points cp;
        st = hesse_critical_points_find(&p, lo, hi, &opt, &cp);
        hesse_critical_points_clear(&cp);
    } else if (which == 2) {
        hesse_convexity cv;
        st = hesse_convexity_check(&p, lo, hi, &opt, &cv);
        hesse_convexity_clear(&cv);
    } else if (which == 3) {
        hesse_definiteness_result r;
        st = hesse_definiteness_sylvester(2, 2, A, &opt, NULL, &r);
    } else if (which == 4) {
        hesse_definiteness_result r;
        st = hesse_definiteness_eig(2, 2, A, &opt, NULL, &r);
    } else if (which == 5) {
        hesse_definiteness_result r;
        st = hesse_definiteness_ldlt(2, 2, A, &opt, &r);
    } else if (which == 6) {
        hesse_taylor_result r;
        st = hesse_taylor2(&p, 2, x, x, &opt, &r);
    } else if (which == 7) {
        double lap;
        st = hesse_laplacian(&p, 2, x, &opt, &lap, NULL, 0);
    } else {
        hesse_derivative_check r;
        st = hesse_check_derivatives(&p, 2, x, &opt, &r);
    }
    return st;
}

Test(oom, ratchet)
{
    for (int which = 0; which < 9; which++) {
        char what[32];
        snprintf(what, sizeof what, "analysis case %d", which);
        long allocations = test_oom_ratchet(what, analysis_case, &which, HESSE_SUCCESS);
        cr_assert_gt(allocations, 0, "case %d never allocated through the allocator", which);
        cr_assert_leq(allocations, 100);
    }
}

/* Himmelblau's function: 4 minima (f = 0), 1 maximum, 4 saddles in [-5, 5]². */
static int himmelblau(int n, const double *x, double *f, double *g, void *data)
{
    (void)n; (void)data;
    double a = x[0] * x[0] + x[1] - 11, b = x[0] + x[1] * x[1] - 7;
    *f = a * a + b * b;
    if (g) {
        g[0] = 4 * x[0] * a + 2 * b;
        g[1] = 2 * a + 4 * x[1] * b;
    }
    return 0;
}

Test(critical, himmelblau_has_nine)
{
    hesse_problem p = {2, himmelblau, NULL, NULL, NULL};
    double lo[2] = {-5, -5}, hi[2] = {5, 5};
    hesse_critical_points cp;
    cr_assert_eq(hesse_critical_points_find(&p, lo, hi, NULL, &cp), HESSE_SUCCESS);
    cr_assert_eq(cp.count, 9, "%s", cp.message);
    int kinds[6] = {0};
    for (int c = 0; c < cp.count; c++) kinds[cp.points[c].kind]++;
    cr_assert_eq(kinds[HESSE_POINT_MINIMUM], 4);
    cr_assert_eq(kinds[HESSE_POINT_SADDLE], 4);
    cr_assert_eq(kinds[HESSE_POINT_MAXIMUM], 1);
    /* The minima have f = 0 (sums of two squares that vanish); the found points
       meet ‖g‖ <= 1e-10, so f <= ~1e-20. */
    for (int c = 0; c < 4; c++) cr_assert_lt(cp.points[c].f, 1e-16);
    expect_point(&cp, 3.0, 2.0, HESSE_POINT_MINIMUM, 1e-9);
    /* The maximum, known to 6 decimals (Himmelblau, Applied Nonlinear Programming,
       1972): 5e-7 plus rounding. */
    expect_point(&cp, -0.270845, -0.923039, HESSE_POINT_MAXIMUM, 1e-6);
    hesse_critical_points_clear(&cp);
}

/* The seed's exercise 3: H_f(0, 1, π) = [[0, π, 1], [π, 0, -1], [1, -1, 0]]. Δ_1 = 0,
   yet Δ_2 = -π² < 0 (even order) proves a positive and a negative eigenvalue. */
Test(definiteness, seed_exercise_3_zero_first_minor)
{
    const double pi = M_PI;
    double H[9] = {0, pi, 1, pi, 0, -1, 1, -1, 0};
    double minors[3];
    hesse_definiteness_result rs, re, rl;
    cr_assert_eq(hesse_definiteness_sylvester(3, 3, H, NULL, minors, &rs), HESSE_SUCCESS);
    cr_assert_eq(rs.verdict, HESSE_DEFINITENESS_INDEFINITE, "%s", rs.message);
    cr_assert_eq(rs.npos, -1); /* a zero minor: Jacobi's rule does not apply */
    /* Hand cofactor expansion: Δ_2 = -π², Δ_3 = -2π; a few ulps. */
    cr_assert(fabs(minors[0]) < 1e-15);
    cr_assert(fabs(minors[1] + pi * pi) < 1e-13 && fabs(minors[2] + 2 * pi) < 1e-13,
              "%g %g", minors[1], minors[2]);
    cr_assert_eq(hesse_definiteness_eig(3, 3, H, NULL, NULL, &re), HESSE_SUCCESS);
    cr_assert_eq(hesse_definiteness_ldlt(3, 3, H, NULL, &rl), HESSE_SUCCESS);
    cr_assert_eq(re.verdict, HESSE_DEFINITENESS_INDEFINITE);
    /* det = λ1λ2λ3 < 0: one or three negative eigenvalues; trace 0 rules out three,
       so the inertia is (2, 1, 0). */
    cr_assert(re.npos == 2 && re.nneg == 1 && re.nzero == 0);
    cr_assert(rl.npos == 2 && rl.nneg == 1 && rl.nzero == 0);
}
