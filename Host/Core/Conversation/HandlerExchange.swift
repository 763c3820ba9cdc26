/// What the session asks the agent to hand a skill: the turn as the plugin ABI presents it.
public struct HandlerRequest: Sendable, Equatable {
    /// The intent to run; empty for the call-start hooks.
    public var intent: String
    public var utterance: String
    public var confidence: Float
    /// Canonical slot text by slot name.
    public var slots: [String: String]
    public var entities: [Entity]
    public var callValues: [String: String]
    public var customerJSON: String?
    /// The handoff record as of this turn; its ``HandoffRecord/summary`` is made only when read.
    public var handoff: HandoffRecord
    /// The extractive summary of the call so far.
    public var summary: String { handoff.summary }
    /// Set when the host escalated on its own (also in the call value `host.escalation_reason`).
    public var escalationReason: EscalationReason?
}

/// What a skill answered, as the agent collected it from the plugin's host-function calls.
public struct HandlerResult: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case completed
        /// The handler reported failure (or crashed out of a tool it called).
        case failed(String)
        /// It overran its deadline; the plugin is now degraded.
        case timedOut
        /// No plugin owns the intent any more (unloaded between routing and running).
        case unknownIntent
    }

    public var status: Status
    public var says: [String]
    /// A slot of the routed intent to ask for, with the question to use (nil: the declared one,
    /// unless the handler said something this turn — then its words are the question).
    public var askSlot: (name: String, question: String?)?
    public var transferReason: String?
    public var endCall: Bool
    public var deferredFacts: String?
    /// Per-call values set (or removed, nil) in order.
    public var valueChanges: [ValueChange]
    public var customerJSON: String?

    public struct ValueChange: Sendable, Equatable {
        public var key: String
        public var value: String?
        public init(key: String, value: String?) {
            self.key = key
            self.value = value
        }
    }

    public init(
        status: Status = .completed, says: [String] = [], askSlot: (name: String, question: String?)? = nil,
        transferReason: String? = nil, endCall: Bool = false, deferredFacts: String? = nil,
        valueChanges: [ValueChange] = [], customerJSON: String? = nil
    ) {
        self.status = status
        self.says = says
        self.askSlot = askSlot
        self.transferReason = transferReason
        self.endCall = endCall
        self.deferredFacts = deferredFacts
        self.valueChanges = valueChanges
        self.customerJSON = customerJSON
    }

    public static func == (lhs: HandlerResult, rhs: HandlerResult) -> Bool {
        lhs.status == rhs.status && lhs.says == rhs.says && lhs.askSlot?.name == rhs.askSlot?.name
            && lhs.askSlot?.question == rhs.askSlot?.question && lhs.transferReason == rhs.transferReason
            && lhs.endCall == rhs.endCall && lhs.deferredFacts == rhs.deferredFacts
            && lhs.valueChanges == rhs.valueChanges && lhs.customerJSON == rhs.customerJSON
    }
}

/// Why the host escalated a call to a person.
public enum EscalationReason: String, Sendable, Equatable {
    case explicitRequest = "caller asked for a person"
    case repeatedMisunderstanding = "the agent did not understand the caller several times in a row"
    case frustration = "the caller sounded frustrated"
    case skillRequest = "a skill asked for a transfer"
}
