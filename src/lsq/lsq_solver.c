/*
 * The least-squares solver object and driver (hesse.h, section 5): validation, the one
 * allocation of all workspace, residuals and Jacobians through the evaluator with the
 * weights applied, the analysis of J at every accepted point, the Armijo search of gn
 * and hybrid, the result with the classification of the end point.
 *
 * The analysis of J at x (analyze()): D <- max(D, column norms of J); the QR with column
 * pivoting of J D⁻¹ (dgeqp3; rows padded with zeros to mr = max(m, n) so that R is
 * n×n); qtr = Qᵀρ (dormqr); the numerical rank k; the Gauss–Newton basic solution on k
 * (dtrtrs); pred, rest, gn_rel, offset of the stopping tests; g = Jᵀρ. Cost O(mn²) per
 * accepted point, the cost of lmder's QR.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lsq/lsq_internal.h"

#define EPS DBL_EPSILON

/* ---- evaluations ------------------------------------------------------------------- */

static void weigh(const hesse_lsq_solver *s, const double *raw, double *rho, double *f)
{
    double sum = 0.0;
    for (int i = 0; i < s->m; i++) {
        rho[i] = s->sqrtw ? s->sqrtw[i] * raw[i] : raw[i];
        sum += rho[i] * rho[i];
    }
    *f = 0.5 * sum;
}

int hesse__lsq_trial(hesse_lsq_solver *s)
{
    int rc = hesse__eval_system(&s->ev, s->xt, s->rt_raw, NULL);
    if (rc != HESSE__EVAL_OK) return rc;
    weigh(s, s->rt_raw, s->rt, &s->ft);
    return isfinite(s->ft) ? HESSE__EVAL_OK : HESSE__EVAL_NONFINITE;
}

/* J at the accepted point x into s->J (weighted): RUNNING, or a terminal status. */
static hesse_status jacobian(hesse_lsq_solver *s)
{
    int rc = hesse__eval_jacobian(&s->ev, s->x, s->r_raw, s->J);
    if (rc == HESSE__EVAL_SHORT)
        return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                           "evaluation limit: max_evals = %ld leaves too few evaluations for the "
                           "Jacobian at iteration %d", s->opt.max_evals, s->iter);
    if (rc != HESSE__EVAL_OK) return s->ev.status;
    int n = s->n, m = s->m;
    if (s->sqrtw)
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) s->J[i + (size_t)j * m] *= s->sqrtw[i];
    return HESSE_RUNNING;
}

double hesse__lsq_xs(const hesse_lsq_solver *s, int i) { return fmax(fabs(s->x[i]), s->typx[i]); }

double hesse__lsq_rel(const hesse_lsq_solver *s, const double *v)
{
    double rel = 0.0;
    for (int i = 0; i < s->n; i++) rel = fmax(rel, fabs(v[i]) / hesse__lsq_xs(s, i));
    return rel;
}

void hesse__lsq_unscale(const hesse_lsq_solver *s, const double *z, double *out)
{
    for (int j = 0; j < s->n; j++) {
        int i = s->jpvt[j] - 1;
        out[i] = z[j] / s->d[i];
    }
}

