/*
 * Compilation of formula DAGs into flat register programs, and their evaluation.
 *
 * A program is an array of three-address instructions (dst <- a op b) over a file of
 * double registers. Every node of the DAG reachable from the roots is computed once
 * (hash-consing already merged common subexpressions), in post-order, and each root
 * is stored to its output right after it is computed. Registers are reused: a
 * register is released after the last instruction that reads it (liveness over the
 * linear order), so the register file stays small — typically a few dozen doubles —
 * and evaluation runs on a stack buffer of HESSE__FSTACK_REGS doubles; only larger
 * programs allocate their registers per call. Programs are read-only after
 * compilation, so one formula can be evaluated from several threads at once.
 *
 * Numbers are immediates where they can be: a coefficient is a multiply by a
 * constant (MULC), the constant term of a sum an add (ADDC), a numeric exponent
 * selects x*x, 1/x, repeated squaring (|k| <= 64) or pow().
 *
 * Domain: every instruction's result is checked to be finite; the first one that is
 * not (log(0), sqrt(-1) = NaN, 1/0, (-1)^0.5, asin(2), exp(1000) = Inf, ...) stops the
 * program with the answer "cannot evaluate here" (1). Since no non-finite value is
 * ever written to a register, no NaN can be silently hidden later (as pow(NaN, 0) = 1
 * would).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formula_internal.h"

#define HESSE__FSTACK_REGS 256
#define PI_VALUE 3.14159265358979323846
#define E_VALUE 2.71828182845904523536
#define POWI_MAX 64

enum {
    OP_LOADC,  /* dst = c */
    OP_LOADX,  /* dst = x[a] */
    OP_ADD,    /* dst = r[a] + r[b] */
    OP_ADDC,   /* dst = r[a] + c */
    OP_MUL,    /* dst = r[a] * r[b] */
    OP_MULC,   /* dst = r[a] * c */
    OP_AXPY,   /* dst = r[a] + c r[b] */
    OP_AFFINE, /* dst = c r[a] + d */
    OP_MUL3C,  /* dst = c r[a] r[b] */
    OP_SQR,    /* dst = r[a]^2 */
    OP_RECIP,  /* dst = 1 / r[a] */
    OP_POWI,   /* dst = r[a]^b, integer b, by repeated squaring */
    OP_POWC,   /* dst = pow(r[a], c) */
    OP_POW,    /* dst = pow(r[a], r[b]) */
    OP_FUNC,   /* dst = fn(r[a]) */
    OP_STORE_F,   /* *f = r[a] */
    OP_STORE_G,   /* grad[b] = r[a] */
    OP_STORE_H,   /* H[b + dst n] = H[dst + b n] = r[a] */
    OP_HV         /* Hv[b] += r[a] v[dst]; Hv[dst] += r[a] v[b] if b != dst */
};

void hesse__fprog_free(hesse__fprog *prog)
{
    if (!prog)
        return;
    hesse__ffree(prog->alloc, prog->code);
    prog->code = NULL;
    prog->ncode = 0;
    prog->nregs = 0;
}

typedef struct {
    const hesse__fnode **order; /* nodes in evaluation order */
    int norder;
    int *pos;                   /* by node id: index in order, -1 if not reached */
    int *uses;                  /* by node id: readers (parents and roots) */
    int *last_use;              /* by order index */
    int *reg;                   /* by order index */
    int *root_head;             /* by order index: first root stored from it, -1 */
    int *root_next;             /* by root index */
    hesse__finstr *code;
    int ncode, cap;
    const hesse_allocator *alloc;
    int *free_regs;
    int nfree, nregs;
} compiler;

static int is_operand(const hesse__fnode *parent, int k)
{
    const hesse__fnode *kid = parent->kids[k];
    if (kid->kind != HESSE__FK_NUM)
        return 1;
    /* numbers in these places are immediates */
    if (parent->kind == HESSE__FK_ADD || parent->kind == HESSE__FK_MUL)
        return 0;
    if (parent->kind == HESSE__FK_POW && k == 1)
        return 0;
    return 1;
}

/* A term c*u of a sum read by nothing else is folded into the sum's instructions
   (dst = acc + c u), saving an instruction and a register. */
static int is_inlined(const compiler *cp, const hesse__fnode *parent, int k)
{
    const hesse__fnode *kid = parent->kids[k];
    return parent->kind == HESSE__FK_ADD && kid->kind == HESSE__FK_MUL && kid->nkids == 2 &&
           kid->kids[0]->kind == HESSE__FK_NUM && cp->uses[kid->id] == 1;
}

/* The node whose register parent reads for kid k (NULL: an immediate), and the
   coefficient applied to it. */
