/*
 * Printer for formula nodes: text a person would write, that the parser reads back to
 * the same canonical expression.
 *
 *   - minimal parentheses, from the precedence levels (low to high)
 *       sum  <  leading minus  <  product/quotient  <  power  <  atom
 *     a child is parenthesized when its level is below what its position needs;
 *   - a sum starts with its first positive term ("y - x^2", not "-x^2 + y") and shows
 *     negative terms with " - ";
 *   - a product shows its coefficient first ("-4*x*y", "-4" not "(-1)*4"), factors with
 *     a negative numeric exponent as a denominator ("x/y^2", "1/(2*sqrt(x))"), and a
 *     coefficient 1/k with integer k as a division by k ("x/2");
 *   - numbers in the shortest decimal form that reads back exactly (%.15g, else
 *     %.16g, else %.17g).
 *
 * Cost: a node's printed length is memoized at build time (hesse__fprint_prepare), so
 * printing into a buffer of size s costs O(s + depth) even when the expression, as a
 * tree, is exponentially larger than the DAG: parts past the end of the buffer are
 * skipped by adding their length.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_internal.h"

enum { PREC_SUM = 1, PREC_NEG = 2, PREC_PRODUCT = 3, PREC_POWER = 4, PREC_ATOM = 5 };

typedef struct {
    char *buf;
    size_t size;
    size_t pos;
    const char *const *names;
    int prepare; /* build time: record plen of every node printed */
} sink;

/* Lengths saturate here: an expression whose tree (not DAG) is exponentially large
   has a length that does not fit in size_t. */
#define LEN_MAX ((size_t)-1 / 4)

static size_t add_len(size_t a, size_t b)
{
    return a >= LEN_MAX || b >= LEN_MAX || a + b >= LEN_MAX ? LEN_MAX : a + b;
}

static void put(sink *s, const char *text, size_t len)
{
    if (s->pos < s->size) {
        size_t room = s->size - s->pos;
        memcpy(s->buf + s->pos, text, len < room ? len : room);
    }
    s->pos = add_len(s->pos, len);
}

static void puts_(sink *s, const char *text)
{
    put(s, text, strlen(text));
}

int hesse__fformat_number(double v, char out[32])
{
    int len = 0;
    for (int digits = 15; digits <= 17; digits++) {
        len = snprintf(out, 32, "%.*g", digits, v);
        if (strtod(out, NULL) == v)
            break;
    }
    return len;
}

static void put_number(sink *s, double v)
{
    char text[32];
    int len = hesse__fformat_number(v, text);
    put(s, text, (size_t)len);
}

static double coeff_of(const hesse__fnode *nd)
{
    if (nd->kind == HESSE__FK_NUM)
        return nd->num;
    if (nd->kind == HESSE__FK_MUL && nd->kids[0]->kind == HESSE__FK_NUM)
        return nd->kids[0]->num;
    return 1;
}

static int is_reciprocal_power(const hesse__fnode *nd)
{
    /* A number to a negative power is only left unfolded when it has no finite
       value (0^-2): "1/0^2" would read back as 1/0, so it is printed as 0^(-2). */
    return nd->kind == HESSE__FK_POW && nd->kids[1]->kind == HESSE__FK_NUM &&
           nd->kids[1]->num < 0 && nd->kids[0]->kind != HESSE__FK_NUM;
}

static int precedence(const hesse__fnode *nd)
{
    switch (nd->kind) {
    case HESSE__FK_NUM:
        return nd->num < 0 ? PREC_NEG : PREC_ATOM;
    case HESSE__FK_ADD:
        return PREC_SUM;
    case HESSE__FK_MUL:
        return coeff_of(nd) < 0 ? PREC_NEG : PREC_PRODUCT;
    case HESSE__FK_POW:
        return is_reciprocal_power(nd) ? PREC_PRODUCT : PREC_POWER;
    default:
        return PREC_ATOM;
    }
}

static void body(sink *s, const hesse__fnode *nd);

/* nd in a position that needs at least level min. */
static void print_node(sink *s, const hesse__fnode *nd, int min)
{
    int paren = precedence(nd) < min;
    if (paren)
        put(s, "(", 1);
    if (s->prepare && nd->plen == HESSE__FLEN_UNKNOWN) {
        /* measured on its own, so that a saturated position before it cannot
           spoil its length */
        sink sub = *s;
        sub.pos = 0;
        body(&sub, nd);
        ((hesse__fnode *)nd)->plen = sub.pos;
        s->pos = add_len(s->pos, sub.pos);
    } else if (s->pos >= s->size && nd->plen != HESSE__FLEN_UNKNOWN) {
        s->pos = add_len(s->pos, nd->plen); /* past the end: only the length matters */
    } else {
        body(s, nd);
    }
    if (paren)
        put(s, ")", 1);
}

