/*
 * Generic layer for systems of nonlinear equations F(x) = 0: options and their
 * checks, the solver object, the counting evaluation wrapper (which also rejects
 * non-finite values), finite-difference Jacobians, the LU factorization with its
 * determinant and condition estimate, the step (Newton or Broyden direction,
 * Levenberg–Marquardt fallback, backtracking line search on φ = ½‖F‖²), and the
 * stopping tests, all in hesse__roots_stop. The methods (solvers/roots_*.c) only
 * decide which matrix a step uses and how it is renewed.
 *
 * References: J. E. Dennis & R. B. Schnabel, Numerical Methods for Unconstrained
 * Optimization and Nonlinear Equations (SIAM, 1996): Newton with a line search on
 * ½‖F‖² (section 6.5; section 6.3 and Algorithm A6.3.1 for the backtracking with
 * quadratic interpolation and the step-length cap max_step), forward differences
 * with h_j = sqrt(eps) max(|x_j|, 1) (section 5.4). J. Nocedal & S. J. Wright,
 * Numerical Optimization, 2nd ed. (Springer, 2006), chapter 11 (the merit function,
 * Levenberg–Marquardt steps where J is singular).
 * J. Fan & Y. Yuan, Computing 74 (2005) 23–39: the choice μ = ‖F‖ of the
 * Levenberg–Marquardt parameter.
 *
 * Evaluation counts: nfev counts calls with J == NULL, njev Jacobians formed (the
 * evaluator's nhev). Every call goes through the evaluator (src/eval), which checks
 * the budget first, so that a solve never makes more than max_evals evaluations.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include "roots_internal.h"

static const hesse__roots_method_table *const method_tables[] = {
    &hesse__roots_newton,
    &hesse__roots_broyden,
};
#define NMETHODS ((int)(sizeof method_tables / sizeof method_tables[0]))

const char *hesse_roots_method_name(hesse_roots_method m)
{
    for (int i = 0; i < NMETHODS; i++)
        if (method_tables[i]->id == m) return method_tables[i]->name;
    return "unknown";
}

int hesse_roots_method_find(const char *name, hesse_roots_method *m)
{
    if (!name || !m) return 0;
    for (int i = 0; i < NMETHODS; i++) {
        if (strcmp(method_tables[i]->name, name) == 0) {
            *m = method_tables[i]->id;
            return 1;
        }
    }
    return 0;
}

void hesse_roots_options_init(hesse_roots_options *opt)
{
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->method = HESSE_ROOTS_NEWTON;
    opt->ftol = 1e-10;
    opt->xtol = 1e-15;
    opt->max_iter = 200;
    opt->max_evals = 100000;
    opt->c1 = 1e-4;
    opt->ls_max_evals = 30;
    opt->max_step = 0.0;
    opt->fd_step = 0.0;
    opt->fd_central = 0;
    opt->rcond_min = 100.0 * DBL_EPSILON;
    opt->alpha_fallback = 0.05;
    opt->broyden_restart_iter = 5;
    opt->broyden_restart_ratio = 0.9;
    opt->trace = NULL;
    opt->trace_data = NULL;
    opt->allocator.malloc = NULL;
    opt->allocator.free = NULL;
    opt->allocator.data = NULL;
}


/* ---- options ---------------------------------------------------------------- */

/* Writes the message and returns 0 when a field is out of range. Doubles are
   tested as !(in range) so that NaN is rejected too. */
