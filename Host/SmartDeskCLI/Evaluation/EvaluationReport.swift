import Foundation

/// How `smartdesk eval intents` prints its results.
struct EvaluationReport {
    let evaluation: IntentEvaluation
    let summary: IntentEvaluation.Summary
    let table: [IntentEvaluation.Summary]

    func text() -> String {
        let s = summary
        var lines = [
            "examples registered: \(evaluation.examplesRegistered) over \(evaluation.intents) intents",
            "tests: \(s.tests) (\(s.tests - s.outOfScopeTests) in scope, \(s.outOfScopeTests) out of scope)",
            "threshold \(Self.number(s.threshold)), margin \(Self.number(s.margin)):",
            "  in-scope accuracy    \(Self.percent(s.inScopeAccuracy))",
            "  fast-path share      \(Self.percent(s.fastPathShare))  of in-scope tests (\(s.fastPathDecisions) decisions in all)",
            "  fast-path precision  \(Self.percent(s.fastPathPrecision))",
            "  out-of-scope recall  \(Self.percent(s.outOfScopeRecall))",
            "",
            "threshold  accuracy  fast-path share  fast-path precision  oos recall",
        ]
        for row in table {
            lines.append(
                Self.pad(Self.number(row.threshold), 9) + "  " + Self.pad(Self.percent(row.inScopeAccuracy), 8) + "  "
                    + Self.pad(Self.percent(row.fastPathShare), 15) + "  " + Self.pad(Self.percent(row.fastPathPrecision), 19)
                    + "  " + Self.pad(Self.percent(row.outOfScopeRecall), 10)
            )
        }
        return lines.joined(separator: "\n")
    }

    struct Row: Encodable {
        let threshold: Double
        let in_scope_accuracy: Double
        let fast_path_share: Double
        let fast_path_precision: Double
        let oos_recall: Double
    }

    struct Object: Encodable {
        let threshold: Double
        let margin: Double
        let examples: Int
        let intents: Int
        let tests: Int
        let oos_tests: Int
        let in_scope_accuracy: Double
        let fast_path_share: Double
        let fast_path_precision: Double
        let oos_recall: Double
        let by_threshold: [Row]
    }

    func json() throws -> String {
        func row(_ s: IntentEvaluation.Summary) -> Row {
            Row(
                threshold: Self.rounded(Double(s.threshold)), in_scope_accuracy: Self.rounded(s.inScopeAccuracy),
                fast_path_share: Self.rounded(s.fastPathShare), fast_path_precision: Self.rounded(s.fastPathPrecision),
                oos_recall: Self.rounded(s.outOfScopeRecall)
            )
        }
        let main = row(summary)
        let object = Object(
            threshold: main.threshold, margin: Self.rounded(Double(summary.margin)),
            examples: evaluation.examplesRegistered, intents: evaluation.intents,
            tests: summary.tests, oos_tests: summary.outOfScopeTests,
            in_scope_accuracy: main.in_scope_accuracy, fast_path_share: main.fast_path_share,
            fast_path_precision: main.fast_path_precision, oos_recall: main.oos_recall,
            by_threshold: table.map(row)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
    static func number(_ value: Float) -> String { String(format: "%.2f", Double(value)) }
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
