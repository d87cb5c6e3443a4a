/*
 * sr1 — symmetric rank-one quasi-Newton in a trust region.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 6.2, SR1
 * trust-region method), in the scaled variables z_i = x_i / dscale_i (hesse.h, option
 * x_scale; the trust region is a ball there):
 *   1. p = argmin g_zᵀp + ½pᵀBp subject to ‖p‖₂ <= Δ, g_z = D∇f, D = diag(dscale),
 *      solved exactly on B (the Moré–Sorensen solver of src/minimize/trust_region.c; B may
 *      be indefinite). The step is x + D p.
 *   2. Trial point, ρ, radius and acceptance by the shared rule of hesse.h.
 *   3. Whether or not the step is accepted, with s = p, y = D(∇f(x + Dp) - ∇f(x)) and
 *      r = y - Bs, the SR1 update (N&W eq. 6.24)
 *          B <- B + r rᵀ / (rᵀs)                                   (dsyr)
 *      is applied unless |sᵀr| < 1e-8 ‖s‖‖r‖ (N&W eq. 6.26, r = 1e-8): then B is kept.
 * Initial matrix: B₀ = (‖g_z‖₂ / Δ₀) I, whose model minimizer lies on the initial
 * region's boundary (a first step of one radius, whatever the units of f); before the
 * first update it is rescaled to B₀ = (yᵀy / sᵀy) I when sᵀy > 0 (the inverse of N&W
 * eq. 6.20).
 * Model step (the stopping test): -D B⁻¹ g_z when B is positive definite after an
 * update, an approximation the driver certifies with ∇²f; none otherwise. SR1 can
 * represent negative curvature, but at a start exactly at a saddle g = 0 gives it
 * nothing to learn from: the driver's saddle check (src/minimize/second_order.c)
 * leaves such points.
 * Deviation: N&W Algorithm 6.2 has its own radius rule; the shared rule of hesse.h is
 * used for all trust-region methods so that the options mean one thing.
 * Invariants: B symmetric, lower triangle stored and read (the upper one is stale).
 * Trace: radius, rho, negative_curvature (B indefinite); hessian_modified = -1.
 * Cost per iteration: one gradient with f; O(n²) for the update; the subproblem costs
 *   one Cholesky (n³/3) when B is positive definite with an interior step, a few
 *   Cholesky factorizations and one eigenpair otherwise.
 * Memory: two n×n matrices (B and the subproblem's factor), 4n doubles and LAPACK's
 *   dsyevr workspace.
 */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *b;             /* B, n*n, lower triangle */
    hesse__tr_exact sub;   /* subproblem workspace */
    double *gz, *pz;       /* D g and the subproblem's step */
    double *y, *r;         /* y = D(∇f(x+Dp) - ∇f(x)), r = y - Bp */
    double radius;
    int updates;           /* SR1 updates applied so far */
} sr1_state;

static double sr1_dense_bytes(int n, const hesse_options *opt) { return 2.0 * hesse__matrix_bytes(n); }

/* B = B₀ (file comment). */
static void initial_matrix(hesse_solver *s, sr1_state *st)
{
    int n = s->n;
    hesse__tr_scale(s, s->g, st->gz);
    double b0 = hesse__norm2(n, st->gz) / st->radius;
    if (!(b0 > 0.0) || !isfinite(b0)) b0 = 1.0;
    memset(st->b, 0, (size_t)n * n * sizeof *st->b);
    for (int i = 0; i < n; i++) st->b[i + (size_t)i * n] = b0;
    st->updates = 0;
}

static hesse_status sr1_init(hesse_solver *s, void *state)
{
    sr1_state *st = state;
    int n = s->n;
    st->radius = s->opt.radius_init;
    st->b = hesse__workspace(s, (size_t)n * n, sizeof(double));
    st->gz = hesse__workspace(s, 4 * (size_t)n, sizeof(double));
    if (!st->b || !st->gz)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating sr1's matrix and vectors (n = %d)", n);
    st->pz = st->gz + n;
    st->y = st->pz + n;
    st->r = st->y + n;
    initial_matrix(s, st);
    return hesse__tr_exact_init(s, &st->sub);
}

/* The SR1 update with step p and gradient difference y (file comment, step 3). */
static void sr1_update(hesse_solver *s, sr1_state *st, const double *p)
{
    int n = s->n;
    double *b = st->b, *y = st->y, *r = st->r;
    if (st->updates == 0) {
        double sy = hesse__dot(n, p, y), yy = hesse__dot(n, y, y);
        if (sy > 0.0)
            for (int i = 0; i < n; i++) b[i + (size_t)i * n] = yy / sy; /* B₀ = (yᵀy/sᵀy) I */
    }
    /* r = y - Bp */
    for (int i = 0; i < n; i++) r[i] = y[i];
    cblas_dsymv(CblasColMajor, CblasLower, n, -1.0, b, n, p, 1, 1.0, r, 1);
    double sr = hesse__dot(n, p, r);
    if (fabs(sr) < 1e-8 * hesse__norm2(n, p) * hesse__norm2(n, r)) return; /* skip rule 6.26 */
    cblas_dsyr(CblasColMajor, CblasLower, n, 1.0 / sr, r, 1, b, n); /* B += r rᵀ / (rᵀs) */
    st->updates++;
}

static int sr1_model_step(hesse_solver *s, void *state, double *step)
{
    sr1_state *st = state;
    int n = s->n;
    if (st->updates == 0) return HESSE__MODEL_NONE;
    double *F = st->sub.factor;
    memcpy(F, st->b, (size_t)n * n * sizeof *F);
    if (LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, F, n) != 0) return HESSE__MODEL_NONE;
    hesse__tr_scale(s, s->g, step);
    for (int i = 0; i < n; i++) step[i] = -step[i];
    if (LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, F, n, step, n) != 0) return HESSE__MODEL_NONE;
    for (int i = 0; i < n; i++) step[i] *= s->dscale[i];
    return HESSE__MODEL_APPROX;
}

static hesse__step sr1_iterate(hesse_solver *s, void *state)
{
    sr1_state *st = state;
    int n = s->n;
    if (hesse__tr_check_radius(s, st->radius) != HESSE_RUNNING) return HESSE__STEP_STOP;
    double predicted, lambda;
    int negative;
    hesse__tr_scale(s, s->g, st->gz);
    if (hesse__tr_solve_exact(s, &st->sub, st->b, st->gz, st->radius, st->pz, &predicted,
                              &lambda, &negative) != HESSE_SUCCESS)
        return HESSE__STEP_STOP;
    for (int i = 0; i < n; i++) s->d[i] = s->dscale[i] * st->pz[i];
    s->rec.negative_curvature = negative;
    hesse__step step = hesse__tr_try(s, &st->radius, predicted);
    if (step == HESSE__STEP_STOP) return step;
    if (isfinite(s->rec.rho)) { /* the trial point was evaluated: y = D(∇f(x + Dp) - ∇f(x)) */
        for (int i = 0; i < n; i++) st->y[i] = s->dscale[i] * (s->gt[i] - s->g[i]);
        sr1_update(s, st, st->pz);
    }
    return step;
}

static void sr1_restart(hesse_solver *s, void *state)
{
    sr1_state *st = state;
    st->radius = s->opt.radius_init;
    initial_matrix(s, st);
}

HESSE__METHOD(sr1, .name = "sr1", .state_size = sizeof(sr1_state),
                   .dense_bytes = sr1_dense_bytes, .init = sr1_init, .iterate = sr1_iterate,
                   .model_step = sr1_model_step, .restart = sr1_restart);
