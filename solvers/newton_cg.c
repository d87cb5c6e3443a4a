/*
 * newton-cg — truncated Newton: Steihaug–Toint conjugate gradients in a trust region.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.2, inside
 * the trust-region loop of Algorithm 4.1), in the scaled variables z = x / dscale
 * (hesse.h, option x_scale; the region is a ball there): CG on B p = -g_z from p = 0,
 * B = D∇²f D, g_z = D∇f, D = diag(dscale), the step x + Dp, stopped
 *   - when ‖r_j‖ <= ε = η_k ‖g_z‖, with the forcing term
 *     η_k = min(0.5, sqrt(‖g_z,k‖ / ‖g_z,0‖)) (N&W eq. 7.3 with the choice of §7.1,
 *     superlinear convergence; relative to the start rather than to 1, so that it
 *     does not depend on the units of f);
 *   - when dⱼᵀ∇²f dⱼ <= 0: p = z + τd on the boundary ‖p‖₂ = Δ, the root τ of lower
 *     model value (the direction of negative curvature is followed to the boundary);
 *   - when z + αd leaves the region: p = z + τd, τ >= 0 with ‖p‖₂ = Δ;
 *   - after n iterations (exact CG would have converged).
 * Hessian-vector products: the hessvec callback when given; otherwise, with a Hessian
 * callback, the dense Hessian evaluated once per accepted point and multiplied by
 * (dsymv); otherwise the finite difference (∇f(x + hv) - ∇f(x))/h of
 * hesse__eval_hessvec (one gradient per product).
 * Predicted reduction: m(p) = gᵀp + ½pᵀ∇²f p with ∇²f p accumulated from the products
 * (∇²f z_{j+1} = ∇²f z_j + α ∇²f d_j), so it costs no extra product.
 * Model step (the stopping test): the CG step when it ended inside the region without
 * meeting negative curvature (an inexact Newton step, to the forcing term's accuracy):
 * exact with exact products, an approximation the driver certifies with ∇²f when the
 * products are differences; none otherwise. It is kept for the next iteration when
 * x and the radius have not changed. Saddles are left by the driver
 * (src/minimize/second_order.c) once a point passes the test.
 * Invariants: `hessian` (when used) belongs to the current x when have_hessian.
 * Trace: radius, rho, negative_curvature; hessian_modified = -1 (nothing is modified).
 * Cost per iteration: at most n Hessian-vector products and O(n) per CG iteration;
 *   with a dense Hessian, one Hessian per accepted point and O(n²) per product.
 * Memory: 5n doubles; plus n² only when the dense Hessian is formed (Hessian callback
 *   and no hessvec callback). The method table's dense_bytes cannot see the problem, so
 *   that case is checked against max_dense_bytes in init (ETOOBIG).
 */
#include <cblas.h>
#include <math.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *hessian;   /* n*n, only when the dense Hessian is formed */
    double *r, *dcg, *hd, *hz; /* CG residual, direction, B·d, B·p (scaled variables) */
    double *gz, *pz, *v;       /* D g, the step p, scratch for D v */
    double radius, gz0;        /* ‖g_z‖ at x0, for the forcing term */
    int have_hessian;
    int have_step;             /* pz, hz are the CG step at the current x and radius */
    double step_radius;
    int step_negative, step_interior;
} newton_cg_state;

static int uses_dense_hessian(const hesse_problem *p) { return p->hessian && !p->hessvec; }

static hesse_status newton_cg_init(hesse_solver *s, void *state)
{
    newton_cg_state *st = state;
    int n = s->n;
    st->radius = s->opt.radius_init;
    if (uses_dense_hessian(&s->ev.problem)) {
        if (hesse__matrix_bytes(n) > s->opt.max_dense_bytes)
            return hesse__fail(&s->ev, HESSE_ETOOBIG,
                               "newton-cg with a Hessian callback and no hessvec needs %.3g bytes "
                               "for the Hessian at n = %d, more than max_dense_bytes = %.3g",
                               hesse__matrix_bytes(n), n, s->opt.max_dense_bytes);
        st->hessian = hesse__workspace(s, (size_t)n * n, sizeof(double));
        if (!st->hessian)
            return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating newton-cg's Hessian (n = %d)", n);
    }
    st->r = hesse__workspace(s, 7 * (size_t)n, sizeof(double));
    if (!st->r) return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating newton-cg's 7n vectors (n = %d)", n);
    st->dcg = st->r + n;
    st->hd = st->dcg + n;
    st->hz = st->hd + n;
    st->gz = st->hz + n;
    st->pz = st->gz + n;
    st->v = st->pz + n;
    hesse__tr_scale(s, s->g, st->gz);
    st->gz0 = hesse__norm2(n, st->gz);
    return HESSE_SUCCESS;
}

/* Bv = D∇²f(x)(D v) at the current x, by the cheapest means available (file comment). */
static int hessvec(hesse_solver *s, newton_cg_state *st, const double *v, double *hv)
{
    int n = s->n;
    hesse__tr_scale(s, v, st->v);
    if (!st->hessian) {
        int rc = hesse__eval_hessvec(&s->ev, s->x, s->g, st->v, hv);
        if (rc != HESSE__EVAL_OK) return rc;
    } else {
        if (!st->have_hessian) {
            int rc = hesse__eval_hessian(&s->ev, s->x, s->g, st->hessian);
            if (rc != HESSE__EVAL_OK) return rc;
            st->have_hessian = 1;
        }
        cblas_dsymv(CblasColMajor, CblasLower, n, 1.0, st->hessian, n, st->v, 1, 0.0, hv, 1);
    }
    for (int i = 0; i < n; i++) hv[i] *= s->dscale[i];
    return HESSE__EVAL_OK;
}

