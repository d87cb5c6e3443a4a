/*
 * Tests of libhesse_mpi, run by ctest under mpirun with K = 1..4 ranks:
 *     mpirun -np K test_mpi SCENARIO...
 * Scenarios:
 *   agree     every method on two problems: x, f, status, counts and classification
 *             bit-identical on every rank; equal to the serial solve within 1e-12
 *             relative (bit-equal at K = 1: one shard sums in the serial order);
 *             the step-wise solver gives the bits hesse_mpi_minimize gives
 *   refuse    a refusal on one rank, at x0 and at trial points
 *   abort     an abort on one rank, at each of the first evaluations
 *   nan       a NaN in f or in the gradient on one rank
 *   stop      a trace callback stopping one rank; max_seconds on rank 0's clock
 *   mismatch  x0, options, n and callbacks differing between ranks; ranks that
 *             evaluate at different points
 * In every scenario every rank must end with the same status, message and bits, and
 * no rank may wait forever (ctest's TIMEOUT turns a hang into a failure).
 *
 * Not Criterion: Criterion runs each test in a process of its own that it starts
 * itself, and such a process is not one of the ranks mpirun started. So this is one
 * program per run with its own CHECK: each failure is printed with the rank, and the
 * exit status is 1 on every rank when a check failed on any.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mpi.h>

#include "hesse.h"
#include "hesse_mpi.h"
#include "logistic_model.h"

static int rank, nranks;
static long failures;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            failures++;                                                                   \
            fprintf(stderr, "rank %d: %s:%d: CHECK(%s) failed: ", rank, __FILE__, __LINE__, \
                    #cond);                                                               \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fprintf(stderr, "\n");                                                        \
        }                                                                                 \
    } while (0)

/* 1 when size bytes at p are the same on every rank (compared on rank 0). */
static int same_on_all_ranks(const void *p, size_t size)
{
    unsigned char *all = NULL;
    if (rank == 0) all = malloc(size * (size_t)nranks);
    MPI_Gather(p, (int)size, MPI_BYTE, all, (int)size, MPI_BYTE, 0, MPI_COMM_WORLD);
    int same = 1;
    if (rank == 0) {
        for (int r = 1; r < nranks; r++)
            if (memcmp(all, all + (size_t)r * size, size) != 0) same = 0;
        free(all);
    }
    MPI_Bcast(&same, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return same;
}

/* Everything a solve decides, without padding bytes (the struct is zeroed first). */
typedef struct {
    int status, iterations, point, npos, nneg, nzero;
    long nfev, ngev, nhev;
    double f, gnorm, lambda_min, lambda_max;
    char message[256];
} outcome;

static outcome outcome_of(const hesse_result *r)
{
    outcome o;
    memset(&o, 0, sizeof o);
    o.status = r->status;
    o.iterations = r->iterations;
    o.point = r->point;
    o.npos = r->npos;
    o.nneg = r->nneg;
    o.nzero = r->nzero;
    o.nfev = r->nfev;
    o.ngev = r->ngev;
    o.nhev = r->nhev;
    o.f = r->f;
    o.gnorm = r->gnorm;
    o.lambda_min = r->lambda_min;
    o.lambda_max = r->lambda_max;
    snprintf(o.message, sizeof o.message, "%s", r->message);
    return o;
}

/* The solve ended identically on every rank: outcome, message and every bit of x. */
static int check_same_everywhere(const char *what, const hesse_result *r, const double *x,
                                 int n)
{
    outcome o = outcome_of(r);
    int ok = same_on_all_ranks(&o, sizeof o) && same_on_all_ranks(x, (size_t)n * sizeof *x);
    CHECK(ok, "%s: ranks ended differently (rank %d: %s, %d iterations, nfev %ld, f %.17g: %s)",
          what, rank, hesse_status_name(r->status), r->iterations, r->nfev, r->f, r->message);
    return ok;
}

static double rel_diff(double a, double b) { return fabs(a - b) / fmax(1.0, fabs(b)); }

/* ---- problems ------------------------------------------------------------------------ */

/* Extended Rosenbrock, f = Σ_{i<n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)², terms
   [first, first + count) on this shard (count may be 0). Nonconvex: Newton meets
   indefinite Hessians from the standard start. */
typedef struct {
    int first, count;
} rosen_shard;

static int rosen_objective(int n, const double *x, double *f, double *grad, void *data)
{
    const rosen_shard *s = data;
    *f = 0;
    if (grad) memset(grad, 0, (size_t)n * sizeof *grad);
    for (int i = s->first; i < s->first + s->count; i++) {
        double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        *f += 100 * a * a + b * b;
        if (grad) {
            grad[i] += -400 * x[i] * a - 2 * b;
            grad[i + 1] += 200 * a;
        }
    }
    return 0;
}

/* Packed lower triangle: (i, j), i >= j, at i + j(2n - j - 1)/2. */
static size_t packed_index(int n, int i, int j) { return (size_t)i + (size_t)j * (2 * (size_t)n - j - 1) / 2; }

static int rosen_hessian_packed(int n, const double *x, double *H, void *data)
{
    const rosen_shard *s = data;
    memset(H, 0, (size_t)n * ((size_t)n + 1) / 2 * sizeof *H);
    for (int i = s->first; i < s->first + s->count; i++) {
        H[packed_index(n, i, i)] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
        H[packed_index(n, i + 1, i)] += -400 * x[i];
        H[packed_index(n, i + 1, i + 1)] += 200;
    }
    return 0;
}

static int rosen_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    const rosen_shard *s = data;
    memset(Hv, 0, (size_t)n * sizeof *Hv);
    for (int i = s->first; i < s->first + s->count; i++) {
        double hii = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2, hij = -400 * x[i];
        Hv[i] += hii * v[i] + hij * v[i + 1];
        Hv[i + 1] += hij * v[i] + 200 * v[i + 1];
    }
    return 0;
}

