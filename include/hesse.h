/*
 * hesse.h — minimization with Newton and quasi-Newton methods.
 *
 * This header is the reference manual. Every type, option, default, formula and
 * status of the library is described here, next to its declaration.
 *
 * Contents, in the order of the library's folders:
 *   1. Version, status codes, allocator ......................... src/base
 *   2. The problem and its evaluation ........................... src/eval
 *   3. Inertia, definiteness, point kinds ....................... src/linalg
 *   4. Minimization: methods, options, result, solver object .... src/minimize, solvers
 *   5. Nonlinear least squares and curve fitting ................ src/lsq
 *   6. Systems of equations F(x) = 0 ............................ src/roots
 *   7. Analysis: matrices, points, boxes, constraints ........... src/analysis
 *   8. Formulas ................................................. src/formula
 *   9. Built-in problems ........................................ problems
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
 *
 * The contract, for every function below
 * --------------------------------------
 *  - Bad input (a NULL pointer, n <= 0, an option out of its documented range, a
 *    non-finite starting point, a size a problem does not accept, a non-square or
 *    non-symmetric matrix) returns HESSE_EINVAL with a message naming the argument or
 *    field and its value. No callback is called and nothing the caller owns is changed,
 *    except the output arguments the function documents (set to NULL / NaN / zero).
 *  - A callback's return value decides, never passes through: > 0 or a NaN/Inf output
 *    at a trial point shortens the step; at the starting point it is HESSE_EDOMAIN /
 *    HESSE_ENONFINITE; < 0 is HESSE_ECALLBACK, after which that solver calls no
 *    callback again (hesse_solver_result does not classify after an error).
 *  - After any status — success, limit or error — the caller's x (and a solver's
 *    hesse_solver_x) holds the last accepted point, and result.f is f at that point
 *    (NaN when f(x0) itself could not be evaluated).
 *  - Out of memory is HESSE_ENOMEM with nothing leaked. All memory goes through
 *    hesse_options.allocator when one is given (the analysis and formula functions take
 *    their own allocator arguments); solvers allocate only in create, never while
 *    iterating.
 *  - Objects are freed by their *_free / *_clear function, which accepts NULL. Pointers
 *    returned by accessors are borrowed: valid until the next call on the same object.
 *  - Limits end a solve with their own positive status: max_iter, max_evals (checked
 *    before every evaluation), max_seconds (checked between iterations), and
 *    max_dense_bytes (HESSE_ETOOBIG before anything is allocated).
 *  - Threads: any number of solves may run at once on different objects. OpenBLAS's own
 *    threads only add synchronization for the small matrices typical here; set
 *    OPENBLAS_NUM_THREADS=1 when calling hesse from several threads. With more than
 *    one OpenBLAS thread, only gd, lbfgs and newton-cg with a hessvec callback give
 *    the same bits as with one (README, "Threads and OpenBLAS", says why and what
 *    else changes).
 *  - Processes: a solve is a deterministic function of x0, the options, the library
 *    build (with the OpenBLAS thread count) and the values the callbacks return, so
 *    MPI ranks that share all of these compute bit-identical iterates. max_seconds
 *    (each process's own clock) and a trace callback that decides locally break
 *    that; hesse_mpi.h gives the full contract and safe replacements.
 */
#ifndef HESSE_H
#define HESSE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* =====================================================================================
 * 1. Version, status codes, allocator (src/base)
 * =====================================================================================
 */
#define HESSE_VERSION_MAJOR 0
#define HESSE_VERSION_MINOR 1
#define HESSE_VERSION_PATCH 0
#define HESSE_VERSION_STRING "0.1.0"

/* The library's version, "MAJOR.MINOR.PATCH". Static storage. */
const char *hesse_version(void);

/* ---- Status codes ----
 * One list generates the enum, hesse_status_name() and hesse_status_string().
 *   0         success: the gradient test (see "Stopping tests") was met;
 *   > 0       a termination that is not an error: a limit was reached, no further
 *             progress can be made, or the trace callback asked to stop;
 *   < 0       an error: nothing was solved; x still holds the last accepted point.
 * HESSE_RUNNING is only returned by hesse_solver_iterate() while the solve goes on.
 */
#define HESSE_STATUS_MAP(X)                                                                 \
    X(SUCCESS, 0, "stationarity test met: the Newton step is below gtol of x")             \
    X(RUNNING, 1, "not finished: call hesse_solver_iterate() again")                        \
    X(MAX_ITER, 2, "iteration limit (max_iter) reached")                                    \
    X(MAX_EVALS, 3, "evaluation limit (max_evals) reached")                                 \
    X(MAX_TIME, 4, "time limit (max_seconds) reached")                                      \
    X(SMALL_STEP, 5, "step test met: max_i |x_k,i - x_k-1,i| / xs_i <= xtol")               \
    X(SMALL_DECREASE, 6, "decrease test met: f_k-1 - f_k <= ftol * |f_k-1|")                \
    X(LINESEARCH_FAILED, 7, "line search found no acceptable step: no further progress")   \
    X(TR_COLLAPSED, 8, "trust-region radius fell below radius_min: no further progress")   \
    X(STOPPED, 9, "stopped by the trace callback")                                          \
    X(UNBOUNDED, 10, "f appears unbounded below: no minimum was found")                     \
    X(EINVAL, -1, "invalid argument")                                                       \
    X(ENOMEM, -2, "out of memory")                                                          \
    X(ECALLBACK, -3, "a callback returned a negative value: solve aborted")                 \
    X(ENONFINITE, -4, "a callback produced a non-finite value (NaN or Inf)")                \
    X(EDOMAIN, -5, "the objective cannot be evaluated at the starting point")               \
    X(ELAPACK, -6, "a LAPACK routine reported an error")                                    \
    X(ETOOBIG, -7, "the dense matrices for this n exceed max_dense_bytes")                  \
    X(ESINGULAR, -8, "a matrix is singular to working precision")

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

/* Optional allocator. All memory the library allocates goes through it. Set both
   functions, or neither (all NULL: the C library's malloc and free). Exactly one of
   the two set is invalid: every function taking an allocator (options, formula
   parsing) returns HESSE_EINVAL naming it, before allocating anything. The library
   never asks for 0 bytes, and frees only what it got from the same allocator.
   free(NULL, data) must be harmless. */
typedef struct {
    void *(*malloc)(size_t size, void *data);
    void (*free)(void *ptr, void *data);
    void *data;
} hesse_allocator;

/* =====================================================================================
 * 2. The problem and its evaluation (src/eval)
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

/* The Hessian of p at x into H (n*n): the callback when p->hessian is set, otherwise
   central differences of the gradient with step fd_step (<= 0: the default), then
   symmetrized. Counts are not kept. Returns HESSE_SUCCESS, HESSE_ECALLBACK,
   HESSE_EDOMAIN (a callback refused), HESSE_ENONFINITE, HESSE_EINVAL, HESSE_ENOMEM. */
hesse_status hesse_hessian(const hesse_problem *p, const double *x, double fd_step,
                           double *H);

/* =====================================================================================
 * 3. Inertia, definiteness, point kinds (src/linalg)
 * =====================================================================================
 * The inertia (npos, nneg, nzero) of a symmetric matrix, the class of matrix it makes
 * (definiteness), and the kind of point it makes of a stationary point. The tests that
 * compute them are in section 7 (and, for the end point of a solve, sections 4 and 5).
 */
/* Inertia and extreme eigenvalues of the symmetric matrix A (n*n, only the lower
   triangle is read) by dsyevr; |λ| <= rtol · max(1, max|λ_i|) counts as zero.
   Any of the outputs may be NULL. */
hesse_status hesse_inertia(int n, const double *A, double rtol, int *npos, int *nneg,
                           int *nzero, double *lambda_min, double *lambda_max);

typedef enum {
    HESSE_DEFINITENESS_UNDECIDED = 0,             /* the test used cannot decide */
    HESSE_DEFINITENESS_POSITIVE_DEFINITE = 1,     /* all λ > 0 */
    HESSE_DEFINITENESS_POSITIVE_SEMIDEFINITE = 2, /* all λ >= 0, at least one λ = 0 */
    HESSE_DEFINITENESS_NEGATIVE_DEFINITE = 3,     /* all λ < 0 */
    HESSE_DEFINITENESS_NEGATIVE_SEMIDEFINITE = 4, /* all λ <= 0, at least one λ = 0 */
    HESSE_DEFINITENESS_INDEFINITE = 5,            /* λ of both signs */
    HESSE_DEFINITENESS_ZERO = 6                   /* all λ = 0 (by the rtol rule) */
} hesse_definiteness;

/* "positive definite", "indefinite", ..., "undecided"; "unknown" outside the enum.
   Static storage. */
const char *hesse_definiteness_name(hesse_definiteness d);
/* The class of a matrix with inertia (npos, nneg, nzero), all >= 0 and not all 0;
   HESSE_DEFINITENESS_UNDECIDED otherwise. */
hesse_definiteness hesse_definiteness_from_inertia(int npos, int nneg, int nzero);

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

/* =====================================================================================
 * 4. Minimization: methods, options, result, solver object (src/minimize, solvers)
 * =====================================================================================
 */
/* ---- Methods ----
 * A method is an opaque table with static storage; compare pointers or names.
 *   "gd"         steepest descent d = -g with a line search. The baseline.
 *   "newton"     line-search Newton. Cholesky (dpotrf) of H; when H is not positive
 *                definite, a Bunch–Kaufman LDLᵀ (dsytrf) gives the inertia and the
 *                step uses H = QΛQᵀ (dsyevd) with eigenvalues λ -> max(|λ|, δ),
 *                δ = sqrt(eps)·max(1, max|H_ij|), a descent direction (Nocedal &
 *                Wright eq. 3.41); at a point that meets the gradient test
 *                but has negative curvature, it steps along the eigenvector of λ_min,
 *                so saddles and maxima are left. Uses the Hessian callback, or
 *                finite differences of the gradient.
 *   "newton-tr"  trust-region Newton, exact subproblem (Moré–Sorensen: Cholesky of
 *                H + λI, the smallest eigenpair when H is indefinite). Handles
 *                indefinite Hessians natively and leaves saddles and maxima. Uses the
 *                Hessian callback, or finite differences of the gradient.
 *   "newton-cg"  truncated Newton, Steihaug–Toint CG in a trust region; needs only
 *                Hessian-vector products: the hessvec callback, else the Hessian
 *                callback's matrix (n² memory), else finite differences of the
 *                gradient. O(n) memory with hessvec; for large n.
 *   "bfgs"       dense inverse BFGS with a strong-Wolfe line search; n² memory.
 *   "lbfgs"      limited-memory BFGS (memory m = lbfgs_m), 2mn storage, nothing n².
 *   "sr1"        symmetric rank-one quasi-Newton in a trust region; can represent
 *                negative curvature, so it can leave saddles without a Hessian.
 *                Pick it for a small nonconvex problem without second derivatives
 *                where saddles or indefinite regions are expected; on convex problems
 *                bfgs usually needs fewer evaluations.
 * Trust-region methods leave a start at a saddle or maximum: newton-tr from the
 * Hessian's eigenvector, newton-cg and sr1 from a probe of Hessian-vector products
 * (at most min(n, 50) products of conjugate gradients from a fixed pseudo-random
 * vector; it can miss a negative eigenvalue that is small next to the others).
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

/* ---- Per-iteration record passed to the trace callback ----
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
    int hessian_modified; /* 1 if the Newton matrix was modified (not positive definite;
                             newton-tr: the step solved with H + λI, λ > 0),
                             0 if not, -1 if not applicable */
    int negative_curvature; /* 1 if the step followed a direction of negative curvature */
    int npos, nneg, nzero;  /* inertia of the Hessian at the previous iterate when the
                               method computed it, else -1 */
    long nfev, ngev, nhev;  /* evaluation counters so far */
    double lambda_min;      /* a step off a saddle or a degenerate point (the driver's,
                               negative_curvature = 1): the curvature dᵀ∇²f d it
                               followed, d the eigenvector of the smallest eigenvalue of
                               the equilibrated Hessian (< 0), or 0 along a direction
                               without curvature where f was seen to decrease; NaN
                               otherwise */
} hesse_iteration;

/* Return 0 to continue, nonzero to stop the solve with HESSE_STOPPED. */
typedef int (*hesse_trace_fn)(const hesse_iteration *it, void *data);

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
    HESSE_CLASSIFY_AUTO = 0,  /* when n <= classify_max_n: the Hessian callback's
                                 matrix, else central differences of the gradient */
    HESSE_CLASSIFY_NEVER = 1, /* leave point = HESSE_POINT_UNKNOWN */
    HESSE_CLASSIFY_ALWAYS = 2 /* as AUTO but ignore classify_max_n */
} hesse_classify_mode;