static int check_options(const hesse_roots_options *o, char *msg, size_t size)
{
#define BAD(...) (snprintf(msg, size, __VA_ARGS__), 0)
    if (o->method != HESSE_ROOTS_NEWTON && o->method != HESSE_ROOTS_BROYDEN)
        return BAD("option method = %d is not a roots method (newton 0, broyden 1)",
                   (int)o->method);
    if (!(o->ftol >= 0)) return BAD("option ftol = %g must be >= 0", o->ftol);
    if (!(o->xtol >= 0)) return BAD("option xtol = %g must be >= 0", o->xtol);
    if (o->max_iter < 0) return BAD("option max_iter = %d must be >= 0", o->max_iter);
    if (o->max_evals < 1) return BAD("option max_evals = %ld must be >= 1", o->max_evals);
    if (!(o->c1 > 0 && o->c1 < 0.5)) return BAD("option c1 = %g must be in (0, 0.5)", o->c1);
    if (o->ls_max_evals < 1)
        return BAD("option ls_max_evals = %d must be >= 1", o->ls_max_evals);
    if (!(o->max_step >= 0 && o->max_step <= DBL_MAX))
        return BAD("option max_step = %g must be finite and >= 0", o->max_step);
    if (!(o->fd_step >= 0 && o->fd_step <= DBL_MAX))
        return BAD("option fd_step = %g must be finite and >= 0", o->fd_step);
    if (o->fd_central != 0 && o->fd_central != 1)
        return BAD("option fd_central = %d must be 0 or 1", o->fd_central);
    if (!(o->rcond_min >= 0 && o->rcond_min < 1))
        return BAD("option rcond_min = %g must be in [0, 1)", o->rcond_min);
    if (!(o->alpha_fallback >= 0 && o->alpha_fallback < 1))
        return BAD("option alpha_fallback = %g must be in [0, 1)", o->alpha_fallback);
    if (o->broyden_restart_iter < 1)
        return BAD("option broyden_restart_iter = %d must be >= 1", o->broyden_restart_iter);
    if (!(o->broyden_restart_ratio > 0 && o->broyden_restart_ratio <= 1))
        return BAD("option broyden_restart_ratio = %g must be in (0, 1]",
                   o->broyden_restart_ratio);
    const char *bad_allocator = hesse__allocator_check(&o->allocator);
    if (bad_allocator) return BAD("%s", bad_allocator);
    return 1;
#undef BAD
}

/* ---- Jacobian ------------------------------------------------------------------ */

hesse_status hesse__roots_jacobian(hesse_roots_solver *s)
{
    int rc = hesse__eval_jacobian(&s->ev, s->x, s->F, s->A);
    if (rc == HESSE__EVAL_SHORT) return HESSE_MAX_EVALS;
    if (rc != HESSE__EVAL_OK) return s->ev.status;
    /* The new matrix is complete: swap it in, so that a failure above leaves J. */
    double *tmp = s->J;
    s->J = s->A;
    s->A = tmp;
    return HESSE_RUNNING;
}
int hesse__roots_factor(hesse_roots_solver *s)
{
    char msg[HESSE__MESSAGE_SIZE];
    hesse_status st = hesse__lu_factor(s->n, s->J, s->LU, s->ipiv, s->work, s->iwork,
                                       &s->lu_info, &s->rcond, msg);
    s->factored = st == HESSE_SUCCESS;
    s->jacobian_at_x = 1;
    if (st != HESSE_SUCCESS) {
        hesse__fail(&s->ev, st, "%s", msg);
        return -1;
    }
    return s->lu_info == 0 && s->rcond >= s->opt.rcond_min;
}

/* ---- step and line search ------------------------------------------------------- */

/* Backtracking on φ = ½‖F‖² along d with slope σ = ∇φᵀd < 0 (Dennis & Schnabel 6.3):
   accept α when φ(x + αd) <= φ(x) + c1 α σ; else α <- argmin of the quadratic
   q(t) = φ(x) + σ t + (φ(x + αd) - φ(x) - σα) t²/α², i.e.
   α_q = -σ α² / (2 (φ(x + αd) - φ(x) - σ α)), kept in [0.1 α, 0.5 α]. */
