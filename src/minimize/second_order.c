/*
 * What ∇²f says at the current point, for the driver: the certificate of a candidate
 * end point, the step off a saddle or a degenerate point, and the classification of
 * the end point (hesse.h, "What the classification means" and "Saddles").
 *
 * Certificate. A method whose model only approximates ∇²f (quasi-Newton, gradient
 * descent) proposes a point whose model step is small; the driver then forms ∇²f(x)
 * (the callback, or differences of the gradient with their error bounds), and
 *   - a negative eigenvalue by the error rule (src/linalg) -> the point is a saddle or a
 *     maximum: the next iteration steps along its eigenvector (escape);
 *   - otherwise the Newton step of ∇²f (Cholesky of the equilibrated S∇²fS, shifted by
 *     the zero threshold η where an eigenvalue is zero) must pass the same test
 *     (stop.c); at a degenerate point (a zero eigenvalue) f is also probed along the
 *     null direction, since second derivatives cannot tell x³ from x⁴.
 * The Hessian formed here is the end point's: the classification uses it again, so a
 * point certified costs no second Hessian. Its evaluations count in the solve's
 * counters (they decide whether the solve ends).
 *
 * Escape. Along d = ±S v (v the unit eigenvector of the smallest eigenvalue μ of the
 * equilibrated matrix, so dᵀ∇²f d = μ < 0, sign making ∇fᵀd <= 0), a backtracking line
 * search with the curvature term from a step of one typical size
 * (α0 = 1 / max_i |d_i|/xs_i); along a probe direction, from the probe's own step; at
 * a stall where ∇²f is positive definite and promises a decrease above f's noise,
 * along its Newton step from α = 1 (stop.c, hesse__stall_check). The method's
 * curvature memory is then reset and a trust region starts again from radius_init
 * (its restart hook).
 *
 * Probe. From x, at t·d with t = ±τ, ±10⁻²τ and ±10⁻⁴τ, τ = 1 / max_i |d_i|/xs_i (one
 * typical size along d): a value below f(x) - max(10σ, 10·eps·|f(x)|, eps·|f(x0) - f(x)|),
 * σ the noise of f measured along d (hesse__f_noise), shows a decrease the quadratic
 * model misses. Fourteen evaluations at most.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "minimize/minimize_internal.h"

int hesse__classifiable(const hesse_solver *s) { return s->hess != NULL; }

int hesse__will_classify(const hesse_solver *s)
{
    if (!s->hess || s->opt.classify == HESSE_CLASSIFY_NEVER) return 0;
    return s->opt.classify == HESSE_CLASSIFY_ALWAYS || s->n <= s->opt.classify_max_n;
}

static int hessian_at_x(hesse_solver *s)
{
    if (s->hess_at_x) return HESSE__EVAL_OK;
    int rc = hesse__eval_hessian_err(&s->ev, s->x, s->g, s->hess, s->hess_err);
    if (rc != HESSE__EVAL_OK) return rc;
    s->hess_at_x = 1;
    s->inertia_at_x = 0;
    return HESSE__EVAL_OK;
}

const double *hesse__hessian_at_x(hesse_solver *s)
{
    return hessian_at_x(s) == HESSE__EVAL_OK ? s->hess : NULL;
}

int hesse__inertia_at_x(hesse_solver *s)
{
    if (s->inertia_at_x) return HESSE__EVAL_OK;
    int rc = hessian_at_x(s);
    if (rc != HESSE__EVAL_OK) return rc;
    char msg[HESSE__MESSAGE_SIZE];
    hesse_status st = hesse__sym_inertia(&s->cls, s->n, s->hess, s->n, s->hess_err,
                                         s->opt.inertia_rtol, &s->inertia, msg);
    if (st != HESSE_SUCCESS) {
        hesse__fail(&s->ev, st, "classifying the Hessian at iteration %d: %s", s->iter, msg);
        return HESSE__EVAL_STOP;
    }
    s->inertia_at_x = 1;
    return HESSE__EVAL_OK;
}

/* B = S ∇²f S (lower triangle) into s->cls.a, S = s->cls.s from the inertia. */
static void scaled_hessian(hesse_solver *s, double shift)
{
    int n = s->n;
    const double *sc = s->cls.s;
    for (int j = 0; j < n; j++) {
        for (int i = j; i < n; i++)
            s->cls.a[i + (size_t)j * n] = sc[i] * s->hess[i + (size_t)j * n] * sc[j];
        s->cls.a[j + (size_t)j * n] += shift;
    }
}

