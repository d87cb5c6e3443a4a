/*
 * hesse bench — every (problem, method) pair of a problem set: per-run CSV/JSON, a
 * summary per method (solved count, median iterations and evaluations over the solved
 * runs), and Dolan–Moré performance profiles (Math. Program. 91, 2002) of iterations,
 * evaluations and time.
 *
 * Size: hesse_testproblem_size_near(problem, N) with N from --n, default 100: N where
 * the problem accepts it, its default n when that is smaller, else the accepted size
 * nearest to N. "solved" (global) and "local" are hesse_testinstance_judge()'s verdicts
 * (hesse.h): the gradient test met at f* (or f* unknown), or at a recorded local
 * minimum or a point without negative curvature above f*.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_METHODS 16

typedef struct {
    const char *problem, *family;
    int n;
    const hesse_method *method;
    hesse_result r;
    double fstar;
    int solved, local;
} bench_row;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int count)
{
    if (count == 0) return NAN;
    qsort(v, (size_t)count, sizeof *v, cmp_double);
    return count % 2 ? v[count / 2] : 0.5 * (v[count / 2 - 1] + v[count / 2]);
}

static double metric(const bench_row *row, int which)
{
    if (which == 0) return row->r.iterations;
    if (which == 1) return (double)(row->r.nfev + row->r.ngev + row->r.nhev);
    return fmax(row->r.seconds, 1e-7);
}

/* Performance profile of one metric: data file with, per method, the sorted ratios
   r_{p,m} = t_{p,m} / min_m t_{p,m} (unsolved = infinite) as a step function. */
static int write_profile(const char *dir, const char *what, int which, const bench_row *rows, int nprob,
                         const hesse_method **methods, int nmeth)
{
    char data[4096], script[4096], png[4096];
    snprintf(data, sizeof data, "%s/profile_%s.dat", dir, what);
    snprintf(script, sizeof script, "%s/profile_%s.gp", dir, what);
    snprintf(png, sizeof png, "%s/profile_%s.png", dir, what);
    FILE *d = fopen(data, "w");
    if (!d) return 1;
    double *ratios = malloc((size_t)nprob * sizeof *ratios);
    if (!ratios) {
        fclose(d);
        return 1;
    }
    double tau_max = 1.0;
    for (int m = 0; m < nmeth; m++) {
        int count = 0;
        for (int p = 0; p < nprob; p++) {
            double best = INFINITY;
            for (int k = 0; k < nmeth; k++) {
                const bench_row *row = &rows[p * nmeth + k];
                if (row->solved) best = fmin(best, metric(row, which));
            }
            const bench_row *row = &rows[p * nmeth + m];
            if (row->solved && isfinite(best)) {
                ratios[count++] = metric(row, which) / fmax(best, 1e-300);
                tau_max = fmax(tau_max, ratios[count - 1]);
            }
        }
        qsort(ratios, (size_t)count, sizeof *ratios, cmp_double);
        fprintf(d, "# %s\n1 0\n", hesse_method_name(methods[m]));
        for (int i = 0; i < count; i++) fprintf(d, "%.6g %.6g\n", ratios[i], (double)(i + 1) / nprob);
        fprintf(d, "1e300 %.6g\n\n\n", (double)count / nprob);
    }
    free(ratios);
    fclose(d);
    FILE *s = fopen(script, "w");
    if (!s) return 1;
    fprintf(s, "set terminal pngcairo size 900,600 noenhanced\nset output '%s'\n", png);
    fprintf(s, "set title 'Performance profile: %s (%d problems)'\n", what, nprob);
    fprintf(s, "set xlabel 'tau (ratio to the best method on each problem)'\n");
    fprintf(s, "set ylabel 'fraction of problems solved within tau'\nset logscale x 2\n");
    fprintf(s, "set xrange [1:%g]\nset yrange [0:1.02]\nset grid\nset key bottom right\n", fmax(2.0, 2.0 * tau_max));
    fprintf(s, "plot ");
    for (int m = 0; m < nmeth; m++)
        fprintf(s, "%s'%s' index %d with steps lw 2 lc rgb '%s' title '%s'", m ? ", " : "", data, m,
                cli_method_color(methods[m]), hesse_method_name(methods[m]));
    fprintf(s, "\n");
    fclose(s);
    return cli_run_gnuplot(script);
}

