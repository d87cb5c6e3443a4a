/*
 * Equality-constrained problems min/max f(x) subject to c(x) = 0 (c: Rⁿ -> Rᵐ,
 * 1 <= m < n): a Lagrange–Newton (SQP) solver and the second-order classification of
 * a KKT point two ways (reduced Hessian, bordered Hessian).
 *
 * References: Nocedal & Wright, Numerical Optimization, 2nd ed.:
 *   - KKT system and its inertia: §16.1, Theorem 16.3 (K has inertia (n, m, 0) iff A
 *     has full row rank and ZᵀWZ is positive definite), §16.2 (symmetric indefinite
 *     factorization), §19.3 (inertia correction by a shift of the Hessian block);
 *   - SQP (Lagrange–Newton) step: §18.1, (18.9);
 *   - ℓ1 merit function, its directional derivative and the penalty update:
 *     (15.24), (18.29)–(18.32); second-order correction against the Maratos effect:
 *     §15.5, Algorithm 18.3;
 *   - second-order conditions on the null space of A: Theorems 12.5–12.6.
 * Bordered Hessian sign rule: derived in hesse.h by block elimination (the minors are
 * (-1)^m det(A_1)² times the leading minors of one reduced Hessian); see also
 * Magnus & Neudecker, Matrix Differential Calculus, ch. 3 (bordered determinantal
 * conditions).
 *
 * Invariants of the solver: x is always the last accepted point and the caller's
 * array holds it; f, g, c, A are evaluated at x; lambda_s are the multipliers of the
 * minimized function sense·f (sense = -1 when maximizing), so λ = sense·lambda_s
 * belongs to L = f + λᵀc. All workspace is allocated before the first iteration.
 * Cost per iteration: one Lagrangian Hessian (exact, or 2n gradient and Jacobian
 * evaluations), an SVD of A (m²n), and one or more (n+m)³/3 factorizations.
 */
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "analysis/analysis_internal.h"

#define ARMIJO_ETA 1e-4      /* sufficient decrease of the merit function */
#define MAX_BACKTRACKS 30    /* halvings: α down to 2^-30 */
#define MAX_SHIFTS 40        /* inertia-correction tries per iteration */

typedef struct {
    const hesse_constrained_problem *cp;
    const hesse_analysis_options *opt;
    const hesse_allocator *al;
    int n, m, N;
    hesse__evaluator ev; /* f (nfev), c (ncev), the Hessian callbacks (nhev) */
    /* n-vectors */
    double *g, *gt, *gp, *gm, *xt, *xs, *step, *lgrad;
    /* m-vectors: c at x and at a trial point, at x ± h e_j, singular values, true
       multipliers λ = sense·λ_s, λ⁺ of the current step */
    double *c, *ct, *cpl, *cmi, *sv, *lam_true, *lplus;
    /* m×n */
    double *A, *At, *Ap, *Am, *Acopy;
    /* n×n */
    double *W, *Htmp, *Q;
    /* N-vectors and the KKT matrix */
    double *K, *rhs, *tau;
    /* LAPACK workspace for dgesvd, dgels, dgeqrf/dorgqr/dgeqp3 */
    double *work;
    int lwork;
    int *jpvt;
    hesse__symws ws; /* dsytrf / dsyevr at order N */
} cws;

static hesse_status check_cproblem(const hesse_constrained_problem *cp, int nx,
                                   const double *x, char *msg)
{
    if (!cp) return hesse__message(msg, HESSE_EINVAL, "constrained problem is NULL");
    if (!cp->objective)
        return hesse__message(msg, HESSE_EINVAL, "constrained problem has no objective");
    if (!cp->constraints)
        return hesse__message(msg, HESSE_EINVAL,
                              "constrained problem has no constraints callback");
    if (cp->n < 2)
        return hesse__message(msg, HESSE_EINVAL, "constrained problem n = %d < 2", cp->n);
    if (cp->m < 1 || cp->m >= cp->n)
        return hesse__message(msg, HESSE_EINVAL,
                              "number of constraints m = %d: need 1 <= m < n = %d", cp->m,
                              cp->n);
    if (!x) return hesse__message(msg, HESSE_EINVAL, "point x is NULL");
    if (nx != cp->n)
        return hesse__message(msg, HESSE_EINVAL,
                              "point has %d values but the problem has n = %d", nx, cp->n);
    return HESSE_SUCCESS;
}

