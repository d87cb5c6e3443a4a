/*
 * Self-checks of the Moré–Garbow–Hillstrom family (problems/mgh*.c), table-driven in
 * the manner of NLopt's test/testfuncs.c: before any solver is trusted with these
 * problems, each one must reproduce the reference value f(x0) of
 * shared/reference/mgh.csv, have gradient, Hessian, Hessian-vector product and
 * residual Jacobian consistent with central differences, reach its recorded f* at its
 * recorded x*, and accept exactly the sizes it documents.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"
#include "support.h"
#include "../problems/mgh.h"
#include "../problems/testproblem.h"

#define EPS 2.220446049250313e-16

/* ---------------------------------------------------------------------------------- */
/* Helpers                                                                             */

/* Deterministic generator (64-bit LCG, Knuth's MMIX constants): uniform in [-1, 1]. */
static double uniform(unsigned long long *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

/* Central-difference step: cbrt(eps) · max(0.1, |x_j|). cbrt(eps) balances the O(h²)
   truncation error against the O(eps/h) rounding error of a central difference; the
   floor 0.1 rather than 1 because some variables live on a small scale (Osborne 1's
   rates x4, x5 ≈ 0.01 multiply t up to 320: with h = 6e-6 the truncation error of the
   gradient reached 1e-6 relative). */
static double fd_step(double xj)
{
    return 6.055454e-6 * fmax(0.1, fabs(xj));
}

/* The MGH problems of the registry, in table order. */
static int mgh_names(const char **names, int cap)
{
    int count = 0;
    for (int i = 0; i < hesse_testproblem_count(); i++) {
        hesse_testproblem_info info;
        hesse_testproblem_get_info(hesse_testproblem_at(i), &info);
        if (strcmp(info.family, "mgh") == 0 && count < cap) names[count++] = info.name;
    }
    return count;
}

/* A valid size other than the default, or 0 for a fixed-size problem. */
static int other_size(const hesse_testproblem *tp)
{
    static const int candidates[] = {4, 8, 9, 12, 3, 2, 6, 16};
    hesse_testproblem_info info;
    hesse_testproblem_get_info(tp, &info);
    for (size_t k = 0; k < sizeof candidates / sizeof candidates[0]; k++)
        if (candidates[k] != info.default_n && hesse_testproblem_accepts(tp, candidates[k]))
            return candidates[k];
    return 0;
}

/* ---------------------------------------------------------------------------------- */
/* The family is complete                                                              */

Test(mgh, all_35_problems_are_registered)
{
    static const char *expected[] = {
        "ROSENBROCK", "FREUDENSTEIN_ROTH", "POWELL_BADLY_SCALED", "BROWN_BADLY_SCALED",
        "BEALE", "JENNRICH_SAMPSON", "HELICAL_VALLEY", "BARD", "GAUSSIAN", "MEYER", "GULF",
        "BOX3", "POWELL_SINGULAR", "WOOD", "KOWALIK_OSBORNE", "BROWN_DENNIS", "OSBORNE1",
        "BIGGS_EXP6", "OSBORNE2", "WATSON", "EXT_ROSENBROCK", "EXT_POWELL", "PENALTY_I",
        "PENALTY_II", "VARIABLY_DIMENSIONED", "TRIGONOMETRIC", "BROWN_ALMOST_LINEAR",
        "DISCRETE_BOUNDARY", "DISCRETE_INTEGRAL", "BROYDEN_TRIDIAGONAL", "BROYDEN_BANDED",
        "LINEAR_FULL_RANK", "LINEAR_RANK1", "LINEAR_RANK1_ZERO", "CHEBYQUAD"};
    const char *names[64];
    int count = mgh_names(names, 64);
    cr_assert_eq(count, 35, "mgh family has %d problems", count);
    for (int k = 0; k < 35; k++) {
        cr_expect_str_eq(names[k], expected[k], "problem %d", k + 1);
        const hesse_testproblem *tp = hesse_testproblem_find(expected[k]);
        cr_assert_not_null(tp);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        cr_expect(strlen(info.sizes) > 0 && strlen(info.source) > 0, "%s metadata", names[k]);
        cr_expect(hesse_testproblem_accepts(tp, info.default_n), "%s default n", names[k]);
    }
}

/* ---------------------------------------------------------------------------------- */
/* f(x0) against the reference                                                         */

/* Values of the column f_x0_computed_here of mgh.csv (an independent implementation),
   or of its cross-check column where that has more digits, written as given there.
   exact = 1: the value is exact (a short decimal), compared with relative tolerance
   1e-10 (a few hundred rounding errors of the sum of squares). exact = 0: the value was
   rounded to the digits shown, compared with one unit in its last digit. */
typedef struct {
    const char *name;
    int n;
    const char *value;
    int exact;
} f0_case;

static const f0_case f0_cases[] = {
    {"ROSENBROCK", 2, "24.2", 1},
    {"FREUDENSTEIN_ROTH", 2, "400.5", 1},
    {"POWELL_BADLY_SCALED", 2, "1.135261717", 0},
    {"BROWN_BADLY_SCALED", 2, "9.99998000003e11", 0}, /* cross-check E */
    {"BEALE", 2, "14.203125", 1},
    {"JENNRICH_SAMPSON", 2, "4171.306162", 0},
    {"HELICAL_VALLEY", 3, "2500", 1},
    {"BARD", 3, "41.68169586", 0},
    {"GAUSSIAN", 3, "3.888106991166885e-6", 0}, /* cross-check E */
    {"MEYER", 3, "1693607809", 0},
    {"GULF", 3, "12.11070583", 0}, /* m = 99, |y_i - x2| reading */
    {"BOX3", 3, "1031.153811", 0}, /* m = 10, x0 = (0, 10, 20) */
    {"POWELL_SINGULAR", 4, "215", 1},
    {"WOOD", 4, "19192", 1},
    {"KOWALIK_OSBORNE", 4, "5.313172272e-3", 0},
    {"BROWN_DENNIS", 4, "7926693.336997432", 0}, /* cross-check E, x0_4 = -1 */
    {"OSBORNE1", 5, "0.8790262935", 0},          /* t_i = 10(i - 1) */
    {"BIGGS_EXP6", 6, "0.7790700757", 0},
    {"OSBORNE2", 11, "2.093419514212065", 0}, /* cross-check E */
    {"WATSON", 6, "30", 1},
    {"WATSON", 4, "30", 1},
    {"EXT_ROSENBROCK", 4, "48.4", 1},
    {"EXT_ROSENBROCK", 10, "121", 1},
    {"EXT_POWELL", 4, "215", 1},
    {"EXT_POWELL", 12, "645", 1}, /* 215 n/4 */
    {"PENALTY_I", 4, "885.06264", 1},
    {"PENALTY_I", 10, "148032.5653", 0},
    {"PENALTY_II", 4, "2.340008805", 0},
    {"PENALTY_II", 10, "162.6527766", 0},
    {"VARIABLY_DIMENSIONED", 4, "3222.1875", 1},
    {"VARIABLY_DIMENSIONED", 10, "2198551.163", 0},
    {"TRIGONOMETRIC", 4, "0.01305312785", 0},
    {"TRIGONOMETRIC", 10, "0.007075759466", 0},
    {"BROWN_ALMOST_LINEAR", 4, "19.62890625", 1},
    {"BROWN_ALMOST_LINEAR", 10, "273.2480478", 0},
    {"DISCRETE_BOUNDARY", 4, "0.00663535248", 0},
    {"DISCRETE_BOUNDARY", 10, "0.0007885191013", 0},
    {"DISCRETE_INTEGRAL", 4, "0.0305775109", 0},
    {"DISCRETE_INTEGRAL", 10, "0.06341684158", 0},
    {"BROYDEN_TRIDIAGONAL", 4, "15", 1},
    {"BROYDEN_TRIDIAGONAL", 10, "21", 1},
    {"BROYDEN_BANDED", 4, "144", 1},
    {"BROYDEN_BANDED", 10, "360", 1},
    {"LINEAR_FULL_RANK", 5, "25", 1},   /* m = 10 */
    {"LINEAR_RANK1", 5, "84985", 1},    /* m = 10 */
    {"LINEAR_RANK1_ZERO", 5, "15886", 1}, /* m = 10 */
    {"CHEBYQUAD", 4, "0.07118392889", 0},
    {"CHEBYQUAD", 8, "0.03861769829", 0},
    {"CHEBYQUAD", 10, "0.03376326546", 0},
};

/* One unit in the last digit of the decimal string s ("1.135261717" -> 1e-9). */
static double last_digit_unit(const char *s)
{
    const char *e = strpbrk(s, "eE");
    int exponent = e ? atoi(e + 1) : 0;
    const char *end = e ? e : s + strlen(s);
    const char *dot = memchr(s, '.', (size_t)(end - s));
    int decimals = dot ? (int)(end - dot - 1) : 0;
    return pow(10.0, exponent - decimals);
}

Test(mgh, f_at_x0_matches_reference)
{
    int covered[64] = {0};
    const char *names[64];
    int count = mgh_names(names, 64);
    for (size_t k = 0; k < sizeof f0_cases / sizeof f0_cases[0]; k++) {
        const f0_case *c = &f0_cases[k];
        hesse_testinstance *inst = test_instance(c->name, c->n);
        double f = test_eval_f(inst, inst->x0, NULL);
        double ref = strtod(c->value, NULL);
        double tol = c->exact ? 1e-10 * fabs(ref) : last_digit_unit(c->value);
        cr_expect(fabs(f - ref) <= tol, "%s n = %d: f(x0) = %.17g, reference %s", c->name,
                  c->n, f, c->value);
        for (int i = 0; i < count; i++)
            if (strcmp(names[i], c->name) == 0) covered[i] = 1;
        hesse_testinstance_free(inst);
    }
    for (int i = 0; i < count; i++) cr_expect(covered[i], "%s has no f(x0) case", names[i]);
}

/* ---------------------------------------------------------------------------------- */
/* Derivatives against central differences                                             */

/* ∇f at x against central differences of f. Error of the difference: O(h²|f'''|)
   truncation + about eps|f|/h rounding per component; the tolerance is 1e-6 relative
   to ‖∇f‖∞ (the truncation term is ~eps^(2/3) ≈ 4e-11 relative for smooth f at the
   step used, so 1e-6 leaves room for large third derivatives) plus 100 eps|f|/h. */
static void check_gradient(const hesse_testinstance *inst, const double *x, const char *where)
{
    int n = inst->n;
    double *g = malloc(3 * (size_t)n * sizeof(double));
    double *xp = g + n, *fd = g + 2 * n;
    cr_assert_not_null(g);
    double f = test_eval_f(inst, x, g);
    memcpy(xp, x, (size_t)n * sizeof(double));
    for (int j = 0; j < n; j++) {
        double h = fd_step(x[j]);
        xp[j] = x[j] + h;
        double fplus = test_eval_f(inst, xp, NULL);
        xp[j] = x[j] - h;
        double fminus = test_eval_f(inst, xp, NULL);
        xp[j] = x[j];
        fd[j] = (fplus - fminus) / (2.0 * h);
    }
    double gmax = test_max_abs(n, g);
    for (int j = 0; j < n; j++) {
        double tol = 1e-6 * gmax + 100.0 * EPS * fabs(f) / fd_step(x[j]);
        cr_expect(fabs(g[j] - fd[j]) <= tol, "%s n = %d %s: g[%d] = %.12g, fd %.12g",
                  inst->def->name, n, where, j, g[j], fd[j]);
    }
    free(g);
}

/* ∇²f at x against central differences of ∇f, column by column. Tolerance for
   entry (i, j): 1e-6 relative to the larger of the ∞-norms of columns i and j (the
   Hessian of a badly scaled problem spans many orders of magnitude; this scale keeps
   each entry tested against its own row and column) plus 100 eps‖∇f‖∞/h for rounding.
   The matrix must also be exactly symmetric: it is assembled symmetrically. */
static void check_hessian(const hesse_testinstance *inst, const double *x, const char *where)
{
    int n = inst->n;
    size_t nn = (size_t)n * n;
    double *H = malloc((nn + 4 * (size_t)n + n) * sizeof(double));
    cr_assert_not_null(H);
    double *gp = H + nn, *gm = gp + n, *xp = gm + n, *colmax = xp + n, *g = colmax + n;
    int rc = inst->problem.hessian(n, x, H, inst->problem.data);
    cr_assert_eq(rc, 0, "%s: hessian refused x", inst->def->name);
    test_eval_f(inst, x, g);
    double gmax = test_max_abs(n, g);
    for (int j = 0; j < n; j++) colmax[j] = test_max_abs(n, H + (size_t)j * n);
    memcpy(xp, x, (size_t)n * sizeof(double));
    for (int j = 0; j < n; j++) {
        double h = fd_step(x[j]);
        xp[j] = x[j] + h;
        test_eval_f(inst, xp, gp);
        xp[j] = x[j] - h;
        test_eval_f(inst, xp, gm);
        xp[j] = x[j];
        gmax = fmax(gmax, fmax(test_max_abs(n, gp), test_max_abs(n, gm)));
        for (int i = 0; i < n; i++) {
            double fd = (gp[i] - gm[i]) / (2.0 * h);
            double tol = 1e-6 * fmax(colmax[i], colmax[j]) + 100.0 * EPS * gmax / h;
            cr_expect(fabs(H[i + (size_t)j * n] - fd) <= tol,
                      "%s n = %d %s: H[%d,%d] = %.12g, fd %.12g", inst->def->name, n, where,
                      i, j, H[i + (size_t)j * n], fd);
            cr_expect_eq(H[i + (size_t)j * n], H[j + (size_t)i * n],
                         "%s n = %d %s: H not symmetric at (%d,%d)", inst->def->name, n,
                         where, i, j);
        }
    }
    free(H);
}

/* Hessian-vector product against H·v with the full Hessian, for a random v. The two
   differ only by rounding: the sums are taken in a different order, and the Hessian
   2(JᵀJ + Σ r_i∇²r_i) may cancel. Each computed entry is within a few hundred eps of
   the magnitudes summed, bounded by Σ_j |H_ij v_j| + 2 Σ_k |J_ki| (|J||v|)_k (the second
   term covers the Gauss–Newton part before cancellation); 1e-11 ≈ 45000 eps of that. */
static void check_hessvec(const hesse_testinstance *inst, const double *x, const char *where,
                          unsigned long long *seed)
{
    int n = inst->n, m = ((const hesse__tp_params *)inst->problem.data)->m;
    size_t nn = (size_t)n * n;
    double *H = malloc((nn + 3 * (size_t)n + (size_t)m * (n + 2)) * sizeof(double));
    cr_assert_not_null(H);
    double *v = H + nn, *Hv = v + n, *scale = Hv + n, *r = scale + n, *J = r + m,
           *Jv = J + (size_t)m * n;
    for (int j = 0; j < n; j++) v[j] = uniform(seed);
    cr_assert_eq(inst->problem.hessian(n, x, H, inst->problem.data), 0);
    cr_assert_eq(inst->problem.hessvec(n, x, v, Hv, inst->problem.data), 0);
    const hesse__mgh_residual *res = hesse__mgh_residual_find(inst->def->name);
    cr_assert_not_null(res);
    cr_assert_eq(res->residual(n, m, x, r, J), 0);
    for (int i = 0; i < m; i++) {
        Jv[i] = 0.0;
        for (int j = 0; j < n; j++) Jv[i] += fabs(J[i + (size_t)j * m] * v[j]);
    }
    double bound = 0.0;
    for (int i = 0; i < n; i++) {
        double hv = 0.0, abs_hv = 0.0, gn = 0.0;
        for (int j = 0; j < n; j++) {
            hv += H[i + (size_t)j * n] * v[j];
            abs_hv += fabs(H[i + (size_t)j * n] * v[j]);
        }
        for (int k = 0; k < m; k++) gn += 2.0 * fabs(J[k + (size_t)i * m]) * Jv[k];
        scale[i] = hv;
        bound = fmax(bound, abs_hv + gn);
    }
    for (int i = 0; i < n; i++)
        cr_expect(fabs(Hv[i] - scale[i]) <= 1e-11 * bound,
                  "%s n = %d %s: Hv[%d] = %.15g, H*v %.15g", inst->def->name, n, where, i,
                  Hv[i], scale[i]);
    free(H);
}

/* Residual Jacobian (the interface used for F(x) = 0) against central differences of
   the residuals. Tolerance for J[i,j]: 1e-6 relative to the larger of the ∞-norms of
   row i and column j, plus 100 eps‖r‖∞/h for rounding (as for the gradient). */
static void check_jacobian(const hesse_testinstance *inst, const double *x, const char *where)
{
    int n = inst->n, m = ((const hesse__tp_params *)inst->problem.data)->m;
    const hesse__mgh_residual *res = hesse__mgh_residual_find(inst->def->name);
    cr_assert_not_null(res, "%s has no residual function", inst->def->name);
    cr_assert_eq(hesse__mgh_residual_count(inst->def->name, n), m);
    size_t mn = (size_t)m * n;
    double *J = malloc((mn + 3 * (size_t)m + n + n + m) * sizeof(double));
    cr_assert_not_null(J);
    double *r = J + mn, *rp = r + m, *rm = rp + m, *xp = rm + m, *colmax = xp + n,
           *rowmax = colmax + n;
    cr_assert_eq(res->residual(n, m, x, r, J), 0);
    for (int j = 0; j < n; j++) colmax[j] = test_max_abs(m, J + (size_t)j * m);
    for (int i = 0; i < m; i++) {
        rowmax[i] = 0.0;
        for (int j = 0; j < n; j++) rowmax[i] = fmax(rowmax[i], fabs(J[i + (size_t)j * m]));
    }
    double rmax = test_max_abs(m, r);
    memcpy(xp, x, (size_t)n * sizeof(double));
    for (int j = 0; j < n; j++) {
        double h = fd_step(x[j]);
        xp[j] = x[j] + h;
        cr_assert_eq(res->residual(n, m, xp, rp, NULL), 0);
        xp[j] = x[j] - h;
        cr_assert_eq(res->residual(n, m, xp, rm, NULL), 0);
        xp[j] = x[j];
        double rr = fmax(rmax, fmax(test_max_abs(m, rp), test_max_abs(m, rm)));
        for (int i = 0; i < m; i++) {
            double fd = (rp[i] - rm[i]) / (2.0 * h);
            double tol = 1e-6 * fmax(rowmax[i], colmax[j]) + 100.0 * EPS * rr / h;
            cr_expect(fabs(J[i + (size_t)j * m] - fd) <= tol,
                      "%s n = %d %s: J[%d,%d] = %.12g, fd %.12g", inst->def->name, n, where,
                      i, j, J[i + (size_t)j * m], fd);
        }
    }
    /* r alone (J = NULL) equals r computed with J */
    cr_assert_eq(res->residual(n, m, x, rp, NULL), 0);
    for (int i = 0; i < m; i++) cr_expect_eq(rp[i], r[i], "%s: r[%d] depends on J", inst->def->name, i);
    free(J);
}

static void check_derivatives(const char *name, int n)
{
    hesse_testinstance *inst = test_instance(name, n);
    n = inst->n;
    double *x = malloc((size_t)n * sizeof(double));
    cr_assert_not_null(x);
    /* Seed per problem and size, so that each problem sees the same points whatever
       the order the tests run in. */
    unsigned long long seed = 12345u + (unsigned long long)n;
    for (const char *p = name; *p; p++) seed = seed * 31u + (unsigned char)*p;
    for (int point = 0; point < 4; point++) {
        char where[32];
        if (point == 0) {
            memcpy(x, inst->x0, (size_t)n * sizeof(double));
            snprintf(where, sizeof where, "at x0");
        } else {
            /* random point near x0: each coordinate moved by up to 10% (at least 0.01) */
            for (int j = 0; j < n; j++)
                x[j] = inst->x0[j] + 0.1 * uniform(&seed) * fmax(fabs(inst->x0[j]), 0.1);
            snprintf(where, sizeof where, "at random point %d", point);
        }
        check_gradient(inst, x, where);
        check_hessian(inst, x, where);
        check_hessvec(inst, x, where, &seed);
        check_jacobian(inst, x, where);
    }
    free(x);
    hesse_testinstance_free(inst);
}

Test(mgh, derivatives_match_central_differences)
{
    const char *names[64];
    int count = mgh_names(names, 64);
    for (int k = 0; k < count; k++) {
        const hesse_testproblem *tp = hesse_testproblem_find(names[k]);
        check_derivatives(names[k], 0);
        int other = other_size(tp);
        if (other) check_derivatives(names[k], other);
    }
    /* sizes whose workspace (m + mn doubles) or scratch exceeds the callbacks' stack
       buffers, so that the allocating paths are exercised too */
    check_derivatives("EXT_ROSENBROCK", 50);
    check_derivatives("VARIABLY_DIMENSIONED", 48);
    check_derivatives("BROWN_ALMOST_LINEAR", 260);
}

/* ---------------------------------------------------------------------------------- */
/* Known minimizers                                                                    */

/* f(x*) = f*, and ∇f(x*) ≈ 0. x* is exact, or (Meyer, Kowalik–Osborne, Osborne 1)
   NIST's certified values to 11 significant digits; f* is exact or NIST's certified
   value to 11 digits. Tolerances: |f(x*) - f*| <= 1e-9|f*| + 1e-20 (11-digit data;
   1e-20 absolute for f* = 0, where the residuals are a few rounding errors). For the
   gradient, x* carries an error up to 5e-11|x*_j| (1e-15 when exact), so
   ∇f(x*) ≈ H δ with |(Hδ)_i| <= 5e-11 Σ_j |H_ij| max(|x*_j|, 1); the test allows 1e-9
   times that sum, a factor 20, plus 1e-12 absolute for rounding in ∇f. A wrong x*
   (off in the 6th digit) fails it by orders of magnitude. */
static void check_minimizer(const char *name, int n)
{
    hesse_testinstance *inst = test_instance(name, n);
    if (!inst->xstar) {
        hesse_testinstance_free(inst);
        return;
    }
    n = inst->n;
    cr_expect(!isnan(inst->fstar), "%s: x* known but f* is NaN", name);
    cr_expect(strlen(inst->fstar_source) > 0, "%s: f* without a source", name);
    double *H = malloc(((size_t)n * n + n) * sizeof(double));
    cr_assert_not_null(H);
    double *g = H + (size_t)n * n;
    double f = test_eval_f(inst, inst->xstar, g);
    cr_expect(fabs(f - inst->fstar) <= 1e-9 * fabs(inst->fstar) + 1e-20,
              "%s n = %d: f(x*) = %.17g, f* = %.17g", name, n, f, inst->fstar);
    cr_assert_eq(inst->problem.hessian(n, inst->xstar, H, inst->problem.data), 0);
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int j = 0; j < n; j++)
            sum += fabs(H[i + (size_t)j * n]) * fmax(fabs(inst->xstar[j]), 1.0);
        cr_expect(fabs(g[i]) <= 1e-9 * sum + 1e-12, "%s n = %d: g(x*)[%d] = %.3g", name, n,
                  i, g[i]);
    }
    free(H);
    hesse_testinstance_free(inst);
}

