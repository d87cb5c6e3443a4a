/*
 * Error paths, one by one: invalid arguments and every invalid option value, bad
 * starting points, refusals, NaN from a callback, callback aborts, the three limits
 * and the dense-size refusal. Each test asserts the status and that the message
 * names the culprit, and, where the solve had a point, that x is the last accepted
 * point and the reported f is a fresh f(x).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hesse.h"

/* ---- a Rosenbrock problem whose callbacks can be told to misbehave ---- */

typedef struct {
    int calls;          /* objective + Hessian calls, in order */
    int hessian_calls;
    int abort_at;       /* the call number (1-based, all callbacks) that returns -1 */
    int abort_hessian;  /* the Hessian call number that returns -7 */
    int nan_gradient_from; /* objective call number from which ∇f is NaN (0: never) */
    int last_was_hessian;
    int objective_calls;
    int refuse_all;     /* every objective call returns 1 */
    int nan_f;          /* every objective call writes f = NaN */
    double sleep_seconds;
    int calls_after_abort;
    int aborted;
    /* The last accepted point, from the trace callback. */
    double last_x[2];
    int traced;
} misbehave;

static void rest(double seconds)
{
    struct timespec ts = {0, (long)(seconds * 1e9)};
    nanosleep(&ts, NULL);
}

static void exact_rosenbrock(const double *x, double *f, double *g)
{
    double a = x[1] - x[0] * x[0], b = 1.0 - x[0];
    *f = 100.0 * a * a + b * b;
    if (g) {
        g[0] = -400.0 * x[0] * a - 2.0 * b;
        g[1] = 200.0 * a;
    }
}

static double fresh_f(const double *x)
{
    double f;
    exact_rosenbrock(x, &f, NULL);
    return f;
}

static int objective(int n, const double *x, double *f, double *g, void *data)
{
    misbehave *m = data;
    if (m->aborted) m->calls_after_abort++;
    m->calls++;
    m->objective_calls++;
    m->last_was_hessian = 0;
    if (m->sleep_seconds > 0) rest(m->sleep_seconds);
    if (m->abort_at == m->calls) {
        m->aborted = 1;
        return -1;
    }
    if (m->refuse_all) return 1;
    exact_rosenbrock(x, f, g);
    if (m->nan_f) *f = NAN;
    if (g && m->nan_gradient_from > 0 && m->objective_calls >= m->nan_gradient_from)
        g[1] = NAN;
    return 0;
}

static int hessian(int n, const double *x, double *H, void *data)
{
    misbehave *m = data;
    if (m->aborted) m->calls_after_abort++;
    m->calls++;
    m->hessian_calls++;
    m->last_was_hessian = 1;
    if (m->abort_at == m->calls) {
        m->aborted = 1;
        return -1;
    }
    if (m->abort_hessian == m->hessian_calls) {
        m->aborted = 1;
        return -7;
    }
    H[0] = 1200.0 * x[0] * x[0] - 400.0 * x[1] + 2.0;
    H[1] = H[2] = -400.0 * x[0];
    H[3] = 200.0;
    return 0;
}

static int record_accepted(const hesse_iteration *it, void *data)
{
    misbehave *m = data;
    memcpy(m->last_x, it->x, sizeof m->last_x);
    m->traced = 1;
    return 0;
}

static const double x0_rosenbrock[2] = {-1.2, 1.0};

static hesse_problem problem_of(misbehave *m)
{
    return (hesse_problem){.n = 2, .objective = objective, .hessian = hessian, .data = m};
}

static hesse_options newton_options(misbehave *m)
{
    hesse_options o;
    hesse_options_init(&o);
    o.method = hesse_method_newton;
    o.trace = record_accepted;
    o.trace_data = m;
    return o;
}

#define assert_message_has(message, part) \
    cr_assert(strstr((message), (part)) != NULL, "message \"%s\" names \"%s\"", (message), (part))

/* After a solve that had accepted a point: x is the last one the trace saw and the
   reported f is f(x) recomputed here. */
static void assert_last_accepted(const misbehave *m, const double *x, const hesse_result *r)
{
    cr_assert(m->traced, "the starting point was accepted and traced");
    cr_assert_eq(x[0], m->last_x[0], "x is the last accepted point");
    cr_assert_eq(x[1], m->last_x[1], "x is the last accepted point");
    cr_assert_eq(r->f, fresh_f(x), "reported f = %.17g is f(x) = %.17g", r->f, fresh_f(x));
}

/* ---- invalid arguments ---- */

