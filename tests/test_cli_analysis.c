/*
 * Tests of the analysis commands of the hesse command line (gradient, hessian,
 * classify, critical, convexity, check, minimize, and compare on a formula), run as
 * the built binary (HESSE_CLI_PATH). Expected values are worked out here by hand from
 * the formulas (derivatives in the comments), not read back from the library:
 *   - the seed page's example f = x³ + 3x² − 4xy + y⁴ + 4y²: its Hessian as text and
 *     at (1, 0), and its two critical points in [-3, 3]²;
 *   - x²y + xy², x^y, exp(-x)·sin(yz), a quadratic saddle, Rosenbrock as a problem;
 *   - JSON output: valid (Python's parser, tests/test_cli.h), with the documented keys;
 *   - bad usage and formula syntax errors: exit status 2, nothing on stdout.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_cli.h"

#define SEED "x^3+3*x^2-4*x*y+y^4+4*y^2"
#define PI 3.14159265358979323846

typedef cli_output run_result;

/* Run hesse with the NULL-terminated arguments (after the program name). */
static run_result run_cli(const char *const *args)
{
    run_result r;
    cli_run(&r, args);
    return r;
}

static void run_free(run_result *r)
{
    cli_release(r);
}

#define RUN(...) run_cli((const char *const[]){__VA_ARGS__, NULL})

/* ---- a small JSON reader: validates, and finds members of the top-level object ---- */

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r') (*p)++;
}

static int json_value(const char **p);

static int json_string(const char **p)
{
    if (**p != '"') return 0;
    for ((*p)++; **p && **p != '"'; (*p)++) {
        if ((unsigned char)**p < 0x20) return 0;
        if (**p == '\\' && !*++(*p)) return 0;
    }
    if (**p != '"') return 0;
    (*p)++;
    return 1;
}

static int json_value(const char **p)
{
    skip_ws(p);
    if (**p == '{' || **p == '[') {
        char close = **p == '{' ? '}' : ']';
        int object = close == '}';
        (*p)++;
        skip_ws(p);
        if (**p == close) {
            (*p)++;
            return 1;
        }
        for (;;) {
            skip_ws(p);
            if (object) {
                if (!json_string(p)) return 0;
                skip_ws(p);
                if (*(*p)++ != ':') return 0;
            }
            if (!json_value(p)) return 0;
            skip_ws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            if (**p != close) return 0;
            (*p)++;
            return 1;
        }
    }
    if (**p == '"') return json_string(p);
    if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "null", 4) == 0) {
        *p += 4;
        return 1;
    }
    if (strncmp(*p, "false", 5) == 0) {
        *p += 5;
        return 1;
    }
    char *end;
    strtod(*p, &end);
    if (end == *p) return 0;
    *p = end;
    return 1;
}

/* 1 when text is exactly one JSON value (and whitespace). */
static int json_valid(const char *text)
{
    const char *p = text;
    if (!json_value(&p)) return 0;
    skip_ws(&p);
    return *p == '\0';
}

/* The value of the top-level member key (a pointer into text), or NULL. */
static const char *json_member(const char *text, const char *key)
{
    const char *p = text;
    skip_ws(&p);
    if (*p++ != '{') return NULL;
    for (;;) {
        skip_ws(&p);
        const char *k = p;
        if (!json_string(&p)) return NULL;
        size_t len = (size_t)(p - k) - 2;
        skip_ws(&p);
        if (*p++ != ':') return NULL;
        skip_ws(&p);
        if (strlen(key) == len && strncmp(k + 1, key, len) == 0) return p;
        if (!json_value(&p)) return NULL;
        skip_ws(&p);
        if (*p++ != ',') return NULL;
    }
}

