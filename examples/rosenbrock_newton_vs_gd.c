/*
 * Minimize Rosenbrock's function from (-1.2, 1) with newton and with gradient descent,
 * and print their iteration and evaluation counts side by side.
 */
#include <stdio.h>

#include "hesse.h"

static int rosenbrock(int n, const double *x, double *f, double *grad, void *data)
{
    double a = x[1] - x[0] * x[0], b = 1.0 - x[0];
    *f = 100.0 * a * a + b * b;
    if (grad) {
        grad[0] = -400.0 * x[0] * a - 2.0 * b;
        grad[1] = 200.0 * a;
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

int main(void)
{
    hesse_problem problem = {.n = 2, .objective = rosenbrock, .hessian = rosenbrock_hessian};
    const char *methods[] = {"newton", "gd"};
    printf("Rosenbrock from (-1.2, 1), gradient test ||g||_inf <= 1e-8, at most 20000 iterations\n\n");
    printf("%-8s %-10s %10s %8s %8s %8s %12s %10s  %s\n", "method", "status", "iterations",
           "nfev", "ngev", "nhev", "f", "||g||_inf", "point");
    for (int k = 0; k < 2; k++) {
        double x[2] = {-1.2, 1.0};
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find(methods[k]);
        opt.max_iter = 20000;
        opt.max_evals = 1000000;
        hesse_result r;
        hesse_minimize(&problem, x, &opt, &r);
        printf("%-8s %-10s %10d %8ld %8ld %8ld %12.4e %10.2e  %s\n", methods[k],
               hesse_status_name(r.status), r.iterations, r.nfev, r.ngev, r.nhev, r.f, r.gnorm,
               hesse_point_kind_name(r.point));
    }
    return 0;
}
