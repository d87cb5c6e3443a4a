/*
 * Critical points of a function on a box: multi-start Newton on the gradient system
 * ∇f(x) = 0 from a Halton sample of the box, with a least-squares step (dgelsd) so
 * that singular and indefinite Hessians are fine, damped by backtracking on
 * φ = ½‖∇f‖² (Dennis & Schnabel, Numerical Methods for Unconstrained Optimization and
 * Nonlinear Equations, §6.3 and §6.5: a Newton step on F(x) = ∇f(x) = 0 is a descent
 * direction for ½‖F‖² when J = ∇²f is nonsingular; the least-squares step keeps that
 * true on range(J)). Each point found is classified by the eigenvalue test.
 *
 * All memory is allocated once per call, before the loops.
 */
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "analysis/analysis_internal.h"

#define ARMIJO_C 1e-4       /* sufficient decrease of φ, as in the line searches */
#define MAX_BACKTRACKS 30   /* halvings: α down to 2^-30 ≈ 1e-9 */

void hesse_critical_points_clear(hesse_critical_points *cp)
{
    if (!cp) return;
    void *arrays[] = {cp->x_block_, cp->points};
    hesse__an_clear(cp->allocator_, arrays, 2, cp, sizeof *cp);
}

typedef struct {
    hesse__evaluator ev;
    const hesse_analysis_options *opt;
    int n;
    double *H, *Hls, *rhs, *sv, *work, *g, *xt, *gt, *Hs;
    double *hwork; /* 4n: the gradient for the Hessian's differences, then the
                      evaluator's work; allocated once */
    int *iwork;
    int lwork;
} newton_ws;

/* Least-norm s minimizing ‖H s + g‖ (dgelsd, singular values <= rtol·σ_max
   dropped). */
static hesse_status lsq_step(newton_ws *w, const double *g, double *s, char *msg)
{
    int n = w->n;
    memcpy(w->Hls, w->H, (size_t)n * n * sizeof *w->H);
    for (int i = 0; i < n; i++) w->rhs[i] = -g[i];
    lapack_int rank = 0;
    lapack_int info = LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, n, n, 1, w->Hls, n, w->rhs, n,
                                          w->sv, w->opt->rtol, &rank, w->work, w->lwork,
                                          w->iwork);
    if (info != 0)
        return hesse__message(msg, HESSE_ELAPACK, "dgelsd returned info = %d (n = %d)",
                              (int)info, n);
    memcpy(s, w->rhs, (size_t)n * sizeof *s);
    return HESSE_SUCCESS;
}

/* Newton from x (overwritten). *converged = 1 when the gradient test was met.
   Returns an error only for what must end the whole search (callback abort,
   non-symmetric Hessian callback, LAPACK); a refusal just fails the start. */
