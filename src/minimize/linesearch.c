/*
 * Line searches along a direction d from the current point x of a solver.
 *
 * Armijo backtracking (Nocedal & Wright, 2nd ed., Algorithm 3.1 with the interpolation
 * of Section 3.5): accept α when
 *     φ(α) <= φ(0) + c1 (α φ'(0) + ½ α² κ),        φ(α) = f(x + αd),
 * where κ = dᵀ∇²f(x)d is nonzero only for negative-curvature steps (then φ'(0) may be
 * 0 and the quadratic term supplies the predicted decrease). Otherwise α is replaced by
 * the minimizer of the quadratic (first backtrack) or cubic (later ones) interpolating
 * φ, safeguarded to [0.1 α, 0.5 α].
 *
 * Strong Wolfe (Nocedal & Wright, Algorithms 3.5 and 3.6): accept α when the Armijo
 * condition holds and |φ'(α)| <= c2 |φ'(0)|. A bracketing phase multiplies α by 4
 * until the interval [α_lo, α_hi] must contain such a point, then a zoom phase shrinks it
 * with cubic interpolation safeguarded to the middle 80% of the interval. If the interval
 * collapses, the best point met that satisfies the Armijo condition is accepted.
 *
 * Near a solution f stops resolving the decrease (f(x + αd) - f(x) is rounding noise,
 * ~eps|f|, when f* != 0). Both searches then also accept the sufficient-decrease part
 * of the approximate Wolfe conditions of Hager & Zhang (SIAM J. Optim. 16, 2005,
 * eq. 23): φ(α) <= φ(0) + 1e-12|φ(0)| and φ'(α) <= (2 c1 - 1) φ'(0), which reads the
 * decrease from the slope instead of from f.
 *
 * Refusals (callback > 0) and non-finite values at a trial point shorten the step
 * (α <- α/10 in backtracking; α_hi <- α in bracketing and zoom). When no acceptable step
 * is found within ls_max_evals evaluations, or the step becomes negligible
 * (max_i |α d_i| / xs_i <= eps, xs_i = max(|x_i|, typx_i): each component against its
 * own size, not against the largest; a trial point equal to x is never tried, so a
 * zero step is never accepted), the search fails: ENONFINITE / EDOMAIN when the last,
 * shortest trial was non-finite / refused (the callback fails arbitrarily close to the
 * accepted point, so the failure is the callback's, not a lack of decrease), else
 * LINESEARCH_FAILED.
 *
 * Every trial evaluates f and ∇f together (one objective call), so the accepted point
 * needs no further call. Workspace: the solver's xt, gt (trial) and xlo, glo (best
 * point of the Wolfe search); nothing is allocated.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

typedef struct {
    int evals, refused, nonfinite;
    int last;          /* HESSE__EVAL_* result of the last trial */
    double last_alpha; /* its step length */
} ls_counts;

/* The trial point x + αd equals x: nothing to evaluate. */
enum { TRIAL_SAME = -2 };

/* Evaluate the trial point x + αd into s->xt, s->ft, s->gt. */
static int trial(hesse_solver *s, const double *d, double alpha, ls_counts *c)
{
    int n = s->n, moved = 0;
    for (int i = 0; i < n; i++) {
        s->xt[i] = s->x[i] + alpha * d[i];
        moved |= s->xt[i] != s->x[i];
    }
    if (!moved) return TRIAL_SAME;
    c->evals++;
    int rc = hesse__eval_fg(&s->ev, s->xt, &s->ft, s->gt);
    if (rc == HESSE__EVAL_REFUSED) c->refused++;
    if (rc == HESSE__EVAL_NONFINITE) c->nonfinite++;
    c->last = rc;
    c->last_alpha = alpha;
    return rc;
}

static int failed(hesse_solver *s, const ls_counts *c)
{
    double alpha = c->last_alpha;
    if (c->evals > 0 && c->last == HESSE__EVAL_NONFINITE)
        hesse__fail(&s->ev, HESSE_ENONFINITE,
                    "line search at iteration %d: f or its gradient was not finite at %d of "
                    "%d trial points, the last at step length %g",
                    s->iter + 1, c->nonfinite, c->evals, alpha);
    else if (c->evals > 0 && c->last == HESSE__EVAL_REFUSED)
        hesse__fail(&s->ev, HESSE_EDOMAIN,
                    "line search at iteration %d: the objective refused %d of %d trial points, "
                    "the last at step length %g",
                    s->iter + 1, c->refused, c->evals, alpha);
    else
        hesse__fail(&s->ev, HESSE_LINESEARCH_FAILED,
                    "line search at iteration %d found no acceptable step in %d evaluations "
                    "(%d refused, %d not finite; last step length %g)",
                    s->iter + 1, c->evals, c->refused, c->nonfinite, alpha);
    return HESSE__LS_FAILED;
}

