/*
 * Trust-region pieces shared by newton-tr, newton-cg and sr1: the trial step and its
 * ratio ρ, the radius rule of hesse.h, and the exact subproblem solver.
 *
 * The regions are ellipsoids: ‖s‖ below is ‖(s_i / dscale_i)‖₂, the step in units of
 * the typical sizes (hesse.h, option x_scale: the given sizes, else one size for all
 * variables); the methods solve their subproblems in the scaled variables
 * z_i = x_i / dscale_i, where the region is a ball.
 *
 * Radius rule (hesse.h, options radius_init ... grow):
 *     ρ < eta_shrink                          radius <- shrink · ‖s‖
 *     ρ > eta_grow and ‖s‖ >= 0.99 radius     radius <- min(grow · radius, radius_max)
 *     ρ > eta_accept                          x <- x + s
 * A refused or non-finite trial point counts as ρ = -∞.
 *
 * Exact subproblem (Moré & Sorensen, SIAM J. Sci. Stat. Comput. 4, 1983; Nocedal &
 * Wright, Numerical Optimization, 2nd ed., Algorithm 4.3 and §4.3): p(λ) solves
 * (B + λI) p = -g with B + λI positive semidefinite, λ(‖p‖ - Δ) = 0.
 *   1. Cholesky of B (dpotrf). If it succeeds and ‖B⁻¹g‖ <= Δ, p = -B⁻¹g, λ = 0.
 *   2. If it fails, B is not positive definite: the smallest eigenpair (λ₁, v) of B
 *      (dsyevr) gives the exact lower bound λ > -λ₁.
 *   3. Newton's method on φ(λ) = 1/Δ - 1/‖p(λ)‖ (N&W eq. 4.30 onwards):
 *          B + λI = LLᵀ,  LLᵀp = -g,  Lq = p,  λ <- λ + (‖p‖/‖q‖)² (‖p‖ - Δ)/Δ,
 *      safeguarded to the bracket (λ_lo, λ_hi) with λ_lo = max(0, -λ₁) and
 *      λ_hi = ‖g‖/Δ - λ₁ (then ‖p(λ)‖ <= ‖g‖/(λ + λ₁) <= Δ); a step out of the bracket
 *      is replaced by max(sqrt(λ_lo λ_hi), λ_lo + 0.01(λ_hi - λ_lo)) (Moré–Sorensen's
 *      safeguard). Stops when |‖p‖ - Δ| <= 0.01 Δ (Moré–Sorensen accept 0.1 Δ).
 *   4. Hard case: if already at the smallest admissible λ = λ_lo + δ the step is inside
 *      the region (g has no component along v, e.g. g = 0 at a saddle), the solution
 *      is p(λ) + τv with ‖p + τv‖ = Δ; of the two roots τ the one with the lower model
 *      value is taken (m(p + τv) - m(p) = -λτ pᵀv + ½τ²λ₁). At a stationary point with
 *      negative curvature this is the boundary step along the eigenvector of λ_min.
 * Deviation: Moré–Sorensen avoid eigenvalues and estimate λ₁ from the Cholesky
 * failures; here one eigenpair (dsyevr, O(n³) like the factorizations) is computed
 * when B is not positive definite, which makes the bounds and the hard case exact.
 * δ = sqrt(eps)·max|B_ij| keeps B + λI numerically positive definite (relative to B:
 * a floor of 1 made newton-tr crawl on QUARTC, whose Hessian entries fall below
 * sqrt(eps) near the minimum).
 * Cost: one Cholesky when the Newton step is interior; else a few (typically 2-6)
 * Cholesky factorizations plus one eigenpair when B is indefinite.
 */
#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

hesse_status hesse__tr_check_radius(hesse_solver *s, double radius)
{
    if (radius >= s->opt.radius_min) return HESSE_RUNNING;
    return hesse__fail(&s->ev, HESSE_TR_COLLAPSED,
                       "trust-region radius %.3g fell below radius_min = %.3g at iteration %d: "
                       "x is the last accepted point",
                       radius, s->opt.radius_min, s->iter);
}

/* Evaluate the trial point x + step into s->xt, s->ft, s->gt and set
   ρ = (f(x) - f(x + step) + δ) / (predicted + δ), δ = 100·eps·|f(x)| (the guard of
   Conn, Gould & Toint, Trust-Region Methods, §17.4.2, against rounding when both
   reductions are at noise level; relative to f, not to max(1, |f|), and 100 eps
   rather than their 10: on NIST's Hahn1 the rounding of f = ½Σ(y - m)² was 17 times
   10·eps·|f|, and newton-tr collapsed on ratios of noise). ρ = -∞ when the callback
   refused the point or produced a non-finite value, when the step moves x by nothing
   (a zero step is never accepted), or when the model's prediction is not a number.
   Returns 0, or -1 when the evaluation ended the solve (abort, evaluation limit). */