static int linesearch(hesse_roots_solver *s, double slope, double alpha_min)
{
    int n = s->n;
    double phi0 = 0.5 * s->fnorm2 * s->fnorm2;
    double alpha = 1.0;
    for (int trial = 0; trial < s->opt.ls_max_evals; trial++) {
        int moved = 0;
        for (int i = 0; i < n; i++) {
            s->xt[i] = s->x[i] + alpha * s->d[i];
            moved |= s->xt[i] != s->x[i];
        }
        if (!moved) return HESSE__STEP_FAILED;
        int r = hesse__eval_system(&s->ev, s->xt, s->Ft, NULL);
        s->ls_evals++;
        if (r == HESSE__EVAL_STOP) return HESSE__STEP_TERMINAL;
        if (r != HESSE__EVAL_OK) {
            alpha *= 0.5;
            if (alpha < alpha_min) return HESSE__STEP_FAILED;
            continue;
        }
        double fnorm2 = cblas_dnrm2(n, s->Ft, 1);
        double phi = 0.5 * fnorm2 * fnorm2;
        if (phi <= phi0 + s->opt.c1 * alpha * slope) {
            double step = 0.0;
            for (int i = 0; i < n; i++) step = fmax(step, fabs(s->xt[i] - s->x[i]));
            s->step_norm = step;
            s->xprev_norm = hesse__norm_inf(n, s->x);
            s->alpha = alpha;
            /* Rotate: x_prev <- x <- trial, no copies. */
            double *t = s->x_prev;
            s->x_prev = s->x;
            s->x = s->xt;
            s->xt = t;
            t = s->F_prev;
            s->F_prev = s->F;
            s->F = s->Ft;
            s->Ft = t;
            s->fnorm = hesse__norm_inf(n, s->F);
            s->fnorm2 = fnorm2;
            return HESSE__STEP_ACCEPTED;
        }
        double denom = 2.0 * (phi - phi0 - slope * alpha);
        double next = -slope * alpha * alpha / denom;
        if (!(next >= 0.1 * alpha)) next = 0.1 * alpha; /* also when φ overflowed */
        if (next > 0.5 * alpha) next = 0.5 * alpha;
        alpha = next;
        if (alpha < alpha_min) return HESSE__STEP_FAILED;
    }
    return HESSE__STEP_FAILED;
}

/* d <- d · max_step / ‖d‖₂ when ‖d‖₂ > max_step; returns the factor applied. */
static double cap_step(hesse_roots_solver *s)
{
    double dn = cblas_dnrm2(s->n, s->d, 1);
    if (!(dn > s->max_step)) return 1.0;
    double scale = s->max_step / dn;
    cblas_dscal(s->n, scale, s->d, 1);
    return scale;
}

/* d = -M⁻¹F from the LU factors of M (J or B). */
static int lu_direction(hesse_roots_solver *s)
{
    int n = s->n;
    for (int i = 0; i < n; i++) s->d[i] = -s->F[i];
    int info = hesse__lu_solve(n, s->LU, s->ipiv, s->d);
    if (info != 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dgetrs returned info = %d", (int)info);
        return -1;
    }
    return hesse__all_finite((size_t)n, s->d);
}

/* Levenberg–Marquardt step (JᵀJ + μI) d = -JᵀF with μ = ‖F‖₂ + sqrt(eps) max(1, ‖JᵀJ‖₁),
   by Cholesky; the steepest-descent direction -JᵀF of φ when Cholesky fails. Needs g. */
static int lm_direction(hesse_roots_solver *s)
{
    int n = s->n;
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, n, n, 1.0, s->J, n, 0.0, s->A, n);
    double norm = LAPACKE_dlansy_work(LAPACK_COL_MAJOR, '1', 'L', n, s->A, n, s->work);
    double mu = s->fnorm2 + sqrt(DBL_EPSILON) * fmax(1.0, norm);
    for (int i = 0; i < n; i++) s->A[i + (size_t)i * n] += mu;
    for (int i = 0; i < n; i++) s->d[i] = -s->g[i];
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, s->A, n);
    if (info < 0) {
        hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrf returned info = %d", (int)info);
        return -1;
    }
    if (info == 0) {
        info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, s->A, n, s->d, n);
        if (info != 0) {
            hesse__fail(&s->ev, HESSE_ELAPACK, "dpotrs returned info = %d", (int)info);
            return -1;
        }
    }
    return 0;
}

