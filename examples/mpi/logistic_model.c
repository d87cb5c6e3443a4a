/*
 * The logistic-regression shard of logistic_model.h: data generation and the
 * shard's part of f, ∇f, ∇²f and ∇²f·v, over OpenBLAS (dgemv, dsyrk).
 */
#include "logistic_model.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64's output function (Steele, Lea & Flood, OOPSLA 2014) on a counter:
   the value for (seed, row, column) needs no state, so shards need not coordinate. */
static uint64_t hash64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Uniform on [0, 1) with 53 random bits. */
static double uniform(uint64_t seed, uint64_t row, uint64_t column)
{
    uint64_t h = hash64(seed ^ hash64(row * 1024 + column));
    return (double)(h >> 11) * 0x1.0p-53;
}

double logistic_true_weight(int j)
{
    /* An intercept and decaying weights of alternating sign: margins of order 1, so
       the classes overlap and the minimizer is finite even for small λ. */
    return j == 0 ? 0.25 : (j % 2 ? 1.0 : -1.0) * 1.5 / (1.0 + 0.5 * j);
}

/* log(1 + e^t) without overflow. */
static double softplus(double t) { return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t)); }

static double sigmoid(double t)
{
    if (t >= 0) return 1.0 / (1.0 + exp(-t));
    double e = exp(t);
    return e / (1.0 + e);
}

void logistic_split(long rows_total, int shards, int r, long *first, long *rows)
{
    long lo = (long)((__int128)rows_total * r / shards);
    long hi = (long)((__int128)rows_total * (r + 1) / shards);
    *first = lo;
    *rows = hi - lo;
}

void logistic_shard_free(logistic_shard *s)
{
    free(s->a);
    free(s->y);
    free(s->z);
    free(s->t);
    free(s->chunk);
    free(s->hessian);
    memset(s, 0, sizeof *s);
}

int logistic_shard_init(logistic_shard *s, int n, long rows_total, long first, long rows,
                        double lambda, int regularize, uint64_t seed)
{
    memset(s, 0, sizeof *s);
    if (n < 1 || n > 1000 || rows < 0 || rows_total < 1) return -1; /* column 1023: labels */
    *s = (logistic_shard){.n = n, .rows_total = rows_total, .first = first, .rows = rows,
                          .lambda = lambda, .regularize = regularize};
    size_t m = rows > 0 ? (size_t)rows : 1, nn = (size_t)n;
    s->a = malloc(m * nn * sizeof *s->a);
    s->y = malloc(m * sizeof *s->y);
    s->z = malloc(m * sizeof *s->z);
    s->t = malloc(m * sizeof *s->t);
    s->chunk = malloc((size_t)LOGISTIC_CHUNK * nn * sizeof *s->chunk);
    s->hessian = malloc(nn * nn * sizeof *s->hessian);
    if (!s->a || !s->y || !s->z || !s->t || !s->chunk || !s->hessian) {
        logistic_shard_free(s);
        return -1;
    }
    const double width = 2.0 * sqrt(3.0);
    for (long k = 0; k < rows; k++) {
        uint64_t i = (uint64_t)(first + k);
        double *row = s->a + (size_t)k * nn, margin = 0;
        row[0] = 1.0;
        for (int j = 1; j < n; j++) row[j] = width * (uniform(seed, i, (uint64_t)j) - 0.5);
        for (int j = 0; j < n; j++) margin += row[j] * logistic_true_weight(j);
        s->y[k] = uniform(seed, i, 1023) < sigmoid(margin) ? 1.0 : -1.0;
    }
    return 0;
}

