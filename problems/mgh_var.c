/*
 * The variable-size MGH problems that are not square systems: Moré, Garbow & Hillstrom,
 * ACM TOMS 7(1):17–41, 1981 (MGH81), problems 20 (Watson), 23–25 (penalty I and II,
 * variably dimensioned) and 32–34 (linear functions, here with m = 2n). Residuals are
 * written 1-based in the comments as in the paper, 0-based in the code;
 * ∂r_i/∂x_j go through the Jacobian sink, each after r_i is set; the second-derivative
 * functions add Σ_i w_i ∇²r_i (mgh.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mgh.h"

/* ---- 20. Watson (m = 31), t_i = i/29:
         r_i = Σ_{j=2}^n (j-1) x_j t_i^(j-2) - (Σ_{j=1}^n x_j t_i^(j-1))² - 1, i <= 29,
         r_30 = x1, r_31 = x2 - x1² - 1 ---- */
int hesse__mgh_watson_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    for (int i = 0; i < 29; i++) {
        double t = (i + 1) / 29.0;
        double linear = 0.0, sum = 0.0, power = 1.0; /* power = t^(j-1), 0-based j */
        for (int j = 0; j < n; j++) {
            if (j >= 1) linear += j * x[j] * power / t;
            sum += x[j] * power;
            power *= t;
        }
        r[i] = linear - sum * sum - 1.0;
        if (jac) {
            power = 1.0;
            for (int j = 0; j < n; j++) {
                hesse__mgh_jac_add(jac, i, j, (j >= 1 ? j * power / t : 0.0) - 2.0 * sum * power);
                power *= t;
            }
        }
    }
    r[29] = x[0];
    r[30] = x[1] - x[0] * x[0] - 1.0;
    if (jac) {
        hesse__mgh_jac_add(jac, 29, 0, 1.0);
        hesse__mgh_jac_add(jac, 30, 0, -2.0 * x[0]);
        hesse__mgh_jac_add(jac, 30, 1, 1.0);
    }
    return 0;
}

int hesse__mgh_watson_rhess(int n, int m, const double *x, const double *w,
                            hesse__mgh_acc *acc)
{
    /* ∂²r_i/∂x_j∂x_k = -2 t_i^(j-1) t_i^(k-1) (i <= 29): coefficient -2 Σ_i w_i t_i^(j+k-2),
       a Hankel matrix in the moments μ_p = Σ_i w_i t_i^p, p = 0..2n-2 */
    for (int j = 0; j < n; j++)
        for (int k = j; k < n; k++) {
            double moment = 0.0;
            for (int i = 0; i < 29; i++) moment += w[i] * pow((i + 1) / 29.0, j + k);
            hesse__mgh_add(acc, j, k, -2.0 * moment);
        }
    hesse__mgh_add(acc, 0, 0, -2.0 * w[30]);
    return 0;
}

int hesse__mgh_watson_setup(int n, hesse__tp_params *params, double *x0, double *xstar,
                            double *fstar, const char **fstar_source)
{
    params->m = 31;
    for (int j = 0; j < n; j++) x0[j] = 0.0;
    if (n == 6) *fstar = 2.28767e-3;
    else if (n == 9) *fstar = 1.39976e-6;
    else if (n == 12) *fstar = 4.72238e-10;
    if (n == 6 || n == 9 || n == 12) *fstar_source = HESSE__MGH81 "problem 20";
    return 0;
}

/* ---- 23. Penalty I (m = n + 1), a = 1e-5: r_i = √a (x_i - 1), i <= n,
         r_{n+1} = Σ_j x_j² - 1/4 ---- */
#define PENALTY_A 1e-5

