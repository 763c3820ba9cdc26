import Locks

/// Failures in a row open it; while open, callers skip what failed; it closes by itself after
/// `openFor`, and one success resets the count.
final class CircuitBreaker: Sendable {
    let failuresToOpen: Int
    let openFor: Duration
    private let state = Mutex<(failures: Int, openUntil: ContinuousClock.Instant?)>((0, nil))

    init(failuresToOpen: Int = 3, openFor: Duration = .seconds(30)) {
        self.failuresToOpen = failuresToOpen
        self.openFor = openFor
    }

    var isOpen: Bool { state.withLock { state in state.openUntil.map { ContinuousClock.now < $0 } ?? false } }

    func succeeded() { state.withLock { $0 = (0, nil) } }

    func failed() {
        state.withLock { state in
            state.failures += 1
            if state.failures >= failuresToOpen {
                state.openUntil = .now + openFor
                state.failures = 0
            }
        }
    }
}
