/*
 * The evaluator (eval_internal.h): the only place where a user's callback is called.
 * Each call is charged to a counter first (the budget is checked there), then made,
 * then its return value and outputs are classified. The messages name the callback,
 * its return value or the non-finite entry, and the place.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eval/eval_internal.h"

void hesse__eval_init(hesse__evaluator *ev, const hesse_problem *p, double fd_step,
                      long max_evals, double *work)
{
    memset(ev, 0, sizeof *ev);
    ev->n = p->n;
    ev->m = p->n;
    ev->problem = *p;
    ev->fd_step = fd_step > 0.0 && isfinite(fd_step) ? fd_step : HESSE__FD_STEP_CENTRAL;
    ev->max_evals = max_evals;
    ev->iteration = -1;
    ev->work = work;
    ev->status = HESSE_RUNNING;
}

void hesse__eval_init_system(hesse__evaluator *ev, const hesse_system *sys, double fd_step,
                             int fd_central, long max_evals, double *work)
{
    hesse_problem none = {sys->n, NULL, NULL, NULL, NULL};
    hesse__eval_init(ev, &none, 0.0, max_evals, work);
    ev->system = *sys;
    ev->fd_central = fd_central;
    if (fd_step > 0.0) ev->fd_step = fd_step;
    else ev->fd_step = fd_central ? HESSE__FD_STEP_CENTRAL : HESSE__FD_STEP_FORWARD;
}

void hesse__eval_init_lsq(hesse__evaluator *ev, const hesse_lsq_problem *p, double fd_step,
                          int fd_central, long max_evals, double *work)
{
    hesse_system none = {p->n, NULL, p->has_jacobian, NULL};
    hesse__eval_init_system(ev, &none, fd_step, fd_central, max_evals, work);
    ev->lsq = *p;
    ev->m = p->m;
}

hesse_status hesse__fail(hesse__evaluator *ev, hesse_status st, const char *fmt, ...)
{
    if (ev->classifying) return st;
    va_list ap;
    va_start(ap, fmt);
    ev->status = hesse__vmessage(ev->message, sizeof ev->message, st, fmt, ap);
    va_end(ap);
    return st;
}

void hesse__eval_classifying(hesse__evaluator *ev) { ev->classifying = 1; }

hesse__counts *hesse__eval_counts(hesse__evaluator *ev)
{
    return ev->classifying || ev->tentative ? &ev->classify : &ev->solve;
}

void hesse__eval_tentative_begin(hesse__evaluator *ev, hesse__counts *mark)
{
    *mark = ev->classify;
    ev->tentative = 1;
}

void hesse__eval_tentative_end(hesse__evaluator *ev, const hesse__counts *mark, int keep)
{
    ev->tentative = 0;
    if (keep) return;
    ev->solve.nfev += ev->classify.nfev - mark->nfev;
    ev->solve.ngev += ev->classify.ngev - mark->ngev;
    ev->solve.nhev += ev->classify.nhev - mark->nhev;
    ev->solve.ncev += ev->classify.ncev - mark->ncev;
    ev->classify = *mark;
}

static long used(const hesse__counts *c)
{
    return c->nfev + c->ngev + c->nhev + c->ncev + c->nsev;
}

long hesse__eval_used(const hesse__evaluator *ev) { return used(&ev->solve); }

/* Charge one evaluation to *counter, or stop: after an abort, or at the budget. */
static int charge(hesse__evaluator *ev, long *counter)
{
    if (ev->aborted) return HESSE__EVAL_STOP;
    /* The budget covers the solve's evaluations; classification's are not limited. */
    if (!ev->classifying && ev->max_evals > 0 &&
        used(&ev->solve) + (ev->tentative ? used(&ev->classify) : 0) >= ev->max_evals) {
        hesse__fail(ev, HESSE_MAX_EVALS,
                    "evaluation limit reached: %ld evaluations >= max_evals = %ld",
                    used(&ev->solve), ev->max_evals);
        return HESSE__EVAL_STOP;
    }
    (*counter)++;
    return HESSE__EVAL_OK;
}

/* The classification of a call: < 0 aborts, > 0 refuses, else the outputs (two
   arrays of count1 and count2 values, either may be empty) must be finite. */
