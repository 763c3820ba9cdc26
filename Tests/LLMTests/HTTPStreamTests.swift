import Foundation
import HTTPClient
import LLM
import LLMTestSupport
import Testing
import TestSupport

/// `HTTPStream` against a real server on loopback: bodies as they arrive, deadlines, cancellation.
@Suite(.serialized) struct HTTPStreamTests {
    func request(_ server: ScriptedLLMServer) -> HTTPRequest {
        HTTPRequest(method: "POST", url: server.baseURL + "/v1/chat/completions",
                    headers: [("Content-Type", "application/json"), ("Accept", "text/event-stream")], body: Data(#"{"stream":true}"#.utf8))
    }

    @Test func aStreamArrivesPieceByPieceAndDecodes() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.stream(StreamDecodingTests.openAI, size: 7, gap: .milliseconds(1)))
        // What is read is checked here, not how soon: a sanitizer build takes long over 7-byte pieces
        // (and under AddressSanitizer on a slow machine the first byte came after 5 s).
        let stream = HTTPStream.start(request(server), deadlines: .init(firstByte: TestTiming.scaled(.seconds(10)), total: .seconds(180)))
        var decoder = ServerSentEventDecoder()
        var reply = ChatStreamAssembler()
        var status: Int?
        var pieces = 0
        for try await event in stream.events {
            switch event {
            case .status(let code): status = code
            case .bytes(let bytes):
                pieces += 1
                for sse in try decoder.feed(bytes) { _ = try reply.apply(sse) }
            }
        }
        #expect(status == 200)
        #expect(pieces > 5)
        #expect(reply.content == "Sure, we’re open at nine.")
        #expect(reply.isDone)
        #expect(server.requestBodies == [#"{"stream":true}"#])
    }

    @Test func aSecondRequestToTheSameServerReusesTheConnection() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.stream("data: [DONE]\n\n"), .stream("data: [DONE]\n\n"))
        let first = HTTPStream.start(request(server))
        for try await _ in first.events {}
        let second = HTTPStream.start(request(server))
        for try await _ in second.events {}
        #expect(first.connectionsOpened == 1)
        #expect(second.connectionsOpened == 0)
    }

    /// libcurl's cache held four connections per transfer's multi handle: a fifth stream at once (five
    /// calls asking the model together) closed the oldest idle one, so the next request reconnected.
    @Test func aConnectionIsStillReusedAfterSeveralStreamsAtOnceToOtherServers() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.stream("data: [DONE]\n\n"), .stream("data: [DONE]\n\n"))
        for try await _ in HTTPStream.start(request(server)).events {}
        var started: [ScriptedLLMServer] = []
        for _ in 0..<6 {
            let other = try await ScriptedLLMServer.start()
            other.enqueue(.stream("data: [DONE]\n\n", firstDelay: .milliseconds(500)))
            started.append(other)
        }
        let others = started
        defer { Task { for other in others { await other.stop() } } }
        // All six are open before any ends (each waits half a second for its first byte).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for other in others {
                group.addTask { for try await _ in HTTPStream.start(self.request(other)).events {} }
            }
            try await group.waitForAll()
        }
        let again = HTTPStream.start(request(server))
        for try await _ in again.events {}
        #expect(again.connectionsOpened == 0)
    }

    @Test func anErrorStatusComesWithItsBody() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.error(429, "slow down"))
        var status: Int?
        var body: [UInt8] = []
        for try await event in HTTPStream.start(request(server)).events {
            switch event {
            case .status(let code): status = code
            case .bytes(let bytes): body += bytes
            }
        }
        #expect(status == 429)
        #expect(String(decoding: body, as: UTF8.self).contains("slow down"))
    }

    @Test func noFirstByteInTimeIsATimeout() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(.stream("data: [DONE]\n\n", firstDelay: .seconds(8)))
        let started = ContinuousClock.now
        await #expect(throws: HTTPStreamError.self) {
            for try await _ in HTTPStream.start(request(server), deadlines: .init(firstByte: .milliseconds(300))).events {}
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func cancellingEndsTheTransferAtOnceAndTheServerSeesTheHangUp() async throws {
        let server = try await ScriptedLLMServer.start()
        defer { Task { await server.stop() } }
        var reply = ScriptedLLMServer.Reply.stream(String(repeating: "data: {\"choices\":[]}\n\n", count: 200), size: 20, gap: .milliseconds(20))
        reply.dropAfterPieces = false
        server.enqueue(reply)
        let stream = HTTPStream.start(request(server))
        var pieces = 0
        var ended: HTTPStreamError?
        do {
            for try await event in stream.events {
                if case .bytes = event {
                    pieces += 1
                    if pieces == 3 {
                        stream.cancel()
                    }
                }
            }
        } catch let error as HTTPStreamError {
            ended = error
        }
        #expect(ended == .cancelled)
        #expect(pieces < 20, "the stream went on after the cancel")
        // The server notices the client left (its next write fails).
        for _ in 0..<50 where server.clientHangUps == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(server.clientHangUps == 1)
    }

    @Test func aRefusedConnectionIsATransportError() async throws {
        let request = HTTPRequest(method: "POST", url: "http://127.0.0.1:9/v1/chat/completions", body: Data("{}".utf8))
        await #expect(throws: HTTPStreamError.self) {
            for try await _ in HTTPStream.start(request, deadlines: .init(connect: .milliseconds(500))).events {}
        }
    }
}
