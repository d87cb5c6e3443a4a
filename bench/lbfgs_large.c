/*
 * lbfgs at scale: the extended Rosenbrock function (Moré, Garbow & Hillstrom 1981,
 * problem 21) with n = 10⁶ variables from the standard start (-1.2, 1, -1.2, 1, ...),
 *     f(x) = Σ_{i=1}^{n/2} 100 (x_{2i} - x_{2i-1}²)² + (1 - x_{2i-1})²,  f* = 0 at x = 1,
 * to the default gradient test. Prints iterations, evaluations, wall time, status,
 * classification (n > classify_max_n: "unknown") and peak resident memory from
 * getrusage (ru_maxrss, KiB on Linux). Optional argument: n (even).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "hesse.h"

static int extended_rosenbrock(int n, const double *x, double *f, double *g, void *data)
{
    double sum = 0.0;
    for (int i = 0; i + 1 < n; i += 2) {
        double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
        sum += 100.0 * a * a + b * b;
        if (g) {
            g[i] = -400.0 * x[i] * a - 2.0 * b;
            g[i + 1] = 200.0 * a;
        }
    }
    *f = sum;
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000000;
    if (n < 2 || n % 2) {
        fprintf(stderr, "n must be even and >= 2\n");
        return 2;
    }
    double *x = malloc((size_t)n * sizeof *x);
    if (!x) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (int i = 0; i < n; i++) x[i] = i % 2 ? 1.0 : -1.2;
    hesse_problem p = {n, extended_rosenbrock, NULL, NULL, NULL};
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_lbfgs;
    hesse_result r;
    hesse_minimize(&p, x, &opt, &r);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("lbfgs, extended Rosenbrock, n = %d, m = %d\n", n, opt.lbfgs_m);
    printf("status      %s (%s)\n", hesse_status_name(r.status), r.message);
    printf("iterations  %d\n", r.iterations);
    printf("nfev        %ld\n", r.nfev);
    printf("f           %.6g\n", r.f);
    printf("||g||_inf   %.3g\n", r.gnorm);
    printf("point       %s\n", hesse_point_kind_name(r.point));
    printf("time        %.3f s\n", r.seconds);
    printf("peak RSS    %.1f MiB\n", ru.ru_maxrss / 1024.0);
    free(x);
    return r.status == HESSE_SUCCESS ? 0 : 1;
}