/* The sufficient-decrease test at the trial point in s->xt (see the file comment). */
static int sufficient_decrease(const hesse_solver *s, const double *d, double alpha, double dg,
                               double curvature)
{
    double c1 = s->opt.c1;
    if (s->ft <= s->f + c1 * (alpha * dg + 0.5 * alpha * alpha * curvature)) return 1;
    return curvature == 0.0 && s->ft <= s->f + 1e-12 * fabs(s->f) &&
           hesse__dot(s->n, s->gt, d) <= (2.0 * c1 - 1.0) * dg;
}

static int negligible(const hesse_solver *s, const double *d, double alpha)
{
    /* max_i |α d_i| / xs_i <= eps */
    for (int i = 0; i < s->n; i++)
        if (fabs(alpha * d[i]) > DBL_EPSILON * fmax(fabs(s->x[i]), s->typx[i])) return 0;
    return 1;
}

/* Minimizer of the cubic through (a, fa, da) and (b, fb, db); NaN if none. */
static double cubic_min(double a, double fa, double da, double b, double fb, double db)
{
    double d1 = da + db - 3.0 * (fa - fb) / (a - b);
    double disc = d1 * d1 - da * db;
    if (disc < 0.0) return NAN;
    double d2 = copysign(sqrt(disc), b - a);
    double den = db - da + 2.0 * d2;
    if (den == 0.0) return NAN;
    return b - (b - a) * (db + d2 - d1) / den;
}

static int armijo(hesse_solver *s, const double *d, double dg, double curvature,
                  double alpha0, double *alpha_out, int *evals)
{
    ls_counts c = {0, 0, 0, HESSE__EVAL_OK, 0.0};
    double alpha = alpha0, prev_alpha = 0.0, prev_f = 0.0;
    int have_prev = 0;
    while (c.evals < s->opt.ls_max_evals) {
        int rc = trial(s, d, alpha, &c);
        if (rc == TRIAL_SAME) break;
        if (rc == HESSE__EVAL_STOP) { *evals = c.evals; return HESSE__LS_STOP; }
        if (rc == HESSE__EVAL_OK && sufficient_decrease(s, d, alpha, dg, curvature)) {
            *alpha_out = alpha;
            *evals = c.evals;
            return HESSE__LS_OK;
        }
        /* A point that cannot be evaluated says nothing about where f is lower: cut the
           step by 10 (an overflowing step from a near-singular Newton matrix can be
           many orders of magnitude too long); otherwise interpolate or halve. */
        double next = rc == HESSE__EVAL_OK ? 0.5 * alpha : 0.1 * alpha;
        if (rc == HESSE__EVAL_OK && curvature == 0.0) {
            double cand;
            if (!have_prev) {
                /* Quadratic through φ(0), φ'(0), φ(α). */
                cand = -dg * alpha * alpha / (2.0 * (s->ft - s->f - dg * alpha));
            } else {
                /* Cubic through φ(0), φ'(0), φ(α), φ(α_prev) (N&W eq. 3.58). */
                double r1 = s->ft - s->f - dg * alpha, r2 = prev_f - s->f - dg * prev_alpha;
                double a2 = alpha * alpha, p2 = prev_alpha * prev_alpha;
                double den = a2 * p2 * (alpha - prev_alpha);
                double ca = (p2 * r1 - a2 * r2) / den;
                double cb = (-p2 * prev_alpha * r1 + a2 * alpha * r2) / den;
                if (ca == 0.0)
                    cand = -dg / (2.0 * cb);
                else
                    cand = (-cb + sqrt(fmax(0.0, cb * cb - 3.0 * ca * dg))) / (3.0 * ca);
            }
            if (isfinite(cand)) next = fmin(fmax(cand, 0.1 * alpha), 0.5 * alpha);
            prev_alpha = alpha;
            prev_f = s->ft;
            have_prev = 1;
        }
        alpha = next;
        if (negligible(s, d, alpha)) break;
    }
    *evals = c.evals;
    return failed(s, &c);
}

/* The best Armijo point so far is kept in xlo/glo with its f and φ'. */
typedef struct {
    double alpha, f, dg;
    int valid; /* xlo/glo hold x + αd */
} ls_point;

static void keep(hesse_solver *s, const double *d, ls_point *p, double alpha)
{
    memcpy(s->xlo, s->xt, (size_t)s->n * sizeof *s->xlo);
    memcpy(s->glo, s->gt, (size_t)s->n * sizeof *s->glo);
    p->alpha = alpha;
    p->f = s->ft;
    p->dg = hesse__dot(s->n, s->gt, d);
    p->valid = 1;
}

static void restore(hesse_solver *s, const ls_point *p)
{
    memcpy(s->xt, s->xlo, (size_t)s->n * sizeof *s->xt);
    memcpy(s->gt, s->glo, (size_t)s->n * sizeof *s->gt);
    s->ft = p->f;
}

