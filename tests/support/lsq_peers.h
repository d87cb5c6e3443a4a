/*
 * lsq_peers.h — the least-squares peers on a NIST StRD dataset: GSL's
 * gsl_multifit_nlinear (Levenberg–Marquardt, and with geodesic acceleration) and
 * MINPACK's lmder (cminpack), from the dataset's residuals and exact Jacobian
 * (nist_residuals). Used by bench_lsq_peers and by the suite test_lsq, so that both
 * compare hesse with the same peer runs. A peer not found at build time is not listed.
 *
 * Settings: GSL gsl_multifit_nlinear_default_parameters() and its driver with xtol =
 * gtol = 1e-8, ftol = 0 (the GSL manual's example), at most 1000 iterations; MINPACK
 * lmder with ftol = xtol = sqrt(eps), gtol = 0 (lmder1's recommendation), maxfev =
 * 100(n+1) (lmder1's), mode 1, factor 100.
 */
#ifndef HESSE_TESTS_LSQ_PEERS_H
#define HESSE_TESTS_LSQ_PEERS_H

#include "nist.h"

typedef struct {
    char status[48]; /* the peer's own words ("SUCCESS", "info=1", ...) */
    int claimed;     /* the peer reported convergence (GSL_SUCCESS; lmder info 1-4) */
    long nfev, njev;
    double seconds;
    double b[NIST_MAX_PARAMS]; /* where it stopped */
} lsq_peer_run;

int lsq_peer_count(void);
const char *lsq_peer_name(int i); /* "gsl-lm", "gsl-lmaccel", "minpack-lmder" */
/* Run peer i on d from start (0 or 1). 0, or -1 when i is out of range or out of memory. */
int lsq_peer_solve(int i, nist_dataset *d, int start, lsq_peer_run *out);

#endif