int hesse__roots_step(hesse_roots_solver *s, int exact)
{
    int n = s->n;
    int usable = s->factored && s->lu_info == 0 && s->rcond >= s->opt.rcond_min;
    s->step_rcond = s->factored ? s->rcond : NAN;
    s->step_info = s->lu_info;
    s->step_singular = !usable;
    if (usable) {
        int ok = lu_direction(s);
        if (ok < 0) return HESSE__STEP_TERMINAL;
        if (ok) {
            double scale = cap_step(s);
            double slope;
            if (exact) {
                /* g = JᵀF = ∇φ; σ = gᵀd, which is -scale·‖F‖² up to rounding for the
                   Newton step: a non-negative value means J is unreliable. */
                cblas_dgemv(CblasColMajor, CblasTrans, n, n, 1.0, s->J, n, s->F, 1, 0.0,
                            s->g, 1);
                slope = cblas_ddot(n, s->g, 1, s->d, 1);
            } else {
                /* Model slope: B d = -scale·F gives (BᵀF)ᵀd = -scale·‖F‖². */
                slope = -scale * s->fnorm2 * s->fnorm2;
            }
            if (slope < 0) {
                int r = linesearch(s, slope, s->opt.alpha_fallback);
                if (r != HESSE__STEP_FAILED) return r;
            }
        }
    }
    if (!exact) return HESSE__STEP_FAILED;
    /* Fallback: the Newton step is unavailable, not a descent direction, or failed. */
    s->fallback = 1;
    cblas_dgemv(CblasColMajor, CblasTrans, n, n, 1.0, s->J, n, s->F, 1, 0.0, s->g, 1);
    if (lm_direction(s) < 0) return HESSE__STEP_TERMINAL;
    (void)cap_step(s);
    double slope = cblas_ddot(n, s->g, 1, s->d, 1);
    if (!(slope < 0)) return HESSE__STEP_FAILED; /* JᵀF = 0: φ is stationary at x */
    return linesearch(s, slope, 0.0);
}

hesse_status hesse__roots_fail(hesse_roots_solver *s)
{
    /* A singular step matrix is always a true Jacobian here: a singular Broyden B
       is replaced by J before any step is tried from it. */
    if (s->step_singular) {
        char why[96];
        if (!s->factored)
            snprintf(why, sizeof why, "not factored");
        else if (s->step_info > 0)
            snprintf(why, sizeof why, "dgetrf: exact zero pivot U(%d,%d)", s->step_info,
                     s->step_info);
        else
            snprintf(why, sizeof why, "rcond = %.3g < rcond_min = %.3g", s->step_rcond,
                     s->opt.rcond_min);
        return hesse__fail(
            &s->ev, HESSE_ESINGULAR,
            "the Jacobian of the last step was singular (%s) and no further step "
            "decreases 1/2 ||F||^2 (||F||_inf = %.6g, iteration %d): x is probably near "
            "a minimizer of ||F|| that is not a root, or near a root with a singular "
            "Jacobian",
            why, s->fnorm, s->iterations);
    }
    return hesse__fail(&s->ev, HESSE_LINESEARCH_FAILED,
                               "line search found no decrease of 1/2 ||F||^2 from "
                               "||F||_inf = %.6g in %d evaluations (iteration %d)",
                               s->fnorm, s->ls_evals, s->iterations);
}

/* The stopping tests at the current point, in the documented order, after the trace
   callback has seen it. */
