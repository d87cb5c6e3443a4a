/*
 * hesse_mpi.h — the same solve on many MPI processes, each evaluating its shard of
 * the data. Optional: libhesse_mpi is built only when CMake's find_package(MPI)
 * finds MPI. Link with -lhesse_mpi -lhesse and the MPI library.
 *
 * The objectives that outgrow one machine are sums over data,
 *     f(x) = Σ_r f_r(x)     (f_r: rank r's rows; ∇f, ∇²f and ∇²f·v sum the same way),
 * while x stays small enough to live on every process. Every rank runs the same
 * hesse solve on a full copy of x; each evaluation computes f_r (and ∇f_r, ∇²f_r or
 * ∇²f_r·v) on every rank and sums the parts over the communicator, so that every
 * rank gets the same f, ∇f, ... and takes the same decisions.
 *
 * The contract: when are the ranks' iterates bit-identical?
 * ---------------------------------------------------------
 * hesse is deterministic: a solve is a function of the bits of x0, of the options,
 * of the values its callbacks return, and of the code that runs. So every rank
 * computes the same iterates, bit for bit, and ends with the same status, counts and
 * classification, when on every rank:
 *   1. x0 is the same (every bit), and so are the options (every field that is not a
 *      pointer; the method, by name);
 *   2. the library build is the same (the same libhesse, LAPACK and OpenBLAS, the
 *      same CPU code paths), and OpenBLAS runs with the same number of threads
 *      (OPENBLAS_NUM_THREADS): OpenBLAS's summation order depends on it;
 *   3. every callback returns the same values (every bit) and the same return code
 *      when called with the same arguments.
 * Conditions 1 and 2 are the caller's; hesse_mpi_minimize checks 1 before it starts.
 * Condition 3 is what the callbacks of hesse_mpi_problem_get() guarantee: the sum
 * is formed once, in a fixed order, and every rank receives those bits (see "The
 * reduction"), and a return code anywhere becomes the same decision everywhere.
 *
 * What breaks it, and what hesse_mpi does instead:
 *   - max_seconds: hesse reads each process's own clock, so one rank may stop an
 *     iteration before the others, which then wait in an evaluation that never
 *     completes. hesse_mpi_minimize takes the limit on rank 0's clock and shares the
 *     decision: every rank ends with HESSE_MAX_TIME at the same iteration.
 *   - a trace callback that decides locally (a file, a signal, its own clock): if it
 *     stops one rank, the others wait forever. hesse_mpi_minimize calls the user's
 *     trace on every rank and stops every rank when it returned nonzero on any.
 *   - callbacks that compute f from the shard with a reduction of their own
 *     (MPI_Allreduce with MPI_SUM): the MPI standard does not promise the same order
 *     of additions on every rank, so the bits may differ. Use the shard callbacks
 *     below, or hesse_mpi_allsum.
 *   - hesse_result.seconds is each rank's own clock; it is the one field that
 *     differs.
 * The wrapped callbacks also check condition 1 as they go: each reduction compares
 * a 64-bit fingerprint of its arguments (x, v, the kind and size of the evaluation)
 * between ranks; when ranks ask for different evaluations (different bits in x, from
 * a broken condition 2 for instance) every rank aborts that evaluation (the callback
 * returns -1: HESSE_ECALLBACK) and hesse_mpi_problem_message() names a rank that
 * differed from a lower one. Ranks that make different numbers of evaluations (a
 * different max_iter, or hesse_minimize called with a local max_seconds) cannot be
 * detected that way: the extra evaluation waits for partners that have left.
 *
 * Errors and refusals: one decision everywhere
 * --------------------------------------------
 * Each rank's shard callback returns 0, > 0 (cannot evaluate at this x) or < 0
 * (abort), as hesse's callbacks do. The codes travel with the values; every rank
 * then returns the same code to hesse:
 *   - a refusal on any rank is a refusal on every rank (hesse shortens the step; at
 *     x0 it is HESSE_EDOMAIN everywhere);
 *   - an abort on any rank is an abort on every rank (HESSE_ECALLBACK everywhere,
 *     after which no rank calls a callback again), and takes precedence;
 *   - a NaN or Inf on one rank enters the sum, so every rank sees the same
 *     non-finite f or gradient, and hesse treats it as it does in a serial solve;
 *   - every rank always takes part in every reduction, whatever its own shard
 *     returned, so no rank is left waiting in a communication.
 * hesse_mpi_problem_message() names the lowest rank that refused, aborted or
 * produced a non-finite value, and the evaluation.
 * Out of memory, invalid arguments and disagreeing arguments (n, which callbacks,
 * x0, options) are decided collectively too: every rank returns the same status and
 * message. An MPI failure (a lost process) is outside this contract; the
 * library's communicator returns MPI errors instead of aborting, and Open MPI's
 * mpirun ends the job when a process dies.
 *
 * The reduction
 * -------------
 * MPI_Allreduce(MPI_SUM) leaves the order of the additions to the implementation
 * and does not require it to be the same on every rank. hesse_mpi adds the ranks'
 * parts p_r in one fixed expression, the binomial tree
 *     ((p_0 + p_1) + (p_2 + p_3)) + ((p_4 + p_5) + ...)
 * (at step d = 1, 2, 4, ..., for every r that is a multiple of 2d, the partial sum
 * of ranks [r + d, r + 2d) is added on the right of the partial sum of ranks
 * [r, r + d)), and every rank ends with the bits of that expression:
 * for K a power of two by recursive doubling (at each step, ranks r and r XOR d
 * exchange their partial sums and both form lower + upper), otherwise by summing up
 * the tree to rank 0 and copying the result back down. The order depends only on the
 * number of ranks K: the same K gives the same bits with any MPI library; another K,
 * or a serial solve that sums the rows in one loop, adds in another order, so the
 * results agree with a serial solve to rounding, not to the bit.
 * Cost per reduction of m doubles (α latency, β seconds per byte, messages of
 * 8m + 40 bytes), with L = ⌈log₂K⌉:
 *     K a power of two   L·(α + β·(8m + 40))
 *     otherwise         2L·(α + β·(8m + 40))
 * plus one pass over x (the fingerprint). The m per evaluation:
 *     f alone 1,  f and ∇f n + 1,  ∇²f n(n+1)/2 (packed lower triangle),  ∇²f·v n.
 * bench/mpi measures it next to MPI_Allreduce.
 *
 * Every method of hesse works through these callbacks, as do hesse_solver_* and the
 * analysis functions (hesse_hessian, hesse_point_classify, ...): they evaluate
 * deterministically, so every rank makes the same calls in the same order. Finite
 * differences (no Hessian callback) cost one reduction of n + 1 values per gradient.
 *
 * Threads: one hesse_mpi_problem is used by one thread at a time. Solves on
 * different problems (each has its own communicator) may run in different threads
 * at once when MPI was initialized with MPI_THREAD_MULTIPLE.
 *
 * What hesse does not do: distribute x itself (each rank holds all of x, the
 * gradient and, for Newton, the n×n Hessian). Problems whose x must be split over
 * processes belong to PETSc/TAO; examples/mpi/tao_logistic.c shows the glue.
 */
