#ifndef C_FUZZER_DRIVER_H
#define C_FUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver entry (compiler-rt FuzzerInterface.h): runs the
/// fuzzing loop with `callback` as LLVMFuzzerTestOneInput.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
