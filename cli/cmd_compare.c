/*
 * hesse compare — one problem or formula through several methods side by side, and its
 * plots: convergence (‖g‖∞ against iteration, log scale) and, for two variables, the
 * contour map of f with each method's path.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int convergence_plot(const char *png, const char *title, const cli_run *runs,
                            const hesse_method *const *methods, int count)
{
    char data[4096], script[4096], full_title[4200], settings[256];
    if (cli_derived_path(data, sizeof data, png, "convergence.dat") ||
        cli_derived_path(script, sizeof script, png, "convergence.gp"))
        return 1;
    FILE *d = fopen(data, "w");
    if (!d) return 1;
    int longest = 0;
    for (int k = 0; k < count; k++) {
        fprintf(d, "# %s\n", hesse_method_name(methods[k]));
        for (int i = 0; i < runs[k].count; i++) fprintf(d, "%d %.6e\n", i, fmax(runs[k].gnorm[i], 1e-300));
        fprintf(d, "\n\n");
        longest = runs[k].count > longest ? runs[k].count : longest;
    }
    int bad = ferror(d);
    if (fclose(d) != 0 || bad) return 1;
    snprintf(full_title, sizeof full_title, "%s: gradient norm against iteration", title);
    /* A log-scale x axis would hide gd's long tail less, but a linear one shows the
       difference in iteration counts as it is. Very long runs are cut at 300. */
    snprintf(settings, sizeof settings, "set logscale y\nset format y '1e%%T'\nset grid\nset key outside right%s",
             longest > 300 ? "\nset xrange [0:300]" : "");
    cli_plot p = {.png = png, .data = data, .script = script, .title = full_title, .xlabel = "iteration",
                  .ylabel = "||g||_inf", .settings = settings, .style = "linespoints pt 7 ps 0.5 lw 2",
                  .width = 900, .height = 600};
    return cli_plot_methods(&p, methods, count);
}

static int print_table(const cli_target *t, const double *x0, const cli_run *runs, const hesse_method *const *methods,
                       int count, cli_format format)
{
    if (format == FORMAT_TABLE) {
        printf("%s, n = %d", t->name, t->n);
        if (!isnan(t->fstar)) printf(", f* = %s", cli_num("%.10g", t->fstar).text);
        if (t->n <= 40) {
            printf("\nstart ");
            cli_print_point(stdout, t, x0, "%.10g");
        }
        printf("\n\n%-10s %-18s %6s %7s %7s %7s %10s %22s %10s  %s\n", "method", "status", "iter", "nfev", "ngev",
               "nhev", "seconds", "f", "||g||_inf", "point");
    }
    cli_writer w;
    cli_writer_init(&w, stdout, format);
    cli_begin_array(&w, NULL);
    for (int k = 0; k < count; k++) {
        const hesse_result *r = &runs[k].result;
        const char *method = hesse_method_name(methods[k]), *status = hesse_status_name(r->status);
        const char *point = hesse_point_kind_name(r->point);
        if (format == FORMAT_TABLE) {
            printf("%-10s %-18s %6d %7ld %7ld %7ld %10.6f %22s %10s  %s\n", method, status, r->iterations, r->nfev,
                   r->ngev, r->nhev, r->seconds, cli_num("%.15e", r->f).text, cli_num("%.2e", r->gnorm).text, point);
            continue;
        }
        cli_begin_object(&w, NULL);
        if (format == FORMAT_CSV) {
            cli_put_string(&w, "problem", t->name);
            cli_put_int(&w, "n", t->n);
        }
        cli_put_string(&w, "method", method);
        cli_put_string(&w, "status", status);
        cli_put_int(&w, "iterations", r->iterations);
        cli_put_int(&w, "nfev", r->nfev);
        cli_put_int(&w, "ngev", r->ngev);
        cli_put_int(&w, "nhev", r->nhev);
        cli_put_number(&w, "seconds", r->seconds, "%.6f");
        cli_put_number(&w, "f", r->f, "%.17g");
        cli_put_number(&w, "gnorm", r->gnorm, "%.3e");
        cli_put_string(&w, "point", point);
        cli_put_bool(&w, "solved", cli_solved(r, t->fstar));
        cli_end_object(&w);
    }
    cli_end_array(&w);
    return cli_writer_end(&w);
}

int cmd_compare(const cli_args *a)
{
    if (a->plot && !cli_have_gnuplot())
        return cli_usage_error("--plot needs gnuplot: install it with 'make deps' or "
                               "'apt-get install gnuplot-nox'");
    cli_target t;
    double *x0;
    int rc = cli_target_open_point(a, "--x0", a->x0, 1, &t, &x0);
    if (rc) return rc;
    double *x = malloc((size_t)t.n * sizeof *x); /* each run's end point */
    if (!x) {
        free(x0);
        cli_target_close(&t);
        return cli_fail(HESSE_ENOMEM, "no memory for x");
    }
    const hesse_method *const *methods = a->methods.at;
    int count = a->methods.count;
    cli_run runs[CLI_MAX_METHODS];
    int status = CLI_EXIT_NOT_FOUND;
    for (int k = 0; k < count; k++) {
        hesse_options opt;
        cli_minimize_options(a, &opt);
        opt.method = methods[k];
        if (cli_solve(&t.problem, x0, &opt, &runs[k], x) != 0)
            cli_error("%s: out of memory for the trace", hesse_method_name(methods[k]));
        if (runs[k].result.status == HESSE_SUCCESS) status = CLI_EXIT_FOUND;
    }
    if (print_table(&t, x0, runs, methods, count, a->format)) status = CLI_EXIT_NOT_FOUND;
    if (a->plot) {
        char title[4096];
        snprintf(title, sizeof title, "%s (n = %d)", t.name, t.n);
        if (convergence_plot(a->plot, title, runs, methods, count) != 0) {
            cli_error("could not draw %s", a->plot);
            status = CLI_EXIT_NOT_FOUND;
        } else if (a->format == FORMAT_TABLE) {
            printf("\nconvergence plot: %s\n", a->plot);
        }
        char paths_png[4096];
        if (t.n == 2) {
            if (cli_derived_path(paths_png, sizeof paths_png, a->plot, "paths.png") ||
                cli_plot_contours(paths_png, title, &t.problem, t.vars, runs, methods, count) != 0) {
                cli_error("could not draw the paths of %s", a->plot);
                status = CLI_EXIT_NOT_FOUND;
            } else if (a->format == FORMAT_TABLE) {
                printf("paths on contours: %s\n", paths_png);
            }
        }
    }
    for (int k = 0; k < count; k++) cli_run_free(&runs[k]);
    free(x);
    free(x0);
    cli_target_close(&t);
    return status;
}
