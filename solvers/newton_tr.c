/*
 * newton-tr — trust-region Newton with the exact subproblem solver.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 4.1 with the
 * subproblem solved by Algorithm 4.3, Moré & Sorensen 1983; src/minimize/trust_region.c),
 * in the scaled variables z_i = x_i / dscale_i (hesse.h, option x_scale), where the
 * region ‖(p_i / dscale_i)‖₂ <= Δ is a ball:
 *   1. B = T ∇²f(x_k) T, g_z = T ∇f(x_k), T = diag(dscale) (the Hessian from the driver:
 *      callback, or central differences of the gradient), once per accepted point: a
 *      rejected step only changes the radius.
 *   2. p_z = argmin g_zᵀp + ½pᵀBp subject to ‖p‖₂ <= Δ, exactly: Cholesky of B + λI
 *      with a safeguarded Newton iteration on λ; when B is indefinite, its smallest
 *      eigenpair bounds λ and gives the hard-case step. Indefinite Hessians need no
 *      modification. The step is x + T p_z.
 *   3. ρ = actual / predicted reduction; radius and acceptance by the rule of hesse.h.
 * Model step (the stopping test): the Newton step -B⁻¹g_z, from the Cholesky of B, or
 * of B + ηI when B is singular within the rounding bound η (a minimum of zero
 * curvature); none when B is indefinite (the subproblem then follows the negative
 * curvature; a start exactly at a saddle, g = 0, is left by the driver).
 * Invariants: `hessian` holds B at the current x when have_hessian; the radius is
 *   checked against radius_min at the start of every iteration (TR_COLLAPSED).
 * Trace: radius, rho, negative_curvature (B indefinite), hessian_modified = 1 when the
 *   step solved with B + λI, λ > 0; inertia (n, 0, 0) when B's Cholesky succeeded.
 * Cost per iteration: one Hessian per accepted point; n³/3 flops for the Cholesky of
 *   an interior Newton step, a few factorizations plus one eigenpair otherwise.
 * Memory: two n×n matrices (B and the factor) besides the driver's Hessian, plus
 *   LAPACK workspace.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *hessian;      /* B = T H T at the current x */
    double *gz, *pz;      /* T g and the subproblem's step */
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
    int n = s->n;
    st->radius = s->opt.radius_init;
    st->hessian = hesse__workspace(s, (size_t)n * n + 2 * (size_t)n, sizeof(double));
    if (!st->hessian)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating newton-tr's Hessian (n = %d)", n);
    st->gz = st->hessian + (size_t)n * n;
    st->pz = st->gz + n;
    return hesse__tr_exact_init(s, &st->sub);
}

static int ensure_hessian(hesse_solver *s, newton_tr_state *st)
{
    if (st->have_hessian) return HESSE__EVAL_OK;
    const double *H = hesse__hessian_at_x(s);
    if (!H) return HESSE__EVAL_STOP;
    int n = s->n;
    const double *t = s->dscale;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            st->hessian[i + (size_t)j * n] = t[i] * H[i + (size_t)j * n] * t[j];
    hesse__tr_scale(s, s->g, st->gz);
    st->have_hessian = 1;
    return HESSE__EVAL_OK;
}

static int newton_tr_model_step(hesse_solver *s, void *state, double *step)
{
    newton_tr_state *st = state;
    int n = s->n;
    if (ensure_hessian(s, st) != HESSE__EVAL_OK) return HESSE__MODEL_STOP;
    double norm = 0.0;
    for (size_t k = 0; k < (size_t)n * n; k++) norm = fmax(norm, fabs(st->hessian[k]));
    double *F = st->sub.factor;
    double shift = 0.0;
    for (int attempt = 0; attempt < 2; attempt++) {
        memcpy(F, st->hessian, (size_t)n * n * sizeof *F);
        for (int i = 0; i < n; i++) F[i + (size_t)i * n] += shift;
        lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, F, n);
        if (info == 0) {
            for (int i = 0; i < n; i++) step[i] = -st->gz[i];
            if (LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, F, n, step, n) != 0)
                return HESSE__MODEL_NONE;
            for (int i = 0; i < n; i++) step[i] *= s->dscale[i];
            return HESSE__MODEL_EXACT;
        }
        /* Singular within rounding (a minimum without curvature), or indefinite. */
        shift = hesse__rounding_bound(n, (double)n * norm);
        if (!(shift > 0.0)) break;
    }
    return HESSE__MODEL_NONE;
}

static hesse__step newton_tr_iterate(hesse_solver *s, void *state)
{
    newton_tr_state *st = state;
    int n = s->n;
    if (hesse__tr_check_radius(s, st->radius) != HESSE_RUNNING) return HESSE__STEP_STOP;
    if (ensure_hessian(s, st) != HESSE__EVAL_OK) return HESSE__STEP_STOP;
    double predicted, lambda;
    int negative;
    if (hesse__tr_solve_exact(s, &st->sub, st->hessian, st->gz, st->radius, st->pz, &predicted,
                              &lambda, &negative) != HESSE_SUCCESS)
        return HESSE__STEP_STOP;
    for (int i = 0; i < n; i++) s->d[i] = s->dscale[i] * st->pz[i];
    s->rec.negative_curvature = negative;
    s->rec.hessian_modified = lambda > 0.0;
    if (!negative && lambda == 0.0) {
        s->rec.npos = n;
        s->rec.nneg = s->rec.nzero = 0;
    }
    hesse__step step = hesse__tr_try(s, &st->radius, predicted);
    if (step == HESSE__STEP_ACCEPT) st->have_hessian = 0; /* it belongs to the old x */
    return step;
}

static void newton_tr_restart(hesse_solver *s, void *state)
{
    newton_tr_state *st = state;
    st->have_hessian = 0;
    st->radius = s->opt.radius_init;
}

HESSE__METHOD(newton_tr, .name = "newton-tr", .state_size = sizeof(newton_tr_state),
                         .needs_hessian = 1, .dense_bytes = newton_tr_dense_bytes,
                         .init = newton_tr_init, .iterate = newton_tr_iterate,
                         .model_step = newton_tr_model_step, .restart = newton_tr_restart);
