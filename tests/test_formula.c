/*
 * Tests of the formula library (hesse.h, formula section): the seed documents' worked
 * examples (printed Hessians and values), symbolic derivatives against central
 * differences on generated expressions, syntax errors, domain refusal, the printer's
 * round trip and snprintf contract, evaluation from several threads, a solve through
 * hesse_minimize, and the fuzzer's regression inputs.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_formula_entry.h"
#include "hesse.h"
#include "support.h"

static hesse_formula *parse_ok(const char *text, const char *vars)
{
    hesse_formula *f = NULL;
    hesse_formula_error err;
    hesse_status st = hesse_formula_parse(text, vars, &f, &err);
    cr_assert_eq(st, HESSE_SUCCESS, "parse \"%s\": %s (column %d)", text, err.reason,
                 err.column);
    cr_assert_not_null(f);
    cr_assert_eq(err.column, -1);
    return f;
}

static void assert_hessian_text(const hesse_formula *f, int i, int j, const char *want)
{
    char buf[256];
    size_t n = hesse_formula_print_hessian(f, i, j, buf, sizeof buf);
    cr_assert_str_eq(buf, want, "H[%d][%d]", i, j);
    cr_assert_eq(n, strlen(want));
}

static void assert_gradient_text(const hesse_formula *f, int i, const char *want)
{
    char buf[256];
    hesse_formula_print_gradient(f, i, buf, sizeof buf);
    cr_assert_str_eq(buf, want, "g[%d]", i);
}

static void assert_print(const hesse_formula *f, const char *want)
{
    char buf[256];
    hesse_formula_print(f, buf, sizeof buf);
    cr_assert_str_eq(buf, want);
}

/* H at x against the expected matrix (row-major literal, symmetric). */
static void assert_hessian_at(const hesse_formula *f, const double *x, const double *want,
                              double tol)
{
    int n = hesse_formula_nvars(f);
    double fx, g[8], H[64];
    cr_assert_eq(hesse_formula_eval(f, x, &fx, g, H), HESSE_SUCCESS);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            cr_assert(fabs(H[i + j * n] - want[i * n + j]) <= tol, "H[%d][%d] = %.17g, want %.17g",
                      i, j, H[i + j * n], want[i * n + j]);
}

/* ---- the seed documents' examples ---- */

Test(formula, seed_cubic_quartic)
{
    hesse_formula *f = parse_ok("x^3+3*x^2-4*x*y+y^4+4*y^2", NULL);
    cr_assert_eq(hesse_formula_nvars(f), 2);
    cr_assert_str_eq(hesse_formula_var(f, 0), "x");
    cr_assert_str_eq(hesse_formula_var(f, 1), "y");
    assert_print(f, "x^3 + 3*x^2 - 4*x*y + y^4 + 4*y^2");
    assert_gradient_text(f, 0, "3*x^2 + 6*x - 4*y");
    assert_gradient_text(f, 1, "4*y^3 - 4*x + 8*y");
    assert_hessian_text(f, 0, 0, "6*x + 6");
    assert_hessian_text(f, 0, 1, "-4");
    assert_hessian_text(f, 1, 0, "-4");
    assert_hessian_text(f, 1, 1, "12*y^2 + 8");
    /* integer arithmetic on small numbers: exact */
    assert_hessian_at(f, (double[]){1, 0}, (double[]){12, -4, -4, 8}, 0);
    hesse_formula_free(f);
}

Test(formula, seed_x2y_xy2)
{
    hesse_formula *f = parse_ok("x^2*y+x*y^2", NULL);
    assert_hessian_text(f, 0, 0, "2*y");
    assert_hessian_text(f, 0, 1, "2*x + 2*y");
    assert_hessian_text(f, 1, 1, "2*x");
    assert_hessian_at(f, (double[]){1, 1}, (double[]){2, 4, 4, 2}, 0); /* exact */
    hesse_formula_free(f);
}

Test(formula, seed_x_pow_y)
{
    hesse_formula *f = parse_ok("x^y", NULL);
    assert_gradient_text(f, 0, "x^(y - 1)*y");
    assert_gradient_text(f, 1, "x^y*log(x)");
    assert_hessian_text(f, 1, 1, "x^y*log(x)^2");
    /* pow(1, .) = 1 and log(1) = 0 exactly */
    assert_hessian_at(f, (double[]){1, 1}, (double[]){0, 1, 1, 0}, 0);
    hesse_formula_free(f);
}

Test(formula, seed_exp_sin)
{
    hesse_formula *f = parse_ok("exp(-x)*sin(y*z)", NULL);
    cr_assert_eq(hesse_formula_nvars(f), 3);
    assert_hessian_text(f, 0, 0, "exp(-x)*sin(y*z)");
    assert_hessian_text(f, 0, 1, "-z*exp(-x)*cos(y*z)");
    assert_hessian_text(f, 1, 2, "exp(-x)*cos(y*z) - y*z*exp(-x)*sin(y*z)");
    double pi = acos(-1.0);
    /* sin(pi) = 1.2e-16 in floating point: a few ulps of pi */
    assert_hessian_at(f, (double[]){0, 1, pi},
                      (double[]){0, pi, 1, pi, 0, -1, 1, -1, 0}, 1e-14);
    hesse_formula_free(f);
}

Test(formula, seed_saddle_quadratic)
{
    hesse_formula *f = parse_ok("x^2+2*x*y-y^2+4*x-4*y", NULL);
    assert_print(f, "x^2 + 2*x*y + 4*x - y^2 - 4*y");
    assert_gradient_text(f, 0, "2*x + 2*y + 4");
    assert_gradient_text(f, 1, "2*x - 2*y - 4");
    double x[2] = {0, -2}, fx, g[2], H[4];
    cr_assert_eq(hesse_formula_eval(f, x, &fx, g, H), HESSE_SUCCESS);
    cr_assert_eq(g[0], 0); /* integer arithmetic: exact */
    cr_assert_eq(g[1], 0);
    assert_hessian_at(f, x, (double[]){2, 2, 2, -2}, 0);
    hesse_formula_free(f);
}

/* ---- printer ---- */

