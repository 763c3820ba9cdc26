import COpenBLAS
import Foundation
import Locks

/// all-MiniLM-L6-v2 sentence embeddings, in process: tokenizer, encoder, pooling.
///
/// Thread-safe: each call borrows an encoder (with its scratch memory) from a small pool, so
/// concurrent callers run in parallel. For many concurrent small requests, put a
/// ``BatchingEmbedder`` in front so they share forward passes.
///
/// ```swift
/// let embedder = try SentenceEmbedder(location: .resolve())
/// let vectors = embedder.embed(["I'd like to book an appointment", "what's my balance"])
/// let cosine = VectorMath.dot(vectors[0], vectors[1])
/// ```
public final class SentenceEmbedder: Sendable {
    public struct Configuration: Sendable {
        /// Threads OpenBLAS may use inside one GEMM (process-wide setting). One by default.
        public var blasThreads = 1
        /// How the dense layers multiply; by default the fastest measured for this CPU.
        public var denseKernel = DenseKernel.automatic
        public init() {}
    }

    public let tokenizer: WordPieceTokenizer
    public let weights: MiniLMWeights
    public var dimension: Int { weights.configuration.hidden }
    private let pool: Mutex<[MiniLMEncoder]>

    public convenience init(location: ModelLocation = .resolve(), configuration: Configuration = Configuration()) throws {
        try location.checkPresent()
        let vocabulary = try Vocabulary(contentsOf: location.vocabularyFile)
        let weights = try MiniLMWeights(file: SafeTensorsFile(path: location.weightsFile.path), denseKernel: configuration.denseKernel)
        self.init(tokenizer: WordPieceTokenizer(vocabulary: vocabulary), weights: weights, configuration: configuration)
    }

    public init(tokenizer: WordPieceTokenizer, weights: MiniLMWeights, configuration: Configuration = Configuration()) {
        self.tokenizer = tokenizer
        self.weights = weights
        self.pool = Mutex([])
        Self.setBLASThreads(configuration.blasThreads)
    }

    /// Sets how many threads OpenBLAS uses for one GEMM, for the whole process.
    public static func setBLASThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// Token ids of `text` as the model sees them.
    public func tokens(_ text: String) -> [Int32] { tokenizer.encode(text) }

    /// One unit-length vector per text, computed in one forward pass.
    public func embed(_ texts: [String]) -> [[Float]] {
        embed(tokens: texts.map(tokenizer.encode))
    }

    /// One unit-length vector per token sequence, computed in one forward pass.
    ///
    /// Sequences from ``tokens(_:)`` are used as they are. Others are made safe rather than
    /// trusted: cut to the model's positions (keeping the last token, normally `[SEP]`), and ids
    /// outside the vocabulary read as `[UNK]`.
    public func embed(tokens sequences: [[Int32]]) -> [[Float]] {
        if sequences.isEmpty { return [] }
        let sequences = sequences.map(sanitized)
        let encoder = pool.withLock { $0.popLast() } ?? MiniLMEncoder(weights: weights)
        defer { pool.withLock { $0.append(encoder) } }
        // Passes of at most `maxPassTokens` (a longer sequence alone) bound the scratch memory.
        var vectors: [[Float]] = []
        vectors.reserveCapacity(sequences.count)
        var start = 0
        while start < sequences.count {
            var end = start + 1
            var tokens = sequences[start].count
            while end < sequences.count, tokens + sequences[end].count <= Self.maxPassTokens {
                tokens += sequences[end].count
                end += 1
            }
            vectors += encoder.embed(Array(sequences[start..<end]))
            start = end
        }
        return vectors
    }

    /// Most tokens one forward pass holds (about 17 KB of scratch memory a token).
    public static let maxPassTokens = 2048

    private func sanitized(_ sequence: [Int32]) -> [Int32] {
        let c = weights.configuration
        let vocabularySize = Int32(c.vocabularySize)
        var result = sequence
        if result.count > c.maxPositions {
            result = Array(result.prefix(c.maxPositions - 1)) + [result.last!]
        }
        if result.contains(where: { $0 < 0 || $0 >= vocabularySize }) {
            let unknown = tokenizer.vocabulary.unknownID
            result = result.map { $0 < 0 || $0 >= vocabularySize ? unknown : $0 }
        }
        return result
    }
}

// The pool hands an encoder to one thread at a time; the encoder is never shared while in use.
extension MiniLMEncoder: @unchecked Sendable {}
