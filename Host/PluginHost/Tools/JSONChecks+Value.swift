extension JSONChecks {
    /// A parsed JSON value. Numbers keep their text, so a caller decides how to read them (an
    /// integer literal beyond Int64 is an overflow, not a rounded double).
    enum Value: Equatable, Sendable {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([Value])
        case object([String: Value])

        /// How the value reads in an error message: `a string`, `an array`, `1.5`, `true`.
        var summary: String {
            switch self {
            case .null: "null"
            case .bool(let value): value ? "true" : "false"
            case .number(let text): text.count <= 32 ? text : "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }
}
