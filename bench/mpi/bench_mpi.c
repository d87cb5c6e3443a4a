/*
 * Where distributing a solve over MPI ranks pays off: measured points and a model.
 *
 *   OPENBLAS_NUM_THREADS=1 mpirun -np K build/bench/bench_mpi [--rows N] [--features n]
 *                                 [--repeat R] [--alpha A --beta B]
 *
 * With K ranks it measures, on the first k ranks for k = 1, 2, 4, ... up to K (the
 * others wait):
 *   1. one reduction of m doubles (8m bytes plus a 40-byte header), median time:
 *      hesse_mpi_allsum (binomial tree up and down, fixed order), next to
 *      MPI_Allreduce(MPI_SUM) and MPI_Gather + a sum in rank order + MPI_Bcast;
 *   2. the logistic regression of examples/mpi (N rows, n features) solved with
 *      newton and lbfgs: median time per solve, evaluations of each kind, the time
 *      per row of each kind of shard evaluation, the bytes each rank sends.
 * Then the model
 *     T(k) = T_hesse + Σ_kinds calls · (c_kind · N/k + T_red(m_kind, k)),
 *     T_red(m, k) = steps(k) · (α + β · (8m + 40)),
 * steps(k) = ⌈log₂k⌉ for k a power of two, else 2⌈log₂k⌉,
 * with T_hesse (hesse's own work, done on every rank) and c_kind (seconds per row)
 * measured at k = 1, and α, β fitted to the k = 2 reductions, is compared with the
 * measured T(k). Last, the same model with the α, β of a cluster interconnect
 * (--alpha, --beta: assumed values, not measured here) says how many rows per rank
 * make a distributed solve efficient.
 * Only k up to the number of cores is a fair measurement; the others run
 * oversubscribed and are printed for completeness.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mpi.h>

#include "hesse.h"
#include "hesse_mpi.h"
#include "logistic_model.h"

static int world_rank, world_size;

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int count)
{
    qsort(v, (size_t)count, sizeof *v, compare_doubles);
    return count % 2 ? v[count / 2] : 0.5 * (v[count / 2 - 1] + v[count / 2]);
}

static int ceil_log2(int k)
{
    int l = 0;
    while ((1 << l) < k) l++;
    return l;
}

/* A barrier that sleeps while it waits: the ranks left out of a measurement on k
   ranks must not spin on a core the measured ranks need. */
