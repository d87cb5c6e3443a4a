#!/usr/bin/env bash
# Run every Criterion test executable of a build directory under valgrind memcheck and
# fail on any memory error or definite leak, in the test programs and in every process
# they start (Criterion runs each test in a child it starts with exec; test_cli runs the
# hesse command), and the MPI tests (tests/mpi/test_mpi, when built) with 2 ranks.
#
#   scripts/valgrind.sh [BUILD_DIR]          (default: build)
#
# Environment:
#   VALGRIND_JOBS     test executables run at once (default: number of cores)
#   VALGRIND_SKIP     space-separated executable names not to run (e.g. "test_mgh")
#   VALGRIND_SKIP_TESTS  space-separated tests "suite/name" not to run (passed to
#                     Criterion as --filter '!(a|b|...)'). Default: none. For a test
#                     that becomes too slow under valgrind (the whole suite took 4.5 min
#                     on 2 cores in November 2026).
#   VALGRIND_TIMEOUT  seconds allowed per executable (default 900)
#   VALGRIND_LOGS     where the per-process logs go (default BUILD_DIR/valgrind)
# The tests see HESSE_UNDER_VALGRIND=1 and OPENBLAS_NUM_THREADS=1.
#
# The verdict comes from the logs, not only from exit statuses: a leak found when a
# Criterion test process exits does not change the test's result (measured with
# Criterion 2.4.1 and valgrind 3.19).
#
# Build with -DCMAKE_BUILD_TYPE=Debug (not with HESSE_SANITIZE: ASan and valgrind do
# not mix). Exit status: 0 when every executable passed with no error reported, else 1.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

build=${1:-build}
jobs=${VALGRIND_JOBS:-$(nproc)}
skip=" ${VALGRIND_SKIP:-} "
limit=${VALGRIND_TIMEOUT:-900}
logs=${VALGRIND_LOGS:-$build/valgrind}
skip_tests=${VALGRIND_SKIP_TESTS:-}
filter_arg=
if [ -n "${skip_tests// /}" ]; then
    read -r -a names <<<"$skip_tests"
    filter_arg="!($(IFS='|'; echo "${names[*]}"))"
    echo "tests left out: $skip_tests"
fi

command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ -d "$build/tests" ] || { echo "valgrind.sh: no $build/tests: build the tests first" >&2; exit 1; }
if grep -qs "HESSE_SANITIZE:BOOL=ON" "$build/CMakeCache.txt"; then
    echo "valgrind.sh: $build is a sanitizer build; use a plain Debug build" >&2
    exit 1
fi

tests=()
for exe in "$build"/tests/test_*; do
    if [ ! -f "$exe" ] || [ ! -x "$exe" ]; then continue; fi
    name=$(basename "$exe")
    case "$skip" in *" $name "*) echo "skipped: $name (VALGRIND_SKIP)"; continue ;; esac
    tests+=("$exe")
