/*
 * Compilation of formula DAGs into flat register programs, and their evaluation.
 *
 * A program is an array of three-address instructions (dst <- a op b) over a file of
 * double registers, ended by OP_END. Registers 0..n-1 hold the variables (copied in
 * when the program starts, so a variable costs no instruction); every other node of
 * the DAG reachable from the roots is computed once (hash-consing already merged
 * common subexpressions), in post-order. f and the gradient entries are computed into
 * registers of their own, copied out when the program ends; Hessian entries and
 * Hessian-vector terms are stored by instructions. Other registers are reused: a
 * register is released after the last instruction that reads it (liveness over the
 * linear order), so the register file stays small — typically a few dozen doubles —
 * and evaluation runs on a stack buffer of HESSE__FSTACK_REGS doubles; only larger
 * programs allocate their registers per call. Programs are read-only after
 * compilation, so one formula can be evaluated from several threads at once.
 *
 * Numbers are immediates where they can be: a coefficient is a multiply by a
 * constant (MULC), the constant term of a sum an add (ADDC), a numeric exponent
 * selects x*x, 1/x, repeated squaring (|k| <= 64) or pow(). Sums use fused
 * instructions (emit_sum) and every instruction may read the previous one's result
 * from the accumulator (use_accumulator); bench_formula_eval measures the effect.
 *
 * Domain: a point is refused ("cannot evaluate here", 1) when any value the program
 * computes is not finite (log(0), sqrt(-1) = NaN, 1/0, (-1)^0.5, asin(2), exp(1000) =
 * Inf, ...). Checking every instruction would cost a test per instruction, so the
 * checks sit where a non-finite value could disappear: +, -, * and their fused forms
 * turn a non-finite operand into a non-finite result (Inf*0 and Inf-Inf are NaN), so
 * such a value always reaches either an output, which is checked when stored, or an
 * operand of 1/u, u^k, pow or a function, which can map it to a finite value
 * (1/Inf = 0, pow(NaN, 0) = 1, atan(Inf)) and so checks its operands and its result.
 * The checks accumulate into one flag without branching; the program runs to its end
 * and the outputs of a refused point are not to be used.
 *
 * Dispatch: with GCC or Clang each handler jumps straight to the next instruction's
 * handler, whose address the instruction holds (computed goto); other compilers, and
 * builds with HESSE_FORMULA_SWITCH defined (fuzz/run.sh, so that both forms are
 * tested), use a switch. bench_formula_eval measured the switch at about 1.3x the
 * time of the jumps.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_internal.h"

#define HESSE__FSTACK_REGS 256
#define PI_VALUE 3.14159265358979323846
#define E_VALUE 2.71828182845904523536
#define POWI_MAX 64

/* Every instruction that computes a value also leaves it in a variable the C compiler
   keeps in a machine register, the accumulator. An _A variant reads its operand a
   from there (a _B variant its b) rather than from the register file, because the
   instruction before wrote it (see use_accumulator): a chain of dependent
   instructions then skips a store and reload per link (the largest single gain
   bench_formula_eval measured: f + gradient 24.5 -> 17.7 ns). An _A variant is always its op + 1, a _B
   variant its op + 2. */
