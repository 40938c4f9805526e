#ifndef FIXTURE_CHECK_CESPEAKNG_SHIM_H
#define FIXTURE_CHECK_CESPEAKNG_SHIM_H
#include <espeak-ng/speak_lib.h>
#endif
