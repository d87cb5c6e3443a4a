/*
 * The solver object and driver: validation, the one allocation of all workspace,
 * the iteration loop around a method (which proposes a trial point; only the driver
 * accepts it), the trace callback, classification of the end point, and
 * hesse_minimize() on top of it.
 *
 * Invariants: s->x, s->f, s->g always hold the last accepted point (the starting point
 * until a step is accepted), whatever the status; once s->ev.status is terminal no
 * callback is called again (classification of an ended solve aside, which is skipped
 * after errors); nothing is allocated after hesse_solver_create returns.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "minimize/minimize_internal.h"

static const hesse_method *automatic_method(const hesse_problem *p)
{
    const hesse_method *m = NULL;
    if (p->hessian && p->n <= 2000) m = hesse_method_newton;
    else if (p->n > 2000) m = hesse_method_find("lbfgs");
    else m = hesse_method_find("bfgs");
    return m ? m : hesse_method_newton;
}

/* Bytes of the driver's dense second-order workspace (second_order.c): the Hessian at
   x, its error bounds when it comes from differences, the eigen workspace. */
static double second_order_bytes(const hesse_problem *p, int n)
{
    return (p->hessian ? 2.0 : 3.0) * hesse__matrix_bytes(n);
}

/* Is the dense second-order workspace wanted? By methods that use ∇²f, and for the
   certificate, the saddle check and the classification while n is within
   classify_max_n; not when it would take the dense storage past max_dense_bytes
   (hesse.h). */
static int wants_second_order(const hesse_options *opt, const hesse_method *m,
                              const hesse_problem *p, int n)
{
    if (m->needs_hessian) return 1;
    if (opt->classify == HESSE_CLASSIFY_NEVER && !opt->curvature_check) return 0;
    if (opt->classify != HESSE_CLASSIFY_ALWAYS && n > opt->classify_max_n) return 0;
    double method_bytes = m->dense_bytes ? m->dense_bytes(n, opt) : 0.0;
    return method_bytes + second_order_bytes(p, n) <= opt->max_dense_bytes;
}

static hesse_status validate(hesse_solver *s, const hesse_problem *p, const double *x0,
                             const hesse_options *given)
{
    if (!p) return hesse__fail(&s->ev, HESSE_EINVAL, "problem is NULL");
    if (!x0) return hesse__fail(&s->ev, HESSE_EINVAL, "x0 is NULL");
    if (p->n < 1) return hesse__fail(&s->ev, HESSE_EINVAL, "problem n = %d is invalid (need n >= 1)", p->n);
    if (!p->objective) return hesse__fail(&s->ev, HESSE_EINVAL, "problem objective callback is NULL");
    char msg[HESSE__MESSAGE_SIZE];
    if (hesse__check_options(given, msg) != HESSE_SUCCESS)
        return hesse__fail(&s->ev, HESSE_EINVAL, "%s", msg);
    s->method = s->opt.method ? s->opt.method : automatic_method(p);
    double bytes = s->method->dense_bytes ? s->method->dense_bytes(p->n, &s->opt) : 0.0;
    if (s->method->needs_hessian) bytes += second_order_bytes(p, p->n);
    if (bytes > s->opt.max_dense_bytes)
        return hesse__fail(&s->ev, HESSE_ETOOBIG,
                           "method %s needs %.0f bytes of dense matrices at n = %d, more than "
                           "max_dense_bytes = %.0f",
                           s->method->name, bytes, p->n, s->opt.max_dense_bytes);
    for (int i = 0; i < p->n; i++)
        if (!isfinite(x0[i]))
            return hesse__fail(&s->ev, HESSE_EINVAL, "x0[%d] = %g is not finite", i, x0[i]);
    if (given->x_scale)
        for (int i = 0; i < p->n; i++)
            if (!(given->x_scale[i] > 0.0) || !isfinite(given->x_scale[i]))
                return hesse__fail(&s->ev, HESSE_EINVAL,
                                   "option x_scale[%d] = %g is invalid (need finite and > 0)", i,
                                   given->x_scale[i]);
    return HESSE_SUCCESS;
}