/* The analysis of J at x (see the top of the file). RUNNING or ELAPACK (set). */
static hesse_status analyze(hesse_lsq_solver *s)
{
    int n = s->n, m = s->m, mr = s->mr;
    for (int j = 0; j < n; j++) {
        /* d_j = the largest column norm so far (Moré 1978, §6); a column that has been
           zero so far is scaled by 1 (hesse.h, deviation 4). */
        s->dmax[j] = fmax(s->dmax[j], hesse__norm2(m, s->J + (size_t)j * m));
        s->d[j] = s->dmax[j] > 0.0 ? s->dmax[j] : 1.0;
    }
    memset(s->A, 0, (size_t)mr * n * sizeof *s->A);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) s->A[i + (size_t)j * mr] = s->J[i + (size_t)j * m] / s->d[j];
    memset(s->jpvt, 0, (size_t)n * sizeof *s->jpvt);
    lapack_int info = LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, mr, n, s->A, mr, s->jpvt, s->tau,
                                          s->work, s->lwork);
    if (info != 0)
        return hesse__fail(&s->ev, HESSE_ELAPACK, "dgeqp3 returned info = %d (iteration %d)", (int)info,
                           s->iter);
    memset(s->qtr, 0, (size_t)mr * sizeof *s->qtr);
    memcpy(s->qtr, s->r, (size_t)m * sizeof *s->qtr);
    info = LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', 'T', mr, 1, n, s->A, mr, s->tau, s->qtr, mr,
                               s->work, s->lwork);
    if (info != 0)
        return hesse__fail(&s->ev, HESSE_ELAPACK, "dormqr returned info = %d (iteration %d)", (int)info,
                           s->iter);
    double r11 = fabs(s->A[0]);
    int k = 0;
    while (k < n && k < m && fabs(s->A[k + (size_t)k * mr]) > s->rank_tol * r11 && r11 > 0.0) k++;
    s->rank = k;
    /* Gauss–Newton basic solution: R[0:k,0:k] z = -qtr[0:k], z[k:n] = 0. */
    for (int j = 0; j < n; j++) s->u[j] = j < k ? -s->qtr[j] : 0.0;
    if (k > 0) {
        info = LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'N', 'N', k, 1, s->A, mr, s->u, n);
        if (info != 0)
            return hesse__fail(&s->ev, HESSE_ELAPACK, "dtrtrs returned info = %d (iteration %d)",
                               (int)info, s->iter);
    }
    hesse__lsq_unscale(s, s->u, s->gn);
    double pred = 0.0, rest = 0.0;
    for (int j = 0; j < mr; j++) {
        if (j < k) pred += s->qtr[j] * s->qtr[j];
        else rest += s->qtr[j] * s->qtr[j];
    }
    s->pred = 0.5 * pred;
    s->rest = 0.5 * rest;
    s->gn_rel = hesse__lsq_rel(s, s->gn);
    if (m > k && k > 0)
        s->offset = s->rest > 0.0 ? sqrt(s->pred / k) / sqrt(s->rest / (m - k))
                                  : (s->pred > 0.0 ? INFINITY : 0.0);
    else
        s->offset = NAN;
    for (int j = 0; j < n; j++) s->g[j] = hesse__dot(m, s->J + (size_t)j * m, s->r);
    s->gnorm = hesse__norm_inf(n, s->g);
    s->jacobian_at_x = 1;
    return HESSE_RUNNING;
}

/* ---- the damped system of lm -------------------------------------------------------- */

int hesse__lsq_damped(hesse_lsq_solver *s, double lambda, double *z, double *q)
{
    int n = s->n, mr = s->mr, n2 = 2 * n;
    double sl = sqrt(lambda);
    /* B = [R; sqrt(λ) I], rhs = [-qtr; 0]: min ‖B z - rhs‖ by dgels (QR of B). */
    memset(s->B, 0, (size_t)n2 * n * sizeof *s->B);
    for (int j = 0; j < n; j++) {
        for (int i = 0; i <= j; i++) s->B[i + (size_t)j * n2] = s->A[i + (size_t)j * mr];
        s->B[n + j + (size_t)j * n2] = sl;
        s->rhs[j] = -s->qtr[j];
        s->rhs[n + j] = 0.0;
    }
    lapack_int info = LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', n2, n, 1, s->B, n2, s->rhs, n2,
                                         s->work, s->lwork);
    if (info != 0) return (int)info;
    memcpy(z, s->rhs, (size_t)n * sizeof *z);
    if (q) {
        /* R_λᵀ q = z / ‖z‖, R_λ the triangle dgels left in B. */
        double norm = hesse__norm2(n, z);
        for (int j = 0; j < n; j++) q[j] = norm > 0.0 ? z[j] / norm : 0.0;
        info = LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'T', 'N', n, 1, s->B, n2, q, n);
    }
    return (int)info;
}

