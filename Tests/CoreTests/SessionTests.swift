import Core
import Testing

/// The conversation engine without plugins or embeddings: candidates are given by hand, handler
/// results are what a skill would answer.
@Suite struct SessionTests {
    static let today = CalendarDay(year: 2026, month: 11, day: 25)!  // a Wednesday
    static let catalog = SkillCatalog([
        IntentProfile(name: "scheduling.book", description: "book an appointment", slots: [
            SlotRequirement(name: "date", kind: .date, question: "What day would you like to come in?"),
            SlotRequirement(name: "time", kind: .time, question: "What time works best for you?"),
            SlotRequirement(name: "confirm", kind: .yesNo, question: "Shall I book it?", optional: true),
        ]),
        IntentProfile(name: "billing.balance", description: "check your balance"),
        IntentProfile(name: "billing.pay", description: "make a payment", slots: [
            SlotRequirement(name: "amount", kind: .money, question: "How much would you like to pay?"),
        ]),
        IntentProfile(name: "handoff.request", description: "talk to a person", isEscalationTarget: true),
    ])

    static func decided(_ intent: String, _ score: Float = 0.93) -> [IntentCandidate] {
        [IntentCandidate(intent: intent, score: score), IntentCandidate(intent: "other.noise", score: 0.3)]
    }

    static let unsure: [IntentCandidate] = [
        IntentCandidate(intent: "billing.balance", score: 0.71), IntentCandidate(intent: "billing.pay", score: 0.66),
        IntentCandidate(intent: "scheduling.book", score: 0.31),
    ]

    func started(catalog: SkillCatalog = Self.catalog) -> Session {
        var session = Session(callID: "t", caller: "+15551230001", today: Self.today)
        _ = session.start()
        _ = session.callStartFinished(HandlerResult(says: ["Hi Dana, thanks for calling."]))
        return session
    }

    func says(_ actions: [SessionAction]) -> [String] {
        actions.compactMap { if case .say(let text) = $0 { text } else { nil } }
    }

    func handlerRequest(_ actions: [SessionAction]) -> HandlerRequest? {
        actions.lazy.compactMap { if case .runHandler(let request) = $0 { request } else { nil } }.first
    }

    @Test func greetsWithTheHooksWordsOrTheDefault() {
        var session = Session(callID: "t", caller: nil, today: Self.today)
        #expect(session.start().count == 1)
        #expect(says(session.callStartFinished(HandlerResult())) == ["Thanks for calling. How can I help you today?"])
        #expect(session.state == .listening)
        #expect(started().memory.transcript.first?.text == "Hi Dana, thanks for calling.")
    }

    @Test func slotsFillAcrossTurnsThenTheHandlerRuns() throws {
        var session = started()
        var actions = session.receive("i'd like to book an appointment", candidates: Self.decided("scheduling.book"), catalog: Self.catalog)
        #expect(says(actions) == ["What day would you like to come in?"])
        #expect(session.state == .awaitingSlot(intent: "scheduling.book", slot: "date"))
        actions = session.receive("next tuesday", candidates: Self.unsure, catalog: Self.catalog)
        #expect(says(actions) == ["What time works best for you?"])
        actions = session.receive("half past three", candidates: Self.unsure, catalog: Self.catalog)
        let request = try #require(handlerRequest(actions))
        #expect(request.slots == ["date": "2026-12-01", "time": "15:30"])
        #expect(session.state == .thinking(intent: "scheduling.book"))
        // The handler reads back and asks for confirmation with its own words.
        actions = session.handlerFinished(HandlerResult(says: ["I can book you for Tuesday at 3:30 PM. Shall I book it?"], askSlot: ("confirm", nil)), catalog: Self.catalog)
        #expect(says(actions) == ["I can book you for Tuesday at 3:30 PM. Shall I book it?"])
        actions = session.receive("yes please", candidates: Self.unsure, catalog: Self.catalog)
        #expect(handlerRequest(actions)?.slots["confirm"] == "yes")
        actions = session.handlerFinished(HandlerResult(says: ["You're booked."]), catalog: Self.catalog)
        #expect(session.state == .listening)
        #expect(session.memory.tasks.map(\.outcome) == [.completed])
    }

    @Test func slotsComeFromTheFirstUtteranceToo() throws {
        var session = started()
        let actions = session.receive("book me in for tomorrow at 3 pm", candidates: Self.decided("scheduling.book"), catalog: Self.catalog)
        let request = try #require(handlerRequest(actions))
        #expect(request.slots == ["date": "2026-11-26", "time": "15:00"])
    }

