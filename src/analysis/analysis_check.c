/*
 * A check of the user's derivatives at a point: the gradient against central
 * differences of f, the Hessian callback against central differences of the gradient
 * (not symmetrized, so an asymmetric callback shows), and the callback's symmetry.
 *
 * Reference: Nocedal & Wright, Numerical Optimization, 2nd ed., §8.1 (central
 * differences with h ≈ eps^(1/3) have error O(h²) + O(eps/h)).
 */
#include <math.h>
#include <string.h>

#include "analysis/analysis_internal.h"

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

/* f (and, when gp, gm are not NULL, ∇f) at x ± h e_j; xx holds x and is restored. */
static hesse_status both_sides(hesse__evaluator *ev, double *xx, const double *x, int j,
                               double h, double *fp, double *gp, double *fm, double *gm,
                               char *msg)
{
    xx[j] = x[j] + h;
    hesse_status st = hesse__an_eval(ev, xx, fp, gp, msg);
    xx[j] = x[j] - h;
    if (st == HESSE_SUCCESS) st = hesse__an_eval(ev, xx, fm, gm, msg);
    xx[j] = x[j];
    return st;
}

/* Record entry e (rel_error filled in here) in a comparison: the maximum, the count
   above tol, the worst entries. */
static void compare(hesse_check_entry e, double tol, double *max_error, int *nbad,
                    hesse_check_entry *worst, int *nworst)
{
    e.rel_error = rel_err(e.value, e.reference);
    if (e.rel_error > *max_error) *max_error = e.rel_error;
    if (e.rel_error > tol) ++*nbad;
    keep_worst(worst, nworst, e);
}

hesse_status hesse_check_derivatives(const hesse_problem *p, int nx, const double *x,
                                     const hesse_analysis_options *opt_in,
                                     hesse_derivative_check *res)
{
    if (!res) return HESSE_EINVAL;
    memset(res, 0, sizeof *res);
    hesse_analysis_options opt;
    hesse_status st = hesse__an_begin(opt_in, &opt, p, nx, x, res->message);
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
        st = both_sides(&ev, xx, x, i, h, &fp, NULL, &fm, NULL, res->message);
        if (st != HESSE_SUCCESS) goto done;
        compare((hesse_check_entry){i, -1, g[i], (fp - fm) / (2.0 * h), 0.0}, opt.check_tol,
                &res->grad_max_error, &res->grad_nbad, res->grad_worst, &res->grad_nworst);
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
            st = both_sides(&ev, xx, x, j, h, &fp, gp, &fm, gm, res->message);
            if (st != HESSE_SUCCESS) goto done;
            for (int i = 0; i < n; i++)
                compare((hesse_check_entry){i, j, H[i + (size_t)j * n],
                                            (gp[i] - gm[i]) / (2.0 * h), 0.0},
                        opt.check_tol, &res->hess_max_error, &res->hess_nbad,
                        res->hess_worst, &res->hess_nworst);
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
