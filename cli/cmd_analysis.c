/*
 * The Hessian analysis commands, on a built-in problem or a formula (see cli.h,
 * "Targets"):
 *   hesse gradient   the gradient (as formulas, and its value at a point)
 *   hesse hessian    the Hessian (as formulas, and at a point) with its eigenvalues,
 *                    leading principal minors, inertia, the three definiteness tests
 *                    and the kind of point (hesse_point_classify)
 *   hesse classify   the same report at a point, without the formulas
 *   hesse critical   the critical points in a box (hesse_critical_points_find)
 *   hesse convexity  convexity on a box by sampling (hesse_convexity_check)
 *   hesse check      derivatives against finite differences (hesse_check_derivatives)
 * The mathematics, tolerances and references are those of the analysis section of
 * hesse.h; this file only parses, calls and prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Table output shows matrices up to this size and vectors up to 4 times it; JSON
   always has everything. */
#define SHOW_MATRIX_MAX 10

enum { OPT_AT = 1, OPT_BOX = 2, OPT_STARTS = 4, OPT_SAMPLES = 8 };

typedef struct {
    const char *target, *vars, *at, *box;
    int n, starts, samples;
    cli_format format;
} args;

/* TARGET, --n, --vars, --format table|json and the options in `allowed`. */
static int parse_args(const char *cmd, int argc, char **argv, unsigned allowed, args *a)
{
    memset(a, 0, sizeof *a);
    a->format = FORMAT_TABLE;
    if (argc < 3 || argv[2][0] == '\0' || (argv[2][0] == '-' && argv[2][1] == '-'))
        return cli_usage_error("%s: missing TARGET (a problem from hesse list, or a formula)", cmd);
    a->target = argv[2];
    for (int i = 3; i < argc; i++) {
        int r = cli_target_option(argc, argv, &i, &a->n, &a->vars);
        if (r < 0) return 2;
        if (r > 0) continue;
        const char *opt = argv[i];
        const char *v = cli_value(argc, argv, &i);
        if (!v) return 2;
        if (strcmp(opt, "--format") == 0) {
            if (!cli_parse_format(v, &a->format) || a->format == FORMAT_CSV)
                return cli_usage_error("%s: unknown format '%s' (table or json)", cmd, v);
        } else if ((allowed & OPT_AT) && strcmp(opt, "--at") == 0) {
            a->at = v;
        } else if ((allowed & OPT_BOX) && strcmp(opt, "--box") == 0) {
            a->box = v;
        } else if ((allowed & OPT_STARTS) && strcmp(opt, "--starts") == 0) {
            if (!cli_parse_int(v, &a->starts) || a->starts < 1)
                return cli_usage_error("--starts: '%s' is not a count >= 1", v);
        } else if ((allowed & OPT_SAMPLES) && strcmp(opt, "--samples") == 0) {
            if (!cli_parse_int(v, &a->samples) || a->samples < 1)
                return cli_usage_error("--samples: '%s' is not a count >= 1", v);
        } else {
            return cli_usage_error("%s: unknown option '%s'", cmd, opt);
        }
    }
    return 0;
}

/* The point of --at, else the problem's x0; *have = 0 when neither exists (a formula
   without --at), which is an error when required. */
static int get_point(const cli_target *t, const args *a, int required, double *x, int *have)
{
    *have = 0;
    if (a->at) {
        if (cli_parse_point("--at", a->at, t->n, x)) return 2;
        *have = 1;
    } else if (t->x0) {
        memcpy(x, t->x0, (size_t)t->n * sizeof *x);
        *have = 1;
    } else if (required) {
        return cli_usage_error("--at with %d value%s is required for a formula", t->n, t->n == 1 ? "" : "s");
    }
    return 0;
}

/* "(x, y)" */
static void print_vars(const cli_target *t)
{
    printf("(");
    for (int i = 0; i < t->n; i++) printf("%s%s", i ? ", " : "", t->vars[i]);
    printf(")");
}

/* Opens the JSON object: target, kind of target, variables. */
static void json_head(const cli_target *t)
{
    printf("{\"target\": ");
    cli_json_string(stdout, t->name);
    printf(", \"formula\": %s, \"n\": %d, \"variables\": ", t->formula ? "true" : "false", t->n);
    cli_json_strings(stdout, t->n, t->vars);
}

