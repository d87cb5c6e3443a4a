/*
 * The problem set against references that share no code with the problem's own
 * definition:
 *  - MGH problems at sizes where their callbacks form no Jacobian (problems/mgh.c: m·n
 *    above 65536 doubles), against the dense-Jacobian path at n = 260 and, at
 *    n = 10^5, against their CUTEst twins, the same functions written element by
 *    element in problems/cutest_b.c;
 *  - every CUTEst problem's f(x0) and ‖∇f(x0)‖ against tests/cutest_reference.csv,
 *    written by tests/cutest_reference.py from the SIF files, and against
 *    OptimizationProblems.jl's f(x0) in shared/reference/cutest_unc.csv (beside the
 *    checkout; skipped when absent) where that package follows the SIF;
 *  - the recorded f* and local minimum values, reached by newton from x0, and the
 *    verdicts of hesse_testinstance_judge.
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

/* The variable-size MGH problems; at n = 260 each has m·n >= 67600 > 65536. */
static const char *const mgh_variable[] = {
    "EXT_ROSENBROCK", "EXT_POWELL", "PENALTY_I", "PENALTY_II", "VARIABLY_DIMENSIONED",
    "TRIGONOMETRIC", "BROWN_ALMOST_LINEAR", "DISCRETE_BOUNDARY", "DISCRETE_INTEGRAL",
    "BROYDEN_TRIDIAGONAL", "BROYDEN_BANDED", "LINEAR_FULL_RANK", "LINEAR_RANK1",
    "LINEAR_RANK1_ZERO", "CHEBYQUAD"};

/* At n = 260, a point near x0: ∇f from the callback (no Jacobian formed) against
   2 Jᵀr from the dense residual Jacobian (checked against differences in
   tests/test_mgh.c), and ∇²f v against the dense Hessian times v. Both pairs sum the
   same products in another order: each entry agrees within 1e-13 of the sum of the
   magnitudes of its terms (a few hundred eps). */
