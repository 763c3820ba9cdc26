import COpenBLAS
import Foundation

extension IntentDecisionModel {
    /// Trains the decision on every example of `index` (docs/intent-decision.md). `nil` when the
    /// index has fewer than two intents (nothing to tell apart, no intent to hold out) or the
    /// kernel matrix cannot be factored.
    public static func train(_ index: IntentIndex, settings: IntentDecisionSettings = IntentDecisionSettings()) -> IntentDecisionModel? {
        let d = index.dimension
        let n = index.count
        // Classes numbered in order of first appearance among the rows.
        var classOfRaw: [Int32: Int32] = [:]
        var intents: [String] = []
        var rowClass = [Int32](repeating: 0, count: n)
        for row in 0..<n {
            let raw = index.rowIntent[row]
            if classOfRaw[raw] == nil {
                classOfRaw[raw] = Int32(intents.count)
                intents.append(index.intentNames[Int(raw)])
            }
            rowClass[row] = classOfRaw[raw] ?? 0
        }
        let classes = intents.count
        guard classes >= 2 else { return nil }
        var rowsOfClass = [[Int]](repeating: [], count: classes)
        for row in 0..<n { rowsOfClass[Int(rowClass[row])].append(row) }

        // Landmarks: all rows, or an evenly spread subset of each class; grouped by class.
        let quota = n <= settings.maxLandmarks ? Int.max : max(2, settings.maxLandmarks / classes)
        var landmarks: [Int] = []
        var classRange: [Range<Int>] = []
        for rows in rowsOfClass {
            let take = min(rows.count, quota)
            let start = landmarks.count
            for i in 0..<take { landmarks.append(rows[i * rows.count / take]) }
            classRange.append(start..<landmarks.count)
        }
        let m = landmarks.count
        var landmarkClass = [Int](repeating: 0, count: m)
        for (k, range) in classRange.enumerated() { for i in range { landmarkClass[i] = k } }

        let matrix = index.matrix
        var xl = [Float](repeating: 0, count: m * d)
        for (i, row) in landmarks.enumerated() {
            for j in 0..<d { xl[i * d + j] = matrix[row * d + j] }
        }

        // Centroids of all examples (sums, for the leave-self-out centroid, and unit centroids):
        // computed once here, they cost a decision nothing extra however many examples there are.
        var sums = [Double](repeating: 0, count: classes * d)
        for row in 0..<n {
            let k = Int(rowClass[row])
            for j in 0..<d { sums[k * d + j] += Double(matrix[row * d + j]) }
        }
        var centroids = [Float](repeating: 0, count: classes * d)
        for k in 0..<classes {
            let norm = (0..<d).reduce(0.0) { $0 + sums[k * d + $1] * sums[k * d + $1] }.squareRoot()
            for j in 0..<d { centroids[k * d + j] = norm > 0 ? Float(sums[k * d + j] / norm) : 0 }
        }

        // Centroid cosine, its own class's centroid without the landmark.
        var toCentroid = [Float](repeating: 0, count: m * classes)
        product(xl, rowOffset: 0, rows: m, centroids, rowsB: classes, dimension: d, into: &toCentroid)
        var centroidOOF = toCentroid.map(Double.init)
        for i in 0..<m {
            let k = landmarkClass[i]
            guard rowsOfClass[k].count > 1 else {
                centroidOOF[i * classes + k] = DecisionFeatures.excluded
                continue
            }
            var dot = 0.0, norm = 0.0
            for j in 0..<d {
                let rest = sums[k * d + j] - Double(xl[i * d + j])
                dot += rest * Double(xl[i * d + j])
                norm += rest * rest
            }
            centroidOOF[i * classes + k] = dot / max(norm.squareRoot(), 1e-9)
        }

        // Out-of-fold nearest-example cosine among the landmarks (the landmark itself excluded).
        var gram = [Float](repeating: 0, count: m * m)
        product(xl, rowOffset: 0, rows: m, xl, rowsB: m, dimension: d, into: &gram)
        var nearest = [Double](repeating: DecisionFeatures.excluded, count: m * classes)
        for i in 0..<m {
            for (k, range) in classRange.enumerated() {
                var best = DecisionFeatures.excluded
                for j in range where j != i { best = max(best, Double(gram[i * m + j])) }
                nearest[i * classes + k] = best
            }
        }

        // Kernel ridge: the width with the best exact leave-one-out accuracy (ties: the first).
        var best: (accuracy: Double, width: Double, inverse: [Double], alpha: [Double], oof: [Double])?
        for width in settings.kernelWidths {
            var c = gram.map { Foundation.exp((Double($0) - 1) / width) }
            for i in 0..<m { c[i * m + i] += settings.ridge }
            guard SymmetricMatrix.invert(&c, n: m) else { continue }
            var alpha = [Double](repeating: 0, count: m * classes)
            for i in 0..<m {
                for (k, range) in classRange.enumerated() {
                    var sum = 0.0
                    for j in range { sum += c[i * m + j] }
                    alpha[i * classes + k] = sum
                }
            }
            var oof = [Double](repeating: 0, count: m * classes)
            var right = 0
            for i in 0..<m {
                let diagonal = c[i * m + i]
                var top = 0
                for k in 0..<classes {
                    oof[i * classes + k] = (k == landmarkClass[i] ? 1 : 0) - alpha[i * classes + k] / diagonal
                    if oof[i * classes + k] > oof[i * classes + top] { top = k }
                }
                if top == landmarkClass[i] { right += 1 }
            }
            let accuracy = Double(right) / Double(m)
            if best == nil || accuracy > best?.accuracy ?? 0 { best = (accuracy, width, c, alpha, oof) }
        }
        guard let best else { return nil }

        // Calibration rows: every landmark out of fold (in scope), and every landmark with its
        // whole intent held out (out of scope: deciding it is always wrong).
        // Generated rows train but do not calibrate (their out-of-fold predictions are optimistic).
        let generated = landmarks.map { index.examples[$0].source.hasPrefix(IntentIndex.generatedSourcePrefix) }
        var features: [[Double]] = []
        var correct: [Bool] = []
        features.reserveCapacity(2 * m)
        var generatedOfClass = [[Int]](repeating: [], count: classes)
        for i in 0..<m where generated[i] { generatedOfClass[landmarkClass[i]].append(i) }
        for i in 0..<m where !generated[i] {
            let k = landmarkClass[i]
            if generatedOfClass[k].isEmpty {
                let (f, top) = rowFeatures(best.oof, nearest, centroidOOF, row: i, classes: classes, excluding: nil)
                features.append(f)
                correct.append(top == k)
            } else {
                // Out of fold means without the rows written from this example too: its intent's
                // generated rows leave with it, and its own intent is scored from the other real examples.
                let row = leaveGroupOut(i, with: generatedOfClass[k], classes: classes, k: k, inverse: best.inverse, alpha: best.alpha,
                                        m: m, landmarkClass: landmarkClass, generated: generated, gram: gram, nearest: nearest,
                                        toCentroid: toCentroid, xl: xl, d: d)
                let (f, top) = row.scores.withUnsafeBufferPointer { s in
                    row.nearest.withUnsafeBufferPointer { n in row.centroid.withUnsafeBufferPointer { e in DecisionFeatures.of(scores: s, nearest: n, centroid: e) } }
                }
                features.append(f)
                correct.append(top == k)
            }
        }
        for (k, range) in classRange.enumerated() {
            let size = range.count
            var block = [Double](repeating: 0, count: size * size)
            for (a, i) in range.enumerated() { for (b, j) in range.enumerated() { block[a * size + b] = best.inverse[i * m + j] } }
            guard SymmetricMatrix.invert(&block, n: size) else { return nil }
            var heldOut = [Double](repeating: 0, count: size * classes)
            for a in 0..<size {
                for c in 0..<classes {
                    var sum = 0.0
                    for (b, j) in range.enumerated() { sum += block[a * size + b] * best.alpha[j * classes + c] }
                    heldOut[a * classes + c] = (c == k ? 1 : 0) - sum
                }
            }
            var plainCentroid = [Double](repeating: 0, count: size * classes)
            var nearestHeld = [Double](repeating: 0, count: size * classes)
            for (a, i) in range.enumerated() {
                for c in 0..<classes {
                    plainCentroid[a * classes + c] = Double(toCentroid[i * classes + c])
                    nearestHeld[a * classes + c] = nearest[i * classes + c]
                }
            }
            for (a, i) in range.enumerated() where !generated[i] {
                features.append(rowFeatures(heldOut, nearestHeld, plainCentroid, row: a, classes: classes, excluding: k).features)
                correct.append(false)
            }
        }
        let inScopeRows = generated.count { !$0 }
        let outOfScopeWeight = settings.outOfScopeShare / (1 - settings.outOfScopeShare)
        let weight = (0..<features.count).map { $0 < inScopeRows ? 1.0 : outOfScopeWeight }
        let correctness = CorrectnessModel.fit(features: features, correct: correct, weight: weight)
        let p = features.map(correctness.probability)
        let cut = PrecisionThreshold.choose(p: p, correct: correct, weight: weight, target: settings.targetPrecision)
        let answerCut = PrecisionThreshold.choose(
            p: p, correct: correct, weight: weight, target: min(settings.answerPrecision, settings.targetPrecision)
        )

        return IntentDecisionModel(
            intents: intents, settings: settings, kernelWidth: best.width, leaveOneOutAccuracy: best.accuracy,
            threshold: cut.threshold, answerThreshold: answerCut.threshold, calibratedPrecision: cut.precision, calibratedShare: cut.share,
            examples: n, dimension: d, matrix: xl, rowClass: landmarkClass.map { Int32($0) },
            rowText: landmarks.map { index.examples[$0].text }, alpha: best.alpha.map { Float($0) }, centroids: centroids, correctness: correctness
        )
    }