enum {
    OP_END,    /* the program's last instruction */
    OP_LOADC,  /* dst = c */
    OP_ADD,    /* dst = r[a] + r[b] */
    OP_ADD_A,
    OP_ADDC,   /* dst = r[a] + c */
    OP_ADDC_A,
    OP_MUL,    /* dst = r[a] * r[b] */
    OP_MUL_A,
    OP_MULC,   /* dst = r[a] * c */
    OP_MULC_A,
    OP_AXPY,   /* dst = r[a] + c r[b] */
    OP_AXPY_A,
    OP_AXPY_B,
    OP_AXPYC,  /* dst = (r[a] + c r[b]) + d */
    OP_AXPYC_A,
    OP_AXPYC_B,
    OP_AXPYSQ, /* dst = r[a] + c (r[b] r[b]) */
    OP_AXPYSQ_A,
    OP_AXPYSQ_B,
    OP_LIN2,   /* dst = c r[a] + d r[b] */
    OP_LIN2_A,
    OP_AFFINE, /* dst = c r[a] + d */
    OP_AFFINE_A,
    OP_MUL3C,  /* dst = c r[a] r[b] */
    OP_MUL3C_A,
    OP_SQR,    /* dst = r[a]^2 */
    OP_SQR_A,
    OP_RECIP,  /* dst = 1 / r[a] */
    OP_RECIP_A,
    OP_POWI,   /* dst = r[a]^b, integer b, by repeated squaring */
    OP_POWI_A,
    OP_POWC,   /* dst = pow(r[a], c) */
    OP_POWC_A,
    OP_POW,    /* dst = pow(r[a], r[b]) */
    OP_FUNC,   /* dst = fn(r[a]) */
    OP_FUNC_A,
    OP_STORE_H,   /* H[b + dst n] = H[dst + b n] = r[a] */
    OP_STORE_H_A,
    OP_HV,        /* Hv[b] += r[a] v[dst]; Hv[dst] += r[a] v[b] if b != dst */
    OP_HV_A,
    OP_CHECK,     /* r[a] must be finite */
    OP_CHECK_A,
    OP_COUNT
};

void hesse__fprog_free(hesse__fprog *prog)
{
    if (!prog)
        return;
    hesse__free(prog->alloc, prog->code);
    hesse__free(prog->alloc, prog->out_grad);
    prog->code = NULL;
    prog->out_grad = NULL;
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
    char *pinned;               /* by order index: its register is an output's */
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

/* A term c u of a sum, where the product c*u is read by nothing else, is folded into
   the sum's instructions (dst = acc + c u), saving an instruction and a register; so
   is a square, c w^2 or w^2 read by nothing else, in every place but the sum's first
   term (dst = acc + c w w: sums of squares are what least-squares objectives are
   made of). */
static int is_square(const compiler *cp, const hesse__fnode *u)
{
    return u->kind == HESSE__FK_POW && u->kids[1]->kind == HESSE__FK_NUM &&
           u->kids[1]->num == 2 && cp->uses[u->id] == 1;
}

/* The node whose register parent reads for kid k (NULL: an immediate), the
   coefficient applied to it, and whether it is squared (squared may be NULL where
   only the node matters). */
static const hesse__fnode *operand(const compiler *cp, const hesse__fnode *parent, int k,
                                   double *coeff, int *squared)
{
    *coeff = 1;
    if (squared)
        *squared = 0;
    if (!is_operand(parent, k))
        return NULL;
    const hesse__fnode *u = parent->kids[k];
    if (parent->kind != HESSE__FK_ADD)
        return u;
    if (u->kind == HESSE__FK_MUL && u->nkids == 2 && u->kids[0]->kind == HESSE__FK_NUM &&
        cp->uses[u->id] == 1) {
        *coeff = u->kids[0]->num;
        u = u->kids[1];
    }
    int first = 0;
    while (parent->kids[first]->kind == HESSE__FK_NUM)
        first++;
    if (k > first && is_square(cp, u)) {
        if (squared)
            *squared = 1;
        u = u->kids[0];
    }
    return u;
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
        const hesse__fnode *kid = operand(cp, nd, k, &coeff, NULL);
        if (kid)
            visit(cp, kid);
    }
    cp->pos[nd->id] = cp->norder;
    cp->order[cp->norder++] = nd;
}

