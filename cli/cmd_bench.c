/*
 * hesse bench — every (problem, method) pair of a problem set: per-run CSV/JSON, a
 * summary per method (solved count, median iterations and evaluations over the solved
 * runs), and Dolan–Moré performance profiles (Math. Program. 91, 2002) of iterations,
 * evaluations and time. The least-squares methods (lm, gn, hybrid) run too, on the
 * problems written as residuals (the mgh family), judged by the same rule; the
 * profiles compare the minimization methods, which run on every problem.
 *
 * Size: hesse_testproblem_size_near(problem, N) with N from --n (default CLI_BENCH_N):
 * N where the problem accepts it, its default n when that is smaller, else the
 * accepted size nearest to N. "solved" (global) and "local" are hesse_testinstance_judge()'s
 * verdicts (hesse.h): the gradient test met at f* (or f* unknown), or at a recorded local
 * minimum or a point without negative curvature above f*.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
    const char *problem, *family;
    int n;
    const hesse_method *method; /* NULL for a least-squares method */
    const char *name;           /* the method's name */
    int ran;                    /* 0: a least-squares method on a problem without residuals */
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
                         const hesse_method *const *methods, int nmeth, int stride)
{
    char data[4096], script[4096], png[4096], title[256], settings[256];
    snprintf(data, sizeof data, "%s/profile_%s.dat", dir, what);
    snprintf(script, sizeof script, "%s/profile_%s.gp", dir, what);
    if (snprintf(png, sizeof png, "%s/profile_%s.png", dir, what) >= (int)sizeof png) return 1;
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
                const bench_row *row = &rows[p * stride + k];
                if (row->solved) best = fmin(best, metric(row, which));
            }
            const bench_row *row = &rows[p * stride + m];
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
    int bad = ferror(d);
    if (fclose(d) != 0 || bad) return 1;
    snprintf(title, sizeof title, "Performance profile: %s (%d problems)", what, nprob);
    snprintf(settings, sizeof settings,
             "set logscale x 2\nset xrange [1:%g]\nset yrange [0:1.02]\nset grid\nset key bottom right",
             fmax(2.0, 2.0 * tau_max));
    cli_plot plot = {.png = png, .data = data, .script = script, .title = title,
                     .xlabel = "tau (ratio to the best method on each problem)",
                     .ylabel = "fraction of problems solved within tau", .settings = settings,
                     .style = "steps lw 2", .width = 900, .height = 600};
    return cli_plot_methods(&plot, methods, nmeth);
}

static void write_row(cli_writer *w, const bench_row *row)
{
    const hesse_result *r = &row->r;
    cli_begin_object(w, NULL);
    cli_put_string(w, "problem", row->problem);
    cli_put_string(w, "family", row->family);
    cli_put_int(w, "n", row->n);
    cli_put_string(w, "method", row->name);
    cli_put_string(w, "status", hesse_status_name(r->status));
    cli_put_number(w, "f", r->f, "%.17g");
    cli_put_number(w, "fstar", row->fstar, "%.17g");
    if (w->format == FORMAT_CSV)
        cli_put_number(w, "abs_err", isnan(row->fstar) ? NAN : fabs(r->f - row->fstar), "%.3e");
    cli_put_number(w, "gnorm", r->gnorm, "%.3e");
    cli_put_int(w, "iterations", r->iterations);
    cli_put_int(w, "nfev", r->nfev);
    cli_put_int(w, "ngev", r->ngev);
    cli_put_int(w, "nhev", r->nhev);
    cli_put_number(w, "seconds", r->seconds, "%.6f");
    cli_put_string(w, "point", hesse_point_kind_name(r->point));
    cli_put_bool(w, "solved", row->solved);
    cli_put_bool(w, "local", row->local);
    cli_end_object(w);
}

/* A least-squares method on an mgh problem, its result in the terms of the registry's
   f = Σ r_i² (twice the least-squares f) so that hesse_testinstance_judge applies:
   f = 2·f_lsq, gnorm = ‖∇f‖∞ = 2‖Jᵀr‖∞, Jacobians counted as nhev. */
