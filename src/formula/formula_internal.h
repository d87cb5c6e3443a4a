/*
 * src/formula: formulas typed as text, with symbolic derivatives and a compiled
 * evaluator (hesse.h, formula section).
 *   formula.c          the formula object and the public hesse_formula_* functions
 *   formula_node.c     expression nodes, hash-consing and the simplifying constructors
 *   formula_parse.c    the parser (the grammar)
 *   formula_diff.c     symbolic differentiation
 *   formula_print.c    the printer
 *   formula_compile.c  compilation to a flat register program and its evaluation
 *
 * Representation. An expression is a DAG of immutable, hash-consed nodes: two
 * structurally equal expressions are the same pointer, so equality is pointer
 * comparison, like terms are found by comparing pointers, and a subexpression shared
 * by f, its gradient and its Hessian is compiled once (common subexpressions).
 *
 * Canonical form (every node is built by a constructor that enforces it):
 *   NUM    a finite double, never -0.0.
 *   VAR    variable index; CONST pi or e (kept symbolic: log(e) = 1).
 *   FUNC   fn(arg), never with a NUM argument that folds to a finite value.
 *   ADD    n >= 2 kids: non-NUM terms in term order (term_cmp, formula_node.c), no two
 *          terms differing only in their coefficient, then at most one NUM (the
 *          constant term) last. A term is never an ADD.
 *   MUL    an optional NUM coefficient != 1 first (kid 0), then >= 1 factors, each a
 *          non-NUM, non-MUL node, in base order (hesse__fnode_cmp of the bases), no two
 *          with the same base (x*x is x^2). Never a coefficient times a single ADD
 *          (2*(x + y) is 2*x + 2*y).
 *   POW    base^exponent, exponent != 0, 1. An integer exponent is never applied to a
 *          MUL or a POW ((2*x)^2 is 4*x^2, (x^2)^3 is x^6).
 */
#ifndef HESSE_FORMULA_INTERNAL_H
#define HESSE_FORMULA_INTERNAL_H

#include <stddef.h>

#include "base/base_internal.h"

/* Node kinds, in the rank order used by hesse__fnode_cmp. */
enum {
    HESSE__FK_CONST = 0,
    HESSE__FK_VAR,
    HESSE__FK_FUNC,
    HESSE__FK_ADD,
    HESSE__FK_POW,
    HESSE__FK_MUL,
    HESSE__FK_NUM
};

/* Functions; the names are in hesse__fn_names. */
enum {
    HESSE__FN_EXP = 0,
    HESSE__FN_LOG,
    HESSE__FN_SQRT,
    HESSE__FN_SIN,
    HESSE__FN_COS,
    HESSE__FN_TAN,
    HESSE__FN_ASIN,
    HESSE__FN_ACOS,
    HESSE__FN_ATAN,
    HESSE__FN_SINH,
    HESSE__FN_COSH,
    HESSE__FN_TANH,
    HESSE__FN_ABS,
    HESSE__FN_SIGN,
    HESSE__FN_COUNT
};
extern const char *const hesse__fn_names[HESSE__FN_COUNT];

enum { HESSE__FC_PI = 0, HESSE__FC_E = 1 };

/* Printed length not yet known. */
#define HESSE__FLEN_UNKNOWN ((size_t)-1)

typedef struct hesse__fnode {
    unsigned char kind;
    unsigned char fn;            /* function (FUNC) or constant (CONST) id */
    int var;                     /* VAR: variable index */
    int nkids;
    unsigned hash;
    size_t id;                   /* 0, 1, 2, ... in creation order */
    double num;                  /* NUM: the value */
    struct hesse__fnode **kids;
    struct hesse__fnode *chain;  /* next node in the same hash bucket */
    /* Scratch used while the formula is being built (never after): */
    unsigned dpass;              /* derivative memo: dres is d/dx of this node in pass */
    struct hesse__fnode *dres;
    size_t plen;                 /* length of the printed form, HESSE__FLEN_UNKNOWN */
    /* 1 when the node can be undefined for some finite values of the variables (it
       contains log, sqrt, tan, asin, acos, a negative or fractional power, a power
       with a variable exponent, or a function of a number that has no finite value);
       derived from the kids, not part of the node's identity. */
    unsigned char partial;
    unsigned char guarded;       /* already in the context's guard list */
} hesse__fnode;

