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

/* Will the end point be classified, i.e. is a dense Hessian wanted at the end? Not
   when its n×n matrix would take the dense storage past max_dense_bytes (hesse.h). */
static int will_classify(const hesse_options *opt, const hesse_method *m, int n)
{
    if (opt->classify == HESSE_CLASSIFY_NEVER) return 0;
    if (opt->classify == HESSE_CLASSIFY_AUTO && n > opt->classify_max_n) return 0;
    double method_bytes = m->dense_bytes ? m->dense_bytes(n, opt) : 0.0;
    return method_bytes + hesse__matrix_bytes(n) <= opt->max_dense_bytes;
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
    if (bytes > s->opt.max_dense_bytes)
        return hesse__fail(&s->ev, HESSE_ETOOBIG,
                           "method %s needs %.0f bytes of dense matrices at n = %d, more than "
                           "max_dense_bytes = %.0f",
                           s->method->name, bytes, p->n, s->opt.max_dense_bytes);
    for (int i = 0; i < p->n; i++)
        if (!isfinite(x0[i]))
            return hesse__fail(&s->ev, HESSE_EINVAL, "x0[%d] = %g is not finite", i, x0[i]);
    return HESSE_SUCCESS;
}

static hesse_status allocate(hesse_solver *s)
{
    int n = s->n;
    /* x, g, xt, gt, xlo, glo, d, and the evaluator's work (3n): one block. */
    double *block = hesse__calloc(&s->opt.allocator, 10 * (size_t)n, sizeof *block);
    if (!block)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating 10n = %.0f doubles of vectors",
                           10.0 * n);
    s->block = block;
    s->x = block;
    s->g = block + n;
    s->xt = block + 2 * (size_t)n;
    s->gt = block + 3 * (size_t)n;
    s->xlo = block + 4 * (size_t)n;
    s->glo = block + 5 * (size_t)n;
    s->d = block + 6 * (size_t)n;
    s->ev.work = block + 7 * (size_t)n;
    if (will_classify(&s->opt, s->method, n) &&
        hesse__symws_init(&s->cls, n, HESSE__KERNEL_EIGENVALUES, &s->opt.allocator, NULL) !=
            HESSE_SUCCESS)
        return hesse__fail(&s->ev, HESSE_ENOMEM,
                           "out of memory allocating the classification workspace (n = %d)", n);
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
        .npos = -1, .nneg = -1, .nzero = -1,
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
    double step = 0.0;
    for (int i = 0; i < n; i++) {
        double a = fabs(s->xt[i] - s->x[i]);
        if (a > step) step = a;
    }
    s->step_norm = step;
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
    hesse__step step = s->method->iterate(s, s->state);
    if (step == HESSE__STEP_STOP) return s->ev.status;
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
    r->f = r->gnorm = r->lambda_min = r->lambda_max = NAN;
    r->point = HESSE_POINT_UNKNOWN;
    r->npos = r->nneg = r->nzero = -1;
}

/* Second-order classification of the final point. Its evaluations are counted apart
   (result.classify_*) and cannot change the solve's status (hesse__eval_classifying). */
static void classify(hesse_solver *s, hesse_result *r)
{
    int stationary = s->ev.status >= 0 && hesse__gradient_test(s);
    if (s->ev.status < 0 || !s->cls.a) {
        if (s->ev.status >= 0 && !stationary) r->point = HESSE_POINT_NOT_STATIONARY;
        return;
    }
    hesse__eval_classifying(&s->ev);
    if (hesse__eval_hessian(&s->ev, s->x, s->g, s->cls.a) != HESSE__EVAL_OK) {
        if (!stationary) r->point = HESSE_POINT_NOT_STATIONARY;
        return;
    }
    int n = s->n;
    if (hesse__sym_eigenvalues(&s->cls, n, s->cls.a, n, s->cls.w, NULL) != HESSE_SUCCESS) return;
    const double *lambda = s->cls.w;
    hesse__inertia(n, lambda, hesse__zero_threshold(n, lambda, s->opt.inertia_rtol), &r->npos,
                   &r->nneg, &r->nzero);
    r->lambda_min = lambda[0];
    r->lambda_max = lambda[n - 1];
    r->point = hesse__point_kind(stationary,
                                 hesse_definiteness_from_inertia(r->npos, r->nneg, r->nzero));
}

hesse_status hesse_solver_result(hesse_solver *s, hesse_result *res)
{
    if (!s) return HESSE_EINVAL;
    hesse_result r = s->result;
    if (s->ev.status == HESSE_RUNNING || !s->classified) {
        unknown_result(&r, s->ev.status);
        r.method = s->method;
        if (s->ev.status != HESSE_RUNNING && s->x) classify(s, &r);
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