/* Symbolic gradient, as text or as a JSON array of strings. Returns 1 out of memory. */
static int print_gradient_formulas(const cli_target *t, cli_format format)
{
    if (format == FORMAT_JSON) printf(", \"gradient_formulas\": [");
    else printf("gradient = [");
    for (int i = 0; i < t->n; i++) {
        char *s = cli_formula_text(t->formula, i, -1);
        if (!s) return 1;
        if (i) printf(", ");
        if (format == FORMAT_JSON) cli_json_string(stdout, s);
        else printf("%s", s);
        free(s);
    }
    printf(format == FORMAT_JSON ? "]" : "]\n");
    return 0;
}

static int print_hessian_formulas(const cli_target *t, cli_format format)
{
    if (format == FORMAT_JSON) printf(", \"hessian_formulas\": [");
    else printf("Hessian = [");
    for (int i = 0; i < t->n; i++) {
        printf(i ? ", [" : "[");
        for (int j = 0; j < t->n; j++) {
            char *s = cli_formula_text(t->formula, i, j);
            if (!s) return 1;
            if (j) printf(", ");
            if (format == FORMAT_JSON) cli_json_string(stdout, s);
            else printf("%s", s);
            free(s);
        }
        printf("]");
    }
    printf(format == FORMAT_JSON ? "]" : "]\n");
    return 0;
}

static int print_f_formula(const cli_target *t, cli_format format)
{
    char *s = cli_formula_text(t->formula, 0, -2);
    if (!s) return 1;
    if (format == FORMAT_JSON) {
        printf(", \"f_formula\": ");
        cli_json_string(stdout, s);
    } else {
        printf("f");
        print_vars(t);
        printf(" = %s\n", s);
    }
    free(s);
    return 0;
}

static void print_point_line(const cli_target *t, const double *x)
{
    printf("at ");
    print_vars(t);
    printf(" = (");
    for (int i = 0; i < t->n; i++) printf("%s%.10g", i ? ", " : "", x[i]);
    printf(")\n");
}

static void show_vector(const char *label, int n, const double *v)
{
    printf("%-15s= ", label);
    if (n <= 4 * SHOW_MATRIX_MAX) cli_print_vector(stdout, n, v, 6);
    else printf("(%d values; --format json shows them)", n);
    printf("\n");
}

/* The report of hesse_point_classify: as JSON members, or as table lines. */
static void print_report(const hesse_point_report *rep, const hesse_analysis_options *aopt,
                         cli_format format)
{
    int n = rep->n;
    if (format == FORMAT_JSON) {
        printf(", \"at\": ");
        cli_json_vector(stdout, n, rep->x);
        printf(", \"f\": ");
        cli_json_number(stdout, rep->f);
        printf(", \"gradient\": ");
        cli_json_vector(stdout, n, rep->gradient);
        printf(", \"gnorm\": ");
        cli_json_number(stdout, rep->gnorm);
        printf(", \"stationary\": %s, \"hessian\": ", rep->stationary ? "true" : "false");
        cli_json_matrix(stdout, n, rep->hessian);
        printf(", \"hessian_exact\": %s, \"eigenvalues\": ", rep->hessian_exact ? "true" : "false");
        cli_json_vector(stdout, n, rep->eigenvalues);
        printf(", \"minors\": ");
        cli_json_vector(stdout, n, rep->minors);
        printf(", \"inertia\": {\"npos\": %d, \"nneg\": %d, \"nzero\": %d}", rep->eig.npos, rep->eig.nneg,
               rep->eig.nzero);
        printf(", \"definiteness\": {\"eigenvalues\": \"%s\", \"sylvester\": \"%s\", \"ldlt\": \"%s\", "
               "\"consistent\": %s}",
               hesse_definiteness_name(rep->eig.verdict), hesse_definiteness_name(rep->sylvester.verdict),
               hesse_definiteness_name(rep->ldlt.verdict), rep->consistent ? "true" : "false");
        printf(", \"laplacian\": ");
        cli_json_number(stdout, rep->laplacian);
        printf(", \"point\": \"%s\"", hesse_point_kind_name(rep->kind));
        return;
    }
    printf("%-15s= %.10g\n", "f", rep->f);
    show_vector("gradient", n, rep->gradient);
    printf("%-15s= %.6g   (%s: gtol rule ||g||_inf <= %g * max(1, |f|))\n", "||g||_inf", rep->gnorm,
           rep->stationary ? "stationary" : "not stationary", aopt->gtol);
    printf("%-15s= ", "Hessian");
    if (n <= SHOW_MATRIX_MAX) cli_print_matrix(stdout, n, rep->hessian, 6);
    else printf("(%d x %d; --format json shows it)", n, n);
    printf("   (%s)\n", rep->hessian_exact ? "exact" : "finite differences of the gradient");
    show_vector("eigenvalues", n, rep->eigenvalues);
    show_vector("leading minors", n, rep->minors);
    printf("%-15s= %d positive, %d negative, %d zero\n", "inertia", rep->eig.npos, rep->eig.nneg,
           rep->eig.nzero);
    printf("%-15s  eigenvalues: %s\n", "definiteness", hesse_definiteness_name(rep->eig.verdict));
    printf("%-15s  Sylvester:   %s\n", "", hesse_definiteness_name(rep->sylvester.verdict));
    printf("%-15s  LDL^T:       %s\n", "", hesse_definiteness_name(rep->ldlt.verdict));
    printf("%-15s  %s\n", "", rep->consistent ? "the three tests agree" : "the tests DISAGREE (see the eigenvalues)");
    printf("%-15s= %.10g\n", "Laplacian", rep->laplacian);
    printf("%-15s= %s\n", "point", hesse_point_kind_name(rep->kind));
}

