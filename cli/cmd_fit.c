/*
 * hesse fit — a model typed as a formula fitted to the columns of a CSV file by
 * nonlinear least squares (hesse.h, section 5), with the statistics of the fit and,
 * on request, a plot of the data, the fitted curve and the residuals.
 *
 * The model's variables are the parameters (named in --p0) and the data columns it
 * uses (named by the CSV header); it is parsed once with the parameters first, so that
 * the first k entries of its symbolic gradient and Hessian are the derivatives with
 * respect to the parameters: r_i = y_i - m(p, x_i), J_ij = -∂m/∂p_j, and the second-order
 * term Σ u_i ∇²r_i = -Σ u_i ∇²_pp m(p, x_i) for the hybrid method and the classification.
 * A least-squares method (lm, gn, hybrid) runs hesse_lsq_solve; a minimization method runs
 * hesse_minimize on the same problem through hesse_lsq_objective. The statistics come from
 * hesse_lsq_report_at at the end point in both cases.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { MAX_COLUMNS = 64, MAX_PARAMS = 64, NAME_SIZE = 64 };

typedef struct {
    int ncols, nrows;
    char names[MAX_COLUMNS][NAME_SIZE];
    double *v; /* nrows × ncols, row-major */
} csv_table;

static int valid_name(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_')) return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_')) return 0;
    return 1;
}

/* Trim spaces (and a trailing \r) in place. */
static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

/* The CSV file: a header of names, then rows of numbers; blank lines and lines starting
   with '#' are skipped. 0, or the exit status after reporting. */
static int read_csv(const char *path, csv_table *t)
{
    memset(t, 0, sizeof *t);
    FILE *fp = fopen(path, "r");
    if (!fp) return cli_usage_error("--data: cannot read '%s': %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, rc = 0, capacity = 0;
    while (getline(&line, &cap, fp) >= 0) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        int col = 0;
        double row[MAX_COLUMNS];
        for (char *field = s, *next; field; field = next) {
            next = strchr(field, ',');
            if (next) *next++ = '\0';
            field = trim(field);
            if (col >= MAX_COLUMNS) {
                rc = cli_usage_error("--data: %s line %d: more than %d columns", path, lineno, MAX_COLUMNS);
                goto done;
            }
            if (t->ncols == 0) {
                if (!valid_name(field) || strlen(field) >= NAME_SIZE) {
                    rc = cli_usage_error("--data: %s line %d: column name '%s' is not a name (letters, digits, _)",
                                         path, lineno, field);
                    goto done;
                }
                snprintf(t->names[col], NAME_SIZE, "%s", field);
            } else if (!cli_parse_double(field, &row[col])) {
                rc = cli_usage_error("--data: %s line %d, column %d: '%s' is not a number", path, lineno, col + 1,
                                     field);
                goto done;
            }
            col++;
        }
        if (t->ncols == 0) {
            t->ncols = col;
            for (int i = 0; i < col; i++)
                for (int j = 0; j < i; j++)
                    if (!strcmp(t->names[i], t->names[j])) {
                        rc = cli_usage_error("--data: %s: column '%s' appears twice", path, t->names[i]);
                        goto done;
                    }
            continue;
        }
        if (col != t->ncols) {
            rc = cli_usage_error("--data: %s line %d: %d values, the header names %d columns", path, lineno, col,
                                 t->ncols);
            goto done;
        }
        if (t->nrows == capacity) {
            capacity = capacity ? 2 * capacity : 256;
            double *v = realloc(t->v, (size_t)capacity * t->ncols * sizeof *v);
            if (!v) {
                rc = cli_fail(HESSE_ENOMEM, "no memory for the data");
                goto done;
            }
            t->v = v;
        }
        memcpy(t->v + (size_t)t->nrows * t->ncols, row, (size_t)t->ncols * sizeof *row);
        t->nrows++;
    }
    if (t->ncols == 0) rc = cli_usage_error("--data: %s has no header line", path);
    else if (t->nrows == 0) rc = cli_usage_error("--data: %s has no data rows", path);
done:
    free(line);
    fclose(fp);
    if (rc) free(t->v);
    return rc;
}

static int column_of(const csv_table *t, const char *name)
{
    for (int j = 0; j < t->ncols; j++)
        if (!strcmp(t->names[j], name)) return j;
    return -1;
}

/* The fit: the model and the data it reads. */
typedef struct {
    hesse_formula *model;
    int k, npred, m, nv;
    char names[MAX_PARAMS][NAME_SIZE]; /* the parameters */
    double p0[MAX_PARAMS];
    int pred[MAX_COLUMNS];             /* the columns the model uses, in its variable order */
    int ycol, wcol;
    double *y, *x, *w;                 /* m, m × npred, m (or NULL) */
    double *z, *grad, *hess;           /* scratch: nv, nv, nv × nv */
} fit;

