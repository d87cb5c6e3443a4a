#!/bin/sh
# Build the formula fuzzer with clang (libFuzzer + AddressSanitizer + UBSan) against
# the formula sources and run it for the given number of seconds (default 60).
#   fuzz/run.sh 300
# FUZZ_SEED and FUZZ_RUNS, when set, fix libFuzzer's seed and number of runs (CI sets
# them, so that what passes here passes there: a time-bounded run mutates differently
# on every machine).
# New corpus entries go to build-fuzz/corpus (the seed corpus fuzz/corpus/ is only
# read); a crashing input is written to build-fuzz/crash-*: copy it into
# fuzz/regressions/ once fixed, so tests/test_formula.c replays it.
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-fuzz"
mkdir -p "$out/corpus"
CC=${CC:-clang}
# HESSE_FORMULA_SWITCH: the evaluator's switch dispatch, which the library builds do
# not use (src/formula/formula_compile.c), so that it is tested too.
$CC -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DHESSE_FORMULA_SWITCH -I"$root/include" -I"$root/src" \
    "$root/fuzz/fuzz_formula.c" "$root"/src/formula/*.c "$root"/src/base/alloc.c \
    "$root"/src/base/message.c -lm -o "$out/fuzz_formula"
cd "$out"
exec ./fuzz_formula -max_total_time="$seconds" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} \
    ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -max_len=512 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$out/" -dict="$root/fuzz/formula.dict" \
    "$out/corpus" "$root/fuzz/corpus"
