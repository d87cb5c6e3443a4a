/*
 * Tests of the equality-constrained part of the analysis section: the SQP solver
 * (hesse_constrained_solve) and the two second-order tests of a KKT point
 * (hesse_constrained_classify: reduced Hessian and bordered Hessian), on problems
 * whose answers are checked by hand (Lagrange conditions solved in the comments),
 * plus bad input, callback errors and out-of-memory paths.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "hesse.h"
#include "support.h"

/* How derivatives are supplied, to run each problem through every Hessian source. */
enum source { FD = 0, LAGRANGIAN_CB = 1, SEPARATE_CB = 2 };

/* ---- f = xy on x + y = 10 ---- */
static int xy_f(int n, const double *x, double *f, double *g, void *d)
{
    (void)n; (void)d;
    *f = x[0] * x[1];
    if (g) { g[0] = x[1]; g[1] = x[0]; }
    return 0;
}
static int xy_h(int n, const double *x, double *H, void *d)
{
    (void)n; (void)x; (void)d;
    H[0] = H[3] = 0; H[1] = H[2] = 1;
    return 0;
}
static int line_c(int n, int m, const double *x, double *c, double *A, void *d)
{
    (void)n; (void)m; (void)d;
    c[0] = x[0] + x[1] - 10;
    if (A) { A[0] = 1; A[1] = 1; }
    return 0;
}
static int line_ch(int n, int i, const double *x, double *H, void *d)
{
    (void)n; (void)i; (void)x; (void)d;
    memset(H, 0, 4 * sizeof *H);
    return 0;
}
static int xy_lh(int n, int m, const double *x, const double *lam, double *H, void *d)
{
    (void)m; (void)lam;
    return xy_h(n, x, H, d);
}

/* ---- f = x + y on x² + y² = 1 ---- */
static int sum_f(int n, const double *x, double *f, double *g, void *d)
{
    (void)n; (void)d;
    *f = x[0] + x[1];
    if (g) { g[0] = 1; g[1] = 1; }
    return 0;
}
static int zero_h(int n, const double *x, double *H, void *d)
{
    (void)x; (void)d;
    memset(H, 0, sizeof(double) * n * n);
    return 0;
}
static int circle_c(int n, int m, const double *x, double *c, double *A, void *d)
{
    (void)n; (void)m; (void)d;
    c[0] = x[0] * x[0] + x[1] * x[1] - 1;
    if (A) { A[0] = 2 * x[0]; A[1] = 2 * x[1]; }
    return 0;
}
static int circle_ch(int n, int i, const double *x, double *H, void *d)
{
    (void)n; (void)i; (void)x; (void)d;
    H[0] = H[3] = 2; H[1] = H[2] = 0;
    return 0;
}
static int sum_lh(int n, int m, const double *x, const double *lam, double *H, void *d)
{
    (void)n; (void)m; (void)x; (void)d;
    H[0] = H[3] = 2 * lam[0]; H[1] = H[2] = 0;
    return 0;
}

static hesse_constrained_problem make(int n, int m, hesse_objective_fn f, hesse_hessian_fn h,
                                      hesse_constraint_fn c, hesse_constraint_hessian_fn ch,
                                      hesse_lagrangian_hessian_fn lh, enum source src,
                                      int maximize)
{
    hesse_constrained_problem p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.m = m;
    p.objective = f;
    p.constraints = c;
    p.maximize = maximize;
    if (src == LAGRANGIAN_CB) p.lagrangian_hessian = lh;
    if (src == SEPARATE_CB) {
        p.hessian = h;
        p.constraint_hessian = ch;
    }
    return p;
}

