/*
 * hesse taylor — the Taylor polynomial of order 1 or 2 of f at a point P, printed in
 * powers of (x_i - P_i), and at a point Q its value next to f(Q) and the error;
 * hesse laplacian — Δf = Σ ∂²f/∂x_i², as a formula and at a point. The numbers are
 * those of hesse_point_classify, hesse_taylor2 and hesse_laplacian (hesse.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The polynomial is written out up to this many variables (n² terms). */
#define POLY_MAX_N 10

typedef struct {
    char *buf;
    size_t len, cap;
    int failed;
} text;

static void put(text *t, const char *s)
{
    size_t len = strlen(s);
    if (t->failed) return;
    if (t->len + len + 1 > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        while (cap < t->len + len + 1) cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b) {
            t->failed = 1;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, len + 1);
    t->len += len;
}

/* "x", "(x - 1)", "(x + 2)": the displacement of variable i from a. */
static void displacement(char *out, size_t size, const char *name, double a)
{
    if (a == 0) snprintf(out, size, "%s", name);
    else snprintf(out, size, "(%s %s %s)", name, a > 0 ? "-" : "+", cli_num("%.10g", fabs(a)).text);
}

/* One term c*monomial of the polynomial (c != 0), with its sign. */
static void term(text *t, double c, const char *monomial)
{
    char buf[64];
    int first = t->len == 0;
    if (first) snprintf(buf, sizeof buf, "%s", c < 0 ? "-" : "");
    else snprintf(buf, sizeof buf, " %s ", c < 0 ? "-" : "+");
    put(t, buf);
    if (fabs(c) != 1 || !*monomial) {
        put(t, cli_num("%.10g", fabs(c)).text);
        if (*monomial) put(t, "*");
    }
    put(t, monomial);
}

/* T(x) = f + Σ g_i d_i + Σ_i H_ii/2 d_i^2 + Σ_{i<j} H_ij d_i d_j, d_i = x_i - a_i. */
static char *polynomial(int n, const char *const *vars, const double *a, double f, const double *g,
                        const double *H, int order)
{
    text t = {NULL, 0, 0, 0};
    char di[128], dj[128], mono[300];
    if (f != 0) term(&t, f, "");
    for (int i = 0; i < n; i++) {
        displacement(di, sizeof di, vars[i], a[i]);
        if (g[i] != 0) term(&t, g[i], di);
    }
    for (int i = 0; order >= 2 && i < n; i++)
        for (int j = i; j < n; j++) {
            double c = i == j ? 0.5 * H[i + (size_t)i * n] : H[i + (size_t)j * n];
            if (c == 0) continue;
            displacement(di, sizeof di, vars[i], a[i]);
            displacement(dj, sizeof dj, vars[j], a[j]);
            if (i == j) snprintf(mono, sizeof mono, "%s^2", di);
            else snprintf(mono, sizeof mono, "%s*%s", di, dj);
            term(&t, c, mono);
        }
    if (t.len == 0) put(&t, "0");
    if (t.failed) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}

int cmd_taylor(const cli_args *a)
{
    cli_target t;
    double *x, *q = NULL;
    int order = a->order && !strcmp(a->order, "1") ? 1 : 2;
    int rc = cli_target_open_point(a, "--at", a->at, 1, &t, &x);
    if (rc) return rc;
    int n = t.n;
    char *poly = NULL;
    hesse_point_report rep;
    memset(&rep, 0, sizeof rep);
    hesse_taylor_result tr;
    memset(&tr, 0, sizeof tr);
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    if (a->eval) {
        if (!(q = malloc((size_t)n * sizeof *q))) rc = cli_fail(HESSE_ENOMEM, "no memory for the point");
        else rc = cli_parse_point("--eval", a->eval, n, q);
    }
    if (rc) goto done;
    hesse_status st = hesse_point_classify(&t.problem, n, x, &aopt, &rep);
    if (st != HESSE_SUCCESS) {
        rc = cli_fail_at(&t, x, 2, st, rep.message);
        goto done;
    }
    if (q) {
        double *h = malloc((size_t)n * sizeof *h);
        if (!h) {
            rc = cli_fail(HESSE_ENOMEM, "no memory for the step");
            goto done;
        }
        for (int i = 0; i < n; i++) h[i] = q[i] - x[i];
        st = hesse_taylor2(&t.problem, n, x, h, &aopt, &tr);
        free(h);
        if (st != HESSE_SUCCESS) {
            rc = cli_fail_at(&t, q, 0, st, tr.message);
            goto done;
        }
        if (order == 1) {
            tr.model = tr.f0 + tr.slope;
            tr.error = tr.actual - tr.model;
        }
    }
    if (n <= POLY_MAX_N && !(poly = polynomial(n, t.vars, x, rep.f, rep.gradient, rep.hessian, order))) {
        rc = cli_fail(HESSE_ENOMEM, "no memory for the polynomial");
        goto done;
    }
    cli_writer w;
    cli_writer_init(&w, stdout, a->format);
    cli_begin_object(&w, NULL);
    cli_put_target(&w, &t);
    cli_put_int(&w, "order", order);
    cli_put_vector(&w, "at", n, x);
    cli_put_number(&w, "f", rep.f, "%.17g");
    cli_put_vector(&w, "gradient", n, rep.gradient);
    if (order == 2) cli_put_matrix(&w, "hessian", n, rep.hessian);
    if (poly) cli_put_string(&w, "polynomial", poly);
    if (q) {
        cli_put_vector(&w, "eval", n, q);
        cli_put_number(&w, "model", tr.model, "%.17g");
        cli_put_number(&w, "actual", tr.actual, "%.17g");
        cli_put_number(&w, "error", tr.error, "%.17g");
    }
    cli_end_object(&w);
    if (a->format == FORMAT_TABLE) {
        if (t.formula) {
            char *ft = cli_formula_text(t.formula, 0, -2);
            printf("f");
            cli_print_vars(stdout, &t);
            printf(" = %s\n", ft ? ft : "");
            free(ft);
        } else {
            printf("problem %s, n = %d\n", t.name, n);
        }
        printf("at ");
        cli_print_point(stdout, &t, x, "%.10g");
        printf("\n%-10s= %s\n", "f", cli_num("%.10g", rep.f).text);
        printf("%-10s= ", "gradient");
        cli_print_vector(stdout, n, rep.gradient, "%.10g");
        printf("\n");
        if (order == 2) {
            printf("%-10s= ", "Hessian");
            cli_print_matrix(stdout, n, rep.hessian, "%.10g");
            printf("   (%s)\n", rep.hessian_exact ? "exact" : "finite differences of the gradient");
        }
        printf("T%d", order);
        cli_print_vars(stdout, &t);
        if (poly) printf(" = %s\n", poly);
        else printf(": %d variables (--format json has f, the gradient and the Hessian)\n", n);
        if (q) {
            printf("\nat Q: ");
            cli_print_point(stdout, &t, q, "%.10g");
            printf("\n%-10s= %s\n", order == 1 ? "T1(Q)" : "T2(Q)", cli_num("%.12g", tr.model).text);
            printf("%-10s= %s\n", "f(Q)", cli_num("%.12g", tr.actual).text);
            printf("%-10s= %s   (f(Q) - T%d(Q); O(|Q - P|^%d) for a smooth f)\n", "error",
                   cli_num("%.6g", tr.error).text, order, order + 1);
        }
    }
    rc = cli_writer_end(&w);
done:
    free(poly);
    free(q);
    free(x);
    hesse_point_report_clear(&rep);
    cli_target_close(&t);
    return rc;
}

