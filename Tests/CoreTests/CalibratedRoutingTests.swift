import Core
import Testing

/// The session acting on the calibrated decision: the target precision decides anything; below
/// it an intent that only answers is decided at the answer precision, and one that acts starts
/// tentatively, saying what it understood.
@Suite struct CalibratedRoutingTests {
    let base = SessionTests()

    static let catalog = SkillCatalog([
        IntentProfile(name: "scheduling.book", description: "book an appointment", slots: [
            SlotRequirement(name: "date", kind: .date, question: "What day would you like to come in?"),
            SlotRequirement(name: "confirm", kind: .yesNo, question: "Shall I book it?", optional: true),
        ], hasSideEffects: true),
        IntentProfile(name: "billing.balance", description: "check your balance"),
        IntentProfile(name: "scheduling.cancel", description: "cancel an appointment", slots: [
            SlotRequirement(name: "confirm", kind: .yesNo, question: "Shall I cancel it?", optional: true),
        ], hasSideEffects: true),
        IntentProfile(name: "faq.parking", description: "hear about parking"),
        IntentProfile(name: "handoff.request", description: "talk to a person", isEscalationTarget: true),
    ])

    static let candidates = [
        IntentCandidate(intent: "scheduling.book", score: 0.6), IntentCandidate(intent: "billing.balance", score: 0.55),
        IntentCandidate(intent: "faq.parking", score: 0.5), IntentCandidate(intent: "handoff.request", score: 0.4),
        IntentCandidate(intent: "scheduling.cancel", score: 0.45),
    ]

    func choice(_ intent: String, _ p: Float) -> CalibratedChoice {
        CalibratedChoice(intent: intent, confidence: p, threshold: 0.93, answerThreshold: 0.6)
    }

