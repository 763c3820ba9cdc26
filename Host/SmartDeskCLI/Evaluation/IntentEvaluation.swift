import Core
import Embeddings

/// Scores the fast path on a labelled data set: register example phrases per intent, classify
/// every test utterance, and count what the ``FastPathPolicy`` would have done.
public struct IntentEvaluation: Sendable {
    /// What happened to one test utterance.
    public struct Outcome: Sendable, Equatable {
        public let expected: String
        public let inScope: Bool
        /// All intents with their best score, highest first.
        public let candidates: [IntentCandidate]
        /// The calibrated decision's top intent and its confidence (none when no model could be
        /// trained: fewer than two intents).
        public let calibratedIntent: String?
        public let confidence: Double
    }

    /// The figures for one threshold and margin.
    public struct Summary: Sendable, Equatable, Codable {
        public let threshold: Float
        public let margin: Float
        /// Share of in-scope tests whose best intent is the right one.
        public let inScopeAccuracy: Double
        /// Share of in-scope tests decided on the fast path (right or wrong).
        public let fastPathShare: Double
        /// Share of fast-path decisions that were right (an out-of-scope test decided is wrong).
        public let fastPathPrecision: Double
        /// Share of out-of-scope tests *not* decided on the fast path.
        public let outOfScopeRecall: Double
        public let tests: Int
        public let outOfScopeTests: Int
        public let fastPathDecisions: Int
    }

    public let outcomes: [Outcome]
    public let examplesRegistered: Int
    public let intents: Int
    /// The calibrated decision trained on the registered examples, and how long training took.
    public let model: IntentDecisionModel?
    public let trainingSeconds: Double

    /// Runs the evaluation. `perIntent` keeps only the first N examples of each intent.
    public static func run(
        examples: [LabeledUtterance], tests: [LabeledUtterance], perIntent: Int?, embedder: some TextEmbedding,
        settings: IntentDecisionSettings = IntentDecisionSettings()
    ) async throws -> IntentEvaluation {
        let kept = select(examples, perIntent: perIntent)
        let index = LiveIntentIndex(embedder: embedder)
        try await index.register(kept.map { .init(intent: $0.intent, text: $0.text) }, source: "eval")
        let snapshot = index.snapshot
        let known = Set(snapshot.intents)
        let clock = ContinuousClock()
        let trainingStart = clock.now
        let model = IntentDecisionModel.train(snapshot, settings: settings)
        let trainingTime = clock.now - trainingStart

        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(tests.count)
        let chunk = 256
        for start in stride(from: 0, to: tests.count, by: chunk) {
            let slice = Array(tests[start..<min(start + chunk, tests.count)])
            let vectors = try await embedder.embed(slice.map(\.text))
            let matches = snapshot.query(batch: vectors)
            for ((test, match), vector) in zip(zip(slice, matches), vectors) {
                let inScope = test.intent != LabeledUtterance.outOfScope && known.contains(test.intent)
                let decision = model?.decide(vector)
                outcomes.append(Outcome(
                    expected: test.intent, inScope: inScope,
                    candidates: match.map { IntentCandidate(intent: $0.intent, score: $0.score) },
                    calibratedIntent: decision?.intent, confidence: decision?.confidence ?? 0
                ))
            }
        }
        let seconds = Double(trainingTime.components.seconds) + Double(trainingTime.components.attoseconds) / 1e18
        return IntentEvaluation(
            outcomes: outcomes, examplesRegistered: kept.count, intents: known.count, model: model, trainingSeconds: seconds
        )
    }

    /// The first `perIntent` examples of each intent, in file order; all of them when `nil`.
    public static func select(_ examples: [LabeledUtterance], perIntent: Int?) -> [LabeledUtterance] {
        guard let perIntent else { return examples }
        var taken: [String: Int] = [:]
        return examples.filter { example in
            let n = taken[example.intent, default: 0]
            guard n < perIntent else { return false }
            taken[example.intent] = n + 1
            return true
        }
    }

    /// The figures under the cosine rule `policy`.
    public func summary(policy: FastPathPolicy) -> Summary {
        summary(threshold: policy.threshold, margin: policy.margin) { outcome in
            (outcome.candidates.first?.intent, policy.decide(outcome.candidates).intent)
        }
    }

    /// The figures under the calibrated decision (`nil` when no model was trained).
    public func calibratedSummary() -> Summary? {
        guard let model else { return nil }
        return summary(threshold: Float(model.threshold), margin: 0) { outcome in
            (outcome.calibratedIntent, outcome.confidence >= model.threshold ? outcome.calibratedIntent : nil)
        }
    }

    /// `rule` gives an outcome's best intent and the intent decided on the fast path, if any.
    private func summary(threshold: Float, margin: Float, rule: (Outcome) -> (best: String?, decided: String?)) -> Summary {
        var inScope = 0, correctBest = 0, inScopeDecided = 0
        var outOfScope = 0, outOfScopeHeld = 0, decided = 0, decidedCorrect = 0
        for outcome in outcomes {
            let (best, decision) = rule(outcome)
            if outcome.inScope {
                inScope += 1
                if best == outcome.expected { correctBest += 1 }
                if decision != nil { inScopeDecided += 1 }
            } else {
                outOfScope += 1
                if decision == nil { outOfScopeHeld += 1 }
            }
            if let intent = decision {
                decided += 1
                if outcome.inScope && intent == outcome.expected { decidedCorrect += 1 }
            }
        }
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        return Summary(
            threshold: threshold, margin: margin,
            inScopeAccuracy: share(correctBest, inScope),
            fastPathShare: share(inScopeDecided, inScope),
            fastPathPrecision: share(decidedCorrect, decided),
            outOfScopeRecall: share(outOfScopeHeld, outOfScope),
            tests: outcomes.count, outOfScopeTests: outOfScope, fastPathDecisions: decided
        )
    }

    /// Summaries for thresholds 0.50, 0.55, … 0.95 at `margin`.
    public func thresholdTable(margin: Float) -> [Summary] {
        stride(from: 50, through: 95, by: 5).map { percent in
            summary(policy: FastPathPolicy(threshold: Float(percent) / 100, margin: margin))
        }
    }
}
