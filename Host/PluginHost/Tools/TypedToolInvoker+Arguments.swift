import Core
import SmartDeskSDK

extension TypedToolInvoker {
    /// Reads `json` (a JSON object of at most `SD_MAX_JSON` bytes) into one argument per parameter,
    /// in parameter order.
    ///
    /// - int64: a JSON integer within Int64; a number with a fraction or exponent is accepted only
    ///   when its value is a whole number below 2^53 in magnitude (`2.0`, `1e3`), as JSON Schema's
    ///   `integer` does, so no digit is ever lost.
    /// - double: any finite JSON number.
    /// - bool: `true` or `false` (not `0` or `1`).
    /// - string: a JSON string without NUL characters (a C string cannot hold them).
    static func arguments(from json: String, for signature: TypedToolSignature) throws -> [Argument] {
        let tool = "tool \"\(signature.name)\""
        let value: JSONChecks.Value
        do {
            value = try JSONChecks.parse(Array(json.utf8), limit: Int(SD_MAX_JSON), what: "the arguments text")
        } catch let error as ToolError {
            throw ToolError.invalidArguments("\(tool): \(error.message)")
        }
        guard case .object(let members) = value else {
            throw ToolError.invalidArguments("\(tool): the arguments must be a JSON object, not \(value.summary)")
        }

        let names = Set(signature.parameters.map(\.name))
        let unexpected = members.keys.filter { !names.contains($0) }.sorted()
        if !unexpected.isEmpty {
            let takes = signature.parameters.isEmpty
                ? "it takes no arguments"
                : "it takes " + signature.parameters.map(\.name).joined(separator: ", ")
            throw ToolError.invalidArguments(
                "\(tool): unexpected argument\(unexpected.count == 1 ? "" : "s") "
                    + unexpected.map(JSONString.quoted).joined(separator: ", ") + "; \(takes)"
            )
        }
        let missing = signature.parameters.filter { members[$0.name] == nil }
        if !missing.isEmpty {
            throw ToolError.invalidArguments(
                "\(tool): missing argument\(missing.count == 1 ? "" : "s") "
                    + missing.map { "\(JSONString.quoted($0.name)) (\($0.type.jsonSchemaType))" }.joined(separator: ", ")
            )
        }

        return try signature.parameters.map { parameter in
            try argument(members[parameter.name]!, for: parameter, tool: tool)
        }
    }

    private static func argument(_ value: JSONChecks.Value, for parameter: TypedParameter, tool: String) throws -> Argument {
        let name = "\(tool): argument \(JSONString.quoted(parameter.name))"
        switch (parameter.type, value) {
        case (.int64, .number(let text)):
            return .int64(try integer(text, name: name))
        case (.double, .number(let text)):
            guard let number = Double(text), number.isFinite else {
                throw ToolError.invalidArguments("\(name) is out of range for a double: \(text)")
            }
            return .double(number)
        case (.bool, .bool(let flag)):
            return .bool(flag)
        case (.string, .string(let text)):
            guard !text.utf8.contains(0) else {
                throw ToolError.invalidArguments("\(name) contains a NUL character, which a C string cannot hold")
            }
            return .string(text)
        case (.int64, _):
            throw ToolError.invalidArguments("\(name) must be an integer, not \(value.summary)")
        case (.double, _):
            throw ToolError.invalidArguments("\(name) must be a number, not \(value.summary)")
        case (.bool, _):
            throw ToolError.invalidArguments("\(name) must be true or false, not \(value.summary)")
        case (.string, _):
            throw ToolError.invalidArguments("\(name) must be a string, not \(value.summary)")
        }
    }

    /// The largest magnitude up to which every whole number is exactly a double: 2^53.
    private static let exactDoubleLimit = 9_007_199_254_740_992.0

    private static func integer(_ text: String, name: String) throws -> Int64 {
        let isLiteral = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
        if isLiteral {
            guard let value = Int64(text) else {
                throw ToolError.invalidArguments("\(name) is out of range for a 64-bit integer: \(text)")
            }
            return value
        }
        guard let number = Double(text), number.rounded(.towardZero) == number else {
            throw ToolError.invalidArguments("\(name) must be an integer, not \(text)")
        }
        guard abs(number) < exactDoubleLimit, let value = Int64(exactly: number) else {
            throw ToolError.invalidArguments(
                "\(name) is out of range (or not exact) for a 64-bit integer: \(text); write it without a fraction or exponent"
            )
        }
        return value
    }
}