static int outcome(hesse__evaluator *ev, const char *callback, int rc, size_t count1,
                   const double *out1, size_t count2, const double *out2)
{
    if (rc < 0) {
        ev->aborted = 1;
        if (ev->iteration >= 0)
            hesse__fail(ev, HESSE_ECALLBACK, "the %s callback returned %d (abort) at iteration %d",
                        callback, rc, ev->iteration);
        else
            hesse__fail(ev, HESSE_ECALLBACK, "the %s callback returned %d (abort)", callback, rc);
        return HESSE__EVAL_STOP;
    }
    if (rc > 0) return HESSE__EVAL_REFUSED;
    if (!hesse__all_finite(count1, out1) || (out2 && !hesse__all_finite(count2, out2)))
        return HESSE__EVAL_NONFINITE;
    return HESSE__EVAL_OK;
}

int hesse__eval_terminal(hesse__evaluator *ev, int rc, const char *what, hesse__place where,
                         const char *detail)
{
    if (rc != HESSE__EVAL_REFUSED && rc != HESSE__EVAL_NONFINITE) return rc;
    char place[64];
    if (where == HESSE__AT_START)
        snprintf(place, sizeof place, "at the starting point x0");
    else if (where == HESSE__AT_ACCEPTED)
        snprintf(place, sizeof place, "at the accepted point of iteration %d", ev->iteration);
    else
        snprintf(place, sizeof place, "at x");
    if (rc == HESSE__EVAL_REFUSED)
        hesse__fail(ev, HESSE_EDOMAIN, "the %s could not be evaluated %s (the callback refused)",
                    what, place);
    else
        hesse__fail(ev, HESSE_ENONFINITE, "the %s is not finite %s%s", what, place, detail);
    return HESSE__EVAL_STOP;
}

/* Where a matrix or vector of the problem is formed: the accepted point of an
   iterative solve, or an analysis's x. */
static hesse__place here(const hesse__evaluator *ev)
{
    return ev->iteration >= 0 ? HESSE__AT_ACCEPTED : HESSE__AT_X;
}

/* " (entry i = v)" for the first non-finite entry of v, or "". */
static void name_entry(size_t count, const double *v, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++)
        if (!isfinite(v[i])) {
            snprintf(buf, size, " (entry %zu = %g)", i, v[i]);
            return;
        }
}

/* ---- the objective ------------------------------------------------------------------ */

