/*
 * hesse roots — solve a square system F(x) = 0 of the equations family with Newton
 * or Broyden: status, ‖F‖, iterations, evaluations, det(J) and rcond at the end.
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

static int print_report(const char *name, int n, const hesse_roots_result *r, const double *x, double dist,
                        cli_format format)
{
    const char *method = hesse_roots_method_name(r->method);
    if (format == FORMAT_TABLE) {
        printf("problem     %s (n = %d)\nmethod      %s\n", name, n, method);
        printf("status      %s: %s\n", hesse_status_name(r->status), r->message);
        printf("||F||_inf   %s\niterations  %d\nevaluations nfev = %ld, njev = %ld\n", cli_num("%.3e", r->fnorm).text,
               r->iterations, r->nfev, r->njev);
        if (r->det_sign)
            printf("det(J)      %s exp(%s)\n", r->det_sign > 0 ? "+" : "-", cli_num("%.6g", r->log_abs_det).text);
        else
            printf("det(J)      0 (singular) or unknown\n");
        printf("rcond(J)    %s\n", cli_num("%.3e", r->rcond).text);
        if (!isnan(dist)) printf("|x - root|  %s (max norm, against the known root)\n", cli_num("%.3e", dist).text);
        printf("time        %.6f s\n", r->seconds);
        return 0;
    }
    cli_writer w;
    cli_writer_init(&w, stdout, format);
    cli_begin_object(&w, NULL);
    cli_put_string(&w, "problem", name);
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
    cli_put_vector(&w, "x", n, x);
    cli_end_object(&w);
    return cli_writer_end(&w);
}

int cmd_roots(const cli_args *a)
{
    const hesse_equation_problem *ep = hesse_equation_problem_find(a->operand);
    if (!ep)
        return cli_usage_error("unknown equation problem '%s' (see hesse list --family equations)", a->operand);
    hesse_roots_options opt;
    hesse_roots_options_init(&opt);
    if (a->roots_method) hesse_roots_method_find(a->roots_method, &opt.method);
    if (!isnan(a->ftol)) opt.ftol = a->ftol;
    if (a->max_iter >= 0) opt.max_iter = a->max_iter;
    if (a->trace && a->format == FORMAT_TABLE) opt.trace = print_iteration;
    char msg[256];
    hesse_equation_instance *inst;
    hesse_status st = hesse_equation_instance_create(ep, a->n, &inst, msg, sizeof msg);
    if (st == HESSE_EINVAL) return cli_usage_error("%s", msg);
    if (st != HESSE_SUCCESS) return cli_fail(st, msg);
    hesse_equation_problem_info info;
    hesse_equation_problem_get_info(ep, &info);
    double *x = malloc((size_t)inst->n * sizeof *x);
    if (!x) {
        hesse_equation_instance_free(inst);
        return cli_fail(HESSE_ENOMEM, "no memory for x");
    }
    memcpy(x, inst->x0, (size_t)inst->n * sizeof *x);
    hesse_roots_result r;
    hesse_roots_solve(&inst->system, x, &opt, &r);
    double dist = NAN;
    if (inst->root) {
        dist = 0;
        for (int i = 0; i < inst->n; i++) dist = fmax(dist, fabs(x[i] - inst->root[i]));
    }
    int rc = print_report(info.name, inst->n, &r, x, dist, a->format);
    free(x);
    hesse_equation_instance_free(inst);
    return rc ? rc : cli_exit_status(r.status);
}