/* All numbers of a value (nested arrays flattened, row by row); returns the count. */
static int json_numbers(const char *value, double *out, int max)
{
    const char *p = value, *end = value;
    cr_assert(json_value(&end), "not a JSON value: %.40s", value);
    int count = 0;
    while (p < end) {
        if (*p == '-' || (*p >= '0' && *p <= '9')) {
            char *e;
            double v = strtod(p, &e);
            cr_assert(count < max);
            out[count++] = v;
            p = e;
        } else {
            p++;
        }
    }
    return count;
}

static double json_number(const char *text, const char *key)
{
    const char *v = json_member(text, key);
    cr_assert_not_null(v, "no member %s", key);
    double x;
    cr_assert_eq(json_numbers(v, &x, 1), 1, "%s is not one number", key);
    return x;
}

/* 1 when the member's value is the JSON string s. */
static int json_is(const char *text, const char *key, const char *s)
{
    const char *v = json_member(text, key);
    return v && v[0] == '"' && strncmp(v + 1, s, strlen(s)) == 0 && v[1 + strlen(s)] == '"';
}

static void assert_keys(const char *text, const char *const *keys)
{
    cr_assert(json_valid(text), "invalid JSON: %s", text);
    for (; *keys; keys++) cr_assert_not_null(json_member(text, *keys), "key %s missing in %s", *keys, text);
}

/* Compare a numeric member with n expected values. */
static void assert_numbers(const char *text, const char *key, int n, const double *want, double tol)
{
    double got[64];
    const char *v = json_member(text, key);
    cr_assert_not_null(v, "no member %s", key);
    cr_assert_eq(json_numbers(v, got, 64), n, "%s: wrong count", key);
    for (int i = 0; i < n; i++)
        cr_assert(fabs(got[i] - want[i]) <= tol * fmax(1.0, fabs(want[i])), "%s[%d] = %.17g, expected %.17g", key,
                  i, got[i], want[i]);
}

/* ---- the seed example ----------------------------------------------------------------- */

Test(cli_analysis, seed_hessian_text)
{
    run_result r = RUN("hessian", SEED, "--at", "1,0");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_str_empty(r.err);
    /* f_xx = 6x + 6, f_xy = -4, f_yy = 12y² + 8: the symbolic Hessian ... */
    cr_assert_not_null(strstr(r.out, "[[6*x + 6, -4], [-4, 12*y^2 + 8]]"), "%s", r.out);
    /* ... and at (1, 0): [[12, -4], [-4, 8]]; Δ1 = 12 > 0, Δ2 = 96 - 16 = 80 > 0 */
    cr_assert_not_null(strstr(r.out, "[[12, -4], [-4, 8]]"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "positive definite"));
    cr_assert_not_null(strstr(r.out, "agree"));
    /* ∇f(1, 0) = (3 + 6 - 0, -4 + 0 + 0) = (9, -4) ≠ 0 */
    cr_assert_not_null(strstr(r.out, "not stationary"));
    run_free(&r);
}

