#!/usr/bin/env python3
"""Peer comparison, SciPy side: hesse's test problems (called through libhesse's
registry with ctypes) minimized by scipy.optimize.minimize with BFGS, L-BFGS-B,
Newton-CG and trust-exact, with the stopping and "solved" rules of peers.c:
stop at the first evaluated point where ||g||_inf <= 1e-8 max(1, |f|), or after
max_evals objective evaluations; solved = that test met and |f - f*| <= 1e-6 max(1,|f*|)
where f* is known. Time: median of --repeat solves. CSV on stdout, the columns of
peers.c. Usage: scipy_peers.py LIBHESSE.so [--n N] [--family F] [--problems A,B]
[--repeat R] [--max-evals K]"""
import argparse
import ctypes as C
import math
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize

GTOL = 1e-8

OBJ = C.CFUNCTYPE(C.c_int, C.c_int, C.POINTER(C.c_double), C.POINTER(C.c_double),
                  C.POINTER(C.c_double), C.c_void_p)
HESS = C.CFUNCTYPE(C.c_int, C.c_int, C.POINTER(C.c_double), C.POINTER(C.c_double), C.c_void_p)
HESSVEC = C.CFUNCTYPE(C.c_int, C.c_int, C.POINTER(C.c_double), C.POINTER(C.c_double),
                      C.POINTER(C.c_double), C.c_void_p)


class Problem(C.Structure):
    _fields_ = [("n", C.c_int), ("objective", OBJ), ("hessian", C.c_void_p),
                ("hessvec", C.c_void_p), ("data", C.c_void_p)]


class Instance(C.Structure):
    _fields_ = [("def_", C.c_void_p), ("n", C.c_int), ("problem", Problem),
                ("x0", C.POINTER(C.c_double)), ("fstar", C.c_double),
                ("xstar", C.c_void_p), ("fstar_source", C.c_char_p)]


class Info(C.Structure):
    _fields_ = [("name", C.c_char_p), ("family", C.c_char_p), ("classification", C.c_char_p),
                ("sizes", C.c_char_p), ("source", C.c_char_p), ("default_n", C.c_int)]


class Converged(Exception):
    pass


class Budget(Exception):
    pass


class Wrapped:
    """f, gradient, Hessian and Hessian-vector products of one instance, counted."""

    def __init__(self, inst, max_evals):
        p = inst.problem
        self.n, self.p, self.max_evals = inst.n, p, max_evals
        self.hess_fn = HESS(p.hessian) if p.hessian else None
        self.hv_fn = HESSVEC(p.hessvec) if p.hessvec else None
        self.evals = 0
        self.best = None

    def fg(self, x):
        if self.evals >= self.max_evals:
            raise Budget()
        self.evals += 1
        x = np.ascontiguousarray(x, dtype=float)
        g = np.empty(self.n)
        f = C.c_double()
        rc = self.p.objective(self.n, x.ctypes.data_as(C.POINTER(C.c_double)), C.byref(f),
                              g.ctypes.data_as(C.POINTER(C.c_double)), self.p.data)
        if rc != 0 or not math.isfinite(f.value):
            return math.inf, np.zeros(self.n)
        if np.max(np.abs(g)) <= GTOL * max(1.0, abs(f.value)):
            self.best = (x.copy(), f.value, g)
            raise Converged()
        return f.value, g

    def hess(self, x):
        self.evals += 1
        x = np.ascontiguousarray(x, dtype=float)
        H = np.empty((self.n, self.n), order="F")
        self.hess_fn(self.n, x.ctypes.data_as(C.POINTER(C.c_double)),
                     H.ctypes.data_as(C.POINTER(C.c_double)), self.p.data)
        return H

    def hessp(self, x, v):
        self.evals += 1
        x = np.ascontiguousarray(x, dtype=float)
        v = np.ascontiguousarray(v, dtype=float)
        out = np.empty(self.n)
        self.hv_fn(self.n, x.ctypes.data_as(C.POINTER(C.c_double)),
                   v.ctypes.data_as(C.POINTER(C.c_double)),
                   out.ctypes.data_as(C.POINTER(C.c_double)), self.p.data)
        return out


SOLVERS = [  # name, family (hesse method compared with), scipy method, extra arguments
    ("scipy-bfgs", "bfgs", "BFGS", {}),
    ("scipy-lbfgsb", "lbfgs", "L-BFGS-B", {"options": {"maxcor": 10, "maxiter": 10**7, "maxfun": 10**7}}),
    ("scipy-newton-cg", "newton-cg", "Newton-CG", {}),
    ("scipy-trust-exact", "newton-tr", "trust-exact", {}),
]


