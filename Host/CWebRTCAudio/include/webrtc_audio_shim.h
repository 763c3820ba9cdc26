/* A C face for WebRTC's audio processing module (Debian's libwebrtc-audio-processing 0.3, C++ only):
 * noise suppression and voice activity detection on 10 ms frames of 16-bit mono audio.
 *
 *   char why[256];
 *   SDWebRTCAudio *apm = sd_webrtc_audio_create(8000, SD_WEBRTC_NS_HIGH, SD_WEBRTC_VAD_LOW, why, sizeof why);
 *   int voice = sd_webrtc_audio_process(apm, frame, 80);   // 1 voice, 0 none, < 0 error
 *   sd_webrtc_audio_destroy(apm);
 *
 * One handle per audio stream, used by one thread at a time. No C++ exception crosses these
 * functions. */
#ifndef SMARTDESK_WEBRTC_AUDIO_SHIM_H
#define SMARTDESK_WEBRTC_AUDIO_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An audio processing instance (opaque). */
typedef struct SDWebRTCAudio SDWebRTCAudio;

/* Noise suppression levels: more suppression, more speech distortion. */
#define SD_WEBRTC_NS_OFF 0
#define SD_WEBRTC_NS_LOW 1
#define SD_WEBRTC_NS_MODERATE 2
#define SD_WEBRTC_NS_HIGH 3
#define SD_WEBRTC_NS_VERY_HIGH 4

/* VAD likelihood: how readily a frame is called voice (higher: fewer clipped words, more noise
 * taken for voice). */
#define SD_WEBRTC_VAD_VERY_LOW 0
#define SD_WEBRTC_VAD_LOW 1
#define SD_WEBRTC_VAD_MODERATE 2
#define SD_WEBRTC_VAD_HIGH 3

/* Errors returned by sd_webrtc_audio_process. */
#define SD_WEBRTC_ERR_ARGUMENT (-1)
#define SD_WEBRTC_ERR_PROCESS (-2)
#define SD_WEBRTC_ERR_EXCEPTION (-3)

/* A new instance for audio at sample_rate_hz (8000, 16000, 32000 or 48000) with the given noise
 * suppression level and VAD likelihood. NULL on failure, with the reason in error (when not NULL,
 * NUL-terminated, at most error_size bytes). */
SDWebRTCAudio *sd_webrtc_audio_create(int sample_rate_hz, int noise_suppression, int vad_likelihood,
                                      char *error, size_t error_size);

/* Processes one 10 ms frame (sample_rate_hz / 100 samples) in place: on return the samples are
 * noise-suppressed. Returns 1 when the frame holds voice, 0 when not, a negative SD_WEBRTC_ERR_*
 * on error (the samples are then unchanged). */
int sd_webrtc_audio_process(SDWebRTCAudio *audio, int16_t *samples, size_t count);

/* Samples in one 10 ms frame for this instance. */
size_t sd_webrtc_audio_frame_length(const SDWebRTCAudio *audio);

/* Releases the instance; NULL is ignored. */
void sd_webrtc_audio_destroy(SDWebRTCAudio *audio);

#ifdef __cplusplus
}
#endif

#endif
