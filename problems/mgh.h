/*
 * Internal interface of the Moré–Garbow–Hillstrom family (problems/mgh*.c).
 *
 * Every MGH problem is a sum of squares f(x) = Σ_{i=1..m} r_i(x)² (the plain sum, as
 * in Moré, Garbow & Hillstrom, "Testing unconstrained optimization software", ACM TOMS
 * 7(1):17–41, 1981). A problem is written once as its residuals r (m values), the
 * entries of their Jacobian J (m×n) and their second derivatives; problems/mgh.c turns
 * that into the objective, gradient, Hessian and Hessian-vector product of the registry.
 * The residual function alone also serves a solver of square systems F(x) = 0 (m = n
 * problems).
 */
#ifndef HESSE_MGH_H
#define HESSE_MGH_H

#include "testproblem.h"

/*
 * The Jacobian sink: a residual function reports each entry ∂r_i/∂x_j it has by
 * hesse__mgh_jac_add(jac, i, j, value) (0-based; an entry may come in several parts, an
 * entry never reported is zero), and always after it has set r_i. The sink then either
 * fills a dense matrix or forms the products the callbacks need on the fly, so that a
 * problem whose Jacobian has nnz entries costs O(m + nnz) per evaluation and no m×n
 * storage:
 *     J   != NULL:  J[i + j*m] += value   (the caller zeroes J; nothing else is done)
 *     Jtu != NULL:  Jtu[j] += value u[i]  (Jᵀu; u may be r itself, as r_i is set first)
 *     Jv  != NULL:  Jv[i] += value v[j]   (J v)
 */
typedef struct {
    int m;
    double *J;
    const double *u;
    double *Jtu;
    const double *v;
    double *Jv;
} hesse__mgh_jac;

static inline void hesse__mgh_jac_add(hesse__mgh_jac *jac, int i, int j, double value)
{
    if (jac->J) {
        jac->J[i + (long)j * jac->m] += value;
        return;
    }
    if (jac->Jtu) jac->Jtu[j] += value * jac->u[i];
    if (jac->Jv) jac->Jv[i] += value * jac->v[j];
}

/* A problem's residuals: fills r (m values) and, when jac is not NULL, reports the
   Jacobian through it. Returns 0, >0 when x is outside the domain, <0 when scratch
   memory could not be allocated. */
typedef int (*hesse__mgh_residual_fn)(int n, int m, const double *x, double *r,
                                      hesse__mgh_jac *jac);

/* The same residuals with a dense Jacobian, for the solver of square systems
   (problems/equations.c) and the tests: J, when not NULL, receives the m×n Jacobian,
   column-major J[i + j*m]. */
typedef int (*hesse__residual_fn)(int n, int m, const double *x, double *r, double *J);
typedef struct { const char *name; hesse__residual_fn residual; } hesse__mgh_residual;
/* The residual function of the MGH problem called name (registry name), or NULL. */
const hesse__mgh_residual *hesse__mgh_residual_find(const char *name);

/* The number of residuals m of the MGH problem called name at n variables (the m its
   registry setup fixes; m == n for the square systems), or 0 when name is unknown, n is
   not accepted or memory ran out. The same m is in the hesse__tp_params an instance's
   problem.data points to. */
int hesse__mgh_residual_count(const char *name, int n);

/*
 * Second derivatives of the residuals, weighted: a problem's second-derivative function
 * adds S = Σ_i w_i ∇²r_i(x) (n×n, symmetric) through an accumulator, by calling
 * hesse__mgh_add(acc, j, k, value) with value = Σ_i w_i ∂²r_i/∂x_j∂x_k (0-based).
 * Calls are additive; a mixed term j != k is added for one of (j, k) and (k, j) only,
 * since the accumulator fills both triangles itself. The accumulator either adds into a dense matrix or
 * multiplies by a vector on the fly (Hessian-vector products without forming S).
 */
typedef struct {
    int n;
    double *S;       /* when not NULL: S[j + k*n] += value, and S[k + j*n] when j != k */
    const double *v; /* otherwise: Sv[j] += value v[k], and Sv[k] += value v[j] */
    double *Sv;
} hesse__mgh_acc;

static inline void hesse__mgh_add(hesse__mgh_acc *acc, int j, int k, double value)
{
    if (acc->S) {
        acc->S[j + (long)k * acc->n] += value;
        if (j != k) acc->S[k + (long)j * acc->n] += value;
    } else {
        acc->Sv[j] += value * acc->v[k];
        if (j != k) acc->Sv[k] += value * acc->v[j];
    }
}

