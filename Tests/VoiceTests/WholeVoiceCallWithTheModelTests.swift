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

/// The text suite's whole call with the model (`WholeCallWithTheModelTests`), by voice: real
/// speech in through the recogniser, the model classifies a request no phrase anticipated, answers
/// a question by calling a Billing tool and a typed CRM tool, and answers one from the business
/// profile — each answer synthesised and heard by the caller's own recogniser.
///
/// Not under a sanitizer: in a fresh-clone `make test-tsan` (2026-12-07) the recogniser heard "my
/// payment let me think when is manager on my account" for "my statement went missing, what is
/// the damage on my account" (no ThreadSanitizer warning; it passed in two other sanitizer runs).
/// What the words are is this test's subject, and instrumented speech engines do not give them
/// reliably; docs/reliability.md.
@Suite(.serialized, .enabled(if: TestTiming.realTime, "what the recogniser hears is checked: instrumented code does not hear it reliably"))
struct WholeVoiceCallWithTheModelTests {
    /// The business profile's parking fact; `serve` puts the profile's sentences in the recogniser.
    static let parking = "There is free parking behind the building."

    @Test func classifyCallToolsAndAnswerFromTheProfileByVoice() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        var settings = LanguageModelRouter.Settings()
        settings.deadline = .seconds(5)
        let router = LanguageModelRouter(client: LLMClient(server.configuration(model: "m")), settings: settings)
        var composer = AnswerComposer(client: LLMClient(server.configuration(model: "m")), deadline: TestTiming.scaled(.seconds(8)),
                                      business: "Brightside Dental", profile: #"{"facts":{"parking":"\#(Self.parking)"}}"#)
        composer.firstTokenDeadline = TestTiming.scaled(.seconds(5))
        composer.toolDeadline = .seconds(8)
        composer.holdingDelay = .seconds(5)
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), languageModel: router, answerComposer: composer)
        let engines = try SpeechHarness.engines(for: harness.host, extraPhrases: [Self.parking])
        let call = try VoiceCall(agent: harness.agent, engines: engines, configuration: .init(), caller: "+15551230001")
        let line = PhoneLine(call)
        await call.start()
        defer { Task { await line.close(); await harness.close() } }
        #expect(await line.waitForReply(turn: 0))
        _ = line.takeAgentAudio()

        /// Says `said`; returns the turn's report once its reply has been played, and what the
        /// caller's ear made of that reply.
        func turn(_ said: String) async throws -> (report: TurnReport, heard: String) {
            let before = line.events.count
            try await line.say(said)
            #expect(await line.wait(timeout: .seconds(20)) { events in
                events.dropFirst(before).contains { if case .replied = $0 { true } else { false } }
            })
            let report = try #require(line.events.dropFirst(before).compactMap { if case .replied(let r) = $0 { r } else { nil } }.first)
            #expect(await line.waitForReply(turn: report.turn))
            return (report, try SpeechHarness.transcribe(line.takeAgentAudio()))
        }

        // Recognised as nothing any skill's phrase anticipated; the model classifies it.
        server.enqueue(.content(#"{"intent":"billing.balance","slots":[],"confidence":0.93}"#))
        let balance = try await turn("my statement went missing, what is the damage on my account")
        #expect(balance.report.path == .languageModel, "\(line.events.heard.map(\.text)) \(line.events.ignored) clears \(line.events.clears)")
        #expect(balance.report.replies.joined().contains("$142.50"))
        #expect(balance.heard.contains("forty two"), "\(balance.heard)")

        // A question the model answers by calling a Billing tool and a typed CRM tool.
        server.enqueue(
            .content(#"{"intent":"none","slots":[],"confidence":0.2}"#),
            .toolCalls([(id: "a", name: "billing_account_summary", arguments: "{}"), (id: "b", name: "crm_customer_name", arguments: "{}")]),
            .content("You've been with us a good while, Dana, and your balance stands at one hundred forty two fifty.")
        )
        let tools = try await turn("how long have I been a customer with you")
        #expect(tools.report.toolCalls.map(\.tool) == ["billing_account_summary", "crm_customer_name"])
        #expect(tools.report.toolCalls.allSatisfy { !$0.failed })
        #expect(tools.report.replies == ["You've been with us a good while, Dana, and your balance stands at one hundred forty two fifty."])
        #expect(tools.heard.contains("forty"), "\(tools.heard)")
        // The tools' results went back to the model: the caller's name from the typed CRM tool.
        try #require(server.requestBodies.count == 4)
        #expect(server.requestBodies[3].contains(#""role":"tool""#) && server.requestBodies[3].contains("Dana"))
        #expect(!server.requestBodies[2].contains(#""role":"tool""#))

        // An open question answered from the business profile.
        server.enqueue(.content(#"{"intent":"none","slots":[],"confidence":0.1}"#), .content("Yes, there's free parking behind the building."))
        let parking = try await turn("is there any parking near the building")
        #expect(parking.report.replies == ["Yes, there's free parking behind the building."])
        try #require(server.requestBodies.count == 6)
        #expect(server.requestBodies[5].contains("behind the building"))
        #expect(["parking", "behind", "building"].filter { parking.heard.contains($0) }.count >= 2, "\(parking.heard)")
    }
}