Test(mgh_sparse, products_without_jacobian_match_the_dense_path)
{
    const int n = 260;
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
        /* the Gauss-Newton part 2 Jᵀ(Jv) may cancel against the rest: its terms,
           2 |J|ᵀ(|J| |v|), count in the size too (r is reused for |J| |v|) */
        for (int l = 0; l < m; l++) {
            r[l] = 0.0;
            for (int j = 0; j < n; j++) r[l] += fabs(J[l + (size_t)j * m] * v[j]);
        }
        for (int i = 0; i < n; i++) {
            double sum = 0.0, size = 0.0;
            for (int j = 0; j < n; j++) {
                sum += H[i + (size_t)j * n] * v[j];
                size += fabs(H[i + (size_t)j * n] * v[j]);
            }
            for (int l = 0; l < m; l++) size += 2.0 * fabs(J[l + (size_t)i * m]) * r[l];
            cr_expect(fabs(hv[i] - sum) <= 1e-13 * size + DBL_MIN,
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
    {"EXT_ROSENBROCK", "SROSENBR2"},    {"EXT_POWELL", "POWELLSG"},
    {"PENALTY_I", "PENALTY1"},          {"VARIABLY_DIMENSIONED", "VARDIM"},
    {"DISCRETE_BOUNDARY", "MOREBV"},
};

/* f, ∇f and ∇²f v of each pair at a random point near x0 (each coordinate moved by
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
        cr_expect(gerr <= tol * gmax, "%s n = %d: |g - g_%s| = %.3g of %.3g",
                  twins[k].mgh, n, twins[k].cutest, gerr, gmax);
        cr_expect(herr <= tol * hmax, "%s n = %d: |Hv - Hv_%s| = %.3g of %.3g",
                  twins[k].mgh, n, twins[k].cutest, herr, hmax);
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

/* ---- CUTEst against the SIF ---------------------------------------------------------- */

/* Splits a CSV line in place into at most max fields (double quotes protect commas);
   returns the number of fields. */
static int csv_fields(char *line, char **fields, int max)
{
    int count = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    while (count < max) {
        int quoted = *p == '"';
        if (quoted) p++;
        fields[count++] = p;
        char *end = quoted ? strchr(p, '"') : strchr(p, ',');
        if (!end) break;
        *end = '\0';
        p = end + 1;
        if (quoted && *p == ',') p++;
        else if (quoted) break;
    }
    return count;
}

/* f(x0), ||g(x0)||_2 and ||g(x0)||_inf of a problem at size n. */
static void at_start(const char *name, int n, double *f, double *g2, double *ginf)
{
    hesse_testinstance *inst = make(name, n);
    double *g = doubles((size_t)n);
    *f = eval_fg(inst, inst->x0, g);
    double sum = 0.0;
    *ginf = 0.0;
    for (int j = 0; j < n; j++) {
        sum += g[j] * g[j];
        *ginf = fmax(*ginf, fabs(g[j]));
    }
    *g2 = sqrt(sum);
    free(g);
    hesse_testinstance_free(inst);
}

#define REFERENCE_CSV HESSE_SOURCE_DIR "/tests/cutest_reference.csv"
#define SHARED_CSV HESSE_SOURCE_DIR "/../shared/reference/cutest_unc.csv"

/* Every problem of the "cutest" family at two sizes, against tests/cutest_reference.py
   (each objective typed in from its SIF file, summed exactly by math.fsum, its gradient
   by automatic differentiation). hesse sums in another order: within 1e-12 relative
   (the largest difference is 3.4e-14, MOREBV's gradient, whose residuals cancel to
   1e-4 of their terms); a wrong term, start or scaling is off by far more. */
Test(cutest_reference, every_problem_matches_its_sif_definition)
{
    FILE *in = fopen(REFERENCE_CSV, "r");
    cr_assert_not_null(in, "cannot open %s (written by tests/cutest_reference.py)",
                       REFERENCE_CSV);
    int nprob = hesse_testproblem_count(), rows = 0;
    int *seen = calloc((size_t)nprob, sizeof *seen);
    cr_assert_not_null(seen);
    char line[512], *field[8];
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '#' || strncmp(line, "problem,", 8) == 0) continue;
        cr_assert_eq(csv_fields(line, field, 8), 6, "%s: a row has not 6 fields", REFERENCE_CSV);
        const char *name = field[0];
        int n = atoi(field[1]);
        double ref_f = strtod(field[2], NULL), ref_g2 = strtod(field[3], NULL);
        double ref_ginf = strtod(field[4], NULL), f, g2, ginf;
        at_start(name, n, &f, &g2, &ginf);
        cr_expect(fabs(f - ref_f) <= 1e-12 * fabs(ref_f), "%s n = %d: f(x0) = %.17g, SIF %.17g",
                  name, n, f, ref_f);
        cr_expect(fabs(g2 - ref_g2) <= 1e-12 * ref_g2, "%s n = %d: |g(x0)|_2 = %.17g, SIF %.17g",
                  name, n, g2, ref_g2);
        cr_expect(fabs(ginf - ref_ginf) <= 1e-12 * ref_ginf,
                  "%s n = %d: |g(x0)|_inf = %.17g, SIF %.17g", name, n, ginf, ref_ginf);
        for (int i = 0; i < nprob; i++) {
            hesse_testproblem_info info;
            hesse_testproblem_get_info(hesse_testproblem_at(i), &info);
            if (strcmp(info.name, name) == 0) seen[i]++;
        }
        rows++;
    }
    fclose(in);
    cr_expect_gt(rows, 0, "%s has no rows", REFERENCE_CSV);
    for (int i = 0; i < nprob; i++) {
        hesse_testproblem_info info;
        hesse_testproblem_get_info(hesse_testproblem_at(i), &info);
        if (strcmp(info.family, "cutest") == 0)
            cr_expect_eq(seen[i], 2, "%s: %d reference rows, expected 2", info.name, seen[i]);
    }
    free(seen);
}