/* ---- line search (gn, hybrid) --------------------------------------------------------- */

int hesse__lsq_linesearch(hesse_lsq_solver *s, double slope)
{
    int n = s->n;
    double alpha = 1.0;
    for (int tries = 0; tries < s->opt.ls_max_evals; tries++) {
        /* A trial that does not move x by more than rounding is never tried. */
        double moved = 0.0;
        for (int i = 0; i < n; i++) {
            s->xt[i] = s->x[i] + alpha * s->step[i];
            moved = fmax(moved, fabs(s->xt[i] - s->x[i]) / hesse__lsq_xs(s, i));
        }
        if (moved <= EPS) return HESSE__LSQ_LS_FAILED;
        int rc = hesse__lsq_trial(s);
        if (rc == HESSE__EVAL_STOP) return HESSE__LSQ_LS_STOP;
        if (rc == HESSE__EVAL_OK && s->ft <= s->f + s->opt.c1 * alpha * slope) {
            s->rec_alpha = alpha;
            return HESSE__LSQ_LS_OK;
        }
        double next = 0.5 * alpha;
        if (rc == HESSE__EVAL_OK) {
            /* minimizer of the quadratic through f, slope and f(x + αd), in [0.1α, 0.5α] */
            double denom = 2.0 * (s->ft - s->f - slope * alpha);
            if (denom > 0.0) next = fmin(fmax(-slope * alpha * alpha / denom, 0.1 * alpha), 0.5 * alpha);
        }
        alpha = next;
    }
    return HESSE__LSQ_LS_FAILED;
}

/* ---- solver object -------------------------------------------------------------------- */

static size_t align_up(size_t b)
{
    size_t a = 2 * sizeof(double);
    return (b + a - 1) / a * a;
}

/* LAPACK workspace: the largest of the queries dgeqp3 (mr×n), dormqr, dgels (2n×n). */
static int lapack_lwork(int mr, int n)
{
    double q = 0.0, best = 1.0;
    int jp = 0;
    double a = 0.0, t = 0.0;
    if (LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, mr, n, &a, mr, &jp, &t, &q, -1) == 0) best = fmax(best, q);
    if (LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', 'T', mr, 1, n, &a, mr, &t, &a, mr, &q, -1) == 0)
        best = fmax(best, q);
    if (LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', 2 * n, n, 1, &a, 2 * n, &a, 2 * n, &q, -1) == 0)
        best = fmax(best, q);
    /* the documented minima, should a query fail: 3n + 1 (dgeqp3), n (dormqr), 2n (dgels) */
    best = fmax(best, 3.0 * n + 1.0);
    return (int)best;
}

static hesse_status allocate(hesse_lsq_solver *s)
{
    size_t n = (size_t)s->n, m = (size_t)s->m, mr = (size_t)s->mr;
    if (mr > (SIZE_MAX / 16) / n / sizeof(double))
        return hesse__fail(&s->ev, HESSE_ETOOBIG, "n = %d, m = %d: the Jacobian does not fit in memory sizes",
                           s->n, s->m);
    s->lwork = lapack_lwork(s->mr, s->n);
    /* the vectors and matrices carved below, in their order */
    size_t doubles = 18 * n + 7 * m + m * n + mr * n + mr + 5 * n * n + (size_t)s->lwork;
    size_t bytes = align_up(s->method->state_size) + doubles * sizeof(double) + n * sizeof(int);
    s->block = hesse__calloc(&s->opt.allocator, 1, bytes);
    if (!s->block)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating the %zu-byte workspace (n = %d, m = %d)",
                           bytes, s->n, s->m);
    char *p = s->block;
    s->state = p;
    p += align_up(s->method->state_size);
    double *v = (double *)p;
#define TAKE(ptr, count) (ptr = v, v += (count))
    TAKE(s->x, n);
    TAKE(s->xt, n);
    TAKE(s->typx, n);
    TAKE(s->r_raw, m);
    TAKE(s->r, m);
    TAKE(s->rt_raw, m);
    TAKE(s->rt, m);
    TAKE(s->sqrtw, m);
    TAKE(s->ev.work, n + 2 * m);
    TAKE(s->J, m * n);
    TAKE(s->A, mr * n);
    TAKE(s->tau, n);
    TAKE(s->qtr, mr);
    TAKE(s->gn, n);
    TAKE(s->g, n);
    TAKE(s->step, n);
    TAKE(s->u, n);
    TAKE(s->v, n);
    TAKE(s->w, n);
    TAKE(s->B, 2 * n * n);
    TAKE(s->rhs, 2 * n);
    TAKE(s->H, n * n);
    TAKE(s->S, n * n);
    TAKE(s->C, n * n);
    TAKE(s->d, n);
    TAKE(s->dmax, n);
    TAKE(s->mem, 3 * n);
    TAKE(s->work, (size_t)s->lwork);
#undef TAKE
    s->jpvt = (int *)v;
    return HESSE_SUCCESS;
}

