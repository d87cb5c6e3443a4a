/*
 * Plots of the hesse command (see cli.h): data files, gnuplot scripts, and gnuplot
 * started without a shell.
 *
 * No user text reaches a shell: gnuplot is started with posix_spawnp and a fixed
 * argument vector ("gnuplot"), and reads its script on stdin. In the script, every
 * text that comes from the user (file names, titles holding a formula, variable names)
 * is a single-quoted gnuplot string: inside one, gnuplot substitutes neither `command`
 * (it does in double quotes) nor @macros, and a quote is written twice. Such a string
 * cannot span lines, so output names with control characters are refused when the
 * arguments are parsed (cli_parse_args) and titles have them replaced by spaces.
 */
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

extern char **environ;

int cli_have_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (!path || !*path) path = "/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        char file[4096];
        /* an empty entry is the current directory */
        int written = len ? snprintf(file, sizeof file, "%.*s/gnuplot", (int)len, path)
                          : snprintf(file, sizeof file, "gnuplot");
        if (written > 0 && (size_t)written < sizeof file && access(file, X_OK) == 0) return 1;
        path += len + (path[len] == ':');
    }
    return 0;
}

/* gnuplot reading the script file on stdin, its stdout sent to /dev/null (it must not
   mix into the command's output), its stderr the command's. 0 when it ran and exited
   with status 0. */
static int run_gnuplot(const char *script)
{
    posix_spawn_file_actions_t actions;
    if (posix_spawn_file_actions_init(&actions) != 0) return 1;
    int rc = 1;
    char *const argv[] = {"gnuplot", NULL};
    pid_t pid;
    if (posix_spawn_file_actions_addopen(&actions, 0, script, O_RDONLY, 0) == 0 &&
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) == 0 &&
        posix_spawnp(&pid, "gnuplot", &actions, NULL, argv, environ) == 0) {
        int wstatus;
        if (waitpid(pid, &wstatus, 0) == pid && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) rc = 0;
    }
    posix_spawn_file_actions_destroy(&actions);
    return rc;
}

/* text as a single-quoted gnuplot string (see the top of this file). */
static void quoted(FILE *script, const char *text)
{
    fputc('\'', script);
    for (const char *c = text; *c; c++) {
        if (*c == '\'') fputs("''", script);
        else if ((unsigned char)*c < 0x20 || *c == 0x7f) fputc(' ', script);
        else fputc(*c, script);
    }
    fputc('\'', script);
}

int cli_derived_path(char *out, size_t size, const char *file, const char *suffix)
{
    const char *dot = strrchr(file, '.');
    const char *slash = strrchr(file, '/');
    size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - file) : strlen(file);
    int len = snprintf(out, size, "%.*s_%s", (int)stem, file, suffix);
    return len < 0 || (size_t)len >= size;
}

const char *cli_method_color(const hesse_method *m)
{
    static const char *const palette[] = {"#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00",
                                          "#a65628", "#f781bf", "#999999", "#17becf", "#bcbd22"};
    int count = (int)(sizeof palette / sizeof palette[0]);
    for (int i = 0; i < hesse_method_count(); i++)
        if (hesse_method_at(i) == m) return palette[i % count];
    return "#000000";
}

/* The script's opening: terminal, output image, title. */
static void script_head(FILE *s, int width, int height, const char *png, const char *title)
{
    fprintf(s, "set terminal pngcairo size %d,%d noenhanced\nset output ", width, height);
    quoted(s, png);
    fprintf(s, "\nset title ");
    quoted(s, title);
    fprintf(s, "\n");
}

/* One plot item per method: data file, block k, style, the method's colour and name;
   after = 1 when they follow another item. */
static void method_items(FILE *s, int after, const char *data, const char *style,
                         const hesse_method *const *methods, int count)
{
    for (int k = 0; k < count; k++) {
        if (after || k) fputs(", ", s);
        quoted(s, data);
        fprintf(s, " index %d with %s lc rgb '%s' title ", k, style, cli_method_color(methods[k]));
        quoted(s, hesse_method_name(methods[k]));
    }
}

/* fclose, then gnuplot on the script when the file was written in full. */
static int close_and_draw(FILE *s, const char *script)
{
    int bad = ferror(s);
    if (fclose(s) != 0 || bad) return 1;
    return run_gnuplot(script);
}

int cli_plot_methods(const cli_plot *p, const hesse_method *const *methods, int count)
{
    FILE *s = fopen(p->script, "w");
    if (!s) return 1;
    script_head(s, p->width, p->height, p->png, p->title);
    fprintf(s, "set xlabel ");
    quoted(s, p->xlabel);
    fprintf(s, "\nset ylabel ");
    quoted(s, p->ylabel);
    fprintf(s, "\n%s\nplot ", p->settings);
    method_items(s, 0, p->data, p->style, methods, count);
    fprintf(s, "\n");
    return close_and_draw(s, p->script);
}