Test(formula, printer_forms)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"-x^2", "-x^2"},
        {"x^-2", "1/x^2"},
        {"x/2 + y/3", "x/2 + y/3"},
        {"2*x + 3*x", "5*x"},
        {"x*x", "x^2"},
        {"x^2*x", "x^3"},
        {"x*x/x", "x"},
        {"x - x", "0"},
        {"-(x - y)", "y - x"},
        {"(1 - x)^2", "(1 - x)^2"},
        {"(2*x)^2", "4*x^2"},
        {"(x^2)^0.5", "(x^2)^0.5"},
        {"x^y^z", "x^y^z"},
        {"(x^y)^z", "(x^y)^z"},
        {"2^-x", "2^(-x)"},
        {"(-2)^x", "(-2)^x"},
        {"1/(2*sqrt(x))", "1/(2*sqrt(x))"},
        {"x/(y*z)", "x/(y*z)"},
        {"-4*1", "-4"},
        {"(-1)*4*x", "-4*x"},
        {"pi*2*x", "2*pi*x"},
        {"log(e) + 2*3", "7"},
        {"1e-3*x", "x/1000"},
        {"-(x + 1)*y", "-y*(x + 1)"},
        {".5*x", "x/2"},
        {"pow(x, 3)", "x^3"},
        {"sin(x)^2 + 1", "sin(x)^2 + 1"},
        {"sin(x)^2 + cos(x)^2", "1"},
        {"3*y*cos(x+1)^2 + 3*y*sin(x+1)^2 + y", "4*y"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = parse_ok(cases[k].in, NULL);
        char buf[128];
        hesse_formula_print(f, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[k].out, "print(\"%s\")", cases[k].in);
        hesse_formula_free(f);
    }
}

