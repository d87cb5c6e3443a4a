/*
 * Trust-region pieces shared by newton-tr, newton-cg and sr1: the trial step and its
 * ratio ρ, the radius rule of hesse.h, the exact subproblem solver, and a probe for
 * negative curvature at a stationary point.
 *
 * Radius rule (hesse.h, options radius_init ... grow), ‖s‖ Euclidean:
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
 * δ = sqrt(eps)·max(1, max|B_ij|) keeps B + λI numerically positive definite.
 * Cost: one Cholesky when the Newton step is interior; else a few (typically 2-6)
 * Cholesky factorizations plus one eigenpair when B is indefinite.
 *
 * Curvature probe: conjugate gradients on ∇²f z = b, b a fixed pseudo-random vector
 * (a xorshift sequence with a fixed seed, so runs are reproducible). CG is the Lanczos
 * process in disguise: dⱼᵀ∇²f dⱼ are the pivots of the LDLᵀ of the Lanczos
 * tridiagonal, so a non-positive pivot shows negative curvature in the Krylov space
 * and dⱼ is a direction of negative curvature. Limits: it finds negative curvature
 * only when the Krylov space of b reaches it within max_iter products (b has a
 * component along every eigenvector with probability one, but a small negative
 * eigenvalue in a wide spectrum may need many iterations), and its threshold is
 * inertia_rtol · max(1, max |curvature seen|) for exact products, 1e-6 · max(...)
 * for finite-difference products (their error is about sqrt(eps) relative).
 */
#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
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
   ρ = (f(x) - f(x + step) + δ) / (predicted + δ), δ = 10·eps·max(1, |f(x)|) (the guard
   of Conn, Gould & Toint, Trust-Region Methods, §17.4.2, against rounding when both
   reductions are at noise level); ρ = -∞ when the callback refused the point or
   produced a non-finite value. Returns 0, or -1 when the evaluation ended the solve
   (abort, evaluation limit). */
static int trial(hesse_solver *s, const double *step, double predicted, double *rho)
{
    int n = s->n;
    for (int i = 0; i < n; i++) s->xt[i] = s->x[i] + step[i];
    *rho = -INFINITY;
    int rc = hesse__eval_fg(&s->ev, s->xt, &s->ft, s->gt);
    if (rc == HESSE__EVAL_STOP) return -1;
    if (rc != HESSE__EVAL_OK) return 0;
    double guard = 10.0 * DBL_EPSILON * fmax(1.0, fabs(s->f));
    *rho = (s->f - s->ft + guard) / (predicted + guard);
    return 0;
}

/* The radius rule (file comment), with step_norm = ‖step‖₂; the trial point is to be
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
    return update(s, radius, rho, hesse__norm2(s->n, s->d));
}

double hesse__tr_saddle_step(hesse_solver *s, const double *direction, double curvature,
                             double radius)
{
    int n = s->n;
    double sign = hesse__dot(n, s->g, direction) > 0.0 ? -1.0 : 1.0;
    for (int i = 0; i < n; i++) s->d[i] = sign * radius * direction[i];
    return -(hesse__dot(n, s->g, s->d) + 0.5 * curvature * radius * radius);
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
    double delta = sqrt(DBL_EPSILON) * fmax(1.0, scale);
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

/* xorshift64: a fixed, reproducible pseudo-random sequence in [-0.5, 0.5). */
static double next_uniform(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (double)(x >> 11) * 0x1.0p-53 - 0.5;
}

int hesse__tr_curvature_probe(hesse_solver *s, hesse__hessvec_op hv, void *ctx, int max_iter,
                              int exact, double *work, double *direction, double *curvature)
{
    int n = s->n;
    double *r = work, *d = work + n, *bd = work + 2 * (size_t)n;
    uint64_t seed = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < n; i++) r[i] = next_uniform(&seed);
    memcpy(d, r, (size_t)n * sizeof *d);
    double rr = hesse__dot(n, r, r), rr0 = rr, largest = 0.0;
    const double rtol = exact ? s->opt.inertia_rtol : fmax(s->opt.inertia_rtol, 1e-6);
    for (int j = 0; j < max_iter; j++) {
        if (hv(s, ctx, d, bd) != HESSE__EVAL_OK) return -1;
        double dd = hesse__dot(n, d, d), dbd = hesse__dot(n, d, bd);
        double kappa = dbd / dd; /* Rayleigh quotient of d */
        largest = fmax(largest, fabs(kappa));
        if (hesse__zero_sign(kappa, rtol * fmax(1.0, largest)) < 0) {
            double dn = sqrt(dd);
            for (int i = 0; i < n; i++) direction[i] = d[i] / dn;
            *curvature = kappa;
            return 1;
        }
        if (dbd == 0.0) return 0;
        /* CG on ∇²f z = b: r <- r - α ∇²f d, d <- r + β d. */
        double alpha = rr / dbd;
        for (int i = 0; i < n; i++) r[i] -= alpha * bd[i];
        double rr_next = hesse__dot(n, r, r);
        if (rr_next <= DBL_EPSILON * DBL_EPSILON * rr0) return 0; /* solved: no more directions */
        double beta = rr_next / rr;
        rr = rr_next;
        for (int i = 0; i < n; i++) d[i] = r[i] + beta * d[i];
    }
    return 0;
}