/* "name=value,..." into f->names, f->p0. 0 or 2. */
static int parse_p0(const char *text, fit *f)
{
    char *copy = strdup(text);
    if (!copy) return cli_fail(HESSE_ENOMEM, "no memory");
    int rc = 0;
    f->k = 0;
    for (char *item = copy, *next; item && !rc; item = next) {
        next = strchr(item, ',');
        if (next) *next++ = '\0';
        char *eq = strchr(item, '=');
        if (!eq) {
            rc = cli_usage_error("--p0: '%s' is not name=value", item);
            break;
        }
        *eq = '\0';
        char *name = trim(item), *value = trim(eq + 1);
        if (!valid_name(name) || strlen(name) >= NAME_SIZE)
            rc = cli_usage_error("--p0: '%s' is not a parameter name", name);
        else if (f->k == MAX_PARAMS)
            rc = cli_usage_error("--p0: more than %d parameters", MAX_PARAMS);
        else if (!cli_parse_double(value, &f->p0[f->k]))
            rc = cli_usage_error("--p0: %s = '%s' is not a number", name, value);
        for (int j = 0; !rc && j < f->k; j++)
            if (!strcmp(f->names[j], name)) rc = cli_usage_error("--p0: %s is given twice", name);
        if (!rc) snprintf(f->names[f->k++], NAME_SIZE, "%s", name);
    }
    free(copy);
    if (!rc && f->k == 0) rc = cli_usage_error("--p0: no parameters");
    return rc;
}

/* m(p, x_i) with its gradient (and Hessian when hess) over all variables. 0, 1 outside
   the model's domain, -1 out of memory. */
static int model_at(fit *f, const double *p, int i, int order, double *value)
{
    memcpy(f->z, p, (size_t)f->k * sizeof *p);
    for (int c = 0; c < f->npred; c++) f->z[f->k + c] = f->x[(size_t)i * f->npred + c];
    hesse_status st = hesse_formula_eval(f->model, f->z, value, order >= 1 ? f->grad : NULL,
                                         order >= 2 ? f->hess : NULL);
    if (st == HESSE_EDOMAIN) return 1;
    return st == HESSE_SUCCESS ? 0 : -1;
}

static int residuals(int n, int m, const double *p, double *r, double *J, void *data)
{
    fit *f = data;
    for (int i = 0; i < m; i++) {
        double mi;
        int rc = model_at(f, p, i, J ? 1 : 0, &mi);
        if (rc) return rc;
        r[i] = f->y[i] - mi;
        for (int j = 0; J && j < n; j++) J[i + (size_t)j * m] = -f->grad[j];
    }
    return 0;
}

static int second_order(int n, int m, const double *p, const double *u, double *S, void *data)
{
    fit *f = data;
    memset(S, 0, (size_t)n * n * sizeof *S);
    for (int i = 0; i < m; i++) {
        double mi;
        int rc = model_at(f, p, i, 2, &mi);
        if (rc) return rc;
        for (int b = 0; b < n; b++)
            for (int a = 0; a < n; a++) S[a + (size_t)b * n] -= u[i] * f->hess[a + (size_t)b * f->nv];
    }
    return 0;
}

