import Locks

/// Delivers registry snapshots to observers in version order, outside every lock. Swaps on
/// different threads may publish out of order; a snapshot older than one already delivered is
/// dropped, so observers only ever see versions increase. One thread delivers at a time (an
/// observer that triggers another swap has it delivered after it returns).
final class ObserverHub: Sendable {
    private struct State {
        var observers: [@Sendable (Registry) -> Void] = []
        var queue: [Registry] = []
        var delivering = false
        var lastDelivered = 0
    }

    private let state = Mutex(State())

    func add(_ observer: @escaping @Sendable (Registry) -> Void) {
        state.withLock { $0.observers.append(observer) }
    }

    func publish(_ registry: Registry) {
        let deliverHere = state.withLock { state in
            state.queue.append(registry)
            guard !state.delivering else { return false }
            state.delivering = true
            return true
        }
        guard deliverHere else { return }
        while let (observers, next) = nextDelivery() {
            for observer in observers { observer(next) }
        }
    }

    private func nextDelivery() -> ([@Sendable (Registry) -> Void], Registry)? {
        state.withLock { state in
            while !state.queue.isEmpty {
                let next = state.queue.removeFirst()
                guard next.version > state.lastDelivered else { continue }
                state.lastDelivered = next.version
                return (state.observers, next)
            }
            state.delivering = false
            return nil
        }
    }
}