/* f and ∇f at x, which must be evaluated. */
static hesse_status eval_f(cws *w, const double *x, double *f, double *g, char *msg)
{
    return hesse__an_eval(&w->ev, x, f, g, msg);
}

/* c and A at x, which must be evaluated. */
static hesse_status eval_c(cws *w, const double *x, double *c, double *A, char *msg)
{
    int rc = hesse__eval_constraints(&w->ev, x, c, A);
    if (hesse__eval_terminal(&w->ev, rc, "constraints or their Jacobian", HESSE__AT_X, "") !=
        HESSE__EVAL_OK)
        return hesse__an_failed(&w->ev, msg);
    return HESSE_SUCCESS;
}

/* ∇L = g + Aᵀλ into out. */
static void lagrangian_gradient(int n, int m, const double *g, const double *A,
                                const double *lambda, double *out)
{
    for (int j = 0; j < n; j++) {
        double s = g[j];
        for (int i = 0; i < m; i++) s += A[i + (size_t)j * m] * lambda[i];
        out[j] = s;
    }
}

/* A callback's matrix (rc: its evaluation's result), checked for symmetry. */
static hesse_status callback_matrix(cws *w, int rc, const char *what, const double *H,
                                    char *msg)
{
    if (rc != HESSE__EVAL_OK) return hesse__an_failed(&w->ev, msg);
    return hesse__an_check_symmetric(w->n, H, w->opt->sym_tol, what, msg);
}

/* W = ∇²_xx L(x, λ) (true λ of L = f + λᵀc), by the order of preference in hesse.h. */
static hesse_status lagrangian_hessian(cws *w, const double *x, const double *lambda,
                                       char *msg)
{
    const hesse_constrained_problem *cp = w->cp;
    int n = w->n, m = w->m;
    hesse_status st;
    if (cp->lagrangian_hessian) {
        int rc = hesse__eval_lagrangian_hessian(&w->ev, x, lambda, w->W);
        return callback_matrix(w, rc, "Lagrangian Hessian callback", w->W, msg);
    }
    if (cp->hessian && cp->constraint_hessian) {
        int rc = hesse__eval_hessian(&w->ev, x, NULL, w->W);
        st = callback_matrix(w, rc, "Hessian callback", w->W, msg);
        if (st != HESSE_SUCCESS) return st;
        for (int i = 0; i < m; i++) {
            rc = hesse__eval_constraint_hessian(&w->ev, i, x, w->Htmp);
            st = callback_matrix(w, rc, "constraint Hessian callback", w->Htmp, msg);
            if (st != HESSE_SUCCESS) return st;
            for (long k = 0; k < (long)n * n; k++) w->W[k] += lambda[i] * w->Htmp[k];
        }
        return HESSE_SUCCESS;
    }
    /* Column j ≈ (∇L(x + h e_j) - ∇L(x - h e_j)) / 2h, then (W + Wᵀ)/2. */
    double step = w->ev.fd_step;
    double fdummy;
    memcpy(w->xt, x, (size_t)n * sizeof *x);
    for (int j = 0; j < n; j++) {
        double h = step * fmax(1.0, fabs(x[j]));
        w->xt[j] = x[j] + h;
        if ((st = eval_f(w, w->xt, &fdummy, w->gp, msg)) != HESSE_SUCCESS) return st;
        if ((st = eval_c(w, w->xt, w->cpl, w->Ap, msg)) != HESSE_SUCCESS) return st;
        w->xt[j] = x[j] - h;
        if ((st = eval_f(w, w->xt, &fdummy, w->gm, msg)) != HESSE_SUCCESS) return st;
        if ((st = eval_c(w, w->xt, w->cmi, w->Am, msg)) != HESSE_SUCCESS) return st;
        w->xt[j] = x[j];
        lagrangian_gradient(n, m, w->gp, w->Ap, lambda, w->gp);
        lagrangian_gradient(n, m, w->gm, w->Am, lambda, w->gm);
        for (int i = 0; i < n; i++) w->W[i + (size_t)j * n] = (w->gp[i] - w->gm[i]) / (2 * h);
    }
    for (int j = 0; j < n; j++)
        for (int i = j + 1; i < n; i++) {
            double a = 0.5 * (w->W[i + (size_t)j * n] + w->W[j + (size_t)i * n]);
            w->W[i + (size_t)j * n] = w->W[j + (size_t)i * n] = a;
        }
    return HESSE_SUCCESS;
}

