import Embeddings
import Foundation
import HTTPClient
import LLM

/// Grows intents' examples with paraphrases a language model writes (docs/intent-decision.md):
/// asked once per intent and version of its examples (``ParaphraseCache``), then filtered against
/// the calibrated decision before they join the index, so a paraphrase that drifted to another
/// intent never teaches the fast path.
public final class Paraphraser: Sendable {
    /// One intent to paraphrase.
    public struct Intent: Sendable, Equatable {
        public let name: String
        public let description: String
        public let examples: [String]
        public init(name: String, description: String, examples: [String]) {
            self.name = name
            self.description = description
            self.examples = examples
        }
    }

    /// What a round produced: the phrases kept, and counts for the log.
    public struct Outcome: Sendable {
        public var kept: [LiveIntentIndex.Phrase] = []
        public var generated = 0
        public var fromCache = 0
        public var rejected: [ParaphraseFilter.Rejection: Int] = [:]
        /// Intents the model could not be asked about, with why.
        public var failures: [String: String] = [:]

        public var summary: String {
            let turnedAway = ParaphraseFilter.Rejection.allCases.compactMap { reason in
                rejected[reason].map { "\($0) \(reason.rawValue)" }
            }
            return "\(kept.count) of \(generated) paraphrases kept" + (turnedAway.isEmpty ? "" : " (turned away: \(turnedAway.joined(separator: ", ")))")
                + (fromCache > 0 ? ", \(fromCache) intents from the cache" : "")
                + (failures.isEmpty ? "" : ", \(failures.count) intents failed: \(failures.sorted { $0.key < $1.key }.first.map { "\($0.key): \($0.value)" } ?? "")")
        }
    }

    public let client: LLMClient
    public let cache: ParaphraseCache
    /// Paraphrases asked for per intent.
    public let perIntent: Int
    /// Intents asked about at once.
    public let concurrency: Int
    public let filter: ParaphraseFilter
    /// Told what each plugin's round did, when its paraphrases join the index.
    let log: @Sendable (String) -> Void

    /// `configuration` is the host's model; generation is background work, so its deadlines are
    /// those of a batch job (a small local model takes tens of seconds per intent), not a call's.
    public init(
        configuration: LLMConfiguration, perIntent: Int, cache: ParaphraseCache, concurrency: Int = 2,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.log = log
        var configuration = configuration
        configuration.deadlines = .init(connect: .seconds(5), firstByte: .seconds(120), total: .seconds(300))
        self.client = LLMClient(configuration)
        self.cache = cache
        self.perIntent = perIntent
        self.concurrency = max(1, concurrency)
        self.filter = ParaphraseFilter(perIntent: perIntent)
    }

    /// The model's candidates for `intent`, from the cache when it has them.
    public func candidates(for intent: Intent) async throws(LLMError) -> (paraphrases: [String], cached: Bool) {
        let request = ParaphraseRequest(intent: intent.name, description: intent.description, examples: intent.examples, count: perIntent)
        let model = client.configuration.model
        if let kept = cache.paraphrases(for: request, model: model) { return (kept, true) }
        let reply = try await client.complete(request.chat)
        let paraphrases = request.candidates(in: reply.content)
        // A cache that cannot be written costs a regeneration next time, nothing else.
        try? cache.store(paraphrases, for: request, model: model)
        return (paraphrases, false)
    }

    /// Paraphrases for every intent, filtered against `index`'s decision as it is now (trained
    /// first if it has not been). Intents the model fails on are left as they are.
    public func paraphrases(for intents: [Intent], index: LiveIntentIndex) async -> Outcome {
        var outcome = Outcome()
        var written: [(intent: String, text: String)] = []
        // Each child reports a plain value (a release build crashed handing a typed-throws
        // Result tuple through the group).
        struct Asked: Sendable {
            var intent: String
            var paraphrases: [String] = []
            var cached = false
            var failure: String?
        }
        await withTaskGroup(of: Asked.self) { group in
            var next = 0
            func startNext() {
                guard next < intents.count else { return }
                let intent = intents[next]
                next += 1
                group.addTask {
                    do {
                        let found = try await self.candidates(for: intent)
                        return Asked(intent: intent.name, paraphrases: found.paraphrases, cached: found.cached)
                    } catch {
                        return Asked(intent: intent.name, failure: "\(error)")
                    }
                }
            }
            for _ in 0..<concurrency { startNext() }
            for await asked in group {
                if let failure = asked.failure {
                    outcome.failures[asked.intent] = failure
                } else {
                    written += asked.paraphrases.map { (asked.intent, $0) }
                    if asked.cached { outcome.fromCache += 1 }
                }
                startNext()
            }
        }
        outcome.generated = written.count
        guard !written.isEmpty else { return outcome }
        guard let model = index.model ?? index.retrain(),
              let (vectors, _) = try? await index.cache.vectors(for: written.map(\.text), using: index.embedder)
        else {
            outcome.failures["*"] = "no decision to filter the paraphrases with"
            return outcome
        }
        let candidates = zip(written, vectors).map { ParaphraseFilter.Candidate(intent: $0.0.intent, text: $0.0.text, vector: $0.1) }
        let (kept, rejected) = filter.filter(candidates, model: model)
        outcome.kept = kept.map { LiveIntentIndex.Phrase(intent: $0.intent, text: $0.text) }
        outcome.rejected = rejected
        return outcome
    }
}
