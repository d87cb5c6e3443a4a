/*
 * newton — line-search Newton with an eigenvalue-modified Hessian where it is not
 * positive definite.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 3.2, with the
 * eigenvalue modification of Section 3.4, eq. 3.41):
 *   1. H = ∇²f(x_k) (callback, or central differences of the gradient), and its
 *      equilibrated form B = S H S, S = diag(s) the powers of 2 of LAPACK's dsyequb
 *      (exact scaling: the step is the same in exact arithmetic, and a Hessian whose
 *      entries span many orders of magnitude because the variables do is factored as
 *      well as a well-scaled one).
 *   2. Cholesky B = LLᵀ (dpotrf). If it succeeds, d = -S B⁻¹ S ∇f (dpotrs).
 *   3. Otherwise H is not positive definite. The step uses B = QΛQᵀ (dsyevd) with each
 *      eigenvalue replaced by max(|λ_i|, δ), δ = sqrt(eps)·‖B‖₂:
 *          d = -S Q diag(1/max(|λ_i|, δ)) Qᵀ S ∇f,
 *      a descent direction that keeps Newton's step along directions of positive
 *      curvature and reverses the pull towards maxima along the negative ones. δ is
 *      relative to B, not to 1 or to max|H_ij|: a floor sqrt(eps)·max|H_ij| made newton
 *      crawl in steps of 1e-8 on certified regression problems whose Hessian
 *      eigenvalues span 1e-1 to 1e16 (NIST Hahn1, MGH10).
 *   4. Line search from α = 1 (Armijo backtracking by default).
 * Its model step (the stopping test, src/minimize/stop.c) is the step of 2, exact, or
 * that of 3, an approximation the driver certifies with the inertia of H: a point
 * where H has a negative eigenvalue by the error rule is a saddle or a maximum, and
 * the driver steps off it along that eigenvector (src/minimize/second_order.c).
 * dsyevd (divide and conquer), not dsyevr: with all eigenvectors requested dsyevr
 * uses MRRR (dstemr), which looped for ever in dlarrb on CRAGGLVY's Hessian at
 * n = 100 with the LAPACK in Debian's OpenBLAS 0.3.21.
 * Why not the modified LDLᵀ of N&W eq. 3.43: flooring the eigenvalues of D's 2×2
 * blocks can make a block diagonal, and dsytrs divides by a 2×2 block's off-diagonal
 * entry (a NaN step on f = x^y at (1, 1), where H = [0 1; 1 0]).
 * Invariants: when `factored`, factor holds the Cholesky factor of B or (Q, Λ) of B
 * at the current x, and scale its S.
 * Cost per iteration: one Hessian, n² for the equilibration, n³/3 flops (Cholesky);
 * where H is indefinite, the symmetric eigensolver (about 4n³/3 flops and up).
 * Memory: two n×n matrices (B or its factor, Q) besides the driver's H, and dsyevd's
 * workspace (2n² + 6n + 1 doubles), queried from LAPACK once in init.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *factor;   /* B = S H S, then its Cholesky factor (lower), or its eigenvectors */
    double *evals;    /* Λ of B, ascending, when modified */
    double *scale;    /* S */
    double *tmp;      /* n */
    double *work;     /* LAPACK workspace, lwork doubles */
    int *iwork;       /* liwork ints for dsyevd */
    int lwork, liwork;
    int factored;     /* factor belongs to the current x */
    int modified;     /* 0: Cholesky of B; 1: eigenvalue-modified B */
    double delta;     /* the modification's floor */
} newton_state;

static double newton_dense_bytes(int n, const hesse_options *opt)
{
    return 3.0 * hesse__matrix_bytes(n); /* B or Q, and dsyevd's 2n² workspace */
}

static hesse_status newton_init(hesse_solver *s, void *state)
{
    newton_state *st = state;
    int n = s->n;
    int lw_evd, liw;
    hesse__eigenpairs_workspace(n, &lw_evd, &liw);
    st->lwork = lw_evd > 1 ? lw_evd : 1;
    st->liwork = liw > 1 ? liw : 1;
    size_t nn = (size_t)n * n;
    st->factor = hesse__workspace(s, nn + 3 * (size_t)n + (size_t)st->lwork, sizeof(double));
    st->iwork = hesse__workspace(s, (size_t)st->liwork, sizeof(int));
    if (!st->factor || !st->iwork)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating newton's matrices (n = %d)", n);
    st->evals = st->factor + nn;
    st->scale = st->evals + n;
    st->tmp = st->scale + n;
    st->work = st->tmp + n;
    return HESSE_SUCCESS;
}

