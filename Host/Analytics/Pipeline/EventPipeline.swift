import Core
import Foundation

/// Calls' events on their way to the store: `record` only appends to a bounded queue; a writer
/// thread of its own takes batches (up to `batchSize`, at least every `flushInterval`) and inserts
/// them in one transaction. While the store is unreachable batches go to the spill file, and when
/// it is back the spill is replayed in order before anything newer; every event's id makes a
/// replay land exactly once. A full queue spills at once; a full spill drops and counts.
public final class EventPipeline: CallEventSink, @unchecked Sendable {
    public struct Configuration: Sendable {
        public var capacity = 10_000
        public var batchSize = 500
        public var flushInterval: Duration = .milliseconds(200)
        /// How long to wait before trying an unreachable store again.
        public var retryInterval: Duration = .seconds(1)
        public var spillPath: String
        public var spillLimit = 64 << 20

        public init(spillPath: String) { self.spillPath = spillPath }
    }

    public struct Status: Sendable, Equatable {
        public var queued = 0
        /// Events the store has taken (new rows; replays of stored ones do not count).
        public var stored = 0
        public var spilled = 0
        public var spillBytes = 0
        /// Events lost to a full spill file, or refused by the store.
        public var dropped = 0
        public var storeReachable = false
        public var lastError: String?
    }

    /// What the pipeline tells the operator about (the alerting layer logs, shows and posts it).
    public enum Notice: Sendable, Equatable {
        case storeUnreachable(String)
        case storeRecovered(replayed: Int)
        case spillGrowing(bytes: Int)
        case eventsDropped(total: Int)
    }

    public let location: StoreLocation
    public let configuration: Configuration
    private let notify: @Sendable (Notice) -> Void
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var queue: [CallEvent] = []
    private var status = Status()
    private var stopping = false
    private var finished = false
    private var busy = false
    private let spill: SpillFile
    private var thread: Thread?
    // The writer thread's own:
    private var connection: (any AnalyticsConnection)?
    private var nextAttempt = ContinuousClock.now
    private var spillAlertedAt = 0

    public init(location: StoreLocation, configuration: Configuration, notify: @escaping @Sendable (Notice) -> Void = { _ in }) {
        self.location = location
        self.configuration = configuration
        self.notify = notify
        spill = SpillFile(path: configuration.spillPath, limit: configuration.spillLimit)
        status.spilled = spill.pending
        status.spillBytes = spill.pendingBytes
        let thread = Thread { [self] in run() }
        thread.name = "smartdesk-analytics"
        self.thread = thread
        thread.start()
    }

    public func record(_ event: CallEvent) {
        condition.lock()
        defer { condition.unlock() }
        guard !finished else { return }
        if queue.count >= configuration.capacity {
            // The writer is behind: keep the event on disk rather than wait or lose it.
            spillLocked([event])
            return
        }
        queue.append(event)
        if queue.count >= configuration.batchSize { condition.signal() }
    }

    public var current: Status {
        condition.lock()
        defer { condition.unlock() }
        var status = status
        status.queued = queue.count
        return status
    }

    /// Waits until everything recorded so far is in the store (or `timeout` passes); `false`
    /// when something is still queued or spilled.
    @discardableResult
    public func flush(timeout: Duration = .seconds(10)) -> Bool {
        let deadline = Date().addingTimeInterval(timeout.seconds)
        condition.lock()
        defer { condition.unlock() }
        condition.broadcast()
        while !queue.isEmpty || !spill.isEmpty || busy {
            if !condition.wait(until: min(deadline, Date().addingTimeInterval(0.05))), Date() >= deadline { return false }
            condition.broadcast()
        }
        return true
    }

