/*
 * What the Hessian says at one point of an unconstrained problem: classification
 * (gradient, Hessian, the three definiteness tests, kind of point), the second-order
 * Taylor model f(x) + gᵀh + ½hᵀHh and its error, the Laplacian Δf = trace ∇²f, and a
 * check of the user's derivatives against central differences.
 *
 * References: Nocedal & Wright, Numerical Optimization, 2nd ed., Thm 2.3–2.4
 * (second-order conditions), §8.1 (finite differences: central differences with
 * h ≈ eps^(1/3) have error O(h²) + O(eps/h)).
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "analysis_internal.h"


void hesse_point_report_clear(hesse_point_report *rep)
{
    if (!rep) return;
    hesse_allocator a = rep->allocator_;
    hesse__free(&a, rep->x);
    hesse__free(&a, rep->gradient);
    hesse__free(&a, rep->hessian);
    hesse__free(&a, rep->eigenvalues);
    hesse__free(&a, rep->minors);
    memset(rep, 0, sizeof *rep);
}

hesse_status hesse_point_classify(const hesse_problem *p, int nx, const double *x,
                                  const hesse_analysis_options *opt_in,
                                  hesse_point_report *rep)
{
    if (!rep) return HESSE_EINVAL;
    memset(rep, 0, sizeof *rep);
    rep->kind = HESSE_POINT_UNKNOWN;
    rep->f = rep->gnorm = rep->laplacian = NAN;
    hesse_analysis_options opt;
    hesse_status st = hesse__an_options(opt_in, &opt, rep->message);
    if (st != HESSE_SUCCESS) return st;
    rep->allocator_ = opt.allocator;
    st = hesse__an_check_problem(p, nx, x, rep->message);
    if (st != HESSE_SUCCESS) return st;
    int n = p->n;
    const hesse_allocator *al = &opt.allocator;
    rep->n = n;
    rep->x = hesse__calloc(al, (size_t)n, sizeof(double));
    rep->gradient = hesse__calloc(al, (size_t)n, sizeof(double));
    rep->hessian = hesse__calloc(al, (size_t)n * n, sizeof(double));
    rep->eigenvalues = hesse__calloc(al, (size_t)n, sizeof(double));
    rep->minors = hesse__calloc(al, (size_t)n, sizeof(double));
    int *sign = hesse__calloc(al, (size_t)n, sizeof(int));
    double *hwork = hesse__calloc(al, 4 * (size_t)n, sizeof(double)); /* g, then 3n */
    if (!rep->x || !rep->gradient || !rep->hessian || !rep->eigenvalues || !rep->minors ||
        !sign || !hwork) {
        hesse__free(al, sign);
        hesse__free(al, hwork);
        hesse_point_report_clear(rep);
        rep->allocator_ = opt.allocator;
        return hesse__message(rep->message, HESSE_ENOMEM,
                              "out of memory for the report of a point with n = %d", n);
    }
    memcpy(rep->x, x, (size_t)n * sizeof *x);
    hesse__symws ws;
    memset(&ws, 0, sizeof ws);
    hesse__evaluator ev;
    hesse__an_evaluator(&ev, p, &opt, hwork + n);
    st = hesse__an_eval(&ev, x, &rep->f, rep->gradient, rep->message);
    if (st != HESSE_SUCCESS) goto done;
    rep->gnorm = hesse__norm_inf(n, rep->gradient);
    rep->stationary = rep->gnorm <= opt.gtol * fmax(1.0, fabs(rep->f));
    rep->hessian_exact = p->hessian != NULL;
    st = hesse__an_hessian(&ev, x, hwork, rep->hessian, opt.sym_tol, rep->message);
    if (st != HESSE_SUCCESS) goto done;
    rep->laplacian = 0.0;
    for (int i = 0; i < n; i++) rep->laplacian += rep->hessian[i + (size_t)i * n];
    st = hesse__symws_init(&ws, n, HESSE__ANALYSIS_KERNELS, al, rep->message);
    if (st != HESSE_SUCCESS) goto done;
    st = hesse__an_three_tests(&ws, n, rep->hessian, opt.rtol, rep->eigenvalues,
                               rep->minors, sign, &rep->eig, &rep->sylvester, &rep->ldlt,
                               rep->message);
    if (st != HESSE_SUCCESS) goto done;
    rep->consistent = rep->ldlt.npos == rep->eig.npos && rep->ldlt.nneg == rep->eig.nneg &&
                      rep->ldlt.nzero == rep->eig.nzero &&
                      (rep->sylvester.verdict == HESSE_DEFINITENESS_UNDECIDED ||
                       rep->sylvester.verdict == rep->eig.verdict);
    rep->kind = hesse__point_kind(rep->stationary, rep->eig.verdict);
    hesse__message(rep->message, HESSE_SUCCESS,
                   "%s: ||g||_inf = %.3g (%s), Hessian %s (inertia %d, %d, %d)%s",
                   hesse_point_kind_name(rep->kind), rep->gnorm,
                   rep->stationary ? "stationary" : "not stationary",
                   hesse_definiteness_name(rep->eig.verdict), rep->eig.npos, rep->eig.nneg,
                   rep->eig.nzero,
                   rep->consistent ? "" : "; the three definiteness tests disagree");