static hesse_status allocate(hesse_solver *s)
{
    int n = s->n;
    /* x, g, xt, gt, xlo, glo, d, typx, ms, dir, dscale and the evaluator's work (3n): one
       block. */
    double *block = hesse__calloc(&s->opt.allocator, 14 * (size_t)n, sizeof *block);
    if (!block)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating 14n = %.0f doubles of vectors",
                           14.0 * n);
    s->block = block;
    s->x = block;
    s->g = block + n;
    s->xt = block + 2 * (size_t)n;
    s->gt = block + 3 * (size_t)n;
    s->xlo = block + 4 * (size_t)n;
    s->glo = block + 5 * (size_t)n;
    s->d = block + 6 * (size_t)n;
    s->typx = block + 7 * (size_t)n;
    s->ms = block + 8 * (size_t)n;
    s->dscale = block + 10 * (size_t)n;
    s->ev.work = block + 11 * (size_t)n;
    if (wants_second_order(&s->opt, s->method, &s->ev.problem, n)) {
        s->dir = block + 9 * (size_t)n;
        size_t nn = (size_t)n * n;
        s->hess = hesse__workspace(s, (s->ev.problem.hessian ? 1 : 2) * nn, sizeof(double));
        if (!s->hess ||
            hesse__symws_init(&s->cls, n, HESSE__KERNEL_EIGENVALUES | HESSE__KERNEL_SMALLEST,
                              &s->opt.allocator, NULL) != HESSE_SUCCESS)
            return hesse__fail(&s->ev, HESSE_ENOMEM,
                               "out of memory allocating the second-order workspace (n = %d)", n);
        if (!s->ev.problem.hessian) s->hess_err = s->hess + nn;
    }
    if (s->method->state_size) {
        s->state = hesse__calloc(&s->opt.allocator, 1, s->method->state_size);
        if (!s->state)
            return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating the %s state", s->method->name);
    }
    return HESSE_SUCCESS;
}

static void reset_record(hesse_solver *s)
{
    s->rec = (hesse_iteration){
        .iteration = s->iter, .n = s->n, .step_norm = NAN, .alpha = NAN, .ls_evals = -1,
        .radius = NAN, .rho = NAN, .hessian_modified = -1, .negative_curvature = 0,
        .npos = -1, .nneg = -1, .nzero = -1, .lambda_min = NAN,
    };
}

/* Complete the record with the generic fields and call the trace callback. */
static int trace(hesse_solver *s)
{
    s->rec.iteration = s->iter;
    s->rec.x = s->x;
    s->rec.f = s->f;
    s->rec.gnorm = s->gnorm;
    s->rec.step_norm = s->iter > 0 ? s->step_norm : NAN;
    s->rec.nfev = s->ev.solve.nfev;
    s->rec.ngev = s->ev.solve.ngev;
    s->rec.nhev = s->ev.solve.nhev;
    return s->opt.trace ? s->opt.trace(&s->rec, s->opt.trace_data) : 0;
}

static hesse_status after_step(hesse_solver *s)
{
    int stop = trace(s);
    hesse_status st = hesse__stop_check(s);
    if (st == HESSE_RUNNING && stop)
        st = hesse__fail(&s->ev, HESSE_STOPPED, "stopped by the trace callback (returned %d) at iteration %d",
                         stop, s->iter);
    s->ev.status = st;
    return st;
}

/* typx (hesse.h, option x_scale): given, or from x0: |x0_i|; where x0_i = 0 the RMS of
   the other |x0_j| (a component that starts at 0 tells nothing of its own size);
   where x0 = 0, |f(x0)| / ‖∇f(x0)‖₂ (the step that changes f by its own size at the
   initial slope); else 1. dscale: x_scale, or the RMS of typx for every variable. */
static void set_typical_sizes(hesse_solver *s)
{
    int n = s->n;
    double rms = 0.0;
    int nonzero = 0;
    for (int i = 0; i < n; i++)
        if (s->x[i] != 0.0) {
            rms += s->x[i] * s->x[i];
            nonzero++;
        }
    double fill = nonzero ? sqrt(rms / nonzero) : fabs(s->f) / hesse__norm2(n, s->g);
    if (!(fill > 0.0) || !isfinite(fill)) fill = 1.0;
    for (int i = 0; i < n; i++) {
        double t = s->opt.x_scale ? s->opt.x_scale[i] : fabs(s->x[i]);
        s->typx[i] = t > 0.0 && isfinite(t) ? t : fill;
    }
    rms = 0.0;
    for (int i = 0; i < n; i++) rms += (s->typx[i] / n) * s->typx[i];
    rms = sqrt(rms);
    for (int i = 0; i < n; i++) s->dscale[i] = s->opt.x_scale ? s->typx[i] : rms;
    s->ev.xscale = s->typx;
}

