/*
 * src/lsq: nonlinear least squares (hesse.h, section 5).
 *
 *   lsq_solver.c     the solver object and driver: validation, the one allocation of
 *                    all workspace, residuals and Jacobians through the evaluator
 *                    (src/eval) with the weights applied, the analysis of J at every
 *                    accepted point (scaled QR, Gauss–Newton step, rank), the Armijo
 *                    search of gn and hybrid, the result and the classification
 *   lsq_options.c    option defaults and their validation
 *   lsq_method.c     the table of methods (one line per method file)
 *   lsq_stop.c       the stopping tests, all of them
 *   lsq_lm.c, lsq_gn.c, lsq_hybrid.c   the methods
 *   lsq_report.c     statistics of a fit (covariance, standard errors, intervals,
 *                    identifiability) and the Student t quantile
 *   lsq_objective.c  the least-squares problem as a hesse_problem for minimization
 *
 * Invariants between iterations (all methods):
 *   - x, r_raw (r(x)), r (ρ = sqrt(w)∘r), f = ½‖ρ‖² are the last accepted point;
 *   - when jacobian_at_x: J (m×n, weighted rows) is J at x, and the analysis of J at
 *     x is current: d (the scaling), A/tau/jpvt (QR of J D⁻¹ Π, zero-padded to
 *     mr = max(m, n) rows), qtr = Qᵀρ, rank, gn (the Gauss–Newton step), g = Jᵀρ,
 *     pred, rest, offset, gn_rel;
 *   - xt, rt_raw, rt, ft are the trial point of the method (scratch otherwise).
 * A method's iterate() proposes a trial point and says what to do with it; only the
 * driver accepts it (and then forms J and its analysis at the new point).
 */
#ifndef HESSE_LSQ_INTERNAL_H
#define HESSE_LSQ_INTERNAL_H

#include "eval/eval_internal.h"
#include "linalg/linalg_internal.h"

typedef enum {
    HESSE__LSQ_ACCEPT, /* make xt, rt, ft the current point */
    HESSE__LSQ_REJECT, /* keep x (a rejected trust-region step; the iteration counts) */
    HESSE__LSQ_STALL,  /* no progress possible: status (TR_COLLAPSED, LINESEARCH_FAILED)
                          and message set; the driver applies the stall certificate */
    HESSE__LSQ_STOP    /* terminal: status and message set */
} hesse__lsq_step;

struct hesse_lsq_method {
    const char *name;
    size_t state_size;
    /* Called once J(x0) and its analysis are known (may be NULL). */
    hesse_status (*init)(hesse_lsq_solver *s, void *state);
    hesse__lsq_step (*iterate)(hesse_lsq_solver *s, void *state);
};

#define HESSE__LSQ_METHOD(id, ...)                                                       \
    static const hesse_lsq_method id##_table = {__VA_ARGS__};                             \
    const hesse_lsq_method *const hesse_lsq_method_##id = &id##_table

struct hesse_lsq_solver {
    hesse__evaluator ev; /* residuals (borrowed), counters (njev = nhev), budget, status */
    hesse_lsq_options opt;
    const hesse_lsq_method *method;
    int n, m, mr;        /* mr = max(m, n): rows of the padded QR */
    void *state;
    void *block;
    int have_f;          /* r(x0) is known: x, r, f are a point */

    double *x, *r_raw, *r, f;      /* current point */
    double *xt, *rt_raw, *rt, ft;  /* trial point */
    double *sqrtw;       /* m, or NULL: all weights 1 */
    double *typx;        /* n typical sizes */
    double *J;           /* m×n at x (weighted) */
    double *A;           /* mr×n: QR of J D⁻¹ Π; scratch for the classification */
    double *tau, *qtr;   /* n, mr */
    int *jpvt;           /* n: 1-based, as LAPACK */
    double *d, *dmax;    /* n each: the scaling, and the largest column norms so far */
    double *gn, *g;      /* n: Gauss–Newton step at x, Jᵀρ */
    double *step, *u, *v, *w; /* n each: scratch (u also of analyze) */
    double *mem;         /* 3n: a method's memory across iterations (hybrid) */
    double *B, *rhs;     /* 2n×n and 2n: the damped systems of lm (dgels) */
    double *H, *S, *C;   /* n×n each: hybrid models, classification */
    double *work;        /* lwork doubles for LAPACK */
    int lwork;

