extension Session {
    /// Starts `intent`: fills what slots the words already give, then asks for the first missing
    /// required slot or runs the handler.
    mutating func startTask(
        _ intent: String, utterance: String, confidence: Float, entities: [Entity], catalog: SkillCatalog,
        escalation: EscalationReason? = nil
    ) -> [SessionAction] {
        guard let profile = catalog[intent] else { return notUnderstood(catalog: catalog) }
        // Resuming the same intent keeps what was gathered.
        if let index = suspended.lastIndex(where: { $0.intent == intent }) {
            current = suspended.remove(at: index)
            memory.tasks[current!.recordIndex].outcome = .inProgress
            return continueTask(catalog: catalog, freshEntities: entities)
        }
        memory.tasks.append(TaskRecord(intent: intent, description: profile.description, slots: [:], outcome: .inProgress))
        current = ActiveTask(intent: intent, slots: [:], utterance: utterance, confidence: confidence,
                             entities: entities, recordIndex: memory.tasks.count - 1, escalation: escalation)
        return continueTask(catalog: catalog, freshEntities: entities)
    }

    /// Fills slots from `freshEntities` (never yes/no or free-text slots: "yes I'd like to book"
    /// must not confirm anything), then asks for what is missing or runs the handler.
    mutating func continueTask(catalog: SkillCatalog, freshEntities: [Entity]) -> [SessionAction] {
        guard var task = current, let profile = catalog[task.intent] else {
            state = .listening
            return []
        }
        let reader = SlotValueReader()
        var actions: [SessionAction] = []
        var used: Set<SlotKind> = []
        for slot in profile.slots where slot.kind != .yesNo && slot.kind != .text && !used.contains(slot.kind) {
            if let value = reader.value(for: slot.kind, utterance: "", entities: freshEntities) {
                used.insert(slot.kind)
                // The answer to the awaited slot was recorded where it was read.
                guard task.slots[slot.name] != value else { continue }
                task.slots[slot.name] = value
                actions.append(.record(.slotFilled(intent: task.intent, slot: slot.name)))
            }
        }
        current = task
        memory.tasks[task.recordIndex].slots = task.slots
        if let missing = profile.slots.first(where: { !$0.optional && task.slots[$0.name] == nil }) {
            state = .awaitingSlot(intent: task.intent, slot: missing.name)
            return actions + [speak(missing.question)]
        }
        return actions + runHandler()
    }

    mutating func runHandler() -> [SessionAction] {
        guard let task = current else { return [] }
        state = .thinking(intent: task.intent)
        return [.runHandler(request(
            intent: task.intent, utterance: memory.lastCallerWords(1).first ?? task.utterance,
            confidence: task.confidence, slots: task.slots, entities: task.entities, escalation: task.escalation
        ))]
    }

