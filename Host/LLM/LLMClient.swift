import Foundation
import HTTPClient
import Locks

/// Where the language model is and how long to wait for it: any OpenAI-compatible server
/// (OpenAI, vLLM, llama.cpp's server, Ollama).
public struct LLMConfiguration: Sendable, Equatable {
    /// `https://api.openai.com`, `http://127.0.0.1:8080`, or either with `/v1` already on it.
    public var baseURL: String
    public var model: String
    public var apiKey: String?
    public var deadlines: HTTPStream.Deadlines
    /// Tries after the first, on 429, 5xx or no connection, and only before any token arrived.
    public var retries: Int
    /// The first retry waits about this long (±50%), each later one twice as long.
    public var retryDelay: Duration

    public init(
        baseURL: String, model: String, apiKey: String? = nil,
        deadlines: HTTPStream.Deadlines = .init(connect: .seconds(2), firstByte: .seconds(4), total: .seconds(30)),
        retries: Int = 2, retryDelay: Duration = .milliseconds(150)
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.deadlines = deadlines
        self.retries = retries
        self.retryDelay = retryDelay
    }

    /// The chat-completions endpoint.
    public var completionsURL: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions"
    }
}

/// A whole reply, once the stream ended.
public struct ChatCompletion: Sendable, Equatable {
    public var content: String
    public var toolCalls: [AssembledToolCall]
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// How many requests it took (retries included).
    public var attempts: Int
}

/// A streamed reply in progress: its events as they arrive, and a way to stop it at once.
public final class LLMReply: Sendable {
    public let events: AsyncThrowingStream<ChatStreamEvent, any Error>
    private let stopper: Mutex<(task: Task<Void, Never>?, stream: HTTPStream?, stopped: Bool)>

    init(events: AsyncThrowingStream<ChatStreamEvent, any Error>) {
        self.events = events
        self.stopper = Mutex((nil, nil, false))
    }

    /// Ends the request at once (a barge-in): the transfer is aborted, ``events`` ends with
    /// ``LLMError/cancelled``.
    public func cancel() {
        let (task, stream) = stopper.withLock { state in
            state.stopped = true
            return (state.task, state.stream)
        }
        stream?.cancel()
        task?.cancel()
    }

    var isStopped: Bool { stopper.withLock { $0.stopped } }
    func attach(_ task: Task<Void, Never>) { stopper.withLock { $0.task = task } }
    /// Makes `stream` the one to cancel; false when the reply was already cancelled.
    func attach(_ stream: HTTPStream) -> Bool {
        stopper.withLock { state in
            state.stream = stream
            return !state.stopped
        }
    }
}

/// The OpenAI-compatible chat client: every request streamed over ``HTTPStream`` (libcurl),
/// decoded by ``ServerSentEventDecoder`` and put together by ``ChatStreamAssembler``; 429, 5xx
/// and failed connections retried with jitter while no token has arrived; connect, first-token
/// and total deadlines; cancellation at once.
///
/// ```swift
/// let client = LLMClient(LLMConfiguration(baseURL: "http://127.0.0.1:8080", model: "qwen"))
/// let reply = client.stream(ChatRequest(messages: [.system("Be brief."), .user("When do you open?")]))
/// for try await event in reply.events { if case .content(let text) = event { speak(text) } }
/// ```
public final class LLMClient: Sendable {
    public let configuration: LLMConfiguration

    public init(_ configuration: LLMConfiguration) {
        self.configuration = configuration
    }