/* ---- Options ----
 * Always start from hesse_options_init(&opt), then set the fields you need. Every
 * field is checked when a solver is created; an out-of-range value gives HESSE_EINVAL
 * with a message naming the field and its value.
 *
 * Stopping tests (all in one place, src/minimize/stop.c), checked after every iteration and at
 * the starting point, in this order; the first one met ends the solve:
 *   1. gradient test   ‖∇f(x_k)‖∞ <= gtol · max(1, |f(x_k)|)               -> SUCCESS
 *      For newton and newton-tr (Hessian eigenvalues) and for newton-cg and sr1 (a
 *      probe of Hessian-vector products, see Methods), a point that meets it while
 *      the Hessian has a clearly negative eigenvalue is not accepted: the method
 *      takes a negative-curvature step instead.
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

    /* Trust region (newton-tr, newton-cg, sr1); ‖·‖ is Euclidean (the region is a
       ball). After a trial step s with
       ρ = (f(x) - f(x + s) + δ) / (m(0) - m(s) + δ),  δ = 10·eps·max(1, |f(x)|)
       (δ keeps ρ meaningful when both reductions are at rounding level; ρ = -∞ when
       the objective refused x + s or gave a non-finite value):
         ρ < eta_shrink                          radius <- shrink · ‖s‖
         ρ > eta_grow and ‖s‖ >= 0.99 radius    radius <- min(grow · radius, radius_max)
         ρ > eta_accept                          x <- x + s (else x is kept)
       A rejected step still counts as an iteration. An iteration that starts with
       radius < radius_min ends the solve with TR_COLLAPSED at the last accepted x. */
    double radius_init;   /* initial radius. Default 1. Range > 0. */
    double radius_max;    /* Default 1e10. Range >= radius_init. */
    double radius_min;    /* floor: below it the solve ends with TR_COLLAPSED.
                             Default 1e-14. Range 0 <= radius_min < radius_init. */
    double eta_accept;    /* Default 1e-4. Range 0 <= eta_accept < eta_shrink. */
    double eta_shrink;    /* Default 0.25. Range eta_accept <= eta_shrink < eta_grow. */
    double eta_grow;      /* Default 0.75. Range eta_shrink < eta_grow < 1. */
    double shrink;        /* Default 0.25. Range 0 < shrink < 1. */
    double grow;          /* Default 2. Range > 1. */

    int lbfgs_m;          /* L-BFGS memory (pairs kept): storage 2·lbfgs_m·n doubles.
                             Default 10. Range >= 1. */

    /* Finite differences of the gradient (Hessian when no callback is given):
       central differences H e_j ≈ (∇f(x + h_j e_j) - ∇f(x - h_j e_j)) / (2 h_j),
       h_j = fd_step · max(1, |x_j|), then H <- (H + Hᵀ)/2. */
    double fd_step;       /* Default 6.055e-6 (= eps^(1/3)). Range > 0. */

    /* Classification of the end point. */
    hesse_classify_mode classify; /* Default HESSE_CLASSIFY_AUTO. */
    int classify_max_n;   /* Default 2000. Range >= 0. */
    double inertia_rtol;  /* an extra zero tolerance for the classification's error
                             rule (see "What the classification means"): an
                             eigenvalue of the equilibrated Hessian counts as zero
                             when below max(its error bound, inertia_rtol·‖·‖₂).
                             Default 0 (the error bound alone). Range >= 0. */
    int curvature_check;  /* 1: a point that passes the stationarity test is checked
                             with the Hessian (the one the classification uses)
                             before it is accepted, and a saddle, maximum or
                             degenerate point that f decreases from is left (see
                             "Saddles"); 0: the method's own test is final. Default 1.
                             Range 0 or 1. */

    /* Typical sizes of the variables: x_scale[i] > 0 is the size x_i has when it is
       "of order one" for this problem (its units). NULL = automatic, from x0:
       typx_i = |x0_i|; where x0_i = 0, |f(x0)| / |∂f/∂x_i(x0)| (the change of x_i that
       changes f by its own size at the initial slope); where that is 0 or not finite
       too, 1. Copied at create (n values, each finite and > 0). Every test that
       compares a step with x uses xs_i = max(|x_i|, typx_i), the trust regions are
       ellipsoids ‖(p_i / typx_i)‖₂ <= radius, and differences use h_j = fd_step · xs_j:
       minimizing c·f(Dx) from D⁻¹x0 with x_scale/D is the same solve. */
    const double *x_scale;

    /* Dense methods (newton, newton-tr, bfgs, sr1, and newton-cg when it forms the
       Hessian: Hessian callback and no hessvec) refuse an n whose matrices would
       need more than this many bytes, with HESSE_ETOOBIG, before allocating. The
       end point is not classified (point = HESSE_POINT_UNKNOWN) when the one n×n
       Hessian that classification needs would take the total past this limit.
       Default 4 GiB (4294967296). Range >= 0. */
    double max_dense_bytes;

    hesse_trace_fn trace; /* Default NULL. Called after every iteration and once at
                             the start (iteration 0). */
    void *trace_data;
    hesse_allocator allocator; /* Default: all NULL (C library). */
} hesse_options;

/* Set every field of opt to its documented default. */
void hesse_options_init(hesse_options *opt);

/* ---- Result ---- */
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
    /* Evaluations made by the classification of the end point, counted apart: nfev,
       ngev and nhev above are the solve's alone. Classification is not limited by
       max_evals. 0 when the point was not classified. */
    long classify_nfev, classify_ngev, classify_nhev;
    /* The stationarity measure at x (see "Stopping tests", test 1): the size of the
       step to the minimizer of the model relative to x, max_i |s_i| / xs_i, and the
       decrease it predicts, -½ ∇fᵀs; NaN where no positive definite model exists. */
    double step_rel, step_decrease;
} hesse_result;

/* Minimize p->objective from x.
   x      in: the starting point x0 (n values); out: the last accepted point, whatever
          the status (after an error it is the point the error was met at or before).
   opt    NULL = defaults.
   res    may be NULL.
   Returns res->status. Equivalent to create + iterate until done + result + free. */
hesse_status hesse_minimize(const hesse_problem *p, double *x, const hesse_options *opt,
                            hesse_result *res);

/* ---- Step-wise solver object ----
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
 * 5. Nonlinear least squares and curve fitting (src/lsq)
 * =====================================================================================
 * Minimize f(x) = ½ Σ_i w_i r_i(x)² over the n parameters x, from m residuals r and
 * their m×n Jacobian J (J[i + j*m] = ∂r_i/∂x_j). Below, ρ_i = sqrt(w_i) r_i are the
 * weighted residuals and J their Jacobian (rows scaled by sqrt(w_i)); f = ½‖ρ‖²,
 * ∇f = Jᵀρ, ∇²f = JᵀJ + S with S = Σ_i ρ_i ∇²ρ_i (the second-order term that
 * Gauss–Newton drops).
 *
 * Everything follows the conventions of minimization (section 4): the same status
 * codes, limits (max_iter, max_evals checked before every evaluation, max_seconds),
 * allocator, trace callback, step-wise solver object, and "x holds the last accepted
 * point" after any status. Callbacks follow the contract of section 2: 0 ok; > 0 cannot
 * evaluate at this x (a trial point is then rejected: LM shrinks its radius, GN and
 * hybrid shorten the step; at x0 it is HESSE_EDOMAIN); < 0 abort (HESSE_ECALLBACK).
 * NaN/Inf outputs are refusals at trial points and HESSE_ENONFINITE at x0 or at an
 * accepted point.
 *
 * Methods ("lm", "gn", "hybrid"):
 *   "lm"      Levenberg–Marquardt with Moré's scaled trust region (J. J. Moré, "The
 *             Levenberg–Marquardt algorithm: implementation and theory", Numerical
 *             Analysis, Lecture Notes in Math. 630, Springer 1978, 105–116; the design
 *             of MINPACK's lmder). Variables scaled by D = diag(d_j), d_j = the largest
 *             ‖J_j‖ (column norm) seen so far; the trial step p minimizes ‖ρ + J p‖
 *             subject to ‖D p‖ <= Δ, found as p(λ) = argmin ‖ρ + Jp‖² + λ‖Dp‖² with λ
 *             from Moré's safeguarded Newton iteration on ‖D p(λ)‖ = Δ (accepted within
 *             10%, at most 10 tries). Initial Δ = radius_factor · ‖D typx‖ (typx below).
 *             ρ_k = actual/predicted reduction of ‖ρ‖²: accept when ρ_k >= 1e-4;
 *             ρ_k <= 1/4: Δ <- t·min(Δ, 10‖Dp‖), t in [0.1, 0.5] from the
 *             interpolation of Moré (1978) eq. (3.3); ρ_k >= 3/4 (or λ = 0):
 *             Δ <- 2‖Dp‖. Deviations from lmder: (1) the QR with column pivoting
 *             (LAPACK dgeqp3) is of the scaled J D⁻¹, so that the trust region is a ball
 *             and the damped systems [R; sqrt(λ) I] are solved by LAPACK's dgels instead
 *             of MINPACK's Givens rotations (same step in exact arithmetic); (2) one
 *             trial step per iteration (a rejected step counts as an iteration, as in
 *             newton-tr); (3) the stopping tests below replace lmder's ftol/xtol/gtol
 *             (its xtol test, a small radius, is reported as success by lmder; here it
 *             is TR_COLLAPSED unless the point passes the rounding-floor certificate);
 *             (4) a column of zeros gets d_j = 1 only until it first becomes nonzero.
 *   "gn"      Gauss–Newton with a line search: the step s solves min ‖ρ + J s‖ (QR with
 *             column pivoting; where J is rank deficient, the basic solution on the
 *             numerical rank, which is still a descent direction), then Armijo
 *             backtracking on f from α = 1: accept when f(x + αs) <= f + c1·α·∇fᵀs,
 *             else α <- the minimizer of the quadratic through f, ∇fᵀs and
 *             f(x + αs), kept in [0.1α, 0.5α] (α/2 after a refused trial); the search
 *             fails after ls_max_evals trials or when αs moves no x_i by more than
 *             eps·xs_i.
 *   "hybrid"  large-residual hybrid (Fletcher & Xu, "Hybrid methods for nonlinear
 *             least squares", IMA J. Numer. Anal. 7 (1987) 371–389): Gauss–Newton steps
 *             while they reduce f by at least hybrid_ratio·f per iteration (fast on small
 *             residuals); when one does not, the next steps use the full Hessian model
 *             JᵀJ + S: S from the second_order callback when the problem has one, else
 *             the secant approximation of Dennis, Gay & Welsch (NL2SOL, ACM TOMS 7 (1981)
 *             348–368, eq. (3.5) with their sizing τ = min(1, |sᵀy#| / |sᵀSs|)), updated
 *             at every step. A Hessian model that is not positive definite is shifted
 *             (Cholesky of JᵀJ + S + μI, μ from sqrt(eps)·‖JᵀJ + S‖_F, ×10 until it
 *             factors); a step that is not a descent direction or whose line search
 *             fails is replaced by the Gauss–Newton step.
 *
 * Typical sizes. typx_i = x_scale[i] when given; else |x0_i|; where x0_i = 0, the step
 * that changes the residuals by their own size, ‖ρ(x0)‖ / ‖J(x0)_i‖ (J_i the column;
 * not |f|/|∇f_i|, which a gradient that vanishes by symmetry at x0 makes huge, as on
 * MGH's Gaussian); where that is 0 or not finite, 1. xs_i = max(|x_i|, typx_i). Scaling x by a diagonal D and f by
 * c > 0 scales typx with x, so every test below is invariant to the units of x and f.
 *
 * Stopping tests (all in one place, src/lsq/lsq_stop.c), at x0 and after every iteration
 * that accepted a step, in this order. They use the Gauss–Newton step at the current
 * point x: with J D⁻¹ Π = Q R (QR with column pivoting, D the column norms as above) and
 * k the numerical rank of R (|R_jj| > rank_tol·|R_11|),
 *     s_GN = the basic solution of min ‖ρ + J s‖ on the rank k,
 *     pred = ½ Σ_{j<=k} (Qᵀρ)_j²        (the decrease the Gauss–Newton model promises),
 *     rest = f − pred = ½ Σ_{j>k} (Qᵀρ)_j²   (the residual it leaves),
 *     rel  = max_i |s_GN,i| / xs_i       (relative change the model still wants).
 *   1. relative offset (Bates & Watts, Technometrics 23 (1981) 179–183), when m > k:
 *        sqrt(pred / k) <= offset_tol · sqrt(rest / (m − k))                -> SUCCESS
 *      the remaining Gauss–Newton change of the fitted values is a fraction offset_tol
 *      of the residual noise: the parameters are as good as the data determine them,
 *      to that fraction of their standard errors. It cannot be met by zero-residual
 *      fits (rest -> 0 with pred), which tests 2 and 3 serve.
 *   2. Gauss–Newton step  rel <= xtol                                      -> SUCCESS
 *   3. rounding floor     pred <= 10·eps·f                                 -> SUCCESS
 *      (the model promises no decrease that f can show; 0 <= 0 at a zero residual)
 *   4. step test: the accepted step max_i |Δx_i| / xs_i <= step_tol        -> SMALL_STEP
 *   5. k >= max_iter -> MAX_ITER; evaluations >= max_evals -> MAX_EVALS; wall time
 *      >= max_seconds -> MAX_TIME; trace callback nonzero -> STOPPED.
 * Tests 1–3 use k < n too (stationarity on the range of J); a point that meets one of
 * them with k < n is a SUCCESS only under the Newton certificate below, else the solve
 * ends with HESSE_ESINGULAR: the parameters are not identifiable there (a plateau where
 * a column of J vanished, or a whole manifold of minimizers as in MGH's linear rank-1
 * problems).
 * Stalls: SMALL_STEP, TR_COLLAPSED (lm: Δ <= eps·‖D xs‖) and LINESEARCH_FAILED (gn,
 * hybrid) become SUCCESS ("at the rounding floor") when pred <= 1000·eps·f and k = n,
 * or under the Newton certificate; otherwise they stay.
 * Newton certificate: the full Hessian H = JᵀJ + S at x (S from second_order, else
 * central differences of ∇f = Jᵀρ with h_j = eps^(1/3)·xs_j) is positive definite
 * beyond its error — with E = diag(H_jj^-½), the Cholesky factorization of E H E
 * exists and its reciprocal condition estimate (dpocon) exceeds 100·n·eps (callback)
 * or 100·eps^(2/3) (differences) — and the Newton step s_N = −H⁻¹∇f has
 * max_i |s_N,i| / xs_i <= xtol or predicts −½ ∇fᵀs_N <= 1000·eps·f. It certifies
 * large-residual minima where J alone is nearly singular (MGH's Jennrich–Sampson, whose
 * two columns of J coincide at the minimum).
 * HESSE_SUCCESS means one of tests 1–3 (or a certificate) was met: hesse_status_string
 * speaks of minimization's gradient test, the result's message says which test.
 * What SUCCESS guarantees: first-order stationarity in a scale-free form (Jᵀρ ≈ 0
 * measured by the projection of ρ on the range of J, not by ‖Jᵀρ‖ against an absolute
 * number), on a J of full rank or with a positive definite Hessian. It does not say the
 * point is a minimum in the first case (see result.point, from the full Hessian).
 * A run whose parameters grow without bound meets none of tests 1–3 with k = n: along
 * an asymptote the Gauss–Newton step grows with x, and where a column of J underflows
 * to zero the rank drops (NIST's BoxBOD from its first start ends so, with ESINGULAR).
 */
