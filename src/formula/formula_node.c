/*
 * Expression nodes of the formula language: arena, hash-consing, and the simplifying
 * constructors that keep every node in the canonical form described in
 * formula_internal.h.
 *
 * Simplification happens on construction, so the derivative code only has to apply
 * the textbook rules and the results come out simplified:
 *   constant folding       2*3 -> 6, sin(0) -> 0 (only when the result is finite)
 *   identities             x + 0, x*1, x^1 -> x; x*0, x - x -> 0; x^0 -> 1; log(e) -> 1
 *   like terms             2*x + 3*x -> 5*x        (terms keyed by their non-numeric part)
 *   powers                 x*x -> x^2, x^2*x -> x^3, x/x -> 1 (exponents of a base added)
 *   integer powers         (2*x)^2 -> 4*x^2, (x^2)^3 -> x^6 (exact over the reals;
 *                          (x^2)^0.5 is left alone: it is |x|, not x)
 *   coefficients           2*(x + y) -> 2*x + 2*y, -(x - y) -> y - x
 *   Pythagoras             k*P*sin(u)^2 + k*P*cos(u)^2 -> k*P (the determinant of the
 *                          polar map reads r)
 *   canonical order        terms of a sum in lexicographic monomial order (the order in
 *                          which a person lists x^3 + 3*x^2 - 4*x*y + y^4 + 4*y^2),
 *                          factors of a product by base: constants, variables,
 *                          functions, sums, then numbers.
 * Simplifying never enlarges the domain: a partial subexpression (one that can be
 * undefined, hesse__fnode.partial) that a rule removes — 0*log(x), x/x, log(y) - log(y),
 * u^0, 1^u, (x^0.5)^2 — is recorded as a guard (hesse__fguard), which the compiled
 * programs evaluate, refusing a point where it is not finite.
 *
 * Hash-consing: every node is looked up in a hash table keyed by (kind, fn, var,
 * value, kid pointers) before it is created, so equal expressions share one node.
 * Reference: the hash-consing idea is Ershov's (1958); the canonical sum/product form
 * is the one of Cohen, "Computer Algebra and Symbolic Computation: Mathematical
 * Methods" (2003), ch. 3 (automatic simplification), adapted to floating-point
 * coefficients.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_internal.h"

const char *const hesse__fn_names[HESSE__FN_COUNT] = {
    "exp", "log", "sqrt", "sin", "cos", "tan", "asin", "acos",
    "atan", "sinh", "cosh", "tanh", "abs", "sign"};

/* ---- arena ---- */

struct hesse__farena_block {
    hesse__farena_block *next;
    size_t used, size;
    max_align_t data[];
};

#define ARENA_BLOCK_BYTES ((size_t)1 << 16)