/* HESSE_ESINGULAR when σ_min(A) <= rtol · σ_max(A) (dgesvd). */
static hesse_status rank_check(cws *w, const double *A, const char *where, char *msg)
{
    int n = w->n, m = w->m;
    memcpy(w->Acopy, A, (size_t)m * n * sizeof *A);
    lapack_int info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'N', 'N', m, n, w->Acopy, m, w->sv,
                                          NULL, 1, NULL, 1, w->work, w->lwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dgesvd returned info = %d", (int)info);
    double smax = w->sv[0], smin = w->sv[m - 1];
    if (!(smin > w->opt->rtol * smax))
        return hesse__message(msg, HESSE_ESINGULAR,
                              "constraint Jacobian is rank deficient %s: sigma_min / sigma_max "
                              "= %.3g / %.3g <= rtol = %g",
                              where, smin, smax, w->opt->rtol);
    return HESSE_SUCCESS;
}

/* λ = argmin ‖g + Aᵀλ‖₂ (dgels on Aᵀ, full rank checked before). */
static hesse_status ls_multipliers(cws *w, const double *g, const double *A, double *lambda,
                                   char *msg)
{
    int n = w->n, m = w->m;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) w->At[j + (size_t)i * n] = A[i + (size_t)j * m];
    for (int j = 0; j < n; j++) w->gt[j] = -g[j];
    lapack_int info = LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', n, m, 1, w->At, n, w->gt, n,
                                         w->work, w->lwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dgels returned info = %d", (int)info);
    memcpy(lambda, w->gt, (size_t)m * sizeof *lambda);
    return HESSE_SUCCESS;
}

/* Allocate everything both entry points need. */
static hesse_status cws_init(cws *w, const hesse_constrained_problem *cp,
                             const hesse_analysis_options *opt, char *msg)
{
    memset(w, 0, sizeof *w);
    w->cp = cp;
    w->opt = opt;
    w->al = &opt->allocator;
    hesse_problem objective = {cp->n, cp->objective, cp->hessian, NULL, cp->data};
    hesse__an_evaluator(&w->ev, &objective, opt, NULL);
    w->ev.constrained = cp;
    int n = cp->n, m = cp->m, N = n + m;
    w->n = n;
    w->m = m;
    w->N = N;
    /* Workspace queries: dgesvd (m×n), dgels (n×m), dgeqrf/dorgqr (n×n), dgeqp3 (m×n),
       dsytrs needs none. */
    double q;
    int lw = 1;
    lapack_int iq = 0;
    if (LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'N', 'N', m, n, NULL, m, NULL, NULL, 1, NULL, 1,
                            &q, -1) == 0 && q > lw)
        lw = (int)q;
    if (LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', n, m, 1, NULL, n, NULL, n, &q, -1) == 0 &&
        q > lw)
        lw = (int)q;
    if (LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, n, m, NULL, n, NULL, &q, -1) == 0 && q > lw)
        lw = (int)q;
    if (LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, n, n, m, NULL, n, NULL, &q, -1) == 0 && q > lw)
        lw = (int)q;
    if (LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, m, n, NULL, m, &iq, NULL, &q, -1) == 0 && q > lw)
        lw = (int)q;
    lw += 5 * N; /* margin: LAPACK's minimum sizes are linear in the dimensions */
    w->lwork = lw;
    size_t nn = (size_t)n * n, mn = (size_t)m * n;
    size_t total = 8 * (size_t)n + 7 * (size_t)m + 5 * mn + 3 * nn + (size_t)N * N + 2 * (size_t)N +
                   (size_t)lw;
    double *b = hesse__calloc(w->al, total, sizeof(double));
    w->jpvt = hesse__calloc(w->al, (size_t)n, sizeof(int));
    if (!b || !w->jpvt) {
        hesse__free(w->al, b);
        hesse__free(w->al, w->jpvt);
        w->jpvt = NULL;
        return hesse__message(msg, HESSE_ENOMEM,
                              "out of memory for a constrained problem with n = %d, m = %d", n,
                              m);
    }
    double **vec_n[] = {&w->g, &w->gt, &w->gp, &w->gm, &w->xt, &w->xs, &w->step, &w->lgrad};
    for (size_t k = 0; k < sizeof vec_n / sizeof *vec_n; k++, b += n) *vec_n[k] = b;
    double **vec_m[] = {&w->c, &w->ct, &w->cpl, &w->cmi, &w->sv, &w->lam_true, &w->lplus};
    for (size_t k = 0; k < sizeof vec_m / sizeof *vec_m; k++, b += m) *vec_m[k] = b;
    double **mat_mn[] = {&w->A, &w->At, &w->Ap, &w->Am, &w->Acopy};
    for (size_t k = 0; k < sizeof mat_mn / sizeof *mat_mn; k++, b += mn) *mat_mn[k] = b;
    double **mat_nn[] = {&w->W, &w->Htmp, &w->Q};
    for (size_t k = 0; k < sizeof mat_nn / sizeof *mat_nn; k++, b += nn) *mat_nn[k] = b;
    w->K = b;
    b += (size_t)N * N;
    w->rhs = b;
    b += N;
    w->tau = b;
    b += N;
    w->work = b;
    hesse_status st = hesse__symws_init(&w->ws, N, HESSE__ANALYSIS_KERNELS, w->al, msg);
    if (st != HESSE_SUCCESS) {
        hesse__free(w->al, w->g);
        hesse__free(w->al, w->jpvt);
        memset(w, 0, sizeof *w);
    }
    return st;
}