done:
    hesse__symws_free(&ws, al);
    hesse__free(al, sign);
    hesse__free(al, hwork);
    return st;
}

hesse_status hesse_taylor2(const hesse_problem *p, int nx, const double *x,
                           const double *h, const hesse_analysis_options *opt_in,
                           hesse_taylor_result *res)
{
    if (!res) return HESSE_EINVAL;
    memset(res, 0, sizeof *res);
    res->f0 = res->slope = res->curvature = res->model = res->actual = NAN;
    res->error = res->rel_error = res->laplacian = NAN;
    hesse_analysis_options opt;
    hesse_status st = hesse__an_options(opt_in, &opt, res->message);
    if (st != HESSE_SUCCESS) return st;
    st = hesse__an_check_problem(p, nx, x, res->message);
    if (st != HESSE_SUCCESS) return st;
    if (!h) return hesse__message(res->message, HESSE_EINVAL, "step h is NULL");
    int n = p->n;
    const hesse_allocator *al = &opt.allocator;
    /* One block: g (n), H (n²), x + h (n), the Hessian's scratch (4n). */
    double *g = hesse__calloc(al, (size_t)n * (n + 6), sizeof(double));
    if (!g)
        return hesse__message(res->message, HESSE_ENOMEM,
                              "out of memory for the Taylor model with n = %d", n);
    double *H = g + n, *xh = H + (size_t)n * n, *hwork = xh + n;
    hesse__evaluator ev;
    hesse__an_evaluator(&ev, p, &opt, hwork + n);
    st = hesse__an_eval(&ev, x, &res->f0, g, res->message);
    if (st == HESSE_SUCCESS) st = hesse__an_hessian(&ev, x, hwork, H, opt.sym_tol, res->message);
    if (st == HESSE_SUCCESS) {
        double slope = 0.0, curv = 0.0, lap = 0.0;
        for (int j = 0; j < n; j++) {
            slope += g[j] * h[j];
            double Hh_j = 0.0; /* (Hh)_j, H symmetric */
            for (int i = 0; i < n; i++) Hh_j += H[i + (size_t)j * n] * h[i];
            curv += h[j] * Hh_j;
            lap += H[j + (size_t)j * n];
            xh[j] = x[j] + h[j];
        }
        res->slope = slope;
        res->curvature = curv;
        res->laplacian = lap;
        res->model = res->f0 + slope + 0.5 * curv;
        st = hesse__an_eval(&ev, xh, &res->actual, NULL, res->message);
        if (st == HESSE_SUCCESS) {
            res->error = res->actual - res->model;
            res->rel_error = fabs(res->error) / fmax(1.0, fabs(res->actual));
            hesse__message(res->message, HESSE_SUCCESS,
                           "model %.10g, f(x+h) = %.10g, error %.3g", res->model,
                           res->actual, res->error);
        } else {
            char inner[HESSE__MESSAGE_SIZE];
            memcpy(inner, res->message, sizeof inner);
            hesse__message(res->message, st, "at x + h: %.200s", inner);
        }
    }
    hesse__free(al, g);
    return st;
}

