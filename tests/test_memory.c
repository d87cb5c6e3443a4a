/*
 * Memory: the out-of-memory ratchet of tests/support (fail the k-th allocation,
 * k = 1, 2, … until hesse_solver_create succeeds; every failure is HESSE_ENOMEM and
 * frees everything) over the solver of every method, and the promise that
 * hesse_solver_iterate and hesse_solver_result never allocate. Both go through
 * hesse_options.allocator with the counting allocator of tests/support. The other
 * create functions have their ratchet next to their problems: test_roots.c,
 * test_formula.c, test_analysis.c, test_constrained.c.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"
#include "support.h"

static hesse_options options_with(const char *method, const hesse_allocator *a)
{
    hesse_options o;
    hesse_options_init(&o);
    o.method = hesse_method_find(method);
    cr_assert_not_null(o.method);
    o.allocator = *a;
    return o;
}

/* f = (x² - 1)² + y² (minima (±1, 0), saddle at 0) in n = 2, and for n > 2 the
   extra coordinates add Σ x_i². */
static int double_well(int n, const double *x, double *f, double *g, void *data)
{
    double a = x[0] * x[0] - 1.0;
    *f = a * a;
    if (g) g[0] = 4.0 * x[0] * a;
    for (int i = 1; i < n; i++) {
        *f += x[i] * x[i];
        if (g) g[i] = 2.0 * x[i];
    }
    return 0;
}

static int double_well_hessian(int n, const double *x, double *H, void *data)
{
    memset(H, 0, (size_t)n * n * sizeof *H);
    H[0] = 12.0 * x[0] * x[0] - 4.0;
    for (int i = 1; i < n; i++) H[i + (size_t)i * n] = 2.0;
    return 0;
}

typedef struct {
    const char *method;
    int with_hessian;
} solver_case;

/* One run of the ratchet: create; with every allocation granted the solve must run
   to HESSE_SUCCESS at a minimum; after a failed one the solver object holds the
   status and message (or is NULL when it could not be allocated itself). */
static hesse_status create_and_solve(const hesse_allocator *a, long k, void *data)
{
    const solver_case *c = data;
    hesse_problem p = {.n = 3, .objective = double_well,
                       .hessian = c->with_hessian ? double_well_hessian : NULL};
    const double x0[3] = {0.5, 0.3, -0.2};
    hesse_options o = options_with(c->method, a);
    hesse_solver *s = NULL;
    hesse_status created = hesse_solver_create(&p, x0, &o, &s);
    if (created == HESSE_RUNNING) {
        hesse_status st = created;
        while (st == HESSE_RUNNING) st = hesse_solver_iterate(s);
        cr_assert_eq(st, HESSE_SUCCESS, "%s: %s", c->method, hesse_solver_message(s));
        hesse_result r;
        hesse_solver_result(s, &r);
        cr_assert_float_eq(fabs(hesse_solver_x(s)[0]), 1.0, 1e-8); /* gtol = 1e-8 */
    } else if (created == HESSE_ENOMEM && k == 1) {
        cr_assert_null(s, "the solver object itself could not be allocated");
    } else if (created == HESSE_ENOMEM) {
        cr_assert_not_null(s);
        cr_assert_eq(hesse_solver_status(s), HESSE_ENOMEM);
        cr_assert(strstr(hesse_solver_message(s), "out of memory") != NULL, "%s",
                  hesse_solver_message(s));
    }
    hesse_solver_free(s);
    return created;
}

/* Every method, with the Hessian callback and with differences where it uses them. */
static void ratchet(const char *method, int with_hessian)
{
    solver_case c = {method, with_hessian};
    long allocations = test_oom_ratchet(method, create_and_solve, &c, HESSE_RUNNING);
    cr_assert_geq(allocations, 2, "%s: create made several allocations", method);
}

