/*
 * The formula parser: text to an expression DAG (formula_node.c builds the nodes).
 *
 * Grammar (recursive descent, one function per level; the language is described in
 * hesse.h, formula section):
 *   sum      = product { ("+" | "-") product }
 *   product  = ("-" | "+") product | unary { ("*" | "/") unary }
 *   unary    = ("-" | "+") unary | power
 *   power    = primary [ "^" unary ]          (right-associative through unary)
 *   primary  = number | constant | variable | function "(" sum ")"
 *            | "pow" "(" sum "," sum ")" | "(" sum ")"
 * Sums and products are collected into one list and built with a single n-ary
 * constructor call, so a formula with k terms costs O(k log k), not O(k^2).
 * Nesting (parentheses, signs, exponents) is limited to MAX_DEPTH levels so that the
 * recursive parser, differentiator and printer have a bounded stack.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_internal.h"

#define MAX_DEPTH 200

typedef struct {
    const char *text;
    size_t pos;
    hesse__fctx *c;
    hesse_formula *f;
    int fixed_vars;
    int names_cap;
    int depth;
    int failed;
    int column;
    char reason[128];
} parser;

static void syntax_error(parser *p, size_t column, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    p->column = (int)column;
    va_list ap;
    va_start(ap, fmt);
    hesse__vmessage(p->reason, sizeof p->reason, HESSE_EINVAL, fmt, ap);
    va_end(ap);
}

static void skip_space(parser *p)
{
    while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' || p->text[p->pos] == '\n' ||
           p->text[p->pos] == '\r')
        p->pos++;
}

static int is_ident_start(int ch)
{
    return isalpha((unsigned char)ch) || ch == '_';
}

static int is_ident_char(int ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* A description of the character at pos for messages: "'x'", "end of formula". */
static const char *describe(const parser *p, char out[16])
{
    unsigned char ch = (unsigned char)p->text[p->pos];
    if (ch == 0)
        return "the end of the formula";
    if (ch >= 0x20 && ch < 0x7f)
        snprintf(out, 16, "'%c'", ch);
    else
        snprintf(out, 16, "byte 0x%02x", ch);
    return out;
}

/* Function id for a name, HESSE__FN_COUNT for "pow", -1 if not a function. */
static int function_id(const char *name, size_t len)
{
    for (int i = 0; i < HESSE__FN_COUNT; i++)
        if (strlen(hesse__fn_names[i]) == len && memcmp(hesse__fn_names[i], name, len) == 0)
            return i;
    if (len == 3 && memcmp(name, "pow", 3) == 0)
        return HESSE__FN_COUNT;
    return -1;
}

static int constant_id(const char *name, size_t len)
{
    if (len == 2 && memcmp(name, "pi", 2) == 0)
        return HESSE__FC_PI;
    if (len == 1 && name[0] == 'e')
        return HESSE__FC_E;
    return -1;
}

static int find_var(const hesse_formula *f, const char *name, size_t len)
{
    for (int i = 0; i < f->nvars; i++)
        if (strlen(f->names[i]) == len && memcmp(f->names[i], name, len) == 0)
            return i;
    return -1;
}

/* Append a variable name; -1 on out of memory. */
static int add_var(hesse_formula *f, int *cap, const char *name, size_t len)
{
    const hesse_allocator *a = &f->ctx.alloc;
    if (f->nvars == *cap) {
        int ncap = *cap ? 2 * *cap : 8;
        char **names = hesse__realloc(a, f->names, (size_t)*cap * sizeof *names,
                                       (size_t)ncap * sizeof *names);
        if (!names)
            return -1;
        f->names = names;
        *cap = ncap;
    }
    char *copy = hesse__malloc(a, len + 1);
    if (!copy)
        return -1;
    memcpy(copy, name, len);
    copy[len] = '\0';
    f->names[f->nvars++] = copy;
    return 0;
}

static hesse__fnode *parse_sum(parser *p);
static hesse__fnode *parse_unary(parser *p);

static hesse__fnode *parse_number(parser *p)
{
    const char *t = p->text;
    size_t start = p->pos, i = p->pos;
    while (isdigit((unsigned char)t[i]))
        i++;
    if (t[i] == '.') {
        i++;
        while (isdigit((unsigned char)t[i]))
            i++;
    }
    if (t[i] == 'e' || t[i] == 'E') {
        size_t e = i++;
        if (t[i] == '+' || t[i] == '-')
            i++;
        if (!isdigit((unsigned char)t[i])) {
            syntax_error(p, e, "malformed number: the exponent after '%c' has no digits",
                         t[e]);
            return NULL;
        }
        while (isdigit((unsigned char)t[i]))
            i++;
    }
    /* strtod on a copy: on the text itself it could read further (hex "0x1p3"). */
    size_t len = i - start;
    char small[64];
    char *copy = len < sizeof small ? small : hesse__malloc(&p->c->alloc, len + 1);
    if (!copy) {
        hesse__fctx_fail(p->c, HESSE_ENOMEM, "out of memory while parsing the formula");
        return NULL;
    }
    memcpy(copy, t + start, len);
    copy[len] = '\0';
    double v = strtod(copy, NULL);
    if (copy != small)
        hesse__free(&p->c->alloc, copy);
    if (!isfinite(v)) {
        syntax_error(p, start, "number too large for a double");
        return NULL;
    }
    p->pos = i;
    return hesse__fnum(p->c, v);
}

