/*
 * The square MGH problems (m = n): systems F(x) = 0 whose sum of squares is minimized.
 * Moré, Garbow & Hillstrom, ACM TOMS 7(1):17–41, 1981 (MGH81), problems 1, 2, 3, 7,
 * 13, 21, 22, 26–31 and 35 (with m = n). Each problem gives its residuals r_i (written
 * 1-based as in the paper in the comments, 0-based in the code), the entries
 * ∂r_i/∂x_j of its Jacobian through the sink, each after r_i is set, and the weighted
 * second derivatives Σ_i w_i ∇²r_i (mgh.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mgh.h"

/* ---- 1. Rosenbrock: r1 = 10(x2 - x1²), r2 = 1 - x1 ---- */
int hesse__mgh_rosenbrock_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    r[0] = 10.0 * (x[1] - x[0] * x[0]);
    r[1] = 1.0 - x[0];
    if (jac) {
        hesse__mgh_jac_add(jac, 0, 0, -20.0 * x[0]);
        hesse__mgh_jac_add(jac, 0, 1, 10.0);
        hesse__mgh_jac_add(jac, 1, 0, -1.0);
    }
    return 0;
}

int hesse__mgh_rosenbrock_rhess(int n, int m, const double *x, const double *w,
                                hesse__mgh_acc *acc)
{
    hesse__mgh_add(acc, 0, 0, -20.0 * w[0]);
    return 0;
}

HESSE__TP_FIXED_SETUP(hesse__mgh_rosenbrock_setup,
                      {.m = 2, .x0 = {-1.2, 1.0}, .known = 1, .xstar = {1.0, 1.0}, .fstar = 0.0,
                       .fstar_source = HESSE__MGH81 "problem 1"})

/* ---- 2. Freudenstein and Roth:
        r1 = -13 + x1 + ((5 - x2)x2 - 2)x2,  r2 = -29 + x1 + ((x2 + 1)x2 - 14)x2 ---- */
int hesse__mgh_freudenstein_roth_residual(int n, int m, const double *x, double *r,
                                          hesse__mgh_jac *jac)
{
    double x2 = x[1];
    r[0] = -13.0 + x[0] + ((5.0 - x2) * x2 - 2.0) * x2;
    r[1] = -29.0 + x[0] + ((x2 + 1.0) * x2 - 14.0) * x2;
    if (jac) {
        hesse__mgh_jac_add(jac, 0, 0, 1.0);
        hesse__mgh_jac_add(jac, 0, 1, (10.0 - 3.0 * x2) * x2 - 2.0);
        hesse__mgh_jac_add(jac, 1, 0, 1.0);
        hesse__mgh_jac_add(jac, 1, 1, (3.0 * x2 + 2.0) * x2 - 14.0);
    }
    return 0;
}

int hesse__mgh_freudenstein_roth_rhess(int n, int m, const double *x, const double *w,
                                       hesse__mgh_acc *acc)
{
    hesse__mgh_add(acc, 1, 1, w[0] * (10.0 - 6.0 * x[1]) + w[1] * (6.0 * x[1] + 2.0));
    return 0;
}

HESSE__TP_FIXED_SETUP(hesse__mgh_freudenstein_roth_setup,
                      {.m = 2, .x0 = {0.5, -2.0}, .known = 1, .xstar = {5.0, 4.0}, .fstar = 0.0,
                       .fstar_source = HESSE__MGH81 "problem 2"})

/* ---- 3. Powell badly scaled: r1 = 1e4 x1 x2 - 1, r2 = exp(-x1) + exp(-x2) - 1.0001 ---- */
int hesse__mgh_powell_badly_scaled_residual(int n, int m, const double *x, double *r,
                                            hesse__mgh_jac *jac)
{
    double e1 = exp(-x[0]), e2 = exp(-x[1]);
    r[0] = 1e4 * x[0] * x[1] - 1.0;
    r[1] = e1 + e2 - 1.0001;
    if (jac) {
        hesse__mgh_jac_add(jac, 0, 0, 1e4 * x[1]);
        hesse__mgh_jac_add(jac, 0, 1, 1e4 * x[0]);
        hesse__mgh_jac_add(jac, 1, 0, -e1);
        hesse__mgh_jac_add(jac, 1, 1, -e2);
    }
    return 0;
}

