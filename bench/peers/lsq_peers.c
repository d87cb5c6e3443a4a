/*
 * Least-squares peers, C side: the 27 NIST StRD nonlinear regression datasets from both
 * certified starts, fitted by hesse's lm, gn and hybrid (hesse_lsq_solve), by GSL's
 * gsl_multifit_nlinear (trust region, Levenberg–Marquardt and Levenberg–Marquardt
 * with geodesic acceleration) and by MINPACK's lmder (Debian's cminpack), all from the
 * same residuals and exact Jacobian (tests/support/nist.c, hesse's formula derivatives).
 *
 * Settings: each solver's defaults or documented recommendations — hesse: default
 * options; the peers as tests/support/lsq_peers.h says.
 * Solved: every parameter to >= 4 significant digits of the certified value (LRE >= 4,
 * nist_min_lre: equivalent fits allowed). Claimed: the solver reported convergence
 * (hesse SUCCESS; GSL GSL_SUCCESS; MINPACK info 1–4). A claimed run that is not solved
 * is a false claim.
 *
 * Output: CSV on stdout, one row per (dataset, start, solver):
 *   dataset,start,solver,status,claimed,solved,min_lre,nfev,njev,seconds
 * Usage: bench_lsq_peers [--dataset NAME]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hesse.h"
#include "nist.h"

#include "lsq_peers.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

typedef struct {
    const char *status;
    int claimed;
    long nfev, njev;
    double seconds;
} outcome;

static void row(nist_dataset *d, int start, const char *solver, const outcome *o, const double *b)
{
    double lre = nist_min_lre(d, b, NULL, NULL, 0);
    printf("%s,%d,%s,%s,%d,%d,%.2f,%ld,%ld,%.6f\n", d->name, start + 1, solver, o->status, o->claimed,
           lre >= NIST_SOLVED_LRE, lre, o->nfev, o->njev, o->seconds);
}

static void run_hesse(nist_dataset *d, int start, const hesse_lsq_method *m)
{
    hesse_lsq_problem p = {.n = d->k, .m = d->m, .residuals = nist_residuals, .has_jacobian = 1, .data = d};
    hesse_lsq_options opt;
    hesse_lsq_options_init(&opt);
    opt.method = m;
    opt.classify = HESSE_CLASSIFY_NEVER;
    double b[NIST_MAX_PARAMS];
    memcpy(b, d->start[start], (size_t)d->k * sizeof *b);
    hesse_lsq_result res;
    double t0 = now();
    hesse_lsq_solve(&p, b, &opt, &res);
    outcome o = {hesse_status_name(res.status), res.status == HESSE_SUCCESS, res.nfev, res.njev, now() - t0};
    char name[32];
    snprintf(name, sizeof name, "hesse-%s", hesse_lsq_method_name(m));
    row(d, start, name, &o, b);
}

/* Provided by OpenBLAS, which the program links. */
void openblas_set_num_threads(int num_threads);

int main(int argc, char **argv)
{
    if (!getenv("OPENBLAS_NUM_THREADS")) openblas_set_num_threads(1);
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--dataset")) only = argv[++i];
        else {
            fprintf(stderr, "usage: bench_lsq_peers [--dataset NAME]\n");
            return 2;
        }
    }
    char reason[1200];
    if (!nist_available(nist_data_dir(), reason, sizeof reason)) {
        fprintf(stderr, "bench_lsq_peers: skipped, the NIST StRD data are not available (%s)\n", reason);
        return 0;
    }
    if (lsq_peer_count() < 3)
        fprintf(stderr, "bench_lsq_peers: only %d of the 3 C peers were found at build time (make peers installs "
                        "libgsl-dev and libcminpack-dev)\n", lsq_peer_count());
    printf("dataset,start,solver,status,claimed,solved,min_lre,nfev,njev,seconds\n");
    for (int t = 0; t < nist_count(); t++) {
        if (only && strcmp(only, nist_name(t))) continue;
        nist_dataset *d = NULL;
        char msg[512];
        if (nist_load(nist_data_dir(), nist_name(t), &d, msg, sizeof msg) != HESSE_SUCCESS) {
            fprintf(stderr, "bench_lsq_peers: %s\n", msg);
            return 1;
        }
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < hesse_lsq_method_count(); i++) run_hesse(d, s, hesse_lsq_method_at(i));
            for (int i = 0; i < lsq_peer_count(); i++) {
                lsq_peer_run pr;
                if (lsq_peer_solve(i, d, s, &pr) != 0) continue;
                outcome o = {pr.status, pr.claimed, pr.nfev, pr.njev, pr.seconds};
                row(d, s, lsq_peer_name(i), &o, pr.b);
            }
            fflush(stdout);
        }
        nist_free(d);
    }
    return 0;
}
