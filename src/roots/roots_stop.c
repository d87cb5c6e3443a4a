/*
 * The stopping tests of the roots solver, all of them, in the order hesse.h documents
 * (equations section, "Stopping tests"), after the trace callback has seen the point.
 */
#include <math.h>

#include "roots/roots_internal.h"

/* The stopping tests at the current point, in the documented order, after the trace
   callback has seen it. */
hesse_status hesse__roots_stop_check(hesse_roots_solver *s)
{
    int stop_requested = 0;
    if (s->opt.trace) {
        hesse_roots_iteration it = {
            .iteration = s->iterations, .n = s->n, .x = s->x, .F = s->F,
            .fnorm = s->fnorm, .fnorm2 = s->fnorm2, .step_norm = s->step_norm,
            .alpha = s->alpha, .ls_evals = s->ls_evals, .fallback = s->fallback,
            .restarted = s->restarted, .rcond = s->step_rcond,
            .nfev = s->ev.solve.nfev, .njev = s->ev.solve.nhev,
        };
        stop_requested = s->opt.trace(&it, s->opt.trace_data) != 0;
    }
    const hesse_roots_options *o = &s->opt;
    /* 1. residual test */
    if (s->fnorm <= o->ftol)
        return hesse__fail(&s->ev, HESSE_SUCCESS,
                                   "residual test met: ||F||_inf = %.3g <= ftol = %.3g "
                                   "after %d iterations",
                                   s->fnorm, o->ftol, s->iterations);
    /* 2. step test */
    if (s->iterations > 0 && s->step_norm <= o->xtol * fmax(1.0, s->xprev_norm)) {
        if (s->step_singular) return hesse__roots_fail(s);
        return hesse__fail(&s->ev, HESSE_SMALL_STEP,
                                   "step test met: ||x_k - x_k-1||_inf = %.3g <= xtol * "
                                   "max(1, ||x_k-1||_inf) with xtol = %.3g; ||F||_inf = %.3g",
                                   s->step_norm, o->xtol, s->fnorm);
    }
    /* 3. iteration limit */
    if (s->iterations >= o->max_iter)
        return hesse__fail(&s->ev, HESSE_MAX_ITER,
                                   "iteration limit max_iter = %d reached; ||F||_inf = %.3g",
                                   o->max_iter, s->fnorm);
    /* 4. evaluation limit */
    if (hesse__eval_used(&s->ev) >= o->max_evals || s->budget_short)
        return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                                   "evaluation limit max_evals = %ld reached%s (nfev %ld, "
                                   "njev %ld); ||F||_inf = %.3g",
                                   o->max_evals,
                                   s->budget_short ? " before the next Jacobian" : "",
                                   s->ev.solve.nfev, s->ev.solve.nhev, s->fnorm);
    /* 5. trace */
    if (stop_requested)
        return hesse__fail(&s->ev, HESSE_STOPPED,
                                   "stopped by the trace callback at iteration %d",
                                   s->iterations);
    return HESSE_RUNNING;
}

hesse_status hesse__roots_stop(hesse_roots_solver *s)
{
    s->iterations++;
    s->ev.iteration = s->iterations;
    if (s->fallback) s->fallback_steps++;
    if (s->restarted) s->restarts++;
    return hesse__roots_stop_check(s);
}
