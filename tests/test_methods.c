/*
 * Every method on a shared table of test problems (one parameterized suite), then the
 * behaviours specific to the trust-region and quasi-Newton methods: leaving saddle
 * points and maxima, method-specific invalid options, a collapsing trust region, the
 * trace record, and the alternative derivative sources of newton-tr and newton-cg.
 *
 * The problems are written out here with exact gradients and Hessians, independently
 * of problems/, and checked against central differences and their recorded f* before
 * any method is judged.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"
#include "support.h"

#define MAXN 10

/* ---- the problems ---- */

/* Rosenbrock, n = 2: test_rosenbrock of tests/support. */

/* Extended Rosenbrock (MGH problem 21): pairs (x_{2i}, x_{2i+1}) of Rosenbrock. */
static int ext_rosenbrock(int n, const double *x, double *f, double *g, void *data)
{
    *f = 0.0;
    for (int i = 0; i < n; i += 2) {
        double fi, gi[2];
        test_rosenbrock(2, x + i, &fi, g ? gi : NULL, NULL);
        *f += fi;
        if (g) {
            g[i] = gi[0];
            g[i + 1] = gi[1];
        }
    }
    return 0;
}
static int ext_rosenbrock_hessian(int n, const double *x, double *H, void *data)
{
    memset(H, 0, (size_t)n * n * sizeof *H);
    for (int i = 0; i < n; i += 2) {
        double h[4];
        test_rosenbrock_hessian(2, x + i, h, NULL);
        H[i + i * n] = h[0];
        H[i + 1 + i * n] = H[i + (i + 1) * n] = h[1];
        H[i + 1 + (i + 1) * n] = h[3];
    }
    return 0;
}

/* Convex quadratic n = 10: f = ½xᵀAx - bᵀx, A = tridiag(1, 4, 1), b = A·1, so the
   minimizer is x* = 1 and f* = -½ 1ᵀA1 = -½ (4·10 + 2·9) = -29. */
static int quadratic(int n, const double *x, double *f, double *g, void *data)
{
    *f = 0.0;
    for (int i = 0; i < n; i++) {
        double ax = 4.0 * x[i] + (i > 0 ? x[i - 1] : 0.0) + (i + 1 < n ? x[i + 1] : 0.0);
        double b = 4.0 + (i > 0) + (i + 1 < n);
        *f += 0.5 * x[i] * ax - b * x[i];
        if (g) g[i] = ax - b;
    }
    return 0;
}
static int quadratic_hessian(int n, const double *x, double *H, void *data)
{
    memset(H, 0, (size_t)n * n * sizeof *H);
    for (int i = 0; i < n; i++) {
        H[i + i * n] = 4.0;
        if (i + 1 < n) H[i + 1 + i * n] = H[i + (i + 1) * n] = 1.0;
    }
    return 0;
}

/* Beale (MGH problem 5): t_k = c_k - x(1 - y^k), c = (1.5, 2.25, 2.625), f = Σ t_k². */
static const double beale_c[3] = {1.5, 2.25, 2.625};
static int beale(int n, const double *x, double *f, double *g, void *data)
{
    double X = x[0], Y = x[1];
    *f = 0.0;
    if (g) g[0] = g[1] = 0.0;
    for (int k = 1; k <= 3; k++) {
        double t = beale_c[k - 1] - X * (1.0 - pow(Y, k));
        *f += t * t;
        if (g) {
            g[0] += 2.0 * t * -(1.0 - pow(Y, k));
            g[1] += 2.0 * t * X * k * pow(Y, k - 1);
        }
    }
    return 0;
}
static int beale_hessian(int n, const double *x, double *H, void *data)
{
    double X = x[0], Y = x[1];
    H[0] = H[1] = H[2] = H[3] = 0.0;
    for (int k = 1; k <= 3; k++) {
        double t = beale_c[k - 1] - X * (1.0 - pow(Y, k));
        double tx = -(1.0 - pow(Y, k)), ty = X * k * pow(Y, k - 1);
        double txy = k * pow(Y, k - 1), tyy = k > 1 ? X * k * (k - 1) * pow(Y, k - 2) : 0.0;
        H[0] += 2.0 * tx * tx;
        H[1] += 2.0 * (tx * ty + t * txy);
        H[3] += 2.0 * (ty * ty + t * tyy);
    }
    H[2] = H[1];
    return 0;
}

