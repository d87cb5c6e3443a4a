/*
 * Statistics of a fit (hesse.h, section 5, "Statistics of a fit"): covariance from
 * the SVD of the column-scaled Jacobian, standard errors, correlations, t-values,
 * confidence intervals, condition numbers and identifiability; and the Student t
 * quantile.
 *
 * The t distribution function for integer ν, in θ = atan(t/sqrt(ν)) (Abramowitz &
 * Stegun, Handbook of Mathematical Functions, 26.7.3 and 26.7.4):
 *   A(θ) = P(|T| <= t) =
 *     ν = 1:        2θ/π
 *     ν odd >= 3:   (2/π) [θ + sin θ (cos θ + Σ_{k=1}^{(ν−3)/2} (2·4···2k)/(3·5···(2k+1)) cos^{2k+1} θ)]
 *     ν even:       sin θ [1 + Σ_{k=1}^{(ν−2)/2} (1·3···(2k−1))/(2·4···2k) cos^{2k} θ]
 * sums of positive terms (no cancellation; ν terms at most), and
 *   dA/dθ = 2 Γ((ν+1)/2) / (sqrt(π) Γ(ν/2)) cos^{ν−1} θ.
 * The quantile for p > ½ solves A(θ) = 2p − 1 by Newton's method in θ, kept inside a
 * bisection bracket of [0, π/2]; t = sqrt(ν) tan θ, and t_{ν,p} = −t_{ν,1−p}.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lsq/lsq_internal.h"

static double t_abs_cdf(int nu, double theta)
{
    double c = cos(theta), s = sin(theta), c2 = c * c;
    if (nu == 1) return 2.0 * theta / M_PI;
    if (nu % 2) {
        double term = c, sum = c;
        for (int k = 1; k <= (nu - 3) / 2; k++) {
            term *= (2.0 * k) / (2.0 * k + 1.0) * c2;
            sum += term;
        }
        return 2.0 / M_PI * (theta + s * sum);
    }
    double term = 1.0, sum = 1.0;
    for (int k = 1; k <= (nu - 2) / 2; k++) {
        term *= (2.0 * k - 1.0) / (2.0 * k) * c2;
        sum += term;
    }
    return s * sum;
}

double hesse_student_t_quantile(int nu, double p)
{
    if (nu < 1 || !(p > 0.0 && p < 1.0)) return NAN;
    if (p == 0.5) return 0.0;
    if (p < 0.5) return -hesse_student_t_quantile(nu, 1.0 - p);
    double target = 2.0 * p - 1.0;
    double log_c = log(2.0) + lgamma(0.5 * (nu + 1)) - 0.5 * log(M_PI) - lgamma(0.5 * nu);
    double lo = 0.0, hi = M_PI / 2, theta = M_PI / 4;
    for (int it = 0; it < 200; it++) {
        double a = t_abs_cdf(nu, theta) - target;
        if (a < 0.0) lo = theta;
        else hi = theta;
        double slope = exp(log_c + (nu - 1) * log(cos(theta)));
        double next = theta - a / slope;
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (fabs(next - theta) <= 4.0 * DBL_EPSILON * theta || hi - lo <= 4.0 * DBL_EPSILON * theta) {
            theta = next;
            break;
        }
        theta = next;
    }
    return sqrt((double)nu) * tan(theta);
}

void hesse_lsq_report_clear(hesse_lsq_report *rep)
{
    if (!rep) return;
    hesse_allocator a = rep->allocator_;
    hesse__free(&a, rep->x);
    memset(rep, 0, sizeof *rep);
}

/* One block for the arrays the report owns (freed through rep->x). */
static hesse_status report_arrays(hesse_lsq_report *rep, int n, const hesse_allocator *a)
{
    size_t un = (size_t)n;
    double *b = hesse__calloc(a, 7 * un + 2 * un * un + un, sizeof *b);
    if (!b) return HESSE_ENOMEM;
    rep->x = b;
    rep->stderr_ = b + un;
    rep->tvalue = b + 2 * un;
    rep->ci_lower = b + 3 * un;
    rep->ci_upper = b + 4 * un;
    rep->singular_values = b + 5 * un;
    rep->covariance = b + 7 * un;
    rep->correlation = b + 7 * un + un * un;
    rep->identifiable = (int *)(b + 7 * un + 2 * un * un);
    return HESSE_SUCCESS;
}

/* Singular values of the m×n M (destroyed) into sv (min(m, n)), and Vᵀ (n×n) when vt is
   not NULL. The LAPACK info. */