static void cws_free(cws *w)
{
    if (!w->al) return;
    hesse__free(w->al, w->g); /* first of the single block */
    hesse__free(w->al, w->jpvt);
    hesse__symws_free(&w->ws, w->al);
}

/* ---------------- solver ---------------- */

/* K = [[W + τI, Aᵀ], [A, 0]] (sense·W already in w->W), factorized in w->ws; 1 when
   its inertia is (n, m, 0). */
static hesse_status kkt_factor(cws *w, double shift, int *ok, char *msg)
{
    int n = w->n, m = w->m, N = w->N;
    memset(w->K, 0, (size_t)N * N * sizeof *w->K);
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) w->K[i + (size_t)j * N] = w->W[i + (size_t)j * n];
        w->K[j + (size_t)j * N] += shift;
        for (int i = 0; i < m; i++) {
            w->K[n + i + (size_t)j * N] = w->A[i + (size_t)j * m];
            w->K[j + (size_t)(n + i) * N] = w->A[i + (size_t)j * m];
        }
    }
    hesse_status st = hesse__ldlt_pivots(&w->ws, N, w->K, N, w->ws.w, msg);
    if (st != HESSE_SUCCESS) return st;
    int np, nn, nz;
    hesse__inertia(N, w->ws.w, hesse__zero_threshold(N, w->ws.w, w->opt->rtol), &np, &nn, &nz);
    *ok = np == n && nn == m && nz == 0;
    return HESSE_SUCCESS;
}

/* Solve with the factor left in w->ws by kkt_factor; rhs in/out (N values). */
static hesse_status kkt_solve(cws *w, double *rhs, char *msg)
{
    lapack_int info = LAPACKE_dsytrs_work(LAPACK_COL_MAJOR, 'L', w->N, 1, w->ws.a, w->N,
                                          w->ws.ipiv, rhs, w->N);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dsytrs returned info = %d", (int)info);
    return HESSE_SUCCESS;
}

static double norm1(int m, const double *c)
{
    double s = 0.0;
    for (int i = 0; i < m; i++) s += fabs(c[i]);
    return s;
}

/* f and c at a trial point; *ok = 0 when a callback refused or produced NaN/Inf there.
   Only an abort is returned as an error. */
static hesse_status trial(cws *w, const double *x, double *f, double *g, double *c,
                          double *A, int *ok, char *msg)
{
    char local[HESSE__MESSAGE_SIZE];
    hesse_status st = eval_f(w, x, f, g, local);
    if (st == HESSE_SUCCESS) st = eval_c(w, x, c, A, local);
    *ok = st == HESSE_SUCCESS;
    if (st == HESSE_ECALLBACK) return hesse__message(msg, st, "%s", local);
    return HESSE_SUCCESS;
}

