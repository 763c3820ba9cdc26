import AgentTestSupport
import Agent
import Core
import Foundation
import Testing
import TestSupport

@Suite("Learned examples: the rules")
struct LearnedExampleRulesTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func sameTextOnceAndTheOldestGoesPastTheCap() {
        var book = LearnedExamples(capPerIntent: 2)
        let r1 = book.add(intent: "billing.pay", text: "Put something towards my bill.", at: now)
        #expect(r1)
        let r2 = book.add(intent: "billing.pay", text: "put something  towards my bill", at: now)
        #expect(!r2)
        // Confirmed for another intent later: no evidence for either, the first stays.
        let r3 = book.add(intent: "billing.balance", text: "put something towards my bill", at: now)
        #expect(!r3)
        let r4 = book.add(intent: "billing.pay", text: "settle up what I owe", at: now)
        #expect(r4)
        let r5 = book.add(intent: "billing.pay", text: "clear the bill off", at: now)
        #expect(r5)
        #expect(book.examples.map(\.text) == ["settle up what I owe", "clear the bill off"].map(LearnedExamples.normalized))
        let r6 = book.remove(intent: "billing.pay", text: "Clear the bill off!")
        #expect(r6)
        let r7 = book.remove(intent: "billing.pay", text: "clear the bill off")
        #expect(!r7)
    }

    @Test(arguments: ["my card is 4242", "it's ana at example dot com", "ana@example.com please",
                      String(repeating: "word ", count: 17)])
    func whatMightCarryACallersDataIsNeverKept(_ text: String) {
        var book = LearnedExamples()
        let added = book.add(intent: "crm.update_email", text: text, at: now)
        #expect(!added, "\(text)")
        #expect(LearnedExamples.refusal(text) != nil)
    }

    @Test func theFileSurvivesARestartAndABadFileIsAnError() throws {
        let folder = try TestPaths.temporaryDirectory("learned")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("learned.json")
        let store = try LearnedExampleStore(file: file)
        #expect(try store.add(intent: "billing.balance", text: "what am I sitting at"))
        let again = try LearnedExampleStore(file: file)
        #expect(again.all.map(\.text) == ["what am i sitting at"])
        try Data("not json".utf8).write(to: file)
        #expect(throws: LearnedExampleError.self) { try LearnedExampleStore(file: file) }
    }
}

/// A clarification the caller settles teaches the agent: the next caller who says the same is
/// understood at once. Real agent, real plugins, real model.
@Suite(.serialized) struct LearningFromCallsTests {
    @Test func aConfirmedClarificationIsLearnedAndDecidesNextTime() async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        defer { Task { await harness.close() } }
        let phrase = "something about my bill"
        let first = harness.agent.startCall(caller: "+15551230001")
        _ = await first.begin()
        let asked = await first.handle(phrase)
        #expect(asked.events.contains { if case .clarificationAsked = $0 { true } else { false } }, "\(asked.replies)")
        let settled = await first.handle("the balance")
        #expect(settled.replies.joined().contains("$142.50"))
        #expect(harness.agent.learned.all.map(\.intent) == ["billing.balance"])
        #expect(harness.agent.learned.all.map(\.text) == [phrase])

        await harness.agent.settle()
        let second = harness.agent.startCall(caller: "+15551230001")
        _ = await second.begin()
        let decided = await second.handle(phrase)
        #expect(decided.path == .fastPath, "\(decided.replies) \(String(describing: decided.calibrated))")
        #expect(decided.replies.joined().contains("$142.50"))

        // Forgotten, it is no longer decided.
        #expect(try harness.agent.learned.remove(intent: "billing.balance", text: phrase))
        await harness.agent.settle()
        let third = harness.agent.startCall(caller: "+15551230001")
        _ = await third.begin()
        #expect(await third.handle(phrase).path != .fastPath)
    }
}
