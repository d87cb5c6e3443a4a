/*
 * Broyden's "good" method for F(x) = 0 with a line search on φ(x) = ½‖F(x)‖².
 *
 * Algorithm (C. G. Broyden, Math. Comp. 19 (1965) 577–593; Dennis & Schnabel,
 * Numerical Methods for Unconstrained Optimization and Nonlinear Equations, SIAM
 * 1996, sections 8.1 and 8.3; Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * section 11.1, Broyden's method):
 *     B_0 = J(x_0)                         (callback or finite differences)
 *     B_k d = -F(x_k)                      (LU: dgetrf, dgetrs)
 *     x_{k+1} = x_k + α d                  (backtracking on φ, slope of the model
 *                                           -‖F(x_k)‖², roots_step.c)
 *     s = x_{k+1} - x_k,  y = F(x_{k+1}) - F(x_k)
 *     B_{k+1} = B_k + (y - B_k s) sᵀ / (sᵀs)     (the least change in the Frobenius
 *                                                 norm with B_{k+1} s = y)
 * Restart rule: B is replaced by a fresh Jacobian at x_k when B is singular or
 * near-singular (info > 0 or rcond < rcond_min) or the line search along -B⁻¹F fails
 * (the iteration is then redone as a Newton iteration, fallback step included), and
 * after broyden_restart_iter consecutive iterations with
 * ‖F(x_{k+1})‖₂ > broyden_restart_ratio · ‖F(x_k)‖₂.
 *
 * Deviations: B itself is updated and refactored each iteration (2n³/3 flops)
 * instead of updating B⁻¹ or a QR factorization in O(n²), so that the determinant
 * and the rcond estimate of B come from its LU factors at no extra cost; for the n
 * of dense problems a Jacobian evaluation usually costs more than the LU.
 *
 * Invariant between iterations: J holds B_k (or a fresh J(x_k)), factored; the state
 * says whether it is fresh.
 * Convergence: superlinear (q-superlinear with full steps) near a root with a
 * nonsingular Jacobian. Cost per iteration: one LU and rcond, the rank-one update
 * (2n² flops), the line search's calls of F (usually one); a restart adds one
 * Jacobian.
 */
#include <cblas.h>

#include "roots/roots_internal.h"

typedef struct {
    int fresh; /* B is J(x) of the current point (B_0, or after a restart) */
    int stall; /* consecutive iterations without enough decrease of ‖F‖₂ */
} broyden_state;

static void broyden_start(hesse_roots_solver *s, void *state)
{
    broyden_state *st = state;
    st->fresh = 1;
    st->stall = 0;
}

/* Replace B by the Jacobian at x. Returns HESSE_RUNNING, or a terminal status
   (MAX_EVALS when too few evaluations remain: set here). */
static hesse_status restart(hesse_roots_solver *s, broyden_state *st)
{
    s->jacobian_at_x = 0;
    hesse_status r = hesse__roots_jacobian(s);
    if (r == HESSE_MAX_EVALS) return HESSE_MAX_EVALS;
    if (r != HESSE_RUNNING) return r;
    if (hesse__roots_factor(s) < 0) return s->ev.status;
    s->restarted = 1;
    st->fresh = 1;
    st->stall = 0;
    return HESSE_RUNNING;
}

/* B <- B + (y - B s) sᵀ / (sᵀs), with s = x - x_prev, y = F - F_prev. The scratch
   vectors d and g hold s and y - B s. */
static void broyden_update(hesse_roots_solver *s)
{
    int n = s->n;
    double *sv = s->d, *r = s->g;
    for (int i = 0; i < n; i++) {
        sv[i] = s->x[i] - s->x_prev[i];
        r[i] = s->F[i] - s->F_prev[i];
    }
    cblas_dgemv(CblasColMajor, CblasNoTrans, n, n, -1.0, s->J, n, sv, 1, 1.0, r, 1);
    double ss = cblas_ddot(n, sv, 1, sv, 1);
    cblas_dger(CblasColMajor, n, n, 1.0 / ss, r, 1, sv, 1, s->J, n);
}

static hesse_status broyden_iterate(hesse_roots_solver *s, void *state)
{
    broyden_state *st = state;
    double fnorm2_prev = s->fnorm2;
    int r;
    if (st->fresh) {
        r = hesse__roots_step(s, 1);
    } else {
        r = hesse__roots_step(s, 0);
        if (r == HESSE__ROOTS_STEP_FAILED) {
            hesse_status rs = restart(s, st);
            if (rs == HESSE_MAX_EVALS)
                return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                                           "evaluation limit max_evals = %ld leaves too "
                                           "few evaluations for a Jacobian restart",
                                           s->opt.max_evals);
            if (rs != HESSE_RUNNING) return rs;
            r = hesse__roots_step(s, 1);
        }
    }
    if (r == HESSE__ROOTS_STEP_STOP) return s->ev.status;
    if (r == HESSE__ROOTS_STEP_FAILED) return hesse__roots_fail(s);

    st->stall = s->fnorm2 > s->opt.broyden_restart_ratio * fnorm2_prev ? st->stall + 1 : 0;
    if (st->stall >= s->opt.broyden_restart_iter) {
        hesse_status rs = restart(s, st);
        if (rs == HESSE_MAX_EVALS)
            s->budget_short = 1; /* reported by the stopping tests unless F is small */
        else if (rs != HESSE_RUNNING)
            return rs;
    } else {
        broyden_update(s);
        st->fresh = 0;
        if (hesse__roots_factor(s) < 0) return s->ev.status;
    }
    return hesse__roots_stop(s);
}

static const hesse__roots_method_table broyden = {
    .id = HESSE_ROOTS_BROYDEN,
    .name = "broyden",
    .state_size = sizeof(broyden_state),
    .start = broyden_start,
    .iterate = broyden_iterate,
};
const hesse__roots_method_table *const hesse__roots_broyden = &broyden;