void *hesse__fctx_alloc(hesse__fctx *c, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    hesse__farena_block *b = c->blocks;
    if (!b || b->size - b->used < size) {
        size_t bytes = size > ARENA_BLOCK_BYTES ? size : ARENA_BLOCK_BYTES;
        b = hesse__malloc(&c->alloc, sizeof *b + bytes);
        if (!b) {
            hesse__fctx_fail(c, HESSE_ENOMEM, "out of memory while building the formula");
            return NULL;
        }
        b->used = 0;
        b->size = bytes;
        b->next = c->blocks;
        c->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

void hesse__fctx_fail(hesse__fctx *c, hesse_status st, const char *reason)
{
    if (c->status != HESSE_SUCCESS)
        return;
    c->status = st;
    snprintf(c->reason, sizeof c->reason, "%s", reason);
}

hesse_status hesse__fctx_init(hesse__fctx *c, size_t max_nodes, const hesse_allocator *alloc)
{
    memset(c, 0, sizeof *c);
    if (alloc)
        c->alloc = *alloc;
    c->status = HESSE_SUCCESS;
    c->max_nodes = max_nodes;
    c->table_size = 1024;
    c->table = hesse__calloc(&c->alloc, c->table_size, sizeof *c->table);
    if (!c->table) {
        hesse__fctx_fail(c, HESSE_ENOMEM, "out of memory while building the formula");
        return HESSE_ENOMEM;
    }
    c->zero = hesse__fnum(c, 0);
    c->one = hesse__fnum(c, 1);
    c->minus_one = hesse__fnum(c, -1);
    return c->status;
}

void hesse__fctx_drop_table(hesse__fctx *c)
{
    hesse__free(&c->alloc, c->table);
    c->table = NULL;
    c->table_size = 0;
}

void hesse__fctx_free(hesse__fctx *c)
{
    hesse__fctx_drop_table(c);
    hesse__free(&c->alloc, c->guards);
    c->guards = NULL;
    c->nguards = c->guards_cap = 0;
    while (c->blocks) {
        hesse__farena_block *next = c->blocks->next;
        hesse__free(&c->alloc, c->blocks);
        c->blocks = next;
    }
}

/* ---- hash-consing ---- */

static unsigned mix(unsigned h, uint64_t v)
{
    /* FNV-1a style mixing of 64-bit words, folded to 32 bits. */
    h ^= (unsigned)(v ^ (v >> 32));
    h *= 16777619u;
    h ^= h >> 15;
    return h;
}

static unsigned node_hash(int kind, int fn, int var, double num, hesse__fnode *const *kids,
                          int nkids)
{
    uint64_t bits;
    memcpy(&bits, &num, sizeof bits);
    unsigned h = 2166136261u;
    h = mix(h, (uint64_t)kind | (uint64_t)fn << 8 | (uint64_t)(unsigned)var << 16);
    h = mix(h, bits);
    for (int i = 0; i < nkids; i++)
        h = mix(h, (uint64_t)kids[i]->id);
    return h;
}

static int grow_table(hesse__fctx *c)
{
    size_t size = c->table_size * 2;
    hesse__fnode **table = hesse__calloc(&c->alloc, size, sizeof *table);
    if (!table) {
        hesse__fctx_fail(c, HESSE_ENOMEM, "out of memory while building the formula");
        return -1;
    }
    for (size_t b = 0; b < c->table_size; b++) {
        hesse__fnode *nd = c->table[b];
        while (nd) {
            hesse__fnode *next = nd->chain;
            size_t k = nd->hash & (size - 1);
            nd->chain = table[k];
            table[k] = nd;
            nd = next;
        }
    }
    hesse__free(&c->alloc, c->table);
    c->table = table;
    c->table_size = size;
    return 0;
}

/* Whether a node with these fields can be undefined (see hesse__fnode.partial). */
static int is_partial(int kind, int fn, hesse__fnode *const *kids, int nkids)
{
    int any = 0;
    for (int i = 0; i < nkids; i++) any |= kids[i]->partial;
    switch (kind) {
    case HESSE__FK_FUNC:
        /* a function of a number exists only when its value is not finite */
        return any || kids[0]->kind == HESSE__FK_NUM || fn == HESSE__FN_LOG ||
               fn == HESSE__FN_SQRT || fn == HESSE__FN_TAN || fn == HESSE__FN_ASIN ||
               fn == HESSE__FN_ACOS;
    case HESSE__FK_POW: {
        const hesse__fnode *base = kids[0], *e = kids[1];
        if (e->kind == HESSE__FK_NUM)
            return hesse__fis_int(e->num) && e->num > 0 ? base->partial : 1;
        /* b^w with a constant b > 0 is exp(w log b) */
        if (base->kind == HESSE__FK_CONST || (base->kind == HESSE__FK_NUM && base->num > 0))
            return e->partial;
        return 1;
    }
    default:
        return any;
    }
}

void hesse__fguard(hesse__fctx *c, hesse__fnode *nd)
{
    if (!nd || !nd->partial || nd->guarded || c->status != HESSE_SUCCESS)
        return;
    if (c->nguards == c->guards_cap) {
        size_t cap = c->guards_cap ? 2 * c->guards_cap : 8;
        hesse__fnode **g = hesse__realloc(&c->alloc, c->guards, c->guards_cap * sizeof *g,
                                          cap * sizeof *g);
        if (!g) {
            hesse__fctx_fail(c, HESSE_ENOMEM, "out of memory while simplifying the formula");
            return;
        }
        c->guards = g;
        c->guards_cap = cap;
    }
    nd->guarded = 1;
    c->guards[c->nguards++] = nd;
}

int hesse__natural_cmp(const char *a, const char *b)
{
    const char *a0 = a, *b0 = b;
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0') a++;
            while (*b == '0') b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la])) la++;
            while (isdigit((unsigned char)b[lb])) lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int r = strncmp(a, b, la);
            if (r != 0)
                return r < 0 ? -1 : 1;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    if (*a || *b)
        return *a ? 1 : -1;
    int r = strcmp(a0, b0);
    return r < 0 ? -1 : r > 0;
}