    /// Starts `request`; its pieces arrive on the reply's events.
    public func stream(_ request: ChatRequest) -> LLMReply {
        let (events, continuation) = AsyncThrowingStream<ChatStreamEvent, any Error>.makeStream()
        let reply = LLMReply(events: events)
        continuation.onTermination = { [weak reply] termination in
            if case .cancelled = termination { reply?.cancel() }
        }
        let task = Task { [configuration] in
            do {
                _ = try await Self.runAssembled(request, configuration: configuration, reply: reply) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        reply.attach(task)
        return reply
    }

    /// Runs `request` to its end and returns the whole reply; `onEvent` sees each piece as it
    /// arrives (the words, to speak them while the rest is generated). Cancelling the task ends
    /// the request at once.
    public func complete(
        _ request: ChatRequest, onEvent: ((ChatStreamEvent) -> Void)? = nil
    ) async throws(LLMError) -> ChatCompletion {
        let reply = LLMReply(events: AsyncThrowingStream { $0.finish() })
        var content = ""
        var usage: (Int, Int)?
        do {
            let (assembled, attempts) = try await Self.runAssembled(request, configuration: configuration, reply: reply) { event in
                onEvent?(event)
                if case .content(let text) = event { content += text }
                if case .usage(let prompt, let completion) = event { usage = (prompt, completion) }
            }
            return ChatCompletion(
                content: content, toolCalls: assembled.toolCalls, finishReason: assembled.finishReason,
                promptTokens: usage?.0, completionTokens: usage?.1, attempts: attempts
            )
        } catch let error as LLMError {
            throw error
        } catch {
            throw LLMError.transport("\(error)")
        }
    }

    /// Tries the request until it streams, retrying what may be retried before the first token.
    private static func runAssembled(
        _ request: ChatRequest, configuration: LLMConfiguration, reply: LLMReply, yield: (ChatStreamEvent) -> Void
    ) async throws -> (ChatStreamAssembler, attempts: Int) {
        let body = try request.body(model: configuration.model)
        var headers = [("Content-Type", "application/json"), ("Accept", "text/event-stream")]
        if let key = configuration.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        let http = HTTPRequest(method: "POST", url: configuration.completionsURL, headers: headers, body: body)
        var attempt = 0
        let progress = Progress()
        while true {
            attempt += 1
            let outcome: Result<ChatStreamAssembler, LLMError>
            do {
                outcome = .success(try await once(http, configuration: configuration, reply: reply, progress: progress, yield: yield))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let assembled):
                return (assembled, attempt)
            case .failure(let error):
                guard error.isRetryable, !progress.sawToken, attempt <= configuration.retries, !reply.isStopped else { throw error }
                let base = configuration.retryDelay * (1 << (attempt - 1))
                let jittered = base * Double.random(in: 0.5...1.5)
                do { try await Task.sleep(for: jittered) } catch { throw LLMError.cancelled }
            }
        }
    }

    /// Whether anything reached the caller (then nothing may be retried).
    private final class Progress: @unchecked Sendable {
        var sawToken = false
    }

    /// One request: the status, then the stream decoded and assembled.
    private static func once(
        _ http: HTTPRequest, configuration: LLMConfiguration, reply: LLMReply, progress: Progress, yield: (ChatStreamEvent) -> Void
    ) async throws(LLMError) -> ChatStreamAssembler {
        let stream = HTTPStream.start(http, deadlines: configuration.deadlines)
        guard reply.attach(stream) else {
            stream.cancel()
            throw LLMError.cancelled
        }
        var status = 0
        var errorBody: [UInt8] = []
        var decoder = ServerSentEventDecoder()
        var assembled = ChatStreamAssembler()
        do {
            for try await event in stream.events {
                switch event {
                case .status(let code):
                    status = code
                case .bytes(let bytes):
                    guard status == 200 else {
                        if errorBody.count < 16_384 { errorBody += bytes.prefix(16_384 - errorBody.count) }
                        continue
                    }
                    for sse in try decoder.feed(bytes) {
                        for piece in try assembled.apply(sse) {
                            progress.sawToken = true
                            yield(piece)
                        }
                    }
                }
            }
        } catch let error as LLMError {
            stream.cancel()
            throw error
        } catch let error as SSEError {
            stream.cancel()
            throw LLMError.malformed(error.description)
        } catch let error as HTTPStreamError {
            switch error {
            case .cancelled: throw LLMError.cancelled
            case .timeout(let what): throw LLMError.timeout(what)
            case .transport(let what): throw LLMError.transport(what)
            }
        } catch {
            throw LLMError.transport("\(error)")
        }
        // Cancelled while waiting: the body's iteration just stops.
        if reply.isStopped || Task.isCancelled {
            stream.cancel()
            throw LLMError.cancelled
        }
        guard status == 200 else {
            throw LLMError.server(status: status, message: Self.errorMessage(errorBody))
        }
        if let last = decoder.finish() {
            for piece in try assembled.apply(last) { yield(piece) }
        }
        guard assembled.isDone || assembled.finishReason != nil else {
            throw LLMError.transport("the stream ended before the reply did")
        }
        return assembled
    }

    private static func errorMessage(_ body: [UInt8]) -> String {
        let text = String(decoding: body, as: UTF8.self)
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
           let error = object["error"] as? [String: Any], let message = error["message"] as? String {
            return message
        }
        return String(text.prefix(300))
    }
}
