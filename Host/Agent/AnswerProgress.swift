import Core
import Locks

extension AnswerComposer {
    /// What one answer has done so far — tools called, sentences spoken, the holding phrase —
    /// readable after its deadline cut it short, and the one place that speaks, so the holding
    /// phrase never lands after the first sentence.
    final class Progress: Sendable {
        struct State {
            var exchanges: [ToolExchange] = []
            var steps = 0
            var spoken: [String] = []
            var holding: String?
            /// The model said it had no answer (or wrote something not to be spoken): nothing more
            /// of it is spoken.
            var refused = false
            var finished = false
            var proposal: ProposedToolCall?
            /// When the request now waiting for its first piece was sent (`nil`: none waits).
            var waitingSince: ContinuousClock.Instant?
            /// How long the first request waited for its first piece.
            var firstToken: Duration?
        }

        let state = Mutex(State())
        let sink: SentenceSink?

        init(sink: SentenceSink?) {
            self.sink = sink
        }

        /// A request to the model was sent / its first piece came.
        func sent() { state.withLock { $0.waitingSince = .now } }
        func heard() {
            state.withLock { state in
                if state.firstToken == nil, let since = state.waitingSince { state.firstToken = .now - since }
                state.waitingSince = nil
            }
        }

        /// How long the current request has waited for its first piece.
        var waiting: Duration? { state.withLock { state in state.waitingSince.map { ContinuousClock.now - $0 } } }

        /// Sentences the model completed: spoken at once, unless one is not for the caller.
        func said(_ sentences: [String]) {
            guard let sink, !sentences.isEmpty else { return }
            state.withLock { state in
                for sentence in sentences where !state.refused && !state.finished {
                    if AnswerComposer.spoken(sentence) == nil {
                        state.refused = true
                    } else {
                        sink(sentence, state.spoken.isEmpty)
                        state.spoken.append(sentence)
                    }
                }
            }
        }

        /// The answer is late: the holding phrase, if nothing has been said yet.
        func hold(_ phrase: String) {
            guard let sink else { return }
            state.withLock { state in
                guard state.spoken.isEmpty, state.holding == nil, !state.finished else { return }
                state.holding = phrase
                sink(phrase, true)
            }
        }

        /// The answer as the session records it: what was spoken sentence by sentence when there
        /// was a sink (even when the deadline cut it short), else the model's final words.
        func finish(text: String?) -> ComposedAnswer {
            state.withLock { state in
                state.finished = true
                let streamed = sink != nil && !state.spoken.isEmpty
                return ComposedAnswer(
                    text: streamed ? state.spoken.joined(separator: " ") : (sink != nil && state.refused ? nil : text),
                    exchanges: state.exchanges, steps: state.steps, holding: state.holding, streamed: streamed,
                    proposal: state.proposal, firstToken: state.firstToken
                )
            }
        }
    }
}
