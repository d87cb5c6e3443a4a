#!/usr/bin/python3
"""Independent reference values for the CUTEst family of hesse's problem registry.

Each objective is typed in again from its SIF definition, the copies of the CUTEst SIF
files in the S2MPJ repository (GrattonToint/S2MPJ, sif/NAME.SIF) and, for SROSENBR and
BROYDN7D, in ralna/SIF; CHAINWOO and DQDRTIC, which neither holds, follow the AMPL
models quoted by sif2jax (shared/reference/cutest_unc_notes.txt). Plain Python floats,
math.fsum for every sum, and no code shared with problems/cutest_*.c: the gradient comes
from forward-mode automatic differentiation of the typed objective (class Dual below),
not from hand-written derivatives.

Writes tests/cutest_reference.csv: f(x0), ||g(x0)||_2 and ||g(x0)||_inf of every problem
at two sizes (near 100 and near 10), and, where shared/reference/cutest_unc.csv has
OptimizationProblems.jl's f(x0) ("OPJ", at n = 100, DIXMAAN at 99), whether that value
agrees with the SIF's (opj_same = 1: to 1e-12 relative), so that tests may compare hesse
with OPJ there. Also prints the constants tests/test_cutest_b.c and tests/test_seed.c
quote.

Run: /usr/bin/python3 tests/cutest_reference.py
"""
import csv
import math
import os


class Dual:
    """A value and its gradient, a dict {variable index: partial derivative}."""

    __slots__ = ('v', 'd')

    def __init__(self, v, d=None):
        self.v = v
        self.d = d if d is not None else {}

    @staticmethod
    def lift(a):
        return a if isinstance(a, Dual) else Dual(float(a))

    def combine(self, other, ca, cb):
        """ca * d(self) + cb * d(other)."""
        d = {k: ca * g for k, g in self.d.items()}
        for k, g in other.d.items():
            d[k] = d.get(k, 0.0) + cb * g
        return d

    def __add__(self, o):
        o = Dual.lift(o)
        return Dual(self.v + o.v, self.combine(o, 1.0, 1.0))

    __radd__ = __add__

    def __sub__(self, o):
        o = Dual.lift(o)
        return Dual(self.v - o.v, self.combine(o, 1.0, -1.0))

    def __rsub__(self, o):
        return Dual.lift(o) - self

    def __neg__(self):
        return Dual(-self.v, {k: -g for k, g in self.d.items()})

    def __mul__(self, o):
        o = Dual.lift(o)
        return Dual(self.v * o.v, self.combine(o, o.v, self.v))

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = Dual.lift(o)
        return Dual(self.v / o.v, self.combine(o, 1.0 / o.v, -self.v / (o.v * o.v)))

    def __rtruediv__(self, o):
        return Dual.lift(o) / self

    def __pow__(self, p):
        if p == 0:
            return Dual(1.0)
        return Dual(self.v ** p, {k: p * self.v ** (p - 1) * g for k, g in self.d.items()})

    def chain(self, value, slope):
        return Dual(value, {k: slope * g for k, g in self.d.items()})


def unary(f, df):
    def apply(a):
        return a.chain(f(a.v), df(a.v)) if isinstance(a, Dual) else f(a)
    return apply


sin = unary(math.sin, math.cos)
cos = unary(math.cos, lambda v: -math.sin(v))
exp = unary(math.exp, math.exp)
tan = unary(math.tan, lambda v: 1.0 / math.cos(v) ** 2)
fabs = unary(abs, lambda v: math.copysign(1.0, v) if v != 0.0 else 0.0)


def fsum(terms):
    """Sum of floats or Duals, each component summed exactly rounded (math.fsum)."""
    terms = list(terms)
    if not any(isinstance(t, Dual) for t in terms):
        return math.fsum(terms)
    terms = [Dual.lift(t) for t in terms]
    parts = {}
    for t in terms:
        for k, g in t.d.items():
            parts.setdefault(k, []).append(g)
    return Dual(math.fsum(t.v for t in terms), {k: math.fsum(g) for k, g in parts.items()})


