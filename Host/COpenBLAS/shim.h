// Debian's libopenblas-dev puts cblas.h under the openblas-pthread include dir (pkg-config openblas).
#include <cblas.h>