/* Library failure at run time: the message, exit status 1. */
static int fail(const char *what, hesse_status st, const char *message)
{
    fprintf(stderr, "hesse: %s: %s: %s\n", what, hesse_status_name(st), message);
    return 1;
}

/* Shared body of gradient, hessian and classify. */
static int point_command(const char *cmd, int argc, char **argv, int show_hessian, int formulas,
                         int require_point)
{
    args a;
    int rc = parse_args(cmd, argc, argv, OPT_AT, &a);
    if (rc) return rc;
    cli_target t;
    if ((rc = cli_target_open(a.target, a.n, a.vars, &t))) return rc;
    double *x = malloc((size_t)t.n * sizeof *x);
    int have = 0;
    if (!x) rc = cli_usage_error("out of memory");
    else rc = get_point(&t, &a, require_point, x, &have);
    if (rc) {
        free(x);
        cli_target_close(&t);
        return rc;
    }
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    /* Evaluate before printing, so that an error leaves stdout empty. */
    hesse_point_report rep;
    memset(&rep, 0, sizeof rep);
    double f = NAN, *g = NULL;
    if (have && show_hessian) {
        hesse_status st = hesse_point_classify(&t.problem, t.n, x, &aopt, &rep);
        if (st != HESSE_SUCCESS) {
            rc = fail(cmd, st, rep.message);
            goto done;
        }
    } else if (have) {
        if (!(g = malloc((size_t)t.n * sizeof *g))) {
            rc = fail(cmd, HESSE_ENOMEM, "no memory for the gradient");
            goto done;
        }
        int cb = t.problem.objective(t.n, x, &f, g, t.problem.data);
        int finite = isfinite(f);
        for (int i = 0; i < t.n; i++) finite = finite && isfinite(g[i]);
        if (cb != 0 || !finite) {
            fprintf(stderr, "hesse: %s: f or its gradient cannot be evaluated at this point\n", cmd);
            rc = 1;
            goto done;
        }
    }
    if (a.format == FORMAT_JSON) json_head(&t);
    if (t.formula) {
        rc = print_f_formula(&t, a.format);
        if (!rc && formulas && !show_hessian) rc = print_gradient_formulas(&t, a.format);
        if (!rc && formulas && show_hessian) rc = print_hessian_formulas(&t, a.format);
        if (rc) goto done;
    } else if (a.format != FORMAT_JSON) {
        printf("problem %s, n = %d\n", t.name, t.n);
    }
    if (have && a.format != FORMAT_JSON) {
        if (t.formula && formulas) printf("\n");
        print_point_line(&t, x);
    }
    if (have && show_hessian) {
        print_report(&rep, &aopt, a.format);
    } else if (have) {
        double gn = 0;
        for (int i = 0; i < t.n; i++) gn = fmax(gn, fabs(g[i]));
        if (a.format == FORMAT_JSON) {
            printf(", \"at\": ");
            cli_json_vector(stdout, t.n, x);
            printf(", \"f\": ");
            cli_json_number(stdout, f);
            printf(", \"gradient\": ");
            cli_json_vector(stdout, t.n, g);
            printf(", \"gnorm\": ");
            cli_json_number(stdout, gn);
        } else {
            printf("%-15s= %.10g\n", "f", f);
            show_vector("gradient", t.n, g);
            printf("%-15s= %.6g\n", "||g||_inf", gn);
        }
    }
    if (a.format == FORMAT_JSON) printf("}\n");
done:
    hesse_point_report_clear(&rep);
    free(g);
    free(x);
    cli_target_close(&t);
    return rc;
}

