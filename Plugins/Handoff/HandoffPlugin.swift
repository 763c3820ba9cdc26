import SmartDeskPluginKit
import SmartDeskSDK
import Locks

/// Hands the caller to a person: queues the handoff with the host's summary of the call, then
/// transfers while the team is in, or promises a callback at the next opening and ends the call.
/// The queue lives in `handoff.sqlite` in the plugin's data directory.
///
/// Configuration (`[plugins.handoff]`): `hours`, when the team takes calls (default
/// `"mon-fri 09:00-17:00; sat 10:00-13:00"`, see ``BusinessHours``).
final class HandoffPlugin: SmartDeskPlugin {
    static let about = PluginDescription(
        name: "handoff", version: "1.0.0",
        summary: "Transfers callers to the team, or queues a callback when the team is out"
    )

    static let defaultHours = "mon-fri 09:00-17:00; sat 10:00-13:00"
    /// The reason recorded when the caller asked for a person themselves.
    static let callerAskedReason = "caller asked for a person"
    /// Per-call value the host sets when it escalates on its own (misunderstandings, frustration).
    static let escalationReasonKey = "host.escalation_reason"
    /// Per-call value holding this call's queue entry, so a second escalation updates it.
    static let entryKey = "handoff.entry"
    /// `handoff_queue` answers at most this many entries, each summary cut to `toolSummaryLimit`
    /// characters, to stay well inside the host's limit on a tool result (`SD_MAX_JSON`).
    static let toolEntryLimit = 25
    static let toolSummaryLimit = 1_000

    /// The live generation, for the typed tool (see ``QueueLengthTool``).
    static let live = LiveInstance<HandoffPlugin>()

    /// When the team takes calls, replaced by a config-only reload.
    private let settings: PluginSettings<BusinessHours>
    let queue: Mutex<HandoffQueue>

    var hours: BusinessHours { settings.current }

    init(context: PluginContext) throws {
        settings = try PluginSettings(context) { try BusinessHours(parsing: $0.config("hours") ?? HandoffPlugin.defaultHours) }
        queue = Mutex(try HandoffQueue.open(in: context))
        try context.registerIntent(
            name: "handoff.request", description: "talk to a person",
            examples: HandoffExamples.request, escalation: true
        ) { [weak self] turn in try self?.request(turn) }
        try registerTools(on: context)
        Self.live.install(self)
    }

    func unload() {
        Self.live.retire(self)
        queue.withLock { $0.close() }
    }

    /// A config-only reload: new hours apply from the next turn; invalid ones throw and the host
    /// keeps the previous values.
    func configure(context: PluginContext) throws {
        try settings.reload(from: context)
    }

    // MARK: handoff.request

    func request(_ turn: Turn) throws {
        guard let now = LocalDateTime(parsing: turn.now) else {
            throw HandoffError("the host's clock reads \"\(turn.now)\", not YYYY-MM-DDTHH:MM:SS")
        }
        let reason = turn.value(Self.escalationReasonKey).flatMap { $0.isEmpty ? nil : $0 } ?? Self.callerAskedReason
        let callerPhone = turn.caller.flatMap { PhoneNumber.canonical($0) }
        let hours = self.hours
        let isOpen = hours.isOpen(at: now)
        let opening = isOpen ? nil : hours.nextOpening(after: now)
        let existing = turn.value(Self.entryKey).flatMap { Int($0) }
        let customerName = turn.customer(as: CustomerName.self)?.name
        let summary = turn.summary
        let id = try queue.withLock { queue in
            try queue.record(
                replacing: existing, createdAt: now, callerPhone: callerPhone, customerName: customerName,
                reason: reason, summary: summary, callbackAt: opening, status: isOpen ? .pending : .callback
            )
        }
        turn.setValue(String(id), for: Self.entryKey)
        if isOpen {
            turn.say(HandoffReplies.connecting)
            turn.transfer(reason: reason)
        } else {
            turn.say(callerPhone == nil
                ? HandoffReplies.callAgain(at: opening, now: now)
                : HandoffReplies.callback(at: opening, now: now))
            turn.endCall()
        }
    }
}

/// The part of the shared customer record this plugin reads.
private struct CustomerName: Decodable {
    var name: String?
}

/// A request the handoff plugin cannot answer.
struct HandoffError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: Entry points

@_cdecl("sd_plugin_describe")
public func handoffDescribe() -> UnsafePointer<SDPluginDescriptor> {
    PluginKit.describe(HandoffPlugin.self)
}

@_cdecl("sd_plugin_init")
public func handoffInitialize(_ plugin: OpaquePointer?, _ api: UnsafePointer<SDHostAPI>?) -> Int32 {
    PluginKit.initialize(HandoffPlugin.self, plugin: plugin, api: api)
}

@_cdecl("sd_plugin_unload")
public func handoffUnload(_ plugin: OpaquePointer?) {
    PluginKit.unload(plugin: plugin)
}

@_cdecl("sd_plugin_configure")
public func handoffConfigure(_ plugin: OpaquePointer?) -> Int32 {
    PluginKit.configure(plugin: plugin)
}
