#ifndef FIXTURE_CHECK_CFFTW_SHIM_H
#define FIXTURE_CHECK_CFFTW_SHIM_H
#include <fftw3.h>
#endif
