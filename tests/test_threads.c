/*
 * Reentrancy (hesse.h, "Conventions": no mutable global state; callbacks are only
 * called from the thread that called into the library).
 *
 * A set of solves — registry problems of different sizes and difficulty through
 * every built-in method, plus the two root finders on an equation problem — is run
 * once sequentially, then by 4 threads at the same time, each several rounds in a
 * different order. Every concurrent result must equal its sequential twin bit for
 * bit: x, f, ‖g‖, counters, classification, message (the wall time excepted). A
 * shared hidden state (a static workspace, a cached LAPACK query, a global counter)
 * would show up as a difference or, under the sanitizers, as a data race on memory.
 *
 * Each callback checks that it runs on the thread that called the library.
 * OpenBLAS is used with OPENBLAS_NUM_THREADS=1 (set by tests/CMakeLists.txt); see
 * the note at the end of this file for threaded OpenBLAS. A third test runs the
 * solves README promises to be thread-independent with 1 and 4 OpenBLAS threads.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"

#define NTHREADS 4
#define ROUNDS 20
#define MAX_JOBS 64
#define MAX_N 10

typedef struct {
    const char *problem;
    int n;                        /* 0 = the problem's default */
    const hesse_method *method;   /* minimization; NULL for a root-finding job */
    hesse_roots_method roots_method;
} job;

/* What a job produced; compared with memcmp on the doubles so that NaN == NaN and
   -0 != +0. */
typedef struct {
    int ok;             /* the instance could be created */
    hesse_status status;
    int n;
    double x[MAX_N];
    double f, gnorm, lambda_min, lambda_max;
    int iterations, point, npos, nneg, nzero;
    long nfev, ngev, nhev;
    int restarts, fallback_steps, det_sign;
    double log_abs_det, rcond;
    long traced;        /* trace callback calls */
    char message[256];
    int wrong_thread;   /* a callback ran on another thread */
} outcome;

static job jobs[MAX_JOBS];
static int njobs;

static void add_jobs(void)
{
    static const struct {
        const char *name;
        int n;
    } problems[] = {{"ROSENBROCK", 0}, {"WOOD", 0}, {"EXT_ROSENBROCK", 10}, {"BROWN_BADLY_SCALED", 0}};
    njobs = 0;
    for (size_t p = 0; p < sizeof problems / sizeof problems[0]; p++)
        for (int m = 0; m < hesse_method_count() && njobs < MAX_JOBS; m++)
            jobs[njobs++] = (job){problems[p].name, problems[p].n, hesse_method_at(m), HESSE_ROOTS_NEWTON};
    jobs[njobs++] = (job){"ROSENBROCK", 0, NULL, HESSE_ROOTS_NEWTON};
    jobs[njobs++] = (job){"HELICAL_VALLEY", 0, NULL, HESSE_ROOTS_BROYDEN};
}

/* ---- callbacks wrapped to check the calling thread ---- */

typedef struct {
    pthread_t owner;
    int wrong_thread;
    long traced;
    const hesse_problem *inner;
    const hesse_system *inner_system;
} wrap;

static void check_thread(wrap *w)
{
    if (!pthread_equal(pthread_self(), w->owner)) w->wrong_thread = 1;
}

static int wrap_objective(int n, const double *x, double *f, double *g, void *data)
{
    wrap *w = data;
    check_thread(w);
    return w->inner->objective(n, x, f, g, w->inner->data);
}

static int wrap_hessian(int n, const double *x, double *H, void *data)
{
    wrap *w = data;
    check_thread(w);
    return w->inner->hessian(n, x, H, w->inner->data);
}

static int wrap_hessvec(int n, const double *x, const double *v, double *Hv, void *data)
{
    wrap *w = data;
    check_thread(w);
    return w->inner->hessvec(n, x, v, Hv, w->inner->data);
}

static int wrap_trace(const hesse_iteration *it, void *data)
{
    wrap *w = data;
    check_thread(w);
    w->traced++;
    return 0;
}

static int wrap_system(int n, const double *x, double *F, double *J, void *data)
{
    wrap *w = data;
    check_thread(w);
    return w->inner_system->function(n, x, F, J, w->inner_system->data);
}

static int wrap_roots_trace(const hesse_roots_iteration *it, void *data)
{
    wrap *w = data;
    check_thread(w);
    w->traced++;
    return 0;
}

/* ---- one job, start to end: instance, solve, free ---- */

