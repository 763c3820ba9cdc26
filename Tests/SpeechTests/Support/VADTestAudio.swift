import CFlite
import Foundation
import Speech
import TestSupport

/// Real speech for the VAD tests: caller sentences spoken by Flite (straight through CFlite),
/// taken to 8 kHz with ``Resampler``, laid out with pauses, and labelled frame by frame from the
/// clean signal.
enum VADTestAudio {
    static let rate = 8_000
    /// Label frames are 10 ms; detectors may take 10 or 20 ms frames.
    static let labelFrame = 80

    struct Corpus {
        /// Clean speech with pauses, 8 kHz, speech scaled to ``activeLevel``.
        var samples: [Int16]
        /// One flag per 10 ms: the clean frame's level is within ``labelRange`` dB of the
        /// active speech level.
        var speech: [Bool]
        /// The first speech frame of each sentence (10 ms frames).
        var onsets: [Int]
        /// Mean power of the speech frames, dBFS.
        var activeLevel: Double
    }

    /// The speech level the corpus is scaled to, dBFS (a typical phone line).
    static let targetLevel = -26.0
    /// Frames more than this many dB below the active speech level are not labelled speech
    /// (P.56 puts its threshold 15.9 dB below; Flite's pauses carry vocoder noise 24 dB below).
    static let labelRange = 20.0

    /// The first eight sentences of `speech-dev.txt` with 0.6–1.5 s pauses, built once.
    static let corpus: Corpus = try! makeCorpus()

