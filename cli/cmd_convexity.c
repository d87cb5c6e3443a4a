/*
 * hesse convexity — convexity of a problem or formula on a box, judged from the
 * Hessian at sample points (hesse_convexity_check).
 */
#include "cli.h"

static const char note[] = "sampling proves only the negative answers (not convex, not concave); "
                           "a convex, concave or affine verdict holds at the samples and is "
                           "evidence, not proof";

/* "witness      not convex: lambda_min = -2 < 0 at (x, y) = [..]" */
static void print_witness(const cli_target *t, const char *what, double lambda, const char *relation,
                          const double *x)
{
    printf("%-12s %s = %s %s 0 at ", "witness", what, cli_num("%.6g", lambda).text, relation);
    cli_print_vars(stdout, t);
    printf(" = ");
    cli_print_vector(stdout, t->n, x, "%.6g");
    printf("\n");
}

static void print_table(const cli_boxed *b, const hesse_convexity *cv)
{
    const cli_target *t = &b->t;
    printf("%s on the box ", t->name);
    cli_print_box(stdout, b);
    printf("\n%-12s %s (%d samples)\n", "verdict", hesse_convexity_name(cv->verdict), cv->nsamples);
    printf("%-12s", "samples");
    for (int d = 0; d < 7; d++)
        if (cv->count[d]) printf(" %s: %d;", hesse_definiteness_name((hesse_definiteness)d), cv->count[d]);
    printf("\n");
    if (cv->not_convex_at) print_witness(t, "not convex: lambda_min", cv->not_convex_lambda, "<", cv->not_convex_at);
    if (cv->not_concave_at)
        print_witness(t, "not concave: lambda_max", cv->not_concave_lambda, ">", cv->not_concave_at);
    printf("%-12s %s\n", "note", note);
}

static void write_json(const cli_boxed *b, const hesse_convexity *cv)
{
    cli_writer w;
    cli_writer_init(&w, stdout, FORMAT_JSON);
    cli_begin_object(&w, NULL);
    cli_put_target(&w, &b->t);
    cli_put_box(&w, b);
    cli_put_int(&w, "nsamples", cv->nsamples);
    cli_put_string(&w, "verdict", hesse_convexity_name(cv->verdict));
    cli_begin_object(&w, "counts");
    for (int d = 0; d < 7; d++)
        if (cv->count[d]) cli_put_int(&w, hesse_definiteness_name((hesse_definiteness)d), cv->count[d]);
    cli_end_object(&w);
    cli_put_vector(&w, "not_convex_at", b->t.n, cv->not_convex_at);
    cli_put_number(&w, "not_convex_lambda", cv->not_convex_lambda, "%.17g");
    cli_put_vector(&w, "not_concave_at", b->t.n, cv->not_concave_at);
    cli_put_number(&w, "not_concave_lambda", cv->not_concave_lambda, "%.17g");
    cli_put_string(&w, "note", note);
    cli_end_object(&w);
    cli_writer_end(&w);
}

int cmd_convexity(const cli_args *a)
{
    cli_boxed b;
    int rc = cli_boxed_open(a, &b);
    if (rc) return rc;
    hesse_convexity cv;
    hesse_status st = hesse_convexity_check(&b.t.problem, b.lo, b.hi, &b.options, &cv);
    if (st != HESSE_SUCCESS) rc = cli_fail(st, cv.message);
    else if (a->format == FORMAT_JSON) write_json(&b, &cv);
    else print_table(&b, &cv);
    hesse_convexity_clear(&cv);
    cli_boxed_close(&b);
    return rc;
}
