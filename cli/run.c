/*
 * Running a minimization for the hesse command (see cli.h): the options from the
 * arguments, a solve with its trace kept, the "solved" test of compare and bench, and
 * the report of one solve.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_minimize_options(const cli_args *a, hesse_options *opt)
{
    hesse_options_init(opt);
    opt->method = a->method;
    if (!isnan(a->gtol)) opt->gtol = a->gtol;
    if (a->max_iter >= 0) opt->max_iter = a->max_iter;
}

int cli_exit_status(hesse_status st)
{
    return st == HESSE_SUCCESS ? CLI_EXIT_FOUND : CLI_EXIT_NOT_FOUND;
}

static int record(const hesse_iteration *it, void *data)
{
    cli_run *run = data;
    if (run->count == run->capacity) {
        int cap = run->capacity ? 2 * run->capacity : 64;
        double *g = realloc(run->gnorm, (size_t)cap * sizeof *g);
        if (g) run->gnorm = g;
        double *f = realloc(run->f, (size_t)cap * sizeof *f);
        if (f) run->f = f;
        double *path = realloc(run->path, 2 * (size_t)cap * sizeof *path);
        if (path) run->path = path;
        if (!g || !f || !path) return 1; /* stop: the trace cannot be kept */
        run->capacity = cap;
    }
    run->gnorm[run->count] = it->gnorm;
    run->f[run->count] = it->f;
    run->path[2 * run->count] = it->x[0];
    run->path[2 * run->count + 1] = it->n > 1 ? it->x[1] : 0.0;
    run->count++;
    return 0;
}

int cli_solve(const hesse_problem *p, const double *x0, hesse_options *opt, cli_run *run,
              double *x_out)
{
    memset(run, 0, sizeof *run);
    opt->trace = record;
    opt->trace_data = run;
    memcpy(x_out, x0, (size_t)p->n * sizeof *x_out);
    hesse_minimize(p, x_out, opt, &run->result);
    return run->result.status == HESSE_STOPPED ? 1 : 0;
}

void cli_run_free(cli_run *run)
{
    free(run->gnorm);
    free(run->f);
    free(run->path);
    memset(run, 0, sizeof *run);
}

int cli_solved(const hesse_result *r, double fstar)
{
    if (r->status != HESSE_SUCCESS) return 0;
    if (isnan(fstar)) return 1;
    return fabs(r->f - fstar) <= 1e-6 * fmax(1.0, fabs(fstar));
}

int cli_print_iteration(const hesse_iteration *it, void *data)
{
    if (it->iteration == 0)
        printf("%5s %22s %11s %11s %10s %6s %11s %4s\n", "iter", "f", "||g||_inf", "step", "alpha",
               "nfev", "radius", "mod");
    printf("%5d %22s %11s %11s %10s %6ld %11s %4d\n", it->iteration, cli_num("%.15e", it->f).text,
           cli_num("%.3e", it->gnorm).text, cli_num("%.3e", it->step_norm).text, cli_num("%.3g", it->alpha).text,
           it->nfev, cli_num("%.3e", it->radius).text, it->hessian_modified);
    return 0;
}

/* CSV and JSON: one record with the same members as the table. */
static int write_result(const char *problem, int n, const hesse_result *r, double fstar, const double *x0,
                        const double *x, const char *const *vars, cli_format format)
{
    cli_writer w;
    cli_writer_init(&w, stdout, format);
    cli_begin_object(&w, NULL);
    cli_put_string(&w, "problem", problem);
    cli_put_int(&w, "n", n);
    cli_put_string(&w, "method", hesse_method_name(r->method));
    cli_put_string(&w, "status", hesse_status_name(r->status));
    if (format == FORMAT_JSON) cli_put_string(&w, "message", r->message);
    cli_put_number(&w, "f", r->f, "%.17g");
    cli_put_number(&w, "fstar", fstar, "%.17g");
    cli_put_number(&w, "gnorm", r->gnorm, "%.3e");
    cli_put_int(&w, "iterations", r->iterations);
    cli_put_int(&w, "nfev", r->nfev);
    cli_put_int(&w, "ngev", r->ngev);
    cli_put_int(&w, "nhev", r->nhev);
    cli_put_number(&w, "seconds", r->seconds, "%.6f");
    cli_put_string(&w, "point", hesse_point_kind_name(r->point));
    cli_put_int(&w, "npos", r->npos);
    cli_put_int(&w, "nneg", r->nneg);
    cli_put_int(&w, "nzero", r->nzero);
    cli_put_number(&w, "lambda_min", r->lambda_min, "%.6g");
    if (x && format == FORMAT_JSON) {
        cli_put_strings(&w, "variables", n, vars);
        if (x0) cli_put_vector(&w, "x0", n, x0);
        cli_put_vector(&w, "x", n, x);
    }
    for (int i = 0; x && format == FORMAT_CSV && i < n; i++) {
        /* x_ keeps the columns of variables called f or n apart from the others */
        char key[256];
        snprintf(key, sizeof key, "x_%s", vars[i]);
        cli_put_number(&w, key, x[i], "%.17g");
    }
    cli_end_object(&w);
    return cli_writer_end(&w);
}

int cli_print_result(const char *problem, int n, const hesse_result *r, double fstar, const double *x0,
                     const double *x, const char *const *vars, cli_format format)
{
    if (format != FORMAT_TABLE) return write_result(problem, n, r, fstar, x0, x, vars, format);
    printf("problem     %s (n = %d)\n", problem, n);
    if (x0 && vars && n <= 40) {
        printf("variables   ");
        cli_print_names(stdout, n, vars);
        printf("\nstart       ");
        cli_print_named_point(stdout, n, vars, x0, "%.10g");
        printf("\n");
    }
    printf("method      %s\n", hesse_method_name(r->method));
    printf("status      %s: %s\n", hesse_status_name(r->status), r->message);
    printf("f           %s", cli_num("%.17g", r->f).text);
    if (!isnan(fstar))
        printf("   (f* = %s, |f - f*| = %s)", cli_num("%.17g", fstar).text, cli_num("%.3g", fabs(r->f - fstar)).text);
    printf("\n||g||_inf   %s\n", cli_num("%.3e", r->gnorm).text);
    if (x) {
        printf("x           ");
        for (int i = 0; i < n; i++) printf("%s%s = %s", i ? ", " : "", vars[i], cli_num("%.10g", x[i]).text);
        printf("\n");
    }
    printf("iterations  %d\n", r->iterations);
    printf("evaluations nfev = %ld, ngev = %ld, nhev = %ld\n", r->nfev, r->ngev, r->nhev);
    printf("time        %.6f s\n", r->seconds);
    printf("point       %s", hesse_point_kind_name(r->point));
    if (r->npos >= 0)
        printf("   (inertia %d+, %d-, %d zero; lambda_min = %s)", r->npos, r->nneg, r->nzero,
               cli_num("%.6g", r->lambda_min).text);
    printf("\n");
    return 0;
}
