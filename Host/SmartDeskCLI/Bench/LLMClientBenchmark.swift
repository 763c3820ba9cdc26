import Foundation
import HTTPClient
import Hummingbird
import LLM
import NIOCore
import Locks

/// `smartdesk bench llm`: what the chat client adds to a model server's own time to first token.
/// A server in this process answers every completion at once with a streamed reply and notes
/// when its handler began and when it wrote the first bytes; the client's overhead is its time
/// from sending to the first content event, less that. Requests reuse a connection.
struct LLMClientBenchmark {
    let requests: Int

    final class Marks: Sendable {
        let arrived = Mutex<ContinuousClock.Instant?>(nil)
        let wrote = Mutex<ContinuousClock.Instant?>(nil)
    }

    static let reply: String = {
        var body = #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"# + "\n\n"
        for word in ["We're", " open", " Monday", " to", " Friday,", " nine", " to", " five."] {
            body += #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#(word)"},"finish_reason":null}]}"# + "\n\n"
        }
        return body + #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n"
    }()

    func run() async throws {
        let marks = Marks()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            marks.arrived.withLock { $0 = .now }
            var request = request
            _ = try await request.collectBody(upTo: 1 << 20)
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                marks.wrote.withLock { $0 = .now }
                try await writer.write(ByteBuffer(string: Self.reply))
                try await writer.finish(nil)
            })
        }
        let server = await LoopbackServer.start(router, label: "bench-llm")
        let port = server.port

        let client = LLMClient(LLMConfiguration(baseURL: "http://127.0.0.1:\(port)", model: "bench"))
        let request = ChatRequest(messages: [.system("You are a receptionist. Be brief."), .user("When are you open?")])
        var firstToken = LatencyRecorder()
        var overhead = LatencyRecorder()
        var whole = LatencyRecorder()
        for index in 0..<(requests + 20) {
            let started = ContinuousClock.now
            var first: ContinuousClock.Instant?
            for try await event in client.stream(request).events {
                if case .content = event, first == nil { first = .now }
            }
            let ended = ContinuousClock.now
            guard index >= 20, let first, let arrived = marks.arrived.withLock({ $0 }), let wrote = marks.wrote.withLock({ $0 }) else { continue }
            firstToken.record(first - started)
            overhead.record((first - started) - (wrote - arrived))
            whole.record(ended - started)
        }
        print("chat client against a server on loopback that answers at once (\(requests) requests, one connection reused):")
        print("  time to first token, client side:        \(firstToken.summary)")
        print("  of which the client (server's own excluded): \(overhead.summary)")
        print("  whole reply (9 chunks):                    \(whole.summary)")
        await server.stop()
    }
}
