/*
 * The roots solver object and driver: validation, the one allocation of all
 * workspace, the Jacobian at the current point (by the evaluator, src/eval) and its
 * LU factors (src/linalg), the iteration loop around a method, the result.
 *
 * Evaluation counts: nfev counts calls with J == NULL, njev Jacobians formed (the
 * evaluator's nhev). Every call goes through the evaluator, which checks the budget
 * first, so that a solve never makes more than max_evals evaluations.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cblas.h>

#include "roots/roots_internal.h"

/* ---- the matrix at x ---------------------------------------------------------------- */

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

/* ---- solver object ------------------------------------------------------------------ */

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
    char msg[HESSE__MESSAGE_SIZE];
    if (!sys) return hesse__fail(&s->ev, HESSE_EINVAL, "sys is NULL");
    if (!x0) return hesse__fail(&s->ev, HESSE_EINVAL, "x0 is NULL");
    if (sys->n < 1) return hesse__fail(&s->ev, HESSE_EINVAL, "sys->n = %d must be >= 1", sys->n);
    if (!sys->function) return hesse__fail(&s->ev, HESSE_EINVAL, "sys->function is NULL");
    if (sys->has_jacobian != 0 && sys->has_jacobian != 1)
        return hesse__fail(&s->ev, HESSE_EINVAL, "sys->has_jacobian = %d must be 0 or 1",
                                   sys->has_jacobian);
    if (hesse__roots_check_options(opt, msg) != HESSE_SUCCESS)
        return hesse__fail(&s->ev, HESSE_EINVAL, "%s", msg);
    hesse__eval_init_system(&s->ev, sys, opt->fd_step, opt->fd_central, opt->max_evals, NULL);
    s->ev.iteration = 0;
    s->n = sys->n;
    s->method = hesse__roots_method_of(opt->method);

    size_t bytes = block_bytes(s->n, s->method->state_size);
    if (bytes == 0)
        return hesse__fail(&s->ev, HESSE_ETOOBIG,
                                   "n = %d: three n*n matrices do not fit in memory sizes",
                                   s->n);
    s->block = hesse__calloc(&s->opt.allocator, 1, bytes);
    if (!s->block)
        return hesse__fail(&s->ev, HESSE_ENOMEM,
                                   "out of memory allocating the %zu-byte workspace for n = %d",
                                   bytes, s->n);
    carve(s, s->method->state_size);
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
    if (s->method->start) s->method->start(s, s->state);
    return hesse__roots_stop_check(s);
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
    return timed(s, s->method->iterate(s, s->state));
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

/* A result without a solver: status st, the values unknown, message. */
static hesse_status no_solver(hesse_roots_result *res, hesse_status st, const char *message)
{
    memset(res, 0, sizeof *res);
    res->status = st;
    res->fnorm = res->fnorm2 = res->log_abs_det = res->rcond = NAN;
    snprintf(res->message, sizeof res->message, "%s", message);
    return st;
}

hesse_status hesse_roots_solver_result(const hesse_roots_solver *s, hesse_roots_result *res)
{
    if (!res) return s ? s->ev.status : HESSE_EINVAL;
    if (!s) return no_solver(res, HESSE_EINVAL, "solver is NULL");
    memset(res, 0, sizeof *res);
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
        if (res)
            no_solver(res, st, st == HESSE_ENOMEM ? "out of memory allocating the solver object"
                                                  : "invalid argument");
        return st;
    }
    while (st == HESSE_RUNNING) st = hesse_roots_solver_iterate(s);
    if (res) hesse_roots_solver_result(s, res);
    if (x && s->block) memcpy(x, s->x, (size_t)s->n * sizeof *x);
    hesse_roots_solver_free(s);
    return st;
}
