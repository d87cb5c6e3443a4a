/*
 * "lm": Levenberg–Marquardt with Moré's scaled trust region.
 *
 * J. J. Moré, "The Levenberg–Marquardt algorithm: implementation and theory", in G. A.
 * Watson (ed.), Numerical Analysis, Lecture Notes in Mathematics 630, Springer 1978,
 * 105–116 — the design of MINPACK's lmder (Moré, Garbow & Hillstrom, 1980).
 *
 * In the scaled variables z = D p (D from the driver: the largest column norms of J so
 * far), the trust region is the ball ‖z‖ <= Δ and the step minimizes the Gauss–Newton
 * model ‖ρ + J D⁻¹ z‖². The driver's QR with column pivoting J D⁻¹ Π = Q R gives
 *   Gauss–Newton:  R z = -Qᵀρ (the basic solution on the numerical rank);
 *   damped:        min ‖[R; sqrt(λ) I] z + [Qᵀρ; 0]‖  (LAPACK dgels, see the driver).
 * λ solves φ(λ) = ‖z(λ)‖ − Δ = 0 to within 0.1Δ by Moré's iteration (§5 of the paper):
 * Newton's method on 1/‖z(λ)‖, λ+ = λ + (φ/Δ)/‖q‖² with q = R_λ⁻ᵀ z/‖z‖, kept in the
 * bracket [l, u] (l = -φ(0)/φ'(0) when R is nonsingular, u = ‖Rᵀ Qᵀρ‖/Δ), at most 10
 * solves. The reduction ratio uses the cancellation-free forms of Moré's §4:
 *   actual    = 1 − (‖ρ(x + p)‖ / ‖ρ‖)²,
 *   predicted = (‖R z‖² + 2λ‖z‖²) / ‖ρ‖²,
 * and the radius update of hesse.h (section 5, "lm").
 * Invariants: Δ > 0; λ is the multiplier of the last trial (the next search starts
 * from it). Cost per iteration: up to 10 dgels on 2n×n (O(n³) each) and one residual
 * evaluation; the O(mn²) QR is the driver's, once per accepted point.
 * Deviations from lmder: see hesse.h.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>

#include "lsq/lsq_internal.h"

typedef struct {
    double radius;  /* Δ */
    double lambda;  /* λ of the last trial */
} lm_state;

/* ‖D v‖ for v in x units. */
static double scaled_norm(const hesse_lsq_solver *s, const double *v, int use_xs)
{
    double sum = 0.0;
    for (int i = 0; i < s->n; i++) {
        double t = s->d[i] * (use_xs ? hesse__lsq_xs(s, i) : v[i]);
        sum += t * t;
    }
    return sqrt(sum);
}

static hesse_status lm_init(hesse_lsq_solver *s, void *state)
{
    lm_state *st = state;
    double size = 0.0;
    for (int i = 0; i < s->n; i++) size += (s->d[i] * s->typx[i]) * (s->d[i] * s->typx[i]);
    st->radius = s->opt.radius_factor * sqrt(size);
    if (!(st->radius > 0.0) || !isfinite(st->radius)) st->radius = s->opt.radius_factor;
    st->lambda = 0.0;
    return HESSE_SUCCESS;
}

/* The step z (permuted scaled variables, in s->w) for radius Δ, and its λ. 0, or the
   LAPACK info. */
static int lm_parameter(hesse_lsq_solver *s, double radius, double *lambda)
{
    int n = s->n, k = s->rank, mr = s->mr;
    double *z = s->w, *q = s->v;
    /* Gauss–Newton step (λ = 0). */
    for (int j = 0; j < n; j++) z[j] = j < k ? -s->qtr[j] : 0.0;
    if (k > 0 && LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'N', 'N', k, 1, s->A, mr, z, n) != 0) return -1;
    double znorm = hesse__norm2(n, z);
    double phi = znorm - radius;
    if (phi <= 0.1 * radius) {
        *lambda = 0.0;
        return 0;
    }
    /* Lower bound: a Newton step on φ from λ = 0, when R is nonsingular. */
    double lo = 0.0;
    if (k == n) {
        for (int j = 0; j < n; j++) q[j] = z[j] / znorm;
        if (LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'T', 'N', n, 1, s->A, mr, q, n) != 0) return -1;
        double qq = hesse__dot(n, q, q);
        lo = (phi / radius) / qq;
    }
    /* Upper bound: ‖(J D⁻¹)ᵀρ‖ / Δ = ‖Rᵀ Qᵀρ‖ / Δ. */
    double gsum = 0.0;
    for (int j = 0; j < n; j++) {
        double t = 0.0;
        for (int i = 0; i <= j; i++) t += s->A[i + (size_t)j * mr] * s->qtr[i];
        gsum += t * t;
    }
    double gnorm = sqrt(gsum);
    double hi = gnorm / radius;
    if (hi == 0.0) hi = DBL_MIN / fmin(radius, 0.1);
    double lam = fmin(fmax(*lambda, lo), hi);
    if (lam == 0.0) lam = gnorm / znorm;
    for (int it = 1; it <= 10; it++) {
        if (lam == 0.0) lam = fmax(DBL_MIN, 1e-3 * hi);
        int info = hesse__lsq_damped(s, lam, z, q);
        if (info != 0) return info;
        znorm = hesse__norm2(n, z);
        double previous = phi;
        phi = znorm - radius;
        if (fabs(phi) <= 0.1 * radius || (lo == 0.0 && phi <= previous && previous < 0.0) || it == 10) break;
        double correction = (phi / radius) / hesse__dot(n, q, q);
        if (phi > 0.0) lo = fmax(lo, lam);
        if (phi < 0.0) hi = fmin(hi, lam);
        lam = fmax(lo, lam + correction);
    }
    *lambda = lam;
    return 0;
}

