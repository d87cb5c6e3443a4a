/*
 * sr1 — symmetric rank-one quasi-Newton in a trust region.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 6.2, SR1
 * trust-region method):
 *   1. p = argmin gᵀp + ½pᵀBp subject to ‖p‖₂ <= Δ, solved exactly on B (the
 *      Moré–Sorensen solver of src/minimize/trust_region.c; B may be indefinite).
 *   2. Trial point, ρ, radius and acceptance by the shared rule of hesse.h.
 *   3. Whether or not the step is accepted, with s = p, y = ∇f(x + p) - ∇f(x) and
 *      r = y - Bs, the SR1 update (N&W eq. 6.24)
 *          B <- B + r rᵀ / (rᵀs)                                   (dsyr)
 *      is applied unless |sᵀr| < 1e-8 ‖s‖‖r‖ (N&W eq. 6.26, r = 1e-8): then B is kept.
 * Initial matrix: B₀ = I for the first step; before the first update it is rescaled
 * to B₀ = (yᵀy / sᵀy) I when sᵀy > 0 (the inverse of N&W eq. 6.20).
 * Stationary points (saddle_check): SR1 can represent negative curvature, but at a
 * start exactly at a saddle g = 0 gives it nothing to learn from. A point meeting the
 * gradient test is therefore probed with Hessian-vector products (the hessvec callback,
 * else finite differences of the gradient; the Hessian callback is used only for the
 * final classification) by hesse__tr_curvature_probe, at most min(n, 50) products.
 * When it finds v with vᵀ∇²f v = κ < 0, the next step is ±Δv (gᵀp <= 0) with predicted
 * reduction -(gᵀp + ½κΔ²), and the SR1 update then records that curvature in B.
 * Deviation: N&W Algorithm 6.2 has its own radius rule; the shared rule of hesse.h is
 * used for all trust-region methods so that the options mean one thing.
 * Invariants: B symmetric, lower triangle stored and read (the upper one is stale).
 * Trace: radius, rho, negative_curvature (B indefinite, or the probe's step);
 *   hessian_modified = -1.
 * Cost per iteration: one gradient with f; O(n²) for the update; the subproblem costs
 *   one Cholesky (n³/3) when B is positive definite with an interior step, a few
 *   Cholesky factorizations and one eigenpair otherwise.
 * Memory: two n×n matrices (B and the subproblem's factor), 10n doubles and LAPACK's
 *   dsyevr workspace.
 */
#include <cblas.h>
#include <math.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *b;             /* B, n*n, lower triangle */
    hesse__tr_exact sub;   /* subproblem workspace */
    double *y, *r;         /* y = ∇f(x+p) - ∇f(x), r = y - Bp */
    double *probe_work;    /* 3n for the curvature probe */
    double *saddle_dir;    /* unit direction of negative curvature */
    double saddle_curvature;
    double radius;
    int updates;           /* SR1 updates applied so far */
    int leave_saddle;
} sr1_state;

static double sr1_dense_bytes(int n, const hesse_options *opt) { return 2.0 * hesse__matrix_bytes(n); }

static hesse_status sr1_init(hesse_solver *s, void *state)
{
    sr1_state *st = state;
    int n = s->n;
    st->radius = s->opt.radius_init;
    st->b = hesse__workspace(s, (size_t)n * n, sizeof(double));
    st->y = hesse__workspace(s, 6 * (size_t)n, sizeof(double));
    if (!st->b || !st->y)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating sr1's matrix and vectors (n = %d)", n);
    st->r = st->y + n;
    st->probe_work = st->r + n;
    st->saddle_dir = st->probe_work + 3 * (size_t)n;
    for (int i = 0; i < n; i++) st->b[i + (size_t)i * n] = 1.0; /* B₀ = I */
    return hesse__tr_exact_init(s, &st->sub);
}

static int hessvec(hesse_solver *s, void *ctx, const double *v, double *hv)
{
    return hesse__eval_hessvec(&s->ev, s->x, s->g, v, hv);
}

static hesse_status sr1_saddle_check(hesse_solver *s, void *state)
{
    sr1_state *st = state;
    int n = s->n;
    int found = hesse__tr_curvature_probe(s, hessvec, st, n < 50 ? n : 50, s->ev.problem.hessvec != NULL,
                                          st->probe_work, st->saddle_dir, &st->saddle_curvature);
    if (found < 0) return s->ev.status;
    st->leave_saddle = found;
    return found ? HESSE_RUNNING : HESSE_SUCCESS;
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

static hesse__step sr1_iterate(hesse_solver *s, void *state)
{
    sr1_state *st = state;
    int n = s->n;
    if (hesse__tr_check_radius(s, st->radius) != HESSE_RUNNING) return HESSE__STEP_STOP;
    double predicted, lambda;
    int negative;
    if (st->leave_saddle) {
        predicted = hesse__tr_saddle_step(s, st->saddle_dir, st->saddle_curvature, st->radius);
        negative = 1;
        st->leave_saddle = 0;
    } else if (hesse__tr_solve_exact(s, &st->sub, st->b, s->g, st->radius, s->d, &predicted,
                                     &lambda, &negative) != HESSE_SUCCESS) {
        return HESSE__STEP_STOP;
    }
    s->rec.negative_curvature = negative;
    hesse__step step = hesse__tr_try(s, &st->radius, predicted);
    if (step == HESSE__STEP_STOP) return step;
    if (isfinite(s->rec.rho)) { /* the trial point was evaluated: y = ∇f(x + p) - ∇f(x) */
        for (int i = 0; i < n; i++) st->y[i] = s->gt[i] - s->g[i];
        sr1_update(s, st, s->d);
    }
    return step;
}

HESSE__METHOD(sr1, .name = "sr1", .state_size = sizeof(sr1_state),
                   .dense_bytes = sr1_dense_bytes, .init = sr1_init, .iterate = sr1_iterate,
                   .saddle_check = sr1_saddle_check);
