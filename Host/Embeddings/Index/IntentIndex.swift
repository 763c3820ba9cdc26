import COpenBLAS

/// The best score of one intent for a query, and the example phrase that gave it.
public struct IntentMatch: Sendable, Equatable {
    public let intent: String
    public let score: Float
    public let example: String

    public init(intent: String, score: Float, example: String) {
        self.intent = intent
        self.score = score
        self.example = example
    }
}

/// Example phrases of every intent as unit vectors in one row-major matrix, searched exactly
/// (one BLAS matrix–vector product per query, or matrix–matrix for a batch of queries).
///
/// A value type: copies are cheap (copy-on-write) and a copy never changes under a reader, so a
/// server keeps one in a lock box and swaps in the edited copy (see ``LiveIntentIndex``).
///
/// ```swift
/// var index = IntentIndex(dimension: 384)
/// index.add(intent: "book", text: "book an appointment", vector: v, source: "scheduling")
/// let top = index.query(q, topK: 3)   // best score per intent, highest first
/// ```
public struct IntentIndex: Sendable {
    public struct Example: Sendable, Equatable, Hashable {
        public let intent: String
        public let text: String
        /// Who registered it (a plugin generation, "learned", …), so all of it can be removed at once.
        public let source: String
    }

    public let dimension: Int
    public private(set) var examples: [Example] = []
    /// `examples.count × dimension` floats, row `i` is the unit vector of `examples[i]`.
    private(set) var matrix: [Float] = []
    /// Intent number of each row, and the intent names by number (for a fast per-intent max).
    private(set) var rowIntent: [Int32] = []
    private(set) var intentNames: [String] = []
    private var intentNumbers: [String: Int32] = [:]
    private var rowOfExample: [Example: Int] = [:]

    public init(dimension: Int) {
        precondition(dimension > 0, "dimension must be positive")
        self.dimension = dimension
    }

    public var count: Int { examples.count }
    public var isEmpty: Bool { examples.isEmpty }

    /// Names of the intents with at least one example, in order of first registration.
    public var intents: [String] {
        let present = Set(rowIntent)
        return intentNames.enumerated().filter { present.contains(Int32($0.offset)) }.map(\.element)
    }

    /// Sources starting with this hold generated examples (paraphrases): they train the decision
    /// but never calibrate it, since rows written from the same examples predict each other too well.
    public static let generatedSourcePrefix = "paraphrases:"

    /// Adds one example; the vector is normalised. Adding the same (intent, text, source) again
    /// replaces its vector.
    public mutating func add(intent: String, text: String, vector: [Float], source: String = "") {
        precondition(vector.count == dimension, "vector of \(vector.count) values in an index of dimension \(dimension)")
        let example = Example(intent: intent, text: text, source: source)
        let unit = VectorMath.normalized(vector)
        if let row = rowOfExample[example] {
            matrix.replaceSubrange(row * dimension..<(row + 1) * dimension, with: unit)
            return
        }
        let number: Int32
        if let existing = intentNumbers[intent] {
            number = existing
        } else {
            number = Int32(intentNames.count)
            intentNames.append(intent)
            intentNumbers[intent] = number
        }
        rowOfExample[example] = examples.count
        examples.append(example)
        rowIntent.append(number)
        matrix.append(contentsOf: unit)
    }

    /// Removes every example for which `shouldRemove` is true; returns how many went.
    @discardableResult
    public mutating func removeAll(where shouldRemove: (Example) -> Bool) -> Int {
        var keptExamples: [Example] = []
        var keptMatrix: [Float] = []
        var keptIntents: [Int32] = []
        keptExamples.reserveCapacity(examples.count)
        keptMatrix.reserveCapacity(matrix.count)
        keptIntents.reserveCapacity(rowIntent.count)
        for (row, example) in examples.enumerated() where !shouldRemove(example) {
            keptExamples.append(example)
            keptIntents.append(rowIntent[row])
            keptMatrix.append(contentsOf: matrix[row * dimension..<(row + 1) * dimension])
        }
        let removed = examples.count - keptExamples.count
        guard removed > 0 else { return 0 }
        examples = keptExamples
        matrix = keptMatrix
        rowIntent = keptIntents
        rowOfExample = Dictionary(uniqueKeysWithValues: examples.enumerated().map { ($0.element, $0.offset) })
        return removed
    }

    /// Removes all examples of `intent`.
    @discardableResult
    public mutating func remove(intent: String) -> Int { removeAll { $0.intent == intent } }

    /// Removes everything one source registered (a plugin generation being unloaded).
    @discardableResult
    public mutating func remove(source: String) -> Int { removeAll { $0.source == source } }

    /// Removes one example phrase of an intent, from whichever source added it.
    @discardableResult
    public mutating func remove(intent: String, text: String) -> Int {
        removeAll { $0.intent == intent && $0.text == text }
    }

    /// The best cosine per intent for `vector` (normalised here), highest first, at most `topK`.
    public func query(_ vector: [Float], topK: Int = .max) -> [IntentMatch] {
        query(batch: [vector], topK: topK)[0]
    }

    /// ``query(_:topK:)`` for many vectors with one matrix–matrix product.
    public func query(batch vectors: [[Float]], topK: Int = .max) -> [[IntentMatch]] {
        guard !vectors.isEmpty else { return [] }
        guard !examples.isEmpty, topK > 0 else { return vectors.map { _ in [] } }
        let rows = examples.count
        var queries = [Float]()
        queries.reserveCapacity(vectors.count * dimension)
        for vector in vectors {
            precondition(vector.count == dimension, "query of \(vector.count) values in an index of dimension \(dimension)")
            queries.append(contentsOf: VectorMath.normalized(vector))
        }
        // scores[q, row] = queries[q] · matrix[row]; one query is a matrix–vector product (GEMM
        // with one row is several times slower in OpenBLAS).
        var scores = [Float](repeating: 0, count: vectors.count * rows)
        matrix.withUnsafeBufferPointer { m in
            queries.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { s in
                    guard vectors.count > 1 else {
                        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(dimension), 1, m.baseAddress, Int32(dimension),
                                    q.baseAddress, 1, 0, s.baseAddress, 1)
                        return
                    }
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(vectors.count), Int32(rows), Int32(dimension),
                        1, q.baseAddress, Int32(dimension), m.baseAddress, Int32(dimension), 0, s.baseAddress, Int32(rows)
                    )
                }
            }
        }
        return (0..<vectors.count).map { q in
            bestPerIntent(scores[(q * rows)..<((q + 1) * rows)], topK: topK)
        }
    }

    private func bestPerIntent(_ scores: ArraySlice<Float>, topK: Int) -> [IntentMatch] {
        var best = [Float](repeating: -.infinity, count: intentNames.count)
        var bestRow = [Int](repeating: -1, count: intentNames.count)
        let base = scores.startIndex
        for row in 0..<rowIntent.count {
            let intent = Int(rowIntent[row])
            let score = scores[base + row]
            if score > best[intent] {
                best[intent] = score
                bestRow[intent] = row
            }
        }
        var matches: [IntentMatch] = []
        for intent in 0..<intentNames.count where bestRow[intent] >= 0 {
            matches.append(IntentMatch(intent: intentNames[intent], score: best[intent], example: examples[bestRow[intent]].text))
        }
        matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.intent < $1.intent }
        return Array(matches.prefix(topK))
    }
}
