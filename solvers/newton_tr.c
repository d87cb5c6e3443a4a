/*
 * newton-tr — trust-region Newton with the exact subproblem solver.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 4.1 with the
 * subproblem solved by Algorithm 4.3, Moré & Sorensen 1983; src/minimize/trust_region.c):
 *   1. H = ∇²f(x_k) (callback, or central differences of the gradient), once per
 *      accepted point: a rejected step only changes the radius.
 *   2. p = argmin gᵀp + ½pᵀHp subject to ‖p‖₂ <= Δ, exactly: Cholesky of H + λI with a
 *      safeguarded Newton iteration on λ; when H is indefinite, its smallest eigenpair
 *      bounds λ and gives the hard-case step. Indefinite Hessians need no modification.
 *   3. ρ = actual / predicted reduction; radius and acceptance by the rule of hesse.h.
 *   4. saddle_check: a point that meets the gradient test while λ_min(H) <
 *      -inertia_rtol · max(1, max|H_ij|) is not accepted; the next subproblem then has
 *      g ≈ 0 and an indefinite H, and its minimizer is the boundary step along the
 *      eigenvector of λ_min (the hard case), so saddles and maxima are left.
 * Invariants: `hessian` belongs to the current x when have_hessian; the radius is
 *   checked against radius_min at the start of every iteration (TR_COLLAPSED).
 * Trace: radius, rho, negative_curvature (H indefinite), hessian_modified = 1 when the
 *   step solved with H + λI, λ > 0; inertia (n, 0, 0) when H's Cholesky succeeded.
 * Cost per iteration: one Hessian per accepted point; n³/3 flops for the Cholesky of
 *   an interior Newton step, a few factorizations plus one eigenpair otherwise.
 * Memory: two n×n matrices (H and the factor) plus LAPACK workspace.
 */
#include <math.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *hessian;      /* H at the current x */
    hesse__tr_exact sub;  /* subproblem workspace */
    double radius;
    int have_hessian;
} newton_tr_state;

static double newton_tr_dense_bytes(int n, const hesse_options *opt)
{
    return 2.0 * hesse__matrix_bytes(n);
}

static hesse_status newton_tr_init(hesse_solver *s, void *state)
{
    newton_tr_state *st = state;
    st->radius = s->opt.radius_init;
    st->hessian = hesse__workspace(s, (size_t)s->n * s->n, sizeof(double));
    if (!st->hessian)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating newton-tr's Hessian (n = %d)", s->n);
    return hesse__tr_exact_init(s, &st->sub);
}

static int ensure_hessian(hesse_solver *s, newton_tr_state *st)
{
    if (st->have_hessian) return HESSE__EVAL_OK;
    int rc = hesse__eval_hessian(&s->ev, s->x, s->g, st->hessian);
    st->have_hessian = rc == HESSE__EVAL_OK;
    return rc;
}

static hesse_status newton_tr_saddle_check(hesse_solver *s, void *state)
{
    newton_tr_state *st = state;
    if (ensure_hessian(s, st) != HESSE__EVAL_OK) return s->ev.status;
    double lambda_min, scale = 0.0;
    hesse_status es = hesse__tr_smallest_eigenpair(s, &st->sub, st->hessian, &lambda_min);
    if (es != HESSE_SUCCESS) return es;
    for (size_t k = 0; k < (size_t)s->n * s->n; k++) scale = fmax(scale, fabs(st->hessian[k]));
    return hesse__zero_sign(lambda_min, s->opt.inertia_rtol * fmax(1.0, scale)) < 0 ? HESSE_RUNNING
                                                                                : HESSE_SUCCESS;
}

static hesse__step newton_tr_iterate(hesse_solver *s, void *state)
{
    newton_tr_state *st = state;
    if (hesse__tr_check_radius(s, st->radius) != HESSE_RUNNING) return HESSE__STEP_STOP;
    if (ensure_hessian(s, st) != HESSE__EVAL_OK) return HESSE__STEP_STOP;
    double predicted, lambda;
    int negative;
    if (hesse__tr_solve_exact(s, &st->sub, st->hessian, s->g, st->radius, s->d, &predicted,
                              &lambda, &negative) != HESSE_SUCCESS)
        return HESSE__STEP_STOP;
    s->rec.negative_curvature = negative;
    s->rec.hessian_modified = lambda > 0.0;
    if (!negative && lambda == 0.0) {
        s->rec.npos = s->n;
        s->rec.nneg = s->rec.nzero = 0;
    }
    hesse__step step = hesse__tr_try(s, &st->radius, predicted);
    if (step == HESSE__STEP_ACCEPT) st->have_hessian = 0; /* it belongs to the old x */
    return step;
}

HESSE__METHOD(newton_tr, .name = "newton-tr", .state_size = sizeof(newton_tr_state),
                         .dense_bytes = newton_tr_dense_bytes, .init = newton_tr_init,
                         .iterate = newton_tr_iterate,
                         .saddle_check = newton_tr_saddle_check);