static void idle_barrier(MPI_Comm comm)
{
    MPI_Request request;
    int done = 0;
    MPI_Ibarrier(comm, &request);
    while (MPI_Test(&request, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done) {
        struct timespec pause = {0, 1000000}; /* 1 ms */
        nanosleep(&pause, NULL);
    }
}

/* ---- shard callbacks that time themselves -------------------------------------- */

enum { KIND_F, KIND_FG, KIND_H, KIND_HV, NKINDS };

typedef struct {
    logistic_shard data;
    long calls[NKINDS];
    double seconds[NKINDS];
} timed_shard;

static int timed_objective(int n, const double *w, double *f, double *grad, void *shard)
{
    timed_shard *t = shard;
    double t0 = MPI_Wtime();
    int rc = logistic_objective(n, w, f, grad, &t->data);
    int kind = grad ? KIND_FG : KIND_F;
    t->seconds[kind] += MPI_Wtime() - t0;
    t->calls[kind]++;
    return rc;
}

static int timed_hessian(int n, const double *w, double *packed, void *shard)
{
    timed_shard *t = shard;
    double t0 = MPI_Wtime();
    int rc = logistic_hessian_packed(n, w, packed, &t->data);
    t->seconds[KIND_H] += MPI_Wtime() - t0;
    t->calls[KIND_H]++;
    return rc;
}

static int timed_hessvec(int n, const double *w, const double *v, double *Hv, void *shard)
{
    timed_shard *t = shard;
    double t0 = MPI_Wtime();
    int rc = logistic_hessvec(n, w, v, Hv, &t->data);
    t->seconds[KIND_HV] += MPI_Wtime() - t0;
    t->calls[KIND_HV]++;
    return rc;
}

/* ---- reductions ------------------------------------------------------------------ */

enum { NSIZES = 8, FIT_MAX = 131072 };
static const int reduce_sizes[NSIZES] = {1, 33, 528, 4096, 32768, 131072, 500500, 1048576};

typedef struct {
    double tree, allreduce, gather; /* seconds per reduction (median) */
} reduce_times;

/* Median over single reductions of their time on rank 0 of comm. One reduction at a
   time is timed (not a batch) so that the median discards the ones during which a
   process was descheduled, which on a shared machine are many. */
static void time_reductions(hesse_mpi_problem *mp, MPI_Comm comm, int m, double *buf,
                            double *gathered, reduce_times *out)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    enum { MAXREPS = 400 };
    int reps = m <= 4096 ? MAXREPS : m <= 131072 ? 60 : 15;
    double tree[MAXREPS], allreduce[MAXREPS], gather[MAXREPS];
    for (int i = 0; i < m; i++) buf[i] = 1.0 + rank;
    MPI_Barrier(comm);
    for (int r = 0; r < reps; r++) {
        double t0 = MPI_Wtime();
        hesse_mpi_allsum(mp, 0, buf, (size_t)m, NULL, 0);
        tree[r] = MPI_Wtime() - t0;
    }
    MPI_Barrier(comm);
    for (int r = 0; r < reps; r++) {
        double t0 = MPI_Wtime();
        MPI_Allreduce(MPI_IN_PLACE, buf, m, MPI_DOUBLE, MPI_SUM, comm);
        allreduce[r] = MPI_Wtime() - t0;
    }
    MPI_Barrier(comm);
    for (int r = 0; r < reps; r++) {
        double t0 = MPI_Wtime();
        MPI_Gather(buf, m, MPI_DOUBLE, gathered, m, MPI_DOUBLE, 0, comm);
        if (rank == 0)
            for (int q = 1; q < size; q++)
                for (int i = 0; i < m; i++) buf[i] += gathered[(size_t)q * m + i];
        MPI_Bcast(buf, m, MPI_DOUBLE, 0, comm);
        gather[r] = MPI_Wtime() - t0;
    }
    out->tree = median(tree, reps);
    out->allreduce = median(allreduce, reps);
    out->gather = median(gather, reps);
}

/* ---- solves ------------------------------------------------------------------------ */

typedef struct {
    double seconds;              /* per solve */
    int iterations;
    hesse_status status;
    long calls[NKINDS];          /* per solve */
    double row_seconds[NKINDS];  /* per row of a shard evaluation, rank 0 */
    double shard_seconds;        /* per solve, rank 0, all kinds */
    double reduce_seconds;       /* per solve, rank 0: sending, receiving, waiting */
    double hesse_seconds;        /* per solve, rank 0: the rest, hesse's own work */
    double bytes_sent;           /* per solve, rank 0 */
} solve_times;

static int compare_solves(const void *a, const void *b)
{
    return compare_doubles(&((const solve_times *)a)->seconds, &((const solve_times *)b)->seconds);
}

/* `repeat` solves from w = 0; *out is the one of median time (all its figures from
   the same solve). */
static int solve_repeat(hesse_mpi_problem *mp, timed_shard *ts, MPI_Comm comm, int n,
                        const char *method, int repeat, solve_times *out)
{
    double *w = malloc((size_t)n * sizeof *w);
    solve_times runs[16];
    if (!w) return -1;
    if (repeat > 16) repeat = 16;
    for (int r = 0; r < repeat; r++) {
        solve_times *run = &runs[r];
        memset(run, 0, sizeof *run);
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find(method);
        for (int j = 0; j < n; j++) w[j] = 0.0;
        memset(ts->calls, 0, sizeof ts->calls);
        memset(ts->seconds, 0, sizeof ts->seconds);
        hesse_mpi_stats s0, s1;
        hesse_mpi_problem_stats(mp, &s0);
        MPI_Barrier(comm);
        double t0 = MPI_Wtime();
        hesse_result res;
        hesse_mpi_minimize(mp, w, &opt, &res);
        run->seconds = MPI_Wtime() - t0;
        hesse_mpi_problem_stats(mp, &s1);
        run->iterations = res.iterations;
        run->status = res.status;
        for (int k = 0; k < NKINDS; k++) {
            run->calls[k] = ts->calls[k];
            run->row_seconds[k] =
                ts->calls[k] ? ts->seconds[k] / ((double)ts->calls[k] * (double)ts->data.rows)
                             : 0.0;
        }
        run->shard_seconds = s1.seconds_shard - s0.seconds_shard;
        run->reduce_seconds = s1.seconds_reduce - s0.seconds_reduce;
        run->hesse_seconds = run->seconds - run->shard_seconds - run->reduce_seconds;
        run->bytes_sent = s1.bytes_sent - s0.bytes_sent;
    }
    qsort(runs, (size_t)repeat, sizeof runs[0], compare_solves);
    *out = runs[repeat / 2];
    free(w);
    return 0;
}

