import Agent
import AgentTestSupport
import Core
import Foundation
import Speech
import Locks
import Testing
import TestSupport
import Voice

/// A speech engine that fails mid-call is heard and seen: the caller is told, the failure is an
/// event (logged by the transport, counted by analytics), never silence.
@Suite(.serialized) struct EngineFailureTests {
    struct RecognizerFailure: Error, CustomStringConvertible {
        var description: String { "the decoder lost its state" }
    }

    /// The real recogniser, whose streams fail when asked for their final words.
    struct FailingRecognizer: SpeechRecognizer {
        let real: any SpeechRecognizer
        func makeStream(options: RecognitionOptions) throws -> any RecognitionStream {
            FailingStream(real: try real.makeStream(options: options))
        }
    }

    final class FailingStream: RecognitionStream {
        let real: any RecognitionStream
        init(real: any RecognitionStream) { self.real = real }
        func accept(_ samples: [Int16]) throws -> Hypothesis? { try real.accept(samples) }
        func finish() throws -> Hypothesis { throw RecognizerFailure() }
        func useGrammar(_ grammar: SlotGrammar?) { real.useGrammar(grammar) }
        func close() { real.close() }
    }

    final class Recorder: CallEventSink {
        let events = Mutex<[CallEvent]>([])
        func record(_ event: CallEvent) { events.withLock { $0.append(event) } }
        var all: [CallEvent] { events.withLock { $0 } }
    }

    @Test("a recogniser that fails on the caller's words: the caller hears a spoken line, the failure is an event and an analytics record")
    func recognizerFailureIsHeard() async throws {
        let recorder = Recorder()
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), events: recorder)
        let real = try SpeechHarness.engines(for: harness.host)
        let engines = VoiceEngines(recognizer: FailingRecognizer(real: real.recognizer), synthesizer: real.synthesizer)
        let call = try VoiceCall(agent: harness.agent, engines: engines, configuration: .init(), caller: nil, transport: "twilio")
        let line = PhoneLine(call)
        await call.start()
        #expect(await line.waitForReply(turn: 0))
        try await line.say("what are your opening hours")
        let told = await line.wait(timeout: .seconds(20)) { events in
            events.replies.contains { $0.text == CallWording().technicalProblem }
        }
        #expect(told, "\(line.events.replies.map(\.text))")
        #expect(line.events.contains { if case .engineFailed(let engine, let message) = $0 { engine == "recognizer" && message.contains("lost its state") } else { false } })
        #expect(await eventually { recorder.all.contains { $0.kind == .engineError && $0.outcome == "recognizer" } })
        #expect(!line.events.ignored.contains("speech with no words recognised"))
        await line.close()
        await harness.close()
    }
}
