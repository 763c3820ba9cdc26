import Foundation

/// A tool as the agent's language model sees and calls it: the caller parameter taken out of the
/// schema, and put back into the arguments by the host (``ToolAccess/callerParameter``).
public enum ModelToolSchema {
    /// The names of `schema`'s properties whose type is (or includes) `"string"`.
    static func stringProperties(of schema: String) -> Set<String> {
        guard let object = parse(schema), let properties = object["properties"] as? [String: Any] else { return [] }
        return Set(properties.compactMap { name, value in
            guard let property = value as? [String: Any] else { return nil }
            if property["type"] as? String == "string" { return name }
            if let types = property["type"] as? [String], types.contains("string") { return name }
            return nil
        })
    }

    /// The tool's parameters schema without the caller parameter (as JSON text, keys sorted).
    public static func visible(_ tool: RegisteredTool) -> String {
        guard let hidden = tool.access.callerParameter, var object = parse(tool.parametersSchema) else {
            return tool.parametersSchema
        }
        if var properties = object["properties"] as? [String: Any] {
            properties[hidden] = nil
            object["properties"] = properties
        }
        if let required = object["required"] as? [String] {
            let rest = required.filter { $0 != hidden }
            object["required"] = rest.isEmpty ? nil : rest
        }
        return text(object) ?? tool.parametersSchema
    }

    /// The model's arguments with the caller parameter set to `caller` (whatever the model wrote
    /// there); `nil` when the arguments are not a JSON object.
    public static func arguments(_ json: String, for tool: RegisteredTool, caller: String?) -> String? {
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var object = parse(trimmed.isEmpty ? "{}" : trimmed) else { return nil }
        if let parameter = tool.access.callerParameter {
            guard let caller else { return nil }
            object[parameter] = caller
        }
        return text(object)
    }

    private static func parse(_ json: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    private static func text(_ object: [String: Any]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
