/* A C face for WebRTC's audio processing module (C++ only in Debian's libwebrtc-audio-processing).
 * Filled in with the noise-suppression VAD (issue 4). */
#ifndef SMARTDESK_WEBRTC_AUDIO_SHIM_H
#define SMARTDESK_WEBRTC_AUDIO_SHIM_H
#endif
