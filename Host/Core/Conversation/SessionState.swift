/// Where a call is (DESIGN.md: greeting → listening → thinking → listening …, with slot filling,
/// clarification and the terminal states).
public enum SessionState: Sendable, Equatable {
    /// Call-start hooks are running; the greeting follows.
    case greeting
    case listening
    /// A skill handler is running for this task.
    case thinking(intent: String)
    /// The last thing said asked for `slot` of `intent`.
    case awaitingSlot(intent: String, slot: String)
    /// The caller was asked which of these intents they meant.
    case clarifying(candidates: [String])
    /// The caller was asked whether to return to a task a topic switch interrupted.
    case offeringResume(intent: String)
    /// The caller was asked to confirm an action the language model proposed (a tool with side
    /// effects): it runs only on a yes.
    case confirmingToolCall(tool: String)
    case transferring
    case ended

    public var isFinished: Bool { self == .transferring || self == .ended }
}
