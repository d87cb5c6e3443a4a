#!/usr/bin/env bash
# Peers, side by side, in one command: bench/peers/run.sh [--n N] [--repeat R] ...
# Runs the C peers (GSL, liblbfgs, NLopt) and SciPy on hesse's test problems with one
# stopping rule, then writes out/peers/{c.csv,scipy.csv,table.md} and prints the table
# with the date and the machine (OUT=DIR writes there instead). Peers that are not
# installed are skipped with a message (make peers installs them). Options are passed
# to both runners.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
out=${OUT:-$top/out/peers}
mkdir -p "$out"
[ -x "$build/bench_peers" ] || { echo "run.sh: build first (make build)" >&2; exit 1; }

# Many small problems: OpenBLAS threads would only synchronize (see cli/main.c).
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

"$build/bench_peers" "$@" > "$out/c.csv"
csvs=("$out/c.csv")
py=""
for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null && "$cand" -c "import scipy, numpy" 2>/dev/null; then py=$cand; break; fi
done
if [ -n "$py" ]; then
    "$py" "$top/bench/peers/scipy_peers.py" "$build/libhesse.so" "$@" > "$out/scipy.csv"
    csvs+=("$out/scipy.csv")
else
    echo "run.sh: SciPy skipped (no python3 with scipy; make peers installs python3-scipy)" >&2
fi
{
    echo "Peer comparison, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), args: ${*:-(defaults)}"
    echo
    python3 "$top/bench/peers/table.py" "${csvs[@]}"
} > "$out/table.md"
cat "$out/table.md"