hesse_status hesse_constrained_solve(const hesse_constrained_problem *cp, double *x,
                                     double *lambda, const hesse_analysis_options *opt_in,
                                     hesse_constrained_result *res_out)
{
    hesse_constrained_result res_local, *res = res_out ? res_out : &res_local;
    memset(res, 0, sizeof *res);
    res->f = res->kkt_norm = res->cnorm = NAN;
    hesse_analysis_options opt;
    hesse_status st = hesse__an_options(opt_in, &opt, res->message);
    if (st == HESSE_SUCCESS) st = check_cproblem(cp, cp ? cp->n : 0, x, res->message);
    if (st == HESSE_SUCCESS && !lambda)
        st = hesse__message(res->message, HESSE_EINVAL, "multiplier array lambda is NULL");
    if (st != HESSE_SUCCESS) return res->status = st;
    int n = cp->n, m = cp->m;
    res->n = n;
    res->m = m;
    double sense = cp->maximize ? -1.0 : 1.0;
    cws w;
    st = cws_init(&w, cp, &opt, res->message);
    if (st != HESSE_SUCCESS) return res->status = st;
    double f, ft, mu = 0.0, tau_last = 0.0;
    /* lambda_s: multipliers of sense·f, kept in the caller's array between steps and
       converted at the end. */
    double *lam = lambda;
    for (int i = 0; i < m; i++) lam[i] = NAN; /* until the least-squares estimate */
    st = eval_f(&w, x, &f, w.g, res->message);
    if (st == HESSE_SUCCESS) st = eval_c(&w, x, w.c, w.A, res->message);
    if (st == HESSE_SUCCESS) st = rank_check(&w, w.A, "at x0", res->message);
    if (st == HESSE_SUCCESS) {
        for (int j = 0; j < n; j++) w.gt[j] = sense * w.g[j];
        memcpy(w.lgrad, w.gt, (size_t)n * sizeof *w.gt);
        st = ls_multipliers(&w, w.lgrad, w.A, lam, res->message);
    }
    if (st != HESSE_SUCCESS) goto done;
    for (int it = 0;; it++) {
        res->iterations = it;
        /* True multipliers λ = sense·λ_s for the tests and the Hessian. */
        for (int i = 0; i < m; i++) w.lam_true[i] = sense * lam[i];
        lagrangian_gradient(n, m, w.g, w.A, w.lam_true, w.lgrad);
        res->f = f;
        res->kkt_norm = hesse__norm_inf(n, w.lgrad);
        res->cnorm = hesse__norm_inf(m, w.c);
        if (res->kkt_norm <= opt.solve_gtol * fmax(1.0, fabs(f)) &&
            res->cnorm <= opt.solve_gtol) {
            st = hesse__message(res->message, HESSE_SUCCESS,
                                "KKT point: ||grad L||_inf = %.3g, ||c||_inf = %.3g after %d "
                                "iterations",
                                res->kkt_norm, res->cnorm, it);
            break;
        }
        if (it >= opt.max_iter) {
            st = hesse__message(res->message, HESSE_MAX_ITER,
                                "max_iter = %d reached: ||grad L||_inf = %.3g, ||c||_inf = %.3g",
                                opt.max_iter, res->kkt_norm, res->cnorm);
            break;
        }
        /* W for sense·f: sense · ∇²L(x, λ). */
        st = lagrangian_hessian(&w, x, w.lam_true, res->message);
        if (st != HESSE_SUCCESS) break;
        for (long k = 0; k < (long)n * n; k++) w.W[k] *= sense;
        double shift = 0.0, wnorm = hesse__frobenius((size_t)n * n, w.W);
        int ok = 0;
        for (int t = 0; t < MAX_SHIFTS; t++) {
            st = kkt_factor(&w, shift, &ok, res->message);
            if (st != HESSE_SUCCESS || ok) break;
            shift = shift == 0.0 ? fmax(1e-4 * fmax(1.0, wnorm), tau_last / 3) : 10 * shift;
        }
        if (st != HESSE_SUCCESS) break;
        if (!ok) {
            st = hesse__message(res->message, HESSE_ESINGULAR,
                                "KKT matrix inertia could not be corrected to (%d, %d, 0) with "
                                "shifts up to %.3g",
                                n, m, shift);
            break;
        }
        if (shift > 0) tau_last = shift;
        if (shift > res->tau_max) res->tau_max = shift;
        /* [s; λ⁺] from K [s; λ⁺] = [-sense·g; -c]. */
        for (int j = 0; j < n; j++) w.rhs[j] = -sense * w.g[j];
        for (int i = 0; i < m; i++) w.rhs[n + i] = -w.c[i];
        st = kkt_solve(&w, w.rhs, res->message);
        if (st != HESSE_SUCCESS) break;
        memcpy(w.step, w.rhs, (size_t)n * sizeof *w.step);
        memcpy(w.lplus, w.rhs + n, (size_t)m * sizeof *w.lplus);
        double lam_max = hesse__norm_inf(m, w.lplus);
        /* μ > ‖λ⁺‖∞ makes D < 0 (N&W (18.31)); kept nondecreasing. */
        if (mu < lam_max + 1.0) mu = lam_max + 1.0;
        double c1 = norm1(m, w.c);
        double phi0 = sense * f + mu * c1, D = -mu * c1;
        for (int j = 0; j < n; j++) D += sense * w.g[j] * w.step[j];
        if (!(D < 0)) {
            st = hesse__message(res->message, HESSE_LINESEARCH_FAILED,
                                "SQP step is not a descent direction of the l1 merit function "
                                "(D = %.3g): no further progress",
                                D);
            break;
        }
        /* Full step, then one second-order correction, then backtracking. */
        int accepted = 0, okt;
        for (int j = 0; j < n; j++) w.xt[j] = x[j] + w.step[j];
        st = trial(&w, w.xt, &ft, w.gt, w.ct, w.Ap, &okt, res->message);
        if (st != HESSE_SUCCESS) break;
        if (okt && sense * ft + mu * norm1(m, w.ct) <= phi0 + ARMIJO_ETA * D) accepted = 1;
        if (!accepted && okt) {
            /* ŝ from K [ŝ; ·] = [0; -c(x + s)] (same factorization). */
            for (int j = 0; j < n; j++) w.rhs[j] = 0.0;
            for (int i = 0; i < m; i++) w.rhs[n + i] = -w.ct[i];
            st = kkt_solve(&w, w.rhs, res->message);
            if (st != HESSE_SUCCESS) break;
            for (int j = 0; j < n; j++) w.xs[j] = w.xt[j] + w.rhs[j];
            st = trial(&w, w.xs, &ft, w.gt, w.ct, w.Ap, &okt, res->message);
            if (st != HESSE_SUCCESS) break;
            if (okt && sense * ft + mu * norm1(m, w.ct) <= phi0 + ARMIJO_ETA * D) {
                accepted = 1;
                memcpy(w.xt, w.xs, (size_t)n * sizeof *w.xs);
            }
        }
        double alpha = 0.5;
        for (int k = 0; k < MAX_BACKTRACKS && !accepted; k++, alpha *= 0.5) {
            for (int j = 0; j < n; j++) w.xt[j] = x[j] + alpha * w.step[j];
            st = trial(&w, w.xt, &ft, w.gt, w.ct, w.Ap, &okt, res->message);
            if (st != HESSE_SUCCESS) break;
            if (okt && sense * ft + mu * norm1(m, w.ct) <= phi0 + ARMIJO_ETA * alpha * D)
                accepted = 1;
        }
        if (st != HESSE_SUCCESS) break;
        if (!accepted) {
            st = hesse__message(res->message, HESSE_LINESEARCH_FAILED,
                                "no step along the SQP direction decreases the l1 merit "
                                "function (mu = %.3g): no further progress",
                                mu);
            break;
        }
        memcpy(x, w.xt, (size_t)n * sizeof *x);
        memcpy(w.g, w.gt, (size_t)n * sizeof *w.g);
        memcpy(w.c, w.ct, (size_t)m * sizeof *w.c);
        memcpy(w.A, w.Ap, (size_t)m * n * sizeof *w.A);
        memcpy(lam, w.lplus, (size_t)m * sizeof *lam);
        f = ft;
        res->merit_mu = mu;
        st = rank_check(&w, w.A, "at an iterate", res->message);
        if (st != HESSE_SUCCESS) break;
    }
done:
    for (int i = 0; i < m; i++) lambda[i] *= sense;
    res->status = st;
    res->nfev = w.ev.solve.nfev;
    res->ncev = w.ev.solve.ncev;
    cws_free(&w);
    return st;
}