static int objective(hesse__evaluator *ev, long *counter, const double *x, double *f, double *g)
{
    if (charge(ev, counter) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int n = ev->n;
    int rc = ev->problem.objective(n, x, f, g, ev->problem.data);
    return outcome(ev, "objective", rc, 1, f, g ? (size_t)n : 0, g);
}

int hesse__eval_fg(hesse__evaluator *ev, const double *x, double *f, double *g)
{
    return objective(ev, &hesse__eval_counts(ev)->nfev, x, f, g);
}

int hesse__eval_fg_at(hesse__evaluator *ev, const double *x, double *f, double *g,
                      hesse__place where)
{
    int rc = hesse__eval_fg(ev, x, f, g);
    if (rc != HESSE__EVAL_NONFINITE) return hesse__eval_terminal(ev, rc, "objective", where, "");
    char detail[64];
    if (!isfinite(*f)) {
        snprintf(detail, sizeof detail, " (f = %g)", *f);
        return hesse__eval_terminal(ev, rc, "objective value f", where, detail);
    }
    name_entry((size_t)ev->n, g, detail, sizeof detail);
    return hesse__eval_terminal(ev, rc, "gradient", where, detail);
}

int hesse__eval_gradient_for_differences(hesse__evaluator *ev, const double *x, double *g)
{
    double f;
    return objective(ev, &hesse__eval_counts(ev)->ngev, x, &f, g);
}

/* A matrix callback's outcome at the accepted point / x: terminal unless OK. */
static int matrix_outcome(hesse__evaluator *ev, const char *callback, const char *what,
                          int rc, size_t count, const double *M)
{
    rc = outcome(ev, callback, rc, count, M, 0, NULL);
    char detail[64] = "";
    if (rc == HESSE__EVAL_NONFINITE) name_entry(count, M, detail, sizeof detail);
    return hesse__eval_terminal(ev, rc, what, here(ev), detail);
}

int hesse__eval_hessian(hesse__evaluator *ev, const double *x, const double *gx, double *H)
{
    return hesse__eval_hessian_err(ev, x, gx, H, NULL);
}

int hesse__eval_hessian_err(hesse__evaluator *ev, const double *x, const double *gx, double *H,
                            double *E)
{
    int n = ev->n;
    if (!ev->problem.hessian) {
        if (E) memset(E, 0, (size_t)n * n * sizeof *E);
        int rc = hesse__fd_hessian(ev, x, gx, H, E);
        return hesse__eval_terminal(ev, rc, "finite-difference Hessian", here(ev), "");
    }
    if (E) memset(E, 0, (size_t)n * n * sizeof *E); /* the callback's: exact but for rounding */
    if (charge(ev, &hesse__eval_counts(ev)->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int rc = ev->problem.hessian(n, x, H, ev->problem.data);
    return matrix_outcome(ev, "Hessian", "Hessian", rc, (size_t)n * n, H);
}

int hesse__eval_hessian_at(hesse__evaluator *ev, const double *x, double *g, double *H)
{
    if (!ev->problem.hessian) {
        double f;
        if (hesse__eval_fg_at(ev, x, &f, g, here(ev)) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    }
    return hesse__eval_hessian(ev, x, g, H);
}

hesse_status hesse_hessian(const hesse_problem *p, const double *x, double fd_step, double *H)
{
    if (!p || !x || !H || p->n < 1 || !p->objective) return HESSE_EINVAL;
    int n = p->n;
    double *g = hesse__calloc(NULL, 4 * (size_t)n, sizeof *g); /* g, then 3n of work */
    if (!g) return HESSE_ENOMEM;
    hesse__evaluator ev;
    hesse__eval_init(&ev, p, fd_step, 0, g + n);
    hesse_status st = hesse__eval_hessian_at(&ev, x, g, H) == HESSE__EVAL_OK ? HESSE_SUCCESS
                                                                             : ev.status;
    hesse__free(NULL, g);
    return st;
}

int hesse__eval_curvature_trial(hesse__evaluator *ev, const double *x, const double *v,
                                double *Hv, double *H, double *scratch)
{
    int n = ev->n;
    if (ev->problem.hessvec) {
        if (charge(ev, &hesse__eval_counts(ev)->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
        int rc = ev->problem.hessvec(n, x, v, Hv, ev->problem.data);
        return outcome(ev, "Hessian-vector", rc, (size_t)n, Hv, 0, NULL);
    }
    if (ev->problem.hessian) {
        if (charge(ev, &hesse__eval_counts(ev)->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
        int rc = ev->problem.hessian(n, x, H, ev->problem.data);
        rc = outcome(ev, "Hessian", rc, (size_t)n * n, H, 0, NULL);
        if (rc != HESSE__EVAL_OK) return rc;
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int j = 0; j < n; j++) sum += H[i + (size_t)j * n] * v[j];
            Hv[i] = sum;
        }
        return HESSE__EVAL_OK;
    }
    /* (∇f(x + hv) - ∇f(x - hv)) / 2h, h = fd_step / max_j |v_j| / t_j: v's largest
       component moves by fd_step of its scale. */
    double big = 0.0;
    for (int j = 0; j < n; j++) big = fmax(big, fabs(v[j]) / hesse__eval_typical(ev, j, x[j]));
    if (!(big > 0.0)) {
        for (int i = 0; i < n; i++) Hv[i] = 0.0;
        return HESSE__EVAL_OK;
    }
    double h = ev->fd_step / big, *xp = scratch, *gm = scratch + n;
    for (int i = 0; i < n; i++) xp[i] = x[i] + h * v[i];
    int rc = hesse__eval_gradient_for_differences(ev, xp, Hv);
    if (rc != HESSE__EVAL_OK) return rc;
    for (int i = 0; i < n; i++) xp[i] = x[i] - h * v[i];
    rc = hesse__eval_gradient_for_differences(ev, xp, gm);
    if (rc != HESSE__EVAL_OK) return rc;
    for (int i = 0; i < n; i++) Hv[i] = (Hv[i] - gm[i]) / (2.0 * h);
    return HESSE__EVAL_OK;
}

int hesse__eval_hessvec(hesse__evaluator *ev, const double *x, const double *gx,
                        const double *v, double *Hv)
{
    int n = ev->n;
    if (!ev->problem.hessvec) {
        int rc = hesse__fd_hessvec(ev, x, gx, v, Hv);
        return hesse__eval_terminal(ev, rc, "finite-difference Hessian-vector product", here(ev), "");
    }
    if (charge(ev, &hesse__eval_counts(ev)->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int rc = ev->problem.hessvec(n, x, v, Hv, ev->problem.data);
    return matrix_outcome(ev, "Hessian-vector", "Hessian-vector product", rc, (size_t)n, Hv);
}

/* ---- constraints -------------------------------------------------------------------- */

int hesse__eval_constraints(hesse__evaluator *ev, const double *x, double *c, double *A)
{
    const hesse_constrained_problem *cp = ev->constrained;
    if (charge(ev, &hesse__eval_counts(ev)->ncev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int rc = cp->constraints(cp->n, cp->m, x, c, A, cp->data);
    return outcome(ev, "constraints", rc, (size_t)cp->m, c, (size_t)cp->m * cp->n, A);
}

int hesse__eval_constraint_hessian(hesse__evaluator *ev, int i, const double *x, double *H)
{
    const hesse_constrained_problem *cp = ev->constrained;
    if (charge(ev, &hesse__eval_counts(ev)->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int rc = cp->constraint_hessian(cp->n, i, x, H, cp->data);
    return matrix_outcome(ev, "constraint Hessian", "constraint Hessian", rc,
                          (size_t)cp->n * cp->n, H);
}

int hesse__eval_lagrangian_hessian(hesse__evaluator *ev, const double *x,
                                   const double *lambda, double *H)
{
    const hesse_constrained_problem *cp = ev->constrained;
    if (charge(ev, &hesse__eval_counts(ev)->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int rc = cp->lagrangian_hessian(cp->n, cp->m, x, lambda, H, cp->data);
    return matrix_outcome(ev, "Lagrangian Hessian", "Lagrangian Hessian", rc,
                          (size_t)cp->n * cp->n, H);
}

/* ---- systems F(x) = 0 ------------------------------------------------------------------ */

int hesse__eval_system(hesse__evaluator *ev, const double *x, double *F, double *J)
{
    int n = ev->n, m = ev->m;
    if (charge(ev, J ? &hesse__eval_counts(ev)->nhev : &hesse__eval_counts(ev)->nfev) != HESSE__EVAL_OK)
        return HESSE__EVAL_STOP;
    if (ev->lsq.residuals) {
        int rc = ev->lsq.residuals(n, m, x, F, J, ev->lsq.data);
        return outcome(ev, "residuals", rc, (size_t)m, F, J ? (size_t)m * n : 0, J);
    }
    int rc = ev->system.function(n, x, F, J, ev->system.data);
    return outcome(ev, "system", rc, (size_t)n, F, J ? (size_t)n * n : 0, J);
}

int hesse__eval_second_order(hesse__evaluator *ev, const double *x, const double *w,
                             double *S)
{
    int n = ev->n;
    if (charge(ev, &hesse__eval_counts(ev)->nsev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int rc = ev->lsq.second_order(n, ev->m, x, w, S, ev->lsq.data);
    return matrix_outcome(ev, "second-order", "second-order term sum w_i Hess r_i", rc,
                          (size_t)n * n, S);
}

int hesse__eval_jacobian(hesse__evaluator *ev, const double *x, const double *F, double *J)
{
    int n = ev->n;
    /* Differences: n (or 2n) calls of F counted in nfev, plus the matrix in nhev. */
    long cost = ev->system.has_jacobian ? 1 : 1 + (ev->fd_central ? 2L * n : (long)n);
    if (ev->max_evals > 0 && used(&ev->solve) + cost > ev->max_evals) return HESSE__EVAL_SHORT;
    if (!ev->system.has_jacobian) return hesse__fd_jacobian(ev, x, F, J);
    int rc = hesse__eval_system(ev, x, ev->work, J);
    return hesse__eval_terminal(ev, rc, "Jacobian", here(ev), "");
}