/* The size of each kind's reduction for n variables. */
static double kind_values(int kind, int n)
{
    return kind == KIND_F ? 1 : kind == KIND_FG ? n + 1.0 : kind == KIND_H ? n * (n + 1.0) / 2 : n;
}

/* Messages on the critical path of one reduction (hesse_mpi.h, "The reduction"). */
static int reduction_steps(int k) { return (k & (k - 1)) == 0 ? ceil_log2(k) : 2 * ceil_log2(k); }

static double model_reduction(double alpha, double beta, double m, int k)
{
    return reduction_steps(k) * (alpha + beta * (8.0 * m + 40.0));
}

/* T(k) for the counts and costs of a k = 1 solve. */
static double model_solve(const solve_times *one, int n, double rows, int k, double alpha,
                          double beta)
{
    double t = one->hesse_seconds;
    for (int kind = 0; kind < NKINDS; kind++)
        t += (double)one->calls[kind] * (one->row_seconds[kind] * rows / k +
                                         model_reduction(alpha, beta, kind_values(kind, n), k));
    return t;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    long rows = 1L << 20;
    int n = 32, repeat = 5;
    double cluster_alpha = 2e-6, cluster_beta = 1e-10;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rows") && i + 1 < argc)
            rows = atol(argv[++i]);
        else if (!strcmp(argv[i], "--features") && i + 1 < argc)
            n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--alpha") && i + 1 < argc)
            cluster_alpha = atof(argv[++i]);
        else if (!strcmp(argv[i], "--beta") && i + 1 < argc)
            cluster_beta = atof(argv[++i]);
        else {
            if (world_rank == 0)
                fprintf(stderr, "usage: bench_mpi [--rows N] [--features n] [--repeat R] "
                                "[--alpha A --beta B]\n");
            MPI_Finalize();
            return 2;
        }
    }
    if (repeat < 1) repeat = 1;
    if (repeat > 15) repeat = 15;
    const char *methods[] = {"newton", "lbfgs"};
    enum { NMETHODS = 2, MAXK = 16 };
    int ks[MAXK], nk = 0;
    for (int k = 1; k < world_size && nk < MAXK - 1; k *= 2) ks[nk++] = k;
    ks[nk++] = world_size;

    reduce_times red[MAXK][NSIZES];
    solve_times sol[MAXK][NMETHODS];
    memset(red, 0, sizeof red);
    memset(sol, 0, sizeof sol);
    double *buf = malloc((size_t)reduce_sizes[NSIZES - 1] * sizeof *buf);
    double *gathered = world_rank == 0
                           ? malloc((size_t)reduce_sizes[NSIZES - 1] * world_size * sizeof *gathered)
                           : NULL;
    if (!buf || (world_rank == 0 && !gathered)) MPI_Abort(MPI_COMM_WORLD, 1);

    for (int ik = 0; ik < nk; ik++) {
        int k = ks[ik];
        MPI_Comm comm;
        MPI_Comm_split(MPI_COMM_WORLD, world_rank < k ? 0 : MPI_UNDEFINED, world_rank, &comm);
        if (comm != MPI_COMM_NULL) {
            long first, mine;
            logistic_split(rows, k, world_rank, &first, &mine);
            timed_shard ts;
            memset(&ts, 0, sizeof ts);
            if (logistic_shard_init(&ts.data, n, rows, first, mine, 1e-4, world_rank == 0,
                                    20261201) != 0)
                MPI_Abort(MPI_COMM_WORLD, 1);
            hesse_mpi_shard sp = {.n = n, .objective = timed_objective,
                                  .hessian = timed_hessian, .hessvec = timed_hessvec,
                                  .shard = &ts, .allsum_max = (size_t)reduce_sizes[NSIZES - 1]};
            hesse_mpi_problem *mp = NULL;
            char msg[256];
            if (hesse_mpi_problem_create(comm, &sp, NULL, &mp, msg, sizeof msg) != HESSE_SUCCESS)
                MPI_Abort(MPI_COMM_WORLD, 1);
            for (int s = 0; s < NSIZES; s++)
                time_reductions(mp, comm, reduce_sizes[s], buf, gathered, &red[ik][s]);
            for (int m = 0; m < NMETHODS; m++)
                solve_repeat(mp, &ts, comm, n, methods[m], repeat, &sol[ik][m]);
            hesse_mpi_problem_free(mp);
            logistic_shard_free(&ts.data);
            MPI_Comm_free(&comm);
        }
        idle_barrier(MPI_COMM_WORLD);
    }

    if (world_rank == 0) {
        /* The machine's load: on a shared machine it says how much to trust the times. */
        double load[3] = {NAN, NAN, NAN};
        FILE *f = fopen("/proc/loadavg", "r");
        if (f) {
            if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = NAN;
            fclose(f);
        }
        printf("bench_mpi: %d ranks, logistic regression with N = %ld rows, n = %d features; "
               "medians of %d solves, OPENBLAS_NUM_THREADS=%s; load average at the end %.2f "
               "(1 min) %.2f (5 min)\n\n",
               world_size, rows, n, repeat,
               getenv("OPENBLAS_NUM_THREADS") ? getenv("OPENBLAS_NUM_THREADS") : "(unset)",
               load[0], load[1]);

        printf("One reduction of m doubles on rank 0, microseconds (median of single calls)\n");
        printf("| k | m | bytes | hesse_mpi_allsum | MPI_Allreduce | gather + bcast |\n");
        printf("|---:|---:|---:|---:|---:|---:|\n");
        for (int ik = 1; ik < nk; ik++)
            for (int s = 0; s < NSIZES; s++)
                printf("| %d | %d | %d | %.1f | %.1f | %.1f |\n", ks[ik], reduce_sizes[s],
                       8 * reduce_sizes[s], 1e6 * red[ik][s].tree, 1e6 * red[ik][s].allreduce,
                       1e6 * red[ik][s].gather);

        /* α, β from the k = 2 reductions of hesse_mpi_allsum: T = steps·(α + β·bytes),
           least squares on the relative error (weights 1/T²) so that the small
           messages, which fix α, count as much as the large ones, which fix β; up to
           1 MiB, the range of f, ∇f and the Hessians here (the model's misfit above
           that is printed, not hidden). */
        double alpha = 0, beta = 0;
        if (nk > 1) {
            double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int s = 0; s < NSIZES && reduce_sizes[s] <= FIT_MAX; s++) {
                double x = 8.0 * reduce_sizes[s] + 40.0;
                double y = red[1][s].tree / reduction_steps(ks[1]), w = 1.0 / (y * y);
                sw += w, sx += w * x, sy += w * y, sxx += w * x * x, sxy += w * x * y;
            }
            beta = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
            alpha = (sy - beta * sx) / sw;
            printf("\nFit to the k = %d reductions of hesse_mpi_allsum up to %d doubles, "
                   "T = %d * (alpha + beta * bytes): "
                   "alpha = %.2f us, beta = %.3g s/byte (%.2f GB/s)\n",
                   ks[1], FIT_MAX, reduction_steps(ks[1]), 1e6 * alpha, beta, 1e-9 / beta);
            printf("| m | measured us | model us |\n|---:|---:|---:|\n");
            for (int s = 0; s < NSIZES; s++)
                printf("| %d | %.1f | %.1f |\n", reduce_sizes[s], 1e6 * red[1][s].tree,
                       1e6 * model_reduction(alpha, beta, reduce_sizes[s], ks[1]));
        }

        /* Measured against the model. The model's evaluation term assumes each of the
           k ranks evaluates its N/k rows as fast as one rank did alone; "shard ns per
           row" says how far that held (a machine whose ranks share cores or memory
           bandwidth makes it grow with k). "communicating" is measured, waits for the
           slower rank included; "alpha-beta" is the model's transfer time alone. */
        printf("\nSolves from w = 0, times on rank 0 in seconds per solve\n");
        printf("| method | k | status | iterations | f / f+g / H / Hv evaluations | bytes per "
               "iteration per message step | measured | model | in shards | shard ns per row "
               "(f+g, H) | communicating | alpha-beta | hesse's own |\n");
        printf("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int m = 0; m < NMETHODS; m++) {
            const solve_times *one = &sol[0][m];
            for (int ik = 0; ik < nk; ik++) {
                const solve_times *s = &sol[ik][m];
                double model = model_solve(one, n, (double)rows, ks[ik], alpha, beta);
                double transfer = 0, message_bytes = 0;
                for (int kind = 0; kind < NKINDS; kind++) {
                    transfer += (double)s->calls[kind] *
                                model_reduction(alpha, beta, kind_values(kind, n), ks[ik]);
                    message_bytes += (double)s->calls[kind] * (8.0 * kind_values(kind, n) + 40.0);
                }
                printf("| %s | %d%s | %s | %d | %ld / %ld / %ld / %ld | %.0f | %.3f | %.3f | %.3f "
                       "| %.0f, %.0f | %.2e | %.2e | %.2e |\n",
                       methods[m], ks[ik], ks[ik] > 2 ? " (oversubscribed)" : "",
                       hesse_status_name(s->status), s->iterations, s->calls[KIND_F],
                       s->calls[KIND_FG], s->calls[KIND_H], s->calls[KIND_HV],
                       s->iterations > 0 ? message_bytes / s->iterations : 0.0, s->seconds,
                       model, s->shard_seconds, 1e9 * s->row_seconds[KIND_FG],
                       1e9 * s->row_seconds[KIND_H], s->reduce_seconds, transfer,
                       s->hesse_seconds);
            }
        }

        /* The cluster: the same model with an interconnect's α, β. Efficiency
           E(k) = T(1) / (k T(k)); rows per rank where it reaches 50% and 90%. */
        printf("\nModel with a cluster interconnect (assumed, not measured here): alpha = %.3g s, "
               "beta = %.3g s/byte (%.1f GB/s); the per-row costs and counts measured above\n",
               cluster_alpha, cluster_beta, 1e-9 / cluster_beta);
        printf("| method | K | bytes each rank sends per iteration | speedup at N = %ld | "
               "speedup at N = 1e9 | rows per rank for 50%% efficiency | for 90%% |\n", rows);
        printf("|---|---:|---:|---:|---:|---:|---:|\n");
        for (int m = 0; m < NMETHODS; m++) {
            const solve_times *one = &sol[0][m];
            double per_row = 0; /* seconds per row over a whole solve */
            for (int kind = 0; kind < NKINDS; kind++)
                per_row += (double)one->calls[kind] * one->row_seconds[kind];
            double hesse_seconds = one->hesse_seconds;
            double msg_bytes = 0;
            for (int kind = 0; kind < NKINDS; kind++)
                msg_bytes += (double)one->calls[kind] * (8.0 * kind_values(kind, n) + 40.0);
            int cluster_k[] = {2, 8, 64, 512, 4096};
            for (int c = 0; c < 5; c++) {
                int k = cluster_k[c];
                double comm = 0;
                for (int kind = 0; kind < NKINDS; kind++)
                    comm += (double)one->calls[kind] *
                            model_reduction(cluster_alpha, cluster_beta, kind_values(kind, n), k);
                double t_small = hesse_seconds + per_row * rows / k + comm;
                double t_small1 = hesse_seconds + per_row * rows;
                double big = 1e9;
                double t_big = hesse_seconds + per_row * big / k + comm;
                double t_big1 = hesse_seconds + per_row * big;
                /* Efficiency T(1)/(k T(k)) with hesse's replicated work counted:
                   rows per rank r with per_row·r / (per_row·r + comm + hesse) = E. */
                double r50 = (comm + hesse_seconds) / per_row;
                double r90 = 9.0 * (comm + hesse_seconds) / per_row;
                printf("| %s | %d | %.0f | %.2f | %.1f | %.0f | %.0f |\n", methods[m], k,
                       one->iterations > 0 ? reduction_steps(k) * msg_bytes / one->iterations
                                           : 0.0,
                       t_small1 / t_small, t_big1 / t_big, r50, r90);
            }
        }
    }
    free(buf);
    free(gathered);
    MPI_Finalize();
    return 0;
}
