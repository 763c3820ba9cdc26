import LLM
import LLMTestSupport
import Testing

@Suite("Server-sent events and streamed chat completions")
struct StreamDecodingTests {
    /// OpenAI's shape: role chunk, content, finish, usage, [DONE].
    static let openAI = """
    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

    : keep-alive

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Sure, "},"finish_reason":null}]}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"we’re open at nine."},"finish_reason":null}]}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":42,"completion_tokens":7,"total_tokens":49}}

    data: [DONE]


    """

    /// llama.cpp's streamed tool call: one chunk per token, CRLF line ends.
    static let llamaCpp = [
        #"data: {"choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}],"object":"chat.completion.chunk"}"#,
        #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"abc","type":"function","function":{"name":"book_appointment","arguments":"{"}}]}}],"object":"chat.completion.chunk"}"#,
        #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"day\":"}}]}}],"object":"chat.completion.chunk"}"#,
        #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Tuesday\"}"}}]}}],"object":"chat.completion.chunk"}"#,
        #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"object":"chat.completion.chunk","timings":{"predicted_ms":12.5}}"#,
        "data: [DONE]",
    ].map { $0 + "\r\n\r\n" }.joined()

    func assemble(_ text: String, pieces: Int? = nil) throws -> (ChatStreamAssembler, [ChatStreamEvent]) {
        let bytes = Array(text.utf8)
        var decoder = ServerSentEventDecoder()
        var reply = ChatStreamAssembler()
        var events: [ChatStreamEvent] = []
        let step = pieces.map { max(1, bytes.count / $0) } ?? bytes.count
        var start = 0
        while start < bytes.count {
            for event in try decoder.feed(bytes[start..<min(start + step, bytes.count)]) { events += try reply.apply(event) }
            start += step
        }
        if let last = decoder.finish() { events += try reply.apply(last) }
        return (reply, events)
    }

    @Test("an OpenAI stream, whole and split at every byte")
    func openAIContent() throws {
        for split in [nil, Array(Self.openAI.utf8).count] {
            let (reply, events) = try assemble(Self.openAI, pieces: split)
            #expect(reply.content == "Sure, we’re open at nine.")
            #expect(reply.finishReason == "stop")
            #expect(reply.isDone)
            #expect(events.contains(.usage(promptTokens: 42, completionTokens: 7)))
            #expect(events.filter { if case .content = $0 { true } else { false } }.count == 2)
        }
    }

    @Test("llama.cpp's tool call, CRLF, split at odd boundaries")
    func llamaToolCall() throws {
        for pieces in [1, 7, 61, Array(Self.llamaCpp.utf8).count] {
            let (reply, events) = try assemble(Self.llamaCpp, pieces: pieces)
            #expect(reply.toolCalls == [AssembledToolCall(id: "abc", name: "book_appointment", arguments: #"{"day":"Tuesday"}"#)])
            #expect(reply.toolCalls.first?.argumentsJSON == #"{"day":"Tuesday"}"#)
            #expect(reply.finishReason == "tool_calls")
            #expect(events.first == .toolCallStarted(id: "abc", name: "book_appointment"))
        }
    }

    @Test("parallel calls interleaved by index; no index: by id, then the only open call; a whole call in one chunk")
    func toolCallShapes() throws {
        func chunk(_ calls: String) -> String {
            #"data: {"choices":[{"index":0,"delta":{"tool_calls":[\#(calls)]},"finish_reason":null}]}"# + "\n\n"
        }
        let interleaved = chunk(#"{"index":0,"id":"a","function":{"name":"one","arguments":"{\"x\":"}}"#)
            + chunk(#"{"index":1,"id":"b","function":{"name":"two","arguments":"{"}}"#)
            + chunk(#"{"index":0,"function":{"arguments":"1}"}},{"index":1,"function":{"arguments":"}"}}"#)
            + "data: [DONE]\n\n"
        let (parallel, _) = try assemble(interleaved)
        #expect(parallel.toolCalls.map(\.name) == ["one", "two"])
        #expect(parallel.toolCalls.map(\.arguments) == [#"{"x":1}"#, "{}"])

        // Ollama-style: no index, the id on every fragment.
        let byID = chunk(#"{"id":"c1","function":{"name":"look_up","arguments":"{\"q\":"}}"#)
            + chunk(#"{"id":"c1","function":{"arguments":"\"bill\"}"}}"#)
        #expect(try assemble(byID).0.toolCalls == [AssembledToolCall(id: "c1", name: "look_up", arguments: #"{"q":"bill"}"#)])

        // Neither index nor id after the first fragment: the only open call.
        let bare = chunk(#"{"id":"z","function":{"name":"pay","arguments":"{\"amount\""}}"#) + chunk(#"{"function":{"arguments":":5}"}}"#)
        #expect(try assemble(bare).0.toolCalls.first?.arguments == #"{"amount":5}"#)

        // Two whole calls, one chunk each, no index, no id.
        let whole = chunk(#"{"function":{"name":"a","arguments":"{}"}}"#) + chunk(#"{"function":{"name":"b","arguments":"{\"k\":2}"}}"#)
        let (two, _) = try assemble(whole)
        #expect(two.toolCalls.map(\.name) == ["a", "b"])
        #expect(Set(two.toolCalls.map(\.id)).count == 2)
    }

    @Test("errors: an error object, event: error, a chunk that is not JSON, invalid arguments")
    func errors() throws {
        #expect(throws: LLMError.server(status: nil, message: "overloaded")) {
            _ = try assemble(#"data: {"error":{"message":"overloaded","type":"server_error"}}"# + "\n\n")
        }
        #expect(throws: LLMError.self) { _ = try assemble("event: error\ndata: {\"detail\":\"boom\"}\n\n") }
        #expect(throws: LLMError.self) { _ = try assemble("data: {\"choices\":[{\"delta\n\n") }
        let (reply, _) = try assemble(#"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"q","function":{"name":"f","arguments":"{oops"}}]}}]}"# + "\n\n")
        #expect(reply.toolCalls.first?.argumentsJSON == nil)
        #expect(AssembledToolCall(id: "x", name: "f", arguments: "").argumentsJSON == "{}")
    }

    @Test("event-stream details: several data lines, CR line ends, no final blank line, a runaway line")
    func eventStream() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.feed(Array("event: note\rdata: a\rdata:b\r\r".utf8)) == [ServerSentEvent(event: "note", data: "a\nb")])
        #expect(try decoder.feed(Array("data: tail".utf8)).isEmpty)
        #expect(decoder.finish() == ServerSentEvent(data: "tail"))
        var runaway = ServerSentEventDecoder()
        #expect(throws: SSEError.self) { _ = try runaway.feed(repeatElement(UInt8(ascii: "x"), count: ServerSentEventDecoder.maximumLineBytes + 1)) }
    }
}
