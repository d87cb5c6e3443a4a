/*
 * hesse_mpi: the user's per-shard callbacks wrapped into hesse callbacks that sum
 * over a communicator in a fixed order (include/hesse_mpi.h has the contract).
 *
 * The sum over ranks is the binomial tree ((p_0 + p_1) + (p_2 + p_3)) + ...: at step
 * d = 1, 2, 4, ..., for every r that is a multiple of 2d, the partial sum of ranks
 * [r + d, r + 2d) is added on the right of the partial sum of ranks [r, r + d). For K a power of two it is computed by
 * recursive doubling (each step one exchange between rank r and r XOR d, both sides
 * forming lower + upper: log2 K messages per rank); otherwise by a reduction up the
 * tree to rank 0 and a broadcast down it (2 ceil(log2 K) steps). Either way the
 * expression is the same, so every rank ends with the same bits.
 * A message is a header of HEADER doubles followed by the payload:
 *     [code, fingerprint high 32 bits, fingerprint low 32 bits, code_rank,
 *      nonfinite_rank, payload ...]
 * All five header entries are integers below 2^32, exact in a double, so they
 * travel with the payload in one MPI_DOUBLE message. Invariants:
 *   - every rank takes part in every reduction whatever its shard returned: a rank
 *     whose shard refused or aborted sends zeros with its code, so no exchange ever
 *     waits for a missing message;
 *   - the header is combined by an operation that does not depend on the order of
 *     its operands (maximum code, lowest rank), so every rank reaches the same one;
 *   - receives use MPI_Probe and MPI_Get_count, so a rank that asks for a different
 *     evaluation (another size) is detected instead of truncating a message; the
 *     buffers hold the largest reduction of the problem on every rank (agreed at
 *     create), so any message of a diverged rank fits.
 * Codes are ordered by precedence: the worst code wins, and among equal codes the
 * lowest rank is the one named.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hesse_mpi.h"

enum { HEADER = 5 };
enum { H_CODE, H_FP_HI, H_FP_LO, H_CODE_RANK, H_NONFINITE_RANK };

/* Outcome of a reduction, in order of precedence. */
enum { CODE_OK = 0, CODE_REFUSED = 1, CODE_DIVERGED = 2, CODE_ABORTED = 3 };

/* What a reduction sums: part of the fingerprint, and named in messages. */
enum { KIND_F = 1, KIND_FG, KIND_HESSIAN, KIND_HESSVEC, KIND_ALLSUM };
static const char *const kind_name[] = {"", "objective", "objective", "hessian", "hessvec",
                                        "hesse_mpi_allsum"};

enum { TAG_UP = 7101, TAG_DOWN = 7102 };

/* Why the trace wrapper stopped a solve. */
enum { STOP_NONE = 0, STOP_TRACE = 1, STOP_TIME = 2 };

struct hesse_mpi_problem {
    MPI_Comm comm;
    int rank, size;
    hesse_mpi_shard shard;
    hesse_problem problem;
    hesse_allocator alloc;
    size_t capacity;         /* payload doubles each buffer holds */
    double *acc, *tmp;       /* HEADER + capacity doubles each */
    long evaluations;        /* reductions since create: the same count on every rank */
    hesse_mpi_stats stats;
    /* The trace wrapper's state for the solve under way. */
    hesse_trace_fn user_trace;
    void *user_trace_data;
    double max_seconds;      /* on rank 0's clock; 0 = none */
    double t0;               /* rank 0: MPI_Wtime() when the solve began */
    int stop_reason;
    int stop_iteration;
    double stop_elapsed;     /* rank 0's elapsed seconds at the stop, shared */
    char message[256];
};

