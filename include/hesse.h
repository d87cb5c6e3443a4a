/*
 * hesse.h — minimization with Newton and quasi-Newton methods.
 *
 * This header is the reference manual. Every type, option, default, formula and
 * status of the library is described here, next to its declaration.
 *
 * Conventions used throughout
 * ---------------------------
 *  - Vectors are arrays of n doubles. Matrices are dense, column-major, n*n, with
 *    H[i + j*n] holding row i, column j (LAPACK's layout). Dimensions are int.
 *  - ‖v‖∞ = max_i |v_i|, ‖v‖ = Euclidean norm.
 *  - Borrowed pointers: the library never keeps a pointer the caller passed in beyond
 *    the call that received it, except the hesse_problem a solver was created with
 *    (borrowed, with its callbacks and data, until hesse_solver_free).
 *  - The library never prints, never aborts, never calls exit, and has no mutable
 *    global state: it is reentrant. Callbacks are only ever called from the thread that
 *    called into the library.
 *  - Every function that can fail returns a hesse_status; a specific message (naming
 *    the field, the value or the LAPACK info involved) is available from the object or
 *    result concerned.
 */
#ifndef HESSE_H
#define HESSE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HESSE_VERSION_MAJOR 0
#define HESSE_VERSION_MINOR 1
#define HESSE_VERSION_PATCH 0
#define HESSE_VERSION_STRING "0.1.0"

/* The library's version, "MAJOR.MINOR.PATCH". Static storage. */
const char *hesse_version(void);

/* =====================================================================================
 * Status codes
 * =====================================================================================
 * One list generates the enum, hesse_status_name() and hesse_status_string().
 *   0         success: the gradient test (see "Stopping tests") was met;
 *   > 0       a termination that is not an error: a limit was reached, no further
 *             progress can be made, or the trace callback asked to stop;
 *   < 0       an error: nothing was solved; x still holds the last accepted point.
 * HESSE_RUNNING is only returned by hesse_solver_iterate() while the solve goes on.
 */
#define HESSE_STATUS_MAP(X)                                                                 \
    X(SUCCESS, 0, "gradient test met: ||g||_inf <= gtol * max(1, |f|)")                     \
    X(RUNNING, 1, "not finished: call hesse_solver_iterate() again")                        \
    X(MAX_ITER, 2, "iteration limit (max_iter) reached")                                    \
    X(MAX_EVALS, 3, "evaluation limit (max_evals) reached")                                 \
    X(MAX_TIME, 4, "time limit (max_seconds) reached")                                      \
    X(SMALL_STEP, 5, "step test met: ||x_k - x_k-1||_inf <= xtol * max(1, ||x_k||_inf)")   \
    X(SMALL_DECREASE, 6, "decrease test met: f_k - f_k+1 <= ftol * max(1, |f_k|)")          \
    X(LINESEARCH_FAILED, 7, "line search found no acceptable step: no further progress")   \
    X(TR_COLLAPSED, 8, "trust-region radius fell below radius_min: no further progress")   \
    X(STOPPED, 9, "stopped by the trace callback")                                          \
    X(EINVAL, -1, "invalid argument")                                                       \
    X(ENOMEM, -2, "out of memory")                                                          \
    X(ECALLBACK, -3, "a callback returned a negative value: solve aborted")                 \
    X(ENONFINITE, -4, "a callback produced a non-finite value (NaN or Inf)")                \
    X(EDOMAIN, -5, "the objective cannot be evaluated at the starting point")               \
    X(ELAPACK, -6, "a LAPACK routine reported an error")                                    \
    X(ETOOBIG, -7, "the dense matrices for this n exceed max_dense_bytes")                  \
    X(ESINGULAR, -8, "a matrix is singular to working precision")                           \
    X(EUNSUPPORTED, -9, "the operation is not available for this method or problem")

typedef enum {
#define HESSE_STATUS_ENUM_(name, value, message) HESSE_##name = value,
    HESSE_STATUS_MAP(HESSE_STATUS_ENUM_)
#undef HESSE_STATUS_ENUM_
} hesse_status;

/* A sentence describing s ("out of memory"); "unknown status" for a value not in the
   list. Static storage. */
const char *hesse_status_string(hesse_status s);
/* The enumerator's name without prefix ("ENOMEM"), or "UNKNOWN". Static storage. */
const char *hesse_status_name(hesse_status s);

