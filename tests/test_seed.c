/*
 * Tests of the "seed" family (problems/seed.c): the Hessians the seed document
 * (shared/seeds/001) renders at its points, the critical points, derivatives against
 * finite differences, the domain of x^y, and the metadata.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "hesse.h"
#include "support.h"

#define PI 3.14159265358979323846

/* The Hessians as the document prints them, at its points (= each problem's x0). */
static const struct {
    const char *name;
    int n;
    double point[3];
    double hessian[9]; /* column-major */
    double tol;
} rendered[] = {
    /* H(1,0) = [[12, -4], [-4, 8]]: integer arithmetic, exact */
    {"SEED_MINSADDLE", 2, {1.0, 0.0}, {12.0, -4.0, -4.0, 8.0}, 0.0},
    /* H(1,1) = [[2, 4], [4, 2]] */
    {"SEED_CUBIC", 2, {1.0, 1.0}, {2.0, 4.0, 4.0, 2.0}, 0.0},
    /* H(1,1) = [[0, 1], [1, 0]]: pow(1, y) = 1 and log(1) = 0 exactly */
    {"SEED_POWER", 2, {1.0, 1.0}, {0.0, 1.0, 1.0, 0.0}, 0.0},
    /* H(0,1,pi) = [[0, pi, 1], [pi, 0, -1], [1, -1, 0]]: sin(fl(pi)) = 1.2e-16, not 0,
       and enters multiplied by up to pi^2 ~ 9.9, so entries are off by ~1.2e-15 */
    {"SEED_EXPSIN", 3, {0.0, 1.0, PI}, {0.0, PI, 1.0, PI, 0.0, -1.0, 1.0, -1.0, 0.0}, 1e-14},
    /* H = [[2, 2], [2, -2]] everywhere */
    {"SEED_SADDLE", 2, {0.0, -2.0}, {2.0, 2.0, 2.0, -2.0}, 0.0},
};
#define NRENDERED ((int)(sizeof rendered / sizeof rendered[0]))

Test(seed, hessians_at_document_points)
{
    for (int k = 0; k < NRENDERED; k++) {
        hesse_testinstance *inst = test_instance(rendered[k].name, 0);
        int n = rendered[k].n;
        cr_assert_eq(inst->n, n, "%s", rendered[k].name);
        for (int i = 0; i < n; i++)
            cr_expect_eq(inst->x0[i], rendered[k].point[i], "%s: x0[%d]", rendered[k].name, i);
        double hess[9], hv[3], v[3] = {1.0, -2.0, 0.5};
        const hesse_problem *p = &inst->problem;
        cr_assert_eq(p->hessian(n, inst->x0, hess, p->data), 0);
        cr_assert_eq(p->hessvec(n, inst->x0, v, hv, p->data), 0);
        for (int i = 0; i < n; i++) {
            double expect_hv = 0.0, terms = 0.0, vsum = 0.0;
            for (int j = 0; j < n; j++) {
                double h = hess[i + j * n], e = rendered[k].hessian[i + j * n];
                cr_expect(fabs(h - e) <= rendered[k].tol, "%s: H[%d][%d] = %.17g, expected %g",
                          rendered[k].name, i, j, h, e);
                expect_hv += e * v[j];
                terms += fabs(e * v[j]);
                vsum += fabs(v[j]);
            }
            /* the entry tolerance carried through v, plus rounding of a 3-term sum */
            cr_expect(fabs(hv[i] - expect_hv) <= rendered[k].tol * vsum + 4.0 * DBL_EPSILON * terms,
                      "%s: Hv[%d] = %.17g, expected %.17g", rendered[k].name, i, hv[i],
                      expect_hv);
        }
        hesse_testinstance_free(inst);
    }
}

/* Critical points: where the document finds them (MINSADDLE, SADDLE) and the ones that
   follow from the gradients by hand (CUBIC: 2xy + y^2 = x^2 + 2xy = 0 at the origin;
   POWER: y x^(y-1) = x^y ln x = 0 at (1, 0); EXPSIN: sin(yz) = z cos(yz) = y cos(yz) = 0
   on the line y = z = 0). */
static const struct {
    const char *name;
    double point[3];
    double tol;
} critical[] = {
    {"SEED_MINSADDLE", {0.0, 0.0}, 0.0},
    /* the saddle of the document, (-1.43698, -0.60679), to full precision by Newton on
       x = y^3 + 2y, 3y (y^2 + 2)^2 + 6y^2 + 8 = 0 in tests/cutest_reference.py; the
       gradient is then zero up to rounding of terms of size ~10 */
    {"SEED_MINSADDLE", {-1.436981712987763, -0.6067852368857103}, 1e-14},
    {"SEED_SADDLE", {0.0, -2.0}, 0.0},
    {"SEED_CUBIC", {0.0, 0.0}, 0.0},
    {"SEED_POWER", {1.0, 0.0}, 0.0},
    {"SEED_EXPSIN", {0.3, 0.0, 0.0}, 0.0},
};

Test(seed, gradient_vanishes_at_critical_points)
{
    for (size_t k = 0; k < sizeof critical / sizeof critical[0]; k++) {
        hesse_testinstance *inst = test_instance(critical[k].name, 0);
        double f, g[3];
        const hesse_problem *p = &inst->problem;
        cr_assert_eq(p->objective(inst->n, critical[k].point, &f, g, p->data), 0);
        for (int i = 0; i < inst->n; i++)
            cr_expect(fabs(g[i]) <= critical[k].tol, "%s point %zu: g[%d] = %.3g",
                      critical[k].name, k, i, g[i]);
        hesse_testinstance_free(inst);
    }
}

