/*
 * hesse minimize — minimize a formula (or a built-in problem) from a given start and
 * report like hesse solve (status, f, ||g||, counters, time, point kind), with the
 * point reached.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_minimize(int argc, char **argv)
{
    if (argc < 3 || argv[2][0] == '\0' || (argv[2][0] == '-' && argv[2][1] == '-'))
        return cli_usage_error("minimize: missing TARGET (a formula, or a problem from hesse list)");
    const char *target = argv[2], *vars = NULL, *x0 = NULL;
    int n = 0;
    cli_format format = FORMAT_TABLE;
    hesse_options opt;
    hesse_options_init(&opt);
    for (int i = 3; i < argc; i++) {
        int r = cli_target_option(argc, argv, &i, &n, &vars);
        if (r < 0) return 2;
        if (r > 0) continue;
        const char *name = argv[i];
        const char *v = cli_value(argc, argv, &i);
        if (!v) return 2;
        if (strcmp(name, "--x0") == 0) {
            x0 = v;
        } else if (strcmp(name, "--method") == 0) {
            if (!(opt.method = hesse_method_find(v))) return cli_usage_error("unknown method '%s'", v);
        } else if (strcmp(name, "--gtol") == 0) {
            if (!cli_parse_double(v, &opt.gtol) || opt.gtol < 0)
                return cli_usage_error("--gtol: '%s' is not a tolerance >= 0", v);
        } else if (strcmp(name, "--max-iter") == 0) {
            if (!cli_parse_int(v, &opt.max_iter) || opt.max_iter < 0)
                return cli_usage_error("--max-iter: '%s' is not a count >= 0", v);
        } else if (strcmp(name, "--format") == 0) {
            if (!cli_parse_format(v, &format)) return cli_usage_error("unknown format '%s'", v);
        } else {
            return cli_usage_error("minimize: unknown option '%s'", name);
        }
    }
    cli_target t;
    int rc = cli_target_open(target, n, vars, &t);
    if (rc) return rc;
    double *x = malloc((size_t)t.n * sizeof *x);
    if (!x) rc = cli_usage_error("out of memory");
    else if (x0) rc = cli_parse_point("--x0", x0, t.n, x);
    else if (t.x0) memcpy(x, t.x0, (size_t)t.n * sizeof *x);
    else rc = cli_usage_error("--x0 with %d value%s is required for a formula", t.n, t.n == 1 ? "" : "s");
    if (rc) {
        free(x);
        cli_target_close(&t);
        return rc;
    }
    hesse_result r;
    hesse_minimize(&t.problem, x, &opt, &r);
    cli_print_result(t.name, t.n, &r, t.fstar, x, t.vars, format);
    free(x);
    cli_target_close(&t);
    return r.status < 0 ? 1 : 0;
}