hesse_status hesse_laplacian(const hesse_problem *p, int nx, const double *x,
                             const hesse_analysis_options *opt_in, double *laplacian,
                             char *msg_out, size_t msg_size)
{
    char msg[HESSE__MESSAGE_SIZE] = "";
    hesse_analysis_options opt;
    hesse_status st = hesse__an_options(opt_in, &opt, msg);
    if (st == HESSE_SUCCESS) st = hesse__an_check_problem(p, nx, x, msg);
    if (st == HESSE_SUCCESS && !laplacian)
        st = hesse__message(msg, HESSE_EINVAL, "laplacian output pointer is NULL");
    if (st == HESSE_SUCCESS) {
        int n = p->n;
        /* H (n²), then the Hessian's scratch (4n). */
        double *H = hesse__calloc(&opt.allocator, (size_t)n * (n + 4), sizeof(double));
        if (!H) {
            st = hesse__message(msg, HESSE_ENOMEM,
                                "out of memory for a %d x %d Hessian", n, n);
        } else {
            double *hwork = H + (size_t)n * n;
            hesse__evaluator ev;
            hesse__an_evaluator(&ev, p, &opt, hwork + n);
            st = hesse__an_hessian(&ev, x, hwork, H, opt.sym_tol, msg);
            if (st == HESSE_SUCCESS) {
                double lap = 0.0;
                for (int i = 0; i < n; i++) lap += H[i + (size_t)i * n];
                *laplacian = lap;
                hesse__message(msg, HESSE_SUCCESS, "Laplacian = trace of the Hessian = %.10g",
                               lap);
            }
            hesse__free(&opt.allocator, H);
        }
    }
    if (msg_out && msg_size > 0) {
        strncpy(msg_out, msg, msg_size - 1);
        msg_out[msg_size - 1] = '\0';
    }
    return st;
}

/* ---- Derivative check ---- */

static double rel_err(double value, double ref)
{
    return fabs(value - ref) / fmax(1.0, fmax(fabs(value), fabs(ref)));
}

/* Insert e into worst[0..*count-1] (sorted by rel_error, descending, at most
   HESSE_CHECK_WORST kept). */
static void keep_worst(hesse_check_entry *worst, int *count, hesse_check_entry e)
{
    int k = *count;
    if (k == HESSE_CHECK_WORST) {
        if (e.rel_error <= worst[k - 1].rel_error) return;
        k--;
    } else {
        (*count)++;
    }
    while (k > 0 && worst[k - 1].rel_error < e.rel_error) {
        worst[k] = worst[k - 1];
        k--;
    }
    worst[k] = e;
}

