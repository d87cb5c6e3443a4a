#!/usr/bin/python3
"""SciPy's BFGS and L-BFGS-B on the logistic regressions written by bench_logistic --write DIR.

Same objective as bench/logistic/logistic.c (scikit-learn's LogisticRegression with
C = 1: f(w) = sum_i log(1 + exp(-t_i a_i'w)) + 1/2 sum_{j>=1} w_j^2, intercept column 0
not penalized), same start w = 0, same stopping test ||grad||_inf <= 1e-8 max(1, |f|),
checked at every evaluated point as bench/peers/scipy_peers.py does (SciPy's own tests
are switched off). Iterations: SciPy's iteration callback count, plus one when the test
was met at a point evaluated after the last completed iteration. Evaluations: calls of
the function returning f and the gradient.

Usage: scipy_logistic.py DIR [NAME ...]   (CSV on stdout, the columns of bench_logistic)
"""
import math
import os
import sys

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import expit

GTOL = 1e-8
MAX_EVALS = 10000  # hesse's bfgs and lbfgs stop at max_iter = 1000 iterations before that


class Converged(Exception):
    pass


class Budget(Exception):
    pass


class Logistic:
    def __init__(self, path):
        with open(path) as fp:
            m, n = (int(v) for v in fp.readline().split())
            rows = np.loadtxt(fp, ndmin=2)
        assert rows.shape == (m, n + 1), f"{path}: expected {m} rows of {n + 1} numbers"
        self.t, self.a = rows[:, 0], rows[:, 1:]
        self.m, self.n = m, n
        self.evals = 0
        self.last = None

    def fg(self, w):
        if self.evals >= MAX_EVALS:
            raise Budget()
        self.evals += 1
        u = self.t * (self.a @ w)
        # log(1 + e^{-u}) without overflow, as softplus_neg in logistic.c
        f = np.sum(np.where(u > 0, np.log1p(np.exp(-np.abs(u))), -u + np.log1p(np.exp(-np.abs(u)))))
        f += 0.5 * np.dot(w[1:], w[1:])
        c = -self.t * expit(-u)  # -t sigma(-u)
        g = self.a.T @ c
        g[1:] += w[1:]
        self.last = (f, float(np.max(np.abs(g))))
        if self.last[1] <= GTOL * max(1.0, abs(f)):
            raise Converged()
        return f, g


def solve(path, method):
    prob = Logistic(path)
    iters = [0]
    evals_at_iter = [0]

    def callback(*_):
        iters[0] += 1
        evals_at_iter[0] = prob.evals

    opts = {"gtol": 0.0, "maxiter": 10**7}
    if method == "L-BFGS-B":
        opts.update({"ftol": 0.0, "maxcor": 10, "maxfun": 10**7})
    status = "STOPPED"
    try:
        res = minimize(prob.fg, np.zeros(prob.n), jac=True, method=method, options=opts,
                       callback=callback)
        status = f"STOPPED({res.message})" if isinstance(res.message, str) else "STOPPED"
    except Converged:
        status = "SUCCESS"
        if prob.evals > evals_at_iter[0]:
            iters[0] += 1
    except Budget:
        status = "MAX_EVALS"
    f, gnorm = prob.last if prob.last else (math.nan, math.nan)
    return prob, status.replace(",", ";"), iters[0], prob.evals, f, gnorm


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = sys.argv[1]
    names = sys.argv[2:] or sorted(p[:-4] for p in os.listdir(folder) if p.endswith(".txt"))
    print(f"scipy_logistic: SciPy {scipy.__version__}, NumPy {np.__version__}", file=sys.stderr)
    print("dataset,m,n,solver,status,iterations,evaluations,f,gnorm")
    for name in names:
        for label, method in (("scipy-bfgs", "BFGS"), ("scipy-lbfgsb", "L-BFGS-B")):
            prob, status, iters, evals, f, gnorm = solve(os.path.join(folder, name + ".txt"), method)
            print(f"{name},{prob.m},{prob.n},{label},{status},{iters},{evals},{f:.15g},{gnorm:.3e}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
