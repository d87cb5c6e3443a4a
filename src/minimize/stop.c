/*
 * The stopping tests, all of them, in the order hesse.h documents ("Stopping tests").
 * Each is written as the formula it implements.
 */
#include <math.h>

#include "minimize/minimize_internal.h"

int hesse__gradient_test(const hesse_solver *s)
{
    /* ‖∇f(x_k)‖∞ <= gtol · max(1, |f(x_k)|) */
    return s->gnorm <= s->opt.gtol * fmax(1.0, fabs(s->f));
}

hesse_status hesse__stop_check(hesse_solver *s)
{
    const hesse_options *o = &s->opt;

    if (hesse__gradient_test(s)) {
        hesse_status st = HESSE_SUCCESS;
        if (s->method->saddle_check)
            st = s->method->saddle_check(s, s->state);
        if (st == HESSE_SUCCESS)
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: ||g||_inf = %.3g <= gtol * max(1, |f|) = %.3g",
                               s->gnorm, o->gtol * fmax(1.0, fabs(s->f)));
        if (st != HESSE_RUNNING) return st;
        /* Negative curvature at a stationary point: the method goes on. */
    }
    if (s->iter > 0 && s->accepted) {
        /* ‖x_k - x_{k-1}‖∞ <= xtol · max(1, ‖x_k‖∞), for an accepted step only (a
           rejected trust-region step leaves x unchanged without meaning convergence) */
        if (s->step_norm <= o->xtol * fmax(1.0, hesse__norm_inf(s->n, s->x)))
            return hesse__fail(&s->ev, HESSE_SMALL_STEP,
                               "step test met: ||x_k - x_k-1||_inf = %.3g <= xtol * max(1, ||x||_inf)",
                               s->step_norm);
        /* f_{k-1} - f_k <= ftol · max(1, |f_{k-1}|) */
        if (o->ftol > 0.0 && s->f_prev - s->f <= o->ftol * fmax(1.0, fabs(s->f_prev)))
            return hesse__fail(&s->ev, HESSE_SMALL_DECREASE,
                               "decrease test met: f_k-1 - f_k = %.3g <= ftol * max(1, |f_k-1|)",
                               s->f_prev - s->f);
    }
    if (s->iter >= o->max_iter)
        return hesse__fail(&s->ev, HESSE_MAX_ITER, "iteration limit reached: %d iterations (max_iter)",
                           s->iter);
    if (hesse__eval_used(&s->ev) >= o->max_evals)
        return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                           "evaluation limit reached: nfev + ngev + nhev = %ld >= max_evals = %ld",
                           hesse__eval_used(&s->ev), o->max_evals);
    if (o->max_seconds > 0.0 && hesse__now() - s->t_start >= o->max_seconds)
        return hesse__fail(&s->ev, HESSE_MAX_TIME, "time limit reached: %.3g s >= max_seconds = %g",
                           hesse__now() - s->t_start, o->max_seconds);
    return HESSE_RUNNING;
}