#ifndef HESSE_MPI_H
#define HESSE_MPI_H

#include <mpi.h>
#include <stddef.h>

#include "hesse.h"

#ifdef __cplusplus
extern "C" {
#endif

/* =====================================================================================
 * The shard: the user's per-rank callbacks
 * =====================================================================================
 * Each computes this rank's part of the sum, with the return-value contract of
 * hesse's callbacks (0 ok, > 0 cannot evaluate at x, < 0 abort). A part a rank does
 * not own (a regularization term, say) is added by exactly one rank. */

/* This rank's f_r(x) into *f and, when grad is not NULL, ∇f_r(x) into grad (n). */
typedef int (*hesse_mpi_objective_fn)(int n, const double *x, double *f, double *grad,
                                      void *shard);
/* This rank's ∇²f_r(x), lower triangle packed by columns (LAPACK's 'L' packed
   storage): hessian[i + j(2n - j - 1)/2] = ∂²f_r/∂x_i∂x_j for i >= j, n(n+1)/2
   values. Only that half is summed and sent; hesse receives the full symmetric
   matrix. */
typedef int (*hesse_mpi_hessian_fn)(int n, const double *x, double *hessian, void *shard);
/* This rank's ∇²f_r(x)·v into Hv (n). */
typedef int (*hesse_mpi_hessvec_fn)(int n, const double *x, const double *v, double *Hv,
                                    void *shard);

typedef struct {
    int n;                            /* number of variables, the same on every rank */
    hesse_mpi_objective_fn objective; /* required */
    hesse_mpi_hessian_fn hessian;     /* optional; given on every rank or on none */
    hesse_mpi_hessvec_fn hessvec;     /* optional; given on every rank or on none */
    void *shard;                      /* this rank's data, passed to every callback */
    size_t allsum_max;                /* the largest count this rank passes to
                                         hesse_mpi_allsum (0: it does not call it) */
} hesse_mpi_shard;

/* =====================================================================================
 * The distributed problem
 * =====================================================================================
 * Every function below is collective: call it on every rank of the communicator, in
 * the same order, with the same arguments except the shard's data. */
typedef struct hesse_mpi_problem hesse_mpi_problem;

/* Build a problem over comm (duplicated: hesse_mpi's messages never mix with the
   caller's) from this rank's shard (copied; shard->shard is borrowed until
   hesse_mpi_problem_free).
   Allocates all communication buffers once: 2·(5 + m) doubles, m the largest
   reduction (n(n+1)/2 with a Hessian, else n + 1, or allsum_max if larger); their
   memory is touched only as far as reductions use it.
   out    on success a problem to free with hesse_mpi_problem_free; NULL otherwise.
   msg    optional buffer of msg_size bytes: a sentence on the outcome.
   Returns, the same on every rank: HESSE_SUCCESS; HESSE_EINVAL (MPI not initialized
   or comm is MPI_COMM_NULL — these two are decided locally —; on any rank: shard,
   out or shard->objective NULL, n < 1; or n, hessian or hessvec presence differing
   between ranks: the message names the rank or the values); HESSE_ENOMEM (on any
   rank). */
hesse_status hesse_mpi_problem_create(MPI_Comm comm, const hesse_mpi_shard *shard,
                                      const hesse_allocator *alloc,
                                      hesse_mpi_problem **out, char *msg, size_t msg_size);

/* The hesse_problem whose callbacks evaluate every shard and sum them: objective
   always, hessian when the shards have one, hessvec when they have one; data is mp.
   Borrowed: valid until hesse_mpi_problem_free. Each call of its callbacks is
   collective. NULL when mp is NULL. */
const hesse_problem *hesse_mpi_problem_get(const hesse_mpi_problem *mp);

/* The communicator hesse_mpi uses (the duplicate; do not free it), its rank, its
   size. MPI_COMM_NULL, -1, 0 when mp is NULL. Local. */
MPI_Comm hesse_mpi_problem_comm(const hesse_mpi_problem *mp);
int hesse_mpi_problem_rank(const hesse_mpi_problem *mp);
int hesse_mpi_problem_size(const hesse_mpi_problem *mp);

/* A sentence on the last notable event, the same on every rank: which rank refused,
   aborted, produced a non-finite value or differed, at which evaluation; or why
   hesse_mpi_minimize / hesse_mpi_options_prepare refused the arguments. "" when
   nothing happened since the solve began. Borrowed: valid until the next call on mp.
   Local. */
const char *hesse_mpi_problem_message(const hesse_mpi_problem *mp);

/* What this rank spent, cumulated since create. Local. */
typedef struct {
    long reductions;         /* sums made: callbacks and hesse_mpi_allsum calls */
    double values;           /* values summed over all reductions (payload, no headers) */
    double bytes_sent;       /* bytes this rank sent, headers included */
    double seconds_shard;    /* in the shard callbacks, this rank's clock */
    double seconds_reduce;   /* communicating: the reductions, the trace's shared stop
                                decision and the agreement check of a solve, waits
                                for slower ranks included */
} hesse_mpi_stats;
void hesse_mpi_problem_stats(const hesse_mpi_problem *mp, hesse_mpi_stats *stats);

/* Free mp (collective: it frees the duplicated communicator). NULL is a no-op. */
void hesse_mpi_problem_free(hesse_mpi_problem *mp);

/* =====================================================================================
 * Solving
 * =====================================================================================
 */
/* hesse_minimize(hesse_mpi_problem_get(mp), x, opt, res) made safe for many ranks:
     1. checks that x0 and the options agree on every rank (bits of every option
        that is not a pointer, the method by name); if not, every rank returns
        HESSE_EINVAL, x unchanged, with a message naming the field or x0[i] and the
        first rank that differs from rank 0;
     2. replaces opt->max_seconds by a limit on rank 0's clock (wall time since this
        call began there, checked between iterations as hesse checks max_seconds):
        every rank ends with HESSE_MAX_TIME at the same iteration;
     3. calls opt->trace (if any) on every rank with that rank's iteration record
        (identical on every rank) and stops every rank with HESSE_STOPPED when it
        returned nonzero on any;
     4. after HESSE_ECALLBACK from a collective abort or divergence, res->message
        says which rank and evaluation.
   x, opt and res as for hesse_minimize. Returns res->status, the same on every rank.
   One solve at a time per mp. */
hesse_status hesse_mpi_minimize(hesse_mpi_problem *mp, double *x, const hesse_options *opt,
                                hesse_result *res);

/* Steps 1–3 of hesse_mpi_minimize for a caller who drives hesse_solver_create /
   _iterate: checks x0 and opt (NULL: defaults) and writes into *out the options to
   create the solver with (out->trace and out->trace_data point into mp: the rank-0
   clock starts now). Returns HESSE_SUCCESS or HESSE_EINVAL (the same on every rank;
   the message from hesse_mpi_problem_message). */
hesse_status hesse_mpi_options_prepare(hesse_mpi_problem *mp, const double *x0,
                                       const hesse_options *opt, hesse_options *out);
/* Step 4, and HESSE_STOPPED turned into HESSE_MAX_TIME when rank 0's clock stopped
   the solve. Call it on the result of a solver made with prepared options. Local. */
void hesse_mpi_result_finish(const hesse_mpi_problem *mp, hesse_result *res);

/* =====================================================================================
 * The reduction, for callbacks of your own
 * =====================================================================================
 * The primitive behind the wrapped callbacks, for any other sum over shards: a
 * statistic of the fit, or a least-squares problem whose residuals r are split by
 * rows, r = (r_0; r_1; ...): each rank forms J_rᵀJ_r (packed, dsyrk), J_rᵀr_r and
 * ½‖r_r‖², and one call with n(n+1)/2 + n + 1 values gives every rank the same
 * Gauss–Newton normal equations JᵀJ s = -Jᵀr (pass x as check).
 * Collective. values: count doubles, this rank's part on entry; on return 0 the
 * sum over the ranks (fixed order, the same bits on every rank); otherwise left
 * unspecified. code: this rank's return code (0, > 0 refuse, < 0 abort). check:
 * ncheck values that must be bit-identical on every rank (x, say), or NULL.
 * Returns: 0 when every rank passed 0; 1 when some rank passed > 0 and none < 0;
 * -1 when some rank passed < 0, when the ranks' check values or counts differ, or
 * when count exceeds this rank's allsum_max (and the problem's other reductions).
 * The same on every rank. */
int hesse_mpi_allsum(hesse_mpi_problem *mp, int code, double *values, size_t count,
                     const double *check, size_t ncheck);

#ifdef __cplusplus
}
#endif
#endif /* HESSE_MPI_H */