static void run_minimize(const job *jb, outcome *out)
{
    const hesse_testproblem *tp = hesse_testproblem_find(jb->problem);
    hesse_testinstance *inst = NULL;
    if (!tp || hesse_testinstance_create(tp, jb->n, &inst, NULL, 0) != HESSE_SUCCESS || inst->n > MAX_N) {
        hesse_testinstance_free(inst);
        return;
    }
    wrap w = {.owner = pthread_self(), .inner = &inst->problem};
    hesse_problem p = {inst->n, wrap_objective, inst->problem.hessian ? wrap_hessian : NULL,
                       inst->problem.hessvec ? wrap_hessvec : NULL, &w};
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = jb->method;
    opt.trace = wrap_trace;
    opt.trace_data = &w;
    memcpy(out->x, inst->x0, (size_t)inst->n * sizeof *out->x);
    hesse_result r;
    hesse_minimize(&p, out->x, &opt, &r);
    out->ok = 1;
    out->n = inst->n;
    out->status = r.status;
    out->f = r.f;
    out->gnorm = r.gnorm;
    out->lambda_min = r.lambda_min;
    out->lambda_max = r.lambda_max;
    out->iterations = r.iterations;
    out->point = (int)r.point;
    out->npos = r.npos;
    out->nneg = r.nneg;
    out->nzero = r.nzero;
    out->nfev = r.nfev;
    out->ngev = r.ngev;
    out->nhev = r.nhev;
    memcpy(out->message, r.message, sizeof out->message);
    out->traced = w.traced;
    out->wrong_thread = w.wrong_thread;
    hesse_testinstance_free(inst);
}

static void run_roots(const job *jb, outcome *out)
{
    const hesse_equation_problem *ep = hesse_equation_problem_find(jb->problem);
    hesse_equation_instance *inst = NULL;
    if (!ep || hesse_equation_instance_create(ep, jb->n, &inst, NULL, 0) != HESSE_SUCCESS ||
        inst->n > MAX_N) {
        hesse_equation_instance_free(inst);
        return;
    }
    wrap w = {.owner = pthread_self(), .inner_system = &inst->system};
    hesse_system sys = {inst->n, wrap_system, inst->system.has_jacobian, &w};
    hesse_roots_options opt;
    hesse_roots_options_init(&opt);
    opt.method = jb->roots_method;
    opt.trace = wrap_roots_trace;
    opt.trace_data = &w;
    memcpy(out->x, inst->x0, (size_t)inst->n * sizeof *out->x);
    hesse_roots_result r;
    hesse_roots_solve(&sys, out->x, &opt, &r);
    out->ok = 1;
    out->n = inst->n;
    out->status = r.status;
    out->f = r.fnorm;
    out->gnorm = r.fnorm2;
    out->iterations = r.iterations;
    out->nfev = r.nfev;
    out->ngev = r.njev;
    out->restarts = r.restarts;
    out->fallback_steps = r.fallback_steps;
    out->det_sign = r.det_sign;
    out->log_abs_det = r.log_abs_det;
    out->rcond = r.rcond;
    memcpy(out->message, r.message, sizeof out->message);
    out->traced = w.traced;
    out->wrong_thread = w.wrong_thread;
    hesse_equation_instance_free(inst);
}

static void run_job(const job *jb, outcome *out)
{
    memset(out, 0, sizeof *out);
    if (jb->method) run_minimize(jb, out);
    else run_roots(jb, out);
}

/* Field-by-field bitwise equality (the struct's padding is not compared). */
static int same(const outcome *a, const outcome *b)
{
#define SAME_BITS(field) (memcmp(&a->field, &b->field, sizeof a->field) == 0)
    return a->ok == b->ok && a->status == b->status && a->n == b->n &&
           memcmp(a->x, b->x, (size_t)a->n * sizeof a->x[0]) == 0 && SAME_BITS(f) && SAME_BITS(gnorm) &&
           SAME_BITS(lambda_min) && SAME_BITS(lambda_max) && a->iterations == b->iterations &&
           a->point == b->point && a->npos == b->npos && a->nneg == b->nneg && a->nzero == b->nzero &&
           a->nfev == b->nfev && a->ngev == b->ngev && a->nhev == b->nhev && a->restarts == b->restarts &&
           a->fallback_steps == b->fallback_steps && a->det_sign == b->det_sign &&
           SAME_BITS(log_abs_det) && SAME_BITS(rcond) && a->traced == b->traced &&
           strcmp(a->message, b->message) == 0 && a->wrong_thread == b->wrong_thread;
#undef SAME_BITS
}

/* ---- the concurrent runs ---- */

static outcome reference[MAX_JOBS];
static pthread_barrier_t start;

typedef struct {
    int id;
    int mismatches, wrong_thread, first_bad_job;
} worker;

static void *work(void *arg)
{
    worker *wk = arg;
    wk->first_bad_job = -1;
    pthread_barrier_wait(&start);
    for (int round = 0; round < ROUNDS; round++)
        for (int k = 0; k < njobs; k++) {
            /* Each thread and round walks the jobs from a different place, so that
               different solves overlap in time. */
            int j = (k + wk->id * 5 + round * 3) % njobs;
            outcome out;
            run_job(&jobs[j], &out);
            if (out.wrong_thread) wk->wrong_thread++;
            if (!same(&out, &reference[j])) {
                if (wk->first_bad_job < 0) wk->first_bad_job = j;
                wk->mismatches++;
            }
        }
    return NULL;
}