/* The unique node with these fields; kids are copied. */
static hesse__fnode *intern(hesse__fctx *c, int kind, int fn, int var, double num,
                            hesse__fnode *const *kids, int nkids)
{
    if (c->status != HESSE_SUCCESS)
        return NULL;
    if (!c->table) {
        hesse__fctx_fail(c, HESSE_EINVAL, "internal: formula nodes built after compilation");
        return NULL;
    }
    unsigned h = node_hash(kind, fn, var, num, kids, nkids);
    for (hesse__fnode *nd = c->table[h & (c->table_size - 1)]; nd; nd = nd->chain) {
        if (nd->hash != h || nd->kind != kind || nd->fn != fn || nd->var != var ||
            nd->nkids != nkids)
            continue;
        if (kind == HESSE__FK_NUM && memcmp(&nd->num, &num, sizeof num) != 0)
            continue;
        int same = 1;
        for (int i = 0; i < nkids && same; i++)
            same = nd->kids[i] == kids[i];
        if (same)
            return nd;
    }
    if (c->count >= c->max_nodes) {
        char reason[128];
        snprintf(reason, sizeof reason,
                 "formula too large: its derivatives need more than %zu subexpressions",
                 c->max_nodes);
        hesse__fctx_fail(c, HESSE_EINVAL, reason);
        return NULL;
    }
    if (c->count >= c->table_size && grow_table(c) != 0)
        return NULL;
    hesse__fnode *nd = hesse__fctx_alloc(c, sizeof *nd + (size_t)nkids * sizeof(hesse__fnode *));
    if (!nd)
        return NULL;
    memset(nd, 0, sizeof *nd);
    nd->kind = (unsigned char)kind;
    nd->fn = (unsigned char)fn;
    nd->var = var;
    nd->nkids = nkids;
    nd->hash = h;
    nd->id = c->count++;
    nd->num = num;
    nd->kids = (hesse__fnode **)(nd + 1);
    if (nkids > 0)
        memcpy(nd->kids, kids, (size_t)nkids * sizeof *kids);
    nd->plen = HESSE__FLEN_UNKNOWN;
    nd->partial = (unsigned char)is_partial(kind, fn, kids, nkids);
    size_t k = h & (c->table_size - 1);
    nd->chain = c->table[k];
    c->table[k] = nd;
    return nd;
}

/* ---- growable scratch arrays (freed before each constructor returns) ---- */

typedef struct {
    hesse__fnode *base, *exp; /* exp NULL means 1 */
    hesse__fnode *node;       /* the factor as given (base, or base^exp) */
} factor;

typedef struct {
    double coeff;
    hesse__fnode *rest;
} term;

typedef struct {
    void *items;
    int n, cap;
    size_t item_size;
} vec;

static int vec_push(hesse__fctx *c, vec *v, const void *item)
{
    if (v->n == v->cap) {
        int cap = v->cap ? 2 * v->cap : 8;
        void *items = hesse__realloc(&c->alloc, v->items, (size_t)v->cap * v->item_size,
                                      (size_t)cap * v->item_size);
        if (!items) {
            hesse__fctx_fail(c, HESSE_ENOMEM, "out of memory while simplifying the formula");
            return -1;
        }
        v->items = items;
        v->cap = cap;
    }
    memcpy((char *)v->items + (size_t)v->n * v->item_size, item, v->item_size);
    v->n++;
    return 0;
}

/* ---- order ---- */

int hesse__fis_int(double v)
{
    return v == floor(v) && fabs(v) < 4503599627370496.0; /* 2^52 */
}

int hesse__fnode_cmp(const hesse__fnode *a, const hesse__fnode *b)
{
    if (a == b)
        return 0;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    switch (a->kind) {
    case HESSE__FK_NUM:
        return a->num < b->num ? -1 : a->num > b->num ? 1 : 0;
    case HESSE__FK_VAR:
        return a->var < b->var ? -1 : a->var > b->var ? 1 : 0;
    case HESSE__FK_CONST:
        return a->fn < b->fn ? -1 : a->fn > b->fn ? 1 : 0;
    case HESSE__FK_FUNC:
        if (a->fn != b->fn)
            return a->fn < b->fn ? -1 : 1;
        break;
    default:
        break;
    }
    int n = a->nkids < b->nkids ? a->nkids : b->nkids;
    for (int i = 0; i < n; i++) {
        int r = hesse__fnode_cmp(a->kids[i], b->kids[i]);
        if (r != 0)
            return r;
    }
    return a->nkids < b->nkids ? -1 : a->nkids > b->nkids ? 1 : 0;
}

static void split_factor(const hesse__fnode *f, factor *out)
{
    out->node = (hesse__fnode *)f;
    if (f->kind == HESSE__FK_POW) {
        out->base = f->kids[0];
        out->exp = f->kids[1];
    } else {
        out->base = (hesse__fnode *)f;
        out->exp = NULL;
    }
}