/* Fill r[0..m-1] with the residuals at x and, when J is not NULL, the m×n Jacobian J
   (column-major, J[i + j*m] = ∂r_i/∂x_j). J is never passed to a problem declared with
   has_jacobian = 0. Return value as for every callback (section 2). */
typedef int (*hesse_residual_fn)(int n, int m, const double *x, double *r, double *J,
                                 void *data);
/* Fill S (n*n, whole matrix) with Σ_i u_i ∇²r_i(x) for the given u (m values). */
typedef int (*hesse_residual_hessian_fn)(int n, int m, const double *x, const double *u,
                                         double *S, void *data);

typedef struct {
    int n;                       /* parameters, n >= 1 */
    int m;                       /* residuals, m >= 1 (m < n is allowed; the statistics
                                    need m > n) */
    hesse_residual_fn residuals; /* required */
    int has_jacobian;            /* 1: residuals fills J when asked; 0: J by forward
                                    (or central, fd_central) differences of r, step
                                    h_j = fd_step·max(|x_j|, typx_j) rounded so that
                                    x_j + h_j - x_j is exact */
    hesse_residual_hessian_fn second_order; /* optional: Σ u_i ∇²r_i, for the hybrid
                                    method and the classification of the end point
                                    (else differences of ∇f = Jᵀρ) */
    const double *weights;       /* optional: m weights w_i > 0 and finite (copied at
                                    create); NULL = all 1 */
    void *data;                  /* passed unchanged to every callback */
} hesse_lsq_problem;

typedef struct hesse_lsq_method hesse_lsq_method; /* opaque, static storage */
extern const hesse_lsq_method *const hesse_lsq_method_lm;
extern const hesse_lsq_method *const hesse_lsq_method_gn;
extern const hesse_lsq_method *const hesse_lsq_method_hybrid;
/* The method called name ("lm", "gn", "hybrid"), or NULL. */
const hesse_lsq_method *hesse_lsq_method_find(const char *name);
/* Its name; "(null)" for NULL. Static storage. */
const char *hesse_lsq_method_name(const hesse_lsq_method *m);
int hesse_lsq_method_count(void);
const hesse_lsq_method *hesse_lsq_method_at(int i); /* NULL outside 0..count-1 */

/* Per-iteration record for the trace callback; pointers borrowed during the call.
   Fields a method does not use are NaN (doubles) or -1 (ints). */
typedef struct {
    int iteration;       /* 0 = the starting point */
    int n, m;
    const double *x;     /* the accepted point */
    const double *r;     /* its weighted residuals ρ (m values) */
    double f;            /* ½‖ρ‖² */
    double gnorm;        /* ‖Jᵀρ‖∞ (NaN while J at x is not known) */
    double offset;       /* sqrt(pred/k) / sqrt(rest/(m−k)) of test 1 (Inf when rest
                            is 0, NaN when m <= k) */
    double gn_step;      /* rel of test 2 */
    double step_norm;    /* max_i |x_k,i − x_k−1,i| / xs_i (NaN at iteration 0) */
    double alpha;        /* line-search step length (gn, hybrid) */
    double radius;       /* Δ after the update (lm) */
    double rho;          /* actual / predicted reduction of the trial (lm) */
    double lm_param;     /* λ of the trial step (lm) */
    int second_order;    /* hybrid: 1 when the step used JᵀJ + S; else 0 */
    int rank;            /* numerical rank k of J at x */
    long nfev, njev, nsev; /* counters so far */
} hesse_lsq_iteration;
typedef int (*hesse_lsq_trace_fn)(const hesse_lsq_iteration *it, void *data);

/* Options. Start from hesse_lsq_options_init; every field is checked at create
   (HESSE_EINVAL naming the field and its value). */
typedef struct {
    const hesse_lsq_method *method; /* NULL = lm */
    double offset_tol;   /* test 1. Default 1e-8. Range >= 0. */
    double xtol;         /* test 2. Default 1e-10. Range >= 0. */
    double step_tol;     /* test 4. Default 2.2e-16 (eps). Range >= 0. */
    int max_iter;        /* Default 1000. Range >= 0. */
    long max_evals;      /* limit on nfev + njev + nsev. Default 100000. Range >= 1. */
    double max_seconds;  /* Default 0 (none). Range >= 0. */
    double radius_factor; /* lm: Δ0 = radius_factor·‖D typx‖. Default 100 (lmder's
                             factor). Range > 0. */
    double c1;           /* gn, hybrid: Armijo constant. Default 1e-4. Range (0, 0.5). */
    int ls_max_evals;    /* gn, hybrid: evaluations per line search. Default 30. >= 1. */
    double hybrid_ratio; /* hybrid: a Gauss–Newton step that reduces f by less than
                            hybrid_ratio·f switches to the second-order model.
                            Default 0.2 (Fletcher & Xu). Range (0, 1). */
    double rank_tol;     /* numerical rank: |R_jj| <= rank_tol·|R_11| of the scaled QR,
                            and σ_j <= rank_tol·σ_1 in the report. Default 0 =
                            automatic (see "Statistics of a fit"). Range [0, 1). */
    double fd_step;      /* relative difference step; 0 = automatic: sqrt(eps)
                            forward, eps^(1/3) central. Range >= 0. */
    int fd_central;      /* 0 forward (default), 1 central differences of r */
    const double *x_scale; /* optional: n typical sizes > 0 (copied at create);
                            NULL = automatic (see Typical sizes) */
    hesse_classify_mode classify; /* of the end point, as in section 4. Default AUTO. */
    int classify_max_n;  /* Default 2000. Range >= 0. */
    double inertia_rtol; /* extra zero tolerance of the classification, as in section 4. Default 0. */
    hesse_lsq_trace_fn trace; /* Default NULL; called at iteration 0 and after each */
    void *trace_data;
    hesse_allocator allocator;
} hesse_lsq_options;

void hesse_lsq_options_init(hesse_lsq_options *opt); /* NULL: no-op */

typedef struct {
    hesse_status status;
    const hesse_lsq_method *method;
    int n, m;
    double f;            /* ½ Σ w_i r_i² at x (NaN if r(x0) could not be evaluated) */
    double ssr;          /* Σ w_i r_i² = 2f */
    double gnorm;        /* ‖Jᵀρ‖∞ at x (NaN when J at x is not known) */
    double offset, gn_step; /* tests 1 and 2 at x (NaN when unknown) */
    int rank;            /* numerical rank of J at x (-1 when unknown) */
    int iterations;
    long nfev;           /* residual evaluations without J (differences included) */
    long njev;           /* Jacobians: callback calls with J, or difference matrices */
    long nsev;           /* second-order callback calls */
    double seconds;
    /* Classification of the end point from the full Hessian JᵀJ + S (S from the
       second_order callback, else central differences of Jᵀρ), as hesse_result. */
    hesse_point_kind point;
    int npos, nneg, nzero;
    double lambda_min, lambda_max;
    long classify_nfev, classify_njev, classify_nsev;
    char message[256];
} hesse_lsq_result;

/* Solve from x (in: x0; out: the last accepted point, whatever the status). opt NULL =
   defaults, res may be NULL. Returns the status. Equivalent to create + iterate until
   done + result + free. */
hesse_status hesse_lsq_solve(const hesse_lsq_problem *p, double *x,
                             const hesse_lsq_options *opt, hesse_lsq_result *res);

/* Step-wise solver, used like hesse_solver (section 4). create validates, allocates
   all workspace, copies x0 (and weights, x_scale), evaluates r and J at x0 and returns
   HESSE_RUNNING, SUCCESS when x0 passes a test, or a terminal status; *out is a solver
   to free whatever the status (NULL only when out is NULL or the solver itself could
   not be allocated). p is borrowed (callbacks and data) until free. */
typedef struct hesse_lsq_solver hesse_lsq_solver;
hesse_status hesse_lsq_solver_create(const hesse_lsq_problem *p, const double *x0,
                                     const hesse_lsq_options *opt, hesse_lsq_solver **out);
hesse_status hesse_lsq_solver_iterate(hesse_lsq_solver *s);
hesse_status hesse_lsq_solver_status(const hesse_lsq_solver *s);
const char *hesse_lsq_solver_message(const hesse_lsq_solver *s); /* borrowed */
/* Borrowed, valid until the next iterate or free: x (n), its weighted residuals ρ (m),
   and J at x (m*n) or NULL when J at x is not known. */
const double *hesse_lsq_solver_x(const hesse_lsq_solver *s);
const double *hesse_lsq_solver_residuals(const hesse_lsq_solver *s);
const double *hesse_lsq_solver_jacobian(const hesse_lsq_solver *s);
int hesse_lsq_solver_iterations(const hesse_lsq_solver *s);
/* Fill *res; once the solve has ended, the first call classifies the end point (its
   evaluations counted apart). Returns res->status. */
hesse_status hesse_lsq_solver_result(hesse_lsq_solver *s, hesse_lsq_result *res);
void hesse_lsq_solver_free(hesse_lsq_solver *s); /* NULL: no-op */

/* ---- Statistics of a fit ----
 * At a point x (normally a solve's end point), with ν = m − n degrees of freedom:
 *   SSR = Σ w_i r_i²;  σ = sqrt(SSR / ν)  (residual standard deviation; the weights
 *         are relative, as in SciPy's curve_fit with absolute_sigma = False);
 *   covariance C = σ² (JᵀJ)⁻¹, computed from the SVD (dgesvd) of J Dc⁻¹ (Dc = the
 *         column norms, so that parameters of any units are treated alike):
 *         C = σ² Dc⁻¹ V Σ⁻² Vᵀ Dc⁻¹;
 *   standard errors se_j = sqrt(C_jj); correlations C_jk / (se_j se_k);
 *   t-values x_j / se_j; confidence intervals x_j ± t_{ν,(1+level)/2} se_j, with the
 *         Student t quantile computed from the exact t distribution function for
 *         integer ν (Abramowitz & Stegun 26.7.3–26.7.4, finite sums in θ =
 *         atan(t/sqrt(ν))), inverted by Newton's method safeguarded by bisection in θ
 *         (tests/test_lsq.c: the closed forms for ν = 1, 2 to 1e-14 relative, SciPy's t.ppf
 *         to 1e-10, SciPy's own accuracy);
 *   cond = σ_1/σ_n of J itself (2-norm), cond_scaled the same of J Dc⁻¹.
 * Identifiability: singular values σ_j of J Dc⁻¹ with σ_j <= rank_tol·σ_1 are zero
 * (rank_tol 0 = automatic: 10·max(m, n)·eps with a Jacobian callback, 10·sqrt(eps)
 * with forward differences, 10·eps^(2/3) with central ones: the relative error of J).
 * When rank < n the parameters are not identifiable: C is the pseudo-inverse's (the
 * zero singular values dropped), and parameter j gets se_j = Inf (and t-value 0,
 * interval (−Inf, Inf)) when it has a component > sqrt(eps) in a dropped singular
 * vector (identifiable[j] = 0). With ν <= 0 there is no σ: C, se, t and intervals are
 * NaN (the message says why). */
typedef struct {
    int n, m, dof;
    double f, ssr, sigma;
    double confidence;     /* the level used, e.g. 0.95 */
    double t_quantile;     /* t_{ν,(1+level)/2} (NaN when ν <= 0) */
    int rank;
    double cond, cond_scaled;
    double *x;             /* n: the point */
    double *stderr_;       /* n: standard errors (named with _ : stderr is a macro) */
    double *tvalue;        /* n */
    double *ci_lower, *ci_upper; /* n each */
    int *identifiable;     /* n: 1 or 0 */
    double *covariance;    /* n*n, column-major */
    double *correlation;   /* n*n */
    double *singular_values; /* n: of J Dc⁻¹, descending (0 beyond m) */
    char message[256];
    hesse_allocator allocator_; /* internal */
} hesse_lsq_report;

/* The statistics at x (n values): r and J are evaluated there (one residual call with
   J, or differences). confidence in (0, 1) (e.g. 0.95). opt NULL = defaults (used for
   fd_step, fd_central, rank_tol, allocator). Returns HESSE_SUCCESS; HESSE_EINVAL (NULL,
   bad problem or options, confidence out of range), HESSE_ECALLBACK, HESSE_EDOMAIN,
   HESSE_ENONFINITE, HESSE_ENOMEM, HESSE_ELAPACK. Release rep with
   hesse_lsq_report_clear (also after an error). */
hesse_status hesse_lsq_report_at(const hesse_lsq_problem *p, const double *x,
                                 const hesse_lsq_options *opt, double confidence,
                                 hesse_lsq_report *rep);
void hesse_lsq_report_clear(hesse_lsq_report *rep);

/* The Student t quantile t_{ν,p}: P(T <= t) = p for T with ν degrees of freedom
   (ν >= 1, 0 < p < 1), by the method described above; NaN outside the range. */
double hesse_student_t_quantile(int nu, double p);

/* ---- The least-squares problem as an objective ----
 * A hesse_problem for f(x) = ½ Σ w_i r_i(x)², so that any minimization method can fit:
 * objective f and ∇f = Jᵀρ, hessian JᵀJ + S (S from second_order, else the problem has
 * no Hessian callback and the methods use their own differences), hessvec NULL. Every
 * call goes through an evaluator of the adapter; a refusal or non-finite output of the
 * residuals is a refusal of the objective (1), an abort is -1. The minimization solver
 * counts the objective's calls (nfev) and Hessian calls (nhev). */
