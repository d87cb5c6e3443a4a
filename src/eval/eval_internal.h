/*
 * src/eval: the one evaluator. Every call of a user callback anywhere in the library
 * goes through an evaluator (hesse__evaluator), which
 *   - holds the callbacks of the problem (objective, Hessian, Hessian-vector product;
 *     or a system F(x) = 0; or least-squares residuals, their Jacobian and second
 *     derivatives; or constraints and their second derivatives), borrowed;
 *   - counts every call in its counters (and, for a system, each Jacobian it forms
 *     by differences: njev counts Jacobians);
 *   - checks the budget max_evals before each call;
 *   - turns a negative return into HESSE_ECALLBACK, after which it calls nothing
 *     again, and tells refusals (return > 0) and non-finite outputs apart, so that a
 *     line search can shorten the step where a point must merely be tried, while a
 *     point that must be evaluated (a starting point, an accepted point, the point of
 *     an analysis) fails with HESSE_EDOMAIN / HESSE_ENONFINITE;
 *   - forms Hessians, Hessian-vector products and Jacobians by differences where the
 *     problem has no callback for them (difference.c);
 *   - holds the status and message of its owner's run.
 *
 * Owners: the minimization solver embeds one (src/minimize), the roots solver embeds
 * one (src/roots), the least-squares solver one (src/lsq), and every analysis function
 * makes one on its stack (src/analysis).
 *
 * Counters. A solve's evaluations are counted in `solve`; once the solve has ended,
 * the classification of its end point counts in `classify` (hesse__eval_classifying),
 * and its failures leave the solve's status and message alone. The budget covers the
 * solve's counters only (classification has none yet): that rule is the one test in
 * charge(), evaluator.c.
 */
#ifndef HESSE_EVAL_INTERNAL_H
#define HESSE_EVAL_INTERNAL_H

#include "base/base_internal.h"

/* Difference steps. Central differences with h = eps^(1/3)·max(1, |x_j|) balance the
   O(h²) truncation error against the O(eps/h) rounding error (Nocedal & Wright,
   Numerical Optimization, 2nd ed., §8.1); forward differences with sqrt(eps) balance
   O(h) against O(eps/h) (Dennis & Schnabel, §5.4). */
#define HESSE__FD_STEP_CENTRAL 6.055454452393343e-06 /* eps^(1/3) */
#define HESSE__FD_STEP_FORWARD 1.4901161193847656e-08 /* sqrt(eps) */

/* What an evaluation returns. */
enum {
    HESSE__EVAL_OK = 0,
    HESSE__EVAL_REFUSED = 1,   /* the callback returned > 0: the point cannot be tried */
    HESSE__EVAL_NONFINITE = 2, /* it wrote NaN or Inf */
    HESSE__EVAL_STOP = 3,      /* terminal: status and message are set (abort, budget,
                                  or a point that had to be evaluated) */
    HESSE__EVAL_SHORT = 4      /* hesse__eval_jacobian only: fewer evaluations are left
                                  than a Jacobian needs; nothing was called or set */
};

typedef struct {
    long nfev; /* calls of the objective (f, with ∇f when asked) or of the system F */
    long ngev; /* objective calls made for differences of the gradient (Hessians and
                  Hessian-vector products of the minimization solver) */
    long nhev; /* Hessian, Hessian-vector and constraint-Hessian callback calls;
                  Jacobians formed (roots: one per callback call with J, one per
                  matrix of differences, whose F calls count in nfev) */
    long ncev; /* constraint calls */
    long nsev; /* least squares: calls of the second-order callback Σ w_i ∇²r_i */
} hesse__counts;

typedef struct {
    int n;
    hesse_problem problem;   /* objective, hessian, hessvec, data */
    hesse_system system;     /* function, has_jacobian, data (roots) */
    hesse_lsq_problem lsq;   /* residuals, has_jacobian, second_order, data (least
                                squares; weights are the solver's business) */
    int m;                   /* components of the vector function whose Jacobian is
                                formed: n for a system, m residuals for least squares */
    const hesse_constrained_problem *constrained; /* constraints and their Hessians */
    double fd_step;          /* central step of Hessians by differences; for roots the
                                relative step of Jacobians by differences */
    int fd_central;          /* roots: 1 central, 0 forward differences of F */
    long max_evals;          /* limit on the solve's evaluations; 0 = no limit */
    hesse__counts solve;     /* the solve's evaluations */
    hesse__counts classify;  /* the end-point classification's */
    int classifying;         /* the solve is over: calls count in classify */
    int tentative;           /* the check of a candidate end point is under way: its
                                calls count in classify (they are the end point's
                                classification if the candidate is accepted), and are
                                moved to solve if it is not (hesse__eval_tentative) */
    int iteration;           /* the owner's iterations so far, for messages; -1: not
                                an iterative solve (an analysis) */
    int aborted;             /* a callback returned < 0: nothing is called again */
    double *work;            /* scratch for differences, the owner's: 3n doubles, or
                                 n + 2m for least squares */
    const double *xscale;    /* the owner's typical sizes of x (n, borrowed), or NULL:
                                difference steps are fd_step·max(|x_j|, xscale_j), else
                                fd_step·max(1, |x_j|) */
    hesse_status status;
    char message[HESSE__MESSAGE_SIZE];
} hesse__evaluator;

