// Rubber Band Library 3 C API, plus a function for the version macro Swift cannot rely on importing.
// Nothing here allocates or owns memory; TimeStretch owns every RubberBandState.
#ifndef INTELLIMIX_CRUBBERBAND_SHIM_H
#define INTELLIMIX_CRUBBERBAND_SHIM_H

#include <rubberband/rubberband-c.h>

/// The version of the Rubber Band headers this module was compiled against, e.g. "3.1.2".
static inline const char *im_rubberband_version(void) { return RUBBERBAND_VERSION; }

#endif