static int trial(hesse_solver *s, const double *step, double predicted, double *rho)
{
    int n = s->n, moved = 0;
    for (int i = 0; i < n; i++) {
        s->xt[i] = s->x[i] + step[i];
        moved |= s->xt[i] != s->x[i];
    }
    *rho = -INFINITY;
    if (!moved || isnan(predicted)) return 0;
    int rc = hesse__eval_fg(&s->ev, s->xt, &s->ft, s->gt);
    if (rc == HESSE__EVAL_STOP) return -1;
    if (rc != HESSE__EVAL_OK) return 0;
    double guard = 100.0 * DBL_EPSILON * fabs(s->f);
    *rho = (s->f - s->ft + guard) / (predicted + guard);
    if (isnan(*rho)) *rho = -INFINITY;
    return 0;
}

/* The radius rule (file comment), with step_norm = ‖step‖ (scaled); the trial point is to be
   accepted when ρ > eta_accept. Fills s->rec.radius and s->rec.rho. */
static hesse__step update(hesse_solver *s, double *radius, double rho, double step_norm)
{
    const hesse_options *o = &s->opt;
    if (rho < o->eta_shrink)
        *radius = o->shrink * step_norm;
    else if (rho > o->eta_grow && step_norm >= 0.99 * *radius)
        *radius = fmin(o->grow * *radius, o->radius_max);
    s->rec.radius = *radius;
    s->rec.rho = rho;
    return rho > o->eta_accept ? HESSE__STEP_ACCEPT : HESSE__STEP_REJECT;
}

hesse__step hesse__tr_try(hesse_solver *s, double *radius, double predicted)
{
    double rho;
    if (trial(s, s->d, predicted, &rho) < 0) return HESSE__STEP_STOP;
    return update(s, radius, rho, hesse__tr_norm(s, s->d));
}

double hesse__tr_norm(const hesse_solver *s, const double *step)
{
    double big = 0.0, sum = 0.0;
    for (int i = 0; i < s->n; i++) {
        double z = fabs(step[i] / s->dscale[i]);
        if (z > big) {
            sum *= (big / z) * (big / z);
            big = z;
        }
        if (big > 0.0) sum += (z / big) * (z / big);
    }
    return big * sqrt(sum);
}

void hesse__tr_scale(const hesse_solver *s, const double *v, double *z)
{
    for (int i = 0; i < s->n; i++) z[i] = s->dscale[i] * v[i];
}

hesse_status hesse__tr_exact_init(hesse_solver *s, hesse__tr_exact *w)
{
    int n = s->n;
    hesse__smallest_eigenpair_workspace(n, &w->lwork, &w->liwork);
    size_t nn = (size_t)n * n;
    w->factor = hesse__workspace(s, nn + 4 * (size_t)n + (size_t)w->lwork, sizeof(double));
    w->iwork = hesse__workspace(s, (size_t)w->liwork, sizeof(int));
    if (!w->factor || !w->iwork)
        return hesse__fail(&s->ev, HESSE_ENOMEM,
                           "out of memory allocating the trust-region subproblem workspace (n = %d)", n);
    w->evec = w->factor + nn;
    w->q = w->evec + n;
    w->bp = w->q + n;
    w->eig = w->bp + n;
    w->work = w->eig + n;
    return HESSE_SUCCESS;
}

hesse_status hesse__tr_smallest_eigenpair(hesse_solver *s, hesse__tr_exact *w, const double *B,
                                          double *lambda_min)
{
    int n = s->n;
    memcpy(w->factor, B, (size_t)n * n * sizeof(double));
    int info = hesse__smallest_eigenpair(n, w->factor, w->eig, w->evec, w->work, w->lwork,
                                         w->iwork, w->liwork);
    if (info != 0)
        return hesse__fail(&s->ev, HESSE_ELAPACK, "dsyevr (smallest eigenpair) failed with info = %d",
                           info);
    *lambda_min = w->eig[0];
    return HESSE_SUCCESS;
}

/* Cholesky of B + λI into w->factor; 1 on success, 0 if not positive definite, -1 on
   a LAPACK argument error. */
static int shifted_cholesky(int n, hesse__tr_exact *w, const double *B, double lambda)
{
    memcpy(w->factor, B, (size_t)n * n * sizeof(double));
    for (int i = 0; i < n; i++) w->factor[i + (size_t)i * n] += lambda;
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, w->factor, n);
    return info == 0 ? 1 : (info > 0 ? 0 : -1);
}