hesse_status hesse_solver_create(const hesse_problem *p, const double *x0,
                                 const hesse_options *opt, hesse_solver **out)
{
    if (!out) return HESSE_EINVAL;
    hesse_options o;
    if (opt) o = *opt;
    else hesse_options_init(&o);
    /* A half-set allocator is rejected by validate(); until then the funnel treats it
       as the C library's, and so does hesse_solver_free. */
    hesse_solver *s = hesse__calloc(&o.allocator, 1, sizeof *s);
    *out = s;
    if (!s) return HESSE_ENOMEM;
    s->opt = o;
    /* An evaluator without a problem holds the status and message until p is valid. */
    static const hesse_problem no_problem;
    hesse__eval_init(&s->ev, &no_problem, 0.0, 0, NULL);
    s->t_start = hesse__now();
    s->f = NAN;
    s->gnorm = NAN;
    s->classified = 0;
    hesse_status st = validate(s, p, x0, &o);
    if (st != HESSE_SUCCESS) return st;
    hesse__eval_init(&s->ev, p, s->opt.fd_step, s->opt.max_evals, NULL);
    s->ev.iteration = 0;
    s->n = p->n;
    st = allocate(s);
    if (st != HESSE_SUCCESS) return st;
    memcpy(s->x, x0, (size_t)s->n * sizeof *s->x);

    /* x0 is not an accepted point until f and ∇f are known there: f and gnorm stay NaN. */
    double f0;
    if (hesse__eval_fg_at(&s->ev, s->x, &f0, s->g, HESSE__AT_START) != HESSE__EVAL_OK)
        return s->ev.status;
    s->f = f0;
    s->gnorm = hesse__norm_inf(s->n, s->g);
    set_typical_sizes(s);
    s->f0 = f0;
    /* The unbounded test's reference size of f: its size and the first-order change
       over one typical step (0 only when both are: then the first change of f). */
    s->fref = fabs(f0);
    for (int i = 0; i < s->n; i++) s->fref = fmax(s->fref, fabs(s->g[i]) * s->typx[i]);
    s->rel = s->pred = NAN;
    if (s->method->init) {
        st = s->method->init(s, s->state);
        if (st != HESSE_SUCCESS) {
            s->ev.status = st;
            return st;
        }
    }
    reset_record(s);
    return after_step(s);
}

void *hesse__workspace(hesse_solver *s, size_t count, size_t size)
{
    /* The table holds more blocks than any method asks for (sr1: 4). */
    if (s->nworkspace == (int)(sizeof s->workspace / sizeof s->workspace[0])) return NULL;
    void *p = hesse__calloc(&s->opt.allocator, count, size);
    if (p) s->workspace[s->nworkspace++] = p;
    return p;
}

/* Make the trial point (s->xt, s->ft, s->gt) the current point. */
static void accept(hesse_solver *s)
{
    int n = s->n;
    double step = 0.0, rel = 0.0;
    for (int i = 0; i < n; i++) {
        double a = fabs(s->xt[i] - s->x[i]);
        if (a > step) step = a;
        double r = a / fmax(fabs(s->xt[i]), s->typx[i]);
        if (r > rel) rel = r;
    }
    s->step_norm = step;
    s->step_rel = rel;
    s->hess_at_x = s->inertia_at_x = 0;
    s->f_prev = s->f;
    /* Swap buffers: the trial point becomes current without copying. */
    double *t = s->x;
    s->x = s->xt;
    s->xt = t;
    t = s->g;
    s->g = s->gt;
    s->gt = t;
    s->f = s->ft;
    s->gnorm = hesse__norm_inf(n, s->g);
    s->accepted = 1;
}

hesse_status hesse_solver_iterate(hesse_solver *s)
{
    if (!s) return HESSE_EINVAL;
    if (s->ev.status != HESSE_RUNNING) return s->ev.status;
    reset_record(s);
    s->accepted = 0;
    s->step_norm = NAN;
    int escaping = s->escape;
    hesse__step step = escaping ? hesse__escape_step(s) : s->method->iterate(s, s->state);
    s->escape = 0;
    if (step == HESSE__STEP_STOP) {
        /* The method cannot go on from x: accepted if x is as good as the noise of f
           allows; left along the Newton step or a negative curvature if ∇²f shows a way;
           else the method's status stands. A failed step of the driver's own ends it. */
        hesse_status st = s->ev.status;
        if (escaping == 2 && !s->ev.aborted && st != HESSE_MAX_EVALS) {
            /* The Newton step at a stall failed as well: the stall stands. */
            s->ev.status = s->stall_status;
            memcpy(s->ev.message, s->stall_message, sizeof s->ev.message);
            return s->ev.status;
        }
        if (escaping || (st != HESSE_LINESEARCH_FAILED && st != HESSE_TR_COLLAPSED)) return st;
        int c = hesse__stall_check(s);
        if (c != 2) return s->ev.status;
        /* The next iteration takes the driver's step (s->escape). */
        s->iter++;
        s->ev.iteration = s->iter;
        return s->ev.status = HESSE_RUNNING;
    }
    if (step == HESSE__STEP_ACCEPT) accept(s);
    s->iter++;
    s->ev.iteration = s->iter;
    return after_step(s);
}

