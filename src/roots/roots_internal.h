/*
 * src/roots: systems of nonlinear equations F(x) = 0 (hesse.h, equations section).
 *
 *   roots_solver.c   the solver object and driver, the Jacobian at the current point
 *                    (by the evaluator, src/eval) and its LU factors (src/linalg)
 *   roots_options.c  option defaults and their validation
 *   roots_method.c   the table of methods
 *   roots_step.c     the step: Newton/Broyden direction, Levenberg–Marquardt
 *                    fallback, line search on ½‖F‖²
 *   roots_stop.c     the stopping tests, all of them
 *   roots_newton.c, roots_broyden.c   the methods: which matrix a step uses and how
 *                    it is renewed
 *
 * A method is a table (hesse__roots_method_table) with a private state of state_size
 * bytes, zeroed, in the solver's block. Its iterate() calls hesse__roots_step for a
 * step, renews the matrix (hesse__roots_jacobian, hesse__roots_factor) and ends with
 * hesse__roots_stop.
 *
 * Invariants kept between iterations (all methods):
 *   - x, F hold the last accepted point and F(x); fnorm = ‖F‖∞, fnorm2 = ‖F‖₂.
 *   - J holds the matrix of the method at x (J(x) for Newton, B for Broyden), and
 *     LU, ipiv, lu_info, rcond its LU factors and condition estimate, unless
 *     jacobian_at_x is 0 (the solve is then over).
 *   - A, xt, Ft, d, g are scratch: nothing is kept in them across calls.
 * All of it is allocated in one block by hesse_roots_solver_create.
 */
#ifndef HESSE_ROOTS_INTERNAL_H
#define HESSE_ROOTS_INTERNAL_H

#include "eval/eval_internal.h"
#include "linalg/linalg_internal.h"

typedef struct {
    hesse_roots_method id;
    const char *name;
    size_t state_size;
    /* Called once J(x0) is factored (may be NULL). */
    void (*start)(hesse_roots_solver *s, void *state);
    /* One iteration: HESSE_RUNNING, or the terminal status (set). */
    hesse_status (*iterate)(hesse_roots_solver *s, void *state);
} hesse__roots_method_table;

extern const hesse__roots_method_table *const hesse__roots_newton;
extern const hesse__roots_method_table *const hesse__roots_broyden;
/* The table of method m, or NULL (roots_method.c). */
const hesse__roots_method_table *hesse__roots_method_of(hesse_roots_method m);
/* Check the options: HESSE_SUCCESS, or HESSE_EINVAL with msg naming the first bad
   field and its value (roots_options.c). */
hesse_status hesse__roots_check_options(const hesse_roots_options *o, char *msg);

struct hesse_roots_solver {
    hesse__evaluator ev;       /* the system's callbacks (borrowed), counters (njev is
                                  ev.solve.nhev), budget, status and message */
    hesse_roots_options opt;
    const hesse__roots_method_table *method;
    void *state;               /* method state (state_size bytes), inside the block */
    void *block;               /* the workspace allocation */
    int have_f;                /* F(x0) was evaluated */
    int n;
    int iterations;
    int restarts, fallback_steps;
    double max_step;           /* resolved from the options at create */

    double *x, *F, fnorm, fnorm2;  /* accepted point */
    double *x_prev, *F_prev;       /* the one before (valid after the first step) */
    double xprev_norm;             /* ‖x_prev‖∞ */
    double *xt, *Ft;               /* line-search trial */
    double *d, *g;                 /* direction, JᵀF */
    double *J, *A;                 /* matrix at x; n*n scratch */
    double *LU;
    int *ipiv;
    double *work;                  /* 4n doubles for dgecon, dlansy */
    int *iwork;                    /* n ints for dgecon */

    int factored;                  /* LU holds factors of some matrix */
    int lu_info;                   /* dgetrf info (> 0: exactly singular) */
    double rcond;
    int jacobian_at_x;
    int budget_short;              /* too few evaluations left to form a Jacobian */

    /* record of the current iteration */
    double step_norm, alpha, step_rcond;
    int ls_evals, fallback, restarted, step_singular;
    int step_info;                 /* dgetrf info of the matrix the step came from */

    double t_start, seconds;
};

/* Result of one step attempt (hesse__roots_step). */
enum {
    HESSE__ROOTS_STEP_FAILED = 0,
    HESSE__ROOTS_STEP_ACCEPTED = 1,
    HESSE__ROOTS_STEP_STOP = -1 /* an evaluation or LAPACK ended the solve (status set) */
};

/* Form the Jacobian at x into J (callback or finite differences), counting it.
   Returns HESSE_RUNNING on success; HESSE_MAX_EVALS, with nothing evaluated and no
   status set, when fewer evaluations remain than it needs; otherwise the terminal
   status it set (ECALLBACK, ENONFINITE, EDOMAIN, MAX_EVALS). */
hesse_status hesse__roots_jacobian(hesse_roots_solver *s);
/* LU-factor J, estimate rcond, set jacobian_at_x. Returns 1 when J is usable
   (info == 0 and rcond >= rcond_min), 0 when singular, -1 after ELAPACK (set)
   (roots_solver.c, like hesse__roots_jacobian). */
int hesse__roots_factor(hesse_roots_solver *s);
/* One step from x with the factored matrix. exact = 1: the matrix is J(x): Newton
   step, and the fallback step when it is singular, not a descent direction, or its
   line search fails. exact = 0: the matrix is a Broyden B: the step -B⁻¹F with the
   model slope -‖F‖², no fallback (roots_step.c). Returns HESSE__ROOTS_STEP_*; on
   ACCEPTED, x/F and
   x_prev/F_prev are rotated and the record fields are set. */
int hesse__roots_step(hesse_roots_solver *s, int exact);
/* A step that failed ends the solve: LINESEARCH_FAILED, or ESINGULAR when the
   matrix of the last step was singular (roots_step.c). Returns the status. */
hesse_status hesse__roots_fail(hesse_roots_solver *s);
/* The trace call and the stopping tests at the current point (roots_stop.c, the only
   place they are written): HESSE_RUNNING or the terminal status it set. */
hesse_status hesse__roots_stop_check(hesse_roots_solver *s);
/* The same after an iteration that accepted a step: counts it first. */
hesse_status hesse__roots_stop(hesse_roots_solver *s);

#endif