/* An evaluator over the callbacks of p (n = p->n) with central-difference step
   fd_step (<= 0 or not finite: HESSE__FD_STEP_CENTRAL), the limit max_evals (0 = none)
   and the owner's work (3n doubles, or NULL when no difference will be taken).
   Status HESSE_RUNNING, counters zero, iteration -1. */
void hesse__eval_init(hesse__evaluator *ev, const hesse_problem *p, double fd_step,
                      long max_evals, double *work);
/* The same over a system F(x) = 0 (roots): fd_step is the relative step of its
   differences, fd_central chooses central ones. */
void hesse__eval_init_system(hesse__evaluator *ev, const hesse_system *sys, double fd_step,
                             int fd_central, long max_evals, double *work);

/* The same over least-squares residuals (src/lsq): m = p->m, differences of r with
   the relative step fd_step (<= 0: sqrt(eps) forward, eps^(1/3) central). work: n + 2m
   doubles. */
void hesse__eval_init_lsq(hesse__evaluator *ev, const hesse_lsq_problem *p, double fd_step,
                          int fd_central, long max_evals, double *work);

/* Set the status and message (printf format) unless classifying; returns st. */
hesse_status hesse__fail(hesse__evaluator *ev, hesse_status st, const char *fmt, ...)
    HESSE__PRINTF(3, 4);
/* The solve is over: later evaluations count in ev->classify, have no budget, and
   leave the status and message as they are. */
void hesse__eval_classifying(hesse__evaluator *ev);
/* Begin (into *mark) and end the check of a candidate end point: its calls count in
   classify; at the end they stay there when keep (the candidate was accepted and its
   check is its classification), else they move to the solve's counters. */
void hesse__eval_tentative_begin(hesse__evaluator *ev, hesse__counts *mark);
void hesse__eval_tentative_end(hesse__evaluator *ev, const hesse__counts *mark, int keep);
/* Evaluations made so far by the solve (all four counters). */
long hesse__eval_used(const hesse__evaluator *ev);
/* The counters the next evaluations go to: solve, or classify. */
hesse__counts *hesse__eval_counts(hesse__evaluator *ev);

/* Where a point that must be evaluated is, for messages. */
typedef enum {
    HESSE__AT_START,    /* "at the starting point x0" */
    HESSE__AT_ACCEPTED, /* "at the accepted point of iteration k" */
    HESSE__AT_X         /* "at x" (the point an analysis was given) */
} hesse__place;

/* A refusal or a non-finite value (rc REFUSED / NONFINITE) where the point had to be
   evaluated: EDOMAIN / ENONFINITE with a message naming what (the quantity), the place
   and detail (appended; "" for none), and STOP. Any other rc is returned as it is. */
int hesse__eval_terminal(hesse__evaluator *ev, int rc, const char *what, hesse__place where,
                         const char *detail);

/* ---- the objective (evaluator.c) ---- */
/* f and, when g != NULL, ∇f at x: OK, REFUSED, NONFINITE or STOP. */
int hesse__eval_fg(hesse__evaluator *ev, const double *x, double *f, double *g);
/* The same at a point that must be evaluated: a refusal or a non-finite value is
   terminal there (EDOMAIN / ENONFINITE, message naming the place). OK or STOP. */
int hesse__eval_fg_at(hesse__evaluator *ev, const double *x, double *f, double *g,
                      hesse__place where);
/* Dense Hessian at x into H (n*n): the callback, else central differences of the
   gradient (gx = ∇f(x), used where a side is refused), symmetrized. A refusal or a
   non-finite value is terminal (x is an accepted point, or an analysis's x).
   OK or STOP. */
int hesse__eval_hessian(hesse__evaluator *ev, const double *x, const double *gx,
                        double *H);
/* The same with, when E != NULL, entrywise bounds on the errors of H into E (n*n):
   zero for the callback's Hessian (exact but for rounding), the estimate of
   difference.c for one by differences. */
