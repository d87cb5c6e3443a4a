/*
 * The NIST StRD nonlinear regression loader (tests/support/nist.c): before any solver
 * is measured on these 27 datasets, each one must read back what NIST certifies —
 * f = ½ Σ r² at the certified parameters equals ½ × certified SSR, the certified point
 * is stationary — and its gradient, Hessian, Hessian-vector product, residuals and
 * Jacobian must agree with central differences and with each other at both starts.
 * The data are read from ../shared/reference/nist-strd next to the source tree; every
 * test that needs them is skipped, with the reason, when that folder is absent.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"
#include "nist.h"

#define EPS DBL_EPSILON
/* The certified values have 11 significant digits: c = d.dddddddddd·10^e, so the
   rounding moved each by at most 0.5·10^(e-10) <= 5e-11 |c|. */
#define CERT_ROUNDING 5e-11

static void require_data(void)
{
    char reason[1200];
    if (!nist_available(nist_data_dir(), reason, sizeof reason))
        cr_skip("NIST StRD data not available: %s", reason);
}

static nist_dataset *load(const char *name)
{
    char msg[512];
    nist_dataset *d = NULL;
    hesse_status st = nist_load(nist_data_dir(), name, &d, msg, sizeof msg);
    cr_assert_eq(st, HESSE_SUCCESS, "%s: %s", name, msg);
    return d;
}

static char *read_text(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.dat", nist_data_dir(), name);
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    cr_assert_not_null(text);
    cr_assert_eq(fread(text, 1, (size_t)size, fp), (size_t)size);
    text[size] = '\0';
    fclose(fp);
    return text;
}

static double eval_f(const hesse_problem *p, const double *b)
{
    double f = NAN;
    cr_assert_eq(p->objective(p->n, b, &f, NULL, p->data), 0, "objective refused b");
    return f;
}

/* Column norms ‖J_j‖ of the residual Jacobian, r and J at b. */
static void residuals_at(nist_dataset *d, const double *b, double *r, double *J, double *colnorm)
{
    cr_assert_eq(nist_residuals(d->k, d->m, b, r, J, d), 0, "%s: residuals refused b", d->name);
    for (int j = 0; j < d->k; j++) {
        double s = 0.0;
        for (int i = 0; i < d->m; i++) s += J[i + (size_t)j * d->m] * J[i + (size_t)j * d->m];
        colnorm[j] = sqrt(s);
    }
}

/* A bound on the rounding error of f at b: each residual r_i = g(y_i) - m_i loses
   about eps (|g(y_i)| + |m_i|) (times a small factor for the model's own operations,
   20 here), which moves r_i² by twice |r_i| that much; the sum of m positive terms
   adds m eps f. */
static double f_rounding(nist_dataset *d, const double *b)
{
    double *pred = malloc((size_t)d->m * sizeof *pred);
    cr_assert_not_null(pred);
    cr_assert_eq(nist_predict(d, b, pred), 0);
    double s = 0.0, f = 0.0;
    for (int i = 0; i < d->m; i++) {
        double r = d->g_y[i] - pred[i];
        s += fabs(r) * (fabs(d->g_y[i]) + fabs(pred[i]));
        f += 0.5 * r * r;
    }
    free(pred);
    return 20.0 * EPS * s + d->m * EPS * f;
}

/* ---------------------------------------------------------------------------------- */

Test(nist, every_dataset_loads_consistently)
{
    require_data();
    cr_assert_eq(nist_count(), 27);
    for (int t = 0; t < nist_count(); t++) {
        nist_dataset *d = load(nist_name(t));
        cr_assert_str_eq(d->name, nist_name(t));
        cr_assert(d->k >= 2 && d->k <= NIST_MAX_PARAMS, "%s: k = %d", d->name, d->k);
        cr_assert_eq(hesse_formula_nvars(d->formula), d->k + d->npred, "%s", d->name);
        /* The certified residual standard deviation is sqrt(SSR / (m - k)): an
           independent check of the observation count (10 digits: both are certified
           to 11). Rat43's file states 9 degrees of freedom, its own figures say 11. */
        double dof = d->ssr / (d->residual_sd * d->residual_sd);
        cr_assert(fabs(dof - d->dof) <= 1e-9 * d->dof, "%s: SSR / sd² = %.12g, m - k = %d",
                  d->name, dof, d->dof);
        cr_assert(strcmp(d->difficulty, "lower") == 0 || strcmp(d->difficulty, "average") == 0 ||
                      strcmp(d->difficulty, "higher") == 0,
                  "%s: difficulty \"%s\"", d->name, d->difficulty);
        for (int s = 0; s < 2; s++)
            for (int j = 0; j < d->k; j++)
                cr_assert(isfinite(d->start[s][j]) && d->start[s][j] != 0.0, "%s start %d b%d",
                          d->name, s + 1, j + 1);
        nist_free(d);
    }
}

