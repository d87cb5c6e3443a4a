/*
 * The "seed" family: the worked examples of the seed document on the Hessian matrix
 * (shared/seeds/001, a Chinese translation of a mathority.org page). Its formulas are
 * images; each function below is the one whose Hessian the document renders:
 *
 *   SEED_MINSADDLE  f = x^3 + 3x^2 - 4xy + y^4 + 4y^2; H = [[6x+6, -4], [-4, 12y^2+8]],
 *                   evaluated at (1, 0): [[12, -4], [-4, 8]]. Critical points: a local
 *                   minimum at (0, 0) with f = 0 and a saddle near (-1.43698, -0.60679).
 *                   f is unbounded below (x^3 as x -> -inf): f* = 0 is the value at the
 *                   local minimizer, the point the document's analysis identifies.
 *   SEED_CUBIC      f = x^2 y + x y^2 (exercise 1); H(1,1) = [[2, 4], [4, 2]].
 *                   Unbounded below: no f*.
 *   SEED_POWER      f = x^y on x > 0 (exercise 2); H(1,1) = [[0, 1], [1, 0]]. The
 *                   callbacks refuse (return 1) when x <= 0. No minimum: no f*.
 *   SEED_EXPSIN     f = e^(-x) sin(y z) (exercise 3); H(0,1,pi) = [[0, pi, 1],
 *                   [pi, 0, -1], [1, -1, 0]]. Unbounded below: no f*.
 *   SEED_SADDLE     f = x^2 + 2xy - y^2 + 4x - 4y (the "relative extrema" example:
 *                   gradient (2x + 2y + 4, 2x - 2y - 4), one critical point (0, -2), a
 *                   saddle with H = [[2, 2], [2, -2]]). Unbounded below: no f*.
 *
 * Each starting point is the point at which the document evaluates the Hessian.
 */
#include <math.h>
#include <stddef.h>

#include "testproblem.h"

#define PI 3.14159265358979323846

static int accepts_two(int n) { return n == 2; }
static int accepts_three(int n) { return n == 3; }

static void set_hessian2(double *hess, double hxx, double hxy, double hyy)
{
    hess[0] = hxx;
    hess[1] = hxy;
    hess[2] = hxy;
    hess[3] = hyy;
}

static void apply_hessian2(const double *v, double *hv, double hxx, double hxy, double hyy)
{
    double v0 = v[0], v1 = v[1];
    hv[0] = hxx * v0 + hxy * v1;
    hv[1] = hxy * v0 + hyy * v1;
}

/* ---- SEED_MINSADDLE: f = x^3 + 3x^2 - 4xy + y^4 + 4y^2 ---- */

static int minsaddle_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double a = x[0], b = x[1];
    *f = a * a * a + 3.0 * a * a - 4.0 * a * b + b * b * b * b + 4.0 * b * b;
    if (grad) {
        grad[0] = 3.0 * a * a + 6.0 * a - 4.0 * b;
        grad[1] = -4.0 * a + 4.0 * b * b * b + 8.0 * b;
    }
    return 0;
}

static int minsaddle_hessian(int n, const double *x, double *hess, void *data)
{
    set_hessian2(hess, 6.0 * x[0] + 6.0, -4.0, 12.0 * x[1] * x[1] + 8.0);
    return 0;
}

static int minsaddle_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    apply_hessian2(v, hv, 6.0 * x[0] + 6.0, -4.0, 12.0 * x[1] * x[1] + 8.0);
    return 0;
}

static HESSE__TP_FIXED_SETUP(minsaddle_setup,
                             {.x0 = {1.0, 0.0}, .known = 1, .xstar = {0.0, 0.0}, .fstar = 0.0,
                              .fstar_source = "seed document 001: local minimum at (0, 0) (f is "
                                              "unbounded below)"})

/* ---- SEED_CUBIC: f = x^2 y + x y^2 ---- */

static int cubic_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double a = x[0], b = x[1];
    *f = a * a * b + a * b * b;
    if (grad) {
        grad[0] = 2.0 * a * b + b * b;
        grad[1] = a * a + 2.0 * a * b;
    }
    return 0;
}

static int cubic_hessian(int n, const double *x, double *hess, void *data)
{
    set_hessian2(hess, 2.0 * x[1], 2.0 * x[0] + 2.0 * x[1], 2.0 * x[0]);
    return 0;
}

static int cubic_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    apply_hessian2(v, hv, 2.0 * x[1], 2.0 * x[0] + 2.0 * x[1], 2.0 * x[0]);
    return 0;
}

static HESSE__TP_FIXED_SETUP(cubic_setup,
                             {.x0 = {1.0, 1.0}, .fstar = NAN, .fstar_source = ""})

/* ---- SEED_POWER: f = x^y, x > 0 ----
   f_x = y x^(y-1), f_y = x^y ln x, f_xx = y (y-1) x^(y-2), f_xy = x^(y-1) (1 + y ln x),
   f_yy = x^y ln^2 x. */

static int power_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double a = x[0], b = x[1];
    if (!(a > 0.0)) return 1;
    double value = pow(a, b), lna = log(a);
    *f = value;
    if (grad) {
        grad[0] = b * pow(a, b - 1.0);
        grad[1] = value * lna;
    }
    return 0;
}

static void power_second(const double *x, double *hxx, double *hxy, double *hyy)
{
    double a = x[0], b = x[1], lna = log(a);
    *hxx = b * (b - 1.0) * pow(a, b - 2.0);
    *hxy = pow(a, b - 1.0) * (1.0 + b * lna);
    *hyy = pow(a, b) * lna * lna;
}

