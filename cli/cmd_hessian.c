/*
 * Three variants of one command on a built-in problem or a formula (see cli.h,
 * "Targets"):
 *   hesse gradient   the gradient, as formulas and at a point
 *   hesse hessian    the Hessian, as formulas and at a point, with its eigenvalues,
 *                    leading principal minors, inertia, the three definiteness tests
 *                    and the kind of point (hesse_point_classify)
 *   hesse classify   the same report at a point, without the formulas
 * The mathematics, tolerances and references are those of the analysis section of
 * hesse.h; this file only calls and prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Table output shows matrices up to this size and vectors up to 4 times it; JSON
   always has everything. */
#define SHOW_MATRIX_MAX 10

static void show_vector(const char *label, int n, const double *v)
{
    printf("%-15s= ", label);
    if (n <= 4 * SHOW_MATRIX_MAX) cli_print_vector(stdout, n, v, "%.6g");
    else printf("(%d values; --format json shows them)", n);
    printf("\n");
}

enum { FORMULA_F, FORMULA_GRADIENT, FORMULA_HESSIAN };

/* f, and its gradient or Hessian (which), as formulas. Returns 1 out of memory. */
static int print_formulas(const cli_target *t, cli_writer *w, int which)
{
    int table = w->format == FORMAT_TABLE, hessian = which == FORMULA_HESSIAN;
    char *f = cli_formula_text(t->formula, 0, -2);
    if (!f) return 1;
    if (table) {
        printf("f");
        cli_print_vars(stdout, t);
        printf(" = %s\n", f);
    }
    cli_put_string(w, "f_formula", f);
    free(f);
    if (which == FORMULA_F) return 0;
    if (table) printf("%s = [", hessian ? "Hessian" : "gradient");
    cli_begin_array(w, hessian ? "hessian_formulas" : "gradient_formulas");
    for (int i = 0; i < t->n; i++) {
        if (hessian) {
            if (table) printf(i ? ", [" : "[");
            cli_begin_array(w, NULL);
        }
        for (int j = 0; j < (hessian ? t->n : 1); j++) {
            char *s = cli_formula_text(t->formula, i, hessian ? j : -1);
            if (!s) return 1;
            if (table) printf("%s%s", (hessian ? j : i) ? ", " : "", s);
            cli_put_string(w, NULL, s);
            free(s);
        }
        if (hessian) {
            if (table) printf("]");
            cli_end_array(w);
        }
    }
    if (table) printf("]\n");
    cli_end_array(w);
    return 0;
}

/* The report of hesse_point_classify. */
static void print_report(const hesse_point_report *rep, const hesse_analysis_options *aopt, cli_writer *w)
{
    int n = rep->n;
    if (w->format == FORMAT_JSON) {
        cli_put_vector(w, "at", n, rep->x);
        cli_put_number(w, "f", rep->f, "%.17g");
        cli_put_vector(w, "gradient", n, rep->gradient);
        cli_put_number(w, "gnorm", rep->gnorm, "%.17g");
        cli_put_bool(w, "stationary", rep->stationary);
        cli_put_matrix(w, "hessian", n, rep->hessian);
        cli_put_bool(w, "hessian_exact", rep->hessian_exact);
        cli_put_vector(w, "eigenvalues", n, rep->eigenvalues);
        cli_put_vector(w, "minors", n, rep->minors);
        cli_begin_object(w, "inertia");
        cli_put_int(w, "npos", rep->eig.npos);
        cli_put_int(w, "nneg", rep->eig.nneg);
        cli_put_int(w, "nzero", rep->eig.nzero);
        cli_end_object(w);
        cli_begin_object(w, "definiteness");
        cli_put_string(w, "eigenvalues", hesse_definiteness_name(rep->eig.verdict));
        cli_put_string(w, "sylvester", hesse_definiteness_name(rep->sylvester.verdict));
        cli_put_string(w, "ldlt", hesse_definiteness_name(rep->ldlt.verdict));
        cli_put_bool(w, "consistent", rep->consistent);
        cli_end_object(w);
        cli_put_number(w, "laplacian", rep->laplacian, "%.17g");
        cli_put_string(w, "point", hesse_point_kind_name(rep->kind));
        return;
    }
    printf("%-15s= %s\n", "f", cli_num("%.10g", rep->f).text);
    show_vector("gradient", n, rep->gradient);
    printf("%-15s= %s   (%s: gtol rule ||g||_inf <= %s * max(1, |f|))\n", "||g||_inf",
           cli_num("%.6g", rep->gnorm).text, rep->stationary ? "stationary" : "not stationary",
           cli_num("%g", aopt->gtol).text);
    printf("%-15s= ", "Hessian");
    if (n <= SHOW_MATRIX_MAX) cli_print_matrix(stdout, n, rep->hessian, "%.6g");
    else printf("(%d x %d; --format json shows it)", n, n);
    printf("   (%s)\n", rep->hessian_exact ? "exact" : "finite differences of the gradient");
    show_vector("eigenvalues", n, rep->eigenvalues);
    show_vector("leading minors", n, rep->minors);
    printf("%-15s= %d positive, %d negative, %d zero\n", "inertia", rep->eig.npos, rep->eig.nneg, rep->eig.nzero);
    printf("%-15s  eigenvalues: %s\n", "definiteness", hesse_definiteness_name(rep->eig.verdict));
    printf("%-15s  Sylvester:   %s\n", "", hesse_definiteness_name(rep->sylvester.verdict));
    printf("%-15s  LDL^T:       %s\n", "", hesse_definiteness_name(rep->ldlt.verdict));
    printf("%-15s  %s\n", "", rep->consistent ? "the three tests agree" : "the tests DISAGREE (see the eigenvalues)");
    printf("%-15s= %s\n", "Laplacian", cli_num("%.10g", rep->laplacian).text);
    printf("%-15s= %s\n", "point", hesse_point_kind_name(rep->kind));
}