static hesse_status stopping_tests(hesse_roots_solver *s)
{
    int stop_requested = 0;
    if (s->opt.trace) {
        hesse_roots_iteration it;
        it.iteration = s->iterations;
        it.n = s->n;
        it.x = s->x;
        it.F = s->F;
        it.fnorm = s->fnorm;
        it.fnorm2 = s->fnorm2;
        it.step_norm = s->step_norm;
        it.alpha = s->alpha;
        it.ls_evals = s->ls_evals;
        it.fallback = s->fallback;
        it.restarted = s->restarted;
        it.rcond = s->step_rcond;
        it.nfev = s->ev.solve.nfev;
        it.njev = s->ev.solve.nhev;
        stop_requested = s->opt.trace(&it, s->opt.trace_data) != 0;
    }
    const hesse_roots_options *o = &s->opt;
    /* 1. residual test */
    if (s->fnorm <= o->ftol)
        return hesse__fail(&s->ev, HESSE_SUCCESS,
                                   "residual test met: ||F||_inf = %.3g <= ftol = %.3g "
                                   "after %d iterations",
                                   s->fnorm, o->ftol, s->iterations);
    /* 2. step test */
    if (s->iterations > 0 && s->step_norm <= o->xtol * fmax(1.0, s->xprev_norm)) {
        if (s->step_singular) return hesse__roots_fail(s);
        return hesse__fail(&s->ev, HESSE_SMALL_STEP,
                                   "step test met: ||x_k - x_k-1||_inf = %.3g <= xtol * "
                                   "max(1, ||x_k-1||_inf) with xtol = %.3g; ||F||_inf = %.3g",
                                   s->step_norm, o->xtol, s->fnorm);
    }
    /* 3. iteration limit */
    if (s->iterations >= o->max_iter)
        return hesse__fail(&s->ev, HESSE_MAX_ITER,
                                   "iteration limit max_iter = %d reached; ||F||_inf = %.3g",
                                   o->max_iter, s->fnorm);
    /* 4. evaluation limit */
    if (hesse__eval_used(&s->ev) >= o->max_evals || s->budget_short)
        return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                                   "evaluation limit max_evals = %ld reached%s (nfev %ld, "
                                   "njev %ld); ||F||_inf = %.3g",
                                   o->max_evals,
                                   s->budget_short ? " before the next Jacobian" : "",
                                   s->ev.solve.nfev, s->ev.solve.nhev, s->fnorm);
    /* 5. trace */
    if (stop_requested)
        return hesse__fail(&s->ev, HESSE_STOPPED,
                                   "stopped by the trace callback at iteration %d",
                                   s->iterations);
    return HESSE_RUNNING;
}

hesse_status hesse__roots_stop(hesse_roots_solver *s)
{
    s->iterations++;
    s->ev.iteration = s->iterations;
    if (s->fallback) s->fallback_steps++;
    if (s->restarted) s->restarts++;
    return stopping_tests(s);
}

/* ---- solver object ------------------------------------------------------------------ */

static const hesse__roots_method_table *table_of(hesse_roots_method m)
{
    for (int i = 0; i < NMETHODS; i++)
        if (method_tables[i]->id == m) return method_tables[i];
    return NULL;
}

/* Carve the workspace out of one block: method state, 8n + 3n (the evaluator's) + 4n
   doubles, three n*n matrices, 2n ints. Returns 0 when the sizes overflow size_t. */
static size_t block_bytes(int n, size_t state_bytes)
{
    size_t un = (size_t)n;
    size_t align = 2 * sizeof(double);
    size_t state = (state_bytes + align - 1) / align * align;
    if (un > (SIZE_MAX / 4) / un / sizeof(double)) return 0;
    return state + (15 * un + 3 * un * un) * sizeof(double) + 2 * un * sizeof(int);
}

static void carve(hesse_roots_solver *s, size_t state_bytes)
{
    size_t n = (size_t)s->n;
    size_t align = 2 * sizeof(double);
    char *p = s->block;
    s->state = p;
    p += (state_bytes + align - 1) / align * align;
    double *v = (double *)p;
    double **vecs[] = {&s->x, &s->F, &s->x_prev, &s->F_prev, &s->xt, &s->Ft, &s->d, &s->g};
    for (size_t k = 0; k < sizeof vecs / sizeof vecs[0]; k++, v += n) *vecs[k] = v;
    s->ev.work = v;
    v += 3 * n;
    s->work = v;
    v += 4 * n;
    s->J = v;
    v += n * n;
    s->A = v;
    v += n * n;
    s->LU = v;
    v += n * n;
    int *iv = (int *)v;
    s->ipiv = iv;
    s->iwork = iv + n;
}

