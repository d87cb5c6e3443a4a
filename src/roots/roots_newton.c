/*
 * Newton's method for F(x) = 0 with a line search on φ(x) = ½‖F(x)‖².
 *
 * Algorithm (Dennis & Schnabel, Numerical Methods for Unconstrained Optimization and
 * Nonlinear Equations, SIAM 1996, section 6.5, with the line search of section 6.3;
 * Nocedal & Wright, Numerical Optimization, 2nd ed., section 11.2, line-search
 * Newton-like methods):
 *     J(x_k) d = -F(x_k)                   (LU: dgetrf, dgetrs)
 *     x_{k+1} = x_k + α d,  α by backtracking on φ (roots_step.c)
 * The slope is the true ∇φᵀd = (JᵀF)ᵀd. When J(x_k) is singular (exact zero pivot,
 * or rcond < rcond_min), d is not a descent direction, or the line search along d
 * fails, the step is the Levenberg–Marquardt step (JᵀJ + μI) d = -JᵀF of
 * hesse__roots_step instead.
 *
 * Invariant between iterations: J holds J(x_k), factored (roots_internal.h).
 * The Jacobian is formed at every accepted point, the last one included, so that the
 * result's determinant and rcond describe the returned x.
 *
 * Convergence: quadratic near a root where J is nonsingular and Lipschitz (the full
 * step α = 1 is then accepted since c1 < ½); linear near a root where J is singular.
 * Cost per iteration: one Jacobian (1 call, or n / 2n calls of F for finite
 * differences), one LU (2n³/3 flops) and rcond estimate (O(n²)), and the line
 * search's calls of F (usually one); a fallback step adds JᵀJ (n³ flops) and a
 * Cholesky factorization (n³/3).
 */
#include "roots/roots_internal.h"

static hesse_status newton_iterate(hesse_roots_solver *s, void *state)
{
    int r = hesse__roots_step(s, 1);
    if (r == HESSE__ROOTS_STEP_STOP) return s->ev.status;
    if (r == HESSE__ROOTS_STEP_FAILED) return hesse__roots_fail(s);
    s->jacobian_at_x = 0;
    hesse_status st = hesse__roots_jacobian(s);
    if (st == HESSE_MAX_EVALS)
        s->budget_short = 1; /* reported by the stopping tests unless F is small */
    else if (st != HESSE_RUNNING)
        return st;
    else if (hesse__roots_factor(s) < 0)
        return s->ev.status;
    return hesse__roots_stop(s);
}

static const hesse__roots_method_table newton = {
    .id = HESSE_ROOTS_NEWTON,
    .name = "newton",
    .state_size = 0,
    .iterate = newton_iterate,
};
const hesse__roots_method_table *const hesse__roots_newton = &newton;