typedef struct hesse__farena_block hesse__farena_block;

/* Everything needed to build nodes. Errors are sticky: after the first failure every
   constructor returns NULL, and status/reason say why. */
typedef struct {
    hesse__farena_block *blocks;
    hesse__fnode **table;        /* hash buckets */
    size_t table_size;           /* power of 2 */
    size_t count;                /* nodes created */
    size_t max_nodes;
    hesse_status status;         /* HESSE_SUCCESS, HESSE_ENOMEM or HESSE_EINVAL */
    char reason[128];
    unsigned dpass;
    hesse__fnode *zero, *one, *minus_one;
    hesse_allocator alloc;       /* every allocation of the formula goes through it */
    /* Guards: partial subexpressions a simplification removed (0*log(x), x/x,
       log(y) - log(y), 1^u, u^0, (x^0.5)^2). The compiled programs compute them and
       refuse a point where one is not finite, so that simplifying never enlarges the
       domain. In order of creation; they live as long as the nodes. */
    hesse__fnode **guards;
    size_t nguards, guards_cap;
} hesse__fctx;

/* formula_node.c */
hesse_status hesse__fctx_init(hesse__fctx *c, size_t max_nodes, const hesse_allocator *alloc);
void hesse__fctx_drop_table(hesse__fctx *c); /* the hash table (build-time only) */
void hesse__fctx_free(hesse__fctx *c);       /* everything, nodes included */
void hesse__fctx_fail(hesse__fctx *c, hesse_status st, const char *reason);
void *hesse__fctx_alloc(hesse__fctx *c, size_t size); /* arena memory, freed with c */

hesse__fnode *hesse__fnum(hesse__fctx *c, double v);
hesse__fnode *hesse__fvar(hesse__fctx *c, int index);
hesse__fnode *hesse__fconst(hesse__fctx *c, int id);
hesse__fnode *hesse__fadd(hesse__fctx *c, hesse__fnode *const *terms, int n);
hesse__fnode *hesse__fadd2(hesse__fctx *c, hesse__fnode *a, hesse__fnode *b);
hesse__fnode *hesse__fmul(hesse__fctx *c, hesse__fnode *const *factors, int n);
hesse__fnode *hesse__fmul2(hesse__fctx *c, hesse__fnode *a, hesse__fnode *b);
hesse__fnode *hesse__fneg(hesse__fctx *c, hesse__fnode *a);
hesse__fnode *hesse__fpow(hesse__fctx *c, hesse__fnode *base, hesse__fnode *exponent);
hesse__fnode *hesse__fpown(hesse__fctx *c, hesse__fnode *base, double exponent);
hesse__fnode *hesse__ffunc(hesse__fctx *c, int fn, hesse__fnode *arg);
/* Total order on nodes (0 only for the same node). */
int hesse__fnode_cmp(const hesse__fnode *a, const hesse__fnode *b);
/* 1 if v is an integer that a double holds exactly with room to spare (|v| < 2^52). */
int hesse__fis_int(double v);
/* fn applied to v by the C library. */
double hesse__fn_apply(int fn, double v);

/* Record nd as a guard when it is partial (and not already one). */
void hesse__fguard(hesse__fctx *c, hesse__fnode *nd);
/* Total order on names: byte order, with runs of digits compared by their value
   (x2 < x10); names equal in that order (x1, x01) by strcmp. */
int hesse__natural_cmp(const char *a, const char *b);

/* formula_diff.c: ∂node/∂x_var, simplified. NULL when c has failed. */
hesse__fnode *hesse__fdiff(hesse__fctx *c, hesse__fnode *node, int var);

/* formula_print.c */
/* Print node into buf (snprintf contract: at most size bytes including the NUL; the
   return value is the full length). Needs every reachable node's plen (see below). */
size_t hesse__fprint(const hesse__fnode *node, const char *const *names, char *buf,
                     size_t size);
/* Compute plen for node and everything below it (build time only). */
void hesse__fprint_prepare(hesse__fnode *node, const char *const *names);
/* Shortest decimal text of v that reads back as v; returns its length (< 32). */
int hesse__fformat_number(double v, char out[32]);