static const hesse__fnode *operand(const compiler *cp, const hesse__fnode *parent, int k,
                                   double *coeff)
{
    *coeff = 1;
    if (!is_operand(parent, k))
        return NULL;
    if (is_inlined(cp, parent, k)) {
        *coeff = parent->kids[k]->kids[0]->num;
        return parent->kids[k]->kids[1];
    }
    return parent->kids[k];
}

static void count_uses(compiler *cp, const hesse__fnode *nd, char *seen)
{
    if (seen[nd->id])
        return;
    seen[nd->id] = 1;
    for (int k = 0; k < nd->nkids; k++)
        if (is_operand(nd, k)) {
            cp->uses[nd->kids[k]->id]++;
            count_uses(cp, nd->kids[k], seen);
        }
}

static void visit(compiler *cp, const hesse__fnode *nd)
{
    if (cp->pos[nd->id] >= 0)
        return;
    double coeff;
    for (int k = 0; k < nd->nkids; k++) {
        const hesse__fnode *kid = operand(cp, nd, k, &coeff);
        if (kid)
            visit(cp, kid);
    }
    cp->pos[nd->id] = cp->norder;
    cp->order[cp->norder++] = nd;
}

static int emit(compiler *cp, int op, int fn, int dst, int a, int b, double c)
{
    if (cp->ncode == cp->cap) {
        int cap = cp->cap ? 2 * cp->cap : 64;
        hesse__finstr *code = hesse__frealloc(cp->alloc, cp->code, (size_t)cp->cap * sizeof *code,
                                              (size_t)cap * sizeof *code);
        if (!code)
            return -1;
        cp->code = code;
        cp->cap = cap;
    }
    hesse__finstr *in = &cp->code[cp->ncode++];
    in->d = 0;
    in->op = (unsigned char)op;
    in->fn = (unsigned char)fn;
    in->dst = dst;
    in->a = a;
    in->b = b;
    in->c = c;
    return 0;
}

static int operand_reg(const compiler *cp, const hesse__fnode *nd)
{
    return cp->reg[cp->pos[nd->id]];
}

/* A sum: acc = the first term (c u as one instruction when it is inlined), then
   acc + u or acc + c u for each further term in the node's order, then the constant.
   The order is the node's, never the inlining's: f is compiled into several programs
   (f alone, f with its gradient), where a term's use count and so its inlining differ,
   and f must come out with the same bits from each (found by fuzz/fuzz_formula.c). */
static int emit_sum(compiler *cp, const hesse__fnode *nd, int dst)
{
    double constant = 0;
    int terms = 0;
    for (int k = 0; k < nd->nkids; k++) {
        if (nd->kids[k]->kind == HESSE__FK_NUM)
            constant = nd->kids[k]->num;
        else
            terms++;
    }
    int acc = -1;
    for (int k = 0; k < nd->nkids; k++) {
        if (nd->kids[k]->kind == HESSE__FK_NUM)
            continue;
        double coeff;
        const hesse__fnode *u = operand(cp, nd, k, &coeff);
        int r = operand_reg(cp, u);
        if (acc < 0 && coeff == 1) {
            acc = r;
            continue;
        }
        if (acc < 0) {
            /* c u, plus the constant when it is the only term; else + (-0), which
               leaves every value, the sign of a zero included, as a separate c*u would */
            if (emit(cp, OP_AFFINE, 0, dst, r, 0, coeff) != 0)
                return -1;
            cp->code[cp->ncode - 1].d = terms == 1 ? constant : -0.0;
            if (terms == 1)
                return 0;
        } else if (coeff == 1 ? emit(cp, OP_ADD, 0, dst, acc, r, 0) != 0
                              : emit(cp, OP_AXPY, 0, dst, acc, r, coeff) != 0) {
            return -1;
        }
        acc = dst;
    }
    if (constant != 0 || acc != dst)
        return emit(cp, OP_ADDC, 0, dst, acc, 0, constant);
    return 0;
}