# ---- the objectives, 1-based comments as in the SIF files ----------------------------

def arwhead(x):
    n = len(x)
    return fsum((x[i] ** 2 + x[n - 1] ** 2) ** 2 - 4 * x[i] + 3 for i in range(n - 1))


def bdqrtic(x):
    n = len(x)
    return fsum((-4 * x[i] + 3) ** 2
                + (x[i] ** 2 + 2 * x[i + 1] ** 2 + 3 * x[i + 2] ** 2 + 4 * x[i + 3] ** 2
                   + 5 * x[n - 1] ** 2) ** 2 for i in range(n - 4))


def broydn7d(x):
    n = len(x)
    terms = []
    for i in range(n):   # E(i) = (3 - 2x_i) x_i - x_{i-1} - 2 x_{i+1} + 1, group |.|^(7/3)
        e = (3 - 2 * x[i]) * x[i] + 1
        if i > 0:
            e = e - x[i - 1]
        if i < n - 1:
            e = e - 2 * x[i + 1]
        terms.append(fabs(e) ** (7.0 / 3.0))
    half = n // 2
    terms += [fabs(x[i] + x[i + half]) ** (7.0 / 3.0) for i in range(half)]
    return fsum(terms)


def brybnd(x):
    # rows 1..5 and n-1..n: squares E and a cube Q(i); middle rows: cubes Q(j) for
    # j = i-5..i-1, 5 E(i), square E(i+1) (kappa1 = 2, kappa2 = 5, kappa3 = 1)
    n = len(x)
    terms = []
    for i in range(1, n + 1):
        corner = i <= 5 or i >= n - 1
        g = 2 * x[i - 1] + 5 * (x[i - 1] ** 3 if corner else x[i - 1] ** 2)
        for j in range(max(1, i - 5), i):
            g = g - x[j - 1] - (x[j - 1] ** 2 if corner else x[j - 1] ** 3)
        if i < n:
            g = g - x[i] - x[i] ** 2
        terms.append(g ** 2)
    return fsum(terms)


def chainwoo(x):
    ns = (len(x) - 2) // 2
    terms = [1.0]
    for i in range(1, ns + 1):
        a, b, c, d = x[2 * i - 2], x[2 * i - 1], x[2 * i], x[2 * i + 1]
        terms += [100 * (b - a ** 2) ** 2, (1 - a) ** 2, 90 * (d - c ** 2) ** 2, (1 - c) ** 2,
                  10 * (b + d - 2) ** 2, (b - d) ** 2 / 10]
    return fsum(terms)


def cosine(x):
    return fsum(cos(x[i] ** 2 - 0.5 * x[i + 1]) for i in range(len(x) - 1))


def cragglvy(x):
    m = (len(x) - 2) // 2
    terms = []
    for i in range(1, m + 1):
        a, b, c, d = x[2 * i - 2], x[2 * i - 1], x[2 * i], x[2 * i + 1]
        terms += [(exp(a) - b) ** 4, (b - c) ** 6 / 0.01, (tan(c - d) + c - d) ** 4, a ** 8,
                  (d - 1) ** 2]
    return fsum(terms)


def curly10(x):
    n = len(x)
    terms = []
    for i in range(n):
        q = fsum(x[i:min(i + 11, n)])
        terms.append(q * (q * (q ** 2 - 20) - 0.1))
    return fsum(terms)


DIXMAAN = {  # alpha, beta, gamma, delta, k1, k2, k3, k4
    'A': (1.0, 0.0, 0.125, 0.125, 0, 0, 0, 0), 'B': (1.0, 0.0625, 0.0625, 0.0625, 0, 0, 0, 0),
    'C': (1.0, 0.125, 0.125, 0.125, 0, 0, 0, 0), 'D': (1.0, 0.26, 0.26, 0.26, 0, 0, 0, 0),
    'E': (1.0, 0.0, 0.125, 0.125, 1, 0, 0, 1), 'F': (1.0, 0.0625, 0.0625, 0.0625, 1, 0, 0, 1),
    'G': (1.0, 0.125, 0.125, 0.125, 1, 0, 0, 1), 'H': (1.0, 0.26, 0.26, 0.26, 1, 0, 0, 1),
    'I': (1.0, 0.0, 0.125, 0.125, 2, 0, 0, 2), 'J': (1.0, 0.0625, 0.0625, 0.0625, 2, 0, 0, 2),
    'K': (1.0, 0.125, 0.125, 0.125, 2, 0, 0, 2), 'L': (1.0, 0.26, 0.26, 0.26, 2, 0, 0, 2),
}