/* Everything create does after the solver object exists. */
static hesse_status start(hesse_roots_solver *s, const hesse_system *sys, const double *x0,
                          const hesse_roots_options *opt)
{
    char msg[200];
    if (!sys) return hesse__fail(&s->ev, HESSE_EINVAL, "sys is NULL");
    if (!x0) return hesse__fail(&s->ev, HESSE_EINVAL, "x0 is NULL");
    if (sys->n < 1) return hesse__fail(&s->ev, HESSE_EINVAL, "sys->n = %d must be >= 1", sys->n);
    if (!sys->function) return hesse__fail(&s->ev, HESSE_EINVAL, "sys->function is NULL");
    if (sys->has_jacobian != 0 && sys->has_jacobian != 1)
        return hesse__fail(&s->ev, HESSE_EINVAL, "sys->has_jacobian = %d must be 0 or 1",
                                   sys->has_jacobian);
    if (!check_options(opt, msg, sizeof msg))
        return hesse__fail(&s->ev, HESSE_EINVAL, "%s", msg);
    hesse__eval_init_system(&s->ev, sys, opt->fd_step, opt->fd_central, opt->max_evals, NULL);
    s->ev.iteration = 0;
    s->n = sys->n;
    s->method = table_of(opt->method);

    size_t bytes = block_bytes(s->n, s->method->state_bytes);
    if (bytes == 0)
        return hesse__fail(&s->ev, HESSE_ETOOBIG,
                                   "n = %d: three n*n matrices do not fit in memory sizes",
                                   s->n);
    s->block = hesse__calloc(&s->opt.allocator, 1, bytes);
    if (!s->block)
        return hesse__fail(&s->ev, HESSE_ENOMEM,
                                   "out of memory allocating the %zu-byte workspace for n = %d",
                                   bytes, s->n);
    carve(s, s->method->state_bytes);
    int n = s->n;
    memcpy(s->x, x0, (size_t)n * sizeof *s->x);

    /* F(x0): a refusal or a non-finite value here is an error, not a shorter step. */
    int r = hesse__eval_system(&s->ev, s->x, s->F, NULL);
    if (hesse__eval_terminal(&s->ev, r, "system F", HESSE__AT_START, "") != HESSE__EVAL_OK)
        return s->ev.status;
    s->have_f = 1;
    s->fnorm = hesse__norm_inf(n, s->F);
    s->fnorm2 = cblas_dnrm2(n, s->F, 1);

    s->max_step = opt->max_step > 0 ? opt->max_step
                                    : 1e3 * fmax(1.0, cblas_dnrm2(n, s->x, 1));

    hesse_status st = hesse__roots_jacobian(s);
    if (st == HESSE_MAX_EVALS)
        return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                                   "max_evals = %ld leaves too few evaluations for the first "
                                   "Jacobian",
                                   opt->max_evals);
    if (st != HESSE_RUNNING) return st;
    if (hesse__roots_factor(s) < 0) return s->ev.status;
    s->step_rcond = s->rcond;
    if (s->method->start) s->method->start(s);
    return stopping_tests(s);
}

/* The wall time of a solve is taken when it ends. */
static hesse_status timed(hesse_roots_solver *s, hesse_status st)
{
    if (st != HESSE_RUNNING) s->seconds = hesse__now() - s->t_start;
    return st;
}

hesse_status hesse_roots_solver_create(const hesse_system *sys, const double *x0,
                                       const hesse_roots_options *opt,
                                       hesse_roots_solver **out)
{
    if (!out) return HESSE_EINVAL;
    *out = NULL;
    hesse_roots_options defaults;
    if (!opt) {
        hesse_roots_options_init(&defaults);
        opt = &defaults;
    }
    /* A half-set allocator is rejected by start(); until then the funnel treats it as
       the C library's, and so does hesse_roots_solver_free. */
    hesse_roots_solver *s = hesse__calloc(&opt->allocator, 1, sizeof *s);
    if (!s) return HESSE_ENOMEM;
    s->opt = *opt;
    /* An evaluator without a system holds the status and message until sys is valid. */
    static const hesse_system no_system;
    hesse__eval_init_system(&s->ev, &no_system, 0.0, 0, 0, NULL);
    s->t_start = hesse__now();
    s->fnorm = s->fnorm2 = NAN;
    s->step_norm = s->alpha = s->step_rcond = s->rcond = NAN;
    *out = s;
    return timed(s, start(s, sys, x0, opt));
}

