#!/usr/bin/env bash
# Build the libFuzzer target fuzz/fuzz_cli_numbers.c (clang, AddressSanitizer +
# UndefinedBehaviorSanitizer) and run it for SECONDS seconds (default 60).
#   fuzz/run_cli.sh [SECONDS]
# Work files go to build-fuzz-cli/ (override with FUZZ_DIR): the binary, the corpus
# (kept between runs, seeded here) and any crash-* input found. Exits non-zero when
# the fuzzer finds a crash, a leak or a sanitizer error.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
dir=${FUZZ_DIR:-build-fuzz-cli}
cc=${CC_FUZZ:-clang}
mkdir -p "$dir/corpus"

# The library and the command are compiled in (no CMake build needed), except the
# command's main().
mapfile -t library < <(find src solvers problems -name '*.c' | sort)
mapfile -t command < <(find cli -name '*.c' ! -name main.c | sort)
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
# shellcheck disable=SC2086,SC2046
"$cc" $flags -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -Icli \
    fuzz/fuzz_cli_numbers.c "${command[@]}" "${library[@]}" \
    $(pkg-config --cflags --libs lapacke openblas) -lm -o "$dir/fuzz_cli_numbers"

# Seeds: byte 0 = function (0 double, 1 int, 2 methods, 3 arguments of command byte 1,
# 4 point, 5 box, 6 the 8 bytes of a double written), byte 1 = capacity or command,
# then the text (arguments separated by NUL bytes).
seed() { printf "\\x$(printf %02x "$1")\\x$(printf %02x "$2")%b" "$3" > "$dir/corpus/seed_$1_$4"; }
seed 0 0 "1e-8" a; seed 0 0 "-0x1p-3" b; seed 0 0 "1e308" c; seed 0 0 "nan" d
seed 1 0 "2147483647" a; seed 1 0 "-12" b; seed 1 0 "+7" c
seed 2 4 "newton,gd" a; seed 2 1 "gd,newton" b; seed 2 3 "newton," c
# arguments of command $1 (its place in the command table), seed name $2, then words
seed_args() {
    local cmd=$1 name=$2
    shift 2
    { printf "\\x03\\x$(printf %02x "$cmd")"; printf '%s\0' "$@"; } > "$dir/corpus/seed_3_$name"
}
seed_args 1 a ROSENBROCK --n 2 --method newton --gtol 1e-8 --format json
seed_args 3 b "x^2+y^2" --x0 1,2 --methods newton,gd --max-iter 10 --plot "a'b.png"
seed_args 11 c --family seed --n 10 --max-seconds 1 --csv o.csv --json o.json
seed_args 8 d "x*y" --box -1:1,0:2 --starts 8 --vars x,y -- extra
seed_args 4 e ROSENBROCK --method broyden --ftol 1e-10 --trace --help
seed 4 2 "pi/2,-1.5e3" a; seed 4 3 "sqrt(2),pow(2,3),1" b
seed 5 2 "-3,3" a; seed 5 2 "-1:1,0:pi" b
seed 6 0 '\0\0\0\0\0\0\0\0200' a; seed 6 0 '\0\0\0\0\0\0\0360\0177' b; seed 6 0 '\0232\0231\0231\0231\0231\0231\0271\0277' c

# FUZZ_SEED and FUZZ_RUNS fix the seed and the number of runs, as in fuzz/run.sh.
# shellcheck disable=SC2086
OPENBLAS_NUM_THREADS=1 "$dir/fuzz_cli_numbers" "$dir/corpus" -max_total_time="$seconds" \
    ${FUZZ_SEED:+-seed="$FUZZ_SEED"} ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} \
    -max_len=256 -close_fd_mask=2 -artifact_prefix="$dir/" -print_final_stats=1
