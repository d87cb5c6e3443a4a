/*
 * hesse list   — the built-in problems.
 * hesse solve  — one problem, one method: status, f, ‖g‖, counters, time, point kind.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The square systems of the equations family (hesse roots). */
static void list_equations(cli_format format)
{
    if (format == FORMAT_TABLE) printf("%-22s %-9s %7s %-30s %s\n", "problem", "family", "n", "sizes", "source");
    else if (format == FORMAT_CSV) printf("problem,family,n,sizes\n");
    else printf("[");
    for (int i = 0; i < hesse_equation_problem_count(); i++) {
        hesse_equation_problem_info info;
        hesse_equation_problem_get_info(hesse_equation_problem_at(i), &info);
        if (format == FORMAT_TABLE)
            printf("%-22s %-9s %7d %-30s %s\n", info.name, info.family, info.default_n, info.sizes, info.source);
        else if (format == FORMAT_CSV)
            printf("%s,%s,%d,\"%s\"\n", info.name, info.family, info.default_n, info.sizes);
        else {
            printf("%s\n  {\"problem\": ", i ? "," : "");
            cli_json_string(stdout, info.name);
            printf(", \"family\": \"equations\", \"n\": %d, \"sizes\": ", info.default_n);
            cli_json_string(stdout, info.sizes);
            printf("}");
        }
    }
    if (format == FORMAT_JSON) printf("\n]\n");
}

int cmd_list(int argc, char **argv)
{
    const char *family = NULL;
    cli_format format = FORMAT_TABLE;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--family") == 0) {
            if (!(family = cli_value(argc, argv, &i))) return 2;
            if (strcmp(family, "mgh") && strcmp(family, "cutest") && strcmp(family, "seed") &&
                strcmp(family, "equations"))
                return cli_usage_error("unknown family '%s' (mgh, cutest, seed or equations)", family);
        } else if (strcmp(argv[i], "--format") == 0) {
            const char *v = cli_value(argc, argv, &i);
            if (!v) return 2;
            if (!cli_parse_format(v, &format)) return cli_usage_error("unknown format '%s'", v);
        } else {
            return cli_usage_error("list: unknown option '%s'", argv[i]);
        }
    }
    if (family && strcmp(family, "equations") == 0) {
        list_equations(format);
        return 0;
    }
    if (format == FORMAT_TABLE)
        printf("%-22s %-7s %7s %-14s %-30s %s\n", "problem", "family", "n", "f*", "sizes", "source");
    else if (format == FORMAT_CSV)
        printf("problem,family,n,fstar,sizes\n");
    else
        printf("[");
    int first = 1;
    for (int i = 0; i < hesse_testproblem_count(); i++) {
        const hesse_testproblem *tp = hesse_testproblem_at(i);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        if (family && strcmp(family, info.family) != 0) continue;
        hesse_testinstance *inst = NULL;
        double fstar = NAN;
        if (hesse_testinstance_create(tp, 0, &inst, NULL, 0) == HESSE_SUCCESS) fstar = inst->fstar;
        hesse_testinstance_free(inst);
        if (format == FORMAT_TABLE) {
            char fs[32];
            if (isnan(fstar)) snprintf(fs, sizeof fs, "unknown");
            else snprintf(fs, sizeof fs, "%.6g", fstar);
            printf("%-22s %-7s %7d %-14s %-30s %s\n", info.name, info.family, info.default_n, fs,
                   info.sizes, info.source);
        } else if (format == FORMAT_CSV) {
            printf("%s,%s,%d,%.17g,\"%s\"\n", info.name, info.family, info.default_n, fstar, info.sizes);
        } else {
            printf("%s\n  {\"problem\": ", first ? "" : ",");
            cli_json_string(stdout, info.name);
            printf(", \"family\": ");
            cli_json_string(stdout, info.family);
            printf(", \"n\": %d, \"fstar\": ", info.default_n);
            if (isnan(fstar)) printf("null");
            else printf("%.17g", fstar);
            printf(", \"sizes\": ");
            cli_json_string(stdout, info.sizes);
            printf("}");
        }
        first = 0;
    }
    if (format == FORMAT_JSON) printf("\n]\n");
    return 0;
}

static int print_trace(const hesse_iteration *it, void *data)
{
    if (it->iteration == 0)
        printf("%5s %22s %11s %11s %10s %6s %11s %4s\n", "iter", "f", "||g||_inf", "step", "alpha",
               "nfev", "radius", "mod");
    printf("%5d %22.15e %11.3e %11.3e %10.3g %6ld %11.3e %4d\n", it->iteration, it->f, it->gnorm,
           it->step_norm, it->alpha, it->nfev, it->radius, it->hessian_modified);
    return 0;
}

int cmd_solve(int argc, char **argv)
{
    if (argc < 3 || argv[2][0] == '-') return cli_usage_error("solve: missing PROBLEM (see hesse list)");
    const char *name = argv[2];
    int n = 0, trace = 0;
    cli_format format = FORMAT_TABLE;
    hesse_options opt;
    hesse_options_init(&opt);
    for (int i = 3; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--trace") == 0) {
            trace = 1;
            continue;
        }
        if (!(v = cli_value(argc, argv, &i))) return 2;
        if (strcmp(argv[i - 1], "--n") == 0) {
            if (!cli_parse_int(v, &n) || n < 1) return cli_usage_error("--n: '%s' is not a size", v);
        } else if (strcmp(argv[i - 1], "--method") == 0) {
            if (!(opt.method = hesse_method_find(v))) return cli_usage_error("unknown method '%s'", v);
        } else if (strcmp(argv[i - 1], "--gtol") == 0) {
            if (!cli_parse_double(v, &opt.gtol) || opt.gtol < 0)
                return cli_usage_error("--gtol: '%s' is not a tolerance >= 0", v);
        } else if (strcmp(argv[i - 1], "--max-iter") == 0) {
            if (!cli_parse_int(v, &opt.max_iter) || opt.max_iter < 0)
                return cli_usage_error("--max-iter: '%s' is not a count >= 0", v);
        } else if (strcmp(argv[i - 1], "--format") == 0) {
            if (!cli_parse_format(v, &format)) return cli_usage_error("unknown format '%s'", v);
        } else {
            return cli_usage_error("solve: unknown option '%s'", argv[i - 1]);
        }
    }
    hesse_testinstance *inst;
    int rc = cli_instantiate(name, n, &inst);
    if (rc) return rc;
    double *x = malloc((size_t)inst->n * sizeof *x);
    if (!x) {
        hesse_testinstance_free(inst);
        return cli_usage_error("out of memory");
    }
    memcpy(x, inst->x0, (size_t)inst->n * sizeof *x);
    if (trace && format == FORMAT_TABLE) opt.trace = print_trace;
    hesse_result r;
    hesse_minimize(&inst->problem, x, &opt, &r);
    hesse_testproblem_info info;
    hesse_testproblem_get_info(inst->def, &info);
    cli_print_result(info.name, inst->n, &r, inst->fstar, NULL, NULL, format);
    free(x);
    hesse_testinstance_free(inst);
    return r.status < 0 ? 1 : 0;
}
