import CCurl
import Foundation
import Locks

/// One lock per kind of data libcurl shares between transfers.
private let shareLocks = (0..<16).map { _ in NSLock() }

/// What a streamed response delivers: its status once known, then its body as it arrives.
public enum HTTPStreamEvent: Sendable, Equatable {
    case status(Int)
    case bytes([UInt8])
}

/// Why a streamed request ended without a whole response.
public enum HTTPStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection within the connect deadline, no first byte of the body within its deadline,
    /// or the whole exchange past its deadline.
    case timeout(String)
    /// ``HTTPStream/cancel()`` was called.
    case cancelled
    /// The connection failed or broke.
    case transport(String)

    public var description: String {
        switch self {
        case .timeout(let what): "timed out: \(what)"
        case .cancelled: "cancelled"
        case .transport(let what): what
        }
    }
}

/// A request whose response body is read as it arrives (server-sent events), over libcurl's multi
/// interface on a thread of its own, so ``cancel()`` ends the transfer at once (it wakes the
/// thread's poll) rather than at libcurl's next progress check. Deadlines: connecting, the first
/// byte of the body (a model's first token), and the whole exchange. Streams share one
/// connection cache, so requests to the same server reuse a connection.
///
/// ```swift
/// let stream = HTTPStream.start(request, deadlines: .init(connect: .seconds(2), firstByte: .seconds(3), total: .seconds(20)))
/// for try await event in stream.events {
///     if case .bytes(let chunk) = event { feed(chunk) }
/// }
/// // on barge-in: stream.cancel()
/// ```
public final class HTTPStream: Sendable {
    public struct Deadlines: Sendable, Equatable {
        public var connect: Duration
        public var firstByte: Duration
        public var total: Duration

        public init(connect: Duration = .seconds(3), firstByte: Duration = .seconds(5), total: Duration = .seconds(30)) {
            self.connect = connect
            self.firstByte = firstByte
            self.total = total
        }
    }

    public let events: AsyncThrowingStream<HTTPStreamEvent, any Error>
    private let state: Mutex<State>

    /// The connection cache all streams share (never freed: it lives as long as the process).
    private static let share = UInt(bitPattern: sd_curl_share_connections(
        { _, data, _, _ in shareLocks[Int(data.rawValue) % shareLocks.count].lock() },
        { _, data, _ in shareLocks[Int(data.rawValue) % shareLocks.count].unlock() }
    ))

    /// Connections the shared cache keeps, idle or busy, before it closes the oldest idle one.
    static let keptConnections = 64

    /// New connections the transfer opened once it ended: 0 when it reused one.
    public var connectionsOpened: Int? { state.withLock { $0.connectionsOpened } }

    private struct State {
        var connectionsOpened: Int?
        var cancelled = false
        /// The running transfer's multi handle (its address), to wake its poll (nil once it ended).
        var multi: UInt?
    }

    private init(events: AsyncThrowingStream<HTTPStreamEvent, any Error>) {
        self.events = events
        self.state = Mutex(State())
    }

    /// Starts `request` now; its events arrive on ``events``.
    public static func start(_ request: HTTPRequest, deadlines: Deadlines = Deadlines()) -> HTTPStream {
        let (events, continuation) = AsyncThrowingStream<HTTPStreamEvent, any Error>.makeStream(bufferingPolicy: .unbounded)
        let stream = HTTPStream(events: events)
        continuation.onTermination = { [weak stream] termination in
            if case .cancelled = termination { stream?.cancel() }
        }
        let thread = Thread { stream.run(request, deadlines: deadlines, continuation: continuation) }
        thread.name = "http-stream"
        thread.start()
        return stream
    }

    /// Ends the transfer at once; ``events`` finishes with ``HTTPStreamError/cancelled``.
    public func cancel() {
        state.withLock { state in
            state.cancelled = true
            if let multi = state.multi.flatMap(UnsafeMutableRawPointer.init(bitPattern:)) { _ = curl_multi_wakeup(multi) }
        }
    }