static hesse_status newton_start(newton_ws *w, double *x, const double *lo,
                                 const double *hi, double *s, double *f_out,
                                 int *converged, char *msg)
{
    int n = w->n;
    const hesse_analysis_options *opt = w->opt;
    char local[HESSE__MESSAGE_SIZE];
    double f, ft;
    *converged = 0;
    hesse_status st = hesse__an_eval(&w->ev, x, &f, w->g, local);
    if (st == HESSE_ECALLBACK) return hesse__message(msg, st, "%s", local);
    if (st != HESSE_SUCCESS) return HESSE_SUCCESS; /* refused start: skip it */
    for (int it = 0;; it++) {
        if (hesse__norm_inf(n, w->g) <= opt->solve_gtol * fmax(1.0, fabs(f))) {
            *converged = 1;
            *f_out = f;
            return HESSE_SUCCESS;
        }
        if (it >= opt->max_iter) return HESSE_SUCCESS;
        st = hesse__an_hessian(&w->ev, x, w->hwork, w->H, opt->sym_tol, local);
        if (st == HESSE_ECALLBACK || st == HESSE_EINVAL || st == HESSE_ENOMEM)
            return hesse__message(msg, st, "%s", local);
        if (st != HESSE_SUCCESS) return HESSE_SUCCESS;
        st = lsq_step(w, w->g, s, msg);
        if (st != HESSE_SUCCESS) return st;
        /* dφ/dα at 0 along s: gᵀ(Hs) = -‖projection of g on range(H)‖² <= 0. */
        double pred = 0.0, phi0 = 0.0;
        for (int i = 0; i < n; i++) {
            double hs = 0.0;
            for (int j = 0; j < n; j++) hs += w->H[i + (size_t)j * n] * s[j];
            pred += w->g[i] * hs;
            phi0 += 0.5 * w->g[i] * w->g[i];
        }
        if (!(pred < 0)) return HESSE_SUCCESS;
        double alpha = 1.0;
        int accepted = 0;
        for (int k = 0; k <= MAX_BACKTRACKS && !accepted; k++, alpha *= 0.5) {
            for (int i = 0; i < n; i++) w->xt[i] = x[i] + alpha * s[i];
            st = hesse__an_eval(&w->ev, w->xt, &ft, w->gt, local);
            if (st == HESSE_ECALLBACK) return hesse__message(msg, st, "%s", local);
            if (st != HESSE_SUCCESS) continue;
            double phi = 0.0;
            for (int i = 0; i < n; i++) phi += 0.5 * w->gt[i] * w->gt[i];
            if (phi <= phi0 + ARMIJO_C * alpha * pred) accepted = 1;
        }
        if (!accepted) return HESSE_SUCCESS;
        memcpy(x, w->xt, (size_t)n * sizeof *x);
        memcpy(w->g, w->gt, (size_t)n * sizeof *x);
        f = ft;
        /* Give up on a start that wanders off: outside the box widened by its width. */
        for (int i = 0; i < n; i++) {
            double width = hi[i] - lo[i];
            if (x[i] < lo[i] - width || x[i] > hi[i] + width) return HESSE_SUCCESS;
        }
    }
}

static int same_point(int n, const double *a, const double *b, double tol)
{
    double scale = fmax(1.0, hesse__norm_inf(n, a));
    for (int i = 0; i < n; i++)
        if (fabs(a[i] - b[i]) > tol * scale) return 0;
    return 1;
}