/* Wood (MGH problem 14), n = 4. */
static int wood(int n, const double *x, double *f, double *g, void *data)
{
    double a = x[1] - x[0] * x[0], b = 1.0 - x[0], c = x[3] - x[2] * x[2], d = 1.0 - x[2];
    double e = x[1] - 1.0, h = x[3] - 1.0;
    *f = 100.0 * a * a + b * b + 90.0 * c * c + d * d + 10.1 * (e * e + h * h) + 19.8 * e * h;
    if (g) {
        g[0] = -400.0 * x[0] * a - 2.0 * b;
        g[1] = 200.0 * a + 20.2 * e + 19.8 * h;
        g[2] = -360.0 * x[2] * c - 2.0 * d;
        g[3] = 180.0 * c + 20.2 * h + 19.8 * e;
    }
    return 0;
}
static int wood_hessian(int n, const double *x, double *H, void *data)
{
    memset(H, 0, 16 * sizeof *H);
    H[0] = 1200.0 * x[0] * x[0] - 400.0 * x[1] + 2.0;
    H[1] = H[4] = -400.0 * x[0];
    H[5] = 220.2;
    H[7] = H[13] = 19.8;
    H[10] = 1080.0 * x[2] * x[2] - 360.0 * x[3] + 2.0;
    H[11] = H[14] = -360.0 * x[2];
    H[15] = 200.2;
    return 0;
}

typedef struct {
    const char *name;
    int n;
    hesse_objective_fn f;
    hesse_hessian_fn hessian;
    double x0[MAXN], xstar[MAXN], fstar;
} test_problem;

enum { ROSENBROCK, QUADRATIC, EXT_ROSENBROCK, BEALE, WOOD, NPROBLEMS };

