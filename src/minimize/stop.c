/*
 * The stopping tests, all of them, in the order hesse.h documents ("Stopping tests").
 * Each is written as the formula it implements.
 *
 * Every test compares like with like, so that it is invariant to the units of x and
 * of f (minimizing c·f(Dx) from D⁻¹x0, c > 0, D positive diagonal, meets the same
 * tests at the same iterates when the methods' scaling follows, option x_scale):
 * steps are measured per component against xs_i = max(|x_i|, typx_i), decreases
 * against the noise of f itself, and nothing against 1. None can be met by running
 * away: a point is stationary only where a positive definite model says the minimizer
 * is near (a divergent run has none), and the unbounded test catches the run itself.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

/* The unbounded test's ratios (hesse.h, test 2). */
#define UNBOUNDED_F 1e20
#define UNBOUNDED_X 1e100

double hesse__relative_size(const hesse_solver *s, const double *step)
{
    double rel = 0.0;
    for (int i = 0; i < s->n; i++) {
        double r = fabs(step[i]) / fmax(fabs(s->x[i]), s->typx[i]);
        if (!(r <= rel)) rel = isnan(r) ? INFINITY : r;
    }
    return rel;
}

int hesse__step_converged(const hesse_solver *s, const double *step, double floor, double *rel,
                          double *pred)
{
    /* rel = max_i |s_i| / xs_i <= gtol: the minimizer the model sees is within gtol of x,
       relative to each component's size.
       0 <= pred = -½ gᵀs <= floor: the decrease it promises is below what f can
       resolve (only at a stall, where floor is f's measured noise; 0 otherwise). */
    *rel = hesse__relative_size(s, step);
    *pred = -0.5 * hesse__dot(s->n, s->g, step);
    return *rel <= s->opt.gtol || (*pred >= 0.0 && *pred <= floor);
}

/* The check of a candidate end point with ∇²f (second_order.c): its evaluations are
   the end point's classification when the candidate is accepted and will be classified,
   and the solve's when the solve goes on or classification is off
   (hesse__eval_tentative). */
static int check(hesse_solver *s, int exact, double floor)
{
    hesse__counts mark;
    hesse__eval_tentative_begin(&s->ev, &mark);
    int c = exact ? hesse__decide(s) : hesse__certify(s, floor);
    hesse__eval_tentative_end(&s->ev, &mark, c == 1 && !s->escape && hesse__will_classify(s));
    return c;
}

/* Test 1: stationarity. 1 met, 0 not, -1 terminal. */
static int stationarity(hesse_solver *s)
{
    s->rel = s->pred = NAN;
    int model = s->method->model_step(s, s->state, s->ms);
    if (model == HESSE__MODEL_STOP) return -1;
    if (s->polished) {
        /* The last step was ∇²f's Newton step from a failed certificate: certify again
           at once, whatever the method's model (it has not seen that step). */
        s->polished = 0;
        if (model != HESSE__MODEL_EXACT || !s->method->needs_hessian) return check(s, 0, 0.0);
    }
    if (model == HESSE__MODEL_NONE) {
        /* No positive definite model: only an exactly zero gradient can be a candidate
           (a start at a saddle, a maximum or a minimum); ∇²f decides. */
        if (s->gnorm != 0.0) return 0;
        s->rel = s->pred = 0.0;
        return check(s, 0, 0.0);
    }
    int met = hesse__step_converged(s, s->ms, 0.0, &s->rel, &s->pred);
    if (!met) return 0;
    /* newton and newton-tr factored ∇²f itself: their step is the Newton step, and the
       curvature at the limit is read from it. */
    if (model == HESSE__MODEL_EXACT && s->method->needs_hessian) return check(s, 1, 0.0);
    /* An approximate model (quasi-Newton; newton-cg's Krylov space, which can miss a
       negative eigenvalue outside it) can be far from ∇²f (one large curvature learnt
       makes every step look small): certify with ∇²f. A certificate that fails with a
       short Newton step is followed by that step and certified again; one that fails
       otherwise is not tried again until the model's step has shrunk a hundredfold. */
    if (s->cert_next > 0.0 && s->rel > s->cert_next) return 0;
    double model_rel = s->rel;
    int c = check(s, 0, 0.0);
    if (c == 0 && !s->escape) {
        if (s->inertia_at_x && s->inertia.nneg == 0 && s->pred > 0.0 && s->rel <= 1e-2) {
            /* ∇²f is positive definite here and its Newton step is short: take it (the
               model has converged to its own accuracy, ∇²f finishes the job). */
            for (int i = 0; i < s->n; i++) s->dir[i] = s->ms[i];
            s->escape = 3;
            s->dir_curv = 0.0;
            s->dir_alpha = 1.0;
        } else {
            s->cert_next = model_rel / 100.0;
        }
    }
    return c;
}