int hesse__mgh_powell_badly_scaled_rhess(int n, int m, const double *x, const double *w,
                                         hesse__mgh_acc *acc)
{
    hesse__mgh_add(acc, 0, 1, 1e4 * w[0]);
    hesse__mgh_add(acc, 0, 0, w[1] * exp(-x[0]));
    hesse__mgh_add(acc, 1, 1, w[1] * exp(-x[1]));
    return 0;
}

/* The minimizer (1.098...e-5, 9.106...) is known to 4 digits only: no x*. */
HESSE__TP_FIXED_SETUP(hesse__mgh_powell_badly_scaled_setup,
                      {.m = 2, .x0 = {0.0, 1.0}, .fstar = 0.0,
                       .fstar_source = HESSE__MGH81 "problem 3"})

/* ---- 7. Helical valley: r1 = 10(x3 - 10θ), r2 = 10(√(x1² + x2²) - 1), r3 = x3, with
        2πθ = atan(x2/x1) for x1 > 0, atan(x2/x1) + π for x1 < 0, and θ = 0.25 sign(x2)
        at x1 = 0 (MINPACK's reading). Away from its cut θ = atan2(x2, x1)/(2π) + const,
        so ∂θ/∂x1 = -x2/(2πρ²), ∂θ/∂x2 = x1/(2πρ²), ρ² = x1² + x2². x1 = x2 = 0 is
        outside the domain. ---- */
int hesse__mgh_helical_valley_residual(int n, int m, const double *x, double *r,
                                       hesse__mgh_jac *jac)
{
    double x1 = x[0], x2 = x[1];
    double rho2 = x1 * x1 + x2 * x2;
    if (rho2 == 0.0) return 1;
    double rho = sqrt(rho2);
    const double twopi = 2.0 * M_PI;
    double theta;
    if (x1 > 0.0) theta = atan(x2 / x1) / twopi;
    else if (x1 < 0.0) theta = atan(x2 / x1) / twopi + 0.5;
    else theta = x2 >= 0.0 ? 0.25 : -0.25;
    r[0] = 10.0 * (x[2] - 10.0 * theta);
    r[1] = 10.0 * (rho - 1.0);
    r[2] = x[2];
    if (jac) {
        hesse__mgh_jac_add(jac, 0, 0, 100.0 * x2 / (twopi * rho2));
        hesse__mgh_jac_add(jac, 0, 1, -100.0 * x1 / (twopi * rho2));
        hesse__mgh_jac_add(jac, 0, 2, 10.0);
        hesse__mgh_jac_add(jac, 1, 0, 10.0 * x1 / rho);
        hesse__mgh_jac_add(jac, 1, 1, 10.0 * x2 / rho);
        hesse__mgh_jac_add(jac, 2, 2, 1.0);
    }
    return 0;
}

int hesse__mgh_helical_valley_rhess(int n, int m, const double *x, const double *w,
                                    hesse__mgh_acc *acc)
{
    double x1 = x[0], x2 = x[1];
    double rho2 = x1 * x1 + x2 * x2;
    if (rho2 == 0.0) return 1;
    double rho3 = rho2 * sqrt(rho2);
    /* ∇²r1 = -100 ∇²θ, ∇²θ = [2x1x2, x2² - x1²; x2² - x1², -2x1x2] / (2πρ⁴) */
    double c = -100.0 * w[0] / (2.0 * M_PI * rho2 * rho2);
    /* ∇²r2 = 10 [x2², -x1x2; -x1x2, x1²] / ρ³ */
    double d = 10.0 * w[1] / rho3;
    hesse__mgh_add(acc, 0, 0, c * 2.0 * x1 * x2 + d * x2 * x2);
    hesse__mgh_add(acc, 0, 1, c * (x2 * x2 - x1 * x1) - d * x1 * x2);
    hesse__mgh_add(acc, 1, 1, -c * 2.0 * x1 * x2 + d * x1 * x1);
    return 0;
}

