/*
 * newton-cg — truncated Newton: Steihaug–Toint conjugate gradients in a trust region.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.2, inside
 * the trust-region loop of Algorithm 4.1): CG on ∇²f p = -g from p = 0, stopped
 *   - when ‖r_j‖ <= ε = η_k ‖g‖, with the forcing term η_k = min(0.5, sqrt(‖g‖))
 *     (N&W eq. 7.3 with the choice of §7.1, superlinear convergence);
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
 * Stationary points (saddle_check): a point meeting the gradient test is probed for
 * negative curvature by hesse__tr_curvature_probe (CG from a fixed pseudo-random
 * vector, at most min(n, 50) products; see src/minimize/trust_region.c for its limits). When it
 * finds a direction v with vᵀ∇²f v = κ < 0, the next step is p = ±Δv (sign making
 * gᵀp <= 0), predicted reduction -(gᵀp + ½κΔ²). With products by finite differences
 * this probe is approximate, and a negative eigenvalue that CG does not reach in 50
 * iterations is missed (the point is then accepted; classification still reports it
 * when n <= classify_max_n).
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
    double *r, *dcg, *hd, *hz; /* CG residual, direction, ∇²f·d, ∇²f·z */
    double *saddle_dir;        /* unit direction of negative curvature (saddle_check) */
    double saddle_curvature;
    double radius;
    int have_hessian, leave_saddle;
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
    st->r = hesse__workspace(s, 5 * (size_t)n, sizeof(double));
    if (!st->r) return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating newton-cg's 5n vectors (n = %d)", n);
    st->dcg = st->r + n;
    st->hd = st->dcg + n;
    st->hz = st->hd + n;
    st->saddle_dir = st->hz + n;
    return HESSE_SUCCESS;
}

/* Hv = ∇²f(x)·v at the current x, by the cheapest means available (file comment). */
static int hessvec(hesse_solver *s, void *ctx, const double *v, double *hv)
{
    newton_cg_state *st = ctx;
    if (!st->hessian) return hesse__eval_hessvec(&s->ev, s->x, s->g, v, hv);
    if (!st->have_hessian) {
        int rc = hesse__eval_hessian(&s->ev, s->x, s->g, st->hessian);
        if (rc != HESSE__EVAL_OK) return rc;
        st->have_hessian = 1;
    }
    cblas_dsymv(CblasColMajor, CblasLower, s->n, 1.0, st->hessian, s->n, v, 1, 0.0, hv, 1);
    return HESSE__EVAL_OK;
}

static int exact_products(const hesse_solver *s) { return s->ev.problem.hessvec || s->ev.problem.hessian; }

static hesse_status newton_cg_saddle_check(hesse_solver *s, void *state)
{
    newton_cg_state *st = state;
    int n = s->n;
    /* r, dcg, hd are free between iterations: the probe's 3n scratch. */
    int found = hesse__tr_curvature_probe(s, hessvec, st, n < 50 ? n : 50, exact_products(s), st->r,
                                          st->saddle_dir, &st->saddle_curvature);
    if (found < 0) return s->ev.status;
    st->leave_saddle = found;
    return found ? HESSE_RUNNING : HESSE_SUCCESS;
}

/* τ with ‖z + τd‖ = Δ: the larger root, or both roots (*other) for the smaller. */
static double boundary_root(int n, const double *z, const double *d, double radius, double *other)
{
    double dd = hesse__dot(n, d, d), zd = hesse__dot(n, z, d), zz = hesse__dot(n, z, z);
    double root = sqrt(fmax(0.0, zd * zd - dd * (zz - radius * radius)));
    *other = (-zd - root) / dd;
    return (-zd + root) / dd;
}

/* Steihaug–Toint CG into p = s->d with ∇²f·p in st->hz. Returns HESSE_RUNNING or a
   terminal status; *negative = 1 when it stopped on negative curvature. */
static hesse_status steihaug(hesse_solver *s, newton_cg_state *st, int *negative)
{
    int n = s->n;
    double *p = s->d, *r = st->r, *d = st->dcg, *hd = st->hd, *hz = st->hz;
    double gnorm = hesse__norm2(n, s->g);
    double eps = fmin(0.5, sqrt(gnorm)) * gnorm; /* ε = η_k ‖g‖, η_k = min(0.5, sqrt(‖g‖)) */
    for (int i = 0; i < n; i++) {
        p[i] = 0.0;
        hz[i] = 0.0;
        r[i] = s->g[i];
        d[i] = -s->g[i];
    }
    double rr = gnorm * gnorm;
    *negative = 0;
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
        break;
    }
    return HESSE_RUNNING;
}

static hesse__step newton_cg_iterate(hesse_solver *s, void *state)
{
    newton_cg_state *st = state;
    int n = s->n;
    if (hesse__tr_check_radius(s, st->radius) != HESSE_RUNNING) return HESSE__STEP_STOP;
    double predicted;
    int negative;
    if (st->leave_saddle) {
        predicted = hesse__tr_saddle_step(s, st->saddle_dir, st->saddle_curvature, st->radius);
        negative = 1;
        st->leave_saddle = 0;
    } else {
        if (steihaug(s, st, &negative) != HESSE_RUNNING) return HESSE__STEP_STOP;
        predicted = -(hesse__dot(n, s->g, s->d) + 0.5 * hesse__dot(n, s->d, st->hz));
    }
    s->rec.negative_curvature = negative;
    hesse__step step = hesse__tr_try(s, &st->radius, predicted);
    if (step == HESSE__STEP_ACCEPT) st->have_hessian = 0; /* it belongs to the old x */
    return step;
}

HESSE__METHOD(newton_cg, .name = "newton-cg", .state_size = sizeof(newton_cg_state),
                         .init = newton_cg_init, .iterate = newton_cg_iterate,
                         .saddle_check = newton_cg_saddle_check);
