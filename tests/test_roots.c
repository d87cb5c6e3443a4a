/*
 * Tests of the solvers for systems of equations (hesse_roots_*): convergence rates
 * seen through the trace, the built-in equation problems, singular Jacobians,
 * argument and option checks, the callback contract (abort, refusal, NaN),
 * finite-difference Jacobians, limits, the determinant and rcond of the result,
 * and out-of-memory paths.
 *
 * The small systems written here are this file's own; the MGH systems come from the
 * library's equation-problem registry.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"
#include "support.h"

/* ---- small systems ------------------------------------------------------------------ */

/* Counts calls; aborts (returns -1) at call number abort_at (1-based, 0 = never);
   refuses (returns 1) or writes NaN where x[0] < domain_min when refuse / nan_out. */
typedef struct {
    long calls;
    long calls_with_j;
    long abort_at;
    long calls_after_abort;
    int aborted;
    double domain_min;
    int use_domain;
    double domain_max;   /* refuse x[0] >= domain_max when use_domain_max */
    int use_domain_max;
    long nan_jacobian_at; /* write NaN into J at this call with J (0 = never) */
    int nan_out;
    long refusals;
} counter;

static int count_call(counter *c, const double *x)
{
    if (!c) return 0;
    if (c->aborted) c->calls_after_abort++;
    c->calls++;
    if (c->abort_at && c->calls == c->abort_at) {
        c->aborted = 1;
        return -1;
    }
    if ((c->use_domain && !(x[0] > c->domain_min)) ||
        (c->use_domain_max && x[0] >= c->domain_max)) {
        c->refusals++;
        return c->nan_out ? 2 : 1; /* 2: caller writes NaN and returns 0 */
    }
    return 0;
}

/* F = (x² + y² - 4, eˣ + y - 1): a circle meets an exponential; J nonsingular at the
   roots (one near (-1.82, 0.84), one near (1.00, -1.73)). */
static int circle_exp(int n, const double *x, double *F, double *J, void *data)
{
    int rc = count_call(data, x);
    if (rc < 0) return rc;
    F[0] = x[0] * x[0] + x[1] * x[1] - 4.0;
    F[1] = exp(x[0]) + x[1] - 1.0;
    if (J) {
        if (data) ((counter *)data)->calls_with_j++;
        J[0] = 2.0 * x[0];
        J[1] = exp(x[0]);
        J[2] = 2.0 * x[1];
        J[3] = 1.0;
    }
    return 0;
}

/* A 3×3 system with the root (1, 2, 3):
   F = (x1 x2 - 2, x2 x3 - 6, x1 + x2² + sin(x3 - 3) - 5). */
static int three(int n, const double *x, double *F, double *J, void *data)
{
    int rc = count_call(data, x);
    if (rc < 0) return rc;
    if (rc == 1) return 1;
    F[0] = x[0] * x[1] - 2.0;
    F[1] = x[1] * x[2] - 6.0;
    F[2] = x[0] + x[1] * x[1] + sin(x[2] - 3.0) - 5.0;
    if (rc == 2) F[1] = NAN;
    if (J) {
        counter *c = data;
        J[0 + 0 * 3] = x[1], J[0 + 1 * 3] = x[0], J[0 + 2 * 3] = 0.0;
        J[1 + 0 * 3] = 0.0, J[1 + 1 * 3] = x[2], J[1 + 2 * 3] = x[1];
        J[2 + 0 * 3] = 1.0, J[2 + 1 * 3] = 2.0 * x[1], J[2 + 2 * 3] = cos(x[2] - 3.0);
        if (c && ++c->calls_with_j == c->nan_jacobian_at) J[4] = NAN;
    }
    return 0;
}

/* F(x) = 1/x - 2 on x > 0 (root 1/2); Newton from x0 = 2 jumps to x < 0, which the
   callback refuses (or answers with NaN), so the step must be shortened. */
static int reciprocal(int n, const double *x, double *F, double *J, void *data)
{
    int rc = count_call(data, x);
    if (rc < 0) return rc;
    if (rc == 1) return 1;
    F[0] = rc == 2 ? NAN : 1.0 / x[0] - 2.0;
    if (J) J[0] = -1.0 / (x[0] * x[0]);
    return 0;
}

/* F = (x² + 1, y): no root; ½‖F‖² has its minimizer at (0, 0), where
   J = diag(2x, 1) is singular. */
static int no_root(int n, const double *x, double *F, double *J, void *data)
{
    F[0] = x[0] * x[0] + 1.0;
    F[1] = x[1];
    if (J) {
        J[0] = 2.0 * x[0];
        J[1] = 0.0;
        J[2] = 0.0;
        J[3] = 1.0;
    }
    return 0;
}

/* F(x) = A x - b, A upper triangular with det A = 2 · (-3) · 0.5 = -3. */
static const double lin_A[9] = {2.0, 0.0, 0.0, 1.0, -3.0, 0.0, 4.0, 5.0, 0.5};
static int linear3(int n, const double *x, double *F, double *J, void *data)
{
    for (int i = 0; i < 3; i++) {
        F[i] = -1.0;
        for (int j = 0; j < 3; j++) F[i] += lin_A[i + 3 * j] * x[j];
    }
    if (J) memcpy(J, lin_A, sizeof lin_A);
    return 0;
}

/* ---- trace recording ---------------------------------------------------------------- */

#define MAX_TRACE 256
typedef struct {
    int count;
    double fnorm[MAX_TRACE];
    int fallback[MAX_TRACE];
    int restarted[MAX_TRACE];
    int stop_at;   /* return nonzero at this iteration (0 = never) */
    int nan_seen;
} trace_log;

static int record(const hesse_roots_iteration *it, void *data)
{
    trace_log *log = data;
    if (log->count < MAX_TRACE) {
        log->fnorm[log->count] = it->fnorm;
        log->fallback[log->count] = it->fallback;
        log->restarted[log->count] = it->restarted;
        log->count++;
    }
    for (int i = 0; i < it->n; i++)
        if (!isfinite(it->x[i]) || !isfinite(it->F[i])) log->nan_seen = 1;
    return log->stop_at && it->iteration >= log->stop_at;
}