/* A problem, sharded for this rank and whole for the serial reference. */
typedef struct {
    const char *name;
    int n;
    hesse_mpi_shard shard, whole;
    double x0[8];
    logistic_shard ls_shard, ls_whole;
    rosen_shard rs_shard, rs_whole;
} test_problem;

enum { PROBLEM_LOGISTIC, PROBLEM_ROSENBROCK };

static void problem_init(test_problem *tp, int which)
{
    memset(tp, 0, sizeof *tp);
    if (which == PROBLEM_LOGISTIC) {
        /* 3001 rows: uneven shards at every K. λ = 1e-3 keeps it well conditioned. */
        const long rows = 3001;
        const int n = 6;
        long first, count;
        logistic_split(rows, nranks, rank, &first, &count);
        int failed = logistic_shard_init(&tp->ls_shard, n, rows, first, count, 1e-3, rank == 0,
                                         7) ||
                     logistic_shard_init(&tp->ls_whole, n, rows, 0, rows, 1e-3, 1, 7);
        CHECK(!failed, "out of memory for the logistic data");
        tp->name = "logistic";
        tp->n = n;
        tp->shard = (hesse_mpi_shard){.n = n, .objective = logistic_objective,
                                      .hessian = logistic_hessian_packed,
                                      .hessvec = logistic_hessvec, .shard = &tp->ls_shard};
        tp->whole = tp->shard;
        tp->whole.shard = &tp->ls_whole;
        for (int j = 0; j < n; j++) tp->x0[j] = 0.5 * (j % 3) - 0.25;
    } else {
        const int n = 4; /* 3 terms: at K = 4 one rank has none */
        int terms = n - 1;
        tp->rs_shard.first = terms * rank / nranks;
        tp->rs_shard.count = terms * (rank + 1) / nranks - tp->rs_shard.first;
        tp->rs_whole = (rosen_shard){0, terms};
        tp->name = "rosenbrock";
        tp->n = n;
        tp->shard = (hesse_mpi_shard){.n = n, .objective = rosen_objective,
                                      .hessian = rosen_hessian_packed, .hessvec = rosen_hessvec,
                                      .shard = &tp->rs_shard};
        tp->whole = tp->shard;
        tp->whole.shard = &tp->rs_whole;
        for (int j = 0; j < n; j++) tp->x0[j] = j % 2 ? 1.0 : -1.2;
    }
}

static void problem_free(test_problem *tp)
{
    logistic_shard_free(&tp->ls_shard);
    logistic_shard_free(&tp->ls_whole);
}

/* ---- faults injected into shard callbacks ------------------------------------------- */

enum { FAULT_NONE, FAULT_REFUSE, FAULT_ABORT, FAULT_NAN_F, FAULT_NAN_G, FAULT_SLEEP };

/* Wraps a shard: counts its calls (every kind) and, on rank fault_rank at call
   fault_call (or at every call for FAULT_SLEEP), injects the fault. The serial
   reference wraps the whole problem with the same counter, so it meets the fault at
   the same point of the same sequence of calls. */
typedef struct {
    hesse_mpi_shard inner;
    long calls;
    int fault, fault_rank;
    long fault_call;
    int my_rank;
} faulty;