def dixmaan(letter):
    alpha, beta, gamma, delta, k1, k2, k3, k4 = DIXMAAN[letter]

    def f(x):
        n = len(x)
        m = n // 3
        t = [(i + 1) / n for i in range(n)]
        terms = [1.0]
        terms += [alpha * t[i] ** k1 * x[i] ** 2 for i in range(n)]
        terms += [beta * t[i] ** k2 * x[i] ** 2 * (x[i + 1] + x[i + 1] ** 2) ** 2
                  for i in range(n - 1)]
        terms += [gamma * t[i] ** k3 * x[i] ** 2 * x[i + m] ** 4 for i in range(2 * m)]
        terms += [delta * t[i] ** k4 * x[i] * x[i + 2 * m] for i in range(m)]
        return fsum(terms)
    return f


def dqdrtic(x):
    return fsum(x[i] ** 2 + 100 * x[i + 1] ** 2 + 100 * x[i + 2] ** 2 for i in range(len(x) - 2))


def dqrtic(x):
    return fsum((x[i] - (i + 1)) ** 4 for i in range(len(x)))


def edensch(x):
    # A(n) = (0 x_n - 2)^4 = 16
    n = len(x)
    return fsum([16.0] + [(x[i] - 2) ** 4 + (x[i] * x[i + 1] - 2 * x[i + 1]) ** 2
                          + (x[i + 1] + 1) ** 2 for i in range(n - 1)])


def eg2(x):
    n = len(x)
    return fsum([sin(x[0] + x[i] ** 2 - 1) for i in range(n - 1)] + [0.5 * sin(x[n - 1] ** 2)])


def engval1(x):
    return fsum((x[i] ** 2 + x[i + 1] ** 2) ** 2 - 4 * x[i] + 3 for i in range(len(x) - 1))


def extrosnb(x):
    return fsum([(x[0] - 1) ** 2] + [100 * (x[i] - x[i - 1] ** 2) ** 2 for i in range(1, len(x))])


def fletchcr(x):
    # SQ1(i) = (x_{i+1} - x_i^2) with scale 0.01, SQ2(i) = 1 - x_i
    return fsum((x[i + 1] - x[i] ** 2) ** 2 / 0.01 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def freuroth(x):
    terms = []
    for i in range(len(x) - 1):
        a, b = x[i], x[i + 1]
        terms += [(a - 2 * b - 13 + (5 - b) * b ** 2) ** 2, (a - 14 * b - 29 + (1 + b) * b ** 2) ** 2]
    return fsum(terms)


def genhumps(x, zeta=20.0):
    return fsum((sin(zeta * x[i]) * sin(zeta * x[i + 1])) ** 2
                + 0.05 * (x[i] ** 2 + x[i + 1] ** 2) for i in range(len(x) - 1))


def genrose(x):
    return fsum([1.0] + [100 * (x[i] - x[i - 1] ** 2) ** 2 + (x[i] - 1) ** 2
                         for i in range(1, len(x))])


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
    # SQ(i), i = 2..n, holds element ELA(i) of variable X(i-1): x_1 itself in SQ(2)
    return fsum([(x[0] - 1) ** 2] + [100 * (x[0] - x[i - 2] ** 2) ** 2 for i in range(2, len(x) + 1)])


def nondquar(x):
    n = len(x)
    return fsum([(x[i] + x[i + 1] + x[n - 1]) ** 4 for i in range(n - 2)]
                + [(x[0] - x[1]) ** 2, (x[n - 2] - x[n - 1]) ** 2])


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
    return fsum([(x[0] - 1) ** 4] + [x[i] ** 2 - x[0] ** 2 + sin(x[i] - x[n - 1])
                                     for i in range(1, n - 1)] + [(x[n - 1] ** 2 - x[0] ** 2) ** 2])


def sparsqur(x):
    n = len(x)
    terms = []
    for i in range(1, n + 1):
        idx = [i] + [(p * i - 1) % n + 1 for p in (2, 3, 5, 7, 11)]
        a = 0.5 * fsum(x[j - 1] ** 2 for j in idx)
        terms.append(0.5 * i * a * a)
    return fsum(terms)


def srosenbr(x):
    # GA(i) = x_{2i} - x_{2i-1}^2 with scale 1/100, GB(i) = x_{2i-1} - 1
    return fsum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(0, len(x), 2))


