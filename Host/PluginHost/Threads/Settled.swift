import Locks

/// A value that is either settled by the code that computes it or expired by the deadline,
/// whichever comes first (the other side learns which).
final class Settled<Value: Sendable>: Sendable {
    private let state = Mutex<(expired: Bool, value: Value?)>((false, nil))

    /// Records the value; nil when the deadline came first.
    func settle(_ value: Value) -> Value? {
        state.withLock { state in
            guard !state.expired else { return nil }
            state.value = value
            return value
        }
    }

    /// Expires; answers the value when it was settled just before.
    func expire() -> Value? {
        state.withLock { state in
            state.expired = true
            return state.value
        }
    }
}