Test(arguments, null_problem)
{
    double x[2] = {1, 2};
    hesse_result r;
    cr_assert_eq(hesse_minimize(NULL, x, NULL, &r), HESSE_EINVAL);
    cr_assert_eq(r.status, HESSE_EINVAL);
    assert_message_has(r.message, "problem is NULL");
    cr_assert(x[0] == 1 && x[1] == 2, "x untouched");
}

Test(arguments, null_x)
{
    misbehave m = {0};
    hesse_problem p = problem_of(&m);
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, NULL, NULL, &r), HESSE_EINVAL);
    assert_message_has(r.message, "x0 is NULL");
    cr_assert_eq(m.calls, 0, "no callback is called on invalid input");
}

Test(arguments, null_out)
{
    misbehave m = {0};
    hesse_problem p = problem_of(&m);
    /* No object exists to hold a message: the status alone reports it (hesse.h). */
    cr_assert_eq(hesse_solver_create(&p, x0_rosenbrock, NULL, NULL), HESSE_EINVAL);
    cr_assert_eq(m.calls, 0);
}

Test(arguments, n_not_positive)
{
    misbehave m = {0};
    hesse_problem p = problem_of(&m);
    double x[2] = {0, 0};
    int bad[] = {0, -3};
    for (int i = 0; i < 2; i++) {
        p.n = bad[i];
        hesse_solver *s = NULL;
        cr_assert_eq(hesse_solver_create(&p, x, NULL, &s), HESSE_EINVAL);
        cr_assert_not_null(s, "the solver exists to hold the message");
        char want[32];
        snprintf(want, sizeof want, "n = %d", bad[i]);
        assert_message_has(hesse_solver_message(s), want);
        hesse_solver_free(s);
    }
    cr_assert_eq(m.calls, 0);
}

Test(arguments, missing_objective)
{
    hesse_problem p = {.n = 2, .objective = NULL};
    double x[2] = {0, 0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, NULL, &r), HESSE_EINVAL);
    assert_message_has(r.message, "objective");
}

/* ---- every invalid option value: one test each ---- */

static void expect_invalid_option(const hesse_options *o, const char *culprit)
{
    misbehave m = {0};
    hesse_problem p = problem_of(&m);
    hesse_solver *s = NULL;
    hesse_status st = hesse_solver_create(&p, x0_rosenbrock, o, &s);
    cr_assert_not_null(s);
    cr_assert_eq(st, HESSE_EINVAL, "status %s for %s", hesse_status_name(st), culprit);
    cr_assert_eq(hesse_solver_status(s), HESSE_EINVAL);
    assert_message_has(hesse_solver_message(s), culprit);
    hesse_result r;
    cr_assert_eq(hesse_solver_result(s, &r), HESSE_EINVAL);
    assert_message_has(r.message, culprit);
    cr_assert(isnan(r.f), "no point was evaluated");
    cr_assert_eq(m.calls, 0, "no callback before the options are valid");
    hesse_solver_free(s);
}

static void *some_malloc(size_t size, void *data) { return malloc(size); }
static void some_free(void *ptr, void *data) { free(ptr); }

#define BAD_OPTION(test_name, assignment, culprit) \
    Test(options, test_name)                       \
    {                                              \
        hesse_options o;                           \
        hesse_options_init(&o);                    \
        assignment;                                \
        expect_invalid_option(&o, culprit);        \
    }