/* The unit eigenvector v of the smallest eigenvalue of B into dir as S v: a direction
   with curvature dirᵀ∇²f dir = μ_min. 0 or the LAPACK info. */
static int smallest_direction(hesse_solver *s)
{
    int n = s->n;
    scaled_hessian(s, 0.0);
    int info = hesse__smallest_eigenpair(n, s->cls.a, s->cls.w, s->dir, s->cls.work,
                                         s->cls.lwork, s->cls.iwork, s->cls.liwork);
    if (info != 0) return info;
    for (int i = 0; i < n; i++) s->dir[i] *= s->cls.s[i];
    s->dir_curv = s->cls.w[0];
    return 0;
}

/* One typical size along d: 1 / max_i |d_i| / xs_i. */
static double typical_length(const hesse_solver *s, const double *d)
{
    double r = hesse__relative_size(s, d);
    return r > 0.0 && isfinite(r) ? 1.0 / r : 0.0;
}

int hesse__probe_degenerate(hesse_solver *s)
{
    int n = s->n;
    double tau = typical_length(s, s->dir);
    if (!(tau > 0.0)) return 0;
    /* A decrease counts when it is beyond f's measured noise (a sum of many terms is
       noisier than eps·|f|: on COSINE the noise of f = -99 made probes "decrease"). */
    double noise = hesse__f_noise(s, s->dir);
    if (noise < 0.0) return -1;
    /* ... and beyond rounding relative to f and to the decrease made since x0: a gain
       of 1e-27 at f = 1e-27 after f fell from 947 (VAREIGVL) is no reason to go on. */
    double floor = s->f - fmax(fmax(10.0 * noise, 10.0 * DBL_EPSILON * fabs(s->f)),
                               DBL_EPSILON * fabs(s->f0 - s->f));
    static const double scales[] = {1.0, -1.0, 1e-2, -1e-2, 1e-4, -1e-4};
    for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++) {
        double t = scales[k] * tau;
        for (int i = 0; i < n; i++) s->xt[i] = s->x[i] + t * s->dir[i];
        double ft;
        int rc = hesse__eval_fg(&s->ev, s->xt, &ft, NULL);
        if (rc == HESSE__EVAL_STOP) return -1;
        if (rc == HESSE__EVAL_OK && ft < floor) {
            s->escape = 1;
            s->dir_alpha = t;
            return 1;
        }
    }
    return 0;
}

/* A negative or zero eigenvalue at a stationary point: f is probed along the
   eigenvector of μ_min; a decrease beyond its noise is followed (s->escape, 0). None:
   the curvature there is not negative after all (a negative μ that no probe confirms
   is of the size of the Hessian's change over the distance left to the stationary
   point: COSINE's minimum showed μ = -5e-10), and the point is accepted as degenerate
   (1). -1 terminal. */
static int follow_curvature(hesse_solver *s)
{
    int info = smallest_direction(s);
    if (info != 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dsyevr (smallest eigenpair) returned info = %d", info);
        return -1;
    }
    s->dir_curv = fmin(s->dir_curv, 0.0);
    int p = hesse__probe_degenerate(s);
    if (p != 0) return p < 0 ? -1 : 0;
    if (s->inertia.nneg > 0) {
        s->inertia.nzero += s->inertia.nneg;
        s->inertia.nneg = 0;
        s->inertia.eta = fmax(s->inertia.eta, -s->inertia.mu_min);
    }
    s->degenerate_limit = 1;
    return 1;
}