int cli_plot_contours(const char *png, const char *title, const hesse_problem *p,
                      const char *const *vars, const cli_run *runs,
                      const hesse_method *const *methods, int count)
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
    char grid[4096], paths[4096], table[4096], script[4096];
    if (cli_derived_path(grid, sizeof grid, png, "grid.dat") ||
        cli_derived_path(paths, sizeof paths, png, "paths.dat") ||
        cli_derived_path(table, sizeof table, png, "contours.dat") ||
        cli_derived_path(script, sizeof script, png, "paths.gp"))
        return 1;
    /* Contours of log10(1 + f - f_min on the grid): Rosenbrock-like valleys need a
       log scale to show both the walls and the floor. */
    enum { N = 120 };
    double *fv = malloc((size_t)N * N * sizeof *fv);
    FILE *g = fv ? fopen(grid, "w") : NULL;
    if (!g) {
        free(fv);
        return 1;
    }
    double fmin_grid = INFINITY;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double x[2] = {lo[0] + (hi[0] - lo[0]) * i / (N - 1), lo[1] + (hi[1] - lo[1]) * j / (N - 1)};
            double f = NAN;
            if (p->objective(2, x, &f, NULL, p->data) != 0 || !isfinite(f)) f = NAN;
            fv[i * N + j] = f;
            if (isfinite(f)) fmin_grid = fmin(fmin_grid, f);
        }
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            double x0 = lo[0] + (hi[0] - lo[0]) * i / (N - 1), x1 = lo[1] + (hi[1] - lo[1]) * j / (N - 1);
            double z = isfinite(fv[i * N + j]) ? log10(1.0 + fv[i * N + j] - fmin_grid) : NAN;
            fprintf(g, "%.6g %.6g %.6g\n", x0, x1, z);
        }
        fprintf(g, "\n");
    }
    free(fv);
    int bad = ferror(g);
    if (fclose(g) != 0 || bad) return 1;
    FILE *d = fopen(paths, "w");
    if (!d) return 1;
    for (int k = 0; k < count; k++) {
        fprintf(d, "# %s\n", hesse_method_name(methods[k]));
        for (int i = 0; i < runs[k].count; i++)
            fprintf(d, "%.10g %.10g\n", runs[k].path[2 * i], runs[k].path[2 * i + 1]);
        fprintf(d, "\n\n");
    }
    bad = ferror(d);
    if (fclose(d) != 0 || bad) return 1;
    FILE *s = fopen(script, "w");
    if (!s) return 1;
    fprintf(s, "set contour base\nset cntrparam levels 18\nunset surface\nset view map\nset table ");
    quoted(s, table);
    fprintf(s, "\nsplot ");
    quoted(s, grid);
    fprintf(s, " using 1:2:3 with lines notitle\nunset table\n");
    script_head(s, 900, 750, png, title);
    fprintf(s, "set xlabel ");
    quoted(s, vars[0]);
    fprintf(s, "\nset ylabel ");
    quoted(s, vars[1]);
    fprintf(s, "\nset xrange [%.17g:%.17g]\nset yrange [%.17g:%.17g]\n", lo[0], hi[0], lo[1], hi[1]);
    fprintf(s, "set key outside right\nplot ");
    quoted(s, table);
    fprintf(s, " with lines lc rgb '#bbbbbb' notitle");
    method_items(s, 1, paths, "linespoints pt 7 ps 0.6 lw 2", methods, count);
    fprintf(s, "\n");
    return close_and_draw(s, script);
}

int cli_plot_fit(const char *png, const char *script, const char *title, const char *xlabel,
                 const char *ylabel, const char *points, const char *curve)
{
    FILE *s = fopen(script, "w");
    if (!s) return 1;
    script_head(s, 900, 800, png, title);
    fprintf(s, "set multiplot layout 2,1\nset grid\nset key top right\nset xlabel ");
    quoted(s, xlabel);
    fprintf(s, "\nset ylabel ");
    quoted(s, ylabel);
    fprintf(s, "\nset size 1,0.65\nset origin 0,0.35\nplot ");
    quoted(s, points);
    fprintf(s, " using 1:2 with points pt 7 ps 1.2 lc rgb '#377eb8' title 'data', ");
    if (curve) {
        quoted(s, curve);
        fprintf(s, " using 1:2 with lines lw 2 lc rgb '#e41a1c' title 'fit'\n");
    } else {
        quoted(s, points);
        fprintf(s, " using 1:4 with linespoints pt 6 lw 2 lc rgb '#e41a1c' title 'fit'\n");
    }
    fprintf(s, "unset title\nset size 1,0.35\nset origin 0,0\nset ylabel 'residual'\nplot ");
    quoted(s, points);
    fprintf(s, " using 1:3 with impulses lw 2 lc rgb '#4daf4a' notitle, 0 with lines lc rgb '#999999' "
               "notitle\nunset multiplot\n");
    return close_and_draw(s, script);
}