BAD_OPTION(gtol_negative, o.gtol = -1, "gtol = -1")
BAD_OPTION(gtol_nan, o.gtol = NAN, "gtol = nan")
BAD_OPTION(xtol_negative, o.xtol = -1e-3, "xtol = -0.001")
BAD_OPTION(xtol_nan, o.xtol = NAN, "xtol = nan")
BAD_OPTION(ftol_negative, o.ftol = -2, "ftol = -2")
BAD_OPTION(ftol_infinite, o.ftol = INFINITY, "ftol = inf")
BAD_OPTION(max_iter_negative, o.max_iter = -1, "max_iter = -1")
BAD_OPTION(max_evals_zero, o.max_evals = 0, "max_evals = 0")
BAD_OPTION(max_seconds_negative, o.max_seconds = -0.5, "max_seconds = -0.5")
BAD_OPTION(max_seconds_nan, o.max_seconds = NAN, "max_seconds = nan")
BAD_OPTION(linesearch_out_of_enum, o.linesearch = (hesse_linesearch)7, "linesearch = 7")
BAD_OPTION(c1_zero, o.c1 = 0, "c1 = 0")
BAD_OPTION(c1_half, o.c1 = 0.5, "c1 = 0.5")
BAD_OPTION(c2_equal_c1, (o.c1 = 0.25, o.c2 = 0.25), "c2 = 0.25")
BAD_OPTION(c2_one, o.c2 = 1, "c2 = 1")
BAD_OPTION(ls_max_evals_zero, o.ls_max_evals = 0, "ls_max_evals = 0")
BAD_OPTION(radius_init_zero, o.radius_init = 0, "radius_init = 0")
BAD_OPTION(radius_max_below_init, o.radius_max = 0.5, "radius_max = 0.5")
BAD_OPTION(radius_min_negative, o.radius_min = -1, "radius_min = -1")
BAD_OPTION(radius_min_not_below_init, o.radius_min = 1, "radius_min = 1")
BAD_OPTION(eta_accept_negative, o.eta_accept = -0.1, "eta_accept = -0.1")
BAD_OPTION(eta_accept_not_below_shrink, o.eta_accept = 0.3, "eta_accept = 0.3")
BAD_OPTION(eta_shrink_not_below_grow, o.eta_shrink = 0.8, "eta_shrink = 0.8")
BAD_OPTION(eta_grow_one, o.eta_grow = 1, "eta_grow = 1")
BAD_OPTION(shrink_zero, o.shrink = 0, "shrink = 0")
BAD_OPTION(shrink_one, o.shrink = 1, "shrink = 1")
BAD_OPTION(grow_one, o.grow = 1, "grow = 1")
BAD_OPTION(lbfgs_m_zero, o.lbfgs_m = 0, "lbfgs_m = 0")
BAD_OPTION(fd_step_zero, o.fd_step = 0, "fd_step = 0")
BAD_OPTION(fd_step_negative, o.fd_step = -1e-6, "fd_step = -1e-06")
BAD_OPTION(classify_out_of_enum, o.classify = (hesse_classify_mode)9, "classify = 9")
BAD_OPTION(classify_max_n_negative, o.classify_max_n = -1, "classify_max_n = -1")
BAD_OPTION(inertia_rtol_negative, o.inertia_rtol = -1e-8, "inertia_rtol = -1e-08")
BAD_OPTION(max_dense_bytes_negative, o.max_dense_bytes = -1, "max_dense_bytes = -1")
BAD_OPTION(allocator_malloc_only, o.allocator.malloc = some_malloc, "allocator")
BAD_OPTION(allocator_free_only, o.allocator.free = some_free, "allocator")

/* ---- the starting point ---- */

Test(start, x0_not_finite)
{
    misbehave m = {0};
    hesse_problem p = problem_of(&m);
    double bad[2] = {NAN, INFINITY};
    const char *culprit[2] = {"x0[0] = nan", "x0[1] = inf"};
    for (int i = 0; i < 2; i++) {
        double x[2] = {1, 1};
        x[i] = bad[i];
        hesse_result r;
        cr_assert_eq(hesse_minimize(&p, x, NULL, &r), HESSE_EINVAL);
        assert_message_has(r.message, culprit[i]);
        cr_assert(isnan(r.f));
        cr_assert_eq(x[1 - i], 1.0, "x untouched");
    }
    cr_assert_eq(m.calls, 0);
}

Test(start, refused_x0_is_edomain)
{
    misbehave m = {.refuse_all = 1};
    hesse_problem p = problem_of(&m);
    double x[2] = {-1.2, 1.0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, NULL, &r), HESSE_EDOMAIN);
    assert_message_has(r.message, "starting point");
    cr_assert_eq(m.calls, 1, "one call, then nothing (not even classification)");
    cr_assert(isnan(r.f), "no f exists at a refused point");
    cr_assert(x[0] == -1.2 && x[1] == 1.0, "x still holds x0");
}

Test(start, nan_f_at_x0_is_enonfinite)
{
    misbehave m = {.nan_f = 1};
    hesse_problem p = problem_of(&m);
    double x[2] = {-1.2, 1.0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, NULL, &r), HESSE_ENONFINITE);
    assert_message_has(r.message, "starting point");
    assert_message_has(r.message, "not finite");
    cr_assert_eq(m.calls, 1);
    cr_assert(x[0] == -1.2 && x[1] == 1.0);
}

Test(start, nan_gradient_at_x0_is_enonfinite)
{
    misbehave m = {.nan_gradient_from = 1};
    hesse_problem p = problem_of(&m);
    double x[2] = {-1.2, 1.0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, NULL, &r), HESSE_ENONFINITE);
    assert_message_has(r.message, "gradient");
    cr_assert(isnan(r.f), "x0 was never accepted");
}

/* ---- during the solve ---- */