    @Test func theTargetDecidesEvenWhereTheCosineIsLow() {
        var session = base.started(catalog: Self.catalog)
        let actions = session.receive("book me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: Self.catalog)
        #expect(base.says(actions) == ["What day would you like to come in?"])
    }

    @Test func anAnswerIsGivenAtTheAnswerPrecision() {
        var session = base.started(catalog: Self.catalog)
        let actions = session.receive("where do I leave the car", candidates: Self.candidates, calibrated: choice("faq.parking", 0.7),
                                      catalog: Self.catalog)
        #expect(base.handlerRequest(actions)?.intent == "faq.parking")
    }

    @Test func anActingIntentStartsTentativelyAndSaysWhatItUnderstood() {
        var session = base.started(catalog: Self.catalog)
        let actions = session.receive("could you fit me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.7),
                                      catalog: Self.catalog)
        #expect(base.says(actions) == ["Okay, to book an appointment: what day would you like to come in?"])
    }

    @Test func aTentativeStartThatGoesStraightToTheSkillNamesItselfInTheSkillsFirstReply() {
        var session = base.started(catalog: Self.catalog)
        let actions = session.receive("could you fit me in on friday", candidates: Self.candidates,
                                      calibrated: choice("scheduling.book", 0.7), catalog: Self.catalog)
        #expect(base.handlerRequest(actions)?.slots["date"] == "2026-11-27")
        let reply = session.handlerFinished(
            HandlerResult(says: ["I can book you for Friday at 10 AM."], askSlot: (name: "confirm", question: "Shall I book it?")),
            catalog: Self.catalog
        )
        #expect(base.says(reply) == ["Okay, you want to book an appointment.", "I can book you for Friday at 10 AM.", "Shall I book it?"])
    }

    @Test func belowTheAnswerPrecisionItClarifies() {
        var session = base.started(catalog: Self.catalog)
        let actions = session.receive("hmm about the thing", candidates: Self.candidates, calibrated: choice("faq.parking", 0.4),
                                      catalog: Self.catalog)
        if case .clarifying = session.state {} else { Issue.record("not clarifying: \(session.state)") }
        #expect(base.handlerRequest(actions) == nil)
    }

    @Test("the model's best is offered even where its nearest example is further off, when the caller gave a value it takes")
    func theCalibratedBestIsOfferedForAValueItTakes() {
        var session = base.started(catalog: Self.catalog)
        let scores = [
            IntentCandidate(intent: "billing.balance", score: 0.53), IntentCandidate(intent: "faq.parking", score: 0.5),
            IntentCandidate(intent: "scheduling.book", score: 0.2),
        ]
        let actions = session.receive("uh, tuesday I think", candidates: scores, calibrated: choice("scheduling.book", 0.43), catalog: Self.catalog)
        #expect(base.says(actions) == ["Sorry, do you want to book an appointment, check your balance, or hear about parking?"])
        // Without a value it takes, or with the model barely leaning, the nearest examples decide the options.
        var other = base.started(catalog: Self.catalog)
        let plain = other.receive("uh, I think", candidates: scores, calibrated: choice("scheduling.book", 0.43), catalog: Self.catalog)
        #expect(base.says(plain) == ["Sorry, do you want to check your balance, or hear about parking?"])
        var unsure = base.started(catalog: Self.catalog)
        let weak = unsure.receive("uh, tuesday I think", candidates: scores, calibrated: choice("scheduling.book", 0.2), catalog: Self.catalog)
        #expect(base.says(weak) == ["Sorry, do you want to check your balance, or hear about parking?"])
    }

    @Test("'first thing' is a time of day, not the first option; 'the first one' and 'second, please' pick one")
    func ordinalsPickOnlyWhenNothingFollows() {
        func answer(_ said: String) -> [SessionAction] {
            var session = base.started(catalog: Self.catalog)
            let scores = [IntentCandidate(intent: "billing.balance", score: 0.5), IntentCandidate(intent: "scheduling.book", score: 0.48)]
            _ = session.receive("about the thing", candidates: scores, calibrated: choice("billing.balance", 0.3), catalog: Self.catalog)
            return session.receive(said, candidates: [], catalog: Self.catalog)
        }
        let request = base.handlerRequest(answer("first thing friday"))
        #expect(request?.intent == "scheduling.book")
        #expect(request?.slots["date"] == "2026-11-27")
        #expect(base.handlerRequest(answer("the first one"))?.intent == "billing.balance")
        #expect(base.says(answer("second, please")) == ["What day would you like to come in?"])
    }

    @Test func handingOverNeedsTheTarget() {
        var session = base.started(catalog: Self.catalog)
        let actions = session.receive("the front desk thing", candidates: Self.candidates, calibrated: choice("handoff.request", 0.8),
                                      catalog: Self.catalog)
        #expect(base.handlerRequest(actions)?.intent != "handoff.request")
    }

    @Test func aTentativeRequestWithAGoodbyeStillCloses() {
        var session = base.started(catalog: Self.catalog)
        let actions = session.receive("monday at eleven, okay great, thanks, that's all, bye", candidates: Self.candidates,
                                      calibrated: choice("billing.balance", 0.7), catalog: Self.catalog)
        #expect(actions.contains(.endCall))
    }

    @Test func aValueTheAwaitedSlotTakesAnswersItDespiteATentativeOtherRequest() {
        var session = base.started(catalog: Self.catalog)
        _ = session.receive("book me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: Self.catalog)
        let actions = session.receive("the date is next tuesday", candidates: Self.candidates, calibrated: choice("billing.balance", 0.7),
                                      catalog: Self.catalog)
        #expect(base.handlerRequest(actions)?.slots["date"] == "2026-12-01")
    }

    @Test func aCheckOnOneTaskNamesTheValuesHeard() {
        let catalog = SkillCatalog([
            IntentProfile(name: "scheduling.book", description: "book an appointment", slots: [
                SlotRequirement(name: "date", kind: .date, question: "What day?"),
                SlotRequirement(name: "time", kind: .time, question: "What time?"),
            ], hasSideEffects: true),
            IntentProfile(name: "billing.pay", description: "make a payment", slots: [
                SlotRequirement(name: "amount", kind: .money, question: "How much?"),
            ], hasSideEffects: true),
            IntentProfile(name: "faq.parking", description: "hear about parking"),
        ])
        var session = base.started(catalog: catalog)
        let asked = session.receive("would you have anything this saturday around eleven",
                                    candidates: [IntentCandidate(intent: "scheduling.book", score: 0.6), IntentCandidate(intent: "faq.parking", score: 0.3)],
                                    calibrated: choice("scheduling.book", 0.3), catalog: catalog)
        #expect(base.says(asked) == ["Just to check: do you want to book an appointment for Saturday, November 28th at 11 AM?"])
        var paying = base.started(catalog: catalog)
        let amount = paying.receive("sixty dollars then i guess",
                                    candidates: [IntentCandidate(intent: "billing.pay", score: 0.5), IntentCandidate(intent: "faq.parking", score: 0.3)],
                                    calibrated: choice("billing.pay", 0.3), catalog: catalog)
        #expect(base.says(amount) == ["Just to check: do you want to make a payment for $60.00?"])
    }

    @Test func aTentativeRequestToActWhileASlotIsAwaitedIsAskedAboutButAQuestionIsAnswered() {
        var session = base.started(catalog: Self.catalog)
        _ = session.receive("book me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: Self.catalog)
        let act = session.receive("hmm wait, I might have to scrap the whole thing", candidates: Self.candidates,
                                  calibrated: choice("scheduling.cancel", 0.7), catalog: Self.catalog)
        #expect(base.says(act) == ["Just to check: do you want to cancel an appointment?"])

        var other = base.started(catalog: Self.catalog)
        _ = other.receive("book me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: Self.catalog)
        let question = other.receive("hmm wait what do I owe you guys", candidates: Self.candidates,
                                     calibrated: choice("billing.balance", 0.7), catalog: Self.catalog)
        #expect(base.handlerRequest(question)?.intent == "billing.balance")
    }

    @Test func goingBackWithAValueResumesTheOfferedTask() {
        var session = base.started(catalog: Self.catalog)
        _ = session.receive("book me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: Self.catalog)
        let balance = session.receive("what's my balance", candidates: Self.candidates, calibrated: choice("billing.balance", 0.97),
                                      catalog: Self.catalog)
        #expect(base.handlerRequest(balance)?.intent == "billing.balance")
        let offer = session.handlerFinished(HandlerResult(says: ["Your balance is $10.00."]), catalog: Self.catalog)
        #expect(base.says(offer).last == "Earlier you wanted to book an appointment. Shall we finish that?")
        let actions = session.receive("okay, so back to that, next tuesday would be ideal", candidates: Self.candidates,
                                      calibrated: choice("faq.parking", 0.7), catalog: Self.catalog)
        #expect(base.handlerRequest(actions)?.slots["date"] == "2026-12-01")
    }

    @Test func aYesToSeveralOptionsGetsThemAgain() {
        var session = base.started(catalog: Self.catalog)
        _ = session.receive("hmm about the thing", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.3), catalog: Self.catalog)
        let actions = session.receive("yes go for it", candidates: [], catalog: Self.catalog)
        #expect(base.says(actions).first?.hasPrefix("Sorry, which one:") == true, "\(base.says(actions))")
    }

    @Test func aSecondRequestInTheSameBreathRunsWhenTheFirstIsDone() {
        var session = base.started(catalog: Self.catalog)
        let first = session.receive("what do I owe, and also where can I park", candidates: Self.candidates,
                                    calibrated: choice("billing.balance", 0.95), then: choice("faq.parking", 0.95), catalog: Self.catalog)
        #expect(base.handlerRequest(first)?.intent == "billing.balance")
        let second = session.handlerFinished(HandlerResult(says: ["Your balance is $10.00."]), catalog: Self.catalog)
        #expect(base.says(second) == ["Your balance is $10.00."])
        #expect(base.handlerRequest(second)?.intent == "faq.parking")
        let done = session.handlerFinished(HandlerResult(says: ["Park behind the building."]), catalog: Self.catalog)
        #expect(base.handlerRequest(done) == nil)
    }

    @Test func aQueuedRequestIsDroppedWhenTheCallerMovesOn() {
        var session = base.started(catalog: Self.catalog)
        _ = session.receive("book me in, and where can I park", candidates: Self.candidates,
                            calibrated: choice("scheduling.book", 0.95), then: choice("faq.parking", 0.95), catalog: Self.catalog)
        // Awaiting the date, the caller asks for something else instead.
        let other = session.receive("actually what's my balance", candidates: Self.candidates,
                                    calibrated: choice("billing.balance", 0.97), catalog: Self.catalog)
        #expect(base.handlerRequest(other)?.intent == "billing.balance")
        let after = session.handlerFinished(HandlerResult(says: ["Your balance is $10.00."]), catalog: Self.catalog)
        #expect(base.handlerRequest(after) == nil)
    }

    @Test func aValueForTheAwaitedSlotWinsOverAQuestionMatchedBelowTheTarget() {
        var session = base.started(catalog: Self.catalog)
        _ = session.receive("book me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: Self.catalog)
        let actions = session.receive("sometime after the weekend, like next tuesday, is parking okay then", candidates: Self.candidates,
                                      calibrated: choice("faq.parking", 0.7), catalog: Self.catalog)
        #expect(base.handlerRequest(actions)?.slots["date"] == "2026-12-01")
    }

    @Test func anExampleWordForWordIsDecidedLikeTheTarget() {
        var session = base.started(catalog: Self.catalog)
        let exact = CalibratedChoice(intent: "scheduling.book", confidence: 0.5, threshold: 0.93, answerThreshold: 0.6, isExampleMatch: true)
        let actions = session.receive("book an appointment", candidates: Self.candidates, calibrated: exact, catalog: Self.catalog)
        #expect(base.says(actions) == ["What day would you like to come in?"])
    }

    /// A booking for Tuesday at two, which the skill answered by offering 1:30 PM and 2:30 PM.
    func offeringTwoTimes() -> (Session, SkillCatalog) {
        let catalog = SkillCatalog([IntentProfile(name: "scheduling.book", description: "book an appointment", slots: [
            SlotRequirement(name: "date", kind: .date, question: "What day?"),
            SlotRequirement(name: "time", kind: .time, question: "What time?"),
        ], hasSideEffects: true)])
        var session = base.started(catalog: catalog)
        _ = session.receive("book me in tuesday at two", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: catalog)
        _ = session.handlerFinished(HandlerResult(
            says: [], askSlot: (name: "time", question: "Sorry, 2 PM is taken. The nearest times I have are 1:30 PM and 2:30 PM. Which would you like?")
        ), catalog: catalog)
        return (session, catalog)
    }

    @Test func theSecondOneTakesTheSecondTimeTheSkillOffered() {
        var (session, catalog) = offeringTwoTimes()
        let actions = session.receive("oh ok um the second one", candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions)?.slots["time"] == "14:30")
        // "the second" is no date here: the day stays Tuesday.
        #expect(base.handlerRequest(actions)?.slots["date"] == "2026-12-01")
    }

    @Test func aBareYesToTwoOfferedTimesGetsTheTimesAgainBriefly() {
        var (session, catalog) = offeringTwoTimes()
        let missesBefore = session.statistics.notUnderstood
        let again = session.receive("yes please", candidates: [], catalog: catalog)
        #expect(base.says(again) == ["The nearest times I have are 1:30 PM and 2:30 PM. Which one would you like?"])
        #expect(base.handlerRequest(again) == nil)
        #expect(session.statistics.notUnderstood == missesBefore, "a yes is an answer, not a miss")
        // Then a choice goes through as before.
        let chosen = session.receive("the first one", candidates: [], catalog: catalog)
        #expect(base.handlerRequest(chosen)?.slots["time"] == "13:30")
    }

    @Test func aQuestionNoSkillIsLikelyToCoverIsAnsweredHonestly() {
        var session = base.started(catalog: Self.catalog)
        let weak = [IntentCandidate(intent: "billing.balance", score: 0.47), IntentCandidate(intent: "faq.parking", score: 0.46)]
        let actions = session.receive("is doctor okafor still working there? she did my fillings", candidates: weak,
                                      calibrated: choice("billing.balance", 0.3), catalog: Self.catalog)
        #expect(base.says(actions).first?.contains("I don't know that") == true)
    }

    @Test func aRepeatRequestSaysTheLastReplyAgain() {
        var session = base.started(catalog: Self.catalog)
        _ = session.receive("book me in", candidates: Self.candidates, calibrated: choice("scheduling.book", 0.95), catalog: Self.catalog)
        let actions = session.receive("sorry, what was that?", candidates: [], catalog: Self.catalog)
        #expect(base.says(actions) == ["Sure. What day would you like to come in?"])
        let again = session.receive("sorry, could you say that again?", candidates: [], catalog: Self.catalog)
        #expect(base.says(again) == ["Sure. What day would you like to come in?"])
        #expect(session.statistics.notUnderstood == 0)
    }
}
