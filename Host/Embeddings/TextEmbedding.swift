/// Anything that turns texts into unit vectors: the ``SentenceEmbedder`` itself, or a
/// ``BatchingEmbedder`` in front of it.
public protocol TextEmbedding: Sendable {
    /// Length of every vector returned.
    var dimension: Int { get }
    /// One unit-length vector per text, in order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}

extension SentenceEmbedder: TextEmbedding {}
