/*
 * hesse check — a problem's or formula's derivatives against central differences at a
 * point (hesse_check_derivatives).
 */
#include <stdlib.h>

#include "cli.h"

static void print_entry(const cli_target *t, const char *what, const hesse_check_entry *e)
{
    printf("    %s[%d", what, e->i);
    if (e->j < 0) printf("] (d/d%s)", t->vars[e->i]);
    else printf(",%d] (d2/d%s d%s)", e->j, t->vars[e->i], t->vars[e->j]);
    printf(": %s vs %s, relative error %s\n", cli_num("%.10g", e->value).text, cli_num("%.10g", e->reference).text,
           cli_num("%.2e", e->rel_error).text);
}

static void print_table(const cli_target *t, const double *x, const hesse_derivative_check *c)
{
    printf("derivative check of %s\nat ", t->name);
    cli_print_point(stdout, t, x, "%.10g");
    printf("\nrelative error |value - reference| / max(1, |value|, |reference|), tolerance %s\n\n",
           cli_num("%.2g", c->tol).text);
    printf("gradient vs central differences of f: max %s, %d of %d above tolerance; worst:\n",
           cli_num("%.2e", c->grad_max_error).text, c->grad_nbad, t->n);
    for (int k = 0; k < c->grad_nworst; k++) print_entry(t, "g", &c->grad_worst[k]);
    if (c->has_hessian) {
        printf("Hessian vs central differences of the gradient: max %s, %d above tolerance; worst:\n",
               cli_num("%.2e", c->hess_max_error).text, c->hess_nbad);
        for (int k = 0; k < c->hess_nworst; k++) print_entry(t, "H", &c->hess_worst[k]);
        if (c->sym_worst.i >= 0)
            printf("symmetry of the Hessian: max %s (H[%d,%d] vs H[%d,%d])\n", cli_num("%.2e", c->sym_max_error).text,
                   c->sym_worst.i, c->sym_worst.j, c->sym_worst.j, c->sym_worst.i);
    } else {
        printf("no Hessian callback: nothing else to compare\n");
    }
    printf("\nresult: %s\n", c->pass ? "pass" : "FAIL");
}

static void put_entries(cli_writer *w, const char *key, int count, const hesse_check_entry *e)
{
    cli_begin_array(w, key);
    for (int k = 0; k < count; k++) {
        cli_begin_object(w, NULL);
        cli_put_int(w, "i", e[k].i);
        cli_put_int(w, "j", e[k].j);
        cli_put_number(w, "value", e[k].value, "%.17g");
        cli_put_number(w, "reference", e[k].reference, "%.17g");
        cli_put_number(w, "rel_error", e[k].rel_error, "%.17g");
        cli_end_object(w);
    }
    cli_end_array(w);
}

static void write_json(const cli_target *t, const double *x, const hesse_derivative_check *c)
{
    cli_writer w;
    cli_writer_init(&w, stdout, FORMAT_JSON);
    cli_begin_object(&w, NULL);
    cli_put_target(&w, t);
    cli_put_vector(&w, "at", t->n, x);
    cli_put_number(&w, "tol", c->tol, "%.17g");
    cli_put_number(&w, "grad_max_error", c->grad_max_error, "%.17g");
    cli_put_int(&w, "grad_nbad", c->grad_nbad);
    put_entries(&w, "grad_worst", c->grad_nworst, c->grad_worst);
    cli_put_bool(&w, "has_hessian", c->has_hessian);
    if (c->has_hessian) {
        cli_put_number(&w, "hess_max_error", c->hess_max_error, "%.17g");
        cli_put_int(&w, "hess_nbad", c->hess_nbad);
        put_entries(&w, "hess_worst", c->hess_nworst, c->hess_worst);
        cli_put_number(&w, "sym_max_error", c->sym_max_error, "%.17g");
    }
    cli_put_bool(&w, "pass", c->pass);
    cli_end_object(&w);
    cli_writer_end(&w);
}

int cmd_check(const cli_args *a)
{
    cli_target t;
    double *x;
    int rc = cli_target_open_point(a, "--at", a->at, 1, &t, &x);
    if (rc) return rc;
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    hesse_derivative_check c;
    hesse_status st = hesse_check_derivatives(&t.problem, t.n, x, &aopt, &c);
    if (st != HESSE_SUCCESS) {
        rc = cli_fail_at(&t, x, 2, st, c.message);
    } else {
        if (a->format == FORMAT_JSON) write_json(&t, x, &c);
        else print_table(&t, x, &c);
        rc = c.pass ? CLI_EXIT_FOUND : CLI_EXIT_NOT_FOUND;
    }
    free(x);
    cli_target_close(&t);
    return rc;
}
