/*
 * Cost of one newton iteration, callback time excluded.
 *
 * Problem: f(x) = ½ xᵀAx with A symmetric positive definite (A = BᵀB/n + I, B
 * uniform in [-1, 1]), and a Hessian callback that only memcpy's the precomputed
 * matrix A/θ (θ = 0.01). Every Newton step is then θ times the exact one: x shrinks
 * by 1 - θ per iteration, α = 1 passes the Armijo test (φ(1) - φ(0) = -θq(1 - θ/2)
 * with q = gᵀA⁻¹g), so each iteration costs exactly one objective call and one
 * Hessian call, and the solve never stops by itself (gtol = xtol = 0).
 *
 * Measured, per n, as the median over REPS repetitions:
 *   solver   wall time of K hesse_solver_iterate calls, divided by K;
 *   callback wall time of the same callback calls (nfev objective calls with the
 *            gradient, nhev Hessian calls) made directly, divided by K;
 *   overhead solver - callback: what hesse itself spends per iteration.
 * For n = 2, 10, 100 the overhead is printed in µs (target at n = 2: <= 1 µs), next to
 * a loop of copy + dpotrf + dpotrs for scale. For
 * n = 1000, 2000 it is divided by the time of as many bare dpotrf + dpotrs (one
 * right-hand side) on the same matrix, timed right after the solver in the same
 * repetition; the ratio is the median of the per-repetition ratios, which cancels
 * most of the drift of a shared machine (target <= 1.15): the rest of the iteration
 * (copying H into the factor, the line search, the tests) should be small next to
 * the n³/3 of Cholesky.
 *
 * Prints a table; asserts nothing. Build with -DCMAKE_BUILD_TYPE=Release; arguments
 * restrict the run to some of the sizes (e.g. `bench_newton_iter 2` for profiling).
 */
#include <lapacke.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hesse.h"

#define REPS 7
#define THETA 0.01

typedef struct {
    int n;
    double *A;       /* n×n SPD */
    double *H;       /* A / θ, what the Hessian callback returns */
    double *scratch; /* n: Ax */
} quadratic;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* f = ½ xᵀAx, ∇f = Ax. */
static int objective(int n, const double *x, double *f, double *g, void *data)
{
    quadratic *q = data;
    const double *A = q->A;
    double *Ax = g ? g : q->scratch;
    for (int i = 0; i < n; i++) Ax[i] = 0.0;
    for (int j = 0; j < n; j++) {
        const double *col = A + (size_t)j * n;
        double xj = x[j];
        for (int i = 0; i < n; i++) Ax[i] += col[i] * xj;
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += x[i] * Ax[i];
    *f = 0.5 * sum;
    return 0;
}

static int hessian(int n, const double *x, double *H, void *data)
{
    quadratic *q = data;
    memcpy(H, q->H, (size_t)n * n * sizeof *H);
    return 0;
}

static unsigned long long rng_state = 88172645463325252ull;
static double uniform(void) /* xorshift64 in [-1, 1] */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

static int make_quadratic(int n, quadratic *q)
{
    size_t nn = (size_t)n * n;
    double *B = malloc(nn * sizeof *B);
    q->n = n;
    q->A = malloc(nn * sizeof *q->A);
    q->H = malloc(nn * sizeof *q->H);
    q->scratch = malloc((size_t)n * sizeof *q->scratch);
    if (!B || !q->A || !q->H || !q->scratch) {
        free(B);
        return -1;
    }
    for (size_t k = 0; k < nn; k++) B[k] = uniform();
    /* A = BᵀB/n + I */
    for (int j = 0; j < n; j++)
        for (int i = j; i < n; i++) {
            double s = 0.0;
            for (int k = 0; k < n; k++) s += B[k + (size_t)i * n] * B[k + (size_t)j * n];
            s = s / n + (i == j ? 1.0 : 0.0);
            q->A[i + (size_t)j * n] = q->A[j + (size_t)i * n] = s;
        }
    for (size_t k = 0; k < nn; k++) q->H[k] = q->A[k] / THETA;
    free(B);
    return 0;
}

static void free_quadratic(quadratic *q)
{
    free(q->A);
    free(q->H);
    free(q->scratch);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int count)
{
    qsort(v, (size_t)count, sizeof *v, compare);
    return count % 2 ? v[count / 2] : 0.5 * (v[count / 2 - 1] + v[count / 2]);
}

typedef struct {
    double solver, callback, overhead; /* seconds per iteration (medians) */
    double cholesky;                   /* dpotrf + dpotrs, seconds (median) */
    double cholesky_copy;              /* the same plus copying the matrix first */
    double ratio, ratio_copy;          /* overhead / cholesky in each repetition (median) */
} timing;

static int measure(int n, int iterations, timing *t)
{
    quadratic q;
    if (make_quadratic(n, &q) != 0) return -1;
    hesse_problem p = {.n = n, .objective = objective, .hessian = hessian, .data = &q};
    hesse_options o;
    hesse_options_init(&o);
    o.method = hesse_method_newton;
    o.gtol = 0.0;
    o.xtol = 0.0;
    o.max_iter = iterations + 1;
    o.classify = HESSE_CLASSIFY_NEVER;
    size_t nn = (size_t)n * n;
    double *x0 = malloc((size_t)n * sizeof *x0), *g = malloc((size_t)n * sizeof *g);
    double *Hbuf = malloc(nn * sizeof *Hbuf), *F = malloc(nn * sizeof *F);
    double *rhs = malloc((size_t)n * sizeof *rhs);
    double solver[REPS], callback[REPS], overhead[REPS], chol[REPS], chol_copy[REPS];
    double ratio[REPS], ratio_copy[REPS];
    int status = 0;
    if (!x0 || !g || !Hbuf || !F || !rhs) {
        status = -1;
        goto done;
    }
    for (int i = 0; i < n; i++) x0[i] = uniform();

    for (int r = 0; r < REPS; r++) {
        hesse_solver *s = NULL;
        hesse_status st = hesse_solver_create(&p, x0, &o, &s);
        if (st != HESSE_RUNNING) {
            fprintf(stderr, "n = %d: create: %s\n", n, hesse_solver_message(s));
            hesse_solver_free(s);
            status = -1;
            goto done;
        }
        hesse_result res0;
        hesse_solver_result(s, &res0);
        double t0 = now();
        for (int k = 0; k < iterations && st == HESSE_RUNNING; k++) st = hesse_solver_iterate(s);
        double t1 = now();
        hesse_result res;
        hesse_solver_result(s, &res);
        hesse_solver_free(s);
        if (st != HESSE_RUNNING || res.iterations != iterations) {
            fprintf(stderr, "n = %d: stopped early: %s\n", n, res.message);
            status = -1;
            goto done;
        }
        long nfev = res.nfev - res0.nfev, nhev = res.nhev - res0.nhev;
        /* The same callback calls, made directly. */
        double f, t2 = now();
        for (long k = 0; k < nfev; k++) objective(n, x0, &f, g, &q);
        for (long k = 0; k < nhev; k++) hessian(n, x0, Hbuf, &q);
        double t3 = now();
        solver[r] = (t1 - t0) / iterations;
        callback[r] = (t3 - t2) / iterations;
        overhead[r] = solver[r] - callback[r];

        /* Bare Cholesky solves on the same matrix (A/θ), as many as iterations, right
           after the solver's run; the copy that dpotrf needs is outside the timing
           (chol) or inside it (chol_copy). */
        double bare = 0.0;
        for (int k = 0; k < iterations; k++) {
            memcpy(F, q.H, nn * sizeof *F);
            memcpy(rhs, g, (size_t)n * sizeof *rhs);
            double t4 = now();
            LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, F, n);
            LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, F, n, rhs, n);
            bare += now() - t4;
        }
        /* With the copies, one clock reading for the whole loop (at n = 2 a reading
           costs about as much as the solve). */
        double t6 = now();
        for (int k = 0; k < iterations; k++) {
            memcpy(F, q.H, nn * sizeof *F);
            memcpy(rhs, g, (size_t)n * sizeof *rhs);
            LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, F, n);
            LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, F, n, rhs, n);
        }
        double bare_copy = now() - t6;
        chol[r] = bare / iterations;
        chol_copy[r] = bare_copy / iterations;
        ratio[r] = overhead[r] / chol[r];
        ratio_copy[r] = overhead[r] / chol_copy[r];
    }
    t->solver = median(solver, REPS);
    t->callback = median(callback, REPS);
    t->overhead = median(overhead, REPS);
    t->cholesky = median(chol, REPS);
    t->cholesky_copy = median(chol_copy, REPS);
    t->ratio = median(ratio, REPS);
    t->ratio_copy = median(ratio_copy, REPS);
