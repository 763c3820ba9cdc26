import Core
import Speech
import Locks

/// A synthesiser whose audio length is known in advance: every word of a sentence is `perWord`
/// of a steady tone, one chunk per sentence. It records what it was asked to say and can be told
/// to fail on texts containing a phrase.
public final class ScriptedSynthesizer: SpeechSynthesizer {
    public struct Failure: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "scripted synthesiser failure on \"\(text)\"" }
    }

    public let sampleRate: Int
    public let perWord: Duration
    private let state = Mutex<(spoken: [String], failing: [String])>(([], []))

    public init(sampleRate: Int = 8_000, perWord: Duration = .milliseconds(300)) {
        self.sampleRate = sampleRate
        self.perWord = perWord
    }

    /// Texts asked for, in order.
    public var spoken: [String] { state.withLock { $0.spoken } }
    /// Fails any text containing `phrase`.
    public func fail(on phrase: String) { state.withLock { $0.failing.append(phrase) } }

    /// The chunks for `text`, at once (what `synthesize` streams).
    public func audio(for text: String) throws -> [AudioChunk] {
        let failing = state.withLock { state in
            state.spoken.append(text)
            return state.failing.contains { text.contains($0) }
        }
        if failing { throw Failure(text: text) }
        return sentences(of: text).enumerated().map { index, sentence in
            let words = sentence.split(whereSeparator: \.isWhitespace).count
            let samples = Array(repeating: Int16(1_000), count: AudioTime.samples(perWord, rate: sampleRate) * words)
            return AudioChunk(samples: samples, sampleRate: sampleRate, sentence: index, offset: 0, endsSentence: true)
        }
    }

    /// Samples `text` takes (all its sentences).
    public func length(of text: String) -> Int {
        sentences(of: text).reduce(0) { $0 + $1.split(whereSeparator: \.isWhitespace).count } * AudioTime.samples(perWord, rate: sampleRate)
    }

    public func synthesize(_ text: String, voice: VoiceSettings) -> AsyncThrowingStream<AudioChunk, any Error> {
        AsyncThrowingStream { continuation in
            do {
                for chunk in try audio(for: text) { continuation.yield(chunk) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }
}