hesse_status hesse_solver_status(const hesse_solver *s) { return s ? s->ev.status : HESSE_EINVAL; }

const char *hesse_solver_message(const hesse_solver *s)
{
    if (!s) return "solver is NULL";
    if (s->ev.status == HESSE_RUNNING) return hesse_status_string(HESSE_RUNNING);
    return s->ev.message[0] ? s->ev.message : hesse_status_string(s->ev.status);
}

const double *hesse_solver_x(const hesse_solver *s) { return s ? s->x : NULL; }
const double *hesse_solver_gradient(const hesse_solver *s) { return s ? s->g : NULL; }
double hesse_solver_f(const hesse_solver *s) { return s ? s->f : NAN; }
int hesse_solver_iterations(const hesse_solver *s) { return s ? s->iter : 0; }

/* A result that knows nothing yet: no point, no classification. */
static void unknown_result(hesse_result *r, hesse_status st)
{
    memset(r, 0, sizeof *r);
    r->status = st;
    r->f = r->gnorm = r->lambda_min = r->lambda_max = r->step_rel = r->step_decrease = NAN;
    r->point = HESSE_POINT_UNKNOWN;
    r->npos = r->nneg = r->nzero = -1;
}

hesse_status hesse_solver_result(hesse_solver *s, hesse_result *res)
{
    if (!s) return HESSE_EINVAL;
    hesse_result r = s->result;
    if (s->ev.status == HESSE_RUNNING || !s->classified) {
        unknown_result(&r, s->ev.status);
        r.method = s->method;
        if (s->ev.status != HESSE_RUNNING && s->x) hesse__classify_end(s, &r);
        r.step_rel = s->rel;
        r.step_decrease = s->pred;
        r.f = s->f;
        r.gnorm = s->gnorm;
        r.iterations = s->iter;
        r.nfev = s->ev.solve.nfev;
        r.ngev = s->ev.solve.ngev;
        r.nhev = s->ev.solve.nhev;
        r.classify_nfev = s->ev.classify.nfev;
        r.classify_ngev = s->ev.classify.ngev;
        r.classify_nhev = s->ev.classify.nhev;
        r.seconds = hesse__now() - s->t_start;
        snprintf(r.message, sizeof r.message, "%s", hesse_solver_message(s));
        if (s->ev.status != HESSE_RUNNING) {
            s->result = r;
            s->classified = 1;
        }
    }
    if (res) *res = r;
    return r.status;
}

void hesse_solver_free(hesse_solver *s)
{
    if (!s) return;
    for (int i = 0; i < s->nworkspace; i++) hesse__free(&s->opt.allocator, s->workspace[i]);
    hesse__free(&s->opt.allocator, s->state);
    hesse__symws_free(&s->cls, &s->opt.allocator);
    hesse__free(&s->opt.allocator, s->block);
    hesse_allocator a = s->opt.allocator;
    hesse__free(&a, s);
}

hesse_status hesse_minimize(const hesse_problem *p, double *x, const hesse_options *opt,
                            hesse_result *res)
{
    hesse_solver *s = NULL;
    hesse_status st = hesse_solver_create(p, x, opt, &s);
    if (!s) {
        if (res) {
            unknown_result(res, st);
            snprintf(res->message, sizeof res->message, "%s",
                     st == HESSE_ENOMEM ? "out of memory allocating the solver" : "out is NULL");
        }
        return st;
    }
    while (st == HESSE_RUNNING) st = hesse_solver_iterate(s);
    st = hesse_solver_result(s, res);
    if (s->x && x && isfinite(s->f)) memcpy(x, s->x, (size_t)s->n * sizeof *x);
    hesse_solver_free(s);
    return st;
}