static int fault_now(faulty *q)
{
    q->calls++;
    if (q->my_rank != q->fault_rank) return FAULT_NONE;
    if (q->fault == FAULT_SLEEP) {
        struct timespec ts = {0, 1000000}; /* 1 ms */
        nanosleep(&ts, NULL);
        return FAULT_NONE;
    }
    return q->calls == q->fault_call ? q->fault : FAULT_NONE;
}

static int faulty_objective(int n, const double *x, double *f, double *grad, void *data)
{
    faulty *q = data;
    int fault = fault_now(q);
    if (fault == FAULT_ABORT) return -1;
    if (fault == FAULT_REFUSE) return 1;
    int rc = q->inner.objective(n, x, f, grad, q->inner.shard);
    if (fault == FAULT_NAN_F) *f = NAN;
    if (fault == FAULT_NAN_G && grad) grad[n - 1] = NAN;
    return rc;
}

static int faulty_hessian(int n, const double *x, double *H, void *data)
{
    faulty *q = data;
    int fault = fault_now(q);
    if (fault == FAULT_ABORT) return -1;
    if (fault == FAULT_REFUSE) return 1;
    int rc = q->inner.hessian(n, x, H, q->inner.shard);
    if (fault == FAULT_NAN_F || fault == FAULT_NAN_G) H[0] = NAN;
    return rc;
}

static int faulty_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    faulty *q = data;
    int fault = fault_now(q);
    if (fault == FAULT_ABORT) return -1;
    if (fault == FAULT_REFUSE) return 1;
    int rc = q->inner.hessvec(n, x, v, Hv, q->inner.shard);
    if (fault == FAULT_NAN_F || fault == FAULT_NAN_G) Hv[0] = NAN;
    return rc;
}

static hesse_mpi_shard faulty_shard(faulty *q)
{
    return (hesse_mpi_shard){.n = q->inner.n, .objective = faulty_objective,
                             .hessian = q->inner.hessian ? faulty_hessian : NULL,
                             .hessvec = q->inner.hessvec ? faulty_hessvec : NULL, .shard = q};
}

/* The serial problem: hesse's callbacks over the whole (faulty) shard; the Hessian
   unpacked from the packed lower triangle. */
typedef struct {
    hesse_mpi_shard whole;
    double packed[64];
} serial_data;

static int serial_objective(int n, const double *x, double *f, double *grad, void *data)
{
    serial_data *d = data;
    return d->whole.objective(n, x, f, grad, d->whole.shard);
}

static int serial_hessian(int n, const double *x, double *H, void *data)
{
    serial_data *d = data;
    int rc = d->whole.hessian(n, x, d->packed, d->whole.shard);
    for (int j = 0; j < n; j++)
        for (int i = j; i < n; i++)
            H[i + j * n] = H[j + i * n] = d->packed[packed_index(n, i, j)];
    return rc;
}

static int serial_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    serial_data *d = data;
    return d->whole.hessvec(n, x, v, Hv, d->whole.shard);
}

static hesse_problem serial_problem(serial_data *d)
{
    return (hesse_problem){.n = d->whole.n, .objective = serial_objective,
                           .hessian = d->whole.hessian ? serial_hessian : NULL,
                           .hessvec = d->whole.hessvec ? serial_hessvec : NULL, .data = d};
}

/* One distributed solve and its serial reference, with a fault; checks that the ranks
   agree, and returns both results. */
typedef struct {
    hesse_result dist, serial;
    double x[8], xs[8];
    char mpi_message[256];
    long calls; /* shard calls on this rank: the fault was injected if >= its call */
} solve_pair;

static void solve_both(const test_problem *tp, const hesse_options *opt, int fault,
                       int fault_rank, long fault_call, int hessian, solve_pair *out)
{
    int n = tp->n;
    faulty qd = {.inner = tp->shard, .fault = fault, .fault_rank = fault_rank,
                 .fault_call = fault_call, .my_rank = rank};
    faulty qs = {.inner = tp->whole, .fault = fault, .fault_rank = 0, .fault_call = fault_call,
                 .my_rank = 0};
    if (!hessian) qd.inner.hessian = qs.inner.hessian = NULL;
    hesse_mpi_shard sp = faulty_shard(&qd);
    hesse_mpi_problem *mp = NULL;
    char msg[256];
    hesse_status st = hesse_mpi_problem_create(MPI_COMM_WORLD, &sp, NULL, &mp, msg, sizeof msg);
    CHECK(st == HESSE_SUCCESS, "create: %s", msg);
    if (st != HESSE_SUCCESS) return;
    memcpy(out->x, tp->x0, (size_t)n * sizeof *out->x);
    memcpy(out->xs, tp->x0, (size_t)n * sizeof *out->xs);
    hesse_mpi_minimize(mp, out->x, opt, &out->dist);
    out->calls = qd.calls;
    snprintf(out->mpi_message, sizeof out->mpi_message, "%s", hesse_mpi_problem_message(mp));
    hesse_mpi_problem_free(mp);

    serial_data sd = {.whole = faulty_shard(&qs)};
    hesse_problem p = serial_problem(&sd);
    hesse_minimize(&p, out->xs, opt, &out->serial);
}