/* Solve from x0 and classify the result; x, lambda out. */
static void solve_and_classify(const hesse_constrained_problem *p, double *x, double *lambda,
                               hesse_point_kind want, double *bordered_first)
{
    hesse_constrained_result res;
    hesse_status st = hesse_constrained_solve(p, x, lambda, NULL, &res);
    cr_assert_eq(st, HESSE_SUCCESS, "%s", res.message);
    /* solve_gtol = 1e-10 (default) on both tests. */
    cr_assert_leq(res.cnorm, 1e-10);
    cr_assert_leq(res.kkt_norm, 1e-10 * fmax(1.0, fabs(res.f)));
    cr_assert_lt(res.iterations, 50, "%d iterations", res.iterations);
    hesse_constrained_report rep;
    st = hesse_constrained_classify(p, p->n, x, lambda, NULL, &rep);
    cr_assert_eq(st, HESSE_SUCCESS, "%s", rep.message);
    cr_assert(rep.stationary, "%s", rep.message);
    cr_assert_eq(rep.kind_reduced, want, "%s", rep.message);
    cr_assert_eq(rep.kind_bordered, want, "%s", rep.message);
    cr_assert(rep.consistent);
    cr_assert_eq(rep.kind, want);
    if (bordered_first) *bordered_first = rep.bordered_minors[0];
    /* Without the multipliers: the least-squares estimate gives the same verdict. */
    hesse_constrained_report rep2;
    cr_assert_eq(hesse_constrained_classify(p, p->n, x, NULL, NULL, &rep2), HESSE_SUCCESS);
    cr_assert_eq(rep2.kind, want);
    for (int i = 0; i < p->m; i++)
        cr_assert(fabs(rep2.lambda[i] - lambda[i]) < 1e-8); /* both within solve_gtol */
    hesse_constrained_report_clear(&rep);
    hesse_constrained_report_clear(&rep2);
}

Test(constrained, xy_on_a_line_has_its_maximum_at_5_5)
{
    for (int src = FD; src <= SEPARATE_CB; src++) {
        hesse_constrained_problem p =
            make(2, 1, xy_f, xy_h, line_c, line_ch, xy_lh, (enum source)src, 1);
        double x[2] = {1, 2}, lambda[1], b3;
        solve_and_classify(&p, x, lambda, HESSE_POINT_MAXIMUM, &b3);
        /* Hand: y + λ = x + λ = 0, x + y = 10 -> (5, 5), λ = -5. Error of the solution
           ~ solve_gtol = 1e-10, widened for finite-difference Hessians to 1e-8. */
        cr_assert(fabs(x[0] - 5) < 1e-8 && fabs(x[1] - 5) < 1e-8, "src %d: (%g, %g)", src,
                  x[0], x[1]);
        cr_assert(fabs(lambda[0] + 5) < 1e-8, "lambda %g", lambda[0]);
        /* det [[0,1,1],[1,0,1],[1,1,0]] = 2 > 0: the maximum rule for m = 1. */
        cr_assert(fabs(b3 - 2) < 1e-6, "det B3 = %g", b3);
    }
}

Test(constrained, sum_on_the_circle_max_and_min)
{
    const double r = 1 / sqrt(2.0);
    for (int src = FD; src <= SEPARATE_CB; src++) {
        hesse_constrained_problem p =
            make(2, 1, sum_f, zero_h, circle_c, circle_ch, sum_lh, (enum source)src, 1);
        double x[2] = {0.5, 0.9}, lambda[1], b3;
        solve_and_classify(&p, x, lambda, HESSE_POINT_MAXIMUM, &b3);
        /* Hand: 1 + 2λx = 1 + 2λy = 0 -> x = y = ±1/√2, λ = ∓1/√2. */
        cr_assert(fabs(x[0] - r) < 1e-8 && fabs(x[1] - r) < 1e-8);
        cr_assert(fabs(lambda[0] + r) < 1e-8);
        /* det B3 = -8λ(x² + y²) = 8/√2 > 0 at the maximum. FD Hessian: 1e-6. */
        cr_assert(fabs(b3 - 8 * r) < 1e-6, "det B3 = %g", b3);

        p.maximize = 0;
        double y[2] = {-0.3, -0.8};
        solve_and_classify(&p, y, lambda, HESSE_POINT_MINIMUM, &b3);
        cr_assert(fabs(y[0] + r) < 1e-8 && fabs(y[1] + r) < 1e-8);
        cr_assert(fabs(lambda[0] - r) < 1e-8);
        cr_assert(fabs(b3 + 8 * r) < 1e-6, "det B3 = %g", b3);
    }
}

