/*
 * The evaluation wrapper: the only place where the user's callbacks are called.
 * It counts every call, enforces max_evals before each one, turns a negative return
 * into HESSE_ECALLBACK (after which the solver never calls back), and classifies
 * refusals (return > 0) and non-finite values so that line searches can shorten the
 * step.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

hesse_status hesse__fail(hesse_solver *s, hesse_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    s->status = hesse__vmessage(s->message, sizeof s->message, st, fmt, ap);
    va_end(ap);
    return st;
}

/* Count one evaluation of the given kind, or stop at the limit. */
static int charge(hesse_solver *s, long *counter)
{
    if (s->nfev + s->ngev + s->nhev >= s->opt.max_evals) {
        hesse__fail(s, HESSE_MAX_EVALS,
                    "evaluation limit reached: nfev + ngev + nhev = %ld >= max_evals = %ld",
                    s->nfev + s->ngev + s->nhev, s->opt.max_evals);
        return HESSE__EVAL_STOP;
    }
    (*counter)++;
    return HESSE__EVAL_OK;
}

static int aborted(hesse_solver *s, const char *which, int rc)
{
    hesse__fail(s, HESSE_ECALLBACK, "the %s callback returned %d (abort) at iteration %d",
                which, rc, s->iter);
    return HESSE__EVAL_STOP;
}

/* One objective call counted in *counter. */
static int call_objective(hesse_solver *s, long *counter, const double *x, double *f,
                          double *g)
{
    if (charge(s, counter) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    int rc = s->problem.objective(s->n, x, f, g, s->problem.data);
    if (rc < 0) return aborted(s, "objective", rc);
    if (rc > 0) return HESSE__EVAL_REFUSED;
    if (!isfinite(*f) || (g && !hesse__all_finite((size_t)s->n, g))) return HESSE__EVAL_NONFINITE;
    return HESSE__EVAL_OK;
}

int hesse__eval_fg(hesse_solver *s, const double *x, double *f, double *g)
{
    return call_objective(s, &s->nfev, x, f, g);
}

/* A refusal or NaN where the point is an accepted one is terminal. */
static int at_accepted_point(hesse_solver *s, int rc, const char *what)
{
    if (rc == HESSE__EVAL_REFUSED) {
        hesse__fail(s, HESSE_EDOMAIN,
                    "the %s could not be evaluated at the accepted point of iteration %d",
                    what, s->iter);
        return HESSE__EVAL_STOP;
    }
    if (rc == HESSE__EVAL_NONFINITE) {
        hesse__fail(s, HESSE_ENONFINITE,
                    "the %s is not finite at the accepted point of iteration %d", what,
                    s->iter);
        return HESSE__EVAL_STOP;
    }
    return rc;
}

/* Column j of the finite-difference Hessian: central differences
   (∇f(x + h e_j) - ∇f(x - h e_j)) / 2h, one-sided with gx when a side is refused. */
static int fd_hessian_column(hesse_solver *s, double *xw, const double *gx, int j, double *col)
{
    int n = s->n;
    double *gp = s->fd_work, *gm = s->fd_work + n;
    double xj = xw[j];
    double h = s->opt.fd_step * fmax(1.0, fabs(xj));
    double fdummy;
    volatile double xp = xj + h, xm = xj - h; /* the step actually taken */
    xw[j] = xp;
    int rp = call_objective(s, &s->ngev, xw, &fdummy, gp);
    if (rp == HESSE__EVAL_STOP) return rp;
    xw[j] = xm;
    int rm = call_objective(s, &s->ngev, xw, &fdummy, gm);
    xw[j] = xj;
    if (rm == HESSE__EVAL_STOP) return rm;
    if (rp == HESSE__EVAL_OK && rm == HESSE__EVAL_OK) {
        for (int i = 0; i < n; i++) col[i] = (gp[i] - gm[i]) / (xp - xm);
    } else if (rp == HESSE__EVAL_OK) {
        for (int i = 0; i < n; i++) col[i] = (gp[i] - gx[i]) / (xp - xj);
    } else if (rm == HESSE__EVAL_OK) {
        for (int i = 0; i < n; i++) col[i] = (gx[i] - gm[i]) / (xj - xm);
    } else {
        return rp;
    }
    return HESSE__EVAL_OK;
}

int hesse__eval_hessian(hesse_solver *s, const double *x, const double *gx, double *H)
{
    int n = s->n;
    if (s->problem.hessian) {
        if (charge(s, &s->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
        int rc = s->problem.hessian(n, x, H, s->problem.data);
        if (rc < 0) return aborted(s, "Hessian", rc);
        if (rc > 0) return at_accepted_point(s, HESSE__EVAL_REFUSED, "Hessian");
        if (!hesse__all_finite((size_t)n * n, H)) return at_accepted_point(s, HESSE__EVAL_NONFINITE, "Hessian");
        return HESSE__EVAL_OK;
    }
    /* The columns are differences of gradients taken at x with one coordinate moved;
       xt is free scratch here (no line search is under way). */
    double *xw = s->xt;
    memcpy(xw, x, (size_t)n * sizeof *xw);
    for (int j = 0; j < n; j++) {
        int rc = fd_hessian_column(s, xw, gx, j, H + (size_t)j * n);
        if (rc != HESSE__EVAL_OK) return at_accepted_point(s, rc, "finite-difference Hessian");
    }
    /* Symmetrize: H <- (H + Hᵀ)/2. */
    for (int j = 0; j < n; j++)
        for (int i = j + 1; i < n; i++) {
            double a = 0.5 * (H[i + (size_t)j * n] + H[j + (size_t)i * n]);
            H[i + (size_t)j * n] = H[j + (size_t)i * n] = a;
        }
    return HESSE__EVAL_OK;
}

int hesse__eval_hessvec(hesse_solver *s, const double *x, const double *gx, const double *v,
                        double *Hv, double *tmp)
{
    int n = s->n;
    if (s->problem.hessvec) {
        if (charge(s, &s->nhev) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
        int rc = s->problem.hessvec(n, x, v, Hv, s->problem.data);
        if (rc < 0) return aborted(s, "Hessian-vector", rc);
        if (rc > 0) return at_accepted_point(s, HESSE__EVAL_REFUSED, "Hessian-vector product");
        if (!hesse__all_finite((size_t)n, Hv))
            return at_accepted_point(s, HESSE__EVAL_NONFINITE, "Hessian-vector product");
        return HESSE__EVAL_OK;
    }
    double vnorm = hesse__norm2(n, v);
    if (vnorm == 0.0) {
        memset(Hv, 0, (size_t)n * sizeof *Hv);
        return HESSE__EVAL_OK;
    }
    /* Forward difference along v: error O(h), h = sqrt(eps)·max(1,‖x‖)/‖v‖. */
    double h = 1.4901161193847656e-08 * fmax(1.0, hesse__norm2(n, x)) / vnorm;
    double *xp = tmp, *gp = tmp + n, fdummy;
    for (int i = 0; i < n; i++) xp[i] = x[i] + h * v[i];
    int rc = call_objective(s, &s->ngev, xp, &fdummy, gp);
    if (rc != HESSE__EVAL_OK) return at_accepted_point(s, rc, "finite-difference Hessian-vector product");
    for (int i = 0; i < n; i++) Hv[i] = (gp[i] - gx[i]) / h;
    return HESSE__EVAL_OK;
}