    /// The awaited slot's answer; or a topic switch; or a correction of another slot.
    mutating func answerSlot(
        intent: String, slot: String, utterance: String, entities: [Entity], decision: FastPathDecision,
        catalog: SkillCatalog
    ) -> [SessionAction] {
        guard var task = current, task.intent == intent, let profile = catalog[intent],
              let requirement = profile.slot(slot) else {
            state = .listening
            return route(utterance, entities: entities, signals: CallerSignals(utterance), decision: decision,
                         candidates: [], catalog: catalog)
        }
        let reader = SlotValueReader()
        let switchTarget = decision.intent.flatMap { $0 != intent ? $0 : nil }
        // A free-text slot takes anything, so a confident other intent wins over it.
        if requirement.kind == .text, let switchTarget {
            return topicSwitch(to: switchTarget, decision: decision, utterance: utterance, entities: entities, catalog: catalog)
        }
        if let value = reader.value(for: requirement.kind, utterance: utterance, entities: entities) {
            consecutiveFailures = 0
            statistics.slotAnswers += 1
            task.slots[slot] = value
            task.entities = entities
            current = task
            return [.record(.intentRouted(intent: intent, path: .slotAnswer, confidence: task.confidence)),
                    .record(.slotFilled(intent: intent, slot: slot))] + continueTask(catalog: catalog, freshEntities: entities)
        }
        if let switchTarget {
            return topicSwitch(to: switchTarget, decision: decision, utterance: utterance, entities: entities, catalog: catalog)
        }
        // "make it four instead" while a confirmation is awaited: a correction of another slot.
        let corrections = profile.slots.filter { $0.name != slot && $0.kind != .yesNo && $0.kind != .text }
            .compactMap { other in reader.value(for: other.kind, utterance: utterance, entities: entities).map { (other.name, $0) } }
        if !corrections.isEmpty {
            consecutiveFailures = 0
            for (name, value) in corrections { task.slots[name] = value }
            for other in profile.slots where other.kind == .yesNo { task.slots[other.name] = nil }
            task.entities = entities
            current = task
            return continueTask(catalog: catalog, freshEntities: [])
        }
        if decision.intent == intent {
            return continueTask(catalog: catalog, freshEntities: entities)
        }
        // Not an answer, but it sounds like another request: ask which, keeping this task to offer back.
        if case .notConfident(_, let ranked) = decision, let best = ranked.first, best.intent != intent,
           best.score >= configuration.clarifyFloor + 0.15 {
            let options = ranked.filter { $0.intent != intent && $0.score >= configuration.clarifyFloor
                && best.score - $0.score <= configuration.clarifySpread }.prefix(3).map(\.intent)
            let suspend = suspendCurrent(switchingTo: best.intent)
            return suspend + askClarification(Array(options), utterance: utterance, entities: entities, catalog: catalog)
        }
        consecutiveFailures += 1
        statistics.notUnderstood += 1
        if consecutiveFailures >= configuration.failuresBeforeEscalation {
            return [.record(.notUnderstood(consecutive: consecutiveFailures))] + escalate(.repeatedMisunderstanding, catalog: catalog)
        }
        return [.record(.notUnderstood(consecutive: consecutiveFailures)), speak("Sorry, I didn't get that. \(requirement.question)")]
    }

    mutating func topicSwitch(
        to intent: String, decision: FastPathDecision, utterance: String, entities: [Entity], catalog: SkillCatalog
    ) -> [SessionAction] {
        consecutiveFailures = 0
        statistics.fastPathDecisions += 1
        let score = { if case .decided(let best, _) = decision { return best.score } else { return 0 } }()
        return suspendCurrent(switchingTo: intent)
            + [.record(.intentRouted(intent: intent, path: .fastPath, confidence: score))]
            + startTask(intent, utterance: utterance, confidence: score, entities: entities, catalog: catalog)
    }

    mutating func suspendCurrent(switchingTo intent: String) -> [SessionAction] {
        guard var task = current else { return [] }
        task.offered = false
        statistics.topicSwitches += 1
        memory.tasks[task.recordIndex].outcome = .suspended
        memory.tasks[task.recordIndex].slots = task.slots
        suspended.removeAll { $0.intent == task.intent }
        suspended.append(task)
        current = nil
        return [.record(.topicSwitched(from: task.intent, to: intent))]
    }