int hesse__mgh_penalty_i_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    double sa = sqrt(PENALTY_A), sum = 0.0;
    for (int j = 0; j < n; j++) {
        r[j] = sa * (x[j] - 1.0);
        sum += x[j] * x[j];
        if (jac) hesse__mgh_jac_add(jac, j, j, sa);
    }
    r[n] = sum - 0.25;
    if (jac)
        for (int j = 0; j < n; j++) hesse__mgh_jac_add(jac, n, j, 2.0 * x[j]);
    return 0;
}

int hesse__mgh_penalty_i_rhess(int n, int m, const double *x, const double *w,
                               hesse__mgh_acc *acc)
{
    for (int j = 0; j < n; j++) hesse__mgh_add(acc, j, j, 2.0 * w[n]);
    return 0;
}

int hesse__mgh_penalty_i_setup(int n, hesse__tp_params *params, double *x0, double *xstar,
                               double *fstar, const char **fstar_source)
{
    params->m = n + 1;
    for (int j = 0; j < n; j++) x0[j] = j + 1.0;
    if (n == 4) *fstar = 2.24997e-5;
    else if (n == 10) *fstar = 7.08765e-5;
    if (n == 4 || n == 10) *fstar_source = HESSE__MGH81 "problem 23";
    return 0;
}

/* ---- 24. Penalty II (m = 2n), a = 1e-5:
         r_1 = x1 - 0.2,
         r_i = √a (e^(x_i/10) + e^(x_{i-1}/10) - y_i), y_i = e^(i/10) + e^((i-1)/10),
               2 <= i <= n,
         r_i = √a (e^(x_{i-n+1}/10) - e^(-1/10)), n < i < 2n,
         r_2n = Σ_j (n - j + 1) x_j² - 1 ---- */
int hesse__mgh_penalty_ii_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    double sa = sqrt(PENALTY_A);
    r[0] = x[0] - 0.2;
    if (jac) hesse__mgh_jac_add(jac, 0, 0, 1.0);
    for (int i = 1; i < n; i++) {
        double ei = exp(x[i] / 10.0), ep = exp(x[i - 1] / 10.0);
        double y = exp((i + 1) / 10.0) + exp(i / 10.0);
        r[i] = sa * (ei + ep - y);
        if (jac) {
            hesse__mgh_jac_add(jac, i, i, sa * ei / 10.0);
            hesse__mgh_jac_add(jac, i, i - 1, sa * ep / 10.0);
        }
    }
    for (int i = n; i < 2 * n - 1; i++) {
        int j = i - n + 1; /* the 0-based variable of r_{i+1} */
        double e = exp(x[j] / 10.0);
        r[i] = sa * (e - exp(-0.1));
        if (jac) hesse__mgh_jac_add(jac, i, j, sa * e / 10.0);
    }
    double sum = 0.0;
    for (int j = 0; j < n; j++) sum += (n - j) * x[j] * x[j];
    r[2 * n - 1] = sum - 1.0;
    if (jac)
        for (int j = 0; j < n; j++) hesse__mgh_jac_add(jac, 2 * n - 1, j, 2.0 * (n - j) * x[j]);
    return 0;
}

int hesse__mgh_penalty_ii_rhess(int n, int m, const double *x, const double *w,
                                hesse__mgh_acc *acc)
{
    /* all second derivatives are diagonal: (√a/100) e^(x_j/10) from each exponential
       term containing x_j, 2(n - j + 1) from r_2n */
    double sa = sqrt(PENALTY_A);
    for (int j = 0; j < n; j++) {
        double weight = 2.0 * (n - j) * w[2 * n - 1];
        double e = sa * exp(x[j] / 10.0) / 100.0;
        if (j >= 1) weight += w[j] * e;         /* r_{j+1} holds x_j as its own term */
        if (j + 1 < n) weight += w[j + 1] * e;  /* r_{j+2} holds x_j as the previous one */
        if (j >= 1) weight += w[j + n - 1] * e; /* r_{n+j} */
        hesse__mgh_add(acc, j, j, weight);
    }
    return 0;
}