static int exact_products(const hesse_solver *s) { return s->ev.problem.hessvec || s->ev.problem.hessian; }

/* τ with ‖z + τd‖ = Δ: the larger root, or both roots (*other) for the smaller. */
static double boundary_root(int n, const double *z, const double *d, double radius, double *other)
{
    double dd = hesse__dot(n, d, d), zd = hesse__dot(n, z, d), zz = hesse__dot(n, z, z);
    double root = sqrt(fmax(0.0, zd * zd - dd * (zz - radius * radius)));
    *other = (-zd - root) / dd;
    return (-zd + root) / dd;
}

/* Steihaug–Toint CG into st->pz with B·p in st->hz, at the current x and radius (kept:
   st->have_step). Returns HESSE_RUNNING or a terminal status. */
static hesse_status steihaug(hesse_solver *s, newton_cg_state *st)
{
    int n = s->n;
    double *p = st->pz, *r = st->r, *d = st->dcg, *hd = st->hd, *hz = st->hz;
    hesse__tr_scale(s, s->g, st->gz);
    double gnorm = hesse__norm2(n, st->gz);
    /* ε = η_k ‖g_z‖, η_k = min(0.5, sqrt(‖g_z‖ / ‖g_z,0‖)) */
    double eps = fmin(0.5, sqrt(gnorm / st->gz0)) * gnorm;
    for (int i = 0; i < n; i++) {
        p[i] = 0.0;
        hz[i] = 0.0;
        r[i] = st->gz[i];
        d[i] = -st->gz[i];
    }
    double rr = gnorm * gnorm;
    int *negative = &st->step_negative;
    *negative = 0;
    st->have_step = 1;
    st->step_radius = st->radius;
    st->step_interior = 0;
    for (int j = 0; j < n && sqrt(rr) > eps; j++) {
        if (hessvec(s, st, d, hd) != HESSE__EVAL_OK) return s->ev.status;
        double dhd = hesse__dot(n, d, hd);
        double other, tau;
        if (dhd <= 0.0) {
            /* Negative curvature: to the boundary, the root with the lower model value;
               m(p + τd) - m(p) = τ(g + ∇²f p)ᵀd + ½τ² dᵀ∇²f d and g + ∇²f p = r. */
            tau = boundary_root(n, p, d, st->radius, &other);
            double rd = hesse__dot(n, r, d);
            if (other * rd + 0.5 * other * other * dhd < tau * rd + 0.5 * tau * tau * dhd) tau = other;
            *negative = 1;
        } else {
            double alpha = rr / dhd;
            double pn2 = 0.0;
            for (int i = 0; i < n; i++) pn2 += (p[i] + alpha * d[i]) * (p[i] + alpha * d[i]);
            if (sqrt(pn2) < st->radius) {
                for (int i = 0; i < n; i++) {
                    p[i] += alpha * d[i];
                    hz[i] += alpha * hd[i];
                    r[i] += alpha * hd[i];
                }
                double rr_next = hesse__dot(n, r, r);
                double beta = rr_next / rr;
                rr = rr_next;
                for (int i = 0; i < n; i++) d[i] = -r[i] + beta * d[i];
                continue;
            }
            tau = boundary_root(n, p, d, st->radius, &other); /* τ >= 0 */
        }
        for (int i = 0; i < n; i++) {
            p[i] += tau * d[i];
            hz[i] += tau * hd[i];
        }
        return HESSE_RUNNING;
    }
    st->step_interior = 1;
    return HESSE_RUNNING;
}

static int newton_cg_model_step(hesse_solver *s, void *state, double *step)
{
    newton_cg_state *st = state;
    if (steihaug(s, st) != HESSE_RUNNING) return HESSE__MODEL_STOP;
    if (!st->step_interior || st->step_negative) return HESSE__MODEL_NONE;
    for (int i = 0; i < s->n; i++) step[i] = s->dscale[i] * st->pz[i];
    return exact_products(s) ? HESSE__MODEL_EXACT : HESSE__MODEL_APPROX;
}

static hesse__step newton_cg_iterate(hesse_solver *s, void *state)
{
    newton_cg_state *st = state;
    int n = s->n;
    if (hesse__tr_check_radius(s, st->radius) != HESSE_RUNNING) return HESSE__STEP_STOP;
    if (!st->have_step || st->step_radius != st->radius)
        if (steihaug(s, st) != HESSE_RUNNING) return HESSE__STEP_STOP;
    st->have_step = 0;
    /* m(p) = g_zᵀp + ½ pᵀBp */
    double predicted = -(hesse__dot(n, st->gz, st->pz) + 0.5 * hesse__dot(n, st->pz, st->hz));
    for (int i = 0; i < n; i++) s->d[i] = s->dscale[i] * st->pz[i];
    s->rec.negative_curvature = st->step_negative;
    hesse__step step = hesse__tr_try(s, &st->radius, predicted);
    if (step == HESSE__STEP_ACCEPT) st->have_hessian = 0; /* it belongs to the old x */
    return step;
}

static void newton_cg_restart(hesse_solver *s, void *state)
{
    newton_cg_state *st = state;
    st->have_hessian = st->have_step = 0;
    st->radius = s->opt.radius_init;
}

HESSE__METHOD(newton_cg, .name = "newton-cg", .state_size = sizeof(newton_cg_state),
                         .init = newton_cg_init, .iterate = newton_cg_iterate,
                         .model_step = newton_cg_model_step, .restart = newton_cg_restart);
