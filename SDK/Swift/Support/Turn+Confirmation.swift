/// How the caller answered a read-back ("I can book you for … Shall I book it?").
public enum Confirmation: Sendable, Equatable {
    /// Not asked about this proposal yet (or the answer was neither yes nor no): read it back.
    case unasked
    case confirmed
    case declined
}

extension Turn {
    /// The caller's answer to the read-back of `proposal`, a string that identifies exactly what
    /// would be done ("book:2026-12-01T15:00"). A `yes_no` slot only counts when it answers the
    /// read-back of this very proposal: a "yes" heard earlier in the call, or one given before the
    /// caller changed the time, never confirms something they were not asked about.
    ///
    /// ```swift
    /// switch turn.confirmation(of: proposal, key: "scheduling.proposal") {
    /// case .unasked: turn.askToConfirm(proposal, key: "scheduling.proposal", question: "Shall I book it?")
    /// case .confirmed: book(); turn.forgetProposal(key: "scheduling.proposal")
    /// case .declined: turn.say("Okay."); turn.forgetProposal(key: "scheduling.proposal")
    /// }
    /// ```
    public func confirmation(of proposal: String, key: String, slot: String = "confirm") -> Confirmation {
        guard value(key) == proposal else { return .unasked }
        switch self.slot(slot) {
        case "yes": return .confirmed
        case "no": return .declined
        default: return .unasked
        }
    }

    /// Remembers `proposal` for this call (per-call value `key`) and asks the `yes_no` slot.
    public func askToConfirm(_ proposal: String, key: String, question: String, slot: String = "confirm") {
        setValue(proposal, for: key)
        ask(slot, question: question)
    }

    /// Forgets the proposal once it has been answered.
    public func forgetProposal(key: String) {
        setValue(nil, for: key)
    }
}
