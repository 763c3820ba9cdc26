import Core
import Speech

/// How the call listens for the caller's next words, chosen from what the conversation awaits:
/// a slot grammar for a closed answer (yes/no, digits, a date, a time), a longer pause for digits
/// and addresses, and the number of keypad digits that completes an answer.
public struct ListeningMode: Sendable, Equatable {
    /// The grammar the recogniser decodes with (`nil`: the domain language model).
    public var grammar: SlotGrammar?
    /// What the endpointer should expect (holds the turn open for unfinished digits and addresses).
    public var expecting: EntityKind?
    /// The slot being filled, for logs and tests.
    public var slot: String?

    public init(grammar: SlotGrammar? = nil, expecting: EntityKind? = nil, slot: String? = nil) {
        self.grammar = grammar
        self.expecting = expecting
        self.slot = slot
    }

    /// Open conversation: the language model, plain endpointing.
    public static let open = ListeningMode()

    /// The mode for the session's `state`: only an awaited slot narrows it.
    public static func mode(for state: SessionState, catalog: SkillCatalog, grammars: Bool = true) -> ListeningMode {
        guard case .awaitingSlot(let intent, let slot) = state,
              let requirement = catalog[intent]?.slot(slot) else { return .open }
        var mode = ListeningMode(slot: slot)
        switch requirement.kind {
        case .yesNo:
            mode.grammar = .yesNo
        case .digits:
            mode.grammar = .digits
            mode.expecting = .digits
        case .phoneNumber:
            mode.grammar = .digits
            mode.expecting = .phoneNumber
        case .date:
            mode.grammar = .date
            mode.expecting = .date
        case .time:
            mode.grammar = .time
            mode.expecting = .time
        case .email:
            mode.expecting = .email
        case .duration, .money, .text:
            break
        }
        if !grammars { mode.grammar = nil }
        return mode
    }
}