static hesse_system make_system(int n, hesse_system_fn f, int has_jacobian, void *data)
{
    hesse_system sys;
    sys.n = n;
    sys.function = f;
    sys.has_jacobian = has_jacobian;
    sys.data = data;
    return sys;
}

/* ---- options and names ------------------------------------------------------------ */

Test(roots, options_defaults_as_documented)
{
    hesse_roots_options o;
    memset(&o, 0xff, sizeof o);
    hesse_roots_options_init(&o);
    cr_assert_eq(o.method, HESSE_ROOTS_NEWTON);
    cr_assert_eq(o.ftol, 1e-10);
    cr_assert_eq(o.xtol, 1e-15);
    cr_assert_eq(o.max_iter, 200);
    cr_assert_eq(o.max_evals, 100000);
    cr_assert_eq(o.c1, 1e-4);
    cr_assert_eq(o.ls_max_evals, 30);
    cr_assert_eq(o.max_step, 0.0);
    cr_assert_eq(o.fd_step, 0.0);
    cr_assert_eq(o.fd_central, 0);
    cr_assert_eq(o.rcond_min, 100 * DBL_EPSILON);
    cr_assert_eq(o.broyden_restart_iter, 5);
    cr_assert_eq(o.broyden_restart_ratio, 0.9);
    cr_assert_null(o.trace);
    cr_assert_null(o.allocator.malloc);
    hesse_roots_options_init(NULL); /* documented no-op */
}

Test(roots, method_names)
{
    hesse_roots_method m = HESSE_ROOTS_NEWTON;
    cr_assert(hesse_roots_method_find("broyden", &m));
    cr_assert_eq(m, HESSE_ROOTS_BROYDEN);
    cr_assert(hesse_roots_method_find("newton", &m));
    cr_assert_eq(m, HESSE_ROOTS_NEWTON);
    cr_assert_not(hesse_roots_method_find("bfgs", &m));
    cr_assert_not(hesse_roots_method_find(NULL, &m));
    cr_assert_str_eq(hesse_roots_method_name(HESSE_ROOTS_BROYDEN), "broyden");
    cr_assert_str_eq(hesse_roots_method_name((hesse_roots_method)42), "unknown");
}

/* ---- convergence rates ------------------------------------------------------------ */

/* Newton: ‖F_{k+1}‖ <= C ‖F_k‖² once close. For circle_exp, C is of order
   ‖J⁻¹‖ · ‖F''‖ / 2 ≈ 1 near the root; 10 leaves a margin for the ∞-norm. */
Test(roots, newton_quadratic_convergence)
{
    trace_log log = {0};
    hesse_system sys = make_system(2, circle_exp, 1, NULL);
    hesse_roots_options o;
    hesse_roots_options_init(&o);
    o.ftol = 0.0; /* run to the rounding floor; the step test ends the solve */
    o.trace = record;
    o.trace_data = &log;
    double x[2] = {1.5, -1.0};
    hesse_roots_result res;
    hesse_status st = hesse_roots_solve(&sys, x, &o, &res);
    cr_assert(st == HESSE_SUCCESS || st == HESSE_SMALL_STEP || st == HESSE_LINESEARCH_FAILED,
              "status %d: %s", st, res.message);
    cr_assert_lt(res.fnorm, 1e-14, "||F|| = %g"); /* a few ulps of |F_i| ~ 4 */
    int pairs = 0;
    for (int k = 0; k + 1 < log.count; k++) {
        /* Pairs above the rounding floor (|F| ~ 4: eps·4·100 ≈ 1e-13) and close
           enough to the root for the local rate (‖F_k‖ < 0.1). */
        if (log.fnorm[k] < 0.1 && log.fnorm[k + 1] > 1e-13) {
            double ratio = log.fnorm[k + 1] / (log.fnorm[k] * log.fnorm[k]);
            cr_assert_leq(ratio, 10.0, "iteration %d: ratio %g", k, ratio);
            pairs++;
        }
        cr_assert_eq(log.fallback[k + 1], 0, "no fallback on a nonsingular problem");
    }
    cr_assert_geq(pairs, 1, "the trace shows at least one pair in the quadratic phase");
    cr_assert_eq(res.njev, res.iterations + 1, "one Jacobian per iteration, plus J(x0)");
}

/* The same on an MGH system: BROYDEN_TRIDIAGONAL (n = 10) from x0 = (-1, ..., -1),
   where J stays well conditioned (rcond ~ 0.3). Its second derivatives are -4 on
   the diagonal (the -2x_i² term), so C ≈ ‖J⁻¹‖·2 ≈ 0.3 at the root; 1 is the bound. */
Test(roots, newton_quadratic_convergence_mgh)
{
    const hesse_equation_problem *p = hesse_equation_problem_find("BROYDEN_TRIDIAGONAL");
    hesse_equation_instance *inst = NULL;
    cr_assert_eq(hesse_equation_instance_create(p, 10, &inst, NULL, 0), HESSE_SUCCESS);
    trace_log log = {0};
    hesse_roots_options o;
    hesse_roots_options_init(&o);
    o.ftol = 1e-14; /* |F_i| ~ 1: a few ulps */
    o.trace = record;
    o.trace_data = &log;
    double x[10];
    memcpy(x, inst->x0, sizeof x);
    cr_assert_eq(hesse_roots_solve(&inst->system, x, &o, NULL), HESSE_SUCCESS);
    int pairs = 0;
    for (int k = 0; k + 1 < log.count; k++) {
        if (log.fnorm[k] < 0.1 && log.fnorm[k + 1] > 1e-13) { /* as above, |F| ~ 1 */
            double ratio = log.fnorm[k + 1] / (log.fnorm[k] * log.fnorm[k]);
            cr_assert_leq(ratio, 1.0, "iteration %d: ratio %g", k, ratio);
            pairs++;
        }
    }
    cr_assert_geq(pairs, 2);
    hesse_equation_instance_free(inst);
}