Test(mgh, known_minimizers_reach_fstar)
{
    static const char *with_xstar[] = {
        "ROSENBROCK", "FREUDENSTEIN_ROTH", "BROWN_BADLY_SCALED", "BEALE", "HELICAL_VALLEY",
        "MEYER", "GULF", "BOX3", "POWELL_SINGULAR", "WOOD", "KOWALIK_OSBORNE", "OSBORNE1",
        "BIGGS_EXP6", "EXT_ROSENBROCK", "EXT_POWELL", "VARIABLY_DIMENSIONED",
        "BROWN_ALMOST_LINEAR", "LINEAR_FULL_RANK", "LINEAR_RANK1", "LINEAR_RANK1_ZERO"};
    for (size_t k = 0; k < sizeof with_xstar / sizeof with_xstar[0]; k++) {
        hesse_testinstance *inst = test_instance(with_xstar[k], 0);
        cr_expect_not_null(inst->xstar, "%s should know its minimizer", with_xstar[k]);
        hesse_testinstance_free(inst);
    }
    const char *names[64];
    int count = mgh_names(names, 64);
    for (int k = 0; k < count; k++) {
        check_minimizer(names[k], 0);
        int other = other_size(hesse_testproblem_find(names[k]));
        if (other) check_minimizer(names[k], other);
    }
}

