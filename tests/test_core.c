/*
 * The foundation: gd and newton on Rosenbrock, a convex quadratic, the seed
 * documents' examples and a start placed exactly at a saddle; the result's
 * classification; the trace record; statuses and strings.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hesse.h"
#include "support.h"

/* ---- objectives written out here, independently of problems/ (with
   test_rosenbrock and test_double_well of tests/support) ---- */

/* f = ½ xᵀAx - bᵀx with A = [4 1 0; 1 3 1; 0 1 2], b = (1, 2, 3). */
static const double quad_A[9] = {4, 1, 0, 1, 3, 1, 0, 1, 2};
static const double quad_b[3] = {1, 2, 3};
static int quadratic(int n, const double *x, double *f, double *g, void *data)
{
    double Ax[3] = {0, 0, 0};
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 3; i++) Ax[i] += quad_A[i + 3 * j] * x[j];
    *f = 0.0;
    for (int i = 0; i < 3; i++) *f += 0.5 * x[i] * Ax[i] - quad_b[i] * x[i];
    if (g)
        for (int i = 0; i < 3; i++) g[i] = Ax[i] - quad_b[i];
    return 0;
}
static int quadratic_hessian(int n, const double *x, double *H, void *data)
{
    memcpy(H, quad_A, sizeof quad_A);
    return 0;
}

/* Seed 001: f = x² + 2xy - y² + 4x - 4y, H = [2 2; 2 -2], saddle at (0, -2). */
static int seed_saddle(int n, const double *x, double *f, double *g, void *data)
{
    double X = x[0], Y = x[1];
    *f = X * X + 2 * X * Y - Y * Y + 4 * X - 4 * Y;
    if (g) {
        g[0] = 2 * X + 2 * Y + 4;
        g[1] = 2 * X - 2 * Y - 4;
    }
    return 0;
}
static int seed_saddle_hessian(int n, const double *x, double *H, void *data)
{
    H[0] = 2;
    H[1] = H[2] = 2;
    H[3] = -2;
    return 0;
}

/* f = ½r⁴ - r², r² = x² + y²: a local maximum at 0 and a ring of minima at r = 1. */
static int sombrero(int n, const double *x, double *f, double *g, void *data)
{
    double r2 = x[0] * x[0] + x[1] * x[1];
    *f = 0.5 * r2 * r2 - r2;
    if (g) {
        g[0] = 2.0 * x[0] * (r2 - 1.0);
        g[1] = 2.0 * x[1] * (r2 - 1.0);
    }
    return 0;
}
static int sombrero_hessian(int n, const double *x, double *H, void *data)
{
    double r2 = x[0] * x[0] + x[1] * x[1];
    H[0] = 2.0 * (r2 - 1.0) + 4.0 * x[0] * x[0];
    H[1] = H[2] = 4.0 * x[0] * x[1];
    H[3] = 2.0 * (r2 - 1.0) + 4.0 * x[1] * x[1];
    return 0;
}

static hesse_options options_for(const char *method)
{
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_find(method);
    cr_assert_not_null(opt.method, "method %s is built in", method);
    return opt;
}

static double fresh_f(hesse_objective_fn fn, int n, const double *x)
{
    double f;
    cr_assert_eq(fn(n, x, &f, NULL, NULL), 0);
    return f;
}

