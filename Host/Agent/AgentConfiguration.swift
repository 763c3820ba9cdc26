import Core
import Embeddings

/// How an agent behaves on every call.
public struct AgentConfiguration: Sendable {
    public var session: SessionConfiguration
    public var clock: AgentClock
    /// Intents the index returns per utterance (the best per intent).
    public var candidates: Int
    /// The calibrated fast-path decision: target precision and the rest.
    public var decision: IntentDecisionSettings

    public init(
        session: SessionConfiguration = SessionConfiguration(), clock: AgentClock = .system, candidates: Int = 5,
        decision: IntentDecisionSettings = IntentDecisionSettings()
    ) {
        self.session = session
        self.clock = clock
        self.candidates = candidates
        self.decision = decision
    }
}