static void lsq_run(const hesse_lsq_problem *p, double *x, const hesse_lsq_method *m, double max_seconds,
                    hesse_result *r)
{
    hesse_lsq_options opt;
    hesse_lsq_options_init(&opt);
    opt.method = m;
    opt.max_seconds = max_seconds;
    hesse_lsq_result res;
    hesse_lsq_solve(p, x, &opt, &res);
    memset(r, 0, sizeof *r);
    *r = (hesse_result){.status = res.status, .f = 2.0 * res.f, .gnorm = 2.0 * res.gnorm,
                        .iterations = res.iterations, .nfev = res.nfev, .nhev = res.njev + res.nsev,
                        .seconds = res.seconds, .point = res.point, .npos = res.npos, .nneg = res.nneg,
                        .nzero = res.nzero, .lambda_min = 2.0 * res.lambda_min,
                        .lambda_max = 2.0 * res.lambda_max};
    snprintf(r->message, sizeof r->message, "%s", res.message);
}

/* fclose, reporting a write error on the way; returns 1 on error. */
static int close_output(FILE *out, const char *path)
{
    int bad = ferror(out);
    if (fclose(out) != 0) bad = 1;
    if (bad) cli_error("could not write %s in full", path);
    return bad ? 1 : 0;
}

/* A file that could not be written in full (a full disk) fails the command. */
static int finish_output(cli_writer *w, const char *path)
{
    if (!w->out) return 0;
    cli_end_array(w);
    int bad = cli_writer_end(w);
    return close_output(w->out, path) || bad;
}

