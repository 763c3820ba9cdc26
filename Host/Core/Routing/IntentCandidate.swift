/// An intent and how well the caller's words matched it (cosine similarity for the embedding
/// fast path, a model's stated confidence for the LLM path).
public struct IntentCandidate: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let intent: String
    public let score: Float

    public init(intent: String, score: Float) {
        self.intent = intent
        self.score = score
    }

    public var description: String { "\(intent) (\(score))" }
}