/* f(c) = ½ Σ r_i(c)² against ½ × certified SSR, to 9 significant digits, or — where the
   rounding of c to 11 digits alone moves f by more — within that movement: at the
   exact minimizer b* the gradient vanishes, so f(c) - f(b*) = ½ ‖J δ‖² to second order,
   |δ_j| <= 5e-11 |c_j|, bounded by E = ½ Σ_i (Σ_j |J_ij| 5e-11 |c_j|)². (E exceeds
   1e-9 f* only where the certified SSR is tiny, Lanczos1's 1.4e-25.) */
Test(nist, certified_ssr_reproduced)
{
    require_data();
    for (int t = 0; t < nist_count(); t++) {
        nist_dataset *d = load(nist_name(t));
        hesse_problem p;
        nist_problem(d, &p);
        double *r = malloc((size_t)d->m * sizeof *r), *J = malloc((size_t)d->m * d->k * sizeof *J);
        double colnorm[NIST_MAX_PARAMS];
        cr_assert(r && J);
        residuals_at(d, d->certified, r, J, colnorm);
        double E = 0.0;
        for (int i = 0; i < d->m; i++) {
            double s = 0.0;
            for (int j = 0; j < d->k; j++)
                s += fabs(J[i + (size_t)j * d->m]) * CERT_ROUNDING * fabs(d->certified[j]);
            E += 0.5 * s * s;
        }
        double f = eval_f(&p, d->certified), fstar = 0.5 * d->ssr;
        double tol = fmax(1e-9 * fstar, E);
        cr_assert(fabs(f - fstar) <= tol,
                  "%s: f(certified) = %.12e, ½ SSR = %.12e, |diff| = %.3e > %.3e (E = %.3e)",
                  d->name, f, fstar, fabs(f - fstar), tol, E);
        free(r);
        free(J);
        nist_free(d);
    }
}

/* ∇f(c) = J(c)ᵀ r(c) against what the rounding of the certified values and of the
   residuals allow: with c = b* + δ, ∇f(c) ≈ ∇²f δ = (JᵀJ + S) δ (S = Σ r_i ∇²r_i), so
       |∂f/∂b_j| <= Σ_l (‖J_j‖ ‖J_l‖ + |S_jl|) 5e-11 |c_l| + 10 eps ‖J_j‖ ‖g(y)‖,
   the last term for the rounding of r (about eps |g(y_i)| each). Tiny relative to the
   data: a misread observation or a wrong model would break it by orders of magnitude. */
Test(nist, certified_point_is_stationary)
{
    require_data();
    for (int t = 0; t < nist_count(); t++) {
        nist_dataset *d = load(nist_name(t));
        hesse_problem p;
        nist_problem(d, &p);
        int k = d->k, m = d->m;
        double *r = malloc((size_t)m * sizeof *r), *J = malloc((size_t)m * k * sizeof *J);
        double colnorm[NIST_MAX_PARAMS], g[NIST_MAX_PARAMS], H[NIST_MAX_PARAMS * NIST_MAX_PARAMS];
        cr_assert(r && J);
        residuals_at(d, d->certified, r, J, colnorm);
        double f, ynorm = 0.0;
        for (int i = 0; i < m; i++) ynorm += d->g_y[i] * d->g_y[i];
        ynorm = sqrt(ynorm);
        cr_assert_eq(p.objective(k, d->certified, &f, g, d), 0);
        cr_assert_eq(p.hessian(k, d->certified, H, d), 0);
        for (int j = 0; j < k; j++) {
            double bound = 10.0 * EPS * colnorm[j] * ynorm;
            for (int l = 0; l < k; l++) {
                double jtj = 0.0;
                for (int i = 0; i < m; i++) jtj += J[i + (size_t)j * m] * J[i + (size_t)l * m];
                double s = H[j + l * k] - jtj;
                bound += (colnorm[j] * colnorm[l] + fabs(s)) * CERT_ROUNDING * fabs(d->certified[l]);
            }
            cr_assert(fabs(g[j]) <= bound, "%s: df/db%d = %.3e at the certified values, bound %.3e",
                      d->name, j + 1, g[j], bound);
        }
        free(r);
        free(J);
        nist_free(d);
    }
}

