import Foundation

/// One embedder shared by every call: concurrent requests are gathered into one forward pass.
///
/// Requests are tokenised on the caller's task and queued. A worker thread takes everything
/// queued (up to ``Configuration/maxBatchSize`` sentences) as soon as it is free, so an idle
/// embedder answers a lone request at once, and under load the requests that arrive during one
/// pass share the next. ``Configuration/maxWait`` optionally holds a batch that is not yet full
/// for a little longer to gather more.
///
/// ```swift
/// let batching = BatchingEmbedder(embedder: try SentenceEmbedder())
/// let vector = try await batching.embed(["I want to pay my bill"])[0]
/// ```
public final class BatchingEmbedder: TextEmbedding {
    public struct Configuration: Sendable {
        /// Most sentences in one forward pass.
        public var maxBatchSize = 32
        /// Most tokens in one forward pass (a lone longer request still runs, alone).
        public var maxBatchTokens = SentenceEmbedder.maxPassTokens
        /// How long a batch that is not full may wait for more requests. Zero: never wait.
        public var maxWait: Duration = .zero
        /// Worker threads, each running its own forward passes (use with one BLAS thread each).
        public var workers = 1
        public init() {}
    }

    /// Counters since creation.
    public struct Statistics: Sendable, Equatable {
        public var sentences = 0
        public var batches = 0
        public var largestBatch = 0
    }

    public let embedder: SentenceEmbedder
    public let configuration: Configuration
    public var dimension: Int { embedder.dimension }
    private let queue: RequestQueue

    public init(embedder: SentenceEmbedder, configuration: Configuration = Configuration()) {
        precondition(
            configuration.maxBatchSize > 0 && configuration.maxBatchTokens > 0 && configuration.workers > 0,
            "batch size, batch tokens and workers must be positive"
        )
        self.embedder = embedder
        self.configuration = configuration
        self.queue = RequestQueue()
        for number in 0..<configuration.workers {
            let thread = Thread { [queue, embedder, configuration] in
                Self.work(queue: queue, embedder: embedder, configuration: configuration)
            }
            thread.name = "smartdesk-embed-\(number)"
            thread.start()
        }
    }

    deinit { queue.shutDown() }

    public var statistics: Statistics { queue.withLock { $0.statistics } }

    /// Stops the workers; queued and later requests fail with ``EmbeddingError/embedderShutDown``.
    public func shutDown() { queue.shutDown() }

    /// One unit-length vector per text. The texts may end up in different batches.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        let tokens = texts.map(embedder.tokenizer.encode)
        return try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (index, sequence) in tokens.enumerated() {
                group.addTask { (index, try await self.embed(tokens: sequence)) }
            }
            var vectors = [[Float]](repeating: [], count: texts.count)
            for try await (index, vector) in group { vectors[index] = vector }
            return vectors
        }
    }

    /// The vector of one token sequence, computed in whatever batch it lands in.
    public func embed(tokens: [Int32]) async throws -> [Float] {
        try await withCheckedThrowingContinuation { continuation in
            queue.enqueue(Request(tokens: tokens, enqueued: .now, continuation: continuation))
        }
    }

    // MARK: Worker

    private static func work(queue: RequestQueue, embedder: SentenceEmbedder, configuration: Configuration) {
        while let batch = queue.nextBatch(
            maxSize: configuration.maxBatchSize, maxTokens: configuration.maxBatchTokens, maxWait: configuration.maxWait
        ) {
            let vectors = embedder.embed(tokens: batch.map(\.tokens))
            for (request, vector) in zip(batch, vectors) {
                request.continuation.resume(returning: vector)
            }
        }
    }
}

extension BatchingEmbedder {
    struct Request {
        let tokens: [Int32]
        let enqueued: ContinuousClock.Instant
        let continuation: CheckedContinuation<[Float], any Error>
    }

    struct QueueState {
        var pending: [Request] = []
        var isShutDown = false
        var statistics = Statistics()
    }

    /// The pending requests behind a condition variable the workers sleep on.
    final class RequestQueue: @unchecked Sendable {  // all state is guarded by `condition`
        private let condition = NSCondition()
        private var state = QueueState()

        func withLock<T>(_ body: (inout QueueState) -> T) -> T {
            condition.lock()
            defer { condition.unlock() }
            return body(&state)
        }

        func enqueue(_ request: Request) {
            condition.lock()
            if state.isShutDown {
                condition.unlock()
                request.continuation.resume(throwing: EmbeddingError.embedderShutDown)
                return
            }
            state.pending.append(request)
            condition.signal()
            condition.unlock()
        }

        /// Blocks until there is work; `nil` once shut down.
        func nextBatch(maxSize: Int, maxTokens: Int, maxWait: Duration) -> [Request]? {
            condition.lock()
            defer { condition.unlock() }
            while state.pending.isEmpty && !state.isShutDown { condition.wait() }
            if state.isShutDown { return nil }
            if maxWait > .zero {
                let deadline = state.pending[0].enqueued + maxWait
                while state.pending.count < maxSize && !state.isShutDown {
                    let left = ContinuousClock.now.duration(to: deadline)
                    if left <= .zero { break }
                    let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
                    _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
                }
                if state.isShutDown { return nil }
            }
            var count = 0
            var tokens = 0
            for request in state.pending.prefix(maxSize) {
                if count > 0 && tokens + request.tokens.count > maxTokens { break }
                tokens += request.tokens.count
                count += 1
            }
            let batch = Array(state.pending.prefix(count))
            state.pending.removeFirst(count)
            state.statistics.sentences += count
            state.statistics.batches += 1
            state.statistics.largestBatch = max(state.statistics.largestBatch, count)
            if !state.pending.isEmpty { condition.signal() }  // another worker may take the rest
            return batch
        }

        func shutDown() {
            condition.lock()
            state.isShutDown = true
            let abandoned = state.pending
            state.pending = []
            condition.broadcast()
            condition.unlock()
            for request in abandoned {
                request.continuation.resume(throwing: EmbeddingError.embedderShutDown)
            }
        }
    }
}
