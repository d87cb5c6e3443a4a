/*
 * newton — line-search Newton with an eigenvalue-modified Hessian where it is not
 * positive definite.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 3.2, with the
 * eigenvalue modification of Section 3.4, eq. 3.41):
 *   1. H = ∇²f(x_k) (callback, or central differences of the gradient).
 *   2. Cholesky H = LLᵀ (dpotrf). If it succeeds, d = -H⁻¹∇f (dpotrs).
 *   3. Otherwise H is not positive definite. A Bunch–Kaufman LDLᵀ (dsytrf) gives its
 *      inertia (Sylvester's law of inertia on D's 1×1 and 2×2 blocks), reported in the
 *      trace. The step uses H = QΛQᵀ (dsyevd) with each eigenvalue replaced by
 *      max(|λ_i|, δ), δ = sqrt(eps)·max(1, max_ij |H_ij|):
 *          d = -Q diag(1/max(|λ_i|, δ)) Qᵀ ∇f,
 *      a descent direction that keeps Newton's step along directions of positive
 *      curvature and reverses the pull towards maxima along the negative ones.
 *   4. At a point that meets the gradient test while H has a clearly negative
 *      eigenvalue (saddle_check), the step is d = ±q_1, the unit eigenvector of λ_min,
 *      sign chosen so that ∇fᵀd <= 0; the Armijo test then includes the curvature
 *      term ½α²λ_min (see src/minimize/linesearch.c). A start exactly at a saddle or a maximum
 *      thus moves off it instead of being reported as converged.
 *   5. Line search from α = 1 (Armijo backtracking by default).
 * dsyevd (divide and conquer), not dsyevr: with all eigenvectors requested dsyevr
 * uses MRRR (dstemr), which looped for ever in dlarrb on CRAGGLVY's Hessian at
 * n = 100 with the LAPACK in Debian's OpenBLAS 0.3.21.
 * Why not the modified LDLᵀ of N&W eq. 3.43: flooring the eigenvalues of D's 2×2
 * blocks can make a block diagonal, and dsytrs divides by a 2×2 block's off-diagonal
 * entry (a NaN step on f = x^y at (1, 1), where H = [0 1; 1 0]); the eigenvalue
 * modification has no such case and gives λ_min's eigenvector for step 4 as well.
 * Invariants: when `factored`, the Cholesky factor or (Q, Λ) belong to H at the
 * current x. Cholesky runs in place on the Hessian array: dpotrf('L') writes only the
 * lower triangle, so H stays recoverable from its strict upper triangle and the saved
 * diagonal (restore_hessian, needed only when Cholesky fails). This saves an n² copy
 * per iteration: at n = 1000 the copy took 1.4 ms next to 7.7 ms of dpotrf + dpotrs,
 * and removing it took bench/newton_iter's ratio (iteration cost / bare dpotrf +
 * dpotrs) from 1.12–1.27 to 1.03–1.08.
 * Cost per iteration: one Hessian and n³/3 flops (Cholesky); where H is indefinite,
 * n³/3 more (dsytrf) plus the symmetric eigensolver (about 4n³/3 flops and up).
 * Memory: three n×n matrices (the second and third used only where H is indefinite)
 * and dsyevd's workspace (2n² + 6n + 1 doubles), queried from LAPACK once in init.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *hessian;  /* H at the current x; after a successful Cholesky, L in its
                         lower triangle (see in_place) */
    double *diagonal; /* n: H's diagonal, saved before dpotrf overwrites it */
    double *factor;   /* LDLᵀ / eigensolver scratch */
    double *evecs;    /* Q of H = QΛQᵀ when H is indefinite */
    double *evals;    /* Λ, ascending */
    double *tmp;      /* n */
    int *ipiv;        /* n pivots of dsytrf */
    double *work;     /* LAPACK workspace, lwork doubles */
    int *iwork;       /* liwork ints for dsyevd */
    int lwork, liwork;
    int have_hessian; /* hessian belongs to the current x */
    int factored;     /* factor or (evecs, evals) belong to the current x */
    int modified;     /* 0: Cholesky of H, in place in hessian; 1: eigenvalue-modified H */
    int in_place;     /* hessian's lower triangle holds the Cholesky factor */
    int npos, nneg, nzero;
    int leave_saddle; /* saddle_check found negative curvature at a stationary point */
} newton_state;