static const test_problem problems[NPROBLEMS] = {
    [ROSENBROCK] = {"rosenbrock", 2, test_rosenbrock, test_rosenbrock_hessian, {-1.2, 1}, {1, 1}, 0.0},
    [QUADRATIC] = {"quadratic", 10, quadratic, quadratic_hessian, {0}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, -29.0},
    [EXT_ROSENBROCK] = {"ext-rosenbrock", 10, ext_rosenbrock, ext_rosenbrock_hessian,
                        {-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0.0},
    [BEALE] = {"beale", 2, beale, beale_hessian, {1, 1}, {3, 0.5}, 0.0},
    [WOOD] = {"wood", 4, wood, wood_hessian, {-3, -1, -3, -1}, {1, 1, 1, 1}, 0.0},
};

/* Hessian-vector products of any problem above: data points to its test_problem. */
static int hessvec_from_hessian(int n, const double *x, const double *v, double *Hv, void *data)
{
    const test_problem *tp = data;
    double H[MAXN * MAXN];
    tp->hessian(n, x, H, NULL);
    for (int i = 0; i < n; i++) {
        Hv[i] = 0.0;
        for (int j = 0; j < n; j++) Hv[i] += H[i + j * n] * v[j];
    }
    return 0;
}

static hesse_problem make_problem(const test_problem *tp)
{
    return (hesse_problem){tp->n, tp->f, tp->hessian, hessvec_from_hessian, (void *)tp};
}

/* ---- the table checks itself first ---- */

Test(methods, problem_table_is_consistent)
{
    for (int k = 0; k < NPROBLEMS; k++) {
        const test_problem *tp = &problems[k];
        int n = tp->n;
        double f, g[MAXN], fp, fm, gp[MAXN], gm[MAXN], H[MAXN * MAXN];
        tp->f(n, tp->xstar, &f, g, NULL);
        /* f(x*) = f* up to rounding of the sums (|f*| <= 29, ~10 terms) */
        cr_assert(fabs(f - tp->fstar) <= 1e-13, "%s: f(x*) = %.17g, f* = %.17g", tp->name, f, tp->fstar);
        const double *points[2] = {tp->x0, tp->xstar};
        double shifted[MAXN];
        for (int i = 0; i < n; i++) shifted[i] = 0.5 * tp->x0[i] + 0.3 * tp->xstar[i] + 0.1 * (i + 1);
        for (int which = 0; which < 3; which++) {
            const double *x = which < 2 ? points[which] : shifted;
            double xw[MAXN];
            memcpy(xw, x, n * sizeof *xw);
            tp->f(n, x, &f, g, NULL);
            tp->hessian(n, x, H, NULL);
            for (int j = 0; j < n; j++) {
                double h = 1e-5 * fmax(1.0, fabs(x[j])); /* central differences: error O(h²) */
                xw[j] = x[j] + h;
                tp->f(n, xw, &fp, gp, NULL);
                xw[j] = x[j] - h;
                tp->f(n, xw, &fm, gm, NULL);
                xw[j] = x[j];
                double fd = (fp - fm) / (2 * h);
                /* relative 1e-6: O(h²)·f''' plus rounding eps·|f|/h for these scales */
                cr_assert(fabs(fd - g[j]) <= 1e-6 * fmax(1.0, fabs(g[j])), "%s: g[%d] = %g, fd %g",
                          tp->name, j, g[j], fd);
                for (int i = 0; i < n; i++) {
                    double hd = (gp[i] - gm[i]) / (2 * h);
                    cr_assert(fabs(hd - H[i + j * n]) <= 1e-6 * fmax(1.0, fabs(H[i + j * n])),
                              "%s: H[%d,%d] = %g, fd %g", tp->name, i, j, H[i + j * n], hd);
                }
            }
        }
    }
}

/* ---- every method on every problem ---- */

typedef struct {
    int problem;
    char method[16];
    int max_iter;
    hesse_status expect;
    long budget; /* nfev + ngev + nhev */
} method_case;

/* Budgets are about 1.5x the counts measured when the table was written (default
   options, gtol = 1e-8), so that a regression in a method's efficiency fails the test
   while harmless changes of rounding do not. gd is given max_iter = 20000: it needs
   about 15000 iterations in the Rosenbrock valleys and 7000 on Wood, so with the
   default max_iter = 1000 it stops at MAX_ITER (the first row says so). */
#define CASE(p, m, it, st, b) {p, m, it, st, b}
static method_case cases[] = {
    CASE(ROSENBROCK, "gd", 1000, HESSE_MAX_ITER, 1520), /* measured 1013 */
    CASE(ROSENBROCK, "gd", 20000, HESSE_SUCCESS, 14189), /* measured 9459 */
    CASE(ROSENBROCK, "newton", 1000, HESSE_SUCCESS, 87), /* measured 58 */
    CASE(ROSENBROCK, "newton-tr", 1000, HESSE_SUCCESS, 74), /* measured 49 */
    CASE(ROSENBROCK, "newton-cg", 1000, HESSE_SUCCESS, 119), /* measured 79 */
    CASE(ROSENBROCK, "bfgs", 1000, HESSE_SUCCESS, 65), /* measured 43 */
    CASE(ROSENBROCK, "lbfgs", 1000, HESSE_SUCCESS, 65), /* measured 43 */
    CASE(ROSENBROCK, "sr1", 1000, HESSE_SUCCESS, 107), /* measured 71 */
    CASE(QUADRATIC, "gd", 20000, HESSE_SUCCESS, 65), /* measured 43 */
    CASE(QUADRATIC, "newton", 1000, HESSE_SUCCESS, 6), /* measured 4 */
    CASE(QUADRATIC, "newton-tr", 1000, HESSE_SUCCESS, 12), /* measured 8 */
    CASE(QUADRATIC, "newton-cg", 1000, HESSE_SUCCESS, 53), /* measured 35 */
    CASE(QUADRATIC, "bfgs", 1000, HESSE_SUCCESS, 18), /* measured 12 */
    CASE(QUADRATIC, "lbfgs", 1000, HESSE_SUCCESS, 15), /* measured 10 */
    CASE(QUADRATIC, "sr1", 1000, HESSE_SUCCESS, 11), /* measured 7 */
    CASE(EXT_ROSENBROCK, "gd", 20000, HESSE_SUCCESS, 14157), /* measured 9438 */
    CASE(EXT_ROSENBROCK, "newton", 1000, HESSE_SUCCESS, 87), /* measured 58 */
    CASE(EXT_ROSENBROCK, "newton-tr", 1000, HESSE_SUCCESS, 74), /* measured 49 */
    CASE(EXT_ROSENBROCK, "newton-cg", 1000, HESSE_SUCCESS, 116), /* measured 77 */
    CASE(EXT_ROSENBROCK, "bfgs", 1000, HESSE_SUCCESS, 68), /* measured 45 */
    CASE(EXT_ROSENBROCK, "lbfgs", 1000, HESSE_SUCCESS, 65), /* measured 43 */
    CASE(EXT_ROSENBROCK, "sr1", 1000, HESSE_SUCCESS, 92), /* measured 61 */
    CASE(BEALE, "gd", 20000, HESSE_SUCCESS, 1076), /* measured 717 */
    CASE(BEALE, "newton", 1000, HESSE_SUCCESS, 47), /* measured 31 */
    CASE(BEALE, "newton-tr", 1000, HESSE_SUCCESS, 26), /* measured 17 */
    CASE(BEALE, "newton-cg", 1000, HESSE_SUCCESS, 45), /* measured 30 */
    CASE(BEALE, "bfgs", 1000, HESSE_SUCCESS, 27), /* measured 18 */
    CASE(BEALE, "lbfgs", 1000, HESSE_SUCCESS, 26), /* measured 17 */
    CASE(BEALE, "sr1", 1000, HESSE_SUCCESS, 23), /* measured 15 */
    CASE(WOOD, "gd", 20000, HESSE_SUCCESS, 7457), /* measured 4971 */
    CASE(WOOD, "newton", 1000, HESSE_SUCCESS, 248), /* measured 165 */
    CASE(WOOD, "newton-tr", 1000, HESSE_SUCCESS, 128), /* measured 85 */
    CASE(WOOD, "newton-cg", 1000, HESSE_SUCCESS, 329), /* measured 219 */
    CASE(WOOD, "bfgs", 1000, HESSE_SUCCESS, 68), /* measured 45 */
    CASE(WOOD, "lbfgs", 1000, HESSE_SUCCESS, 165), /* measured 110 */
    CASE(WOOD, "sr1", 1000, HESSE_SUCCESS, 116), /* measured 77 */
};

ParameterizedTestParameters(methods, converges)
{
    return cr_make_param_array(method_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(method_case *c, methods, converges)
{
    const test_problem *tp = &problems[c->problem];
    const hesse_method *m = hesse_method_find(c->method);
    cr_assert_not_null(m, "method %s is not built in", c->method);
    hesse_problem p = make_problem(tp);
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = m;
    opt.max_iter = c->max_iter;
    double x[MAXN];
    memcpy(x, tp->x0, tp->n * sizeof *x);
    hesse_result r;
    hesse_status st = hesse_minimize(&p, x, &opt, &r);
    long evals = r.nfev + r.ngev + r.nhev;
    cr_assert_eq(st, c->expect, "%s on %s: status %s (%s), expected %s", c->method, tp->name,
                 hesse_status_name(st), r.message, hesse_status_name(c->expect));
    if (c->expect == HESSE_SUCCESS) {
        /* atol 1e-9: at ‖g‖∞ <= 1e-8 near a minimizer whose Hessian has λ_min >= ~0.04
           (the flattest of these problems at x*, Beale/Wood) f - f* ≈ ‖g‖²/(2 λ_min)
           <= 1e-14 per component, far below 1e-9; rtol 1e-12 covers rounding of f*
           (-29) in the quadratic's sums. */
        cr_assert(fabs(r.f - tp->fstar) <= 1e-9 + 1e-12 * fabs(tp->fstar),
                  "%s on %s: f = %.17g, f* = %.17g", c->method, tp->name, r.f, tp->fstar);
    }
    double fresh;
    tp->f(tp->n, x, &fresh, NULL, NULL);
    /* the same x through the same code: bitwise equal */
    cr_assert(fresh == r.f, "%s on %s: reported f = %.17g, f(x) = %.17g", c->method, tp->name, r.f, fresh);
    cr_assert(evals <= c->budget, "%s on %s: %ld evaluations > budget %ld", c->method, tp->name,
              evals, c->budget);
}

/* ---- indefinite starts: saddle points and maxima are left ---- */

/* The Hessian-vector product of test_double_well (tests/support): f = (x² - 1)² + y²,
   minima at (±1, 0), a saddle at (0, 0) with H = diag(-4, 2). */
static int double_well_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    Hv[0] = (12.0 * x[0] * x[0] - 4.0) * v[0];
    Hv[1] = 2.0 * v[1];
    return 0;
}

/* f = ½r⁴ - r², r² = x² + y²: a maximum at 0 (H = -2I), a ring of minima r = 1 where
   H = 4 x xᵀ (eigenvalues 4 and 0: degenerate, f* = -½). */
static int mexican_hat(int n, const double *x, double *f, double *g, void *data)
{
    double r2 = x[0] * x[0] + x[1] * x[1];
    *f = 0.5 * r2 * r2 - r2;
    if (g) {
        g[0] = 2.0 * (r2 - 1.0) * x[0];
        g[1] = 2.0 * (r2 - 1.0) * x[1];
    }
    return 0;
}
static int mexican_hat_hessian(int n, const double *x, double *H, void *data)
{
    double r2 = x[0] * x[0] + x[1] * x[1];
    H[0] = 2.0 * (r2 - 1.0) + 4.0 * x[0] * x[0];
    H[1] = H[2] = 4.0 * x[0] * x[1];
    H[3] = 2.0 * (r2 - 1.0) + 4.0 * x[1] * x[1];
    return 0;
}
static int mexican_hat_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    double H[4];
    mexican_hat_hessian(n, x, H, data);
    Hv[0] = H[0] * v[0] + H[2] * v[1];
    Hv[1] = H[1] * v[0] + H[3] * v[1];
    return 0;
}

/* Which second derivatives the problem offers to the method. */
enum { DERIV_BOTH, DERIV_HESSIAN_ONLY, DERIV_HESSVEC_ONLY, DERIV_NONE };
static const char *deriv_name[] = {"hessian+hessvec", "hessian only", "hessvec only", "gradient only"};

static hesse_problem with_derivs(hesse_objective_fn f, hesse_hessian_fn h, hesse_hessvec_fn hv, int which)
{
    hesse_problem p = {2, f, NULL, NULL, NULL};
    if (which == DERIV_BOTH || which == DERIV_HESSIAN_ONLY) p.hessian = h;
    if (which == DERIV_BOTH || which == DERIV_HESSVEC_ONLY) p.hessvec = hv;
    return p;
}

/* Run m from x0 and check it ends at a minimum: the gradient test met and the
   classification (always with the exact Hessian, computed here independently of
   what the method was given) MINIMUM, or DEGENERATE with no negative eigenvalue. */
static void assert_leaves(const char *method, hesse_objective_fn f, hesse_hessian_fn h,
                          hesse_hessvec_fn hv, int which, double x0, double y0, double fstar)
{
    hesse_problem p = with_derivs(f, h, hv, which);
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_find(method);
    double x[2] = {x0, y0};
    hesse_result r;
    hesse_status st = hesse_minimize(&p, x, &opt, &r);
    cr_assert_eq(st, HESSE_SUCCESS, "%s (%s) from (%g, %g): %s", method, deriv_name[which], x0, y0,
                 r.message);
    /* f* up to ‖g‖²/λ-sized errors at gtol = 1e-8, with λ = 8 (double well) or 4 (ring) */
    cr_assert(fabs(r.f - fstar) <= 1e-12, "%s (%s) from (%g, %g): f = %.17g, f* = %g", method,
              deriv_name[which], x0, y0, r.f, fstar);
    double H[4];
    h(2, x, H, NULL);
    int npos, nneg, nzero;
    /* inertia_rtol default 1e-8: the ring's zero eigenvalue is rounding-sized */
    cr_assert_eq(hesse_inertia(2, H, 1e-8, &npos, &nneg, &nzero, NULL, NULL), HESSE_SUCCESS);
    cr_assert_eq(nneg, 0, "%s (%s) from (%g, %g) ended at (%g, %g) with negative curvature", method,
                 deriv_name[which], x0, y0, x[0], x[1]);
    if (which != DERIV_NONE && which != DERIV_HESSVEC_ONLY) {
        cr_assert(r.point == HESSE_POINT_MINIMUM ||
                      (r.point == HESSE_POINT_DEGENERATE && r.nneg == 0),
                  "%s (%s): classified %s", method, deriv_name[which], hesse_point_kind_name(r.point));
    }
}

static const char *const leaving_methods[] = {"newton-tr", "newton-cg", "sr1"};

Test(methods, saddle_start_is_left)
{
    for (int k = 0; k < 3; k++)
        for (int which = DERIV_BOTH; which <= DERIV_NONE; which++)
            assert_leaves(leaving_methods[k], test_double_well, test_double_well_hessian, double_well_hessvec,
                          which, 0.0, 0.0, 0.0);
}

Test(methods, maximum_start_is_left)
{
    for (int k = 0; k < 3; k++)
        for (int which = DERIV_BOTH; which <= DERIV_NONE; which++) {
            assert_leaves(leaving_methods[k], mexican_hat, mexican_hat_hessian, mexican_hat_hessvec,
                          which, 0.0, 0.0, -0.5);
            assert_leaves(leaving_methods[k], mexican_hat, mexican_hat_hessian, mexican_hat_hessvec,
                          which, 1e-3, -2e-3, -0.5);
        }
}

static int first_step_curvature(const hesse_iteration *it, void *data)
{
    if (it->iteration == 1) *(int *)data = it->negative_curvature;
    return 0;
}

Test(methods, trust_region_trace_marks_negative_curvature)
{
    /* newton-tr at the saddle: the first step follows the eigenvector of λ_min = -4. */
    hesse_problem p = {2, test_double_well, test_double_well_hessian, NULL, NULL};
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_newton_tr;
    opt.max_iter = 1;
    int negative = -1;
    opt.trace = first_step_curvature;
    opt.trace_data = &negative;
    double x[2] = {0.0, 0.0};
    hesse_result r;
    hesse_status st = hesse_minimize(&p, x, &opt, &r);
    /* a boundary step of radius_init = 1 along ±e₁ lands on the minimizer (±1, 0)
       (up to the rounding of one step), where the gradient test is met */
    cr_assert_eq(st, HESSE_SUCCESS, "%s", r.message);
    cr_assert(fabs(fabs(x[0]) - 1.0) <= 1e-12 && fabs(x[1]) <= 1e-12, "x = (%g, %g)", x[0], x[1]);
    cr_assert_eq(negative, 1, "the step along negative curvature is not marked in the trace");
}

/* ---- the trace record of each kind of method ---- */

typedef struct {
    int calls, bad;
    int trust_region;
} trace_check;

static int check_record(const hesse_iteration *it, void *data)
{
    trace_check *c = data;
    c->calls++;
    if (it->iteration == 0) return 0;
    if (c->trust_region) {
        if (!(it->radius > 0.0) || isnan(it->rho) || !isnan(it->alpha)) c->bad++;
    } else {
        if (!(it->alpha > 0.0) || !isnan(it->radius) || it->ls_evals < 1) c->bad++;
    }
    if (it->hessian_modified < -1 || it->hessian_modified > 1) c->bad++;
    return 0;
}

Test(methods, trace_records_fill_method_fields)
{
    const test_problem *tp = &problems[ROSENBROCK];
    hesse_problem p = make_problem(tp);
    const char *names[] = {"newton-tr", "newton-cg", "sr1", "bfgs", "lbfgs"};
    for (int k = 0; k < 5; k++) {
        trace_check c = {0, 0, k < 3};
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find(names[k]);
        opt.trace = check_record;
        opt.trace_data = &c;
        double x[2] = {-1.2, 1.0};
        hesse_result r;
        cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s: %s", names[k], r.message);
        cr_assert_eq(c.calls, r.iterations + 1, "%s", names[k]);
        cr_assert_eq(c.bad, 0, "%s: %d records with wrong method fields", names[k], c.bad);
    }
}

/* ---- invalid options, size limits ---- */

static void assert_einval(const char *method, hesse_options *opt, const char *field)
{
    const test_problem *tp = &problems[ROSENBROCK];
    hesse_problem p = make_problem(tp);
    opt->method = hesse_method_find(method);
    double x[2] = {-1.2, 1.0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, opt, &r), HESSE_EINVAL, "%s with bad %s", method, field);
    cr_assert(strstr(r.message, field) != NULL, "%s: message \"%s\" does not name %s", method,
              r.message, field);
    cr_assert(x[0] == -1.2 && x[1] == 1.0, "x0 must be left as it was");
}