/* formula_compile.c */
typedef struct {
    const void *h; /* the op's handler, where the interpreter is threaded */
    unsigned char op;
    unsigned char fn;
    int dst, a, b;
    double c, d;
} hesse__finstr;

typedef struct {
    hesse__finstr *code;
    int ncode;
    int nregs;
    int out_f;      /* the register holding f when the program ends, -1: none */
    int *out_grad;  /* by variable: the register holding that gradient entry; or NULL */
    const hesse_allocator *alloc; /* the owning formula's */
} hesse__fprog;

/* Output slots of a program: what each root is stored as. */
typedef enum {
    HESSE__FOUT_F = 0,    /* *f */
    HESSE__FOUT_GRAD = 1, /* grad[i] */
    HESSE__FOUT_HESS = 2, /* H[i + j n] and H[j + i n] */
    HESSE__FOUT_HV = 3,   /* Hv[i] += H_ij v[j], Hv[j] += H_ij v[i] (i != j) */
    HESSE__FOUT_CHECK = 4 /* computed (so a value outside the domain refuses), not stored */
} hesse__fout_kind;

typedef struct {
    hesse__fnode *node;
    hesse__fout_kind kind;
    int i, j;
} hesse__froot;

/* Compile roots over nvars variables into prog (memory from alloc, which must outlive
   prog; free with hesse__fprog_free). Returns HESSE_SUCCESS or HESSE_ENOMEM. */
hesse_status hesse__fcompile(hesse__froot *roots, int nroots, int nvars, size_t nnodes,
                             const hesse_allocator *alloc, hesse__fprog *prog);
void hesse__fprog_free(hesse__fprog *prog);
/* Run prog at x (n = the nvars it was compiled for; n < 0 is hesse__fcompile's call
   that fills in the handlers, which reads nothing else): 0 = done, 1 = some intermediate
   value or output is not finite (outside the domain; the outputs are then not to be
   used), -1 = scratch memory could not be allocated. Outputs not written by the program
   are left alone, except Hv which is zeroed first when not NULL. */
int hesse__fprog_run(const hesse__fprog *prog, int n, const double *x, const double *v,
                     double *f, double *grad, double *H, double *Hv);

/* formula_parse.c: parse text with the variable list vars (NULL: the variables in
   order of first appearance; hesse__formula_parse_limited then parses again in
   natural order) into f->expr, f->names and f->nvars, building nodes in
   f->ctx. Returns 0, or 1 after a syntax error, whose column and reason go to err
   (may be NULL). A failure of the node context (out of memory, node budget) shows in
   f->ctx.status instead. */
int hesse__fparse(struct hesse_formula *f, const char *text, const char *vars,
                  hesse_formula_error *err);

/* The formula object (formula.c). */
struct hesse_formula {
    int nvars;
    char **names;         /* nvars variable names (malloc) */
    hesse__fctx ctx;      /* owns every node */
    hesse__fnode *expr;
    hesse__fnode **grad;  /* nvars */
    hesse__fnode **hess;  /* packed upper triangle: hess[j (j+1)/2 + i], i <= j */
    hesse__fprog prog_f, prog_fg, prog_h, prog_hv;
    /* ctx.guards[0 .. nguard_f) were made while parsing f, [nguard_f .. nguard_g)
       while deriving the gradient, the rest while deriving the Hessian. */
    size_t nguard_f, nguard_g;
};

/* formula_explain.c: why f (what = 0), f with its gradient (1) or with its gradient
   and Hessian (2) cannot be evaluated at x, into buf (snprintf contract); 0 and ""
   when everything is finite there. */
size_t hesse__formula_explain(const struct hesse_formula *f, const double *x, int what,
                              char *buf, size_t size);

/* hesse_formula_parse with a node budget (the fuzzer uses a small one) and an
   allocator (NULL: the C library; the out-of-memory test uses a failing one). */
hesse_status hesse__formula_parse_limited(const char *text, const char *vars,
                                          size_t max_nodes, const hesse_allocator *alloc,
                                          hesse_formula **out, hesse_formula_error *err);

#endif