    private var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// What the write callback needs; lives as long as the transfer.
    private final class Receiver {
        let continuation: AsyncThrowingStream<HTTPStreamEvent, any Error>.Continuation
        let curl: UnsafeMutableRawPointer
        var sentStatus = false
        var firstByte: ContinuousClock.Instant?
        init(continuation: AsyncThrowingStream<HTTPStreamEvent, any Error>.Continuation, curl: UnsafeMutableRawPointer) {
            self.continuation = continuation
            self.curl = curl
        }
        func sendStatus() {
            guard !sentStatus else { return }
            sentStatus = true
            var status = 0
            _ = sd_curl_get_response_code(curl, &status)
            continuation.yield(.status(status))
        }
    }

    private func run(
        _ request: HTTPRequest, deadlines: Deadlines, continuation: AsyncThrowingStream<HTTPStreamEvent, any Error>.Continuation
    ) {
        guard HTTPClient.start(), let curl = curl_easy_init() else {
            continuation.finish(throwing: HTTPStreamError.transport("libcurl could not start"))
            return
        }
        defer { curl_easy_cleanup(curl) }
        let headers = HTTPClient.prepare(curl, for: request)
        defer { curl_slist_free_all(headers) }
        _ = sd_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(Milliseconds.of(deadlines.connect)))
        _ = sd_curl_set_long(curl, CURLOPT_TIMEOUT_MS, Int(Milliseconds.of(deadlines.total)))
        _ = sd_curl_set_long(curl, CURLOPT_TCP_NODELAY, 1)
        if let share = UnsafeMutableRawPointer(bitPattern: Self.share) { _ = sd_curl_set_pointer(curl, CURLOPT_SHARE, share) }
        let receiver = Receiver(continuation: continuation, curl: curl)
        let box = Unmanaged.passRetained(receiver)
        defer { box.release() }
        _ = sd_curl_set_pointer(curl, CURLOPT_WRITEDATA, box.toOpaque())
        _ = sd_curl_set_write_function(curl) { data, size, count, userdata in
            guard let data, let userdata else { return 0 }
            let receiver = Unmanaged<Receiver>.fromOpaque(userdata).takeUnretainedValue()
            let length = size * count
            receiver.sendStatus()
            if receiver.firstByte == nil { receiver.firstByte = ContinuousClock.now }
            receiver.continuation.yield(.bytes(Array(UnsafeRawBufferPointer(start: data, count: length))))
            return length
        }
        let outcome = HTTPClient.withBody(curl, of: request) {
            transfer(curl, receiver: receiver, deadlines: deadlines, url: request.url)
        }
        var opened = 0
        _ = sd_curl_get_new_connections(curl, &opened)
        state.withLock { $0.connectionsOpened = opened }
        switch outcome {
        case .success:
            receiver.sendStatus()
            continuation.finish()
        case .failure(let error):
            continuation.finish(throwing: error)
        }
    }

    /// Runs the easy handle through a multi handle until it ends, is cancelled, or a deadline passes.
    private func transfer(_ curl: UnsafeMutableRawPointer, receiver: Receiver, deadlines: Deadlines, url: String) -> Result<Void, HTTPStreamError> {
        guard let multi = curl_multi_init() else { return .failure(.transport("libcurl could not start a transfer")) }
        defer { curl_multi_cleanup(multi) }
        _ = sd_curl_multi_keep_connections(multi, Self.keptConnections)
        _ = curl_multi_add_handle(multi, curl)
        defer { _ = curl_multi_remove_handle(multi, curl) }
        let started = ContinuousClock.now
        let proceed = state.withLock { state -> Bool in
            guard !state.cancelled else { return false }
            state.multi = UInt(bitPattern: multi)
            return true
        }
        defer { state.withLock { $0.multi = nil } }
        guard proceed else { return .failure(.cancelled) }
        var running: Int32 = 1
        while true {
            _ = curl_multi_perform(multi, &running)
            if isCancelled { return .failure(.cancelled) }
            if running == 0 { break }
            if receiver.firstByte == nil, ContinuousClock.now - started > deadlines.firstByte {
                return .failure(.timeout("no response from \(url) within \(deadlines.firstByte)"))
            }
            _ = curl_multi_poll(multi, nil, 0, 50, nil)
        }
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE else { continue }
            let code = message.pointee.data.result
            guard code == CURLE_OK else {
                let text = String(cString: curl_easy_strerror(code))
                if code == CURLE_OPERATION_TIMEDOUT { return .failure(.timeout("\(url): \(text)")) }
                return .failure(.transport("\(url): \(text)"))
            }
        }
        return .success(())
    }
}