/* Broyden: ‖F_{k+1}‖ / ‖F_k‖ -> 0. The last ratio above the rounding floor must be
   small (0.05: a linear method with a constant J would stay near a fixed ratio) and
   the last iterations must not be restarts (then it would be Newton). */
Test(roots, broyden_superlinear_convergence)
{
    trace_log log = {0};
    hesse_system sys = make_system(3, three, 1, NULL);
    hesse_roots_options o;
    hesse_roots_options_init(&o);
    o.method = HESSE_ROOTS_BROYDEN;
    o.ftol = 1e-13; /* |F_i| ~ 6 at the root: about 100 ulps */
    o.trace = record;
    o.trace_data = &log;
    double x[3] = {1.2, 1.8, 3.3};
    hesse_roots_result res;
    hesse_status st = hesse_roots_solve(&sys, x, &o, &res);
    cr_assert_eq(st, HESSE_SUCCESS, "%s", res.message);
    cr_assert_float_eq(x[0], 1.0, 1e-12); /* ‖J⁻¹‖·ftol with ‖J⁻¹‖ ~ 1 */
    cr_assert_float_eq(x[1], 2.0, 1e-12);
    cr_assert_float_eq(x[2], 3.0, 1e-12);
    cr_assert_geq(log.count, 4);
    int last = log.count - 1;
    double r_last = log.fnorm[last] / log.fnorm[last - 1];
    double r_prev = log.fnorm[last - 1] / log.fnorm[last - 2];
    cr_assert_lt(r_last, 0.05, "last ratio %g", r_last);
    cr_assert_lt(r_last, r_prev, "ratios decrease: %g then %g", r_prev, r_last);
    cr_assert_eq(log.restarted[last], 0);
    cr_assert_eq(log.restarted[last - 1], 0);
    cr_assert_eq(res.njev, 1 + res.restarts, "Jacobians only at x0 and restarts");
}

/* ---- results ------------------------------------------------------------------------ */

Test(roots, linear_system_one_step_and_determinant)
{
    hesse_system sys = make_system(3, linear3, 1, NULL);
    double x[3] = {0.0, 0.0, 0.0};
    hesse_roots_result res;
    hesse_status st = hesse_roots_solve(&sys, x, NULL, &res);
    cr_assert_eq(st, HESSE_SUCCESS, "%s", res.message);
    cr_assert_eq(res.iterations, 1, "Newton solves a linear system in one step");
    cr_assert_eq(res.det_sign, -1);
    cr_assert_float_eq(res.log_abs_det, log(3.0), 1e-14); /* det A = -3 exactly */
    cr_assert_eq(res.jacobian_at_x, 1);
    /* rcond is an estimate of 1/(‖A‖₁‖A⁻¹‖₁) <= 1, here well away from 0. */
    cr_assert(res.rcond > 1e-3 && res.rcond <= 1.0, "rcond %g", res.rcond);
    double F[3];
    linear3(3, x, F, NULL, NULL);
    for (int i = 0; i < 3; i++) cr_assert_leq(fabs(F[i]), 1e-10); /* default ftol */
}

Test(roots, already_a_root)
{
    hesse_system sys = make_system(3, three, 1, NULL);
    double x[3] = {1.0, 2.0, 3.0};
    hesse_roots_result res;
    cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_SUCCESS);
    cr_assert_eq(res.iterations, 0);
    cr_assert_eq(res.nfev, 1);
    cr_assert_eq(res.njev, 1);
    cr_assert_eq(res.fnorm, 0.0);
}

/* ---- singular Jacobians --------------------------------------------------------- */

Test(roots, no_root_ends_singular)
{
    hesse_system sys = make_system(2, no_root, 1, NULL);
    for (int m = 0; m < 2; m++) {
        hesse_roots_options o;
        hesse_roots_options_init(&o);
        o.method = m ? HESSE_ROOTS_BROYDEN : HESSE_ROOTS_NEWTON;
        double x[2] = {1.0, 1.0};
        hesse_roots_result res;
        hesse_status st = hesse_roots_solve(&sys, x, &o, &res);
        cr_assert_eq(st, HESSE_ESINGULAR, "%s: status %d: %s", hesse_roots_method_name(m), st,
                     res.message);
        cr_assert(isfinite(x[0]) && isfinite(x[1]));
        /* The minimizer of ½‖F‖² is (0, 0); the fallback reaches it to ~sqrt(rcond_min). */
        cr_assert_lt(fabs(x[0]), 1e-6);
        cr_assert_lt(fabs(x[1]), 1e-6);
        cr_assert_float_eq(res.fnorm, 1.0, 1e-10); /* F_1 = x² + 1 at x ≈ 0 */
        cr_assert(res.rcond < o.rcond_min, "rcond %g", res.rcond);
        cr_assert(!isnan(res.log_abs_det));
        cr_assert(strstr(res.message, "singular"), "%s", res.message);
    }
}

/* ---- bad input ------------------------------------------------------------------------ */

static void expect_einval(hesse_roots_options *o, const char *field)
{
    hesse_system sys = make_system(2, circle_exp, 1, NULL);
    double x[2] = {1.0, -1.0};
    hesse_roots_result res;
    hesse_status st = hesse_roots_solve(&sys, x, o, &res);
    cr_assert_eq(st, HESSE_EINVAL, "%s: status %d", field, st);
    cr_assert_eq(res.status, HESSE_EINVAL);
    cr_assert(strstr(res.message, field), "message '%s' names %s", res.message, field);
    cr_assert_eq(x[0], 1.0, "x untouched");
    cr_assert_eq(x[1], -1.0);
}

