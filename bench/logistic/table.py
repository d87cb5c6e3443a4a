#!/usr/bin/python3
"""Side-by-side table of bench_logistic / scipy_logistic.py CSV files (markdown).

One row per data set; per solver "iterations / evaluations" (and the status when it is
not SUCCESS); the last column is the largest relative difference of the final f between
solvers that met the gradient test (they minimize the same function from the same start,
so it should be at rounding level). Usage: table.py FILE.csv ...
"""
import csv
import sys


def main():
    rows, solvers, shapes = {}, [], []
    for path in sys.argv[1:]:
        with open(path) as fp:
            for r in csv.DictReader(fp):
                key = (r["dataset"], r["solver"])
                rows[key] = r
                if r["solver"] not in solvers:
                    solvers.append(r["solver"])
                if r["dataset"] not in shapes:
                    shapes.append(r["dataset"])
    print("| data set | m × n | " + " | ".join(solvers) + " | max rel. diff of f |")
    print("|---|---|" + "---|" * len(solvers) + "---|")
    for shape in shapes:
        cells, fs, size = [], [], ""
        for s in solvers:
            r = rows.get((shape, s))
            if r is None:
                cells.append("—")
                continue
            size = f"{r['m']} × {r['n']}"
            cell = f"{r['iterations']} / {r['evaluations']}"
            if r["status"] != "SUCCESS":
                cell += f" ({r['status']})"
            else:
                fs.append(float(r["f"]))
            cells.append(cell)
        diff = (max(fs) - min(fs)) / max(1.0, abs(min(fs))) if len(fs) > 1 else float("nan")
        print(f"| {shape} | {size} | " + " | ".join(cells) + f" | {diff:.1e} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
