/// What a handler (or the call-start hooks) answered, collected from its host-function calls.
///
/// ```swift
/// let outcome = await host.runIntent("billing.pay", turn: TurnInput(callID: "c1", utterance: "pay my bill"))
/// switch outcome.status {
/// case .completed: speak(outcome.says)
/// case .failed, .timedOut: apologise()
/// case .unknownIntent: clarify()
/// }
/// ```
public struct TurnOutcome: Sendable, Equatable, Codable {
    /// The plugin that handled the turn; nil for an unknown intent and for merged call-start hooks.
    public var plugin: String?
    /// Its generation.
    public var generation: Int?
    /// What to say, in order.
    public var says: [String]
    /// A slot of the routed intent to ask for next.
    public var askSlot: SlotRequest?
    /// The caller should talk to a person, for this reason.
    public var transferReason: String?
    /// End the call after speaking.
    public var endCall: Bool
    /// Facts (a JSON object) for the LLM to phrase the answer from.
    public var deferredFacts: String?
    /// Per-call values set (or removed: nil) in order.
    public var callValueChanges: [CallValueChange]
    /// The customer record the handler set (a JSON object), nil when unchanged.
    public var customerJSON: String?
    public var status: TurnStatus

    public init(
        plugin: String? = nil, generation: Int? = nil, says: [String] = [], askSlot: SlotRequest? = nil,
        transferReason: String? = nil, endCall: Bool = false, deferredFacts: String? = nil,
        callValueChanges: [CallValueChange] = [], customerJSON: String? = nil, status: TurnStatus = .completed
    ) {
        self.plugin = plugin
        self.generation = generation
        self.says = says
        self.askSlot = askSlot
        self.transferReason = transferReason
        self.endCall = endCall
        self.deferredFacts = deferredFacts
        self.callValueChanges = callValueChanges
        self.customerJSON = customerJSON
        self.status = status
    }
}

/// How a turn ended.
public enum TurnStatus: Sendable, Equatable, Codable {
    /// The handler returned `SD_OK`.
    case completed
    /// The handler returned `SD_ERR` (or the host refused to run it); the reason is logged too.
    case failed(String)
    /// The handler overran the deadline; what it recorded is dropped and the plugin is degraded.
    case timedOut
    /// No loaded plugin owns the intent.
    case unknownIntent
}

/// `ask_slot`: which slot to ask for, and the handler's own question.
public struct SlotRequest: Sendable, Equatable, Codable {
    public var slot: String
    /// The question the handler passed; nil when it passed NULL (ask the slot's declared question,
    /// ``RegisteredSlot/question``).
    public var question: String?

    public init(slot: String, question: String?) {
        self.slot = slot
        self.question = question
    }
}

/// One `call_set`.
public struct CallValueChange: Sendable, Equatable, Codable {
    public var key: String
    /// nil removes the value.
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}