Test(oom, ratchet_newton) { ratchet("newton", 1); }
Test(oom, ratchet_newton_finite_differences) { ratchet("newton", 0); }
Test(oom, ratchet_newton_tr) { ratchet("newton-tr", 1); }
Test(oom, ratchet_newton_cg_dense_hessian) { ratchet("newton-cg", 1); }
Test(oom, ratchet_newton_cg_differences) { ratchet("newton-cg", 0); }
Test(oom, ratchet_bfgs) { ratchet("bfgs", 0); }
Test(oom, ratchet_lbfgs) { ratchet("lbfgs", 0); }
Test(oom, ratchet_sr1) { ratchet("sr1", 0); }
Test(oom, ratchet_gd) { ratchet("gd", 1); }

Test(oom, minimize_reports_enomem_and_keeps_x)
{
    hesse_problem p = {.n = 3, .objective = double_well, .hessian = double_well_hessian};
    for (long k = 1; k <= 3; k++) {
        test_heap h = {.fail_at = k};
        hesse_allocator a = test_heap_allocator(&h);
        hesse_options o = options_with("newton", &a);
        double x[3] = {0.5, 0.3, -0.2};
        hesse_result r;
        cr_assert_eq(hesse_minimize(&p, x, &o, &r), HESSE_ENOMEM);
        cr_assert(strstr(r.message, "out of memory") != NULL, "%s", r.message);
        cr_assert(x[0] == 0.5 && x[1] == 0.3 && x[2] == -0.2, "x still holds x0");
        cr_assert_eq(h.live, 0);
    }
}

typedef struct {
    int modified, negative_curvature;
} path;

static int note_path(const hesse_iteration *it, void *data)
{
    path *w = data;
    w->modified += it->hessian_modified == 1;
    w->negative_curvature += it->negative_curvature == 1;
    return 0;
}

/* Run a solve step by step and assert that nothing is allocated after create. */
static void no_allocation_in_iterate(hesse_options o, const test_heap *c, const hesse_problem *p,
                                     const double *x0)
{
    hesse_solver *s = NULL;
    hesse_status st = hesse_solver_create(p, x0, &o, &s);
    cr_assert_not_null(s);
    long after_create = c->calls;
    cr_assert_gt(after_create, 0, "the allocator is used");
    int iterations = 0;
    while (st == HESSE_RUNNING) {
        st = hesse_solver_iterate(s);
        iterations++;
        cr_assert_eq(c->calls, after_create, "iteration %d allocated", iterations);
    }
    cr_assert_eq(st, HESSE_SUCCESS, "%s", hesse_solver_message(s));
    cr_assert_gt(iterations, 1);
    hesse_result r;
    hesse_solver_result(s, &r);
    cr_assert_eq(c->calls, after_create, "classification allocated");
    cr_assert_neq(r.point, HESSE_POINT_UNKNOWN, "the end point was classified");
    hesse_solver_free(s);
    cr_assert_eq(c->live, 0);
}

Test(no_allocation, newton_through_a_saddle)
{
    /* From the saddle: modified factorization, negative-curvature step, Cholesky. */
    hesse_problem p = {.n = 3, .objective = double_well, .hessian = double_well_hessian};
    const double x0[3] = {0.0, 0.3, -0.2};
    test_heap c = {0};
    hesse_allocator a = test_heap_allocator(&c);
    path w = {0, 0};
    hesse_options o = options_with("newton", &a);
    o.trace = note_path;
    o.trace_data = &w;
    no_allocation_in_iterate(o, &c, &p, x0);
    cr_assert_gt(w.modified, 0, "the modified factorization was exercised");
    cr_assert_gt(w.negative_curvature, 0, "a negative-curvature step was exercised");
}

Test(no_allocation, newton_finite_differences_wolfe)
{
    hesse_problem p = {.n = 3, .objective = double_well};
    const double x0[3] = {0.1, 0.5, -1.0};
    test_heap c = {0};
    hesse_allocator a = test_heap_allocator(&c);
    hesse_options o = options_with("newton", &a);
    o.linesearch = HESSE_LINESEARCH_WOLFE;
    no_allocation_in_iterate(o, &c, &p, x0);
}

Test(no_allocation, gd)
{
    hesse_problem p = {.n = 3, .objective = double_well, .hessian = double_well_hessian};
    const double x0[3] = {0.5, 0.3, -0.2};
    test_heap c = {0};
    hesse_allocator a = test_heap_allocator(&c);
    no_allocation_in_iterate(options_with("gd", &a), &c, &p, x0);
}
