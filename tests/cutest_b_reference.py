#!/usr/bin/env python3
"""Independent reference values for tests/test_cutest_b.c and tests/test_seed.c.

Each objective is typed in again from its SIF definition (plain Python floats and
math.fsum, no code shared with problems/cutest_b.c). Prints f(x0) at n = 100 for every
problem (VAREIGVL: N = 99 plus mu), next to OptimizationProblems.jl's value from
shared/reference/cutest_unc.csv when it has one, plus the other constants the tests use.
Run: python3 tests/cutest_b_reference.py
"""
import os
import math
from math import sin, cos, exp, fsum


def genhumps(x, zeta=20.0):
    return fsum((sin(zeta * x[i]) * sin(zeta * x[i + 1])) ** 2
                + 0.05 * (x[i] ** 2 + x[i + 1] ** 2) for i in range(len(x) - 1))


def genrose(x):
    return 1.0 + fsum(100 * (x[i] - x[i - 1] ** 2) ** 2 + (x[i] - 1) ** 2
                      for i in range(1, len(x)))


def liarwhd(x):
    return fsum(4 * (xi * xi - x[0]) ** 2 + (xi - 1) ** 2 for xi in x)


def morebv(x):
    n = len(x)
    h = 1.0 / (n + 1)
    xx = [0.0] + list(x) + [0.0]
    return fsum((2 * xx[i] - xx[i - 1] - xx[i + 1] + 0.5 * h * h * (xx[i] + i * h + 1) ** 3) ** 2
                for i in range(1, n + 1))


def noncvxu2(x):
    n = len(x)
    terms = []
    for i in range(1, n + 1):
        j = (3 * i - 2) % n + 1
        k = (7 * i - 3) % n + 1
        s = x[i - 1] + x[j - 1] + x[k - 1]
        terms.append(s * s + 4 * cos(s))
    return fsum(terms)


def nondia(x):
    return (x[0] - 1) ** 2 + fsum(100 * (x[0] - x[i - 1] ** 2) ** 2 for i in range(2, len(x) + 1))


def nondquar(x):
    n = len(x)
    return (fsum((x[i] + x[i + 1] + x[n - 1]) ** 4 for i in range(n - 2))
            + (x[0] - x[1]) ** 2 + (x[n - 2] - x[n - 1]) ** 2)


def penalty1(x):
    return 1e-5 * fsum((xi - 1) ** 2 for xi in x) + (fsum(xi * xi for xi in x) - 0.25) ** 2


def powellsg(x):
    terms = []
    for b in range(0, len(x), 4):
        a, bb, c, d = x[b:b + 4]
        terms += [(a + 10 * bb) ** 2, 5 * (c - d) ** 2, (bb - 2 * c) ** 4, 10 * (a - d) ** 4]
    return fsum(terms)


def power(x):
    return fsum((i + 1) * x[i] ** 2 for i in range(len(x))) ** 2


def quartc(x):
    return fsum((x[i] - (i + 1)) ** 4 for i in range(len(x)))


SIF_PI = 3.14159265


def schmvett(x):
    terms = []
    for i in range(len(x) - 2):
        a, b, c = x[i], x[i + 1], x[i + 2]
        terms.append(-1 / (1 + (a - b) ** 2) - sin(0.5 * (SIF_PI * b + c))
                     - exp(-((a + c) / b - 2) ** 2))
    return fsum(terms)


def sinquad(x):
    # middle groups have no group type in the SIF: they enter linearly
    n = len(x)
    return ((x[0] - 1) ** 4 + fsum(x[i] ** 2 - x[0] ** 2 + sin(x[i] - x[n - 1]) for i in range(1, n - 1))
            + (x[n - 1] ** 2 - x[0] ** 2) ** 2)


def sparsqur(x):
    n = len(x)
    terms = []
    for i in range(1, n + 1):
        idx = [i] + [(p * i - 1) % n + 1 for p in (2, 3, 5, 7, 11)]
        a = 0.5 * fsum(x[j - 1] ** 2 for j in idx)
        terms.append(0.5 * i * a * a)
    return fsum(terms)


def srosenbr(x):
    return fsum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(0, len(x), 2))


def tointgss(x):
    n = len(x)
    ap = 10.0 / (n - 2)
    return fsum((ap + x[i + 2] ** 2) * (2 - exp(-(x[i] - x[i + 1]) ** 2 / (0.1 + x[i + 2] ** 2)))
                for i in range(n - 2))


def tquartic(x):
    return (x[0] - 1) ** 2 + fsum((x[0] ** 2 - xi ** 2) ** 2 for xi in x[1:])


def tridia(x):
    return (x[0] - 1) ** 2 + fsum((i + 1) * (2 * x[i] - x[i - 1]) ** 2 for i in range(1, len(x)))