/* Gradient against the fourth-order central difference of f with h_j = 1e-4 |b_j|
   (relative: the parameters span 1e-7 to 1e3). Tolerance: 1e-8 |g_j| for the
   truncation (h⁴ terms, about 1e-16 relative) plus the stencil's rounding,
   (1 + 8 + 8 + 1)/12 · ε_f / h_j with ε_f the bound of f_rounding. Hessian columns
   against the same difference of the gradient: 1e-7 (sqrt|H_ii H_jj| + |H_ij|), the
   entries spanning 1e-1 to 1e16 in the worst dataset. */
static void check_derivatives(nist_dataset *d, const double *b, const char *where)
{
    hesse_problem p;
    nist_problem(d, &p);
    int k = d->k;
    double g[NIST_MAX_PARAMS], H[NIST_MAX_PARAMS * NIST_MAX_PARAMS], f;
    cr_assert_eq(p.objective(k, b, &f, g, d), 0, "%s %s", d->name, where);
    cr_assert_eq(p.hessian(k, b, H, d), 0, "%s %s", d->name, where);
    static const double offs[4] = {-2.0, -1.0, 1.0, 2.0}, coef[4] = {1.0, -8.0, 8.0, -1.0};
    for (int j = 0; j < k; j++) {
        double h = 1e-4 * fabs(b[j]), sum = 0.0, ef = 0.0, gsum[NIST_MAX_PARAMS] = {0};
        for (int q = 0; q < 4; q++) {
            double bb[NIST_MAX_PARAMS], fq, gq[NIST_MAX_PARAMS];
            memcpy(bb, b, (size_t)k * sizeof *bb);
            bb[j] = b[j] + offs[q] * h;
            cr_assert_eq(p.objective(k, bb, &fq, gq, d), 0, "%s %s", d->name, where);
            sum += coef[q] * fq;
            ef = fmax(ef, f_rounding(d, bb));
            for (int i = 0; i < k; i++) gsum[i] += coef[q] * gq[i];
        }
        double fd = sum / (12.0 * h), tol = 1e-8 * fabs(g[j]) + 1.5 * ef / h;
        cr_assert(fabs(fd - g[j]) <= tol, "%s %s: df/db%d = %.12e, difference %.12e, tol %.2e",
                  d->name, where, j + 1, g[j], fd, tol);
        for (int i = 0; i < k; i++) {
            double hfd = gsum[i] / (12.0 * h), hij = H[i + j * k];
            double htol = 1e-7 * (sqrt(fabs(H[i + i * k] * H[j + j * k])) + fabs(hij));
            cr_assert(fabs(hfd - hij) <= htol, "%s %s: H[%d][%d] = %.12e, difference %.12e",
                      d->name, where, i + 1, j + 1, hij, hfd);
            cr_assert_eq(hij, H[j + i * k], "%s %s: H not symmetric at (%d, %d)", d->name, where,
                         i + 1, j + 1);
        }
    }
}

Test(nist, derivatives_match_differences_at_both_starts)
{
    require_data();
    for (int t = 0; t < nist_count(); t++) {
        nist_dataset *d = load(nist_name(t));
        check_derivatives(d, d->start[0], "start 1");
        check_derivatives(d, d->start[1], "start 2");
        nist_free(d);
    }
}

/* The Hessian-vector product equals H v (it forms the same matrix: only the k products
   may round differently, 4 eps of Σ_l |H_il v_l|), for unit vectors and a mixed vector scaled like b; the
   residual callback reproduces f = ½ ‖r‖² and ∇f = Jᵀr (the same sums), and its
   Jacobian agrees with central differences of r (second order, h_j = 1e-6 |b_j|:
   truncation 1e-12 relative, rounding eps |r_i| / 1e-6). */