/* The distributed solve made the same decisions as the serial one: status, counts,
   classification; x and f within 1e-12 relative. Not bit-equal for K > 1: f = Σ_r f_r
   adds the rows in another order than the serial loop (per shard, then the tree), so
   the sums differ by rounding, a few ulps here; 1e-12 leaves room for the iterations
   to amplify that, and is far below what any stopping test resolves. At K = 1 the one
   shard sums exactly as the serial solve does: bit-equal. */
static void check_like_serial(const char *what, const solve_pair *s, int n)
{
    const hesse_result *d = &s->dist, *r = &s->serial;
    CHECK(d->status == r->status && d->iterations == r->iterations && d->nfev == r->nfev &&
              d->ngev == r->ngev && d->nhev == r->nhev && d->point == r->point &&
              d->npos == r->npos && d->nneg == r->nneg,
          "%s: distributed %s, %d it, %ld/%ld/%ld evals, %s; serial %s, %d it, %ld/%ld/%ld, %s",
          what, hesse_status_name(d->status), d->iterations, d->nfev, d->ngev, d->nhev,
          hesse_point_kind_name(d->point), hesse_status_name(r->status), r->iterations, r->nfev,
          r->ngev, r->nhev, hesse_point_kind_name(r->point));
    double xmax = 0, dx = 0;
    for (int j = 0; j < n; j++) {
        xmax = fmax(xmax, fabs(s->xs[j]));
        dx = fmax(dx, fabs(s->x[j] - s->xs[j]));
    }
    int f_nan = isnan(d->f) && isnan(r->f);
    CHECK(dx <= 1e-12 * fmax(1.0, xmax), "%s: |x - x_serial|_inf = %.3g", what, dx);
    CHECK(f_nan || rel_diff(d->f, r->f) <= 1e-12, "%s: f = %.17g, serial %.17g", what, d->f,
          r->f);
    if (nranks == 1) {
        CHECK(memcmp(s->x, s->xs, (size_t)n * sizeof *s->x) == 0 &&
                  (f_nan || memcmp(&d->f, &r->f, sizeof d->f) == 0),
              "%s: one rank must give the serial bits", what);
    }
}

/* ---- scenarios ---------------------------------------------------------------------- */

