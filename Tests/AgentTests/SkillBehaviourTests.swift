import AgentTestSupport
import Agent
import Core
import Embeddings
import Foundation
import PluginHost
import Locks
import Testing
import TestSupport

/// Behaviour of the bundled skills that a business depends on, through the real agent.
@Suite(.serialized) struct SkillBehaviourTests {
    @Test func outOfHoursHandoffPromisesACallbackAndEndsTheCall() async throws {
        // Wednesday 20:00: closed until Thursday 09:00.
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), now: "2026-11-25T20:00")
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230003")
        _ = await call.begin()
        _ = await call.handle("what's my balance")
        let report = await call.handle("can I speak to a real person")
        #expect(report.replies == ["Our team isn't available right now. I've passed on what we've discussed, and someone will call you back at 9 AM tomorrow."])
        #expect(report.ended)
        #expect(report.transfer == nil)
        let queue = try await harness.host.callTool("handoff_queue", argumentsJSON: "{}")
        #expect(queue.contains("\"callback\""))
        #expect(queue.contains("Priya Raman"))
        #expect(queue.contains("Your balance is $89.99"))
    }

    @Test func payingAllOfItTakesTheWholeBalanceAfterTheReadBack() async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()
        var report = await call.handle("I'd like to pay my bill")
        #expect(report.replies.joined().contains("How much would you like to pay?"))
        report = await call.handle("all of it please")
        #expect(report.replies.joined().contains("a payment of $142.50"), "\(report.replies)")
        report = await call.handle("yes")
        #expect(report.replies.joined().contains("your new balance is $0.00"), "\(report.replies)")
    }

    @Test func pushingAnAppointmentBackAnHourMovesItOnTheSameDayAfterAYes() async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230001")  // Monday 30th at 11 AM
        _ = await call.begin()
        var report = await call.handle("can you push my appointment back by an hour")
        #expect(report.replies.joined().contains("to Monday, November 30th at 12 PM. Shall I do that?"), "\(report.replies)")
        report = await call.handle("yes please")
        #expect(report.replies.joined().contains("Your appointment is now on Monday, November 30th at 12 PM."), "\(report.replies)")

        // A yes that names the time the skill worked out confirms it too.
        let again = harness.agent.startCall(caller: "+15551230001")
        _ = await again.begin()
        _ = await again.handle("could you push it back another hour")
        report = await again.handle("yeah, one o'clock is great")
        #expect(report.replies.joined().contains("Your appointment is now on Monday, November 30th at 1 PM."), "\(report.replies)")
    }

    @Test func movingToAnotherDayAtTheSameTimeKeepsTheTime() async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230001")  // Monday 30th at 11 AM
        _ = await call.begin()
        var report = await call.handle("I need to move my appointment to friday, same time")
        #expect(report.replies.joined().contains("to Friday, November 27th at 11 AM. Shall I do that?"), "\(report.replies)")
        report = await call.handle("yep")
        #expect(report.replies.joined().contains("Your appointment is now on Friday, November 27th at 11 AM."), "\(report.replies)")
    }

    @Test func aClosedDayIsSaidBeforeAnyTimeIsAskedFor() async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230003")
        _ = await call.begin()
        let report = await call.handle("I'd like to book an appointment for this Sunday")
        #expect(report.replies.joined().lowercased().contains("closed"), "\(report.replies)")
        #expect(!report.replies.joined().contains("What time"))
    }

    @Test func aCardNumberIsNeverStoredLoggedOrTranscribed() async throws {
        let lines = Mutex<[String]>([])
        let harness = try await AgentHarness(plugins: [try TestPaths.bundledPlugin("Billing")], log: { record in
            lines.withLock { $0.append(record.message) }
        })
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15559990000")  // not a customer: asked for the account
        _ = await call.begin()
        var report = await call.handle("what's my balance")
        #expect(report.replies.first?.hasPrefix("What's your account number?") == true)
        report = await call.handle("it's 4242 4242 4242 4242")
        #expect(report.replies.first?.hasPrefix("That doesn't match an account number.") == true)

        let card = "4242424242424242"
        func digitsOnly(_ text: String) -> String { text.filter(\.isNumber) }
        #expect(!lines.withLock { $0 }.contains { digitsOnly($0).contains(card) })
        let transcript = await call.memory.transcript.map(\.text)
        #expect(!transcript.contains { digitsOnly($0).contains(card) }, "\(transcript)")
        let database = try Data(contentsOf: harness.dataDirectory.appendingPathComponent("billing/billing.sqlite"))
        #expect(database.range(of: Data(card.utf8)) == nil)
        #expect(database.range(of: Data("4242 4242 4242 4242".utf8)) == nil)
    }

    @Test func theIndexFollowsUnloadAndLoad() async throws {
        let build = try TestPaths.temporaryDirectory("greeter-index")
        defer { try? FileManager.default.removeItem(at: build) }
        let plugin = try await PluginBuilder.build("Tests/PluginFixtures/greeter.c", output: build.appendingPathComponent("libgreeter.so"))
        let harness = try await AgentHarness(plugins: [plugin])
        defer { Task { await harness.close() } }
        #expect(harness.agent.index.snapshot.count == 10)

        try harness.host.unload(name: "greeter")
        await harness.agent.settle()
        #expect(harness.agent.index.snapshot.count == 0)
        let call = harness.agent.startCall(caller: nil)
        _ = await call.begin()
        #expect(await call.handle("hello there").intent == nil)

        try harness.host.load(path: plugin.path)
        await harness.agent.settle()
        #expect(harness.agent.index.snapshot.count == 10)
        let report = await call.handle("hello there")
        #expect(report.intent == "greeter.hello")
        #expect(report.replies == ["Hello from the first generation."])
    }
}