HESSE__TP_FIXED_SETUP(hesse__mgh_helical_valley_setup,
                      {.m = 3, .x0 = {-1.0, 0.0, 0.0}, .known = 1, .xstar = {1.0, 0.0, 0.0},
                       .fstar = 0.0, .fstar_source = HESSE__MGH81 "problem 7"})

/* ---- 13. Powell singular: r1 = x1 + 10x2, r2 = √5(x3 - x4), r3 = (x2 - 2x3)²,
         r4 = √10(x1 - x4)². Problem 22 (extended Powell) repeats it on blocks of 4. ---- */
static void powell_block(int b, const double *x, double *r, hesse__mgh_jac *jac)
{
    const double s5 = sqrt(5.0), s10 = sqrt(10.0);
    double a = x[b + 1] - 2.0 * x[b + 2], c = x[b] - x[b + 3];
    r[b] = x[b] + 10.0 * x[b + 1];
    r[b + 1] = s5 * (x[b + 2] - x[b + 3]);
    r[b + 2] = a * a;
    r[b + 3] = s10 * c * c;
    if (jac) {
        hesse__mgh_jac_add(jac, b, b, 1.0);
        hesse__mgh_jac_add(jac, b, b + 1, 10.0);
        hesse__mgh_jac_add(jac, b + 1, b + 2, s5);
        hesse__mgh_jac_add(jac, b + 1, b + 3, -s5);
        hesse__mgh_jac_add(jac, b + 2, b + 1, 2.0 * a);
        hesse__mgh_jac_add(jac, b + 2, b + 2, -4.0 * a);
        hesse__mgh_jac_add(jac, b + 3, b, 2.0 * s10 * c);
        hesse__mgh_jac_add(jac, b + 3, b + 3, -2.0 * s10 * c);
    }
}

static void powell_block_rhess(int b, const double *w, hesse__mgh_acc *acc)
{
    const double s10 = sqrt(10.0);
    hesse__mgh_add(acc, b + 1, b + 1, 2.0 * w[b + 2]);
    hesse__mgh_add(acc, b + 1, b + 2, -4.0 * w[b + 2]);
    hesse__mgh_add(acc, b + 2, b + 2, 8.0 * w[b + 2]);
    hesse__mgh_add(acc, b, b, 2.0 * s10 * w[b + 3]);
    hesse__mgh_add(acc, b, b + 3, -2.0 * s10 * w[b + 3]);
    hesse__mgh_add(acc, b + 3, b + 3, 2.0 * s10 * w[b + 3]);
}

int hesse__mgh_powell_singular_residual(int n, int m, const double *x, double *r,
                                        hesse__mgh_jac *jac)
{
    powell_block(0, x, r, jac);
    return 0;
}

int hesse__mgh_powell_singular_rhess(int n, int m, const double *x, const double *w,
                                     hesse__mgh_acc *acc)
{
    powell_block_rhess(0, w, acc);
    return 0;
}

HESSE__TP_FIXED_SETUP(hesse__mgh_powell_singular_setup,
                      {.m = 4, .x0 = {3.0, -1.0, 0.0, 1.0}, .known = 1,
                       .xstar = {0.0, 0.0, 0.0, 0.0}, .fstar = 0.0,
                       .fstar_source = HESSE__MGH81 "problem 13"})