/* =====================================================================================
 * The problem: callbacks supplied by the user
 * =====================================================================================
 * Return value of every callback:
 *    0   success;
 *   > 0  "cannot evaluate at this x" (outside the function's domain). During a line
 *        search or trust-region step the solver shortens the step and tries again;
 *        at the starting point the solve ends with HESSE_EDOMAIN;
 *   < 0  abort the solve: it ends with HESSE_ECALLBACK and no callback is called
 *        again by that solver.
 * A NaN or Inf written by a callback is treated like a refusal (> 0) at trial points
 * and as HESSE_ENONFINITE at the starting point or at an accepted point. A line
 * search that finds no acceptable step ends the solve with HESSE_EDOMAIN or
 * HESSE_ENONFINITE when its last (shortest) trial point was refused or non-finite,
 * else with HESSE_LINESEARCH_FAILED. The value a callback returns is never passed
 * through as a status.
 */

/* Fill *f with f(x) and, when grad is not NULL, grad[0..n-1] with ∇f(x). */
typedef int (*hesse_objective_fn)(int n, const double *x, double *f, double *grad,
                                  void *data);
/* Fill the whole n*n matrix H (column-major, H[i + j*n] = ∂²f/∂x_i∂x_j) at x. */
typedef int (*hesse_hessian_fn)(int n, const double *x, double *H, void *data);
/* Fill Hv with ∇²f(x)·v, without necessarily forming the Hessian. */
typedef int (*hesse_hessvec_fn)(int n, const double *x, const double *v, double *Hv,
                                void *data);

typedef struct {
    int n;                        /* number of variables, n >= 1 */
    hesse_objective_fn objective; /* required */
    hesse_hessian_fn hessian;     /* optional: NULL -> finite differences of the
                                     gradient, or a quasi-Newton method */
    hesse_hessvec_fn hessvec;     /* optional: used by newton-cg */
    void *data;                   /* passed unchanged to every callback */
} hesse_problem;

/* =====================================================================================
 * Methods
 * =====================================================================================
 * A method is an opaque table with static storage; compare pointers or names.
 *   "gd"         steepest descent d = -g with a line search. The baseline.
 *   "newton"     line-search Newton. Cholesky (dpotrf) of H; when H is not positive
 *                definite, a Bunch–Kaufman LDLᵀ (dsytrf) gives the inertia and the
 *                blocks of D are modified (eigenvalues λ -> max(|λ|, δ)) so that the
 *                step is a descent direction; at a point that meets the gradient test
 *                but has negative curvature, it steps along the eigenvector of λ_min,
 *                so saddles and maxima are left. Uses the Hessian callback, or
 *                finite differences of the gradient.
 *   "newton-tr"  trust-region Newton, exact subproblem (Moré–Sorensen).
 *   "newton-cg"  truncated Newton, Steihaug–Toint CG in a trust region; needs only
 *                Hessian-vector products.
 *   "bfgs"       dense inverse BFGS with a strong-Wolfe line search.
 *   "lbfgs"      limited-memory BFGS (memory m = lbfgs_m), O(mn) storage.
 *   "sr1"        symmetric rank-one quasi-Newton in a trust region; can represent
 *                negative curvature, so it can leave saddles without a Hessian.
 * A method not built into this copy of the library is not found by hesse_method_find.
 */
typedef struct hesse_method hesse_method;
extern const hesse_method *const hesse_method_gd;
extern const hesse_method *const hesse_method_newton;
extern const hesse_method *const hesse_method_newton_tr;
extern const hesse_method *const hesse_method_newton_cg;
extern const hesse_method *const hesse_method_bfgs;
extern const hesse_method *const hesse_method_lbfgs;
extern const hesse_method *const hesse_method_sr1;

/* The method called name (exact, lower case), or NULL if unknown or name is NULL. */
const hesse_method *hesse_method_find(const char *name);
/* The method's name; "(null)" for NULL. Static storage. */
const char *hesse_method_name(const hesse_method *m);
/* Number of built-in methods, and the i-th (0 <= i < count; NULL outside). */
int hesse_method_count(void);
const hesse_method *hesse_method_at(int i);

/* =====================================================================================
 * Per-iteration record passed to the trace callback
 * =====================================================================================
 * All pointers are borrowed and valid only during the callback. Fields a method does
 * not use hold NaN (doubles) or -1 (ints).
 */