typedef struct hesse_lsq_objective hesse_lsq_objective;
/* Create the adapter for p (borrowed, with its callbacks and data; weights copied)
   and fill *problem with its callbacks. Returns HESSE_SUCCESS, HESSE_EINVAL (bad
   problem), HESSE_ENOMEM. *out is NULL on error. */
hesse_status hesse_lsq_objective_create(const hesse_lsq_problem *p,
                                        const hesse_allocator *alloc,
                                        hesse_lsq_objective **out, hesse_problem *problem);
void hesse_lsq_objective_free(hesse_lsq_objective *o); /* NULL: no-op */

/* =====================================================================================
 * 6. Systems of equations F(x) = 0 (src/roots)
 * =====================================================================================
 * Square systems: x and F in R^n.
 *
 * Methods
 *   HESSE_ROOTS_NEWTON   Newton's method: J(x_k) d = -F(x_k) by LU (dgetrf/dgetrs),
 *                        globalized by a backtracking line search on the merit
 *                        function φ(x) = ½‖F(x)‖². Quadratic convergence near a root
 *                        with a nonsingular Jacobian. Cost per iteration: one Jacobian
 *                        (one callback call, or n (forward) / 2n (central) calls of F
 *                        for finite differences), 2n³/3 flops for the LU, and the line
 *                        search's F evaluations (usually one).
 *   HESSE_ROOTS_BROYDEN  Broyden's "good" method: the Jacobian is replaced by a matrix
 *                        B_k updated from F values only,
 *                            B_{k+1} = B_k + (y - B_k s) sᵀ / (sᵀ s),
 *                            s = x_{k+1} - x_k,  y = F(x_{k+1}) - F(x_k),
 *                        and B_k d = -F(x_k) is solved by LU. B_0 = J(x_0). Superlinear
 *                        convergence near a root with a nonsingular Jacobian; about one
 *                        F evaluation per iteration, no Jacobian after the first unless
 *                        restarted (see broyden_restart_iter). Cost per iteration: 2n³/3
 *                        flops for the LU of B_k (refactored each iteration so that the
 *                        determinant and rcond are available), one or more F calls.
 *
 * Line search (both methods). With the direction d and the slope
 *     σ = ∇φ(x)ᵀd = (JᵀF)ᵀd           (Newton and fallback steps, with the true J)
 *     σ = -‖F(x)‖²                    (Broyden steps: the slope of the model B, for
 *                                      which B d = -F; J is not known there),
 * α starts at 1 (after d is scaled down to ‖d‖₂ <= max_step) and a trial
 * x + αd is accepted when
 *     φ(x + αd) <= φ(x) + c1 α σ                                   (Armijo)
 * otherwise α <- the minimizer of the quadratic through φ(x), σ and φ(x + αd),
 * safeguarded to [0.1 α, 0.5 α]; a trial the callback refuses (> 0) or where F is
 * not finite gives α <- 0.5 α. The search fails after ls_max_evals trials, or when
 * x + αd equals x in floating point, or (Newton and Broyden steps only) when α would
 * fall below alpha_fallback.
 *
 * Singular Jacobian and fallback step (Newton, and Broyden after a restart). The
 * Newton step is replaced by the Levenberg–Marquardt step
 *     (JᵀJ + μI) d = -JᵀF,   μ = ‖F(x)‖₂ + sqrt(eps) · max(1, ‖JᵀJ‖₁)
 * (Cholesky, dpotrf/dpotrs; μ ∝ ‖F‖ after Fan & Yuan, the sqrt(eps) term keeps the
 * matrix well conditioned) when
 *   - the LU of J meets an exact zero pivot (dgetrf info > 0), or
 *   - the reciprocal condition estimate rcond of J (dgecon, 1-norm) is < rcond_min, or
 *   - the Newton step is not a descent direction for φ (σ >= 0, or d not finite), or
 *   - the line search along the Newton step fails, or would need α < alpha_fallback.
 * If Cholesky of JᵀJ + μI fails, the steepest-descent direction of φ, d = -JᵀF, is
 * used. The fallback is a descent direction whenever JᵀF ≠ 0.
 *
 * Broyden restart rule. B is replaced by a fresh Jacobian at the current point (the
 * callback's, or finite differences) when
 *   - B is singular or near-singular (as above), or the line search along -B⁻¹F
 *     fails or would need α < alpha_fallback; the iteration is then redone as a
 *     Newton iteration (with its fallback);
 *   - broyden_restart_iter consecutive iterations each gave
 *     ‖F(x_{k+1})‖₂ > broyden_restart_ratio · ‖F(x_k)‖₂ (not enough decrease).
 *
 * Jacobian by finite differences (has_jacobian = 0). Column j:
 *   forward (fd_central = 0):  (F(x + h_j e_j) - F(x)) / h_j,      n calls of F
 *   central (fd_central = 1):  (F(x + h_j e_j) - F(x - h_j e_j)) / (2 h_j),  2n calls
 *   h_j = fd_step · max(1, |x_j|), rounded so that x_j + h_j - x_j is exact.
 *   fd_step = 0 means sqrt(eps) ≈ 1.49e-8 forward, eps^(1/3) ≈ 6.06e-6 central.
 * When the callback refuses (> 0) or returns non-finite values at x + h_j e_j
 * (or x - h_j e_j), the one-sided difference on the other side is used; when both
 * sides fail the solve ends with HESSE_EDOMAIN (a side was refused) or
 * HESSE_ENONFINITE.
 *
 * Stopping tests (all in one place, src/roots/roots_stop.c), checked at x0 and after every
 * iteration, in this order; the first one met ends the solve:
 *   1. residual test  ‖F(x_k)‖∞ <= ftol                                -> SUCCESS
 *   2. step test      ‖x_k - x_{k-1}‖∞ <= xtol · max(1, ‖x_{k-1}‖∞)   -> SMALL_STEP
 *   3. k >= max_iter                                                    -> MAX_ITER
 *   4. nfev + njev >= max_evals, or too few evaluations left to form the
 *      next Jacobian                                                    -> MAX_EVALS
 *   5. the trace callback returned nonzero                              -> STOPPED
 * A line search that fails (with the fallback too) ends the solve with
 * LINESEARCH_FAILED. SMALL_STEP and LINESEARCH_FAILED become HESSE_ESINGULAR when
 * the matrix the last step was computed from (J, or B) was singular or
 * near-singular (info > 0 or rcond < rcond_min): the solve then stopped at a point
 * where ½‖F‖² cannot be decreased along any direction the Jacobian offers: a local
 * minimizer of ‖F‖ that is not a root, or (with a small ftol) a root at which J is
 * singular. The test ftol is absolute: scale F so that its components are of order
 * one, or set ftol accordingly. No solve makes more than max_evals evaluations: the
 * limit is checked before every call.
 *
 * Callbacks follow the contract of section 2 (the problem and its evaluation): 0 ok; > 0 cannot evaluate
 * at this x (at x0: HESSE_EDOMAIN; at a line-search trial: the step is shortened);
 * < 0 abort (HESSE_ECALLBACK, and no callback is called again by that solver).
 * A NaN or Inf in F or J is treated as a refusal at trial points and as
 * HESSE_ENONFINITE at x0 or at an accepted point. A Jacobian the callback refuses at
 * an accepted point (where it gave F) ends the solve with HESSE_EDOMAIN.
 * HESSE_SUCCESS means the residual test above was met (hesse_status_string speaks of
 * the gradient test of minimization; the result's message says which test).
 */

/* Fill F[0..n-1] with F(x) and, when J is not NULL, the whole n*n Jacobian J
   (column-major, J[i + j*n] = ∂F_i/∂x_j). J is never passed to a system declared
   with has_jacobian = 0. Return value as for every callback (see above). */
typedef int (*hesse_system_fn)(int n, const double *x, double *F, double *J, void *data);

typedef struct {
    int n;                    /* number of equations and unknowns, n >= 1 */
    hesse_system_fn function; /* required */
    int has_jacobian;         /* 1: function fills J when J != NULL;
                                 0: Jacobians by finite differences of F */
    void *data;               /* passed unchanged to every call of function */
} hesse_system;

typedef enum {
    HESSE_ROOTS_NEWTON = 0,  /* "newton"  */
    HESSE_ROOTS_BROYDEN = 1  /* "broyden" */
} hesse_roots_method;

/* "newton", "broyden"; "unknown" for another value. Static storage. */
const char *hesse_roots_method_name(hesse_roots_method m);
/* The method called name (exact, lower case) into *m: returns 1, or 0 when unknown
   or name or m is NULL (then *m is unchanged). */
int hesse_roots_method_find(const char *name, hesse_roots_method *m);

/* Per-iteration record passed to the roots trace callback. Pointers are borrowed,
   valid only during the callback. */
typedef struct {
    int iteration;        /* iterations completed, 0 = the starting point */
    int n;
    const double *x;      /* the accepted point */
    const double *F;      /* F(x) */
    double fnorm;         /* ‖F(x)‖∞ */
    double fnorm2;        /* ‖F(x)‖₂ */
    double step_norm;     /* ‖x_k - x_{k-1}‖∞ (NaN at iteration 0) */
    double alpha;         /* accepted step length (NaN at iteration 0) */
    int ls_evals;         /* F evaluations spent by the line search(es) */
    int fallback;         /* 1 if the step was the Levenberg–Marquardt (or steepest-
                             descent) fallback, 0 if a Newton/Broyden step */
    int restarted;        /* broyden: 1 if a fresh Jacobian was formed during this
                             iteration; newton: 0 */
    double rcond;         /* rcond of the matrix (J or B) the step was computed from
                             (at iteration 0: of J(x0)); 0 when exactly singular */
    long nfev, njev;      /* counters so far (see hesse_roots_result) */
} hesse_roots_iteration;

/* Return 0 to continue, nonzero to stop the solve with HESSE_STOPPED. */
typedef int (*hesse_roots_trace_fn)(const hesse_roots_iteration *it, void *data);

/* Options. Start from hesse_roots_options_init(&opt). Every field is checked when a
   solver is created; an out-of-range value (or NaN) gives HESSE_EINVAL with a message
   naming the field and its value. */
typedef struct {
    hesse_roots_method method; /* Default HESSE_ROOTS_NEWTON. */
    double ftol;          /* residual test: ‖F‖∞ <= ftol. Default 1e-10. Range >= 0. */
    double xtol;          /* step test tolerance. Default 1e-15. Range >= 0 (0 = off). */
    int max_iter;         /* iteration limit. Default 200. Range >= 0. */
    long max_evals;       /* limit on nfev + njev. Default 100000. Range >= 1. */
    double c1;            /* Armijo constant. Default 1e-4. Range 0 < c1 < 0.5. */
    int ls_max_evals;     /* F evaluations per line search. Default 30. Range >= 1. */
    double max_step;      /* longest trial step ‖αd‖₂ (d is scaled down to it).
                             Default 0 = automatic: 1e3 · max(1, ‖x0‖₂) (Dennis &
                             Schnabel, section 6.3). Range >= 0. */
    double fd_step;       /* relative finite-difference step. Default 0 = automatic
                             (sqrt(eps) forward, eps^(1/3) central). Range >= 0. */
    int fd_central;       /* 0 forward differences (default), 1 central. */
    double rcond_min;     /* J (or B) with rcond < rcond_min counts as singular.
                             Default 2.22e-14 (= 100 eps). Range 0 <= rcond_min < 1. */
    double alpha_fallback; /* the line search along a Newton or Broyden step gives up
                             when α would fall below it (the linear model is poor that
                             far out): Newton then takes the fallback step, Broyden
                             restarts. The fallback's own search has no such floor.
                             Default 0.05. Range 0 <= alpha_fallback < 1 (0 = never). */
    int broyden_restart_iter;     /* Default 5. Range >= 1. */
    double broyden_restart_ratio; /* Default 0.9. Range 0 < ratio <= 1. */
    hesse_roots_trace_fn trace;   /* Default NULL. Called at iteration 0 and after
                                     every iteration. */
    void *trace_data;
    hesse_allocator allocator;    /* Default: all NULL (C library). malloc and free
                                     must be both NULL or both set. */
} hesse_roots_options;

/* Set every field of opt to its documented default. NULL is a no-op. */
void hesse_roots_options_init(hesse_roots_options *opt);

typedef struct {
    hesse_status status;
    hesse_roots_method method; /* the method that ran */
    double fnorm;         /* ‖F(x)‖∞ at the returned x (NaN if F(x0) failed) */
    double fnorm2;        /* ‖F(x)‖₂ */
    int iterations;
    long nfev;            /* calls of function with J == NULL, including the calls
                             made for finite-difference Jacobians */
    long njev;            /* Jacobians formed: by the callback (one call with
                             J != NULL each, not counted in nfev) or by finite
                             differences (their F calls are counted in nfev) */
    int restarts;         /* broyden: fresh Jacobians formed after B_0; newton: 0 */
    int fallback_steps;   /* iterations that took the fallback step */
    /* The final matrix: J(x) for newton, the Broyden matrix B for broyden (not the
       true Jacobian), from its LU factors:
         det = det_sign · exp(log_abs_det),  log_abs_det = Σ log|U_ii|.
       Exactly singular (dgetrf info > 0): det_sign = 0, log_abs_det = -INFINITY,
       rcond = 0. When no matrix was factored (an error at x0): det_sign = 0 and
       log_abs_det, rcond are NaN. */
    int jacobian_at_x;    /* 1 if that matrix belongs to the returned x; 0 if the solve
                             ended before it could be formed there (evaluation limit,
                             callback abort or error): it is then the previous one */
    int det_sign;         /* +1, -1, or 0 (singular or unknown) */
    double log_abs_det;   /* log|det| */
    double rcond;         /* reciprocal condition estimate in the 1-norm (dgecon) */
    double seconds;       /* wall time from create to the end of the solve */
    char message[256];    /* why the solve ended, naming the value or field involved */
} hesse_roots_result;

