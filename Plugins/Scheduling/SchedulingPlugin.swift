import Foundation
import SmartDeskPluginKit
import SmartDeskSDK
import Locks

/// Books, moves and cancels the caller's appointments against the business's hours, and says the
/// hours. The calendar lives in `scheduling.sqlite` in the plugin's data directory.
///
/// Configuration (`[plugins.scheduling]`): `hours` (default `"mon-fri 09:00-17:00; sat 10:00-13:00"`,
/// see ``BusinessHours``) and `slot_minutes`, the length of an appointment (default 30).
final class SchedulingPlugin: SmartDeskPlugin {
    static let about = PluginDescription(
        name: "scheduling", version: "1.0.0",
        summary: "Books, reschedules and cancels appointments; tells callers the opening hours"
    )

    static let defaultHours = "mon-fri 09:00-17:00; sat 10:00-13:00"
    static let defaultSlotMinutes = 30
    /// Per-call value holding the read-back the caller is answering ("book:2026-12-01T15:00:00").
    static let proposalKey = "scheduling.proposal"

    /// The live generation, for the typed tool (see ``AppointmentCountTool``).
    static let live = LiveInstance<SchedulingPlugin>()

    /// The hours and appointment length, replaced by a config-only reload.
    private let settings: PluginSettings<Availability>
    let calendar: Mutex<AppointmentBook>

    init(context: PluginContext) throws {
        settings = try PluginSettings(context, read: SchedulingPlugin.availability(from:))
        calendar = Mutex(try AppointmentBook.open(in: context))
        try registerIntents(on: context)
        try registerTools(on: context)
        Self.live.install(self)
    }

    func unload() {
        Self.live.retire(self)
        calendar.withLock { $0.close() }
    }

    /// A config-only reload: new hours and appointment length apply from the next turn. Invalid
    /// values throw, and the host keeps the previous ones.
    func configure(context: PluginContext) throws {
        try settings.reload(from: context)
    }

    /// The current hours and appointment length; a handler takes this once and uses it throughout.
    var availability: Availability { settings.current }

    private static func availability(from context: PluginContext) throws -> Availability {
        let hours = try BusinessHours(parsing: context.config("hours") ?? defaultHours)
        let slotMinutes: Int
        if let text = context.config("slot_minutes") {
            guard let minutes = Int(text.trimmingCharacters(in: .whitespaces)), (5...480).contains(minutes) else {
                throw SchedulingError("slot_minutes must be a whole number of minutes from 5 to 480, not \"\(text)\"")
            }
            slotMinutes = minutes
        } else {
            slotMinutes = defaultSlotMinutes
        }
        return Availability(hours: hours, slotMinutes: slotMinutes)
    }

    private func registerIntents(on context: PluginContext) throws {
        // The booking's day and time are optional to the host: the skill asks for the day once it
        // knows it can book for this caller (a withheld number is said before any question), and
        // for the time once it knows the day can be booked (a closed or full day is said first).
        let date = PluginContext.Slot("date", type: "date", question: SchedulingReplies.askDate, optional: true)
        let time = PluginContext.Slot("time", type: "time", question: SchedulingReplies.askTime, optional: true)
        let confirm = PluginContext.Slot("confirm", type: "yes_no", question: "Shall I go ahead?", optional: true)
        // Rescheduling asks for the new day and time itself, with questions that name the current
        // appointment, and only once it knows there is one: so its date and time are optional to
        // the host, though the handler always gets both before it moves anything.
        let newDate = PluginContext.Slot("date", type: "date", question: "What day would you like instead?", optional: true)
        let newTime = PluginContext.Slot("time", type: "time", question: "What time would you like instead?", optional: true)

        try context.registerIntent(
            name: "scheduling.book", description: "book an appointment",
            examples: SchedulingExamples.book, slots: [date, time, confirm], sideEffects: true
        ) { [weak self] turn in try self?.book(turn) }
        try context.registerIntent(
            name: "scheduling.reschedule", description: "move an appointment to another time",
            examples: SchedulingExamples.reschedule, slots: [newDate, newTime, confirm], sideEffects: true
        ) { [weak self] turn in try self?.reschedule(turn) }
        try context.registerIntent(
            name: "scheduling.cancel", description: "cancel an appointment",
            examples: SchedulingExamples.cancel, slots: [confirm], sideEffects: true
        ) { [weak self] turn in try self?.cancel(turn) }
        try context.registerIntent(
            name: "scheduling.list", description: "hear when your appointments are",
            examples: SchedulingExamples.list
        ) { [weak self] turn in try self?.list(turn) }
        try context.registerIntent(
            name: "scheduling.hours", description: "hear the opening hours",
            examples: SchedulingExamples.hours
        ) { [weak self] turn in self?.hours(turn) }
    }
}

// MARK: Entry points

@_cdecl("sd_plugin_describe")
public func schedulingDescribe() -> UnsafePointer<SDPluginDescriptor> {
    PluginKit.describe(SchedulingPlugin.self)
}

@_cdecl("sd_plugin_init")
public func schedulingInitialize(_ plugin: OpaquePointer?, _ api: UnsafePointer<SDHostAPI>?) -> Int32 {
    PluginKit.initialize(SchedulingPlugin.self, plugin: plugin, api: api)
}

@_cdecl("sd_plugin_unload")
public func schedulingUnload(_ plugin: OpaquePointer?) {
    PluginKit.unload(plugin: plugin)
}

@_cdecl("sd_plugin_configure")
public func schedulingConfigure(_ plugin: OpaquePointer?) -> Int32 {
    PluginKit.configure(plugin: plugin)
}
