/// An error from loading or running the embedding model.
///
/// A struct over a private enum so that cases can be added without breaking callers.
public struct EmbeddingError: Error, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case modelMissing(directory: String, file: String)
        case modelFileUnreadable(path: String, reason: String)
        case modelFileInvalid(path: String, reason: String)
        case tensorMissing(name: String)
        case tensorShape(name: String, expected: [Int], found: [Int])
        case embedderShutDown
    }

    private let kind: Kind

    /// The command that fetches the model files, named in every "model missing" message.
    public static let fetchCommand = "make model"

    static func modelMissing(directory: String, file: String) -> Self {
        Self(kind: .modelMissing(directory: directory, file: file))
    }

    static func modelFileUnreadable(path: String, reason: String) -> Self {
        Self(kind: .modelFileUnreadable(path: path, reason: reason))
    }

    static func modelFileInvalid(path: String, reason: String) -> Self {
        Self(kind: .modelFileInvalid(path: path, reason: reason))
    }

    static func tensorMissing(_ name: String) -> Self { Self(kind: .tensorMissing(name: name)) }

    static func tensorShape(_ name: String, expected: [Int], found: [Int]) -> Self {
        Self(kind: .tensorShape(name: name, expected: expected, found: found))
    }

    /// A request reached a batching embedder after it was shut down.
    public static let embedderShutDown = Self(kind: .embedderShutDown)

    /// True when the model files are not there at all (as opposed to present but broken).
    public var isModelMissing: Bool {
        if case .modelMissing = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .modelMissing(let directory, let file):
            return "embedding model not found: \(file) is missing in \(directory). "
                + "Fetch it with `\(Self.fetchCommand)` (scripts/fetch-model.sh), or point SMARTDESK_MODEL_DIR at a folder "
                + "holding model.safetensors and vocab.txt of all-MiniLM-L6-v2."
        case .modelFileUnreadable(let path, let reason):
            return "cannot read model file \(path): \(reason)"
        case .modelFileInvalid(let path, let reason):
            return "invalid model file \(path): \(reason)"
        case .tensorMissing(let name):
            return "model.safetensors has no tensor named \(name)"
        case .tensorShape(let name, let expected, let found):
            return "tensor \(name) has shape \(found), expected \(expected)"
        case .embedderShutDown:
            return "the embedder has shut down"
        }
    }
}
