import Agent
import Embeddings
import Foundation

extension ConfigFile {
    /// The calibrated decision's settings from `[agent] precision` and `answer_precision`.
    var decisionSettings: IntentDecisionSettings {
        var settings = IntentDecisionSettings(targetPrecision: precision ?? IntentDecisionSettings.defaultTargetPrecision)
        if let answerPrecision { settings.answerPrecision = answerPrecision }
        return settings
    }

    static let defaultLearnedExamples = "data/learned-examples.json"

    /// The learned examples: the configured file, or `fallback` (nil: kept in memory only).
    func learnedExampleStore(fallback: String?) throws -> LearnedExampleStore {
        guard let path = learnedExamples ?? fallback else { return LearnedExampleStore() }
        return try LearnedExampleStore(file: URL(fileURLWithPath: path))
    }
}
