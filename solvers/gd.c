/*
 * gd — steepest descent, the baseline every comparison is made against.
 *
 * Algorithm: d_k = -D²∇f(x_k), x_{k+1} = x_k + α_k d_k with a line search (Armijo
 * backtracking by default; strong Wolfe by option), D = diag(dscale) the methods'
 * scaling (hesse.h, option x_scale; one size for every variable unless x_scale is
 * given, so that d = -∇f up to a constant). Nocedal & Wright, Numerical Optimization,
 * 2nd ed., Section 3.1 and Section 3.5 for the initial step:
 *     α_0 = one typical size along d (hesse__first_step),
 *     α_k^init = α_{k-1} ∇f_{k-1}ᵀd_{k-1} / ∇f_kᵀd_k                     (eq. 3.60).
 * The first step is measured in the 2-norm, not the ∞-norm: an ∞-norm step of 1 put a
 * coordinate of the 5-variable Dixon–Price function from (1, ..., 1) exactly at 0,
 * where its derivative vanishes for good, and every gradient method then ended at the
 * degenerate point f = 2/3.
 * Model step (the stopping test): -α_{k+1}^init D²∇f, the step the next line search
 * starts from; an approximation that the driver certifies with ∇²f.
 * Invariant: d is a descent direction whenever ∇f ≠ 0.
 * Cost per iteration: O(n) plus the line search's evaluations.
 */
#include <math.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double alpha_prev; /* last accepted step length (0: none yet) */
    double dg_prev;    /* ∇f_{k-1}ᵀd_{k-1} */
} gd_state;

/* d = -D²g; returns gᵀd. */
static double steepest(const hesse_solver *s, double *d)
{
    double dg = 0.0;
    for (int i = 0; i < s->n; i++) {
        d[i] = -s->dscale[i] * s->dscale[i] * s->g[i];
        dg += s->g[i] * d[i];
    }
    return dg;
}

static double initial_step(const hesse_solver *s, const gd_state *st, const double *d, double dg)
{
    double alpha0 = st->alpha_prev > 0.0 ? st->alpha_prev * st->dg_prev / dg
                                         : hesse__first_step(s, d);
    return isfinite(alpha0) && alpha0 > 0.0 ? alpha0 : hesse__first_step(s, d);
}

static int gd_model_step(hesse_solver *s, void *state, double *step)
{
    gd_state *st = state;
    if (!(st->alpha_prev > 0.0)) return HESSE__MODEL_NONE;
    double dg = steepest(s, step);
    double alpha = initial_step(s, st, step, dg);
    for (int i = 0; i < s->n; i++) step[i] *= alpha;
    return HESSE__MODEL_APPROX;
}

static hesse__step gd_iterate(hesse_solver *s, void *state)
{
    gd_state *st = state;
    double dg = steepest(s, s->d);
    if (hesse__linesearch(s, dg, 0.0, initial_step(s, st, s->d, dg)) != HESSE__LS_OK)
        return HESSE__STEP_STOP;
    st->alpha_prev = s->rec.alpha;
    st->dg_prev = dg;
    return HESSE__STEP_ACCEPT;
}

static void gd_restart(hesse_solver *s, void *state)
{
    gd_state *st = state;
    st->alpha_prev = 0.0;
}

HESSE__METHOD(gd, .name = "gd", .state_size = sizeof(gd_state),
                  .default_linesearch = HESSE_LINESEARCH_ARMIJO, .iterate = gd_iterate,
                  .model_step = gd_model_step, .restart = gd_restart);