done:
    free(x0);
    free(g);
    free(Hbuf);
    free(F);
    free(rhs);
    free_quadratic(&q);
    return status;
}

/* Usage: bench_newton_iter [n ...]   (default: all of 2 10 100 500 1000 2000 4000) */
int main(int argc, char **argv)
{
    const char *threads = getenv("OPENBLAS_NUM_THREADS");
    printf("newton iteration cost, callbacks excluded (median of %d repetitions; "
           "OPENBLAS_NUM_THREADS=%s)\n\n",
           REPS, threads ? threads : "(unset)");
    printf("%6s %10s %14s %14s %14s %16s %10s %12s\n", "n", "iters/rep", "solver/iter",
           "callbacks/iter", "hesse/iter", "potrf+potrs", "ratio", "target");
    static const struct {
        int n, iterations;
    } sizes[] = {{2, 20000}, {10, 10000}, {100, 500}, {500, 20}, {1000, 8}, {2000, 3}, {4000, 2}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        timing t;
        int n = sizes[i].n, wanted = argc < 2;
        for (int a = 1; a < argc; a++) wanted |= atoi(argv[a]) == n;
        if (!wanted) continue;
        if (measure(n, sizes[i].iterations, &t) != 0) return 1;
        if (n <= 100) {
            printf("%6d %10d %11.3f µs %11.3f µs %11.3f µs %13.3f µs %10s %12s\n", n,
                   sizes[i].iterations, 1e6 * t.solver, 1e6 * t.callback, 1e6 * t.overhead,
                   1e6 * t.cholesky_copy, "", n == 2 ? "<= 1 µs" : "");
        } else {
            printf("%6d %10d %11.3f ms %11.3f ms %11.3f ms %13.3f ms %10.3f %12s\n", n,
                   sizes[i].iterations, 1e3 * t.solver, 1e3 * t.callback, 1e3 * t.overhead,
                   1e3 * t.cholesky, t.ratio, "<= 1.15x");
            printf("%6s %10s %14s %14s %14s %13.3f ms %10.3f %12s\n", "", "", "", "",
                   "(with copy)", 1e3 * t.cholesky_copy, t.ratio_copy, "");
        }
        fflush(stdout);
    }
    return 0;
}