int cmd_gradient(int argc, char **argv)
{
    return point_command("gradient", argc, argv, 0, 1, 0);
}

int cmd_hessian(int argc, char **argv)
{
    return point_command("hessian", argc, argv, 1, 1, 0);
}

int cmd_classify(int argc, char **argv)
{
    return point_command("classify", argc, argv, 1, 0, 1);
}

/* The box in words: "[-3, 3] for every coordinate" or "x in [..], y in [..]". */
static void print_box(const cli_target *t, const double *lo, const double *hi)
{
    int same = 1;
    for (int i = 1; i < t->n; i++) same = same && lo[i] == lo[0] && hi[i] == hi[0];
    if (same) {
        printf("[%g, %g] for every coordinate", lo[0], hi[0]);
        return;
    }
    for (int i = 0; i < t->n; i++) printf("%s%s in [%g, %g]", i ? ", " : "", t->vars[i], lo[i], hi[i]);
}

static void json_box(int n, const double *lo, const double *hi)
{
    printf(", \"box\": {\"lo\": ");
    cli_json_vector(stdout, n, lo);
    printf(", \"hi\": ");
    cli_json_vector(stdout, n, hi);
    printf("}");
}

/* A coordinate for reading: values below 1e-12 of the point's size are rounding
   residue of a zero coordinate (the Newton iterations stop at ||g|| <= 1e-10). */
static double tidy(double v, double scale)
{
    return fabs(v) <= 1e-12 * fmax(1.0, scale) ? 0.0 : v;
}

/* Shared setup of critical and convexity: target, box, options. */
typedef struct {
    args a;
    cli_target t;
    double *lo, *hi;
} box_job;

static int box_setup(const char *cmd, int argc, char **argv, unsigned allowed, box_job *j)
{
    int rc = parse_args(cmd, argc, argv, OPT_BOX | allowed, &j->a);
    if (rc) return rc;
    if (!j->a.box) return cli_usage_error("%s: --box lo,hi is required", cmd);
    if ((rc = cli_target_open(j->a.target, j->a.n, j->a.vars, &j->t))) return rc;
    j->lo = malloc((size_t)j->t.n * sizeof *j->lo);
    j->hi = malloc((size_t)j->t.n * sizeof *j->hi);
    if (!j->lo || !j->hi) rc = cli_usage_error("out of memory");
    else rc = cli_parse_box("--box", j->a.box, j->t.n, j->lo, j->hi);
    if (rc) {
        free(j->lo);
        free(j->hi);
        cli_target_close(&j->t);
    }
    return rc;
}

static void box_free(box_job *j)
{
    free(j->lo);
    free(j->hi);
    cli_target_close(&j->t);
}

int cmd_critical(int argc, char **argv)
{
    box_job j;
    int rc = box_setup("critical", argc, argv, OPT_STARTS, &j);
    if (rc) return rc;
    const cli_target *t = &j.t;
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    if (j.a.starts) aopt.nstarts = j.a.starts;
    hesse_critical_points cp;
    hesse_status st = hesse_critical_points_find(&t->problem, j.lo, j.hi, &aopt, &cp);
    if (st != HESSE_SUCCESS) {
        rc = fail("critical", st, cp.message);
        hesse_critical_points_clear(&cp);
        box_free(&j);
        return rc;
    }
    if (j.a.format == FORMAT_JSON) {
        json_head(t);
        json_box(t->n, j.lo, j.hi);
        printf(", \"nstarts\": %d, \"nconverged\": %d, \"nfailed\": %d, \"points\": [", cp.nstarts,
               cp.nconverged, cp.nfailed);
        for (int k = 0; k < cp.count; k++) {
            const hesse_critical_point *q = &cp.points[k];
            printf("%s\n  {\"x\": ", k ? "," : "");
            cli_json_vector(stdout, t->n, q->x);
            printf(", \"f\": ");
            cli_json_number(stdout, q->f);
            printf(", \"gnorm\": ");
            cli_json_number(stdout, q->gnorm);
            printf(", \"kind\": \"%s\", \"npos\": %d, \"nneg\": %d, \"nzero\": %d, \"lambda_min\": ",
                   hesse_point_kind_name(q->kind), q->npos, q->nneg, q->nzero);
            cli_json_number(stdout, q->lambda_min);
            printf(", \"lambda_max\": ");
            cli_json_number(stdout, q->lambda_max);
            printf(", \"hits\": %d}", q->hits);
        }
        printf("%s]}\n", cp.count ? "\n" : "");
    } else {
        printf("%d critical point%s of %s in the box ", cp.count, cp.count == 1 ? "" : "s", t->name);
        print_box(t, j.lo, j.hi);
        printf("\n(%d starts: %d converged, %d failed; sorted by f; a search from sample starts "
               "cannot prove that there are no others)\n\n",
               cp.nstarts, cp.nconverged, cp.nfailed);
        for (int k = 0; k < cp.count; k++) {
            const hesse_critical_point *q = &cp.points[k];
            double scale = 0;
            for (int i = 0; i < t->n; i++) scale = fmax(scale, fabs(q->x[i]));
            printf("%3d  ", k + 1);
            print_vars(t);
            printf(" = (");
            for (int i = 0; i < t->n; i++) printf("%s%.6g", i ? ", " : "", tidy(q->x[i], scale));
            printf(")  %s\n     f = %.10g, ||g||_inf = %.2g, inertia (%d+, %d-, %d zero), "
                   "eigenvalues in [%.6g, %.6g], found from %d start%s\n",
                   hesse_point_kind_name(q->kind), q->f, q->gnorm, q->npos, q->nneg, q->nzero, q->lambda_min,
                   q->lambda_max, q->hits, q->hits == 1 ? "" : "s");
        }
    }
    hesse_critical_points_clear(&cp);
    box_free(&j);
    return 0;
}