int cmd_bench(const cli_args *a)
{
    const char *family = a->family, *csv = a->csv, *json = a->json, *plots = a->plots;
    const hesse_method *const *methods = a->methods.at;
    int nmeth = a->methods.count;
    double max_seconds = isnan(a->max_seconds) ? CLI_BENCH_SECONDS : a->max_seconds;
    if (csv && json && cli_same_file(csv, json))
        return cli_usage_error("--csv and --json name the same file '%s'", json);
    if (plots && !cli_have_gnuplot())
        return cli_usage_error("--plots needs gnuplot: install it with 'make deps' or "
                               "'apt-get install gnuplot-nox'");
    /* The default set: mgh and cutest (seed functions are mostly unbounded below). */
    int nprob = 0;
    const hesse_testproblem **set = malloc((size_t)hesse_testproblem_count() * sizeof *set);
    if (!set) return cli_fail(HESSE_ENOMEM, "no memory for the problem list");
    for (int i = 0; i < hesse_testproblem_count(); i++) {
        const hesse_testproblem *tp = hesse_testproblem_at(i);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        if (family ? strcmp(family, info.family) == 0 : strcmp(info.family, "seed") != 0) set[nprob++] = tp;
    }
    /* Per problem: the minimization methods, then the least-squares methods (on the
       problems written as residuals: the mgh family). */
    int nlsq = hesse_lsq_method_count(), stride = nmeth + nlsq;
    bench_row *rows = calloc((size_t)nprob * stride + 1, sizeof *rows);
    if (!rows) {
        free(set);
        return cli_fail(HESSE_ENOMEM, "no memory for the results");
    }
    cli_writer csv_w = {0}, json_w = {0};
    int rc = 0;
    if (plots && mkdir(plots, 0777) != 0 && access(plots, W_OK) != 0)
        rc = cli_usage_error("cannot create the plot directory '%s'", plots);
    else if (csv && !(csv_w.out = fopen(csv, "w")))
        rc = cli_usage_error("cannot write '%s'", csv);
    else if (json && !(json_w.out = fopen(json, "w")))
        rc = cli_usage_error("cannot write '%s'", json);
    if (rc) {
        if (csv_w.out) fclose(csv_w.out);
        free(set);
        free(rows);
        return rc;
    }
    if (csv_w.out) cli_writer_init(&csv_w, csv_w.out, FORMAT_CSV);
    if (json_w.out) {
        cli_writer_init(&json_w, json_w.out, FORMAT_JSON);
        cli_begin_array(&json_w, NULL);
    }
    int tty = isatty(fileno(stderr));
    for (int p = 0; p < nprob; p++) {
        hesse_testproblem_info info;
        hesse_testproblem_get_info(set[p], &info);
        int size = hesse_testproblem_size_near(set[p], a->n > 0 ? a->n : CLI_BENCH_N);
        hesse_testinstance *inst = NULL;
        if (hesse_testinstance_create(set[p], size, &inst, NULL, 0) != HESSE_SUCCESS) continue;
        double *x = malloc((size_t)inst->n * sizeof *x);
        for (int m = 0; m < nmeth && x; m++) {
            bench_row *row = &rows[p * stride + m];
            if (tty)
                fprintf(stderr, "\r[%3d/%3d] %-22s %-10s", p + 1, nprob, info.name, hesse_method_name(methods[m]));
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
            row->name = hesse_method_name(methods[m]);
            row->ran = 1;
            row->fstar = inst->fstar;
            hesse_solved verdict = hesse_testinstance_judge(inst, &row->r);
            row->solved = verdict == HESSE_SOLVED_GLOBAL;
            row->local = verdict == HESSE_SOLVED_LOCAL;
            if (csv_w.out) write_row(&csv_w, row);
            if (json_w.out) write_row(&json_w, row);
        }
        hesse_lsq_problem lp;
        for (int m = 0; m < nlsq && x && hesse_testinstance_lsq(inst, &lp) == HESSE_SUCCESS; m++) {
            bench_row *row = &rows[p * stride + nmeth + m];
            if (tty)
                fprintf(stderr, "\r[%3d/%3d] %-22s %-10s", p + 1, nprob, info.name,
                        hesse_lsq_method_name(hesse_lsq_method_at(m)));
            memcpy(x, inst->x0, (size_t)inst->n * sizeof *x);
            lsq_run(&lp, x, hesse_lsq_method_at(m), max_seconds, &row->r);
            row->problem = info.name;
            row->family = info.family;
            row->n = inst->n;
            row->name = hesse_lsq_method_name(hesse_lsq_method_at(m));
            row->ran = 1;
            row->fstar = inst->fstar;
            hesse_solved verdict = hesse_testinstance_judge(inst, &row->r);
            row->solved = verdict == HESSE_SOLVED_GLOBAL;
            row->local = verdict == HESSE_SOLVED_LOCAL;
            if (csv_w.out) write_row(&csv_w, row);
            if (json_w.out) write_row(&json_w, row);
        }
        free(x);
        hesse_testinstance_free(inst);
    }
    if (tty) fprintf(stderr, "\r%60s\r", "");
    int status = CLI_EXIT_FOUND;
    if (finish_output(&json_w, json)) status = CLI_EXIT_NOT_FOUND;
    if (finish_output(&csv_w, csv)) status = CLI_EXIT_NOT_FOUND;

    printf("%d problems (%s), methods side by side; solved = gradient test met and, where f* is known,\n"
           "|f - f*| <= 1e-6 max(1, |f*|); local = gradient test met at a recorded local minimum or,\n"
           "above f*, where the Hessian has no negative eigenvalue. Medians over each method's solved runs.\n\n",
           nprob, family ? family : "mgh + cutest");
    printf("%-10s %8s %6s %14s %16s %14s\n", "method", "solved", "local", "median iter", "median evals",
           "median s");
    double *buf = malloc(((size_t)nprob + 1) * sizeof *buf);
    for (int m = 0; m < stride && buf; m++) {
        int solved = 0, local = 0, ran = 0;
        const char *name = NULL;
        for (int p = 0; p < nprob; p++) {
            local += rows[p * stride + m].local;
            ran += rows[p * stride + m].ran;
            if (rows[p * stride + m].ran) name = rows[p * stride + m].name;
        }
        if (!ran) continue;
        double med[3];
        for (int which = 0; which < 3; which++) {
            int c = 0;
            for (int p = 0; p < nprob; p++)
                if (rows[p * stride + m].solved) buf[c++] = metric(&rows[p * stride + m], which);
            solved = c;
            med[which] = median(buf, c);
        }
        printf("%-10s %4d/%-4d %6d %14.0f %16.0f %14s%s\n", name, solved, ran, local, med[0], med[1],
               cli_num("%.2e", med[2]).text, m >= nmeth ? "   (least squares: the mgh problems)" : "");
    }
    free(buf);
    if (plots) {
        const char *names[3] = {"iterations", "evaluations", "time"};
        int drawn = 1;
        for (int which = 0; which < 3; which++)
            if (write_profile(plots, names[which], which, rows, nprob, methods, nmeth, stride) != 0) {
                cli_error("could not draw the %s profile in %s", names[which], plots);
                drawn = 0;
                status = CLI_EXIT_NOT_FOUND;
            }
        if (drawn) printf("\nperformance profiles: %s/profile_{iterations,evaluations,time}.png\n", plots);
    }
    if (csv) printf("per-run CSV: %s\n", csv);
    free(rows);
    free(set);
    return status;
}
