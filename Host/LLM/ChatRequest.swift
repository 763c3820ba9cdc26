import Foundation

/// One message of a chat.
public struct ChatMessage: Sendable, Equatable {
    public enum Role: String, Sendable { case system, user, assistant, tool }

    public var role: Role
    public var content: String?
    /// An assistant's tool calls (its content is then usually nil).
    public var toolCalls: [AssembledToolCall]
    /// For a tool result: the call it answers.
    public var toolCallID: String?

    public init(role: Role, content: String?, toolCalls: [AssembledToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: text) }
    public static func tool(_ id: String, result: String) -> ChatMessage { ChatMessage(role: .tool, content: result, toolCallID: id) }

    var json: [String: Any] {
        var object: [String: Any] = ["role": role.rawValue, "content": content.map { $0 as Any } ?? NSNull()]
        if !toolCalls.isEmpty {
            object["tool_calls"] = toolCalls.map { call in
                ["id": call.id, "type": "function", "function": ["name": call.name, "arguments": call.arguments]] as [String: Any]
            }
        }
        if let toolCallID { object["tool_call_id"] = toolCallID }
        return object
    }
}

/// A function the model may call: its JSON Schema is passed through as written.
public struct ChatTool: Sendable, Equatable {
    public var name: String
    public var description: String
    /// A JSON Schema object, as JSON text.
    public var parametersJSON: String

    public init(name: String, description: String, parametersJSON: String) {
        self.name = name
        self.description = description
        self.parametersJSON = parametersJSON
    }
}

/// Whether and which tool the model must call.
public enum ToolChoice: Sendable, Equatable {
    case none, auto, required
    case function(String)

    var json: Any {
        switch self {
        case .none: "none"
        case .auto: "auto"
        case .required: "required"
        case .function(let name): ["type": "function", "function": ["name": name]] as [String: Any]
        }
    }
}

/// A chat-completion request (PROTOCOLS.md §4), always streamed.
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    public var tools: [ChatTool] = []
    public var toolChoice: ToolChoice?
    /// Structured output: `{"type": "json_schema", "json_schema": {"name", "strict": true, "schema"}}`.
    public var responseSchema: (name: String, schemaJSON: String)?
    public var temperature: Double?
    public var maxTokens: Int?

    public init(messages: [ChatMessage]) {
        self.messages = messages
    }

    public static func == (a: ChatRequest, b: ChatRequest) -> Bool {
        a.messages == b.messages && a.tools == b.tools && a.toolChoice == b.toolChoice
            && a.responseSchema?.name == b.responseSchema?.name && a.responseSchema?.schemaJSON == b.responseSchema?.schemaJSON
            && a.temperature == b.temperature && a.maxTokens == b.maxTokens
    }

    /// The request body for `model`. Throws when a schema is not JSON.
    public func body(model: String) throws(LLMError) -> Data {
        var object: [String: Any] = [
            "model": model, "stream": true, "stream_options": ["include_usage": true],
            "messages": messages.map(\.json),
        ]
        if !tools.isEmpty {
            object["tools"] = try tools.map { tool throws(LLMError) -> [String: Any] in
                ["type": "function", "function": [
                    "name": tool.name, "description": tool.description, "parameters": try Self.object(tool.parametersJSON, "\(tool.name)'s parameters"),
                ] as [String: Any]]
            }
        }
        if let toolChoice { object["tool_choice"] = toolChoice.json }
        if let responseSchema {
            object["response_format"] = [
                "type": "json_schema",
                "json_schema": ["name": responseSchema.name, "strict": true, "schema": try Self.object(responseSchema.schemaJSON, "the response schema")],
            ] as [String: Any]
        }
        if let temperature { object["temperature"] = temperature }
        if let maxTokens { object["max_tokens"] = maxTokens }
        do {
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        } catch {
            throw LLMError.malformed("the request cannot be written as JSON: \(error)")
        }
    }

    private static func object(_ json: String, _ what: String) throws(LLMError) -> Any {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8)), value is [String: Any] else {
            throw LLMError.malformed("\(what) is not a JSON object")
        }
        return value
    }
}