/* Test 2: f decreased past any reasonable minimum, or x ran away. */
static int unbounded(hesse_solver *s)
{
    if (s->fref == 0.0 && s->f != s->f0) s->fref = fabs(s->f - s->f0);
    if (s->fref > 0.0 && s->f < s->f0 - UNBOUNDED_F * s->fref) return 1;
    for (int i = 0; i < s->n; i++)
        if (fabs(s->x[i]) > UNBOUNDED_X * s->typx[i]) return 1;
    return 0;
}

hesse_status hesse__stop_check(hesse_solver *s)
{
    const hesse_options *o = &s->opt;
    s->escape = 0;
    int met = stationarity(s);
    if (met < 0) return s->ev.status;
    s->stationary = met;
    if (met) {
        if (s->escape) {
            s->stationary = 0;
        } else {
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: the model's step is %.3g of x (gtol %g), its predicted "
                               "decrease %.3g",
                               s->rel, o->gtol, s->pred);
        }
    }
    if (unbounded(s))
        return hesse__fail(&s->ev, HESSE_UNBOUNDED,
                           "f appears unbounded below: f = %.6g from f(x0) = %.6g at iteration %d",
                           s->f, s->f0, s->iter);
    if (s->iter > 0 && s->accepted && !s->escape) {
        /* max_i |x_k,i - x_k-1,i| / xs_i <= xtol, for an accepted step only (a rejected
           trust-region step leaves x unchanged without meaning convergence) */
        if (s->step_rel <= o->xtol) {
            hesse__fail(&s->ev, HESSE_SMALL_STEP,
                        "step test met: max_i |x_k,i - x_k-1,i| / xs_i = %.3g <= xtol", s->step_rel);
            int c = hesse__stall_check(s);
            if (c == 2) return s->ev.status = HESSE_RUNNING;
            return s->ev.status;
        }
        /* f_{k-1} - f_k <= ftol · |f_{k-1}| */
        if (o->ftol > 0.0 && s->f_prev - s->f <= o->ftol * fabs(s->f_prev))
            return hesse__fail(&s->ev, HESSE_SMALL_DECREASE,
                               "decrease test met: f_k-1 - f_k = %.3g <= ftol * |f_k-1|",
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

int hesse__stall_check(hesse_solver *s)
{
    /* The status and message of the stall stand unless x is accepted or left. */
    hesse_status keep = s->ev.status;
    char message[HESSE__MESSAGE_SIZE];
    memcpy(message, s->ev.message, sizeof message);
    s->escape = 0;
    s->ev.status = HESSE_RUNNING;
    /* As check(): the classification of x unless the solve goes on from it. */
    hesse__counts mark;
    hesse__eval_tentative_begin(&s->ev, &mark);
    double noise = hesse__f_noise(s, s->ms); /* NaN: unknown, nothing below it is claimed */
    int c = noise < 0.0 ? -1 : hesse__certify(s, isnan(noise) ? 0.0 : 10.0 * noise);
    int rescue = c == 0 && !s->escape && hesse__classifiable(s) && s->opt.curvature_check &&
                 s->pred > 10.0 * noise && s->inertia.nneg == 0;
    hesse__eval_tentative_end(&s->ev, &mark, !s->escape && !rescue && hesse__will_classify(s));
    if (c < 0) return -1;
    if (s->escape) return 2; /* stalled at a saddle: leave it */
    if (rescue) {
        /* ∇²f is positive (semi)definite and its Newton step promises a decrease f can
           show: the method's own model has gone wrong (a quasi-Newton matrix, a
           collapsed trust region); the next iteration takes the Newton step. */
        for (int i = 0; i < s->n; i++) s->dir[i] = s->ms[i];
        s->escape = 2;
        s->dir_curv = 0.0;
        s->dir_alpha = 1.0;
        /* Should that step fail too, the stall stands as it was. */
        s->stall_status = keep;
        memcpy(s->stall_message, message, sizeof message);
        return 2;
    }
    if (c == 0 || !hesse__classifiable(s)) {
        s->ev.status = keep;
        memcpy(s->ev.message, message, sizeof message);
        return 0;
    }
    s->stationary = 1;
    hesse__fail(&s->ev, HESSE_SUCCESS,
                "converged at the noise floor of f: no further decrease can be resolved "
                "(Newton step %.3g of x, its predicted decrease %.3g <= 10 x the measured "
                "noise of f, %.3g)",
                s->rel, s->pred, noise);
    return 1;
}
