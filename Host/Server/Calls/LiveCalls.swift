import Foundation
import Locks

/// The calls this host is serving now, for the admin API and for draining on shutdown. Once
/// draining, no new call is admitted.
public final class LiveCalls: Sendable {
    /// What the admin API shows of a call.
    public struct Info: Sendable, Equatable, Codable {
        public var id: String
        /// `twilio`, `text` or `audio`.
        public var transport: String
        public var caller: String?
        public var started: Date
        public var state: String
        public var intent: String?
        public var turns: Int

        public init(id: String, transport: String, caller: String?, started: Date = Date(), state: String = "greeting",
                    intent: String? = nil, turns: Int = 0) {
            self.id = id
            self.transport = transport
            self.caller = caller
            self.started = started
            self.state = state
            self.intent = intent
            self.turns = turns
        }
    }

    private struct Entry {
        var info: Info
        var cancel: @Sendable () -> Void
    }

    private struct State {
        var calls: [String: Entry] = [:]
        var draining = false
        var admitted = 0
    }

    private let state = Mutex(State())
    /// Calls served at once; one more is refused.
    public let limit: Int

    public init(limit: Int = 500) {
        self.limit = limit
    }

    /// Admits a call; false when the host is draining, already serves `limit` calls, or the id is
    /// taken. `cancel` ends the call if it outlives the drain deadline.
    public func admit(_ info: Info, cancel: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard !state.draining, state.calls.count < limit, state.calls[info.id] == nil else { return false }
            state.calls[info.id] = Entry(info: info, cancel: cancel)
            state.admitted += 1
            return true
        }
    }

    public func update(_ id: String, _ change: (inout Info) -> Void) {
        state.withLock { state in
            if var entry = state.calls[id] {
                change(&entry.info)
                state.calls[id] = entry
            }
        }
    }

    public func remove(_ id: String) {
        _ = state.withLock { $0.calls.removeValue(forKey: id) }
    }

    /// The live calls, oldest first.
    public var snapshot: [Info] {
        state.withLock { $0.calls.values.map(\.info) }.sorted { $0.started < $1.started }
    }

    public var count: Int { state.withLock { $0.calls.count } }
    public var isDraining: Bool { state.withLock { $0.draining } }
    /// Calls admitted since the host started.
    public var admittedTotal: Int { state.withLock { $0.admitted } }

    /// Stops admitting calls, waits up to `deadline` for the live ones to end, then tells the rest
    /// to end (each transport says goodbye where it can) and waits up to `goodbye` more for them.
    /// Returns how many had to be cut.
    @discardableResult
    public func drain(deadline: Duration, goodbye: Duration = .seconds(10)) async -> Int {
        state.withLock { $0.draining = true }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while count > 0, clock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let leftovers = state.withLock { $0.calls.values.map(\.cancel) }
        leftovers.forEach { $0() }
        let last = clock.now + goodbye
        while count > 0, clock.now < last {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return leftovers.count
    }
}