    private static func makeCorpus() throws -> Corpus {
        let lines = try String(contentsOf: TestPaths.sharedFile("speech-dev.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let pauses = [1.0, 0.6, 1.5, 0.8, 1.2, 0.7, 1.0, 0.9]
        var samples: [Int16] = []
        var utteranceStarts: [Int] = []
        let down = try Resampler(from: 16_000, to: rate)
        for (line, pause) in zip(lines.prefix(8), pauses) {
            samples += [Int16](repeating: 0, count: Int(pause * Double(rate)))
            utteranceStarts.append(samples.count)
            samples += down.process(try synthesize(line)) + down.flush()
        }
        samples += [Int16](repeating: 0, count: rate)
        samples += [Int16](repeating: 0, count: (labelFrame - samples.count % labelFrame) % labelFrame)

        // Label on the clean signal: a frame is speech when it is no more than `labelRange` dB
        // below the active speech level (the mean power of the speech frames, found by
        // iterating as ITU-T P.56 does). Then scale the speech to the target level.
        let levels = stride(from: 0, to: samples.count, by: labelFrame).map { level(samples[$0..<$0 + labelFrame]) }
        var active = (levels.max() ?? 0) - 10
        for _ in 0..<20 {
            active = activePower(levels, levels.map { $0 > active - labelRange })
        }
        let speech = levels.map { $0 > active - labelRange }
        let gain = pow(10, (targetLevel - active) / 20)
        samples = samples.map { Int16(clamping: Int((Double($0) * gain).rounded())) }
        let onsets = utteranceStarts.map { start in
            (start / labelFrame..<speech.count).first { speech[$0] } ?? start / labelFrame
        }
        return Corpus(samples: samples, speech: speech, onsets: onsets, activeLevel: active + 20 * log10(gain))
    }

    /// The corpus with white noise at `snr` dB below its speech level (seeded).
    static func noisy(snr: Double?, seed: UInt64 = 2_024) -> [Int16] {
        guard let snr else { return corpus.samples }
        var noise = PhoneBandFill(sampleRate: rate, level: corpus.activeLevel - snr, spectrum: .white, seed: seed)
        return noise.filled(corpus.samples)
    }

    // MARK: Flite

    private static let flite = NSLock()
    /// The voice, registered once. `register_cmu_us_slt` caches the voice it builds in the global
    /// `cmu_us_slt_cg`; clearing that slot keeps this voice ours alone (the TTS engine registers
    /// its own the same way).
    nonisolated(unsafe) private static var voice: UnsafeMutablePointer<cst_voice>?

    /// `text` spoken by Flite's `cmu_us_slt`, 16 kHz.
    static func synthesize(_ text: String) throws -> [Int16] {
        flite.lock()
        defer { flite.unlock() }
        if voice == nil {
            flite_init()
            voice = register_cmu_us_slt(nil)
            if let handle = dlopen(nil, RTLD_NOW), let slot = dlsym(handle, "cmu_us_slt_cg") {
                slot.assumingMemoryBound(to: UnsafeMutablePointer<cst_voice>?.self).pointee = nil
            }
        }
        guard let voice, let wave = flite_text_to_wave(text, voice) else { throw MissingTestData(path: "flite voice cmu_us_slt") }
        defer { delete_wave(wave) }
        precondition(wave.pointee.sample_rate == 16_000, "cmu_us_slt speaks at 16 kHz")
        return Array(UnsafeBufferPointer(start: wave.pointee.samples, count: Int(wave.pointee.num_samples)))
    }

    // MARK: Levels

    static func level(_ frame: ArraySlice<Int16>) -> Double {
        let power = frame.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(frame.count)
        return power > 0 ? 10 * log10(power / (32_768.0 * 32_768.0)) : -120
    }

    private static func activePower(_ levels: [Double], _ speech: [Bool]) -> Double {
        let powers = zip(levels, speech).filter(\.1).map { pow(10, $0.0 / 10) }
        return 10 * log10(powers.reduce(0, +) / Double(max(powers.count, 1)))
    }
}

/// How a detector did on a labelled corpus.
struct VADScore: CustomStringConvertible {
    /// Speech frames inside a detected utterance (from its start to the detector's return to
    /// quiet), over all speech frames.
    var recall: Double
    /// Speech frames during which the detector's live state was speaking or stopping (no
    /// credit for the onset it confirms afterwards).
    var liveRecall: Double
    /// Non-speech frames in the pauses (more than 100 ms before and 200 ms after any speech)
    /// that were inside a detected utterance, over all such frames.
    var falseAlarms: Double
    /// For each sentence: how long after its first speech frame the detector confirmed speech
    /// (zero when it was already in speech).
    var onsetDelays: [Duration]

    var worstOnset: Duration { onsetDelays.max() ?? .zero }

    var description: String {
        String(format: "recall %.1f%% (live state %.1f%%), false alarms %.1f%%, onset ≤ %@ ms", recall * 100, liveRecall * 100,
               falseAlarms * 100, "\(AudioTimeTest.nanoseconds(worstOnset) / 1_000_000)")
    }

    /// Runs `detector` over `samples` in frames of `frameLength` and scores it against the corpus labels.
    static func measure(_ detector: inout some VoiceActivityDetector, _ samples: [Int16], frameLength: Int) -> VADScore {
        let corpus = VADTestAudio.corpus
        let label = VADTestAudio.labelFrame
        func sampleIndex(_ time: Duration) -> Int {
            Int(AudioTimeTest.nanoseconds(time) * Int64(VADTestAudio.rate) / 1_000_000_000)
        }
        // Utterances as the detector saw them, in samples: from the speech it found to its
        // return to quiet, and when it confirmed the start.
        var spans: [(start: Int, confirmed: Int, end: Int)] = []
        var open: (start: Int, confirmed: Int)?
        var live = [Bool](repeating: false, count: corpus.speech.count)
        var start = 0
        while start + frameLength <= samples.count {
            let activity = detector.process(Array(samples[start..<start + frameLength]))
            for frame in (start / label)..<min((start + frameLength) / label, live.count) { live[frame] = activity.isSpeech }
            start += frameLength
            guard let event = detector.event else { continue }
            switch event.kind {
            case .speechStarted:
                open = (sampleIndex(event.time), sampleIndex(event.decidedAt))
            case .speechEnded:
                if let begin = open { spans.append((begin.start, begin.confirmed, sampleIndex(event.decidedAt))) }
                open = nil
            }
        }
        if let begin = open { spans.append((begin.start, begin.confirmed, samples.count)) }

        var active = [Bool](repeating: false, count: corpus.speech.count)
        for span in spans {
            for frame in (span.start / label)..<min((span.end + label - 1) / label, active.count) { active[frame] = true }
        }
        // Frames within the release time after speech are the hangover, by design; those just
        // before it are breath and the vocoder's ramp into the sentence. Neither counts.
        let after = 200 * VADTestAudio.rate / 1_000 / label
        let before = 100 * VADTestAudio.rate / 1_000 / label
        var nearSpeech = [Bool](repeating: false, count: corpus.speech.count)
        for i in corpus.speech.indices where corpus.speech[i] {
            for j in max(0, i - before)...min(corpus.speech.count - 1, i + after) { nearSpeech[j] = true }
        }
        var hits = 0, liveHits = 0, speechFrames = 0, alarms = 0, quietFrames = 0
        for i in corpus.speech.indices {
            if corpus.speech[i] {
                speechFrames += 1
                if active[i] { hits += 1 }
                if live[i] { liveHits += 1 }
            } else if !nearSpeech[i] {
                quietFrames += 1
                if active[i] { alarms += 1 }
            }
        }
        // Onset: how long after a sentence's first speech frame the detector confirmed speech;
        // zero when it had confirmed it already; a sentence never found counts as 10 s.
        let delays: [Duration] = corpus.onsets.map { onsetFrame in
            let onset = onsetFrame * label
            if spans.contains(where: { $0.confirmed <= onset && onset < $0.end }) { return .zero }
            guard let span = spans.first(where: { $0.confirmed > onset }) else { return .seconds(10) }
            return .nanoseconds(Int64(span.confirmed - onset) * 1_000_000_000 / Int64(VADTestAudio.rate))
        }
        return VADScore(
            recall: Double(hits) / Double(max(speechFrames, 1)), liveRecall: Double(liveHits) / Double(max(speechFrames, 1)),
            falseAlarms: Double(alarms) / Double(max(quietFrames, 1)),
            onsetDelays: delays)
    }
}

/// Durations as whole nanoseconds, for the audio tests' arithmetic.
enum AudioTimeTest {
    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