static void scenario_agree(void)
{
    for (int which = PROBLEM_LOGISTIC; which <= PROBLEM_ROSENBROCK; which++) {
        test_problem tp;
        problem_init(&tp, which);
        for (int m = 0; m < hesse_method_count(); m++) {
            /* With the Hessian callback, and without it (finite differences of the
               reduced gradient, for the methods that use a Hessian). */
            for (int hessian = 1; hessian >= 0; hessian--) {
                hesse_options opt;
                hesse_options_init(&opt);
                opt.method = hesse_method_at(m);
                opt.max_iter = 300; /* gd on Rosenbrock stops here, identically */
                char what[96];
                snprintf(what, sizeof what, "%s/%s%s", tp.name, hesse_method_name(opt.method),
                         hessian ? "" : " (no Hessian)");
                solve_pair s;
                solve_both(&tp, &opt, FAULT_NONE, -1, 0, hessian, &s);
                check_same_everywhere(what, &s.dist, s.x, tp.n);
                /* gd: hundreds of iterations whose step lengths come from interpolating
                   f differences, where cancellation magnifies the rounding of the sums:
                   its iterates leave the serial ones (8e-11 in x on logistic at K = 2;
                   another path altogether on Rosenbrock after 300 iterations). The
                   ranks still agree to the bit, as checked above. */
                if (strcmp(hesse_method_name(opt.method), "gd") != 0 || nranks == 1)
                    check_like_serial(what, &s, tp.n);
                if (which == PROBLEM_LOGISTIC)
                    CHECK(s.dist.status == HESSE_SUCCESS && s.dist.point == HESSE_POINT_MINIMUM,
                          "%s: %s, %s", what, hesse_status_name(s.dist.status),
                          s.dist.message);
            }
        }

        /* The step-wise solver with prepared options gives hesse_mpi_minimize's bits. */
        hesse_mpi_problem *mp = NULL;
        char msg[256];
        CHECK(hesse_mpi_problem_create(MPI_COMM_WORLD, &tp.shard, NULL, &mp, msg, sizeof msg) ==
                  HESSE_SUCCESS, "create: %s", msg);
        hesse_options opt, prepared;
        hesse_options_init(&opt);
        opt.method = hesse_method_find("newton-tr");
        double x1[8], x2[8];
        memcpy(x1, tp.x0, sizeof x1);
        hesse_result r1, r2;
        hesse_mpi_minimize(mp, x1, &opt, &r1);
        CHECK(hesse_mpi_options_prepare(mp, tp.x0, &opt, &prepared) == HESSE_SUCCESS, "prepare");
        hesse_solver *s = NULL;
        hesse_status st = hesse_solver_create(hesse_mpi_problem_get(mp), tp.x0, &prepared, &s);
        while (st == HESSE_RUNNING) st = hesse_solver_iterate(s);
        hesse_solver_result(s, &r2);
        hesse_mpi_result_finish(mp, &r2);
        memcpy(x2, hesse_solver_x(s), (size_t)tp.n * sizeof *x2);
        hesse_solver_free(s);
        outcome o1 = outcome_of(&r1), o2 = outcome_of(&r2);
        CHECK(memcmp(&o1, &o2, sizeof o1) == 0 && memcmp(x1, x2, (size_t)tp.n * sizeof *x1) == 0,
              "%s: step-wise solver differs from hesse_mpi_minimize", tp.name);

        /* hesse_mpi_allsum: the sum, the same bits everywhere, in the fixed order. */
        double parts[3] = {rank + 0.1, 1.0 / (rank + 3.0), 1e16 * (rank % 2 ? -1 : 1)};
        int rc = hesse_mpi_allsum(mp, 0, parts, 3, tp.x0, (size_t)tp.n);
        double tree = 0;
        /* The tree order for K <= 4: ((p0 + p1) + (p2 + p3)). */
        double p[4];
        for (int r = 0; r < 4; r++) p[r] = 1.0 / (r + 3.0);
        tree = nranks == 1 ? p[0] : nranks == 2 ? p[0] + p[1] : nranks == 3 ? (p[0] + p[1]) + p[2]
                                                                           : (p[0] + p[1]) + (p[2] + p[3]);
        CHECK(rc == 0 && memcmp(&parts[1], &tree, sizeof tree) == 0 &&
                  same_on_all_ranks(parts, sizeof parts),
              "allsum: rc %d, %.17g, expected %.17g", rc, parts[1], tree);
        hesse_mpi_problem_free(mp);
        problem_free(&tp);
    }
}

/* A fault on each rank in turn, at each call in `calls`: the same status, message
   and bits on every rank, and the serial solve's decisions. */
static void scenario_fault(int fault, const long *calls, int ncalls)
{
    static const char *const fault_name[] = {"none", "refuse", "abort", "nan-f", "nan-g", ""};
    const char *methods[] = {"newton", "lbfgs", "newton-cg"};
    long aborted = 0;
    for (int which = PROBLEM_LOGISTIC; which <= PROBLEM_ROSENBROCK; which++) {
        test_problem tp;
        problem_init(&tp, which);
        for (int m = 0; m < 3; m++)
            for (int bad = 0; bad < nranks; bad++)
                for (int c = 0; c < ncalls; c++) {
                    hesse_options opt;
                    hesse_options_init(&opt);
                    opt.method = hesse_method_find(methods[m]);
                    char what[128];
                    snprintf(what, sizeof what, "%s/%s: %s on rank %d at call %ld", tp.name,
                             methods[m], fault_name[fault], bad, calls[c]);
                    solve_pair s;
                    solve_both(&tp, &opt, fault, bad, calls[c], 1, &s);
                    if (!check_same_everywhere(what, &s.dist, s.x, tp.n)) continue;
                    check_like_serial(what, &s, tp.n);
                    if (calls[c] == 1) {
                        hesse_status expect = fault == FAULT_ABORT    ? HESSE_ECALLBACK
                                              : fault == FAULT_REFUSE ? HESSE_EDOMAIN
                                                                      : HESSE_ENONFINITE;
                        CHECK(s.dist.status == expect, "%s: %s (%s)", what,
                              hesse_status_name(s.dist.status), s.dist.message);
                    }
                    /* An abort ends the solve with ECALLBACK, except in the Hessian
                       that classifies the end point (the solve has ended: the point is
                       left unclassified), as in the serial reference, checked above. */
                    if (fault == FAULT_ABORT && s.calls >= calls[c]) {
                        char expect[64];
                        snprintf(expect, sizeof expect, "rank %d's shard", bad);
                        CHECK(strstr(s.mpi_message, expect) && strstr(s.mpi_message, "aborted"),
                              "%s: message does not name the rank: %s", what, s.mpi_message);
                        if (s.serial.status == HESSE_ECALLBACK) {
                            aborted++;
                            CHECK(strstr(s.dist.message, expect) != NULL,
                                  "%s: message does not name the rank: %s", what,
                                  s.dist.message);
                        }
                    }
                    if (fault == FAULT_REFUSE && calls[c] == 1) {
                        char expect[64];
                        snprintf(expect, sizeof expect, "rank %d's shard objective refused", bad);
                        CHECK(strstr(s.mpi_message, expect) != NULL, "%s: message %s", what,
                              s.mpi_message);
                    }
                }
        problem_free(&tp);
    }
    if (fault == FAULT_ABORT)
        CHECK(aborted >= 2L * 3 * nranks * 2, "only %ld solves ended in ECALLBACK", aborted);
}