Test(newton, rosenbrock_converges_within_30_iterations)
{
    hesse_problem p = {2, test_rosenbrock, test_rosenbrock_hessian, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    hesse_options opt = options_for("newton");
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_leq(r.iterations, 30);
    /* The stationarity test: the Newton step left is <= gtol = 1e-8 of x, and Newton
       converges quadratically, so x* = (1, 1) is that close. */
    cr_assert_leq(r.step_rel, 1e-8);
    cr_assert_leq(fmax(fabs(x[0] - 1), fabs(x[1] - 1)), 2e-8);
    cr_assert_leq(r.f, 1e-14);    /* issue's acceptance bound */
    cr_assert_eq(r.f, fresh_f(test_rosenbrock, 2, x), "reported f is f(x) of the returned x");
    cr_assert_eq(r.point, HESSE_POINT_MINIMUM);
    cr_assert_eq(r.npos, 2);
    cr_assert_gt(r.lambda_min, 0.0);
}

Test(newton, rosenbrock_without_hessian_uses_finite_differences)
{
    hesse_problem p = {2, test_rosenbrock, NULL, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    hesse_options opt = options_for("newton");
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_leq(r.iterations, 30);
    cr_assert_eq(r.nhev, 0);
    cr_assert_gt(r.ngev, 0);
    cr_assert_float_eq(x[0], 1.0, 1e-6); /* FD Hessian error ~1e-10 barely moves x* */
    cr_assert_eq(r.point, HESSE_POINT_MINIMUM);
}

Test(gd, rosenbrock_is_compared_honestly)
{
    hesse_problem p = {2, test_rosenbrock, test_rosenbrock_hessian, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    hesse_options opt = options_for("gd");
    opt.max_iter = 200;
    hesse_result r;
    hesse_status st = hesse_minimize(&p, x, &opt, &r);
    /* Steepest descent zigzags along the valley: it does not reach 1e-8 in 200
       iterations, and says so. */
    cr_assert_eq(st, HESSE_MAX_ITER, "%s: %s", hesse_status_name(st), r.message);
    cr_assert_eq(r.iterations, 200);
    cr_assert_lt(r.f, 24.2, "it still decreased f from f(x0) = 24.2");
    cr_assert_eq(r.f, fresh_f(test_rosenbrock, 2, x));
    cr_assert_eq(r.point, HESSE_POINT_NOT_STATIONARY);
}

Test(gd, convex_quadratic_converges)
{
    hesse_problem p = {3, quadratic, quadratic_hessian, NULL, NULL};
    double x[3] = {0, 0, 0};
    hesse_options opt = options_for("gd");
    opt.linesearch = HESSE_LINESEARCH_WOLFE;
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_eq(r.point, HESSE_POINT_MINIMUM);
}

Test(newton, convex_quadratic_in_one_iteration)
{
    hesse_problem p = {3, quadratic, quadratic_hessian, NULL, NULL};
    double x[3] = {10, -7, 3};
    hesse_options opt = options_for("newton");
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_eq(r.iterations, 1);
    /* A x* = b: x* = (1/6)(1, 1, 2)... check the residual instead of typing x*. */
    double g[3], f;
    quadratic(3, x, &f, g, NULL);
    for (int i = 0; i < 3; i++) cr_assert_leq(fabs(g[i]), 1e-12); /* one exact solve, cond(A) ~ 5 */
}

Test(newton, seed_cubic_minimum_and_saddle)
{
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    /* From near the origin: the minimum (0, 0). */
    double x[2] = {0.3, -0.2};
    hesse_options opt = options_for("newton");
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_leq(fabs(x[0]) + fabs(x[1]), 1e-8); /* gtol-level distance to (0,0) */
    cr_assert_eq(r.point, HESSE_POINT_MINIMUM);
    /* The seed's Hessian at (1, 0) is [12 -4; -4 8]. */
    double H[4], at[2] = {1, 0};
    cr_assert_eq(hesse_hessian(&p, at, 0, H), HESSE_SUCCESS);
    cr_assert(H[0] == 12 && H[1] == -4 && H[2] == -4 && H[3] == 8);
    /* The saddle (-1.43698, -0.60679), here to 16 digits (solved independently with
       SciPy's fsolve): gd started on it with the curvature check off stays (its step
       test is met at x0) and the classification says saddle. */
    double xs[2] = {-1.4369817129877629, -0.6067852368857103};
    hesse_options g = options_for("gd");
    g.curvature_check = 0;
    cr_assert_eq(hesse_minimize(&p, xs, &g, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_eq(r.point, HESSE_POINT_SADDLE);
    cr_assert_eq(r.npos, 1);
    cr_assert_eq(r.nneg, 1);
    /* With it on (the default), gd leaves the saddle downhill: f is unbounded below
       (x³ as x -> -inf), so it ends unbounded or at the minimum, never at the saddle. */
    double ys[2] = {-1.4369817129877629, -0.6067852368857103}, f_saddle;
    test_seed_cubic(2, ys, &f_saddle, NULL, NULL);
    g.curvature_check = 1;
    hesse_minimize(&p, ys, &g, &r);
    cr_assert_neq(r.point, HESSE_POINT_SADDLE, "%s", r.message);
    cr_assert_lt(r.f, f_saddle - 1e-3, "it moved downhill away from the saddle: %s", r.message);
}

Test(newton, seed_saddle_is_classified)
{
    hesse_problem p = {2, seed_saddle, seed_saddle_hessian, NULL, NULL};
    double x[2] = {0, -2};
    hesse_options opt = options_for("gd");
    opt.curvature_check = 0; /* classify the point gd started on, not leave it */
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS);
    cr_assert_eq(r.iterations, 0);
    cr_assert_eq(r.point, HESSE_POINT_SADDLE);
    /* λ = ±2√2 for [2 2; 2 -2]. */
    cr_assert_float_eq(r.lambda_min, -2 * sqrt(2.0), 1e-12);
    cr_assert_float_eq(r.lambda_max, 2 * sqrt(2.0), 1e-12);
    /* The quadratic is unbounded below along the negative eigenvector: with the check
       on, gd leaves the saddle, never to report success (its steps shrink as the
       gradient grows, so it reaches the iteration limit before the unbounded test). */
    double y[2] = {0, -2}, f0;
    seed_saddle(2, y, &f0, NULL, NULL);
    opt.curvature_check = 1;
    cr_assert_neq(hesse_minimize(&p, y, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_lt(r.f, f0 - 1e3, "it went downhill: %s", r.message);
    /* newton leaves it too, and sees the run for what it is. */
    double z[2] = {0, -2};
    opt = options_for("newton");
    cr_assert_eq(hesse_minimize(&p, z, &opt, &r), HESSE_UNBOUNDED, "%s", r.message);
}

Test(newton, leaves_an_exact_saddle_and_ends_at_a_minimum)
{
    hesse_problem p = {2, test_double_well, test_double_well_hessian, NULL, NULL};
    double x[2] = {0, 0}; /* ∇f = 0, H = diag(-4, 2) */
    hesse_options opt = options_for("newton");
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_gt(r.iterations, 0);
    cr_assert_eq(r.point, HESSE_POINT_MINIMUM);
    cr_assert_float_eq(fabs(x[0]), 1.0, 1e-8); /* minima at (±1, 0) */
    cr_assert_float_eq(x[1], 0.0, 1e-8);
}

Test(newton, leaves_the_seed_cubic_saddle)
{
    /* f is unbounded below (x³ as x -> -inf), so leaving the saddle may go either to
       the minimum (0, 0) or downhill for ever: assert only that it does not stop there. */
    hesse_problem p = {2, test_seed_cubic, test_seed_cubic_hessian, NULL, NULL};
    double x[2] = {-1.4369817129877629, -0.6067852368857103};
    double f_saddle = fresh_f(test_seed_cubic, 2, x);
    hesse_options opt = options_for("newton");
    opt.max_iter = 20;
    hesse_result r;
    hesse_minimize(&p, x, &opt, &r);
    cr_assert_neq(r.point, HESSE_POINT_SADDLE);
    cr_assert_lt(r.f, f_saddle - 1e-3, "it moved downhill away from the saddle");
}

Test(newton, leaves_a_maximum)
{
    hesse_problem p = {2, sombrero, sombrero_hessian, NULL, NULL};
    double x[2] = {1e-3, -2e-3}; /* near the maximum at 0 */
    hesse_options opt = options_for("newton");
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_float_eq(hypot(x[0], x[1]), 1.0, 1e-8); /* the ring of minima r = 1 */
    /* On the ring the Hessian is singular along the ring: degenerate, not a minimum. */
    cr_assert_eq(r.point, HESSE_POINT_DEGENERATE);
    cr_assert_eq(r.nneg, 0);
    /* Exactly at the maximum too. */
    double z[2] = {0, 0};
    cr_assert_eq(hesse_minimize(&p, z, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_float_eq(hypot(z[0], z[1]), 1.0, 1e-8);
}

Test(newton, wolfe_line_search_option)
{
    hesse_problem p = {2, test_rosenbrock, test_rosenbrock_hessian, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    hesse_options opt = options_for("newton");
    opt.linesearch = HESSE_LINESEARCH_WOLFE;
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
    cr_assert_leq(r.iterations, 40);
}

static int count_trace(const hesse_iteration *it, void *data)
{
    int *calls = data;
    cr_assert_eq(it->iteration, *calls, "iterations are traced in order from 0");
    cr_assert(isfinite(it->f));
    if (it->iteration > 0) {
        cr_assert(it->hessian_modified == 0 || it->hessian_modified == 1);
        cr_assert(isfinite(it->alpha));
        cr_assert_geq(it->ls_evals, 1);
        cr_assert_eq(it->npos + it->nneg + it->nzero, 2);
    }
    (*calls)++;
    return 0;
}

Test(trace, record_is_filled)
{
    hesse_problem p = {2, test_rosenbrock, test_rosenbrock_hessian, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    hesse_options opt = options_for("newton");
    int calls = 0;
    opt.trace = count_trace;
    opt.trace_data = &calls;
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS);
    cr_assert_eq(calls, r.iterations + 1);
}

static int stop_at_three(const hesse_iteration *it, void *data) { return it->iteration == 3; }

Test(trace, nonzero_return_stops)
{
    hesse_problem p = {2, test_rosenbrock, test_rosenbrock_hessian, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    hesse_options opt = options_for("newton");
    opt.trace = stop_at_three;
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_STOPPED);
    cr_assert_eq(r.iterations, 3);
    cr_assert_eq(r.f, fresh_f(test_rosenbrock, 2, x));
}

Test(stepwise, solver_object_drives_the_loop)
{
    hesse_problem p = {2, test_rosenbrock, test_rosenbrock_hessian, NULL, NULL};
    double x0[2] = {-1.2, 1.0};
    hesse_options opt = options_for("newton");
    hesse_solver *s = NULL;
    hesse_status st = hesse_solver_create(&p, x0, &opt, &s);
    cr_assert_not_null(s);
    int k = 0;
    double f_before = hesse_solver_f(s);
    while (st == HESSE_RUNNING) {
        st = hesse_solver_iterate(s);
        cr_assert_leq(hesse_solver_f(s), f_before, "line-search Newton never increases f");
        f_before = hesse_solver_f(s);
        k++;
    }
    cr_assert_eq(st, HESSE_SUCCESS);
    cr_assert_eq(hesse_solver_iterations(s), k);
    cr_assert_eq(hesse_solver_iterate(s), HESSE_SUCCESS, "terminal status is sticky");
    hesse_result r;
    cr_assert_eq(hesse_solver_result(s, &r), HESSE_SUCCESS);
    cr_assert_float_eq(hesse_solver_x(s)[0], 1.0, 2e-8);
    cr_assert_float_eq(hesse_solver_x(s)[1], 1.0, 2e-8); /* the stationarity test, gtol 1e-8 */
    const double *g = hesse_solver_gradient(s);
    cr_assert_leq(fmax(fabs(g[0]), fabs(g[1])), 1e-6); /* |H|·|x - x*|, |H| ~ 1e3 */
    hesse_solver_free(s);
    hesse_solver_free(NULL);
}

/* Rosenbrock that counts its calls. */
static int counted_rosenbrock(int n, const double *x, double *f, double *g, void *data)
{
    ++*(long *)data;
    return test_rosenbrock(n, x, f, g, NULL);
}

static int counted_rosenbrock_hessian(int n, const double *x, double *H, void *data)
{
    ++*(long *)data;
    return test_rosenbrock_hessian(n, x, H, NULL);
}

Test(result, classification_evaluations_are_counted_apart)
{
    /* The check of the end point (the Hessian there, and its curvature one Newton step
       on) is made whether or not the point is classified; when it is, those calls are
       its classification and count in classify_*: for bfgs without a Hessian callback
       2n gradients for the Hessian by differences and 2 for the curvature one step on;
       for newton, whose Hessian at x is the solve's, one Hessian call one step on.
       Without classification they count in the solve's counters: the totals agree. */
    long counts[2][2];
    for (int with_hessian = 0; with_hessian < 2; with_hessian++) {
        for (int classify = 0; classify < 2; classify++) {
            long calls = 0;
            hesse_problem p = {2, counted_rosenbrock,
                               with_hessian ? counted_rosenbrock_hessian : NULL, NULL, &calls};
            double x[2] = {-1.2, 1.0};
            hesse_options opt = options_for(with_hessian ? "newton" : "bfgs");
            opt.classify = classify ? HESSE_CLASSIFY_AUTO : HESSE_CLASSIFY_NEVER;
            hesse_result r;
            cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_SUCCESS, "%s", r.message);
            long solve = r.nfev + r.ngev + r.nhev;
            long classification = r.classify_nfev + r.classify_ngev + r.classify_nhev;
            cr_assert_eq(calls, solve + classification, "every call is counted once");
            counts[with_hessian][classify] = solve;
            if (!classify) {
                cr_assert_eq(classification, 0);
            } else if (with_hessian) {
                cr_assert(r.classify_nhev == 1 && r.classify_nfev == 0 && r.classify_ngev == 0);
            } else {
                cr_assert(r.classify_ngev == 6 && r.classify_nfev == 0 && r.classify_nhev == 0,
                          "%ld %ld %ld", r.classify_nfev, r.classify_ngev, r.classify_nhev);
            }
            if (classify) counts[with_hessian][classify] += classification;
        }
        cr_assert_eq(counts[with_hessian][0], counts[with_hessian][1],
                     "the check is made either way and counted once");
    }
}

Test(result, classification_is_not_limited_by_max_evals)
{
    /* A solve that ends at the evaluation limit is still classified (hesse.h: the
       classification has no budget yet). */
    hesse_problem p = {2, test_rosenbrock, NULL, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    hesse_options opt = options_for("bfgs");
    opt.max_evals = 5;
    hesse_result r;
    cr_assert_eq(hesse_minimize(&p, x, &opt, &r), HESSE_MAX_EVALS, "%s", r.message);
    cr_assert_eq(r.nfev + r.ngev + r.nhev, 5);
    cr_assert_eq(r.point, HESSE_POINT_NOT_STATIONARY);
    cr_assert_eq(r.classify_ngev, 4);
    cr_assert_eq(r.npos + r.nneg + r.nzero, 2, "the Hessian was formed and counted");
}

Test(status, strings_come_from_one_table)
{
    cr_assert_str_eq(hesse_status_name(HESSE_ENOMEM), "ENOMEM");
    cr_assert_str_eq(hesse_status_string(HESSE_ENOMEM), "out of memory");
    cr_assert_str_eq(hesse_status_name((hesse_status)12345), "UNKNOWN");
    cr_assert_eq(HESSE_SUCCESS, 0);
    cr_assert_lt(HESSE_EINVAL, 0);
    cr_assert_gt(HESSE_MAX_ITER, 0);
    cr_assert_str_eq(hesse_method_name(hesse_method_find("newton")), "newton");
    cr_assert_null(hesse_method_find("no-such-method"));
    cr_assert_null(hesse_method_find(NULL));
    cr_assert_str_eq(hesse_point_kind_name(HESSE_POINT_SADDLE), "saddle");
}