/* Exponents: larger first (so x^3 comes before x^2), numbers before expressions. */
static int exp_cmp(const hesse__fnode *a, const hesse__fnode *b)
{
    double va = 1, vb = 1;
    int na = !a || a->kind == HESSE__FK_NUM, nb = !b || b->kind == HESSE__FK_NUM;
    if (a && na)
        va = a->num;
    if (b && nb)
        vb = b->num;
    if (na && nb)
        return va > vb ? -1 : va < vb ? 1 : 0;
    if (na != nb)
        return na ? -1 : 1;
    return hesse__fnode_cmp(a, b);
}

/* Term order in a sum (rest = term without coefficient): lexicographic over the
   factors (base, exponent) with bases in hesse__fnode_cmp order and larger exponents
   first; a term that extends another comes first (x^2*y before x^2). */
static int term_cmp(const hesse__fnode *a, const hesse__fnode *b)
{
    if (a == b)
        return 0;
    const hesse__fnode *const *fa = &a, *const *fb = &b;
    int na = 1, nb = 1;
    if (a->kind == HESSE__FK_MUL) {
        fa = (const hesse__fnode *const *)a->kids;
        na = a->nkids;
    }
    if (b->kind == HESSE__FK_MUL) {
        fb = (const hesse__fnode *const *)b->kids;
        nb = b->nkids;
    }
    for (int i = 0;; i++) {
        if (i == na || i == nb)
            return na == nb ? 0 : i == na ? 1 : -1;
        factor x, y;
        split_factor(fa[i], &x);
        split_factor(fb[i], &y);
        int r = hesse__fnode_cmp(x.base, y.base);
        if (r != 0)
            return r;
        r = exp_cmp(x.exp, y.exp);
        if (r != 0)
            return r;
    }
}

static int term_qsort_cmp(const void *pa, const void *pb)
{
    const term *a = pa, *b = pb;
    return term_cmp(a->rest, b->rest);
}

static int factor_qsort_cmp(const void *pa, const void *pb)
{
    const factor *a = pa, *b = pb;
    int r = hesse__fnode_cmp(a->base, b->base);
    return r != 0 ? r : exp_cmp(a->exp, b->exp);
}

/* ---- leaves ---- */

hesse__fnode *hesse__fnum(hesse__fctx *c, double v)
{
    if (c->status != HESSE_SUCCESS)
        return NULL;
    if (!isfinite(v)) {
        hesse__fctx_fail(c, HESSE_EINVAL,
                         "a constant in the formula or its derivatives overflows");
        return NULL;
    }
    if (v == 0)
        v = 0; /* no -0.0: one node for zero */
    return intern(c, HESSE__FK_NUM, 0, 0, v, NULL, 0);
}

hesse__fnode *hesse__fvar(hesse__fctx *c, int index)
{
    return intern(c, HESSE__FK_VAR, 0, index, 0, NULL, 0);
}

hesse__fnode *hesse__fconst(hesse__fctx *c, int id)
{
    return intern(c, HESSE__FK_CONST, id, 0, 0, NULL, 0);
}

/* ---- sums ---- */

/* coeff * rest, where rest is a canonical term without coefficient. */
static hesse__fnode *scale_rest(hesse__fctx *c, double coeff, hesse__fnode *rest)
{
    if (coeff == 1)
        return rest;
    hesse__fnode *k = hesse__fnum(c, coeff);
    if (!k)
        return NULL;
    if (rest->kind != HESSE__FK_MUL) {
        hesse__fnode *kids[2] = {k, rest};
        return intern(c, HESSE__FK_MUL, 0, 0, 0, kids, 2);
    }
    hesse__fnode **kids = hesse__malloc(&c->alloc, (size_t)(rest->nkids + 1) * sizeof *kids);
    if (!kids) {
        hesse__fctx_fail(c, HESSE_ENOMEM, "out of memory while simplifying the formula");
        return NULL;
    }
    kids[0] = k;
    memcpy(kids + 1, rest->kids, (size_t)rest->nkids * sizeof *kids);
    hesse__fnode *r = intern(c, HESSE__FK_MUL, 0, 0, 0, kids, rest->nkids + 1);
    hesse__free(&c->alloc, kids);
    return r;
}

