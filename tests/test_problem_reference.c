/*
 * The problem set against references that share no code with the problem's own
 * definition:
 *  - MGH problems at sizes where their callbacks form no Jacobian (problems/mgh.c: m·n
 *    above 65536 doubles), against the dense-Jacobian path at n = 300 and, at
 *    n = 10^5 and 10^6, against their CUTEst twins, the same functions written
 *    element by element in problems/cutest_b.c.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"
#include "../problems/mgh.h"

static hesse_testinstance *make(const char *name, int n)
{
    const hesse_testproblem *tp = hesse_testproblem_find(name);
    cr_assert_not_null(tp, "%s is not in the registry", name);
    hesse_testinstance *inst = NULL;
    char msg[256];
    hesse_status st = hesse_testinstance_create(tp, n, &inst, msg, sizeof msg);
    cr_assert_eq(st, HESSE_SUCCESS, "%s at n = %d: %s", name, n, msg);
    return inst;
}

static double eval_fg(const hesse_testinstance *inst, const double *x, double *g)
{
    double f = NAN;
    int rc = inst->problem.objective(inst->n, x, &f, g, inst->problem.data);
    cr_assert_eq(rc, 0, "%s: objective refused x", inst->def->name);
    return f;
}

/* Deterministic generator (64-bit LCG, Knuth's MMIX constants): uniform in [-1, 1]. */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

static double *doubles(size_t count)
{
    double *v = malloc(count * sizeof *v);
    cr_assert_not_null(v, "out of memory for %zu doubles", count);
    return v;
}

/* ---- MGH without a Jacobian ------------------------------------------------------ */

/* The variable-size MGH problems; at n = 300 each has m·n >= 90000 > 65536. */
static const char *const mgh_variable[] = {
    "EXT_ROSENBROCK", "EXT_POWELL", "PENALTY_I", "PENALTY_II", "VARIABLY_DIMENSIONED",
    "TRIGONOMETRIC", "BROWN_ALMOST_LINEAR", "DISCRETE_BOUNDARY", "DISCRETE_INTEGRAL",
    "BROYDEN_TRIDIAGONAL", "BROYDEN_BANDED", "LINEAR_FULL_RANK", "LINEAR_RANK1",
    "LINEAR_RANK1_ZERO", "CHEBYQUAD"};

/* At n = 300, a point near x0: ∇f from the callback (no Jacobian formed) against
   2 Jᵀr from the dense residual Jacobian (checked against differences in
   tests/test_mgh.c), and ∇²f v against the dense Hessian times v. Both pairs sum the
   same products in another order: each entry agrees within 1e-13 of the sum of the
   magnitudes of its terms (a few hundred eps). */
