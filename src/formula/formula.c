/*
 * The formula object and the public hesse_formula_* functions: parse (formula_parse.c),
 * then the gradient (n derivatives of f) and the upper triangle of the Hessian
 * (derivatives of the gradient entries, formula_diff.c), printed lengths for the
 * printer (formula_print.c), and four compiled programs (formula_compile.c): f; f and
 * ∇f; H; H·v; evaluation, printing, and the callbacks of a hesse_problem.
 */
#include <stdio.h>
#include <string.h>

#include "formula/formula_internal.h"

#define DEFAULT_MAX_NODES ((size_t)1 << 20)

static size_t hess_index(int i, int j)
{
    return (size_t)j * (size_t)(j + 1) / 2 + (size_t)i; /* i <= j */
}

/* Derivatives, print lengths and programs. */
static hesse_status build(hesse_formula *f)
{
    hesse__fctx *c = &f->ctx;
    int n = f->nvars;
    size_t nh = (size_t)n * (size_t)(n + 1) / 2;
    const hesse_allocator *a = &c->alloc;
    f->grad = hesse__calloc(a, n > 0 ? (size_t)n : 1, sizeof *f->grad);
    f->hess = hesse__calloc(a, nh > 0 ? nh : 1, sizeof *f->hess);
    if (!f->grad || !f->hess)
        return HESSE_ENOMEM;
    f->nguard_f = c->nguards;
    for (int i = 0; i < n; i++)
        if (!(f->grad[i] = hesse__fdiff(c, f->expr, i)))
            return c->status;
    f->nguard_g = c->nguards;
    for (int j = 0; j < n; j++)
        for (int i = 0; i <= j; i++)
            if (!(f->hess[hess_index(i, j)] = hesse__fdiff(c, f->grad[i], j)))
                return c->status;
    size_t ng = c->nguards;
    const char *const *names = (const char *const *)f->names;
    hesse__fprint_prepare(f->expr, names);
    for (int i = 0; i < n; i++)
        hesse__fprint_prepare(f->grad[i], names);
    for (size_t k = 0; k < nh; k++)
        hesse__fprint_prepare(f->hess[k], names);
    for (size_t k = 0; k < ng; k++)
        hesse__fprint_prepare(c->guards[k], names);

    /* The Hessian programs also compute f and the gradient (without storing them):
       where those cannot be evaluated, neither can the Hessian. */
    hesse__froot *roots = hesse__calloc(a, nh + (size_t)n + 1 + ng, sizeof *roots);
    if (!roots)
        return HESSE_ENOMEM;
    hesse_status st;
    /* f, its gradient, then the guards of each (the ones made while parsing f and
       while deriving the gradient) */
    size_t k = 0;
    roots[k++] = (hesse__froot){f->expr, HESSE__FOUT_F, 0, 0};
    for (size_t q = 0; q < f->nguard_f; q++)
        roots[k++] = (hesse__froot){c->guards[q], HESSE__FOUT_CHECK, 0, 0};
    st = hesse__fcompile(roots, (int)k, n, c->count, a, &f->prog_f);
    for (int i = 0; i < n; i++)
        roots[k++] = (hesse__froot){f->grad[i], HESSE__FOUT_GRAD, i, 0};
    for (size_t q = f->nguard_f; q < f->nguard_g; q++)
        roots[k++] = (hesse__froot){c->guards[q], HESSE__FOUT_CHECK, 0, 0};
    if (st == HESSE_SUCCESS)
        st = hesse__fcompile(roots, (int)k, n, c->count, a, &f->prog_fg);
    for (int pass = 0; pass < 2 && st == HESSE_SUCCESS; pass++) {
        for (int j = 0; j < n; j++)
            for (int i = 0; i <= j; i++)
                roots[hess_index(i, j)] = (hesse__froot){
                    f->hess[hess_index(i, j)], pass == 0 ? HESSE__FOUT_HESS : HESSE__FOUT_HV,
                    i, j};
        k = nh;
        roots[k++] = (hesse__froot){f->expr, HESSE__FOUT_CHECK, 0, 0};
        for (int i = 0; i < n; i++)
            roots[k++] = (hesse__froot){f->grad[i], HESSE__FOUT_CHECK, i, 0};
        for (size_t q = 0; q < ng; q++)
            roots[k++] = (hesse__froot){c->guards[q], HESSE__FOUT_CHECK, 0, 0};
        st = hesse__fcompile(roots, (int)k, n, c->count, a,
                             pass == 0 ? &f->prog_h : &f->prog_hv);
    }
    hesse__free(a, roots);
    hesse__fctx_drop_table(c);
    return st;
}