/* ---- 21. Extended Rosenbrock: r_{2i-1} = 10(x_{2i} - x_{2i-1}²), r_{2i} = 1 - x_{2i-1} ---- */
int hesse__mgh_ext_rosenbrock_residual(int n, int m, const double *x, double *r,
                                       hesse__mgh_jac *jac)
{
    for (int b = 0; b < n; b += 2) {
        r[b] = 10.0 * (x[b + 1] - x[b] * x[b]);
        r[b + 1] = 1.0 - x[b];
        if (jac) {
            hesse__mgh_jac_add(jac, b, b, -20.0 * x[b]);
            hesse__mgh_jac_add(jac, b, b + 1, 10.0);
            hesse__mgh_jac_add(jac, b + 1, b, -1.0);
        }
    }
    return 0;
}

int hesse__mgh_ext_rosenbrock_rhess(int n, int m, const double *x, const double *w,
                                    hesse__mgh_acc *acc)
{
    for (int b = 0; b < n; b += 2) hesse__mgh_add(acc, b, b, -20.0 * w[b]);
    return 0;
}

int hesse__mgh_ext_rosenbrock_setup(int n, hesse__tp_params *params, double *x0,
                                    double *xstar, double *fstar, const char **fstar_source)
{
    params->m = n;
    for (int j = 0; j < n; j++) {
        x0[j] = j % 2 == 0 ? -1.2 : 1.0;
        xstar[j] = 1.0;
    }
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 21";
    return 1;
}

/* ---- 22. Extended Powell singular: problem 13 on each block of 4 variables ---- */
int hesse__mgh_ext_powell_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    for (int b = 0; b < n; b += 4) powell_block(b, x, r, jac);
    return 0;
}

int hesse__mgh_ext_powell_rhess(int n, int m, const double *x, const double *w,
                                hesse__mgh_acc *acc)
{
    for (int b = 0; b < n; b += 4) powell_block_rhess(b, w, acc);
    return 0;
}

int hesse__mgh_ext_powell_setup(int n, hesse__tp_params *params, double *x0, double *xstar,
                                double *fstar, const char **fstar_source)
{
    static const double block[4] = {3.0, -1.0, 0.0, 1.0};
    params->m = n;
    for (int j = 0; j < n; j++) {
        x0[j] = block[j % 4];
        xstar[j] = 0.0;
    }
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 22";
    return 1;
}

/* ---- 26. Trigonometric: r_i = n - Σ_j cos x_j + i(1 - cos x_i) - sin x_i ---- */
int hesse__mgh_trigonometric_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    double sum_cos = 0.0;
    for (int j = 0; j < n; j++) sum_cos += cos(x[j]);
    for (int i = 0; i < n; i++)
        r[i] = n - sum_cos + (i + 1) * (1.0 - cos(x[i])) - sin(x[i]);
    if (jac) {
        for (int j = 0; j < n; j++) {
            double s = sin(x[j]);
            for (int i = 0; i < n; i++) hesse__mgh_jac_add(jac, i, j, s);
            hesse__mgh_jac_add(jac, j, j, (j + 1) * s - cos(x[j]));
        }
    }
    return 0;
}

int hesse__mgh_trigonometric_rhess(int n, int m, const double *x, const double *w,
                                   hesse__mgh_acc *acc)
{
    /* ∂²r_i/∂x_j² = cos x_j + δ_ij (i cos x_i + sin x_i); no mixed terms */
    double sum_w = 0.0;
    for (int i = 0; i < n; i++) sum_w += w[i];
    for (int j = 0; j < n; j++) {
        double c = cos(x[j]);
        hesse__mgh_add(acc, j, j, sum_w * c + w[j] * ((j + 1) * c + sin(x[j])));
    }
    return 0;
}

int hesse__mgh_trigonometric_setup(int n, hesse__tp_params *params, double *x0,
                                   double *xstar, double *fstar, const char **fstar_source)
{
    params->m = n;
    for (int j = 0; j < n; j++) x0[j] = 1.0 / n;
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 26";
    return 0;
}

/* ---- 27. Brown almost-linear: r_i = x_i + Σ_j x_j - (n + 1) for i < n,
         r_n = Π_j x_j - 1 ---- */
