#!/usr/bin/env python3
"""Least-squares peers, Python side: the 27 NIST StRD datasets from both certified
starts through SciPy's least_squares (method 'lm', MINPACK underneath, and 'trf') and
curve_fit, through gnuplot's `fit` command and through `hesse fit` (the command-line
tool, from the same CSV file and typed model as gnuplot). The residuals, the exact
Jacobian and the accuracy rule are hesse's own (tests/support/nist.c, loaded with
ctypes from libhesse_nist.so): solved = every parameter to >= 4 significant digits of
the certified value (nist_min_lre >= 4); claimed = the solver reported convergence
(least_squares: status > 0; curve_fit: no exception; gnuplot: FIT_CONVERGED = 1;
hesse fit: exit status 0). Settings: each peer's defaults (least_squares ftol = xtol =
gtol = 1e-8; curve_fit its defaults; gnuplot FIT_LIMIT 1e-5, FIT_MAXITER 0).
CSV on stdout, the columns of bench_lsq_peers:
    dataset,start,solver,status,claimed,solved,min_lre,nfev,njev,seconds
Usage: lsq_scipy.py BUILD_DIR DATA_DIR [--dataset NAME]"""
import argparse
import ctypes as C
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import curve_fit, least_squares

MAXP = 9


class Dataset(C.Structure):
    _fields_ = [("name", C.c_char * 32), ("difficulty", C.c_char * 16), ("k", C.c_int), ("m", C.c_int),
                ("npred", C.c_int), ("pred_names", (C.c_char * 8) * 2), ("model_nist", C.c_char * 512),
                ("model", C.c_char * 512), ("response", C.c_char * 64), ("vars", C.c_char * 96),
                ("start", (C.c_double * MAXP) * 2), ("certified", C.c_double * MAXP),
                ("certified_sd", C.c_double * MAXP), ("ssr", C.c_double), ("residual_sd", C.c_double),
                ("dof", C.c_int), ("dof_stated", C.c_int), ("y", C.POINTER(C.c_double)),
                ("g_y", C.POINTER(C.c_double)), ("x", C.POINTER(C.c_double))]


NAMES = ["Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b", "Kirby2",
         "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "Roszman1", "ENSO",
         "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5"]


class Nist:
    def __init__(self, lib, data_dir, name):
        self.lib = lib
        self.ptr = C.POINTER(Dataset)()
        msg = C.create_string_buffer(512)
        if lib.nist_load(data_dir.encode(), name.encode(), C.byref(self.ptr), msg, 512) != 0:
            raise RuntimeError(msg.value.decode())
        d = self.ptr.contents
        self.d, self.k, self.m = d, d.k, d.m
        self.vp = C.cast(self.ptr, C.c_void_p)
        self.evals = [0, 0]

    def residuals(self, b, jac=False):
        b = np.ascontiguousarray(b, dtype=float)
        r = np.empty(self.m)
        J = np.empty((self.k, self.m)) if jac else None  # column-major m x k
        self.evals[1 if jac else 0] += 1
        rc = self.lib.nist_residuals(self.k, self.m, b.ctypes.data_as(C.POINTER(C.c_double)),
                                     r.ctypes.data_as(C.POINTER(C.c_double)),
                                     J.ctypes.data_as(C.POINTER(C.c_double)) if jac else None, self.vp)
        if rc != 0:
            r[:] = np.inf
            if jac:
                J[:] = np.inf
        return (r, J.T) if jac else r

    def lre(self, b):
        b = np.ascontiguousarray(b, dtype=float)
        return self.lib.nist_min_lre(self.vp, b.ctypes.data_as(C.POINTER(C.c_double)), None, None, 0)

    def free(self):
        self.lib.nist_free(self.vp)


def row(nist, start, solver, status, claimed, b, nfev, njev, seconds):
    lre = nist.lre(b) if b is not None and np.all(np.isfinite(b)) else 0.0
    print(f"{nist.d.name.decode()},{start + 1},{solver},{status},{int(bool(claimed))},{int(lre >= 4.0)},"
          f"{lre:.2f},{nfev},{njev},{seconds:.6f}", flush=True)


def run_least_squares(nist, start, method):
    nist.evals = [0, 0]
    x0 = np.array(nist.d.start[start][:nist.k])
    t0 = time.perf_counter()
    try:
        res = least_squares(lambda b: nist.residuals(b), x0, jac=lambda b: nist.residuals(b, True)[1],
                            method=method)
        b, status, claimed = res.x, f"status={res.status}", res.status > 0
    except Exception as e:  # a peer failing is a result
        b, status, claimed = None, type(e).__name__, False
    row(nist, start, f"scipy-{method}", status, claimed, b, nist.evals[0], nist.evals[1],
        time.perf_counter() - t0)


def run_curve_fit(nist, start):
    nist.evals = [0, 0]
    d = nist.d
    y = np.array(d.g_y[:nist.m])
    x0 = np.array(d.start[start][:nist.k])
    xdata = np.arange(nist.m, dtype=float)  # the model reads the data itself
    t0 = time.perf_counter()
    try:
        b, _ = curve_fit(lambda _x, *b: y - nist.residuals(np.array(b)), xdata, y, p0=x0,
                         jac=lambda _x, *b: -nist.residuals(np.array(b), True)[1])
        status, claimed = "converged", True
    except Exception as e:
        b, status, claimed = None, type(e).__name__, False
    row(nist, start, "scipy-curve_fit", status, claimed, b, nist.evals[0], nist.evals[1],
        time.perf_counter() - t0)


