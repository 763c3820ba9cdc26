/// Why a typed tool, its arguments, its result or a piece of JSON was refused.
///
/// `message` says what is wrong and where, in words a plugin author or an operator can act on:
/// `tool "add": argument "b" must be an integer, got 1.5`. `kind` groups the errors for code that
/// needs to branch (an LLM gets invalid arguments back as a tool error it can correct; a plugin
/// with an invalid signature is refused at load).
public struct ToolError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The group an error belongs to. A struct rather than a public enum, so groups can be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidSignature
            case invalidArguments
            case invalidResult
            case invalidJSON
            case invalidSchema
            case ffiFailure
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A typed tool's declaration breaks a rule (name, description, parameters, types, struct size).
        public static let invalidSignature = Kind(.invalidSignature)
        /// The JSON arguments of a call do not match the tool's parameters.
        public static let invalidArguments = Kind(.invalidArguments)
        /// The value a typed tool returned cannot become JSON (a non-finite double, bad UTF-8).
        public static let invalidResult = Kind(.invalidResult)
        /// Text is not valid JSON or is over the size limit.
        public static let invalidJSON = Kind(.invalidJSON)
        /// A JSON tool's parameters schema is not a usable JSON Schema.
        public static let invalidSchema = Kind(.invalidSchema)
        /// libffi refused to prepare the call.
        public static let ffiFailure = Kind(.ffiFailure)

        public var description: String {
            switch base {
            case .invalidSignature: "invalid signature"
            case .invalidArguments: "invalid arguments"
            case .invalidResult: "invalid result"
            case .invalidJSON: "invalid JSON"
            case .invalidSchema: "invalid schema"
            case .ffiFailure: "ffi failure"
            }
        }
    }

    /// The group of this error.
    public let kind: Kind
    /// What is wrong and where.
    public let message: String

    public var description: String {
        "\(kind): \(message)"
    }

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func invalidSignature(_ message: String) -> ToolError { ToolError(.invalidSignature, message) }
    static func invalidArguments(_ message: String) -> ToolError { ToolError(.invalidArguments, message) }
    static func invalidResult(_ message: String) -> ToolError { ToolError(.invalidResult, message) }
    static func invalidJSON(_ message: String) -> ToolError { ToolError(.invalidJSON, message) }
    static func invalidSchema(_ message: String) -> ToolError { ToolError(.invalidSchema, message) }
    static func ffiFailure(_ message: String) -> ToolError { ToolError(.ffiFailure, message) }
}
