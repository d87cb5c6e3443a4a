/*
 * The stopping tests of the least-squares solver, all of them, in the order hesse.h
 * documents (section 5, "Stopping tests"), each written as its formula.
 */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>
#include <stdio.h>

#include "lsq/lsq_internal.h"

#define EPS DBL_EPSILON

/* A point that passes a convergence test while J is rank deficient is stationary only
   on the range of J: the other directions are not determined (hesse.h). */
static hesse_status singular(hesse_lsq_solver *s, const char *test)
{
    return hesse__fail(&s->ev, HESSE_ESINGULAR,
                       "%s met on the range of J, but J has numerical rank %d < n = %d: the parameters are not "
                       "identifiable at this point (iteration %d)", test, s->rank, s->n, s->iter);
}

/* The Newton certificate (hesse.h): H = JᵀJ + S at x positive definite beyond its
   error, and its step s_N = -H⁻¹∇f has max_i |s_N,i|/xs_i <= xtol or predicts
   -½ ∇fᵀs_N <= 1000·eps·f. 1 certified; 0 not (the status and message as they were);
   -1 an evaluation ended the solve (abort, evaluation limit: status set). */
static int newton_certificate(hesse_lsq_solver *s, double *rel, double *pred)
{
    int n = s->n;
    hesse_status saved = s->ev.status;
    char message[HESSE__MESSAGE_SIZE];
    memcpy(message, s->ev.message, sizeof message);
    if (hesse__lsq_full_hessian(s, NULL) != HESSE__EVAL_OK) {
        if (s->ev.aborted || s->ev.status == HESSE_MAX_EVALS) return -1;
        s->ev.status = saved;
        memcpy(s->ev.message, message, sizeof message);
        return 0;
    }
    /* Positive definite beyond its error: C = E H E with E = diag(H_ii^-½) (unit
       diagonal), Cholesky, and the reciprocal condition estimate of C (dpocon) above
       the relative error of H: 100·n·eps from the callback, 100·eps^(2/3) from central
       differences of ∇f. */
    double *e = s->u;
    for (int i = 0; i < n; i++) {
        double hii = s->H[i + (size_t)i * n];
        if (!(hii > 0.0) || !isfinite(hii)) return 0;
        e[i] = 1.0 / sqrt(hii);
    }
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) s->C[i + (size_t)j * n] = e[i] * s->H[i + (size_t)j * n] * e[j];
    double anorm = LAPACKE_dlansy(LAPACK_COL_MAJOR, '1', 'L', n, s->C, n);
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, s->C, n) != 0) return 0;
    double rcond = 0.0;
    if (LAPACKE_dpocon_work(LAPACK_COL_MAJOR, 'L', n, s->C, n, anorm, &rcond, s->work, s->jpvt) != 0) return 0;
    double error = s->ev.lsq.second_order ? 100.0 * n * EPS : 100.0 * cbrt(EPS * EPS);
    if (!(rcond > error)) return 0;
    /* s_N = -H⁻¹∇f = -E C⁻¹ E ∇f */
    for (int i = 0; i < n; i++) s->step[i] = -e[i] * s->g[i];
    if (LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', n, 1, s->C, n, s->step, n) != 0) return 0;
    for (int i = 0; i < n; i++) s->step[i] *= e[i];
    *rel = hesse__lsq_rel(s, s->step);
    *pred = -0.5 * hesse__dot(n, s->g, s->step);
    return *rel <= s->opt.xtol || *pred <= 1000.0 * EPS * s->f;
}

/* A test met on the range of a rank-deficient J: SUCCESS when the Newton certificate
   holds (a strict minimum where J alone does not determine x), else ESINGULAR. */
static hesse_status rank_deficient(hesse_lsq_solver *s, const char *test)
{
    double rel, pred;
    int c = newton_certificate(s, &rel, &pred);
    if (c < 0) return s->ev.status;
    if (c)
        return hesse__fail(&s->ev, HESSE_SUCCESS,
                           "converged: %s met with J of rank %d < n = %d, and the full Hessian is positive definite "
                           "with a Newton step of relative size %.3g (predicted decrease %.3g) after %d iterations",
                           test, s->rank, s->n, rel, pred, s->iter);
    return singular(s, test);
}

