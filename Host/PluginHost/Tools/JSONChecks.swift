import SmartDeskSDK

/// Checks on JSON that crosses the plugin boundary: tool arguments and results, facts, and the
/// parameters schemas of JSON tools.
///
/// ```swift
/// try JSONChecks.validateJSON(#"{"balance": 42.5}"#)
/// try JSONChecks.validateParametersSchema(#"{"type":"object","properties":{"amount":{"type":"number"}}}"#)
/// ```
///
/// Every check throws a `ToolError` whose message says what is wrong and where.
public enum JSONChecks {
    /// Checks that `text` is one JSON value of any kind (`42` and `"x"` included) of at most
    /// `limit` UTF-8 bytes (`SD_MAX_JSON` by default). Throws `.invalidJSON` with the parser's
    /// reason and byte offset: `the text is not valid JSON: expected ',' or '}' in the object, found ']' at byte 9`.
    public static func validateJSON(_ text: String, limit: Int = Int(SD_MAX_JSON)) throws {
        _ = try parse(Array(text.utf8), limit: limit, what: "the text")
    }

    /// Checks a NUL-terminated string from C the same way and returns it as a `String`. Reads at
    /// most `limit + 1` bytes and refuses invalid UTF-8 rather than repairing it.
    public static func validateJSON(cString: UnsafePointer<CChar>, limit: Int = Int(SD_MAX_JSON)) throws -> String {
        switch CStringReader.bounded(cString, limit: limit) {
        case .tooLong: throw ToolError.invalidJSON("the text is longer than the limit of \(limit) bytes")
        case .notUTF8: throw ToolError.invalidJSON("the text is not valid UTF-8")
        case .text(let text):
            _ = try parse(Array(text.utf8), limit: limit, what: "the text")
            return text
        }
    }

    /// Parses UTF-8 bytes, turning size and syntax errors into `.invalidJSON` errors about `what`.
    static func parse(_ bytes: [UInt8], limit: Int, what: String) throws -> Value {
        guard bytes.count <= limit else {
            throw ToolError.invalidJSON("\(what) is \(bytes.count) bytes long; the limit is \(limit)")
        }
        do {
            return try Parser.parse(bytes)
        } catch {
            throw ToolError.invalidJSON("\(what) is not valid JSON: \(error)")
        }
    }
}