double hesse__f_noise(hesse_solver *s, const double *dir)
{
    /* Moré & Wild, "Estimating computational noise", SIAM J. Sci. Comput. 33 (2011),
       1292–1314 (their ECnoise, simplified): f at x + (j - m)·h·p, j = 0..2m, m = 4,
       p one typical size along the model step (or the gradient), h = 1e-6 (small
       enough that the third to sixth differences of a smooth f are far below its
       rounding, large enough that the points differ); the k-th differences Δ^k f of
       noise of level σ have mean square σ²(2k)!/(k!)², so
           σ_k = sqrt(γ_k · mean_j (Δ^k f_j)²),  γ_k = (k!)² / (2k)!,
       and σ = min_{k=3..6} σ_k (the smallest estimate: a smooth part left in a
       difference only raises it). 8 evaluations; NaN when one is refused or not finite
       (the noise is then unknown). */
    enum { M = 4, NPTS = 2 * M + 1 };
    int n = s->n;
    const double *p = dir;
    if (!(hesse__relative_size(s, p) > 0.0) || !isfinite(hesse__relative_size(s, p))) p = s->g;
    double len = hesse__relative_size(s, p);
    if (!(len > 0.0) || !isfinite(len)) return 0.0;
    double h = 1e-6 / len, fv[NPTS];
    for (int j = 0; j < NPTS; j++) {
        if (j == M) {
            fv[j] = s->f;
            continue;
        }
        for (int i = 0; i < n; i++) s->xt[i] = s->x[i] + (j - M) * h * p[i];
        int rc = hesse__eval_fg(&s->ev, s->xt, &fv[j], NULL);
        if (rc == HESSE__EVAL_STOP) return -1.0;
        if (rc != HESSE__EVAL_OK) return NAN;
    }
    double sigma = INFINITY, gamma = 1.0;
    for (int k = 1; k <= 6; k++) {
        for (int j = 0; j < NPTS - k; j++) fv[j] = fv[j + 1] - fv[j];
        gamma *= (double)k / (double)(2 * k - 1) * (double)k / (double)(2 * k); /* (k!)²/(2k)! */
        if (k < 3) continue;
        double mean = 0.0;
        for (int j = 0; j < NPTS - k; j++) mean += fv[j] * fv[j];
        mean /= NPTS - k;
        double sk = sqrt(gamma * mean);
        if (sk < sigma) sigma = sk;
    }
    return isfinite(sigma) ? sigma : 0.0;
}

/* The curvature at the stationary point that x approximates, with x + step the Newton
   step toward it: the inertia of ∇²f(x) by the error rule, its threshold widened by how
   much ∇²f changes over the step. For the eigenvalue μ_k of B = S∇²f(x)S nearest zero
   (the one whose sign is in doubt) and its unit eigenvector v, d = S v:
       δ = |dᵀ∇²f(x + step) d - μ_k|,   η' = η + 3δ
   (one Hessian-vector product at x + step: the hessvec callback, the Hessian callback,
   or two gradients). Near a nondegenerate point δ is of the size of the step; where the
   curvature vanishes at the limit it is of the size of μ_k itself: x³ near 0 (the
   curvature halves with each Newton step), a ring of minima approached off the ring
   (the curvature along the ring is that of the distance to it), a quartic minimum. The
   eigenvalues η' covers count as zero: the point is degenerate, and f is probed.
   1 accept, 0 with s->escape (a saddle, or a decrease along a null direction), -1. */
static int decide(hesse_solver *s, const double *step)
{
    int n = s->n;
    if (hesse__inertia_at_x(s) != HESSE__EVAL_OK) return -1;
    double rel = hesse__relative_size(s, step);
    if (rel > 0.0 && isfinite(rel)) {
        /* The eigenvalues of B (cls.w) are kept in xlo, free between iterations. */
        double *mu = s->xlo;
        memcpy(mu, s->cls.w, (size_t)n * sizeof *mu);
        int k = 0;
        for (int i = 1; i < n; i++)
            if (fabs(mu[i]) < fabs(mu[k])) k = i;
        scaled_hessian(s, 0.0);
        if (hesse__eigenpair_at(n, s->cls.a, k, s->cls.w, s->dir, s->cls.work, s->cls.lwork,
                                s->cls.iwork, s->cls.liwork) == 0) {
            for (int i = 0; i < n; i++) s->dir[i] *= s->cls.s[i];
            for (int i = 0; i < n; i++) s->xt[i] = s->x[i] + step[i];
            int rc = hesse__eval_curvature_trial(&s->ev, s->xt, s->dir, s->gt, s->cls.a,
                                                 s->glo);
            if (rc == HESSE__EVAL_STOP) return -1;
            if (rc == HESSE__EVAL_OK) {
                double delta = fabs(hesse__dot(n, s->dir, s->gt) - mu[k]);
                double eta = s->inertia.eta + 3.0 * delta;
                int nzero = s->inertia.nzero;
                hesse__inertia(n, mu, eta, &s->inertia.npos, &s->inertia.nneg,
                               &s->inertia.nzero);
                s->inertia.eta = eta;
                if (s->inertia.nzero > nzero) s->degenerate_limit = 1;
            }
        }
    }
    if (s->inertia.nneg > 0 || s->inertia.nzero > 0) return follow_curvature(s);
    return 1;
}

