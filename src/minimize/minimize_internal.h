/*
 * src/minimize: the minimization solver and what its methods share.
 *
 *   solver.c        the solver object and driver: validation, the one allocation of
 *                   all workspace, the iteration loop, accepting steps, the trace
 *                   callback, classification of the end point, hesse_minimize()
 *   options.c       option defaults and their validation
 *   method.c        the table of built-in methods (one line per file of solvers/)
 *   stop.c          the stopping tests, all of them (hesse.h, "Stopping tests")
 *   linesearch.c    Armijo backtracking and strong Wolfe
 *   trust_region.c  trial steps, the radius rule, the exact subproblem, the
 *                   negative-curvature probe
 * and, in solvers/, one file per method.
 *
 * The contract between the driver and a method (struct hesse_method below): a method
 * is a table with a private state of state_size bytes that the driver allocates,
 * zeroed, next to the solver. The method allocates its workspace in init() through the
 * allocator funnel (never in iterate). Its iterate() computes a step and leaves the
 * trial point x + step, its f and gradient in s->xt, s->ft, s->gt; it returns what the
 * driver is to do with it (hesse__step): accept it as the new current point, reject
 * it (a trust-region step whose reduction ratio is too small), or stop. Only the
 * driver moves the current point (x, f, g): a method never does. The driver also owns
 * the counters (in the evaluator), the stopping tests, the trace callback and the
 * classification.
 */
#ifndef HESSE_MINIMIZE_INTERNAL_H
#define HESSE_MINIMIZE_INTERNAL_H

#include <stddef.h>

#include "eval/eval_internal.h"
#include "linalg/linalg_internal.h"

/* What a method's iterate() asks of the driver. */
typedef enum {
    HESSE__STEP_ACCEPT, /* make the trial point (s->xt, s->ft, s->gt) the current one */
    HESSE__STEP_REJECT, /* keep the current point (the iteration still counts) */
    HESSE__STEP_STOP    /* end the solve: the status and message are set (s->ev) */
} hesse__step;

struct hesse_method {
    const char *name;
    size_t state_size;
    hesse_linesearch default_linesearch; /* unset (HESSE_LINESEARCH_DEFAULT): a trust region */
    /* Bytes of dense storage the method needs at size n (for max_dense_bytes). */
    double (*dense_bytes)(int n, const hesse_options *opt);
    /* Allocate workspace (hesse__workspace: the driver frees it). x, f, g at x0 are
       already set. HESSE_SUCCESS, or a terminal status with the message set. */
    hesse_status (*init)(hesse_solver *s, void *state);
    /* One iteration from the current point (see above). */
    hesse__step (*iterate)(hesse_solver *s, void *state);
    /* Called when the current point meets the gradient test, by methods that leave
       saddles: HESSE_SUCCESS to accept the point, HESSE_RUNNING when it has negative
       curvature that the next iterate() will follow, or a terminal status (set).
       NULL: the gradient test alone is convergence. */
    hesse_status (*saddle_check)(hesse_solver *s, void *state);
};

/* The table of a solvers/ file, exported as the hesse_method_<id> of hesse.h:
       HESSE__METHOD(gd, .name = "gd", .state_size = sizeof(gd_state), ...);
   (and one line in method.c). */
#define HESSE__METHOD(id, ...)                                                           \
    static const hesse_method id##_table = {__VA_ARGS__};                                 \
    const hesse_method *const hesse_method_##id = &id##_table

struct hesse_solver {
    hesse__evaluator ev; /* the problem's callbacks (a copy of the caller's struct;
                            callbacks borrowed), counters, budget, status, message */
    hesse_options opt;
    const hesse_method *method;
    int n;

    /* Current (last accepted) point. */
    double *x, *g, f, gnorm;
    /* Trial point of line searches and trust-region steps, and the line search's
       best-so-far point (Wolfe zoom). */
    double *xt, *gt, ft;
    double *xlo, *glo;
    double *d;     /* search direction or trial step */
    double *block; /* the one allocation behind x ... d and the evaluator's work */

    int iter;
    double t_start;
    double f_prev, step_norm; /* for the step and decrease tests */
    int accepted;             /* this iteration accepted a step */
    hesse_iteration rec;      /* filled by the method during iterate() */

    /* Classification workspace (allocated in create when it will be needed): the
       Hessian is formed in cls.a, its eigenvalues go to cls.w. */
    hesse__symws cls;
    int classified;
    hesse_result result;

    void *state; /* method state, state_size bytes */
    void *workspace[8]; /* the blocks the method's init allocated (hesse__workspace) */
    int nworkspace;
};

/* count * size bytes, zeroed, through the solver's allocator, for a method's init();
   freed with the solver. NULL when out of memory. */
void *hesse__workspace(hesse_solver *s, size_t count, size_t size);

/* Validate the options: HESSE_SUCCESS, or HESSE_EINVAL with msg (HESSE__MESSAGE_SIZE
   bytes) naming the first bad field and its value (options.c). */
hesse_status hesse__check_options(const hesse_options *opt, char *msg);