Test(roots, each_bad_option_is_named)
{
    hesse_roots_options o;
#define BAD(field, value)                                                                  \
    do {                                                                                   \
        hesse_roots_options_init(&o);                                                      \
        o.field = value;                                                                   \
        expect_einval(&o, #field);                                                         \
    } while (0)
    BAD(method, (hesse_roots_method)7);
    BAD(ftol, -1.0);
    BAD(ftol, NAN);
    BAD(xtol, -1e-3);
    BAD(max_iter, -1);
    BAD(max_evals, 0);
    BAD(c1, 0.0);
    BAD(c1, 0.5);
    BAD(ls_max_evals, 0);
    BAD(max_step, -1.0);
    BAD(max_step, INFINITY);
    BAD(fd_step, -1e-8);
    BAD(fd_central, 2);
    BAD(rcond_min, 1.0);
    BAD(rcond_min, -1.0);
    BAD(broyden_restart_iter, 0);
    BAD(broyden_restart_ratio, 0.0);
    BAD(broyden_restart_ratio, 1.5);
#undef BAD
    hesse_roots_options_init(&o);
    test_heap h = {0};
    o.allocator.free = test_heap_allocator(&h).free; /* malloc left NULL */
    expect_einval(&o, "allocator");
}

Test(roots, bad_arguments)
{
    double x[2] = {1.0, -1.0};
    hesse_roots_result res;
    hesse_system sys = make_system(2, circle_exp, 1, NULL);

    cr_assert_eq(hesse_roots_solve(NULL, x, NULL, &res), HESSE_EINVAL);
    cr_assert(strstr(res.message, "sys"));
    cr_assert_eq(hesse_roots_solve(&sys, NULL, NULL, &res), HESSE_EINVAL);
    cr_assert(strstr(res.message, "x0"));
    sys.n = 0;
    cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_EINVAL);
    cr_assert(strstr(res.message, "sys->n = 0"), "%s", res.message);
    sys.n = -3;
    cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_EINVAL);
    sys = make_system(2, NULL, 1, NULL);
    cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_EINVAL);
    cr_assert(strstr(res.message, "function"));
    sys = make_system(2, circle_exp, 2, NULL);
    cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_EINVAL);
    cr_assert(strstr(res.message, "has_jacobian"));
    cr_assert_eq(hesse_roots_solve(NULL, x, NULL, NULL), HESSE_EINVAL, "res may be NULL");

    sys = make_system(2, circle_exp, 1, NULL);
    cr_assert_eq(hesse_roots_solver_create(&sys, x, NULL, NULL), HESSE_EINVAL);
    hesse_roots_solver *s = (hesse_roots_solver *)&sys;
    cr_assert_eq(hesse_roots_solver_create(NULL, x, NULL, &s), HESSE_EINVAL);
    cr_assert_not_null(s, "the solver holds the error");
    cr_assert_eq(hesse_roots_solver_iterate(s), HESSE_EINVAL);
    cr_assert_null(hesse_roots_solver_x(s));
    hesse_roots_solver_free(s);
    hesse_roots_solver_free(NULL);
    cr_assert_eq(hesse_roots_solver_iterate(NULL), HESSE_EINVAL);
    cr_assert_eq(hesse_roots_solver_result(NULL, &res), HESSE_EINVAL);
}

/* ---- callback contract -------------------------------------------------------------- */

/* Abort at every call number in turn, for both methods and both Jacobian sources:
   the solve ends with ECALLBACK, no call follows the abort, iterate stays terminal,
   and x holds a finite accepted point. */
Test(roots, callback_abort_stops_everything)
{
    for (int method = 0; method < 2; method++) {
        for (int has_j = 0; has_j < 2; has_j++) {
            counter probe = {0};
            hesse_system sys = make_system(3, three, has_j, &probe);
            hesse_roots_options o;
            hesse_roots_options_init(&o);
            o.method = method ? HESSE_ROOTS_BROYDEN : HESSE_ROOTS_NEWTON;
            double x[3] = {1.5, 1.5, 2.5};
            cr_assert_eq(hesse_roots_solve(&sys, x, &o, NULL), HESSE_SUCCESS);
            long total = probe.calls;
            cr_assert_gt(total, 3);
            for (long k = 1; k <= total; k++) {
                counter c = {0};
                c.abort_at = k;
                sys.data = &c;
                double y[3] = {1.5, 1.5, 2.5};
                hesse_roots_solver *s = NULL;
                hesse_status st = hesse_roots_solver_create(&sys, y, &o, &s);
                while (st == HESSE_RUNNING) st = hesse_roots_solver_iterate(s);
                cr_assert_eq(st, HESSE_ECALLBACK, "abort at call %ld: status %d", k, st);
                cr_assert_eq(hesse_roots_solver_iterate(s), HESSE_ECALLBACK);
                cr_assert_eq(c.calls, k, "no call after the abort");
                cr_assert_eq(c.calls_after_abort, 0);
                const double *xs = hesse_roots_solver_x(s);
                for (int i = 0; i < 3; i++) cr_assert(isfinite(xs[i]));
                hesse_roots_result res;
                cr_assert_eq(hesse_roots_solver_result(s, &res), HESSE_ECALLBACK);
                cr_assert(strstr(res.message, "abort"), "%s", res.message);
                hesse_roots_solver_free(s);
            }
        }
    }
}

Test(roots, refusal_at_x0_is_edomain_nan_is_enonfinite)
{
    counter c = {0};
    c.use_domain = 1;
    c.domain_min = 10.0;
    hesse_system sys = make_system(3, three, 1, &c);
    double x[3] = {1.0, 1.0, 1.0};
    hesse_roots_result res;
    cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_EDOMAIN, "%s", res.message);
    cr_assert(isnan(res.fnorm));
    c = (counter){0};
    c.use_domain = 1;
    c.domain_min = 10.0;
    c.nan_out = 1;
    cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_ENONFINITE, "%s", res.message);
    cr_assert_eq(x[0], 1.0, "x0 kept");
}

/* Newton from x0 = 2 proposes x = -4 for 1/x - 2 = 0: refused (or NaN) trial points
   shorten the step, and the root 1/2 is still found. */
