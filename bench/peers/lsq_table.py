#!/usr/bin/env python3
"""The least-squares peer table (markdown on stdout) from the CSV files of
bench_lsq_peers and lsq_scipy.py: per solver, runs solved (every parameter to 4
digits of the certified value), false claims (convergence reported, not solved), and
over the runs solved by both it and hesse-lm, the median residual and Jacobian
evaluations; then the runs that not every solver solved."""
import csv
import statistics
import sys
from collections import defaultdict


def main(paths):
    rows = []
    for p in paths:
        with open(p) as fh:
            rows += list(csv.DictReader(fh))
    solvers = list(dict.fromkeys(r["solver"] for r in rows))
    by = {(r["dataset"], r["start"], r["solver"]): r for r in rows}
    runs = sorted({(r["dataset"], r["start"]) for r in rows}, key=lambda k: (k[0], k[1]))
    out = ["| solver | runs | solved | false claims | median nfev | median njev |", "|---|---|---|---|---|---|"]
    for s in solvers:
        mine = [r for r in rows if r["solver"] == s]
        solved = sum(r["solved"] == "1" for r in mine)
        false = sum(r["claimed"] == "1" and r["solved"] != "1" for r in mine)
        ok = [r for r in mine if r["solved"] == "1"]
        nfev = statistics.median(int(r["nfev"]) for r in ok) if ok else float("nan")
        njev = statistics.median(int(r["njev"]) for r in ok) if ok else float("nan")
        out.append(f"| {s} | {len(mine)} | {solved} | {false} | {nfev:g} | {njev:g} |")
    out += ["", "Runs not solved by every solver (LRE = correct digits of the worst parameter; "
            "* = convergence claimed):", "", "| dataset | start | " + " | ".join(solvers) + " |",
            "|---|---|" + "---|" * len(solvers)]
    for d, st in runs:
        cells = []
        all_ok = True
        for s in solvers:
            r = by.get((d, st, s))
            if not r:
                cells.append("")
                continue
            all_ok &= r["solved"] == "1"
            cells.append(f"{float(r['min_lre']):.1f}{'*' if r['claimed'] == '1' else ''}")
        if not all_ok:
            out.append(f"| {d} | {st} | " + " | ".join(cells) + " |")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