static int svd(int m, int n, double *M, double *sv, double *vt, double *work, int lwork)
{
    return (int)LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'N', vt ? 'A' : 'N', m, n, M, m, sv, NULL, 1, vt,
                                    n, work, lwork);
}

hesse_status hesse__lsq_report_fill(hesse_lsq_report *rep, int n, int m, const double *x,
                                    const double *r, const double *J, double rank_tol,
                                    double confidence, const hesse_allocator *a)
{
    if (report_arrays(rep, n, a) != HESSE_SUCCESS)
        return hesse__message(rep->message, HESSE_ENOMEM, "out of memory for the report (n = %d)", n);
    size_t un = (size_t)n, um = (size_t)m;
    int k = m < n ? m : n;
    double q = 0.0, dummy = 0.0;
    int lwork = 1;
    if (LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'N', 'A', m, n, &dummy, m, &dummy, NULL, 1, &dummy, n, &q, -1) == 0)
        lwork = (int)q;
    lwork = lwork > 5 * (m + n) ? lwork : 5 * (m + n);
    double *scratch = hesse__malloc(a, (um * un + un * un + 2 * un + (size_t)lwork) * sizeof *scratch);
    if (!scratch) return hesse__message(rep->message, HESSE_ENOMEM, "out of memory for the SVD (n = %d, m = %d)", n, m);
    double *Js = scratch, *vt = Js + um * un, *dc = vt + un * un, *sv = dc + un, *work = sv + un;
    hesse_status st = HESSE_SUCCESS;
    memcpy(rep->x, x, un * sizeof *x);
    rep->n = n;
    rep->m = m;
    rep->dof = m - n;
    double ssr = 0.0;
    for (int i = 0; i < m; i++) ssr += r[i] * r[i];
    rep->ssr = ssr;
    rep->f = 0.5 * ssr;
    rep->sigma = rep->dof > 0 ? sqrt(ssr / rep->dof) : NAN;
    rep->confidence = confidence;
    rep->t_quantile = rep->dof > 0 ? hesse_student_t_quantile(rep->dof, 0.5 * (1.0 + confidence)) : NAN;
    /* cond(J): singular values of J itself */
    memcpy(Js, J, um * un * sizeof *Js);
    int info = svd(m, n, Js, sv, NULL, work, lwork);
    if (info != 0) {
        st = hesse__message(rep->message, HESSE_ELAPACK, "dgesvd of J returned info = %d", info);
        goto done;
    }
    rep->cond = m >= n && sv[n - 1] > 0.0 ? sv[0] / sv[n - 1] : INFINITY;
    /* J Dc⁻¹ = U Σ Vᵀ */
    for (int j = 0; j < n; j++) {
        dc[j] = hesse__norm2(m, J + (size_t)j * m);
        if (dc[j] == 0.0) dc[j] = 1.0;
        for (int i = 0; i < m; i++) Js[i + (size_t)j * m] = J[i + (size_t)j * m] / dc[j];
    }
    info = svd(m, n, Js, sv, vt, work, lwork);
    if (info != 0) {
        st = hesse__message(rep->message, HESSE_ELAPACK, "dgesvd of J Dc^-1 returned info = %d", info);
        goto done;
    }
    for (int j = 0; j < n; j++) rep->singular_values[j] = j < k ? sv[j] : 0.0;
    int rank = 0;
    while (rank < k && sv[rank] > rank_tol * sv[0] && sv[0] > 0.0) rank++;
    rep->rank = rank;
    rep->cond_scaled = rank == n ? sv[0] / sv[n - 1] : INFINITY;
    /* C = σ² Dc⁻¹ V Σ⁺² Vᵀ Dc⁻¹ (V's columns are the rows of vt) */
    double s2 = rep->sigma * rep->sigma;
    for (int j = 0; j < n; j++) {
        rep->identifiable[j] = 1;
        for (int l = rank; l < n; l++)
            if (fabs(vt[l + (size_t)j * n]) > sqrt(DBL_EPSILON)) rep->identifiable[j] = 0;
    }
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int l = 0; l < rank; l++) sum += vt[l + (size_t)i * n] * vt[l + (size_t)j * n] / (sv[l] * sv[l]);
            rep->covariance[i + (size_t)j * n] = s2 * sum / (dc[i] * dc[j]);
        }
    for (int j = 0; j < n; j++) {
        double se = rep->identifiable[j] ? sqrt(rep->covariance[j + (size_t)j * n]) : INFINITY;
        if (rep->dof <= 0) se = NAN;
        rep->stderr_[j] = se;
        rep->tvalue[j] = x[j] / se;
        rep->ci_lower[j] = x[j] - rep->t_quantile * se;
        rep->ci_upper[j] = x[j] + rep->t_quantile * se;
    }
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            rep->correlation[i + (size_t)j * n] =
                rep->covariance[i + (size_t)j * n] /
                sqrt(rep->covariance[i + (size_t)i * n] * rep->covariance[j + (size_t)j * n]);
    if (rep->dof <= 0)
        snprintf(rep->message, sizeof rep->message,
                 "m = %d residuals for n = %d parameters: no degrees of freedom, no residual standard deviation, "
                 "covariance or intervals", m, n);
    else if (rank < n)
        snprintf(rep->message, sizeof rep->message,
                 "not identifiable: J has numerical rank %d < n = %d (singular value %.3g <= %.3g of the largest); "
                 "the covariance is the pseudo-inverse's", rank, n, k > rank ? sv[rank] : 0.0, rank_tol);
    else
        snprintf(rep->message, sizeof rep->message, "%d residuals, %d parameters, %d degrees of freedom", m, n,
                 rep->dof);
