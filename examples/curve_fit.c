/*
 * Fitting y = a·exp(b·t) to eight observations with hesse's Levenberg–Marquardt:
 * residuals and their Jacobian in one callback, then the statistics of the fit.
 * Build: cc curve_fit.c $(pkg-config --cflags --libs hesse) -lm
 */
#include <math.h>
#include <stdio.h>

#include "hesse.h"

static const double t[8] = {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5};
static const double y[8] = {2.01, 1.55, 1.22, 0.93, 0.75, 0.56, 0.45, 0.34};

/* r_i = a exp(b t_i) - y_i; J[i + j*m] = ∂r_i/∂x_j when J is not NULL. */
static int residuals(int n, int m, const double *x, double *r, double *J, void *data)
{
    (void)n;
    (void)data;
    for (int i = 0; i < m; i++) {
        double e = exp(x[1] * t[i]);
        r[i] = x[0] * e - y[i];
        if (J) {
            J[i] = e;
            J[i + m] = x[0] * t[i] * e;
        }
    }
    return 0;
}

int main(void)
{
    hesse_lsq_problem p = {.n = 2, .m = 8, .residuals = residuals, .has_jacobian = 1};
    double x[2] = {1, -1};
    hesse_lsq_result res;
    hesse_status st = hesse_lsq_solve(&p, x, NULL, &res);
    printf("%s: %s\n", hesse_status_name(st), res.message);
    hesse_lsq_report rep;
    if (hesse_lsq_report_at(&p, x, NULL, 0.95, &rep) == HESSE_SUCCESS) {
        const char *name[2] = {"a", "b"};
        for (int j = 0; j < 2; j++)
            printf("%s = %.6g +- %.2g (95%%: [%.6g, %.6g])\n", name[j], x[j], rep.stderr_[j], rep.ci_lower[j],
                   rep.ci_upper[j]);
        printf("residual sd %.3g with %d degrees of freedom, cond(J) %.3g\n", rep.sigma, rep.dof, rep.cond);
    }
    hesse_lsq_report_clear(&rep);
    return st == HESSE_SUCCESS ? 0 : 1;
}