static hesse__lsq_step lm_iterate(hesse_lsq_solver *s, void *state)
{
    lm_state *st = state;
    int n = s->n, mr = s->mr;
    /* A radius at the rounding level of x: Δ <= eps·‖D xs‖ */
    if (st->radius <= DBL_EPSILON * scaled_norm(s, NULL, 1)) {
        hesse__fail(&s->ev, HESSE_TR_COLLAPSED, "trust region collapsed: radius %.3g <= eps ||D xs|| at iteration %d",
                    st->radius, s->iter);
        return HESSE__LSQ_STALL;
    }
    double lambda = st->lambda;
    int info = lm_parameter(s, st->radius, &lambda);
    if (info != 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "the damped least-squares solve (dgels/dtrtrs) returned info = %d at "
                    "iteration %d", info, s->iter);
        return HESSE__LSQ_STOP;
    }
    const double *z = s->w;
    double znorm = hesse__norm2(n, z);
    hesse__lsq_unscale(s, z, s->step);
    for (int i = 0; i < n; i++) s->xt[i] = s->x[i] + s->step[i];
    /* On the first iteration the radius is at most the first step (lmder). */
    if (s->iter == 0) st->radius = fmin(st->radius, znorm);
    int rc = hesse__lsq_trial(s);
    if (rc == HESSE__EVAL_STOP) return HESSE__LSQ_STOP;
    /* Predicted and actual reductions of ‖ρ‖², relative to ‖ρ‖². */
    double rnorm = sqrt(2.0 * s->f);
    double rz = 0.0;
    for (int i = 0; i < n; i++) {
        double t = 0.0;
        for (int j = i; j < n; j++) t += s->A[i + (size_t)j * mr] * z[j];
        rz += t * t;
    }
    double t1 = rnorm > 0.0 ? sqrt(rz) / rnorm : 0.0;
    double t2 = rnorm > 0.0 ? sqrt(lambda) * znorm / rnorm : 0.0;
    double predicted = t1 * t1 + 2.0 * t2 * t2;
    double dirder = -(t1 * t1 + t2 * t2);
    double tnorm = rc == HESSE__EVAL_OK ? sqrt(2.0 * s->ft) : INFINITY;
    double actual = 0.1 * tnorm < rnorm ? 1.0 - (tnorm / rnorm) * (tnorm / rnorm) : -1.0;
    double ratio = predicted > 0.0 ? actual / predicted : (actual >= 0.0 && rc == HESSE__EVAL_OK ? 1.0 : -1.0);
    s->rec_lm_param = lambda;
    s->rec_rho = ratio;
    if (ratio <= 0.25) {
        double t = actual >= 0.0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actual);
        if (!(0.1 * tnorm < rnorm) || !(t >= 0.1)) t = 0.1;
        st->radius = t * fmin(st->radius, znorm / 0.1);
        lambda /= t;
    } else if (lambda == 0.0 || ratio >= 0.75) {
        st->radius = znorm / 0.5;
        lambda *= 0.5;
    }
    st->lambda = lambda;
    s->rec_radius = st->radius;
    return ratio >= 1e-4 ? HESSE__LSQ_ACCEPT : HESSE__LSQ_REJECT;
}

HESSE__LSQ_METHOD(lm, .name = "lm", .state_size = sizeof(lm_state), .init = lm_init, .iterate = lm_iterate);