Test(cli_analysis, seed_hessian_json)
{
    run_result r = RUN("hessian", SEED, "--at", "1,0", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_keys(r.out, (const char *const[]){"target", "variables", "hessian_formulas", "at", "f", "gradient",
                                             "gnorm", "stationary", "hessian", "eigenvalues", "minors",
                                             "inertia", "definiteness", "laplacian", "point", NULL});
    /* f(1, 0) = 1 + 3 = 4; exact polynomial arithmetic, so only rounding */
    cr_assert_float_eq(json_number(r.out, "f"), 4.0, 1e-14);
    assert_numbers(r.out, "gradient", 2, (const double[]){9, -4}, 1e-14);
    assert_numbers(r.out, "hessian", 4, (const double[]){12, -4, -4, 8}, 1e-14);
    /* eigenvalues of [[12,-4],[-4,8]]: 10 ∓ sqrt(4 + 16) = 10 ∓ 2√5; dsyevr is
       backward stable, 1e-12 is a few hundred ulps at this size */
    assert_numbers(r.out, "eigenvalues", 2, (const double[]){10 - 2 * sqrt(5.0), 10 + 2 * sqrt(5.0)}, 1e-12);
    /* minors Δ1 = 12, Δ2 = 80, from LDLᵀ pivots: same tolerance */
    assert_numbers(r.out, "minors", 2, (const double[]){12, 80}, 1e-12);
    cr_assert(json_is(r.out, "point", "not stationary"));
    run_free(&r);
}

/* Residual of the seed gradient, ∇f = (3x² + 6x - 4y, -4x + 4y³ + 8y). */
static double seed_gnorm(double x, double y)
{
    return fmax(fabs(3 * x * x + 6 * x - 4 * y), fabs(-4 * x + 4 * y * y * y + 8 * y));
}

Test(cli_analysis, seed_critical_points)
{
    run_result r = RUN("critical", SEED, "--box", "-3,3", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_keys(r.out, (const char *const[]){"box", "nstarts", "points", NULL});
    const char *pts = json_member(r.out, "points");
    double v[64];
    /* two points, each x (2), f, gnorm, npos, nneg, nzero, lambda_min, lambda_max, hits */
    cr_assert_eq(json_numbers(pts, v, 64), 20, "%s", r.out);
    /* sorted by f: the minimum (0, 0) with f = 0 first */
    cr_assert(fabs(v[0]) < 1e-8 && fabs(v[1]) < 1e-8, "(%g, %g)", v[0], v[1]); /* solve_gtol 1e-10 */
    /* the saddle: the seed gives (-1.43698, -0.60679) to 5 decimals */
    cr_assert(fabs(v[10] + 1.43698) < 1e-5 && fabs(v[11] + 0.60679) < 1e-5, "(%g, %g)", v[10], v[11]);
    /* and it is a zero of the gradient worked out by hand (solve_gtol 1e-10 · max(1,|f|),
       f ≈ 1.35) */
    cr_assert_lt(seed_gnorm(v[10], v[11]), 1e-9);
    cr_assert_not_null(strstr(pts, "\"minimum\""));
    cr_assert_not_null(strstr(pts, "\"saddle\""));
    cr_assert(strstr(pts, "\"minimum\"") < strstr(pts, "\"saddle\""));
    run_free(&r);

    r = RUN("critical", SEED, "--box", "-3,3");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "2 critical points"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "(x, y) = (0, 0)  minimum"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "(x, y) = (-1.43698, -0.60678"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "saddle"));
    run_free(&r);
}

Test(cli_analysis, critical_box_per_coordinate)
{
    /* Only the minimum lies in x ∈ [-0.5, 0.5], y ∈ [-1, 1] */
    run_result r = RUN("critical", SEED, "--box", "-0.5:0.5,-1:1", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    double v[64];
    cr_assert_eq(json_numbers(json_member(r.out, "points"), v, 64), 10, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"minimum\""));
    run_free(&r);
}

/* ---- other formulas ------------------------------------------------------------------- */

