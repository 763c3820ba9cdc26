import Agent
import Core
import Speech
import Testing
import Voice
import VoiceTestSupport

/// The call flow's listening half on stream time: utterances, endpoints, grammars, recogniser
/// failures. Scripted engines, no clock: each scenario runs in microseconds.
struct CallFlowListeningTests {
    @Test func theGreetingIsSpokenFirstInWholeFrames() {
        let synthesizer = ScriptedSynthesizer()
        var call = FlowDriver(synthesizer: synthesizer, script: FlowScripts.answering())
        call.start()
        #expect(call.replies == [FlowScripts.greeting])
        #expect(call.audioSamples == synthesizer.length(of: FlowScripts.greeting))
        #expect(call.audioSamples % 160 == 0)
        #expect(call.firstAudio.map(\.turn) == [0])
        #expect(call.flow.agentAudible, "the greeting is still playing at the far end")
        call.silence(.seconds(5))
        #expect(call.completedTurns == [0])
        #expect(!call.flow.agentAudible)
        #expect(call.echoed.count == call.events.count(where: FlowScripts.isAudio))
    }

    @Test func aQuestionIsHeardAndAnswered() {
        var call = FlowScripts.started()
        call.say("what are your hours")
        #expect(call.heard.map(\.text) == ["what are your hours"])
        #expect(call.heard.first?.source == .speech)
        #expect(call.replies.last == FlowScripts.hours)
        #expect(call.inputs.count == 2)
    }

    @Test func theEndOfSpeechIsStampedOnStreamTime() throws {
        var call = FlowScripts.started()
        let start = call.now
        call.say("what are your hours", for: .milliseconds(800))
        let heard = try #require(call.heard.first)
        // The caller's last voiced frame ended 800 ms after they began.
        #expect(heard.endedAt == start + .milliseconds(800))
        let latency = try #require(call.firstAudio.last)
        #expect(latency.turn == 1)
        #expect(latency.endpointing >= .milliseconds(200) && latency.endpointing <= .milliseconds(800), "\(latency.endpointing)")
    }

    @Test func thePreRollReachesTheRecogniser() {
        let recognizer = ScriptedRecognizer()
        var call = FlowScripts.started(recognizer: recognizer)
        call.say("what are your hours", for: .milliseconds(600))
        // Every voiced frame is fed, including those heard before the detector confirmed speech.
        #expect(recognizer.samplesFed >= AudioTime.samples(.milliseconds(600), rate: 16_000))
    }

    @Test func speechWithNoWordsIsIgnored() {
        var call = FlowScripts.started()
        call.voice(.milliseconds(500))
        call.silence(.seconds(1))
        #expect(call.ignored == ["speech with no words recognised"])
        #expect(call.inputs.count == 1, "no turn for noise")
    }

    @Test func aCallerWhoNeverPausesIsCutOffAtTheMaximum() throws {
        var configuration = FlowDriver.configuration
        configuration.maximumUtterance = .seconds(5)
        var call = FlowScripts.started(configuration: configuration)
        let start = call.now
        call.say("what are your hours", for: .seconds(8))
        let heard = try #require(call.heard.first)
        #expect(heard.endpoint == .speaking)
        #expect(heard.endedAt <= start + .seconds(5) + .milliseconds(20))
    }

    @Test func anAwaitedDateIsHeardWithTheDateGrammarAndTheLanguageModelBeside() {
        let recognizer = ScriptedRecognizer()
        let date = ListeningMode(grammar: .date, expecting: .date, slot: "date")
        var call = FlowScripts.started(
            ["book an appointment": .reply("What day would you like?", listening: date), "tuesday": .reply("What time?", listening: .init(grammar: .time, expecting: .time, slot: "time"))],
            recognizer: recognizer
        )
        call.say("book an appointment")
        #expect(call.flow.mode == date)
        recognizer.checkingHears("tuesday")
        call.say("tuesday", pause: .seconds(3))
        #expect(recognizer.grammarsUsed.contains(.date))
        #expect(call.heard.last?.text == "tuesday")
        #expect(call.heard.last?.grammar == .date)
        #expect(call.heard.last?.fellBackToLanguageModel == false)
        #expect(call.replies.last == "What time?")
        // The second stream is opened once and kept for the next slot answer.
        recognizer.hears("three")
        recognizer.checkingHears("three")
        call.voice(.milliseconds(600))
        call.silence(.seconds(3))
        #expect(recognizer.streamsOpened == 2)
        #expect(call.heard.last?.grammar == .time)
    }

