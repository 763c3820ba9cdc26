import Dispatch
import Locks

/// Runs plugin code on a host thread under a deadline, from async code.
enum DeadlineRun {
    /// Runs `body` on a new host thread and returns its value, or `onDeadline()`'s when
    /// `deadline` passes first; whichever comes first wins, the other is not used. `cleanup` runs
    /// on the thread after `body` has really returned (after the caller was answered), so what
    /// the plugin code needed stays alive until then.
    ///
    /// The deadline is a Dispatch timer, not a task: it fires on time (closing the turn, marking
    /// the plugin) even while the cooperative pool is busy.
    static func run<Value: Sendable>(
        thread name: String, deadline: Duration,
        body: @escaping @Sendable () -> Value,
        onDeadline: @escaping @Sendable () -> Value,
        cleanup: @escaping @Sendable () -> Void
    ) async -> Value {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
            let once = ResumeOnce(continuation)
            // Not cancelled when the body wins: firing then finds the claim taken and does nothing.
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: deadline.nanoseconds))) {
                if once.claim() { once.resume(onDeadline()) }
            }
            HostThread.start(name: name) {
                let value = body()
                if once.claim() { once.resume(value) }
                cleanup()
            }
        }
    }
}

/// Plugin code to run: what it does, what the caller gets when the deadline passes first, and
/// what to do once it has really returned.
struct DeadlineJob<Value: Sendable>: Sendable {
    let thread: String
    let deadline: Duration
    let body: @Sendable () -> Value
    let onDeadline: @Sendable () -> Value
    let cleanup: @Sendable () -> Void

    /// On a host thread under the deadline (``DeadlineRun``).
    func run() async -> Value {
        await DeadlineRun.run(thread: thread, deadline: deadline, body: body, onDeadline: onDeadline, cleanup: cleanup)
    }

    /// On the calling thread, without a deadline: in a plugin worker, whose host keeps the deadline
    /// and ends the whole process when it passes.
    func runHere() -> Value {
        let value = body()
        cleanup()
        return value
    }
}

/// Resumes a continuation exactly once; `claim` decides who does.
private final class ResumeOnce<Value: Sendable>: Sendable {
    private let state: Mutex<(claimed: Bool, continuation: CheckedContinuation<Value, Never>?)>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        state = Mutex((false, continuation))
    }

    /// True for the first caller only.
    func claim() -> Bool {
        state.withLock { state in
            guard !state.claimed else { return false }
            state.claimed = true
            return true
        }
    }

    func resume(_ value: Value) {
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
    }
}