/* Solve sys->function(x) = 0 from x.
   x    in: x0 (n values); out: the last accepted point, whatever the status.
   opt  NULL = defaults.  res  may be NULL.
   Returns the status: SUCCESS (residual test met), SMALL_STEP, MAX_ITER, MAX_EVALS,
   LINESEARCH_FAILED, STOPPED, or an error: EINVAL (NULL sys or x, n <= 0, no
   function, has_jacobian not 0 or 1, an option out of range), ENOMEM, ETOOBIG (n*n
   matrices do not fit in memory sizes), ECALLBACK, EDOMAIN (F refused at x0, or a
   Jacobian refused at an accepted point), ENONFINITE, ESINGULAR (see the stopping
   tests), ELAPACK.
   Equivalent to create + iterate until done + result + free. */
hesse_status hesse_roots_solve(const hesse_system *sys, double *x,
                               const hesse_roots_options *opt, hesse_roots_result *res);

/* Step-wise solver, used like hesse_solver:
       hesse_roots_solver *s;
       hesse_status st = hesse_roots_solver_create(&sys, x0, &opt, &s);
       while (st == HESSE_RUNNING) st = hesse_roots_solver_iterate(s);
       hesse_roots_solver_result(s, &res);
       hesse_roots_solver_free(s);
   create validates, allocates all workspace (iterate never allocates), copies x0,
   evaluates F(x0) and the first Jacobian, and returns HESSE_RUNNING, SUCCESS when
   x0 already meets the residual test, or a terminal status. *out is set to a solver
   to free whatever the status (it holds the status and message); it is NULL only
   when out is NULL (HESSE_EINVAL) or the solver itself could not be allocated
   (HESSE_ENOMEM). sys is borrowed (with its data) until hesse_roots_solver_free. */
typedef struct hesse_roots_solver hesse_roots_solver;

hesse_status hesse_roots_solver_create(const hesse_system *sys, const double *x0,
                                       const hesse_roots_options *opt,
                                       hesse_roots_solver **out);
/* One iteration; returns HESSE_RUNNING or the terminal status. Once terminal, returns
   it again without calling any callback. */
hesse_status hesse_roots_solver_iterate(hesse_roots_solver *s);
hesse_status hesse_roots_solver_status(const hesse_roots_solver *s);
/* Borrowed; valid until the next call on s. */
const char *hesse_roots_solver_message(const hesse_roots_solver *s);
/* Borrowed pointers to the last accepted point, F there (n values) and the current
   matrix J or B (n*n, column-major), valid until the next iterate or free. */
const double *hesse_roots_solver_x(const hesse_roots_solver *s);
const double *hesse_roots_solver_f(const hesse_roots_solver *s);
const double *hesse_roots_solver_jacobian(const hesse_roots_solver *s);
int hesse_roots_solver_iterations(const hesse_roots_solver *s);
/* Fill *res (no callback is called); returns res->status. */
hesse_status hesse_roots_solver_result(const hesse_roots_solver *s, hesse_roots_result *res);
/* Free s and everything it owns; NULL is a no-op. */
void hesse_roots_solver_free(hesse_roots_solver *s);

/* =====================================================================================
 * 7. Analysis: matrices, points, boxes, constraints (src/analysis)
 * =====================================================================================
 * What the Hessian tells about a matrix, a point, a function on a box, and an
 * equality-constrained problem. Every function returns a hesse_status and writes a
 * sentence naming the field, value or LAPACK info involved into the `message` of its
 * result (or into msg for hesse_laplacian).
 *
 * Common rules
 *  - Matrices are given as rows, cols and column-major data. A matrix function
 *    requires rows == cols >= 1 and a symmetric matrix:
 *        |A_ij - A_ji| <= sym_tol · max_kl |A_kl|   for all i, j;
 *    otherwise (or when an entry is NaN/Inf) HESSE_EINVAL, naming the first offending
 *    (i, j) (0-based). The input is never symmetrized silently; after the check only
 *    the lower triangle is used.
 *  - Points are given as nx, x; nx must equal the problem's n (HESSE_EINVAL if not).
 *  - Zero test ("rtol rule"): a value μ out of a set M (eigenvalues, or the
 *    eigenvalues of the 1×1 and 2×2 blocks of an LDLᵀ factor) counts as zero when
 *        |μ| <= rtol · max(1, max_{ν in M} |ν|).
 *    The max(1, ·) keeps the test absolute for matrices of small norm, like
 *    hesse_options.inertia_rtol.
 *  - Stationarity ("gtol rule"): x is a stationary point when
 *        ‖∇f(x)‖∞ <= gtol · max(1, |f(x)|).
 *  - Hessians come from the problem's callback, or from hesse_hessian()'s central
 *    differences of the gradient with step fd_step. A callback Hessian is checked
 *    for symmetry with sym_tol like any matrix.
 *  - Callback return values: < 0 -> HESSE_ECALLBACK, > 0 -> HESSE_EDOMAIN, NaN/Inf
 *    -> HESSE_ENONFINITE (multi-start searches instead skip a start point or shorten
 *    a step where a callback refuses; an abort always ends the call).
 *  - Results that own arrays are caller-owned structs whose arrays the library
 *    allocates; release them with the matching *_clear function (safe on a zeroed
 *    struct and after any status; it zeroes the struct). On error the arrays may be
 *    NULL.
 *  - Errors every function may return in addition to those listed: HESSE_EINVAL for
 *    a NULL required pointer or an out-of-range option (named in the message),
 *    HESSE_ENOMEM, HESSE_ELAPACK (a LAPACK routine reported an error: the message
 *    names the routine and its info).
 */

/* Options shared by the analysis functions. Start from hesse_analysis_options_init;
   a NULL options pointer means the defaults. */
typedef struct {
    double rtol;        /* zero tolerance of the rtol rule (eigenvalues, LDLᵀ pivots,
                           minors) and of the rank test σ_min <= rtol · σ_max.
                           Default 1e-8. Range [0, 1). */
    double sym_tol;     /* symmetry tolerance (see above). Default 1e-10. Range >= 0. */
    double fd_step;     /* finite-difference step passed to hesse_hessian and used by
                           the derivative check: h_j = fd_step · max(1, |x_j|).
                           Default 0: hesse_hessian's default (eps^(1/3)). Range >= 0. */
    double gtol;        /* stationarity tolerance of the gtol rule used to classify
                           points (and ‖c(x)‖∞ <= gtol for constrained points).
                           Loose on purpose: a point typed with 6 digits is still
                           recognized. Default 1e-6. Range > 0. */
    double solve_gtol;  /* stopping tolerance of the Newton iterations of
                           hesse_critical_points_find and hesse_constrained_solve:
                           ‖∇f‖∞ (or ‖∇L‖∞) <= solve_gtol · max(1, |f|), and
                           ‖c‖∞ <= solve_gtol. Default 1e-10. Range > 0. */
    int max_iter;       /* Newton iterations per start / SQP iterations.
                           Default 100. Range >= 1. */
    int nstarts;        /* start points of hesse_critical_points_find. Default 64.
                           Range >= 1. */
    double merge_tol;   /* two critical points are the same when
                           ‖x_a - x_b‖∞ <= merge_tol · max(1, ‖x_a‖∞).
                           Default 1e-6. Range > 0. */
    int nsamples;       /* sample points of hesse_convexity_check. Default 256.
                           Range >= 1. */
    double check_tol;   /* pass/fail threshold of hesse_check_derivatives on relative
                           errors. Default 1e-6. Range > 0. */
    hesse_allocator allocator; /* Default: all NULL (C library). Used for every
                           allocation the analysis functions make, including the
                           Hessian's workspace, which the searches allocate once. */
} hesse_analysis_options;

/* Set every field of opt to its documented default. */
void hesse_analysis_options_init(hesse_analysis_options *opt);

/* ---- Definiteness tests of a symmetric matrix ---- */
/* Result of one definiteness test. Fields a test does not determine hold -1 (ints)
   or NaN (doubles). */
typedef struct {
    hesse_definiteness verdict;
    int npos, nneg, nzero;         /* inertia, with the rtol rule */
    double lambda_min, lambda_max; /* extreme eigenvalues (eigenvalue test only) */
    char message[256];
} hesse_definiteness_result;

/* Eigenvalue test: all eigenvalues by dsyevr, counted with the rtol rule; the verdict
   follows the definitions in hesse_definiteness. The reference test of the three.
   eigenvalues: NULL or room for n values, filled in ascending order.
   Returns HESSE_SUCCESS, HESSE_EINVAL (not square, not symmetric, NULL), HESSE_ENOMEM,
   HESSE_ELAPACK (dsyevr info != 0). */
hesse_status hesse_definiteness_eig(int rows, int cols, const double *A,
                                    const hesse_analysis_options *opt,
                                    double *eigenvalues, hesse_definiteness_result *res);

/* Sylvester's criterion on the leading principal minors Δ_k = det A[0..k-1, 0..k-1],
   k = 1..n. Each Δ_k is computed from a Bunch–Kaufman factorization (dsytrf) of the
   k×k leading block: Δ_k = Π det(D blocks) (the symmetric permutation does not change
   the determinant), which is backward stable, unlike cofactor expansion or an LU
   without pivoting. Cost Σ k³/3 ≈ n⁴/12 flops. Δ_k counts as zero when a D block of
   the k-th factorization has an eigenvalue μ with |μ| <= rtol · max(1, ‖A‖_F).
   Verdict:
     all Δ_k > 0                              -> POSITIVE_DEFINITE
     sign Δ_k = (-1)^k for all k              -> NEGATIVE_DEFINITE
     all Δ_k nonzero, neither pattern         -> INDEFINITE
     some Δ_k zero, but the nonzero ones prove a positive and a negative eigenvalue
       (Δ_k < 0 with k even proves both; Δ_k > 0 with k odd proves a positive one,
       Δ_k < 0 with k odd a negative one; Cauchy interlacing carries them to A)
                                              -> INDEFINITE
     otherwise                                -> UNDECIDED.
   Leading minors alone cannot establish semidefiniteness: [[0,0],[0,-1]] has
   Δ_1 = Δ_2 = 0 and is negative semidefinite, [[0,0],[0,1]] has the same minors and
   is positive semidefinite. For that, all 2^n - 1 principal minors would be needed;
   use hesse_definiteness_eig. When every Δ_k is nonzero, Jacobi's rule gives the
   inertia: nneg = number of sign changes in 1, Δ_1, ..., Δ_n, npos = n - nneg,
   nzero = 0; otherwise the inertia fields are -1.
   minors: NULL or room for n values Δ_1..Δ_n (they may overflow to ±Inf for large
   n; the verdict uses the signs of the factors, not the products).
   Returns HESSE_SUCCESS, HESSE_EINVAL, HESSE_ENOMEM, HESSE_ELAPACK (dsytrf info < 0). */
hesse_status hesse_definiteness_sylvester(int rows, int cols, const double *A,
                                          const hesse_analysis_options *opt,
                                          double *minors, hesse_definiteness_result *res);

/* Inertia by Sylvester's law of inertia: A = P L D Lᵀ Pᵀ by dsytrf (Bunch–Kaufman),
   so A and D have the same inertia; each 1×1 block of D gives its sign and each 2×2
   block the signs of its two eigenvalues (closed form). Zero with the rtol rule over
   the eigenvalues of the D blocks. Cheaper than eigenvalues (n³/3); the rtol rule on
   pivots is a heuristic that agrees with the eigenvalue test unless A is ill
   conditioned near the tolerance.
   Returns HESSE_SUCCESS, HESSE_EINVAL, HESSE_ENOMEM, HESSE_ELAPACK (dsytrf info < 0). */
hesse_status hesse_definiteness_ldlt(int rows, int cols, const double *A,
                                     const hesse_analysis_options *opt,
                                     hesse_definiteness_result *res);

/* ---- Points of an unconstrained problem ---- */

/* Everything second-order about one point. Arrays owned by the report. */
typedef struct {
    int n;
    double *x;             /* the point (copy), n */
    double f;              /* f(x) */
    double *gradient;      /* ∇f(x), n */
    double gnorm;          /* ‖∇f(x)‖∞ */
    int stationary;        /* 1 when the gtol rule holds */
    double *hessian;       /* n*n, column-major; the callback's or finite differences */
    int hessian_exact;     /* 1 if from the Hessian callback, 0 if finite differences */
    double *eigenvalues;   /* n, ascending */
    double *minors;        /* n leading principal minors Δ_1..Δ_n */
    hesse_definiteness_result eig, sylvester, ldlt; /* the three tests */
    int consistent;        /* 1 when the three tests agree: the LDLᵀ inertia equals the
                              eigenvalue inertia, and Sylvester's verdict is UNDECIDED
                              or equals the eigenvalue verdict */
    double laplacian;      /* trace of the Hessian, Δf(x) = Σ ∂²f/∂x_i² */
    hesse_point_kind kind; /* from the eigenvalue test: not stationary; else minimum
                              (positive definite), maximum (negative definite), saddle
                              (indefinite), degenerate (singular, no eigenvalues of
                              both signs) */
    char message[256];
    hesse_allocator allocator_; /* internal: the allocator that owns the arrays */
} hesse_point_report;

/* Classify the point x of p: f, ∇f, Hessian, the three definiteness tests, kind.
   rep: caller's struct, filled; release with hesse_point_report_clear.
   Returns HESSE_SUCCESS (whatever the kind), HESSE_EINVAL (nx != p->n, NULL, a
   non-symmetric callback Hessian), HESSE_ECALLBACK, HESSE_EDOMAIN, HESSE_ENONFINITE,
   HESSE_ENOMEM, HESSE_ELAPACK. */
hesse_status hesse_point_classify(const hesse_problem *p, int nx, const double *x,
                                  const hesse_analysis_options *opt,
                                  hesse_point_report *rep);
void hesse_point_report_clear(hesse_point_report *rep);

