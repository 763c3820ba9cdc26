import Foundation

/// What a piece of a streamed chat completion says.
public enum ChatStreamEvent: Sendable, Equatable {
    /// More of the reply's text.
    case content(String)
    /// A tool call began (its name is known from here on).
    case toolCallStarted(id: String, name: String)
    /// The model finished: `stop`, `length`, `tool_calls`, ….
    case finished(reason: String)
    /// Token counts (OpenAI sends them in a last chunk with `stream_options.include_usage`).
    case usage(promptTokens: Int, completionTokens: Int)
}

/// A tool call put together from its streamed fragments.
public struct AssembledToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The arguments as the model wrote them: JSON text, possibly invalid (check before use).
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments as JSON object text (`{}` when the model wrote none), or `nil` when what it
    /// wrote is not a JSON object.
    public var argumentsJSON: String? {
        let text = arguments.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "{}" : arguments
        guard (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any] else { return nil }
        return text
    }
}

/// Puts a streamed chat completion together from its server-sent events, whatever shape the
/// server gives them (PROTOCOLS.md §4): OpenAI's chunks and llama.cpp's; tool-call fragments keyed
/// by `index`, or — for servers that omit it — by `id`, then "the only open call"; several calls
/// interleaved; a whole call in one chunk; `[DONE]`; an `error` object or an `event: error`.
///
/// ```swift
/// var reply = ChatStreamAssembler()
/// for event in try decoder.feed(bytes) {
///     for piece in try reply.apply(event) { if case .content(let text) = piece { speak(text) } }
/// }
/// reply.toolCalls   // [AssembledToolCall(id: "call_1", name: "book", arguments: "{…}")]
/// ```
public struct ChatStreamAssembler: Sendable {
    public private(set) var content = ""
    public private(set) var toolCalls: [AssembledToolCall] = []
    public private(set) var finishReason: String?
    /// `data: [DONE]` arrived.
    public private(set) var isDone = false
    public private(set) var chunks = 0

    /// Which call an `index` or an `id` points at.
    private var callByIndex: [Int: Int] = [:]
    private var callByID: [String: Int] = [:]
    /// Calls that have not yet been seen finished (for fragments with neither index nor id).
    private var lastOpenCall: Int?

    public init() {}

    /// Applies one event; returns what it added.
    public mutating func apply(_ event: ServerSentEvent) throws(LLMError) -> [ChatStreamEvent] {
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" {
            isDone = true
            return []
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] else {
            if event.event == "error" { throw LLMError.server(status: nil, message: data) }
            throw LLMError.malformed("a stream event is not a JSON object: \(data.prefix(200))")
        }
        if let error = object["error"] {
            let message = (error as? [String: Any])?["message"] as? String ?? "\(error)"
            throw LLMError.server(status: nil, message: message)
        }
        if event.event == "error" { throw LLMError.server(status: nil, message: data) }
        chunks += 1
        var events: [ChatStreamEvent] = []
        if let choices = object["choices"] as? [[String: Any]] {
            for choice in choices where (choice["index"] as? Int ?? 0) == 0 {
                if let delta = choice["delta"] as? [String: Any] {
                    if let text = delta["content"] as? String, !text.isEmpty {
                        content += text
                        events.append(.content(text))
                    }
                    if let fragments = delta["tool_calls"] as? [[String: Any]] {
                        for fragment in fragments { events += applyToolCall(fragment) }
                    }
                }
                if let reason = choice["finish_reason"] as? String {
                    finishReason = reason
                    lastOpenCall = nil
                    events.append(.finished(reason: reason))
                }
            }
        } else if object["choices"] != nil, !(object["choices"] is NSNull) {
            throw LLMError.malformed("choices is not a list")
        }
        if let usage = object["usage"] as? [String: Any] {
            events.append(.usage(promptTokens: usage["prompt_tokens"] as? Int ?? 0,
                                 completionTokens: usage["completion_tokens"] as? Int ?? 0))
        }
        return events
    }

    private mutating func applyToolCall(_ fragment: [String: Any]) -> [ChatStreamEvent] {
        let index = fragment["index"] as? Int
        let id = (fragment["id"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let function = fragment["function"] as? [String: Any] ?? [:]
        let name = (function["name"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let arguments = function["arguments"] as? String ?? ""

        var position: Int?
        if let index { position = callByIndex[index] }
        if position == nil, let id { position = callByID[id] }
        // Neither index nor id (or an id seen for the first time with no index, carrying no name):
        // the only call still open.
        if position == nil, index == nil, name == nil { position = lastOpenCall }

        var events: [ChatStreamEvent] = []
        let call: Int
        if let position {
            call = position
        } else {
            call = toolCalls.count
            toolCalls.append(AssembledToolCall(id: id ?? "call_\(call + 1)", name: name ?? "", arguments: ""))
            if !(name ?? "").isEmpty { events.append(.toolCallStarted(id: toolCalls[call].id, name: name ?? "")) }
        }
        if let index { callByIndex[index] = call }
        if let id {
            callByID[id] = call
            if toolCalls[call].id.hasPrefix("call_"), toolCalls[call].id != id, position == nil { toolCalls[call].id = id }
        }
        if let name, toolCalls[call].name.isEmpty {
            toolCalls[call].name = name
            events.append(.toolCallStarted(id: toolCalls[call].id, name: name))
        }
        toolCalls[call].arguments += arguments
        lastOpenCall = call
        return events
    }
}