    /// Writes what is queued (to the store, or the spill file) and stops the writer.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        // The thread's block holds the pipeline: let go of the thread, or the two keep each
        // other alive (found by LeakSanitizer).
        thread = nil
        condition.unlock()
    }

    // MARK: the writer thread

    private func spillLocked(_ events: [CallEvent]) {
        let dropped = spill.append(events)
        status.spilled = spill.pending
        status.spillBytes = spill.pendingBytes
        if dropped > 0 {
            status.dropped += dropped
            notify(.eventsDropped(total: status.dropped))
        }
        // Say so each time the spill doubles past 64 KB.
        if spill.pendingBytes >= max(64 << 10, spillAlertedAt * 2) {
            spillAlertedAt = spill.pendingBytes
            notify(.spillGrowing(bytes: spill.pendingBytes))
        }
    }

    private func run() {
        while true {
            condition.lock()
            if queue.count < configuration.batchSize, !stopping {
                _ = condition.wait(until: Date().addingTimeInterval(configuration.flushInterval.seconds))
            }
            let batch = Array(queue.prefix(configuration.batchSize))
            queue.removeFirst(batch.count)
            let stop = stopping && queue.isEmpty
            let hasSpill = !spill.isEmpty
            busy = true
            condition.unlock()

            write(batch, replaySpill: hasSpill, final: stop)

            condition.lock()
            busy = false
            condition.broadcast()
            if stop {
                finished = true
                condition.broadcast()
                condition.unlock()
                connection?.close()
                connection = nil
                return
            }
            condition.unlock()
        }
    }

    private func write(_ batch: [CallEvent], replaySpill: Bool, final: Bool) {
        if batch.isEmpty, !replaySpill { return }
        guard let connection = connect(force: final) else {
            if !batch.isEmpty { locked { spillLocked(batch) } }
            return
        }
        do {
            var replayed = 0
            if replaySpill {
                // Everything spilled so far, oldest first; what spills meanwhile waits its turn.
                while true {
                    let moved: Bool = locked {
                        spill.beginReplay()
                        return spill.replayingBytes > 0
                    }
                    guard moved else { break }
                    let spilled = spill.readReplay()
                    for start in stride(from: 0, to: spilled.count, by: configuration.batchSize) {
                        let part = Array(spilled[start..<min(start + configuration.batchSize, spilled.count)])
                        let new = try Schema.insert(part, into: connection)
                        locked { status.stored += new }
                    }
                    replayed += spilled.count
                    locked {
                        spill.finishReplay()
                        status.spilled = spill.pending
                        status.spillBytes = spill.pendingBytes
                    }
                    if locked({ spill.isEmpty }) { break }
                }
                locked { spillAlertedAt = 0 }
            }
            if !batch.isEmpty {
                let new = try Schema.insert(batch, into: connection)
                locked { status.stored += new }
            }
            if replayed > 0 { notify(.storeRecovered(replayed: replayed)) }
        } catch let error as StoreError where !error.isUnreachable {
            // The store refuses the batch itself: one at a time, so one bad event costs only itself.
            for event in batch {
                do {
                    let new = try Schema.insert([event], into: connection)
                    locked { status.stored += new }
                } catch {
                    locked {
                        status.dropped += 1
                        status.lastError = "\(error)"
                    }
                    notify(.eventsDropped(total: current.dropped))
                }
            }
        } catch {
            disconnect(because: "\(error)")
            if !batch.isEmpty { locked { spillLocked(batch) } }
        }
    }

    private func connect(force: Bool) -> (any AnalyticsConnection)? {
        if let connection { return connection }
        guard force || ContinuousClock.now >= nextAttempt else { return nil }
        do {
            let connection = try location.connect()
            self.connection = connection
            locked {
                status.storeReachable = true
                status.lastError = nil
            }
            return connection
        } catch {
            disconnect(because: "\(error)")
            return nil
        }
    }

    private func disconnect(because reason: String) {
        connection?.close()
        connection = nil
        nextAttempt = ContinuousClock.now + configuration.retryInterval
        let wasReachable = locked {
            let was = status.storeReachable || status.lastError == nil
            status.storeReachable = false
            status.lastError = reason
            return was
        }
        if wasReachable { notify(.storeUnreachable(reason)) }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
