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
    int needs_hessian; /* factors ∇²f(x) every iteration, held in the driver's dense
                          second-order workspace (hesse__hessian_at_x): its exact model's
                          positive definiteness is that of ∇²f, and a saddle shows as
                          an approximate (modified) model or none */
    /* Bytes of dense storage the method needs at size n (for max_dense_bytes). */
    double (*dense_bytes)(int n, const hesse_options *opt);
    /* Allocate workspace (hesse__workspace: the driver frees it). x, f, g at x0 are
       already set. HESSE_SUCCESS, or a terminal status with the message set. */
    hesse_status (*init)(hesse_solver *s, void *state);
    /* One iteration from the current point (see above). */
    hesse__step (*iterate)(hesse_solver *s, void *state);
    /* The step to the minimizer of the method's local model at the current point, into
       step (n), for the stationarity test (stop.c): HESSE__MODEL_EXACT when the model is
       ∇²f(x) itself and positive definite, HESSE__MODEL_APPROX when it approximates
       ∇²f (a quasi-Newton matrix, gradient descent's step length: the driver certifies
       a small step with ∇²f before accepting it), HESSE__MODEL_NONE when the method has
       no positive definite model at x (no curvature learnt yet, a boundary step), or
       HESSE__MODEL_STOP (an evaluation ended the solve). A method may keep what it
       computed for its next iterate(). */
    int (*model_step)(hesse_solver *s, void *state, double *step);
    /* Forget the curvature learnt so far (quasi-Newton memory) and start a trust region
       again from radius_init: called after the driver moved x itself (off a saddle,
       along a degenerate direction, or along the Newton step at a stall). NULL:
       nothing to forget. */
    void (*restart)(hesse_solver *s, void *state);
};

/* What model_step returns. */
enum { HESSE__MODEL_NONE = 0, HESSE__MODEL_EXACT = 1, HESSE__MODEL_APPROX = 2, HESSE__MODEL_STOP = -1 };

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
    double f_prev, step_norm; /* for the step and decrease tests; step_norm = ‖Δx‖∞ */
    double step_rel;          /* max_i |Δx_i| / xs_i of the last accepted step */
    int accepted;             /* this iteration accepted a step */
    hesse_iteration rec;      /* filled by the method during iterate() */

    /* Scale (hesse.h, option x_scale): typx (n) the typical sizes, fixed at create;
       the tests use xs_i = max(|x_i|, typx_i). dscale (n) the scaling of the methods'
       own variables z = x / dscale (trust regions, first steps, initial quasi-Newton
       matrices): x_scale when given, else one size for all, the RMS of typx. */
    double *typx, *dscale;
    /* The stationarity test (stop.c): the model step ms (n) at the current x, its size
       relative to x and the decrease it predicts. */
    double *ms;
    double rel, pred;
    int stationary;           /* x passed the stationarity test (and its certificate) */
    double f0, fref;          /* the unbounded test: f(x0) and its reference size */

    /* Second-order information at x (second_order.c), allocated in create when the end
       point will be classified: hess (n*n) ∇²f(x) when hess_at_x, hess_err (n*n, only
       for Hessians by differences) its error bounds, cls the eigen workspace, dir (n)
       a direction of negative curvature or of no curvature. */
    double *hess, *hess_err, *dir;
    int hess_at_x;
    hesse__symws cls;
    hesse__inertia_info inertia; /* of hess, when inertia_at_x */
    int inertia_at_x;
    double cert_next;        /* certify a quasi-Newton model step again once its relative
                                size is below this (after one failed) */
    int escape;              /* the next iteration is the driver's: 1 along dir
                                (curvature dir_curv) off a saddle or a degenerate point,
                                2 along dir = the Newton step at a stall, 3 along the
                                Newton step of a certificate that failed (no restart) */
    int polished;            /* the last step was an escape 3: certify at once */
    hesse_status stall_status; /* the stall an escape 2 tries to get past, and its */
    char stall_message[HESSE__MESSAGE_SIZE]; /* message: they stand if it fails */
    double dir_curv, dir_alpha;
    int degenerate_limit;    /* ∇²f changes so much over the last Newton step that an
                                eigenvalue counts as zero: singular at the limit */
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
/* The same with the line search kind given (ARMIJO or WOLFE). */
int hesse__linesearch_with(hesse_solver *s, hesse_linesearch kind, double dg, double curvature,
                           double alpha0);

/* --- trust regions (trust_region.c), shared by newton-tr, newton-cg and sr1 --- */
/* TR_COLLAPSED (message set) when radius < radius_min, else HESSE_RUNNING. Called at the
   start of every trust-region iteration, so x is the last accepted point. */