def write_csv(nist, path):
    d = nist.d
    names = [d.pred_names[c].value.decode() for c in range(d.npred)]
    with open(path, "w") as f:
        f.write(",".join(["y"] + names) + "\n")
        for i in range(nist.m):
            f.write(",".join(repr(float(v)) for v in [d.g_y[i]] + [d.x[i * d.npred + c] for c in range(d.npred)]))
            f.write("\n")
    return names


def gnuplot_model(model):
    """hesse's formula syntax to gnuplot's: ^ -> **, and every integer literal made a
    real number (gnuplot divides integers as integers: 1/2 = 0)."""
    out = re.sub(r"(?<![\w.])(\d+)(?![\w.])", r"\1.0", model)
    return out.replace("^", "**")


def run_gnuplot(nist, start, csv, names, work):
    d = nist.d
    params = [f"b{j + 1}" for j in range(nist.k)]
    script = os.path.join(work, "fit.gp")
    out = os.path.join(work, "fit.out")
    with open(script, "w") as f:
        f.write("set fit quiet\nset fit errorvariables\nset datafile separator ','\n")
        for j, p in enumerate(params):
            f.write(f"{p} = {d.start[start][j]!r}\n")
        f.write(f"set dummy {','.join(names)}\n")
        f.write(f"model({','.join(names)}) = {gnuplot_model(d.model.decode())}\n")
        using = ":".join(str(c + 2) for c in range(len(names))) + ":1"
        f.write(f"fit model({','.join(names)}) '{csv}' every ::1 using {using}"
                f"{'' if len(names) == 1 else ':(1)'} via {','.join(params)}\n")
        f.write(f"set print '{out}'\nprint FIT_CONVERGED\nprint FIT_NITER\n")
        for p in params:
            f.write(f"print {p}\n")
    t0 = time.perf_counter()
    # in the scratch directory: gnuplot writes its fit.log into the current one
    proc = subprocess.run(["gnuplot", script], capture_output=True, text=True, cwd=work)
    seconds = time.perf_counter() - t0
    try:
        vals = open(out).read().split()
        converged, niter = int(float(vals[0])), int(float(vals[1]))
        b = np.array([float(v) for v in vals[2:2 + nist.k]])
        status = "converged" if converged else "not converged"
    except Exception:
        b, converged, niter, status = None, 0, 0, "error"
    row(nist, start, "gnuplot-fit", status, converged, b, niter, niter, seconds)
    if os.path.exists(out):
        os.unlink(out)
    del proc


def run_hesse_cli(nist, start, csv, hesse):
    d = nist.d
    p0 = ",".join(f"b{j + 1}={d.start[start][j]!r}" for j in range(nist.k))
    t0 = time.perf_counter()
    proc = subprocess.run([hesse, "fit", d.model.decode(), "--data", csv, "--y", "y", "--p0", p0, "--format", "json"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    import json
    try:
        out = json.loads(proc.stdout)
        b = np.array([out["parameters"][f"b{j + 1}"] for j in range(nist.k)])
        row(nist, start, "hesse-fit-cli", out["status"], proc.returncode == 0, b, out["nfev"], out["njev"], seconds)
    except Exception:
        row(nist, start, "hesse-fit-cli", "error", False, None, 0, 0, seconds)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("data")
    ap.add_argument("--dataset")
    a = ap.parse_args()
    lib = C.CDLL(os.path.join(a.build, "libhesse_nist.so"))
    lib.nist_load.argtypes = [C.c_char_p, C.c_char_p, C.POINTER(C.POINTER(Dataset)), C.c_char_p, C.c_size_t]
    lib.nist_residuals.argtypes = [C.c_int, C.c_int, C.POINTER(C.c_double), C.POINTER(C.c_double),
                                   C.POINTER(C.c_double), C.c_void_p]
    lib.nist_min_lre.argtypes = [C.c_void_p, C.POINTER(C.c_double), C.c_void_p, C.c_char_p, C.c_size_t]
    lib.nist_min_lre.restype = C.c_double
    lib.nist_free.argtypes = [C.c_void_p]
    hesse = os.path.join(a.build, "hesse")
    have_gnuplot = subprocess.run(["sh", "-c", "command -v gnuplot"], capture_output=True).returncode == 0
    if not have_gnuplot:
        print("lsq_scipy.py: gnuplot not found: its fit is skipped", file=sys.stderr)
    print("dataset,start,solver,status,claimed,solved,min_lre,nfev,njev,seconds", flush=True)
    with tempfile.TemporaryDirectory() as work:
        for name in NAMES:
            if a.dataset and name != a.dataset:
                continue
            nist = Nist(lib, a.data, name)
            csv = os.path.join(work, name + ".csv")
            names = write_csv(nist, csv)
            for s in range(2):
                run_least_squares(nist, s, "lm")
                run_least_squares(nist, s, "trf")
                run_curve_fit(nist, s)
                if have_gnuplot:
                    run_gnuplot(nist, s, csv, names, work)
                run_hesse_cli(nist, s, csv, hesse)
            nist.free()


if __name__ == "__main__":
    main()
