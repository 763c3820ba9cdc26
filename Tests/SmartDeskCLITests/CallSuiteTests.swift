import Core
import Embeddings
import Foundation
import SmartDeskCLI
import TestSupport
import Testing

/// `smartdesk eval calls`: call files are read strictly, and the checks catch what they claim to:
/// a booking nobody asked for, a missing one, a transfer nobody asked for.
@Suite(.serialized) struct CallSuiteTests {
    static let embedder = Result { try SentenceEmbedder(location: ModelLocation(directory: TestPaths.modelDirectory)) }

    func runner() throws -> CallRunner {
        CallRunner(
            embedder: try Self.embedder.get(),
            plugins: try ["Scheduling", "Billing", "CRM", "Handoff", "FAQ"].map { try TestPaths.bundledPlugin($0) }
        )
    }

    func script(_ text: String) throws -> CallScript {
        try CallScript.parse(text, name: "test", file: "test.toml")
    }

    @Test func unknownKeysAndBadValuesAreRefusedWithTheirPlace() throws {
        #expect(throws: CLIError.self) { try script("[[turn]]\ncaller = \"hi\"\nsay = [\"x\"]") }
        #expect(throws: CLIError.self) { try script("[[turn]]\ncaller = \"hi\"\n[[task]]\nintent = \"a.b\"\nbooked = \"tuesday\"") }
        #expect(throws: CLIError.self) { try script("description = \"no turns\"") }
        do {
            _ = try script("[[turn]]\ncaller = \"hi\"\n[[task]]\nintent = \"a.b\"\npaid = \"lots\"")
            Issue.record("a bad amount was accepted")
        } catch {
            #expect("\(error)".contains("task[1].paid"))
        }
        let parsed = try script("[[turn]]\ncaller = \"pay sixty\"\n[[task]]\nintent = \"billing.pay\"\npaid = 60\nbooked = \"2026-12-01T15:00\"")
        #expect(parsed.tasks[0].paid == "60.00")
        #expect(parsed.tasks[0].booked == "2026-12-01T15:00")
        #expect(parsed.now == CallScript.defaultNow)
    }

    @Test func aConfirmedBookingPassesAndTheSameBookingUnaskedFails() async throws {
        let turns = """
        caller = "+15551230001"
        [[turn]]
        caller = "I'd like to book an appointment next tuesday at three pm"
        [[turn]]
        caller = "yes please"
        [[turn]]
        caller = "yes"
        """
        let runner = try runner()
        let asked = try await runner.run(try script(turns + "\n[[task]]\nintent = \"scheduling.book\"\nbooked = \"2026-12-01T15:00\""))
        #expect(asked.passed, "\(asked.failures)")
        #expect(asked.tasksCompleted == 1)
        #expect(asked.unaskedActions.isEmpty)

        let unasked = try await runner.run(try script(turns + "\n[[task]]\nintent = \"scheduling.book\"\nbooked = \"2026-12-01T16:00\""))
        #expect(!unasked.passed)
        #expect(unasked.tasksCompleted == 0)
        #expect(unasked.unaskedActions == ["booked 2026-12-01T15:00 for +15551230001"])
    }

    @Test func aTransferNobodyAskedForFailsTheCall() async throws {
        let call = try script("""
        caller = "+15551230001"
        [[turn]]
        caller = "put me through to a real person please"
        [[task]]
        intent = "billing.balance"
        says = ["$142.50"]
        """)
        let result = try await runner().run(call)
        #expect(result.unaskedTransfer)
        #expect(result.failures.contains { $0.contains("never said \"$142.50\"") })
        #expect(!result.passed)
    }

    /// The conversation suite (Tests/Calls) as CI runs it. The floors are today's figures, so a
    /// change that loses ground fails; the issue's goals (≥ 90% of calls, clarification ≥ 89%,
    /// not understood ≤ 5%) are tracked in BENCHMARKS.md. What must never happen is asserted outright.
    @Test func theConversationSuiteHoldsItsGround() async throws {
        let report = try await CallRunner.runSuite(
            in: TestPaths.root.appendingPathComponent("Tests/Calls", isDirectory: true), embedder: try Self.embedder.get(),
            plugins: try ["Scheduling", "Billing", "CRM", "Handoff", "FAQ"].map { try TestPaths.bundledPlugin($0) }
        )
        #expect(report.calls >= 60)
        #expect(report.unaskedActions == 0, "\(report.results.flatMap(\.unaskedActions))")
        #expect(report.transfersAfterThanks == 0)
        #expect(report.unaskedTransfers <= 1)
        // Floors just under the figures of the last change (87 of 92, 1.0%): raise them as things improve.
        #expect(report.callsPassed >= 85, "\(report.text(verbose: false))")
        #expect(report.notUnderstoodRate <= 0.03)
    }
}
