import Agent
import AgentTestSupport
import Core
import Foundation
import LLM
import LLMTestSupport
import Speech
import Testing
import TestSupport
import Voice

/// A question no skill covers, asked by voice: the model's answer is spoken sentence by sentence as
/// it is written (the first before the rest exists), a holding phrase covers a late first sentence,
/// and a barge-in ends the model's request. Real speech both ways, real HTTP to a scripted server.
@Suite(.serialized) struct StreamedAnswerTests {
    static func withCall(
        _ server: ScriptedLLMServer, holdingDelay: Duration = .seconds(5),
        _ body: (VoiceCall, PhoneLine) async throws -> Void
    ) async throws {
        var composer = AnswerComposer(client: LLMClient(server.configuration(model: "voice")),
                                      deadline: TestTiming.scaled(.seconds(15)), business: "Brightside Dental",
                                      profile: #"{"facts":{"parking":"There is free parking behind the building."}}"#)
        // The answer's deadline leaves the 4 s pause between sentences room on a loaded machine
        // (at 8 s a first run after set-up lost the second sentence).
        composer.toolDeadline = TestTiming.scaled(.seconds(15))
        composer.holdingDelay = holdingDelay
        composer.firstTokenDeadline = TestTiming.scaled(.seconds(5))  // a slow model, not a dead one
        let facts = try TestPaths.temporaryDirectory("voice-facts").appendingPathComponent("libfacts.so")
        let plugins = try AgentHarness.bundled() + [try await PluginBuilder.build("Tests/PluginFixtures/facts.c", output: facts)]
        let harness = try await AgentHarness(plugins: plugins, answerComposer: composer)
        let engines = try SpeechHarness.engines(for: harness.host)
        let call = try VoiceCall(agent: harness.agent, engines: engines, configuration: .init(), caller: "+15551230001")
        let line = PhoneLine(call)
        await call.start()
        #expect(await line.waitForReply(turn: 0))
        _ = line.takeAgentAudio()
        do {
            try await body(call, line)
        } catch {
            await line.close()
            await harness.close()
            throw error
        }
        await line.close()
        await harness.close()
    }

    /// SSE body pieces: `first` at once, then each of `rest` after `gap` — during which the server
    /// sends an SSE comment every 100 ms, as servers keep a slow stream alive (and so notices at
    /// once when the client hangs up).
    static func sentences(_ first: String, then rest: [String], gap: Duration) -> ScriptedLLMServer.Reply {
        func chunk(_ text: String) -> [UInt8] {
            Array((#"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#(text)"},"finish_reason":null}]}"# + "\n\n").utf8)
        }
        var pieces: [(Duration, [UInt8])] = [(.zero, chunk(first))]
        let beats = Int(gap / .milliseconds(100))
        for text in rest {
            for _ in 0..<beats { pieces.append((.milliseconds(100), Array(": keep-alive\n\n".utf8))) }
            pieces.append((.zero, chunk(text)))
        }
        pieces.append((.zero, Array((#"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n").utf8)))
        return ScriptedLLMServer.Reply(pieces: pieces)
    }

    static func firstAudio(turn: Int) -> ([VoiceCallEvent]) -> Bool {
        { events in events.contains { if case .firstAudio(let latency) = $0 { latency.turn == turn } else { false } } }
    }

    @Test(.enabled(if: TestTiming.realTime, "speech must go out within the model's 4 s pause: instrumented code is slower"))
    func theFirstSentenceIsSpokenBeforeTheRestIsWritten() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        // The second sentence comes four seconds after the first.
        server.enqueue(Self.sentences("If you cancel with less than a day's notice, there's a twenty five dollar fee. It's",
                                      then: [" waived the first time."], gap: .seconds(4)))
        try await Self.withCall(server) { call, line in
            let before = line.events.replies.count
            try await line.say("what's your cancellation policy")
            #expect(await line.wait(timeout: TestTiming.scaled(.seconds(15)), until: Self.firstAudio(turn: 1)))
            // Audio is going out while the model has not finished: the turn has not even ended.
            #expect(line.events.replies.count == before, "the first sentence is spoken before the rest exists")
            #expect(await line.wait(timeout: TestTiming.scaled(.seconds(15))) { $0.replies.count > before })
            let reply = line.events.replies[before]
            #expect(reply.intent == "facts.cancellation_policy")
            #expect(reply.text == "If you cancel with less than a day's notice, there's a twenty five dollar fee. It's waived the first time.")
            #expect(await line.waitForReply(turn: reply.turn))
            // Both sentences were spoken once, in order: the caller's ear hears the fee and the waiver.
            let heard = try SpeechHarness.transcribe(line.takeAgentAudio())
            #expect(["fee", "dollar", "first", "time", "waived", "cancel"].filter { heard.contains($0) }.count >= 2, "\(heard)")
            let memory = await call.agentCall.memory
            #expect(memory.transcript.last { $0.speaker == .agent }?.text == reply.text)
        }
    }

    @Test func aLateAnswerGetsTheHoldingPhraseFirst() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.content("There's a twenty five dollar fee for late cancellations.", firstDelay: .seconds(2)))
        try await Self.withCall(server, holdingDelay: .milliseconds(400)) { call, line in
            let before = line.events.replies.count
            try await line.say("what's your cancellation policy")
            #expect(await line.wait(timeout: TestTiming.scaled(.seconds(15))) { $0.replies.count > before })
            let reply = line.events.replies[before]
            #expect(reply.text == "Let me check that. There's a twenty five dollar fee for late cancellations.")
            #expect(await line.waitForReply(turn: reply.turn))
            let memory = await call.agentCall.memory
            let said = memory.transcript.filter { $0.speaker == .agent && $0.turn == reply.turn }.map(\.text)
            #expect(said == ["Let me check that.", "There's a twenty five dollar fee for late cancellations."])
        }
    }

    @Test func aBargeInEndsTheModelsRequestAndMemoryKeepsWhatWasHeard() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(Self.sentences("If you cancel with less than a day's notice, there's a twenty five dollar fee. It's",
                                      then: [" waived the first time."], gap: .seconds(30)))
        try await Self.withCall(server) { call, line in
            line.holdMarks(true)
            try await line.say("what's your cancellation policy")
            #expect(await line.wait(timeout: TestTiming.scaled(.seconds(15)), until: Self.firstAudio(turn: 1)))
            // The caller hears about a second of it, then talks over the agent.
            try await Task.sleep(for: .milliseconds(600))
            await line.release(.milliseconds(1_000))
            let replies = line.events.replies.count
            try await line.say("I'd like to book an appointment")
            #expect(await line.wait(timeout: TestTiming.scaled(.seconds(15))) { $0.replies.count > replies })
            #expect(line.events.clears == 1)
            // The model's request ended at once (thirty seconds before its second sentence).
            #expect(await line.wait(timeout: .seconds(5), feedingSilence: false) { _ in server.clientHangUps == 1 })
            #expect(line.events.replies.last?.text == "What day would you like to come in?")
            let memory = await call.agentCall.memory
            let entry = try #require(memory.transcript.first { $0.speaker == .agent && $0.turn == 1 })
            #expect(!entry.heard)
            #expect(!entry.text.isEmpty && "If you cancel with less than a day's notice, there's a twenty five dollar fee.".hasPrefix(entry.text),
                    "\(entry.text)")
            #expect(!entry.text.contains("waived"))
        }
    }
}