/* f and its gradient at x, or 1 after reporting that they cannot be evaluated. */
static int evaluate(const cli_target *t, const double *x, double *f, double *g)
{
    int cb = t->problem.objective(t->n, x, f, g, t->problem.data);
    int finite = isfinite(*f);
    for (int i = 0; i < t->n; i++) finite = finite && isfinite(g[i]);
    if (cb == 0 && finite) return 0;
    return cli_fail_at(t, x, 1, cb < 0 ? HESSE_ECALLBACK : cb > 0 ? HESSE_EDOMAIN : HESSE_ENONFINITE,
                       "f or its gradient cannot be evaluated at this point");
}

/* The body of all three: the Hessian report (show_hessian), the formulas (formulas),
   a point required even for a formula (require_point). */
static int point_command(const cli_args *a, int show_hessian, int formulas, int require_point)
{
    cli_target t;
    double *x, f = NAN;
    int rc = cli_target_open_point(a, "--at", a->at, require_point, &t, &x), have = x != NULL;
    if (rc) return rc;
    double *g = malloc((size_t)t.n * sizeof *g);
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    hesse_point_report rep;
    memset(&rep, 0, sizeof rep);
    if (!g) rc = cli_fail(HESSE_ENOMEM, "no memory for the gradient");
    /* Evaluate before printing, so that an error leaves stdout empty. */
    if (!rc && have && show_hessian) {
        hesse_status st = hesse_point_classify(&t.problem, t.n, x, &aopt, &rep);
        if (st != HESSE_SUCCESS) rc = cli_fail_at(&t, x, 2, st, rep.message);
    } else if (!rc && have) {
        rc = evaluate(&t, x, &f, g);
    }
    if (rc) goto done;
    cli_writer w;
    cli_writer_init(&w, stdout, a->format);
    cli_begin_object(&w, NULL);
    cli_put_target(&w, &t);
    int which = !formulas ? FORMULA_F : show_hessian ? FORMULA_HESSIAN : FORMULA_GRADIENT;
    if (t.formula && print_formulas(&t, &w, which)) {
        rc = cli_fail(HESSE_ENOMEM, "no memory for the formulas");
        goto done;
    } else if (!t.formula && a->format == FORMAT_TABLE) {
        printf("problem %s, n = %d\n", t.name, t.n);
    }
    if (have && a->format == FORMAT_TABLE) {
        if (t.formula && formulas) printf("\n");
        printf("at ");
        cli_print_point(stdout, &t, x, "%.10g");
        printf("\n");
    }
    if (have && show_hessian) {
        print_report(&rep, &aopt, &w);
    } else if (have) {
        double gn = 0;
        for (int i = 0; i < t.n; i++) gn = fmax(gn, fabs(g[i]));
        cli_put_vector(&w, "at", t.n, x);
        cli_put_number(&w, "f", f, "%.17g");
        cli_put_vector(&w, "gradient", t.n, g);
        cli_put_number(&w, "gnorm", gn, "%.17g");
        if (a->format == FORMAT_TABLE) {
            printf("%-15s= %s\n", "f", cli_num("%.10g", f).text);
            show_vector("gradient", t.n, g);
            printf("%-15s= %s\n", "||g||_inf", cli_num("%.6g", gn).text);
        }
    }
    cli_end_object(&w);
    cli_writer_end(&w);
done:
    hesse_point_report_clear(&rep);
    free(g);
    free(x);
    cli_target_close(&t);
    return rc;
}

int cmd_gradient(const cli_args *a)
{
    return point_command(a, 0, 1, 0);
}

int cmd_hessian(const cli_args *a)
{
    return point_command(a, 1, 1, 0);
}

int cmd_classify(const cli_args *a)
{
    return point_command(a, 1, 0, 1);
}