/* A critical point found by hesse_critical_points_find. */
typedef struct {
    double *x;             /* n values */
    double f, gnorm;
    hesse_point_kind kind; /* by the eigenvalue test (never NOT_STATIONARY here) */
    int npos, nneg, nzero;
    double lambda_min, lambda_max;
    int hits;              /* how many starts converged to it */
} hesse_critical_point;

typedef struct {
    int n;
    int count;                    /* number of distinct points */
    hesse_critical_point *points; /* count entries, sorted by f ascending */
    int nstarts;                  /* starts tried */
    int nconverged;               /* starts whose Newton iteration met solve_gtol */
    int nfailed;                  /* starts that did not converge, left the box, or
                                     where a callback refused */
    char message[256];
    hesse_allocator allocator_;   /* internal */
    double *x_block_;             /* internal: storage of every points[k].x */
} hesse_critical_points;

/* Critical points (∇f = 0) of p in the box lo <= x <= hi (n bounds each).
   Starts: the first nstarts points of the Halton sequence (bases: the first n
   primes, indices 1..nstarts) mapped to the box. From each, Newton's method on the
   gradient system: the step s minimizes ‖H s + g‖₂ with least norm (dgelsd, singular
   values below rtol · σ_max dropped, so singular and indefinite Hessians are fine:
   saddles and maxima are found as well as minima), damped by backtracking on
   φ(x) = ½‖∇f(x)‖² (Armijo with c = 1e-4 on the predicted decrease gᵀHs, halving, at
   most 30 times). A start ends converged when ‖g‖∞ <= solve_gtol · max(1, |f|), and
   fails after max_iter iterations, when no step decreases φ, or when x leaves the
   box widened by its width on each side. Converged points outside the box (tolerance
   merge_tol · max(1, |bound|)) are dropped; the rest are merged with the merge_tol
   rule and classified with the eigenvalue test.
   Sampling cannot prove that no other critical point exists: more starts, more
   confidence.
   Returns HESSE_SUCCESS (also when count = 0), HESSE_EINVAL (lo[i] >= hi[i] or not
   finite: empty box, named with i; NULL; a non-symmetric callback Hessian),
   HESSE_ECALLBACK, HESSE_EDOMAIN or HESSE_ENONFINITE (only from the Hessian at a found
   point: during the Newton runs a refusal just fails that start), HESSE_ENOMEM,
   HESSE_ELAPACK (dgelsd, dsyevr). Release out with hesse_critical_points_clear, also
   after an error. */
hesse_status hesse_critical_points_find(const hesse_problem *p, const double *lo,
                                        const double *hi, const hesse_analysis_options *opt,
                                        hesse_critical_points *out);
void hesse_critical_points_clear(hesse_critical_points *cp);

/* ---- Convexity on a box ---- */
typedef enum {
    HESSE_CONVEXITY_STRICTLY_CONVEX = 1,  /* Hessian positive definite at every sample */
    HESSE_CONVEXITY_CONVEX = 2,           /* positive semidefinite at every sample */
    HESSE_CONVEXITY_STRICTLY_CONCAVE = 3, /* negative definite at every sample */
    HESSE_CONVEXITY_CONCAVE = 4,          /* negative semidefinite at every sample */
    HESSE_CONVEXITY_AFFINE = 5,           /* zero at every sample: convex and concave */
    HESSE_CONVEXITY_NEITHER = 6           /* a sample with a negative eigenvalue and a
                                             sample with a positive one (maybe the same) */
} hesse_convexity_kind;

/* "strictly convex", "convex", ...; "unknown" outside the enum. Static storage. */
const char *hesse_convexity_name(hesse_convexity_kind k);

/* A C² function is convex on an open convex set iff its Hessian is positive
   semidefinite everywhere there (concave: negative semidefinite); positive definite
   everywhere implies strictly convex (x⁴ shows the converse fails). Sampling can only
   prove the negative answers: a sample with a negative eigenvalue (the witness) proves
   "not convex", one with a positive eigenvalue proves "not concave". A positive
   verdict means "on the samples" and is evidence, not proof. */
typedef struct {
    int n;
    int nsamples;
    hesse_convexity_kind verdict;
    int count[7];           /* samples per hesse_definiteness value (index = value) */
    double *not_convex_at;  /* n values: the sample with the most negative λ_min, or
                               NULL when no sample has a negative eigenvalue */
    double not_convex_lambda;  /* that λ_min (NaN when none) */
    double *not_concave_at; /* the sample with the most positive λ_max, or NULL */
    double not_concave_lambda; /* that λ_max (NaN when none) */
    char message[256];
    hesse_allocator allocator_; /* internal */
} hesse_convexity;

/* Sample the Hessian's definiteness (eigenvalue test) at the first nsamples Halton
   points (bases: the first n primes, indices 1..nsamples) in the box lo <= x <= hi.
   Returns HESSE_SUCCESS, HESSE_EINVAL (empty box, NULL, non-symmetric callback
   Hessian), HESSE_ECALLBACK, HESSE_EDOMAIN, HESSE_ENONFINITE, HESSE_ENOMEM,
   HESSE_ELAPACK. Release out with hesse_convexity_clear. */
hesse_status hesse_convexity_check(const hesse_problem *p, const double *lo,
                                   const double *hi, const hesse_analysis_options *opt,
                                   hesse_convexity *out);
void hesse_convexity_clear(hesse_convexity *cv);

/* ---- Second-order Taylor model and Laplacian ---- */
typedef struct {
    double f0;         /* f(x) */
    double slope;      /* ∇f(x)ᵀh */
    double curvature;  /* hᵀ ∇²f(x) h */
    double model;      /* m(h) = f(x) + ∇f(x)ᵀh + ½ hᵀ∇²f(x)h */
    double actual;     /* f(x + h) */
    double error;      /* actual - model (O(‖h‖³) for C³ functions) */
    double rel_error;  /* |error| / max(1, |actual|) */
    double laplacian;  /* trace of ∇²f(x) */
    char message[256];
} hesse_taylor_result;

/* The model at x + h. Returns HESSE_SUCCESS, HESSE_EINVAL (nx != p->n, NULL),
   HESSE_ECALLBACK, HESSE_EDOMAIN (also when f(x + h) cannot be evaluated),
   HESSE_ENONFINITE, HESSE_ENOMEM. */
hesse_status hesse_taylor2(const hesse_problem *p, int nx, const double *x,
                           const double *h, const hesse_analysis_options *opt,
                           hesse_taylor_result *res);

/* Δf(x) = Σ_i ∂²f/∂x_i² = trace ∇²f(x) into *laplacian. msg: optional buffer of
   msg_size bytes for a sentence on errors. Errors as hesse_taylor2. */
hesse_status hesse_laplacian(const hesse_problem *p, int nx, const double *x,
                             const hesse_analysis_options *opt, double *laplacian,
                             char *msg, size_t msg_size);

/* ---- Jacobian of a vector function ---- */
/* F: Rⁿ -> Rᵐ. Fill F[0..m-1] with F(x) and, when J is not NULL, J (m*n, column-major,
   J[i + j*m] = ∂F_i/∂x_j). The same signature as hesse_constraint_fn (a constraint
   function is a vector function); return value as for every callback. */
typedef int (*hesse_vector_fn)(int n, int m, const double *x, double *F, double *J,
                               void *data);

typedef struct {
    int n;                  /* variables, n >= 1 */
    int m;                  /* components, m >= 1 */
    hesse_vector_fn function; /* required */
    int has_jacobian;       /* 1: function fills J when J != NULL; 0: differences */
    void *data;             /* passed unchanged to every call */
} hesse_vector_function;

typedef struct {
    int n, m;
    double *x;          /* the point (copy), n */
    double *F;          /* F(x), m */
    double *jacobian;   /* m*n, column-major */
    int exact;          /* 1: the callback's Jacobian; 0: central differences
                           (F(x + h_j e_j) - F(x - h_j e_j)) / (2 h_j),
                           h_j = fd_step · max(1, |x_j|), fd_step 0: eps^(1/3);
                           one-sided where one side is refused */
    /* Square Jacobians (m = n), from the LU factorization J = P L U (dgetrf); NaN /
       0 otherwise:
         det          (-1)^(row interchanges) · Π U_ii, formed as that product (so
                      exact for small integer matrices; ±Inf or 0 when it overflows
                      or underflows, see log_abs_det);
         det_sign     +1, -1, or 0 when U has an exact zero pivot (det = 0,
                      log_abs_det = -Inf, rcond = 0);
         log_abs_det  Σ log|U_ii|;
         rcond        reciprocal condition estimate in the 1-norm (dgecon).
       What they mean (the inverse function theorem): det ≠ 0 means F is invertible
       near x with a C¹ inverse; det > 0 means F keeps the orientation there, det < 0
       reverses it; |det| is the factor by which F scales small volumes near x (the
       factor of a change of variables in an integral). rcond <= rtol (analysis
       options) means J is singular to working precision, whatever det says: det
       scales with the units of F and x, rcond does not. */
    double det;
    int det_sign;
    double log_abs_det;
    double rcond;
    char message[256];
    hesse_allocator allocator_; /* internal */
} hesse_jacobian_report;

/* The Jacobian of vf at x (nx = vf->n values), and for m = n its determinant.
   Returns HESSE_SUCCESS; HESSE_EINVAL (NULL, n or m < 1, has_jacobian not 0 or 1,
   nx != n, a non-finite x[j]); HESSE_EDOMAIN (the callback refused x, or both sides
   of a difference), HESSE_ENONFINITE, HESSE_ECALLBACK, HESSE_ENOMEM, HESSE_ELAPACK.
   Release rep with hesse_jacobian_report_clear. */
hesse_status hesse_jacobian(const hesse_vector_function *vf, int nx, const double *x,
                            const hesse_analysis_options *opt, hesse_jacobian_report *rep);
void hesse_jacobian_report_clear(hesse_jacobian_report *rep);

/* ---- Derivative check ---- */
#define HESSE_CHECK_WORST 5 /* entries kept per comparison */

/* One compared entry: value given by the user's callback, reference by differences.
   rel_error = |value - reference| / max(1, |value|, |reference|). */
typedef struct {
    int i, j;          /* row, column (j = -1 for gradient entries) */
    double value, reference, rel_error;
} hesse_check_entry;

typedef struct {
    int n;
    /* Gradient vs central differences of f:
       (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i), h_i = fd_step · max(1, |x_i|)
       (fd_step = 0: eps^(1/3)). */
    double grad_max_error;
    int grad_nbad;                            /* entries with rel_error > check_tol */
    int grad_nworst;                          /* entries in grad_worst */
    hesse_check_entry grad_worst[HESSE_CHECK_WORST]; /* largest rel_error first */
    /* Hessian callback vs central differences of the gradient (unsymmetrized);
       has_hessian = 0 and the fields below zero when p->hessian is NULL.
       sym_worst.i = sym_worst.j = -1 when no pair was compared (no callback, n = 1). */
    int has_hessian;
    double hess_max_error;
    int hess_nbad;
    int hess_nworst;
    hesse_check_entry hess_worst[HESSE_CHECK_WORST];
    /* Symmetry of the callback Hessian: rel_error of H_ij against H_ji, i > j. */
    double sym_max_error;
    hesse_check_entry sym_worst;
    double tol;        /* the check_tol used */
    int pass;          /* 1 when every max_error <= check_tol */
    char message[256];
} hesse_derivative_check;

/* Compare the problem's derivatives with differences at x. A failed comparison is
   not an error: the status is HESSE_SUCCESS and pass = 0.
   Returns HESSE_SUCCESS, HESSE_EINVAL (nx != p->n, NULL), HESSE_ECALLBACK,
   HESSE_EDOMAIN, HESSE_ENONFINITE, HESSE_ENOMEM. */
hesse_status hesse_check_derivatives(const hesse_problem *p, int nx, const double *x,
                                     const hesse_analysis_options *opt,
                                     hesse_derivative_check *res);

/* ---- Equality constraints ---- */
/* min (or max) f(x) subject to c(x) = 0, c: Rⁿ -> Rᵐ, 1 <= m < n.
   Lagrangian L(x, λ) = f(x) + λᵀc(x); A(x) = ∂c/∂x is the m×n Jacobian (row i =
   ∇c_i(x)ᵀ); a KKT point has ∇L = ∇f + Aᵀλ = 0 and c = 0.
   The callbacks follow the return-value contract of hesse_objective_fn. */

/* Fill c[0..m-1] with c(x) and, when jac is not NULL, jac (m*n, column-major,
   jac[i + j*m] = ∂c_i/∂x_j) with A(x). */
typedef int (*hesse_constraint_fn)(int n, int m, const double *x, double *c, double *jac,
                                   void *data);
/* Fill H (n*n, whole matrix) with ∇²c_i(x), 0 <= i < m. */
typedef int (*hesse_constraint_hessian_fn)(int n, int i, const double *x, double *H,
                                           void *data);
/* Fill H (n*n, whole matrix) with ∇²_xx L(x, λ) = ∇²f(x) + Σ_i λ_i ∇²c_i(x). */
typedef int (*hesse_lagrangian_hessian_fn)(int n, int m, const double *x,
                                           const double *lambda, double *H, void *data);

typedef struct {
    int n, m;                                 /* 1 <= m < n */
    hesse_objective_fn objective;             /* required: f and ∇f */
    hesse_hessian_fn hessian;                 /* optional: ∇²f */
    hesse_constraint_fn constraints;          /* required: c and A */
    hesse_constraint_hessian_fn constraint_hessian; /* optional: ∇²c_i */
    hesse_lagrangian_hessian_fn lagrangian_hessian; /* optional, preferred when set */
    int maximize;     /* 0: minimize f; 1: maximize f (the solver minimizes -f; f, λ
                         and the classification always refer to f itself) */
    void *data;       /* passed to every callback */
} hesse_constrained_problem;
/* The Lagrangian Hessian is taken, in this order of preference, from
   lagrangian_hessian; from hessian + Σ λ_i constraint_hessian (both set); or from
   central differences of ∇L(·, λ) = ∇f + Aᵀλ with steps h_j = fd_step · max(1, |x_j|)
   (fd_step = 0: eps^(1/3)), then symmetrized. */

