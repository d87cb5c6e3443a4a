/*
 * Minimize a formula typed on the command line, and show its derivatives.
 *
 *   example_formula_minimize "(1 - x)^2 + 100*(y - x^2)^2" -1.2 1
 *
 * The formula is parsed (a syntax error is shown with a caret under its column),
 * its gradient and Hessian are printed symbolically, and hesse_minimize runs from the
 * given starting point: values in the order in which the variables first appear
 * (zeros when none are given).
 */
#include <stdio.h>
#include <stdlib.h>

#include "hesse.h"

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "x^3 + 3*x^2 - 4*x*y + y^4 + 4*y^2";
    hesse_formula *f;
    hesse_formula_error err;
    if (hesse_formula_parse(text, NULL, &f, &err) != HESSE_SUCCESS) {
        fprintf(stderr, "%s\n", text);
        if (err.column >= 0)
            fprintf(stderr, "%*s^\n", err.column, "");
        fprintf(stderr, "error: %s\n", err.reason);
        return 1;
    }
    int n = hesse_formula_nvars(f);
    char buf[512];
    hesse_formula_print(f, buf, sizeof buf);
    printf("f = %s\n", buf);
    for (int i = 0; i < n; i++) {
        hesse_formula_print_gradient(f, i, buf, sizeof buf);
        printf("df/d%s = %s\n", hesse_formula_var(f, i), buf);
    }
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            hesse_formula_print_hessian(f, i, j, buf, sizeof buf);
            printf("d2f/d%sd%s = %s\n", hesse_formula_var(f, i), hesse_formula_var(f, j), buf);
        }
    hesse_problem p;
    if (hesse_formula_problem(f, &p) != HESSE_SUCCESS) {
        fprintf(stderr, "the formula has no variables\n");
        hesse_formula_free(f);
        return 1;
    }
    double *x = calloc((size_t)n, sizeof *x);
    if (!x) {
        hesse_formula_free(f);
        return 1;
    }
    for (int i = 0; i < n && i + 2 < argc; i++)
        x[i] = atof(argv[i + 2]);
    hesse_result res;
    hesse_minimize(&p, x, NULL, &res);
    printf("%s after %d iterations: f = %.10g at", hesse_status_name(res.status),
           res.iterations, res.f);
    for (int i = 0; i < n; i++)
        printf(" %s = %.10g", hesse_formula_var(f, i), x[i]);
    printf(" (%s)\n", hesse_point_kind_name(res.point));
    free(x);
    hesse_formula_free(f);
    return 0;
}
