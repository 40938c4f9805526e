// Declarations only (include/CFuzzerDriver.h); libFuzzer defines the symbol.
#include "CFuzzerDriver.h"
