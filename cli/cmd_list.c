/*
 * hesse list — the built-in problems: minimization problems (hesse solve, compare,
 * bench and the analysis commands), or the square systems of hesse roots.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

static void list_equations(cli_writer *w)
{
    if (w->format == FORMAT_TABLE) printf("%-22s %-9s %7s %-30s %s\n", "problem", "family", "n", "sizes", "source");
    for (int i = 0; i < hesse_equation_problem_count(); i++) {
        hesse_equation_problem_info info;
        hesse_equation_problem_get_info(hesse_equation_problem_at(i), &info);
        if (w->format == FORMAT_TABLE) {
            printf("%-22s %-9s %7d %-30s %s\n", info.name, info.family, info.default_n, info.sizes, info.source);
            continue;
        }
        cli_begin_object(w, NULL);
        cli_put_string(w, "problem", info.name);
        cli_put_string(w, "family", "equations");
        cli_put_int(w, "n", info.default_n);
        cli_put_string(w, "sizes", info.sizes);
        cli_end_object(w);
    }
}

static void list_problems(cli_writer *w, const char *family)
{
    if (w->format == FORMAT_TABLE)
        printf("%-22s %-7s %7s %-14s %-30s %s\n", "problem", "family", "n", "f*", "sizes", "source");
    for (int i = 0; i < hesse_testproblem_count(); i++) {
        const hesse_testproblem *tp = hesse_testproblem_at(i);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        if (family && strcmp(family, info.family) != 0) continue;
        hesse_testinstance *inst = NULL;
        double fstar = NAN;
        if (hesse_testinstance_create(tp, 0, &inst, NULL, 0) == HESSE_SUCCESS) fstar = inst->fstar;
        hesse_testinstance_free(inst);
        if (w->format == FORMAT_TABLE) {
            printf("%-22s %-7s %7d %-14s %-30s %s\n", info.name, info.family, info.default_n,
                   isnan(fstar) ? "unknown" : cli_num("%.6g", fstar).text, info.sizes, info.source);
            continue;
        }
        cli_begin_object(w, NULL);
        cli_put_string(w, "problem", info.name);
        cli_put_string(w, "family", info.family);
        cli_put_int(w, "n", info.default_n);
        cli_put_number(w, "fstar", fstar, "%.17g");
        cli_put_string(w, "sizes", info.sizes);
        cli_end_object(w);
    }
}

int cmd_list(const cli_args *a)
{
    cli_writer w;
    cli_writer_init(&w, stdout, a->format);
    cli_begin_array(&w, NULL);
    if (a->family && strcmp(a->family, "equations") == 0) list_equations(&w);
    else list_problems(&w, a->family);
    cli_end_array(&w);
    return cli_writer_end(&w);
}