static int wolfe(hesse_solver *s, const double *d, double dg, double alpha0,
                 double *alpha_out, int *evals)
{
    const double c2 = s->opt.c2;
    ls_counts c = {0, 0, 0, HESSE__EVAL_OK, 0.0};
    /* lo: the Armijo point with the lowest f so far (α = 0 at the start, not stored);
       hi: the other end of the bracket once one exists. */
    ls_point lo = {0.0, s->f, dg, 0};
    double hi_alpha = INFINITY, hi_f = NAN, hi_dg = NAN;
    int bracketed = 0;
    double alpha = alpha0;

    while (c.evals < s->opt.ls_max_evals) {
        int rc = trial(s, d, alpha, &c);
        if (rc == TRIAL_SAME) break;
        if (rc == HESSE__EVAL_STOP) { *evals = c.evals; return HESSE__LS_STOP; }
        if (rc != HESSE__EVAL_OK) {
            /* Cannot evaluate: the acceptable points lie closer to lo. */
            hi_alpha = alpha;
            hi_f = NAN;
            bracketed = 1;
        } else {
            double dgt = hesse__dot(s->n, s->gt, d);
            if (!sufficient_decrease(s, d, alpha, dg, 0.0) || (s->ft >= lo.f && s->ft > s->f)) {
                hi_alpha = alpha;
                hi_f = s->ft;
                hi_dg = dgt;
                bracketed = 1;
            } else {
                if (fabs(dgt) <= -c2 * dg) {
                    *alpha_out = alpha;
                    *evals = c.evals;
                    return HESSE__LS_OK;
                }
                if (dgt * (hi_alpha - lo.alpha) >= 0.0 && bracketed) {
                    hi_alpha = lo.alpha;
                    hi_f = lo.f;
                    hi_dg = lo.dg;
                } else if (dgt >= 0.0) {
                    /* Slope changed sign before any bracket: [alpha, lo] brackets. */
                    hi_alpha = lo.alpha;
                    hi_f = lo.f;
                    hi_dg = lo.dg;
                    bracketed = 1;
                }
                keep(s, d, &lo, alpha);
            }
        }
        /* Next trial. */
        if (!bracketed) {
            /* Expansion: still descending steeply at α. Moré & Thuente (ACM TOMS
               20(3), 1994) allow up to 4Δ beyond α; a plain factor of 4 measured
               better than 2 (fewer evaluations where α must grow by orders of
               magnitude; bfgs 66 -> 67 and lbfgs 65 -> 66 of 84 solved in `hesse
               bench`) and better than their cubic extrapolation (66 and 65). */
            alpha *= 4.0;
            continue;
        }
        double a = lo.alpha, b = hi_alpha;
        double width = fabs(b - a);
        /* Collapsed: the bracket is at rounding level of α itself, or it moves x by
           nothing that matters. */
        if (width <= DBL_EPSILON * fmax(fabs(a), fabs(b)) || negligible(s, d, width)) break;
        double cand = NAN;
        if (isfinite(hi_f)) cand = cubic_min(a, lo.f, lo.dg, b, hi_f, hi_dg);
        double left = fmin(a, b) + 0.1 * width, right = fmax(a, b) - 0.1 * width;
        alpha = (isfinite(cand) && cand >= left && cand <= right) ? cand : 0.5 * (a + b);
    }
    *evals = c.evals;
    if (lo.valid && lo.f < s->f) {
        /* The interval collapsed or the budget ran out: the best Armijo point found
           is still a decrease. */
        restore(s, &lo);
        *alpha_out = lo.alpha;
        return HESSE__LS_OK;
    }
    return failed(s, &c);
}

/* The line search the solver uses for its method. */
static hesse_linesearch kind_of(const hesse_solver *s)
{
    if (s->opt.linesearch != HESSE_LINESEARCH_DEFAULT) return s->opt.linesearch;
    return s->method->default_linesearch;
}

int hesse__linesearch(hesse_solver *s, double dg, double curvature, double alpha0)
{
    return hesse__linesearch_with(s, kind_of(s), dg, curvature, alpha0);
}

int hesse__linesearch_with(hesse_solver *s, hesse_linesearch kind, double dg, double curvature,
                           double alpha0)
{
    double alpha = 0.0;
    int evals = 0, rc;
    if (kind == HESSE_LINESEARCH_WOLFE && curvature == 0.0)
        rc = wolfe(s, s->d, dg, alpha0, &alpha, &evals);
    else
        rc = armijo(s, s->d, dg, curvature, alpha0, &alpha, &evals);
    s->rec.ls_evals = evals;
    if (rc == HESSE__LS_OK) s->rec.alpha = alpha;
    return rc;
}