Test(methods, invalid_method_options)
{
    hesse_options o;
    hesse_options_init(&o);
    o.lbfgs_m = 0;
    assert_einval("lbfgs", &o, "lbfgs_m");
    hesse_options_init(&o);
    o.radius_init = 0.0;
    assert_einval("newton-tr", &o, "radius_init");
    hesse_options_init(&o);
    o.radius_min = 2.0;
    assert_einval("sr1", &o, "radius_min");
    hesse_options_init(&o);
    o.radius_max = 0.5;
    assert_einval("newton-cg", &o, "radius_max");
    hesse_options_init(&o);
    o.eta_grow = 1.0;
    assert_einval("newton-tr", &o, "eta_grow");
    hesse_options_init(&o);
    o.shrink = 1.0;
    assert_einval("sr1", &o, "shrink");
    hesse_options_init(&o);
    o.grow = 1.0;
    assert_einval("newton-cg", &o, "grow");
    hesse_options_init(&o);
    o.c2 = o.c1;
    assert_einval("bfgs", &o, "c2");
}

Test(methods, dense_methods_respect_max_dense_bytes)
{
    const test_problem *tp = &problems[QUADRATIC];
    hesse_options o;
    hesse_options_init(&o);
    o.max_dense_bytes = 100.0; /* less than one 10x10 matrix (800 bytes) */
    const char *dense[] = {"newton-tr", "bfgs", "sr1"};
    for (int k = 0; k < 3; k++) {
        hesse_problem p = make_problem(tp);
        o.method = hesse_method_find(dense[k]);
        double x[MAXN] = {0};
        cr_assert_eq(hesse_minimize(&p, x, &o, NULL), HESSE_ETOOBIG, "%s", dense[k]);
    }
    /* newton-cg forms the Hessian only when it has no hessvec callback. */
    hesse_problem p = make_problem(tp);
    o.method = hesse_method_newton_cg;
    double x[MAXN] = {0};
    cr_assert_eq(hesse_minimize(&p, x, &o, NULL), HESSE_SUCCESS);
    p.hessvec = NULL;
    memset(x, 0, sizeof x);
    cr_assert_eq(hesse_minimize(&p, x, &o, NULL), HESSE_ETOOBIG);
    /* lbfgs has no dense storage at all. */
    o.method = hesse_method_lbfgs;
    memset(x, 0, sizeof x);
    cr_assert_eq(hesse_minimize(&p, x, &o, NULL), HESSE_SUCCESS);
}