static int emit(compiler *cp, int op, int fn, int dst, int a, int b, double c, double d)
{
    if (cp->ncode == cp->cap) {
        int cap = cp->cap ? 2 * cp->cap : 64;
        hesse__finstr *code = hesse__realloc(cp->alloc, cp->code, (size_t)cp->cap * sizeof *code,
                                              (size_t)cap * sizeof *code);
        if (!code)
            return -1;
        cp->code = code;
        cp->cap = cap;
    }
    hesse__finstr *in = &cp->code[cp->ncode++];
    in->h = NULL;
    in->d = d;
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

/* A sum t0 + t1 + ... + constant, each term u or c u, added in the node's order:
   ((t0 + t1) + t2) + ... The order is the node's, never the inlining's: f is compiled
   into several programs (f alone, f with its gradient), where a term's use count and
   so its inlining differ, and f must come out with the same bits from each (found by
   fuzz/fuzz_formula.c). Fused instructions keep those bits: the first two terms are
   one instruction (ADD, AXPY with the terms swapped when only the first has a
   coefficient, or LIN2; floating-point addition is commutative), and the constant
   rides on the last AXPY. */
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
    int acc = -1, first = -1, seen = 0, fused = 0;
    double first_coeff = 1;
    for (int k = 0; k < nd->nkids; k++) {
        if (nd->kids[k]->kind == HESSE__FK_NUM)
            continue;
        double coeff;
        int sq;
        int r = operand_reg(cp, operand(cp, nd, k, &coeff, &sq));
        seen++;
        if (seen == 1 && terms == 1) /* u + constant, c u + constant */
            return coeff == 1 ? emit(cp, OP_ADDC, 0, dst, r, 0, constant, 0)
                              : emit(cp, OP_AFFINE, 0, dst, r, 0, coeff, constant);
        if (seen == 1) {
            first = r;
            first_coeff = coeff;
            continue;
        }
        int st;
        if (sq) { /* a + c w^2 */
            int a = seen == 2 ? first : acc;
            if (seen == 2 && first_coeff != 1) {
                /* c u + (-0): every value, the sign of a zero included, as c*u alone */
                if (emit(cp, OP_AFFINE, 0, dst, first, 0, first_coeff, -0.0) != 0)
                    return -1;
                a = dst;
            }
            st = emit(cp, OP_AXPYSQ, 0, dst, a, r, coeff, 0);
        } else if (seen == 2 && first_coeff != 1 && coeff != 1) {
            st = emit(cp, OP_LIN2, 0, dst, first, r, first_coeff, coeff);
        } else {
            int a = seen == 2 ? first : acc, b = r; /* a + c b */
            double c = coeff;
            if (seen == 2 && first_coeff != 1) { /* c u + v as v + c u */
                a = r;
                b = first;
                c = first_coeff;
            }
            fused = seen == terms && constant != 0 && c != 1;
            st = c == 1 ? emit(cp, OP_ADD, 0, dst, a, b, 0, 0)
                 : fused ? emit(cp, OP_AXPYC, 0, dst, a, b, c, constant)
                         : emit(cp, OP_AXPY, 0, dst, a, b, c, 0);
        }
        if (st != 0)
            return -1;
        acc = dst;
    }
    if (constant != 0 && !fused)
        return emit(cp, OP_ADDC, 0, dst, acc, 0, constant, 0);
    return 0;
}

