import Embeddings
import Foundation

/// `smartdesk bench embed`: what one caller sentence costs, what a batch of 32 costs on both
/// cores, how concurrent callers share forward passes, start-up time and resident memory.
struct EmbeddingBenchmark {
    /// sentence-transformers (PyTorch) on this machine with the same model: the figures to beat.
    enum Baseline {
        static let p50Milliseconds = 11.1
        static let p99Milliseconds = 16.8
        static let sentencesPerSecond = 633.0
    }

    let location: ModelLocation
    let denseKernel: DenseKernel
    let iterations: Int
    let batches: Int

    func run() async throws {
        let residentBefore = ProcessMemory.residentMegabytes() ?? 0
        let loadStart = ContinuousClock.now
        let embedder: SentenceEmbedder
        var configuration = SentenceEmbedder.Configuration()
        configuration.denseKernel = denseKernel
        do {
            embedder = try SentenceEmbedder(location: location, configuration: configuration)
        } catch let error as EmbeddingError {
            throw CLIError(error.description)
        }
        let loadTime = ContinuousClock.now - loadStart
        let firstStart = ContinuousClock.now
        _ = embedder.embed([Self.sentences[0]])
        let firstTime = ContinuousClock.now - firstStart

        let tokens = Self.sentences.map(embedder.tokens)
        let lengths = tokens.map(\.count)
        let residentLoaded = ProcessMemory.residentMegabytes() ?? 0
        print("model: \(location.directory.path)")
        print("dense kernel: \(denseKernel.rawValue)\(denseKernel == .packed ? " (\(DenseKernel.packedInstructionSet))" : "")")
        print(String(format: "start-up: model load %.1f ms, first embedding %.1f ms", loadTime.milliseconds, firstTime.milliseconds))
        print(String(
            format: "corpus: %d caller sentences, %d–%d tokens (mean %.1f)",
            tokens.count, lengths.min() ?? 0, lengths.max() ?? 0, Double(lengths.reduce(0, +)) / Double(max(1, lengths.count))
        ))

        // Batch 1, one thread.
        let single = Self.singleSentenceLatency(embedder, tokens: tokens, iterations: iterations)
        print("\nbatch 1, one thread: \(single.summary)")
        print(String(
            format: "  vs sentence-transformers p50 %.1f ms / p99 %.1f ms: %.1f× / %.1f× faster",
            Baseline.p50Milliseconds, Baseline.p99Milliseconds,
            Baseline.p50Milliseconds / single.milliseconds(atPercentile: 50),
            Baseline.p99Milliseconds / single.milliseconds(atPercentile: 99)
        ))

        // Batch 32 throughput.
        let batch = (0..<32).map { tokens[$0 % tokens.count] }
        print("\nbatch 32 throughput:")
        let oneThread = throughput(embedder, batch: batch, workers: 1, blasThreads: 1)
        print(String(format: "  one thread:                          %6.0f sentences/s", oneThread))
        var best = throughput(embedder, batch: batch, workers: 2, blasThreads: 1)
        print(String(format: "  both cores, 2 passes in parallel:     %6.0f sentences/s", best))
        if denseKernel == .openBLAS {  // the packed kernel is single-threaded: only parallel passes use both cores
            let blasTwo = throughput(embedder, batch: batch, workers: 1, blasThreads: 2)
            print(String(format: "  both cores, 1 pass at a time, BLAS×2: %6.0f sentences/s", blasTwo))
            best = max(best, blasTwo)
        }
        print(String(format: "  vs sentence-transformers %.0f sentences/s on two threads: %.2f×", Baseline.sentencesPerSecond, best / Baseline.sentencesPerSecond))

        // Concurrent callers through the batching embedder.
        SentenceEmbedder.setBLASThreads(1)
        try await concurrentCallers(embedder, tokens: tokens, callers: 32, requestsEach: max(10, iterations / 100), sequential: single)

        let residentAfter = ProcessMemory.residentMegabytes() ?? 0
        print(String(
            format: "\nresident memory: %.0f MB before loading, %.0f MB loaded, %.0f MB after the runs above",
            residentBefore, residentLoaded, residentAfter
        ))

        // The other dense kernel, for comparison (loaded last so it does not count above).
        let other: DenseKernel = denseKernel == .packed ? .openBLAS : .packed
        configuration.denseKernel = other
        let alternative = try SentenceEmbedder(location: location, configuration: configuration)
        let otherLatency = Self.singleSentenceLatency(alternative, tokens: tokens, iterations: iterations)
        print("\nbatch 1, one thread, \(other.rawValue) kernel: \(otherLatency.summary)")
        print(String(
            format: "  %@ vs %@: p50 %.2f×, p99 %.2f×", denseKernel.rawValue, other.rawValue,
            otherLatency.milliseconds(atPercentile: 50) / single.milliseconds(atPercentile: 50),
            otherLatency.milliseconds(atPercentile: 99) / single.milliseconds(atPercentile: 99)
        ))
        let otherRate = throughput(alternative, batch: batch, workers: 2, blasThreads: 1)
        print(String(format: "  batch 32, 2 passes in parallel, %@ kernel: %.0f sentences/s", other.rawValue, otherRate))
    }