/* suffix[k] = Π_{l>k} x_l for k = 0..n-1, in `local` up to n = 256, beyond that in one
   allocation (release with free when it is not local); NULL when that fails. Products
   without division, so zeros in x are fine. */
#define BROWN_LOCAL 256

static double *brown_suffix_products(int n, const double *x, double *local)
{
    double *suffix = n <= BROWN_LOCAL ? local : malloc((size_t)n * sizeof(double));
    if (!suffix) return NULL;
    double s = 1.0;
    for (int k = n - 1; k >= 0; k--) {
        suffix[k] = s;
        s *= x[k];
    }
    return suffix;
}

int hesse__mgh_brown_almost_linear_residual(int n, int m, const double *x, double *r,
                                            hesse__mgh_jac *jac)
{
    double sum = 0.0, prod = 1.0;
    for (int j = 0; j < n; j++) {
        sum += x[j];
        prod *= x[j];
    }
    for (int i = 0; i < n - 1; i++) r[i] = x[i] + sum - (n + 1);
    r[n - 1] = prod - 1.0;
    if (jac) {
        double local[BROWN_LOCAL];
        double *suffix = brown_suffix_products(n, x, local);
        if (!suffix) return -1;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n - 1; i++) hesse__mgh_jac_add(jac, i, j, i == j ? 2.0 : 1.0);
        /* ∂r_n/∂x_j = Π_{l<j} x_l · Π_{l>j} x_l */
        double prefix = 1.0;
        for (int j = 0; j < n; j++) {
            hesse__mgh_jac_add(jac, n - 1, j, suffix[j] * prefix);
            prefix *= x[j];
        }
        if (suffix != local) free(suffix);
    }
    return 0;
}

int hesse__mgh_brown_almost_linear_rhess(int n, int m, const double *x, const double *w,
                                         hesse__mgh_acc *acc)
{
    /* Only r_n is nonlinear: ∂²r_n/∂x_j∂x_k = Π_{l∉{j,k}} x_l (j < k), zero on the
       diagonal: Π_{l<j} x_l · Π_{j<l<k} x_l · suffix[k]. */
    double local[BROWN_LOCAL];
    double *suffix = brown_suffix_products(n, x, local);
    if (!suffix) return -1;
    double prefix = 1.0;
    for (int j = 0; j < n; j++) {
        double middle = 1.0;
        for (int k = j + 1; k < n; k++) {
            hesse__mgh_add(acc, j, k, w[n - 1] * prefix * middle * suffix[k]);
            middle *= x[k];
        }
        prefix *= x[j];
    }
    if (suffix != local) free(suffix);
    return 0;
}

int hesse__mgh_brown_almost_linear_setup(int n, hesse__tp_params *params, double *x0,
                                         double *xstar, double *fstar,
                                         const char **fstar_source)
{
    params->m = n;
    for (int j = 0; j < n; j++) {
        x0[j] = 0.5;
        xstar[j] = 1.0;
    }
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 27";
    return 1;
}

/* ---- 28. Discrete boundary value: h = 1/(n+1), t_i = ih,
         r_i = 2x_i - x_{i-1} - x_{i+1} + h²(x_i + t_i + 1)³/2, x_0 = x_{n+1} = 0 ---- */
int hesse__mgh_discrete_boundary_residual(int n, int m, const double *x, double *r,
                                          hesse__mgh_jac *jac)
{
    double h = 1.0 / (n + 1);
    for (int i = 0; i < n; i++) {
        double t = (i + 1) * h;
        double u = x[i] + t + 1.0;
        double left = i > 0 ? x[i - 1] : 0.0, right = i < n - 1 ? x[i + 1] : 0.0;
        r[i] = 2.0 * x[i] - left - right + h * h * u * u * u / 2.0;
        if (jac) {
            hesse__mgh_jac_add(jac, i, i, 2.0 + 1.5 * h * h * u * u);
            if (i > 0) hesse__mgh_jac_add(jac, i, i - 1, -1.0);
            if (i < n - 1) hesse__mgh_jac_add(jac, i, i + 1, -1.0);
        }
    }
    return 0;
}

