import Foundation
import Speech

/// `smartdesk bench speech`: the embedded engines on the phone path. Every sentence of the
/// development set is synthesised (Flite), sent down a phone line (16 → 8 kHz, μ-law and back,
/// upsampled with the band fill) and recognised (PocketSphinx with the bundled skills' domain
/// language model), in 20 ms chunks as a call would deliver them. Each round speaks its own
/// rendition (``VoiceSettings/rendition``), so the word error rate covers several.
struct SpeechBenchmark {
    let sentences: [String]
    let phrases: [String]
    let rounds: Int
    var recognizerConfiguration = PocketSphinxConfiguration()
    /// Print each misrecognised sentence with what was heard.
    var showMisses = false

    func run() async throws {
        let clock = ContinuousClock()
        let synthesizer = try FliteSynthesizer()
        var firstChunk = LatencyRecorder()
        var ttsSeconds = 0.0, ttsAudio = 0.0
        var speech: [[[Int16]]] = []
        for round in 0..<rounds {
            let voice = try VoiceSettings(rendition: UInt64(round))
            speech.append([])
            for sentence in sentences {
                let started = clock.now
                var first: Duration?
                var samples: [Int16] = []
                for try await chunk in synthesizer.synthesize(sentence, voice: voice) {
                    if first == nil { first = clock.now - started }
                    samples += chunk.samples
                }
                let elapsed = clock.now - started
                speech[round].append(samples)
                firstChunk.record(first ?? elapsed)
                ttsSeconds += elapsed.milliseconds / 1000
                ttsAudio += Double(samples.count) / Double(synthesizer.sampleRate)
            }
        }
        print("TTS (Flite cmu_us_slt, \(sentences.count) sentences × \(rounds)):")
        print("  first audio chunk after the sentence is handed over: \(firstChunk.summary)")
        print(String(format: "  real-time factor: %.4f (%.1f s of audio in %.2f s)", ttsSeconds / ttsAudio, ttsAudio, ttsSeconds))

        let buildStarted = clock.now
        let recognizer = try PocketSphinxRecognizer(phrases: phrases, configuration: recognizerConfiguration)
        let buildTime = clock.now - buildStarted
        await recognizer.prewarm()
        var finalLatency = LatencyRecorder()
        var errors = 0, words = 0
        var perRendition = Array(repeating: (errors: 0, words: 0), count: rounds)
        var sttSeconds = 0.0, sttAudio = 0.0
        var openTimes = LatencyRecorder()
        for round in 0..<rounds {
            for (sentence, samples) in zip(sentences, speech[round]) {
                let phone = try Self.phoneLine(samples, from: synthesizer.sampleRate)
                let opened = clock.now
                let stream = try recognizer.makeStream()
                openTimes.record(clock.now - opened)
                let started = clock.now
                var index = 0
                while index < phone.count {
                    _ = try stream.accept(Array(phone[index..<min(index + 320, phone.count)]))
                    index += 320
                }
                let lastChunk = clock.now
                let hypothesis = try stream.finish()
                let done = clock.now
                stream.close()
                finalLatency.record(done - lastChunk)
                sttSeconds += (done - started).milliseconds / 1000
                sttAudio += Double(phone.count) / 16000
                let reference = TranscriptNormalizer.words(in: sentence)
                let wrong = Self.editDistance(reference, TranscriptNormalizer.words(in: hypothesis.text))
                errors += wrong
                words += reference.count
                perRendition[round].errors += wrong
                perRendition[round].words += reference.count
                if showMisses, wrong > 0 { print("  miss (rendition \(round)): \(sentence) → \(hypothesis.text)") }
            }
        }
        print("STT (PocketSphinx, domain LM from \(phrases.count) example phrases, built in \(ChatCommand.ms(buildTime))), phone path:")
        print(String(format: "  word error rate over %d rendition(s): %.1f%% (%d errors in %d words)", rounds, 100 * Double(errors) / Double(max(words, 1)), errors, words))
        let each = perRendition.map { String(format: "%.1f%%", 100 * Double($0.errors) / Double(max($0.words, 1))) }
        print("  by rendition: \(each.joined(separator: ", "))")
        print(String(format: "  real-time factor per stream: %.3f", sttSeconds / sttAudio))
        print("  final hypothesis after the last chunk: \(finalLatency.summary)")
        print("  opening a stream (decoder from the pool): \(openTimes.summary)")
        if let resident = ProcessMemory.residentMegabytes() { print(String(format: "Resident memory: %.0f MB", resident)) }
    }

    /// What a caller's words sound like after a phone line: 8 kHz μ-law, back to 16 kHz.
    static func phoneLine(_ samples: [Int16], from rate: Int) throws -> [Int16] {
        let down = try Resampler(from: rate, to: 8000)
        let narrow = down.process(samples) + down.flush()
        let line = G711Law.muLaw.decode(G711Law.muLaw.encode(narrow))
        var up = try PhoneAudioUpsampler()
        return up.process(line) + up.flush()
    }

    /// Word-level Levenshtein distance (substitutions, insertions, deletions).
    static func editDistance(_ reference: [String], _ hypothesis: [String]) -> Int {
        guard !reference.isEmpty else { return hypothesis.count }
        var previous = Array(0...hypothesis.count)
        for (i, word) in reference.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: hypothesis.count)
            for (j, heard) in hypothesis.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == heard ? 0 : 1))
            }
            previous = current
        }
        return previous[hypothesis.count]
    }
}