/* Expect ')' closing the '(' at column open. */
static int expect_close(parser *p, size_t open)
{
    skip_space(p);
    if (p->text[p->pos] == ')') {
        p->pos++;
        return 0;
    }
    char buf[16];
    if (p->text[p->pos] == '\0')
        syntax_error(p, p->pos, "missing ')' to close the '(' at column %zu", open);
    else
        syntax_error(p, p->pos, "unexpected %s: expected an operator or ')'",
                     describe(p, buf));
    return -1;
}

static hesse__fnode *parse_call(parser *p, int fn, size_t name_col, size_t name_len)
{
    size_t open = p->pos++; /* at '(' */
    hesse__fnode *a = parse_sum(p);
    if (!a)
        return NULL;
    skip_space(p);
    if (fn == HESSE__FN_COUNT) {
        if (p->text[p->pos] != ',') {
            syntax_error(p, p->pos, "pow takes two arguments: pow(base, exponent)");
            return NULL;
        }
        p->pos++;
        hesse__fnode *b = parse_sum(p);
        if (!b || expect_close(p, open) != 0)
            return NULL;
        return hesse__fpow(p->c, a, b);
    }
    if (p->text[p->pos] == ',') {
        syntax_error(p, p->pos, "%.*s takes one argument", (int)name_len, p->text + name_col);
        return NULL;
    }
    if (expect_close(p, open) != 0)
        return NULL;
    return hesse__ffunc(p->c, fn, a);
}

static hesse__fnode *parse_primary(parser *p)
{
    skip_space(p);
    const char *t = p->text;
    char ch = t[p->pos];
    char buf[16];
    if (isdigit((unsigned char)ch) || (ch == '.' && isdigit((unsigned char)t[p->pos + 1])))
        return parse_number(p);
    if (ch == '(') {
        size_t open = p->pos++;
        hesse__fnode *a = parse_sum(p);
        if (!a || expect_close(p, open) != 0)
            return NULL;
        return a;
    }
    if (is_ident_start(ch)) {
        size_t start = p->pos, len = 0;
        while (is_ident_char(t[start + len]))
            len++;
        p->pos = start + len;
        skip_space(p);
        int call = t[p->pos] == '(';
        int fn = function_id(t + start, len);
        if (fn >= 0) {
            if (!call) {
                syntax_error(p, start, "'%.*s' is a function: write %.*s(...)", (int)len,
                             t + start, (int)len, t + start);
                return NULL;
            }
            return parse_call(p, fn, start, len);
        }
        if (call) {
            syntax_error(p, start,
                         "unknown function '%.*s' (a product needs '*': x*(y + 1))",
                         len > 40 ? 40 : (int)len, t + start);
            return NULL;
        }
        int k = constant_id(t + start, len);
        if (k >= 0)
            return hesse__fconst(p->c, k);
        int v = find_var(p->f, t + start, len);
        if (v < 0) {
            if (p->fixed_vars) {
                syntax_error(p, start, "'%.*s' is not in the variable list",
                             len > 60 ? 60 : (int)len, t + start);
                return NULL;
            }
            if (add_var(p->f, &p->names_cap, t + start, len) != 0) {
                hesse__fctx_fail(p->c, HESSE_ENOMEM, "out of memory while parsing the formula");
                return NULL;
            }
            v = p->f->nvars - 1;
        }
        return hesse__fvar(p->c, v);
    }
    if (ch == '\0')
        syntax_error(p, p->pos,
                     "unexpected end of the formula: expected a number, a variable, a "
                     "function or '('");
    else
        syntax_error(p, p->pos,
                     "unexpected %s: expected a number, a variable, a function or '('",
                     describe(p, buf));
    return NULL;
}

static hesse__fnode *parse_power(parser *p)
{
    hesse__fnode *base = parse_primary(p);
    if (!base)
        return NULL;
    skip_space(p);
    if (p->text[p->pos] != '^')
        return base;
    p->pos++;
    hesse__fnode *e = parse_unary(p);
    return e ? hesse__fpow(p->c, base, e) : NULL;
}

static hesse__fnode *parse_unary(parser *p)
{
    skip_space(p);
    if (++p->depth > MAX_DEPTH) {
        syntax_error(p, p->pos, "formula nested too deeply (more than %d levels)", MAX_DEPTH);
        return NULL;
    }
    hesse__fnode *r;
    char ch = p->text[p->pos];
    if (ch == '-' || ch == '+') {
        p->pos++;
        r = parse_unary(p);
        if (r && ch == '-')
            r = hesse__fneg(p->c, r);
    } else {
        r = parse_power(p);
    }
    p->depth--;
    return r;
}

typedef struct {
    hesse__fnode **items;
    int n, cap;
} node_list;