Test(during, nan_gradient_mid_run)
{
    /* From the k-th objective call on, ∇f has a NaN component (f stays finite). */
    for (int k = 2; k <= 7; k++) {
        misbehave m = {.nan_gradient_from = k};
        hesse_problem p = problem_of(&m);
        hesse_options o = newton_options(&m);
        double x[2] = {-1.2, 1.0};
        hesse_result r;
        hesse_status st = hesse_minimize(&p, x, &o, &r);
        cr_assert_eq(st, HESSE_ENONFINITE, "k = %d: %s (%s)", k, hesse_status_name(st), r.message);
        assert_message_has(r.message, "not finite");
        assert_last_accepted(&m, x, &r);
        cr_assert_eq(r.point, HESSE_POINT_UNKNOWN, "no classification after an error");
    }
}

/* f(x) = x - log x on x > 0: minimum at x = 1, f'' = 1/x². From x0 = 3 the Newton
   step d = -(1 - 1/x)x² = -6 lands at -3, outside the domain: the callback refuses
   and the line search must shorten the step. */
static int x_minus_log(int n, const double *x, double *f, double *g, void *data)
{
    int *refusals = data;
    if (x[0] <= 0.0) {
        (*refusals)++;
        return 1;
    }
    *f = x[0] - log(x[0]);
    if (g) g[0] = 1.0 - 1.0 / x[0];
    return 0;
}

static int x_minus_log_hessian(int n, const double *x, double *H, void *data)
{
    H[0] = 1.0 / (x[0] * x[0]);
    return 0;
}

Test(during, refused_trial_points_shorten_the_step)
{
    hesse_linesearch kinds[2] = {HESSE_LINESEARCH_ARMIJO, HESSE_LINESEARCH_WOLFE};
    for (int i = 0; i < 2; i++) {
        int refusals = 0;
        hesse_problem p = {.n = 1, .objective = x_minus_log, .hessian = x_minus_log_hessian,
                           .data = &refusals};
        hesse_options o;
        hesse_options_init(&o);
        o.method = hesse_method_newton;
        o.linesearch = kinds[i];
        double x[1] = {3.0};
        hesse_result r;
        cr_assert_eq(hesse_minimize(&p, x, &o, &r), HESSE_SUCCESS, "%s", r.message);
        cr_assert_geq(refusals, 1, "the first full step left the domain");
        cr_assert_float_eq(x[0], 1.0, 1e-8); /* gtol = 1e-8 on |1 - 1/x| */
        cr_assert_eq(r.point, HESSE_POINT_MINIMUM);
    }
}

Test(during, abort_at_every_call_number)
{
    /* Newton on Rosenbrock makes ~50 calls; abort at each of the first 40 in turn,
       whichever callback that call is. */
    for (int k = 1; k <= 40; k++) {
        misbehave m = {.abort_at = k};
        hesse_problem p = problem_of(&m);
        hesse_options o = newton_options(&m);
        double x[2] = {-1.2, 1.0};
        hesse_result r;
        hesse_status st = hesse_minimize(&p, x, &o, &r);
        cr_assert_eq(st, HESSE_ECALLBACK, "k = %d: %s", k, hesse_status_name(st));
        cr_assert_eq(m.calls, k, "k = %d: the aborting call is the last one", k);
        cr_assert_eq(m.calls_after_abort, 0);
        assert_message_has(r.message, m.last_was_hessian ? "Hessian callback returned -1"
                                                         : "objective callback returned -1");
        if (k == 1) {
            cr_assert(!m.traced);
            cr_assert(x[0] == -1.2 && x[1] == 1.0, "x still holds x0");
            cr_assert(isnan(r.f));
        } else {
            assert_last_accepted(&m, x, &r);
        }
    }
}

Test(during, abort_from_the_hessian)
{
    misbehave m = {.abort_hessian = 3};
    hesse_problem p = problem_of(&m);
    hesse_options o = newton_options(&m);
    double x[2] = {-1.2, 1.0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &o, &r), HESSE_ECALLBACK);
    assert_message_has(r.message, "Hessian callback returned -7");
    cr_assert_eq(m.hessian_calls, 3);
    cr_assert_eq(m.calls_after_abort, 0);
    cr_assert_eq(r.iterations, 2, "two iterations were completed");
    assert_last_accepted(&m, x, &r);
}

Test(limits, iteration_limit)
{
    misbehave m = {0};
    hesse_problem p = problem_of(&m);
    hesse_options o = newton_options(&m);
    o.max_iter = 3;
    double x[2] = {-1.2, 1.0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &o, &r), HESSE_MAX_ITER);
    cr_assert_eq(r.iterations, 3);
    assert_message_has(r.message, "max_iter");
    assert_last_accepted(&m, x, &r);
    cr_assert_eq(r.point, HESSE_POINT_NOT_STATIONARY);
}