typedef struct {
    hesse_status status;
    int n, m;
    double f;            /* f(x) at the returned x */
    double kkt_norm;     /* ‖∇f(x) + A(x)ᵀλ‖∞ */
    double cnorm;        /* ‖c(x)‖∞ */
    int iterations;
    long nfev;           /* objective calls */
    long ncev;           /* constraint calls */
    double tau_max;      /* largest shift τ added to the Hessian block (0 = none) */
    double merit_mu;     /* final ℓ1 merit penalty μ */
    char message[256];
} hesse_constrained_result;

/* Lagrange–Newton (SQP) solve from x. Each iteration solves the KKT system
       [ W + τI  Aᵀ ] [  s ]   [ -∇f ]
       [ A       0  ] [ λ⁺ ] = [ -c  ]
   (W = ∇²_xx L(x, λ)) with a Bunch–Kaufman factorization (dsytrf) of the symmetric
   (n+m)×(n+m) matrix. Its inertia must be (n, m, 0) — exactly when A has full rank
   and Zᵀ(W + τI)Z is positive definite on the null space of A (Nocedal & Wright,
   Theorem 16.3) — so that s is a descent direction for the merit function; when it is
   not, τ = max(1e-4 · max(1, ‖W‖_F), τ_last / 3) and then τ <- 10 τ until it is
   (at most 40 tries; the first try of each iteration has τ = 0).
   Globalization: the ℓ1 merit function φ(x) = f(x) + μ‖c(x)‖₁ (N&W (15.24)), with
   μ <- max(μ, ‖λ⁺‖∞ + 1) kept nondecreasing so that the directional derivative
   D = ∇fᵀs - μ‖c‖₁ is negative (N&W (18.29)–(18.31)). Backtracking (halving, at most
   30 times) until φ(x + αs) <= φ(x) + 1e-4 · α · D; when the full step fails, one
   second-order correction s + ŝ (ŝ from the same factorization with right-hand side
   [0; -c(x + s)]) is tried first against the Maratos effect (N&W Algorithm 18.3).
   λ <- λ⁺ after each accepted step.
   Stops with HESSE_SUCCESS when ‖∇f + Aᵀλ‖∞ <= solve_gtol · max(1, |f|) and
   ‖c‖∞ <= solve_gtol; HESSE_MAX_ITER after max_iter iterations;
   HESSE_LINESEARCH_FAILED when no step decreases φ.
   x       in: x0 (n values); out: the last accepted point, whatever the status.
   lambda  in: ignored; out: the multipliers at x (m values) for L = f + λᵀc: the
           least-squares estimate argmin ‖∇f + Aᵀλ‖ at x0 before the first step, the
           λ⁺ of the last accepted step after it; NaN when the solve failed before
           the estimate (at x0).
   Trial points where a callback refuses (> 0) or gives NaN/Inf are rejected like a
   failed decrease test.
   Errors: HESSE_EINVAL (m < 1, m >= n, NULL callbacks or pointers, bad options, a
   non-symmetric Hessian callback), HESSE_ESINGULAR (A(x) rank deficient:
   σ_min <= rtol · σ_max (dgesvd), at x0 or at an accepted point — the message names
   σ_min and σ_max; or a KKT inertia that 40 shifts could not correct),
   HESSE_ECALLBACK, HESSE_EDOMAIN and HESSE_ENONFINITE (at x0, or while evaluating
   the Lagrangian Hessian at an accepted point), HESSE_ENOMEM, HESSE_ELAPACK.
   res may be NULL. Returns the status. */
hesse_status hesse_constrained_solve(const hesse_constrained_problem *cp, double *x,
                                     double *lambda, const hesse_analysis_options *opt,
                                     hesse_constrained_result *res);

/* Second-order classification of a constrained point, two ways.
   1. Reduced Hessian: Z (n×(n-m)) an orthonormal basis of the null space of A, from
      the QR factorization Aᵀ = QR (dgeqrf, dorgqr: Z = the last n - m columns of Q);
      the inertia of ZᵀWZ (eigenvalue test, rtol rule) gives the kind: positive
      definite -> constrained minimum, negative definite -> maximum, indefinite ->
      saddle, singular without both signs -> degenerate.
   2. Bordered Hessian (the seed's test, generalized to m constraints):
          B = [ 0   A ]      ((m+n)×(m+n), A with its columns reordered by a
              [ Aᵀ  W ]       permutation P of the variables)
      and its leading principal minors B_k of orders k = 2m+1, ..., m+n (the last
      n - m). Write k = m + p (p = m+1..n variables included). With the first m
      columns A_1 of the reordered A nonsingular, block elimination gives
          det B_{m+p} = (-1)^m det(A_1)² det(Z_pᵀ W_p Z_p),  Z_p = [-A_1⁻¹ A_2p; I],
      and the Z_pᵀW_pZ_p are the leading blocks of one reduced Hessian. Hence
        minimum  iff  sign det B_{m+p} = (-1)^m  for every p = m+1..n;
        maximum  iff  sign det B_{m+p} = (-1)^p  for every p = m+1..n
                      (the first one, k = 2m+1, has sign (-1)^{m+1}, then they
                      alternate);
      That is Sylvester's criterion applied to t_p = (-1)^m sign det B_{m+p}, the
      signs of the leading minors of the reduced Hessian, so as there:
        saddle   when all are nonzero and neither pattern holds, or when the nonzero
                 ones prove a positive and a negative reduced eigenvalue;
        degenerate otherwise (some minor zero: the test cannot decide).
      For m = 1 and n = 2 (the seed's case) that is: a single minor det B_3, negative
      for a minimum and positive for a maximum. The seed states the maximum rule as
      "alternating, starting with a negative sign"; the derivation gives a
      positive first minor for m = 1 (xy on x + y = 10 has its maximum at (5, 5),
      where det B_3 = 2 > 0). The permutation P comes from
      QR with column pivoting of A (dgeqp3) so that A_1 is as well conditioned as
      possible: with the original order A_1 may be singular (e.g. c = x_2 - 1), and
      then every minor vanishes. Minors are computed as in
      hesse_definiteness_sylvester; zero by its rule with ‖B‖_F.
   The multipliers: lambda if not NULL, else the least-squares estimate
   argmin ‖∇f + Aᵀλ‖₂ (dgels). W is ∇²_xx L(x, λ) as described above. */
typedef struct {
    int n, m;
    double *x;                 /* n */
    double *lambda;            /* m: the multipliers used */
    double f;
    double kkt_norm;           /* ‖∇f + Aᵀλ‖∞ */
    double cnorm;              /* ‖c‖∞ */
    int stationary;            /* kkt_norm <= gtol · max(1, |f|) and cnorm <= gtol */
    double *lagrangian_hessian;/* W, n*n */
    double *jacobian;          /* A, m*n */
    /* Reduced Hessian test */
    double *reduced_eigenvalues; /* n - m, ascending */
    int npos, nneg, nzero;     /* inertia of ZᵀWZ */
    hesse_point_kind kind_reduced;
    /* Bordered Hessian test */
    int *perm;                 /* n: variable order used, perm[k] = original index */
    double *bordered_minors;   /* n - m: det B_k, k = 2m+1..m+n */
    hesse_point_kind kind_bordered;
    int consistent;            /* 1 when both kinds are equal */
    hesse_point_kind kind;     /* kind_reduced, or NOT_STATIONARY when not stationary
                                  (kind_reduced and kind_bordered are the second-order
                                  verdicts as if the point were stationary) */
    char message[256];
    hesse_allocator allocator_; /* internal */
} hesse_constrained_report;

/* Fill rep for the point x (nx values). Returns HESSE_SUCCESS (whatever the kind),
   HESSE_EINVAL (nx != n, m >= n, NULL), HESSE_ESINGULAR (A rank deficient),
   HESSE_ECALLBACK, HESSE_EDOMAIN, HESSE_ENONFINITE, HESSE_ENOMEM, HESSE_ELAPACK.
   Release with hesse_constrained_report_clear. */
hesse_status hesse_constrained_classify(const hesse_constrained_problem *cp, int nx,
                                        const double *x, const double *lambda,
                                        const hesse_analysis_options *opt,
                                        hesse_constrained_report *rep);
void hesse_constrained_report_clear(hesse_constrained_report *rep);

/* =====================================================================================
 * 8. Formulas (src/formula)
 * =====================================================================================
 * Objectives typed as text: "x^2*y + x*y^2", "100*(y - x^2)^2 + (1 - x)^2".
 * A formula is parsed once; its gradient and Hessian are derived symbolically,
 * simplified, and compiled with f into flat register programs (no tree walk per
 * evaluation; common subexpressions computed once), which back a hesse_problem so
 * every solver and analysis function works on it.
 *
 * Language
 *   numbers      123, 1.5, .5, 1e-3, 2.5E+4 (decimal; read with strtod, so in the "C"
 *                locale; a number that overflows a double is an error)
 *   variables    identifiers [A-Za-z_][A-Za-z0-9_]*, except the reserved names below.
 *                Their order (x_0, x_1, ...) is the caller's list (see
 *                hesse_formula_parse) or else natural order: byte order of the names,
 *                with a run of digits compared by its value, so x < y < z,
 *                x1 < x2 < x10, a < b < x1; names equal by value (x1, x01) in byte
 *                order. "100*(y - x^2)^2 + (1 - x)^2" has the variables (x, y).
 *   constants    pi, e (reserved: no variable may be called pi or e)
 *   operators    + - * / ^ and parentheses. Precedence, low to high:
 *                  a + b, a - b            left-associative
 *                  a * b, a / b            left-associative
 *                  -a, +a                  unary; a sign in front of a product
 *                                          applies to all of it: -x*y = -(x*y)
 *                  a ^ b                   right-associative: x^y^z = x^(y^z)
 *                ^ binds tighter than unary minus: -x^2 = -(x^2); its right operand
 *                and the operands of * and / may start with a sign: x^-2 = x^(-2),
 *                x*-y = x*(-y). Spaces, tabs and newlines are ignored.
 *                No implicit multiplication: write 2*x, not 2x.
 *   functions    exp log sqrt sin cos tan asin acos atan sinh cosh tanh abs sign
 *                (one argument; log is the natural logarithm; sign(u) is -1, 0 or 1)
 *                and pow(a, b) = a^b. Function names are reserved as well.
 * Derivatives: the usual rules. abs is not differentiable at 0: its derivative is
 * taken as sign(u), i.e. 0 at u = 0 (the middle of the subdifferential [-1, 1]);
 * the derivative of sign is 0 everywhere.
 * Simplification (applied to f and to every derivative): constant folding, 0/1
 * identities, like terms (2*x + 3*x -> 5*x), powers of a base (x*x -> x^2,
 * x^2*x -> x^3, x/x -> 1), integer powers of products ((2*x)^2 -> 4*x^2), a
 * canonical order of terms (lexicographic in the variables: x^3 + 3*x^2 - 4*x*y +
 * y^4 + 4*y^2) and of factors, and sin(u)^2 + cos(u)^2 -> 1 (k*P*sin(u)^2 +
 * k*P*cos(u)^2 -> k*P for equal k and P). Simplifying never enlarges the domain: a part that a
 * rule removes but that can be undefined (the log(x) of 0*log(x), the 1/x of x/x,
 * log(y) - log(y), u^0, 1^u, the x^0.5 of (x^0.5)^2) is still evaluated, and a point
 * where it is not finite is refused like any other. So x/x is 1 except at x = 0,
 * "x^2 + 0/0" and "x^2 + 0*log(-1)" are refused everywhere, and the printed formula
 * (x^2) can have a larger domain than the formula it stands for.
 * Domain: the callbacks return 1 ("cannot evaluate at this x") when any intermediate
 * value is not finite (hesse_formula_explain names the operation): log of x <= 0, sqrt of x < 0, division by zero, x^y with
 * x < 0 and non-integer y (or x = 0 and y < 0), asin/acos outside [-1, 1], tan at a
 * pole, overflow. The same holds for the gradient: the objective called without a
 * gradient may accept an x where the gradient is refused (sqrt(x) at x = 0). The
 * Hessian and Hessian-vector callbacks refuse wherever f or ∇f is refused too.
 * Threads: a parsed formula is immutable; it may be printed and evaluated from
 * several threads at once (evaluation scratch lives on the caller's stack, or is
 * allocated per call for formulas needing more than 256 registers).
 */
typedef struct hesse_formula hesse_formula;

/* Why a formula was rejected. */
typedef struct {
    int column;        /* 0-based byte offset in the formula text where the error was
                          found (strlen(text) for an unexpected end), or -1 when the
                          error is not at a place in the text (the variable list, a
                          formula too large, a constant that overflows, no memory) */
    char reason[128];  /* one line, no trailing newline, e.g. "expected ')'" */
} hesse_formula_error;

/* Parse text and build f, its gradient and Hessian, simplified and compiled.
   vars   NULL: the variables are the identifiers of text in natural order (see
          Language above). Otherwise a comma-separated list of names ("x, y, z",
          whitespace allowed) fixing their number and order; every variable of text
          must be in it; names in it that text does not use are allowed (their
          derivatives are 0).
   out    on success, a formula to free with hesse_formula_free; NULL on error.
   err    may be NULL; on error it says where and why; on success column = -1 and
          reason = "".
   Returns HESSE_SUCCESS; HESSE_EINVAL (text or out NULL, a syntax error, an unknown
   function or variable, a bad variable list, nesting of parentheses, signs and
   exponents deeper than 200 levels, a formula whose derivatives exceed
   about a million distinct subexpressions, a constant that overflows while
   simplifying); HESSE_ENOMEM. A formula without variables ("2 + 3") is accepted;
   it has nvars = 0 and cannot become a hesse_problem. */
hesse_status hesse_formula_parse(const char *text, const char *vars, hesse_formula **out,
                                 hesse_formula_error *err);

