/*
 * Vector functions typed as text, "f1, f2, ..., fm": one formula per component, all
 * over the same variables, so that the gradient of component i is row i of the
 * Jacobian (hesse.h, formula section). The components are split at the commas outside
 * parentheses (pow(a, b) keeps its comma) and each is a hesse_formula of its own; the
 * symbolic determinant of a square Jacobian is written out by cofactor expansion from
 * the printed entries and parsed back, so the simplifier tidies it like any formula.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_internal.h"

/* The determinant is written out for n up to this (n! terms). */
#define DET_MAX_N 4

struct hesse_formula_vector {
    int m, n;
    hesse_formula **comp;    /* m components, each over the same n variables */
    hesse_allocator alloc;
};

void hesse_formula_vector_free(hesse_formula_vector *v)
{
    if (!v)
        return;
    hesse_allocator a = v->alloc;
    for (int i = 0; i < v->m; i++)
        hesse_formula_free(v->comp[i]);
    hesse__free(&a, v->comp);
    hesse__free(&a, v);
}

/* Start and length of the components of text: split at the commas outside
   parentheses. Returns the count, or -1 when out of memory; *starts is allocated. */
static int split(const char *text, const hesse_allocator *a, size_t **starts, size_t **lens)
{
    int count = 1, depth = 0;
    for (const char *p = text; *p; p++) {
        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        count += *p == ',' && depth <= 0;
    }
    *starts = hesse__calloc(a, (size_t)count, sizeof **starts);
    *lens = hesse__calloc(a, (size_t)count, sizeof **lens);
    if (!*starts || !*lens)
        return -1;
    int k = 0;
    size_t start = 0;
    depth = 0;
    for (size_t i = 0;; i++) {
        char ch = text[i];
        depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
        if (ch == '\0' || (ch == ',' && depth <= 0)) {
            (*starts)[k] = start;
            (*lens)[k] = i - start;
            k++;
            start = i + 1;
            if (ch == '\0')
                break;
        }
    }
    return count;
}

/* Parse component k (text[start .. start + len)) with the variable list vars; an
   error's column is moved to the column in the whole text. */
static hesse_status parse_component(const char *text, size_t start, size_t len,
                                    const char *vars, const hesse_allocator *a,
                                    hesse_formula **out, hesse_formula_error *err)
{
    char *piece = hesse__malloc(a, len + 1);
    if (!piece) {
        if (err) snprintf(err->reason, sizeof err->reason, "out of memory");
        return HESSE_ENOMEM;
    }
    memcpy(piece, text + start, len);
    piece[len] = '\0';
    hesse_status st = hesse_formula_parse_with(piece, vars, a, out, err);
    hesse__free(a, piece);
    if (st != HESSE_SUCCESS && err && err->column >= 0)
        err->column += (int)start;
    return st;
}

/* Every variable of the components, in natural order, as "a,b,c" (allocated); NULL
   when out of memory. */
static char *union_of_names(hesse_formula *const *comp, int m, const hesse_allocator *a)
{
    int total = 0;
    size_t len = 1;
    for (int i = 0; i < m; i++) {
        total += comp[i]->nvars;
        for (int k = 0; k < comp[i]->nvars; k++) len += strlen(comp[i]->names[k]) + 1;
    }
    const char **names = hesse__calloc(a, (size_t)(total ? total : 1), sizeof *names);
    char *list = names ? hesse__malloc(a, len) : NULL;
    if (!list) {
        hesse__free(a, names);
        return NULL;
    }
    int count = 0;
    for (int i = 0; i < m; i++)
        for (int k = 0; k < comp[i]->nvars; k++) {
            const char *name = comp[i]->names[k];
            int j = 0, dup = 0;
            for (; j < count; j++) {
                int r = hesse__natural_cmp(names[j], name);
                if (r == 0) dup = 1;
                if (r >= 0) break;
            }
            if (dup)
                continue;
            memmove(names + j + 1, names + j, (size_t)(count - j) * sizeof *names);
            names[j] = name;
            count++;
        }
    size_t pos = 0;
    for (int j = 0; j < count; j++) {
        size_t l = strlen(names[j]);
        if (j) list[pos++] = ',';
        memcpy(list + pos, names[j], l);
        pos += l;
    }
    list[pos] = '\0';
    hesse__free(a, names);
    return list;
}