Test(limits, evaluation_limit)
{
    /* With the Hessian callback, and with finite differences (ngev counts). */
    for (int fd = 0; fd < 2; fd++)
        for (long limit = 1; limit <= 25; limit += 3) {
            misbehave m = {0};
            hesse_problem p = problem_of(&m);
            if (fd) p.hessian = NULL;
            hesse_options o = newton_options(&m);
            o.max_evals = limit;
            double x[2] = {-1.2, 1.0};
            hesse_result r;
            hesse_status st = hesse_minimize(&p, x, &o, &r);
            cr_assert_eq(st, HESSE_MAX_EVALS, "limit %ld: %s", limit, hesse_status_name(st));
            cr_assert_leq(r.nfev + r.ngev + r.nhev, limit);
            if (fd) cr_assert_eq(r.nhev, 0);
            else cr_assert_eq(r.ngev, 0);
            char want[48];
            snprintf(want, sizeof want, "max_evals = %ld", limit);
            assert_message_has(r.message, want);
            assert_last_accepted(&m, x, &r);
        }
}

Test(limits, time_limit_with_a_slow_callback)
{
    misbehave m = {.sleep_seconds = 0.005};
    hesse_problem p = problem_of(&m);
    hesse_options o;
    hesse_options_init(&o);
    o.method = hesse_method_gd; /* thousands of iterations: only the clock can stop it */
    o.max_iter = 100000;
    o.max_seconds = 0.05;
    o.trace = record_accepted;
    o.trace_data = &m;
    double x[2] = {-1.2, 1.0};
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &o, &r), HESSE_MAX_TIME, "%s", r.message);
    assert_message_has(r.message, "max_seconds = 0.05");
    assert_last_accepted(&m, x, &r);
}

/* f = Σ (x_i - 1)², any n. */
static int sum_of_squares(int n, const double *x, double *f, double *g, void *data)
{
    int *calls = data;
    (*calls)++;
    *f = 0;
    for (int i = 0; i < n; i++) {
        *f += (x[i] - 1) * (x[i] - 1);
        if (g) g[i] = 2 * (x[i] - 1);
    }
    return 0;
}

Test(limits, dense_matrices_too_big)
{
    int calls = 0;
    hesse_problem p = {.n = 10, .objective = sum_of_squares, .data = &calls};
    double x[10] = {0};
    hesse_options o;
    hesse_options_init(&o);
    o.method = hesse_method_newton;
    o.max_dense_bytes = 2000; /* newton keeps 3 n² doubles (factor or eigenvectors, and
                                 dsyevd's workspace) and the driver's second-order
                                 workspace 3 n² more (H, its error bounds, the eigen
                                 workspace): 6 n² doubles = 4800 bytes at n = 10 */
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &o, &r), HESSE_ETOOBIG);
    assert_message_has(r.message, "4800 bytes");
    assert_message_has(r.message, "n = 10");
    assert_message_has(r.message, "max_dense_bytes = 2000");
    cr_assert_eq(calls, 0, "refused before any evaluation");
}

Test(limits, classification_skipped_when_past_max_dense_bytes)
{
    int calls = 0;
    hesse_problem p = {.n = 10, .objective = sum_of_squares, .data = &calls};
    double x[10] = {0};
    hesse_options o;
    hesse_options_init(&o);
    o.method = hesse_method_bfgs;
    /* bfgs's own 800 bytes (n² doubles at n = 10) fit; the second-order workspace of
       the certificate and the classification (3 n² = 2400 bytes: H by differences, its
       error bounds, the eigen workspace) does not: the end point is left unclassified. */
    o.max_dense_bytes = 3000;
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &o, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_eq(r.point, HESSE_POINT_UNKNOWN, "not classified");
    o.max_dense_bytes = 3200; /* now it fits */
    double x2[10] = {0};
    cr_assert_eq(hesse_minimize(&p, x2, &o, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_eq(r.point, HESSE_POINT_MINIMUM);
    /* gd has no matrix of its own: ALWAYS still respects the limit. */
    o.method = hesse_method_gd;
    o.classify = HESSE_CLASSIFY_ALWAYS;
    o.max_dense_bytes = 500;
    double y[10] = {0};
    cr_assert_eq(hesse_minimize(&p, y, &o, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_eq(r.point, HESSE_POINT_UNKNOWN);
}
