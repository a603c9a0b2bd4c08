/* fuzz_main — libFuzzer's entry points for one harness, chosen at compile time
 * (-DFUZZ_TARGET=fuzz_<reader>, fuzz/CMakeLists.txt). */
#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "define FUZZ_TARGET as the harness function (fuzz/CMakeLists.txt does)"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FUZZ_TARGET(data, size);
}