/* ---------------- classification ---------------- */

void hesse_constrained_report_clear(hesse_constrained_report *rep)
{
    if (!rep) return;
    void *arrays[] = {rep->x, rep->lambda, rep->lagrangian_hessian, rep->jacobian,
                      rep->reduced_eigenvalues, rep->perm, rep->bordered_minors};
    hesse__an_clear(rep->allocator_, arrays, 7, rep, sizeof *rep);
}

static hesse_point_kind kind_of(hesse_definiteness d)
{
    return hesse__point_kind(1, d == HESSE_DEFINITENESS_UNDECIDED
                                       ? HESSE_DEFINITENESS_POSITIVE_SEMIDEFINITE
                                       : d);
}

/* Reduced Hessian ZᵀWZ, Z = last n - m columns of Q in Aᵀ = QR. */
static hesse_status reduced_test(cws *w, hesse_constrained_report *rep, char *msg)
{
    int n = w->n, m = w->m, r = n - m;
    memset(w->Q, 0, (size_t)n * n * sizeof *w->Q);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) w->Q[j + (size_t)i * n] = w->A[i + (size_t)j * m];
    lapack_int info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, n, m, w->Q, n, w->tau, w->work,
                                          w->lwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dgeqrf returned info = %d", (int)info);
    info = LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, n, n, m, w->Q, n, w->tau, w->work, w->lwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dorgqr returned info = %d", (int)info);
    const double *Z = w->Q + (size_t)m * n;
    /* WZ into Htmp (n×r), then R = Zᵀ(WZ) into K (r×r). */
    for (int k = 0; k < r; k++)
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int j = 0; j < n; j++) s += w->W[i + (size_t)j * n] * Z[j + (size_t)k * n];
            w->Htmp[i + (size_t)k * n] = s;
        }
    for (int l = 0; l < r; l++)
        for (int k = 0; k < r; k++) {
            double s = 0.0;
            for (int i = 0; i < n; i++) s += Z[i + (size_t)k * n] * w->Htmp[i + (size_t)l * n];
            w->K[k + (size_t)l * r] = s;
        }
    for (int l = 0; l < r; l++) /* exact symmetry for dsyevr (lower triangle read) */
        for (int k = l + 1; k < r; k++)
            w->K[l + (size_t)k * r] = w->K[k + (size_t)l * r] =
                0.5 * (w->K[k + (size_t)l * r] + w->K[l + (size_t)k * r]);
    hesse_status st = hesse__sym_eigenvalues(&w->ws, r, w->K, r, rep->reduced_eigenvalues, msg);
    if (st != HESSE_SUCCESS) return st;
    hesse__inertia(r, rep->reduced_eigenvalues,
                    hesse__zero_threshold(r, rep->reduced_eigenvalues, w->opt->rtol), &rep->npos,
                    &rep->nneg, &rep->nzero);
    rep->kind_reduced =
        kind_of(hesse_definiteness_from_inertia(rep->npos, rep->nneg, rep->nzero));
    return HESSE_SUCCESS;
}

