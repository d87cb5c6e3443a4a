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
#include <stdio.h>
#include <string.h>

#include "hesse.h"

#define MAXN 10

/* ---- the problems ---- */

/* Rosenbrock, n = 2 (Moré, Garbow & Hillstrom 1981, problem 1). */
static int rosenbrock(int n, const double *x, double *f, double *g, void *data)
{
    double a = x[1] - x[0] * x[0], b = 1.0 - x[0];
    *f = 100.0 * a * a + b * b;
    if (g) {
        g[0] = -400.0 * x[0] * a - 2.0 * b;
        g[1] = 200.0 * a;
    }
    return 0;
}
static int rosenbrock_hessian(int n, const double *x, double *H, void *data)
{
    H[0] = 1200.0 * x[0] * x[0] - 400.0 * x[1] + 2.0;
    H[1] = H[2] = -400.0 * x[0];
    H[3] = 200.0;
    return 0;
}

/* Extended Rosenbrock (MGH problem 21): pairs (x_{2i}, x_{2i+1}) of Rosenbrock. */
static int ext_rosenbrock(int n, const double *x, double *f, double *g, void *data)
{
    *f = 0.0;
    for (int i = 0; i < n; i += 2) {
        double fi, gi[2];
        rosenbrock(2, x + i, &fi, g ? gi : NULL, NULL);
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
        rosenbrock_hessian(2, x + i, h, NULL);
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
    [ROSENBROCK] = {"rosenbrock", 2, rosenbrock, rosenbrock_hessian, {-1.2, 1}, {1, 1}, 0.0},
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
    CASE(ROSENBROCK, "gd", 1000, HESSE_MAX_ITER, 1521), /* measured 1014 */
    CASE(ROSENBROCK, "gd", 20000, HESSE_SUCCESS, 22559), /* measured 15039 */
    CASE(ROSENBROCK, "newton", 1000, HESSE_SUCCESS, 90), /* measured 60 */
    CASE(ROSENBROCK, "newton-tr", 1000, HESSE_SUCCESS, 77), /* measured 51 */
    CASE(ROSENBROCK, "newton-cg", 1000, HESSE_SUCCESS, 119), /* measured 79 */
    CASE(ROSENBROCK, "bfgs", 1000, HESSE_SUCCESS, 72), /* measured 48 */
    CASE(ROSENBROCK, "lbfgs", 1000, HESSE_SUCCESS, 72), /* measured 48 */
    CASE(ROSENBROCK, "sr1", 1000, HESSE_SUCCESS, 95), /* measured 63 */
    CASE(QUADRATIC, "gd", 20000, HESSE_SUCCESS, 51), /* measured 34 */
    CASE(QUADRATIC, "newton", 1000, HESSE_SUCCESS, 6), /* measured 4 */
    CASE(QUADRATIC, "newton-tr", 1000, HESSE_SUCCESS, 12), /* measured 8 */
    CASE(QUADRATIC, "newton-cg", 1000, HESSE_SUCCESS, 47), /* measured 31 */
    CASE(QUADRATIC, "bfgs", 1000, HESSE_SUCCESS, 18), /* measured 12 */
    CASE(QUADRATIC, "lbfgs", 1000, HESSE_SUCCESS, 15), /* measured 10 */
    CASE(QUADRATIC, "sr1", 1000, HESSE_SUCCESS, 26), /* measured 17 */
    CASE(EXT_ROSENBROCK, "gd", 20000, HESSE_SUCCESS, 22530), /* measured 15020 */
    CASE(EXT_ROSENBROCK, "newton", 1000, HESSE_SUCCESS, 90), /* measured 60 */
    CASE(EXT_ROSENBROCK, "newton-tr", 1000, HESSE_SUCCESS, 74), /* measured 49 */
    CASE(EXT_ROSENBROCK, "newton-cg", 1000, HESSE_SUCCESS, 161), /* measured 107 */
    CASE(EXT_ROSENBROCK, "bfgs", 1000, HESSE_SUCCESS, 72), /* measured 48 */
    CASE(EXT_ROSENBROCK, "lbfgs", 1000, HESSE_SUCCESS, 72), /* measured 48 */
    CASE(EXT_ROSENBROCK, "sr1", 1000, HESSE_SUCCESS, 120), /* measured 80 */
    CASE(BEALE, "gd", 20000, HESSE_SUCCESS, 1346), /* measured 897 */
    CASE(BEALE, "newton", 1000, HESSE_SUCCESS, 27), /* measured 18 */
    CASE(BEALE, "newton-tr", 1000, HESSE_SUCCESS, 26), /* measured 17 */
    CASE(BEALE, "newton-cg", 1000, HESSE_SUCCESS, 51), /* measured 34 */
    CASE(BEALE, "bfgs", 1000, HESSE_SUCCESS, 27), /* measured 18 */
    CASE(BEALE, "lbfgs", 1000, HESSE_SUCCESS, 26), /* measured 17 */
    CASE(BEALE, "sr1", 1000, HESSE_SUCCESS, 27), /* measured 18 */
    CASE(WOOD, "gd", 20000, HESSE_SUCCESS, 10778), /* measured 7185 */
    CASE(WOOD, "newton", 1000, HESSE_SUCCESS, 248), /* measured 165 */
    CASE(WOOD, "newton-tr", 1000, HESSE_SUCCESS, 132), /* measured 88 */
    CASE(WOOD, "newton-cg", 1000, HESSE_SUCCESS, 530), /* measured 353 */
    CASE(WOOD, "bfgs", 1000, HESSE_SUCCESS, 69), /* measured 46 */
    CASE(WOOD, "lbfgs", 1000, HESSE_SUCCESS, 185), /* measured 123 */
    CASE(WOOD, "sr1", 1000, HESSE_SUCCESS, 200), /* measured 133 */
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
    fprintf(stderr, "MEASURE %s %s %s it=%d evals=%ld f=%g\n", tp->name, c->method, hesse_status_name(st), r.iterations, evals, r.f);
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