static void write_csv_row(FILE *out, const bench_row *row)
{
    const hesse_result *r = &row->r;
    double err = isnan(row->fstar) ? NAN : fabs(r->f - row->fstar);
    fprintf(out, "%s,%s,%d,%s,%s,%.17g,%.17g,%.3e,%.3e,%d,%ld,%ld,%ld,%.6f,%s,%d,%d\n", row->problem,
            row->family, row->n, hesse_method_name(row->method), hesse_status_name(r->status), r->f,
            row->fstar, err, r->gnorm, r->iterations, r->nfev, r->ngev, r->nhev, r->seconds,
            hesse_point_kind_name(r->point), row->solved, row->local);
}

static void write_json_row(FILE *out, const bench_row *row, int first)
{
    const hesse_result *r = &row->r;
    fprintf(out, "%s\n  {\"problem\": \"%s\", \"family\": \"%s\", \"n\": %d, \"method\": \"%s\", "
                 "\"status\": \"%s\", \"f\": %.17g, \"fstar\": ",
            first ? "" : ",", row->problem, row->family, row->n, hesse_method_name(row->method),
            hesse_status_name(r->status), r->f);
    if (isnan(row->fstar)) fprintf(out, "null");
    else fprintf(out, "%.17g", row->fstar);
    fprintf(out, ", \"gnorm\": %.3e, \"iterations\": %d, \"nfev\": %ld, \"ngev\": %ld, \"nhev\": %ld, "
                 "\"seconds\": %.6f, \"point\": \"%s\", \"solved\": %s, \"local\": %s}",
            r->gnorm, r->iterations, r->nfev, r->ngev, r->nhev, r->seconds, hesse_point_kind_name(r->point),
            row->solved ? "true" : "false", row->local ? "true" : "false");
}

/* fclose, reporting a write error on the way; returns 1 on error. */
static int close_output(FILE *out, const char *path)
{
    int bad = ferror(out);
    if (fclose(out) != 0) bad = 1;
    if (bad) fprintf(stderr, "hesse: could not write %s in full\n", path);
    return bad ? 1 : 0;
}