/* The document's saddle rounds to its printed digits, and the Hessian there is
   indefinite (det < 0) while it is positive definite at the minimum (0, 0). */
Test(seed, minsaddle_classification_data)
{
    hesse_testinstance *inst = test_instance("SEED_MINSADDLE", 0);
    const hesse_problem *p = &inst->problem;
    double saddle[2] = {-1.436981712987763, -0.6067852368857103}, origin[2] = {0.0, 0.0};
    /* printed to 5 decimals in the document */
    cr_expect(fabs(saddle[0] - -1.43698) <= 0.5e-5 && fabs(saddle[1] - -0.60679) <= 0.5e-5);
    double h[4];
    cr_assert_eq(p->hessian(2, saddle, h, p->data), 0);
    cr_expect_lt(h[0] * h[3] - h[1] * h[2], 0.0);
    cr_assert_eq(p->hessian(2, origin, h, p->data), 0);
    cr_expect(h[0] > 0.0 && h[0] * h[3] - h[1] * h[2] > 0.0);
    double f, g[2];
    cr_assert_eq(p->objective(2, inst->xstar, &f, g, p->data), 0);
    cr_expect_eq(f, inst->fstar);
    hesse_testinstance_free(inst);
}

Test(seed, derivatives_against_differences)
{
    for (int k = 0; k < NRENDERED; k++) {
        hesse_testinstance *inst = test_instance(rendered[k].name, 0);
        const hesse_problem *p = &inst->problem;
        int n = inst->n;
        uint64_t state = 0x853c49e6748fea9bULL + (uint64_t)k;
        for (int point = 0; point < 4; point++) {
            double x[3], v[3], g[3], hess[9], hv[3], f, fscale, gscale;
            for (int i = 0; i < n; i++) {
                x[i] = inst->x0[i] + (point == 0 ? 0.0 : 0.1 * test_uniform(&state));
                v[i] = test_uniform(&state);
            }
            cr_assert_eq(p->objective(n, x, &f, g, p->data), 0);
            cr_assert_eq(p->hessian(n, x, hess, p->data), 0);
            cr_assert_eq(p->hessvec(n, x, v, hv, p->data), 0);
            double gerr = test_gradient_error(p, x, g, &fscale);
            /* 4th-order stencil: truncation h^4 |f^(5)| / 30 is ~1e-16 for these smooth
               functions of size ~1-10; rounding (18/12) eps |f| / h, times 100 */
            cr_expect(gerr <= 1e-9 + 100.0 * DBL_EPSILON * fscale / TEST_FD_STEP,
                      "%s point %d: gradient error %.3g", rendered[k].name, point, gerr);
            cr_expect(test_symmetric(n, hess), "%s", rendered[k].name);
            double herr = test_hessian_error(p, x, hess, &gscale);
            cr_expect(herr <= 1e-9 + 100.0 * DBL_EPSILON * gscale / TEST_FD_STEP,
                      "%s point %d: Hessian error %.3g", rendered[k].name, point, herr);
            /* summation order only */
            cr_expect(test_hessvec_error(n, hess, v, hv) <= 1e-15, "%s", rendered[k].name);
        }
        hesse_testinstance_free(inst);
    }
}

Test(seed, power_refuses_nonpositive_base)
{
    hesse_testinstance *inst = test_instance("SEED_POWER", 0);
    const hesse_problem *p = &inst->problem;
    double bad[2][2] = {{0.0, 1.0}, {-1.0, 2.0}}, f, g[2], h[4], hv[2], v[2] = {1.0, 1.0};
    for (int k = 0; k < 2; k++) {
        cr_expect_gt(p->objective(2, bad[k], &f, g, p->data), 0);
        cr_expect_gt(p->objective(2, bad[k], &f, NULL, p->data), 0);
        cr_expect_gt(p->hessian(2, bad[k], h, p->data), 0);
        cr_expect_gt(p->hessvec(2, bad[k], v, hv, p->data), 0);
    }
    hesse_testinstance_free(inst);
}

Test(seed, metadata_and_sizes)
{
    static const char *names[] = {"SEED_MINSADDLE", "SEED_CUBIC", "SEED_POWER", "SEED_EXPSIN",
                                  "SEED_SADDLE"};
    for (int k = 0; k < 5; k++) {
        const hesse_testproblem *tp = hesse_testproblem_find(names[k]);
        cr_assert_not_null(tp, "%s", names[k]);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        cr_expect_str_eq(info.family, "seed");
        cr_expect(strstr(info.source, "seed document") != NULL, "%s: %s", names[k], info.source);
        int n = info.default_n;
        cr_expect(hesse_testproblem_accepts(tp, n));
        cr_expect_not(hesse_testproblem_accepts(tp, n + 1));
        hesse_testinstance *inst = NULL;
        cr_expect_eq(hesse_testinstance_create(tp, n + 1, &inst, NULL, 0), HESSE_EINVAL);
        cr_expect_null(inst);
        cr_assert_eq(hesse_testinstance_create(tp, 0, &inst, NULL, 0), HESSE_SUCCESS);
        /* only the local minimum of SEED_MINSADDLE is recorded; the others have no
           minimum */
        int has_min = strcmp(names[k], "SEED_MINSADDLE") == 0;
        cr_expect_eq(!isnan(inst->fstar), has_min, "%s", names[k]);
        cr_expect_eq(inst->xstar != NULL, has_min, "%s", names[k]);
        hesse_testinstance_free(inst);
    }
}
