import Speech
import Locks

/// A recogniser that hears what the test says it hears: each utterance's final words are queued
/// with ``hears(_:)`` (the main stream) or ``checkingHears(_:)`` (the language model beside a
/// slot grammar), and each `finish()` takes the next. No audio is decoded, so a call runs in
/// microseconds and every result is known in advance. It can be told to fail at any step.
///
/// The first stream a recogniser makes is the call's main stream; later ones are checking
/// streams (a ``VoiceCall`` opens them in that order). One recogniser per call.
public final class ScriptedRecognizer: SpeechRecognizer {
    /// A step that fails while set.
    public enum Step: Hashable, Sendable { case open, feed, finish }

    public struct Failure: Error, CustomStringConvertible {
        public let step: Step
        public var description: String { "scripted recogniser failure at \(step)" }
    }

    struct State {
        var words: [String] = []
        var checkingWords: [String] = []
        var failing: Set<Step> = []
        var streams = 0
        var samplesFed = 0
        var grammars: [SlotGrammar?] = []
        var finishes = 0
        var closed = 0
    }

    let state = Mutex(State())

    public init(hearing words: [String] = []) {
        state.withLock { $0.words = words }
    }

    /// The main stream's next final words.
    public func hears(_ words: String) { state.withLock { $0.words.append(words) } }
    /// The checking stream's next final words.
    public func checkingHears(_ words: String) { state.withLock { $0.checkingWords.append(words) } }
    /// Makes `step` fail (or succeed again, with `false`).
    public func fail(_ step: Step, _ failing: Bool = true) {
        state.withLock { if failing { $0.failing.insert(step) } else { $0.failing.remove(step) } }
    }

    /// Streams opened, samples fed, grammars asked for (in order), finishes, streams closed.
    public var streamsOpened: Int { state.withLock { $0.streams } }
    public var samplesFed: Int { state.withLock { $0.samplesFed } }
    public var grammarsUsed: [SlotGrammar?] { state.withLock { $0.grammars } }
    public var finishes: Int { state.withLock { $0.finishes } }
    public var streamsClosed: Int { state.withLock { $0.closed } }
    /// Scripted words not yet heard.
    public var unheard: [String] { state.withLock { $0.words } }

    public func makeStream(options: RecognitionOptions) throws -> any RecognitionStream {
        try state.withLock { state in
            if state.failing.contains(.open) { throw Failure(step: .open) }
            state.streams += 1
            return Stream(recognizer: self, checking: state.streams > 1)
        }
    }

    final class Stream: RecognitionStream {
        let recognizer: ScriptedRecognizer
        let checking: Bool

        init(recognizer: ScriptedRecognizer, checking: Bool) {
            self.recognizer = recognizer
            self.checking = checking
        }

        func accept(_ samples: [Int16]) throws -> Hypothesis? {
            try recognizer.state.withLock { state in
                if state.failing.contains(.feed) { throw Failure(step: .feed) }
                state.samplesFed += samples.count
                return nil
            }
        }

        func finish() throws -> Hypothesis {
            try recognizer.state.withLock { state in
                if state.failing.contains(.finish) { throw Failure(step: .finish) }
                state.finishes += 1
                if checking {
                    return Hypothesis(text: state.checkingWords.isEmpty ? "" : state.checkingWords.removeFirst(), isFinal: true)
                }
                return Hypothesis(text: state.words.isEmpty ? "" : state.words.removeFirst(), isFinal: true)
            }
        }

        func useGrammar(_ grammar: SlotGrammar?) {
            guard !checking else { return }
            recognizer.state.withLock { $0.grammars.append(grammar) }
        }

        func close() { recognizer.state.withLock { $0.closed += 1 } }
    }
}
