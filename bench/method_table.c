/*
 * Every built-in method on Rosenbrock's function from the standard start (-1.2, 1),
 * to ‖∇f‖∞ <= 1e-8 (gtol = 1e-8 with f* = 0, so max(1, |f|) = 1 at the end), printed
 * as a markdown table for the README: status, iterations, evaluations, the
 * classification of the end point. Methods that use second derivatives get the exact
 * Hessian (newton, newton-tr) or Hessian-vector products (newton-cg).
 */
#include <stdio.h>

#include "hesse.h"

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

static int rosenbrock_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    double H[4];
    rosenbrock_hessian(n, x, H, data);
    Hv[0] = H[0] * v[0] + H[2] * v[1];
    Hv[1] = H[1] * v[0] + H[3] * v[1];
    return 0;
}

int main(void)
{
    hesse_problem p = {2, rosenbrock, rosenbrock_hessian, rosenbrock_hessvec, NULL};
    printf("| method | status | iterations | nfev | ngev | nhev | point | f |\n");
    printf("|---|---|---:|---:|---:|---:|---|---:|\n");
    for (int i = 0; i < hesse_method_count(); i++) {
        const hesse_method *m = hesse_method_at(i);
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = m;
        opt.gtol = 1e-8;
        opt.max_iter = 100000; /* gd needs tens of thousands of iterations here */
        double x[2] = {-1.2, 1.0};
        hesse_result r;
        hesse_minimize(&p, x, &opt, &r);
        printf("| %s | %s | %d | %ld | %ld | %ld | %s | %.3g |\n", hesse_method_name(m),
               hesse_status_name(r.status), r.iterations, r.nfev, r.ngev, r.nhev,
               hesse_point_kind_name(r.point), r.f);
    }
    return 0;
}