Test(mgh_sparse, products_without_jacobian_match_the_dense_path)
{
    const int n = 300;
    for (size_t k = 0; k < sizeof mgh_variable / sizeof mgh_variable[0]; k++) {
        hesse_testinstance *inst = make(mgh_variable[k], n);
        const hesse_problem *p = &inst->problem;
        int m = ((const hesse__tp_params *)p->data)->m;
        cr_assert_gt((double)m * n, 65536.0, "%s: m = %d keeps the dense path", mgh_variable[k], m);
        double *x = doubles(6 * (size_t)n), *g = x + n, *v = g + n, *hv = v + n;
        double *ref = hv + n, *mag = ref + n;
        double *r = doubles((size_t)m), *J = doubles((size_t)m * n);
        double *H = doubles((size_t)n * n);
        uint64_t seed = 99u + k;
        for (int j = 0; j < n; j++) {
            x[j] = inst->x0[j] + 0.1 * uniform(&seed) * fmax(fabs(inst->x0[j]), 0.1);
            v[j] = uniform(&seed);
        }
        eval_fg(inst, x, g);
        const hesse__mgh_residual *res = hesse__mgh_residual_find(mgh_variable[k]);
        cr_assert_not_null(res);
        cr_assert_eq(res->residual(n, m, x, r, J), 0);
        for (int j = 0; j < n; j++) {
            ref[j] = mag[j] = 0.0;
            for (int i = 0; i < m; i++) {
                ref[j] += 2.0 * J[i + (size_t)j * m] * r[i];
                mag[j] += fabs(2.0 * J[i + (size_t)j * m] * r[i]);
            }
            cr_expect(fabs(g[j] - ref[j]) <= 1e-13 * mag[j] + DBL_MIN,
                      "%s: g[%d] = %.17g, 2 J'r = %.17g", mgh_variable[k], j, g[j], ref[j]);
        }
        cr_assert_eq(p->hessian(n, x, H, p->data), 0);
        cr_assert_eq(p->hessvec(n, x, v, hv, p->data), 0);
        for (int i = 0; i < n; i++) {
            double sum = 0.0, size = 0.0;
            for (int j = 0; j < n; j++) {
                sum += H[i + (size_t)j * n] * v[j];
                size += fabs(H[i + (size_t)j * n] * v[j]);
            }
            /* the Gauss-Newton part 2 Jᵀ(Jv) may cancel against the rest: its terms
               count in the size too */
            double jv = 0.0;
            for (int l = 0; l < m; l++) {
                double row = 0.0;
                for (int j = 0; j < n; j++) row += fabs(J[l + (size_t)j * m] * v[j]);
                jv += 2.0 * fabs(J[l + (size_t)i * m]) * row;
            }
            cr_expect(fabs(hv[i] - sum) <= 1e-13 * (size + jv) + DBL_MIN,
                      "%s: Hv[%d] = %.17g, H v = %.17g", mgh_variable[k], i, hv[i], sum);
        }
        free(x);
        free(r);
        free(J);
        free(H);
        hesse_testinstance_free(inst);
    }
}

/* MGH problems and their CUTEst twins: the same function and start, written once as
   residuals (problems/mgh_*.c) and once element by element (problems/cutest_b.c). */
static const struct {
    const char *mgh, *cutest;
} twins[] = {
    {"EXT_ROSENBROCK", "SROSENBR"},     {"EXT_POWELL", "POWELLSG"},
    {"PENALTY_I", "PENALTY1"},          {"VARIABLY_DIMENSIONED", "VARDIM"},
    {"DISCRETE_BOUNDARY", "MOREBV"},
};

/* f, ∇f and ∇²f v of each pair at two random points near x0 (each coordinate moved by
   up to 10%: away from x0, where DISCRETE_BOUNDARY's residuals cancel to 1e-10 of their
   terms), at a size where a dense Jacobian would take 80 GB (n = 10^5, m >= n): the
   evaluations must run in O(n) memory. The twins sum the same terms in other orders,
   and VARDIM forms Σ i x_i - n(n+1)/2 where VARIABLY_DIMENSIONED sums i (x_i - 1):
   agreement within n eps of the largest value (the bound on rounding in a sum of n
   terms), which a wrong term exceeds by orders of magnitude. */