int cmd_bench(int argc, char **argv)
{
    const char *family = NULL, *csv = NULL, *json = NULL, *plots = NULL;
    int n = 0, nmeth;
    const hesse_method *methods[MAX_METHODS];
    nmeth = cli_default_methods(methods);
    double max_seconds = 20.0;
    for (int i = 2; i < argc; i++) {
        const char *v = cli_value(argc, argv, &i);
        if (!v) return 2;
        const char *opt = argv[i - 1];
        if (strcmp(opt, "--family") == 0) {
            family = v;
            if (strcmp(family, "mgh") && strcmp(family, "cutest") && strcmp(family, "seed"))
                return cli_usage_error("unknown family '%s' (mgh, cutest or seed)", family);
        } else if (strcmp(opt, "--methods") == 0) {
            if ((nmeth = cli_parse_methods(v, methods, MAX_METHODS)) < 0) return 2;
        } else if (strcmp(opt, "--n") == 0) {
            if (!cli_parse_int(v, &n) || n < 1) return cli_usage_error("--n: '%s' is not a size", v);
        } else if (strcmp(opt, "--csv") == 0) {
            csv = v;
        } else if (strcmp(opt, "--json") == 0) {
            json = v;
        } else if (strcmp(opt, "--plots") == 0) {
            plots = v;
        } else if (strcmp(opt, "--max-seconds") == 0) {
            if (!cli_parse_double(v, &max_seconds) || max_seconds < 0)
                return cli_usage_error("--max-seconds: '%s' is not a time >= 0", v);
        } else {
            return cli_usage_error("bench: unknown option '%s'", opt);
        }
    }
    if (plots && !cli_have_gnuplot())
        return cli_usage_error("--plots needs gnuplot: install it with 'make deps' or "
                               "'apt-get install gnuplot-nox'");
    /* Every destination is checked before any file is created. */
    if (csv && cli_check_output(csv, 0)) return 2;
    if (json && cli_check_output(json, 0)) return 2;
    if (plots && cli_check_output(plots, 1)) return 2;
    /* The default set: mgh and cutest (seed functions are mostly unbounded below). */
    int nprob = 0;
    const hesse_testproblem **set = malloc((size_t)hesse_testproblem_count() * sizeof *set);
    if (!set) return 1;
    for (int i = 0; i < hesse_testproblem_count(); i++) {
        const hesse_testproblem *tp = hesse_testproblem_at(i);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        if (family ? strcmp(family, info.family) == 0 : strcmp(info.family, "seed") != 0) set[nprob++] = tp;
    }
    bench_row *rows = calloc((size_t)nprob * nmeth + 1, sizeof *rows);
    if (!rows) {
        free(set);
        return 1;
    }
    FILE *csv_out = NULL, *json_out = NULL;
    if (plots && mkdir(plots, 0777) != 0 && access(plots, W_OK) != 0) {
        free(set);
        free(rows);
        return cli_usage_error("cannot create the plot directory '%s'", plots);
    }
    if (csv && !(csv_out = fopen(csv, "w"))) {
        free(set);
        free(rows);
        return cli_usage_error("cannot write '%s'", csv);
    }
    if (json && !(json_out = fopen(json, "w"))) {
        if (csv_out) fclose(csv_out);
        free(set);
        free(rows);
        return cli_usage_error("cannot write '%s'", json);
    }
    if (csv_out)
        fprintf(csv_out, "problem,family,n,method,status,f,fstar,abs_err,gnorm,iterations,nfev,ngev,nhev,"
                         "seconds,point,solved,local\n");
    if (json_out) fprintf(json_out, "[");
    int tty = isatty(fileno(stderr));
    for (int p = 0; p < nprob; p++) {
        hesse_testproblem_info info;
        hesse_testproblem_get_info(set[p], &info);
        int size = hesse_testproblem_size_near(set[p], n > 0 ? n : 100);
        hesse_testinstance *inst = NULL;
        if (hesse_testinstance_create(set[p], size, &inst, NULL, 0) != HESSE_SUCCESS) continue;
        double *x = malloc((size_t)inst->n * sizeof *x);
        for (int m = 0; m < nmeth && x; m++) {
            bench_row *row = &rows[p * nmeth + m];
            if (tty) fprintf(stderr, "\r[%3d/%3d] %-22s %-10s", p + 1, nprob, info.name, hesse_method_name(methods[m]));
            hesse_options opt;
            hesse_options_init(&opt);
            opt.method = methods[m];
            opt.max_seconds = max_seconds;
            memcpy(x, inst->x0, (size_t)inst->n * sizeof *x);
            hesse_minimize(&inst->problem, x, &opt, &row->r);
            row->problem = info.name;
            row->family = info.family;
            row->n = inst->n;
            row->method = methods[m];
            row->fstar = inst->fstar;
            hesse_solved verdict = hesse_testinstance_judge(inst, &row->r);
            row->solved = verdict == HESSE_SOLVED_GLOBAL;
            row->local = verdict == HESSE_SOLVED_LOCAL;
            if (csv_out) write_csv_row(csv_out, row);
            if (json_out) write_json_row(json_out, row, p == 0 && m == 0);
        }
        free(x);
        hesse_testinstance_free(inst);
    }
    if (tty) fprintf(stderr, "\r%60s\r", "");
    /* A file that could not be written in full (a full disk) fails the command. */
    int status = 0;
    if (json_out) {
        fprintf(json_out, "\n]\n");
        if (close_output(json_out, json)) status = 1;
    }
    if (csv_out && close_output(csv_out, csv)) status = 1;

    printf("%d problems (%s), methods side by side; solved = gradient test met and, where f* is known,\n"
           "|f - f*| <= 1e-6 max(1, |f*|); local = gradient test met at a recorded local minimum or,\n"
           "above f*, where the Hessian has no negative eigenvalue. Medians over each method's solved runs.\n\n",
           nprob, family ? family : "mgh + cutest");
    printf("%-10s %8s %6s %14s %16s %14s\n", "method", "solved", "local", "median iter", "median evals",
           "median s");
    double *buf = malloc(((size_t)nprob + 1) * sizeof *buf);
    for (int m = 0; m < nmeth && buf; m++) {
        int solved = 0, local = 0;
        double med[3];
        for (int p = 0; p < nprob; p++) local += rows[p * nmeth + m].local;
        for (int which = 0; which < 3; which++) {
            int c = 0;
            for (int p = 0; p < nprob; p++)
                if (rows[p * nmeth + m].solved) buf[c++] = metric(&rows[p * nmeth + m], which);
            solved = c;
            med[which] = median(buf, c);
        }
        printf("%-10s %4d/%-4d %6d %14.0f %16.0f %14.2e\n", hesse_method_name(methods[m]), solved, nprob, local,
               med[0], med[1], med[2]);
    }
    free(buf);
    if (plots) {
        const char *names[3] = {"iterations", "evaluations", "time"};
        int drawn = 1;
        for (int which = 0; which < 3; which++)
            if (write_profile(plots, names[which], which, rows, nprob, methods, nmeth) != 0) {
                fprintf(stderr, "hesse: could not draw the %s profile in %s\n", names[which], plots);
                drawn = 0;
                status = 1;
            }
        if (drawn) printf("\nperformance profiles: %s/profile_{iterations,evaluations,time}.png\n", plots);
    }
    if (csv) printf("per-run CSV: %s\n", csv);
    free(rows);
    free(set);
    return status;
}