typedef struct {
    int iteration;        /* iterations completed, 0 = the starting point */
    int n;
    const double *x;      /* the accepted point after this iteration */
    double f;             /* f(x) */
    double gnorm;         /* ‖∇f(x)‖∞ */
    double step_norm;     /* ‖x_k - x_{k-1}‖∞ (NaN at iteration 0) */
    double alpha;         /* line-search step length (NaN for trust-region methods) */
    int ls_evals;         /* objective evaluations spent by the line search */
    double radius;        /* trust-region radius after the update (NaN for line search) */
    double rho;           /* actual / predicted reduction of the last trial step */
    int hessian_modified; /* 1 if the Newton matrix was modified (not positive definite),
                             0 if not, -1 if not applicable */
    int negative_curvature; /* 1 if the step followed a direction of negative curvature */
    int npos, nneg, nzero;  /* inertia of the Hessian at the previous iterate when the
                               method computed it, else -1 */
    long nfev, ngev, nhev;  /* evaluation counters so far */
} hesse_iteration;

/* Return 0 to continue, nonzero to stop the solve with HESSE_STOPPED. */
typedef int (*hesse_trace_fn)(const hesse_iteration *it, void *data);

/* Optional allocator. All memory the library allocates goes through it. When malloc
   is NULL the C library's malloc/free are used. free(NULL, data) must be harmless. */
typedef struct {
    void *(*malloc)(size_t size, void *data);
    void (*free)(void *ptr, void *data);
    void *data;
} hesse_allocator;

/* Line searches (option `linesearch`). */
typedef enum {
    HESSE_LINESEARCH_DEFAULT = 0, /* the method's own choice (given with each method) */
    HESSE_LINESEARCH_ARMIJO = 1,  /* backtracking: accept α when
                                       f(x + αd) <= f(x) + c1 α ∇f(x)ᵀd;
                                     else α <- interpolated minimizer (quadratic first,
                                     cubic after), safeguarded to [0.1 α, 0.5 α] */
    HESSE_LINESEARCH_WOLFE = 2    /* strong Wolfe: the Armijo condition above and
                                       |∇f(x + αd)ᵀd| <= c2 |∇f(x)ᵀd|;
                                     bracketing then zoom with cubic interpolation
                                     (Nocedal & Wright, Algorithms 3.5 and 3.6) */
} hesse_linesearch;

/* Classification of the end point (option `classify`). */
typedef enum {
    HESSE_CLASSIFY_AUTO = 0,  /* exact Hessian when a callback exists, else finite
                                 differences of the gradient when n <= classify_max_n */
    HESSE_CLASSIFY_NEVER = 1, /* leave point = HESSE_POINT_UNKNOWN */
    HESSE_CLASSIFY_ALWAYS = 2 /* as AUTO but ignore classify_max_n */
} hesse_classify_mode;

/* =====================================================================================
 * Options
 * =====================================================================================
 * Always start from hesse_options_init(&opt), then set the fields you need. Every
 * field is checked when a solver is created; an out-of-range value gives HESSE_EINVAL
 * with a message naming the field and its value.
 *
 * Stopping tests (all in one place, src/stop.c), checked after every iteration and at
 * the starting point, in this order; the first one met ends the solve:
 *   1. gradient test   ‖∇f(x_k)‖∞ <= gtol · max(1, |f(x_k)|)               -> SUCCESS
 *      For newton and newton-tr, and sr1/newton-cg with a Hessian, a point that meets
 *      it while the Hessian has a clearly negative eigenvalue is not accepted: the
 *      method takes a negative-curvature step instead.
 *      The max(1, |f|) factor makes the test relative when |f| is large (a gradient
 *      of 1e-3 is tiny for f = 1e5) and absolute near f = 0, where a relative test
 *      would never be met (f* = 0 for most classic test problems).
 *   2. step test       ‖x_k - x_{k-1}‖∞ <= xtol · max(1, ‖x_k‖∞)           -> SMALL_STEP
 *      (tests 2 and 3 apply only to iterations that accepted a step)
 *   3. decrease test   f_{k-1} - f_k <= ftol · max(1, |f_{k-1}|)            -> SMALL_DECREASE
 *   4. k >= max_iter                                                     -> MAX_ITER
 *   5. nfev + ngev + nhev >= max_evals                                   -> MAX_EVALS
 *   6. wall time since create >= max_seconds                            -> MAX_TIME
 *   7. trace callback returned nonzero                                   -> STOPPED
 * The evaluation limit is also checked before every evaluation: no solve makes more
 * than max_evals evaluations in all. max_iter and max_seconds are checked between
 * iterations, so a slow callback can overrun max_seconds by up to one iteration.
 */