    @Test func topicSwitchRemembersTheTaskAndOffersItBack() throws {
        var session = started()
        _ = session.receive("book an appointment", candidates: Self.decided("scheduling.book"), catalog: Self.catalog)
        _ = session.receive("friday", candidates: Self.unsure, catalog: Self.catalog)
        #expect(session.state == .awaitingSlot(intent: "scheduling.book", slot: "time"))
        var actions = session.receive("actually what's my balance", candidates: Self.decided("billing.balance"), catalog: Self.catalog)
        #expect(handlerRequest(actions)?.intent == "billing.balance")
        actions = session.handlerFinished(HandlerResult(says: ["Your balance is $142.50."]), catalog: Self.catalog)
        #expect(says(actions) == ["Your balance is $142.50.", "Earlier you wanted to book an appointment. Shall we finish that?"])
        actions = session.receive("yes", candidates: Self.unsure, catalog: Self.catalog)
        #expect(says(actions) == ["What time works best for you?"])
        actions = session.receive("at 2 pm", candidates: Self.unsure, catalog: Self.catalog)
        #expect(handlerRequest(actions)?.slots == ["date": "2026-11-27", "time": "14:00"])
        #expect(session.statistics.topicSwitches == 1)
    }

    @Test func declinedResumeAbandonsTheTask() {
        var session = started()
        _ = session.receive("book an appointment", candidates: Self.decided("scheduling.book"), catalog: Self.catalog)
        _ = session.receive("what do i owe", candidates: Self.decided("billing.balance"), catalog: Self.catalog)
        _ = session.handlerFinished(HandlerResult(says: ["Your balance is $0."]), catalog: Self.catalog)
        let actions = session.receive("no thanks", candidates: Self.unsure, catalog: Self.catalog)
        #expect(says(actions) == ["Okay. Is there anything else I can help you with?"])
        #expect(session.memory.tasks.first?.outcome == .abandoned)
    }

    @Test("two intents described alike are offered once, not as 'A, or A'")
    func alikeDescriptionsAreOfferedOnce() {
        let catalog = SkillCatalog(Self.catalog.intents.values.sorted { $0.name < $1.name } + [
            IntentProfile(name: "pharmacy.hours", description: "hear the pharmacy's hours"),
            IntentProfile(name: "hello.pharmacy_hours", description: "hear the pharmacy's hours"),
        ])
        var session = started(catalog: catalog)
        let actions = session.receive("pharmacy open", candidates: [
            IntentCandidate(intent: "pharmacy.hours", score: 0.72), IntentCandidate(intent: "hello.pharmacy_hours", score: 0.71),
            IntentCandidate(intent: "billing.balance", score: 0.66),
        ], catalog: catalog)
        #expect(says(actions) == ["Sorry, do you want to hear the pharmacy's hours, or check your balance?"])
        #expect(session.state == .clarifying(candidates: ["pharmacy.hours", "billing.balance"]))
    }

    @Test func clarificationNamesTheCandidatesAndCountsSuccess() throws {
        var session = started()
        var actions = session.receive("something about my bill", candidates: Self.unsure, catalog: Self.catalog)
        #expect(says(actions) == ["Sorry, do you want to check your balance, or make a payment?"])
        actions = session.receive("make a payment of forty dollars", candidates: Self.unsure, catalog: Self.catalog)
        let request = try #require(handlerRequest(actions))
        #expect(request.intent == "billing.pay")
        #expect(request.slots["amount"] == "40.00")
        #expect(session.statistics.clarificationsAsked == 1)
        #expect(session.statistics.clarificationsResolved == 1)
    }

    @Test func clarificationByOrdinal() {
        var session = started()
        _ = session.receive("something about my bill", candidates: Self.unsure, catalog: Self.catalog)
        let actions = session.receive("the first one", candidates: [], catalog: Self.catalog)
        #expect(handlerRequest(actions)?.intent == "billing.balance")
    }

