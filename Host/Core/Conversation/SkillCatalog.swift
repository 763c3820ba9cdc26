/// What the session needs to know about the registered intents: their slots and questions, their
/// descriptions (for clarifying and resuming) and which one receives escalations. Built from the
/// plugin registry by the agent; the session never sees plugins.
public struct SkillCatalog: Sendable, Equatable {
    public private(set) var intents: [String: IntentProfile]
    /// The intent escalations go to (the first flagged one by name), if any.
    public var escalationIntent: String? {
        intents.values.filter(\.isEscalationTarget).map(\.name).min()
    }

    public init(_ intents: [IntentProfile] = []) {
        self.intents = Dictionary(intents.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(intent: String) -> IntentProfile? { intents[intent] }
}

/// One intent as the conversation engine sees it.
public struct IntentProfile: Sendable, Equatable {
    public var name: String
    /// A verb phrase: "book an appointment". Used in "Do you want to book an appointment, or …?"
    /// and "Earlier you wanted to book an appointment."
    public var description: String
    public var slots: [SlotRequirement]
    public var isEscalationTarget: Bool
    /// It acts (pays, books, changes, transfers): decided only at the target precision. Without
    /// it the intent only answers and the lower answer precision decides it.
    public var hasSideEffects: Bool
    /// How many example phrases it was registered with (0: not known).
    public var exampleCount: Int
    /// ``TopicWords`` of its examples and description: what its questions are about.
    public var topicWords: Set<String>

    public init(
        name: String, description: String, slots: [SlotRequirement] = [], isEscalationTarget: Bool = false,
        hasSideEffects: Bool = false, examples: [String] = []
    ) {
        self.name = name
        self.description = description
        self.slots = slots
        self.isEscalationTarget = isEscalationTarget
        self.hasSideEffects = hasSideEffects
        self.exampleCount = examples.count
        self.topicWords = examples.isEmpty ? [] : examples.reduce(TopicWords.of(description)) { $0.union(TopicWords.of($1)) }
    }

    public func slot(_ name: String) -> SlotRequirement? { slots.first { $0.name == name } }
}

/// A slot an intent declares.
public struct SlotRequirement: Sendable, Equatable {
    public var name: String
    public var kind: SlotKind
    public var question: String
    /// Optional slots are not asked for before the handler runs; a handler may ask for them.
    public var optional: Bool

    public init(name: String, kind: SlotKind, question: String, optional: Bool = false) {
        self.name = name
        self.kind = kind
        self.question = question
        self.optional = optional
    }
}