    /// Row `i`'s scores, nearest-example cosines and centroid cosines with `i` and `group` (its
    /// intent's generated rows) held out of the kernel ridge, the nearest example and the centroid
    /// of its intent `k`.
    private static func leaveGroupOut(
        _ i: Int, with group: [Int], classes: Int, k: Int, inverse: [Double], alpha: [Double], m: Int,
        landmarkClass: [Int], generated: [Bool], gram: [Float], nearest: [Double], toCentroid: [Float], xl: [Float], d: Int
    ) -> (scores: [Double], nearest: [Double], centroid: [Double]) {
        let held = [i] + group
        let size = held.count
        var block = [Double](repeating: 0, count: size * size)
        for (a, p) in held.enumerated() { for (b, q) in held.enumerated() { block[a * size + b] = inverse[p * m + q] } }
        var scores = [Double](repeating: DecisionFeatures.excluded, count: classes)
        if SymmetricMatrix.invert(&block, n: size) {
            for c in 0..<classes {
                var sum = 0.0
                for (b, q) in held.enumerated() { sum += block[b] * alpha[q * classes + c] }
                scores[c] = (c == k ? 1 : 0) - sum
            }
        }
        var near = Array(nearest[i * classes..<(i + 1) * classes])
        var own = DecisionFeatures.excluded
        var rest = [Double](repeating: 0, count: d)
        var others = 0
        for j in 0..<m where j != i && landmarkClass[j] == k && !generated[j] {
            own = max(own, Double(gram[i * m + j]))
            for t in 0..<d { rest[t] += Double(xl[j * d + t]) }
            others += 1
        }
        near[k] = own
        var centroid = (0..<classes).map { Double(toCentroid[i * classes + $0]) }
        if others > 0 {
            var dot = 0.0, norm = 0.0
            for t in 0..<d {
                dot += rest[t] * Double(xl[i * d + t])
                norm += rest[t] * rest[t]
            }
            centroid[k] = dot / max(norm.squareRoot(), 1e-9)
        } else {
            centroid[k] = DecisionFeatures.excluded
        }
        return (scores, near, centroid)
    }

