/*
 * Symbolic differentiation of formula nodes.
 *
 * The rules are the textbook ones (sum, product, chain rule); the simplifying
 * constructors of formula_node.c tidy the result as it is built. Results are memoized
 * per node for one pass (one call of hesse__fdiff), so a subexpression shared in the
 * DAG is differentiated once and the work is linear in the size of the DAG.
 *
 *   (u^w)'   = w u^(w-1) u'                     when w does not depend on x_i
 *            = u^w log(u) w'                    when u does not depend on x_i
 *            = u^w (w' log(u) + w u'/u)         otherwise
 *   exp' = exp, log'(u) = 1/u, sqrt'(u) = 1/(2 sqrt(u)), sin' = cos, cos' = -sin,
 *   tan'(u) = 1/cos(u)^2, asin'(u) = 1/sqrt(1 - u^2), acos' = -asin',
 *   atan'(u) = 1/(1 + u^2), sinh' = cosh, cosh' = sinh, tanh'(u) = 1/cosh(u)^2,
 *   abs'(u) = sign(u)  (so the derivative of abs at 0 is taken as 0, the midpoint of
 *                       the subdifferential [-1, 1]),
 *   sign' = 0          (everywhere, including the jump at 0).
 * "Depends on x_i" is decided by the simplified derivative being the number 0.
 */
#include "formula/formula_internal.h"

static hesse__fnode *diff(hesse__fctx *c, hesse__fnode *nd, int var, unsigned pass);

/* d/du fn(u) as a node. */
static hesse__fnode *outer_derivative(hesse__fctx *c, hesse__fnode *nd)
{
    hesse__fnode *u = nd->kids[0];
    switch (nd->fn) {
    case HESSE__FN_EXP:
        return nd;
    case HESSE__FN_LOG:
        return hesse__fpown(c, u, -1);
    case HESSE__FN_SQRT:
        return hesse__fmul2(c, hesse__fnum(c, 0.5), hesse__fpown(c, nd, -1));
    case HESSE__FN_SIN:
        return hesse__ffunc(c, HESSE__FN_COS, u);
    case HESSE__FN_COS:
        return hesse__fneg(c, hesse__ffunc(c, HESSE__FN_SIN, u));
    case HESSE__FN_TAN:
        return hesse__fpown(c, hesse__ffunc(c, HESSE__FN_COS, u), -2);
    case HESSE__FN_ASIN:
    case HESSE__FN_ACOS: {
        hesse__fnode *one_minus_u2 = hesse__fadd2(c, c->one, hesse__fneg(c, hesse__fpown(c, u, 2)));
        hesse__fnode *r = hesse__fpown(c, hesse__ffunc(c, HESSE__FN_SQRT, one_minus_u2), -1);
        return nd->fn == HESSE__FN_ASIN ? r : hesse__fneg(c, r);
    }
    case HESSE__FN_ATAN:
        return hesse__fpown(c, hesse__fadd2(c, c->one, hesse__fpown(c, u, 2)), -1);
    case HESSE__FN_SINH:
        return hesse__ffunc(c, HESSE__FN_COSH, u);
    case HESSE__FN_COSH:
        return hesse__ffunc(c, HESSE__FN_SINH, u);
    case HESSE__FN_TANH:
        return hesse__fpown(c, hesse__ffunc(c, HESSE__FN_COSH, u), -2);
    case HESSE__FN_ABS:
        return hesse__ffunc(c, HESSE__FN_SIGN, u);
    default: /* sign */
        return c->zero;
    }
}

static hesse__fnode *diff_mul(hesse__fctx *c, hesse__fnode *nd, int var, unsigned pass)
{
    /* (c f_1 ... f_k)' = sum_i c f_1 ... f_i' ... f_k */
    int n = nd->nkids;
    hesse__fnode **terms = hesse__fctx_alloc(c, (size_t)n * sizeof *terms);
    hesse__fnode **factors = hesse__fctx_alloc(c, (size_t)n * sizeof *factors);
    if (!terms || !factors)
        return NULL;
    int nterms = 0;
    for (int i = 0; i < n; i++) {
        if (nd->kids[i]->kind == HESSE__FK_NUM)
            continue;
        hesse__fnode *d = diff(c, nd->kids[i], var, pass);
        if (!d)
            return NULL;
        if (d == c->zero)
            continue;
        for (int j = 0; j < n; j++)
            factors[j] = j == i ? d : nd->kids[j];
        if (!(terms[nterms++] = hesse__fmul(c, factors, n)))
            return NULL;
    }
    return nterms == 0 ? c->zero : hesse__fadd(c, terms, nterms);
}

static hesse__fnode *diff_pow(hesse__fctx *c, hesse__fnode *nd, int var, unsigned pass)
{
    hesse__fnode *u = nd->kids[0], *w = nd->kids[1];
    hesse__fnode *du = diff(c, u, var, pass), *dw = diff(c, w, var, pass);
    if (!du || !dw)
        return NULL;
    if (dw == c->zero) {
        if (du == c->zero)
            return c->zero;
        hesse__fnode *kids[3] = {w, hesse__fpow(c, u, hesse__fadd2(c, w, c->minus_one)), du};
        return hesse__fmul(c, kids, 3);
    }
    hesse__fnode *log_u = hesse__ffunc(c, HESSE__FN_LOG, u);
    if (du == c->zero) {
        hesse__fnode *kids[3] = {nd, log_u, dw};
        return hesse__fmul(c, kids, 3);
    }
    hesse__fnode *kids[3] = {w, du, hesse__fpown(c, u, -1)};
    hesse__fnode *inner = hesse__fadd2(c, hesse__fmul2(c, dw, log_u), hesse__fmul(c, kids, 3));
    return hesse__fmul2(c, nd, inner);
}

static hesse__fnode *diff(hesse__fctx *c, hesse__fnode *nd, int var, unsigned pass)
{
    if (c->status != HESSE_SUCCESS)
        return NULL;
    if (nd->dpass == pass)
        return nd->dres;
    hesse__fnode *r = NULL;
    switch (nd->kind) {
    case HESSE__FK_NUM:
    case HESSE__FK_CONST:
        r = c->zero;
        break;
    case HESSE__FK_VAR:
        r = nd->var == var ? c->one : c->zero;
        break;
    case HESSE__FK_ADD: {
        hesse__fnode **d = hesse__fctx_alloc(c, (size_t)nd->nkids * sizeof *d);
        if (!d)
            return NULL;
        for (int i = 0; i < nd->nkids; i++)
            if (!(d[i] = diff(c, nd->kids[i], var, pass)))
                return NULL;
        r = hesse__fadd(c, d, nd->nkids);
        break;
    }
    case HESSE__FK_MUL:
        r = diff_mul(c, nd, var, pass);
        break;
    case HESSE__FK_POW:
        r = diff_pow(c, nd, var, pass);
        break;
    case HESSE__FK_FUNC: {
        hesse__fnode *du = diff(c, nd->kids[0], var, pass);
        if (!du)
            return NULL;
        r = du == c->zero ? c->zero : hesse__fmul2(c, outer_derivative(c, nd), du);
        break;
    }
    default:
        break;
    }
    if (!r)
        return NULL;
    nd->dpass = pass;
    nd->dres = r;
    return r;
}

hesse__fnode *hesse__fdiff(hesse__fctx *c, hesse__fnode *node, int var)
{
    if (!node || c->status != HESSE_SUCCESS)
        return NULL;
    unsigned pass = ++c->dpass; /* passes start at 1: a fresh node has dpass 0 */
    return diff(c, node, var, pass);
}