hesse_status hesse_check_derivatives(const hesse_problem *p, int nx, const double *x,
                                     const hesse_analysis_options *opt_in,
                                     hesse_derivative_check *res)
{
    if (!res) return HESSE_EINVAL;
    memset(res, 0, sizeof *res);
    hesse_analysis_options opt;
    hesse_status st = hesse__an_options(opt_in, &opt, res->message);
    if (st != HESSE_SUCCESS) return st;
    st = hesse__an_check_problem(p, nx, x, res->message);
    if (st != HESSE_SUCCESS) return st;
    int n = p->n;
    res->n = n;
    res->tol = opt.check_tol;
    res->has_hessian = p->hessian != NULL;
    res->sym_worst.i = res->sym_worst.j = -1;
    const hesse_allocator *al = &opt.allocator;
    /* g (n), xx (n), gp (n), gm (n), H (n²) */
    double *g = hesse__calloc(al, (size_t)n * (n + 4), sizeof(double));
    if (!g)
        return hesse__message(res->message, HESSE_ENOMEM,
                              "out of memory for the derivative check with n = %d", n);
    double *xx = g + n, *gp = xx + n, *gm = gp + n, *H = gm + n;
    hesse__evaluator ev;
    hesse__an_evaluator(&ev, p, &opt, NULL);
    double step = ev.fd_step;
    double f0, fp, fm;
    st = hesse__an_eval(&ev, x, &f0, g, res->message);
    if (st != HESSE_SUCCESS) goto done;
    memcpy(xx, x, (size_t)n * sizeof *x);
    /* Gradient: g_i ≈ (f(x + h e_i) - f(x - h e_i)) / 2h. */
    for (int i = 0; i < n; i++) {
        double h = step * fmax(1.0, fabs(x[i]));
        xx[i] = x[i] + h;
        st = hesse__an_eval(&ev, xx, &fp, NULL, res->message);
        if (st != HESSE_SUCCESS) goto done;
        xx[i] = x[i] - h;
        st = hesse__an_eval(&ev, xx, &fm, NULL, res->message);
        if (st != HESSE_SUCCESS) goto done;
        xx[i] = x[i];
        hesse_check_entry e = {i, -1, g[i], (fp - fm) / (2.0 * h), 0.0};
        e.rel_error = rel_err(e.value, e.reference);
        if (e.rel_error > res->grad_max_error) res->grad_max_error = e.rel_error;
        if (e.rel_error > opt.check_tol) res->grad_nbad++;
        keep_worst(res->grad_worst, &res->grad_nworst, e);
    }
    if (p->hessian) {
        if (hesse__eval_hessian(&ev, x, NULL, H) != HESSE__EVAL_OK) {
            st = hesse__an_failed(&ev, res->message);
            goto done;
        }
        /* Column j of the Hessian ≈ (∇f(x + h e_j) - ∇f(x - h e_j)) / 2h, not
           symmetrized, so an asymmetric callback shows in both comparisons. */
        for (int j = 0; j < n; j++) {
            double h = step * fmax(1.0, fabs(x[j]));
            xx[j] = x[j] + h;
            st = hesse__an_eval(&ev, xx, &fp, gp, res->message);
            if (st != HESSE_SUCCESS) goto done;
            xx[j] = x[j] - h;
            st = hesse__an_eval(&ev, xx, &fm, gm, res->message);
            if (st != HESSE_SUCCESS) goto done;
            xx[j] = x[j];
            for (int i = 0; i < n; i++) {
                hesse_check_entry e = {i, j, H[i + (size_t)j * n], (gp[i] - gm[i]) / (2.0 * h),
                                       0.0};
                e.rel_error = rel_err(e.value, e.reference);
                if (e.rel_error > res->hess_max_error) res->hess_max_error = e.rel_error;
                if (e.rel_error > opt.check_tol) res->hess_nbad++;
                keep_worst(res->hess_worst, &res->hess_nworst, e);
            }
        }
        for (int j = 0; j < n; j++)
            for (int i = j + 1; i < n; i++) {
                double r = rel_err(H[i + (size_t)j * n], H[j + (size_t)i * n]);
                if (r > res->sym_max_error || res->sym_worst.i < 0) {
                    res->sym_max_error = r;
                    res->sym_worst = (hesse_check_entry){i, j, H[i + (size_t)j * n],
                                                         H[j + (size_t)i * n], r};
                }
            }
    }
    res->pass = res->grad_max_error <= opt.check_tol &&
                res->hess_max_error <= opt.check_tol && res->sym_max_error <= opt.check_tol;
    if (res->pass)
        hesse__message(res->message, HESSE_SUCCESS,
                       "derivatives pass: max relative errors gradient %.2g, Hessian %.2g, "
                       "symmetry %.2g <= %g",
                       res->grad_max_error, res->hess_max_error, res->sym_max_error,
                       opt.check_tol);
    else if (res->grad_max_error > opt.check_tol)
        hesse__message(res->message, HESSE_SUCCESS,
                       "gradient fails: %d entries off, worst g[%d] = %.10g vs %.10g by "
                       "differences (relative error %.2g > %g)",
                       res->grad_nbad, res->grad_worst[0].i, res->grad_worst[0].value,
                       res->grad_worst[0].reference, res->grad_max_error, opt.check_tol);
    else if (res->hess_max_error > opt.check_tol)
        hesse__message(res->message, HESSE_SUCCESS,
                       "Hessian fails: %d entries off, worst H(%d,%d) = %.10g vs %.10g by "
                       "differences of the gradient (relative error %.2g > %g)",
                       res->hess_nbad, res->hess_worst[0].i, res->hess_worst[0].j,
                       res->hess_worst[0].value, res->hess_worst[0].reference,
                       res->hess_max_error, opt.check_tol);
    else
        hesse__message(res->message, HESSE_SUCCESS,
                       "Hessian is not symmetric: H(%d,%d) = %.10g vs H(%d,%d) = %.10g "
                       "(relative error %.2g > %g)",
                       res->sym_worst.i, res->sym_worst.j, res->sym_worst.value,
                       res->sym_worst.j, res->sym_worst.i, res->sym_worst.reference,
                       res->sym_max_error, opt.check_tol);
done:
    hesse__free(al, g);
    return st;
}
