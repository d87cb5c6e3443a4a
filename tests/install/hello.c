/*
 * The smallest program using an installed hesse: minimize Rosenbrock's function
 * with hesse_minimize. Built by tests/install/run.sh through pkg-config and through
 * find_package(hesse); exits 0 when the solve succeeded at (1, 1).
 */
#include <stdio.h>

#include <hesse.h>

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

int main(void)
{
    hesse_problem problem = {.n = 2, .objective = rosenbrock};
    double x[2] = {-1.2, 1.0};
    hesse_result res;
    hesse_status st = hesse_minimize(&problem, x, NULL, &res);
    printf("hesse %s: %s, x = (%.10g, %.10g), f = %.3g, %d iterations\n", hesse_version(),
           hesse_status_name(st), x[0], x[1], res.f, res.iterations);
    double e0 = x[0] - 1.0, e1 = x[1] - 1.0;
    /* gtol = 1e-8 leaves x within ~1e-7 of (1, 1) on this problem */
    int near = e0 * e0 + e1 * e1 < 1e-10;
    return st == HESSE_SUCCESS && near ? 0 : 1;
}