int hesse__eval_hessian_err(hesse__evaluator *ev, const double *x, const double *gx, double *H,
                            double *E);
/* The Hessian at a point where ∇f is not at hand: when it comes from differences,
   ∇f(x) is evaluated first into g (n), as a point that must be evaluated. OK or
   STOP. */
int hesse__eval_hessian_at(hesse__evaluator *ev, const double *x, double *g, double *H);
/* Hv = ∇²f(x)·v: the hessvec callback, else the forward difference
   (∇f(x + h v) - gx) / h with h = sqrt(eps)·max(1, ‖x‖)/‖v‖ (a method holding the
   dense Hessian multiplies by it itself). Terminal on a refusal or a non-finite
   value, like hesse__eval_hessian. OK or STOP. */
int hesse__eval_hessvec(hesse__evaluator *ev, const double *x, const double *gx,
                        const double *v, double *Hv);

/* ∇²f(x)·v at a point that is only tried (a step from an accepted point): the hessvec
   callback, else the Hessian callback's matrix (into H, n*n) times v, else central
   differences of the gradient along v (scratch: 2n). OK, REFUSED, NONFINITE, or STOP
   (abort, budget): a refusal or a non-finite value is not terminal here. */
int hesse__eval_curvature_trial(hesse__evaluator *ev, const double *x, const double *v,
                                double *Hv, double *H, double *scratch);

/* ---- constraints (evaluator.c) ---- */
/* c(x) (m values) and, when A != NULL, its m×n Jacobian: OK, REFUSED, NONFINITE or
   STOP; counted in ncev. */
int hesse__eval_constraints(hesse__evaluator *ev, const double *x, double *c, double *A);
/* ∇²c_i(x), ∇²_xx L(x, λ) and ∇²f(x) from the callbacks of ev->constrained (the last
   one from ev->problem.hessian), into H (n*n). Terminal on a refusal or a non-finite
   entry, at x. OK or STOP. */
int hesse__eval_constraint_hessian(hesse__evaluator *ev, int i, const double *x, double *H);
int hesse__eval_lagrangian_hessian(hesse__evaluator *ev, const double *x,
                                   const double *lambda, double *H);

/* ---- systems F(x) = 0 and least-squares residuals (evaluator.c, difference.c) ----
   "The vector function" is the system F (n values) or the residuals r (m values);
   its Jacobian is ev->m × n, column-major. */
/* F(x) and, when J != NULL, the Jacobian (the problem must have has_jacobian): OK,
   REFUSED, NONFINITE or STOP. Counted in nfev, or nhev when J != NULL. */
int hesse__eval_system(hesse__evaluator *ev, const double *x, double *F, double *J);
/* Σ_i w_i ∇²r_i(x) into S (n*n) from the least-squares second-order callback, at an
   accepted point: terminal on a refusal or a non-finite entry. Counted in nsev. OK or
   STOP. */
int hesse__eval_second_order(hesse__evaluator *ev, const double *x, const double *w,
                             double *S);
/* The Jacobian at the accepted point x (F = F(x)) into J: the callback (one call), or
   differences of F (one matrix counted in nhev, n or 2n calls of F in nfev; see
   hesse.h for the step). SHORT when fewer evaluations are left than it needs;
   otherwise OK or STOP (J is then partly written). */
int hesse__eval_jacobian(hesse__evaluator *ev, const double *x, const double *F,
                         double *J);

/* ---- differences (difference.c), called by the functions above ---- */
/* ∇f(x) for a difference: an objective call counted in ngev. */
int hesse__eval_gradient_for_differences(hesse__evaluator *ev, const double *x, double *g);
/* H by central differences of the gradient at x (gx = ∇f(x)). OK, or the code of the
   failed side (REFUSED, NONFINITE) or STOP. */
int hesse__fd_hessian(hesse__evaluator *ev, const double *x, const double *gx, double *H,
                      double *E);
/* The scale of x_j in difference steps: max(|x_j|, xscale_j), or max(1, |x_j|). */
double hesse__eval_typical(const hesse__evaluator *ev, int j, double xj);
/* Hv by a forward difference of the gradient along v. */
int hesse__fd_hessvec(hesse__evaluator *ev, const double *x, const double *gx,
                      const double *v, double *Hv);
/* J by differences of F at x (F = F(x)), counted as hesse__eval_jacobian says. OK or
   STOP (both sides of a column refused or non-finite: EDOMAIN / ENONFINITE). */
int hesse__fd_jacobian(hesse__evaluator *ev, const double *x, const double *F, double *J);

#endif