/* Bordered Hessian with the variables ordered by QR with column pivoting of A. */
static hesse_status bordered_test(cws *w, hesse_constrained_report *rep, char *msg)
{
    int n = w->n, m = w->m, N = w->N, r = n - m;
    memcpy(w->Acopy, w->A, (size_t)m * n * sizeof *w->A);
    for (int j = 0; j < n; j++) w->jpvt[j] = 0; /* all columns free */
    lapack_int info = LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, m, n, w->Acopy, m, w->jpvt,
                                          w->tau, w->work, w->lwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dgeqp3 returned info = %d", (int)info);
    for (int j = 0; j < n; j++) rep->perm[j] = w->jpvt[j] - 1;
    /* B = [[0, A P], [(A P)ᵀ, Pᵀ W P]]. */
    memset(w->K, 0, (size_t)N * N * sizeof *w->K);
    for (int k = 0; k < n; k++) {
        int pk = rep->perm[k];
        for (int i = 0; i < m; i++) {
            double a = w->A[i + (size_t)pk * m];
            w->K[i + (size_t)(m + k) * N] = a;
            w->K[m + k + (size_t)i * N] = a;
        }
        for (int l = 0; l < n; l++)
            w->K[m + l + (size_t)(m + k) * N] = w->W[rep->perm[l] + (size_t)pk * n];
    }
    /* Minors of orders 2m+1..m+n; their signs go to jpvt, free again now that perm
       holds the permutation. */
    double zero_tol = w->opt->rtol * fmax(1.0, hesse__frobenius((size_t)N * N, w->K));
    for (int q = 1; q <= r; q++) {
        int s;
        hesse_status st = hesse__leading_minor(&w->ws, 2 * m + q, w->K, N, zero_tol,
                                                  &rep->bordered_minors[q - 1], &s, msg);
        if (st != HESSE_SUCCESS) return st;
        /* t_q = (-1)^m sign det B_{2m+q} = sign det of the q-th leading block of one
           reduced Hessian (hesse.h): Sylvester's criterion on the t_q. */
        w->jpvt[q - 1] = m % 2 ? -s : s;
    }
    int np, nn, nz;
    hesse_definiteness d = hesse__sylvester_verdict(r, w->jpvt, &np, &nn, &nz);
    rep->kind_bordered = kind_of(d);
    return HESSE_SUCCESS;
}