def vardim(x):
    n = len(x)
    s = fsum((i + 1) * x[i] for i in range(n)) - n * (n + 1) / 2
    return fsum((xi - 1) ** 2 for xi in x) + s ** 2 + s ** 4


def vareigvl(y, m=6):
    big_n = len(y) - 1
    x, mu = y[:big_n], y[big_n]
    res = []
    for i in range(1, big_n + 1):
        row = [sin(i * j) * exp(-(j - i) ** 2 / big_n ** 2) * x[j - 1]
               for j in range(max(1, i - m), min(big_n, i + m) + 1)]
        res.append(fsum(row) - mu * x[i - 1])
    s = fsum(v * v for v in x)
    return 0.5 * fsum(r * r for r in res) + s ** 1.5 / 1.5


def woods(x):
    terms = []
    for b in range(0, len(x), 4):
        w1, w2, w3, w4 = x[b:b + 4]
        terms += [100 * (w2 - w1 ** 2) ** 2, (1 - w1) ** 2, 90 * (w4 - w3 ** 2) ** 2,
                  (1 - w3) ** 2, 10 * (w2 + w4 - 2) ** 2, 0.1 * (w2 - w4) ** 2]
    return fsum(terms)


def alternate(n, a, b):
    return [a if i % 2 == 0 else b for i in range(n)]


def main():
    n = 100
    h = 1.0 / (n + 1)
    starts = {
        'GENHUMPS': (genhumps, [-506.0] + [-506.2] * (n - 1)),
        'GENROSE': (genrose, [(i + 1) / (n + 1) for i in range(n)]),
        'LIARWHD': (liarwhd, [4.0] * n),
        'MOREBV': (morebv, [(i * h) * (i * h - 1) for i in range(1, n + 1)]),
        'NONCVXU2': (noncvxu2, [float(i) for i in range(1, n + 1)]),
        'NONDIA': (nondia, [-1.0] * n),
        'NONDQUAR': (nondquar, alternate(n, 1.0, -1.0)),
        'PENALTY1': (penalty1, [float(i) for i in range(1, n + 1)]),
        'POWELLSG': (powellsg, [3.0, -1.0, 0.0, 1.0] * (n // 4)),
        'POWER': (power, [1.0] * n),
        'QUARTC': (quartc, [2.0] * n),
        'SCHMVETT': (schmvett, [0.5] * n),
        'SINQUAD': (sinquad, [0.1] * n),
        'SPARSQUR': (sparsqur, [0.5] * n),
        'SROSENBR': (srosenbr, alternate(n, -1.2, 1.0)),
        'TOINTGSS': (tointgss, [3.0] * n),
        'TQUARTIC': (tquartic, [0.1] * n),
        'TRIDIA': (tridia, [1.0] * n),
        'VARDIM': (vardim, [1 - (i + 1) / n for i in range(n)]),
        'VAREIGVL': (vareigvl, [1.0] * (n - 1) + [0.0]),
        'WOODS': (woods, alternate(n, -3.0, -1.0)),
    }
    opj = {}
    try:
        import csv
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'reference', 'cutest_unc.csv')) as fh:
            for row in csv.reader(line for line in fh if not line.startswith('#')):
                opj[row[0]] = row[10]
    except OSError:
        pass
    print('f(x0) at n = 100')
    for name, (fun, x0) in starts.items():
        print(f'  {name:9s} {fun(x0)!r:26s} OPJ {opj.get(name, "")}')

    s = 1.9
    for _ in range(60):
        s -= (s - 2 * sin(s)) / (1 - 2 * cos(s))
    print('NONCVXU2 min_s s^2 + 4 cos s =', repr(s * s + 4 * cos(s)), 'at s =', repr(s))
    print('TOINTGSS f(0), n = 10:', repr(tointgss([0.0] * 10)))
    for n in (10, 100):
        print(f'SCHMVETT f(pi/(P+1)), n = {n}:', repr(schmvett([math.pi / (SIF_PI + 1)] * n)))

    # seed: the saddle of x^3 + 3x^2 - 4xy + y^4 + 4y^2 (x = y^3 + 2y and
    # 3y (y^2 + 2)^2 + 6y^2 + 8 = 0), by Newton on y
    y = -0.6
    for _ in range(60):
        fy = 3 * y * (y * y + 2) ** 2 + 6 * y * y + 8
        dfy = 3 * (y * y + 2) ** 2 + 12 * y * y * (y * y + 2) + 12 * y
        y -= fy / dfy
    print('SEED_MINSADDLE saddle:', repr(y ** 3 + 2 * y), repr(y))


if __name__ == '__main__':
    main()
