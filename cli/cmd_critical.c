/*
 * hesse critical — the critical points of a problem or formula in a box
 * (hesse_critical_points_find), each classified from its Hessian.
 */
#include <math.h>

#include "cli.h"

/* A coordinate for reading: values below 1e-12 of the point's size are rounding
   residue of a zero coordinate (the Newton iterations stop at ||g|| <= 1e-10). */
static double tidy(double v, double scale)
{
    return fabs(v) <= 1e-12 * fmax(1.0, scale) ? 0.0 : v;
}

static void print_table(const cli_boxed *b, const hesse_critical_points *cp)
{
    const cli_target *t = &b->t;
    printf("%d critical point%s of %s in the box ", cp->count, cp->count == 1 ? "" : "s", t->name);
    cli_print_box(stdout, b);
    printf("\n(%d starts: %d converged, %d failed; sorted by f; a search from sample starts "
           "cannot prove that there are no others)\n\n",
           cp->nstarts, cp->nconverged, cp->nfailed);
    for (int k = 0; k < cp->count; k++) {
        const hesse_critical_point *q = &cp->points[k];
        double scale = 0;
        for (int i = 0; i < t->n; i++) scale = fmax(scale, fabs(q->x[i]));
        printf("%3d  ", k + 1);
        cli_print_vars(stdout, t);
        printf(" = (");
        for (int i = 0; i < t->n; i++) printf("%s%s", i ? ", " : "", cli_num("%.6g", tidy(q->x[i], scale)).text);
        printf(")  %s\n     f = %s, ||g||_inf = %s, inertia (%d+, %d-, %d zero), eigenvalues in [%s, %s], "
               "found from %d start%s\n",
               hesse_point_kind_name(q->kind), cli_num("%.10g", q->f).text, cli_num("%.2g", q->gnorm).text, q->npos,
               q->nneg, q->nzero, cli_num("%.6g", q->lambda_min).text, cli_num("%.6g", q->lambda_max).text, q->hits,
               q->hits == 1 ? "" : "s");
    }
}

static void write_json(const cli_boxed *b, const hesse_critical_points *cp)
{
    cli_writer w;
    cli_writer_init(&w, stdout, FORMAT_JSON);
    cli_begin_object(&w, NULL);
    cli_put_target(&w, &b->t);
    cli_put_box(&w, b);
    cli_put_int(&w, "nstarts", cp->nstarts);
    cli_put_int(&w, "nconverged", cp->nconverged);
    cli_put_int(&w, "nfailed", cp->nfailed);
    cli_begin_array(&w, "points");
    for (int k = 0; k < cp->count; k++) {
        const hesse_critical_point *q = &cp->points[k];
        cli_begin_object(&w, NULL);
        cli_put_vector(&w, "x", b->t.n, q->x);
        cli_put_number(&w, "f", q->f, "%.17g");
        cli_put_number(&w, "gnorm", q->gnorm, "%.17g");
        cli_put_string(&w, "kind", hesse_point_kind_name(q->kind));
        cli_put_int(&w, "npos", q->npos);
        cli_put_int(&w, "nneg", q->nneg);
        cli_put_int(&w, "nzero", q->nzero);
        cli_put_number(&w, "lambda_min", q->lambda_min, "%.17g");
        cli_put_number(&w, "lambda_max", q->lambda_max, "%.17g");
        cli_put_int(&w, "hits", q->hits);
        cli_end_object(&w);
    }
    cli_end_array(&w);
    cli_end_object(&w);
    cli_writer_end(&w);
}

int cmd_critical(const cli_args *a)
{
    cli_boxed b;
    int rc = cli_boxed_open(a, &b);
    if (rc) return rc;
    hesse_critical_points cp;
    hesse_status st = hesse_critical_points_find(&b.t.problem, b.lo, b.hi, &b.options, &cp);
    if (st != HESSE_SUCCESS) {
        rc = cli_fail(st, cp.message);
    } else {
        if (a->format == FORMAT_JSON) write_json(&b, &cp);
        else print_table(&b, &cp);
        rc = cp.count > 0 ? CLI_EXIT_FOUND : CLI_EXIT_NOT_FOUND;
    }
    hesse_critical_points_clear(&cp);
    cli_boxed_close(&b);
    return rc;
}
