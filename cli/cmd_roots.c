/*
 * hesse roots — solve a square system F(x) = 0, a built-in one of the equations
 * family or one typed as formulas ("x^2+y^2-4, x-y", Jacobian from the symbolic
 * derivatives), with Newton or Broyden: status, ‖F‖, the point, iterations,
 * evaluations, det(J) and rcond at the end.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int print_iteration(const hesse_roots_iteration *it, void *data)
{
    if (it->iteration == 0)
        printf("%5s %11s %11s %10s %6s %6s %10s %4s\n", "iter", "||F||_inf", "step", "alpha", "nfev", "njev",
               "rcond", "fb");
    printf("%5d %11s %11s %10s %6ld %6ld %10s %4d\n", it->iteration, cli_num("%.3e", it->fnorm).text,
           cli_num("%.3e", it->step_norm).text, cli_num("%.3g", it->alpha).text, it->nfev, it->njev,
           cli_num("%.3e", it->rcond).text, it->fallback);
    return 0;
}

/* det(J) (or of Broyden's B) at the end, as a number. */
static cli_number final_det(const hesse_roots_result *r)
{
    if (r->det_sign == 0) return cli_det_text(isnan(r->log_abs_det) ? NAN : 0.0, 0, r->log_abs_det);
    return cli_det_text(r->det_sign * exp(r->log_abs_det), r->det_sign, r->log_abs_det);
}

static int print_report(const cli_system *s, const double *x0, const hesse_roots_result *r, const double *x,
                        double dist, cli_format format)
{
    const char *method = hesse_roots_method_name(r->method);
    int n = s->n;
    const char *const *vars = s->vars;
    if (format == FORMAT_TABLE) {
        if (s->formula) {
            printf("system      ");
            for (int i = 0; i < s->m; i++) {
                char *t = cli_formula_text(hesse_formula_vector_component(s->formula, i), 0, -2);
                printf("%s%s = 0", i ? ", " : "", t ? t : "");
                free(t);
            }
            printf("\n");
        } else printf("problem     %s (n = %d)\n", s->name, n);
        printf("variables   ");
        cli_print_names(stdout, n, vars);
        printf("\nstart       ");
        cli_print_named_point(stdout, n, vars, x0, "%.10g");
        printf("\nmethod      %s\n", method);
        printf("status      %s: %s\n", hesse_status_name(r->status), r->message);
        printf("||F||_inf   %s\n", cli_num("%.3e", r->fnorm).text);
        printf("x           ");
        for (int i = 0; i < n && n <= 40; i++) printf("%s%s = %s", i ? ", " : "", vars[i], cli_num("%.10g", x[i]).text);
        if (n > 40) printf("(%d values; --format json shows them)", n);
        printf("\niterations  %d\nevaluations nfev = %ld, njev = %ld\n", r->iterations, r->nfev, r->njev);
        printf("det(%s)      %s%s\n", r->method == HESSE_ROOTS_BROYDEN ? "B" : "J", final_det(r).text,
               r->det_sign == 0 && !isnan(r->log_abs_det) ? " (singular)" : "");
        printf("rcond       %s\n", cli_num("%.3e", r->rcond).text);
        if (!isnan(dist)) printf("|x - root|  %s (max norm, against the known root)\n", cli_num("%.3e", dist).text);
        printf("time        %.6f s\n", r->seconds);
        return 0;
    }
    cli_writer w;
    cli_writer_init(&w, stdout, format);
    cli_begin_object(&w, NULL);
    cli_put_string(&w, "problem", s->name);
    cli_put_bool(&w, "formula", s->formula != NULL);
    cli_put_int(&w, "n", n);
    cli_put_string(&w, "method", method);
    cli_put_string(&w, "status", hesse_status_name(r->status));
    if (format == FORMAT_JSON) cli_put_string(&w, "message", r->message);
    cli_put_number(&w, "fnorm", r->fnorm, "%.3e");
    cli_put_int(&w, "iterations", r->iterations);
    cli_put_int(&w, "nfev", r->nfev);
    cli_put_int(&w, "njev", r->njev);
    cli_put_int(&w, "det_sign", r->det_sign);
    cli_put_number(&w, "log_abs_det", r->log_abs_det, "%.6g");
    cli_put_number(&w, "rcond", r->rcond, "%.3e");
    cli_put_number(&w, "seconds", r->seconds, "%.6f");
    cli_put_strings(&w, "variables", n, vars);
    cli_put_vector(&w, "x0", n, x0);
    cli_put_vector(&w, "x", n, x);
    cli_end_object(&w);
    return cli_writer_end(&w);
}

int cmd_roots(const cli_args *a)
{
    cli_system s;
    int rc = cli_system_open(a->operand, a->n, a->vars, 1, &s);
    if (rc) return rc;
    hesse_roots_options opt;
    hesse_roots_options_init(&opt);
    if (a->roots_method) hesse_roots_method_find(a->roots_method, &opt.method);
    if (!isnan(a->ftol)) opt.ftol = a->ftol;
    if (a->max_iter >= 0) opt.max_iter = a->max_iter;
    if (a->trace && a->format == FORMAT_TABLE) opt.trace = print_iteration;
    double *x = malloc((size_t)s.n * sizeof *x), *x0 = malloc((size_t)s.n * sizeof *x0);
    if (!x || !x0) rc = cli_fail(HESSE_ENOMEM, "no memory for x");
    else if (a->x0) rc = cli_parse_point("--x0", a->x0, s.n, x0);
    else if (s.x0) memcpy(x0, s.x0, (size_t)s.n * sizeof *x0);
    else rc = cli_usage_error("--x0 with %d value%s is required for a system typed as formulas", s.n, s.n == 1 ? "" : "s");
    if (rc) goto done;
    memcpy(x, x0, (size_t)s.n * sizeof *x);
    hesse_roots_result r;
    hesse_roots_solve(&s.system, x, &opt, &r);
    double dist = NAN;
    if (s.root) {
        dist = 0;
        for (int i = 0; i < s.n; i++) dist = fmax(dist, fabs(x[i] - s.root[i]));
    }
    if ((r.status == HESSE_EDOMAIN || r.status == HESSE_ENONFINITE) && s.formula && r.iterations == 0) {
        /* F cannot be evaluated at x0: say where and which operation */
        char why[256];
        hesse_formula_vector_explain(s.formula, x0, why, sizeof why);
        fprintf(stderr, "hesse: roots: %s: %s; at ", hesse_status_name(r.status), r.message);
        cli_print_named_point(stderr, s.n, s.vars, x0, "%.10g");
        fprintf(stderr, "%s%s\n", why[0] ? ": " : "", why);
        rc = CLI_EXIT_NOT_FOUND;
        goto done;
    }
    rc = print_report(&s, x0, &r, x, dist, a->format);
    if (!rc) rc = cli_exit_status(r.status);
done:
    free(x);
    free(x0);
    cli_system_close(&s);
    return rc;
}
