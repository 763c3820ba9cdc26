// Debian's libffi-dev (pkg-config libffi).
#include <ffi.h>
