/*
 * One step of the roots solver from the current point: the Newton (or Broyden)
 * direction from the LU factors, the Levenberg–Marquardt fallback where the matrix is
 * singular or the step fails, the cap max_step, and the backtracking line search on
 * the merit function φ = ½‖F‖² (hesse.h, equations section).
 *
 * References: J. E. Dennis & R. B. Schnabel, Numerical Methods for Unconstrained
 * Optimization and Nonlinear Equations (SIAM, 1996): Newton with a line search on
 * ½‖F‖² (section 6.5; section 6.3 and Algorithm A6.3.1 for the backtracking with
 * quadratic interpolation and the step-length cap max_step). J. Nocedal & S. J.
 * Wright, Numerical Optimization, 2nd ed. (Springer, 2006), chapter 11 (the merit
 * function, Levenberg–Marquardt steps where J is singular). J. Fan & Y. Yuan,
 * Computing 74 (2005) 23–39: the choice μ = ‖F‖ of the Levenberg–Marquardt parameter.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include "roots/roots_internal.h"

/* Backtracking on φ = ½‖F‖² along d with slope σ = ∇φᵀd < 0 (Dennis & Schnabel 6.3):
   accept α when φ(x + αd) <= φ(x) + c1 α σ; else α <- argmin of the quadratic
   q(t) = φ(x) + σ t + (φ(x + αd) - φ(x) - σα) t²/α², i.e.
   α_q = -σ α² / (2 (φ(x + αd) - φ(x) - σ α)), kept in [0.1 α, 0.5 α]. */
static int linesearch(hesse_roots_solver *s, double slope, double alpha_min)
{
    int n = s->n;
    double phi0 = 0.5 * s->fnorm2 * s->fnorm2;
    double alpha = 1.0;
    for (int trial = 0; trial < s->opt.ls_max_evals; trial++) {
        int moved = 0;
        for (int i = 0; i < n; i++) {
            s->xt[i] = s->x[i] + alpha * s->d[i];
            moved |= s->xt[i] != s->x[i];
        }
        if (!moved) return HESSE__ROOTS_STEP_FAILED;
        int r = hesse__eval_system(&s->ev, s->xt, s->Ft, NULL);
        s->ls_evals++;
        if (r == HESSE__EVAL_STOP) return HESSE__ROOTS_STEP_STOP;
        if (r != HESSE__EVAL_OK) {
            alpha *= 0.5;
            if (alpha < alpha_min) return HESSE__ROOTS_STEP_FAILED;
            continue;
        }
        double fnorm2 = cblas_dnrm2(n, s->Ft, 1);
        double phi = 0.5 * fnorm2 * fnorm2;
        if (phi <= phi0 + s->opt.c1 * alpha * slope) {
            double step = 0.0;
            for (int i = 0; i < n; i++) step = fmax(step, fabs(s->xt[i] - s->x[i]));
            s->step_norm = step;
            s->xprev_norm = hesse__norm_inf(n, s->x);
            s->alpha = alpha;
            /* Rotate: x_prev <- x <- trial, no copies. */
            double *t = s->x_prev;
            s->x_prev = s->x;
            s->x = s->xt;
            s->xt = t;
            t = s->F_prev;
            s->F_prev = s->F;
            s->F = s->Ft;
            s->Ft = t;
            s->fnorm = hesse__norm_inf(n, s->F);
            s->fnorm2 = fnorm2;
            return HESSE__ROOTS_STEP_ACCEPTED;
        }
        double denom = 2.0 * (phi - phi0 - slope * alpha);
        double next = -slope * alpha * alpha / denom;
        if (!(next >= 0.1 * alpha)) next = 0.1 * alpha; /* also when φ overflowed */
        if (next > 0.5 * alpha) next = 0.5 * alpha;
        alpha = next;
        if (alpha < alpha_min) return HESSE__ROOTS_STEP_FAILED;
    }
    return HESSE__ROOTS_STEP_FAILED;
}

/* d <- d · max_step / ‖d‖₂ when ‖d‖₂ > max_step; returns the factor applied. */
static double cap_step(hesse_roots_solver *s)
{
    double dn = cblas_dnrm2(s->n, s->d, 1);
    if (!(dn > s->max_step)) return 1.0;
    double scale = s->max_step / dn;
    cblas_dscal(s->n, scale, s->d, 1);
    return scale;
}

/* d = -M⁻¹F from the LU factors of M (J or B). */
static int lu_direction(hesse_roots_solver *s)
{
    int n = s->n;
    for (int i = 0; i < n; i++) s->d[i] = -s->F[i];
    int info = hesse__lu_solve(n, s->LU, s->ipiv, s->d);
    if (info != 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dgetrs returned info = %d", (int)info);
        return -1;
    }
    return hesse__all_finite((size_t)n, s->d);
}