    int jacobian_at_x, rank;
    double pred, rest, offset, gn_rel, gnorm;
    double rank_tol;     /* resolved */

    int iter;
    double step_norm;    /* relative, of the accepted step */
    int accepted;
    /* the record of the current iteration, filled by the method */
    double rec_alpha, rec_radius, rec_rho, rec_lm_param;
    int rec_second_order;

    double t_start, seconds;
    hesse__symws cls;    /* classification workspace (NULL a: no classification) */
    int classified;
    hesse_lsq_result result;
};

/* Options (lsq_options.c). */
hesse_status hesse__lsq_check_options(const hesse_lsq_options *o, int n, char *msg);

/* ---- the driver's services to the methods (lsq_solver.c) ---- */
/* r at xt into rt_raw, rt (weighted) and ft: OK, REFUSED, NONFINITE or STOP. */
int hesse__lsq_trial(hesse_lsq_solver *s);
/* xs_i = max(|x_i|, typx_i) at the current x. */
double hesse__lsq_xs(const hesse_lsq_solver *s, int i);
/* max_i |v_i| / xs_i. */
double hesse__lsq_rel(const hesse_lsq_solver *s, const double *v);
/* Armijo backtracking along s->step from x with slope = ∇fᵀstep < 0 (hesse.h, gn):
   HESSE__LSQ_LS_OK with the accepted trial in xt/rt/ft and s->rec_alpha; FAILED (nothing
   set: the caller decides); STOP. */
enum { HESSE__LSQ_LS_OK = 0, HESSE__LSQ_LS_FAILED = 1, HESSE__LSQ_LS_STOP = 3 };
int hesse__lsq_linesearch(hesse_lsq_solver *s, double slope);
/* Solve (RᵀR + λI) z = -Rᵀqtr with R the n×n triangle of s->A (the padded QR), i.e.
   min ‖[R; sqrt(λ) I] z + [qtr; 0]‖, into z (in the permuted, scaled variables), for
   λ > 0; with q != NULL also q = R_λ⁻ᵀ z / ‖z‖ (R_λ the triangle of the damped QR).
   Returns the LAPACK info (0 ok). */
int hesse__lsq_damped(hesse_lsq_solver *s, double lambda, double *z, double *q);
/* The full Hessian JᵀJ + S at the current x into s->H: S from the second_order
   callback, else central differences of ∇f = Jᵀρ (clobbers xt, rt, rt_raw, A, u, v).
   HESSE__EVAL_OK or STOP (status set unless classifying). E (n×n, or NULL): bounds on
   the entries' errors, zero for the callback's matrix. */
int hesse__lsq_full_hessian(hesse_lsq_solver *s, double *E);
/* Scaled, permuted variables -> x units: out_i = z_{π⁻¹(i)} / d_i. */
void hesse__lsq_unscale(const hesse_lsq_solver *s, const double *z, double *out);

/* ---- stopping tests (lsq_stop.c) ---- */
/* The tests at the current point (trace first): HESSE_RUNNING or terminal (set). */
hesse_status hesse__lsq_stop_check(hesse_lsq_solver *s, int stop_requested);
/* A stall (status set by the method): SUCCESS at the rounding floor, else as set. */
hesse_status hesse__lsq_stall(hesse_lsq_solver *s);

/* ---- statistics (lsq_report.c) ---- */
/* The report from r (raw and weighted) and the weighted J at x, already evaluated.
   work: see lsq_report.c. */
hesse_status hesse__lsq_report_fill(hesse_lsq_report *rep, int n, int m, const double *x,
                                    const double *r, const double *J, double rank_tol,
                                    double confidence, const hesse_allocator *a);
/* The automatic rank tolerance (hesse.h, Statistics of a fit). */
double hesse__lsq_rank_tol(const hesse_lsq_options *o, const hesse_lsq_problem *p);

#endif
