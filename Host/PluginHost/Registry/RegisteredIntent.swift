import Core

/// An intent a plugin registered, with what routing and slot filling need.
public struct RegisteredIntent: Sendable, Equatable, Codable {
    /// `[a-z0-9_.]`, e.g. `billing.pay`.
    public var name: String
    /// One line: "pay your bill".
    public var description: String
    /// Example phrases (1…500).
    public var examples: [String]
    /// The slots in declaration order.
    public var slots: [RegisteredSlot]
    /// `SD_INTENT_ESCALATION`: escalations are routed here.
    public var isEscalationTarget: Bool
    /// `SD_INTENT_SIDE_EFFECTS`: it acts, after a read-back the caller confirms.
    public var hasSideEffects: Bool
    /// The plugin that registered it.
    public var plugin: String
    /// That plugin's generation.
    public var generation: Int

    public init(
        name: String, description: String, examples: [String], slots: [RegisteredSlot],
        isEscalationTarget: Bool, hasSideEffects: Bool = false, plugin: String, generation: Int
    ) {
        self.hasSideEffects = hasSideEffects
        self.name = name
        self.description = description
        self.examples = examples
        self.slots = slots
        self.isEscalationTarget = isEscalationTarget
        self.plugin = plugin
        self.generation = generation
    }
}

/// A slot an intent declared.
public struct RegisteredSlot: Sendable, Equatable, Codable {
    /// `[a-z0-9_]`, unique within the intent.
    public var name: String
    public var kind: SlotKind
    /// What the agent asks when the slot is missing.
    public var question: String
    /// `SD_SLOT_OPTIONAL`: not asked for before the handler runs.
    public var optional: Bool

    public init(name: String, kind: SlotKind, question: String, optional: Bool) {
        self.name = name
        self.kind = kind
        self.question = question
        self.optional = optional
    }
}
