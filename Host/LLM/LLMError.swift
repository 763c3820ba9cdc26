/// Why a language-model request gave no usable answer.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error (an HTTP status, or an `error` object in the stream).
    case server(status: Int?, message: String)
    /// The stream or a chunk is not what the protocol says (bad JSON, a bad event stream).
    case malformed(String)
    /// No connection, or it broke.
    case transport(String)
    /// A deadline passed: connecting, the first token, or the whole reply.
    case timeout(String)
    /// The caller cancelled (a barge-in).
    case cancelled

    public var description: String {
        switch self {
        case .server(let status, let message): "the language model answered \(status.map { "\($0): " } ?? "")\(message)"
        case .malformed(let what): "the language model's reply is malformed: \(what)"
        case .transport(let what): "no answer from the language model: \(what)"
        case .timeout(let what): "the language model took too long: \(what)"
        case .cancelled: "the request was cancelled"
        }
    }

    /// Worth another try before the first token (rate limits and server errors).
    public var isRetryable: Bool {
        switch self {
        case .server(let status?, _): status == 429 || (500...599).contains(status)
        case .transport: true
        default: false
        }
    }
}