Test(roots, refused_and_nan_trials_shorten_the_step)
{
    for (int nan_out = 0; nan_out < 2; nan_out++) {
        for (int method = 0; method < 2; method++) {
            counter c = {0};
            c.use_domain = 1;
            c.domain_min = 0.0;
            c.nan_out = nan_out;
            hesse_system sys = make_system(1, reciprocal, 1, &c);
            hesse_roots_options o;
            hesse_roots_options_init(&o);
            o.method = method ? HESSE_ROOTS_BROYDEN : HESSE_ROOTS_NEWTON;
            double x = 2.0;
            hesse_roots_result res;
            hesse_status st = hesse_roots_solve(&sys, &x, &o, &res);
            cr_assert_eq(st, HESSE_SUCCESS, "%s", res.message);
            cr_assert_float_eq(x, 0.5, 1e-10); /* |F'(1/2)| = 4: |x - 1/2| <= ftol/4 */
            cr_assert_gt(c.refusals, 0, "the trial x < 0 was proposed and refused");
        }
    }
}

/* ---- finite-difference Jacobian ---------------------------------------------------- */

Test(roots, finite_difference_jacobian)
{
    for (int central = 0; central < 2; central++) {
        for (int method = 0; method < 2; method++) {
            counter c = {0};
            hesse_system sys = make_system(3, three, 0, &c);
            hesse_roots_options o;
            hesse_roots_options_init(&o);
            o.fd_central = central;
            o.method = method ? HESSE_ROOTS_BROYDEN : HESSE_ROOTS_NEWTON;
            double x0[3] = {1.2, 1.8, 3.3};
            hesse_roots_solver *s = NULL;
            hesse_status st = hesse_roots_solver_create(&sys, x0, &o, &s);
            cr_assert_eq(st, HESSE_RUNNING);
            /* J(x0) by differences against the exact one: forward error
               ~ sqrt(eps)·|F''| ≈ 1.5e-8·2, central ~ eps^(2/3)·|F'''| ≈ 4e-11. */
            double Jexact[9], F[3];
            three(3, x0, F, Jexact, NULL);
            const double *J = hesse_roots_solver_jacobian(s);
            double tol = central ? 1e-9 : 1e-6;
            for (int i = 0; i < 9; i++)
                cr_assert_float_eq(J[i], Jexact[i], tol, "entry %d: %g vs %g", i, J[i],
                                   Jexact[i]);
            cr_assert_eq(c.calls_with_j, 0, "J is never requested from the callback");
            while (st == HESSE_RUNNING) st = hesse_roots_solver_iterate(s);
            hesse_roots_result res;
            hesse_roots_solver_result(s, &res);
            cr_assert_eq(st, HESSE_SUCCESS, "%s", res.message);
            const double *xs = hesse_roots_solver_x(s);
            cr_assert_float_eq(xs[0], 1.0, 1e-9); /* ‖J⁻¹‖·ftol, ‖J⁻¹‖ ~ 1 */
            cr_assert_float_eq(xs[2], 3.0, 1e-9);
            cr_assert_eq(res.nfev, c.calls, "every call counted in nfev");
            cr_assert_geq(res.nfev, res.njev * (central ? 6 : 3) + 1,
                          "each Jacobian costs n (or 2n) calls, plus F(x0)");
            hesse_roots_solver_free(s);
        }
    }
}

/* ---- limits and trace ------------------------------------------------------------- */

Test(roots, limits_and_trace_stop)
{
    counter c = {0};
    hesse_system sys = make_system(2, circle_exp, 0, &c);
    hesse_roots_options o;
    hesse_roots_options_init(&o);
    double x[2] = {1.5, -1.0};
    hesse_roots_result res;

    o.max_evals = 7;
    cr_assert_eq(hesse_roots_solve(&sys, x, &o, &res), HESSE_MAX_EVALS, "%s", res.message);
    cr_assert_leq(res.nfev + res.njev, 7);
    cr_assert_eq(c.calls, res.nfev, "max_evals bounds the callback calls too");
    cr_assert(isfinite(x[0]) && isfinite(x[1]));

    hesse_roots_options_init(&o);
    o.max_iter = 0;
    x[0] = 1.5, x[1] = -1.0;
    cr_assert_eq(hesse_roots_solve(&sys, x, &o, &res), HESSE_MAX_ITER);
    cr_assert_eq(res.iterations, 0);
    cr_assert_eq(x[0], 1.5);

    trace_log log = {0};
    log.stop_at = 2;
    hesse_roots_options_init(&o);
    o.trace = record;
    o.trace_data = &log;
    o.ftol = 0.0;
    cr_assert_eq(hesse_roots_solve(&sys, x, &o, &res), HESSE_STOPPED, "%s", res.message);
    cr_assert_eq(res.iterations, 2);
    cr_assert_eq(log.count, 3, "iterations 0, 1, 2 traced");
}

/* ---- out of memory ----------------------------------------------------------------- */

/* One solve with allocator a: each failure is ENOMEM with x kept. */
static hesse_status roots_solve_three(const hesse_allocator *a, long k, void *data)
{
    hesse_system sys = make_system(3, three, 1, NULL);
    hesse_roots_options o;
    hesse_roots_options_init(&o);
    o.allocator = *a;
    double x[3] = {1.2, 1.8, 3.3};
    hesse_roots_result res;
    hesse_status status = hesse_roots_solve(&sys, x, &o, &res);
    if (status == HESSE_ENOMEM) cr_assert_eq(x[0], 1.2, "k = %ld: x kept", k);
    return status;
}

Test(roots, out_of_memory_ratchet)
{
    long allocations = test_oom_ratchet("roots solve", roots_solve_three, NULL, HESSE_SUCCESS);
    cr_assert_gt(allocations, 0);
    cr_assert_lt(allocations, 10);
}

/* ---- the equation-problem registry --------------------------------------------------- */

/* The problems whose source records a root (problems/equations.c, "root ..."). */
static int root_recorded(const char *name)
{
    return strcmp(name, "ROSENBROCK") == 0 || strcmp(name, "HELICAL_VALLEY") == 0 ||
           strcmp(name, "POWELL_SINGULAR") == 0 || strcmp(name, "BROWN_ALMOST_LINEAR") == 0;
}

/* Check the table itself before any solver uses it: every entry instantiates at its
   default n, the recorded root is a root, and the Jacobian agrees with central
   differences of F at x0 and at a point beside it. */