/* Code computing order[i] into register dst. */
static int emit_node(compiler *cp, int i, int dst)
{
    const hesse__fnode *nd = cp->order[i];
    switch (nd->kind) {
    case HESSE__FK_NUM:
        return emit(cp, OP_LOADC, 0, dst, 0, 0, nd->num);
    case HESSE__FK_CONST:
        return emit(cp, OP_LOADC, 0, dst, 0, 0, nd->fn == HESSE__FC_PI ? PI_VALUE : E_VALUE);
    case HESSE__FK_VAR:
        return emit(cp, OP_LOADX, 0, dst, nd->var, 0, 0);
    case HESSE__FK_FUNC:
        return emit(cp, OP_FUNC, nd->fn, dst, operand_reg(cp, nd->kids[0]), 0, 0);
    case HESSE__FK_POW: {
        int a = operand_reg(cp, nd->kids[0]);
        if (nd->kids[1]->kind != HESSE__FK_NUM)
            return emit(cp, OP_POW, 0, dst, a, operand_reg(cp, nd->kids[1]), 0);
        double k = nd->kids[1]->num;
        if (k == 2)
            return emit(cp, OP_SQR, 0, dst, a, 0, 0);
        if (k == -1)
            return emit(cp, OP_RECIP, 0, dst, a, 0, 0);
        if (hesse__fis_int(k) && fabs(k) <= POWI_MAX)
            return emit(cp, OP_POWI, 0, dst, a, (int)k, 0);
        return emit(cp, OP_POWC, 0, dst, a, 0, k);
    }
    case HESSE__FK_ADD:
        return emit_sum(cp, nd, dst);
    case HESSE__FK_MUL: {
        double constant = 1;
        int acc = -1, first = 1;
        for (int k = 0; k < nd->nkids; k++) {
            const hesse__fnode *kid = nd->kids[k];
            if (kid->kind == HESSE__FK_NUM) {
                constant = kid->num;
                continue;
            }
            int r = operand_reg(cp, kid);
            if (acc < 0) {
                acc = r;
                continue;
            }
            /* the coefficient goes with the first multiplication */
            if (first && constant != 1) {
                if (emit(cp, OP_MUL3C, 0, dst, acc, r, constant) != 0)
                    return -1;
            } else if (emit(cp, OP_MUL, 0, dst, acc, r, 0) != 0) {
                return -1;
            }
            first = 0;
            acc = dst;
        }
        /* canonical products have at least one factor; one factor means a coefficient */
        if (first)
            return emit(cp, OP_MULC, 0, dst, acc, 0, constant);
        return 0;
    }
    default:
        return 0;
    }
}

static int new_reg(compiler *cp)
{
    if (cp->nfree > 0)
        return cp->free_regs[--cp->nfree];
    return cp->nregs++;
}

static void release(compiler *cp, int i)
{
    cp->free_regs[cp->nfree++] = cp->reg[i];
}

hesse_status hesse__fcompile(hesse__froot *roots, int nroots, size_t nnodes,
                             const hesse_allocator *alloc, hesse__fprog *prog)
{
    hesse_status st = HESSE_ENOMEM;
    compiler cp;
    memset(&cp, 0, sizeof cp);
    memset(prog, 0, sizeof *prog);
    prog->alloc = alloc;
    cp.alloc = alloc;
    size_t m = nnodes > 0 ? nnodes : 1;
    cp.order = hesse__fcalloc(alloc, m, sizeof *cp.order);
    cp.pos = hesse__fcalloc(alloc, m, sizeof *cp.pos);
    cp.uses = hesse__fcalloc(alloc, m, sizeof *cp.uses);
    char *seen = hesse__fcalloc(alloc, m, 1);
    cp.last_use = hesse__fcalloc(alloc, m, sizeof *cp.last_use);
    cp.reg = hesse__fcalloc(alloc, m, sizeof *cp.reg);
    cp.root_head = hesse__fcalloc(alloc, m, sizeof *cp.root_head);
    cp.root_next = hesse__fcalloc(alloc, (size_t)(nroots > 0 ? nroots : 1), sizeof *cp.root_next);
    cp.free_regs = hesse__fcalloc(alloc, m, sizeof *cp.free_regs);
    if (!cp.order || !cp.pos || !cp.uses || !seen || !cp.last_use || !cp.reg || !cp.root_head || !cp.root_next ||
        !cp.free_regs)
        goto done;
    for (size_t i = 0; i < m; i++)
        cp.pos[i] = -1;
    for (int r = 0; r < nroots; r++) {
        cp.uses[roots[r].node->id]++;
        count_uses(&cp, roots[r].node, seen);
    }
    for (int r = 0; r < nroots; r++)
        visit(&cp, roots[r].node);
    for (int i = 0; i < cp.norder; i++) {
        cp.last_use[i] = i;
        cp.root_head[i] = -1;
    }
    for (int r = nroots - 1; r >= 0; r--) {
        int i = cp.pos[roots[r].node->id];
        cp.root_next[r] = cp.root_head[i];
        cp.root_head[i] = r;
    }
    for (int i = 0; i < cp.norder; i++) {
        const hesse__fnode *nd = cp.order[i];
        double coeff;
        for (int k = 0; k < nd->nkids; k++) {
            const hesse__fnode *u = operand(&cp, nd, k, &coeff);
            if (u)
                cp.last_use[cp.pos[u->id]] = i;
        }
    }
    for (int i = 0; i < cp.norder; i++) {
        const hesse__fnode *nd = cp.order[i];
        int dst = new_reg(&cp);
        cp.reg[i] = dst;
        if (emit_node(&cp, i, dst) != 0)
            goto done;
        for (int r = cp.root_head[i]; r >= 0; r = cp.root_next[r]) {
            const hesse__froot *rt = &roots[r];
            if (rt->kind == HESSE__FOUT_CHECK)
                continue;
            int op = rt->kind == HESSE__FOUT_F      ? OP_STORE_F
                     : rt->kind == HESSE__FOUT_GRAD ? OP_STORE_G
                     : rt->kind == HESSE__FOUT_HESS ? OP_STORE_H
                                                    : OP_HV;
            if (emit(&cp, op, 0, rt->j, dst, rt->i, 0) != 0)
                goto done;
        }
        /* release operands read for the last time here (each once: POW(x, x)) */
        double coeff;
        for (int k = 0; k < nd->nkids; k++) {
            const hesse__fnode *u = operand(&cp, nd, k, &coeff);
            if (!u)
                continue;
            int j = cp.pos[u->id], twice = 0;
            for (int q = 0; q < k; q++)
                twice |= operand(&cp, nd, q, &coeff) == u;
            if (!twice && cp.last_use[j] == i)
                release(&cp, j);
        }
        if (cp.last_use[i] == i)
            release(&cp, i); /* a root nothing else reads */
    }
    prog->code = cp.code;
    prog->ncode = cp.ncode;
    prog->nregs = cp.nregs;
    cp.code = NULL;
    st = HESSE_SUCCESS;
done:
    hesse__ffree(alloc, cp.order);
    hesse__ffree(alloc, cp.pos);
    hesse__ffree(alloc, cp.uses);
    hesse__ffree(alloc, seen);
    hesse__ffree(alloc, cp.last_use);
    hesse__ffree(alloc, cp.reg);
    hesse__ffree(alloc, cp.root_head);
    hesse__ffree(alloc, cp.root_next);
    hesse__ffree(alloc, cp.free_regs);
    hesse__ffree(alloc, cp.code);
    return st;
}