static void set_message(char *buf, size_t size, const char *fmt, ...)
{
    if (!buf || size == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void *alloc_with(const hesse_allocator *a, size_t size)
{
    return (a->malloc && a->free) ? a->malloc(size, a->data) : malloc(size);
}

static void free_with(const hesse_allocator *a, void *p)
{
    if (!p) return;
    if (a->malloc && a->free)
        a->free(p, a->data);
    else
        free(p);
}

/* ---- fingerprint ------------------------------------------------------------------ */

/* A 64-bit hash of the arguments of an evaluation: the kind, the size and the bits
   of x (and v). One multiply-xorshift per double (the finalizer of splitmix64, Steele,
   Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): one
   pass over x, cheap next to any shard evaluation. Not cryptographic: it detects
   ranks that compute different iterates, not adversaries. */
static uint64_t mix(uint64_t h, uint64_t w)
{
    h ^= w + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

static uint64_t fingerprint(int kind, size_t count, const double *a, size_t na,
                            const double *b, size_t nb)
{
    uint64_t h = mix((uint64_t)kind, (uint64_t)count);
    for (size_t i = 0; i < na; i++) {
        uint64_t w;
        memcpy(&w, &a[i], sizeof w);
        h = mix(h, w);
    }
    for (size_t i = 0; i < nb; i++) {
        uint64_t w;
        memcpy(&w, &b[i], sizeof w);
        h = mix(h, w);
    }
    return h;
}

/* ---- the reduction ------------------------------------------------------------------ */

/* The worse of two (code, rank) pairs: the higher code, on a tie the lower rank. The
   same whichever comes first, so both ranks of a pair reach the same header. */
static void merge_code(double *code, double *who, double other_code, double other_who)
{
    if (other_code > *code || (other_code == *code && other_who < *who)) {
        *code = other_code;
        *who = other_who;
    }
}

/* Another rank's partial sum (other, other_count doubles with its header, from
   other_rank) into own. The payload becomes lower + upper, the lower rank's partial on
   the left, whichever side computes it: both sides of an exchange get the same bits
   (IEEE addition commutes, except for which NaN's payload survives; the fixed
   operand order settles that too). A different size or fingerprint marks the
   reduction DIVERGED, naming the higher rank of the two. */
static void combine(double *own, const double *other, int other_count, int expected,
                    int own_rank, int other_rank)
{
    int lower = own_rank < other_rank;
    if (other_count != expected || other[H_FP_HI] != own[H_FP_HI] ||
        other[H_FP_LO] != own[H_FP_LO])
        merge_code(&own[H_CODE], &own[H_CODE_RANK], CODE_DIVERGED,
                   lower ? other_rank : own_rank);
    if (other_count >= HEADER) {
        merge_code(&own[H_CODE], &own[H_CODE_RANK], other[H_CODE], other[H_CODE_RANK]);
        if (other[H_NONFINITE_RANK] >= 0 &&
            (own[H_NONFINITE_RANK] < 0 || other[H_NONFINITE_RANK] < own[H_NONFINITE_RANK]))
            own[H_NONFINITE_RANK] = other[H_NONFINITE_RANK];
    }
    if (other_count != expected) return;
    if (lower)
        for (int i = HEADER; i < expected; i++) own[i] = own[i] + other[i];
    else
        for (int i = HEADER; i < expected; i++) own[i] = other[i] + own[i];
}

/* Receive from src with any size up to the buffer; returns the count, or -1 when MPI
   failed. */
static int receive(hesse_mpi_problem *mp, double *buf, int src, int tag)
{
    MPI_Status st;
    int count = 0;
    if (MPI_Probe(src, tag, mp->comm, &st) != MPI_SUCCESS) return -1;
    if (MPI_Get_count(&st, MPI_DOUBLE, &count) != MPI_SUCCESS || count == MPI_UNDEFINED ||
        (size_t)count > HEADER + mp->capacity)
        return -1;
    if (MPI_Recv(buf, count, MPI_DOUBLE, src, tag, mp->comm, MPI_STATUS_IGNORE) != MPI_SUCCESS)
        return -1;
    return count;
}

static int send(hesse_mpi_problem *mp, const double *buf, int count, int dst, int tag)
{
    mp->stats.bytes_sent += (double)count * sizeof(double);
    return MPI_Send(buf, count, MPI_DOUBLE, dst, tag, mp->comm) == MPI_SUCCESS ? 0 : -1;
}

/* Sum mp->acc[HEADER .. HEADER+count) over the ranks into every rank's mp->acc,
   with the local outcome `code` and the fingerprint of (kind, count, a, b). Returns
   the combined code; the header in mp->acc names the ranks. */
static int reduce(hesse_mpi_problem *mp, int kind, int code, size_t count, const double *a,
                  size_t na, const double *b, size_t nb)
{
    double t = MPI_Wtime();
    double *acc = mp->acc;
    int nonfinite = 0;
    if (code != CODE_OK) {
        memset(acc + HEADER, 0, count * sizeof *acc);
    } else {
        for (size_t i = 0; i < count; i++)
            if (!isfinite(acc[HEADER + i])) {
                nonfinite = 1;
                break;
            }
    }
    uint64_t fp = fingerprint(kind, count, a, na, b, nb);
    acc[H_CODE] = code;
    acc[H_FP_HI] = (double)(fp >> 32);
    acc[H_FP_LO] = (double)(fp & 0xffffffffULL);
    acc[H_CODE_RANK] = code != CODE_OK ? mp->rank : -1;
    acc[H_NONFINITE_RANK] = nonfinite ? mp->rank : -1;

    int expected = (int)(HEADER + count), failed = 0;
    if ((mp->size & (mp->size - 1)) == 0) {
        /* K a power of two: recursive doubling. At step d = 1, 2, 4, ... rank r and
           r XOR d exchange their partial sums and both form (lower + upper): after
           step d every rank holds the sum of its block of 2d ranks, in the order of
           the binomial tree below. */
        for (int d = 1; d < mp->size; d <<= 1) {
            int partner = mp->rank ^ d;
            MPI_Request request;
            if (MPI_Isend(acc, expected, MPI_DOUBLE, partner, TAG_UP, mp->comm, &request) !=
                MPI_SUCCESS) {
                failed = 1;
                break;
            }
            mp->stats.bytes_sent += (double)expected * sizeof(double);
            int got = receive(mp, mp->tmp, partner, TAG_UP);
            if (MPI_Wait(&request, MPI_STATUS_IGNORE) != MPI_SUCCESS || got < 0) {
                failed = 1;
                break;
            }
            combine(acc, mp->tmp, got, expected, mp->rank, partner);
        }
    } else {
        /* Binomial tree up: at step k (mask = 2^k) a rank with bit k set sends to
           rank - mask and is done; the others add rank + mask's partial. */
        int mask = 1;
        for (; mask < mp->size; mask <<= 1) {
            if (mp->rank & mask) {
                failed |= send(mp, acc, expected, mp->rank - mask, TAG_UP);
                break;
            }
            int child = mp->rank + mask;
            if (child < mp->size) {
                int got = receive(mp, mp->tmp, child, TAG_UP);
                if (got < 0)
                    failed = 1;
                else
                    combine(acc, mp->tmp, got, expected, mp->rank, child);
            }
        }
        /* Down: the parent (rank - mask, the bit this rank sent on) sends rank 0's
           result; then this rank sends it to the ranks it received from. */
        if (mp->rank != 0) {
            int got = receive(mp, acc, mp->rank - mask, TAG_DOWN);
            if (got < 0) {
                failed = 1;
            } else if (got != expected && acc[H_CODE] < CODE_DIVERGED) {
                /* Rank 0 had another size, so its header says DIVERGED already;
                   this keeps a rank from using a payload of the wrong size. */
                acc[H_CODE] = CODE_DIVERGED;
                acc[H_CODE_RANK] = mp->rank;
            }
            expected = got > 0 ? got : expected;
        }
        for (mask >>= 1; mask > 0; mask >>= 1) {
            int child = mp->rank + mask;
            if (child < mp->size) failed |= send(mp, acc, expected, child, TAG_DOWN);
        }
    }
    if (failed) {
        acc[H_CODE] = CODE_ABORTED;
        acc[H_CODE_RANK] = mp->rank;
    }

    mp->evaluations++;
    mp->stats.reductions++;
    mp->stats.values += (double)count;
    mp->stats.seconds_reduce += MPI_Wtime() - t;

    int combined = (int)acc[H_CODE];
    int who = (int)acc[H_CODE_RANK];
    const char *what = kind_name[kind];
    if (failed)
        set_message(mp->message, sizeof mp->message,
                    "rank %d: an MPI call failed in the reduction of evaluation %ld (%s)",
                    mp->rank, mp->evaluations, what);
    else if (combined == CODE_ABORTED)
        set_message(mp->message, sizeof mp->message,
                    "rank %d's shard %s aborted (returned < 0) at evaluation %ld: every rank "
                    "aborts", who, what, mp->evaluations);
    else if (combined == CODE_DIVERGED)
        set_message(mp->message, sizeof mp->message,
                    "ranks diverged at evaluation %ld (%s): rank %d and a lower rank asked for "
                    "different evaluations (x, v or size); every rank aborts",
                    mp->evaluations, what, who);
    else if (combined == CODE_REFUSED)
        set_message(mp->message, sizeof mp->message,
                    "rank %d's shard %s refused x (returned > 0) at evaluation %ld: every "
                    "rank refuses", who, what, mp->evaluations);
    else if (acc[H_NONFINITE_RANK] >= 0)
        set_message(mp->message, sizeof mp->message,
                    "rank %d's shard %s gave a non-finite value at evaluation %ld: every "
                    "rank has the non-finite sum", (int)acc[H_NONFINITE_RANK], what,
                    mp->evaluations);
    return combined;
}

static int local_code(int rc)
{
    return rc < 0 ? CODE_ABORTED : rc > 0 ? CODE_REFUSED : CODE_OK;
}

/* The value a hesse callback returns for a combined code. */
static int callback_return(int combined)
{
    return combined == CODE_OK ? 0 : combined == CODE_REFUSED ? 1 : -1;
}

/* ---- the wrapped callbacks ------------------------------------------------------------ */

static int call_objective(int n, const double *x, double *f, double *grad, void *data)
{
    hesse_mpi_problem *mp = data;
    double *part = mp->acc + HEADER;
    double t = MPI_Wtime();
    int rc = mp->shard.objective(n, x, &part[0], grad ? part + 1 : NULL, mp->shard.shard);
    mp->stats.seconds_shard += MPI_Wtime() - t;
    size_t count = grad ? (size_t)n + 1 : 1;
    int combined = reduce(mp, grad ? KIND_FG : KIND_F, local_code(rc), count, x, (size_t)n,
                          NULL, 0);
    if (combined == CODE_OK) {
        *f = part[0];
        if (grad) memcpy(grad, part + 1, (size_t)n * sizeof *grad);
    }
    return callback_return(combined);
}

static int call_hessian(int n, const double *x, double *H, void *data)
{
    hesse_mpi_problem *mp = data;
    double *packed = mp->acc + HEADER;
    double t = MPI_Wtime();
    int rc = mp->shard.hessian(n, x, packed, mp->shard.shard);
    mp->stats.seconds_shard += MPI_Wtime() - t;
    size_t count = (size_t)n * ((size_t)n + 1) / 2;
    int combined = reduce(mp, KIND_HESSIAN, local_code(rc), count, x, (size_t)n, NULL, 0);
    if (combined != CODE_OK) return callback_return(combined);
    /* Column j of the packed lower triangle starts at j(2n - j + 1)/2. */
    size_t nn = (size_t)n;
    for (size_t j = 0, start = 0; j < nn; start += nn - j, j++)
        for (size_t i = j; i < nn; i++) {
            double h = packed[start + (i - j)];
            H[i + j * nn] = h;
            H[j + i * nn] = h;
        }
    return 0;
}

static int call_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    hesse_mpi_problem *mp = data;
    double *part = mp->acc + HEADER;
    double t = MPI_Wtime();
    int rc = mp->shard.hessvec(n, x, v, part, mp->shard.shard);
    mp->stats.seconds_shard += MPI_Wtime() - t;
    int combined = reduce(mp, KIND_HESSVEC, local_code(rc), (size_t)n, x, (size_t)n, v,
                          (size_t)n);
    if (combined == CODE_OK) memcpy(Hv, part, (size_t)n * sizeof *Hv);
    return callback_return(combined);
}

int hesse_mpi_allsum(hesse_mpi_problem *mp, int code, double *values, size_t count,
                     const double *check, size_t ncheck)
{
    if (!mp) return -1;
    int local = local_code(code);
    size_t sent = count;
    if (count > mp->capacity || (count > 0 && !values) || (ncheck > 0 && !check)) {
        /* Take part with the header alone: the others see the size differ. */
        local = CODE_ABORTED;
        sent = 0;
    } else if (count > 0) {
        memcpy(mp->acc + HEADER, values, count * sizeof *values);
    }
    int combined = reduce(mp, KIND_ALLSUM, local, sent, check, check ? ncheck : 0, NULL, 0);
    if (combined == CODE_OK && count > 0) memcpy(values, mp->acc + HEADER, count * sizeof *values);
    return callback_return(combined);
}

/* ---- create / free ---------------------------------------------------------------- */

/* Every rank learns the lowest rank whose local status is not SUCCESS, and that
   rank's status and message. Returns that status (SUCCESS when none). */
static hesse_status agree_status(MPI_Comm comm, int rank, int size, hesse_status local,
                                 char *msg, size_t msg_size)
{
    int who = local != HESSE_SUCCESS ? rank : size;
    MPI_Allreduce(MPI_IN_PLACE, &who, 1, MPI_INT, MPI_MIN, comm);
    if (who == size) return HESSE_SUCCESS;
    int st = local;
    char text[256] = "";
    if (rank == who && msg) snprintf(text, sizeof text, "%s", msg);
    MPI_Bcast(&st, 1, MPI_INT, who, comm);
    MPI_Bcast(text, (int)sizeof text, MPI_CHAR, who, comm);
    set_message(msg, msg_size, "%s", text);
    return (hesse_status)st;
}

static void release(hesse_mpi_problem *mp)
{
    hesse_allocator a = mp->alloc;
    free_with(&a, mp->acc);
    free_with(&a, mp->tmp);
    free_with(&a, mp);
}

hesse_status hesse_mpi_problem_create(MPI_Comm comm, const hesse_mpi_shard *shard,
                                      const hesse_allocator *alloc,
                                      hesse_mpi_problem **out, char *msg, size_t msg_size)
{
    char text[256] = "";
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (out) *out = NULL;
    if (!initialized || finalized) {
        set_message(msg, msg_size, "MPI is not initialized (call MPI_Init first)");
        return HESSE_EINVAL;
    }
    if (comm == MPI_COMM_NULL) {
        set_message(msg, msg_size, "comm is MPI_COMM_NULL");
        return HESSE_EINVAL;
    }
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);

    hesse_status local = HESSE_SUCCESS;
    if (!shard)
        snprintf(text, sizeof text, "rank %d: shard is NULL", rank), local = HESSE_EINVAL;
    else if (!out)
        snprintf(text, sizeof text, "rank %d: out is NULL", rank), local = HESSE_EINVAL;
    else if (!shard->objective)
        snprintf(text, sizeof text, "rank %d: shard->objective is NULL", rank),
            local = HESSE_EINVAL;
    else if (shard->n < 1)
        snprintf(text, sizeof text, "rank %d: shard->n = %d is invalid (need n >= 1)", rank,
                 shard->n),
            local = HESSE_EINVAL;
    hesse_status st = agree_status(comm, rank, size, local, text, sizeof text);
    if (st != HESSE_SUCCESS) {
        set_message(msg, msg_size, "%s", text);
        return st;
    }

    /* The same n and the same callbacks everywhere: min and max in one reduction. */
    int shape[6] = {shard->n, -shard->n, shard->hessian != NULL, -(shard->hessian != NULL),
                    shard->hessvec != NULL, -(shard->hessvec != NULL)};
    MPI_Allreduce(MPI_IN_PLACE, shape, 6, MPI_INT, MPI_MIN, comm);
    if (shape[0] != -shape[1]) {
        set_message(msg, msg_size, "shard->n differs between ranks (from %d to %d)", shape[0],
                    -shape[1]);
        return HESSE_EINVAL;
    }
    if (shape[2] != -shape[3] || shape[4] != -shape[5]) {
        set_message(msg, msg_size, "shard->%s is set on some ranks and NULL on others",
                    shape[2] != -shape[3] ? "hessian" : "hessvec");
        return HESSE_EINVAL;
    }
    unsigned long long allsum_max = shard->allsum_max;
    MPI_Allreduce(MPI_IN_PLACE, &allsum_max, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, comm);

    /* The largest reduction, computed in double first: n(n+1)/2 overflows size_t
       long before an int n does on 32-bit systems. */
    double n = shard->n;
    double cap = shard->hessian ? n * (n + 1) / 2 : n + 1;
    if ((double)allsum_max > cap) cap = (double)allsum_max;
    double bytes = (cap + HEADER) * sizeof(double);
    hesse_allocator a = alloc && alloc->malloc && alloc->free ? *alloc
                                                              : (hesse_allocator){NULL, NULL, NULL};
    hesse_mpi_problem *mp = NULL;
    local = HESSE_SUCCESS;
    /* One message must fit an int count of MPI_DOUBLE. */
    if (cap + HEADER > 2147483647.0 || bytes > (double)(SIZE_MAX / 2)) {
        snprintf(text, sizeof text,
                 "the largest reduction (%.0f doubles) does not fit one MPI message", cap);
        local = HESSE_ENOMEM;
    } else {
        mp = alloc_with(&a, sizeof *mp);
        if (mp) {
            memset(mp, 0, sizeof *mp);
            mp->alloc = a;
            mp->comm = MPI_COMM_NULL;
            mp->acc = alloc_with(&a, (size_t)bytes);
            mp->tmp = alloc_with(&a, (size_t)bytes);
        }
        if (!mp || !mp->acc || !mp->tmp) {
            snprintf(text, sizeof text,
                     "rank %d: out of memory allocating 2 buffers of %.0f bytes", rank, bytes);
            local = HESSE_ENOMEM;
            if (mp) release(mp);
            mp = NULL;
        }
    }
    st = agree_status(comm, rank, size, local, text, sizeof text);
    if (st != HESSE_SUCCESS) {
        if (mp) release(mp);
        set_message(msg, msg_size, "%s", text);
        return st;
    }
    /* Collective: after the agreement, so every rank calls it or none does. */
    if (MPI_Comm_dup(comm, &mp->comm) != MPI_SUCCESS) {
        release(mp);
        set_message(msg, msg_size, "rank %d: MPI_Comm_dup failed", rank);
        return HESSE_ENOMEM;
    }
    MPI_Comm_set_errhandler(mp->comm, MPI_ERRORS_RETURN);
    /* The buffers are not cleared: a reduction writes what it sends, and the pages
       of a Hessian-sized buffer are only touched if a Hessian is evaluated (lbfgs
       at large n with a Hessian callback never does). */
    mp->rank = rank;
    mp->size = size;
    mp->shard = *shard;
    mp->capacity = (size_t)cap;
    mp->problem = (hesse_problem){
        .n = shard->n,
        .objective = call_objective,
        .hessian = shard->hessian ? call_hessian : NULL,
        .hessvec = shard->hessvec ? call_hessvec : NULL,
        .data = mp,
    };
    set_message(msg, msg_size, "ok: %d ranks, n = %d, reductions of up to %zu values", size,
                shard->n, mp->capacity);
    *out = mp;
    return HESSE_SUCCESS;
}

void hesse_mpi_problem_free(hesse_mpi_problem *mp)
{
    if (!mp) return;
    if (mp->comm != MPI_COMM_NULL) MPI_Comm_free(&mp->comm);
    release(mp);
}

const hesse_problem *hesse_mpi_problem_get(const hesse_mpi_problem *mp)
{
    return mp ? &mp->problem : NULL;
}

MPI_Comm hesse_mpi_problem_comm(const hesse_mpi_problem *mp)
{
    return mp ? mp->comm : MPI_COMM_NULL;
}

int hesse_mpi_problem_rank(const hesse_mpi_problem *mp) { return mp ? mp->rank : -1; }
int hesse_mpi_problem_size(const hesse_mpi_problem *mp) { return mp ? mp->size : 0; }

const char *hesse_mpi_problem_message(const hesse_mpi_problem *mp)
{
    return mp ? mp->message : "mp is NULL";
}

void hesse_mpi_problem_stats(const hesse_mpi_problem *mp, hesse_mpi_stats *stats)
{
    if (!stats) return;
    if (mp)
        *stats = mp->stats;
    else
        memset(stats, 0, sizeof *stats);
}

/* ---- agreement of x0 and the options -------------------------------------------------- */

/* Every option hesse_minimize reads, except the pointers (method: by name; trace,
   trace_data and the allocator may differ between ranks). A field added to
   hesse_options must be added here; tests/mpi checks that this list and the
   pointers cover the whole struct. x_scale, a pointer to n values, is compared by a
   checksum of its values (the last slot). */
#define OPTION_FIELDS(X)                                                                    \
    X(gtol) X(xtol) X(ftol) X(max_iter) X(max_evals) X(max_seconds) X(linesearch) X(c1)    \
    X(c2) X(ls_max_evals) X(radius_init) X(radius_max) X(radius_min) X(eta_accept)         \
    X(eta_shrink) X(eta_grow) X(shrink) X(grow) X(lbfgs_m) X(fd_step) X(classify)          \
    X(classify_max_n) X(inertia_rtol) X(curvature_check) X(max_dense_bytes)

static const char *const option_name[] = {
#define NAME_(f) #f,
    OPTION_FIELDS(NAME_)
#undef NAME_
    "x_scale",
    "method",
};
enum {
#define COUNT_(f) +1
    NOPTIONS = 0 OPTION_FIELDS(COUNT_) + 1 /* x_scale */,
#undef COUNT_
    NFIELDS = NOPTIONS + 1 /* the method's name */
};

/* The bits of field f, zero-extended into 64 bits. */
#define BITS_(f)                                                                            \
    do {                                                                                   \
        uint64_t w = 0;                                                                    \
        memcpy(&w, &o->f, sizeof o->f);                                                    \
        bits[k++] = w;                                                                     \
    } while (0);

/* FNV-1a over the bytes of x_scale's n values; 0 when x_scale is NULL. */
static uint64_t x_scale_checksum(const double *x_scale, int n)
{
    if (!x_scale) return 0;
    uint64_t h = 1469598103934665603u;
    const unsigned char *p = (const unsigned char *)x_scale;
    for (size_t i = 0; i < (size_t)n * sizeof *x_scale; i++) h = (h ^ p[i]) * 1099511628211u;
    return h | 1; /* never 0 */
}

static void option_bits(const hesse_options *o, int n, uint64_t *bits, char *method)
{
    int k = 0;
    OPTION_FIELDS(BITS_)
    bits[k++] = x_scale_checksum(o->x_scale, n);
    memset(method, 0, 32);
    snprintf(method, 32, "%s", o->method ? hesse_method_name(o->method) : "(automatic)");
}

#define PRINT_(f)                                                                           \
    if (field == k)                                                                        \
        return _Generic(o->f, double: snprintf(buf, size, "%.17g", (double)(o->f)),        \
                        long: snprintf(buf, size, "%ld", (long)(o->f)),                    \
                        default: snprintf(buf, size, "%d", (int)(o->f)));                   \
    k++;

static int option_print(const hesse_options *o, int n, int field, char *buf, size_t size)
{
    int k = 0;
    OPTION_FIELDS(PRINT_)
    if (field == k++)
        return o->x_scale ? snprintf(buf, size, "an array with checksum %016llx",
                                     (unsigned long long)x_scale_checksum(o->x_scale, n))
                          : snprintf(buf, size, "NULL");
    return snprintf(buf, size, "%s", o->method ? hesse_method_name(o->method) : "(automatic)");
}

/* Checks that x0 and opt equal rank 0's on every rank. On disagreement every rank
   writes the same message naming the field (or x0[i]) and the lowest rank that
   differs, and returns HESSE_EINVAL. Uses mp->tmp for rank 0's x0. */
static hesse_status check_agreement(hesse_mpi_problem *mp, const double *x0,
                                    const hesse_options *opt)
{
    struct {
        uint64_t bits[NOPTIONS];
        char method[32];
    } mine, root;
    option_bits(opt, mp->problem.n, mine.bits, mine.method);
    root = mine;
    MPI_Bcast(&root, (int)sizeof root, MPI_BYTE, 0, mp->comm);

    /* The first difference on this rank: a field index, NFIELDS + i for x0[i],
       NFIELDS + n for x NULL; LONG_MAX when none. */
    long first = LONG_MAX;
    int n = mp->problem.n;
    for (int k = 0; k < NOPTIONS && first == LONG_MAX; k++)
        if (mine.bits[k] != root.bits[k]) first = k;
    if (first == LONG_MAX && strcmp(mine.method, root.method) != 0) first = NOPTIONS;
    if (first == LONG_MAX && !x0) first = NFIELDS + (long)n;
    int root_x0 = x0 != NULL;
    MPI_Bcast(&root_x0, 1, MPI_INT, 0, mp->comm);
    if (root_x0) {
        if (mp->rank == 0) memcpy(mp->tmp, x0, (size_t)n * sizeof *x0);
        MPI_Bcast(mp->tmp, n, MPI_DOUBLE, 0, mp->comm);
        if (first == LONG_MAX && x0)
            for (int i = 0; i < n; i++)
                if (memcmp(&x0[i], &mp->tmp[i], sizeof *x0) != 0) {
                    first = NFIELDS + (long)i;
                    break;
                }
    }

    struct {
        long first;
        int rank;
    } worst = {first, mp->rank};
    MPI_Allreduce(MPI_IN_PLACE, &worst, 1, MPI_LONG_INT, MPI_MINLOC, mp->comm);
    if (worst.first == LONG_MAX) return HESSE_SUCCESS;

    /* The differing rank's value, sent to everyone so the message is the same. */
    char theirs[64] = "", ours[64] = "";
    if (worst.first < NFIELDS) {
        if (mp->rank == worst.rank) option_print(opt, n, (int)worst.first, theirs, sizeof theirs);
        if (mp->rank == 0) option_print(opt, n, (int)worst.first, ours, sizeof ours);
        MPI_Bcast(theirs, sizeof theirs, MPI_CHAR, worst.rank, mp->comm);
        MPI_Bcast(ours, sizeof ours, MPI_CHAR, 0, mp->comm);
        set_message(mp->message, sizeof mp->message,
                    "options differ between ranks: %s is %s on rank 0 and %s on rank %d",
                    option_name[worst.first], ours, theirs, worst.rank);
    } else if (worst.first == NFIELDS + n) {
        set_message(mp->message, sizeof mp->message, "x is NULL on rank %d", worst.rank);
    } else {
        long i = worst.first - NFIELDS;
        double value = x0 ? x0[i] : NAN;
        MPI_Bcast(&value, 1, MPI_DOUBLE, worst.rank, mp->comm);
        set_message(mp->message, sizeof mp->message,
                    "x0 differs between ranks: x0[%ld] is %.17g on rank 0 and %.17g on rank %d",
                    i, mp->tmp[i], value, worst.rank);
    }
    return HESSE_EINVAL;
}

/* ---- the trace wrapper ------------------------------------------------------------------ */

/* Every rank calls the user's trace; one reduction shares the user's stop, rank 0's
   time limit and rank 0's elapsed time (a maximum is exact in any order). */
static int trace_wrapper(const hesse_iteration *it, void *data)
{
    hesse_mpi_problem *mp = data;
    double flags[3] = {0, 0, 0};
    if (mp->user_trace && mp->user_trace(it, mp->user_trace_data) != 0) flags[0] = 1;
    if (mp->rank == 0) {
        double elapsed = MPI_Wtime() - mp->t0;
        if (mp->max_seconds > 0 && elapsed >= mp->max_seconds) flags[1] = 1;
        flags[2] = elapsed;
    }
    /* Only rank 0 contributes a nonzero elapsed time. */
    double t = MPI_Wtime();
    MPI_Allreduce(MPI_IN_PLACE, flags, 3, MPI_DOUBLE, MPI_MAX, mp->comm);
    mp->stats.seconds_reduce += MPI_Wtime() - t;
    if (flags[1] != 0) {
        mp->stop_reason = STOP_TIME;
    } else if (flags[0] != 0) {
        mp->stop_reason = STOP_TRACE;
    } else {
        return 0;
    }
    mp->stop_iteration = it->iteration;
    mp->stop_elapsed = flags[2];
    return mp->stop_reason;
}

static void invalid_result(hesse_mpi_problem *mp, const hesse_options *opt, hesse_result *res)
{
    if (!res) return;
    memset(res, 0, sizeof *res);
    res->status = HESSE_EINVAL;
    res->f = res->gnorm = res->lambda_min = res->lambda_max = NAN;
    res->npos = res->nneg = res->nzero = -1;
    res->point = HESSE_POINT_UNKNOWN;
    res->method = opt ? opt->method : NULL;
    snprintf(res->message, sizeof res->message, "%s", mp ? mp->message : "mp is NULL");
}

hesse_status hesse_mpi_options_prepare(hesse_mpi_problem *mp, const double *x0,
                                       const hesse_options *opt, hesse_options *out)
{
    if (!mp) return HESSE_EINVAL;
    hesse_options o;
    if (opt)
        o = *opt;
    else
        hesse_options_init(&o);
    mp->message[0] = '\0';
    double t = MPI_Wtime();
    hesse_status st = check_agreement(mp, x0, &o);
    /* out NULL on one rank must not leave the others in the solve alone. */
    int missing = out == NULL ? mp->rank : mp->size;
    MPI_Allreduce(MPI_IN_PLACE, &missing, 1, MPI_INT, MPI_MIN, mp->comm);
    if (st == HESSE_SUCCESS && missing < mp->size) {
        set_message(mp->message, sizeof mp->message, "out is NULL on rank %d", missing);
        st = HESSE_EINVAL;
    }
    mp->stats.seconds_reduce += MPI_Wtime() - t;
    if (st != HESSE_SUCCESS) return st;
    mp->user_trace = o.trace;
    mp->user_trace_data = o.trace_data;
    mp->max_seconds = isfinite(o.max_seconds) && o.max_seconds > 0 ? o.max_seconds : 0.0;
    mp->stop_reason = STOP_NONE;
    mp->stop_iteration = -1;
    mp->t0 = MPI_Wtime();
    /* An invalid max_seconds (< 0, NaN) stays in the options: hesse's own validation
       rejects it, on every rank alike. */
    if (mp->max_seconds > 0) o.max_seconds = 0.0;
    o.trace = trace_wrapper;
    o.trace_data = mp;
    *out = o;
    return HESSE_SUCCESS;
}

void hesse_mpi_result_finish(const hesse_mpi_problem *mp, hesse_result *res)
{
    if (!mp || !res) return;
    if (res->status == HESSE_STOPPED && mp->stop_reason == STOP_TIME) {
        res->status = HESSE_MAX_TIME;
        snprintf(res->message, sizeof res->message,
                 "time limit reached on rank 0's clock: %.3g s >= max_seconds = %g "
                 "(iteration %d)",
                 mp->stop_elapsed, mp->max_seconds, mp->stop_iteration);
    } else if (res->status == HESSE_ECALLBACK && mp->message[0]) {
        /* hesse_mpi's sentence first, hesse's after it, cut to the field's size. */
        char joined[2 * sizeof res->message + 4];
        snprintf(joined, sizeof joined, "%s (%s)", mp->message, res->message);
        snprintf(res->message, sizeof res->message, "%.*s", (int)sizeof res->message - 1,
                 joined);
    }
}

hesse_status hesse_mpi_minimize(hesse_mpi_problem *mp, double *x, const hesse_options *opt,
                                hesse_result *res)
{
    if (!mp) {
        invalid_result(NULL, opt, res);
        return HESSE_EINVAL;
    }
    hesse_options o;
    hesse_status st = hesse_mpi_options_prepare(mp, x, opt, &o);
    if (st != HESSE_SUCCESS) {
        invalid_result(mp, opt, res);
        return st;
    }
    hesse_result r;
    hesse_minimize(&mp->problem, x, &o, &r);
    hesse_mpi_result_finish(mp, &r);
    if (res) *res = r;
    return r.status;
}
