/*
 * hesse minimize — minimize a formula (or a built-in problem) from a given start and
 * report like hesse solve, with the point reached.
 */
#include <stdlib.h>

#include "cli.h"

int cmd_minimize(const cli_args *a)
{
    cli_target t;
    double *x;
    int rc = cli_target_open_point(a, "--x0", a->x0, 1, &t, &x);
    if (rc) return rc;
    hesse_options opt;
    cli_minimize_options(a, &opt);
    if (a->trace && a->format == FORMAT_TABLE) opt.trace = cli_print_iteration;
    hesse_result r;
    hesse_minimize(&t.problem, x, &opt, &r);
    rc = cli_print_result(t.name, t.n, &r, t.fstar, x, t.vars, a->format);
    free(x);
    cli_target_close(&t);
    return rc ? rc : cli_exit_status(r.status);
}