hesse_status hesse__tr_check_radius(hesse_solver *s, double radius);
/* Try the step s->d (in x), whose model predicts the reduction `predicted`: evaluate
   x + d into s->xt, s->ft, s->gt, and apply the radius rule of hesse.h (option
   `radius_init` and below) to *radius with ‖d‖ = hesse__tr_norm(d) and the ratio ρ of
   actual to predicted reduction (guarded against rounding, see trust_region.c; -∞ when
   x + d was refused, not finite, or equal to x). Fills s->rec.radius and s->rec.rho.
   ACCEPT when ρ > eta_accept, REJECT, or STOP (abort, evaluation limit). */
hesse__step hesse__tr_try(hesse_solver *s, double *radius, double predicted);
/* ‖(step_i / dscale_i)‖₂: the size of a step in the methods' scaled variables. */
double hesse__tr_norm(const hesse_solver *s, const double *step);
/* z_i = dscale_i · v_i: a gradient or a step of the scaled variables z = x / dscale (a
   step p_z of them is the x step dscale ⊙ p_z; a gradient g is the z gradient
   dscale ⊙ g). */
void hesse__tr_scale(const hesse_solver *s, const double *v, double *z);
/* The first step length along d of a method without curvature yet: the α with
   ‖α d‖ = 1 in the scaled variables (one typical size). */
double hesse__first_step(const hesse_solver *s, const double *d);

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

/* --- stopping tests (stop.c) --- */
/* max_i |step_i| / xs_i, xs_i = max(|x_i|, typx_i) at the current x (NaN -> +inf). */
double hesse__relative_size(const hesse_solver *s, const double *step);
/* The stationarity test on a model step (hesse.h, "Stopping tests", test 1):
   rel <= gtol, or 0 <= pred <= floor (a decrease f cannot resolve; 0 but at a stall),
   with rel = hesse__relative_size(step), pred = -½ gᵀstep (into *rel, *pred). */
int hesse__step_converged(const hesse_solver *s, const double *step, double floor, double *rel,
                          double *pred);
/* All tests after an iteration (or at the start when s->iter == 0): the terminal
   status, or HESSE_RUNNING (possibly with s->escape set: the next iteration leaves a
   saddle or a degenerate point). */
hesse_status hesse__stop_check(hesse_solver *s);
/* The method could not go on (line search failed, trust region collapsed, step test;
   its status and message set): is x as good as the noise of f allows (hesse.h, test 1
   at a stall)? 1 yes (status set to SUCCESS), 0 no (the stall's status and message
   stand), 2 x is a saddle (status RUNNING, s->escape set: the next iteration leaves
   it), -1 an evaluation ended the solve. */
int hesse__stall_check(hesse_solver *s);

/* --- second-order information at x (second_order.c) --- */
/* The dense second-order workspace above is allocated (certificates, saddle checks). */
int hesse__classifiable(const hesse_solver *s);
/* ... and the end point will be classified (option classify, classify_max_n). */
int hesse__will_classify(const hesse_solver *s);
/* The noise level of f at x, measured along dir (the gradient when dir is zero)
   (second_order.c): σ >= 0, or -1 when an evaluation ended the solve. */
double hesse__f_noise(hesse_solver *s, const double *dir);
/* Certify a candidate point with ∇²f(x) (dense): the Newton step of the equilibrated
   ∇²f (shifted to positive definite where it is not) into s->ms, by the test of
   hesse__step_converged with floor `floor`, then hesse__decide's curvature check. 1
   certified, 0 not (s->escape set when the next iteration is to leave a saddle or
   follow a decrease along a null direction), -1 terminal. Without the dense workspace,
   1 (the model is trusted). */
int hesse__certify(hesse_solver *s, double floor);
/* ∇²f(x) in s->hess (its error bounds in s->hess_err when it comes from differences),
   evaluated once per point; NULL when an evaluation ended the solve. */
const double *hesse__hessian_at_x(hesse_solver *s);
/* Inertia of ∇²f at x by the error rule into s->inertia (evaluates ∇²f once per x);
   HESSE__EVAL_OK or HESSE__EVAL_STOP. Needs the dense workspace. */
int hesse__inertia_at_x(hesse_solver *s);
/* At a point whose exact Newton step s->ms passed the test (newton, newton-tr): the
   curvature there, by the error rule widened by the change of ∇²f over the step (one
   gradient at x + ms); a negative eigenvalue sets s->escape (0), a zero one is probed
   (0 with s->escape, or 1), else 1; -1 terminal. Without the dense workspace, 1. */
int hesse__decide(hesse_solver *s);
/* Probe f on both sides along s->dir (a direction without curvature at a point that
   passed the stationarity test): 1 and s->escape set when f decreases beyond its
   rounding somewhere, 0 when it does not, -1 terminal. */
int hesse__probe_degenerate(hesse_solver *s);
/* Take the step the stopping test asked for (s->escape): a line search along ±dir with
   the curvature term; ACCEPT or STOP. */
hesse__step hesse__escape_step(hesse_solver *s);
/* Classification of the end point into r (hesse.h, "What the classification means"). */
void hesse__classify_end(hesse_solver *s, hesse_result *r);

#endif
