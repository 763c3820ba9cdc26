extension Session {
    /// Starts `intent`: fills what slots the words already give, then asks for the first missing
    /// required slot or runs the handler.
    mutating func startTask(
        _ intent: String, utterance: String, confidence: Float, entities: [Entity], catalog: SkillCatalog,
        escalation: EscalationReason? = nil
    ) -> [SessionAction] {
        guard let profile = catalog[intent] else { return notUnderstood(catalog: catalog) }
        // An amount said without "dollars" in the request that starts a task with an amount to
        // fill: "can I pay half of it? so that's, what, seventy-one twenty-five?" is $71.25.
        var entities = entities
        if profile.slots.contains(where: { $0.kind == .money }), !entities.contains(where: { $0.kind == .money }) {
            entities += extractor.extract(utterance, expecting: .money).filter { $0.kind == .money }
        }
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
                if slot.kind == .date, let held = task.slots[slot.name], Self.restatesWeekday(of: held, in: freshEntities) { continue }
                task.slots[slot.name] = value
                actions.append(.record(.slotFilled(intent: task.intent, slot: slot.name)))
            }
        }
        current = task
        memory.tasks[task.recordIndex].slots = task.slots
        if let missing = profile.slots.first(where: { !$0.optional && task.slots[$0.name] == nil }) {
            state = .awaitingSlot(intent: task.intent, slot: missing.name)
            guard confirmsImplicitly else { return actions + [speak(missing.question)] }
            // A tentative start says what it understood, so "no, I want to…" can put it right.
            return actions + [speak("Okay, to \(profile.description): " + Self.lowercasingFirst(missing.question))]
        }
        // The skill answers first: its first reply will say what was understood.
        if confirmsImplicitly { current?.unannounced = true }
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

    /// The awaited slot's answer; or a correction of a value given earlier; or a topic switch.
    ///
    /// A read-back ("Shall I book it?") is answered by yes or no in their everyday forms, and a
    /// value that differs from what was read back is a correction ("no, Wednesday", "make it
    /// sixty"): the value changes and the skill reads it back again, so nothing is done on the old
    /// one. A confident other request is a topic switch, never taken as the answer.
    mutating func answerSlot(
        intent: String, slot: String, utterance: String, entities: [Entity], signals: CallerSignals,
        decision: FastPathDecision, candidates: [IntentCandidate], catalog: SkillCatalog
    ) -> [SessionAction] {
        guard var task = current, task.intent == intent, let profile = catalog[intent],
              let requirement = profile.slot(slot) else {
            state = .listening
            return route(utterance, entities: entities, signals: signals, decision: decision,
                         candidates: candidates, catalog: catalog)
        }
        let reader = SlotValueReader()
        let other = decision.intent.flatMap { $0 != intent && catalog[$0] != nil ? $0 : nil }
        // Leaving a task for one that acts needs the target precision; a tentative match to one is
        // asked about instead ("do you want to pay your bill?"), never taken as this slot's answer.
        let switchTarget = tentativeDecision ? nil : other
        var corrections = correctedValues(of: task, profile: profile, except: requirement.kind == .yesNo ? nil : slot,
                                          utterance: utterance, entities: entities)
        // "yep, the card ending 4242 is fine" to "…$142.50 from the card ending 4242…", "yes,
        // that's separate from Monday" to "…Friday at 2:30 PM as well as your Monday appointment":
        // a value the read-back itself named for something else is the caller pointing at it, not
        // a new value for the slot — unless they turn the read-back down ("no, keep it on Monday,
        // at three" to "…from Monday at 11 AM to Tuesday at 11 AM"): then it is the value wanted.
        let pointing = requirement.kind == .yesNo && (signals.polarity ?? Self.yesNo(in: entities)) != false
        if pointing {
            corrections.removeAll { correction in
                profile.slot(correction.slot).map { readBackNames(correction.value, kind: $0.kind) } ?? false
            }
        }
        let heard = entities
        let entities = pointing ? withoutReadBackEchoes(entities, of: task, profile: profile) : entities

        if requirement.kind == .yesNo, signals.turnsAway, Self.yesNo(in: entities) != true,
           let alternative = candidates.filter({ $0.intent != intent && catalog[$0.intent] != nil && !(catalog[$0.intent]?.isEscalationTarget ?? true) })
               .max(by: { $0.score < $1.score }), alternative.score >= configuration.clarifyFloor - 0.1 {
            // "rather than cancel it, could I just move it?" to "do you want to cancel…?": the
            // read-back is turned down (nothing is done) and the other request is asked about.
            memory.tasks[task.recordIndex].outcome = .abandoned
            current = nil
            return askClarification([alternative.intent], utterance: utterance, entities: entities, catalog: catalog, scores: candidates)
        }
        if requirement.kind == .yesNo {
            // "yeah, noon is great" to a read-back the skill worked out itself (no slot held the
            // time): the yes stands and the value goes with it; the skill checks it is what it read back.
            if !corrections.isEmpty, corrections.allSatisfy({ task.slots[$0.slot] == nil }), signals.confirmsFirmly,
               switchTarget == nil || Self.isBareAnswer(signals, entities: entities) {
                for (name, value) in corrections { task.slots[name] = value }
                return fill(slot, with: "yes", task: &task, entities: entities, catalog: catalog)
            }
            if !corrections.isEmpty, switchTarget == nil || Self.isBareAnswer(signals, entities: entities) {
                return applyCorrections(corrections, to: &task, entities: entities, catalog: catalog)
            }
            // ("yeah, noon is great" to "…to Monday at 12 PM. Shall I do that?": the echoed value
            // still makes the turn a bare answer.)
            if let polarity = signals.polarity ?? Self.yesNo(in: entities),
               switchTarget == nil || signals.contentWords.count <= 1 || Self.isBareAnswer(signals, entities: heard) {
                return fill(slot, with: polarity ? "yes" : "no", task: &task, entities: entities, catalog: catalog)
            }
        } else {
            // Another request, unless the turn is little more than a value ("account number is
            // 4271"): a sure one switches, a tentative one is asked about; never taken as the answer.
            let bare = Self.isBareAnswer(signals, entities: entities, naming: requirement.name)
            let value = requirement.kind == .text ? nil : reader.value(for: requirement.kind, utterance: utterance, entities: entities)
            if let other, requirement.kind == .text || !bare {
                // Sure at the target: a switch. A tentative request to act: asked about. A question
                // matched at the answer precision: answered, unless the turn holds this slot's value
                // ("sometime after lunch, like one o'clock" is a time, not a question about hours).
                if decidedAtTarget || (!tentativeDecision && value == nil) {
                    return topicSwitch(to: other, decision: decision, utterance: utterance, entities: entities, catalog: catalog)
                }
                if tentativeDecision {
                    return suspendCurrent(switchingTo: other)
                        + askClarification([other], utterance: utterance, entities: entities, catalog: catalog)
                }
            }
            if let value {
                return fill(slot, with: value, task: &task, entities: entities, catalog: catalog)
            }
            // "the second one" to "the nearest times I have are 1:30 PM and 2:30 PM": the value offered.
            if let question = pendingQuestion, let offered = offeredValues(in: question, kind: requirement.kind),
               let index = signals.ordinal(count: offered.count) {
                // The ordinal's words are no values ("the second one" is not the 2nd of the month).
                return fill(slot, with: offered[index], task: &task, entities: [], catalog: catalog)
            }
            if !corrections.isEmpty {
                return applyCorrections(corrections, to: &task, entities: entities, catalog: catalog)
            }
            // A bare yes to two or more values offered ("yes" to "…are 9:30 AM and 10:30 AM. Which
            // would you like?"): an answer, but not which one. The options again, briefly; no miss.
            if switchTarget == nil, signals.polarity == true, Self.isBareAnswer(signals, entities: entities),
               let question = pendingQuestion, let offer = offeringSentence(in: question, kind: requirement.kind) {
                answeringSocially = true
                return [speak(offer.hasSuffix("?") ? offer : offer + " Which one would you like?")]
            }
        }
        if let switchTarget {
            return topicSwitch(to: switchTarget, decision: decision, utterance: utterance, entities: entities, catalog: catalog)
        }
        if let again = sayAgain(signals) { return again }
        if let social = socialTurn(signals, catalog: catalog) { return social }
        if requirement.kind == .text, let value = reader.value(for: .text, utterance: utterance, entities: entities) {
            return fill(slot, with: value, task: &task, entities: entities, catalog: catalog)
        }
        if decision.intent == intent {
            return continueTask(catalog: catalog, freshEntities: entities)
        }
        // Not an answer, but it sounds like another request: ask which, keeping this task to offer back.
        // A question ("how much is it again, just so I know?" to "how much would you like to pay?")
        // is no answer that went wrong: asked about at a lower bar than a statement.
        if case .notConfident(_, let ranked) = decision, let best = ranked.first, best.intent != intent,
           best.score >= configuration.clarifyFloor + (signals.isQuestion ? 0.05 : 0.15), !signals.isOnlySocial {
            var options = ranked.filter { $0.intent != intent && $0.score >= configuration.clarifyFloor
                && best.score - $0.score <= configuration.clarifySpread }.prefix(3).map(\.intent)
            // The calibrated best first, as everywhere a question is asked.
            if let choice = turnCalibrated?.intent, let at = options.firstIndex(of: choice), at > 0 {
                options.insert(options.remove(at: at), at: 0)
            }
            let suspend = suspendCurrent(switchingTo: best.intent)
            return suspend + askClarification(Array(options), utterance: utterance, entities: entities, catalog: catalog)
        }
        if signals.socialActs.contains(.thanks) {
            statistics.socialTurns += 1
            answeringSocially = true
            return [.record(.socialTurn), speak("You're welcome. " + (pendingQuestion ?? requirement.question))]
        }
        consecutiveFailures += 1
        statistics.notUnderstood += 1
        if consecutiveFailures >= configuration.failuresBeforeEscalation {
            return [.record(.notUnderstood(consecutive: consecutiveFailures))] + escalate(.repeatedMisunderstanding, catalog: catalog)
        }
        let question = pendingQuestion ?? requirement.question
        let reply = consecutiveFailures == 1
            ? "Sorry, I didn't get that. \(question)"
            : "I'm sorry, I still didn't catch that. \(question)" + (catalog.escalationIntent != nil ? " Or I can put you through to someone." : "")
        answeringSocially = true
        return [.record(.notUnderstood(consecutive: consecutiveFailures)), speak(reply)]
    }

    /// Fills the awaited slot and goes on with the task.
    private mutating func fill(
        _ slot: String, with value: String, task: inout ActiveTask, entities: [Entity], catalog: SkillCatalog
    ) -> [SessionAction] {
        consecutiveFailures = 0
        statistics.slotAnswers += 1
        task.slots[slot] = value
        task.entities = entities
        current = task
        // A read-back turned down: the caller's next value may be for the same task, said again.
        declinedIntent = value == "no" && catalog[task.intent]?.slot(slot)?.kind == .yesNo ? (task.intent, turn) : nil
        return [.record(.intentRouted(intent: task.intent, path: .slotAnswer, confidence: task.confidence)),
                .record(.slotFilled(intent: task.intent, slot: slot))]
            + continueTask(catalog: catalog, freshEntities: entities.filter { $0.kind != .yesNo })
    }

    /// Values said for the task's other slots that differ from the ones it holds, read for each
    /// slot's kind ("make it sixty" is money when an amount was given before).
    func correctedValues(
        of task: ActiveTask, profile: IntentProfile, except awaited: String?, utterance: String, entities: [Entity]
    ) -> [(slot: String, value: String)] {
        let reader = SlotValueReader()
        var result: [(slot: String, value: String)] = []
        var kinds: Set<SlotKind> = []
        for other in profile.slots where other.name != awaited && other.kind != .yesNo && other.kind != .text {
            guard !kinds.contains(other.kind) else { continue }
            let read = extractor.extract(utterance, expecting: EntityKind(rawValue: other.kind.rawValue))
            guard let value = reader.value(for: other.kind, utterance: utterance, entities: read) ?? reader.value(for: other.kind, utterance: utterance, entities: entities)
                ?? Self.partialDigits(utterance, entities: read, held: task.slots[other.name], kind: other.kind) else { continue }
            kinds.insert(other.kind)
            // "so for Thursday, …" after "Thursday the third": the same day named again.
            if other.kind == .date, let held = task.slots[other.name], Self.restatesWeekday(of: held, in: read) { continue }
            if task.slots[other.name] != value { result.append((other.name, value)) }
        }
        return result
    }

    /// "no, the last four are oh one eight nine" to a number read back: the held number with its
    /// end (or, for "the first three", "the area code", its start) replaced by the digits said.
    static func partialDigits(_ utterance: String, entities: [Entity], held: String?, kind: SlotKind) -> String? {
        guard kind == .phoneNumber || kind == .digits, let held else { return nil }
        let words = CallerSignals(utterance).words
        let tail = words.contains { ["last", "end", "ending", "ends"].contains($0) }
        let head = words.contains { ["first", "start", "starts", "beginning"].contains($0) } || (words.contains("area") && words.contains("code"))
        guard tail != head, let said = entities.last(where: { $0.kind == .digits && !$0.negated }),
              case .digits(let digits) = said.value else { return nil }
        let heldDigits = held.filter(\.isASCIIDigitCharacter)
        // A North-American number held as +1…: the caller's "first three" are the area code.
        let prefix = kind == .phoneNumber && heldDigits.count == 11 && heldDigits.hasPrefix("1") ? "1" : ""
        let number = String(heldDigits.dropFirst(prefix.count))
        guard digits.count >= 2, digits.count < number.count else { return nil }
        let merged = tail ? String(number.dropLast(digits.count)) + digits : digits + String(number.dropFirst(digits.count))
        return kind == .phoneNumber ? Entity.canonicalPhoneNumber(prefix + merged) : String(merged)
    }

    /// Whether the pending question (a read-back) names `value` as a value of `kind`: the agent's
    /// own words, for another role than the slot's (the card, the appointment already held).
    func readBackNames(_ value: String, kind: SlotKind) -> Bool {
        guard let question = pendingQuestion, let entityKind = EntityKind(rawValue: kind.rawValue) else { return false }
        let reader = SlotValueReader()
        return extractor.extract(question, expecting: entityKind)
            .contains { reader.value(for: kind, utterance: "", entities: [$0]) == value }
    }

    /// The entities of a reply to a read-back, less those that only point at a value the read-back
    /// named for something else than the task's slots hold.
    func withoutReadBackEchoes(_ entities: [Entity], of task: ActiveTask, profile: IntentProfile) -> [Entity] {
        let reader = SlotValueReader()
        return entities.filter { entity in
            !profile.slots.contains { slot in
                guard slot.kind != .yesNo, slot.kind != .text,
                      let value = reader.value(for: slot.kind, utterance: "", entities: [entity]) else { return false }
                return value != task.slots[slot.name] && readBackNames(value, kind: slot.kind)
            }
        }
    }

    /// The values of `kind` a question offers, in order: those of its last sentence that names two
    /// or more ("Sorry, 2 PM is taken. The nearest times I have are 1:30 PM and 2:30 PM.").
    func offeredValues(in question: String, kind: SlotKind) -> [String]? {
        offer(in: question, kind: kind)?.values
    }

    /// The sentence of a question that offers two or more values of `kind` ("The nearest times I
    /// have are 1:30 PM and 2:30 PM."), trimmed.
    func offeringSentence(in question: String, kind: SlotKind) -> String? {
        offer(in: question, kind: kind).map { String($0.sentence.drop(while: { $0 == " " })) }
    }

    private func offer(in question: String, kind: SlotKind) -> (values: [String], sentence: String)? {
        guard let entityKind = EntityKind(rawValue: kind.rawValue) else { return nil }
        var sentences: [String] = []
        var current = ""
        for (offset, character) in question.enumerated() {
            current.append(character)
            let next = question.dropFirst(offset + 1).first
            if character == "?" || character == "!" || (character == "." && (next == nil || next == " ")) {
                sentences.append(current)
                current = ""
            }
        }
        sentences.append(current)
        for sentence in sentences.reversed() {
            let values = extractor.extract(sentence, expecting: entityKind)
                .compactMap { SlotValueReader().value(for: kind, utterance: "", entities: [$0]) }
            var seen = Set<String>()
            let distinct = values.filter { seen.insert($0).inserted }
            if distinct.count >= 2 { return (distinct, sentence) }
        }
        return nil
    }

    /// "What day…" → "what day…" (an "I" stays).
    static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase, !text.hasPrefix("I ") else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// Whether the last date said is a bare weekday ("Thursday", "on Thursday") and the date held
    /// (`yyyy-mm-dd…`) falls on it: the caller names the day they already gave, not another one.
    static func restatesWeekday(of held: String, in entities: [Entity]) -> Bool {
        guard let said = entities.last(where: { $0.kind == .date && !$0.negated }),
              case .date(let day, _) = said.value else { return false }
        let words = said.text.split(separator: " ").filter { $0 != "on" && $0 != "this" }
        guard words.count == 1, EntityExtractor.weekdays[String(words[0])] != nil else { return false }
        let parts = held.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let heldDay = CalendarDay(year: parts[0], month: parts[1], day: parts[2]) else { return false }
        return heldDay.weekday == day.weekday && heldDay != day
    }

    /// Changes the corrected values, forgets any yes given to the old ones, and lets the skill
    /// read the task back again.
    private mutating func applyCorrections(
        _ corrections: [(slot: String, value: String)], to task: inout ActiveTask, entities: [Entity], catalog: SkillCatalog
    ) -> [SessionAction] {
        consecutiveFailures = 0
        statistics.corrections += 1
        for (name, value) in corrections { task.slots[name] = value }
        if let profile = catalog[task.intent] {
            for other in profile.slots where other.kind == .yesNo { task.slots[other.name] = nil }
        }
        task.entities = entities
        current = task
        return corrections.map { .record(.slotFilled(intent: task.intent, slot: $0.slot)) }
            + continueTask(catalog: catalog, freshEntities: [])
    }

    /// Whether the turn is little more than its values ("Tuesday at three", "make it sixty
    /// instead"), rather than a request of its own that happens to hold one.
    static func isBareAnswer(_ signals: CallerSignals, entities: [Entity], naming slot: String = "") -> Bool {
        // "account number is 4271": the slot's own name is part of an answer.
        let valueWords = Set(entities.flatMap { $0.text.split(separator: " ").map(String.init) })
            .union(slot.split(separator: "_").map(String.init))
        let glue: Set<String> = ["at", "on", "the", "for", "in", "can", "we", "do", "i", "it", "how", "about", "what",
                                 "let's", "lets", "make", "instead", "maybe", "is", "that", "works", "would", "be", "of",
                                 "to", "say", "around", "ish", "or", "no", "not", "yes", "wait", "mean", "i'm", "try",
                                 "change", "rather", "prefer", "could", "you", "then", "go", "with", "best", "better",
                                 "time", "day", "please", "morning", "afternoon", "evening", "pm", "am", "o'clock",
                                 "dollars", "dollar", "bucks", "cents", "next", "this", "week", "same", "one", "actually",
                                 // "noon, if you have it", "three if possible", "the 2nd if that's free"
                                 "if", "have", "got", "you've", "free", "available", "possible", "open", "that's"]
        let rest = signals.contentWords.filter { !valueWords.contains($0) && !glue.contains($0) }
        return rest.count <= 1
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
        queued = nil  // a request queued behind this task waits no longer: the caller moved on
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
        let actions = finishHandler(result, catalog: catalog)
        // The skill asked something more: the caller who said goodbye gets to answer it.
        if case .awaitingSlot = state { closingAfterTask = false }
        notePendingQuestion()
        return actions
    }

    private mutating func finishHandler(_ result: HandlerResult, catalog: SkillCatalog) -> [SessionAction] {
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
        var says = result.says.filter { !$0.isEmpty }
        if task.unannounced, let profile = catalog[intent] {
            current?.unannounced = false
            says.insert("Okay, you want to \(profile.description).", at: 0)
        }
        for text in says { actions.append(speak(text)) }
        if let last = result.says.last { memory.tasks[task.recordIndex].result = last }
        if result.deferredFacts != nil, result.says.isEmpty {
            actions.append(speak(Self.unsaidFacts))
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
            updated.unannounced = false
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

    /// What the caller hears when a skill handed facts to a language model that put none into words.
    public static let unsaidFacts = "I have that information, but I can't put it into words on this line yet. Would you like me to connect you with someone?"

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
        if closingAfterTask {
            closingAfterTask = false
            return closeCall()
        }
        if let next = startQueued(catalog: catalog) { return next }
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
public enum Redaction {
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
