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

# The library is compiled in (no CMake build needed), the command's main() is not.
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
# shellcheck disable=SC2086,SC2046
"$cc" $flags -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -Icli \
    fuzz/fuzz_cli_numbers.c cli/common.c cli/target.c $(find src -name "*.c") solvers/*.c problems/*.c \
    $(pkg-config --cflags --libs lapacke openblas) -lm -o "$dir/fuzz_cli_numbers"

# Seeds: byte 0 = function (0 double, 1 int, 2 doubles, 3 methods, 4 format),
# byte 1 = capacity, then the text.
seed() { printf "\\x$(printf %02x "$1")\\x$(printf %02x "$2")%s" "$3" > "$dir/corpus/seed_$1_$4"; }
seed 0 0 "1e-8" a; seed 0 0 "-0x1p-3" b; seed 0 0 "1e308" c; seed 0 0 "nan" d
seed 1 0 "2147483647" a; seed 1 0 "-12" b; seed 1 0 "+7" c
seed 2 4 "1,2.5,-3e2" a; seed 2 2 "1,,2" b; seed 2 1 "0.5," c
seed 3 4 "newton,gd" a; seed 3 1 "gd,newton" b; seed 3 3 "newton," c
seed 4 0 "json" a

# FUZZ_SEED and FUZZ_RUNS fix the seed and the number of runs, as in fuzz/run.sh.
# shellcheck disable=SC2086
OPENBLAS_NUM_THREADS=1 "$dir/fuzz_cli_numbers" "$dir/corpus" -max_total_time="$seconds" \
    ${FUZZ_SEED:+-seed="$FUZZ_SEED"} ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} \
    -max_len=256 -close_fd_mask=2 -artifact_prefix="$dir/" -print_final_stats=1
