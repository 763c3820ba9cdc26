import SmartDeskPluginKit
import Locks

extension HandoffPlugin {
    /// `handoff_queue` takes no arguments.
    struct QueueRequest: Decodable, Sendable {}

    /// `{"pending":[…entries…],"total":N}`: the oldest waiting entries and how many wait in all.
    struct QueueSnapshot: Encodable, Sendable {
        var pending: [HandoffEntry]
        var total: Int
    }

    func registerTools(on context: PluginContext) throws {
        try context.registerTool(
            name: "handoff_queue",
            description: "Callers waiting for the team (transfers and callbacks), oldest first, with the summary of each call",
            parameters: #"{"type":"object","properties":{}}"#
        ) { [weak self] (_: QueueRequest) throws -> QueueSnapshot in
            guard let self else { throw HandoffError("the handoff plugin is unloading") }
            return try snapshot()
        }
        try context.registerTypedTool(
            name: "handoff_queue_length",
            description: "How many callers are waiting for the team (transfers and callbacks); -1 when the queue cannot be read",
            function: QueueLengthTool.function
        )
    }

    func snapshot() throws -> QueueSnapshot {
        let (entries, total) = try queue.withLock { queue in
            (try queue.waiting(limit: Self.toolEntryLimit), try queue.waitingCount())
        }
        let trimmed = entries.map { entry in
            var entry = entry
            if entry.summary.count > Self.toolSummaryLimit {
                entry.summary = String(entry.summary.prefix(Self.toolSummaryLimit)) + "…"
            }
            return entry
        }
        return QueueSnapshot(pending: trimmed, total: total)
    }
}

/// `int64_t handoff_queue_length(void)`.
///
/// A typed tool is a plain C function the host calls through libffi: `SDTypedToolSpec` carries no
/// userdata, so it cannot capture the plugin instance. It reads the queue through
/// `HandoffPlugin.live`, a static lock box that each generation fills when it loads and empties when
/// it is unloaded (the newest generation wins during a reload).
enum QueueLengthTool {
    static let function: @convention(c) () -> Int64 = {
        guard let plugin = HandoffPlugin.live.instance,
              let count = try? plugin.queue.withLock({ try $0.waitingCount() })
        else { return -1 }
        return Int64(count)
    }
}