done:
    hesse__free(a, scratch);
    return st;
}

hesse_status hesse_lsq_report_at(const hesse_lsq_problem *p, const double *x,
                                 const hesse_lsq_options *opt, double confidence,
                                 hesse_lsq_report *rep)
{
    if (!rep) return HESSE_EINVAL;
    memset(rep, 0, sizeof *rep);
    hesse_lsq_options o;
    if (opt) o = *opt;
    else hesse_lsq_options_init(&o);
    char msg[HESSE__MESSAGE_SIZE];
    if (hesse__allocator_check(&o.allocator)) {
        return hesse__message(rep->message, HESSE_EINVAL, "%s", hesse__allocator_check(&o.allocator));
    }
    rep->allocator_ = o.allocator;
    if (!p || !x) return hesse__message(rep->message, HESSE_EINVAL, "%s is NULL", p ? "x" : "problem");
    if (p->n < 1 || p->m < 1 || !p->residuals || (p->has_jacobian != 0 && p->has_jacobian != 1))
        return hesse__message(rep->message, HESSE_EINVAL,
                              "invalid problem: n = %d, m = %d, residuals %s, has_jacobian = %d (need n, m >= 1, a "
                              "residuals callback, has_jacobian 0 or 1)", p->n, p->m, p->residuals ? "set" : "NULL",
                              p->has_jacobian);
    if (!(confidence > 0.0 && confidence < 1.0))
        return hesse__message(rep->message, HESSE_EINVAL, "confidence = %g is invalid (need 0 < confidence < 1)",
                              confidence);
    if (hesse__lsq_check_options(&o, p->n, msg) != HESSE_SUCCESS)
        return hesse__message(rep->message, HESSE_EINVAL, "%s", msg);
    int n = p->n, m = p->m;
    for (int i = 0; p->weights && i < m; i++)
        if (!(p->weights[i] > 0.0) || !isfinite(p->weights[i]))
            return hesse__message(rep->message, HESSE_EINVAL, "weights[%d] = %g is invalid (need a finite weight > 0)",
                                  i, p->weights[i]);
    size_t un = (size_t)n, um = (size_t)m;
    double *block = hesse__malloc(&o.allocator, (2 * um + um * un + un + 2 * um) * sizeof *block);
    if (!block) return hesse__message(rep->message, HESSE_ENOMEM, "out of memory (n = %d, m = %d)", n, m);
    double *r = block, *rho = r + um, *J = rho + um, *work = J + um * un;
    hesse__evaluator ev;
    hesse__eval_init_lsq(&ev, p, o.fd_step, o.fd_central, 0, work);
    hesse_status st = HESSE_SUCCESS;
    int rc = hesse__eval_system(&ev, x, r, p->has_jacobian ? J : NULL);
    if (rc == HESSE__EVAL_OK && !p->has_jacobian) rc = hesse__eval_jacobian(&ev, x, r, J);
    rc = hesse__eval_terminal(&ev, rc, "residuals and Jacobian", HESSE__AT_X, "");
    if (rc != HESSE__EVAL_OK) {
        st = hesse__message(rep->message, ev.status, "%s", ev.message);
    } else {
        for (int i = 0; i < m; i++) {
            double w = p->weights ? sqrt(p->weights[i]) : 1.0;
            rho[i] = w * r[i];
            for (int j = 0; j < n; j++) J[i + (size_t)j * m] *= w;
        }
        st = hesse__lsq_report_fill(rep, n, m, x, rho, J, hesse__lsq_rank_tol(&o, p), confidence, &o.allocator);
    }
    hesse__free(&o.allocator, block);
    return st;
}