typedef struct {
    const hesse_method *method; /* NULL = automatic: newton when a Hessian callback is
                                   given and n <= 2000, lbfgs when n > 2000, else bfgs */
    double gtol;          /* gradient test tolerance. Default 1e-8. Range >= 0. */
    double xtol;          /* step test tolerance. Default 1e-15. Range >= 0 (0 = off). */
    double ftol;          /* decrease test tolerance. Default 0 (off). Range >= 0. */
    int max_iter;         /* iteration limit. Default 1000. Range >= 0. */
    long max_evals;       /* limit on nfev + ngev + nhev (gradient evaluations made
                             together with f count once, in nfev). Default 100000.
                             Range >= 1. */
    double max_seconds;   /* wall-time limit. Default 0 (no limit). Range >= 0. */

    /* Line search (gd, newton, bfgs, lbfgs). */
    hesse_linesearch linesearch; /* Default HESSE_LINESEARCH_DEFAULT: Armijo for gd and
                                    newton, strong Wolfe for bfgs and lbfgs. */
    double c1;            /* sufficient decrease. Default 1e-4. Range 0 < c1 < 0.5. */
    double c2;            /* curvature (Wolfe). Default 0.9. Range c1 < c2 < 1. */
    int ls_max_evals;     /* objective evaluations per line search. Default 40.
                             Range >= 1. */

    /* Trust region (newton-tr, newton-cg, sr1). After a trial step s with
       ρ = (f(x) - f(x + s)) / (m(0) - m(s)):
         ρ < eta_shrink                          radius <- shrink · ‖s‖
         ρ > eta_grow and ‖s‖ >= 0.99 radius    radius <- min(grow · radius, radius_max)
         ρ > eta_accept                          x <- x + s (else x is kept) */
    double radius_init;   /* initial radius. Default 1. Range > 0. */
    double radius_max;    /* Default 1e10. Range >= radius_init. */
    double radius_min;    /* floor: below it the solve ends with TR_COLLAPSED.
                             Default 1e-14. Range 0 <= radius_min < radius_init. */
    double eta_accept;    /* Default 1e-4. Range 0 <= eta_accept < eta_shrink. */
    double eta_shrink;    /* Default 0.25. Range eta_accept <= eta_shrink < eta_grow. */
    double eta_grow;      /* Default 0.75. Range eta_shrink < eta_grow < 1. */
    double shrink;        /* Default 0.25. Range 0 < shrink < 1. */
    double grow;          /* Default 2. Range > 1. */

    int lbfgs_m;          /* L-BFGS memory (pairs kept). Default 10. Range >= 1. */

    /* Finite differences of the gradient (Hessian when no callback is given):
       central differences H e_j ≈ (∇f(x + h_j e_j) - ∇f(x - h_j e_j)) / (2 h_j),
       h_j = fd_step · max(1, |x_j|), then H <- (H + Hᵀ)/2. */
    double fd_step;       /* Default 6.055e-6 (= eps^(1/3)). Range > 0. */

    /* Classification of the end point. */
    hesse_classify_mode classify; /* Default HESSE_CLASSIFY_AUTO. */
    int classify_max_n;   /* Default 2000. Range >= 0. */
    double inertia_rtol;  /* an eigenvalue λ counts as zero when
                             |λ| <= inertia_rtol · max(1, max_i |λ_i|).
                             Default 1e-8. Range >= 0. */

    /* A solver refuses, with HESSE_ETOOBIG and before allocating, an n whose dense
       n×n matrices would need more than this many bytes: those of a dense method
       (newton, newton-tr, bfgs, sr1), plus one n×n Hessian when the end point will be
       classified (see classify and classify_max_n). Default 4 GiB (4294967296).
       Range >= 0. */
    double max_dense_bytes;

    hesse_trace_fn trace; /* Default NULL. Called after every iteration and once at
                             the start (iteration 0). */
    void *trace_data;
    hesse_allocator allocator; /* Default: all NULL (C library). */
} hesse_options;

/* Set every field of opt to its documented default. */
void hesse_options_init(hesse_options *opt);

/* =====================================================================================
 * Result
 * =====================================================================================
 */
