import AgentTestSupport
import Agent
import Core
import Foundation
import LLM
import LLMTestSupport
import Testing
import TestSupport

/// The language model as the router of last resort, over real HTTP to the scripted server, with
/// the real agent, plugins and model.
@Suite(.serialized) struct LanguageModelFallbackTests {
    /// The happy paths give the scripted model 5 s (a loaded 2-core CI machine once took the whole
    /// 800 ms); the outage test keeps the real deadline.
    static func router(_ server: ScriptedLLMServer, deadline: Duration = TestTiming.scaled(.seconds(5))) -> LanguageModelRouter {
        var settings = LanguageModelRouter.Settings()
        settings.deadline = deadline
        settings.failuresToOpen = 2
        return LanguageModelRouter(client: LLMClient(server.configuration(model: "router")), settings: settings)
    }

    /// A request nothing in the examples resembles.
    static let unusual = "my statement has gone walkabout, what's the damage on my account"

    @Test func anUnusualRequestIsDecidedByTheModelAndLearned() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), languageModel: Self.router(server))
        defer { Task { await harness.close() } }
        server.enqueue(.content(#"{"intent":"billing.balance","confidence":0.92}"#))
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()
        let report = await call.handle(Self.unusual)
        #expect(report.path == .languageModel, "\(report.replies)")
        #expect(report.replies.joined().contains("$142.50"))
        #expect(harness.agent.learned.all.map(\.intent) == ["billing.balance"])
        // The prompt: the intents with their descriptions and examples, a strict schema, the words.
        let body = try #require(server.requestBodies.first)
        #expect(body.contains("billing.balance: check your account balance"))
        #expect(body.contains(#""json_schema""#) && body.contains(#""strict":true"#))
        #expect(body.contains("walkabout"))
    }

    @Test func anActingIntentFromTheModelIsNamedAndReadBackBeforeAnything() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), languageModel: Self.router(server))
        defer { Task { await harness.close() } }
        server.enqueue(.content(#"{"intent":"billing.pay","confidence":0.95}"#))
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()
        let report = await call.handle("I reckon I'll square things up with you lot today")
        #expect(report.path == .languageModel)
        // The skill asks the amount itself (once it knows there is something to pay): its first
        // reply is named.
        #expect(report.replies.first == "Okay, you want to pay your bill with the card on file.", "\(report.replies)")
        #expect(report.replies.last == "How much would you like to pay?", "\(report.replies)")
    }

    @Test func theModelsSlotValuesFillWhatTheCallersWordsLeftOpenAndAreReadBack() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        var settings = LanguageModelRouter.Settings()
        settings.deadline = TestTiming.scaled(.seconds(5))  // this test is about the answer, not the deadline
        let router = LanguageModelRouter(client: LLMClient(server.configuration(model: "router")), settings: settings)
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), languageModel: router)
        defer { Task { await harness.close() } }
        server.enqueue(
            .content(#"{"intent":"scheduling.book","slots":[{"name":"date","value":"2026-12-07"},{"name":"time","value":"14:30"},{"name":"amount","value":"9"}],"confidence":0.9}"#),
            .content(#"{"intent":"scheduling.book","slots":[{"name":"date","value":"2026-12-07"},{"name":"time","value":"whenever"}],"confidence":0.9}"#)
        )
        let call = harness.agent.startCall(caller: "+15559870000")
        _ = await call.begin()
        let report = await call.handle("I reckon it's high time somebody had a proper look at my fangs")
        #expect(report.path == .languageModel, "\(report.replies)")
        #expect(report.replies.joined().contains("Monday, December 7th at 2:30 PM"), "\(report.replies)")
        #expect(await call.state == .awaitingSlot(intent: "scheduling.book", slot: "confirm"), "read back, nothing booked yet")
        // The schema asks for the slots by name; the prompt lists each intent's.
        let body = try #require(server.requestBodies.first)
        #expect(body.contains(#""slots""#) && body.contains("Slots: date (date), time (time)"))

        // A value that is not of its slot's kind fills nothing: the time is asked for.
        let other = harness.agent.startCall(caller: "+15559870001")
        _ = await other.begin()
        // (Other words: the first are learned by now, and the fast path would take them itself.)
        let asked = await other.handle("my gnashers could do with somebody giving them the once over")
        #expect(asked.path == .languageModel, "\(asked.replies)")
        #expect(await other.state == .awaitingSlot(intent: "scheduling.book", slot: "time"), "\(asked.replies)")
    }

    @Test func unsureNoneOrAnOutageLeavesTheTurnToTheAgentQuickly() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        let router = Self.router(server, deadline: TestTiming.scaled(.milliseconds(800)))
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), languageModel: router)
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()

        server.enqueue(.content(#"{"intent":"none","confidence":0.9}"#))
        var report = await call.handle("do you lot sell toothbrushes by any chance")
        #expect(report.path != .languageModel)
        #expect(report.languageModelVerdict == .unsure("intent none"))

        server.enqueue(.content(#"{"intent":"billing.balance","confidence":0.3}"#))
        let second = harness.agent.startCall(caller: "+15551230001")
        _ = await second.begin()
        report = await second.handle(Self.unusual)
        #expect(report.path != .languageModel)
        #expect(report.languageModelVerdict == .unsure("billing.balance at 0.3"))

        // Down: a slow server, then errors. The turn is answered at the deadline, not the server's
        // pace, and the breaker opens after two failures.
        server.enqueue(.content(#"{"intent":"billing.balance","confidence":0.9}"#, firstDelay: TestTiming.scaled(.seconds(10))), .error(500, "down"))
        for _ in 0..<2 {
            let fresh = harness.agent.startCall(caller: "+15551230001")
            _ = await fresh.begin()
            let started = ContinuousClock.now
            report = await fresh.handle(Self.unusual)
            // The caller never waits for the slow server's 10 s (how long exactly is bench business).
            #expect(ContinuousClock.now - started < TestTiming.scaled(.seconds(5)))
            #expect(!report.replies.isEmpty)
            if case .failed = report.languageModelVerdict {} else { Issue.record("\(String(describing: report.languageModelVerdict))") }
        }
        #expect(router.isOpen)
        let requests = server.requestBodies.count
        let last = harness.agent.startCall(caller: "+15551230001")
        _ = await last.begin()
        report = await last.handle(Self.unusual)
        #expect(server.requestBodies.count == requests, "an open breaker asks nobody")
    }
}
