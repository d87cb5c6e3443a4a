/*
 * hesse roots — solve a square system F(x) = 0 of the equations family with Newton
 * or Broyden: status, ‖F‖, iterations, evaluations, det(J) and rcond at the end.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int print_trace(const hesse_roots_iteration *it, void *data)
{
    if (it->iteration == 0)
        printf("%5s %11s %11s %10s %6s %6s %10s %4s\n", "iter", "||F||_inf", "step", "alpha", "nfev", "njev",
               "rcond", "fb");
    printf("%5d %11.3e %11.3e %10.3g %6ld %6ld %10.3e %4d\n", it->iteration, it->fnorm, it->step_norm, it->alpha,
           it->nfev, it->njev, it->rcond, it->fallback);
    return 0;
}

int cmd_roots(int argc, char **argv)
{
    if (argc < 3 || argv[2][0] == '-')
        return cli_usage_error("roots: missing PROBLEM (see hesse list --family equations)");
    const char *name = argv[2];
    int n = 0, trace = 0;
    cli_format format = FORMAT_TABLE;
    hesse_roots_options opt;
    hesse_roots_options_init(&opt);
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--trace") == 0) {
            trace = 1;
            continue;
        }
        const char *v = cli_value(argc, argv, &i);
        if (!v) return 2;
        const char *o = argv[i - 1];
        if (strcmp(o, "--n") == 0) {
            if (!cli_parse_int(v, &n) || n < 1) return cli_usage_error("--n: '%s' is not a size", v);
        } else if (strcmp(o, "--method") == 0) {
            if (!hesse_roots_method_find(v, &opt.method))
                return cli_usage_error("unknown roots method '%s' (newton or broyden)", v);
        } else if (strcmp(o, "--ftol") == 0) {
            if (!cli_parse_double(v, &opt.ftol) || opt.ftol < 0)
                return cli_usage_error("--ftol: '%s' is not a tolerance >= 0", v);
        } else if (strcmp(o, "--max-iter") == 0) {
            if (!cli_parse_int(v, &opt.max_iter) || opt.max_iter < 0)
                return cli_usage_error("--max-iter: '%s' is not a count >= 0", v);
        } else if (strcmp(o, "--format") == 0) {
            if (!cli_parse_format(v, &format)) return cli_usage_error("unknown format '%s'", v);
        } else {
            return cli_usage_error("roots: unknown option '%s'", o);
        }
    }
    const hesse_equation_problem *ep = hesse_equation_problem_find(name);
    if (!ep) return cli_usage_error("unknown equation problem '%s' (see hesse list --family equations)", name);
    char msg[256];
    hesse_equation_instance *inst;
    hesse_status st = hesse_equation_instance_create(ep, n, &inst, msg, sizeof msg);
    if (st == HESSE_EINVAL) return cli_usage_error("%s", msg);
    if (st != HESSE_SUCCESS) return fprintf(stderr, "hesse: %s\n", msg), 1;
    hesse_equation_problem_info info;
    hesse_equation_problem_get_info(ep, &info);
    double *x = malloc((size_t)inst->n * sizeof *x);
    if (!x) {
        hesse_equation_instance_free(inst);
        return 1;
    }
    memcpy(x, inst->x0, (size_t)inst->n * sizeof *x);
    if (trace && format == FORMAT_TABLE) opt.trace = print_trace;
    hesse_roots_result r;
    hesse_roots_solve(&inst->system, x, &opt, &r);
    double dist = NAN;
    if (inst->root) {
        dist = 0;
        for (int i = 0; i < inst->n; i++) dist = fmax(dist, fabs(x[i] - inst->root[i]));
    }
    const char *method = hesse_roots_method_name(r.method);
    if (format == FORMAT_CSV) {
        printf("problem,n,method,status,fnorm,iterations,nfev,njev,det_sign,log_abs_det,rcond,seconds\n");
        printf("%s,%d,%s,%s,%.3e,%d,%ld,%ld,%d,%.6g,%.3e,%.6f\n", info.name, inst->n, method,
               hesse_status_name(r.status), r.fnorm, r.iterations, r.nfev, r.njev, r.det_sign, r.log_abs_det,
               r.rcond, r.seconds);
    } else if (format == FORMAT_JSON) {
        printf("{\"problem\": \"%s\", \"n\": %d, \"method\": \"%s\", \"status\": \"%s\", \"message\": ", info.name,
               inst->n, method, hesse_status_name(r.status));
        cli_json_string(stdout, r.message);
        printf(", \"fnorm\": %.6e, \"iterations\": %d, \"nfev\": %ld, \"njev\": %ld, \"det_sign\": %d, "
               "\"log_abs_det\": %.17g, \"rcond\": %.6e, \"seconds\": %.6f, \"x\": [",
               r.fnorm, r.iterations, r.nfev, r.njev, r.det_sign, r.log_abs_det, r.rcond, r.seconds);
        for (int i = 0; i < inst->n; i++) printf("%s%.17g", i ? ", " : "", x[i]);
        printf("]}\n");
    } else {
        printf("problem     %s (n = %d)\nmethod      %s\n", info.name, inst->n, method);
        printf("status      %s: %s\n", hesse_status_name(r.status), r.message);
        printf("||F||_inf   %.3e\niterations  %d\nevaluations nfev = %ld, njev = %ld\n", r.fnorm, r.iterations,
               r.nfev, r.njev);
        if (r.det_sign) printf("det(J)      %s exp(%.6g)\n", r.det_sign > 0 ? "+" : "-", r.log_abs_det);
        else printf("det(J)      0 (singular) or unknown\n");
        printf("rcond(J)    %.3e\n", r.rcond);
        if (!isnan(dist)) printf("|x - root|  %.3e (max norm, against the known root)\n", dist);
        printf("time        %.6f s\n", r.seconds);
    }
    free(x);
    hesse_equation_instance_free(inst);
    return r.status < 0 && r.status != HESSE_ESINGULAR ? 1 : 0;
}
