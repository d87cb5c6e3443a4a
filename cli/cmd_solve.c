/*
 * hesse solve — one built-in problem from its standard start, one method: status, f,
 * ‖g‖, counters, time, point kind.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_args *a)
{
    hesse_testinstance *inst;
    int rc = cli_instantiate(a->operand, a->n, &inst);
    if (rc) return rc;
    double *x = malloc((size_t)inst->n * sizeof *x);
    if (!x) {
        hesse_testinstance_free(inst);
        return cli_fail(HESSE_ENOMEM, "no memory for x");
    }
    memcpy(x, inst->x0, (size_t)inst->n * sizeof *x);
    hesse_options opt;
    cli_minimize_options(a, &opt);
    if (a->trace && a->format == FORMAT_TABLE) opt.trace = cli_print_iteration;
    hesse_result r;
    hesse_minimize(&inst->problem, x, &opt, &r);
    hesse_testproblem_info info;
    hesse_testproblem_get_info(inst->def, &info);
    rc = cli_print_result(info.name, inst->n, &r, inst->fstar, NULL, NULL, a->format);
    free(x);
    hesse_testinstance_free(inst);
    return rc ? rc : cli_exit_status(r.status);
}

const cli_command cli_cmd_solve = {
    .name = "solve",
    .operand = "PROBLEM",
    .operand_help = "a problem from hesse list (case-insensitive)",
    .summary = "Minimize a built-in problem from its standard start.",
    .description = "Prints the status, f (and f* where known), ||g||_inf, iterations, evaluations, time, and "
                   "the kind of point reached (minimum, saddle, maximum, degenerate) with the Hessian's "
                   "inertia.",
    .not_found = "when the solve ends with a status other than SUCCESS",
    .options = {OPT_N, OPT_METHOD, OPT_GTOL, OPT_MAX_ITER, OPT_TRACE, OPT_FORMAT},
    .run = run,
};
