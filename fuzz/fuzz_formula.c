/*
 * libFuzzer target for the formula library: parse, differentiate, simplify, print,
 * re-parse and evaluate one input (see fuzz_formula_entry.h for the input format and
 * the invariants checked). An invariant that fails aborts, so libFuzzer records the
 * input. Build and run with fuzz/run.sh.
 */
#include <stdlib.h>

#include "fuzz_formula_entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (hesse_fuzz_formula_one(data, size) != 0)
        abort();
    return 0;
}