int hesse__mgh_penalty_ii_setup(int n, hesse__tp_params *params, double *x0, double *xstar,
                                double *fstar, const char **fstar_source)
{
    params->m = 2 * n;
    for (int j = 0; j < n; j++) x0[j] = 0.5;
    if (n == 4) *fstar = 9.37629e-6;
    else if (n == 10) *fstar = 2.93660e-4;
    if (n == 4 || n == 10) *fstar_source = HESSE__MGH81 "problem 24";
    return 0;
}

/* ---- 25. Variably dimensioned (m = n + 2): r_i = x_i - 1, i <= n,
         r_{n+1} = Σ_j j(x_j - 1), r_{n+2} = (Σ_j j(x_j - 1))² ---- */
int hesse__mgh_variably_dimensioned_residual(int n, int m, const double *x, double *r,
                                             hesse__mgh_jac *jac)
{
    double s = 0.0;
    for (int j = 0; j < n; j++) {
        r[j] = x[j] - 1.0;
        s += (j + 1) * (x[j] - 1.0);
    }
    r[n] = s;
    r[n + 1] = s * s;
    if (jac)
        for (int j = 0; j < n; j++) {
            hesse__mgh_jac_add(jac, j, j, 1.0);
            hesse__mgh_jac_add(jac, n, j, j + 1.0);
            hesse__mgh_jac_add(jac, n + 1, j, 2.0 * s * (j + 1));
        }
    return 0;
}

int hesse__mgh_variably_dimensioned_rhess(int n, int m, const double *x, const double *w,
                                          hesse__mgh_acc *acc)
{
    /* ∇²r_{n+2} = 2 c cᵀ with c_j = j: entry by entry into a dense S, and as
       2 c (cᵀv) for a product, O(n) */
    if (acc->S) {
        for (int j = 0; j < n; j++)
            for (int k = j; k < n; k++)
                hesse__mgh_add(acc, j, k, 2.0 * w[n + 1] * (j + 1) * (k + 1));
        return 0;
    }
    double cv = 0.0;
    for (int k = 0; k < n; k++) cv += (k + 1) * acc->v[k];
    for (int j = 0; j < n; j++) acc->Sv[j] += 2.0 * w[n + 1] * (j + 1) * cv;
    return 0;
}

int hesse__mgh_variably_dimensioned_setup(int n, hesse__tp_params *params, double *x0,
                                          double *xstar, double *fstar,
                                          const char **fstar_source)
{
    params->m = n + 2;
    for (int j = 0; j < n; j++) {
        x0[j] = 1.0 - (j + 1.0) / n;
        xstar[j] = 1.0;
    }
    *fstar = 0.0;
    *fstar_source = HESSE__MGH81 "problem 25";
    return 1;
}

/* Problems 32-34 have linear residuals: no second-derivative terms (mgh.h). */
int hesse__mgh_linear_rhess(int n, int m, const double *x, const double *w, hesse__mgh_acc *acc)
{
    return 0;
}

/* ---- 32. Linear function, full rank (m = 2n here):
         r_i = x_i - (2/m) Σ_j x_j - 1, i <= n;  r_i = -(2/m) Σ_j x_j - 1, i > n ---- */
int hesse__mgh_linear_full_rank_residual(int n, int m, const double *x, double *r,
                                         hesse__mgh_jac *jac)
{
    double sum = 0.0;
    for (int j = 0; j < n; j++) sum += x[j];
    for (int i = 0; i < m; i++) r[i] = (i < n ? x[i] : 0.0) - 2.0 * sum / m - 1.0;
    if (jac)
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                hesse__mgh_jac_add(jac, i, j, (i == j ? 1.0 : 0.0) - 2.0 / m);
    return 0;
}

int hesse__mgh_linear_full_rank_setup(int n, hesse__tp_params *params, double *x0,
                                      double *xstar, double *fstar,
                                      const char **fstar_source)
{
    params->m = 2 * n;
    for (int j = 0; j < n; j++) {
        x0[j] = 1.0;
        xstar[j] = -1.0;
    }
    *fstar = params->m - n;
    *fstar_source = HESSE__MGH81 "problem 32: f* = m - n";
    return 1;
}

