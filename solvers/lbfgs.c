/*
 * lbfgs — limited-memory BFGS (two-loop recursion) with a strong-Wolfe line search.
 *
 * Algorithm (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.4 for the
 * two-loop recursion inside Algorithm 7.5; Liu & Nocedal 1989): with the last m pairs
 * (s_i, y_i), ρ_i = 1/y_iᵀs_i, newest first,
 *     q = ∇f;  for i = k-1 .. k-m:  α_i = ρ_i s_iᵀq,  q <- q - α_i y_i
 *     r = γ q,  γ = s_{k-1}ᵀy_{k-1} / y_{k-1}ᵀy_{k-1}                  (eq. 7.20)
 *     for i = k-m .. k-1:  β = ρ_i y_iᵀr,  r <- r + s_i (α_i - β)
 *     d = -r
 * then a line search (strong Wolfe by default) from α = 1, and the oldest pair is
 * replaced by the new one. m = opt.lbfgs_m.
 * First step (and after a restart): d = -∇f, α from min(1, 1/‖∇f‖∞) (as gd).
 * Curvature failures: a pair with sᵀy <= sqrt(eps) ‖s‖‖y‖ is not stored (same rule as
 * bfgs; the strong Wolfe conditions exclude it, Armijo-only acceptances do not).
 * Restart: if ∇fᵀd >= 0 or the line search fails along the L-BFGS direction, the
 * memory is cleared and the iteration retries along -∇f once.
 * Invariants: pairs are stored in a ring: the newest at index (head - 1) mod m, count
 *   of them valid; the implicit H is positive definite (every stored sᵀy > 0).
 * Trace: alpha, ls_evals; hessian_modified = -1.
 * Cost per iteration: 4mn + O(n) flops plus the line search's evaluations.
 * Memory: 2mn doubles for the pairs, 2m for ρ and α; nothing of size n².
 */
#include <float.h>
#include <math.h>

#include "internal.h"

typedef struct {
    double *s, *y;      /* m pairs of n-vectors, ring buffer */
    double *rho, *a;    /* 1/yᵀs per pair; α_i of the first loop */
    int m, head, count; /* capacity, next slot to fill, valid pairs */
} lbfgs_state;

static hesse_status lbfgs_init(hesse_solver *s, void *state)
{
    lbfgs_state *st = state;
    size_t n = (size_t)s->n, m = (size_t)s->opt.lbfgs_m;
    st->m = s->opt.lbfgs_m;
    st->s = hesse__alloc(s, 2 * m * n * sizeof(double));
    st->rho = hesse__alloc(s, 2 * m * sizeof(double));
    if (!st->s || !st->rho)
        return hesse__fail(s, HESSE_ENOMEM,
                           "out of memory allocating lbfgs's 2·m·n = %.3g doubles (m = %d, n = %d)",
                           2.0 * (double)m * (double)n, st->m, s->n);
    st->y = st->s + m * n;
    st->a = st->rho + m;
    return HESSE_SUCCESS;
}

static void lbfgs_release(hesse_solver *s, void *state)
{
    lbfgs_state *st = state;
    hesse__free(s, st->s);
    hesse__free(s, st->rho);
}

/* d = -H_k ∇f by the two-loop recursion (file comment). */
static void two_loop(const hesse_solver *s, lbfgs_state *st, double *d)
{
    int n = s->n, m = st->m;
    for (int i = 0; i < n; i++) d[i] = s->g[i];
    for (int k = 1; k <= st->count; k++) { /* newest to oldest */
        int j = (st->head - k + m) % m;
        const double *sj = st->s + (size_t)j * n, *yj = st->y + (size_t)j * n;
        double alpha = st->rho[j] * hesse__dot(n, sj, d);
        st->a[j] = alpha;
        hesse__axpy(n, -alpha, yj, d);
    }
    if (st->count > 0) {
        int j = (st->head - 1 + m) % m;
        const double *yj = st->y + (size_t)j * n;
        double gamma = 1.0 / (st->rho[j] * hesse__dot(n, yj, yj)); /* sᵀy / yᵀy */
        hesse__scal(n, gamma, d);
    }
    for (int k = st->count; k >= 1; k--) { /* oldest to newest */
        int j = (st->head - k + m) % m;
        const double *sj = st->s + (size_t)j * n, *yj = st->y + (size_t)j * n;
        double beta = st->rho[j] * hesse__dot(n, yj, d);
        hesse__axpy(n, st->a[j] - beta, sj, d);
    }
    hesse__scal(n, -1.0, d);
}

/* Store the pair of the accepted step (xt, gt hold the previous point). */
static void store_pair(hesse_solver *s, lbfgs_state *st)
{
    int n = s->n;
    double *sj = st->s + (size_t)st->head * n, *yj = st->y + (size_t)st->head * n;
    for (int i = 0; i < n; i++) {
        sj[i] = s->x[i] - s->xt[i];
        yj[i] = s->g[i] - s->gt[i];
    }
    double sy = hesse__dot(n, sj, yj);
    if (sy <= sqrt(DBL_EPSILON) * hesse__norm2(n, sj) * hesse__norm2(n, yj)) return; /* skip */
    st->rho[st->head] = 1.0 / sy;
    st->head = (st->head + 1) % st->m;
    if (st->count < st->m) st->count++;
}

static hesse_status lbfgs_iterate(hesse_solver *s, void *state)
{
    lbfgs_state *st = state;
    hesse_linesearch kind = hesse__linesearch_kind(s);
    for (int attempt = 0;; attempt++) {
        two_loop(s, st, s->d);
        double dg = hesse__dot(s->n, s->g, s->d);
        if (dg >= 0.0 && st->count > 0) {
            st->count = 0;
            continue;
        }
        double alpha0 = st->count == 0 ? fmin(1.0, 1.0 / s->gnorm) : 1.0, alpha;
        int evals;
        int rc = hesse__linesearch(s, s->d, dg, 0.0, alpha0, kind, &alpha, &evals);
        s->rec.ls_evals = evals;
        if (rc == HESSE__LS_STOP) return s->status;
        if (rc == HESSE__LS_FAILED) {
            if (st->count == 0 || attempt > 0) return s->status;
            st->count = 0; /* retry along -∇f */
            continue;
        }
        hesse__accept(s);
        s->rec.alpha = alpha;
        store_pair(s, st);
        return HESSE_RUNNING;
    }
}

static const hesse_method lbfgs = {
    .name = "lbfgs",
    .state_size = sizeof(lbfgs_state),
    .flags = 0,
    .default_linesearch = HESSE_LINESEARCH_WOLFE,
    .init = lbfgs_init,
    .iterate = lbfgs_iterate,
    .release = lbfgs_release,
};
const hesse_method *const hesse_method_lbfgs = &lbfgs;