/* Code computing order[i] into register dst. */
static int emit_node(compiler *cp, int i, int dst)
{
    const hesse__fnode *nd = cp->order[i];
    switch (nd->kind) {
    case HESSE__FK_NUM:
        return emit(cp, OP_LOADC, 0, dst, 0, 0, nd->num, 0);
    case HESSE__FK_CONST:
        return emit(cp, OP_LOADC, 0, dst, 0, 0, nd->fn == HESSE__FC_PI ? PI_VALUE : E_VALUE, 0);
    case HESSE__FK_VAR:
        return 0; /* register nd->var holds it */
    case HESSE__FK_FUNC:
        return emit(cp, OP_FUNC, nd->fn, dst, operand_reg(cp, nd->kids[0]), 0, 0, 0);
    case HESSE__FK_POW: {
        int a = operand_reg(cp, nd->kids[0]);
        if (nd->kids[1]->kind != HESSE__FK_NUM)
            return emit(cp, OP_POW, 0, dst, a, operand_reg(cp, nd->kids[1]), 0, 0);
        double k = nd->kids[1]->num;
        if (k == 2)
            return emit(cp, OP_SQR, 0, dst, a, 0, 0, 0);
        if (k == -1)
            return emit(cp, OP_RECIP, 0, dst, a, 0, 0, 0);
        if (hesse__fis_int(k) && fabs(k) <= POWI_MAX)
            return emit(cp, OP_POWI, 0, dst, a, (int)k, 0, 0);
        return emit(cp, OP_POWC, 0, dst, a, 0, k, 0);
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
                if (emit(cp, OP_MUL3C, 0, dst, acc, r, constant, 0) != 0)
                    return -1;
            } else if (emit(cp, OP_MUL, 0, dst, acc, r, 0, 0) != 0) {
                return -1;
            }
            first = 0;
            acc = dst;
        }
        /* canonical products have at least one factor; one factor means a coefficient */
        if (first)
            return emit(cp, OP_MULC, 0, dst, acc, 0, constant, 0);
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
    /* variables and outputs keep their registers */
    if (cp->order[i]->kind != HESSE__FK_VAR && !cp->pinned[i])
        cp->free_regs[cp->nfree++] = cp->reg[i];
}

/* Mark the operands the accumulator holds: those the previous value-computing
   instruction wrote. ADD, MUL and LIN2 take theirs in either order (the same bits),
   so an accumulator in b moves to a. */
static void use_accumulator(hesse__finstr *code, int ncode)
{
    int acc = -1; /* the register the accumulator mirrors */
    for (int i = 0; i < ncode; i++) {
        hesse__finstr *in = &code[i];
        int writes = 1;
        switch (in->op) {
        case OP_ADD:
        case OP_MUL:
        case OP_LIN2: /* a + b, a b, c a + d b: the same bits with a and b swapped */
            if (in->b == acc && in->a != acc) {
                int b = in->b;
                double d = in->d;
                in->b = in->a;
                in->a = b;
                in->d = in->c; /* ADD and MUL have c = d = 0 */
                in->c = d;
            }
            if (in->a == acc)
                in->op++;
            break;
        case OP_AXPY:
        case OP_AXPYC:
        case OP_AXPYSQ:
            if (in->a == acc)
                in->op += 1;
            else if (in->b == acc)
                in->op += 2;
            break;
        case OP_STORE_H:
        case OP_HV:
        case OP_CHECK:
            writes = 0;
            if (in->a == acc)
                in->op++;
            break;
        case OP_ADDC:
        case OP_MULC:
        case OP_AFFINE:
        case OP_MUL3C:
        case OP_SQR:
        case OP_RECIP:
        case OP_POWI:
        case OP_POWC:
        case OP_FUNC:
            if (in->a == acc)
                in->op++;
            break;
        case OP_END:
            writes = 0;
            break;
        default: /* LOADC, POW */
            break;
        }
        if (writes)
            acc = in->dst;
    }
}

