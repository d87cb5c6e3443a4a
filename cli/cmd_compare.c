/*
 * hesse compare — one problem or formula through several methods side by side, and its plots:
 * convergence (‖g‖∞ against iteration, log scale) and, for two variables, the contour
 * map of f with each method's path.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_METHODS 16

static const char *default_methods = "newton,newton-tr,newton-cg,bfgs,lbfgs,sr1,gd";

int cli_default_methods(const hesse_method **out)
{
    int count = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", default_methods);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        const hesse_method *m = hesse_method_find(tok);
        if (m) out[count++] = m;
    }
    return count;
}

/* Path of "<stem>_<suffix>" for a file name "stem.ext". */
static void derived_path(char *out, size_t size, const char *file, const char *suffix)
{
    const char *dot = strrchr(file, '.');
    const char *slash = strrchr(file, '/');
    size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - file) : strlen(file);
    snprintf(out, size, "%.*s_%s", (int)stem, file, suffix);
}

static int write_convergence_plot(const char *png, const char *title, cli_run *runs,
                                  const hesse_method **methods, int count)
{
    char data[4096], script[4096];
    derived_path(data, sizeof data, png, "convergence.dat");
    derived_path(script, sizeof script, png, "convergence.gp");
    FILE *d = fopen(data, "w");
    if (!d) return 1;
    for (int k = 0; k < count; k++) {
        fprintf(d, "# %s\n", hesse_method_name(methods[k]));
        for (int i = 0; i < runs[k].count; i++)
            fprintf(d, "%d %.6e\n", i, fmax(runs[k].gnorm[i], 1e-300));
        fprintf(d, "\n\n");
    }
    fclose(d);
    FILE *s = fopen(script, "w");
    if (!s) return 1;
    fprintf(s, "set terminal pngcairo size 900,600 noenhanced\nset output '%s'\n", png);
    fprintf(s, "set title '%s: gradient norm against iteration'\n", title);
    fprintf(s, "set xlabel 'iteration'\nset ylabel '||g||_inf'\nset logscale y\nset format y '1e%%T'\n");
    fprintf(s, "set grid\nset key outside right\n");
    /* A log-scale x axis would hide gd's long tail less, but a linear one shows the
       difference in iteration counts as it is. Very long runs are cut at 300. */
    int longest = 0;
    for (int k = 0; k < count; k++) longest = runs[k].count > longest ? runs[k].count : longest;
    if (longest > 300) fprintf(s, "set xrange [0:300]\n");
    fprintf(s, "plot ");
    for (int k = 0; k < count; k++)
        fprintf(s, "%s'%s' index %d with linespoints pt 7 ps 0.5 lw 2 lc rgb '%s' title '%s'", k ? ", " : "",
                data, k, cli_method_color(methods[k]), hesse_method_name(methods[k]));
    fprintf(s, "\n");
    fclose(s);
    return cli_run_gnuplot(script);
}

