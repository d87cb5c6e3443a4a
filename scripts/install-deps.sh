#!/usr/bin/env bash
# Installs the Debian packages hesse needs, and only those that are missing.
# Usage: scripts/install-deps.sh [--peers] [--ci] [--petsc]
#   always:  build tools, OpenBLAS + LAPACKE, Criterion, gnuplot (plots), Python (its
#            json module checks the command's JSON in the tests; NumPy and SciPy check
#            the tutorial's numbers, tests/tutorial/check_tutorial.py), groff (checks
#            hesse.1), Open MPI (libhesse_mpi, its example and tests: data-parallel solves)
#   --peers: also the peer libraries the benchmark compares against
#   --ci:    also the checking tools CI runs (valgrind; clang with libFuzzer)
#   --petsc: also PETSc/TAO, for examples/mpi/tao_logistic.c (the glue to TAO)
set -euo pipefail

required=(cmake make gcc pkg-config libopenblas-dev liblapacke-dev libcriterion-dev gnuplot-nox python3 python3-numpy
          python3-scipy groff-base libopenmpi-dev openmpi-bin)
peers=(libgsl-dev liblbfgs-dev libnlopt-dev libcminpack-dev python3-scipy)
ci=(valgrind clang libclang-rt-14-dev)
petsc=(libpetsc-real-dev)

want=("${required[@]}")
for arg in "$@"; do
    case "$arg" in
    --peers) want+=("${peers[@]}") ;;
    --ci) want+=("${ci[@]}") ;;
    --petsc) want+=("${petsc[@]}") ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
