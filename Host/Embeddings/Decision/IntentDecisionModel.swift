import COpenBLAS
import Foundation

/// What an ``IntentDecisionModel`` says about one utterance.
public struct IntentDecision: Sendable, Equatable {
    /// The classifier's best intent.
    public let intent: String
    /// The calibrated probability that ``intent`` is what the caller wants (0 to 1).
    public let confidence: Double
    /// The model's threshold for the operator's target precision (∞ when nothing may be decided).
    public let threshold: Double
    /// The lower threshold for intents that only answer (no side effects), from the answer
    /// target precision.
    public let answerThreshold: Double
    /// Every intent's best single-example cosine, highest first (what ``IntentIndex/query(_:topK:)``
    /// returns), for clarifying questions.
    public let matches: [IntentMatch]
    /// The utterance is one of the intent's examples, near enough word for word (cosine ≥ 0.97,
    /// every other intent's nearest at least 0.1 further): a phrase the skill registered, or one
    /// the agent learned, means what it was registered for.
    public let isExampleMatch: Bool

    /// Whether the top intent may be acted on without asking.
    public var isConfident: Bool { confidence >= threshold || isExampleMatch }

    public static let exampleMatchCosine = 0.97
    public static let exampleMatchLead = 0.1
}

/// Tunables of the calibrated decision. The defaults are fixed; none is fitted to a data set
/// (docs/intent-decision.md).
public struct IntentDecisionSettings: Sendable, Equatable {
    public static let defaultTargetPrecision = 0.97

    /// The share of fast-path decisions that must be right, as estimated from the examples.
    public var targetPrecision: Double
    /// The assumed share of calls no skill covers; weighs the held-out-intent rows.
    public var outOfScopeShare: Double = 0.15
    /// Kernel ridge term (the kernel's diagonal is 1).
    public var ridge: Double = 0.3
    /// Kernel widths tried; exact leave-one-out accuracy picks one.
    public var kernelWidths: [Double] = [0.2, 0.3, 0.5]
    /// The precision wanted of fast-path decisions on intents that only answer a question (no
    /// side effects): a wrong answer shows the caller what was understood and costs one turn,
    /// as a clarifying question would.
    public var answerPrecision: Double = 0.85
    /// Beyond this many examples the classifier is fitted on an evenly spread subset per intent
    /// (the nearest-example cosine still uses every example).
    public var maxLandmarks: Int = 2000

    public init(targetPrecision: Double = Self.defaultTargetPrecision) {
        precondition(targetPrecision > 0 && targetPrecision <= 1, "target precision must be in (0, 1]")
        self.targetPrecision = targetPrecision
    }
}

/// A kernel ridge classifier over the registered examples' embeddings, with a correctness model
/// calibrated on out-of-fold predictions (whole intents held out stand in for out-of-scope
/// calls), and the threshold that meets a target precision. Trained by
/// ``train(_:settings:)``; deciding costs one matrix–vector product over the landmarks (all the
/// examples up to 2,000), so it stays cheap as intents and examples grow.
///
/// ```swift
/// if let model = IntentDecisionModel.train(index.snapshot) {
///     let decision = model.decide(vector)
///     if decision.isConfident { act(decision.intent) } else { clarify(decision.matches) }
/// }
/// ```
public struct IntentDecisionModel: Sendable {
    /// The intents, in class order.
    public let intents: [String]
    public let settings: IntentDecisionSettings
    /// The kernel width leave-one-out chose.
    public let kernelWidth: Double
    /// Leave-one-out accuracy of the classifier on the examples it was fitted on.
    public let leaveOneOutAccuracy: Double
    /// The calibrated threshold on ``IntentDecision/confidence`` (∞: never decide), and the one
    /// for intents that only answer (``IntentDecisionSettings/answerPrecision``).
    public let threshold: Double
    public let answerThreshold: Double
    /// Out-of-fold precision and decided share at ``threshold`` (weighted, out-of-scope included).
    public let calibratedPrecision: Double
    public let calibratedShare: Double
    /// How many examples it was trained from, and how many it keeps (the landmarks: all of them
    /// up to ``IntentDecisionSettings/maxLandmarks``, an evenly spread subset per intent beyond).
    public let examples: Int
    public var landmarks: Int { rowClass.count }

