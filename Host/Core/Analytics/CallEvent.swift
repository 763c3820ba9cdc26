/// One fact about a call, as analytics records it: every transport emits the same kinds. Values
/// are already redacted (``Redaction/forStorage(_:)``) when an event is made; `id` is unique so a
/// replayed event lands once.
public struct CallEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case callStarted = "call_started"
        /// A caller turn as the agent handled it (its path, intent and the host's stages).
        case turn
        /// A spoken turn's audio timing (endpointing, recognition, first audio, end to end).
        case turnAudio = "turn_audio"
        case toolCall = "tool_call"
        /// A clarifying question asked (`outcome` nil) or settled (`outcome` resolved / abandoned).
        case clarification
        case bargeIn = "barge_in"
        case handoff
        case callEnded = "call_ended"
        case alert
        /// A speech engine failed mid-call (`outcome`: recognizer or synthesizer; `detail`: why).
        case engineError = "engine_error"
    }

    /// Where a turn's time went, in milliseconds.
    public enum Stage: String, Sendable, Codable, CaseIterable {
        case endpointing, recognition, classification, skill
        case llmFirstToken = "llm_first_token"
        case firstAudio = "first_audio"
        case endToEnd = "end_to_end"
    }

    /// Which part of the agent decided a turn.
    public enum Path: String, Sendable, Codable, CaseIterable {
        case fastPath = "fast_path", llm, clarification
        case slotAnswer = "slot_answer"
        case notUnderstood = "not_understood"
        case social, resumed, escalation
        /// A question no skill covers, answered by the language model.
        case modelAnswer = "model_answer"
    }

    public var id: String
    public var callID: String
    /// Milliseconds since 1970 (UTC).
    public var at: Int64
    public var kind: Kind
    /// The host that recorded it (several hosts may share one store).
    public var host: String?
    public var transport: String?
    public var caller: String?
    public var turn: Int?
    public var utterance: String?
    public var intent: String?
    public var path: Path?
    public var confidence: Double?
    /// call_ended: resolved / escalated / abandoned; clarification: resolved / abandoned;
    /// tool_call: ok / failed; alert: its severity.
    public var outcome: String?
    public var latency: [Stage: Double]
    /// call_ended: the call's length; tool_call: the tool's time.
    public var durationMs: Double?
    /// Whatever else the kind carries, as a small JSON object (the handoff's reason and summary,
    /// the plugins' generations, the tool's name, the alert's text).
    public var detail: String?

    public init(
        id: String, callID: String, at: Int64, kind: Kind, host: String? = nil, transport: String? = nil,
        caller: String? = nil, turn: Int? = nil, utterance: String? = nil, intent: String? = nil, path: Path? = nil,
        confidence: Double? = nil, outcome: String? = nil, latency: [Stage: Double] = [:], durationMs: Double? = nil,
        detail: String? = nil
    ) {
        self.id = id
        self.callID = callID
        self.at = at
        self.kind = kind
        self.host = host
        self.transport = transport
        self.caller = caller
        self.turn = turn
        self.utterance = utterance
        self.intent = intent
        self.path = path
        self.confidence = confidence
        self.outcome = outcome
        self.latency = latency
        self.durationMs = durationMs
        self.detail = detail
    }
}

/// Where calls send their events. `record` must return at once (a call never waits on analytics).
public protocol CallEventSink: Sendable {
    func record(_ event: CallEvent)
}