/* ---- f = z on the circle x² + y² + z² = 1, x + y + z = 0 (n = 3, m = 2) ---- */
static int z_f(int n, const double *x, double *f, double *g, void *d)
{
    (void)n; (void)d;
    *f = x[2];
    if (g) { g[0] = 0; g[1] = 0; g[2] = 1; }
    return 0;
}
static int sphere_plane_c(int n, int m, const double *x, double *c, double *A, void *d)
{
    (void)n; (void)m; (void)d;
    c[0] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] - 1;
    c[1] = x[0] + x[1] + x[2];
    if (A)
        for (int j = 0; j < 3; j++) {
            A[0 + 2 * j] = 2 * x[j];
            A[1 + 2 * j] = 1;
        }
    return 0;
}
static int sphere_plane_ch(int n, int i, const double *x, double *H, void *d)
{
    (void)x; (void)d;
    memset(H, 0, sizeof(double) * n * n);
    if (i == 0) H[0] = H[4] = H[8] = 2;
    return 0;
}
static int z_lh(int n, int m, const double *x, const double *lam, double *H, void *d)
{
    (void)m; (void)x; (void)d;
    memset(H, 0, sizeof(double) * n * n);
    H[0] = H[4] = H[8] = 2 * lam[0];
    return 0;
}

Test(constrained, highest_and_lowest_point_of_a_tilted_circle)
{
    /* Hand: x = y = -z/2 and 3z²/2 = 1 -> z = ±√(2/3); the top is
       (-a, -a, 2a) with a = 1/√6, λ1 = -1/(6a), λ2 = -1/3 (from
       ∇f + λ1 ∇c1 + λ2 ∇c2 = 0). */
    const double a = 1 / sqrt(6.0);
    for (int src = FD; src <= SEPARATE_CB; src++) {
        hesse_constrained_problem p = make(3, 2, z_f, zero_h, sphere_plane_c, sphere_plane_ch,
                                           z_lh, (enum source)src, 1);
        double x[3] = {0.1, -0.5, 0.8}, lambda[2];
        solve_and_classify(&p, x, lambda, HESSE_POINT_MAXIMUM, NULL);
        cr_assert(fabs(x[0] + a) < 1e-8 && fabs(x[1] + a) < 1e-8 && fabs(x[2] - 2 * a) < 1e-8,
                  "src %d: (%g, %g, %g)", src, x[0], x[1], x[2]);
        cr_assert(fabs(lambda[0] + 1 / (6 * a)) < 1e-8 && fabs(lambda[1] + 1.0 / 3) < 1e-8);

        p.maximize = 0;
        double y[3] = {0.5, 0.2, -0.6};
        solve_and_classify(&p, y, lambda, HESSE_POINT_MINIMUM, NULL);
        cr_assert(fabs(y[0] - a) < 1e-8 && fabs(y[1] - a) < 1e-8 && fabs(y[2] + 2 * a) < 1e-8);
    }
}

/* ---- the bordered test needs the variable reordering: A = [0 1 0] ---- */
static int bowl3(int n, const double *x, double *f, double *g, void *d)
{
    double s = d ? -1.0 : 1.0; /* d != NULL: x² − y² + z, a constrained saddle */
    (void)n;
    if (!d) {
        *f = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
        if (g) for (int i = 0; i < 3; i++) g[i] = 2 * x[i];
    } else {
        *f = x[0] * x[0] + s * x[2] * x[2] + x[1];
        if (g) { g[0] = 2 * x[0]; g[1] = 1; g[2] = 2 * s * x[2]; }
    }
    return 0;
}
static int plane_y(int n, int m, const double *x, double *c, double *A, void *d)
{
    (void)n; (void)m;
    c[0] = d ? x[1] : x[1] - 1;
    if (A) { A[0] = 0; A[1] = 1; A[2] = 0; }
    return 0;
}

