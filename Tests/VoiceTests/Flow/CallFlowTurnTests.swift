import Agent
import Core
import Speech
import Testing
import Voice
import VoiceTestSupport

/// Turns, keys, streamed answers, silence and the end of the call, on stream time.
struct CallFlowTurnTests {
    @Test func keypadDigitsGatherIntoOneAnswerAfterTheHold() throws {
        var call = FlowScripts.started(["1234": .reply("Thanks, found your account.")])
        call.press("1234")
        let last = call.now
        #expect(call.heard.isEmpty, "still holding for more digits")
        call.silence(.seconds(3))
        let heard = try #require(call.heard.first)
        #expect(heard.text == "1234")
        #expect(heard.source == .keypad)
        let at = try #require(call.time { if case .heard = $0 { true } else { false } })
        // The 2 s hold runs from the last key (pressed 200 ms before `last`).
        #expect(at == last - .milliseconds(200) + call.flow.configuration.keypadPause)
        #expect(call.replies.last == "Thanks, found your account.")
    }

    @Test func poundEndsAKeyedAnswerAtOnceAndStarStartsOver() {
        var call = FlowScripts.started(["42": .reply("Thanks.")])
        call.press("99*42#")
        #expect(call.heard.map(\.text) == ["42"])
    }

    @Test func aKeyInterruptsTheAgent() {
        var call = FlowScripts.started()
        call.say("when is my appointment", pause: .zero)
        call.silence(.milliseconds(500))
        call.press("1")
        #expect(call.clears == 1)
        #expect(call.interruptions.first?.turn == 1)
    }

    @Test func aReplySupersededByTheCallersNextWordsIsDropped() {
        var call = FlowScripts.started([
            "book": FlowDriver.Turn(replies: ["What day?"], thinking: .seconds(2)),
            "what are your hours": .reply(FlowScripts.hours),
        ])
        call.say("book", pause: .milliseconds(500))
        call.say("what are your hours", pause: .seconds(3))
        #expect(call.ignored.contains("a reply superseded by the caller's next words before it was spoken"))
        #expect(!call.replies.contains("What day?"))
        #expect(call.replies.last == FlowScripts.hours)
        #expect(call.inputs.contains(.interruption(turn: 1, heard: [])))
    }

    @Test func turnsRunOneAtATimeInOrder() {
        var call = FlowScripts.started([
            "first": FlowDriver.Turn(replies: ["One."], thinking: .seconds(1)),
            "second": .reply("Two."),
        ])
        call.say("first", for: .milliseconds(150), pause: .milliseconds(400))
        call.say("second", for: .milliseconds(150), pause: .seconds(3))
        #expect(call.heard.map(\.text) == ["first", "second"])
        #expect(call.replies.suffix(2) == ["One.", "Two."])
    }

    @Test func aStreamedAnswerIsSpokenBeforeItIsFinished() throws {
        let first = "There's a twenty five dollar fee."
        let second = "It's waived the first time."
        var call = FlowScripts.started([
            "cancellation policy": FlowDriver.Turn(
                replies: [first + " " + second], streamed: [(first, .milliseconds(400)), (second, .seconds(3))]
            ),
        ])
        let greeting = call.audioSamples
        call.say("cancellation policy", pause: .zero)
        let asked = call.now
        call.silence(.seconds(1))
        #expect(call.audioSamples > 0 && call.replies.count == 1, "the first sentence plays while the model still writes")
        let firstAudio = try #require(call.firstAudio.last)
        #expect(firstAudio.turn == 1)
        call.silence(.seconds(6))
        #expect(call.replies.last == first + " " + second)
        #expect(call.completedTurns.filter { $0 == 1 }.count == 1)
        // Each sentence spoken once.
        #expect(call.synthesizer.spoken.suffix(2) == [first, second])
        #expect(call.audioSamples == call.synthesizer.length(of: first) + call.synthesizer.length(of: second) + greeting)
        #expect(call.now - asked > .seconds(3))
    }