hesse_status hesse_formula_vector_parse_with(const char *text, const char *vars,
                                             const hesse_allocator *alloc,
                                             hesse_formula_vector **out,
                                             hesse_formula_error *err)
{
    if (err) {
        err->column = -1;
        err->reason[0] = '\0';
    }
    if (out)
        *out = NULL;
    if (!text || !out) {
        if (err) snprintf(err->reason, sizeof err->reason, "%s is NULL", text ? "out" : "text");
        return HESSE_EINVAL;
    }
    const char *bad = hesse__allocator_check(alloc);
    if (bad) {
        if (err) snprintf(err->reason, sizeof err->reason, "%s", bad);
        return HESSE_EINVAL;
    }
    hesse_formula_vector *v = hesse__calloc(alloc, 1, sizeof *v);
    size_t *starts = NULL, *lens = NULL;
    char *list = NULL;
    hesse_status st = HESSE_ENOMEM;
    if (!v)
        goto fail;
    if (alloc)
        v->alloc = *alloc;
    int m = split(text, &v->alloc, &starts, &lens);
    if (m < 0)
        goto fail;
    v->comp = hesse__calloc(&v->alloc, (size_t)m, sizeof *v->comp);
    if (!v->comp)
        goto fail;
    v->m = m;
    if (!vars) {
        /* first each with its own variables, to learn them all */
        for (int i = 0; i < m; i++) {
            st = parse_component(text, starts[i], lens[i], NULL, &v->alloc, &v->comp[i], err);
            if (st != HESSE_SUCCESS)
                goto fail;
        }
        if (!(list = union_of_names(v->comp, m, &v->alloc))) {
            st = HESSE_ENOMEM;
            goto fail;
        }
        for (int i = 0; i < m; i++) {
            hesse_formula_free(v->comp[i]);
            v->comp[i] = NULL;
        }
        vars = list;
    }
    for (int i = 0; i < m; i++) {
        st = parse_component(text, starts[i], lens[i], vars, &v->alloc, &v->comp[i], err);
        if (st != HESSE_SUCCESS)
            goto fail;
    }
    v->n = v->comp[0]->nvars;
    if (v->n < 1) {
        st = HESSE_EINVAL;
        if (err) snprintf(err->reason, sizeof err->reason, "the vector function has no variables");
        goto fail;
    }
    hesse__free(&v->alloc, starts);
    hesse__free(&v->alloc, lens);
    hesse__free(&v->alloc, list);
    *out = v;
    return HESSE_SUCCESS;
fail:
    if (st == HESSE_ENOMEM && err && !err->reason[0])
        snprintf(err->reason, sizeof err->reason, "out of memory");
    if (v) {
        hesse__free(&v->alloc, starts);
        hesse__free(&v->alloc, lens);
        hesse__free(&v->alloc, list);
    }
    hesse_formula_vector_free(v);
    return st;
}

hesse_status hesse_formula_vector_parse(const char *text, const char *vars,
                                        hesse_formula_vector **out, hesse_formula_error *err)
{
    return hesse_formula_vector_parse_with(text, vars, NULL, out, err);
}

int hesse_formula_vector_size(const hesse_formula_vector *v) { return v ? v->m : 0; }
int hesse_formula_vector_nvars(const hesse_formula_vector *v) { return v ? v->n : 0; }

const char *hesse_formula_vector_var(const hesse_formula_vector *v, int i)
{
    return v ? hesse_formula_var(v->comp[0], i) : NULL;
}

const hesse_formula *hesse_formula_vector_component(const hesse_formula_vector *v, int i)
{
    return v && i >= 0 && i < v->m ? v->comp[i] : NULL;
}

/* F (m values) and, when J is not NULL, J (m*n, column-major) at x: 0, 1 (cannot be
   evaluated there), -1 (no memory for scratch). */
static int eval_all(const hesse_formula_vector *v, const double *x, double *F, double *J)
{
    int m = v->m, n = v->n;
    double stack[16], *row = J ? (n <= 16 ? stack : hesse__malloc(&v->alloc, (size_t)n * sizeof *row))
                                : NULL;
    if (J && !row)
        return -1;
    int rc = 0;
    for (int i = 0; i < m && rc == 0; i++) {
        const hesse_formula *c = v->comp[i];
        rc = hesse__fprog_run(J ? &c->prog_fg : &c->prog_f, n, x, NULL, &F[i], row, NULL, NULL);
        for (int j = 0; J && rc == 0 && j < n; j++)
            J[i + (size_t)j * (size_t)m] = row[j];
    }
    if (row && row != stack)
        hesse__free(&v->alloc, row);
    return rc;
}

hesse_status hesse_formula_vector_eval(const hesse_formula_vector *v, const double *x,
                                       double *F, double *J)
{
    if (!v || !x || !F)
        return HESSE_EINVAL;
    int rc = eval_all(v, x, F, J);
    return rc == 0 ? HESSE_SUCCESS : rc > 0 ? HESSE_EDOMAIN : HESSE_ENOMEM;
}

