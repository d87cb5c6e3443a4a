/*
 * Data-parallel L2-regularized logistic regression: every MPI rank generates its own
 * rows of a 2^20-row synthetic data set (logistic_model.h) and runs the same hesse
 * solve; hesse_mpi sums f, ∇f and ∇²f over the ranks. Solved with newton and lbfgs.
 *
 *   mpirun -np 4 build/examples/mpi_logistic        the distributed solve
 *   build/examples/mpi_logistic --serial            one process, all rows, no MPI
 *
 * Both print the same text on stdout, whatever the number of ranks: the iterates are
 * identical on every rank, and equal to the serial ones up to rounding (the sum over
 * rows is taken in another order), far below the printed digits. Timings go to
 * stderr. Options: --rows N (default 1048576), --features n (default 32, with the
 * intercept).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "hesse.h"
#include "hesse_mpi.h"
#include "logistic_model.h"

static const double lambda = 1e-4;
static const uint64_t seed = 20261201;

typedef struct {
    int print; /* this process prints */
} trace_state;

/* ‖g‖∞ near convergence is rounding noise of the sum over a million rows, so its
   digits change with the order of the sum: print two, and none below 1e-11. */
static void print_gnorm(double g)
{
    if (g < 1e-11)
        printf("    < 1e-11");
    else
        printf("  %9.1e", g);
}

static int trace(const hesse_iteration *it, void *data)
{
    const trace_state *t = data;
    if (t->print) {
        printf("  %4d  %.12f", it->iteration, it->f);
        print_gnorm(it->gnorm);
        printf("\n");
    }
    return 0;
}

static void print_result(const hesse_result *r, const double *w, int n, long correct,
                         long rows)
{
    printf("  %s after %d iterations (nfev %ld, ngev %ld, nhev %ld)\n",
           hesse_status_name(r->status), r->iterations, r->nfev, r->ngev, r->nhev);
    if (r->npos >= 0)
        printf("  end point: %s, inertia (%d, %d, %d), lambda_min %.6e\n",
               hesse_point_kind_name(r->point), r->npos, r->nneg, r->nzero, r->lambda_min);
    else
        printf("  end point: %s\n", hesse_point_kind_name(r->point));
    printf("  w[0..4]:");
    for (int j = 0; j < 5 && j < n; j++) printf(" %.8f", w[j]);
    printf("\n  w true: ");
    for (int j = 0; j < 5 && j < n; j++) printf(" %.8f", logistic_true_weight(j));
    printf("\n  training accuracy %.6f (%ld of %ld rows)\n\n", (double)correct / (double)rows,
           correct, rows);
}

/* The serial solve needs the full matrix: hesse's Hessian callback. */
static int hessian_full(int n, const double *w, double *H, void *shard)
{
    size_t nn = (size_t)n;
    double *packed = malloc(nn * (nn + 1) / 2 * sizeof *packed);
    if (!packed) return -1;
    int rc = logistic_hessian_packed(n, w, packed, shard);
    for (size_t j = 0, p = 0; j < nn && rc == 0; j++)
        for (size_t i = j; i < nn; i++, p++) H[i + j * nn] = H[j + i * nn] = packed[p];
    free(packed);
    return rc;
}

int main(int argc, char **argv)
{
    long rows = 1L << 20;
    int n = 32, serial = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--serial"))
            serial = 1;
        else if (!strcmp(argv[i], "--rows") && i + 1 < argc)
            rows = atol(argv[++i]);
        else if (!strcmp(argv[i], "--features") && i + 1 < argc)
            n = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--serial] [--rows N] [--features n]\n", argv[0]);
            return 2;
        }
    }
    if (rows < 1 || n < 1 || n > 1000) {
        fprintf(stderr, "mpi_logistic: need --rows >= 1 and 1 <= --features <= 1000\n");
        return 2;
    }

    int rank = 0, size = 1;
    if (!serial) {
        MPI_Init(&argc, &argv);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    }
    long first, mine;
    logistic_split(rows, size, rank, &first, &mine);
    logistic_shard shard;
    int failed = logistic_shard_init(&shard, n, rows, first, mine, lambda, rank == 0, seed);
    if (!serial) MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (failed) {
        if (rank == 0) fprintf(stderr, "mpi_logistic: out of memory for the data\n");
        if (!serial) MPI_Finalize();
        return 1;
    }

    hesse_mpi_problem *mp = NULL;
    hesse_problem serial_problem = {.n = n, .objective = logistic_objective,
                                    .hessian = hessian_full, .hessvec = logistic_hessvec,
                                    .data = &shard};
    if (!serial) {
        hesse_mpi_shard sp = {.n = n, .objective = logistic_objective,
                              .hessian = logistic_hessian_packed, .hessvec = logistic_hessvec,
                              .shard = &shard, .allsum_max = 1};
        char msg[256];
        if (hesse_mpi_problem_create(MPI_COMM_WORLD, &sp, NULL, &mp, msg, sizeof msg) !=
            HESSE_SUCCESS) {
            if (rank == 0) fprintf(stderr, "mpi_logistic: %s\n", msg);
            logistic_shard_free(&shard);
            MPI_Finalize();
            return 1;
        }
    }

    if (rank == 0)
        printf("L2-regularized logistic regression, lambda = %g: %ld rows, %d features "
               "(intercept included)\n\n", lambda, rows, n);
    const char *methods[] = {"newton", "lbfgs"};
    double *w = malloc((size_t)n * sizeof *w);
    int exit_code = 0;
    for (int m = 0; m < 2 && w; m++) {
        trace_state ts = {.print = rank == 0};
        hesse_options opt;
        hesse_options_init(&opt);
        opt.method = hesse_method_find(methods[m]);
        opt.trace = trace;
        opt.trace_data = &ts;
        for (int j = 0; j < n; j++) w[j] = 0.0;
        if (rank == 0) printf("%s\n  iter  f                 ||g||_inf\n", methods[m]);
        hesse_result r;
        double t0 = serial ? 0 : MPI_Wtime();
        if (serial) {
            hesse_minimize(&serial_problem, w, &opt, &r);
        } else {
            hesse_mpi_minimize(mp, w, &opt, &r);
        }
        double seconds = serial ? r.seconds : MPI_Wtime() - t0;
        /* Rows classified right, summed over the shards (exact: integers < 2^53). */
        double correct = (double)logistic_correct(&shard, w);
        if (!serial && hesse_mpi_allsum(mp, 0, &correct, 1, w, (size_t)n) != 0) exit_code = 1;
        if (rank == 0) {
            print_result(&r, w, n, (long)correct, rows);
            fprintf(stderr, "%s: %d process%s, %.3f s\n", methods[m], size,
                    size == 1 ? "" : "es", seconds);
        }
        if (r.status < 0) exit_code = 1;
    }
    if (!w) exit_code = 1;
    free(w);
    hesse_mpi_problem_free(mp);
    logistic_shard_free(&shard);
    if (!serial) MPI_Finalize();
    return exit_code;
}