/* Σ_i ∂²f/∂x_i², from the printed diagonal of the Hessian, simplified as a formula. */
static hesse_formula *laplacian_formula(const cli_target *t)
{
    text s = {NULL, 0, 0, 0}, names = {NULL, 0, 0, 0};
    put(&s, "0");
    for (int i = 0; i < t->n; i++) {
        char *d = cli_formula_text(t->formula, i, i);
        if (!d) {
            s.failed = 1;
            break;
        }
        put(&s, " + (");
        put(&s, d);
        put(&s, ")");
        free(d);
        put(&names, i ? "," : "");
        put(&names, t->vars[i]);
    }
    hesse_formula *f = NULL;
    if (!s.failed && !names.failed) hesse_formula_parse(s.buf, names.buf, &f, NULL);
    free(s.buf);
    free(names.buf);
    return f;
}

int cmd_laplacian(const cli_args *a)
{
    cli_target t;
    double *x;
    int rc = cli_target_open_point(a, "--at", a->at, 0, &t, &x);
    if (rc) return rc;
    int n = t.n;
    double lap = NAN;
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    if (x) {
        char msg[256];
        hesse_status st = hesse_laplacian(&t.problem, n, x, &aopt, &lap, msg, sizeof msg);
        if (st != HESSE_SUCCESS) {
            rc = cli_fail_at(&t, x, 2, st, msg);
            goto done;
        }
    }
    char *ft = NULL, *lt = NULL;
    if (t.formula) {
        hesse_formula *lf = laplacian_formula(&t);
        ft = cli_formula_text(t.formula, 0, -2);
        lt = lf ? cli_formula_text(lf, 0, -2) : NULL;
        hesse_formula_free(lf);
        if (!ft || !lt) {
            free(ft);
            free(lt);
            rc = cli_fail(HESSE_ENOMEM, "no memory for the formulas");
            goto done;
        }
    }
    cli_writer w;
    cli_writer_init(&w, stdout, a->format);
    cli_begin_object(&w, NULL);
    cli_put_target(&w, &t);
    if (lt) cli_put_string(&w, "laplacian_formula", lt);
    if (x) {
        cli_put_vector(&w, "at", n, x);
        cli_put_number(&w, "laplacian", lap, "%.17g");
    }
    cli_end_object(&w);
    if (a->format == FORMAT_TABLE) {
        if (ft) {
            printf("f");
            cli_print_vars(stdout, &t);
            printf(" = %s\nLaplacian = ", ft);
            for (int i = 0; i < n && n <= POLY_MAX_N; i++) printf("%sd2f/d%s2", i ? " + " : "", t.vars[i]);
            printf("%s = %s\n", n <= POLY_MAX_N ? "" : "the trace of the Hessian", lt);
        } else {
            printf("problem %s, n = %d\n", t.name, n);
        }
        if (x) {
            printf("at ");
            cli_print_point(stdout, &t, x, "%.10g");
            printf("\nLaplacian = %s   (the trace of the Hessian)\n", cli_num("%.10g", lap).text);
        }
    }
    free(ft);
    free(lt);
    rc = cli_writer_end(&w);
done:
    free(x);
    cli_target_close(&t);
    return rc;
}