/* --- line searches (linesearch.c) --- */
enum { HESSE__LS_OK = 0, HESSE__LS_FAILED = 1, HESSE__LS_STOP = 3 };
/* Search along s->d from the current point, first trying the step length alpha0,
   with the method's line search (option linesearch, else its default_linesearch).
   dg = ∇f(x)ᵀd (< 0, or 0 with curvature < 0); curvature = dᵀ∇²f(x)d when following
   negative curvature (the sufficient-decrease test becomes
   f(x+αd) <= f + c1(α dg + ½α² curvature); always backtracking), else 0. Records
   s->rec.ls_evals and, on success, s->rec.alpha. On HESSE__LS_OK the trial point
   x + αd, its f and gradient are in s->xt, s->ft, s->gt. On HESSE__LS_FAILED the status
   and message are set to LINESEARCH_FAILED or ENONFINITE/EDOMAIN; on HESSE__LS_STOP an
   evaluation ended the solve (abort, evaluation limit). */
int hesse__linesearch(hesse_solver *s, double dg, double curvature, double alpha0);

/* --- trust regions (trust_region.c), shared by newton-tr, newton-cg and sr1 --- */
/* TR_COLLAPSED (message set) when radius < radius_min, else HESSE_RUNNING. Called at the
   start of every trust-region iteration, so x is the last accepted point. */
hesse_status hesse__tr_check_radius(hesse_solver *s, double radius);
/* Try the step s->d, whose model predicts the reduction `predicted`: evaluate x + d
   into s->xt, s->ft, s->gt, and apply the radius rule of hesse.h (option `radius_init`
   and below) to *radius with the ratio ρ of actual to predicted reduction (guarded
   against rounding, see trust_region.c; -∞ when x + d was refused or not finite).
   Fills s->rec.radius and s->rec.rho. ACCEPT when ρ > eta_accept, REJECT, or STOP
   (abort, evaluation limit). */
hesse__step hesse__tr_try(hesse_solver *s, double *radius, double predicted);
/* The step to the boundary along a unit direction of negative curvature found by the
   curvature probe: s->d = ±radius·direction, the sign making gᵀd <= 0. Returns the
   model's predicted reduction -(gᵀd + ½·curvature·radius²). */
double hesse__tr_saddle_step(hesse_solver *s, const double *direction, double curvature,
                             double radius);

/* Workspace of the exact subproblem solver (allocated once by hesse__tr_exact_init,
   freed with the solver). */
typedef struct {
    double *factor;   /* n*n: Cholesky factor of B + λI, or dsyevr scratch */
    double *evec;     /* n: unit eigenvector of λ_min(B) when computed */
    double *q;        /* n: L⁻¹p for the Newton iteration on λ */
    double *bp;       /* n: B·p for the predicted reduction */
    double *eig;      /* n: dsyevr's eigenvalue array (it may use all n entries) */
    double *work;     /* lwork doubles for dsyevr */
    int *iwork;       /* liwork ints for dsyevr */
    int lwork, liwork;
} hesse__tr_exact;
hesse_status hesse__tr_exact_init(hesse_solver *s, hesse__tr_exact *w);
/* Smallest eigenvalue of symmetric B (lower triangle) into *lambda_min, its unit
   eigenvector into w->evec (dsyevr). Returns HESSE_SUCCESS or ELAPACK (message set). */
hesse_status hesse__tr_smallest_eigenpair(hesse_solver *s, hesse__tr_exact *w,
                                          const double *B, double *lambda_min);
/* The global minimizer p of m(p) = gᵀp + ½pᵀBp subject to ‖p‖₂ <= radius (within 1%
   on the boundary), B symmetric and possibly indefinite (lower triangle read, kept).
   *predicted = -m(p) >= 0, *lambda = the multiplier (B + λI psd), *negative_curvature
   = 1 when B was found indefinite. Returns HESSE_SUCCESS or ELAPACK. */
hesse_status hesse__tr_solve_exact(hesse_solver *s, hesse__tr_exact *w, const double *B,
                                   const double *g, double radius, double *p,
                                   double *predicted, double *lambda,
                                   int *negative_curvature);

/* Hessian-vector product used by the curvature probe: Hv = ∇²f(x)·v at the current x.
   Returns HESSE__EVAL_OK or a terminal HESSE__EVAL_* (status set). */
typedef int (*hesse__hessvec_op)(hesse_solver *s, void *ctx, const double *v, double *Hv);
/* Look for negative curvature at the current x with at most max_iter conjugate-gradient
   iterations on ∇²f(x) z = b from a fixed pseudo-random b (see trust_region.c for what
   it can and cannot find). exact: the products are exact (callback or dense Hessian),
   else finite differences (a looser threshold). work: 3n scratch. On return 1,
   direction (unit, n) and *curvature = directionᵀ∇²f direction < 0 are set; 0 = none
   found; -1 = terminal evaluation error (status set). */
int hesse__tr_curvature_probe(hesse_solver *s, hesse__hessvec_op hv, void *ctx,
                              int max_iter, int exact, double *work, double *direction,
                              double *curvature);

/* --- stopping tests (stop.c) --- */
/* ‖∇f‖∞ <= gtol·max(1,|f|) at the current point. */
int hesse__gradient_test(const hesse_solver *s);
/* All tests after an iteration (or at the start when s->iter == 0): the terminal
   status, or HESSE_RUNNING. Calls the method's saddle_check where it applies. */
hesse_status hesse__stop_check(hesse_solver *s);

#endif
