/*
 * What the Hessian says at one point of an unconstrained problem: gradient, Hessian,
 * the three definiteness tests (analysis_matrix.c) and the kind of point.
 *
 * Reference: Nocedal & Wright, Numerical Optimization, 2nd ed., Thm 2.3–2.4
 * (second-order conditions).
 */
#include <math.h>
#include <string.h>

#include "analysis/analysis_internal.h"

void hesse_point_report_clear(hesse_point_report *rep)
{
    if (!rep) return;
    void *arrays[] = {rep->x, rep->gradient, rep->hessian, rep->eigenvalues, rep->minors};
    hesse__an_clear(rep->allocator_, arrays, 5, rep, sizeof *rep);
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
    hesse_status st = hesse__an_begin(opt_in, &opt, p, nx, x, rep->message);
    if (st != HESSE_SUCCESS) return st;
    rep->allocator_ = opt.allocator;
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
