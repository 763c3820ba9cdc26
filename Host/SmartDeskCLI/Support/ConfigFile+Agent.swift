import Agent
import Analytics
import Embeddings
import LLM
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

    /// For `serve`: `[agent] learned_examples` when it names a file; otherwise the analytics
    /// store when there is one (every host on it learns from every host's calls; examples in the
    /// default file are carried over once, when the store has none), else the default file.
    func learnedExampleStore(analytics store: AnalyticsStore?, log: (String) -> Void) throws -> LearnedExampleStore {
        guard learnedExamples == nil, let store else { return try learnedExampleStore(fallback: Self.defaultLearnedExamples) }
        let shared: LearnedExampleStore
        do {
            shared = try LearnedExampleStore(backing: StoreLearnedExamples(store: store))
        } catch let error as StoreError where error.isUnreachable {
            // The host still serves: it learns into the default file until it is restarted with the store back.
            log("learned examples kept in \(Self.defaultLearnedExamples) for now: the analytics store is unreachable (\(error))")
            return try learnedExampleStore(fallback: Self.defaultLearnedExamples)
        }
        let file = URL(fileURLWithPath: Self.defaultLearnedExamples)
        if shared.all.isEmpty, FileManager.default.fileExists(atPath: file.path) {
            let old = try LearnedExampleStore(file: file)
            var carried = 0
            for example in old.all where try shared.add(intent: example.intent, text: example.text, at: example.learnedAt) { carried += 1 }
            if carried > 0 { log("carried \(carried) learned examples from \(file.path) into the analytics store") }
        }
        return shared
    }
}

extension ConfigFile {
    /// The language model to use, or `nil` when none is configured (a base URL and a model are
    /// both needed; the key is optional, local servers take none).
    func llmConfiguration() throws -> LLMConfiguration? {
        switch (llm.baseURL, llm.model) {
        case (nil, nil): return nil
        case (let url?, let model?): return LLMConfiguration(baseURL: url, model: model, apiKey: llm.apiKey)
        case (nil, _): throw CLIError("[llm] model is set but base_url is not (or set SMARTDESK_LLM_BASE_URL)")
        case (_, nil): throw CLIError("[llm] base_url is set but model is not (or set SMARTDESK_LLM_MODEL)")
        }
    }
}

extension ConfigFile {
    /// The composer of the model's spoken answers for `client`: the business's name and
    /// profile, and `[llm] holding_phrase` / `holding_delay_ms` when set.
    func answerComposer(client: LLMClient) -> AnswerComposer {
        var composer = AnswerComposer(client: client, business: business?.facts["name"], profile: business?.json)
        if let phrase = llm.holdingPhrase { composer.holdingPhrase = phrase.isEmpty ? nil : phrase }
        if let delay = llm.holdingDelayMilliseconds { composer.holdingDelay = .milliseconds(delay) }
        return composer
    }
}

extension ConfigFile {
    static let defaultParaphraseCache = "data/paraphrases.json"

    /// The paraphraser `[llm] paraphrases` asks for, or `nil` (none asked for, or no model).
    func paraphraser(log: @escaping @Sendable (String) -> Void = { _ in }) throws -> Paraphraser? {
        guard let count = llm.paraphrases, count > 0 else { return nil }
        guard let model = try llmConfiguration() else {
            throw CLIError("[llm] paraphrases needs a language model: set [llm] base_url and model")
        }
        let cache = try ParaphraseCache(file: URL(fileURLWithPath: llm.paraphraseCache ?? Self.defaultParaphraseCache))
        return Paraphraser(configuration: model, perIntent: count, cache: cache, log: log)
    }
}
