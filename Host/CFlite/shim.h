// Debian's flite1-dev (no pkg-config file). The voice registration functions are not declared in
// its headers.
#include <flite/flite.h>

cst_voice *register_cmu_us_slt(const char *voxdir);
void unregister_cmu_us_slt(cst_voice *voice);
