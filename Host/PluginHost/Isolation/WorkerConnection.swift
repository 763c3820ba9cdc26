import Dispatch
import Foundation
import Locks
#if canImport(Glibc)
import Glibc
#endif

/// The host's side of one running plugin worker: it sends requests, pairs replies with their
/// waiters on a reader thread, answers the worker's host-function calls (`turn_summary`) and
/// notices when the worker ends, failing everything still waiting.
final class WorkerConnection: Sendable {
    /// Why a request got no answer.
    enum Failure: Error, Sendable, Equatable {
        /// The worker process ended (crashed, was killed, or exited).
        case ended(String)
        /// No answer within the deadline.
        case timedOut
    }

    typealias Answer = Result<WorkerReply, Failure>

    private struct State {
        var nextID = 1
        var waiters: [Int: CheckedContinuation<Answer, Never>] = [:]
        /// Summaries the worker may ask for, by request id.
        var summaries: [Int: DeferredText] = [:]
        /// Why the worker ended, once it has.
        var ended: String?
        var loadAnswer: Result<WorkerLoaded, Refusal>?
        var stopping = false
        /// Someone has acted on the end (see ``claimEnd()``).
        var endClaimed = false
    }

    let process: WorkerProcess
    private let state = Mutex(State())
    private let writer = Mutex(())
    private let loadSignal = DispatchSemaphore(value: 0)
    private let endSignal = DispatchSemaphore(value: 0)
    private let onLog: @Sendable (PluginLogRecord.Level, String, Bool) -> Void
    /// Called once, on the reader thread, with this connection, how the worker ended and whether
    /// it was asked to.
    private let onEnd: @Sendable (WorkerConnection, String, Bool) -> Void

    private init(
        process: WorkerProcess, onLog: @escaping @Sendable (PluginLogRecord.Level, String, Bool) -> Void,
        onEnd: @escaping @Sendable (WorkerConnection, String, Bool) -> Void
    ) {
        self.process = process
        self.onLog = onLog
        self.onEnd = onEnd
    }

    /// Starts a worker, has it load `load.path` and waits for what it registered (at most
    /// `deadline`; then it is killed). Throws the worker's refusal, or why it died loading.
    static func start(
        executable: String, load: WorkerLoad, deadline: Duration,
        onLog: @escaping @Sendable (PluginLogRecord.Level, String, Bool) -> Void,
        onEnd: @escaping @Sendable (WorkerConnection, String, Bool) -> Void
    ) throws(Refusal) -> (WorkerConnection, WorkerLoaded) {
        let process = try WorkerProcess.spawn(executable: executable)
        let connection = WorkerConnection(process: process, onLog: onLog, onEnd: onEnd)
        Thread.detachNewThread { connection.readLoop() }
        do {
            try connection.send(.load(load))
        } catch {
            connection.kill()
            throw Refusal("cannot talk to its plugin worker: \(error)")
        }
        let signalled = connection.loadSignal.wait(timeout: .now() + .nanoseconds(Int(clamping: deadline.nanoseconds)))
        guard signalled == .success, let answer = connection.state.withLock({ $0.loadAnswer }) else {
            connection.kill()
            throw Refusal("its plugin worker did not finish loading it within \(deadline.spoken)")
        }
        switch answer {
        case .success(let loaded): return (connection, loaded)
        case .failure(let refusal):
            connection.stop(grace: .seconds(2))
            throw refusal
        }
    }

    var hasEnded: Bool { state.withLock { $0.ended != nil } }

    /// True for the first caller once the worker has ended: its end is acted on exactly once,
    /// whether the reader thread or a plugin that learnt of the connection late sees it first.
    func claimEnd() -> Bool {
        state.withLock { state in
            guard state.ended != nil, !state.endClaimed else { return false }
            state.endClaimed = true
            return true
        }
    }

    // MARK: Requests

