import Foundation
import Speech
import TestSupport

/// Real speech for the recognizer tests: Flite's voice at 16 kHz and the phone path
/// (16 kHz → 8 kHz → G.711 μ-law → 8 kHz → 16 kHz with the band fill).
enum STTAudio {
    static let synthesizer: FliteSynthesizer = try! FliteSynthesizer()

    /// `text` spoken by Flite at 16 kHz, with 300 ms of silence after it (a caller pausing).
    ///
    /// The same text always gives the same audio (see ``VoiceSettings/rendition``), so word error
    /// rates measured on it are repeatable; other seeds give other, equally valid renditions.
    static func speech(_ text: String, seed: UInt32 = 1) async throws -> [Int16] {
        let voice = try VoiceSettings(rendition: UInt64(seed))
        var samples: [Int16] = []
        for try await chunk in synthesizer.synthesize(text, voice: voice) {
            samples += chunk.samples
        }
        return samples + [Int16](repeating: 0, count: 4800)
    }

    /// 16 kHz audio as it arrives from a phone call and is upsampled for the recognizer.
    static func phonePath(_ samples: [Int16], level: Double = PhoneAudioUpsampler.bandFillLevel,
                          spectrum: PhoneBandFill.Spectrum = PhoneAudioUpsampler.bandFillSpectrum) throws -> [Int16] {
        let down = try Resampler(from: 16_000, to: 8000)
        let line = G711Law.muLaw.decode(G711Law.muLaw.encode(down.process(samples) + down.flush()))
        var up = try PhoneAudioUpsampler(level: level, spectrum: spectrum)
        return up.process(line) + up.flush()
    }

    /// The lines of a shared data file, blank lines left out.
    static func lines(_ file: String) throws -> [String] {
        try String(contentsOf: TestPaths.sharedFile(file), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Feeding audio to a stream the way a call does.
enum STTDecode {
    /// Feeds `samples` in chunks of `chunk` samples (20 ms by default), then finishes the utterance.
    static func transcribe(_ samples: [Int16], with stream: any RecognitionStream, chunk: Int = 320) throws -> (final: Hypothesis, partials: [Hypothesis]) {
        var partials: [Hypothesis] = []
        var start = 0
        while start < samples.count {
            let end = min(start + chunk, samples.count)
            if let partial = try stream.accept(Array(samples[start..<end])) { partials.append(partial) }
            start = end
        }
        return (try stream.finish(), partials)
    }
}

/// Word error rate: substitutions, deletions and insertions over the reference's words, both sides
/// normalised by `TranscriptNormalizer`.
struct WordErrors: CustomStringConvertible {
    var errors = 0
    var words = 0

    var rate: Double { words == 0 ? 0 : Double(errors) / Double(words) }

    mutating func add(reference: String, hypothesis: String) {
        let expected = TranscriptNormalizer.words(in: reference), heard = TranscriptNormalizer.words(in: hypothesis)
        errors += Self.distance(expected, heard)
        words += expected.count
    }

    static func distance(_ a: [String], _ b: [String]) -> Int {
        var previous = Array(0...b.count)
        for (i, word) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for j in b.indices {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == b[j] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    var description: String { String(format: "%.1f%% (%d/%d)", rate * 100, errors, words) }
}
