/*
 * The stopping tests of the least-squares solver, all of them, in the order hesse.h
 * documents (section 5, "Stopping tests"), each written as its formula.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "lsq/lsq_internal.h"

#define EPS DBL_EPSILON

/* A point that passes a convergence test while J is rank deficient is stationary only
   on the range of J: the other directions are not determined (hesse.h). */
static hesse_status singular(hesse_lsq_solver *s, const char *test)
{
    return hesse__fail(&s->ev, HESSE_ESINGULAR,
                       "%s met on the range of J, but J has numerical rank %d < n = %d: the parameters are not "
                       "identifiable at this point (iteration %d)", test, s->rank, s->n, s->iter);
}

hesse_status hesse__lsq_stop_check(hesse_lsq_solver *s, int stop_requested)
{
    const hesse_lsq_options *o = &s->opt;
    if (s->jacobian_at_x && s->rank < s->n) {
        int k = s->rank, m = s->m;
        if (k == 0) return singular(s, "stationarity (J = 0)");
        if (m > k && s->pred / k <= o->offset_tol * o->offset_tol * (s->rest / (m - k)))
            return singular(s, "the relative offset test");
        if (s->pred <= 10.0 * EPS * s->f) return singular(s, "the rounding-floor test");
    }
    if (s->jacobian_at_x && s->rank == s->n) {
        int k = s->rank, m = s->m;
        /* 1. sqrt(pred / k) <= offset_tol · sqrt(rest / (m − k)), when m > k */
        if (m > k && k > 0 && s->pred / k <= o->offset_tol * o->offset_tol * (s->rest / (m - k)))
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: relative offset %.3g <= offset_tol = %.3g after %d iterations",
                               s->offset, o->offset_tol, s->iter);
        /* 2. max_i |s_GN,i| / xs_i <= xtol */
        if (s->gn_rel <= o->xtol)
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: Gauss-Newton step max_i |s_i|/xs_i = %.3g <= xtol = %.3g after %d "
                               "iterations", s->gn_rel, o->xtol, s->iter);
        /* 3. pred <= 10·eps·f */
        if (s->pred <= 10.0 * EPS * s->f)
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: the Gauss-Newton model promises %.3g <= 10 eps f = %.3g (rounding "
                               "floor) after %d iterations", s->pred, 10.0 * EPS * s->f, s->iter);
    }
    /* 4. max_i |Δx_i| / xs_i <= step_tol, for an accepted step */
    if (s->iter > 0 && s->accepted && s->step_norm <= o->step_tol) {
        hesse__fail(&s->ev, HESSE_SMALL_STEP, "step test met: max_i |dx_i|/xs_i = %.3g <= step_tol = %.3g",
                    s->step_norm, o->step_tol);
        return hesse__lsq_stall(s);
    }
    /* 5. limits, then the trace callback */
    if (s->iter >= o->max_iter)
        return hesse__fail(&s->ev, HESSE_MAX_ITER, "iteration limit reached: %d iterations (max_iter)", s->iter);
    if (hesse__eval_used(&s->ev) >= o->max_evals)
        return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                           "evaluation limit reached: nfev + njev + nsev = %ld >= max_evals = %ld",
                           hesse__eval_used(&s->ev), o->max_evals);
    if (o->max_seconds > 0.0 && hesse__now() - s->t_start >= o->max_seconds)
        return hesse__fail(&s->ev, HESSE_MAX_TIME, "time limit reached: %.3g s >= max_seconds = %g",
                           hesse__now() - s->t_start, o->max_seconds);
    if (stop_requested)
        return hesse__fail(&s->ev, HESSE_STOPPED, "stopped by the trace callback (returned %d) at iteration %d",
                           stop_requested, s->iter);
    return HESSE_RUNNING;
}

hesse_status hesse__lsq_stall(hesse_lsq_solver *s)
{
    /* pred <= 1000·eps·f at x: the stall is at the rounding floor of f */
    if (s->jacobian_at_x && s->pred <= 1000.0 * EPS * s->f) {
        if (s->rank < s->n) return singular(s, "the rounding-floor certificate of a stall");
        char why[HESSE__MESSAGE_SIZE];
        snprintf(why, sizeof why, "%s", s->ev.message);
        return hesse__fail(&s->ev, HESSE_SUCCESS,
                           "converged at the rounding floor: the Gauss-Newton model promises %.3g <= 1000 eps f "
                           "= %.3g (%s)", s->pred, 1000.0 * EPS * s->f, why);
    }
    return s->ev.status;
}