static int push_term(hesse__fctx *c, vec *terms, double *constant, hesse__fnode *t)
{
    if (t->kind == HESSE__FK_NUM) {
        *constant += t->num;
        return 0;
    }
    term tm = {1, t};
    if (t->kind == HESSE__FK_MUL && t->kids[0]->kind == HESSE__FK_NUM) {
        tm.coeff = t->kids[0]->num;
        if (t->nkids == 2)
            tm.rest = t->kids[1];
        else if (!(tm.rest = intern(c, HESSE__FK_MUL, 0, 0, 0, t->kids + 1, t->nkids - 1)))
            return -1;
    }
    return vec_push(c, terms, &tm);
}

/* sin(u)^2 + cos(u)^2 = 1 (for every real u): a term k*P*sin(u)^2 whose partner
   k*P*cos(u)^2 is among items[0..*count) becomes k*P, and the partner goes. Returns 1
   when a pair merged, 0 when none, -1 on failure (c has failed). */
static int pythagoras(hesse__fctx *c, hesse__fnode **items, int *count)
{
    int merged = 0;
    for (int a = 0; a < *count; a++) {
        hesse__fnode *t = items[a];
        if (!t)
            continue;
        hesse__fnode *const *fs = &items[a];
        int nf = 1;
        if (t->kind == HESSE__FK_MUL) {
            fs = t->kids;
            nf = t->nkids;
        }
        for (int k = 0; k < nf; k++) {
            const hesse__fnode *q = fs[k];
            if (q->kind != HESSE__FK_POW || q->kids[1]->kind != HESSE__FK_NUM ||
                q->kids[1]->num != 2 || q->kids[0]->kind != HESSE__FK_FUNC ||
                q->kids[0]->fn != HESSE__FN_SIN)
                continue;
            hesse__fnode **others = hesse__malloc(&c->alloc, (size_t)nf * sizeof *others);
            if (!others) {
                hesse__fctx_fail(c, HESSE_ENOMEM, "out of memory while simplifying the formula");
                return -1;
            }
            int m = 0;
            for (int i = 0; i < nf; i++)
                if (i != k)
                    others[m++] = fs[i];
            hesse__fnode *without = m == 0 ? c->one : m == 1 ? others[0] : hesse__fmul(c, others, m);
            hesse__free(&c->alloc, others);
            hesse__fnode *cos2 = hesse__fpown(c, hesse__ffunc(c, HESSE__FN_COS, q->kids[0]->kids[0]), 2);
            hesse__fnode *partner = hesse__fmul2(c, without, cos2);
            if (!partner)
                return -1;
            for (int b = 0; b < *count; b++)
                if (b != a && items[b] == partner) {
                    items[a] = without;
                    items[b] = NULL;
                    merged = 1;
                    break;
                }
            if (items[a] != t)
                break;
        }
    }
    int m = 0;
    for (int a = 0; a < *count; a++)
        if (items[a])
            items[m++] = items[a];
    *count = m;
    return merged;
}

hesse__fnode *hesse__fadd(hesse__fctx *c, hesse__fnode *const *kids, int n)
{
    for (int i = 0; i < n; i++)
        if (!kids[i])
            return NULL;
    if (c->status != HESSE_SUCCESS)
        return NULL;
    vec terms = {NULL, 0, 0, sizeof(term)};
    vec out = {NULL, 0, 0, sizeof(hesse__fnode *)};
    hesse__fnode *result = NULL;
    double constant = 0;
    for (int i = 0; i < n; i++) {
        hesse__fnode *k = kids[i];
        if (k->kind == HESSE__FK_ADD) {
            for (int j = 0; j < k->nkids; j++)
                if (push_term(c, &terms, &constant, k->kids[j]) != 0)
                    goto done;
        } else if (push_term(c, &terms, &constant, k) != 0) {
            goto done;
        }
    }
    term *t = terms.items;
    if (terms.n > 1)
        qsort(t, (size_t)terms.n, sizeof *t, term_qsort_cmp);
    for (int i = 0; i < terms.n;) {
        double coeff = t[i].coeff;
        int j = i + 1;
        for (; j < terms.n && t[j].rest == t[i].rest; j++)
            coeff += t[j].coeff;
        if (!isfinite(coeff)) {
            hesse__fctx_fail(c, HESSE_EINVAL,
                             "a constant in the formula or its derivatives overflows");
            goto done;
        }
        if (coeff != 0) {
            hesse__fnode *s = scale_rest(c, coeff, t[i].rest);
            if (!s || vec_push(c, &out, &s) != 0)
                goto done;
        } else {
            hesse__fguard(c, t[i].rest); /* log(y) - log(y) is 0 only where log(y) is */
        }
        i = j;
    }
    hesse__fnode *k = hesse__fnum(c, constant);
    if (!k)
        goto done;
    int merged = out.n > 1 ? pythagoras(c, out.items, &out.n) : 0;
    if (merged < 0)
        goto done;
    if (merged) { /* the merged terms may now be like terms of others: sum again */
        if (vec_push(c, &out, &k) == 0)
            result = hesse__fadd(c, out.items, out.n);
        goto done;
    }
    if (out.n == 0) {
        result = k;
    } else if (out.n == 1 && constant == 0) {
        result = ((hesse__fnode **)out.items)[0];
    } else {
        if (constant != 0 && vec_push(c, &out, &k) != 0)
            goto done;
        result = intern(c, HESSE__FK_ADD, 0, 0, 0, out.items, out.n);
    }
done:
    hesse__free(&c->alloc, terms.items);
    hesse__free(&c->alloc, out.items);
    return c->status == HESSE_SUCCESS ? result : NULL;
}

