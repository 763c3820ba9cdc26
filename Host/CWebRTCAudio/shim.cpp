// C++ shim over WebRTC audio processing (issue 4).
#include "webrtc_audio_shim.h"
