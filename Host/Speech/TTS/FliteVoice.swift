import CFlite
import CSynthesisNoise
import Locks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `cmu_us_slt` voice object. A Flite voice must not serve two syntheses at once, so a
/// synthesis thread borrows one with ``FliteVoice/borrow()`` for its lifetime and gives it back
/// when it stops.
///
/// Each utterance gets its own features (rate, pitch, the streaming callback) on the utterance,
/// not on the voice, so nothing from one reply leaks into the next.
final class FliteVoice: @unchecked Sendable {  // used by one thread at a time, handed over under `library`'s lock
    /// The voice's sample rate (`cmu_us_slt` is a 16 kHz clustergen voice).
    static let sampleRate = 16_000
    /// The mean pitch of `cmu_us_slt` (its `cg_db` `f0_mean`), the base that a pitch factor scales.
    static let naturalPitch = 172.0

    private let voice: UnsafeMutablePointer<cst_voice>

    private init(voice: UnsafeMutablePointer<cst_voice>) {
        self.voice = voice
    }

    // MARK: - The process's voices

    /// The voices this process made (their addresses) and those not lent out. Voices live as long
    /// as the process: Flite's compiled-in voice data is shared between them and deleting one is
    /// not worth the risk for 6 KB.
    private static let library = Mutex<(made: Set<UnsafeMutableRawPointer>, free: [FliteVoice])>(([], []))

    /// `flite_init` exactly once per process.
    private static let initialized: Bool = {
        flite_init()
        return true
    }()

    /// A voice no one else is using, made if none is free.
    static func borrow() throws -> FliteVoice {
        try library.withLock { library in
            if let voice = library.free.popLast() { return voice }
            _ = initialized
            guard let voice = register_cmu_us_slt(nil) else { throw SynthesisError.voiceUnavailable("cmu_us_slt") }
            // register_cmu_us_slt remembers the voice it built in the exported global `cmu_us_slt_cg`
            // and returns that same object on every later call. Forgetting it makes the next call
            // build another, independent voice object.
            if let slot = dlsym(dlopen(nil, RTLD_NOW), "cmu_us_slt_cg") {
                slot.assumingMemoryBound(to: UnsafeMutablePointer<cst_voice>?.self).pointee = nil
            }
            guard library.made.insert(UnsafeMutableRawPointer(voice)).inserted else {
                // A Flite without that global would hand out one voice to two threads.
                throw SynthesisError.voiceUnavailable("cmu_us_slt (a second, independent voice object)")
            }
            return FliteVoice(voice: voice)
        }
    }

    /// Returns a voice to the library.
    static func giveBack(_ voice: FliteVoice) {
        library.withLock { $0.free.append(voice) }
    }

    /// The voice object's address, to tell voices apart.
    var address: UnsafeMutableRawPointer { UnsafeMutableRawPointer(voice) }

    /// How many distinct voice objects this process has made so far.
    static var createdCount: Int { library.withLock { $0.made.count } }

    // MARK: - Synthesis

    /// How a sentence's synthesis ended.
    enum Outcome: Equatable {
        case finished
        case stopped
        case failed
    }

    /// Synthesises `text`, handing audio to `sink` in chunks of about `chunkSamples` samples as the
    /// vocoder produces them. Returns `.stopped` when the sink asked to stop.
    /// FNV-1a of the sentence's UTF-8: a seed that is stable across runs and processes.
    static func noiseSeed(for text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    func speak(_ text: String, settings: VoiceSettings, chunkSamples: Int, sink: FliteSentenceSink) -> Outcome {
        guard let utterance = new_utterance() else { return .failed }
        defer { delete_utterance(utterance) }
        utt_set_input_text(utterance, text)
        utt_init(utterance, voice)

        // Flite keeps the name pointer it is given, not a copy, and a Swift string passed as a C
        // string lives only for the call: the utterance's features own copies of the names.
        let features = utterance.pointee.features
        func name(_ text: String) -> UnsafePointer<CChar> { feat_own_string(features, text) }
        feat_set_float(features, name("duration_stretch"), Float(settings.durationStretch))
        feat_set_float(features, name("int_f0_target_mean"), Float(Self.naturalPitch * settings.pitch))

        // The streaming info belongs to the utterance's features: deleting the utterance frees it.
        guard let info = new_audio_streaming_info() else { return .failed }
        info.pointee.min_buffsize = Int32(chunkSamples)
        info.pointee.userdata = Unmanaged.passUnretained(sink).toOpaque()
        info.pointee.asc = { wave, start, size, last, info in
            // A C function: it captures nothing and finds its sink through the userdata pointer.
            guard let wave, let userdata = info?.pointee.userdata else { return CST_AUDIO_STREAM_STOP }
            let sink = Unmanaged<FliteSentenceSink>.fromOpaque(userdata).takeUnretainedValue()
            let samples = UnsafeBufferPointer(start: wave.pointee.samples.map { $0 + Int(start) }, count: Int(size))
            return sink.receive(samples, offset: Int(start), last: last != 0) ? CST_AUDIO_STREAM_CONT : CST_AUDIO_STREAM_STOP
        }
        feat_set(features, name("streaming_info"), audio_streaming_info_val(info))

        // The same sentence gets the same noise, so it always sounds the same (see CSynthesisNoise).
        sd_synthesis_noise_begin(Self.noiseSeed(for: text) ^ (settings.rendition &* 0x9E37_79B9_7F4A_7C15))
        defer { sd_synthesis_noise_end() }
        let result = withExtendedLifetime(sink) { utt_synth(utterance) }
        if sink.stopped { return .stopped }
        return result == nil ? .failed : .finished
    }

    /// The words Flite reads for `text` (its `Word` relation after synthesis), for checking the
    /// normaliser against what the engine actually says.
    func words(for text: String) -> [String] {
        guard let utterance = new_utterance() else { return [] }
        defer { delete_utterance(utterance) }
        utt_set_input_text(utterance, text)
        utt_init(utterance, voice)
        guard utt_synth(utterance) != nil else { return [] }
        var words: [String] = []
        var item = relation_head(utt_relation(utterance, "Word"))
        while let current = item {
            words.append(String(cString: item_feat_string(current, "name")))
            item = item_next(current)
        }
        return words
    }
}

/// Where one sentence's audio goes: called on the synthesis thread from Flite's streaming callback.
final class FliteSentenceSink {
    private let deliver: (UnsafeBufferPointer<Int16>, Int, Bool) -> Bool
    /// True once `deliver` asked to stop.
    private(set) var stopped = false
    /// True once the sentence's last chunk went out.
    private(set) var ended = false
    /// How many samples went out.
    private(set) var delivered = 0

    /// `deliver(samples, offset, last)` returns false to stop the synthesis.
    init(deliver: @escaping (UnsafeBufferPointer<Int16>, Int, Bool) -> Bool) {
        self.deliver = deliver
    }

    func receive(_ samples: UnsafeBufferPointer<Int16>, offset: Int, last: Bool) -> Bool {
        guard !stopped else { return false }
        if deliver(samples, offset, last) {
            ended = ended || last
            delivered += samples.count
            return true
        }
        stopped = true
        return false
    }
}
