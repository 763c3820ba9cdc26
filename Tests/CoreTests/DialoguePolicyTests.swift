import Core
import Testing

/// How callers really talk (issue: real callers): social turns, everyday yes and no, corrections
/// of a read-back, closing, and never acting on a value the caller changed.
@Suite struct DialoguePolicyTests {
    let base = SessionTests()
    var catalog: SkillCatalog { SessionTests.catalog }

    /// A booking read back for Tuesday 15:00 ("Shall I book it?").
    func readBack() -> Session {
        var session = base.started()
        _ = session.receive("book me in next tuesday at three pm", candidates: SessionTests.decided("scheduling.book"), catalog: catalog)
        _ = session.handlerFinished(HandlerResult(says: ["I can book you for Tuesday at 3 PM."], askSlot: (name: "confirm", question: "Shall I book it?")), catalog: catalog)
        return session
    }

    @Test func socialTurnsAreAnsweredAndTheQuestionRepeated() {
        var session = base.started()
        var actions = session.receive("hi, good morning", candidates: [], catalog: catalog)
        #expect(base.says(actions) == ["Hi there. How can I help you today?"])
        _ = session.receive("i'd like to book an appointment", candidates: SessionTests.decided("scheduling.book"), catalog: catalog)
        actions = session.receive("hang on", candidates: [], catalog: catalog)
        #expect(base.says(actions) == ["Sure, take your time."])
        actions = session.receive("are you still there?", candidates: [], catalog: catalog)
        #expect(base.says(actions) == ["Yes, I'm here. What day would you like to come in?"])
        #expect(session.statistics.notUnderstood == 0)
        #expect(session.statistics.socialTurns == 3)
    }

