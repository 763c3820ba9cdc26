import Agent
import Core
import Embeddings
import Foundation

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
        /// The calibrated decision would act on it (confident, or an example word for word).
        public let calibratedDecides: Bool
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

    /// What `--learn` did: tests replayed as calls, examples learned from them, tests measured.
    public struct Learning: Sendable, Equatable {
        public let replayed: Int
        public let learned: Int
        public let measured: Int
    }

    public var learning: Learning?
    /// What `--paraphrases` did, when asked.
    public var paraphrases: Paraphraser.Outcome?

    /// Runs the evaluation. `perIntent` keeps only the first N examples of each intent.
    ///
    /// With `learn`, that share of the tests (a fixed pseudo-random pick) is first replayed as
    /// calls would see it: a test the decision would clarify, whose intent is among the options
    /// offered, is confirmed by its caller and learned (``LearnedExamples``: deduplicated, capped
    /// per intent); decided and out-of-scope tests teach nothing. The model is retrained with what
    /// was learned and measured on the other tests.
    public static func run(
        examples: [LabeledUtterance], tests: [LabeledUtterance], perIntent: Int?, embedder: some TextEmbedding,
        settings: IntentDecisionSettings = IntentDecisionSettings(), learn: Double? = nil, paraphraser: Paraphraser? = nil
    ) async throws -> IntentEvaluation {
        let kept = select(examples, perIntent: perIntent)
        let index = LiveIntentIndex(embedder: embedder, decisionSettings: settings)
        try await index.register(kept.map { .init(intent: $0.intent, text: $0.text) }, source: "eval")
        var paraphrased: Paraphraser.Outcome?
        if let paraphraser {
            // As a plugin load would: each intent's examples (its name for a description), the
            // model's candidates filtered against the decision trained on the examples.
            var byIntent: [String: [String]] = [:]
            var order: [String] = []
            for example in kept {
                if byIntent[example.intent] == nil { order.append(example.intent) }
                byIntent[example.intent, default: []].append(example.text)
            }
            let intents = order.map {
                Paraphraser.Intent(name: $0, description: $0.replacingOccurrences(of: "_", with: " "), examples: byIntent[$0] ?? [])
            }
            let outcome = await paraphraser.paraphrases(for: intents, index: index)
            try await index.register(outcome.kept, source: IntentIndex.generatedSourcePrefix + "eval")
            paraphrased = outcome
        }
        let known = Set(index.snapshot.intents)
        var vectors: [[Float]] = []
        vectors.reserveCapacity(tests.count)
        for start in stride(from: 0, to: tests.count, by: 256) {
            vectors += try await embedder.embed(tests[start..<min(start + 256, tests.count)].map(\.text))
        }
        func inScope(_ test: LabeledUtterance) -> Bool { test.intent != LabeledUtterance.outOfScope && known.contains(test.intent) }

        var measured = Array(tests.indices)
        var learning: Learning?
        if let learn {
            var order = Array(tests.indices)
            var noise = SplitMix(seed: 77)
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(UInt64((noise.next() + 0.5) * Float(i + 1)) % UInt64(i + 1)))
            }
            let replay = order.prefix(Int((Double(tests.count) * learn).rounded()))
            measured = order.dropFirst(replay.count).sorted()
            var book = LearnedExamples()
            if let before = IntentDecisionModel.train(index.snapshot, settings: settings) {
                for i in replay where inScope(tests[i]) {
                    let decision = before.decide(vectors[i])
                    guard !decision.isConfident, decision.matches.prefix(3).contains(where: { $0.intent == tests[i].intent }) else { continue }
                    book.add(intent: tests[i].intent, text: tests[i].text, at: Date())
                }
            }
            try await index.register(book.examples.map { .init(intent: $0.intent, text: $0.text) }, source: "learned")
            learning = Learning(replayed: replay.count, learned: book.examples.count, measured: measured.count)
        }

        let snapshot = index.snapshot
        let clock = ContinuousClock()
        let trainingStart = clock.now
        let model = IntentDecisionModel.train(snapshot, settings: settings)
        let trainingTime = clock.now - trainingStart

        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(measured.count)
        for start in stride(from: 0, to: measured.count, by: 256) {
            let slice = Array(measured[start..<min(start + 256, measured.count)])
            let matches = snapshot.query(batch: slice.map { vectors[$0] })
            for (i, match) in zip(slice, matches) {
                let decision = model?.decide(vectors[i])
                outcomes.append(Outcome(
                    expected: tests[i].intent, inScope: inScope(tests[i]),
                    candidates: match.map { IntentCandidate(intent: $0.intent, score: $0.score) },
                    calibratedIntent: decision?.intent, confidence: decision?.confidence ?? 0,
                    calibratedDecides: decision?.isConfident ?? false
                ))
            }
        }
        let seconds = Double(trainingTime.components.seconds) + Double(trainingTime.components.attoseconds) / 1e18
        var evaluation = IntentEvaluation(
            outcomes: outcomes, examplesRegistered: kept.count, intents: known.count, model: model, trainingSeconds: seconds
        )
        evaluation.learning = learning
        evaluation.paraphrases = paraphrased
        return evaluation
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
            (outcome.calibratedIntent, outcome.calibratedDecides ? outcome.calibratedIntent : nil)
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
