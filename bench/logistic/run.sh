#!/usr/bin/env bash
# Logistic regression, hesse's bfgs and lbfgs next to SciPy's BFGS and L-BFGS-B, on the
# data sets bench_logistic generates (see bench/logistic/logistic.c for the objective,
# the data and the stopping test; scipy_logistic.py for the SciPy side):
#   bench/logistic/run.sh [--experiments]
# writes OUT (default out/logistic): data/*.txt, hesse.csv, scipy.csv, table.md, and
# prints the table with the date and the machine.
# --experiments  experiments, not changes to hesse: for each bench/logistic/bfgs_*.patch,
#                a copy of this tree with the patch applied is built in
#                OUT/experiments/NAME (kept, so its bench_nist_strd and hesse can be run
#                too) and its bfgs adds a column hesse-bfgs-NAME:
#                  no_rescale         without the H₀ = (sᵀy/yᵀy) I rescale before the
#                                     first update (H₀ = I, as SciPy's BFGS)
#                  alpha0             line search from α₀ = min(1, 2.02 (f_{k-1} - f_k) /
#                                     -∇f_kᵀd_k) (Nocedal & Wright eq. 3.60, as SciPy)
#                                     instead of α₀ = 1
#                  no_rescale_alpha0  both
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILD:-$top/build}
out=${OUT:-$top/out/logistic}
py=/usr/bin/python3 # Debian's, with NumPy and SciPy (python3-scipy)
experiments=0
for arg in "$@"; do
    case "$arg" in
    --experiments) experiments=1 ;;
    *) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
[ -x "$build/bench_logistic" ] || { echo "run.sh: build first (make build)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
mkdir -p "$out/data"

"$build/bench_logistic" --write "$out/data" > "$out/hesse.csv"
csvs=("$out/hesse.csv")
if "$py" -c "import scipy, numpy" 2>/dev/null; then
    "$py" "$here/scipy_logistic.py" "$out/data" > "$out/scipy.csv"
    csvs+=("$out/scipy.csv")
else
    echo "run.sh: SciPy skipped ($py has no scipy; make peers installs python3-scipy)" >&2
fi
if [ "$experiments" = 1 ]; then
    for patch in "$here"/bfgs_*.patch; do
        name=$(basename "$patch" .patch)
        name=${name#bfgs_}
        dir="$out/experiments/$name"
        rm -rf "$dir"
        mkdir -p "$dir/src"
        git -C "$top" ls-files -co --exclude-standard -z | tar -C "$top" --null -T - -cf - |
            tar -C "$dir/src" -xf -
        patch -s -d "$dir/src" -p1 < "$patch"
        cmake -S "$dir/src" -B "$dir/build" -DHESSE_BUILD_TESTS=OFF > /dev/null
        cmake --build "$dir/build" -j 2 > /dev/null
        "$dir/build/bench_logistic" --method bfgs --label "hesse-bfgs-${name//_/-}" > "$dir/logistic.csv"
        csvs+=("$dir/logistic.csv")
    done
fi
{
    echo "Logistic regression, iterations / evaluations to ||g||_inf <= 1e-8 max(1,|f|)," \
         "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
         "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo
    "$py" "$here/table.py" "${csvs[@]}"
} > "$out/table.md"
cat "$out/table.md"