Test(cli_analysis, mixed_cubic_indefinite)
{
    /* f = x²y + xy²: f_xx = 2y, f_xy = 2x + 2y, f_yy = 2x -> [[2, 4], [4, 2]] at (1, 1),
       eigenvalues 2 ∓ 4 = -2, 6 */
    run_result r = RUN("hessian", "x^2*y+x*y^2", "--at", "1,1", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_numbers(r.out, "hessian", 4, (const double[]){2, 4, 4, 2}, 1e-14);
    assert_numbers(r.out, "eigenvalues", 2, (const double[]){-2, 6}, 1e-12); /* dsyevr */
    cr_assert_not_null(strstr(r.out, "\"eigenvalues\": \"indefinite\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"sylvester\": \"indefinite\""));
    cr_assert_not_null(strstr(r.out, "\"consistent\": true"));
    run_free(&r);
    r = RUN("hessian", "x^2*y+x*y^2", "--at", "1,1");
    cr_assert_not_null(strstr(r.out, "[[2, 4], [4, 2]]"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "indefinite"));
    run_free(&r);
}

Test(cli_analysis, power_xy)
{
    /* f = x^y: f_xx = y(y-1)x^(y-2) = 0, f_xy = x^(y-1)(1 + y log x) = 1,
       f_yy = x^y log²x = 0 at (1, 1); ∇f = (y x^(y-1), x^y log x) = (1, 0) */
    run_result r = RUN("hessian", "x^y", "--at", "1,1", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_numbers(r.out, "hessian", 4, (const double[]){0, 1, 1, 0}, 1e-14);
    assert_numbers(r.out, "gradient", 2, (const double[]){1, 0}, 1e-14);
    assert_numbers(r.out, "eigenvalues", 2, (const double[]){-1, 1}, 1e-12); /* dsyevr */
    cr_assert(json_is(r.out, "point", "not stationary"));
    run_free(&r);
    r = RUN("hessian", "x^y", "--at", "1,1");
    cr_assert_not_null(strstr(r.out, "[[0, 1], [1, 0]]"), "%s", r.out);
    run_free(&r);
}

Test(cli_analysis, exp_sin_three_variables)
{
    /* f = e^{-x} sin(yz), s = sin(yz), c = cos(yz):
       H = e^{-x} [[s, -zc, -yc], [-zc, -z²s, c - yzs], [-yc, c - yzs, -y²s]] */
    run_result r = RUN("hessian", "exp(-x)*sin(y*z)", "--at", "0,1,pi", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    double x = 0, y = 1, z = PI, e = exp(-x), s = sin(y * z), c = cos(y * z);
    double H[9] = {e * s,      -z * e * c,            -y * e * c,           -z * e * c,      -z * z * e * s,
                   e * (c - y * z * s), -y * e * c, e * (c - y * z * s), -y * y * e * s};
    /* the same operations in another order: 1e-13 relative (absolute below 1) */
    assert_numbers(r.out, "hessian", 9, H, 1e-13);
    assert_numbers(r.out, "gradient", 3, (const double[]){-e * s, z * e * c, y * e * c}, 1e-13);
    /* det H = 2·π·1·(-1) < 0 and trace ≈ 0: one negative and two positive eigenvalues */
    cr_assert_not_null(strstr(r.out, "\"npos\": 2, \"nneg\": 1, \"nzero\": 0"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"eigenvalues\": \"indefinite\""));
    /* each eigenvalue is a root of λ³ - (π² + 2)λ + 2π (the characteristic polynomial
       of [[0, π, 1], [π, 0, -1], [1, -1, 0]]); 1e-10 covers the O(1e-16) diagonal */
    double ev[3];
    cr_assert_eq(json_numbers(json_member(r.out, "eigenvalues"), ev, 3), 3);
    for (int i = 0; i < 3; i++)
        cr_assert_lt(fabs(ev[i] * ev[i] * ev[i] - (PI * PI + 2) * ev[i] + 2 * PI), 1e-10);
    cr_assert(json_is(r.out, "point", "not stationary"));
    run_free(&r);
}

Test(cli_analysis, quadratic_saddle_classified)
{
    /* f = x² + 2xy - y² + 4x - 4y: ∇f = (2x + 2y + 4, 2x - 2y - 4) = 0 at (0, -2);
       H = [[2, 2], [2, -2]], det = -8 < 0: a saddle */
    run_result r = RUN("classify", "x^2+2*x*y-y^2+4*x-4*y", "--at", "0,-2", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_keys(r.out, (const char *const[]){"gnorm", "eigenvalues", "minors", "inertia", "point", NULL});
    cr_assert(json_is(r.out, "point", "saddle"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"stationary\": true"));
    cr_assert_float_eq(json_number(r.out, "gnorm"), 0.0, 1e-14);
    assert_numbers(r.out, "minors", 2, (const double[]){2, -8}, 1e-12); /* LDLᵀ pivots */
    run_free(&r);
    r = RUN("classify", "x^2+2*x*y-y^2+4*x-4*y", "--at", "0,-2");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "saddle"), "%s", r.out);
    run_free(&r);
}

Test(cli_analysis, gradient_command)
{
    run_result r = RUN("gradient", SEED, "--at", "1,0", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_keys(r.out, (const char *const[]){"gradient_formulas", "gradient", "gnorm", NULL});
    assert_numbers(r.out, "gradient", 2, (const double[]){9, -4}, 1e-14); /* see seed_hessian_text */
    run_free(&r);
    /* without a point: the formulas only */
    r = RUN("gradient", "x*y");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "gradient = [y, x]"), "%s", r.out);
    run_free(&r);
}

Test(cli_analysis, convexity)
{
    /* x² + y² has H = 2I everywhere; x²y + xy² has det H = 4xy - 4(x + y)² < 0 for
       x, y > 0: neither */
    run_result r = RUN("convexity", "x^2+y^2", "--box", "-1,1", "--samples", "20", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_keys(r.out, (const char *const[]){"verdict", "nsamples", "not_convex_at", "note", NULL});
    cr_assert(json_is(r.out, "verdict", "strictly convex"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"not_convex_at\": null"));
    run_free(&r);
    r = RUN("convexity", "x^2*y+x*y^2", "--box", "0.5,2", "--samples", "20");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "neither"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "not convex: lambda_min"));
    cr_assert_not_null(strstr(r.out, "sampling proves only the negative"));
    run_free(&r);
}

