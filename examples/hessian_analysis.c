/*
 * The Hessian analysis toolkit on the seed page's worked example
 * f(x, y) = x³ + 3x² − 4xy + y⁴ + 4y²: its Hessian and definiteness at (1, 0), its
 * critical points in [-3, 3]², whether it is convex there, and the extremes of xy on
 * the line x + y = 10 with both second-order tests.
 */
#include <stdio.h>

#include "hesse.h"

static int seed_f(int n, const double *x, double *f, double *g, void *data)
{
    double a = x[0], b = x[1];
    *f = a * a * a + 3 * a * a - 4 * a * b + b * b * b * b + 4 * b * b;
    if (g) {
        g[0] = 3 * a * a + 6 * a - 4 * b;
        g[1] = -4 * a + 4 * b * b * b + 8 * b;
    }
    return 0;
}

static int xy(int n, const double *x, double *f, double *g, void *data)
{
    *f = x[0] * x[1];
    if (g) {
        g[0] = x[1];
        g[1] = x[0];
    }
    return 0;
}

static int line(int n, int m, const double *x, double *c, double *A, void *data)
{
    c[0] = x[0] + x[1] - 10;
    if (A) A[0] = A[1] = 1; /* A is 1×2: ∂c/∂x = ∂c/∂y = 1 */
    return 0;
}

int main(void)
{
    hesse_problem p = {.n = 2, .objective = seed_f}; /* Hessian by finite differences */

    double x[2] = {1, 0};
    hesse_point_report rep;
    if (hesse_point_classify(&p, 2, x, NULL, &rep) != HESSE_SUCCESS) {
        fprintf(stderr, "classify: %s\n", rep.message);
        hesse_point_report_clear(&rep);
        return 1;
    }
    printf("H(1,0) = [[%g, %g], [%g, %g]], minors %g %g\n", rep.hessian[0], rep.hessian[2],
           rep.hessian[1], rep.hessian[3], rep.minors[0], rep.minors[1]);
    printf("  eigenvalues: %s\n  Sylvester:   %s\n  LDL^T:       %s\n  point: %s\n",
           rep.eig.message, rep.sylvester.message, rep.ldlt.message,
           hesse_point_kind_name(rep.kind));
    hesse_point_report_clear(&rep);

    double lo[2] = {-3, -3}, hi[2] = {3, 3};
    hesse_critical_points cp;
    if (hesse_critical_points_find(&p, lo, hi, NULL, &cp) == HESSE_SUCCESS) {
        printf("%s\n", cp.message);
        for (int i = 0; i < cp.count; i++)
            printf("  (%.5f, %.5f)  f = %.6g  %s\n", cp.points[i].x[0], cp.points[i].x[1],
                   cp.points[i].f, hesse_point_kind_name(cp.points[i].kind));
    }
    hesse_critical_points_clear(&cp);

    hesse_convexity cv;
    if (hesse_convexity_check(&p, lo, hi, NULL, &cv) == HESSE_SUCCESS)
        printf("convexity on the box: %s\n", cv.message);
    hesse_convexity_clear(&cv);

    hesse_constrained_problem cp2 = {.n = 2, .m = 1, .objective = xy, .constraints = line,
                                     .maximize = 1};
    double z[2] = {1, 2}, lambda[1];
    hesse_constrained_result res;
    if (hesse_constrained_solve(&cp2, z, lambda, NULL, &res) == HESSE_SUCCESS) {
        hesse_constrained_report crep;
        hesse_constrained_classify(&cp2, 2, z, lambda, NULL, &crep);
        printf("max of xy on x + y = 10: (%g, %g), lambda = %g; %s\n", z[0], z[1], lambda[0],
               crep.message);
        hesse_constrained_report_clear(&crep);
    } else {
        fprintf(stderr, "solve: %s\n", res.message);
    }
    return 0;
}
