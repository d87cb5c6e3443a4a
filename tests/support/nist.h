/*
 * nist.h — the NIST StRD nonlinear regression datasets as hesse problems.
 *
 * The 27 certified datasets (data, model, two starting points, certified parameters,
 * their standard deviations, residual sum of squares) are read from their .dat files,
 * which live outside the repository (see nist_data_dir). Nothing here is part of the
 * library: it is test and benchmark support, built on the public API only.
 *
 * A dataset's model line, e.g. "y = b1*(1-exp[-b2*x])  +  e", is translated into
 * hesse's formula language ("b1*(1-exp(-b2*x))") and parsed once with the variables
 * b1..bk followed by the predictors (x, or x1 and x2 for Nelson). Its left-hand side
 * ("y", or "log[y]" for Nelson) is the response g(y). With r_i = g(y_i) - m(b, x_i):
 *
 *     f(b)   = ½ Σ r_i²                          (NIST's certified SSR is Σ r_i²)
 *     ∇f(b)  = -Σ r_i ∇m_i
 *     ∇²f(b) = Σ ∇m_i ∇m_iᵀ - Σ r_i ∇²m_i        (exact: no Gauss–Newton dropping)
 *
 * where ∇m_i and ∇²m_i, taken with respect to b only, come from the formula's symbolic
 * gradient and Hessian evaluated at (b, x_i).
 *
 * Threads: a dataset holds its evaluation scratch; its callbacks may be used by one
 * solve at a time. Different datasets are independent.
 */
#ifndef HESSE_TESTS_NIST_H
#define HESSE_TESTS_NIST_H

#include <stddef.h>

#include "hesse.h"

#define NIST_MAX_PARAMS 9     /* ENSO has 9 parameters, the most of the 27 */
#define NIST_MAX_PREDICTORS 2 /* Nelson has x1 and x2 */
#define NIST_LRE_CAP 11.0     /* the certified values have 11 significant digits */
#define NIST_SOLVED_LRE 4.0   /* McCullough's rule: >= 4 correct digits per parameter */

typedef struct {
    char name[32];              /* "Misra1a" */
    char difficulty[16];        /* "lower", "average" or "higher" (NIST's labels) */
    int k;                      /* parameters b1..bk */
    int m;                      /* observations */
    int npred;                  /* predictors (columns after y in the data) */
    char pred_names[NIST_MAX_PREDICTORS][8];
    char model_nist[512];       /* the model's right-hand side as NIST writes it */
    char model[512];            /* ... translated into hesse's formula language */
    char response[64];          /* the left-hand side, translated: "y" or "log(y)" */
    char vars[96];              /* "b1,b2,...,bk,x": the formula's variable list */
    double start[2][NIST_MAX_PARAMS];
    double certified[NIST_MAX_PARAMS];
    double certified_sd[NIST_MAX_PARAMS];
    double ssr;                 /* certified residual sum of squares Σ r_i² */
    double residual_sd;         /* certified sqrt(SSR / dof) */
    int dof;                    /* degrees of freedom, m - k */
    int dof_stated;             /* as the file states it: Rat43's says 9, but m - k = 11
                                   and its own SSR / residual_sd² = 11.0 */
    double *y;                  /* m raw responses, as in the file */
    double *g_y;                /* m transformed responses g(y_i): what the model fits */
    double *x;                  /* m × npred predictors, point i at x[i*npred] */
    hesse_formula *formula;     /* m(b, x) with variables vars */

    /* Evaluation scratch: k + npred values, its square, and a k × k Hessian. */
    double *z, *grad, *hess, *hv_matrix;
} nist_dataset;

/* The 27 dataset names in NIST's order (by difficulty: lower, average, higher). */
int nist_count(void);
const char *nist_name(int i); /* NULL outside 0..26 */

/* The folder holding the .dat files, HESSE_SOURCE_DIR "/../shared/reference/nist-strd":
   the reference folder next to the source tree. Static storage. */
const char *nist_data_dir(void);

/* 1 when dir holds all 27 .dat files, else 0 with reason (the first file that cannot be
   opened, and why) written to reason[0..reason_size-1]. */
int nist_available(const char *dir, char *reason, size_t reason_size);

/* Parse the text of one .dat file (name is used in messages and copied into the
   dataset). On success *out must be freed with nist_free. On error returns
   HESSE_EINVAL (or HESSE_ENOMEM) with a message naming the line or item that could not
   be read; *out is NULL. */
hesse_status nist_parse(const char *name, const char *text, nist_dataset **out, char *msg,
                        size_t msg_size);

/* Read dir/name.dat and parse it. HESSE_EINVAL when the file cannot be read. */
hesse_status nist_load(const char *dir, const char *name, nist_dataset **out, char *msg,
                       size_t msg_size);

void nist_free(nist_dataset *d); /* NULL: no-op */

/* Translate one NIST expression ("exp[-b2*x]", "x**2", "arctan[...]", continuation
   lines already joined) into hesse's formula syntax. Returns 0, or -1 when out is too
   small. */
int nist_translate(const char *nist, char *out, size_t out_size);

/* A hesse_problem for f(b) = ½ Σ r_i² with exact gradient, Hessian and Hessian-vector
   product; n = k, data = d. */
void nist_problem(nist_dataset *d, hesse_problem *p);

/* Residuals r_i = g(y_i) - m(b, x_i) (m values) and, when J is not NULL, their
   Jacobian J[i + j*m] = ∂r_i/∂b_j = -∂m(b, x_i)/∂b_j (m × k, column-major).
   Returns 0, 1 when the model cannot be evaluated at b (outside its domain, or a
   non-finite value), -1 when k or m do not match the dataset or scratch is missing.
   The signature and contract of hesse_residual_fn (hesse.h), for the least-squares
   solvers. */
int nist_residuals(int k, int m, const double *b, double *r, double *J, void *data);

/* Model predictions m(b, x_i), i = 0..m-1. Returns as nist_residuals. */
int nist_predict(nist_dataset *d, const double *b, double *pred);

/* McCullough's log relative error of an estimate against a certified value:
   LRE = -log10(|est - cert| / |cert|) (absolute error when cert = 0), clamped to
   [0, NIST_LRE_CAP]; 0 for a non-finite estimate. */
double nist_lre(double est, double cert);

/* Digits of agreement of the parameters b with the certified values, up to an
   equivalent fit: the minimum over parameters of nist_lre, maximized over the
   transformations T (a permutation of the parameters with sign changes) that leave
   the model's predictions unchanged.
   How T is found and checked: for each certified parameter j, the candidates are the
   pairs (l, σ) with |σ b_l - c_j| <= 0.1 |c_j|; every bijection built from them is
   tried, and T(b)_j = σ_j b_π(j) is kept only when it is a symmetry of the model at the
   data points, both at b and at the certified values c:
       max_i |m(T(b), x_i) - m(b, x_i)| <= 1e-11 · max_i |g(y_i)|, and the same for c,
   i.e. the same curve to within rounding (1e-11 of the data scale; a parameter 4 digits
   off changes the curve by far more). The identity is always tried.
   lre (optional, k values) receives the per-parameter LRE of the best T; how
   (optional) a description of T: "" for the identity, else e.g. "b1=b3 b3=b1 b2=b4
   b4=b2" or "b5=-b5", meaning the certified parameter on the left is compared with
   the (signed) estimate on the right. */
double nist_min_lre(nist_dataset *d, const double *b, double *lre, char *how,
                    size_t how_size);

#endif