hesse_status hesse_constrained_classify(const hesse_constrained_problem *cp, int nx,
                                        const double *x, const double *lambda,
                                        const hesse_analysis_options *opt_in,
                                        hesse_constrained_report *rep)
{
    if (!rep) return HESSE_EINVAL;
    memset(rep, 0, sizeof *rep);
    rep->f = rep->kkt_norm = rep->cnorm = NAN;
    rep->npos = rep->nneg = rep->nzero = -1;
    hesse_analysis_options opt;
    hesse_status st = hesse__an_options(opt_in, &opt, rep->message);
    if (st != HESSE_SUCCESS) return st;
    rep->allocator_ = opt.allocator;
    st = check_cproblem(cp, nx, x, rep->message);
    if (st != HESSE_SUCCESS) return st;
    int n = cp->n, m = cp->m, r = n - m;
    const hesse_allocator *al = &opt.allocator;
    rep->n = n;
    rep->m = m;
    rep->x = hesse__calloc(al, (size_t)n, sizeof(double));
    rep->lambda = hesse__calloc(al, (size_t)m, sizeof(double));
    rep->lagrangian_hessian = hesse__calloc(al, (size_t)n * n, sizeof(double));
    rep->jacobian = hesse__calloc(al, (size_t)m * n, sizeof(double));
    rep->reduced_eigenvalues = hesse__calloc(al, (size_t)r, sizeof(double));
    rep->perm = hesse__calloc(al, (size_t)n, sizeof(int));
    rep->bordered_minors = hesse__calloc(al, (size_t)r, sizeof(double));
    if (!rep->x || !rep->lambda || !rep->lagrangian_hessian || !rep->jacobian ||
        !rep->reduced_eigenvalues || !rep->perm || !rep->bordered_minors) {
        hesse_constrained_report_clear(rep);
        rep->allocator_ = opt.allocator;
        return hesse__message(rep->message, HESSE_ENOMEM,
                              "out of memory for the report of a constrained point with n = "
                              "%d, m = %d",
                              n, m);
    }
    memcpy(rep->x, x, (size_t)n * sizeof *x);
    cws w;
    st = cws_init(&w, cp, &opt, rep->message);
    if (st != HESSE_SUCCESS) return st;
    st = eval_f(&w, x, &rep->f, w.g, rep->message);
    if (st == HESSE_SUCCESS) st = eval_c(&w, x, w.c, w.A, rep->message);
    if (st == HESSE_SUCCESS) st = rank_check(&w, w.A, "at x", rep->message);
    if (st != HESSE_SUCCESS) goto done;
    if (lambda)
        memcpy(rep->lambda, lambda, (size_t)m * sizeof *lambda);
    else if ((st = ls_multipliers(&w, w.g, w.A, rep->lambda, rep->message)) != HESSE_SUCCESS)
        goto done;
    memcpy(rep->jacobian, w.A, (size_t)m * n * sizeof *w.A);
    lagrangian_gradient(n, m, w.g, w.A, rep->lambda, w.lgrad);
    rep->kkt_norm = hesse__norm_inf(n, w.lgrad);
    rep->cnorm = hesse__norm_inf(m, w.c);
    rep->stationary =
        rep->kkt_norm <= opt.gtol * fmax(1.0, fabs(rep->f)) && rep->cnorm <= opt.gtol;
    st = lagrangian_hessian(&w, x, rep->lambda, rep->message);
    if (st != HESSE_SUCCESS) goto done;
    memcpy(rep->lagrangian_hessian, w.W, (size_t)n * n * sizeof *w.W);
    st = reduced_test(&w, rep, rep->message);
    if (st != HESSE_SUCCESS) goto done;
    st = bordered_test(&w, rep, rep->message);
    if (st != HESSE_SUCCESS) goto done;
    rep->consistent = rep->kind_reduced == rep->kind_bordered;
    rep->kind = rep->stationary ? rep->kind_reduced : HESSE_POINT_NOT_STATIONARY;
    hesse__message(rep->message, HESSE_SUCCESS,
                   "constrained %s: ||grad L||_inf = %.3g, ||c||_inf = %.3g; reduced Hessian "
                   "inertia (%d, %d, %d), bordered Hessian test: %s%s",
                   hesse_point_kind_name(rep->kind), rep->kkt_norm, rep->cnorm, rep->npos,
                   rep->nneg, rep->nzero, hesse_point_kind_name(rep->kind_bordered),
                   rep->consistent ? "" : " (the two tests disagree)");
done:
    cws_free(&w);
    return st;
}
