/*
 * hesse solve — one built-in problem from its standard start, one method: status, f,
 * ‖g‖, counters, time, point kind.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_solve(const cli_args *a)
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
    rc = cli_print_result(info.name, inst->n, &r, inst->fstar, NULL, NULL, NULL, a->format);
    free(x);
    hesse_testinstance_free(inst);
    return rc ? rc : cli_exit_status(r.status);
}
