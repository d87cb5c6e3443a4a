#!/usr/bin/python3
"""Keeps docs/tutorial.md true (run by ctest as the test `tutorial`).

1. Every ```sh block of the tutorial is run, line by line (no shell: the line is split
   like a shell would and its first word, hesse, is the built command), and what it
   prints must be the ```text block that follows it. A block of several commands
   shows each output after a line "$ command". An expected line ending in
   "(varies)" matches any line that starts like it (times).
2. The numbers of every seed example are recomputed here, independently of hesse:
   Hessians, Jacobians, Taylor values and Laplacians from derivatives taken by hand
   and evaluated with NumPy, eigenvalues, minors and determinants with NumPy's
   LAPACK, roots with scipy.optimize.fsolve, constrained extrema with SciPy's SLSQP,
   minima with SciPy's BFGS; hesse's JSON output must agree.

Usage: check_tutorial.py HESSE TUTORIAL.md            check
       check_tutorial.py HESSE TUTORIAL.md --write    rewrite the ```text blocks from
                                                      what the commands print now
"""
import json
import math
import os
import shlex
import subprocess
import sys
import tempfile

import numpy as np
from scipy import optimize

HESSE, DOC = os.path.abspath(sys.argv[1]), sys.argv[2]
WRITE = "--write" in sys.argv[3:]
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1")
failures = []
checked = [0]