/* base^k for a number k > 0 (k = 1: just the base). */
static void print_power_number(sink *s, const hesse__fnode *base, double k)
{
    if (k == 1) {
        print_node(s, base, PREC_POWER);
        return;
    }
    print_node(s, base, PREC_ATOM);
    put(s, "^", 1);
    put_number(s, k);
}

/* |c| * factors, where factors are the kids of a MUL after its coefficient, or a
   single reciprocal power. */
static void print_product(sink *s, double c, hesse__fnode *const *factors, int n)
{
    c = fabs(c);
    double k = 1 / c;
    int divide_by_k = c != 1 && hesse__fis_int(k) && 1 / k == c;
    int nnum = 0, nden = divide_by_k;
    for (int i = 0; i < n; i++) {
        if (is_reciprocal_power(factors[i]))
            nden++;
        else
            nnum++;
    }
    int first = 1;
    if (c != 1 && !divide_by_k) {
        put_number(s, c);
        first = 0;
    }
    for (int i = 0; i < n; i++) {
        if (is_reciprocal_power(factors[i]))
            continue;
        if (!first)
            put(s, "*", 1);
        print_node(s, factors[i], PREC_POWER);
        first = 0;
    }
    if (first)
        put(s, "1", 1);
    if (nden == 0)
        return;
    put(s, "/", 1);
    if (nden > 1)
        put(s, "(", 1);
    first = 1;
    if (divide_by_k) {
        put_number(s, k);
        first = 0;
    }
    for (int i = 0; i < n; i++) {
        if (!is_reciprocal_power(factors[i]))
            continue;
        if (!first)
            put(s, "*", 1);
        print_power_number(s, factors[i]->kids[0], -factors[i]->kids[1]->num);
        first = 0;
    }
    if (nden > 1)
        put(s, ")", 1);
}

/* A term without its sign. */
static void print_abs(sink *s, const hesse__fnode *nd)
{
    if (nd->kind == HESSE__FK_NUM) {
        put_number(s, fabs(nd->num));
    } else if (nd->kind == HESSE__FK_MUL && coeff_of(nd) < 0) {
        if (s->pos >= s->size && nd->plen != HESSE__FLEN_UNKNOWN)
            s->pos = add_len(s->pos, nd->plen - 1); /* the body is "-" and this */
        else
            print_product(s, coeff_of(nd), nd->kids + 1, nd->nkids - 1);
    } else {
        print_node(s, nd, PREC_PRODUCT);
    }
}

static void print_sum(sink *s, const hesse__fnode *nd)
{
    int lead = 0;
    while (lead < nd->nkids && coeff_of(nd->kids[lead]) < 0)
        lead++;
    if (lead == nd->nkids) {
        lead = 0;
        put(s, "-", 1);
    }
    print_abs(s, nd->kids[lead]);
    for (int i = 0; i < nd->nkids; i++) {
        if (i == lead)
            continue;
        puts_(s, coeff_of(nd->kids[i]) < 0 ? " - " : " + ");
        print_abs(s, nd->kids[i]);
    }
}

static void body(sink *s, const hesse__fnode *nd)
{
    switch (nd->kind) {
    case HESSE__FK_NUM:
        if (nd->num < 0)
            put(s, "-", 1);
        put_number(s, fabs(nd->num));
        break;
    case HESSE__FK_VAR:
        puts_(s, s->names[nd->var]);
        break;
    case HESSE__FK_CONST:
        puts_(s, nd->fn == HESSE__FC_PI ? "pi" : "e");
        break;
    case HESSE__FK_FUNC:
        puts_(s, hesse__fn_names[nd->fn]);
        put(s, "(", 1);
        print_node(s, nd->kids[0], 0);
        put(s, ")", 1);
        break;
    case HESSE__FK_ADD:
        print_sum(s, nd);
        break;
    case HESSE__FK_MUL: {
        double c = coeff_of(nd);
        int has_coeff = nd->kids[0]->kind == HESSE__FK_NUM;
        if (c < 0)
            put(s, "-", 1);
        print_product(s, c, nd->kids + has_coeff, nd->nkids - has_coeff);
        break;
    }
    case HESSE__FK_POW:
        if (is_reciprocal_power(nd)) {
            print_product(s, 1, (hesse__fnode *const *)&nd, 1);
        } else {
            print_node(s, nd->kids[0], PREC_ATOM);
            put(s, "^", 1);
            print_node(s, nd->kids[1], PREC_POWER);
        }
        break;
    default:
        break;
    }
}

size_t hesse__fprint(const hesse__fnode *node, const char *const *names, char *buf,
                     size_t size)
{
    sink s = {buf, buf ? size : 0, 0, names, 0};
    print_node(&s, node, 0);
    if (s.size > 0)
        buf[s.pos < s.size ? s.pos : s.size - 1] = '\0';
    return s.pos;
}

void hesse__fprint_prepare(hesse__fnode *node, const char *const *names)
{
    sink s = {NULL, 0, 0, names, 1};
    print_node(&s, node, 0);
}