    /// Latency of one sentence at a time on one thread, after a warm-up.
    static func singleSentenceLatency(_ embedder: SentenceEmbedder, tokens: [[Int32]], iterations: Int) -> LatencyRecorder {
        SentenceEmbedder.setBLASThreads(1)
        for i in 0..<100 { _ = embedder.embed(tokens: [tokens[i % tokens.count]]) }
        var recorder = LatencyRecorder()
        for i in 0..<iterations {
            let start = ContinuousClock.now
            _ = embedder.embed(tokens: [tokens[i % tokens.count]])
            recorder.record(ContinuousClock.now - start)
        }
        return recorder
    }

    /// Sentences per second embedding `batch` repeatedly, `workers` passes at a time.
    private func throughput(_ embedder: SentenceEmbedder, batch: [[Int32]], workers: Int, blasThreads: Int) -> Double {
        SentenceEmbedder.setBLASThreads(blasThreads)
        _ = embedder.embed(tokens: batch)
        let perWorker = max(1, batches / workers)
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            for _ in 0..<perWorker { _ = embedder.embed(tokens: batch) }
        }
        let elapsed = ContinuousClock.now - start
        SentenceEmbedder.setBLASThreads(1)
        return Double(perWorker * workers * batch.count) / (elapsed.milliseconds / 1000)
    }

    /// `callers` tasks each embedding `requestsEach` sentences one after another, all at once.
    private func concurrentCallers(
        _ embedder: SentenceEmbedder, tokens: [[Int32]], callers: Int, requestsEach: Int, sequential: LatencyRecorder
    ) async throws {
        var configuration = BatchingEmbedder.Configuration()
        configuration.workers = 2
        let batching = BatchingEmbedder(embedder: embedder, configuration: configuration)
        defer { batching.shutDown() }
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: LatencyRecorder.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var recorder = LatencyRecorder()
                    for i in 0..<requestsEach {
                        let begin = ContinuousClock.now
                        _ = try await batching.embed(tokens: tokens[(caller * 7 + i) % tokens.count])
                        recorder.record(ContinuousClock.now - begin)
                    }
                    return recorder
                }
            }
            var all: [LatencyRecorder] = []
            for try await recorder in group { all.append(recorder) }
            return all
        }
        let elapsed = ContinuousClock.now - start
        var merged = LatencyRecorder()
        for recorder in latencies { merged.merge(recorder) }
        let statistics = batching.statistics
        let rate = Double(callers * requestsEach) / (elapsed.milliseconds / 1000)
        let sequentialRate = 1000 / sequential.meanMilliseconds
        print("\n\(callers) concurrent callers through the batching embedder (2 workers, 1 BLAS thread each):")
        print("  per request: \(merged.summary)")
        print(String(
            format: "  %.0f sentences/s, mean batch %.1f (largest %d): %.1f× the rate of one-at-a-time on one thread (%.0f/s)",
            rate, Double(statistics.sentences) / Double(max(1, statistics.batches)), statistics.largestBatch,
            rate / sequentialRate, sequentialRate
        ))
    }

    /// Short caller sentences (at most 16 tokens each).
    static let sentences = [
        "I'd like to book an appointment for next Tuesday",
        "what's my account balance",
        "can I talk to a real person please",
        "I need to reschedule my appointment",
        "please cancel my booking for tomorrow",
        "when was my last payment",
        "I want to pay forty two fifty",
        "I was charged twice for the same thing",
        "can I come in tomorrow afternoon",
        "do you have anything earlier in the week",
        "my phone number has changed",
        "yes that's right",
        "no that's not what I said",
        "what are your opening hours",
        "I'd like to dispute a charge on my bill",
        "can you move my visit to Friday morning",
        "thank you that's all goodbye",
        "I need to update my email address",
        "is there a slot at half past two",
        "how much do I owe",
        "I want to speak to a manager",
        "my account number is four two seven nine one",
        "can you read that back to me",
        "I'm calling about my appointment on Monday",
    ]
}
