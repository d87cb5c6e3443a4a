/*
 * Cost of evaluating a compiled formula against hand-written C.
 *
 * f(x, y) = 100 (y - x^2)^2 + (1 - x)^2 (Rosenbrock) and its gradient, evaluated
 * through the hesse_problem objective callback of a parsed formula and through a
 * hand-written callback, both called through a function pointer as a solver does.
 * Each measurement times `calls` evaluations at points that change (so nothing is
 * hoisted); the figure reported is the median over `reps` repetitions, interleaved
 * so that frequency changes hit both sides alike. Prints figures only.
 *
 *   bench_formula_eval [calls] [reps]     defaults 2000000 and 9
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hesse.h"

static int rosenbrock(int n, const double *x, double *f, double *g, void *data)
{
    (void)n;
    (void)data;
    double t = x[1] - x[0] * x[0], u = 1 - x[0];
    *f = 100 * t * t + u * u;
    if (g) {
        g[0] = -400 * x[0] * t - 2 * u;
        g[1] = 200 * t;
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Seconds per call; sink keeps the results alive. */
static double time_calls(hesse_objective_fn volatile fn, void *data, long calls, int with_grad,
                         double *sink)
{
    double x[2] = {-1.2, 1}, f, g[2] = {0, 0};
    double t0 = now();
    for (long k = 0; k < calls; k++) {
        x[0] += 1e-9;
        x[1] -= 1e-9;
        fn(2, x, &f, with_grad ? g : NULL, data);
        *sink += f + g[0];
    }
    return (now() - t0) / (double)calls;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    long calls = argc > 1 ? atol(argv[1]) : 2000000;
    int reps = argc > 2 ? atoi(argv[2]) : 9;
    if (calls < 1 || reps < 1 || reps > 99) {
        fprintf(stderr, "usage: %s [calls >= 1] [reps 1..99]\n", argv[0]);
        return 2;
    }
    hesse_formula *formula;
    hesse_formula_error err;
    if (hesse_formula_parse("100*(y-x^2)^2+(1-x)^2", "x,y", &formula, &err) != HESSE_SUCCESS) {
        fprintf(stderr, "parse: %s\n", err.reason);
        return 1;
    }
    hesse_problem p;
    hesse_formula_problem(formula, &p);
    double sink = 0;
    printf("Rosenbrock, %ld calls per repetition, median of %d\n", calls, reps);
    printf("%-14s %12s %12s %8s\n", "evaluation", "formula ns", "C ns", "ratio");
    for (int with_grad = 0; with_grad <= 1; with_grad++) {
        double tf[99], tc[99];
        for (int r = 0; r < reps; r++) {
            tf[r] = time_calls(p.objective, p.data, calls, with_grad, &sink);
            tc[r] = time_calls(rosenbrock, NULL, calls, with_grad, &sink);
        }
        qsort(tf, (size_t)reps, sizeof *tf, cmp_double);
        qsort(tc, (size_t)reps, sizeof *tc, cmp_double);
        double mf = tf[reps / 2], mc = tc[reps / 2];
        printf("%-14s %12.2f %12.2f %8.2f\n", with_grad ? "f + gradient" : "f", 1e9 * mf,
               1e9 * mc, mf / mc);
    }
    printf("(checksum %g)\n", sink);
    hesse_formula_free(formula);
    return 0;
}