static int naturally_sorted(const hesse_formula *f)
{
    for (int i = 1; i < f->nvars; i++)
        if (hesse__natural_cmp(f->names[i - 1], f->names[i]) > 0)
            return 0;
    return 1;
}

/* "a,b,c": f's variable names in natural order, through f's allocator; NULL when out
   of memory. */
static char *sorted_names(const hesse_formula *f)
{
    const hesse_allocator *a = &f->ctx.alloc;
    int n = f->nvars;
    const char **order = hesse__calloc(a, (size_t)n, sizeof *order);
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(f->names[i]) + 1;
    char *list = order ? hesse__malloc(a, len) : NULL;
    if (!list) {
        hesse__free(a, order);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        /* insertion sort: formulas have few variables */
        int j = i;
        for (; j > 0 && hesse__natural_cmp(order[j - 1], f->names[i]) > 0; j--)
            order[j] = order[j - 1];
        order[j] = f->names[i];
    }
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(order[i]);
        if (i) list[pos++] = ',';
        memcpy(list + pos, order[i], l);
        pos += l;
    }
    list[pos] = '\0';
    hesse__free(a, order);
    return list;
}

hesse_status hesse__formula_parse_limited(const char *text, const char *vars,
                                          size_t max_nodes, const hesse_allocator *alloc,
                                          hesse_formula **out, hesse_formula_error *err)
{
    if (err) {
        err->column = -1;
        err->reason[0] = '\0';
    }
    if (out)
        *out = NULL;
    if (!text || !out) {
        if (err)
            snprintf(err->reason, sizeof err->reason, "%s is NULL", text ? "out" : "text");
        return HESSE_EINVAL;
    }
    const char *bad_allocator = hesse__allocator_check(alloc);
    if (bad_allocator) {
        if (err) snprintf(err->reason, sizeof err->reason, "%s", bad_allocator);
        return HESSE_EINVAL;
    }
    hesse_formula *f = hesse__calloc(alloc, 1, sizeof *f);
    if (!f) {
        if (err)
            snprintf(err->reason, sizeof err->reason, "out of memory");
        return HESSE_ENOMEM;
    }
    hesse_status st = hesse__fctx_init(&f->ctx, max_nodes, alloc);
    if (st == HESSE_SUCCESS && hesse__fparse(f, text, vars, err)) {
        st = HESSE_EINVAL;
    } else if (f->ctx.status != HESSE_SUCCESS || !f->expr) {
        st = f->ctx.status != HESSE_SUCCESS ? f->ctx.status : HESSE_ENOMEM;
        if (err)
            snprintf(err->reason, sizeof err->reason, "%s", f->ctx.reason);
    } else {
        st = build(f);
        if (st != HESSE_SUCCESS && err)
            snprintf(err->reason, sizeof err->reason, "%s",
                     f->ctx.status != HESSE_SUCCESS ? f->ctx.reason
                                                    : "out of memory while compiling");
    }
    if (st != HESSE_SUCCESS) {
        hesse_formula_free(f);
        return st;
    }
    if (!vars && !naturally_sorted(f)) {
        /* The variables were found in order of appearance: parse again with them in
           natural order (derivatives and programs are built for that order). */
        char *list = sorted_names(f);
        hesse_formula_free(f);
        if (!list) {
            if (err) snprintf(err->reason, sizeof err->reason, "out of memory");
            return HESSE_ENOMEM;
        }
        st = hesse__formula_parse_limited(text, list, max_nodes, alloc, out, err);
        hesse__free(alloc, list);
        return st;
    }
    *out = f;
    return HESSE_SUCCESS;
}

hesse_status hesse_formula_parse(const char *text, const char *vars, hesse_formula **out,
                                 hesse_formula_error *err)
{
    return hesse__formula_parse_limited(text, vars, DEFAULT_MAX_NODES, NULL, out, err);
}

hesse_status hesse_formula_parse_with(const char *text, const char *vars,
                                      const hesse_allocator *alloc, hesse_formula **out,
                                      hesse_formula_error *err)
{
    return hesse__formula_parse_limited(text, vars, DEFAULT_MAX_NODES, alloc, out, err);
}

