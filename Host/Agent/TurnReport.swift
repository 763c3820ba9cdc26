import Core

/// What one caller turn (or the greeting) produced, and how long the host took.
public struct TurnReport: Sendable {
    public init() {}

    /// What the agent says, in order.
    public var replies: [String] = []
    /// Of ``replies``, those already handed to the caller's speech while the turn ran (an
    /// answer streamed sentence by sentence, a holding phrase): not to be spoken again.
    public var spokenEarly: [String] = []
    /// The session's turn number these replies belong to (0 for the greeting).
    public var turn = 0
    /// The intent routed this turn, how, and its score.
    public var intent: String?
    public var path: ConversationEvent.Path?
    public var confidence: Float?
    /// The best candidates the index returned (for `--verbose`).
    public var candidates: [IntentCandidate] = []
    /// The calibrated decision's best intent and confidence, when its model was current.
    public var calibrated: CalibratedChoice?
    /// The language model's verdict and how long it took, when it was asked.
    public var languageModelVerdict: LanguageModelRouter.Verdict?
    public var languageModel: Duration = .zero
    /// How long the model took to its first token when it answered or wrote this turn's words.
    public var languageModelFirstToken: Duration?
    /// The tools the language model called this turn, with their results.
    public var toolCalls: [ToolExchange] = []
    public var state: SessionState = .listening
    /// How these replies should sound (the speech layer's voice settings follow it).
    public var style: SpeakingStyle = .neutral
    public var transfer: HandoffRecord?
    public var ended = false
    public var events: [ConversationEvent] = []
    /// Plugins that answered (name and generation), in order.
    public var handledBy: [(plugin: String, generation: Int)] = []
    /// Embedding the utterance and searching the index.
    public var embedding: Duration = .zero
    /// Everything else the host did: session, entity extraction, plugin calls.
    public var host: Duration = .zero
    /// Of `host`, the time inside plugin handlers.
    public var handlers: Duration = .zero
}
