import Foundation
import LLM
import HTTPClient
import TestSupport
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Locks

/// An OpenAI-compatible server on loopback that answers `POST /v1/chat/completions` from a script:
/// each request takes the next reply — a status, and body pieces sent one by one after their
/// delays (so a stream can be split at any byte, start late, or stop). It records the requests it
/// got and notices when a client hangs up mid-stream.
public final class ScriptedLLMServer: Sendable {
    public struct Reply: Sendable {
        public var status = 200
        public var contentType = "text/event-stream"
        /// (wait before, bytes) for each piece of the body.
        public var pieces: [(Duration, [UInt8])]
        /// Stop without finishing the body (a dropped connection).
        public var dropAfterPieces = false

        /// `text` cut into pieces of `size` bytes, `gap` apart, the first after `firstDelay`.
        public static func stream(_ text: String, size: Int = 1 << 20, firstDelay: Duration = .zero, gap: Duration = .zero) -> Reply {
            let bytes = Array(text.utf8)
            var pieces: [(Duration, [UInt8])] = []
            var start = 0
            while start < bytes.count {
                pieces.append((pieces.isEmpty ? firstDelay : gap, Array(bytes[start..<min(start + size, bytes.count)])))
                start += size
            }
            return Reply(pieces: pieces)
        }

        public init(status: Int = 200, contentType: String = "text/event-stream", pieces: [(Duration, [UInt8])], dropAfterPieces: Bool = false) {
            self.status = status
            self.contentType = contentType
            self.pieces = pieces
            self.dropAfterPieces = dropAfterPieces
        }

        /// A streamed reply whose content is `text` (OpenAI's chunk shape), in pieces of `words` words.
        public static func content(_ text: String, firstDelay: Duration = .zero) -> Reply {
            func chunk(_ delta: String) -> String {
                let escaped = delta.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "\n", with: "\\n")
                return #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#(escaped)"},"finish_reason":null}]}"# + "\n\n"
            }
            var body = #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"# + "\n\n"
            var rest = Substring(text)
            while !rest.isEmpty {
                let piece = rest.prefix(8)
                body += chunk(String(piece))
                rest = rest.dropFirst(piece.count)
            }
            body += #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n"
            return .stream(body, size: 40, firstDelay: firstDelay)
        }

        /// A streamed reply that calls tools, each call's arguments split every 7 bytes across
        /// chunks. OpenAI's shape names the call's `index` in every fragment; `llamaCpp` sends the
        /// id and name in the first fragment only and no `index` at all (one call after another).
        public static func toolCalls(_ calls: [(id: String, name: String, arguments: String)], llamaCpp: Bool = false) -> Reply {
            func quoted(_ text: String) -> String {
                "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
            func chunk(_ fragment: String) -> String {
                #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":["# + fragment + #"]},"finish_reason":null}]}"# + "\n\n"
            }
            var body = #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]}"# + "\n\n"
            for (position, call) in calls.enumerated() {
                let index = llamaCpp ? "" : #""index":\#(position),"#
                body += chunk("{" + index + #""id":\#(quoted(call.id)),"type":"function","function":{"name":\#(quoted(call.name)),"arguments":""}}"#)
                var rest = Substring(call.arguments)
                while !rest.isEmpty {
                    let piece = rest.prefix(7)
                    body += chunk("{" + index + #""function":{"arguments":\#(quoted(String(piece)))}}"#)
                    rest = rest.dropFirst(piece.count)
                }
            }
            body += #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"# + "\n\ndata: [DONE]\n\n"
            return .stream(body, size: 29)
        }

        public static func error(_ status: Int, _ message: String) -> Reply {
            Reply(status: status, contentType: "application/json",
                  pieces: [(.zero, Array(#"{"error":{"message":"\#(message)","type":"server_error"}}"#.utf8))])
        }
    }

    public final class Box: Sendable {
        let replies = Mutex<[Reply]>([])
        let requests = Mutex<[String]>([])
        let authorizations = Mutex<[String?]>([])
        let hungUp = Mutex(0)
        let responder = Mutex<(@Sendable (String) -> Reply?)?>(nil)
    }

    public let port: Int
    let box: Box
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var requestBodies: [String] { box.requests.withLock { $0 } }
    public var authorizations: [String?] { box.authorizations.withLock { $0 } }
    /// Streams the client ended before the server had sent all of them.
    public var clientHangUps: Int { box.hungUp.withLock { $0 } }

    public func enqueue(_ replies: Reply...) { box.replies.withLock { $0 += replies } }

    /// Answers each request by its body when `responder` returns a reply (for requests that may
    /// arrive in any order); the queued replies answer the rest.
    public func respond(with responder: @escaping @Sendable (String) -> Reply?) { box.responder.withLock { $0 = responder } }

    private init(port: Int, box: Box, group: ServiceGroup, running: Task<Void, any Error>) {
        self.port = port
        self.box = box
        self.group = group
        self.running = running
    }

    public static func start() async throws -> ScriptedLLMServer {
        let box = Box()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 22))
            box.requests.withLock { $0.append(body) }
            box.authorizations.withLock { $0.append(request.headers[.authorization]) }
            let reply = box.responder.withLock { $0 }?(body)
                ?? box.replies.withLock { $0.isEmpty ? Reply.error(500, "no scripted reply left") : $0.removeFirst() }
            return Response(
                status: .init(code: reply.status), headers: [.contentType: reply.contentType],
                body: ResponseBody { writer in
                    do {
                        for (delay, bytes) in reply.pieces {
                            if delay > .zero { try await Task.sleep(for: delay) }
                            try await writer.write(ByteBuffer(bytes: bytes))
                        }
                    } catch {
                        box.hungUp.withLock { $0 += 1 }
                        throw error
                    }
                    if reply.dropAfterPieces { throw CancellationError() }
                    try await writer.finish(nil)
                }
            )
        }
        var logger = Logger(label: "scripted-llm")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return ScriptedLLMServer(port: port, box: box, group: group, running: running)
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}

extension ScriptedLLMServer {
    /// A client configuration for this server with patient transport deadlines, for tests about
    /// what the model says rather than when: the whole test suite runs at once on two cores, and
    /// a scripted reply's first byte has taken longer there than the client's 4 s default. Tests
    /// about the client's own deadlines set them explicitly.
    public func configuration(model: String) -> LLMConfiguration {
        LLMConfiguration(
            baseURL: baseURL, model: model,
            deadlines: .init(connect: TestTiming.scaled(.seconds(10)), firstByte: TestTiming.scaled(.seconds(30)),
                             total: TestTiming.scaled(.seconds(90)))
        )
    }
}