int hesse__mgh_discrete_boundary_rhess(int n, int m, const double *x, const double *w,
                                       hesse__mgh_acc *acc)
{
    double h = 1.0 / (n + 1);
    for (int i = 0; i < n; i++)
        hesse__mgh_add(acc, i, i, w[i] * 3.0 * h * h * (x[i] + (i + 1) * h + 1.0));
    return 0;
}

/* x0_j = t_j(t_j - 1), shared by problems 28 and 29. */
static void discrete_x0(int n, double *x0)
{
    double h = 1.0 / (n + 1);
    for (int j = 0; j < n; j++) {
        double t = (j + 1) * h;
        x0[j] = t * (t - 1.0);
    }
}

int hesse__mgh_discrete_boundary_setup(int n, hesse__tp_params *params, double *x0,
                                       double *xstar, double *fstar,
                                       const char **fstar_source)
{
    params->m = n;
    discrete_x0(n, x0);
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 28";
    return 0;
}

/* ---- 29. Discrete integral equation: with u_j = x_j + t_j + 1,
         r_i = x_i + h[(1 - t_i) Σ_{j<=i} t_j u_j³ + t_i Σ_{j>i} (1 - t_j) u_j³]/2,
         i.e. r_i = x_i + (h/2) Σ_j c_ij u_j³ with c_ij = (1 - t_i)t_j (j <= i),
         t_i(1 - t_j) (j > i). ---- */
static double integral_kernel(int i, int j, double h)
{
    double ti = (i + 1) * h, tj = (j + 1) * h;
    return j <= i ? (1.0 - ti) * tj : ti * (1.0 - tj);
}

int hesse__mgh_discrete_integral_residual(int n, int m, const double *x, double *r,
                                          hesse__mgh_jac *jac)
{
    double h = 1.0 / (n + 1);
    /* O(n) residuals from the running sums below = Σ_{j<=i} t_j u_j³ and
       above = Σ_{j>i} (1 - t_j) u_j³ */
    double above = 0.0;
    for (int j = 0; j < n; j++) {
        double t = (j + 1) * h, u = x[j] + t + 1.0;
        above += (1.0 - t) * u * u * u;
    }
    double below = 0.0;
    for (int i = 0; i < n; i++) {
        double t = (i + 1) * h, u = x[i] + t + 1.0;
        below += t * u * u * u;
        above -= (1.0 - t) * u * u * u;
        r[i] = x[i] + h * ((1.0 - t) * below + t * above) / 2.0;
    }
    if (jac) {
        for (int j = 0; j < n; j++) {
            double u = x[j] + (j + 1) * h + 1.0;
            for (int i = 0; i < n; i++)
                hesse__mgh_jac_add(
                    jac, i, j, (i == j ? 1.0 : 0.0) + 1.5 * h * integral_kernel(i, j, h) * u * u);
        }
    }
    return 0;
}

int hesse__mgh_discrete_integral_rhess(int n, int m, const double *x, const double *w,
                                       hesse__mgh_acc *acc)
{
    /* ∂²r_i/∂x_j² = 3h c_ij u_j */
    double h = 1.0 / (n + 1);
    for (int j = 0; j < n; j++) {
        double u = x[j] + (j + 1) * h + 1.0;
        double sum = 0.0;
        for (int i = 0; i < n; i++) sum += w[i] * integral_kernel(i, j, h);
        hesse__mgh_add(acc, j, j, 3.0 * h * u * sum);
    }
    return 0;
}

/* Problem 29 starts where problem 28 does, with the same f* = 0 and no x*. */
int hesse__mgh_discrete_integral_setup(int n, hesse__tp_params *params, double *x0,
                                       double *xstar, double *fstar,
                                       const char **fstar_source)
{
    int known = hesse__mgh_discrete_boundary_setup(n, params, x0, xstar, fstar, fstar_source);
    *fstar_source = HESSE__MGH81 "problem 29";
    return known;
}