def run(args):
    with tempfile.TemporaryDirectory() as work:
        p = subprocess.run([HESSE] + args, cwd=work, env=ENV, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def command_output(line):
    words = shlex.split(line)
    assert words[0] == "hesse", line
    status, out, err = run(words[1:])
    if status != 0:
        out += "(exit status %d)\n%s" % (status, err)
    return out


# ---- 1. the tutorial's commands and outputs ------------------------------------------

def blocks(lines):
    """(index of the ```sh line, commands, index range of the following text block)."""
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```sh":
            j = i + 1
            cmds = []
            while lines[j].strip() != "```":
                if lines[j].strip():
                    cmds.append(lines[j].strip())
                j += 1
            k = j + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and lines[k].strip() == "```text":
                end = k + 1
                while lines[end].strip() != "```":
                    end += 1
                yield i, cmds, (k, end)
            else:
                yield i, cmds, None
            i = j + 1
        else:
            i += 1


def expected_for(cmds):
    out = []
    for c in cmds:
        if len(cmds) > 1:
            out.append("$ " + c + "\n")
        out.append(command_output(c))
    return "".join(out)


def matches(expected, actual):
    e, a = expected.splitlines(), actual.splitlines()
    if len(e) != len(a):
        return False
    for le, la in zip(e, a):
        if le.endswith("(varies)"):
            if not la.startswith(le[: -len("(varies)")].rstrip()):
                return False
        elif le != la:
            return False
    return True


def check_document():
    with open(DOC, encoding="utf-8") as f:
        lines = f.read().split("\n")
    found = list(blocks(lines))
    if not found:
        failures.append("no ```sh blocks in %s" % DOC)
    if WRITE:
        out = []
        last = 0
        for start, cmds, text in found:
            end_sh = start + 1 + next(i for i, l in enumerate(lines[start + 1:]) if l.strip() == "```")
            out.extend(lines[last:end_sh + 1])
            actual = expected_for(cmds).rstrip("\n").split("\n")
            if text:  # keep the (varies) lines
                old = lines[text[0] + 1: text[1]]
                actual = [o if o.endswith("(varies)") and a.startswith(o[:-8].rstrip()) else a
                          for o, a in zip(old, actual)] + actual[len(old):] if len(old) == len(actual) else actual
            out.extend(["", "```text"] + actual + ["```"])
            last = (text[1] + 1) if text else end_sh + 1
        out.extend(lines[last:])
        with open(DOC, "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        return
    for start, cmds, text in found:
        if not text:
            failures.append("line %d: the commands %s have no ```text block after them" % (start + 1, cmds))
            continue
        expected = "\n".join(lines[text[0] + 1: text[1]]) + "\n"
        actual = expected_for(cmds)
        if not matches(expected, actual):
            failures.append("line %d: %s\n--- the tutorial says:\n%s--- hesse prints:\n%s" %
                            (start + 1, " / ".join(cmds), expected, actual))


# ---- 2. the numbers, computed independently --------------------------------------------

def json_of(*args):
    status, out, err = run(list(args) + ["--format", "json"])
    if status != 0:
        failures.append("hesse %s: exit status %d: %s" % (" ".join(args), status, err))
        return None
    return json.loads(out, parse_constant=lambda c: failures.append("non-JSON constant " + c))


def close(what, got, want, rtol=1e-12, atol=1e-12):
    checked[0] += 1
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
        failures.append("%s: hesse %s, independent %s" % (what, got.tolist(), want.tolist()))


def leading_minors(H):
    return [np.linalg.det(H[:k, :k]) for k in range(1, len(H) + 1)]


def check_numbers():
    # Hessians of the seed's examples, from second derivatives taken by hand
    seed = [
        ("x^3+3*x^2-4*x*y+y^4+4*y^2", [1, 0], lambda x, y: [[6 * x + 6, -4], [-4, 12 * y * y + 8]]),
        ("x^2*y+x*y^2", [1, 1], lambda x, y: [[2 * y, 2 * x + 2 * y], [2 * x + 2 * y, 2 * x]]),
        ("x^y", [1, 1], lambda x, y: [[y * (y - 1) * x ** (y - 2), x ** (y - 1) * (1 + y * math.log(x))],
                                      [x ** (y - 1) * (1 + y * math.log(x)), x ** y * math.log(x) ** 2]]),
        ("x^2+2*x*y-y^2+4*x-4*y", [0, -2], lambda x, y: [[2, 2], [2, -2]]),
    ]
    for text, p, hand in seed:
        r = json_of("hessian", text, "--at", ",".join(map(str, p)))
        if not r:
            continue
        H = np.array(hand(*p), dtype=float)
        close("Hessian of %s at %s" % (text, p), r["hessian"], H)
        close("eigenvalues of %s at %s" % (text, p), r["eigenvalues"], np.linalg.eigvalsh(H))
        close("leading minors of %s at %s" % (text, p), r["minors"], leading_minors(H))
        close("Laplacian of %s at %s" % (text, p), r["laplacian"], np.trace(H))
    x, y, z = 0.0, 1.0, math.pi
    H3 = np.array([[math.exp(-x) * math.sin(y * z), -z * math.exp(-x) * math.cos(y * z), -y * math.exp(-x) * math.cos(y * z)],
                   [-z * math.exp(-x) * math.cos(y * z), -z * z * math.exp(-x) * math.sin(y * z),
                    math.exp(-x) * (math.cos(y * z) - y * z * math.sin(y * z))],
                   [-y * math.exp(-x) * math.cos(y * z), math.exp(-x) * (math.cos(y * z) - y * z * math.sin(y * z)),
                    -y * y * math.exp(-x) * math.sin(y * z)]])
    r = json_of("hessian", "exp(-x)*sin(y*z)", "--at", "0,1,pi")
    if r:
        close("Hessian of exp(-x)*sin(y*z) at (0, 1, pi)", r["hessian"], H3, atol=1e-14)
    r = json_of("gradient", "exp(-x)*sin(y*z)", "--at", "0,1,pi")
    if r:
        close("gradient of exp(-x)*sin(y*z)", r["gradient"],
              [-math.sin(y * z), z * math.cos(y * z), y * math.cos(y * z)], atol=1e-15)
    # the saddle of the relative-extrema example: 2x + 2y + 4 = 0, 2x - 2y - 4 = 0
    r = json_of("critical", "x^2+2*x*y-y^2+4*x-4*y", "--box", "-5,5", "--starts", "16")
    if r:
        pts = r["points"]
        close("critical points of the relative-extrema example", [p["x"] for p in pts],
              [np.linalg.solve([[2, 2], [2, -2]], [-4, 4])], atol=1e-15)
        if pts and pts[0]["kind"] != "saddle":
            failures.append("(0, -2) is %s, not a saddle" % pts[0]["kind"])
    # convexity: x^2 + xy + y^2 has the Hessian [[2, 1], [1, 2]] everywhere
    r = json_of("convexity", "x^2+x*y+y^2", "--box", "-1,1", "--samples", "16")
    if r and (np.linalg.eigvalsh([[2, 1], [1, 2]]).min() > 0) != (r["verdict"] == "strictly convex"):
        failures.append("convexity of x^2+x*y+y^2: %s" % r["verdict"])
    # Taylor: f, gradient and Hessian by hand at (1, 0), the polynomial at Q
    f = lambda x, y: x ** 3 + 3 * x ** 2 - 4 * x * y + y ** 4 + 4 * y ** 2
    a, q = np.array([1.0, 0.0]), np.array([1.1, 0.1])
    g = np.array([3 * a[0] ** 2 + 6 * a[0] - 4 * a[1], -4 * a[0] + 4 * a[1] ** 3 + 8 * a[1]])
    H = np.array([[6 * a[0] + 6, -4], [-4, 12 * a[1] ** 2 + 8]])
    h = q - a
    t2 = f(*a) + g @ h + 0.5 * h @ H @ h
    r = json_of("taylor", "x^3+3*x^2-4*x*y+y^4+4*y^2", "--at", "1,0", "--eval", "1.1,0.1")
    if r:
        close("T2(Q)", r["model"], t2, rtol=1e-14)
        close("f(Q)", r["actual"], f(*q), rtol=1e-14)
        close("f(Q) - T2(Q)", r["error"], f(*q) - t2, rtol=1e-9, atol=1e-15)
    r = json_of("taylor", "exp(x)", "--at", "0", "--order", "1", "--eval", "0.1")
    if r:
        close("T1(0.1) of exp", r["model"], 1.1, rtol=1e-15)
        close("exp(0.1) - T1(0.1)", r["error"], math.exp(0.1) - 1.1, rtol=1e-12)
    r = json_of("laplacian", "x^3+3*x^2-4*x*y+y^4+4*y^2", "--at", "1,0")
    if r:
        close("Laplacian at (1, 0)", r["laplacian"], np.trace(H))
    # Jacobians and determinants
    rr, t = 2.0, 0.5
    J = np.array([[math.cos(t), -rr * math.sin(t)], [math.sin(t), rr * math.cos(t)]])
    r = json_of("jacobian", "r*cos(t), r*sin(t)", "--vars", "r,t", "--at", "2,0.5")
    if r:
        close("Jacobian of the polar map", r["jacobian"], J, rtol=1e-15)
        close("det J of the polar map", r["det"], np.linalg.det(J), rtol=1e-14)
        close("det J = r", r["det"], rr, rtol=1e-14)
        if r.get("det_formula") != "r":
            failures.append("det J of the polar map as a formula: %s" % r.get("det_formula"))
    r = json_of("jacobian", "3*x^2+6*x-4*y, -4*x+4*y^3+8*y", "--at", "1,0")
    if r:
        close("Jacobian of the gradient = Hessian", r["jacobian"], H)
    for text, at, want in (("y, x", "1,2", -1.0), ("x^2, y", "0,1", 0.0)):
        r = json_of("jacobian", text, "--at", at)
        if r:
            close("det J of %s" % text, r["det"], want)
    # Newton's method for equations, against SciPy's fsolve (MINPACK hybrd)
    F = lambda v: [v[0] ** 2 + v[1] ** 2 - 4, v[0] - v[1]]
    root = optimize.fsolve(F, [1.0, 1.0])
    for method in ("newton", "broyden"):
        r = json_of("roots", "x^2+y^2-4, x-y", "--x0", "1,1", "--method", method)
        if r:
            close("root by %s, against fsolve" % method, r["x"], root, rtol=1e-7)
            # by hand: x = y, 2x^2 = 4; ||F|| <= 1e-10 leaves x within 1e-10 / |J| of it
            close("root by %s, against sqrt(2)" % method, r["x"], [math.sqrt(2)] * 2, rtol=1e-10)
    # constrained extrema, against SciPy's SLSQP (maxima as minima of -f)
    cases = [
        ("x*y", ["x+y-10"], -1, lambda v: v[0] * v[1], [lambda v: v[0] + v[1] - 10], [1, 1], "maximum", []),
        ("x^2+y^2", ["x+y-1"], 1, lambda v: v[0] ** 2 + v[1] ** 2, [lambda v: v[0] + v[1] - 1], [0, 0], "minimum", []),
        ("x^2+y^2+z^2", ["x+y+z-1", "x-y"], 1, lambda v: v @ v,
         [lambda v: v.sum() - 1, lambda v: v[0] - v[1]], [0, 0, 0], "minimum", ["--x0", "0,0,0"]),
        ("x*y*z", ["x+y+z-3"], -1, lambda v: v.prod(), [lambda v: v.sum() - 3], [0.5, 0.8, 1.2], "maximum",
         ["--box", "0,3", "--starts", "32"]),
    ]
    for text, cons, sense, fn, gs, start, kind, extra in cases:
        s = optimize.minimize(lambda v: sense * fn(v), np.array(start, dtype=float), method="SLSQP",
                              constraints=[{"type": "eq", "fun": g} for g in gs], options={"ftol": 1e-14})
        args = ["lagrange", text]
        for c in cons:
            args += ["--subject-to", c]
        r = json_of(*(args + extra))
        if not r:
            continue
        best = [p for p in r["points"] if p["verdict"] == kind]
        if len(best) != 1:
            failures.append("%s subject to %s: %d points of kind %s" % (text, cons, len(best), kind))
            continue
        close("%s of %s subject to %s" % (kind, text, cons), best[0]["x"], s.x, rtol=1e-6, atol=1e-7)
        close("f at the %s of %s" % (kind, text), best[0]["f"], fn(s.x), rtol=1e-10)
    r = json_of("minimize", "x^2+y^2", "--subject-to", "x+y-1", "--x0", "0,0")
    if r:
        close("minimize x^2+y^2 subject to x+y = 1", r["x"], [0.5, 0.5])
    # minimization of Rosenbrock's function, against SciPy's BFGS
    rosen = optimize.minimize(optimize.rosen, [-1.2, 1.0], jac=optimize.rosen_der, method="BFGS",
                              options={"gtol": 1e-10})
    for method in ("newton", "bfgs"):
        r = json_of("minimize", "100*(y-x^2)^2+(1-x)^2", "--x0", "-1.2,1", "--method", method)
        if r:
            close("Rosenbrock by %s" % method, r["x"], rosen.x, rtol=1e-6)
            if r["x0"] != [-1.2, 1]:
                failures.append("Rosenbrock's start is %s, not (x, y) = (-1.2, 1)" % r["x0"])


check_document()
if not WRITE:
    check_numbers()
for f in failures:
    print("FAIL:", f)
print("%s: %d comparisons with independent computations; %s" %
      (DOC, checked[0], "%d failure(s)" % len(failures) if failures else "outputs and numbers agree"))
sys.exit(1 if failures else 0)