/* ---- a trust region that collapses ---- */

/* Rosenbrock that refuses every point but the start. */
static const double refuse_x0[2] = {-1.2, 1.0};
static int refuse_moves(int n, const double *x, double *f, double *g, void *data)
{
    if (x[0] != refuse_x0[0] || x[1] != refuse_x0[1]) return 1;
    return test_rosenbrock(n, x, f, g, data);
}

Test(methods, collapsing_trust_region_keeps_last_point)
{
    hesse_problem p = {2, refuse_moves, test_rosenbrock_hessian, hessvec_from_hessian,
                       (void *)&problems[ROSENBROCK]};
    for (int k = 0; k < 3; k++) {
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find(leaving_methods[k]);
        opt.radius_min = 1e-3; /* reached after 5 rejections with shrink = 0.25 */
        double x[2] = {refuse_x0[0], refuse_x0[1]}, f0;
        test_rosenbrock(2, x, &f0, NULL, NULL);
        hesse_result r;
        hesse_status st = hesse_minimize(&p, x, &opt, &r);
        cr_assert_eq(st, HESSE_TR_COLLAPSED, "%s: %s (%s)", leaving_methods[k], hesse_status_name(st),
                     r.message);
        cr_assert(x[0] == refuse_x0[0] && x[1] == refuse_x0[1], "%s moved x", leaving_methods[k]);
        cr_assert(r.f == f0, "%s: f = %g, f(x0) = %g", leaving_methods[k], r.f, f0);
        cr_assert(strstr(r.message, "radius_min") != NULL, "%s: %s", leaving_methods[k], r.message);
    }
}