def tointgss(x):
    n = len(x)
    ap = 10.0 / (n - 2)
    return fsum((ap + x[i + 2] ** 2) * (2 - exp(-(x[i] - x[i + 1]) ** 2 / (0.1 + x[i + 2] ** 2)))
                for i in range(n - 2))


def tquartic(x):
    return fsum([(x[0] - 1) ** 2] + [(x[0] ** 2 - xi ** 2) ** 2 for xi in x[1:]])


def tridia(x):
    return fsum([(x[0] - 1) ** 2] + [(i + 1) * (2 * x[i] - x[i - 1]) ** 2 for i in range(1, len(x))])


def vardim(x):
    n = len(x)
    s = fsum((i + 1) * x[i] for i in range(n)) - n * (n + 1) / 2
    return fsum((xi - 1) ** 2 for xi in x) + s ** 2 + s ** 4


def vareigvl(y, m=6):
    big_n = len(y) - 1
    x, mu = y[:big_n], y[big_n]
    res = []
    for i in range(1, big_n + 1):
        row = [math.sin(i * j) * math.exp(-(j - i) ** 2 / big_n ** 2) * x[j - 1]
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


# ---- starting points (the SIF START POINT sections) and sizes ------------------------

def alternate(n, a, b):
    return [a if i % 2 == 0 else b for i in range(n)]


def const(c):
    return lambda n: [c] * n


def sif_start(values, rest):
    return lambda n: list(values) + [rest] * (n - len(values))


# name: (objective, start(n), sizes): sizes near 10 and near 100, valid for the problem
PROBLEMS = {
    'ARWHEAD': (arwhead, const(1.0), (10, 100)),
    'BDQRTIC': (bdqrtic, const(1.0), (10, 100)),
    'BROYDN7D': (broydn7d, const(1.0), (10, 100)),
    'BRYBND': (brybnd, const(1.0), (10, 100)),
    'CHAINWOO': (chainwoo, sif_start([-3.0, -1.0, -3.0, -1.0], -2.0), (10, 100)),
    'COSINE': (cosine, const(1.0), (10, 100)),
    'CRAGGLVY': (cragglvy, sif_start([1.0], 2.0), (10, 100)),
    'CURLY10': (curly10, lambda n: [1e-4 * (i + 1) / (n + 1) for i in range(n)], (12, 100)),
    'DQDRTIC': (dqdrtic, const(3.0), (10, 100)),
    'DQRTIC': (dqrtic, const(2.0), (10, 100)),
    'EDENSCH': (edensch, const(8.0), (10, 100)),
    'EG2': (eg2, const(0.0), (10, 100)),
    'ENGVAL1': (engval1, const(2.0), (10, 100)),
    'EXTROSNB': (extrosnb, const(-1.0), (10, 100)),
    'FLETCHCR': (fletchcr, const(0.0), (10, 100)),
    'FREUROTH': (freuroth, sif_start([0.5, -2.0], 0.0), (10, 100)),
    'GENHUMPS': (genhumps, sif_start([-506.0], -506.2), (10, 100)),
    'GENROSE': (genrose, lambda n: [(i + 1) / (n + 1) for i in range(n)], (10, 100)),
    'LIARWHD': (liarwhd, const(4.0), (10, 100)),
    'MOREBV': (morebv, lambda n: [(i / (n + 1)) * (i / (n + 1) - 1) for i in range(1, n + 1)],
               (10, 100)),
    'NONCVXU2': (noncvxu2, lambda n: [float(i) for i in range(1, n + 1)], (10, 100)),
    'NONDIA': (nondia, const(-1.0), (10, 100)),
    'NONDQUAR': (nondquar, lambda n: alternate(n, 1.0, -1.0), (10, 100)),
    'PENALTY1': (penalty1, lambda n: [float(i) for i in range(1, n + 1)], (10, 100)),
    'POWELLSG': (powellsg, lambda n: [3.0, -1.0, 0.0, 1.0] * (n // 4), (12, 100)),
    'POWER': (power, const(1.0), (10, 100)),
    'QUARTC': (quartc, const(2.0), (10, 100)),
    'SCHMVETT': (schmvett, const(0.5), (10, 100)),
    'SINQUAD': (sinquad, const(0.1), (10, 100)),
    'SPARSQUR': (sparsqur, const(0.5), (10, 100)),
    'SROSENBR': (srosenbr, lambda n: alternate(n, 1.2, 1.0), (10, 100)),
    'SROSENBR2': (srosenbr, lambda n: alternate(n, -1.2, 1.0), (10, 100)),
    'TOINTGSS': (tointgss, const(3.0), (10, 100)),
    'TQUARTIC': (tquartic, const(0.1), (10, 100)),
    'TRIDIA': (tridia, const(1.0), (10, 100)),
    'VARDIM': (vardim, lambda n: [1 - (i + 1) / n for i in range(n)], (10, 100)),
    'VAREIGVL': (vareigvl, lambda n: [1.0] * (n - 1) + [0.0], (20, 100)),
    'WOODS': (woods, lambda n: alternate(n, -3.0, -1.0), (12, 100)),
}
for letter in DIXMAAN:
    PROBLEMS['DIXMAAN' + letter] = (dixmaan(letter), const(2.0), (12, 99))


# OPJ's srosenbr starts at (-1.2, 1, ...): the SIF's second start, SROSENBR2
OPJ_ROW = {'SROSENBR2': 'SROSENBR'}


def at_start(fun, x0):
    """f, ||g||_2, ||g||_inf at x0, g by forward-mode differentiation of fun."""
    value = fun([Dual(v, {i: 1.0}) for i, v in enumerate(x0)])
    g = [value.d.get(i, 0.0) for i in range(len(x0))]
    return value.v, math.sqrt(math.fsum(gi * gi for gi in g)), max(abs(gi) for gi in g)


def opj_values():
    """OPJ's f(x0) by problem name, from shared/reference/cutest_unc.csv if present."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared',
                        'reference', 'cutest_unc.csv')
    values = {}
    try:
        with open(path) as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith('#')):
                text = row['OPJ_best_known_upper_bound(=f(x0) of OPJ variant in most cases)']
                if text:
                    values[row['name']] = float(text)
    except OSError:
        print('note: shared/reference/cutest_unc.csv not found, opj_row left empty')
    return values


def main():
    opj = opj_values()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cutest_reference.csv')
    with open(out, 'w', newline='') as fh:
        fh.write('# written by tests/cutest_reference.py from the SIF definitions; '
                 'read by tests/test_problem_reference.c\n')
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['problem', 'n', 'f_x0', 'gnorm2_x0', 'gnorm_inf_x0', 'opj_row'])
        for name in sorted(PROBLEMS):
            fun, start, sizes = PROBLEMS[name]
            for n in sizes:
                f, g2, ginf = at_start(fun, start(n))
                row = OPJ_ROW.get(name, name)
                same = n == sizes[1] and row in opj and abs(f - opj[row]) <= 1e-12 * abs(opj[row])
                w.writerow([name, n, repr(f), repr(g2), repr(ginf), row if same else ''])
    print('wrote', out)

    s = 1.9
    for _ in range(60):
        s -= (s - 2 * math.sin(s)) / (1 - 2 * math.cos(s))
    print('NONCVXU2 min_s s^2 + 4 cos s =', repr(s * s + 4 * math.cos(s)), 'at s =', repr(s))
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