/* As hesse_formula_parse, with every allocation of the formula — while parsing, and
   later for evaluation scratch of very large formulas and for hesse_formula_free —
   made through alloc (copied; NULL or both functions NULL: the C library; exactly
   one of them set: HESSE_EINVAL, see hesse_allocator). */
hesse_status hesse_formula_parse_with(const char *text, const char *vars,
                                      const hesse_allocator *alloc, hesse_formula **out,
                                      hesse_formula_error *err);

/* Number of variables (0 for NULL). */
int hesse_formula_nvars(const hesse_formula *f);
/* Name of variable i (0 <= i < nvars), borrowed from f; NULL outside the range. */
const char *hesse_formula_var(const hesse_formula *f, int i);

/* Print the simplified f, ∂f/∂x_i, or ∂²f/∂x_i∂x_j (j < i gives the (j, i) entry: the
   Hessian is symmetric) as text the parser reads back to the same expression:
   "6*x + 6", "-4", "12*y^2 + 8", "-exp(-x)*sin(y*z)", "1/(2*sqrt(x))". Minimal
   parentheses, a sum starts with a positive term when it has one, numbers in the
   shortest form that reads back exactly.
   Like snprintf: writes at most size bytes including the terminating NUL (nothing
   when buf is NULL or size is 0) and returns the length of the whole text, so
   "n = print(f, NULL, 0); buf = malloc(n + 1); print(f, buf, n + 1)" prints it all.
   Returns 0 (and writes "") when f is NULL or i, j are out of range. The text of a
   derivative can be exponentially longer than the formula (shared subexpressions are
   written out each time); a length past SIZE_MAX/4 is returned as SIZE_MAX/4, and
   the time taken is proportional to the bytes written, not to the whole length. */
size_t hesse_formula_print(const hesse_formula *f, char *buf, size_t size);
size_t hesse_formula_print_gradient(const hesse_formula *f, int i, char *buf, size_t size);
size_t hesse_formula_print_hessian(const hesse_formula *f, int i, int j, char *buf,
                                   size_t size);

/* Evaluate at x (nvars values): *value = f(x); grad (nvars values) and H (nvars*nvars,
   column-major, full matrix) when not NULL.
   Returns HESSE_SUCCESS; HESSE_EDOMAIN when f, ∇f or H cannot be evaluated at x
   (see Domain above; outputs may be partly written); HESSE_EINVAL (f, x or value
   NULL); HESSE_ENOMEM (only for formulas needing heap scratch). */
hesse_status hesse_formula_eval(const hesse_formula *f, const double *x, double *value,
                                double *grad, double *H);

/* Why f (order 0), f or its gradient (order 1), or f, its gradient or its Hessian
   (order 2) cannot be evaluated at x (nvars values): the first operation, in the order
   the compiled programs compute them, whose value is not finite while its operands
   are, with the part it belongs to, its subexpression as printed and the operand
   values, e.g. "log(x) = log(-1): logarithm of a negative number",
   "in df/dx: 1/(2*sqrt(x)) = 1/0: division by zero". snprintf contract (see
   hesse_formula_print); returns 0 and writes "" when all of it is finite at x, or f
   or x is NULL. The point itself is not printed: the caller knows it. */
size_t hesse_formula_explain(const hesse_formula *f, const double *x, int order, char *buf,
                             size_t size);

/* Fill *p with callbacks evaluating f: n = nvars, objective (f and, when asked, ∇f),
   hessian, hessvec (∇²f·v from the compiled Hessian), data = (void *)f. The formula
   is borrowed: it must outlive every use of *p. The callbacks return 0, 1 (cannot
   evaluate at x, see Domain) or -1 (n differs from nvars, or heap scratch could not
   be allocated).
   Returns HESSE_SUCCESS; HESSE_EINVAL (f or p NULL, or nvars = 0). */
hesse_status hesse_formula_problem(const hesse_formula *f, hesse_problem *p);

/* Free f; NULL is a no-op. */
void hesse_formula_free(hesse_formula *f);

/* ---- Vector functions ----
 * "f1, f2, ..., fm": components separated by commas (a comma inside parentheses, as in
 * pow(a, b), belongs to its component), each in the language above, all over the same
 * variables: the caller's list, or the natural order of every name in any component.
 * "r*cos(t), r*sin(t)" is F(r, t) with m = n = 2. The Jacobian's row i is the
 * gradient of component i (hesse_formula_print_gradient on the component prints
 * ∂F_i/∂x_j). The components are hesse_formula objects, borrowed from the vector. */
typedef struct hesse_formula_vector hesse_formula_vector;

/* Parse; as hesse_formula_parse (an error's column is in the whole text). A
   component may leave out some variables; the vector must have at least one. */
hesse_status hesse_formula_vector_parse(const char *text, const char *vars,
                                        hesse_formula_vector **out, hesse_formula_error *err);
hesse_status hesse_formula_vector_parse_with(const char *text, const char *vars,
                                             const hesse_allocator *alloc,
                                             hesse_formula_vector **out,
                                             hesse_formula_error *err);
/* m, n, variable name j (borrowed), component i (borrowed; NULL out of range). */
int hesse_formula_vector_size(const hesse_formula_vector *v);
int hesse_formula_vector_nvars(const hesse_formula_vector *v);
const char *hesse_formula_vector_var(const hesse_formula_vector *v, int j);
const hesse_formula *hesse_formula_vector_component(const hesse_formula_vector *v, int i);
/* F (m values) and, when J is not NULL, the Jacobian (m*n, column-major) at x.
   HESSE_SUCCESS, HESSE_EDOMAIN (outputs partly written), HESSE_EINVAL, HESSE_ENOMEM. */
hesse_status hesse_formula_vector_eval(const hesse_formula_vector *v, const double *x,
                                       double *F, double *J);
/* As hesse_formula_explain (order 1) for the first component that cannot be
   evaluated, prefixed "component i: " (1-based). */
size_t hesse_formula_vector_explain(const hesse_formula_vector *v, const double *x,
                                    char *buf, size_t size);
/* Callbacks for hesse_jacobian (has_jacobian = 1), and for hesse_roots_solve when the
   vector is square (m = n; otherwise HESSE_EINVAL). v is borrowed by them. */
hesse_status hesse_formula_vector_function(const hesse_formula_vector *v,
                                           hesse_vector_function *out);
hesse_status hesse_formula_vector_system(const hesse_formula_vector *v, hesse_system *out);
/* det J as a formula over the same variables, for a square Jacobian with n <= 4 (the
   cofactor expansion, n! products, simplified like any formula: "r*cos(t)^2 +
   r*sin(t)^2" for the polar map, whose value is r). HESSE_EINVAL when not square or
   n > 4 (err says which), HESSE_ENOMEM. Free *out with hesse_formula_free. */
hesse_status hesse_formula_vector_determinant(const hesse_formula_vector *v,
                                              hesse_formula **out, hesse_formula_error *err);
/* Free v and its components; NULL is a no-op. */
void hesse_formula_vector_free(hesse_formula_vector *v);

/* =====================================================================================
 * 9. Built-in problems (problems)
 * =====================================================================================
 * The built-in test problems: Moré–Garbow–Hillstrom (family "mgh"), CUTEst
 * unconstrained problems (family "cutest") and the seed documents' examples ("seed"),
 * each with exact gradient, Hessian and Hessian-vector product.
 */
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

/* The size to run tp at when about `target` variables are wanted: target itself when
   accepted; else default_n when default_n <= target; else the accepted size nearest to
   target (the larger one on a tie). Returns default_n when nothing near is accepted. */
int hesse_testproblem_size_near(const hesse_testproblem *tp, int target);

/* Alternative starting points: where a SIF file defines a second named start, the
   registry lists it as an entry of its own under the SIF's name for that start, with
   the same function; its source says so. SROSENBR2 is SROSENBR from
   (-1.2, 1, -1.2, 1, ...) (SROSENBR itself starts at the SIF default (1.2, 1, ...)). */

/* A problem instantiated at a size: owns its x0, x* and callback data. */
#define HESSE_TESTINSTANCE_MAX_LOCAL 4
typedef struct {
    const hesse_testproblem *def;
    int n;
    hesse_problem problem;   /* callbacks (objective, hessian, hessvec) and data */
    double *x0;              /* standard starting point, n values */
    double fstar;            /* known optimal value at this n, NaN when unknown */
    const double *xstar;     /* a known minimizer, NULL when unknown */
    const char *fstar_source;/* where fstar comes from ("" when unknown) */
    /* Known local minima, other than fstar, that methods reach from x0 at this n: their
       values flocal[0 .. nlocal-1] and where they come from ("" when nlocal = 0). */
    int nlocal;
    double flocal[HESSE_TESTINSTANCE_MAX_LOCAL];
    const char *flocal_source;
} hesse_testinstance;

/* Instantiate tp at n variables (n = 0: default_n). On success *out must be freed
   with hesse_testinstance_free. Errors: HESSE_EINVAL (tp or out NULL, n not accepted:
   the message, if msg is not NULL, names n and the sizes accepted), HESSE_ENOMEM.
   msg: optional buffer of msg_size bytes for that message. */
hesse_status hesse_testinstance_create(const hesse_testproblem *tp, int n,
                                       hesse_testinstance **out, char *msg,
                                       size_t msg_size);
void hesse_testinstance_free(hesse_testinstance *inst); /* NULL is a no-op */

/* How a solve of inst that ended with result r is judged (the rule of `hesse bench`).
   With close(v) = |r->f - v| <= 1e-6 max(1, |v|) (a rule for this fixed problem set,
   whose f* are recorded to at least 7 significant digits):
     HESSE_SOLVED_GLOBAL  r->status is HESSE_SUCCESS (the gradient test was met) and
                          close(fstar); or fstar is unknown and f is close to no flocal
     HESSE_SOLVED_LOCAL   r->status is HESSE_SUCCESS, not global, and close(flocal[k])
                          for some k, or f > fstar at a point whose Hessian has no
                          negative eigenvalue (r->point HESSE_POINT_MINIMUM, or
                          HESSE_POINT_DEGENERATE with r->nneg == 0): the second-order
                          necessary conditions of a local minimum hold there
     HESSE_UNSOLVED       otherwise, and when inst or r is NULL */
typedef enum {
    HESSE_UNSOLVED = 0,
    HESSE_SOLVED_GLOBAL = 1,
    HESSE_SOLVED_LOCAL = 2
} hesse_solved;
hesse_solved hesse_testinstance_judge(const hesse_testinstance *inst, const hesse_result *r);

/* The problem as least squares (section 5), for the family "mgh", whose objective is
   the plain sum f = Σ r_i² (so the least-squares f = ½ Σ r_i² is half of it): its m
   residuals with the exact dense Jacobian and second-order term. p borrows inst's data:
   valid while inst is. Returns HESSE_SUCCESS, or HESSE_EINVAL (NULL, or a problem that
   is not written as residuals). */
hesse_status hesse_testinstance_lsq(const hesse_testinstance *inst, hesse_lsq_problem *p);

/* Built-in equation problems (family "equations"): the square systems of
   Moré, Garbow & Hillstrom, "Testing unconstrained optimization software", ACM TOMS
   7 (1981) 17–41, problems 1, 3, 7, 13, 26–31 read as F(x) = 0 (their residuals
   f_i, so that the MGH objective is ‖F‖²), with the standard x0 and, where one is
   known in closed form, a root. Exact Jacobians. The residuals, sizes and x0 are
   those of the "mgh" family of the problem registry.
   Recorded behaviour (tests/test_roots.c): with default options both methods solve
   all ten from x0 at the default n (BROWN_ALMOST_LINEAR reaching the root
   (a, ..., a, a^(1-n)), a ≈ 0.979, not the recorded (1, ..., 1)); at n = 30,
   BROWN_ALMOST_LINEAR is solved by neither: both end with HESSE_ESINGULAR at a point
   where F ≈ (0, ..., 0, -1) and J is singular. */
typedef struct hesse_equation_problem hesse_equation_problem; /* opaque, static */

typedef struct {
    const char *name;     /* "ROSENBROCK", "HELICAL_VALLEY", ... */
    const char *family;   /* "equations" */
    const char *sizes;    /* accepted n in words ("n = 2", "n >= 1") */
    const char *source;   /* reference for the system, x0 and the root */
    int default_n;
} hesse_equation_problem_info;

/* Number of problems, and the i-th (NULL outside 0 <= i < count). Static storage. */
int hesse_equation_problem_count(void);
const hesse_equation_problem *hesse_equation_problem_at(int i);
/* The problem named name (case-insensitive), or NULL. */
const hesse_equation_problem *hesse_equation_problem_find(const char *name);
/* Metadata (static strings). Nothing is written when p or info is NULL. */
void hesse_equation_problem_get_info(const hesse_equation_problem *p,
                                     hesse_equation_problem_info *info);
/* 1 if p can be instantiated with n unknowns, else 0. */
int hesse_equation_problem_accepts(const hesse_equation_problem *p, int n);

/* A problem instantiated at a size; owns x0, the root and the system's data. */
typedef struct {
    const hesse_equation_problem *def;
    int n;
    hesse_system system;  /* has_jacobian = 1 */
    double *x0;           /* standard starting point, n values */
    const double *root;   /* a known root (F(root) = 0), NULL when none is known */
} hesse_equation_instance;

/* Instantiate p at n unknowns (n = 0: default_n). On success *out must be freed
   with hesse_equation_instance_free. Errors: HESSE_EINVAL (p or out NULL, n not
   accepted: msg names n and the sizes), HESSE_ENOMEM. msg: optional buffer of
   msg_size bytes for the message. */
hesse_status hesse_equation_instance_create(const hesse_equation_problem *p, int n,
                                            hesse_equation_instance **out, char *msg,
                                            size_t msg_size);
void hesse_equation_instance_free(hesse_equation_instance *inst); /* NULL: no-op */

#ifdef __cplusplus
}
#endif
#endif /* HESSE_H */