Test(roots, equation_registry_checks_itself)
{
    cr_assert_eq(hesse_equation_problem_count(), 10);
    cr_assert_null(hesse_equation_problem_at(-1));
    cr_assert_null(hesse_equation_problem_at(10));
    cr_assert_null(hesse_equation_problem_find(NULL));
    cr_assert_null(hesse_equation_problem_find("WOOD"), "not a square system");
    for (int i = 0; i < hesse_equation_problem_count(); i++) {
        const hesse_equation_problem *p = hesse_equation_problem_at(i);
        hesse_equation_problem_info info;
        hesse_equation_problem_get_info(p, &info);
        cr_assert_str_eq(info.family, "equations");
        cr_assert_eq(hesse_equation_problem_find(info.name), p);
        char lower[64];
        size_t len = strlen(info.name);
        for (size_t k = 0; k <= len; k++)
            lower[k] = (char)(info.name[k] >= 'A' && info.name[k] <= 'Z' ? info.name[k] + 32
                                                                          : info.name[k]);
        cr_assert_eq(hesse_equation_problem_find(lower), p, "find is case-insensitive");
        cr_assert(hesse_equation_problem_accepts(p, info.default_n));

        hesse_equation_instance *inst = NULL;
        char msg[200];
        cr_assert_eq(hesse_equation_instance_create(p, 0, &inst, msg, sizeof msg),
                     HESSE_SUCCESS, "%s", msg);
        int n = inst->n;
        cr_assert_eq(n, info.default_n);
        cr_assert_eq(inst->system.n, n);
        cr_assert_eq(inst->system.has_jacobian, 1);
        cr_assert_eq(inst->root != NULL, root_recorded(info.name), "%s", info.name);

        double F[64], J[64 * 64], Fp[64], Fm[64], x[64];
        cr_assert_leq(n, 64);
        if (inst->root) {
            cr_assert_eq(inst->system.function(n, inst->root, F, NULL, inst->system.data), 0);
            /* F(root) = 0 up to rounding in F's terms (of order n + 1 = 11). */
            for (int k = 0; k < n; k++)
                cr_assert_leq(fabs(F[k]), 1e-13, "%s: F_%d(root) = %g", info.name, k, F[k]);
        }
        for (int pt = 0; pt < 2; pt++) {
            for (int k = 0; k < n; k++) x[k] = inst->x0[k] + (pt ? 0.1 * (k % 3 - 1) + 0.05 : 0);
            cr_assert_eq(inst->system.function(n, x, F, J, inst->system.data), 0);
            for (int j = 0; j < n; j++) {
                double h = 1e-6 * fmax(1.0, fabs(x[j])); /* central: error ~ h²|F'''| */
                double xj = x[j];
                x[j] = xj + h;
                inst->system.function(n, x, Fp, NULL, inst->system.data);
                x[j] = xj - h;
                inst->system.function(n, x, Fm, NULL, inst->system.data);
                x[j] = xj;
                for (int k = 0; k < n; k++) {
                    double fd = (Fp[k] - Fm[k]) / (2 * h);
                    double exact = J[k + j * n];
                    /* h² terms plus rounding eps·|F|/h ≈ 1e-10·|F| */
                    cr_assert_leq(fabs(fd - exact), 1e-6 * fmax(1.0, fabs(exact)),
                                  "%s point %d: dF_%d/dx_%d = %g, differences %g", info.name,
                                  pt, k, j, exact, fd);
                }
            }
        }
        hesse_equation_instance_free(inst);
    }
    hesse_equation_instance_free(NULL);
}

Test(roots, equation_registry_bad_sizes)
{
    const hesse_equation_problem *p = hesse_equation_problem_find("ROSENBROCK");
    cr_assert_not_null(p);
    hesse_equation_instance *inst = (hesse_equation_instance *)p;
    char msg[200];
    cr_assert_eq(hesse_equation_instance_create(p, 3, &inst, msg, sizeof msg), HESSE_EINVAL);
    cr_assert_null(inst);
    cr_assert(strstr(msg, "n = 3"), "%s", msg);
    cr_assert_eq(hesse_equation_instance_create(NULL, 2, &inst, msg, sizeof msg), HESSE_EINVAL);
    cr_assert_eq(hesse_equation_instance_create(p, 2, NULL, NULL, 0), HESSE_EINVAL);
    cr_assert_not(hesse_equation_problem_accepts(p, 0));
    cr_assert_not(hesse_equation_problem_accepts(NULL, 2));
    p = hesse_equation_problem_find("trigonometric");
    cr_assert(hesse_equation_problem_accepts(p, 1));
    cr_assert(hesse_equation_problem_accepts(p, 40));
}

/* ---- the MGH systems from their standard starting points ------------------------------ */

/* Which method solves which system from x0 at the default n, with analytic Jacobians,
   and the evaluation budget (nfev + njev) each may use: about twice what this
   implementation used when the table was recorded, so that a regression in the
   globalization shows. Both methods solve all ten at the default n. */
typedef struct {
    const char *name;
    long newton_budget;
    long broyden_budget;
} solve_case;

static const solve_case solve_cases[] = {
    {"ROSENBROCK", 90, 80},         {"POWELL_BADLY_SCALED", 300, 400},
    {"HELICAL_VALLEY", 50, 60},     {"POWELL_SINGULAR", 80, 60},
    {"TRIGONOMETRIC", 50, 60},      {"BROWN_ALMOST_LINEAR", 40, 40},
    {"DISCRETE_BOUNDARY", 20, 15},  {"DISCRETE_INTEGRAL", 20, 15},
    {"BROYDEN_TRIDIAGONAL", 25, 30}, {"BROYDEN_BANDED", 30, 50},
};

