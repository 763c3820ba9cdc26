import Locks

/// A recognition session on one pooled PocketSphinx decoder (see `RecognitionStream`).
public final class PocketSphinxStream: RecognitionStream {
    private struct State {
        var decoder: PocketSphinxDecoder?
        /// A search change asked for during an utterance, applied when it ends.
        var pendingSearch: SlotGrammar??
    }

    private let state: Mutex<State>
    private let recognizer: PocketSphinxRecognizer

    init(decoder: PocketSphinxDecoder, recognizer: PocketSphinxRecognizer) {
        state = Mutex(State(decoder: decoder))
        self.recognizer = recognizer
    }

    deinit {
        close()
    }

    public func accept(_ samples: [Int16]) throws -> Hypothesis? {
        try state.withLock { state in
            guard let decoder = state.decoder else { throw SpeechRecognitionError.streamClosed }
            return try samples.withUnsafeBufferPointer { try decoder.process($0) }
        }
    }

    public func finish() throws -> Hypothesis {
        try state.withLock { state in
            guard let decoder = state.decoder else { throw SpeechRecognitionError.streamClosed }
            let hypothesis = try decoder.finishUtterance()
            if let pending = state.pendingSearch {
                state.pendingSearch = nil
                try decoder.select(pending)
            }
            return hypothesis
        }
    }

    public func useGrammar(_ grammar: SlotGrammar?) {
        state.withLock { state in
            guard let decoder = state.decoder else { return }
            if decoder.inUtterance {
                state.pendingSearch = .some(grammar)
            } else {
                state.pendingSearch = nil
                // The grammars were registered when the decoder was made: selecting one cannot
                // fail short of a broken decoder, which the next `accept` would report anyway.
                try? decoder.select(grammar)
            }
        }
    }

    public func close() {
        let decoder = state.withLock { state -> PocketSphinxDecoder? in
            defer { state.decoder = nil }
            return state.decoder
        }
        if let decoder { recognizer.release(decoder) }
    }

    /// The live cepstral mean the decoder has adapted to (13 values; empty once closed): read it
    /// after `finish()` on a channel's audio to measure that channel's `-cmninit`.
    public var cepstralMean: [Float] {
        state.withLock { $0.decoder?.cepstralMean ?? [] }
    }
}