hesse__fnode *hesse__fadd2(hesse__fctx *c, hesse__fnode *a, hesse__fnode *b)
{
    hesse__fnode *kids[2] = {a, b};
    return hesse__fadd(c, kids, 2);
}

/* ---- products ---- */

static int push_factor(hesse__fctx *c, vec *factors, double *coeff, hesse__fnode *f)
{
    if (f->kind == HESSE__FK_NUM) {
        *coeff *= f->num;
        return 0;
    }
    factor fc;
    split_factor(f, &fc);
    return vec_push(c, factors, &fc);
}

/* Depth guard: fmul and fpow call each other when merged exponents make a power
   collapse into a product; each round removes a level, this bounds pathological
   inputs. */
#define MUL_DEPTH_MAX 64

static hesse__fnode *mul_depth(hesse__fctx *c, hesse__fnode *const *kids, int n, int depth);
static hesse__fnode *pow_depth(hesse__fctx *c, hesse__fnode *base, hesse__fnode *e, int depth);

static hesse__fnode *mul_depth(hesse__fctx *c, hesse__fnode *const *kids, int n, int depth)
{
    for (int i = 0; i < n; i++)
        if (!kids[i])
            return NULL;
    if (c->status != HESSE_SUCCESS)
        return NULL;
    if (depth > MUL_DEPTH_MAX) {
        hesse__fctx_fail(c, HESSE_EINVAL, "formula too deeply nested to simplify");
        return NULL;
    }
    vec factors = {NULL, 0, 0, sizeof(factor)};
    vec out = {NULL, 0, 0, sizeof(hesse__fnode *)};
    hesse__fnode *result = NULL;
    double coeff = 1;
    int reflatten = 0;
    for (int i = 0; i < n; i++) {
        hesse__fnode *k = kids[i];
        if (k->kind == HESSE__FK_MUL) {
            for (int j = 0; j < k->nkids; j++)
                if (push_factor(c, &factors, &coeff, k->kids[j]) != 0)
                    goto done;
        } else if (push_factor(c, &factors, &coeff, k) != 0) {
            goto done;
        }
    }
    if (!isfinite(coeff)) {
        hesse__fctx_fail(c, HESSE_EINVAL,
                         "a constant in the formula or its derivatives overflows");
        goto done;
    }
    factor *f = factors.items;
    if (coeff == 0) {
        /* 0*u is 0 only where u is defined */
        for (int i = 0; i < factors.n; i++)
            hesse__fguard(c, f[i].node);
        result = c->zero;
        goto done;
    }
    if (factors.n > 1)
        qsort(f, (size_t)factors.n, sizeof *f, factor_qsort_cmp);
    for (int i = 0; i < factors.n;) {
        int j = i + 1;
        while (j < factors.n && f[j].base == f[i].base)
            j++;
        hesse__fnode *p;
        if (j == i + 1 && !f[i].exp) {
            p = f[i].base;
        } else {
            vec exps = {NULL, 0, 0, sizeof(hesse__fnode *)};
            for (int k = i; k < j; k++) {
                hesse__fnode *e = f[k].exp ? f[k].exp : c->one;
                if (vec_push(c, &exps, &e) != 0) {
                    hesse__free(&c->alloc, exps.items);
                    goto done;
                }
            }
            hesse__fnode *e = hesse__fadd(c, exps.items, exps.n);
            hesse__free(&c->alloc, exps.items);
            /* x*x^-1 is 1 and sqrt(x)*sqrt(x) is x only where the factors are defined */
            if (j > i + 1)
                for (int k = i; k < j; k++)
                    hesse__fguard(c, f[k].node);
            p = pow_depth(c, f[i].base, e, depth + 1);
            if (!p)
                goto done;
        }
        if (p->kind == HESSE__FK_NUM) {
            coeff *= p->num;
        } else {
            if (p->kind == HESSE__FK_MUL)
                reflatten = 1;
            if (vec_push(c, &out, &p) != 0)
                goto done;
        }
        i = j;
    }
    if (!isfinite(coeff)) {
        hesse__fctx_fail(c, HESSE_EINVAL,
                         "a constant in the formula or its derivatives overflows");
        goto done;
    }
    if (coeff == 0) {
        for (int i = 0; i < factors.n; i++)
            hesse__fguard(c, f[i].node);
        result = c->zero;
        goto done;
    }
    hesse__fnode *k = hesse__fnum(c, coeff);
    if (!k)
        goto done;
    if (reflatten) {
        /* A merged power became a product ((2x)^0.5 (2x)^0.5 -> 2x): start again. */
        if (vec_push(c, &out, &k) == 0)
            result = mul_depth(c, out.items, out.n, depth + 1);
        goto done;
    }
    hesse__fnode **o = out.items;
    if (out.n == 0) {
        result = k;
    } else if (out.n == 1 && coeff == 1) {
        result = o[0];
    } else if (out.n == 1 && o[0]->kind == HESSE__FK_ADD) {
        /* c * (a + b) -> c*a + c*b: keeps like terms collectable. */
        hesse__fnode *sum = o[0];
        vec scaled = {NULL, 0, 0, sizeof(hesse__fnode *)};
        int ok = 1;
        for (int i = 0; i < sum->nkids && ok; i++) {
            hesse__fnode *pair[2] = {k, sum->kids[i]};
            hesse__fnode *s = mul_depth(c, pair, 2, depth + 1);
            ok = s && vec_push(c, &scaled, &s) == 0;
        }
        if (ok)
            result = hesse__fadd(c, scaled.items, scaled.n);
        hesse__free(&c->alloc, scaled.items);
    } else {
        if (out.n > 1)
            for (int i = 1; i < out.n; i++) /* insertion sort by factor order */
                for (int j = i; j > 0; j--) {
                    factor x, y;
                    split_factor(o[j - 1], &x);
                    split_factor(o[j], &y);
                    if (factor_qsort_cmp(&x, &y) <= 0)
                        break;
                    hesse__fnode *tmp = o[j];
                    o[j] = o[j - 1];
                    o[j - 1] = tmp;
                }
        if (coeff == 1) {
            result = intern(c, HESSE__FK_MUL, 0, 0, 0, o, out.n);
        } else {
            if (vec_push(c, &out, &k) != 0)
                goto done;
            o = out.items;
            memmove(o + 1, o, (size_t)(out.n - 1) * sizeof *o);
            o[0] = k;
            result = intern(c, HESSE__FK_MUL, 0, 0, 0, o, out.n);
        }
    }
done:
    hesse__free(&c->alloc, factors.items);
    hesse__free(&c->alloc, out.items);
    return c->status == HESSE_SUCCESS ? result : NULL;
}