Test(roots, mgh_systems_from_standard_start)
{
    int ncases = (int)(sizeof solve_cases / sizeof solve_cases[0]);
    cr_assert_eq(ncases, hesse_equation_problem_count(), "every registered system is listed");
    for (int c = 0; c < ncases; c++) {
        const hesse_equation_problem *p = hesse_equation_problem_find(solve_cases[c].name);
        cr_assert_not_null(p, "%s", solve_cases[c].name);
        hesse_equation_instance *inst = NULL;
        cr_assert_eq(hesse_equation_instance_create(p, 0, &inst, NULL, 0), HESSE_SUCCESS);
        int n = inst->n;
        for (int m = 0; m < 2; m++) {
            hesse_roots_options o;
            hesse_roots_options_init(&o);
            o.method = m ? HESSE_ROOTS_BROYDEN : HESSE_ROOTS_NEWTON;
            double x[64], F[64];
            memcpy(x, inst->x0, (size_t)n * sizeof *x);
            hesse_roots_result res;
            hesse_status st = hesse_roots_solve(&inst->system, x, &o, &res);
            const char *mn = hesse_roots_method_name(o.method);
            cr_assert_eq(st, HESSE_SUCCESS, "%s by %s: %s (%s)", solve_cases[c].name, mn,
                         hesse_status_name(st), res.message);
            long budget = m ? solve_cases[c].broyden_budget : solve_cases[c].newton_budget;
            cr_assert_leq(res.nfev + res.njev, budget, "%s by %s: %ld evaluations",
                          solve_cases[c].name, mn, res.nfev + res.njev);
            /* The reported ‖F‖∞ is that of a fresh evaluation at the returned x. */
            inst->system.function(n, x, F, NULL, inst->system.data);
            double fresh = 0.0;
            for (int k = 0; k < n; k++) fresh = fmax(fresh, fabs(F[k]));
            cr_assert_eq(res.fnorm, fresh, "%s by %s", solve_cases[c].name, mn);
            cr_assert_leq(fresh, o.ftol);
            cr_assert(isfinite(res.log_abs_det) && isfinite(res.rcond));
            if (strcmp(solve_cases[c].name, "BROWN_ALMOST_LINEAR") == 0) {
                /* Its roots are (a, ..., a, a^(1-n)) with n a^n - (n+1) a^(n-1) + 1 = 0;
                   these starts reach a ≈ 0.979, not the recorded a = 1. Check the form
                   (to ‖J⁻¹‖·ftol, with ‖J⁻¹‖ ~ 10 here: 1e-8). */
                double a = x[0];
                for (int k = 1; k < n - 1; k++) cr_assert_float_eq(x[k], a, 1e-8);
                cr_assert_float_eq(x[n - 1], pow(a, 1 - n), 1e-8);
                cr_assert_float_eq(n * pow(a, n) - (n + 1) * pow(a, n - 1) + 1, 0.0, 1e-8);
            } else if (inst->root) {
                /* The recorded root is the only one. Distance: ‖J⁻¹‖·ftol for a regular
                   root; for POWELL_SINGULAR F is quadratic in the error, so
                   |x| ~ sqrt(ftol) = 1e-5; 1e-4 covers both. */
                for (int k = 0; k < n; k++)
                    cr_assert_leq(fabs(x[k] - inst->root[k]), 1e-4, "%s by %s: x_%d = %g",
                                  solve_cases[c].name, mn, k, x[k]);
            }
        }
        hesse_equation_instance_free(inst);
    }
}

/* Powell singular: J(0) is singular (rank 2). Newton and Broyden converge only
   linearly; with the default ftol they meet it (SUCCESS) with an ill-conditioned
   final matrix; with ftol = 0 they run into the singularity and must end with the
   named status HESSE_ESINGULAR, no NaN anywhere, x at the root. */
Test(roots, powell_singular_ends_cleanly)
{
    const hesse_equation_problem *p = hesse_equation_problem_find("POWELL_SINGULAR");
    hesse_equation_instance *inst = NULL;
    cr_assert_eq(hesse_equation_instance_create(p, 0, &inst, NULL, 0), HESSE_SUCCESS);
    for (int m = 0; m < 2; m++) {
        for (int strict = 0; strict < 2; strict++) {
            trace_log log = {0};
            hesse_roots_options o;
            hesse_roots_options_init(&o);
            o.method = m ? HESSE_ROOTS_BROYDEN : HESSE_ROOTS_NEWTON;
            o.trace = record;
            o.trace_data = &log;
            if (strict) o.ftol = 0.0;
            double x[4];
            memcpy(x, inst->x0, sizeof x);
            hesse_roots_result res;
            hesse_status st = hesse_roots_solve(&inst->system, x, &o, &res);
            const char *mn = hesse_roots_method_name(o.method);
            cr_assert_eq(st, strict ? HESSE_ESINGULAR : HESSE_SUCCESS, "%s ftol %g: %s (%s)",
                         mn, o.ftol, hesse_status_name(st), res.message);
            cr_assert_not(log.nan_seen);
            for (int k = 0; k < 4; k++) cr_assert(isfinite(x[k]));
            cr_assert(isfinite(res.fnorm) && isfinite(res.rcond) &&
                      !isnan(res.log_abs_det));
            /* Linear convergence halves the error per step: after the ~20 steps to
               ftol = 1e-10 the Jacobian's rcond is of order |x| ~ 1e-5 or less. */
            cr_assert_lt(res.rcond, 1e-4, "%s: rcond %g", mn, res.rcond);
            /* At the end |x| ~ sqrt(‖F‖): 1e-4 for ftol = 1e-10; with ftol = 0 the
               solve stops where rcond < rcond_min, |x| ~ 1e-12. */
            double tol = strict ? 1e-10 : 1e-4;
            for (int k = 0; k < 4; k++)
                cr_assert_leq(fabs(x[k]), tol, "%s: x_%d = %g", mn, k, x[k]);
        }
    }
    hesse_equation_instance_free(inst);
}

/* Recorded failure: BROWN_ALMOST_LINEAR at n = 30 from x0 = (0.5, ..., 0.5). The
   second Newton step reaches x ≈ (0.195, ..., 0.195, 25.2), where the first n - 1
   equations hold and Π x_j ≈ 0: F ≈ (0, ..., 0, -1), a point where ‖F‖ is
   stationary and J singular. Both methods must say so with ESINGULAR, cleanly. */