/* Where OptimizationProblems.jl's f(x0) (shared/reference/cutest_unc.csv, n = 100,
   DIXMAAN 99) agrees with the SIF (the opj_row column of tests/cutest_reference.csv),
   hesse must agree with it too: a third implementation, in Julia. Printed to ~16
   digits and summed in another order: 1e-12 relative. */
Test(cutest_reference, optimizationproblems_jl_where_it_follows_the_sif)
{
    FILE *shared = fopen(SHARED_CSV, "r");
    if (!shared)
        cr_skip("%s is not there (it sits beside the checkout, in shared/reference): no "
                "OptimizationProblems.jl values to compare with", SHARED_CSV);
    char line[4096], *field[16];
    int opj_col = -1, nshared = 0;
    char names[64][16];
    double values[64];
    while (fgets(line, sizeof line, shared) && nshared < 64) {
        if (line[0] == '#') continue;
        int count = csv_fields(line, field, 16);
        if (opj_col < 0) {
            for (int k = 0; k < count; k++)
                if (strncmp(field[k], "OPJ_best_known_upper_bound", 26) == 0) opj_col = k;
            cr_assert_geq(opj_col, 0, "%s: no OPJ_best_known_upper_bound column", SHARED_CSV);
            continue;
        }
        if (count <= opj_col || field[opj_col][0] == '\0') continue;
        snprintf(names[nshared], sizeof names[nshared], "%s", field[0]);
        values[nshared++] = strtod(field[opj_col], NULL);
    }
    fclose(shared);
    FILE *in = fopen(REFERENCE_CSV, "r");
    cr_assert_not_null(in, "cannot open %s", REFERENCE_CSV);
    int compared = 0;
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '#' || strncmp(line, "problem,", 8) == 0) continue;
        if (csv_fields(line, field, 8) != 6 || field[5][0] == '\0') continue;
        int k = 0;
        while (k < nshared && strcmp(names[k], field[5]) != 0) k++;
        cr_assert_lt(k, nshared, "%s names OPJ row %s, not in %s", REFERENCE_CSV, field[5],
                     SHARED_CSV);
        double f, g2, ginf;
        at_start(field[0], atoi(field[1]), &f, &g2, &ginf);
        cr_expect(fabs(f - values[k]) <= 1e-12 * fabs(values[k]),
                  "%s n = %s: f(x0) = %.17g, OptimizationProblems.jl %.17g", field[0], field[1],
                  f, values[k]);
        compared++;
    }
    fclose(in);
    cr_expect_geq(compared, 30, "only %d problems compared with OptimizationProblems.jl",
                  compared);
}

/* ---- recorded optimal and local values --------------------------------------------- */

/* The f* and local values recorded to 13 digits (problems/cutest_a.c, problems/mgh.c)
   are where newton from x0 ends: it must reach each within 1e-12 relative (the record
   is rounded to 5e-13 relative at most; f at ||g||_inf <= 1e-13 is off by far less). */