Test(constrained, bordered_test_with_a_leading_zero_in_the_jacobian)
{
    int mark = 1;
    hesse_constrained_problem p = make(3, 1, bowl3, NULL, plane_y, NULL, NULL, FD, 0);
    double x[3] = {0, 1, 0};
    hesse_constrained_report rep;
    cr_assert_eq(hesse_constrained_classify(&p, 3, x, NULL, NULL, &rep), HESSE_SUCCESS);
    cr_assert_eq(rep.kind_bordered, HESSE_POINT_MINIMUM, "%s", rep.message);
    cr_assert_eq(rep.kind_reduced, HESSE_POINT_MINIMUM);
    cr_assert_eq(rep.perm[0], 1); /* the constrained variable comes first */
    hesse_constrained_report_clear(&rep);

    /* f = x² − z² + y on y = 0: reduced Hessian diag(2, −2) at the origin. */
    p.data = &mark;
    double o[3] = {0, 0, 0};
    cr_assert_eq(hesse_constrained_classify(&p, 3, o, NULL, NULL, &rep), HESSE_SUCCESS);
    cr_assert_eq(rep.kind, HESSE_POINT_SADDLE, "%s", rep.message);
    cr_assert_eq(rep.kind_bordered, HESSE_POINT_SADDLE, "%s", rep.message);
    cr_assert(rep.npos == 1 && rep.nneg == 1 && rep.nzero == 0);
    cr_assert(fabs(rep.lambda[0] + 1) < 1e-12); /* 1 + λ = 0, exact least squares */
    hesse_constrained_report_clear(&rep);

    /* Not a KKT point. */
    double q[3] = {0.5, 0, 0};
    cr_assert_eq(hesse_constrained_classify(&p, 3, q, NULL, NULL, &rep), HESSE_SUCCESS);
    cr_assert_eq(rep.kind, HESSE_POINT_NOT_STATIONARY);
    hesse_constrained_report_clear(&rep);
}

/* ---- bad input ---- */
static int dependent_c(int n, int m, const double *x, double *c, double *A, void *d)
{
    (void)n; (void)m; (void)d;
    c[0] = x[0] + x[1] + x[2] - 1;
    c[1] = 2 * (x[0] + x[1] + x[2] - 1);
    if (A)
        for (int j = 0; j < 3; j++) { A[0 + 2 * j] = 1; A[1 + 2 * j] = 2; }
    return 0;
}

Test(constrained, too_many_constraints)
{
    hesse_constrained_problem p = make(2, 2, xy_f, NULL, line_c, NULL, NULL, FD, 0);
    double x[2] = {1, 2}, lambda[2];
    hesse_constrained_result res;
    cr_assert_eq(hesse_constrained_solve(&p, x, lambda, NULL, &res), HESSE_EINVAL);
    cr_assert(strstr(res.message, "m = 2"), "%s", res.message);
    hesse_constrained_report rep;
    cr_assert_eq(hesse_constrained_classify(&p, 2, x, NULL, NULL, &rep), HESSE_EINVAL);
    hesse_constrained_report_clear(&rep);
}

Test(constrained, rank_deficient_jacobian)
{
    hesse_constrained_problem p = make(3, 2, bowl3, NULL, dependent_c, NULL, NULL, FD, 0);
    double x[3] = {1, 2, 3}, lambda[2];
    hesse_constrained_result res;
    cr_assert_eq(hesse_constrained_solve(&p, x, lambda, NULL, &res), HESSE_ESINGULAR);
    cr_assert(strstr(res.message, "rank deficient"), "%s", res.message);
    cr_assert(x[0] == 1 && x[1] == 2 && x[2] == 3); /* x0 kept */
    hesse_constrained_report rep;
    cr_assert_eq(hesse_constrained_classify(&p, 3, x, NULL, NULL, &rep), HESSE_ESINGULAR);
    hesse_constrained_report_clear(&rep);
}

Test(constrained, wrong_length_point)
{
    hesse_constrained_problem p = make(2, 1, xy_f, NULL, line_c, NULL, NULL, FD, 0);
    double x[3] = {1, 2, 3};
    hesse_constrained_report rep;
    cr_assert_eq(hesse_constrained_classify(&p, 3, x, NULL, NULL, &rep), HESSE_EINVAL);
    cr_assert(strstr(rep.message, "3 values"), "%s", rep.message);
    hesse_constrained_report_clear(&rep);
}