/* Parse the model, find its columns, the response and the weights. 0 or the exit status. */
static int open_fit(const cli_args *a, const csv_table *t, fit *f)
{
    hesse_formula *probe = NULL;
    hesse_formula_error err;
    hesse_status st = hesse_formula_parse(a->operand, NULL, &probe, &err);
    if (st == HESSE_ENOMEM) return cli_fail(st, "no memory for the model");
    if (st != HESSE_SUCCESS) {
        cli_show_formula_error(a->operand, &err);
        return CLI_EXIT_USAGE;
    }
    int rc = 0;
    char vars[MAX_PARAMS * NAME_SIZE + MAX_COLUMNS * NAME_SIZE] = "";
    size_t len = 0;
    for (int j = 0; j < f->k; j++) {
        if (column_of(t, f->names[j]) >= 0) {
            rc = cli_usage_error("--p0: %s is a column of %s: name the parameter differently", f->names[j], a->data);
            break;
        }
        len += (size_t)snprintf(vars + len, sizeof vars - len, "%s%s", j ? "," : "", f->names[j]);
    }
    f->npred = 0;
    for (int v = 0; !rc && v < hesse_formula_nvars(probe); v++) {
        const char *name = hesse_formula_var(probe, v);
        int is_param = 0;
        for (int j = 0; j < f->k; j++) is_param |= !strcmp(f->names[j], name);
        if (is_param) continue;
        int c = column_of(t, name);
        if (c < 0) {
            rc = cli_usage_error("the model uses '%s', which is neither a parameter of --p0 nor a column of %s", name,
                                 a->data);
            break;
        }
        f->pred[f->npred++] = c;
        len += (size_t)snprintf(vars + len, sizeof vars - len, ",%s", name);
    }
    hesse_formula_free(probe);
    if (rc) return rc;
    if (f->npred == 0) return cli_usage_error("the model uses no column of %s", a->data);
    st = hesse_formula_parse(a->operand, vars, &f->model, &err);
    if (st != HESSE_SUCCESS) return cli_fail(st, err.reason);
    f->nv = f->k + f->npred;
    f->wcol = -1;
    if (a->weights && (f->wcol = column_of(t, a->weights)) < 0)
        return cli_usage_error("--weights: %s has no column '%s'", a->data, a->weights);
    if (a->y) {
        if ((f->ycol = column_of(t, a->y)) < 0) return cli_usage_error("--y: %s has no column '%s'", a->data, a->y);
    } else {
        /* the one column the model does not use (the weights aside) */
        f->ycol = -1;
        int count = 0;
        for (int c = 0; c < t->ncols; c++) {
            int used = c == f->wcol;
            for (int q = 0; q < f->npred; q++) used |= f->pred[q] == c;
            if (!used) {
                f->ycol = c;
                count++;
            }
        }
        if (count != 1)
            return cli_usage_error("%s: %d columns are not used by the model: name the response with --y", a->data,
                                   count);
    }
    for (int q = 0; q < f->npred; q++)
        if (f->pred[q] == f->ycol) return cli_usage_error("the response '%s' is used by the model", t->names[f->ycol]);
    f->m = t->nrows;
    size_t m = (size_t)f->m, nv = (size_t)f->nv;
    f->y = malloc(m * sizeof *f->y);
    f->x = malloc(m * (size_t)f->npred * sizeof *f->x);
    f->w = f->wcol >= 0 ? malloc(m * sizeof *f->w) : NULL;
    f->z = malloc(nv * sizeof *f->z);
    f->grad = malloc(nv * sizeof *f->grad);
    f->hess = malloc(nv * nv * sizeof *f->hess);
    if (!f->y || !f->x || (f->wcol >= 0 && !f->w) || !f->z || !f->grad || !f->hess)
        return cli_fail(HESSE_ENOMEM, "no memory for the data");
    for (size_t i = 0; i < m; i++) {
        const double *row = t->v + i * t->ncols;
        f->y[i] = row[f->ycol];
        for (int q = 0; q < f->npred; q++) f->x[i * f->npred + q] = row[f->pred[q]];
        if (f->w) {
            f->w[i] = row[f->wcol];
            if (!(f->w[i] > 0.0))
                return cli_usage_error("--weights: row %zu has weight %g (need > 0)", i + 1, f->w[i]);
        }
    }
    return 0;
}

static void close_fit(fit *f)
{
    hesse_formula_free(f->model);
    free(f->y);
    free(f->x);
    free(f->w);
    free(f->z);
    free(f->grad);
    free(f->hess);
}

/* The common outcome of the two kinds of method. */
typedef struct {
    const char *method;
    hesse_status status;
    char message[256];
    int iterations;
    long nfev, njev;
    hesse_point_kind point;
    int npos, nneg, nzero;
} outcome;

static int plot_fit(const char *png, const char *model, const fit *f, const csv_table *t, const double *p,
                    const double *r)
{
    char points[4096], curve[4096], script[4096], title[4200];
    if (cli_derived_path(points, sizeof points, png, "points.dat") ||
        cli_derived_path(curve, sizeof curve, png, "curve.dat") || cli_derived_path(script, sizeof script, png, "fit.gp"))
        return 1;
    fit g = *f;
    int one = f->npred == 1;
    FILE *d = fopen(points, "w");
    if (!d) return 1;
    for (int i = 0; i < f->m; i++)
        fprintf(d, "%.17g %.17g %.17g %.17g\n", one ? f->x[i] : (double)(i + 1), f->y[i], r[i], f->y[i] - r[i]);
    int bad = ferror(d);
    if (fclose(d) != 0 || bad) return 1;
    if (one) {
        double lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < f->m; i++) {
            lo = fmin(lo, f->x[i]);
            hi = fmax(hi, f->x[i]);
        }
        FILE *c = fopen(curve, "w");
        if (!c) return 1;
        double xv;
        g.x = &xv;
        for (int s = 0; s <= 400; s++) {
            xv = lo + (hi - lo) * s / 400.0;
            double v;
            if (model_at(&g, p, 0, 0, &v) == 0) fprintf(c, "%.17g %.17g\n", xv, v);
            else fprintf(c, "\n");
        }
        bad = ferror(c);
        if (fclose(c) != 0 || bad) return 1;
    }
    snprintf(title, sizeof title, "%s = %s", t->names[f->ycol], model);
    return cli_plot_fit(png, script, title, one ? t->names[f->pred[0]] : "observation", t->names[f->ycol], points,
                        one ? curve : NULL);
}

