/// What the session wants done; the caller (the agent) performs it and reports back.
public enum SessionAction: Sendable, Equatable {
    /// Run every plugin's call-start hooks, then report with `Session.callStartFinished`.
    case runCallStartHooks(HandlerRequest)
    /// Run this intent's handler, then report with `Session.handlerFinished`.
    case runHandler(HandlerRequest)
    /// Speak (or print) this.
    case say(String)
    /// Answer this question nothing covers from what is known of the business (a language
    /// model), then report with `Session.openQuestionAnswered`.
    case answerOpenQuestion(String)
    /// Run the tool call the caller just confirmed, then report with `Session.toolCallRan`.
    case runToolCall(ProposedToolCall)
    /// Hand the call to a person; the record carries the summary.
    case transfer(HandoffRecord)
    /// Hang up after what was said has been spoken.
    case endCall
    /// Something worth counting happened.
    case record(ConversationEvent)
}

/// Analytics facts a session emits as it goes.
public enum ConversationEvent: Sendable, Equatable {
    public enum Path: String, Sendable {
        case fastPath = "fast_path", slotAnswer = "slot_answer", clarified, escalation, resumed
        /// The language model decided what the fast path could not.
        case languageModel = "llm"
    }
    case intentRouted(intent: String, path: Path, confidence: Float)
    case slotFilled(intent: String, slot: String)
    case clarificationAsked(candidates: [String])
    case clarificationResolved(intent: String)
    /// The caller settled a clarifying question by naming or confirming `intent`: what they said
    /// first is an example of it worth learning.
    case exampleConfirmed(intent: String, utterance: String)
    case notUnderstood(consecutive: Int)
    /// A greeting, thanks, "are you still there", "hang on": answered, never a miss.
    case socialTurn
    /// A question no skill covers, answered by the language model from the business profile.
    case openQuestionAnswered
    /// A question no skill and no profile answer covers: answered honestly, never a miss.
    case outOfScope
    case topicSwitched(from: String, to: String)
    case escalated(EscalationReason)
    case handlerFailed(intent: String, reason: String)
    /// The language model proposed an action and the caller confirmed it (or turned it down).
    case toolCallConfirmed(tool: String, confirmed: Bool)
}