hesse_status hesse__lsq_stop_check(hesse_lsq_solver *s, int stop_requested)
{
    const hesse_lsq_options *o = &s->opt;
    if (s->jacobian_at_x && s->rank < s->n) {
        int k = s->rank, m = s->m;
        if (k == 0) return rank_deficient(s, "stationarity (J = 0)");
        if (m > k && s->pred / k <= o->offset_tol * o->offset_tol * (s->rest / (m - k)))
            return rank_deficient(s, "the relative offset test");
        if (s->pred <= 10.0 * EPS * s->f) return rank_deficient(s, "the rounding-floor test");
    }
    if (s->jacobian_at_x && s->rank == s->n) {
        int k = s->rank, m = s->m;
        /* 1. sqrt(pred / k) <= offset_tol · sqrt(rest / (m − k)), when m > k */
        if (m > k && k > 0 && s->pred / k <= o->offset_tol * o->offset_tol * (s->rest / (m - k)))
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: relative offset %.3g <= offset_tol = %.3g after %d iterations",
                               s->offset, o->offset_tol, s->iter);
        /* 2. max_i |s_GN,i| / xs_i <= xtol */
        if (s->gn_rel <= o->xtol)
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: Gauss-Newton step max_i |s_i|/xs_i = %.3g <= xtol = %.3g after %d "
                               "iterations", s->gn_rel, o->xtol, s->iter);
        /* 3. pred <= 10·eps·f */
        if (s->pred <= 10.0 * EPS * s->f)
            return hesse__fail(&s->ev, HESSE_SUCCESS,
                               "converged: the Gauss-Newton model promises %.3g <= 10 eps f = %.3g (rounding "
                               "floor) after %d iterations", s->pred, 10.0 * EPS * s->f, s->iter);
    }
    /* 4. max_i |Δx_i| / xs_i <= step_tol, for an accepted step */
    if (s->iter > 0 && s->accepted && s->step_norm <= o->step_tol) {
        hesse__fail(&s->ev, HESSE_SMALL_STEP, "step test met: max_i |dx_i|/xs_i = %.3g <= step_tol = %.3g",
                    s->step_norm, o->step_tol);
        return hesse__lsq_stall(s);
    }
    /* 5. limits, then the trace callback */
    if (s->iter >= o->max_iter)
        return hesse__fail(&s->ev, HESSE_MAX_ITER, "iteration limit reached: %d iterations (max_iter)", s->iter);
    if (hesse__eval_used(&s->ev) >= o->max_evals)
        return hesse__fail(&s->ev, HESSE_MAX_EVALS,
                           "evaluation limit reached: nfev + njev + nsev = %ld >= max_evals = %ld",
                           hesse__eval_used(&s->ev), o->max_evals);
    if (o->max_seconds > 0.0 && hesse__now() - s->t_start >= o->max_seconds)
        return hesse__fail(&s->ev, HESSE_MAX_TIME, "time limit reached: %.3g s >= max_seconds = %g",
                           hesse__now() - s->t_start, o->max_seconds);
    if (stop_requested)
        return hesse__fail(&s->ev, HESSE_STOPPED, "stopped by the trace callback (returned %d) at iteration %d",
                           stop_requested, s->iter);
    return HESSE_RUNNING;
}

hesse_status hesse__lsq_stall(hesse_lsq_solver *s)
{
    if (!s->jacobian_at_x) return s->ev.status;
    char why[HESSE__MESSAGE_SIZE];
    snprintf(why, sizeof why, "%s", s->ev.message);
    /* pred <= 1000·eps·f at x, J of full rank: the stall is at the rounding floor of f */
    if (s->pred <= 1000.0 * EPS * s->f && s->rank == s->n)
        return hesse__fail(&s->ev, HESSE_SUCCESS,
                           "converged at the rounding floor: the Gauss-Newton model promises %.3g <= 1000 eps f "
                           "= %.3g (%s)", s->pred, 1000.0 * EPS * s->f, why);
    /* else the model of the full Hessian may certify the point */
    double rel, pred;
    int c = newton_certificate(s, &rel, &pred);
    if (c < 0) return s->ev.status;
    if (c)
        return hesse__fail(&s->ev, HESSE_SUCCESS,
                           "converged (Newton certificate): the full Hessian is positive definite and its step has "
                           "relative size %.3g, predicted decrease %.3g <= 1000 eps f (%s)", rel, pred, why);
    if (s->pred <= 1000.0 * EPS * s->f) return singular(s, "the rounding-floor certificate of a stall");
    return s->ev.status;
}