static const char *job_name(const job *jb, char *buf, size_t size)
{
    snprintf(buf, size, "%s n=%d %s", jb->problem, jb->n,
             jb->method ? hesse_method_name(jb->method) : hesse_roots_method_name(jb->roots_method));
    return buf;
}

Test(threads, concurrent_solves_equal_sequential_bit_for_bit)
{
    add_jobs();
    cr_assert_geq(hesse_method_count(), 2, "at least gd and newton are built in");
    for (int j = 0; j < njobs; j++) {
        char name[128];
        run_job(&jobs[j], &reference[j]);
        cr_assert(reference[j].ok, "%s: instance not created", job_name(&jobs[j], name, sizeof name));
        cr_assert_eq(reference[j].wrong_thread, 0);
        cr_assert_gt(reference[j].traced, 0, "%s: the trace callback was never called",
                     job_name(&jobs[j], name, sizeof name));
        /* A second sequential run: the solves are deterministic to begin with. */
        outcome again;
        run_job(&jobs[j], &again);
        cr_assert(same(&again, &reference[j]), "%s: two sequential runs differ",
                  job_name(&jobs[j], name, sizeof name));
    }

    pthread_t threads[NTHREADS];
    worker workers[NTHREADS];
    cr_assert_eq(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    for (int t = 0; t < NTHREADS; t++) {
        workers[t] = (worker){.id = t};
        cr_assert_eq(pthread_create(&threads[t], NULL, work, &workers[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++) pthread_join(threads[t], NULL);
    pthread_barrier_destroy(&start);

    for (int t = 0; t < NTHREADS; t++) {
        char name[128];
        cr_expect_eq(workers[t].wrong_thread, 0, "thread %d: a callback ran on another thread", t);
        cr_expect_eq(workers[t].mismatches, 0, "thread %d: %d results differ from the sequential run, first %s",
                     t, workers[t].mismatches,
                     workers[t].first_bad_job >= 0 ? job_name(&jobs[workers[t].first_bad_job], name, sizeof name)
                                                   : "-");
    }
}

/* Step-wise solvers of different problems interleaved on one thread: a solver's
   state lives in its object only, so advancing one must not disturb another. */
Test(threads, interleaved_solvers_equal_separate_runs)
{
    add_jobs();
    enum { COUNT = 4 };
    static const char *names[COUNT] = {"ROSENBROCK", "WOOD", "EXT_ROSENBROCK", "BROWN_BADLY_SCALED"};
    hesse_testinstance *inst[COUNT];
    hesse_solver *solver[COUNT];
    hesse_status st[COUNT];
    for (int k = 0; k < COUNT; k++) {
        cr_assert_eq(hesse_testinstance_create(hesse_testproblem_find(names[k]), 0, &inst[k], NULL, 0),
                     HESSE_SUCCESS);
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_at(k % hesse_method_count());
        st[k] = hesse_solver_create(&inst[k]->problem, inst[k]->x0, &opt, &solver[k]);
        cr_assert_not_null(solver[k]);
    }
    for (int active = 1; active;) {
        active = 0;
        for (int k = 0; k < COUNT; k++)
            if (st[k] == HESSE_RUNNING) {
                st[k] = hesse_solver_iterate(solver[k]);
                active = 1;
            }
    }
    for (int k = 0; k < COUNT; k++) {
        hesse_result r;
        hesse_solver_result(solver[k], &r);
        double x[MAX_N];
        cr_assert_leq(inst[k]->n, MAX_N);
        memcpy(x, inst[k]->x0, (size_t)inst[k]->n * sizeof *x);
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_at(k % hesse_method_count());
        hesse_result alone;
        hesse_minimize(&inst[k]->problem, x, &opt, &alone);
        cr_expect_eq(r.status, alone.status, "%s", names[k]);
        cr_expect_eq(r.iterations, alone.iterations, "%s", names[k]);
        cr_expect_eq(r.nfev, alone.nfev, "%s", names[k]);
        cr_expect(memcmp(&r.f, &alone.f, sizeof r.f) == 0, "%s: f differs", names[k]);
        cr_expect(memcmp(hesse_solver_x(solver[k]), x, (size_t)inst[k]->n * sizeof *x) == 0, "%s: x differs",
                  names[k]);
        hesse_solver_free(solver[k]);
        hesse_testinstance_free(inst[k]);
    }
}

/* ---- the number of OpenBLAS threads ----
 *
 * What hesse promises (README, "Threads and OpenBLAS"): gd, lbfgs and newton-cg
 * (with the problem's Hessian-vector callback) give the same bits whatever
 * OPENBLAS_NUM_THREADS is, the end point's classification left out. Their BLAS calls
 * are dot products (hesse__dot: ddots of at most 8192 entries, which OpenBLAS runs on
 * one thread), daxpy, dscal and dnrm2 (element-wise or one-threaded at every size
 * measured). bfgs, sr1, newton, newton-tr and the classification are not promised
 * anything: OpenBLAS splits dsymv from n = 5, and the tridiagonal reductions of
 * dsyevd/dsyevr (through that dsymv) from n = 3, dpotrf from n = 64 (OpenBLAS 0.3.21,
 * 1 against 4 threads), and the last-bit differences grow into other iteration counts
 * and statuses.
 * Each solve runs with 1 and with 4 OpenBLAS threads (openblas_set_num_threads, which
 * overrides the OPENBLAS_NUM_THREADS=1 that ctest sets); status, counts, f and x must
 * be equal bit for bit. SROSENBR at n = 10⁵ has dot products that OpenBLAS's own ddot
 * would split. The MGH problems stay at m·n < 9216, below which their dgemv calls run
 * on one thread. */
void openblas_set_num_threads(int num_threads);

typedef struct {
    hesse_status status;
    int iterations;
    long nfev, ngev, nhev;
    double f;
    int n;
    double *x;
} blas_run;

static void solve_with_threads(const char *problem, int n, const char *method, int threads, blas_run *out)
{
    hesse_testinstance *inst = NULL;
    cr_assert_eq(hesse_testinstance_create(hesse_testproblem_find(problem), n, &inst, NULL, 0), HESSE_SUCCESS,
                 "%s", problem);
    out->n = inst->n;
    out->x = malloc((size_t)inst->n * sizeof *out->x);
    cr_assert_not_null(out->x);
    memcpy(out->x, inst->x0, (size_t)inst->n * sizeof *out->x);
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_find(method);
    opt.classify = HESSE_CLASSIFY_NEVER;
    cr_assert_not_null(opt.method, "%s", method);
    hesse_result r;
    openblas_set_num_threads(threads);
    out->status = hesse_minimize(&inst->problem, out->x, &opt, &r);
    openblas_set_num_threads(1);
    out->iterations = r.iterations;
    out->nfev = r.nfev;
    out->ngev = r.ngev;
    out->nhev = r.nhev;
    out->f = r.f;
    hesse_testinstance_free(inst);
}

Test(threads, openblas_thread_count_does_not_change_the_promised_solves)
{
    static const struct {
        const char *problem;
        int n;
    } problems[] = {{"ROSENBROCK", 0}, {"WOOD", 0}, {"EXT_ROSENBROCK", 50}, {"OSBORNE1", 0},
                    {"TRIGONOMETRIC", 80}, {"SROSENBR", 100000}};
    static const char *const methods[] = {"gd", "lbfgs", "newton-cg"};
    for (size_t p = 0; p < sizeof problems / sizeof problems[0]; p++)
        for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
            blas_run one, four;
            solve_with_threads(problems[p].problem, problems[p].n, methods[m], 1, &one);
            solve_with_threads(problems[p].problem, problems[p].n, methods[m], 4, &four);
            const char *what = problems[p].problem;
            cr_expect_eq(one.status, four.status, "%s %s: status", what, methods[m]);
            cr_expect_eq(one.iterations, four.iterations, "%s %s: iterations %d / %d", what, methods[m],
                         one.iterations, four.iterations);
            cr_expect_eq(one.nfev, four.nfev, "%s %s: nfev", what, methods[m]);
            cr_expect_eq(one.nhev, four.nhev, "%s %s: nhev", what, methods[m]);
            cr_expect(memcmp(&one.f, &four.f, sizeof one.f) == 0, "%s %s: f %.17g / %.17g", what, methods[m],
                      one.f, four.f);
            cr_expect(one.n == four.n && memcmp(one.x, four.x, (size_t)one.n * sizeof *one.x) == 0, "%s %s: x",
                      what, methods[m]);
            free(one.x);
            free(four.x);
        }
}

/*
 * Threaded OpenBLAS and application threads (measured with the pthreads build of
 * OpenBLAS 0.3.21 on 2 cores). Concurrent solves equal the sequential ones of the
 * same OpenBLAS setting bit for bit (this test passes with 1, 2 or 4 OpenBLAS
 * threads); which results also equal the one-thread results is the test above's
 * subject. 4 application threads each calling threaded OpenBLAS ran 13 times slower
 * (2 OpenBLAS threads) and 33 times slower (4) than with one. Applications that call
 * hesse from several threads should set OPENBLAS_NUM_THREADS=1 or link the serial or
 * OpenMP build of OpenBLAS.
 */
