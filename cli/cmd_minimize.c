/*
 * hesse minimize — minimize a formula (or a built-in problem) from a given start and
 * report like hesse solve, with the variables, the start and the point reached; with
 * --subject-to, subject to equality constraints (hesse_constrained_solve, then
 * hesse_constrained_classify at the point reached).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int constrained(const cli_args *a)
{
    cli_constrained c;
    int rc = cli_constrained_open(a, &c);
    if (rc) return rc;
    int n = c.n, m = c.m;
    double *x0 = malloc((size_t)n * sizeof *x0), *x = malloc((size_t)n * sizeof *x),
           *lambda = malloc((size_t)m * sizeof *lambda);
    hesse_constrained_report rep;
    memset(&rep, 0, sizeof rep);
    if (!x0 || !x || !lambda) rc = cli_error("out of memory");
    else if (!a->x0) rc = cli_usage_error("--x0 with %d value%s is required", n, n == 1 ? "" : "s");
    else rc = cli_parse_point("--x0", a->x0, n, x0);
    if (rc) goto done;
    memcpy(x, x0, (size_t)n * sizeof *x);
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    if (a->max_iter >= 0) aopt.max_iter = a->max_iter > 0 ? a->max_iter : 1;
    if (!isnan(a->gtol) && a->gtol > 0) aopt.solve_gtol = a->gtol;
    hesse_constrained_result r;
    hesse_status st = hesse_constrained_solve(&c.cp, x, lambda, &aopt, &r);
    hesse_status cst = st == HESSE_SUCCESS ? hesse_constrained_classify(&c.cp, n, x, lambda, &aopt, &rep) : st;
    cli_writer w;
    cli_writer_init(&w, stdout, a->format);
    cli_begin_object(&w, NULL);
    cli_put_string(&w, "problem", a->operand);
    cli_put_strings(&w, "constraints", m, a->subject_to);
    cli_put_int(&w, "n", n);
    cli_put_int(&w, "m", m);
    cli_put_string(&w, "method", "sqp");
    cli_put_string(&w, "status", hesse_status_name(r.status));
    if (a->format == FORMAT_JSON) cli_put_string(&w, "message", r.message);
    cli_put_number(&w, "f", r.f, "%.17g");
    cli_put_number(&w, "kkt_norm", r.kkt_norm, "%.3e");
    cli_put_number(&w, "cnorm", r.cnorm, "%.3e");
    cli_put_int(&w, "iterations", r.iterations);
    cli_put_int(&w, "nfev", r.nfev);
    cli_put_int(&w, "ncev", r.ncev);
    cli_put_string(&w, "point", cst == HESSE_SUCCESS ? hesse_point_kind_name(rep.kind) : "unknown");
    if (a->format == FORMAT_JSON) {
        cli_put_strings(&w, "variables", n, c.vars);
        cli_put_vector(&w, "x0", n, x0);
        cli_put_vector(&w, "x", n, x);
        cli_put_vector(&w, "lambda", m, lambda);
    }
    for (int i = 0; a->format == FORMAT_CSV && i < n; i++) {
        char key[256];
        snprintf(key, sizeof key, "x_%s", c.vars[i]);
        cli_put_number(&w, key, x[i], "%.17g");
    }
    cli_end_object(&w);
    if (a->format == FORMAT_TABLE) {
        printf("problem     minimize %s subject to ", a->operand);
        for (int k = 0; k < m; k++) printf("%s%s = 0", k ? ", " : "", a->subject_to[k]);
        printf("\nvariables   ");
        cli_print_names(stdout, n, c.vars);
        printf("\nstart       ");
        cli_print_named_point(stdout, n, c.vars, x0, "%.10g");
        printf("\nmethod      Lagrange-Newton (SQP)\nstatus      %s: %s\n", hesse_status_name(r.status), r.message);
        printf("f           %s\nx           ", cli_num("%.17g", r.f).text);
        for (int i = 0; i < n; i++) printf("%s%s = %s", i ? ", " : "", c.vars[i], cli_num("%.10g", x[i]).text);
        printf("\nmultipliers");
        for (int k = 0; k < m; k++) printf("%s lambda%d = %s", k ? "," : "", k + 1, cli_num("%.10g", lambda[k]).text);
        printf("   (L = f + sum lambda_k g_k)\n||grad L||  %s, ||g||_inf = %s\n", cli_num("%.3e", r.kkt_norm).text,
               cli_num("%.3e", r.cnorm).text);
        printf("iterations  %d\nevaluations nfev = %ld, ncev = %ld\n", r.iterations, r.nfev, r.ncev);
        if (cst == HESSE_SUCCESS)
            printf("point       constrained %s   (reduced Hessian eigenvalues from %s; hesse lagrange shows the "
                   "bordered Hessian)\n",
                   hesse_point_kind_name(rep.kind), cli_num("%.6g", rep.reduced_eigenvalues[0]).text);
        else
            printf("point       unknown\n");
    }
    rc = cli_writer_end(&w);
    if (!rc) rc = cli_exit_status(st);
done:
    hesse_constrained_report_clear(&rep);
    free(x0);
    free(x);
    free(lambda);
    cli_constrained_close(&c);
    return rc;
}

int cmd_minimize(const cli_args *a)
{
    if (a->nconstraints > 0) return constrained(a);
    cli_target t;
    double *x;
    int rc = cli_target_open_point(a, "--x0", a->x0, 1, &t, &x);
    if (rc) return rc;
    double *x0 = malloc((size_t)t.n * sizeof *x0);
    if (!x0) {
        free(x);
        cli_target_close(&t);
        return cli_fail(HESSE_ENOMEM, "no memory for x0");
    }
    memcpy(x0, x, (size_t)t.n * sizeof *x0);
    hesse_options opt;
    cli_minimize_options(a, &opt);
    if (a->trace && a->format == FORMAT_TABLE) opt.trace = cli_print_iteration;
    hesse_result r;
    hesse_minimize(&t.problem, x, &opt, &r);
    rc = cli_print_result(t.name, t.n, &r, t.fstar, x0, x, t.vars, a->format);
    /* f cannot be evaluated at x0: the report says so, stderr says where and why */
    if ((r.status == HESSE_EDOMAIN || r.status == HESSE_ENONFINITE) && r.iterations == 0 && t.formula)
        cli_fail_at(&t, x0, 1, r.status, r.message);
    if (!rc) rc = cli_exit_status(r.status);
    free(x0);
    free(x);
    cli_target_close(&t);
    return rc;
}