/* f* recorded for the sizes the paper reports, NaN elsewhere. */
Test(mgh, fstar_recorded_where_the_paper_gives_it)
{
    static const struct {
        const char *name;
        int n;
        double fstar; /* MGH81 as transcribed in mgh.csv; NaN = not reported */
    } cases[] = {
        {"WATSON", 6, 2.28767e-3},     {"WATSON", 9, 1.39976e-6},
        {"WATSON", 12, 4.72238e-10},   {"WATSON", 4, NAN},
        {"PENALTY_I", 4, 2.24997e-5},  {"PENALTY_I", 10, 7.08765e-5},
        {"PENALTY_I", 5, NAN},         {"PENALTY_II", 4, 9.37629e-6},
        {"PENALTY_II", 10, 2.93660e-4}, {"CHEBYQUAD", 8, 3.51687e-3},
        {"CHEBYQUAD", 10, 6.50395e-3}, {"CHEBYQUAD", 7, 0.0},
        {"CHEBYQUAD", 9, 0.0},         {"CHEBYQUAD", 11, NAN},
        {"BARD", 3, 8.21487e-3},       {"GAUSSIAN", 3, 1.12793e-8},
        {"JENNRICH_SAMPSON", 2, 124.362}, {"BROWN_DENNIS", 4, 85822.2},
        {"OSBORNE2", 11, 4.01377e-2},  {"MEYER", 3, 87.9458},
        {"KOWALIK_OSBORNE", 4, 3.07505e-4}, {"OSBORNE1", 5, 5.46489e-5},
        {"LINEAR_FULL_RANK", 5, 5.0},  {"LINEAR_RANK1", 5, 2.142857142857143},
        {"LINEAR_RANK1_ZERO", 5, 3.6470588235294117},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_testinstance *inst = test_instance(cases[k].name, cases[k].n);
        if (isnan(cases[k].fstar)) {
            cr_expect(isnan(inst->fstar), "%s n = %d: f* should be unknown", cases[k].name,
                      cases[k].n);
            cr_expect_str_eq(inst->fstar_source, "");
        } else {
            /* the paper gives 6 significant digits: agree to half a unit in the 6th
               (the NIST values used for Meyer, Kowalik–Osborne, Osborne 1 round to it) */
            cr_expect(fabs(inst->fstar - cases[k].fstar) <= 5e-6 * fabs(cases[k].fstar),
                      "%s n = %d: f* = %.10g, paper %.6g", cases[k].name, cases[k].n,
                      inst->fstar, cases[k].fstar);
            cr_expect(strlen(inst->fstar_source) > 0);
        }
        hesse_testinstance_free(inst);
    }
}