static int will_classify(const hesse_lsq_options *o, int n)
{
    if (o->classify == HESSE_CLASSIFY_NEVER) return 0;
    return o->classify == HESSE_CLASSIFY_ALWAYS || n <= o->classify_max_n;
}

/* Typical sizes (hesse.h): x_scale, else |x0_i|, else ‖ρ0‖ / ‖J0_i‖, else 1. */
static void typical_sizes(hesse_lsq_solver *s)
{
    double rnorm = hesse__norm2(s->m, s->r);
    for (int i = 0; i < s->n; i++) {
        double t = s->opt.x_scale ? s->opt.x_scale[i] : fabs(s->x[i]);
        if (t == 0.0) t = rnorm / hesse__norm2(s->m, s->J + (size_t)i * s->m);
        if (!(t > 0.0) || !isfinite(t)) t = 1.0;
        s->typx[i] = t;
    }
}

static hesse_status trace_and_stop(hesse_lsq_solver *s)
{
    int stop = 0;
    if (s->opt.trace) {
        hesse_lsq_iteration it = {
            .iteration = s->iter, .n = s->n, .m = s->m, .x = s->x, .r = s->r, .f = s->f,
            .gnorm = s->jacobian_at_x ? s->gnorm : NAN,
            .offset = s->jacobian_at_x ? s->offset : NAN,
            .gn_step = s->jacobian_at_x ? s->gn_rel : NAN,
            .step_norm = s->iter > 0 && s->accepted ? s->step_norm : NAN,
            .alpha = s->rec_alpha, .radius = s->rec_radius, .rho = s->rec_rho,
            .lm_param = s->rec_lm_param, .second_order = s->rec_second_order,
            .rank = s->jacobian_at_x ? s->rank : -1,
            .nfev = s->ev.solve.nfev, .njev = s->ev.solve.nhev, .nsev = s->ev.solve.nsev,
        };
        stop = s->opt.trace(&it, s->opt.trace_data);
    }
    return hesse__lsq_stop_check(s, stop);
}

static hesse_status timed(hesse_lsq_solver *s, hesse_status st)
{
    s->ev.status = st;
    if (st != HESSE_RUNNING) s->seconds = hesse__now() - s->t_start;
    return st;
}