size_t hesse_formula_vector_explain(const hesse_formula_vector *v, const double *x,
                                    char *buf, size_t size)
{
    if (buf && size > 0)
        buf[0] = '\0';
    if (!v || !x)
        return 0;
    for (int i = 0; i < v->m; i++) {
        char inner[224];
        if (hesse__formula_explain(v->comp[i], x, 1, inner, sizeof inner) == 0)
            continue;
        int len = snprintf(buf, buf ? size : 0, "component %d: %s", i + 1, inner);
        return len > 0 ? (size_t)len : 0;
    }
    return 0;
}

static int vector_callback(int n, int m, const double *x, double *F, double *J, void *data)
{
    const hesse_formula_vector *v = data;
    if (n != v->n || m != v->m)
        return -1;
    return eval_all(v, x, F, J);
}

static int system_callback(int n, const double *x, double *F, double *J, void *data)
{
    return vector_callback(n, n, x, F, J, data);
}

hesse_status hesse_formula_vector_function(const hesse_formula_vector *v,
                                           hesse_vector_function *out)
{
    if (!v || !out)
        return HESSE_EINVAL;
    out->n = v->n;
    out->m = v->m;
    out->function = vector_callback;
    out->has_jacobian = 1;
    out->data = (void *)v;
    return HESSE_SUCCESS;
}

hesse_status hesse_formula_vector_system(const hesse_formula_vector *v, hesse_system *out)
{
    if (!v || !out || v->m != v->n)
        return HESSE_EINVAL;
    out->n = v->n;
    out->function = system_callback;
    out->has_jacobian = 1;
    out->data = (void *)v;
    return HESSE_SUCCESS;
}

/* ---- the symbolic determinant ---- */

typedef struct {
    char *buf;
    size_t len, cap;
    const hesse_allocator *a;
    int failed;
} text;

static void append(text *t, const char *s, size_t len)
{
    if (t->failed)
        return;
    if (t->len + len + 1 > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        while (cap < t->len + len + 1) cap *= 2;
        char *b = hesse__realloc(t->a, t->buf, t->cap, cap);
        if (!b) {
            t->failed = 1;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, len);
    t->len += len;
    t->buf[t->len] = '\0';
}

/* Σ over permutations p of sign(p) Π_i (J_{i, p(i)}): entries as printed, each in
   parentheses. perm holds the columns chosen for rows 0..row-1. */
static void expand(const hesse_formula_vector *v, int row, int *perm, int sign, int *used,
                   text *t)
{
    int n = v->n;
    if (row == n) {
        append(t, sign > 0 ? " + 1" : " - 1", 4);
        for (int i = 0; i < n; i++) {
            size_t len = hesse_formula_print_gradient(v->comp[i], perm[i], NULL, 0);
            char *e = hesse__malloc(t->a, len + 1);
            if (!e) {
                t->failed = 1;
                return;
            }
            hesse_formula_print_gradient(v->comp[i], perm[i], e, len + 1);
            append(t, "*(", 2);
            append(t, e, len);
            append(t, ")", 1);
            hesse__free(t->a, e);
        }
        return;
    }
    int inversions = 0;
    for (int c = 0; c < n; c++) {
        if (used[c]) {
            inversions++;
            continue;
        }
        /* placing column c after the earlier rows' columns: each unused column to its
           left is one more inversion */
        int before = c - inversions;
        used[c] = 1;
        perm[row] = c;
        expand(v, row + 1, perm, before % 2 ? -sign : sign, used, t);
        used[c] = 0;
    }
}

hesse_status hesse_formula_vector_determinant(const hesse_formula_vector *v,
                                              hesse_formula **out, hesse_formula_error *err)
{
    if (err) {
        err->column = -1;
        err->reason[0] = '\0';
    }
    if (out)
        *out = NULL;
    if (!v || !out || v->m != v->n || v->n > DET_MAX_N) {
        if (err)
            snprintf(err->reason, sizeof err->reason,
                     !v || !out ? "NULL argument"
                     : v->m != v->n ? "the Jacobian is not square: no determinant"
                                    : "the symbolic determinant is written out for n <= 4 only");
        return HESSE_EINVAL;
    }
    int n = v->n, perm[DET_MAX_N], used[DET_MAX_N] = {0};
    text t = {NULL, 0, 0, &v->alloc, 0};
    append(&t, "0", 1);
    expand(v, 0, perm, 1, used, &t);
    text names = {NULL, 0, 0, &v->alloc, 0};
    for (int j = 0; j < n; j++) {
        const char *name = hesse_formula_var(v->comp[0], j);
        if (j) append(&names, ",", 1);
        append(&names, name, strlen(name));
    }
    hesse_status st = HESSE_ENOMEM;
    if (!t.failed && !names.failed)
        st = hesse_formula_parse_with(t.buf, names.buf, &v->alloc, out, err);
    else if (err)
        snprintf(err->reason, sizeof err->reason, "out of memory");
    hesse__free(&v->alloc, t.buf);
    hesse__free(&v->alloc, names.buf);
    return st;
}