hesse_status hesse__fcompile(hesse__froot *roots, int nroots, int nvars, size_t nnodes,
                             const hesse_allocator *alloc, hesse__fprog *prog)
{
    hesse_status st = HESSE_ENOMEM;
    compiler cp;
    memset(&cp, 0, sizeof cp);
    memset(prog, 0, sizeof *prog);
    prog->alloc = alloc;
    cp.alloc = alloc;
    cp.nregs = nvars;
    size_t m = nnodes > 0 ? nnodes : 1;
    cp.order = hesse__calloc(alloc, m, sizeof *cp.order);
    cp.pos = hesse__calloc(alloc, m, sizeof *cp.pos);
    cp.uses = hesse__calloc(alloc, m, sizeof *cp.uses);
    char *seen = hesse__calloc(alloc, m, 1);
    cp.last_use = hesse__calloc(alloc, m, sizeof *cp.last_use);
    cp.reg = hesse__calloc(alloc, m, sizeof *cp.reg);
    cp.root_head = hesse__calloc(alloc, m, sizeof *cp.root_head);
    cp.root_next = hesse__calloc(alloc, (size_t)(nroots > 0 ? nroots : 1), sizeof *cp.root_next);
    cp.free_regs = hesse__calloc(alloc, m, sizeof *cp.free_regs);
    cp.pinned = hesse__calloc(alloc, m, 1);
    prog->out_f = -1;
    int has_grad = 0;
    for (int r = 0; r < nroots; r++)
        has_grad |= roots[r].kind == HESSE__FOUT_GRAD;
    if (has_grad)
        prog->out_grad = hesse__calloc(alloc, (size_t)(nvars > 0 ? nvars : 1),
                                        sizeof *prog->out_grad);
    if (!cp.order || !cp.pos || !cp.uses || !seen || !cp.last_use || !cp.reg ||
        !cp.root_head || !cp.root_next || !cp.free_regs || !cp.pinned ||
        (has_grad && !prog->out_grad))
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
            const hesse__fnode *u = operand(&cp, nd, k, &coeff, NULL);
            if (u)
                cp.last_use[cp.pos[u->id]] = i;
        }
    }
    for (int i = 0; i < cp.norder; i++) {
        const hesse__fnode *nd = cp.order[i];
        /* f and the gradient are computed into registers of their own, which the
           program's end copies out: no store instruction each */
        for (int r = cp.root_head[i]; r >= 0; r = cp.root_next[r])
            cp.pinned[i] |= roots[r].kind == HESSE__FOUT_F || roots[r].kind == HESSE__FOUT_GRAD;
        int dst = nd->kind == HESSE__FK_VAR ? nd->var : cp.pinned[i] ? cp.nregs++ : new_reg(&cp);
        cp.reg[i] = dst;
        if (emit_node(&cp, i, dst) != 0)
            goto done;
        for (int r = cp.root_head[i]; r >= 0; r = cp.root_next[r]) {
            const hesse__froot *rt = &roots[r];
            if (rt->kind == HESSE__FOUT_F) {
                prog->out_f = dst;
                continue;
            }
            if (rt->kind == HESSE__FOUT_GRAD) {
                prog->out_grad[rt->i] = dst;
                continue;
            }
            int op = rt->kind == HESSE__FOUT_HESS ? OP_STORE_H
                     : rt->kind == HESSE__FOUT_HV   ? OP_HV
                                                    : OP_CHECK;
            if (emit(&cp, op, 0, rt->j, dst, rt->i, 0, 0) != 0)
                goto done;
        }
        /* release operands read for the last time here (each once: POW(x, x)) */
        double coeff;
        for (int k = 0; k < nd->nkids; k++) {
            const hesse__fnode *u = operand(&cp, nd, k, &coeff, NULL);
            if (!u)
                continue;
            int j = cp.pos[u->id], twice = 0;
            for (int q = 0; q < k; q++)
                twice |= operand(&cp, nd, q, &coeff, NULL) == u;
            if (!twice && cp.last_use[j] == i)
                release(&cp, j);
        }
        if (cp.last_use[i] == i)
            release(&cp, i); /* a root nothing else reads */
    }
    if (emit(&cp, OP_END, 0, 0, 0, 0, 0, 0) != 0)
        goto done;
    use_accumulator(cp.code, cp.ncode);
    prog->code = cp.code;
    prog->ncode = cp.ncode;
    prog->nregs = cp.nregs;
    cp.code = NULL;
    hesse__fprog_run(prog, -1, NULL, NULL, NULL, NULL, NULL, NULL);
    st = HESSE_SUCCESS;
done:
    hesse__free(alloc, cp.order);
    hesse__free(alloc, cp.pos);
    hesse__free(alloc, cp.uses);
    hesse__free(alloc, seen);
    hesse__free(alloc, cp.last_use);
    hesse__free(alloc, cp.reg);
    hesse__free(alloc, cp.root_head);
    hesse__free(alloc, cp.root_next);
    hesse__free(alloc, cp.free_regs);
    hesse__free(alloc, cp.pinned);
    hesse__free(alloc, cp.code);
    if (st != HESSE_SUCCESS)
        hesse__fprog_free(prog);
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