/* Factor B = S H S at the current x: Cholesky; else B = QΛQᵀ. */
static int factor(hesse_solver *s, newton_state *st)
{
    if (st->factored) return HESSE__EVAL_OK;
    int n = s->n;
    const double *H = hesse__hessian_at_x(s);
    if (!H) return HESSE__EVAL_STOP;
    if (hesse__equilibrate(n, H, n, st->scale) != 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dsyequb rejected its arguments (n = %d)", n);
        return HESSE__EVAL_STOP;
    }
    for (int j = 0; j < n; j++)
        for (int i = j; i < n; i++)
            st->factor[i + (size_t)j * n] = st->scale[i] * H[i + (size_t)j * n] * st->scale[j];
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, st->factor, n);
    if (info < 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrf failed with info = %d", (int)info);
        return HESSE__EVAL_STOP;
    }
    st->modified = info > 0;
    if (st->modified) {
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
                st->factor[i + (size_t)j * n] = st->scale[i] * H[i + (size_t)j * n] * st->scale[j];
        info = hesse__eigenpairs(n, st->factor, st->evals, st->work, st->lwork, st->iwork, st->liwork);
        if (info != 0) {
            hesse__fail(&s->ev, HESSE_ELAPACK, "dsyevd (eigenvalue modification) failed with info = %d",
                        (int)info);
            return HESSE__EVAL_STOP;
        }
        st->delta = sqrt(DBL_EPSILON) * fmax(fabs(st->evals[0]), fabs(st->evals[n - 1]));
    }
    st->factored = 1;
    return HESSE__EVAL_OK;
}

/* step = -S B⁻¹ S g (Cholesky), or -S Q diag(1/max(|λ_i|, δ)) Qᵀ S g. */
static int direction(hesse_solver *s, newton_state *st, double *step)
{
    int n = s->n;
    const double *sc = st->scale;
    if (!st->modified) {
        for (int i = 0; i < n; i++) step[i] = -sc[i] * s->g[i];
        if (LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, st->factor, n, step, n) != 0) return -1;
    } else {
        for (int i = 0; i < n; i++) step[i] = sc[i] * s->g[i];
        for (int j = 0; j < n; j++) {
            const double *q = st->factor + (size_t)j * n;
            st->tmp[j] = hesse__dot(n, q, step) / fmax(fabs(st->evals[j]), st->delta);
        }
        for (int i = 0; i < n; i++) step[i] = 0.0;
        for (int j = 0; j < n; j++) hesse__axpy(n, -st->tmp[j], st->factor + (size_t)j * n, step);
    }
    for (int i = 0; i < n; i++) step[i] *= sc[i];
    return 0;
}

static int newton_model_step(hesse_solver *s, void *state, double *step)
{
    newton_state *st = state;
    if (factor(s, st) != HESSE__EVAL_OK) return HESSE__MODEL_STOP;
    if (direction(s, st, step) != 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrs failed");
        return HESSE__MODEL_STOP;
    }
    return st->modified ? HESSE__MODEL_APPROX : HESSE__MODEL_EXACT;
}

static hesse__step newton_iterate(hesse_solver *s, void *state)
{
    newton_state *st = state;
    if (factor(s, st) != HESSE__EVAL_OK) return HESSE__STEP_STOP;
    s->rec.hessian_modified = st->modified;
    if (direction(s, st, s->d) != 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrs failed");
        return HESSE__STEP_STOP;
    }
    if (!st->modified) {
        s->rec.npos = s->n;
        s->rec.nneg = s->rec.nzero = 0;
    }
    double dg = hesse__dot(s->n, s->g, s->d);
    if (hesse__linesearch(s, dg, 0.0, 1.0) != HESSE__LS_OK) return HESSE__STEP_STOP;
    st->factored = 0; /* B and its factors belong to the old x */
    return HESSE__STEP_ACCEPT;
}

static void newton_restart(hesse_solver *s, void *state)
{
    newton_state *st = state;
    st->factored = 0;
}

HESSE__METHOD(newton, .name = "newton", .state_size = sizeof(newton_state),
                      .default_linesearch = HESSE_LINESEARCH_ARMIJO, .needs_hessian = 1,
                      .dense_bytes = newton_dense_bytes, .init = newton_init,
                      .iterate = newton_iterate, .model_step = newton_model_step,
                      .restart = newton_restart);
