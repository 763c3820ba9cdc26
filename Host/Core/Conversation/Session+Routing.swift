extension Session {
    /// The caller said `utterance`; `candidates` are the intents it matched (any order; the
    /// embedding index's per-intent best scores). With `calibrated`, the calibrated decision
    /// decides the fast path; without it, ``SessionConfiguration/policy`` (the cosine rule) does.
    /// `then` is a second request the caller made in the same breath, sure on its own (the agent
    /// classifies clauses): it is started once the first one is done.
    public mutating func receive(
        _ utterance: String, candidates: [IntentCandidate], calibrated: CalibratedChoice? = nil,
        then second: CalibratedChoice? = nil, catalog: SkillCatalog
    ) -> [SessionAction] {
        guard !state.isFinished else { return [] }
        turn += 1
        statistics.callerTurns += 1
        slotAnswersAtTurnStart = statistics.slotAnswers
        let tasksBefore = memory.tasks.count
        var actions = receiveTurn(utterance, candidates: candidates, calibrated: calibrated, catalog: catalog)
        if let second, catalog[second.intent] != nil, memory.tasks.count == tasksBefore + 1,
           let started = memory.tasks.last, started.intent != second.intent {
            queued = (second.intent, utterance, memory.tasks.count - 1)
            // The first was answered without a handler's turn (nothing to wait for): start it now.
            if case .listening = state, started.outcome != .inProgress { actions += startQueued(catalog: catalog) ?? [] }
        }
        notePendingQuestion()
        return actions
    }

    /// Starts the request queued behind the task just finished, if any.
    mutating func startQueued(catalog: SkillCatalog) -> [SessionAction]? {
        guard let next = queued, memory.tasks.indices.contains(next.after),
              memory.tasks[next.after].outcome != .inProgress, current == nil else { return nil }
        queued = nil
        statistics.fastPathDecisions += 1
        // A queued request that acts names itself when it starts ("Okay, to book an appointment:
        // what day…?"): the caller asked for it a turn or more ago. Its values are those of the turn
        // it was asked in ("…and also book a cleaning for Friday").
        confirmsImplicitly = catalog[next.intent]?.hasSideEffects ?? false
        defer { confirmsImplicitly = false }
        return [.record(.intentRouted(intent: next.intent, path: .fastPath, confidence: 0))]
            + startTask(next.intent, utterance: next.utterance, confidence: 0, entities: extractor.extract(next.utterance), catalog: catalog)
    }

    /// Whether `utterance` would be routed as a request (nothing is awaited, and it is not only
    /// talk: a greeting, thanks, a goodbye): the agent asks the language model only then.
    public func routesAsRequest(_ utterance: String) -> Bool {
        switch state {
        case .greeting, .listening: break
        default: return false
        }
        let signals = CallerSignals(utterance)
        return !signals.isOnlySocial && !signals.closesCall && !signals.asksForPerson
    }

    /// Remembers the question the caller now answers, so a social turn can repeat it.
    mutating func notePendingQuestion() {
        defer { answeringSocially = false }
        switch state {
        case .awaitingSlot, .clarifying, .offeringResume:
            guard !answeringSocially else { return }
            if let last = memory.transcript.last, last.speaker == .agent, last.turn == turn { pendingQuestion = last.text }
        default:
            pendingQuestion = nil
        }
    }

    private mutating func receiveTurn(
        _ utterance: String, candidates: [IntentCandidate], calibrated: CalibratedChoice?, catalog: SkillCatalog
    ) -> [SessionAction] {
        let entities = extractor.extract(utterance, expecting: expectedEntity(catalog: catalog))
        memory.append(.caller, Redaction.redactCardNumbers(utterance, entities: entities), turn: turn)
        let signals = CallerSignals(utterance)
        let known = candidates.filter { catalog[$0.intent] != nil }
        // The operator's target precision decides anything; below it, the answer precision decides
        // an intent that only answers, and starts one that acts tentatively (it names itself and
        // reads back before acting). Handing over always needs the target.
        turnCalibrated = calibrated
        let strict = calibrated.map { $0.decide(among: known) } ?? configuration.policy.decide(known)
        decidedAtTarget = strict.isDecided
        var decision = strict
        tentativeDecision = false
        if !strict.isDecided, let choice = calibrated, let profile = catalog[choice.intent], !profile.isEscalationTarget {
            decision = choice.decide(among: known, answersOnly: true)
            tentativeDecision = decision.isDecided && profile.hasSideEffects
            // An intent that only answers, whose example the caller all but said (cosine ≥ 0.85,
            // far ahead of any other intent's), is answered even a little under the answer
            // precision: "oh, one more thing, you take Cigna, right?" is no question to check.
            if !decision.isDecided, !profile.hasSideEffects, let nearest = Self.clearNearest(known, for: choice.intent) {
                decision = nearest
            }
            // Both readings agree on an intent that only answers, the model a little under its
            // answer precision and the nearest example clearly ahead: answering costs less than
            // asking ("do you do weekends at all? like Saturday?").
            if !decision.isDecided, !profile.hasSideEffects, choice.confidence >= choice.answerThreshold - 0.1,
               let agreed = Self.clearNearest(known, for: choice.intent, floor: 0.55, lead: 0.15) {
                decision = agreed
            }
            // An intent that acts, a hair under the answer precision, whose action the caller named
            // in so many words ("could I book something for Monday, at two?"): started tentatively
            // like any other at that precision (it reads back before acting).
            if !decision.isDecided, profile.hasSideEffects, choice.confidence >= choice.answerThreshold - 0.05,
               Self.namesAction(utterance, of: profile, catalog: catalog),
               let candidate = known.sorted(by: { $0.score > $1.score }).prefix(3).first(where: { $0.intent == choice.intent }) {
                decision = .decided(candidate, lead: 0)
                tentativeDecision = true
            }
            // A question about the skill the caller is using or just used, a little under the answer
            // precision: "how much is it anyway?" right after "there's no card on file to pay from".
            if !decision.isDecided, !profile.hasSideEffects, choice.confidence >= choice.answerThreshold - 0.1, signals.isQuestion,
               let last = memory.tasks.last, Self.skill(of: last.intent) == Self.skill(of: choice.intent),
               let candidate = known.first(where: { $0.intent == choice.intent }) {
                decision = .decided(candidate, lead: 0)
            }
            // The next step in the skill the caller just used, with a value it takes ("just put the
            // whole lot on the card", "I'll put fifty towards it" right after the balance), when the
            // model leans to it a little under the answer precision in a turn that asks nothing,
            // or the caller names its action ("let's just pay the whole thing off"), or its nearest
            // example is far ahead of any other. Started tentatively (it reads back before acting).
            if !decision.isDecided, profile.hasSideEffects, current == nil,
               let last = memory.tasks.last, last.outcome == .completed, last.intent != choice.intent,
               Self.skill(of: last.intent) == Self.skill(of: choice.intent),
               let candidate = known.first(where: { $0.intent == choice.intent }) {
                // Values read for its slots' kinds ("fifty" is an amount when one is taken).
                let valued = entities + profile.slots.compactMap { EntityKind(rawValue: $0.kind.rawValue) }
                    .filter { kind in !entities.contains { $0.kind == kind } }
                    .flatMap { kind in extractor.extract(utterance, expecting: kind).filter { $0.kind == kind } }
                let near = Self.clearNearest(known, for: choice.intent, floor: configuration.clarifyFloor, lead: 0.1) != nil
                let leaning = choice.confidence >= choice.answerThreshold - 0.15 && (!signals.isQuestion || near)
                let named = choice.confidence >= Self.unlikelyQuestionConfidence - 0.1 && Self.namesAction(utterance, of: profile, catalog: catalog)
                let farAhead = Self.clearNearest(known, for: choice.intent, floor: 0.6, lead: 0.25) != nil
                if !Self.optionsFilled(by: valued, options: [choice.intent], catalog: catalog).isEmpty, leaning || named || farAhead {
                    decision = .decided(candidate, lead: 0)
                    tentativeDecision = true
                }
            }
        }

        // An intent with a handful of examples (an operator's FAQ entry) answers below the target
        // only a question that shares a topic word with them: the model has too few examples to
        // know where the intent ends ("do you offer laughing gas?" is not "do you take emergencies").
        // Nor does an intent that acts start tentatively on a question that shares no topic word
        // and no value with its examples ("can I do the new patient paperwork online?").
        offTopic = false
        if decision.isDecided, !decidedAtTarget, let intent = decision.intent, let profile = catalog[intent],
           !profile.isEscalationTarget, !profile.topicWords.isEmpty,
           profile.hasSideEffects
            ? signals.isQuestion && Self.optionsFilled(by: entities, options: [intent], catalog: catalog).isEmpty
            : (1...Self.fewExamples).contains(profile.exampleCount),
           case let asked = TopicWords.of(utterance), !asked.isEmpty, asked.isDisjoint(with: profile.topicWords) {
            decision = strict
            tentativeDecision = false
            offTopic = true
        }

        if signals.soundsFrustrated {
            callerWasFrustrated = true
            speakingStyle = .calm
            return escalate(.frustration, catalog: catalog)
        }
        defer { updateSpeakingStyle() }
        if signals.asksForPerson || (signals.asksForCallBack && decision.intent == nil),
           decision.intent.map({ catalog[$0]?.isEscalationTarget != true }) ?? true {
            return escalate(.explicitRequest, catalog: catalog)
        }
        // "that's all, thanks, bye": close politely, whatever was pending (nothing is done on it),
        // unless a new request comes with it.
        if signals.closesCall, !(strict.isDecided && signals.contentWords.count >= 3 && !awaitingYesNo(catalog: catalog)) {
            // "lovely, thanks, that's everything" to a read-back: a yes, then goodbye.
            if case .clarifying(let options) = state, options.count == 1, !offeringCallback,
               let profile = catalog[options[0]], !profile.hasSideEffects, !profile.isEscalationTarget,
               (signals.polarity ?? Self.yesNo(in: entities)) != false {
                // "Just to check: do you want to hear the opening hours?" — "perfect, thanks, that's
                // all": a question that only answers is answered before the goodbye, unless refused.
                closingAfterTask = true
                let original = clarifyingUtterance
                clarifyingUtterance = nil
                return settleClarification(options[0], confirmed: signals.polarity == true, original: original,
                                           answerEntities: [], candidates: candidates, catalog: catalog)
            }
            if case .confirmingToolCall = state, signals.confirmsFirmly {
                closingAfterTask = true
            } else {
                guard case .awaitingSlot(let intent, let slot) = state, catalog[intent]?.slot(slot)?.kind == .yesNo,
                      signals.confirmsFirmly else { return closeCall() }
                closingAfterTask = true
            }
        }
        if offeringCallback {
            offeringCallback = false
            // Only a plain yes or no answers the offer: "yeah, book it" asks for something else.
            if case .clarifying = state, signals.answersOnlyYesOrNo, let polarity = signals.polarity ?? Self.yesNo(in: entities) {
                state = .listening
                if polarity { return escalate(.explicitRequest, catalog: catalog) }
                return [speak("Okay. Is there anything else I can help you with?")]
            }
            if case .clarifying = state { state = .listening }
        }

        switch state {
        case .awaitingSlot(let intent, let slot):
            return answerSlot(intent: intent, slot: slot, utterance: utterance, entities: entities, signals: signals,
                              decision: decision, candidates: candidates, catalog: catalog)
        case .clarifying(let options):
            return resolveClarification(options, utterance: utterance, entities: entities, signals: signals,
                                        decision: decision, candidates: candidates, catalog: catalog)
        case .offeringResume(let intent):
            return answerResumeOffer(intent: intent, utterance: utterance, entities: entities, signals: signals,
                                     decision: decision, candidates: candidates, catalog: catalog)
        case .confirmingToolCall:
            return answerToolConfirmation(utterance: utterance, entities: entities, signals: signals,
                                          decision: decision, candidates: candidates, catalog: catalog)
        case .greeting, .listening, .thinking:
            if !decision.isDecided, let social = socialTurn(signals, catalog: catalog) { return social }
            if !decidedAtTarget, let again = sayAgain(signals) { return again }
            // "no" to "anything else?": nothing more to do.
            if signals.polarity == false, signals.contentWords.count <= 1, !decision.isDecided, current == nil, turn > 1 {
                return closeCall()
            }
            return route(utterance, entities: entities, signals: signals, decision: decision,
                         candidates: candidates, catalog: catalog)
        case .transferring, .ended:
            return []
        }
    }

    /// Whether the caller is being asked a yes/no question (a read-back, one option, a resume offer).
    func awaitingYesNo(catalog: SkillCatalog) -> Bool {
        switch state {
        case .awaitingSlot(let intent, let slot): return catalog[intent]?.slot(slot)?.kind == .yesNo
        case .clarifying(let options): return options.count == 1
        case .offeringResume, .confirmingToolCall: return true
        default: return false
        }
    }

    /// A turn with nothing but greetings, thanks, "are you still there", "hang on" or "okay":
    /// answered in kind, then the pending question is asked again. Never a miss.
    mutating func socialTurn(_ signals: CallerSignals, catalog: SkillCatalog) -> [SessionAction]? {
        guard signals.isOnlySocial, !signals.words.isEmpty else { return nil }
        let acts = signals.socialActs
        statistics.socialTurns += 1
        answeringSocially = true
        var reply: String
        if acts.contains(.hold) {
            return [.record(.socialTurn), speak("Sure, take your time.")]
        } else if acts.contains(.repeatRequest), let again = repeatLastReply(alreadyCounted: true) {
            return again
        } else if acts.contains(.presenceCheck) {
            reply = "Yes, I'm here."
        } else if acts.contains(.thanks) {
            reply = "You're welcome."
        } else if acts.contains(.greeting) {
            reply = "Hi there."
        } else {
            reply = "Okay."
        }
        if let pendingQuestion {
            reply += " " + pendingQuestion
        } else if memory.tasks.isEmpty {
            reply += " How can I help you today?"
        } else {
            reply += " Is there anything else I can help you with?"
        }
        return [.record(.socialTurn), speak(reply)]
    }

    /// An intent registered with at most this many examples needs a topic word in common with
    /// them to be answered below the target precision.
    static let fewExamples = 6

    /// Below this calibrated confidence a question is taken for one no skill covers.
    static let unlikelyQuestionConfidence: Float = 0.4

    /// "sorry, could you say that again?": the last reply, again.
    mutating func sayAgain(_ signals: CallerSignals) -> [SessionAction]? {
        let polite: Set<String> = ["could", "can", "would", "you", "please", "mind", "sorry", "just", "once", "more", "that", "the",
                                   "last", "bit", "part", "again"]
        // A few words of comment around it ("sorry dear, what was that? the line's so faint") are fine.
        guard signals.socialActs.contains(.repeatRequest), signals.contentWords.filter({ !polite.contains($0) }).count <= 4 else {
            return nil
        }
        return repeatLastReply()
    }

    /// The agent's last reply said again as it was, whatever it was (a read-back, an answer, a
    /// question); never a miss.
    mutating func repeatLastReply(alreadyCounted: Bool = false) -> [SessionAction]? {
        guard let last = memory.transcript.last(where: { $0.speaker == .agent }) else { return nil }
        if !alreadyCounted { statistics.socialTurns += 1 }
        answeringSocially = true
        let text = last.text.hasPrefix("Sure. ") ? String(last.text.dropFirst(6)) : last.text
        return [.record(.socialTurn), speak("Sure. " + text)]
    }

    /// A fresh request: start the decided intent, clarify an unsure one, or say it was not understood.
    mutating func route(
        _ utterance: String, entities: [Entity], signals: CallerSignals, decision: FastPathDecision,
        candidates: [IntentCandidate], catalog: SkillCatalog
    ) -> [SessionAction] {
        switch decision {
        case .decided(let best, _):
            consecutiveFailures = 0
            statistics.fastPathDecisions += 1
            let path: ConversationEvent.Path = turnCalibrated?.fromLanguageModel == true ? .languageModel : .fastPath
            var actions: [SessionAction] = [.record(.intentRouted(intent: best.intent, path: path, confidence: best.score))]
            if current.map({ $0.intent != best.intent }) == true {
                actions += suspendCurrent(switchingTo: best.intent)
            }
            confirmsImplicitly = tentativeDecision
            defer { confirmsImplicitly = false }
            let hinted = entities + hintedEntities(for: best.intent, beyond: entities, catalog: catalog)
            return actions + startTask(best.intent, utterance: utterance, confidence: best.score, entities: hinted, catalog: catalog)
        case .notConfident(_, let ranked):
            // "let's finish the booking": an interrupted task, named.
            if signals.returnsToEarlierTask,
               let named = Self.bestWordOverlap(utterance, options: suspended.map(\.intent), catalog: catalog),
               Self.yesNo(in: entities) != false {
                consecutiveFailures = 0
                return [.record(.intentRouted(intent: named, path: .resumed, confidence: ranked.first { $0.intent == named }?.score ?? 0))]
                    + startTask(named, utterance: utterance, confidence: ranked.first { $0.intent == named }?.score ?? 0,
                                entities: entities, catalog: catalog)
            }
            // "No" to "a payment of $100.00 — shall I go ahead?", then "let's do eighty": the task
            // just turned down, started again with the new value (tentatively: it reads back).
            if let declined = declinedIntent, declined.turn == turn - 1, current == nil, !signals.isQuestion,
               Self.yesNo(in: entities) != false,
               Self.onlyOptionFilled(by: entities, options: [declined.intent], catalog: catalog) != nil {
                consecutiveFailures = 0
                declinedIntent = nil
                let score = ranked.first { $0.intent == declined.intent }?.score ?? 0
                confirmsImplicitly = true
                defer { confirmsImplicitly = false }
                return [.record(.intentRouted(intent: declined.intent, path: .resumed, confidence: score))]
                    + startTask(declined.intent, utterance: utterance, confidence: score, entities: entities, catalog: catalog)
            }
            let floor = configuration.clarifyFloor
            // A question that neither the model nor the nearest example ties to a skill ("is
            // Dr. Okafor still there?") is answered honestly rather than turned into a guess.
            let unlikely = offTopic || (turnCalibrated.map { $0.confidence < Self.unlikelyQuestionConfidence } ?? false)
                && (ranked.first?.score ?? 0) < floor + 0.1
            // A long turn dilutes its nearest example: when the calibrated model and the nearest
            // example agree on one intent just under the floor, it is asked about, not missed.
            if let best = ranked.first, best.score < floor, best.score >= floor - 0.1, signals.contentWords.count >= 8,
               let choice = turnCalibrated, choice.intent == best.intent, choice.confidence >= Self.unlikelyQuestionConfidence,
               catalog[best.intent].map({ !$0.isEscalationTarget }) ?? false {
                return askClarification([best.intent], utterance: utterance, entities: entities, catalog: catalog, scores: ranked)
            }
            guard let best = ranked.first, best.score >= floor, !(unlikely && signals.isQuestion && current == nil) else {
                return notUnderstood(utterance: utterance, signals: signals, catalog: catalog)
            }
            var options = ranked.filter { $0.score >= floor && best.score - $0.score <= configuration.clarifySpread }
                .prefix(3).map(\.intent)
            // The calibrated best is named first; it is offered even when its nearest example is a
            // little further than the others' ("uh, Tuesday I think": the model reads a booking, the
            // nearest examples a question about the hours), if the model leans to it at all and the
            // nearest example is not far off or the caller gave a value it takes.
            if let choice = turnCalibrated {
                if let at = options.firstIndex(of: choice.intent) {
                    options.remove(at: at)
                    options.insert(choice.intent, at: 0)
                } else if !choice.fromLanguageModel, choice.confidence >= Self.unlikelyQuestionConfidence,
                          (ranked.first(where: { $0.intent == choice.intent })?.score ?? 0) >= floor - 0.1
                            || !Self.optionsFilled(by: entities, options: [choice.intent], catalog: catalog).isEmpty,
                          catalog[choice.intent].map({ !$0.isEscalationTarget }) ?? false {
                    options = Array(([choice.intent] + options).prefix(3))
                }
            }
            // A question that shares no topic word with any option's examples asks about
            // something else ("do you have a website for the new patient forms?" is no booking).
            let topics = options.compactMap { catalog[$0]?.topicWords }
            let asked = TopicWords.of(utterance)
            if signals.isQuestion, current == nil, asked.count >= 2, topics.count == options.count, topics.allSatisfy({ !$0.isEmpty }),
               Self.optionsFilled(by: entities, options: options, catalog: catalog).isEmpty,
               asked.isDisjoint(with: topics.reduce(Set<String>()) { $0.union($1) }) {
                return notUnderstood(utterance: utterance, signals: signals, catalog: catalog)
            }
            return askClarification(Array(options), utterance: utterance, entities: entities, catalog: catalog, scores: ranked)
        }
    }

    /// Values the language model read for `intent`'s slots, as entities, for the slot kinds the
    /// caller's own words (`entities`) gave none of; read with the same extractor, so a hint
    /// that is not a value of its slot's kind adds nothing.
    func hintedEntities(for intent: String, beyond entities: [Entity], catalog: SkillCatalog) -> [Entity] {
        guard let choice = turnCalibrated, choice.fromLanguageModel, choice.intent == intent, let profile = catalog[intent] else { return [] }
        var result: [Entity] = []
        for (name, text) in choice.slotHints.sorted(by: { $0.key < $1.key }) {
            guard let slot = profile.slot(name), let kind = EntityKind(rawValue: slot.kind.rawValue),
                  !entities.contains(where: { $0.kind == kind }) else { continue }
            if let plain = Self.plainValue(text, kind: kind) {
                result.append(plain)
            } else {
                result += extractor.extract(text, expecting: kind).filter { $0.kind == kind }.prefix(1)
            }
        }
        return result
    }

    /// A date as YYYY-MM-DD or a time as HH:MM (24-hour), the forms the model is asked for.
    static func plainValue(_ text: String, kind: EntityKind) -> Entity? {
        let parts = text.filter { $0 != " " }.split(separator: kind == .date ? "-" : ":").map { Int($0) }
        switch kind {
        case .date:
            guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2],
                  let date = CalendarDay(year: year, month: month, day: day) else { return nil }
            return Entity(.date(date, partOfDay: nil), text: text)
        case .time:
            guard parts.count == 2, let hour = parts[0], let minute = parts[1], (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            return Entity(.time(hour: hour, minute: minute, ambiguous: false), text: text)
        default:
            return nil
        }
    }

    mutating func askClarification(
        _ offered: [String], utterance: String, entities: [Entity], catalog: SkillCatalog, scores: [IntentCandidate] = []
    ) -> [SessionAction] {
        // Two plugins may describe intents alike ("hear the pharmacy's hours"): a caller cannot
        // choose between the same words, so each description is offered once (the likelier intent).
        var described: Set<String> = []
        let options = offered.filter { described.insert(catalog[$0]?.description.lowercased() ?? $0).inserted }
        statistics.clarificationsAsked += 1
        // One option: its values read for its slots' kinds ("I'll put sixty towards it" names $60.00).
        var entities = entities
        if options.count == 1, let profile = catalog[options[0]] {
            for kind in profile.slots.compactMap({ EntityKind(rawValue: $0.kind.rawValue) }) where kind != .yesNo && !entities.contains(where: { $0.kind == kind }) {
                entities += extractor.extract(utterance, expecting: kind).filter { $0.kind == kind }
            }
        }
        clarifyingUtterance = (utterance, entities, Dictionary(scores.map { ($0.intent, $0.score) }, uniquingKeysWith: max))
        state = .clarifying(candidates: options)
        let phrases = options.compactMap { catalog[$0]?.description }
        let question: String
        switch phrases.count {
        case 1:
            // "…book an appointment for Saturday, November 28th at 11 AM?": the values heard, so a
            // yes confirms them too and a wrong one can be put right.
            let kinds = Set(catalog[options[0]]?.slots.map(\.kind.rawValue) ?? [])
            let values = SpokenValues.phrase(entities.filter { kinds.contains($0.kind.rawValue) })
            question = "Just to check: do you want to \(phrases[0])" + (values.map { " for \($0)" } ?? "") + "?"
        case 2: question = "Sorry, do you want to \(phrases[0]), or \(phrases[1])?"
        default:
            question = "Sorry, do you want to " + phrases.dropLast().joined(separator: ", ")
                + ", or \(phrases.last ?? "")?"
        }
        return [.record(.clarificationAsked(candidates: options)), speak(question)]
    }

    /// The caller answers "do you want to A, or B?": naming an option, an ordinal, a confident
    /// request (an offered one or clearly another), the words of a description, yes to a single
    /// option, or a value only one option takes all settle it. A bare yes to several options gets
    /// them again, briefly; a social turn is answered and the question repeated.
    mutating func resolveClarification(
        _ options: [String], utterance: String, entities: [Entity], signals: CallerSignals,
        decision: FastPathDecision, candidates: [IntentCandidate], catalog: SkillCatalog
    ) -> [SessionAction] {
        let original = clarifyingUtterance
        var chosen: String?
        // Words that only pick an option ("the first one") carry no slot values.
        var answerEntities = entities
        let polarity = signals.polarity ?? Self.yesNo(in: entities)
        if let decided = decision.intent, options.contains(decided) {
            chosen = decided
        } else if let index = signals.ordinal(count: options.count) {
            chosen = options[index]
            answerEntities = []
        } else if decision.intent == nil || tentativeDecision,
                  let named = Self.bestWordOverlap(utterance, options: options, catalog: catalog,
                                                   givesValue: entities.contains { $0.kind != .yesNo }) {
            chosen = named
        } else if let decided = decision.intent,
                  !tentativeDecision || (options.count == 1 && polarity != true)
                    || Self.clearlyOther(decided, than: options, signals: signals, entities: entities, candidates: candidates),
                  decidedAtTarget || !Self.isBareAnswer(signals, entities: entities)
                    || Self.optionsFilled(by: entities, options: options, catalog: catalog).isEmpty {
            // (Not a bare value an offered option takes, read as a question only below the target:
            // "Four in the afternoon." to "do you want to move an appointment?" is its time.)
            // Clearly another request: it settles the question. A tentative one too, when the
            // question offered one thing and the caller asked for something else instead ("would
            // there be anything on Monday the 7th?" to "do you want to hear about emergencies?"):
            // its start names it and its skill reads back before acting.
            clarifyingUtterance = nil
            state = .listening
            statistics.clarificationsResolved += 1
            return route(utterance, entities: entities, signals: signals, decision: decision, candidates: candidates, catalog: catalog)
                .map { action in
                    if case .record(.intentRouted(let intent, .fastPath, let score)) = action, intent == decided {
                        return .record(.intentRouted(intent: intent, path: .clarified, confidence: score))
                    }
                    return action
                }
        } else if options.count == 1, polarity == nil, signals.isQuestion, !offeringCallback,
                  signals.words.count <= 5 || candidates.first?.intent == options[0] {
            // "Do you want to move an appointment?" — "hmm, what have you got?": going along with
            // it. A longer question about something else ("is there any parking near the
            // building?") is a new question, not an answer.
            chosen = options[0]
        } else if let polarity, options.count == 1 {
            if polarity {
                chosen = options[0]
            } else {
                clarifyingUtterance = nil
                state = .listening
                return [speak("Okay. What can I help you with?")]
            }
        } else if polarity == false, signals.contentWords.count <= 2 {
            clarifyingUtterance = nil
            state = .listening
            return [speak("Okay. What can I help you with?")]
        } else if polarity == true, Self.onlyOptionFilled(by: entities, options: options, catalog: catalog) == nil,
                  signals.contentWords.count <= 1 || entities.allSatisfy({ $0.kind == .yesNo }) {
            // "yes" to "A, or B?": which one?
            answeringSocially = true
            let phrases = options.compactMap { catalog[$0]?.description }
            return [speak("Sorry, which one: " + Self.spokenChoice(phrases) + "?")]
        } else if let again = sayAgain(signals) {
            return again
        } else if let social = socialTurn(signals, catalog: catalog) {
            return social
        }
        // Named or confirmed by the caller, not inferred from a value or the scores.
        let confirmed = chosen != nil
        if chosen == nil {
            chosen = Self.onlyOptionFilled(by: entities, options: options, catalog: catalog)
                // "pay off my wife's bill, the whole thing" — "sure, the account number is 4271":
                // the first words' value that only one option takes.
                ?? (polarity != false ? Self.onlyOptionFilled(by: original?.entities ?? [], options: options, catalog: catalog) : nil)
                // …or the one option whose action they named ("pay").
                ?? (polarity != false ? Self.onlyOptionNamed(in: original?.text ?? "", options: options, catalog: catalog) : nil)
                // "yes, Monday at nine thirty" — or just "three pm" — to several options that all
                // take it: the first offered (the likeliest; a skill that acts reads it back).
                ?? (polarity != false ? Self.optionsFilled(by: entities, options: options, catalog: catalog).first : nil)
                ?? Self.bestAmong(options, candidates: candidates, floor: configuration.clarifyFloor)
        }
        clarifyingUtterance = nil
        if let chosen {
            return settleClarification(chosen, confirmed: confirmed, original: original, utterance: utterance,
                                       answerEntities: answerEntities, candidates: candidates, catalog: catalog)
        }
        state = .listening
        return notUnderstood(utterance: utterance, signals: signals, catalog: catalog)
    }

    /// A tentative reading of a reply to "A, or B?" that is neither, which the nearest examples
    /// agree with by a clear lead, in a reply that is more than a value ("okay. could I bring it
    /// forward to Thursday instead?" to "hear your appointments, or book one?"): another request,
    /// not a value for an offered option (its skill reads back before acting).
    static func clearlyOther(
        _ decided: String, than options: [String], signals: CallerSignals, entities: [Entity], candidates: [IntentCandidate]
    ) -> Bool {
        guard !options.contains(decided), !isBareAnswer(signals, entities: entities) else { return false }
        let ranked = candidates.sorted { $0.score > $1.score }
        guard let top = ranked.first, top.intent == decided else { return false }
        return top.score - (ranked.first { $0.intent != decided }?.score ?? 0) >= 0.1
    }

    /// The clarifying question is settled on `chosen`: the task starts with the values of the
    /// first utterance and the answer. `confirmed` (named or confirmed by the caller, not inferred)
    /// teaches the agent the first utterance.
    mutating func settleClarification(
        _ chosen: String, confirmed: Bool, original: ClarifyingUtterance?, utterance: String = "",
        answerEntities: [Entity], candidates: [IntentCandidate], catalog: SkillCatalog
    ) -> [SessionAction] {
        consecutiveFailures = 0
        statistics.clarificationsResolved += 1
        let merged = (original?.entities ?? []) + answerEntities
        let score = original?.scores[chosen] ?? candidates.first { $0.intent == chosen }?.score ?? 0
        var actions: [SessionAction] = [.record(.clarificationResolved(intent: chosen))]
        if confirmed, let original { actions.append(.record(.exampleConfirmed(intent: chosen, utterance: original.text))) }
        return actions + [.record(.intentRouted(intent: chosen, path: .clarified, confidence: score))]
            + startTask(chosen, utterance: original?.text ?? utterance, confidence: 1, entities: merged, catalog: catalog)
    }

    /// The decision for `intent` when it is the nearest example by a clear distance: cosine at
    /// least 0.85 and 0.25 ahead of every other intent.
    static func clearNearest(_ candidates: [IntentCandidate], for intent: String, floor: Float = 0.85, lead minimum: Float = 0.25) -> FastPathDecision? {
        let ranked = candidates.sorted { $0.score > $1.score }
        guard let top = ranked.first, top.intent == intent, top.score >= floor else { return nil }
        let lead = top.score - (ranked.first { $0.intent != intent }?.score ?? 0)
        return lead >= minimum ? .decided(top, lead: lead) : nil
    }

    /// Whether the caller said the verb the intent's description starts with ("book" for "book an
    /// appointment", "cancel", "pay"), in any of its forms — a verb no other intent's description
    /// starts with ("change" the e-mail or the phone number names neither).
    static func namesAction(_ utterance: String, of profile: IntentProfile, catalog: SkillCatalog) -> Bool {
        func verb(_ description: String) -> String? { CallerSignals(description).words.first.map(Self.stem) }
        guard let action = verb(profile.description), action.count >= 3,
              !["hear", "check", "get", "know", "see", "talk", "make", "have", "give", "set", "find"].contains(action),
              !catalog.intents.values.contains(where: { $0.name != profile.name && verb($0.description) == action }) else { return false }
        return CallerSignals(utterance).words.map(Self.stem).contains(action)
    }

    /// The skill an intent belongs to (intents are named skill.action).
    static func skill(of intent: String) -> Substring { intent.split(separator: ".").first ?? Substring(intent) }

    /// The one option whose action `text` names (``namesAction``), if exactly one.
    static func onlyOptionNamed(in text: String, options: [String], catalog: SkillCatalog) -> String? {
        let named = options.filter { option in catalog[option].map { namesAction(text, of: $0, catalog: catalog) } ?? false }
        return named.count == 1 ? named[0] : nil
    }

    /// "A, B or C".
    static func spokenChoice(_ phrases: [String]) -> String {
        guard phrases.count > 1 else { return phrases.first ?? "" }
        return phrases.dropLast().joined(separator: ", ") + ", or " + (phrases.last ?? "")
    }

    mutating func answerResumeOffer(
        intent: String, utterance: String, entities: [Entity], signals: CallerSignals,
        decision: FastPathDecision, candidates: [IntentCandidate], catalog: SkillCatalog
    ) -> [SessionAction] {
        let offered = intent
        var intent = intent
        let polarity = signals.polarity ?? Self.yesNo(in: entities)
        if polarity == nil, !decision.isDecided, let social = socialTurn(signals, catalog: catalog) { return social }
        state = .listening
        let saidNo = polarity == false
        // "so, back to the appointment, Tuesday at three thirty": going back with a value for it,
        // unless a sure request says otherwise.
        if !saidNo, !decidedAtTarget, signals.returnsToEarlierTask || !Self.optionsFilled(by: entities, options: [offered], catalog: catalog).isEmpty,
           let index = suspended.lastIndex(where: { $0.intent == offered }) {
            let task = suspended.remove(at: index)
            current = task
            memory.tasks[task.recordIndex].outcome = .inProgress
            return [.record(.intentRouted(intent: offered, path: .resumed, confidence: task.confidence))]
                + continueTask(catalog: catalog, freshEntities: entities.filter { $0.kind != .yesNo })
        }
        // "yes, let's finish the booking" when the offer was another task: the one they named.
        if !saidNo, decision.intent == nil,
           let named = Self.bestWordOverlap(utterance, options: suspended.map(\.intent), catalog: catalog), named != intent {
            intent = named
        }
        let namedOther = intent != offered
        if decision.intent == nil || decision.intent == intent,
           let yes = polarity ?? (decision.intent == intent || namedOther ? true : nil) {
            guard let index = suspended.lastIndex(where: { $0.intent == intent }) else { return [] }
            let task = suspended.remove(at: index)
            if yes {
                current = task
                memory.tasks[task.recordIndex].outcome = .inProgress
                return [.record(.intentRouted(intent: intent, path: .resumed, confidence: task.confidence))]
                    + continueTask(catalog: catalog, freshEntities: decision.intent == intent || namedOther ? entities : entities.filter { $0.kind != .yesNo })
            }
            memory.tasks[task.recordIndex].outcome = .abandoned
            return [speak("Okay. Is there anything else I can help you with?")]
        }
        return route(utterance, entities: entities, signals: signals, decision: decision, candidates: candidates, catalog: catalog)
    }

    /// Nothing usable was said. A question nobody can answer is deferred honestly (and offered to
    /// a person); anything else is a real miss: rephrased in context each time, a person offered
    /// after the second in a row, a transfer after `failuresBeforeEscalation`.
    mutating func notUnderstood(utterance: String = "", signals: CallerSignals? = nil, catalog: SkillCatalog) -> [SessionAction] {
        if let signals, signals.isQuestion, signals.contentWords.count >= 2, state == .listening || state == .greeting {
            if configuration.answersOpenQuestions { return [.answerOpenQuestion(utterance)] }
            return outOfScopeQuestion(catalog: catalog)
        }
        // A turn that thanks the agent is never a miss (and so never leads to a transfer); nor is a
        // greeting — but a request said after "hello" that was not understood is a miss, not a
        // greeting to answer with another.
        if let signals, signals.socialActs.contains(.thanks)
            || (signals.socialActs.contains(.greeting) && signals.contentWords.count <= 4) {
            statistics.socialTurns += 1
            if case .awaitingSlot = state {} else if current == nil { state = .listening }
            answeringSocially = true
            let reply = signals.socialActs.contains(.thanks) ? "You're welcome." : "Hi there."
            return [.record(.socialTurn), speak(reply + " " + (pendingQuestion ?? "Is there anything else I can help you with?"))]
        }
        consecutiveFailures += 1
        statistics.notUnderstood += 1
        if consecutiveFailures >= configuration.failuresBeforeEscalation {
            return [.record(.notUnderstood(consecutive: consecutiveFailures))]
                + escalate(.repeatedMisunderstanding, catalog: catalog)
        }
        if case .awaitingSlot = state {} else if current == nil { state = .listening }
        let things = Self.skillSummaries(catalog)
        var reply: String
        switch consecutiveFailures {
        case 1:
            reply = "Sorry, I didn't quite get that."
            if !things.isEmpty { reply += " I can " + Self.spokenChoice(Array(things.prefix(4))) + "." }
            reply += " What would you like to do?"
        default:
            reply = "I'm sorry, I'm still not sure what you need."
            if !things.isEmpty { reply += " You could say something like \"" + Self.exampleRequest(catalog) + "\"." }
            if catalog.escalationIntent != nil { reply += " Or I can put you through to someone from the team." }
        }
        return [.record(.notUnderstood(consecutive: consecutiveFailures)), speak(reply)]
    }

    /// "I don't know that": a question outside every skill and the business profile. Never the
    /// menu, never a skill run on a guess; a person is offered when there is one.
    /// The language model's answer to a question no skill covers (`nil`: it had none): spoken,
    /// or the honest "I don't know" with the offer of a call back.
    /// The tools the language model called while answering, each with its result: kept once
    /// (a key already in memory is not added again).
    public mutating func toolCallsCompleted(_ exchanges: [ToolExchange]) {
        for exchange in exchanges where !memory.toolExchanges.contains(where: { $0.key == exchange.key }) {
            memory.toolExchanges.append(exchange)
        }
    }

    /// `holding`: a phrase already said while the answer was awaited ("Let me check that.").
    public mutating func openQuestionAnswered(_ answer: String?, holding: String? = nil, catalog: SkillCatalog) -> [SessionAction] {
        let held = holding.map { [speak($0)] } ?? []
        guard let answer, !answer.isEmpty else {
            let actions = outOfScopeQuestion(catalog: catalog)
            notePendingQuestion()
            return held + actions
        }
        statistics.openAnswers += 1
        return held + [.record(.openQuestionAnswered), speak(answer)]
    }

    mutating func outOfScopeQuestion(catalog: SkillCatalog) -> [SessionAction] {
        statistics.outOfScope += 1
        guard let target = catalog.escalationIntent else {
            if case .awaitingSlot = state {} else if current == nil { state = .listening }
            return [.record(.outOfScope), speak("I'm sorry, I don't know that. Is there anything else I can help you with?")]
        }
        if let current {
            memory.tasks[current.recordIndex].outcome = .suspended
            suspended.append(current)
            self.current = nil
        }
        offeringCallback = true
        state = .clarifying(candidates: [target])
        return [.record(.outOfScope),
                speak("I'm sorry, I don't know that. I can have someone from the team call you back about it. Would you like that?")]
    }

    /// One thing per skill (intents are named skill.action), so the caller hears the range.
    static func skillSummaries(_ catalog: SkillCatalog) -> [String] {
        var skills: Set<Substring> = []
        return catalog.intents.values.filter { !$0.isEscalationTarget }.sorted { $0.name < $1.name }
            .filter { skills.insert($0.name.split(separator: ".").first ?? "").inserted }
            .map(\.description)
    }

    /// A request a caller could say, from the first skill's description ("book an appointment").
    static func exampleRequest(_ catalog: SkillCatalog) -> String {
        let descriptions = catalog.intents.values.filter { !$0.isEscalationTarget }.map(\.description).sorted()
        let pick = descriptions.first { $0.hasPrefix("book") } ?? descriptions.first ?? "help me"
        return "I'd like to " + pick
    }

    mutating func closeCall() -> [SessionAction] {
        for task in suspended { memory.tasks[task.recordIndex].outcome = .abandoned }
        suspended.removeAll()
        if let current {
            memory.tasks[current.recordIndex].outcome = .abandoned
            self.current = nil
        }
        state = .ended
        return [speak(configuration.farewell), .endCall]
    }

    /// Hands the call to the escalation intent's skill (which queues it and transfers), or, with
    /// none registered, transfers directly with the summary.
    mutating func escalate(_ reason: EscalationReason, catalog: SkillCatalog) -> [SessionAction] {
        statistics.escalations += 1
        consecutiveFailures = 0
        if let current {
            memory.tasks[current.recordIndex].outcome = .suspended
            suspended.append(current)
            self.current = nil
        }
        guard let target = catalog.escalationIntent else {
            state = .transferring
            return [.record(.escalated(reason)), speak("Let me connect you with someone who can help."),
                    .transfer(handoffRecord(reason: reason.rawValue))]
        }
        memory.callValues["host.escalation_reason"] = reason.rawValue
        let utterance = memory.lastCallerWords(1).first ?? ""
        return [.record(.escalated(reason)), .record(.intentRouted(intent: target, path: .escalation, confidence: 1))]
            + startTask(target, utterance: utterance, confidence: 1, entities: [], catalog: catalog, escalation: reason)
    }

    /// Calm after frustration (for good) or while the caller is not being understood; brisk when
    /// the request came complete in one sentence (a handler ran straight from it); else neutral.
    mutating func updateSpeakingStyle() {
        if callerWasFrustrated || consecutiveFailures > 0 {
            speakingStyle = .calm
        } else if case .thinking = state, statistics.slotAnswers == slotAnswersAtTurnStart, current?.utterance == memory.lastCallerWords(1).first {
            speakingStyle = .brisk
        } else {
            speakingStyle = .neutral
        }
    }

    /// The entity kind the caller is being asked for, if a slot is awaited.
    /// (While clarifying a single candidate, its first required slot: "forty two fifty" answers
    /// "do you want to make a payment?")
    func expectedEntity(catalog: SkillCatalog) -> EntityKind? {
        switch state {
        case .awaitingSlot(let intent, let slot):
            guard let kind = catalog[intent]?.slot(slot)?.kind else { return nil }
            return EntityKind(rawValue: kind.rawValue)
        case .clarifying(let options) where options.count == 1:
            // A slot the handler asks for itself (optional to the host) is a value it needs as well.
            guard let slots = catalog[options[0]]?.slots,
                  let kind = (slots.first(where: { !$0.optional }) ?? slots.first(where: { $0.kind != .yesNo && $0.kind != .text }))?.kind
            else { return nil }
            return EntityKind(rawValue: kind.rawValue)
        case .offeringResume(let intent):
            // "okay, let's do forty… actually, make it fifty" to "Earlier you wanted to pay your
            // bill. Shall we finish that?": the value the task still needs.
            guard let task = suspended.last(where: { $0.intent == intent }), let slots = catalog[intent]?.slots else { return nil }
            let open = slots.filter { $0.kind != .yesNo && $0.kind != .text && task.slots[$0.name] == nil }
            guard let kind = (open.first(where: { !$0.optional }) ?? open.first)?.kind else { return nil }
            return EntityKind(rawValue: kind.rawValue)
        default:
            return nil
        }
    }

    /// The one option with a slot that something said fills ("forty two fifty" → the payment).
    static func onlyOptionFilled(by entities: [Entity], options: [String], catalog: SkillCatalog) -> String? {
        let fitting = optionsFilled(by: entities, options: options, catalog: catalog)
        return fitting.count == 1 ? fitting[0] : nil
    }

    /// The options, in order, with a slot that a value said fills.
    static func optionsFilled(by entities: [Entity], options: [String], catalog: SkillCatalog) -> [String] {
        let kinds = Set(entities.map(\.kind.rawValue))
        return options.filter { option in
            catalog[option]?.slots.contains { $0.kind != .yesNo && $0.kind != .text && kinds.contains($0.kind.rawValue) } ?? false
        }
    }

    static func yesNo(in entities: [Entity]) -> Bool? {
        for entity in entities {
            if case .yesNo(let value) = entity.value { return value }
        }
        return nil
    }

    /// The option whose description or name shares the most content words with what was said.
    static func bestWordOverlap(_ utterance: String, options: [String], catalog: SkillCatalog, givesValue: Bool = false) -> String? {
        var stop: Set<String> = ["a", "an", "the", "to", "my", "your", "i", "want", "do", "you", "it", "is", "of",
                                 "for", "and", "or", "please", "yes", "no", "that", "one", "like", "would", "me", "are",
                                 "on", "in", "at", "can", "could", "we", "what", "when", "where", "how", "be", "have",
                                 "has", "this", "there", "here", "with", "about", "hear", "check", "our", "us", "get"]
        // "the account number is 4271" names the value's slot, not the option "check your account balance".
        if givesValue {
            stop.formUnion(options.compactMap { catalog[$0] }.flatMap(\.slots).flatMap { $0.name.split(separator: "_").map(String.init) })
        }
        let said = Set(CallerSignals(utterance).words.filter { !stop.contains($0) }.map(Self.stem))
        var best: (String, Int)?
        for option in options {
            guard let profile = catalog[option] else { continue }
            let words = CallerSignals(profile.description + " " + option.replacingDots()).words
                .filter { !stop.contains($0) }.map(Self.stem)
            let overlap = Set(words).intersection(said).count
            if overlap > 0, overlap > (best?.1 ?? 0) { best = (option, overlap) }
            else if overlap > 0, overlap == best?.1 { return nil }  // a tie names nothing
        }
        return best?.0
    }

    /// The best-scoring option in this turn's ranking, when it clears the floor.
    static func bestAmong(_ options: [String], candidates: [IntentCandidate], floor: Float) -> String? {
        candidates.filter { options.contains($0.intent) && $0.score >= floor }
            .max { $0.score < $1.score }?.intent
    }

    static func stem(_ word: String) -> String { TopicWords.stem(word) }
}

extension String {
    fileprivate func replacingDots() -> String {
        String(map { $0 == "." || $0 == "_" ? " " : $0 })
    }
}