    @Test(arguments: ["yep", "go for it", "perfect, thanks", "sounds good", "yeah go ahead", "mm-hm", "uh huh"])
    func everydayYesConfirms(_ said: String) {
        var session = readBack()
        let actions = session.receive(said, candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions)?.slots["confirm"] == "yes", "\(said)")
    }

    @Test(arguments: ["nah, leave it", "nope", "no thanks"])
    func everydayNoDeclines(_ said: String) {
        var session = readBack()
        let actions = session.receive(said, candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions)?.slots["confirm"] == "no", "\(said)")
    }

    @Test func aQuestionWithPleaseInItIsNoYes() {
        var session = readBack()
        let actions = session.receive("hmm, and what would that cost me roughly, please", candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions)?.slots["confirm"] != "yes")
    }

    @Test func aCorrectionChangesTheValueAndForgetsTheYes() throws {
        var session = readBack()
        let actions = session.receive("no, wednesday", candidates: [], catalog: catalog)
        let request = try #require(base.handlerRequest(actions))
        #expect(request.slots["date"] == "2026-12-02")
        #expect(request.slots["time"] == "15:00")
        #expect(request.slots["confirm"] == nil, "the skill must read the new day back before acting")
        #expect(session.statistics.corrections == 1)
    }

    @Test func aYesCarryingAnotherValueIsACorrection() throws {
        var session = readBack()
        let request = try #require(base.handlerRequest(session.receive("yes but make it four", candidates: [], catalog: catalog)))
        #expect(request.slots["time"] == "16:00")
        #expect(request.slots["confirm"] == nil)
    }

    @Test func thatsAllThanksClosesWithoutActing() {
        var session = readBack()
        let actions = session.receive("that's all, thanks, bye", candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions) == nil)
        #expect(actions.last == .endCall)
        #expect(session.memory.tasks.last?.outcome == .abandoned)
    }

    @Test(arguments: ["lovely, thank you, that's everything", "yes please, that's all, bye"])
    func aFirmYesWithAGoodbyeConfirmsThenCloses(_ said: String) {
        var session = readBack()
        let actions = session.receive(said, candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions)?.slots["confirm"] == "yes", "\(said)")
        let done = session.handlerFinished(HandlerResult(says: ["You're booked."]), catalog: catalog)
        #expect(base.says(done) == ["You're booked.", "Thanks for calling. Goodbye!"])
        #expect(done.last == .endCall)
    }

    @Test(arguments: ["okay thanks bye", "no that's all, bye"])
    func aWeakOrNoAnswerWithAGoodbyeClosesWithoutActing(_ said: String) {
        var session = readBack()
        let actions = session.receive(said, candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions) == nil, "\(said)")
        #expect(actions.last == .endCall)
    }

    @Test func aGoodbyeInOtherWordsClosesAndAQuestionMarkMidTurnIsAQuestion() {
        var session = base.started()
        _ = session.receive("what's my balance", candidates: SessionTests.decided("billing.balance"), catalog: catalog)
        _ = session.handlerFinished(HandlerResult(says: ["Your balance is $10."]), catalog: catalog)
        #expect(session.receive("perfect thanks so much have a good one", candidates: [], catalog: catalog).last == .endCall)

        var other = base.started()
        let noise = [IntentCandidate(intent: "billing.balance", score: 0.2)]
        let actions = other.receive("hey, quick question, is doctor patel still there? she did my crown", candidates: noise, catalog: catalog)
        #expect(base.says(actions).first?.contains("I don't know that") == true)
    }

    @Test func aValueSaidRisingIsNoQuestionAndARepeatRequestMayCarryAComment() {
        var session = base.started()
        _ = session.receive("i'd like to book an appointment", candidates: SessionTests.decided("scheduling.book"), catalog: catalog)
        let date = session.receive("on the, um, the third?", candidates: [], catalog: catalog)
        #expect(base.says(date) == ["What time works best for you?"])
        let again = session.receive("sorry dear, what was that? the line's ever so faint", candidates: [], catalog: catalog)
        #expect(base.says(again) == ["Sure. What time works best for you?"])
    }

    @Test func withAModelAQuestionNoSkillCoversIsPutToItFirst() {
        var configuration = SessionConfiguration()
        configuration.answersOpenQuestions = true
        var session = Session(callID: "t", caller: "+15551230001", today: SessionTests.today, configuration: configuration)
        _ = session.start()
        _ = session.callStartFinished(HandlerResult(says: ["Hi."]))
        let noise = [IntentCandidate(intent: "billing.balance", score: 0.2)]
        let actions = session.receive("do you take Humana?", candidates: noise, catalog: catalog)
        #expect(actions == [.answerOpenQuestion("do you take Humana?")])
        let answered = session.openQuestionAnswered("We can bill most PPO plans, so very likely yes.", catalog: catalog)
        #expect(base.says(answered) == ["We can bill most PPO plans, so very likely yes."])
        #expect(session.statistics.openAnswers == 1)
        #expect(session.statistics.outOfScope == 0)
        // The model had nothing: the honest "I don't know", with a call back offered.
        _ = session.receive("do you do teeth whitening?", candidates: noise, catalog: catalog)
        let unknown = session.openQuestionAnswered(nil, catalog: catalog)
        #expect(base.says(unknown).first?.contains("I don't know that") == true)
        #expect(session.statistics.outOfScope == 1)
    }

    @Test func aGoodbyeCountsOnlyAtTheEndOfTheTurn() {
        var session = base.started()
        let actions = session.receive("I'm coming to see you next week for the first time and I drive, is there parking close by?",
                                      candidates: [IntentCandidate(intent: "billing.balance", score: 0.2)], catalog: catalog)
        #expect(!actions.contains(.endCall))
        #expect(session.receive("lovely, see you next week then, bye", candidates: [], catalog: catalog).contains(.endCall))
    }

    @Test func anUnanswerableQuestionIsDeferredNotAMiss() {
        var session = base.started()
        let noise = [IntentCandidate(intent: "billing.balance", score: 0.2)]
        let actions = session.receive("do you do teeth whitening?", candidates: noise, catalog: catalog)
        #expect(base.says(actions).first?.contains("I don't know that") == true)
        #expect(session.statistics.notUnderstood == 0)
        // "no thanks": nothing more; nobody is transferred.
        let next = session.receive("no that's fine", candidates: noise, catalog: catalog)
        #expect(!next.contains { if case .transfer = $0 { true } else { false } })
        #expect(base.handlerRequest(next) == nil)
    }

    @Test func aGoodbyeToJustToCheckOnAnAnswerGetsTheAnswerFirst() throws {
        let one = [IntentCandidate(intent: "billing.balance", score: 0.62), IntentCandidate(intent: "other.noise", score: 0.2)]
        var session = base.started()
        #expect(base.says(session.receive("what am I sitting at with you", candidates: one, catalog: catalog))
            == ["Just to check: do you want to check your balance?"])
        let actions = session.receive("perfect, thanks, that's all", candidates: [], catalog: catalog)
        #expect(try #require(base.handlerRequest(actions)).intent == "billing.balance")
        #expect(!actions.contains(.endCall))
        let finished = session.handlerFinished(HandlerResult(says: ["Your balance is $142.50."]), catalog: catalog)
        #expect(finished.contains(.endCall), "the goodbye is kept for after the answer")

        // Refused, or a task that acts: the goodbye alone.
        var refused = base.started()
        _ = refused.receive("what am I sitting at with you", candidates: one, catalog: catalog)
        let no = refused.receive("no, that's all, bye", candidates: [], catalog: catalog)
        #expect(base.handlerRequest(no) == nil)
        #expect(no.contains(.endCall))
        let acting = SkillCatalog([IntentProfile(name: "billing.pay", description: "make a payment", slots: [
            SlotRequirement(name: "confirm", kind: .yesNo, question: "Shall I go ahead?"),
        ], hasSideEffects: true)])
        var paying = base.started(catalog: acting)
        _ = paying.receive("sort the bill out", candidates: [IntentCandidate(intent: "billing.pay", score: 0.62)], catalog: acting)
        let bye = paying.receive("great, that's all, bye", candidates: [], catalog: acting)
        #expect(base.handlerRequest(bye) == nil)
        #expect(bye.contains(.endCall))
    }

    @Test func aValueRightAfterATurnedDownReadBackRestartsThatTask() throws {
        let billing = SkillCatalog([
            IntentProfile(name: "billing.pay", description: "pay your bill", slots: [
                SlotRequirement(name: "amount", kind: .money, question: "How much would you like to pay?"),
                SlotRequirement(name: "confirm", kind: .yesNo, question: "Shall I go ahead?", optional: true),
            ], hasSideEffects: true),
            IntentProfile(name: "billing.balance", description: "check your balance"),
        ])
        var session = base.started(catalog: billing)
        _ = session.receive("I'd like to pay a hundred dollars", candidates: SessionTests.decided("billing.pay"), catalog: billing)
        _ = session.handlerFinished(HandlerResult(says: ["A payment of $100.00."], askSlot: (name: "confirm", question: "Shall I go ahead?")),
                                    catalog: billing)
        let no = try #require(base.handlerRequest(session.receive("hmm, no, hold on", candidates: [], catalog: billing)))
        #expect(no.slots["confirm"] == "no")
        _ = session.handlerFinished(HandlerResult(says: ["Okay, I won't take that payment."]), catalog: billing)
        let unsure = [IntentCandidate(intent: "billing.balance", score: 0.5), IntentCandidate(intent: "billing.pay", score: 0.45)]
        let again = try #require(base.handlerRequest(session.receive("actually, let's do eighty. eighty dollars", candidates: unsure, catalog: billing)))
        #expect(again.intent == "billing.pay")
        #expect(again.slots["amount"] == "80.00")
        #expect(again.slots["confirm"] == nil, "read back again before anything is taken")

        // Only on the very next turn: later, a bare amount is asked about as before.
        var later = base.started(catalog: billing)
        _ = later.receive("I'd like to pay a hundred dollars", candidates: SessionTests.decided("billing.pay"), catalog: billing)
        _ = later.handlerFinished(HandlerResult(says: ["A payment of $100.00."], askSlot: (name: "confirm", question: "Shall I go ahead?")),
                                  catalog: billing)
        _ = later.receive("no", candidates: [], catalog: billing)
        _ = later.handlerFinished(HandlerResult(says: ["Okay, I won't take that payment."]), catalog: billing)
        _ = later.receive("hmm, let me think", candidates: [], catalog: billing)
        #expect(base.handlerRequest(later.receive("eighty dollars", candidates: unsure, catalog: billing)) == nil)
    }

    @Test func aBareValueToSeveralOptionsThatTakeItStartsTheFirstOffered() throws {
        let catalog = SkillCatalog([
            IntentProfile(name: "scheduling.book", description: "book an appointment", slots: [
                SlotRequirement(name: "date", kind: .date, question: "What day would you like to come in?"),
                SlotRequirement(name: "time", kind: .time, question: "What time works best for you?"),
            ]),
            IntentProfile(name: "scheduling.reschedule", description: "move an appointment", slots: [
                SlotRequirement(name: "time", kind: .time, question: "What time instead?"),
            ]),
            IntentProfile(name: "billing.balance", description: "check your balance"),
        ])
        var session = base.started(catalog: catalog)
        let unsure = [IntentCandidate(intent: "scheduling.book", score: 0.55), IntentCandidate(intent: "scheduling.reschedule", score: 0.5)]
        _ = session.receive("can i come in monday afternoon", candidates: unsure, catalog: catalog)
        #expect(session.state == .clarifying(candidates: ["scheduling.book", "scheduling.reschedule"]))
        let request = try #require(base.handlerRequest(session.receive("three pm", candidates: [], catalog: catalog)))
        #expect(request.intent == "scheduling.book")
        #expect(request.slots["time"] == "15:00" && request.slots["date"] == "2026-11-30")
        // A no with it is no choice.
        var refused = base.started(catalog: catalog)
        _ = refused.receive("can i come in monday afternoon", candidates: unsure, catalog: catalog)
        #expect(base.handlerRequest(refused.receive("no, not three pm", candidates: [], catalog: catalog)) == nil)
    }

    @Test func ratherThanTheTaskReadBackIsNoAndTheOtherIsAskedAbout() throws {
        var session = readBack()
        let moving = [IntentCandidate(intent: "billing.pay", score: 0.6), IntentCandidate(intent: "scheduling.book", score: 0.55)]
        let actions = session.receive("actually, rather than book it, could I just pay my bill?", candidates: moving, catalog: catalog)
        #expect(base.handlerRequest(actions) == nil, "nothing is booked")
        #expect(base.says(actions) == ["Just to check: do you want to make a payment?"])
        #expect(session.memory.tasks.first?.outcome == .abandoned)
        // "Tuesday instead" changes the value, not the task.
        var changing = readBack()
        let request = try #require(base.handlerRequest(changing.receive("can we do wednesday instead", candidates: moving, catalog: catalog)))
        #expect(request.intent == "scheduling.book" && request.slots["date"] == "2026-12-02")
    }

    @Test func aRequestAfterHelloThatWasNotUnderstoodIsAMissNotAGreeting() {
        var session = base.started()
        let noise = [IntentCandidate(intent: "billing.balance", score: 0.2)]
        let long = "hello, this is her mother, she can't make it on Monday so she asked me to sort something out for her"
        let actions = session.receive(long, candidates: noise, catalog: catalog)
        #expect(!base.says(actions).joined().hasPrefix("Hi there"), "\(base.says(actions))")
        #expect(session.statistics.notUnderstood == 1)
        // A plain greeting is still answered as one.
        var greeted = base.started()
        #expect(base.says(greeted.receive("hello there, good morning", candidates: noise, catalog: catalog)).first?.hasPrefix("Hi there") == true)
    }

    @Test func aLongTurnJustUnderTheFloorIsAskedAboutWhenModelAndExampleAgree() {
        var session = base.started()
        let long = "so my husband said I should ring up about the money side of things, what we still have left to settle"
        let diluted = [IntentCandidate(intent: "billing.balance", score: 0.41), IntentCandidate(intent: "scheduling.book", score: 0.3)]
        let agreeing = CalibratedChoice(intent: "billing.balance", confidence: 0.5, threshold: 0.95, answerThreshold: 0.6)
        let actions = session.receive(long, candidates: diluted, calibrated: agreeing, catalog: catalog)
        #expect(base.says(actions) == ["Just to check: do you want to check your balance?"])
        // When they disagree, it is a miss as before.
        var other = base.started()
        let disagreeing = CalibratedChoice(intent: "scheduling.book", confidence: 0.5, threshold: 0.95, answerThreshold: 0.6)
        _ = other.receive(long, candidates: diluted, calibrated: disagreeing, catalog: catalog)
        #expect(other.statistics.notUnderstood == 1)
    }

    @Test func aShortQuestionToJustToCheckGoesAlongALongOtherOneDoesNot() throws {
        let unsure = [IntentCandidate(intent: "billing.balance", score: 0.6), IntentCandidate(intent: "scheduling.book", score: 0.4)]
        func asked() -> Session {
            var session = base.started()
            _ = session.receive("what's the damage on my account", candidates: unsure, catalog: catalog)
            return session
        }
        var along = asked()
        try #require(along.state == .clarifying(candidates: ["billing.balance"]))
        let actions = along.receive("hmm, what have you got?", candidates: [], catalog: catalog)
        #expect(base.handlerRequest(actions)?.intent == "billing.balance")
        // A question about something else (found by voice: the parking question after "Just to
        // check: do you want to hear when your appointments are?" listed the appointments).
        var other = asked()
        let elsewhere = [IntentCandidate(intent: "scheduling.book", score: 0.31), IntentCandidate(intent: "scheduling.hours", score: 0.28),
                         IntentCandidate(intent: "billing.balance", score: 0.25)]
        let moved = other.receive("is there any parking near the building", candidates: elsewhere, catalog: catalog)
        #expect(base.handlerRequest(moved) == nil)
        #expect(base.says(moved).first?.hasPrefix("I'm sorry, I don't know that.") == true, "\(base.says(moved))")
    }

    @Test func anAnswerWhoseExampleTheCallerAllButSaidIsGivenUnderTheAnswerPrecision() {
        let unsure = CalibratedChoice(intent: "billing.balance", confidence: 0.55, threshold: 0.95, answerThreshold: 0.6)
        var clear = base.started()
        let answered = clear.receive("oh, one more thing, what's my balance right?", candidates: [
            IntentCandidate(intent: "billing.balance", score: 0.87), IntentCandidate(intent: "billing.pay", score: 0.55),
        ], calibrated: unsure, catalog: catalog)
        #expect(base.handlerRequest(answered)?.intent == "billing.balance")
        // Not far enough ahead of another intent (and the model well under its answer precision):
        // checked first, as before.
        var close = base.started()
        let checked = close.receive("what's my balance and can I pay", candidates: [
            IntentCandidate(intent: "billing.balance", score: 0.87), IntentCandidate(intent: "billing.pay", score: 0.7),
        ], calibrated: CalibratedChoice(intent: "billing.balance", confidence: 0.45, threshold: 0.95, answerThreshold: 0.6), catalog: catalog)
        #expect(base.handlerRequest(checked) == nil)
        // An intent that acts never starts this way.
        let acting = SkillCatalog([IntentProfile(name: "billing.pay", description: "make a payment", hasSideEffects: true),
                                   IntentProfile(name: "billing.balance", description: "check your balance")])
        var pay = base.started(catalog: acting)
        let paid = pay.receive("pay my bill", candidates: [
            IntentCandidate(intent: "billing.pay", score: 0.9), IntentCandidate(intent: "billing.balance", score: 0.5),
        ], calibrated: CalibratedChoice(intent: "billing.pay", confidence: 0.5, threshold: 0.95, answerThreshold: 0.6), catalog: acting)
        #expect(base.handlerRequest(paid) == nil)
    }

    @Test func anAnswerBothReadingsAgreeOnIsGivenALittleUnderTheAnswerPrecision() {
        let candidates = [IntentCandidate(intent: "billing.balance", score: 0.6), IntentCandidate(intent: "billing.pay", score: 0.43)]
        var agreed = base.started()
        let answered = agreed.receive("I was wondering, do you know what I still owe at all?", candidates: candidates,
                                      calibrated: CalibratedChoice(intent: "billing.balance", confidence: 0.52, threshold: 0.95, answerThreshold: 0.57),
                                      catalog: catalog)
        #expect(base.handlerRequest(answered)?.intent == "billing.balance")
        // Further under the answer precision, or the readings disagree: checked first.
        var low = base.started()
        let checked = low.receive("I was wondering, do you know what I still owe at all?", candidates: candidates,
                                  calibrated: CalibratedChoice(intent: "billing.balance", confidence: 0.45, threshold: 0.95, answerThreshold: 0.57),
                                  catalog: catalog)
        #expect(base.handlerRequest(checked) == nil)
        var other = base.started()
        let disagreeing = other.receive("I was wondering, do you know what I still owe at all?", candidates: candidates,
                                        calibrated: CalibratedChoice(intent: "billing.pay", confidence: 0.52, threshold: 0.95, answerThreshold: 0.57),
                                        catalog: catalog)
        #expect(base.handlerRequest(disagreeing) == nil)
    }

    @Test func anActionNamedInSoManyWordsStartsTentativelyAHairUnderTheAnswerPrecision() {
        let acting = SkillCatalog([
            IntentProfile(name: "scheduling.book", description: "book an appointment", slots: [
                SlotRequirement(name: "date", kind: .date, question: "What day would you like to come in?"),
            ], hasSideEffects: true),
            IntentProfile(name: "scheduling.reschedule", description: "move an appointment to another time", hasSideEffects: true),
            IntentProfile(name: "crm.update_email", description: "change the email address on file", hasSideEffects: true),
            IntentProfile(name: "crm.update_phone", description: "change the contact phone number on file", hasSideEffects: true),
        ])
        let ranked = [IntentCandidate(intent: "scheduling.reschedule", score: 0.6), IntentCandidate(intent: "scheduling.book", score: 0.58)]
        let nearly = CalibratedChoice(intent: "scheduling.book", confidence: 0.567, threshold: 0.94, answerThreshold: 0.571)
        var named = base.started(catalog: acting)
        let started = named.receive("hiya. could I book something for Monday?", candidates: ranked, calibrated: nearly, catalog: acting)
        #expect(base.handlerRequest(started)?.intent == "scheduling.book", "\(started)")
        // Not named: asked, as before.
        var unnamed = base.started(catalog: acting)
        let asked = unnamed.receive("hiya. could you fit me in on Monday?", candidates: ranked, calibrated: nearly, catalog: acting)
        #expect(base.handlerRequest(asked) == nil, "\(asked)")
        // A verb two intents share names neither.
        var shared = base.started(catalog: acting)
        let change = shared.receive("can I change my details", candidates: [
            IntentCandidate(intent: "crm.update_email", score: 0.6), IntentCandidate(intent: "crm.update_phone", score: 0.58),
        ], calibrated: CalibratedChoice(intent: "crm.update_email", confidence: 0.56, threshold: 0.94, answerThreshold: 0.571), catalog: acting)
        #expect(base.handlerRequest(change) == nil, "\(change)")
        if case .awaitingSlot = shared.state { Issue.record("a shared verb started a task: \(shared.state)") }
    }

    @Test func aConfidentOtherRequestWhileADayIsAwaitedIsATopicSwitch() throws {
        var session = base.started()
        _ = session.receive("i'd like to book an appointment", candidates: SessionTests.decided("scheduling.book"), catalog: catalog)
        let actions = session.receive("actually what's my balance on friday's bill", candidates: SessionTests.decided("billing.balance"), catalog: catalog)
        #expect(base.handlerRequest(actions)?.intent == "billing.balance")
    }
}

@Suite struct RequestTextTests {
    @Test func theTalkAroundARequestIsTakenOff() {
        #expect(RequestText.of("hi there, um, so I was wondering what your hours are, thanks") == "I was wondering what your hours are")
        #expect(RequestText.of("Hello? Yeah, hi. Can I pay my bill please") == "Can I pay my bill")
        // Little would be left: the turn as it was.
        #expect(RequestText.of("hi, thanks") == "hi, thanks")
        #expect(RequestText.of("yes please") == "yes please")
    }
}