hesse_status hesse_roots_solver_iterate(hesse_roots_solver *s)
{
    if (!s) return HESSE_EINVAL;
    if (s->ev.status != HESSE_RUNNING) return s->ev.status;
    s->step_norm = s->alpha = s->step_rcond = NAN;
    s->ls_evals = s->fallback = s->restarted = s->step_singular = 0;
    return timed(s, s->method->iterate(s));
}

hesse_status hesse_roots_solver_status(const hesse_roots_solver *s)
{
    return s ? s->ev.status : HESSE_EINVAL;
}

const char *hesse_roots_solver_message(const hesse_roots_solver *s)
{
    return s ? s->ev.message : "solver is NULL";
}

const double *hesse_roots_solver_x(const hesse_roots_solver *s)
{
    return s && s->block ? s->x : NULL;
}

const double *hesse_roots_solver_f(const hesse_roots_solver *s)
{
    return s && s->have_f ? s->F : NULL;
}

const double *hesse_roots_solver_jacobian(const hesse_roots_solver *s)
{
    return s && s->factored ? s->J : NULL;
}

int hesse_roots_solver_iterations(const hesse_roots_solver *s)
{
    return s ? s->iterations : 0;
}

hesse_status hesse_roots_solver_result(const hesse_roots_solver *s, hesse_roots_result *res)
{
    if (!res) return s ? s->ev.status : HESSE_EINVAL;
    memset(res, 0, sizeof *res);
    if (!s) {
        res->status = HESSE_EINVAL;
        res->fnorm = res->fnorm2 = res->log_abs_det = res->rcond = NAN;
        snprintf(res->message, sizeof res->message, "solver is NULL");
        return res->status;
    }
    res->status = s->ev.status;
    res->method = s->opt.method;
    res->fnorm = s->have_f ? s->fnorm : NAN;
    res->fnorm2 = s->have_f ? s->fnorm2 : NAN;
    res->iterations = s->iterations;
    res->nfev = s->ev.solve.nfev;
    res->njev = s->ev.solve.nhev;
    res->restarts = s->restarts;
    res->fallback_steps = s->fallback_steps;
    res->jacobian_at_x = s->factored && s->jacobian_at_x;
    res->det_sign = 0;
    res->log_abs_det = NAN;
    res->rcond = NAN;
    if (s->factored) {
        res->rcond = s->rcond;
        if (s->lu_info > 0)
            res->log_abs_det = -INFINITY;
        else
            hesse__lu_log_det(s->n, s->LU, s->ipiv, &res->det_sign, &res->log_abs_det);
    }
    res->seconds = s->ev.status == HESSE_RUNNING ? hesse__now() - s->t_start : s->seconds;
    snprintf(res->message, sizeof res->message, "%s", s->ev.message);
    return res->status;
}

void hesse_roots_solver_free(hesse_roots_solver *s)
{
    if (!s) return;
    hesse_allocator alloc = s->opt.allocator;
    hesse__free(&alloc, s->block);
    hesse__free(&alloc, s);
}

hesse_status hesse_roots_solve(const hesse_system *sys, double *x,
                               const hesse_roots_options *opt, hesse_roots_result *res)
{
    hesse_roots_solver *s = NULL;
    hesse_status st = hesse_roots_solver_create(sys, x, opt, &s);
    if (!s) {
        if (res) {
            memset(res, 0, sizeof *res);
            res->status = st;
            res->fnorm = res->fnorm2 = res->log_abs_det = res->rcond = NAN;
            snprintf(res->message, sizeof res->message, "%s",
                     st == HESSE_ENOMEM ? "out of memory allocating the solver object"
                                        : "invalid argument");
        }
        return st;
    }
    while (st == HESSE_RUNNING) st = hesse_roots_solver_iterate(s);
    if (res) hesse_roots_solver_result(s, res);
    if (x && s->block) memcpy(x, s->x, (size_t)s->n * sizeof *x);
    hesse_roots_solver_free(s);
    return st;
}