    @Test func threeRealMisunderstandingsEscalateToTheHandoffSkill() throws {
        var session = started()
        let noise = [IntentCandidate(intent: "billing.balance", score: 0.2)]
        var actions = session.receive("purple monkey dishwasher", candidates: noise, catalog: Self.catalog)
        #expect(says(actions).first?.hasPrefix("Sorry, I didn't quite get that.") == true)
        // Thanks and greetings in between are answered and never count.
        actions = session.receive("thanks", candidates: noise, catalog: Self.catalog)
        #expect(says(actions) == ["You're welcome. How can I help you today?"])
        actions = session.receive("blah blah", candidates: noise, catalog: Self.catalog)
        #expect(says(actions).first?.contains("put you through to someone") == true, "a person is offered before a transfer")
        #expect(handlerRequest(actions) == nil)
        actions = session.receive("zzz", candidates: noise, catalog: Self.catalog)
        let request = try #require(handlerRequest(actions))
        #expect(request.intent == "handoff.request")
        #expect(request.escalationReason == .repeatedMisunderstanding)
        #expect(request.callValues["host.escalation_reason"] == EscalationReason.repeatedMisunderstanding.rawValue)
        actions = session.handlerFinished(HandlerResult(says: ["Connecting you."], transferReason: "caller needs help"), catalog: Self.catalog)
        guard case .transfer(let record)? = actions.last else {
            Issue.record("expected a transfer, got \(actions)")
            return
        }
        #expect(record.reason == EscalationReason.repeatedMisunderstanding.rawValue)
        #expect(record.lastCallerWords == ["blah blah", "zzz"])
        #expect(session.state == .transferring)
    }

    @Test func aQuestionThatSaysAClosingPhraseAlongTheWayDoesNotHangUp() {
        for said in ["where can I see you on the internet?", "do you take care of kids with braces?"] {
            var session = started()
            let actions = session.receive(said, candidates: Self.unsure, catalog: Self.catalog)
            #expect(!actions.contains(.endCall), "\(said)")
            #expect(session.state != .ended, "\(said)")
        }
        for said in ["what time do you close? thanks, bye", "okay, see you soon then", "is that everything? great, see you then"] {
            var session = started()
            #expect(session.receive(said, candidates: Self.unsure, catalog: Self.catalog).contains(.endCall), "\(said)")
        }
    }

    @Test func frustrationAndExplicitRequestsEscalate() {
        var session = started()
        var actions = session.receive("this is ridiculous", candidates: Self.unsure, catalog: Self.catalog)
        #expect(handlerRequest(actions)?.escalationReason == .frustration)
        session = started()
        actions = session.receive("can i speak to a real person", candidates: Self.unsure, catalog: Self.catalog)
        #expect(handlerRequest(actions)?.escalationReason == .explicitRequest)
        for said in ["you're useless", "oh for god's sake, the system is useless", "I'm so frustrated", "I'm sick of this"] {
            session = started()
            actions = session.receive(said, candidates: Self.unsure, catalog: Self.catalog)
            #expect(handlerRequest(actions)?.escalationReason == .frustration, "\(said)")
        }
        for said in ["I need to speak with someone", "get me a human please", "can I talk to a member of staff"] {
            session = started()
            actions = session.receive(said, candidates: Self.unsure, catalog: Self.catalog)
            #expect(handlerRequest(actions)?.escalationReason == .explicitRequest, "\(said)")
        }
        // Someone who did something is not a person asked for.
        for said in ["someone told me new patients get the first exam free, is that right?", "the staff were lovely, I want to come back"] {
            session = started()
            actions = session.receive(said, candidates: Self.unsure, catalog: Self.catalog)
            #expect(handlerRequest(actions)?.escalationReason == nil, "\(said)")
        }
        // Frustration with something else is no frustration with the call.
        for said in ["where are you located? my GPS is hopeless around there", "the parking there is ridiculous",
                     "I'm sick of my tooth aching", "I'm frustrated with my insurance company"] {
            session = started()
            actions = session.receive(said, candidates: Self.unsure, catalog: Self.catalog)
            #expect(handlerRequest(actions)?.escalationReason == nil, "\(said)")
            #expect(session.state != .transferring, "\(said)")
        }
        // Without a handoff skill the host transfers itself, with the summary.
        let bare = SkillCatalog(Self.catalog.intents.values.filter { !$0.isEscalationTarget })
        session = started(catalog: bare)
        actions = session.receive("representative", candidates: [], catalog: bare)
        #expect(says(actions) == ["Let me connect you with someone who can help."])
        #expect(session.state == .transferring)
    }