Test(nist, hessvec_residuals_and_jacobian_consistent)
{
    require_data();
    for (int t = 0; t < nist_count(); t++) {
        nist_dataset *d = load(nist_name(t));
        hesse_problem p;
        nist_problem(d, &p);
        int k = d->k, m = d->m;
        double *r = malloc((size_t)m * sizeof *r), *J = malloc((size_t)m * k * sizeof *J);
        double *rp = malloc((size_t)m * sizeof *rp), *rm = malloc((size_t)m * sizeof *rm);
        cr_assert(r && J && rp && rm);
        for (int s = 0; s < 2; s++) {
            const double *b = d->start[s];
            double H[NIST_MAX_PARAMS * NIST_MAX_PARAMS], Hv[NIST_MAX_PARAMS], v[NIST_MAX_PARAMS];
            double f, g[NIST_MAX_PARAMS], colnorm[NIST_MAX_PARAMS];
            cr_assert_eq(p.hessian(k, b, H, d), 0);
            for (int c = 0; c <= k; c++) {
                for (int j = 0; j < k; j++)
                    v[j] = c < k ? (j == c) : (j % 2 ? -1.0 : 1.0) * (1.0 + j) / fabs(b[j]);
                cr_assert_eq(p.hessvec(k, b, v, Hv, d), 0);
                for (int i = 0; i < k; i++) {
                    double hv = 0.0, scale = 0.0;
                    for (int j = 0; j < k; j++) {
                        hv += H[i + j * k] * v[j];
                        scale += fabs(H[i + j * k] * v[j]);
                    }
                    cr_assert(fabs(Hv[i] - hv) <= 4.0 * EPS * scale,
                              "%s start %d: (Hv)_%d = %.17g, H v = %.17g", d->name, s + 1, i + 1,
                              Hv[i], hv);
                }
            }
            cr_assert_eq(p.objective(k, b, &f, g, d), 0);
            residuals_at(d, b, r, J, colnorm);
            double half = 0.0;
            for (int i = 0; i < m; i++) half += 0.5 * r[i] * r[i];
            cr_assert(fabs(half - f) <= 4.0 * EPS * f, "%s start %d: ½‖r‖² = %.17g, f = %.17g",
                      d->name, s + 1, half, f);
            for (int j = 0; j < k; j++) {
                double jtr = 0.0, scale = 0.0;
                for (int i = 0; i < m; i++) {
                    jtr += J[i + (size_t)j * m] * r[i];
                    scale += fabs(J[i + (size_t)j * m] * r[i]);
                }
                cr_assert(fabs(jtr - g[j]) <= 4.0 * EPS * scale, "%s start %d: (Jᵀr)_%d = %.17g, g = %.17g",
                          d->name, s + 1, j + 1, jtr, g[j]);
                double bb[NIST_MAX_PARAMS], h = 1e-6 * fabs(b[j]);
                memcpy(bb, b, (size_t)k * sizeof *bb);
                bb[j] = b[j] + h;
                cr_assert_eq(nist_residuals(k, m, bb, rp, NULL, d), 0);
                bb[j] = b[j] - h;
                cr_assert_eq(nist_residuals(k, m, bb, rm, NULL, d), 0);
                for (int i = 0; i < m; i++) {
                    double fd = (rp[i] - rm[i]) / (2.0 * h), jij = J[i + (size_t)j * m];
                    double tol = 1e-6 * fabs(jij) + 1e-6 * colnorm[j] / sqrt((double)m) +
                                 20.0 * EPS * (fabs(d->g_y[i]) + fabs(r[i])) / h;
                    cr_assert(fabs(fd - jij) <= tol, "%s start %d: J[%d][%d] = %.12e, difference %.12e",
                              d->name, s + 1, i + 1, j + 1, jij, fd);
                }
            }
        }
        free(r);
        free(J);
        free(rp);
        free(rm);
        nist_free(d);
    }
}

