/// Actions the language model proposes: a tool with side effects runs only after the caller's
/// yes to a read-back of it, once (docs/llm.md).
extension Session {
    /// The model proposed `call`: it is read back, and nothing runs until the caller says yes.
    public mutating func toolCallProposed(_ call: ProposedToolCall, catalog: SkillCatalog) -> [SessionAction] {
        proposedToolCall = call
        state = .confirmingToolCall(tool: call.tool)
        notePendingQuestion()
        return [speak(call.readBack)]
    }

    mutating func answerToolConfirmation(
        utterance: String, entities: [Entity], signals: CallerSignals, decision: FastPathDecision,
        candidates: [IntentCandidate], catalog: SkillCatalog
    ) -> [SessionAction] {
        guard let call = proposedToolCall else {
            state = .listening
            return route(utterance, entities: entities, signals: signals, decision: decision, candidates: candidates, catalog: catalog)
        }
        let polarity = signals.polarity ?? Self.yesNo(in: entities)
        // A yes that asks for something else as well ("yes, and book me in") is not taken for
        // the action: only a plain yes, or one the fast path ties to nothing.
        if polarity == true, signals.answersOnlyYesOrNo || !decision.isDecided {
            proposedToolCall = nil
            state = .listening
            consecutiveFailures = 0
            return [.record(.toolCallConfirmed(tool: call.tool, confirmed: true)), .runToolCall(call)]
        }
        if polarity == false {
            proposedToolCall = nil
            closingAfterTask = false
            state = .listening
            return [.record(.toolCallConfirmed(tool: call.tool, confirmed: false)),
                    speak("Okay, I won't do that. Is there anything else I can help you with?")]
        }
        if decision.isDecided, !tentativeDecision {
            // Another request: the proposal is dropped, never run.
            proposedToolCall = nil
            state = .listening
            return [.record(.toolCallConfirmed(tool: call.tool, confirmed: false))]
                + route(utterance, entities: entities, signals: signals, decision: decision, candidates: candidates, catalog: catalog)
        }
        if let again = sayAgain(signals) { return again }
        if let social = socialTurn(signals, catalog: catalog) { return social }
        return [speak("Sorry, I need a yes or a no. " + call.readBack)]
    }

    /// The confirmed call ran: kept in memory with its result (once), and `replies` said.
    public mutating func toolCallRan(_ exchange: ToolExchange, replies: [String], catalog: SkillCatalog) -> [SessionAction] {
        toolCallsCompleted([exchange])
        let actions = replies.map { speak($0) }
        if closingAfterTask {
            closingAfterTask = false
            return actions + closeCall()
        }
        return actions
    }
}