static hesse_status start(hesse_lsq_solver *s, const hesse_lsq_problem *p, const double *x0)
{
    char msg[HESSE__MESSAGE_SIZE];
    if (!p) return hesse__fail(&s->ev, HESSE_EINVAL, "problem is NULL");
    if (!x0) return hesse__fail(&s->ev, HESSE_EINVAL, "x0 is NULL");
    if (p->n < 1) return hesse__fail(&s->ev, HESSE_EINVAL, "problem n = %d is invalid (need n >= 1)", p->n);
    if (p->m < 1) return hesse__fail(&s->ev, HESSE_EINVAL, "problem m = %d is invalid (need m >= 1)", p->m);
    if (!p->residuals) return hesse__fail(&s->ev, HESSE_EINVAL, "problem residuals callback is NULL");
    if (p->has_jacobian != 0 && p->has_jacobian != 1)
        return hesse__fail(&s->ev, HESSE_EINVAL, "problem has_jacobian = %d must be 0 or 1", p->has_jacobian);
    for (int i = 0; p->weights && i < p->m; i++)
        if (!(p->weights[i] > 0.0) || !isfinite(p->weights[i]))
            return hesse__fail(&s->ev, HESSE_EINVAL, "weights[%d] = %g is invalid (need a finite weight > 0)", i,
                               p->weights[i]);
    if (hesse__lsq_check_options(&s->opt, p->n, msg) != HESSE_SUCCESS)
        return hesse__fail(&s->ev, HESSE_EINVAL, "%s", msg);
    for (int i = 0; i < p->n; i++)
        if (!isfinite(x0[i])) return hesse__fail(&s->ev, HESSE_EINVAL, "x0[%d] = %g is not finite", i, x0[i]);
    s->method = s->opt.method ? s->opt.method : hesse_lsq_method_lm;
    s->n = p->n;
    s->m = p->m;
    s->mr = p->m > p->n ? p->m : p->n;
    hesse__eval_init_lsq(&s->ev, p, s->opt.fd_step, s->opt.fd_central, s->opt.max_evals, NULL);
    s->ev.iteration = 0;
    s->rank_tol = hesse__lsq_rank_tol(&s->opt, p);
    hesse_status st = allocate(s);
    if (st != HESSE_SUCCESS) return st;
    if (will_classify(&s->opt, s->n) &&
        hesse__symws_init(&s->cls, s->n, HESSE__KERNEL_EIGENVALUES, &s->opt.allocator, NULL) != HESSE_SUCCESS)
        return hesse__fail(&s->ev, HESSE_ENOMEM, "out of memory allocating the classification workspace");
    if (p->weights)
        for (int i = 0; i < s->m; i++) s->sqrtw[i] = sqrt(p->weights[i]);
    else
        s->sqrtw = NULL;
    memcpy(s->x, x0, (size_t)s->n * sizeof *s->x);

    int rc = hesse__eval_system(&s->ev, s->x, s->r_raw, NULL);
    double f0 = NAN;
    if (rc == HESSE__EVAL_OK) weigh(s, s->r_raw, s->r, &f0);
    if (rc == HESSE__EVAL_OK && !isfinite(f0)) rc = HESSE__EVAL_NONFINITE;
    if (hesse__eval_terminal(&s->ev, rc, "residuals", HESSE__AT_START, "") != HESSE__EVAL_OK) return s->ev.status;
    s->f = f0;
    s->have_f = 1;
    st = jacobian(s);
    if (st != HESSE_RUNNING) return st;
    typical_sizes(s);
    st = analyze(s);
    if (st != HESSE_RUNNING) return st;
    if (s->method->init) {
        st = s->method->init(s, s->state);
        if (st != HESSE_SUCCESS) return st;
    }
    return trace_and_stop(s);
}

hesse_status hesse_lsq_solver_create(const hesse_lsq_problem *p, const double *x0,
                                     const hesse_lsq_options *opt, hesse_lsq_solver **out)
{
    if (!out) return HESSE_EINVAL;
    *out = NULL;
    hesse_lsq_options o;
    if (opt) o = *opt;
    else hesse_lsq_options_init(&o);
    hesse_lsq_solver *s = hesse__calloc(&o.allocator, 1, sizeof *s);
    if (!s) return HESSE_ENOMEM;
    *out = s;
    s->opt = o;
    static const hesse_lsq_problem no_problem;
    hesse__eval_init_lsq(&s->ev, &no_problem, 0.0, 0, 0, NULL);
    s->t_start = hesse__now();
    s->f = s->gnorm = s->offset = s->gn_rel = s->pred = s->rest = NAN;
    s->rank = -1;
    s->rec_alpha = s->rec_radius = s->rec_rho = s->rec_lm_param = NAN;
    s->rec_second_order = -1;
    return timed(s, start(s, p, x0));
}

