/*
 * The Jacobian of a vector function F: Rⁿ -> Rᵐ at a point, and for a square one its
 * determinant and condition from an LU factorization (src/linalg/lu.c).
 *
 * The callback is called through the evaluator, as a constraint function c(x) (the
 * same signature). Without a Jacobian callback, column j is the central difference
 * (F(x + h_j e_j) - F(x - h_j e_j)) / (2 h_j), h_j = fd_step · max(1, |x_j|) with
 * fd_step = eps^(1/3) by default, and one-sided where a side is refused.
 * det = (-1)^(row interchanges) · Π U_ii is formed as that product (exact for small
 * integer matrices), log|det| = Σ log|U_ii| alongside for when it overflows.
 */
#include <math.h>
#include <string.h>

#include "analysis/analysis_internal.h"

void hesse_jacobian_report_clear(hesse_jacobian_report *rep)
{
    if (!rep) return;
    void *arrays[] = {rep->x, rep->F, rep->jacobian};
    hesse__an_clear(rep->allocator_, arrays, 3, rep, sizeof *rep);
}

/* F at x ± h e_j into out: OK, REFUSED or NONFINITE (may be tried again on the other
   side), or STOP. */
static int side(hesse__evaluator *ev, double *xt, int j, double h, double *out)
{
    double keep = xt[j];
    xt[j] = keep + h;
    int rc = hesse__eval_constraints(ev, xt, out, NULL);
    xt[j] = keep;
    return rc;
}

