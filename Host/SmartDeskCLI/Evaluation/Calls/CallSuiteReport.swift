import Foundation

/// The conversation suite's figures (`smartdesk eval calls`), over every call that ran.
public struct CallSuiteReport: Sendable {
    public let results: [CallResult]

    public init(results: [CallResult]) { self.results = results }

    public var calls: Int { results.count }
    public var callsPassed: Int { results.filter(\.passed).count }
    public var tasks: Int { results.map(\.tasks).reduce(0, +) }
    public var tasksCompleted: Int { results.map(\.tasksCompleted).reduce(0, +) }
    public var clarifications: Int { results.map(\.clarifications).reduce(0, +) }
    public var clarificationsSucceeded: Int { results.map(\.clarificationsSucceeded).reduce(0, +) }
    public var callerTurns: Int { results.map(\.callerTurns).reduce(0, +) }
    public var notUnderstoodTurns: Int { results.map(\.notUnderstood).reduce(0, +) }
    public var unaskedTransfers: Int { results.filter(\.unaskedTransfer).count }
    public var unaskedActions: Int { results.map(\.unaskedActions.count).reduce(0, +) }
    public var transfersAfterThanks: Int { results.filter(\.transferAfterThanks).count }

    static func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    public var passRate: Double { Self.share(callsPassed, calls) }
    public var taskCompletion: Double { Self.share(tasksCompleted, tasks) }
    /// No clarifying question asked counts as full success.
    public var clarificationSuccess: Double { clarifications == 0 ? 1 : Self.share(clarificationsSucceeded, clarifications) }
    public var notUnderstoodRate: Double { Self.share(notUnderstoodTurns, callerTurns) }

    public func text(verbose: Bool) -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        var lines: [String] = []
        for result in results where !result.passed || verbose {
            lines.append("\(result.passed ? "PASS" : "FAIL") \(result.name): \(result.description)")
            for failure in result.failures { lines.append("  - \(failure)") }
            if verbose || !result.passed {
                for line in result.transcript { lines.append("    \(line.speaker): \(line.text)") }
            }
        }
        if !lines.isEmpty { lines.append("") }
        lines += [
            "calls passed              \(callsPassed) of \(calls) (\(percent(passRate)))",
            "tasks completed           \(tasksCompleted) of \(tasks) (\(percent(taskCompletion)))",
            "clarification success     \(clarificationsSucceeded) of \(clarifications) (\(percent(clarificationSuccess)))",
            "not-understood turns      \(notUnderstoodTurns) of \(callerTurns) (\(percent(notUnderstoodRate)))",
            "unasked transfers         \(unaskedTransfers)",
            "unasked actions           \(unaskedActions)",
            "transfers after thanks    \(transfersAfterThanks)",
        ]
        return lines.joined(separator: "\n")
    }

    struct Object: Encodable {
        struct Failure: Encodable {
            let call: String
            let reasons: [String]
        }

        let calls: Int
        let calls_passed: Int
        let pass_rate: Double
        let tasks: Int
        let tasks_completed: Int
        let task_completion: Double
        let clarifications: Int
        let clarifications_succeeded: Int
        let clarification_success: Double
        let caller_turns: Int
        let not_understood_turns: Int
        let not_understood_rate: Double
        let unasked_transfers: Int
        let unasked_actions: Int
        let transfers_after_thanks: Int
        let failures: [Failure]
        /// Calls with a clarifying question that did not lead to the caller's task.
        let unsettled_clarifications: [String]
    }

    public func json() throws -> String {
        func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
        let object = Object(
            calls: calls, calls_passed: callsPassed, pass_rate: rounded(passRate), tasks: tasks,
            tasks_completed: tasksCompleted, task_completion: rounded(taskCompletion), clarifications: clarifications,
            clarifications_succeeded: clarificationsSucceeded, clarification_success: rounded(clarificationSuccess),
            caller_turns: callerTurns, not_understood_turns: notUnderstoodTurns, not_understood_rate: rounded(notUnderstoodRate),
            unasked_transfers: unaskedTransfers, unasked_actions: unaskedActions, transfers_after_thanks: transfersAfterThanks,
            failures: results.filter { !$0.passed }.map { .init(call: $0.name, reasons: $0.failures) },
            unsettled_clarifications: results.filter { $0.clarificationsSucceeded < $0.clarifications }.map(\.name)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }
}