static double newton_dense_bytes(int n, const hesse_options *opt)
{
    return 5.0 * hesse__matrix_bytes(n); /* H, its factor, Q, and dsyevd's 2n² workspace */
}

static hesse_status newton_init(hesse_solver *s, void *state)
{
    newton_state *st = state;
    int n = s->n;
    /* Workspace: dsytrf's and dsyevd's (all eigenpairs), the larger. */
    int lw_sytrf = hesse__ldlt_lwork(n), lw_evd, liw;
    hesse__eigenpairs_workspace(n, &lw_evd, &liw);
    st->lwork = lw_sytrf > lw_evd ? lw_sytrf : lw_evd;
    if (st->lwork < 1) st->lwork = 1;
    st->liwork = liw > 1 ? liw : 1;
    size_t nn = (size_t)n * n;
    st->hessian = hesse__workspace(s, 3 * nn + 3 * (size_t)n + (size_t)st->lwork, sizeof(double));
    st->ipiv = hesse__workspace(s, (size_t)n + (size_t)st->liwork, sizeof(int));
    if (!st->hessian || !st->ipiv)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating newton's matrices (n = %d)", n);
    st->factor = st->hessian + nn;
    st->evecs = st->factor + nn;
    st->evals = st->evecs + nn;
    st->tmp = st->evals + n;
    st->diagonal = st->tmp + n;
    st->work = st->diagonal + n;
    st->iwork = st->ipiv + n;
    return HESSE_SUCCESS;
}

static int ensure_hessian(hesse_solver *s, newton_state *st)
{
    if (st->have_hessian) return HESSE__EVAL_OK;
    int rc = hesse__eval_hessian(&s->ev, s->x, s->g, st->hessian);
    if (rc != HESSE__EVAL_OK) return rc;
    st->have_hessian = 1;
    st->factored = 0;
    st->in_place = 0;
    return HESSE__EVAL_OK;
}

/* Undo an in-place Cholesky: H's lower triangle from its upper one and the saved
   diagonal. */
static void restore_hessian(int n, newton_state *st)
{
    if (!st->in_place) return;
    double *H = st->hessian;
    for (int j = 0; j < n; j++) {
        H[j + (size_t)j * n] = st->diagonal[j];
        for (int i = j + 1; i < n; i++) H[i + (size_t)j * n] = H[j + (size_t)i * n];
    }
    st->in_place = 0;
}

/* Factor H at the current x: Cholesky; else inertia from LDLᵀ and H = QΛQᵀ. */
static hesse_status factor(hesse_solver *s, newton_state *st)
{
    if (st->factored) return HESSE_SUCCESS;
    int n = s->n;
    size_t nn = (size_t)n * n;
    restore_hessian(n, st);
    for (int i = 0; i < n; i++) st->diagonal[i] = st->hessian[i + (size_t)i * n];
    st->in_place = 1;
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, st->hessian, n);
    if (info < 0) return hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrf failed with info = %d", (int)info);
    if (info == 0) {
        st->modified = 0;
        st->npos = n;
        st->nneg = st->nzero = 0;
        st->factored = 1;
        return HESSE_SUCCESS;
    }
    restore_hessian(n, st);
    memcpy(st->factor, st->hessian, nn * sizeof(double));
    info = LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', n, st->factor, n, st->ipiv, st->work, st->lwork);
    if (info < 0) return hesse__fail(&s->ev, HESSE_ELAPACK, "dsytrf failed with info = %d", (int)info);
    double scale = 0.0;
    for (size_t k = 0; k < nn; k++) scale = fmax(scale, fabs(st->hessian[k]));
    /* The eigenvalues of D's blocks go to evals, free until dsyevd fills it. */
    hesse__ldlt_block_eigenvalues(n, st->factor, n, st->ipiv, st->evals);
    hesse__inertia(n, st->evals, s->opt.inertia_rtol * fmax(1.0, scale), &st->npos, &st->nneg,
                   &st->nzero);
    memcpy(st->evecs, st->hessian, nn * sizeof(double));
    info = hesse__eigenpairs(n, st->evecs, st->evals, st->work, st->lwork, st->iwork, st->liwork);
    if (info != 0)
        return hesse__fail(&s->ev, HESSE_ELAPACK, "dsyevd (eigenvalue modification) failed with info = %d", (int)info);
    st->modified = 1;
    st->factored = 1;
    return HESSE_SUCCESS;
}

