/*
 * Solve cos(x) = x, i.e. F(x) = cos(x) - x = 0, with Newton's method and with
 * Broyden's method (which in one dimension is the secant method), printing every
 * iteration from the trace callback. Newton's error roughly squares at each step;
 * the secant method's grows in digits by the golden ratio ≈ 1.618 per step.
 *
 *     ./example_roots_1d [x0]        (default x0 = 1)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "hesse.h"

static int cos_minus_x(int n, const double *x, double *F, double *J, void *data)
{
    (void)n;
    (void)data;
    F[0] = cos(x[0]) - x[0];
    if (J) J[0] = -sin(x[0]) - 1.0;
    return 0;
}

static int print_iteration(const hesse_roots_iteration *it, void *data)
{
    (void)data;
    printf("  %3d  x = %.17g  |F| = %.3e  alpha = %-6.3g nfev %ld njev %ld\n", it->iteration,
           it->x[0], it->fnorm, it->alpha, it->nfev, it->njev);
    return 0;
}

int main(int argc, char **argv)
{
    double x0 = argc > 1 ? atof(argv[1]) : 1.0;
    hesse_system sys = {1, cos_minus_x, 1, NULL};
    for (int m = 0; m < 2; m++) {
        hesse_roots_options opt;
        hesse_roots_options_init(&opt);
        opt.method = m == 0 ? HESSE_ROOTS_NEWTON : HESSE_ROOTS_BROYDEN;
        opt.ftol = 1e-15;
        opt.trace = print_iteration;
        double x = x0;
        hesse_roots_result res;
        printf("%s from x0 = %g:\n", hesse_roots_method_name(opt.method), x0);
        hesse_status st = hesse_roots_solve(&sys, &x, &opt, &res);
        printf("  -> %s: x = %.17g (%s)\n\n", st == HESSE_SUCCESS ? "root" : "stopped", x,
               res.message);
        if (st != HESSE_SUCCESS && st != HESSE_SMALL_STEP) return 1;
    }
    return 0;
}