/* ---- 30. Broyden tridiagonal: r_i = (3 - 2x_i)x_i - x_{i-1} - 2x_{i+1} + 1,
         x_0 = x_{n+1} = 0 ---- */
int hesse__mgh_broyden_tridiagonal_residual(int n, int m, const double *x, double *r,
                                            hesse__mgh_jac *jac)
{
    for (int i = 0; i < n; i++) {
        double left = i > 0 ? x[i - 1] : 0.0, right = i < n - 1 ? x[i + 1] : 0.0;
        r[i] = (3.0 - 2.0 * x[i]) * x[i] - left - 2.0 * right + 1.0;
        if (jac) {
            hesse__mgh_jac_add(jac, i, i, 3.0 - 4.0 * x[i]);
            if (i > 0) hesse__mgh_jac_add(jac, i, i - 1, -1.0);
            if (i < n - 1) hesse__mgh_jac_add(jac, i, i + 1, -2.0);
        }
    }
    return 0;
}

int hesse__mgh_broyden_tridiagonal_rhess(int n, int m, const double *x, const double *w,
                                         hesse__mgh_acc *acc)
{
    for (int i = 0; i < n; i++) hesse__mgh_add(acc, i, i, -4.0 * w[i]);
    return 0;
}

int hesse__mgh_broyden_tridiagonal_setup(int n, hesse__tp_params *params, double *x0,
                                         double *xstar, double *fstar,
                                         const char **fstar_source)
{
    params->m = n;
    for (int j = 0; j < n; j++) x0[j] = -1.0;
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 30";
    return 0;
}

/* ---- 31. Broyden banded: r_i = x_i(2 + 5x_i²) + 1 - Σ_{j∈J_i} x_j(1 + x_j),
         J_i = {j ≠ i : max(1, i - 5) <= j <= min(n, i + 1)} ---- */
#define BANDED_ML 5
#define BANDED_MU 1

int hesse__mgh_broyden_banded_residual(int n, int m, const double *x, double *r,
                                       hesse__mgh_jac *jac)
{
    for (int i = 0; i < n; i++) {
        double ri = x[i] * (2.0 + 5.0 * x[i] * x[i]) + 1.0;
        int lo = i - BANDED_ML > 0 ? i - BANDED_ML : 0;
        int hi = i + BANDED_MU < n - 1 ? i + BANDED_MU : n - 1;
        for (int j = lo; j <= hi; j++)
            if (j != i) ri -= x[j] * (1.0 + x[j]);
        r[i] = ri;
        if (jac) {
            for (int j = lo; j <= hi; j++)
                if (j != i) hesse__mgh_jac_add(jac, i, j, -(1.0 + 2.0 * x[j]));
            hesse__mgh_jac_add(jac, i, i, 2.0 + 15.0 * x[i] * x[i]);
        }
    }
    return 0;
}

int hesse__mgh_broyden_banded_rhess(int n, int m, const double *x, const double *w,
                                    hesse__mgh_acc *acc)
{
    /* ∂²r_i/∂x_i² = 30 x_i, ∂²r_i/∂x_j² = -2 for j ∈ J_i; no mixed terms. So the
       coefficient of x_j is 30 x_j w_j - 2 Σ_{i : j ∈ J_i} w_i, where j ∈ J_i means
       j - 1 <= i <= j + 5, i ≠ j. */
    for (int j = 0; j < n; j++) {
        double sum = 0.0;
        int lo = j - BANDED_MU > 0 ? j - BANDED_MU : 0;
        int hi = j + BANDED_ML < n - 1 ? j + BANDED_ML : n - 1;
        for (int i = lo; i <= hi; i++)
            if (i != j) sum += w[i];
        hesse__mgh_add(acc, j, j, 30.0 * x[j] * w[j] - 2.0 * sum);
    }
    return 0;
}