Test(recorded_values, newton_from_x0_reaches_them)
{
    static const struct {
        const char *name;
        int n;
        int local; /* 0: the value is f*, 1: flocal[0] */
    } cases[] = {
        {"CRAGGLVY", 10, 0}, {"CRAGGLVY", 50, 0},       {"CRAGGLVY", 100, 0},
        {"EDENSCH", 36, 0},  {"BDQRTIC", 100, 0},       {"FREUROTH", 10, 1},
        {"FREUROTH", 50, 1}, {"FREUROTH", 100, 1},      {"EG2", 10, 1},
        {"EG2", 100, 1},     {"FREUDENSTEIN_ROTH", 2, 1}, {"TRIGONOMETRIC", 10, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_testinstance *inst = make(cases[k].name, cases[k].n);
        int n = inst->n;
        double value = cases[k].local ? inst->flocal[0] : inst->fstar;
        cr_assert(cases[k].local ? inst->nlocal >= 1 : !isnan(inst->fstar),
                  "%s n = %d: nothing recorded", cases[k].name, n);
        cr_expect(strlen(cases[k].local ? inst->flocal_source : inst->fstar_source) > 0,
                  "%s n = %d: no source", cases[k].name, n);
        double *x = doubles((size_t)n);
        memcpy(x, inst->x0, (size_t)n * sizeof *x);
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find("newton");
        opt.gtol = 1e-13;
        hesse_result r;
        hesse_minimize(&inst->problem, x, &opt, &r);
        cr_expect(r.gnorm <= 1e-12 * fmax(1.0, fabs(r.f)), "%s n = %d: %s, |g| = %.3g",
                  cases[k].name, n, r.message, r.gnorm);
        cr_expect(fabs(r.f - value) <= 1e-12 * fabs(value), "%s n = %d: newton f = %.17g, "
                  "recorded %.17g", cases[k].name, n, r.f, value);
        free(x);
        hesse_testinstance_free(inst);
    }
}

/* Local values are given to the sizes they were measured at, and no others. */
Test(recorded_values, local_values_by_size)
{
    hesse_testinstance *inst = make("FREUROTH", 500);
    cr_expect_eq(inst->nlocal, 2, "FREUROTH n = 500: the SIF's and newton's");
    cr_expect(isnan(inst->fstar));
    hesse_testinstance_free(inst);
    inst = make("FREUROTH", 12);
    cr_expect_eq(inst->nlocal, 0);
    cr_expect_str_eq(inst->flocal_source, "");
    hesse_testinstance_free(inst);
    inst = make("FREUROTH", 2);
    cr_expect_eq(inst->nlocal, 1);
    cr_expect_eq(inst->fstar, 0.0, "n = 2: the global minimum is known");
    hesse_testinstance_free(inst);
    inst = make("ROSENBROCK", 0);
    cr_expect_eq(inst->nlocal, 0);
    hesse_testinstance_free(inst);
}

/* The verdicts of hesse_testinstance_judge on results built by hand. */
Test(recorded_values, judge_global_local_unsolved)
{
    hesse_result r;
    memset(&r, 0, sizeof r);
    r.status = HESSE_SUCCESS;
    r.point = HESSE_POINT_UNKNOWN;
    r.nneg = -1;

    hesse_testinstance *trig = make("TRIGONOMETRIC", 10); /* f* = 0, local 2.795e-5 */
    r.f = 1e-9;
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_SOLVED_GLOBAL);
    r.f = trig->flocal[0] * (1.0 + 1e-9);
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_SOLVED_LOCAL, "recorded local");
    r.status = HESSE_LINESEARCH_FAILED;
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_UNSOLVED, "gradient test not met");
    r.status = HESSE_SUCCESS;
    r.f = 1e-3; /* above f*, not recorded: the classification decides */
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_UNSOLVED, "point unknown");
    r.point = HESSE_POINT_MINIMUM;
    r.nneg = 0;
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_SOLVED_LOCAL, "a strict minimum");
    r.point = HESSE_POINT_DEGENERATE;
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_SOLVED_LOCAL, "no negative curvature");
    r.nneg = 1;
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_UNSOLVED, "negative curvature");
    r.point = HESSE_POINT_SADDLE;
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_UNSOLVED);
    r.point = HESSE_POINT_MINIMUM;
    r.nneg = 0;
    r.f = -1e-3; /* below the recorded global value: not a local minimum above it */
    cr_expect_eq(hesse_testinstance_judge(trig, &r), HESSE_UNSOLVED);
    hesse_testinstance_free(trig);

    hesse_testinstance *freuroth = make("FREUROTH", 100); /* f* unknown, one local value */
    r.f = freuroth->flocal[0];
    cr_expect_eq(hesse_testinstance_judge(freuroth, &r), HESSE_SOLVED_LOCAL);
    r.f = 11000.0; /* f* unknown: the gradient test alone, as before */
    cr_expect_eq(hesse_testinstance_judge(freuroth, &r), HESSE_SOLVED_GLOBAL);
    cr_expect_eq(hesse_testinstance_judge(NULL, &r), HESSE_UNSOLVED);
    cr_expect_eq(hesse_testinstance_judge(freuroth, NULL), HESSE_UNSOLVED);
    hesse_testinstance_free(freuroth);
}
