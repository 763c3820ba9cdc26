// Debian's libspeexdsp-dev (pkg-config speexdsp).
#include <speex/speex_resampler.h>
