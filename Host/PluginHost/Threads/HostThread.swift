import Dispatch
import Foundation
import Locks

/// Plugin code runs on threads the host owns, never on the Swift cooperative pool: a plugin that
/// blocks then holds one thread of its own instead of starving every task in the process.
enum HostThread {
    /// Starts `body` at once on a thread of the host's worker pool (never queued behind another body).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        WorkerPool.shared.submit(name: name, body)
    }

    /// Runs `body` on a pool thread and waits for it at most `deadline` (for synchronous lifecycle
    /// calls: describe, init, configure, unload). nil when it overran; `whenAbandoned` then runs
    /// on that thread with the value once `body` does return.
    static func run<Value: Sendable>(
        name: String, deadline: Duration, _ body: @escaping @Sendable () -> Value,
        whenAbandoned: @escaping @Sendable (Value) -> Void = { _ in }
    ) -> Value? {
        let rendezvous = Rendezvous<Value>()
        start(name: name) {
            let value = body()
            if !rendezvous.deliver(value) { whenAbandoned(value) }
        }
        return rendezvous.wait(deadline)
    }
}

/// A value passed from a thread to a waiter that may give up.
private final class Rendezvous<Value: Sendable>: Sendable {
    private enum Slot {
        case waiting
        case delivered(Value)
        case abandoned
    }

    private let slot = Mutex(Slot.waiting)
    private let signal = DispatchSemaphore(value: 0)

    /// False when the waiter has given up.
    func deliver(_ value: Value) -> Bool {
        let accepted = slot.withLock { slot in
            guard case .waiting = slot else { return false }
            slot = .delivered(value)
            return true
        }
        if accepted { signal.signal() }
        return accepted
    }

    func wait(_ deadline: Duration) -> Value? {
        _ = signal.wait(timeout: .now() + .nanoseconds(Int(clamping: deadline.nanoseconds)))
        return slot.withLock { slot in
            if case .delivered(let value) = slot { return value }
            slot = .abandoned
            return nil
        }
    }
}
