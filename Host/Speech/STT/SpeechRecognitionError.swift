/// An error from building a recognizer's models or from decoding.
///
/// A struct over a private enum so that cases can be added without breaking callers.
public struct SpeechRecognitionError: Error, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case modelMissing(path: String, package: String)
        case noPhrases
        case fileWrite(path: String, reason: String)
        case decoderInit(reason: String)
        case grammar(name: String)
        case decode(operation: String, code: Int)
        case streamClosed
    }

    private let kind: Kind

    /// The Debian packages that hold PocketSphinx's English model and dictionary.
    public static let modelPackage = "pocketsphinx-en-us"

    static func modelMissing(path: String, package: String = modelPackage) -> Self {
        Self(kind: .modelMissing(path: path, package: package))
    }

    static let noPhrases = Self(kind: .noPhrases)

    static func fileWrite(path: String, reason: String) -> Self {
        Self(kind: .fileWrite(path: path, reason: reason))
    }

    static func decoderInit(_ reason: String) -> Self { Self(kind: .decoderInit(reason: reason)) }

    static func grammar(_ name: String) -> Self { Self(kind: .grammar(name: name)) }

    static func decode(_ operation: String, code: Int) -> Self { Self(kind: .decode(operation: operation, code: code)) }

    /// A stream was used after `close()`.
    public static let streamClosed = Self(kind: .streamClosed)

    /// True when a model file or folder is not installed (as opposed to present but broken).
    public var isModelMissing: Bool {
        if case .modelMissing = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .modelMissing(let path, let package):
            return "speech model file missing: \(path). Install it with `apt-get install \(package)` "
                + "(scripts/setup.sh installs the speech packages)."
        case .noPhrases:
            return "the language model has no words: give at least one phrase that normalises to words"
        case .fileWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .decoderInit(let reason):
            return "PocketSphinx decoder could not start: \(reason)"
        case .grammar(let name):
            return "PocketSphinx rejected the \(name) slot grammar (a word missing from the dictionary?)"
        case .decode(let operation, let code):
            return "PocketSphinx \(operation) failed with status \(code)"
        case .streamClosed:
            return "the recognition stream is closed"
        }
    }
}