/* Levenberg–Marquardt step (JᵀJ + μI) d = -JᵀF with μ = ‖F‖₂ + sqrt(eps) max(1, ‖JᵀJ‖₁),
   by Cholesky; the steepest-descent direction -JᵀF of φ when Cholesky fails. Needs g. */
static int lm_direction(hesse_roots_solver *s)
{
    int n = s->n;
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, n, n, 1.0, s->J, n, 0.0, s->A, n);
    double norm = LAPACKE_dlansy_work(LAPACK_COL_MAJOR, '1', 'L', n, s->A, n, s->work);
    double mu = s->fnorm2 + sqrt(DBL_EPSILON) * fmax(1.0, norm);
    for (int i = 0; i < n; i++) s->A[i + (size_t)i * n] += mu;
    for (int i = 0; i < n; i++) s->d[i] = -s->g[i];
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, s->A, n);
    if (info < 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrf returned info = %d", (int)info);
        return -1;
    }
    if (info == 0) {
        info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, s->A, n, s->d, n);
        if (info != 0) {
            hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrs returned info = %d", (int)info);
            return -1;
        }
    }
    return 0;
}

int hesse__roots_step(hesse_roots_solver *s, int exact)
{
    int n = s->n;
    int usable = s->factored && s->lu_info == 0 && s->rcond >= s->opt.rcond_min;
    s->step_rcond = s->factored ? s->rcond : NAN;
    s->step_info = s->lu_info;
    s->step_singular = !usable;
    if (usable) {
        int ok = lu_direction(s);
        if (ok < 0) return HESSE__ROOTS_STEP_STOP;
        if (ok) {
            double scale = cap_step(s);
            double slope;
            if (exact) {
                /* g = JᵀF = ∇φ; σ = gᵀd, which is -scale·‖F‖² up to rounding for the
                   Newton step: a non-negative value means J is unreliable. */
                cblas_dgemv(CblasColMajor, CblasTrans, n, n, 1.0, s->J, n, s->F, 1, 0.0,
                            s->g, 1);
                slope = cblas_ddot(n, s->g, 1, s->d, 1);
            } else {
                /* Model slope: B d = -scale·F gives (BᵀF)ᵀd = -scale·‖F‖². */
                slope = -scale * s->fnorm2 * s->fnorm2;
            }
            if (slope < 0) {
                int r = linesearch(s, slope, s->opt.alpha_fallback);
                if (r != HESSE__ROOTS_STEP_FAILED) return r;
            }
        }
    }
    if (!exact) return HESSE__ROOTS_STEP_FAILED;
    /* Fallback: the Newton step is unavailable, not a descent direction, or failed. */
    s->fallback = 1;
    cblas_dgemv(CblasColMajor, CblasTrans, n, n, 1.0, s->J, n, s->F, 1, 0.0, s->g, 1);
    if (lm_direction(s) < 0) return HESSE__ROOTS_STEP_STOP;
    (void)cap_step(s);
    double slope = cblas_ddot(n, s->g, 1, s->d, 1);
    if (!(slope < 0)) return HESSE__ROOTS_STEP_FAILED; /* JᵀF = 0: φ is stationary at x */
    return linesearch(s, slope, 0.0);
}

hesse_status hesse__roots_fail(hesse_roots_solver *s)
{
    /* A singular step matrix is always a true Jacobian here: a singular Broyden B
       is replaced by J before any step is tried from it. */
    if (s->step_singular) {
        char why[96];
        if (!s->factored)
            snprintf(why, sizeof why, "not factored");
        else if (s->step_info > 0)
            snprintf(why, sizeof why, "dgetrf: exact zero pivot U(%d,%d)", s->step_info,
                     s->step_info);
        else
            snprintf(why, sizeof why, "rcond = %.3g < rcond_min = %.3g", s->step_rcond,
                     s->opt.rcond_min);
        return hesse__fail(
            &s->ev, HESSE_ESINGULAR,
            "the Jacobian of the last step was singular (%s) and no further step "
            "decreases 1/2 ||F||^2 (||F||_inf = %.6g, iteration %d): x is probably near "
            "a minimizer of ||F|| that is not a root, or near a root with a singular "
            "Jacobian",
            why, s->fnorm, s->iterations);
    }
    return hesse__fail(&s->ev, HESSE_LINESEARCH_FAILED,
                               "line search found no decrease of 1/2 ||F||^2 from "
                               "||F||_inf = %.6g in %d evaluations (iteration %d)",
                               s->fnorm, s->ls_evals, s->iterations);
}
