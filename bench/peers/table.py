#!/usr/bin/env python3
"""Merge the peers' CSV files into one comparison table (markdown on stdout): per peer,
problems solved (by the peer and by the hesse method of the same family), and over the
problems both solved, the geometric means of the evaluation ratio and the time ratio
peer / hesse (> 1: hesse needed fewer evaluations / less time)."""
import csv
import math
import sys
from collections import defaultdict


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
        n = sp = sh = both = 0
        er, tr = [], []
        for prob in problems:
            a, b = by.get((prob, peer)), by.get((prob, mine))
            if not a or not b:
                continue
            n += 1
            ps, hs = a["solved"] == "1", b["solved"] == "1"
            sp += ps
            sh += hs
            if ps and hs:
                both += 1
                er.append(max(int(a["evals"]), 1) / max(int(b["evals"]), 1))
                tr.append(max(float(a["seconds"]), 1e-9) / max(float(b["seconds"]), 1e-9))
        gm = lambda v: math.exp(sum(map(math.log, v)) / len(v)) if v else float("nan")
        med = sorted(tr)[len(tr) // 2] if tr else float("nan")
        out.append(f"| {peer} | {mine} | {n} | {sp} | {sh} | {both} | {gm(er):.2f} | {gm(tr):.2f} | {med:.2f} |")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
