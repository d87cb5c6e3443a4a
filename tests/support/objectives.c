/*
 * Small objectives written out here, independently of problems/ (support.h).
 */
#include "support.h"

int test_rosenbrock(int n, const double *x, double *f, double *g, void *data)
{
    double a = x[1] - x[0] * x[0], b = 1.0 - x[0];
    *f = 100.0 * a * a + b * b;
    if (g) {
        g[0] = -400.0 * x[0] * a - 2.0 * b;
        g[1] = 200.0 * a;
    }
    return 0;
}

int test_rosenbrock_hessian(int n, const double *x, double *H, void *data)
{
    H[0] = 1200.0 * x[0] * x[0] - 400.0 * x[1] + 2.0;
    H[1] = H[2] = -400.0 * x[0];
    H[3] = 200.0;
    return 0;
}

int test_double_well(int n, const double *x, double *f, double *g, void *data)
{
    double a = x[0] * x[0] - 1.0;
    *f = a * a + x[1] * x[1];
    if (g) {
        g[0] = 4.0 * x[0] * a;
        g[1] = 2.0 * x[1];
    }
    return 0;
}

int test_double_well_hessian(int n, const double *x, double *H, void *data)
{
    H[0] = 12.0 * x[0] * x[0] - 4.0;
    H[1] = H[2] = 0.0;
    H[3] = 2.0;
    return 0;
}

int test_seed_cubic(int n, const double *x, double *f, double *g, void *data)
{
    double X = x[0], Y = x[1];
    *f = X * X * X + 3 * X * X - 4 * X * Y + Y * Y * Y * Y + 4 * Y * Y;
    if (g) {
        g[0] = 3 * X * X + 6 * X - 4 * Y;
        g[1] = -4 * X + 4 * Y * Y * Y + 8 * Y;
    }
    return 0;
}

int test_seed_cubic_hessian(int n, const double *x, double *H, void *data)
{
    H[0] = 6 * x[0] + 6;
    H[1] = H[2] = -4;
    H[3] = 12 * x[1] * x[1] + 8;
    return 0;
}