hesse__fnode *hesse__fmul(hesse__fctx *c, hesse__fnode *const *kids, int n)
{
    return mul_depth(c, kids, n, 0);
}

hesse__fnode *hesse__fmul2(hesse__fctx *c, hesse__fnode *a, hesse__fnode *b)
{
    hesse__fnode *kids[2] = {a, b};
    return hesse__fmul(c, kids, 2);
}

hesse__fnode *hesse__fneg(hesse__fctx *c, hesse__fnode *a)
{
    return hesse__fmul2(c, c->minus_one, a);
}

/* ---- powers ---- */

static hesse__fnode *pow_depth(hesse__fctx *c, hesse__fnode *base, hesse__fnode *e, int depth)
{
    if (!base || !e || c->status != HESSE_SUCCESS)
        return NULL;
    if (depth > MUL_DEPTH_MAX) {
        hesse__fctx_fail(c, HESSE_EINVAL, "formula too deeply nested to simplify");
        return NULL;
    }
    if (base->kind == HESSE__FK_NUM && base->num == 1) {
        hesse__fguard(c, e); /* 1^u is 1 where u is defined */
        return c->one;
    }
    if (e->kind == HESSE__FK_NUM) {
        double k = e->num;
        if (k == 0) {
            hesse__fguard(c, base); /* u^0 is 1 where u is defined */
            return c->one;
        }
        if (k == 1)
            return base;
        if (base->kind == HESSE__FK_NUM) {
            /* 1/b by division: correctly rounded, so "x/3" reads back exactly. */
            double r = k == -1 ? 1 / base->num : pow(base->num, k);
            if (isfinite(r))
                return hesse__fnum(c, r);
        } else if (hesse__fis_int(k) && base->kind == HESSE__FK_POW) {
            /* (b^p)^k = b^(p k) for integer k, wherever the left side is defined:
               (x^0.5)^2 is x only where x^0.5 is. */
            hesse__fguard(c, base);
            hesse__fnode *pk = hesse__fmul2(c, base->kids[1], e);
            return pow_depth(c, base->kids[0], pk, depth + 1);
        } else if (hesse__fis_int(k) && base->kind == HESSE__FK_MUL) {
            int has_coeff = base->kids[0]->kind == HESSE__FK_NUM;
            double ck = has_coeff ? pow(base->kids[0]->num, k) : 1;
            if (has_coeff && k == -1)
                ck = 1 / base->kids[0]->num;
            if (isfinite(ck) && ck != 0) {
                hesse__fnode **kids = hesse__malloc(&c->alloc, (size_t)base->nkids * sizeof *kids);
                if (!kids) {
                    hesse__fctx_fail(c, HESSE_ENOMEM,
                                     "out of memory while simplifying the formula");
                    return NULL;
                }
                int m = 0;
                if (has_coeff)
                    kids[m++] = hesse__fnum(c, ck);
                for (int i = has_coeff; i < base->nkids; i++)
                    kids[m++] = pow_depth(c, base->kids[i], e, depth + 1);
                hesse__fnode *r = mul_depth(c, kids, m, depth + 1);
                hesse__free(&c->alloc, kids);
                return r;
            }
        }
    }
    hesse__fnode *kids[2] = {base, e};
    return intern(c, HESSE__FK_POW, 0, 0, 0, kids, 2);
}