static void print_table(const char *model, const fit *f, const csv_table *t, const outcome *o,
                        const hesse_lsq_report *rep)
{
    printf("model       %s = %s\n", t->names[f->ycol], model);
    printf("data        %d observations, %d parameters%s%s\n", f->m, f->k, f->w ? ", weights " : "",
           f->w ? t->names[f->wcol] : "");
    printf("method      %s\n", o->method);
    printf("status      %s: %s\n", hesse_status_name(o->status), o->message);
    printf("SSR         %s\n", cli_num("%.10e", rep->ssr).text);
    printf("residual sd %s (%d degrees of freedom)\n", cli_num("%.10e", rep->sigma).text, rep->dof);
    printf("\n%-12s %18s %14s %10s   %s\n", "parameter", "estimate", "std. error", "t value", "95% confidence interval");
    for (int j = 0; j < f->k; j++)
        printf("%-12s %18s %14s %10s   [%s, %s]%s\n", f->names[j], cli_num("%.10e", rep->x[j]).text,
               cli_num("%.6e", rep->stderr_[j]).text, cli_num("%.4g", rep->tvalue[j]).text,
               cli_num("%.6g", rep->ci_lower[j]).text, cli_num("%.6g", rep->ci_upper[j]).text,
               rep->identifiable[j] ? "" : "  not identifiable");
    printf("\ncorrelation\n");
    for (int i = 0; i < f->k; i++) {
        printf("  %-10s", f->names[i]);
        for (int j = 0; j <= i; j++) printf(" %7s", cli_num("%.3f", rep->correlation[i + (size_t)j * f->k]).text);
        printf("\n");
    }
    printf("\nJacobian    rank %d of %d, condition number %s (columns scaled to unit norm: %s)\n", rep->rank, f->k,
           cli_num("%.3g", rep->cond).text, cli_num("%.3g", rep->cond_scaled).text);
    if (rep->rank < f->k) printf("warning     %s\n", rep->message);
    printf("point       %s", hesse_point_kind_name(o->point));
    if (o->npos >= 0) printf("   (Hessian inertia %d+, %d-, %d zero)", o->npos, o->nneg, o->nzero);
    printf("\niterations  %d, evaluations: %ld residual, %ld Jacobian\n", o->iterations, o->nfev, o->njev);
}

static void named_numbers(cli_writer *w, const char *key, const fit *f, const double *v)
{
    cli_begin_object(w, key);
    for (int j = 0; j < f->k; j++) cli_put_number(w, f->names[j], v[j], "%.17g");
    cli_end_object(w);
}

static int write_json(const char *model, const fit *f, const csv_table *t, const outcome *o,
                      const hesse_lsq_report *rep)
{
    cli_writer w;
    cli_writer_init(&w, stdout, FORMAT_JSON);
    cli_begin_object(&w, NULL);
    cli_put_string(&w, "model", model);
    cli_put_string(&w, "y", t->names[f->ycol]);
    cli_put_int(&w, "observations", f->m);
    cli_put_string(&w, "method", o->method);
    cli_put_string(&w, "status", hesse_status_name(o->status));
    cli_put_string(&w, "message", o->message);
    named_numbers(&w, "parameters", f, rep->x);
    named_numbers(&w, "stderr", f, rep->stderr_);
    named_numbers(&w, "tvalue", f, rep->tvalue);
    named_numbers(&w, "ci_lower", f, rep->ci_lower);
    named_numbers(&w, "ci_upper", f, rep->ci_upper);
    cli_put_number(&w, "confidence", rep->confidence, "%g");
    cli_put_number(&w, "ssr", rep->ssr, "%.17g");
    cli_put_number(&w, "sigma", rep->sigma, "%.17g");
    cli_put_int(&w, "dof", rep->dof);
    cli_put_int(&w, "rank", rep->rank);
    cli_put_number(&w, "cond", rep->cond, "%.6g");
    cli_put_number(&w, "cond_scaled", rep->cond_scaled, "%.6g");
    cli_put_bool(&w, "identifiable", rep->rank == f->k);
    cli_put_matrix(&w, "correlation", f->k, rep->correlation);
    cli_put_string(&w, "point", hesse_point_kind_name(o->point));
    cli_put_int(&w, "iterations", o->iterations);
    cli_put_int(&w, "nfev", o->nfev);
    cli_put_int(&w, "njev", o->njev);
    cli_end_object(&w);
    return cli_writer_end(&w);
}