/* Make the trial point current, then J and its analysis there. */
static hesse_status accept(hesse_lsq_solver *s)
{
    int n = s->n;
    double step = 0.0;
    for (int i = 0; i < n; i++) step = fmax(step, fabs(s->xt[i] - s->x[i]) / hesse__lsq_xs(s, i));
    s->step_norm = step;
    double *t;
#define SWAP(a, b) (t = a, a = b, b = t)
    SWAP(s->x, s->xt);
    SWAP(s->r_raw, s->rt_raw);
    SWAP(s->r, s->rt);
#undef SWAP
    s->f = s->ft;
    s->accepted = 1;
    s->jacobian_at_x = 0;
    hesse_status st = jacobian(s);
    if (st != HESSE_RUNNING) return st;
    return analyze(s);
}

hesse_status hesse_lsq_solver_iterate(hesse_lsq_solver *s)
{
    if (!s) return HESSE_EINVAL;
    if (s->ev.status != HESSE_RUNNING) return s->ev.status;
    s->accepted = 0;
    s->step_norm = NAN;
    s->rec_alpha = s->rec_radius = s->rec_rho = s->rec_lm_param = NAN;
    s->rec_second_order = -1;
    hesse__lsq_step step = s->method->iterate(s, s->state);
    s->iter++;
    s->ev.iteration = s->iter;
    if (step == HESSE__LSQ_STOP) return timed(s, s->ev.status);
    if (step == HESSE__LSQ_STALL) return timed(s, hesse__lsq_stall(s));
    if (step == HESSE__LSQ_ACCEPT) {
        hesse_status st = accept(s);
        if (st != HESSE_RUNNING) return timed(s, st);
    }
    return timed(s, trace_and_stop(s));
}

hesse_status hesse_lsq_solver_status(const hesse_lsq_solver *s) { return s ? s->ev.status : HESSE_EINVAL; }

const char *hesse_lsq_solver_message(const hesse_lsq_solver *s)
{
    if (!s) return "solver is NULL";
    if (s->ev.status == HESSE_RUNNING) return hesse_status_string(HESSE_RUNNING);
    return s->ev.message[0] ? s->ev.message : hesse_status_string(s->ev.status);
}

const double *hesse_lsq_solver_x(const hesse_lsq_solver *s) { return s && s->block ? s->x : NULL; }
const double *hesse_lsq_solver_residuals(const hesse_lsq_solver *s) { return s && s->have_f ? s->r : NULL; }
const double *hesse_lsq_solver_jacobian(const hesse_lsq_solver *s)
{
    return s && s->jacobian_at_x ? s->J : NULL;
}
int hesse_lsq_solver_iterations(const hesse_lsq_solver *s) { return s ? s->iter : 0; }

/* ---- classification of the end point ---------------------------------------------------- */

