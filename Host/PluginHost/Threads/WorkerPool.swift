import Foundation

/// Threads for plugin code, kept for reuse: starting a thread per handler cost about as much as a
/// typical handler (≈ 40–80 µs). Every submitted body gets a thread of its own at once (an idle
/// one, or a new one when none is idle), so a plugin that hangs holds only its own thread and never
/// delays another body. Threads idle for a minute exit while more than `keepIdle` are idle.
final class WorkerPool: @unchecked Sendable {  // all state is guarded by `condition`
    static let shared = WorkerPool(keepIdle: 4)

    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var idle = 0
    private let keepIdle: Int

    init(keepIdle: Int) {
        self.keepIdle = keepIdle
    }

    func submit(name: String, _ body: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(body)
        // Each queued body must have a thread that will take it: an idle one, or a new one.
        let needsThread = queue.count > idle
        if !needsThread { condition.signal() }
        condition.unlock()
        if needsThread {
            let thread = Thread { [self] in work() }
            thread.name = name
            thread.start()
        }
    }

    private func work() {
        condition.lock()
        while true {
            while queue.isEmpty {
                idle += 1
                let signalled = condition.wait(until: Date(timeIntervalSinceNow: 60))
                idle -= 1
                if !signalled, queue.isEmpty, idle >= keepIdle {
                    condition.unlock()
                    return
                }
            }
            let body = queue.removeFirst()
            condition.unlock()
            body()
            condition.lock()
        }
    }
}
