/*
 * L2-penalized logistic regression, hesse's bfgs and lbfgs: iterations and evaluations
 * to the gradient test, on synthetic data sets generated here deterministically
 * (bench/logistic/run.sh puts SciPy's BFGS and L-BFGS-B next to them on the same files).
 *
 * Objective (scikit-learn's LogisticRegression with C = 1): for labels t_i in {-1, 1},
 * rows a_i of the design matrix A (its first column is the intercept, all ones),
 *     f(w) = Σ_i log(1 + exp(-t_i a_iᵀw)) + ½ Σ_{j>=1} w_j²      (intercept not penalized)
 *     ∇f(w) = -Σ_i t_i σ(-t_i a_iᵀw) a_i + (0, w_1, ..., w_{n-1}),  σ(u) = 1/(1 + e^{-u}).
 * Start w = 0. Stopping test: ‖∇f‖∞ <= 1e-8·max(1, |f|) (hesse's default gtol; the SciPy
 * side checks the same test at every evaluated point).
 *
 * Data sets (features generated, then labels drawn from a logistic model):
 *   wdbc-shape  569 × 30 (+ intercept): 4 latent factors make the columns correlated;
 *               column j has scale 10^u_j, u_j uniform in [-1, 1], and a mean of one
 *               scale.
 *   wdbc-raw    the same rows with scales 10^u_j, u_j uniform in [-2.5, 3], and means of
 *               3 scales, as raw measurements of a tumour-cell data set span (areas in
 *               the thousands next to ratios of 1e-3): Hessian condition about 1e11.
 *   logit4      500 × 3 (+ intercept): scales 1, 30, 0.05; 4 parameters.
 *   standard    1000 × 20 (+ intercept): independent standard normal columns.
 *   wide        120 × 80 (+ intercept): 6 latent factors, unit scales; n close to m.
 * Generator: xorshift64* with a fixed seed per data set, normals by Box–Muller.
 *
 * Usage: bench_logistic [--write DIR] [--method bfgs|lbfgs] [--label NAME]
 *   --write DIR  also write each data set to DIR/NAME.txt (read by scipy_logistic.py):
 *                line 1 "m n", then m lines "t a_i1 ... a_in" (%.17g).
 *   --label      the solver name printed (default hesse-METHOD).
 * CSV on stdout: dataset,m,n,solver,status,iterations,evaluations,f,gnorm.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"

typedef struct {
    const char *name;
    int m, features, factors; /* factors = 0: independent columns */
    double scale_lo, scale_hi; /* log10 of the column scales, uniform in [lo, hi] */
    const double *fixed_scales; /* or these (features values) */
    double mean_in_scales;     /* column mean, in units of its scale */
    uint64_t seed;
} shape;

static const double logit4_scales[3] = {1.0, 30.0, 0.05};

static const shape shapes[] = {
    {"wdbc-shape", 569, 30, 4, -1.0, 1.0, NULL, 1.0, 569},
    {"wdbc-raw", 569, 30, 4, -2.5, 3.0, NULL, 3.0, 569},
    {"logit4", 500, 3, 0, 0.0, 0.0, logit4_scales, 0.0, 4},
    {"standard", 1000, 20, 0, 0.0, 0.0, NULL, 0.0, 1000},
    {"wide", 120, 80, 6, 0.0, 0.0, NULL, 0.0, 120},
};

typedef struct {
    int m, n;
    double *a; /* m × n, row-major: row i at a + i*n */
    double *t; /* labels ±1 */
} logistic;

