import Agent
import AgentTestSupport
import Core
import Foundation
import Locks
import Testing
import TestSupport
import Voice

/// What a spoken call records for analytics: the turn as the agent decided it, and its audio
/// timing (endpointing, recognition, first audio, end to end) as the call heard and answered it.
@Suite(.serialized) struct VoiceCallEventsTests {
    final class Recorder: CallEventSink {
        let events = Mutex<[CallEvent]>([])
        func record(_ event: CallEvent) { events.withLock { $0.append(event) } }
        var all: [CallEvent] { events.withLock { $0 } }
    }

    @Test func aSpokenTurnRecordsItsStagesAndTheCallItsOutcome() async throws {
        let recorder = Recorder()
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), events: recorder)
        let engines = try SpeechHarness.engines(for: harness.host)
        let call = try VoiceCall(agent: harness.agent, engines: engines, configuration: .init(), caller: "+15551230001", transport: "twilio")
        let line = PhoneLine(call)
        await call.start()
        #expect(await line.waitForReply(turn: 0))
        try await line.say("what are your opening hours")
        #expect(await line.wait(timeout: .seconds(20)) { $0.latencies.contains { $0.turn == 1 } })
        #expect(await line.waitForReply(turn: 1))
        await line.close()
        // The call's end is on its way; a host stopping now waits for it (as `serve` does).
        await harness.agent.settleEndings()
        #expect(recorder.all.contains { $0.kind == .callEnded })
        await harness.close()

        let events = recorder.all
        #expect(events.first?.kind == .callStarted && events.first?.transport == "twilio")
        let turn = try #require(events.first { $0.kind == .turn })
        #expect(turn.path == .fastPath && turn.intent == "scheduling.hours")
        #expect(turn.latency[.endToEnd] == nil, "a voice turn's end to end is the audio's")
        #expect(turn.latency[.classification] != nil)
        let audio = try #require(events.first { $0.kind == .turnAudio })
        #expect(audio.turn == 1)
        for stage in [CallEvent.Stage.endpointing, .recognition, .firstAudio, .endToEnd] {
            #expect((audio.latency[stage] ?? -1) >= 0, "\(stage)")
        }
        #expect((audio.latency[.endToEnd] ?? 0) >= (audio.latency[.firstAudio] ?? 0))
        #expect((audio.latency[.firstAudio] ?? 0) >= (audio.latency[.recognition] ?? 0))
        let ended = try #require(events.last { $0.kind == .callEnded })
        #expect(ended.outcome == "resolved")
        #expect(events.allSatisfy { $0.host == "test-host" && $0.callID == call.agentCall.callID })
    }
}