    /// Sends the request `make(id)` and waits for its reply, at most `deadline`. `summary` answers
    /// the worker's `turn_summary` calls for this request.
    func call(deadline: Duration, summary: DeferredText? = nil, _ make: (Int) -> WorkerRequest) async -> Answer {
        let id: Int
        do {
            id = try state.withLock { state throws(Failure) in
                if let ended = state.ended { throw .ended(ended) }
                defer { state.nextID += 1 }
                if let summary { state.summaries[state.nextID] = summary }
                return state.nextID
            }
        } catch {
            return .failure(error)
        }
        let request = make(id)
        let answer = await withCheckedContinuation { (continuation: CheckedContinuation<Answer, Never>) in
            let ended = state.withLock { state -> String? in
                if let ended = state.ended { return ended }
                state.waiters[id] = continuation
                return nil
            }
            if let ended {
                continuation.resume(returning: .failure(.ended(ended)))
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: deadline.nanoseconds))) {
                self.resolve(id, .failure(.timedOut))
            }
            do {
                try send(request)
            } catch {
                // A socket that will not take a frame: the worker is stuck or gone.
                resolve(id, .failure(.ended("could not be written to (\(error))")))
                kill()
            }
        }
        _ = state.withLock { $0.summaries.removeValue(forKey: id) }
        return answer
    }

    /// Asks the worker to unload its plugin and exit; waits at most `grace`, then kills it.
    func stop(grace: Duration) {
        state.withLock { $0.stopping = true }
        try? send(.shutdown)
        if endSignal.wait(timeout: .now() + .nanoseconds(Int(clamping: grace.nanoseconds))) == .timedOut {
            kill()
            _ = endSignal.wait(timeout: .now() + 5)
        }
    }

    /// SIGKILL: the reader thread then sees the end and fails what waits.
    func kill() {
        process.kill()
    }

    // MARK: The reader thread

    private func send(_ request: WorkerRequest) throws(WorkerFrames.Failure) {
        let payload: Data
        do {
            payload = try WorkerCodec.encode(request)
        } catch {
            throw .broken("cannot encode a request: \(error)")
        }
        try writer.withLock { _ throws(WorkerFrames.Failure) in try WorkerFrames.write(payload, to: process.socket) }
    }

    private func resolve(_ id: Int, _ answer: Answer) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.resume(returning: answer)
    }

    private func readLoop() {
        var problem: String?
        var reader = WorkerFrames.Reader(descriptor: process.socket)
        while true {
            let frame: Data
            do {
                frame = try reader.next()
            } catch .closed {
                break
            } catch {
                problem = "its socket broke (\(error))"
                break
            }
            guard let reply = try? WorkerCodec.decodeReply(frame) else {
                problem = "it sent a message the host cannot read"
                break
            }
            handle(reply)
        }
        if problem != nil { kill() }
        let how = process.reap(grace: .seconds(2))
        close(process.socket)
        let reason = problem.map { "\($0); \(how)" } ?? how
        let (waiters, stopping, loading) = state.withLock { state in
            state.ended = reason
            defer { state.waiters = [:] }
            let loading = state.loadAnswer == nil
            if loading { state.loadAnswer = .failure(Refusal("its plugin worker \(reason) while loading it")) }
            return (state.waiters, state.stopping, loading)
        }
        if loading { loadSignal.signal() }
        // The plugin is marked first, so that whoever hears of the failure finds it degraded.
        onEnd(self, reason, stopping)
        for waiter in waiters.values { waiter.resume(returning: .failure(.ended(reason))) }
        endSignal.signal()
    }

    private func handle(_ reply: WorkerReply) {
        switch reply {
        case .loaded(let loaded):
            state.withLock { $0.loadAnswer = .success(loaded) }
            loadSignal.signal()
        case .refused(let reason):
            state.withLock { $0.loadAnswer = .failure(Refusal(reason)) }
            loadSignal.signal()
        case .outcome(let id, _), .toolResult(let id, _), .toolError(let id, _, _), .configured(let id, _):
            resolve(id, .success(reply))
        case .summaryRequest(let id):
            let provider = state.withLock { $0.summaries[id] }
            Thread.detachNewThread { [self] in
                try? send(.summary(id: id, text: provider?.text ?? ""))
            }
        case .log(let level, let message, let fromPlugin):
            onLog(PluginLogRecord.Level(rawValue: level) ?? .error, message, fromPlugin)
        case .stopped:
            state.withLock { $0.stopping = true }
        }
    }
}