static void check_twins(int n)
{
    for (size_t k = 0; k < sizeof twins / sizeof twins[0]; k++) {
        hesse_testinstance *a = make(twins[k].mgh, n), *b = make(twins[k].cutest, n);
        double *x = doubles(6 * (size_t)n), *ga = x + n, *gb = ga + n, *v = gb + n;
        double *ha = v + n, *hb = ha + n;
        uint64_t seed = 7u + k;
        const double tol = n * DBL_EPSILON;
        for (int j = 0; j < n; j++)
            cr_assert_eq(a->x0[j], b->x0[j], "%s and %s start apart at %d", twins[k].mgh,
                         twins[k].cutest, j);
        for (int point = 0; point < 2; point++) {
            for (int j = 0; j < n; j++) {
                x[j] = a->x0[j] + 0.1 * fmax(fabs(a->x0[j]), 0.1) * uniform(&seed);
                v[j] = uniform(&seed);
            }
            double fa = eval_fg(a, x, ga), fb = eval_fg(b, x, gb);
            cr_expect(fabs(fa - fb) <= tol * fabs(fb), "%s n = %d: f = %.17g, %s: %.17g",
                      twins[k].mgh, n, fa, twins[k].cutest, fb);
            cr_assert_eq(a->problem.hessvec(n, x, v, ha, a->problem.data), 0);
            cr_assert_eq(b->problem.hessvec(n, x, v, hb, b->problem.data), 0);
            double gmax = 0.0, hmax = 0.0, gerr = 0.0, herr = 0.0;
            for (int j = 0; j < n; j++) {
                gmax = fmax(gmax, fabs(gb[j]));
                hmax = fmax(hmax, fabs(hb[j]));
                gerr = fmax(gerr, fabs(ga[j] - gb[j]));
                herr = fmax(herr, fabs(ha[j] - hb[j]));
            }
            cr_expect(gerr <= tol * gmax, "%s n = %d point %d: |g - g_%s| = %.3g of %.3g",
                      twins[k].mgh, n, point, twins[k].cutest, gerr, gmax);
            cr_expect(herr <= tol * hmax, "%s n = %d point %d: |Hv - Hv_%s| = %.3g of %.3g",
                      twins[k].mgh, n, point, twins[k].cutest, herr, hmax);
        }
        free(x);
        hesse_testinstance_free(a);
        hesse_testinstance_free(b);
    }
}

Test(mgh_sparse, large_n_agrees_with_the_cutest_twins)
{
    check_twins(100000);
}

/* The two Broyden problems, sparse and without a twin, at n = 10^5: f(x0) in closed
   form (x0 = -1: the residuals are equal but at the boundary), ∇f against
   the central difference of f along a random v, ∇²f v against that of ∇f. The
   differences with h = 1e-6 carry truncation h²|f'''| and rounding eps|f|/h: 1e-6
   relative leaves room for both. */
Test(mgh_sparse, large_n_without_twin)
{
    const int n = 100000;
    static const struct {
        const char *name;
        double fx0;
    } cases[] = {
        /* r_i = -1 inside, -2 and -3 at the ends: (n - 2) + 4 + 9 */
        {"BROYDEN_TRIDIAGONAL", n + 11.0},
        /* r_i = -7 + 1 - 0 = -6 for every i */
        {"BROYDEN_BANDED", 36.0 * n},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_testinstance *inst = make(cases[k].name, n);
        const hesse_problem *p = &inst->problem;
        double *g = doubles(6 * (size_t)n), *v = g + n, *hv = v + n, *xs = hv + n;
        double *gp = xs + n, *gm = gp + n;
        double f = eval_fg(inst, inst->x0, g);
        cr_expect(fabs(f - cases[k].fx0) <= 1e-13 * cases[k].fx0, "%s: f(x0) = %.17g",
                  cases[k].name, f);
        uint64_t seed = 3u + k;
        for (int j = 0; j < n; j++) v[j] = uniform(&seed);
        cr_assert_eq(p->hessvec(n, inst->x0, v, hv, p->data), 0);
        const double h = 1e-6;
        for (int j = 0; j < n; j++) xs[j] = inst->x0[j] + h * v[j];
        double fp = eval_fg(inst, xs, gp);
        for (int j = 0; j < n; j++) xs[j] = inst->x0[j] - h * v[j];
        double fm = eval_fg(inst, xs, gm);
        double gv = 0.0, gvmag = 0.0, herr = 0.0, hmax = 0.0;
        for (int j = 0; j < n; j++) {
            gv += g[j] * v[j];
            gvmag += fabs(g[j] * v[j]);
            herr = fmax(herr, fabs((gp[j] - gm[j]) / (2.0 * h) - hv[j]));
            hmax = fmax(hmax, fabs(hv[j]));
        }
        cr_expect(fabs((fp - fm) / (2.0 * h) - gv) <= 1e-6 * gvmag, "%s: g'v = %.12g, fd %.12g",
                  cases[k].name, gv, (fp - fm) / (2.0 * h));
        cr_expect(herr <= 1e-6 * hmax, "%s: |Hv - fd| = %.3g of %.3g", cases[k].name, herr,
                  hmax);
        free(g);
        hesse_testinstance_free(inst);
    }
}