int logistic_objective(int n, const double *w, double *f, double *grad, void *shard)
{
    logistic_shard *s = shard;
    if (n != s->n) return -1;
    double scale = 1.0 / (double)s->rows_total, sum = 0.0, carry = 0.0;
    if (s->rows > 0)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)s->rows, n, 1.0, s->a, n, w, 1, 0.0,
                    s->z, 1);
    /* Neumaier's compensated sum: a plain loop over 10^6 rows loses about 10^-11
       relative (f(0) = log 2 came out 0.693147180568), more than the differences the
       order of a sum over shards makes; compensated, the error is a few ulps. */
    for (long k = 0; k < s->rows; k++) {
        double term = softplus(-s->y[k] * s->z[k]), next = sum + term;
        carry += fabs(sum) >= fabs(term) ? (sum - next) + term : (term - next) + sum;
        sum = next;
    }
    *f = scale * (sum + carry);
    if (grad) {
        /* ∇ = Aᵀ r with r_i = -y_i σ(-y_i z_i) / N */
        for (long k = 0; k < s->rows; k++)
            s->t[k] = -s->y[k] * sigmoid(-s->y[k] * s->z[k]) * scale;
        if (s->rows > 0)
            cblas_dgemv(CblasRowMajor, CblasTrans, (int)s->rows, n, 1.0, s->a, n, s->t, 1, 0.0,
                        grad, 1);
        else
            memset(grad, 0, (size_t)n * sizeof *grad);
    }
    if (s->regularize) {
        double ww = 0.0;
        for (int j = 0; j < n; j++) ww += w[j] * w[j];
        *f += 0.5 * s->lambda * ww;
        if (grad)
            for (int j = 0; j < n; j++) grad[j] += s->lambda * w[j];
    }
    return 0;
}

/* d_i = σ(z_i)(1 - σ(z_i)) / N into s->t, z = A w. */
static void curvature_weights(logistic_shard *s, const double *w)
{
    int n = s->n;
    double scale = 1.0 / (double)s->rows_total;
    if (s->rows > 0)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)s->rows, n, 1.0, s->a, n, w, 1, 0.0,
                    s->z, 1);
    for (long k = 0; k < s->rows; k++) {
        double p = sigmoid(s->z[k]);
        s->t[k] = p * (1.0 - p) * scale;
    }
}

int logistic_hessian_packed(int n, const double *w, double *packed, void *shard)
{
    logistic_shard *s = shard;
    if (n != s->n) return -1;
    size_t nn = (size_t)n;
    curvature_weights(s, w);
    /* H = Σ_i d_i a_i a_iᵀ = Bᵀ B with rows b_i = √d_i a_i, by chunks of rows with
       dsyrk (lower triangle). A chunk stored row by row is the n × chunk column-major
       matrix of its b_i. */
    memset(s->hessian, 0, nn * nn * sizeof *s->hessian);
    for (long k0 = 0; k0 < s->rows; k0 += LOGISTIC_CHUNK) {
        long m = s->rows - k0 < LOGISTIC_CHUNK ? s->rows - k0 : LOGISTIC_CHUNK;
        for (long k = 0; k < m; k++) {
            double root = sqrt(s->t[k0 + k]);
            const double *row = s->a + (size_t)(k0 + k) * nn;
            double *b = s->chunk + (size_t)k * nn;
            for (int j = 0; j < n; j++) b[j] = root * row[j];
        }
        cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, n, (int)m, 1.0, s->chunk, n, 1.0,
                    s->hessian, n);
    }
    if (s->regularize)
        for (size_t j = 0; j < nn; j++) s->hessian[j + j * nn] += s->lambda;
    /* Column j of the packed lower triangle: entries (j..n-1, j). */
    for (size_t j = 0, p = 0; j < nn; j++)
        for (size_t i = j; i < nn; i++) packed[p++] = s->hessian[i + j * nn];
    return 0;
}

int logistic_hessvec(int n, const double *w, const double *v, double *Hv, void *shard)
{
    logistic_shard *s = shard;
    if (n != s->n) return -1;
    curvature_weights(s, w);
    /* Hv = Aᵀ (d ⊙ (A v)) */
    if (s->rows > 0) {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)s->rows, n, 1.0, s->a, n, v, 1, 0.0,
                    s->z, 1);
        for (long k = 0; k < s->rows; k++) s->z[k] *= s->t[k];
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)s->rows, n, 1.0, s->a, n, s->z, 1, 0.0,
                    Hv, 1);
    } else {
        memset(Hv, 0, (size_t)n * sizeof *Hv);
    }
    if (s->regularize)
        for (int j = 0; j < n; j++) Hv[j] += s->lambda * v[j];
    return 0;
}

long logistic_correct(const logistic_shard *s, const double *w)
{
    long correct = 0;
    for (long k = 0; k < s->rows; k++) {
        const double *row = s->a + (size_t)k * (size_t)s->n;
        double margin = 0;
        for (int j = 0; j < s->n; j++) margin += row[j] * w[j];
        if ((margin > 0) == (s->y[k] > 0)) correct++;
    }
    return correct;
}
