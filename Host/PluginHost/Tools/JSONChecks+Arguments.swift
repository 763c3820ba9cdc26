import Core
import SmartDeskSDK

extension JSONChecks {
    /// Checks a JSON tool's arguments against its declared parameters schema before the plugin
    /// sees them, with the same strict parser as results. Throws `.invalidArguments` naming the
    /// field: `amount: expected a number, got a string`, `date: required`, `extra: not a declared
    /// parameter` (with `additionalProperties: false`).
    ///
    /// Understood: `type` (a name or a list), `properties`, `required`, `additionalProperties`
    /// (false, or a schema), `enum`, `items`, `anyOf`, `oneOf`, `minimum`/`maximum`,
    /// `minLength`/`maxLength`. `$ref` and other keywords are not checked.
    public static func validateArguments(_ arguments: String, schema: String, limit: Int = Int(SD_MAX_JSON)) throws {
        let value = try parse(Array(arguments.utf8), limit: limit, what: "the arguments")
        let declared = try parse(Array(schema.utf8), limit: limit, what: "the parameters schema")
        guard case .object = value else {
            throw ToolError.invalidArguments("the arguments must be a JSON object, not \(value.summary)")
        }
        if let problem = problem(value, against: declared, at: "") {
            throw ToolError.invalidArguments(problem)
        }
    }

    /// What is wrong with `value` under `schema`, or nil; `path` names where (`""`: the arguments).
    static func problem(_ value: Value, against schema: Value, at path: String) -> String? {
        guard case .object(let keywords) = schema else { return nil }
        let place = path.isEmpty ? "the arguments" : path
        if case .array(let types)? = keywords["type"] {
            let names = types.compactMap { if case .string(let name) = $0 { name } else { nil } }
            guard names.contains(where: { matches(value, type: $0) }) else {
                return "\(place): expected \(names.map(article).joined(separator: " or ")), got \(value.summary)"
            }
        } else if case .string(let name)? = keywords["type"], !matches(value, type: name) {
            return "\(place): expected \(article(name)), got \(value.summary)"
        }
        if case .array(let allowed)? = keywords["enum"], !allowed.contains(value) {
            return "\(place): \(describeValue(value)) is not one of \(allowed.map(describeValue).joined(separator: ", "))"
        }
        for keyword in ["anyOf", "oneOf"] {
            guard case .array(let alternatives)? = keywords[keyword] else { continue }
            let passing = alternatives.count { problem(value, against: $0, at: path) == nil }
            if passing == 0 { return "\(place): matches none of the \(keyword) alternatives" }
            if keyword == "oneOf", passing > 1 { return "\(place): matches more than one of the oneOf alternatives" }
        }
        switch value {
        case .object(let members):
            var properties: [String: Value] = [:]
            if case .object(let declared)? = keywords["properties"] { properties = declared }
            if case .array(let required)? = keywords["required"] {
                for case .string(let name) in required where members[name] == nil {
                    return "\(join(path, name)): required"
                }
            }
            for name in members.keys.sorted() {
                let member = members[name]!
                if let property = properties[name] {
                    if let problem = problem(member, against: property, at: join(path, name)) { return problem }
                } else if case .bool(false)? = keywords["additionalProperties"] {
                    return "\(join(path, name)): not a declared parameter (declared: \(properties.keys.sorted().joined(separator: ", ")))"
                } else if let extra = keywords["additionalProperties"], case .object = extra {
                    if let problem = problem(member, against: extra, at: join(path, name)) { return problem }
                }
            }
        case .array(let elements):
            if let items = keywords["items"] {
                for (index, element) in elements.enumerated() {
                    if let problem = problem(element, against: items, at: "\(place)[\(index)]") { return problem }
                }
            }
        case .number(let text):
            guard let number = Double(text) else { break }
            if let minimum = bound(keywords["minimum"]), number < minimum { return "\(place): \(text) is below the minimum \(format(minimum))" }
            if let maximum = bound(keywords["maximum"]), number > maximum { return "\(place): \(text) is above the maximum \(format(maximum))" }
        case .string(let text):
            if let minimum = bound(keywords["minLength"]), Double(text.count) < minimum {
                return "\(place): shorter than \(format(minimum)) characters"
            }
            if let maximum = bound(keywords["maxLength"]), Double(text.count) > maximum {
                return "\(place): longer than \(format(maximum)) characters"
            }
        case .null, .bool:
            break
        }
        return nil
    }

    private static func matches(_ value: Value, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null), ("number", .number):
            return true
        case ("integer", .number(let text)):
            // 3 and 3.0 are integers; 3.5 and 1e-1 are not.
            guard let number = Double(text), number.isFinite else { return false }
            return number.rounded() == number
        default:
            return false
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "integer", "array", "object": "an \(type)"
        case "null": "null"
        default: "a \(type)"
        }
    }

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private static func bound(_ value: Value?) -> Double? {
        if case .number(let text)? = value { return Double(text) }
        return nil
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    private static func describeValue(_ value: Value) -> String {
        if case .string(let text) = value { return JSONString.quoted(text) }
        return value.summary
    }
}
