/*
 * hesse jacobian — the Jacobian of a vector function F: Rⁿ -> Rᵐ typed as formulas
 * ("r*cos(t), r*sin(t)") or of a built-in system: the symbolic Jacobian and, for a
 * square one, its symbolic determinant (n <= 4); at the point, F, J, det J, rcond,
 * and what the sign and size of det J say (hesse_jacobian_report in hesse.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The sentences on det J (hesse.h, hesse_jacobian_report). */
static void meaning(const hesse_jacobian_report *rep, double rtol, char *buf, size_t size)
{
    if (rep->m != rep->n) {
        snprintf(buf, size, "J is %d x %d: a determinant needs as many components as variables", rep->m, rep->n);
        return;
    }
    if (rep->det_sign == 0 || rep->rcond <= rtol) {
        snprintf(buf, size,
                 "J is singular%s: F flattens small volumes near the point, and the inverse function theorem "
                 "gives no local inverse there",
                 rep->det_sign == 0 ? "" : " to working precision (rcond <= 1e-8)");
        return;
    }
    snprintf(buf, size,
             "det J %s 0: F %s orientation near the point; |det J| = %s: F scales small %s near the point by that "
             "factor (the factor of this change of variables in an integral); det J != 0: F has a differentiable "
             "inverse near the point (inverse function theorem)",
             rep->det > 0 ? ">" : "<", rep->det > 0 ? "keeps" : "reverses",
             cli_det_text(fabs(rep->det), 1, rep->log_abs_det).text,
             rep->n == 1 ? "lengths" : rep->n == 2 ? "areas" : "volumes");
}

/* The symbolic Jacobian (and determinant) of a formula. Returns 1 out of memory. */
static int print_formulas(const cli_system *s, cli_writer *w, int *have_det)
{
    int table = w->format == FORMAT_TABLE, m = s->m, n = s->n;
    if (table) {
        printf("F");
        cli_print_names(stdout, n, s->vars);
        printf(" = (");
    }
    cli_begin_array(w, "F_formulas");
    for (int i = 0; i < m; i++) {
        char *t = cli_formula_text(hesse_formula_vector_component(s->formula, i), 0, -2);
        if (!t) return 1;
        if (table) printf("%s%s", i ? ", " : "", t);
        cli_put_string(w, NULL, t);
        free(t);
    }
    cli_end_array(w);
    if (table) printf(")\nJacobian J = [");
    cli_begin_array(w, "jacobian_formulas");
    for (int i = 0; i < m; i++) {
        if (table) printf(i ? ", [" : "[");
        cli_begin_array(w, NULL);
        for (int j = 0; j < n; j++) {
            char *t = cli_formula_text(hesse_formula_vector_component(s->formula, i), j, -1);
            if (!t) return 1;
            if (table) printf("%s%s", j ? ", " : "", t);
            cli_put_string(w, NULL, t);
            free(t);
        }
        cli_end_array(w);
        if (table) printf("]");
    }
    cli_end_array(w);
    if (table) printf("]   (row i: the gradient of component i)\n");
    *have_det = 0;
    if (m == n) {
        hesse_formula *det;
        hesse_formula_error err;
        hesse_status st = hesse_formula_vector_determinant(s->formula, &det, &err);
        if (st == HESSE_ENOMEM) return 1;
        if (st == HESSE_SUCCESS) {
            char *t = cli_formula_text(det, 0, -2);
            hesse_formula_free(det);
            if (!t) return 1;
            if (table) printf("det J = %s\n", t);
            cli_put_string(w, "det_formula", t);
            free(t);
            *have_det = 1;
        } else if (table) {
            printf("det J: %s\n", err.reason);
        }
    }
    return 0;
}

int cmd_jacobian(const cli_args *a)
{
    cli_system s;
    int rc = cli_system_open(a->operand, a->n, a->vars, 0, &s);
    if (rc) return rc;
    double *x = NULL;
    hesse_jacobian_report rep;
    memset(&rep, 0, sizeof rep);
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    int have = a->at || s.x0;
    if (have) {
        if (!(x = malloc((size_t)s.n * sizeof *x))) rc = cli_fail(HESSE_ENOMEM, "no memory for the point");
        else if (a->at) rc = cli_parse_point("--at", a->at, s.n, x);
        else memcpy(x, s.x0, (size_t)s.n * sizeof *x);
        if (!rc) {
            hesse_status st = hesse_jacobian(&s.function, s.n, x, &aopt, &rep);
            if (st != HESSE_SUCCESS) {
                char why[256] = "";
                if (s.formula) hesse_formula_vector_explain(s.formula, x, why, sizeof why);
                fprintf(stderr, "hesse: jacobian: %s: %s; at ", hesse_status_name(st), rep.message);
                cli_print_named_point(stderr, s.n, s.vars, x, "%.10g");
                fprintf(stderr, "%s%s\n", why[0] ? ": " : "", why);
                rc = CLI_EXIT_NOT_FOUND;
            }
        }
    }
    if (rc) goto done;
    cli_writer w;
    cli_writer_init(&w, stdout, a->format);
    cli_begin_object(&w, NULL);
    cli_put_string(&w, "target", s.name);
    cli_put_bool(&w, "formula", s.formula != NULL);
    cli_put_int(&w, "n", s.n);
    cli_put_int(&w, "m", s.m);
    cli_put_strings(&w, "variables", s.n, s.vars);
    int have_det = 0;
    if (s.formula && print_formulas(&s, &w, &have_det)) {
        rc = cli_fail(HESSE_ENOMEM, "no memory for the formulas");
        goto done;
    }
    if (!s.formula && a->format == FORMAT_TABLE) printf("system %s, n = %d\n", s.name, s.n);
    if (have) {
        char text[640];
        meaning(&rep, aopt.rtol, text, sizeof text);
        cli_put_vector(&w, "at", s.n, x);
        cli_put_vector(&w, "F", s.m, rep.F);
        cli_put_rect(&w, "jacobian", s.m, s.n, rep.jacobian);
        cli_put_bool(&w, "exact", rep.exact);
        if (s.m == s.n) {
            cli_put_number(&w, "det", rep.det, "%.17g");
            cli_put_int(&w, "det_sign", rep.det_sign);
            cli_put_number(&w, "log_abs_det", rep.log_abs_det, "%.17g");
            cli_put_number(&w, "rcond", rep.rcond, "%.17g");
        }
        cli_put_string(&w, "meaning", text);
        if (a->format == FORMAT_TABLE) {
            printf("\nat ");
            cli_print_named_point(stdout, s.n, s.vars, x, "%.10g");
            printf("\n%-11s= ", "F");
            cli_print_vector(stdout, s.m, rep.F, "%.10g");
            printf("\n%-11s= ", "J");
            cli_print_rect(stdout, s.m, s.n, rep.jacobian, "%.10g");
            printf("   (%s)\n", rep.exact ? "exact" : "central differences");
            if (s.m == s.n) {
                printf("%-11s= %s\n", "det J", cli_det_text(rep.det, rep.det_sign, rep.log_abs_det).text);
                printf("%-11s= %s\n", "rcond(J)", cli_num("%.3g", rep.rcond).text);
            }
            printf("%-11s  %s\n", "meaning", text);
        }
    }
    cli_end_object(&w);
    rc = cli_writer_end(&w);
done:
    hesse_jacobian_report_clear(&rep);
    free(x);
    cli_system_close(&s);
    return rc;
}