int cmd_convexity(int argc, char **argv)
{
    box_job j;
    int rc = box_setup("convexity", argc, argv, OPT_SAMPLES, &j);
    if (rc) return rc;
    const cli_target *t = &j.t;
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    if (j.a.samples) aopt.nsamples = j.a.samples;
    hesse_convexity cv;
    hesse_status st = hesse_convexity_check(&t->problem, j.lo, j.hi, &aopt, &cv);
    if (st != HESSE_SUCCESS) {
        rc = fail("convexity", st, cv.message);
        hesse_convexity_clear(&cv);
        box_free(&j);
        return rc;
    }
    static const char note[] = "sampling proves only the negative answers (not convex, not concave); "
                               "a convex, concave or affine verdict holds at the samples and is "
                               "evidence, not proof";
    if (j.a.format == FORMAT_JSON) {
        json_head(t);
        json_box(t->n, j.lo, j.hi);
        printf(", \"nsamples\": %d, \"verdict\": \"%s\", \"counts\": {", cv.nsamples,
               hesse_convexity_name(cv.verdict));
        int first = 1;
        for (int d = 0; d < 7; d++) {
            if (!cv.count[d]) continue;
            printf("%s\"%s\": %d", first ? "" : ", ", hesse_definiteness_name((hesse_definiteness)d), cv.count[d]);
            first = 0;
        }
        printf("}, \"not_convex_at\": ");
        if (cv.not_convex_at) cli_json_vector(stdout, t->n, cv.not_convex_at);
        else printf("null");
        printf(", \"not_convex_lambda\": ");
        cli_json_number(stdout, cv.not_convex_lambda);
        printf(", \"not_concave_at\": ");
        if (cv.not_concave_at) cli_json_vector(stdout, t->n, cv.not_concave_at);
        else printf("null");
        printf(", \"not_concave_lambda\": ");
        cli_json_number(stdout, cv.not_concave_lambda);
        printf(", \"note\": ");
        cli_json_string(stdout, note);
        printf("}\n");
    } else {
        printf("%s on the box ", t->name);
        print_box(t, j.lo, j.hi);
        printf("\n%-12s %s (%d samples)\n", "verdict", hesse_convexity_name(cv.verdict), cv.nsamples);
        printf("%-12s", "samples");
        for (int d = 0; d < 7; d++)
            if (cv.count[d]) printf(" %s: %d;", hesse_definiteness_name((hesse_definiteness)d), cv.count[d]);
        printf("\n");
        if (cv.not_convex_at) {
            printf("%-12s not convex: lambda_min = %.6g < 0 at ", "witness", cv.not_convex_lambda);
            print_vars(t);
            printf(" = ");
            cli_print_vector(stdout, t->n, cv.not_convex_at, 6);
            printf("\n");
        }
        if (cv.not_concave_at) {
            printf("%-12s not concave: lambda_max = %.6g > 0 at ", "witness", cv.not_concave_lambda);
            print_vars(t);
            printf(" = ");
            cli_print_vector(stdout, t->n, cv.not_concave_at, 6);
            printf("\n");
        }
        printf("%-12s %s\n", "note", note);
    }
    hesse_convexity_clear(&cv);
    box_free(&j);
    return 0;
}