typedef enum {
    HESSE_POINT_UNKNOWN = 0,        /* no Hessian was available, or classification off */
    HESSE_POINT_MINIMUM = 1,        /* gradient test met, Hessian positive definite */
    HESSE_POINT_SADDLE = 2,         /* gradient test met, Hessian has eigenvalues of both
                                       signs */
    HESSE_POINT_MAXIMUM = 3,        /* gradient test met, Hessian negative definite */
    HESSE_POINT_DEGENERATE = 4,     /* gradient test met, Hessian singular and no
                                       eigenvalues of both signs: second-order
                                       information cannot decide */
    HESSE_POINT_NOT_STATIONARY = 5  /* the gradient test is not met at this point */
} hesse_point_kind;

/* "minimum", "saddle", ... Static storage. */
const char *hesse_point_kind_name(hesse_point_kind k);

typedef struct {
    hesse_status status;
    double f;             /* f(x) at the returned x (always the last accepted point);
                             NaN when no point was accepted: invalid arguments or
                             options, or f and ∇f could not be evaluated at x0 */
    double gnorm;         /* ‖∇f(x)‖∞ (NaN when f is) */
    int iterations;
    long nfev;            /* objective evaluations (with or without the gradient) */
    long ngev;            /* gradient-only evaluations (finite differences) */
    long nhev;            /* Hessian and Hessian-vector callback calls */
    double seconds;       /* wall time of the solve */
    /* Classification of the final point. The Hessian used for it is the callback's or
       finite differences of the gradient (see option classify). Its eigenvalue count
       are npos + nneg + nzero = n, with the zero tolerance inertia_rtol. */
    hesse_point_kind point;
    int npos, nneg, nzero;  /* -1 when unknown */
    double lambda_min;      /* smallest eigenvalue, NaN when unknown */
    double lambda_max;      /* largest eigenvalue, NaN when unknown */
    const hesse_method *method; /* the method that ran */
    char message[256];      /* a sentence saying why the solve ended, naming the field,
                               value, evaluation or LAPACK info involved */
} hesse_result;

/* Minimize p->objective from x.
   x      in: the starting point x0 (n values); out: the last accepted point, whatever
          the status (after an error it is the point the error was met at or before).
   opt    NULL = defaults.
   res    may be NULL.
   Returns res->status. Equivalent to create + iterate until done + result + free. */
hesse_status hesse_minimize(const hesse_problem *p, double *x, const hesse_options *opt,
                            hesse_result *res);

/* =====================================================================================
 * Step-wise solver object
 * =====================================================================================
 * For users who drive the loop:
 *     hesse_solver *s;
 *     hesse_status st = hesse_solver_create(&problem, x0, &opt, &s);
 *     while (st == HESSE_RUNNING) st = hesse_solver_iterate(s);
 *     hesse_solver_result(s, &res);  copy hesse_solver_x(s) ...
 *     hesse_solver_free(s);
 */
typedef struct hesse_solver hesse_solver;

/* Validate, allocate all workspace (once: iterate never allocates) and evaluate f and
   ∇f at x0 (copied). Returns HESSE_RUNNING when the solve can go on, a terminal status
   otherwise (HESSE_SUCCESS if x0 already meets the gradient test, an error if the
   options or x0 are invalid).
   *out: set to a solver that must be freed with hesse_solver_free, whatever the
   status — even on error it holds the status and message; it is NULL only when the
   solver object itself could not be allocated (HESSE_ENOMEM, no message then).
   out == NULL returns HESSE_EINVAL and calls nothing.
   Errors: HESSE_EINVAL (p, x0 or p->objective NULL, p->n < 1, a non-finite x0[i],
   an option out of range: the message names it), HESSE_ETOOBIG, HESSE_ENOMEM, and,
   from the evaluation at x0, HESSE_EDOMAIN, HESSE_ENONFINITE, HESSE_ECALLBACK. */
hesse_status hesse_solver_create(const hesse_problem *p, const double *x0,
                                 const hesse_options *opt, hesse_solver **out);
/* One iteration. Returns HESSE_RUNNING, or the terminal status; once terminal, further
   calls return it again without calling any callback. */
hesse_status hesse_solver_iterate(hesse_solver *s);
/* Current status (HESSE_RUNNING while not finished). */
hesse_status hesse_solver_status(const hesse_solver *s);
/* A sentence on the current status. Borrowed; valid until the next call on s. */
const char *hesse_solver_message(const hesse_solver *s);
/* Borrowed pointers to the last accepted point and its gradient (n values), valid
   until the next hesse_solver_iterate or hesse_solver_free. */