int hesse__mgh_broyden_banded_setup(int n, hesse__tp_params *params, double *x0,
                                    double *xstar, double *fstar, const char **fstar_source)
{
    params->m = n;
    for (int j = 0; j < n; j++) x0[j] = -1.0;
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 31";
    return 0;
}

/* ---- 35. Chebyquad (m = n here): r_i = (1/n) Σ_j T_i(x_j) - ∫_0^1 T_i, with T_i the
         Chebyshev polynomial shifted to [0, 1], T_i(x) = C_i(2x - 1);
         ∫_0^1 T_i = 0 for odd i, -1/(i² - 1) for even i. With y = 2x - 1 the
         recurrences C_{k+1} = 2y C_k - C_{k-1}, C'_{k+1} = 2C_k + 2y C'_k - C'_{k-1},
         C''_{k+1} = 4C'_k + 2y C''_k - C''_{k-1} give values and y-derivatives; the
         x-derivatives are 2C' and 4C''. ---- */
typedef struct {
    double y, c_prev, c, d_prev, d, s_prev, s; /* C, C', C'' at y: previous and current */
} chebyshev;

/* C_1 at y = 2x - 1 with its derivatives, and C_0 as the previous term. */
static chebyshev chebyshev_first(double x)
{
    double y = 2.0 * x - 1.0;
    return (chebyshev){.y = y, .c_prev = 1.0, .c = y, .d_prev = 0.0, .d = 1.0,
                       .s_prev = 0.0, .s = 0.0};
}

/* From C_k to C_{k+1} by the three recurrences. */
static void chebyshev_next(chebyshev *t)
{
    double c_next = 2.0 * t->y * t->c - t->c_prev;
    double d_next = 2.0 * t->c + 2.0 * t->y * t->d - t->d_prev;
    double s_next = 4.0 * t->d + 2.0 * t->y * t->s - t->s_prev;
    t->c_prev = t->c;
    t->c = c_next;
    t->d_prev = t->d;
    t->d = d_next;
    t->s_prev = t->s;
    t->s = s_next;
}

int hesse__mgh_chebyquad_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    for (int i = 0; i < m; i++) {
        int k = i + 1;
        r[i] = k % 2 == 0 ? 1.0 / (k * k - 1.0) : 0.0;
    }
    for (int j = 0; j < n; j++) {
        chebyshev t = chebyshev_first(x[j]);
        for (int i = 0; i < m; i++, chebyshev_next(&t)) r[i] += t.c / n;
    }
    if (jac)
        for (int j = 0; j < n; j++) {
            chebyshev t = chebyshev_first(x[j]);
            for (int i = 0; i < m; i++, chebyshev_next(&t))
                hesse__mgh_jac_add(jac, i, j, 2.0 * t.d / n);
        }
    return 0;
}

int hesse__mgh_chebyquad_rhess(int n, int m, const double *x, const double *w,
                               hesse__mgh_acc *acc)
{
    for (int j = 0; j < n; j++) {
        chebyshev t = chebyshev_first(x[j]);
        double sum = 0.0;
        for (int i = 0; i < m; i++, chebyshev_next(&t)) sum += w[i] * t.s;
        hesse__mgh_add(acc, j, j, 4.0 * sum / n);
    }
    return 0;
}

int hesse__mgh_chebyquad_setup(int n, hesse__tp_params *params, double *x0, double *xstar,
                               double *fstar, const char **fstar_source)
{
    params->m = n;
    for (int j = 0; j < n; j++) x0[j] = (j + 1.0) / (n + 1);
    if (n <= 7 || n == 9) {
        *fstar = 0.0;
        *fstar_source = HESSE__MGH81 "problem 35 (m = n <= 7 or 9)";
    } else if (n == 8) {
        *fstar = 3.51687e-3;
        *fstar_source = HESSE__MGH81 "problem 35 (m = n = 8)";
    } else if (n == 10) {
        *fstar = 6.50395e-3;
        *fstar_source = HESSE__MGH81 "problem 35 (m = n = 10)";
    }
    return 0;
}