def solve(inst, method, extra, max_evals):
    w = Wrapped(inst, max_evals)
    x0 = np.array([inst.x0[i] for i in range(inst.n)])
    kw = dict(extra)
    opts = dict(kw.pop("options", {}))
    if method in ("BFGS", "Newton-CG"):
        opts.setdefault("maxiter", 10**7)
    if method == "BFGS":
        opts["gtol"] = 0.0
    if method == "L-BFGS-B":
        opts["gtol"] = 0.0
        opts["ftol"] = 0.0
    if method == "Newton-CG":
        kw["hessp"] = w.hessp
        opts["xtol"] = 1e-300
    if method == "trust-exact":
        kw["hess"] = w.hess
        opts["gtol"] = 0.0
        opts.setdefault("maxiter", 10**7)
    t0 = time.perf_counter()
    status = "STOPPED"
    try:
        res = minimize(w.fg, x0, jac=True, method=method, options=opts, **kw)
        x = res.x
    except Converged:
        status, x = "SUCCESS", w.best[0]
    except Budget:
        status, x = "MAX_EVALS", None
    except Exception as e:  # a peer's own failure is a result, not a crash of the bench
        status, x = "ERROR", None
        print(f"scipy_peers: {method} raised {type(e).__name__}: {e}", file=sys.stderr)
    t = time.perf_counter() - t0
    evals = w.evals
    if w.best is not None:
        f, g = w.best[1], w.best[2]
    elif x is not None:
        w.max_evals = math.inf
        try:
            f, g = w.fg(x)
        except Converged:
            status, f, g = "SUCCESS", w.best[1], w.best[2]
    else:
        f, g = math.nan, np.array([math.nan])
    return status, f, float(np.max(np.abs(g))), evals, t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lib")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--family")
    ap.add_argument("--problems")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-evals", type=int, default=10000)
    a = ap.parse_args()
    lib = C.CDLL(a.lib)
    lib.hesse_testproblem_at.restype = C.c_void_p
    lib.hesse_testproblem_at.argtypes = [C.c_int]
    lib.hesse_testproblem_get_info.argtypes = [C.c_void_p, C.POINTER(Info)]
    lib.hesse_testproblem_size_near.argtypes = [C.c_void_p, C.c_int]
    lib.hesse_testinstance_create.argtypes = [C.c_void_p, C.c_int, C.POINTER(C.POINTER(Instance)),
                                              C.c_char_p, C.c_size_t]
    lib.hesse_testinstance_free.argtypes = [C.POINTER(Instance)]
    wanted = set(a.problems.split(",")) if a.problems else None
    print(f"scipy_peers: SciPy {scipy.__version__}", file=sys.stderr)
    print("problem,n,solver,family,status,f,fstar,gnorm,evals,seconds,solved")
    for i in range(lib.hesse_testproblem_count()):
        tp = lib.hesse_testproblem_at(i)
        info = Info()
        lib.hesse_testproblem_get_info(tp, C.byref(info))
        name, family = info.name.decode(), info.family.decode()
        if family == "seed" or (a.family and family != a.family) or (wanted and name not in wanted):
            continue
        ptr = C.POINTER(Instance)()
        if lib.hesse_testinstance_create(tp, lib.hesse_testproblem_size_near(tp, a.n), C.byref(ptr), None, 0):
            continue
        inst = ptr.contents
        for sname, fam, method, extra in SOLVERS:
            if method == "Newton-CG" and not inst.problem.hessvec:
                continue
            if method == "trust-exact" and not inst.problem.hessian:
                continue
            runs = [solve(inst, method, extra, a.max_evals) for _ in range(a.repeat)]
            status, f, gnorm, evals, _ = runs[-1]
            t = statistics.median(r[4] for r in runs)
            fstar = inst.fstar
            solved = status == "SUCCESS" and (math.isnan(fstar) or abs(f - fstar) <= 1e-6 * max(1.0, abs(fstar)))
            print(f"{name},{inst.n},{sname},{fam},{status},{f:.17g},{fstar:.17g},{gnorm:.3e},{evals},{t:.6e},{int(solved)}",
                  flush=True)
        lib.hesse_testinstance_free(ptr)


if __name__ == "__main__":
    main()