const double *hesse_solver_x(const hesse_solver *s);
const double *hesse_solver_gradient(const hesse_solver *s);
double hesse_solver_f(const hesse_solver *s);
int hesse_solver_iterations(const hesse_solver *s);
/* Fill *res. When the solve has ended, the first call classifies the final point
   (which may evaluate the Hessian); later calls return the stored result. Returns
   res->status. */
hesse_status hesse_solver_result(hesse_solver *s, hesse_result *res);
/* Free s and everything it owns; NULL is a no-op. */
void hesse_solver_free(hesse_solver *s);

/* =====================================================================================
 * Hessians, definiteness and classification (single matrices and points)
 * =====================================================================================
 */
/* The Hessian of p at x into H (n*n): the callback when p->hessian is set, otherwise
   central differences of the gradient with step fd_step (<= 0: the default), then
   symmetrized. Counts are not kept. Returns HESSE_SUCCESS, HESSE_ECALLBACK,
   HESSE_EDOMAIN (a callback refused), HESSE_ENONFINITE, HESSE_EINVAL, HESSE_ENOMEM. */
hesse_status hesse_hessian(const hesse_problem *p, const double *x, double fd_step,
                           double *H);

/* Inertia and extreme eigenvalues of the symmetric matrix A (n*n, only the lower
   triangle is read) by dsyevr; |λ| <= rtol · max(1, max|λ_i|) counts as zero.
   Any of the outputs may be NULL. */
hesse_status hesse_inertia(int n, const double *A, double rtol, int *npos, int *nneg,
                           int *nzero, double *lambda_min, double *lambda_max);

/* ---- hesse: analysis section (definiteness, critical points, convexity,
        Taylor model, Laplacian, derivative check, constraints) ---- */

/* ---- hesse: problem registry section ---- */
/* The built-in test problems: Moré–Garbow–Hillstrom (family "mgh"), CUTEst
   unconstrained problems (family "cutest") and the seed documents' examples ("seed"),
   each with exact gradient, Hessian and Hessian-vector product. */
typedef struct hesse_testproblem hesse_testproblem; /* opaque registry entry, static */

typedef struct {
    const char *name;           /* "ROSENBR", "ARWHEAD", ... */
    const char *family;         /* "mgh", "cutest" or "seed" */
    const char *classification; /* CUTEst classification string, or "" */
    const char *sizes;          /* which n it accepts, in words ("n = 2", "n >= 2 even") */
    const char *source;         /* where the definition, x0 and f* come from */
    int default_n;
} hesse_testproblem_info;

/* Number of problems, and the i-th (NULL outside 0 <= i < count). Static storage. */
int hesse_testproblem_count(void);
const hesse_testproblem *hesse_testproblem_at(int i);
/* The problem named name (case-insensitive), or NULL. */
const hesse_testproblem *hesse_testproblem_find(const char *name);
/* Metadata of tp (static strings). */
void hesse_testproblem_get_info(const hesse_testproblem *tp, hesse_testproblem_info *info);
/* 1 if tp can be instantiated with n variables, else 0. */
int hesse_testproblem_accepts(const hesse_testproblem *tp, int n);

/* A problem instantiated at a size: owns its x0, x* and callback data. */
typedef struct {
    const hesse_testproblem *def;
    int n;
    hesse_problem problem;   /* callbacks (objective, hessian, hessvec) and data */
    double *x0;              /* standard starting point, n values */
    double fstar;            /* known optimal value at this n, NaN when unknown */
    const double *xstar;     /* a known minimizer, NULL when unknown */
    const char *fstar_source;/* where fstar comes from ("" when unknown) */
} hesse_testinstance;

/* Instantiate tp at n variables (n = 0: default_n). On success *out must be freed
   with hesse_testinstance_free. Errors: HESSE_EINVAL (tp or out NULL, n not accepted:
   the message, if msg is not NULL, names n and the sizes accepted), HESSE_ENOMEM.
   msg: optional buffer of msg_size bytes for that message. */
hesse_status hesse_testinstance_create(const hesse_testproblem *tp, int n,
                                       hesse_testinstance **out, char *msg,
                                       size_t msg_size);
void hesse_testinstance_free(hesse_testinstance *inst); /* NULL is a no-op */

/* ---- hesse: equations section ---- */

/* ---- hesse: formula section ---- */

#ifdef __cplusplus
}
#endif
#endif /* HESSE_H */
