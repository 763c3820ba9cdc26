#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the strings a plugin hands the host: NULL-checked, never more than `limit + 1` bytes
/// read, valid UTF-8 required.
enum CStringReader {
    /// Which bytes a name may hold.
    enum NameRule {
        /// `[a-z0-9_-]`: plugin names.
        case plugin
        /// `[a-z0-9_.]`: intent names and per-call value keys.
        case dotted
        /// `[a-z0-9_]`: slot and tool names.
        case plain

        var pattern: String {
            switch self {
            case .plugin: "[a-z0-9_-]"
            case .dotted: "[a-z0-9_.]"
            case .plain: "[a-z0-9_]"
            }
        }

        func allows(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                true
            case UInt8(ascii: "-"):
                self == .plugin
            case UInt8(ascii: "."):
                self == .dotted
            default:
                false
            }
        }
    }

    /// What a bounded read of a C string found: never more than `limit + 1` bytes are looked at.
    enum Bounded {
        case text(String)
        case tooLong
        case notUTF8
    }

    /// The string at `pointer` if it is at most `limit` bytes of valid UTF-8. Every reader of
    /// plugin strings (registrations, turn answers, tool results, typed-tool specs) goes through here.
    static func bounded(_ pointer: UnsafePointer<CChar>, limit: Int) -> Bounded {
        let length = strnlen(pointer, limit + 1)
        guard length <= limit else { return .tooLong }
        guard let text = String(validating: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self) else {
            return .notUTF8
        }
        return .text(text)
    }

    /// A string of at most `limit` bytes; `field` names it in the reason.
    static func read(
        _ pointer: UnsafePointer<CChar>?, limit: Int, field: String, allowEmpty: Bool = true
    ) throws(Refusal) -> String {
        guard let pointer else { throw Refusal("\(field) is NULL") }
        switch bounded(pointer, limit: limit) {
        case .tooLong: throw Refusal("\(field) is longer than \(limit) bytes")
        case .notUTF8: throw Refusal("\(field) is not valid UTF-8")
        case .text(let text):
            guard !text.isEmpty || allowEmpty else { throw Refusal("\(field) is empty") }
            return text
        }
    }

    /// nil for NULL, else as ``read(_:limit:field:allowEmpty:)``.
    static func readOptional(_ pointer: UnsafePointer<CChar>?, limit: Int, field: String) throws(Refusal) -> String? {
        guard pointer != nil else { return nil }
        return try read(pointer, limit: limit, field: field)
    }

    /// A name of 1…`SD_MAX_NAME` bytes matching `rule`.
    static func name(_ pointer: UnsafePointer<CChar>?, rule: NameRule, field: String) throws(Refusal) -> String {
        let text = try read(pointer, limit: Limits.name, field: field, allowEmpty: false)
        try check(text, rule: rule, field: field)
        return text
    }

    /// Checks a name that is already a `String`.
    static func check(_ text: String, rule: NameRule, field: String) throws(Refusal) {
        guard !text.isEmpty, text.utf8.count <= Limits.name, text.utf8.allSatisfy(rule.allows) else {
            throw Refusal("\(field) '\(text)' is invalid (use \(rule.pattern), 1 to \(Limits.name) bytes)")
        }
    }

    /// Log text: truncated at `limit` bytes and repaired rather than refused, so a line is never lost.
    static func lossy(_ pointer: UnsafePointer<CChar>?, limit: Int) -> String? {
        guard let pointer else { return nil }
        let length = strnlen(pointer, limit)
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }
}
