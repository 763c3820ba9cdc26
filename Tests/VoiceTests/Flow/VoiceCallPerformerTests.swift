import Agent
import AgentTestSupport
import Core
import Speech
import Testing
import TestSupport
import Voice
import VoiceTestSupport

/// The actor that performs `CallFlow`'s actions, on scripted engines and a model-free embedding:
/// real plugins, the real agent, the caller's voice from Flite, no sleeps. Each test feeds audio,
/// then waits on the call's own events (marks echoed as they come).
@Suite(.serialized) struct VoiceCallPerformerTests {
    final class Line {
        let call: VoiceCall
        var iterator: AsyncStream<VoiceCallEvent>.Iterator
        var events: [VoiceCallEvent] = []

        init(_ call: VoiceCall) {
            self.call = call
            iterator = call.events.makeAsyncIterator()
        }

        /// Takes events (echoing marks) until `condition` holds for one; false if the call ended first.
        func until(_ condition: (VoiceCallEvent) -> Bool) async -> Bool {
            while let event = await iterator.next() {
                events.append(event)
                if case .audio(_, let mark) = event { await call.markPlayed(mark) }
                if condition(event) { return true }
            }
            return false
        }

        func say(_ text: String) async throws {
            await call.receive(try await SpeechHarness.phoneSpeech(text))
            await call.receive(SpeechHarness.lineSilence(.seconds(1)))
        }
    }

    static func isComplete(_ turn: Int) -> (VoiceCallEvent) -> Bool {
        { if case .replyComplete(let t) = $0 { t == turn } else { false } }
    }

    static func withCall(
        recognizer: ScriptedRecognizer = ScriptedRecognizer(), synthesizer: ScriptedSynthesizer = ScriptedSynthesizer(),
        _ body: (VoiceCall, Line) async throws -> Void
    ) async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), embedding: HashingEmbedding())
        let call = try VoiceCall(
            agent: harness.agent, engines: VoiceEngines(recognizer: recognizer, synthesizer: synthesizer), caller: "+15551230001"
        )
        let line = Line(call)
        await call.start()
        do { try await body(call, line) } catch {
            await call.stop()
            await harness.close()
            throw error
        }
        await call.stop()
        await harness.close()
    }

    @Test func aWholeTurnRunsThroughTheEnginesAndTheAgent() async throws {
        let recognizer = ScriptedRecognizer()
        let synthesizer = ScriptedSynthesizer()
        try await Self.withCall(recognizer: recognizer, synthesizer: synthesizer) { call, line in
            #expect(await line.until(Self.isComplete(0)))
            #expect(synthesizer.spoken.first?.contains("Dana") == true, "CRM greets the caller by name")
            recognizer.hears("what are your opening hours")
            try await line.say("what are your opening hours")
            #expect(await line.until(Self.isComplete(1)))
            let heard = line.events.compactMap { if case .heard(let utterance) = $0 { utterance } else { nil } }
            #expect(heard.map(\.text) == ["what are your opening hours"])
            #expect(recognizer.samplesFed > 8_000, "the caller's audio reached the recogniser at 16 kHz")
            let latencies = line.events.compactMap { if case .firstAudio(let latency) = $0 { latency } else { nil } }
            #expect(latencies.map(\.turn) == [0, 1])
            #expect(await !call.agentAudible)
        }
        #expect(recognizer.streamsClosed == recognizer.streamsOpened)
    }

    @Test func aSynthesiserFailureIsSpokenAsOnePlainLineAndRecorded() async throws {
        let synthesizer = ScriptedSynthesizer()
        synthesizer.fail(on: "Dana")
        try await Self.withCall(synthesizer: synthesizer) { _, line in
            #expect(await line.until(Self.isComplete(0)))
            #expect(line.events.contains { if case .engineFailed("synthesizer", _) = $0 { true } else { false } })
            #expect(synthesizer.spoken.last == CallWording().technicalProblem)
            #expect(line.events.contains { if case .audio = $0 { true } else { false } }, "never silence")
        }
    }

    @Test func theHostsLastWordsPlayThenTheCallHangsUp() async throws {
        let synthesizer = ScriptedSynthesizer()
        try await Self.withCall(synthesizer: synthesizer) { call, line in
            #expect(await line.until(Self.isComplete(0)))
            await call.sayAndHangUp(CallWording().shuttingDown)
            // Marks come back at once: the hang-up follows the line without waiting on stream time.
            #expect(await line.until { if case .hangUp = $0 { true } else { false } })
            #expect(synthesizer.spoken.last == CallWording().shuttingDown)
        }
    }

    @Test func stoppingMidReplyEndsTheEvents() async throws {
        try await Self.withCall { call, line in
            #expect(await line.until { if case .audio = $0 { true } else { false } })
            await call.stop()
            #expect(await !line.until { _ in false }, "the stream finishes")
        }
    }
}
