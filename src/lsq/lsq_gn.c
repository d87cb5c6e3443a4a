/*
 * "gn": Gauss–Newton with a line search (Dennis & Schnabel, Numerical Methods for
 * Unconstrained Optimization and Nonlinear Equations, §10.2, the "damped Gauss–Newton"
 * method). The step is the driver's Gauss–Newton step at x: the basic solution of
 * min ‖ρ + J s‖ on the numerical rank of J (a descent direction whenever Jᵀρ ≠ 0),
 * then Armijo backtracking on f from α = 1.
 * Converges quadratically on zero-residual problems with J of full rank, linearly (or
 * not at all) when the residuals are large next to the curvature of the model: use
 * "hybrid" or "lm" there. Cost per iteration: the driver's O(mn²) QR and the line
 * search's residual evaluations.
 */
#include "lsq/lsq_internal.h"

static hesse__lsq_step gn_iterate(hesse_lsq_solver *s, void *state)
{
    (void)state;
    int n = s->n;
    for (int i = 0; i < n; i++) s->step[i] = s->gn[i];
    double slope = hesse__dot(n, s->g, s->step);
    if (!(slope < 0.0)) {
        hesse__fail(&s->ev, HESSE_LINESEARCH_FAILED,
                    "the Gauss-Newton step is not a descent direction (slope %.3g) at iteration %d", slope, s->iter);
        return HESSE__LSQ_STALL;
    }
    int rc = hesse__lsq_linesearch(s, slope);
    if (rc == HESSE__LSQ_LS_STOP) return HESSE__LSQ_STOP;
    if (rc == HESSE__LSQ_LS_FAILED) {
        hesse__fail(&s->ev, HESSE_LINESEARCH_FAILED,
                    "line search along the Gauss-Newton step found no decrease at iteration %d", s->iter);
        return HESSE__LSQ_STALL;
    }
    s->rec_second_order = 0;
    return HESSE__LSQ_ACCEPT;
}

HESSE__LSQ_METHOD(gn, .name = "gn", .state_size = 0, .iterate = gn_iterate);