/* d = -Q diag(1/max(|λ_i|, δ)) Qᵀ g. */
static void modified_newton_direction(hesse_solver *s, newton_state *st)
{
    int n = s->n;
    double scale = 0.0;
    for (size_t k = 0; k < (size_t)n * n; k++) scale = fmax(scale, fabs(st->hessian[k]));
    double delta = sqrt(DBL_EPSILON) * fmax(1.0, scale);
    for (int j = 0; j < n; j++) {
        const double *q = st->evecs + (size_t)j * n;
        st->tmp[j] = hesse__dot(n, q, s->g) / fmax(fabs(st->evals[j]), delta);
    }
    for (int i = 0; i < n; i++) s->d[i] = 0.0;
    for (int j = 0; j < n; j++) {
        const double *q = st->evecs + (size_t)j * n;
        for (int i = 0; i < n; i++) s->d[i] -= st->tmp[j] * q[i];
    }
}

static hesse_status newton_saddle_check(hesse_solver *s, void *state)
{
    newton_state *st = state;
    int rc = ensure_hessian(s, st);
    if (rc != HESSE__EVAL_OK) return s->ev.status;
    hesse_status fs = factor(s, st);
    if (fs != HESSE_SUCCESS) return fs;
    st->leave_saddle = st->nneg > 0;
    return st->leave_saddle ? HESSE_RUNNING : HESSE_SUCCESS;
}

/* d = unit eigenvector of λ_min (column 0 of Q), pointing downhill; *curvature = λ_min. */
static void negative_curvature_direction(hesse_solver *s, newton_state *st, double *curvature)
{
    int n = s->n;
    double sign = hesse__dot(n, s->g, st->evecs) > 0.0 ? -1.0 : 1.0;
    for (int i = 0; i < n; i++) s->d[i] = sign * st->evecs[i];
    *curvature = st->evals[0];
}

static hesse__step newton_iterate(hesse_solver *s, void *state)
{
    newton_state *st = state;
    int n = s->n;
    if (ensure_hessian(s, st) != HESSE__EVAL_OK) return HESSE__STEP_STOP;
    if (factor(s, st) != HESSE_SUCCESS) return HESSE__STEP_STOP;
    s->rec.npos = st->npos;
    s->rec.nneg = st->nneg;
    s->rec.nzero = st->nzero;
    s->rec.hessian_modified = st->modified;

    double curvature = 0.0;
    if (st->leave_saddle && st->modified) {
        negative_curvature_direction(s, st, &curvature);
        s->rec.negative_curvature = 1;
    } else if (st->modified) {
        modified_newton_direction(s, st);
    } else {
        for (int i = 0; i < n; i++) s->d[i] = -s->g[i];
        lapack_int info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, st->hessian, n, s->d, n);
        if (info != 0) {
            hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrs failed with info = %d", (int)info);
            return HESSE__STEP_STOP;
        }
    }
    st->leave_saddle = 0;
    double dg = hesse__dot(n, s->g, s->d);
    if (hesse__linesearch(s, dg, curvature, 1.0) != HESSE__LS_OK) return HESSE__STEP_STOP;
    st->have_hessian = 0; /* H and its factors belong to the old x */
    st->factored = 0;
    return HESSE__STEP_ACCEPT;
}

HESSE__METHOD(newton, .name = "newton", .state_size = sizeof(newton_state),
                      .default_linesearch = HESSE_LINESEARCH_ARMIJO,
                      .dense_bytes = newton_dense_bytes, .init = newton_init,
                      .iterate = newton_iterate, .saddle_check = newton_saddle_check);
