/*
 * Why a formula cannot be evaluated at a point: the first operation whose value is not
 * finite although its operands are, named with its subexpression and the operand
 * values ("log(x) = log(-1): logarithm of a number <= 0").
 *
 * The compiled programs only say "not finite somewhere" (formula_compile.c checks
 * where a non-finite value could disappear, not at every instruction). This slow path
 * runs only after a refusal: it walks the DAG of the same roots, in the same order as
 * the programs (f and its guards, the gradient and its guards, the Hessian and the
 * rest of the guards), evaluating each node once (memo by node id) with the operations
 * the programs use.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formula/formula_internal.h"

#define PI_VALUE 3.14159265358979323846
#define E_VALUE 2.71828182845904523536

typedef struct {
    const hesse_formula *f;
    const double *x;
    double *value;      /* by node id */
    unsigned char *done;
    const hesse__fnode *culprit; /* first node not finite with finite operands */
} walker;

static double eval_node(walker *w, const hesse__fnode *nd)
{
    if (w->done[nd->id])
        return w->value[nd->id];
    double v = NAN;
    int operands_finite = 1;
    switch (nd->kind) {
    case HESSE__FK_NUM: v = nd->num; break;
    case HESSE__FK_CONST: v = nd->fn == HESSE__FC_PI ? PI_VALUE : E_VALUE; break;
    case HESSE__FK_VAR: v = w->x[nd->var]; break;
    case HESSE__FK_FUNC: {
        double u = eval_node(w, nd->kids[0]);
        operands_finite = isfinite(u);
        v = hesse__fn_apply(nd->fn, u);
        break;
    }
    case HESSE__FK_POW: {
        double u = eval_node(w, nd->kids[0]), e = eval_node(w, nd->kids[1]);
        operands_finite = isfinite(u) && isfinite(e);
        v = e == -1 ? 1 / u : pow(u, e);
        break;
    }
    case HESSE__FK_ADD:
    case HESSE__FK_MUL:
        v = nd->kind == HESSE__FK_ADD ? 0.0 : 1.0;
        for (int k = 0; k < nd->nkids; k++) {
            double u = eval_node(w, nd->kids[k]);
            operands_finite = operands_finite && isfinite(u);
            v = nd->kind == HESSE__FK_ADD ? v + u : v * u;
        }
        break;
    default:
        break;
    }
    if (!isfinite(v) && operands_finite && !w->culprit)
        w->culprit = nd;
    w->value[nd->id] = v;
    w->done[nd->id] = 1;
    return v;
}

/* "-1", "0.5", "1e+300" */
static const char *number(double v, char out[32])
{
    snprintf(out, 32, "%.6g", v == 0 ? 0.0 : v);
    return out;
}

/* The reason the culprit has no finite value. */
static void describe(walker *w, const hesse__fnode *nd, char *buf, size_t size)
{
    char a[32], b[32];
    const char *names_fn = nd->kind == HESSE__FK_FUNC ? hesse__fn_names[nd->fn] : "";
    if (nd->kind == HESSE__FK_FUNC) {
        double u = w->value[nd->kids[0]->id];
        const char *why;
        switch (nd->fn) {
        case HESSE__FN_LOG: why = u == 0 ? "logarithm of 0" : "logarithm of a negative number"; break;
        case HESSE__FN_SQRT: why = "square root of a negative number"; break;
        case HESSE__FN_ASIN:
        case HESSE__FN_ACOS: why = "argument outside [-1, 1]"; break;
        case HESSE__FN_TAN: why = "tangent at a pole"; break;
        default: why = "the value overflows"; break;
        }
        snprintf(buf, size, "%s(%s): %s", names_fn, number(u, a), why);
        return;
    }
    if (nd->kind == HESSE__FK_POW) {
        double u = w->value[nd->kids[0]->id], e = w->value[nd->kids[1]->id];
        if (e == -1 && u == 0) {
            snprintf(buf, size, "1/0: division by zero");
        } else if (u == 0 && e < 0) {
            snprintf(buf, size, "0^(%s): division by zero", number(e, b));
        } else if (u < 0 && e != floor(e)) {
            snprintf(buf, size, "(%s)^%s: a negative number to a fractional power",
                     number(u, a), number(e, b));
        } else {
            snprintf(buf, size, "(%s)^%s: the value overflows", number(u, a), number(e, b));
        }
        return;
    }
    snprintf(buf, size, "the value overflows");
}

size_t hesse__formula_explain(const hesse_formula *f, const double *x, int what, char *buf,
                              size_t size)
{
    if (buf && size > 0)
        buf[0] = '\0';
    if (!f || !x)
        return 0;
    const hesse__fctx *c = &f->ctx;
    const hesse_allocator *a = &c->alloc;
    walker w = {f, x, hesse__calloc(a, c->count ? c->count : 1, sizeof(double)),
                hesse__calloc(a, c->count ? c->count : 1, 1), NULL};
    char text[256];
    int written = 0;
    if (!w.value || !w.done) {
        written = snprintf(text, sizeof text, "(no memory to find which operation failed)");
        goto done;
    }
    int n = f->nvars;
    const char *part = NULL;
    int pi = -1, pj = -1;
    eval_node(&w, f->expr);
    for (size_t q = 0; q < f->nguard_f && !w.culprit; q++) eval_node(&w, c->guards[q]);
    if (w.culprit) part = "f";
    for (int i = 0; i < n && what >= 1 && !w.culprit; i++) {
        eval_node(&w, f->grad[i]);
        if (w.culprit) part = "df", pi = i;
    }
    for (size_t q = f->nguard_f; q < f->nguard_g && what >= 1 && !w.culprit; q++) {
        eval_node(&w, c->guards[q]);
        if (w.culprit) part = "gradient";
    }
    for (int j = 0; j < n && what >= 2 && !w.culprit; j++)
        for (int i = 0; i <= j && !w.culprit; i++) {
            eval_node(&w, f->hess[(size_t)j * (size_t)(j + 1) / 2 + (size_t)i]);
            if (w.culprit) part = "d2f", pi = i, pj = j;
        }
    for (size_t q = f->nguard_g; q < c->nguards && what >= 2 && !w.culprit; q++) {
        eval_node(&w, c->guards[q]);
        if (w.culprit) part = "Hessian";
    }
    if (!w.culprit)
        goto done;
    char expr[96], reason[128], where[96] = "";
    size_t len = hesse__fprint(w.culprit, (const char *const *)f->names, expr, sizeof expr);
    if (len >= sizeof expr) memcpy(expr + sizeof expr - 4, "...", 4);
    describe(&w, w.culprit, reason, sizeof reason);
    if (pi >= 0 && pj >= 0)
        snprintf(where, sizeof where, "in d2f/d%.30s d%.30s: ", f->names[pi], f->names[pj]);
    else if (pi >= 0)
        snprintf(where, sizeof where, "in df/d%.60s: ", f->names[pi]);
    else if (strcmp(part, "f") != 0)
        snprintf(where, sizeof where, "in the %s: ", part);
    written = snprintf(text, sizeof text, "%s%s = %s", where, expr, reason);
done:
    hesse__free(a, w.value);
    hesse__free(a, w.done);
    if (written <= 0)
        return 0;
    if (buf && size > 0)
        snprintf(buf, size, "%s", text);
    return (size_t)written;
}
