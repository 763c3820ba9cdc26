import Agent
import Foundation
import Hummingbird
import LLM
import NIOCore
import Locks

/// An OpenAI-compatible server on loopback for the benchmarks of model turns: it streams one fixed
/// answer after a settable first-token time, about fifty tokens a second, and counts requests.
struct StandInModelServer: Sendable {
    static let pieces = ["Yes,", " there's step-free access", " at the side entrance.", " Just", " ring the bell."]

    private final class State: Sendable {
        let values = Mutex<(firstToken: Duration, requests: Int)>((.zero, 0))
    }

    private let state: State
    private let server: LoopbackServer

    var baseURL: String { server.baseURL }

    /// The first-token time of the next requests.
    var firstToken: Duration {
        get { state.values.withLock { $0.firstToken } }
        nonmutating set { state.values.withLock { $0.firstToken = newValue } }
    }

    /// Requests answered so far.
    var requests: Int { state.values.withLock { $0.requests } }

    /// The business fact the answers come from, as the profile gives it.
    static let fact = "There is step-free access at the side entrance."

    /// A composer for this server: no holding phrase (it would be what is timed), deadlines well
    /// beyond the slowest first token measured.
    func composer() -> AnswerComposer {
        var composer = AnswerComposer(client: LLMClient(LLMConfiguration(baseURL: baseURL, model: "bench")),
                                      business: "Brightside Dental", profile: #"{"facts":{"access":"\#(Self.fact)"}}"#)
        composer.firstTokenDeadline = .seconds(5)
        composer.deadline = .seconds(8)
        composer.holdingPhrase = nil
        return composer
    }

    static func chunk(_ text: String) -> String {
        #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#(text)"},"finish_reason":null}]}"# + "\n\n"
    }

    static func start() async -> StandInModelServer {
        let state = State()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            var request = request
            _ = try await request.collectBody(upTo: 1 << 22)
            let delay = state.values.withLock { $0.requests += 1; return $0.firstToken }
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                if delay > .zero { try await Task.sleep(for: delay) }
                for piece in pieces {
                    try await writer.write(ByteBuffer(string: chunk(piece)))
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await writer.write(ByteBuffer(string: #"data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n"))
                try await writer.finish(nil)
            })
        }
        return StandInModelServer(state: state, server: await LoopbackServer.start(router, label: "bench-model"))
    }

    private init(state: State, server: LoopbackServer) {
        self.state = state
        self.server = server
    }

    func stop() async { await server.stop() }
}
