/*
 * "hybrid": Gauss–Newton while it works, the full Hessian model when it stalls.
 *
 * R. Fletcher and C. Xu, "Hybrid methods for nonlinear least squares", IMA J. Numer.
 * Anal. 7 (1987) 371–389: a Gauss–Newton step that reduces f by at least a fraction
 * (hybrid_ratio, their 0.2) of f keeps the method on Gauss–Newton, which is then fast
 * (the residuals are small next to what is left to gain); a step that does not switches
 * to the model JᵀJ + S of the full Hessian for the next step. S is
 *   - Σ ρ_i ∇²ρ_i from the problem's second_order callback when it has one, or
 *   - the secant approximation of Dennis, Gay & Welsch (NL2SOL, ACM TOMS 7 (1981)
 *     348–368, eq. (3.5)), kept up to date at every step from S_0 = 0: with
 *     s = x+ − x, y = ∇f(x+) − ∇f(x), y# = (J+ − J)ᵀρ+ and w = y# − τSs,
 *         S+ = τS + (w yᵀ + y wᵀ)/(yᵀs) − (wᵀs) y yᵀ/(yᵀs)²,
 *     τ = min(1, |sᵀy#| / |sᵀSs|) (their sizing), skipped when yᵀs <= 0.
 * A model that is not positive definite is shifted (hesse.h); its step goes through the
 * same Armijo search as Gauss–Newton's, and falls back to the Gauss–Newton step when it
 * is not a descent direction or its search fails.
 * Memory: S (n×n, the driver's s->S) and three n-vectors (s->mem): the last step, the
 * gradient before it and J_kᵀρ_{k+1}. Cost per second-order step: O(mn²) for JᵀJ and an
 * n³/3 Cholesky, plus the callback's S.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "lsq/lsq_internal.h"

typedef struct {
    int second_order; /* the next step uses JᵀJ + S */
    int pending;      /* mem holds the last step's s, ∇f before it and J_kᵀρ_{k+1} */
} hybrid_state;

/* The secant update of S from the pending pair (no callback). */
static void secant_update(hesse_lsq_solver *s)
{
    int n = s->n;
    double *step = s->mem, *g_old = s->mem + n, *jtr = s->mem + 2 * (size_t)n;
    double *y = s->u, *ysharp = s->v, *Ss = s->w;
    for (int i = 0; i < n; i++) {
        y[i] = s->g[i] - g_old[i];
        ysharp[i] = s->g[i] - jtr[i];
    }
    double ys = hesse__dot(n, y, step);
    if (!(ys > 0.0)) return;
    for (int i = 0; i < n; i++) Ss[i] = hesse__dot(n, s->S + (size_t)i * n, step); /* S symmetric */
    double sSs = hesse__dot(n, step, Ss);
    double tau = sSs != 0.0 ? fmin(1.0, fabs(hesse__dot(n, step, ysharp)) / fabs(sSs)) : 1.0;
    double *wv = Ss;
    for (int i = 0; i < n; i++) wv[i] = ysharp[i] - tau * Ss[i];
    double ws = hesse__dot(n, wv, step);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            s->S[i + (size_t)j * n] = tau * s->S[i + (size_t)j * n] + (wv[i] * y[j] + y[i] * wv[j]) / ys -
                                      ws * y[i] * y[j] / (ys * ys);
}

/* The step -(JᵀJ + S + μI)⁻¹ ∇f into s->step (μ >= 0 the smallest of the shifts tried
   that factors). 0, or -1 when no shift factors. */
static int second_order_step(hesse_lsq_solver *s)
{
    int n = s->n, m = s->m;
    if (s->ev.lsq.second_order) {
        if (hesse__lsq_full_hessian(s, NULL) != HESSE__EVAL_OK) return -2;
    } else {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                s->H[i + (size_t)j * n] =
                    hesse__dot(m, s->J + (size_t)i * m, s->J + (size_t)j * m) + s->S[i + (size_t)j * n];
    }
    double mu = 0.0, hnorm = hesse__frobenius((size_t)n * n, s->H);
    for (int tries = 0; tries < 30; tries++) {
        memcpy(s->C, s->H, (size_t)n * n * sizeof *s->C);
        for (int i = 0; i < n; i++) s->C[i + (size_t)i * n] += mu;
        if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, s->C, n) == 0) {
            for (int i = 0; i < n; i++) s->step[i] = -s->g[i];
            return LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', n, 1, s->C, n, s->step, n) == 0 ? 0 : -1;
        }
        mu = mu == 0.0 ? sqrt(DBL_EPSILON) * hnorm : 10.0 * mu;
        if (mu == 0.0) return -1;
    }
    return -1;
}

static hesse__lsq_step hybrid_iterate(hesse_lsq_solver *s, void *state)
{
    hybrid_state *st = state;
    int n = s->n, m = s->m;
    if (st->pending && !s->ev.lsq.second_order) secant_update(s);
    st->pending = 0;
    int rc = HESSE__LSQ_LS_FAILED;
    s->rec_second_order = 0;
    if (st->second_order) {
        int sr = second_order_step(s);
        if (sr == -2) return HESSE__LSQ_STOP;
        double slope = sr == 0 ? hesse__dot(n, s->g, s->step) : NAN;
        if (slope < 0.0) {
            rc = hesse__lsq_linesearch(s, slope);
            if (rc == HESSE__LSQ_LS_STOP) return HESSE__LSQ_STOP;
            if (rc == HESSE__LSQ_LS_OK) s->rec_second_order = 1;
        }
    }
    if (rc != HESSE__LSQ_LS_OK) {
        for (int i = 0; i < n; i++) s->step[i] = s->gn[i];
        double slope = hesse__dot(n, s->g, s->step);
        if (slope < 0.0) rc = hesse__lsq_linesearch(s, slope);
        if (rc == HESSE__LSQ_LS_STOP) return HESSE__LSQ_STOP;
    }
    if (rc != HESSE__LSQ_LS_OK) {
        hesse__fail(&s->ev, HESSE_LINESEARCH_FAILED,
                    "no decrease along the %s step at iteration %d", st->second_order ? "second-order and the Gauss-Newton" : "Gauss-Newton",
                    s->iter);
        return HESSE__LSQ_STALL;
    }
    /* Fletcher–Xu: Gauss–Newton next when this step gained at least hybrid_ratio·f. */
    st->second_order = s->f - s->ft < s->opt.hybrid_ratio * s->f;
    if (!s->ev.lsq.second_order) {
        double *step = s->mem, *g_old = s->mem + n, *jtr = s->mem + 2 * (size_t)n;
        for (int i = 0; i < n; i++) {
            step[i] = s->xt[i] - s->x[i];
            g_old[i] = s->g[i];
            jtr[i] = hesse__dot(m, s->J + (size_t)i * m, s->rt);
        }
        st->pending = 1;
    }
    return HESSE__LSQ_ACCEPT;
}

HESSE__LSQ_METHOD(hybrid, .name = "hybrid", .state_size = sizeof(hybrid_state), .iterate = hybrid_iterate);