Test(nist, translation_of_nist_syntax)
{
    char out[256];
    static const struct {
        const char *nist, *hesse;
    } cases[] = {
        {"b1*(1-exp[-b2*x])", "b1*(1-exp(-b2*x))"},
        {"b1 * (1-(1+2*b2*x)**(-.5))", "b1*(1-(1+2*b2*x)^(-.5))"},
        {"b1 - b2*x - arctan[b3/(x-b4)]/pi", "b1-b2*x-atan(b3/(x-b4))/pi"},
        {"(b1/b2) * exp[-0.5*((x-b3)/b2)**2]", "(b1/b2)*exp(-0.5*((x-b3)/b2)^2)"},
        {"log[y]", "log(y)"},
        {"2.5E-3*x1 + 1e+2", "2.5E-3*x1+1e+2"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        cr_assert_eq(nist_translate(cases[c].nist, out, sizeof out), 0);
        cr_assert_str_eq(out, cases[c].hesse, "\"%s\" -> \"%s\"", cases[c].nist, out);
    }
    cr_assert_eq(nist_translate("b1*exp[-b2*x]", out, 5), -1, "too small a buffer is an error");
}

/* Multi-line models, the pi line, a transformed response and two predictors. */
Test(nist, models_read_as_nist_writes_them)
{
    require_data();
    nist_dataset *d = load("ENSO");
    cr_assert_str_eq(d->model, "b1+b2*cos(2*pi*x/12)+b3*sin(2*pi*x/12)+b5*cos(2*pi*x/b4)+"
                               "b6*sin(2*pi*x/b4)+b8*cos(2*pi*x/b7)+b9*sin(2*pi*x/b7)");
    cr_assert_str_eq(d->vars, "b1,b2,b3,b4,b5,b6,b7,b8,b9,x");
    nist_free(d);
    d = load("Hahn1");
    cr_assert_str_eq(d->model, "(b1+b2*x+b3*x^2+b4*x^3)/(1+b5*x+b6*x^2+b7*x^3)");
    nist_free(d);
    d = load("Roszman1");
    cr_assert_str_eq(d->model, "b1-b2*x-atan(b3/(x-b4))/pi");
    nist_free(d);
    d = load("Nelson");
    cr_assert_str_eq(d->response, "log(y)");
    cr_assert_eq(d->npred, 2);
    cr_assert_str_eq(d->vars, "b1,b2,b3,x1,x2");
    cr_assert_eq(d->m, 128);
    cr_assert_float_eq(d->g_y[0], log(d->y[0]), 0.0);
    nist_free(d);
    d = load("Misra1a");
    cr_assert_eq(d->m, 14);
    cr_assert_eq(d->k, 2);
    cr_assert_float_eq(d->y[0], 10.07, 0.0);
    cr_assert_float_eq(d->x[13], 760.0, 0.0);
    cr_assert_float_eq(d->start[0][1], 0.0001, 0.0);
    cr_assert_float_eq(d->start[1][0], 250.0, 0.0);
    cr_assert_float_eq(d->certified[0], 2.3894212918E+02, 0.0);
    cr_assert_float_eq(d->certified_sd[1], 7.2668688436E-06, 0.0);
    cr_assert_float_eq(d->ssr, 1.2455138894E-01, 0.0);
    nist_free(d);
}

/* Replace the first occurrence of from by to in text (a new string). */
static char *edited(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    cr_assert_not_null(at, "\"%s\" not in the file", from);
    size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    cr_assert_not_null(out);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

static void expect_error(const char *text, const char *fragment)
{
    char msg[512];
    nist_dataset *d = (nist_dataset *)1;
    hesse_status st = nist_parse("Misra1a", text, &d, msg, sizeof msg);
    cr_assert_eq(st, HESSE_EINVAL, "expected an error mentioning \"%s\"", fragment);
    cr_assert_null(d);
    cr_assert_not_null(strstr(msg, fragment), "message \"%s\" lacks \"%s\"", msg, fragment);
}

Test(nist, malformed_files_are_named_errors)
{
    char msg[512];
    nist_dataset *d = (nist_dataset *)1;
    cr_assert_eq(nist_load(nist_data_dir(), "NoSuchSet", &d, msg, sizeof msg), HESSE_EINVAL);
    cr_assert_null(d);
    cr_assert_not_null(strstr(msg, "NoSuchSet.dat"), "%s", msg);
    require_data();
    char *text = read_text("Misra1a");
    char *t;
    t = edited(text, "+  e", "");
    expect_error(t, "error term");
    free(t);
    t = edited(text, "exp[", "exq[");
    expect_error(t, "exq");
    free(t);
    t = edited(text, "  b2 =     0.0001", "  b3 =     0.0001");
    expect_error(t, "b3 where b2");
    free(t);
    t = edited(text, "7.2668688436E-06", "sd");
    expect_error(t, "line 42");
    free(t);
    t = edited(text, "      81.78E0     760.0E0\n", "");
    expect_error(t, "File Format");
    free(t);
    t = edited(text, "      81.78E0     760.0E0", "      81.78E0     760.0E0 3");
    expect_error(t, "line 74");
    free(t);
    t = edited(text, "Number of Observations:                            14",
               "Number of Observations:                            15");
    expect_error(t, "Number of Observations");
    free(t);
    t = edited(text, "2 Parameters (b1 and b2)", "3 Parameters (b1 to b3)");
    expect_error(t, "model says 3");
    free(t);
    free(text);
}

/* Equivalent fits: a transformation counts only when it leaves the curve unchanged. */
static double lre_of(const char *name, void (*transform)(double *b), char *how, size_t size)
{
    nist_dataset *d = load(name);
    double b[NIST_MAX_PARAMS];
    memcpy(b, d->certified, sizeof b);
    for (int j = 0; j < d->k; j++) b[j] *= 1.0 + 1e-6; /* 6 correct digits */
    transform(b);
    double lre = nist_min_lre(d, b, NULL, how, size);
    nist_free(d);
    return lre;
}

static void swap(double *b, int i, int j)
{
    double t = b[i];
    b[i] = b[j];
    b[j] = t;
}

static void identity(double *b) { (void)b; }
static void lanczos_swap_first_last(double *b) { swap(b, 0, 4), swap(b, 1, 5); }
static void gauss_flip_width(double *b) { b[4] = -b[4]; }
static void gauss_flip_centre(double *b) { b[3] = -b[3]; }
static void gauss_swap_peaks(double *b) { swap(b, 2, 5), swap(b, 3, 6), swap(b, 4, 7); }
static void enso_flip_period(double *b) { b[3] = -b[3], b[5] = -b[5]; }
static void eckerle_flip_both(double *b) { b[0] = -b[0], b[1] = -b[1]; }
static void eckerle_flip_one(double *b) { b[0] = -b[0]; }

Test(nist, equivalent_fits_are_recognized_and_verified)
{
    require_data();
    char how[128];
    /* 6 correct digits: LRE = -log10(1e-6) = 6 (±0.01 for the rounding of c). */
    cr_assert(fabs(lre_of("Misra1a", identity, how, sizeof how) - 6.0) < 0.01);
    cr_assert_str_eq(how, "");
    cr_assert(lre_of("Lanczos1", lanczos_swap_first_last, how, sizeof how) > 5.99);
    cr_assert_str_eq(how, "b1=b5 b2=b6 b5=b1 b6=b2");
    cr_assert(lre_of("Gauss1", gauss_flip_width, how, sizeof how) > 5.99);
    cr_assert_str_eq(how, "b5=-b5");
    cr_assert(lre_of("Gauss2", gauss_swap_peaks, how, sizeof how) > 5.99);
    cr_assert_str_eq(how, "b3=b6 b4=b7 b5=b8 b6=b3 b7=b4 b8=b5");
    cr_assert(lre_of("ENSO", enso_flip_period, how, sizeof how) > 5.99);
    cr_assert_str_eq(how, "b4=-b4 b6=-b6");
    cr_assert(lre_of("Eckerle4", eckerle_flip_both, how, sizeof how) > 5.99);
    cr_assert_str_eq(how, "b1=-b1 b2=-b2");
    /* Not symmetries: the sign-flipped value is a candidate, the curve check rejects it. */
    cr_assert(lre_of("Eckerle4", eckerle_flip_one, how, sizeof how) < 1.0);
    cr_assert_str_eq(how, "");
    cr_assert(lre_of("Gauss1", gauss_flip_centre, how, sizeof how) < 1.0);
    cr_assert_str_eq(how, "");
}

Test(nist, lre_definition)
{
    cr_assert_float_eq(nist_lre(1.0, 1.0), NIST_LRE_CAP, 0.0);
    cr_assert_float_eq(nist_lre(1.0001, 1.0), 4.0, 1e-9);
    cr_assert_float_eq(nist_lre(-2.0, 2.0), 0.0, 0.0); /* LRE < 0 clamps to 0 */
    cr_assert_float_eq(nist_lre(NAN, 1.0), 0.0, 0.0);
    cr_assert_float_eq(nist_lre(1e-5, 0.0), 5.0, 1e-9); /* absolute error when c = 0 */
}
