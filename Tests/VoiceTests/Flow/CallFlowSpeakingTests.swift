import Agent
import Core
import Speech
import Testing
import Voice
import VoiceTestSupport

/// The call flow's speaking half on stream time: barge-in at exact offsets, backchannels, talk
/// over the last words, marks late or missing, the wait for last words.
struct CallFlowSpeakingTests {
    /// A call whose agent is three seconds into nothing yet: `when is my appointment` was just
    /// answered with the ten-word reply, which starts playing at the returned time.
    static func answeredLong(_ configure: (inout FlowDriver) -> Void = { _ in }) -> (FlowDriver, Duration) {
        var call = FlowScripts.started()
        configure(&call)
        call.say("when is my appointment", pause: .zero)
        call.untilReply()
        let playing = call.time { if case .replied(let report) = $0 { report.replies == [FlowScripts.long] } else { false } }!
        return (call, playing)
    }

    @Test func aBargeInClearsTheLineExactlyAtTheThreshold() throws {
        var (call, _) = Self.answeredLong()
        call.silence(.milliseconds(1_000))
        let onset = call.now
        call.say("what are your hours", for: .milliseconds(700))
        #expect(call.clears == 1)
        let cleared = try #require(call.time(of: FlowScripts.isClear))
        #expect(cleared == onset + call.flow.configuration.bargeIn, "the clear goes out on the frame the barge-in threshold is reached")
        #expect(call.bargeIns == [1])
        #expect(call.replies.last == FlowScripts.hours, "the interrupting question is answered")
    }

    @Test func memoryKeepsWhatWasHeardBeforeTheBargeIn() throws {
        var (call, started) = Self.answeredLong()
        call.silence(.milliseconds(1_000))
        call.say("what are your hours", for: .milliseconds(700))
        let interruption = try #require(call.interruptions.first)
        #expect(interruption.turn == 1)
        let heard = interruption.heard.replies[0]
        #expect(!interruption.heard.complete)
        #expect(FlowScripts.long.hasPrefix(heard), "\(heard)")
        // About 1.2 s of a 3 s reply at 0.3 s a word: three to five words.
        let words = heard.split(separator: " ").count
        #expect((3...5).contains(words), "\(heard) after \(call.now - started)")
        #expect(call.inputs.contains(.interruption(turn: 1, heard: [heard])))
    }

    @Test func aBackchannelShorterThanTheThresholdDoesNotInterrupt() {
        var (call, _) = Self.answeredLong()
        call.silence(.milliseconds(500))
        call.say("uh huh", for: .milliseconds(120), pause: .seconds(1))
        #expect(call.clears == 0)
        #expect(call.ignored.contains { $0.hasPrefix("talk over the agent") })
        call.silence(.seconds(3))
        #expect(call.completedTurns.contains(1))
        #expect(call.inputs.count == 2, "no turn for the backchannel")
    }

    @Test func anAnswerStartedOverTheLastWordsIsATurn() {
        let question = "Would you like the first one?"
        var call = FlowScripts.started(["book": .reply(question)])
        call.say("book", pause: .zero)
        call.untilReply()
        // The six-word question plays for 1.8 s; the caller answers 100 ms before its end.
        call.silence(.milliseconds(1_700))
        call.say("yes please", for: .milliseconds(700))
        #expect(call.clears == 0, "the last words were not interrupted")
        #expect(call.heard.last?.text == "yes please")
        #expect(call.replies.last == "Sorry?")
    }

    @Test func aFinalReplyCannotBeInterrupted() {
        var call = FlowScripts.started(["bye": FlowDriver.Turn(replies: ["Thanks for calling, goodbye now."], ended: true)])
        call.say("bye", pause: .zero)
        call.untilReply()
        call.say("wait one more thing", for: .milliseconds(600), pause: .zero)
        #expect(call.clears == 0)
        call.silence(.seconds(3))
        #expect(call.hungUp)
    }

    @Test func theHangUpWaitsForTheGoodbyeToPlay() throws {
        let goodbye = "Thanks for calling, goodbye now."
        var call = FlowScripts.started(["bye": FlowDriver.Turn(replies: [goodbye], ended: true)])
        call.say("bye", pause: .zero)
        call.untilReply()
        let said = try #require(call.time { if case .replied(let report) = $0 { report.ended } else { false } })
        call.silence(.seconds(4))
        let hungUp = try #require(call.time(of: FlowScripts.isHangUp))
        // Five words, 1.5 s: the last mark comes back when they have played.
        #expect(hungUp >= said + .milliseconds(1_500))
        #expect(hungUp <= said + .milliseconds(1_520))
    }

