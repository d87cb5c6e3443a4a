/*
 * gd — steepest descent, the baseline every comparison is made against.
 *
 * Algorithm: d_k = -∇f(x_k), x_{k+1} = x_k + α_k d_k with a line search (Armijo
 * backtracking by default; strong Wolfe by option). Nocedal & Wright, Numerical
 * Optimization, 2nd ed., Section 3.1 and Section 3.5 for the initial step:
 *     α_0 = min(1, 1/‖∇f(x_0)‖∞),   α_k^init = α_{k-1} ∇f_{k-1}ᵀd_{k-1} / ∇f_kᵀd_k  (eq. 3.60).
 * Invariant: d is a descent direction whenever ∇f ≠ 0.
 * Cost per iteration: O(n) plus the line search's evaluations.
 */
#include <math.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double alpha_prev; /* last accepted step length */
    double dg_prev;    /* ∇f_{k-1}ᵀd_{k-1} */
} gd_state;

static hesse__step gd_iterate(hesse_solver *s, void *state)
{
    gd_state *st = state;
    int n = s->n;
    for (int i = 0; i < n; i++) s->d[i] = -s->g[i];
    double dg = -hesse__dot(n, s->g, s->g);
    double alpha0 = st->alpha_prev > 0.0 ? st->alpha_prev * st->dg_prev / dg
                                         : fmin(1.0, 1.0 / s->gnorm);
    if (!isfinite(alpha0) || alpha0 <= 0.0) alpha0 = 1.0;
    if (hesse__linesearch(s, dg, 0.0, alpha0) != HESSE__LS_OK) return HESSE__STEP_STOP;
    st->alpha_prev = s->rec.alpha;
    st->dg_prev = dg;
    return HESSE__STEP_ACCEPT;
}

HESSE__METHOD(gd, .name = "gd", .state_size = sizeof(gd_state),
                  .default_linesearch = HESSE_LINESEARCH_ARMIJO, .iterate = gd_iterate);