/* Adds Σ_i w_i ∇²r_i(x) through acc. Returns 0, >0 outside the domain, or <0 when
   scratch memory could not be allocated. */
typedef int (*hesse__residual_hess_fn)(int n, int m, const double *x, const double *w,
                                       hesse__mgh_acc *acc);

/* The reference cited by every problem's source string. */
#define HESSE__MGH81 "Moré, Garbow & Hillstrom, ACM TOMS 7(1):17-41, 1981, "

/* One line per problem: X(id, "REGISTRY_NAME"). Each problem file defines
   hesse__mgh_<id>_residual, hesse__mgh_<id>_rhess and hesse__mgh_<id>_setup (the
   registry setup contract of problems/testproblem.h). */
#define HESSE__MGH_LIST(X)                                                                 \
    X(rosenbrock, "ROSENBROCK")                                                            \
    X(freudenstein_roth, "FREUDENSTEIN_ROTH")                                              \
    X(powell_badly_scaled, "POWELL_BADLY_SCALED")                                          \
    X(brown_badly_scaled, "BROWN_BADLY_SCALED")                                            \
    X(beale, "BEALE")                                                                      \
    X(jennrich_sampson, "JENNRICH_SAMPSON")                                                \
    X(helical_valley, "HELICAL_VALLEY")                                                    \
    X(bard, "BARD")                                                                        \
    X(gaussian, "GAUSSIAN")                                                                \
    X(meyer, "MEYER")                                                                      \
    X(gulf, "GULF")                                                                        \
    X(box3, "BOX3")                                                                        \
    X(powell_singular, "POWELL_SINGULAR")                                                  \
    X(wood, "WOOD")                                                                        \
    X(kowalik_osborne, "KOWALIK_OSBORNE")                                                  \
    X(brown_dennis, "BROWN_DENNIS")                                                        \
    X(osborne1, "OSBORNE1")                                                                \
    X(biggs_exp6, "BIGGS_EXP6")                                                            \
    X(osborne2, "OSBORNE2")                                                                \
    X(watson, "WATSON")                                                                    \
    X(ext_rosenbrock, "EXT_ROSENBROCK")                                                    \
    X(ext_powell, "EXT_POWELL")                                                            \
    X(penalty_i, "PENALTY_I")                                                              \
    X(penalty_ii, "PENALTY_II")                                                            \
    X(variably_dimensioned, "VARIABLY_DIMENSIONED")                                        \
    X(trigonometric, "TRIGONOMETRIC")                                                      \
    X(brown_almost_linear, "BROWN_ALMOST_LINEAR")                                          \
    X(discrete_boundary, "DISCRETE_BOUNDARY")                                              \
    X(discrete_integral, "DISCRETE_INTEGRAL")                                              \
    X(broyden_tridiagonal, "BROYDEN_TRIDIAGONAL")                                          \
    X(broyden_banded, "BROYDEN_BANDED")                                                    \
    X(linear_full_rank, "LINEAR_FULL_RANK")                                                \
    X(linear_rank1, "LINEAR_RANK1")                                                        \
    X(linear_rank1_zero, "LINEAR_RANK1_ZERO")                                              \
    X(chebyquad, "CHEBYQUAD")

/* The linear functions (problems 32-34) share one second-derivative function, which
   adds nothing. */
#define hesse__mgh_linear_full_rank_rhess hesse__mgh_linear_rhess
#define hesse__mgh_linear_rank1_rhess hesse__mgh_linear_rhess
#define hesse__mgh_linear_rank1_zero_rhess hesse__mgh_linear_rhess

#define HESSE__MGH_DECLARE_(id, name)                                                      \
    int hesse__mgh_##id##_residual(int n, int m, const double *x, double *r,               \
                                   hesse__mgh_jac *jac);                                   \
    int hesse__mgh_##id##_rhess(int n, int m, const double *x, const double *w,            \
                                hesse__mgh_acc *acc);                                      \
    int hesse__mgh_##id##_setup(int n, hesse__tp_params *params, double *x0, double *xstar, \
                                double *fstar, const char **fstar_source);
HESSE__MGH_LIST(HESSE__MGH_DECLARE_)
#undef HESSE__MGH_DECLARE_

#endif
