import Foundation

/// Which generated paraphrases of an intent's examples may join them (docs/intent-decision.md).
///
/// A paraphrase is kept when the decision trained on the examples already there gives it to the
/// intent it was written for, its nearest example agreeing, with at least `minimumConfidence`
/// (the model's answer threshold when `nil`), and when it is not a near-copy of an example or of a
/// paraphrase kept before it. A generator that drifts towards a neighbouring intent ("lost card"
/// written for "card not working") is caught by the first rule; one that repeats the examples
/// adds nothing and is caught by the second.
public struct ParaphraseFilter: Sendable {
    /// One generated paraphrase and its embedding.
    public struct Candidate: Sendable, Equatable {
        public let intent: String
        public let text: String
        public let vector: [Float]
        public init(intent: String, text: String, vector: [Float]) {
            self.intent = intent
            self.text = text
            self.vector = vector
        }
    }

    /// Why a candidate was turned away, for the counts a caller reports.
    public enum Rejection: String, Sendable, CaseIterable {
        case otherIntent = "other intent"
        case unsure = "unsure"
        case copy = "near-copy"
        case overQuota = "over quota"
    }

    /// The least calibrated confidence for its own intent; `nil`: the model's answer threshold.
    public var minimumConfidence: Double?
    /// A paraphrase this close (cosine) to an example or a kept paraphrase adds nothing.
    public var copyCosine: Float
    /// At most this many kept per intent.
    public var perIntent: Int

    public init(minimumConfidence: Double? = nil, copyCosine: Float = 0.95, perIntent: Int = 50) {
        self.minimumConfidence = minimumConfidence
        self.copyCosine = copyCosine
        self.perIntent = perIntent
    }

    /// The candidates kept, in their order, and how many were turned away for each reason.
    public func filter(_ candidates: [Candidate], model: IntentDecisionModel) -> (kept: [Candidate], rejected: [Rejection: Int]) {
        let floor = minimumConfidence ?? model.answerThreshold
        var kept: [Candidate] = []
        var keptVectors: [String: [[Float]]] = [:]
        var rejected: [Rejection: Int] = [:]
        for candidate in candidates {
            let decision = model.decide(candidate.vector)
            guard decision.intent == candidate.intent, decision.matches.first?.intent == candidate.intent else {
                rejected[.otherIntent, default: 0] += 1
                continue
            }
            guard decision.confidence >= floor else {
                rejected[.unsure, default: 0] += 1
                continue
            }
            let unit = VectorMath.normalized(candidate.vector)
            let nearestKept = keptVectors[candidate.intent, default: []].map { VectorMath.dot($0, unit) }.max() ?? -1
            guard (decision.matches.first?.score ?? -1) < copyCosine, nearestKept < copyCosine else {
                rejected[.copy, default: 0] += 1
                continue
            }
            guard keptVectors[candidate.intent, default: []].count < perIntent else {
                rejected[.overQuota, default: 0] += 1
                continue
            }
            keptVectors[candidate.intent, default: []].append(unit)
            kept.append(candidate)
        }
        return (kept, rejected)
    }
}