Test(formula, derivative_forms)
{
    static const struct {
        const char *in, *grad, *hess;
    } cases[] = {
        {"sqrt(x)", "1/(2*sqrt(x))", "-1/(4*sqrt(x)^3)"},
        {"log(x)", "1/x", "-1/x^2"},
        {"asin(x)", "1/sqrt(1 - x^2)", "x/sqrt(1 - x^2)^3"},
        {"tan(x)", "1/cos(x)^2", "2*sin(x)/cos(x)^3"},
        {"abs(x)", "sign(x)", "0"},
        {"e^x", "e^x", "e^x"},
        /* variables in natural order (x, y): entry 0 is d/dx */
        {"100*(y-x^2)^2+(1-x)^2", "2*x - 400*x*(y - x^2) - 2", "1200*x^2 - 400*y + 2"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = parse_ok(cases[k].in, NULL);
        char buf[128];
        hesse_formula_print_gradient(f, 0, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[k].grad, "gradient of \"%s\"", cases[k].in);
        hesse_formula_print_hessian(f, 0, 0, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[k].hess, "Hessian of \"%s\"", cases[k].in);
        hesse_formula_free(f);
    }
}

Test(formula, print_is_snprintf_like)
{
    hesse_formula *f = parse_ok("x^3+3*x^2-4*x*y+y^4+4*y^2", NULL);
    const char *full = "x^3 + 3*x^2 - 4*x*y + y^4 + 4*y^2";
    cr_assert_eq(hesse_formula_print(f, NULL, 0), strlen(full));
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    cr_assert_eq(hesse_formula_print(f, buf, 5), strlen(full));
    cr_assert_str_eq(buf, "x^3 ");
    cr_assert_eq(buf[5], 'Z'); /* nothing written past size */
    cr_assert_eq(hesse_formula_print_hessian(f, 2, 0, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "");
    cr_assert_eq(hesse_formula_print_gradient(f, -1, buf, sizeof buf), 0);
    cr_assert_eq(hesse_formula_print(NULL, buf, sizeof buf), 0);
    hesse_formula_free(f);
}

Test(formula, variable_list)
{
    hesse_formula *f = parse_ok("x*y + z", "z, y ,x,w");
    cr_assert_eq(hesse_formula_nvars(f), 4);
    cr_assert_str_eq(hesse_formula_var(f, 0), "z");
    cr_assert_str_eq(hesse_formula_var(f, 3), "w");
    cr_assert_null(hesse_formula_var(f, 4));
    assert_gradient_text(f, 0, "1");
    assert_gradient_text(f, 1, "x");
    assert_gradient_text(f, 3, "0");
    hesse_formula_free(f);
}

/* ---- errors ---- */

Test(formula, syntax_errors)
{
    static const struct {
        const char *text, *vars;
        int column;
        const char *reason_part;
    } cases[] = {
        {"2x", NULL, 1, "expected an operator"},
        {"x + ", NULL, 4, "unexpected end"},
        {"(x + 1", NULL, 6, "missing ')'"},
        {"x + 1)", NULL, 5, "unmatched ')'"},
        {"sin x", NULL, 0, "is a function"},
        {"foo(x)", NULL, 0, "unknown function 'foo'"},
        {"x + @", NULL, 4, "unexpected '@'"},
        {"1e+", NULL, 1, "exponent"},
        {"1e999*x", NULL, 0, "too large"},
        {"pow(x)", NULL, 5, "two arguments"},
        {"sin(x, y)", NULL, 5, "one argument"},
        {"x*w", "x,y", 2, "not in the variable list"},
        {"", NULL, 0, "empty"},
        {"pi(x)", NULL, 0, "unknown function 'pi'"},
        {"x", "x,e", -1, "'e' is a constant"},
        {"x", "x,x", -1, "appears twice"},
        {"x", "x;y", -1, "expected ','"},
        {"x", "sin", -1, "function name"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = (hesse_formula *)1;
        hesse_formula_error err;
        hesse_status st = hesse_formula_parse(cases[k].text, cases[k].vars, &f, &err);
        cr_expect_eq(st, HESSE_EINVAL, "\"%s\"", cases[k].text);
        cr_expect_null(f);
        cr_expect_eq(err.column, cases[k].column, "\"%s\": column %d (%s)", cases[k].text,
                     err.column, err.reason);
        cr_expect(strstr(err.reason, cases[k].reason_part) != NULL, "\"%s\": reason \"%s\"",
                  cases[k].text, err.reason);
        cr_expect(strchr(err.reason, '\n') == NULL);
    }
}

Test(formula, deep_nesting_is_refused)
{
    char text[2100];
    memset(text, '(', 1000);
    text[1000] = 'x';
    memset(text + 1001, ')', 1000);
    text[2001] = '\0';
    hesse_formula *f;
    hesse_formula_error err;
    cr_assert_eq(hesse_formula_parse(text, NULL, &f, &err), HESSE_EINVAL);
    cr_assert(strstr(err.reason, "nested too deeply") != NULL);
    cr_assert_gt(err.column, 0);
}

Test(formula, null_arguments)
{
    hesse_formula *f;
    hesse_problem p;
    cr_assert_eq(hesse_formula_parse(NULL, NULL, &f, NULL), HESSE_EINVAL);
    cr_assert_eq(hesse_formula_parse("x", NULL, NULL, NULL), HESSE_EINVAL);
    cr_assert_eq(hesse_formula_problem(NULL, &p), HESSE_EINVAL);
    cr_assert_eq(hesse_formula_nvars(NULL), 0);
    hesse_formula_free(NULL);
    f = parse_ok("2 + 3", NULL);
    cr_assert_eq(hesse_formula_nvars(f), 0);
    assert_print(f, "5");
    cr_assert_eq(hesse_formula_problem(f, &p), HESSE_EINVAL); /* no variables */
    double v;
    cr_assert_eq(hesse_formula_eval(f, (double[]){0}, &v, NULL, NULL), HESSE_SUCCESS);
    cr_assert_eq(v, 5);
    hesse_formula_free(f);
}

Test(formula, domain_refusal)
{
    static const struct {
        const char *text;
        double x;
    } cases[] = {
        {"log(x)", -1}, {"log(x)", 0},       {"sqrt(x)", -0.5}, {"1/x", 0},
        {"x^0.5", -2},  {"asin(x)", 1.5},    {"acos(x)", -2},   {"exp(x)", 1000},
        {"x^-1", 0},    {"atan(1/x)", 0},
        /* a value outside the domain that a later operation would map back to a
           finite one (sign(NaN) = 0, exp(-Inf) = 0, tanh(Inf) = 1, 2^-Inf = 0) */
        {"sign(log(x))", -1}, {"exp(-exp(x))", 1000},
        {"tanh(x*exp(x))", 709}, {"2^(1/x)", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = parse_ok(cases[k].text, NULL);
        hesse_problem p;
        cr_assert_eq(hesse_formula_problem(f, &p), HESSE_SUCCESS);
        double fx, g, H;
        cr_expect_gt(p.objective(1, &cases[k].x, &fx, NULL, p.data), 0, "%s at %g",
                     cases[k].text, cases[k].x);
        cr_expect_gt(p.objective(1, &cases[k].x, &fx, &g, p.data), 0);
        cr_expect_gt(p.hessian(1, &cases[k].x, &H, p.data), 0);
        cr_expect_eq(hesse_formula_eval(f, &cases[k].x, &fx, NULL, NULL), HESSE_EDOMAIN);
        double wrong_n[2] = {1, 1};
        cr_expect_lt(p.objective(2, wrong_n, &fx, NULL, p.data), 0);
        hesse_formula_free(f);
    }
    /* the Hessian program refuses where f is undefined though the Hessian is finite */
    {
        hesse_formula *fl = parse_ok("x^2 + log(y)", "x,y");
        hesse_problem pl;
        cr_assert_eq(hesse_formula_problem(fl, &pl), HESSE_SUCCESS);
        double at[2] = {1, -1}, H[4], v[2] = {1, 1}, Hv[2];
        cr_expect_gt(pl.hessian(2, at, H, pl.data), 0);
        cr_expect_gt(pl.hessvec(2, at, v, Hv, pl.data), 0);
        at[1] = 2;
        cr_expect_eq(pl.hessian(2, at, H, pl.data), 0);
        cr_expect_eq(H[3], -0.25);
        hesse_formula_free(fl);
    }
    /* sqrt at 0: f is defined, its derivative is not */
    hesse_formula *f = parse_ok("sqrt(x)", NULL);
    hesse_problem p;
    hesse_formula_problem(f, &p);
    double x = 0, fx, g;
    cr_expect_eq(p.objective(1, &x, &fx, NULL, p.data), 0);
    cr_expect_eq(fx, 0);
    cr_expect_gt(p.objective(1, &x, &fx, &g, p.data), 0);
    hesse_formula_free(f);
    /* abs: derivative sign(x), 0 at the kink (documented) */
    f = parse_ok("abs(x)", NULL);
    cr_assert_eq(hesse_formula_eval(f, &x, &fx, &g, NULL), HESSE_SUCCESS);
    cr_expect_eq(g, 0);
    hesse_formula_free(f);
}

/* ---- generated expressions against central differences ---- */

typedef struct {
    unsigned long long s;
} rng;

static unsigned rnd(rng *r, unsigned n)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL; /* Knuth's MMIX LCG */
    return (unsigned)((r->s >> 33) % n);
}

/* Append a random expression of depth <= depth to buf. abs and sign are left out:
   their kinks make finite differences meaningless nearby. */
static void gen(rng *r, int depth, char *buf, size_t size)
{
    static const char *const vars[] = {"x", "y", "z"};
    static const char *const funcs[] = {"exp", "log", "sqrt", "sin", "cos", "tan", "asin",
                                        "acos", "atan", "sinh", "cosh", "tanh"};
    static const char *const numbers[] = {"2", "3", "0.5", "1.5", "4", "1e-1"};
    size_t len = strlen(buf);
    char *p = buf + len;
    size_t room = size - len;
    if (depth == 0 || rnd(r, 10) < 3) {
        if (rnd(r, 3) == 0)
            snprintf(p, room, "%s", numbers[rnd(r, 6)]);
        else
            snprintf(p, room, "%s", vars[rnd(r, 3)]);
        return;
    }
    unsigned kind = rnd(r, 9);
    if (kind <= 3) {
        static const char ops[] = "+-*/";
        strncat(buf, "(", size - strlen(buf) - 1);
        gen(r, depth - 1, buf, size);
        char op[4] = {' ', ops[kind], ' ', 0};
        strncat(buf, op, size - strlen(buf) - 1);
        gen(r, depth - 1, buf, size);
        strncat(buf, ")", size - strlen(buf) - 1);
    } else if (kind == 4) {
        static const char *const exps[] = {"2", "3", "-1", "0.5", "-2", "y"};
        strncat(buf, "(", size - strlen(buf) - 1);
        gen(r, depth - 1, buf, size);
        strncat(buf, ")^", size - strlen(buf) - 1);
        strncat(buf, exps[rnd(r, 6)], size - strlen(buf) - 1);
    } else if (kind == 5) {
        strncat(buf, "-", size - strlen(buf) - 1);
        gen(r, depth - 1, buf, size);
    } else {
        strncat(buf, funcs[rnd(r, 12)], size - strlen(buf) - 1);
        strncat(buf, "(", size - strlen(buf) - 1);
        gen(r, depth - 1, buf, size);
        strncat(buf, ")", size - strlen(buf) - 1);
    }
}

/* Central difference of component `out` of F (f when grad_of < 0, else the gradient)
   along e_i, with step h. Returns 0 when every evaluation succeeded. */
static int central(const hesse_problem *p, const double *x, int i, double h, int component,
                   double *d)
{
    int n = p->n;
    double xp[3], xm[3], fp, fm, gp[3], gm[3];
    memcpy(xp, x, (size_t)n * sizeof *x);
    memcpy(xm, x, (size_t)n * sizeof *x);
    xp[i] += h;
    xm[i] -= h;
    if (p->objective(n, xp, &fp, component >= 0 ? gp : NULL, p->data) != 0 ||
        p->objective(n, xm, &fm, component >= 0 ? gm : NULL, p->data) != 0)
        return -1;
    *d = component >= 0 ? (gp[component] - gm[component]) / (2 * h) : (fp - fm) / (2 * h);
    return 0;
}

/* Check derivative value `exact` against central differences. Returns 1 if checked,
   0 if the point was skipped (refusal, or differences not converged). */
static int check_fd(const hesse_problem *p, const double *x, int i, int component,
                    double exact, const char *what, const char *text)
{
    /* h = 1e-4 scaled: truncation error h^2 f'''/6 ~ 2e-9 |f'''|, rounding
       eps |f| / h ~ 2e-12 |f|. */
    double h = 1e-4 * fmax(1, fabs(x[i]));
    double d1, d2;
    if (central(p, x, i, h, component, &d1) != 0 || central(p, x, i, h / 2, component, &d2) != 0)
        return 0;
    double scale = fmax(1, fabs(exact));
    /* d1 - d2 ~ (3/4) of d1's truncation error: when it is above 1e-6 the function
       is too curved here for the differences to decide; skip the point. */
    if (!(fabs(d1 - d2) <= 1e-6 * scale))
        return 0;
    /* d2's error is about a third of |d1 - d2| (<= 3.3e-7 scale) plus rounding; a wrong
       derivative is off by O(1) relative, so 1e-5 separates the two cases. */
    cr_assert(fabs(exact - d2) <= 1e-5 * scale, "%s of \"%s\" at (%g, %g, %g): %.12g vs fd %.12g",
              what, text, x[0], x[1], x[2], exact, d2);
    return 1;
}

Test(formula, derivatives_match_finite_differences)
{
    rng r = {20240601};
    int checked_exprs = 0;
    const int nexpr = 300;
    for (int e = 0; e < nexpr; e++) {
        char text[1024] = "";
        gen(&r, 4, text, sizeof text);
        hesse_formula *f = parse_ok(text, "x,y,z");
        hesse_problem p;
        cr_assert_eq(hesse_formula_problem(f, &p), HESSE_SUCCESS);
        int checked = 0;
        for (int k = 0; k < 4; k++) {
            double x[3];
            for (int i = 0; i < 3; i++)
                x[i] = -1.5 + 3.0 * rnd(&r, 1000) / 1000.0;
            double fx, g[3], H[9], v[3] = {1, -2, 0.5}, Hv[3];
            if (p.objective(3, x, &fx, g, p.data) != 0 || p.hessian(3, x, H, p.data) != 0)
                continue;
            cr_assert_eq(p.hessvec(3, x, v, Hv, p.data), 0);
            for (int i = 0; i < 3; i++) {
                double want = H[i] * v[0] + H[i + 3] * v[1] + H[i + 6] * v[2];
                /* same products, summed in another order: a few ulps */
                cr_assert(fabs(Hv[i] - want) <= 1e-13 * (fabs(H[i]) + fabs(H[i + 3]) * 2 +
                                                         fabs(H[i + 6]) + 1),
                          "hessvec of \"%s\"", text);
                checked += check_fd(&p, x, i, -1, g[i], "gradient", text);
                for (int j = 0; j < 3; j++)
                    checked += check_fd(&p, x, j, i, H[i + 3 * j], "Hessian", text);
            }
        }
        checked_exprs += checked > 0;
        hesse_formula_free(f);
    }
    /* Most expressions must have been checked somewhere: refusals (log, sqrt, asin of
       negative values) and steep points only skip some. */
    cr_assert_gt(checked_exprs, nexpr * 2 / 3, "only %d of %d expressions checked",
                 checked_exprs, nexpr);
}

/* ---- round trip ---- */

static void assert_round_trip(const char *text)
{
    hesse_formula *f = parse_ok(text, NULL);
    int n = hesse_formula_nvars(f);
    char vars[64] = "";
    for (int i = 0; i < n; i++) {
        if (i > 0)
            strcat(vars, ",");
        strcat(vars, hesse_formula_var(f, i));
    }
    char p1[2048], p2[2048];
    hesse_formula_print(f, p1, sizeof p1);
    hesse_formula *g = parse_ok(p1, n > 0 ? vars : NULL);
    hesse_formula_print(g, p2, sizeof p2);
    cr_assert_str_eq(p1, p2, "round trip of \"%s\"", text);
    for (int i = 0; i < n; i++) {
        hesse_formula_print_gradient(f, i, p1, sizeof p1);
        hesse_formula_print_gradient(g, i, p2, sizeof p2);
        cr_assert_str_eq(p1, p2, "gradient %d of \"%s\"", i, text);
        for (int j = i; j < n; j++) {
            hesse_formula_print_hessian(f, i, j, p1, sizeof p1);
            hesse_formula_print_hessian(g, i, j, p2, sizeof p2);
            cr_assert_str_eq(p1, p2, "Hessian %d,%d of \"%s\"", i, j, text);
        }
        /* a printed derivative reads back to itself too */
        hesse_formula_print_gradient(f, i, p1, sizeof p1);
        hesse_formula *d = parse_ok(p1, vars);
        hesse_formula_print(d, p2, sizeof p2);
        cr_assert_str_eq(p1, p2, "printed gradient %d of \"%s\"", i, text);
        hesse_formula_free(d);
    }
    hesse_formula_free(f);
    hesse_formula_free(g);
}

Test(formula, print_parse_print_is_stable)
{
    static const char *const fixed[] = {
        "x^3+3*x^2-4*x*y+y^4+4*y^2", "x^y", "exp(-x)*sin(y*z)", "100*(y-x^2)^2+(1-x)^2",
        "x/3 - 2/y", "(-8)^(1/3) * x", "1/0 + x", "2^-x", "(x^2)^0.5", "x^y^z",
        "abs(x)*sign(x)", "pi*e^x", "1e-300*x + 1e300*y", "0.1 + 0.2*x"};
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
        assert_round_trip(fixed[k]);
    rng r = {7};
    for (int e = 0; e < 200; e++) {
        char text[1024] = "";
        gen(&r, 4, text, sizeof text);
        assert_round_trip(text);
    }
}

/* ---- solving and threads ---- */

Test(formula, minimize_rosenbrock)
{
    hesse_formula *f = parse_ok("100*(y-x^2)^2+(1-x)^2", "x,y");
    hesse_problem p;
    cr_assert_eq(hesse_formula_problem(f, &p), HESSE_SUCCESS);
    double x[2] = {-1.2, 1};
    hesse_result res;
    hesse_status st = hesse_minimize(&p, x, NULL, &res);
    cr_assert_eq(st, HESSE_SUCCESS, "%s", res.message);
    /* gtol = 1e-8 and a Hessian with condition ~2500 at x*: x within ~1e-6 */
    cr_assert(fabs(x[0] - 1) <= 1e-6 && fabs(x[1] - 1) <= 1e-6, "x = (%g, %g)", x[0], x[1]);
    cr_assert_eq(res.point, HESSE_POINT_MINIMUM);
    hesse_formula_free(f);
}

typedef struct {
    const hesse_formula *f;
    int mismatches;
} thread_arg;

static void *evaluate_many(void *data)
{
    thread_arg *a = data;
    for (int k = 0; k < 2000; k++) {
        double x[3] = {0.1 * (k % 7), 1 + 0.01 * k, -0.3}, fx, g[3], H[9];
        double x2[3] = {x[0], x[1], x[2]}, fx2, g2[3], H2[9];
        if (hesse_formula_eval(a->f, x, &fx, g, H) != HESSE_SUCCESS ||
            hesse_formula_eval(a->f, x2, &fx2, g2, H2) != HESSE_SUCCESS ||
            memcmp(g, g2, sizeof g) != 0 || memcmp(H, H2, sizeof H) != 0 || fx != fx2)
            a->mismatches++;
    }
    return NULL;
}

Test(formula, concurrent_evaluation)
{
    hesse_formula *f = parse_ok("exp(-x)*sin(y*z) + x^2*y + log(y)*z^3", NULL);
    pthread_t t[4];
    thread_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i] = (thread_arg){f, 0};
        cr_assert_eq(pthread_create(&t[i], NULL, evaluate_many, &a[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_expect_eq(a[i].mismatches, 0);
    }
    hesse_formula_free(f);
}

static double fs0(double x, double y) { return 3 * x * x + 5 * y * y + 7; }
static double fs0x(double x, double y) { (void)y; return 6 * x; }
static double fs0y(double x, double y) { (void)x; return 10 * y; }
static double fs1(double x, double y) { return x * y + 2 * y * y - 3 * x * x + 1; }
static double fs1x(double x, double y) { return y - 6 * x; }
static double fs1y(double x, double y) { return x + 4 * y; }
static double fs2(double x, double y) { return 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x); }
static double fs2x(double x, double y) { return -400 * x * (y - x * x) - 2 * (1 - x); }
static double fs2y(double x, double y) { return 200 * (y - x * x); }
static double fs3(double x, double y) { return -2 * x + 3 * y - 1; }
static double fs3x(double x, double y) { (void)x; (void)y; return -2; }
static double fs3y(double x, double y) { (void)x; (void)y; return 3; }
static double fs4(double x, double y) { return (x + y) * (x + y) + (x - y) * (x - y) + x * x * y * y; }
static double fs4x(double x, double y) { return 4 * x + 2 * x * y * y; }
static double fs4y(double x, double y) { return 4 * y + 2 * x * x * y; }

/* Sums are compiled into fused instructions (two terms at once, a square or the
   constant folded into an addition, operands kept in the accumulator): the values
   must be the closed forms', and f must have the same bits whether it is computed
   alone or with its gradient. */
Test(formula, fused_sums)
{
    static const struct {
        const char *text;
        double (*f)(double, double);
        double (*gx)(double, double), (*gy)(double, double);
    } cases[] = {
        {"3*x^2 + 5*y^2 + 7", fs0, fs0x, fs0y},
        {"x*y + 2*y^2 - 3*x^2 + 1", fs1, fs1x, fs1y},
        {"100*(y - x^2)^2 + (1 - x)^2", fs2, fs2x, fs2y},
        {"-2*x + 3*y - 1", fs3, fs3x, fs3y},
        {"(x + y)^2 + (x - y)^2 + x^2*y^2", fs4, fs4x, fs4y},
    };
    const double pts[][2] = {{0.3, 0.7}, {-1.2, 1}, {2.5, -0.125}, {0, 0}, {1e3, -7e-3}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = parse_ok(cases[k].text, "x,y");
        for (size_t q = 0; q < sizeof pts / sizeof pts[0]; q++) {
            double x = pts[q][0], y = pts[q][1], at[2] = {x, y}, f1, f2, g[2];
            cr_assert_eq(hesse_formula_eval(f, at, &f1, NULL, NULL), HESSE_SUCCESS);
            cr_assert_eq(hesse_formula_eval(f, at, &f2, g, NULL), HESSE_SUCCESS);
            cr_expect(memcmp(&f1, &f2, sizeof f1) == 0, "%s at (%g, %g): %.17g vs %.17g",
                      cases[k].text, x, y, f1, f2);
            double want[3] = {cases[k].f(x, y), cases[k].gx(x, y), cases[k].gy(x, y)};
            double got[3] = {f1, g[0], g[1]};
            for (int i = 0; i < 3; i++)
                cr_expect(fabs(got[i] - want[i]) <= 1e-14 * fmax(1, fabs(want[i])) * 1e3,
                          "%s at (%g, %g), output %d: %.17g vs %.17g", cases[k].text, x, y,
                          i, got[i], want[i]);
        }
        hesse_formula_free(f);
    }
}

Test(formula, large_formula_uses_heap_registers)
{
    /* a sum of 400 distinct products keeps more than 256 values alive in the Hessian
       program only if registers were not reused; either way the values must be right */
    size_t size = 400 * 24;
    char *text = malloc(size);
    cr_assert_not_null(text);
    text[0] = '\0';
    for (int k = 1; k <= 400; k++) {
        char term[32];
        snprintf(term, sizeof term, "%s%d*x^%d*y", k > 1 ? "+" : "", k, k % 37 + 1);
        strcat(text, term);
    }
    hesse_formula *f = parse_ok(text, "x,y");
    double x[2] = {0.5, 2}, fx, g[2];
    cr_assert_eq(hesse_formula_eval(f, x, &fx, g, NULL), HESSE_SUCCESS);
    double want = 0;
    for (int k = 1; k <= 400; k++)
        want += k * pow(0.5, k % 37 + 1) * 2;
    /* 400 terms summed in a different order: relative rounding ~ 400 eps */
    cr_assert(fabs(fx - want) <= 1e-12 * fabs(want), "%.17g vs %.17g", fx, want);
    hesse_formula_free(f);
    free(text);
}

/* ---- fuzzer regressions ---- */

Test(formula, fuzz_regressions)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/fuzz/regressions", HESSE_SOURCE_DIR);
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    int count = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        FILE *fp = fopen(path, "rb");
        cr_assert_not_null(fp, "cannot read %s", path);
        static unsigned char data[1 << 16];
        size_t size = fread(data, 1, sizeof data, fp);
        fclose(fp);
        cr_expect_eq(hesse_fuzz_formula_one(data, size), 0, "regression input %s",
                     ent->d_name);
        count++;
    }
    closedir(d);
    cr_assert_gt(count, 0, "no regression inputs in %s", dir);
}

/* ---- out of memory ---- */

Test(formula, rejects_a_half_set_allocator)
{
    /* hesse.h: an allocator needs both functions or neither. */
    test_heap h = {0};
    hesse_allocator halves[2] = {test_heap_allocator(&h), test_heap_allocator(&h)};
    halves[0].free = NULL;
    halves[1].malloc = NULL;
    for (int k = 0; k < 2; k++) {
        hesse_formula *f = (hesse_formula *)1;
        hesse_formula_error err;
        cr_assert_eq(hesse_formula_parse_with("x^2", NULL, &halves[k], &f, &err), HESSE_EINVAL);
        cr_assert_null(f);
        cr_assert(strstr(err.reason, "allocator") != NULL, "reason \"%s\"", err.reason);
    }
    cr_assert_eq(h.calls, 0, "nothing allocated");
}

/* One parse with allocator a: a failure reports HESSE_ENOMEM with a reason and no
   formula; with every allocation granted the formula prints as expected. */
static hesse_status parse_case(const hesse_allocator *a, long k, void *data)
{
    const char *text = "exp(-x)*sin(y*z) + 100*(y - x^2)^2 + log(z)/x";
    hesse_formula *f = (hesse_formula *)1;
    hesse_formula_error err;
    hesse_status st = hesse_formula_parse_with(text, "x,y,z", a, &f, &err);
    if (st == HESSE_SUCCESS) {
        char buf[64];
        hesse_formula_print(f, buf, sizeof buf);
        cr_assert_str_eq(buf, "log(z)/x + exp(-x)*sin(y*z) + 100*(y - x^2)^2");
        hesse_formula_free(f);
    } else {
        cr_assert_null(f);
        cr_assert(strstr(err.reason, "memory") != NULL, "allocation %ld: reason \"%s\"", k,
                  err.reason);
    }
    return st;
}

Test(formula, out_of_memory_ratchet)
{
    long allocations = test_oom_ratchet("formula parse", parse_case, NULL, HESSE_SUCCESS);
    cr_assert_gt(allocations, 10, "the parse needs more than a few allocations");
}

/* ---- variable order, domain of simplified formulas, explanations ---- */

Test(formula, variables_in_natural_order)
{
    static const struct {
        const char *text, *order;
    } cases[] = {
        {"100*(y-x^2)^2+(1-x)^2", "x,y"},
        {"y + x", "x,y"},
        {"x10 + x2 + x1", "x1,x2,x10"},
        {"z*b + a1 + a", "a,a1,b,z"},
        {"t*r", "r,t"},
        {"x01 + x1", "x01,x1"}, /* equal by value: byte order */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = parse_ok(cases[k].text, NULL);
        char got[64] = "";
        for (int i = 0; i < hesse_formula_nvars(f); i++) {
            strcat(got, i ? "," : "");
            strcat(got, hesse_formula_var(f, i));
        }
        cr_expect_str_eq(got, cases[k].order, "variables of \"%s\"", cases[k].text);
        hesse_formula_free(f);
    }
    /* the README's start (-1.2, 1) is x = -1.2, y = 1: f = 24.2 there */
    hesse_formula *f = parse_ok("100*(y-x^2)^2+(1-x)^2", NULL);
    double fx;
    cr_assert_eq(hesse_formula_eval(f, (double[]){-1.2, 1.0}, &fx, NULL, NULL), HESSE_SUCCESS);
    cr_expect(fabs(fx - 24.2) <= 1e-13, "f(-1.2, 1) = %.17g"); /* 4.84 + 19.36, rounding */
    hesse_formula_free(f);
}

Test(formula, simplifying_keeps_undefined_parts)
{
    static const struct {
        const char *text;
        double x[2];   /* refused here */
        double ok[2];  /* and defined here (NaN: refused everywhere) */
        double plus;   /* where defined, the value is x^2 + plus */
    } cases[] = {
        {"x^2 + 0/0", {1, 2}, {NAN, NAN}, 0},
        {"x^2 + 0*log(-1)", {1, 2}, {NAN, NAN}, 0},
        {"x^2 + (y-y)/(y-y)", {1, 2}, {NAN, NAN}, 0},
        {"x^2 + 0*log(y)", {1, -1}, {3, 1}, 0},
        {"x^2 + log(y) - log(y)", {1, 0}, {3, 2}, 0},
        {"x^2*y/y", {1, 0}, {3, 2}, 0},
        {"x^2 + log(y)^0", {1, -2}, {3, 0.5}, 1},
        {"x^2 + 1^log(y)", {1, -2}, {3, 0.5}, 1},
        {"(y^0.5)^2 + x^2 - y", {1, -1}, {3, 4}, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = parse_ok(cases[k].text, "x,y");
        double v, g[2], H[4];
        cr_expect_eq(hesse_formula_eval(f, cases[k].x, &v, NULL, NULL), HESSE_EDOMAIN, "\"%s\" at (%g, %g)",
                     cases[k].text, cases[k].x[0], cases[k].x[1]);
        cr_expect_eq(hesse_formula_eval(f, cases[k].x, &v, g, H), HESSE_EDOMAIN, "\"%s\" with derivatives",
                     cases[k].text);
        hesse_problem p;
        cr_assert_eq(hesse_formula_problem(f, &p), HESSE_SUCCESS);
        cr_expect_eq(p.objective(2, cases[k].x, &v, NULL, p.data), 1, "\"%s\": callback", cases[k].text);
        if (!isnan(cases[k].ok[0])) {
            cr_expect_eq(hesse_formula_eval(f, cases[k].ok, &v, g, H), HESSE_SUCCESS, "\"%s\" defined at (%g, %g)",
                         cases[k].text, cases[k].ok[0], cases[k].ok[1]);
            double want = cases[k].ok[0] * cases[k].ok[0] + cases[k].plus;
            cr_expect(fabs(v - want) <= 1e-15 * fabs(want), "\"%s\" = %.17g, want %g", cases[k].text, v, want);
        }
        char why[256];
        cr_expect_gt(hesse_formula_explain(f, cases[k].x, 2, why, sizeof why), 0, "\"%s\": explained", cases[k].text);
        hesse_formula_free(f);
    }
    /* x/x is 1 except at 0: division by zero is refused (hesse.h) */
    hesse_formula *f = parse_ok("x/x", NULL);
    double v;
    cr_expect_eq(hesse_formula_eval(f, (double[]){0.0}, &v, NULL, NULL), HESSE_EDOMAIN);
    cr_expect_eq(hesse_formula_eval(f, (double[]){3.0}, &v, NULL, NULL), HESSE_SUCCESS);
    cr_expect_eq(v, 1.0);
    hesse_formula_free(f);
}

Test(formula, explain_names_the_operation)
{
    static const struct {
        const char *text;
        double x;
        int order;
        const char *want; /* "" when it can be evaluated */
    } cases[] = {
        {"log(x)", -1, 0, "log(x) = log(-1): logarithm of a negative number"},
        {"log(x) + x^2", 0, 0, "log(x) = log(0): logarithm of 0"},
        {"1/(x - 1)", 1, 0, "1/(x - 1) = 1/0: division by zero"},
        {"sqrt(x)", 0, 0, ""},
        {"sqrt(x)", 0, 1, "in df/dx: 1/sqrt(x) = 1/0: division by zero"},
        {"sqrt(x)", -4, 0, "sqrt(x) = sqrt(-4): square root of a negative number"},
        {"asin(x)", 2, 0, "asin(x) = asin(2): argument outside [-1, 1]"},
        {"x^0.5", -1, 0, "x^0.5 = (-1)^0.5: a negative number to a fractional power"},
        {"exp(x)", 1000, 0, "exp(x) = exp(1000): the value overflows"},
        {"x^2 + 0*log(x)", -1, 0, "log(x) = log(-1): logarithm of a negative number"},
        {"x^2", 3, 2, ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hesse_formula *f = parse_ok(cases[k].text, NULL);
        char why[256];
        size_t len = hesse_formula_explain(f, &cases[k].x, cases[k].order, why, sizeof why);
        cr_expect_str_eq(why, cases[k].want, "explain \"%s\" at %g", cases[k].text, cases[k].x);
        cr_expect_eq(len, strlen(cases[k].want));
        hesse_formula_free(f);
    }
}

/* ---- vector functions ---- */

Test(formula, vector_polar_map)
{
    hesse_formula_vector *v;
    hesse_formula_error err;
    cr_assert_eq(hesse_formula_vector_parse("r*cos(t), r*sin(t)", NULL, &v, &err), HESSE_SUCCESS, "%s", err.reason);
    cr_assert_eq(hesse_formula_vector_size(v), 2);
    cr_assert_eq(hesse_formula_vector_nvars(v), 2);
    cr_expect_str_eq(hesse_formula_vector_var(v, 0), "r");
    cr_expect_str_eq(hesse_formula_vector_var(v, 1), "t");
    static const char *const want[2][2] = {{"cos(t)", "-r*sin(t)"}, {"sin(t)", "r*cos(t)"}};
    char buf[64];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            hesse_formula_print_gradient(hesse_formula_vector_component(v, i), j, buf, sizeof buf);
            cr_expect_str_eq(buf, want[i][j], "J[%d][%d]", i, j);
        }
    /* det J = r cos²t + r sin²t = r: printed as r */
    hesse_formula *det;
    cr_assert_eq(hesse_formula_vector_determinant(v, &det, &err), HESSE_SUCCESS, "%s", err.reason);
    hesse_formula_print(det, buf, sizeof buf);
    cr_expect_str_eq(buf, "r");
    hesse_formula_free(det);
    double x[2] = {2, 0.5}, F[2], J[4];
    cr_assert_eq(hesse_formula_vector_eval(v, x, F, J), HESSE_SUCCESS);
    /* the same libm calls as the formulas: exact */
    cr_expect_eq(F[0], 2 * cos(0.5));
    cr_expect_eq(F[1], 2 * sin(0.5));
    cr_expect_eq(J[0], cos(0.5));
    cr_expect_eq(J[1], sin(0.5));
    cr_expect_eq(J[2], -2 * sin(0.5));
    cr_expect_eq(J[3], 2 * cos(0.5));
    hesse_vector_function vf;
    cr_assert_eq(hesse_formula_vector_function(v, &vf), HESSE_SUCCESS);
    hesse_jacobian_report rep;
    cr_assert_eq(hesse_jacobian(&vf, 2, x, NULL, &rep), HESSE_SUCCESS, "%s", rep.message);
    cr_expect(rep.exact);
    cr_expect_eq(rep.det_sign, 1);
    /* r (cos² + sin²) with two roundings of the LU */
    cr_expect(fabs(rep.det - 2) <= 4e-16 * 2, "det = %.17g", rep.det);
    cr_expect(fabs(rep.log_abs_det - log(2)) <= 1e-15);
    hesse_jacobian_report_clear(&rep);
    /* by differences: eps^(2/3) relative */
    vf.has_jacobian = 0;
    cr_assert_eq(hesse_jacobian(&vf, 2, x, NULL, &rep), HESSE_SUCCESS, "%s", rep.message);
    cr_expect(!rep.exact);
    cr_expect(fabs(rep.det - 2) <= 1e-9, "det by differences = %.17g", rep.det);
    hesse_jacobian_report_clear(&rep);
    hesse_formula_vector_free(v);
}

Test(formula, vector_parsing)
{
    hesse_formula_vector *v;
    hesse_formula_error err;
    /* pow's comma stays in its component; variables are the union, in natural order */
    cr_assert_eq(hesse_formula_vector_parse("pow(y, 2) - 1, x + z", NULL, &v, &err), HESSE_SUCCESS);
    cr_expect_eq(hesse_formula_vector_size(v), 2);
    cr_expect_eq(hesse_formula_vector_nvars(v), 3);
    cr_expect_str_eq(hesse_formula_vector_var(v, 0), "x");
    cr_expect_str_eq(hesse_formula_vector_var(v, 2), "z");
    hesse_formula *det;
    cr_expect_eq(hesse_formula_vector_determinant(v, &det, &err), HESSE_EINVAL); /* 2 x 3 */
    hesse_system sys;
    cr_expect_eq(hesse_formula_vector_system(v, &sys), HESSE_EINVAL);
    hesse_formula_vector_free(v);
    /* an error's column is in the whole text */
    cr_assert_eq(hesse_formula_vector_parse("x^2+y^2-4, x-*y", NULL, &v, &err), HESSE_EINVAL);
    cr_expect_eq(err.column, 13);
    cr_assert_eq(hesse_formula_vector_parse("x, ", NULL, &v, &err), HESSE_EINVAL);
    cr_expect_null(v);
    /* a vector function's domain error names its component */
    cr_assert_eq(hesse_formula_vector_parse("x, log(x)", NULL, &v, &err), HESSE_SUCCESS);
    double x = -1, F[2], J[2];
    cr_expect_eq(hesse_formula_vector_eval(v, &x, F, J), HESSE_EDOMAIN);
    char why[128];
    hesse_formula_vector_explain(v, &x, why, sizeof why);
    cr_expect_str_eq(why, "component 2: log(x) = log(-1): logarithm of a negative number");
    hesse_formula_vector_free(v);
}

/* A 3 x 3 determinant against the hand expansion: F = (x y, y z, z x) has
   J = [[y, x, 0], [0, z, y], [z, 0, x]], det = y z x + x y z = 2 x y z. */
Test(formula, vector_determinant_3x3)
{
    hesse_formula_vector *v;
    cr_assert_eq(hesse_formula_vector_parse("x*y, y*z, z*x", NULL, &v, NULL), HESSE_SUCCESS);
    hesse_formula *det;
    cr_assert_eq(hesse_formula_vector_determinant(v, &det, NULL), HESSE_SUCCESS);
    char buf[64];
    hesse_formula_print(det, buf, sizeof buf);
    cr_expect_str_eq(buf, "2*x*y*z");
    hesse_formula_free(det);
    hesse_vector_function vf;
    hesse_formula_vector_function(v, &vf);
    hesse_jacobian_report rep;
    double x[3] = {1, 2, 3};
    cr_assert_eq(hesse_jacobian(&vf, 3, x, NULL, &rep), HESSE_SUCCESS);
    cr_expect(fabs(rep.det - 12.0) <= 8 * 2.2e-16 * 12, "det = %.17g", rep.det); /* 3x3 LU rounding */
    hesse_jacobian_report_clear(&rep);
    hesse_formula_vector_free(v);
}

/* Out of memory in the natural-order parse (a second parse), a vector function, its
   determinant and its Jacobian report: HESSE_ENOMEM with nothing leaked. */
static hesse_status vector_case(const hesse_allocator *a, long k, void *data)
{
    hesse_formula *f = (hesse_formula *)1;
    hesse_formula_error err;
    hesse_status st = hesse_formula_parse_with("y*log(x) + 0*log(y)", NULL, a, &f, &err); /* (x, y) */
    if (st != HESSE_SUCCESS) {
        cr_assert_null(f);
        return st;
    }
    cr_assert_str_eq(hesse_formula_var(f, 0), "x");
    hesse_formula_free(f);
    hesse_formula_vector *v = (hesse_formula_vector *)1;
    st = hesse_formula_vector_parse_with("t*r, r*sin(t), pow(r, 2)", NULL, a, &v, &err);
    if (st != HESSE_SUCCESS) {
        cr_assert_null(v, "allocation %ld", k);
        return st;
    }
    hesse_formula_vector_free(v);
    st = hesse_formula_vector_parse_with("r*cos(t), r*sin(t)", NULL, a, &v, &err);
    if (st != HESSE_SUCCESS) return st;
    hesse_formula *det = (hesse_formula *)1;
    st = hesse_formula_vector_determinant(v, &det, &err);
    if (st == HESSE_SUCCESS) {
        hesse_formula_free(det);
        hesse_vector_function vf;
        hesse_formula_vector_function(v, &vf);
        hesse_analysis_options opt;
        hesse_analysis_options_init(&opt);
        opt.allocator = *a;
        hesse_jacobian_report rep;
        st = hesse_jacobian(&vf, 2, (double[]){2, 0.5}, &opt, &rep);
        hesse_jacobian_report_clear(&rep);
    } else {
        cr_assert_null(det);
    }
    hesse_formula_vector_free(v);
    return st;
}

Test(formula, vector_out_of_memory_ratchet)
{
    long allocations = test_oom_ratchet("vector formula", vector_case, NULL, HESSE_SUCCESS);
    cr_assert_gt(allocations, 20);
}
