/*
 * lbfgs — limited-memory BFGS (two-loop recursion) with a strong-Wolfe line search.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.4 for the
 * two-loop recursion inside Algorithm 7.5; Liu & Nocedal 1989): with the last m pairs
 * (s_i, y_i), ρ_i = 1/y_iᵀs_i, newest first,
 *     q = ∇f;  for i = k-1 .. k-m:  α_i = ρ_i s_iᵀq,  q <- q - α_i y_i
 *     r = γ D² q,  γ = s_{k-1}ᵀy_{k-1} / y_{k-1}ᵀD²y_{k-1}             (eq. 7.20)
 *     for i = k-m .. k-1:  β = ρ_i y_iᵀr,  r <- r + s_i (α_i - β)
 *     d = -r
 * then a line search (strong Wolfe by default) from α = 1, and the oldest pair is
 * replaced by the new one. m = opt.lbfgs_m. D = diag(dscale) is the methods' scaling
 * (hesse.h, option x_scale; a multiple of I unless x_scale is given).
 * First step (and after a restart): d = -D²∇f, α one typical size along d (as gd).
 * Model step (the stopping test): the two-loop direction once a pair is stored, an
 * approximation of the Newton step that the driver certifies with ∇²f.
 * Curvature failures: a pair with sᵀy <= eps ‖s‖‖y‖ is not stored (same rule as bfgs,
 * whose comment says why not sqrt(eps); the strong Wolfe conditions exclude such a
 * pair, Armijo-only acceptances do not).
 * Restart: if ∇fᵀd >= 0 or the line search fails along the L-BFGS direction, the
 * memory is cleared and the iteration retries along -∇f once.
 * Invariants: pairs are stored in a ring: the newest at index (head - 1) mod m, count
 *   of them valid; the implicit H is positive definite (every stored sᵀy > 0).
 * Trace: alpha, ls_evals; hessian_modified = -1.
 * Cost per iteration: (4m + 1)n + O(n) flops plus the line search's evaluations.
 * Memory: 2mn doubles for the pairs, 3m for ρ, α and the neighbours' s_iᵀy_{i+1};
 * nothing of size n².
 */
#include <float.h>
#include <math.h>

#include "minimize/minimize_internal.h"

typedef struct {
    double *s, *y;      /* m pairs of n-vectors, ring buffer */
    double *rho, *a;    /* 1/yᵀs per pair; α_i of the first loop */
    double *cross;      /* per pair: s_prevᵀy, s_prev the pair stored just before it */
    int m, head, count; /* capacity, next slot to fill, valid pairs */
} lbfgs_state;

static hesse_status lbfgs_init(hesse_solver *s, void *state)
{
    lbfgs_state *st = state;
    size_t n = (size_t)s->n, m = (size_t)s->opt.lbfgs_m;
    st->m = s->opt.lbfgs_m;
    st->s = hesse__workspace(s, 2 * m * n, sizeof(double));
    st->rho = hesse__workspace(s, 3 * m, sizeof(double));
    if (!st->s || !st->rho)
        return hesse__fail(&s->ev, HESSE_ENOMEM,
                           "out of memory allocating lbfgs's 2·m·n = %.3g doubles (m = %d, n = %d)",
                           2.0 * (double)m * (double)n, st->m, s->n);
    st->y = st->s + m * n;
    st->a = st->rho + m;
    st->cross = st->a + m;
    return HESSE_SUCCESS;
}

/* d = -H_k ∇f by the two-loop recursion (file comment), each loop with a one-step
   lookahead: in the first loop α_{i-1} = ρ_{i-1} s_{i-1}ᵀ(q - α_i y_i) is computed as
   ρ_{i-1} (s_{i-1}ᵀq - α_i s_{i-1}ᵀy_i), and in the second β_{i+1} likewise from
   y_{i+1}ᵀr and s_iᵀy_{i+1}, with the scalars s_iᵀy_{i+1} of neighbouring pairs kept
   since the pairs were stored. The dot product for the next pair then no longer
   waits for the vector update of this one, which shortens the chain of dependent
   operations per pair; same flops, same passes over memory. bench_peers measured
   the recursion as most of an iteration's time at small n. */