/* ---------------------------------------------------------------------------------- */
/* Sizes                                                                               */

Test(mgh, sizes_accepted_and_rejected)
{
    const char *names[64];
    int count = mgh_names(names, 64);
    for (int k = 0; k < count; k++) {
        const hesse_testproblem *tp = hesse_testproblem_find(names[k]);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        hesse_testinstance *inst = test_instance(names[k], 0);
        cr_expect_eq(inst->n, info.default_n, "%s", names[k]);
        hesse_testinstance_free(inst);
        int other = other_size(tp);
        if (other) {
            inst = test_instance(names[k], other);
            cr_expect_eq(inst->n, other);
            hesse_testinstance_free(inst);
        }
        /* the first rejected n in 1..40, else a negative n */
        int bad = -3;
        for (int n = 1; n <= 40; n++)
            if (!hesse_testproblem_accepts(tp, n)) {
                bad = n;
                break;
            }
        char msg[256], needle[32];
        inst = (hesse_testinstance *)1;
        hesse_status st = hesse_testinstance_create(tp, bad, &inst, msg, sizeof msg);
        cr_expect_eq(st, HESSE_EINVAL, "%s accepted n = %d", names[k], bad);
        cr_expect_null(inst);
        snprintf(needle, sizeof needle, "n = %d", bad);
        cr_expect(strstr(msg, needle) != NULL, "%s: message '%s' does not name n", names[k],
                  msg);
        cr_expect_eq(hesse__mgh_residual_count(names[k], bad), 0);
    }
}

