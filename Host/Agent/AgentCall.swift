import Core
import Embeddings
import Foundation
import PluginHost

/// One call: its session, driven turn by turn. The session decides; this performs its actions
/// (running plugin handlers, collecting replies) and reports back.
public actor AgentCall {
    public nonisolated let callID: String
    public nonisolated let caller: String?
    /// How the caller reached the host: twilio, text, audio, chat.
    public nonisolated let transport: String
    let agent: Agent
    var session: Session
    /// What analytics needs to know across turns (``AgentCall/end(reason:)`` writes the outcome).
    var analytics = CallAnalytics()

    init(agent: Agent, callID: String, caller: String?, transport: String) {
        self.agent = agent
        self.callID = callID
        self.caller = caller
        self.transport = transport
        self.session = Session(
            callID: callID, caller: caller, today: agent.configuration.clock.now.day,
            configuration: agent.configuration.session
        )
    }

    public var state: SessionState { session.state }
    public var memory: ConversationMemory { session.memory }
    public var statistics: SessionStatistics { session.statistics }
    /// The caller's turns so far.
    public var turn: Int { session.turn }
    public func handoffRecord(reason: String) -> HandoffRecord { session.handoffRecord(reason: reason) }

    /// The caller talked over the replies of `turn` and heard only `heard` of them (one string per
    /// reply): memory keeps just that.
    public func interrupted(turn: Int, heard: [String]) {
        session.agentInterrupted(turn: turn, heard: heard)
    }

    /// Runs the call-start hooks and returns the greeting.
    public func begin() async -> TurnReport {
        let clock = ContinuousClock()
        let started = clock.now
        var report = TurnReport()
        await perform(session.start(), catalog: agent.catalog, into: &report)
        report.host = clock.now - started
        report.state = session.state
        report.turn = session.turn
        recordStart()
        return report
    }

    /// The caller said `utterance`. With `speak`, an answer the language model writes goes out
    /// there sentence by sentence as it is written (and a holding phrase when it is late); those
    /// replies are in the report's ``TurnReport/spokenEarly`` as well as its replies.
    public func handle(_ utterance: String, speak: SentenceSink? = nil) async -> TurnReport {
        let clock = ContinuousClock()
        var report = TurnReport()
        let trimmed = utterance.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !session.state.isFinished else {
            report.state = session.state
            return report
        }
        let wording = agent.configuration.session.wording
        guard trimmed.count <= wording.maximumUtterance else {
            // Not read at all: a turn of megabytes costs the host nothing and the caller hears why.
            report.replies = [wording.tooLong]
            report.state = session.state
            report.turn = session.turn
            recordTurn(report, utterance: String(trimmed.prefix(200)) + "…", took: .zero)
            return report
        }
        session.setToday(agent.configuration.clock.now.day)
        let embedStart = clock.now
        var candidates: [IntentCandidate] = []
        var calibrated: CalibratedChoice?
        var then: CalibratedChoice?
        if !trimmed.isEmpty {
            do {
                // A question clause read alone is a guess the language model, which reads the whole
                // turn, makes better when it will be asked.
                let modelDecides = agent.languageModel != nil && session.routesAsRequest(trimmed)
                let (classification, second) = try await classify(String(trimmed.prefix(2000)), questionClauses: !modelDecides)
                then = second
                candidates = classification.matches.map { IntentCandidate(intent: $0.intent, score: $0.score) }
                calibrated = classification.decision.map(Self.choice)
            } catch {
                candidates = []
            }
        }
        report.embedding = clock.now - embedStart
        // The fast path is unsure of a request: the language model, when there is one, may decide.
        if let router = agent.languageModel, !trimmed.isEmpty, session.routesAsRequest(trimmed),
           !(calibrated.map { $0.isConfident || $0.confidence >= $0.answerThreshold } ?? false) {
            let llmStart = clock.now
            let verdict = await router.route(String(trimmed.prefix(2000)), lastQuestion: session.memory.transcript.last { $0.speaker == .agent }?.text,
                                             intents: Array(agent.plugins.registry.intents.values))
            report.languageModel = clock.now - llmStart
            report.languageModelVerdict = verdict
            if case .decided(let intent, let confidence, let slots) = verdict {
                calibrated = .languageModel(intent, confidence: Float(confidence), slots: slots)
                if !candidates.contains(where: { $0.intent == intent }) { candidates.append(IntentCandidate(intent: intent, score: 0)) }
                agent.learn(intent: intent, utterance: trimmed)
            }
        }
        report.candidates = candidates
        report.calibrated = calibrated
        let hostStart = clock.now
        let catalog = agent.catalog
        await perform(session.receive(trimmed, candidates: candidates, calibrated: calibrated, then: then, catalog: catalog),
                      catalog: catalog, into: &report, speak: speak)
        report.host = clock.now - hostStart
        report.state = session.state
        report.style = session.speakingStyle
        report.turn = session.turn
        summarizeIfDue()
        recordTurn(report, utterance: trimmed, took: clock.now - embedStart)
        return report
    }

    /// Whether a summary of older turns is being written.
    private var summarizing = false

    /// When turns no longer fit the model's history window, the model summarises them in the
    /// background (six or more new ones at a time), for the prompts of later turns.
    private func summarizeIfDue() {
        guard let composer = agent.answerComposer, !summarizing else { return }
        let memory = session.memory
        let folded = memory.transcript.count - memory.historyWindow().recent.count
        guard folded >= memory.summarizedEntries + 6 else { return }
        summarizing = true
        let entries = Array(memory.transcript[memory.summarizedEntries..<folded])
        let previous = memory.rollingSummary
        Task {
            let text = await composer.summarize(previous: previous, entries: entries)
            if let text { session.rollingSummaryWritten(text, coveringEntries: folded) }
            summarizing = false
        }
    }

    /// The utterance's classification; when it is not sure and the caller said several things
    /// ("oh wait, before I forget, is there parking? the last place was a nightmare"), each
    /// clause is classified too and the surest one counts.
    ///
    /// Two requests in one turn: the first is returned, the second comes back as `then`. Either
    /// two halves joined in so many words ("I want to check my balance and also book a cleaning"),
    /// each at the answer precision (or the second clearly its nearest example's), or two clauses
    /// that each ask for something different, each sure at the target ("what do I still owe, and
    /// when was my last payment"). The first only answers (one that acts starts from the whole turn
    /// as usual); the second may act: it starts later, naming itself, and reads back before acting.
    /// With `questionClauses`, a question clause at the answer precision may stand for the turn.
    private func classify(_ text: String, questionClauses: Bool) async throws -> (LiveIntentIndex.Classification, then: CalibratedChoice?) {
        let topK = agent.configuration.candidates
        // The request without the greetings and fillers around it, which the examples lack.
        let whole = try await agent.index.classify(RequestText.of(text), topK: topK)
        // Two requests joined in so many words ("I want to check my balance and also book a
        // cleaning"): each at the answer precision is enough, the joint says they are requests.
        // The first only answers; the second starts afterwards naming itself, and a skill that
        // acts reads back before acting.
        let joints = Self.jointParts(of: text)
        if joints.count == 2 {
            let parts = try await agent.index.classify(batch: joints.map(RequestText.of), topK: topK)
            if let first = parts[0].decision, let second = Self.request(in: parts[1]), first.intent != second.intent,
               let firstProfile = agent.catalog[first.intent], let secondProfile = agent.catalog[second.intent],
               !firstProfile.hasSideEffects, !firstProfile.isEscalationTarget, !secondProfile.isEscalationTarget,
               first.confidence >= first.answerThreshold {
                return (parts[0], second)
            }
        }
        guard let decision = whole.decision, !decision.isConfident else { return (whole, nil) }
        let clauses = Self.clauses(of: text)
        guard clauses.count > 1 else { return (whole, nil) }
        let parts = try await agent.index.classify(batch: clauses.map(RequestText.of), topK: topK)

        let catalog = agent.catalog
        var requests: [LiveIntentIndex.Classification] = []
        for part in parts {
            guard let verdict = part.decision, let profile = catalog[verdict.intent] else { continue }
            // Each must be sure at the target: a long turn has incidental clauses ("my husband's
            // in hospital") that an answer-level match would take for requests.
            guard verdict.isConfident, requests.isEmpty ? !profile.hasSideEffects : true, !profile.isEscalationTarget else { continue }
            if !requests.contains(where: { $0.decision?.intent == verdict.intent }) { requests.append(part) }
        }
        if requests.count >= 2, let second = requests[1].decision {
            return (requests[0], Self.choice(second))
        }
        let best = parts.max { ($0.decision?.confidence ?? 0) < ($1.decision?.confidence ?? 0) }
        // Only a clause sure at the target precision stands for the turn: the surest of several
        // parts is surer by chance alone.
        if let best, let clause = best.decision, clause.confidence > decision.confidence, clause.isConfident {
            return (best, nil)
        }
        guard questionClauses else { return (whole, nil) }
        // Or the one question among the clauses, about something that only answers, at the
        // answer precision: "oh, and sorry, before I forget, what's the address again? I always
        // end up at the wrong building". A statement clause never stands for the turn this way
        // ("my husband's in hospital" reads as the address at that precision), nor one that
        // points elsewhere in the turn ("do you do teeth whitening? and how much is it?").
        let questions = zip(clauses, parts).compactMap { clause, part -> LiveIntentIndex.Classification? in
            guard RequestText.asksQuestion(clause), !Self.pointsElsewhere(clause), let verdict = part.decision, verdict.confidence >= verdict.answerThreshold,
                  let profile = catalog[verdict.intent], !profile.hasSideEffects, !profile.isEscalationTarget else { return nil }
            return part
        }
        guard let question = questions.first, let asked = question.decision, asked.confidence > decision.confidence,
              questions.allSatisfy({ $0.decision?.intent == asked.intent }) else { return (whole, nil) }
        return (question, nil)
    }

    /// A clause with a pronoun that stands for something said elsewhere ("how much is it?").
    static func pointsElsewhere(_ clause: String) -> Bool {
        let pronouns: Set<String> = ["it", "its", "it's", "that", "that's", "this", "these", "those", "they", "them", "their", "one"]
        return clause.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).contains { pronouns.contains(String($0)) }
    }

    /// The request a joined half makes: the model's intent at the answer precision, or the
    /// nearest example's when it is clearly ahead (≥ 0.7, 0.15 ahead: "book a cleaning": cosine 0.82 to a booking
    /// example, 0.19 ahead of "how much is a cleaning", which holds the model back).
    static func request(in part: LiveIntentIndex.Classification) -> CalibratedChoice? {
        guard let decision = part.decision else { return nil }
        if decision.confidence >= decision.answerThreshold { return choice(decision) }
        let ranked = part.matches.sorted { $0.score > $1.score }
        guard let top = ranked.first, top.score >= 0.7,
              top.score - (ranked.first { $0.intent != top.intent }?.score ?? 0) >= 0.15 else { return nil }
        return CalibratedChoice(intent: top.intent, confidence: Float(decision.confidence), threshold: Float(decision.threshold),
                                answerThreshold: Float(decision.answerThreshold), isExampleMatch: false)
    }

    static func choice(_ decision: IntentDecision) -> CalibratedChoice {
        CalibratedChoice(
            intent: decision.intent, confidence: Float(decision.confidence), threshold: Float(decision.threshold),
            answerThreshold: Float(decision.answerThreshold), isExampleMatch: decision.isExampleMatch
        )
    }

    /// The clauses of a turn worth classifying alone: its sentences, and their comma-separated
    /// parts of three words or more.
    static func clauses(of text: String) -> [String] {
        var result: [String] = []
        for sentence in text.split(whereSeparator: { ".?!;".contains($0) }) {
            let parts = Self.joined(String(sentence)).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let long = parts.filter { $0.split(separator: " ").count >= 3 }
            let trimmed = sentence.trimmingCharacters(in: .whitespaces)
            if long.count > 1 {
                result += long
            } else if trimmed.split(separator: " ").count >= 3 {
                result.append(trimmed)
            }
        }
        var seen = Set<String>()
        // "rather than cancel it, could I move it": the task turned away from is not a request.
        return result.filter { seen.insert($0).inserted && !Self.turnsAway($0) }  // in the order said
    }

    /// A turn's two halves around the one request joint it has ("…my balance and also book a
    /// cleaning"), each of two words or more; otherwise none.
    static func jointParts(of text: String) -> [String] {
        let lowered = " " + text.lowercased() + " "
        let found = jointPhrases.compactMap { lowered.range(of: $0) }
        guard found.count == 1, let joint = found.first else { return [] }
        let parts = [String(lowered[..<joint.lowerBound]), String(lowered[joint.upperBound...])]
            .map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(.punctuationCharacters)) }
        return parts.allSatisfy { $0.split(separator: " ").count >= 2 } ? parts : []
    }

    static let jointPhrases = [" and also ", " and then ", " and i also ", " and i'd also ", " and can i also ", " and could i also ",
                               " and can you also ", " as well as "]

    /// A sentence with its requests joined by "and also", "and then", "as well as" cut there, as if
    /// by a comma ("I want to check my balance and also book a cleaning").
    static func joined(_ sentence: String) -> String {
        var text = " " + sentence + " "
        for joint in jointPhrases {
            text = text.replacingOccurrences(of: joint, with: ", ", options: .caseInsensitive)
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// A clause that names what the caller does not want: "rather than cancel it", "instead of
    /// paying", "not to cancel" (after "actually", "well", "you know what" and the like).
    static func turnsAway(_ clause: String) -> Bool {
        var words = clause.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        let lead: Set<String> = ["actually", "well", "so", "but", "and", "oh", "um", "uh", "you", "know", "what", "hmm", "okay", "ok"]
        while let first = words.first, lead.contains(first) { words.removeFirst() }
        if words.first == "i", ["don't", "dont", "do"].contains(words.dropFirst().first ?? "") { words.removeFirst() }
        if words.first == "do", words.dropFirst().first == "not" { words.replaceSubrange(0..<2, with: ["don't"]) }
        guard let first = words.first else { return false }
        let second = words.dropFirst().first
        return (first == "rather" && second == "than") || (first == "instead" && second == "of")
            || (first == "not" && ["to", "cancel", "book", "pay", "move"].contains(second ?? ""))
            || ["don't", "dont"].contains(first) && ["want", "need"].contains(second ?? "")
    }

    private func perform(
        _ actions: [SessionAction], catalog: SkillCatalog, into report: inout TurnReport, speak: SentenceSink? = nil
    ) async {
        var queue = actions
        let clock = ContinuousClock()
        while !queue.isEmpty {
            let action = queue.removeFirst()
            switch action {
            case .say(let text):
                report.replies.append(text)
            case .answerOpenQuestion(let question):
                let started = clock.now
                var answer: String?
                var holding: String?
                if let composer = agent.answerComposer {
                    let context = CallContext(callID: callID, turn: session.turn, caller: caller, memory: session.memory)
                    let plugins = agent.plugins
                    let composed = await composer.respond(
                        to: question, context: context, tools: Array(plugins.registry.tools.values), speak: speak
                    ) { name, arguments in
                        do {
                            return (try await plugins.callTool(name, argumentsJSON: arguments), false)
                        } catch {
                            return ("\(error)", true)
                        }
                    }
                    // Every call the model made is kept with its result, answered or not.
                    session.toolCallsCompleted(composed.exchanges)
                    report.toolCalls += composed.exchanges
                    answer = composed.text
                    holding = composed.holding
                    if report.languageModelFirstToken == nil { report.languageModelFirstToken = composed.firstToken }
                    report.spokenEarly += [holding, composed.streamed ? answer : nil].compactMap { $0 }
                    if let proposal = composed.proposal {
                        report.languageModel += clock.now - started
                        queue.insert(contentsOf: session.toolCallProposed(proposal, catalog: catalog), at: 0)
                        continue
                    }
                }
                report.languageModel += clock.now - started
                queue.insert(contentsOf: session.openQuestionAnswered(answer, holding: holding, catalog: catalog), at: 0)
            case .runToolCall(let call):
                queue.insert(contentsOf: await runConfirmed(call, catalog: catalog, into: &report, speak: speak), at: 0)
            case .runCallStartHooks(let request):
                let started = clock.now
                let outcome = await agent.plugins.runCallStartHooks(input(for: request))
                report.handlers += clock.now - started
                queue.insert(contentsOf: session.callStartFinished(HandlerResult(outcome)), at: 0)
            case .runHandler(let request):
                let started = clock.now
                let outcome = await agent.plugins.runIntent(request.intent, turn: input(for: request))
                report.handlers += clock.now - started
                if let plugin = outcome.plugin, let generation = outcome.generation {
                    report.handledBy.append((plugin, generation))
                }
                var result = HandlerResult(outcome)
                // Facts handed to the model, and nothing said: the model puts them into words.
                if result.status == .completed, result.says.isEmpty, let facts = result.deferredFacts, let composer = agent.answerComposer {
                    let composeStart = clock.now
                    let composed = await composer.answer(facts: facts, question: request.utterance, speak: speak)
                    if let text = composed.text {
                        result.says = [text]
                        result.deferredFacts = nil
                    }
                    if let holding = composed.holding {
                        // Said already; with no answer after it, the line a skill's unsaid facts get.
                        if composed.text == nil {
                            result.says = [holding, Session.unsaidFacts]
                        } else {
                            result.says.insert(holding, at: 0)
                        }
                    }
                    report.spokenEarly += [composed.holding, composed.streamed ? composed.text : nil].compactMap { $0 }
                    report.languageModel += clock.now - composeStart
                    if report.languageModelFirstToken == nil { report.languageModelFirstToken = composed.firstToken }
                }
                queue.insert(contentsOf: session.handlerFinished(result, catalog: catalog), at: 0)
            case .transfer(let record):
                report.transfer = record
            case .endCall:
                report.ended = true
            case .record(let event):
                report.events.append(event)
                if case .exampleConfirmed(let intent, let utterance) = event { agent.learn(intent: intent, utterance: utterance) }
                if case .intentRouted(let intent, let path, let confidence) = event {
                    report.intent = intent
                    report.path = path
                    report.confidence = confidence
                }
            }
        }
    }

    /// Runs a tool call the caller confirmed — once: a key already in memory is not run again —
    /// and has the model say what came of it (a plain line when it cannot).
    private func runConfirmed(
        _ call: ProposedToolCall, catalog: SkillCatalog, into report: inout TurnReport, speak: SentenceSink?
    ) async -> [SessionAction] {
        guard !session.memory.toolExchanges.contains(where: { $0.key == call.key }) else { return [] }
        let clock = ContinuousClock()
        let started = clock.now
        var result: String
        var failed = false
        do {
            result = try await agent.plugins.callTool(call.tool, argumentsJSON: call.arguments)
        } catch {
            result = "\(error)"
            failed = true
        }
        report.handlers += clock.now - started
        let exchange = ToolExchange(key: call.key, turn: session.turn, tool: call.tool, arguments: call.arguments,
                                    result: result, failed: failed)
        report.toolCalls.append(exchange)
        var replies = [failed ? "Sorry, that didn't go through. I can have someone from the team help you with it." : "Done."]
        if !failed, let composer = agent.answerComposer {
            let composeStart = clock.now
            let composed = await composer.answer(facts: exchange.result, question: "The caller said yes to: \(call.readBack) Tell them it is done.",
                                                 speak: speak)
            report.languageModel += clock.now - composeStart
            report.spokenEarly += [composed.holding, composed.streamed ? composed.text : nil].compactMap { $0 }
            if let text = composed.text {
                replies = [composed.holding, text].compactMap { $0 }
            } else if let holding = composed.holding {
                replies.insert(holding, at: 0)
            }
        }
        return session.toolCallRan(exchange, replies: replies, catalog: catalog)
    }

    private func input(for request: HandlerRequest) -> TurnInput {
        TurnInput(
            callID: callID, utterance: request.utterance, intent: request.intent,
            confidence: Double(request.confidence), slots: request.slots,
            entitiesJSON: Self.entitiesJSON(request.entities), caller: caller,
            now: agent.configuration.clock.now.description, callValues: request.callValues,
            customerJSON: request.customerJSON, summaryProvider: DeferredText { [handoff = request.handoff] in handoff.summary }
        )
    }

    static func entitiesJSON(_ entities: [Entity]) -> String {
        let objects = entities.map { ["kind": $0.kind.rawValue, "value": $0.canonicalText, "text": $0.text] }
        guard let data = try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension HandlerResult {
    /// What the plugin host collected, as the session reads it.
    init(_ outcome: TurnOutcome) {
        let status: Status = switch outcome.status {
        case .completed: .completed
        case .failed(let reason): .failed(reason)
        case .timedOut: .timedOut
        case .unknownIntent: .unknownIntent
        }
        self.init(
            status: status, says: outcome.says,
            askSlot: outcome.askSlot.map { (name: $0.slot, question: $0.question) },
            transferReason: outcome.transferReason, endCall: outcome.endCall,
            deferredFacts: outcome.deferredFacts,
            valueChanges: outcome.callValueChanges.map { ValueChange(key: $0.key, value: $0.value) },
            customerJSON: outcome.customerJSON
        )
    }
}