static int stop_at_3(const hesse_iteration *it, void *data)
{
    int bad = *(const int *)data;
    return rank == bad && it->iteration == 3;
}

static void scenario_stop(void)
{
    test_problem tp;
    problem_init(&tp, PROBLEM_ROSENBROCK);
    hesse_mpi_problem *mp = NULL;
    char msg[256];
    CHECK(hesse_mpi_problem_create(MPI_COMM_WORLD, &tp.shard, NULL, &mp, msg, sizeof msg) ==
              HESSE_SUCCESS, "create: %s", msg);

    /* A trace that stops one rank only stops them all, at that iteration. */
    for (int bad = 0; bad < nranks; bad++) {
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find("bfgs");
        opt.trace = stop_at_3;
        opt.trace_data = &bad;
        double x[8];
        memcpy(x, tp.x0, sizeof x);
        hesse_result r;
        hesse_mpi_minimize(mp, x, &opt, &r);
        check_same_everywhere("trace stop", &r, x, tp.n);
        CHECK(r.status == HESSE_STOPPED && r.iterations == 3, "trace stop on rank %d: %s at %d",
              bad, hesse_status_name(r.status), r.iterations);
    }

    /* max_seconds on rank 0's clock: the last rank is slow (1 ms per evaluation), so
       the ranks' clocks would disagree about when the limit passes; the shared decision
       stops every rank at the same iteration. gd with gtol = 0 never converges. */
    faulty q = {.inner = tp.shard, .fault = FAULT_SLEEP, .fault_rank = nranks - 1,
                .my_rank = rank};
    hesse_mpi_shard slow = faulty_shard(&q);
    hesse_mpi_problem *mps = NULL;
    CHECK(hesse_mpi_problem_create(MPI_COMM_WORLD, &slow, NULL, &mps, msg, sizeof msg) ==
              HESSE_SUCCESS, "create: %s", msg);
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_find("gd");
    opt.gtol = 0;
    opt.max_iter = 1000000;
    opt.max_evals = 100000000;
    opt.max_seconds = 0.05;
    double x[8];
    memcpy(x, tp.x0, sizeof x);
    hesse_result r;
    hesse_mpi_minimize(mps, x, &opt, &r);
    check_same_everywhere("max_seconds", &r, x, tp.n);
    CHECK(r.status == HESSE_MAX_TIME && strstr(r.message, "rank 0's clock"),
          "max_seconds: %s: %s", hesse_status_name(r.status), r.message);
    hesse_mpi_problem_free(mps);
    hesse_mpi_problem_free(mp);
    problem_free(&tp);
}

/* Every field of hesse_options, in declaration order; pointers flagged. A field added
   to hesse_options leaves a gap that check_option_layout reports: add it here and to
   OPTION_FIELDS in mpi/hesse_mpi.c. */