    @Test func missingMarksHoldTheHangUpOnlyForTheSlack() throws {
        var call = FlowScripts.started(["bye": FlowDriver.Turn(replies: ["Thanks for calling, goodbye now."], ended: true)])
        call.marks = .never
        call.say("bye", pause: .zero)
        call.untilReply()
        let said = try #require(call.time { if case .replied(let report) = $0 { report.ended } else { false } })
        call.silence(.seconds(5))
        let hungUp = try #require(call.time(of: FlowScripts.isHangUp))
        let expected = said + .milliseconds(1_500) + call.flow.configuration.playoutSlack
        #expect(hungUp >= expected && hungUp <= expected + .milliseconds(20), "\(hungUp - said)")
    }

    @Test func lateMarksAreWaitedForWithinTheSlack() throws {
        var call = FlowScripts.started(["bye": FlowDriver.Turn(replies: ["Thanks for calling, goodbye now."], ended: true)])
        call.marks = .late(.milliseconds(400))
        call.say("bye", pause: .zero)
        call.untilReply()
        let said = try #require(call.time { if case .replied(let report) = $0 { report.ended } else { false } })
        call.silence(.seconds(5))
        let hungUp = try #require(call.time(of: FlowScripts.isHangUp))
        #expect(hungUp >= said + .milliseconds(1_900) && hungUp <= said + .milliseconds(1_920), "\(hungUp - said)")
    }

    @Test func marksEchoedAfterAClearAreNotTakenAsPlayed() throws {
        var (call, _) = Self.answeredLong { $0.marks = .never }
        call.silence(.milliseconds(1_000))
        call.say("what are your hours", for: .milliseconds(700), pause: .zero)
        let heard = try #require(call.interruptions.first?.heard)
        // The far end echoes every pending mark on the clear; none of them counts as played.
        call.echoPendingMarks()
        #expect(call.flow.ledger.heard() == heard)
        #expect(call.flow.ledger.outcome == .interrupted)
    }

    @Test func aTransferGoesOutOnlyAfterItsWordsHavePlayed() throws {
        let line = "I'm connecting you with a member of our team now."
        var call = FlowScripts.started(["a person please": FlowDriver.Turn(replies: [line], transfer: true)])
        call.say("a person please", pause: .zero)
        call.untilReply()
        let said = try #require(call.time { if case .replied(let report) = $0 { report.transfer != nil } else { false } })
        call.silence(.seconds(5))
        let transferred = try #require(call.time(of: FlowScripts.isTransfer))
        #expect(transferred >= said + .milliseconds(3_000))
        #expect(!call.hungUp)
        // Nothing more is said or heard after a transfer.
        let audio = call.audioSamples
        call.say("hello?", pause: .seconds(1))
        #expect(call.audioSamples == audio)
        #expect(call.heard.last?.text == "a person please")
    }

    @Test func aTransferThatCannotBeMadeBecomesACallbackLine() {
        var call = FlowScripts.started(["a person please": FlowDriver.Turn(replies: ["Connecting you now."], transfer: true)])
        call.say("a person please", pause: .seconds(3))
        #expect(call.transferred)
        call.closing(CallWording().nobodyToTransfer)
        call.silence(.seconds(8))
        #expect(call.replies.last == CallWording().nobodyToTransfer)
        #expect(call.hungUp)
    }

    @Test func aSynthesiserFailureIsReplacedByOnePlainLine() {
        let synthesizer = ScriptedSynthesizer()
        var call = FlowScripts.started(synthesizer: synthesizer)
        synthesizer.fail(on: "nine to five")
        call.say("what are your hours")
        #expect(call.engineErrors == ["synthesizer"])
        #expect(synthesizer.spoken.last == CallWording().technicalProblem)
        #expect(call.completedTurns.contains(1))
        // Only once per call: a second failure is logged, not replaced again.
        call.silence(.seconds(5))
        call.say("what are your hours")
        #expect(call.engineErrors == ["synthesizer", "synthesizer"])
        #expect(synthesizer.spoken.last == FlowScripts.hours)
    }
}