/* ---- other derivative sources and options ---- */

Test(methods, second_derivative_sources)
{
    /* newton-tr with finite-difference Hessians, newton-cg with dense Hessian, with
       finite-difference products, sr1 and bfgs/lbfgs with Armijo-only line searches
       (exercising the curvature skip rule), lbfgs with m = 1. */
    const test_problem *tp = &problems[WOOD];
    struct {
        const char *method;
        int which;
        hesse_linesearch ls;
        int lbfgs_m;
    } runs[] = {
        {"newton-tr", DERIV_NONE, HESSE_LINESEARCH_DEFAULT, 10},
        {"newton-cg", DERIV_HESSIAN_ONLY, HESSE_LINESEARCH_DEFAULT, 10},
        {"newton-cg", DERIV_NONE, HESSE_LINESEARCH_DEFAULT, 10},
        {"bfgs", DERIV_NONE, HESSE_LINESEARCH_ARMIJO, 10},
        {"lbfgs", DERIV_NONE, HESSE_LINESEARCH_ARMIJO, 10},
        {"lbfgs", DERIV_NONE, HESSE_LINESEARCH_DEFAULT, 1},
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        hesse_problem p = make_problem(tp);
        if (runs[k].which == DERIV_NONE || runs[k].which == DERIV_HESSVEC_ONLY) p.hessian = NULL;
        if (runs[k].which == DERIV_NONE || runs[k].which == DERIV_HESSIAN_ONLY) p.hessvec = NULL;
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find(runs[k].method);
        opt.linesearch = runs[k].ls;
        opt.lbfgs_m = runs[k].lbfgs_m;
        opt.max_iter = 5000; /* Armijo-only quasi-Newton is slower on Wood */
        double x[4];
        memcpy(x, tp->x0, sizeof x);
        hesse_result r;
        hesse_status st = hesse_minimize(&p, x, &opt, &r);
        cr_assert_eq(st, HESSE_SUCCESS, "%s (%s): %s", runs[k].method, deriv_name[runs[k].which], r.message);
        /* same accuracy argument as in methods::converges */
        cr_assert(fabs(r.f - tp->fstar) <= 1e-9, "%s: f = %g", runs[k].method, r.f);
    }
}