hesse__fnode *hesse__fpow(hesse__fctx *c, hesse__fnode *base, hesse__fnode *exponent)
{
    return pow_depth(c, base, exponent, 0);
}

hesse__fnode *hesse__fpown(hesse__fctx *c, hesse__fnode *base, double exponent)
{
    return pow_depth(c, base, hesse__fnum(c, exponent), 0);
}

/* ---- functions ---- */

double hesse__fn_apply(int fn, double v)
{
    switch (fn) {
    case HESSE__FN_EXP: return exp(v);
    case HESSE__FN_LOG: return v > 0 ? log(v) : NAN;
    case HESSE__FN_SQRT: return v >= 0 ? sqrt(v) : NAN;
    case HESSE__FN_SIN: return sin(v);
    case HESSE__FN_COS: return cos(v);
    case HESSE__FN_TAN: return tan(v);
    case HESSE__FN_ASIN: return fabs(v) <= 1 ? asin(v) : NAN;
    case HESSE__FN_ACOS: return fabs(v) <= 1 ? acos(v) : NAN;
    case HESSE__FN_ATAN: return atan(v);
    case HESSE__FN_SINH: return sinh(v);
    case HESSE__FN_COSH: return cosh(v);
    case HESSE__FN_TANH: return tanh(v);
    case HESSE__FN_ABS: return fabs(v);
    case HESSE__FN_SIGN: return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
    default: return NAN;
    }
}

hesse__fnode *hesse__ffunc(hesse__fctx *c, int fn, hesse__fnode *arg)
{
    if (!arg || c->status != HESSE_SUCCESS)
        return NULL;
    if (arg->kind == HESSE__FK_NUM) {
        double r = hesse__fn_apply(fn, arg->num);
        if (isfinite(r))
            return hesse__fnum(c, r);
    }
    if (fn == HESSE__FN_LOG) {
        if (arg->kind == HESSE__FK_CONST && arg->fn == HESSE__FC_E)
            return c->one;
        /* log(exp(u)) = u and log(e^u) = u for every real u. */
        if (arg->kind == HESSE__FK_FUNC && arg->fn == HESSE__FN_EXP)
            return arg->kids[0];
        if (arg->kind == HESSE__FK_POW && arg->kids[0]->kind == HESSE__FK_CONST &&
            arg->kids[0]->fn == HESSE__FC_E)
            return arg->kids[1];
    }
    if ((fn == HESSE__FN_ABS || fn == HESSE__FN_SIGN) && arg->kind == HESSE__FK_FUNC &&
        arg->fn == fn)
        return arg; /* abs(abs(u)) = abs(u), sign(sign(u)) = sign(u) */
    return intern(c, HESSE__FK_FUNC, fn, 0, 0, &arg, 1);
}
