import Agent
import Embeddings
import Foundation

/// How `smartdesk eval intents` prints its results: the calibrated decision the host uses beside
/// the plain cosine rule, with the same figures (and the same JSON keys) for each.
struct EvaluationReport {
    let evaluation: IntentEvaluation
    /// The cosine rule at the threshold and margin asked for.
    let summary: IntentEvaluation.Summary
    let table: [IntentEvaluation.Summary]

    func text() -> String {
        let s = summary
        var lines = ["examples registered: \(evaluation.examplesRegistered) over \(evaluation.intents) intents"]
        if let paraphrases = evaluation.paraphrases {
            lines.append("paraphrases: \(paraphrases.summary)")
        }
        if let learning = evaluation.learning {
            lines.append("learned: \(learning.learned) examples from \(learning.replayed) tests replayed as calls (clarified and confirmed)")
        }
        lines += [
            "tests\(evaluation.learning == nil ? "" : " measured"): \(s.tests) (\(s.tests - s.outOfScopeTests) in scope, \(s.outOfScopeTests) out of scope)",
            "",
            "rule                 accuracy  fast-path share  fast-path precision  oos recall",
        ]
        if let calibrated = evaluation.calibratedSummary(), let model = evaluation.model {
            lines.append(Self.row("calibrated", calibrated))
            lines.append(Self.row("cosine \(Self.number(s.threshold))/\(Self.number(s.margin))", s))
            lines += [
                "",
                "calibrated decision: target precision \(Self.percent(model.settings.targetPrecision)), "
                    + "threshold \(model.threshold.isFinite ? String(format: "%.3f", model.threshold) : "none (never decides)")",
                "  kernel width \(model.kernelWidth), leave-one-out accuracy \(Self.percent(model.leaveOneOutAccuracy)), "
                    + "\(model.landmarks) of \(model.examples) examples fitted",
                "  out-of-fold estimate: precision \(Self.percent(model.calibratedPrecision)), share decided \(Self.percent(model.calibratedShare))",
                "  trained in \(String(format: "%.0f", evaluation.trainingSeconds * 1000)) ms",
            ]
        } else {
            lines.append(Self.row("cosine \(Self.number(s.threshold))/\(Self.number(s.margin))", s))
            lines.append("(no calibrated decision: it needs at least two intents)")
        }
        lines += ["", "cosine rule by threshold (margin \(Self.number(s.margin))):",
                  "threshold  accuracy  fast-path share  fast-path precision  oos recall"]
        for row in table {
            lines.append(
                Self.pad(Self.number(row.threshold), 9) + "  " + Self.pad(Self.percent(row.inScopeAccuracy), 8) + "  "
                    + Self.pad(Self.percent(row.fastPathShare), 15) + "  " + Self.pad(Self.percent(row.fastPathPrecision), 19)
                    + "  " + Self.pad(Self.percent(row.outOfScopeRecall), 10)
            )
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ name: String, _ s: IntentEvaluation.Summary) -> String {
        name.padding(toLength: 19, withPad: " ", startingAt: 0) + "  " + pad(percent(s.inScopeAccuracy), 8) + "  "
            + pad(percent(s.fastPathShare), 15) + "  " + pad(percent(s.fastPathPrecision), 19) + "  " + pad(percent(s.outOfScopeRecall), 10)
    }

    /// One rule's figures; the same keys for the calibrated decision and the cosine rule.
    struct Rule: Encodable {
        let threshold: Double?
        let margin: Double
        let in_scope_accuracy: Double
        let fast_path_share: Double
        let fast_path_precision: Double
        let oos_recall: Double
        let decisions: Int
    }

    struct Calibration: Encodable {
        let target_precision: Double
        let kernel_width: Double
        let loo_accuracy: Double
        let oof_precision: Double
        let oof_share: Double
        let landmarks: Int
        let training_ms: Double
    }

    struct Learning: Encodable {
        let replayed: Int
        let learned: Int
        let measured: Int
    }

    struct Paraphrases: Encodable {
        let generated: Int
        let kept: Int
        let failed_intents: Int
    }

    struct Object: Encodable {
        let paraphrases: Paraphrases?
        let learning: Learning?
        let examples: Int
        let intents: Int
        let tests: Int
        let oos_tests: Int
        let calibrated: Rule?
        let calibration: Calibration?
        let cosine: Rule
        let by_threshold: [Rule]
    }

    func json() throws -> String {
        func rule(_ s: IntentEvaluation.Summary) -> Rule {
            Rule(
                threshold: s.threshold.isFinite ? Self.rounded(Double(s.threshold)) : nil, margin: Self.rounded(Double(s.margin)),
                in_scope_accuracy: Self.rounded(s.inScopeAccuracy), fast_path_share: Self.rounded(s.fastPathShare),
                fast_path_precision: Self.rounded(s.fastPathPrecision), oos_recall: Self.rounded(s.outOfScopeRecall),
                decisions: s.fastPathDecisions
            )
        }
        let calibration = evaluation.model.map { model in
            Calibration(
                target_precision: model.settings.targetPrecision, kernel_width: model.kernelWidth,
                loo_accuracy: Self.rounded(model.leaveOneOutAccuracy), oof_precision: Self.rounded(model.calibratedPrecision),
                oof_share: Self.rounded(model.calibratedShare), landmarks: model.landmarks,
                training_ms: (evaluation.trainingSeconds * 10_000).rounded() / 10
            )
        }
        let object = Object(
            paraphrases: evaluation.paraphrases.map { Paraphrases(generated: $0.generated, kept: $0.kept.count, failed_intents: $0.failures.count) },
            learning: evaluation.learning.map { Learning(replayed: $0.replayed, learned: $0.learned, measured: $0.measured) },
            examples: evaluation.examplesRegistered, intents: evaluation.intents,
            tests: summary.tests, oos_tests: summary.outOfScopeTests,
            calibrated: evaluation.calibratedSummary().map(rule), calibration: calibration,
            cosine: rule(summary), by_threshold: table.map(rule)
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