#define FIELD(name, is_pointer)                                                            \
    {#name, offsetof(hesse_options, name), sizeof(((hesse_options *)0)->name), is_pointer},
static const struct {
    const char *name;
    size_t offset, size;
    int pointer;
} option_layout[] = {
    FIELD(method, 1) FIELD(gtol, 0) FIELD(xtol, 0) FIELD(ftol, 0) FIELD(max_iter, 0)
    FIELD(max_evals, 0) FIELD(max_seconds, 0) FIELD(linesearch, 0) FIELD(c1, 0) FIELD(c2, 0)
    FIELD(ls_max_evals, 0) FIELD(radius_init, 0) FIELD(radius_max, 0) FIELD(radius_min, 0)
    FIELD(eta_accept, 0) FIELD(eta_shrink, 0) FIELD(eta_grow, 0) FIELD(shrink, 0)
    FIELD(grow, 0) FIELD(lbfgs_m, 0) FIELD(fd_step, 0) FIELD(classify, 0)
    FIELD(classify_max_n, 0) FIELD(inertia_rtol, 0) FIELD(curvature_check, 0)
    FIELD(x_scale, 1) FIELD(max_dense_bytes, 0)
    FIELD(trace, 1) FIELD(trace_data, 1) FIELD(allocator, 1)
};
#undef FIELD
enum { NLAYOUT = sizeof option_layout / sizeof option_layout[0] };

static void check_option_layout(void)
{
    size_t end = 0;
    for (int k = 0; k < NLAYOUT; k++) {
        /* Padding before a field is smaller than the field (alignment). */
        CHECK(option_layout[k].offset >= end &&
                  option_layout[k].offset - end < option_layout[k].size,
              "hesse_options has a field before %s that this list does not know",
              option_layout[k].name);
        end = option_layout[k].offset + option_layout[k].size;
    }
    CHECK(sizeof(hesse_options) - end < 8, "hesse_options has a field after allocator");
}

static void scenario_mismatch(void)
{
    test_problem tp;
    problem_init(&tp, PROBLEM_LOGISTIC);
    int n = tp.n;
    char msg[256] = "", expect[128];
    int other = nranks - 1;

    /* Create: a NULL objective on one rank, n and callbacks differing. */
    hesse_mpi_shard sp = tp.shard;
    hesse_mpi_problem *mp = NULL;
    if (rank == other) sp.objective = NULL;
    memset(msg, 0, sizeof msg);
    hesse_status st = hesse_mpi_problem_create(MPI_COMM_WORLD, &sp, NULL, &mp, msg, sizeof msg);
    snprintf(expect, sizeof expect, "rank %d: shard->objective is NULL", other);
    CHECK(st == HESSE_EINVAL && !mp && !strcmp(msg, expect) && same_on_all_ranks(msg, sizeof msg),
          "NULL objective: %s: %s", hesse_status_name(st), msg);
    if (nranks > 1) {
        sp = tp.shard;
        if (rank == other) sp.n = n + 1;
        memset(msg, 0, sizeof msg);
        st = hesse_mpi_problem_create(MPI_COMM_WORLD, &sp, NULL, &mp, msg, sizeof msg);
        CHECK(st == HESSE_EINVAL && strstr(msg, "shard->n differs") && same_on_all_ranks(msg, sizeof msg),
              "n differs: %s", msg);
        sp = tp.shard;
        if (rank == other) sp.hessian = NULL;
        st = hesse_mpi_problem_create(MPI_COMM_WORLD, &sp, NULL, &mp, msg, sizeof msg);
        CHECK(st == HESSE_EINVAL && strstr(msg, "hessian is set on some"), "hessian: %s", msg);
    }

    CHECK(hesse_mpi_problem_create(MPI_COMM_WORLD, &tp.shard, NULL, &mp, msg, sizeof msg) ==
              HESSE_SUCCESS, "create: %s", msg);

    /* x0 differing in one bit on one rank. */
    double x[8], given[8];
    memcpy(x, tp.x0, sizeof x);
    if (rank == other && nranks > 1) x[2] = nextafter(x[2], 1.0);
    memcpy(given, x, sizeof x);
    hesse_result r;
    st = hesse_mpi_minimize(mp, x, NULL, &r);
    if (nranks > 1) {
        snprintf(expect, sizeof expect, "x0 differs between ranks: x0[2] is");
        CHECK(st == HESSE_EINVAL && strstr(r.message, expect) && isnan(r.f) &&
                  memcmp(x, given, sizeof x) == 0,
              "x0: %s: %s", hesse_status_name(st), r.message);
        outcome o = outcome_of(&r);
        CHECK(same_on_all_ranks(&o, sizeof o), "x0 differs: outcomes differ");
    } else {
        CHECK(st == HESSE_SUCCESS, "x0 at K = 1: %s", r.message);
    }

    /* Every option that is not a pointer is compared, and named. */
    check_option_layout();
    for (int k = 0; k < NLAYOUT && nranks > 1; k++) {
        if (option_layout[k].pointer) continue;
        hesse_options opt;
        hesse_options_init(&opt);
        if (rank == other) ((unsigned char *)&opt)[option_layout[k].offset] ^= 1;
        memcpy(x, tp.x0, sizeof x);
        st = hesse_mpi_minimize(mp, x, &opt, &r);
        snprintf(expect, sizeof expect, "options differ between ranks: %s is",
                 option_layout[k].name);
        CHECK(st == HESSE_EINVAL && strstr(r.message, expect), "option %s: %s",
              option_layout[k].name, r.message);
        check_same_everywhere("option differs", &r, x, n);
    }
    if (nranks > 1) {
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find(rank == other ? "bfgs" : "lbfgs");
        memcpy(x, tp.x0, sizeof x);
        st = hesse_mpi_minimize(mp, x, &opt, &r);
        CHECK(st == HESSE_EINVAL && strstr(r.message, "method is lbfgs on rank 0 and bfgs"),
              "method: %s", r.message);
    }

    /* Ranks that evaluate at different points, bypassing the check of
       hesse_mpi_minimize: the first evaluation aborts on every rank, no rank waits. */
    memcpy(x, tp.x0, sizeof x);
    if (rank == other && nranks > 1) x[0] += 1;
    st = hesse_minimize(hesse_mpi_problem_get(mp), x, NULL, &r);
    if (nranks > 1) {
        snprintf(expect, sizeof expect, "rank %d and a lower rank asked for different", other);
        CHECK(st == HESSE_ECALLBACK && strstr(hesse_mpi_problem_message(mp), expect),
              "diverged: %s: %s", hesse_status_name(st), hesse_mpi_problem_message(mp));
        int same = same_on_all_ranks(&st, sizeof st);
        CHECK(same, "diverged: statuses differ");
    }

    /* hesse_mpi_allsum: counts or check values that differ, a count over capacity. */
    double v[4] = {1, 2, 3, 4};
    size_t count = rank == other && nranks > 1 ? 3 : 2;
    int rc = hesse_mpi_allsum(mp, 0, v, count, NULL, 0);
    CHECK(rc == (nranks > 1 ? -1 : 0) && same_on_all_ranks(&rc, sizeof rc), "allsum count: %d", rc);
    double check = rank == other ? 1.0 : 2.0;
    rc = hesse_mpi_allsum(mp, 0, v, 2, &check, 1);
    CHECK(rc == (nranks > 1 ? -1 : 0), "allsum check: %d", rc);
    double big[64] = {0};
    rc = hesse_mpi_allsum(mp, 0, big, rank == other ? 64 : 2, NULL, 0);
    CHECK(rc == -1 && same_on_all_ranks(&rc, sizeof rc), "allsum over capacity: %d", rc);
    rc = hesse_mpi_allsum(mp, rank == other ? 5 : 0, v, 2, NULL, 0);
    CHECK(rc == 1 && same_on_all_ranks(&rc, sizeof rc), "allsum refusal: %d", rc);
    rc = hesse_mpi_allsum(mp, 0, v, 2, NULL, 0);
    CHECK(rc == 0, "allsum after errors: %d", rc);

    hesse_mpi_problem_free(mp);
    problem_free(&tp);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    /* Calls (numbered from 1 over every shard callback) where a fault is injected:
       1 is x0; the others fall in line searches, Hessians and later iterations. */
    static const long early[] = {1, 2, 5, 13};
    int known = argc > 1;
    for (int a = 1; a < argc; a++) {
        const char *scenario = argv[a];
        if (!strcmp(scenario, "agree"))
            scenario_agree();
        else if (!strcmp(scenario, "refuse"))
            scenario_fault(FAULT_REFUSE, early, 4);
        else if (!strcmp(scenario, "abort"))
            scenario_fault(FAULT_ABORT, early, 4);
        else if (!strcmp(scenario, "nan")) {
            scenario_fault(FAULT_NAN_F, early, 4);
            scenario_fault(FAULT_NAN_G, early, 4);
        } else if (!strcmp(scenario, "stop"))
            scenario_stop();
        else if (!strcmp(scenario, "mismatch"))
            scenario_mismatch();
        else
            known = 0;
    }
    long all = failures;
    MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
        if (!known)
            fprintf(stderr, "usage: test_mpi SCENARIO... (agree refuse abort nan stop mismatch)\n");
        else
            printf("%d rank%s: %s (%ld failed check%s)\n", nranks, nranks == 1 ? "" : "s",
                   all ? "FAILED" : "passed", all, all == 1 ? "" : "s");
    }
    MPI_Finalize();
    return !known || all ? 1 : 0;
}
