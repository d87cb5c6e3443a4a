/*
 * bfgs — dense inverse-Hessian BFGS with a strong-Wolfe line search.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 6.1):
 *   d = -H ∇f(x) (dsymv), line search (strong Wolfe by default) from α = 1, then with
 *   s = x_{k+1} - x_k, y = ∇f_{k+1} - ∇f_k, ρ = 1/yᵀs the inverse update (eq. 6.17)
 *       H <- (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ
 *          = H + s uᵀ + u sᵀ,   u = -ρ Hy + ½ (ρ² yᵀHy + ρ) s      (one dsyr2).
 * Initial matrix: H₀ = D² for the first step (and after a reset), D = diag(dscale) the
 *   methods' scaling (hesse.h, option x_scale; a multiple of I unless x_scale is
 *   given), where the line search starts at one typical size along d (as gd does);
 *   before the first update H₀ is rescaled to (sᵀy / yᵀD²y) D² (eq. 6.20).
 * Curvature failures: the strong Wolfe conditions give sᵀy > 0, but the line search
 *   may return an Armijo-only point (collapsed interval, approximate Wolfe near the
 *   solution, or option linesearch = ARMIJO). The update is skipped when
 *   sᵀy <= eps ‖s‖‖y‖ (sᵀy is not positive beyond the rounding of one product),
 *   which keeps H positive definite; skipping rather than Powell damping keeps H the
 *   exact BFGS matrix of the pairs it did use. A larger threshold, sqrt(eps), skipped
 *   valid pairs on badly scaled problems: on POWELL_BADLY_SCALED the angle between s
 *   and y is within 1.5e-8 of 90° near the solution, and bfgs needed 2686 evaluations
 *   there instead of 208.
 * Restart: if ∇fᵀd >= 0 (H lost definiteness to rounding) or the line search fails
 *   along -H∇f, H is reset to I and the iteration retries along -∇f once; only a
 *   failure along -∇f ends the solve.
 * Model step (the stopping test): -H∇f once H holds an update, an approximation of the
 *   Newton step that the driver certifies with ∇²f (a matrix that learnt one large
 *   curvature makes every step look small); none before.
 * Invariants: H symmetric positive definite, lower triangle stored and read.
 * Trace: alpha, ls_evals; hessian_modified = -1.
 * Cost per iteration: O(n²) (one dsymv for d, one for Hy, one dsyr2), no factorization,
 *   plus the line search's evaluations. Memory: one n×n matrix and 2n doubles.
 */
#include <cblas.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *h;       /* inverse Hessian approximation, n*n, lower triangle */
    double *hy, *y;  /* H·y (then the update vector u, in place); y */
    int updates;     /* updates applied since the last reset */
} bfgs_state;

static double bfgs_dense_bytes(int n, const hesse_options *opt) { return hesse__matrix_bytes(n); }

/* H = D². */
static void reset_identity(const hesse_solver *s, double *h)
{
    int n = s->n;
    memset(h, 0, (size_t)n * n * sizeof *h);
    for (int i = 0; i < n; i++) h[i + (size_t)i * n] = s->dscale[i] * s->dscale[i];
}

static hesse_status bfgs_init(hesse_solver *s, void *state)
{
    bfgs_state *st = state;
    int n = s->n;
    st->h = hesse__workspace(s, (size_t)n * n, sizeof(double));
    st->hy = hesse__workspace(s, 2 * (size_t)n, sizeof(double));
    if (!st->h || !st->hy)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating bfgs's inverse Hessian (n = %d)", n);
    st->y = st->hy + n;
    reset_identity(s, st->h);
    return HESSE_SUCCESS;
}

/* The update from the step the line search found (x + αd in xt, gt): s = xt - x goes
   to d, which is free once the search is over, and y = gt - g. */
static void bfgs_update(hesse_solver *s, bfgs_state *st)
{
    int n = s->n;
    double *sv = s->d, *y = st->y;
    for (int i = 0; i < n; i++) {
        sv[i] = s->xt[i] - s->x[i];
        y[i] = s->gt[i] - s->g[i];
    }
    double sy = hesse__dot(n, sv, y);
    if (sy <= DBL_EPSILON * hesse__norm2(n, sv) * hesse__norm2(n, y)) return; /* skip */
    if (st->updates == 0) {
        /* H₀ = (sᵀy / yᵀD²y) D², eq. 6.20 */
        double yy = 0.0;
        for (int i = 0; i < n; i++) yy += (s->dscale[i] * y[i]) * (s->dscale[i] * y[i]);
        double scale = sy / yy;
        for (int i = 0; i < n; i++) st->h[i + (size_t)i * n] = scale * s->dscale[i] * s->dscale[i];
    }
    double rho = 1.0 / sy;
    cblas_dsymv(CblasColMajor, CblasLower, n, 1.0, st->h, n, y, 1, 0.0, st->hy, 1);
    double c = 0.5 * (rho * rho * hesse__dot(n, y, st->hy) + rho);
    double *u = st->hy; /* u = -ρ H y + c s, in place of Hy */
    for (int i = 0; i < n; i++) u[i] = -rho * u[i] + c * sv[i];
    cblas_dsyr2(CblasColMajor, CblasLower, n, 1.0, sv, 1, u, 1, st->h, n); /* H += s uᵀ + u sᵀ */
    st->updates++;
}

static int bfgs_model_step(hesse_solver *s, void *state, double *step)
{
    bfgs_state *st = state;
    if (st->updates == 0) return HESSE__MODEL_NONE;
    cblas_dsymv(CblasColMajor, CblasLower, s->n, -1.0, st->h, s->n, s->g, 1, 0.0, step, 1);
    return HESSE__MODEL_APPROX;
}

static hesse__step bfgs_iterate(hesse_solver *s, void *state)
{
    bfgs_state *st = state;
    int n = s->n;
    for (int attempt = 0;; attempt++) {
        cblas_dsymv(CblasColMajor, CblasLower, n, -1.0, st->h, n, s->g, 1, 0.0, s->d, 1);
        double alpha0 = st->updates == 0 ? hesse__first_step(s, s->d) : 1.0;
        double dg = hesse__dot(n, s->g, s->d);
        if (dg >= 0.0 && st->updates > 0) {
            reset_identity(s, st->h);
            st->updates = 0;
            continue;
        }
        int rc = hesse__linesearch(s, dg, 0.0, alpha0);
        if (rc == HESSE__LS_OK) {
            bfgs_update(s, st);
            return HESSE__STEP_ACCEPT;
        }
        if (rc == HESSE__LS_STOP || st->updates == 0 || attempt > 0) return HESSE__STEP_STOP;
        reset_identity(s, st->h); /* retry along -D²∇f */
        st->updates = 0;
    }
}

static void bfgs_restart(hesse_solver *s, void *state)
{
    bfgs_state *st = state;
    reset_identity(s, st->h);
    st->updates = 0;
}

HESSE__METHOD(bfgs, .name = "bfgs", .state_size = sizeof(bfgs_state),
                    .default_linesearch = HESSE_LINESEARCH_WOLFE,
                    .dense_bytes = bfgs_dense_bytes, .init = bfgs_init,
                    .iterate = bfgs_iterate, .model_step = bfgs_model_step,
                    .restart = bfgs_restart);