static void print_entry(const cli_target *t, const char *what, const hesse_check_entry *e)
{
    if (e->j < 0)
        printf("    %s[%d] (d/d%s): %.10g vs %.10g, relative error %.2e\n", what, e->i, t->vars[e->i], e->value,
               e->reference, e->rel_error);
    else
        printf("    %s[%d,%d] (d2/d%s d%s): %.10g vs %.10g, relative error %.2e\n", what, e->i, e->j,
               t->vars[e->i], t->vars[e->j], e->value, e->reference, e->rel_error);
}

static void json_entries(const char *key, int count, const hesse_check_entry *e)
{
    printf(", \"%s\": [", key);
    for (int k = 0; k < count; k++) {
        printf("%s{\"i\": %d, \"j\": %d, \"value\": ", k ? ", " : "", e[k].i, e[k].j);
        cli_json_number(stdout, e[k].value);
        printf(", \"reference\": ");
        cli_json_number(stdout, e[k].reference);
        printf(", \"rel_error\": ");
        cli_json_number(stdout, e[k].rel_error);
        printf("}");
    }
    printf("]");
}

int cmd_check(int argc, char **argv)
{
    args a;
    int rc = parse_args("check", argc, argv, OPT_AT, &a);
    if (rc) return rc;
    cli_target t;
    if ((rc = cli_target_open(a.target, a.n, a.vars, &t))) return rc;
    double *x = malloc((size_t)t.n * sizeof *x);
    int have;
    if (!x) rc = cli_usage_error("out of memory");
    else rc = get_point(&t, &a, 1, x, &have);
    if (rc) {
        free(x);
        cli_target_close(&t);
        return rc;
    }
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    hesse_derivative_check c;
    hesse_status st = hesse_check_derivatives(&t.problem, t.n, x, &aopt, &c);
    if (st != HESSE_SUCCESS) {
        rc = fail("check", st, c.message);
    } else if (a.format == FORMAT_JSON) {
        json_head(&t);
        printf(", \"at\": ");
        cli_json_vector(stdout, t.n, x);
        printf(", \"tol\": ");
        cli_json_number(stdout, c.tol);
        printf(", \"grad_max_error\": ");
        cli_json_number(stdout, c.grad_max_error);
        printf(", \"grad_nbad\": %d", c.grad_nbad);
        json_entries("grad_worst", c.grad_nworst, c.grad_worst);
        printf(", \"has_hessian\": %s", c.has_hessian ? "true" : "false");
        if (c.has_hessian) {
            printf(", \"hess_max_error\": ");
            cli_json_number(stdout, c.hess_max_error);
            printf(", \"hess_nbad\": %d", c.hess_nbad);
            json_entries("hess_worst", c.hess_nworst, c.hess_worst);
            printf(", \"sym_max_error\": ");
            cli_json_number(stdout, c.sym_max_error);
        }
        printf(", \"pass\": %s}\n", c.pass ? "true" : "false");
    } else {
        printf("derivative check of %s\n", t.name);
        print_point_line(&t, x);
        printf("relative error |value - reference| / max(1, |value|, |reference|), tolerance %.2g\n\n", c.tol);
        printf("gradient vs central differences of f: max %.2e, %d of %d above tolerance; worst:\n",
               c.grad_max_error, c.grad_nbad, t.n);
        for (int k = 0; k < c.grad_nworst; k++) print_entry(&t, "g", &c.grad_worst[k]);
        if (c.has_hessian) {
            printf("Hessian vs central differences of the gradient: max %.2e, %d above tolerance; worst:\n",
                   c.hess_max_error, c.hess_nbad);
            for (int k = 0; k < c.hess_nworst; k++) print_entry(&t, "H", &c.hess_worst[k]);
            if (c.sym_worst.i >= 0)
                printf("symmetry of the Hessian: max %.2e (H[%d,%d] vs H[%d,%d])\n", c.sym_max_error,
                       c.sym_worst.i, c.sym_worst.j, c.sym_worst.j, c.sym_worst.i);
        } else {
            printf("no Hessian callback: nothing else to compare\n");
        }
        printf("\nresult: %s\n", c.pass ? "pass" : "FAIL");
    }
    if (!rc && !c.pass) rc = 1;
    free(x);
    cli_target_close(&t);
    return rc;
}
