// The C functions of webrtc_audio_shim.h over webrtc::AudioProcessing (Debian's 0.3 API).
// Every entry point catches C++ exceptions: none may unwind into Swift.
#include "webrtc_audio_shim.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>

struct SDWebRTCAudio {
    std::unique_ptr<webrtc::AudioProcessing> apm;
    webrtc::AudioFrame frame;
    int sample_rate_hz = 0;
    size_t frame_length = 0;
    uint32_t timestamp = 0;
};

namespace {

void set_error(char *error, size_t size, const char *message) {
    if (error && size > 0) std::snprintf(error, size, "%s", message);
}

webrtc::NoiseSuppression::Level ns_level(int level) {
    switch (level) {
    case SD_WEBRTC_NS_LOW: return webrtc::NoiseSuppression::kLow;
    case SD_WEBRTC_NS_MODERATE: return webrtc::NoiseSuppression::kModerate;
    case SD_WEBRTC_NS_VERY_HIGH: return webrtc::NoiseSuppression::kVeryHigh;
    default: return webrtc::NoiseSuppression::kHigh;
    }
}

webrtc::VoiceDetection::Likelihood likelihood(int value) {
    switch (value) {
    case SD_WEBRTC_VAD_VERY_LOW: return webrtc::VoiceDetection::kVeryLowLikelihood;
    case SD_WEBRTC_VAD_MODERATE: return webrtc::VoiceDetection::kModerateLikelihood;
    case SD_WEBRTC_VAD_HIGH: return webrtc::VoiceDetection::kHighLikelihood;
    default: return webrtc::VoiceDetection::kLowLikelihood;
    }
}

}  // namespace

extern "C" SDWebRTCAudio *sd_webrtc_audio_create(int sample_rate_hz, int noise_suppression, int vad_likelihood,
                                                 char *error, size_t error_size) {
    set_error(error, error_size, "");
    if (sample_rate_hz != 8000 && sample_rate_hz != 16000 && sample_rate_hz != 32000 && sample_rate_hz != 48000) {
        set_error(error, error_size, "sample rate must be 8000, 16000, 32000 or 48000 Hz");
        return nullptr;
    }
    if (noise_suppression < SD_WEBRTC_NS_OFF || noise_suppression > SD_WEBRTC_NS_VERY_HIGH) {
        set_error(error, error_size, "noise suppression level must be 0 (off) ... 4 (very high)");
        return nullptr;
    }
    if (vad_likelihood < SD_WEBRTC_VAD_VERY_LOW || vad_likelihood > SD_WEBRTC_VAD_HIGH) {
        set_error(error, error_size, "VAD likelihood must be 0 (very low) ... 3 (high)");
        return nullptr;
    }
    try {
        std::unique_ptr<SDWebRTCAudio> audio(new SDWebRTCAudio());
        audio->apm.reset(webrtc::AudioProcessing::Create());
        if (!audio->apm) {
            set_error(error, error_size, "webrtc::AudioProcessing::Create failed");
            return nullptr;
        }
        webrtc::VoiceDetection *vad = audio->apm->voice_detection();
        webrtc::NoiseSuppression *ns = audio->apm->noise_suppression();
        bool ok = vad->Enable(true) == webrtc::AudioProcessing::kNoError
            && vad->set_likelihood(likelihood(vad_likelihood)) == webrtc::AudioProcessing::kNoError
            && vad->set_frame_size_ms(10) == webrtc::AudioProcessing::kNoError;
        if (ok && noise_suppression != SD_WEBRTC_NS_OFF) {
            ok = ns->set_level(ns_level(noise_suppression)) == webrtc::AudioProcessing::kNoError
                && ns->Enable(true) == webrtc::AudioProcessing::kNoError;
        }
        if (!ok) {
            set_error(error, error_size, "could not configure voice detection or noise suppression");
            return nullptr;
        }
        audio->sample_rate_hz = sample_rate_hz;
        audio->frame_length = static_cast<size_t>(sample_rate_hz / 100);
        return audio.release();
    } catch (const std::exception &e) {
        set_error(error, error_size, e.what());
    } catch (...) {
        set_error(error, error_size, "unknown C++ exception");
    }
    return nullptr;
}

extern "C" int sd_webrtc_audio_process(SDWebRTCAudio *audio, int16_t *samples, size_t count) {
    if (!audio || !samples || count != audio->frame_length) return SD_WEBRTC_ERR_ARGUMENT;
    try {
        webrtc::AudioFrame &frame = audio->frame;
        frame.UpdateFrame(0, audio->timestamp, samples, count, audio->sample_rate_hz,
                          webrtc::AudioFrame::kNormalSpeech, webrtc::AudioFrame::kVadUnknown, 1);
        audio->timestamp += static_cast<uint32_t>(count);
        if (audio->apm->ProcessStream(&frame) != webrtc::AudioProcessing::kNoError) return SD_WEBRTC_ERR_PROCESS;
        std::memcpy(samples, frame.data_, count * sizeof(int16_t));
        return audio->apm->voice_detection()->stream_has_voice() ? 1 : 0;
    } catch (...) {
        return SD_WEBRTC_ERR_EXCEPTION;
    }
}

extern "C" size_t sd_webrtc_audio_frame_length(const SDWebRTCAudio *audio) {
    return audio ? audio->frame_length : 0;
}

extern "C" void sd_webrtc_audio_destroy(SDWebRTCAudio *audio) {
    try {
        delete audio;
    } catch (...) {
    }
}