static int power_hessian(int n, const double *x, double *hess, void *data)
{
    double hxx, hxy, hyy;
    if (!(x[0] > 0.0)) return 1;
    power_second(x, &hxx, &hxy, &hyy);
    set_hessian2(hess, hxx, hxy, hyy);
    return 0;
}

static int power_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    double hxx, hxy, hyy;
    if (!(x[0] > 0.0)) return 1;
    power_second(x, &hxx, &hxy, &hyy);
    apply_hessian2(v, hv, hxx, hxy, hyy);
    return 0;
}

static HESSE__TP_FIXED_SETUP(power_setup,
                             {.x0 = {1.0, 1.0}, .fstar = NAN, .fstar_source = ""})

/* ---- SEED_EXPSIN: f = e^(-x) sin(y z) ----
   grad = e^(-x) (-sin(yz), z cos(yz), y cos(yz));
   H = e^(-x) [[sin, -z cos, -y cos], [-z cos, -z^2 sin, cos - yz sin],
               [-y cos, cos - yz sin, -y^2 sin]] with sin, cos of yz. */

static void expsin_hessian_entries(const double *x, double h[6])
{
    double ex = exp(-x[0]), y = x[1], z = x[2];
    double s = sin(y * z), c = cos(y * z);
    h[0] = ex * s;                  /* xx */
    h[1] = -ex * z * c;             /* xy */
    h[2] = -ex * y * c;             /* xz */
    h[3] = -ex * z * z * s;         /* yy */
    h[4] = ex * (c - y * z * s);    /* yz */
    h[5] = -ex * y * y * s;         /* zz */
}

static int expsin_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double ex = exp(-x[0]), y = x[1], z = x[2];
    double s = sin(y * z), c = cos(y * z);
    *f = ex * s;
    if (grad) {
        grad[0] = -ex * s;
        grad[1] = ex * z * c;
        grad[2] = ex * y * c;
    }
    return 0;
}

static int expsin_hessian(int n, const double *x, double *hess, void *data)
{
    double h[6];
    expsin_hessian_entries(x, h);
    hess[0] = h[0], hess[3] = h[1], hess[6] = h[2];
    hess[1] = h[1], hess[4] = h[3], hess[7] = h[4];
    hess[2] = h[2], hess[5] = h[4], hess[8] = h[5];
    return 0;
}

static int expsin_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    double h[6];
    expsin_hessian_entries(x, h);
    hv[0] = h[0] * v[0] + h[1] * v[1] + h[2] * v[2];
    hv[1] = h[1] * v[0] + h[3] * v[1] + h[4] * v[2];
    hv[2] = h[2] * v[0] + h[4] * v[1] + h[5] * v[2];
    return 0;
}

static HESSE__TP_FIXED_SETUP(expsin_setup,
                             {.x0 = {0.0, 1.0, PI}, .fstar = NAN, .fstar_source = ""})

/* ---- SEED_SADDLE: f = x^2 + 2xy - y^2 + 4x - 4y ---- */

static int saddle_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double a = x[0], b = x[1];
    *f = a * a + 2.0 * a * b - b * b + 4.0 * a - 4.0 * b;
    if (grad) {
        grad[0] = 2.0 * a + 2.0 * b + 4.0;
        grad[1] = 2.0 * a - 2.0 * b - 4.0;
    }
    return 0;
}

static int saddle_hessian(int n, const double *x, double *hess, void *data)
{
    set_hessian2(hess, 2.0, 2.0, -2.0);
    return 0;
}

static int saddle_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    apply_hessian2(v, hv, 2.0, 2.0, -2.0);
    return 0;
}

static HESSE__TP_FIXED_SETUP(saddle_setup,
                             {.x0 = {0.0, -2.0}, .fstar = NAN, .fstar_source = ""})

#define SEED_ENTRY(NAME, lower, SIZES, SOURCE, DEFAULT_N, ACCEPTS)                        \
    {                                                                                      \
        .name = NAME, .family = "seed", .classification = "", .sizes = SIZES,              \
        .source = SOURCE, .default_n = DEFAULT_N, .accepts = ACCEPTS,                      \
        .setup = lower##_setup, .objective = lower##_objective,                            \
        .hessian = lower##_hessian, .hessvec = lower##_hessvec                             \
    }

const struct hesse_testproblem hesse__seed_problems[] = {
    SEED_ENTRY("SEED_MINSADDLE", minsaddle, "n = 2",
               "seed document 001, first example: f = x^3 + 3x^2 - 4xy + y^4 + 4y^2, "
               "Hessian at (1, 0); local minimum (0, 0), saddle near (-1.43698, -0.60679); "
               "unbounded below",
               2, accepts_two),
    SEED_ENTRY("SEED_CUBIC", cubic, "n = 2",
               "seed document 001, exercise 1: f = x^2 y + x y^2, Hessian at (1, 1); "
               "unbounded below",
               2, accepts_two),
    SEED_ENTRY("SEED_POWER", power, "n = 2",
               "seed document 001, exercise 2: f = x^y on x > 0, Hessian at (1, 1); "
               "no minimum",
               2, accepts_two),
    SEED_ENTRY("SEED_EXPSIN", expsin, "n = 3",
               "seed document 001, exercise 3: f = e^(-x) sin(y z), Hessian at (0, 1, pi); "
               "unbounded below",
               3, accepts_three),
    SEED_ENTRY("SEED_SADDLE", saddle, "n = 2",
               "seed document 001, relative-extrema example: f = x^2 + 2xy - y^2 + 4x - 4y, "
               "saddle at (0, -2); unbounded below",
               2, accepts_two),
};

const int hesse__seed_count = (int)(sizeof hesse__seed_problems / sizeof hesse__seed_problems[0]);
