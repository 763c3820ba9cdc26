import Embeddings
import Foundation

/// `smartdesk bench decision`: the calibrated fast-path decision's cost. Training time for a set
/// of examples, and the time from an utterance's embedding to the decision, beside the plain
/// cosine search over the same examples. Vectors are clustered random unit vectors of the
/// model's width (384): the cost depends on the counts, not on what the sentences say.
struct DecisionBenchmark {
    let intents: Int
    let perIntent: Int
    let trainingExamples: Int
    let decisions: Int
    let dimension = 384

    func run() {
        print("calibrated decision, \(dimension)-wide vectors, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        // Training at the size the issue names (1,500 examples), then at the full size.
        let small = index(intents: max(2, trainingExamples / 10), perIntent: 10)
        var training = LatencyRecorder()
        for _ in 0..<5 {
            let started = ContinuousClock.now
            _ = IntentDecisionModel.train(small)
            training.record(ContinuousClock.now - started)
        }
        print("training, \(small.count) examples (\(small.intents.count) intents × 10): \(training.summary)")

        let large = index(intents: intents, perIntent: perIntent)
        let started = ContinuousClock.now
        guard let model = IntentDecisionModel.train(large) else {
            print("no model (fewer than two intents)")
            return
        }
        let trainedIn = ContinuousClock.now - started
        print(String(format: "training, %d examples (%d × %d, %d fitted): %.0f ms", large.count, intents, perIntent,
                     model.landmarks, trainedIn.milliseconds))

        var noise = SplitMix(seed: 42)
        let queries = (0..<256).map { _ in noise.vector(dimension) }
        var decision = LatencyRecorder()
        var cosine = LatencyRecorder()
        for i in 0..<(decisions + 200) {
            let query = queries[i % queries.count]
            let t0 = ContinuousClock.now
            let decided = model.decide(query)
            let t1 = ContinuousClock.now
            let matches = large.query(query, topK: 5)
            let t2 = ContinuousClock.now
            guard i >= 200 else { continue }  // warm-up
            precondition(!decided.matches.isEmpty && !matches.isEmpty)
            decision.record(t1 - t0)
            cosine.record(t2 - t1)
        }
        print("decision after the embedding, \(large.count) examples: \(decision.summary)")
        print("cosine search alone, same examples:     \(cosine.summary)")
        print(String(format: "decision / cosine p50: %.2f×", decision.milliseconds(atPercentile: 50) / max(cosine.milliseconds(atPercentile: 50), 0.001)))
    }

    private func index(intents: Int, perIntent: Int) -> IntentIndex {
        var noise = SplitMix(seed: UInt64(intents * 1000 + perIntent))
        var index = IntentIndex(dimension: dimension)
        for k in 0..<intents {
            let centre = VectorMath.normalized(noise.vector(dimension))
            for i in 0..<perIntent {
                let vector = zip(centre, noise.vector(dimension)).map { $0 + 0.05 * $1 }
                index.add(intent: "intent\(k)", text: "example \(k).\(i)", vector: vector)
            }
        }
        return index
    }
}

/// A small reproducible generator (SplitMix64) of values in [-0.5, 0.5).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24) - 0.5
    }
    mutating func vector(_ count: Int) -> [Float] { (0..<count).map { _ in next() } }
}
