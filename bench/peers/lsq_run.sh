#!/usr/bin/env bash
# Least-squares peers, side by side, in one command: bench/peers/lsq_run.sh
# The 27 NIST StRD datasets from both starts through hesse (lm, gn, hybrid; and
# `hesse fit` from a CSV file), GSL multifit_nlinear (lm, lmaccel), MINPACK lmder,
# SciPy least_squares (lm, trf) and curve_fit, and gnuplot's fit, with one accuracy
# rule; writes out/lsq-peers/{c.csv,py.csv,table.md} (OUT=DIR writes there instead)
# and prints the table. Peers that are not installed are skipped with a message
# (make peers installs them).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
out=${OUT:-$top/out/lsq-peers}
data=${NIST_DATA:-$top/../shared/reference/nist-strd}
mkdir -p "$out"
[ -x "$build/bench_lsq_peers" ] || { echo "lsq_run.sh: build first (make build)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
"$build/bench_lsq_peers" > "$out/c.csv"
csvs=("$out/c.csv")
# Debian's Python has NumPy and SciPy (python3-scipy); the first python3 on PATH may not.
py=""
for cand in /usr/bin/python3 python3; do
    if command -v "$cand" >/dev/null && "$cand" -c "import scipy, numpy" 2>/dev/null; then py=$cand; break; fi
done
if [ -n "$py" ]; then
    "$py" "$top/bench/peers/lsq_scipy.py" "$build" "$data" > "$out/py.csv"
    csvs+=("$out/py.csv")
else
    echo "lsq_run.sh: SciPy, gnuplot and hesse fit skipped (no python3 with scipy; make peers installs python3-scipy)" >&2
fi
{
    echo "NIST StRD nonlinear regression, 27 datasets x 2 starts, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
    echo
    python3 "$top/bench/peers/lsq_table.py" "${csvs[@]}"
} > "$out/table.md"
cat "$out/table.md"