    @Test func handoffSummaryHoldsTheFacts() {
        var session = started()
        _ = session.callStartFinished(HandlerResult())
        _ = session.receive("book an appointment for friday", candidates: Self.decided("scheduling.book"), catalog: Self.catalog)
        _ = session.receive("what's my balance", candidates: Self.decided("billing.balance"), catalog: Self.catalog)
        _ = session.handlerFinished(HandlerResult(says: ["Your balance is $142.50."]), catalog: Self.catalog)
        let summary = session.handoffRecord(reason: "caller asked for a person").summary
        #expect(summary.contains("+15551230001"))
        #expect(summary.contains("check your balance — completed: Your balance is $142.50."))
        #expect(summary.contains("Unfinished: book an appointment (date 2026-11-27) — suspended"))
    }

    @Test func aFailedHandlerApologisesAndTheCallGoesOn() {
        var session = started()
        _ = session.receive("what's my balance", candidates: Self.decided("billing.balance"), catalog: Self.catalog)
        let actions = session.handlerFinished(HandlerResult(status: .timedOut), catalog: Self.catalog)
        #expect(says(actions) == ["Sorry, that's taking longer than it should. Please try again in a moment."])
        #expect(session.state == .listening)
        #expect(session.memory.tasks.first?.outcome == .failed)
    }

    @Test func cardNumbersNeverReachTheTranscript() {
        var session = started()
        _ = session.receive("my card is 4242 4242 4242 4242", candidates: Self.unsure, catalog: Self.catalog)
        let said = session.memory.transcript.last { $0.speaker == .caller }?.text ?? ""
        #expect(!said.contains("4242 4242"))
        #expect(said.contains("[card ending 4242]"))
    }

    @Test func goodbyeEndsTheCall() {
        var session = started()
        let actions = session.receive("no that's all goodbye", candidates: Self.unsure.map { IntentCandidate(intent: $0.intent, score: 0.2) }, catalog: Self.catalog)
        #expect(actions.last == .endCall)
        #expect(session.state == .ended)
        #expect(session.receive("hello?", candidates: [], catalog: Self.catalog).isEmpty)
    }
}

/// Turns a skill hands to the LLM, before any LLM is configured.
@Suite struct DeferToLLMTests {
    @Test func aDeferredTurnGetsAClearFallback() {
        let catalog = SkillCatalog([IntentProfile(name: "billing.explain", description: "explain a charge")])
        var session = Session(callID: "t", caller: nil, today: CalendarDay(year: 2026, month: 11, day: 25)!)
        _ = session.start()
        _ = session.callStartFinished(HandlerResult())
        _ = session.receive("why was I charged twice", candidates: [IntentCandidate(intent: "billing.explain", score: 0.95)], catalog: catalog)
        let actions = session.handlerFinished(HandlerResult(deferredFacts: #"{"charges":[89.0,89.0]}"#), catalog: catalog)
        #expect(actions == [.say("I have that information, but I can't put it into words on this line yet. Would you like me to connect you with someone?")])
        #expect(session.state == .listening)
    }
}

/// The style the engine picks for the next reply.
@Suite struct SpeakingStyleTests {
    let catalog = SessionTests.catalog

    func started() -> Session {
        var session = Session(callID: "t", caller: nil, today: SessionTests.today)
        _ = session.start()
        _ = session.callStartFinished(HandlerResult())
        return session
    }

    @Test func aCompleteRequestIsAnsweredBriskly() {
        var session = started()
        _ = session.receive("book me in for tomorrow at 3 pm", candidates: SessionTests.decided("scheduling.book"), catalog: catalog)
        #expect(session.speakingStyle == .brisk)
        _ = session.handlerFinished(HandlerResult(says: ["Shall I book it?"], askSlot: ("confirm", nil)), catalog: catalog)
        _ = session.receive("yes", candidates: [], catalog: catalog)
        #expect(session.speakingStyle == .neutral)
    }

    @Test func notBeingUnderstoodCalmsUntilUnderstood() {
        var session = started()
        _ = session.receive("purple monkey", candidates: [IntentCandidate(intent: "billing.balance", score: 0.1)], catalog: catalog)
        #expect(session.speakingStyle == .calm)
        _ = session.receive("book an appointment", candidates: SessionTests.decided("scheduling.book"), catalog: catalog)
        #expect(session.speakingStyle == .neutral)
    }

    @Test func frustrationCalmsForTheRestOfTheCall() {
        let bare = SkillCatalog(catalog.intents.values.filter { !$0.isEscalationTarget })
        var session = started()
        _ = session.receive("this is ridiculous", candidates: [], catalog: bare)
        #expect(session.speakingStyle == .calm)
    }
}