static double uniform01(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static double normal(uint64_t *s)
{
    double u = uniform01(s), v = uniform01(s);
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static int generate(const shape *sh, logistic *lg)
{
    int m = sh->m, n = sh->features + 1, q = sh->factors;
    uint64_t s = 0x9E3779B97F4A7C15ULL ^ sh->seed;
    lg->m = m;
    lg->n = n;
    lg->a = malloc((size_t)m * n * sizeof *lg->a);
    lg->t = malloc((size_t)m * sizeof *lg->t);
    /* factor loadings (features × q), column scales, true weights (features each) */
    double *load = malloc((size_t)sh->features * (q + 2) * sizeof *load);
    if (!lg->a || !lg->t || !load) {
        free(load);
        return -1;
    }
    double *scale = load + (size_t)sh->features * q, *wtrue = scale + sh->features;
    for (size_t e = 0; e < (size_t)sh->features * q; e++) load[e] = normal(&s);
    for (int j = 0; j < sh->features; j++) {
        scale[j] = sh->fixed_scales ? sh->fixed_scales[j]
                                    : pow(10.0, sh->scale_lo + (sh->scale_hi - sh->scale_lo) * uniform01(&s));
        wtrue[j] = normal(&s) * 2.0 / sqrt((double)sh->features);
    }
    double bias = 0.3;
    for (int i = 0; i < m; i++) {
        double z[8], logit = bias;
        for (int c = 0; c < q; c++) z[c] = normal(&s);
        double *row = lg->a + (size_t)i * n;
        row[0] = 1.0;
        for (int j = 0; j < sh->features; j++) {
            double v = 0.0; /* standardized feature: factors plus own noise, variance ~1 */
            for (int c = 0; c < q; c++) v += load[j * q + c] * z[c];
            v = q ? (v + 0.5 * normal(&s)) / sqrt(q + 0.25) : normal(&s);
            logit += wtrue[j] * v;
            row[j + 1] = scale[j] * (v + sh->mean_in_scales);
        }
        lg->t[i] = uniform01(&s) < 1.0 / (1.0 + exp(-logit)) ? 1.0 : -1.0;
    }
    free(load);
    return 0;
}

static void release(logistic *lg)
{
    free(lg->a);
    free(lg->t);
}

/* log(1 + e^{-u}) without overflow. */
static double softplus_neg(double u) { return u > 0 ? log1p(exp(-u)) : -u + log1p(exp(u)); }

static int objective(int n, const double *w, double *f, double *grad, void *data)
{
    logistic *lg = data;
    double sum = 0.0;
    for (int j = 1; j < n; j++) sum += 0.5 * w[j] * w[j];
    if (grad) {
        grad[0] = 0.0;
        for (int j = 1; j < n; j++) grad[j] = w[j];
    }
    for (int i = 0; i < lg->m; i++) {
        const double *row = lg->a + (size_t)i * n;
        double z = 0.0;
        for (int j = 0; j < n; j++) z += row[j] * w[j];
        double u = lg->t[i] * z;
        sum += softplus_neg(u);
        if (grad) {
            double c = -lg->t[i] / (1.0 + exp(u)); /* -t σ(-u) */
            for (int j = 0; j < n; j++) grad[j] += c * row[j];
        }
    }
    *f = sum;
    return isfinite(sum) ? 0 : 1;
}

static int write_data(const char *dir, const char *name, const logistic *lg)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        return -1;
    }
    fprintf(fp, "%d %d\n", lg->m, lg->n);
    for (int i = 0; i < lg->m; i++) {
        fprintf(fp, "%.17g", lg->t[i]);
        for (int j = 0; j < lg->n; j++) fprintf(fp, " %.17g", lg->a[(size_t)i * lg->n + j]);
        fputc('\n', fp);
    }
    return fclose(fp) ? -1 : 0;
}

/* Provided by OpenBLAS, which the program links. */
void openblas_set_num_threads(int num_threads);

int main(int argc, char **argv)
{
    /* One OpenBLAS thread unless the user chose: the results depend on the thread
       count (the kernels' summation order changes: bfgs on wdbc-raw took 674
       iterations with the default threads on 2 cores and 438 with one), so figures
       are reproducible only with a fixed one. */
    if (!getenv("OPENBLAS_NUM_THREADS")) openblas_set_num_threads(1);
    const char *dir = NULL, *only = NULL, *label = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--write")) dir = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--method")) only = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--label")) label = argv[++i];
        else {
            fprintf(stderr, "usage: bench_logistic [--write DIR] [--method bfgs|lbfgs] [--label NAME]\n");
            return 2;
        }
    }
    const char *methods[2] = {"bfgs", "lbfgs"};
    printf("dataset,m,n,solver,status,iterations,evaluations,f,gnorm\n");
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        logistic lg;
        if (generate(&shapes[k], &lg)) {
            fprintf(stderr, "bench_logistic: out of memory\n");
            return 1;
        }
        if (dir && write_data(dir, shapes[k].name, &lg)) return 1;
        for (int mi = 0; mi < 2; mi++) {
            if (only && strcmp(only, methods[mi])) continue;
            hesse_problem p = {.n = lg.n, .objective = objective, .data = &lg};
            hesse_options opt;
            hesse_options_init(&opt);
            opt.method = hesse_method_find(methods[mi]);
            opt.classify = HESSE_CLASSIFY_NEVER;
            double *w = calloc((size_t)lg.n, sizeof *w);
            hesse_result res;
            hesse_minimize(&p, w, &opt, &res);
            char name[64];
            snprintf(name, sizeof name, "hesse-%s", methods[mi]);
            printf("%s,%d,%d,%s,%s,%d,%ld,%.15g,%.3e\n", shapes[k].name, lg.m, lg.n,
                   label ? label : name, hesse_status_name(res.status), res.iterations,
                   res.nfev + res.ngev, res.f, res.gnorm);
            free(w);
        }
        release(&lg);
    }
    return 0;
}
