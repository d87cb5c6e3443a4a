/*
 * Derivatives by differences, for problems without the callback: the Hessian from
 * central differences of the gradient, Hessian-vector products from a forward
 * difference of the gradient, and the Jacobian of a system (or of least-squares
 * residuals) from forward or central differences of F. Every call goes through the evaluator (evaluator.c) and is
 * counted there; the scratch is the evaluator's work (3n doubles; n + 2m for the
 * Jacobian of m least-squares residuals).
 *
 * Formulas (hesse.h, options fd_step of hesse_options and hesse_roots_options):
 *   Hessian column j   (∇f(x + h e_j) - ∇f(x - h e_j)) / 2h,  h = fd_step·t_j,
 *                      t_j = max(|x_j|, typx_j) with the owner's typical sizes, else
 *                      max(1, |x_j|); one-sided with ∇f(x) where a side is refused, then
 *                      (H + Hᵀ)/2. Its error, when asked for (hesse__fd_hessian's E):
 *                          E_ij = |H̃_ij - H̃_ji| + 4·eps·(G_ij + R_i) / h_j,
 *                      H̃ the matrix before symmetrizing (its asymmetry shows the
 *                      truncation and rounding of the two differences that estimate
 *                      one entry), G_ij the largest |∂_i f| the difference of column j
 *                      subtracted, R_i = Σ_k |H_ik|·t_k the size of ∂_i f's variation
 *                      over a typical step (the rounding of the gradient's terms);
 *   Hessian-vector     (∇f(x + h v) - ∇f(x)) / h,  h = sqrt(eps) / max_j (|v_j| / t_j);
 *   Jacobian column j  (F(x + h e_j) - F(x)) / h (forward) or
 *                      (F(x + h e_j) - F(x - h e_j)) / 2h (central), h = fd_step·
 *                      max(1, |x_j|) rounded so that x_j + h - x_j is exact; the other
 *                      side where one is refused or not finite.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "eval/eval_internal.h"

double hesse__eval_typical(const hesse__evaluator *ev, int j, double xj)
{
    return ev->xscale ? fmax(fabs(xj), ev->xscale[j]) : fmax(1.0, fabs(xj));
}

/* Column j of the Hessian into col (and the rounding part of its error into ecol when
   not NULL); xw holds x and is restored. */
static int hessian_column(hesse__evaluator *ev, double *xw, const double *gx, int j,
                          double *col, double *ecol)
{
    int n = ev->n;
    double *gp = ev->work + n, *gm = ev->work + 2 * (size_t)n;
    double xj = xw[j];
    double h = ev->fd_step * hesse__eval_typical(ev, j, xj);
    volatile double xp = xj + h, xm = xj - h; /* the step actually taken */
    xw[j] = xp;
    int rp = hesse__eval_gradient_for_differences(ev, xw, gp);
    if (rp == HESSE__EVAL_STOP) return rp;
    xw[j] = xm;
    int rm = hesse__eval_gradient_for_differences(ev, xw, gm);
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
    if (ecol) {
        double h_taken = rp == HESSE__EVAL_OK && rm == HESSE__EVAL_OK ? 0.5 * (xp - xm)
                         : rp == HESSE__EVAL_OK                      ? xp - xj
                                                                     : xj - xm;
        for (int i = 0; i < n; i++) {
            double big = fabs(gx[i]);
            if (rp == HESSE__EVAL_OK && fabs(gp[i]) > big) big = fabs(gp[i]);
            if (rm == HESSE__EVAL_OK && fabs(gm[i]) > big) big = fabs(gm[i]);
            ecol[i] = 4.0 * DBL_EPSILON * big / h_taken;
        }
    }
    return HESSE__EVAL_OK;
}

int hesse__fd_hessian(hesse__evaluator *ev, const double *x, const double *gx, double *H,
                      double *E)
{
    int n = ev->n;
    double *xw = ev->work;
    memcpy(xw, x, (size_t)n * sizeof *xw);
    for (int j = 0; j < n; j++) {
        int rc = hessian_column(ev, xw, gx, j, H + (size_t)j * n, E ? E + (size_t)j * n : NULL);
        if (rc != HESSE__EVAL_OK) return rc;
    }
    if (E) {
        /* E_ij += |H̃_ij - H̃_ji| + 4·eps·R_i/h_j (file comment), before symmetrizing. */
        for (int i = 0; i < n; i++) {
            double r = 0.0;
            for (int k = 0; k < n; k++)
                r += fabs(H[i + (size_t)k * n]) * hesse__eval_typical(ev, k, x[k]);
            for (int j = 0; j < n; j++) {
                double h = ev->fd_step * hesse__eval_typical(ev, j, x[j]);
                E[i + (size_t)j * n] += fabs(H[i + (size_t)j * n] - H[j + (size_t)i * n]) +
                                        4.0 * DBL_EPSILON * r / h;
            }
        }
    }
    /* Symmetrize: H <- (H + Hᵀ)/2. */
    for (int j = 0; j < n; j++)
        for (int i = j + 1; i < n; i++) {
            double a = 0.5 * (H[i + (size_t)j * n] + H[j + (size_t)i * n]);
            H[i + (size_t)j * n] = H[j + (size_t)i * n] = a;
        }
    if (E)
        for (int j = 0; j < n; j++)
            for (int i = j + 1; i < n; i++) {
                double e = fmax(E[i + (size_t)j * n], E[j + (size_t)i * n]);
                E[i + (size_t)j * n] = E[j + (size_t)i * n] = e;
            }
    return HESSE__EVAL_OK;
}