/* ---- out of memory: fail allocation k, k+1, ... until the solve succeeds ---- */

/* One hesse_minimize on Beale with allocator a: x0 is kept when it reports ENOMEM. */
static hesse_status minimize_beale(const hesse_allocator *a, long k, void *data)
{
    const char *method = data;
    const test_problem *tp = &problems[BEALE];
    hesse_problem p = make_problem(tp);
    p.hessvec = NULL; /* newton-cg: the dense-Hessian path, one more allocation */
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_find(method);
    opt.allocator = *a;
    double x[2] = {tp->x0[0], tp->x0[1]};
    hesse_status st = hesse_minimize(&p, x, &opt, NULL);
    if (st == HESSE_ENOMEM)
        cr_assert(x[0] == tp->x0[0] && x[1] == tp->x0[1], "%s: x0 changed on ENOMEM", method);
    return st;
}

Test(methods, out_of_memory_ratchet)
{
    const char *names[] = {"newton-tr", "newton-cg", "bfgs", "lbfgs", "sr1"};
    for (int k = 0; k < 5; k++) {
        long allocations = test_oom_ratchet(names[k], minimize_beale, (void *)names[k],
                                            HESSE_SUCCESS);
        cr_assert_gt(allocations, 0, "%s: a failing first allocation must give ENOMEM", names[k]);
        cr_assert_lt(allocations, 20, "%s never succeeded within 20 allocations", names[k]);
    }
}

