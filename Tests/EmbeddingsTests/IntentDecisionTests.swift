@testable import Embeddings
import Foundation
import Testing

@Suite("Calibrated intent decision")
struct IntentDecisionTests {
    /// A reproducible generator (64-bit LCG) of roughly normal values.
    struct Noise {
        var state: UInt64
        mutating func next() -> Float {
            var sum: Float = 0
            for _ in 0..<4 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                sum += Float(state >> 40) / Float(1 << 24) - 0.5
            }
            return sum
        }
        mutating func vector(_ d: Int) -> [Float] { (0..<d).map { _ in next() } }
    }

    static let dimension = 32

    /// `intents` clusters of `perIntent` examples around random centres, and the centres.
    static func clusters(intents: Int, perIntent: Int, spread: Float, seed: UInt64 = 7) -> (IntentIndex, [[Float]]) {
        var noise = Noise(state: seed)
        var index = IntentIndex(dimension: dimension)
        var centres: [[Float]] = []
        for k in 0..<intents {
            let centre = VectorMath.normalized(noise.vector(dimension))
            centres.append(centre)
            for i in 0..<perIntent {
                let v = zip(centre, noise.vector(dimension)).map { $0 + spread * $1 }
                index.add(intent: "intent\(k)", text: "example \(k).\(i)", vector: v, source: "test")
            }
        }
        return (index, centres)
    }

    @Test("a Cholesky inverse is an inverse; a matrix that is not positive definite is refused")
    func inverse() {
        let a: [Double] = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]
        var inverse = a
        #expect(SymmetricMatrix.invert(&inverse, n: 3))
        for i in 0..<3 {
            for j in 0..<3 {
                let product = (0..<3).reduce(0.0) { $0 + a[i * 3 + $1] * inverse[$1 * 3 + j] }
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-12)
            }
        }
        var indefinite: [Double] = [1, 2, 2, 1]
        #expect(!SymmetricMatrix.invert(&indefinite, n: 2))
        #expect(SymmetricMatrix.solve([2, 1, 1, 3], [3, 5]).map { $0.map { ($0 * 1e9).rounded() / 1e9 } } == [0.8, 1.4])
    }

    @Test("the threshold is the lowest probability whose weighted precision meets the target")
    func threshold() {
        let p = [0.99, 0.95, 0.9, 0.8, 0.7, 0.6]
        let correct = [true, true, true, false, true, false]
        let weight = [1.0, 1, 1, 1, 1, 1]
        #expect(PrecisionThreshold.choose(p: p, correct: correct, weight: weight, target: 0.75).threshold == 0.7)
        #expect(PrecisionThreshold.choose(p: p, correct: correct, weight: weight, target: 0.9).threshold == 0.9)
        // Nothing meets it: never decide.
        #expect(PrecisionThreshold.choose(p: [0.5], correct: [false], weight: [1], target: 0.9).threshold == .infinity)
    }

    @Test("separated intents are decided; a vector far from all of them is not")
    func decides() throws {
        let (index, centres) = Self.clusters(intents: 6, perIntent: 12, spread: 0.08)
        let model = try #require(IntentDecisionModel.train(index))
        #expect(model.intents.count == 6)
        #expect(model.landmarks == 72)
        #expect(model.leaveOneOutAccuracy == 1)
        #expect(model.threshold.isFinite)
        for (k, centre) in centres.enumerated() {
            let decision = model.decide(centre)
            #expect(decision.intent == "intent\(k)")
            #expect(decision.isConfident, "intent\(k): \(decision.confidence) < \(decision.threshold)")
            #expect(decision.matches.first?.intent == "intent\(k)")
            #expect(decision.matches.count == 6)
        }
        var noise = Noise(state: 99)
        let stranger = model.decide(noise.vector(Self.dimension))
        #expect(!stranger.isConfident, "\(stranger.confidence) ≥ \(stranger.threshold)")
    }

    @Test("an example said word for word is decided whatever the calibrated confidence")
    func exampleMatch() throws {
        let (index, _) = Self.clusters(intents: 6, perIntent: 12, spread: 0.4)
        let model = try #require(IntentDecisionModel.train(index))
        // A stored example: its own vector.
        let example = Array(index.matrix[0..<Self.dimension])
        let decision = model.decide(example)
        #expect(decision.isExampleMatch)
        #expect(decision.isConfident)
        #expect(decision.intent == index.examples[0].intent)
        var noise = Noise(state: 5)
        #expect(!model.decide(noise.vector(Self.dimension)).isExampleMatch)
    }

    @Test("a higher target precision never lowers the threshold")
    func targets() throws {
        let (index, _) = Self.clusters(intents: 8, perIntent: 10, spread: 0.35)
        let loose = try #require(IntentDecisionModel.train(index, settings: .init(targetPrecision: 0.8)))
        let strict = try #require(IntentDecisionModel.train(index, settings: .init(targetPrecision: 0.99)))
        #expect(strict.threshold >= loose.threshold)
        #expect(loose.calibratedPrecision >= 0.8)
    }

    @Test("beyond the landmark cap the classifier is fitted on a spread subset, nearest examples still on all")
    func landmarks() throws {
        let (index, centres) = Self.clusters(intents: 5, perIntent: 40, spread: 0.1)
        var settings = IntentDecisionSettings()
        settings.maxLandmarks = 50
        let model = try #require(IntentDecisionModel.train(index, settings: settings))
        #expect(model.landmarks == 50)
        #expect(model.examples == 200)
        #expect(model.decide(centres[2]).intent == "intent2")
    }

    @Test("generated rows train the decision but do not flatter its calibration: copies of the examples promise no more than the examples")
    func generatedRowsDoNotCalibrate() throws {
        let (plain, _) = Self.clusters(intents: 8, perIntent: 10, spread: 0.6)
        var noise = Noise(state: 99)
        func withCopies(source: String) -> IntentIndex {
            var index = plain
            for (row, example) in plain.examples.enumerated() {
                let v = Array(plain.matrix[row * plain.dimension..<(row + 1) * plain.dimension])
                let copy = zip(v, noise.vector(plain.dimension)).map { $0 + 0.05 * $1 }
                index.add(intent: example.intent, text: example.text + " again", vector: copy, source: source)
            }
            return index
        }
        let base = try #require(IntentDecisionModel.train(plain))
        let asReal = try #require(IntentDecisionModel.train(withCopies(source: "test")))
        let asGenerated = try #require(IntentDecisionModel.train(withCopies(source: IntentIndex.generatedSourcePrefix + "test")))
        // Copies counted as real examples predict their twins: the estimate is flattered.
        #expect(asReal.calibratedShare > base.calibratedShare + 0.1, "\(asReal.calibratedShare) vs \(base.calibratedShare)")
        // Held out with the example they came from, they promise what the examples alone do.
        #expect(asGenerated.calibratedShare <= base.calibratedShare + 0.05, "\(asGenerated.calibratedShare) vs \(base.calibratedShare)")
        #expect(asGenerated.examples == 160)
    }

    @Test("one intent is nothing to decide between")
    func oneIntent() {
        let (index, _) = Self.clusters(intents: 1, perIntent: 5, spread: 0.1)
        #expect(IntentDecisionModel.train(index) == nil)
    }
}
