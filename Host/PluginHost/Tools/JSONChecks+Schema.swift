import Core
import SmartDeskSDK

extension JSONChecks {
    /// The `type` names JSON Schema defines.
    static let schemaTypes: Set<String> = ["string", "number", "integer", "boolean", "array", "object", "null"]

    /// A pragmatic check of a JSON tool's parameters schema (what `SDToolSpec.parameters_json` holds):
    ///
    /// - a JSON object with `"type": "object"`;
    /// - `properties`, when present, an object whose every value is an object with a `type` that is
    ///   a JSON Schema type name or an array of them, or with `enum`, `anyOf`, `oneOf` or `$ref`;
    /// - `required`, when present, an array of distinct strings, each naming a property;
    /// - `additionalProperties`, when present, a boolean or an object.
    ///
    /// Other keywords pass unchecked. Throws `.invalidSchema` naming the place:
    /// `properties.amount.type: "money" is not a JSON Schema type (…)`.
    public static func validateParametersSchema(_ text: String) throws {
        let value: Value
        do {
            value = try parse(Array(text.utf8), limit: Int(SD_MAX_JSON), what: "the parameters schema")
        } catch let error as ToolError {
            throw ToolError.invalidSchema(error.message)
        }
        guard case .object(let schema) = value else {
            throw ToolError.invalidSchema("the parameters schema must be a JSON object, not \(value.summary)")
        }
        switch schema["type"] {
        case .string("object"):
            break
        case nil:
            throw ToolError.invalidSchema(#"type: missing; a parameters schema starts {"type":"object",…}"#)
        case let other?:
            throw ToolError.invalidSchema(#"type: must be "object", not "# + describe(other))
        }

        var propertyNames: Set<String> = []
        if let properties = schema["properties"] {
            guard case .object(let members) = properties else {
                throw ToolError.invalidSchema("properties: must be an object, not \(properties.summary)")
            }
            for name in members.keys.sorted() {
                try checkProperty(members[name]!, path: "properties.\(name)")
            }
            propertyNames = Set(members.keys)
        }

        if let required = schema["required"] {
            guard case .array(let names) = required else {
                throw ToolError.invalidSchema("required: must be an array of property names, not \(required.summary)")
            }
            var seen: Set<String> = []
            for (index, element) in names.enumerated() {
                guard case .string(let name) = element else {
                    throw ToolError.invalidSchema("required[\(index)]: must be a string, not \(element.summary)")
                }
                guard propertyNames.contains(name) else {
                    throw ToolError.invalidSchema("required[\(index)]: \(JSONString.quoted(name)) is not a property")
                }
                guard seen.insert(name).inserted else {
                    throw ToolError.invalidSchema("required[\(index)]: \(JSONString.quoted(name)) is listed twice")
                }
            }
        }

        switch schema["additionalProperties"] {
        case nil, .bool?, .object?:
            break
        case let other?:
            throw ToolError.invalidSchema("additionalProperties: must be a boolean or an object, not \(other.summary)")
        }
    }

    private static func checkProperty(_ property: Value, path: String) throws {
        guard case .object(let keywords) = property else {
            throw ToolError.invalidSchema("\(path): must be an object (a schema), not \(property.summary)")
        }
        if let type = keywords["type"] {
            try checkType(type, path: "\(path).type")
        } else if keywords["enum"] == nil, keywords["anyOf"] == nil, keywords["oneOf"] == nil, keywords["$ref"] == nil {
            throw ToolError.invalidSchema(#"\#(path): needs a "type" (or "enum", "anyOf", "oneOf" or "$ref")"#)
        }
        if let values = keywords["enum"] {
            guard case .array(let elements) = values, !elements.isEmpty else {
                throw ToolError.invalidSchema("\(path).enum: must be a non-empty array, not \(values.summary)")
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let alternatives = keywords[keyword] else { continue }
            guard case .array(let elements) = alternatives, !elements.isEmpty else {
                throw ToolError.invalidSchema("\(path).\(keyword): must be a non-empty array of schemas, not \(alternatives.summary)")
            }
            for (index, element) in elements.enumerated() {
                guard case .object = element else {
                    throw ToolError.invalidSchema("\(path).\(keyword)[\(index)]: must be an object (a schema), not \(element.summary)")
                }
            }
        }
        if let reference = keywords["$ref"] {
            guard case .string = reference else {
                throw ToolError.invalidSchema("\(path).$ref: must be a string, not \(reference.summary)")
            }
        }
        if let description = keywords["description"] {
            guard case .string = description else {
                throw ToolError.invalidSchema("\(path).description: must be a string, not \(description.summary)")
            }
        }
    }

    private static func checkType(_ type: Value, path: String) throws {
        let known = "(one of string, number, integer, boolean, array, object, null)"
        switch type {
        case .string(let name):
            guard schemaTypes.contains(name) else {
                throw ToolError.invalidSchema("\(path): \(JSONString.quoted(name)) is not a JSON Schema type \(known)")
            }
        case .array(let names) where !names.isEmpty:
            for (index, element) in names.enumerated() {
                guard case .string(let name) = element else {
                    throw ToolError.invalidSchema("\(path)[\(index)]: must be a type name, not \(element.summary)")
                }
                guard schemaTypes.contains(name) else {
                    throw ToolError.invalidSchema("\(path)[\(index)]: \(JSONString.quoted(name)) is not a JSON Schema type \(known)")
                }
            }
        default:
            throw ToolError.invalidSchema("\(path): must be a type name or a non-empty array of them, not \(type.summary)")
        }
    }

    /// A value in a message: strings quoted, everything else summarised.
    private static func describe(_ value: Value) -> String {
        if case .string(let text) = value { return JSONString.quoted(text) }
        return value.summary
    }
}