static int list_push(parser *p, node_list *l, hesse__fnode *nd)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        hesse__fnode **items = hesse__realloc(&p->c->alloc, l->items,
                                                (size_t)l->cap * sizeof *items,
                                                (size_t)cap * sizeof *items);
        if (!items) {
            hesse__fctx_fail(p->c, HESSE_ENOMEM, "out of memory while parsing the formula");
            return -1;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = nd;
    return 0;
}

static hesse__fnode *parse_product(parser *p)
{
    /* A sign in front of a product applies to the whole product: -a*b = -(a*b). The
       value is the same either way; this reading makes the printer's "-(x + 1)*y"
       read back as the product it printed, with coefficient -1. */
    skip_space(p);
    char sign = p->text[p->pos];
    if (sign == '-' || sign == '+') {
        if (++p->depth > MAX_DEPTH) {
            syntax_error(p, p->pos, "formula nested too deeply (more than %d levels)",
                         MAX_DEPTH);
            return NULL;
        }
        p->pos++;
        hesse__fnode *r = parse_product(p);
        p->depth--;
        return r && sign == '-' ? hesse__fneg(p->c, r) : r;
    }
    node_list l = {NULL, 0, 0};
    hesse__fnode *r = NULL;
    hesse__fnode *a = parse_unary(p);
    if (!a || list_push(p, &l, a) != 0)
        goto done;
    for (;;) {
        skip_space(p);
        char ch = p->text[p->pos];
        if (ch != '*' && ch != '/')
            break;
        p->pos++;
        hesse__fnode *b = parse_unary(p);
        if (b && ch == '/')
            b = hesse__fpown(p->c, b, -1);
        if (!b || list_push(p, &l, b) != 0)
            goto done;
    }
    r = l.n == 1 ? l.items[0] : hesse__fmul(p->c, l.items, l.n);
done:
    hesse__free(&p->c->alloc, l.items);
    return r;
}

static hesse__fnode *parse_sum(parser *p)
{
    node_list l = {NULL, 0, 0};
    hesse__fnode *r = NULL;
    hesse__fnode *a = parse_product(p);
    if (!a || list_push(p, &l, a) != 0)
        goto done;
    for (;;) {
        skip_space(p);
        char ch = p->text[p->pos];
        if (ch != '+' && ch != '-')
            break;
        p->pos++;
        hesse__fnode *b = parse_product(p);
        if (b && ch == '-')
            b = hesse__fneg(p->c, b);
        if (!b || list_push(p, &l, b) != 0)
            goto done;
    }
    r = l.n == 1 ? l.items[0] : hesse__fadd(p->c, l.items, l.n);
done:
    hesse__free(&p->c->alloc, l.items);
    return r;
}

/* Read the caller's variable list into f->names. */
static int parse_var_list(parser *p, const char *vars)
{
    size_t i = 0;
    for (;;) {
        while (vars[i] == ' ' || vars[i] == '\t')
            i++;
        size_t start = i;
        if (!is_ident_start(vars[i])) {
            syntax_error(p, 0, "variable list: expected a name at position %zu of \"%.40s\"",
                         i, vars);
            p->column = -1;
            return -1;
        }
        while (is_ident_char(vars[i]))
            i++;
        size_t len = i - start;
        const char *why = NULL;
        if (function_id(vars + start, len) >= 0)
            why = "is a function name";
        else if (constant_id(vars + start, len) >= 0)
            why = "is a constant";
        else if (find_var(p->f, vars + start, len) >= 0)
            why = "appears twice";
        if (why) {
            syntax_error(p, 0, "variable list: '%.*s' %s", len > 40 ? 40 : (int)len,
                         vars + start, why);
            p->column = -1;
            return -1;
        }
        if (add_var(p->f, &p->names_cap, vars + start, len) != 0) {
            hesse__fctx_fail(p->c, HESSE_ENOMEM, "out of memory while parsing the formula");
            return -1;
        }
        while (vars[i] == ' ' || vars[i] == '\t')
            i++;
        if (vars[i] == '\0')
            return 0;
        if (vars[i] != ',') {
            syntax_error(p, 0, "variable list: expected ',' at position %zu of \"%.40s\"", i,
                         vars);
            p->column = -1;
            return -1;
        }
        i++;
    }
}

int hesse__fparse(hesse_formula *f, const char *text, const char *vars,
                  hesse_formula_error *err)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.text = text;
    p.c = &f->ctx;
    p.f = f;
    p.fixed_vars = vars != NULL;
    if (!vars || parse_var_list(&p, vars) == 0) {
        if (text[strspn(text, " \t\r\n")] == '\0')
            syntax_error(&p, 0, "empty formula");
        else
            f->expr = parse_sum(&p);
        skip_space(&p);
        if (f->expr && text[p.pos] != '\0') {
            char buf[16];
            if (text[p.pos] == ')')
                syntax_error(&p, p.pos, "unmatched ')'");
            else
                syntax_error(&p, p.pos,
                             "unexpected %s: expected an operator (+ - * / ^) or the end "
                             "of the formula",
                             describe(&p, buf));
        }
    }
    if (p.failed && err) {
        err->column = p.column;
        snprintf(err->reason, sizeof err->reason, "%s", p.reason);
    }
    return p.failed;
}