    /// The features of row `row` of the `classes`-wide score tables, with class `excluding` (a
    /// held-out intent) removed from the candidates.
    private static func rowFeatures(
        _ scores: [Double], _ nearest: [Double], _ centroid: [Double], row: Int, classes: Int, excluding: Int?
    ) -> (features: [Double], top: Int) {
        var s = Array(scores[row * classes..<(row + 1) * classes])
        var n = Array(nearest[row * classes..<(row + 1) * classes])
        var e = Array(centroid[row * classes..<(row + 1) * classes])
        if let excluding {
            s[excluding] = DecisionFeatures.excluded
            n[excluding] = DecisionFeatures.excluded
            e[excluding] = DecisionFeatures.excluded
        }
        return s.withUnsafeBufferPointer { s in
            n.withUnsafeBufferPointer { n in e.withUnsafeBufferPointer { e in DecisionFeatures.of(scores: s, nearest: n, centroid: e) } }
        }
    }

    /// `out[i, j] = a[rowOffset + i] · b[j]` for `rows` rows of `a` and `rowsB` rows of `b`
    /// (row-major, `dimension` wide).
    private static func product(
        _ a: [Float], rowOffset: Int, rows: Int, _ b: [Float], rowsB: Int, dimension: Int, into out: inout [Float]
    ) {
        guard rows > 0, rowsB > 0 else { return }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(rowsB), Int32(dimension), 1,
                                a.baseAddress! + rowOffset * dimension, Int32(dimension), b.baseAddress, Int32(dimension),
                                0, o.baseAddress, Int32(rowsB))
                }
            }
        }
    }
}