hesse_status hesse_critical_points_find(const hesse_problem *p, const double *lo,
                                        const double *hi, const hesse_analysis_options *opt_in,
                                        hesse_critical_points *out)
{
    if (!out) return HESSE_EINVAL;
    memset(out, 0, sizeof *out);
    hesse_analysis_options opt;
    hesse_status st = hesse__an_begin_box(opt_in, &opt, p, lo, hi, out->message);
    if (st != HESSE_SUCCESS) return st;
    out->allocator_ = opt.allocator;
    int n = p->n, cap = opt.nstarts;
    const hesse_allocator *al = &opt.allocator;
    out->n = n;

    newton_ws w;
    memset(&w, 0, sizeof w);
    w.opt = &opt;
    w.n = n;
    /* dgelsd workspace query. */
    double wq = 0.0;
    lapack_int iq = 0, rank = 0;
    lapack_int info = LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, n, n, 1, NULL, n, NULL, n, NULL,
                                          opt.rtol, &rank, &wq, -1, &iq);
    if (info != 0)
        return hesse__message(out->message, HESSE_ELAPACK,
                              "dgelsd workspace query returned info = %d", (int)info);
    w.lwork = (int)wq > 1 ? (int)wq : 1;
    int liwork = iq > 1 ? (int)iq : 1;
    /* H, Hls (n² each), rhs, sv, g, xt, gt, Hs, x, s (n each), hwork (4n), work. */
    double *block = hesse__calloc(al, 2 * (size_t)n * n + 12 * (size_t)n + w.lwork,
                                           sizeof(double));
    w.iwork = hesse__calloc(al, (size_t)liwork, sizeof(int));
    int *primes = hesse__calloc(al, (size_t)n, sizeof(int));
    out->points = hesse__calloc(al, (size_t)cap, sizeof *out->points);
    double *xs = hesse__calloc(al, (size_t)cap * n, sizeof(double));
    hesse__symws ws;
    memset(&ws, 0, sizeof ws);
    if (!block || !w.iwork || !primes || !out->points || !xs) {
        st = hesse__message(out->message, HESSE_ENOMEM,
                            "out of memory for a critical-point search with n = %d and "
                            "nstarts = %d", n, cap);
        goto done;
    }
    st = hesse__symws_init(&ws, n, HESSE__ANALYSIS_KERNELS, al, out->message);
    if (st != HESSE_SUCCESS) goto done;
    for (int k = 0; k < cap; k++) out->points[k].x = xs + (size_t)k * n;
    out->x_block_ = xs;
    xs = NULL; /* owned by out now */
    w.H = block;
    w.Hls = w.H + (size_t)n * n;
    w.rhs = w.Hls + (size_t)n * n;
    w.sv = w.rhs + n;
    w.g = w.sv + n;
    w.xt = w.g + n;
    w.gt = w.xt + n;
    w.Hs = w.gt + n;
    double *x = w.Hs + n, *s = x + n;
    w.hwork = s + n;
    w.work = w.hwork + 4 * (size_t)n;
    hesse__an_evaluator(&w.ev, p, &opt, w.hwork + n);
    hesse__an_primes(n, primes);

    for (int k = 1; k <= opt.nstarts; k++) {
        hesse__an_box_point(n, primes, k, lo, hi, x);
        out->nstarts++;
        int converged = 0;
        double f = NAN;
        st = newton_start(&w, x, lo, hi, s, &f, &converged, out->message);
        if (st != HESSE_SUCCESS) goto done;
        if (!converged) {
            out->nfailed++;
            continue;
        }
        out->nconverged++;
        int inside = 1;
        for (int i = 0; i < n; i++) {
            double slack = opt.merge_tol * fmax(1.0, fmax(fabs(lo[i]), fabs(hi[i])));
            if (x[i] < lo[i] - slack || x[i] > hi[i] + slack) inside = 0;
        }
        if (!inside) continue;
        int found = -1;
        for (int c = 0; c < out->count && found < 0; c++)
            if (same_point(n, out->points[c].x, x, opt.merge_tol)) found = c;
        double gnorm = hesse__norm_inf(n, w.g);
        if (found >= 0) {
            hesse_critical_point *cpt = &out->points[found];
            cpt->hits++;
            if (gnorm < cpt->gnorm) { /* keep the most accurate representative */
                memcpy(cpt->x, x, (size_t)n * sizeof *x);
                cpt->gnorm = gnorm;
                cpt->f = f;
            }
            continue;
        }
        hesse_critical_point *cpt = &out->points[out->count++];
        memcpy(cpt->x, x, (size_t)n * sizeof *x);
        cpt->f = f;
        cpt->gnorm = gnorm;
        cpt->hits = 1;
    }
    /* Classify each distinct point by the eigenvalue test. */
    for (int c = 0; c < out->count; c++) {
        hesse_critical_point *cpt = &out->points[c];
        st = hesse__an_hessian(&w.ev, cpt->x, w.hwork, w.H, opt.sym_tol, out->message);
        if (st != HESSE_SUCCESS) goto done;
        st = hesse__sym_eigenvalues(&ws, n, w.H, n, w.sv, out->message);
        if (st != HESSE_SUCCESS) goto done;
        hesse__inertia(n, w.sv, hesse__zero_threshold(n, w.sv, opt.rtol), &cpt->npos,
                        &cpt->nneg, &cpt->nzero);
        cpt->lambda_min = w.sv[0];
        cpt->lambda_max = w.sv[n - 1];
        cpt->kind = hesse__point_kind(
            1, hesse_definiteness_from_inertia(cpt->npos, cpt->nneg, cpt->nzero));
    }
    /* Sort by f (insertion sort: count <= nstarts, and the x blocks stay put). */
    for (int c = 1; c < out->count; c++) {
        hesse_critical_point key = out->points[c];
        int d = c - 1;
        while (d >= 0 && out->points[d].f > key.f) {
            out->points[d + 1] = out->points[d];
            d--;
        }
        out->points[d + 1] = key;
    }
    hesse__message(out->message, HESSE_SUCCESS,
                   "%d critical point%s in the box from %d starts (%d converged, %d failed)",
                   out->count, out->count == 1 ? "" : "s", out->nstarts, out->nconverged,
                   out->nfailed);
done:
    hesse__free(al, xs);
    hesse__free(al, block);
    hesse__free(al, w.iwork);
    hesse__free(al, primes);
    hesse__symws_free(&ws, al);
    return st;
}