hesse_status hesse_jacobian(const hesse_vector_function *vf, int nx, const double *x,
                            const hesse_analysis_options *opt_in, hesse_jacobian_report *rep)
{
    if (!rep) return HESSE_EINVAL;
    memset(rep, 0, sizeof *rep);
    rep->det = rep->log_abs_det = rep->rcond = NAN;
    hesse_analysis_options opt;
    hesse_status st = hesse__an_options(opt_in, &opt, rep->message);
    if (st != HESSE_SUCCESS) return st;
    rep->allocator_ = opt.allocator;
    if (!vf || !vf->function)
        return hesse__message(rep->message, HESSE_EINVAL, "vector function %s",
                              vf ? "has no callback" : "is NULL");
    if (vf->n < 1 || vf->m < 1)
        return hesse__message(rep->message, HESSE_EINVAL,
                              "vector function with n = %d variables and m = %d components: "
                              "need n >= 1 and m >= 1", vf->n, vf->m);
    if (vf->has_jacobian != 0 && vf->has_jacobian != 1)
        return hesse__message(rep->message, HESSE_EINVAL, "has_jacobian = %d is not 0 or 1",
                              vf->has_jacobian);
    if (!x) return hesse__message(rep->message, HESSE_EINVAL, "point x is NULL");
    if (nx != vf->n)
        return hesse__message(rep->message, HESSE_EINVAL,
                              "point has %d values but the function has n = %d", nx, vf->n);
    for (int j = 0; j < nx; j++)
        if (!isfinite(x[j]))
            return hesse__message(rep->message, HESSE_EINVAL, "x[%d] = %g is not finite", j,
                                  x[j]);
    int n = vf->n, m = vf->m;
    const hesse_allocator *al = &opt.allocator;
    size_t nm = (size_t)n * (size_t)m;
    rep->n = n;
    rep->m = m;
    rep->x = hesse__calloc(al, (size_t)n, sizeof(double));
    rep->F = hesse__calloc(al, (size_t)m, sizeof(double));
    rep->jacobian = hesse__calloc(al, nm, sizeof(double));
    /* scratch: x ± h e_j (n), F on both sides (2m), LU (n²), dgecon (4n), ipiv and
       iwork (2n ints, as doubles) */
    int square = m == n;
    size_t nscratch = (size_t)n + 2 * (size_t)m + (square ? nm + 6 * (size_t)n : 0);
    double *scratch = hesse__calloc(al, nscratch, sizeof(double));
    if (!rep->x || !rep->F || !rep->jacobian || !scratch) {
        hesse__free(al, scratch);
        return hesse__message(rep->message, HESSE_ENOMEM,
                              "out of memory for a %d x %d Jacobian", m, n);
    }
    memcpy(rep->x, x, (size_t)n * sizeof *x);
    double *xt = scratch, *Fp = xt + n, *Fm = Fp + m;
    hesse_constrained_problem as_constraints = {.n = n, .m = m, .constraints = vf->function,
                                                .data = vf->data};
    hesse_problem none = {n, NULL, NULL, NULL, NULL};
    hesse__evaluator ev;
    hesse__eval_init(&ev, &none, opt.fd_step, 0, NULL);
    ev.constrained = &as_constraints;
    int rc = hesse__eval_constraints(&ev, x, rep->F, vf->has_jacobian ? rep->jacobian : NULL);
    if (hesse__eval_terminal(&ev, rc, vf->has_jacobian ? "function or its Jacobian" : "function",
                             HESSE__AT_X, "") != HESSE__EVAL_OK) {
        st = hesse__an_failed(&ev, rep->message);
        goto done;
    }
    rep->exact = vf->has_jacobian;
    if (!vf->has_jacobian) {
        memcpy(xt, x, (size_t)n * sizeof *x);
        for (int j = 0; j < n; j++) {
            double h = ev.fd_step * fmax(1.0, fabs(x[j]));
            int rp = side(&ev, xt, j, h, Fp), rm = rp == HESSE__EVAL_STOP ? rp : side(&ev, xt, j, -h, Fm);
            double *col = rep->jacobian + (size_t)j * m;
            if (rp == HESSE__EVAL_STOP || rm == HESSE__EVAL_STOP) {
                st = hesse__an_failed(&ev, rep->message);
                goto done;
            }
            for (int i = 0; i < m; i++) {
                if (rp == HESSE__EVAL_OK && rm == HESSE__EVAL_OK) col[i] = (Fp[i] - Fm[i]) / (2 * h);
                else if (rp == HESSE__EVAL_OK) col[i] = (Fp[i] - rep->F[i]) / h;
                else if (rm == HESSE__EVAL_OK) col[i] = (rep->F[i] - Fm[i]) / h;
            }
            if (rp != HESSE__EVAL_OK && rm != HESSE__EVAL_OK) {
                st = hesse__message(rep->message,
                                    rp == HESSE__EVAL_REFUSED || rm == HESSE__EVAL_REFUSED
                                        ? HESSE_EDOMAIN : HESSE_ENONFINITE,
                                    "the function cannot be evaluated on either side of x "
                                    "along x[%d] (step %g) for its differences", j, h);
                goto done;
            }
        }
    }
    if (square) {
        double *LU = Fm + m, *work = LU + nm;
        int *ipiv = (int *)(work + 4 * (size_t)n), *iwork = ipiv + n;
        int info;
        st = hesse__lu_factor(n, rep->jacobian, LU, ipiv, work, iwork, &info, &rep->rcond,
                              rep->message);
        if (st != HESSE_SUCCESS) goto done;
        if (info > 0) {
            rep->det = 0.0;
            rep->det_sign = 0;
            rep->log_abs_det = -INFINITY;
        } else {
            hesse__lu_log_det(n, LU, ipiv, &rep->det_sign, &rep->log_abs_det);
            double det = rep->det_sign;
            for (int i = 0; i < n; i++) det *= fabs(LU[i + (size_t)i * n]); /* sign holds theirs */
            rep->det = det == 0 ? 0.0 : det;
        }
        hesse__message(rep->message, HESSE_SUCCESS, "det J = %.10g, rcond = %.3g", rep->det,
                       rep->rcond);
    } else {
        hesse__message(rep->message, HESSE_SUCCESS, "%d x %d Jacobian: no determinant", m, n);
    }
    st = HESSE_SUCCESS;
done:
    hesse__free(al, scratch);
    return st;
}