/* ∇f = Jᵀρ at xw into gout, forming J there in s->A (m×n): OK or STOP (status kept). */
static int gradient_at(hesse_lsq_solver *s, const double *xw, double *gout)
{
    int n = s->n, m = s->m;
    int rc;
    if (s->ev.lsq.has_jacobian) {
        rc = hesse__eval_system(&s->ev, xw, s->rt_raw, s->A);
    } else {
        rc = hesse__eval_system(&s->ev, xw, s->rt_raw, NULL);
        if (rc == HESSE__EVAL_OK) rc = hesse__eval_jacobian(&s->ev, xw, s->rt_raw, s->A);
    }
    if (rc != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
    double f;
    weigh(s, s->rt_raw, s->rt, &f);
    for (int j = 0; j < n; j++) {
        double sum = 0.0;
        for (int i = 0; i < m; i++) {
            double w = s->sqrtw ? s->sqrtw[i] : 1.0;
            sum += w * s->A[i + (size_t)j * m] * s->rt[i];
        }
        gout[j] = sum;
    }
    return hesse__all_finite((size_t)n, gout) ? HESSE__EVAL_OK : HESSE__EVAL_STOP;
}

int hesse__lsq_full_hessian(hesse_lsq_solver *s, double *E)
{
    int n = s->n, m = s->m;
    if (s->ev.lsq.second_order) {
        /* S = Σ ρ_i ∇²ρ_i = Σ (w_i r_i) ∇²r_i */
        for (int i = 0; i < m; i++) s->rt[i] = s->sqrtw ? s->sqrtw[i] * s->r[i] : s->r[i];
        if (hesse__eval_second_order(&s->ev, s->x, s->rt, s->H) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                s->H[i + (size_t)j * n] += hesse__dot(m, s->J + (size_t)i * m, s->J + (size_t)j * m);
        if (E) memset(E, 0, (size_t)n * n * sizeof *E); /* exact but for rounding */
        return HESSE__EVAL_OK;
    }
    /* Central differences of ∇f = Jᵀρ, h_j = eps^(1/3)·xs_j, then symmetrized. */
    for (int j = 0; j < n; j++) {
        double xj = s->x[j];
        double h = HESSE__FD_STEP_CENTRAL * hesse__lsq_xs(s, j);
        memcpy(s->xt, s->x, (size_t)n * sizeof *s->xt);
        s->xt[j] = xj + h;
        double hp = s->xt[j] - xj;
        if (gradient_at(s, s->xt, s->u) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
        s->xt[j] = xj - h;
        double hm = xj - s->xt[j];
        if (gradient_at(s, s->xt, s->v) != HESSE__EVAL_OK) return HESSE__EVAL_STOP;
        for (int i = 0; i < n; i++) s->H[i + (size_t)j * n] = (s->u[i] - s->v[i]) / (hp + hm);
    }
    if (E) {
        /* The error bound of src/eval/difference.c's differenced Hessian: the asymmetry
           of the two estimates of an entry plus the rounding of the gradient's terms,
           E_ij = |H̃_ij - H̃_ji| + 4·eps·R_i/h_j, R_i = Σ_k |H_ik|·xs_k. */
        for (int i = 0; i < n; i++) {
            double r = 0.0;
            for (int k = 0; k < n; k++) r += fabs(s->H[i + (size_t)k * n]) * hesse__lsq_xs(s, k);
            for (int j = 0; j < n; j++)
                E[i + (size_t)j * n] = fabs(s->H[i + (size_t)j * n] - s->H[j + (size_t)i * n]) +
                                       4.0 * DBL_EPSILON * r / (HESSE__FD_STEP_CENTRAL * hesse__lsq_xs(s, j));
        }
        for (int j = 0; j < n; j++)
            for (int i = j + 1; i < n; i++)
                E[i + (size_t)j * n] = E[j + (size_t)i * n] = fmax(E[i + (size_t)j * n], E[j + (size_t)i * n]);
    }
    for (int j = 0; j < n; j++)
        for (int i = j + 1; i < n; i++) {
            double a = 0.5 * (s->H[i + (size_t)j * n] + s->H[j + (size_t)i * n]);
            s->H[i + (size_t)j * n] = s->H[j + (size_t)i * n] = a;
        }
    return HESSE__EVAL_OK;
}

/* The classification by the library's error rule (src/linalg/linalg_internal.h):
   eigenvalues of the equilibrated Hessian against the rounding of an exact one or the
   error bound of a differenced one, plus inertia_rtol (default 0). */
static void classify(hesse_lsq_solver *s, hesse_lsq_result *r)
{
    int stationary = s->ev.status == HESSE_SUCCESS;
    r->point = s->ev.status >= 0 && !stationary ? HESSE_POINT_NOT_STATIONARY : HESSE_POINT_UNKNOWN;
    if (s->ev.status < 0 || !s->cls.a || !s->jacobian_at_x) return;
    hesse__eval_classifying(&s->ev);
    double *E = s->C; /* scratch at the end of the solve */
    if (hesse__lsq_full_hessian(s, E) != HESSE__EVAL_OK) return;
    int n = s->n;
    hesse__inertia_info info;
    if (hesse__sym_inertia(&s->cls, n, s->H, n, E, s->opt.inertia_rtol, &info, NULL) != HESSE_SUCCESS)
        return;
    r->npos = info.npos;
    r->nneg = info.nneg;
    r->nzero = info.nzero;
    /* The extreme eigenvalues of H itself (B = SHS has H's inertia, not its values). */
    if (hesse__sym_eigenvalues(&s->cls, n, s->H, n, s->cls.w, NULL) != HESSE_SUCCESS) return;
    r->lambda_min = s->cls.w[0];
    r->lambda_max = s->cls.w[n - 1];
    r->point = hesse__point_kind(stationary, hesse_definiteness_from_inertia(r->npos, r->nneg, r->nzero));
}

static void unknown_result(hesse_lsq_result *r, hesse_status st)
{
    memset(r, 0, sizeof *r);
    r->status = st;
    r->f = r->ssr = r->gnorm = r->offset = r->gn_step = r->lambda_min = r->lambda_max = NAN;
    r->rank = r->npos = r->nneg = r->nzero = -1;
    r->point = HESSE_POINT_UNKNOWN;
}

hesse_status hesse_lsq_solver_result(hesse_lsq_solver *s, hesse_lsq_result *res)
{
    if (!s) {
        if (res) {
            unknown_result(res, HESSE_EINVAL);
            snprintf(res->message, sizeof res->message, "solver is NULL");
        }
        return HESSE_EINVAL;
    }
    hesse_lsq_result r = s->result;
    if (s->ev.status == HESSE_RUNNING || !s->classified) {
        unknown_result(&r, s->ev.status);
        r.method = s->method;
        r.n = s->n;
        r.m = s->m;
        if (s->ev.status != HESSE_RUNNING && s->have_f) classify(s, &r);
        r.f = s->have_f ? s->f : NAN;
        r.ssr = 2.0 * r.f;
        if (s->jacobian_at_x) {
            r.gnorm = s->gnorm;
            r.offset = s->offset;
            r.gn_step = s->gn_rel;
            r.rank = s->rank;
        }
        r.iterations = s->iter;
        r.nfev = s->ev.solve.nfev;
        r.njev = s->ev.solve.nhev;
        r.nsev = s->ev.solve.nsev;
        r.classify_nfev = s->ev.classify.nfev;
        r.classify_njev = s->ev.classify.nhev;
        r.classify_nsev = s->ev.classify.nsev;
        r.seconds = s->ev.status == HESSE_RUNNING ? hesse__now() - s->t_start : s->seconds;
        snprintf(r.message, sizeof r.message, "%s", hesse_lsq_solver_message(s));
        if (s->ev.status != HESSE_RUNNING) {
            s->result = r;
            s->classified = 1;
        }
    }
    if (res) *res = r;
    return r.status;
}

void hesse_lsq_solver_free(hesse_lsq_solver *s)
{
    if (!s) return;
    hesse_allocator a = s->opt.allocator;
    hesse__symws_free(&s->cls, &a);
    hesse__free(&a, s->block);
    hesse__free(&a, s);
}

hesse_status hesse_lsq_solve(const hesse_lsq_problem *p, double *x, const hesse_lsq_options *opt,
                             hesse_lsq_result *res)
{
    hesse_lsq_solver *s = NULL;
    hesse_status st = hesse_lsq_solver_create(p, x, opt, &s);
    if (!s) {
        if (res) {
            unknown_result(res, st);
            snprintf(res->message, sizeof res->message, "%s",
                     st == HESSE_ENOMEM ? "out of memory allocating the solver" : "out is NULL");
        }
        return st;
    }
    while (st == HESSE_RUNNING) st = hesse_lsq_solver_iterate(s);
    st = hesse_lsq_solver_result(s, res);
    if (x && s->have_f) memcpy(x, s->x, (size_t)s->n * sizeof *x);
    hesse_lsq_solver_free(s);
    return st;
}