    @Test func anAnswerOfAnotherKindIsTakenFromTheLanguageModel() {
        let recognizer = ScriptedRecognizer()
        let date = ListeningMode(grammar: .date, expecting: .date, slot: "date")
        var call = FlowScripts.started(["book an appointment": .reply("What day would you like?", listening: date)], recognizer: recognizer)
        call.say("book an appointment")
        recognizer.checkingHears("what are your hours")
        call.say("tuesday", pause: .seconds(3))
        #expect(call.heard.last?.text == "what are your hours")
        #expect(call.heard.last?.fellBackToLanguageModel == true)
        #expect(call.replies.last == FlowScripts.hours)
    }

    @Test func aGrammarThatHearsNothingIsDecodedAgainWithTheLanguageModel() {
        var configuration = FlowDriver.configuration
        configuration.checksSlotAnswers = false
        let recognizer = ScriptedRecognizer()
        let date = ListeningMode(grammar: .date, expecting: .date, slot: "date")
        var call = FlowScripts.started(
            ["book an appointment": .reply("What day would you like?", listening: date)], configuration: configuration, recognizer: recognizer
        )
        call.say("book an appointment")
        recognizer.hears("")
        call.say("what are your hours", pause: .seconds(3))
        #expect(call.heard.last?.text == "what are your hours")
        #expect(call.heard.last?.fellBackToLanguageModel == true)
        #expect(call.heard.last?.choice == "the date grammar heard nothing")
        #expect(recognizer.grammarsUsed.suffix(2) == [.date, nil])
        #expect(recognizer.streamsOpened == 1)
    }

    @Test func aRecogniserThatFailsOnTheWordsIsHeardAsASpokenLine() {
        let recognizer = ScriptedRecognizer()
        var call = FlowScripts.started(recognizer: recognizer)
        recognizer.fail(.finish)
        call.say("what are your hours")
        #expect(call.replies.last == CallWording().technicalProblem)
        #expect(call.engineErrors == ["recognizer"])
        #expect(call.events.contains { if case .engineFailed("recognizer", let message) = $0 { message.contains("finish") } else { false } })
        #expect(!call.ignored.contains("speech with no words recognised"))
    }

    @Test func aStreamFailingOnEveryFrameIsReportedOncePerUtterance() {
        let recognizer = ScriptedRecognizer()
        var call = FlowScripts.started(recognizer: recognizer)
        recognizer.fail(.feed)
        call.say("what are your hours", for: .seconds(1))
        #expect(call.engineErrors == ["recognizer"], "fifty failed frames, one report")
        // The words still came through the finish.
        #expect(call.replies.last == FlowScripts.hours)
        recognizer.fail(.feed, false)
        recognizer.fail(.finish)
        call.say("what are your hours")
        #expect(call.engineErrors == ["recognizer", "recognizer"])
    }

    @Test func aSecondStreamThatCannotOpenLeavesTheGrammarToDecideAlone() {
        let recognizer = ScriptedRecognizer()
        let date = ListeningMode(grammar: .date, expecting: .date, slot: "date")
        var call = FlowScripts.started(["book an appointment": .reply("What day would you like?", listening: date)], recognizer: recognizer)
        call.say("book an appointment")
        recognizer.fail(.open)
        call.say("tuesday", pause: .seconds(3))
        #expect(call.heard.last?.text == "tuesday")
        #expect(call.heard.last?.grammar == .date)
        #expect(call.engineErrors == ["recognizer"])
        #expect(recognizer.streamsOpened == 1)
    }

    @Test func theSameScriptAlwaysGivesTheSameCall() {
        func run() -> [String] {
            var call = FlowScripts.started()
            call.say("what are your hours")
            call.silence(.milliseconds(700))
            call.say("when is my appointment", for: .seconds(1))
            call.silence(.seconds(4))
            return zip(call.eventTimes, call.events).map { "\($0) \($1)" }
        }
        let first = run()
        #expect(first.count > 20)
        #expect(first == run())
    }

    @Test func tenMinutesOfCallAreFedOnStreamTime() {
        var configuration = FlowDriver.configuration
        configuration.noInputTimeout = nil
        var call = FlowScripts.started(configuration: configuration)
        for _ in 0..<60 {
            call.say("what are your hours", for: .seconds(1), pause: .seconds(9))
        }
        #expect(call.now >= .seconds(600))
        #expect(call.heard.count == 60)
        #expect(call.replies.count(where: { $0 == FlowScripts.hours }) == 60)
    }
}