/* The setup of problems 33 (zero_ends = 0) and 34 (zero_ends = 1), m = 2n, x0 = 1.
   The minimizers are the x with Σ_{j=lo}^{hi} j x_j = s: problem 33 sums j = 1..n,
   s = 3/(2m + 1); problem 34 sums j = 2..n-1 (x_1 and x_n are free, set to 0 here),
   s = 3/(2m - 3). x* spreads s evenly: x_j = s / Σ_{j=lo}^{hi} j. */
static int rank1_setup(int n, int zero_ends, hesse__tp_params *params, double *x0,
                       double *xstar, double *fstar, const char **fstar_source)
{
    int m = 2 * n, lo = zero_ends ? 2 : 1, hi = zero_ends ? n - 1 : n;
    params->m = m;
    double s = zero_ends ? 3.0 / (2.0 * m - 3.0) : 3.0 / (2.0 * m + 1.0);
    double weights = (hi * (hi + 1.0) - (lo - 1.0) * lo) / 2.0;
    for (int j = 0; j < n; j++) {
        x0[j] = 1.0;
        xstar[j] = j + 1 >= lo && j + 1 <= hi ? s / weights : 0.0;
    }
    if (zero_ends) {
        *fstar = (m * (double)m + 3.0 * m - 6.0) / (2.0 * (2.0 * m - 3.0));
        *fstar_source = HESSE__MGH81 "problem 34: f* = (m^2 + 3m - 6)/(2(2m - 3))";
    } else {
        *fstar = m * (m - 1.0) / (2.0 * (2.0 * m + 1.0));
        *fstar_source = HESSE__MGH81 "problem 33: f* = m(m-1)/(2(2m+1))";
    }
    return 1;
}

/* ---- 33. Linear function, rank 1 (m = 2n here): r_i = i Σ_j j x_j - 1 ---- */
int hesse__mgh_linear_rank1_residual(int n, int m, const double *x, double *r, hesse__mgh_jac *jac)
{
    double s = 0.0;
    for (int j = 0; j < n; j++) s += (j + 1) * x[j];
    for (int i = 0; i < m; i++) r[i] = (i + 1) * s - 1.0;
    if (jac)
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) hesse__mgh_jac_add(jac, i, j, (i + 1.0) * (j + 1.0));
    return 0;
}

int hesse__mgh_linear_rank1_setup(int n, hesse__tp_params *params, double *x0,
                                  double *xstar, double *fstar, const char **fstar_source)
{
    return rank1_setup(n, 0, params, x0, xstar, fstar, fstar_source);
}

/* ---- 34. Linear function, rank 1 with zero columns and rows (m = 2n here, n >= 3):
         r_1 = -1, r_i = (i - 1) Σ_{j=2}^{n-1} j x_j - 1 for 2 <= i <= m - 1, r_m = -1 ---- */
int hesse__mgh_linear_rank1_zero_residual(int n, int m, const double *x, double *r,
                                          hesse__mgh_jac *jac)
{
    double s = 0.0;
    for (int j = 1; j < n - 1; j++) s += (j + 1) * x[j];
    r[0] = r[m - 1] = -1.0;
    for (int i = 1; i < m - 1; i++) r[i] = i * s - 1.0;
    if (jac)
        for (int j = 1; j < n - 1; j++)
            for (int i = 1; i < m - 1; i++) hesse__mgh_jac_add(jac, i, j, i * (j + 1.0));
    return 0;
}

int hesse__mgh_linear_rank1_zero_setup(int n, hesse__tp_params *params, double *x0,
                                       double *xstar, double *fstar,
                                       const char **fstar_source)
{
    return rank1_setup(n, 1, params, x0, xstar, fstar, fstar_source);
}
