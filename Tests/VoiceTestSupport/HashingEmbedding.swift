import Embeddings

/// A text embedding without a model: words and word pairs hashed into a fixed number of
/// dimensions, unit length. The same text always gives the same vector, texts that share words
/// are close, and it takes microseconds, so an agent can run in tests that are about something
/// other than understanding.
public struct HashingEmbedding: TextEmbedding {
    public let dimension: Int

    public init(dimension: Int = 256) {
        self.dimension = max(8, dimension)
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map(vector)
    }

    public func vector(_ text: String) -> [Float] {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init)
        var vector = [Float](repeating: 0, count: dimension)
        for word in words { vector[bucket(word)] += 1 }
        for (first, second) in zip(words, words.dropFirst()) { vector[bucket(first + " " + second)] += 0.5 }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else {
            vector[0] = 1
            return vector
        }
        return vector.map { $0 / norm }
    }

    /// FNV-1a: stable across runs and platforms (Swift's `hashValue` is seeded per process).
    private func bucket(_ token: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(dimension))
    }
}
