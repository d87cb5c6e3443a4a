#!/usr/bin/env python3
"""Merge the peers' CSV files into one comparison table (markdown on stdout): per peer,
problems solved (by the peer and by the hesse method of the same family), and over the
problems both solved, the geometric means of the evaluation ratio and the time ratio
peer / hesse (> 1: hesse needed fewer evaluations / less time)."""
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
    if two:
        out += ["", "Two-variable problems only (per-solve time):", "",
                "| peer | compared with | both solved | time ratio peer/hesse (geo. mean) | median |",
                "|---|---|---|---|---|"]
        for peer in two:
            fam = next(r["family"] for r in rows if r["solver"] == peer)
            _, _, _, er, tr = ratios(rows, by, problems, peer, "hesse-" + fam, lambda r: r["n"] == "2")
            out.append(f"| {peer} | hesse-{fam} | {len(tr)} | {gm(tr):.2f} | {med(tr):.2f} |")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
