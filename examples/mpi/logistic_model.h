/*
 * L2-regularized logistic regression on a synthetic data set, split into shards.
 *
 *   f(w) = (1/N) Σ_i log(1 + exp(-y_i a_iᵀw)) + (λ/2)‖w‖²
 *   ∇f   = (1/N) Σ_i -y_i σ(-y_i a_iᵀw) a_i + λ w
 *   ∇²f  = (1/N) Σ_i σ(a_iᵀw)(1 - σ(a_iᵀw)) a_i a_iᵀ + λ I
 * with σ(t) = 1/(1 + e^-t), rows a_i of n features (a_i0 = 1: the intercept), labels
 * y_i = ±1, N rows in all.
 *
 * The data are a function of the global row index i alone (a counter-based generator),
 * so any split of the rows over processes sees the same data set: a shard generates
 * rows [first, first + rows) and nothing else. Features: uniform on [-√3, √3] (unit
 * variance); labels drawn from the model with the weights logistic_true_weight(j).
 */
#ifndef LOGISTIC_MODEL_H
#define LOGISTIC_MODEL_H

#include <stdint.h>

typedef struct {
    int n;           /* features, the intercept included */
    long rows_total; /* N, over all shards */
    long first;      /* this shard's first row */
    long rows;       /* this shard's rows */
    double lambda;   /* L2 weight */
    int regularize;  /* 1 on exactly one shard: it adds the (λ/2)‖w‖² terms */
    double *a;       /* rows × n, row-major */
    double *y;       /* rows, ±1 */
    double *z;       /* rows: scratch for a_iᵀw */
    double *t;       /* rows: scratch */
    double *chunk;   /* LOGISTIC_CHUNK × n: scratch for the Hessian */
    double *hessian; /* n × n: scratch for the Hessian */
} logistic_shard;

enum { LOGISTIC_CHUNK = 256 };

/* The true weights the labels are drawn from. */
double logistic_true_weight(int j);

/* Rows [first, first + rows) of the data set of rows_total rows drawn with seed,
   1 <= n <= 1000. Returns 0, or -1 when out of memory or a size is out of range (s is
   then empty). */
int logistic_shard_init(logistic_shard *s, int n, long rows_total, long first, long rows,
                        double lambda, int regularize, uint64_t seed);
void logistic_shard_free(logistic_shard *s);

/* The rows of shard r when N rows are split over K shards as evenly as possible. */
void logistic_split(long rows_total, int shards, int r, long *first, long *rows);

/* This shard's part of f, ∇f (grad may be NULL), ∇²f (lower triangle packed by
   columns) and ∇²f·v. The callback signatures of hesse_mpi.h. */
int logistic_objective(int n, const double *w, double *f, double *grad, void *shard);
int logistic_hessian_packed(int n, const double *w, double *packed, void *shard);
int logistic_hessvec(int n, const double *w, const double *v, double *Hv, void *shard);

/* Rows of this shard that w classifies right (sign of a_iᵀw equals y_i). */
long logistic_correct(const logistic_shard *s, const double *w);

#endif