void hesse_formula_free(hesse_formula *f)
{
    if (!f)
        return;
    hesse_allocator a = f->ctx.alloc; /* f itself is freed with it */
    for (int i = 0; i < f->nvars; i++)
        hesse__free(&a, f->names[i]);
    hesse__free(&a, f->names);
    hesse__free(&a, f->grad);
    hesse__free(&a, f->hess);
    hesse__fprog_free(&f->prog_f);
    hesse__fprog_free(&f->prog_fg);
    hesse__fprog_free(&f->prog_h);
    hesse__fprog_free(&f->prog_hv);
    hesse__fctx_free(&f->ctx);
    hesse__free(&a, f);
}

int hesse_formula_nvars(const hesse_formula *f)
{
    return f ? f->nvars : 0;
}

const char *hesse_formula_var(const hesse_formula *f, int i)
{
    return f && i >= 0 && i < f->nvars ? f->names[i] : NULL;
}

static size_t print_or_empty(const hesse_formula *f, const hesse__fnode *nd, char *buf,
                             size_t size)
{
    if (!nd) {
        if (buf && size > 0)
            buf[0] = '\0';
        return 0;
    }
    return hesse__fprint(nd, (const char *const *)f->names, buf, size);
}

size_t hesse_formula_print(const hesse_formula *f, char *buf, size_t size)
{
    return print_or_empty(f, f ? f->expr : NULL, buf, size);
}

size_t hesse_formula_print_gradient(const hesse_formula *f, int i, char *buf, size_t size)
{
    int ok = f && i >= 0 && i < f->nvars;
    return print_or_empty(f, ok ? f->grad[i] : NULL, buf, size);
}

size_t hesse_formula_print_hessian(const hesse_formula *f, int i, int j, char *buf,
                                   size_t size)
{
    int ok = f && i >= 0 && i < f->nvars && j >= 0 && j < f->nvars;
    const hesse__fnode *nd = NULL;
    if (ok)
        nd = i <= j ? f->hess[hess_index(i, j)] : f->hess[hess_index(j, i)];
    return print_or_empty(f, nd, buf, size);
}

static hesse_status run_status(int r)
{
    return r == 0 ? HESSE_SUCCESS : r > 0 ? HESSE_EDOMAIN : HESSE_ENOMEM;
}

hesse_status hesse_formula_eval(const hesse_formula *f, const double *x, double *value,
                                double *grad, double *H)
{
    if (!f || !x || !value)
        return HESSE_EINVAL;
    int n = f->nvars;
    int r = hesse__fprog_run(grad ? &f->prog_fg : &f->prog_f, n, x, NULL, value, grad, NULL,
                             NULL);
    if (r == 0 && H)
        r = hesse__fprog_run(&f->prog_h, n, x, NULL, NULL, NULL, H, NULL);
    return run_status(r);
}

static int formula_objective(int n, const double *x, double *fx, double *grad, void *data)
{
    const hesse_formula *f = data;
    if (n != f->nvars)
        return -1;
    return hesse__fprog_run(grad ? &f->prog_fg : &f->prog_f, n, x, NULL, fx, grad, NULL,
                            NULL);
}

static int formula_hessian(int n, const double *x, double *H, void *data)
{
    const hesse_formula *f = data;
    if (n != f->nvars)
        return -1;
    return hesse__fprog_run(&f->prog_h, n, x, NULL, NULL, NULL, H, NULL);
}

static int formula_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    const hesse_formula *f = data;
    if (n != f->nvars)
        return -1;
    return hesse__fprog_run(&f->prog_hv, n, x, v, NULL, NULL, NULL, Hv);
}

hesse_status hesse_formula_problem(const hesse_formula *f, hesse_problem *p)
{
    if (!f || !p || f->nvars < 1)
        return HESSE_EINVAL;
    p->n = f->nvars;
    p->objective = formula_objective;
    p->hessian = formula_hessian;
    p->hessvec = formula_hessvec;
    p->data = (void *)f;
    return HESSE_SUCCESS;
}

size_t hesse_formula_explain(const hesse_formula *f, const double *x, int order, char *buf,
                             size_t size)
{
    return hesse__formula_explain(f, x, order < 0 ? 0 : order > 2 ? 2 : order, buf, size);
}