done
[ ${#tests[@]} -gt 0 ] || { echo "valgrind.sh: no test executable in $build/tests" >&2; exit 1; }

rm -rf "$logs"
mkdir -p "$logs"
logs=$(cd "$logs" && pwd) # absolute: test_cli runs the command in other directories

# One executable: valgrind follows exec'd children (one log per process) but not the
# programs the tests use as tools (gnuplot, Python's JSON parser, groff, cmake);
# --child-silent-after-fork quiets the moment between fork and exec.
run_one() {
    local exe=$1 name filter=()
    name=$(basename "$exe")
    if [ -n "$filter_arg" ]; then filter=(--filter "$filter_arg"); fi
    local start=$SECONDS
    HESSE_UNDER_VALGRIND=1 OPENBLAS_NUM_THREADS=1 timeout "$limit" valgrind -q \
        --tool=memcheck --trace-children=yes --child-silent-after-fork=yes \
        --trace-children-skip='*/sh,*/bash,*/dash,*/gnuplot,*/python3*,*/groff,*/cmake' \
        --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        --error-exitcode=99 --num-callers=30 \
        --log-file="$logs/$name.%p.log" \
        "$exe" --jobs 1 --ascii "${filter[@]}" >"$logs/$name.out" 2>&1
    echo "$? $((SECONDS - start))" >"$logs/$name.status"
}
export -f run_one
export logs limit filter_arg

pattern="ERROR SUMMARY: [1-9]|Invalid|uninitialised|definitely lost|Process terminating"
total_start=$SECONDS
printf '%s\n' "${tests[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {}

# The MPI tests (tests/mpi/test_mpi, built when CMake found MPI) are not Criterion
# suites: mpiexec starts 2 ranks, each under valgrind, with every scenario. Open MPI's
# own leaks and PMIx's uninitialised padding are suppressed by Open MPI's file and
# tests/mpi/valgrind.supp, whose entries all need a frame in an Open MPI library;
# --keep-debuginfo keeps the frames of components Open MPI unloads at MPI_Finalize.
mpi_test=$build/tests/mpi/test_mpi
if [ -x "$mpi_test" ]; then
    mpi_supp=$(ompi_info --path pkgdatadir --parsable 2>/dev/null | sed -n 's/^path:pkgdatadir://p')
    mpi_args=(--suppressions="$PWD/tests/mpi/valgrind.supp")
    if [ -f "$mpi_supp/openmpi-valgrind.supp" ]; then
        mpi_args+=(--suppressions="$mpi_supp/openmpi-valgrind.supp")
    fi
    mpi_flags=()
    if mpiexec --version 2>/dev/null | grep -q -E "Open MPI|OpenRTE"; then mpi_flags=(--oversubscribe); fi
    start=$SECONDS
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1 \
        timeout "$limit" mpiexec -n 2 "${mpi_flags[@]}" valgrind -q --tool=memcheck \
        --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        --error-exitcode=99 --num-callers=30 --keep-debuginfo=yes "${mpi_args[@]}" \
        --log-file="$logs/test_mpi.%p.log" \
        "$mpi_test" agree refuse abort nan stop mismatch >"$logs/test_mpi.out" 2>&1
    echo "$? $((SECONDS - start))" >"$logs/test_mpi.status"
    tests+=("$mpi_test")
else
    echo "not run: tests/mpi/test_mpi (not built: CMake did not find MPI)"
fi

failed=0
printf '\n%-22s %6s %8s %10s %8s  %s\n' "test" "exit" "seconds" "processes" "errors" "verdict"
for exe in "${tests[@]}"; do
    name=$(basename "$exe")
    read -r rc secs <"$logs/$name.status"
    nlogs=$(find "$logs" -name "$name.*.log" | wc -l)
    # Processes whose log reports an error: with -q a clean process writes nothing.
    bad=$(grep -l -E "$pattern" "$logs/$name".*.log 2>/dev/null | wc -l)
    verdict=ok
    if [ "$rc" = 124 ]; then verdict="TIMEOUT (${limit}s)"
    elif [ "$rc" != 0 ] || [ "$bad" != 0 ]; then verdict=FAILED; fi
    [ "$verdict" = ok ] || failed=1
    printf '%-22s %6s %8s %10s %8s  %s\n' "$name" "$rc" "$secs" "$nlogs" "$bad" "$verdict"
done
echo "total wall time: $((SECONDS - total_start)) s, $jobs at once; logs in $logs"

if [ "$failed" != 0 ]; then
    echo
    grep -l -E "$pattern" "$logs"/*.log 2>/dev/null | while read -r f; do
        echo "==== $f"
        head -n 80 "$f"
    done
    for exe in "${tests[@]}"; do
        name=$(basename "$exe")
        read -r rc _ <"$logs/$name.status"
        if [ "$rc" != 0 ]; then
            echo "==== $name exited with $rc; its output:"
            tail -n 40 "$logs/$name.out"
        fi
    done
    echo "valgrind.sh: FAILED"
    exit 1
fi
echo "valgrind.sh: no memory error, no definite leak"