hesse_status hesse__tr_solve_exact(hesse_solver *s, hesse__tr_exact *w, const double *B,
                                   const double *g, double radius, double *p,
                                   double *predicted, double *lambda_out,
                                   int *negative_curvature)
{
    int n = s->n;
    double scale = 0.0;
    for (size_t k = 0; k < (size_t)n * n; k++) scale = fmax(scale, fabs(B[k]));
    double delta = sqrt(DBL_EPSILON) * fmax(scale, DBL_MIN);
    double gnorm = hesse__norm2(n, g);
    double lambda = 0.0, lo = 0.0, hi = gnorm / radius, lambda1 = NAN, pnorm = 0.0;
    int eigen_known = 0, at_floor = 0;
    const double tol = 0.01; /* |‖p‖ - Δ| <= tol·Δ ends the iteration */

    for (int it = 0; it < 100; it++) {
        int ok = shifted_cholesky(n, w, B, lambda);
        if (ok < 0) return hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrf rejected its arguments");
        if (!ok) {
            if (!eigen_known) {
                hesse_status st = hesse__tr_smallest_eigenpair(s, w, B, &lambda1);
                if (st != HESSE_SUCCESS) return st;
                eigen_known = 1;
                lo = fmax(0.0, -lambda1);
                lambda = lo + delta;
            } else {
                /* Rounding: B + λI is not numerically positive definite yet. */
                lo = lambda;
                delta *= 10.0;
                lambda = lo + delta;
            }
            hi = fmax(gnorm / radius - lambda1, lambda); /* ‖p(λ)‖ <= ‖g‖/(λ + λ₁) */
            at_floor = 1;
            continue;
        }
        for (int i = 0; i < n; i++) p[i] = -g[i];
        lapack_int info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, w->factor, n, p, n);
        if (info != 0) return hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrs failed with info = %d", (int)info);
        pnorm = hesse__norm2(n, p);
        if (lambda == 0.0 && pnorm <= radius) break;         /* interior Newton step */
        if (fabs(pnorm - radius) <= tol * radius) break;     /* on the boundary */
        if (pnorm < radius) {
            if (at_floor) {
                if (eigen_known && lambda1 < 0.0) {
                    /* Hard case: p + τv, ‖p + τv‖ = Δ, the root with the lower model. */
                    double pv = hesse__dot(n, p, w->evec);
                    double root = sqrt(pv * pv + radius * radius - pnorm * pnorm);
                    double t1 = -pv + root, t2 = -pv - root;
                    double m1 = -lambda * t1 * pv + 0.5 * t1 * t1 * lambda1;
                    double m2 = -lambda * t2 * pv + 0.5 * t2 * t2 * lambda1;
                    double tau = m2 < m1 ? t2 : t1;
                    for (int i = 0; i < n; i++) p[i] += tau * w->evec[i];
                }
                break; /* else B is singular psd and p(λ_lo + δ) lies inside */
            }
            hi = lambda;
        } else {
            lo = lambda;
        }
        at_floor = 0;
        /* Newton step on φ(λ) = 1/Δ - 1/‖p(λ)‖: Lq = p. */
        memcpy(w->q, p, (size_t)n * sizeof(double));
        info = LAPACKE_dtrtrs_work(LAPACK_COL_MAJOR, 'L', 'N', 'N', n, 1, w->factor, n, w->q, n);
        if (info != 0) return hesse__fail(&s->ev, HESSE_ELAPACK, "dtrtrs failed with info = %d", (int)info);
        double qnorm = hesse__norm2(n, w->q);
        double next = lambda + (pnorm / qnorm) * (pnorm / qnorm) * (pnorm - radius) / radius;
        if (!(next > lo && next < hi)) next = fmax(sqrt(lo * hi), lo + 0.01 * (hi - lo));
        lambda = next;
    }
    /* The iteration limit is a safety net: a step left outside the region is pulled
       back onto its boundary (still a descent step for the model: p = -(B + λI)⁻¹g). */
    if (pnorm > (1.0 + tol) * radius)
        for (int i = 0; i < n; i++) p[i] *= radius / pnorm;
    /* m(p) = gᵀp + ½ pᵀBp */
    cblas_dsymv(CblasColMajor, CblasLower, n, 1.0, B, n, p, 1, 0.0, w->bp, 1);
    *predicted = -(hesse__dot(n, g, p) + 0.5 * hesse__dot(n, p, w->bp));
    *lambda_out = lambda;
    *negative_curvature = eigen_known && lambda1 < 0.0;
    return HESSE_SUCCESS;
}

double hesse__first_step(const hesse_solver *s, const double *d)
{
    double a = 1.0 / hesse__tr_norm(s, d);
    return isfinite(a) && a > 0.0 ? a : 1.0;
}
