import Core

extension JSONChecks {
    /// Why text is not JSON, and the byte offset where the parser noticed.
    struct ParseError: Error, CustomStringConvertible {
        let offset: Int
        let reason: String

        var description: String { "\(reason) at byte \(offset)" }
    }

    /// A strict RFC 8259 parser: one value of any kind with optional whitespace around it; no
    /// comments, trailing commas, leading zeros, NaN or lone surrogates; duplicate object keys
    /// refused (readers disagree on which one wins). Nesting is limited to `maximumDepth`.
    ///
    /// Written for the host rather than borrowed from Foundation: `JSONSerialization` cannot tell
    /// `1` from `true` or `1.0` portably and keeps the last of duplicate keys, `JSONDecoder` keeps
    /// the first and drops the reason for a syntax error.
    struct Parser {
        static let maximumDepth = 128

        private let bytes: [UInt8]
        private var index = 0
        private var depth = 0

        private init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// Parses exactly one JSON value; `bytes` must be valid UTF-8.
        static func parse(_ bytes: [UInt8]) throws(ParseError) -> Value {
            var parser = Parser(bytes)
            parser.skipWhitespace()
            let value = try parser.parseValue()
            parser.skipWhitespace()
            guard parser.index == bytes.count else {
                throw parser.failure("unexpected \(parser.found) after the JSON value")
            }
            return value
        }

        private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        /// The byte at `index`, as an error message shows it.
        private var found: String {
            guard let byte = current else { return "end of text" }
            if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x" + String(byte, radix: 16, uppercase: true)
        }

        private func failure(_ reason: String) -> ParseError {
            ParseError(offset: index, reason: reason)
        }

        private mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                index += 1
            }
        }

        private mutating func expect(_ byte: UInt8, _ what: String) throws(ParseError) {
            guard current == byte else { throw failure("expected \(what), found \(found)") }
            index += 1
        }

        private mutating func parseValue() throws(ParseError) -> Value {
            guard let byte = current else {
                throw failure("expected a JSON value, found end of text")
            }
            switch byte {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try parseLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw failure("expected a JSON value, found \(found)")
            }
        }

        private mutating func parseLiteral(_ literal: String) throws(ParseError) {
            let start = index
            for byte in literal.utf8 {
                guard current == byte else {
                    index = start
                    throw failure("expected a JSON value, found \(found)")
                }
                index += 1
            }
        }

        private mutating func enterContainer() throws(ParseError) {
            depth += 1
            guard depth <= Self.maximumDepth else {
                throw failure("nesting deeper than \(Self.maximumDepth) levels")
            }
        }

        private mutating func parseObject() throws(ParseError) -> Value {
            try enterContainer()
            index += 1
            var members: [String: Value] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                let keyOffset = index
                guard current == UInt8(ascii: "\"") else {
                    throw failure("expected a string key, found \(found)")
                }
                let key = try parseString()
                guard members[key] == nil else {
                    throw ParseError(offset: keyOffset, reason: "duplicate key \(JSONString.quoted(key))")
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipWhitespace()
                members[key] = try parseValue()
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}' in the object")
                depth -= 1
                return .object(members)
            }
        }

        private mutating func parseArray() throws(ParseError) -> Value {
            try enterContainer()
            index += 1
            var elements: [Value] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue())
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' in the array")
                depth -= 1
                return .array(elements)
            }
        }

        private mutating func parseNumber() throws(ParseError) -> Value {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            if current == UInt8(ascii: "0") {
                index += 1
                if let byte = current, isDigit(byte) {
                    throw failure("leading zero in a number")
                }
            } else {
                try digits("a digit")
            }
            if current == UInt8(ascii: ".") {
                index += 1
                try digits("a digit after '.'")
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                try digits("a digit in the exponent")
            }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        private func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        private mutating func digits(_ what: String) throws(ParseError) {
            guard let byte = current, isDigit(byte) else {
                throw failure("expected \(what), found \(found)")
            }
            while let byte = current, isDigit(byte) { index += 1 }
        }

        private mutating func parseString() throws(ParseError) -> String {
            index += 1
            var utf8: [UInt8] = []
            while true {
                guard let byte = current else {
                    throw failure("unterminated string")
                }
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    try parseEscape(into: &utf8)
                case 0x00..<0x20:
                    throw failure("control character 0x\(String(byte, radix: 16, uppercase: true)) in a string; escape it")
                default:
                    utf8.append(byte)
                    index += 1
                }
            }
        }

        private mutating func parseEscape(into utf8: inout [UInt8]) throws(ParseError) {
            guard let byte = current else { throw failure("unterminated string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var value = try hexQuad()
                if (0xD800...0xDBFF).contains(value) {
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw failure("high surrogate without a low surrogate")
                    }
                    index += 2
                    let low = try hexQuad()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw failure("high surrogate followed by \\u\(String(low, radix: 16)), not a low surrogate")
                    }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(value) {
                    throw failure("low surrogate without a high surrogate")
                }
                // Every value left is a valid scalar: surrogates were handled above.
                utf8.append(contentsOf: String(Character(Unicode.Scalar(value)!)).utf8)
            default:
                index -= 1
                throw failure("invalid escape: '\\' followed by \(found)")
            }
        }

        private mutating func hexQuad() throws(ParseError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = hexValue(byte) else {
                    throw failure("expected 4 hex digits after \\u, found \(found)")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        private func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
    }
}