Test(roots, brown_almost_linear_30_fails_with_a_named_status)
{
    const hesse_equation_problem *p = hesse_equation_problem_find("BROWN_ALMOST_LINEAR");
    hesse_equation_instance *inst = NULL;
    cr_assert_eq(hesse_equation_instance_create(p, 30, &inst, NULL, 0), HESSE_SUCCESS);
    for (int m = 0; m < 2; m++) {
        hesse_roots_options o;
        hesse_roots_options_init(&o);
        o.method = m ? HESSE_ROOTS_BROYDEN : HESSE_ROOTS_NEWTON;
        double x[30];
        memcpy(x, inst->x0, sizeof x);
        hesse_roots_result res;
        hesse_status st = hesse_roots_solve(&inst->system, x, &o, &res);
        cr_assert_eq(st, HESSE_ESINGULAR, "%s: %s (%s)", hesse_roots_method_name(o.method),
                     hesse_status_name(st), res.message);
        for (int k = 0; k < 30; k++) cr_assert(isfinite(x[k]));
        cr_assert_float_eq(res.fnorm, 1.0, 1e-6); /* F_n = Π x_j - 1 with Π x_j ≈ 0 */
        cr_assert(res.rcond < o.rcond_min);
    }
    hesse_equation_instance_free(inst);
}

/* A NaN in the Jacobian at an accepted point is an error (ENONFINITE), and x is that
   accepted point; at x0 too. */
Test(roots, nonfinite_jacobian_at_accepted_point)
{
    for (long at = 1; at <= 2; at++) {
        counter c = {0};
        c.nan_jacobian_at = at;
        hesse_system sys = make_system(3, three, 1, &c);
        double x[3] = {1.2, 1.8, 3.3};
        hesse_roots_result res;
        cr_assert_eq(hesse_roots_solve(&sys, x, NULL, &res), HESSE_ENONFINITE, "%s",
                     res.message);
        cr_assert_eq(res.iterations, 0, "the iteration is not completed");
        if (at == 1) {
            cr_assert_eq(x[0], 1.2, "x0 kept");
        } else {
            cr_assert_neq(x[0], 1.2, "x is the accepted point of the first step");
            cr_assert_eq(res.jacobian_at_x, 0, "the reported matrix is J(x0)");
        }
        for (int i = 0; i < 3; i++) cr_assert(isfinite(x[i]));
    }
}

/* Forward differences at x0 with x0_1 + h outside the domain (x_1 < 1): the backward
   difference is used for that column instead. */
Test(roots, finite_difference_uses_the_other_side_at_a_boundary)
{
    counter c = {0};
    c.use_domain_max = 1;
    c.domain_max = 1.0;
    hesse_system sys = make_system(3, three, 0, &c);
    double x0[3] = {1.0 - 1e-9, 1.8, 3.3}; /* h = 1.5e-8 crosses x_1 = 1 */
    hesse_roots_solver *s = NULL;
    cr_assert_eq(hesse_roots_solver_create(&sys, x0, NULL, &s), HESSE_RUNNING, "%s",
                 hesse_roots_solver_message(s));
    cr_assert_eq(c.refusals, 1, "only x0 + h e_1 was refused");
    double Jexact[9], F[3];
    three(3, x0, F, Jexact, NULL);
    const double *J = hesse_roots_solver_jacobian(s);
    for (int i = 0; i < 9; i++) /* one-sided: sqrt(eps)·|F''| ≈ 3e-8 */
        cr_assert_float_eq(J[i], Jexact[i], 1e-6, "entry %d", i);
    hesse_roots_solver_free(s);
}

/* Broyden's restart rule: with broyden_restart_iter = 1 and a ratio no step can meet,
   every iteration restarts, so B is always a fresh Jacobian and the iterates are
   Newton's (same count on the same problem). */
Test(roots, broyden_restart_rule)
{
    hesse_system sys = make_system(3, three, 1, NULL);
    hesse_roots_options o;
    hesse_roots_options_init(&o);
    double x[3] = {1.2, 1.8, 3.3};
    hesse_roots_result newton;
    cr_assert_eq(hesse_roots_solve(&sys, x, &o, &newton), HESSE_SUCCESS);
    o.method = HESSE_ROOTS_BROYDEN;
    o.broyden_restart_iter = 1;
    o.broyden_restart_ratio = 1e-300; /* ‖F_{k+1}‖ <= 1e-300 ‖F_k‖ never holds */
    double y[3] = {1.2, 1.8, 3.3};
    hesse_roots_result res;
    cr_assert_eq(hesse_roots_solve(&sys, y, &o, &res), HESSE_SUCCESS, "%s", res.message);
    cr_assert_eq(res.method, HESSE_ROOTS_BROYDEN);
    /* Every iteration restarts, except a last one that lands on F = 0 exactly
       (0 > ratio·‖F_k‖ is false). */
    cr_assert_geq(res.restarts, res.iterations - 1, "%d restarts, %d iterations",
                  res.restarts, res.iterations);
    cr_assert_eq(res.njev, res.restarts + 1);
    cr_assert_eq(res.iterations, newton.iterations);
    for (int i = 0; i < 3; i++) cr_assert_eq(y[i], x[i], "the same iterates as Newton");
}

static int max_step_trace(const hesse_roots_iteration *it, void *data)
{
    double *longest = data;
    if (it->iteration > 0 && it->step_norm > *longest) *longest = it->step_norm;
    return 0;
}

/* max_step caps every trial step: ‖x_k - x_{k-1}‖∞ <= ‖·‖₂ <= max_step. */
Test(roots, max_step_caps_the_step)
{
    hesse_system sys = make_system(2, circle_exp, 1, NULL);
    hesse_roots_options o;
    hesse_roots_options_init(&o);
    o.max_step = 0.1;
    double longest = 0.0;
    o.trace = max_step_trace;
    o.trace_data = &longest;
    double x[2] = {3.0, -3.0};
    hesse_roots_result res;
    cr_assert_eq(hesse_roots_solve(&sys, x, &o, &res), HESSE_SUCCESS, "%s", res.message);
    cr_assert_leq(longest, 0.1 * (1 + 1e-15)); /* rounding of the scaling */
    cr_assert_gt(longest, 0.09, "the first steps were capped, not shorter");
}
