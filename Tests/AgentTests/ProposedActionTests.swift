import AgentTestSupport
import Agent
import Core
import Foundation
import LLM
import LLMTestSupport
import PluginHost
import Testing
import TestSupport

/// A tool with side effects the model calls is not run: it is read back to the caller, runs on
/// their yes exactly once, and never on a no, a goodbye or another request. A C plugin built by
/// the tests, real HTTP to a scripted server.
@Suite(.serialized) struct ProposedActionTests {
    static let question = "could somebody from the team give me a ring back tomorrow after three?"

    func harness(_ server: ScriptedLLMServer) async throws -> AgentHarness {
        let output = try TestPaths.temporaryDirectory("callbacks-plugin").appendingPathComponent("libcallbacks.so")
        let plugin = try await PluginBuilder.build("Tests/PluginFixtures/callbacks.c", output: output)
        var composer = AnswerComposer(client: LLMClient(server.configuration(model: "actions")),
                                      deadline: TestTiming.scaled(.seconds(3)), business: "Brightside Dental")
        composer.firstTokenDeadline = TestTiming.scaled(.seconds(3))
        return try await AgentHarness(plugins: [plugin], answerComposer: composer)
    }

    func booked(_ harness: AgentHarness) async throws -> String {
        try await harness.host.callTool("callback_count", argumentsJSON: "{}")
    }

    @Test func anActionRunsOnlyOnTheCallersYesAndOnlyOnce() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        let harness = try await harness(server)
        defer { Task { await harness.close() } }
        server.enqueue(
            .toolCalls([(id: "call_1", name: "callback_request", arguments: #"{"when":"tomorrow after three","phone":"+19990000000"}"#)]),
            .content("You're all set: someone will call you tomorrow after three, reference C B 1.")
        )
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()
        let proposed = await call.handle(Self.question)
        #expect(proposed.replies == ["To confirm: book a call back from the team, when tomorrow after three. Shall I go ahead?"])
        #expect(proposed.toolCalls.isEmpty)
        #expect(try await booked(harness) == "0", "nothing runs before the caller's yes")
        #expect(await call.state == .confirmingToolCall(tool: "callback_request"))

        let yes = await call.handle("yes please")
        #expect(yes.replies == ["You're all set: someone will call you tomorrow after three, reference C B 1."])
        #expect(try await booked(harness) == "1")
        let ran = try #require(yes.toolCalls.first)
        #expect(ran.arguments.contains("+15551230001") && !ran.arguments.contains("+19990000000"), "the caller's own number")
        #expect(ran.result.contains("CB-1"))
        // The model was told what came of it.
        #expect(try #require(server.requestBodies.last).contains("CB-1"))

        // Another yes has nothing to confirm: the action does not run again.
        _ = await call.handle("yes")
        #expect(try await booked(harness) == "1")
        #expect(await call.memory.toolExchanges.count == 1)
    }

    @Test(arguments: ["no thanks, don't bother", "actually, thanks, that's all, bye", "what are your hours"])
    func anActionDoesNotRunOnANoAGoodbyeOrAnotherRequest(_ answer: String) async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        let harness = try await harness(server)
        defer { Task { await harness.close() } }
        server.enqueue(.toolCalls([(id: "call_1", name: "callback_request", arguments: #"{"when":"tomorrow"}"#)]))
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()
        let first = await call.handle(Self.question)
        #expect(first.replies.first?.hasPrefix("To confirm: book a call back") == true)
        let report = await call.handle(answer)
        #expect(report.toolCalls.isEmpty)
        #expect(try await booked(harness) == "0")
        #expect(await call.state != .confirmingToolCall(tool: "callback_request"))
    }
}
