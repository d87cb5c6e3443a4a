/*
 * Convexity of a function on a box: the eigenvalue test of the Hessian at every point
 * of a Halton sample of the box. A negative eigenvalue anywhere proves the function
 * is not convex, a positive one that it is not concave; "convex on all samples" is
 * evidence, not proof (hesse.h).
 *
 * All memory is allocated once per call, before the loop.
 */
#include <math.h>
#include <string.h>

#include "analysis/analysis_internal.h"

const char *hesse_convexity_name(hesse_convexity_kind k)
{
    switch (k) {
    case HESSE_CONVEXITY_STRICTLY_CONVEX: return "strictly convex";
    case HESSE_CONVEXITY_CONVEX: return "convex";
    case HESSE_CONVEXITY_STRICTLY_CONCAVE: return "strictly concave";
    case HESSE_CONVEXITY_CONCAVE: return "concave";
    case HESSE_CONVEXITY_AFFINE: return "affine (convex and concave)";
    case HESSE_CONVEXITY_NEITHER: return "neither convex nor concave";
    }
    return "unknown";
}

void hesse_convexity_clear(hesse_convexity *cv)
{
    if (!cv) return;
    void *arrays[] = {cv->not_convex_at, cv->not_concave_at};
    hesse__an_clear(cv->allocator_, arrays, 2, cv, sizeof *cv);
}

hesse_status hesse_convexity_check(const hesse_problem *p, const double *lo,
                                   const double *hi, const hesse_analysis_options *opt_in,
                                   hesse_convexity *out)
{
    if (!out) return HESSE_EINVAL;
    memset(out, 0, sizeof *out);
    out->not_convex_lambda = out->not_concave_lambda = NAN;
    hesse_analysis_options opt;
    hesse_status st = hesse__an_begin_box(opt_in, &opt, p, lo, hi, out->message);
    if (st != HESSE_SUCCESS) return st;
    out->allocator_ = opt.allocator;
    int n = p->n;
    const hesse_allocator *al = &opt.allocator;
    out->n = n;
    /* H (n²), x, w (n each), the Hessian's workspace (4n). */
    double *block = hesse__calloc(al, (size_t)n * n + 6 * (size_t)n, sizeof(double));
    int *primes = hesse__calloc(al, (size_t)n, sizeof(int));
    out->not_convex_at = hesse__calloc(al, (size_t)n, sizeof(double));
    out->not_concave_at = hesse__calloc(al, (size_t)n, sizeof(double));
    hesse__symws ws;
    memset(&ws, 0, sizeof ws);
    if (!block || !primes || !out->not_convex_at || !out->not_concave_at) {
        st = hesse__message(out->message, HESSE_ENOMEM,
                            "out of memory for a convexity check with n = %d", n);
        goto done;
    }
    st = hesse__symws_init(&ws, n, HESSE__ANALYSIS_KERNELS, al, out->message);
    if (st != HESSE_SUCCESS) goto done;
    double *H = block, *x = H + (size_t)n * n, *w = x + n, *hwork = w + n;
    hesse__evaluator ev;
    hesse__an_evaluator(&ev, p, &opt, hwork + n);
    hesse__an_primes(n, primes);
    int any_neg = 0, any_pos = 0;
    for (int k = 1; k <= opt.nsamples; k++) {
        hesse__an_box_point(n, primes, k, lo, hi, x);
        st = hesse__an_hessian(&ev, x, hwork, H, opt.sym_tol, out->message);
        if (st != HESSE_SUCCESS) goto done;
        st = hesse__sym_eigenvalues(&ws, n, H, n, w, out->message);
        if (st != HESSE_SUCCESS) goto done;
        int np, nn, nz;
        hesse__inertia(n, w, hesse__zero_threshold(n, w, opt.rtol), &np, &nn, &nz);
        out->count[hesse_definiteness_from_inertia(np, nn, nz)]++;
        out->nsamples++;
        if (nn > 0 && (!any_neg || w[0] < out->not_convex_lambda)) {
            any_neg = 1;
            out->not_convex_lambda = w[0];
            memcpy(out->not_convex_at, x, (size_t)n * sizeof *x);
        }
        if (np > 0 && (!any_pos || w[n - 1] > out->not_concave_lambda)) {
            any_pos = 1;
            out->not_concave_lambda = w[n - 1];
            memcpy(out->not_concave_at, x, (size_t)n * sizeof *x);
        }
    }
    if (any_neg && any_pos)
        out->verdict = HESSE_CONVEXITY_NEITHER;
    else if (!any_neg && !any_pos)
        out->verdict = HESSE_CONVEXITY_AFFINE;
    else if (!any_neg)
        out->verdict = out->count[HESSE_DEFINITENESS_POSITIVE_DEFINITE] == out->nsamples
                           ? HESSE_CONVEXITY_STRICTLY_CONVEX
                           : HESSE_CONVEXITY_CONVEX;
    else
        out->verdict = out->count[HESSE_DEFINITENESS_NEGATIVE_DEFINITE] == out->nsamples
                           ? HESSE_CONVEXITY_STRICTLY_CONCAVE
                           : HESSE_CONVEXITY_CONCAVE;
    if (!any_neg) {
        hesse__free(al, out->not_convex_at);
        out->not_convex_at = NULL;
    }
    if (!any_pos) {
        hesse__free(al, out->not_concave_at);
        out->not_concave_at = NULL;
    }
    if (out->verdict == HESSE_CONVEXITY_NEITHER)
        hesse__message(out->message, HESSE_SUCCESS,
                       "neither: eigenvalue %.6g < 0 at a sample proves not convex, %.6g > 0 "
                       "at another proves not concave (%d samples)",
                       out->not_convex_lambda, out->not_concave_lambda, out->nsamples);
    else
        hesse__message(out->message, HESSE_SUCCESS,
                       "%s on all %d samples (evidence, not proof)%s",
                       hesse_convexity_name(out->verdict), out->nsamples,
                       any_neg ? "; a negative eigenvalue proves it is not convex"
                       : any_pos ? "; a positive eigenvalue proves it is not concave" : "");
done:
    hesse__free(al, block);
    hesse__free(al, primes);
    hesse__symws_free(&ws, al);
    return st;
}
