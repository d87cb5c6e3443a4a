#!/usr/bin/env python3
"""Merge the peers' CSV files into one comparison table (markdown on stdout): per peer,
problems solved (by the peer and by the hesse method of the same family), and over the
problems both solved, the geometric means of the evaluation ratio and the time ratio
peer / hesse (> 1: hesse needed fewer evaluations / less time); then the two-variable
problems alone, per solve, hesse's bfgs and lbfgs against liblbfgs and GSL's bfgs2."""
import csv
import math
import sys
from collections import defaultdict


def ratios(rows, by, problems, peer, mine, keep=lambda r: True):
    """Per-problem (evals, time) ratios peer/hesse over problems both solved."""
    n = sp = sh = 0
    er, tr = [], []
    for prob in problems:
        a, b = by.get((prob, peer)), by.get((prob, mine))
        if not a or not b or not keep(a):
            continue
        n += 1
        ps, hs = a["solved"] == "1", b["solved"] == "1"
        sp += ps
        sh += hs
        if ps and hs:
            er.append(max(int(a["evals"]), 1) / max(int(b["evals"]), 1))
            tr.append(max(float(a["seconds"]), 1e-9) / max(float(b["seconds"]), 1e-9))
    return n, sp, sh, er, tr


def gm(v):
    return math.exp(sum(map(math.log, v)) / len(v)) if v else float("nan")


def med(v):
    v = sorted(v)
    if not v:
        return float("nan")
    return v[len(v) // 2] if len(v) % 2 else 0.5 * (v[len(v) // 2 - 1] + v[len(v) // 2])


def main(paths):
    rows = []
    for p in paths:
        with open(p) as fh:
            rows += list(csv.DictReader(fh))
    by = {(r["problem"], r["solver"]): r for r in rows}
    problems = sorted({r["problem"] for r in rows})
    peers = [s for s in dict.fromkeys(r["solver"] for r in rows) if not s.startswith("hesse-")]
    out = ["| peer | compared with | problems | solved by peer | solved by hesse | both | "
           "evals ratio peer/hesse (geo. mean) | time ratio peer/hesse (geo. mean) | time ratio median |",
           "|---|---|---|---|---|---|---|---|---|"]
    for peer in peers:
        fam = next(r["family"] for r in rows if r["solver"] == peer)
        mine = "hesse-" + fam
        n, sp, sh, er, tr = ratios(rows, by, problems, peer, mine)
        out.append(f"| {peer} | {mine} | {n} | {sp} | {sh} | {len(er)} | {gm(er):.2f} | {gm(tr):.2f} | {med(tr):.2f} |")
    two = [p for p in peers if p in ("liblbfgs", "gsl-bfgs2")]
    mine2 = [m for m in ("hesse-lbfgs", "hesse-bfgs") if any(r["solver"] == m for r in rows)]
    small = [p for p in problems if any(r["problem"] == p and r["n"] == "2" for r in rows)]
    if two and mine2 and small:
        cols = mine2 + two
        out += ["", "Two-variable problems only: per-solve time in µs (median), \"—\" where the "
                "solver did not solve the problem (its status, or the f it stopped at, in brackets):", "",
                "| problem | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
        for prob in small:
            cells = []
            for c in cols:
                r = by.get((prob, c))
                if not r:
                    cells.append("")
                elif r["solved"] == "1":
                    cells.append(f"{1e6 * float(r['seconds']):.2f}")
                elif r["status"] == "SUCCESS":  # gradient test met at another point
                    cells.append(f"— (f = {float(r['f']):.4g}, f* = {float(r['fstar']):.4g})")
                else:
                    cells.append(f"— ({r['status']})")
            out.append(f"| {prob} | " + " | ".join(cells) + " |")
        out += ["", "| peer | hesse method | both solved | time ratio peer/hesse (geo. mean) | median | "
                "hesse faster on |", "|---|---|---|---|---|---|"]
        for peer in two:
            for mine in mine2:
                _, _, _, er, tr = ratios(rows, by, problems, peer, mine, lambda r: r["n"] == "2")
                faster = sum(t > 1 for t in tr)
                out.append(f"| {peer} | {mine} | {len(tr)} | {gm(tr):.2f} | {med(tr):.2f} | "
                           f"{faster} of {len(tr)} |")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