static int write_contour_plot(const char *png, const char *title, const hesse_problem *p,
                              const char *const *vars, cli_run *runs, const hesse_method **methods,
                              int count)
{
    /* Box: all path points, widened by 25% (and at least 1 wide). */
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int k = 0; k < count; k++)
        for (int i = 0; i < runs[k].count; i++)
            for (int c = 0; c < 2; c++) {
                double v = runs[k].path[2 * i + c];
                if (!isfinite(v)) continue;
                lo[c] = fmin(lo[c], v);
                hi[c] = fmax(hi[c], v);
            }
    for (int c = 0; c < 2; c++) {
        double w = fmax(hi[c] - lo[c], 1.0), mid = 0.5 * (hi[c] + lo[c]);
        lo[c] = mid - 0.625 * w;
        hi[c] = mid + 0.625 * w;
    }
    char grid[4096], paths[4096], script[4096];
    derived_path(grid, sizeof grid, png, "grid.dat");
    derived_path(paths, sizeof paths, png, "paths.dat");
    derived_path(script, sizeof script, png, "paths.gp");
    FILE *g = fopen(grid, "w");
    if (!g) return 1;
    /* Contours of log10(1 + f - f_min on the grid): Rosenbrock-like valleys need a
       log scale to show both the walls and the floor. */
    enum { N = 120 };
    static double fv[N][N];
    double fmin_grid = INFINITY;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double x[2] = {lo[0] + (hi[0] - lo[0]) * i / (N - 1), lo[1] + (hi[1] - lo[1]) * j / (N - 1)};
            double f = NAN;
            if (p->objective(2, x, &f, NULL, p->data) != 0 || !isfinite(f)) f = NAN;
            fv[i][j] = f;
            if (isfinite(f)) fmin_grid = fmin(fmin_grid, f);
        }
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            double x0 = lo[0] + (hi[0] - lo[0]) * i / (N - 1), x1 = lo[1] + (hi[1] - lo[1]) * j / (N - 1);
            double z = isfinite(fv[i][j]) ? log10(1.0 + fv[i][j] - fmin_grid) : NAN;
            fprintf(g, "%.6g %.6g %.6g\n", x0, x1, z);
        }
        fprintf(g, "\n");
    }
    fclose(g);
    FILE *d = fopen(paths, "w");
    if (!d) return 1;
    for (int k = 0; k < count; k++) {
        fprintf(d, "# %s\n", hesse_method_name(methods[k]));
        for (int i = 0; i < runs[k].count; i++)
            fprintf(d, "%.10g %.10g\n", runs[k].path[2 * i], runs[k].path[2 * i + 1]);
        fprintf(d, "\n\n");
    }
    fclose(d);
    FILE *s = fopen(script, "w");
    if (!s) return 1;
    char table[4096];
    derived_path(table, sizeof table, png, "contours.dat");
    fprintf(s, "set contour base\nset cntrparam levels 18\nunset surface\nset view map\n");
    fprintf(s, "set table '%s'\nsplot '%s' using 1:2:3 with lines notitle\nunset table\n", table, grid);
    fprintf(s, "set terminal pngcairo size 900,750 noenhanced\nset output '%s'\n", png);
    fprintf(s, "set title '%s: paths over contours of log10(1 + f - min f)'\n", title);
    fprintf(s, "set xlabel '%s'\nset ylabel '%s'\nset xrange [%g:%g]\nset yrange [%g:%g]\n", vars[0], vars[1],
            lo[0], hi[0], lo[1], hi[1]);
    fprintf(s, "set key outside right\nplot '%s' with lines lc rgb '#bbbbbb' notitle", table);
    for (int k = 0; k < count; k++)
        fprintf(s, ", '%s' index %d with linespoints pt 7 ps 0.6 lw 2 lc rgb '%s' title '%s'", paths, k,
                cli_method_color(methods[k]), hesse_method_name(methods[k]));
    fprintf(s, "\n");
    fclose(s);
    return cli_run_gnuplot(script);
}

