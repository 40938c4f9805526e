#ifndef FIXTURE_CHECK_CSNDFILE_SHIM_H
#define FIXTURE_CHECK_CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