static double powi(double x, int k)
{
    unsigned m = k < 0 ? (unsigned)-k : (unsigned)k;
    double r = 1;
    while (m) {
        if (m & 1)
            r *= x;
        m >>= 1;
        if (m)
            x *= x;
    }
    return k < 0 ? 1 / r : r;
}

int hesse__fprog_run(const hesse__fprog *prog, int n, const double *x, const double *v,
                     double *f, double *grad, double *H, double *Hv)
{
    double stack_regs[HESSE__FSTACK_REGS];
    double *r = stack_regs;
    if (prog->nregs > HESSE__FSTACK_REGS) {
        r = hesse__fmalloc(prog->alloc, (size_t)prog->nregs * sizeof *r);
        if (!r)
            return -1;
    }
    if (Hv)
        memset(Hv, 0, (size_t)n * sizeof *Hv);
    int result = 0;
    const hesse__finstr *in = prog->code, *end = prog->code + prog->ncode;
    for (; in < end; in++) {
        double y;
        switch (in->op) {
        case OP_LOADC: y = in->c; break;
        case OP_LOADX: y = x[in->a]; break;
        case OP_ADD: y = r[in->a] + r[in->b]; break;
        case OP_ADDC: y = r[in->a] + in->c; break;
        case OP_MUL: y = r[in->a] * r[in->b]; break;
        case OP_MULC: y = r[in->a] * in->c; break;
        case OP_AXPY: y = r[in->a] + in->c * r[in->b]; break;
        case OP_AFFINE: y = in->c * r[in->a] + in->d; break;
        case OP_MUL3C: y = in->c * r[in->a] * r[in->b]; break;
        case OP_SQR: y = r[in->a] * r[in->a]; break;
        case OP_RECIP: y = 1 / r[in->a]; break;
        case OP_POWI: y = powi(r[in->a], in->b); break;
        case OP_POWC: y = pow(r[in->a], in->c); break;
        case OP_POW: y = pow(r[in->a], r[in->b]); break;
        case OP_FUNC: y = hesse__fn_apply(in->fn, r[in->a]); break;
        case OP_STORE_F: *f = r[in->a]; continue;
        case OP_STORE_G: grad[in->b] = r[in->a]; continue;
        case OP_STORE_H:
            H[in->b + (size_t)in->dst * (size_t)n] = r[in->a];
            H[in->dst + (size_t)in->b * (size_t)n] = r[in->a];
            continue;
        case OP_HV:
            Hv[in->b] += r[in->a] * v[in->dst];
            if (in->b != in->dst)
                Hv[in->dst] += r[in->a] * v[in->b];
            continue;
        default: y = NAN; break;
        }
        if (!isfinite(y)) {
            result = 1;
            break;
        }
        r[in->dst] = y;
    }
    if (result == 0 && Hv)
        for (int i = 0; i < n; i++)
            if (!isfinite(Hv[i]))
                result = 1;
    if (r != stack_regs)
        hesse__ffree(prog->alloc, r);
    return result;
}