    @Test func aBargeInOnAStreamedAnswerCancelsTheModelsRequest() throws {
        let first = "If you cancel with less than a day's notice, there's a twenty five dollar fee."
        var call = FlowScripts.started([
            "cancellation policy": FlowDriver.Turn(replies: [first + " It's waived."], streamed: [(first, .milliseconds(300)), ("It's waived.", .seconds(30))]),
        ])
        call.say("cancellation policy", pause: .zero)
        call.silence(.milliseconds(1_500))
        call.say("what are your hours", for: .milliseconds(700), pause: .seconds(2))
        #expect(call.cancelledTurns.count == 1)
        let heard = try #require(call.interruptions.first?.heard.replies.first)
        #expect(first.hasPrefix(heard) && !heard.isEmpty, "\(heard)")
        #expect(!call.replies.contains { $0.contains("waived") }, "the cancelled turn's report is dropped")
        #expect(call.replies.last == FlowScripts.hours)
        #expect(!call.synthesizer.spoken.contains("It's waived."))
    }

    @Test func silenceRepeatsTheQuestionThenAsksThenSaysGoodbye() throws {
        var call = FlowScripts.started(["book": .reply("Sure. What day would you like to come in?")])
        call.say("book", pause: .zero)
        call.silence(.seconds(12))
        #expect(call.replies.last == "What day would you like to come in?")
        call.silence(.seconds(11))
        #expect(call.replies.last == CallWording().stillThere)
        call.silence(.seconds(16))
        #expect(call.replies.last == CallWording().silenceGoodbye)
        #expect(call.hungUp)
        #expect(!call.transferred, "silence never leads to a transfer")
    }

    @Test func aCallerWhoAnswersResetsTheSilenceCount() {
        var call = FlowScripts.started(["book": .reply("What day would you like to come in?")])
        call.say("book", pause: .zero)
        call.silence(.seconds(12))
        #expect(call.replies.last == "What day would you like to come in?")
        call.say("what are your hours")
        call.silence(.seconds(12))
        // The hours had no question: the first reprompt asks whether they are there.
        #expect(call.replies.last == CallWording().stillThere)
        call.silence(.seconds(12))
        #expect(call.replies.last == CallWording().silenceGoodbye)
    }

    @Test func noRepromptWhileTheAgentTalksOrTheCallerTypes() {
        var configuration = FlowDriver.configuration
        configuration.noInputTimeout = .seconds(2)
        configuration.keypadPause = .seconds(5)
        var call = FlowScripts.started(["1234": .reply("Thanks.")], configuration: configuration)
        let replies = call.replies.count
        call.press("12", gap: .seconds(1))
        call.press("34", gap: .seconds(1))
        #expect(call.replies.count == replies, "no reprompt between keys")
        call.silence(.seconds(6))
        #expect(call.heard.last?.text == "1234")
    }

    @Test func aHangUpMidReplyStopsEverything() {
        var call = FlowScripts.started()
        call.synthesisDelay = .milliseconds(300)
        call.say("when is my appointment", pause: .zero)
        call.untilReply()
        call.silence(.milliseconds(100))
        let events = call.events.count
        call.hangUp()
        #expect(call.actions.contains { if case .cancelSynthesis = $0 { true } else { false } })
        call.say("what are your hours")
        call.silence(.seconds(20))
        #expect(call.events.count == events, "nothing after the hang-up")
        #expect(call.flow.isOver)
    }

    @Test func closingWaitsForTheTurnInHandThenSaysItsLine() throws {
        var call = FlowScripts.started(["what are your hours": FlowDriver.Turn(replies: [FlowScripts.hours], thinking: .seconds(1))])
        call.say("what are your hours", pause: .milliseconds(500))
        call.closing(CallWording().shuttingDown)
        call.silence(.seconds(12))
        #expect(call.replies.suffix(2) == [FlowScripts.hours, CallWording().shuttingDown])
        #expect(call.hungUp)
    }
}