    /// The skill answered: speak, then follow what it asked for (a slot, a transfer, the end), or
    /// close the task and offer back one a topic switch interrupted.
    public mutating func handlerFinished(_ result: HandlerResult, catalog: SkillCatalog) -> [SessionAction] {
        guard case .thinking(let intent) = state, let task = current, task.intent == intent else { return [] }
        memory.apply(result)
        // The reason speaks for this escalation only; a later request must not inherit it.
        if task.escalation != nil { memory.callValues["host.escalation_reason"] = nil }
        var actions: [SessionAction] = []
        switch result.status {
        case .completed:
            break
        case .failed(let reason):
            return failTask(task, reason: reason, reply: "Sorry, I couldn't do that just now.", catalog: catalog)
        case .timedOut:
            return failTask(task, reason: "the skill took too long",
                            reply: "Sorry, that's taking longer than it should. Please try again in a moment.", catalog: catalog)
        case .unknownIntent:
            return failTask(task, reason: "no skill handles it now", reply: "Sorry, I can't help with that right now.", catalog: catalog)
        }
        for text in result.says where !text.isEmpty { actions.append(speak(text)) }
        if let last = result.says.last { memory.tasks[task.recordIndex].result = last }
        if result.deferredFacts != nil, result.says.isEmpty {
            actions.append(speak("I have that information, but I can't put it into words on this line yet. Would you like me to connect you with someone?"))
        }
        if let reason = result.transferReason {
            memory.tasks[task.recordIndex].outcome = .handedOff
            memory.tasks[task.recordIndex].slots = task.slots
            current = nil
            state = .transferring
            return actions + [.transfer(handoffRecord(reason: task.escalation?.rawValue ?? reason))]
        }
        if result.endCall {
            memory.tasks[task.recordIndex].outcome = .completed
            current = nil
            state = .ended
            return actions + [.endCall]
        }
        if let ask = result.askSlot, let profile = catalog[intent], let requirement = profile.slot(ask.name) {
            var updated = task
            updated.slots[ask.name] = nil
            current = updated
            memory.tasks[task.recordIndex].slots = updated.slots
            state = .awaitingSlot(intent: intent, slot: ask.name)
            if let question = ask.question {
                actions.append(speak(question))
            } else if result.says.isEmpty {
                actions.append(speak(requirement.question))
            }
            return actions
        }
        memory.tasks[task.recordIndex].outcome = .completed
        memory.tasks[task.recordIndex].slots = task.slots
        current = nil
        return actions + offerResumeOrListen(catalog: catalog)
    }

    mutating func failTask(_ task: ActiveTask, reason: String, reply: String, catalog: SkillCatalog) -> [SessionAction] {
        statistics.handlerFailures += 1
        memory.tasks[task.recordIndex].outcome = .failed
        memory.tasks[task.recordIndex].result = reason
        current = nil
        return [.record(.handlerFailed(intent: task.intent, reason: reason)), speak(reply)] + offerResumeOrListen(catalog: catalog)
    }

    /// Offers back the most recent interrupted task, once: a caller who moves on past the offer
    /// can still ask for it by name (its slots are kept), but is not asked again after every answer.
    mutating func offerResumeOrListen(catalog: SkillCatalog) -> [SessionAction] {
        guard let index = suspended.lastIndex(where: { !$0.offered }), let profile = catalog[suspended[index].intent] else {
            state = .listening
            return []
        }
        suspended[index].offered = true
        let pending = suspended[index]
        state = .offeringResume(intent: pending.intent)
        return [speak("Earlier you wanted to \(profile.description). Shall we finish that?")]
    }
}

/// Card numbers never reach the transcript: when a 13–19 digit run was said, its digit words are
/// replaced by "[card ending 4242]".
enum Redaction {
    private static let digitWords: Set<String> = [
        "zero", "oh", "o", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple",
    ]

    static func redactCardNumbers(_ utterance: String, entities: [Entity]) -> String {
        let cards = entities.compactMap { entity -> String? in
            guard case .digits(let digits) = entity.value, (13...19).contains(digits.count) else { return nil }
            return digits
        }
        guard let card = cards.first else { return utterance }
        var output: [String] = []
        var inserted = false
        for word in utterance.split(separator: " ") {
            let bare = word.lowercased().filter { $0.isLetter || $0.isNumber }
            let isDigitWord = digitWords.contains(bare) || (!bare.isEmpty && bare.allSatisfy(\.isNumber))
            if isDigitWord || word.contains(where: \.isNumber) {
                if !inserted {
                    output.append("[card ending \(card.suffix(4))]")
                    inserted = true
                }
            } else {
                output.append(String(word))
            }
        }
        return output.joined(separator: " ")
    }
}