/* ---- lbfgs at sizes beyond the dense methods ---- */

typedef struct {
    size_t total, largest;
} alloc_tally;

static void *tally_malloc(size_t size, void *data)
{
    alloc_tally *t = data;
    t->total += size;
    if (size > t->largest) t->largest = size;
    return malloc(size);
}

static void tally_free(void *ptr, void *data) { free(ptr); }

Test(methods, lbfgs_storage_is_linear_and_large_n_is_unclassified)
{
    enum { N = 4002 }; /* > classify_max_n = 2000; n² doubles would be 128 MB */
    static double x[N];
    for (int i = 0; i < N; i++) x[i] = i % 2 ? 1.0 : -1.2;
    hesse_problem p = {N, ext_rosenbrock, NULL, NULL, NULL};
    alloc_tally t = {0, 0};
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_lbfgs;
    opt.allocator = (hesse_allocator){tally_malloc, tally_free, &t};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    /* the same accuracy argument as methods::converges, summed over N/2 pairs */
    cr_assert(r.f <= 1e-9, "f = %g", r.f);
    cr_assert_eq(r.point, HESSE_POINT_UNKNOWN, "n > classify_max_n must not be classified");
    /* Everything allocated: the solver's 14n vectors, lbfgs's 2mn pairs and 3m scalars,
       plus the fixed-size solver object and state (a few KiB, bounded by 64 KiB). */
    size_t m = (size_t)opt.lbfgs_m;
    size_t linear = (14 * (size_t)N + 2 * m * N + 3 * m) * sizeof(double);
    cr_assert(t.total <= linear + 65536, "allocated %zu bytes, expected <= %zu", t.total, linear + 65536);
}