int hesse__fd_hessvec(hesse__evaluator *ev, const double *x, const double *gx,
                      const double *v, double *Hv)
{
    int n = ev->n;
    /* Forward difference along v: error O(h); h such that v's largest component, in
       units of its typical size, moves by sqrt(eps) of that size. */
    double big = 0.0;
    for (int j = 0; j < n; j++) big = fmax(big, fabs(v[j]) / hesse__eval_typical(ev, j, x[j]));
    if (!(big > 0.0)) {
        memset(Hv, 0, (size_t)n * sizeof *Hv);
        return HESSE__EVAL_OK;
    }
    double h = HESSE__FD_STEP_FORWARD / big;
    double *xp = ev->work, *gp = ev->work + n;
    for (int i = 0; i < n; i++) xp[i] = x[i] + h * v[i];
    int rc = hesse__eval_gradient_for_differences(ev, xp, gp);
    if (rc != HESSE__EVAL_OK) return rc;
    for (int i = 0; i < n; i++) Hv[i] = (gp[i] - gx[i]) / h;
    return HESSE__EVAL_OK;
}

/* Column j of the Jacobian into col. */
static int jacobian_column(hesse__evaluator *ev, const double *x, const double *F, int j,
                           double *col)
{
    int n = ev->n, m = ev->m;
    double *xt = ev->work, *Fp = ev->work + n, *Fm = ev->work + n + (size_t)m;
    double xj = x[j];
    double h = ev->fd_step * fmax(1.0, fabs(xj));
    memcpy(xt, x, (size_t)n * sizeof *xt);
    /* h is rounded to a representable difference: (x_j + h) - x_j exactly. */
    xt[j] = xj + h;
    double hp = xt[j] - xj;
    int rp = hesse__eval_system(ev, xt, Fp, NULL);
    if (rp == HESSE__EVAL_STOP) return rp;
    int rm = HESSE__EVAL_REFUSED;
    double hm = 0.0;
    if (ev->fd_central || rp != HESSE__EVAL_OK) {
        xt[j] = xj - h;
        hm = xj - xt[j];
        rm = hesse__eval_system(ev, xt, Fm, NULL);
        if (rm == HESSE__EVAL_STOP) return rm;
    }
    if (rp == HESSE__EVAL_OK && rm == HESSE__EVAL_OK) {
        for (int i = 0; i < m; i++) col[i] = (Fp[i] - Fm[i]) / (hp + hm);
    } else if (rp == HESSE__EVAL_OK) {
        for (int i = 0; i < m; i++) col[i] = (Fp[i] - F[i]) / hp;
    } else if (rm == HESSE__EVAL_OK) {
        for (int i = 0; i < m; i++) col[i] = (F[i] - Fm[i]) / hm;
    } else {
        int refused = rp == HESSE__EVAL_REFUSED || rm == HESSE__EVAL_REFUSED;
        hesse__fail(ev, refused ? HESSE_EDOMAIN : HESSE_ENONFINITE,
                    "finite-difference Jacobian, column %d: the system %s at x +- h e_%d "
                    "(h = %g, iteration %d)",
                    j, refused ? "refused to evaluate" : "gave non-finite values", j, h,
                    ev->iteration);
        return HESSE__EVAL_STOP;
    }
    if (!hesse__all_finite((size_t)m, col)) {
        hesse__fail(ev, HESSE_ENONFINITE,
                    "finite-difference Jacobian, column %d is not finite (h = %g, iteration %d)",
                    j, h, ev->iteration);
        return HESSE__EVAL_STOP;
    }
    return HESSE__EVAL_OK;
}

int hesse__fd_jacobian(hesse__evaluator *ev, const double *x, const double *F, double *J)
{
    int n = ev->n;
    hesse__eval_counts(ev)->nhev++; /* first, so that the budget check of every call includes it */
    for (int j = 0; j < n; j++) {
        int rc = jacobian_column(ev, x, F, j, J + (size_t)j * ev->m);
        if (rc != HESSE__EVAL_OK) return rc;
    }
    return HESSE__EVAL_OK;
}
