import Agent
import AgentTestSupport
import Core
import Foundation
import LLM
import LLMTestSupport
import Locks
import Testing
import TestSupport

/// A turn the model answers is recorded as such: path `model_answer`, with the model's own first
/// token time (here a scripted server's 300 ms) as the `llm_first_token` stage.
@Suite(.serialized) struct ModelTurnEventsTests {
    final class Recorder: CallEventSink {
        let events = Mutex<[CallEvent]>([])
        func record(_ event: CallEvent) { events.withLock { $0.append(event) } }
    }

    @Test func aModelAnswerRecordsItsPathAndFirstToken() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        var composer = AnswerComposer(client: LLMClient(server.configuration(model: "m")), deadline: TestTiming.scaled(.seconds(15)),
                                      business: "Brightside Dental", profile: #"{"facts":{"parking":"free, behind the building"}}"#)
        // The deadlines are not what this checks: wide, so a loaded sanitizer run still gets its answer.
        composer.firstTokenDeadline = TestTiming.scaled(.seconds(10))
        composer.holdingPhrase = nil
        let recorder = Recorder()
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), answerComposer: composer, events: recorder)
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()
        server.enqueue(.content("Yes, there's free parking behind the building.", firstDelay: .milliseconds(300)))
        let report = await call.handle("I'm driving over later, is there anywhere I can leave the car?")
        #expect(report.replies == ["Yes, there's free parking behind the building."])
        let turn = try #require(recorder.events.withLock { $0 }.first { $0.kind == .turn })
        #expect(turn.path == .modelAnswer)
        let first = try #require(turn.latency[.llmFirstToken])
        #expect(first >= 300, "\(first) ms")
        #expect((turn.latency[.endToEnd] ?? 0) >= first)
    }
}