int cmd_fit(const cli_args *a)
{
    if (!a->data) return cli_usage_error("missing --data FILE.csv");
    if (!a->p0) return cli_usage_error("missing --p0 name=value,...");
    const hesse_lsq_method *lsq_method = hesse_lsq_method_lm;
    const hesse_method *min_method = NULL;
    if (a->fit_method && !(lsq_method = hesse_lsq_method_find(a->fit_method)) &&
        !(min_method = hesse_method_find(a->fit_method)))
        return cli_usage_error("--method: unknown method '%s' (lm, gn, hybrid, or a minimization method)",
                               a->fit_method);
    if (a->plot && !cli_have_gnuplot())
        return cli_usage_error("--plot needs gnuplot: install it with 'make deps' or 'apt-get install gnuplot-nox'");
    csv_table t;
    fit f;
    memset(&f, 0, sizeof f);
    int rc = parse_p0(a->p0, &f);
    if (rc) return rc;
    rc = read_csv(a->data, &t);
    if (rc) return rc;
    rc = open_fit(a, &t, &f);
    if (rc) {
        close_fit(&f);
        free(t.v);
        return rc;
    }
    hesse_lsq_problem p = {.n = f.k, .m = f.m, .residuals = residuals, .has_jacobian = 1,
                           .second_order = second_order, .weights = f.w, .data = &f};
    double x[MAX_PARAMS];
    memcpy(x, f.p0, (size_t)f.k * sizeof *x);
    outcome o = {.npos = -1, .nneg = -1, .nzero = -1};
    if (min_method) {
        hesse_lsq_objective *obj = NULL;
        hesse_problem mp;
        hesse_status st = hesse_lsq_objective_create(&p, NULL, &obj, &mp);
        if (st != HESSE_SUCCESS) rc = cli_fail(st, "the least-squares objective could not be created");
        hesse_options opt;
        cli_minimize_options(a, &opt);
        opt.method = min_method;
        hesse_result r;
        if (!rc) hesse_minimize(&mp, x, &opt, &r);
        hesse_lsq_objective_free(obj);
        if (!rc)
            o = (outcome){hesse_method_name(min_method), r.status, "", r.iterations, r.nfev, r.nhev, r.point,
                          r.npos, r.nneg, r.nzero};
        if (!rc) snprintf(o.message, sizeof o.message, "%s", r.message);
    } else {
        hesse_lsq_options opt;
        hesse_lsq_options_init(&opt);
        opt.method = lsq_method;
        if (a->max_iter >= 0) opt.max_iter = a->max_iter;
        hesse_lsq_result r;
        hesse_lsq_solve(&p, x, &opt, &r);
        o = (outcome){hesse_lsq_method_name(lsq_method), r.status, "", r.iterations, r.nfev, r.njev, r.point,
                      r.npos, r.nneg, r.nzero};
        snprintf(o.message, sizeof o.message, "%s", r.message);
    }
    hesse_lsq_report rep;
    memset(&rep, 0, sizeof rep);
    if (!rc) {
        hesse_status st = hesse_lsq_report_at(&p, x, NULL, 0.95, &rep);
        if (st != HESSE_SUCCESS) rc = cli_fail(st, rep.message);
    }
    if (!rc) {
        int lost = a->format == FORMAT_JSON ? write_json(a->operand, &f, &t, &o, &rep)
                                            : (print_table(a->operand, &f, &t, &o, &rep), 0);
        rc = lost ? CLI_EXIT_NOT_FOUND : cli_exit_status(o.status);
        if (a->plot) {
            double *r = malloc((size_t)f.m * sizeof *r);
            if (!r || residuals(f.k, f.m, x, r, NULL, &f) != 0 || plot_fit(a->plot, a->operand, &f, &t, x, r) != 0) {
                cli_error("could not draw the plot %s", a->plot);
                rc = CLI_EXIT_NOT_FOUND;
            } else if (a->format != FORMAT_JSON) {
                printf("plot        %s\n", a->plot);
            }
            free(r);
        }
    }
    hesse_lsq_report_clear(&rep);
    close_fit(&f);
    free(t.v);
    return rc;
}