/* y = op(u) for an op that may map a non-finite u to a finite y: both are checked. */
static inline double guarded(double u, double y, int *bad)
{
    *bad |= !isfinite(u) | !isfinite(y);
    return y;
}

#if defined(__GNUC__) && !defined(HESSE_FORMULA_SWITCH)
#define HESSE__FTHREADED 1
#endif

int hesse__fprog_run(const hesse__fprog *prog, int n, const double *x, const double *v,
                     double *f, double *grad, double *H, double *Hv)
{
#ifdef HESSE__FTHREADED
#define L(name) [name] = &&L_##name, [name##_A] = &&L_##name##_A
    static const void *const handler[OP_COUNT] = {
        [OP_END] = &&L_OP_END, [OP_LOADC] = &&L_OP_LOADC, [OP_POW] = &&L_OP_POW,
        [OP_AXPY_B] = &&L_OP_AXPY_B, [OP_AXPYC_B] = &&L_OP_AXPYC_B, L(OP_AXPYC), L(OP_LIN2),
        [OP_AXPYSQ_B] = &&L_OP_AXPYSQ_B, L(OP_AXPYSQ),
        L(OP_ADD), L(OP_ADDC), L(OP_MUL), L(OP_MULC),
        L(OP_AXPY), L(OP_AFFINE), L(OP_MUL3C), L(OP_SQR), L(OP_RECIP), L(OP_POWI),
        L(OP_POWC), L(OP_FUNC), L(OP_STORE_H), L(OP_HV),
        L(OP_CHECK)};
#undef L
    if (n < 0) { /* hesse__fcompile links its new program: prog is not shared yet */
        hesse__finstr *code = (hesse__finstr *)(void *)prog->code;
        for (int i = 0; i < prog->ncode; i++)
            code[i].h = handler[code[i].op];
        return 0;
    }
#else
    if (n < 0)
        return 0;
#endif
    double stack_regs[HESSE__FSTACK_REGS];
    double *r = stack_regs;
    if (prog->nregs > HESSE__FSTACK_REGS) {
        r = hesse__malloc(prog->alloc, (size_t)prog->nregs * sizeof *r);
        if (!r)
            return -1;
    }
    for (int i = 0; i < n; i++) /* n is small for formulas: no call to memcpy */
        r[i] = x[i];
    if (Hv)
        memset(Hv, 0, (size_t)n * sizeof *Hv);
    int bad = 0;    /* some checked value was not finite */
    double acc = 0; /* the accumulator */
    const hesse__finstr *in = prog->code;
#define CHECK(u) (bad |= !isfinite(u))
#ifdef HESSE__FTHREADED
#define OP(name) L_##name:
#define NEXT goto *(++in)->h
    goto *in->h;
#else
#define OP(name) case name:
#define NEXT \
    in++;    \
    continue
    for (;;) {
        switch (in->op) {
#endif
/* An instruction computing EXPR from u = operand a: the plain form and the _A form,
   which takes u from the accumulator. */
#define VALUE(name, EXPR)       \
    OP(name)                    \
    {                           \
        double u = r[in->a];    \
        acc = (EXPR);           \
        r[in->dst] = acc;       \
    }                           \
    NEXT;                       \
    OP(name##_A)                \
    {                           \
        double u = acc;         \
        acc = (EXPR);           \
        r[in->dst] = acc;       \
    }                           \
    NEXT;
/* The same with a second operand w = register b. */
#define VALUE2(name, EXPR)              \
    OP(name)                            \
    {                                   \
        double u = r[in->a], w = r[in->b]; \
        acc = (EXPR);                   \
        r[in->dst] = acc;               \
    }                                   \
    NEXT;                               \
    OP(name##_A)                        \
    {                                   \
        double u = acc, w = r[in->b];   \
        acc = (EXPR);                   \
        r[in->dst] = acc;               \
    }                                   \
    NEXT;
/* One that may map a non-finite operand to a finite value checks both. */
#define GUARDED(name, EXPR) VALUE(name, guarded(u, (EXPR), &bad))
/* One that stores u to an output. */
#define SINK(name, STMT)     \
    OP(name)                 \
    {                        \
        double u = r[in->a]; \
        STMT;                \
    }                        \
    NEXT;                    \
    OP(name##_A)             \
    {                        \
        double u = acc;      \
        STMT;                \
    }                        \
    NEXT;
    /* operand b is a register index only in ADD, MUL, AXPY, AXPYC, AXPYSQ, LIN2, MUL3C, POW */
    OP(OP_LOADC) acc = r[in->dst] = in->c; NEXT;
    VALUE2(OP_ADD, u + w)
    VALUE(OP_ADDC, u + in->c)
    VALUE2(OP_MUL, u * w)
    VALUE(OP_MULC, u * in->c)
    VALUE2(OP_AXPY, u + in->c * w)
    OP(OP_AXPY_B) acc = r[in->dst] = r[in->a] + in->c * acc; NEXT;
    VALUE2(OP_AXPYC, u + in->c * w + in->d)
    OP(OP_AXPYC_B) acc = r[in->dst] = r[in->a] + in->c * acc + in->d; NEXT;
    VALUE2(OP_LIN2, in->c * u + in->d * w)
    VALUE2(OP_AXPYSQ, u + in->c * (w * w))
    OP(OP_AXPYSQ_B) acc = r[in->dst] = r[in->a] + in->c * (acc * acc); NEXT;
    VALUE(OP_AFFINE, in->c * u + in->d)
    VALUE2(OP_MUL3C, in->c * u * w)
    VALUE(OP_SQR, u * u)
    GUARDED(OP_RECIP, 1 / u)
    GUARDED(OP_POWI, powi(u, in->b))
    GUARDED(OP_POWC, pow(u, in->c))
    GUARDED(OP_FUNC, hesse__fn_apply(in->fn, u))
    OP(OP_POW)
    {
        double u = r[in->a], w = r[in->b];
        CHECK(u);
        CHECK(w);
        acc = r[in->dst] = pow(u, w);
        CHECK(acc);
    }
    NEXT;
    SINK(OP_STORE_H, (H[in->b + (size_t)in->dst * (size_t)n] = u,
                      H[in->dst + (size_t)in->b * (size_t)n] = u, CHECK(u)))
    SINK(OP_HV, (Hv[in->b] += u * v[in->dst],
                 in->b != in->dst ? (void)(Hv[in->dst] += u * v[in->b]) : (void)0))
    SINK(OP_CHECK, CHECK(u))
    OP(OP_END) goto end;
#ifndef HESSE__FTHREADED
        default: bad = 1; goto end; /* not reached: the compiler emits only the above */
        }
    }
#endif
#undef VALUE
#undef VALUE2
#undef GUARDED
#undef SINK
#undef OP
#undef NEXT
end:;
    /* z stays 0 while the outputs are finite and becomes NaN otherwise (u*0 is NaN
       just for u = NaN or Inf): one test for them all, which bench_formula_eval
       measured faster than a test per output */
    double z = 0;
    if (f && prog->out_f >= 0) {
        *f = r[prog->out_f];
        z += *f * 0.0;
    }
    if (grad && prog->out_grad)
        for (int i = 0; i < n; i++) {
            grad[i] = r[prog->out_grad[i]];
            z += grad[i] * 0.0;
        }
    CHECK(z);
    if (Hv)
        for (int i = 0; i < n; i++)
            CHECK(Hv[i]);
#undef CHECK
    if (r != stack_regs)
        hesse__free(prog->alloc, r);
    return bad;
}
