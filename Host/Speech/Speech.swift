// Speech: G.711, resampling, VAD/endpointing, STT and TTS behind protocols (issue 4).
