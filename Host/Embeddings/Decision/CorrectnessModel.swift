import Foundation

/// The five numbers that say how sure a ranking of intents is, for its top intent: the top
/// classifier score, its lead over the runner-up, the top intent's best single-example cosine,
/// that cosine's lead over the best other intent's, and the cosine to the top intent's centroid.
struct DecisionFeatures {
    static let count = 5
    /// Marks an intent that is not a candidate (held out, or without a centroid of its own).
    static let excluded: Double = -9

    /// The features of one ranking, and the index of the top intent (by classifier score).
    static func of(scores: UnsafeBufferPointer<Double>, nearest: UnsafeBufferPointer<Double>,
                   centroid: UnsafeBufferPointer<Double>) -> (features: [Double], top: Int) {
        var top = 0
        for k in scores.indices where scores[k] > scores[top] { top = k }
        var second = excluded
        var otherNearest = excluded
        for k in scores.indices where k != top {
            second = max(second, scores[k])
            otherNearest = max(otherNearest, nearest[k])
        }
        let features = [scores[top], scores[top] - second, nearest[top], nearest[top] - otherNearest, centroid[top]]
        return (features, top)
    }
}

/// Logistic regression from ``DecisionFeatures`` to the probability that the top intent is the
/// right one, fitted by Newton's method on standardised features with a small L2 term.
struct CorrectnessModel: Sendable, Equatable {
    var mean: [Double]
    var scale: [Double]
    /// One weight per feature, then the intercept.
    var weights: [Double]

    static let l2 = 1e-3

    func probability(_ features: [Double]) -> Double {
        var z = weights[DecisionFeatures.count]
        for k in 0..<DecisionFeatures.count { z += weights[k] * (features[k] - mean[k]) / scale[k] }
        return 1 / (1 + exp(-z))
    }

    /// Fits rows `features` (each of ``DecisionFeatures/count``) to `correct`, row `i` weighing
    /// `weight[i]`.
    static func fit(features: [[Double]], correct: [Bool], weight: [Double]) -> CorrectnessModel {
        let d = DecisionFeatures.count
        let rows = Double(features.count)
        var mean = [Double](repeating: 0, count: d)
        var scale = [Double](repeating: 0, count: d)
        for row in features { for k in 0..<d { mean[k] += row[k] / rows } }
        for row in features { for k in 0..<d { scale[k] += (row[k] - mean[k]) * (row[k] - mean[k]) / rows } }
        scale = scale.map { $0.squareRoot() + 1e-9 }
        let design = features.map { row in (0..<d).map { (row[$0] - mean[$0]) / scale[$0] } + [1] }
        let width = d + 1
        var model = CorrectnessModel(mean: mean, scale: scale, weights: [Double](repeating: 0, count: width))
        for _ in 0..<50 {
            var gradient = model.weights.map { $0 * l2 }
            var hessian = [Double](repeating: 0, count: width * width)
            for k in 0..<width { hessian[k * width + k] = l2 }
            for (i, a) in design.enumerated() {
                var z: Double = 0
                for k in 0..<width { z += a[k] * model.weights[k] }
                let p = 1 / (1 + exp(-z))
                let residual = weight[i] * (p - (correct[i] ? 1 : 0))
                let curvature = weight[i] * p * (1 - p)
                for j in 0..<width {
                    gradient[j] += a[j] * residual
                    for k in j..<width { hessian[j * width + k] += a[j] * a[k] * curvature }
                }
            }
            for j in 0..<width { for k in 0..<j { hessian[j * width + k] = hessian[k * width + j] } }
            guard let step = SymmetricMatrix.solve(hessian, gradient) else { break }
            for k in 0..<width { model.weights[k] -= step[k] }
            if step.map(abs).max() ?? 0 < 1e-8 { break }
        }
        return model
    }
}

/// The lowest probability at which the decisions taken are right often enough.
struct PrecisionThreshold: Sendable, Equatable {
    /// Decide when the correctness probability is at least this (∞: never).
    let threshold: Double
    /// The weighted out-of-fold precision at that threshold.
    let precision: Double
    /// The weighted share of out-of-fold rows decided at that threshold.
    let share: Double

    /// Chooses it from out-of-fold probabilities `p`, whether each row's top intent was right,
    /// and row weights: the lowest cut (between distinct values of p) whose weighted precision
    /// is at least `target` and that admits a right decision. A cut that only adds wrong ones
    /// gains nothing: where the rows separate cleanly the threshold stays at the lowest right
    /// row instead of spending the allowed errors on out-of-scope ones.
    static func choose(p: [Double], correct: [Bool], weight: [Double], target: Double) -> PrecisionThreshold {
        let order = p.indices.sorted { p[$0] > p[$1] }
        let total = weight.reduce(0, +)
        var accepted: Double = 0, wrong: Double = 0
        var groupHasRight = false
        var best = PrecisionThreshold(threshold: .infinity, precision: 1, share: 0)
        for (position, row) in order.enumerated() {
            accepted += weight[row]
            if !correct[row] { wrong += weight[row] }
            if correct[row] { groupHasRight = true }
            let isCut = position == order.count - 1 || p[order[position + 1]] < p[row]
            guard isCut else { continue }
            defer { groupHasRight = false }
            guard accepted > 0, groupHasRight else { continue }
            let precision = (accepted - wrong) / accepted
            if precision >= target {
                best = PrecisionThreshold(threshold: p[row], precision: precision, share: total > 0 ? accepted / total : 0)
            }
        }
        return best
    }
}