    let dimension: Int
    /// `landmarks × dimension` unit vectors, grouped by class, and each row's class and phrase.
    let matrix: [Float]
    let rowClass: [Int32]
    let rowText: [String]
    /// `landmarks × intents`: the kernel ridge coefficients.
    let alpha: [Float]
    /// `intents × dimension` unit centroids of all examples.
    let centroids: [Float]
    let correctness: CorrectnessModel

    /// The decision for the embedding `vector` of an utterance.
    public func decide(_ vector: [Float]) -> IntentDecision {
        precondition(vector.count == dimension, "vector of \(vector.count) values for a model of dimension \(dimension)")
        let q = VectorMath.normalized(vector)
        let rows = rowClass.count
        let classes = intents.count
        var cosines = [Float](repeating: 0, count: rows)
        var kernel = [Float](repeating: 0, count: rows)
        var scores = [Float](repeating: 0, count: classes)
        var toCentroid = [Float](repeating: 0, count: classes)
        matrix.withUnsafeBufferPointer { m in
            q.withUnsafeBufferPointer { q in
                cosines.withUnsafeMutableBufferPointer { g in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(dimension), 1, m.baseAddress, Int32(dimension),
                                q.baseAddress, 1, 0, g.baseAddress, 1)
                }
            }
        }
        let width = Float(kernelWidth)
        for row in 0..<rows { kernel[row] = Foundation.exp((cosines[row] - 1) / width) }
        alpha.withUnsafeBufferPointer { a in
            kernel.withUnsafeBufferPointer { k in
                scores.withUnsafeMutableBufferPointer { s in
                    cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(classes), 1, a.baseAddress,
                                Int32(classes), k.baseAddress, 1, 0, s.baseAddress, 1)
                }
            }
        }
        centroids.withUnsafeBufferPointer { c in
            q.withUnsafeBufferPointer { q in
                toCentroid.withUnsafeMutableBufferPointer { e in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(classes), Int32(dimension), 1, c.baseAddress, Int32(dimension),
                                q.baseAddress, 1, 0, e.baseAddress, 1)
                }
            }
        }
        var nearest = [Double](repeating: DecisionFeatures.excluded, count: classes)
        var nearestRow = [Int](repeating: -1, count: classes)
        for row in 0..<rows {
            let k = Int(rowClass[row])
            if Double(cosines[row]) > nearest[k] {
                nearest[k] = Double(cosines[row])
                nearestRow[k] = row
            }
        }
        let s = scores.map(Double.init), e = toCentroid.map(Double.init)
        let (features, top) = s.withUnsafeBufferPointer { s in
            nearest.withUnsafeBufferPointer { n in e.withUnsafeBufferPointer { e in DecisionFeatures.of(scores: s, nearest: n, centroid: e) } }
        }
        var matches = (0..<classes).filter { nearestRow[$0] >= 0 }.map {
            IntentMatch(intent: intents[$0], score: Float(nearest[$0]), example: rowText[nearestRow[$0]])
        }
        matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.intent < $1.intent }
        let otherNearest = nearest.enumerated().filter { $0.offset != top }.map(\.element).max() ?? DecisionFeatures.excluded
        let exampleMatch = nearest[top] >= IntentDecision.exampleMatchCosine
            && nearest[top] - otherNearest >= IntentDecision.exampleMatchLead
        return IntentDecision(
            intent: intents[top], confidence: correctness.probability(features), threshold: threshold,
            answerThreshold: answerThreshold, matches: matches, isExampleMatch: exampleMatch
        )
    }
}