/* Aborts at any point other than the first one it saw. */
static int abort_elsewhere(int n, const double *x, double *f, double *g, void *d)
{
    double *first = d;
    if (isnan(first[0])) memcpy(first, x, sizeof(double) * n);
    else if (memcmp(first, x, sizeof(double) * n) != 0) return -7;
    return xy_f(n, x, f, g, NULL);
}

Test(constrained, callback_abort_keeps_the_last_accepted_point)
{
    double first[2] = {NAN, NAN};
    hesse_constrained_problem p = make(2, 1, abort_elsewhere, NULL, line_c, NULL, NULL, FD, 1);
    p.data = first;
    double x[2] = {1, 2}, lambda[1];
    hesse_constrained_result res;
    cr_assert_eq(hesse_constrained_solve(&p, x, lambda, NULL, &res), HESSE_ECALLBACK);
    cr_assert(x[0] == 1 && x[1] == 2);
    cr_assert(strstr(res.message, "-7"), "%s", res.message);
}

/* ---- out of memory ---- */

/* Case `which` (0: solve, 1: classify) with allocator a. */
static hesse_status constrained_case(const hesse_allocator *a, long k, void *data)
{
    int which = *(const int *)data;
    hesse_constrained_problem p = make(2, 1, sum_f, NULL, circle_c, NULL, NULL, FD, 1);
    hesse_analysis_options opt;
    hesse_analysis_options_init(&opt);
    opt.allocator = *a;
    double x[2] = {0.5, 0.9}, lambda[1];
    if (which == 0) return hesse_constrained_solve(&p, x, lambda, &opt, NULL);
    hesse_constrained_report rep;
    hesse_status st = hesse_constrained_classify(&p, 2, x, NULL, &opt, &rep);
    hesse_constrained_report_clear(&rep);
    return st;
}

Test(constrained, oom_ratchet)
{
    for (int which = 0; which < 2; which++) {
        long allocations = test_oom_ratchet(which ? "constrained classify" : "constrained solve",
                                            constrained_case, &which, HESSE_SUCCESS);
        cr_assert_gt(allocations, 0);
        cr_assert_leq(allocations, 100);
    }
}

Test(constrained, inertia_correction_leaves_the_maximum)
{
    /* Minimizing x + y from next to its constrained maximum: there ZᵀWZ = 2λ < 0
       (λ ≈ -1/√2), so the KKT matrix has the wrong inertia and must be shifted; the
       solver still ends at the minimum -(1/√2, 1/√2). */
    const double r = 1 / sqrt(2.0);
    hesse_constrained_problem p = make(2, 1, sum_f, zero_h, circle_c, circle_ch, sum_lh,
                                       SEPARATE_CB, 0);
    double x[2] = {0.6, 0.8}, lambda[1];
    hesse_constrained_result res;
    cr_assert_eq(hesse_constrained_solve(&p, x, lambda, NULL, &res), HESSE_SUCCESS, "%s",
                 res.message);
    cr_assert_gt(res.tau_max, 0.0);
    cr_assert(fabs(x[0] + r) < 1e-8 && fabs(x[1] + r) < 1e-8, "(%g, %g)", x[0], x[1]);
    cr_assert_gt(res.merit_mu, fabs(lambda[0])); /* μ > |λ| (N&W (18.31)) */
}

Test(constrained, iteration_limit)
{
    hesse_constrained_problem p = make(2, 1, sum_f, zero_h, circle_c, circle_ch, sum_lh,
                                       SEPARATE_CB, 1);
    hesse_analysis_options opt;
    hesse_analysis_options_init(&opt);
    opt.max_iter = 1;
    double x[2] = {0.5, 0.9}, lambda[1];
    hesse_constrained_result res;
    cr_assert_eq(hesse_constrained_solve(&p, x, lambda, &opt, &res), HESSE_MAX_ITER);
    cr_assert_eq(res.iterations, 1);
    /* x is the accepted point after one step, and res.f is f there. */
    cr_assert(fabs(res.f - (x[0] + x[1])) < 1e-15);
}