Test(cli_analysis, derivative_check)
{
    run_result r = RUN("check", "exp(-x)*sin(y*z)", "--at", "0.3,1,2", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_keys(r.out, (const char *const[]){"grad_max_error", "grad_worst", "hess_worst", "pass", NULL});
    cr_assert_not_null(strstr(r.out, "\"pass\": true"));
    run_free(&r);
    r = RUN("check", "ROSENBROCK");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "result: pass"), "%s", r.out);
    run_free(&r);
}

/* ---- problems as targets -------------------------------------------------------------- */

Test(cli_analysis, rosenbrock_problem)
{
    /* f = 100(y - x²)² + (1 - x)²: f_xx = 1200x² - 400y + 2 = 802, f_xy = -400x = -400,
       f_yy = 200 at (1, 1), the minimizer */
    run_result r = RUN("hessian", "rosenbrock", "--at", "1,1", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_numbers(r.out, "hessian", 4, (const double[]){802, -400, -400, 200}, 1e-14);
    cr_assert(json_is(r.out, "point", "minimum"), "%s", r.out);
    cr_assert(json_is(r.out, "target", "ROSENBROCK"));
    run_free(&r);
    r = RUN("hessian", "ROSENBROCK", "--at", "1,1");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "[[802, -400], [-400, 200]]"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "minimum"));
    run_free(&r);
}

/* ---- minimize and compare ------------------------------------------------------------- */

Test(cli_analysis, minimize_formula)
{
    run_result r = RUN("minimize", "(x-1)^2+(y+2)^2", "--x0", "0,0", "--format", "json");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    assert_keys(r.out, (const char *const[]){"status", "f", "gnorm", "iterations", "nfev", "point", "x", NULL});
    /* gtol 1e-8 on ‖g‖∞ = 2‖x - x*‖∞ bounds the error by 5e-9 */
    assert_numbers(r.out, "x", 2, (const double[]){1, -2}, 5e-9);
    cr_assert(json_is(r.out, "status", "SUCCESS"));
    cr_assert(json_is(r.out, "point", "minimum"));
    run_free(&r);
    r = RUN("minimize", "(x-1)^2+(y+2)^2", "--x0", "0,0", "--method", "gd");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "method      gd"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "x           x = 1, y = -2"), "%s", r.out);
    run_free(&r);
}