Test(mgh, documented_sizes)
{
    static const struct {
        const char *name;
        int valid, invalid;
    } cases[] = {
        {"WATSON", 2, 1},          {"WATSON", 31, 32},           {"EXT_ROSENBROCK", 2, 3},
        {"EXT_ROSENBROCK", 100, 7}, {"EXT_POWELL", 8, 6},        {"EXT_POWELL", 4, 2},
        {"LINEAR_RANK1_ZERO", 3, 2}, {"OSBORNE2", 11, 10},       {"ROSENBROCK", 2, 4},
        {"CHEBYQUAD", 1, -1},      {"PENALTY_II", 1, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const hesse_testproblem *tp = hesse_testproblem_find(cases[k].name);
        cr_expect(hesse_testproblem_accepts(tp, cases[k].valid), "%s n = %d", cases[k].name,
                  cases[k].valid);
        cr_expect(!hesse_testproblem_accepts(tp, cases[k].invalid), "%s n = %d",
                  cases[k].name, cases[k].invalid);
    }
    /* m fixed by setup, as documented in `sizes` */
    static const struct {
        const char *name;
        int n, m;
    } msizes[] = {{"JENNRICH_SAMPSON", 2, 10}, {"BOX3", 3, 10},         {"GULF", 3, 99},
                  {"BROWN_DENNIS", 4, 20},     {"BIGGS_EXP6", 6, 13},   {"WATSON", 6, 31},
                  {"PENALTY_I", 4, 5},         {"PENALTY_II", 4, 8},
                  {"VARIABLY_DIMENSIONED", 10, 12}, {"LINEAR_FULL_RANK", 5, 10},
                  {"CHEBYQUAD", 8, 8},         {"BROYDEN_BANDED", 10, 10}};
    for (size_t k = 0; k < sizeof msizes / sizeof msizes[0]; k++)
        cr_expect_eq(hesse__mgh_residual_count(msizes[k].name, msizes[k].n), msizes[k].m,
                     "%s", msizes[k].name);
}

/* ---------------------------------------------------------------------------------- */
/* The residual interface and domains                                                  */

Test(mgh, residual_lookup)
{
    const char *names[64];
    int count = mgh_names(names, 64);
    for (int k = 0; k < count; k++) {
        const hesse__mgh_residual *res = hesse__mgh_residual_find(names[k]);
        cr_assert_not_null(res, "%s", names[k]);
        cr_expect_str_eq(res->name, names[k]);
    }
    cr_expect_not_null(hesse__mgh_residual_find("rosenbrock"), "lookup ignores case");
    cr_expect_null(hesse__mgh_residual_find("ROSENBR"), "CUTEst names are not MGH names");
    cr_expect_null(hesse__mgh_residual_find(NULL));
    cr_expect_eq(hesse__mgh_residual_count("NO_SUCH_PROBLEM", 2), 0);

    /* a square system vanishes at its known root */
    const hesse__mgh_residual *res = hesse__mgh_residual_find("HELICAL_VALLEY");
    double root[3] = {1.0, 0.0, 0.0}, r[3];
    cr_assert_eq(res->residual(3, 3, root, r, NULL), 0);
    for (int i = 0; i < 3; i++) cr_expect_eq(r[i], 0.0, "helical r[%d] at (1,0,0)", i);
}

Test(mgh, outside_the_domain_is_refused)
{
    static const struct {
        const char *name;
        double x[3];
    } cases[] = {
        {"HELICAL_VALLEY", {0.0, 0.0, 1.0}}, /* θ undefined at x1 = x2 = 0 */
        {"BARD", {1.0, 0.0, 0.0}},           /* v_i x2 + w_i x3 = 0 */
        {"MEYER", {1.0, 1.0, -50.0}},        /* t_1 + x3 = 0 */
        {"GULF", {0.0, 1.0, 1.0}},           /* x1 = 0 */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_testinstance *inst = test_instance(cases[k].name, 3);
        double f, g[3], H[9], v[3] = {1.0, 1.0, 1.0}, Hv[3];
        void *data = inst->problem.data;
        cr_expect_gt(inst->problem.objective(3, cases[k].x, &f, NULL, data), 0, "%s",
                     cases[k].name);
        cr_expect_gt(inst->problem.objective(3, cases[k].x, &f, g, data), 0, "%s",
                     cases[k].name);
        cr_expect_gt(inst->problem.hessian(3, cases[k].x, H, data), 0, "%s", cases[k].name);
        cr_expect_gt(inst->problem.hessvec(3, cases[k].x, v, Hv, data), 0, "%s",
                     cases[k].name);
        hesse_testinstance_free(inst);
    }
}

/* ---------------------------------------------------------------------------------- */
/* A short Newton run on every problem                                                 */

/* Not a convergence test (several MGH problems need more than 50 Newton iterations or
   end at a local minimum): the solve must end with a status, without crashing, and the
   f it reports must be f at the x it returns. Tolerance 0: both come from the same
   objective callback at the same x. */
Test(mgh, short_newton_run_reports_a_consistent_result)
{
    const hesse_method *newton = hesse_method_find("newton");
    cr_assert_not_null(newton);
    const char *names[64];
    int count = mgh_names(names, 64);
    for (int k = 0; k < count; k++) {
        hesse_testinstance *inst = test_instance(names[k], 0);
        int n = inst->n;
        double *x = malloc((size_t)n * sizeof(double));
        cr_assert_not_null(x);
        memcpy(x, inst->x0, (size_t)n * sizeof(double));
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = newton;
        opt.max_iter = 50;
        hesse_result res;
        hesse_status st = hesse_minimize(&inst->problem, x, &opt, &res);
        cr_expect_eq(st, res.status, "%s", names[k]);
        cr_expect(st != HESSE_RUNNING && strcmp(hesse_status_name(st), "UNKNOWN") != 0,
                  "%s: status %d (%s)", names[k], (int)st, res.message);
        cr_expect_eq(res.f, test_eval_f(inst, x, NULL), "%s: reported f differs from f(x)", names[k]);
        /* x is the last accepted point whatever the status, so f cannot exceed f(x0) */
        cr_expect(res.f <= test_eval_f(inst, inst->x0, NULL), "%s: Newton increased f", names[k]);
        free(x);
        hesse_testinstance_free(inst);
    }
}

/* Jennrich–Sampson's f* carries digits beyond the paper's 124.362 (problems/mgh_data.c):
   they must be what newton reaches from x0, at a point where the gradient test holds
   far below the default tolerance. */
Test(mgh, jennrich_sampson_fstar_digits_are_reached)
{
    hesse_testinstance *inst = test_instance("JENNRICH_SAMPSON", 2);
    double x[2] = {inst->x0[0], inst->x0[1]};
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_find("newton");
    opt.gtol = 1e-13;
    hesse_result res;
    cr_assert_eq(hesse_minimize(&inst->problem, x, &opt, &res), HESSE_SUCCESS, "%s",
                 res.message);
    cr_expect(fabs(res.f - inst->fstar) <= 1e-12 * inst->fstar, "f = %.17g, f* = %.17g",
              res.f, inst->fstar);
    cr_expect(fabs(inst->fstar - 124.362) <= 5e-4, "the paper's digits");
    hesse_testinstance_free(inst);
}