static void two_loop(const hesse_solver *s, lbfgs_state *st, double *d)
{
    int n = s->n, m = st->m, count = st->count;
    for (int i = 0; i < n; i++) d[i] = s->g[i];
    if (count == 0) {
        for (int i = 0; i < n; i++) d[i] *= -s->dscale[i] * s->dscale[i];
        return;
    }
    int newest = st->head == 0 ? m - 1 : st->head - 1;
    int oldest = (newest - (count - 1) + m) % m;
#define S(j) (st->s + (size_t)(j) * (size_t)n)
#define Y(j) (st->y + (size_t)(j) * (size_t)n)
    int j = newest; /* newest to oldest */
    double alpha = st->rho[j] * hesse__dot(n, S(j), d);
    for (int k = 1; k < count; k++) {
        int older = j == 0 ? m - 1 : j - 1;
        st->a[j] = alpha;
        double t = hesse__dot(n, S(older), d);
        hesse__axpy(n, -alpha, Y(j), d);
        alpha = st->rho[older] * (t - alpha * st->cross[j]);
        j = older;
    }
    st->a[j] = alpha;
    hesse__axpy(n, -alpha, Y(j), d);
    /* γ = sᵀy / yᵀy of the newest pair */
    /* r = γ D² q, γ = sᵀy / yᵀD²y of the newest pair */
    double yy = 0.0;
    const double *yn = Y(newest);
    for (int i = 0; i < n; i++) yy += (s->dscale[i] * yn[i]) * (s->dscale[i] * yn[i]);
    double gamma = 1.0 / (st->rho[newest] * yy);
    for (int i = 0; i < n; i++) d[i] *= gamma * s->dscale[i] * s->dscale[i];
    j = oldest; /* oldest to newest */
    double beta = st->rho[j] * hesse__dot(n, Y(j), d);
    for (int k = 1; k < count; k++) {
        int newer = j == m - 1 ? 0 : j + 1;
        double u = hesse__dot(n, Y(newer), d), c = st->a[j] - beta;
        hesse__axpy(n, c, S(j), d);
        beta = st->rho[newer] * (u + c * st->cross[newer]);
        j = newer;
    }
    hesse__axpy(n, st->a[j] - beta, S(j), d);
#undef S
#undef Y
    hesse__scal(n, -1.0, d);
}

/* Store the pair of the step the line search found (x + αd in xt, gt). */
static void store_pair(hesse_solver *s, lbfgs_state *st)
{
    int n = s->n;
    double *sj = st->s + (size_t)st->head * n, *yj = st->y + (size_t)st->head * n;
    for (int i = 0; i < n; i++) {
        sj[i] = s->xt[i] - s->x[i];
        yj[i] = s->gt[i] - s->g[i];
    }
    double sy = hesse__dot(n, sj, yj);
    if (sy <= DBL_EPSILON * hesse__norm2(n, sj) * hesse__norm2(n, yj)) return; /* skip */
    st->rho[st->head] = 1.0 / sy;
    if (st->count > 0) { /* s_prevᵀ y_new, for two_loop's lookahead */
        int prev = st->head == 0 ? st->m - 1 : st->head - 1;
        st->cross[st->head] = hesse__dot(n, st->s + (size_t)prev * n, yj);
    }
    st->head = (st->head + 1) % st->m;
    if (st->count < st->m) st->count++;
}

static hesse__step lbfgs_iterate(hesse_solver *s, void *state)
{
    lbfgs_state *st = state;
    for (int attempt = 0;; attempt++) {
        two_loop(s, st, s->d);
        double dg = hesse__dot(s->n, s->g, s->d);
        if (dg >= 0.0 && st->count > 0) {
            st->count = 0;
            continue;
        }
        double alpha0 = st->count == 0 ? hesse__first_step(s, s->d) : 1.0;
        int rc = hesse__linesearch(s, dg, 0.0, alpha0);
        if (rc == HESSE__LS_OK) {
            store_pair(s, st);
            return HESSE__STEP_ACCEPT;
        }
        if (rc == HESSE__LS_STOP || st->count == 0 || attempt > 0) return HESSE__STEP_STOP;
        st->count = 0; /* retry along -∇f */
    }
}

static int lbfgs_model_step(hesse_solver *s, void *state, double *step)
{
    lbfgs_state *st = state;
    if (st->count == 0) return HESSE__MODEL_NONE;
    two_loop(s, st, step);
    return HESSE__MODEL_APPROX;
}

static void lbfgs_restart(hesse_solver *s, void *state)
{
    lbfgs_state *st = state;
    st->count = 0;
}

HESSE__METHOD(lbfgs, .name = "lbfgs", .state_size = sizeof(lbfgs_state),
                     .default_linesearch = HESSE_LINESEARCH_WOLFE, .init = lbfgs_init,
                     .iterate = lbfgs_iterate, .model_step = lbfgs_model_step,
                     .restart = lbfgs_restart);
