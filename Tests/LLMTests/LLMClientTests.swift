import Foundation
import HTTPClient
import LLM
import LLMTestSupport
import Testing
import TestSupport

/// The chat client against the scripted server over real HTTP on loopback.
@Suite(.serialized) struct LLMClientTests {
    /// The default first-byte deadline is generous: the scripted server answers at once, but a
    /// loaded CI machine once took over 2 s to get the first byte through. The deadline's own
    /// test passes a short one.
    func client(_ server: ScriptedLLMServer, firstByte: Duration = TestTiming.scaled(.seconds(15)), retries: Int = 2) -> LLMClient {
        LLMClient(LLMConfiguration(
            baseURL: server.baseURL, model: "test-model", apiKey: "sk-test",
            deadlines: .init(connect: TestTiming.scaled(.seconds(1)), firstByte: firstByte, total: TestTiming.scaled(.seconds(10))), retries: retries, retryDelay: .milliseconds(20)
        ))
    }

    static let request = ChatRequest(messages: [.system("You are a receptionist. Be brief."), .user("When do you open?")])

    @Test func aStreamedReplyArrivesInPiecesAndWhole() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.stream(StreamDecodingTests.openAI, size: 37), .stream(StreamDecodingTests.openAI, size: 11))
        var pieces: [String] = []
        for try await event in client(server).stream(Self.request).events {
            if case .content(let text) = event { pieces.append(text) }
        }
        #expect(pieces == ["Sure, ", "we’re open at nine."])
        let whole = try await client(server).complete(Self.request)
        #expect(whole.content == "Sure, we’re open at nine.")
        #expect(whole.finishReason == "stop")
        #expect(whole.promptTokens == 42)
        #expect(whole.attempts == 1)
        #expect(server.authorizations == ["Bearer sk-test", "Bearer sk-test"])
        let body = try #require(server.requestBodies.first)
        #expect(body.contains(#""model":"test-model""#) && body.contains(#""stream":true"#) && body.contains("When do you open?"))
    }

    @Test func rateLimitsAndServerErrorsAreRetriedBeforeTheFirstTokenOnly() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.error(429, "slow down"), .error(503, "busy"), .stream(StreamDecodingTests.openAI))
        let retried = try await client(server).complete(Self.request)
        #expect(retried.attempts == 3)
        #expect(retried.content == "Sure, we’re open at nine.")

        server.enqueue(.error(500, "down"), .error(500, "down"), .error(500, "still down"))
        await #expect(throws: LLMError.server(status: 500, message: "still down")) { _ = try await client(server).complete(Self.request) }

        // A client error is not retried.
        let before = server.requestBodies.count
        server.enqueue(.error(401, "bad key"))
        await #expect(throws: LLMError.server(status: 401, message: "bad key")) { _ = try await client(server).complete(Self.request) }
        #expect(server.requestBodies.count == before + 1)

        // A stream that breaks after its first token is not retried either (the caller heard it).
        var broken = ScriptedLLMServer.Reply.stream(String(StreamDecodingTests.openAI.prefix(400)))
        broken.dropAfterPieces = true
        server.enqueue(broken, .stream(StreamDecodingTests.openAI))
        let count = server.requestBodies.count
        await #expect(throws: LLMError.self) { _ = try await client(server).complete(Self.request) }
        #expect(server.requestBodies.count == count + 1)
    }

    @Test func aLateFirstTokenIsATimeoutAndMalformedChunksAreErrors() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.stream(StreamDecodingTests.openAI, firstDelay: .seconds(8)))
        let started = ContinuousClock.now
        await #expect(throws: LLMError.self) { _ = try await client(server, firstByte: .milliseconds(300), retries: 0).complete(Self.request) }
        // Not the server's 8 s (the time itself is a benchmark's business, not a test's).
        #expect(ContinuousClock.now - started < .seconds(5))

        server.enqueue(.stream("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"\n\ndata: [DONE]\n\n"))
        do {
            _ = try await client(server).complete(Self.request)
            Issue.record("a malformed chunk was accepted")
        } catch {
            if case .malformed = error {} else { Issue.record("\(error)") }
        }
    }

    @Test func cancellingMidStreamEndsTheRequest() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        let chunk = #"data: {"choices":[{"index":0,"delta":{"content":"word "},"finish_reason":null}]}"# + "\n\n"
        server.enqueue(.stream(String(repeating: chunk, count: 100), size: chunk.utf8.count, gap: .milliseconds(20)))
        let reply = client(server).stream(Self.request)
        var words = 0
        var outcome: LLMError?
        do {
            for try await event in reply.events {
                if case .content = event {
                    words += 1
                    if words == 3 { reply.cancel() }
                }
            }
        } catch let error as LLMError {
            outcome = error
        }
        #expect(outcome == .cancelled)
        #expect(words < 10)
        for _ in 0..<50 where server.clientHangUps == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(server.clientHangUps == 1)
    }

    @Test func toolsAndStructuredOutputAreSentAndToolCallsAssembled() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.stream(StreamDecodingTests.llamaCpp, size: 13))
        var request = Self.request
        request.tools = [ChatTool(name: "book_appointment", description: "Book an appointment",
                                  parametersJSON: #"{"type":"object","properties":{"day":{"type":"string"}},"required":["day"]}"#)]
        request.toolChoice = .auto
        request.responseSchema = ("intent", #"{"type":"object","properties":{"intent":{"type":"string"}}}"#)
        let reply = try await client(server).complete(request)
        #expect(reply.toolCalls == [AssembledToolCall(id: "abc", name: "book_appointment", arguments: #"{"day":"Tuesday"}"#)])
        #expect(reply.finishReason == "tool_calls")
        let body = try #require(server.requestBodies.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let tools = try #require(object["tools"] as? [[String: Any]])
        #expect((tools.first?["function"] as? [String: Any])?["name"] as? String == "book_appointment")
        #expect(object["tool_choice"] as? String == "auto")
        #expect(((object["response_format"] as? [String: Any])?["json_schema"] as? [String: Any])?["name"] as? String == "intent")

        var bad = Self.request
        bad.tools = [ChatTool(name: "x", description: "x", parametersJSON: "not json")]
        await #expect(throws: LLMError.self) { _ = try await client(server).complete(bad) }
    }

    @Test func theEndpointFollowsTheBaseURL() {
        #expect(LLMConfiguration(baseURL: "https://api.openai.com", model: "m").completionsURL == "https://api.openai.com/v1/chat/completions")
        #expect(LLMConfiguration(baseURL: "http://127.0.0.1:11434/v1/", model: "m").completionsURL == "http://127.0.0.1:11434/v1/chat/completions")
    }
}