int hesse__decide(hesse_solver *s)
{
    if (!s->hess || !s->opt.curvature_check) return 1;
    return decide(s, s->ms);
}

int hesse__certify(hesse_solver *s, double floor)
{
    if (!s->hess || !s->opt.curvature_check) return 1;
    int n = s->n;
    if (hesse__inertia_at_x(s) != HESSE__EVAL_OK) return -1;
    const hesse__inertia_info *in = &s->inertia;
    /* The Newton step of the equilibrated matrix, shifted to positive definite where
       it is not (by η past its smallest eigenvalue; more when rounding still defeats
       Cholesky): its size says how near the stationary point is, whatever the
       curvature there, which decide() then reads. */
    double shift = in->mu_min > in->eta ? 0.0 : in->eta - fmin(in->mu_min, 0.0) + in->eta;
    for (int attempt = 0;; attempt++) {
        scaled_hessian(s, shift);
        lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, s->cls.a, n);
        if (info == 0) break;
        if (info < 0 || attempt == 8) return 0;
        shift = shift > 0.0 ? 10.0 * shift : fmax(in->eta, DBL_MIN);
    }
    for (int i = 0; i < n; i++) s->ms[i] = -s->cls.s[i] * s->g[i];
    if (LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, s->cls.a, n, s->ms, n) != 0) return 0;
    for (int i = 0; i < n; i++) s->ms[i] *= s->cls.s[i];
    if (!hesse__step_converged(s, s->ms, floor, &s->rel, &s->pred)) return 0;
    return decide(s, s->ms);
}

hesse__step hesse__escape_step(hesse_solver *s)
{
    int n = s->n;
    double curvature = s->dir_curv, alpha0;
    if (isnan(s->dir_alpha)) {
        /* Negative curvature: downhill sign, one typical size. */
        double sign = hesse__dot(n, s->g, s->dir) > 0.0 ? -1.0 : 1.0;
        for (int i = 0; i < n; i++) s->d[i] = sign * s->dir[i];
        alpha0 = typical_length(s, s->d);
    } else {
        /* A probe's decrease: from the probe's step. */
        double sign = s->dir_alpha < 0.0 ? -1.0 : 1.0;
        for (int i = 0; i < n; i++) s->d[i] = sign * s->dir[i];
        alpha0 = fabs(s->dir_alpha);
    }
    /* A Newton step (escape 2 at a stall, 3 after a certificate) is no escape. */
    if (s->escape == 1) {
        s->rec.negative_curvature = 1;
        s->rec.lambda_min = curvature;
    }
    double dg = hesse__dot(n, s->g, s->d);
    int rc = hesse__linesearch_with(s, HESSE_LINESEARCH_ARMIJO, fmin(dg, 0.0), curvature, alpha0);
    if (rc != HESSE__LS_OK) return HESSE__STEP_STOP;
    if (s->escape == 3)
        s->polished = 1; /* the method's memory stays: the step refines its own result */
    else if (s->method->restart)
        s->method->restart(s, s->state);
    s->cert_next = 0.0;
    return HESSE__STEP_ACCEPT;
}

void hesse__classify_end(hesse_solver *s, hesse_result *r)
{
    int stationary = s->ev.status >= 0 && s->stationary;
    if (s->ev.status >= 0 && !stationary) r->point = HESSE_POINT_NOT_STATIONARY;
    if (s->ev.status < 0 || !hesse__will_classify(s)) return;
    int n = s->n;
    hesse__eval_classifying(&s->ev);
    if (hesse__inertia_at_x(s) != HESSE__EVAL_OK) return;
    r->npos = s->inertia.npos;
    r->nneg = s->inertia.nneg;
    r->nzero = s->inertia.nzero;
    /* λ_min, λ_max of ∇²f itself (those of S∇²fS decide the inertia). */
    if (hesse__sym_eigenvalues(&s->cls, n, s->hess, n, s->cls.w, NULL) == HESSE_SUCCESS) {
        r->lambda_min = s->cls.w[0];
        r->lambda_max = s->cls.w[n - 1];
    }
    r->point = hesse__point_kind(stationary, hesse_definiteness_from_inertia(r->npos, r->nneg,
                                                                               r->nzero));
    if (r->point == HESSE_POINT_MINIMUM && s->degenerate_limit) r->point = HESSE_POINT_DEGENERATE;
}