int cmd_compare(int argc, char **argv)
{
    if (argc < 3 || argv[2][0] == '\0' || (argv[2][0] == '-' && argv[2][1] == '-'))
        return cli_usage_error("compare: missing TARGET (a problem from hesse list, or a formula)");
    const char *name = argv[2], *plot = NULL, *vars = NULL, *x0_text = NULL;
    int n = 0, count;
    const hesse_method *methods[MAX_METHODS];
    count = cli_default_methods(methods);
    cli_format format = FORMAT_TABLE;
    hesse_options base;
    hesse_options_init(&base);
    for (int i = 3; i < argc; i++) {
        int r = cli_target_option(argc, argv, &i, &n, &vars);
        if (r < 0) return 2;
        if (r > 0) continue;
        const char *v = cli_value(argc, argv, &i);
        if (!v) return 2;
        const char *opt = argv[i - 1];
        if (strcmp(opt, "--x0") == 0) {
            x0_text = v;
        } else if (strcmp(opt, "--methods") == 0) {
            if ((count = cli_parse_methods(v, methods, MAX_METHODS)) < 0) return 2;
        } else if (strcmp(opt, "--plot") == 0) {
            plot = v;
        } else if (strcmp(opt, "--gtol") == 0) {
            if (!cli_parse_double(v, &base.gtol) || base.gtol < 0)
                return cli_usage_error("--gtol: '%s' is not a tolerance >= 0", v);
        } else if (strcmp(opt, "--max-iter") == 0) {
            if (!cli_parse_int(v, &base.max_iter) || base.max_iter < 0)
                return cli_usage_error("--max-iter: '%s' is not a count >= 0", v);
        } else if (strcmp(opt, "--format") == 0) {
            if (!cli_parse_format(v, &format)) return cli_usage_error("unknown format '%s'", v);
        } else {
            return cli_usage_error("compare: unknown option '%s'", opt);
        }
    }
    if (plot && !cli_have_gnuplot())
        return cli_usage_error("--plot needs gnuplot: install it with 'make deps' or "
                               "'apt-get install gnuplot-nox'");
    /* The data and script files go next to the image: one check covers them. */
    if (plot && cli_check_output(plot, 0)) return 2;
    cli_target t;
    int rc = cli_target_open(name, n, vars, &t);
    if (rc) return rc;
    cli_run runs[MAX_METHODS];
    /* x0 (the start) and x (each run's end point) */
    double *x0 = malloc(2 * (size_t)t.n * sizeof *x0), *x = x0 ? x0 + t.n : NULL;
    if (!x0) rc = cli_usage_error("out of memory");
    else if (x0_text) rc = cli_parse_point("--x0", x0_text, t.n, x0);
    else if (t.x0) memcpy(x0, t.x0, (size_t)t.n * sizeof *x0);
    else rc = cli_usage_error("--x0 with %d value%s is required for a formula", t.n, t.n == 1 ? "" : "s");
    if (rc) {
        free(x0);
        cli_target_close(&t);
        return rc;
    }
    for (int k = 0; k < count; k++) {
        hesse_options opt = base;
        opt.method = methods[k];
        cli_solve(&t.problem, x0, &opt, &runs[k], x);
    }
    if (format == FORMAT_TABLE) {
        printf("%s, n = %d", t.name, t.n);
        if (!isnan(t.fstar)) printf(", f* = %.10g", t.fstar);
        printf("\n\n%-10s %-18s %6s %7s %7s %7s %10s %22s %10s  %s\n", "method", "status", "iter",
               "nfev", "ngev", "nhev", "seconds", "f", "||g||_inf", "point");
    } else if (format == FORMAT_CSV) {
        printf("problem,n,method,status,iterations,nfev,ngev,nhev,seconds,f,gnorm,point,solved\n");
    } else {
        printf("[");
    }
    /* A formula with commas is quoted in CSV (formulas contain no '"'). */
    const char *quote = strchr(t.name, ',') ? "\"" : "";
    for (int k = 0; k < count; k++) {
        const hesse_result *r = &runs[k].result;
        int solved = cli_solved(r, t.fstar);
        if (format == FORMAT_TABLE)
            printf("%-10s %-18s %6d %7ld %7ld %7ld %10.6f %22.15e %10.2e  %s\n", hesse_method_name(methods[k]),
                   hesse_status_name(r->status), r->iterations, r->nfev, r->ngev, r->nhev, r->seconds,
                   r->f, r->gnorm, hesse_point_kind_name(r->point));
        else if (format == FORMAT_CSV)
            printf("%s%s%s,%d,%s,%s,%d,%ld,%ld,%ld,%.6f,%.17g,%.3e,%s,%d\n", quote, t.name, quote, t.n,
                   hesse_method_name(methods[k]), hesse_status_name(r->status), r->iterations, r->nfev,
                   r->ngev, r->nhev, r->seconds, r->f, r->gnorm, hesse_point_kind_name(r->point), solved);
        else
            printf("%s\n  {\"method\": \"%s\", \"status\": \"%s\", \"iterations\": %d, \"nfev\": %ld, "
                   "\"ngev\": %ld, \"nhev\": %ld, \"seconds\": %.6f, \"f\": %.17g, \"gnorm\": %.3e, "
                   "\"point\": \"%s\", \"solved\": %s}",
                   k ? "," : "", hesse_method_name(methods[k]), hesse_status_name(r->status), r->iterations,
                   r->nfev, r->ngev, r->nhev, r->seconds, r->f, r->gnorm, hesse_point_kind_name(r->point),
                   solved ? "true" : "false");
    }
    if (format == FORMAT_JSON) printf("\n]\n");
    int status = 0;
    if (plot) {
        char title[128];
        snprintf(title, sizeof title, "%s (n = %d)", t.name, t.n);
        if (write_convergence_plot(plot, title, runs, methods, count) != 0) {
            fprintf(stderr, "hesse: could not draw %s\n", plot);
            status = 1;
        } else if (format == FORMAT_TABLE) {
            printf("\nconvergence plot: %s\n", plot);
        }
        if (t.n == 2) {
            char paths_png[4096];
            derived_path(paths_png, sizeof paths_png, plot, "paths.png");
            if (write_contour_plot(paths_png, title, &t.problem, t.vars, runs, methods, count) != 0) {
                fprintf(stderr, "hesse: could not draw %s\n", paths_png);
                status = 1;
            } else if (format == FORMAT_TABLE) {
                printf("paths on contours: %s\n", paths_png);
            }
        }
    }
    for (int k = 0; k < count; k++) cli_run_free(&runs[k]);
    free(x0);
    cli_target_close(&t);
    return status;
}