Test(cli_analysis, compare_formula)
{
    run_result r = RUN("compare", "100*(y-x^2)^2+(1-x)^2", "--vars", "x,y", "--x0", "-1.2,1", "--methods",
                       "newton,gd");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "\nnewton "), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\ngd "), "%s", r.out);
    run_free(&r);
    /* a formula has no default start */
    r = RUN("compare", "100*(y-x^2)^2+(1-x)^2", "--methods", "newton");
    cr_assert_eq(r.status, 2);
    cr_assert_str_empty(r.out);
    run_free(&r);
}

/* ---- errors ---------------------------------------------------------------------------- */

Test(cli_analysis, syntax_error_caret)
{
    const char *text = "x^2 + * y";
    run_result r = RUN("hessian", text, "--at", "1,2");
    cr_assert_eq(r.status, 2);
    cr_assert_str_empty(r.out);
    /* line 1 the formula, line 2 the caret under the '*', line 3 the reason */
    char *l2 = strchr(r.err, '\n');
    cr_assert_not_null(l2, "%s", r.err);
    cr_assert(strncmp(r.err, text, strlen(text)) == 0, "%s", r.err);
    l2++;
    int column = (int)(strchr(text, '*') - text);
    for (int k = 0; k < column; k++) cr_assert_eq(l2[k], ' ', "%s", r.err);
    cr_assert_eq(l2[column], '^', "%s", r.err);
    cr_assert_eq(l2[column + 1], '\n');
    char *l3 = l2 + column + 2;
    cr_assert(strchr(l3, '\n') == l3 + strlen(l3) - 1, "one line of reason: %s", l3);
    run_free(&r);
}

Test(cli_analysis, error_without_column)
{
    /* a bad variable list has no place in the text (column -1): no caret line */
    run_result r = RUN("hessian", "x+y", "--vars", "x,x");
    cr_assert_eq(r.status, 2);
    cr_assert_str_empty(r.out);
    cr_assert_null(strchr(r.err, '^'), "%s", r.err);
    run_free(&r);
}

Test(cli_analysis, usage_errors)
{
    const char *const *cases[] = {
        (const char *const[]){"hessian", "x^2", "--bogus", "1", NULL},
        (const char *const[]){"hessian", "x^2", "--at", "1,2", NULL},     /* 2 values for 1 variable */
        (const char *const[]){"hessian", "x^2", "--at", "abc", NULL},
        (const char *const[]){"classify", "x^2", NULL},                   /* a formula needs --at */
        (const char *const[]){"critical", "x^2", NULL},                   /* --box is required */
        (const char *const[]){"critical", "x^2", "--box", "3,1", NULL},   /* empty box */
        (const char *const[]){"hessian", "ROSENBRCK", NULL},              /* no such problem */
        (const char *const[]){"hessian", "x+y", "--n", "3", NULL},        /* --n is for problems */
        (const char *const[]){"hessian", "ROSENBROCK", "--vars", "a,b", NULL},
        (const char *const[]){"hessian", "2+3", NULL},                    /* no variables */
        (const char *const[]){"hessian", "x^2", "--format", "csv", NULL},
        (const char *const[]){"minimize", "x^2", NULL},                   /* --x0 needed */
        (const char *const[]){"gradient", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        run_result r = run_cli(cases[k]);
        cr_assert_eq(r.status, 2, "case %zu (%s %s): status %d", k, cases[k][0], cases[k][1], r.status);
        cr_assert_str_empty(r.out, "case %zu", k);
        cr_assert_not_null(strchr(r.err, '\n'), "case %zu: no message", k);
        run_free(&r);
    }
}

Test(cli_analysis, domain_error_at_point)
{
    /* log x is undefined at x = -1: the work fails (1), it is not bad usage */
    run_result r = RUN("hessian", "log(x)", "--at", "-1");
    cr_assert_eq(r.status, 1);
    cr_assert_str_empty(r.out);
    run_free(&r);
}
